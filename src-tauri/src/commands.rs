//! The window's commands: each takes the workspace lock, calls one method of
//! `Tian`, and hands back the result or the clerk-readable error message.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::NaiveDate;
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};

use crate::dialogs::Dialog;
use tian_core::domain::{
    Activity, Assignment, Closure, Contact, DirectoryUnit, ExtensionDecision, LeaderSummary, PlanLinkState, ProposalId,
    Review, SessionSummary, SuggestionProgress, UnitSummary, Withdrawal,
};
use tian_core::{
    BackupInfo, BackupReason, ColumnMapping, Dashboard, DocumentRequest, Dossier, ExtensionRequest, FeedbackDecision,
    FeedbackInput, HandBackRequest, HistoryHit, HistoryImport, ImportReport, Job, LedgerPreview, ListPage, Neighbours,
    OfficialDocument, PageQuery, Progress, ProposalFilters, RecordCorrection, ReplyInput, ReplyLetter, ReportFile,
    ReportFormat, ReportParagraph, ReportScope, ReportedFigures, SearchHit, SearchQuery, Settings, Statistics, Tian,
    TimelineEntry, UndoableStep,
};
use tian_core::{
    Conflict, ExportMode, ExportSummary, FieldRef, Identity, KeyPreview, PackageImport, PlanSuggestion, Role,
    SyncStatus,
};

/// The open workspace, shared by all commands: a connection that writes, a
/// second one that reads (SQLite lets it read the last saved state while a
/// long write runs, so lists and pages still answer), and the long work
/// running now, if any.
pub struct Workspace {
    writer: Mutex<Tian>,
    reader: Mutex<Tian>,
    running: Mutex<Option<&'static str>>,
}

impl Workspace {
    pub fn new(writer: Tian, reader: Tian) -> Workspace {
        Workspace { writer: Mutex::new(writer), reader: Mutex::new(reader), running: Mutex::new(None) }
    }

    /// The long work running now.
    fn running(&self) -> Option<&'static str> {
        *self.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

type Reply<T> = Result<T, String>;

/// Runs `f` on the writing connection, unless long work is running: a second
/// write then is refused at once rather than waiting behind it.
fn with<T>(workspace: &Workspace, f: impl FnOnce(&mut Tian) -> tian_core::Result<T>) -> Reply<T> {
    if let Some(work) = workspace.running() {
        return Err(format!("正在{work}，请等它完成后再操作。"));
    }
    let mut tian = workspace.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut tian).map_err(|e| e.to_string())
}

/// Runs `f` on the reading connection, off the window's thread (a page of a
/// large list sorted by date can take a tenth of a second): it never waits
/// for long work, and the window never waits for it.
async fn reading<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut Tian) -> tian_core::Result<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let workspace = app.state::<Workspace>();
        let mut tian = workspace.reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut tian).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("读取时出现意外错误：{e}"))?
}

/// Marks `work` as running until dropped.
struct Running<'w>(&'w Workspace);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.0.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
    }
}

/// Runs long `work` (a package import, a restore …) off the window's
/// thread, one at a time, and sends its steps to the window as `job` events
/// for the progress bar.
async fn long<T: Send + 'static>(
    app: AppHandle,
    work: &'static str,
    f: impl FnOnce(&mut Tian) -> tian_core::Result<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let workspace = app.state::<Workspace>();
        {
            let mut running = workspace.running.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(other) = *running {
                return Err(format!("正在{other}，请等它完成后再操作。"));
            }
            *running = Some(work);
        }
        let _running = Running(&workspace);
        let job = |progress: Option<Progress>, running: bool| Job { work: work.to_owned(), progress, running };
        let _ = app.emit("job", job(None, true));
        let mut tian = workspace.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let events = app.clone();
        tian.progress().set(Some(Box::new(move |p: &Progress| {
            let _ = events.emit("job", Job { work: work.to_owned(), progress: Some(p.clone()), running: true });
        })));
        let out = f(&mut tian).map_err(|e| e.to_string());
        tian.progress().set(None);
        let _ = app.emit("job", job(None, false));
        out
    })
    .await
    .map_err(|e| format!("{work}时出现意外错误：{e}"))?
}

/// Runs `f` on the proposal numbered `number` (in `session`, where needed).
fn on<T>(
    workspace: &Workspace,
    number: &str,
    session: Option<String>,
    f: impl FnOnce(&mut Tian, &ProposalId) -> tian_core::Result<T>,
) -> Reply<T> {
    with(workspace, |t| {
        let id = t.resolve(number, session.as_deref())?;
        f(t, &id)
    })
}

/// As [`on`], through [`reading`].
async fn on_reading<T: Send + 'static>(
    app: AppHandle,
    number: String,
    session: Option<String>,
    f: impl FnOnce(&mut Tian, &ProposalId) -> tian_core::Result<T> + Send + 'static,
) -> Reply<T> {
    reading(app, move |t| {
        let id = t.resolve(&number, session.as_deref())?;
        f(t, &id)
    })
    .await
}

#[tauri::command]
pub async fn list_page(app: AppHandle, query: PageQuery) -> Reply<ListPage> {
    reading(app, move |t| t.list_page(&query)).await
}

#[tauri::command]
pub async fn get_neighbours(app: AppHandle, number: String, session: Option<String>) -> Reply<Neighbours> {
    on_reading(app, number, session, |t, id| t.neighbours(id)).await
}

#[tauri::command]
pub async fn get_dossier(app: AppHandle, number: String, session: Option<String>) -> Reply<Dossier> {
    on_reading(app, number, session, |t, id| t.dossier(id)).await
}

#[tauri::command]
pub async fn close_warnings(app: AppHandle, number: String, session: Option<String>) -> Reply<Vec<String>> {
    on_reading(app, number, session, |t, id| t.close_warnings(id)).await
}

#[tauri::command]
pub async fn reply_warnings(
    app: AppHandle,
    number: String,
    session: Option<String>,
    unit: String,
) -> Reply<Vec<String>> {
    on_reading(app, number, session, move |t, id| t.reply_warnings(id, &unit)).await
}

#[tauri::command]
pub async fn read_reply_letter(app: AppHandle, path: PathBuf) -> Reply<ReplyLetter> {
    reading(app, move |t| t.read_reply_letter(&path)).await
}

#[tauri::command]
pub async fn get_timeline(app: AppHandle, number: String, session: Option<String>) -> Reply<Vec<TimelineEntry>> {
    on_reading(app, number, session, |t, id| t.timeline(id)).await
}

#[tauri::command]
pub async fn search(app: AppHandle, query: SearchQuery) -> Reply<Vec<SearchHit>> {
    reading(app, move |t| t.search(&query)).await
}

#[tauri::command]
pub async fn get_dashboard(app: AppHandle) -> Reply<Dashboard> {
    reading(app, move |t| t.dashboard()).await
}

#[tauri::command]
pub async fn list_sessions(app: AppHandle) -> Reply<Vec<SessionSummary>> {
    reading(app, move |t| t.sessions()).await
}

#[tauri::command]
pub async fn list_units(app: AppHandle) -> Reply<Vec<UnitSummary>> {
    reading(app, move |t| t.units()).await
}

#[tauri::command]
pub async fn get_directory(app: AppHandle) -> Reply<Vec<DirectoryUnit>> {
    reading(app, move |t| t.directory()).await
}

#[tauri::command]
pub fn add_unit(workspace: State<Workspace>, name: String, short_name: String) -> Reply<Vec<DirectoryUnit>> {
    with(&workspace, |t| t.add_unit(&name, &short_name))
}

#[tauri::command]
pub fn rename_unit(workspace: State<Workspace>, old: String, new: String) -> Reply<Vec<DirectoryUnit>> {
    with(&workspace, |t| t.rename_unit(&old, &new))
}

#[tauri::command]
pub fn set_short_name(workspace: State<Workspace>, name: String, short_name: String) -> Reply<Vec<DirectoryUnit>> {
    with(&workspace, |t| t.set_short_name(&name, &short_name))
}

#[tauri::command]
pub async fn list_leaders(app: AppHandle) -> Reply<Vec<LeaderSummary>> {
    reading(app, move |t| t.leaders()).await
}

#[tauri::command]
pub async fn get_settings(app: AppHandle) -> Reply<Settings> {
    reading(app, move |t| t.settings()).await
}

#[tauri::command]
pub fn save_settings(workspace: State<Workspace>, settings: Settings) -> Reply<Settings> {
    with(&workspace, |t| {
        t.save_settings(&settings)?;
        t.settings()
    })
}

#[tauri::command]
pub fn assign(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    assignment: Assignment,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.assign(id, assignment))
}

#[tauri::command]
pub fn correct_assignment(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    assignment: Assignment,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.correct_assignment(id, assignment))
}

#[tauri::command]
pub fn add_contact(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    contact: Contact,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.add_contact(id, contact))
}

#[tauri::command]
pub fn add_activity(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    activity: Activity,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.add_activity(id, activity))
}

#[tauri::command]
pub fn add_reply(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    input: ReplyInput,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.add_reply(id, input))
}

#[tauri::command]
pub fn set_suggestion(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    progress: SuggestionProgress,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.set_suggestion(id, progress))
}

#[tauri::command]
pub fn give_feedback(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    input: FeedbackInput,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.give_feedback(id, input))
}

#[tauri::command]
pub fn close(workspace: State<Workspace>, number: String, session: Option<String>, closure: Closure) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.close(id, closure))
}

#[tauri::command]
pub fn reopen(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    date: NaiveDate,
    reason: String,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.reopen(id, date, &reason))
}

#[tauri::command]
pub fn decide_after_unsatisfied(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    decision: FeedbackDecision,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.decide_after_unsatisfied(id, decision))
}

#[tauri::command]
pub fn request_extension(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    request: ExtensionRequest,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.request_extension(id, request))
}

#[tauri::command]
pub fn decide_extension(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    request_id: String,
    decision: ExtensionDecision,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.decide_extension(id, &request_id, decision))
}

#[tauri::command]
pub fn hand_back(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    request: HandBackRequest,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.hand_back(id, request))
}

#[tauri::command]
pub fn withdraw(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    withdrawal: Withdrawal,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.withdraw(id, withdrawal))
}

/// 打开文件 / 打开所在文件夹: a file Tian just saved, with the program the
/// system opens it with, or its folder in the file manager.
#[tauri::command]
pub fn open_saved(path: PathBuf, folder: bool) -> Reply<()> {
    if !path.is_file() {
        return Err(format!("找不到文件：{}", path.display()));
    }
    let target = if folder { path.parent().map(PathBuf::from).unwrap_or_else(|| path.clone()) } else { path.clone() };
    #[cfg(target_os = "windows")]
    let mut command = {
        let mut c = std::process::Command::new("explorer");
        if folder {
            c.arg(format!("/select,{}", path.display()));
        } else {
            c.arg(&target);
        }
        c
    };
    #[cfg(target_os = "macos")]
    let mut command = {
        let mut c = std::process::Command::new("open");
        if folder {
            c.arg("-R").arg(&path);
        } else {
            c.arg(&target);
        }
        c
    };
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let mut command = {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(&target);
        c
    };
    let mut child = command.spawn().map_err(|e| match e.kind() {
        // The program that opens files is missing, not the file.
        std::io::ErrorKind::NotFound => format!(
            "本机没有可用来打开{}的程序。文件已保存在：{}",
            if folder { "文件夹" } else { "文件" },
            path.display()
        ),
        _ => format!("无法打开{}：{e}", target.display()),
    })?;
    // Reaped when it exits, so no process is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// 复制到…: a backup as one file (`.tianbak`) where the clerk chooses (a
/// U盘); the file written, or `None` when the clerk cancels.
#[tauri::command]
pub async fn copy_backup(app: AppHandle, window: WebviewWindow, name: String) -> Reply<Option<String>> {
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
pub async fn preview_backup_file(app: AppHandle, window: WebviewWindow) -> Reply<Option<(String, BackupInfo)>> {
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
pub async fn restore_backup_file(app: AppHandle, path: PathBuf) -> Reply<BackupInfo> {
    long(app, "恢复备份", move |t| t.restore_backup_file(&path)).await
}

/// 打印: the page in view, through the system's print dialog. WebKit
/// answers a script's `window.print()` only outside automation, so the
/// window asks for the dialog itself.
#[tauri::command]
pub async fn print_page(webview: tauri::Webview) -> Reply<()> {
    webview.print().map_err(|e| format!("无法打印：{e}"))
}

/// 设置类别 of one proposal (`None` clears it).
#[tauri::command]
pub fn set_category(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    category: Option<String>,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| {
        t.set_category(std::slice::from_ref(id), category.as_deref())?;
        t.dossier(id)
    })
}

/// 批量设置类别 of every proposal the list's filters pick; how many changed.
#[tauri::command]
pub fn set_category_where(
    workspace: State<Workspace>,
    filters: ProposalFilters,
    category: Option<String>,
) -> Reply<usize> {
    with(&workspace, |t| t.set_category_where(&filters, category.as_deref()))
}

/// 设置类别 of the rows the clerk selected, each (提案号, 届次); how many changed.
#[tauri::command]
pub fn set_category_of(
    workspace: State<Workspace>,
    proposals: Vec<(String, String)>,
    category: Option<String>,
) -> Reply<usize> {
    with(&workspace, |t| {
        let ids = proposals
            .iter()
            .map(|(number, session)| t.resolve(number, Some(session)))
            .collect::<tian_core::Result<Vec<_>>>()?;
        t.set_category(&ids, category.as_deref())
    })
}

/// The last category change, to offer taking it back: (类别, 件数).
#[tauri::command]
pub async fn last_category_change(app: AppHandle) -> Reply<Option<(String, usize)>> {
    reading(app, |t| t.last_category_change()).await
}

/// 撤销 the last category change, to one proposal or many; how many went back.
#[tauri::command]
pub fn undo_category_change(workspace: State<Workspace>) -> Reply<usize> {
    with(&workspace, |t| t.undo_category_change())
}

/// 撤销: the step the button would take back, if one may be.
#[tauri::command]
pub async fn undoable(app: AppHandle, number: String, session: Option<String>) -> Reply<Option<UndoableStep>> {
    on_reading(app, number, session, |t, id| t.undoable(id)).await
}

#[tauri::command]
pub fn undo(workspace: State<Workspace>, number: String, session: Option<String>) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.undo(id))
}

#[tauri::command]
pub fn review(workspace: State<Workspace>, number: String, session: Option<String>, review: Review) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.review(id, review))
}

#[tauri::command]
pub async fn list_backups(app: AppHandle) -> Reply<Vec<BackupInfo>> {
    reading(app, move |t| t.backups()).await
}

#[tauri::command]
pub async fn create_backup(app: AppHandle) -> Reply<BackupInfo> {
    long(app, "备份", |t| t.create_backup(BackupReason::Manual)).await
}

/// Restores backup `name`; returns the backup made of the state before it.
#[tauri::command]
pub async fn restore_backup(app: AppHandle, name: String) -> Reply<BackupInfo> {
    long(app, "恢复备份", move |t| t.restore_backup(&name)).await
}

/// Runs a native dialog and waits for the clerk's answer.
///
/// rfd queues its GTK work onto GTK's main loop, which runs on the window's
/// main thread, and blocks until it is done; asking from that thread would
/// wait for itself. So dialogs are always asked for from a worker thread.
async fn ask<T: Send + 'static>(dialog: impl FnOnce() -> T + Send + 'static) -> T {
    tauri::async_runtime::spawn_blocking(dialog).await.expect("a file dialog does not panic")
}

/// Asks for an announcement file in the native open dialog and imports it;
/// `None` when the clerk cancels.
#[tauri::command]
pub async fn import_announcement(app: AppHandle, window: WebviewWindow) -> Reply<Option<ImportReport>> {
    let picked = ask(move || {
        Dialog::new(&window, "选择重点提案公告文件")
            .filter("文本文件", &["txt", "TXT"])
            .filter("所有文件", &["*"])
            .pick_file()
    })
    .await;
    match picked {
        Some(path) => long(app, "导入提案公告", move |t| t.import_announcement_file(&path)).await.map(Some),
        None => Ok(None),
    }
}

/// Files for a reply: its text (.docx/.txt) or its attachments, from the
/// native open dialog; empty when the clerk cancels.
#[tauri::command]
pub async fn pick_reply_files(window: WebviewWindow, text: bool) -> Vec<PathBuf> {
    ask(move || {
        if text {
            Dialog::new(&window, "选择复文（Word 或文本文件）")
                .filter("复文", &["docx", "txt"])
                .pick_file()
                .into_iter()
                .collect()
        } else {
            Dialog::new(&window, "选择附件").pick_files()
        }
    })
    .await
}

#[tauri::command]
pub async fn get_statistics(app: AppHandle, session: Option<String>) -> Reply<Statistics> {
    reading(app, move |t| t.statistics(session.as_deref())).await
}

#[tauri::command]
pub async fn get_reported_figures(app: AppHandle) -> Reply<Vec<ReportedFigures>> {
    reading(app, move |t| t.reported_figures()).await
}

#[tauri::command]
pub async fn get_report_faces(app: AppHandle) -> Reply<Vec<tian_core::FaceUse>> {
    reading(app, |t| t.report_faces()).await
}

/// The 督办报告, 催办函 or 征询意见表 as the window previews it.
#[tauri::command]
pub async fn preview_document(app: AppHandle, request: DocumentRequest) -> Reply<OfficialDocument> {
    reading(app, move |t| {
        let mut doc = t.document(&request)?;
        doc.fit_tables();
        Ok(doc)
    })
    .await
}

/// 逐段修改: the 督办报告's paragraphs, as drafted and as the clerk rewrote them.
#[tauri::command]
pub async fn report_paragraphs(app: AppHandle, scope: ReportScope) -> Reply<Vec<ReportParagraph>> {
    reading(app, move |t| t.report_paragraphs(&scope)).await
}

/// Keeps the clerk's wording of the report's paragraphs `texts` (by key).
#[tauri::command]
pub fn edit_report(
    workspace: State<Workspace>,
    scope: ReportScope,
    texts: std::collections::BTreeMap<String, String>,
) -> Reply<Vec<ReportParagraph>> {
    with(&workspace, |t| t.edit_report(&scope, &texts))
}

/// Asks where to save in the native save dialog, offering `name`; `None` when the clerk cancels.
async fn save_as(
    window: WebviewWindow,
    title: &'static str,
    name: String,
    kind: &'static str,
    ext: &'static str,
) -> Option<PathBuf> {
    ask(move || Dialog::new(&window, title).file_name(name).filter(kind, &[ext]).save_file()).await.map(|path| {
        if path.extension().is_some() {
            path
        } else {
            path.with_extension(ext)
        }
    })
}

/// 打印预览: the document's pages as its PDF lays them out.
#[tauri::command]
pub async fn print_preview(app: AppHandle, request: DocumentRequest) -> Reply<Vec<tian_core::PageImage>> {
    reading(app, move |t| t.print_preview(&request)).await
}

/// Asks where to save the document and writes it there; `None` when the clerk cancels.
#[tauri::command]
pub async fn export_document(
    app: AppHandle,
    window: WebviewWindow,
    request: DocumentRequest,
    format: ReportFormat,
) -> Reply<Option<ReportFile>> {
    let (kind, ext) = match format {
        ReportFormat::Docx => ("Word 文档", "docx"),
        ReportFormat::Pdf => ("PDF 文件", "pdf"),
    };
    let task = request.task();
    match save_as(window, task, request.file_name(format), kind, ext).await {
        Some(path) => long(app, task, move |t| t.export_document(&request, format, &path)).await.map(Some),
        None => Ok(None),
    }
}

/// Saves a chart the window drew (a PNG `data:` URL) where the clerk chooses.
#[tauri::command]
pub async fn save_chart(window: WebviewWindow, name: String, data_url: String) -> Reply<Option<String>> {
    use base64::Engine;
    let encoded = data_url.split_once("base64,").map(|(_, b)| b).ok_or("图表数据不是 PNG 图片。")?;
    let png = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| "图表数据已损坏。".to_owned())?;
    let Some(path) = save_as(window, "保存图表", format!("{name}.png"), "PNG 图片", "png").await else {
        return Ok(None);
    };
    tian_core::write_file(&path, &png).map_err(|e| e.to_string())?;
    Ok(Some(path.display().to_string()))
}

/// Asks where to save the ledger and writes it; the file, or `None` when cancelled.
#[tauri::command]
pub async fn export_ledger(app: AppHandle, window: WebviewWindow) -> Reply<Option<ReportFile>> {
    match save_as(window, "导出台账", "提案台账.xlsx".into(), "Excel 工作簿", "xlsx").await {
        Some(path) => {
            let shown = path.display().to_string();
            let bytes = path.clone();
            let n = long(app, "导出台账", move |t| t.export_ledger(&path)).await?;
            let bytes = std::fs::metadata(&bytes).map(|m| m.len()).unwrap_or_default();
            Ok(Some(ReportFile { path: shown, proposals: n as u32, bytes }))
        }
        None => Ok(None),
    }
}

/// A file from the native open dialog, or `None`.
#[tauri::command]
pub async fn pick_file(window: WebviewWindow, title: String, kind: String, extensions: Vec<String>) -> Option<PathBuf> {
    ask(move || Dialog::new(&window, title).filter(kind, &extensions).filter("所有文件", &["*"]).pick_file()).await
}

#[tauri::command]
pub async fn preview_ledger(
    app: AppHandle,
    path: PathBuf,
    mapping: ColumnMapping,
    session: Option<String>,
) -> Reply<LedgerPreview> {
    long(app, "读取台账", move |t| t.preview_ledger(&path, &mapping, session.as_deref())).await
}

#[tauri::command]
pub async fn import_ledger(
    app: AppHandle,
    path: PathBuf,
    mapping: ColumnMapping,
    session: Option<String>,
) -> Reply<ImportReport> {
    long(app, "导入台账", move |t| t.import_ledger(&path, &mapping, session.as_deref())).await
}

#[tauri::command]
pub async fn import_history(app: AppHandle, path: PathBuf) -> Reply<HistoryImport> {
    long(app, "导入往年提案", move |t| t.import_history_file(&path)).await
}

#[tauri::command]
pub async fn search_history(app: AppHandle, text: String) -> Reply<Vec<HistoryHit>> {
    reading(app, move |t| t.search_history(&text, 50)).await
}

// 数据交换: identity, keys, packages and conflicts.

#[tauri::command]
pub fn get_sync_status(workspace: State<Workspace>) -> Reply<SyncStatus> {
    with(&workspace, |t| t.sync_status())
}

#[tauri::command]
pub fn get_identity(workspace: State<Workspace>) -> Reply<Identity> {
    with(&workspace, |t| t.identity())
}

#[tauri::command]
pub fn init_identity(workspace: State<Workspace>, role: Role, name: String) -> Reply<Identity> {
    with(&workspace, |t| t.init_identity(role, &name))
}

/// Asks where to save this installation's key file and writes it; `None` when cancelled.
#[tauri::command]
pub async fn export_key(window: WebviewWindow, workspace: State<'_, Workspace>) -> Reply<Option<String>> {
    let name = with(&workspace, |t| t.identity())?.name;
    match save_as(window, "导出本机密钥", format!("{name}.tiankey"), "天密钥文件", "tiankey").await {
        Some(path) => with(&workspace, |t| t.export_key(&path)).map(|_| Some(path.display().to_string())),
        None => Ok(None),
    }
}

#[tauri::command]
pub fn preview_key(workspace: State<Workspace>, path: PathBuf) -> Reply<KeyPreview> {
    with(&workspace, |t| t.preview_key(&path))
}

/// `fingerprint` is the one the clerk compared with the other side's screen.
#[tauri::command]
pub fn trust_key(workspace: State<Workspace>, path: PathBuf, fingerprint: String) -> Reply<KeyPreview> {
    with(&workspace, |t| t.trust_key(&path, &fingerprint))
}

#[tauri::command]
pub fn revoke_key(workspace: State<Workspace>, fingerprint: String) -> Reply<KeyPreview> {
    with(&workspace, |t| t.revoke_key(&fingerprint))
}

#[tauri::command]
pub fn replace_key(workspace: State<Workspace>, old: String, path: PathBuf, fingerprint: String) -> Reply<KeyPreview> {
    with(&workspace, |t| t.replace_key(&old, &path, &fingerprint))
}

/// Asks where to save a package for `to` (the committee's choice of unit)
/// and writes it; `None` when cancelled.
#[tauri::command]
pub async fn export_package(
    app: AppHandle,
    window: WebviewWindow,
    to: Option<String>,
    mode: ExportMode,
) -> Reply<Option<ExportSummary>> {
    let date = chrono::Local::now().format("%Y%m%d");
    let name = format!("发给{}-{date}.tianpkg", to.clone().unwrap_or_else(|| "提案委员会".into()));
    match save_as(window, "导出交换包", name, "天交换包", "tianpkg").await {
        Some(path) => long(app, "导出交换包", move |t| t.export_package(to.as_deref(), mode, &path)).await.map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
pub async fn preview_package(app: AppHandle, path: PathBuf) -> Reply<PackageImport> {
    long(app, "预览交换包", move |t| t.preview_package(&path)).await
}

#[tauri::command]
pub async fn import_package(app: AppHandle, path: PathBuf) -> Reply<PackageImport> {
    long(app, "导入交换包", move |t| t.import_package(&path)).await
}

#[tauri::command]
pub async fn get_conflicts(app: AppHandle) -> Reply<Vec<Conflict>> {
    reading(app, move |t| t.conflicts()).await
}

#[tauri::command]
pub fn resolve_conflict(workspace: State<Workspace>, key: FieldRef, value: serde_json::Value) -> Reply<Vec<Conflict>> {
    with(&workspace, |t| t.resolve_conflict(&key, value))
}

#[tauri::command]
pub fn correct_record(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    correction: RecordCorrection,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, p| t.correct_record(p, correction))
}

#[tauri::command]
pub fn delete_record(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    kind: String,
    id: String,
) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, p| t.delete_record(p, &kind, &id))
}

// 规划部署: commitments suggested for a proposal, and the clerk's verdict.

#[tauri::command]
pub fn get_plan_suggestions(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
) -> Reply<Vec<PlanSuggestion>> {
    on(&workspace, &number, session, |t, id| t.plan_suggestions(id))
}

#[tauri::command]
pub fn link_plan(
    workspace: State<Workspace>,
    number: String,
    session: Option<String>,
    item: String,
    state: PlanLinkState,
) -> Reply<Vec<PlanSuggestion>> {
    on(&workspace, &number, session, |t, id| t.link_plan(id, &item, state))
}
