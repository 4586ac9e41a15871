//! 办理统计: the handling figures of a session's proposals, laid out the way
//! the committee's own summaries give them (seed 003): collected, registered,
//! closed, in progress, and the breakdowns by category, proposer, lead unit,
//! answer class and satisfaction.

use serde::Serialize;
use tian_domain::{ProposalFilter, Stage, Totals};
use ts_rs::TS;

use crate::figures::Count;
use crate::figures::Figures;
use crate::proposals::dossier::Dossier;
use crate::workspace::settings::Settings;
use crate::{Result, Tian};

/// 办理统计.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Statistics {
    /// The session counted, or `None` for all sessions.
    pub session: Option<String>,
    pub totals: Totals,
    /// 立案率 and 办结率, per cent.
    pub registration_rate: f64,
    pub closure_rate: f64,
    /// 按类别
    pub by_category: Vec<Count>,
    /// 按提案者（集体、委员）
    pub by_proposer_kind: Vec<Count>,
    /// 按主办单位, most proposals first.
    pub by_lead_unit: Vec<Count>,
    /// 按答复类别, in class order.
    pub by_answer_class: Vec<Count>,
    /// 按提案者评价, in the order 满意, 基本满意, 不满意.
    pub by_satisfaction: Vec<Count>,
    /// 办复率, 按期办复率, classes, verdicts and the rest, as the 督办报告 gives them.
    pub figures: Figures,
    /// Figures that do not add up, in sentences.
    pub inconsistencies: Vec<String>,
}

fn tally<'a>(labels: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut counts: Vec<Count> = Vec::new();
    for label in labels {
        match counts.iter_mut().find(|c| c.label == label) {
            Some(c) => c.count += 1,
            None => counts.push(Count { label: label.to_owned(), count: 1 }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    counts
}

impl Statistics {
    pub(crate) fn of(session: Option<String>, dossiers: &[Dossier], settings: &Settings) -> Statistics {
        let registered: Vec<&Dossier> = dossiers
            .iter()
            .filter(|d| !matches!(d.proposal.stage, Stage::NotRegistered | Stage::Merged | Stage::ToOpinion))
            .collect();
        let closed = registered.iter().filter(|d| d.proposal.stage == Stage::Closed).count() as u32;
        let withdrawn = registered.iter().filter(|d| d.proposal.stage == Stage::Withdrawn).count() as u32;
        let totals = Totals {
            collected: dossiers.len() as u32,
            registered: registered.len() as u32,
            closed,
            in_progress: registered.len() as u32 - closed - withdrawn,
            withdrawn,
        };
        // The charts count what the figures count, so a chart never disagrees with the sentence beside it.
        let figures = Figures::of(dossiers, settings);
        let (by_answer_class, by_satisfaction) = (figures.class_counts(), figures.verdict_counts());
        Statistics {
            session,
            registration_rate: totals.registration_rate(),
            closure_rate: totals.closure_rate(),
            by_category: tally(registered.iter().map(|d| d.proposal.category.as_deref().unwrap_or("未分类"))),
            by_proposer_kind: tally(registered.iter().map(|d| d.proposal.proposer_kind.label())),
            by_lead_unit: tally(registered.iter().flat_map(|d| d.handling.lead_units.iter().map(String::as_str))),
            by_answer_class,
            by_satisfaction,
            figures,
            inconsistencies: totals.inconsistencies(),
            totals,
        }
    }
}

impl Tian {
    /// 办理统计 of `session`'s proposals (all sessions when `None`).
    pub fn statistics(&self, session: Option<&str>) -> Result<Statistics> {
        self.committee_only("查看办理统计")?;
        let dossiers: Vec<Dossier> = self
            .dossiers(&ProposalFilter::default())?
            .into_iter()
            .filter(|d| session.is_none_or(|s| d.proposal.session == s))
            .collect();
        Ok(Statistics::of(session.map(str::to_owned), &dossiers, &self.settings()?))
    }
}
