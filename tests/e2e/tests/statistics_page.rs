//! The 统计与台账 page's imports as the clerk clicks them: 导入提案清单…
//! reads a sheet the clerk made in Excel, previews it and adds its new
//! proposal; 导入往年提案… reads the five-year summary, whose figures then
//! stand on the page and whose proposals can be searched.

use rust_xlsxwriter::Workbook;
use tian_e2e::{workspace_root, Window};

#[test]
fn a_clerks_sheet_and_the_five_year_summary_are_imported_from_their_buttons() {
    let files = tempfile::tempdir().unwrap();
    let sheet = files.path().join("十三届五次提案清单.xlsx");
    let mut book = Workbook::new();
    // A new proposal, one as held, and one whose proposer the sheet corrects.
    let rows = [
        ["届次", "提案号", "案由", "提案者"],
        ["十三届五次", "0201", "关于建设城市绿道的建议", "王燕华"],
        ["十三届五次", "0069", "关于大力发展智慧教育，加快推进我市基础教育现代化的建议", "市民盟"],
        [
            "十三届五次",
            "0273",
            "关于落实大型公立医疗机构公共卫生责任，提高我市突发公共卫生事件救治能力的建议",
            "赵玉斌等",
        ],
    ];
    let page = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            page.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(&sheet).unwrap();

    let window = Window::open();
    window.wait_for_list(13);
    window.click("[data-testid=nav-statistics]");
    window.wait_for_text("[data-testid=stat-cards]", |t| !t.is_empty());

    window.click("[data-testid=import-ledger]");
    window.answer_file_dialog("选择提案清单", &sheet);
    let counts = window.wait_for_text("[data-testid=ledger-counts]", |t| t.contains("可导入"));
    assert!(counts.contains("可导入 3 件：新增 1 件，更新 1 件，未变 1 件。"), "{counts}");
    // What the import adds or changes, each with what: the row as held is not listed.
    let changes = window.wait_for_text("[data-testid=ledger-changes]", |t| t.contains("0201"));
    assert!(changes.contains("第0201号 关于建设城市绿道的建议") && changes.contains("新增"), "{changes}");
    assert!(changes.contains("第0273号") && changes.contains("更新：提案者"), "{changes}");
    assert!(!changes.contains("0069"), "{changes}");
    window.click("[data-testid=confirm-ledger-import]");
    window.wait("the preview to close", || {
        let shown = window.script(
            "return [...document.querySelectorAll('[data-testid=ledger-preview]')].some((d) => d.offsetParent !== null)",
        );
        (shown == serde_json::Value::Bool(false)).then_some(())
    });
    // 征集提案 and 立案 both count the sheet's proposal.
    window.wait_for_text("[data-testid=stat-cards]", |t| t.matches("14件").count() >= 2);
    window.click("[data-testid=nav-list]");
    window.wait_for_list(14);
    // The list's last row may stand below the fold: read as the page holds it.
    window.wait("0201 in the list", || {
        let title = window.script("return document.querySelector('.proposal-0201 .title')?.textContent ?? ''");
        title.as_str().is_some_and(|t| t.contains("城市绿道")).then_some(())
    });

    window.click("[data-testid=nav-statistics]");
    window.wait_for_text("[data-testid=stat-cards]", |t| !t.is_empty());
    window.click("[data-testid=import-history]");
    let summary = workspace_root().join("crates/tian-import/tests/fixtures/003-proposal-summary.txt");
    window.answer_file_dialog("选择往年提案汇编", &summary);
    let said = window.wait_for_text(".el-message-box", |t| t.contains("往年提案已导入"));
    assert!(said.contains("14"), "{said}");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[normalize-space(.)='OK' or normalize-space(.)='确定']]");
    let reported = window.wait_for_text("[data-testid=reported-figures]", |t| t.contains("报告"));
    assert!(reported.contains("立案") && reported.contains("办结"), "{reported}");
    window.wait_for_count("input[data-testid=history-search]", 1)[0].type_text("乡村振兴");
    window.wait_for_text(".history-hits", |t| t.contains("乡村振兴"));
    window.screenshot("statistics-imports.png");
}
