//! 备份与恢复: consistent snapshots of the workspace, made at start and
//! before every import, kept in a rotating set, and restorable after a look
//! at what they hold.
//!
//! A backup is a folder `backups/<时间>-<原因>/` beside the database with the
//! snapshot (`tian.db`, from SQLite's online backup API), the attachments,
//! and `manifest.json` describing it. It is assembled under a temporary name
//! and renamed when complete, so a half-made backup never looks like one.

use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDateTime};
use serde::{Deserialize, Serialize};
use tian_domain::dates::format_cn;
use ts_rs::TS;

use crate::{CoreError, Result, Tian};

/// How many of the newest backups are always kept.
const KEEP_NEWEST: usize = 10;
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
        let Ok(target) = crate::attachments::attachment_in(to, &entry.file_name().to_string_lossy()) else {
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
    let last_ms: Option<i64> = conn
        .query_row("SELECT max(hlc_wall) FROM ops", [], |r| r.get(0))
        .map_err(|e| CoreError::Store(tian_store::StoreError::from(e)))?;
    Ok(BackupInfo {
        name,
        created,
        reason,
        proposals: count("SELECT count(*) FROM proposals")?,
        closed: count("SELECT count(*) FROM proposals WHERE stage = '办结'")?,
        operations: count("SELECT count(*) FROM ops")?,
        attachments,
        last_change: last_ms.and_then(chrono::DateTime::from_timestamp_millis).map(|t| {
            let t = t.with_timezone(&Local);
            format!("{} {}", format_cn(t.date_naive()), t.format("%H:%M"))
        }),
    })
}

impl Tian {
    pub fn backups_dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join("backups")
    }

    /// Makes a backup now and prunes the set to its rotation.
    pub fn create_backup(&self, reason: BackupReason) -> Result<BackupInfo> {
        let now = Local::now();
        let name = format!("{}-{}", now.format("%Y%m%d-%H%M%S-%3f"), reason.slug());
        let dir = self.backups_dir();
        let tmp = dir.join(format!(".{name}.partial"));
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let snapshot = tmp.join("tian.db");
        self.progress.step("备份数据库");
        self.store.snapshot_to(&snapshot)?;
        self.progress.step("备份附件");
        let attachments = copy_files(&self.attachments_dir(), &tmp.join("attachments"))?;
        let created = format!("{} {}", format_cn(now.date_naive()), now.format("%H:%M:%S"));
        let info = describe(&snapshot, name.clone(), created, reason, attachments)?;
        let manifest = tmp.join("manifest.json");
        std::fs::write(&manifest, serde_json::to_vec_pretty(&info).expect("backup info serialises"))
            .map_err(io(&manifest))?;
        let done = dir.join(&name);
        std::fs::rename(&tmp, &done).map_err(io(&done))?;
        self.rotate_backups(now.naive_local())?;
        Ok(info)
    }

    /// The backups there are, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        let Ok(entries) = std::fs::read_dir(self.backups_dir()) else { return Ok(Vec::new()) };
        let mut out: Vec<BackupInfo> = entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|e| std::fs::read(e.path().join("manifest.json")).ok())
            .filter_map(|bytes| serde_json::from_slice(&bytes).ok())
            .collect();
        out.sort_by(|a, b| b.name.cmp(&a.name));
        Ok(out)
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
        let safety = self.create_backup(BackupReason::BeforeRestore)?;
        self.progress.step("恢复数据库");
        self.store.restore_from(&folder.join("tian.db"))?;
        self.progress.step("恢复附件");
        copy_files(&folder.join("attachments"), &self.attachments_dir())?;
        Ok(safety)
    }

    /// Keeps the newest [`KEEP_NEWEST`] backups and the newest of each day of
    /// the last [`KEEP_DAILY_DAYS`] days; removes the rest.
    fn rotate_backups(&self, now: NaiveDateTime) -> Result<()> {
        self.remove_stale_partials()?;
        let all = self.backups()?;
        let mut kept_days = std::collections::HashSet::new();
        for (i, backup) in all.iter().enumerate() {
            let Ok(taken) = NaiveDateTime::parse_from_str(&backup.name[..15], "%Y%m%d-%H%M%S") else { continue };
            // Calendar days, today included: the last thirty dates on the wall calendar.
            let recent_day = (now.date() - taken.date()).num_days() < KEEP_DAILY_DAYS && kept_days.insert(taken.date());
            if i >= KEEP_NEWEST && !recent_day {
                let folder = self.backups_dir().join(&backup.name);
                std::fs::remove_dir_all(&folder).map_err(io(&folder))?;
            }
        }
        Ok(())
    }

    /// Removes half-made backups an interrupted process left behind; recent
    /// ones may belong to another window still writing them.
    fn remove_stale_partials(&self) -> Result<()> {
        let Ok(entries) = std::fs::read_dir(self.backups_dir()) else { return Ok(()) };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(3600)));
            if name.starts_with('.') && name.ends_with(".partial") && stale {
                std::fs::remove_dir_all(entry.path()).map_err(io(&entry.path()))?;
            }
        }
        Ok(())
    }
}
