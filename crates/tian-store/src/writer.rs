//! 写入: a clerk's action, or an imported package, as one transaction's
//! worth of operations. Every write passes the field list
//! ([`crate::fields`]) and keeps identity fields as their first write set
//! them, then goes through [`crate::merge`], which materialises the winner.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

use crate::fields::{self, CommonField, Entity, Target};
use crate::merge::{self, Applied};
use crate::oplog::{self, FieldRef, LogNames, OpRef, Operation};
use crate::{materialize, search, Hlc, Reader, RefusedOperation, Result, StoreError};

/// Appends the operations of one action within one transaction, stamping
/// them from the clock. Reads through [`Writer::read`] see the action's own
/// writes so far.
pub struct Writer<'a> {
    pub(crate) tx: &'a Connection,
    pub(crate) origin: &'a str,
    actor: &'a str,
    action: &'a str,
    clock: &'a mut Hlc,
    next_seq: i64,
    batch: i64,
    /// What this action changed, to settle and reindex before it commits.
    touched: Touched,
    /// Fields other installations' operations touched, whose conflict state
    /// is settled before the action commits.
    merged: BTreeSet<FieldRef>,
    /// The proposal of each record this action wrote, by kind and id, so
    /// that a record's many fields cost one lookup.
    record_proposals: foldhash::HashMap<Entity, foldhash::HashMap<String, String>>,
    /// When the search documents of what it touched are rebuilt.
    indexing: Indexing,
    /// Under [`Indexing::AtTheEnd`], the proposals whose documents wait.
    deferred: BTreeSet<String>,
    /// The log's numbers for names, as this transaction knows them.
    names: LogNames,
}

/// When an action's search documents are rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indexing {
    /// Before it commits.
    Now,
    /// At the end of the bulk transaction it runs in, once for all its
    /// actions (and each settling within one, as an import's).
    AtTheEnd,
    /// Never: the action is rehearsed, to be rolled back, and nothing is
    /// indexed that would be thrown away.
    Never,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(
        tx: &'a Connection,
        origin: &'a str,
        actor: &'a str,
        action: &'a str,
        clock: &'a mut Hlc,
        names: LogNames,
        indexing: Indexing,
    ) -> Result<Self> {
        let last = oplog::last_seq(tx, origin)?;
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
            indexing,
            deferred: BTreeSet::new(),
            names,
        })
    }

    /// The proposals whose search documents wait for the bulk transaction's end.
    pub(crate) fn take_deferred(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.deferred)
    }

    /// The log's numbers this writer looked up or made, to keep for the
    /// next writer once its writes are committed.
    pub(crate) fn into_names(self) -> LogNames {
        self.names
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
    pub fn record<T: Serialize>(&mut self, entity: Entity, id: &str, proposal_id: &str, record: &T) -> Result<bool> {
        let owner = Target::of(entity, CommonField::ProposalId)?;
        let mut fields = declared(entity, record, &["id"])?;
        fields.insert(0, (owner, Value::String(proposal_id.to_owned())));
        self.write_all(entity, id, fields)
    }

    /// Sets each of `fields` on `entity`/`entity_id`; whether any changed.
    /// A record the log holds nothing of has no value to compare with, no
    /// conflict and no heads to supersede: its fields are written without
    /// asking the log about each, and a record row is written once.
    fn write_all(&mut self, entity: Entity, entity_id: &str, fields: Vec<(Target, Value)>) -> Result<bool> {
        if oplog::holds(self.tx, entity.name(), entity_id)? {
            let mut changed = false;
            for (target, value) in fields {
                changed |= self.set(target, entity_id, value)?;
            }
            return Ok(changed);
        }
        let mut ops = Vec::with_capacity(fields.len());
        for (target, value) in fields {
            let Target { entity: kind, field: spec } = target;
            fields::check_value(target, entity_id, &value).map_err(|e| StoreError::field(kind.name(), spec.name, e))?;
            if kind == Entity::Proposal && value.as_array().is_some_and(Vec::is_empty) {
                continue;
            }
            *self.clock = self.clock.tick(Hlc::now_ms());
            let op = self.operation(FieldRef { target, entity_id: entity_id.to_owned() }, value, None, Vec::new());
            oplog::append(self.tx, &mut self.names, &op)?;
            ops.push((op, kind, spec));
        }
        let Some((first, kind, _)) = ops.first() else { return Ok(false) };
        if *kind == Entity::Proposal {
            let fields: Vec<_> = ops.iter().map(|(op, _, spec)| (spec.name, &op.value)).collect();
            materialize::write_proposal(self.tx, entity_id, &fields)?;
        } else if !kind.is_record() {
            for (op, _, _) in &ops {
                materialize::apply(self.tx, op)?;
            }
        } else {
            let fields = ops.iter().map(|(op, _, spec)| (spec.name, &op.value)).collect();
            materialize::insert_record(
                self.tx,
                kind.name(),
                entity_id,
                &materialize::RecordWrite { born: first.hlc.born(), fields },
            )?;
        }
        for (op, _, _) in &ops {
            self.touch(op)?;
        }
        Ok(true)
    }

    /// Sets `field` (a kind of record's field, `ProposalField::DueDate` …)
    /// of `entity_id` to `value`; returns whether anything changed.
    pub fn set(&mut self, field: impl Into<Target>, entity_id: &str, value: Value) -> Result<bool> {
        self.write(field.into(), entity_id, value, false)
    }

    /// Writes `value` unless the field already shows it undisputed (or
    /// `resolving` a conflict, where the write must supersede every head).
    pub(crate) fn write(&mut self, to: Target, entity_id: &str, value: Value, resolving: bool) -> Result<bool> {
        let Target { entity: kind, field: spec } = to;
        fields::check_value(to, entity_id, &value).map_err(|e| StoreError::field(kind.name(), spec.name, e))?;
        let target = FieldRef { target: to, entity_id: entity_id.to_owned() };
        let state = merge::field_state(self.tx, &target, self.origin)?;
        if kind.identity().contains(&spec.name) && state.shown.as_ref().is_some_and(|shown| *shown != value) {
            return Err(StoreError::IdentityFixed { entity: kind.name().to_owned(), field: spec.name });
        }
        if state.shown.as_ref() == Some(&value) && !(resolving && state.conflicted) {
            return Ok(false);
        }
        if state.shown.is_none() && shows_as_nothing(kind, &value) {
            return Ok(false);
        }
        *self.clock = self.clock.tick(Hlc::now_ms());
        let op = self.operation(target.clone(), value, state.shown, state.foreign_heads);
        merge::apply_own(self.tx, &mut self.names, &op)?;
        if state.conflicted {
            merge::refresh_conflict(self.tx, &target)?;
        }
        self.touch(&op)?;
        Ok(true)
    }

    /// This action's next operation, stamped with the clock as it stands.
    fn operation(&mut self, target: FieldRef, value: Value, prev_value: Option<Value>, base: Vec<OpRef>) -> Operation {
        let op = Operation {
            origin: self.origin.to_owned(),
            origin_seq: self.next_seq,
            hlc: *self.clock,
            target: target.target,
            entity_id: target.entity_id,
            value,
            prev_value,
            actor: self.actor.to_owned(),
            batch: self.batch,
            action: self.action.to_owned(),
            base,
            via: None,
        };
        self.next_seq += 1;
        op
    }

    /// Notes what an operation from elsewhere changed and moves the clock
    /// past it; a field with more than one write may now be in conflict.
    pub(crate) fn observe(&mut self, op: &Operation, alone: bool) -> Result<()> {
        *self.clock = (*self.clock).max(op.hlc);
        if !alone {
            self.merged.insert(op.field_ref());
        }
        self.touch(op)
    }

    fn touch(&mut self, op: &Operation) -> Result<()> {
        let entity = op.target.entity();
        let proposal = match entity {
            Entity::Proposal => op.entity_id.as_str(),
            Entity::History => {
                note(&mut self.touched.histories, &op.entity_id);
                return Ok(());
            }
            Entity::PlanItem => {
                note(&mut self.touched.plans, &op.entity_id);
                return Ok(());
            }
            _ => {
                let known = self.record_proposals.get(&entity).and_then(|ids| ids.get(op.entity_id.as_str()));
                if known.is_none_or(String::is_empty) {
                    let p: String = self
                        .tx
                        .prepare_cached("SELECT proposal_id FROM records WHERE entity = ?1 AND id = ?2")?
                        .query_row((entity.name(), &op.entity_id), |r| r.get(0))?;
                    self.record_proposals.entry(entity).or_default().insert(op.entity_id.clone(), p);
                }
                &self.record_proposals[&entity][op.entity_id.as_str()]
            }
        };
        note(&mut self.touched.facts, proposal);
        let (stage, class) = materialize::settles(op.target);
        if stage {
            note(&mut self.touched.stage, proposal);
        }
        if class {
            note(&mut self.touched.class, proposal);
        }
        if search::searched(op.target) {
            note(&mut self.touched.proposals, proposal);
        }
        Ok(())
    }

    /// Sets every field of `document` (a struct serialising as an object)
    /// on `entity`/`entity_id` but those in `skip`; whether any changed.
    pub(crate) fn set_document(
        &mut self,
        entity: Entity,
        entity_id: &str,
        document: &impl serde::Serialize,
        skip: &[&str],
    ) -> Result<bool> {
        let fields = declared(entity, document, skip)?;
        self.write_all(entity, entity_id, fields)
    }

    /// Brings what the action wrote so far into the tables that are kept
    /// from it: the conflicts of fields merged from elsewhere, each touched
    /// proposal's stage and answer class, and the search documents (left
    /// for its end inside a bulk transaction).
    pub(crate) fn settle(&mut self) -> Result<()> {
        let (touched, merged) = (std::mem::take(&mut self.touched), std::mem::take(&mut self.merged));
        for field in &merged {
            merge::refresh_conflict(self.tx, field)?;
        }
        // A record not yet tied to a proposal has nothing to settle.
        let unsettled: BTreeSet<&String> = touched.stage.union(&touched.class).filter(|id| !id.is_empty()).collect();
        for id in unsettled {
            if touched.stage.contains(id) {
                materialize::settle_stage(self.tx, id)?;
            }
            if touched.class.contains(id) {
                materialize::settle_answer_class(self.tx, id)?;
            }
        }
        for id in touched.facts.iter().filter(|id| !id.is_empty()) {
            self.tx.prepare_cached("INSERT OR IGNORE INTO facts_stale (proposal_id) VALUES (?1)")?.execute([id])?;
        }
        if self.indexing == Indexing::Never {
            return Ok(());
        }
        for id in &touched.plans {
            crate::plan::reindex(self.tx, id)?;
        }
        let proposals = touched.proposals.iter().filter(|id| !id.is_empty());
        match self.indexing {
            Indexing::AtTheEnd => self.deferred.extend(proposals.cloned()),
            _ => search::reindex(self.tx, search::Owner::Proposal, proposals.map(String::as_str))?,
        }
        search::reindex(self.tx, search::Owner::History, touched.histories.iter().map(String::as_str))
    }

    /// Settles and indexes what the action wrote so far, before it goes on
    /// (an import does, to tell the clerk how long indexing took).
    pub fn settle_now(&mut self) -> Result<()> {
        self.settle()
    }

    /// Applies operations made on other installations, in the order given:
    /// each stored once however often it arrives, shown if it is its
    /// field's newest write, and the local clock moved past it so that later
    /// local writes order after it. Says, for each, whether it was new;
    /// `progress` hears how many are in the log, now and then.
    pub fn apply_remote(&mut self, ops: &[&Operation], mut progress: impl FnMut(usize)) -> Result<Vec<bool>> {
        let applied = merge::apply_all(self.tx, &mut self.names, ops, &mut progress)?;
        // A record's proposal is written once (an identity field), so the
        // batch says it for every record it makes: none is looked up. The
        // operations come judged: a package that gives a record two
        // proposals, or another than the one held, has none of that
        // record's operations here (`tian_store::Incoming`).
        for op in ops.iter().filter(|op| op.target.is_common(CommonField::ProposalId)) {
            if let Some(proposal) = op.value.as_str().filter(|p| !p.is_empty()) {
                let ids = self.record_proposals.entry(op.target.entity()).or_default();
                ids.entry(op.entity_id.clone()).or_insert_with(|| proposal.to_owned());
            }
        }
        let mut new = Vec::with_capacity(ops.len());
        for (op, applied) in ops.iter().zip(applied) {
            match applied {
                Applied::Known => new.push(false),
                Applied::Stored { alone } => {
                    self.observe(op, alone)?;
                    new.push(true);
                }
            }
        }
        Ok(new)
    }

    /// 撤回: takes this installation's own operation `refused` names out of
    /// what the tables show, the committee having refused it (in the
    /// package `package_id`). The operation stays in the log as written
    /// and counts for nothing from now on: its field shows the newest write
    /// left, and a record nothing else wrote goes, as at the committee,
    /// which never took it. `None` when the log holds no such operation, or
    /// it was withdrawn already.
    pub fn withdraw(&mut self, refused: &RefusedOperation, package_id: &str) -> Result<Option<Withdrawn>> {
        let found = self
            .tx
            .prepare_cached(&format!(
                "SELECT {}, seq FROM ops WHERE origin = ?1 AND origin_seq = ?2",
                oplog::OP_COLUMNS
            ))?
            .query_row((&refused.origin, refused.seq), |r| {
                Ok((r.get::<_, i64>(oplog::OP_COLUMN_COUNT)?, Operation::from_row(r)?))
            })
            .optional()?;
        // Only the change the refusal names: the same number on another
        // record or field is not ours to take back.
        let Some((log_seq, op)) = found.filter(|(_, op)| {
            op.target.entity().name() == refused.entity
                && op.entity_id == refused.entity_id
                && op.target.name() == refused.field
        }) else {
            return Ok(None);
        };
        // Noted while the record still names its proposal.
        self.touch(&op)?;
        let proposal = match op.target.entity() {
            Entity::Proposal => op.entity_id.clone(),
            entity => self
                .record_proposals
                .get(&entity)
                .and_then(|ids| ids.get(op.entity_id.as_str()))
                .cloned()
                .unwrap_or_default(),
        };
        self.tx
            .prepare_cached("INSERT INTO withdrawn_ops (seq, package_id, reason) VALUES (?1, ?2, ?3)")?
            .execute((log_seq, package_id, &refused.reason))?;
        let (entity, field) = (op.target.entity(), op.target.name());
        match oplog::latest(self.tx, entity.name(), &op.entity_id, field)?.0 {
            Some((hlc, winner)) => {
                let shown = self
                    .tx
                    .prepare_cached(&format!(
                        "SELECT {} FROM ops WHERE entity = ?1 AND entity_id = ?2 AND field = ?3
                           AND hlc_wall = ?4 AND hlc_counter = ?5 AND origin = ?6",
                        oplog::OP_COLUMNS
                    ))?
                    .query_row((entity.name(), &op.entity_id, field, hlc.wall_ms, hlc.counter, &winner), |r| {
                        Operation::from_row(r)
                    })?;
                materialize::apply(self.tx, &shown)?;
            }
            None if entity.is_record() => {
                if oplog::holds_written(self.tx, entity.name(), &op.entity_id)? {
                    // The path is the field list's name, never the operation's own text.
                    self.tx
                        .prepare_cached(
                            "UPDATE records SET data = json_remove(data, ?3) WHERE entity = ?1 AND id = ?2",
                        )?
                        .execute((entity.name(), &op.entity_id, format!("$.{field}")))?;
                } else {
                    self.tx
                        .prepare_cached("DELETE FROM records WHERE entity = ?1 AND id = ?2")?
                        .execute((entity.name(), &op.entity_id))?;
                }
            }
            // A proposal's own field a unit may never write: nothing shown came from it.
            None => {}
        }
        self.merged.insert(op.field_ref());
        Ok(Some(Withdrawn { op, proposal }))
    }

    /// Sets `field` to `value` as the clerk's choice in a conflict: written
    /// even when the table already shows that value, so that it supersedes
    /// every disagreeing head.
    pub fn resolve(&mut self, field: &FieldRef, value: Value) -> Result<bool> {
        self.write(field.target, &field.entity_id, value, true)
    }

    /// The stage the committee's steps recorded for `proposal`, and its
    /// handling as its recorded facts (units' replies and contacts included)
    /// have it, at the stage they settle it in.
    pub fn handling(&self, proposal: &str) -> Result<Option<(tian_domain::Stage, tian_domain::Handling)>> {
        Ok(crate::materialize::handling(self.tx, proposal)?.map(|(h, anything)| {
            let stage = h.settled(anything);
            (h.stage, tian_domain::Handling { stage, ..h })
        }))
    }
}

/// 已撤回: an operation of ours taken out of what the tables show.
pub struct Withdrawn {
    pub op: Operation,
    /// The proposal it wrote (or whose record it wrote); empty for 往年提案
    /// and 规划条目.
    pub proposal: String,
}

/// What an action wrote that the tables kept from the log depend on.
#[derive(Default)]
struct Touched {
    /// The proposals whose search documents it changed ([`search::searched`]).
    proposals: BTreeSet<String>,
    histories: BTreeSet<String>,
    plans: BTreeSet<String>,
    /// The proposals whose stage, and whose answer class, it may have
    /// moved ([`materialize::settles`]).
    stage: BTreeSet<String>,
    class: BTreeSet<String>,
    /// The proposals whose 办理数字 rows it may have changed ([`crate::facts`]).
    facts: BTreeSet<String>,
}

/// Adds `id` to `set`, copying it only the first time.
fn note(set: &mut BTreeSet<String>, id: &str) {
    if !set.contains(id) {
        set.insert(id.to_owned());
    }
}

/// Why `proposal` cannot be saved as it stands, in the words saving it
/// would refuse it with: each of its fields checked as
/// [`crate::Store::save_proposals`] writes it. A file's preview asks this,
/// so that what it calls importable imports.
pub fn proposal_refusal(proposal: &tian_domain::Proposal) -> Option<String> {
    let id = proposal.id();
    match declared(Entity::Proposal, proposal, &[]) {
        Ok(fields) => fields
            .into_iter()
            .find_map(|(target, value)| crate::fields::check_value(target, id.as_str(), &value).err())
            .map(|refused| refused.to_string()),
        Err(refused) => Some(refused.to_string()),
    }
}

/// A proposal's list never given and one given empty say the same (a
/// ledger's empty 附议人 column for a proposal that had none): writing the
/// one over the other changes nothing.
fn shows_as_nothing(kind: Entity, value: &Value) -> bool {
    kind == Entity::Proposal && value.as_array().is_some_and(Vec::is_empty)
}

/// The fields, in the clerk's words, that saving `proposal` over `stored`
/// would write ([`crate::Store::save_proposals`] keeps the stage of a
/// proposal it holds): what a file's preview says an update changes.
pub fn proposal_changes(stored: &tian_domain::Proposal, proposal: &tian_domain::Proposal) -> Result<Vec<&'static str>> {
    let held = declared(Entity::Proposal, stored, &["stage"])?;
    Ok(declared(Entity::Proposal, proposal, &["stage"])?
        .into_iter()
        .filter(|(target, value)| match held.iter().find(|(t, _)| t.name() == target.name()) {
            Some((_, shown)) => shown != value,
            None => !shows_as_nothing(Entity::Proposal, value),
        })
        .map(|(target, _)| target.label())
        .collect())
}

/// A domain value (a struct serialising as an object) read once into the
/// fields its kind declares, but those in `skip`; a key the kind does not
/// declare is refused.
fn declared(entity: Entity, value: &impl Serialize, skip: &[&str]) -> Result<Vec<(Target, Value)>> {
    let Value::Object(fields) = serde_json::to_value(value)? else {
        return Err(StoreError::UnknownField {
            entity: entity.name().to_owned(), field: "（非对象记录）".into()
        });
    };
    fields
        .into_iter()
        .filter(|(field, _)| !skip.contains(&field.as_str()))
        .map(|(field, value)| Ok((Target::named(entity.name(), &field)?, value)))
        .collect()
}
