//! The package a clerk installs (`scripts/package.sh`, then
//! `apt-get install ./tian_…deb`): the window and the command in /usr/bin,
//! the file types registered, a received package opened by the installed
//! window, and the workspace kept when the package is installed again.
//!
//! These need the package installed, so they are ignored in a plain `cargo
//! test`; `scripts/test.sh` builds and installs the package, then runs them
//! with `TIAN_DEB` naming the .deb.

use std::path::{Path, PathBuf};
use std::process::Command;

use tian_e2e::{Launch, Window};

const APP: &str = "/usr/bin/tian-app";
const CLI: &str = "/usr/bin/tian";

fn deb() -> PathBuf {
    PathBuf::from(std::env::var_os("TIAN_DEB").expect("TIAN_DEB names the installed .deb"))
}

/// `program`, through sudo unless this is root already (as on CI).
fn as_root(program: &str) -> Command {
    // SAFETY: geteuid(2) only reads the process's user id.
    if unsafe { libc::geteuid() } == 0 {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg(program);
        sudo
    }
}

fn tian(db: &Path, args: &[&str]) -> String {
    let out = Command::new(CLI).arg("--db").arg(db).args(args).output().unwrap();
    assert!(out.status.success(), "tian {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
#[ignore = "needs the .deb installed: scripts/test.sh installs it and runs this"]
fn the_package_is_small_and_registers_the_window_the_command_and_the_file_types() {
    let size = std::fs::metadata(deb()).unwrap().len();
    assert!(size <= 15 * 1024 * 1024, "the .deb is {size} bytes, more than 15 MB");
    assert!(Path::new(APP).is_file());
    let help = Command::new(CLI).arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("提案"), "the command speaks Chinese");

    // The file types, as shared-mime-info compiled them at installation.
    let pkg = std::fs::read_to_string("/usr/share/mime/application/x-tianpkg.xml").unwrap();
    assert!(pkg.contains("天交换包"), "{pkg}");
    assert!(Path::new("/usr/share/mime/application/x-tiankey.xml").exists());
    assert!(Path::new("/usr/share/icons/hicolor/scalable/mimetypes/application-x-tianpkg.svg").exists());
    let desktop = std::fs::read_dir("/usr/share/applications")
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .find(|text| text.contains("Exec=tian-app"))
        .expect("a menu entry for the window");
    assert!(desktop.contains("Name=天 · 提案督办"), "{desktop}");
    assert!(desktop.contains("MimeType=application/x-tianpkg;application/x-tiankey;"), "{desktop}");
    assert!(desktop.contains("Exec=tian-app %f"), "the file manager hands over the file: {desktop}");
}

#[test]
#[ignore = "needs the .deb installed: scripts/test.sh installs it and runs this"]
fn the_installed_window_opens_a_package_it_is_launched_with() {
    let files = tempfile::tempdir().unwrap();
    let scene = tian_testkit::sync_scene(files.path(), 50).unwrap();
    let launch = Launch { args: vec![scene.package.display().to_string()], ..Launch::default() };
    let window = Window::start(Path::new(APP), launch, |db| {
        std::fs::copy(&scene.committee_db, db).unwrap();
    });
    let preview = window.wait_for_text("[data-testid=package-preview]", |t| t.contains("新增沟通记录"));
    assert!(preview.contains("来自承办单位“市教育局”"), "{preview}");
    window.screenshot("installed-open-package.png");
}

#[test]
#[ignore = "needs the .deb installed: scripts/test.sh installs it and runs this"]
fn the_installed_command_writes_a_report_in_the_systems_chinese_faces() {
    // The package carries no fonts: the report is set in the PC's own faces,
    // or in the CJK fonts the package depends on.
    let home = tempfile::tempdir().unwrap();
    let pdf = home.path().join("督办报告.pdf");
    tian(&home.path().join("tian.db"), &["report", "-o", pdf.to_str().unwrap()]);
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("NotoSerifCJK"), "the body in the system's Noto Serif CJK: {fonts}");
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes yes ")), "every face embedded, as a subset: {fonts}");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("重点提案"), "the text reads back");
}

#[test]
#[ignore = "needs the .deb installed: scripts/test.sh installs it and runs this"]
fn installing_the_package_again_keeps_the_workspace() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("tian.db");
    tian(&db, &["assign", "0069", "--date", "2026-03-01", "--lead", "市教育局"]);
    let before = tian(&db, &["show", "0069", "--json"]);
    let reinstall = as_root("apt-get").args(["install", "-y", "-q", "--reinstall"]).arg(deb()).output().unwrap();
    assert!(reinstall.status.success(), "{}", String::from_utf8_lossy(&reinstall.stderr));
    assert_eq!(tian(&db, &["show", "0069", "--json"]), before, "the clerk's work is where it was");
}
