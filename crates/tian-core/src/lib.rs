//! The application layer: what a clerk can do with Tian, independent of how
//! they ask (the window's commands and the `tian` CLI both call only this).
//!
//! [`Tian::open`] opens the database (see [`location`]) and, the first time,
//! fills it with the 13 key proposals of the default announcement, read by
//! the same importer a clerk uses. Everything else is a method on [`Tian`].

mod archive;
mod desk;
mod error;
mod exchange;
mod figures;
mod handling;
mod intake;
mod proposals;
mod publication;
mod start_view;
mod workspace;

use std::path::{Path, PathBuf};

pub use archive::{ArchiveCheck, ArchiveSummary};
use chrono::NaiveDate;
pub use desk::{CoHandled, DeskNote, KeptDraft, LetterRow, LetterState, UnitDesk};
pub use error::CoreError;
pub use exchange::{
    numbers_text, packages_in, AnswerProof, Arrival, BatchImport, BatchPackage, BatchSender, Conflict, ConflictChoice,
    ExportSummary, Identity, KeyPreview, PackageImport, PackageLedger, Peer, ProposalChanges, ReceiptLedger,
    ReceiptRow, RefusedChange, SafetyPoint, SetupPreview, SyncStatus, LISTED_REFUSALS,
};
pub use figures::dashboard::{Dashboard, LISTED};
pub use figures::report::{DocumentRequest, ReportFile, ReportFormat, ReportParagraph, ReportScope};
pub use figures::statistics::Statistics;
pub use figures::{
    ClassFigure, Count, Evaluation, EvaluationRequest, EvaluationWeights, Figures, Share, UnitEvaluation, UnitFigures,
};
pub use handling::corrections::{RecordCorrection, RecordKind};
pub use handling::forms::NoticeRequest;
pub use handling::letter::LetterDraft;
pub use handling::steps::{
    ExtensionRequest, FeedbackDecision, FeedbackInput, HandBackRequest, ReplyInput, ReplyLetter,
};
pub use handling::undo::UndoableStep;
pub use intake::announcement::ImportReport;
pub use intake::history::{HistoryImport, ReportedFigures};
pub use intake::ledger::{ColumnMapping, LedgerPreview, LedgerPreviewRow};
pub use intake::plans::{PlanImport, PlanSuggestion};
pub use proposals::dossier::{Answer, Dossier, Naming, ReplyTiming, SuggestionShare};
pub use proposals::list::{ListPage, ListRow, Neighbours};
pub use proposals::revise::ProposalRevision;
pub use proposals::similar::{SimilarAtImport, SimilarProposal, DUPLICATE_FROM, SIMILAR_FROM};
pub use publication::Publication;
pub use start_view::StartView;
pub use tian_domain as domain;
use tian_domain::{LeaderSummary, Proposal, ProposalFilter, SessionSummary, UnitSummary};
pub use tian_export::{Block, FaceUse, OfficialDocument, PageImage};
pub use tian_sync::{ExportMode, Role, EXTENSION as PACKAGE_EXTENSION};
pub use workspace::backup::{BackupInfo, BackupReason, EXTENSION as BACKUP_FILE_EXTENSION};
pub use workspace::default_data::{KEY_PROPOSALS, PLANS};
pub use workspace::location;
pub use workspace::progress::{Job, Progress, ProgressHandle, ProgressSink};
pub use workspace::settings::{AnswerClassLabel, ReportForm, Settings};

/// Writes `bytes` to `path` all at once or not at all, with the clerk-readable error.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    tian_export::write_atomically(path, bytes).map_err(|source| CoreError::WriteFile { path: path.to_owned(), source })
}
pub use proposals::timeline::{TimelineChange, TimelineEntry};
use tian_store::Store;
pub use tian_store::{
    FieldRef, Fragment, HistoryHit, ListSort, PackageRecord, PageQuery, ProposalFilters, SearchHit, SearchQuery,
    UNCATEGORIZED,
};

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// An open Tian workspace: its database and the person working in it.
pub struct Tian {
    store: Store,
    path: PathBuf,
    actor: String,
    /// The day deadlines are reckoned from: today, unless a test or the CLI's `--today` says otherwise.
    today: NaiveDate,
    /// Where long work reports its steps (nowhere, unless the window asks).
    progress: ProgressHandle,
    dossiers: proposals::dossier::DossierMemo,
    /// Whether every proposal was found to have its 办理数字 row in this
    /// process: from then on, a write marking its proposals is enough.
    facts_whole: std::sync::atomic::AtomicBool,
}

impl Tian {
    /// Opens the database at `path`, creating it and filling it with the
    /// default key proposals if it is new.
    pub fn open(path: &Path) -> Result<Tian> {
        let mut tian = Self::open_empty(path)?;
        // A unit's workspace is filled by its committee's packages instead.
        if tian.store.is_empty()? && tian.role()? == Role::Committee {
            tian.import_announcement_bytes(workspace::default_data::KEY_PROPOSALS, workspace::default_data::ACTOR)?;
            for plan in workspace::default_data::PLANS {
                let document = tian_import::parse_plan(plan)?;
                tian.save_plan(workspace::default_data::ACTOR, document)?;
            }
        }
        Ok(tian)
    }

    /// Forgets what was read and kept in memory, after the database changed
    /// under it in a way no mark shows (a restore, an import taken back).
    fn forget_kept_reads(&self) {
        self.dossiers.forget();
        self.facts_whole.store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// Opens the database at `path` without adding default data.
    pub fn open_empty(path: &Path) -> Result<Tian> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| CoreError::Folder { path: dir.to_owned(), source })?;
        }
        let mut tian = Tian {
            store: Store::open(path)?,
            path: path.to_owned(),
            actor: String::new(),
            today: chrono::Local::now().date_naive(),
            progress: ProgressHandle::default(),
            dossiers: Default::default(),
            facts_whole: Default::default(),
        };
        tian.actor = workspace::user::local_user_name(&tian.settings()?.user_name);
        Ok(tian)
    }

    /// Reckons deadlines as of `today` instead of the system date.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = today;
    }

    /// The handle long work (package import and export, ledger and history
    /// imports, backups, reports) reports its steps through.
    pub fn progress(&self) -> &ProgressHandle {
        &self.progress
    }

    /// The name changes are recorded under.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Records changes under `name` from now on (the test data generator
    /// signs its steps 数据生成器).
    pub fn set_actor(&mut self, name: &str) {
        name.clone_into(&mut self.actor);
    }

    /// The day deadlines are reckoned from.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// 本机标识: the id this installation's changes carry in the log.
    pub fn origin(&self) -> &str {
        self.store.origin()
    }

    /// Runs `f`'s actions in one transaction; each keeps its place in the
    /// audit trail. For work of many steps at once (generated test data, a
    /// benchmark's scene), where a transaction per step would cost more
    /// than the steps.
    /// Merges the search index once bulk work has indexed thousands of
    /// documents, so the small writes after it stay small.
    pub fn tidy_search(&mut self) -> Result<()> {
        Ok(self.store.tidy_search()?)
    }

    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut Tian) -> Result<T>) -> Result<T> {
        self.store.begin_bulk()?;
        let out = f(self);
        if out.is_err() {
            // The dossiers read inside it are of work that is now undone.
            self.forget_kept_reads();
        }
        self.store.end_bulk(out.is_ok())?;
        out
    }

    pub fn proposals(&self, filter: &ProposalFilter) -> Result<Vec<Proposal>> {
        Ok(self.store.read().proposals(filter)?)
    }

    /// The proposal numbered `number` ("0069", or "69"), in `session` if there is more than one.
    pub fn proposal(&self, number: &str, session: Option<&str>) -> Result<Proposal> {
        let id = self.resolve(number, session)?;
        self.store.read().proposal(&id)?.ok_or_else(|| CoreError::NoSuchProposal { number: number.to_owned() })
    }

    /// 检索: the parts of proposals where all the words of `query.text` occur.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>> {
        let overdue = proposals::dossier::overdue_starts(&self.settings()?.deadlines, self.today);
        Ok(self.store.read().search(query, overdue)?)
    }

    /// The sessions that hold proposals, latest first, with how many each.
    pub fn sessions(&self) -> Result<Vec<SessionSummary>> {
        Ok(self.store.read().sessions()?)
    }

    /// Refuses a 届次 no proposal is in: counted, a mistyped one gave a
    /// page of zeros under its name.
    pub(crate) fn known_session(&self, session: &str) -> Result<()> {
        // Asked of one index entry: listing the sessions counts every
        // proposal (20 ms at 100,000), which only the refusal needs.
        if self.store.read().holds_session(session)? {
            return Ok(());
        }
        let known: Vec<String> = self.sessions()?.into_iter().map(|s| s.session).collect();
        Err(CoreError::NoSuchSession { session: session.to_owned(), known })
    }

    pub fn units(&self) -> Result<Vec<UnitSummary>> {
        Ok(self.store.read().units()?)
    }

    pub fn leaders(&self) -> Result<Vec<LeaderSummary>> {
        Ok(self.store.read().leaders()?)
    }
}
