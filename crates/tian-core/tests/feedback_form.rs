//! 征询意见表 in full: the proposer's word on how the unit consulted, its
//! attitude, the answer's point and each suggestion, recorded beside the
//! verdict on the result, counted (面商率 and 态度满意率 apart from 结果满意率)
//! in the figures, the report and the 考评, taken back with 撤销, and sent
//! to the unit in the committee's package.

use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{
    AnswerClass, Assignment, Consultation, Contact, ContactMethod, FeedbackForm, Pertinence, ProposalId, Satisfaction,
    SuggestionState, SuggestionVerdict, UnitAssignment, UnitRole,
};
use tian_core::{ExportMode, FeedbackInput, Tian};

mod exchange_support;
use exchange_support::{answer, EDU};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn assign(tian: &mut Tian, number: &str) -> ProposalId {
    let id = tian.resolve(number, None).unwrap();
    let lead = UnitAssignment { unit: EDU.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    tian.assign(&id, Assignment { date: d(3, 2), units: vec![lead], mode: Default::default() }).unwrap();
    id
}

fn contact(method: ContactMethod) -> Contact {
    Contact {
        id: String::new(),
        date: d(4, 1),
        method,
        unit: Some(EDU.into()),
        people: "提案者".into(),
        content: "听取意见".into(),
    }
}

fn verdict(result: Satisfaction, form: FeedbackForm) -> FeedbackInput {
    FeedbackInput { date: d(6, 1), result, comment: String::new(), unit: None, form }
}

/// The form as 0069's proposer returned it: 面商, the attitude only 基本满意,
/// the answer to the point, suggestion 1 carried out and 2 under way.
fn returned_form() -> FeedbackForm {
    FeedbackForm {
        consultation: Some(Consultation::FaceToFace),
        attitude: Some(Satisfaction::BasicallySatisfied),
        pertinence: Some(Pertinence::Strong),
        suggestions: vec![
            SuggestionVerdict { index: 2, state: SuggestionState::InProgress },
            SuggestionVerdict { index: 1, state: SuggestionState::Done },
        ],
    }
}

fn open(path: &Path) -> Tian {
    let mut tian = Tian::open(path).unwrap();
    tian.set_today(d(12, 1));
    tian
}

#[test]
fn the_forms_word_is_kept_counted_and_said_apart_from_the_verdict_on_the_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(&dir.path().join("tian.db"));
    // 0069: the unit recorded a phone call; the proposer says they met.
    let edu = assign(&mut tian, "0069");
    tian.add_contact(&edu, contact(ContactMethod::Phone)).unwrap();
    tian.add_reply(&edu, answer(EDU, AnswerClass::A, d(5, 20))).unwrap();
    // 0045: the unit recorded a meeting; the proposer says they never talked.
    let sci = assign(&mut tian, "0045");
    tian.add_contact(&sci, contact(ContactMethod::Meeting)).unwrap();
    tian.add_reply(&sci, answer(EDU, AnswerClass::B, d(5, 25))).unwrap();

    // A suggestion the proposal does not have, or one judged twice, is refused with nothing kept.
    let mut seventh = returned_form();
    seventh.suggestions.push(SuggestionVerdict { index: 7, state: SuggestionState::NotDone });
    let said = tian.give_feedback(&edu, verdict(Satisfaction::Satisfied, seventh)).unwrap_err().to_string();
    assert_eq!(said, "本提案有6条建议，没有第7条。");
    let mut twice = returned_form();
    twice.suggestions.push(SuggestionVerdict { index: 1, state: SuggestionState::NotDone });
    let said = tian.give_feedback(&edu, verdict(Satisfaction::Satisfied, twice)).unwrap_err().to_string();
    assert_eq!(said, "第1条建议的落实情况填了两次。");
    assert!(tian.dossier(&edu).unwrap().feedback.is_empty(), "nothing kept");

    tian.give_feedback(&edu, verdict(Satisfaction::Satisfied, returned_form())).unwrap();
    let never = FeedbackForm { consultation: Some(Consultation::None), ..FeedbackForm::default() };
    tian.give_feedback(&sci, verdict(Satisfaction::BasicallySatisfied, never)).unwrap();
    let kept = tian.dossier(&edu).unwrap().feedback.remove(0);
    assert_eq!(kept.form, returned_form());
    assert_eq!(
        kept.form.describe(),
        "沟通方式：面商；办理态度：基本满意；答复针对性：针对性强；建议落实：第1条已落实、第2条正在落实"
    );

    // The proposer's word over the records: 0069 consulted face to face, 0045 not at all.
    let figures = tian.statistics(None).unwrap().figures;
    assert_eq!(figures.contacted.map(|s| (s.count, s.rate)), Some((1, 50.0)));
    assert_eq!(figures.met.map(|s| (s.count, s.rate)), Some((1, 50.0)));
    // 态度 is said on one form only: 基本满意, so 100% of those that say.
    assert_eq!(figures.attitude.map(|s| (s.count, s.rate)), Some((1, 100.0)));
    assert_eq!((figures.satisfied.count, figures.satisfied.rate), (2, 100.0));
    let sentences = figures.sentences().join("");
    assert!(sentences.contains("答复前与提案者沟通的1件，沟通率50%；其中面商1件，面商率50%。"), "{sentences}");
    assert!(sentences.contains("态度满意率100%（办理结果满意和基本满意率100%）"), "{sentences}");

    // Judged on the form alone, with no report from the unit, the
    // suggestions count: 1 done, 1 under way of 6.
    let unit = tian.evaluation(Some(2026)).unwrap().units.into_iter().find(|u| u.unit == EDU).unwrap();
    assert_eq!(unit.carried_out, Some(16.7));

    // The proposer's word on the suggestions stands over the unit's report:
    // 1 carried out, 2 under way, though the unit reports 2 done too.
    tian.set_suggestion(
        &edu,
        tian_core::domain::SuggestionProgress {
            index: 2,
            status: SuggestionState::Done,
            evidence: "已完成".into(),
            date: Some(d(11, 1)),
        },
    )
    .unwrap();
    let progress = tian.dossier(&edu).unwrap().progress;
    assert_eq!((progress.done, progress.in_progress, progress.total), (1, 1, 6), "{progress:?}");

    // The report's account of 0069 says what the form said.
    let report = format!("{:?}", tian.supervision_report(&tian_core::ReportScope::default()).unwrap());
    assert!(
        report.contains("提案者表示满意（征询意见表：沟通方式：面商；办理态度：基本满意"),
        "the report says the form"
    );

    // The unit's 考评 counts by the same word.
    let unit = tian.evaluation(Some(2026)).unwrap().units.into_iter().find(|u| u.unit == EDU).unwrap();
    assert_eq!((unit.met.count, unit.replied.count), (1, 2));
    assert_eq!((unit.with_attitude, unit.attitude.rate), (1, 100.0));

    // 撤销: the verdict and its form go together, and the records count again.
    tian.undo(&edu).unwrap();
    tian.undo(&edu).unwrap();
    let figures = tian.statistics(None).unwrap().figures;
    assert_eq!(figures.met.map(|s| s.count), Some(0), "a phone call is no 面商");
    assert_eq!(figures.contacted.map(|s| s.count), Some(1));
    assert_eq!(figures.attitude, None, "no form says the attitude now");
}

#[test]
fn the_unit_sees_the_proposers_form_from_the_committees_package() {
    let dir = tempfile::tempdir().unwrap();
    let (mut committee, mut unit) = exchange_support::committee_and_unit(dir.path());
    committee.set_today(d(12, 1));
    unit.set_today(d(12, 1));
    let id = assign(&mut committee, "0069");
    committee.add_reply(&id, answer(EDU, AnswerClass::A, d(5, 20))).unwrap();
    committee.give_feedback(&id, verdict(Satisfaction::Satisfied, returned_form())).unwrap();
    let package = dir.path().join("down.tianpkg");
    committee.export_package(Some(EDU), ExportMode::Unacknowledged, &package).unwrap();
    unit.import_package(&package).unwrap();
    let at_unit = unit.dossier(&id).unwrap().feedback;
    assert_eq!(at_unit.len(), 1);
    assert_eq!(at_unit[0].form, returned_form());
}

/// Under 分办 a proposal counts as answered once every lead unit has; a
/// form on one unit's answer alone does not make it consulted beyond that
/// (a hostile reviewer saw 沟通率 200%).
#[test]
fn a_partly_answered_split_proposal_is_not_counted_as_consulted() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(&dir.path().join("tian.db"));
    let id = tian.resolve("0020", None).unwrap();
    let lead = |unit: &str| UnitAssignment {
        unit: unit.into(),
        role: UnitRole::Lead,
        contact: String::new(),
        phone: String::new(),
    };
    let split = Assignment {
        date: d(3, 1),
        units: vec![lead("市财政局"), lead("市科技局")],
        mode: tian_core::domain::LeadMode::Split,
    };
    tian.assign(&id, split).unwrap();
    tian.add_reply(&id, answer("市财政局", AnswerClass::B, d(5, 1))).unwrap();
    let met = FeedbackForm { consultation: Some(Consultation::FaceToFace), ..FeedbackForm::default() };
    let input = FeedbackInput { unit: Some("市财政局".into()), ..verdict(Satisfaction::Satisfied, met) };
    tian.give_feedback(&id, input).unwrap();
    let figures = tian.statistics(None).unwrap().figures;
    assert_eq!(figures.replied.count, 0, "市科技局 has not answered");
    for share in [figures.contacted, figures.met].into_iter().flatten() {
        assert!(share.count <= figures.replied.count && share.rate <= 100.0, "{share:?}");
    }
}
