//! The `tian` binary as scripts and later checks use it: its JSON contract,
//! its exit codes and its Chinese messages.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const SEED: &str = "../../assets/default-data/key-proposals-13-5.txt";

fn tian(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tian"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TIAN_USER", "测试员")
        .output()
        .unwrap()
}

fn json(out: Output) -> Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn list_json_has_the_contracted_keys_for_all_thirteen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = tian(&db, &["--no-default-data", "import", SEED]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout).unwrap().contains("新增 13 件"));
    let list = json(tian(&db, &["list", "--json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 13);
    let keys = [
        "number", "session", "title", "proposer", "proposer_kind", "summary", "suggestions", "gov_leaders",
        "cppcc_leaders", "lead_units", "co_committees", "stage",
    ];
    for p in list {
        for key in keys {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
    }
    let p0045 = list.iter().find(|p| p["number"] == "0045").unwrap();
    assert_eq!(p0045["proposer_kind"], "member");
    assert_eq!(p0045["cppcc_leaders"], serde_json::json!(["葛瑞芳", "张运凯"]));
    assert_eq!(p0045["stage"], "立案");
}

#[test]
fn show_prints_one_proposal_as_json_and_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let p = json(tian(&db, &["show", "0069", "--json"]));
    assert_eq!(p["lead_units"], serde_json::json!(["市教育局"]));
    assert_eq!(p["suggestions"].as_array().unwrap().len(), 6);
    let human = String::from_utf8(tian(&db, &["show", "0069"]).stdout).unwrap();
    assert!(human.contains("市政府领导：孟祥红") && human.contains("  6. 加强人才队伍建设。"), "{human}");
}

#[test]
fn list_filters_by_lead_unit_and_leader() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let health = json(tian(&db, &["list", "--lead-unit", "市卫生健康委员会", "--json"]));
    assert_eq!(health.as_array().unwrap().len(), 3);
    let yan = json(tian(&db, &["list", "--leader", "闫纯锴", "--json"]));
    assert_eq!(yan.as_array().unwrap().len(), 5);
}

#[test]
fn errors_exit_non_zero_with_a_chinese_message_and_leave_the_data_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let missing = tian(&db, &["show", "1234"]);
    assert!(!missing.status.success());
    assert_eq!(String::from_utf8(missing.stderr).unwrap().trim(), "错误：没有第1234号提案。");

    let before = json(tian(&db, &["list", "--json"]));
    let garbage = dir.path().join("乱码.txt");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let refused = tian(&db, &["import", garbage.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8(refused.stderr).unwrap().contains("无法识别文件编码"));
    assert_eq!(json(tian(&db, &["list", "--json"])), before);
}
