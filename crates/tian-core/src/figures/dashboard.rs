//! 督办总览: the state of all key proposals at a glance, with what is
//! overdue or due within the week on top.

use std::collections::BTreeSet;

use serde::Serialize;
use tian_domain::{ProposalFilter, Urgency};
use ts_rs::TS;

use crate::figures::{Count, Figures};
use crate::proposals::dossier::Dossier;
use crate::{Result, Tian};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    pub total: u32,
    /// 各阶段件数, 答复类别, 提案者评价 and the rest, as the statistics page,
    /// the 督办报告 and `tian stats` give them.
    pub figures: Figures,
    /// 答复类别 and 提案者评价 for the charts, as the statistics page draws them.
    pub by_answer_class: Vec<Count>,
    pub by_satisfaction: Vec<Count>,
    /// Overdue and due-soon proposals, most urgent first: the first
    /// [`LISTED`] of `attention_total`.
    pub attention: Vec<Dossier>,
    pub attention_total: u32,
    /// The lead units of every overdue or due-soon proposal, listed or not,
    /// each owed a 催办函; the unit of the most urgent first.
    pub attention_units: Vec<String>,
    /// 待反馈逾期: answered, the proposer's feedback past its time; the
    /// longest waiting first, up to [`LISTED`] of `feedback_overdue_total`.
    pub feedback_overdue: Vec<Dossier>,
    pub feedback_overdue_total: u32,
    /// 待提案委员会决定: unsatisfied verdicts and extension requests waiting
    /// for the committee's answer; up to [`LISTED`] of `decisions_due_total`,
    /// in the list's order (session, then number).
    pub decisions_due: Vec<Dossier>,
    pub decisions_due_total: u32,
}

/// How many proposals each list of the 督办总览 shows; the totals say how
/// many there are in all (the list page's 只看已逾期 shows every late one).
/// At 100,000 proposals the lists held thousands of dossiers, 44 MB the
/// window had to take in and draw as one table.
pub const LISTED: usize = 100;

/// The first [`LISTED`] of `all`, and how many there were. Only those
/// are copied: at 100,000 proposals `all` holds thousands.
fn listed(all: &[&Dossier]) -> (Vec<Dossier>, u32) {
    (all.iter().take(LISTED).map(|&d| d.clone()).collect(), all.len() as u32)
}

impl Tian {
    /// The dossiers of the proposals that pass `filter`.
    pub fn dossiers(&self, filter: &ProposalFilter) -> Result<Vec<Dossier>> {
        self.proposals(filter)?.iter().map(|p| self.dossier(&p.id())).collect()
    }

    pub fn dashboard(&self) -> Result<Dashboard> {
        self.committee_only("查看督办总览")?;
        let all = self.dossiers(&ProposalFilter::default())?;
        let settings = self.settings()?;
        let figures = Figures::of(&all, &settings);
        let mut attention: Vec<&Dossier> =
            all.iter().filter(|d| d.deadline.is_some_and(|dl| dl.urgency != Urgency::OnTrack)).collect();
        attention.sort_by_key(|d| d.deadline.map(|dl| dl.days_left));
        // In the order of their most urgent proposal; only units that owe
        // something there, as the 催办函 to them lists it (a lead unit that
        // answered under 分办 owes nothing more).
        // Every unit late or due soon with something (a co-unit's 会办意见
        // may be late while the proposal's answer is not), the most urgent first.
        let mut owing: Vec<(i64, &str)> = all
            .iter()
            .flat_map(|d| d.handling.lead_units.iter().chain(&d.handling.co_units).map(move |u| (d, u)))
            .filter_map(|(d, u)| {
                crate::handling::forms::owed(d, u, &settings.deadlines, self.today)
                    .map(|o| (o.deadline.days_left, u.as_str()))
            })
            .collect();
        owing.sort_by_key(|(days, _)| *days);
        let mut seen = BTreeSet::new();
        let attention_units: Vec<String> =
            owing.into_iter().filter(|(_, u)| seen.insert(*u)).map(|(_, u)| u.to_owned()).collect();
        let mut feedback_overdue: Vec<&Dossier> = all.iter().filter(|d| d.feedback_overdue).collect();
        feedback_overdue.sort_by_key(|d| d.feedback_due);
        let decisions_due: Vec<&Dossier> =
            all.iter().filter(|d| d.awaits_decision() || d.pending_extensions().next().is_some()).collect();
        let (attention, attention_total) = listed(&attention);
        let (feedback_overdue, feedback_overdue_total) = listed(&feedback_overdue);
        let (decisions_due, decisions_due_total) = listed(&decisions_due);
        Ok(Dashboard {
            attention_total,
            attention_units,
            feedback_overdue,
            feedback_overdue_total,
            decisions_due,
            decisions_due_total,
            total: all.len() as u32,
            by_answer_class: figures.class_counts(),
            by_satisfaction: figures.verdict_counts(),
            figures,
            attention,
        })
    }
}
