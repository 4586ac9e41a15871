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

/// 2号 for the title, 3号 for the body and headings, 4号 for page numbers,
/// 5号 inside tables (a nine-column summary does not fit in 3号).
pub const TITLE_SIZE: f32 = 22.0;
pub const BODY_SIZE: f32 = 16.0;
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
pub const TABLE_SIZE: f32 = 10.5;

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
