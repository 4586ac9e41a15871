//! Calendar rules the committee works by: deadlines a number of months after
//! an event, and dates written the Chinese way.

use chrono::{Datelike, Months, NaiveDate};

/// `date` plus `months` calendar months; a day that the target month lacks
/// falls back to its last day (交办 on 1月31日, due three months later, is 4月30日).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// "2026年3月1日", as dates stand in the UI and in documents.
pub fn format_cn(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_ends_fall_back_to_the_last_day_of_the_target_month() {
        assert_eq!(add_months(d(2026, 1, 31), 3), d(2026, 4, 30));
        assert_eq!(add_months(d(2026, 11, 30), 3), d(2027, 2, 28));
        assert_eq!(add_months(d(2027, 11, 30), 3), d(2028, 2, 29), "leap year");
        assert_eq!(add_months(d(2026, 3, 1), 3), d(2026, 6, 1));
        assert_eq!(add_months(d(2026, 12, 15), 1), d(2027, 1, 15));
    }

    #[test]
    fn dates_read_the_chinese_way_without_leading_zeros() {
        assert_eq!(format_cn(d(2026, 3, 1)), "2026年3月1日");
        assert_eq!(format_cn(d(2026, 11, 23)), "2026年11月23日");
    }
}
