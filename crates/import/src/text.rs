//! Text as Norwegians type it in Word: white space of every kind, numbers with any
//! thousands separator and `kr`, percentages, dates in three shapes, placeholders.

use plan::{Date, Share};

/// Collapses every run of white space (space, tab, line break, no-break and narrow
/// no-break space, thin space) to one space and trims.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' | '\u{200b}'
        )
}

/// A label to compare: collapsed, lower case, without the template's footnote markers
/// (`*`, `[*]`), `(kr)` and a trailing colon.
pub fn key(text: &str) -> String {
    let lower = collapse(text).to_lowercase();
    let cleaned = lower
        .replace("[**]", "")
        .replace("[*]", "")
        .replace('*', "")
        .replace("(kr)", "");
    collapse(&cleaned).trim_end_matches(':').trim().to_owned()
}

/// Plan text from a cell or paragraph: each line collapsed, line breaks kept, trimmed.
pub fn clean(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(collapse).collect();
    let mut out = lines.join("\n");
    while out.ends_with('\n') {
        out.pop();
    }
    while out.starts_with('\n') {
        out.remove(0);
    }
    out
}

/// A heading's text without its number (`2.1 `, `3. `, `1 `) and footnote marker.
pub fn strip_number(text: &str) -> &str {
    let trimmed = text.trim_start_matches(is_space);
    let end = trimmed
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(trimmed.len(), |(i, _)| i);
    let number = &trimmed[..end];
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return trimmed;
    }
    let rest = &trimmed[end..];
    // "2026 …" is not a section number; a number is at most "9.99.".
    if number
        .trim_end_matches('.')
        .split('.')
        .any(|part| part.len() > 2)
    {
        return trimmed;
    }
    if rest.starts_with(is_space) || rest.starts_with(')') {
        rest.trim_start_matches(|c: char| is_space(c) || c == ')')
    } else {
        trimmed
    }
}

/// Whether the text is a template placeholder: all of it in square brackets.
pub fn is_placeholder(text: &str) -> bool {
    let t = collapse(text);
    let t = t.trim_end_matches(['.', '*']).trim();
    t.starts_with('[') && t.ends_with(']') && t.len() >= 2
}

/// What a cell that should hold a number holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Number {
    /// Empty, `-` or `–`: no value.
    Empty,
    Value(i64),
    /// A template placeholder such as `[sum]`.
    Placeholder,
    /// Something else, as typed.
    Invalid(String),
}

impl Number {
    pub fn value(&self) -> Option<i64> {
        match self {
            Number::Value(v) => Some(*v),
            _ => None,
        }
    }
}

fn is_dash(text: &str) -> bool {
    matches!(text, "-" | "–" | "—" | "−" | "--" | "")
}

/// A whole number as Norwegians write it: `1 250 000` (any space), `1.250.000`,
/// `1250000`, `kr 1 250 000`, `1 250 000 kr`, `1 250 000,-`, `1 250 000,00`.
pub fn number(text: &str) -> Number {
    let collapsed = collapse(text);
    if is_dash(&collapsed) {
        return Number::Empty;
    }
    if is_placeholder(&collapsed) {
        return Number::Placeholder;
    }
    let invalid = || Number::Invalid(collapsed.clone());
    let mut t = collapsed.to_lowercase();
    for prefix in ["kr.", "kr", "nok"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim().to_owned();
            break;
        }
    }
    for suffix in [",-", ",–", ".-"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim().to_owned();
        }
    }
    for suffix in ["kr.", "kr", "nok"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim().to_owned();
            break;
        }
    }
    for suffix in [",-", ",–", ".-"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim().to_owned();
        }
    }
    let (negative, body) = match t.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest.trim().to_owned()),
        None => (false, t),
    };
    // Decimal part: only zeros are accepted (money is whole kroner).
    let body = match body.rsplit_once(',') {
        Some((whole, decimals)) if decimals.chars().all(|c| c == '0') && !decimals.is_empty() => {
            whole.trim().to_owned()
        }
        Some(_) => return invalid(),
        None => body,
    };
    let groups: Vec<&str> = body.split([' ', '.']).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return invalid();
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return invalid();
    }
    let digits: String = groups.concat();
    if digits.len() > 15 {
        return invalid();
    }
    match digits.parse::<i64>() {
        Ok(v) => Number::Value(if negative { -v } else { v }),
        Err(_) => invalid(),
    }
}

/// A percentage: `50 %`, `50%`, `33,33 %`, `12.5 %`; `None` when it is not one.
pub fn percent(text: &str) -> Option<Share> {
    let collapsed = collapse(text);
    let t = collapsed.strip_suffix('%')?.trim();
    let t: String = t.chars().filter(|c| !is_space(*c)).collect();
    Share::parse_decimal(&t)
}

/// The month 1–12 of a Norwegian month name (bokmål or nynorsk, any case, abbreviated
/// to three letters or more) or of a number 1–12.
pub fn month(text: &str) -> Option<i64> {
    let t = collapse(text).to_lowercase();
    let t = t.trim_end_matches('.');
    if let Ok(n) = t.parse::<i64>() {
        return (1..=12).contains(&n).then_some(n);
    }
    if t.chars().count() < 3 {
        return None;
    }
    plan::norwegian::MONTHS
        .iter()
        .position(|m| m.starts_with(t) || (t == "mai" && *m == "mai"))
        .map(|i| i as i64 + 1)
}

/// A date: `27.11.2026`, `27. november 2026`, `2026-11-27`.
pub fn date(text: &str) -> Option<Date> {
    let t = collapse(text);
    if let Ok(d) = Date::parse_iso(&t) {
        return Some(d);
    }
    let parts: Vec<&str> = t.split('.').map(str::trim).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        let (d, m, y) = (
            parts[0].parse().ok()?,
            parts[1].parse().ok()?,
            parts[2].parse().ok()?,
        );
        if parts[2].len() == 4 {
            return Date::new(y, m, d);
        }
        return None;
    }
    let words: Vec<&str> = t.split(' ').collect();
    if words.len() == 3 {
        let day: u32 = words[0].trim_end_matches('.').parse().ok()?;
        let month = u32::try_from(month(words[1])?).ok()?;
        if words[2].len() != 4 {
            return None;
        }
        let year: i32 = words[2].parse().ok()?;
        return Date::new(year, month, day);
    }
    None
}

/// Splits `{text} {date}` at the end: the date in any accepted shape, or a placeholder.
#[derive(Debug)]
pub enum Tail {
    Date(Date),
    Placeholder,
    None,
}

pub fn split_date_tail(text: &str) -> (String, Tail) {
    let t = collapse(text);
    let words: Vec<&str> = t.split(' ').collect();
    for take in [3usize, 1] {
        if words.len() >= take {
            let tail = words[words.len() - take..].join(" ");
            if let Some(d) = date(&tail) {
                return (words[..words.len() - take].join(" "), Tail::Date(d));
            }
        }
    }
    if let Some(at) = t.rfind('[')
        && t.ends_with(']')
        && is_placeholder(&t[at..])
        && t[at..].to_lowercase().contains("dato")
    {
        return (t[..at].trim().to_owned(), Tail::Placeholder);
    }
    (t, Tail::None)
}

/// The first whole number in the text after `marker`, e.g. "skape {N} arbeidsplasser".
pub fn number_after(text: &str, marker: &str) -> Option<i64> {
    let lower = collapse(text).to_lowercase();
    let at = lower.find(marker)? + marker.len();
    let rest = lower[at..].trim_start();
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || is_space(*c))
        .filter(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_norwegians_write_them() {
        for text in [
            "1 250 000",
            "1\u{a0}250\u{a0}000",
            "1\u{202f}250\u{202f}000",
            "1.250.000",
            "1250000",
            "kr 1 250 000",
            "1 250 000 kr",
            "1 250 000,-",
            "1 250 000,00",
            "kr. 1 250 000,-",
        ] {
            assert_eq!(number(text), Number::Value(1_250_000), "{text}");
        }
        assert_eq!(number("-"), Number::Empty);
        assert_eq!(number("–"), Number::Empty);
        assert_eq!(number(" "), Number::Empty);
        assert_eq!(number("[sum]"), Number::Placeholder);
        assert!(matches!(number("ca. 100"), Number::Invalid(_)));
        assert!(matches!(number("1 25 000"), Number::Invalid(_)));
        assert!(matches!(number("1 250 000,50"), Number::Invalid(_)));
    }

    #[test]
    fn percents_and_dates() {
        assert_eq!(percent("50 %").map(Share::hundredths), Some(5000));
        assert_eq!(percent("50%").map(Share::hundredths), Some(5000));
        assert_eq!(percent("33,33\u{a0}%").map(Share::hundredths), Some(3333));
        assert_eq!(percent("[50 %]"), None);
        let d = Date::new(2026, 11, 27).unwrap();
        assert_eq!(date("27.11.2026"), Some(d));
        assert_eq!(date("27. november 2026"), Some(d));
        assert_eq!(date("2026-11-27"), Some(d));
        assert_eq!(date("31.02.2026"), None);
        assert_eq!(month("Januar"), Some(1));
        assert_eq!(month("des."), Some(12));
        assert_eq!(month("12"), Some(12));
        assert_eq!(month("13"), None);
    }

    #[test]
    fn heading_numbers_and_placeholders() {
        assert_eq!(strip_number("2.1 Reiseliv"), "Reiseliv");
        assert_eq!(strip_number("3. Ressursinnsats"), "Ressursinnsats");
        assert_eq!(strip_number("2026 var et godt år"), "2026 var et godt år");
        assert!(is_placeholder("[Innsatsområde 1]"));
        assert!(!is_placeholder("[navn] fylkeskommune"));
        assert_eq!(key("Strategi [*]"), "strategi");
        assert_eq!(key("Budsjett (kr)"), "budsjett");
    }
}
