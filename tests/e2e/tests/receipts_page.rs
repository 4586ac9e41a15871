//! 送达 as the committee's clerk sees it: 市教育局's answer, dated forty days
//! before its package arrives, is imported on the 数据交换 page; the
//! proposal's records show when it arrived by the committee's own receipt,
//! that it arrived late, and that the unit signed it; the 回执 button on the
//! exchange page lists the receipts and the answer's arrival.

use chrono::{Days, Local};
use tian_core::domain::AnswerClass;
use tian_core::{ExportMode, ReplyInput};
use tian_e2e::Window;

/// The committee at `db` with 0069 assigned to 市教育局, and in `files`
/// the unit's package with its answer, dated forty days ago.
fn prepare(db: &std::path::Path, files: &std::path::Path) {
    let today = Local::now().date_naive();
    tian_e2e::assign_lead(db, "0069", "市教育局", today - Days::new(120));
    let (mut committee, mut unit) = tian_e2e::committee_and_unit(db, files);
    committee.export_package(Some("市教育局"), ExportMode::Unacknowledged, &files.join("down.tianpkg")).unwrap();
    unit.import_package(&files.join("down.tianpkg")).unwrap();
    let id = unit.resolve("0069", None).unwrap();
    let reply = ReplyInput {
        number: "教提复〔2026〕5号".into(),
        ..tian_e2e::answer("市教育局", AnswerClass::B, today - Days::new(40), "智慧教育平台建设已列入今年计划。")
    };
    unit.add_reply(&id, reply).unwrap();
    unit.export_package(None, ExportMode::Unacknowledged, &files.join("edu.tianpkg")).unwrap();
}

#[test]
fn an_answer_shows_when_it_arrived_and_that_it_arrived_late() {
    let files = tempfile::tempdir().unwrap();
    let window = Window::open_on(|db| prepare(db, files.path()));
    window.wait_for_list(13);
    window.click("[data-testid=nav-exchange]");
    window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));
    window.click("[data-testid=import-package]");
    window.answer_file_dialog("选择交换包", &files.path().join("edu.tianpkg"));
    window.wait_for_text("[data-testid=package-preview]", |t| t.contains("新增办理复文"));
    window.click("[data-testid=confirm-import]");
    window.wait_for_text("[data-testid=package-history]", |t| t.contains("收自市教育局"));

    window.click("[data-testid=nav-list]");
    window.click(".proposal-0069 .title");
    window.click("#tab-records");
    let today = Local::now().date_naive();
    let arrival = window.wait("送达 beside the answer", || {
        let shown = window.script("return document.querySelector('[data-testid^=arrival-]')?.textContent ?? ''");
        shown.as_str().filter(|t| t.contains("送达")).map(str::to_owned)
    });
    // Today, by the committee's clock (yesterday, should the import have run at midnight).
    let day = |d: chrono::NaiveDate| d.format("送达：%Y年%-m月%-d日").to_string();
    assert!(arrival.contains(&day(today)) || arrival.contains(&day(today - Days::new(1))), "{arrival}");
    assert!(arrival.contains("第1号交换包"), "{arrival}");
    assert!(arrival.contains("送达迟于答复日期"), "forty days after its date: {arrival}");
    assert!(arrival.contains("单位已签名"), "{arrival}");
    window.script(
        "document.querySelector('[data-testid^=arrival-]').scrollIntoView({ block: 'center', behavior: 'instant' })",
    );
    window.screenshot("arrival.png");

    window.click("[data-testid=nav-exchange]");
    window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));
    window.click("[data-testid=show-receipts]");
    let shown = window.wait("the receipts dialog", || {
        let text = window.script(
            "return document.querySelector('[data-testid=receipts-dialog] .el-dialog__body')?.textContent ?? ''",
        );
        text.as_str().filter(|t| t.contains("第0069号")).map(str::to_owned)
    });
    assert!(shown.contains("送达迟"), "{shown}");
    assert!(shown.contains("市政协提案委员会（本机）") && shown.contains("市教育局的第1号"), "{shown}");
    assert!(shown.contains("有效") && !shown.contains("无效"), "{shown}");
    window.wait("the dialog's opening to end", || {
        (window.script("return document.getAnimations().length").as_u64() == Some(0)).then_some(())
    });
    window.screenshot("receipts.png");
    window.click("[data-testid=close-receipts]");
    window.wait("the dialog to close", || {
        let open = window.script(
            "const d = document.querySelector('[data-testid=receipts-dialog]'); return !!d && d.offsetParent !== null",
        );
        (open.as_bool() == Some(false)).then_some(())
    });
}
