//! 更正交办 and 撤销 of a 交办: a wrong date, unit, contact or 主办方式 is
//! corrected where it was entered, the deadline follows, the change stands
//! in the timeline, and a unit that has acted is never dropped. Through
//! the exchange the units follow the corrected assignment.

mod exchange_support;

use chrono::NaiveDate;
use exchange_support::{answer, committee_and_unit, EDU, SCI};
use tian_core::domain::{AnswerClass, Assignment, Contact, ContactMethod, LeadMode, Stage, UnitAssignment, UnitRole};
use tian_core::{ExportMode, Tian};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn unit(name: &str, role: UnitRole, contact: &str) -> UnitAssignment {
    UnitAssignment { unit: name.into(), role, contact: contact.into(), phone: String::new() }
}

fn assignment(date: NaiveDate, units: Vec<UnitAssignment>) -> Assignment {
    Assignment { date, units, mode: LeadMode::Joint }
}

fn call(unit: &str, date: NaiveDate) -> Contact {
    Contact {
        id: String::new(),
        date,
        method: ContactMethod::Phone,
        unit: Some(unit.into()),
        people: "市民盟".into(),
        content: "电话沟通办理思路".into(),
    }
}

fn open(dir: &std::path::Path) -> Tian {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(d(6, 1));
    tian
}

#[test]
fn a_wrong_date_is_corrected_the_deadline_follows_and_the_correction_is_in_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path());
    let id = tian.resolve("0069", None).unwrap();
    let edu = || vec![unit(EDU, UnitRole::Lead, "王科长")];
    tian.assign(&id, assignment(d(3, 10), edu())).unwrap();
    let early = tian.add_contact(&id, call(EDU, d(3, 8))).unwrap_err().to_string();
    assert!(early.contains("早于交办日期（2026年3月10日）"), "{early}");

    let fixed = tian.correct_assignment(&id, assignment(d(3, 5), edu())).unwrap();
    assert_eq!(fixed.assignment.as_ref().unwrap().date, d(3, 5));
    assert_eq!(fixed.due_date, Some(d(6, 5)), "three months from the corrected date");
    tian.add_contact(&id, call(EDU, d(3, 8))).unwrap();

    // No later than the first record made under it, nor after today.
    let late = tian.correct_assignment(&id, assignment(d(3, 9), edu())).unwrap_err().to_string();
    assert!(late.contains("晚于本次交办后的第一项办理记录（2026年3月8日）"), "{late}");
    let future = tian.correct_assignment(&id, assignment(d(7, 1), edu())).unwrap_err().to_string();
    assert!(future.contains("晚于今天（2026年6月1日）"), "{future}");
    let same = tian.correct_assignment(&id, assignment(d(3, 5), edu())).unwrap_err().to_string();
    assert!(same.contains("没有") || same.contains("未"), "an unchanged correction says nothing changed: {same}");

    let timeline = tian.timeline(&id).unwrap();
    let entry = timeline.iter().find(|e| e.action == "更正交办").expect("the correction is in the timeline");
    let change = entry.changes.iter().find(|c| c.field == "交办").expect("the 交办 itself changed");
    assert!(change.before.as_deref().unwrap_or("").contains("交办日期：2026年3月10日"), "{change:?}");
    assert!(change.after.contains("交办日期：2026年3月5日") && change.after.contains("联系人：王科长"), "{change:?}");
}

#[test]
fn a_unit_that_acted_stays_and_answered_lead_units_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path());
    let id = tian.resolve("0069", None).unwrap();
    let both = vec![unit(EDU, UnitRole::Lead, ""), unit(SCI, UnitRole::Lead, "")];
    tian.assign(&id, Assignment { date: d(3, 1), units: both.clone(), mode: LeadMode::Split }).unwrap();

    // Before anyone answers, the mode and the lead units may change.
    let joint = tian.correct_assignment(&id, assignment(d(3, 1), both.clone())).unwrap();
    assert!(!joint.handling.split, "corrected to 联合主办");
    let split = Assignment { date: d(3, 1), units: both.clone(), mode: LeadMode::Split };
    assert!(tian.correct_assignment(&id, split.clone()).unwrap().handling.split);

    tian.add_contact(&id, call(SCI, d(3, 12))).unwrap();
    let dropped = tian.correct_assignment(&id, assignment(d(3, 1), vec![unit(EDU, UnitRole::Lead, "")]));
    let why = dropped.unwrap_err().to_string();
    assert!(why.contains("市科技局已有办理记录，不能从交办中去掉"), "{why}");
    // Moved to co-unit is kept, not dropped.
    let moved = vec![unit(EDU, UnitRole::Lead, ""), unit(SCI, UnitRole::Co, "")];
    assert_eq!(tian.correct_assignment(&id, assignment(d(3, 1), moved)).unwrap().handling.co_units, [SCI]);
    tian.correct_assignment(&id, split.clone()).unwrap();

    tian.add_reply(&id, answer(EDU, AnswerClass::B, d(4, 2))).unwrap();
    let mode = tian.correct_assignment(&id, assignment(d(3, 1), both.clone())).unwrap_err().to_string();
    assert!(mode.contains("已有主办单位答复，主办单位和主办方式不能再更正"), "{mode}");
    // The date, a co-unit and the contacts still may.
    let mut more = both.clone();
    more[0].contact = "王科长".into();
    more.push(unit("市财政局", UnitRole::Co, "李科长"));
    let fixed =
        tian.correct_assignment(&id, Assignment { date: d(2, 27), units: more, mode: LeadMode::Split }).unwrap();
    assert_eq!(fixed.handling.co_units, ["市财政局"]);
    assert_eq!(fixed.handling.replied_leads, [EDU], "the answer in stands");
    assert_eq!(fixed.proposal.stage, Stage::Handling, "市科技局 still owes its answer");
}

#[test]
fn a_correction_and_a_first_assignment_are_taken_back_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path());
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 10), vec![unit(EDU, UnitRole::Lead, "")])).unwrap();
    tian.correct_assignment(&id, assignment(d(3, 5), vec![unit(EDU, UnitRole::Lead, "")])).unwrap();
    assert_eq!(tian.undoable(&id).unwrap().unwrap().action, "更正交办");

    let back = tian.undo(&id).unwrap();
    assert_eq!(back.assignment.as_ref().unwrap().date, d(3, 10));
    assert_eq!(back.due_date, Some(d(6, 10)));
    let none = tian.undo(&id).unwrap();
    assert_eq!(none.proposal.stage, Stage::Registered, "the 交办 taken back: 立案 again");
    assert!(none.assignment.is_none() && none.deadline.is_none(), "no assignment, no deadline");
    assert!(tian.undo(&id).unwrap_err().to_string().contains("不能撤销"), "an import is not taken back");
}

#[test]
fn units_follow_the_corrected_assignment_through_the_exchange_and_cannot_correct_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut committee, mut unit_side) = committee_and_unit(dir.path());
    for tian in [&mut committee, &mut unit_side] {
        tian.set_today(d(6, 1));
    }
    let id = committee.resolve("0069", None).unwrap();
    committee.assign(&id, assignment(d(3, 10), vec![unit(SCI, UnitRole::Lead, "")])).unwrap();
    let package = |name: &str| dir.path().join(name);
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &package("1.tianpkg")).unwrap();
    unit_side.import_package(&package("1.tianpkg")).unwrap();
    assert_eq!(unit_side.dossier(&id).unwrap().handling.lead_units, [SCI]);

    // The lead unit was entered wrong: 市教育局 it is, from the day it was.
    let right = vec![unit(EDU, UnitRole::Lead, "王科长")];
    committee.correct_assignment(&id, assignment(d(3, 5), right.clone())).unwrap();
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &package("2.tianpkg")).unwrap();
    unit_side.import_package(&package("2.tianpkg")).unwrap();
    let at_unit = unit_side.dossier(&id).unwrap();
    assert_eq!(at_unit.handling.lead_units, [EDU]);
    assert_eq!(at_unit.due_date, Some(d(6, 5)), "the unit counts from the corrected date");

    // 市教育局 may have worked from 3月5日 and not sent it yet: not later.
    let later = committee.correct_assignment(&id, assignment(d(3, 8), right.clone())).unwrap_err().to_string();
    assert!(later.contains("交办日期只能提前"), "{later}");
    let refused = unit_side.correct_assignment(&id, assignment(d(3, 1), right)).unwrap_err().to_string();
    assert!(refused.contains("更正交办"), "only the committee corrects a 交办: {refused}");
    unit_side.add_contact(&id, call(EDU, d(3, 20))).unwrap();
    unit_side.export_package(None, ExportMode::Unacknowledged, &package("3.tianpkg")).unwrap();
    let arrived = committee.import_package(&package("3.tianpkg")).unwrap();
    assert!(arrived.refused.is_empty(), "{:?}", arrived.refused);
}
