//! Domain types every kind of document shares: the language, the programme with its
//! period, the decisions (board, council), and how names are compared.

use crate::units::Date;

/// The language of every fixed text in the rendered document and in the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Bokmål (`nb`), the default.
    #[default]
    Bokmal,
    /// Nynorsk (`nn`).
    Nynorsk,
}

impl Language {
    /// The code used in the plan file and in `lang` attributes: `nb` or `nn`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Bokmal => "nb",
            Language::Nynorsk => "nn",
        }
    }

    /// The BCP 47 tag with region, for document properties: `nb-NO` or `nn-NO`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Bokmal => "nb-NO",
            Language::Nynorsk => "nn-NO",
        }
    }

    /// Parses `nb` or `nn`.
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "nb" => Some(Language::Bokmal),
            "nn" => Some(Language::Nynorsk),
            _ => None,
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, bokmal: &'a str, nynorsk: &'a str) -> &'a str {
        match self {
            Language::Bokmal => bokmal,
            Language::Nynorsk => nynorsk,
        }
    }
}

/// The *omstillingsprogram*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub name: String,
    /// The *omstillingsområde*: the kommune or region under restructuring.
    pub area: String,
    pub county: Option<String>,
    pub vision: Option<String>,
    pub period: Period,
    /// Jobs over the whole period, as the Omstillingsplan states it.
    pub jobs_goal: Option<i64>,
}

/// The programme period, both years included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

impl Period {
    /// The longest period the checks accept, in years.
    pub const MAX_YEARS: i64 = 10;

    /// Whether `from <= to` and the period is at most [`Period::MAX_YEARS`] long.
    pub fn is_valid(self) -> bool {
        self.from <= self.to && i64::from(self.to) - i64::from(self.from) < Self::MAX_YEARS
    }

    /// The most years [`Period::years`] lists: far beyond any real programme, small
    /// enough that a mistyped year (`20255`) cannot blow up every table.
    pub const MAX_LISTED_YEARS: i64 = 100;

    /// Every year of the period, ascending (spec: `jobs.years` is every year of the
    /// period), also when the period is longer than [`Period::MAX_YEARS`]: the check
    /// reports that as `period-invalid`, and the tables still show every year. Empty
    /// when `from > to` or the period is longer than [`Period::MAX_LISTED_YEARS`].
    pub fn years(self) -> Vec<i32> {
        let length = i64::from(self.to) - i64::from(self.from) + 1;
        if (1..=Self::MAX_LISTED_YEARS).contains(&length) {
            (self.from..=self.to).collect()
        } else {
            Vec::new()
        }
    }

    pub fn contains(self, year: i32) -> bool {
        self.from <= year && year <= self.to
    }
}

/// The decisions that make the plan official.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Approval {
    /// The board (*styret*) treated the plan.
    pub board: Option<Date>,
    /// The municipal council (*kommunestyret*) approved it.
    pub council: Option<Date>,
}

/// Names compare trimmed and case-insensitively (Unicode lower case): for duplicates,
/// result records and the match of a yearly plan against its Omstillingsplan.
pub fn same_name(a: &str, b: &str) -> bool {
    normalized_name(a) == normalized_name(b)
}

pub fn normalized_name(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The case reference of a decision (*saksnummer*, `2026/123`), as the kommune's case
/// system writes it: trimmed, at most [`CaseReference::MAX_CHARS`] characters, no line break
/// or other control character. Empty when the decision has none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseReference(String);

/// Why a typed case reference was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseReferenceError {
    TooLong,
    ControlCharacter,
}

impl CaseReference {
    pub const MAX_CHARS: usize = 200;

    /// Reads a reference as typed; `None` and blank text are the empty reference.
    pub fn parse(typed: Option<&str>) -> Result<CaseReference, CaseReferenceError> {
        let text = typed.unwrap_or_default().trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err(CaseReferenceError::TooLong);
        }
        if text.chars().any(char::is_control) {
            return Err(CaseReferenceError::ControlCharacter);
        }
        Ok(CaseReference(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod case_reference_tests {
    use super::*;

    #[test]
    fn a_case_reference_is_trimmed_bounded_and_on_one_line() {
        assert_eq!(CaseReference::parse(None).unwrap().as_str(), "");
        assert_eq!(
            CaseReference::parse(Some("  2026/123 ")).unwrap().as_str(),
            "2026/123"
        );
        assert!(CaseReference::parse(Some(&"x".repeat(200))).is_ok());
        assert_eq!(
            CaseReference::parse(Some(&"x".repeat(201))),
            Err(CaseReferenceError::TooLong)
        );
        assert_eq!(
            CaseReference::parse(Some("2026/1\n2")),
            Err(CaseReferenceError::ControlCharacter)
        );
        // A line break at the end is trimmed away, not refused.
        assert_eq!(
            CaseReference::parse(Some("2026/1\n")).unwrap().as_str(),
            "2026/1"
        );
    }
}
