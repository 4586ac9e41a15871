//! 办理工作考评: each handling unit's work on the proposals handed to it in
//! one year, scored by the weights the committee sets and ranked, as the
//! 考评 page shows it, `tian evaluate` prints it and the 通报 and the
//! workbook carry it.
//!
//! Every rate is the one the committee's figures define: 按期办复率 and the
//! classes and verdicts of a unit's own answers as [`UnitFigures`] counts
//! them, 面商 and 态度 as the 面商率 and 态度满意率 count them
//! ([`Dossier::consulted`], the 征询意见表's word first), 建议落实 as the
//! 一览表's 建议落实 ([`crate::SuggestionShare`]).

use std::cmp::Ordering;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tian_domain::{percent, ProposalFilter, Stage};
use ts_rs::TS;

use crate::figures::definitions::{verdict_figures, Share, UnitFigures};
use crate::figures::ClassFigure;
use crate::proposals::dossier::{Answer, Dossier};
use crate::workspace::settings::Settings;
use crate::{CoreError, Result, Tian};

mod bulletin;

pub use bulletin::EvaluationRequest;

/// 考评权重: how many points each rate weighs in a unit's score. A rate
/// that does not apply to a unit (no verdict yet, nothing co-handled) is
/// left out and the others weigh for it, so no unit gains or loses by work
/// it was never given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct EvaluationWeights {
    /// 按期办复率
    pub on_time: u32,
    /// 满意和基本满意率 (办理结果)
    pub satisfied: u32,
    /// 态度满意率 (办理态度, on the 征询意见表)
    pub attitude: u32,
    /// 面商率
    pub met: u32,
    /// 建议落实率
    pub carried_out: u32,
    /// 会办意见按时率
    pub co_opinions: u32,
}

impl Default for EvaluationWeights {
    fn default() -> Self {
        EvaluationWeights { on_time: 40, satisfied: 30, attitude: 0, met: 10, carried_out: 10, co_opinions: 10 }
    }
}

impl EvaluationWeights {
    /// The most points one rate may weigh.
    pub const MOST: u32 = 100;

    /// Each weight with its name, in the order the page and the 通报 give them.
    pub fn named(&self) -> [(&'static str, u32); 6] {
        [
            ("按期办复率", self.on_time),
            ("满意和基本满意率", self.satisfied),
            ("态度满意率", self.attitude),
            ("面商率", self.met),
            ("建议落实率", self.carried_out),
            ("会办意见按时率", self.co_opinions),
        ]
    }

    /// Why the weights cannot be used, in the clerk's words.
    pub(crate) fn problem(&self) -> Option<String> {
        if let Some((name, _)) = self.named().into_iter().find(|(_, w)| *w > Self::MOST) {
            return Some(format!("考评权重“{name}”应在 0 到 {} 之间。", Self::MOST));
        }
        (self.named().iter().all(|(_, w)| *w == 0)).then(|| "考评权重不能全为 0：至少给一项办理数字计分。".to_owned())
    }
}

/// 考评结果: one handling unit's figures for the year, its score and rank.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UnitEvaluation {
    /// 名次: units with the same score share it (1, 1, 3); `None` for a
    /// unit that led nothing that year (it is listed for its 会办 and 退回)
    /// or has nothing to score yet.
    pub rank: Option<u32>,
    pub unit: String,
    /// 主办件数 (撤案 aside)
    pub led: u32,
    /// 会办件数
    pub co_handled: u32,
    /// 办复率
    pub replied: Share,
    /// 按期办复率
    pub on_time: Share,
    /// 逾期: answered late, or still unanswered past the date.
    pub late: u32,
    /// A, B, C (and D where used) over its answers.
    pub classes: Vec<ClassFigure>,
    /// Answers with the proposer's verdict.
    pub with_feedback: u32,
    /// 满意和基本满意率, over the answers with a verdict.
    pub satisfied: Share,
    /// 面商率: of the proposals it answered, those whose proposer it
    /// consulted face to face, as [`Dossier::consulted`] tells.
    pub met: Share,
    /// Its answers whose 征询意见表 judges its attitude.
    pub with_attitude: u32,
    /// 态度满意率: of those, 满意 or 基本满意.
    pub attitude: Share,
    /// 建议落实率: the suggestions of the proposals it answered, whose
    /// carrying out is recorded, 已落实 whole and 部分落实 half; `None`
    /// where none is recorded.
    pub carried_out: Option<f64>,
    /// 延期: its extensions the committee approved.
    pub extended: u32,
    /// 退回: proposals it handed back as wrongly assigned.
    pub handed_back: u32,
    /// 会办意见 due from it by the day counted (in, or missing past their date).
    pub opinions_due: u32,
    /// 会办意见按时: of those, the ones in by their date.
    pub co_opinions: Share,
    /// 得分, 0–100; `None` when it led nothing or no weighted rate applies.
    pub score: Option<f64>,
}

/// 办理工作考评: every unit handed work in `year`, best first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Evaluation {
    pub year: i32,
    /// The years with 交办, latest first; this year's when none.
    pub years: Vec<i32>,
    pub weights: EvaluationWeights,
    pub units: Vec<UnitEvaluation>,
    /// 交办件数: the proposals handed over that year (撤案 aside).
    pub assigned: u32,
    /// The day the figures were read, as every deadline was judged.
    pub as_of: NaiveDate,
}

impl UnitEvaluation {
    /// `unit`'s evaluation for `year` over `dossiers` (those handed over that year).
    fn of(unit: &str, year: i32, dossiers: &[Dossier], settings: &Settings) -> UnitEvaluation {
        let figures = UnitFigures::of(unit, year, dossiers, settings);
        let of_year = |d: &&Dossier| d.assignment.as_ref().is_some_and(|a| a.date.year() == year);
        let counted = |d: &&Dossier| d.proposal.stage != Stage::Withdrawn;
        let leads = |d: &&Dossier| d.handling.lead_units.iter().any(|u| u == unit);
        let answered: Vec<(&Dossier, Vec<Answer>)> = dossiers
            .iter()
            .filter(of_year)
            .filter(counted)
            .filter(leads)
            .map(|d| (d, d.answers_of(unit)))
            .filter(|(_, answers)| !answers.is_empty())
            .collect();
        let met =
            answered.iter().filter(|(d, answers)| answers.iter().any(|a| d.consulted(a, Some(unit), true))).count()
                as u32;
        let (with_attitude, _, attitude) =
            verdict_figures(answered.iter().flat_map(|(_, answers)| answers.iter().filter_map(|a| a.attitude)));
        // 建议落实 in halves, so 部分落实 counts half as the 一览表 counts it.
        let recorded: Vec<&Dossier> = answered.iter().map(|(d, _)| *d).filter(|d| d.suggestions_judged()).collect();
        let halves = recorded.iter().map(|d| 2 * d.progress.done + d.progress.partly).sum::<u32>();
        let whole = recorded.iter().map(|d| 2 * d.progress.total).sum::<u32>();
        let extended = dossiers
            .iter()
            .filter(of_year)
            .filter(counted)
            .flat_map(|d| &d.extensions)
            .filter(|e| e.unit == unit && e.decision.as_ref().is_some_and(|x| x.approved))
            .count() as u32;
        // A hand-back leaves the unit's name only on the record of it.
        let handed_back =
            dossiers.iter().flat_map(|d| &d.hand_backs).filter(|h| h.unit == unit && h.assigned.year() == year).count()
                as u32;
        let co: Vec<&Dossier> = dossiers
            .iter()
            .filter(of_year)
            .filter(counted)
            .filter(|d| d.handling.co_units.iter().any(|u| u == unit))
            .collect();
        let opinions: Vec<_> = co
            .iter()
            .flat_map(|d| d.co_opinions.iter().filter(|o| o.unit == unit).map(move |o| (o, d.as_of)))
            .filter(|(o, as_of)| o.replied.is_some() || o.due < *as_of)
            .collect();
        let opinions_in_time = opinions.iter().filter(|(o, _)| o.replied.is_some() && !o.late).count() as u32;
        let mut evaluation = UnitEvaluation {
            rank: None,
            unit: unit.to_owned(),
            led: figures.assigned,
            co_handled: co.len() as u32,
            replied: figures.replied,
            on_time: figures.on_time,
            late: figures.late,
            classes: figures.classes,
            with_feedback: figures.with_feedback,
            satisfied: figures.satisfied,
            met: Share { count: met, rate: percent(met, figures.replied.count) },
            with_attitude,
            attitude,
            carried_out: (whole > 0).then(|| percent(halves, whole)),
            extended,
            handed_back,
            opinions_due: opinions.len() as u32,
            co_opinions: Share { count: opinions_in_time, rate: percent(opinions_in_time, opinions.len() as u32) },
            score: None,
        };
        evaluation.score = evaluation.score_by(&settings.evaluation);
        evaluation
    }

    /// The score by `weights`: each rate that applies (it has something to
    /// count over) weighed by its points, over the points of those rates.
    fn score_by(&self, weights: &EvaluationWeights) -> Option<f64> {
        // Ranked are the units that led proposals; one that only co-handled
        // is listed with its 会办 figures, not scored against them.
        if self.led == 0 {
            return None;
        }
        let rates = [
            (weights.on_time, (self.led > 0).then_some(self.on_time.rate)),
            (weights.satisfied, (self.with_feedback > 0).then_some(self.satisfied.rate)),
            (weights.attitude, (self.with_attitude > 0).then_some(self.attitude.rate)),
            (weights.met, (self.replied.count > 0).then_some(self.met.rate)),
            (weights.carried_out, self.carried_out),
            (weights.co_opinions, (self.opinions_due > 0).then_some(self.co_opinions.rate)),
        ];
        let applied: Vec<(f64, f64)> =
            rates.into_iter().filter_map(|(w, rate)| rate.filter(|_| w > 0).map(|r| (w as f64, r))).collect();
        let points: f64 = applied.iter().map(|(w, _)| w).sum();
        (points > 0.0).then(|| {
            let score = applied.iter().map(|(w, r)| w * r).sum::<f64>() / points;
            (score * 10.0).round() / 10.0
        })
    }
}

/// Best first: the higher score, then the higher 按期办复率, then more
/// work led; a unit with nothing to score last. Names break the last ties.
fn ranking(a: &UnitEvaluation, b: &UnitEvaluation) -> Ordering {
    let score = |u: &UnitEvaluation| u.score.unwrap_or(-1.0);
    score(b)
        .total_cmp(&score(a))
        .then(b.on_time.rate.total_cmp(&a.on_time.rate))
        .then(b.led.cmp(&a.led))
        .then(a.unit.cmp(&b.unit))
}

impl Tian {
    /// 办理工作考评 of `year` (the latest year with 交办 when `None`): every
    /// unit handed work that year as lead or co-unit, or that handed work
    /// of that year back, scored by the committee's weights and ranked.
    pub fn evaluation(&self, year: Option<i32>) -> Result<Evaluation> {
        self.committee_only("进行办理工作考评")?;
        let settings = self.settings()?;
        // Weights saved by another route than the 设置 page are asked again here.
        if let Some(problem) = settings.evaluation.problem() {
            return Err(CoreError::Invalid(format!("{problem}请在“设置”中改正考评权重。")));
        }
        let dossiers = self.dossiers(&ProposalFilter::default())?;
        let mut years: Vec<i32> =
            dossiers.iter().filter_map(|d| d.assignment.as_ref().map(|a| a.date.year())).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        if years.is_empty() {
            years.push(self.today.year());
        }
        let year = match year {
            Some(y) if !(1949..=2200).contains(&y) => {
                return Err(CoreError::Invalid(format!("考评年度“{y}”不对，应为 1949 到 2200 年之间的年份。")))
            }
            Some(y) => y,
            None => years[0],
        };
        let handed: Vec<Dossier> = dossiers
            .into_iter()
            .filter(|d| {
                d.assignment.as_ref().is_some_and(|a| a.date.year() == year)
                    || d.hand_backs.iter().any(|h| h.assigned.year() == year)
            })
            .collect();
        let mut names: Vec<&str> = Vec::new();
        for d in &handed {
            // A withdrawn proposal counts for no one; a hand-back still names its unit.
            let assigned_then =
                d.assignment.as_ref().is_some_and(|a| a.date.year() == year) && d.proposal.stage != Stage::Withdrawn;
            let current = d.handling.lead_units.iter().chain(&d.handling.co_units).filter(|_| assigned_then);
            let back = d.hand_backs.iter().filter(|h| h.assigned.year() == year).map(|h| &h.unit);
            for unit in current.chain(back) {
                if !names.contains(&unit.as_str()) {
                    names.push(unit);
                }
            }
        }
        let mut units: Vec<UnitEvaluation> =
            names.iter().map(|unit| UnitEvaluation::of(unit, year, &handed, &settings)).collect();
        units.sort_by(ranking);
        let mut last: Option<(f64, u32)> = None;
        for (i, u) in units.iter_mut().enumerate() {
            u.rank = u.score.map(|score| match last {
                Some((s, rank)) if s == score => rank,
                _ => i as u32 + 1,
            });
            last = u.score.zip(u.rank);
        }
        let assigned = handed
            .iter()
            .filter(|d| d.proposal.stage != Stage::Withdrawn)
            .filter(|d| d.assignment.as_ref().is_some_and(|a| a.date.year() == year))
            .count() as u32;
        Ok(Evaluation { year, years, weights: settings.evaluation, units, assigned, as_of: self.today })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(score: Option<f64>, on_time: f64, name: &str) -> UnitEvaluation {
        let share = |rate| Share { count: 0, rate };
        UnitEvaluation {
            rank: None,
            unit: name.to_owned(),
            led: 1,
            co_handled: 0,
            replied: share(0.0),
            on_time: share(on_time),
            late: 0,
            classes: vec![],
            with_feedback: 0,
            satisfied: share(0.0),
            met: share(0.0),
            with_attitude: 0,
            attitude: share(0.0),
            carried_out: None,
            extended: 0,
            handed_back: 0,
            opinions_due: 0,
            co_opinions: share(0.0),
            score,
        }
    }

    #[test]
    fn a_rate_that_does_not_apply_is_left_out_and_the_others_weigh_for_it() {
        let weights = EvaluationWeights::default();
        let mut u = unit(None, 50.0, "市教育局");
        u.replied = Share { count: 1, rate: 100.0 };
        u.met = Share { count: 1, rate: 100.0 };
        // 按期 50 (40 points) and 面商 100 (10 points); no verdict, no 会办.
        assert_eq!(u.score_by(&weights), Some(60.0));
        // Nothing answered yet: only 按期 counts.
        u.replied = Share { count: 0, rate: 0.0 };
        assert_eq!(u.score_by(&weights), Some(50.0));
        let none = EvaluationWeights { on_time: 0, ..weights };
        assert_eq!(u.score_by(&none), None, "the only rate that applies weighs nothing");
        // A 会办意见 due and late weighs 0 at its 10 points.
        u.opinions_due = 1;
        assert_eq!(u.score_by(&weights), Some(40.0));
    }

    #[test]
    fn weights_out_of_range_or_all_zero_are_refused() {
        assert!(EvaluationWeights::default().problem().is_none());
        let zero = EvaluationWeights { on_time: 0, satisfied: 0, attitude: 0, met: 0, carried_out: 0, co_opinions: 0 };
        assert!(zero.problem().unwrap().contains("不能全为 0"));
        let big = EvaluationWeights { met: 101, ..EvaluationWeights::default() };
        assert!(big.problem().unwrap().contains("面商率"));
    }

    #[test]
    fn the_better_score_ranks_first_and_an_unscored_unit_last() {
        let mut units = [unit(None, 0.0, "甲"), unit(Some(80.0), 50.0, "乙"), unit(Some(90.0), 10.0, "丙")];
        units.sort_by(ranking);
        assert_eq!(units.iter().map(|u| u.unit.as_str()).collect::<Vec<_>>(), ["丙", "乙", "甲"]);
    }
}
