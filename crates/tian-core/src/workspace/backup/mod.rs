//! 备份与恢复: consistent snapshots of the workspace, made at start and
//! before every import, kept in a rotating set, and restorable after a look
//! at what they hold.
//!
//! A backup is a folder `backups/<时间>-<原因>/` beside the database with the
//! snapshot (`tian.db.zst`: SQLite's online backup, compressed with zstd;
//! older backups hold a plain `tian.db`), the attachments (hard links where
//! the disk allows, so they take no space twice), and `manifest.json`
//! describing it. It is assembled under a temporary name, locked while it is
//! written, and renamed when complete, so a half-made backup never looks
//! like one and one left by a closed window is removed at the next start.
//!
//! The set is bounded: the newest ten, one a day for thirty days, and within
//! the space the settings allow (default 2 GB), the oldest going first but
//! never the newest three. A start that finds nothing changed since the last
//! backup makes none. A restore checks the snapshot's integrity first.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime};
use serde::{Deserialize, Serialize};
use tian_domain::dates::format_cn;
use ts_rs::TS;

use crate::{CoreError, Result, Tian};

mod file;
pub use file::EXTENSION;

/// How many of the newest backups are kept, space permitting.
const KEEP_NEWEST: usize = 10;
/// How many of the newest backups are kept whatever the space they take.
const KEEP_ALWAYS: usize = 3;
/// The compressed snapshot, and the plain one of older backups.
const SNAPSHOT_ZST: &str = "tian.db.zst";
const SNAPSHOT: &str = "tian.db";
/// How many times its compressed size a snapshot may inflate to.
const MAX_INFLATION: u64 = 64;
/// For how many days one backup a day is kept besides those.
const KEEP_DAILY_DAYS: i64 = 30;

/// Why a backup was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum BackupReason {
    #[serde(rename = "启动")]
    Start,
    #[serde(rename = "导入前")]
    Import,
    #[serde(rename = "手动")]
    Manual,
    #[serde(rename = "恢复前")]
    BeforeRestore,
}

impl BackupReason {
    fn slug(self) -> &'static str {
        match self {
            BackupReason::Start => "start",
            BackupReason::Import => "import",
            BackupReason::Manual => "manual",
            BackupReason::BeforeRestore => "before-restore",
        }
    }
}

/// What a backup holds, for the list and the preview before restoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    /// The folder name, which also sorts by time.
    pub name: String,
    /// "2026年11月24日 14:05:09"
    pub created: String,
    pub reason: BackupReason,
    pub proposals: u32,
    /// 已办结 among them.
    pub closed: u32,
    pub operations: u32,
    pub attachments: u32,
    /// "2026年11月24日 14:03" of the latest change it holds, if any.
    pub last_change: Option<String>,
    /// What its snapshot takes on disk, in bytes (the attachments are
    /// shared with the workspace).
    #[serde(default)]
    #[ts(type = "number")]
    pub bytes: u64,
    /// A digest of what the workspace held: a start finding the same makes
    /// no new backup.
    #[serde(default)]
    #[ts(skip)]
    pub state: String,
    /// 本机身份 the backup holds: "市教育局（承办单位）"; a restore takes it on.
    #[serde(default)]
    pub identity: Option<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::WriteFile { path: path.to_owned(), source }
}

/// Copies every file of `from` into `to`, by hard link where the file system allows.
fn copy_files(from: &Path, to: &Path) -> Result<u32> {
    let Ok(entries) = std::fs::read_dir(from) else { return Ok(0) };
    std::fs::create_dir_all(to).map_err(io(to))?;
    let mut count = 0;
    for entry in entries {
        let entry = entry.map_err(io(from))?;
        // Only files named by their hash are attachments; anything else in
        // a backup's folder is not copied.
        let Ok(target) = crate::workspace::attachments::attachment_in(to, &entry.file_name().to_string_lossy()) else {
            continue;
        };
        if entry.file_type().map_err(io(from))?.is_file() && !target.exists() {
            std::fs::hard_link(entry.path(), &target)
                .or_else(|_| std::fs::copy(entry.path(), &target).map(|_| ()))
                .map_err(io(&target))?;
        }
        count += 1;
    }
    Ok(count)
}

/// Whether `name`, read from a backup's manifest, is one folder's name and
/// nothing more, so that it can be joined to the backups' folder.
fn is_folder_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!((parts.next(), parts.next()), (Some(std::path::Component::Normal(_)), None)) && !name.contains(['/', '\\'])
}

/// Reads the facts of a snapshot file without touching it.
fn describe(
    snapshot: &Path,
    name: String,
    created: String,
    reason: BackupReason,
    attachments: u32,
) -> Result<BackupInfo> {
    let conn = rusqlite::Connection::open_with_flags(snapshot, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| CoreError::Store(tian_store::StoreError::Open { path: snapshot.to_owned(), source }))?;
    let count = |sql: &str| -> Result<u32> {
        conn.query_row(sql, [], |r| r.get(0)).map_err(|e| CoreError::Store(tian_store::StoreError::from(e)))
    };
    let log = log_table(&conn)?;
    let last_ms: Option<i64> = conn
        .query_row(&format!("SELECT max(hlc_wall) FROM {log}"), [], |r| r.get(0))
        .map_err(|e| CoreError::Store(tian_store::StoreError::from(e)))?;
    let state = state_of(&conn)?;
    let meta = |key: &str| -> Option<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).ok()
    };
    let identity = meta("name").map(|name| {
        let role = if meta("role").as_deref() == Some("unit") { "承办单位" } else { "提案委员会" };
        let name: String =
            tian_domain::text::without_unsavable(&name).chars().filter(|c| !c.is_control()).take(40).collect();
        format!("{name}（{role}）")
    });
    Ok(BackupInfo {
        bytes: 0,
        state,
        identity,
        name,
        created,
        reason,
        proposals: count("SELECT count(*) FROM proposals")?,
        closed: count("SELECT count(*) FROM proposals WHERE stage = '办结'")?,
        operations: count(&format!("SELECT count(*) FROM {log}"))?,
        attachments,
        last_change: last_ms.and_then(chrono::DateTime::from_timestamp_millis).map(|t| {
            let t = t.with_timezone(&Local);
            format!("{} {}", format_cn(t.date_naive()), t.format("%H:%M"))
        }),
    })
}

/// A digest of everything a workspace holds that a backup would keep: the
/// log's end, the settings and identity, the keys and the exchange history.
fn state_of(conn: &rusqlite::Connection) -> Result<String> {
    let log = log_table(conn)?;
    let text: String = conn
        .query_row(
            // The log only grows, so its last number says whether it changed:
            // counting six million rows at every start said nothing more.
            &format!("SELECT coalesce((SELECT max(seq) FROM {log}), '')
                 || '|' || coalesce((SELECT group_concat(key || '=' || value, ';') FROM (SELECT * FROM meta ORDER BY key)), '')
                 || '|' || (SELECT count(*) || '/' || count(revoked_at) FROM peers)
                 || '|' || (SELECT count(*) FROM packages)"),
            [],
            |r| r.get(0),
        )
        .map_err(|e| CoreError::Store(tian_store::StoreError::from(e)))?;
    Ok(crate::workspace::attachments::sha256_hex(text.as_bytes()))
}

/// The log's own table: `log` from schema 18 on, where `ops` became a view
/// that spells out its names (slow to count), `ops` in older snapshots.
fn log_table(conn: &rusqlite::Connection) -> Result<&'static str> {
    let compact: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log')", [], |r| {
            r.get(0)
        })
        .map_err(|e| CoreError::Store(tian_store::StoreError::from(e)))?;
    Ok(if compact { "log" } else { "ops" })
}

/// The snapshot file in a backup's folder, compressed or, from before
/// compression, plain.
fn snapshot_in(folder: &Path) -> Option<PathBuf> {
    [SNAPSHOT_ZST, SNAPSHOT].into_iter().map(|name| folder.join(name)).find(|p| p.is_file())
}

/// Compresses the snapshot `plain` into `packed` and removes `plain`.
fn compress(plain: &Path, packed: &Path) -> Result<()> {
    let input = std::fs::File::open(plain).map_err(io(plain))?;
    let output = std::fs::File::create(packed).map_err(io(packed))?;
    let mut encoder = zstd::stream::Encoder::new(output, 3).map_err(io(packed))?;
    std::io::copy(&mut std::io::BufReader::new(input), &mut encoder).map_err(io(packed))?;
    encoder.finish().and_then(|f| f.sync_all()).map_err(io(packed))?;
    std::fs::remove_file(plain).map_err(io(plain))
}

/// 备份集: the backups of one workspace, where they are kept and the space
/// they may take. It holds no connection of the workspace's, so a backup
/// can be made on a thread of its own while the workspace carries on.
#[derive(Debug, Clone)]
pub(crate) struct BackupSet {
    /// The workspace's database file.
    db: PathBuf,
    dir: PathBuf,
    attachments: PathBuf,
    allowed_bytes: u64,
}

impl BackupSet {
    /// Makes a backup now and prunes the set to its rotation and space.
    pub(crate) fn create(&self, reason: BackupReason, progress: &crate::ProgressHandle) -> Result<BackupInfo> {
        let now = Local::now();
        let name = format!("{}-{}", now.format("%Y%m%d-%H%M%S-%3f"), reason.slug());
        let tmp = self.dir.join(format!(".{name}.partial"));
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        // Held while the backup is written: a start finding a half-made
        // backup it can lock knows its writer is gone.
        let lock_path = tmp.join("lock");
        let lock = std::fs::File::create(&lock_path).map_err(io(&lock_path))?;
        lock.lock().map_err(io(&lock_path))?;
        let snapshot = tmp.join(SNAPSHOT);
        progress.step("备份数据库");
        tian_store::Store::snapshot(&self.db, &snapshot)?;
        progress.step("备份附件");
        let attachments = copy_files(&self.attachments, &tmp.join("attachments"))?;
        let created = format!("{} {}", format_cn(now.date_naive()), now.format("%H:%M:%S"));
        let mut info = describe(&snapshot, name.clone(), created, reason, attachments)?;
        progress.step("压缩备份");
        let packed = tmp.join(SNAPSHOT_ZST);
        compress(&snapshot, &packed)?;
        info.bytes = std::fs::metadata(&packed).map_err(io(&packed))?.len();
        let manifest = tmp.join("manifest.json");
        let manifest_json = serde_json::to_vec_pretty(&info).map_err(|e| CoreError::Invalid(e.to_string()))?;
        std::fs::write(&manifest, manifest_json).map_err(io(&manifest))?;
        drop(lock);
        std::fs::remove_file(&lock_path).map_err(io(&lock_path))?;
        let done = self.dir.join(&name);
        std::fs::rename(&tmp, &done).map_err(io(&done))?;
        self.rotate(now.naive_local())?;
        Ok(info)
    }

    /// The backups there are, newest first.
    fn list(&self) -> Vec<BackupInfo> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut out: Vec<BackupInfo> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| std::fs::read(e.path().join("manifest.json")).ok())
            .filter_map(|bytes| serde_json::from_slice(&bytes).ok())
            .collect();
        out.sort_by(|a, b| b.name.cmp(&a.name));
        for backup in out.iter_mut().filter(|b| is_folder_name(&b.name)) {
            let snapshot = snapshot_in(&self.dir.join(&backup.name));
            backup.bytes = snapshot.and_then(|p| std::fs::metadata(p).ok()).map_or(0, |m| m.len());
        }
        out
    }

    /// Keeps the newest [`KEEP_NEWEST`] backups and the newest of each day of
    /// the last [`KEEP_DAILY_DAYS`] days; then, if they take more than the
    /// space the settings allow, removes the oldest until they fit, never
    /// the newest [`KEEP_ALWAYS`].
    fn rotate(&self, now: NaiveDateTime) -> Result<()> {
        self.remove_stale_partials()?;
        let mut kept_days = std::collections::HashSet::new();
        let mut kept = Vec::new();
        for (i, backup) in self.list().into_iter().enumerate() {
            // The name is read from the backup's manifest: only its own shape is trusted.
            let taken = backup.name.get(..15).and_then(|t| NaiveDateTime::parse_from_str(t, "%Y%m%d-%H%M%S").ok());
            // Calendar days, today included: the last thirty dates on the wall calendar.
            let recent_day = taken
                .is_some_and(|t| (now.date() - t.date()).num_days() < KEEP_DAILY_DAYS && kept_days.insert(t.date()));
            if i >= KEEP_NEWEST && !recent_day && is_folder_name(&backup.name) {
                self.remove(&backup.name)?;
            } else {
                kept.push(backup);
            }
        }
        let mut total: u64 = kept.iter().map(|b| b.bytes).sum();
        for backup in kept.iter().skip(KEEP_ALWAYS).rev() {
            if total <= self.allowed_bytes {
                break;
            }
            if is_folder_name(&backup.name) {
                self.remove(&backup.name)?;
                total -= backup.bytes;
            }
        }
        Ok(())
    }

    /// Removes backup `name`; one already gone (another window's rotation
    /// took it first) is no error.
    fn remove(&self, name: &str) -> Result<()> {
        let folder = self.dir.join(name);
        match std::fs::remove_dir_all(&folder) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&folder)(e)),
            _ => Ok(()),
        }
    }

    /// Removes half-made backups whose writer is gone (a window closed
    /// while it copied): their lock can be taken. One another window is
    /// still writing holds its lock and is left alone.
    fn remove_stale_partials(&self) -> Result<()> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Ok(()) };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !(name.starts_with('.') && name.ends_with(".partial")) {
                continue;
            }
            let writer_gone = match std::fs::File::open(entry.path().join("lock")) {
                Ok(lock) => lock.try_lock().is_ok(),
                // No lock yet (just created) or none at all (from before locks):
                // only an old one is surely abandoned.
                Err(_) => entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(3600))),
            };
            if writer_gone {
                std::fs::remove_dir_all(entry.path()).map_err(io(&entry.path()))?;
            }
        }
        Ok(())
    }
}

impl Tian {
    pub fn backups_dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join("backups")
    }

    /// This workspace's backups, with the space the settings give them.
    pub(crate) fn backup_set(&self) -> Result<BackupSet> {
        Ok(BackupSet {
            db: self.path.clone(),
            dir: self.backups_dir(),
            attachments: self.attachments_dir(),
            allowed_bytes: u64::from(self.settings()?.backup_space_mb) * 1024 * 1024,
        })
    }

    /// Makes a backup now and prunes the set to its rotation and space.
    pub fn create_backup(&self, reason: BackupReason) -> Result<BackupInfo> {
        self.backup_set()?.create(reason, &self.progress)
    }

    /// 启动备份: removes what closed windows left half-made, then backs up
    /// unless the newest backup already holds exactly this state.
    pub fn backup_at_start(&self) -> Result<Option<BackupInfo>> {
        let set = self.backup_set()?;
        set.remove_stale_partials()?;
        let live = rusqlite::Connection::open_with_flags(&self.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|source| CoreError::Store(tian_store::StoreError::Open { path: self.path.clone(), source }))?;
        let state = state_of(&live)?;
        if set.list().first().is_some_and(|newest| newest.state == state) {
            return Ok(None);
        }
        set.create(BackupReason::Start, &self.progress).map(Some)
    }

    /// The backups there are, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        Ok(self.backup_set()?.list())
    }

    /// Replaces the workspace with backup `name`, after backing up the present
    /// state; attachments the backup holds are put back, none are removed.
    /// Returns the backup made of the present state.
    pub fn restore_backup(&mut self, name: &str) -> Result<BackupInfo> {
        let chosen = self
            .backups()?
            .into_iter()
            .find(|b| b.name == name)
            .filter(|b| is_folder_name(&b.name))
            .ok_or_else(|| CoreError::Invalid(format!("没有名为“{name}”的备份。")))?;
        let folder = self.backups_dir().join(&chosen.name);
        self.progress.step("检查备份");
        let snapshot = self.checked_snapshot(&folder, &chosen)?;
        let safety = self.create_backup(BackupReason::BeforeRestore)?;
        self.progress.step("恢复数据库");
        self.store.restore_from(snapshot.path())?;
        self.forget_kept_reads();
        self.progress.step("恢复附件");
        copy_files(&folder.join("attachments"), &self.attachments_dir())?;
        Ok(safety)
    }

    /// The snapshot of backup `chosen` in `folder`, decompressed beside the
    /// backups into a file of its own and checked with SQLite's
    /// `integrity_check`: a damaged backup replaces nothing.
    fn checked_snapshot(&self, folder: &Path, chosen: &BackupInfo) -> Result<tempfile::NamedTempFile> {
        let damaged =
            |why: String| CoreError::Invalid(format!("备份“{}”已损坏（{why}），没有恢复任何内容。", chosen.created));
        let source = snapshot_in(folder).ok_or_else(|| damaged("缺少数据库快照".into()))?;
        let dir = self.backups_dir();
        let plain = tempfile::NamedTempFile::new_in(&dir).map_err(io(&dir))?;
        let mut input = std::fs::File::open(&source).map_err(io(&source))?;
        let mut output = plain.as_file();
        if source.ends_with(SNAPSHOT_ZST) {
            // A database compresses some tenfold; a snapshot inflating past
            // far more than that is not one, and would fill the disk.
            let packed = std::fs::metadata(&source).map_err(io(&source))?.len();
            let cap = packed.saturating_mul(MAX_INFLATION).saturating_add(64 << 20);
            let mut decoder = zstd::stream::Decoder::new(input).map_err(|e| damaged(e.to_string()))?;
            let inflated =
                std::io::copy(&mut (&mut decoder).take(cap + 1), &mut output).map_err(|e| damaged(e.to_string()))?;
            if inflated > cap {
                return Err(damaged("解压后大小异常".into()));
            }
        } else {
            std::io::copy(&mut input, &mut output).map_err(io(&source))?;
        }
        // The copy is read and migrated in place: out of WAL mode first, so
        // none of its side files outlive it.
        rusqlite::Connection::open(plain.path())
            .and_then(|c| c.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0)))
            .map_err(|e| damaged(e.to_string()))?;
        let conn = rusqlite::Connection::open_with_flags(plain.path(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| damaged(e.to_string()))?;
        let verdict: String =
            conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| damaged(e.to_string()))?;
        if verdict != "ok" {
            return Err(damaged(verdict));
        }
        Ok(plain)
    }
}
