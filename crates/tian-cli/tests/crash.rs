//! Pulling the plug mid-import: the `tian` process is killed with SIGKILL at
//! random moments while it imports an announcement, at least 200 times. After
//! every kill the database must pass `PRAGMA integrity_check` and hold exactly
//! the proposals as they were before the import or as the import makes them,
//! never a mixture. `scripts/crash-harness.sh N` runs it with N kills.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../../../assets/default-data/key-proposals-13-5.txt");

fn tian(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tian"));
    command.arg("--db").arg(db).stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// Every proposal's title and lead units, in id order: the state an import changes.
fn state(db: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    conn.query_row(
        "SELECT group_concat(p.title || '|' || (SELECT group_concat(u.name) FROM proposal_lead_units l
                JOIN units u ON u.id = l.unit_id WHERE l.proposal_id = p.id), ';')
         FROM (SELECT * FROM proposals ORDER BY id) p",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// A tiny deterministic generator, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn a_killed_import_leaves_the_state_before_or_after_it_and_an_intact_database() {
    let kills: u32 = std::env::var("TIAN_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    // Two corrected announcements that differ from each other in every proposal.
    let variants: Vec<_> = ["（甲稿）", "（乙稿）"]
        .iter()
        .map(|tag| {
            let text = SEED
                .replace("的建议（第", &format!("的建议{tag}（第"))
                .replace("市政府主办部门：", &format!("市政府主办部门：市督查室{tag} "));
            let path = dir.path().join(format!("{tag}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let expected: Vec<String> = variants
        .iter()
        .map(|v| {
            let scratch = dir.path().join(format!("scratch-{}.db", v.file_stem().unwrap().to_string_lossy()));
            assert!(tian(&scratch).arg("import").arg(v).status().unwrap().success());
            state(&scratch)
        })
        .collect();

    // How long an undisturbed import takes here, so kills spread over its whole run.
    assert!(tian(&db).arg("list").status().unwrap().success());
    let started = Instant::now();
    assert!(tian(&db).arg("import").arg(&variants[0]).status().unwrap().success());
    let span = started.elapsed().as_micros() as u64;
    let mut current = state(&db);
    assert_eq!(current, expected[0]);

    let mut rng = Lcg(0x7117_2026);
    let (mut interrupted, mut landed, mut before) = (0, 0, 0);
    for i in 0..kills {
        let target = (i as usize + 1) % 2;
        let mut child = tian(&db).arg("import").arg(&variants[target]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(span * 12 / 10)));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = state(&db);
        if now == expected[target] {
            landed += 1;
        } else {
            assert_eq!(now, current, "after kill {i} the data is neither the state before nor after the import");
            before += 1;
        }
        current = now;
    }
    eprintln!(
        "{kills} kills: {interrupted} mid-run; {landed} imports had landed, {before} had not (import ≈ {span} µs)"
    );
    assert!(interrupted >= kills / 2, "most kills must land while the import runs");
    assert!(landed > 0 && before > 0, "kills fell on both sides of the commit");
}
