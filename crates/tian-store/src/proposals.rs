//! 提案 in the store: saving proposals as field operations, and reading them
//! back with their suggestions, units, committees and leaders.

use crate::Entity;
use std::collections::HashMap;

use rusqlite::{params_from_iter, types::Value as SqlValue, OptionalExtension};
use serde::Serialize;
use tian_domain::{
    LeaderBody, LeaderSummary, Proposal, ProposalFilter, ProposalId, ProposerKind, SessionSummary, Stage, UnitSummary,
};

use crate::materialize::PROPOSAL;
use crate::{Reader, Result, Store, StoreError};

/// What saving a batch of proposals did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SaveReport {
    /// Proposals that did not exist before.
    pub added: usize,
    /// Existing proposals with at least one changed field.
    pub changed: usize,
    /// Proposals that were already exactly so.
    pub unchanged: usize,
}

/// The proposals of a 届次 merged into one of its numbers, read by the
/// partial index `proposals_merged_into` (its expressions are these).
pub(crate) const MERGED_INTO: &str = "SELECT number, title, proposer FROM proposals
     WHERE session = ?1 AND json_valid(review) AND json_extract(review, '$.merged_into') = ?2
       AND json_extract(review, '$.outcome') = '并案'
     ORDER BY number";

impl Store {
    /// Saves `proposals` as `actor` in one transaction, writing only the fields
    /// that differ from what is stored: saving the same proposals twice
    /// changes nothing and logs nothing.
    pub fn save_proposals(&mut self, actor: &str, proposals: &[Proposal]) -> Result<SaveReport> {
        self.transact(actor, "导入提案", |w| {
            let mut report = SaveReport::default();
            for proposal in proposals {
                let id = proposal.id();
                let existed = w.read().proposal(&id)?.is_some();
                // Handling owns the stage once a proposal exists: importing
                // the announcement or a ledger again must not send a
                // proposal in hand back to 立案.
                let skip: &[&str] = if existed { &["stage"] } else { &[] };
                let changed = w.set_document(Entity::Proposal, id.as_str(), proposal, skip)?;
                report.count(existed, changed);
            }
            Ok(report)
        })
    }
}

impl Store {
    /// Saves `documents` of kind `entity` (each under the id `id` gives it)
    /// as the action `action`, in one transaction; a document already there
    /// exactly so is left alone and logs nothing.
    pub(crate) fn save_documents<T: Serialize>(
        &mut self,
        actor: &str,
        action: &str,
        entity: Entity,
        documents: &[T],
        id: impl Fn(&T) -> String,
    ) -> Result<SaveReport> {
        self.transact(actor, action, |w| {
            let mut report = SaveReport::default();
            for document in documents {
                let id = id(document);
                let existed = w.read().was_written(entity.name(), &id)?;
                let changed = w.set_document(entity, &id, document, &[])?;
                report.count(existed, changed);
            }
            Ok(report)
        })
    }
}

impl Reader<'_> {
    /// Whether any operation ever wrote the record `entity`/`id`.
    pub(crate) fn was_written(&self, entity: &str, id: &str) -> Result<bool> {
        crate::oplog::holds(self.conn, entity, id)
    }
}

impl SaveReport {
    /// Counts one saved document.
    pub(crate) fn count(&mut self, existed: bool, changed: bool) {
        match (existed, changed) {
            (false, _) => self.added += 1,
            (true, true) => self.changed += 1,
            (true, false) => self.unchanged += 1,
        }
    }
}

impl Reader<'_> {
    /// The proposals that pass `filter`, by session and number.
    pub fn proposals(&self, filter: &ProposalFilter) -> Result<Vec<Proposal>> {
        let condition = "(?1 IS NULL OR EXISTS (SELECT 1 FROM proposal_lead_units l JOIN units u ON u.id = l.unit_id
                                               WHERE l.proposal_id = p.id AND u.name = ?1))
                     AND (?2 IS NULL OR EXISTS (SELECT 1 FROM proposal_leaders l JOIN leaders x ON x.id = l.leader_id
                                               WHERE l.proposal_id = p.id AND x.name = ?2))";
        let params = vec![
            filter.lead_unit.clone().map_or(SqlValue::Null, SqlValue::Text),
            filter.leader.clone().map_or(SqlValue::Null, SqlValue::Text),
        ];
        self.load(condition, &format!("SELECT p.id FROM proposals p WHERE {condition}"), params)
    }

    pub fn proposal(&self, id: &ProposalId) -> Result<Option<Proposal>> {
        Ok(self.load("p.id = ?1", "?1", vec![SqlValue::Text(id.as_str().to_owned())])?.pop())
    }

    /// A proposal's number and title, as a summary names it.
    pub fn heading(&self, id: &ProposalId) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT number, title FROM proposals WHERE id = ?1")?
            .query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// 并案: the proposals of `session` merged into its proposal `number`,
    /// as (number, title, proposer), by number.
    pub fn merged_into(&self, session: &str, number: &str) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare_cached(MERGED_INTO)?;
        let rows = stmt.query_map((session, number), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The ids of the proposals numbered `number` (in `session`, if given).
    pub fn find_by_number(&self, number: &str, session: Option<&str>) -> Result<Vec<ProposalId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM proposals WHERE number = ?1 AND (?2 IS NULL OR session = ?2) ORDER BY session",
        )?;
        let ids = stmt.query_map((number, session), |r| Ok(ProposalId::parse(r.get::<_, String>(0)?)))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// The sessions that hold proposals, latest first, with how many each.
    pub fn sessions(&self) -> Result<Vec<SessionSummary>> {
        let mut stmt = self.conn.prepare_cached(
            // Grouped by rank too, which the session decides, so the index by
            // rank answers alone: `max(session_rank)` read every row, 170 ms
            // at 100,000 proposals at every start of the window.
            "SELECT session, count(*) FROM proposals GROUP BY session_rank, session
             ORDER BY session_rank DESC, session DESC",
        )?;
        let rows = stmt.query_map([], |r| Ok(SessionSummary { session: r.get(0)?, proposals: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether any proposal is of `session`.
    pub fn holds_session(&self, session: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM proposals WHERE session = ?1)")?
            .query_row([session], |r| r.get(0))?)
    }

    /// 承办单位 that lead at least one proposal, with how many.
    pub fn units(&self) -> Result<Vec<UnitSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.name, count(*) FROM units u JOIN proposal_lead_units l ON l.unit_id = u.id
             GROUP BY u.id ORDER BY count(*) DESC, u.name",
        )?;
        let rows = stmt.query_map([], |r| Ok(UnitSummary { name: r.get(0)?, lead_proposals: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// 督办领导 who supervise at least one proposal, with how many.
    pub fn leaders(&self) -> Result<Vec<LeaderSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT x.name, x.body, count(*) FROM leaders x JOIN proposal_leaders l ON l.leader_id = x.id
             GROUP BY x.id ORDER BY x.body DESC, count(*) DESC, x.name",
        )?;
        let rows = stmt.query_map([], |r| {
            let body: String = r.get(1)?;
            Ok(LeaderSummary {
                name: r.get(0)?,
                body: if body == "gov" { LeaderBody::Gov } else { LeaderBody::Cppcc },
                proposals: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Reads the proposals `p` matching `condition`, with everything linked to
    /// them, in two queries whatever their number; `chosen` is SQL for the
    /// same proposals' ids, to match their lists' rows against.
    fn load(&self, condition: &str, chosen: &str, params: Vec<SqlValue>) -> Result<Vec<Proposal>> {
        let mut proposals: Vec<Proposal> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT p.id, p.number, p.session, p.title, p.proposer, p.proposer_kind, p.summary, p.category, p.stage,
                        p.co_signers
                 FROM proposals p WHERE {condition} ORDER BY p.session_rank, p.session, p.number"
            ))?;
            let mut rows = stmt.query(params_from_iter(&params))?;
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                let kind: String = r.get(5)?;
                let stage: String = r.get(8)?;
                index.insert(id, proposals.len());
                proposals.push(Proposal {
                    number: r.get(1)?,
                    session: r.get(2)?,
                    title: r.get(3)?,
                    proposer: r.get(4)?,
                    co_signers: r.get::<_, Option<String>>(9)?.and_then(|json| serde_json::from_str(&json).ok()),
                    proposer_kind: if kind == "organization" {
                        ProposerKind::Organization
                    } else {
                        ProposerKind::Member
                    },
                    summary: r.get(6)?,
                    suggestions: Vec::new(),
                    category: r.get(7)?,
                    gov_leaders: Vec::new(),
                    cppcc_leaders: Vec::new(),
                    lead_units: Vec::new(),
                    co_committees: Vec::new(),
                    stage: Stage::from_label(&stage).ok_or_else(|| StoreError::UnknownField {
                        entity: PROPOSAL.into(),
                        field: format!("stage={stage}"),
                    })?,
                });
            }
        }
        // The lists of every chosen proposal in one read, each row saying
        // which list it belongs to: 0 建议, 1 主办部门, 2 协办专委会, 3 督办领导.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT 0, proposal_id, ord, text, '' FROM suggestions WHERE proposal_id IN ({chosen})
             UNION ALL
             SELECT 1, l.proposal_id, l.ord, u.name, '' FROM proposal_lead_units l JOIN units u ON u.id = l.unit_id
             WHERE l.proposal_id IN ({chosen})
             UNION ALL
             SELECT 2, l.proposal_id, l.ord, c.name, '' FROM proposal_committees l
             JOIN committees c ON c.id = l.committee_id WHERE l.proposal_id IN ({chosen})
             UNION ALL
             SELECT 3, l.proposal_id, l.ord, x.name, x.body FROM proposal_leaders l JOIN leaders x ON x.id = l.leader_id
             WHERE l.proposal_id IN ({chosen})"
        ))?;
        // The condition's numbered parameters are one set for the whole statement.
        let mut rows = stmt.query(params_from_iter(&params))?;
        let mut items: Vec<(i64, usize, i64, String, String)> = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(1)?;
            let Some(&at) = index.get(&id) else { continue };
            items.push((r.get(0)?, at, r.get(2)?, r.get(3)?, r.get(4)?));
        }
        // In list order, sorted here rather than by a sorter in the statement.
        items.sort_by_key(|&(which, at, ord, _, _)| (which, at, ord));
        for (which, at, _, name, body) in items {
            let p = &mut proposals[at];
            match (which, body.as_str()) {
                (0, _) => p.suggestions.push(name),
                (1, _) => p.lead_units.push(name),
                (2, _) => p.co_committees.push(name),
                (_, "gov") => p.gov_leaders.push(name),
                _ => p.cppcc_leaders.push(name),
            }
        }
        Ok(proposals)
    }
}
