//! A handling unit's day in its own window. Its installation was set up
//! from the committee's 初始化文件; it takes in the committee's package,
//! records a 沟通 on 0069, drafts its answer as an official letter from the
//! answer form (起草复文…) and records it with the letter, and sends
//! everything the committee has not yet acknowledged in one step
//! (发送给提案委员会), into the folder it last used. The committee's
//! installation then takes that package and holds the contact, and the
//! answer with its letter.

use std::path::{Path, PathBuf};

use chrono::{Days, Local};
use tian_core::domain::{Assignment, UnitAssignment, UnitRole};
use tian_core::{ExportMode, Role, Tian};
use tian_e2e::Window;

/// The committee's side of a unit's first day: its workspace in `dir`, the
/// 初始化文件 it made for 市教育局 and 0069 assigned to 市教育局 ten days ago.
struct Committee {
    tian: Tian,
    setup: PathBuf,
    key: PathBuf,
    down: PathBuf,
    id: tian_core::domain::ProposalId,
    assigned: chrono::NaiveDate,
}

impl Committee {
    fn in_folder(dir: &Path) -> Committee {
        std::fs::create_dir_all(dir).unwrap();
        let mut tian = Tian::open(&dir.join("委员会/tian.db")).unwrap();
        tian.init_identity(Role::Committee, "市政协提案委员会").unwrap();
        let setup = dir.join("市教育局.tianinit");
        tian.export_setup_file("市教育局", &setup).unwrap();
        let id = tian.resolve("0069", None).unwrap();
        let assigned = Local::now().date_naive() - Days::new(10);
        let units = vec![assignment("市教育局", UnitRole::Lead)];
        tian.assign(&id, Assignment { date: assigned, units, mode: Default::default() }).unwrap();
        Committee { tian, setup, key: dir.join("市教育局.tiankey"), down: dir.join("下发.tianpkg"), id, assigned }
    }

    /// 市教育局's installation at `db`, set up from the 初始化文件, its key
    /// trusted here, and this committee's package for it written (not taken).
    fn set_up_unit(&mut self, db: &Path) -> Tian {
        let mut unit = Tian::open(db).unwrap();
        unit.init_from_setup_file(&self.setup).unwrap();
        unit.export_key(&self.key).unwrap();
        let seen = self.tian.preview_key(&self.key).unwrap().fingerprint;
        self.tian.trust_key(&self.key, &seen).unwrap();
        self.tian.export_package(Some("市教育局"), ExportMode::Unacknowledged, &self.down).unwrap();
        unit
    }
}

fn assignment(unit: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment { unit: unit.into(), role, contact: String::new(), phone: String::new() }
}

#[test]
fn a_unit_takes_in_the_committees_package_records_a_contact_and_sends_it_back_in_one_step() {
    let files = tempfile::tempdir().unwrap();
    let stick = files.path().join("U盘");
    let mut committee = Committee::in_folder(&stick);
    let (id, date, down) = (committee.id.clone(), committee.assigned, committee.down.clone());
    // 0045 it co-handles: its 会办意见 goes to 市科技局.
    let co = committee.tian.resolve("0045", None).unwrap();
    let units = vec![assignment("市科技局", UnitRole::Lead), assignment("市教育局", UnitRole::Co)];
    committee.tian.assign(&co, Assignment { date, units, mode: Default::default() }).unwrap();

    let window = Window::open_on(|db| {
        committee.set_up_unit(db);
    });
    window.wait_for_text("[data-testid=nav-list]", |t| t == "本单位承办");
    window.wait_for_list(0);
    // Its list is its own: what it is waiting for, and none of the committee's tools.
    window.wait_for_text("[data-testid=list-empty]", |t| t.contains("还没有交办给本单位的提案"));
    assert!(window.find_all("[data-testid=import-button]").is_empty(), "no 导入公告 on a unit's list");
    // The committee's rules are shown, not set, on its 设置 page.
    window.click("[data-testid=nav-settings]");
    window.wait_for_text("[data-testid=rules-from-committee]", |t| t.contains("由提案委员会设定"));
    assert!(window.find_all("[data-testid=settings-issuer]").is_empty(), "no report head on a unit's settings");

    window.click("[data-testid=nav-exchange]");
    window.click("[data-testid=import-package]");
    window.answer_file_dialog("选择交换包", &down);
    window.wait_for_text("[data-testid=package-preview]", |t| t.contains("第0069号"));
    window.click("[data-testid=confirm-import]");
    window.wait("the preview to close", || window.find_all("[data-testid=package-preview]").is_empty().then_some(()));

    // 会办: the proposal it co-handles, whom its opinion goes to and by when.
    window.click("[data-testid=nav-co]");
    let row = window.wait_for_text("[data-testid=co-table] .co-row", |t| t.contains("第0045号"));
    assert!(row.contains("市科技局"), "{row}");
    let due = tian_core::domain::dates::add_months(date, 1);
    assert!(row.contains(&format!("应于 {} 前送主办单位", tian_core::domain::dates::format_cn(due))), "{row}");

    // 本单位承办: what it leads, with what it owes and by when.
    window.click("[data-testid=nav-list]");
    window.wait_for_list(1);
    window.wait("0069 to say what the unit owes", || {
        let notes = window.find_all(".proposal-0069 .desk-note");
        notes.iter().map(|n| n.property("textContent")).find(|t| t.starts_with("答复函（"))
    });
    window.click(".proposal-0069 .title");
    window.wait_for_text("[data-testid=contact-own-unit]", |t| t == "市教育局");
    window.wait_for_count("textarea[data-testid=contact-content]", 1)[0].type_text("电话联系市民盟，商定调研安排");
    window.click("[data-testid=submit-contact]");
    window.wait_for_text("[data-testid=stage]", |t| t == "办理中");

    // The answer: the letter drafted in official form from what the form
    // holds, kept with the answer when it is recorded.
    window.wait("the confirmations to fade", || window.find_all(".el-message").is_empty().then_some(()));
    window.click("#tab-reply");
    window.click_xpath("//*[@data-testid='reply-class']//span[text()='B类']");
    window.wait_for_count("input[data-testid=reply-number]", 1)[0].type_text("教提复〔2026〕12号");
    window.wait_for_count("input[data-testid=reply-signer]", 1)[0].type_text("王建华");
    window.wait_for_count("textarea[data-testid=reply-text]", 1)[0]
        .type_text("你们提出的提案收悉。我局已制定智慧教育建设标准，列入年度计划。");
    window.click("[data-testid=draft-letter]");
    let letter = stick.join("第0069号提案答复.docx");
    window.answer_file_dialog("起草办理复文", &letter);
    window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已起草复文"));
    // Read back as any reply letter is: its head and its body.
    let read = committee.tian.read_reply_letter(&letter).unwrap();
    assert_eq!(read.head.class, Some(tian_core::domain::AnswerClass::B), "{:?}", read.head);
    assert_eq!(read.head.number.as_deref(), Some("教提复〔2026〕12号"));
    assert_eq!(read.head.signer.as_deref(), Some("王建华"));
    assert!(read.text.contains("列入年度计划"), "{}", read.text);
    window.click("[data-testid=submit-reply]");
    window.wait_for_text("[data-testid=stage]", |t| t == "已答复");
    // Recorded, not yet sent: the next step says so.
    window.wait_for_text("[data-testid=next-needed]", |t| t.contains("尚未发给提案委员会"));

    window.wait("the confirmations to fade", || window.find_all(".el-message").is_empty().then_some(()));
    window.click("[data-testid=nav-exchange]");
    let owed = window.wait_for_text("[data-testid=unacknowledged]", |t| t.contains("尚未确认收到"));
    assert!(owed.contains("项修改"), "{owed}");
    window.click("[data-testid=send-to-committee]");
    let said = window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已写好发给提案委员会的交换包"));
    assert!(said.contains("1 件提案"), "{said}");
    let written = window.wait_for_text(".saved-notice [data-testid=saved-path]", |t| !t.is_empty());
    assert!(written.starts_with(&stick.display().to_string()), "into the folder last used: {written}");
    window.screenshot("unit-sent-to-committee.png");
    window.wait_for_text("[data-testid=package-history] [data-testid=package-confirmed]", |t| t == "待确认");

    // 复文: the letter, sent and waiting for the committee's 回执; its figures.
    window.click("[data-testid=nav-letters]");
    let letter = window.wait_for_text("[data-testid=letters-table] .letter-row", |t| t.contains("第0069号"));
    assert!(letter.contains("教提复〔2026〕12号") && letter.contains("答复（B类）"), "{letter}");
    assert!(letter.contains("已发送"), "{letter}");
    window.wait_for_text("[data-testid=unit-figure-主办件数] .n", |t| t == "1");
    window.wait_for_text("[data-testid=unit-figure-按期办复率] .n", |t| t == "100%");
    window.screenshot("unit-letters.png");
    drop(window);

    let taken = committee.tian.import_package(Path::new(&written)).unwrap();
    assert_eq!(taken.refused, [], "nothing of the unit's is refused");
    let held = committee.tian.dossier(&id).unwrap();
    assert!(
        held.contacts.iter().any(|c| c.unit.as_deref() == Some("市教育局") && c.content.contains("商定调研安排")),
        "{:?}",
        held.contacts
    );
    let answer = held.replies.iter().find(|r| r.unit == "市教育局").expect("the answer reached the committee");
    assert_eq!((answer.class, answer.number.as_str()), (Some(tian_core::domain::AnswerClass::B), "教提复〔2026〕12号"));
    assert_eq!(answer.attachments.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["第0069号提案答复.docx"]);
}

/// Every action that is the committee's, sent through the window's own
/// commands as the page would send them, is refused on a unit's
/// installation in words that name its role, and changes nothing there.
#[test]
fn every_committee_action_sent_through_the_window_is_refused_naming_the_role() {
    let files = tempfile::tempdir().unwrap();
    let mut committee = Committee::in_folder(files.path());
    let id = committee.id.clone();
    let mut db = PathBuf::new();
    let window = Window::open_on(|path| {
        let mut unit = committee.set_up_unit(path);
        unit.import_package(&committee.down).unwrap();
        db = path.to_owned();
    });
    window.wait_for_list(1);
    let before = Tian::open(&db).unwrap().dossier(&id).unwrap();

    // Sent as the page's typed calls send them (bindings/commands.ts).
    window.script(&format!(
        r#"
        const d = "{date}";
        const p = {{ number: "0069", session: null }};
        const assignment = {{ date: d, units: [{{ unit: "市教育局", role: "主办", contact: "", phone: "" }}], mode: "联合主办" }};
        const filters = {{ session: null, stage: null, lead_unit: null, leader: null, proposer: null, answer_class: null, category: null, overdue: false }};
        const steps = [
          ["assign", {{ ...p, assignment }}],
          ["correct_assignment", {{ ...p, assignment }}],
          ["review", {{ ...p, review: {{ outcome: "不予立案", reason: "不属于提案范围", merged_into: null }} }}],
          ["add_activity", {{ ...p, activity: {{ id: "", kind: "调研", date: d, place: "", leaders: [], units: [], summary: "实地调研", follow_ups: [] }} }}],
          ["give_feedback", {{ ...p, input: {{ date: d, result: "满意", comment: "", unit: null }} }}],
          ["decide_after_unsatisfied", {{ ...p, decision: {{ "再办理": {{ date: d, due: null, reason: "再研究", unit: null }} }} }}],
          ["close", {{ ...p, closure: {{ date: d, summary: "已落实", kind: "满意办结" }} }}],
          ["decide_extension", {{ ...p, requestId: "x", decision: {{ approved: true, date: d, due: null, note: "" }} }}],
          ["withdraw", {{ ...p, withdrawal: {{ date: d, reason: "提案者撤回" }} }}],
          ["reopen", {{ ...p, date: d, reason: "重新办理" }}],
          ["set_category", {{ ...p, category: "教育" }}],
          ["set_category_where", {{ filters, category: "教育" }}],
          ["set_category_of", {{ proposals: [["0069", "十三届五次"]], category: "教育" }}],
          ["undo_category_change", {{}}],
          ["link_plan", {{ ...p, item: "任务25", state: "已确认" }}],
          ["add_unit", {{ name: "市新设局", shortName: "" }}],
          ["rename_unit", {{ old: "市教育局", new: "市教育委员会" }}],
          ["set_short_name", {{ name: "市教育局", shortName: "教育" }}],
          ["edit_report", {{ scope: {{ numbers: [], session: null, number: "", signer: "" }}, texts: {{ "一": "改写" }} }}],
          ["report_paragraphs", {{ scope: {{ numbers: [], session: null, number: "", signer: "" }} }}],
          ["get_dashboard", {{}}],
          ["get_statistics", {{ session: null }}],
        ];
        window.__refusals = {{}};
        window.__TAURI_INTERNALS__.invoke("get_settings", {{}}).then((settings) => {{
          settings.deadlines.reply_months = 1;
          steps.push(["save_settings", {{ settings }}]);
          for (const [name, args] of steps)
            window.__TAURI_INTERNALS__.invoke(name, args).then(
              () => (window.__refusals[name] = "TAKEN"),
              (e) => (window.__refusals[name] = typeof e === "string" ? e : JSON.stringify(e)),
            );
        }});
        "#,
        date = Local::now().date_naive().format("%Y-%m-%d")
    ));
    let said = window.wait("every command to answer", || {
        let said = window.script("return window.__refusals");
        (said.as_object().is_some_and(|o| o.len() == 23)).then_some(said)
    });
    let taken: Vec<String> = said
        .as_object()
        .unwrap()
        .iter()
        .map(|(command, message)| (command, message.as_str().unwrap_or_default()))
        .filter(|(_, message)| !message.contains("本机是承办单位（市教育局），不能"))
        .map(|(command, message)| format!("{command}: {message}"))
        .collect();
    assert_eq!(taken, Vec::<String>::new(), "every committee action is refused, naming the role");
    // Read while the window's workspace is still there.
    let after = Tian::open(&db).unwrap();
    assert_eq!(after.dossier(&id).unwrap(), before, "nothing changed on the unit's installation");
    assert_eq!(after.settings().unwrap().deadlines.reply_months, 3, "the committee's rules stand");
    drop(window);
}

/// 复文 as the unit's clerk finds it the next morning: the letter drafted
/// yesterday is listed as a draft with its 文号, and the answer form offers
/// it back (使用这份草稿): its 文号 and the file, whose body still holds the
/// places left to write, so recording it is refused and says why. Its file,
/// moved away since, is said to be missing, with its path, when opened from
/// 复文; and the proposal opens from the letter's number.
#[test]
fn a_draft_is_offered_back_by_the_answer_form_and_listed_on_the_letters_page() {
    let files = tempfile::tempdir().unwrap();
    let draft = files.path().join("第0069号提案答复.docx");
    let mut committee = Committee::in_folder(files.path());
    let id = committee.id.clone();
    let window = Window::open_on(|path| {
        let mut unit = committee.set_up_unit(path);
        unit.import_package(&committee.down).unwrap();
        let letter = tian_core::LetterDraft {
            class: Some(tian_core::domain::AnswerClass::B),
            number: "教提复〔2026〕12号".into(),
            signer: "王建华".into(),
            date: Local::now().date_naive(),
            ..Default::default()
        };
        unit.export_reply_letter(&id, &letter, tian_core::ReportFormat::Docx, &draft).unwrap();
    });
    window.wait_for_list(1);
    window.click(".proposal-0069 .title");
    window.click("#tab-reply");
    let offered = window.wait_for_text("[data-testid=kept-draft]", |t| t.contains("已起草的复文"));
    assert!(offered.contains("第0069号提案答复.docx") && offered.contains("教提复〔2026〕12号"), "{offered}");
    window.click("[data-testid=use-kept-draft]");
    let number = window.wait_for_count("input[data-testid=reply-number]", 1)[0].property("value");
    assert_eq!(number, "教提复〔2026〕12号");
    window.wait_for_text("[data-testid=letter-note]", |t| t.contains("已使用起草的复文"));
    window.click("[data-testid=submit-reply]");
    // The reminder that no 沟通 is recorded first; then the refusal.
    window.wait_for_text(".el-message-box__message", |t| t.contains("还没有记录与提案者的沟通"));
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[normalize-space(.)='仍然录入']");
    let refused = window.answer("待填写", "知道了");
    assert!(refused.contains("请写明办理情况"), "{refused}");

    std::fs::remove_file(&draft).unwrap();
    window.click("[data-testid=nav-letters]");
    window.answer("尚未保存", "离开");
    let row = window.wait_for_text("[data-testid=letters-table] .letter-row", |t| t.contains("草稿"));
    assert!(row.contains("教提复〔2026〕12号") && row.contains("第0069号提案答复.docx"), "{row}");
    window.click("[data-testid=open-draft]");
    let said = window.wait_for_text(".el-message", |t| t.contains("找不到文件"));
    assert!(said.contains(&draft.display().to_string()), "{said}");
    window.click("[data-testid=letter-proposal]");
    window.wait_for_text("[data-testid=stage]", |t| t == "交办");
}

/// An answer the committee refused (its PC a few days behind, so the
/// answer's date was in its future) comes back with the committee's next
/// package: the clerk imports it, is told the answer was taken back and
/// why, and 复文 lists the letter as 委员会未接受 with the reason.
#[test]
fn an_answer_the_committee_refused_comes_back_as_refused_with_its_reason() {
    let files = tempfile::tempdir().unwrap();
    let stick = files.path().join("U盘");
    let mut committee = Committee::in_folder(&stick);
    let id = committee.id.clone();
    let receipt = stick.join("回执.tianpkg");
    let mut db = PathBuf::new();
    let window = Window::open_on(|path| {
        db = path.to_owned();
        let mut unit = committee.set_up_unit(path);
        unit.import_package(&committee.down).unwrap();
        let today = Local::now().date_naive();
        let answer = tian_core::ReplyInput {
            unit: "市教育局".into(),
            date: today,
            class: Some(tian_core::domain::AnswerClass::B),
            signer: "王建华".into(),
            signer_post: String::new(),
            number: "教提复〔2026〕15号".into(),
            contact: String::new(),
            text: "智慧教育平台建设已列入今年计划。".into(),
            text_file: None,
            attachments: vec![],
            public: true,
            private_reason: String::new(),
        };
        unit.add_reply(&id, answer).unwrap();
        let up = stick.join("上报.tianpkg");
        unit.export_package(None, ExportMode::Unacknowledged, &up).unwrap();
        committee.tian.set_today(today - Days::new(5));
        assert!(committee.tian.import_package(&up).unwrap().refused_total > 0, "the committee refuses it");
        committee.tian.export_package(Some("市教育局"), ExportMode::Unacknowledged, &receipt).unwrap();
    });
    window.wait_for_list(1);
    window.click("[data-testid=nav-exchange]");
    window.click("[data-testid=import-package]");
    window.answer_file_dialog("选择交换包", &receipt);
    let preview = window.wait_for_text("[data-testid=package-preview]", |t| t.contains("已撤回"));
    assert!(preview.contains("委员会未接受本单位录入的办理复文，已撤回"), "{preview}");
    assert!(preview.contains("晚于提案委员会收到时的日期"), "{preview}");
    window.click("[data-testid=confirm-import]");
    let said = window.wait_for_text(".el-message", |t| t.contains("已撤回"));
    assert!(said.contains("提案委员会未接受本机的 1 处记录或修改"), "{said}");
    window.wait("the preview to close", || window.find_all("[data-testid=package-preview]").is_empty().then_some(()));

    window.click("[data-testid=nav-letters]");
    let row = window.wait_for_text("[data-testid=letters-table] .letter-row", |t| t.contains("委员会未接受"));
    assert!(row.contains("教提复〔2026〕15号"), "{row}");
    let reason = window.wait_for_text("[data-testid=letter-refused-for]", |t| !t.is_empty());
    assert!(reason.contains("请提案委员会核对其电脑的日期"), "{reason}");
    window.screenshot("unit-letter-refused.png");
    // Read while the window's workspace is still there: the answer is gone
    // at the unit as at the committee, so both show the same.
    assert!(Tian::open(&db).unwrap().dossier(&id).unwrap().replies.is_empty());
    drop(window);
    assert!(committee.tian.dossier(&id).unwrap().replies.is_empty());
}
