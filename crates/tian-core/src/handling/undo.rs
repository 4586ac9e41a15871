//! 撤销: taking back the last step taken on a proposal, for as long as
//! nothing was built on it; and then the one before it, and so on, each
//! 撤销 taking back the last step not yet taken back. A rule that says "take
//! the later steps back first" (a judged answer is corrected once its
//! verdict is taken back) so always has a way through.
//!
//! A step is taken back by a new action that writes, field by field, what
//! the step found there, and marks deleted (a tombstone) each record the
//! step created. Nothing is erased: the step and its 撤销 both stay in the
//! timeline, and the 撤销 travels through the exchange like any change.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;
use tian_domain::ProposalId;
use tian_store::{CommonField, Entity, Operation, Target};
use ts_rs::TS;

use crate::proposals::dossier::Dossier;
use crate::{CoreError, Result, Tian};

/// The steps a clerk may take back, by the name of their action. 改办 is
/// not among them (the unit that handed the proposal back has been told by
/// exchange file; a 更正交办 corrects it), nor imports, nor a 撤销 itself.
const UNDOABLE: &[&str] = &[
    "交办",
    "更正交办",
    "审查",
    "退回",
    "记录沟通",
    "记录督办活动",
    "录入答复",
    "更新建议落实情况",
    "录入反馈",
    "办结",
    "说明办结",
    "视为满意办结",
    "决定",
    "撤案",
    "申请延期",
    "同意延期",
    "不同意延期",
    "重新打开",
    "删除",
    "修改",
];

/// 可撤销的上一步.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UndoableStep {
    /// The step's name as the timeline shows it: "审查", "录入反馈：市财政局" …
    pub action: String,
    pub actor: String,
}

/// Steps a unit's installation does not take back itself: once sent, the
/// committee refuses a unit's taking back a hand-back, an extension request
/// or a deletion, and the two would silently differ.
const SENT_FOR_GOOD: &[&str] = &["退回", "申请延期", "删除"];

/// Why the last step on a proposal cannot be taken back, or `None` if it can.
fn refusal(last: &[&Operation], own_origin: &str, unit: bool) -> Option<String> {
    let first = last.first()?;
    if first.via.is_some() || first.origin != own_origin {
        return Some("上一步是从交换文件收到的修改，不能在本机撤销。".into());
    }
    if !UNDOABLE.iter().any(|name| first.action.starts_with(name)) {
        return Some(format!("“{}”不能撤销。", if first.action.is_empty() { "修改" } else { &first.action }));
    }
    if unit && SENT_FOR_GOOD.iter().any(|name| first.action.starts_with(name)) {
        return Some(format!("“{}”可能已随交换包发给提案委员会，请联系提案委员会更正。", first.action));
    }
    None
}

/// The operations of the last step on a proposal not yet taken back, and
/// those before it. A sender's clock may stamp another installation's change
/// inside the step's run, so a step is every operation of its (origin,
/// batch). Each 撤销 took back the last step not taken back before it.
fn split_last(history: &[Operation]) -> (Vec<&Operation>, Vec<&Operation>) {
    let mut seen: std::collections::HashSet<(&str, i64)> = Default::default();
    let mut standing: Vec<(&str, i64)> = Vec::new();
    for op in history {
        let step = (op.origin.as_str(), op.batch);
        if !seen.insert(step) {
            continue;
        }
        if op.action.starts_with("撤销") {
            standing.pop();
        } else {
            standing.push(step);
        }
    }
    let Some(&(origin, batch)) = standing.last() else { return (Vec::new(), Vec::new()) };
    let is_it = |op: &&Operation| op.origin == origin && op.batch == batch;
    let Some(start) = history.iter().position(|op| is_it(&op)) else { return (Vec::new(), Vec::new()) };
    (history[..start].iter().collect(), history.iter().filter(is_it).collect())
}

impl Tian {
    /// The step 撤销 would take back on proposal `id`, if one may be.
    pub fn undoable(&self, id: &ProposalId) -> Result<Option<UndoableStep>> {
        let history = self.store.read().history(id)?;
        let (_, last) = split_last(&history);
        let unit = self.unit_name()?.is_some();
        Ok(match (last.first(), refusal(&last, self.store.origin(), unit)) {
            (Some(op), None) => Some(UndoableStep { action: op.action.clone(), actor: op.actor.clone() }),
            _ => None,
        })
    }

    /// 撤销: takes back the last step on proposal `id`.
    pub fn undo(&mut self, id: &ProposalId) -> Result<Dossier> {
        let history = self.store.read().history(id)?;
        let (before, last) = split_last(&history);
        if last.is_empty() {
            return Err(CoreError::Invalid("本提案还没有可以撤销的操作。".into()));
        }
        if let Some(why) = refusal(&last, self.store.origin(), self.unit_name()?.is_some()) {
            return Err(CoreError::Invalid(format!("不能撤销：{why}")));
        }
        let existed: BTreeSet<(Entity, &str)> =
            before.iter().map(|op| (op.target.entity(), op.entity_id.as_str())).collect();
        // Each field back to what the step found; a field written twice by it
        // goes back to the value before its first write. A field the step
        // wrote first on a record that existed (a 文号 added to an older
        // letter) had no value to go back to: it is cleared only where a
        // field may be empty, else left.
        let mut restore: Vec<(Target, &str, Value)> = Vec::new();
        let mut created: BTreeSet<(Entity, &str)> = BTreeSet::new();
        for op in &last {
            let (target, entity_id) = (op.target, op.entity_id.as_str());
            if !existed.contains(&(target.entity(), entity_id)) {
                created.insert((target.entity(), entity_id));
                continue;
            }
            if restore.iter().any(|(t, i, _)| (*t, *i) == (target, entity_id)) {
                continue;
            }
            let found = match &op.prev_value {
                Some(v) => v.clone(),
                None if target.is_common(CommonField::Deleted) => Value::Bool(false),
                None if tian_store::fields::check_value(target, entity_id, &Value::Null).is_ok() => Value::Null,
                None => continue,
            };
            restore.push((target, entity_id, found));
        }
        let action = format!("撤销：{}", last[0].action);
        let actor = self.actor.clone();
        let rules = self.settings()?.deadlines;
        let (dossiers, today) = (&self.dossiers, self.today);
        self.store.transact(&actor, &action, |w| -> Result<()> {
            let units_before = dossiers.handling(&w.read(), id, &rules, today)?;
            for (entity, entity_id) in &created {
                w.set(Target::of(*entity, CommonField::Deleted)?, entity_id, Value::Bool(true))?;
            }
            for (target, entity_id, value) in restore.iter().rev() {
                w.set(*target, entity_id, value.clone())?;
            }
            // A 交办 taken back moves the proposal away from its units, as a
            // 改办 would.
            let units_after = dossiers.handling(&w.read(), id, &rules, today)?;
            crate::handling::steps::moved_units(w, id, &units_before, &units_after)
        })?;
        self.dossier(id)
    }
}
