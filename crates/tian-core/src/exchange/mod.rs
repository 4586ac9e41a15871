//! 数据交换: the committee and the handling units share their changes by
//! exchange packages (.tianpkg) carried on USB sticks or by internal mail.
//!
//! - Identity: each installation is the committee or a named unit and signs
//!   with a key made on the spot ([`Tian::identity`], [`Tian::init_identity`]).
//!   Public keys travel as key files; [`Tian::trust_key`] takes one after
//!   the clerks compare fingerprints.
//! - Export ([`Tian::export_package`]): the committee sends a unit the
//!   proposals assigned to it (a proposal new to the unit with its whole
//!   history, the rest from where the unit's last acknowledgement left off);
//!   a unit sends the committee what it wrote itself. Every package carries
//!   the sender's acknowledgement of what it holds, so the next package in
//!   the other direction shrinks.
//! - Import ([`Tian::import_package`], [`Tian::preview_package`]): the
//!   package is verified, each operation judged (a unit may change only the
//!   handling records of proposals assigned to it, and only in its own name;
//!   the rest is refused and listed), and the allowed ones merged in one
//!   transaction. Merging is idempotent and order-independent, so packages
//!   may arrive twice, late or out of order. A preview is the same import,
//!   rolled back.
//! - Conflicts: concurrent writes of the same field are kept side by side
//!   until the clerk picks one ([`Tian::conflicts`], [`Tian::resolve_conflict`]).

mod conflicts;
mod export;
mod identity;
mod import;
mod status;

pub use conflicts::{Conflict, ConflictChoice};
pub use export::ExportSummary;
pub use identity::{Identity, KeyPreview};
pub use import::{PackageImport, ProposalChanges, RefusedChange};
pub use status::{Peer, SyncStatus};

use std::path::Path;

use serde_json::Value;
use tian_sync::Role;

pub(crate) fn role_of(text: &str) -> Role {
    Role::parse(text).unwrap_or(Role::Unit)
}

pub(crate) fn now_rfc3339() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// "2026年11月24日 10:05" from RFC 3339 or from milliseconds since 1970.
pub(crate) fn local_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%Y年%-m月%-d日 %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_owned())
}

pub(crate) fn local_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y年%-m月%-d日 %H:%M").to_string())
        .unwrap_or_default()
}

/// The kind of record an entity is, in the clerk's words.
pub(crate) fn record_label(entity: &str) -> &'static str {
    match entity {
        "proposal" => "提案",
        "contact" => "沟通记录",
        "activity" => "督办活动",
        "reply" => "办理复文",
        "feedback" => "提案者反馈",
        "suggestion" => "建议落实情况",
        _ => "记录",
    }
}

pub(crate) fn field_label(field: &str) -> &str {
    match field {
        "status" => "落实情况",
        "evidence" => "佐证",
        "date" => "日期",
        "content" => "内容",
        "text" => "复文全文",
        "class" => "答复类别",
        "signer" => "签发领导",
        "contact" => "联系人",
        "unit" => "单位",
        "method" => "沟通方式",
        "people" => "参加人员",
        "summary" => "内容",
        "stage" => "阶段",
        "round" => "办理轮次",
        "assignment" => "交办",
        "deleted" => "删除",
        "attachments" => "附件",
        "public" => "是否公开",
        "title" => "标题",
        "proposer" => "提案者",
        "proposer_kind" => "提案者类别",
        "number" => "提案号",
        "session" => "届次",
        "category" => "类别",
        "suggestions" => "建议",
        "lead_units" => "主办部门",
        "co_committees" => "协办专委会",
        "gov_leaders" => "市政府督办领导",
        "cppcc_leaders" => "市政协督办领导",
        "rehandling_start" => "再办理开始",
        "closure" => "办结",
        "review" => "审查结论",
        other => other,
    }
}

pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "（空）".into(),
        Value::Bool(true) => "是".into(),
        Value::Bool(false) => "否".into(),
        other => other.to_string(),
    }
}

pub(crate) fn number_of(id: &str) -> String {
    id.rsplit('/').next().unwrap_or(id).to_owned()
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
