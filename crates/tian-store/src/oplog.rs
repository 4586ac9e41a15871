//! 操作日志: the append-only log of field changes. This module only knows
//! the log itself: what an operation is, how it is stored and read back.
//! Deciding which write wins is [`crate::merge`]'s business, bringing the
//! tables in line [`crate::materialize`]'s, and writing a clerk's action
//! [`crate::Writer`]'s.

use rusqlite::{Connection, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::{Hlc, Result};

/// One change to one field of one record: what sync ships and what the audit
/// trail shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The installation that made the change.
    pub origin: String,
    /// Contiguous per origin, from 1: a gap means a missing change.
    pub origin_seq: i64,
    pub hlc: Hlc,
    /// The kind of record: "proposal", "reply" … (see [`crate::Entity`]).
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub value: Value,
    /// The value the author saw before the change, for the audit trail.
    pub prev_value: Option<Value>,
    /// Who made the change, as the author's installation says (the user name
    /// set there).
    pub actor: String,
    /// The origin_seq of the first operation of the same action.
    pub batch: i64,
    /// The action's name as the clerk knows it: "交办", "录入答复" …
    pub action: String,
    /// The other installations' writes of this field the author had seen and
    /// replaces; see [`crate::merge`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<OpRef>,
    /// 经由: the fingerprint of the key that signed the package this
    /// operation arrived in, as this installation verified it; `None` for
    /// its own writes. Never read from a package: the receiver sets it.
    #[serde(skip)]
    pub via: Option<String>,
}

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

impl Operation {
    /// Last-writer-wins order: the clock first, the origin breaks ties so every
    /// installation picks the same winner.
    pub(crate) fn precedes(&self, hlc: Hlc, origin: &str) -> bool {
        (self.hlc, self.origin.as_str()) < (hlc, origin)
    }

    pub fn field_ref(&self) -> FieldRef {
        FieldRef { entity: self.entity.clone(), entity_id: self.entity_id.clone(), field: self.field.clone() }
    }
}

/// Appends `op` to the log; `false` when it was there already (the same
/// origin and sequence number), so re-delivered operations are harmless.
pub(crate) fn append(tx: &Connection, op: &Operation) -> Result<bool> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO ops (origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value, actor, batch, action, base, via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
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
            &op.via,
        ))?;
    Ok(inserted > 0)
}

/// Whether the log holds any write of the record `entity`/`entity_id`.
pub(crate) fn holds(tx: &Connection, entity: &str, entity_id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM ops WHERE entity = ?1 AND entity_id = ?2)")?
        .query_row((entity, entity_id), |r| r.get(0))?)
}

/// The clock and origin of a field's newest write, and whether it is the
/// field's only write.
pub(crate) fn latest(
    tx: &Connection,
    entity: &str,
    entity_id: &str,
    field: &str,
) -> Result<(Option<(Hlc, String)>, bool)> {
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
    "origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value, actor, batch, action, base, via";

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
            via: r.get(13)?,
        })
    }
}
