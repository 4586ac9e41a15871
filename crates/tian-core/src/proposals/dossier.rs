//! 提案档案: one proposal with everything recorded about its handling, and
//! the derived facts the clerk watches (stage, what is missing, deadline,
//! share of suggestions carried out).

use chrono::NaiveDate;
use serde::Serialize;
use tian_domain::dates::add_months;
use tian_domain::{
    Activity, Assignment, CloseKind, Closure, Contact, Deadline, DeadlineKind, DeadlineRules, Extension,
    ExtensionLimits, Feedback, HandBack, Handling, HandlingRecord, Offer, OfferFacts, Proposal, ProposalId, Reply,
    Review, Stage, SuggestionProgress, SuggestionState, UnitRole, Withdrawal,
};
use tian_store::{HandlingColumns, OverdueStarts, Reader};
use ts_rs::TS;

use crate::{CoreError, Result};

/// The dossier last read and what it was read from. A step reads its
/// proposal's dossier to check it, then again inside its transaction before
/// writing; the second read, and the next step's first, find nothing
/// written since and cost a copy instead of a dozen queries.
#[derive(Default)]
pub(crate) struct DossierMemo(std::sync::Mutex<Option<(MemoKey, Dossier)>>);

#[derive(PartialEq)]
struct MemoKey {
    id: ProposalId,
    rules: DeadlineRules,
    today: NaiveDate,
    mark: (u64, i64),
}

/// How a list or a document names its proposals: 第0069号, or
/// 十三届五次第0069号 where they are of more than one 届次, since each 届次
/// numbers its proposals anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Naming {
    sessions: bool,
}

impl Naming {
    /// The naming for the proposals `listed`.
    pub fn of<'a>(listed: impl IntoIterator<Item = &'a Dossier>) -> Naming {
        let mut sessions = listed.into_iter().map(|d| d.proposal.session.as_str());
        let first = sessions.next();
        Naming { sessions: sessions.any(|s| Some(s) != first) }
    }

    /// 第0069号, or 十三届五次第0069号.
    pub fn number(self, d: &Dossier) -> String {
        self.number_in(&d.proposal.session, &d.proposal.number)
    }

    /// Proposal `number` of `session` (one 并案 names), named alike.
    pub fn number_in(self, session: &str, number: &str) -> String {
        let session = if self.sessions { session } else { "" };
        format!("{session}第{number}号")
    }

    /// Whether the proposals are of more than one 届次.
    pub fn sessions(self) -> bool {
        self.sessions
    }
}

impl DossierMemo {
    pub(crate) fn load(
        &self,
        read: &Reader,
        id: &ProposalId,
        rules: &DeadlineRules,
        today: NaiveDate,
    ) -> Result<Dossier> {
        self.with(read, id, rules, today, Dossier::clone)
    }

    /// The handling record alone: what a step checks, without copying the
    /// whole dossier.
    pub(crate) fn handling(
        &self,
        read: &Reader,
        id: &ProposalId,
        rules: &DeadlineRules,
        today: NaiveDate,
    ) -> Result<Handling> {
        self.with(read, id, rules, today, |d| d.handling.clone())
    }

    fn with<T>(
        &self,
        read: &Reader,
        id: &ProposalId,
        rules: &DeadlineRules,
        today: NaiveDate,
        take: impl FnOnce(&Dossier) -> T,
    ) -> Result<T> {
        let key = MemoKey { id: id.clone(), rules: *rules, today, mark: read.mark()? };
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, dossier)) = memo.as_ref().filter(|(k, _)| *k == key) {
            return Ok(take(dossier));
        }
        let dossier = Dossier::load(read, id, rules, today)?;
        let taken = take(&dossier);
        *memo = Some((key, dossier));
        Ok(taken)
    }

    /// After the database was replaced whole (a restore), which no mark shows.
    pub(crate) fn forget(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// 答复 as the proposer received it: the answer of a round, with the
/// class the unit gave it and the proposer's verdict on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Under 分办, the lead unit answering on its own; `None` where the lead
    /// units answered together.
    pub unit: Option<String>,
    /// 第几轮: 1, or later after 再办理.
    pub round: u32,
    pub date: NaiveDate,
    pub class: Option<tian_domain::AnswerClass>,
    /// 满意 / 基本满意 / 不满意, once the proposer has given it on this answer.
    pub verdict: Option<tian_domain::Satisfaction>,
    /// 沟通方式 and 办理态度, where the proposer's 征询意见表 on this answer says them.
    pub consultation: Option<tian_domain::Consultation>,
    pub attitude: Option<tian_domain::Satisfaction>,
    /// The letters that make the answer: the unit's latest of the round,
    /// one per lead unit where they answered together.
    pub letters: Vec<String>,
}

impl Answer {
    /// The answer of `round`, with what the proposer said of it in `judged`.
    fn judged(
        letters: Vec<String>,
        unit: Option<String>,
        round: u32,
        date: NaiveDate,
        class: Option<tian_domain::AnswerClass>,
        judged: Option<&Feedback>,
    ) -> Answer {
        Answer {
            letters,
            unit,
            round,
            date,
            class,
            verdict: judged.map(|f| f.result),
            consultation: judged.and_then(|f| f.form.consultation),
            attitude: judged.and_then(|f| f.form.attitude),
        }
    }
}

/// 提案档案. Serialises as the proposal's own keys plus the handling record.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Dossier {
    #[serde(flatten)]
    pub proposal: Proposal,
    pub handling: Handling,
    /// 下一步: what the clerk has to do next; empty when nothing is due.
    pub next_needed: String,
    pub assignment: Option<Assignment>,
    /// The date the current answer is due, if one is.
    pub due_date: Option<NaiveDate>,
    pub deadline: Option<Deadline>,
    /// 首次答复时限: when the first reply was due and whether it came in
    /// time; kept after the reply, so a late answer stays late in reports.
    pub reply_timing: Option<ReplyTiming>,
    pub contacts: Vec<Contact>,
    pub activities: Vec<Activity>,
    pub replies: Vec<Reply>,
    pub feedback: Vec<Feedback>,
    /// 建议落实情况, one entry per suggestion that has a status.
    pub suggestion_status: Vec<SuggestionProgress>,
    pub progress: SuggestionShare,
    pub closure: Option<Closure>,
    pub review: Option<Review>,
    /// 延期申请 of every round, oldest first, with their decisions.
    pub extensions: Vec<Extension>,
    /// 待审批的延期申请: undecided requests of the round now in hand, while
    /// an answer is still owed. A request overtaken by the answer, a new
    /// round or a new 交办 has lapsed (已失效) and waits for no one.
    pub pending_extension_ids: Vec<String>,
    /// 已延期至: the date an approved extension moved the answer now owed to.
    pub extended_to: Option<NaiveDate>,
    /// 反馈期限: when the proposer's feedback on the answer now in is
    /// expected; past it the proposal is 待反馈逾期.
    pub feedback_due: Option<NaiveDate>,
    /// 待反馈逾期.
    pub feedback_overdue: bool,
    /// When the last of the answers now waiting (under 分办, several) has
    /// waited its feedback time: silence counts as satisfaction only then.
    #[serde(skip)]
    pub feedback_all_due: Option<NaiveDate>,
    /// 撤案.
    pub withdrawal: Option<Withdrawal>,
    /// 退回: every hand-back, of this assignment and earlier ones.
    pub hand_backs: Vec<HandBack>,
    /// The last day a lead unit may still hand it back (退回时限), while it may.
    pub hand_back_until: Option<NaiveDate>,
    /// 办结方式, once closed.
    pub close_kind: Option<CloseKind>,
    /// 会办意见: each co-unit's opinion against its due date.
    pub co_opinions: Vec<CoOpinion>,
    /// How far the answer now owed may be extended, while one is owed.
    #[serde(skip)]
    pub extension_limits: Option<ExtensionLimits>,
    /// The day the dossier was read as of: the clerk's today, which no
    /// record may be dated after.
    #[serde(skip)]
    pub as_of: NaiveDate,
    /// 时间顺序: the dates the next step keeps to ([`Dossier::chronology`]),
    /// for the window's date pickers.
    pub dates: tian_domain::Chronology,
    /// The 再办理 decision or re-opening that began the proposal's round,
    /// after the first.
    #[serde(skip)]
    pub round_began: Option<NaiveDate>,
    /// 分办: each lead unit still owing its answer, with its own round and
    /// deadline; the proposal's `deadline` is the soonest of them.
    pub unit_deadlines: Vec<UnitDeadline>,
    /// 可办的步骤: what the clerk of this installation may take now, most
    /// likely first ([`Handling::offered`]); the window offers these only.
    pub offered: Vec<Offer>,
    /// Whether a 征询意见表 can be made now ([`Dossier::answer_to_judge`]).
    pub feedback_form_open: bool,
    /// 分办: the lead units whose answer waits for the proposer's verdict
    /// ([`Handling::awaiting_verdict`]), for the 反馈 form to choose from.
    pub awaiting_verdict: Vec<String>,
    /// 分办: the lead units found 不满意 and not yet decided on
    /// ([`Handling::undecided_units`]), for the 不满意件处理 form.
    pub undecided_units: Vec<String>,
    /// 本单位待办, on a handling unit's own installation: what it owes here
    /// and the 会办意见 it waits for or owes ([`crate::DeskNote`]).
    pub desk: Option<crate::DeskNote>,
    /// 送达: when each answer reached the committee, by its signed receipt
    /// (answers entered at the committee, or sent before Tian kept
    /// receipts, have none).
    pub arrivals: Vec<crate::Arrival>,
    /// 并案: the proposals of its 届次 merged into this one, whose
    /// proposers its answer answers too.
    pub merged_here: Vec<MergedProposal>,
}

/// A proposal merged into another (并案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MergedProposal {
    pub number: String,
    pub title: String,
    pub proposer: String,
}

/// 分办: one lead unit's answer owed, in its own round, by its own date.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UnitDeadline {
    pub unit: String,
    pub round: u32,
    pub deadline: Deadline,
}

/// 会办意见时限: a co-unit's opinion to the lead unit, due a set time after 交办.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CoOpinion {
    pub unit: String,
    pub due: NaiveDate,
    /// The day its first 会办意见 came in.
    pub replied: Option<NaiveDate>,
    /// 逾期: in after the due date, or still missing after it.
    pub late: bool,
}

impl CoOpinion {
    fn all(assignment: &Assignment, replies: &[Reply], rules: &DeadlineRules, today: NaiveDate) -> Vec<CoOpinion> {
        let due = add_months(assignment.date, rules.co_opinion_months);
        assignment
            .units_in(UnitRole::Co)
            .into_iter()
            .map(|unit| {
                let replied = replies.iter().filter(|r| !r.lead && r.unit == unit).map(|r| r.date).min();
                CoOpinion { late: replied.unwrap_or(today) > due, unit, due, replied }
            })
            .collect()
    }
}

/// 首次答复时限: the first-round answer against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReplyTiming {
    /// 答复期限, counted from 交办.
    pub due: NaiveDate,
    /// The day the last lead unit's first answer came in; `None` while any
    /// lead unit has not answered.
    pub replied: Option<NaiveDate>,
    /// 逾期: answered after the due date, or still unanswered after it.
    pub late: bool,
}

impl ReplyTiming {
    fn of(
        assignment: &Assignment,
        replies: &[Reply],
        extended_to: Option<NaiveDate>,
        rules: &DeadlineRules,
        today: NaiveDate,
    ) -> ReplyTiming {
        let due = rules.first_reply_due(assignment.date, extended_to);
        let first =
            |unit: &str| replies.iter().filter(|r| r.lead && r.round == 1 && r.unit == unit).map(|r| r.date).min();
        let leads = assignment.units_in(UnitRole::Lead);
        // 联合主办: the first lead unit's answer is the joint answer.
        let replied = if leads.is_empty() || !assignment.split() {
            replies
                .iter()
                .filter(|r| r.lead && r.round == 1 && (leads.is_empty() || leads.contains(&r.unit)))
                .map(|r| r.date)
                .min()
        } else {
            leads.iter().map(|u| first(u)).collect::<Option<Vec<_>>>().and_then(|dates| dates.into_iter().max())
        };
        ReplyTiming { due, replied, late: replied.unwrap_or(today) > due }
    }

    /// 按期答复: answered, on or before the due date.
    pub fn on_time(&self) -> bool {
        self.replied.is_some() && !self.late
    }
}

/// How many of a proposal's suggestions are carried out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SuggestionShare {
    pub total: u32,
    /// 已落实
    pub done: u32,
    /// 部分落实
    pub partly: u32,
    /// 正在落实
    pub in_progress: u32,
    /// Share carried out, 0–100: 已落实 counts whole, 部分落实 half.
    pub percent: f64,
}

/// 建议落实 as counted: the proposer's word on the latest 征询意见表 that
/// judges a suggestion stands over the report of it, as the form's 沟通方式
/// stands over the recorded contacts.
fn carried_out(status: &[SuggestionProgress], feedback: &[Feedback]) -> Vec<SuggestionProgress> {
    let mut states: Vec<SuggestionProgress> = status.to_vec();
    let mut judged: Vec<&Feedback> = feedback.iter().filter(|f| !f.form.suggestions.is_empty()).collect();
    judged.sort_by_key(|f| (f.round, f.date));
    for f in judged {
        for v in &f.form.suggestions {
            let said =
                SuggestionProgress { index: v.index, status: v.state, evidence: String::new(), date: Some(f.date) };
            match states.iter_mut().find(|s| s.index == v.index) {
                Some(held) => *held = said,
                None => states.push(said),
            }
        }
    }
    states
}

impl SuggestionShare {
    fn of(total: usize, status: &[SuggestionProgress]) -> SuggestionShare {
        let count = |s| status.iter().filter(|p| p.status == s).count() as u32;
        let (done, partly, in_progress) =
            (count(SuggestionState::Done), count(SuggestionState::Partly), count(SuggestionState::InProgress));
        let percent = if total == 0 { 0.0 } else { (done as f64 + partly as f64 / 2.0) * 100.0 / total as f64 };
        SuggestionShare { total: total as u32, done, partly, in_progress, percent: (percent * 10.0).round() / 10.0 }
    }
}

/// When answers that started counting are late on `today`, for the store's
/// 已逾期 filter; the same rules as [`current_deadline`].
pub(crate) fn overdue_starts(rules: &DeadlineRules, today: NaiveDate) -> OverdueStarts {
    OverdueStarts {
        reply: rules.latest_overdue_start(DeadlineKind::Reply, today),
        rehandling: rules.latest_overdue_start(DeadlineKind::Rehandling, today),
        today,
    }
}

/// The day the clock of the answer now owed started: 交办 in the first
/// round, the 再办理 decision or re-opening after that.
pub(crate) fn clock_start(
    round: u32,
    assigned_on: Option<NaiveDate>,
    rehandling_start: Option<NaiveDate>,
) -> Option<NaiveDate> {
    if round > 1 {
        rehandling_start
    } else {
        assigned_on
    }
}

/// What decides a proposal's current deadline, as its row holds it.
pub(crate) struct DeadlineFacts {
    pub stage: Stage,
    pub round: u32,
    pub assigned_on: Option<NaiveDate>,
    pub rehandling_start: Option<NaiveDate>,
    /// A due date the committee set: an extension, or a 再办理 decision's.
    pub due_date: Option<NaiveDate>,
    pub extended: bool,
}

impl DeadlineFacts {
    /// The facts as a proposal's handling columns hold them, at `stage`.
    pub(crate) fn of(stage: Stage, columns: &HandlingColumns) -> DeadlineFacts {
        DeadlineFacts {
            stage,
            round: columns.round,
            assigned_on: columns.assignment.as_ref().map(|a| a.date),
            rehandling_start: columns.rehandling_start,
            due_date: columns.due_date,
            extended: columns.extended_to.is_some(),
        }
    }

    /// How far the answer now due (`deadline`, from [`current_deadline`])
    /// may be extended; the window and the exchange's judge both ask here.
    pub(crate) fn extension_limits(
        &self,
        deadline: Option<Deadline>,
        rules: &DeadlineRules,
    ) -> Option<ExtensionLimits> {
        clock_start(self.round, self.assigned_on, self.rehandling_start)
            .zip(deadline)
            .map(|(start, dl)| ExtensionLimits::new(start, dl.due, rules))
    }
}

/// The answer due now, if one is: a due date the committee set where there
/// is one, else the reply counted from 交办 in the first round, the new reply
/// counted from 再办理 (or re-opening) after that. The store's 已逾期 filter
/// makes the same choice in SQL.
pub(crate) fn current_deadline(facts: &DeadlineFacts, rules: &DeadlineRules, today: NaiveDate) -> Option<Deadline> {
    let DeadlineFacts { stage, round, assigned_on, rehandling_start, due_date, extended } = *facts;
    let kind = if round > 1 { DeadlineKind::Rehandling } else { DeadlineKind::Reply };
    if let (Stage::Assigned | Stage::Handling | Stage::Rehandling, Some(due)) = (stage, due_date) {
        return Some(Deadline::due_on(kind, due, extended, rules, today));
    }
    match (stage, assigned_on, rehandling_start) {
        (Stage::Rehandling | Stage::Handling, _, Some(start)) if round > 1 => {
            Some(Deadline::from_start(DeadlineKind::Rehandling, start, rules, today))
        }
        (Stage::Assigned | Stage::Handling, Some(date), _) => {
            Some(Deadline::from_start(DeadlineKind::Reply, date, rules, today))
        }
        _ => None,
    }
}

impl Dossier {
    /// The dates later records of this proposal must not come before.
    pub fn chronology(&self) -> tian_domain::Chronology {
        self.dates.clone()
    }

    /// The same, for a verdict on `unit`'s answer under 分办: after that
    /// unit's own answer of its round.
    pub fn chronology_for(&self, unit: Option<&str>) -> tian_domain::Chronology {
        let h = &self.handling;
        tian_domain::Chronology {
            assigned: self.assignment.as_ref().map(|a| a.date),
            replied: self
                .replies
                .iter()
                .filter(|r| r.lead && r.round == h.round_of(&r.unit) && unit.is_none_or(|u| u == r.unit))
                .map(|r| r.date)
                .max(),
            answered: self.feedback.iter().map(|f| f.date).max(),
            latest: self.recorded_dates().max(),
            today: Some(self.as_of),
            handed_back: self.hand_backs.iter().map(|b| b.date).max(),
            // Under 分办, the unit's own 再办理 decision; else the proposal's.
            round_began: match unit.and_then(|u| h.tracks.iter().find(|t| t.unit == u)) {
                Some(track) if track.round == 1 => None,
                Some(track) => track.since.or(self.round_began),
                None if h.split => None,
                None => self.round_began,
            },
            // Records before the date in force, and every 退回 (a current one
            // stops the correction), belong to an earlier assignment.
            first_handled: self.assignment.as_ref().and_then(|a| self.handled_dates().filter(|d| *d >= a.date).min()),
        }
    }

    /// 分办: each owing lead unit's own deadline: a first answer from 交办
    /// (`first_due`), a 再办理 answer by its decision's due date or the
    /// rules' time after it; the proposal's own where the unit's course
    /// keeps none (after a re-opening).
    fn unit_deadlines(
        &self,
        first_due: Option<NaiveDate>,
        rules: &DeadlineRules,
        today: NaiveDate,
    ) -> Vec<UnitDeadline> {
        let h = &self.handling;
        if !h.split {
            return Vec::new();
        }
        h.awaited_leads()
            .into_iter()
            .filter_map(|unit| {
                let track = h.tracks.iter().find(|t| t.unit == unit)?;
                let deadline = match (track.round, first_due) {
                    (1, Some(due)) => {
                        Deadline::due_on(DeadlineKind::Reply, due, self.extended_to.is_some(), rules, today)
                    }
                    (1, None) => return None,
                    _ => match track.due.or_else(|| track.since.map(|s| add_months(s, rules.rehandling_months))) {
                        Some(due) => Deadline::due_on(DeadlineKind::Rehandling, due, false, rules, today),
                        None => self.deadline?,
                    },
                };
                Some(UnitDeadline { unit: unit.to_owned(), round: track.round, deadline })
            })
            .collect()
    }

    /// The date of every step recorded on the proposal.
    fn recorded_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let hand_backs = self.hand_backs.iter().map(|b| b.date);
        self.assignment.iter().map(|a| a.date).chain(self.handled_dates()).chain(hand_backs)
    }

    /// The date of every step recorded under an assignment, 退回 aside.
    fn handled_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let decisions = self.extensions.iter().filter_map(|e| e.decision.as_ref().map(|d| d.date));
        self.contacts
            .iter()
            .map(|c| c.date)
            .chain(self.activities.iter().map(|a| a.date))
            .chain(self.replies.iter().map(|r| r.date))
            .chain(self.feedback.iter().map(|f| f.date))
            .chain(self.suggestion_status.iter().filter_map(|s| s.date))
            .chain(self.extensions.iter().map(|e| e.date))
            .chain(decisions)
            .chain(self.closure.iter().map(|c| c.date))
    }

    /// 逾期未答复: the answer owed now, the first or a 再办理 answer, is
    /// past its due date; what the figures, 需要关注 and the list's
    /// 只看已逾期 count.
    pub fn overdue(&self) -> bool {
        self.deadline.is_some_and(|dl| dl.urgency == tian_domain::Urgency::Overdue)
    }

    /// Whether `reply` is settled ([`Reply::is_settled`]) on this proposal.
    pub fn reply_settled(&self, reply: &Reply) -> bool {
        reply.is_settled(&self.feedback, self.handling.stage, self.handling.round_of(&reply.unit))
    }

    /// Reads the dossier of `id` as of `today`.
    pub(crate) fn load(read: &Reader, id: &ProposalId, rules: &DeadlineRules, today: NaiveDate) -> Result<Dossier> {
        let proposal = read.proposal(id)?.ok_or_else(|| CoreError::NoSuchProposal { number: id.to_string() })?;
        let columns = read.handling_columns(id)?.unwrap_or_default();
        let mut records = read.records_of(id)?;
        let replies: Vec<Reply> = records.take(tian_store::Entity::Reply);
        let feedback: Vec<Feedback> = records.take(tian_store::Entity::Feedback);
        let mut suggestion_status: Vec<SuggestionProgress> = records.take(tian_store::Entity::Suggestion);
        suggestion_status.sort_by_key(|s| s.index);

        let (lead_units, co_units) = match &columns.assignment {
            Some(a) => (a.units_in(UnitRole::Lead), a.units_in(UnitRole::Co)),
            None => (proposal.lead_units.clone(), Vec::new()),
        };
        let hand_backs: Vec<HandBack> = records.take(tian_store::Entity::HandBack);
        let assigned_on = columns.assignment.as_ref().map(|a| a.date);
        let handed_back: Vec<String> = hand_backs
            .iter()
            .filter(|b| Some(b.assigned) == assigned_on && lead_units.contains(&b.unit))
            .map(|b| b.unit.clone())
            .collect();
        let split = columns.assignment.as_ref().is_some_and(Assignment::split);
        let handling = Handling::of_record(HandlingRecord {
            stage: proposal.stage,
            round: columns.round,
            lead_units,
            co_units,
            split,
            unit_rounds: &columns.unit_rounds,
            // A unit moved off the proposal by 改办 no longer answers for it:
            // the record reads answers of the assigned lead units only.
            answers: replies.iter().filter(|r| r.lead).map(|r| (r.unit.as_str(), r.round)).collect(),
            verdicts: feedback.iter().map(|f| (f.unit.as_deref(), f.round, f.result)).collect(),
            handed_back,
        });

        let facts = DeadlineFacts::of(handling.stage, &columns);
        // 分办: the answer owed soonest may be a unit's first, in a later round.
        let first_due = facts.assigned_on.map(|a| rules.first_reply_due(a, columns.extended_to));
        let deadline = current_deadline(&facts, rules, today).map(|d| match first_due {
            Some(first) if handling.first_answer_owed() && d.due == first => {
                Deadline { kind: DeadlineKind::Reply, ..d }
            }
            _ => d,
        });
        let extension_limits = facts.extension_limits(deadline, rules);

        let extensions: Vec<Extension> = records.take(tian_store::Entity::Extension);
        // Requests filed under an earlier assignment went with it (改办):
        // those dated before the 交办 in force, and those of a unit no longer
        // leading it or that handed it back since (a 改办 the same day as
        // the request leaves only these to tell them apart).
        let of_current_assignment = |e: &Extension| {
            facts.assigned_on.is_none_or(|on| e.date >= on)
                && handling.lead_units.contains(&e.unit)
                && !hand_backs.iter().any(|h| h.unit == e.unit && h.date >= e.date)
        };
        let owed = matches!(handling.stage, Stage::Assigned | Stage::Handling | Stage::Rehandling);
        let pending_extension_ids = extensions
            .iter()
            .filter(|e| {
                owed && e.decision.is_none()
                    && e.round == handling.round_of(&e.unit)
                    && (!handling.split || handling.awaited_leads().contains(&e.unit.as_str()))
                    && of_current_assignment(e)
            })
            .map(|e| e.id.clone())
            .collect();
        let first_round_extension = extensions
            .iter()
            .filter(|e| e.round == 1)
            .filter(|e| of_current_assignment(e))
            .filter_map(|e| e.decision.as_ref().filter(|d| d.approved).and_then(|d| d.due))
            .max();
        // A withdrawn proposal is owed nothing: no answer, verdict or 会办意见
        // of it is late from then on, on any page or in any document.
        let withdrawn = handling.stage == Stage::Withdrawn;
        let reply_timing = columns.assignment.as_ref().map(|a| {
            let timing = ReplyTiming::of(a, &replies, first_round_extension, rules, today);
            ReplyTiming { late: timing.late && !(withdrawn && timing.replied.is_none()), ..timing }
        });
        // The answers still waiting for the proposer's verdict: the joint
        // answer once in, or under 分办 each unit's own.
        let judged_now =
            matches!(handling.stage, Stage::Handling | Stage::Rehandling | Stage::Replied | Stage::Undecided);
        let awaiting: Vec<&str> = if !judged_now {
            Vec::new()
        } else if split {
            handling.awaiting_verdict()
        } else if handling.stage == Stage::Replied {
            handling.replied_leads.iter().map(String::as_str).collect()
        } else {
            Vec::new()
        };
        let answered: Vec<NaiveDate> = awaiting
            .iter()
            .filter_map(|unit| {
                let round = handling.round_of(unit);
                replies.iter().filter(|r| r.lead && &r.unit == unit && r.round == round).map(|r| r.date).max()
            })
            .collect();
        let feedback_due = answered.iter().min().map(|a| add_months(*a, rules.feedback_months));
        let mut dossier = Dossier {
            feedback_all_due: answered.iter().max().map(|a| add_months(*a, rules.feedback_months)),
            feedback_overdue: !withdrawn && feedback_due.is_some_and(|due| due < today),
            feedback_due,
            extensions,
            pending_extension_ids,
            extended_to: columns.extended_to,
            withdrawal: columns.withdrawal,
            hand_back_until: facts
                .assigned_on
                .filter(|_| facts.round == 1 && matches!(facts.stage, Stage::Assigned | Stage::Handling))
                .map(|on| rules.hand_back_closes(on)),
            hand_backs,
            close_kind: columns.closure.as_ref().map(|c| c.kind),
            extension_limits,
            co_opinions: columns
                .assignment
                .as_ref()
                .map(|a| CoOpinion::all(a, &replies, rules, today))
                .unwrap_or_default()
                .into_iter()
                .filter(|o| !(withdrawn && o.replied.is_none()))
                .collect(),
            reply_timing,
            next_needed: handling.next_needed(),
            progress: SuggestionShare::of(proposal.suggestions.len(), &carried_out(&suggestion_status, &feedback)),
            proposal,
            handling,
            assignment: columns.assignment,
            due_date: deadline.map(|d| d.due),
            deadline,
            contacts: records.take(tian_store::Entity::Contact),
            activities: records.take(tian_store::Entity::Activity),
            replies,
            feedback,
            suggestion_status,
            closure: columns.closure,
            review: columns.review,
            as_of: today,
            dates: tian_domain::Chronology::default(),
            round_began: columns.rehandling_start.filter(|_| columns.round > 1),
            unit_deadlines: Vec::new(),
            offered: Vec::new(),
            feedback_form_open: false,
            arrivals: Vec::new(),
            merged_here: Vec::new(),
            awaiting_verdict: Vec::new(),
            undecided_units: Vec::new(),
            desk: None,
        };
        dossier.unit_deadlines = dossier.unit_deadlines(first_due, rules, today);
        dossier.dates = dossier.chronology_for(None);
        dossier.feedback_form_open = dossier.answer_to_judge().is_ok();
        dossier.awaiting_verdict = dossier.handling.awaiting_verdict().into_iter().map(str::to_owned).collect();
        dossier.undecided_units = dossier.handling.undecided_units().into_iter().map(str::to_owned).collect();
        Ok(dossier)
    }
    /// 本单位按期答复: whether lead unit `unit` gave its first answer by the
    /// due date (together with the others under 联合主办, where the first
    /// answer is the joint one); `None` while it has not answered and the
    /// date has not passed, or when it owes no answer here.
    pub fn answered_on_time(&self, unit: &str) -> Option<bool> {
        if self.proposal.stage == Stage::Withdrawn || !self.handling.lead_units.iter().any(|u| u == unit) {
            return None;
        }
        let timing = self.reply_timing?;
        match self.first_answer_of(unit) {
            Some(day) => Some(day <= timing.due),
            None => (self.as_of > timing.due).then_some(false),
        }
    }

    /// The day lead unit `unit` first answered: its own first answer under
    /// 分办, the joint first answer otherwise.
    fn first_answer_of(&self, unit: &str) -> Option<NaiveDate> {
        if self.handling.split {
            self.replies.iter().filter(|r| r.lead && r.unit == unit && r.round == 1).map(|r| r.date).min()
        } else {
            self.reply_timing.and_then(|t| t.replied)
        }
    }

    /// 答复前沟通: whether the proposer was contacted on or before `day`
    /// (face to face only, when `face_to_face`), by `unit` when one is
    /// named. A contact recorded under no unit is the lead units' own, as
    /// the committee records what they report.
    pub fn contacted_by(&self, unit: Option<&str>, day: NaiveDate, face_to_face: bool) -> bool {
        self.contacts.iter().any(|c| {
            c.date <= day
                && (!face_to_face || c.method.face_to_face())
                && unit.is_none_or(|u| c.unit.as_deref().is_none_or(|by| by == u))
        })
    }

    /// 答复前沟通 and 面商 on `answer`, by `unit` where one is named: what
    /// the proposer's 征询意见表 says when it says how they were consulted
    /// (面商 is face to face; 未沟通 not at all), otherwise the contacts the
    /// units recorded on or before the answer ([`Dossier::contacted_by`]).
    pub fn consulted(&self, answer: &Answer, unit: Option<&str>, face_to_face: bool) -> bool {
        use tian_domain::Consultation;
        match answer.consultation {
            Some(said) if face_to_face => said == Consultation::FaceToFace,
            Some(said) => said != Consultation::None,
            None => self.contacted_by(unit, answer.date, face_to_face),
        }
    }

    /// Whether any suggestion's carrying out is known: reported by the unit
    /// or judged on the proposer's 征询意见表. Nothing known is not the same
    /// as nothing done, so a share is given only then.
    pub fn suggestions_judged(&self) -> bool {
        !self.suggestion_status.is_empty() || self.feedback.iter().any(|f| !f.form.suggestions.is_empty())
    }

    /// The numbers (from 1) of the suggestions whose carrying out was
    /// recorded, by the unit or on the proposer's form, in order: what
    /// names a suggestion by its number.
    pub fn recorded_suggestions(&self) -> Vec<usize> {
        let mut recorded: Vec<usize> = self
            .suggestion_status
            .iter()
            .map(|s| s.index as usize)
            .chain(self.feedback.iter().flat_map(|f| f.form.suggestions.iter().map(|s| s.index as usize)))
            .filter(|&i| i > 0)
            .collect();
        recorded.sort_unstable();
        recorded.dedup();
        recorded
    }

    /// The answers of lead unit `unit`: its own under 分办, the joint ones
    /// it took part in otherwise.
    pub fn answers_of(&self, unit: &str) -> Vec<Answer> {
        let leads = self.handling.lead_units.iter().any(|u| u == unit);
        self.answers().into_iter().filter(|a| a.unit.as_deref().map_or(leads, |u| u == unit)).collect()
    }

    /// 答复: what the proposer has been answered, each answer with the
    /// verdict given on it. Under 分办 each lead unit answers on its own, so
    /// each stands as an answer of its own, counted in the figures and
    /// listed in the report's 一览表 by itself; otherwise the lead units
    /// answer together, once a round. The latest answer of each: a 再办理
    /// round's answer supersedes the one before it, and the class, date and
    /// verdict always come from the same round.
    pub fn answers(&self) -> Vec<Answer> {
        let leads = self.replies.iter().filter(|r| r.lead);
        if self.handling.split {
            let mut latest: Vec<&Reply> = Vec::new();
            for r in leads {
                match latest.iter_mut().find(|l| l.unit == r.unit) {
                    Some(l) if l.round <= r.round => *l = r,
                    Some(_) => {}
                    None => latest.push(r),
                }
            }
            return latest
                .into_iter()
                .map(|r| {
                    let judged = self
                        .feedback
                        .iter()
                        .rev()
                        .find(|f| f.round == r.round && f.unit.as_deref() == Some(r.unit.as_str()));
                    Answer::judged(vec![r.id.clone()], Some(r.unit.clone()), r.round, r.date, r.class, judged)
                })
                .collect();
        }
        let Some(round) = leads.clone().map(|r| r.round).max() else { return Vec::new() };
        // The round's answer: each lead unit's latest letter of that round.
        let mut latest: Vec<&Reply> = Vec::new();
        for r in leads.filter(|r| r.round == round) {
            match latest.iter_mut().find(|l| l.unit == r.unit) {
                Some(l) => *l = r,
                None => latest.push(r),
            }
        }
        vec![Answer::judged(
            latest.iter().map(|r| r.id.clone()).collect(),
            None,
            round,
            latest.iter().map(|r| r.date).max().unwrap_or(self.as_of),
            // The proposal is only as resolved as its weakest answer: C before B before A.
            latest.iter().filter_map(|r| r.class).max(),
            self.feedback.iter().rev().find(|f| f.round == round),
        )]
    }

    /// 待决定: the committee owes a decision (再办理 or 说明办结) on an
    /// unsatisfied verdict, on the proposal or, under 分办, on one unit's
    /// answer while the other units go on.
    pub fn awaits_decision(&self) -> bool {
        self.proposal.stage == Stage::Undecided || !self.handling.undecided_units().is_empty()
    }

    /// The proposal's answer class: under 分办, the least resolved of the
    /// units' answers (C before B before A), since the proposal is only as
    /// resolved as its weakest answer.
    pub fn answer_class(&self) -> Option<tian_domain::AnswerClass> {
        self.answers().into_iter().filter_map(|a| a.class).max()
    }

    /// 待审批的延期申请, as [`Dossier::pending_extension_ids`] names them.
    /// 征询意见表: the answer the proposer is asked to judge now (the latest
    /// lead answer of its round, one per lead unit that answered), or why
    /// there is none to ask about.
    pub fn answer_to_judge(&self) -> std::result::Result<Vec<&Reply>, String> {
        // The latest answer the proposer has: in 再办理 that is still the last round's.
        let round = self.replies.iter().filter(|r| r.lead).map(|r| r.round).max().unwrap_or(self.handling.round);
        let replies: Vec<&Reply> = self.replies.iter().filter(|r| r.lead && r.round == round).collect();
        if replies.is_empty() {
            return Err(format!("第{}号提案尚未答复，答复后才能征询提案者意见。", self.proposal.number));
        }
        // The proposer has already judged this answer; the next form waits for the new one.
        if let Some(judged) = self.feedback.iter().rev().find(|f| f.round == round) {
            return Err(format!(
                "第{}号提案的答复已有提案者反馈（{}），待{}后再征询意见。",
                self.proposal.number,
                judged.result.label(),
                if self.proposal.stage == Stage::Rehandling { "再办理答复" } else { "新的答复" }
            ));
        }
        Ok(replies)
    }

    pub fn pending_extensions(&self) -> impl Iterator<Item = &Extension> {
        self.extensions.iter().filter(|e| self.pending_extension_ids.contains(&e.id))
    }

    /// Why lead unit `unit` may not ask for more time now, whoever records
    /// the request: under 分办 a unit that has answered this round needs
    /// none, and one request waits for its answer at a time.
    pub fn extension_refusal(&self, unit: &str) -> Option<String> {
        if self.handling.split && !self.handling.awaited_leads().contains(&unit) {
            return Some(format!("{unit}本轮已经答复，不需要延期。"));
        }
        self.pending_extensions().any(|e| e.unit == unit).then(|| format!("{unit}已有一份延期申请在等待审批。"))
    }

    /// The proposer's verdict on the latest answer, or under 分办 the
    /// least satisfied of the units' (不满意 before 基本满意 before 满意), as
    /// the answer class is the least resolved unit's.
    pub fn satisfaction(&self) -> Option<tian_domain::Satisfaction> {
        use tian_domain::Satisfaction::*;
        let rank = |s: &tian_domain::Satisfaction| match s {
            Satisfied => 0,
            BasicallySatisfied => 1,
            Unsatisfied => 2,
        };
        self.answers().into_iter().filter_map(|a| a.verdict).max_by_key(rank)
    }
}

impl crate::Tian {
    /// The proposal `id` with its whole handling record, as of today.
    pub fn dossier(&self, id: &ProposalId) -> Result<Dossier> {
        let settings = self.settings()?;
        let mut dossier = self.dossiers.load(&self.store.read(), id, &settings.deadlines, self.today)?;
        let desk = self.unit_name()?;
        let mine = |unit: &str| desk.as_deref().is_none_or(|desk| desk == unit);
        let offered = dossier.handling.offered(OfferFacts {
            // A unit waits only on its own request; the committee on any.
            extension_pending: dossier.pending_extensions().any(|e| mine(&e.unit)),
            // As 退回 judges it: by today, within the days after 交办.
            hand_back_open: dossier.hand_back_until.is_some_and(|until| self.today <= until),
            // As 办结 judges it: every answer waiting has passed its feedback time.
            deemed_close_open: settings.deemed_satisfied
                && dossier.feedback_all_due.is_some_and(|due| due < self.today),
            leads_here: desk.as_deref().is_some_and(|unit| dossier.handling.lead_units.iter().any(|u| u == unit)),
            unit_desk: desk.is_some(),
        });
        dossier.offered = offered;
        dossier.arrivals = self.arrivals(&dossier.replies)?;
        dossier.merged_here = self
            .store
            .read()
            .merged_into(&dossier.proposal.session, &dossier.proposal.number)?
            .into_iter()
            .map(|(number, title, proposer)| MergedProposal { number, title, proposer })
            .collect();
        if let Some(unit) = &desk {
            // The 征询意见表 is the committee's paper; the next step a unit
            // reads is its own.
            dossier.feedback_form_open = false;
            let note = crate::DeskNote::of(&dossier, unit, &settings.deadlines);
            dossier.next_needed = match &note.owes {
                Some(owes) => format!(
                    "本单位应办：{owes}{}",
                    note.deadline.map(|d| format!("，{}前", tian_domain::dates::format_cn(d.due))).unwrap_or_default()
                ),
                None if dossier.proposal.stage.is_handled() && dossier.proposal.stage != Stage::Closed => {
                    match self.unsent_answer(&dossier, unit)? {
                        true => "本单位的答复已录入，尚未发给提案委员会：请在“数据交换”中点“发送给提案委员会”。".into(),
                        false => "本单位暂无待办；提案委员会的下一步会随交换包送来。".into(),
                    }
                }
                None => String::new(),
            };
            dossier.desk = Some(note);
        }
        Ok(dossier)
    }

    /// Whether `unit`'s latest answer on `dossier` is in no package to its
    /// committee yet: its next step is to send it.
    fn unsent_answer(&self, dossier: &Dossier, unit: &str) -> Result<bool> {
        let Some(answer) = dossier.replies.iter().rev().find(|r| r.unit == unit) else { return Ok(false) };
        let read = self.store.read();
        let Some(committee) = read.trusted_peers()?.into_iter().find(|p| p.role == "committee") else {
            return Ok(false);
        };
        Ok(read.delivery(&answer.id, self.store.origin(), &committee.name)? == tian_store::Delivery::Unsent)
    }
}
