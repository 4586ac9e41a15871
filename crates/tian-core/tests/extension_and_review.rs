//! 延期, the committee's decision after 不满意, 分办, and 撤案, walked on the
//! default data's proposals as a clerk takes them: each step's effect on the
//! due date, the 已逾期 filter, the dashboard and the figures the report gives.

mod exchange_support;

use std::path::Path;

use chrono::NaiveDate;
use exchange_support::{answer, listed_numbers};
use tian_core::domain::{
    AnswerClass, Assignment, CloseKind, Closure, ExtensionDecision, LeadMode, ProposalId, Satisfaction, Stage,
    UnitAssignment, UnitRole, Withdrawal,
};
use tian_core::{
    ExtensionRequest, FeedbackDecision, FeedbackInput, HandBackRequest, PageQuery, ProposalFilters, Settings, Tian,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn open(dir: &Path, today: NaiveDate) -> Tian {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(today);
    tian
}

fn assign(tian: &mut Tian, number: &str, leads: &[&str], date: NaiveDate) -> ProposalId {
    assign_as(tian, number, leads, date, LeadMode::Joint)
}

fn assign_as(tian: &mut Tian, number: &str, leads: &[&str], date: NaiveDate, mode: LeadMode) -> ProposalId {
    let id = tian.resolve(number, None).unwrap();
    let units = leads
        .iter()
        .map(|u| UnitAssignment {
            unit: (*u).into(),
            role: UnitRole::Lead,
            contact: String::new(),
            phone: String::new(),
        })
        .collect();
    tian.assign(&id, Assignment { date, units, mode }).unwrap();
    id
}

fn unsatisfied(date: NaiveDate) -> FeedbackInput {
    FeedbackInput {
        date,
        result: Satisfaction::Unsatisfied,
        comment: "措施不够具体".into(),
        unit: None,
        form: Default::default(),
    }
}

fn verdict(unit: &str, result: Satisfaction, date: NaiveDate) -> FeedbackInput {
    FeedbackInput { date, result, comment: "意见".into(), unit: Some(unit.into()), form: Default::default() }
}

/// 延期申请 by `unit` on `date` to `to`; the id the committee answers it by.
fn ask_extension(tian: &mut Tian, id: &ProposalId, unit: &str, date: NaiveDate, to: NaiveDate) -> String {
    let request = ExtensionRequest { unit: unit.into(), date, requested_to: to, reason: "x".into() };
    tian.request_extension(id, request).unwrap();
    tian.pending_extension(id).unwrap()
}

fn overdue_numbers(tian: &Tian) -> Vec<String> {
    listed_numbers(tian, ProposalFilters { overdue: true, ..ProposalFilters::default() })
}

#[test]
fn proposal_0069_is_handed_back_reassigned_extended_answered_unsatisfied_twice_and_closed_with_an_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 2, 25));
    // First assigned to the wrong unit, which hands it back within ten days.
    let id = assign(&mut tian, "0069", &["市民政局"], d(2026, 2, 20));
    let back =
        HandBackRequest { unit: "市民政局".into(), date: d(2026, 2, 25), reason: "不属本单位职责".into() };
    assert_eq!(tian.hand_back(&id, back).unwrap().proposal.stage, Stage::HandedBack);
    tian.set_today(d(2026, 3, 1));
    let id = assign(&mut tian, "0069", &["市教育局"], d(2026, 3, 1));
    tian.set_today(d(2026, 5, 20));

    // The unit asks for six more weeks; the request alone moves nothing.
    let request = ExtensionRequest {
        unit: "市教育局".into(),
        date: d(2026, 5, 20),
        requested_to: d(2026, 7, 15),
        reason: "需完成全市学校调研".into(),
    };
    let x = tian.request_extension(&id, request.clone()).unwrap();
    assert_eq!(x.due_date, Some(d(2026, 6, 1)));
    assert!(tian.dashboard().unwrap().decisions_due.iter().any(|p| p.proposal.number == "0069"));
    let again = tian.request_extension(&id, request).unwrap_err().to_string();
    assert!(again.contains("已有一份延期申请在等待审批"), "{again}");

    // Past the old due date and before the approval, 0069 is late.
    tian.set_today(d(2026, 6, 5));
    assert_eq!(overdue_numbers(&tian), ["0069"]);

    let request_id = tian.pending_extension(&id).unwrap();
    let too_far =
        ExtensionDecision { approved: true, date: d(2026, 6, 5), due: Some(d(2026, 9, 2)), note: String::new() };
    let refused = tian.decide_extension(&id, &request_id, too_far).unwrap_err().to_string();
    assert_eq!(refused, "延期后的期限（2026年9月2日）超过了延期上限：最迟到2026年9月1日（起算后6个月）。");
    let approve = ExtensionDecision { approved: true, date: d(2026, 6, 5), due: None, note: "同意".into() };
    let x = tian.decide_extension(&id, &request_id, approve).unwrap();
    assert_eq!((x.due_date, x.extended_to), (Some(d(2026, 7, 15)), Some(d(2026, 7, 15))));
    assert!(x.deadline.unwrap().extended, "shown as 已延期至");
    assert!(overdue_numbers(&tian).is_empty(), "the approved date moves the 已逾期 filter");
    assert!(tian.dashboard().unwrap().decisions_due.is_empty());
    let row = tian.list_page(&PageQuery::default()).unwrap().rows.into_iter().find(|r| r.number == "0069").unwrap();
    assert_eq!(row.deadline.map(|dl| (dl.due, dl.extended)), Some((d(2026, 7, 15), true)));

    // Answered after the old due date but within the extension: on time.
    tian.set_today(d(2026, 7, 10));
    let x = tian.add_reply(&id, answer("市教育局", AnswerClass::B, d(2026, 7, 10))).unwrap();
    assert!(x.reply_timing.unwrap().on_time());

    // 不满意 waits for the committee; it needs the proposer's 意见.
    tian.set_today(d(2026, 7, 22));
    let silent = FeedbackInput { comment: String::new(), ..unsatisfied(d(2026, 7, 20)) };
    assert_eq!(tian.give_feedback(&id, silent).unwrap_err().to_string(), "请填写提案者不满意的意见。");
    let x = tian.give_feedback(&id, unsatisfied(d(2026, 7, 20))).unwrap();
    assert_eq!((x.proposal.stage, x.handling.round), (Stage::Undecided, 1));
    let decide = FeedbackDecision::Rehandle {
        date: d(2026, 7, 22),
        due: Some(d(2026, 9, 30)),
        reason: "再次研究经费安排".into(),
        unit: None,
    };
    let x = tian.decide_after_unsatisfied(&id, decide).unwrap();
    assert_eq!((x.proposal.stage, x.handling.round, x.due_date), (Stage::Rehandling, 2, Some(d(2026, 9, 30))));
    assert_eq!(x.extended_to, None, "the new round's date is the decision's, not an extension");

    tian.set_today(d(2026, 9, 12));
    tian.add_reply(&id, answer("市教育局", AnswerClass::C, d(2026, 9, 1))).unwrap();
    let x = tian.give_feedback(&id, unsatisfied(d(2026, 9, 10))).unwrap();
    assert_eq!(x.proposal.stage, Stage::Undecided, "a second 不满意 needs the decision too");
    let satisfied = Closure { date: d(2026, 9, 12), summary: "办结".into(), kind: CloseKind::Satisfied };
    assert!(tian.close(&id, satisfied).unwrap_err().to_string().contains("说明办结"));
    let explain =
        FeedbackDecision::Close {
            date: d(2026, 9, 12), explanation: "受财力所限，已向提案者说明".into(), unit: None
        };
    let x = tian.decide_after_unsatisfied(&id, explain).unwrap();
    assert_eq!((x.proposal.stage, x.close_kind), (Stage::Closed, Some(CloseKind::Explained)));

    let figures = tian.statistics(None).unwrap().figures;
    assert_eq!((figures.extended, figures.closed_explained, figures.closed.count), (1, 1, 1));
    assert!(figures.sentences()[0].contains("经批准延期答复1件"), "{}", figures.sentences()[0]);
    assert!(figures.sentences()[0].contains("已办结1件（其中说明办结1件）"), "{}", figures.sentences()[0]);

    let actions: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
    for step in ["申请延期：市教育局", "同意延期：市教育局", "决定再办理：再次研究经费安排", "说明办结"]
    {
        assert!(actions.iter().any(|a| a == step), "{step} in {actions:?}");
    }
}

#[test]
fn proposal_0020_is_split_between_two_units_one_satisfied_and_the_other_re_handled() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 5, 20));
    let id = assign_as(&mut tian, "0020", &["市财政局", "市科技局"], d(2026, 3, 1), LeadMode::Split);
    let x = tian.add_reply(&id, answer("市财政局", AnswerClass::A, d(2026, 5, 10))).unwrap();
    assert_eq!(x.proposal.stage, Stage::Handling, "each unit answers for itself: 市科技局 still owes its answer");
    let x = tian.add_reply(&id, answer("市科技局", AnswerClass::C, d(2026, 5, 20))).unwrap();
    assert_eq!(x.proposal.stage, Stage::Replied);
    let class_c = ProposalFilters { answer_class: Some(AnswerClass::C), ..ProposalFilters::default() };
    let listed = tian.list_page(&PageQuery { filters: class_c, limit: 100, ..PageQuery::default() }).unwrap();
    assert!(listed.rows.iter().any(|r| r.number == "0020"), "filtered by its least resolved unit's class");

    // Each unit's answer gets its own verdict; a verdict must say whose answer it judges.
    tian.set_today(d(2026, 6, 10));
    let unnamed = FeedbackInput { unit: None, ..verdict("市财政局", Satisfaction::Satisfied, d(2026, 6, 1)) };
    assert!(tian.give_feedback(&id, unnamed).unwrap_err().to_string().contains("哪个主办单位"));
    let early = verdict("市科技局", Satisfaction::Satisfied, d(2026, 5, 15));
    assert!(tian.give_feedback(&id, early).unwrap_err().to_string().contains("2026年5月20日"), "before its answer");
    let x = tian.give_feedback(&id, verdict("市财政局", Satisfaction::Satisfied, d(2026, 6, 1))).unwrap();
    assert_eq!(x.proposal.stage, Stage::Replied, "the proposer has yet to judge 市科技局's answer");
    let x = tian.give_feedback(&id, verdict("市科技局", Satisfaction::Unsatisfied, d(2026, 6, 2))).unwrap();
    assert_eq!((x.proposal.stage, x.satisfaction()), (Stage::Undecided, Some(Satisfaction::Unsatisfied)));
    assert!(tian.dashboard().unwrap().decisions_due.iter().any(|p| p.proposal.number == "0020"));

    // 再办理 re-opens only the unit the 不满意 concerns.
    let wrong = FeedbackDecision::Rehandle {
        date: d(2026, 6, 5),
        due: None,
        reason: "进一步研究".into(),
        unit: Some("市财政局".into()),
    };
    assert!(tian.decide_after_unsatisfied(&id, wrong).unwrap_err().to_string().contains("市科技局"));
    let decide = FeedbackDecision::Rehandle {
        date: d(2026, 6, 5),
        due: Some(d(2026, 8, 31)),
        reason: "落实科技经费".into(),
        unit: Some("市科技局".into()),
    };
    let x = tian.decide_after_unsatisfied(&id, decide).unwrap();
    assert_eq!((x.proposal.stage, x.handling.round, x.due_date), (Stage::Rehandling, 2, Some(d(2026, 8, 31))));
    let rounds: Vec<(String, u32, Option<Satisfaction>)> =
        x.handling.tracks.iter().map(|t| (t.unit.clone(), t.round, t.feedback)).collect();
    assert_eq!(
        rounds,
        [("市财政局".into(), 1, Some(Satisfaction::Satisfied)), ("市科技局".into(), 2, None)],
        "市财政局 keeps its verdict; 市科技局 answers again"
    );
    assert!(tian
        .add_reply(&id, answer("市财政局", AnswerClass::A, d(2026, 6, 8)))
        .unwrap_err()
        .to_string()
        .contains("本轮已答复"));

    // The state reads back the same from the file.
    drop(tian);
    let mut tian = open(dir.path(), d(2026, 7, 20));
    assert_eq!(tian.dossier(&id).unwrap().handling, x.handling);
    let x = tian.add_reply(&id, answer("市科技局", AnswerClass::B, d(2026, 7, 15))).unwrap();
    assert_eq!((x.proposal.stage, x.answer_class()), (Stage::Replied, Some(AnswerClass::B)));
    assert_eq!(x.replies.iter().filter(|r| r.unit == "市科技局").map(|r| r.round).collect::<Vec<_>>(), [1, 2]);
    let x = tian.give_feedback(&id, verdict("市科技局", Satisfaction::BasicallySatisfied, d(2026, 7, 18))).unwrap();
    assert_eq!((x.proposal.stage, x.satisfaction()), (Stage::FeedbackReceived, Some(Satisfaction::BasicallySatisfied)));
    let closure =
        Closure { date: d(2026, 7, 20), summary: "科技经费已列入预算".into(), kind: CloseKind::Satisfied };
    assert_eq!(tian.close(&id, closure).unwrap().close_kind, Some(CloseKind::Satisfied));

    let actions: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
    for step in ["录入反馈：市财政局", "录入反馈：市科技局", "决定市科技局再办理：落实科技经费"]
    {
        assert!(actions.iter().any(|a| a == step), "{step} in {actions:?}");
    }
    let figures = tian.statistics(None).unwrap().figures;
    let class_b = figures.classes.iter().find(|c| c.class == AnswerClass::B).map(|c| c.share.count);
    assert_eq!(class_b, Some(1), "counted once, as its least resolved unit's latest class");
}

#[test]
fn a_refused_extension_leaves_the_due_date_and_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 5, 20));
    let id = assign(&mut tian, "0045", &["市教育局"], d(2026, 3, 1));
    let request_id = ask_extension(&mut tian, &id, "市教育局", d(2026, 5, 20), d(2026, 7, 1));
    tian.set_today(d(2026, 5, 22));
    let bare = ExtensionDecision { approved: false, date: d(2026, 5, 21), due: None, note: String::new() };
    assert_eq!(tian.decide_extension(&id, &request_id, bare).unwrap_err().to_string(), "请填写不同意延期的理由。");
    let refuse = ExtensionDecision { approved: false, date: d(2026, 5, 21), due: None, note: "理由不充分".into() };
    let x = tian.decide_extension(&id, &request_id, refuse.clone()).unwrap();
    assert_eq!((x.due_date, x.extended_to), (Some(d(2026, 6, 1)), None));
    assert!(tian.decide_extension(&id, &request_id, refuse).unwrap_err().to_string().contains("已经审批过了"));

    let co = ExtensionRequest {
        unit: "市民政局".into(),
        date: d(2026, 5, 22),
        requested_to: d(2026, 7, 1),
        reason: "x".into(),
    };
    assert!(tian.request_extension(&id, co).unwrap_err().to_string().contains("不是本提案的主办单位"));
    let early = ExtensionRequest {
        unit: "市教育局".into(),
        date: d(2026, 2, 1),
        requested_to: d(2026, 7, 1),
        reason: "x".into(),
    };
    assert!(tian.request_extension(&id, early).unwrap_err().to_string().contains("早于交办日期"));
}

#[test]
fn a_withdrawn_proposal_leaves_the_pending_counts_but_stays_in_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 8, 1));
    let id = assign(&mut tian, "0020", &["市财政局", "市科技局"], d(2026, 3, 1));
    assert_eq!(overdue_numbers(&tian), ["0020"]);
    let before = tian.statistics(None).unwrap();

    let x = tian.withdraw(&id, Withdrawal { date: d(2026, 7, 30), reason: "提案者申请撤回".into() }).unwrap();
    assert_eq!(x.proposal.stage, Stage::Withdrawn);
    assert_eq!(x.deadline, None);
    assert!(overdue_numbers(&tian).is_empty(), "no longer owed, so never late");
    let refused = tian.add_reply(&id, answer("市财政局", AnswerClass::A, d(2026, 8, 1))).unwrap_err();
    assert_eq!(refused.to_string(), "不能答复：本提案已撤案，不再办理。");

    let after = tian.statistics(None).unwrap();
    assert_eq!(after.totals.collected, before.totals.collected);
    assert_eq!((after.totals.withdrawn, after.totals.in_progress), (1, before.totals.in_progress - 1));
    assert!(after.inconsistencies.is_empty(), "{:?}", after.inconsistencies);
    assert_eq!((before.figures.assigned, after.figures.assigned, after.figures.withdrawn), (1, 0, 1));
    let stage = ProposalFilters { stage: Some(Stage::Withdrawn), ..ProposalFilters::default() };
    let listed = tian.list_page(&PageQuery { filters: stage, ..PageQuery::default() }).unwrap();
    assert_eq!(listed.rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), ["0020"]);
}

#[test]
fn silence_past_the_feedback_time_shows_on_the_dashboard_and_may_close_only_where_the_rules_allow() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 5, 20));
    let id = assign(&mut tian, "0069", &["市教育局"], d(2026, 3, 1));
    tian.add_reply(&id, answer("市教育局", AnswerClass::A, d(2026, 5, 20))).unwrap();
    let deemed = |date| Closure { date, summary: "已落实".into(), kind: CloseKind::Deemed };

    tian.set_today(d(2026, 6, 25));
    let x = tian.dossier(&id).unwrap();
    assert_eq!((x.feedback_due, x.feedback_overdue), (Some(d(2026, 6, 20)), true));
    let board = tian.dashboard().unwrap();
    assert_eq!(board.feedback_overdue.iter().map(|p| p.proposal.number.as_str()).collect::<Vec<_>>(), ["0069"]);
    assert_eq!(tian.statistics(None).unwrap().figures.feedback_overdue, 1);
    let off = tian.close(&id, deemed(d(2026, 6, 25))).unwrap_err().to_string();
    assert_eq!(off, "不能视为满意办结：本地设置未允许将逾期未反馈视为满意。");

    tian.save_settings(&Settings { deemed_satisfied: true, ..tian.settings().unwrap() }).unwrap();
    let early = tian.close(&id, deemed(d(2026, 6, 10))).unwrap_err().to_string();
    assert_eq!(early, "不能视为满意办结：提案者的反馈期限到2026年6月20日为止，期满后才能视为满意。");
    let x = tian.close(&id, deemed(d(2026, 6, 25))).unwrap();
    assert_eq!((x.proposal.stage, x.close_kind), (Stage::Closed, Some(CloseKind::Deemed)));
    assert!(tian.dashboard().unwrap().feedback_overdue.is_empty());
}

#[test]
fn a_request_overtaken_by_the_answer_lapses_and_blocks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 5, 20));
    let id = assign(&mut tian, "0069", &["市教育局"], d(2026, 3, 1));
    let request_id = ask_extension(&mut tian, &id, "市教育局", d(2026, 5, 20), d(2026, 7, 1));
    let backdated = ExtensionDecision { approved: true, date: d(2026, 5, 19), due: None, note: String::new() };
    let refused = tian.decide_extension(&id, &request_id, backdated).unwrap_err().to_string();
    assert!(refused.contains("审批日期（2026年5月19日）早于申请日期（2026年5月20日）"), "{refused}");

    tian.set_today(d(2026, 5, 26));
    tian.add_reply(&id, answer("市教育局", AnswerClass::A, d(2026, 5, 25))).unwrap();
    let x = tian.dossier(&id).unwrap();
    assert_eq!(x.pending_extensions().count(), 0, "the answer came before the decision");
    assert!(tian.dashboard().unwrap().decisions_due.is_empty());
    let late = ExtensionDecision { approved: true, date: d(2026, 5, 26), due: None, note: String::new() };
    assert!(tian.decide_extension(&id, &request_id, late).unwrap_err().to_string().contains("已失效"));
}

/// 延期 granted, then 退回 and 改办 the same day: the new unit's clock is
/// three months from the new 交办, and the proposal's deadline and its
/// 按期答复 record say so alike (the handed-back unit's extension went with it).
#[test]
fn an_extension_goes_with_the_assignment_handed_back_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    let on = d(2026, 3, 5);
    let mut tian = open(dir.path(), on);
    let id = assign(&mut tian, "0045", &["市教育局"], on);
    let request_id = ask_extension(&mut tian, &id, "市教育局", on, d(2026, 7, 1));
    let approve = ExtensionDecision { approved: true, date: on, due: None, note: String::new() };
    tian.decide_extension(&id, &request_id, approve).unwrap();
    let back = HandBackRequest { unit: "市教育局".into(), date: on, reason: "不属本单位职责".into() };
    tian.hand_back(&id, back).unwrap();
    assign(&mut tian, "0045", &["市民政局"], on);
    let x = tian.dossier(&id).unwrap();
    let due = d(2026, 6, 5);
    assert_eq!(x.deadline.map(|d| d.due), Some(due));
    assert_eq!(x.reply_timing.map(|t| t.due), Some(due), "one due date for the answer owed");
}

/// 并案 leaves its proposers waiting on the proposal it joined: that one
/// cannot itself be merged away, refused, turned into an opinion or
/// withdrawn while any is merged into it, from any path that asks the
/// step; once their 并案 is taken back, it can.
#[test]
fn a_proposal_others_are_merged_into_cannot_be_merged_away_refused_or_withdrawn() {
    use tian_core::domain::{Review, ReviewOutcome};
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(2026, 5, 1));
    let id = |tian: &Tian, n: &str| tian.resolve(n, None).unwrap();
    let review = |outcome, into: Option<&str>| Review {
        outcome,
        reason: "审查意见".into(),
        merged_into: into.map(str::to_owned),
    };
    let (host, first, second) = (id(&tian, "0273"), id(&tian, "0276"), id(&tian, "0464"));
    tian.review(&first, review(ReviewOutcome::Merged, Some("0273"))).unwrap();
    tian.review(&second, review(ReviewOutcome::Merged, Some("0273"))).unwrap();
    let before = tian.dossier(&host).unwrap();
    for refused in [
        tian.review(&host, review(ReviewOutcome::Merged, Some("0020"))).unwrap_err(),
        tian.review(&host, review(ReviewOutcome::NotRegistered, None)).unwrap_err(),
        tian.review(&host, review(ReviewOutcome::ToOpinion, None)).unwrap_err(),
        tian.withdraw(&host, Withdrawal { date: d(2026, 5, 1), reason: "提案者申请撤回".into() }).unwrap_err(),
    ] {
        let said = refused.to_string();
        assert!(said.contains("第0276号、第0464号提案已并入本件") && said.contains("撤销这些提案的并案"), "{said}");
    }
    assert_eq!(tian.dossier(&host).unwrap(), before, "nothing written");

    tian.undo(&first).unwrap();
    assert!(tian
        .review(&host, review(ReviewOutcome::Merged, Some("0020")))
        .unwrap_err()
        .to_string()
        .contains("第0464号"));
    tian.undo(&second).unwrap();
    let merged = tian.review(&host, review(ReviewOutcome::Merged, Some("0020"))).unwrap();
    assert_eq!(merged.proposal.stage, Stage::Merged);
}
