//! The application layer: what a clerk can do with Tian, independent of how
//! they ask (the window's commands and the `tian` CLI both call only this).
//!
//! [`Tian::open`] opens the database (see [`location`]) and, the first time,
//! fills it with the 13 key proposals of the default announcement, read by
//! the same importer a clerk uses. Everything else is a method on [`Tian`].

mod default_data;
mod error;
mod import;
pub mod location;
mod user;

use std::path::Path;

pub use error::CoreError;
pub use import::ImportReport;
pub use tian_domain as domain;
use tian_domain::{LeaderSummary, Proposal, ProposalFilter, UnitSummary};
use tian_store::Store;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// An open Tian workspace: its database and the person working in it.
pub struct Tian {
    store: Store,
    actor: String,
}

impl Tian {
    /// Opens the database at `path`, creating it and filling it with the
    /// default key proposals if it is new.
    pub fn open(path: &Path) -> Result<Tian> {
        let mut tian = Self::open_empty(path)?;
        if tian.store.is_empty()? {
            tian.import_announcement_bytes(default_data::KEY_PROPOSALS, default_data::ACTOR)?;
        }
        Ok(tian)
    }

    /// Opens the database at `path` without adding default data.
    pub fn open_empty(path: &Path) -> Result<Tian> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| CoreError::Folder { path: dir.to_owned(), source })?;
        }
        Ok(Tian { store: Store::open(path)?, actor: user::local_user_name() })
    }

    /// The name changes are recorded under.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn proposals(&self, filter: &ProposalFilter) -> Result<Vec<Proposal>> {
        Ok(self.store.proposals(filter)?)
    }

    /// The proposal numbered `number` ("0069", or "69"), in `session` if there is more than one.
    pub fn proposal(&self, number: &str, session: Option<&str>) -> Result<Proposal> {
        let number = format!("{:0>4}", number.trim().trim_start_matches('第').trim_end_matches('号'));
        let ids = self.store.find_by_number(&number, session)?;
        match ids.as_slice() {
            [] => Err(CoreError::NoSuchProposal { number }),
            [id] => self.store.proposal(id)?.ok_or(CoreError::NoSuchProposal { number }),
            many => Err(CoreError::AmbiguousNumber {
                number,
                sessions: many.iter().map(|id| id.as_str().split('/').next().unwrap_or_default().to_owned()).collect(),
            }),
        }
    }

    pub fn units(&self) -> Result<Vec<UnitSummary>> {
        Ok(self.store.units()?)
    }

    pub fn leaders(&self) -> Result<Vec<LeaderSummary>> {
        Ok(self.store.leaders()?)
    }
}
