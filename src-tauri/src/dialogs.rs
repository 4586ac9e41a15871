//! 文件对话框: the open and save dialogs the window asks the clerk
//! with, each starting in the folder last used and remembering the one
//! picked.
//!
//! Where `TIAN_DIALOG_DOUBLE` names a folder (the window tests set it), a
//! test double stands in for the native dialog and nothing else: the button,
//! its handler and the command run exactly as in use, and the dialog's
//! question and answer pass through two files in that folder (`asked`, then
//! `answer`), so a test answers when asked instead of typing into GTK at
//! moments it has to guess.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tauri::{Manager, WebviewWindow};

/// What the dialog asks for.
#[derive(Clone, Copy)]
enum Kind {
    File,
    Files,
    Folder,
    Save,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::File => "open",
            Kind::Files => "open-many",
            Kind::Folder => "folder",
            Kind::Save => "save",
        }
    }
}

/// A file dialog over the window, titled as the clerk sees it.
pub struct Dialog {
    window: WebviewWindow,
    title: String,
    native: rfd::FileDialog,
}

impl Dialog {
    /// A dialog over `window` titled `title`, starting where [`start_folder`] says.
    pub fn new(window: &WebviewWindow, title: impl Into<String>) -> Dialog {
        let title = title.into();
        let native = rfd::FileDialog::new().set_parent(window).set_title(&title);
        let native = match start_folder(window) {
            Some(folder) => native.set_directory(folder),
            None => native,
        };
        Dialog { window: window.clone(), title, native }
    }

    /// Offers only files ending in `extensions` under the name `kind`.
    pub fn filter(self, kind: impl Into<String>, extensions: &[impl ToString]) -> Dialog {
        Dialog { native: self.native.add_filter(kind, extensions), ..self }
    }

    /// The name a save dialog offers.
    pub fn file_name(self, name: impl Into<String>) -> Dialog {
        Dialog { native: self.native.set_file_name(name), ..self }
    }

    pub fn pick_file(self) -> Option<PathBuf> {
        self.ask(Kind::File, |d| d.pick_file().into_iter().collect()).into_iter().next()
    }

    /// Several files; empty when the clerk cancels.
    pub fn pick_files(self) -> Vec<PathBuf> {
        self.ask(Kind::Files, |d| d.pick_files().unwrap_or_default())
    }

    /// A folder (a U盘's, say); `None` when the clerk cancels.
    pub fn pick_folder(self) -> Option<PathBuf> {
        self.ask(Kind::Folder, |d| d.pick_folder().into_iter().collect()).into_iter().next()
    }

    pub fn save_file(self) -> Option<PathBuf> {
        self.ask(Kind::Save, |d| d.save_file().into_iter().collect()).into_iter().next()
    }

    /// Asks the native dialog, or the test double where one is set up;
    /// the folder of what was picked is remembered for the next dialog.
    fn ask(self, kind: Kind, native: impl FnOnce(rfd::FileDialog) -> Vec<PathBuf>) -> Vec<PathBuf> {
        let picked = match std::env::var_os("TIAN_DIALOG_DOUBLE").filter(|d| !d.is_empty()) {
            Some(folder) => ask_double(Path::new(&folder), kind, &self.title),
            None => native(self.native),
        };
        if let Some(first) = picked.first() {
            remember_folder(&self.window, first);
        }
        picked
    }
}

/// The test double: writes the question to `asked` (kind, then title) and
/// waits for `answer` (one path a line; empty to cancel), which it removes
/// with the question. Both files appear whole, by renaming.
fn ask_double(folder: &Path, kind: Kind, title: &str) -> Vec<PathBuf> {
    let (asked, answer) = (folder.join("asked"), folder.join("answer"));
    let staged = folder.join("asked.part");
    let posed = std::fs::create_dir_all(folder)
        .and_then(|_| std::fs::write(&staged, format!("{}\n{title}\n", kind.word())))
        .and_then(|_| std::fs::rename(&staged, &asked));
    if posed.is_err() {
        return Vec::new();
    }
    // Waits as the native dialog does, for as long as the clerk takes.
    let text = loop {
        if let Ok(text) = std::fs::read_to_string(&answer) {
            break text;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = std::fs::remove_file(&answer);
    let _ = std::fs::remove_file(&asked);
    text.lines().filter(|l| !l.trim().is_empty()).map(PathBuf::from).collect()
}

/// The file that remembers the folder the clerk last saved in or opened from.
fn last_folder_file(window: &WebviewWindow) -> Option<PathBuf> {
    window.path().app_config_dir().ok().map(|dir| dir.join("last-folder"))
}

/// The folder the clerk last saved in or opened from, while it is still there.
pub fn remembered_folder(window: &WebviewWindow) -> Option<PathBuf> {
    last_folder_file(window)
        .and_then(|file| std::fs::read_to_string(file).ok())
        .map(PathBuf::from)
        .filter(|dir| dir.is_dir())
}

/// Where a dialog starts: the folder last used, while it is still there;
/// else the clerk's 文档 folder; else home. Never GTK's list of recent
/// files, where typing searches instead of naming a path.
fn start_folder(window: &WebviewWindow) -> Option<PathBuf> {
    remembered_folder(window)
        .or_else(|| window.path().document_dir().ok().filter(|dir| dir.is_dir()))
        .or_else(|| window.path().home_dir().ok())
}

/// Remembers the folder of `picked` for the next dialog.
fn remember_folder(window: &WebviewWindow, picked: &Path) {
    let folder = if picked.is_dir() { Some(picked) } else { picked.parent() };
    if let (Some(file), Some(folder)) = (last_folder_file(window), folder) {
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(file, folder.to_string_lossy().as_bytes());
    }
}

/// Runs a native dialog and waits for the clerk's answer.
///
/// rfd queues its GTK work onto GTK's main loop, which runs on the window's
/// main thread, and blocks until it is done; asking from that thread would
/// wait for itself. So dialogs are always asked for from a worker thread.
pub async fn ask<T: Send + 'static>(dialog: impl FnOnce() -> T + Send + 'static) -> T {
    tauri::async_runtime::spawn_blocking(dialog).await.expect("a file dialog does not panic")
}

/// What a save dialog offers: its title, the file name, and the kind of file.
pub struct SaveOffer {
    pub title: &'static str,
    pub name: String,
    pub kind: &'static str,
    pub ext: &'static str,
}

/// Asks where to save as `offer` says, then writes there with `write` on
/// the workspace; `None` when the clerk cancels.
pub async fn save_with<T>(
    cx: &crate::workspace::Cx,
    offer: SaveOffer,
    write: impl FnOnce(&mut tian_core::Tian, &std::path::Path) -> tian_core::Result<T>,
) -> crate::workspace::Reply<Option<(PathBuf, T)>> {
    let SaveOffer { title, name, kind, ext } = offer;
    match save_as(cx.window.clone(), title, name, kind, ext).await {
        Some(path) => crate::workspace::with(&cx.workspace(), |t| write(t, &path)).map(|written| Some((path, written))),
        None => Ok(None),
    }
}

/// Asks where to save in the native save dialog, offering `name`; `None` when the clerk cancels.
pub async fn save_as(
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
