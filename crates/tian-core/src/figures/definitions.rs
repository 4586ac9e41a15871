//! 办理数字: the figures committees report on the handling of key proposals,
//! defined once here and read by the 督办报告, the statistics page and
//! `tian stats --json`, so no two of them can disagree.
//!
//! Every rate is over 交办件数 (proposals handed to units), except the
//! answer classes (over the answers) and the verdicts (over the answers
//! with feedback), as the committees' own summaries count them. Under 分办
//! each lead unit's answer is an answer of its own.

use serde::Serialize;
use tian_domain::{percent, AnswerClass, DeadlineRules, Satisfaction, Stage};
use tian_store::{AnswerFact, FactCounts, Place, ProposalFacts};
use ts_rs::TS;

use crate::handling::forms::owing;
use crate::proposals::dossier::{Answer, Dossier};
use crate::workspace::settings::Settings;

/// A count under its label: “交办 2”.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Count {
    pub label: String,
    pub count: u32,
}

/// A count and its share of the figure it belongs to, in per cent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Share {
    pub count: u32,
    pub rate: f64,
}

impl Share {
    fn of(count: u32, whole: u32) -> Share {
        Share { count, rate: percent(count, whole) }
    }
}

/// One answer class as counted: “A类（所提问题已经解决或基本解决）8件，占61.5%”.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClassFigure {
    pub class: AnswerClass,
    /// The wording of the class in this city's settings.
    pub wording: String,
    pub share: Share,
}

/// 办理数字.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Figures {
    /// 各阶段件数: every proposal counted, by its stage, in the order of
    /// the stages; the one stage count every page shows.
    pub stages: Vec<Count>,
    /// 交办件数
    pub assigned: u32,
    /// 已答复 and 办复率: every lead unit has given its first answer.
    pub replied: Share,
    /// 按期答复 and 按期办复率: answered no later than three months (the
    /// setting) after 交办.
    pub on_time: Share,
    /// 逾期答复: answered, but after the due date.
    pub late_replies: u32,
    /// 逾期未答复: the answer owed now (the first, or a 再办理 answer) is
    /// past its due date, as 需要关注, the list's 只看已逾期 and the 催办函
    /// count it.
    pub overdue: u32,
    /// 正在办理: handed over, not yet answered.
    pub in_hand: u32,
    /// 再办理: answered, the proposer unsatisfied, handled again.
    pub rehandling: u32,
    /// 退回待改办: handed back by its lead unit, waiting to be assigned anew.
    pub returned: u32,
    /// 已答复待反馈: answered, waiting for the proposer or for 办结.
    pub awaiting: u32,
    /// 待反馈逾期: of those, the proposer's feedback is past its time.
    pub feedback_overdue: u32,
    /// 待决定: the proposer unsatisfied, the committee yet to decide.
    pub undecided: u32,
    /// 已办结 and 办结率.
    pub closed: Share,
    /// Of the closed, 说明办结 and 视为满意办结.
    pub closed_explained: u32,
    pub closed_deemed: u32,
    /// 经批准延期: proposals whose answer an approved extension moved.
    pub extended: u32,
    /// 撤案: withdrawn by the proposer, outside every other count.
    pub withdrawn: u32,
    /// 退回改办: proposals a unit handed back as wrongly assigned.
    pub handed_back: u32,
    /// 答复份数: the answers given, each lead unit's counted on its own
    /// under 分办, so it can exceed the proposals answered.
    pub answers: u32,
    /// 答复类别 over the answers; D only where the city uses it or it occurs.
    pub classes: Vec<ClassFigure>,
    /// Answers the proposer has given a verdict on.
    pub with_feedback: u32,
    /// 满意, 基本满意, 不满意, over `with_feedback`.
    pub verdicts: Vec<(Satisfaction, Share)>,
    /// 满意和基本满意率.
    pub satisfied: Share,
    /// 沟通率: answers the proposer was consulted on, as the 征询意见表
    /// says or, without its word, by a contact recorded before the answer
    /// ([`Dossier::consulted`]); `None` where neither says anything at all.
    pub contacted: Option<Share>,
    /// 面商率: of those, consulted face to face (面商; 见面 or 座谈 as recorded).
    pub met: Option<Share>,
    /// 态度满意率: answers whose 征询意见表 judges the unit's attitude 满意
    /// or 基本满意, over those where it says; apart from 满意和基本满意率,
    /// which judges the result. `None` where no form says.
    pub attitude: Option<Share>,
}

/// What `d` counts as in the figures: every per-proposal decision of the
/// definitions above, made here once. The rows are kept
/// ([`tian_store::ProposalFacts`]) and counted with SQL.
pub(crate) fn facts_of(d: &Dossier, rules: &DeadlineRules) -> ProposalFacts {
    let stage = d.proposal.stage;
    let registered = !matches!(stage, Stage::NotRegistered | Stage::Merged | Stage::ToOpinion);
    let counted = d.assignment.is_some() && registered && stage != Stage::Withdrawn;
    let replied_on = d.reply_timing.and_then(|t| t.replied);
    // Each handed-over proposal stands in one place of the 办理进度:
    // 办结, 待决定 (under 分办 one unit's 不满意 is enough), 退回待改办,
    // 再办理, 正在办理 (not yet answered), or answered and waiting.
    let closed = stage == Stage::Closed;
    let undecided = !closed && d.awaits_decision();
    let returned = stage == Stage::HandedBack;
    let rehandling =
        !undecided && d.handling.round > 1 && matches!(stage, Stage::Rehandling | Stage::Handling | Stage::Assigned);
    let place = counted.then_some(match () {
        _ if closed => Place::Closed,
        _ if undecided => Place::Undecided,
        _ if returned => Place::Returned,
        _ if rehandling => Place::Rehandling,
        _ if replied_on.is_none() => Place::InHand,
        _ => Place::Awaiting,
    });
    let given = d.answers();
    // 沟通 and 面商 as the proposer's form says, or the contacts recorded before the answer.
    // Counted over 已答复 (every lead unit has answered), as the share is.
    let consulted = |face_to_face: bool| {
        replied_on.is_some() && given.iter().any(|a| d.consulted(a, a.unit.as_deref(), face_to_face))
    };
    // Under 分办 each lead unit's answer, and the verdicts on it, count on their own.
    let answers = if counted {
        given.iter().map(|a| AnswerFact { class: a.class, verdict: a.verdict, attitude: a.attitude }).collect()
    } else {
        vec![]
    };
    ProposalFacts {
        proposal_id: d.proposal.id().as_str().to_owned(),
        session: d.proposal.session.clone(),
        stage,
        registered,
        place,
        replied_on,
        on_time: d.reply_timing.is_some_and(|t| t.on_time()),
        late_reply: d.reply_timing.is_some_and(|t| t.replied.is_some() && t.late),
        feedback_due: d.feedback_due.filter(|_| stage != Stage::Withdrawn),
        close_kind: d.closure.as_ref().map(|c| c.kind),
        extended: d.extensions.iter().any(|e| e.decision.as_ref().is_some_and(|x| x.approved)),
        handed_back: !d.hand_backs.is_empty(),
        any_contact: !d.contacts.is_empty() || given.iter().any(|a| a.consultation.is_some()),
        contacted: consulted(false),
        met: consulted(true),
        category: d.proposal.category.clone().unwrap_or_else(|| "未分类".to_owned()),
        proposer_kind: d.proposal.proposer_kind.label().to_owned(),
        withdrawn: stage == Stage::Withdrawn,
        answers,
        lead_units: d.handling.lead_units.clone(),
        deadline_due: d.deadline.map(|dl| dl.due),
        decision_due: d.awaits_decision() || d.pending_extensions().next().is_some(),
        // As the 催办函 lists it: a lead unit that answered under 分办 owes nothing more.
        owing: d
            .handling
            .lead_units
            .iter()
            .chain(&d.handling.co_units)
            .filter_map(|u| owing(d, u, rules, d.as_of).map(|o| (u.clone(), o.deadline.due)))
            .collect(),
    }
}

impl Figures {
    /// The figures of the counted rows `c`, with the class wording of `settings`.
    pub(crate) fn from_counts(c: &FactCounts, settings: &Settings) -> Figures {
        let n = c.assigned;
        let each = |(answer, n): &(AnswerFact, u32)| std::iter::repeat_n(*answer, *n as usize);
        let classes = class_figures(c.answers.iter().flat_map(each).filter_map(|a| a.class), settings);
        let (with_feedback, verdicts, satisfied) =
            verdict_figures(c.answers.iter().flat_map(each).filter_map(|a| a.verdict));
        let (judged_attitude, _, attitude) =
            verdict_figures(c.answers.iter().flat_map(each).filter_map(|a| a.attitude));
        let stages = Stage::ALL
            .iter()
            .filter_map(|s| c.stages.iter().find(|(t, _)| t == s).map(|(_, n)| (s, *n)))
            .filter(|(_, count)| *count > 0)
            .map(|(s, count)| Count { label: s.label().into(), count })
            .collect();
        Figures {
            stages,
            answers: c.answers.iter().map(|(_, n)| n).sum(),
            assigned: n,
            replied: Share::of(c.replied, n),
            on_time: Share::of(c.on_time, n),
            late_replies: c.late_replies,
            overdue: c.overdue,
            in_hand: c.in_hand,
            rehandling: c.rehandling,
            awaiting: c.awaiting,
            returned: c.returned,
            feedback_overdue: c.feedback_overdue,
            undecided: c.undecided,
            closed: Share::of(c.closed, n),
            closed_explained: c.closed_explained,
            closed_deemed: c.closed_deemed,
            extended: c.extended,
            withdrawn: c.withdrawn,
            handed_back: c.handed_back,
            classes,
            with_feedback,
            verdicts,
            satisfied,
            contacted: c.any_contact.then(|| Share::of(c.contacted, c.replied)),
            met: c.any_contact.then(|| Share::of(c.met, c.replied)),
            attitude: (judged_attitude > 0).then_some(attitude),
        }
    }

    /// 按答复类别 for a chart: the classes given, as “A类 3”.
    pub fn class_counts(&self) -> Vec<Count> {
        class_counts(&self.classes)
    }

    /// 按提案者评价 for a chart, in the order 满意, 基本满意, 不满意.
    pub fn verdict_counts(&self) -> Vec<Count> {
        verdict_counts(&self.verdicts)
    }

    /// The figures in the sentences a 督办报告 gives them.
    pub fn sentences(&self) -> Vec<String> {
        if self.assigned == 0 {
            let waiting = self.stages.iter().find(|c| c.label == Stage::Registered.label()).map_or(0, |c| c.count);
            return vec![match (self.withdrawn, waiting) {
                (0, _) => "本批重点提案尚未交办承办单位。".to_owned(),
                (withdrawn, 0) => format!("本批重点提案{withdrawn}件均已由提案者撤案。"),
                (withdrawn, _) => format!("本批重点提案中，提案者撤案{withdrawn}件，其余尚未交办承办单位。"),
            }];
        }
        let closed_kinds: Vec<String> = [(self.closed_explained, "说明办结"), (self.closed_deemed, "视为满意办结")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, kind)| format!("{kind}{n}件"))
            .collect();
        let mut out = vec![format!(
            "交办{}件，已答复{}件，办复率{}%；按期答复{}件，按期办复率{}%{}{}。已办结{}件{}，办结率{}%；已答复待反馈或待办结{}件{}，{}{}{}正在办理{}件。{}",
            self.assigned,
            self.replied.count,
            self.replied.rate,
            self.on_time.count,
            self.on_time.rate,
            match (self.late_replies, self.overdue) {
                (0, 0) => String::new(),
                (late, 0) => format!("，逾期答复{late}件"),
                (0, open) => format!("，逾期未答复{open}件"),
                (late, open) => format!("，逾期答复{late}件、逾期未答复{open}件"),
            },
            match (self.extended, self.handed_back) {
                (0, 0) => String::new(),
                (extended, 0) => format!("；经批准延期答复{extended}件"),
                (0, back) => format!("；退回改办{back}件"),
                (extended, back) => format!("；经批准延期答复{extended}件，退回改办{back}件"),
            },
            self.closed.count,
            if closed_kinds.is_empty() { String::new() } else { format!("（其中{}）", closed_kinds.join("、")) },
            self.closed.rate,
            self.awaiting,
            if self.feedback_overdue > 0 { format!("（其中待反馈逾期{}件）", self.feedback_overdue) } else { String::new() },
            if self.undecided > 0 { format!("提案者不满意待决定{}件，", self.undecided) } else { String::new() },
            if self.returned > 0 { format!("退回待改办{}件，", self.returned) } else { String::new() },
            if self.rehandling > 0 { format!("再办理{}件，", self.rehandling) } else { String::new() },
            self.in_hand,
            if self.withdrawn > 0 { format!("另有提案者撤案{}件，不计入以上数字。", self.withdrawn) } else { String::new() },
        )];

        // Under 分办 an answer is a unit's letter, counted in 份, not a proposal.
        let piece = if self.answers == self.replied.count { "件" } else { "份" };
        let classes: Vec<String> = self
            .classes
            .iter()
            .filter(|c| c.share.count > 0)
            .map(|c| {
                let wording = if c.wording.is_empty() { String::new() } else { format!("（{}）", c.wording) };
                format!("{}类{wording}{}{piece}，占{}%", c.class.letter(), c.share.count, c.share.rate)
            })
            .collect();
        if !classes.is_empty() {
            // Under 分办 the answers outnumber the proposals answered: say what was counted.
            let counted = if self.answers == self.replied.count {
                String::new()
            } else {
                format!("（分办的提案按主办单位分别计，共{}份）", self.answers)
            };
            out.push(format!("答复中{counted}，{}。", classes.join("；")));
        }
        if self.with_feedback > 0 {
            let verdicts: Vec<String> = self
                .verdicts
                .iter()
                .filter(|(_, s)| s.count > 0)
                .map(|(v, s)| format!("{}{}{piece}", v.label(), s.count))
                .collect();
            out.push(format!(
                "已反馈{}{piece}，其中{}，满意和基本满意率{}%。",
                self.with_feedback,
                verdicts.join("、"),
                self.satisfied.rate
            ));
        }
        if let (Some(contacted), Some(met)) = (self.contacted, self.met) {
            out.push(format!(
                "答复前与提案者沟通的{}件，沟通率{}%；其中面商{}件，面商率{}%。",
                contacted.count, contacted.rate, met.count, met.rate
            ));
        }
        if let Some(attitude) = self.attitude {
            out.push(format!(
                "提案者在征询意见表中对承办单位办理态度满意和基本满意的{}{piece}，态度满意率{}%（办理结果满意和基本满意率{}%）。",
                attitude.count, attitude.rate, self.satisfied.rate
            ));
        }
        out
    }
}

/// 答复类别 over `answers`, with the wording of `settings`; D only where the
/// city uses it or it occurs.
fn class_figures(answered: impl Iterator<Item = AnswerClass>, settings: &Settings) -> Vec<ClassFigure> {
    let answered: Vec<AnswerClass> = answered.collect();
    AnswerClass::ALL
        .into_iter()
        .filter_map(|class| {
            let label = settings.answer_classes.iter().find(|l| l.class == class);
            let found = answered.iter().filter(|c| **c == class).count() as u32;
            (label.is_some_and(|l| l.enabled) || found > 0).then(|| ClassFigure {
                class,
                wording: label.map_or_else(String::new, |l| l.label.clone()),
                share: Share::of(found, answered.len() as u32),
            })
        })
        .collect()
}

/// The verdicts on `answers`: how many have one, each verdict's share of
/// them, and 满意和基本满意.
pub(crate) fn verdict_figures(given: impl Iterator<Item = Satisfaction>) -> (u32, Vec<(Satisfaction, Share)>, Share) {
    let given: Vec<Satisfaction> = given.collect();
    let with_feedback = given.len() as u32;
    let verdicts = Satisfaction::ALL
        .into_iter()
        .map(|s| (s, Share::of(given.iter().filter(|v| **v == s).count() as u32, with_feedback)))
        .collect();
    let satisfied = given.iter().filter(|v| **v != Satisfaction::Unsatisfied).count() as u32;
    (with_feedback, verdicts, Share::of(satisfied, with_feedback))
}

fn class_counts(classes: &[ClassFigure]) -> Vec<Count> {
    let counts = classes.iter().map(|c| (format!("{}类", c.class.letter()), c.share.count));
    counts.filter(|(_, n)| *n > 0).map(|(label, count)| Count { label, count }).collect()
}

fn verdict_counts(verdicts: &[(Satisfaction, Share)]) -> Vec<Count> {
    let counts = verdicts.iter().map(|(v, share)| (v.label().to_owned(), share.count));
    counts.filter(|(_, n)| *n > 0).map(|(label, count)| Count { label, count }).collect()
}

/// 本单位办理数字: a handling unit's own work as lead unit on the proposals
/// handed to it in one year, counted as the committee counts every unit:
/// 按期 by [`Dossier::answered_on_time`], the classes and verdicts of its
/// own answers ([`Dossier::answers_of`]) as [`Figures`] counts them all.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UnitFigures {
    pub unit: String,
    /// The year of 交办 counted.
    pub year: i32,
    /// 主办件数: proposals handed to it as lead unit that year (撤案 aside).
    pub assigned: u32,
    /// 已答复 and 办复率.
    pub replied: Share,
    /// 按期答复 and 按期办复率.
    pub on_time: Share,
    /// 逾期: answered late, or still unanswered past the date.
    pub late: u32,
    pub classes: Vec<ClassFigure>,
    /// The classes for a chart, as “A类 3”.
    pub class_counts: Vec<Count>,
    pub with_feedback: u32,
    pub verdicts: Vec<(Satisfaction, Share)>,
    /// The verdicts for a chart.
    pub verdict_counts: Vec<Count>,
    /// 满意和基本满意率.
    pub satisfied: Share,
}

impl UnitFigures {
    /// `unit`'s figures for `year`, from the `dossiers` it may lead.
    pub fn of(unit: &str, year: i32, dossiers: &[Dossier], settings: &Settings) -> UnitFigures {
        use chrono::Datelike;
        let led: Vec<&Dossier> = dossiers
            .iter()
            .filter(|d| d.proposal.stage != Stage::Withdrawn && d.handling.lead_units.iter().any(|u| u == unit))
            .filter(|d| d.assignment.as_ref().is_some_and(|a| a.date.year() == year))
            .collect();
        let n = led.len() as u32;
        let timely: Vec<Option<bool>> = led.iter().map(|d| d.answered_on_time(unit)).collect();
        let replied = led.iter().filter(|d| !d.answers_of(unit).is_empty()).count() as u32;
        let answers: Vec<Answer> = led.iter().flat_map(|d| d.answers_of(unit)).collect();
        let classes = class_figures(answers.iter().filter_map(|a| a.class), settings);
        let (with_feedback, verdicts, satisfied) = verdict_figures(answers.iter().filter_map(|a| a.verdict));
        UnitFigures {
            unit: unit.to_owned(),
            year,
            assigned: n,
            replied: Share::of(replied, n),
            on_time: Share::of(timely.iter().filter(|t| **t == Some(true)).count() as u32, n),
            late: timely.iter().filter(|t| **t == Some(false)).count() as u32,
            class_counts: class_counts(&classes),
            classes,
            with_feedback,
            verdict_counts: verdict_counts(&verdicts),
            verdicts,
            satisfied,
        }
    }
}
