//! 单位工作台: a handling unit's own pages. What it owes on the proposals
//! it leads (shown on its list, [`DeskNote`]), the proposals it co-handles
//! with its 会办意见 due (会办), its letters drafted, recorded and sent (复文),
//! and its own figures for the year. Everything here is read on the unit's
//! own installation, which holds only the proposals handed to it.

mod letters;

use chrono::Datelike;
use serde::Serialize;
use tian_domain::{Deadline, DeadlineRules, ProposalFilter, Stage};
use ts_rs::TS;

use crate::figures::UnitFigures;
use crate::handling::forms::owing;
use crate::proposals::dossier::{CoOpinion, Dossier};
use crate::{CoreError, Result, Tian};

pub use letters::{KeptDraft, LetterRow, LetterState};

/// 本单位待办: what the unit owes on one proposal, by when, and the
/// 会办意见 it waits for (as lead unit) or owes (as co-unit).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DeskNote {
    /// 应办: 答复函, 再办理答复, 会办意见（送市住建局）; `None` when the unit
    /// owes nothing now.
    pub owes: Option<String>,
    /// The date it is owed by.
    pub deadline: Option<Deadline>,
    /// As lead unit, the co-units' 会办意见; as co-unit, its own.
    pub opinions: Vec<CoOpinion>,
}

impl DeskNote {
    /// What `unit` owes on `d` as of the day it was read, under `rules`.
    pub(crate) fn of(d: &Dossier, unit: &str, rules: &DeadlineRules) -> DeskNote {
        let owed = owing(d, unit, rules, d.as_of);
        let lead = d.handling.lead_units.iter().any(|u| u == unit);
        DeskNote {
            owes: owed.as_ref().map(|o| o.missing.clone()),
            deadline: owed.map(|o| o.deadline),
            opinions: d.co_opinions.iter().filter(|o| lead || o.unit == unit).cloned().collect(),
        }
    }
}

/// 会办: one proposal the unit co-handles.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CoHandled {
    pub number: String,
    pub session: String,
    pub title: String,
    pub proposer: String,
    pub stage: Stage,
    /// 主办单位: whom the 会办意见 goes to.
    pub lead_units: Vec<String>,
    /// Its 会办意见: due, came in, late.
    pub opinion: CoOpinion,
    /// Its due date as a deadline, while the opinion is still owed.
    pub deadline: Option<Deadline>,
}

/// 单位工作台: the unit's 会办, 复文 and own figures.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UnitDesk {
    pub unit: String,
    /// 会办, the soonest due first.
    pub co_handled: Vec<CoHandled>,
    /// 复文: drafts first, then letters recorded, latest first.
    pub letters: Vec<LetterRow>,
    pub figures: UnitFigures,
    /// The years it was handed work as lead unit, latest first (this year
    /// when none); its figures are those of the first unless asked.
    pub years: Vec<i32>,
}

impl Tian {
    /// The handling unit this installation is; the committee has no desk.
    pub(crate) fn own_unit(&self, what: &str) -> Result<String> {
        self.unit_name()?.ok_or_else(|| CoreError::Invalid(format!("{what}是承办单位的页面，本机是提案委员会。")))
    }

    /// 单位工作台 of this unit's installation, its figures for `year` (the
    /// latest year it was handed work when `None`).
    pub fn unit_desk(&self, year: Option<i32>) -> Result<UnitDesk> {
        let unit = self.own_unit("单位工作台")?;
        let dossiers = self.dossiers(&ProposalFilter::default())?;
        let settings = self.settings()?;
        let mut co_handled = Vec::new();
        for d in dossiers.iter().filter(|d| d.handling.co_units.contains(&unit)) {
            let Some(opinion) = d.co_opinions.iter().find(|o| o.unit == unit).cloned() else { continue };
            co_handled.push(CoHandled {
                number: d.proposal.number.clone(),
                session: d.proposal.session.clone(),
                title: d.proposal.title.clone(),
                proposer: d.proposal.proposer.clone(),
                stage: d.proposal.stage,
                lead_units: d.handling.lead_units.clone(),
                // Read with the dossier, as on this unit's installation.
                deadline: d.desk.as_ref().and_then(|n| n.deadline),
                opinion,
            });
        }
        // Owed first, soonest due first; then those in, latest in first.
        co_handled.sort_by_key(|c| {
            (c.opinion.replied.is_some(), c.opinion.replied.map(|d| -d.num_days_from_ce()), c.opinion.due)
        });
        let mut years: Vec<i32> = dossiers
            .iter()
            .filter(|d| d.handling.lead_units.contains(&unit))
            .filter_map(|d| d.assignment.as_ref().map(|a| a.date.year()))
            .collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        if years.is_empty() {
            years.push(self.today.year());
        }
        // Unasked, the latest year it was handed work (in January, last year's).
        let year = year.unwrap_or(years[0]);
        Ok(UnitDesk {
            letters: self.letters_of(&unit, &dossiers)?,
            figures: UnitFigures::of(&unit, year, &dossiers, &settings),
            co_handled,
            years,
            unit,
        })
    }
}
