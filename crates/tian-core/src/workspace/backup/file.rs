//! 备份文件 (`.tianbak`): one backup as one file, to carry on a U盘 to
//! another PC or keep off the machine, and to restore from.
//!
//! It is a zip of the backup as its folder holds it: `manifest.json`,
//! `tian.db.zst` and `attachments/<sha256>`, each stored as is (the
//! snapshot is compressed already). A file to restore from comes from
//! outside this installation, so nothing in it is taken on its word: only
//! those three kinds of entry are read, each within a cap; an attachment
//! must hash to its name; the snapshot inflates within a cap of its own,
//! must pass SQLite's integrity check, and must hold exactly the schema
//! this program makes once brought up to date. Only then is the present
//! state backed up and replaced.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{io, snapshot_in, BackupInfo, BackupReason, SNAPSHOT_ZST};
use crate::{CoreError, Result, Tian};

/// The extension of a backup file.
pub const EXTENSION: &str = "tianbak";
const MANIFEST: &str = "manifest.json";
const ATTACHMENTS: &str = "attachments/";
/// The most entries a backup file may hold.
const MAX_ENTRIES: usize = 200_000;
/// The most a manifest may take.
const MAX_MANIFEST: u64 = 1 << 20;
/// The most one attachment may take (the app keeps none larger).
const MAX_ATTACHMENT: u64 = 512 << 20;
/// The most the compressed snapshot may take.
const MAX_PACKED: u64 = 4 << 30;
/// The most all entries together may take.
const MAX_TOTAL: u64 = 16 << 30;

/// Why a file is not a backup to restore from, in the clerk's words.
fn not_a_backup(path: &Path, why: &str) -> CoreError {
    CoreError::Invalid(format!(
        "“{}”不是可用的天备份文件（{why}），没有恢复任何内容。",
        path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
    ))
}

/// Copies up to `cap` bytes of `from` into `to`; `None` past the cap.
fn copy_within(from: &mut impl Read, to: &mut impl Write, cap: u64) -> std::io::Result<Option<u64>> {
    let copied = std::io::copy(&mut from.take(cap + 1), to)?;
    Ok((copied <= cap).then_some(copied))
}

/// Writes the backup folder `from` as the backup file `dest`, under a
/// temporary name first: a stick pulled out midway leaves no file that
/// looks whole.
fn pack(from: &Path, dest: &Path) -> Result<()> {
    let mut entries: Vec<(String, PathBuf)> = Vec::new();
    if let Some(snapshot) = snapshot_in(from) {
        let name = snapshot.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        entries.push((name, snapshot));
    }
    entries.push((MANIFEST.into(), from.join(MANIFEST)));
    if let Ok(files) = std::fs::read_dir(from.join("attachments")) {
        for file in files.filter_map(|f| f.ok()) {
            let name = file.file_name().to_string_lossy().into_owned();
            if tian_store::fields::is_sha256(&name) {
                entries.push((format!("{ATTACHMENTS}{name}"), file.path()));
            }
        }
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
    tian_export::file::write_atomically_with(dest, |file| {
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        for (name, path) in &entries {
            let mut input = std::fs::File::open(path)?;
            zip.start_file(name.as_str(), stored).map_err(std::io::Error::other)?;
            std::io::copy(&mut input, &mut zip)?;
        }
        zip.finish().map_err(std::io::Error::other)?.flush()
    })
    .map_err(io(dest))?;
    // It holds the installation's signing key: for its owner's eyes only.
    #[cfg(unix)]
    std::fs::set_permissions(dest, std::os::unix::fs::PermissionsExt::from_mode(0o600)).map_err(io(dest))?;
    Ok(())
}

/// Unpacks the backup file `path` into the folder `into` as a backup folder
/// holds it, reading only what a backup file holds, each within its cap.
fn unpack(path: &Path, into: &Path) -> Result<()> {
    let file = crate::workspace::files::open_picked(path)?;
    let mut zip =
        zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|_| not_a_backup(path, "不是备份文件"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(not_a_backup(path, "条目过多"));
    }
    std::fs::create_dir_all(into.join("attachments")).map_err(io(into))?;
    let (mut total, mut snapshot, mut manifest) = (0u64, false, false);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| not_a_backup(path, "文件已损坏"))?;
        let name = entry.name().to_owned();
        let (target, cap) = if name == SNAPSHOT_ZST {
            snapshot = true;
            (into.join(SNAPSHOT_ZST), MAX_PACKED)
        } else if name == MANIFEST {
            manifest = true;
            (into.join(MANIFEST), MAX_MANIFEST)
        } else if let Some(hash) = name.strip_prefix(ATTACHMENTS).filter(|h| tian_store::fields::is_sha256(h)) {
            (into.join("attachments").join(hash), MAX_ATTACHMENT)
        } else {
            // Nothing else is read, and no name in the file becomes a path.
            continue;
        };
        let mut out = std::fs::File::create(&target).map_err(io(&target))?;
        let mut hasher = Hashing { sha: Sha256::new(), out: &mut out };
        let copied = copy_within(&mut entry, &mut hasher, cap)
            .map_err(|e| not_a_backup(path, &format!("读取“{name}”时出错：{e}")))?
            .ok_or_else(|| not_a_backup(path, &format!("“{name}”过大")))?;
        let digest: String = hasher.sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
        if let Some(hash) = name.strip_prefix(ATTACHMENTS) {
            if digest != hash {
                return Err(not_a_backup(path, "附件内容与编号不符"));
            }
        }
        total += copied;
        if total > MAX_TOTAL {
            return Err(not_a_backup(path, "内容过大"));
        }
    }
    if !(snapshot && manifest) {
        return Err(not_a_backup(path, if snapshot { "缺少说明文件 manifest.json" } else { "缺少数据库快照" }));
    }
    Ok(())
}

/// A writer that hashes what passes through it.
struct Hashing<'a, W: Write> {
    sha: Sha256,
    out: &'a mut W,
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.sha.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Tian {
    /// Refuses a snapshot this program could not work with once restored:
    /// its list, settings and records must read, and every attachment its
    /// records name must come with it or be here already.
    fn readable(&self, path: &Path, snapshot: &Path, unpacked: &Path) -> Result<()> {
        let unreadable = |e: CoreError| not_a_backup(path, &format!("其中的数据无法读取：{e}"));
        let checked = Tian::open_empty(snapshot).map_err(unreadable).and_then(|tian| {
            tian.settings().map_err(unreadable)?;
            let all = tian_store::PageQuery { limit: u32::MAX, ..tian_store::PageQuery::default() };
            tian.list_page(&all).map_err(unreadable)?;
            tian.store.read().records_check().map_err(|e| unreadable(e.into()))
        });
        // Opened as a workspace it went into WAL mode: back to one file, so
        // no side files outlive the copy, whatever the verdict.
        rusqlite::Connection::open(snapshot)
            .and_then(|c| c.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0)))
            .map_err(|e| not_a_backup(path, &e.to_string()))?;
        let (broken, named) = checked?;
        if broken > 0 {
            return Err(not_a_backup(path, &format!("其中有{broken}条记录已损坏")));
        }
        let missing = named
            .iter()
            .filter(|sha| tian_store::fields::is_sha256(sha))
            .filter(|sha| {
                !unpacked.join("attachments").join(sha).is_file() && !self.attachments_dir().join(sha).is_file()
            })
            .count();
        if missing > 0 {
            return Err(not_a_backup(path, &format!("缺少{missing}个附件")));
        }
        Ok(())
    }

    /// The name a save dialog offers for backup `name`'s file, in words:
    /// 天备份-20261206-090130-手动.tianbak.
    pub fn backup_file_name(&self, name: &str) -> String {
        let found = self.backups().ok().and_then(|all| all.into_iter().find(|b| b.name == name));
        let when = name.get(..15).filter(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-')).unwrap_or("备份");
        let why = found.map(|b| {
            serde_json::to_value(b.reason).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
        });
        match why.filter(|w| !w.is_empty()) {
            Some(why) => format!("天备份-{when}-{why}.{EXTENSION}"),
            None => format!("天备份-{when}.{EXTENSION}"),
        }
    }

    /// 复制到…: writes backup `name` as one backup file at `dest` (its
    /// extension `.tianbak` added where missing); returns the file written.
    pub fn copy_backup(&self, name: &str, dest: &Path) -> Result<PathBuf> {
        // Only a backup this installation lists is copied: the name is never a path.
        let backup = self
            .backups()?
            .into_iter()
            .find(|b| b.name == name && super::is_folder_name(&b.name))
            .ok_or_else(|| CoreError::Invalid(format!("没有名为“{name}”的备份。")))?;
        let dest = if dest.extension().is_some_and(|e| e == EXTENSION) {
            dest.to_owned()
        } else {
            let mut with = dest.as_os_str().to_owned();
            with.push(format!(".{EXTENSION}"));
            PathBuf::from(with)
        };
        pack(&self.backups_dir().join(&backup.name), &dest)?;
        Ok(dest)
    }

    /// What the backup file at `path` holds, read from its snapshot (its
    /// manifest is the sender's word), checked as a restore would check it.
    pub fn preview_backup_file(&self, path: &Path) -> Result<BackupInfo> {
        let (_folder, _snapshot, info) = self.checked_backup_file(path)?;
        Ok(info)
    }

    /// 从文件恢复: replaces the workspace with the backup file at `path`,
    /// after backing up the present state; returns that backup.
    pub fn restore_backup_file(&mut self, path: &Path) -> Result<BackupInfo> {
        let (folder, snapshot, _) = self.checked_backup_file(path)?;
        let safety = self.create_backup(BackupReason::BeforeRestore)?;
        self.progress.step("恢复数据库");
        self.store.restore_from(snapshot.path())?;
        self.forget_kept_reads();
        self.progress.step("恢复附件");
        super::copy_files(&folder.path().join("attachments"), &self.attachments_dir())?;
        Ok(safety)
    }

    /// The backup file at `path` unpacked beside the backups, its snapshot
    /// inflated and checked, and what it holds.
    fn checked_backup_file(&self, path: &Path) -> Result<(tempfile::TempDir, tempfile::NamedTempFile, BackupInfo)> {
        self.progress.step("检查备份文件");
        let dir = self.backups_dir();
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let folder =
            tempfile::Builder::new().prefix(".from-file-").suffix(".partial").tempdir_in(&dir).map_err(io(&dir))?;
        unpack(path, folder.path())?;
        let shown = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let placeholder = BackupInfo {
            name: shown.clone(),
            created: shown,
            reason: BackupReason::Manual,
            proposals: 0,
            closed: 0,
            operations: 0,
            attachments: 0,
            last_change: None,
            bytes: 0,
            state: String::new(),
            identity: None,
        };
        let snapshot = self.checked_snapshot(folder.path(), &placeholder)?;
        if !tian_store::Store::schema_is_ours(snapshot.path()).unwrap_or(false) {
            return Err(not_a_backup(path, "其中的数据库不是天的工作数据"));
        }
        self.readable(path, snapshot.path(), folder.path())?;
        // Its own manifest says when and why it was made; the figures are the snapshot's.
        let told: Option<BackupInfo> =
            std::fs::read(folder.path().join(MANIFEST)).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let clean = |text: &str| tian_domain::text::without_unsavable(text).chars().take(40).collect::<String>();
        let (created, reason) =
            told.map_or((placeholder.created.clone(), BackupReason::Manual), |t| (clean(&t.created), t.reason));
        let attachments = std::fs::read_dir(folder.path().join("attachments")).map_or(0, |d| d.count() as u32);
        let mut info = super::describe(snapshot.path(), placeholder.name, created, reason, attachments)?;
        info.bytes = std::fs::metadata(path).map_or(0, |m| m.len());
        Ok((folder, snapshot, info))
    }
}
