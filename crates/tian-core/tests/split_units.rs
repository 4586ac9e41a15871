//! 分办, decided unit by unit: a 不满意 on one lead unit's answer is decided
//! (再办理 or 说明办结 for that unit) at once, while another lead unit is
//! still handling; the proposal's stage and clock follow the units, on the
//! committee's own steps and when a unit's answer arrives by package.

mod exchange_support;

use chrono::NaiveDate;
use exchange_support::{answer, committee_and_unit, listed_numbers, EDU};
use tian_core::domain::{
    AnswerClass, Assignment, CloseKind, DeadlineKind, LeadMode, ProposalId, Satisfaction, Stage, UnitAssignment,
    UnitRole,
};
use tian_core::{ExportMode, FeedbackDecision, FeedbackInput, ProposalFilters, Tian};

const FIN: &str = "市财政局";

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn split_between(tian: &mut Tian, number: &str, units: [&str; 2]) -> ProposalId {
    let id = tian.resolve(number, None).unwrap();
    let lead =
        |u: &str| UnitAssignment { unit: u.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    let assignment = Assignment { date: d(3, 1), units: units.map(lead).to_vec(), mode: LeadMode::Split };
    tian.assign(&id, assignment).unwrap();
    id
}

fn unsatisfied_with(tian: &mut Tian, id: &ProposalId, unit: &str, on: NaiveDate) {
    let verdict = FeedbackInput {
        date: on,
        result: Satisfaction::Unsatisfied,
        comment: "措施不具体".into(),
        unit: Some(unit.into()),
        form: Default::default(),
    };
    tian.give_feedback(id, verdict).unwrap();
}

fn overdue(tian: &Tian, number: &str) -> bool {
    listed_numbers(tian, ProposalFilters { overdue: true, ..ProposalFilters::default() }).iter().any(|n| n == number)
}

#[test]
fn one_units_rehandling_is_decided_while_the_other_still_handles_and_the_clock_follows_by_package() {
    let dir = tempfile::tempdir().unwrap();
    let (mut committee, mut unit) = committee_and_unit(dir.path());
    for tian in [&mut committee, &mut unit] {
        tian.set_today(d(4, 25));
    }
    let id = split_between(&mut committee, "0020", [FIN, EDU]);
    committee.add_reply(&id, answer(FIN, AnswerClass::C, d(4, 10))).unwrap();
    unsatisfied_with(&mut committee, &id, FIN, d(4, 20));

    // Decided at once, though 市教育局 has not answered yet.
    let again = FeedbackDecision::Rehandle {
        date: d(4, 25),
        due: Some(d(7, 31)),
        reason: "补充资金安排".into(),
        unit: Some(FIN.into()),
    };
    let x = committee.decide_after_unsatisfied(&id, again).unwrap();
    assert_eq!((x.proposal.stage, x.handling.round_of(FIN), x.handling.round_of(EDU)), (Stage::Handling, 2, 1));
    let deadline = x.deadline.expect("an answer is owed");
    assert_eq!(
        (deadline.kind, deadline.due),
        (DeadlineKind::Reply, d(6, 1)),
        "市教育局's first answer is owed soonest"
    );
    let units: Vec<(String, u32, NaiveDate)> =
        x.unit_deadlines.iter().map(|u| (u.unit.clone(), u.round, u.deadline.due)).collect();
    assert_eq!(units, [(FIN.into(), 2, d(7, 31)), (EDU.into(), 1, d(6, 1))], "each unit by its own round and date");
    let report = committee.document(&tian_core::DocumentRequest::Report(Default::default())).unwrap();
    let said: String = report
        .blocks
        .iter()
        .filter_map(|b| match b {
            tian_core::Block::Labelled { label, text } => Some(format!("{label}{text}")),
            _ => None,
        })
        .collect();
    assert!(said.contains("市财政局：第0020号提案再办理答复（2026年7月31日前）"), "{said}");
    assert!(said.contains("市教育局：第0020号提案答复（2026年6月1日前）"), "{said}");
    committee.set_today(d(6, 10));
    assert!(overdue(&committee, "0020"), "市教育局 is late: the list says so");

    // 市教育局's answer arrives by package: now 市财政局's 再办理 is what is owed.
    let package = dir.path().join("down.tianpkg");
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &package).unwrap();
    unit.import_package(&package).unwrap();
    unit.set_today(d(6, 5));
    unit.add_reply(&id, answer(EDU, AnswerClass::B, d(6, 5))).unwrap();
    let up = dir.path().join("up.tianpkg");
    unit.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
    let arrived = committee.import_package(&up).unwrap();
    assert!(arrived.refused.is_empty(), "{:?}", arrived.refused);
    let x = committee.dossier(&id).unwrap();
    assert_eq!(x.handling.awaited_leads(), [FIN]);
    assert_eq!(x.deadline.map(|d| (d.kind, d.due)), Some((DeadlineKind::Rehandling, d(7, 31))));
    assert!(!overdue(&committee, "0020"), "only 市财政局's 再办理 is owed, due 2026年7月31日");
    committee.set_today(d(8, 1));
    assert!(overdue(&committee, "0020"));
}

#[test]
fn one_units_answer_is_closed_on_an_explanation_and_the_proposal_closes_with_the_last_course() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(d(6, 20));
    let id = split_between(&mut tian, "0020", [FIN, "市科技局"]);
    tian.add_reply(&id, answer(FIN, AnswerClass::C, d(4, 10))).unwrap();
    unsatisfied_with(&mut tian, &id, FIN, d(4, 20));
    let explain = |unit: &str, date| FeedbackDecision::Close {
        date,
        explanation: "受财力所限，已当面说明".into(),
        unit: Some(unit.into()),
    };
    let wrong = tian.decide_after_unsatisfied(&id, explain("市科技局", d(4, 25))).unwrap_err().to_string();
    assert!(wrong.contains("并非不满意待决定"), "{wrong}");
    let x = tian.decide_after_unsatisfied(&id, explain(FIN, d(4, 25))).unwrap();
    assert_eq!(x.proposal.stage, Stage::Handling, "市科技局 still handles");
    assert!(x.handling.undecided_units().is_empty());

    tian.add_reply(&id, answer("市科技局", AnswerClass::A, d(5, 10))).unwrap();
    let satisfied = FeedbackInput {
        date: d(5, 20),
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: Some("市科技局".into()),
        form: Default::default(),
    };
    let x = tian.give_feedback(&id, satisfied).unwrap();
    assert_eq!(x.proposal.stage, Stage::FeedbackReceived);
    let closure =
        tian_core::domain::Closure { date: d(5, 25), summary: "已办结".into(), kind: CloseKind::Satisfied };
    assert!(tian.close(&id, closure).unwrap_err().to_string().contains("请选择说明办结"));
    let closure =
        tian_core::domain::Closure {
            date: d(5, 25), summary: "财力所限部分已说明".into(), kind: CloseKind::Explained
        };
    assert_eq!(tian.close(&id, closure).unwrap().close_kind, Some(CloseKind::Explained));
    let actions: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"说明办结：市财政局".to_owned()), "{actions:?}");
}

#[test]
fn a_rehandled_units_due_date_before_the_others_first_answer_is_the_one_that_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(d(4, 25));
    let id = split_between(&mut tian, "0020", [FIN, EDU]);
    tian.add_reply(&id, answer(FIN, AnswerClass::C, d(3, 5))).unwrap();
    unsatisfied_with(&mut tian, &id, FIN, d(3, 10));
    // No due date set: the rules' 再办理时限 (one month) from the decision.
    let again =
        FeedbackDecision::Rehandle { date: d(3, 12), due: None, reason: "补充".into(), unit: Some(FIN.into()) };
    let x = tian.decide_after_unsatisfied(&id, again).unwrap();
    let deadline = x.deadline.expect("answers are owed");
    assert_eq!((deadline.kind, deadline.due), (DeadlineKind::Rehandling, d(4, 12)), "市财政局 is due first");
    assert!(overdue(&tian, "0020"), "and late on 2026年4月25日");
    let needed = &x.next_needed;
    assert!(needed.contains("主办单位（市教育局）的答复") && needed.contains("市财政局再办理后的答复"), "{needed}");
    assert!(tian.dashboard().unwrap().attention.iter().any(|p| p.proposal.number == "0020"), "the 督办总览 shows it");
}

#[test]
fn a_later_rounds_answer_is_not_dated_before_the_decision_that_began_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    tian.set_today(d(8, 1));
    let id = split_between(&mut tian, "0020", [FIN, EDU]);
    tian.add_reply(&id, answer(FIN, AnswerClass::C, d(4, 10))).unwrap();
    unsatisfied_with(&mut tian, &id, FIN, d(4, 20));
    let again =
        FeedbackDecision::Rehandle { date: d(6, 2), due: None, reason: "补充".into(), unit: Some(FIN.into()) };
    tian.decide_after_unsatisfied(&id, again).unwrap();
    let early = tian.add_reply(&id, answer(FIN, AnswerClass::B, d(6, 1))).unwrap_err().to_string();
    assert!(early.contains("早于再办理决定日期（2026年6月2日）"), "{early}");
    // 市教育局 is still in its first round: its answer keeps to 交办 only.
    tian.add_reply(&id, answer(EDU, AnswerClass::B, d(5, 1))).unwrap();
    tian.add_reply(&id, answer(FIN, AnswerClass::B, d(6, 2))).unwrap();
}
