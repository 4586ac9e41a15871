//! 办理时限: when a proposal's answer is due, and how that stands today.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates::add_months;

/// The local rules for deadlines, a setting of each installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DeadlineRules {
    /// 答复时限: months from 交办 to the reply (3 by default).
    pub reply_months: u32,
    /// 再办理时限: months from an unsatisfied feedback to the new reply (1 by default).
    pub rehandling_months: u32,
    /// Days before the due date from which an item counts as 即将到期 (7 by default).
    #[ts(type = "number")]
    pub due_soon_days: i64,
    /// 延期上限: months after the start of the answer's clock (交办, or the
    /// 再办理 decision) that no extension may pass (6 by default).
    pub extension_ceiling_months: u32,
    /// 反馈时限: months after the answer within which the proposer's
    /// feedback is expected; later it shows as 待反馈逾期 (1 by default).
    pub feedback_months: u32,
    /// 会办时限: months after 交办 within which each co-unit's 会办意见
    /// should reach the lead unit (1 by default); a later one is kept and marked late.
    pub co_opinion_months: u32,
    /// 退回时限: days after 交办 within which a wrongly assigned proposal may be handed back (10 by default).
    pub hand_back_days: u32,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            reply_months: 3,
            rehandling_months: 1,
            due_soon_days: 7,
            extension_ceiling_months: 6,
            feedback_months: 1,
            co_opinion_months: 1,
            hand_back_days: 10,
        }
    }
}

impl DeadlineRules {
    /// The first answer's due date: three months (a setting) after 交办, or
    /// the approved 延期.
    pub fn first_reply_due(&self, assigned: NaiveDate, extended_to: Option<NaiveDate>) -> NaiveDate {
        extended_to.unwrap_or_else(|| add_months(assigned, self.reply_months))
    }

    /// The last day a unit may hand a proposal back (退回): ten days (a setting) after 交办.
    pub fn hand_back_closes(&self, assigned: NaiveDate) -> NaiveDate {
        assigned.checked_add_days(chrono::Days::new(self.hand_back_days.into())).unwrap_or(NaiveDate::MAX)
    }

    fn months(&self, kind: DeadlineKind) -> u32 {
        match kind {
            DeadlineKind::Reply => self.reply_months,
            DeadlineKind::Rehandling => self.rehandling_months,
        }
    }

    /// The latest start of a `kind` deadline that is overdue on `today`: the
    /// answer is late exactly when its clock started on or before this day.
    /// Lets a database filter by lateness with a date comparison, since
    /// SQLite's month arithmetic does not clamp to month ends as ours does.
    pub fn latest_overdue_start(&self, kind: DeadlineKind, today: NaiveDate) -> NaiveDate {
        let months = self.months(kind);
        let overdue = |start: NaiveDate| add_months(start, months) < today;
        // Month ends make the due date skip days but never run backwards, so
        // walk from a guess close to the answer.
        let mut start = today.checked_sub_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MIN);
        while start > NaiveDate::MIN && !overdue(start) {
            start = start.pred_opt().unwrap_or(NaiveDate::MIN);
        }
        while start.succ_opt().is_some_and(overdue) {
            start = start.succ_opt().unwrap_or(NaiveDate::MAX);
        }
        start
    }
}

/// 延期的界限: how far an extension may move the answer now owed. The
/// committee's window and the exchange's judge of a unit's request both ask
/// here, so the two never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtensionLimits {
    /// The answer's current due date.
    pub due: NaiveDate,
    /// 延期上限: no extension reaches past it.
    pub ceiling: NaiveDate,
    pub ceiling_months: u32,
}

impl ExtensionLimits {
    /// For an answer whose clock started on `start` (交办, or the 再办理
    /// decision) and is now due on `due`.
    pub fn new(start: NaiveDate, due: NaiveDate, rules: &DeadlineRules) -> ExtensionLimits {
        let months = rules.extension_ceiling_months;
        ExtensionLimits { due, ceiling: add_months(start, months), ceiling_months: months }
    }

    /// Whether a request filed on `asked_on` to move the answer to `to` may
    /// be granted. A request after the answer fell due comes too late: an
    /// extension never turns an overdue answer into an on-time one.
    pub fn check_request(&self, asked_on: NaiveDate, to: NaiveDate) -> Result<(), crate::Refusal> {
        use crate::dates::format_cn;
        if asked_on > self.due {
            return Err(crate::Refusal(format!(
                "延期申请日期（{}）晚于答复期限（{}）：逾期后不能再申请延期，逾期的答复仍按逾期计。",
                format_cn(asked_on),
                format_cn(self.due)
            )));
        }
        self.check(to)
    }

    /// Whether the answer may be moved to `to`.
    pub fn check(&self, to: NaiveDate) -> Result<(), crate::Refusal> {
        use crate::dates::format_cn;
        if to <= self.due {
            return Err(crate::Refusal(format!(
                "延期后的期限（{}）应晚于现在的答复期限（{}）。",
                format_cn(to),
                format_cn(self.due)
            )));
        }
        if to > self.ceiling {
            return Err(crate::Refusal(format!(
                "延期后的期限（{}）超过了延期上限：最迟到{}（起算后{}个月）。",
                format_cn(to),
                format_cn(self.ceiling),
                self.ceiling_months
            )));
        }
        Ok(())
    }
}

/// Which answer is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum DeadlineKind {
    /// 答复: the first reply, counted from 交办.
    #[serde(rename = "答复")]
    Reply,
    /// 再办理答复: counted from the unsatisfied feedback or the re-opening.
    #[serde(rename = "再办理答复")]
    Rehandling,
}

/// How a deadline stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Urgency {
    #[serde(rename = "正常")]
    OnTrack,
    #[serde(rename = "即将到期")]
    DueSoon,
    #[serde(rename = "已逾期")]
    Overdue,
}

/// 办理时限 as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// Days from today to the due date; negative when overdue.
    #[ts(type = "number")]
    pub days_left: i64,
    pub urgency: Urgency,
    /// 已延期: the due date is one an approved extension set.
    pub extended: bool,
}

impl Deadline {
    /// The deadline that runs from `start` (交办, or the start of 再办理), as of `today`.
    pub fn from_start(kind: DeadlineKind, start: NaiveDate, rules: &DeadlineRules, today: NaiveDate) -> Deadline {
        Deadline::due_on(kind, add_months(start, rules.months(kind)), false, rules, today)
    }

    /// The deadline of an answer due on `due`, a date the committee set (an
    /// extension, or the due date of a 再办理 it decided), as of `today`.
    pub fn due_on(
        kind: DeadlineKind,
        due: NaiveDate,
        extended: bool,
        rules: &DeadlineRules,
        today: NaiveDate,
    ) -> Deadline {
        let days_left = (due - today).num_days();
        let urgency = if days_left < 0 {
            Urgency::Overdue
        } else if days_left <= rules.due_soon_days {
            Urgency::DueSoon
        } else {
            Urgency::OnTrack
        };
        Deadline { kind, due, days_left, urgency, extended }
    }

    /// 答复 or 再办理答复.
    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            DeadlineKind::Reply => "答复",
            DeadlineKind::Rehandling => "再办理答复",
        }
    }

    /// "剩余12天", "今天到期", "已逾期3天".
    pub fn describe(&self) -> String {
        match self.days_left {
            0 => "今天到期".into(),
            d if d > 0 => format!("剩余{d}天"),
            d => format!("已逾期{}天", -d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_extension_asked_for_after_the_due_date_is_refused() {
        let limits = ExtensionLimits::new(d(2026, 3, 1), d(2026, 6, 1), &DeadlineRules::default());
        assert!(limits.check_request(d(2026, 6, 1), d(2026, 7, 1)).is_ok(), "on the due date itself");
        let late = limits.check_request(d(2026, 8, 30), d(2026, 9, 8)).unwrap_err().0;
        assert!(late.starts_with("延期申请日期（2026年8月30日）晚于答复期限（2026年6月1日）"), "{late}");
        assert!(limits.check_request(d(2026, 5, 1), d(2026, 5, 20)).is_err(), "the limits still hold");
    }

    #[test]
    fn a_reply_is_due_three_months_after_assignment_counting_month_ends() {
        let rules = DeadlineRules::default();
        let dl = Deadline::from_start(DeadlineKind::Reply, d(2026, 1, 31), &rules, d(2026, 4, 20));
        assert_eq!(dl.due, d(2026, 4, 30));
        assert_eq!((dl.days_left, dl.urgency), (10, Urgency::OnTrack));
        assert_eq!(dl.describe(), "剩余10天");
    }

    #[test]
    fn the_last_week_is_due_soon_and_after_the_due_date_it_is_overdue() {
        let rules = DeadlineRules::default();
        let at = |today| Deadline::from_start(DeadlineKind::Reply, d(2026, 3, 1), &rules, today);
        assert_eq!(at(d(2026, 5, 25)).urgency, Urgency::DueSoon);
        assert_eq!(at(d(2026, 6, 1)).describe(), "今天到期");
        assert_eq!(at(d(2026, 6, 1)).urgency, Urgency::DueSoon);
        let late = at(d(2026, 6, 4));
        assert_eq!((late.urgency, late.describe()), (Urgency::Overdue, "已逾期3天".to_owned()));
    }

    #[test]
    fn rehandling_runs_one_month_by_default_and_rules_are_settings() {
        let rules =
            DeadlineRules { reply_months: 2, rehandling_months: 1, due_soon_days: 3, ..DeadlineRules::default() };
        let re = Deadline::from_start(DeadlineKind::Rehandling, d(2026, 7, 31), &rules, d(2026, 8, 1));
        assert_eq!(re.due, d(2026, 8, 31));
        assert_eq!(Deadline::from_start(DeadlineKind::Reply, d(2026, 3, 1), &rules, d(2026, 3, 1)).due, d(2026, 5, 1));
    }

    #[test]
    fn the_latest_overdue_start_divides_late_from_on_time_on_every_day_of_two_years() {
        let rules = DeadlineRules::default();
        let mut today = d(2025, 11, 1);
        while today < d(2027, 11, 1) {
            for kind in [DeadlineKind::Reply, DeadlineKind::Rehandling] {
                let last = rules.latest_overdue_start(kind, today);
                let late = |start| Deadline::from_start(kind, start, &rules, today).urgency == Urgency::Overdue;
                assert!(late(last), "{kind:?} started {last} is late on {today}");
                assert!(!late(last.succ_opt().unwrap()), "{kind:?} started after {last} is on time on {today}");
            }
            today = today.succ_opt().unwrap();
        }
    }
}
