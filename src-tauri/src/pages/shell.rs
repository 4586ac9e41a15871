//! What every page shares: printing, 打印预览, opening a saved file, picking a file.

use std::path::PathBuf;

use crate::dialogs::{ask, Dialog};
use crate::workspace::{reading, Cx, Reply};
use tian_commands::types::*;

/// 打开文件 / 打开所在文件夹: a file Tian just saved, with the program the
/// system opens it with, or its folder in the file manager.
#[tauri::command]
pub fn open_saved(_cx: Cx, path: PathBuf, folder: bool) -> Reply<()> {
    crate::system::open(&path, folder)
}

/// 打印: the page in view, through the system's print dialog. WebKit
/// answers a script's `window.print()` only outside automation, so the
/// window asks for the dialog itself.
#[tauri::command]
pub async fn print_page(cx: Cx) -> Reply<()> {
    let webview = cx.window;
    webview.print().map_err(|e| format!("无法打印：{e}"))
}

/// 打印预览: the document's pages as its PDF lays them out.
#[tauri::command]
pub async fn print_preview(cx: Cx, request: DocumentRequest) -> Reply<Vec<tian_core::PageImage>> {
    let app = cx.app;
    reading(app, move |t| t.print_preview(&request)).await
}

/// A file from the native open dialog, or `None`.
#[tauri::command]
pub async fn pick_file(cx: Cx, title: String, kind: String, extensions: Vec<String>) -> Reply<Option<PathBuf>> {
    let window = cx.window;
    Ok(ask(move || Dialog::new(&window, title).filter(kind, &extensions).filter("所有文件", &["*"]).pick_file()).await)
}
