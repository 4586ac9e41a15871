//! 办理工作考评: the units' ranked figures for a year, and the 考评表.
//! The 考评通报 is written by the report page's `export_document`.

use crate::dialogs::save_as;
use crate::workspace::{long, reading, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_evaluation(cx: Cx, year: Option<i32>) -> Reply<Evaluation> {
    let app = cx.app;
    reading(app, move |t| t.evaluation(year)).await
}

/// Asks where to save the 考评表 and writes it; `None` when the clerk cancels.
#[tauri::command]
pub async fn export_evaluation_workbook(cx: Cx, year: i32) -> Reply<Option<ReportFile>> {
    let app = cx.app;
    let window = cx.window;
    let name = format!("{year}年度提案办理工作考评表.xlsx");
    let Some(path) = save_as(window, "导出考评表", name, "Excel 工作簿", "xlsx").await else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let written = path.clone();
    let units = long(app, "导出考评表", move |t| t.export_evaluation_workbook(Some(year), &path)).await?;
    let bytes = std::fs::metadata(&written).map(|m| m.len()).unwrap_or_default();
    Ok(Some(ReportFile { path: shown, proposals: units, bytes }))
}
