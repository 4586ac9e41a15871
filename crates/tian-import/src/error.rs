//! What can be wrong with a file the clerk asked to import, in words the
//! clerk can act on.

/// 导入错误.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("无法识别文件编码：文件既不是 UTF-8/UTF-16 文本，也不是 GB18030/GBK 文本。请在文字处理软件中另存为 UTF-8 文本后再导入。")]
    UnknownEncoding,
    #[error("文件是空的，没有可导入的内容。")]
    Empty,
    #[error("不是有效的 Word 文档（.docx）；如果是旧版 .doc 文件，请在 Word 或 WPS 中另存为 .docx。")]
    NotDocx,
    #[error("不是有效的 Excel 工作簿（.xlsx）；如果是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx。")]
    NotXlsx,
    #[error("Excel 工作簿已损坏，无法读取；请在 Excel 或 WPS 中打开后另存一份再导入。")]
    DamagedXlsx,
    #[error("工作簿中没有工作表。")]
    NoSheet,
    #[error("第一行没有认得出的列名；至少需要“提案号”和“案由”两列（也可用 --map 指定，如 --map 编号=提案号）。")]
    NoHeader,
    #[error("“{0}”不是台账的列；可用的列有：{1}。")]
    UnknownColumn(String, String),
    #[error("工作表中没有“{0}”列。")]
    MissingColumn(String),
    #[error("文件解压后过大（超过 {megabytes} MB），可能已损坏或不是正常的文档，未导入。")]
    TooLarge { megabytes: u64 },
    /// A line that is not what the announcement format has at that place.
    #[error("第{line}行：{problem}；此处应为{expected}。")]
    Malformed { line: usize, problem: String, expected: String },
}

impl ImportError {
    pub(crate) fn at(line: usize, problem: impl Into<String>, expected: impl Into<String>) -> Self {
        Self::Malformed { line, problem: problem.into(), expected: expected.into() }
    }
}
