//! Tian's SQLite store.
//!
//! Every change goes in as an [`Operation`] appended to the `ops` table: one
//! field of one record, stamped with a hybrid logical clock ([`Hlc`]), the
//! installation it came from and the person who made it. The proposal tables
//! are the materialised view of that log under per-field last-writer-wins, so
//! sync (exchange packages carry operations) and audit (the log is the trail)
//! stand on the same ground from the start.
//!
//! Callers open a [`Store`] on a file, write through [`Store::transact`] (one
//! named action, one transaction) and read through [`Store::read`].

mod error;
mod filter;
mod history;
mod hlc;
mod materialize;
mod migrations;
mod oplog;
mod page;
mod plan;
mod proposals;
mod reader;
mod search;
mod store;
pub mod sync;

pub use error::StoreError;
pub use filter::{OverdueStarts, ProposalFilters};
pub use hlc::Hlc;
pub use oplog::{Operation, Writer};
pub use page::{ListSort, PageQuery, PageRow};
pub use plan::PlanMatch;
pub use proposals::SaveReport;
pub use reader::{HandlingColumns, Reader};
pub use search::{Fragment, HistoryHit, SearchHit, SearchQuery};
pub use store::Store;
pub use sync::{FieldConflict, FieldRef, HeadValue, OpRef, PackageRecord, PeerRecord};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
