//! GB/T 9704's page in Word's terms: 22 lines of 28 characters on every full
//! body page. No Word is at hand, so LibreOffice renders the .docx and the
//! lines of a full page are counted in what it drew.

use std::process::Command;

use tian_export::{write_docx, Block, OfficialDocument};

#[test]
fn libreoffice_sets_twenty_two_lines_of_twenty_eight_characters_on_a_full_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = OfficialDocument::new(
        "市政协十三届五次会议重点提案办理情况的督办报告".into(),
        "市政协提案委员会".into(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    );
    // Paragraphs of exactly three lines: 26 after the indent, then 28 and 28.
    doc.blocks = (0..30).map(|_| Block::Paragraph("督".repeat(26 + 28 + 28))).collect();
    let docx = dir.path().join("grid.docx");
    std::fs::write(&docx, write_docx(&doc).unwrap()).unwrap();

    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("lo").display());
    let converted = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(converted.status.success(), "{}", String::from_utf8_lossy(&converted.stderr));
    let text = Command::new("pdftotext")
        .args(["-f", "2", "-l", "2", "-layout"])
        .arg(dir.path().join("grid.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let lines: Vec<usize> = text.lines().map(|l| l.chars().filter(|c| *c == '督').count()).filter(|n| *n > 0).collect();
    assert_eq!(lines.len(), 22, "lines on page 2: {lines:?}\n{text}");
    assert_eq!(lines.iter().max(), Some(&28), "{lines:?}");
    assert!(lines.iter().all(|n| *n == 26 || *n == 28), "{lines:?}");
}
