//! The Tian window. Opens the workspace database (see
//! `tian_core::location`), then serves the UI in `ui/dist` and answers its
//! commands; all logic lives in `tian-core`.

// Keep a console window from opening beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod dialogs;
mod pages;
mod system;
mod workspace;

use tauri::{Emitter, Manager};
use tian_core::{location, Tian};

use tian_commands::LIST_PAGE_SIZE;

fn main() -> std::process::ExitCode {
    // Installed, `/usr/bin/tian` starts this program under the name `tian`:
    // it is then the command, not the window.
    let name = std::env::args_os().next().map(std::path::PathBuf::from);
    if name.as_deref().and_then(std::path::Path::file_stem).is_some_and(|n| n == "tian") {
        return tian_cli::main();
    }
    // Before anything starts a thread: it sets an environment variable.
    draw_without_gpu_compositing();
    let path = location::default_db_path();
    let tian = open_or_say(&path, Tian::open);
    // The first screen travels with the page (see `StartView`); should it
    // fail, the page asks for the same data itself. It is read while the
    // window's toolkit and web engine start, which take longer: read before
    // them, it was 14 ms of every start at 100,000 proposals.
    let first_screen = std::thread::spawn(move || {
        let mut tian = tian;
        let view = tian.start_view(LIST_PAGE_SIZE).ok().and_then(|view| serde_json::to_string(&view).ok());
        (tian, view)
    });
    // The exchange file the window was opened with (a double-clicked
    // .tianpkg, .tiankey or .tianinit) travels with the page too.
    let cwd = std::env::current_dir().unwrap_or_default();
    let opened = file_to_open(std::env::args().skip(1), &cwd).and_then(|f| serde_json::to_string(&f).ok());
    // A second connection for reading, so the window answers while long work writes.
    let reader = open_or_say(&path, Tian::open_empty);
    tauri::Builder::default()
        // First, so that a second launch hands over its file and exits before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            if let Some(file) = file_to_open(argv.into_iter().skip(1), std::path::Path::new(&cwd)) {
                let _ = app.emit(tian_commands::OPEN_FILE.name, file);
            }
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .invoke_handler(pages::invoke_handler())
        .setup(move |app| {
            let (tian, view) = first_screen.join().map_err(|_| "读取首屏数据时程序出错，天无法启动。")?;
            app.manage(workspace::Workspace::new(tian, reader));
            let mut start = view.map(|json| format!("window.__TIAN_START__ = {json};")).unwrap_or_default();
            if let Some(json) = opened {
                start.push_str(&format!("window.__TIAN_OPEN__ = {json};"));
            }
            // A snapshot at every start that finds the workspace changed since
            // the last backup, so the clerk can always go back to how things
            // were when the window opened. It runs on a connection of its own
            // beside the window, a few seconds after it, so that copying a
            // large database never competes with the first paint.
            let backup_path = path.clone();
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_secs(3));
                match Tian::open_empty(&backup_path).and_then(|t| t.backup_at_start()) {
                    // The 备份 page, if open, shows it.
                    Ok(Some(_)) => {
                        let _ = handle.emit(tian_commands::BACKUPS_CHANGED.name, ());
                    }
                    Ok(None) => {}
                    Err(e) => eprintln!("启动备份失败：{e}"),
                }
            });
            let config = app.config().app.windows.first().cloned().unwrap_or_default();
            // Clipboard access lets the window's own right-click menu paste
            // what another program copied, as 粘贴 does everywhere else.
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(start)
                .enable_clipboard_access()
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Tian window failed to start");
    std::process::ExitCode::SUCCESS
}

/// Opens the workspace at `path`, or tells the clerk why not and exits.
fn open_or_say(path: &std::path::Path, open: impl FnOnce(&std::path::Path) -> tian_core::Result<Tian>) -> Tian {
    match open(path) {
        Ok(tian) => tian,
        Err(e) => {
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("天 · 提案督办")
                .set_description(format!("无法打开数据库“{}”：{e}", path.display()))
                .show();
            std::process::exit(1);
        }
    }
}

/// The page is drawn on the CPU, without WebKitGTK's accelerated
/// compositing. Tian's pages are text, tables and a few charts, which need
/// no layers on a graphics card; office PCs often have no working GL driver,
/// where WebKitGTK composites through Mesa's software renderer instead: that
/// cost some 85 MB of memory and part of every start, and is a known cause of
/// blank windows on some drivers. It is set before GTK or WebKit start (they
/// read it once, and the web process inherits it), and only when the
/// variable is unset, so a PC's own choice stands; `TIAN_GPU_COMPOSITING=1`
/// leaves WebKitGTK's default in place.
fn draw_without_gpu_compositing() {
    const WEBKIT: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    let asked_for_gpu = std::env::var("TIAN_GPU_COMPOSITING").is_ok_and(|v| v == "1");
    if cfg!(target_os = "linux") && std::env::var_os(WEBKIT).is_none() && !asked_for_gpu {
        // No other thread runs yet, so nothing reads the environment meanwhile.
        std::env::set_var(WEBKIT, "1");
    }
}

/// 打开方式: the exchange file (.tianpkg), key file (.tiankey) or unit setup
/// file (.tianinit) among a
/// launch's arguments, as the file manager passes a double-clicked file;
/// relative paths are taken from `cwd`.
fn file_to_open(args: impl IntoIterator<Item = String>, cwd: &std::path::Path) -> Option<String> {
    args.into_iter().map(|arg| cwd.join(arg)).find_map(|path| {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        (matches!(ext.as_str(), "tianpkg" | "tiankey" | "tianinit") && path.is_file())
            .then(|| path.display().to_string())
    })
}
