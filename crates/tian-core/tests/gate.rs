//! One gate, from the clerk's side: the rules a unit's package is judged by
//! hold for the clerk's own steps, corrections and deletions too, with
//! dates in the future and in the past.

use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{
    AnswerClass, Assignment, CloseKind, Closure, Contact, ContactMethod, Satisfaction, Stage, UnitAssignment, UnitRole,
    Withdrawal,
};
use tian_core::{ExtensionRequest, FeedbackInput, RecordCorrection, ReplyInput, ReportScope, Tian};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn open(dir: &Path, today: NaiveDate) -> Tian {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(today);
    tian
}

fn assignment(date: NaiveDate) -> Assignment {
    let lead =
        UnitAssignment {
            unit: "市教育局".into(), role: UnitRole::Lead, contact: String::new(), phone: String::new()
        };
    Assignment { date, units: vec![lead], mode: Default::default() }
}

fn reply(date: NaiveDate) -> ReplyInput {
    ReplyInput {
        unit: "市教育局".into(),
        date,
        class: Some(AnswerClass::C),
        signer: "王建华".into(),
        signer_post: "局长".into(),
        number: "教提复〔2026〕12号".into(),
        contact: String::new(),
        text: "受财力所限，暂难实施。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    }
}

fn satisfied(date: NaiveDate) -> FeedbackInput {
    FeedbackInput {
        date,
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    }
}

fn contact(date: NaiveDate) -> Contact {
    Contact {
        id: String::new(),
        date,
        method: ContactMethod::Phone,
        unit: Some("市教育局".into()),
        people: "市民盟".into(),
        content: "听取意见".into(),
    }
}

#[test]
fn no_step_is_dated_after_the_day_it_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(9, 8));
    let id = tian.resolve("0069", None).unwrap();
    let early = tian.assign(&id, assignment(d(9, 20))).unwrap_err().to_string();
    assert!(early.contains("交办日期（2026年9月20日）晚于今天（2026年9月8日）"), "{early}");
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    let future = tian.add_contact(&id, contact(d(9, 9))).unwrap_err().to_string();
    assert!(future.contains("沟通日期（2026年9月9日）晚于今天（2026年9月8日）"), "{future}");
    tian.add_reply(&id, reply(d(5, 20))).unwrap();
    let feedback = tian.give_feedback(&id, satisfied(d(12, 31))).unwrap_err().to_string();
    assert!(feedback.contains("反馈日期（2026年12月31日）晚于今天"), "{feedback}");
    tian.give_feedback(&id, satisfied(d(6, 1))).unwrap();
    let closure = Closure {
        date: NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
        summary: "办结".into(),
        kind: CloseKind::Satisfied,
    };
    let closed = tian.close(&id, closure).unwrap_err().to_string();
    assert!(closed.contains("办结日期（2027年1月15日）晚于今天（2026年9月8日）"), "{closed}");
    assert_eq!(tian.dossier(&id).unwrap().proposal.stage, Stage::FeedbackReceived, "nothing written");
}

#[test]
fn a_withdrawal_follows_every_step_recorded_and_a_late_request_for_more_time_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(8, 20));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    tian.add_contact(&id, contact(d(4, 10))).unwrap();
    let withdrawal = |date| Withdrawal { date, reason: "提案者申请撤回".into() };
    let before_assignment = tian.withdraw(&id, withdrawal(d(2, 20))).unwrap_err().to_string();
    assert!(before_assignment.contains("撤案日期（2026年2月20日）早于本提案已记录的最后一项办理日期（2026年4月10日）"));
    assert!(tian.withdraw(&id, withdrawal(d(4, 9))).is_err(), "nor before the contact");

    // Due 1 June; asked on 15 August, the request would count a late answer as on time.
    let late =
        ExtensionRequest {
            unit: "市教育局".into(), date: d(8, 15), requested_to: d(8, 31), reason: "需要调研".into()
        };
    let refused = tian.request_extension(&id, late).unwrap_err().to_string();
    assert!(refused.contains("延期申请日期（2026年8月15日）晚于答复期限（2026年6月1日）"), "{refused}");
    assert!(tian.dossier(&id).unwrap().extensions.is_empty());

    tian.withdraw(&id, withdrawal(d(8, 1))).unwrap();
}

#[test]
fn a_judged_answer_is_neither_corrected_nor_deleted_until_the_verdict_is_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(6, 10));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    let answer = tian.add_reply(&id, reply(d(5, 20))).unwrap().replies.remove(0);
    tian.give_feedback(&id, satisfied(d(6, 1))).unwrap();

    let regraded = tian_core::domain::Reply { class: Some(AnswerClass::A), ..answer.clone() };
    let refused = tian.correct_record(&id, RecordCorrection::Reply(regraded.clone())).unwrap_err().to_string();
    assert!(refused.contains("不能再更正或删除"), "{refused}");
    let rewritten = tian_core::domain::Reply { text: "已全部解决。".into(), ..answer.clone() };
    assert!(tian.correct_record(&id, RecordCorrection::Reply(rewritten)).is_err(), "not its text either");
    assert!(tian.delete_record(&id, tian_core::RecordKind::Reply, &answer.id).is_err());
    assert_eq!(tian.dossier(&id).unwrap().answer_class(), Some(AnswerClass::C));

    // A supervision activity recorded since: 撤销 takes back the last step
    // not yet taken back, one after another, so the verdict is reachable.
    let activity = tian_core::domain::Activity {
        id: String::new(),
        kind: tian_core::domain::ActivityKind::Survey,
        date: d(6, 5),
        place: "市第一中学".into(),
        leaders: vec![],
        units: vec![],
        summary: "调研".into(),
        follow_ups: vec![],
    };
    tian.add_activity(&id, activity).unwrap();
    assert_eq!(tian.undoable(&id).unwrap().map(|u| u.action), Some("记录督办活动".to_owned()));
    tian.undo(&id).unwrap();
    assert_eq!(tian.undoable(&id).unwrap().map(|u| u.action), Some("录入反馈".to_owned()));
    tian.undo(&id).unwrap();
    // The verdict taken back, the answer is the clerk's to correct again.
    let x = tian.correct_record(&id, RecordCorrection::Reply(regraded)).unwrap();
    assert_eq!(x.answer_class(), Some(AnswerClass::A));
    assert!(x.activities.is_empty() && x.feedback.is_empty());
}

#[test]
fn a_withdrawn_proposal_is_owed_nothing_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(9, 8));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    let other = tian.resolve("0045", None).unwrap();
    tian.assign(&other, assignment(d(3, 1))).unwrap();
    tian.withdraw(&id, Withdrawal { date: d(9, 1), reason: "提案者申请撤回".into() }).unwrap();

    let x = tian.dossier(&id).unwrap();
    assert!(!x.reply_timing.unwrap().late, "an answer no longer owed is never late");
    let board = tian.dashboard().unwrap();
    assert!(board.attention.iter().all(|p| p.proposal.number != "0069"), "not on the overdue list");
    assert!(board.attention.iter().any(|p| p.proposal.number == "0045"), "the one still owed is");
    let report = tian.supervision_report(&ReportScope::default()).unwrap();
    let text = serde_json::to_string(&report).unwrap();
    assert!(text.contains("超过答复期限仍未答复（第0045号）"), "the one still owed is named alone: {text}");
    assert!(!text.contains("第0069号）"), "the withdrawn one is in no list of problems");
}

/// A letter drafted from the suggestions still holds the places it left to
/// write in: recorded as an answer by any path (the clerk's form with the
/// draft's text, a correction), it is refused, with nothing written.
#[test]
fn an_answer_still_holding_the_drafts_places_to_write_is_refused_on_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(5, 20));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    let unfinished = format!("一、关于标准的建议。{}", tian_core::domain::text::TO_WRITE);
    let refused = tian.add_reply(&id, ReplyInput { text: unfinished.clone(), ..reply(d(5, 20)) }).unwrap_err();
    assert!(refused.to_string().contains("待填写"), "{refused}");
    assert!(tian.dossier(&id).unwrap().replies.is_empty());

    let answered = tian.add_reply(&id, reply(d(5, 20))).unwrap();
    let mut letter = answered.replies[0].clone();
    letter.text = unfinished;
    let refused = tian.correct_record(&id, RecordCorrection::Reply(letter)).unwrap_err();
    assert!(refused.to_string().contains("待填写"), "{refused}");
    assert_eq!(tian.dossier(&id).unwrap().replies[0].text, "受财力所限，暂难实施。");
}

/// The figures are counted from rows kept per proposal: they follow the
/// day (逾期 turns when the due date passes, with no write in between) and
/// a change of the deadline rules (every row decided again).
#[test]
fn the_figures_follow_the_day_and_a_change_of_the_deadline_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(4, 20));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    let overdue = |t: &Tian| t.statistics(None).unwrap().figures.overdue;
    assert_eq!(overdue(&tian), 0, "due on 1 June");
    tian.set_today(d(6, 5));
    assert_eq!(overdue(&tian), 1, "past its due date, nothing written since");
    assert_eq!(tian.dashboard().unwrap().attention_total, 1);
    tian.set_today(d(4, 20));
    assert_eq!(overdue(&tian), 0);
    let mut settings = tian.settings().unwrap();
    settings.deadlines.reply_months = 1;
    tian.save_settings(&settings).unwrap();
    assert_eq!(overdue(&tian), 1, "due on 1 April under the new rule");
    tian.add_reply(&id, reply(d(4, 20))).unwrap();
    let figures = tian.statistics(None).unwrap().figures;
    assert_eq!((figures.overdue, figures.replied.count, figures.late_replies), (0, 1, 1));
}

/// A mistyped 届次 is refused by name, with the sessions there are, not
/// counted as a page of zeros.
#[test]
fn figures_of_a_session_no_proposal_is_in_are_refused_with_the_sessions_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let tian = open(dir.path(), d(4, 20));
    let refused = tian.statistics(Some("五次")).unwrap_err().to_string();
    assert_eq!(refused, "没有“五次”届次的提案（现有：十三届五次）。");
    assert_eq!(tian.statistics(Some("十三届五次")).unwrap().figures.stages.iter().map(|s| s.count).sum::<u32>(), 13);
    let scope = tian_core::ReportScope { session: Some("五次".into()), ..Default::default() };
    let report = tian.render_document(&tian_core::DocumentRequest::Report(scope), tian_core::ReportFormat::Docx);
    assert_eq!(report.unwrap_err().to_string(), refused);
}

/// 逾期未答复 is one figure on every page: a 再办理 answer past its due
/// date counts in it as a first answer does, as 需要关注 lists it, and the
/// report's 通报 names its unit.
#[test]
fn a_rehandling_answer_past_its_due_date_is_overdue_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(7, 22));
    let id = tian.resolve("0069", None).unwrap();
    tian.assign(&id, assignment(d(3, 1))).unwrap();
    tian.add_reply(&id, reply(d(4, 10))).unwrap();
    let unsatisfied = FeedbackInput {
        date: d(4, 20),
        result: Satisfaction::Unsatisfied,
        comment: "未回应经费问题".into(),
        unit: None,
        form: Default::default(),
    };
    tian.give_feedback(&id, unsatisfied).unwrap();
    let decide = tian_core::FeedbackDecision::Rehandle {
        date: d(4, 25),
        due: Some(d(6, 30)),
        reason: "再次研究经费安排".into(),
        unit: None,
    };
    tian.decide_after_unsatisfied(&id, decide).unwrap();
    let overdue = |t: &Tian| {
        let board = t.dashboard().unwrap();
        (t.statistics(None).unwrap().figures.overdue, board.figures.overdue, board.attention_total)
    };
    tian.set_today(d(6, 30));
    assert_eq!(overdue(&tian), (0, 0, 1), "due today: listed as due soon, not yet late");
    tian.set_today(d(7, 22));
    assert_eq!(overdue(&tian), (1, 1, 1));
    let report = tian.supervision_report(&ReportScope::default()).unwrap();
    let text = format!("{report:?}");
    assert!(text.contains("对逾期未答复的市教育局予以通报"), "the 通报 names the unit");
    assert!(text.contains("1件再办理答复逾期"));
    assert!(text.contains("逾期未答复1件"), "the report's figures count it");
}

/// A withdrawn proposal is owed nothing, its co-unit's 会办意见 included:
/// no 催办函 asks for it, and the report neither counts nor names it.
#[test]
fn a_withdrawn_proposal_owes_no_co_opinion_in_a_notice_or_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = open(dir.path(), d(4, 10));
    let id = tian.resolve("0069", None).unwrap();
    let mut assigned = assignment(d(3, 1));
    assigned.units.push(UnitAssignment {
        unit: "市财政局".into(),
        role: UnitRole::Co,
        contact: String::new(),
        phone: String::new(),
    });
    tian.assign(&id, assigned).unwrap();
    tian.withdraw(&id, Withdrawal { date: d(4, 10), reason: "提案者申请撤回".into() }).unwrap();
    tian.set_today(d(7, 1));
    assert_eq!(tian.dossier(&id).unwrap().co_opinions, []);
    let notice = tian_core::NoticeRequest { unit: "市财政局".into(), number: String::new(), date: None };
    let refused = tian.render_document(&tian_core::DocumentRequest::Notice(notice), tian_core::ReportFormat::Docx);
    assert_eq!(refused.unwrap_err().to_string(), "市财政局目前没有逾期或即将到期的答复、会办意见，无需催办。");
    let report = format!("{:?}", tian.supervision_report(&ReportScope::default()).unwrap());
    assert!(!report.contains("市财政局（第0069号"), "the report asks nothing of it");
}
