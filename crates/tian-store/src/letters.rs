//! 复文草稿与送达: the letters drafted on this installation and not yet
//! recorded, and how far a record of ours has travelled to a peer (sent in
//! a package, confirmed by its 回执). Drafts are this desk's own: they are
//! not records and never leave in a package.

use rusqlite::OptionalExtension;

use crate::{Reader, Result, Writer};

/// A letter drafted and not yet recorded as the reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRecord {
    pub proposal_id: String,
    pub unit: String,
    /// Where the clerk saved the file.
    pub path: String,
    /// The draft as JSON, as the core wrote it.
    pub draft: String,
    /// RFC 3339.
    pub drafted_at: String,
}

/// How far a record of ours has gone to a peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// In no package yet.
    Unsent,
    /// Carried by a package the peer has not confirmed.
    Sent,
    /// The peer's 回执 covers its last change.
    Confirmed,
}

impl Writer<'_> {
    /// Keeps `draft` as the one draft of its proposal and unit.
    pub fn keep_letter_draft(&mut self, draft: &DraftRecord) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO letter_drafts (proposal_id, unit, path, draft, drafted_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (proposal_id, unit) DO UPDATE
                 SET path = excluded.path, draft = excluded.draft, drafted_at = excluded.drafted_at",
            )?
            .execute((&draft.proposal_id, &draft.unit, &draft.path, &draft.draft, &draft.drafted_at))?;
        Ok(())
    }

    /// Forgets the draft of `unit` on `proposal_id`: its reply is recorded.
    pub fn drop_letter_draft(&mut self, proposal_id: &str, unit: &str) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM letter_drafts WHERE proposal_id = ?1 AND unit = ?2")?
            .execute((proposal_id, unit))?;
        Ok(())
    }
}

impl Reader<'_> {
    /// The drafts of `unit`, latest first.
    pub fn letter_drafts(&self, unit: &str) -> Result<Vec<DraftRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT proposal_id, unit, path, draft, drafted_at FROM letter_drafts WHERE unit = ?1
             ORDER BY drafted_at DESC",
        )?;
        let rows = stmt.query_map([unit], |r| {
            Ok(DraftRecord {
                proposal_id: r.get(0)?,
                unit: r.get(1)?,
                path: r.get(2)?,
                draft: r.get(3)?,
                drafted_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How far the last change this installation (`origin`) made to record
    /// `entity_id` has gone to the peer named `peer`.
    pub fn delivery(&self, entity_id: &str, origin: &str, peer: &str) -> Result<Delivery> {
        let last: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT max(l.origin_seq) FROM log l JOIN log_subjects s ON s.id = l.subject
                 WHERE s.entity_id = ?1 AND l.origin = (SELECT id FROM log_names WHERE name = ?2)",
            )?
            .query_row((entity_id, origin), |r| r.get(0))
            .optional()?
            .flatten();
        // A record we never changed came from the peer: it holds it.
        let Some(last) = last else { return Ok(Delivery::Confirmed) };
        let acked: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT max(a.through) FROM sync_acked a JOIN peers x ON x.fingerprint = a.peer
                 WHERE x.name = ?1 AND a.origin = ?2",
            )?
            .query_row((peer, origin), |r| r.get(0))?;
        if acked.is_some_and(|through| through >= last) {
            return Ok(Delivery::Confirmed);
        }
        let sent: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT max(c.value) FROM packages p, json_each(p.carried) c
                 WHERE p.direction = 'sent' AND p.peer = ?1 AND json_valid(p.carried) AND c.key = ?2
                   AND c.type = 'integer'",
            )?
            .query_row((peer, origin), |r| r.get(0))?;
        Ok(if sent.is_some_and(|through| through >= last) { Delivery::Sent } else { Delivery::Unsent })
    }
}
