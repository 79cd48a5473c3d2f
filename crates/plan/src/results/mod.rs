//! The results registry (spec `resultater.md`): result rows, their CSV import and the
//! records of section 1.1 computed from them.
//!
//! This module owns what a result row is and the rules a row must follow; it reads
//! rows from the bytes of a CSV file as Excel, LibreOffice and Google Sheets write it
//! ([`import`]), and sums rows into `previous_results.records` ([`aggregate`]). It never
//! touches the world: bytes in, domain types and findings out. Storing rows, HTTP and
//! files belong to the edges.
//!
//! ```text
//! bytes --decode--> text --csv--> cells --fields--> ResultRow --aggregate--> records
//! ```

mod aggregate;
mod differs;
mod export;
mod fields;
mod read;
mod report;

use std::collections::HashSet;
use std::fmt;

use crate::handlingsplan::model::{Language, Period, Plan};
use crate::units::{Date, Kroner};

pub use aggregate::{Aggregation, AmountRecord, aggregate, with_records};
pub use differs::registry_differs;
pub use export::{CSV_HEADER, export_csv};
pub use fields::{Column, parse_amount, parse_count, parse_date};
pub use read::{UnreadableCsv, read_csv, read_fields};
pub use report::{error_json, report_json};

/// The largest count a row may hold in each of its four count columns.
pub const MAX_COUNT: i64 = 100_000;

/// One result a programme recorded: jobs, a completed project, granted applications.
/// Texts are trimmed and `None` when empty; counts and the amount are never negative.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResultRow {
    pub date: Date,
    /// The focus area, in the plan's own spelling.
    pub focus_area: String,
    pub project: Option<String>,
    pub organisation: Option<String>,
    pub org_number: Option<OrgNumber>,
    pub new_jobs: i64,
    pub secured_jobs: i64,
    pub projects_completed: i64,
    pub applications_granted: i64,
    pub granted_amount: Kroner,
    pub note: Option<String>,
}

impl ResultRow {
    /// A text that is equal for two rows exactly when the rows are equal in every field
    /// (the duplicate rule of spec §3); stores keep a hash of it unique per programme.
    pub fn identity(&self) -> String {
        let text = |value: &Option<String>| match value {
            Some(text) => format!("+{text}"),
            None => "-".to_string(),
        };
        [
            self.date.to_string(),
            self.focus_area.clone(),
            text(&self.project),
            text(&self.organisation),
            text(&self.org_number.as_ref().map(|o| o.as_str().to_string())),
            self.new_jobs.to_string(),
            self.secured_jobs.to_string(),
            self.projects_completed.to_string(),
            self.applications_granted.to_string(),
            self.granted_amount.0.to_string(),
            text(&self.note),
        ]
        .join("\u{1f}")
    }
}

/// A Norwegian organisation number with a valid MOD11 check digit: nine digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgNumber(String);

impl OrgNumber {
    /// Parses nine digits, spaces (also no-break spaces) allowed between them, and
    /// checks the MOD11 check digit (weights 3 2 7 6 5 4 3 2).
    pub fn parse(text: &str) -> Option<OrgNumber> {
        let digits: String = text.chars().filter(|c| !is_space(*c)).collect();
        if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let sum: u32 = values[..8]
            .iter()
            .zip([3, 2, 7, 6, 5, 4, 3, 2])
            .map(|(digit, weight)| digit * weight)
            .sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => return None,
            check => check,
        };
        (values[8] == check).then_some(OrgNumber(digits))
    }

    /// The nine digits, without spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgNumber {
    /// Grouped as in Brønnøysundregistrene: `923 609 016`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", &self.0[..3], &self.0[3..6], &self.0[6..])
    }
}

/// A space that may separate digit groups: space, no-break space, narrow no-break space.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// What rows are checked against: the programme's focus areas and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryContext {
    /// The focus areas' names in the plan's order and spelling.
    pub areas: Vec<String>,
    pub period: Period,
}

impl RegistryContext {
    pub fn from_plan(plan: &Plan) -> RegistryContext {
        RegistryContext {
            areas: plan.focus_areas.iter().map(|a| a.name.clone()).collect(),
            period: plan.programme.period,
        }
    }

    /// The area's own spelling for a name compared trimmed and case-insensitively.
    pub fn area(&self, name: &str) -> Option<&str> {
        let wanted = area_key(name);
        self.areas
            .iter()
            .find(|area| area_key(area) == wanted)
            .map(String::as_str)
    }
}

/// How area names are compared: trimmed, case-insensitively.
pub(crate) fn area_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The stable code of an import error (spec §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    HeaderUnknown,
    HeaderMissing,
    Columns,
    Date,
    Number,
    OrgNumber,
    AreaUnknown,
    YearOutsidePeriod,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::HeaderUnknown,
        ErrorCode::HeaderMissing,
        ErrorCode::Columns,
        ErrorCode::Date,
        ErrorCode::Number,
        ErrorCode::OrgNumber,
        ErrorCode::AreaUnknown,
        ErrorCode::YearOutsidePeriod,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::HeaderUnknown => "csv-header-unknown",
            ErrorCode::HeaderMissing => "csv-header-missing",
            ErrorCode::Columns => "csv-columns",
            ErrorCode::Date => "csv-date",
            ErrorCode::Number => "csv-number",
            ErrorCode::OrgNumber => "csv-orgnr",
            ErrorCode::AreaUnknown => "csv-area-unknown",
            ErrorCode::YearOutsidePeriod => "csv-year-outside-period",
        }
    }
}

/// A text in both målformer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub bokmal: String,
    pub nynorsk: String,
}

impl Message {
    pub(crate) fn new(bokmal: impl Into<String>, nynorsk: impl Into<String>) -> Message {
        Message {
            bokmal: bokmal.into(),
            nynorsk: nynorsk.into(),
        }
    }

    pub fn get(&self, language: Language) -> &str {
        language.pick(&self.bokmal, &self.nynorsk)
    }
}

/// One error in a CSV file: where (line where the row starts, column), what, and the
/// cell's text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line in the file where the row (or the header) starts.
    pub line: u64,
    /// The column's name (spec §2) or, for a header error, the header as written;
    /// `None` for a row with too many cells.
    pub column: Option<String>,
    pub code: ErrorCode,
    /// The cell's text as written, when the error is about a cell.
    pub text: Option<String>,
    pub message: Message,
}

/// A row read from a file, with the line where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinedRow {
    pub line: u64,
    pub row: ResultRow,
}

/// What reading a CSV file gave: every row that followed the rules, every error, and
/// how many non-empty rows there were.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    pub rows: Vec<LinedRow>,
    pub errors: Vec<ImportError>,
    /// Non-empty rows after the header, with or without errors.
    pub rows_read: usize,
}

/// The outcome of an import against the rows already stored: all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Import {
    /// Non-empty rows after the header, duplicates included.
    pub rows_read: usize,
    /// Rows to store: read without error and not duplicates, in file order.
    pub new_rows: Vec<LinedRow>,
    /// Lines of rows identical to a stored row or to an earlier row of the file.
    pub duplicates: Vec<u64>,
    /// Every error, ordered by line. When not empty, nothing may be stored.
    pub errors: Vec<ImportError>,
}

impl Import {
    /// Whether the file imported without errors (then `new_rows` may be stored).
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Reads a CSV file and sorts its rows into new ones and duplicates of `existing`
/// (the programme's stored rows) or of earlier rows of the file.
pub fn import<'a>(
    bytes: &[u8],
    context: &RegistryContext,
    existing: impl IntoIterator<Item = &'a ResultRow>,
) -> Result<Import, UnreadableCsv> {
    let reading = read_csv(bytes, context)?;
    Ok(sort_duplicates(reading, existing))
}

/// Splits read rows into new rows and duplicates of `existing` or of earlier rows.
pub fn sort_duplicates<'a>(
    reading: Reading,
    existing: impl IntoIterator<Item = &'a ResultRow>,
) -> Import {
    let mut seen: HashSet<ResultRow> = existing.into_iter().cloned().collect();
    let mut new_rows = Vec::new();
    let mut duplicates = Vec::new();
    for lined in reading.rows {
        if seen.contains(&lined.row) {
            duplicates.push(lined.line);
        } else {
            seen.insert(lined.row.clone());
            new_rows.push(lined);
        }
    }
    Import {
        rows_read: reading.rows_read,
        new_rows,
        duplicates,
        errors: reading.errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers_follow_mod11() {
        assert_eq!(
            OrgNumber::parse("923 609 016").map(|o| o.to_string()),
            Some("923 609 016".to_string())
        );
        assert!(OrgNumber::parse("923609016").is_some());
        assert!(OrgNumber::parse("923\u{a0}609\u{202f}016").is_some());
        assert!(OrgNumber::parse("923609017").is_none());
        assert!(OrgNumber::parse("92360901").is_none());
        assert!(OrgNumber::parse("9236090160").is_none());
        assert!(OrgNumber::parse("92360901x").is_none());
        // A remainder of 0 gives check digit 0; a remainder of 1 (check 10) is never valid.
        let zero_check = (0..100_000_000u32)
            .step_by(7919)
            .map(|n| format!("{n:08}"))
            .find(|first8| {
                let sum: u32 = first8
                    .bytes()
                    .zip([3, 2, 7, 6, 5, 4, 3, 2])
                    .map(|(b, w)| u32::from(b - b'0') * w)
                    .sum();
                sum.is_multiple_of(11)
            })
            .expect("some number has remainder 0");
        assert!(OrgNumber::parse(&format!("{zero_check}0")).is_some());
        let ten_check = (0..100_000_000u32)
            .step_by(7919)
            .map(|n| format!("{n:08}"))
            .find(|first8| {
                let sum: u32 = first8
                    .bytes()
                    .zip([3, 2, 7, 6, 5, 4, 3, 2])
                    .map(|(b, w)| u32::from(b - b'0') * w)
                    .sum();
                sum % 11 == 1
            })
            .expect("some number has remainder 1");
        for last in 0..=9 {
            assert!(OrgNumber::parse(&format!("{ten_check}{last}")).is_none());
        }
    }
}
