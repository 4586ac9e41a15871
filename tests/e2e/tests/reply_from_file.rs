//! A reply entered from the letter the unit sent: 从文件读取… takes the
//! letter's 文号, 签发人, class and date from its head and foot, 添加附件…
//! adds the survey it came with, and a reply entered by mistake is deleted
//! from its own 删除 button, the answer then owed again.

use chrono::NaiveDate;
use tian_e2e::Window;

const LETTER: &str = "\
市教育局
B
教提复〔2026〕15号            签发人：李红（副局长）

关于市政协十三届五次会议第0069号提案的答复

市民盟：
    你们提出的《关于大力发展智慧教育的建议》收悉。我局会同市财政局制定了智慧校园建设三年计划，已覆盖全市中小学。

市教育局
2026年5月18日
";

#[test]
fn a_reply_is_read_from_its_letter_with_an_attachment_and_deleted_from_its_button() {
    let files = tempfile::tempdir().unwrap();
    let (letter, survey) = (files.path().join("教提复15号.txt"), files.path().join("调研报告.pdf"));
    std::fs::write(&letter, LETTER).unwrap();
    std::fs::write(&survey, b"%PDF-1.4 survey").unwrap();
    let assigned = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let window = Window::open_on(|db| tian_e2e::assign_lead(db, "0069", "市教育局", assigned));
    window.wait_for_list(13);
    window.click(".proposal-0069 .title");
    window.wait_for_text("[data-testid=stage]", |t| t == "交办");

    window.click_xpath("//div[contains(@class,'el-tabs__item')][normalize-space(.)='录入答复']");
    window.click("[data-testid=reply-from-file]");
    window.answer_file_dialog("选择复文", &letter);
    let note = window.wait_for_text("[data-testid=letter-note]", |t| t.contains("已从复文读取"));
    for read in ["文号 教提复〔2026〕15号", "签发人 李红", "职务 副局长", "B类", "2026年5月18日"]
    {
        assert!(note.contains(read), "{read} in: {note}");
    }
    assert_eq!(window.wait_for_count("input[data-testid=reply-signer]", 1)[0].property("value"), "李红");

    window.click("[data-testid=add-attachment]");
    window.answer_file_dialog("选择附件", &survey);
    window.wait_for_text(".attachment", |t| t.contains("调研报告.pdf"));

    window.click("[data-testid=submit-reply]");
    // No contact with the proposer is recorded: the window reminds, the clerk goes on.
    window.answer("还没有记录与提案者的沟通", "仍然录入");
    window.wait_for_text("[data-testid=stage]", |t| t == "已答复");
    // Read as the page holds it: the card may stand below the window's fold.
    let card = window.wait("the reply's card", || {
        let text = window.script("return document.querySelector('[data-testid=reply]')?.textContent ?? ''");
        text.as_str().filter(|t| t.contains("附件")).map(str::to_owned)
    });
    assert!(card.contains("智慧校园建设三年计划"), "the letter's text: {card}");
    assert!(card.contains("调研报告.pdf"), "{card}");
    assert!(card.contains("2026年5月18日"), "dated as the letter: {card}");
    window.screenshot("reply-from-letter.png");

    window.click_xpath("//div[contains(@class,'el-tabs__item')][contains(text(),'办理记录')]");
    window.click("[data-testid=delete-reply]");
    let question = window.wait_for_text(".el-message-box", |t| t.contains("删除这条"));
    assert!(question.contains("市教育局"), "{question}");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[text()='删除']]");
    // The answer is owed again.
    window.wait_for_text("[data-testid=stage]", |t| t == "办理中");
    window.wait_for_text("[data-testid=next-needed]", |t| t.contains("还缺少主办单位（市教育局）的答复"));
    window.wait("the reply to go", || window.find_all("[data-testid=reply]").is_empty().then_some(()));
}
