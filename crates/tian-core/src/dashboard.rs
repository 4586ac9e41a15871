//! 督办总览: the state of all key proposals at a glance, with what is
//! overdue or due within the week on top.

use std::collections::BTreeMap;

use serde::Serialize;
use tian_domain::{ProposalFilter, Stage, Urgency};
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::{Result, Tian};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Dashboard {
    pub total: u32,
    /// 各阶段件数, in the order of the stages.
    pub by_stage: Vec<Count>,
    /// 答复类别 of the lead units' replies.
    pub by_answer_class: Vec<Count>,
    /// 提案者评价.
    pub by_satisfaction: Vec<Count>,
    /// Overdue and due-soon proposals, most urgent first.
    pub attention: Vec<Dossier>,
    /// 待反馈逾期: answered, the proposer's feedback past its time.
    pub feedback_overdue: Vec<Dossier>,
    /// 待提案委员会决定: unsatisfied verdicts and extension requests waiting
    /// for the committee's answer.
    pub decisions_due: Vec<Dossier>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Count {
    pub label: String,
    pub count: u32,
}

fn counts(labels: impl Iterator<Item = String>) -> Vec<Count> {
    let mut map: BTreeMap<String, u32> = BTreeMap::new();
    for label in labels {
        *map.entry(label).or_default() += 1;
    }
    map.into_iter().map(|(label, count)| Count { label, count }).collect()
}

impl Tian {
    /// The dossiers of the proposals that pass `filter`.
    pub fn dossiers(&self, filter: &ProposalFilter) -> Result<Vec<Dossier>> {
        self.proposals(filter)?.iter().map(|p| self.dossier(&p.id())).collect()
    }

    pub fn dashboard(&self) -> Result<Dashboard> {
        let all = self.dossiers(&ProposalFilter::default())?;
        let by_stage = Stage::ALL
            .iter()
            .map(|s| Count {
                label: s.label().into(),
                count: all.iter().filter(|d| d.proposal.stage == *s).count() as u32,
            })
            .filter(|c| c.count > 0)
            .collect();
        let mut attention: Vec<Dossier> =
            all.iter().filter(|d| d.deadline.is_some_and(|dl| dl.urgency != Urgency::OnTrack)).cloned().collect();
        attention.sort_by_key(|d| d.deadline.map(|dl| dl.days_left));
        let mut feedback_overdue: Vec<Dossier> = all.iter().filter(|d| d.feedback_overdue).cloned().collect();
        feedback_overdue.sort_by_key(|d| d.feedback_due);
        let decisions_due = all
            .iter()
            .filter(|d| d.proposal.stage == Stage::Undecided || d.pending_extensions().next().is_some())
            .cloned()
            .collect();
        Ok(Dashboard {
            feedback_overdue,
            decisions_due,
            total: all.len() as u32,
            by_stage,
            by_answer_class: counts(all.iter().filter_map(|d| d.answer_class()).map(|c| format!("{}类", c.letter()))),
            by_satisfaction: counts(all.iter().filter_map(|d| d.satisfaction()).map(|s| s.label().to_owned())),
            attention,
        })
    }
}
