//! 督办报告: previews, exports and the secretary's rewritten paragraphs.

use crate::dialogs::save_as;
use crate::workspace::{long, reading, with, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_report_faces(cx: Cx) -> Reply<Vec<tian_core::FaceUse>> {
    let app = cx.app;
    reading(app, |t| t.report_faces()).await
}

/// The 督办报告, 催办函 or 征询意见表 as the window previews it.
#[tauri::command]
pub async fn preview_document(cx: Cx, request: DocumentRequest) -> Reply<OfficialDocument> {
    let app = cx.app;
    reading(app, move |t| {
        let mut doc = t.document(&request)?;
        doc.fit_tables();
        Ok(doc)
    })
    .await
}

/// 逐段修改: the 督办报告's paragraphs, as drafted and as the clerk rewrote them.
#[tauri::command]
pub async fn report_paragraphs(cx: Cx, scope: ReportScope) -> Reply<Vec<ReportParagraph>> {
    let app = cx.app;
    reading(app, move |t| t.report_paragraphs(&scope)).await
}

/// Keeps the clerk's wording of the report's paragraphs `texts` (by key).
#[tauri::command]
pub fn edit_report(
    cx: Cx,
    scope: ReportScope,
    texts: std::collections::BTreeMap<String, String>,
) -> Reply<Vec<ReportParagraph>> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.edit_report(&scope, &texts))
}

/// Asks where to save the document and writes it there; `None` when the clerk cancels.
#[tauri::command]
pub async fn export_document(cx: Cx, request: DocumentRequest, format: ReportFormat) -> Reply<Option<ReportFile>> {
    let app = cx.app;
    let window = cx.window;
    let (kind, ext) = match format {
        ReportFormat::Docx => ("Word 文档", "docx"),
        ReportFormat::Pdf => ("PDF 文件", "pdf"),
    };
    let task = request.task();
    match save_as(window, task, request.file_name(format), kind, ext).await {
        Some(path) => long(app, task, move |t| t.export_document(&request, format, &path)).await.map(Some),
        None => Ok(None),
    }
}
