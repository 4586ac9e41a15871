//! 单位工作台: a handling unit's 会办, 复文 and own figures.

use crate::workspace::{reading, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub async fn get_unit_desk(cx: Cx, year: Option<i32>) -> Reply<UnitDesk> {
    let app = cx.app;
    reading(app, move |t| t.unit_desk(year)).await
}
