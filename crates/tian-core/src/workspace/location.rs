//! Where the database lives: `TIAN_DB` if set, else `tian.db` in the
//! operating system's application-data folder (`~/.local/share/tian` on
//! Linux, `%APPDATA%\tian` on Windows).

use std::path::PathBuf;

/// The environment variable that points Tian at another database file.
pub const DB_ENV: &str = "TIAN_DB";

pub fn default_db_path() -> PathBuf {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("tian").join("tian.db")
}
