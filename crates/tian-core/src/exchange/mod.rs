//! 数据交换: the committee and the handling units share their changes by
//! exchange packages (.tianpkg) carried on USB sticks or by internal mail.
//!
//! - Identity: each installation is the committee or a named unit and signs
//!   with a key made on the spot ([`Tian::identity`], [`Tian::init_identity`]).
//!   Public keys travel as key files; [`Tian::trust_key`] takes one once the
//!   clerk confirms its fingerprint; [`Tian::revoke_key`] and
//!   [`Tian::replace_key`] retire one. A unit's installation may instead
//!   start from the committee's 单位初始化文件 ([`Tian::init_from_setup_file`]),
//!   which carries the committee's key, the unit's name, the 单位名录 and the
//!   handling rules.
//! - Export ([`Tian::export_package`]): the committee sends a unit the
//!   proposals assigned to it (a proposal new to the unit with its whole
//!   history, the rest from where the unit's last acknowledgement left off);
//!   a unit sends the committee what it wrote itself. Every package carries
//!   the sender's acknowledgement of what it holds, so the next package in
//!   the other direction shrinks.
//! - Import ([`Tian::import_package`], [`Tian::preview_package`]): the
//!   package is verified and parsed, each record it writes judged on the
//!   identity the merge will leave it with (a unit may change only the
//!   handling records of proposals assigned to it, and only in its own name;
//!   the rest is refused and listed; see [`judge`]), and the allowed
//!   operations merged in one transaction. Merging is idempotent and order-independent, so packages
//!   may arrive twice, late or out of order. A preview is the same import,
//!   rolled back.
//! - Proof of dates ([`receipts`]): a unit signs each answer it sends;
//!   whoever takes a package in signs a receipt of when it arrived, and
//!   returns it in its next package ([`Tian::receipts`]).
//! - Conflicts: concurrent writes of the same field are kept side by side
//!   until the clerk picks one ([`Tian::conflicts`], [`Tian::resolve_conflict`]).

mod conflicts;
mod export;
mod identity;
mod import;
mod judge;
mod receipts;
mod safety;
mod setup;
mod status;

pub use conflicts::{Conflict, ConflictChoice};
pub use export::ExportSummary;
pub use identity::{Identity, KeyPreview};
pub use import::{
    packages_in, BatchImport, BatchPackage, BatchSender, PackageImport, ProposalChanges, RefusedChange, LISTED_REFUSALS,
};
pub(crate) use receipts::KeptProof;
pub use receipts::{AnswerProof, Arrival, ReceiptLedger, ReceiptRow};
pub use safety::SafetyPoint;
pub use setup::SetupPreview;
pub use status::{numbers_text, PackageLedger, Peer, SyncStatus};

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
    // In this PC's time zone: a time another installation wrote in its own
    // offset reads as the moment it names here.
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y年%-m月%-d日 %H:%M").to_string())
        .unwrap_or_else(|_| "时间不明".to_owned())
}

pub(crate) fn local_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y年%-m月%-d日 %H:%M").to_string())
        .unwrap_or_default()
}

/// The kind of record an entity is, in the clerk's words.
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
    tian_domain::ProposalId::parse(id).number().to_owned()
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
