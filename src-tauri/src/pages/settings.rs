//! 设置: the installation's settings and the directory of units.

use crate::workspace::{reading, with, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_directory(cx: Cx) -> Reply<Vec<DirectoryUnit>> {
    let app = cx.app;
    reading(app, move |t| t.directory()).await
}

#[tauri::command]
pub fn add_unit(cx: Cx, name: String, short_name: String) -> Reply<Vec<DirectoryUnit>> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.add_unit(&name, &short_name))
}

#[tauri::command]
pub fn rename_unit(cx: Cx, old: String, new: String) -> Reply<Vec<DirectoryUnit>> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.rename_unit(&old, &new))
}

#[tauri::command]
pub fn set_short_name(cx: Cx, name: String, short_name: String) -> Reply<Vec<DirectoryUnit>> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.set_short_name(&name, &short_name))
}

#[tauri::command]
pub async fn get_settings(cx: Cx) -> Reply<Settings> {
    let app = cx.app;
    reading(app, move |t| t.settings()).await
}

#[tauri::command]
pub fn save_settings(cx: Cx, settings: Settings) -> Reply<Settings> {
    let workspace = cx.workspace();
    with(&workspace, |t| {
        t.save_settings(&settings)?;
        t.settings()
    })
}
