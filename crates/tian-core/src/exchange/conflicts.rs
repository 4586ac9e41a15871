//! 冲突: fields two installations changed without seeing each other's
//! change, with their values side by side, and the clerk's choice.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use tian_store::{Entity, FieldRef};
use ts_rs::TS;

use super::{local_ms, value_text};
use crate::{CoreError, Result, Tian};

/// 冲突: a field two installations changed without seeing each other's change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub key: FieldRef,
    pub number: String,
    pub title: String,
    /// "建议3落实情况", "沟通记录", "提案"
    pub record: String,
    /// "落实情况", "佐证" …
    pub field: String,
    pub choices: Vec<ConflictChoice>,
}

/// One of the values in a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ConflictChoice {
    /// The installation it came from: "本机", "市教育局" …
    pub from: String,
    pub actor: String,
    /// "2026年11月24日 10:05"
    pub at: String,
    /// The value as the clerk reads it.
    pub text: String,
    #[ts(type = "unknown")]
    pub value: Value,
    /// Shown in the tables until the conflict is resolved.
    pub shown: bool,
}

impl Tian {
    /// 冲突列表.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let read = self.store.read();
        let names: BTreeMap<String, String> = read.peers()?.into_iter().map(|p| (p.fingerprint, p.name)).collect();
        let mut out = Vec::new();
        for conflict in read.conflicts()? {
            let proposal = read.proposal(&tian_domain::ProposalId::parse(conflict.proposal_id.as_str()))?;
            let (number, title) = proposal.map(|p| (p.number, p.title)).unwrap_or_default();
            let record = match conflict.field.target.entity() {
                Entity::Suggestion => {
                    format!("建议{}落实情况", conflict.field.entity_id.rsplit('#').next().unwrap_or_default())
                }
                other => other.label().to_owned(),
            };
            let mut choices = Vec::new();
            for head in conflict.values {
                let from = match read.origin_owner(&head.origin)? {
                    Some(fp) => names.get(&fp).cloned().unwrap_or(fp),
                    None => "本机".to_owned(),
                };
                choices.push(ConflictChoice {
                    from,
                    actor: head.actor,
                    at: local_ms(head.at_ms),
                    text: value_text(&head.value),
                    value: head.value,
                    shown: head.shown,
                });
            }
            out.push(Conflict {
                field: conflict.field.target.label().to_owned(),
                key: conflict.field,
                number,
                title,
                record,
                choices,
            });
        }
        Ok(out)
    }

    /// 解决冲突: keeps `value` for the conflicted field `key`.
    pub fn resolve_conflict(&mut self, key: &FieldRef, value: Value) -> Result<Vec<Conflict>> {
        let conflict = self
            .conflicts()?
            .into_iter()
            .find(|c| &c.key == key)
            .ok_or_else(|| CoreError::Invalid("这个冲突已经解决了。".into()))?;
        if !conflict.choices.iter().any(|c| c.value == value) {
            return Err(CoreError::Invalid("请从冲突的几个值中选择一个。".into()));
        }
        if key.target.entity() == Entity::Proposal {
            self.committee_only("修改提案")?;
        }
        let actor = self.actor.clone();
        self.store.transact(&actor, &format!("解决冲突：{}{}", conflict.record, conflict.field), |w| {
            w.resolve(key, value)
        })?;
        self.conflicts()
    }
}
