//! What every kind of document file shares: the syntax (JSON or TOML), the strict
//! read with its Norwegian error (line, column, field), the probe of `format` that tells
//! the kinds apart, and the value types every file uses (years, kroner maps, shares,
//! dates, the programme, the approval).
//!
//! A kind's own file module (`handlingsplan::file`, `omstillingsplan::file`) declares
//! its mirror structs and calls [`read_strict`]; nothing here knows a kind's fields.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::common::{Approval, Language, Period, Programme};
use crate::units::{Date, DateError, Share};

/// The syntax of a plan file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Toml,
}

impl Syntax {
    /// By file extension: `.json` or `.toml` (case-insensitive).
    pub fn from_path(path: &str) -> Option<Syntax> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(Syntax::Json)
        } else if lower.ends_with(".toml") {
            Some(Syntax::Toml)
        } else {
            None
        }
    }
}

/// Why a plan could not be read. `Display` gives one Norwegian line without the
/// file name: `linje 12, kolonne 5, felt «focus_areas[0].nmae»: ukjent felt «nmae» …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field's path, when known: `focus_areas[0].strategies[1].name`.
    pub field: Option<String>,
    /// What is wrong, in Norwegian (bokmål).
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(line) = self.line {
            parts.push(format!("linje {line}"));
        }
        if let Some(column) = self.column {
            parts.push(format!("kolonne {column}"));
        }
        if let Some(field) = &self.field {
            parts.push(format!("felt «{field}»"));
        }
        if parts.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", parts.join(", "), self.message)
        }
    }
}

impl std::error::Error for ReadError {}

/// A kind's mirror of its file: the struct serde reads, with its `format` field.
pub(crate) trait FileMirror: DeserializeOwned {
    fn format(&self) -> &str;
}

/// Reads a file of the kind whose format is `format`, strictly.
///
/// Most files are valid: they are read in one pass without tracking the path of every
/// field. Anything else goes the careful way, which gives the same result for a valid
/// file and finds the format, the line, the column and the field otherwise.
pub(crate) fn read_strict<F: FileMirror>(
    text: &str,
    syntax: Syntax,
    format: &str,
) -> Result<F, ReadError> {
    if let Some(file) = read_untracked::<F>(text, syntax)
        && file.format() == format
    {
        return Ok(file);
    }
    read_tracked(text, syntax, &[format])
}

/// The file when the text is a valid file of the mirror's shape, read without path tracking.
fn read_untracked<F: DeserializeOwned>(text: &str, syntax: Syntax) -> Option<F> {
    match syntax {
        Syntax::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let file = F::deserialize(&mut deserializer).ok()?;
            deserializer.end().ok()?;
            Some(file)
        }
        Syntax::Toml => toml::from_str(text).ok(),
    }
}

/// Reads with the format checked first and the path of every field tracked, so that
/// an error names them. `accepted` are the formats the caller reads (for the message).
pub(crate) fn read_tracked<F: DeserializeOwned>(
    text: &str,
    syntax: Syntax,
    accepted: &[&str],
) -> Result<F, ReadError> {
    check_format(text, syntax, accepted)?;
    match syntax {
        Syntax::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let file = serde_path_to_error::deserialize(&mut deserializer)
                .map_err(|e| json_error(text, e))?;
            deserializer.end().map_err(|e| ReadError {
                line: Some(e.line()),
                column: Some(e.column()),
                field: None,
                message: "det står mer etter slutten av planen".into(),
            })?;
            Ok(file)
        }
        Syntax::Toml => {
            let deserializer =
                toml::Deserializer::parse(text).map_err(|e| toml_error(text, None, e))?;
            serde_path_to_error::deserialize(deserializer).map_err(|e| {
                let path = path_string(e.path());
                toml_error(text, path, e.into_inner())
            })
        }
    }
}

/// The `format` the text declares, when it is one of `accepted`.
///
/// `Ok(None)` when the text is not even valid JSON or TOML (the full read then reports
/// where); a missing or other `format` is a [`ReadError`] that names every accepted one.
pub fn probe_format(
    text: &str,
    syntax: Syntax,
    accepted: &[&str],
) -> Result<Option<String>, ReadError> {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<serde_json::Value>,
    }
    let probe: Probe = match syntax {
        Syntax::Json => match serde_json::from_str(text) {
            Ok(probe) => probe,
            Err(_) => return Ok(None),
        },
        Syntax::Toml => match toml::from_str::<Probe>(text) {
            Ok(probe) => probe,
            Err(_) => return Ok(None),
        },
    };
    let first = accepted.first().copied().unwrap_or_default();
    let found = match probe.format {
        None => {
            let write = accepted
                .iter()
                .map(|f| format!("«format\u{a0}=\u{a0}\"{f}\"»"))
                .collect::<Vec<_>>()
                .join(" eller ");
            let _ = first;
            return Err(ReadError {
                line: None,
                column: None,
                field: Some("format".into()),
                message: format!("feltet «format» mangler; skriv {write} øverst i planen"),
            });
        }
        Some(serde_json::Value::String(found)) if accepted.contains(&found.as_str()) => {
            return Ok(Some(found));
        }
        Some(serde_json::Value::String(found)) => format!("«{found}»"),
        Some(other) => other.to_string(),
    };
    let (line, column) = locate_key(text, "format");
    let reads = match accepted {
        [one] => format!("bare «{one}»"),
        many => {
            let quoted: Vec<String> = many.iter().map(|f| format!("«{f}»")).collect();
            match quoted.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} og {last}", rest.join(", "))
                }
                _ => quoted.join(""),
            }
        }
    };
    Err(ReadError {
        line,
        column,
        field: Some("format".into()),
        message: format!("ukjent format {found}; denne versjonen av omstilling leser {reads}"),
    })
}

fn check_format(text: &str, syntax: Syntax, accepted: &[&str]) -> Result<(), ReadError> {
    probe_format(text, syntax, accepted).map(|_| ())
}

/// Where a top-level key stands in the text, found by a plain search.
pub(crate) fn locate_key(text: &str, key: &str) -> (Option<usize>, Option<usize>) {
    let quoted = format!("\"{key}\"");
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&quoted)
            || trimmed.starts_with(&format!("{key} "))
            || trimmed.starts_with(&format!("{key}="))
        {
            return (Some(index + 1), Some(line.len() - trimmed.len() + 1));
        }
    }
    (None, None)
}

pub(crate) fn path_string(path: &serde_path_to_error::Path) -> Option<String> {
    let text = path.to_string();
    (text != "." && !text.is_empty()).then_some(text)
}

pub(crate) fn json_error(
    text: &str,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> ReadError {
    let field = path_string(error.path());
    let inner = error.into_inner();
    let message = match inner.classify() {
        serde_json::error::Category::Syntax => format!(
            "ugyldig JSON: {}",
            translate_syntax(&strip_position(&inner.to_string()))
        ),
        serde_json::error::Category::Eof => {
            "filen slutter før planen er ferdig (mangler en } eller ])".into()
        }
        _ => translate(&strip_position(&inner.to_string())),
    };
    let _ = text;
    ReadError {
        line: Some(inner.line()).filter(|l| *l > 0),
        column: Some(inner.column()).filter(|c| *c > 0),
        field: field.filter(|_| inner.classify() == serde_json::error::Category::Data),
        message,
    }
}

pub(crate) fn toml_error(text: &str, field: Option<String>, error: toml::de::Error) -> ReadError {
    let (line, column) = match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    let message = error.message().trim().to_string();
    // Syntax errors carry no path; the key on the offending line names the field.
    let field = field.or_else(|| {
        let line_text = text.lines().nth(line? - 1)?;
        let (key, _) = line_text.split_once('=')?;
        let key = key.trim().trim_matches('"');
        (!key.is_empty() && !key.contains(char::is_whitespace)).then(|| key.to_string())
    });
    let message = match message.strip_prefix("invalid date, expected ") {
        Some(rest) => format!(
            "datoen finnes ikke ({})",
            rest.replace("day between", "dagen må være mellom")
                .replace(" and ", " og ")
        ),
        None if message.starts_with("invalid")
            || message.starts_with("expected")
            || message.starts_with("unclosed") =>
        {
            format!("ugyldig TOML: {}", translate_syntax(&message))
        }
        None => translate(&message),
    };
    ReadError {
        line,
        column,
        field,
        message,
    }
}

/// serde_json appends " at line X column Y"; the position is reported separately.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Turns serde's English messages into Norwegian. Messages of our own visitors are
/// already Norwegian and pass through.
pub(crate) fn translate(message: &str) -> String {
    let quoted_names = |list: &str| -> String {
        list.split(", ")
            .flat_map(|s| s.split(" or "))
            .map(|s| s.trim().trim_start_matches("one of ").trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return match tail.strip_prefix(", expected ") {
            Some(list) => format!(
                "ukjent felt «{name}» (tillatte felt her: {})",
                quoted_names(list)
            ),
            None => format!("ukjent felt «{name}»; feltet finnes ikke i formatet"),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return match tail.strip_prefix(", expected ") {
            Some(list) => format!(
                "ukjent verdi «{name}» (tillatte verdier: {})",
                quoted_names(list)
            ),
            None => format!("ukjent verdi «{name}»"),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return format!("feltet «{name}» mangler");
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let name = rest.trim_end_matches('`');
        return format!("feltet «{name}» står to ganger");
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            // Only an integer field (money, jobs) gets the bound; other fields a type error.
            if let Some(number) = rest
                .strip_prefix("floating point `")
                .and_then(|r| r.split('`').next())
                && let Ok(value) = number.parse::<f64>()
                && value.fract() == 0.0
                && value.abs() >= 9.0e18
                && rest.ends_with("expected i64")
            {
                return format!(
                    "tallet {number} er for stort (beløp kan være høyst 1\u{a0}000\u{a0}000\u{a0}000\u{a0}000\u{a0}kr)"
                );
            }
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            return format!(
                "feil type: fant {}, ventet {}",
                translate_found(found),
                translate_expected(expected)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        return format!("feil lengde {rest}");
    }
    message.to_string()
}

/// Syntax errors of the JSON and TOML parsers, in Norwegian where we know them.
pub(crate) fn translate_syntax(message: &str) -> String {
    let known = [
        (
            "trailing comma",
            "et komma for mye før slutten av en liste eller et objekt",
        ),
        (
            "key must be a string",
            "navnet på feltet må stå i anførselstegn",
        ),
        ("expected value", "forventet en verdi"),
        ("expected ident", "forventet true, false eller null"),
        ("invalid number", "ugyldig tall"),
        ("number out of range", "tallet er for stort"),
        ("invalid escape", "ugyldig escape-sekvens i tekst"),
        ("invalid unicode code point", "ugyldig unicode-tegn"),
        (
            "control character",
            "kontrolltegn (som linjeskift) inne i en tekst; skriv \\n",
        ),
        (
            "trailing characters",
            "det står mer etter slutten av planen",
        ),
        (
            "unexpected end of hex escape",
            "ufullstendig escape-sekvens",
        ),
        ("recursion limit exceeded", "planen er nøstet for dypt"),
        ("duplicate key", "samme nøkkel står to ganger"),
        ("invalid basic string", "ugyldig tekst"),
        ("invalid string", "ugyldig tekst"),
        ("invalid key", "ugyldig navn på felt"),
        ("invalid table header", "ugyldig tabelloverskrift"),
        ("invalid inline table", "ugyldig tabell på én linje"),
        ("invalid array", "ugyldig liste"),
        ("invalid integer", "ugyldig heltall"),
        ("invalid float", "ugyldig desimaltall"),
        ("invalid datetime", "ugyldig dato"),
        ("unclosed array", "listen mangler ]"),
        ("unclosed inline table", "tabellen mangler }"),
        ("unclosed table", "tabelloverskriften er ikke lukket"),
    ];
    let (head, tail) = match message.split_once(", expected ") {
        Some((head, tail)) => (head, Some(tail)),
        None => match message.strip_prefix("expected ") {
            Some(tail) => ("", Some(tail)),
            None => (message, None),
        },
    };
    let mut out = known
        .iter()
        .find(|(english, _)| head.starts_with(english))
        .map_or_else(
            || head.to_string(),
            |(_, norwegian)| (*norwegian).to_string(),
        );
    if let Some(tail) = tail {
        let expected = guillemets(&tail.replace(" or ", " eller "));
        out = if out.is_empty() {
            format!("forventet {expected}")
        } else {
            format!("{out}, forventet {expected}")
        };
    }
    out
}

/// Turns `backtick` quoting into «guillemets».
pub(crate) fn guillemets(text: &str) -> String {
    let mut out = String::new();
    let mut open = true;
    for c in text.chars() {
        if c == '`' {
            out.push(if open { '«' } else { '»' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn translate_found(found: &str) -> String {
    if let Some(rest) = found.strip_prefix("string ") {
        return format!("tekst {rest}");
    }
    if let Some(rest) = found.strip_prefix("integer ") {
        return format!("heltall {}", rest.trim_matches('`'));
    }
    if let Some(rest) = found.strip_prefix("floating point ") {
        return format!("desimaltall {}", rest.trim_matches('`'));
    }
    if let Some(rest) = found.strip_prefix("boolean ") {
        return format!("sannhetsverdi {}", rest.trim_matches('`'));
    }
    match found {
        "map" => "et objekt".into(),
        "sequence" => "en liste".into(),
        "null" | "unit value" => "null".into(),
        other => other.to_string(),
    }
}

pub(crate) fn translate_expected(expected: &str) -> String {
    let e = expected.trim();
    if e.starts_with("i32")
        || e.starts_with("i64")
        || e.starts_with("u8")
        || e.starts_with("u32")
        || e.starts_with("u64")
        || e == "an integer"
    {
        return "et heltall".into();
    }
    if e == "a string" {
        return "tekst".into();
    }
    if e.starts_with("struct ") || e == "a map" {
        return "et objekt".into();
    }
    if e == "a sequence" {
        return "en liste".into();
    }
    if e.starts_with("a boolean") {
        return "true eller false".into();
    }
    e.to_string()
}

// ---------------------------------------------------------------------------
// Values every kind's file uses.

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub(crate) enum LanguageFile {
    #[serde(rename = "nb")]
    Bokmal,
    #[serde(rename = "nn")]
    Nynorsk,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgrammeFile {
    pub(crate) name: String,
    pub(crate) area: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) county: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) vision: Option<String>,
    pub(crate) period: PeriodFile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) jobs_goal: Option<i64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodFile {
    pub(crate) from: i32,
    pub(crate) to: i32,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ApprovalFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) board: Option<FileDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) council: Option<FileDate>,
}

/// A map from year (a string key) to a whole number: `job_targets` (`FRAME = false`)
/// or an economic `frame` in kroner (`FRAME = true`). A key that is not a year, or a
/// year given twice, is a read error.
#[derive(Debug, Clone)]
pub(crate) struct YearMap<const FRAME: bool>(pub(crate) BTreeMap<i32, i64>);

/// `job_targets`.
pub(crate) type JobTargetsFile = YearMap<false>;
/// An economic `frame`.
pub(crate) type FrameFile = YearMap<true>;

impl<'de, const FRAME: bool> Deserialize<'de> for YearMap<FRAME> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetsVisitor<const FRAME: bool>;
        impl<'de, const FRAME: bool> Visitor<'de> for TargetsVisitor<FRAME> {
            type Value = YearMap<FRAME>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if FRAME {
                    f.write_str("et objekt med årstall og beløp i kroner, som {\"2026\": 2000000}")
                } else {
                    f.write_str("et objekt med årstall og antall arbeidsplasser, som {\"2026\": 5}")
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut targets = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let year: i32 = key
                        .trim()
                        .parse()
                        .ok()
                        .filter(|y| (1..=9999).contains(y))
                        .ok_or_else(|| de::Error::custom(format!("«{key}» er ikke et årstall")))?;
                    let value: i64 = map.next_value()?;
                    if targets.insert(year, value).is_some() {
                        return Err(de::Error::custom(format!("året {year} står to ganger")));
                    }
                }
                Ok(YearMap(targets))
            }
        }
        deserializer.deserialize_map(TargetsVisitor::<FRAME>)
    }
}

impl<const FRAME: bool> Serialize for YearMap<FRAME> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (year, value) in &self.0 {
            map.serialize_entry(&year.to_string(), value)?;
        }
        map.end()
    }
}

/// A share: a JSON/TOML number with at most two decimals.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ShareFile(pub(crate) Share);

impl<'de> Deserialize<'de> for ShareFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShareVisitor;
        impl<'de> Visitor<'de> for ShareVisitor {
            type Value = ShareFile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("en andel i prosent som tall, for eksempel 25 eller 33.33")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ShareFile, E> {
                Ok(ShareFile(share_from_whole(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ShareFile, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ShareFile, E> {
                if !v.is_finite() {
                    return Err(E::custom("andelen må være et endelig tall"));
                }
                share_from_float(v)
                    .map(ShareFile)
                    .ok_or_else(|| E::custom(format!("{v} er ikke en andel")))
            }
        }
        deserializer.deserialize_any(ShareVisitor)
    }
}

impl Serialize for ShareFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_share(self.0, serializer)
    }
}

/// The share a whole number in the file stands for (saturating, so that an absurd
/// value is kept as the largest one and reported).
fn share_from_whole(value: i64) -> Share {
    Share::from_hundredths(value.saturating_mul(100))
}

/// The share a decimal number in the file stands for. `Display` of f64 gives the
/// shortest text that reads back as the same number, so 33.33 is "33.33", never
/// 33.3299999; that text is parsed exactly.
fn share_from_float(value: f64) -> Option<Share> {
    Share::parse_decimal(&value.to_string())
}

/// A share as a JSON/TOML number: `50`, `33.33`.
///
/// The number always reads back as the same [`Share`], so that writing a plan never
/// hides a finding: a share with more than two decimals keeps a third one (`33.333`
/// is written `33.335`; only its first two decimals are kept anyway), and a value too
/// large for the type is written as a number that saturates the same way on reading.
pub(crate) fn serialize_share<S: Serializer>(
    share: Share,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let hundredths = share.hundredths();
    if share.is_exact() {
        if hundredths % 100 == 0 {
            return serializer.serialize_i64(hundredths / 100);
        }
        // Only a whole number that saturated on reading gives these two.
        if hundredths == i64::MAX {
            return serializer.serialize_i64(i64::MAX / 100 + 1);
        }
        if hundredths == i64::MIN {
            return serializer.serialize_i64(i64::MIN / 100 - 1);
        }
    }
    let candidates: Vec<String> = if share.is_exact() {
        vec![share.to_decimal_string()]
    } else {
        let sign = if hundredths < 0 { "-" } else { "" };
        let abs = hundredths.unsigned_abs();
        let two_decimals = format!("{sign}{}.{:02}", abs / 100, abs % 100);
        let mut texts: Vec<String> = ["5", "1", "9", "05", "01"]
            .iter()
            .map(|digits| format!("{two_decimals}{digits}"))
            .collect();
        // More digits than the type holds: any number that overflows the same way.
        texts.push(format!("{sign}1e19"));
        texts
    };
    let value = candidates
        .iter()
        .filter_map(|text| text.parse::<f64>().ok())
        .find(|value| share_from_float(*value) == Some(share))
        .unwrap_or_else(|| share.to_decimal_string().parse().unwrap_or(0.0));
    serializer.serialize_f64(value)
}

/// An ISO date string; in TOML a native date works too.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileDate(pub(crate) Date);

impl<'de> Deserialize<'de> for FileDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = FileDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("en dato på formen ÅÅÅÅ-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FileDate, E> {
                match Date::parse_iso(v) {
                    Ok(date) => Ok(FileDate(date)),
                    Err(DateError::Shape) => Err(E::custom(format!(
                        "«{v}» er ikke en dato på formen ÅÅÅÅ-MM-DD"
                    ))),
                    Err(DateError::DoesNotExist) => {
                        Err(E::custom(format!("datoen {v} finnes ikke")))
                    }
                }
            }
            // The toml crate hands a native date over as a one-entry map.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileDate, A::Error> {
                let Some((_key, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("en tom verdi er ikke en dato"));
                };
                let value: toml::value::Datetime = text.parse().map_err(|_| {
                    de::Error::custom(format!("«{text}» er ikke en dato på formen ÅÅÅÅ-MM-DD"))
                })?;
                match (value.date, value.time) {
                    (Some(date), None) => Date::new(
                        i32::from(date.year),
                        u32::from(date.month),
                        u32::from(date.day),
                    )
                    .map(FileDate)
                    .ok_or_else(|| de::Error::custom(format!("datoen {date} finnes ikke"))),
                    _ => Err(de::Error::custom(format!(
                        "«{value}» er ikke en dato; skriv bare dagen, ÅÅÅÅ-MM-DD"
                    ))),
                }
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

impl Serialize for FileDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}
// ---------------------------------------------------------------------------
// Shared file structure <-> shared domain types.

impl LanguageFile {
    pub(crate) fn into_language(file: Option<LanguageFile>) -> Language {
        match file {
            Some(LanguageFile::Nynorsk) => Language::Nynorsk,
            _ => Language::Bokmal,
        }
    }

    pub(crate) fn from_language(language: Language) -> Option<LanguageFile> {
        Some(match language {
            Language::Bokmal => LanguageFile::Bokmal,
            Language::Nynorsk => LanguageFile::Nynorsk,
        })
    }
}

impl ProgrammeFile {
    pub(crate) fn into_programme(self) -> Programme {
        Programme {
            name: self.name,
            area: self.area,
            county: self.county,
            vision: self.vision,
            period: Period {
                from: self.period.from,
                to: self.period.to,
            },
            jobs_goal: self.jobs_goal,
        }
    }

    pub(crate) fn from_programme(programme: &Programme) -> ProgrammeFile {
        ProgrammeFile {
            name: programme.name.clone(),
            area: programme.area.clone(),
            county: programme.county.clone(),
            vision: programme.vision.clone(),
            period: PeriodFile {
                from: programme.period.from,
                to: programme.period.to,
            },
            jobs_goal: programme.jobs_goal,
        }
    }
}

impl ApprovalFile {
    pub(crate) fn into_approval(file: Option<ApprovalFile>) -> Approval {
        file.map_or_else(Approval::default, |a| Approval {
            board: a.board.map(|d| d.0),
            council: a.council.map(|d| d.0),
        })
    }

    pub(crate) fn from_approval(approval: &Approval) -> Option<ApprovalFile> {
        (approval.board.is_some() || approval.council.is_some()).then(|| ApprovalFile {
            board: approval.board.map(FileDate),
            council: approval.council.map(FileDate),
        })
    }
}
