//! The data a new installation starts with: the announcement of the 13 key
//! proposals of 十三届五次, exactly as published, embedded in the binary and
//! read by the ordinary importer at first run.

pub(crate) const KEY_PROPOSALS: &[u8] = include_bytes!("../../../assets/default-data/key-proposals-13-5.txt");

/// Who the audit trail names for the default data.
pub(crate) const ACTOR: &str = "系统（默认数据）";
