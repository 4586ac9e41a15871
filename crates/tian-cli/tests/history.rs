//! 往年提案: the five-year summary (seed 003) imported into the archive, its
//! figures checked, found by search, and cited by this year's report.

use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::ok;

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, None, args)
}

const SUMMARY: &str = "../tian-import/tests/fixtures/003-proposal-summary.txt";

fn operations(db: &Path) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap()
}

#[test]
fn the_summary_becomes_a_searchable_archive_that_reports_cite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let said = ok(tian(&db, &["history", "import", SUMMARY]));
    assert!(said.contains("往年提案 14 件：新增 14 件"), "{said}");
    assert!(said.contains("有140件去向不明"), "the summary's figures do not add up: {said}");

    let hits: serde_json::Value =
        serde_json::from_str(&ok(tian(&db, &["history", "search", "乡村振兴", "--json"]))).unwrap();
    let mut titles: Vec<&str> = hits.as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles, ["加强农村生态环境治理 助推乡村振兴", "完善政策扶持措施努力实现乡村振兴战略"]);
    // A one-character query, which the trigram index alone would miss.
    let water = ok(tian(&db, &["history", "search", "水"]));
    assert!(water.contains("加快推进松花江新水源地规划建设"), "{water}");
    // This year's search keeps to this year's proposals.
    let this_year: serde_json::Value = serde_json::from_str(&ok(tian(&db, &["search", "松花江", "--json"]))).unwrap();
    assert_eq!(this_year, serde_json::json!([]));

    let pdf = dir.path().join("0044.pdf");
    ok(tian(&db, &["report", "--proposal", "0044", "-o", pdf.to_str().unwrap()]));
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("往年相关提案：《完善政策扶持措施努力实现乡村振兴战略》（2019年）"), "{flat}");

    let before = operations(&db);
    assert!(ok(tian(&db, &["history", "import", SUMMARY])).contains("未变 14 件"));
    assert_eq!(operations(&db), before, "importing again logs nothing");
}

#[test]
fn a_file_that_is_not_a_summary_is_refused_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["list"]));
    let before = operations(&db);
    let notes = dir.path().join("会议记录.txt");
    std::fs::write(&notes, "今天开会。\n讨论了提案。\n").unwrap();
    let out = tian(&db, &["history", "import", notes.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有带年份的提案标题"));
    assert_eq!(operations(&db), before);
}
