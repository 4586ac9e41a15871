//! 相似提案 as the committee's clerk meets them: a second proposal on
//! 智慧教育 this year shows last year's, answered A, and this year's 0069,
//! marked 疑似重复; 并入此件… merges it into 0069 through the review step.

use tian_core::domain::Proposal;
use tian_core::Tian;
use tian_e2e::Window;

/// This year's second proposal on 0069's matter (0070), and last year's (十三届四次 0101).
fn prepare(db: &std::path::Path) {
    let mut tian = Tian::open(db).unwrap();
    let original = tian.dossier(&tian.resolve("0069", None).unwrap()).unwrap().proposal;
    let again = Proposal {
        number: "0070".into(),
        title: "关于加快发展智慧教育，推进我市基础教育现代化的建议".into(),
        proposer: "李建国".into(),
        ..original.clone()
    };
    let earlier = Proposal { session: "十三届四次".into(), number: "0101".into(), ..original };
    tian.save_proposals(&[again, earlier]).unwrap();
}

#[test]
fn a_near_duplicate_is_shown_with_earlier_proposals_and_merged_from_its_tab() {
    let window = Window::open_on(prepare);
    // Both 届次: this year's fourteen and last year's one.
    window.wait_for_list(15);
    window.click(".proposal-0070 .title");
    window.click("#tab-similar");
    let items = window.wait("the similar proposals", || {
        let text = window.script("return document.querySelector('[data-testid=similar-proposals]')?.textContent ?? ''");
        text.as_str().filter(|t| t.contains("第0069号")).map(str::to_owned)
    });
    assert!(items.contains("疑似重复"), "{items}");
    assert!(items.contains("十三届四次第0101号"), "last year's too: {items}");
    assert!(!items.contains("第0396号"), "air quality is another matter: {items}");
    window.screenshot("similar.png");

    window.click("[data-testid=merge-into]");
    window.wait_for_text(".el-message-box", |t| t.contains("将并入十三届五次第0069号提案"));
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[normalize-space(.)='并案']");
    window.wait("the review to show", || {
        let shown = window.script("return document.body.textContent");
        shown.as_str().filter(|t| t.contains("并入第0069号提案")).map(|_| ())
    });
    // 0069's page names the proposal merged into it, whose proposer its answer answers too.
    window.click_xpath("//*[@data-testid='open-similar'][contains(normalize-space(.), '十三届五次第0069号')]");
    window.wait_for_text("[data-testid=merged-here]", |t| t.contains("第0070号（李建国）"));
}
