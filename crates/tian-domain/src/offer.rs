//! 可办的步骤: which steps a proposal offers the clerk now, the one most
//! likely wanted first. The window shows these and no others; the judge
//! ([`Handling::take`]) still decides each step as it is taken, and a test
//! below holds the two together.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Handling, Stage};

/// A step as the window offers it: one form each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Offer {
    /// 交办, or 改办 after a hand-back.
    Assign,
    /// 更正交办.
    CorrectAssign,
    /// 审查结论: 不予立案, 并案, 转意见建议.
    Review,
    /// 记录沟通.
    Contact,
    /// 督办活动.
    Activity,
    /// 录入答复 (a co-unit's 会办意见 too).
    Reply,
    /// 录入反馈.
    Feedback,
    /// 办结.
    Close,
    /// 不满意件处理: 再办理 or 说明办结.
    Decide,
    /// 延期: a unit's request, or the committee's answer to one pending.
    Extend,
    /// 撤案.
    Withdraw,
    /// 退回.
    HandBack,
    /// 重新打开.
    Reopen,
}

impl Offer {
    /// Steps only the committee takes; a handling unit's installation is
    /// never offered them (its own are 沟通, 答复, 延期申请 and 退回).
    pub fn committee_only(self) -> bool {
        !matches!(self, Offer::Contact | Offer::Reply | Offer::Extend | Offer::HandBack)
    }
}

/// What besides the handling record decides the steps offered.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfferFacts {
    /// A unit's 延期申请 waits for the committee's answer: 延期 comes first.
    pub extension_pending: bool,
    /// The 退回时限 of this assignment still stands.
    pub hand_back_open: bool,
    /// Every answer now waiting has passed its feedback time unanswered,
    /// and the city's rules count that silence as satisfaction.
    pub deemed_close_open: bool,
    /// This installation is a handling unit's, not the committee's.
    pub unit_desk: bool,
    /// On a unit's desk: the unit is a lead unit (主办) of the proposal; a
    /// co-unit (会办) only sends its 会办意见 and neither asks for 延期 nor hands back.
    pub leads_here: bool,
}

impl Handling {
    /// The steps the clerk is offered now, most likely first.
    pub fn offered(&self, facts: OfferFacts) -> Vec<Offer> {
        use Offer::*;
        let pending = facts.extension_pending;
        let mut list: Vec<Offer> = match self.stage {
            Stage::Registered => vec![Assign, Review, Withdraw],
            Stage::Assigned if pending => vec![Extend, Contact, Reply, Activity, HandBack, CorrectAssign, Withdraw],
            Stage::Assigned => vec![Contact, Reply, Activity, Extend, HandBack, CorrectAssign, Withdraw],
            Stage::Handling if pending => vec![Extend, Reply, Contact, Activity, HandBack, CorrectAssign, Withdraw],
            Stage::Handling => vec![Reply, Contact, Activity, Extend, HandBack, CorrectAssign, Withdraw],
            Stage::Rehandling if pending => vec![Extend, Reply, Contact, Activity, CorrectAssign, Withdraw],
            Stage::Rehandling => vec![Reply, Contact, Activity, Extend, CorrectAssign, Withdraw],
            Stage::HandedBack => vec![Assign, Withdraw],
            Stage::Replied if facts.deemed_close_open => {
                vec![Feedback, Close, Contact, Activity, CorrectAssign, Withdraw]
            }
            Stage::Replied => vec![Feedback, Contact, Activity, CorrectAssign, Withdraw],
            Stage::FeedbackReceived => vec![Close, Activity, CorrectAssign, Withdraw],
            // 分办: another unit's answer may still wait for its verdict.
            Stage::Undecided if !self.awaiting_verdict().is_empty() => {
                vec![Decide, Feedback, Contact, Activity, CorrectAssign, Withdraw]
            }
            Stage::Undecided => vec![Decide, Contact, Activity, CorrectAssign, Withdraw],
            Stage::Closed => vec![Reopen],
            Stage::Withdrawn | Stage::NotRegistered | Stage::Merged | Stage::ToOpinion => Vec::new(),
        };
        if !facts.hand_back_open {
            list.retain(|o| *o != HandBack);
        }
        // 分办: one unit's answer may be judged, and its 不满意 decided,
        // while another unit still answers.
        if matches!(self.stage, Stage::Handling | Stage::Rehandling | Stage::Replied) {
            if !self.awaiting_verdict().is_empty() && !list.contains(&Feedback) {
                list.insert(1.min(list.len()), Feedback);
            }
            if !self.undecided_units().is_empty() && !list.contains(&Decide) {
                list.insert(0, Decide);
            }
        }
        if facts.unit_desk {
            // The committee answers a pending request; a unit only asks.
            list.retain(|o| !(o.committee_only() || (*o == Extend && pending)));
            if !facts.leads_here {
                list.retain(|o| !matches!(o, Extend | HandBack));
            }
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CloseKind, ReviewOutcome, Satisfaction, Step};

    fn assigned(split: bool) -> Handling {
        Handling::default()
            .take(&Step::Assign { lead_units: vec!["甲局".into(), "乙局".into()], co_units: vec![], split })
            .unwrap()
    }

    /// A step the judge would take with some fitting arguments.
    fn judged(h: &Handling, offer: Offer) -> bool {
        let leads = h.lead_units.clone();
        let steps: Vec<Step> = match offer {
            Offer::Assign => vec![Step::Assign { lead_units: vec!["丙局".into()], co_units: vec![], split: false }],
            Offer::CorrectAssign => {
                vec![Step::CorrectAssign { lead_units: leads, co_units: vec![], split: h.split, acted: vec![] }]
            }
            Offer::Review => vec![Step::Review(ReviewOutcome::NotRegistered)],
            Offer::Contact | Offer::Activity => vec![Step::RecordHandling { unit: None }],
            Offer::Reply => h.lead_units.iter().map(|u| Step::Reply { unit: u.clone() }).collect(),
            Offer::Feedback => {
                let mut all = vec![Step::Feedback { result: Satisfaction::Satisfied, unit: None }];
                all.extend(
                    h.lead_units
                        .iter()
                        .map(|u| Step::Feedback { result: Satisfaction::Satisfied, unit: Some(u.clone()) }),
                );
                all
            }
            Offer::Close => [CloseKind::Satisfied, CloseKind::Explained, CloseKind::Deemed].map(Step::Close).to_vec(),
            Offer::Decide => h
                .lead_units
                .iter()
                .map(|u| Step::Rehandle { unit: Some(u.clone()), on: None, due: None })
                .chain([Step::Rehandle { unit: None, on: None, due: None }])
                .collect(),
            Offer::Extend => vec![Step::Extend],
            Offer::Withdraw => vec![Step::Withdraw],
            Offer::HandBack => h.lead_units.iter().map(|u| Step::HandBack { unit: u.clone() }).collect(),
            Offer::Reopen => vec![Step::Reopen],
        };
        steps.iter().any(|s| h.take(s).is_ok())
    }

    /// Walks a proposal through the stages, both ways of several lead
    /// units, and checks that nothing offered would then be refused.
    #[test]
    fn every_step_offered_is_one_the_judge_takes() {
        let facts = OfferFacts { hand_back_open: true, deemed_close_open: true, ..OfferFacts::default() };
        for split in [false, true] {
            let mut h = Handling::default();
            let mut seen = vec![];
            let path = [
                Step::Assign { lead_units: vec!["甲局".into(), "乙局".into()], co_units: vec![], split },
                Step::RecordHandling { unit: None },
                Step::Reply { unit: "甲局".into() },
                Step::Reply { unit: "乙局".into() },
                Step::Feedback { result: Satisfaction::Unsatisfied, unit: split.then(|| "甲局".into()) },
                Step::Rehandle { unit: split.then(|| "甲局".into()), on: None, due: None },
                Step::Reply { unit: "甲局".into() },
            ];
            for step in path {
                seen.push(h.stage);
                for offer in h.offered(facts) {
                    assert!(judged(&h, offer), "{offer:?} offered in {:?} (分办 {split}) but refused", h.stage);
                }
                h = h.take(&step).unwrap_or(h);
            }
            assert!(seen.contains(&Stage::Replied) || split, "the walk reached 已答复");
        }
    }

    #[test]
    fn a_pending_request_comes_first_and_a_unit_sees_only_its_own_steps() {
        let h = assigned(false);
        let pending = OfferFacts { extension_pending: true, hand_back_open: true, ..OfferFacts::default() };
        assert_eq!(h.offered(pending)[0], Offer::Extend);
        let unit = OfferFacts { unit_desk: true, leads_here: true, hand_back_open: true, ..OfferFacts::default() };
        assert_eq!(h.offered(unit), vec![Offer::Contact, Offer::Reply, Offer::Extend, Offer::HandBack]);
        let co_unit = OfferFacts { leads_here: false, ..unit };
        assert_eq!(h.offered(co_unit), vec![Offer::Contact, Offer::Reply], "a co-unit sends its 会办意见");
        // The committee answers the request; the unit is not offered to.
        let unit_pending = OfferFacts { extension_pending: true, ..unit };
        assert!(!h.offered(unit_pending).contains(&Offer::Extend));
    }

    #[test]
    fn split_offers_a_verdict_and_a_decision_while_another_unit_still_answers() {
        let h = assigned(true).take(&Step::Reply { unit: "甲局".into() }).unwrap();
        assert_eq!(h.stage, Stage::Handling);
        assert_eq!(h.offered(OfferFacts::default())[1], Offer::Feedback);
        let h = h.take(&Step::Feedback { result: Satisfaction::Unsatisfied, unit: Some("甲局".into()) }).unwrap();
        assert_eq!(h.offered(OfferFacts::default())[0], Offer::Decide);
        assert!(!h.offered(OfferFacts::default()).contains(&Offer::HandBack), "the 退回时限 is closed");
    }
}
