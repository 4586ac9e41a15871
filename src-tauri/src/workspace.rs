//! The open workspace every command works in, and how a command reaches
//! it: a write on the writing connection, a read on the reading one off the
//! window's thread, long work one at a time with its progress sent to the
//! window. [`Cx`] is what each command is given besides its arguments.

use std::sync::Mutex;

use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};
use tian_core::domain::ProposalId;
use tian_core::{Job, Progress, Tian};

/// What every command is given besides its declared arguments: the app
/// and the window that asked. One shape for all, so that the declaration in
/// `tian-commands` can check each command's arguments and answer.
pub struct Cx {
    pub app: AppHandle,
    pub window: WebviewWindow,
}

impl Cx {
    /// The open workspace.
    pub fn workspace(&self) -> State<'_, Workspace> {
        self.app.state::<Workspace>()
    }
}

impl<'de> CommandArg<'de, tauri::Wry> for Cx {
    fn from_command(command: CommandItem<'de, tauri::Wry>) -> Result<Cx, InvokeError> {
        let window = WebviewWindow::from_command(command)?;
        Ok(Cx { app: window.app_handle().clone(), window })
    }
}

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

/// What a command answers: its result, or the clerk-readable error message.
pub type Reply<T> = Result<T, String>;

/// Runs `f` on the writing connection, unless long work is running: a second
/// write then is refused at once rather than waiting behind it.
pub fn with<T>(workspace: &Workspace, f: impl FnOnce(&mut Tian) -> tian_core::Result<T>) -> Reply<T> {
    if let Some(work) = workspace.running() {
        return Err(format!("正在{work}，请等它完成后再操作。"));
    }
    let mut tian = workspace.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(&mut tian).map_err(|e| e.to_string())
}

/// Runs `f` on the reading connection, off the window's thread (a page of a
/// large list sorted by date can take a tenth of a second): it never waits
/// for long work, and the window never waits for it.
pub async fn reading<T: Send + 'static>(
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
pub async fn long<T: Send + 'static>(
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
        let _ = app.emit(tian_commands::JOB.name, job(None, true));
        let mut tian = workspace.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let events = app.clone();
        tian.progress().set(Some(Box::new(move |p: &Progress| {
            let _ = events
                .emit(tian_commands::JOB.name, Job { work: work.to_owned(), progress: Some(p.clone()), running: true });
        })));
        let out = f(&mut tian).map_err(|e| e.to_string());
        tian.progress().set(None);
        let _ = app.emit(tian_commands::JOB.name, job(None, false));
        out
    })
    .await
    .map_err(|e| format!("{work}时出现意外错误：{e}"))?
}

/// Runs `f` on the proposal numbered `number` (in `session`, where needed).
pub fn on<T>(
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
pub async fn on_reading<T: Send + 'static>(
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
