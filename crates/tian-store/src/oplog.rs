//! 操作日志: the append-only log of field changes, and the writer that adds
//! to it inside a transaction.
//!
//! A write names one field of one record and its new value. The writer skips
//! it when the field already holds that value (so importing a file twice adds
//! nothing), otherwise appends an operation with the next stamp and lets the
//! materialiser bring the tables up to date.

use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{materialize, Hlc, Result};

/// One change to one field of one record: what sync ships and what the audit
/// trail shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The installation that made the change.
    pub origin: String,
    /// Contiguous per origin, from 1: a gap means a missing change.
    pub origin_seq: i64,
    pub hlc: Hlc,
    /// The kind of record: "proposal".
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub value: Value,
    /// The value the author saw before the change, for the audit trail.
    pub prev_value: Option<Value>,
    /// Who made the change (the user name set on that installation).
    pub actor: String,
}

impl Operation {
    /// Last-writer-wins order: the clock first, the origin breaks ties so every
    /// installation picks the same winner.
    fn precedes(&self, hlc: Hlc, origin: &str) -> bool {
        (self.hlc, self.origin.as_str()) < (hlc, origin)
    }
}

/// Appends operations within one transaction, stamping them from the clock.
pub(crate) struct Writer<'a> {
    tx: &'a Transaction<'a>,
    origin: &'a str,
    actor: &'a str,
    clock: &'a mut Hlc,
    next_seq: i64,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>, origin: &'a str, actor: &'a str, clock: &'a mut Hlc) -> Result<Self> {
        let last: i64 = tx.query_row("SELECT coalesce(max(origin_seq), 0) FROM ops WHERE origin = ?1", [origin], |r| r.get(0))?;
        Ok(Self { tx, origin, actor, clock, next_seq: last + 1 })
    }

    pub(crate) fn tx(&self) -> &Transaction<'a> {
        self.tx
    }

    /// Sets `entity.field` of `entity_id` to `value`; returns whether anything changed.
    pub(crate) fn set(&mut self, entity: &str, entity_id: &str, field: &str, value: Value) -> Result<bool> {
        let prev = current_value(self.tx, entity, entity_id, field)?;
        if prev.as_ref() == Some(&value) {
            return Ok(false);
        }
        *self.clock = self.clock.tick(Hlc::now_ms());
        let op = Operation {
            origin: self.origin.to_owned(),
            origin_seq: self.next_seq,
            hlc: *self.clock,
            entity: entity.to_owned(),
            entity_id: entity_id.to_owned(),
            field: field.to_owned(),
            value,
            prev_value: prev,
            actor: self.actor.to_owned(),
        };
        self.next_seq += 1;
        apply(self.tx, &op)?;
        Ok(true)
    }
}

/// Records `op` and, if it is the newest write of its field, materialises it.
/// Applying an operation that is already in the log does nothing, so
/// re-delivered operations are harmless.
pub(crate) fn apply(tx: &Transaction, op: &Operation) -> Result<bool> {
    let inserted = tx.execute(
        "INSERT INTO ops (origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (origin, origin_seq) DO NOTHING",
        (
            &op.origin,
            op.origin_seq,
            op.hlc.wall_ms,
            op.hlc.counter,
            &op.entity,
            &op.entity_id,
            &op.field,
            op.value.to_string(),
            op.prev_value.as_ref().map(Value::to_string),
            &op.actor,
        ),
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    let newer_exists = latest(tx, &op.entity, &op.entity_id, &op.field)?
        .is_some_and(|(hlc, origin, _)| op.precedes(hlc, &origin));
    if !newer_exists {
        materialize::apply(tx, op)?;
    }
    Ok(true)
}

/// The winning value of a field, if it was ever written.
pub(crate) fn current_value(tx: &Transaction, entity: &str, entity_id: &str, field: &str) -> Result<Option<Value>> {
    latest(tx, entity, entity_id, field)?
        .map(|(_, _, json)| serde_json::from_str(&json).map_err(Into::into))
        .transpose()
}

fn latest(tx: &Transaction, entity: &str, entity_id: &str, field: &str) -> Result<Option<(Hlc, String, String)>> {
    Ok(tx
        .query_row(
            "SELECT hlc_wall, hlc_counter, origin, value FROM ops
             WHERE entity = ?1 AND entity_id = ?2 AND field = ?3
             ORDER BY hlc_wall DESC, hlc_counter DESC, origin DESC LIMIT 1",
            (entity, entity_id, field),
            |r| Ok((Hlc { wall_ms: r.get(0)?, counter: r.get(1)? }, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
}
