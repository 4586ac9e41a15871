//! Writing an exported file so that a crash or a full disk never leaves a
//! half-written report under the name the clerk asked for: the bytes go to a
//! temporary file beside it, which is flushed and then renamed.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` all at once or not at all.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Lets `write` write the file at `path` (a large one, streamed), all at
/// once or not at all.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // The new file takes the old one's place by a rename, which would put a
    // plain file where a device, a pipe or a folder stood (`/dev/null`):
    // only a plain file, or nothing, is replaced.
    if let Ok(found) = std::fs::symlink_metadata(path) {
        let plain = found.is_file() || (found.file_type().is_symlink() && path.is_file());
        if !plain {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "该位置已有同名的文件夹或特殊文件，不是可以替换的普通文件",
            ));
        }
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tian-").suffix(".part");
    // A temporary file is made readable by its owner only; an exported file
    // is the clerk's like any other they save (0666 less their umask), to
    // hand to a colleague or copy to a U盘.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(dir)?;
    write(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_appears_whole_and_no_temporary_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("督办报告.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new report").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new report");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_gets_the_permissions_any_file_the_user_saves_gets() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (ours, usual) = (dir.path().join("催办函.docx"), dir.path().join("usual.txt"));
        write_atomically(&ours, b"x").unwrap();
        std::fs::write(&usual, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&usual), "not the temporary file's 0600");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_a_pipe_or_a_folder_under_the_name_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("报告.pdf");
        std::fs::create_dir(&folder).unwrap();
        assert!(write_atomically(&folder, b"x").is_err());
        assert!(folder.is_dir());
        // A special file, as /dev/null is one: a socket made here stands in for it.
        let special = dir.path().join("催办函.docx");
        let _socket = std::os::unix::net::UnixListener::bind(&special).unwrap();
        let refused = write_atomically(&special, b"x").unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput);
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&special).unwrap().file_type().is_socket(), "still the special file");
        let link = dir.path().join("链接.pdf");
        std::os::unix::fs::symlink(&folder, &link).unwrap();
        assert!(write_atomically(&link, b"x").is_err(), "a link to a folder neither");
    }

    #[test]
    fn a_folder_that_does_not_exist_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomically(&dir.path().join("无此文件夹/报告.pdf"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
