//! 时间顺序: the order a proposal's handling records must keep in time.
//! Nothing is recorded before 交办 (立案 and the review aside); the proposer's
//! feedback comes after the reply it answers; 办结 and 撤案 come after every
//! step already recorded; and nothing is dated
//! after the day the change is made (the clerk's today, or for a package
//! its arrival plus the clock tolerance). A record that breaks the order
//! would be printed as it stands in the 督办报告 and the 台账, and a date to
//! come would count as on time what is not yet done, so it is refused with
//! both dates named. Every path asks here: the clerk's step, `tian`, each
//! record of a package, and a correction.

use chrono::NaiveDate;

use crate::dates::format_cn;
use crate::Refusal;

/// What a dated record is, for the order it must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    Contact,
    Activity,
    Reply,
    Suggestion,
    Feedback,
    Closure,
    Reopen,
    /// 延期申请 or its approval.
    Extension,
    /// 决定再办理 after an unsatisfied verdict.
    Rehandling,
    /// 撤案, which may come before 交办.
    Withdrawal,
    /// 退回 of a wrongly assigned proposal.
    HandBack,
    /// 交办 or 改办, and its correction: after the 退回 it follows, and no
    /// later than the first record made under it.
    Assignment,
    /// 改办 after a 退回: the same rules, in its own name.
    Reassignment,
}

impl Dated {
    /// The kind of record dated, as the clerk names it.
    pub fn label(self) -> &'static str {
        match self {
            Dated::Contact => "沟通",
            Dated::Activity => "督办活动",
            Dated::Reply => "答复",
            Dated::Suggestion => "建议落实",
            Dated::Feedback => "反馈",
            Dated::Closure => "办结",
            Dated::Reopen => "重新打开",
            Dated::Extension => "延期",
            Dated::Rehandling => "再办理决定",
            Dated::Withdrawal => "撤案",
            Dated::HandBack => "退回",
            Dated::Assignment => "交办",
            Dated::Reassignment => "改办",
        }
    }
}

/// The dates of a proposal's handling that later records are checked
/// against; the window's date pickers disable the days it refuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Chronology {
    /// 交办日期.
    pub assigned: Option<NaiveDate>,
    /// The lead units' latest reply in the current round.
    pub replied: Option<NaiveDate>,
    /// The proposer's latest feedback.
    pub answered: Option<NaiveDate>,
    /// The latest date any step recorded on the proposal carries, which a
    /// 撤案 may not come before.
    pub latest: Option<NaiveDate>,
    /// The day the change is made: no record is dated after it.
    pub today: Option<NaiveDate>,
    /// The latest 退回, which the 改办 that follows may not come before.
    pub handed_back: Option<NaiveDate>,
    /// The first record made under the assignment in force, which a
    /// corrected 交办 date may not come after.
    pub first_handled: Option<NaiveDate>,
    /// The 再办理 decision (or re-opening) that began the round an answer
    /// now belongs to, which the answer may not come before; `None` in the
    /// first round.
    pub round_began: Option<NaiveDate>,
}

impl Chronology {
    /// Whether a record of kind `what` may be dated `date`.
    pub fn check(&self, what: Dated, date: NaiveDate) -> Result<(), Refusal> {
        let label = what.label();
        let before = |earlier: NaiveDate, name: &str, rule: &str| {
            Refusal(format!(
                "{label}日期（{}）早于{name}日期（{}）：{rule}。请核对日期。",
                format_cn(date),
                format_cn(earlier)
            ))
        };
        if let Some(today) = self.today.filter(|t| date > *t) {
            return Err(Refusal(format!(
                "{label}日期（{}）晚于今天（{}）：不能录入尚未到来的日期。请核对日期。",
                format_cn(date),
                format_cn(today)
            )));
        }
        if matches!(what, Dated::Assignment | Dated::Reassignment) {
            if let Some(back) = self.handed_back.filter(|b| date < *b) {
                return Err(before(back, "退回", "改办应在退回之后"));
            }
            return match self.first_handled.filter(|f| date > *f) {
                Some(first) => Err(Refusal(format!(
                    "{label}日期（{}）晚于本次交办后的第一项办理记录（{}）：办理不能早于交办。请核对日期，或先更正该记录的日期。",
                    format_cn(date),
                    format_cn(first)
                ))),
                None => Ok(()),
            };
        }
        // The most telling rule first: 交办, then the answer a verdict
        // follows, then the verdict 办结 follows, then any step at all.
        if let Some(assigned) = self.assigned.filter(|a| date < *a && what != Dated::Withdrawal) {
            return Err(before(assigned, "交办", &format!("{label}不能早于交办")));
        }
        match what {
            Dated::Reply => {
                if let Some(began) = self.round_began.filter(|b| date < *b) {
                    return Err(before(began, "再办理决定", "再办理的答复应在决定之后"));
                }
            }
            Dated::Feedback => {
                if let Some(replied) = self.replied.filter(|r| date < *r) {
                    return Err(before(replied, "答复", "提案者的反馈应在收到答复之后"));
                }
            }
            Dated::Closure | Dated::Rehandling => {
                if let Some(answered) = self.answered.filter(|a| date < *a) {
                    return Err(before(answered, "提案者反馈", &format!("{label}应在提案者反馈之后")));
                }
            }
            _ => {}
        }
        // 撤案 and 办结 end the handling: nothing recorded comes after them.
        match self.latest.filter(|l| date < *l && matches!(what, Dated::Withdrawal | Dated::Closure)) {
            Some(latest) => Err(before(latest, "本提案已记录的最后一项办理", &format!("{label}应在已记录的办理之后"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn records_keep_the_order_of_the_handling_and_a_refusal_names_both_dates() {
        let c = Chronology {
            assigned: Some(day(3, 5)),
            replied: Some(day(5, 20)),
            answered: Some(day(5, 25)),
            ..Chronology::default()
        };
        let early = c.check(Dated::Contact, day(3, 1)).unwrap_err().0;
        assert_eq!(early, "沟通日期（2026年3月1日）早于交办日期（2026年3月5日）：沟通不能早于交办。请核对日期。");
        assert!(c.check(Dated::Contact, day(3, 5)).is_ok(), "the day of 交办 itself is fine");
        assert!(c.check(Dated::Feedback, day(5, 19)).unwrap_err().0.contains("早于答复日期（2026年5月20日）"));
        assert!(c.check(Dated::Closure, day(5, 24)).unwrap_err().0.contains("早于提案者反馈日期（2026年5月25日）"));
        assert!(c.check(Dated::Closure, day(5, 25)).is_ok());
        assert!(Chronology::default().check(Dated::Reply, day(1, 1)).is_ok(), "nothing to keep to before 交办");
    }

    #[test]
    fn nothing_is_dated_after_today_and_a_withdrawal_follows_every_recorded_step() {
        let c = Chronology {
            assigned: Some(day(3, 5)),
            latest: Some(day(6, 1)),
            today: Some(day(9, 8)),
            ..Chronology::default()
        };
        let future = c.check(Dated::Feedback, day(12, 31)).unwrap_err().0;
        assert_eq!(future, "反馈日期（2026年12月31日）晚于今天（2026年9月8日）：不能录入尚未到来的日期。请核对日期。");
        assert!(c.check(Dated::Closure, day(9, 8)).is_ok(), "today itself is fine");
        assert!(c.check(Dated::Withdrawal, day(9, 9)).is_err(), "a withdrawal to come too");
        let early = c.check(Dated::Withdrawal, day(3, 1)).unwrap_err().0;
        assert!(early.contains("早于本提案已记录的最后一项办理日期（2026年6月1日）"), "{early}");
        assert!(c.check(Dated::Withdrawal, day(6, 1)).is_ok());
        assert!(c.check(Dated::Closure, day(5, 31)).unwrap_err().0.contains("办结应在已记录的办理之后"));
    }

    #[test]
    fn a_later_rounds_answer_comes_after_the_decision_that_began_it() {
        let c = Chronology { assigned: Some(day(3, 1)), round_began: Some(day(6, 2)), ..Chronology::default() };
        let early = c.check(Dated::Reply, day(6, 1)).unwrap_err().0;
        assert_eq!(
            early,
            "答复日期（2026年6月1日）早于再办理决定日期（2026年6月2日）：再办理的答复应在决定之后。请核对日期。"
        );
        assert!(c.check(Dated::Reply, day(6, 2)).is_ok());
        assert!(c.check(Dated::Contact, day(5, 1)).is_ok(), "a contact may be of the earlier round");
    }

    #[test]
    fn a_corrected_assignment_stays_after_the_hand_back_and_before_its_first_record() {
        let c = Chronology {
            assigned: Some(day(3, 20)),
            handed_back: Some(day(3, 12)),
            first_handled: Some(day(4, 2)),
            today: Some(day(9, 8)),
            ..Chronology::default()
        };
        assert!(c.check(Dated::Assignment, day(3, 15)).is_ok(), "earlier than the date it corrects is fine");
        assert!(c.check(Dated::Assignment, day(4, 2)).is_ok(), "the day of the first record itself");
        let late = c.check(Dated::Assignment, day(4, 3)).unwrap_err().0;
        assert!(late.contains("晚于本次交办后的第一项办理记录（2026年4月2日）"), "{late}");
        assert!(c.check(Dated::Assignment, day(3, 11)).unwrap_err().0.contains("早于退回日期（2026年3月12日）"));
        assert!(c.check(Dated::Assignment, day(9, 9)).unwrap_err().0.contains("晚于今天"));
    }
}
