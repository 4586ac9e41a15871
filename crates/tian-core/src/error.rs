//! Everything that can go wrong in a clerk's request, as one type whose
//! message is shown to the clerk as it is.

use std::path::PathBuf;

use tian_import::ImportError;
use tian_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("“{}”无法导入：{source}", path.display())]
    ImportFile {
        path: PathBuf,
        #[source]
        source: ImportError,
    },
    #[error("导入失败：{0}")]
    Import(#[from] ImportError),
    #[error("无法读取文件“{}”：{}", path.display(), crate::error::io_reason(source))]
    ReadFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("无法创建数据文件夹“{}”：{}", path.display(), crate::error::io_reason(source))]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("无法写入文件“{}”：{}", path.display(), crate::error::io_reason(source))]
    WriteFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A step the handling rules do not allow now.
    #[error(transparent)]
    Refused(#[from] tian_domain::Refusal),
    /// An action whose content is exactly what is already recorded.
    #[error("内容与已有记录相同，没有需要保存的修改。")]
    Unchanged,
    /// Input that is incomplete or contradicts itself.
    #[error("{0}")]
    Invalid(String),
    /// Rows of a ledger that cannot be imported; nothing was.
    #[error("台账有 {} 处问题，没有导入任何内容：\n{}", .0.len(), crate::error::row_list(.0))]
    LedgerRows(Vec<tian_import::RowProblem>),
    #[error("所选范围内没有提案，无法生成督办报告。")]
    EmptyReport,
    #[error(transparent)]
    Export(#[from] tian_export::ExportError),
    #[error("“{}”无法导入：{source}", path.display())]
    Package {
        path: PathBuf,
        #[source]
        source: tian_sync::SyncError,
    },
    #[error(transparent)]
    Sync(#[from] tian_sync::SyncError),
    #[error(transparent)]
    Trust(#[from] tian_store::TrustError),
    #[error("没有第{number}号提案。")]
    NoSuchProposal { number: String },
    #[error("第{number}号提案在多个届次中都有（{}），请指明届次。", sessions.join("、"))]
    AmbiguousNumber { number: String, sessions: Vec<String> },
    #[error("没有“{session}”届次的提案（现有：{}）。", if known.is_empty() { "尚无提案".to_owned() } else { known.join("、") })]
    NoSuchSession { session: String, known: Vec<String> },
}

/// The operating system's reason, in Chinese where the clerk can act on it.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件不存在".into(),
        PermissionDenied => "没有访问权限".into(),
        IsADirectory => "这是一个文件夹，不是文件".into(),
        StorageFull => "磁盘空间已满".into(),
        ReadOnlyFilesystem => "所在磁盘只读".into(),
        _ => format!("系统错误（{e}）"),
    }
}

/// The first problems of a ledger, one a line, and how many more there are.
pub(crate) fn row_list(problems: &[tian_import::RowProblem]) -> String {
    const SHOWN: usize = 10;
    let mut lines: Vec<String> =
        problems.iter().take(SHOWN).map(|p| format!("第{}行：{}。", p.row, p.problem)).collect();
    if problems.len() > SHOWN {
        lines.push(format!("……另有 {} 处。", problems.len() - SHOWN));
    }
    lines.join("\n")
}
