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
    #[error("数据库正被其他程序（例如另一个天窗口或 tian 命令）占用，请稍后再试。")]
    Busy,
    #[error("磁盘空间已满，本次修改没有保存，数据仍是上次保存时的样子；请清理磁盘后重试。")]
    DiskFull,
    #[error("数据库所在的磁盘或文件夹是只读的，本次修改没有保存；请把数据放到可写的位置。")]
    ReadOnly,
    #[error("数据库结构版本为 {found}，比本程序认识的 {known} 更新；请升级天（Tian）后再打开。")]
    NewerSchema { found: i64, known: i64 },
    #[error("数据库结构升级到第 {version} 版时失败（{why}），数据仍是升级前的样子。")]
    Migration { version: i64, why: String },
    #[error("操作日志中有本程序不认识的字段“{entity}.{field}”；请升级天（Tian）。")]
    UnknownField { entity: String, field: String },
    /// `why` names the field in the clerk's words (“案由”含有……); the
    /// log's names stay out of what the clerk reads.
    #[error("{why}。")]
    BadValue { entity: String, field: String, why: String },
    #[error("记录的归属（{entity}.{field}）一经写入不能更改。")]
    IdentityFixed { entity: String, field: &'static str },
    #[error("数据库操作失败：{0}")]
    Sqlite(rusqlite::Error),
    #[error("数据库中的记录无法解读：{0}")]
    Corrupt(#[from] serde_json::Error),
    #[error(transparent)]
    TakeBack(#[from] crate::safety::TakeBackError),
}

impl StoreError {
    pub(crate) fn field(entity: &str, field: &str, error: crate::fields::FieldError) -> StoreError {
        use crate::fields::FieldError;
        match error {
            FieldError::UnknownEntity(_) | FieldError::UnknownField(_) => {
                StoreError::UnknownField { entity: entity.to_owned(), field: field.to_owned() }
            }
            other => {
                StoreError::BadValue { entity: entity.to_owned(), field: field.to_owned(), why: other.to_string() }
            }
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sqlite(e),
        }
    }
}
