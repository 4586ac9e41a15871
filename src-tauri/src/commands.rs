//! The window's commands: each takes the workspace lock, calls one method of
//! `Tian`, and hands back the result or the clerk-readable error message.

use std::sync::Mutex;

use tauri::{State, WebviewWindow};
use tian_core::domain::{LeaderSummary, Proposal, ProposalFilter, UnitSummary};
use tian_core::{ImportReport, Tian};

/// The open workspace, shared by all commands.
pub struct Workspace(pub Mutex<Tian>);

type Reply<T> = Result<T, String>;

fn with<T>(workspace: &Workspace, f: impl FnOnce(&mut Tian) -> tian_core::Result<T>) -> Reply<T> {
    let mut tian = workspace.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut tian).map_err(|e| e.to_string())
}

#[tauri::command]
pub fn list_proposals(workspace: State<Workspace>, filter: ProposalFilter) -> Reply<Vec<Proposal>> {
    with(&workspace, |t| t.proposals(&filter))
}

#[tauri::command]
pub fn get_proposal(workspace: State<Workspace>, number: String, session: Option<String>) -> Reply<Proposal> {
    with(&workspace, |t| t.proposal(&number, session.as_deref()))
}

#[tauri::command]
pub fn list_units(workspace: State<Workspace>) -> Reply<Vec<UnitSummary>> {
    with(&workspace, |t| t.units())
}

#[tauri::command]
pub fn list_leaders(workspace: State<Workspace>) -> Reply<Vec<LeaderSummary>> {
    with(&workspace, |t| t.leaders())
}

/// Asks for an announcement file in the native open dialog and imports it;
/// `None` when the clerk cancels.
///
/// Not `async`: Tauri runs synchronous commands on the main thread, which is
/// where GTK wants its dialogs.
#[tauri::command]
pub fn import_announcement(window: WebviewWindow, workspace: State<Workspace>) -> Reply<Option<ImportReport>> {
    let picked = rfd::FileDialog::new()
        .set_title("选择重点提案公告文件")
        .add_filter("文本文件", &["txt", "TXT"])
        .add_filter("所有文件", &["*"])
        .set_parent(&window)
        .pick_file();
    match picked {
        Some(path) => with(&workspace, |t| t.import_announcement_file(&path)).map(Some),
        None => Ok(None),
    }
}
