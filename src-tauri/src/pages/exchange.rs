//! 数据交换: identity, keys, packages and conflicts.

use std::path::PathBuf;

use crate::dialogs::{ask, remembered_folder, save_as, save_with, Dialog, SaveOffer};
use crate::workspace::{long, reading, with, Cx, Reply};
use tian_commands::types::*;

#[tauri::command]
pub fn get_sync_status(cx: Cx) -> Reply<SyncStatus> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.sync_status())
}

/// 回执台账 with `unit` (on a unit's installation, with its committee).
#[tauri::command]
pub fn get_receipts(cx: Cx, unit: Option<String>) -> Reply<ReceiptLedger> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.receipts(unit.as_deref()))
}

#[tauri::command]
pub fn get_identity(cx: Cx) -> Reply<Identity> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.identity())
}

#[tauri::command]
pub fn init_identity(cx: Cx, role: Role, name: String) -> Reply<Identity> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.init_identity(role, &name))
}

/// Asks where to save this installation's key file and writes it; `None` when cancelled.
#[tauri::command]
pub async fn export_key(cx: Cx) -> Reply<Option<String>> {
    let name = with(&cx.workspace(), |t| t.identity())?.name;
    let offer =
        SaveOffer {
            title: "导出本机密钥", name: format!("{name}.tiankey"), kind: "天密钥文件", ext: "tiankey"
        };
    let saved = save_with(&cx, offer, |t, path| t.export_key(path)).await?;
    Ok(saved.map(|(path, _)| path.display().to_string()))
}

#[tauri::command]
pub fn preview_key(cx: Cx, path: PathBuf) -> Reply<KeyPreview> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.preview_key(&path))
}

/// `fingerprint` is the one the clerk compared with the other side's screen.
#[tauri::command]
pub fn trust_key(cx: Cx, path: PathBuf, fingerprint: String) -> Reply<KeyPreview> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.trust_key(&path, &fingerprint))
}

#[tauri::command]
pub fn revoke_key(cx: Cx, fingerprint: String) -> Reply<KeyPreview> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.revoke_key(&fingerprint))
}

#[tauri::command]
pub fn replace_key(cx: Cx, old: String, path: PathBuf, fingerprint: String) -> Reply<KeyPreview> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.replace_key(&old, &path, &fingerprint))
}

/// Asks where to save the 单位初始化文件 for `unit` and writes it: where,
/// and what it holds; `None` when cancelled.
#[tauri::command]
pub async fn export_setup_file(cx: Cx, unit: String) -> Reply<Option<(String, SetupPreview)>> {
    let offer = SaveOffer {
        title: "导出单位初始化文件",
        name: format!("{unit}.tianinit"),
        kind: "天初始化文件",
        ext: "tianinit",
    };
    let saved = save_with(&cx, offer, |t, path| t.export_setup_file(&unit, path)).await?;
    Ok(saved.map(|(path, made)| (path.display().to_string(), made)))
}

#[tauri::command]
pub fn preview_setup_file(cx: Cx, path: PathBuf) -> Reply<SetupPreview> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.preview_setup_file(&path))
}

#[tauri::command]
pub fn init_from_setup_file(cx: Cx, path: PathBuf) -> Reply<Identity> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.init_from_setup_file(&path).map(|(identity, _)| identity))
}

/// Asks where to save a package for `to` (the committee's choice of unit)
/// and writes it; `None` when cancelled.
#[tauri::command]
pub async fn export_package(cx: Cx, to: Option<String>, mode: ExportMode) -> Reply<Option<ExportSummary>> {
    let app = cx.app;
    let window = cx.window;
    let date = chrono::Local::now().format("%Y%m%d");
    let name = format!("发给{}-{date}.tianpkg", to.clone().unwrap_or_else(|| "提案委员会".into()));
    match save_as(window, "导出交换包", name, "天交换包", "tianpkg").await {
        Some(path) => long(app, "导出交换包", move |t| t.export_package(to.as_deref(), mode, &path)).await.map(Some),
        None => Ok(None),
    }
}

/// 发送给提案委员会: a unit sends everything the committee has not yet
/// acknowledged in one step, to a new file in the folder it last used (a
/// U盘, or the mail folder); only the first time is it asked where.
#[tauri::command]
pub async fn send_to_committee(cx: Cx) -> Reply<Option<ExportSummary>> {
    let app = cx.app;
    let window = cx.window;
    let name = format!("发给提案委员会-{}.tianpkg", chrono::Local::now().format("%Y%m%d"));
    let path = match remembered_folder(&window) {
        Some(folder) => unused_name(&folder, &name),
        None => match save_as(window, "发送给提案委员会", name, "天交换包", "tianpkg").await {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    long(app, "导出交换包", move |t| t.export_package(None, ExportMode::Unacknowledged, &path)).await.map(Some)
}

/// `name` in `folder`, or with “-2”, “-3” … before its extension where a
/// file of that name is there already: an earlier package is never overwritten.
fn unused_name(folder: &std::path::Path, name: &str) -> PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (1..)
        .map(|n| if n == 1 { folder.join(name) } else { folder.join(format!("{stem}-{n}.{ext}")) })
        .find(|path| !path.exists())
        .expect("some number is free")
}

#[tauri::command]
pub async fn preview_package(cx: Cx, path: PathBuf) -> Reply<PackageImport> {
    let app = cx.app;
    long(app, "预览交换包", move |t| t.preview_package(&path)).await
}

#[tauri::command]
pub async fn import_package(cx: Cx, path: PathBuf) -> Reply<PackageImport> {
    let app = cx.app;
    long(app, "导入交换包", move |t| t.import_package(&path)).await
}

#[tauri::command]
pub async fn import_packages(cx: Cx, folder: bool) -> Reply<Option<BatchImport>> {
    let window = cx.window;
    let picked = ask(move || {
        if folder {
            Dialog::new(&window, "选择存放交换包的文件夹").pick_folder().into_iter().collect()
        } else {
            Dialog::new(&window, "选择交换包（可多选）")
                .filter("天交换包", &[tian_core::PACKAGE_EXTENSION])
                .pick_files()
        }
    })
    .await;
    if picked.is_empty() {
        return Ok(None);
    }
    let app = cx.app;
    long(app, "批量导入交换包", move |t| t.import_packages(&picked)).await.map(Some)
}

#[tauri::command]
pub fn take_back_last_import(cx: Cx) -> Reply<SafetyPoint> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.take_back_last_import())
}

#[tauri::command]
pub async fn get_conflicts(cx: Cx) -> Reply<Vec<Conflict>> {
    let app = cx.app;
    reading(app, move |t| t.conflicts()).await
}

#[tauri::command]
pub fn resolve_conflict(cx: Cx, key: FieldRef, value: AnyValue) -> Reply<Vec<Conflict>> {
    let workspace = cx.workspace();
    with(&workspace, |t| t.resolve_conflict(&key, value.0))
}
