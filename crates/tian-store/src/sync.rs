//! 同步 in the store: what the log needs so that installations can merge
//! each other's changes by file.
//!
//! Concurrency is read off the log itself. Every operation names the heads
//! of its field it had seen from other installations ([`Operation::base`]);
//! an installation's later write always supersedes its own earlier ones. The
//! heads of a field are the writes nobody has superseded yet. One head, or
//! heads that agree, is a settled field; heads that disagree are a conflict,
//! kept in `conflicts` until the clerk picks a value. The table shows the
//! last writer's value meanwhile (per-field last-writer-wins by clock, then
//! origin), so every installation shows the same thing whatever order the
//! packages arrived in.
//!
//! Besides the merge, this module keeps the exchange's bookkeeping: trusted
//! peers, which origin belongs to whom, what each side has acknowledged, and
//! the history of packages.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::oplog::{Operation, OP_COLUMNS};
use crate::{Hlc, Reader, Result, Writer};

/// One operation, by its origin and sequence number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OpRef(pub String, pub i64);

/// A field of a record: what a conflict is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldRef {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
}

/// One of the disagreeing values of a conflicted field.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HeadValue {
    pub origin: String,
    #[ts(type = "number")]
    pub origin_seq: i64,
    pub actor: String,
    /// When it was written, milliseconds since 1970 by the writer's clock.
    #[ts(type = "number")]
    pub at_ms: i64,
    #[ts(type = "unknown")]
    pub value: Value,
    /// Whether this is the value the tables show meanwhile.
    pub shown: bool,
}

/// A conflicted field with its values.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldConflict {
    pub field: FieldRef,
    /// The proposal the field belongs to (itself, or its record's).
    pub proposal_id: String,
    pub values: Vec<HeadValue>,
}

/// One row of the exchange history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackageRecord {
    pub id: String,
    /// "sent" or "received".
    pub direction: String,
    pub peer: String,
    pub file_name: String,
    /// Local time, RFC 3339.
    pub at: String,
    pub operations: u32,
    pub applied: u32,
    pub refused: u32,
    pub attachments: u32,
    pub summary: String,
}

/// A trusted installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeerRecord {
    pub fingerprint: String,
    pub name: String,
    /// "committee" or "unit".
    pub role: String,
    pub public_key: String,
    pub trusted_at: String,
}

struct FieldOp {
    origin: String,
    seq: i64,
    hlc: Hlc,
    actor: String,
    value: String,
    base: Vec<OpRef>,
}

fn field_ops(conn: &Connection, field: &FieldRef) -> Result<Vec<FieldOp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT origin, origin_seq, hlc_wall, hlc_counter, actor, value, base FROM ops
         WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
    )?;
    let rows = stmt.query_map((&field.entity, &field.entity_id, &field.field), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            Hlc { wall_ms: r.get(2)?, counter: r.get(3)? },
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (origin, seq, hlc, actor, value, base) = row?;
        let base = base.map(|b| serde_json::from_str(&b)).transpose()?.unwrap_or_default();
        out.push(FieldOp { origin, seq, hlc, actor, value, base });
    }
    Ok(out)
}

/// The writes of a field nobody has superseded, the shown one last.
fn heads(ops: Vec<FieldOp>) -> Vec<FieldOp> {
    let superseded: BTreeSet<OpRef> = ops.iter().flat_map(|op| op.base.iter().cloned()).collect();
    let mut latest: BTreeMap<String, FieldOp> = BTreeMap::new();
    for op in ops {
        match latest.get(&op.origin) {
            Some(kept) if kept.seq > op.seq => {}
            _ => {
                latest.insert(op.origin.clone(), op);
            }
        }
    }
    let mut heads: Vec<FieldOp> =
        latest.into_values().filter(|op| !superseded.contains(&OpRef(op.origin.clone(), op.seq))).collect();
    heads.sort_by(|a, b| (a.hlc, &a.origin).cmp(&(b.hlc, &b.origin)));
    heads
}

fn disagree(heads: &[FieldOp]) -> bool {
    heads.windows(2).any(|w| w[0].value != w[1].value)
}

/// What a local write of `field` needs to know: the value shown now, whether
/// the field is in conflict, and the foreign heads the write will supersede.
pub(crate) struct FieldState {
    pub shown: Option<Value>,
    pub conflicted: bool,
    pub foreign_heads: Vec<OpRef>,
}

pub(crate) fn field_state(conn: &Connection, field: &FieldRef, origin: &str) -> Result<FieldState> {
    let heads = heads(field_ops(conn, field)?);
    let shown = heads.last().map(|h| serde_json::from_str(&h.value)).transpose()?;
    Ok(FieldState {
        shown,
        conflicted: disagree(&heads),
        foreign_heads: heads.iter().filter(|h| h.origin != origin).map(|h| OpRef(h.origin.clone(), h.seq)).collect(),
    })
}

/// Brings the `conflicts` row of `field` in line with its heads.
pub(crate) fn refresh_conflict(conn: &Connection, field: &FieldRef) -> Result<()> {
    let heads = heads(field_ops(conn, field)?);
    let sql = if disagree(&heads) {
        "INSERT INTO conflicts (entity, entity_id, field) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM conflicts WHERE entity = ?1 AND entity_id = ?2 AND field = ?3"
    };
    conn.prepare_cached(sql)?.execute((&field.entity, &field.entity_id, &field.field))?;
    Ok(())
}

impl Writer<'_> {
    /// Applies an operation made on another installation: stored once
    /// however often it arrives, shown if it is its field's newest write, and
    /// the local clock moved past it so that later local writes order after it.
    pub fn apply_remote(&mut self, op: &Operation) -> Result<bool> {
        match crate::oplog::apply(self.tx, op)? {
            crate::oplog::Applied::Known => Ok(false),
            crate::oplog::Applied::Stored { alone } => {
                self.observe(op, alone)?;
                Ok(true)
            }
        }
    }

    /// Sets `field` to `value` as the clerk's choice in a conflict: written
    /// even when the table already shows that value, so that it supersedes
    /// every disagreeing head.
    pub fn resolve(&mut self, field: &FieldRef, value: Value) -> Result<bool> {
        self.write(&field.entity, &field.entity_id, &field.field, value, true)
    }

    /// The stage the committee's steps recorded for `proposal` and the one its
    /// facts (replies and contacts from units included) put it in.
    pub fn stages(&self, proposal: &str) -> Result<Option<(tian_domain::Stage, tian_domain::Stage)>> {
        crate::materialize::stages(self.tx, proposal)
    }

    /// Remembers that `fingerprint` speaks for `origin`, unless someone already does.
    pub fn bind_origin(&mut self, origin: &str, fingerprint: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO origin_owners (origin, peer) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?
            .execute((origin, fingerprint))?;
        Ok(())
    }

    /// What `peer` has confirmed holding from us.
    pub fn set_acknowledged(
        &mut self,
        peer: &str,
        through: &BTreeMap<String, i64>,
        proposals: &[String],
    ) -> Result<()> {
        for (origin, seq) in through {
            self.tx.execute(
                "INSERT INTO sync_acked (peer, origin, through) VALUES (?1, ?2, ?3)
                 ON CONFLICT (peer, origin) DO UPDATE SET through = max(through, excluded.through)",
                (peer, origin, seq),
            )?;
        }
        for id in proposals {
            self.tx.execute(
                "INSERT INTO sync_acked_proposals (peer, proposal_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                (peer, id),
            )?;
        }
        Ok(())
    }

    /// Extends what we hold from `peer`'s origin with a range a package
    /// covered, if it joins on to what we held.
    pub fn cover(&mut self, peer: &str, origin: &str, after: i64, through: i64) -> Result<()> {
        let held = Reader { conn: self.tx }.covered(peer)?.get(origin).copied().unwrap_or(0);
        if after <= held && through > held {
            self.tx.execute(
                "INSERT INTO sync_covered (peer, origin, through) VALUES (?1, ?2, ?3)
                 ON CONFLICT (peer, origin) DO UPDATE SET through = excluded.through",
                (peer, origin, through),
            )?;
        }
        Ok(())
    }

    /// Records that we hold `proposal` from `peer` with its whole history.
    pub fn hold_whole(&mut self, peer: &str, proposal: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO sync_held (peer, proposal_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            (peer, proposal),
        )?;
        Ok(())
    }

    pub fn record_package(&mut self, record: &PackageRecord) -> Result<()> {
        self.tx.execute(
            "INSERT INTO packages (id, direction, peer, file_name, at, operations, applied, refused, attachments, summary)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (id, direction) DO UPDATE SET at = excluded.at, applied = packages.applied + excluded.applied",
            (
                &record.id,
                &record.direction,
                &record.peer,
                &record.file_name,
                &record.at,
                record.operations,
                record.applied,
                record.refused,
                record.attachments,
                &record.summary,
            ),
        )?;
        Ok(())
    }

    pub fn refuse(&mut self, package_id: &str, op: &Operation, reason: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO refused_ops (package_id, origin, origin_seq, entity, entity_id, field, value, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
            (package_id, &op.origin, op.origin_seq, &op.entity, &op.entity_id, &op.field, op.value.to_string(), reason),
        )?;
        Ok(())
    }
}

impl crate::Store {
    /// Trusts `peer` (replacing an earlier key of the same name).
    pub fn trust(&mut self, peer: &PeerRecord) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM peers WHERE name = ?1 AND fingerprint <> ?2 AND fingerprint NOT IN (SELECT peer FROM origin_owners)", (&peer.name, &peer.fingerprint))?;
        tx.execute(
            "INSERT INTO peers (fingerprint, name, role, public_key, trusted_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name, role = excluded.role",
            (&peer.fingerprint, &peer.name, &peer.role, &peer.public_key, &peer.trusted_at),
        )?;
        tx.commit()?;
        Ok(())
    }
}

impl Reader<'_> {
    pub fn peers(&self) -> Result<Vec<PeerRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT fingerprint, name, role, public_key, trusted_at FROM peers ORDER BY role, name")?;
        let rows = stmt.query_map([], |r| {
            Ok(PeerRecord {
                fingerprint: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                public_key: r.get(3)?,
                trusted_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The peer that speaks for `origin`, if it is not one of ours.
    pub fn origin_owner(&self, origin: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT peer FROM origin_owners WHERE origin = ?1", [origin], |r| r.get(0))
            .optional()?)
    }

    /// Per origin, what `peer` has confirmed holding from us.
    pub fn acknowledged(&self, peer: &str) -> Result<BTreeMap<String, i64>> {
        self.origin_map("SELECT origin, through FROM sync_acked WHERE peer = ?1", peer)
    }

    /// Per origin, what we hold from `peer`'s packages.
    pub fn covered(&self, peer: &str) -> Result<BTreeMap<String, i64>> {
        self.origin_map("SELECT origin, through FROM sync_covered WHERE peer = ?1", peer)
    }

    fn origin_map(&self, sql: &str, peer: &str) -> Result<BTreeMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([peer], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Proposals `peer` confirmed holding whole (committee side) or we hold
    /// whole from `peer` (unit side).
    pub fn whole_proposals(&self, peer: &str, acked: bool) -> Result<BTreeSet<String>> {
        let sql = if acked {
            "SELECT proposal_id FROM sync_acked_proposals WHERE peer = ?1"
        } else {
            "SELECT proposal_id FROM sync_held WHERE peer = ?1"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([peer], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// For each origin in the log: the highest sequence number up to which
    /// this installation holds every operation.
    pub fn contiguous(&self) -> Result<BTreeMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT origin, count(*), max(origin_seq) FROM ops GROUP BY origin")?;
        let rows: Vec<(String, i64, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
        let mut out = BTreeMap::new();
        for (origin, count, max) in rows {
            let through = if count == max {
                max
            } else {
                self.conn.query_row(
                    "SELECT coalesce(min(o.origin_seq), 0) FROM ops o WHERE o.origin = ?1
                     AND NOT EXISTS (SELECT 1 FROM ops p WHERE p.origin = o.origin AND p.origin_seq = o.origin_seq + 1)",
                    [&origin],
                    |r| r.get(0),
                )?
            };
            // A gap before the first operation means nothing is held contiguously.
            let starts_at_one: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM ops WHERE origin = ?1 AND origin_seq = 1)",
                [&origin],
                |r| r.get(0),
            )?;
            out.insert(origin, if starts_at_one { through } else { 0 });
        }
        Ok(out)
    }

    /// Every operation this installation wrote itself (its origins that no
    /// peer speaks for), in log order.
    pub fn own_operations(&self) -> Result<Vec<Operation>> {
        self.ops_where("origin NOT IN (SELECT origin FROM origin_owners)", [])
    }

    fn ops_where(&self, condition: &str, params: impl rusqlite::Params) -> Result<Vec<Operation>> {
        let mut stmt = self.conn.prepare(&format!("SELECT {OP_COLUMNS} FROM ops WHERE {condition} ORDER BY seq"))?;
        let ops = stmt.query_map(params, Operation::from_row)?;
        Ok(ops.collect::<Result<_, _>>()?)
    }

    /// Each (actor, action) that wrote to the log: a workspace whose only
    /// writer is the default-data import holds no work of its own.
    pub fn action_names(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached("SELECT DISTINCT actor, action FROM ops")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every conflicted field with its disagreeing values.
    pub fn conflicts(&self) -> Result<Vec<FieldConflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.entity, c.entity_id, c.field, CASE WHEN c.entity = 'proposal' THEN c.entity_id ELSE coalesce(r.proposal_id, '') END
             FROM conflicts c LEFT JOIN records r ON r.entity = c.entity AND r.id = c.entity_id
             ORDER BY 4, c.entity, c.entity_id, c.field",
        )?;
        let rows: Vec<(FieldRef, String)> = stmt
            .query_map([], |r| Ok((FieldRef { entity: r.get(0)?, entity_id: r.get(1)?, field: r.get(2)? }, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for (field, proposal_id) in rows {
            let heads = heads(field_ops(self.conn, &field)?);
            let last = heads.len().saturating_sub(1);
            let values = heads
                .into_iter()
                .enumerate()
                .map(|(i, h)| {
                    Ok(HeadValue {
                        origin: h.origin,
                        origin_seq: h.seq,
                        actor: h.actor,
                        at_ms: h.hlc.wall_ms,
                        value: serde_json::from_str(&h.value)?,
                        shown: i == last,
                    })
                })
                .collect::<Result<_>>()?;
            out.push(FieldConflict { field, proposal_id, values });
        }
        Ok(out)
    }

    pub fn packages(&self) -> Result<Vec<PackageRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, direction, peer, file_name, at, operations, applied, refused, attachments, summary
             FROM packages ORDER BY at DESC, rowid DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PackageRecord {
                id: r.get(0)?,
                direction: r.get(1)?,
                peer: r.get(2)?,
                file_name: r.get(3)?,
                at: r.get(4)?,
                operations: r.get(5)?,
                applied: r.get(6)?,
                refused: r.get(7)?,
                attachments: r.get(8)?,
                summary: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a package with this id was received before.
    pub fn received_before(&self, package_id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM packages WHERE id = ?1 AND direction = 'received')",
            [package_id],
            |r| r.get(0),
        )?)
    }

    /// The proposals assigned (交办) to `unit`, as lead or co-unit.
    pub fn proposals_assigned_to(&self, unit: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT p.id FROM proposals p, json_each(p.assignment, '$.units') u
             WHERE p.assignment IS NOT NULL AND json_extract(u.value, '$.unit') = ?1 ORDER BY p.session, p.number",
        )?;
        let rows = stmt.query_map([unit], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The origins this installation wrote under: those in its log that no
    /// peer speaks for, and its current one.
    pub fn own_origins(&self, current: &str) -> Result<BTreeSet<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT origin FROM ops WHERE origin NOT IN (SELECT origin FROM origin_owners)")?;
        let mut out: BTreeSet<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        out.insert(current.to_owned());
        Ok(out)
    }

    /// The proposal a record belongs to, if the record exists.
    pub fn record_proposal(&self, entity: &str, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT proposal_id FROM records WHERE entity = ?1 AND id = ?2", (entity, id), |r| r.get(0))
            .optional()?)
    }

    /// A field of a record as the table shows it.
    pub fn record_field(&self, entity: &str, id: &str, field: &str) -> Result<Option<Value>> {
        let text: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT json_extract(data, '$.\"' || ?3 || '\"') FROM records WHERE entity = ?1 AND id = ?2",
                (entity, id, field),
                |r| r.get::<_, Option<rusqlite::types::Value>>(0).map(|v| v.map(sql_text)),
            )
            .optional()?;
        Ok(text.flatten().map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t))))
    }
}

fn sql_text(v: rusqlite::types::Value) -> String {
    match v {
        rusqlite::types::Value::Text(t) => t,
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Real(f) => f.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(origin: &str, seq: i64, wall: i64, value: &str, base: &[(&str, i64)]) -> FieldOp {
        FieldOp {
            origin: origin.into(),
            seq,
            hlc: Hlc { wall_ms: wall, counter: 0 },
            actor: String::new(),
            value: format!("\"{value}\""),
            base: base.iter().map(|(o, s)| OpRef((*o).into(), *s)).collect(),
        }
    }

    fn head_values(ops: Vec<FieldOp>) -> Vec<String> {
        heads(ops).into_iter().map(|h| h.value.trim_matches('"').to_owned()).collect()
    }

    #[test]
    fn a_write_that_saw_the_other_supersedes_it_and_concurrent_writes_both_stay() {
        // b wrote after seeing a's write: one head.
        assert_eq!(head_values(vec![op("a", 1, 10, "甲", &[]), op("b", 1, 20, "乙", &[("a", 1)])]), ["乙"]);
        // Neither saw the other: both are heads, the later clock shown last.
        assert_eq!(head_values(vec![op("b", 1, 20, "乙", &[]), op("a", 1, 10, "甲", &[])]), ["甲", "乙"]);
        // An installation's own later write supersedes its earlier one.
        assert_eq!(head_values(vec![op("a", 1, 10, "甲", &[]), op("a", 2, 30, "丙", &[])]), ["丙"]);
        // a wrote again after b had superseded a's first write: concurrent with b.
        let ops = vec![op("a", 1, 10, "甲", &[]), op("b", 1, 20, "乙", &[("a", 1)]), op("a", 2, 15, "丁", &[])];
        assert_eq!(head_values(ops), ["丁", "乙"]);
    }
}
