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
//!
//! Every operation, a clerk's or a package's, takes one path through the
//! modules: [`fields`] parses it (known kind, known field, value of its
//! type), the core judges who may write it (for a package, on the records as
//! [`incoming`] says the merge will leave them), [`merge`] decides which
//! write a field shows and whether writes conflict, and [`materialize`]
//! brings the tables in line. [`oplog`] is the log beneath them all;
//! [`exchange`] keeps the exchange's bookkeeping beside it.

mod collation;
mod directory;
mod error;
mod exchange;
mod facts;
pub mod fields;
mod filter;
mod history;
mod hlc;
mod incoming;
mod letters;
mod materialize;
mod merge;
mod migrations;
mod oplog;
mod page;
mod plan;
mod proposals;
mod reader;
mod receipts;
mod safety;
mod search;
mod similar;
mod store;
mod writer;

pub use error::StoreError;
pub use exchange::{
    FieldConflict, HeadValue, NumberRange, PackageRecord, PeerRecord, RefusedOperation, TrustError, WithdrawnRecord,
};
pub use facts::{AnswerFact, Attention, FactCounts, FactScope, Place, ProposalFacts};
pub use fields::{
    ActivityField, CommonField, ContactField, Entity, ExtensionField, FeedbackField, FieldError, HandBackField,
    HistoryField, PlanItemField, PlanLinkField, ProposalField, RecordField, ReplyField, SuggestionField, Target,
};
pub use filter::{OverdueStarts, ProposalFilters, UNCATEGORIZED};
pub use hlc::Hlc;
pub use incoming::{Incoming, IncomingLimits, IncomingRecord};
pub use letters::{Delivery, DraftRecord};
pub use migrations::latest_version as latest_schema_version;
pub use oplog::{FieldRef, NamedField, OpRef, Operation, SentOperation};
pub use page::{ListSort, PageQuery, PageRow};
pub use plan::PlanMatch;
pub use proposals::SaveReport;
pub use reader::{HandlingColumns, ProposalRecords, Reader};
pub use receipts::{ReceiptRecord, SentPackage, StatementRecord};
pub use safety::{SafetyPointRecord, TakeBackError, Undo};
pub use search::{Fragment, HistoryHit, SearchHit, SearchQuery};
pub use similar::Titled;
pub use store::Store;
pub use writer::{proposal_changes, proposal_refusal, Withdrawn, Writer};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
