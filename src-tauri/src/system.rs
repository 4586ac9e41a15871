//! 打开文件 / 打开所在文件夹: handing a saved file to the program the
//! system opens it with, or showing it in the file manager.

use std::path::{Path, PathBuf};

/// Opens `path` with the system's program for it, or its folder (`folder`).
pub fn open(path: &Path, folder: bool) -> Result<(), String> {
    if !path.is_file() {
        return Err(format!("找不到文件：{}", path.display()));
    }
    let target = if folder {
        path.parent().map(PathBuf::from).unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
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
