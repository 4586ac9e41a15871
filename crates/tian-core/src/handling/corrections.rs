//! 更正与删除: a contact, a supervision activity, a reply letter or a
//! suggestion's status entered wrongly is corrected or deleted in place.
//!
//! Both are ordinary changes in the log: a correction writes the fields that
//! differ, a deletion writes a tombstone. So both travel through the
//! exchange, stand in the timeline, and can be taken back with 撤销.

use serde::{Deserialize, Serialize};
use tian_domain::dates::format_cn;
use tian_domain::{Activity, Contact, Dated, ProposalId, Reply, Stage};
use tian_store::{CommonField, ContactField, Entity, ProposalField, ReplyField, Target};
use ts_rs::TS;

use crate::handling::steps::{required, unchanged_is_refused};
use crate::proposals::dossier::Dossier;
use crate::{CoreError, Result, Tian};

/// 更正记录: the record as the clerk corrected it, under its own id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
#[serde(tag = "kind", content = "record")]
pub enum RecordCorrection {
    #[serde(rename = "contact")]
    Contact(Contact),
    #[serde(rename = "activity")]
    Activity(Activity),
    /// The letter's dates, class, 文号, signer and text; who wrote it, for
    /// which round, and the files kept with it stay as they were.
    #[serde(rename = "reply")]
    Reply(Reply),
}

/// Why a settled answer ([`Reply::is_settled`]) is neither corrected nor deleted.
const SETTLED: &str = "这份答复已有提案者的评价、其后已再办理或本提案已办结，不能再更正或删除：请先撤销其后的步骤。";

/// 记录种类: the kinds of record a clerk may correct or delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    /// 沟通记录
    Contact,
    /// 督办活动
    Activity,
    /// 办理复文
    Reply,
    /// 建议落实情况
    Suggestion,
}

impl RecordKind {
    /// The kind `name` names ("contact" …), as `tian delete` is given it.
    pub fn parse(name: &str) -> Result<RecordKind> {
        [RecordKind::Contact, RecordKind::Activity, RecordKind::Reply, RecordKind::Suggestion]
            .into_iter()
            .find(|k| k.entity().name() == name)
            .ok_or_else(|| {
                CoreError::Invalid(format!(
                    "不能更正或删除“{}”类记录：记录种类是 contact、activity、reply 或 suggestion。",
                    tian_domain::text::one_line(name, 40)
                ))
            })
    }

    fn entity(self) -> Entity {
        match self {
            RecordKind::Contact => Entity::Contact,
            RecordKind::Activity => Entity::Activity,
            RecordKind::Reply => Entity::Reply,
            RecordKind::Suggestion => Entity::Suggestion,
        }
    }

    fn label(self) -> &'static str {
        match self {
            RecordKind::Contact => "沟通记录",
            RecordKind::Activity => "督办活动",
            RecordKind::Reply => "办理复文",
            RecordKind::Suggestion => "落实情况",
        }
    }
}

impl Tian {
    /// Refuses a record that is not proposal `id`'s, or on a unit's
    /// installation not the unit's own.
    pub(crate) fn owns(&self, id: &ProposalId, kind: RecordKind, record_id: &str) -> Result<&'static str> {
        let label = kind.label();
        if self.store.read().record_proposal(kind.entity(), record_id)?.as_deref() != Some(id.as_str()) {
            return Err(CoreError::Invalid(format!("本提案没有这条{label}。")));
        }
        if let Some(unit) = self.unit_name()? {
            // A suggestion's status belongs to the proposal, which is the unit's to report on.
            let unit_field = match kind {
                RecordKind::Contact => Some(Target::from(ContactField::Unit)),
                RecordKind::Activity => None,
                RecordKind::Reply => Some(ReplyField::Unit.into()),
                RecordKind::Suggestion => None,
            };
            if kind == RecordKind::Suggestion {
                self.assigned_here(id)?;
            } else {
                let owner = match unit_field {
                    Some(field) => self.store.read().record_field(field, record_id)?,
                    None => None,
                };
                if owner.as_ref().and_then(|v| v.as_str()) != Some(unit.as_str()) {
                    return Err(CoreError::Invalid(format!("本机是{unit}，只能更正或删除本单位的记录。")));
                }
            }
        }
        Ok(label)
    }

    /// 删除记录: marks a contact, activity, reply or suggestion status as
    /// deleted. The record stays in the log (a tombstone, so the deletion
    /// travels by exchange file like any change and the audit trail keeps
    /// what was there). A lead unit's answer the handling has moved on from
    /// is not deleted: the steps after it are taken back first.
    pub fn delete_record(&mut self, id: &ProposalId, kind: RecordKind, record_id: &str) -> Result<Dossier> {
        let label = self.owns(id, kind, record_id)?;
        // A lead unit's answer may go while nothing was built on it: no
        // verdict on it, no 再办理 after it. Its round is then owed again.
        let mut owed_again = false;
        if kind == RecordKind::Reply {
            let dossier = self.dossier(id)?;
            if let Some(reply) = dossier.replies.iter().find(|r| r.id == record_id) {
                if dossier.reply_settled(reply) {
                    return Err(CoreError::Invalid(SETTLED.into()));
                }
                owed_again = reply.lead && dossier.proposal.stage == Stage::Replied && self.unit_name()?.is_none();
            }
        }
        let actor = self.actor.clone();
        self.store.transact(&actor, &format!("删除{label}"), |w| -> Result<()> {
            w.set(Target::of(kind.entity(), CommonField::Deleted)?, record_id, serde_json::Value::Bool(true))?;
            if owed_again {
                w.set(ProposalField::Stage, id.as_str(), serde_json::json!(Stage::Handling))?;
            }
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }

    /// 更正记录: writes what the clerk corrected in a contact, an activity or
    /// a reply, checked as when it was first entered.
    pub fn correct_record(&mut self, id: &ProposalId, correction: RecordCorrection) -> Result<Dossier> {
        let dossier = self.dossier(id)?;
        let chronology = dossier.chronology();
        let corrected = match correction {
            RecordCorrection::Contact(mut contact) => {
                required(&contact.content, "沟通内容")?;
                chronology.check(Dated::Contact, contact.date)?;
                let stored = dossier.contacts.iter().find(|c| c.id == contact.id);
                // Who made the contact is not the clerk's to change on a unit's installation.
                if let (Some(_), Some(stored)) = (self.unit_name()?, stored) {
                    contact.unit = stored.unit.clone();
                }
                RecordCorrection::Contact(contact)
            }
            RecordCorrection::Activity(activity) => {
                self.committee_only("更正督办活动")?;
                required(&activity.summary, "活动情况")?;
                chronology.check(Dated::Activity, activity.date)?;
                RecordCorrection::Activity(activity)
            }
            RecordCorrection::Reply(reply) => {
                let stored = dossier
                    .replies
                    .iter()
                    .find(|r| r.id == reply.id)
                    .ok_or_else(|| CoreError::Invalid("本提案没有这份办理复文。".into()))?;
                if dossier.reply_settled(stored) {
                    return Err(CoreError::Invalid(SETTLED.into()));
                }
                required(&reply.signer, "签发领导")?;
                required(&reply.text, "复文内容")?;
                // An answer of an earlier round keeps to that round's order.
                let current = stored.round == dossier.handling.round_of(&stored.unit);
                let own = dossier.chronology_for(Some(&stored.unit));
                let began = if current { own.round_began } else { None };
                tian_domain::Chronology { round_began: began, ..chronology.clone() }.check(Dated::Reply, reply.date)?;
                let class = self.answer_class_for(stored.lead, reply.class)?;
                // A verdict answers this letter: the letter cannot come after it.
                let judged = dossier
                    .feedback
                    .iter()
                    .filter(|f| f.round == stored.round && f.unit.as_ref().is_none_or(|u| *u == stored.unit))
                    .map(|f| f.date)
                    .min();
                if let Some(judged) = judged.filter(|d| stored.lead && reply.date > *d) {
                    return Err(CoreError::Invalid(format!(
                        "答复日期（{}）晚于提案者对它的反馈日期（{}）。请核对日期。",
                        format_cn(reply.date),
                        format_cn(judged)
                    )));
                }
                let private_reason =
                    Reply::publicity_reason(reply.public, &reply.private_reason).map_err(CoreError::Invalid)?;
                RecordCorrection::Reply(Reply {
                    private_reason,
                    unit: stored.unit.clone(),
                    lead: stored.lead,
                    round: stored.round,
                    attachments: stored.attachments.clone(),
                    class,
                    number: reply.number.trim().to_owned(),
                    signer_post: reply.signer_post.trim().to_owned(),
                    ..reply
                })
            }
        };
        let (kind, record_id) = match &corrected {
            RecordCorrection::Contact(c) => (RecordKind::Contact, c.id.clone()),
            RecordCorrection::Activity(a) => (RecordKind::Activity, a.id.clone()),
            RecordCorrection::Reply(r) => (RecordKind::Reply, r.id.clone()),
        };
        let label = self.owns(id, kind, &record_id)?;
        let actor = self.actor.clone();
        self.store.transact(&actor, &format!("修改{label}"), |w| -> Result<()> {
            match &corrected {
                RecordCorrection::Contact(c) => w.record(Entity::Contact, &record_id, id.as_str(), c)?,
                RecordCorrection::Activity(a) => w.record(Entity::Activity, &record_id, id.as_str(), a)?,
                RecordCorrection::Reply(r) => w.record(Entity::Reply, &record_id, id.as_str(), r)?,
            };
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }
}
