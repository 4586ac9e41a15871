//! Reading the materialised tables: one [`Reader`] serves both a plain read
//! ([`crate::Store::read`]) and the checks made inside a write
//! ([`crate::Writer::read`]), so validation sees what the action has written.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use tian_domain::{Assignment, Closure, ProposalId, Review, Withdrawal};

use crate::oplog::{Operation, OP_COLUMNS};
use crate::{Entity, Result};

pub struct Reader<'c> {
    pub(crate) conn: &'c Connection,
}

/// The handling columns of a proposal (migration 0002).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandlingColumns {
    pub round: u32,
    pub assignment: Option<Assignment>,
    pub rehandling_start: Option<NaiveDate>,
    pub closure: Option<Closure>,
    pub review: Option<Review>,
    /// The due date the committee set for the answer now owed (migration 0013).
    pub due_date: Option<NaiveDate>,
    /// 已延期至: the date an approved extension moved the answer to.
    pub extended_to: Option<NaiveDate>,
    pub withdrawal: Option<Withdrawal>,
    /// 分办: the lead units' own rounds (migration 0014).
    pub unit_rounds: Vec<tian_domain::UnitRound>,
}

fn parse<T: DeserializeOwned>(text: Option<String>) -> Result<Option<T>> {
    Ok(text.map(|t| serde_json::from_str(&t)).transpose()?)
}

impl Reader<'_> {
    /// Where the database stands: the rows this connection has changed so
    /// far and the commits other connections made (`PRAGMA data_version`).
    /// The same mark twice means nothing was written in between.
    pub fn mark(&self) -> Result<(u64, i64)> {
        let others: i64 = self.conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?;
        Ok((self.conn.total_changes(), others))
    }

    pub fn handling_columns(&self, id: &ProposalId) -> Result<Option<HandlingColumns>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT round, assignment, rehandling_start, closure, review, due_date, extended_to, withdrawal,
                        unit_rounds
                 FROM proposals WHERE id = ?1",
            )?
            .query_row([id.as_str()], |r| {
                let text = |i| r.get::<_, Option<String>>(i);
                Ok((
                    r.get::<_, u32>(0)?,
                    [text(1)?, text(2)?, text(3)?, text(4)?, text(5)?, text(6)?, text(7)?, text(8)?],
                ))
            })
            .optional()?;
        let Some((
            round,
            [assignment, rehandling_start, closure, review, due_date, extended_to, withdrawal, unit_rounds],
        )) = row
        else {
            return Ok(None);
        };
        let date = |d: Option<String>| d.and_then(|d| d.parse().ok());
        Ok(Some(HandlingColumns {
            round,
            assignment: parse(assignment)?,
            rehandling_start: date(rehandling_start),
            closure: parse(closure)?,
            review: parse(review)?,
            due_date: date(due_date),
            extended_to: date(extended_to),
            withdrawal: parse(withdrawal)?,
            unit_rounds: parse(unit_rounds)?.unwrap_or_default(),
        }))
    }

    /// A local setting of this installation (never synced).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// The records of kind `entity` ("reply", "contact" …) of a proposal,
    /// oldest first; see [`ProposalRecords`].
    pub fn records<T: DeserializeOwned>(&self, entity: Entity, proposal: &ProposalId) -> Result<Vec<T>> {
        Ok(self.records_of(proposal)?.take(entity))
    }

    /// Every record of a proposal, of every kind, in one read: a dossier
    /// needs seven kinds, and reads them at every step.
    pub fn records_of(&self, proposal: &ProposalId) -> Result<ProposalRecords> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity, born, id, json_set(data, '$.id', id) FROM records
             WHERE proposal_id = ?1 AND json_extract(data, '$.deleted') IS NOT 1",
        )?;
        let mut rows = stmt.query([proposal.as_str()])?;
        let mut all: Vec<(String, i64, String, String)> = Vec::new();
        while let Some(row) = rows.next()? {
            all.push((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?));
        }
        // Oldest first, sorted here rather than by a sorter in the statement.
        all.sort_by(|a, b| (a.1, &a.2).cmp(&(b.1, &b.2)));
        let mut kinds: HashMap<Entity, Vec<String>> = HashMap::new();
        for (entity, _, _, json) in all {
            // The table holds only kinds the field list let in.
            if let Some(entity) = Entity::parse(&entity) {
                kinds.entry(entity).or_default().push(json);
            }
        }
        Ok(ProposalRecords(kinds))
    }

    /// Every operation on a proposal and on its records, in clock order: the audit trail.
    pub fn history(&self, proposal: &ProposalId) -> Result<Vec<Operation>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM ops
             WHERE seq IN (
                 SELECT l.seq FROM log l WHERE l.subject IN (
                     SELECT s.id FROM log_subjects s JOIN log_names e ON e.id = s.entity
                     WHERE e.name = 'proposal' AND s.entity_id = ?1
                     UNION ALL
                     SELECT s.id FROM records r JOIN log_names e ON e.name = r.entity
                                    JOIN log_subjects s ON s.entity = e.id AND s.entity_id = r.id
                     WHERE r.proposal_id = ?1))
             ORDER BY hlc_wall, hlc_counter, origin, origin_seq"
        ))?;
        let ops = stmt.query_map([proposal.as_str()], Operation::from_row)?;
        Ok(ops.collect::<Result<_, _>>()?)
    }
}

impl Reader<'_> {
    /// What a workspace from outside (a backup file) must hold to be read:
    /// how many of its records are not JSON or its proposals at a stage or
    /// round this program does not know, and the attachments (their
    /// SHA-256) its records name.
    pub fn records_check(&self) -> Result<(u64, Vec<String>)> {
        let stages = tian_domain::Stage::ALL.iter().map(|s| format!("'{}'", s.label())).collect::<Vec<_>>().join(", ");
        // The stage labels are this program's own words, never caller text.
        let broken: u64 = self.conn.query_row(
            &format!(
                "SELECT (SELECT count(*) FROM records WHERE NOT json_valid(data))
                      + (SELECT count(*) FROM proposals WHERE stage NOT IN ({stages}) OR round NOT BETWEEN 0 AND 10000)"
            ),
            [],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT json_extract(a.value, '$.sha256') FROM records r, json_each(r.data, '$.attachments') a
             WHERE json_valid(r.data) AND json_type(r.data, '$.attachments') = 'array'
               AND json_extract(a.value, '$.sha256') IS NOT NULL",
        )?;
        let named = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        Ok((broken, named))
    }

    /// The operations of `origin`'s latest action whose name starts with
    /// one of `actions` (a bulk 设置类别, say, or its 撤销), oldest first;
    /// empty when it took none.
    pub fn latest_action_of(&self, origin: &str, actions: &[&str]) -> Result<Vec<Operation>> {
        // The names that start so, asked of SQLite rather than read all out.
        let mut named = self.conn.prepare_cached("SELECT id FROM log_names WHERE substr(name, 1, length(?1)) = ?1")?;
        let mut ids: Vec<i64> = Vec::new();
        for action in actions {
            for id in named.query_map([action], |r| r.get::<_, i64>(0))? {
                ids.push(id?);
            }
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are numbers read from the table itself, never caller text.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let batch: Option<i64> = self
            .conn
            .query_row(
                &format!(
                    "SELECT l.batch FROM log l WHERE l.origin = (SELECT id FROM log_names WHERE name = ?1)
                     AND l.action IN ({list}) ORDER BY l.seq DESC LIMIT 1"
                ),
                [origin],
                |r| r.get(0),
            )
            .optional()?;
        let Some(batch) = batch else { return Ok(Vec::new()) };
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {OP_COLUMNS} FROM ops WHERE origin = ?1 AND batch = ?2 ORDER BY seq"))?;
        let ops = stmt.query_map(rusqlite::params![origin, batch], Operation::from_row)?;
        Ok(ops.collect::<Result<_, _>>()?)
    }
}

/// A proposal's records as JSON by kind, oldest first, deleted ones (their
/// tombstone set) left out. So is a record the tables hold only in part (one
/// merged from a package before packages were judged whole): it stays in
/// the log and the timeline, but one such record must not make the page
/// unreadable.
pub struct ProposalRecords(HashMap<Entity, Vec<String>>);

impl ProposalRecords {
    /// The records of kind `entity`.
    pub fn take<T: DeserializeOwned>(&mut self, entity: Entity) -> Vec<T> {
        self.0.remove(&entity).unwrap_or_default().iter().filter_map(|json| serde_json::from_str(json).ok()).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::Entity;
    use tian_domain::{Contact, ProposalId};

    #[test]
    fn a_record_held_only_in_part_is_left_out_and_the_rest_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("tian.db")).unwrap();
        store
            .conn
            .execute_batch(
                r#"INSERT INTO records (entity, id, proposal_id, data, born) VALUES
                   ('contact', 'whole', '十三届五次/0069', '{"date":"2026-03-10","method":"电话","unit":null,"people":"市民盟","content":"听取意见"}', 1),
                   ('contact', 'part', '十三届五次/0069', '{"content":"只有内容"}', 2);"#,
            )
            .unwrap();
        let contacts: Vec<Contact> =
            store.read().records(Entity::Contact, &ProposalId::new("十三届五次", "0069")).unwrap();
        assert_eq!(contacts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["whole"]);
    }
}
