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
