//! 档案移交 on the 备份 page as the clerk clicks it: the session's archive
//! saved through the save dialog, its fingerprint said to print on the
//! handover list, and the archive checked again from 核验档案… with that
//! fingerprint typed in.

use std::time::Duration;

use tian_e2e::Window;

#[test]
fn a_sessions_archive_is_handed_over_and_checked_with_its_printed_fingerprint() {
    let files = tempfile::tempdir().unwrap();
    let window = Window::open();
    window.wait_for_list(13);
    window.click("[data-testid=nav-backups]");
    window.click("[data-testid=open-archive]");
    window.wait_for_text("[data-testid=archive-dialog] .el-dialog__body", |t| t.contains("SHA-256"));
    window.click("[data-testid=confirm-archive]");
    let archive = files.path().join("archive.zip");
    window.answer_file_dialog("导出档案", &archive);
    let said = window.wait_for_text(".saved-notice .saved-message", |t| t.contains("已导出十三届五次档案"));
    assert!(said.contains("13 件提案"), "{said}");
    let fingerprint =
        said.split("签名公钥指纹 ").nth(1).and_then(|r| r.split('，').next()).expect("the fingerprint said").to_owned();
    assert_eq!(fingerprint.replace(' ', "").len(), 20, "{said}");
    // It stays in the dialog to print after the notice has gone.
    let kept = window.wait_for_text("[data-testid=archive-exported] .fingerprint", |t| !t.is_empty());
    assert_eq!(kept, fingerprint);
    window.click("[data-testid=close-archive]");
    tian_e2e::wait_until(Duration::from_secs(30), "the archive", || std::fs::metadata(&archive).ok());

    window.wait("the notice to fade", || window.find_all(".saved-notice").is_empty().then_some(()));
    window.click("[data-testid=open-verify-archive]");
    window.wait_for_count("input[data-testid=archive-fingerprint]", 1)[0].type_text(&fingerprint);
    window.click("[data-testid=pick-archive]");
    window.answer_file_dialog("选择要核验的档案", &archive);
    let result = window.wait_for_text("[data-testid=archive-result]", |t| t.contains("档案完好"));
    assert!(result.contains("指纹与所填一致") && result.contains(&fingerprint), "{result}");
    window.screenshot("archive-verified.png");
    window.click("[data-testid=close-verify]");
    window.wait("the dialog to close", || {
        let shown = window.script("return document.querySelector('[data-testid=verify-dialog]')?.offsetParent != null");
        (shown == serde_json::Value::Bool(false)).then_some(())
    });
}
