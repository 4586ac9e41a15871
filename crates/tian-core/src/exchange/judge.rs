//! 审核: whether the sender of a package may make each change it carries.
//!
//! A handling unit's installation signs whatever its clerk, or a program on
//! its PC, puts in a package, so a trusted unit's package is judged as
//! hostile input. The store has already parsed it and grouped it into
//! records with the identity the merge will leave them with
//! ([`tian_store::Incoming`]); here each record is judged on that identity:
//!
//! - a unit writes only contacts in its own name, its own replies (as a lead
//!   unit only if it is one of the proposal's lead units), the status of
//!   the suggestions of proposals assigned to it and, as a lead unit, its
//!   own extension requests (never their decision), and only under origins
//!   that are its own;
//! - any sender's reply names only attachments the package carries or this
//!   installation holds.
//!
//! The merge then applies exactly the operations of the records accepted here.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tian_domain::{AnswerClass, Attachment, Chronology, Dated, ExtensionLimits, ProposalId, Step, UnitRole};
use tian_store::{Entity, Incoming, IncomingRecord, PeerRecord, Reader};
use tian_sync::ExchangePackage;

use super::{number_of, record_label};
use crate::dossier::{current_deadline, DeadlineFacts};
use crate::{Result, Settings, Tian};

/// The records a handling unit may add to or change in its proposals.
const UNIT_RECORDS: &[Entity] =
    &[Entity::Contact, Entity::Reply, Entity::Suggestion, Entity::Extension, Entity::HandBack];

/// Per operation of `package`, why it is refused (`None`: it may be merged).
pub(super) fn judge(
    tian: &Tian,
    package: &ExchangePackage,
    sender: &PeerRecord,
    incoming: &Incoming,
) -> Result<Vec<Option<String>>> {
    let read = tian.store.read();
    let unit = (sender.role == "unit").then(|| UnitRights::of(&read, tian, sender)).transpose()?;
    let settings = tian.settings()?;
    let mut verdicts = incoming.refused.clone();
    for record in &incoming.records {
        let reason = match (&record.conflict, &unit) {
            (Some(conflict), _) => Some(conflict.clone()),
            (None, Some(rights)) => rights.record(record, &settings),
            (None, None) => None,
        }
        .or_else(|| record.incomplete.then(|| "新记录的内容不完整".to_owned()))
        .or_else(|| missing_attachment(tian, package, record));
        for &i in &record.ops {
            let origin = unit.as_ref().and_then(|rights| rights.origin(&package.operations[i].origin));
            verdicts[i] = verdicts[i].take().or(origin).or_else(|| reason.clone());
        }
    }
    whole_records_only(package, &mut verdicts);
    Ok(verdicts)
}

/// A record is taken whole or not at all: if any of a record's operations
/// is refused, so are the others, so that what lands is what was judged
/// (a contact whose refused `unit` was dropped would pass as the committee's).
fn whole_records_only(package: &ExchangePackage, verdicts: &mut [Option<String>]) {
    let mut spoilt: BTreeMap<(&str, &str), String> = BTreeMap::new();
    for (op, verdict) in package.operations.iter().zip(verdicts.iter()) {
        if let Some(reason) = verdict {
            spoilt.entry((op.entity.as_str(), op.entity_id.as_str())).or_insert_with(|| reason.clone());
        }
    }
    for (op, verdict) in package.operations.iter().zip(verdicts.iter_mut()) {
        if verdict.is_none() {
            if let Some(reason) = spoilt.get(&(op.entity.as_str(), op.entity_id.as_str())) {
                *verdict = Some(format!("同一记录的其他修改被拒绝（{reason}）"));
            }
        }
    }
}

/// What a unit's package may touch at this installation.
struct UnitRights<'s> {
    tian: &'s Tian,
    sender: &'s PeerRecord,
    /// 退回时限, days after 交办.
    hand_back_days: u32,
    /// This installation's today.
    today: chrono::NaiveDate,
    assigned: BTreeSet<String>,
    /// Origins this installation writes under, and those other peers speak for.
    foreign_origins: BTreeSet<String>,
    /// Each assigned proposal's lead units, number of suggestions, current
    /// round (办理轮次) and 交办 date.
    proposals: BTreeMap<String, AssignedProposal>,
}

impl<'s> UnitRights<'s> {
    fn of(read: &Reader, tian: &'s Tian, sender: &'s PeerRecord) -> Result<Self> {
        let rules = tian.settings()?.deadlines;
        let assigned: BTreeSet<String> = read.proposals_assigned_to(&sender.name)?.into_iter().collect();
        let mut foreign_origins = read.own_origins(tian.store.origin())?;
        foreign_origins.extend(read.origins_owned_by_others(&sender.fingerprint)?);
        let mut proposals = BTreeMap::new();
        for id in &assigned {
            let key = ProposalId(id.clone());
            if let (Some(p), Some(h)) = (read.proposal(&key)?, read.handling_columns(&key)?) {
                let facts = DeadlineFacts::of(p.stage, &h);
                let extension_limits = facts.extension_limits(current_deadline(&facts, &rules, tian.today), &rules);
                let assigned = facts.assigned_on;
                let proposal = AssignedProposal {
                    leads: p.lead_units,
                    suggestions: p.suggestions.len(),
                    // Under 分办 the unit answers in its own round.
                    round: match &h.assignment {
                        Some(a) if a.split() && a.units_in(UnitRole::Lead).contains(&sender.name) => {
                            h.unit_rounds.iter().find(|u| u.unit == sender.name).map_or(1, |u| u.round)
                        }
                        _ => h.round,
                    },
                    assigned,
                    extension_limits,
                };
                proposals.insert(id.clone(), proposal);
            }
        }
        Ok(UnitRights {
            tian,
            sender,
            hand_back_days: rules.hand_back_days,
            today: tian.today,
            assigned,
            foreign_origins,
            proposals,
        })
    }

    /// Whether the handling rules let `unit` hand `proposal` back now (a
    /// first round, a lead unit that has not answered), as in the window.
    fn hand_back_step(&self, proposal: &str, unit: &str) -> Option<String> {
        // Read only for a hand-back, which is rare: most packages carry none.
        let handling = match self.tian.dossier(&ProposalId(proposal.to_owned())) {
            Ok(dossier) => dossier.handling,
            Err(e) => return Some(e.to_string()),
        };
        handling.take(&Step::HandBack { unit: unit.to_owned() }).err().map(|r| r.0)
    }

    /// A unit's change to an answer it sent: once the proposer's verdict on
    /// it is recorded, the answer is what the verdict judged, and the unit
    /// can no longer delete it or change its class or date; nor may a unit
    /// bring back an answer that was deleted.
    fn answer_change_refused(&self, proposal: &str, record: &IncomingRecord) -> Option<String> {
        let is_true = |v: Option<&Value>| v.is_some_and(|v| v == &Value::Bool(true) || v.as_i64() == Some(1));
        if is_true(record.held.get("deleted")) && record.fields.get("deleted").is_some_and(|v| !is_true(Some(v))) {
            return Some("已删除的答复不能由承办单位恢复，请联系提案委员会".to_owned());
        }
        let changes = |f: &str| record.fields.get(f).is_some_and(|v| record.held.get(f) != Some(v));
        if !(changes("deleted") || changes("class") || changes("date")) {
            return None;
        }
        let dossier = match self.tian.dossier(&ProposalId(proposal.to_owned())) {
            Ok(dossier) => dossier,
            Err(e) => return Some(e.to_string()),
        };
        let unit = self.sender.name.as_str();
        let judged = dossier
            .feedback
            .iter()
            .any(|f| record.round == Some(u64::from(f.round)) && f.unit.as_deref().is_none_or(|u| u == unit));
        judged.then(|| "提案委员会已录入提案者对这份答复的评价，不能再删除或更改其类别、日期".to_owned())
    }

    fn origin(&self, origin: &str) -> Option<String> {
        self.foreign_origins.contains(origin).then(|| "不是该单位自己的修改（来自其他电脑）".to_owned())
    }

    fn record(&self, record: &IncomingRecord, settings: &Settings) -> Option<String> {
        let unit = self.sender.name.as_str();
        if !UNIT_RECORDS.contains(&record.entity) {
            return Some(format!("承办单位不能修改{}", record_label(record.entity.name())));
        }
        let Some(proposal) = record.proposal_id.as_deref() else {
            return Some("无法确定所属的提案".to_owned());
        };
        if !self.assigned.contains(proposal) {
            return Some(format!("第{}号提案没有交办给{unit}", number_of(proposal)));
        }
        let AssignedProposal { leads, suggestions, round, assigned, extension_limits, .. } =
            self.proposals.get(proposal).cloned().unwrap_or_default();
        if let Some(refusal) = dated_before(record, assigned) {
            return Some(refusal);
        }
        let owner = record.unit.as_deref();
        let leads_here = leads.iter().any(|l| l == unit);
        match record.entity {
            Entity::Contact if owner != Some(unit) && record.exists => {
                Some("不能修改提案委员会或其他单位的沟通记录".to_owned())
            }
            Entity::Contact if owner != Some(unit) => Some(format!("沟通记录只能以本单位（{unit}）的名义记录")),
            Entity::Reply if owner != Some(unit) => {
                Some(format!("不能以其他单位（{}）的名义答复", owner.unwrap_or("提案委员会")))
            }
            Entity::Reply if record.lead.is_some_and(|lead| lead != leads_here) => Some(if leads_here {
                format!("{unit}是本提案的主办单位，答复不能标为会办意见")
            } else {
                format!("{unit}不是本提案的主办单位，不能以主办单位的名义答复")
            }),
            Entity::Reply if record.round.is_some_and(|r| r > u64::from(round)) => {
                Some(format!("本提案目前是第{round}轮办理，不能答复第{}轮", record.round.unwrap_or_default()))
            }
            Entity::Reply if record.exists => {
                self.answer_change_refused(proposal, record).or_else(|| class_refused(record, leads_here, settings))
            }
            Entity::Reply => class_refused(record, leads_here, settings),
            Entity::Extension if owner != Some(unit) => {
                Some(format!("不能以其他单位（{}）的名义申请延期", owner.unwrap_or("提案委员会")))
            }
            Entity::Extension if !leads_here => Some(format!("{unit}不是本提案的主办单位，不能申请延期答复")),
            Entity::Extension => extension_refused(record, round, extension_limits),
            Entity::HandBack if owner != Some(unit) => {
                Some(format!("不能以其他单位（{}）的名义退回", owner.unwrap_or("提案委员会")))
            }
            Entity::HandBack if !leads_here => Some(format!("{unit}不是本提案的主办单位，不能退回")),
            Entity::HandBack => hand_back_refused(record, assigned, self.hand_back_days, self.today)
                .or_else(|| self.hand_back_step(proposal, unit)),
            Entity::Suggestion => {
                let index = record.index.unwrap_or(0);
                if record.id != format!("{proposal}#{index}") {
                    Some("建议落实情况的编号与所属提案、建议序号不符".to_owned())
                } else if index < 1 || index > suggestions as u64 {
                    Some(format!("第{}号提案没有第{index}条建议", number_of(proposal)))
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// What the judge needs of a proposal assigned to the sender.
#[derive(Clone, Default)]
struct AssignedProposal {
    leads: Vec<String>,
    suggestions: usize,
    round: u32,
    assigned: Option<chrono::NaiveDate>,
    /// How far its answer may be extended; `None` while no answer is owed.
    extension_limits: Option<ExtensionLimits>,
}

/// A lead unit's 退回, judged as the window judges one: of the assignment in
/// force, dated within the days allowed after it and not after today here,
/// and never changed once held. (The handling rules are asked too, by
/// [`UnitRights::hand_back_step`].)
fn hand_back_refused(
    record: &IncomingRecord,
    assigned: Option<chrono::NaiveDate>,
    days: u32,
    today: chrono::NaiveDate,
) -> Option<String> {
    if record.exists {
        return changes_held(record).then(|| "已提交的退回不能再修改".to_owned());
    }
    let date =
        |field: &str| -> Option<chrono::NaiveDate> { serde_json::from_value(record.fields.get(field)?.clone()).ok() };
    let assigned = assigned?;
    if date("assigned") != Some(assigned) {
        return Some("退回的不是本提案现在的交办".to_owned());
    }
    let last = crate::handling::hand_back_closes(assigned, days);
    let on = date("date")?;
    if on > today.succ_opt().unwrap_or(today) {
        return Some("退回日期晚于本机今天".to_owned());
    }
    (on > last).then(|| format!("退回须在交办后{days}日内提出，期限到{}为止", tian_domain::dates::format_cn(last)))
}

/// Whether a package would change a record this installation holds (a
/// re-send of the same values changes nothing).
fn changes_held(record: &IncomingRecord) -> bool {
    record.fields.iter().any(|(field, value)| record.held.get(field).unwrap_or(&Value::Null) != value)
}

/// A lead unit's extension request, judged as the committee's own window
/// judges one: new, undecided, for the round in hand, while an answer is
/// owed, within the limits. A request the committee holds is never changed
/// by the unit again (a re-send of the same values passes).
fn extension_refused(record: &IncomingRecord, round: u32, limits: Option<ExtensionLimits>) -> Option<String> {
    if record.exists {
        return changes_held(record).then(|| "已提交的延期申请不能再修改；审批由提案委员会作出".to_owned());
    }
    if record.fields.get("decision").is_some_and(|d| !d.is_null()) {
        return Some("延期申请的审批由提案委员会作出".to_owned());
    }
    if record.round.is_some_and(|r| r != u64::from(round)) {
        return Some(format!("本提案目前是第{round}轮办理，不能为第{}轮申请延期", record.round.unwrap_or_default()));
    }
    let Some(limits) = limits else { return Some("本提案没有待答复的期限可以延长".to_owned()) };
    let to: chrono::NaiveDate = serde_json::from_value(record.fields.get("requested_to")?.clone()).ok()?;
    limits.check(to).err().map(|refusal| refusal.0.trim_end_matches('。').to_owned())
}

/// A unit's contact or reply dated before the proposal was assigned (交办).
fn dated_before(record: &IncomingRecord, assigned: Option<chrono::NaiveDate>) -> Option<String> {
    let what = match record.entity {
        Entity::Contact => Dated::Contact,
        Entity::Reply => Dated::Reply,
        Entity::Extension => Dated::Extension,
        Entity::HandBack => Dated::HandBack,
        _ => return None,
    };
    let date: chrono::NaiveDate = serde_json::from_value(record.fields.get("date")?.clone()).ok()?;
    let chronology = Chronology { assigned, ..Default::default() };
    chronology.check(what, date).err().map(|refusal| refusal.0)
}

/// A reply whose answer class this installation's rules do not use, a lead
/// unit's answer without one, or a co-unit's 会办意见 with one.
fn class_refused(record: &IncomingRecord, lead: bool, settings: &Settings) -> Option<String> {
    let class: Option<AnswerClass> = serde_json::from_value(record.fields.get("class")?.clone()).ok()?;
    match class {
        None if lead => Some("主办单位的答复须标明答复类别".to_owned()),
        Some(_) if !lead => Some("会办意见送主办单位，不标答复类别".to_owned()),
        Some(class) if !settings.class_enabled(class) => Some(format!("本地设置未启用{}类答复", class.letter())),
        _ => None,
    }
}

/// A reply that names an attachment neither the package nor this
/// installation has (merged, it would point at nothing), or gives it a size
/// that is not the file's.
fn missing_attachment(tian: &Tian, package: &ExchangePackage, record: &IncomingRecord) -> Option<String> {
    let listed: Vec<Attachment> = serde_json::from_value(record.fields.get("attachments")?.clone()).ok()?;
    listed.iter().find_map(|a| {
        let size = match package.attachments.get(&a.sha256) {
            Some(bytes) => Some(bytes.len() as u64),
            None => tian.attachment_path(&a.sha256).ok().and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len()),
        };
        match size {
            None => Some(format!("附件“{}”不在交换包中，本机也没有这个文件", a.name)),
            Some(size) if size != a.size => Some(format!("附件“{}”的大小与文件不符", a.name)),
            Some(_) => None,
        }
    })
}
