//! What the exchange tests share: the parties, the day they work on, and
//! trusting a key as a clerk does.
// Each test binary uses a part of what the exchange tests share.
#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{Contact, ContactMethod};
use tian_core::{Role, Tian};

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

/// The committee and 市教育局, each in its own workspace under `dir`
/// (`committee/tian.db`, `unit/tian.db`), trusting each other's key as the
/// clerks do once they have compared fingerprints.
pub fn committee_and_unit(dir: &Path) -> (Tian, Tian) {
    let mut committee = Tian::open(&dir.join("committee/tian.db")).unwrap();
    committee.init_identity(Role::Committee, COMMITTEE).unwrap();
    let mut unit = Tian::open(&dir.join("unit/tian.db")).unwrap();
    unit.init_identity(Role::Unit, EDU).unwrap();
    let (c_key, u_key) = (dir.join("c.tiankey"), dir.join("u.tiankey"));
    committee.export_key(&c_key).unwrap();
    unit.export_key(&u_key).unwrap();
    trust(&mut committee, &u_key);
    trust(&mut unit, &c_key);
    (committee, unit)
}

/// A lead unit's signed answer of class `class` on `date`, typed in.
pub fn answer(unit: &str, class: tian_core::domain::AnswerClass, date: NaiveDate) -> tian_core::ReplyInput {
    tian_core::ReplyInput {
        unit: unit.into(),
        date,
        class: Some(class),
        signer: "王局长".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "答复全文。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    }
}

/// The numbers of the proposals the list shows under `filters`, in its order.
pub fn listed_numbers(tian: &Tian, filters: tian_core::ProposalFilters) -> Vec<String> {
    let query = tian_core::PageQuery { filters, limit: 100, ..tian_core::PageQuery::default() };
    tian.list_page(&query).unwrap().rows.into_iter().map(|r| r.number).collect()
}
