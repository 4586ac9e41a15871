//! 审核: whether the sender of a package may make each change it carries.
//!
//! A handling unit's installation signs whatever its clerk, or a program on
//! its PC, puts in a package, so a trusted unit's package is judged as
//! hostile input. The store has already parsed it and grouped it into
//! records with the identity the merge will leave them with
//! ([`tian_store::Incoming`]); here each record is judged on that identity.
//!
//! The judge keeps no handling rules of its own: a new record is the step
//! it stands for (a contact is 办理, a reply is 答复, a request is 延期, a
//! hand-back is 退回), taken on the proposal's [`Handling`] as the records
//! before it in the package left it, and refused where the clerk's own step
//! would be; its dates keep the same [`tian_domain::Chronology`], with the
//! package's arrival (plus the clock tolerance) as today. Beside the rules,
//! what only a package can attempt:
//!
//! - a unit writes only contacts in its own name, its own replies (as a lead
//!   unit only if it is one of the proposal's lead units), the status of
//!   the suggestions of proposals assigned to it and, as a lead unit, its
//!   own extension requests (never their decision), and only under origins
//!   that are its own;
//! - what was judged stays: a settled answer ([`tian_domain::Reply::is_settled`])
//!   is not changed or deleted, a request or hand-back once sent is not
//!   changed, and a record the committee deleted is not revived;
//! - any sender's reply names only attachments the package carries or this
//!   installation holds.
//!
//! The merge then applies exactly the operations of the records accepted here.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use tian_domain::{AnswerClass, Attachment, Dated, Handling, ProposalId, Step};
use tian_store::fields::{Patch, ReplyPatch};
use tian_store::{Entity, Incoming, IncomingRecord, PeerRecord, Reader, SentOperation};
use tian_sync::ExchangePackage;

use super::import::Receiver;
use super::number_of;
use crate::proposals::dossier::Dossier;
use crate::{Result, Settings, Tian};

/// How many origins a unit's installations may write under in all: one,
/// and one more for each backup restored.
const MAX_ORIGINS_PER_UNIT: usize = 16;

/// The reason a change refused before is refused again, ahead of the first.
const REFUSED_BEFORE: &str = "此前已拒收";

/// The records a handling unit may add to or change in its proposals.
const UNIT_RECORDS: &[Entity] =
    &[Entity::Contact, Entity::Reply, Entity::Suggestion, Entity::Extension, Entity::HandBack];

/// Why a unit's package is refused whole for the origins it names: a
/// unit's installation writes under at most [`MAX_ORIGINS_PER_UNIT`] in its
/// life, so a package naming more is not one installation's work (and each
/// origin would be judged and kept on its own, thousands of times over).
pub(super) fn origins_refused(package: &ExchangePackage, sender: &PeerRecord) -> Option<String> {
    if sender.role != "unit" {
        return None;
    }
    // The ranges it states are of its changes' origins too: each is kept
    // as held, and named back in every package to it.
    let ranges = package.manifest.envelope.ranges.iter().map(|r| r.origin.as_str());
    let origins: BTreeSet<&str> = package.operations.iter().map(|op| op.origin.as_str()).chain(ranges).collect();
    (origins.len() > MAX_ORIGINS_PER_UNIT).then(|| {
        format!(
            "这个交换包的修改及其范围来自{}个来源，而一个单位的电脑至多有{MAX_ORIGINS_PER_UNIT}个（每恢复一次备份增加一个），不是“{}”自己的交换包，已拒绝导入。",
            origins.len(),
            sender.name
        )
    })
}

/// Per operation of `package`, why it is refused (`None`: it may be merged).
pub(super) fn judge(
    tian: &Tian,
    receiver: &Receiver,
    package: &ExchangePackage,
    sender: &PeerRecord,
    incoming: &Incoming,
) -> Result<Vec<Option<String>>> {
    let read = tian.store.read();
    let settings = &receiver.settings;
    // Per origin the package writes under, the lowest and highest change
    // numbers it holds.
    let mut held: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for op in &package.operations {
        let (low, high) = held.entry(op.origin.as_str()).or_insert((op.origin_seq, op.origin_seq));
        (*low, *high) = ((*low).min(op.origin_seq), (*high).max(op.origin_seq));
    }
    let mut unit = (sender.role == "unit")
        .then(|| UnitRights::of(&read, tian, receiver, package, sender, held.keys().copied()))
        .transpose()?;
    let mut verdicts = incoming.refused.clone();
    // Records are judged in the order the merge applies them (by their
    // first change's clock), whatever their kind: a hand-back stamped before
    // a contact is taken first, and the contact then finds the proposal
    // handed back.
    let first_change = |record: &IncomingRecord| {
        record.ops.iter().map(|&i| (package.operations[i].hlc, &package.operations[i].origin)).min()
    };
    let mut order: Vec<&IncomingRecord> = incoming.records.iter().collect();
    order.sort_by_cached_key(|record| first_change(record));
    for record in order {
        let reason = match (&record.conflict, &mut unit) {
            (Some(conflict), _) => Some(conflict.clone()),
            (None, Some(rights)) => rights.record(record, settings),
            (None, None) => None,
        }
        .or_else(|| record.incomplete.then(|| "新记录的内容不完整".to_owned()))
        .or_else(|| missing_attachment(tian, package, record));
        for &i in &record.ops {
            let origin = unit.as_ref().and_then(|rights| rights.origin(&package.operations[i].origin));
            verdicts[i] = verdicts[i].take().or(origin).or_else(|| reason.clone());
        }
    }
    // A change refused once stays refused, whichever package carries it
    // again: its sender withdrew it on the strength of that refusal. Only
    // the refusals within the numbers the package holds are read.
    let mut before: BTreeMap<(&str, i64), String> = BTreeMap::new();
    for (origin, (low, high)) in held {
        before.extend(
            read.refused_between(&sender.name, origin, low, high)?.into_iter().map(|(seq, why)| ((origin, seq), why)),
        );
    }
    if !before.is_empty() {
        for (op, verdict) in package.operations.iter().zip(verdicts.iter_mut()) {
            if verdict.is_none() {
                if let Some(reason) = before.get(&(op.origin.as_str(), op.origin_seq)) {
                    // Said once, however often it is sent again.
                    *verdict = Some(if reason.starts_with(REFUSED_BEFORE) {
                        reason.clone()
                    } else {
                        format!("{REFUSED_BEFORE}（{reason}）")
                    });
                }
            }
        }
    }
    whole_records_only(package, &mut verdicts);
    Ok(verdicts)
}

/// A record is taken whole or not at all: if any of a record's operations
/// is refused, so are the others, so that what lands is what was judged
/// (a contact whose refused `unit` was dropped would pass as the committee's).
fn whole_records_only(package: &ExchangePackage, verdicts: &mut [Option<String>]) {
    fn key(op: &SentOperation) -> (Option<Entity>, &str) {
        (Entity::parse(&op.entity), op.entity_id.as_str())
    }
    // By the kind the sender names, an operation the store could not type
    // (an unknown field) among them: it spoils its record too.
    let mut spoilt: BTreeMap<(Option<Entity>, &str), String> = BTreeMap::new();
    for (op, verdict) in package.operations.iter().zip(verdicts.iter()) {
        if let Some(reason) = verdict {
            spoilt.entry(key(op)).or_insert_with(|| reason.clone());
        }
    }
    for (op, verdict) in package.operations.iter().zip(verdicts.iter_mut()) {
        if verdict.is_none() {
            if let Some(reason) = spoilt.get(&key(op)) {
                *verdict = Some(format!("同一记录的其他修改被拒绝（{reason}）"));
            }
        }
    }
}

/// What a unit's package may touch at this installation.
struct UnitRights<'s> {
    tian: &'s Tian,
    sender: &'s PeerRecord,
    /// The deadline rules, for the 退回时限 after 交办.
    deadlines: tian_domain::DeadlineRules,
    /// The package's arrival: this installation's today.
    arrived: NaiveDate,
    /// The latest date a record may carry: the arrival plus the clock
    /// tolerance, since the unit's PC may run a day ahead.
    latest: NaiveDate,
    /// Whether each proposal the package names is assigned to the sender,
    /// read once each (a term holds thousands; a package names a few).
    assigned: BTreeMap<String, bool>,
    /// Origins this installation writes under, and those other peers speak for.
    foreign_origins: BTreeSet<String>,
    /// Origins of the sender's own: those it already speaks for, and the
    /// new ones of this package it may still bring.
    own_origins: BTreeSet<String>,
    /// Each proposal the package touches, read once, as the records judged
    /// so far have left it.
    proposals: BTreeMap<String, Judged>,
}

/// One proposal while a package's records are judged: its dossier as held
/// here, and its handling as moved on by each record accepted.
struct Judged {
    dossier: Dossier,
    handling: Handling,
    /// An extension request accepted from this package: one waits for its
    /// answer at a time, in a package as at the window.
    asked_extension: bool,
}

impl<'s> UnitRights<'s> {
    fn of<'o>(
        read: &Reader,
        tian: &'s Tian,
        receiver: &Receiver,
        package: &ExchangePackage,
        sender: &'s PeerRecord,
        sent: impl IntoIterator<Item = &'o str>,
    ) -> Result<Self> {
        let settings = &receiver.settings;
        let mut foreign_origins = receiver.origins.clone();
        foreign_origins.extend(read.owned_by_others(&sender.fingerprint, sent)?);
        // A unit's installation writes under one origin, and takes a new one
        // when it restores a backup: a few in its life. A package bringing
        // thousands would make every package the committee sends to others
        // outgrow its manifest.
        let mut own_origins = read.origins_owned_by(&sender.fingerprint)?;
        for op in &package.operations {
            if own_origins.len() >= MAX_ORIGINS_PER_UNIT {
                break;
            }
            if !foreign_origins.contains(&op.origin) && !own_origins.contains(&op.origin) {
                own_origins.insert(op.origin.clone());
            }
        }
        let tolerance = chrono::Days::new(u64::from(settings.clock_skew_hours.div_ceil(24)));
        Ok(UnitRights {
            tian,
            sender,
            deadlines: settings.deadlines,
            arrived: tian.today,
            latest: tian.today.checked_add_days(tolerance).unwrap_or(tian.today),
            assigned: BTreeMap::new(),
            foreign_origins,
            own_origins,
            proposals: BTreeMap::new(),
        })
    }

    fn origin(&self, origin: &str) -> Option<String> {
        if self.foreign_origins.contains(origin) {
            return Some("不是该单位自己的修改（来自其他电脑）".to_owned());
        }
        (!self.own_origins.contains(origin)).then(|| {
            format!(
                "来自该单位过多的来源（一个单位至多{MAX_ORIGINS_PER_UNIT}个，每恢复一次备份增加一个），请与该单位核实"
            )
        })
    }

    fn record(&mut self, record: &IncomingRecord, settings: &Settings) -> Option<String> {
        let unit = self.sender.name.clone();
        if !UNIT_RECORDS.contains(&record.entity) {
            return Some(format!("承办单位不能修改{}", record.entity.label()));
        }
        let Some(proposal) = record.proposal_id.as_deref() else {
            return Some("无法确定所属的提案".to_owned());
        };
        let assigned = match self.assigned.get(proposal) {
            Some(known) => *known,
            None => {
                let known = match self.tian.store.read().is_assigned_to(proposal, &unit) {
                    Ok(known) => known,
                    Err(e) => return Some(e.to_string()),
                };
                *self.assigned.entry(proposal.to_owned()).or_insert(known)
            }
        };
        if !assigned {
            return Some(format!("第{}号提案没有交办给{unit}", number_of(proposal)));
        }
        if record.exists && !changes_held(record) {
            // Sent again as held: it changes nothing, whatever has happened since.
            return None;
        }
        if let Some(refusal) = revived(record) {
            return Some(refusal);
        }
        let (deadlines, arrived, latest) = (self.deadlines, self.arrived, self.latest);
        let judged = match self.proposals.entry(proposal.to_owned()) {
            Entry::Occupied(held) => held.into_mut(),
            // The dossier as the steps read it, without what only its page
            // shows (送达, 并入本件, the desk's note).
            Entry::Vacant(new) => match self.tian.dossiers.load(
                &self.tian.store.read(),
                &ProposalId::parse(proposal),
                &deadlines,
                arrived,
            ) {
                Ok(dossier) => {
                    new.insert(Judged { handling: dossier.handling.clone(), dossier, asked_extension: false })
                }
                Err(e) => return Some(e.to_string()),
            },
        };
        if let Some(refusal) = out_of_time(record, &judged.dossier, arrived, latest) {
            return Some(refusal);
        }
        let owner = record.unit.as_deref();
        let leads_here = judged.handling.lead_units.contains(&unit);
        let step = match record.entity {
            Entity::Contact if owner != Some(unit.as_str()) && record.exists => {
                return Some("不能修改提案委员会或其他单位的沟通记录".to_owned())
            }
            Entity::Contact if owner != Some(unit.as_str()) => {
                return Some(format!("沟通记录只能以本单位（{unit}）的名义记录"))
            }
            Entity::Contact => Step::RecordHandling { unit: Some(unit.clone()) },
            Entity::Reply if owner != Some(unit.as_str()) => {
                return Some(format!("不能以其他单位（{}）的名义答复", owner.unwrap_or("提案委员会")))
            }
            Entity::Reply if record.lead.is_some_and(|lead| lead != leads_here) => {
                return Some(if leads_here {
                    format!("{unit}是本提案的主办单位，答复不能标为会办意见")
                } else {
                    format!("{unit}不是本提案的主办单位，不能以主办单位的名义答复")
                })
            }
            Entity::Reply if record.exists => {
                let refused = answer_change_refused(&judged.dossier, record)
                    .or_else(|| class_refused(record, leads_here, settings));
                // An answer taken away is owed again: a new one later in the
                // same package answers it.
                if refused.is_none() && record.patch.deleted() && record.lead == Some(true) {
                    judged.handling = judged.handling.without_answer(&unit);
                }
                return refused;
            }
            Entity::Reply => {
                let round = judged.handling.round_of(&unit);
                if record.round.is_some_and(|r| r != u64::from(round)) {
                    let sent = record.round.unwrap_or_default();
                    return Some(format!("{unit}在本提案目前是第{round}轮办理，不能答复第{sent}轮"));
                }
                if let Some(refusal) = class_refused(record, leads_here, settings) {
                    return Some(refusal);
                }
                Step::Reply { unit: unit.clone() }
            }
            Entity::Extension if owner != Some(unit.as_str()) => {
                return Some(format!("不能以其他单位（{}）的名义申请延期", owner.unwrap_or("提案委员会")))
            }
            Entity::Extension if !leads_here => return Some(format!("{unit}不是本提案的主办单位，不能申请延期答复")),
            Entity::Extension => {
                let round = judged.handling.round_of(&unit);
                let refusal = match (record.exists, judged.asked_extension) {
                    (false, true) => Some(format!("{unit}已有一份延期申请在等待审批")),
                    (false, false) => {
                        judged.dossier.extension_refusal(&unit).map(|r| r.trim_end_matches('。').to_owned())
                    }
                    (true, _) => None,
                };
                if let Some(refusal) = refusal.or_else(|| extension_refused(record, round, &judged.dossier, arrived)) {
                    return Some(refusal);
                }
                Step::Extend
            }
            Entity::HandBack if owner != Some(unit.as_str()) => {
                return Some(format!("不能以其他单位（{}）的名义退回", owner.unwrap_or("提案委员会")))
            }
            Entity::HandBack if !leads_here => return Some(format!("{unit}不是本提案的主办单位，不能退回")),
            Entity::HandBack => {
                let assigned = judged.dossier.assignment.as_ref().map(|a| a.date);
                if let Some(refusal) = hand_back_refused(record, assigned, &deadlines, arrived) {
                    return Some(refusal);
                }
                Step::HandBack { unit: unit.clone() }
            }
            Entity::Suggestion if lacks_evidence(record) => {
                return Some("落实情况须写明佐证（未落实的除外）".to_owned())
            }
            Entity::Suggestion => {
                let index = record.index.unwrap_or(0);
                let suggestions = judged.dossier.proposal.suggestions.len() as u64;
                return if record.id != format!("{proposal}#{index}") {
                    Some("建议落实情况的编号与所属提案、建议序号不符".to_owned())
                } else if index < 1 || index > suggestions {
                    Some(format!("第{}号提案没有第{index}条建议", number_of(proposal)))
                } else {
                    None
                };
            }
            _ => return None,
        };
        match judged.handling.take(&step) {
            // A change to a record already held takes no new step: it only
            // has to be one the rules would still allow.
            Ok(_) if record.exists => None,
            Ok(next) => {
                judged.handling = next;
                judged.asked_extension |= matches!(step, Step::Extend);
                None
            }
            Err(refusal) => Some(refusal.0.trim_end_matches('。').to_owned()),
        }
    }
}

/// A suggestion's status, as the merge will leave it, that says something
/// was done without saying what: the rule every path keeps
/// ([`tian_domain::SuggestionState::needs_evidence`]).
fn lacks_evidence(record: &IncomingRecord) -> bool {
    let (Patch::Suggestion(sent), Patch::Suggestion(held)) = (&record.patch, &record.held) else { return false };
    let status = sent.status.or(held.status);
    let evidence = sent.evidence.as_ref().or(held.evidence.as_ref()).map_or("", |e| e.as_str());
    status.is_some_and(|s| s.needs_evidence()) && tian_domain::text::blank(evidence)
}

/// A record the committee deleted, written to again: a unit never revives
/// one, whatever its kind.
fn revived(record: &IncomingRecord) -> Option<String> {
    (record.exists && record.held.deleted())
        .then(|| format!("已删除的{}不能由承办单位恢复或修改，请联系提案委员会", record.entity.label()))
}

/// A date the record gives that its proposal's chronology refuses: before
/// what it follows (交办 above all), or after the package's arrival plus the
/// clock tolerance.
fn out_of_time(record: &IncomingRecord, dossier: &Dossier, arrived: NaiveDate, latest: NaiveDate) -> Option<String> {
    let (what, date) = match &record.patch {
        Patch::Contact(p) => (Dated::Contact, p.date),
        Patch::Reply(p) => (Dated::Reply, p.date),
        Patch::Extension(p) => (Dated::Extension, p.date),
        Patch::HandBack(p) => (Dated::HandBack, p.date),
        Patch::Suggestion(p) => (Dated::Suggestion, p.date.flatten()),
        _ => return None,
    };
    let date = date?;
    // Said as what it is: the committee's date, which the unit's clerk
    // cannot see and may be the one that is wrong.
    if date > latest {
        return Some(format!(
            "{}日期（{}）晚于提案委员会收到时的日期（{}，已容许电脑时钟的误差）。请核对日期；若日期无误，请提案委员会核对其电脑的日期后再导入。",
            what.label(),
            tian_domain::dates::format_cn(date),
            tian_domain::dates::format_cn(arrived)
        ));
    }
    // A reply keeps to its unit's round: after the 再办理 decision that began it.
    let own = dossier.chronology_for(record.unit.as_deref());
    let chronology = tian_domain::Chronology {
        today: Some(latest),
        // The order among a unit's own records is its word; what it follows
        // on this side is 交办, and for a reply the decision its round began with.
        replied: None,
        answered: None,
        latest: None,
        round_began: own.round_began.filter(|_| what == Dated::Reply),
        ..dossier.chronology()
    };
    chronology.check(what, date).err().map(|refusal| refusal.0)
}

/// A unit's change to a reply it sent: once settled (the proposer's verdict
/// on it recorded, the proposal closed, or a later round begun) the answer
/// is what was judged, and the unit changes nothing of it: not its class,
/// date, text, signer or 文号, nor deletes it.
fn answer_change_refused(dossier: &Dossier, record: &IncomingRecord) -> Option<String> {
    let held = dossier.replies.iter().find(|r| r.id == record.id)?;
    (dossier.reply_settled(held) && changes_held(record) && !publicity_only(record))
        .then(|| "提案委员会已录入提案者对这份答复的评价（或本提案已办结、已再办理），答复不能再修改或删除".to_owned())
}

/// Whether a unit's change to its own answer only says whether it may be
/// published (公开 and 不公开的理由): that stays the unit's to decide after
/// the answer is settled, as the window lets it.
fn publicity_only(record: &IncomingRecord) -> bool {
    let (Patch::Reply(patch), Patch::Reply(held)) = (&record.patch, &record.held) else { return false };
    let rest = ReplyPatch { public: held.public, private_reason: held.private_reason.clone(), ..(**patch).clone() };
    !Patch::Reply(Box::new(rest)).changes(&record.held)
}

/// A lead unit's 退回, judged as the window judges one: of the assignment in
/// force, within the days allowed after it both as dated and as arrived,
/// and never changed once held. (The handling rules are asked too, as the
/// step 退回.)
fn hand_back_refused(
    record: &IncomingRecord,
    assigned: Option<NaiveDate>,
    deadlines: &tian_domain::DeadlineRules,
    arrived: NaiveDate,
) -> Option<String> {
    if record.exists {
        return changes_held(record).then(|| "已提交的退回不能再修改".to_owned());
    }
    let (assigned, Patch::HandBack(hand_back)) = (assigned?, &record.patch) else { return None };
    if hand_back.assigned != Some(assigned) {
        return Some("退回的不是本提案现在的交办".to_owned());
    }
    let dated = hand_back.date?;
    crate::handling::steps::hand_back_in_time(deadlines, assigned, dated, arrived).err().map(|e| e.to_string())
}

/// Whether a package would change a record this installation holds (a
/// re-send of the same values changes nothing).
fn changes_held(record: &IncomingRecord) -> bool {
    record.patch.changes(&record.held)
}

/// A lead unit's extension request, judged as the committee's own window
/// judges one: new, undecided, for the round in hand, filed before the
/// answer fell due, within the limits. A request the committee holds is
/// never changed by the unit again (a re-send of the same values passes).
fn extension_refused(record: &IncomingRecord, round: u32, dossier: &Dossier, arrived: NaiveDate) -> Option<String> {
    if record.exists {
        return changes_held(record).then(|| "已提交的延期申请不能再修改；审批由提案委员会作出".to_owned());
    }
    let Patch::Extension(request) = &record.patch else { return None };
    if matches!(request.decision, Some(Some(_))) {
        return Some("延期申请的审批由提案委员会作出".to_owned());
    }
    if record.round.is_some_and(|r| r != u64::from(round)) {
        return Some(format!("本提案目前是第{round}轮办理，不能为第{}轮申请延期", record.round.unwrap_or_default()));
    }
    let Some(limits) = dossier.extension_limits.as_ref() else {
        return Some("本提案没有待答复的期限可以延长".to_owned());
    };
    // Like a hand-back, a request counts from when it reaches the committee:
    // dated back before the due date, a request arriving after it would
    // still turn a late answer into an on-time one.
    let filed = request.date?.max(arrived);
    let asked = request.requested_to?;
    limits.check_request(filed, asked).err().map(|r| r.0.trim_end_matches('。').to_owned())
}

/// A reply whose answer class this installation's rules do not use, a lead
/// unit's answer without one, or a co-unit's 会办意见 with one.
fn class_refused(record: &IncomingRecord, lead: bool, settings: &Settings) -> Option<String> {
    // A new answer states its class, whether it leaves the field out or
    // writes it empty; a change to one held is judged only where it writes it.
    let Patch::Reply(reply) = &record.patch else { return None };
    let class: Option<AnswerClass> = match reply.class {
        Some(class) => class,
        None if record.exists => return None,
        None => None,
    };
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
    let Patch::Reply(reply) = &record.patch else { return None };
    let listed: &[Attachment] = reply.attachments.as_deref()?;
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
