//! Long work runs off the window's thread: while a large exchange package
//! imports, a bar names the step and moves, the list still answers, and a
//! second write is refused until the import ends.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use tian_e2e::Window;

/// What the progress bar says now: (how far, its text), or `None` when no
/// work is running.
fn bar(window: &Window) -> Option<(u64, String)> {
    let state = window.script(
        r#"const bar = document.querySelector("[data-testid=job-progress]");
           return bar ? [Number(bar.dataset.done), bar.textContent.trim()] : null;"#,
    );
    let state = state.as_array()?.clone();
    Some((state[0].as_u64().unwrap_or(0), state[1].as_str().unwrap_or_default().to_owned()))
}

#[test]
fn a_large_package_imports_with_a_moving_bar_while_the_window_answers() {
    let files = tempfile::tempdir().unwrap();
    // Large enough that merging lasts several of the test's looks at the bar.
    let scene = tian_testkit::sync_scene(&files.path().join("scene"), 48_000).unwrap();
    // In a folder of its own, so the file dialog shows one package.
    let inbox = files.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(&scene.package, inbox.join("big.tianpkg")).unwrap();
    let window = Window::open_on(|db| {
        std::fs::copy(&scene.committee_db, db).unwrap();
    });
    window.wait_for_list(13);
    window.click("[data-testid=nav-exchange]");
    window.click("[data-testid=import-package]");
    window.answer_file_dialog("选择交换包", &inbox.join("big.tianpkg"));
    window.wait_for_text("[data-testid=package-preview]", |t| t.contains("新增沟通记录"));
    window.click("[data-testid=confirm-import]");

    let mut done_values = BTreeSet::new();
    let mut steps = BTreeSet::new();
    let mut refused = None;
    let mut list_answered = false;
    let started = Instant::now();
    // The import takes seconds: watch it until the bar goes away.
    loop {
        let asked = Instant::now();
        let now = bar(&window);
        assert!(asked.elapsed() < Duration::from_secs(2), "the page answers a script at once while the import runs");
        let Some((done, text)) = now else {
            if !done_values.is_empty() {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "the import's bar never showed");
            continue;
        };
        assert!(started.elapsed() < Duration::from_secs(120), "the import did not end");
        if text.contains("合并修改") {
            done_values.insert(done);
        }
        steps.insert(text.split('（').next().unwrap_or_default().to_owned());
        if refused.is_none() && text.contains("合并修改") {
            // A second write while the import runs is refused at once, not queued.
            window.script(
                r#"window.__second = null;
                   window.__TAURI_INTERNALS__.invoke("create_backup")
                     .then(() => { window.__second = "写入了"; }, (e) => { window.__second = String(e); });"#,
            );
            refused = Some(window.wait("the second write's answer", || {
                window.script("return window.__second").as_str().map(str::to_owned)
            }));
            // And the list, read on a connection of its own, still shows.
            window.click("[data-testid=nav-list]");
            window.wait_for_list(13);
            list_answered = bar(&window).is_some();
            window.screenshot("long-work-list.png");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(done_values.len() >= 2, "the bar moved while merging: {done_values:?}");
    assert!(steps.iter().any(|s| s.starts_with("导入交换包：合并修改")), "the step is named: {steps:?}");
    let refused = refused.expect("a second write was tried during the import");
    assert!(refused.contains("正在导入交换包，请等它完成后再操作"), "{refused}");
    assert!(list_answered, "the list was drawn while the import still ran");

    window.click("[data-testid=nav-exchange]");
    let history = window.wait_for_text("[data-testid=package-history]", |t| t.contains("收自市教育局"));
    assert!(history.contains("big.tianpkg"), "{history}");
}
