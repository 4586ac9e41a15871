//! The committee's two decisions in the real window: a unit's request for
//! more time, refused once the answer is late, and otherwise entered and
//! approved, which moves the due date and shows 已延期至; an unsatisfied verdict waits on the dashboard until the clerk
//! decides, and a second one is closed with an explanation after confirming.

use chrono::{Days, Local, NaiveDate};
use tian_core::domain::{AnswerClass, Assignment, Satisfaction, UnitAssignment, UnitRole};
use tian_core::{FeedbackDecision, FeedbackInput, ReplyInput, Tian};
use tian_e2e::Window;

fn days_ago(n: u64) -> NaiveDate {
    Local::now().date_naive() - Days::new(n)
}

fn assign(tian: &mut Tian, number: &str, unit: &str, date: NaiveDate) -> tian_core::domain::ProposalId {
    let id = tian.resolve(number, None).unwrap();
    let lead = UnitAssignment { unit: unit.into(), role: UnitRole::Lead, contact: String::new(), phone: String::new() };
    tian.assign(&id, Assignment { date, units: vec![lead], mode: Default::default() }).unwrap();
    id
}

fn answer(tian: &mut Tian, id: &tian_core::domain::ProposalId, unit: &str, date: NaiveDate) {
    let reply = ReplyInput {
        unit: unit.into(),
        date,
        class: Some(AnswerClass::B),
        signer: "局长".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "已列入计划。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    };
    tian.add_reply(id, reply).unwrap();
    let comment = "措施不具体".to_owned();
    tian.give_feedback(
        id,
        FeedbackInput { date, result: Satisfaction::Unsatisfied, comment, unit: None, form: Default::default() },
    )
    .unwrap();
}

fn stage(window: &Window, expected: &str) {
    window.wait_for_text("[data-testid=stage]", |t| t == expected);
}

fn open_proposal(window: &Window, number: &str) {
    // A step's confirmation floats over the menu for a few seconds; a click
    // that lands on it as it fades goes to it, not to the menu.
    window.wait("the confirmations to fade", || window.find_all(".el-message").is_empty().then_some(()));
    window.click("[data-testid=nav-list]");
    window.wait_for_list(13);
    window.click(&format!(".proposal-{number} .title"));
}

#[test]
fn an_extension_is_entered_and_approved_and_an_unsatisfied_answer_waits_for_the_committees_decision() {
    let window = Window::open_on(|db| {
        let mut tian = Tian::open(db).unwrap();
        // Handed over 100 days ago: three months have passed, the answer is late.
        assign(&mut tian, "0069", "市教育局", days_ago(100));
        // Handed over 85 days ago: due in a few days.
        assign(&mut tian, "0020", "市财政局", days_ago(85));
        let id = assign(&mut tian, "0044", "市农业农村局", days_ago(150));
        answer(&mut tian, &id, "市农业农村局", days_ago(60));
        let decide =
            FeedbackDecision::Rehandle { date: days_ago(59), due: None, reason: "再研究".into(), unit: None };
        tian.decide_after_unsatisfied(&id, decide).unwrap();
        answer(&mut tian, &id, "市农业农村局", days_ago(30));
    });
    window.wait_for_list(13);

    // The dashboard names what waits for the committee.
    window.click("[data-testid=nav-dashboard]");
    let waiting = window.wait_for_text("[data-testid=waiting]", |t| t.contains("0044"));
    assert!(waiting.contains("不满意待决定"), "{waiting}");
    // A stage card opens the list filtered on that stage.
    window.click("[data-testid=stage-card-待决定]");
    window.wait_for_list(1);
    window.wait_for_count(".proposal-0044", 1);
    window.click("[data-testid=nav-dashboard]");
    window.click("[data-testid=list-overdue]");
    window.wait_for_list(1);
    window.wait_for_count(".proposal-0069", 1);
    // The list keeps that filter until the clerk clears it.
    window.click("[data-testid=clear-filters]");
    window.wait_for_list(13);

    // 0069: late; a request for more time now would count the late answer
    // as on time, so it is refused with both dates named.
    let to = Local::now().date_naive() + Days::new(30);
    let request = |window: &Window| {
        window.click("#tab-extend");
        let typed = format!("{}\u{E007}", to.format("%Y年%-m月%-d日"));
        window.wait_for_count(".extend-to input", 1)[0].type_text(&typed);
        window.wait_for_count("textarea[data-testid=extend-reason]", 1)[0].type_text("需完成全市学校调研");
        window.click("[data-testid=submit-extend]");
    };
    open_proposal(&window, "0069");
    stage(&window, "交办");
    window.wait_for_text(".state .deadline-tag", |t| t.starts_with("已逾期"));
    request(&window);
    let refused = window.answer("逾期后不能再申请延期", "知道了");
    assert!(refused.contains("晚于答复期限"), "{refused}");
    window.wait_for_text(".state .deadline-tag", |t| t.starts_with("已逾期"));

    // 0020: due in a few days; the unit's request is entered and approved.
    // (Leaving 0069 asks about the request typed there, which the clerk drops.)
    window.wait("the confirmations to fade", || window.find_all(".el-message").is_empty().then_some(()));
    window.click("[data-testid=nav-list]");
    window.answer("尚未保存", "离开");
    window.wait_for_list(13);
    window.click(".proposal-0020 .title");
    stage(&window, "交办");
    request(&window);
    let pending = window.wait_for_text("[data-testid=pending-extension]", |t| !t.is_empty());
    assert!(pending.contains("市财政局") && pending.contains("需完成全市学校调研"), "{pending}");
    // 不同意 needs the committee's reason; without one nothing is decided.
    window.click("[data-testid=refuse-extension]");
    window.answer("请填写不同意延期的理由", "知道了");
    window.wait_for_text("[data-testid=pending-extension]", |t| t.contains("市财政局"));
    window.click("[data-testid=approve-extension]");
    let due = window.wait_for_text(".state [data-testid=deadline-due]", |t| t.starts_with("已延期至"));
    assert_eq!(due, format!("已延期至{}", to.format("%Y年%-m月%-d日")));
    window.wait_for_text(".state .deadline-tag", |t| t == "剩余30天");
    window.screenshot("extension-approved.png");

    // 0044: a second 不满意; closed with an explanation once the clerk confirms.
    open_proposal(&window, "0044");
    stage(&window, "待决定");
    window.click_xpath("//*[@data-testid='decide-choice']//span[text()='说明办结']");
    window.wait_for_count("textarea[data-testid=decide-text]", 1)[0].type_text("受财力所限，已当面向提案者说明");
    window.click("[data-testid=submit-decide]");
    window.answer("说明办结", "确认");
    stage(&window, "办结");
    // The stepper says how it closed: not as a satisfied 办结.
    window.wait_for_text("[data-testid=stepper]", |t| t.contains("说明办结"));
    window.click("#tab-records");
    let records = window.wait_for_text("[data-testid=records]", |t| t.contains("说明办结"));
    assert!(records.contains("受财力所限"), "{records}");
    window.screenshot("explained-close.png");
}

/// 退回 and 改办 in the window: the unit's hand-back, confirmed, stops the
/// clock; the committee names the right unit and the clock starts again.
#[test]
fn a_wrongly_assigned_proposal_is_handed_back_and_assigned_anew() {
    let window = Window::open_on(|db| {
        let mut tian = Tian::open(db).unwrap();
        assign(&mut tian, "0045", "市民政局", days_ago(3));
    });
    window.wait_for_list(13);
    open_proposal(&window, "0045");
    stage(&window, "交办");
    window.click("#tab-handBack");
    let note = window.wait_for_text("[data-testid=hand-back-note]", |t| t.contains("退回期限到"));
    let until = (days_ago(3) + Days::new(10)).format("%Y年%-m月%-d日").to_string();
    assert!(note.contains(&until), "{note}");
    // The date picker reads as Chinese calendars do: weeks from Monday, and 今天 at hand.
    window.click(".hand-back-date input");
    let first_day = window.wait_for_text(".el-date-table th", |t| !t.is_empty());
    assert_eq!(first_day, "一");
    window.wait_for_text(".el-picker-panel__shortcut", |t| t == "今天");
    window.click_xpath("//button[contains(@class,'el-picker-panel__shortcut')][normalize-space(.)='今天']");
    window.click("[data-testid=hand-back-unit]");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='市民政局']");
    window.wait_for_count("textarea[data-testid=hand-back-reason]", 1)[0].type_text("数字政府建设不属本单位职责");
    window.click("[data-testid=submit-hand-back]");
    window.answer("退回", "确认");
    stage(&window, "已退回");
    assert!(window.wait_for_text("[data-testid=next-needed]", |t| !t.is_empty()).contains("改办"));

    // 改办: the form starts without the unit that handed it back; naming it
    // again asks first, with the reason it gave.
    window.click("#tab-assign");
    window.click_xpath("//button[normalize-space(.)='＋ 主办单位']");
    window.wait_for_count(".unit-row input", 3)[0].type_text("市民政局");
    window.click("[data-testid=submit-assign]");
    let asked = window.answer("确认仍交其承办", "取消");
    assert!(asked.contains("数字政府建设不属本单位职责"), "{asked}");
    stage(&window, "已退回");
    window.click_xpath("//div[contains(@class,'unit-row')]//button[normalize-space(.)='移除']");
    window.wait_for_count(".unit-row input", 0);
    window.click_xpath("//button[normalize-space(.)='＋ 主办单位']");
    window.wait_for_count(".unit-row input", 3)[0].type_text("市数据资源管理局");
    window.click("[data-testid=submit-assign]");
    stage(&window, "交办");
    window.wait_for_text(".state .deadline-tag", |t| t.starts_with("剩余"));
    window.click("#tab-timeline");
    let actions: Vec<String> =
        window.wait_for_count("[data-testid=timeline] .action", 4).iter().map(|e| e.text()).collect();
    assert_eq!(&actions[1..], ["交办", "退回：市民政局", "改办"]);
    window.screenshot("reassigned.png");
}
