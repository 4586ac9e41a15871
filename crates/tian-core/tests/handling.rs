//! Walking key proposals through handling on a real database file: the
//! stages, the deadlines, the records and the audit trail a clerk relies on.

use std::path::Path;

use chrono::NaiveDate;

mod exchange_support;
use proptest::prelude::*;
use tian_core::domain::{
    Activity, ActivityKind, AnswerClass, Assignment, CloseKind, Closure, Contact, ContactMethod, ProposalId, Review,
    ReviewOutcome, Satisfaction, Stage, SuggestionProgress, SuggestionState, UnitAssignment, UnitRole, Urgency,
};
use tian_core::{CoreError, FeedbackDecision, FeedbackInput, RecordCorrection, ReplyInput, Tian};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn workspace(dir: &Path) -> (Tian, ProposalId) {
    let mut tian = Tian::open(&dir.join("tian.db")).unwrap();
    tian.set_today(d(2026, 5, 28));
    let id = tian.resolve("0069", None).unwrap();
    (tian, id)
}

fn assignment(date: NaiveDate) -> Assignment {
    let unit = |unit: &str, role| UnitAssignment {
        unit: unit.into(),
        role,
        contact: "张老师".into(),
        phone: "0311-1234".into(),
    };
    Assignment {
        date,
        units: vec![unit("市教育局", UnitRole::Lead), unit("市科技局", UnitRole::Co)],
        mode: Default::default(),
    }
}

fn reply(unit: &str, class: AnswerClass, date: NaiveDate) -> ReplyInput {
    ReplyInput {
        contact: "张老师 0311-1234".into(),
        text: "关于第0069号提案的答复。".into(),
        ..exchange_support::answer(unit, class, date)
    }
}

fn feedback(result: Satisfaction, date: NaiveDate) -> FeedbackInput {
    let comment = if result == Satisfaction::Unsatisfied { "措施不具体".to_owned() } else { String::new() };
    FeedbackInput { date, result, comment, unit: None, form: Default::default() }
}

fn rehandle(date: NaiveDate) -> FeedbackDecision {
    FeedbackDecision::Rehandle { date, due: None, reason: "请进一步研究".into(), unit: None }
}

fn closure(date: NaiveDate, summary: &str) -> Closure {
    Closure { date, summary: summary.into(), kind: CloseKind::Satisfied }
}

fn op_count(dir: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(dir.join("tian.db"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap()
}

#[test]
fn proposal_0069_walks_every_stage_with_a_rehandling_and_the_timeline_tells_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());

    let x = tian.assign(&id, assignment(d(2026, 3, 1))).unwrap();
    assert_eq!((x.proposal.stage, x.due_date), (Stage::Assigned, Some(d(2026, 6, 1))));
    let contact = Contact {
        id: String::new(),
        date: d(2026, 3, 10),
        method: ContactMethod::Phone,
        unit: Some("市教育局".into()),
        people: "市民盟".into(),
        content: "听取提案者意见".into(),
    };
    assert_eq!(tian.add_contact(&id, contact).unwrap().proposal.stage, Stage::Handling);
    let activity = Activity {
        id: String::new(),
        kind: ActivityKind::Survey,
        date: d(2026, 4, 2),
        place: "市第一中学".into(),
        leaders: vec!["闫纯锴".into()],
        units: vec!["市教育局".into()],
        summary: "调研智慧课堂建设".into(),
        follow_ups: vec![],
    };
    tian.add_activity(&id, activity).unwrap();
    let x = tian.add_reply(&id, reply("市教育局", AnswerClass::B, d(2026, 5, 20))).unwrap();
    assert_eq!((x.proposal.stage, x.deadline), (Stage::Replied, None));

    let x = tian.give_feedback(&id, feedback(Satisfaction::Unsatisfied, d(2026, 5, 25))).unwrap();
    assert_eq!((x.proposal.stage, x.handling.round, x.due_date), (Stage::Undecided, 1, None));
    let x = tian.decide_after_unsatisfied(&id, rehandle(d(2026, 5, 26))).unwrap();
    assert_eq!((x.proposal.stage, x.handling.round), (Stage::Rehandling, 2));
    assert_eq!(x.due_date, Some(d(2026, 6, 26)), "再办理 is due one month after the committee's decision");
    assert_eq!(x.next_needed, "还缺少再办理后主办单位（市教育局）的答复。");

    let refused = tian.close(&id, closure(d(2026, 5, 26), "完成")).unwrap_err();
    assert_eq!(refused.to_string(), "不能办结：还缺少再办理后主办单位（市教育局）的答复和提案者的反馈。");

    tian.set_today(d(2026, 6, 20));
    tian.add_reply(&id, reply("市教育局", AnswerClass::A, d(2026, 6, 10))).unwrap();
    tian.give_feedback(&id, feedback(Satisfaction::Satisfied, d(2026, 6, 15))).unwrap();
    let x = tian.close(&id, closure(d(2026, 6, 20), "智慧教育平台建成")).unwrap();
    assert_eq!(x.proposal.stage, Stage::Closed);
    assert_eq!(x.answer_class(), Some(AnswerClass::A));
    assert_eq!(x.replies.iter().map(|r| r.round).collect::<Vec<_>>(), [1, 2]);

    let actions: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            "导入提案",
            "交办",
            "记录沟通",
            "记录督办活动",
            "录入答复",
            "录入反馈",
            "决定再办理：请进一步研究",
            "录入答复",
            "录入反馈",
            "办结"
        ]
    );
    let timeline = tian.timeline(&id).unwrap();
    let kind = timeline[0].changes.iter().find(|c| c.field == "提案者类别").map(|c| c.after.as_str());
    assert_eq!(kind, Some("集体"), "codes read as words in the timeline");
    let feedback_entry = &timeline[5];
    assert!(feedback_entry
        .changes
        .iter()
        .any(|c| c.field == "办理阶段" && c.before.as_deref() == Some("已答复") && c.after == "待决定"));
    assert!(feedback_entry.changes.iter().any(|c| c.field == "反馈·办理结果" && c.after == "不满意"));
    assert!(timeline[6].changes.iter().any(|c| c.field == "办理阶段" && c.after == "再办理"));
}

#[test]
fn each_step_that_ends_or_diverts_handling_can_be_taken_back_while_it_is_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    let imported = tian.undo(&id).unwrap_err().to_string();
    assert!(imported.starts_with("不能撤销："), "an import is not a step to take back: {imported}");
    assert_eq!(tian.undoable(&id).unwrap(), None);

    // 不予立案 by a slip of the hand, and back.
    let slip = Review { outcome: ReviewOutcome::NotRegistered, reason: "误点".into(), merged_into: None };
    tian.review(&id, slip).unwrap();
    assert_eq!(tian.undoable(&id).unwrap().map(|u| u.action), Some("审查".to_owned()));
    let x = tian.undo(&id).unwrap();
    assert_eq!((x.proposal.stage, x.review), (Stage::Registered, None));
    assert_eq!(tian.undo(&id).unwrap_err().to_string(), "不能撤销：“导入提案”不能撤销。");

    // A reply and an unsatisfied verdict, each taken back in turn.
    tian.assign(&id, assignment(d(2026, 3, 1))).unwrap();
    tian.add_reply(&id, reply("市教育局", AnswerClass::B, d(2026, 5, 10))).unwrap();
    tian.give_feedback(&id, feedback(Satisfaction::Unsatisfied, d(2026, 5, 20))).unwrap();
    let x = tian.undo(&id).unwrap();
    assert_eq!((x.proposal.stage, x.feedback.len()), (Stage::Replied, 0), "the verdict is gone, the answer stays");
    tian.give_feedback(&id, feedback(Satisfaction::Satisfied, d(2026, 5, 21))).unwrap();
    tian.close(&id, closure(d(2026, 5, 25), "已落实")).unwrap();
    let x = tian.undo(&id).unwrap();
    assert_eq!((x.proposal.stage, x.closure), (Stage::FeedbackReceived, None));

    // The new suggestion status is taken back, and can be set again.
    let progress =
        SuggestionProgress { index: 1, status: SuggestionState::Done, evidence: "已印发".into(), date: None };
    tian.set_suggestion(&id, progress.clone()).unwrap();
    assert_eq!(tian.undo(&id).unwrap().suggestion_status.len(), 0);
    assert_eq!(tian.set_suggestion(&id, progress).unwrap().suggestion_status.len(), 1);

    // Reopened from the file, the state and the trail agree.
    drop(tian);
    let (tian, id) = workspace(dir.path());
    assert_eq!(tian.dossier(&id).unwrap().proposal.stage, Stage::FeedbackReceived);
    let actions: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
    for step in ["审查", "撤销：审查", "撤销：录入反馈", "撤销：办结", "撤销：更新建议落实情况"]
    {
        assert!(actions.iter().any(|a| a == step), "{step} in {actions:?}");
    }
}

#[test]
fn a_wrong_record_is_corrected_or_deleted_in_place_and_the_deletion_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    tian.assign(&id, assignment(d(2026, 3, 1))).unwrap();
    let contact = Contact {
        id: String::new(),
        date: d(2026, 3, 10),
        method: ContactMethod::Phone,
        unit: Some("市教育局".into()),
        people: "张老师".into(),
        content: "电话沟通".into(),
    };
    let x = tian.add_contact(&id, contact).unwrap();
    let mut fixed = x.contacts[0].clone();
    fixed.date = d(2026, 2, 20);
    let early = tian.correct_record(&id, RecordCorrection::Contact(fixed.clone())).unwrap_err().to_string();
    assert!(early.contains("早于交办日期"), "{early}");
    fixed.date = d(2026, 3, 12);
    fixed.method = ContactMethod::Meeting;
    let x = tian.correct_record(&id, RecordCorrection::Contact(fixed.clone())).unwrap();
    assert_eq!((x.contacts[0].date, x.contacts[0].method), (d(2026, 3, 12), ContactMethod::Meeting));
    assert_eq!(tian.undoable(&id).unwrap().map(|u| u.action), Some("修改沟通记录".to_owned()));

    let x = tian.add_reply(&id, reply("市教育局", AnswerClass::B, d(2026, 5, 10))).unwrap();
    let mut letter = x.replies[0].clone();
    letter.class = Some(AnswerClass::A);
    letter.unit = "市民政局".into();
    let x = tian.correct_record(&id, RecordCorrection::Reply(letter)).unwrap();
    assert_eq!(
        (x.answer_class(), x.replies[0].unit.as_str()),
        (Some(AnswerClass::A), "市教育局"),
        "who wrote it stays"
    );
    let answer = x.replies[0].id.clone();
    tian.give_feedback(&id, feedback(Satisfaction::Satisfied, d(2026, 5, 20))).unwrap();
    let kept = tian.delete_record(&id, tian_core::RecordKind::Reply, &answer).unwrap_err().to_string();
    assert!(kept.contains("已有提案者的评价"), "{kept}");
    tian.undo(&id).unwrap();
    let x = tian.delete_record(&id, tian_core::RecordKind::Reply, &answer).unwrap();
    assert_eq!((x.proposal.stage, x.replies.len()), (Stage::Handling, 0), "the answer is owed again");

    let x = tian.delete_record(&id, tian_core::RecordKind::Contact, &fixed.id).unwrap();
    assert!(x.contacts.is_empty());
    let x = tian.undo(&id).unwrap();
    assert_eq!(x.contacts.len(), 1, "the deletion is taken back");
}

#[test]
fn a_refused_step_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    let before = op_count(dir.path());
    let err = tian.add_reply(&id, reply("市教育局", AnswerClass::A, d(2026, 3, 2))).unwrap_err();
    assert!(matches!(err, CoreError::Refused(_)));
    assert_eq!(err.to_string(), "不能答复：尚未交办，请先交办。");
    tian.assign(&id, assignment(d(2026, 3, 1))).unwrap();
    let after_assign = op_count(dir.path());
    let err = tian.add_reply(&id, reply("市民政局", AnswerClass::A, d(2026, 3, 2))).unwrap_err().to_string();
    assert!(err.contains("“市民政局”不是本提案的承办单位"), "{err}");
    assert!(before < after_assign);
    assert_eq!(op_count(dir.path()), after_assign);
}

#[test]
fn deadlines_count_month_ends_and_overdue_work_stands_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    let x = tian.assign(&id, assignment(d(2026, 1, 31))).unwrap();
    assert_eq!(x.due_date, Some(d(2026, 4, 30)));
    let late = x.deadline.unwrap();
    assert_eq!((late.urgency, late.days_left), (Urgency::Overdue, -28));

    let other = tian.resolve("0458", None).unwrap();
    let mut soon = assignment(d(2026, 3, 1));
    soon.units = vec![UnitAssignment {
        unit: "市文化广电和旅游局".into(),
        role: UnitRole::Lead,
        contact: String::new(),
        phone: String::new(),
    }];
    tian.assign(&other, soon).unwrap();
    let dashboard = tian.dashboard().unwrap();
    let attention: Vec<(&str, i64)> =
        dashboard.attention.iter().map(|x| (x.proposal.number.as_str(), x.deadline.unwrap().days_left)).collect();
    assert_eq!(attention, [("0069", -28), ("0458", 4)], "most urgent first");

    let mut settings = tian.settings().unwrap();
    settings.deadlines.reply_months = 6;
    tian.save_settings(&settings).unwrap();
    assert_eq!(tian.dossier(&id).unwrap().due_date, Some(d(2026, 7, 31)), "the reply period is a setting");
}

#[test]
fn suggestion_progress_gives_the_share_carried_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    let progress = |index, status| SuggestionProgress {
        index,
        status,
        evidence: "平台上线通知".into(),
        date: Some(d(2026, 5, 1)),
    };
    assert!(tian.set_suggestion(&id, progress(1, SuggestionState::Done)).unwrap_err().to_string().contains("尚未交办"));
    tian.assign(&id, assignment(d(2026, 3, 1))).unwrap();
    tian.set_suggestion(&id, progress(1, SuggestionState::Done)).unwrap();
    let x = tian.set_suggestion(&id, progress(3, SuggestionState::Partly)).unwrap();
    let again = tian.set_suggestion(&id, progress(1, SuggestionState::Done)).unwrap_err();
    assert!(matches!(again, CoreError::Unchanged), "saving the same status again records nothing");
    assert_eq!((x.progress.total, x.progress.done, x.progress.partly), (6, 1, 1));
    assert_eq!(x.progress.percent, 25.0);
    let err = tian.set_suggestion(&id, progress(7, SuggestionState::Done)).unwrap_err().to_string();
    assert_eq!(err, "第0069号提案只有6条建议，没有第7条。");
}

#[test]
fn reply_attachments_are_kept_byte_for_byte_and_the_text_can_come_from_docx() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    tian.assign(&id, assignment(d(2026, 3, 1))).unwrap();
    let scan: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let original = dir.path().join("复文扫描件.pdf");
    std::fs::write(&original, &scan).unwrap();
    let docx = dir.path().join("复文.docx");
    {
        use std::io::Write;
        let mut zip = zip_writer(&docx);
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        write!(zip, "<w:document><w:body><w:p><w:r><w:t>市教育局关于第0069号提案的答复</w:t></w:r></w:p><w:p><w:r><w:t>已制定标准。</w:t></w:r></w:p></w:body></w:document>").unwrap();
        zip.finish().unwrap();
    }
    let mut input = reply("市教育局", AnswerClass::A, d(2026, 5, 20));
    input.text_file = Some(docx);
    input.attachments = vec![original.clone()];
    let x = tian.add_reply(&id, input).unwrap();
    let kept = &x.replies[0].attachments[0];
    assert_eq!((kept.name.as_str(), kept.size), ("复文扫描件.pdf", 50_000));
    std::fs::remove_file(&original).unwrap();
    assert_eq!(
        std::fs::read(tian.attachment_path(&kept.sha256).unwrap()).unwrap(),
        scan,
        "the copy outlives the original"
    );
    assert_eq!(x.replies[0].text, "市教育局关于第0069号提案的答复\n已制定标准。");
}

fn zip_writer(path: &Path) -> zip::ZipWriter<std::fs::File> {
    zip::ZipWriter::new(std::fs::File::create(path).unwrap())
}

/// A clerk's action on 0069, as the property test below tries them.
#[derive(Debug, Clone)]
enum Action {
    Assign,
    Contact,
    Reply(&'static str),
    Feedback(Satisfaction),
    Rehandle,
    Close,
    Reopen,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Assign),
        Just(Action::Contact),
        prop::sample::select(vec!["市教育局", "市科技局", "市民政局"]).prop_map(Action::Reply),
        prop::sample::select(Satisfaction::ALL.to_vec()).prop_map(Action::Feedback),
        Just(Action::Rehandle),
        Just(Action::Close),
        Just(Action::Reopen),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    // Every accepted action is in the audit trail, in order; a refused one leaves no trace.
    #[test]
    fn every_accepted_action_appears_in_the_timeline(actions in prop::collection::vec(action(), 1..14)) {
        let dir = tempfile::tempdir().unwrap();
        let (mut tian, id) = workspace(dir.path());
        let mut accepted = vec!["导入提案".to_owned()];
        for a in &actions {
            let day = d(2026, 4, 1);
            let (label, result) = match a {
                Action::Assign => ("交办", tian.assign(&id, assignment(d(2026, 3, 1)))),
                Action::Contact => ("记录沟通", tian.add_contact(&id, Contact { id: String::new(), date: day, method: ContactMethod::Meeting, unit: None, people: String::new(), content: "见面沟通".into() })),
                Action::Reply(unit) => ("录入答复", tian.add_reply(&id, reply(unit, AnswerClass::B, day))),
                Action::Feedback(s) => ("录入反馈", tian.give_feedback(&id, feedback(*s, day))),
                Action::Rehandle => ("决定再办理：请进一步研究", tian.decide_after_unsatisfied(&id, rehandle(day))),
                Action::Close => ("办结", tian.close(&id, closure(day, "办结"))),
                Action::Reopen => ("重新打开：复查", tian.reopen(&id, day, "复查")),
            };
            let ops_before_check = op_count(dir.path());
            match result {
                Ok(_) => accepted.push(label.to_owned()),
                Err(CoreError::Refused(r)) => prop_assert!(r.0.starts_with("不能"), "{r}"),
                Err(CoreError::Unchanged) => {}
                Err(other) => prop_assert!(false, "unexpected error: {other}"),
            }
            prop_assert_eq!(op_count(dir.path()), ops_before_check);
        }
        let timeline: Vec<String> = tian.timeline(&id).unwrap().into_iter().map(|e| e.action).collect();
        prop_assert_eq!(timeline, accepted);
    }
}

/// 并案 joins a proposal to one still handled: not to one withdrawn,
/// refused or itself merged, where it would never be answered.
#[test]
fn a_proposal_is_merged_only_into_one_still_handled() {
    let dir = tempfile::tempdir().unwrap();
    let (mut tian, id) = workspace(dir.path());
    let other = tian.resolve("0045", None).unwrap();
    let withdrawal = tian_core::domain::Withdrawal { date: d(2026, 5, 1), reason: "提案者撤回".into() };
    tian.withdraw(&other, withdrawal).unwrap();
    let merge =
        Review { outcome: ReviewOutcome::Merged, reason: "内容相近".into(), merged_into: Some("0045".into()) };
    let refused = tian.review(&id, merge.clone()).unwrap_err().to_string();
    assert!(refused.contains("第0045号提案已撤案"), "{refused}");
    assert_eq!(tian.dossier(&id).unwrap().proposal.stage, Stage::Registered, "nothing changed");
    let into_handled = Review { merged_into: Some("0174".into()), ..merge };
    assert_eq!(tian.review(&id, into_handled).unwrap().proposal.stage, Stage::Merged);
}
