//! 操作日志: the append-only log of field changes. This module only knows
//! the log itself: what an operation is, how it is stored and read back.
//! Deciding which write wins is [`crate::merge`]'s business, bringing the
//! tables in line [`crate::materialize`]'s, and writing a clerk's action
//! [`crate::Writer`]'s.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::fields::{FieldError, Target};
use crate::{Hlc, Result};

/// One change to one field of one record: what sync ships and what the audit
/// trail shows. Its kind of record and field are a [`Target`], parsed once
/// where the log or a package is read; on the wire and in the log they are
/// names ([`SentOperation`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "SentOperation", try_from = "SentOperation")]
pub struct Operation {
    /// The installation that made the change.
    pub origin: String,
    /// Contiguous per origin, from 1: a gap means a missing change.
    pub origin_seq: i64,
    pub hlc: Hlc,
    /// The kind of record and the field written.
    pub target: Target,
    pub entity_id: String,
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
    pub base: Vec<OpRef>,
    /// 经由: the fingerprint of the key that signed the package this
    /// operation arrived in, as this installation verified it; `None` for
    /// its own writes. Never read from a package: the receiver sets it.
    pub via: Option<String>,
}

/// 传送形式: an operation as a package carries it, its kind of record and
/// field by name. A sender may name anything here; [`Operation::try_from`]
/// is the one place such names become a [`Target`], and an operation that
/// names what the field list does not hold is refused on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentOperation {
    pub origin: String,
    pub origin_seq: i64,
    pub hlc: Hlc,
    /// The kind of record: "proposal", "reply" … (see [`crate::Entity`]).
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    pub value: Value,
    pub prev_value: Option<Value>,
    pub actor: String,
    pub batch: i64,
    pub action: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base: Vec<OpRef>,
    #[serde(skip)]
    pub via: Option<String>,
}

/// `$to` made of `$from`'s fields but its kind of record and field, which
/// are given: the one list of what an operation and its sent form share.
macro_rules! carried {
    ($from:ident => $to:ident { $($named:tt)* }) => {
        $to {
            origin: $from.origin,
            origin_seq: $from.origin_seq,
            hlc: $from.hlc,
            entity_id: $from.entity_id,
            value: $from.value,
            prev_value: $from.prev_value,
            actor: $from.actor,
            batch: $from.batch,
            action: $from.action,
            base: $from.base,
            via: $from.via,
            $($named)*
        }
    };
}

impl TryFrom<SentOperation> for Operation {
    type Error = FieldError;

    fn try_from(sent: SentOperation) -> Result<Operation, FieldError> {
        let target = Target::parse(&sent.entity, &sent.field)?;
        Ok(carried!(sent => Operation { target }))
    }
}

impl From<Operation> for SentOperation {
    fn from(op: Operation) -> SentOperation {
        let (entity, field) = (op.target.entity().name().to_owned(), op.target.name().to_owned());
        carried!(op => SentOperation { entity, field })
    }
}

/// One operation, by its origin and sequence number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OpRef(pub String, pub i64);

/// A field of a record: what a conflict is about. Named by strings where it
/// crosses to the window ([`NamedField`]), parsed against the field list
/// when it comes back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, TS)]
#[ts(as = "NamedField")]
pub struct FieldRef {
    pub target: Target,
    pub entity_id: String,
}

/// A [`FieldRef`] as the window holds it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export, rename = "FieldRef")]
pub struct NamedField {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
}

impl TryFrom<NamedField> for FieldRef {
    type Error = FieldError;

    fn try_from(named: NamedField) -> Result<FieldRef, FieldError> {
        Ok(FieldRef { target: Target::parse(&named.entity, &named.field)?, entity_id: named.entity_id })
    }
}

impl From<FieldRef> for NamedField {
    fn from(key: FieldRef) -> NamedField {
        NamedField {
            entity: key.target.entity().name().to_owned(),
            entity_id: key.entity_id,
            field: key.target.name().to_owned(),
        }
    }
}

impl Serialize for FieldRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        NamedField::from(self.clone()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FieldRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<FieldRef, D::Error> {
        FieldRef::try_from(NamedField::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

// By record, then field, as the log's index runs.
impl PartialOrd for FieldRef {
    fn partial_cmp(&self, other: &FieldRef) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FieldRef {
    fn cmp(&self, other: &FieldRef) -> std::cmp::Ordering {
        (self.target.entity(), &self.entity_id, self.target.name()).cmp(&(
            other.target.entity(),
            &other.entity_id,
            other.target.name(),
        ))
    }
}

impl Operation {
    /// Last-writer-wins order: the clock first, the origin breaks ties so every
    /// installation picks the same winner.
    pub(crate) fn order(&self) -> (Hlc, &str) {
        (self.hlc, &self.origin)
    }

    pub(crate) fn precedes(&self, hlc: Hlc, origin: &str) -> bool {
        self.order() < (hlc, origin)
    }

    pub fn field_ref(&self) -> FieldRef {
        FieldRef { target: self.target, entity_id: self.entity_id.clone() }
    }
}

/// The numbers the log stores for names (origins, kinds of record, fields,
/// authors, actions, key fingerprints) and for records, as one transaction
/// has looked them up or made them. Kept per transaction: one rolled back
/// takes the numbers it made with it.
///
/// Looked up for every operation written (six names and a record each), so
/// the maps hash with foldhash rather than the standard library's SipHash,
/// and a record is found by its kind's number and then its id, without
/// copying either.
#[derive(Default)]
pub(crate) struct LogNames {
    names: foldhash::HashMap<String, i64>,
    subjects: foldhash::HashMap<i64, foldhash::HashMap<String, i64>>,
}

impl LogNames {
    /// The number of `name`, made if new.
    fn name(&mut self, tx: &Connection, name: &str) -> Result<i64> {
        if let Some(&id) = self.names.get(name) {
            return Ok(id);
        }
        let held: Option<i64> = tx
            .prepare_cached("SELECT id FROM log_names WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?;
        let id = match held {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO log_names (name) VALUES (?1)")?.execute([name])?;
                tx.last_insert_rowid()
            }
        };
        self.names.insert(name.to_owned(), id);
        Ok(id)
    }

    /// The number of the record `entity`/`entity_id`, made if new.
    fn subject(&mut self, tx: &Connection, entity: &str, entity_id: &str) -> Result<i64> {
        let entity = self.name(tx, entity)?;
        if let Some(&id) = self.subjects.get(&entity).and_then(|ids| ids.get(entity_id)) {
            return Ok(id);
        }
        let held: Option<i64> = tx
            .prepare_cached("SELECT id FROM log_subjects WHERE entity = ?1 AND entity_id = ?2")?
            .query_row((entity, entity_id), |r| r.get(0))
            .optional()?;
        let id = match held {
            Some(id) => id,
            None => {
                tx.prepare_cached("INSERT INTO log_subjects (entity, entity_id) VALUES (?1, ?2)")?
                    .execute((entity, entity_id))?;
                tx.last_insert_rowid()
            }
        };
        self.subjects.entry(entity).or_default().insert(entity_id.to_owned(), id);
        Ok(id)
    }
}

/// The number of the record `?1`/`?2` (kind, id) in SQL: one lookup, then
/// the log's own index.
pub(crate) const SUBJECT: &str = "(SELECT s.id FROM log_subjects s JOIN log_names e ON e.id = s.entity
  WHERE e.name = ?1 AND s.entity_id = ?2)";

/// Appends `op` to the log; `false` when it was there already (the same
/// origin and sequence number), so re-delivered operations are harmless.
pub(crate) fn append(tx: &Connection, names: &mut LogNames, op: &Operation) -> Result<bool> {
    let via = op.via.as_deref().map(|via| names.name(tx, via)).transpose()?;
    let inserted = tx
        .prepare_cached(
            "INSERT INTO log (origin, origin_seq, hlc_wall, hlc_counter, subject, field, value, prev_value, actor, batch, action, base, via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (origin, origin_seq) DO NOTHING",
        )?
        .execute((
            names.name(tx, &op.origin)?,
            op.origin_seq,
            op.hlc.wall_ms,
            op.hlc.counter,
            names.subject(tx, op.target.entity().name(), &op.entity_id)?,
            names.name(tx, op.target.name())?,
            op.value.to_string(),
            op.prev_value.as_ref().map(Value::to_string),
            names.name(tx, &op.actor)?,
            op.batch,
            names.name(tx, &op.action)?,
            (!op.base.is_empty()).then(|| serde_json::to_string(&op.base)).transpose()?,
            via,
        ))?;
    Ok(inserted > 0)
}

/// Whether the log holds any write of the record `entity`/`entity_id`.
pub(crate) fn holds(tx: &Connection, entity: &str, entity_id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM log WHERE subject = {SUBJECT})"))?
        .query_row((entity, entity_id), |r| r.get(0))?)
}

/// Whether any write of the record `entity`/`entity_id` counts: one not
/// withdrawn ([`crate::Writer::withdraw`]).
pub(crate) fn holds_written(tx: &Connection, entity: &str, entity_id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM log l WHERE l.subject = {SUBJECT}
               AND NOT EXISTS (SELECT 1 FROM withdrawn_ops w WHERE w.seq = l.seq))"
        ))?
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
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT l.hlc_wall, l.hlc_counter, o.name FROM log l JOIN log_names o ON o.id = l.origin
         WHERE l.subject = {SUBJECT} AND l.field = (SELECT id FROM log_names WHERE name = ?3)
           AND NOT EXISTS (SELECT 1 FROM withdrawn_ops w WHERE w.seq = l.seq)
         ORDER BY l.hlc_wall DESC, l.hlc_counter DESC, o.name DESC LIMIT 2"
    ))?;
    let rows: Vec<(Hlc, String)> = stmt
        .query_map((entity, entity_id, field), |r| Ok((Hlc { wall_ms: r.get(0)?, counter: r.get(1)? }, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let alone = rows.len() < 2;
    Ok((rows.into_iter().next(), alone))
}

/// The highest sequence number of `origin` in the log (0 for none).
pub(crate) fn last_seq(conn: &Connection, origin: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(max(origin_seq), 0) FROM log WHERE origin = (SELECT id FROM log_names WHERE name = ?1)",
        )?
        .query_row([origin], |r| r.get(0))?)
}

/// The columns [`Operation::from_row`] reads, in order.
pub(crate) const OP_COLUMNS: &str =
    "origin, origin_seq, hlc_wall, hlc_counter, entity, entity_id, field, value, prev_value, actor, batch, action, base, via";
/// How many columns [`OP_COLUMNS`] names: a query's next column is at this index.
pub(crate) const OP_COLUMN_COUNT: usize = 14;

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
        let (entity, field): (String, String) = (r.get(4)?, r.get(6)?);
        let target = Target::named(&entity, &field)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, e.into()))?;
        Ok(Operation {
            origin: r.get(0)?,
            origin_seq: r.get(1)?,
            hlc: Hlc { wall_ms: r.get(2)?, counter: r.get(3)? },
            target,
            entity_id: r.get(5)?,
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
