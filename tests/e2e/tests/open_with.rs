//! 打开方式: a clerk double-clicks a received .tianpkg or .tiankey. The
//! window opens on the exchange page with that package's preview, or with
//! the key's fingerprint to compare; with a window already open, a second
//! launch hands the file to it and exits.

use std::path::{Path, PathBuf};

use tian_core::{Role, Tian};
use tian_e2e::{Launch, Window};

/// A unit's key file in `dir`, and the fingerprint its screen shows.
fn unit_key(dir: &Path) -> (PathBuf, String) {
    let mut unit = Tian::open(&dir.join("unit/tian.db")).unwrap();
    let identity = unit.init_identity(Role::Unit, "市教育局").unwrap();
    let key = dir.join("inbox/市教育局.tiankey");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    unit.export_key(&key).unwrap();
    (key, identity.fingerprint)
}

/// Answers the trust question for a key whose fingerprint is `fingerprint`.
fn trust_when_asked(window: &Window, fingerprint: &str) {
    let question = window.wait_for_text(".el-message-box", |t| t.contains("密钥指纹"));
    assert!(question.contains(fingerprint) && question.contains("市教育局"), "{question}");
    window.click_xpath("//div[contains(@class,'el-message-box')]//button[.//span[text()='指纹一致，信任']]");
    window.wait_for_text("[data-testid=peer-table]", |t| t.contains("市教育局"));
}

#[test]
fn a_package_the_window_is_opened_with_is_previewed_on_the_exchange_page() {
    let files = tempfile::tempdir().unwrap();
    let scene = tian_testkit::sync_scene(files.path(), 50).unwrap();
    let launch = Launch { args: vec![scene.package.display().to_string()], ..Launch::default() };
    let window = Window::open_as(launch, |db| {
        std::fs::copy(&scene.committee_db, db).unwrap();
    });
    let preview = window.wait_for_text("[data-testid=package-preview]", |t| t.contains("新增沟通记录"));
    assert!(preview.contains("来自承办单位“市教育局”"), "{preview}");
    window.wait("the preview to finish", || window.find_all("[data-testid=job-progress]").is_empty().then_some(()));
    window.script(r#"document.querySelector("[data-testid=package-preview]").scrollIntoView()"#);
    window.screenshot("open-with-package.png");
}

#[test]
fn a_key_the_window_is_opened_with_is_shown_for_its_fingerprint_then_trusted() {
    let files = tempfile::tempdir().unwrap();
    let (key, fingerprint) = unit_key(files.path());
    let launch = Launch { args: vec![key.display().to_string()], ..Launch::default() };
    let window = Window::open_as(launch, |_| {});
    trust_when_asked(&window, &fingerprint);
    window.screenshot("open-with-key.png");
}

#[test]
fn a_second_launch_hands_its_file_to_the_open_window_and_exits() {
    let files = tempfile::tempdir().unwrap();
    let (key, fingerprint) = unit_key(files.path());
    let window = Window::open_as(Launch { session_bus: true, ..Launch::default() }, |_| {});
    window.wait_for_list(13);
    let second = window.launch_again(&[&key.display().to_string()]);
    assert!(second.success(), "the second launch exits quietly: {second:?}");
    trust_when_asked(&window, &fingerprint);
    window.screenshot("open-with-second-launch.png");
}
