//! 合并: which write of a field the tables show, and whether a field's
//! writes disagree.
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

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde_json::Value;

use crate::fields;
use crate::oplog::{self, FieldRef, LogNames, OpRef, Operation};
use crate::{materialize, Hlc, Result, StoreError};

/// What applying an operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applied {
    /// Already in the log: nothing happened.
    Known,
    /// Stored; `alone` when it is the only write its field ever had, which
    /// cannot be in conflict with anything.
    Stored { alone: bool },
}

/// Records this installation's own new write `op` and materialises it. Its
/// clock was stamped past every operation in the log, so it is its field's
/// newest write: nothing needs asking. Whoever wrote it, an operation whose
/// field or value the field list does not allow never reaches the log.
pub(crate) fn apply_own(tx: &Connection, names: &mut LogNames, op: &Operation) -> Result<()> {
    checked(op)?;
    if oplog::append(tx, names, op)? {
        materialize::apply(tx, op)?;
    }
    Ok(())
}

/// Records operations made elsewhere (an import's), in
/// the order given, but settling each field they write, and writing each
/// record they touch, once: the log is appended row by row, then every
/// field's winner is read off the log and each record is written whole.
/// An operation's `alone` is as of the end of the batch, so two writes of
/// a field in one batch are both not alone and the field's conflict state
/// is looked at. `progress` hears how many are in the log, now and then.
pub(crate) fn apply_all(
    tx: &Connection,
    names: &mut LogNames,
    ops: &[&Operation],
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<Applied>> {
    let mut applied = vec![Applied::Known; ops.len()];
    // Records the log held nothing of before the batch: their fields' every
    // write is in the batch, so the log need not be asked for their winners.
    let mut fresh: foldhash::HashMap<(&str, &str), bool> = Default::default();
    // Each field written, in the order first written.
    let mut fields: Vec<Written> = Vec::new();
    let mut field_at: foldhash::HashMap<(&str, &str, &str), usize> = Default::default();
    for (i, op) in ops.iter().enumerate() {
        if i % 1000 == 0 {
            progress(i);
        }
        checked(op)?;
        let (entity, field) = (op.target.entity, op.target.field);
        if let std::collections::hash_map::Entry::Vacant(v) = fresh.entry((entity.name(), &op.entity_id)) {
            v.insert(!oplog::holds(tx, entity.name(), &op.entity_id)?);
        }
        if oplog::append(tx, names, op)? {
            let at = *field_at.entry((entity.name(), &op.entity_id, field.name)).or_insert_with(|| {
                fields.push(Written { entity_id: &op.entity_id, entity, field, ops: vec![] });
                fields.len() - 1
            });
            fields[at].ops.push(i);
        }
    }
    // A record's fields that win, to write in one go, and when it was born.
    let mut records: BTreeMap<(&'static str, &str), materialize::RecordWrite> = BTreeMap::new();
    for written in &fields {
        let (entity_name, entity_id, field_name) = (written.entity.name(), written.entity_id, written.field.name);
        let newest_here = written.ops.iter().map(|&i| ops[i]).max_by_key(|op| op.order());
        let (winner, alone) = if fresh[&(entity_name, entity_id)] {
            (newest_here, written.ops.len() == 1)
        } else {
            let (newest, alone) = oplog::latest(tx, entity_name, entity_id, field_name)?;
            let won = newest_here.filter(|op| newest.is_some_and(|(hlc, origin)| op.hlc == hlc && op.origin == origin));
            (won, alone)
        };
        for &i in &written.ops {
            applied[i] = Applied::Stored { alone };
        }
        if !written.entity.is_record() {
            if let Some(op) = winner {
                materialize::apply(tx, op)?;
            }
            continue;
        }
        // A record is born with its first write by the clock, wherever that
        // write arrives from, so records list in the same order everywhere.
        let record = records
            .entry((written.entity.name(), entity_id))
            .or_insert(materialize::RecordWrite { born: i64::MAX, fields: Vec::new() });
        for &i in &written.ops {
            record.born = record.born.min(ops[i].hlc.born());
        }
        if let Some(op) = winner {
            record.fields.push((written.field.name, &op.value));
        }
    }
    for ((entity, id), record) in records {
        match fresh[&(entity, id)] {
            true => materialize::insert_record(tx, entity, id, &record)?,
            false => materialize::write_record(tx, entity, id, &record)?,
        }
    }
    Ok(applied)
}

/// Whoever wrote it, an operation whose value the field list does not
/// allow never reaches the log.
fn checked(op: &Operation) -> Result<()> {
    fields::check_value(op.target, &op.entity_id, &op.value)
        .map_err(|e| StoreError::field(op.target.entity().name(), op.target.name(), e))
}

/// A field an [`apply_all`] batch writes, with the batch's new operations on it.
struct Written<'a> {
    entity_id: &'a str,
    entity: fields::Entity,
    field: fields::Field,
    ops: Vec<usize>,
}

/// One write of a field, as merging needs it.
pub(crate) struct FieldOp {
    pub origin: String,
    pub seq: i64,
    pub hlc: Hlc,
    pub actor: String,
    /// The value as JSON text.
    pub value: String,
    pub base: Vec<OpRef>,
}

pub(crate) fn field_ops(conn: &Connection, field: &FieldRef) -> Result<Vec<FieldOp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT origin, origin_seq, hlc_wall, hlc_counter, actor, value, base FROM ops
         WHERE entity = ?1 AND entity_id = ?2 AND field = ?3",
    )?;
    let rows = stmt.query_map((field.target.entity().name(), &field.entity_id, field.target.name()), |r| {
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
pub(crate) fn heads(ops: Vec<FieldOp>) -> Vec<FieldOp> {
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
    conn.prepare_cached(sql)?.execute((field.target.entity().name(), &field.entity_id, field.target.name()))?;
    Ok(())
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
