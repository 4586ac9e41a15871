//! 办理统计: the figures a report on proposal handling gives, and the check
//! that they add up — the registered proposals are each either closed or
//! still in hand, and none is counted twice.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The headline figures of proposal handling, as counted or as reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Totals {
    /// 征集提案
    pub collected: u32,
    /// 立案交办
    pub registered: u32,
    /// 已办结（含基本办结）
    pub closed: u32,
    /// 正在办理（含列入计划）
    pub in_progress: u32,
    /// 撤案: withdrawn by the proposer, neither closed nor in hand.
    #[serde(default)]
    pub withdrawn: u32,
}

impl Totals {
    /// 立案率, in per cent to one decimal.
    pub fn registration_rate(&self) -> f64 {
        percent(self.registered, self.collected)
    }

    /// 办结率, in per cent to one decimal.
    pub fn closure_rate(&self) -> f64 {
        percent(self.closed, self.registered)
    }

    /// Where the figures do not add up, each said in a sentence.
    pub fn inconsistencies(&self) -> Vec<String> {
        let mut found = Vec::new();
        if self.registered > self.collected {
            found.push(format!("立案{}件多于征集的{}件。", self.registered, self.collected));
        }
        let accounted = self.closed + self.in_progress + self.withdrawn;
        let withdrawn = if self.withdrawn > 0 { format!("、撤案{}件", self.withdrawn) } else { String::new() };
        if accounted < self.registered {
            found.push(format!(
                "立案{}件中，办结{}件、正在办理{}件{withdrawn}，合计{}件，有{}件去向不明。",
                self.registered,
                self.closed,
                self.in_progress,
                accounted,
                self.registered - accounted
            ));
        } else if accounted > self.registered {
            found.push(format!(
                "办结{}件与正在办理{}件{withdrawn}合计{}件，多于立案的{}件。",
                self.closed, self.in_progress, accounted, self.registered
            ));
        }
        found
    }
}

/// `part` as a share of `whole`, in per cent to one decimal; 0 when `whole`
/// is 0. A share short of the whole never reads 100 % (3,021 of 3,022
/// satisfied printed "100%" beside a 不满意), nor one above nothing 0 %.
pub fn percent(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    let rounded = (part as f64 * 1000.0 / whole as f64).round() / 10.0;
    match rounded {
        r if part < whole && r >= 100.0 => 99.9,
        r if part > 0 && r <= 0.0 => 0.1,
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_short_of_the_whole_never_reads_as_all_nor_one_above_none_as_none() {
        assert_eq!(percent(3021, 3022), 99.9);
        assert_eq!(percent(3022, 3022), 100.0);
        assert_eq!(percent(1, 3022), 0.1);
        assert_eq!(percent(0, 3022), 0.0);
        assert_eq!(percent(2, 3), 66.7);
    }

    #[test]
    fn the_five_year_summary_leaves_140_registered_proposals_unaccounted() {
        // Seed 003: 3513 collected, 2929 registered (83.4 %), 2141 closed, 648 in progress.
        let t = Totals { collected: 3513, registered: 2929, closed: 2141, in_progress: 648, withdrawn: 0 };
        assert_eq!(t.registration_rate(), 83.4);
        assert_eq!(t.inconsistencies(), ["立案2929件中，办结2141件、正在办理648件，合计2789件，有140件去向不明。"]);
    }

    #[test]
    fn figures_that_add_up_raise_nothing() {
        let t = Totals { collected: 13, registered: 13, closed: 5, in_progress: 8, withdrawn: 0 };
        assert!(t.inconsistencies().is_empty());
        assert_eq!(t.closure_rate(), 38.5);
        assert_eq!(Totals::default().closure_rate(), 0.0);
    }
}
