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
}

impl OfficialDocument {
    /// A document with its title broken for the page, and nothing else yet.
    pub fn new(title: String, issuer: String, date: NaiveDate) -> OfficialDocument {
        OfficialDocument {
            title_lines: crate::title::break_title(&title, crate::gbt9704::TITLE_CHARS_PER_LINE),
            title,
            number: None,
            recipient: None,
            blocks: Vec::new(),
            annexes: Vec::new(),
            issuer,
            date,
        }
    }
}

impl OfficialDocument {
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
    /// Relative column widths; the table always spans the text block.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
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
