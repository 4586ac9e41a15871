//! 操作日志: the append-only log of field changes, and the writer that adds
//! to it inside a transaction.
//!
//! A write names one field of one record and its new value. The writer skips
//! it when the field already holds that value (so importing a file twice adds
//! nothing), otherwise appends an operation with the next stamp and lets the
//! materialiser bring the tables up to date.

use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sync::{self, FieldRef, OpRef};
use crate::{materialize, Hlc, Reader, Result, StoreError};

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
    /// The origin_seq of the first operation of the same action.
    pub batch: i64,
    /// The action's name as the clerk knows it: "交办", "录入答复" …
    pub action: String,
    /// The other installations' writes of this field the author had seen and
    /// replaces; see [`crate::sync`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<OpRef>,
}

impl Operation {
    /// Last-writer-wins order: the clock first, the origin breaks ties so every
    /// installation picks the same winner.
    fn precedes(&self, hlc: Hlc, origin: &str) -> bool {
        (self.hlc, self.origin.as_str()) < (hlc, origin)
    }
}

/// Appends the operations of one action within one transaction, stamping
/// them from the clock. Reads through [`Writer::read`] see the action's own
/// writes so far.
pub struct Writer<'a> {
    pub(crate) tx: &'a Connection,
    origin: &'a str,
    actor: &'a str,
    action: &'a str,
    clock: &'a mut Hlc,
    next_seq: i64,
    batch: i64,
    /// What this action changed, to reindex before it commits.
    touched: std::collections::BTreeSet<Indexed>,
    /// Fields other installations' operations touched, whose conflict state
    /// is settled before the action commits.
    merged: std::collections::BTreeSet<FieldRef>,
    /// The proposal of each record this action wrote, so that a record's
    /// many fields cost one lookup.
    record_proposals: std::collections::HashMap<(String, String), String>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(
        tx: &'a Connection,
        origin: &'a str,
        actor: &'a str,
        action: &'a str,
        clock: &'a mut Hlc,
    ) -> Result<Self> {
        let last: i64 =
            tx.query_row("SELECT coalesce(max(origin_seq), 0) FROM ops WHERE origin = ?1", [origin], |r| r.get(0))?;
        Ok(Self {
            tx,
            origin,
            actor,
            action,
            clock,
            next_seq: last + 1,
            batch: last + 1,
            touched: Default::default(),
            merged: Default::default(),
            record_proposals: Default::default(),
        })
    }

    pub fn read(&self) -> Reader<'_> {
        Reader { conn: self.tx }
    }

    /// Whether this action has written anything so far.
    pub fn changed(&self) -> bool {
        self.next_seq > self.batch
    }

    /// Sets every field of `record` (a struct serialising as an object, its
    /// `id` left out) on the record `entity`/`id` of `proposal_id`.
    pub fn record<T: Serialize>(&mut self, entity: &str, id: &str, proposal_id: &str, record: &T) -> Result<bool> {
        let mut changed = self.set(entity, id, "proposal_id", Value::String(proposal_id.to_owned()))?;
        let Value::Object(fields) = serde_json::to_value(record)? else {
            return Err(StoreError::UnknownField { entity: entity.to_owned(), field: "（非对象记录）".into() });
        };
        for (field, value) in fields.into_iter().filter(|(f, _)| f != "id") {
            changed |= self.set(entity, id, &field, value)?;
        }
        Ok(changed)
    }

    /// Sets `entity.field` of `entity_id` to `value`; returns whether anything changed.
    pub fn set(&mut self, entity: &str, entity_id: &str, field: &str, value: Value) -> Result<bool> {
        self.write(entity, entity_id, field, value, false)
    }

    /// Writes `value` unless the field already shows it undisputed (or
    /// `resolving` a conflict, where the write must supersede every head).
    pub(crate) fn write(
        &mut self,
        entity: &str,
        entity_id: &str,
        field: &str,
        value: Value,
        resolving: bool,
    ) -> Result<bool> {
        let target = FieldRef { entity: entity.to_owned(), entity_id: entity_id.to_owned(), field: field.to_owned() };
        let state = sync::field_state(self.tx, &target, self.origin)?;
        if state.shown.as_ref() == Some(&value) && !(resolving && state.conflicted) {
            return Ok(false);
        }
        *self.clock = self.clock.tick(Hlc::now_ms());
        let op = Operation {
            origin: self.origin.to_owned(),
            origin_seq: self.next_seq,
            hlc: *self.clock,
            entity: target.entity.clone(),
            entity_id: target.entity_id.clone(),
            field: target.field.clone(),
            value,
            prev_value: state.shown,
            actor: self.actor.to_owned(),
            batch: self.batch,
            action: self.action.to_owned(),
            base: state.foreign_heads,
        };
        self.next_seq += 1;
        apply(self.tx, &op)?;
        if state.conflicted {
            sync::refresh_conflict(self.tx, &target)?;
        }
        self.touch(&op)?;
        Ok(true)
    }

    /// Notes what an operation from elsewhere changed and moves the clock
    /// past it; a field with more than one write may now be in conflict.
    pub(crate) fn observe(&mut self, op: &Operation, alone: bool) -> Result<()> {
        *self.clock = (*self.clock).max(op.hlc);
        if !alone {
            self.merged.insert(FieldRef {
                entity: op.entity.clone(),
                entity_id: op.entity_id.clone(),
                field: op.field.clone(),
            });
        }
        self.touch(op)
    }

    fn touch(&mut self, op: &Operation) -> Result<()> {
        let indexed = match op.entity.as_str() {
            materialize::PROPOSAL => Indexed::Proposal(op.entity_id.clone()),
            materialize::HISTORY => Indexed::History(op.entity_id.clone()),
            materialize::PLAN_ITEM => Indexed::Plan(op.entity_id.clone()),
            _ => {
                let key = (op.entity.clone(), op.entity_id.clone());
                let proposal = match self.record_proposals.get(&key) {
                    Some(p) if !p.is_empty() => p.clone(),
                    _ => {
                        let p: String = self
                            .tx
                            .prepare_cached("SELECT proposal_id FROM records WHERE entity = ?1 AND id = ?2")?
                            .query_row((&op.entity, &op.entity_id), |r| r.get(0))?;
                        self.record_proposals.insert(key, p.clone());
                        p
                    }
                };
                Indexed::Proposal(proposal)
            }
        };
        self.touched.insert(indexed);
        Ok(())
    }

    /// Sets every field of `document` (a struct serialising as an object)
    /// on `entity`/`entity_id` but those in `skip`; whether any changed.
    pub(crate) fn set_document(
        &mut self,
        entity: &str,
        entity_id: &str,
        document: &impl serde::Serialize,
        skip: &[&str],
    ) -> Result<bool> {
        let serde_json::Value::Object(fields) = serde_json::to_value(document)? else {
            unreachable!("documents serialise as objects");
        };
        let mut changed = false;
        for (field, value) in fields.into_iter().filter(|(f, _)| !skip.contains(&f.as_str())) {
            changed |= self.set(entity, entity_id, &field, value)?;
        }
        Ok(changed)
    }

    /// What this action has changed so far, to reindex, and the fields
    /// merged from elsewhere.
    pub(crate) fn take_touched(
        &mut self,
    ) -> (std::collections::BTreeSet<Indexed>, std::collections::BTreeSet<FieldRef>) {
        (std::mem::take(&mut self.touched), std::mem::take(&mut self.merged))
    }
}

/// What a search document belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Indexed {
    Proposal(String),
    History(String),
    Plan(String),
}

/// What applying an operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Applied {
    /// Already in the log: nothing happened.
    Known,
    /// Stored; `alone` when it is the only write its field ever had, which
    /// cannot be in conflict with anything.
    Stored { alone: bool },
}

/// Records `op` and, if it is the newest write of its field, materialises it.
/// Applying an operation that is already in the log does nothing, so
/// re-delivered operations are harmless.
pub(crate) fn apply(tx: &Connection, op: &Operation) -> Result<Applied> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO ops (origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value, actor, batch, action, base)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (origin, origin_seq) DO NOTHING",
        )?
        .execute((
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
            op.batch,
            &op.action,
            (!op.base.is_empty()).then(|| serde_json::to_string(&op.base)).transpose()?,
        ))?;
    if inserted == 0 {
        return Ok(Applied::Known);
    }
    if !materialize::PROPOSAL_LIKE.contains(&op.entity.as_str()) {
        // A record is born with its first write by the clock, wherever that
        // write arrives from, so records list in the same order everywhere.
        tx.prepare_cached(
            "INSERT INTO records (entity, id, born) VALUES (?1, ?2, ?3)
             ON CONFLICT (entity, id) DO UPDATE SET born = excluded.born WHERE born = 0 OR excluded.born < born",
        )?
        .execute((&op.entity, &op.entity_id, op.hlc.wall_ms * 1_048_576 + i64::from(op.hlc.counter)))?;
    }
    let (newest, alone) = latest(tx, &op.entity, &op.entity_id, &op.field)?;
    if !newest.is_some_and(|(hlc, origin)| op.precedes(hlc, &origin)) {
        materialize::apply(tx, op)?;
    }
    Ok(Applied::Stored { alone })
}

/// The clock and origin of a field's newest write, and whether it is the
/// field's only write.
fn latest(tx: &Connection, entity: &str, entity_id: &str, field: &str) -> Result<(Option<(Hlc, String)>, bool)> {
    let mut stmt = tx.prepare_cached(
        "SELECT hlc_wall, hlc_counter, origin FROM ops
         WHERE entity = ?1 AND entity_id = ?2 AND field = ?3
         ORDER BY hlc_wall DESC, hlc_counter DESC, origin DESC LIMIT 2",
    )?;
    let rows: Vec<(Hlc, String)> = stmt
        .query_map((entity, entity_id, field), |r| Ok((Hlc { wall_ms: r.get(0)?, counter: r.get(1)? }, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let alone = rows.len() < 2;
    Ok((rows.into_iter().next(), alone))
}

/// The columns [`Operation::from_row`] reads, in order.
pub(crate) const OP_COLUMNS: &str =
    "origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value, actor, batch, action, base";

impl Operation {
    pub(crate) fn from_row(r: &Row) -> rusqlite::Result<Operation> {
        let json = |i: usize| -> rusqlite::Result<Option<Value>> {
            let text: Option<String> = r.get(i)?;
            text.map(|t| {
                serde_json::from_str(&t)
                    .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into()))
            })
            .transpose()
        };
        Ok(Operation {
            origin: r.get(0)?,
            origin_seq: r.get(1)?,
            hlc: Hlc { wall_ms: r.get(2)?, counter: r.get(3)? },
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            field: r.get(6)?,
            value: json(7)?.unwrap_or(Value::Null),
            prev_value: json(8)?,
            actor: r.get(9)?,
            batch: r.get(10)?,
            action: r.get(11)?,
            base: json(12)?
                .map(serde_json::from_value)
                .transpose()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(12, rusqlite::types::Type::Text, e.into()))?
                .unwrap_or_default(),
        })
    }
}
