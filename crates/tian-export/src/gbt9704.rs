//! GB/T 9704-2012 党政机关公文格式: the page and type sizes both writers use.
//! Lengths are in points (1 mm = 72 / 25.4 pt).

pub const MM: f32 = 72.0 / 25.4;

/// A4.
pub const PAGE_WIDTH: f32 = 210.0 * MM;
pub const PAGE_HEIGHT: f32 = 297.0 * MM;
/// 天头 37 mm, 订口 28 mm; the text block is 156 mm × 225 mm.
pub const MARGIN_TOP: f32 = 37.0 * MM;
pub const MARGIN_BOTTOM: f32 = 35.0 * MM;
pub const MARGIN_LEFT: f32 = 28.0 * MM;
pub const MARGIN_RIGHT: f32 = 26.0 * MM;
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
pub const TEXT_HEIGHT: f32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;

/// 22 lines a page, 28 characters a line.
pub const LINES_PER_PAGE: u32 = 22;
pub const CHARS_PER_LINE: u32 = 28;
pub const LINE_PITCH: f32 = TEXT_HEIGHT / LINES_PER_PAGE as f32;
pub const CHAR_PITCH: f32 = TEXT_WIDTH / CHARS_PER_LINE as f32;

/// How many 2号 characters a title line holds: the text block less a
/// character's margin on each side, so a title never touches the edges.
pub const TITLE_CHARS_PER_LINE: f32 = 18.0;

/// 发文机关署名 and 成文日期 of a document without a seal (§7.3.5.2): the
/// issuer two characters in from the right, the date on the next line two
/// characters to the right of the issuer's start; a date longer than the
/// issuer keeps two characters from the right and pushes the issuer left.
/// Returns each line's distance from the right edge, in characters.
pub fn unsealed_signature(issuer_chars: f32, date_chars: f32) -> (f32, f32) {
    let line = CHARS_PER_LINE as f32;
    let issuer_start = line - 2.0 - issuer_chars;
    let date_right = line - (issuer_start + 2.0) - date_chars;
    if date_right >= 2.0 {
        (2.0, date_right)
    } else {
        let date_start = line - 2.0 - date_chars;
        (line - (date_start - 2.0) - issuer_chars, 2.0)
    }
}

/// Width in characters of the grid: CJK counts one, Latin (the date's digits) half.
pub fn grid_chars(text: &str) -> f32 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

/// 发文机关标志 and the rule under the 版头 are red.
pub const RED: (u8, u8, u8) = (230, 0, 18);

/// The 发文机关标志's size: large 小标宋, within the standard's 22 mm × 15 mm a character.
pub const MARK_SIZE: f32 = 36.0;

/// 2号 for the title, 3号 for the body and headings, 4号 for page numbers,
/// 5号 inside tables (a nine-column summary does not fit in 3号).
pub const TITLE_SIZE: f32 = 22.0;
pub const BODY_SIZE: f32 = 16.0;
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
pub const TABLE_SIZE: f32 = 10.5;
/// 4号 for forms a proposer fills in by hand.
pub const FORM_SIZE: f32 = 14.0;

/// A landscape page (横排表格) keeps the same text block, turned: the
/// binding edge that was on the left is at the top.
pub const LANDSCAPE_MARGIN_TOP: f32 = MARGIN_LEFT;
pub const LANDSCAPE_MARGIN_BOTTOM: f32 = MARGIN_RIGHT;
pub const LANDSCAPE_MARGIN_LEFT: f32 = MARGIN_TOP;
pub const LANDSCAPE_MARGIN_RIGHT: f32 = MARGIN_BOTTOM;

/// The page number's baseline sits 7 mm under the text block (一字线上距版心下边缘7mm).
pub const PAGE_NUMBER_DROP: f32 = 7.0 * MM;

/// “— 1 —”: the number between two em dashes, as the standard writes it.
pub fn page_number_text(page: u32) -> String {
    format!("— {page} —")
}

/// Odd pages carry the number on the right, even pages on the left, each a
/// character in from the edge of the text block.
pub fn page_number_on_right(page: u32) -> bool {
    page % 2 == 1
}

/// The faces the standard asks for, by the names Word and WPS know, each with
/// the name to fall back to where it is not installed.
pub struct FaceName {
    pub name: &'static str,
    pub fallback: &'static str,
}

pub const TITLE_FACE: FaceName = FaceName { name: "方正小标宋简体", fallback: "华文中宋" };
pub const BODY_FACE: FaceName = FaceName { name: "仿宋_GB2312", fallback: "仿宋" };
pub const HEADING1_FACE: FaceName = FaceName { name: "黑体", fallback: "SimHei" };
pub const HEADING2_FACE: FaceName = FaceName { name: "楷体_GB2312", fallback: "楷体" };
/// Page numbers are set in 宋体 digits.
pub const NUMBER_FACE: FaceName = FaceName { name: "宋体", fallback: "SimSun" };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unsealed_signature_follows_section_7_3_5_2() {
        // 2026年11月30日 is 7 characters wide (digits count half).
        assert_eq!(grid_chars("2026年11月30日"), 7.0);
        // A long issuer: two characters from the right, the date starting two in from it.
        let (issuer, date) = unsealed_signature(12.0, 7.0);
        assert_eq!((issuer, date), (2.0, 5.0));
        assert_eq!(28.0 - issuer - 12.0 + 2.0, 28.0 - date - 7.0);
        // 市政协提案委员会 (8): the date would pass the margin, so it keeps two
        // characters and the issuer moves left to stay two ahead of it.
        assert_eq!(unsealed_signature(8.0, 7.0), (3.0, 2.0));
        assert_eq!(unsealed_signature(4.0, 7.0), (7.0, 2.0));
    }
}
