//! The report and statistics pages as a clerk uses them: the report read in
//! the preview, saved through the native save dialog as Word; the figures on
//! the statistics page, and a chart saved as a picture.

use std::time::Duration;

use tian_e2e::Window;

fn wait_for_file(path: &std::path::Path) -> Vec<u8> {
    tian_e2e::wait_until(Duration::from_secs(20), "the saved file", || {
        std::fs::read(path).ok().filter(|b| !b.is_empty())
    })
}

#[test]
fn the_report_is_previewed_then_saved_as_word_and_a_chart_as_a_picture() {
    let files = tempfile::tempdir().unwrap();
    let window = Window::open();
    window.wait_for_list(13);

    window.click("[data-testid=nav-report]");
    let title = window.wait_for_text("[data-testid=report-preview] h1", |t| !t.is_empty());
    // Broken between words where the .docx and the .pdf break it.
    let lines: Vec<&str> = title.lines().map(str::trim).collect();
    assert_eq!(lines, ["市政协提案委员会关于", "市政协十三届五次会议", "重点提案办理情况的督办报告"]);
    // The 版头: the red 发文机关标志, then the 文号 and 签发人 as the clerk types them.
    window.wait_for_text("[data-testid=document-head] .mark", |t| t == "市政协提案委员会");
    window.wait_for_count("input[data-testid=report-number]", 1)[0].type_text("政协提案〔2026〕5号");
    window.wait_for_count("input[data-testid=report-signer]", 1)[0].type_text("张建国");
    let head = window.wait_for_text("[data-testid=document-head]", |t| t.contains("张建国"));
    assert!(head.contains("政协提案〔2026〕5号") && head.contains("签发人：张建国"), "{head}");
    let record = window.script("return document.querySelector('[data-testid=document-record]')?.textContent ?? ''");
    assert!(record.as_str().unwrap().contains("市政协提案委员会办公室"), "the 版记 closes the last page: {record}");
    let preview = window.wait_for_text("[data-testid=report-preview]", |t| t.contains("一、总体情况"));
    assert!(preview.contains("市政协主席会议："), "{preview}");
    assert!(preview.contains("附件：1.市政协十三届五次会议重点提案办理情况一览表"), "{preview}");
    assert!(preview.contains("市政协提案委员会"));
    let annexes = window.wait_for_text("[data-testid=report-annex]", |t| t.contains("附件"));
    assert!(annexes.contains("关于大力发展智慧教育，加快推进我市基础教育现代化的建议"), "{annexes}");
    // This machine has no 仿宋 of its own: the window says the PDF's body face stands in.
    let faces = window.wait_for_text("[data-testid=report-faces]", |t| t.contains("仿宋（正文）"));
    assert!(faces.contains("仿宋（正文）：Noto Serif SC（代用，本机无此字体）"), "{faces}");
    window.screenshot("report-page.png");

    window.click("[data-testid=format-docx]");
    window.click("[data-testid=export-report]");
    // ASCII names: xdotool may drop characters it has to map to spare keycodes.
    let docx = files.path().join("report.docx");
    window.answer_file_dialog("导出督办报告", &docx);
    // Said with the file and its folder a click away.
    let message = window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已导出"));
    assert!(message.starts_with("已导出督办报告："), "{message}");
    window.wait_for_count(".saved-notice [data-testid=open-saved-file]", 1);
    window.wait_for_count(".saved-notice [data-testid=open-saved-folder]", 1);
    let bytes = wait_for_file(&docx);
    assert!(bytes.starts_with(b"PK"), "a .docx is a zip package");

    window.click("[data-testid=nav-statistics]");
    let cards = window.wait_for_text("[data-testid=stat-cards]", |t| t.contains("征集提案"));
    assert!(cards.contains("13件"), "{cards}");
    window.wait_for_count("[data-testid=chart-units] canvas", 1);
    window.screenshot("statistics-page.png");
    window.click("[data-testid=chart-units-save]");
    let png = files.path().join("units-chart.png");
    window.answer_file_dialog("保存图表", &png);
    assert!(wait_for_file(&png).starts_with(b"\x89PNG"));

    // 导出台账…: all 13 as an Excel workbook, said where it went.
    let ledger = files.path().join("台账.xlsx");
    window.click("[data-testid=export-ledger]");
    window.answer_file_dialog("导出台账", &ledger);
    window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已导出 13 件提案"));
    assert!(wait_for_file(&ledger).starts_with(b"PK"), "an .xlsx is a zip package");
}

/// A 催办函 in one click: from the dashboard's row of late units, and from the
/// list filtered on a unit, onto the report page's preview of the notice.
#[test]
fn a_late_unit_gets_its_notice_from_the_dashboard_and_from_the_list() {
    // Handed over long enough ago to be late whatever day the test runs.
    let assigned = chrono::Local::now().date_naive() - chrono::Days::new(200);
    let window = Window::open_on(|db| tian_e2e::assign_lead(db, "0045", "市数据资源管理局", assigned));
    window.wait_for_list(13);

    window.click("[data-testid=nav-dashboard]");
    window.wait_for_text("[data-testid=urge-units]", |t| t.contains("市数据资源管理局"));
    window.click_xpath(
        "//*[@data-testid='urge-units']//button[@data-testid='urge-late-unit'][normalize-space(.)='市数据资源管理局']",
    );
    let notice = window.wait_for_text("[data-testid=report-preview]", |t| t.contains("催办函"));
    assert!(notice.contains("市数据资源管理局："), "{notice}");
    assert!(notice.contains("0045") && notice.contains("已逾期"), "{notice}");
    window.wait_for_count("input[data-testid=notice-number]", 1)[0].type_text("政协提案催〔2026〕3号");
    window.wait_for_text("[data-testid=report-preview]", |t| {
        t.starts_with("市政协提案委员会") && t.contains("政协提案催〔2026〕3号")
    });
    window.screenshot("notice-preview.png");

    window.click("[data-testid=nav-list]");
    window.wait_for_list(13);
    window.click("[data-testid=unit-filter]");
    window.click_xpath(
        "//li[contains(@class,'el-select-dropdown__item')][starts-with(normalize-space(.),'市数据资源管理局')]",
    );
    window.wait_for_list(1);
    window.click("[data-testid=urge-unit]");
    let again = window.wait_for_text("[data-testid=report-preview]", |t| t.contains("催办函"));
    assert!(again.contains("市数据资源管理局："), "{again}");
}
