//! What an office PC does to a program: a full disk, a read-only folder, a
//! database another program holds locked, two Tian processes at once. Each
//! must end in a clear Chinese message and an intact database.
//!
//! The disk and read-only cases run `tian` on a real small tmpfs, mounted in
//! a private mount namespace (`unshare -rm`), so no privileges are needed and
//! nothing outside the test sees it.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");
const TIAN: &str = env!("CARGO_BIN_EXE_tian");

/// Runs `script` in a shell that has a tmpfs of `size` mounted at `$FS`.
fn with_small_fs(size: &str, script: &str) -> Output {
    let mountpoint = tempfile::tempdir().unwrap();
    let wrapped = format!("mount -t tmpfs -o size={size} tmpfs \"$FS\" && {script}");
    Command::new("unshare")
        .args(["-rm", "sh", "-c", &wrapped])
        .env("FS", mountpoint.path())
        .env("TIAN", TIAN)
        .env("TIAN_USER", "故障测试")
        .output()
        .expect("unshare (util-linux) runs")
}

/// An announcement with `n` proposals, numbered from 1000, built from the seed's text.
fn big_announcement(n: usize) -> String {
    let mut text = String::from("市政协十三届五次重点提案\n\n");
    let body = &SEED[SEED.find("一、关于大力发展").unwrap()..SEED.find("二、关于推进我市旅游").unwrap()];
    for i in 0..n {
        text += &body.replace("第0069号", &format!("第{}号", 1000 + i)).replacen("一、", &format!("{}、", i + 1), 1);
    }
    text
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_full_disk_is_reported_and_the_last_saved_state_survives() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("大公告.txt");
    std::fs::write(&big, big_announcement(400)).unwrap();
    let script = format!(
        "\"$TIAN\" --db \"$FS/tian.db\" list > /dev/null || exit 90
         \"$TIAN\" --db \"$FS/tian.db\" import '{}'; echo \"import-exit=$?\" >&2
         \"$TIAN\" --db \"$FS/tian.db\" list --json | grep -c '\"number\"' >&2
         # Freeing the space the import's backup took lets SQLite open its journal to read.
         rm -rf \"$FS/backups\"
         title=$(\"$TIAN\" --db \"$FS/tian.db\" show 0069 | head -1); echo \"show=$title\" >&2",
        big.display()
    );
    // Room for a new workspace (with its plan library) and the backup made
    // before the import, not for the import itself.
    let out = with_small_fs("3600k", &script);
    let err = stderr(&out);
    assert!(err.contains("import-exit=1"), "{err}");
    assert!(err.contains("磁盘空间已满"), "the clerk is told the disk is full: {err}");
    assert!(err.lines().any(|l| l.trim() == "13"), "the 13 proposals saved before are all there: {err}");
    assert!(err.contains("show=关于大力发展智慧教育"), "{err}");
}

#[test]
fn a_read_only_folder_is_reported_without_damage() {
    let script = "\"$TIAN\" --db \"$FS/tian.db\" list > /dev/null || exit 90
         mount -o remount,ro \"$FS\" || exit 91
         \"$TIAN\" --db \"$FS/tian.db\" assign 0069 --date 2026-03-01; echo \"assign-exit=$?\" >&2
         mount -o remount,rw \"$FS\" || exit 92
         \"$TIAN\" --db \"$FS/tian.db\" show 0069 | sed -n 2p >&2";
    let out = with_small_fs("4m", script);
    let err = stderr(&out);
    assert!(err.contains("assign-exit=1"), "{err}");
    assert!(err.contains("只读"), "the clerk is told the place is read-only: {err}");
    assert!(err.contains("阶段：立案"), "once writable again, the data is as it was: {err}");
}

#[test]
fn a_database_locked_by_another_program_gets_a_clear_message_after_a_wait() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    assert!(Command::new(TIAN).arg("--db").arg(&db).arg("list").stdout(Stdio::null()).status().unwrap().success());
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let started = std::time::Instant::now();
    let out =
        Command::new(TIAN).arg("--db").arg(&db).args(["assign", "0069", "--date", "2026-03-01"]).output().unwrap();
    assert!(!out.status.success());
    assert!(started.elapsed().as_secs_f64() >= 4.5, "it waited for the other program before giving up");
    assert_eq!(stderr(&out).trim(), "错误：数据库正被其他程序（例如另一个天窗口或 tian 命令）占用，请稍后再试。");
    holder.execute_batch("ROLLBACK").unwrap();
    let out =
        Command::new(TIAN).arg("--db").arg(&db).args(["assign", "0069", "--date", "2026-03-01"]).output().unwrap();
    assert!(out.status.success(), "once released, the same action goes through: {}", stderr(&out));
}

#[test]
fn two_tian_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    let run = |args: &[&str]| Command::new(TIAN).arg("--db").arg(&db).args(args).output().unwrap();
    for number in ["0069", "0458"] {
        assert!(run(&["assign", number, "--date", "2026-03-01"]).status.success());
    }
    let writers: Vec<_> = ["0069", "0458"]
        .into_iter()
        .map(|number| {
            let db = db.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    let out = Command::new(TIAN)
                        .arg("--db")
                        .arg(&db)
                        .args([
                            "contact",
                            number,
                            "--date",
                            "2026-03-10",
                            "--method",
                            "电话",
                            "--content",
                            &format!("第{i}次沟通"),
                        ])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    for number in ["0069", "0458"] {
        let shown: serde_json::Value = serde_json::from_slice(&run(&["show", number, "--json"]).stdout).unwrap();
        assert_eq!(shown["contacts"].as_array().unwrap().len(), 25, "{number}");
    }
    let conn = rusqlite::Connection::open(Path::new(&db)).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
}
