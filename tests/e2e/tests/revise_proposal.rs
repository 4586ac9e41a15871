//! 修改提案信息 as the clerk clicks it: the proposal page's button opens the
//! proposal's text, a corrected 案由 and a suggestion added are saved and
//! shown, a blank suggestion is refused in the dialog with nothing saved,
//! and 撤销 puts the text back.

use tian_e2e::Window;

/// Replaces what the field holds, as a clerk selects all and types.
const REPLACE: &str = "\u{E009}a\u{E009}\u{E017}";

#[test]
fn a_clerk_corrects_a_title_adds_a_suggestion_and_takes_it_back() {
    let window = Window::open();
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    let title = window.wait_for_text("[data-testid=proposal-detail] .title", |t| t.contains("智慧教育"));

    window.click("[data-testid=revise]");
    window.wait_for_count("input[data-testid=revise-title]", 1)[0]
        .type_text(&format!("{REPLACE}关于大力发展智慧教育、推进基础教育现代化的建议"));
    let before = window.find_all("textarea[data-testid^=revise-suggestion-]").len();
    window.click("[data-testid=revise-add]");
    let added = format!("textarea[data-testid=revise-suggestion-{}]", before + 1);
    window.wait_for_count(&added, 1)[0].type_text("定期评估智慧教育的成效。");
    // One added by mistake is taken away by its 删去.
    window.click("[data-testid=revise-add]");
    window.wait_for_count(&format!("textarea[data-testid=revise-suggestion-{}]", before + 2), 1);
    window.click(&format!("[data-testid=revise-drop-{}]", before + 2));
    window.wait("the extra suggestion to go", || {
        (window.find_all("textarea[data-testid^=revise-suggestion-]").len() == before + 1).then_some(())
    });
    window.click("[data-testid=revise-save]");
    window.wait_for_text("[data-testid=proposal-detail] .title", |t| {
        t == "关于大力发展智慧教育、推进基础教育现代化的建议"
    });
    let suggestions = window.wait_for_text("[data-testid=proposal-detail]", |t| t.contains("定期评估智慧教育的成效"));
    assert!(suggestions.contains("定期评估智慧教育的成效"));

    // A suggestion left blank: the dialog says which, and nothing is saved.
    window.wait("the confirmation to fade", || window.find_all(".el-message").is_empty().then_some(()));
    window.click("[data-testid=revise]");
    window.click("[data-testid=revise-add]");
    window.click("[data-testid=revise-save]");
    let refused = window.wait_for_text("[data-testid=revise-error]", |t| !t.is_empty());
    assert!(refused.contains(&format!("第{}条建议是空的", before + 2)), "{refused}");
    window.screenshot("revise-refused.png");
    window.click_xpath("//div[@data-testid='revise-dialog']//button[.//span[normalize-space(.)='取消']]");

    // 撤销 puts the text back as it was.
    window.wait_for_text("[data-testid=undo]", |t| t.contains("修改提案信息"));
    window.click("[data-testid=undo]");
    window.answer("回到这一步之前的状态", "撤销");
    window.wait_for_text("[data-testid=proposal-detail] .title", |t| t == title);
}
