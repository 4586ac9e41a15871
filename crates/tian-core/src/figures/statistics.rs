//! 办理统计: the handling figures of a session's proposals, laid out the way
//! the committee's own summaries give them (seed 003): collected, registered,
//! closed, in progress, and the breakdowns by category, proposer, lead unit,
//! answer class and satisfaction.

use serde::Serialize;
use tian_domain::{Stage, Totals};
use tian_store::{FactCounts, FactScope};
use ts_rs::TS;

use crate::figures::Count;
use crate::figures::Figures;
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

/// Counts under their labels, the largest first (then by label).
fn tally(pairs: &[(String, u32)]) -> Vec<Count> {
    let mut counts: Vec<Count> =
        pairs.iter().map(|(label, count)| Count { label: label.clone(), count: *count }).collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    counts
}

impl Statistics {
    /// The statistics of the counted rows `c` of one 届次 (or all).
    pub(crate) fn from_counts(session: Option<String>, c: &FactCounts, settings: &Settings) -> Statistics {
        let closed = c.stages.iter().filter(|(s, _)| *s == Stage::Closed).map(|(_, n)| n).sum();
        let totals = Totals {
            collected: c.collected,
            registered: c.registered,
            closed,
            in_progress: c.registered - closed - c.withdrawn,
            withdrawn: c.withdrawn,
        };
        let figures = Figures::from_counts(c, settings);
        let (by_answer_class, by_satisfaction) = (figures.class_counts(), figures.verdict_counts());
        Statistics {
            session,
            registration_rate: totals.registration_rate(),
            closure_rate: totals.closure_rate(),
            by_category: tally(&c.by_category),
            by_proposer_kind: tally(&c.by_proposer_kind),
            by_lead_unit: tally(&c.by_lead_unit),
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
        if let Some(session) = session {
            self.known_session(session)?;
        }
        let scope = FactScope { session: session.map(str::to_owned), ids: None };
        Ok(Statistics::from_counts(scope.session.clone(), &self.counts(&scope)?, &self.settings()?))
    }
}
