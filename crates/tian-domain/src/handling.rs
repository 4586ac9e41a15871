//! 办理流程: the stages a proposal passes through from 立案 to 办结, and which
//! step is allowed when.
//!
//! [`Handling`] is what the rules need to know about one proposal right now;
//! [`Handling::take`] checks a [`Step`] against it and returns the state after
//! the step, or a [`Refusal`] that tells the clerk what is missing. The core
//! records a step only when it is accepted here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use chrono::NaiveDate;

use crate::{Stage, UnitExplanation, UnitRound};

/// 答复类别 (A/B/C, and D where the city uses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum AnswerClass {
    A,
    B,
    C,
    D,
}

impl AnswerClass {
    pub const ALL: [AnswerClass; 4] = [AnswerClass::A, AnswerClass::B, AnswerClass::C, AnswerClass::D];

    pub fn parse(s: &str) -> Option<AnswerClass> {
        AnswerClass::ALL.into_iter().find(|c| c.letter().eq_ignore_ascii_case(s.trim().trim_end_matches('类')))
    }

    pub fn letter(self) -> &'static str {
        match self {
            AnswerClass::A => "A",
            AnswerClass::B => "B",
            AnswerClass::C => "C",
            AnswerClass::D => "D",
        }
    }
}

/// 提案者对办理的评价.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Satisfaction {
    #[serde(rename = "满意")]
    Satisfied,
    #[serde(rename = "基本满意")]
    BasicallySatisfied,
    #[serde(rename = "不满意")]
    Unsatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] =
        [Satisfaction::Satisfied, Satisfaction::BasicallySatisfied, Satisfaction::Unsatisfied];

    pub fn label(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::BasicallySatisfied => "基本满意",
            Satisfaction::Unsatisfied => "不满意",
        }
    }

    pub fn parse(s: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|x| x.label() == s.trim())
    }
}

/// 办结方式: how a proposal came to be closed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum CloseKind {
    /// The proposer is satisfied or basically satisfied.
    #[default]
    #[serde(rename = "满意办结")]
    Satisfied,
    /// The proposer is not satisfied; the committee closes it with an
    /// explanation of why no more can be done.
    #[serde(rename = "说明办结")]
    Explained,
    /// The proposer returned no feedback in time, and the local rules count
    /// silence as satisfaction.
    #[serde(rename = "视为满意办结")]
    Deemed,
}

impl CloseKind {
    pub const ALL: [CloseKind; 3] = [CloseKind::Satisfied, CloseKind::Explained, CloseKind::Deemed];

    pub fn label(self) -> &'static str {
        match self {
            CloseKind::Satisfied => "满意办结",
            CloseKind::Explained => "说明办结",
            CloseKind::Deemed => "视为满意办结",
        }
    }

    pub fn parse(s: &str) -> Option<CloseKind> {
        CloseKind::ALL.into_iter().find(|k| k.label() == s.trim())
    }
}

/// 审查结果 for a proposal that is not handled as registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ReviewOutcome {
    #[serde(rename = "不予立案")]
    NotRegistered,
    #[serde(rename = "并案")]
    Merged,
    #[serde(rename = "转意见建议")]
    ToOpinion,
}

impl ReviewOutcome {
    pub fn stage(self) -> Stage {
        match self {
            ReviewOutcome::NotRegistered => Stage::NotRegistered,
            ReviewOutcome::Merged => Stage::Merged,
            ReviewOutcome::ToOpinion => Stage::ToOpinion,
        }
    }
}

/// One step of handling, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// 交办 (or 调整承办单位 before handling begins); `split` chooses 分办
    /// over 联合主办 for several lead units.
    Assign { lead_units: Vec<String>, co_units: Vec<String>, split: bool },
    /// 更正交办: the assignment in force, corrected (a wrong date, unit,
    /// contact or 主办方式). `acted` names the units that have already
    /// recorded something under it, which the correction may not drop.
    CorrectAssign { lead_units: Vec<String>, co_units: Vec<String>, split: bool, acted: Vec<String> },
    /// A contact with the proposer or a supervision activity: 办理 is under
    /// way. `unit` names the handling unit whose contact it is; the
    /// committee's own contacts and activities name none.
    RecordHandling { unit: Option<String> },
    /// A unit's reply letter (办理复文); a co-unit's is its 会办意见.
    Reply { unit: String },
    /// The proposer's verdict on the reply; under 分办, on `unit`'s.
    Feedback { result: Satisfaction, unit: Option<String> },
    /// 决定再办理: the committee's answer to an unsatisfied verdict; under
    /// 分办, for the one `unit` the verdict concerns, decided as soon as
    /// that verdict is in, whatever the other lead units' courses. `on` is
    /// the decision's date and `due` the due date it sets, if it sets one.
    Rehandle { unit: Option<String>, on: Option<NaiveDate>, due: Option<NaiveDate> },
    /// 说明办结 of one lead unit's answer under 分办: that unit's course
    /// ends on an explanation, while the others go on.
    ExplainUnit { unit: String, explanation: UnitExplanation },
    /// 办结, in one of its three ways.
    Close(CloseKind),
    /// 撤案: the proposer withdraws the proposal.
    Withdraw,
    /// 延期: a unit asks for more time, or the committee grants it; either
    /// needs an answer still owed.
    Extend,
    /// 退回: a lead unit hands the proposal back as wrongly assigned.
    HandBack { unit: String },
    /// 重新打开 a closed proposal.
    Reopen,
    /// 不予立案 / 并案 / 转意见建议.
    Review(ReviewOutcome),
}

impl Step {
    /// The step's name in the timeline and in refusals.
    pub fn label(&self) -> &'static str {
        match self {
            Step::Assign { .. } => "交办",
            Step::CorrectAssign { .. } => "更正交办",
            Step::RecordHandling { .. } => "办理记录",
            Step::Reply { .. } => "答复",
            Step::Feedback { .. } => "反馈",
            Step::Rehandle { .. } => "决定再办理",
            Step::ExplainUnit { .. } => "说明办结",
            Step::Close(CloseKind::Satisfied) => "办结",
            Step::Close(CloseKind::Explained) => "说明办结",
            Step::Close(CloseKind::Deemed) => "视为满意办结",
            Step::Withdraw => "撤案",
            Step::Extend => "延期",
            Step::HandBack { .. } => "退回",
            Step::Reopen => "重新打开",
            Step::Review(ReviewOutcome::NotRegistered) => "不予立案",
            Step::Review(ReviewOutcome::Merged) => "并案",
            Step::Review(ReviewOutcome::ToOpinion) => "转意见建议",
        }
    }
}

/// Why a step is not allowed now, in the clerk's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// 分办: one lead unit's own course when the lead units answer separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LeadTrack {
    pub unit: String,
    /// The unit's own 办理轮次.
    pub round: u32,
    /// The proposer's verdict on the unit's answer of that round.
    pub feedback: Option<Satisfaction>,
    /// 再办理起算日 of the unit's round, after a 再办理 decision.
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// The due date the 再办理 decision set, where it set one.
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// 说明办结: the proposer found the unit's answer 不满意 and the
    /// committee closed the unit's course with an explanation.
    #[serde(default)]
    pub explained: Option<UnitExplanation>,
}

impl LeadTrack {
    /// A lead unit's course as 交办 starts it: the first round, nothing in.
    fn first(unit: &str) -> LeadTrack {
        LeadTrack { unit: unit.into(), round: 1, feedback: None, since: None, due: None, explained: None }
    }
}

/// What the record holds of one proposal's handling, from which
/// [`Handling::of_record`] reads the state; the dossier and the store's
/// stage settling both read it this one way.
#[derive(Debug, Clone, Default)]
pub struct HandlingRecord<'a> {
    pub stage: Stage,
    pub round: u32,
    pub lead_units: Vec<String>,
    pub co_units: Vec<String>,
    /// 分办 in effect.
    pub split: bool,
    /// Under 分办, the units' own rounds where they differ from 1.
    pub unit_rounds: &'a [UnitRound],
    /// Lead units' answers: (unit, round).
    pub answers: Vec<(&'a str, u32)>,
    /// Verdicts in the order given: (unit under 分办, round, verdict).
    pub verdicts: Vec<(Option<&'a str>, u32, Satisfaction)>,
    /// Lead units that handed the current assignment back.
    pub handed_back: Vec<String>,
}

/// What the rules know about one proposal's handling.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Handling {
    pub stage: Stage,
    /// 办理轮次: 0 before 交办, 1 for the first handling, +1 for each 再办理 or re-opening.
    pub round: u32,
    pub lead_units: Vec<String>,
    pub co_units: Vec<String>,
    /// Lead units whose reply of this round is in.
    pub replied_leads: Vec<String>,
    /// The proposer's feedback of this round.
    pub feedback: Option<Satisfaction>,
    /// Lead units that handed the current assignment back (退回).
    #[serde(default)]
    pub handed_back: Vec<String>,
    /// 分办: each lead unit answers, is judged and is re-handled on its own.
    #[serde(default)]
    pub split: bool,
    /// Under 分办, each lead unit's own course; empty under 联合主办.
    #[serde(default)]
    pub tracks: Vec<LeadTrack>,
}

impl Handling {
    /// The state the record holds: under 联合主办 one round and one verdict
    /// for all lead units, under 分办 one course per lead unit.
    pub fn of_record(r: HandlingRecord) -> Handling {
        let answered = |unit: &str, round: u32| r.answers.iter().any(|(u, n)| *u == unit && *n == round);
        let verdict = |unit: Option<&str>, round: u32| {
            r.verdicts.iter().rev().find(|(u, n, _)| *n == round && (unit.is_none() || *u == unit)).map(|v| v.2)
        };
        let tracks: Vec<LeadTrack> = if r.split {
            r.lead_units
                .iter()
                .map(|unit| {
                    let own = r.unit_rounds.iter().find(|u| &u.unit == unit);
                    let round = own.map_or(1, |u| u.round);
                    LeadTrack {
                        unit: unit.clone(),
                        round,
                        feedback: verdict(Some(unit), round),
                        since: own.and_then(|u| u.since),
                        due: own.and_then(|u| u.due),
                        explained: own.and_then(|u| u.explained.clone()),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let replied_leads = r
            .lead_units
            .iter()
            .filter(|unit| match tracks.iter().find(|t| &t.unit == *unit) {
                Some(track) => answered(unit, track.round),
                None => answered(unit, r.round),
            })
            .cloned()
            .collect();
        Handling {
            stage: r.stage,
            round: r.round,
            feedback: if r.split { None } else { verdict(None, r.round) },
            lead_units: r.lead_units,
            co_units: r.co_units,
            replied_leads,
            handed_back: r.handed_back,
            split: r.split,
            tracks,
        }
    }

    /// Lead units still owing their reply this round. Under 联合主办 the
    /// first lead unit's answer is the joint answer, and no one owes more.
    pub fn awaited_leads(&self) -> Vec<&str> {
        if !self.split && !self.replied_leads.is_empty() {
            return Vec::new();
        }
        self.lead_units.iter().filter(|u| !self.replied_leads.contains(u)).map(String::as_str).collect()
    }

    /// The handling once lead unit `unit`'s answer of its round is taken
    /// away (deleted before anything was built on it): that answer is owed
    /// again, as [`Handling::settled`] settles the stage.
    pub fn without_answer(&self, unit: &str) -> Handling {
        let mut next = self.clone();
        next.replied_leads.retain(|u| u != unit);
        next.stage = next.settled(true);
        next
    }

    /// The 办理轮次 `unit` answers in: its own under 分办, else the proposal's.
    pub fn round_of(&self, unit: &str) -> u32 {
        self.tracks.iter().find(|t| t.unit == unit).map_or(self.round, |t| t.round)
    }

    /// Under 分办, the lead units whose answer waits for the proposer's verdict.
    pub fn awaiting_verdict(&self) -> Vec<&str> {
        self.tracks
            .iter()
            .filter(|t| t.feedback.is_none() && self.replied_leads.contains(&t.unit))
            .map(|t| t.unit.as_str())
            .collect()
    }

    /// Under 分办, the lead units whose answer the proposer found 不满意
    /// and the committee has not yet decided on.
    pub fn undecided_units(&self) -> Vec<&str> {
        self.tracks
            .iter()
            .filter(|t| t.feedback == Some(Satisfaction::Unsatisfied) && t.explained.is_none())
            .map(|t| t.unit.as_str())
            .collect()
    }

    /// Under 分办, whether a lead unit's course ended on 说明办结.
    pub fn any_explained(&self) -> bool {
        self.tracks.iter().any(|t| t.explained.is_some())
    }

    /// Under 分办, whether a lead unit still owes its first answer, whose
    /// clock runs from 交办 whatever other units' 再办理.
    pub fn first_answer_owed(&self) -> bool {
        self.split && self.awaited_leads().iter().any(|u| self.round_of(u) == 1)
    }

    /// 分办: the day the answer owed soonest is due, once the units' courses
    /// have parted (a unit in 再办理). A first answer is due on `first_due`
    /// (交办 plus the reply time, or the approved extension); a 再办理 answer
    /// by the due date its decision set, or `rehandling_months` after the
    /// decision. `None` under 联合主办, while every unit owing is in its
    /// first round, or when no owing unit's clock is its own (after a
    /// re-opening, whose clock is the proposal's).
    pub fn split_due(&self, first_due: NaiveDate, rehandling_months: u32) -> Option<NaiveDate> {
        if !self.split {
            return None;
        }
        let owing: Vec<&LeadTrack> =
            self.awaited_leads().into_iter().filter_map(|u| self.tracks.iter().find(|t| t.unit == u)).collect();
        if owing.iter().all(|t| t.round == 1) {
            return None;
        }
        owing
            .iter()
            .filter_map(|t| match t.round {
                1 => Some(first_due),
                _ => t.due.or_else(|| t.since.map(|s| crate::dates::add_months(s, rehandling_months))),
            })
            .min()
    }

    /// Under 分办, the earliest 再办理 decision of the units still owing.
    pub fn split_since(&self) -> Option<NaiveDate> {
        let owing = self.awaited_leads();
        self.tracks.iter().filter(|t| t.round > 1 && owing.contains(&t.unit.as_str())).filter_map(|t| t.since).min()
    }

    /// Under 分办, the stage the units' courses put the proposal in: still
    /// owed (`owed`) while any unit owes its answer, 待决定 while any verdict
    /// is 不满意 (the committee must act), 已答复 while any verdict is
    /// awaited, 已反馈 once every unit's answer is judged satisfactory.
    fn split_stage(&self, owed: Stage) -> Stage {
        if !self.awaited_leads().is_empty() {
            // A unit still owing its first answer keeps the proposal 办理中:
            // the clock from 交办 runs for it.
            if owed == Stage::Rehandling && self.first_answer_owed() {
                Stage::Handling
            } else {
                owed
            }
        } else if !self.undecided_units().is_empty() {
            Stage::Undecided
        } else if !self.awaiting_verdict().is_empty() {
            Stage::Replied
        } else {
            Stage::FeedbackReceived
        }
    }

    /// Refuses a unit that no longer handles the proposal: one the
    /// assignment in force does not name (moved away by 改办, or never
    /// assigned), or a lead unit that handed it back.
    fn still_assigned(&self, unit: &str) -> Result<(), String> {
        if self.handed_back.iter().any(|u| u == unit) {
            return Err(format!("{unit}已退回本提案，等待提案委员会改办。"));
        }
        if self.lead_units.iter().any(|u| u == unit) || self.co_units.iter().any(|u| u == unit) {
            return Ok(());
        }
        Err(format!(
            "“{unit}”不是本提案的承办单位（主办：{}{}）。",
            self.lead_units.join("、"),
            if self.co_units.is_empty() { String::new() } else { format!("；会办：{}", self.co_units.join("、")) }
        ))
    }

    fn track(&mut self, unit: &str) -> Option<&mut LeadTrack> {
        self.tracks.iter_mut().find(|t| t.unit == unit)
    }

    /// The state after `step`, or why it cannot be taken now.
    pub fn take(&self, step: &Step) -> Result<Handling, Refusal> {
        use Stage::*;
        let mut next = self.clone();
        let refuse = |why: String| Err(Refusal(format!("不能{}：{why}", step.label())));
        if matches!(self.stage, NotRegistered | Merged | ToOpinion | Withdrawn) {
            return refuse(format!("本提案已{}，不再办理。", self.stage));
        }
        match step {
            Step::Assign { lead_units, co_units, split } => {
                if !matches!(self.stage, Registered | Assigned | HandedBack) {
                    return refuse(format!("本提案已在“{}”阶段；交办只能在立案后、办理开始前进行。", self.stage));
                }
                next.handed_back.clear();
                if lead_units.is_empty() {
                    return refuse("至少需要一个主办单位。".into());
                }
                if let Some(both) = lead_units.iter().find(|u| co_units.contains(u)) {
                    return refuse(format!("“{both}”不能既是主办单位又是会办单位。"));
                }
                next.stage = Assigned;
                next.round = 1;
                // 改办 after a hand-back keeps the answer of a lead unit that stays.
                next.replied_leads.retain(|u| lead_units.contains(u));
                next.lead_units = lead_units.clone();
                next.co_units = co_units.clone();
                next.split = *split && lead_units.len() > 1;
                next.tracks =
                    if next.split { lead_units.iter().map(|u| LeadTrack::first(u)).collect() } else { Vec::new() };
            }
            Step::CorrectAssign { lead_units, co_units, split, acted } => {
                match self.stage {
                    Registered => return refuse("本提案尚未交办。".into()),
                    Closed => return refuse("本提案已办结，如需更正请先重新打开。".into()),
                    HandedBack => return refuse("本提案已退回，请改办。".into()),
                    _ => {}
                }
                if lead_units.is_empty() {
                    return refuse("至少需要一个主办单位。".into());
                }
                if let Some(both) = lead_units.iter().find(|u| co_units.contains(u)) {
                    return refuse(format!("“{both}”不能既是主办单位又是会办单位。"));
                }
                let kept = |u: &String| lead_units.contains(u) || co_units.contains(u);
                if let Some(dropped) = acted.iter().find(|u| !kept(u)) {
                    return refuse(format!(
                        "{dropped}已有办理记录，不能从交办中去掉；如确属交办有误，请先撤销或删除其记录。"
                    ));
                }
                let split = *split && lead_units.len() > 1;
                let answered = !self.replied_leads.is_empty() || self.round > 1;
                if answered && (lead_units != &self.lead_units || split != self.split) {
                    return refuse(
                        "已有主办单位答复，主办单位和主办方式不能再更正，只能更正交办日期、会办单位和联系人。".into(),
                    );
                }
                if lead_units != &self.lead_units || split != self.split {
                    next.split = split;
                    next.tracks =
                        if split { lead_units.iter().map(|u| LeadTrack::first(u)).collect() } else { Vec::new() };
                }
                next.lead_units = lead_units.clone();
                next.co_units = co_units.clone();
            }
            Step::RecordHandling { unit } => {
                match self.stage {
                    Registered => return refuse("尚未交办，请先交办。".into()),
                    Closed => return refuse("本提案已办结，如需继续办理请先重新打开。".into()),
                    Assigned | Rehandling => next.stage = Handling,
                    _ => {}
                }
                if let Some(unit) = unit {
                    self.still_assigned(unit).map_err(|why| Refusal(format!("不能{}：{why}", step.label())))?;
                }
            }
            Step::Reply { unit } => {
                let is_lead = self.lead_units.contains(unit);
                match self.stage {
                    Registered => return refuse("尚未交办，请先交办。".into()),
                    Closed => return refuse("本提案已办结，如需修改答复请先重新打开。".into()),
                    HandedBack => {
                        return refuse(format!(
                            "本提案已由{}退回，等待提案委员会改办；改办后由新的承办单位答复。",
                            self.handed_back.join("、")
                        ))
                    }
                    _ if self.tracks.iter().any(|t| &t.unit == unit && t.explained.is_some()) => {
                        return refuse(format!("提案者对{unit}答复的不满意已说明办结，该单位不再答复。"))
                    }
                    _ if is_lead && self.split && self.replied_leads.contains(unit) => {
                        return refuse(format!(
                            "{unit}本轮已答复；如提案者对其答复不满意，录入该单位的“不满意”反馈，再由提案委员会决定该单位再办理。"
                        ))
                    }
                    _ if self.split => {}
                    // A co-unit's 会办意见 goes to the lead unit and is taken
                    // late too; only the lead units' answers close a round.
                    Replied | FeedbackReceived if is_lead => {
                        return refuse(
                            "本轮答复已完成；如提案者不满意，录入“不满意”反馈，再由提案委员会决定再办理。".into(),
                        )
                    }
                    Undecided if is_lead => return refuse("提案者不满意，需先由提案委员会决定再办理。".into()),
                    _ => {}
                }
                self.still_assigned(unit).map_err(|why| Refusal(format!("不能{}：{why}", step.label())))?;
                if is_lead && !next.replied_leads.contains(unit) {
                    next.replied_leads.push(unit.clone());
                }
                if matches!(self.stage, Assigned | Handling | Rehandling) {
                    next.stage = if self.split {
                        next.split_stage(Handling)
                    } else if next.awaited_leads().is_empty() {
                        Replied
                    } else {
                        Handling
                    };
                }
            }
            Step::Feedback { result, unit: Some(unit) } if self.split => {
                if matches!(self.stage, Registered | Closed | HandedBack) {
                    return refuse(self.missing_before(Replied));
                }
                if !self.replied_leads.contains(unit) {
                    return refuse(if self.lead_units.contains(unit) {
                        format!("{unit}本轮尚未答复。")
                    } else {
                        format!("“{unit}”不是本提案的主办单位。")
                    });
                }
                let owed = self.owed_stage();
                let track =
                    next.track(unit).ok_or_else(|| Refusal(format!("不能反馈：“{unit}”不是本提案的主办单位。")))?;
                if track.feedback.is_some() {
                    return refuse(format!("已录入提案者对{unit}本轮答复的评价。"));
                }
                track.feedback = Some(*result);
                next.stage = next.split_stage(owed);
            }
            Step::Feedback { .. } if self.split => {
                return refuse("本提案分办，请选择评价的是哪个主办单位的答复。".into());
            }
            Step::Feedback { result, .. } => {
                if matches!(self.stage, FeedbackReceived | Undecided) {
                    return refuse("提案者已对本轮答复作出反馈；如录入有误，请撤销或更正那次反馈。".into());
                }
                if self.stage != Replied {
                    return refuse(self.missing_before(Replied));
                }
                next.feedback = Some(*result);
                next.stage = if *result == Satisfaction::Unsatisfied { Undecided } else { FeedbackReceived };
            }
            Step::Rehandle { unit, on, due } if self.split => {
                // Each unit's 不满意 is decided as soon as it is in: another
                // unit still handling does not hold it up.
                if matches!(self.stage, Registered | Closed | HandedBack) {
                    return refuse(format!("本提案在“{}”阶段。", self.stage));
                }
                let Some(unit) = unit.as_deref().filter(|u| self.undecided_units().contains(u)) else {
                    return refuse(if self.undecided_units().is_empty() {
                        "只有提案者不满意、待决定的提案才能决定再办理。".into()
                    } else {
                        format!("本提案分办，请选择再办理的单位：{}。", self.undecided_units().join("、"))
                    });
                };
                if let Some(track) = next.track(unit) {
                    track.round += 1;
                    track.feedback = None;
                    (track.since, track.due) = (*on, *due);
                }
                next.replied_leads.retain(|u| u != unit);
                next.round = next.tracks.iter().map(|t| t.round).max().unwrap_or(next.round);
                next.stage = next.split_stage(Rehandling);
            }
            Step::ExplainUnit { unit, explanation } => {
                if !self.split {
                    return refuse("只有分办的提案才能就一个主办单位的答复说明办结。".into());
                }
                if !self.undecided_units().contains(&unit.as_str()) {
                    return refuse(format!("提案者对{unit}的答复并非不满意待决定。"));
                }
                let owed = self.owed_stage();
                if let Some(track) = next.track(unit) {
                    track.explained = Some(explanation.clone());
                }
                next.stage = next.split_stage(owed);
            }
            Step::Rehandle { .. } => {
                if self.stage != Undecided {
                    return refuse("只有提案者不满意、待决定的提案才能决定再办理。".into());
                }
                next.stage = Rehandling;
                next.round += 1;
                next.replied_leads.clear();
                next.feedback = None;
            }
            Step::Close(kind) => {
                match (kind, self.stage) {
                    // 分办 where a unit's course ended on 说明办结: the
                    // proposal closes on the explanation too.
                    (CloseKind::Satisfied, FeedbackReceived) if self.any_explained() => {
                        return refuse("有主办单位的答复已说明办结：请选择说明办结。".into())
                    }
                    (CloseKind::Explained, FeedbackReceived) if self.any_explained() => {}
                    (CloseKind::Satisfied, FeedbackReceived)
                    | (CloseKind::Explained, Undecided)
                    | (CloseKind::Deemed, Replied) => {}
                    (CloseKind::Satisfied, Undecided) => {
                        return refuse("提案者不满意：请决定再办理，或选择说明办结并写明理由。".into())
                    }
                    (CloseKind::Explained, _) => return refuse("说明办结只用于提案者不满意、待决定的提案。".into()),
                    (CloseKind::Deemed, _) => {
                        return refuse("视为满意办结只用于已答复、提案者逾期未反馈的提案。".into())
                    }
                    (CloseKind::Satisfied, _) => return refuse(self.missing_before(FeedbackReceived)),
                }
                next.stage = Closed;
            }
            Step::Withdraw => {
                if self.stage == Closed {
                    return refuse("本提案已办结，不能撤案。".into());
                }
                next.stage = Withdrawn;
            }
            Step::HandBack { unit } => {
                if !matches!(self.stage, Assigned | Handling | HandedBack) || self.round > 1 {
                    return refuse(format!("本提案在“{}”阶段；只有交办后、答复前的提案可以退回。", self.stage));
                }
                if !self.lead_units.contains(unit) {
                    return refuse(format!("“{unit}”不是本提案的主办单位，不能退回。"));
                }
                if self.replied_leads.contains(unit) {
                    return refuse(format!("{unit}已经答复，不能再退回。"));
                }
                if self.handed_back.contains(unit) {
                    return refuse(format!("{unit}已经退回过本提案，等待改办。"));
                }
                next.handed_back.push(unit.clone());
                next.stage = HandedBack;
            }
            Step::Extend => {
                if !matches!(self.stage, Assigned | Handling | Rehandling) {
                    return refuse(format!("本提案在“{}”阶段，没有待答复的期限可以延长。", self.stage));
                }
            }
            Step::Reopen => {
                if self.stage != Closed {
                    return refuse(format!("本提案在“{}”阶段，并未办结。", self.stage));
                }
                next.stage = Handling;
                next.round += 1;
                next.replied_leads.clear();
                next.feedback = None;
                for track in &mut next.tracks {
                    (track.round, track.feedback, track.explained) = (next.round, None, None);
                }
            }
            Step::Review(outcome) => {
                if self.stage != Registered {
                    return refuse(format!("本提案已{}；审查结论只能在交办前作出。", self.stage));
                }
                next.stage = outcome.stage();
            }
        }
        Ok(next)
    }

    /// The stage the recorded facts put the proposal in. A handling unit's
    /// contact or reply can arrive by exchange file before the committee has
    /// taken the step itself; the facts then move the stage on (交办 →
    /// 办理中 once anything is recorded, → 已答复 once every lead unit has
    /// answered this round), and back when an answer is taken away (a
    /// unit's deletion of an answer not yet judged arrives by package as a
    /// committee's own deletion does at its window): the answer is owed
    /// again, to its deadline. Every other stage is the committee's steps'.
    pub fn settled(&self, anything_recorded: bool) -> Stage {
        use Stage::*;
        match self.stage {
            // A hand-back stops only a first round, by a lead unit that has not answered.
            Assigned | Handling
                if self.round == 1 && self.handed_back.iter().any(|u| !self.replied_leads.contains(u)) =>
            {
                HandedBack
            }
            Assigned | Handling | Rehandling if !self.lead_units.is_empty() && self.awaited_leads().is_empty() => {
                if self.split {
                    self.split_stage(self.stage)
                } else {
                    Replied
                }
            }
            Assigned if anything_recorded => Handling,
            Replied if !self.lead_units.is_empty() && !self.awaited_leads().is_empty() => {
                let owed = if self.round > 1 { Rehandling } else { Handling };
                if self.split {
                    self.split_stage(owed)
                } else {
                    owed
                }
            }
            stage => stage,
        }
    }

    /// The stage of an answer still owed, for a step that leaves one owed.
    fn owed_stage(&self) -> Stage {
        match self.stage {
            stage @ (Stage::Assigned | Stage::Handling | Stage::Rehandling) => stage,
            _ => Stage::Handling,
        }
    }

    /// What is still missing to reach `target` (已答复 or 已反馈) from here.
    fn missing_before(&self, target: Stage) -> String {
        let mut missing = Vec::new();
        match self.stage {
            Stage::Registered => missing.push("交办".to_owned()),
            Stage::Closed => return "本提案已办结。".into(),
            _ => {}
        }
        let awaited = self.awaited_leads();
        if self.split && self.round > 1 {
            // Each unit where its own course stands.
            let (first, again): (Vec<&str>, Vec<&str>) = awaited.iter().partition(|u| self.round_of(u) == 1);
            if !first.is_empty() {
                missing.push(format!("主办单位（{}）的答复", first.join("、")));
            }
            if !again.is_empty() {
                missing.push(format!("{}再办理后的答复", again.join("、")));
            }
        } else if !awaited.is_empty() {
            let prefix = if self.round > 1 { "再办理后" } else { "" };
            let joint = if !self.split && awaited.len() > 1 { "联合" } else { "" };
            missing.push(format!("{prefix}主办单位（{}）的{joint}答复", awaited.join("、")));
        }
        if target == Stage::FeedbackReceived && self.stage != Stage::FeedbackReceived {
            let waiting = self.awaiting_verdict();
            missing.push(if waiting.is_empty() {
                "提案者的反馈".into()
            } else {
                format!("提案者对{}答复的反馈", waiting.join("、"))
            });
        }
        let list = match missing.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{}和{last}", rest.join("、")),
            // Nothing is missing: the step does not fit the stage itself.
            None => return format!("本提案在“{}”阶段。", self.stage),
        };
        format!("还缺少{list}。")
    }

    /// What the clerk has to do next, for the walk-through view; empty when nothing is due.
    pub fn next_needed(&self) -> String {
        // 分办: a unit's 不满意 waits for the committee, whatever the others' courses.
        let undecided = self.undecided_units();
        if self.split && !undecided.is_empty() && self.stage != Stage::Undecided {
            let rest = match self.stage {
                Stage::Handling | Stage::Rehandling => format!("另{}", self.missing_before(Stage::Replied)),
                _ => String::new(),
            };
            return format!("决定：提案者对{}的答复不满意，请决定该单位再办理或说明办结。{rest}", undecided.join("、"));
        }
        match self.stage {
            Stage::Registered => "交办：填写交办日期和主办、会办单位。".into(),
            Stage::Assigned => "办理：记录与提案者的沟通或督办活动，或录入答复。".into(),
            Stage::Handling | Stage::Rehandling => self.missing_before(Stage::Replied),
            Stage::Replied if self.split => {
                format!("反馈：录入提案者对{}答复的评价（分办，各单位分别评价）。", self.awaiting_verdict().join("、"))
            }
            Stage::Replied => "反馈：录入提案者对答复的评价。".into(),
            Stage::FeedbackReceived if self.any_explained() => {
                "办结：各主办单位均已办完，其中有单位的答复已说明办结，请以“说明办结”结束。".into()
            }
            Stage::FeedbackReceived => "办结：填写办理成效后办结。".into(),
            Stage::Undecided if self.split => format!(
                "决定：提案者对{}的答复不满意，请决定该单位再办理（定出新的答复期限），或说明办结。",
                self.undecided_units().join("、")
            ),
            Stage::Undecided => "决定：提案者不满意，请决定再办理（定出新的答复期限）或说明办结。".into(),
            Stage::HandedBack => {
                format!("改办：{}已退回本提案，请重新确定承办单位后交办。", self.handed_back.join("、"))
            }
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assigned(leads: &[&str]) -> Handling {
        Handling::default()
            .take(&Step::Assign {
                lead_units: leads.iter().map(|s| s.to_string()).collect(),
                co_units: vec!["市科技局".into()],
                split: false,
            })
            .unwrap()
    }

    fn reply(unit: &str) -> Step {
        Step::Reply { unit: unit.into() }
    }

    fn feedback(result: Satisfaction) -> Step {
        Step::Feedback { result, unit: None }
    }

    fn split(leads: &[&str]) -> Handling {
        Handling::default()
            .take(&Step::Assign {
                lead_units: leads.iter().map(|s| s.to_string()).collect(),
                co_units: vec![],
                split: true,
            })
            .unwrap()
    }

    fn verdict_on(unit: &str, result: Satisfaction) -> Step {
        Step::Feedback { result, unit: Some(unit.into()) }
    }

    #[test]
    fn a_proposal_walks_from_registration_to_closure() {
        let h = assigned(&["市教育局"]);
        assert_eq!(h.stage, Stage::Assigned);
        let h = h.take(&Step::RecordHandling { unit: Some("市教育局".into()) }).unwrap();
        assert_eq!(h.stage, Stage::Handling);
        let h = h.take(&reply("市教育局")).unwrap();
        assert_eq!(h.stage, Stage::Replied);
        let h = h.take(&feedback(Satisfaction::Satisfied)).unwrap();
        assert_eq!(h.stage, Stage::FeedbackReceived);
        assert_eq!(h.take(&Step::Close(CloseKind::Satisfied)).unwrap().stage, Stage::Closed);
    }

    #[test]
    fn joint_lead_units_send_one_answer_and_get_one_verdict() {
        let h = assigned(&["市财政局", "市科技局局"]);
        assert_eq!(
            h.take(&Step::Close(CloseKind::Satisfied)).unwrap_err().to_string(),
            "不能办结：还缺少主办单位（市财政局、市科技局局）的联合答复和提案者的反馈。"
        );
        let h = h.take(&reply("市财政局")).unwrap();
        assert_eq!(h.stage, Stage::Replied, "the joint answer is in");
        assert!(h.take(&reply("市科技局局")).is_err(), "one joint answer, not two");
        let h = h.take(&feedback(Satisfaction::Satisfied)).unwrap();
        assert_eq!(h.take(&Step::Close(CloseKind::Satisfied)).unwrap().stage, Stage::Closed);
    }

    #[test]
    fn split_units_are_judged_and_re_handled_each_on_its_own() {
        let h = split(&["市财政局", "市科技局"]).take(&reply("市财政局")).unwrap();
        assert_eq!(h.stage, Stage::Handling, "one of two split units has answered");
        assert_eq!(
            h.take(&Step::Close(CloseKind::Satisfied)).unwrap_err().to_string(),
            "不能办结：还缺少主办单位（市科技局）的答复和提案者对市财政局答复的反馈。"
        );
        assert!(h.take(&verdict_on("市科技局", Satisfaction::Satisfied)).unwrap_err().to_string().contains("尚未答复"));
        assert!(h.take(&feedback(Satisfaction::Satisfied)).unwrap_err().to_string().contains("哪个主办单位"));
        let h = h.take(&verdict_on("市财政局", Satisfaction::Satisfied)).unwrap();
        assert_eq!(h.stage, Stage::Handling, "the other unit still owes its answer");
        let h = h.take(&reply("市科技局")).unwrap();
        assert_eq!(h.stage, Stage::Replied);
        let h = h.take(&verdict_on("市科技局", Satisfaction::Unsatisfied)).unwrap();
        assert_eq!(h.stage, Stage::Undecided);
        assert!(
            h.take(&Step::Rehandle { unit: Some("市财政局".into()), on: None, due: None }).is_err(),
            "that unit satisfied"
        );
        let h = h.take(&Step::Rehandle { unit: Some("市科技局".into()), on: None, due: None }).unwrap();
        assert_eq!((h.stage, h.round, h.round_of("市科技局"), h.round_of("市财政局")), (Stage::Rehandling, 2, 2, 1));
        assert_eq!(h.tracks[0].feedback, Some(Satisfaction::Satisfied), "the satisfied unit keeps its verdict");
        assert_eq!(h.awaited_leads(), vec!["市科技局"], "only the re-handled unit answers again");
        let h = h.take(&reply("市科技局")).unwrap().take(&verdict_on("市科技局", Satisfaction::Satisfied)).unwrap();
        assert_eq!(h.stage, Stage::FeedbackReceived);
        let unjudged = split(&["市财政局", "市科技局"]).take(&reply("市财政局")).unwrap();
        let unjudged = unjudged.take(&verdict_on("市财政局", Satisfaction::Unsatisfied)).unwrap();
        assert_eq!(unjudged.stage, Stage::Handling, "市科技局 still owes its answer");
        assert_eq!(h.take(&Step::Close(CloseKind::Satisfied)).unwrap().stage, Stage::Closed);

        // 市财政局's 不满意 is decided at once, while 市科技局 still handles:
        // the clock from 交办 runs until 市科技局 answers, then 市财政局's own.
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 6, d);
        let again = Step::Rehandle { unit: Some("市财政局".into()), on: day(1), due: day(30) };
        let early = unjudged.take(&again).unwrap();
        assert_eq!((early.stage, early.round_of("市财政局"), early.round_of("市科技局")), (Stage::Handling, 2, 1));
        let first_due = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        assert_eq!(early.split_due(first_due, 1), day(30), "市财政局's 再办理 is due before 市科技局's first answer");
        let later = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        assert_eq!(early.split_due(later, 1), Some(later), "and the other way round");
        let answered = early.take(&reply("市科技局")).unwrap();
        assert_eq!(answered.split_due(later, 1), day(30));
        assert_eq!(answered.awaited_leads(), ["市财政局"]);
        assert!(answered.take(&again).is_err(), "decided once");
    }

    #[test]
    fn a_split_units_unsatisfied_answer_is_closed_on_an_explanation_while_the_other_handles() {
        let h = split(&["市财政局", "市科技局"]).take(&reply("市财政局")).unwrap();
        let h = h.take(&verdict_on("市财政局", Satisfaction::Unsatisfied)).unwrap();
        let explanation =
            UnitExplanation { date: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), text: "受财力所限".into() };
        let explain = Step::ExplainUnit { unit: "市财政局".into(), explanation };
        let h = h.take(&explain).unwrap();
        assert_eq!(h.stage, Stage::Handling, "市科技局 still owes its answer");
        assert!(h.undecided_units().is_empty());
        assert!(h.take(&explain).is_err(), "explained once");
        let h = h.take(&reply("市科技局")).unwrap().take(&verdict_on("市科技局", Satisfaction::Satisfied)).unwrap();
        assert_eq!(h.stage, Stage::FeedbackReceived, "every course has ended");
        let why = h.take(&Step::Close(CloseKind::Satisfied)).unwrap_err().to_string();
        assert!(why.contains("请选择说明办结"), "{why}");
        assert_eq!(h.take(&Step::Close(CloseKind::Explained)).unwrap().stage, Stage::Closed);
        let joint = assigned(&["市财政局"]).take(&reply("市财政局")).unwrap();
        assert!(joint.take(&explain).is_err(), "only under 分办");
    }

    #[test]
    fn the_record_reads_back_as_the_steps_left_it() {
        let rounds = [UnitRound { unit: "市科技局".into(), round: 2, ..UnitRound::default() }];
        let h = Handling::of_record(HandlingRecord {
            stage: Stage::Rehandling,
            round: 2,
            lead_units: vec!["市财政局".into(), "市科技局".into()],
            split: true,
            unit_rounds: &rounds,
            answers: vec![("市财政局", 1), ("市科技局", 1)],
            verdicts: vec![
                (Some("市财政局"), 1, Satisfaction::Satisfied),
                (Some("市科技局"), 1, Satisfaction::Unsatisfied),
            ],
            ..HandlingRecord::default()
        });
        assert_eq!(h.replied_leads, vec!["市财政局".to_owned()], "市科技局 answers round 2 now");
        assert_eq!((h.tracks[1].unit.as_str(), h.tracks[1].round, h.tracks[1].feedback), ("市科技局", 2, None));
        assert_eq!(h.settled(false), Stage::Rehandling);
    }

    #[test]
    fn closing_without_reply_and_feedback_says_what_is_missing() {
        let h = split(&["市财政局", "市科技局局"]).take(&reply("市财政局")).unwrap();
        assert_eq!(h.stage, Stage::Handling, "one of two lead units has replied");
        assert_eq!(
            h.take(&Step::Close(CloseKind::Satisfied)).unwrap_err().to_string(),
            "不能办结：还缺少主办单位（市科技局局）的答复和提案者对市财政局答复的反馈。"
        );
        assert_eq!(
            Handling { lead_units: vec!["市教育局".into()], ..Handling::default() }
                .take(&Step::Close(CloseKind::Satisfied))
                .unwrap_err()
                .to_string(),
            "不能办结：还缺少交办、主办单位（市教育局）的答复和提案者的反馈。"
        );
    }

    #[test]
    fn an_unsatisfied_feedback_waits_for_the_committee_to_decide_rehandling_or_an_explained_close() {
        let h = assigned(&["市教育局"]).take(&reply("市教育局")).unwrap();
        let h = h.take(&feedback(Satisfaction::Unsatisfied)).unwrap();
        assert_eq!((h.stage, h.round), (Stage::Undecided, 1), "不满意 opens no round by itself");
        assert!(h.take(&reply("市教育局")).unwrap_err().to_string().contains("先由提案委员会决定再办理"));
        assert!(h.take(&Step::Close(CloseKind::Satisfied)).unwrap_err().to_string().contains("说明办结"));
        let h = h.take(&Step::Rehandle { unit: None, on: None, due: None }).unwrap();
        assert_eq!((h.stage, h.round), (Stage::Rehandling, 2));
        assert_eq!(
            h.take(&Step::Close(CloseKind::Satisfied)).unwrap_err().to_string(),
            "不能办结：还缺少再办理后主办单位（市教育局）的答复和提案者的反馈。"
        );
        let h = h.take(&Step::RecordHandling { unit: None }).unwrap();
        assert_eq!(h.stage, Stage::Handling);
        // A second 不满意: the committee may close with an explanation.
        let h = h.take(&reply("市教育局")).unwrap().take(&feedback(Satisfaction::Unsatisfied)).unwrap();
        assert_eq!(h.stage, Stage::Undecided);
        assert!(h.take(&Step::Close(CloseKind::Deemed)).is_err());
        assert_eq!(h.take(&Step::Close(CloseKind::Explained)).unwrap().stage, Stage::Closed);
    }

    #[test]
    fn silence_may_be_deemed_satisfaction_only_once_the_answer_is_in() {
        let h = assigned(&["市教育局"]);
        assert!(h.take(&Step::Close(CloseKind::Deemed)).is_err());
        let h = h.take(&reply("市教育局")).unwrap();
        assert_eq!(h.take(&Step::Close(CloseKind::Deemed)).unwrap().stage, Stage::Closed);
    }

    #[test]
    fn a_withdrawn_proposal_takes_no_more_steps_and_a_closed_one_cannot_be_withdrawn() {
        let h = assigned(&["市教育局"]).take(&Step::Withdraw).unwrap();
        assert_eq!(h.stage, Stage::Withdrawn);
        assert!(h.take(&reply("市教育局")).unwrap_err().to_string().contains("本提案已撤案"));
        let closed = Handling { stage: Stage::Closed, ..assigned(&["市教育局"]) };
        assert_eq!(closed.take(&Step::Withdraw).unwrap_err().to_string(), "不能撤案：本提案已办结，不能撤案。");
    }

    #[test]
    fn a_lead_unit_hands_back_before_answering_and_the_committee_assigns_anew() {
        let h = assigned(&["市教育局"]);
        let back = h.take(&Step::HandBack { unit: "市教育局".into() }).unwrap();
        assert_eq!((back.stage, back.handed_back.clone()), (Stage::HandedBack, vec!["市教育局".to_owned()]));
        let again =
            back.take(&Step::Assign { lead_units: vec!["市民政局".into()], co_units: vec![], split: false }).unwrap();
        assert_eq!((again.stage, again.handed_back.len()), (Stage::Assigned, 0));
        for step in [reply("市教育局"), Step::RecordHandling { unit: Some("市教育局".into()) }] {
            let refused = back.take(&step).unwrap_err().to_string();
            assert!(refused.contains("退回"), "the unit that handed it back does no more: {refused}");
        }
        let moved = again.take(&Step::RecordHandling { unit: Some("市教育局".into()) }).unwrap_err();
        assert!(moved.to_string().contains("不是本提案的承办单位"), "{moved}");
        assert!(again.take(&reply("市教育局")).is_err(), "nor does the unit moved away answer");
        let co = assigned(&["市教育局"]).take(&Step::HandBack { unit: "市科技局".into() }).unwrap_err();
        assert_eq!(co.to_string(), "不能退回：“市科技局”不是本提案的主办单位，不能退回。");
        let answered = assigned(&["市教育局"]).take(&reply("市教育局")).unwrap();
        assert!(answered.take(&Step::HandBack { unit: "市教育局".into() }).is_err());
    }

    #[test]
    fn an_extension_needs_an_answer_still_owed() {
        let h = assigned(&["市教育局"]);
        assert_eq!(h.take(&Step::Extend).unwrap(), h, "an extension moves a date, not the stage");
        let replied = h.take(&reply("市教育局")).unwrap();
        assert!(replied.take(&Step::Extend).unwrap_err().to_string().contains("没有待答复的期限"));
    }

    #[test]
    fn replies_only_come_from_assigned_units_and_co_units_do_not_finish_the_round() {
        let h = assigned(&["市教育局"]);
        let err = h.take(&reply("市民政局")).unwrap_err().to_string();
        assert_eq!(err, "不能答复：“市民政局”不是本提案的承办单位（主办：市教育局；会办：市科技局）。");
        let h = h.take(&reply("市科技局")).unwrap();
        assert_eq!(h.stage, Stage::Handling, "会办意见 alone is not the answer");
        let answered = h.take(&reply("市教育局")).unwrap();
        let late_opinion = answered.take(&reply("市科技局")).unwrap();
        assert_eq!(late_opinion.stage, Stage::Replied, "a late 会办意见 is taken and changes nothing");
    }

    #[test]
    fn facts_from_a_unit_move_the_stage_on_but_never_back() {
        let h = split(&["市教育局", "市科技局局"]);
        assert_eq!(h.settled(false), Stage::Assigned);
        assert_eq!(h.settled(true), Stage::Handling, "a unit's contact arrived");
        let one = Handling { replied_leads: vec!["市教育局".into()], ..h.clone() };
        assert_eq!(one.settled(true), Stage::Handling, "one of two split lead units has answered");
        let joint = Handling { split: false, tracks: vec![], ..one.clone() };
        assert_eq!(joint.settled(true), Stage::Replied, "a joint answer came from one of the lead units");
        let both = Handling { replied_leads: vec!["市教育局".into(), "市科技局局".into()], ..h };
        assert_eq!(both.settled(true), Stage::Replied);
        let closed = Handling { stage: Stage::Closed, ..both.clone() };
        assert_eq!(closed.settled(true), Stage::Closed);
        assert_eq!(Handling::default().settled(true), Stage::Registered, "nothing before 交办 moves");
    }

    #[test]
    fn review_outcomes_are_final_and_only_before_assignment() {
        let merged = Handling::default().take(&Step::Review(ReviewOutcome::Merged)).unwrap();
        assert_eq!(merged.stage, Stage::Merged);
        assert!(merged.take(&Step::RecordHandling { unit: None }).unwrap_err().to_string().contains("已并案"));
        assert!(assigned(&["市教育局"]).take(&Step::Review(ReviewOutcome::NotRegistered)).is_err());
    }
}
