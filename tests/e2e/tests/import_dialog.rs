//! Importing another announcement the way a clerk does: 导入公告… opens the
//! native GTK file dialog (rfd), the path is typed into it with xdotool as a
//! person would, and the new session's proposals join the list.

mod support;

use std::process::Command;
use std::time::Duration;

use support::Window;

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");
const TITLE: &str = "选择重点提案公告文件";

fn xdotool(window: &Window, args: &[&str]) -> String {
    let out = Command::new("xdotool").args(args).env("DISPLAY", window.display()).output().expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn an_announcement_chosen_in_the_native_dialog_is_imported() {
    let files = tempfile::tempdir().unwrap();
    let next_session = SEED[..SEED.find("三、关于加大科技投入").unwrap()].replace("十三届五次", "十三届六次");
    let path = files.path().join("next-session.txt");
    std::fs::write(&path, next_session).unwrap();

    let window = Window::open();
    window.wait_for_count("tr.proposal-row", 13);
    window.click("[data-testid=import-button]");
    let dialog = support::wait_until(Duration::from_secs(20), "the native open dialog", || {
        Some(xdotool(&window, &["search", "--onlyvisible", "--name", TITLE])).filter(|id| !id.is_empty())
    });
    // Mapped is not yet ready for keys: give GTK a moment to lay the dialog out.
    std::thread::sleep(Duration::from_millis(500));
    let dialog = dialog.lines().next().unwrap().to_owned();
    xdotool(&window, &["windowfocus", "--sync", &dialog]);
    xdotool(&window, &["key", "ctrl+l"]);
    xdotool(&window, &["type", "--delay", "10", path.to_str().unwrap()]);
    // The first Return may only accept the location bar's completion.
    support::wait_until(Duration::from_secs(10), "the dialog to close", || {
        xdotool(&window, &["key", "Return"]);
        std::thread::sleep(Duration::from_millis(400));
        xdotool(&window, &["search", "--onlyvisible", "--name", TITLE]).is_empty().then_some(())
    });

    let count = window.wait_for_text("[data-testid=list-count]", |t| t.contains("15"));
    assert_eq!(count, "十三届五次、十三届六次 · 共 15 件");
    let message = window.wait_for_text(".el-message", |t| !t.is_empty());
    assert_eq!(message, "导入完成：十三届六次重点提案 2 件：新增 2 件，更新 0 件，未变 0 件。");
    window.screenshot("import-dialog.png");
}
