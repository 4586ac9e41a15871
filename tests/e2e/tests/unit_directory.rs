//! 单位名录 as the clerk uses it: a unit added on the 设置 page is offered
//! by its 简称 in the 交办 form, a name not in the directory is asked about
//! before it becomes a unit, and the list's 主办部门 filter offers the new
//! unit as soon as the clerk is back at the list.

use tian_e2e::Window;

#[test]
fn a_unit_added_to_the_directory_is_picked_in_the_assignment_and_a_typo_is_asked_about() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click("[data-testid=nav-settings]");
    window.wait_for_count("[data-testid=directory-table] .el-table__row", 12);
    window.wait_for_count("input[data-testid=directory-new-name]", 1)[0].type_text("市地方金融管理局");
    window.wait_for_count("input[data-testid=directory-new-short]", 1)[0].type_text("金融局");
    window.click("[data-testid=directory-add]");
    window.wait_for_text(".el-message", |t| t.contains("已添加“市地方金融管理局”"));
    window.wait_for_count("[data-testid=directory-table] .el-table__row", 13);
    // A typo in a unit no proposal names is corrected where it stands.
    window.click("[data-testid=rename-市地方金融管理局]");
    let prompt = window.wait_for_count(".el-message-box input", 1);
    prompt[0].type_text("\u{E009}a\u{E009}市地方金融监督管理局");
    window.answer("还没有交办的提案", "更名");
    window.wait_for_text(".el-message", |t| t.contains("已更名为“市地方金融监督管理局”"));
    window.wait("the new name in the directory", || {
        let shown = window.script(
            "return document.querySelector('[data-testid=directory-table]').textContent.includes('市地方金融监督管理局')",
        );
        (shown == serde_json::json!(true)).then_some(())
    });
    // A 简称 is typed in the unit's own row and saved when the clerk presses Enter.
    let short = window.wait_for_count("input[data-testid='short-市地方金融监督管理局']", 1);
    short[0].type_text("\u{E009}a\u{E009}金融监管局\u{E007}");
    window.wait_for_text(".el-message", |t| t.contains("已设定“市地方金融监督管理局”的简称"));
    window.wait("the new 简称 in the row", || {
        let typed =
            window.script("return document.querySelector(\"input[data-testid='short-市地方金融监督管理局']\").value");
        (typed == serde_json::json!("金融监管局")).then_some(())
    });
    // The rules on the same page are saved by their own button.
    window.click_xpath("//button[normalize-space(.)='保存设置']");
    window.wait_for_text(".el-message", |t| t.contains("设置已保存"));

    window.click("[data-testid=nav-list]");
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.wait_for_text("[data-testid=stage]", |t| t == "立案");
    // Typing the short name offers the unit; the clerk picks it.
    let lead = &window.wait_for_count("input[data-testid=assign-unit]", 1)[0];
    lead.type_text("\u{E009}a\u{E009}金融");
    let offered =
        "//div[contains(@class,'el-autocomplete-suggestion')]//li[contains(normalize-space(.),'市地方金融监督管理局')]";
    window.click_xpath(offered);
    window.wait("the picked unit in the field", || {
        (window.find_all("input[data-testid=assign-unit]")[0].property("value") == "市地方金融监督管理局").then_some(())
    });

    // A typo is asked about, and nothing is assigned when the clerk cancels.
    window.click_xpath("//button[normalize-space(.)='＋ 会办单位']");
    window.wait_for_count("input[data-testid=assign-unit]", 2)[1].type_text("市地方金融监管局");
    window.press(&["Escape"]);
    window.click("[data-testid=submit-assign]");
    let asked = window.answer("不在单位名录中", "取消");
    assert!(asked.contains("“市地方金融监管局”不在单位名录中"), "{asked}");
    window.wait_for_text("[data-testid=stage]", |t| t == "立案");
    window.click_xpath("(//div[contains(@class,'unit-row')]//button[normalize-space(.)='移除'])[2]");
    window.wait_for_count("input[data-testid=assign-unit]", 1);
    window.click("[data-testid=submit-assign]");
    window.wait_for_text("[data-testid=stage]", |t| t == "交办");

    // Back at the list, the 主办部门 filter offers the unit just assigned.
    window.click("[data-testid=nav-list]");
    window.wait_for_list(13);
    window.click("[data-testid=unit-filter]");
    let option = "//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='市地方金融监督管理局（1）']";
    window.wait("the new unit in the filter", || (!window.find_xpath(option).is_empty()).then_some(()));
    window.screenshot("unit-directory-filter.png");
}
