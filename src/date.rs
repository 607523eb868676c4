//! Calendar dates as maps write them (`reviewed: 2026-10-14`): ISO 8601 `YYYY-MM-DD`,
//! proleptic Gregorian, with day arithmetic for ages ("reviewed 210 days ago").
//! No clock here: the date that counts as today is always passed in, so output never
//! depends on when it was built.

use std::fmt;

/// A calendar day, ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date, as the end of a sentence ("... is not a date: ...").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD`.
    Shape,
    /// Month outside 1..=12.
    Month,
    /// Day outside the month (`2026-02-30`).
    Day,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::Shape => "it should be YYYY-MM-DD",
            DateError::Month => "the month is outside 01 to 12",
            DateError::Day => "that month has no such day",
        })
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// `YYYY-MM-DD` exactly (four-digit year, two-digit month and day).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            bytes[range.clone()]
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| text[range].parse::<u32>().ok())
                .flatten()
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateError::Shape);
        }
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(DateError::Shape);
        };
        // Four ASCII digits fit i32; two fit u8.
        let (year, month, day) = (year as i32, month as u8, day as u8);
        if !(1..=12).contains(&month) {
            return Err(DateError::Month);
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day);
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (Hinnant's `civil_from_days`); `None` outside
    /// years 0..=9999, which no `YYYY-MM-DD` can write.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(0..=9999).contains(&year) {
            return None;
        }
        Some(Date {
            year: i32::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_dates_and_names_what_is_wrong() {
        assert_eq!(
            Date::parse("2026-10-14").map(|d| d.to_string()),
            Ok("2026-10-14".into())
        );
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        assert_eq!(Date::parse("2026-02-29"), Err(DateError::Day));
        assert_eq!(Date::parse("1900-02-29"), Err(DateError::Day));
        assert_eq!(Date::parse("2026-13-01"), Err(DateError::Month));
        assert_eq!(Date::parse("2026-00-10"), Err(DateError::Month));
        assert_eq!(Date::parse("2026-04-31"), Err(DateError::Day));
        for bad in [
            "14/10/2026",
            "2026-1-14",
            "2026-10-14T00:00",
            "",
            "+026-10-14",
            "２０２６-10-14",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::Shape), "{bad}");
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let epoch = Date::parse("1970-01-01").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(epoch.days_since_epoch(), 0);
        let d = Date::parse("2026-10-14").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(d.days_since_epoch(), 20_740);
        for days in [-719_468, -1, 0, 59, 60, 11_016, 20_740, 2_932_896] {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.map(Date::days_since_epoch), Some(days), "{days}");
        }
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(Date::from_days_since_epoch(2_932_897), None);
        let later = Date::parse("2027-05-12").unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(d.days_until(later), 210);
        assert!(d < later);
    }
}
