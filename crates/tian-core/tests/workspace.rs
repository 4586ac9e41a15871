//! Opening a workspace on a real database file: the first run, imports, and
//! what a bad file must not do to the data.

use std::path::{Path, PathBuf};

use tian_core::domain::{ProposalFilter, Stage};
use tian_core::{CoreError, Tian};

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");

fn new_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("tian.db");
    (dir, path)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn op_count(db: &Path) -> i64 {
    read_only(db).query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap()
}

/// A second connection, as another program would open the file.
fn read_only(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn a_new_database_starts_with_the_thirteen_key_proposals() {
    let (_dir, db) = new_db();
    let tian = Tian::open(&db).unwrap();
    let all = tian.proposals(&ProposalFilter::default()).unwrap();
    assert_eq!(all.len(), 13);
    assert!(all.iter().all(|p| p.stage == Stage::Registered));
    let p = tian.proposal("69", None).unwrap();
    assert_eq!(p.lead_units, ["市教育局"]);
    assert_eq!(p.gov_leaders, ["孟祥红"]);
}

#[test]
fn reopening_does_not_add_the_default_data_again() {
    let (_dir, db) = new_db();
    drop(Tian::open(&db).unwrap());
    let before = op_count(&db);
    let tian = Tian::open(&db).unwrap();
    assert_eq!(tian.proposals(&ProposalFilter::default()).unwrap().len(), 13);
    assert_eq!(op_count(&db), before);
}

#[test]
fn importing_the_same_announcement_twice_changes_nothing() {
    let (dir, db) = new_db();
    let mut tian = Tian::open_empty(&db).unwrap();
    let file = write(dir.path(), "公告.txt", SEED.as_bytes());
    let first = tian.import_announcement_file(&file).unwrap();
    assert_eq!((first.added, first.changed, first.unchanged), (13, 0, 0));
    let ops = op_count(&db);
    let second = tian.import_announcement_file(&file).unwrap();
    assert_eq!((second.added, second.changed, second.unchanged), (0, 0, 13));
    assert_eq!(second.message, "十三届五次重点提案 13 件：新增 0 件，更新 0 件，未变 13 件。");
    assert_eq!(op_count(&db), ops);
}

#[test]
fn a_corrected_announcement_updates_only_what_changed_and_keeps_the_old_value_in_the_log() {
    let (dir, db) = new_db();
    let mut tian = Tian::open(&db).unwrap();
    let ops = op_count(&db);
    let corrected = SEED.replacen("市政府主办部门：市教育局", "市政府主办部门：市教育局 市科技局", 1);
    let report = tian.import_announcement_file(&write(dir.path(), "更正.txt", corrected.as_bytes())).unwrap();
    assert_eq!((report.added, report.changed, report.unchanged), (0, 1, 12));
    assert_eq!(op_count(&db), ops + 1);
    assert_eq!(tian.proposal("0069", None).unwrap().lead_units, ["市教育局", "市科技局"]);
    let prev: String =
        read_only(&db).query_row("SELECT prev_value FROM ops ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    assert_eq!(prev, r#"["市教育局"]"#);
}

#[test]
fn a_malformed_file_leaves_the_database_exactly_as_it_was() {
    let (dir, db) = new_db();
    let mut tian = Tian::open(&db).unwrap();
    let ops = op_count(&db);
    // Valid proposals first, then a broken one: nothing of the file may land.
    let broken = SEED.replacen("市政府主办部门：市消防救援支队\n", "", 1).replace("十三届五次", "十三届六次");
    let err = tian.import_announcement_file(&write(dir.path(), "坏文件.txt", broken.as_bytes())).unwrap_err();
    assert!(matches!(err, CoreError::ImportFile { .. }));
    let message = err.to_string();
    assert!(message.contains("坏文件.txt") && message.contains("第0077号") && message.contains("行："), "{message}");
    assert_eq!(op_count(&db), ops);
    let new_session: i64 = read_only(&db)
        .query_row("SELECT count(*) FROM proposals WHERE session = '十三届六次'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(new_session, 0);
}

#[test]
fn a_missing_file_gets_a_chinese_message() {
    let (dir, db) = new_db();
    let mut tian = Tian::open(&db).unwrap();
    let err = tian.import_announcement_file(&dir.path().join("没有这个文件.txt")).unwrap_err().to_string();
    assert!(err.contains("没有这个文件.txt") && err.contains("文件不存在"), "{err}");
}

#[test]
fn filters_match_units_and_leaders_by_their_exact_names() {
    let (_dir, db) = new_db();
    let tian = Tian::open(&db).unwrap();
    let by_unit = |u: &str| tian.proposals(&ProposalFilter { lead_unit: Some(u.into()), leader: None }).unwrap();
    let by_leader = |l: &str| tian.proposals(&ProposalFilter { lead_unit: None, leader: Some(l.into()) }).unwrap();
    let numbers = |v: Vec<tian_core::domain::Proposal>| v.into_iter().map(|p| p.number).collect::<Vec<_>>();
    assert_eq!(numbers(by_unit("市卫生健康委员会")), ["0273", "0276", "0464"]);
    assert_eq!(numbers(by_unit("中国（河北）自由贸易试验区正定片区管委会")), ["0174"]);
    assert_eq!(numbers(by_unit("市科技局")), ["0020"]);
    assert_eq!(numbers(by_leader("闫纯锴")), ["0020", "0069", "0273", "0276", "0464"]);
    assert_eq!(numbers(by_leader("宋学恭")), ["0044", "0396"]);
    assert!(by_leader("宋学").is_empty(), "the proposer 宋学 supervises nothing");
    let both = tian
        .proposals(&ProposalFilter {
            lead_unit: Some("市卫生健康委员会".into()), leader: Some("范振增".into())
        })
        .unwrap();
    assert_eq!(numbers(both), ["0273", "0276"]);
}

#[test]
fn units_and_leaders_are_records_with_their_counts() {
    let (_dir, db) = new_db();
    let tian = Tian::open(&db).unwrap();
    let units = tian.units().unwrap();
    assert_eq!(units.len(), 12);
    assert_eq!((units[0].name.as_str(), units[0].lead_proposals), ("市卫生健康委员会", 3));
    let leaders = tian.leaders().unwrap();
    let yan = leaders.iter().find(|l| l.name == "闫纯锴").unwrap();
    assert_eq!(yan.proposals, 5);
    assert!(leaders.iter().all(|l| l.name != "宋学"));
}

#[test]
fn an_unknown_number_is_reported_in_chinese() {
    let (_dir, db) = new_db();
    let tian = Tian::open(&db).unwrap();
    assert_eq!(tian.proposal("9999", None).unwrap_err().to_string(), "没有第9999号提案。");
}

#[test]
fn a_second_window_reading_the_same_file_sees_each_step_the_first_takes() {
    // The window keeps a writing and a reading connection; the reader must
    // not show a dossier from before the writer's latest step.
    let (_dir, db) = new_db();
    let mut writer = Tian::open(&db).unwrap();
    let reader = Tian::open(&db).unwrap();
    let id = writer.proposal("69", None).unwrap().id();
    assert_eq!(reader.dossier(&id).unwrap().proposal.stage, Stage::Registered);
    let lead = tian_core::domain::UnitAssignment {
        unit: "市教育局".into(),
        role: tian_core::domain::UnitRole::Lead,
        contact: String::new(),
        phone: String::new(),
    };
    let date = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    writer.assign(&id, tian_core::domain::Assignment { date, units: vec![lead], mode: Default::default() }).unwrap();
    assert_eq!(reader.dossier(&id).unwrap().proposal.stage, Stage::Assigned);
    assert_eq!(writer.dossier(&id).unwrap().proposal.stage, Stage::Assigned);
}
