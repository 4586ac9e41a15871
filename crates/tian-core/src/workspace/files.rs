//! 外来文件: a file the clerk picked (an exchange package, a ledger, an
//! announcement, a key, a reply letter), read whole before anything in it
//! is believed.

use std::io::Read;
use std::path::Path;

use crate::{CoreError, Result};

/// The largest document read to be parsed (an announcement, a ledger, a
/// plan, a summary of past years, a reply letter): a term's ledger is a
/// few megabytes, and a file a hundred times that is not one.
pub(crate) const LARGEST_DOCUMENT: u64 = 64 << 20;

/// Opens the file at `path` for reading, only if it is a regular file: a
/// pipe or a device under a file's name (a link named 周报.tianpkg to
/// /dev/zero) would be read for ever, or never answer.
pub(crate) fn open_picked(path: &Path) -> Result<std::fs::File> {
    Ok(open_regular(path)?.0)
}

/// [`open_picked`], with the file's size as the opened file has it.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64)> {
    let read_error = |source| CoreError::ReadFile { path: path.to_owned(), source };
    let not_a_file =
        || CoreError::Invalid(format!("“{}”不是普通文件（可能是设备、管道或文件夹），没有读取。", path.display()));
    // Asked before opening: opening a pipe waits for a writer.
    if !std::fs::metadata(path).map_err(read_error)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let opened = file.metadata().map_err(read_error)?;
    if !opened.is_file() {
        return Err(not_a_file());
    }
    Ok((file, opened.len()))
}

/// Reads the regular file at `path` whole, or `None` where it holds more
/// than `most` bytes; a file that grows while read is read no further
/// than past `most`.
pub(crate) fn read_picked(path: &Path, most: u64) -> Result<Option<Vec<u8>>> {
    let read_error = |source| CoreError::ReadFile { path: path.to_owned(), source };
    let (file, size) = open_regular(path)?;
    if size > most {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(most.saturating_add(1)).read_to_end(&mut bytes).map_err(read_error)?;
    Ok((bytes.len() as u64 <= most).then_some(bytes))
}

/// Reads a document to parse, at most [`LARGEST_DOCUMENT`]: a file picked
/// by mistake (a disc image, a video) is refused, not read into memory.
pub(crate) fn read_document(path: &Path) -> Result<Vec<u8>> {
    read_picked(path, LARGEST_DOCUMENT)?.ok_or_else(|| {
        CoreError::Invalid(format!(
            "“{}”超过{} MB，不像要导入的文件，没有读取。",
            path.display(),
            LARGEST_DOCUMENT >> 20
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_regular_file_within_its_size_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("周报.tianpkg");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_picked(&file, 10).unwrap().as_deref(), Some(&b"0123456789"[..]));
        assert_eq!(read_picked(&file, 9).unwrap(), None, "larger than allowed");
        let large = dir.path().join("光盘映像.xlsx");
        std::fs::File::create(&large).unwrap().set_len(LARGEST_DOCUMENT + 1).unwrap();
        assert!(read_document(&large).unwrap_err().to_string().contains("超过64 MB"), "refused, not read");
        let folder = dir.path().join("文件夹.tianpkg");
        std::fs::create_dir(&folder).unwrap();
        assert!(read_picked(&folder, 10).unwrap_err().to_string().contains("不是普通文件"));
        #[cfg(unix)]
        {
            let device = dir.path().join("零.tianpkg");
            std::os::unix::fs::symlink("/dev/zero", &device).unwrap();
            assert!(read_picked(&device, u64::MAX).unwrap_err().to_string().contains("不是普通文件"));
            let pipe = dir.path().join("管道.tianpkg");
            let made = std::process::Command::new("mkfifo").arg(&pipe).status().unwrap();
            assert!(made.success());
            assert!(
                read_picked(&pipe, u64::MAX).unwrap_err().to_string().contains("不是普通文件"),
                "never waits on a pipe"
            );
        }
        let missing = read_picked(&dir.path().join("没有.tianpkg"), 10).unwrap_err().to_string();
        assert!(missing.contains("文件不存在"), "{missing}");
    }
}
