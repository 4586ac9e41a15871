//! 相似提案 through `tian`: last year's key proposals imported after this
//! year's say which of this year's each is like; `tian similar` lists a
//! proposal's like ones with their answers and marks a near-duplicate of
//! its own 届次.

use std::path::Path;

mod support;

use support::{json, ok, path};

fn tian(db: &Path, args: &[&str]) -> std::process::Output {
    support::run(db, Some("2026-11-30"), args)
}

#[test]
fn an_import_and_tian_similar_name_the_proposals_like_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    ok(tian(&db, &["list"]));
    // Last year's announcement, the same 13 matters.
    let default = include_str!("../../../assets/default-data/key-proposals-13-5.txt");
    let last_year = dir.path().join("十三届四次.txt");
    std::fs::write(&last_year, default.replace("十三届五次", "十三届四次")).unwrap();
    let imported = ok(tian(&db, &["import", path(&last_year)]));
    assert!(imported.contains("其中 13 件与已有提案相近"), "{imported}");
    assert!(imported.contains("十三届五次第0069号 关于大力发展智慧教育"), "{imported}");
    assert!(!imported.contains("疑似重复"), "another 届次 is not a duplicate: {imported}");

    ok(tian(&db, &["assign", "0069", "--session", "十三届四次", "--date", "2026-03-01", "--lead", "市教育局"]));
    ok(tian(
        &db,
        &[
            "reply",
            "0069",
            "--session",
            "十三届四次",
            "--unit",
            "市教育局",
            "--class",
            "A",
            "--date",
            "2026-06-01",
            "--signer",
            "王局长",
            "--text",
            "智慧教育平台已建成。",
        ],
    ));
    let listed = ok(tian(&db, &["similar", "0069", "--session", "十三届五次"]));
    let first = listed.lines().next().unwrap_or_default();
    assert!(first.contains("十三届四次第0069号") && first.contains("A类答复"), "{listed}");
    assert!(listed.contains("答复：智慧教育平台已建成。"), "{listed}");
    assert!(!listed.contains("第0396号"), "air quality is another matter: {listed}");
    let found = json(tian(&db, &["similar", "0069", "--session", "十三届四次", "--json"]));
    assert_eq!(found[0]["session"], "十三届五次");
    assert!(found[0]["score"].as_u64().unwrap() >= 70, "{found}");
    let unknown = tian(&db, &["similar", "9999"]);
    assert!(!unknown.status.success(), "an unknown number is said plainly");
}
