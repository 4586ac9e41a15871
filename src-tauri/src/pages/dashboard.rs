//! 督办总览.

use crate::workspace::{reading, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_dashboard(cx: Cx) -> Reply<Dashboard> {
    let app = cx.app;
    reading(app, move |t| t.dashboard()).await
}
