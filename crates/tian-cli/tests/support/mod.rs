//! What the tests of the `tian` binary share: running it on a database as a
//! named clerk, and reading what it printed.

// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `tian --db DB [--today TODAY] ARGS` as the clerk 测试员.
pub fn run(db: &Path, today: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tian"));
    command.arg("--db").arg(db);
    if let Some(today) = today {
        command.args(["--today", today]);
    }
    command.args(args).env("TIAN_USER", "测试员").output().unwrap()
}

/// What a successful run printed; a failed one fails the test with its message.
pub fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON a successful run printed.
pub fn json(out: Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

/// The words of the PDF at `pdf` as pdftotext reads them, without spaces,
/// line breaks or page numbers (—2—), which fall wherever a page ends: a
/// sentence reads whole across a page break.
pub fn pdf_words(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext reads {}", pdf.display());
    let text: String = String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    let mut words = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('—') {
        let after = &rest[at + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('—') {
            words.push_str(&rest[..at]);
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            words.push_str(&rest[..at + '—'.len_utf8()]);
            rest = after;
        }
    }
    words + rest
}

/// 录入答复 of `unit` on proposal `number`, class `class`, dated `date`,
/// with `text` as its letter, signed by 王; what it printed, or the test fails.
pub fn reply(db: &Path, today: &str, number: &str, unit: &str, class: &str, date: &str, text: &str) -> String {
    let args = ["reply", number, "--unit", unit, "--class", class, "--date", date, "--signer", "王", "--text", text];
    ok(run(db, Some(today), &args))
}

/// The arguments of a 催办函 to `unit`, sent under 文号 `number`, written to `out`.
pub fn notice_args<'a>(unit: &'a str, number: &'a str, out: &'a Path) -> [&'a str; 7] {
    ["report", "--notice", unit, "--number", number, "-o", out.to_str().unwrap()]
}

/// The first page of `pdf` drawn at 80 dpi into `png_stem`.png, for a
/// person to look at beside the test's result.
pub fn first_page_png(pdf: &Path, png_stem: &Path) {
    let out = Command::new("pdftoppm")
        .args(["-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(png_stem)
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm 未安装：{e}"));
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
}

/// The committee's and 市教育局's workspaces side by side in a fresh folder,
/// where the files they hand each other are kept too.
pub fn two_offices() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (committee, unit) = (dir.path().join("委员会/tian.db"), dir.path().join("教育局/tian.db"));
    (dir, committee, unit)
}

/// A path as an argument to `tian`.
pub fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Each file in `files` as LibreOffice prints it, written to `dir`/lo.
pub fn libreoffice(dir: &Path, files: &[&Path]) {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let out = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.join("lo"))
        .args(files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
