//! Turns the bytes of a text file into a string, whatever office software
//! saved it: UTF-8 with or without BOM, UTF-16 with BOM (Notepad's
//! "Unicode"), or GB18030/GBK (the default of Chinese Windows).

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use crate::ImportError;

/// Decodes `bytes`, refusing anything that is not text.
///
/// UTF-8 is tried first because a GBK decoder accepts many UTF-8 byte runs as
/// (wrong) characters, while GBK text is almost never valid UTF-8.
pub fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map_err(|_| ImportError::UnknownEncoding)?.to_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_strict(UTF_16LE, rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_strict(UTF_16BE, rest)?
    } else if let Ok(utf8) = std::str::from_utf8(bytes) {
        utf8.to_owned()
    } else {
        decode_strict(GB18030, bytes)?
    };
    // NUL and other C0 controls do not occur in documents; they mean a binary
    // file or UTF-16 without its BOM, which would otherwise "decode" as noise.
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
        return Err(ImportError::UnknownEncoding);
    }
    // A page break reads as a line break; a non-character, which no document
    // can carry, is dropped.
    Ok(tian_domain::text::without_unsavable(&text.replace('\u{c}', "\n")))
}

fn decode_strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String, ImportError> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(ImportError::UnknownEncoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "市政协十三届五次重点提案\r\n借鉴上海、浙江";

    #[test]
    fn utf8_with_and_without_bom_reads_the_same() {
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode_text(SAMPLE.as_bytes()).unwrap(), SAMPLE);
        assert_eq!(decode_text(&with_bom).unwrap(), SAMPLE);
    }

    #[test]
    fn gbk_saved_text_is_read_as_chinese() {
        let (gbk, _, lossy) = GB18030.encode(SAMPLE);
        assert!(!lossy);
        assert!(std::str::from_utf8(&gbk).is_err(), "the fixture must not be valid UTF-8");
        assert_eq!(decode_text(&gbk).unwrap(), SAMPLE);
    }

    #[test]
    fn utf16_with_bom_is_read_as_chinese() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode_text(&le).unwrap(), SAMPLE);
    }

    #[test]
    fn binary_and_bomless_utf16_are_refused() {
        let bomless: Vec<u8> = SAMPLE.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode_text(&bomless), Err(ImportError::UnknownEncoding));
        let png_header = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe\xfd";
        assert_eq!(decode_text(png_header), Err(ImportError::UnknownEncoding));
    }
}
