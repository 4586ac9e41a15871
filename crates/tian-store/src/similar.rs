//! 相似提案 in the store: the titles every proposal and past proposal
//! (往年提案) is compared by, and the body of one, read for the core's
//! similarity ([`tian_core`'s `proposals::similar`]).

use rusqlite::OptionalExtension;
use tian_domain::ProposalId;

use crate::{Reader, Result};

/// A proposal or past proposal as similarity compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Titled {
    /// The proposal's id, or `None` for a past proposal.
    pub proposal_id: Option<String>,
    /// The past proposal's id, or `None` for a proposal.
    pub history_id: Option<String>,
    pub title: String,
}

impl Reader<'_> {
    /// Every proposal's title and every past proposal's.
    pub fn titles(&self) -> Result<Vec<Titled>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached("SELECT id, title FROM proposals")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, title) = row?;
            out.push(Titled { proposal_id: Some(id), history_id: None, title });
        }
        let mut stmt = self.conn.prepare_cached("SELECT id, title FROM history")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, title) = row?;
            out.push(Titled { proposal_id: None, history_id: Some(id), title });
        }
        Ok(out)
    }

    /// What a proposal or past proposal says beyond its title: a
    /// proposal's summary, a past proposal's 核心建议.
    pub fn body_of(&self, titled: &Titled) -> Result<String> {
        let (sql, id) = match (&titled.proposal_id, &titled.history_id) {
            (Some(id), _) => ("SELECT summary FROM proposals WHERE id = ?1", id),
            (None, Some(id)) => ("SELECT suggestions FROM history WHERE id = ?1", id),
            (None, None) => return Ok(String::new()),
        };
        Ok(self.conn.prepare_cached(sql)?.query_row([id], |r| r.get(0)).optional()?.unwrap_or_default())
    }

    /// A proposal's title and summary.
    pub fn proposal_text(&self, id: &ProposalId) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT title, summary FROM proposals WHERE id = ?1")?
            .query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }
}
