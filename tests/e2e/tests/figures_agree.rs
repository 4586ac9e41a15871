//! One definition of every figure, as the clerk reads it: the 督办总览 and
//! the 统计与台账 page show the same 办复率, 办结率, 正在办理 and the rest,
//! from the same figures `tian stats` gives; and closing a proposal whose
//! co-unit never sent its 会办意见 asks first.

use chrono::NaiveDate;
use tian_core::domain::{Assignment, LeadMode, Satisfaction, UnitAssignment, UnitRole};
use tian_core::{FeedbackInput, ReplyInput, Tian};
use tian_e2e::Window;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn unit(name: &str, role: UnitRole) -> UnitAssignment {
    UnitAssignment { unit: name.into(), role, contact: String::new(), phone: String::new() }
}

fn reply(unit: &str, on: NaiveDate, class: tian_core::domain::AnswerClass) -> ReplyInput {
    ReplyInput {
        unit: unit.into(),
        date: on,
        class: Some(class),
        number: String::new(),
        signer: "王局长".into(),
        signer_post: String::new(),
        contact: String::new(),
        text: "已列入计划。".into(),
        text_file: None,
        attachments: Vec::new(),
        public: true,
        private_reason: String::new(),
    }
}

/// 0069 answered and judged, its co-unit 市财政局 silent; 0020 under 分办,
/// both its lead units answered; 0045 handed over and late.
fn prepare(db: &std::path::Path) {
    use tian_core::domain::AnswerClass::{A, B};
    let mut tian = Tian::open(db).unwrap();
    let id = tian.resolve("0069", None).unwrap();
    let units = vec![unit("市教育局", UnitRole::Lead), unit("市财政局", UnitRole::Co)];
    tian.assign(&id, Assignment { date: day(3, 1), units, mode: LeadMode::default() }).unwrap();
    tian.add_reply(&id, reply("市教育局", day(5, 20), A)).unwrap();
    let verdict = FeedbackInput {
        date: day(6, 1),
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    tian.give_feedback(&id, verdict).unwrap();
    let id = tian.resolve("0020", None).unwrap();
    let units = vec![unit("市财政局", UnitRole::Lead), unit("市科技局", UnitRole::Lead)];
    tian.assign(&id, Assignment { date: day(3, 1), units, mode: LeadMode::Split }).unwrap();
    tian.add_reply(&id, reply("市财政局", day(5, 10), A)).unwrap();
    tian.add_reply(&id, reply("市科技局", day(5, 20), B)).unwrap();
    let id = tian.resolve("0045", None).unwrap();
    let units = vec![unit("市数据资源管理局", UnitRole::Lead)];
    tian.assign(&id, Assignment { date: day(3, 1), units, mode: LeadMode::default() }).unwrap();
}

/// The figure cards on the page now shown: label → value.
fn cards(window: &Window, css: &str) -> Vec<(String, String)> {
    let found = window.wait("the figure cards", || {
        let cards = window.script(&format!(
            r#"return [...document.querySelectorAll("{css} [data-testid^=figure-]")].map((c) =>
                 [c.dataset.testid.slice(7), c.querySelector(".value, .n").textContent.trim()]);"#
        ));
        cards.as_array().filter(|a| !a.is_empty()).cloned()
    });
    found.iter().map(|c| (c[0].as_str().unwrap().to_owned(), c[1].as_str().unwrap().to_owned())).collect()
}

#[test]
fn the_overview_and_the_statistics_show_the_same_figures_and_closing_asks_for_the_missing_opinion() {
    let window = Window::open_on(prepare);
    window.wait_for_list(13);

    window.click("[data-testid=nav-dashboard]");
    let overview = cards(&window, "[data-testid=figure-cards]");
    window.click("[data-testid=nav-statistics]");
    let statistics = cards(&window, "[data-testid=stat-cards]");
    assert_eq!(overview, statistics, "the same figures on both pages");
    // Under 分办 both of 0020's answers count: 0069's and 0020's two make 3 answers, all judged or not.
    let figure = |label: &str| overview.iter().find(|(l, _)| l == label).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(figure("已交办"), "3件");
    assert_eq!(figure("办复率"), "66.7%");
    assert_eq!(figure("正在办理"), "1件");
    window.screenshot("figures-agree.png");

    // 0069's proposer is satisfied: the clerk closes it, and is asked first.
    window.click("[data-testid=nav-list]");
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.wait_for_text("[data-testid=stage]", |t| t == "已反馈");
    window.click_xpath("//div[contains(@class,'el-tabs__item')][normalize-space(.)='办结']");
    window.wait_for_count("textarea[data-testid=close-summary]", 1)[0].type_text("智慧教育三年计划已印发。");
    window.click("[data-testid=submit-close]");
    let asked = window.answer("会办意见尚未送达", "返回");
    assert!(asked.contains("市财政局"), "{asked}");
    window.wait_for_text("[data-testid=stage]", |t| t == "已反馈");
    window.click("[data-testid=submit-close]");
    window.answer("会办意见尚未送达", "仍然办结");
    window.wait_for_text("[data-testid=stage]", |t| t == "办结");
}
