//! What the exchange tests share: the parties, the day they work on, and
//! trusting a key as a clerk does.

use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{Contact, ContactMethod};
use tian_core::Tian;

pub const COMMITTEE: &str = "市政协提案委员会";
pub const EDU: &str = "市教育局";
pub const SCI: &str = "市科技局";

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
}

/// Trusts the key file at `key` as the clerk does after comparing its
/// fingerprint with the other side's screen.
pub fn trust(tian: &mut Tian, key: &Path) {
    let seen = tian.preview_key(key).unwrap().fingerprint;
    tian.trust_key(key, &seen).unwrap();
}

/// A phone call with 市民盟 on [`day`], in nobody's name until recorded.
pub fn phone_call(content: &str) -> Contact {
    Contact {
        id: String::new(),
        date: day(),
        method: ContactMethod::Phone,
        unit: None,
        people: "市民盟".into(),
        content: content.into(),
    }
}
