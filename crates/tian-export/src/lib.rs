//! 公文输出: Tian's documents. The supervision report is built once as an
//! [`OfficialDocument`] and written both as .docx (for Word and WPS, naming the
//! faces GB/T 9704 asks for) and as .pdf (laid out here, with the shipped
//! faces embedded); the ledger is written as .xlsx.

pub mod chart;
pub mod document;
pub mod docx;
pub mod file;
pub mod fonts;
pub mod gbt9704;
pub mod ledger;
pub mod pdf;
pub mod title;

pub use chart::{bar_chart, Bar};
pub use document::{
    chinese_date, Annex, Block, DocumentHead, DocumentRecord, FormRow, OfficialDocument, Picture, Table,
};
pub use docx::write_docx;
pub use file::write_atomically;
pub use fonts::FaceUse;
pub use ledger::{write_ledger, Cell};
pub use pdf::{page_images, write_pdf, PageImage};

/// Why a document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
    #[error("图表无法放入文档：{0}")]
    Picture(String),
    #[error("生成 Word 文件失败：{0}")]
    Docx(String),
    #[error("生成 Excel 台账失败：{0}")]
    Xlsx(String),
    #[error("找不到可用的中文字体：请安装仿宋等公文字体，或 Noto CJK 字体（Debian 软件包 fonts-noto-cjk）。")]
    NoFonts,
}
