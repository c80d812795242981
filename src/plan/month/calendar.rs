//! Dates of a planning month: parsing, episode ranges, available days.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// `YYYY-MM-DD` → date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearMonth {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl YearMonth {
    /// `YYYY-MM` → month.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (y, m) = text.trim().split_once('-')?;
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        NaiveDate::from_ymd_opt(year, month, 1)?;
        (1900..=2200)
            .contains(&year)
            .then_some(YearMonth { year, month })
    }

    /// The first day.
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// All days of the month in order.
    pub fn days(self) -> Vec<NaiveDate> {
        let first = self.first();
        first
            .iter_days()
            .take_while(|d| d.month() == self.month)
            .collect()
    }

    /// `YYYY-MM`.
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// An inclusive range of days (a pollution episode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
}

impl DayRange {
    /// `YYYY-MM-DD..YYYY-MM-DD` (or one day) → range.
    pub fn parse(text: &str) -> Option<DayRange> {
        let text = text.trim();
        let (a, b) = match text.split_once("..") {
            Some((a, b)) => (a, b),
            None => (text, text),
        };
        let from = parse_date(a)?;
        let to = parse_date(b)?;
        (from <= to && (to - from).num_days() <= 366).then_some(DayRange { from, to })
    }

    /// Whether the range holds a day.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The days of the range that fall in a month.
    pub fn days_in(&self, month: YearMonth) -> Vec<NaiveDate> {
        month
            .days()
            .into_iter()
            .filter(|d| self.contains(*d))
            .collect()
    }

    /// Episode weeks inside a month: a started week counts (1–7 days → 1, 8–14 → 2, …).
    pub fn weeks_in(&self, month: YearMonth) -> u32 {
        let n = self.days_in(month).len() as u32;
        n.div_ceil(7)
    }

    /// `MM-DD..MM-DD` for labels.
    pub fn short_label(&self) -> String {
        format!("{}..{}", self.from.format("%m-%d"), self.to.format("%m-%d"))
    }
}

/// Whether a day is Saturday or Sunday.
pub fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Chinese weekday label (周一 … 周日).
pub fn weekday_label(day: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        [day.weekday().num_days_from_monday() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_ranges() {
        let june = YearMonth::parse("2026-06").unwrap();
        assert_eq!(june.days().len(), 30);
        assert_eq!(YearMonth::parse("2028-02").unwrap().days().len(), 29);
        assert!(YearMonth::parse("2026-13").is_none());
        assert!(YearMonth::parse("June").is_none());
        let ep = DayRange::parse("2026-06-10..2026-06-14").unwrap();
        assert_eq!(ep.weeks_in(june), 1);
        assert_eq!(
            DayRange::parse("2026-05-28..2026-06-09")
                .unwrap()
                .weeks_in(june),
            2
        );
        assert_eq!(
            DayRange::parse("2026-05-01..2026-05-09")
                .unwrap()
                .weeks_in(june),
            0
        );
        assert!(DayRange::parse("2026-06-14..2026-06-10").is_none());
        assert_eq!(
            DayRange::parse("2026-06-03").unwrap().days_in(june).len(),
            1
        );
        assert_eq!(weekday_label(parse_date("2026-06-01").unwrap()), "周一");
        assert!(is_weekend(parse_date("2026-06-06").unwrap()));
    }
}
