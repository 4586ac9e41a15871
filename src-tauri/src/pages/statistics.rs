//! 统计与台账: the figures, the ledger both ways, past years' proposals,
//! charts, and the public answers published for the committee's website.

use std::path::PathBuf;

use crate::dialogs::{ask, save_as, Dialog};
use crate::workspace::{long, reading, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_statistics(cx: Cx, session: Option<String>) -> Reply<Statistics> {
    let app = cx.app;
    reading(app, move |t| t.statistics(session.as_deref())).await
}

#[tauri::command]
pub async fn get_reported_figures(cx: Cx) -> Reply<Vec<ReportedFigures>> {
    let app = cx.app;
    reading(app, move |t| t.reported_figures()).await
}

/// Saves a chart the window drew (a PNG `data:` URL) where the clerk chooses.
#[tauri::command]
pub async fn save_chart(cx: Cx, name: String, data_url: String) -> Reply<Option<String>> {
    let window = cx.window;
    use base64::Engine;
    let encoded = data_url.split_once("base64,").map(|(_, b)| b).ok_or("图表数据不是 PNG 图片。")?;
    let png = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| "图表数据已损坏。".to_owned())?;
    let Some(path) = save_as(window, "保存图表", format!("{name}.png"), "PNG 图片", "png").await else {
        return Ok(None);
    };
    tian_core::write_file(&path, &png).map_err(|e| e.to_string())?;
    Ok(Some(path.display().to_string()))
}

/// Asks where to save the ledger and writes it; the file, or `None` when cancelled.
#[tauri::command]
pub async fn export_ledger(cx: Cx) -> Reply<Option<ReportFile>> {
    let app = cx.app;
    let window = cx.window;
    match save_as(window, "导出台账", "提案台账.xlsx".into(), "Excel 工作簿", "xlsx").await {
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = path.clone();
            let n = long(app, "导出台账", move |t| t.export_ledger(&path)).await?;
            let bytes = std::fs::metadata(&bytes).map(|m| m.len()).unwrap_or_default();
            Ok(Some(ReportFile { path: shown, proposals: n as u32, bytes }))
        }
        None => Ok(None),
    }
}

/// 发布公开答复: asks for the folder (a new, empty one) and writes the
/// session's public answers there as a site; `None` when the clerk cancels.
#[tauri::command]
pub async fn publish_answers(cx: Cx, session: String) -> Reply<Option<Publication>> {
    let window = cx.window;
    let Some(folder) =
        ask(move || Dialog::new(&window, "选择发布公开答复的文件夹（请新建一个空文件夹）").pick_folder()).await
    else {
        return Ok(None);
    };
    let app = cx.app;
    long(app, "发布公开答复", move |t| t.publish(&session, &folder)).await.map(Some)
}

#[tauri::command]
pub async fn preview_ledger(
    cx: Cx,
    path: PathBuf,
    mapping: ColumnMapping,
    session: Option<String>,
) -> Reply<LedgerPreview> {
    let app = cx.app;
    long(app, "读取台账", move |t| t.preview_ledger(&path, &mapping, session.as_deref())).await
}

#[tauri::command]
pub async fn import_ledger(
    cx: Cx,
    path: PathBuf,
    mapping: ColumnMapping,
    session: Option<String>,
) -> Reply<ImportReport> {
    let app = cx.app;
    long(app, "导入台账", move |t| t.import_ledger(&path, &mapping, session.as_deref())).await
}

#[tauri::command]
pub async fn import_history(cx: Cx, path: PathBuf) -> Reply<HistoryImport> {
    let app = cx.app;
    long(app, "导入往年提案", move |t| t.import_history_file(&path)).await
}

#[tauri::command]
pub async fn search_history(cx: Cx, text: String) -> Reply<Vec<HistoryHit>> {
    let app = cx.app;
    reading(app, move |t| t.search_history(&text, 50)).await
}
