//! 答复公开 as the committee's clerk clicks it: an answer set 不公开 with a
//! reason and public again from the proposal's records, then 发布公开答复…
//! on the 统计与台账 page writing the session's site into a new folder.

use std::time::Duration;

use chrono::{Days, Local};
use tian_core::domain::{AnswerClass, Assignment, UnitAssignment, UnitRole};
use tian_core::{ReplyInput, Tian};
use tian_e2e::Window;

/// 0069 to 市教育局, answered A a month after 交办.
fn answered(db: &std::path::Path) {
    let assigned = Local::now().date_naive() - Days::new(60);
    let mut tian = Tian::open(db).unwrap();
    let id = tian.resolve("0069", None).unwrap();
    let lead =
        UnitAssignment {
            unit: "市教育局".into(), role: UnitRole::Lead, contact: String::new(), phone: String::new()
        };
    tian.assign(&id, Assignment { date: assigned, units: vec![lead], mode: Default::default() }).unwrap();
    let reply = ReplyInput {
        unit: "市教育局".into(),
        date: assigned + Days::new(30),
        class: Some(AnswerClass::A),
        signer: "王建华".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "已制定智慧教育标准。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    };
    tian.add_reply(&id, reply).unwrap();
}

#[test]
fn an_answer_is_withheld_with_a_reason_and_the_public_ones_published_into_a_new_folder() {
    let files = tempfile::tempdir().unwrap();
    let window = Window::open_on(answered);
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.click("#tab-records");
    window.wait_for_count("[data-testid=toggle-publicity]", 1);
    window.click("[data-testid=toggle-publicity]");
    window.wait_for_text(".el-message-box", |t| t.contains("不对外公开的理由"));
    window.wait_for_count(".el-message-box input", 1)[0].type_text("涉及个人信息");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[normalize-space(.)='设为不公开']");
    let said = |expected: &'static str| {
        window.wait(expected, || {
            let shown = window.script("return document.querySelector('[data-testid^=publicity-]')?.textContent ?? ''");
            (shown.as_str() == Some(expected)).then_some(())
        })
    };
    said("不公开（涉及个人信息）");
    window.click("[data-testid=toggle-publicity]");
    said("公开");

    window.click("[data-testid=nav-statistics]");
    window.click("[data-testid=open-publish]");
    window.wait_for_text("[data-testid=publish-dialog] .el-dialog__body", |t| {
        t.contains("撤案、未立案和设为不公开的答复不在其中")
    });
    window.click("[data-testid=confirm-publish]");
    let site = files.path().join("site");
    window.answer_file_dialog("选择发布公开答复的文件夹", &site);
    window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已发布 1 件提案的 1 份公开答复"));
    let index = tian_e2e::wait_until(Duration::from_secs(30), "the published index", || {
        std::fs::read_to_string(site.join("index.html")).ok()
    });
    assert!(index.contains("0069.html") && index.contains("市教育局"), "{index}");
    assert!(std::fs::read(site.join("0069.pdf")).unwrap().starts_with(b"%PDF"));
    window.screenshot("publication.png");
}
