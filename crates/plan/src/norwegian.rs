//! Norwegian formatting of numbers, percentages and dates, shared by the messages,
//! every renderer and the web app: `1 250 000`, `33,33 %`, `4. desember 2026`.
//!
//! The separator is always U+00A0 (no-break space), so a number never wraps.
//!
//! Reading a date as people type it (`30.11.26`, `30. november 2026`) is [`parse_date`].

use crate::common::Language;
use crate::units::{Date, Kroner, Share};

pub mod date_input;

pub use date_input::{DateInputError, parse_date};

/// The no-break space used as thousands separator and before `%` and `kr`.
pub const NBSP: char = '\u{a0}';

/// A whole number with no-break spaces between groups of three: `1 250 000`.
/// Negative numbers get a true minus sign: `−1 250`.
pub fn integer(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2 + 3);
    if value < 0 {
        out.push('\u{2212}');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(digit);
    }
    out
}

/// Kroner as a number for a table cell: `1 250 000`.
pub fn amount(value: Kroner) -> String {
    integer(value.0)
}

/// Kroner in running text: `1 250 000 kr`.
pub fn kroner(value: Kroner) -> String {
    format!("{}{NBSP}kr", integer(value.0))
}

/// A percentage with a decimal comma and no trailing zeros: `50 %`, `33,33 %`, `12,8 %`.
pub fn percent(share: Share) -> String {
    format!("{}{NBSP}%", share.to_decimal_string().replace('.', ","))
}

/// A whole percentage from a ratio, rounded half up: `achieved / target` as `83 %`.
/// Returns `None` when the target is not positive.
pub fn ratio_percent(part: i64, whole: i64) -> Option<String> {
    if whole <= 0 {
        return None;
    }
    let rounded = (i128::from(part) * 200 + i128::from(whole)).div_euclid(i128::from(whole) * 2);
    Some(format!("{}{NBSP}%", integer(rounded as i64)))
}

/// The names of the months, `januar` … `desember` (the same in bokmål and nynorsk).
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

/// The name of a month 1–12, or `None` outside that range.
pub fn month_name(month: i64) -> Option<&'static str> {
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|index| MONTHS.get(index).copied())
}

/// A date in running text: `4. desember 2026`.
pub fn date(value: Date, _language: Language) -> String {
    let month = MONTHS[(value.month() - 1) as usize];
    format!("{}. {month} {}", value.day(), value.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_by_three_with_no_break_spaces() {
        assert_eq!(integer(0), "0");
        assert_eq!(integer(999), "999");
        assert_eq!(integer(1000), "1\u{a0}000");
        assert_eq!(integer(1_250_000), "1\u{a0}250\u{a0}000");
        assert_eq!(integer(-450_000), "\u{2212}450\u{a0}000");
        assert_eq!(kroner(Kroner(10_410_000)), "10\u{a0}410\u{a0}000\u{a0}kr");
    }

    #[test]
    fn percents_use_decimal_comma() {
        assert_eq!(percent(Share::from_hundredths(5000)), "50\u{a0}%");
        assert_eq!(percent(Share::from_hundredths(3333)), "33,33\u{a0}%");
        assert_eq!(ratio_percent(32, 28).as_deref(), Some("114\u{a0}%"));
        assert_eq!(ratio_percent(1, 8).as_deref(), Some("13\u{a0}%"));
        assert_eq!(ratio_percent(1, 0), None);
    }

    #[test]
    fn dates_in_text() {
        let day = Date::new(2026, 12, 4).unwrap();
        assert_eq!(date(day, Language::Bokmal), "4. desember 2026");
        assert_eq!(month_name(13), None);
        assert_eq!(month_name(1), Some("januar"));
    }
}
