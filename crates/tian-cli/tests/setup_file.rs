//! A unit's installation set up from the committee's 单位初始化文件, as the
//! two clerks do it with `tian`: the committee exports the file for
//! 市教育局, the unit starts from it (the committee's key trusted, its rules
//! and 单位名录 taken), reads its fingerprint to the committee, and the first
//! package then travels. A file altered on the way, made for a unit not in
//! the directory, or carrying rules out of range is refused with nothing
//! changed.

use std::path::Path;
use std::process::Output;

mod support;

use support::{json, ok, path};

fn tian(db: &Path, args: &[&str]) -> Output {
    support::run(db, Some("2026-05-28"), args)
}

fn refused(out: Output) -> String {
    assert!(!out.status.success(), "refused: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_unit_starts_from_the_committees_setup_file_and_the_first_package_travels() {
    let (dir, committee, unit) = support::two_offices();
    let file = |name: &str| dir.path().join(name);

    let me = json(tian(&committee, &["init", "--role", "committee", "--name", "市政协提案委员会", "--json"]));
    ok(tian(&committee, &["units", "short", "市教育局", "教育局"]));
    // The committee's rules, set on its 设置 page: answers due in two months here.
    {
        let mut at_committee = tian_core::Tian::open(&committee).unwrap();
        let mut settings = at_committee.settings().unwrap();
        settings.deadlines.reply_months = 2;
        at_committee.save_settings(&settings).unwrap();
    }

    let missing = refused(tian(&committee, &["key", "setup-file", "市教育厅", "-o", path(&file("x.tianinit"))]));
    assert!(missing.contains("单位名录中没有“市教育厅”"), "{missing}");
    let made = ok(tian(&committee, &["key", "setup-file", "市教育局", "-o", path(&file("市教育局.tianinit"))]));
    assert!(made.contains("tian init --from 市教育局.tianinit"), "{made}");

    // The unit's clerk takes it: this installation is now 市教育局, trusting the committee's key.
    let set_up = ok(tian(&unit, &["init", "--from", path(&file("市教育局.tianinit"))]));
    assert!(set_up.contains("本机：市教育局（承办单位）"), "{set_up}");
    assert!(set_up.contains(me["fingerprint"].as_str().unwrap()), "the committee's fingerprint to compare: {set_up}");
    let status = json(tian(&unit, &["sync", "status", "--json"]));
    assert_eq!(status["peers"][0]["name"], "市政协提案委员会", "{status}");
    let units = ok(tian(&unit, &["units", "list"]));
    assert!(units.contains("市教育局"), "{units}");
    // Taking the same file again changes nothing and is no error.
    ok(tian(&unit, &["init", "--from", path(&file("市教育局.tianinit"))]));
    // A unit makes no setup files.
    let not_mine = refused(tian(&unit, &["key", "setup-file", "市教育局", "-o", path(&file("y.tianinit"))]));
    assert!(not_mine.contains("本机是承办单位（市教育局）"), "{not_mine}");

    // The unit's fingerprint, read out, lets the committee trust its key file.
    let unit_key = json(tian(&unit, &["key", "export", "-o", path(&file("市教育局.tiankey")), "--json"]));
    let fingerprint = unit_key["fingerprint"].as_str().unwrap();
    assert!(set_up.contains(fingerprint), "the unit's own fingerprint is shown at setup: {set_up}");
    ok(tian(&committee, &["key", "trust", path(&file("市教育局.tiankey")), "--fingerprint", fingerprint]));
    ok(tian(&committee, &["assign", "0069", "--date", "2026-03-01", "--lead", "市教育局"]));
    ok(tian(&committee, &["sync", "export", "--to", "市教育局", "-o", path(&file("下发.tianpkg"))]));
    ok(tian(&unit, &["sync", "import", path(&file("下发.tianpkg"))]));
    // Due by the committee's two months, on both sides.
    for (side, db) in [("committee", &committee), ("unit", &unit)] {
        let shown = ok(tian(db, &["show", "0069"]));
        assert!(shown.contains("2026年5月1日"), "{side}: {shown}");
    }
    let rules = tian_core::Tian::open(&unit).unwrap().settings().unwrap();
    assert_eq!(rules.deadlines.reply_months, 2, "the committee's rule, not the default");
}

#[test]
fn an_altered_or_unfit_setup_file_is_refused_and_changes_nothing() {
    let (dir, committee, unit) = support::two_offices();
    let file = |name: &str| dir.path().join(name);
    ok(tian(&committee, &["init", "--role", "committee", "--name", "市政协提案委员会"]));
    ok(tian(&committee, &["key", "setup-file", "市教育局", "-o", path(&file("good.tianinit"))]));
    let good: serde_json::Value = serde_json::from_slice(&std::fs::read(file("good.tianinit")).unwrap()).unwrap();
    let before = ok(tian(&unit, &["list"]));

    // The unit's name changed on the way: the signature no longer holds.
    let mut altered = good.clone();
    let body = altered["body"].as_str().unwrap().replace("市教育局", "市财政局");
    altered["body"] = serde_json::json!(body);
    let cases = [
        ("altered", altered.to_string().into_bytes()),
        ("garbage", b"PK\x03\x04 not a setup file".to_vec()),
        ("empty", Vec::new()),
        ("key file", br#"{"format":"tiankey/1","role":"committee","name":"x","public_key":"00"}"#.to_vec()),
    ];
    for (what, bytes) in cases {
        let bad = file(&format!("{what}.tianinit"));
        std::fs::write(&bad, bytes).unwrap();
        let message = refused(tian(&unit, &["init", "--from", path(&bad)]));
        assert!(message.contains("不是提案委员会导出的单位初始化文件"), "{what}: {message}");
        assert_eq!(ok(tian(&unit, &["list"])), before, "{what}: nothing changed");
        let status = json(tian(&unit, &["sync", "status", "--json"]));
        assert_eq!(status["peers"], serde_json::json!([]), "{what}: no key trusted");
    }
    // Role and name, or the file: not both.
    let both = refused(tian(&unit, &["init", "--from", path(&file("good.tianinit")), "--role", "unit"]));
    assert!(!both.is_empty());
    let missing = refused(tian(&unit, &["init", "--from", path(&file("nowhere.tianinit"))]));
    assert!(missing.contains("nowhere.tianinit"), "the file is named: {missing}");
}
