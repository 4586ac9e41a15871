//! 收到的修改: the operations of a package as the records they write, each
//! with the identity (proposal, unit, lead) the merge will leave it with.
//!
//! Identity fields are write-once ([`Entity::identity`]): the record's first
//! write fixes them, so the identity a record will have after the merge is
//! the one it has now, or, for a record new here, the one value the package
//! gives. A package that gives two values, or one that differs from what is
//! held, is refused for that record. The core's judge reads the identity
//! from here, and the merge applies exactly the operations of the records
//! the judge accepted: both see the same record, whatever order the file
//! lists its operations in.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::fields::{self, Absent, Entity, Patch, Target};
use crate::{Hlc, Operation, Reader, Result, SentOperation};
use tian_domain::words::field_label;

/// A record a package writes.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingRecord {
    pub entity: Entity,
    pub id: String,
    /// Whether this installation holds the record already.
    pub exists: bool,
    /// The proposal it belongs to (a proposal's own id for a proposal).
    pub proposal_id: Option<String>,
    /// The unit it is in the name of (`None`: the committee's, or a record
    /// kind with no unit).
    pub unit: Option<String>,
    /// For a reply: the lead unit's (主办) rather than a co-unit's (会办).
    pub lead: Option<bool>,
    /// For a suggestion: its number.
    pub index: Option<u64>,
    /// For a reply: the round (办理轮次) it answers.
    pub round: Option<u64>,
    /// Each field the package writes, with the value of its latest write in
    /// the package.
    pub patch: Patch,
    /// The record's fields as this installation holds them (none when new).
    pub held: Patch,
    /// The package's operations on it, by position.
    pub ops: Vec<usize>,
    /// Why its identity is in doubt (written twice, changed, or its id used
    /// for another kind of record): none of its operations can be taken,
    /// whoever sent them.
    pub conflict: Option<String>,
    /// A record new here that the package does not give whole: merged, it
    /// could not be read.
    pub incomplete: bool,
}

/// A package's operations, parsed and grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub records: Vec<IncomingRecord>,
    /// Per operation, why it cannot be taken on its own (unknown field,
    /// ill-typed value, impossible clock), whoever sent it.
    pub refused: Vec<Option<String>>,
    /// Per operation, the operation typed: `None` where it names a kind of
    /// record or a field the field list does not hold (it is refused).
    pub operations: Vec<Option<Operation>>,
}

/// How many other installations' writes of one field an operation may say
/// it replaces: one per installation that writes it, with room to spare.
const MAX_BASE: usize = 64;

/// How far past the highest change this installation holds from an origin
/// a received change of that origin may be numbered: some four billion,
/// beyond any office's changes between two exchanges. Stored, and sent back
/// to its origin (whose next change is numbered after the highest it holds
/// of its own), a number near the integer's end would leave the origin no
/// number for its next change; a bounded step keeps that end out of reach.
pub(crate) const MAX_SEQ_STEP: i64 = 1 << 32;

/// The highest number a change may carry at all, whatever was held before.
const MAX_ORIGIN_SEQ: i64 = 1 << 62;

/// What a received change is held to beyond its own form.
pub struct IncomingLimits {
    /// How far ahead of this installation's clock a received stamp may be.
    pub now_ms: i64,
    pub skew_ms: i64,
    /// Whether a change may be numbered only [`MAX_SEQ_STEP`] past its
    /// origin's changes held: at the committee, which takes each unit's
    /// changes from the unit itself. A unit takes the others' changes as
    /// the committee relays them, numbered as the committee took them,
    /// from wherever its own holding of them began.
    pub bounded_steps: bool,
}

impl Reader<'_> {
    /// Parses `ops`, received from `sender`, and groups them by record (see
    /// the module's documentation).
    pub fn incoming(&self, sent: &[SentOperation], sender: &str, limits: &IncomingLimits) -> Result<Incoming> {
        let mut refused: Vec<Option<String>> = Vec::with_capacity(sent.len());
        let mut ops: Vec<Option<Operation>> = Vec::with_capacity(sent.len());
        let mut highest: HashMap<String, i64> = HashMap::new();
        for sent in sent.iter().filter(|s| limits.bounded_steps && valid_origin(&s.origin)) {
            if !highest.contains_key(&sent.origin) {
                highest.insert(sent.origin.clone(), crate::oplog::last_seq(self.conn, &sent.origin)?);
            }
        }
        for sent in sent {
            let op = Operation::try_from(sent.clone());
            let checked = op.as_ref().map_err(Clone::clone).and_then(|op| {
                fields::check_value(op.target, &op.entity_id, &op.value)?;
                Ok(op)
            });
            refused.push(match checked {
                Err(e) => Some(e.to_string()),
                Ok(op) if !valid_origin(&op.origin) || op.origin_seq < 1 => Some("来源编号无效".to_owned()),
                Ok(op)
                    if op.origin_seq > MAX_ORIGIN_SEQ
                        || highest.get(&op.origin).is_some_and(|held| op.origin_seq - held > MAX_SEQ_STEP) =>
                {
                    Some("修改的编号大得不可能（比本机已有的该来源修改多出四十亿以上）".to_owned())
                }
                // The value before the change is stored with it, in the
                // append-only log: it is held to the field's own limits.
                Ok(op)
                    if op.prev_value.as_ref().is_some_and(|prev| {
                        !prev.is_null() && fields::check_value(op.target, &op.entity_id, prev).is_err()
                    }) =>
                {
                    Some("修改前的值不符合该字段的要求".to_owned())
                }
                Ok(op)
                    if op.base.len() > MAX_BASE
                        || op.base.iter().any(|b| !valid_origin(&b.0) || !(1..=MAX_ORIGIN_SEQ).contains(&b.1)) =>
                {
                    Some("所依据的修改记录无效".to_owned())
                }
                // Shown in the audit trail as they are: one short line each.
                Ok(op) if !one_line(&op.actor, 100) || !one_line(&op.action, 100) => {
                    Some("经办人或操作名称不是一行短文字".to_owned())
                }
                Ok(op) if op.hlc.wall_ms < 0 => Some("时间戳无效".to_owned()),
                Ok(op) if !op.hlc.acceptable(limits.now_ms, limits.skew_ms) => {
                    Some(format!("时间戳（{}）比本机时钟超前太多，{sender}的电脑时钟可能有误", stamp_text(op.hlc)))
                }
                Ok(_) => None,
            });
            ops.push(op.ok());
        }
        self.refuse_equivocation(&ops, &mut refused)?;
        // Records are assembled from the operations the merge would store.
        let mut groups: BTreeMap<(Entity, &str), Vec<usize>> = BTreeMap::new();
        for (i, op) in ops.iter().enumerate().filter(|(i, _)| refused[*i].is_none()) {
            if let Some(op) = op {
                groups.entry((op.target.entity(), op.entity_id.as_str())).or_default().push(i);
            }
        }
        let held = self.held_records(groups.keys().filter(|(entity, _)| entity.is_record()).map(|(_, id)| *id))?;
        let mut records = Vec::with_capacity(groups.len());
        for ((entity, id), positions) in groups {
            let under_id = held.get(id).map_or(&[][..], Vec::as_slice);
            records.push(self.incoming_record(entity, id, positions, &ops, under_id)?);
        }
        // One id, one kind of record, in the package as in the store.
        let mut kinds: BTreeMap<&str, Vec<Entity>> = BTreeMap::new();
        for r in records.iter().filter(|r| r.entity.is_record()) {
            kinds.entry(r.id.as_str()).or_default().push(r.entity);
        }
        let doubled: Vec<String> =
            kinds.into_iter().filter(|(_, k)| k.len() > 1).map(|(id, _)| id.to_owned()).collect();
        for r in records.iter_mut().filter(|r| doubled.contains(&r.id)) {
            r.conflict.get_or_insert_with(|| "同一编号被用于两种记录".to_owned());
        }
        Ok(Incoming { records, refused, operations: ops })
    }

    fn incoming_record(
        &self,
        entity: Entity,
        id: &str,
        positions: Vec<usize>,
        ops: &[Option<Operation>],
        under_id: &[HeldRow],
    ) -> Result<IncomingRecord> {
        // The package's latest write of each field, by the clock as the merge orders them.
        let mut latest: BTreeMap<&str, &Operation> = BTreeMap::new();
        let mut given: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for op in positions.iter().filter_map(|&i| ops[i].as_ref()) {
            let field = op.target.name();
            if latest.get(field).is_none_or(|kept| kept.precedes(op.hlc, &op.origin)) {
                latest.insert(field, op);
            }
            if op.target.is_identity() {
                let values = given.entry(field).or_default();
                if !values.contains(&&op.value) {
                    values.push(&op.value);
                }
            }
        }
        let fields: Map<String, Value> = latest.iter().map(|(f, op)| ((*f).to_owned(), op.value.clone())).collect();
        let none = || Patch::read(entity, &Map::new(), Absent::Unwritten).expect("an empty record reads");
        let mut record = IncomingRecord {
            entity,
            id: id.to_owned(),
            exists: false,
            proposal_id: None,
            unit: None,
            lead: None,
            index: None,
            round: None,
            patch: none(),
            held: none(),
            ops: positions,
            conflict: None,
            incomplete: false,
        };
        match Patch::read(entity, &fields, Absent::Unwritten) {
            Ok(patch) => record.patch = patch,
            // Every value was checked against its field's kind: one that
            // still does not read is the field list's mistake, not the sender's.
            Err(field) => record.conflict = Some(format!("“{}”的值无法读取", field_label(field))),
        }
        if !entity.is_record() {
            record.exists = self.holds_row(entity, id)?;
            record.proposal_id = (entity == Entity::Proposal).then(|| id.to_owned());
            return Ok(record);
        }
        let mut held = None;
        let mut other_kind = false;
        for row in under_id {
            if row.kind == entity.name() {
                held = Some((&row.proposal_id, &row.data));
            } else {
                other_kind = true;
            }
        }
        let mut identity: Map<String, Value> = Map::new();
        if let Some((proposal_id, data)) = held {
            record.exists = true;
            let mut data: Map<String, Value> = serde_json::from_str(data).unwrap_or_default();
            // The record's proposal is kept in a column of its own, not in its data.
            if !proposal_id.is_empty() {
                data.insert("proposal_id".into(), Value::String(proposal_id.to_owned()));
            }
            match Patch::read(entity, &data, Absent::Null) {
                Ok(held) => record.held = held,
                Err(field) => record.conflict = Some(format!("本机保存的这条记录的“{}”无法读取", field_label(field))),
            }
            for field in entity.identity() {
                let value = if *field == "proposal_id" {
                    (!proposal_id.is_empty()).then(|| Value::String(proposal_id.to_owned()))
                } else {
                    data.get(*field).cloned()
                };
                if let Some(value) = value {
                    identity.insert((*field).to_owned(), value);
                }
            }
        }
        for (field, values) in &given {
            match (values.as_slice(), identity.get(*field)) {
                ([one], None) => {
                    identity.insert((*field).to_owned(), (*one).clone());
                }
                ([one], Some(held)) if *one == held => {}
                ([_], Some(_)) => {
                    record.conflict = Some(format!("不能更改记录的归属（{}）", identity_label(field)));
                }
                _ => record.conflict = Some(format!("同一记录的归属（{}）被写了不止一次", identity_label(field))),
            }
        }
        if other_kind {
            record.conflict.get_or_insert_with(|| "同一编号被用于两种记录".to_owned());
        }
        if !record.exists {
            let mut whole = fields;
            whole.insert("id".into(), Value::String(id.to_owned()));
            record.incomplete = !entity.complete(whole) || !identity.contains_key("proposal_id");
        }
        record.proposal_id = identity.get("proposal_id").and_then(Value::as_str).map(str::to_owned);
        record.unit = identity.get("unit").and_then(Value::as_str).map(str::to_owned);
        record.lead = identity.get("lead").and_then(Value::as_bool);
        record.index = identity.get("index").and_then(Value::as_u64);
        record.round = identity.get("round").and_then(Value::as_u64);
        Ok(record)
    }

    /// An operation is named by its origin and sequence number, and the log
    /// keeps the first it receives under a name. A package that gives one
    /// name two different operations, or a name this installation holds
    /// with other content, would have its checks read one operation and the
    /// log keep another: such operations are refused.
    fn refuse_equivocation(&self, ops: &[Option<Operation>], refused: &mut [Option<String>]) -> Result<()> {
        let mut first: HashMap<(&str, i64), (usize, &Operation)> = HashMap::new();
        let twice = "同一编号的修改有两个不同的版本";
        for (i, op) in ops.iter().enumerate() {
            let Some(op) = op.as_ref().filter(|_| refused[i].is_none()) else { continue };
            match first.get(&(op.origin.as_str(), op.origin_seq)) {
                Some(&(j, other)) if !same_change(other, op) => {
                    refused[i] = Some(twice.to_owned());
                    refused[j] = Some(twice.to_owned());
                }
                Some(_) => {}
                None => {
                    first.insert((op.origin.as_str(), op.origin_seq), (i, op));
                }
            }
        }
        // What this installation holds under the package's numbers, read
        // one origin's range at a time rather than one number at a time.
        let mut ranges: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for &(origin, seq) in first.keys() {
            let range = ranges.entry(origin).or_insert((seq, seq));
            *range = (range.0.min(seq), range.1.max(seq));
        }
        let mut held = self.conn.prepare_cached(
            "SELECT origin_seq, entity, entity_id, field, value, hlc_wall, hlc_counter FROM ops
             WHERE origin = ?1 AND origin_seq BETWEEN ?2 AND ?3",
        )?;
        for (origin, (low, high)) in ranges {
            let rows = held.query_map((origin, low, high), |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?),
                    Hlc { wall_ms: r.get(5)?, counter: r.get(6)? },
                ))
            })?;
            for row in rows {
                let (seq, (entity, entity_id, field, value), hlc) = row?;
                let Some(&(i, op)) = first.get(&(origin, seq)) else { continue };
                let target = Target::named(&entity, &field)?;
                let value: Option<Value> = serde_json::from_str(&value).ok();
                let same = (target, entity_id.as_str(), value.as_ref(), hlc)
                    == (op.target, op.entity_id.as_str(), Some(&op.value), op.hlc);
                if !same {
                    refused[i] = Some("与本机已收到的同一编号修改内容不同".to_owned());
                }
            }
        }
        Ok(())
    }

    /// The rows of every kind of record held under each of `ids` (kind,
    /// proposal, data), in one statement: a record's own kind's row is the
    /// record held, any other kind's makes its id taken. Naming every kind
    /// lets the primary key (entity, id) answer, where `id = ?` alone would
    /// read the whole table for every record; CROSS JOIN keeps the ids the
    /// outer loop, which the planner would otherwise turn inside out.
    fn held_records<'i>(&self, ids: impl Iterator<Item = &'i str>) -> Result<HashMap<String, Vec<HeldRow>>> {
        static UNDER_IDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let kinds: Vec<String> =
                Entity::ALL.iter().filter(|e| e.is_record()).map(|e| format!("'{}'", e.name())).collect();
            format!(
                "SELECT r.id, r.entity, coalesce(r.proposal_id, ''), r.data
                 FROM json_each(?1) j CROSS JOIN records r ON r.entity IN ({}) AND r.id = j.value",
                kinds.join(", ")
            )
        });
        let ids = serde_json::to_string(&ids.collect::<std::collections::BTreeSet<_>>())?;
        let mut out: HashMap<String, Vec<HeldRow>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&UNDER_IDS)?;
        let mut rows = stmt.query([ids])?;
        while let Some(row) = rows.next()? {
            let held = HeldRow { kind: row.get(1)?, proposal_id: row.get(2)?, data: row.get(3)? };
            out.entry(row.get(0)?).or_default().push(held);
        }
        Ok(out)
    }

    fn holds_row(&self, entity: Entity, id: &str) -> Result<bool> {
        let sql = match entity {
            Entity::Proposal => "SELECT EXISTS (SELECT 1 FROM proposals WHERE id = ?1)",
            Entity::History => "SELECT EXISTS (SELECT 1 FROM history WHERE id = ?1)",
            _ => "SELECT EXISTS (SELECT 1 FROM plan_items WHERE id = ?1)",
        };
        Ok(self.conn.query_row(sql, [id], |r| r.get(0))?)
    }
}

/// A row of `records` held under an incoming record's id.
struct HeldRow {
    kind: String,
    /// Empty for none.
    proposal_id: String,
    data: String,
}

fn one_line(text: &str, max: usize) -> bool {
    text.chars().count() <= max && !text.chars().any(|c| c.is_control() || tian_domain::text::unsavable(c))
}

fn same_change(a: &Operation, b: &Operation) -> bool {
    (a.target, &a.entity_id, &a.value, a.hlc) == (b.target, &b.entity_id, &b.value, b.hlc)
}

/// Origins are made by Tian as 32 hex digits; anything of that shape and
/// length is accepted, since older installations may differ.
fn valid_origin(origin: &str) -> bool {
    !origin.is_empty() && origin.len() <= 64 && origin.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn identity_label(field: &str) -> &'static str {
    match field {
        "proposal_id" => "所属提案",
        "unit" => "单位",
        "lead" => "主办或会办",
        "index" => "建议序号",
        "round" => "办理轮次",
        _ => "归属",
    }
}

fn stamp_text(hlc: Hlc) -> String {
    chrono::DateTime::from_timestamp_millis(hlc.wall_ms)
        .map(|t| t.format("%Y年%-m月%-d日").to_string())
        .unwrap_or_else(|| "无效时间".to_owned())
}
