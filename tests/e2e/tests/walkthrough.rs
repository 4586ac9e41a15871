//! The clerk walks key proposal 0069 through every stage in the real window:
//! 交办, a contact with the proposer, the lead unit's reply, an unsatisfied
//! feedback and the committee's decision to re-handle, a second reply,
//! satisfaction, 办结; then reads the whole story back in the timeline.

use tian_e2e::Window;

fn stage(window: &Window, expected: &str) {
    window.wait_for_text("[data-testid=stage]", |t| t == expected);
}

/// The window opened on proposal `number`, as yet only 立案.
fn registered(number: &str) -> Window {
    let window = Window::open();
    window.wait_for_list(13);
    window.click(&format!(".proposal-{number} .title"));
    stage(&window, "立案");
    window
}

/// 撤销 of the last step, by its button, confirmed.
fn take_back(window: &Window) {
    window.click("[data-testid=undo]");
    window.answer("回到这一步之前的状态", "撤销");
}

fn type_into(window: &Window, css: &str, text: &str) {
    window.wait_for_count(css, 1)[0].type_text(text);
}

fn choose(window: &Window, group: &str, label: &str) {
    let xpath = format!("//*[@data-testid='{group}']//span[text()='{label}']");
    window.click_xpath(&xpath);
}

fn reply(window: &Window, class: &str, text: &str) {
    choose(window, "reply-class", class);
    // The class's wording from 设置 stands beside the choice.
    window.wait_for_text("[data-testid=class-wording]", |t| t.starts_with(&format!("{class}：")) && t.len() > 12);
    type_into(window, "input[data-testid=reply-signer]", "王局长");
    type_into(window, "textarea[data-testid=reply-text]", text);
    window.click("[data-testid=submit-reply]");
}

#[test]
fn proposal_0069_is_walked_from_registration_to_closure_with_a_rehandling() {
    let window = registered("0069");
    assert!(window.wait_for_text("[data-testid=next-needed]", |t| !t.is_empty()).contains("交办"));

    // 交办 with the lead unit the announcement names, dated today.
    window.click("[data-testid=submit-assign]");
    stage(&window, "交办");

    // The calendar offers only the days the rules allow: from 交办 (today)
    // to today, no day to come.
    window.click_xpath("//div[contains(@class,'el-form-item')][.//label[normalize-space(.)='日期']]//input");
    let days = window.wait("the calendar", || {
        let days = window.script(
            r#"const panel = [...document.querySelectorAll(".el-picker-panel")].find((p) => p.offsetParent !== null);
               if (!panel) return null;
               const cells = [...panel.querySelectorAll(".el-date-table td")]
                 .filter((td) => !td.classList.contains("prev-month") && !td.classList.contains("next-month"));
               const today = cells.find((td) => td.classList.contains("today"));
               if (!today) return null;
               const n = Number(today.innerText.trim());
               return cells.map((td) => [Number(td.innerText.trim()) - n, td.classList.contains("disabled")]);"#,
        );
        days.as_array().cloned()
    });
    assert!(days.len() >= 28, "a month of days: {days:?}");
    for day in &days {
        let (offset, disabled) = (day[0].as_i64().unwrap(), day[1].as_bool().unwrap());
        assert_eq!(disabled, offset != 0, "day {offset} from today: {days:?}");
    }
    // A day to come typed by hand is refused, naming both days, and the
    // field keeps the day it had rather than quietly taking another.
    let date_input = "//div[contains(@class,'el-form-item')][.//label[normalize-space(.)='日期']]//input";
    let typed = window.find_xpath(date_input).into_iter().next().expect("the date field");
    let before = typed.property("value");
    typed.type_text("\u{E009}a\u{E009}2099-01-01\u{E007}");
    let said = window.wait_for_text(".el-message--error", |t| t.contains("晚于今天"));
    assert!(said.starts_with("2099年1月1日晚于今天（"), "{said}");
    window.press(&["Escape"]);
    window.wait("the calendar to close", || {
        let open = window.script(
            r#"return [...document.querySelectorAll(".el-picker-panel")].some((p) => p.offsetParent !== null);"#,
        );
        (open == serde_json::Value::Bool(false)).then_some(())
    });
    window.wait("the field to show the day it had", || {
        (window.find_xpath(date_input)[0].property("value") == before).then_some(())
    });

    // What must be filled in is marked as such.
    let marked = "//div[contains(@class,'is-required')]/label[normalize-space(.)='沟通内容']";
    window.wait("the required mark on 沟通内容", || (!window.find_xpath(marked).is_empty()).then_some(()));
    type_into(&window, "textarea[data-testid=contact-content]", "电话联系市民盟，听取对智慧教育标准的意见");
    window.click("[data-testid=submit-contact]");
    stage(&window, "办理中");

    reply(&window, "B类", "市教育局已将智慧教育标准列入年度计划。");
    stage(&window, "已答复");
    // What is owed now is the proposer's verdict, by a date a month on.
    let owed = window.wait_for_text("[data-testid=feedback-due]", |t| t.starts_with("反馈期限"));
    let month_on = (chrono::Local::now().date_naive() + chrono::Months::new(1)).format("%Y年%-m月%-d日").to_string();
    assert!(owed.contains(&month_on), "{owed}");
    // The answer in waits for its verdict: its 征询意见表 can be made.
    window.wait_for_count("[data-testid=open-feedback-form]", 1);

    choose(&window, "feedback-result", "不满意");
    type_into(&window, "textarea[data-testid=feedback-comment]", "标准尚未覆盖农村学校");
    window.click("[data-testid=submit-feedback]");
    window.answer("等待提案委员会决定", "确认");
    stage(&window, "待决定");
    choose(&window, "decide-choice", "再办理");
    type_into(&window, "textarea[data-testid=decide-text]", "请补充农村学校的安排");
    window.click("[data-testid=submit-decide]");
    stage(&window, "再办理");
    // The verdict is in and the new answer not yet: no 征询意见表 to make.
    window.wait_for_count("[data-testid=open-feedback-form]", 0);
    let needed = window.wait_for_text("[data-testid=next-needed]", |t| !t.is_empty());
    assert_eq!(needed, "下一步：还缺少再办理后主办单位（市教育局）的答复。");
    let deadline = window.wait_for_text(".state .deadline-tag", |t| !t.is_empty());
    assert!(deadline.starts_with("剩余"), "re-handling has its own deadline: {deadline}");
    window.screenshot("walkthrough-rehandling.png");

    reply(&window, "A类", "标准已印发，智慧教育平台已上线。");
    stage(&window, "已答复");
    // The 征询意见表 as the proposer returned it: the result, and beside it
    // how the unit consulted, its attitude, the answer's point and two
    // suggestions judged.
    choose(&window, "feedback-result", "满意");
    choose(&window, "feedback-consultation", "面商");
    choose(&window, "feedback-attitude", "基本满意");
    choose(&window, "feedback-pertinence", "针对性强");
    choose(&window, "feedback-suggestion-1", "已落实");
    choose(&window, "feedback-suggestion-2", "正在落实");
    window.click("[data-testid=submit-feedback]");
    stage(&window, "已反馈");
    window.click("#tab-records");
    let said = window.wait_for_text("[data-testid=feedback-form-said]", |t| !t.is_empty());
    assert_eq!(
        said,
        "征询意见表：沟通方式：面商；办理态度：基本满意；答复针对性：针对性强；建议落实：第1条已落实、第2条正在落实"
    );

    type_into(&window, "textarea[data-testid=close-summary]", "智慧教育标准印发，平台建成投用。");
    window.click("[data-testid=submit-close]");
    window.answer("办理到此结束", "确认");
    stage(&window, "办结");

    window.click("#tab-timeline");
    let actions: Vec<String> =
        window.wait_for_count("[data-testid=timeline] .action", 9).iter().map(|e| e.text()).collect();
    assert_eq!(
        actions,
        [
            "导入提案",
            "交办",
            "记录沟通",
            "录入答复",
            "录入反馈",
            "决定再办理：请补充农村学校的安排",
            "录入答复",
            "录入反馈",
            "办结"
        ]
    );
    window.screenshot("walkthrough-timeline.png");

    // A closed proposal is opened again for a new round.
    window.click("#tab-reopen");
    type_into(&window, "input[data-testid=reopen-reason]", "提案者反映农村学校尚未覆盖");
    window.click("[data-testid=submit-reopen]");
    stage(&window, "办理中");
}

#[test]
fn not_registering_asks_first_chooses_nothing_for_the_clerk_and_is_taken_back_with_undo() {
    let window = registered("0045");
    window.click("#tab-review");
    let disabled = "//button[@data-testid='submit-review' and contains(@class,'is-disabled')]";
    window.wait("no conclusion chosen for the clerk", || (!window.find_xpath(disabled).is_empty()).then_some(()));
    choose(&window, "review-outcome", "不予立案");
    type_into(&window, "textarea[data-testid=review-reason]", "误点");
    window.click("[data-testid=submit-review]");
    // Cancelled, nothing happens.
    window.answer("不再交办和办理", "取消");
    stage(&window, "立案");
    window.click("[data-testid=submit-review]");
    window.answer("不再交办和办理", "确认");
    stage(&window, "不予立案");
    // The reason stays in sight.
    window.wait_for_text("[data-testid=review-shown]", |t| t.contains("误点"));

    let undo = window.wait_for_text("[data-testid=undo]", |t| !t.is_empty());
    assert_eq!(undo, "撤销：审查");
    take_back(&window);
    stage(&window, "立案");
    window.wait("the undo button to go", || window.find_all("[data-testid=undo]").is_empty().then_some(()));
    window.click("#tab-timeline");
    let actions: Vec<String> =
        window.wait_for_count("[data-testid=timeline] .action", 3).iter().map(|e| e.text()).collect();
    assert_eq!(actions, ["导入提案", "审查", "撤销：审查"]);

    // 撤案 asks first, and is taken back the same way.
    window.click("#tab-withdraw");
    type_into(&window, "textarea[data-testid=withdraw-reason]", "提案者来函撤回");
    window.click("[data-testid=submit-withdraw]");
    window.answer("不再计入待办工作", "确认");
    stage(&window, "撤案");
    // Why it ended stays in sight.
    window.wait_for_text("[data-testid=withdrawn]", |t| t.contains("撤案理由：提案者来函撤回"));
    take_back(&window);
    stage(&window, "立案");
}

#[test]
fn a_wrong_assignment_is_corrected_and_taken_back_by_its_buttons() {
    let window = registered("0045");
    window.click("[data-testid=submit-assign]");
    stage(&window, "交办");
    let left = window.wait_for_text(".state .deadline-tag", |t| t.starts_with("剩余"));

    // Dated a day late, and the co-unit forgotten: 更正交办 mends both.
    window.click("#tab-correctAssign");
    let yesterday = (chrono::Local::now().date_naive() - chrono::Days::new(1)).format("%Y-%m-%d").to_string();
    let field = "//div[contains(@class,'el-form-item')][.//label[normalize-space(.)='交办日期']]//input";
    window.find_xpath(field)[0].type_text(&format!("\u{E009}a\u{E009}{yesterday}\u{E007}"));
    window.press(&["Escape"]);
    window.click_xpath("//button[normalize-space(.)='＋ 会办单位']");
    let units = window.wait_for_count(".unit-row input", 6);
    units[3].type_text("市财政局");
    let submit = window.wait_for_text("[data-testid=submit-assign]", |t| !t.is_empty());
    assert_eq!(submit, "更正交办");
    window.click("[data-testid=submit-assign]");
    let moved = window.wait_for_text(".state .deadline-tag", |t| t.starts_with("剩余") && t != left);
    let days = |t: &str| t.trim_start_matches("剩余").trim_end_matches('天').parse::<i64>().unwrap();
    assert_eq!(days(&moved), days(&left) - 1, "the deadline follows the corrected date: {left} → {moved}");
    stage(&window, "交办");

    window.click("#tab-timeline");
    let actions: Vec<String> =
        window.wait_for_count("[data-testid=timeline] .action", 3).iter().map(|e| e.text()).collect();
    assert_eq!(actions, ["导入提案", "交办", "更正交办"]);
    let shown = window.wait_for_text("[data-testid=timeline]", |t| t.contains("更正交办"));
    assert!(shown.contains("会办：市财政局"), "{shown}");

    let undo = window.wait_for_text("[data-testid=undo]", |t| !t.is_empty());
    assert_eq!(undo, "撤销：更正交办");
    take_back(&window);
    window.wait_for_text(".state .deadline-tag", |t| t == left);
    take_back(&window);
    stage(&window, "立案");
}

fn pick(window: &Window, select: &str, option: &str) {
    window.click(&format!("[data-testid={select}]"));
    window.click_xpath(&format!(
        "//div[contains(@class,'el-select-dropdown') and not(contains(@style,'display: none'))]//li[contains(@class,'el-select-dropdown__item')][starts-with(normalize-space(.),'{option}')]"
    ));
}

#[test]
fn under_split_one_units_unsatisfied_answer_is_decided_while_the_other_still_handles() {
    let window = registered("0020");
    choose(&window, "assign-mode", "分办");
    window.click("[data-testid=submit-assign]");
    stage(&window, "交办");

    window.click("#tab-reply");
    pick(&window, "reply-unit", "市财政局");
    reply(&window, "C类", "受财力所限，暂缓安排。");
    window.answer("还没有记录与提案者的沟通", "仍然录入");
    stage(&window, "办理中");
    // Not judged yet: the letter's signer's post is added by 更正.
    window.click("#tab-records");
    window.click("[data-testid=correct-reply]");
    window.wait_for_count("input[data-testid=correct-signer-post]", 1)[0].type_text("副局长");
    window.click("[data-testid=save-correction]");
    window.wait_for_text("[data-testid=reply]", |t| t.contains("副局长"));

    window.click("#tab-feedback");
    pick(&window, "feedback-unit", "市财政局");
    choose(&window, "feedback-result", "不满意");
    type_into(&window, "textarea[data-testid=feedback-comment]", "未给出时间表");
    window.click("[data-testid=submit-feedback]");
    window.answer("等待提案委员会决定", "确认");

    // 市科技局 has not answered, yet 市财政局's 不满意 is decided now.
    window.click("#tab-decide");
    choose(&window, "decide-choice", "再办理");
    pick(&window, "decide-unit", "市财政局");
    type_into(&window, "textarea[data-testid=decide-text]", "请给出分年度安排");
    window.click("[data-testid=submit-decide]");
    stage(&window, "办理中");
    let needed = window.wait_for_text("[data-testid=next-needed]", |t| t.contains("市科技局"));
    assert!(needed.contains("市财政局") && needed.contains("市科技局"), "both units owe an answer: {needed}");
    window.click("#tab-timeline");
    window.wait_for_text("[data-testid=timeline]", |t| t.contains("决定市财政局再办理：请给出分年度安排"));
    window.screenshot("split-decided-early.png");
}

#[test]
fn an_activity_with_follow_ups_and_a_suggestions_progress_are_recorded_and_cleared_by_their_buttons() {
    let window = registered("0045");
    window.click("[data-testid=submit-assign]");
    stage(&window, "交办");

    // 督办活动 with two 落实事项, the second struck out again.
    window.click("#tab-activity");
    window.click_xpath("//button[normalize-space(.)='＋ 落实事项']");
    window.click_xpath("//button[normalize-space(.)='＋ 落实事项']");
    window.wait_for_count("input[placeholder='事项']", 2)[0].type_text("制定数据共享目录");
    window.click_xpath("(//button[@data-testid='remove-follow-up'])[2]");
    window.wait_for_count("input[placeholder='事项']", 1);
    type_into(&window, "textarea[data-testid=activity-summary]", "赴市数据资源管理局调研数据共享");
    window.click("[data-testid=submit-activity]");
    stage(&window, "办理中");

    // 建议落实情况: entered, then cleared as entered by mistake.
    let suggestions = "//ol[@data-testid='suggestions']";
    window.click_xpath(&format!("({suggestions}//button[normalize-space(.)='更新落实情况'])[1]"));
    window.click_xpath(&format!("{suggestions}//button[normalize-space(.)='取消']"));
    window.click_xpath(&format!("({suggestions}//button[normalize-space(.)='更新落实情况'])[1]"));
    window.click(".suggestions .edit .state");
    window.click_xpath("//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='已落实']");
    window.wait_for_count(".suggestions .edit input[placeholder^='佐证']", 1)[0].type_text("市政府办公室印发共享目录");
    window.click_xpath(&format!("{suggestions}//button[normalize-space(.)='保存']"));
    window.wait_for_text("[data-testid=suggestions] .el-tag", |t| t == "已落实");
    window.click_xpath(&format!("{suggestions}//button[normalize-space(.)='清除']"));
    window.answer("清除第1条建议的落实情况", "清除");
    window.wait("the status to go", || window.find_all("[data-testid=suggestions] .el-tag").is_empty().then_some(()));

    // The activity's summary corrected, then the activity deleted.
    window.click("#tab-records");
    window.click("[data-testid=correct-activity]");
    window.wait_for_count("textarea[data-testid=correct-summary]", 1);
    window.script("document.querySelector('textarea[data-testid=correct-summary]').select(); return null");
    window.find_all("textarea[data-testid=correct-summary]")[0].type_text("赴市数据资源管理局座谈数据共享");
    window.click("[data-testid=save-correction]");
    window.wait_for_text("[data-testid=records]", |t| t.contains("座谈数据共享"));
    window.click("[data-testid=delete-activity]");
    window.answer("删除这条", "删除");
    window.wait("the activity to go", || window.find_all("[data-testid=delete-activity]").is_empty().then_some(()));

    window.click("#tab-timeline");
    let actions: Vec<String> = window.find_all("[data-testid=timeline] .action").iter().map(|e| e.text()).collect();
    assert!(actions.iter().any(|a| a.starts_with("记录督办活动")), "{actions:?}");
}
