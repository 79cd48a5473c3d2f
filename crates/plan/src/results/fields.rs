//! The columns of a result row and the rules for each cell (spec §2): dates, counts,
//! money and organisation numbers as Norwegian spreadsheets write them.

use super::{Message, is_space};
use crate::units::{Date, Kroner};

/// A column of the CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Date,
    FocusArea,
    Project,
    Organisation,
    OrgNumber,
    NewJobs,
    SecuredJobs,
    ProjectsCompleted,
    ApplicationsGranted,
    GrantedAmount,
    Note,
}

impl Column {
    /// Every column in the order of the spec's table (and of the exported file).
    pub const ALL: [Column; 11] = [
        Column::Date,
        Column::FocusArea,
        Column::Project,
        Column::Organisation,
        Column::OrgNumber,
        Column::NewJobs,
        Column::SecuredJobs,
        Column::ProjectsCompleted,
        Column::ApplicationsGranted,
        Column::GrantedAmount,
        Column::Note,
    ];

    /// The header in bokmål, as in the spec's table.
    pub fn header(self) -> &'static str {
        match self {
            Column::Date => "dato",
            Column::FocusArea => "innsatsområde",
            Column::Project => "prosjekt",
            Column::Organisation => "virksomhet",
            Column::OrgNumber => "orgnr",
            Column::NewJobs => "nye_arbeidsplasser",
            Column::SecuredJobs => "sikrede_arbeidsplasser",
            Column::ProjectsCompleted => "avsluttede_prosjekter",
            Column::ApplicationsGranted => "innvilgede_søknader",
            Column::GrantedAmount => "innvilget_beløp",
            Column::Note => "merknad",
        }
    }

    /// The nynorsk header, where it differs.
    fn nynorsk_header(self) -> Option<&'static str> {
        match self {
            Column::NewJobs => Some("nye_arbeidsplassar"),
            Column::SecuredJobs => Some("sikra_arbeidsplassar"),
            Column::ProjectsCompleted => Some("avslutta_prosjekt"),
            Column::ApplicationsGranted => Some("innvilga_søknader"),
            Column::GrantedAmount => Some("innvilga_beløp"),
            _ => None,
        }
    }

    /// The column a header names: compared case-insensitively after trimming, a space
    /// counting as `_`; bokmål and nynorsk spellings.
    pub fn from_header(header: &str) -> Option<Column> {
        let key: String = header
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if is_space(c) { '_' } else { c })
            .collect();
        Column::ALL
            .into_iter()
            .find(|column| column.header() == key || column.nynorsk_header() == Some(&*key))
    }

    /// Every accepted header, for the message about an unknown one.
    pub fn known_headers() -> String {
        let mut names: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
        names.extend(Column::ALL.iter().filter_map(|c| c.nynorsk_header()));
        names.join(", ")
    }
}

/// Why a cell was rejected, in both målformer.
pub type CellError = Message;

/// Reads a date: `2026-03-14`, `14.03.2026` or `14.3.2026`; the day must exist.
pub fn parse_date(text: &str) -> Result<Date, CellError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Message::new("dato mangler", "dato manglar"));
    }
    let shape = Message::new(
        format!("«{text}» er ikke en dato; skriv 2026-03-14 eller 14.03.2026"),
        format!("«{text}» er ikkje ein dato; skriv 2026-03-14 eller 14.03.2026"),
    );
    let missing = Message::new(
        format!("datoen «{text}» finnes ikke"),
        format!("datoen «{text}» finst ikkje"),
    );
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let (year, month, day) = if let Some((year, rest)) = text.split_once('-') {
        let Some((month, day)) = rest.split_once('-') else {
            return Err(shape);
        };
        if !digits(year, 4..=4) || !digits(month, 2..=2) || !digits(day, 2..=2) {
            return Err(shape);
        }
        (year, month, day)
    } else {
        let mut parts = text.split('.');
        let (Some(day), Some(month), Some(year), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(shape);
        };
        if !digits(day, 1..=2) || !digits(month, 1..=2) || !digits(year, 4..=4) {
            return Err(shape);
        }
        (year, month, day)
    };
    let number = |part: &str| part.parse::<u32>().unwrap_or(0);
    Date::new(number(year) as i32, number(month), number(day)).ok_or(missing)
}

/// Reads a whole count 0 … [`super::MAX_COUNT`]; empty is 0. Thousands may be grouped
/// as for money (`1 000`, `1.000`).
pub fn parse_count(text: &str) -> Result<i64, CellError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    let not_whole = || {
        Message::new(
            format!("«{text}» er ikke et helt tall"),
            format!("«{text}» er ikkje eit heilt tal"),
        )
    };
    if let Some(rest) = strip_minus(text) {
        return Err(if parse_grouped(rest).is_some() {
            Message::new(
                format!("«{text}» er negativt; tallet må være 0 eller mer"),
                format!("«{text}» er negativt; talet må vere 0 eller meir"),
            )
        } else {
            not_whole()
        });
    }
    match parse_grouped(text) {
        Some(value) if value <= super::MAX_COUNT as u128 => Ok(value as i64),
        Some(_) => Err(Message::new(
            format!("«{text}» er for stort; høyst 100 000"),
            format!("«{text}» er for stort; høgst 100 000"),
        )),
        None => Err(not_whole()),
    }
}

/// Reads whole kroner 0 … 1 000 000 000 000; empty is 0. Accepts `1 250 000`,
/// `1.250.000`, `1250000`, `1 250 000 kr`, `kr 1 250 000`, `1 250 000,-` and
/// `1250000,00`.
pub fn parse_amount(text: &str) -> Result<Kroner, CellError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Kroner::ZERO);
    }
    let not_amount = || {
        Message::new(
            format!("«{text}» er ikke et beløp i hele kroner; skriv for eksempel 1 250 000"),
            format!("«{text}» er ikkje eit beløp i heile kroner; skriv til dømes 1 250 000"),
        )
    };
    let mut rest = text;
    if let Some(after) = strip_prefix_ignore_case(rest, "kr") {
        rest = after.trim_start_matches(is_space_or_tab);
    }
    if let Some(before) = strip_suffix_ignore_case(rest, "kr") {
        rest = before.trim_end_matches(is_space_or_tab);
    }
    let mut has_ore = false;
    if let Some(before) = rest.strip_suffix(",-") {
        rest = before;
    } else if let Some((whole, ore)) = rest.rsplit_once(',') {
        if ore.is_empty() || ore.len() > 2 || !ore.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_amount());
        }
        has_ore = ore.bytes().any(|b| b != b'0');
        rest = whole;
    }
    let (negative, digits) = match strip_minus(rest) {
        Some(digits) => (true, digits),
        None => (false, rest),
    };
    let Some(value) = parse_grouped(digits) else {
        return Err(not_amount());
    };
    if negative {
        return Err(Message::new(
            format!("«{text}» er negativt; beløpet må være 0 kr eller mer"),
            format!("«{text}» er negativt; beløpet må vere 0 kr eller meir"),
        ));
    }
    if has_ore {
        return Err(Message::new(
            format!("«{text}» har øre; skriv beløpet i hele kroner"),
            format!("«{text}» har øre; skriv beløpet i heile kroner"),
        ));
    }
    if value > Kroner::MAX.0 as u128 {
        return Err(Message::new(
            format!("«{text}» er for stort; høyst 1 000 000 000 000 kr"),
            format!("«{text}» er for stort; høgst 1 000 000 000 000 kr"),
        ));
    }
    Ok(Kroner(value as i64))
}

fn is_space_or_tab(c: char) -> bool {
    is_space(c) || c == '\t'
}

/// The rest after a leading minus (`-` or `−`) and optional space.
fn strip_minus(text: &str) -> Option<&str> {
    text.strip_prefix('-')
        .or_else(|| text.strip_prefix('\u{2212}'))
        .map(|rest| rest.trim_start_matches(is_space))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    let tail = text.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..at])
}

/// Digits, either plain (`1250000`) or in groups of three after a first group of one
/// to three, separated throughout by spaces (space, no-break or narrow no-break) or
/// throughout by dots. `None` for anything else.
fn parse_grouped(text: &str) -> Option<u128> {
    if text.is_empty() {
        return None;
    }
    let mut groups: Vec<&str> = Vec::new();
    let mut separator_kind: Option<bool> = None; // Some(true): dots, Some(false): spaces
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        let dot = match c {
            '.' => true,
            c if is_space(c) => false,
            _ => return None,
        };
        if *separator_kind.get_or_insert(dot) != dot {
            return None;
        }
        groups.push(&text[start..at]);
        start = at + c.len_utf8();
    }
    groups.push(&text[start..]);
    if groups.len() > 1 {
        let (first, rest) = groups.split_first()?;
        if !(1..=3).contains(&first.len()) || rest.iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut value: u128 = 0;
    for b in groups.concat().bytes() {
        value = value.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
        if value > u128::from(u64::MAX) {
            // Far beyond any limit; stop before overflowing.
            return Some(value);
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_accepted_spelling() {
        let expected = Date::new(2026, 3, 4).unwrap();
        for text in [
            "2026-03-04",
            "04.03.2026",
            "4.3.2026",
            "4.03.2026",
            " 04.3.2026 ",
        ] {
            assert_eq!(parse_date(text), Ok(expected), "{text}");
        }
        for text in [
            "2026-3-4",
            "26.03.04",
            "4/3/2026",
            "2026.03.04",
            "4.3.26",
            "mars",
            "31.02.2026",
            "2026-02-29",
            "0.3.2026",
            "",
        ] {
            assert!(parse_date(text).is_err(), "{text}");
        }
        assert!(parse_date("29.02.2028").is_ok());
    }

    #[test]
    fn counts_are_whole_and_in_range() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("7"), Ok(7));
        assert_eq!(parse_count("100 000"), Ok(100_000));
        assert_eq!(parse_count("1.000"), Ok(1000));
        assert_eq!(parse_count("1\u{a0}000"), Ok(1000));
        for text in [
            "-1", "1,5", "100001", "abc", "1 00", "1.0000", "12 kr", "1e3",
        ] {
            assert!(parse_count(text).is_err(), "{text}");
        }
    }

    #[test]
    fn amounts_in_every_accepted_spelling() {
        for text in [
            "1 250 000",
            "1\u{a0}250\u{a0}000",
            "1\u{202f}250\u{202f}000",
            "1.250.000",
            "1250000",
            "1 250 000 kr",
            "1 250 000 KR",
            "kr 1 250 000",
            "kr1250000",
            "1 250 000,-",
            "1250000,00",
            "1250000,0",
            "kr 1 250 000,-",
        ] {
            assert_eq!(parse_amount(text), Ok(Kroner(1_250_000)), "{text}");
        }
        assert_eq!(parse_amount(""), Ok(Kroner(0)));
        assert_eq!(parse_amount("0"), Ok(Kroner(0)));
        assert_eq!(
            parse_amount("1 000 000 000 000"),
            Ok(Kroner(1_000_000_000_000))
        );
        for text in [
            "12,50",
            "-500",
            "1 000 000 000 001",
            "1,250,000",
            "1 250.000",
            "12 50",
            "1250000.00",
            "NOK 500",
            "500 €",
            "kr",
            ",-",
            "99999999999999999999999999999999999999999",
        ] {
            assert!(parse_amount(text).is_err(), "{text}");
        }
    }

    #[test]
    fn headers_in_both_languages_and_spellings() {
        assert_eq!(Column::from_header(" Dato "), Some(Column::Date));
        assert_eq!(
            Column::from_header("INNSATSOMRÅDE"),
            Some(Column::FocusArea)
        );
        assert_eq!(
            Column::from_header("nye arbeidsplasser"),
            Some(Column::NewJobs)
        );
        assert_eq!(
            Column::from_header("Nye arbeidsplassar"),
            Some(Column::NewJobs)
        );
        assert_eq!(
            Column::from_header("sikra_arbeidsplassar"),
            Some(Column::SecuredJobs)
        );
        assert_eq!(
            Column::from_header("avslutta prosjekt"),
            Some(Column::ProjectsCompleted)
        );
        assert_eq!(
            Column::from_header("innvilga_søknader"),
            Some(Column::ApplicationsGranted)
        );
        assert_eq!(
            Column::from_header("Innvilga beløp"),
            Some(Column::GrantedAmount)
        );
        assert_eq!(Column::from_header("innsats"), None);
    }
}
