//! Importing another announcement the way a clerk does: 导入公告… opens the
//! native GTK file dialog (rfd), the path is typed into it with xdotool as a
//! person would, and the new session's proposals join the list.

use tian_e2e::Window;

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");
const TITLE: &str = "选择重点提案公告文件";

#[test]
fn an_announcement_chosen_in_the_native_dialog_is_imported() {
    let files = tempfile::tempdir().unwrap();
    let next_session = SEED[..SEED.find("三、关于加大科技投入").unwrap()].replace("十三届五次", "十三届六次");
    let path = files.path().join("next-session.txt");
    std::fs::write(&path, next_session).unwrap();

    let window = Window::open();
    window.wait_for_list(13);
    window.click("[data-testid=import-button]");
    window.answer_file_dialog(TITLE, &path);

    let count = window.wait_for_text("[data-testid=list-count]", |t| t.contains("15"));
    assert_eq!(count, "十三届六次、十三届五次 · 共 15 件", "the latest session first");
    let message = window.wait_for_text(".el-message", |t| !t.is_empty());
    assert_eq!(message, "导入完成：十三届六次重点提案 2 件：新增 2 件，更新 0 件，未变 0 件。");
    window.screenshot("import-dialog.png");
}
