//! The window's commands: each takes the workspace lock, calls one method of
//! `Tian`, and hands back the result or the clerk-readable error message.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::NaiveDate;
use tauri::{State, WebviewWindow};
use tian_core::domain::{
    Activity, Assignment, Closure, Contact, LeaderSummary, ProposalId, Review, SuggestionProgress, UnitSummary,
};
use tian_core::{
    BackupInfo, BackupReason, Dashboard, Dossier, FeedbackInput, ImportReport, ListPage, Neighbours, PageQuery,
    ReplyInput, SearchHit, SearchQuery, Settings, Tian, TimelineEntry,
};

/// The open workspace, shared by all commands.
pub struct Workspace(pub Mutex<Tian>);

type Reply<T> = Result<T, String>;

fn with<T>(workspace: &Workspace, f: impl FnOnce(&mut Tian) -> tian_core::Result<T>) -> Reply<T> {
    let mut tian = workspace.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut tian).map_err(|e| e.to_string())
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

#[tauri::command]
pub fn list_page(workspace: State<Workspace>, query: PageQuery) -> Reply<ListPage> {
    with(&workspace, |t| t.list_page(&query))
}

#[tauri::command]
pub fn get_neighbours(workspace: State<Workspace>, number: String, session: Option<String>) -> Reply<Neighbours> {
    on(&workspace, &number, session, |t, id| t.neighbours(id))
}

#[tauri::command]
pub fn get_dossier(workspace: State<Workspace>, number: String, session: Option<String>) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.dossier(id))
}

#[tauri::command]
pub fn get_timeline(workspace: State<Workspace>, number: String, session: Option<String>) -> Reply<Vec<TimelineEntry>> {
    on(&workspace, &number, session, |t, id| t.timeline(id))
}

#[tauri::command]
pub fn search(workspace: State<Workspace>, query: SearchQuery) -> Reply<Vec<SearchHit>> {
    with(&workspace, |t| t.search(&query))
}

#[tauri::command]
pub fn get_dashboard(workspace: State<Workspace>) -> Reply<Dashboard> {
    with(&workspace, |t| t.dashboard())
}

#[tauri::command]
pub fn list_units(workspace: State<Workspace>) -> Reply<Vec<UnitSummary>> {
    with(&workspace, |t| t.units())
}

#[tauri::command]
pub fn list_leaders(workspace: State<Workspace>) -> Reply<Vec<LeaderSummary>> {
    with(&workspace, |t| t.leaders())
}

#[tauri::command]
pub fn get_settings(workspace: State<Workspace>) -> Reply<Settings> {
    with(&workspace, |t| t.settings())
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
pub fn review(workspace: State<Workspace>, number: String, session: Option<String>, review: Review) -> Reply<Dossier> {
    on(&workspace, &number, session, |t, id| t.review(id, review))
}

#[tauri::command]
pub fn list_backups(workspace: State<Workspace>) -> Reply<Vec<BackupInfo>> {
    with(&workspace, |t| t.backups())
}

#[tauri::command]
pub fn create_backup(workspace: State<Workspace>) -> Reply<BackupInfo> {
    with(&workspace, |t| t.create_backup(BackupReason::Manual))
}

/// Restores backup `name`; returns the backup made of the state before it.
#[tauri::command]
pub fn restore_backup(workspace: State<Workspace>, name: String) -> Reply<BackupInfo> {
    with(&workspace, |t| t.restore_backup(&name))
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
pub async fn import_announcement(
    window: WebviewWindow,
    workspace: State<'_, Workspace>,
) -> Reply<Option<ImportReport>> {
    let picked = ask(move || {
        rfd::FileDialog::new()
            .set_title("选择重点提案公告文件")
            .add_filter("文本文件", &["txt", "TXT"])
            .add_filter("所有文件", &["*"])
            .set_parent(&window)
            .pick_file()
    })
    .await;
    match picked {
        Some(path) => with(&workspace, |t| t.import_announcement_file(&path)).map(Some),
        None => Ok(None),
    }
}

/// Files for a reply: its text (.docx/.txt) or its attachments, from the
/// native open dialog; empty when the clerk cancels.
#[tauri::command]
pub async fn pick_reply_files(window: WebviewWindow, text: bool) -> Vec<PathBuf> {
    ask(move || {
        let dialog = rfd::FileDialog::new().set_parent(&window);
        if text {
            let dialog = dialog.set_title("选择复文（Word 或文本文件）").add_filter("复文", &["docx", "txt"]);
            dialog.pick_file().into_iter().collect()
        } else {
            dialog.set_title("选择附件").pick_files().unwrap_or_default()
        }
    })
    .await
}
