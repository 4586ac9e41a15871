//! Backups a clerk can rely on: made before imports, holding attachments,
//! restorable, rotated, and never mistaken for complete when they are not.

use std::path::Path;

use chrono::NaiveDate;
use tian_core::domain::{AnswerClass, Assignment, Stage, UnitAssignment, UnitRole};
use tian_core::{BackupReason, ReplyInput, Tian};
use tian_testkit::TestData;

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn assign_0069(tian: &mut Tian) {
    let id = tian.resolve("0069", None).unwrap();
    let lead =
        UnitAssignment {
            unit: "市教育局".into(), role: UnitRole::Lead, contact: String::new(), phone: String::new()
        };
    tian.assign(&id, Assignment { date: d(2026, 3, 1), units: vec![lead], mode: Default::default() }).unwrap();
}

fn origin(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT value FROM meta WHERE key = 'origin'", [], |r| r.get(0)).unwrap()
}

#[test]
fn an_import_is_preceded_by_a_backup_that_restores_the_state_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let mut tian = Tian::open(&db).unwrap();
    let renamed = SEED.replace("关于大力发展智慧教育", "关于加快发展智慧教育");
    let file = dir.path().join("更正公告.txt");
    std::fs::write(&file, renamed).unwrap();
    tian.import_announcement_file(&file).unwrap();
    assert!(tian.proposal("0069", None).unwrap().title.starts_with("关于加快发展"));

    let backups = tian.backups().unwrap();
    assert_eq!(backups.len(), 1);
    // The announcement's 169 operations and the default plan library's 714.
    assert_eq!((backups[0].reason, backups[0].proposals, backups[0].operations), (BackupReason::Import, 13, 169 + 714));

    let origin_before = origin(&db);
    let safety = tian.restore_backup(&backups[0].name).unwrap();
    assert_eq!(safety.reason, BackupReason::BeforeRestore);
    assert!(tian.proposal("0069", None).unwrap().title.starts_with("关于大力发展"));
    assert_ne!(origin(&db), origin_before, "a restored workspace continues under a new origin");
    assert_eq!(tian.backups().unwrap().len(), 2, "the state before restoring is itself kept");

    // It keeps working: the next action is recorded after the restored history.
    assign_0069(&mut tian);
    assert_eq!(tian.dossier(&tian.resolve("0069", None).unwrap()).unwrap().proposal.stage, Stage::Assigned);
}

#[test]
fn a_garbage_file_makes_no_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    let file = dir.path().join("乱码.txt");
    std::fs::write(&file, [0xffu8, 0xfe, 0x00, 0xd8, 0x00]).unwrap();
    assert!(tian.import_announcement_file(&file).is_err());
    assert!(tian.backups().unwrap().is_empty());
}

#[test]
fn attachments_travel_with_a_backup_and_come_back_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    assign_0069(&mut tian);
    let scan = dir.path().join("复文.pdf");
    std::fs::write(&scan, b"%PDF-1.4 reply scan").unwrap();
    let id = tian.resolve("0069", None).unwrap();
    let input = reply_with(scan);
    let sha = tian.add_reply(&id, input).unwrap().replies[0].attachments[0].sha256.clone();
    let backup = tian.create_backup(BackupReason::Manual).unwrap();
    assert_eq!(backup.attachments, 1);

    std::fs::remove_dir_all(tian.attachments_dir()).unwrap();
    tian.restore_backup(&backup.name).unwrap();
    assert_eq!(std::fs::read(tian.attachment_path(&sha).unwrap()).unwrap(), b"%PDF-1.4 reply scan");
}

#[test]
fn a_backup_copied_as_one_file_restores_on_another_pc_with_its_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("a/tian.db")).unwrap();
    assign_0069(&mut tian);
    let scan = dir.path().join("复文.pdf");
    std::fs::write(&scan, b"%PDF-1.4 reply scan").unwrap();
    let id = tian.resolve("0069", None).unwrap();
    let sha = tian.add_reply(&id, reply_with(scan)).unwrap().replies[0].attachments[0].sha256.clone();
    let backup = tian.create_backup(BackupReason::Manual).unwrap();
    let stick = dir.path().join("U盘");
    std::fs::create_dir(&stick).unwrap();
    let copy = tian.copy_backup(&backup.name, &stick.join("天备份")).unwrap();
    assert_eq!(copy, stick.join("天备份.tianbak"), "the extension is added");
    assert_eq!(std::fs::read_dir(&stick).unwrap().count(), 1, "no temporary file left behind");
    let outside = tian.copy_backup("../../etc", &stick.join("x.tianbak")).unwrap_err().to_string();
    assert_eq!(outside, "没有名为“../../etc”的备份。");

    // Another PC: its own work, then the file from the stick.
    let mut other = Tian::open(&dir.path().join("b/tian.db")).unwrap();
    let seen = other.preview_backup_file(&copy).unwrap();
    assert_eq!((seen.proposals, seen.attachments, seen.operations), (13, 1, backup.operations));
    assert_eq!(seen.created, backup.created, "when it was made, from its manifest");
    let safety = other.restore_backup_file(&copy).unwrap();
    assert_eq!(safety.reason, BackupReason::BeforeRestore);
    let restored = other.dossier(&other.resolve("0069", None).unwrap()).unwrap();
    assert_eq!(restored.proposal.stage, Stage::Replied);
    assert_eq!(std::fs::read(other.attachment_path(&sha).unwrap()).unwrap(), b"%PDF-1.4 reply scan");
    let leftovers = std::fs::read_dir(other.backups_dir())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with('.'));
    assert_eq!(leftovers.count(), 0, "nothing unpacked is left beside the backups");
}

fn reply_with(scan: std::path::PathBuf) -> ReplyInput {
    ReplyInput {
        unit: "市教育局".into(),
        date: d(2026, 5, 1),
        class: Some(AnswerClass::A),
        signer: "王局长".into(),
        signer_post: String::new(),
        number: String::new(),
        contact: String::new(),
        text: "答复。".into(),
        text_file: None,
        attachments: vec![scan],
        public: true,
        private_reason: String::new(),
    }
}

/// What a forged backup file holds: (name, bytes).
type Entries<'a> = Vec<(&'a str, Vec<u8>)>;

/// Writes a backup file holding `entries`, stored.
fn forged(path: &Path, entries: &[(&str, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(*name, stored).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn zstd_of(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

#[test]
fn a_forged_backup_file_restores_nothing_and_leaves_the_workspace_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let mut tian = Tian::open(&db).unwrap();
    assign_0069(&mut tian);
    let id = tian.resolve("0069", None).unwrap();
    let before = (tian.timeline(&id).unwrap(), tian.backups().unwrap().len());
    let manifest = r#"{"name":"x","created":"2026","reason":"手动","proposals":1,"closed":0,"operations":0,"attachments":0,"last_change":null}"#.as_bytes().to_vec();

    // A real Tian snapshot with a trigger of its own slipped in.
    let plain = dir.path().join("plain.db");
    tian_store::Store::snapshot(&db, &plain).unwrap();
    let conn = rusqlite::Connection::open(&plain).unwrap();
    conn.execute_batch("CREATE TRIGGER wipe AFTER INSERT ON log BEGIN DELETE FROM proposals; END;").unwrap();
    drop(conn);
    let trigger = zstd_of(&std::fs::read(&plain).unwrap());
    // Ours, but with data this program cannot read: a stage no one knows,
    // a round below the first.
    let broken = |sql: &str| {
        let copy = dir.path().join("broken.db");
        let _ = std::fs::remove_file(&copy);
        tian_store::Store::snapshot(&db, &copy).unwrap();
        rusqlite::Connection::open(&copy).unwrap().execute_batch(sql).unwrap();
        zstd_of(&std::fs::read(&copy).unwrap())
    };
    let stage = broken("UPDATE proposals SET stage = '黑客' WHERE number = '0069';");
    let round = broken("UPDATE proposals SET round = -5 WHERE number = '0069';");
    // Any other SQLite file.
    let foreign_db = dir.path().join("other.db");
    rusqlite::Connection::open(&foreign_db)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let foreign = zstd_of(&std::fs::read(&foreign_db).unwrap());
    // 200 MB of zeros that pack into a few kilobytes.
    let bomb = zstd_of(&vec![0u8; 200 << 20]);
    let cases: Vec<(&str, Entries, &str)> = vec![
        ("trigger", vec![("manifest.json", manifest.clone()), ("tian.db.zst", trigger)], "不是天的工作数据"),
        ("foreign", vec![("manifest.json", manifest.clone()), ("tian.db.zst", foreign)], "不是天的工作数据"),
        ("bomb", vec![("manifest.json", manifest.clone()), ("tian.db.zst", bomb)], "解压后大小异常"),
        ("no snapshot", vec![("manifest.json", manifest.clone())], "缺少数据库快照"),
        ("stage", vec![("manifest.json", manifest.clone()), ("tian.db.zst", stage)], "记录已损坏"),
        ("round", vec![("manifest.json", manifest.clone()), ("tian.db.zst", round)], "数据无法读取"),
        (
            "attachment",
            vec![
                ("manifest.json", manifest.clone()),
                ("tian.db.zst", zstd_of(b"x")),
                ("attachments/0000000000000000000000000000000000000000000000000000000000000000", b"not it".to_vec()),
            ],
            "附件内容与编号不符",
        ),
    ];
    for (what, entries, says) in cases {
        let file = dir.path().join(format!("{what}.tianbak"));
        forged(&file, &entries);
        let refused = tian.restore_backup_file(&file).unwrap_err().to_string();
        assert!(refused.contains(says) && refused.contains("没有恢复任何内容"), "{what}: {refused}");
        assert_eq!((tian.timeline(&id).unwrap(), tian.backups().unwrap().len()), before, "{what}: untouched");
    }

    // A name in the file never becomes a path.
    let escape = dir.path().join("escape.tianbak");
    forged(
        &escape,
        &[("../../evil.txt", b"x".to_vec()), ("/tmp/evil.txt", b"x".to_vec()), ("manifest.json", manifest)],
    );
    assert!(tian.restore_backup_file(&escape).is_err());
    assert!(!dir.path().join("evil.txt").exists() && !dir.path().parent().unwrap().join("evil.txt").exists());
    let junk = dir.path().join("junk.tianbak");
    std::fs::write(&junk, b"PK\x03\x04 not really").unwrap();
    assert!(tian.preview_backup_file(&junk).unwrap_err().to_string().contains("不是备份文件"));
    let leftovers = std::fs::read_dir(tian.backups_dir())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with('.'));
    assert_eq!(leftovers.count(), 0, "nothing unpacked is left beside the backups");
}

#[test]
fn the_newest_ten_and_one_a_day_for_thirty_days_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    let first = tian.create_backup(BackupReason::Manual).unwrap();
    // Older backups, as earlier days would have left them: two a day for 40 days.
    let template = tian.backups_dir().join(&first.name);
    let today = chrono::Local::now().date_naive();
    for days_ago in 1..=40 {
        for time in ["090000-000", "170000-000"] {
            let day = today - chrono::Duration::days(days_ago);
            let name = format!("{}-{time}-start", day.format("%Y%m%d"));
            let folder = tian.backups_dir().join(&name);
            std::fs::create_dir_all(&folder).unwrap();
            let manifest = std::fs::read_to_string(template.join("manifest.json")).unwrap().replace(&first.name, &name);
            std::fs::write(folder.join("manifest.json"), manifest).unwrap();
        }
    }
    std::fs::create_dir_all(tian.backups_dir().join(".20991231-000000-000-manual.partial")).unwrap();
    for _ in 0..11 {
        tian.create_backup(BackupReason::Manual).unwrap();
    }
    let kept: Vec<String> = tian.backups().unwrap().into_iter().map(|b| b.name).collect();
    let older: Vec<&String> = kept.iter().filter(|n| !n.starts_with(&today.format("%Y%m%d").to_string())).collect();
    assert_eq!(kept.len() - older.len(), 10, "today: the newest ten");
    assert_eq!(older.len(), 29, "one a day for the 29 earlier days within thirty");
    assert!(older.iter().all(|n| n.contains("-170000-")), "the newest of each day is the one kept");
    assert!(!kept.iter().any(|n| n.contains("2099")), "a half-made backup is never listed");
}

#[test]
fn a_backup_is_compressed_and_a_damaged_one_restores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let mut tian = Tian::open(&db).unwrap();
    let made = tian.create_backup(BackupReason::Manual).unwrap();
    let folder = tian.backups_dir().join(&made.name);
    let packed = folder.join("tian.db.zst");
    let files: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(packed.is_file() && files.len() == 2, "the compressed snapshot and its manifest, nothing else: {files:?}");
    let plain = zstd::stream::decode_all(std::fs::File::open(&packed).unwrap()).unwrap().len() as u64;
    assert!(made.bytes * 3 < plain, "compressed to less than a third: {} of {plain} bytes", made.bytes);
    assert_eq!(tian.backups().unwrap()[0].bytes, made.bytes, "the list shows each backup's size");

    assign_0069(&mut tian);
    let mut bytes = std::fs::read(&packed).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64].fill(0);
    std::fs::write(&packed, bytes).unwrap();
    let err = tian.restore_backup(&made.name).unwrap_err().to_string();
    assert!(err.contains("已损坏") && err.contains("没有恢复任何内容"), "{err}");
    let id = tian.resolve("0069", None).unwrap();
    assert_eq!(tian.dossier(&id).unwrap().proposal.stage, Stage::Assigned, "the workspace is as it was");
    assert_eq!(tian.backups().unwrap().len(), 1, "no safety backup for a restore that did not happen");
}

#[test]
fn a_start_with_nothing_changed_makes_no_backup_and_clears_what_closed_windows_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    assert!(tian.backup_at_start().unwrap().is_some(), "the first start backs up");
    assert!(tian.backup_at_start().unwrap().is_none(), "nothing changed since");
    assign_0069(&mut tian);
    assert!(tian.backup_at_start().unwrap().is_some(), "a change since the last backup");

    // A window closed while it copied leaves a half-made backup whose lock
    // nobody holds; one that another window is still writing holds its lock.
    let abandoned = tian.backups_dir().join(".20261130-090000-000-start.partial");
    std::fs::create_dir_all(&abandoned).unwrap();
    std::fs::write(abandoned.join("lock"), "").unwrap();
    std::fs::write(abandoned.join("tian.db"), vec![0u8; 4096]).unwrap();
    let busy = tian.backups_dir().join(".20261130-090001-000-start.partial");
    std::fs::create_dir_all(&busy).unwrap();
    let held = std::fs::File::create(busy.join("lock")).unwrap();
    held.lock().unwrap();
    tian.backup_at_start().unwrap();
    assert!(!abandoned.exists(), "the abandoned one is removed at the next start");
    assert!(busy.exists(), "the one still being written is left alone");
}

#[test]
fn backups_stay_within_their_space_keeping_the_newest_three() {
    let dir = tempfile::tempdir().unwrap();
    let mut tian = Tian::open(&dir.path().join("tian.db")).unwrap();
    // Enough proposals that three backups take more than the space.
    tian.generate(300, 7, |_| ()).unwrap();
    let mut settings = tian.settings().unwrap();
    settings.backup_space_mb = 1;
    tian.save_settings(&settings).unwrap();
    let one = tian.create_backup(BackupReason::Manual).unwrap().bytes;
    assert!(one * 3 > 1024 * 1024, "a backup takes more than a third of the space");
    for _ in 0..5 {
        tian.create_backup(BackupReason::Manual).unwrap();
    }
    let kept = tian.backups().unwrap();
    let total: u64 = kept.iter().map(|b| b.bytes).sum();
    assert_eq!(kept.len(), 3, "over the space, only the newest three stay");
    assert!(total > 1024 * 1024, "the newest three are kept even when they alone take more than the space");
}
