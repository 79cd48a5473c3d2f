//! Small value types with exact arithmetic: kroner, percent shares and calendar dates.
//!
//! No floating point anywhere: money is whole kroner, a share is a whole number of
//! hundredths of a percent.

use std::fmt;

/// Whole Norwegian kroner. Signed so that a negative value in a file can be kept and
/// flagged by the checks instead of being lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Kroner(pub i64);

impl Kroner {
    /// The largest amount the plan accepts: 1 000 000 000 000 kr.
    pub const MAX: Kroner = Kroner(1_000_000_000_000);
    pub const ZERO: Kroner = Kroner(0);

    pub fn is_in_range(self) -> bool {
        (0..=Self::MAX.0).contains(&self.0)
    }

    /// Saturating sum, so that absurd input cannot overflow (it is flagged anyway).
    pub fn sum<I: IntoIterator<Item = Kroner>>(values: I) -> Kroner {
        Kroner(
            values
                .into_iter()
                .fold(0i64, |acc, k| acc.saturating_add(k.0)),
        )
    }
}

impl std::ops::Add for Kroner {
    type Output = Kroner;
    fn add(self, other: Kroner) -> Kroner {
        Kroner(self.0.saturating_add(other.0))
    }
}

impl std::ops::Sub for Kroner {
    type Output = Kroner;
    fn sub(self, other: Kroner) -> Kroner {
        Kroner(self.0.saturating_sub(other.0))
    }
}

/// The largest number of jobs any job figure may hold.
pub const MAX_JOBS: i64 = 100_000;

/// A percentage as an exact number of hundredths of a percent (`50 %` is 5000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Share {
    hundredths: i64,
    /// False when the written value had more than two decimals (then `hundredths`
    /// is truncated and the check reports the value).
    exact: bool,
}

impl Share {
    pub const HUNDRED: Share = Share {
        hundredths: 10_000,
        exact: true,
    };

    pub fn from_hundredths(hundredths: i64) -> Share {
        Share {
            hundredths,
            exact: true,
        }
    }

    pub fn hundredths(self) -> i64 {
        self.hundredths
    }

    /// Whether the value was written with at most two decimals.
    pub fn is_exact(self) -> bool {
        self.exact
    }

    /// Whether the share lies in 0–100 % with at most two decimals.
    pub fn is_valid(self) -> bool {
        self.exact && (0..=10_000).contains(&self.hundredths)
    }

    /// Parses a decimal written with `.` or `,` (`50`, `33.33`, `-2`, `12,5`).
    /// Returns `None` for text that is not a decimal number.
    pub fn parse_decimal(text: &str) -> Option<Share> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = match digits.find(['.', ',']) {
            Some(at) => (&digits[..at], &digits[at + 1..]),
            None => (digits, ""),
        };
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        if !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut hundredths: i64 = 0;
        let mut overflow = false;
        for b in whole.bytes() {
            hundredths = match hundredths
                .checked_mul(10)
                .and_then(|h| h.checked_add(i64::from(b - b'0')))
            {
                Some(h) => h,
                None => {
                    overflow = true;
                    break;
                }
            };
        }
        let mut fraction_digits = fraction.bytes();
        let tenths = fraction_digits.next().map_or(0, |b| i64::from(b - b'0'));
        let hundredth = fraction_digits.next().map_or(0, |b| i64::from(b - b'0'));
        let exact = fraction_digits.all(|b| b == b'0');
        let hundredths = if overflow {
            i64::MAX
        } else {
            hundredths
                .saturating_mul(100)
                .saturating_add(tenths * 10 + hundredth)
        };
        Some(Share {
            hundredths: if negative { -hundredths } else { hundredths },
            exact: exact && !overflow,
        })
    }

    /// The share as a decimal string with `.` and no trailing zeros: `50`, `33.33`, `12.8`.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.hundredths < 0 { "-" } else { "" };
        let abs = self.hundredths.unsigned_abs();
        let whole = abs / 100;
        let fraction = abs % 100;
        if fraction == 0 {
            format!("{sign}{whole}")
        } else if fraction.is_multiple_of(10) {
            format!("{sign}{whole}.{}", fraction / 10)
        } else {
            format!("{sign}{whole}.{fraction:02}")
        }
    }
}

/// A calendar date that exists (no 30 February).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, when it exists in the Gregorian calendar (years 1–9999).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Shape);
        }
        let number = |range: std::ops::Range<usize>| -> u32 {
            text[range]
                .bytes()
                .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        Date::new(year as i32, month, day).ok_or(DateError::DoesNotExist)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn day_number(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl fmt::Display for Date {
    /// ISO form, `2026-12-04`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Shape,
    /// Well formed, but no such day (`2026-02-30`).
    DoesNotExist,
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if leap { 29 } else { 28 }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_parse_exactly() {
        let check = |text: &str, hundredths: i64, exact: bool| {
            let share = Share::parse_decimal(text).unwrap();
            assert_eq!(
                (share.hundredths(), share.is_exact()),
                (hundredths, exact),
                "{text}"
            );
        };
        check("50", 5000, true);
        check("33.33", 3333, true);
        check("12,8", 1280, true);
        check("0.1", 10, true);
        check("33.333", 3333, false);
        check("33.330", 3333, true);
        check("-5", -500, true);
        assert!(Share::parse_decimal("abc").is_none());
        assert!(Share::parse_decimal("").is_none());
        assert!(Share::parse_decimal("1e5").is_none());
        assert_eq!(Share::from_hundredths(1280).to_decimal_string(), "12.8");
        assert_eq!(Share::from_hundredths(5000).to_decimal_string(), "50");
        assert_eq!(Share::from_hundredths(3305).to_decimal_string(), "33.05");
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse_iso("2026-02-30"), Err(DateError::DoesNotExist));
        assert_eq!(Date::parse_iso("2026-13-01"), Err(DateError::DoesNotExist));
        assert_eq!(Date::parse_iso("2026-2-3"), Err(DateError::Shape));
        assert!(Date::parse_iso("2024-02-29").is_ok());
        assert_eq!(Date::parse_iso("2025-02-29"), Err(DateError::DoesNotExist));
        assert_eq!(
            Date::parse_iso("2026-12-04").unwrap().to_string(),
            "2026-12-04"
        );
    }
}
