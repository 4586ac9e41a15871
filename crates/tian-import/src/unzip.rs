//! Reading a .docx or .xlsx within a cap. The size a zip entry declares is
//! the sender's word, and a file of one megabyte can inflate to gigabytes:
//! every part is inflated through a counter that stops at the cap, and a
//! file past it is refused before anything else reads it.

use std::io::{Cursor, Read};

use crate::ImportError;

/// The most one part may inflate to.
pub(crate) const MAX_PART: u64 = 64 << 20;
/// The most all of a file's parts together may inflate to.
const MAX_TOTAL: u64 = 256 << 20;
/// The most parts a document may have.
const MAX_PARTS: usize = 10_000;

fn too_large() -> ImportError {
    ImportError::TooLarge { megabytes: MAX_TOTAL >> 20 }
}

/// The part `name` of the zip file `bytes`, inflated; `None` where the file
/// has no such part, `not_zip` where it is not a zip file.
pub(crate) fn read_part(bytes: &[u8], name: &str, not_zip: ImportError) -> Result<Option<Vec<u8>>, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_zip)?;
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(ImportError::NotDocx),
    };
    let mut out = Vec::new();
    file.take(MAX_PART + 1).read_to_end(&mut out).map_err(|_| ImportError::NotDocx)?;
    if out.len() as u64 > MAX_PART {
        return Err(too_large());
    }
    Ok(Some(out))
}

/// Refuses a zip file whose parts inflate past the caps, by inflating each
/// (and keeping none): for a reader that trusts the declared sizes.
pub(crate) fn within_caps(bytes: &[u8], not_zip: ImportError) -> Result<(), ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_zip)?;
    if archive.len() > MAX_PARTS {
        return Err(too_large());
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        // A part that cannot be read is the reader's to report as damage.
        let Ok(file) = archive.by_index(i) else { continue };
        let inflated = std::io::copy(&mut file.take(MAX_PART + 1), &mut std::io::sink()).unwrap_or(0);
        total += inflated;
        if inflated > MAX_PART || total > MAX_TOTAL {
            return Err(too_large());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip whose one part, `name`, is `size` zero bytes: a few kilobytes deflated.
    fn bomb(name: &str, size: u64) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().large_file(size > u32::MAX as u64);
        zip.start_file(name, options).unwrap();
        let block = vec![0u8; 1 << 20];
        for _ in 0..(size >> 20) {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_part_inflating_past_the_cap_is_refused_without_being_held() {
        let file = bomb("word/document.xml", MAX_PART + (1 << 20));
        assert!(file.len() < 1 << 20, "small on disk: {} bytes", file.len());
        let refused = read_part(&file, "word/document.xml", ImportError::NotDocx).unwrap_err().to_string();
        assert!(refused.contains("解压后过大"), "{refused}");
        assert!(within_caps(&file, ImportError::NotXlsx).is_err());
        let fine = bomb("word/document.xml", 1 << 20);
        assert_eq!(
            read_part(&fine, "word/document.xml", ImportError::NotDocx).unwrap().map(|b| b.len()),
            Some(1 << 20)
        );
        assert!(within_caps(&fine, ImportError::NotXlsx).is_ok());
    }
}
