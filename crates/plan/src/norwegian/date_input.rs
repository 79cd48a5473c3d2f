//! Reading a date the way Norwegians type it into a form field: `30.11.2026`,
//! `30.11.26`, `1.2.2027`, `30/11/2026`, `2026-11-30`, `30. november 2026`,
//! `30. nov. 2026`, with spaces around it. Month names are the same in bokmål and
//! nynorsk; case does not matter.
//!
//! What cannot be read gets a [`DateInputError`] that says precisely what is wrong, in
//! bokmål or nynorsk ([`DateInputError::message`]): `30. februar finnes ikke` /
//! `30. februar finst ikkje`, a month 13, a year outside [`YEARS`], letters.
//!
//! Pure: no clock, so a two-digit year is always `20yy` (a plan's dates are in this
//! century), never guessed from today.

use std::ops::RangeInclusive;

use super::{MONTHS, month_name};
use crate::common::Language;
use crate::units::Date;

/// The years a typed date may have.
pub const YEARS: RangeInclusive<i32> = 1900..=2100;

/// The longest piece of the typed text quoted back in a message.
const QUOTE_CHARS: usize = 40;

/// Why a typed text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateInputError {
    /// Nothing but spaces.
    Empty,
    /// Not shaped like a date (letters where digits belong, a missing part, …);
    /// holds the text as typed (trimmed, shortened).
    NotADate(String),
    /// A word where the month name belongs that is no month (`novmber`).
    UnknownMonth(String),
    /// A month number outside 1–12.
    NoSuchMonth(u32),
    /// A day number outside 1–31.
    NoSuchDayNumber(u32),
    /// A year outside [`YEARS`]; holds the year as typed.
    YearOutOfRange(String),
    /// The day does not exist in that month (`30. februar`, `31. april`).
    NoSuchDay { day: u32, month: u32 },
    /// 29 February in a year that is not a leap year.
    NotALeapYear { year: i32 },
}

impl DateInputError {
    /// The message for the person who typed the date, in `language`: lowercase,
    /// without a final full stop, quoting what was typed with « ».
    pub fn message(&self, language: Language) -> String {
        let nb = language == Language::Bokmal;
        match self {
            DateInputError::Empty => pick(
                nb,
                "skriv en dato, for eksempel 30.11.2026",
                "skriv ein dato, til dømes 30.11.2026",
            ),
            DateInputError::NotADate(text) => {
                if nb {
                    format!(
                        "«{text}» er ikke en dato: skriv for eksempel 30.11.2026, 2026-11-30 eller 30. november 2026"
                    )
                } else {
                    format!(
                        "«{text}» er ikkje ein dato: skriv til dømes 30.11.2026, 2026-11-30 eller 30. november 2026"
                    )
                }
            }
            DateInputError::UnknownMonth(word) => {
                if nb {
                    format!(
                        "«{word}» er ikke en måned: skriv januar, februar … desember eller månedens nummer"
                    )
                } else {
                    format!(
                        "«{word}» er ikkje ein månad: skriv januar, februar … desember eller nummeret på månaden"
                    )
                }
            }
            DateInputError::NoSuchMonth(month) => {
                if nb {
                    format!("måned {month} finnes ikke: måneden er et tall fra 1 til 12")
                } else {
                    format!("månad {month} finst ikkje: månaden er eit tal frå 1 til 12")
                }
            }
            DateInputError::NoSuchDayNumber(day) => {
                if nb {
                    format!("dag {day} finnes ikke: en måned har fra 28 til 31 dager")
                } else {
                    format!("dag {day} finst ikkje: ein månad har frå 28 til 31 dagar")
                }
            }
            DateInputError::YearOutOfRange(year) => {
                let (first, last) = (YEARS.start(), YEARS.end());
                if nb {
                    format!("året {year} kan ikke brukes: skriv et år fra {first} til {last}")
                } else {
                    format!("året {year} kan ikkje brukast: skriv eit år frå {first} til {last}")
                }
            }
            DateInputError::NoSuchDay { day, month } => {
                let name = month_name(i64::from(*month)).unwrap_or("?");
                if nb {
                    format!("{day}. {name} finnes ikke")
                } else {
                    format!("{day}. {name} finst ikkje")
                }
            }
            DateInputError::NotALeapYear { year } => {
                if nb {
                    format!("29. februar {year} finnes ikke: {year} er ikke et skuddår")
                } else {
                    format!("29. februar {year} finst ikkje: {year} er ikkje eit skotår")
                }
            }
        }
    }
}

impl std::fmt::Display for DateInputError {
    /// The bokmål message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::Bokmal))
    }
}

impl std::error::Error for DateInputError {}

fn pick(bokmal: bool, nb: &str, nn: &str) -> String {
    if bokmal { nb } else { nn }.to_owned()
}

/// Reads a date as a person types it into a form field (see the module's doc for the
/// forms). Spaces (also no-break spaces) around the text are ignored.
pub fn parse_date(text: &str) -> Result<Date, DateInputError> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    if text.is_empty() {
        return Err(DateInputError::Empty);
    }
    let not_a_date = || DateInputError::NotADate(quote(text));
    let parts = if text.chars().any(char::is_alphabetic) {
        with_month_name(text).ok_or_else(not_a_date)??
    } else {
        numeric(text).ok_or_else(not_a_date)?
    };
    build(parts)
}

/// The typed pieces, before their ranges are checked.
struct Parts<'a> {
    day: u32,
    month: u32,
    /// The year's digits as typed (two digits mean `20yy`).
    year: &'a str,
}

/// `30.11.2026`, `30.11.26`, `30/11/2026`, `30-11-2026`, `2026-11-30`, `2026.11.30`.
fn numeric(text: &str) -> Option<Parts<'_>> {
    let separator = text.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let pieces: Vec<&str> = text.split(separator).map(str::trim).collect();
    let [first, second, third] = pieces[..] else {
        return None;
    };
    if [first, second, third]
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let (day, month, year) = if first.len() >= 3 {
        (third, second, first)
    } else {
        (first, second, third)
    };
    Some(Parts {
        day: small_number(day)?,
        month: small_number(month)?,
        year,
    })
}

/// `30. november 2026`, `30 november 2026`, `30. nov. 2026`, `30. Nov 2026`.
/// `None` when the shape is wrong; `Some(Err)` when the month word is no month.
fn with_month_name(text: &str) -> Option<Result<Parts<'_>, DateInputError>> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let day = small_number(&text[..digits])?;
    let rest = text[digits..].strip_prefix('.').unwrap_or(&text[digits..]);
    let mut words = rest.split_whitespace();
    let word = words.next()?;
    let year = words.next()?;
    if words.next().is_some() || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let word = word.strip_suffix('.').unwrap_or(word);
    if word.is_empty() || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(match month_number(word) {
        Some(month) => Ok(Parts { day, month, year }),
        None => Err(DateInputError::UnknownMonth(quote(word))),
    })
}

/// The month a name or its usual abbreviation (`nov`, `sept`) stands for.
fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if let Some(index) = MONTHS.iter().position(|m| *m == word) {
        return Some(index as u32 + 1);
    }
    let abbreviation = match word.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "okt" => 10,
        "nov" => 11,
        "des" => 12,
        _ => return None,
    };
    Some(abbreviation)
}

/// A day or month number: at most three digits (so `300` is reported as no such day,
/// not as a shape error).
fn small_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    digits.parse().ok()
}

fn build(parts: Parts<'_>) -> Result<Date, DateInputError> {
    let Parts { day, month, year } = parts;
    if !(1..=12).contains(&month) {
        return Err(DateInputError::NoSuchMonth(month));
    }
    if !(1..=31).contains(&day) {
        return Err(DateInputError::NoSuchDayNumber(day));
    }
    let year_out_of_range = || DateInputError::YearOutOfRange(quote(year));
    let year_number: i32 = if year.len() == 2 {
        2000 + year.parse::<i32>().map_err(|_| year_out_of_range())?
    } else if year.len() > 9 {
        return Err(year_out_of_range());
    } else {
        year.parse().map_err(|_| year_out_of_range())?
    };
    if (year.len() != 2 && year.len() != 4) || !YEARS.contains(&year_number) {
        return Err(year_out_of_range());
    }
    Date::new(year_number, month, day).ok_or(if month == 2 && day == 29 {
        DateInputError::NotALeapYear { year: year_number }
    } else {
        DateInputError::NoSuchDay { day, month }
    })
}

/// The typed text as it is quoted back: at most [`QUOTE_CHARS`] characters.
fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::norwegian::date;
    use proptest::prelude::*;

    fn day(year: i32, month: u32, day: u32) -> Date {
        Date::new(year, month, day).unwrap()
    }

    #[test]
    fn the_usual_ways_of_typing_a_date() {
        let expected = day(2026, 11, 30);
        for text in [
            "30.11.2026",
            "30.11.26",
            "2026-11-30",
            "30. november 2026",
            "30 november 2026",
            "30. November 2026",
            "30. nov. 2026",
            "30. nov 2026",
            "30/11/2026",
            "30-11-2026",
            "  30.11.2026 ",
            "\u{a0}30.11.2026\t",
            "30. 11. 2026",
        ] {
            assert_eq!(parse_date(text), Ok(expected), "{text:?}");
        }
        assert_eq!(parse_date("1.2.2027"), Ok(day(2027, 2, 1)));
        assert_eq!(parse_date("01.02.27"), Ok(day(2027, 2, 1)));
        assert_eq!(parse_date("4. desember 2026"), Ok(day(2026, 12, 4)));
        assert_eq!(parse_date("29.02.2028"), Ok(day(2028, 2, 29)));
        assert_eq!(parse_date("17. mai 2027"), Ok(day(2027, 5, 17)));
        assert_eq!(parse_date("1. sept. 2027"), Ok(day(2027, 9, 1)));
    }

    #[test]
    fn an_impossible_date_says_what_is_wrong_in_both_languages() {
        let cases: [(&str, &str, &str); 11] = [
            (
                "2026-02-30",
                "30. februar finnes ikke",
                "30. februar finst ikkje",
            ),
            (
                "30.02.2026",
                "30. februar finnes ikke",
                "30. februar finst ikkje",
            ),
            (
                "31. april 2027",
                "31. april finnes ikke",
                "31. april finst ikkje",
            ),
            (
                "29.02.2027",
                "29. februar 2027 finnes ikke: 2027 er ikke et skuddår",
                "29. februar 2027 finst ikkje: 2027 er ikkje eit skotår",
            ),
            (
                "12.13.2026",
                "måned 13 finnes ikke: måneden er et tall fra 1 til 12",
                "månad 13 finst ikkje: månaden er eit tal frå 1 til 12",
            ),
            (
                "0.11.2026",
                "dag 0 finnes ikke: en måned har fra 28 til 31 dager",
                "dag 0 finst ikkje: ein månad har frå 28 til 31 dagar",
            ),
            (
                "30.11.20266",
                "året 20266 kan ikke brukes: skriv et år fra 1900 til 2100",
                "året 20266 kan ikkje brukast: skriv eit år frå 1900 til 2100",
            ),
            (
                "30.11.1066",
                "året 1066 kan ikke brukes: skriv et år fra 1900 til 2100",
                "året 1066 kan ikkje brukast: skriv eit år frå 1900 til 2100",
            ),
            (
                "i morgen",
                "«i morgen» er ikke en dato: skriv for eksempel 30.11.2026, 2026-11-30 eller 30. november 2026",
                "«i morgen» er ikkje ein dato: skriv til dømes 30.11.2026, 2026-11-30 eller 30. november 2026",
            ),
            (
                "3O.11.2026",
                "«3O.11.2026» er ikke en dato: skriv for eksempel 30.11.2026, 2026-11-30 eller 30. november 2026",
                "«3O.11.2026» er ikkje ein dato: skriv til dømes 30.11.2026, 2026-11-30 eller 30. november 2026",
            ),
            (
                "30. novmber 2026",
                "«novmber» er ikke en måned: skriv januar, februar … desember eller månedens nummer",
                "«novmber» er ikkje ein månad: skriv januar, februar … desember eller nummeret på månaden",
            ),
        ];
        for (text, bokmal, nynorsk) in cases {
            let error = parse_date(text).expect_err(text);
            assert_eq!(error.message(Language::Bokmal), bokmal, "{text:?}");
            assert_eq!(error.message(Language::Nynorsk), nynorsk, "{text:?}");
        }
        assert_eq!(parse_date("   "), Err(DateInputError::Empty));
        assert_eq!(
            parse_date(" ").unwrap_err().message(Language::Nynorsk),
            "skriv ein dato, til dømes 30.11.2026"
        );
    }

    #[test]
    fn shapes_that_are_not_dates() {
        for text in [
            "30.11",
            "30.11.2026.",
            "30112026",
            "30.11/2026",
            "-1.11.2026",
            "30. november",
            "november 2026",
            "30. november 2026 kl 12",
            "2026-11-30T10:00",
            "<script>",
        ] {
            assert!(
                matches!(parse_date(text), Err(DateInputError::NotADate(_))),
                "{text:?} gives {:?}",
                parse_date(text)
            );
        }
        let long = "x".repeat(200);
        let Err(DateInputError::NotADate(quoted)) = parse_date(&long) else {
            panic!("a long text is not a date")
        };
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (YEARS, 1u32..=12, 1u32..=31)
            .prop_filter_map("a day that exists", |(y, m, d)| Date::new(y, m, d))
    }

    proptest! {
        #[test]
        fn every_way_of_writing_a_date_reads_back(
            value in any_date(),
            before in "[ \t\u{a0}]{0,3}",
            after in "[ \t\u{a0}]{0,3}",
        ) {
            let (y, m, d) = (value.year(), value.month(), value.day());
            let mut forms = vec![
                format!("{d}.{m}.{y}"),
                format!("{d:02}.{m:02}.{y}"),
                format!("{d}/{m}/{y}"),
                value.to_string(),
                date(value, Language::Bokmal),
                date(value, Language::Nynorsk),
                date(value, Language::Bokmal).to_uppercase(),
                format!("{d} {} {y}", MONTHS[m as usize - 1]),
            ];
            if (2000..=2099).contains(&y) {
                forms.push(format!("{d:02}.{m:02}.{:02}", y % 100));
            }
            for form in forms {
                let typed = format!("{before}{form}{after}");
                prop_assert_eq!(parse_date(&typed), Ok(value), "{:?}", typed);
            }
        }

        #[test]
        fn a_day_that_does_not_exist_is_named(
            year in YEARS,
            (month, day) in prop_oneof![
                (Just(2u32), 30u32..=31),
                (prop::sample::select(vec![4u32, 6, 9, 11]), Just(31u32)),
            ],
        ) {
            let error = parse_date(&format!("{day}.{month}.{year}")).unwrap_err();
            let name = MONTHS[month as usize - 1];
            prop_assert_eq!(error.message(Language::Bokmal), format!("{day}. {name} finnes ikke"));
            prop_assert_eq!(error.message(Language::Nynorsk), format!("{day}. {name} finst ikkje"));
        }

        #[test]
        fn the_twenty_ninth_of_february_needs_a_leap_year(year in YEARS) {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let read = parse_date(&format!("29.02.{year}"));
            if leap {
                prop_assert_eq!(read, Ok(day(year, 2, 29)));
            } else {
                prop_assert_eq!(read, Err(DateInputError::NotALeapYear { year }));
            }
        }

        #[test]
        fn any_text_gives_a_date_or_a_message(text in "\\PC{0,30}") {
            match parse_date(&text) {
                Ok(value) => prop_assert!(YEARS.contains(&value.year())),
                Err(error) => {
                    prop_assert!(!error.message(Language::Bokmal).is_empty());
                    prop_assert!(!error.message(Language::Nynorsk).is_empty());
                }
            }
        }
    }
}
