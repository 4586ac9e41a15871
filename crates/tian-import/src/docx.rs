//! The text of a Word (.docx) document: its paragraphs, in order, as the
//! reader sees them. Enough to keep a reply letter's full text searchable;
//! layout stays in the attached original.

use std::sync::LazyLock;

use regex::Regex;

use crate::ImportError;

static PARAGRAPH_OR_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<w:t(?:\s[^>]*)?>(.*?)</w:t>|</w:p>|<w:tab/>|<w:br/>").unwrap());

/// Reads the paragraphs of a .docx file's body.
pub fn docx_text(bytes: &[u8]) -> Result<String, ImportError> {
    let part = crate::unzip::read_part(bytes, "word/document.xml", ImportError::NotDocx)?;
    let xml = String::from_utf8(part.ok_or(ImportError::NotDocx)?).map_err(|_| ImportError::NotDocx)?;
    let mut text = String::new();
    for m in PARAGRAPH_OR_TEXT.captures_iter(&xml) {
        match (m.get(1), &m[0]) {
            (Some(run), _) => text.push_str(&unescape(run.as_str())),
            (None, "</w:p>") | (None, "<w:br/>") => text.push('\n'),
            (None, _) => text.push('\t'),
        }
    }
    // A file's text is not the clerk's to correct: what no document can carry is dropped.
    Ok(tian_domain::text::without_unsavable(text.trim()))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn docx_with(body: &str) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        write!(zip, r#"<?xml version="1.0"?><w:document><w:body>{body}</w:body></w:document>"#).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn paragraphs_and_runs_read_in_order() {
        let bytes = docx_with(
            r#"<w:p><w:r><w:t>关于第0069号提案的</w:t></w:r><w:r><w:t xml:space="preserve">答复 </w:t></w:r></w:p><w:p><w:r><w:t>A&amp;B类</w:t></w:r></w:p>"#,
        );
        assert_eq!(docx_text(&bytes).unwrap(), "关于第0069号提案的答复 \nA&B类");
    }

    #[test]
    fn a_file_that_is_not_a_docx_is_refused() {
        assert_eq!(docx_text(b"plain text"), Err(ImportError::NotDocx));
    }
}
