//! 附件: files kept with replies, copied into the workspace's own folder
//! under their SHA-256, so a moved or deleted original loses nothing and the
//! same file attached twice is stored once.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tian_domain::Attachment;

use crate::{CoreError, Result, Tian};

/// The text of a reply letter from a .docx or a text file.
pub(crate) fn read_reply_text(path: &Path) -> Result<String> {
    let bytes = super::files::read_document(path)?;
    let is_docx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let text = if is_docx { tian_import::docx_text(&bytes) } else { tian_import::decode_text(&bytes) };
    text.map_err(|source| CoreError::ImportFile { path: path.to_owned(), source })
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl Tian {
    /// The folder attachments are kept in, beside the database.
    pub fn attachments_dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).join("attachments")
    }

    /// Where the attachment with this hash is kept. Only a SHA-256 (64
    /// lowercase hex digits) names a file there: any other text, from a
    /// package, a backup or a record, never becomes a path.
    pub fn attachment_path(&self, sha256: &str) -> Result<PathBuf> {
        attachment_in(&self.attachments_dir(), sha256)
    }

    /// Copies `source` into the attachment store; a file already there is not written again.
    pub(crate) fn keep_attachment(&self, source: &Path) -> Result<Attachment> {
        // No larger than a package can carry it to the committee.
        let bytes = super::files::read_picked(source, tian_sync::MAX_PACKAGE)?.ok_or_else(|| {
            CoreError::Invalid(format!(
                "附件“{}”超过{} MB，无法随交换包送出，没有保存。",
                source.display(),
                tian_sync::MAX_PACKAGE >> 20
            ))
        })?;
        let sha256 = sha256_hex(&bytes);
        store_bytes(&self.attachments_dir(), &sha256, &bytes)?;
        let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| sha256.clone());
        Ok(Attachment { name, sha256, size: bytes.len() as u64 })
    }
}

/// The file for `sha256` in the attachment folder `dir`, if `sha256` is one.
pub(crate) fn attachment_in(dir: &Path, sha256: &str) -> Result<PathBuf> {
    if tian_store::fields::is_sha256(sha256) {
        Ok(dir.join(sha256))
    } else {
        Err(CoreError::Invalid(format!(
            "附件编号“{}”无效：应为64位十六进制的 SHA-256。",
            sha256.chars().filter(|c| !c.is_control()).take(70).collect::<String>()
        )))
    }
}

/// Keeps `bytes` in the attachment folder `dir` under their hash `sha256`,
/// unless a file is already there.
pub(crate) fn store_bytes(dir: &Path, sha256: &str, bytes: &[u8]) -> Result<()> {
    let target = attachment_in(dir, sha256)?;
    if target.exists() {
        return Ok(());
    }
    let write_err = |e| CoreError::WriteFile { path: target.clone(), source: e };
    std::fs::create_dir_all(dir).map_err(write_err)?;
    // Written under a temporary name and renamed, so a crash never leaves
    // a half-written file under a hash it does not have.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(write_err)?;
    tmp.persist(&target).map_err(|e| write_err(e.error))?;
    Ok(())
}
