//! 办理与督办: the clerk's actions on a key proposal, from 交办 to 办结.
//!
//! Each action reads the proposal's handling state inside its own write
//! transaction, asks the domain rules ([`Handling::take`]) whether the step
//! is allowed, and only then writes its record and the new stage. A refused
//! step writes nothing and says why.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;
use tian_domain::{
    Activity, AnswerClass, Assignment, Closure, Contact, Dated, Feedback, Handling, ProposalId, Reply, Review,
    ReviewOutcome, Satisfaction, Stage, Step, SuggestionProgress, SuggestionState, UnitRole,
};
use tian_store::Writer;
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::{CoreError, Result, Tian};

const PROPOSAL: &str = "proposal";

/// 录入答复: what the clerk enters for a unit's reply letter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct ReplyInput {
    pub unit: String,
    pub date: NaiveDate,
    pub class: AnswerClass,
    pub signer: String,
    pub contact: String,
    /// The reply's text as typed or pasted; ignored when `text_file` is given.
    pub text: String,
    /// A .txt or .docx file to read the text from.
    pub text_file: Option<PathBuf>,
    /// Files to keep with the reply.
    pub attachments: Vec<PathBuf>,
    pub public: bool,
}

/// 录入反馈.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackInput {
    pub date: NaiveDate,
    pub result: Satisfaction,
    pub comment: String,
}

fn required(value: &str, what: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(CoreError::Invalid(format!("请填写{what}。")));
    }
    Ok(())
}

/// An action that would record nothing new is not an action: saying so keeps
/// the rule that every accepted action stands in the audit trail.
fn unchanged_is_refused(w: &Writer) -> Result<()> {
    if w.changed() {
        Ok(())
    } else {
        Err(CoreError::Unchanged)
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl Tian {
    /// The identity of proposal `number` ("0069" or "69"), in `session` if there is more than one.
    pub fn resolve(&self, number: &str, session: Option<&str>) -> Result<ProposalId> {
        let number = format!("{:0>4}", number.trim().trim_start_matches('第').trim_end_matches('号'));
        let mut ids = self.store.read().find_by_number(&number, session)?;
        match ids.len() {
            0 => Err(CoreError::NoSuchProposal { number }),
            1 => Ok(ids.remove(0)),
            _ => Err(CoreError::AmbiguousNumber {
                number,
                sessions: ids.iter().map(|id| id.as_str().split('/').next().unwrap_or_default().to_owned()).collect(),
            }),
        }
    }

    /// The proposal `id` with its whole handling record, as of today.
    pub fn dossier(&self, id: &ProposalId) -> Result<Dossier> {
        let rules = self.settings()?.deadlines;
        Dossier::load(&self.store.read(), id, &rules, self.today)
    }

    /// Takes `step` on proposal `id` as the action `action`: checks it against
    /// the current state, lets `write` record what the step carries, then
    /// stores the new stage and round. All in one transaction.
    fn take_step(
        &mut self,
        id: &ProposalId,
        action: &str,
        step: Step,
        write: impl FnOnce(&mut Writer, &Handling, &Handling) -> Result<()>,
    ) -> Result<Dossier> {
        let rules = self.settings()?.deadlines;
        let (actor, today) = (self.actor.clone(), self.today);
        // A unit records facts only; the stage they lead to is settled from
        // them on every installation, and recorded by the committee.
        let records_stage = self.unit_name()?.is_none();
        self.store.transact(&actor, action, |w| -> Result<()> {
            let before = Dossier::load(&w.read(), id, &rules, today)?.handling;
            let after = before.take(&step)?;
            write(w, &before, &after)?;
            if !records_stage {
                return unchanged_is_refused(w);
            }
            if after.stage != before.stage {
                w.set(PROPOSAL, id.as_str(), "stage", json!(after.stage))?;
            }
            if after.round != before.round {
                w.set(PROPOSAL, id.as_str(), "round", json!(after.round))?;
            }
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }

    /// 交办: assigns the proposal to its lead and co-units on a date.
    pub fn assign(&mut self, id: &ProposalId, assignment: Assignment) -> Result<Dossier> {
        self.committee_only("交办")?;
        if let Some(unnamed) = assignment.units.iter().find(|u| u.unit.trim().is_empty()) {
            return Err(CoreError::Invalid(format!(
                "{}单位的名称不能为空。",
                if unnamed.role == UnitRole::Lead { "主办" } else { "协办" }
            )));
        }
        let step = Step::Assign {
            lead_units: assignment.units_in(UnitRole::Lead),
            co_units: assignment.units_in(UnitRole::Co),
        };
        self.take_step(id, "交办", step, |w, _, after| {
            w.set(PROPOSAL, id.as_str(), "assignment", json!(assignment))?;
            w.set(PROPOSAL, id.as_str(), "lead_units", json!(after.lead_units))?;
            Ok(())
        })
    }

    /// 记录沟通: a handling unit's contact with the proposer.
    pub fn add_contact(&mut self, id: &ProposalId, contact: Contact) -> Result<Dossier> {
        required(&contact.content, "沟通内容")?;
        self.keeps_time(id, Dated::Contact, contact.date)?;
        let mut contact = contact;
        if let Some(unit) = self.unit_name()? {
            self.assigned_here(id)?;
            contact.unit = Some(unit);
        }
        self.take_step(id, "记录沟通", Step::RecordHandling, |w, _, _| {
            w.record("contact", &new_id(), id.as_str(), &contact)?;
            Ok(())
        })
    }

    /// 记录督办活动: 视察, 调研, 座谈会, 协商会 or 督办会.
    pub fn add_activity(&mut self, id: &ProposalId, activity: Activity) -> Result<Dossier> {
        self.committee_only("记录督办活动")?;
        required(&activity.summary, "活动情况")?;
        self.keeps_time(id, Dated::Activity, activity.date)?;
        self.take_step(id, "记录督办活动", Step::RecordHandling, |w, _, _| {
            w.record("activity", &new_id(), id.as_str(), &activity)?;
            Ok(())
        })
    }

    /// 录入答复: a unit's reply letter, with its text and attachments.
    pub fn add_reply(&mut self, id: &ProposalId, input: ReplyInput) -> Result<Dossier> {
        required(&input.signer, "签发领导")?;
        if let Some(unit) = self.unit_name()? {
            if input.unit != unit {
                return Err(CoreError::Invalid(format!("本机是{unit}，只能录入本单位的答复。")));
            }
        }
        self.keeps_time(id, Dated::Reply, input.date)?;
        if !self.settings()?.class_enabled(input.class) {
            return Err(CoreError::Invalid(format!("本地设置未启用{}类答复。", input.class.letter())));
        }
        let text = match &input.text_file {
            Some(path) => crate::attachments::read_reply_text(path)?,
            None => input.text.clone(),
        };
        required(&text, "复文内容（可粘贴，或选择 .docx/.txt 文件）")?;
        // Files go into the content-addressed store first: a failed write below
        // leaves at most an unreferenced copy, never a reply without its file.
        let attachments = input.attachments.iter().map(|p| self.keep_attachment(p)).collect::<Result<Vec<_>>>()?;
        let step = Step::Reply { unit: input.unit.clone() };
        self.take_step(id, "录入答复", step, |w, _, after| {
            let reply = Reply {
                id: String::new(),
                lead: after.lead_units.contains(&input.unit),
                round: after.round,
                unit: input.unit,
                date: input.date,
                class: input.class,
                signer: input.signer,
                contact: input.contact,
                text,
                attachments,
                public: input.public,
            };
            w.record("reply", &new_id(), id.as_str(), &reply)?;
            Ok(())
        })
    }

    /// 建议落实情况: the status of suggestion `index` (from 1), with its evidence.
    pub fn set_suggestion(&mut self, id: &ProposalId, progress: SuggestionProgress) -> Result<Dossier> {
        let dossier = self.dossier(id)?;
        let count = dossier.proposal.suggestions.len() as u32;
        if progress.index == 0 || progress.index > count {
            return Err(CoreError::Invalid(format!(
                "第{}号提案只有{count}条建议，没有第{}条。",
                dossier.proposal.number, progress.index
            )));
        }
        if matches!(dossier.handling.stage, Stage::Registered | Stage::NotRegistered | Stage::Merged | Stage::ToOpinion)
        {
            return Err(CoreError::Refused(tian_domain::Refusal("不能记录建议落实情况：本提案尚未交办。".into())));
        }
        if progress.status != SuggestionState::NotDone {
            required(&progress.evidence, "落实情况的佐证")?;
        }
        if let Some(date) = progress.date {
            dossier.chronology().check(Dated::Suggestion, date)?;
        }
        if self.unit_name()?.is_some() {
            self.assigned_here(id)?;
        }
        let (actor, record_id) = (self.actor.clone(), format!("{}#{}", id.as_str(), progress.index));
        self.store.transact(&actor, "更新建议落实情况", |w| -> Result<()> {
            w.record("suggestion", &record_id, id.as_str(), &progress)?;
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }

    /// 录入反馈: the proposer's verdict; 不满意 opens 再办理 with its own deadline.
    pub fn give_feedback(&mut self, id: &ProposalId, input: FeedbackInput) -> Result<Dossier> {
        self.committee_only("录入反馈")?;
        self.keeps_time(id, Dated::Feedback, input.date)?;
        self.take_step(id, "录入反馈", Step::Feedback(input.result), |w, before, _| {
            let feedback = Feedback {
                id: String::new(),
                round: before.round,
                date: input.date,
                result: input.result,
                comment: input.comment,
            };
            w.record("feedback", &new_id(), id.as_str(), &feedback)?;
            if input.result == Satisfaction::Unsatisfied {
                w.set(PROPOSAL, id.as_str(), "rehandling_start", json!(input.date))?;
            }
            Ok(())
        })
    }

    /// 办结, with the outcome of the handling.
    pub fn close(&mut self, id: &ProposalId, closure: Closure) -> Result<Dossier> {
        self.committee_only("办结")?;
        required(&closure.summary, "办理成效")?;
        self.keeps_time(id, Dated::Closure, closure.date)?;
        self.take_step(id, "办结", Step::Close, |w, _, _| {
            w.set(PROPOSAL, id.as_str(), "closure", json!(closure))?;
            Ok(())
        })
    }

    /// 重新打开 a closed proposal for another round of handling.
    pub fn reopen(&mut self, id: &ProposalId, date: NaiveDate, reason: &str) -> Result<Dossier> {
        self.committee_only("重新打开")?;
        required(reason, "重新打开的原因")?;
        self.keeps_time(id, Dated::Reopen, date)?;
        self.take_step(id, &format!("重新打开：{}", reason.trim()), Step::Reopen, |w, _, _| {
            w.set(PROPOSAL, id.as_str(), "closure", serde_json::Value::Null)?;
            w.set(PROPOSAL, id.as_str(), "rehandling_start", json!(date))?;
            Ok(())
        })
    }

    /// 审查结论 other than 立案: 不予立案, 并案 into another proposal, or 转意见建议.
    pub fn review(&mut self, id: &ProposalId, review: Review) -> Result<Dossier> {
        self.committee_only("作审查结论")?;
        required(&review.reason, "审查意见")?;
        let mut review = review;
        if review.outcome == ReviewOutcome::Merged {
            let into = review
                .merged_into
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| CoreError::Invalid("并案需要填写并入的提案号。".into()))?;
            let session = id.as_str().split('/').next();
            let target = self.resolve(into, session)?;
            if &target == id {
                return Err(CoreError::Invalid("提案不能并入自己。".into()));
            }
            review.merged_into = Some(target.as_str().rsplit('/').next().unwrap_or_default().to_owned());
        }
        self.take_step(id, "审查", Step::Review(review.outcome), |w, _, _| {
            w.set(PROPOSAL, id.as_str(), "review", json!(review))?;
            Ok(())
        })
    }
}

/// The kinds of handling record a clerk may delete (a contact or activity
/// entered by mistake, a reply recorded against the wrong proposal).
const DELETABLE: &[(&str, &str)] = &[("contact", "沟通记录"), ("activity", "督办活动"), ("reply", "办理复文")];

impl Tian {
    /// Refuses a record dated before what it must follow: 交办, the reply a
    /// feedback answers, the feedback 办结 follows.
    fn keeps_time(&self, id: &ProposalId, what: Dated, date: NaiveDate) -> Result<()> {
        Ok(self.dossier(id)?.chronology().check(what, date)?)
    }

    /// Refuses, on a unit's installation, a proposal not assigned to the unit.
    fn assigned_here(&self, id: &ProposalId) -> Result<()> {
        let Some(unit) = self.unit_name()? else { return Ok(()) };
        if self.store.read().proposals_assigned_to(&unit)?.iter().any(|p| p == id.as_str()) {
            Ok(())
        } else {
            Err(CoreError::Invalid(format!(
                "第{}号提案没有交办给{unit}。",
                id.as_str().rsplit('/').next().unwrap_or_default()
            )))
        }
    }

    /// 删除记录: marks a contact, activity or reply as deleted. The record
    /// stays in the log (a tombstone, so the deletion travels by exchange
    /// file like any change and the audit trail keeps what was there).
    pub fn delete_record(&mut self, id: &ProposalId, kind: &str, record_id: &str) -> Result<Dossier> {
        let label = DELETABLE
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, label)| *label)
            .ok_or_else(|| CoreError::Invalid(format!("不能删除“{kind}”类记录。")))?;
        if self.store.read().record_proposal(kind, record_id)?.as_deref() != Some(id.as_str()) {
            return Err(CoreError::Invalid(format!("本提案没有这条{label}。")));
        }
        if let Some(unit) = self.unit_name()? {
            let owner = self.store.read().record_field(kind, record_id, "unit")?;
            if owner.as_ref().and_then(|v| v.as_str()) != Some(unit.as_str()) {
                return Err(CoreError::Invalid(format!("本机是{unit}，只能删除本单位的记录。")));
            }
        }
        let actor = self.actor.clone();
        self.store.transact(&actor, &format!("删除{label}"), |w| -> Result<()> {
            w.set(kind, record_id, "deleted", serde_json::Value::Bool(true))?;
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }
}
