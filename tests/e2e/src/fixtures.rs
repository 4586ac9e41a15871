//! What the window tests set up in the database before the window opens.

use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{Assignment, UnitAssignment, UnitRole};
use tian_core::Tian;

/// 交办: proposal `number` handed to `unit` alone, as lead unit, on `date`.
pub fn assign_lead(db: &Path, number: &str, unit: &str, date: NaiveDate) {
    let mut tian = Tian::open(db).unwrap();
    let id = tian.resolve(number, None).unwrap();
    let lead = UnitAssignment { unit: unit.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    tian.assign(&id, Assignment { date, units: vec![lead], mode: Default::default() }).unwrap();
}

/// A lead unit's answer of `class` on `date`, typed in, signed 王局长.
pub fn answer(unit: &str, class: tian_core::domain::AnswerClass, date: NaiveDate, text: &str) -> tian_core::ReplyInput {
    tian_core::ReplyInput {
        unit: unit.into(),
        date,
        class: Some(class),
        signer: "王局长".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: text.into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    }
}

/// The committee at `db` and 市教育局 at `files/unit/tian.db`, each
/// trusting the other's key as the clerks do after comparing fingerprints.
pub fn committee_and_unit(db: &Path, files: &Path) -> (Tian, Tian) {
    let mut committee = Tian::open(db).unwrap();
    committee.init_identity(tian_core::Role::Committee, "市政协提案委员会").unwrap();
    let mut unit = Tian::open(&files.join("unit/tian.db")).unwrap();
    unit.init_identity(tian_core::Role::Unit, "市教育局").unwrap();
    committee.export_key(&files.join("c.tiankey")).unwrap();
    unit.export_key(&files.join("u.tiankey")).unwrap();
    for (tian, key) in [(&mut committee, files.join("u.tiankey")), (&mut unit, files.join("c.tiankey"))] {
        let seen = tian.preview_key(&key).unwrap().fingerprint;
        tian.trust_key(&key, &seen).unwrap();
    }
    (committee, unit)
}
