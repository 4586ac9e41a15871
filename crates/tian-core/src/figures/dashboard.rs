//! 督办总览: the state of all key proposals at a glance, with what is
//! overdue or due within the week on top.

use serde::Serialize;
use tian_domain::{ProposalFilter, ProposalId};
use tian_store::FactScope;
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

impl Tian {
    /// The dossiers of the proposals that pass `filter`.
    pub fn dossiers(&self, filter: &ProposalFilter) -> Result<Vec<Dossier>> {
        // One snapshot for them all, not a lock taken and dropped per read.
        self.store.in_one_read(|| self.proposals(filter)?.iter().map(|p| self.dossier(&p.id())).collect())
    }

    /// 督办总览, counted from the kept rows ([`super::facts`]): only the
    /// proposals listed are read whole.
    pub fn dashboard(&self) -> Result<Dashboard> {
        self.committee_only("查看督办总览")?;
        let settings = self.settings()?;
        let counts = self.counts(&FactScope::default())?;
        let figures = Figures::from_counts(&counts, &settings);
        let lists = self.store.read().attention(self.today, settings.deadlines.due_soon_days, LISTED)?;
        let read = |ids: &[String]| -> Result<Vec<Dossier>> {
            ids.iter().map(|id| self.dossier(&ProposalId::parse(id.as_str()))).collect()
        };
        // The three lists' dossiers in one read: a few hundred, one snapshot.
        let (attention, feedback_overdue, decisions_due) = self.store.in_one_read(|| -> Result<_> {
            Ok((read(&lists.due)?, read(&lists.feedback)?, read(&lists.decisions)?))
        })?;
        Ok(Dashboard {
            attention,
            attention_total: lists.due_total,
            attention_units: lists.units,
            feedback_overdue,
            feedback_overdue_total: lists.feedback_total,
            decisions_due,
            decisions_due_total: lists.decisions_total,
            total: counts.collected,
            by_answer_class: figures.class_counts(),
            by_satisfaction: figures.verdict_counts(),
            figures,
        })
    }
}
