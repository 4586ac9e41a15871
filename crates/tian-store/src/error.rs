//! Store errors, worded for the clerk who will read them.

use std::path::PathBuf;

/// 数据库错误.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("无法打开数据库文件“{path}”：{source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("数据库正被另一个天（Tian）窗口或命令使用，请稍后再试。")]
    Busy,
    #[error("数据库结构版本为 {found}，比本程序认识的 {known} 更新；请升级天（Tian）后再打开。")]
    NewerSchema { found: i64, known: i64 },
    #[error("操作日志中有本程序不认识的字段“{entity}.{field}”；请升级天（Tian）。")]
    UnknownField { entity: String, field: String },
    #[error("数据库操作失败：{0}")]
    Sqlite(rusqlite::Error),
    #[error("数据库中的记录无法解读：{0}")]
    Corrupt(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}
