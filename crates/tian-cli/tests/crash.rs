//! Pulling the plug: the `tian` process is killed with SIGKILL at random
//! moments, at least 200 times each, while it imports an announcement, while
//! it imports an exchange package, and while it exports a report. After every
//! kill the database must pass `PRAGMA integrity_check` and hold exactly the
//! state before or after the operation, never a mixture; a report file under
//! its real name is always whole. `scripts/crash-harness.sh N` runs them with
//! N kills each.
//!
//! Each kill is aimed by what the process has done, not by a clock measured
//! beforehand: `tian --progress` says each step as it begins, the test waits
//! for a chosen step and then lets the process run on for a random share of
//! the time it took to get there. A busy machine slows the process and its
//! aim alike, so the kills still fall across the whole run.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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

/// The crash tests fill the machine's cores with their kills; one at a
/// time, each runs as it would alone.
fn alone() -> std::sync::MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn kills() -> u32 {
    std::env::var("TIAN_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(200)
}

/// `command` with its steps said on a pipe (`--progress`).
fn with_steps(mut command: Command) -> Command {
    command.arg("--progress").stderr(Stdio::piped());
    command
}

/// Starts `command` and waits until it has begun its `step`-th step (0:
/// not at all); the child, and how long it took to get there. A process
/// that ends first is returned as it is.
fn run_to_step(command: Command, step: usize) -> (Child, Duration) {
    let mut child = with_steps(command).spawn().unwrap();
    let started = Instant::now();
    let mut said = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    for _ in 0..step {
        line.clear();
        if said.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
    }
    // Whatever else it says goes nowhere, so it never waits on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut said, &mut std::io::sink()));
    (child, started.elapsed())
}

/// How many steps `command` says when it runs undisturbed.
fn steps(command: Command) -> usize {
    let out = with_steps(command).output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.starts_with("进度：")).count()
}

/// Runs `command(i)` up to a step chosen at random among the `steps` it
/// says, lets it go on for a random share (up to `reach` times) of the time
/// it took to get there, and kills it; `landed(i)` then says whether the
/// work had landed, and panics when the state is neither before nor after.
/// `reach` shrinks whenever a kill comes after the work had already ended
/// and grows a little whenever one comes before the commit. It goes on, up
/// to five times `kills`, until at least `kills` kills were made, half of
/// them mid-run and some on each side of the commit.
fn kill_repeatedly(
    what: &str,
    steps: usize,
    mut command: impl FnMut(u32) -> Command,
    mut landed: impl FnMut(u32) -> bool,
) {
    let kills = kills();
    let mut rng = Lcg(0x7117_2026);
    let (mut interrupted, mut after, mut before) = (0, 0, 0);
    let mut reach = 100u64; // percent of the time taken to the chosen step
    let mut i = 0;
    while i < kills * 5 && (i < kills || interrupted < kills / 2 || after == 0 || before == 0) {
        let n = i;
        i += 1;
        let step = 1 + rng.below(steps.max(1) as u64) as usize;
        let (mut child, to_step) = run_to_step(command(n), step);
        let share = rng.below(reach + 1);
        std::thread::sleep(to_step * share as u32 / 100);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        } else {
            reach = (reach * 9 / 10).max(1);
        }
        let _ = child.kill();
        let _ = child.wait();
        if landed(n) {
            after += 1;
        } else {
            before += 1;
            reach += reach / 50 + 1;
        }
    }
    eprintln!("{what}: {i} kills over {steps} steps, {interrupted} mid-run; {after} had landed, {before} had not");
    assert!(interrupted >= kills / 2, "most kills must land while the work runs");
    assert!(after > 0 && before > 0, "kills fell on both sides of the commit");
}

#[test]
fn a_killed_import_leaves_the_state_before_or_after_it_and_an_intact_database() {
    let _alone = alone();
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

    // The steps an undisturbed import says, to aim the kills at.
    assert!(tian(&db).arg("list").status().unwrap().success());
    let mut first = tian(&db);
    first.arg("import").arg(&variants[0]);
    let steps = steps(first);
    let mut current = state(&db);
    assert_eq!(current, expected[0]);

    let target = |i: u32| (i as usize + 1) % 2;
    kill_repeatedly(
        "announcement import",
        steps,
        |i| {
            let mut command = tian(&db);
            command.arg("import").arg(&variants[target(i)]);
            command
        },
        |i| {
            let now = state(&db);
            let landed = now == expected[target(i)];
            assert!(
                landed || now == current,
                "after kill {i} the data is neither the state before nor after the import"
            );
            current = now;
            landed
        },
    );
}

/// Everything an exchange package can change: the log, the records, the
/// stages and the exchange's bookkeeping.
fn exchange_state(db: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    conn.query_row(
        "SELECT (SELECT count(*) FROM ops) || '/' || (SELECT count(*) FROM records) || '/' ||
                (SELECT group_concat(stage, ',') FROM (SELECT stage FROM proposals ORDER BY id)) || '/' ||
                (SELECT count(*) FROM packages) || '/' || (SELECT count(*) FROM sync_covered)",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

fn ok(command: &mut Command) {
    assert!(command.status().unwrap().success(), "{command:?}");
}

/// The fingerprint a `key export --json` reports, as the other clerk reads it.
fn fingerprint(command: &mut Command) -> String {
    let out = command.stdout(Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "{command:?}");
    let identity: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    identity["fingerprint"].as_str().unwrap().to_owned()
}

/// A committee's database that trusts 市教育局, and a package from the unit
/// with its reply (and an attachment) and many contacts on the proposals
/// assigned to it.
fn committee_and_package(dir: &Path) -> (PathBuf, PathBuf) {
    let (committee, unit) = (dir.join("committee.db"), dir.join("unit/tian.db"));
    ok(tian(&committee).args(["init", "--role", "committee", "--name", "市政协提案委员会"]));
    ok(tian(&unit).args(["init", "--role", "unit", "--name", "市教育局"]));
    let (c_key, u_key) = (dir.join("c.tiankey"), dir.join("u.tiankey"));
    let c_seen = fingerprint(tian(&committee).args(["key", "export", "--json", "-o"]).arg(&c_key));
    let u_seen = fingerprint(tian(&unit).args(["key", "export", "--json", "-o"]).arg(&u_key));
    ok(tian(&committee).args(["key", "trust"]).arg(&u_key).args(["--fingerprint", &u_seen]));
    ok(tian(&unit).args(["key", "trust"]).arg(&c_key).args(["--fingerprint", &c_seen]));
    for number in ["0069", "0077", "0150"] {
        ok(tian(&committee).args(["assign", number, "--date", "2026-03-01", "--lead", "市教育局"]));
    }
    let down = dir.join("down.tianpkg");
    ok(tian(&committee).args(["sync", "export", "--to", "市教育局", "-o"]).arg(&down));
    ok(tian(&unit).args(["sync", "import"]).arg(&down));
    std::fs::write(dir.join("reply.txt"), "已列入计划。").unwrap();
    std::fs::write(dir.join("scan.pdf"), vec![7u8; 40_000]).unwrap();
    let reply = ["reply", "0069", "--unit", "市教育局", "--class", "B", "--date", "2026-05-20", "--signer", "王局长"];
    ok(tian(&unit).args(reply).arg("--file").arg(dir.join("reply.txt")).arg("--attach").arg(dir.join("scan.pdf")));
    for i in 0..40 {
        let number = ["0069", "0077", "0150"][i % 3];
        let content = format!("第{i}次电话沟通，听取提案者意见");
        ok(tian(&unit).args(["contact", number, "--date", "2026-04-01", "--method", "电话", "--content", &content]));
    }
    let up = dir.join("up.tianpkg");
    ok(tian(&unit).args(["sync", "export", "-o"]).arg(&up));
    (committee, up)
}

/// Puts the committee's database back as it was before the package.
fn reset(pristine: &Path, db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::copy(pristine, db).unwrap();
}

#[test]
fn a_killed_package_import_leaves_the_state_before_or_after_it_and_an_intact_database() {
    let _alone = alone();
    let dir = tempfile::tempdir().unwrap();
    let (pristine, package) = committee_and_package(dir.path());
    let db = dir.path().join("work/tian.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let before = exchange_state(&pristine);
    reset(&pristine, &db);
    let mut first = tian(&db);
    first.args(["sync", "import"]).arg(&package);
    let steps = steps(first);
    let after = exchange_state(&db);
    assert_ne!(before, after);

    kill_repeatedly(
        "package import",
        steps,
        |_| {
            reset(&pristine, &db);
            let mut command = tian(&db);
            command.args(["sync", "import"]).arg(&package);
            command
        },
        |i| {
            let now = exchange_state(&db);
            assert!(now == before || now == after, "after kill {i} the data is neither before nor after: {now}");
            now == after
        },
    );
}

/// Whether `bytes` are a whole report of the format its name says.
fn whole(path: &Path, bytes: &[u8]) -> bool {
    if path.extension().is_some_and(|e| e == "pdf") {
        bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF")
    } else {
        // A .docx is a zip: whole when its end-of-directory record is there.
        bytes.starts_with(b"PK") && bytes.len() > 22 && bytes[bytes.len() - 22..].starts_with(b"PK\x05\x06")
    }
}

#[test]
fn a_killed_report_export_never_leaves_a_half_written_file_under_the_real_name() {
    let _alone = alone();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tian.db");
    assert!(tian(&db).arg("list").status().unwrap().success());
    let before = state(&db);
    // Each format has its own pace, so each is killed within its own time.
    for path in [dir.path().join("督办报告.pdf"), dir.path().join("督办报告.docx")] {
        ok(tian(&db).args(["report", "-o"]).arg(&path));
        let reference = std::fs::read(&path).unwrap();
        assert!(whole(&path, &reference));
        let mut first = tian(&db);
        first.args(["report", "-o"]).arg(&path);
        let steps = steps(first);

        kill_repeatedly(
            &format!("report export ({})", path.extension().unwrap().to_string_lossy()),
            steps,
            |_| {
                let _ = std::fs::remove_file(&path);
                let mut command = tian(&db);
                command.args(["report", "-o"]).arg(&path);
                command
            },
            |i| {
                assert_eq!(state(&db), before, "exporting a report changes no data");
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        assert!(whole(&path, &bytes), "after kill {i} {} is half written", path.display());
                        assert_eq!(bytes.len(), reference.len());
                        true
                    }
                    Err(_) => false,
                }
            },
        );
    }
}
