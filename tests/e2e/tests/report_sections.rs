//! 逐段修改 as the secretary clicks it: on the report page, 逐段修改… lists
//! the body's paragraphs; one is rewritten and saved, the preview shows it,
//! and 恢复生成的文字 takes the draft back.

use chrono::NaiveDate;
use tian_e2e::Window;

#[test]
fn a_paragraph_is_rewritten_in_the_drawer_and_the_preview_follows() {
    let assigned = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let window = Window::open_on(|db| tian_e2e::assign_lead(db, "0045", "市数据资源管理局", assigned));
    window.wait_for_list(13);
    window.click("[data-testid=nav-report]");
    window.wait_for_text("[data-testid=report-preview]", |t| t.contains("总体看，"));

    window.click("[data-testid=edit-report]");
    let judged =
        "//div[starts-with(@data-testid,'paragraph-一、总体情况')][.//p[starts-with(normalize-space(.),'总体看，')]]";
    window.wait("the paragraphs", || (!window.find_xpath(judged).is_empty()).then_some(()));
    window.click_xpath(&format!("{judged}//button[@data-testid='edit-paragraph']"));
    let text = window.wait_for_count("[data-testid=report-paragraphs] textarea[data-testid=paragraph-text]", 1);
    text[0].type_text("\u{E009}a\u{E009}\u{E017}总体看，承办单位态度认真，个别单位逾期。");
    window.click("[data-testid=save-paragraph]");
    window.wait_for_text("[data-testid=report-paragraphs] .el-tag", |t| t.contains("已修改"));
    window.press(&["Escape"]);
    window.wait_for_text("[data-testid=report-preview]", |t| t.contains("总体看，承办单位态度认真，个别单位逾期。"));
    window.screenshot("report-paragraph-edited.png");

    window.click("[data-testid=edit-report]");
    // Opened to edit, then left as it is.
    window.click_xpath(&format!("{judged}//button[@data-testid='edit-paragraph']"));
    window.click("[data-testid=cancel-paragraph]");
    window.click("[data-testid=restore-paragraph]");
    window.wait("the draft back", || window.find_all("[data-testid=restore-paragraph]").is_empty().then_some(()));
    window.press(&["Escape"]);
    window.wait_for_text("[data-testid=report-preview]", |t| {
        !t.contains("承办单位态度认真，个别单位逾期") && t.contains("总体看，")
    });
}
