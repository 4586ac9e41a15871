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
use tian_domain::dates::format_cn;
use tian_domain::text::canonical_name;
use tian_domain::{
    Activity, AnswerClass, Assignment, CloseKind, Closure, Contact, Dated, DeadlineRules, Extension, ExtensionDecision,
    Feedback, HandBack, Handling, ProposalId, Reply, Review, ReviewOutcome, Stage, Step, SuggestionProgress,
    UnitExplanation, UnitRole, UnitRound, Withdrawal,
};
use tian_store::{Entity, ExtensionField, ProposalField, SuggestionField, Writer};
use ts_rs::TS;

use crate::proposals::dossier::Dossier;
use crate::{CoreError, Result, Tian};

/// 录入答复: what the clerk enters for a unit's reply letter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct ReplyInput {
    pub unit: String,
    pub date: NaiveDate,
    /// 答复类别, for a lead unit's answer; a co-unit's 会办意见 has none.
    pub class: Option<AnswerClass>,
    /// 复文文号
    pub number: String,
    pub signer: String,
    /// 签发人职务
    pub signer_post: String,
    pub contact: String,
    /// The reply's text as typed or pasted; ignored when `text_file` is given.
    pub text: String,
    /// A .txt or .docx file to read the text from.
    pub text_file: Option<PathBuf>,
    /// Files to keep with the reply.
    pub attachments: Vec<PathBuf>,
    /// 公开: whether the answer may be published.
    pub public: bool,
    /// 不公开的理由, required when it may not.
    #[serde(default)]
    pub private_reason: String,
}

/// A reply letter as read from its file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, TS)]
#[ts(export)]
pub struct ReplyLetter {
    pub text: String,
    pub head: tian_import::LetterHead,
}

/// 录入反馈.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct FeedbackInput {
    pub date: NaiveDate,
    pub result: tian_domain::Satisfaction,
    pub comment: String,
    /// Under 分办, the lead unit whose answer the proposer judges.
    #[serde(default)]
    pub unit: Option<String>,
    /// The rest of the 征询意见表, as far as the proposer filled it in.
    #[serde(default)]
    pub form: tian_domain::FeedbackForm,
}

/// 不满意件的处理决定: what the committee decides after an unsatisfied verdict.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub enum FeedbackDecision {
    /// 再办理, with the new answer's due date (by default the rules' 再办理时限);
    /// under 分办, by the one unit whose answer the proposer rejected.
    #[serde(rename = "再办理")]
    Rehandle { date: NaiveDate, due: Option<NaiveDate>, reason: String, unit: Option<String> },
    /// 说明办结: closed with the committee's explanation; under 分办, the
    /// one unit's answer the proposer rejected, while the others go on.
    #[serde(rename = "说明办结")]
    Close {
        date: NaiveDate,
        explanation: String,
        #[serde(default)]
        unit: Option<String>,
    },
}

/// 退回, as the unit files it (or the clerk enters a returned letter).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct HandBackRequest {
    pub unit: String,
    pub date: NaiveDate,
    pub reason: String,
}

/// A 退回 counts from when it reaches the committee (`arrived`: the day the
/// clerk enters it, or a package's arrival), not from the date it states: a
/// letter dated inside the days allowed but handed in months later would
/// stop the clock of an answer already overdue.
pub(crate) fn hand_back_in_time(
    rules: &DeadlineRules,
    assigned: NaiveDate,
    dated: NaiveDate,
    arrived: NaiveDate,
) -> Result<()> {
    let (last, days) = (rules.hand_back_closes(assigned), rules.hand_back_days);
    let refuse = |why: String| Err(CoreError::Refused(tian_domain::Refusal(format!("不能退回：{why}"))));
    if dated > last {
        return refuse(format!("退回须在交办后{days}日内提出，本提案的退回期限到{}为止。", format_cn(last)));
    }
    if arrived > last {
        return refuse(format!(
            "退回须在交办后{days}日内送达，本提案的退回期限到{}为止，今天（{}）已过期限。",
            format_cn(last),
            format_cn(arrived)
        ));
    }
    Ok(())
}

/// 延期申请, as the unit files it (or the clerk enters a paper request).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct ExtensionRequest {
    pub unit: String,
    pub date: NaiveDate,
    /// 申请延期至
    pub requested_to: NaiveDate,
    pub reason: String,
}

pub(crate) fn required(value: &str, what: &str) -> Result<()> {
    if tian_domain::text::blank(value) {
        return Err(CoreError::Invalid(format!("请填写{what}。")));
    }
    Ok(())
}

/// An action that would record nothing new is not an action: saying so keeps
/// the rule that every accepted action stands in the audit trail.
pub(crate) fn unchanged_is_refused(w: &Writer) -> Result<()> {
    if w.changed() {
        Ok(())
    } else {
        Err(CoreError::Unchanged)
    }
}

/// Clears a due date the committee set (an extension, a 再办理 decision's)
/// when a new clock starts; a field never set stays unwritten.
fn clear_set_due_date(w: &mut Writer, id: &ProposalId) -> Result<()> {
    let held = w.read().handling_columns(id)?.unwrap_or_default();
    for (field, set) in
        [(ProposalField::DueDate, held.due_date.is_some()), (ProposalField::ExtendedTo, held.extended_to.is_some())]
    {
        if set {
            w.set(field, id.as_str(), serde_json::Value::Null)?;
        }
    }
    Ok(())
}

/// The assignment with every unit named, each name in its canonical form,
/// its contact and phone on one line, and 主办方式 meaningful (分办 needs
/// two lead units).
fn named_units(mut assignment: Assignment) -> Result<Assignment> {
    for unit in &mut assignment.units {
        let role = if unit.role == UnitRole::Lead { "主办" } else { "会办" };
        unit.unit = crate::workspace::directory::unit_name(&unit.unit, &format!("{role}单位的名称"))?;
        for (text, what, longest) in [(&unit.contact, "联系人", 40), (&unit.phone, "联系电话", 40)] {
            if let Some(why) = tian_domain::text::not_one_line(text, what, longest) {
                return Err(CoreError::Invalid(format!("{}的{why}", unit.unit)));
            }
        }
    }
    if assignment.units.iter().filter(|u| u.role == UnitRole::Lead).count() < 2 {
        assignment.mode = tian_domain::LeadMode::Joint;
    }
    Ok(assignment)
}

/// 分办: the proposal's clock follows its units. Once their courses have
/// parted, the day the answer owed soonest is due ([`Handling::split_due`])
/// is recorded as the proposal's due date, and the earliest 再办理 decision
/// of the units owing as its clock's start, on the committee's own steps
/// and when a unit's answer arrives by package; so the list, its 已逾期
/// filter, the 督办总览 and every installation count the answer owed soonest.
pub(crate) fn record_split_due(w: &mut Writer, id: &ProposalId, after: &Handling, rules: &DeadlineRules) -> Result<()> {
    let held = w.read().handling_columns(id)?.unwrap_or_default();
    let Some(assigned) = held.assignment.as_ref().map(|a| a.date) else { return Ok(()) };
    let first_due = rules.first_reply_due(assigned, held.extended_to);
    let Some(due) = after.split_due(first_due, rules.rehandling_months) else { return Ok(()) };
    if held.due_date != Some(due) {
        w.set(ProposalField::DueDate, id.as_str(), json!(due))?;
    }
    let since = after.split_since();
    if since.is_some() && held.rehandling_start != since {
        w.set(ProposalField::RehandlingStart, id.as_str(), json!(since))?;
    }
    Ok(())
}

/// Tells the exchange which units an assignment moved a proposal away
/// from, and which it gave it to.
pub(crate) fn moved_units(w: &mut Writer, id: &ProposalId, before: &Handling, after: &Handling) -> Result<()> {
    let units = |h: &Handling| [h.lead_units.clone(), h.co_units.clone()].concat();
    let (was, now) = (units(before), units(after));
    let removed: Vec<String> = was.iter().filter(|u| !now.contains(u)).cloned().collect();
    let added: Vec<String> = now.iter().filter(|u| !was.contains(u)).cloned().collect();
    w.reassigned(id.as_str(), &removed, &added)?;
    w.note_units(&added)?;
    Ok(())
}

/// A new record's id. Time-ordered (UUID v7), so that the record's rows
/// and the log's entry for it land at the end of their indexes instead of
/// at a random place in them: at 100,000 proposals those indexes outgrow
/// the page cache, and random places cost a read each.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

impl Tian {
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
        let dossiers = &self.dossiers;
        self.store.transact(&actor, action, |w| -> Result<()> {
            let before = dossiers.handling(&w.read(), id, &rules, today)?;
            let after = before.take(&step)?;
            // The stage first: what the step then records (a 改办's note of
            // what a unit moved away is still sent) follows it in the log.
            if records_stage && after.stage != before.stage {
                w.set(ProposalField::Stage, id.as_str(), json!(after.stage))?;
            }
            if records_stage && after.round != before.round {
                w.set(ProposalField::Round, id.as_str(), json!(after.round))?;
            }
            // 分办: the units' own courses, where they have moved past the
            // first round or ended on an explanation.
            let unit_rounds = |h: &Handling| -> Vec<UnitRound> {
                h.tracks
                    .iter()
                    .filter(|t| t.round > 1 || t.explained.is_some())
                    .map(|t| UnitRound {
                        unit: t.unit.clone(),
                        round: t.round,
                        since: t.since,
                        due: t.due,
                        explained: t.explained.clone(),
                    })
                    .collect()
            };
            if records_stage && unit_rounds(&after) != unit_rounds(&before) {
                let rounds = unit_rounds(&after);
                w.set(
                    ProposalField::UnitRounds,
                    id.as_str(),
                    if rounds.is_empty() { json!(null) } else { json!(rounds) },
                )?;
            }
            if records_stage {
                record_split_due(w, id, &after, &rules)?;
            }
            write(w, &before, &after)?;
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }

    /// 交办: assigns the proposal to its lead and co-units on a date.
    pub fn assign(&mut self, id: &ProposalId, assignment: Assignment) -> Result<Dossier> {
        self.committee_only("交办")?;
        let assignment = named_units(assignment)?;
        let step = Step::Assign {
            lead_units: assignment.units_in(UnitRole::Lead),
            co_units: assignment.units_in(UnitRole::Co),
            split: assignment.split(),
        };
        let current = self.dossier(id)?;
        self.no_renamed_units(&assignment, current.assignment.as_ref())?;
        // A new assignment starts afresh: only the 退回 it follows binds it.
        let dates = tian_domain::Chronology { first_handled: None, ..current.chronology() };
        let reassigning = current.proposal.stage == Stage::HandedBack;
        dates.check(if reassigning { Dated::Reassignment } else { Dated::Assignment }, assignment.date)?;
        let action = if reassigning { "改办" } else { "交办" };
        self.take_step(id, action, step, |w, before, after| {
            w.set(ProposalField::Assignment, id.as_str(), json!(assignment))?;
            w.set(ProposalField::LeadUnits, id.as_str(), json!(after.lead_units))?;
            // A new 交办 restarts the clock: no earlier extension carries over.
            clear_set_due_date(w, id)?;
            moved_units(w, id, before, after)
        })
    }

    /// 更正交办: corrects the assignment in force (its date, units,
    /// contacts or 主办方式) where it was entered wrong. The deadline follows
    /// the corrected date; the correction stands in the timeline and can be
    /// taken back. A unit that has recorded something under the assignment
    /// stays, and once a lead unit has answered the lead units and the mode
    /// stay too.
    pub fn correct_assignment(&mut self, id: &ProposalId, assignment: Assignment) -> Result<Dossier> {
        self.committee_only("更正交办")?;
        let assignment = named_units(assignment)?;
        let current = self.dossier(id)?;
        self.no_renamed_units(&assignment, current.assignment.as_ref())?;
        current.chronology().check(Dated::Assignment, assignment.date)?;
        // A unit that exchanges files may have recorded its work after the
        // date it was sent and not sent it yet: a later date would refuse
        // that work when it arrives. An earlier date refuses nothing.
        if let Some(was) = current.assignment.as_ref().filter(|a| assignment.date > a.date) {
            let exchanging: Vec<String> = self
                .directory()?
                .into_iter()
                .filter(|d| d.has_key && was.units.iter().any(|u| u.unit == d.name))
                .map(|d| d.name)
                .collect();
            if !exchanging.is_empty() {
                return Err(CoreError::Invalid(format!(
                    "{}通过交换文件办理本提案，可能已按原交办日期（{}）录入办理记录，推后交办日期会使这些记录被拒收。交办日期只能提前；如确需推后，请先与该单位核对其记录的日期。",
                    exchanging.join("、"),
                    format_cn(was.date)
                )));
            }
        }
        let mut acted: Vec<String> = Vec::new();
        let since = current.assignment.as_ref().map(|a| a.date);
        let under_it = |date: NaiveDate| since.is_some_and(|s| date >= s);
        let units = current
            .contacts
            .iter()
            .filter(|c| under_it(c.date))
            .filter_map(|c| c.unit.clone())
            .chain(current.replies.iter().filter(|r| under_it(r.date)).map(|r| r.unit.clone()))
            .chain(current.extensions.iter().filter(|e| under_it(e.date)).map(|e| e.unit.clone()));
        for unit in units {
            if !acted.contains(&unit) {
                acted.push(unit);
            }
        }
        let step = Step::CorrectAssign {
            lead_units: assignment.units_in(UnitRole::Lead),
            co_units: assignment.units_in(UnitRole::Co),
            split: assignment.split(),
            acted,
        };
        self.take_step(id, "更正交办", step, |w, before, after| {
            w.set(ProposalField::Assignment, id.as_str(), json!(assignment))?;
            w.set(ProposalField::LeadUnits, id.as_str(), json!(after.lead_units))?;
            moved_units(w, id, before, after)
        })
    }

    /// Refuses a unit the 单位名录 says was renamed, unless the assignment in
    /// force already names it: new assignments go to the name it goes by.
    fn no_renamed_units(&self, assignment: &Assignment, current: Option<&Assignment>) -> Result<()> {
        let held = |name: &str| current.is_some_and(|a| a.units.iter().any(|u| u.unit == name));
        let directory = self.directory()?;
        for unit in assignment.units.iter().filter(|u| !held(&u.unit)) {
            if let Some(now) = directory.iter().find(|d| d.name == unit.unit).and_then(|d| d.renamed_to.as_ref()) {
                return Err(CoreError::Invalid(format!("“{}”已更名为“{now}”，请用新名称。", unit.unit)));
            }
        }
        Ok(())
    }

    /// 退回: a lead unit hands back a proposal wrongly assigned to it, within
    /// the days after 交办 the rules allow (退回时限). On a unit's
    /// installation only in its own name; the committee then 改办.
    pub fn hand_back(&mut self, id: &ProposalId, request: HandBackRequest) -> Result<Dossier> {
        let request = HandBackRequest { unit: canonical_name(&request.unit), ..request };
        required(&request.reason, "退回理由")?;
        self.in_own_name(&request.unit, "以本单位的名义退回")?;
        let dossier = self.dossier(id)?;
        dossier.chronology().check(Dated::HandBack, request.date)?;
        let Some(assigned) = dossier.assignment.as_ref().map(|a| a.date) else {
            return Err(CoreError::Refused(tian_domain::Refusal("不能退回：本提案尚未交办。".into())));
        };
        hand_back_in_time(&self.settings()?.deadlines, assigned, request.date, self.today)?;
        let step = Step::HandBack { unit: request.unit.clone() };
        self.take_step(id, &format!("退回：{}", request.unit), step, |w, _, _| {
            let record = HandBack {
                id: String::new(),
                unit: request.unit,
                assigned,
                date: request.date,
                reason: request.reason,
            };
            w.record(Entity::HandBack, &new_id(), id.as_str(), &record)?;
            Ok(())
        })
    }

    /// 记录沟通: a handling unit's contact with the proposer.
    pub fn add_contact(&mut self, id: &ProposalId, contact: Contact) -> Result<Dossier> {
        required(&contact.content, "沟通内容")?;
        self.keeps_time(id, Dated::Contact, contact.date)?;
        let mut contact = Contact { unit: contact.unit.as_deref().map(canonical_name), ..contact };
        if let Some(unit) = self.unit_name()? {
            self.assigned_here(id)?;
            contact.unit = Some(unit);
        }
        let step = Step::RecordHandling { unit: contact.unit.clone() };
        self.take_step(id, "记录沟通", step, |w, _, _| {
            w.record(Entity::Contact, &new_id(), id.as_str(), &contact)?;
            Ok(())
        })
    }

    /// 记录督办活动: 视察, 调研, 座谈会, 协商会 or 督办会.
    pub fn add_activity(&mut self, id: &ProposalId, activity: Activity) -> Result<Dossier> {
        self.committee_only("记录督办活动")?;
        required(&activity.summary, "活动情况")?;
        self.keeps_time(id, Dated::Activity, activity.date)?;
        self.take_step(id, "记录督办活动", Step::RecordHandling { unit: None }, |w, _, _| {
            w.record(Entity::Activity, &new_id(), id.as_str(), &activity)?;
            Ok(())
        })
    }

    /// 录入答复: a unit's reply letter, with its text and attachments.
    pub fn add_reply(&mut self, id: &ProposalId, input: ReplyInput) -> Result<Dossier> {
        let input = ReplyInput { unit: canonical_name(&input.unit), ..input };
        required(&input.signer, "签发领导")?;
        let private_reason =
            Reply::publicity_reason(input.public, &input.private_reason).map_err(CoreError::Invalid)?;
        self.in_own_name(&input.unit, "录入本单位的答复")?;
        let dossier = self.dossier(id)?;
        dossier.chronology_for(Some(&input.unit)).check(Dated::Reply, input.date)?;
        let lead = dossier.handling.lead_units.contains(&input.unit);
        let class = self.answer_class_for(lead, input.class)?;
        let text = match &input.text_file {
            Some(path) => crate::workspace::attachments::read_reply_text(path)?,
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
                round: after.round_of(&input.unit),
                unit: input.unit,
                date: input.date,
                class,
                number: input.number.trim().to_owned(),
                signer: input.signer,
                signer_post: input.signer_post.trim().to_owned(),
                contact: input.contact,
                text,
                attachments,
                public: input.public,
                private_reason,
            };
            // The letter drafted for it is a draft no longer.
            w.drop_letter_draft(id.as_str(), &reply.unit)?;
            w.record(Entity::Reply, &new_id(), id.as_str(), &reply)?;
            Ok(())
        })
    }

    /// 答复前提醒: what the clerk should know before recording `unit`'s
    /// answer, as warnings rather than refusals: co-units' 会办意见 not yet in,
    /// and no contact with the proposer recorded (it counts in 沟通率).
    pub fn reply_warnings(&self, id: &ProposalId, unit: &str) -> Result<Vec<String>> {
        let dossier = self.dossier(id)?;
        if !dossier.handling.lead_units.iter().any(|u| u == unit) {
            return Ok(Vec::new());
        }
        let mut warnings = Vec::new();
        let missing: Vec<&str> =
            dossier.co_opinions.iter().filter(|o| o.replied.is_none()).map(|o| o.unit.as_str()).collect();
        if !missing.is_empty() {
            warnings.push(format!(
                "会办单位（{}）的会办意见尚未送达：主办单位宜汇总会办意见后再答复提案者。",
                missing.join("、")
            ));
        }
        if dossier.contacts.is_empty() {
            warnings.push("还没有记录与提案者的沟通：答复前应与提案者沟通，沟通率计入办理统计。".to_owned());
        }
        Ok(warnings)
    }

    /// 办结前提醒: co-units whose 会办意见 never reached the lead unit. A
    /// proposal may close without them (a co-unit may have nothing to add),
    /// but the clerk is told first, and the report counts them as missing.
    pub fn close_warnings(&self, id: &ProposalId) -> Result<Vec<String>> {
        let dossier = self.dossier(id)?;
        let missing: Vec<&str> =
            dossier.co_opinions.iter().filter(|o| o.replied.is_none()).map(|o| o.unit.as_str()).collect();
        Ok(if missing.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "会办单位（{}）的会办意见尚未送达：办结后，督办报告将其记为会办意见缺失。",
                missing.join("、")
            )]
        })
    }

    /// Reads a reply letter for the form: its text, and what its head and
    /// foot say (文号, 签发人, 类别标注, date), for the clerk to confirm.
    pub fn read_reply_letter(&self, path: &std::path::Path) -> Result<ReplyLetter> {
        let text = crate::workspace::attachments::read_reply_text(path)?;
        Ok(ReplyLetter { head: tian_import::letter_head(&text), text })
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
        if progress.status.needs_evidence() {
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
            w.record(Entity::Suggestion, &record_id, id.as_str(), &progress)?;
            // A status taken back (撤销) comes back when set again.
            let deleted = w.read().record_field(SuggestionField::Deleted, &record_id)?;
            if deleted.as_ref().is_some_and(tian_store::fields::is_yes) {
                w.set(SuggestionField::Deleted, &record_id, json!(false))?;
            }
            unchanged_is_refused(w)
        })?;
        self.dossier(id)
    }

    /// 录入反馈: the proposer's verdict; 不满意 waits for the committee's
    /// decision ([`Tian::decide_after_unsatisfied`]) and needs the proposer's 意见.
    pub fn give_feedback(&mut self, id: &ProposalId, input: FeedbackInput) -> Result<Dossier> {
        self.committee_only("录入反馈")?;
        if input.result == tian_domain::Satisfaction::Unsatisfied {
            required(&input.comment, "提案者不满意的意见")?;
        }
        let dossier = self.dossier(id)?;
        if let Some(problem) = input.form.problem(dossier.proposal.suggestions.len()) {
            return Err(CoreError::Invalid(problem));
        }
        // Under 联合主办 the verdict is on the joint answer, whoever is named.
        let unit = input.unit.as_deref().map(canonical_name).filter(|_| dossier.handling.split);
        dossier.chronology_for(unit.as_deref()).check(Dated::Feedback, input.date)?;
        let action = match &unit {
            Some(unit) => format!("录入反馈：{unit}"),
            None => "录入反馈".to_owned(),
        };
        let step = Step::Feedback { result: input.result, unit: unit.clone() };
        self.take_step(id, &action, step, |w, before, _| {
            let feedback = Feedback {
                id: String::new(),
                round: unit.as_deref().map_or(before.round, |u| before.round_of(u)),
                unit,
                date: input.date,
                result: input.result,
                comment: input.comment,
                form: input.form,
            };
            w.record(Entity::Feedback, &new_id(), id.as_str(), &feedback)?;
            Ok(())
        })
    }

    /// 办结, with the outcome of the handling; its kind (办结方式) says
    /// whether the proposer was satisfied, unsatisfied with the committee
    /// explaining, or silent past the feedback time where that counts.
    pub fn close(&mut self, id: &ProposalId, closure: Closure) -> Result<Dossier> {
        self.committee_only("办结")?;
        let step = Step::Close(closure.kind);
        match closure.kind {
            CloseKind::Satisfied => required(&closure.summary, "办理成效")?,
            CloseKind::Explained => required(&closure.summary, "说明办结的理由")?,
            CloseKind::Deemed => {
                required(&closure.summary, "办理成效")?;
                if !self.settings()?.deemed_satisfied {
                    return Err(CoreError::Refused(tian_domain::Refusal(
                        "不能视为满意办结：本地设置未允许将逾期未反馈视为满意。".into(),
                    )));
                }
                let dossier = self.dossier(id)?;
                let waiting = dossier.feedback_all_due.filter(|due| closure.date <= *due || self.today <= *due);
                if let Some(due) = waiting {
                    return Err(CoreError::Refused(tian_domain::Refusal(format!(
                        "不能视为满意办结：提案者的反馈期限到{}为止，期满后才能视为满意。",
                        format_cn(due)
                    ))));
                }
            }
        }
        self.keeps_time(id, Dated::Closure, closure.date)?;
        let action = step.label();
        self.take_step(id, action, step, |w, _, _| {
            w.set(ProposalField::Closure, id.as_str(), json!(closure))?;
            Ok(())
        })
    }

    /// 不满意件的处理: after an unsatisfied verdict the committee decides
    /// 再办理 (a new round with its own due date) or 说明办结.
    pub fn decide_after_unsatisfied(&mut self, id: &ProposalId, decision: FeedbackDecision) -> Result<Dossier> {
        self.committee_only("决定不满意件的处理")?;
        match decision {
            FeedbackDecision::Close { date, explanation, unit: Some(unit) } => {
                required(&explanation, "说明办结的理由")?;
                self.keeps_time(id, Dated::Closure, date)?;
                let unit = canonical_name(&unit);
                let explanation = UnitExplanation { date, text: explanation.trim().to_owned() };
                // One step, taken back as one: when it ends the last course
                // the proposal waits at 已反馈 for its 说明办结.
                let step = Step::ExplainUnit { unit: unit.clone(), explanation };
                self.take_step(id, &format!("说明办结：{unit}"), step, |_, _, _| Ok(()))
            }
            FeedbackDecision::Close { date, explanation, unit: None } => {
                self.close(id, Closure { date, summary: explanation, kind: CloseKind::Explained })
            }
            FeedbackDecision::Rehandle { date, due, reason, unit } => {
                required(&reason, "再办理的要求")?;
                self.keeps_time(id, Dated::Rehandling, date)?;
                if let Some(due) = due.filter(|due| *due <= date) {
                    return Err(CoreError::Invalid(format!(
                        "再办理的答复期限（{}）应晚于决定日期（{}）。",
                        format_cn(due),
                        format_cn(date)
                    )));
                }
                let unit = unit.as_deref().map(canonical_name);
                let action = match &unit {
                    Some(unit) => format!("决定{unit}再办理：{}", reason.trim()),
                    None => format!("决定再办理：{}", reason.trim()),
                };
                let step = Step::Rehandle { unit, on: Some(date), due };
                self.take_step(id, &action, step, |w, before, _| {
                    // 分办: the unit's own clock is its course's, and the
                    // proposal's follows the units (record_split_due).
                    if before.split {
                        return Ok(());
                    }
                    w.set(ProposalField::RehandlingStart, id.as_str(), json!(date))?;
                    clear_set_due_date(w, id)?;
                    if let Some(due) = due {
                        w.set(ProposalField::DueDate, id.as_str(), json!(due))?;
                    }
                    Ok(())
                })
            }
        }
    }

    /// 撤案: the proposer withdraws the proposal before 办结. It leaves the
    /// counts of work owed but stays in the registry as 撤案.
    pub fn withdraw(&mut self, id: &ProposalId, withdrawal: Withdrawal) -> Result<Dossier> {
        self.committee_only("撤案")?;
        required(&withdrawal.reason, "撤案理由")?;
        self.holds_none_merged(id, "撤案")?;
        self.keeps_time(id, Dated::Withdrawal, withdrawal.date)?;
        self.take_step(id, "撤案", Step::Withdraw, |w, _, _| {
            w.set(ProposalField::Withdrawal, id.as_str(), json!(withdrawal))?;
            Ok(())
        })
    }

    /// Refuses a request filed after the answer fell due, and a new due date
    /// that does not move the answer now owed later or passes the ceiling
    /// (延期上限).
    fn extension_fits(dossier: &Dossier, asked_on: NaiveDate, to: NaiveDate) -> Result<()> {
        match &dossier.extension_limits {
            Some(limits) => Ok(limits.check_request(asked_on, to).map_err(|r| CoreError::Invalid(r.0))?),
            None => Err(CoreError::Refused(tian_domain::Refusal(format!(
                "不能延期：本提案在“{}”阶段，没有待答复的期限可以延长。",
                dossier.proposal.stage
            )))),
        }
    }

    /// 申请延期: a lead unit asks for more time to answer. On a unit's
    /// installation only in its own name; the request travels to the
    /// committee in the next exchange package.
    pub fn request_extension(&mut self, id: &ProposalId, request: ExtensionRequest) -> Result<Dossier> {
        let request = ExtensionRequest { unit: canonical_name(&request.unit), ..request };
        required(&request.reason, "延期理由")?;
        self.in_own_name(&request.unit, "以本单位的名义申请延期")?;
        let dossier = self.dossier(id)?;
        if !dossier.handling.lead_units.contains(&request.unit) {
            return Err(CoreError::Invalid(format!(
                "“{}”不是本提案的主办单位（{}），不能申请延期答复。",
                request.unit,
                dossier.handling.lead_units.join("、")
            )));
        }
        if let Some(refusal) = dossier.extension_refusal(&request.unit) {
            return Err(CoreError::Invalid(refusal));
        }
        dossier.chronology().check(Dated::Extension, request.date)?;
        Self::extension_fits(&dossier, request.date, request.requested_to)?;
        self.take_step(id, &format!("申请延期：{}", request.unit), Step::Extend, |w, before, _| {
            let extension = Extension {
                id: String::new(),
                round: before.round_of(&request.unit),
                unit: request.unit,
                date: request.date,
                requested_to: request.requested_to,
                reason: request.reason,
                decision: None,
            };
            w.record(Entity::Extension, &new_id(), id.as_str(), &extension)?;
            Ok(())
        })
    }

    /// The one extension request of proposal `id` waiting for a decision.
    pub fn pending_extension(&self, id: &ProposalId) -> Result<String> {
        self.committee_only("审批延期")?;
        let dossier = self.dossier(id)?;
        let pending: Vec<&Extension> = dossier.pending_extensions().collect();
        match pending.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(CoreError::Invalid(format!("第{}号提案没有待审批的延期申请。", dossier.proposal.number))),
            _ => Err(CoreError::Invalid(format!(
                "第{}号提案有{}份待审批的延期申请，请用 --id 指明：{}",
                dossier.proposal.number,
                pending.len(),
                pending.iter().map(|e| format!("{}（{}）", e.id, e.unit)).collect::<Vec<_>>().join("、")
            ))),
        }
    }

    /// 延期审批: the committee approves (with the new due date, by default
    /// the one asked for) or refuses a pending request. An approval moves the
    /// due date everywhere: list, dashboard, 已逾期 filter and report.
    pub fn decide_extension(
        &mut self,
        id: &ProposalId,
        request_id: &str,
        decision: ExtensionDecision,
    ) -> Result<Dossier> {
        self.committee_only("审批延期")?;
        let dossier = self.dossier(id)?;
        let request = dossier
            .extensions
            .iter()
            .find(|e| e.id == request_id)
            .ok_or_else(|| CoreError::Invalid("本提案没有这份延期申请。".into()))?;
        if request.decision.is_some() {
            return Err(CoreError::Invalid("这份延期申请已经审批过了。".into()));
        }
        if !dossier.pending_extensions().any(|e| e.id == request_id) {
            return Err(CoreError::Invalid("这份延期申请已失效：提案已答复或进入了新一轮办理，不再需要审批。".into()));
        }
        if decision.date < request.date {
            return Err(CoreError::Invalid(format!(
                "审批日期（{}）早于申请日期（{}）。请核对日期。",
                format_cn(decision.date),
                format_cn(request.date)
            )));
        }
        dossier.chronology().check(Dated::Extension, decision.date)?;
        let mut decision = decision;
        let due = if decision.approved {
            let due = *decision.due.get_or_insert(request.requested_to);
            Self::extension_fits(&dossier, request.date, due)?;
            Some(due)
        } else {
            required(&decision.note, "不同意延期的理由")?;
            decision.due = None;
            None
        };
        let action = format!("{}延期：{}", if decision.approved { "同意" } else { "不同意" }, request.unit);
        self.take_step(id, &action, Step::Extend, |w, _, _| {
            w.set(ExtensionField::Decision, request_id, json!(decision))?;
            if let Some(due) = due {
                w.set(ProposalField::DueDate, id.as_str(), json!(due))?;
                w.set(ProposalField::ExtendedTo, id.as_str(), json!(due))?;
            }
            Ok(())
        })
    }

    /// 重新打开 a closed proposal for another round of handling.
    pub fn reopen(&mut self, id: &ProposalId, date: NaiveDate, reason: &str) -> Result<Dossier> {
        self.committee_only("重新打开")?;
        required(reason, "重新打开的原因")?;
        self.keeps_time(id, Dated::Reopen, date)?;
        self.take_step(id, &format!("重新打开：{}", reason.trim()), Step::Reopen, |w, _, _| {
            w.set(ProposalField::Closure, id.as_str(), serde_json::Value::Null)?;
            w.set(ProposalField::RehandlingStart, id.as_str(), json!(date))?;
            clear_set_due_date(w, id)?;
            Ok(())
        })
    }

    /// 审查结论 other than 立案: 不予立案, 并案 into another proposal, or 转意见建议.
    pub fn review(&mut self, id: &ProposalId, review: Review) -> Result<Dossier> {
        self.committee_only("作审查结论")?;
        required(&review.reason, "审查意见")?;
        self.holds_none_merged(id, &format!("作“{}”的审查结论", review.outcome.stage()))?;
        let mut review = review;
        if review.outcome == ReviewOutcome::Merged {
            let into = review
                .merged_into
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .ok_or_else(|| CoreError::Invalid("并案需要填写并入的提案号。".into()))?;
            let session = Some(id.session());
            // Numbers repeat from 届次 to 届次: a proposal joins one of its own.
            let target = self.resolve(into, session).map_err(|e| match e {
                CoreError::NoSuchProposal { number } => {
                    CoreError::Invalid(format!("{}没有第{number}号提案；并案只能并入同一届次的提案。", id.session()))
                }
                other => other,
            })?;
            if &target == id {
                return Err(CoreError::Invalid("提案不能并入自己。".into()));
            }
            let held = self.dossier(&target)?.proposal.stage;
            if !held.is_handled() {
                return Err(CoreError::Invalid(format!(
                    "第{}号提案已{held}，不再办理，不能把提案并入它。",
                    target.number()
                )));
            }
            review.merged_into = Some(target.number().to_owned());
        }
        self.take_step(id, "审查", Step::Review(review.outcome), |w, _, _| {
            w.set(ProposalField::Review, id.as_str(), json!(review))?;
            Ok(())
        })
    }
}

impl Tian {
    /// The answer class a reply carries: a lead unit's answer needs one this
    /// city uses; a co-unit's 会办意见 goes to the lead unit, is no answer to
    /// the proposer, and carries none.
    pub(crate) fn answer_class_for(&self, lead: bool, class: Option<AnswerClass>) -> Result<Option<AnswerClass>> {
        match (lead, class) {
            (true, None) => Err(CoreError::Invalid("请选择答复类别（A、B、C）。".into())),
            (true, Some(class)) if !self.settings()?.class_enabled(class) => {
                Err(CoreError::Invalid(format!("本地设置未启用{}类答复。", class.letter())))
            }
            (true, class) => Ok(class),
            (false, _) => Ok(None),
        }
    }

    /// Refuses a step that ends a proposal's handling while others are
    /// merged into it (并案): their proposers wait on its answer, and would
    /// be left with none.
    fn holds_none_merged(&self, id: &ProposalId, what: &str) -> Result<()> {
        let merged = self.store.read().merged_into(id.session(), id.number())?;
        if merged.is_empty() {
            return Ok(());
        }
        let numbers: Vec<String> = merged.iter().map(|(number, ..)| format!("第{number}号")).collect();
        Err(CoreError::Invalid(format!(
            "{}提案已并入本件，其提案者等待本件的答复，本件不能{what}；请先撤销这些提案的并案（提案页上的“撤销：审查”，或 tian undo 提案号）。",
            numbers.join("、")
        )))
    }

    /// Refuses, on a unit's installation, a step taken in another unit's
    /// name: `what` says the step ("退回", "录入本单位的答复" …).
    pub(crate) fn in_own_name(&self, unit: &str, what: &str) -> Result<()> {
        match self.unit_name()? {
            Some(here) if here != unit => Err(CoreError::Invalid(format!("本机是{here}，只能{what}。"))),
            _ => Ok(()),
        }
    }

    /// Refuses a record dated before what it must follow: 交办, the reply a
    /// feedback answers, the feedback 办结 follows.
    pub(crate) fn keeps_time(&self, id: &ProposalId, what: Dated, date: NaiveDate) -> Result<()> {
        Ok(self.dossier(id)?.chronology().check(what, date)?)
    }

    /// Refuses, on a unit's installation, a proposal not assigned to the unit.
    pub(crate) fn assigned_here(&self, id: &ProposalId) -> Result<()> {
        let Some(unit) = self.unit_name()? else { return Ok(()) };
        if self.store.read().is_assigned_to(id.as_str(), &unit)? {
            Ok(())
        } else {
            Err(CoreError::Invalid(format!("第{}号提案没有交办给{unit}。", id.number())))
        }
    }
}
