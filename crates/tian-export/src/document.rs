//! 公文: the content of an official document, independent of the file format,
//! so that the .docx and the .pdf of one report say exactly the same thing.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

/// An official document (公文) as the committee issues it. The window shows
/// it as the preview of a report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OfficialDocument {
    /// What stands alone at the top left of the first page, in 3号黑体 (GB/T
    /// 9704 §7.2.1–7.2.3 keeps that corner for 份号, 密级 and 紧急程度): a
    /// reply letter's 类别标注 (“A”). `None` for nothing.
    pub corner: Option<String>,
    /// 标题, set in 2号小标宋 and centred.
    pub title: String,
    /// The title broken into balanced lines at word boundaries; every
    /// format (and the preview) breaks it here and nowhere else.
    pub title_lines: Vec<String>,
    /// 发文字号 (“政协提案〔2026〕3号”), centred under the title.
    pub number: Option<String>,
    /// 主送机关, on the first line of the body.
    pub recipient: Option<String>,
    pub blocks: Vec<Block>,
    /// 附件, each named in the 附件说明 under the body and set on pages of its own.
    pub annexes: Vec<Annex>,
    /// 发文机关署名
    pub issuer: String,
    /// 成文日期
    pub date: NaiveDate,
    /// 版头 of a document sent upward (GB/T 9704 §7.2): the 发文机关标志 in
    /// red and the 签发人 beside the 发文字号; `None` where there is none.
    pub head: Option<DocumentHead>,
    /// 附注 under the 成文日期, in brackets: the 联系人 and phone.
    pub note: Option<String>,
    /// 版记 (§7.4) at the foot of the last page: 抄送, 印发机关和印发日期.
    pub record: Option<DocumentRecord>,
}

/// 版头: what stands above the red rule.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DocumentHead {
    /// 发文机关标志: the body's name, printed large and red.
    pub mark: String,
    /// 签发人, at the right of the 发文字号's line; empty for none.
    pub signer: String,
}

/// 版记: 抄送机关 and who printed the document, and when.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DocumentRecord {
    /// 抄送机关; none leaves the 抄送 line out.
    pub copy_to: Vec<String>,
    /// 印发机关
    pub printed_by: String,
    /// 印发日期
    pub printed_on: NaiveDate,
}

impl DocumentRecord {
    /// “抄送：市政府办公室，市政协办公室。”, or `None` without 抄送机关.
    pub fn copy_line(&self) -> Option<String> {
        (!self.copy_to.is_empty()).then(|| format!("抄送：{}。", self.copy_to.join("，")))
    }

    /// “2026年12月1日印发”.
    pub fn printed_line(&self) -> String {
        format!("{}印发", chinese_date(self.printed_on))
    }
}

impl OfficialDocument {
    /// A document with its title broken for the page, and nothing else yet.
    pub fn new(title: String, issuer: String, date: NaiveDate) -> OfficialDocument {
        OfficialDocument {
            corner: None,
            title_lines: crate::title::break_title(&title, crate::gbt9704::TITLE_CHARS_PER_LINE),
            title,
            number: None,
            recipient: None,
            blocks: Vec::new(),
            annexes: Vec::new(),
            issuer,
            date,
            head: None,
            note: None,
            record: None,
        }
    }
}

impl OfficialDocument {
    /// Each table's widths set to the ones its PDF and .docx lay out
    /// ([`Table::column_widths`] on its page), for a preview that draws the
    /// columns in proportion and breaks no name or date either.
    pub fn fit_tables(&mut self) {
        let fit = |blocks: &mut [Block], width: f32| {
            for block in blocks {
                if let Block::Table(table) = block {
                    table.widths = table.column_widths(width, crate::gbt9704::TABLE_SIZE, 6.0);
                }
            }
        };
        fit(&mut self.blocks, crate::gbt9704::TEXT_WIDTH);
        for annex in &mut self.annexes {
            let width = if annex.landscape { crate::gbt9704::TEXT_HEIGHT } else { crate::gbt9704::TEXT_WIDTH };
            fit(&mut annex.blocks, width);
        }
    }

    /// 附件说明 (§7.3.4): “附件：1.名称”, later names under the first, each
    /// with its left inset in characters; empty without annexes.
    pub fn annex_note(&self) -> Vec<(f32, String)> {
        let many = self.annexes.len() > 1;
        self.annexes
            .iter()
            .enumerate()
            .map(|(i, annex)| match (i, many) {
                (0, false) => (2.0, format!("附件：{}", annex.name)),
                (0, true) => (2.0, format!("附件：1.{}", annex.name)),
                (i, _) => (5.0, format!("{}.{}", i + 1, annex.name)),
            })
            .collect()
    }

    /// The mark at the head of annex `i`'s first page: “附件”, or “附件2” among several.
    pub fn annex_label(&self, i: usize) -> String {
        if self.annexes.len() > 1 {
            format!("附件{}", i + 1)
        } else {
            "附件".to_owned()
        }
    }
}

/// 附件: a part printed after the signature, on pages of its own.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Annex {
    /// 附件名称, as the 附件说明 and the annex's own title give it.
    pub name: String,
    pub blocks: Vec<Block>,
    /// 横排: set on landscape pages, for a table too wide for portrait.
    pub landscape: bool,
}

impl Annex {
    /// The annex's title, broken as the document's own title is.
    pub fn title_lines(&self) -> Vec<String> {
        crate::title::break_title(&self.name, crate::gbt9704::TITLE_CHARS_PER_LINE)
    }
}

/// One block of the body, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", content = "content")]
#[ts(export)]
pub enum Block {
    /// 一级标题 (“一、……”), 黑体.
    Heading1(String),
    /// 二级标题 (“（一）……”), 楷体.
    Heading2(String),
    /// A body paragraph in 仿宋 with a two-character first-line indent.
    Paragraph(String),
    /// A paragraph whose first words (“主办单位：”) are set bold, the rest as body.
    Labelled {
        label: String,
        text: String,
    },
    Table(Table),
    /// A chart drawn as a picture, with its caption under it.
    Picture(Picture),
    /// A form to fill in: labels on the left, values or room to write on the right.
    Form(Vec<FormRow>),
}

/// One row of a form (表格式文书).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FormRow {
    pub label: String,
    pub value: String,
    /// Lines of room the row keeps, for handwriting; at least 1.
    pub lines: u32,
}

/// A table with a header row that repeats on every page it spans.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Table {
    pub header: Vec<String>,
    /// Relative weights for the room left once each column holds its
    /// longest name, date or word (see [`Table::column_widths`]); the table
    /// always spans the text block.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
}

/// A piece of a cell longer than this, in characters, is prose that may
/// break anywhere; shorter pieces (a name, a date, 16.7%, 满意度) stay whole.
const LONGEST_WHOLE: f32 = 9.0;

/// The pieces of `text` that must stay on one line: a cell breaks after
/// 、，；。：and spaces, and before an opening bracket, and nowhere else
/// unless a piece is prose.
fn atoms(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let after = i + c.len_utf8();
        if matches!(c, '、' | '，' | '；' | '。' | '：' | ' ' | '/' | '\n') {
            out.push(&text[start..after]);
            start = after;
        } else if matches!(c, '（' | '(') && i > start {
            out.push(&text[start..i]);
            start = i;
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|a| !a.is_empty()).collect()
}

/// The width of `text` in a table cell, in characters, as the widest
/// renderer sets it: digits and Latin letters run wider than half a
/// character (0.65, as DejaVu where LibreOffice finds no 仿宋), and
/// LibreOffice and WPS put a quarter character between Chinese and digits
/// (2026 年 5 月), a docx cannot turn that off for LibreOffice.
fn column_ems(text: &str) -> f32 {
    let mut width = 0.0;
    let mut last: Option<bool> = None;
    for c in text.chars() {
        let latin = c.is_ascii_alphanumeric();
        width += if c.is_ascii() { 0.65 } else { 1.0 };
        if last.is_some_and(|l| l != latin) && (latin || last == Some(true)) && !c.is_ascii_punctuation() {
            width += 0.25;
        }
        last = Some(latin);
    }
    width
}

impl Table {
    /// Column widths in points for a table `width` points wide set in
    /// `size`-point type with `padding` points inside each cell: every
    /// column first gets room for its header and its longest name, date,
    /// percentage or word, so none of them is broken (闫纯锴, 2026年6月1日,
    /// 16.7%, 满意度); what is left goes to the columns whose text is longer
    /// than that, most to the longest, by [`Table::widths`] once all fits.
    pub fn column_widths(&self, width: f32, size: f32, padding: f32) -> Vec<f32> {
        let n = self.header.len();
        let ems = column_ems;
        let mut least: Vec<f32> = self.header.iter().map(|h| ems(h.trim())).collect();
        let mut natural = least.clone();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                natural[i] = natural[i].max(ems(cell.trim()));
                for atom in atoms(cell) {
                    let w = ems(atom);
                    if w <= LONGEST_WHOLE {
                        least[i] = least[i].max(w);
                    }
                }
            }
        }
        // Two points more than the text needs: renderers round cell widths.
        let pt = |chars: f32| chars * size + padding + 2.0;
        let least: Vec<f32> = least.into_iter().map(pt).collect();
        let natural: Vec<f32> = natural.into_iter().map(pt).collect();
        let floor: f32 = least.iter().sum();
        if floor >= width {
            // Too many columns for the page: shrink all alike.
            return least.iter().map(|w| w * width / floor).collect();
        }
        let slack = width - floor;
        let wants: Vec<f32> = natural.iter().zip(&least).map(|(n, l)| (n - l).max(0.0)).collect();
        let wanted: f32 = wants.iter().sum();
        if wanted > slack {
            return least.iter().zip(&wants).map(|(l, w)| l + w * slack / wanted).collect();
        }
        // Everything fits on one line: the room left goes by the weights.
        let weights: f32 = self.widths.iter().take(n).sum();
        least
            .iter()
            .zip(&wants)
            .enumerate()
            .map(|(i, (l, w))| {
                let share =
                    if weights > 0.0 { self.widths.get(i).copied().unwrap_or(0.0) / weights } else { 1.0 / n as f32 };
                l + w + (slack - wanted) * share
            })
            .collect()
    }
}

/// A PNG picture (a chart) with its caption.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Picture {
    #[ts(type = "string")]
    pub png: Png,
    /// Width and height in pixels, which fix the aspect ratio.
    pub pixels: (u32, u32),
    pub caption: String,
    /// The chart's shapes, which the PDF draws as vectors instead of the PNG.
    #[serde(skip)]
    #[ts(skip)]
    pub drawing: Option<crate::chart::Drawing>,
}

/// The bytes of a PNG file; serialised as a `data:` URL, which the window shows as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Png(pub Vec<u8>);

impl Serialize for Png {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        s.serialize_str(&format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&self.0)))
    }
}

/// The date the way official documents write it: 2026年11月23日.
pub fn chinese_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_dates_and_short_words_stay_whole_and_prose_takes_the_room_left() {
        let table = Table {
            header: ["编号", "案由", "督办领导", "答复日期", "满意度", "建议落实"].map(String::from).to_vec(),
            widths: vec![1.0, 4.0, 2.0, 2.0, 1.0, 1.0],
            rows: vec![[
                "0020",
                "关于加大科技投入推进科技强市的建议",
                "蒋文红、闫纯锴",
                "2026年6月1日（逾期）",
                "基本满意",
                "16.7%",
            ]
            .map(String::from)
            .to_vec()],
        };
        let (size, padding) = (10.5, 6.0);
        let widths = table.column_widths(400.0, size, padding);
        assert!((widths.iter().sum::<f32>() - 400.0).abs() < 0.01, "{widths:?}");
        let holds = |i: usize, text: &str| widths[i] >= crate::gbt9704::grid_chars(text) * size + padding;
        assert!(holds(2, "闫纯锴") && holds(3, "2026年6月1日") && holds(4, "基本满意") && holds(5, "建议落实"));
        assert!(holds(5, "16.7%"));
        assert!(widths[1] > widths[0] * 2.0, "the title takes the room: {widths:?}");
        assert_eq!(atoms("蒋文红、闫纯锴"), ["蒋文红、", "闫纯锴"]);
        assert_eq!(atoms("2026年6月1日（逾期）"), ["2026年6月1日", "（逾期）"]);
    }

    #[test]
    fn too_many_columns_shrink_alike_and_odd_rows_never_panic() {
        let table =
            Table { header: vec!["甲".repeat(9); 12], widths: vec![], rows: vec![vec![], vec!["乙".to_owned(); 20]] };
        let widths = table.column_widths(100.0, 10.5, 6.0);
        assert_eq!(widths.len(), 12);
        assert!((widths.iter().sum::<f32>() - 100.0).abs() < 0.01);
    }
}
