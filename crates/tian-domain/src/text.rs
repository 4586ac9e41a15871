//! 文字: what a stored text may hold. Every text that comes in, typed by
//! the clerk, brought by a package or read from a file, ends up in the
//! report's .docx, the ledger's .xlsx and the PDF; a character those cannot
//! carry spoils the whole document, not just its own line.

/// A character no stored text may hold: the controls XML 1.0 cannot carry
/// (all but tab and line breaks), Unicode's non-characters (U+FDD0 to
/// U+FDEF, and U+FFFE and U+FFFF in every plane), and the marks that turn
/// the direction of the text after them (U+202A–202E, U+2066–2069), which
/// no Chinese document needs and which make a file named 报告, U+202E, fdp.exe read as
/// “报告exe.pdf”.
pub fn unsavable(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
        || (0x202A..=0x202E).contains(&n)
        || (0x2066..=0x2069).contains(&n)
}

/// Why `text` cannot stand on one line as `what` (a unit's name, a contact,
/// a phone number): a line break, a character no text may hold, or more
/// than `longest` characters. Such a field is printed on one line in the
/// timeline and the 台账, where a line break would forge a line of its own.
pub fn not_one_line(text: &str, what: &str, longest: usize) -> Option<String> {
    if text.chars().any(|c| unsavable(c) || matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')) {
        return Some(format!("{what}只能写一行，不能含换行或控制字符。"));
    }
    (text.chars().count() > longest).then(|| format!("{what}不能超过{longest}个字。"))
}

/// A sender's text (an id, a field's name, a value) shown on one line of a
/// refusal or a preview: no line break, control, invisible or direction mark
/// of theirs may start a line of its own or turn it around; at most
/// `longest` characters.
pub fn one_line(text: &str, longest: usize) -> String {
    text.chars()
        .filter(|&c| !(c.is_control() || unsavable(c) || invisible(c) || (c.is_whitespace() && c != ' ')))
        .take(longest)
        .collect()
}

/// `text` without the characters no stored text may hold: for a file's
/// text, which the clerk did not type and cannot be asked to correct.
pub fn without_unsavable(text: &str) -> String {
    text.chars().filter(|c| !unsavable(*c)).collect()
}

/// Characters of Unicode's category Cf (format): zero-width spaces and
/// joiners, direction marks, the byte-order mark. Invisible, they make two
/// names that look the same differ.
pub fn invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Whether `text` says nothing a reader can see: empty, white space,
/// invisible format characters, or the fillers that print as blank (ㅤ
/// U+3164, the braille blank U+2800, the Hangul fillers). What the clerk
/// must write is refused as blank by this one test, on every path.
pub fn blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || unseen(c))
}

/// `text` with its full-width digits (０–９, as a Chinese input method
/// types them) written as ASCII digits, everything else as it is.
pub fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// Whether `text` holds a character that shows as nothing ([`unseen`]) or
/// cannot be saved ([`unsavable`]): typed or pasted, what it looks like is
/// not what it is.
pub fn hides_characters(text: &str) -> bool {
    text.chars().any(|c| unseen(c) || unsavable(c))
}

/// A character that shows as nothing, or as a space that is not one:
/// format characters ([`invisible`]), the fillers that print blank (ㅤ, ⠀,
/// the Hangul fillers, U+17B4–17B5), variation selectors, the combining
/// grapheme joiner, the object replacement character, and every white
/// space but the plain and the ideographic space. In a 届次 or a name it
/// makes two that look the same differ.
pub fn unseen(c: char) -> bool {
    invisible(c)
        || matches!(c as u32,
            0x3164 | 0x2800 | 0x115F | 0x1160 | 0xFFA0 | 0x17B4 | 0x17B5 | 0x034F | 0xFFFC
            | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
        || (c.is_whitespace() && c != ' ' && c != '\u{3000}')
}

/// Where a drafted letter asks the unit to write what it did for a
/// suggestion: a text still holding it is not finished.
pub const TO_WRITE: &str = "（请写明办理情况、采取的措施和取得的成效。）";

/// Whether `text` still holds the places a draft left to write in.
pub fn unfinished(text: &str) -> bool {
    text.contains(TO_WRITE)
}

/// 名称: a unit's, a key's or a leader's name as it is kept and compared.
/// Compatibility forms fold to their plain ones (NFKC: full-width letters
/// and digits, ligatures), invisible characters go, and runs of white space
/// become one space with none at the ends: two names that look the same are
/// the same name. Chinese punctuation stays as official names write it, and
/// round brackets meet there: 社会和法制委员会(民族和宗教委员会) is kept with
/// （）, as in the announcement.
pub fn canonical_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut folded = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !invisible(*c)) {
        match c {
            '(' => folded.push('（'),
            ')' => folded.push('）'),
            c if full_width_punctuation(c) => folded.push(c),
            c => folded.extend(std::iter::once(c).nfkc().filter(|c| !invisible(*c))),
        }
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Full-width punctuation (（）、：；〔〕 …), which Chinese names write so and NFKC would turn half-width.
fn full_width_punctuation(c: char) -> bool {
    matches!(c as u32, 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || (('\u{3000}'..='\u{303F}').contains(&c) && c != '\u{3000}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_xml_and_the_pdf_writer_cannot_take_is_unsavable() {
        for c in [
            '\u{0}',
            '\u{1}',
            '\u{b}',
            '\u{7f}',
            '\u{FDD0}',
            '\u{FFFE}',
            '\u{FFFF}',
            '\u{1FFFF}',
            '\u{10FFFE}',
            '\u{202E}',
            '\u{2066}',
        ] {
            assert!(unsavable(c), "U+{:04X}", c as u32);
        }
        for c in ['\t', '\n', '\r', '办', '〔', '\u{FFFD}', '\u{200B}'] {
            assert!(!unsavable(c), "U+{:04X}", c as u32);
        }
        assert_eq!(without_unsavable("答复\u{FFFF}全文\u{1}"), "答复全文");
    }

    #[test]
    fn names_that_look_the_same_are_the_same_name() {
        for look_alike in ["市教育局\u{200B}", " 市教育局 ", "\u{FEFF}市教育\u{200D}局", "市教育局\u{202E}"]
        {
            assert_eq!(canonical_name(look_alike), "市教育局", "{look_alike:?}");
        }
        assert_eq!(canonical_name("ＡＢＣ科技局"), "ABC科技局", "full-width letters fold");
        assert_eq!(canonical_name("市政协  提案委员会"), "市政协 提案委员会");
        assert_eq!(canonical_name("市政协\u{3000}提案委员会"), "市政协 提案委员会", "an ideographic space is a space");
        let body = "社会和法制委员会（民族和宗教委员会）";
        assert_eq!(canonical_name(body), body, "Chinese brackets stay");
        assert_eq!(canonical_name("社会和法制委员会(民族和宗教委员会)"), body, "half-width ones meet them");
        assert_ne!(canonical_name("市教育局"), canonical_name("市教育厅"));
    }
}
