//! The 考评 page as the committee's clerk uses it at the end of a year: the
//! units ranked by score, a weight changed on the 设置 page and the page
//! counting by it, the 考评表 saved as Excel and the 通报 as PDF through the
//! save dialog.

use std::process::Command;
use std::time::Duration;

use chrono::{Datelike, Days, Local};
use tian_core::domain::{AnswerClass, Assignment, Contact, ContactMethod, Satisfaction, UnitAssignment, UnitRole};
use tian_core::{FeedbackInput, ReplyInput, Tian};
use tian_e2e::Window;

fn wait_for_file(path: &std::path::Path) -> Vec<u8> {
    tian_e2e::wait_until(Duration::from_secs(30), "the saved file", || {
        std::fs::read(path).ok().filter(|b| !b.is_empty())
    })
}

/// 0069 to 市教育局, met face to face, answered on time and 满意; 0045 to
/// 市科技局, unanswered long past its three months. Dated back from the day
/// the test runs, as the window judges deadlines by the PC's clock.
fn a_year(db: &std::path::Path) -> i32 {
    let assigned = Local::now().date_naive() - Days::new(200);
    let mut tian = Tian::open(db).unwrap();
    let lead = |unit: &str| UnitAssignment {
        unit: unit.into(),
        role: UnitRole::Lead,
        contact: String::new(),
        phone: String::new(),
    };
    let (edu, sci) = (tian.resolve("0069", None).unwrap(), tian.resolve("0045", None).unwrap());
    tian.assign(&edu, Assignment { date: assigned, units: vec![lead("市教育局")], mode: Default::default() }).unwrap();
    tian.assign(&sci, Assignment { date: assigned, units: vec![lead("市科技局")], mode: Default::default() }).unwrap();
    let met = Contact {
        id: String::new(),
        date: assigned + Days::new(10),
        method: ContactMethod::Meeting,
        unit: Some("市教育局".into()),
        people: "市民盟".into(),
        content: "当面听取意见".into(),
    };
    tian.add_contact(&edu, met).unwrap();
    let answer = ReplyInput {
        unit: "市教育局".into(),
        date: assigned + Days::new(30),
        class: Some(AnswerClass::A),
        signer: "王建华".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "答复。".into(),
        text_file: None,
        attachments: vec![],
        public: true,
        private_reason: String::new(),
    };
    tian.add_reply(&edu, answer).unwrap();
    let verdict = FeedbackInput {
        date: assigned + Days::new(40),
        result: Satisfaction::Satisfied,
        comment: String::new(),
        unit: None,
        form: Default::default(),
    };
    tian.give_feedback(&edu, verdict).unwrap();
    assigned.year()
}

#[test]
fn the_units_are_ranked_by_the_committees_weights_and_the_results_saved_as_excel_and_pdf() {
    let files = tempfile::tempdir().unwrap();
    let mut year = 0;
    let window = Window::open_on(|db| year = a_year(db));
    window.wait_for_list(13);

    window.click("[data-testid=nav-evaluation]");
    // Read from the page: WebDriver's text of an Element Plus table never comes.
    let rows = window.wait("the ranked units", || {
        let rows = window.script(
            "return [...document.querySelectorAll('[data-testid=evaluation-table] .el-table__body tr')].map(r => r.textContent)",
        );
        let rows: Vec<String> = serde_json::from_value(rows).ok()?;
        (rows.len() == 2).then_some(rows)
    });
    assert!(
        rows[0].starts_with("1市教育局") && rows[1].starts_with("2市科技局"),
        "on time, met and 满意 ranks first: {rows:?}"
    );
    // 按期 100, 满意 100, 面商 100: 100 points; 市科技局 answered nothing in time.
    let score = |unit: &str| {
        window.script(&format!(
            "return document.querySelector('[data-testid=\"score-{unit}\"]')?.textContent.trim() ?? ''"
        ))
    };
    assert_eq!(score("市教育局"), "100.0");
    assert_eq!(score("市科技局"), "0.0");
    let summary = window.wait_for_text("[data-testid=evaluation-summary]", |t| !t.is_empty());
    assert!(summary.starts_with(&format!("{year}年度交办重点提案 2 件，2 个承办单位")), "{summary}");
    assert!(window.wait_for_text(".page-heading .sub", |t| t.contains("面商率10分")).contains("按期办复率40分"));
    window.screenshot("evaluation-page.png");

    // 设置: 面商率 weighs one point more, saved, and the page counts by it.
    window.click("[data-testid=nav-settings]");
    window.wait_for_count("[data-testid=weight-met] .el-input-number__increase", 1);
    window.click("[data-testid=weight-met] .el-input-number__increase");
    window.click_xpath("//button[.//span[normalize-space(.)='保存设置']]");
    window.wait_for_text(".el-message", |t| t.contains("设置已保存"));
    window.click("[data-testid=nav-evaluation]");
    window.wait_for_text(".page-heading .sub", |t| t.contains("面商率11分"));

    // 导出考评表…: an .xlsx of both units, said where it went.
    let xlsx = files.path().join("evaluation.xlsx");
    window.click("[data-testid=export-evaluation-xlsx]");
    window.answer_file_dialog("导出考评表", &xlsx);
    window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已导出 2 个单位的考评表"));
    assert!(wait_for_file(&xlsx).starts_with(b"PK"), "an .xlsx is a zip package");

    // 导出通报（Word）…: the 通报 as a .docx, under the 文号 the clerk typed.
    window.wait_for_count("input[data-testid=evaluation-number]", 1)[0].type_text("政协提案〔2026〕9号");
    let docx = files.path().join("bulletin.docx");
    window.click("[data-testid=export-evaluation-docx]");
    window.answer_file_dialog("导出考评通报", &docx);
    assert!(wait_for_file(&docx).starts_with(b"PK"), "a .docx is a zip package");

    // 导出通报（PDF）…: the 通报, read back by pdftotext.
    let pdf = files.path().join("bulletin.pdf");
    window.click("[data-testid=export-evaluation-pdf]");
    window.answer_file_dialog("导出考评通报", &pdf);
    window.wait_for_text(".saved-notice .saved-message", |t| t.contains("考评通报"));
    assert!(wait_for_file(&pdf).starts_with(b"%PDF"));
    let out = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&format!("关于{year}年度提案办理工作考评情况的通报")), "{text}");
    assert!(text.contains("政协提案〔2026〕9号"), "the 文号 as typed: {text}");
    assert!(text.contains("得分居前的单位是：市教育局（100.0分）。"), "a unit at 0 is not among the best: {text}");
}
