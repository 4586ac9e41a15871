//! 备份: snapshots, restoring one, a backup as a file, and a session's
//! signed archive handed over and checked (档案移交).

use std::path::PathBuf;

use crate::dialogs::{ask, save_as, Dialog};
use crate::workspace::{long, reading, Cx, Reply};
use tian_commands::types::*;
use tian_core::BackupReason;

/// 复制到…: a backup as one file (`.tianbak`) where the clerk chooses (a
/// U盘); the file written, or `None` when the clerk cancels.
#[tauri::command]
pub async fn copy_backup(cx: Cx, name: String) -> Reply<Option<String>> {
    let app = cx.app;
    let window = cx.window;
    let named = name.clone();
    let offered = reading(app.clone(), move |t| Ok(t.backup_file_name(&named))).await?;
    let picked = save_as(window, "复制备份到…", offered, "天备份文件", tian_core::BACKUP_FILE_EXTENSION).await;
    let Some(path) = picked else { return Ok(None) };
    let copy = reading(app, move |t| t.copy_backup(&name, &path)).await?;
    Ok(Some(copy.display().to_string()))
}

/// 从文件恢复…: the backup file the clerk picks, and what it holds, checked
/// as a restore would check it; `None` when the clerk cancels.
#[tauri::command]
pub async fn preview_backup_file(cx: Cx) -> Reply<Option<(String, BackupInfo)>> {
    let app = cx.app;
    let window = cx.window;
    let ext = tian_core::BACKUP_FILE_EXTENSION;
    let Some(path) = ask(move || Dialog::new(&window, "选择备份文件").filter("天备份文件", &[ext]).pick_file()).await
    else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let info = long(app, "检查备份文件", move |t| t.preview_backup_file(&path)).await?;
    Ok(Some((shown, info)))
}

/// Restores the backup file at `path`; returns the backup made of the state before it.
#[tauri::command]
pub async fn restore_backup_file(cx: Cx, path: PathBuf) -> Reply<BackupInfo> {
    let app = cx.app;
    long(app, "恢复备份", move |t| t.restore_backup_file(&path)).await
}

/// 档案移交…: a session's signed archive where the clerk chooses; `None` when cancelled.
#[tauri::command]
pub async fn export_archive(cx: Cx, session: String) -> Reply<Option<ArchiveSummary>> {
    let app = cx.app;
    let window = cx.window;
    let Some(path) = save_as(window, "导出档案", format!("{session}档案.zip"), "档案（zip）", "zip").await
    else {
        return Ok(None);
    };
    long(app, "导出档案", move |t| t.export_archive(&session, &path)).await.map(Some)
}

/// 核验档案…: the archive the clerk picks, checked against its signed
/// manifest (and `fingerprint`, where the clerk typed the printed one).
#[tauri::command]
pub async fn verify_archive(cx: Cx, fingerprint: Option<String>) -> Reply<Option<(String, ArchiveCheck)>> {
    let app = cx.app;
    let window = cx.window;
    let Some(path) =
        ask(move || Dialog::new(&window, "选择要核验的档案").filter("档案（zip）", &["zip"]).pick_file()).await
    else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let check = long(app, "核验档案", move |t| t.verify_archive(&path, fingerprint.as_deref())).await?;
    Ok(Some((shown, check)))
}

#[tauri::command]
pub async fn list_backups(cx: Cx) -> Reply<Vec<BackupInfo>> {
    let app = cx.app;
    reading(app, move |t| t.backups()).await
}

#[tauri::command]
pub async fn create_backup(cx: Cx) -> Reply<BackupInfo> {
    let app = cx.app;
    long(app, "备份", |t| t.create_backup(BackupReason::Manual)).await
}

/// Restores backup `name`; returns the backup made of the state before it.
#[tauri::command]
pub async fn restore_backup(cx: Cx, name: String) -> Reply<BackupInfo> {
    let app = cx.app;
    long(app, "恢复备份", move |t| t.restore_backup(&name)).await
}
