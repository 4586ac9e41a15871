//! Readers for the documents Tian is fed.
//!
//! Bytes come in (a file the clerk picked, or the default data embedded in
//! the binary); domain values go out. Nothing here touches the database: the
//! caller decides what to store, so a file that fails to parse can never leave
//! half of itself behind.

mod announcement;
mod docx;
mod encoding;
mod error;
mod history;
mod ledger;
mod plan;
mod reply_letter;
mod unzip;

pub use announcement::{parse_announcement, Announcement};
pub use docx::docx_text;
pub use encoding::decode_text;
pub use error::ImportError;
pub use history::{parse_history, HistoryArchive};
pub use ledger::{read_ledger, ColumnMatch, LedgerRead, RowProblem};
pub use plan::{parse_plan, PlanDocument};
pub use reply_letter::{letter_body, letter_head, LetterHead};
