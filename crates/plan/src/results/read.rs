//! Reading result rows from the bytes of a CSV file (spec §3): the encoding, the
//! separator from the header line, quoting by the `csv` crate, then each cell by the
//! rules of [`super::fields`].

use std::collections::HashMap;
use std::fmt;

use super::fields::{Column, parse_amount, parse_count, parse_date};
use super::{
    ErrorCode, ImportError, LinedRow, Message, OrgNumber, Reading, RegistryContext, ResultRow,
};

/// A file that cannot be read as CSV at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableCsv {
    pub message: Message,
}

impl fmt::Display for UnreadableCsv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.bokmal)
    }
}

impl std::error::Error for UnreadableCsv {}

/// Reads every row of a CSV file and checks it against the programme. Errors are
/// returned as data, all of them; `Err` only when the bytes cannot be read as CSV.
pub fn read_csv(bytes: &[u8], context: &RegistryContext) -> Result<Reading, UnreadableCsv> {
    let text = decode(bytes);
    let separator = detect_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter_map(|(at, b)| (b == b'\n').then_some(at))
        .collect();
    let mut reading = Reading::default();
    let mut header: Option<Header> = None;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                return Err(UnreadableCsv {
                    message: Message::new(
                        format!("kan ikke lese CSV-filen: {error}"),
                        format!("kan ikkje lese CSV-fila: {error}"),
                    ),
                });
            }
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = line_of(
            &text,
            &newlines,
            record.position().map_or(0, |p| p.byte() as usize),
        );
        match &header {
            None => match Header::read(&record, line) {
                Ok(read) => header = Some(read),
                Err(errors) => {
                    reading.errors = errors;
                    return Ok(reading);
                }
            },
            Some(header) => {
                reading.rows_read += 1;
                match read_row(&record, line, header, context) {
                    Ok(row) => reading.rows.push(LinedRow { line, row }),
                    Err(errors) => reading.errors.extend(errors),
                }
            }
        }
    }
    if header.is_none() {
        reading.errors = missing_required(&[Column::Date, Column::FocusArea], 1);
    }
    Ok(reading)
}

/// The 1-based line where a record starting at byte `at` begins. The reader's own
/// line count leaves out line breaks inside quotes, so it is counted here; blank
/// lines the reader skipped before the record are stepped over.
fn line_of(text: &str, newlines: &[usize], at: usize) -> u64 {
    let skipped = text.as_bytes()[at.min(text.len())..]
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let start = at + skipped;
    (newlines.partition_point(|&newline| newline < start) + 1) as u64
}

/// UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise Windows-1252.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            text.into_owned()
        }
    }
}

/// The separator of the header line: the most frequent of `;`, tab and `,` outside
/// quotes (`;` on a tie, as Excel writes it with Norwegian settings).
fn detect_separator(text: &str) -> u8 {
    let Some(line) = text.lines().find(|line| !line.trim().is_empty()) else {
        return b';';
    };
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b';', b'\t', b','];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    separators[best]
}

/// Which cell holds which column.
#[derive(Debug)]
struct Header {
    columns: Vec<Option<Column>>,
    positions: HashMap<Column, usize>,
}

impl Header {
    fn read(record: &csv::StringRecord, line: u64) -> Result<Header, Vec<ImportError>> {
        let mut errors = Vec::new();
        let mut columns = Vec::with_capacity(record.len());
        let mut positions = HashMap::new();
        for (index, cell) in record.iter().enumerate() {
            let name = cell.trim();
            if name.is_empty() {
                // An empty header cell (Excel writes them after a formatted column).
                columns.push(None);
                continue;
            }
            match Column::from_header(name) {
                Some(column) if positions.contains_key(&column) => {
                    errors.push(ImportError {
                        line,
                        column: Some(name.to_string()),
                        code: ErrorCode::HeaderUnknown,
                        text: Some(cell.to_string()),
                        message: Message::new(
                            format!("kolonnen «{name}» står to ganger i overskriften"),
                            format!("kolonna «{name}» står to gonger i overskrifta"),
                        ),
                    });
                    columns.push(None);
                }
                Some(column) => {
                    positions.insert(column, index);
                    columns.push(Some(column));
                }
                None => {
                    let known = Column::known_headers();
                    errors.push(ImportError {
                        line,
                        column: Some(name.to_string()),
                        code: ErrorCode::HeaderUnknown,
                        text: Some(cell.to_string()),
                        message: Message::new(
                            format!("ukjent kolonne «{name}»; kjente kolonner er {known}"),
                            format!("ukjend kolonne «{name}»; kjende kolonner er {known}"),
                        ),
                    });
                    columns.push(None);
                }
            }
        }
        let missing: Vec<Column> = [Column::Date, Column::FocusArea]
            .into_iter()
            .filter(|column| !positions.contains_key(column))
            .collect();
        errors.extend(missing_required(&missing, line));
        if errors.is_empty() {
            Ok(Header { columns, positions })
        } else {
            Err(errors)
        }
    }

    fn cell<'r>(&self, record: &'r csv::StringRecord, column: Column) -> &'r str {
        self.positions
            .get(&column)
            .and_then(|&index| record.get(index))
            .unwrap_or("")
    }
}

fn missing_required(columns: &[Column], line: u64) -> Vec<ImportError> {
    columns
        .iter()
        .map(|column| {
            let name = column.header();
            ImportError {
                line,
                column: Some(name.to_string()),
                code: ErrorCode::HeaderMissing,
                text: None,
                message: Message::new(
                    format!("overskriften mangler kolonnen «{name}»"),
                    format!("overskrifta manglar kolonna «{name}»"),
                ),
            }
        })
        .collect()
}

/// One CSV row: too many cells is an error, then the fields by [`read_fields`].
fn read_row(
    record: &csv::StringRecord,
    line: u64,
    header: &Header,
    context: &RegistryContext,
) -> Result<ResultRow, Vec<ImportError>> {
    let too_many = (record.len() > header.columns.len()).then(|| {
        let (cells, columns) = (record.len(), header.columns.len());
        ImportError {
            line,
            column: None,
            code: ErrorCode::Columns,
            text: None,
            message: Message::new(
                format!("raden har {cells} celler, men overskriften har bare {columns} kolonner"),
                format!("rada har {cells} celler, men overskrifta har berre {columns} kolonner"),
            ),
        }
    });
    let fields = read_fields(|column| header.cell(record, column), line, context);
    match (too_many, fields) {
        (None, fields) => fields,
        (Some(error), Ok(_)) => Err(vec![error]),
        (Some(error), Err(mut errors)) => {
            errors.insert(0, error);
            Err(errors)
        }
    }
}

/// One row from its cells' texts (a CSV row, a form or an API body) by the rules of
/// spec §2: every error of the row, each on `line`, or the row.
pub fn read_fields<'c>(
    cell: impl Fn(Column) -> &'c str,
    line: u64,
    context: &RegistryContext,
) -> Result<ResultRow, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut error = |column: Option<Column>, code: ErrorCode, text: &str, message: Message| {
        errors.push(ImportError {
            line,
            column: column.map(|c| c.header().to_string()),
            code,
            text: column.map(|_| text.to_string()),
            message,
        });
    };

    let date_text = cell(Column::Date);
    let date = match parse_date(date_text) {
        Ok(date) => {
            if !context.period.contains(date.year()) {
                let (year, from, to) = (date.year(), context.period.from, context.period.to);
                error(
                    Some(Column::Date),
                    ErrorCode::YearOutsidePeriod,
                    date_text,
                    Message::new(
                        format!("året {year} er utenfor programperioden {from}–{to}"),
                        format!("året {year} er utanfor programperioden {from}–{to}"),
                    ),
                );
            }
            Some(date)
        }
        Err(message) => {
            error(Some(Column::Date), ErrorCode::Date, date_text, message);
            None
        }
    };

    let area_text = cell(Column::FocusArea);
    let focus_area = match context.area(area_text) {
        Some(area) => Some(area.to_string()),
        None => {
            let name = area_text.trim();
            let known = context.areas.join(", ");
            let message = if name.is_empty() {
                Message::new(
                    format!("innsatsområde mangler; programmets innsatsområder er {known}"),
                    format!("innsatsområde manglar; innsatsområda til programmet er {known}"),
                )
            } else {
                Message::new(
                    format!("«{name}» er ikke et innsatsområde i programmet; de er {known}"),
                    format!("«{name}» er ikkje eit innsatsområde i programmet; dei er {known}"),
                )
            };
            error(
                Some(Column::FocusArea),
                ErrorCode::AreaUnknown,
                area_text,
                message,
            );
            None
        }
    };

    let org_text = cell(Column::OrgNumber);
    let org_number = if org_text.trim().is_empty() {
        None
    } else {
        match OrgNumber::parse(org_text) {
            Some(number) => Some(number),
            None => {
                let shown = org_text.trim();
                error(
                    Some(Column::OrgNumber),
                    ErrorCode::OrgNumber,
                    org_text,
                    Message::new(
                        format!(
                            "«{shown}» er ikke et gyldig organisasjonsnummer (9 siffer med riktig kontrollsiffer)"
                        ),
                        format!(
                            "«{shown}» er ikkje eit gyldig organisasjonsnummer (9 siffer med rett kontrollsiffer)"
                        ),
                    ),
                );
                None
            }
        }
    };

    let mut count = |column: Column| -> i64 {
        let text = cell(column);
        parse_count(text).unwrap_or_else(|message| {
            error(Some(column), ErrorCode::Number, text, message);
            0
        })
    };
    let new_jobs = count(Column::NewJobs);
    let secured_jobs = count(Column::SecuredJobs);
    let projects_completed = count(Column::ProjectsCompleted);
    let applications_granted = count(Column::ApplicationsGranted);

    let amount_text = cell(Column::GrantedAmount);
    let granted_amount = parse_amount(amount_text).unwrap_or_else(|message| {
        error(
            Some(Column::GrantedAmount),
            ErrorCode::Number,
            amount_text,
            message,
        );
        crate::units::Kroner::ZERO
    });

    let text = |column: Column| -> Option<String> {
        let text = cell(column).trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    match (date, focus_area) {
        (Some(date), Some(focus_area)) if errors.is_empty() => Ok(ResultRow {
            date,
            focus_area,
            project: text(Column::Project),
            organisation: text(Column::Organisation),
            org_number,
            new_jobs,
            secured_jobs,
            projects_completed,
            applications_granted,
            granted_amount,
            note: text(Column::Note),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::Period;

    fn context() -> RegistryContext {
        RegistryContext {
            areas: vec!["Reiseliv".to_string(), "Bærekraft".to_string()],
            period: Period {
                from: 2025,
                to: 2030,
            },
        }
    }

    fn codes(reading: &Reading) -> Vec<(u64, &'static str)> {
        reading
            .errors
            .iter()
            .map(|e| (e.line, e.code.as_str()))
            .collect()
    }

    #[test]
    fn separators_are_detected_from_the_header() {
        for (separator, file) in [
            (
                ";",
                "dato;innsatsområde;merknad\n2025-01-01;reiseliv;a, b\n",
            ),
            (
                ",",
                "dato,innsatsområde,merknad\n2025-01-01,reiseliv,\"a; b\"\n",
            ),
            (
                "\t",
                "dato\tinnsatsområde\tmerknad\n2025-01-01\treiseliv\ta; b, c\n",
            ),
        ] {
            let reading = read_csv(file.as_bytes(), &context()).unwrap();
            assert_eq!(codes(&reading), vec![], "{separator:?}");
            assert_eq!(reading.rows.len(), 1);
            assert_eq!(reading.rows[0].row.focus_area, "Reiseliv");
            assert!(
                reading.rows[0]
                    .row
                    .note
                    .as_deref()
                    .unwrap()
                    .starts_with("a")
            );
        }
    }

    #[test]
    fn windows_1252_is_read_when_not_utf8() {
        let bytes = b"dato;innsatsomr\xe5de;merknad\r\n01.01.2025;B\xe6rekraft;Gr\xf8nn\r\n";
        let reading = read_csv(bytes, &context()).unwrap();
        assert_eq!(codes(&reading), vec![]);
        assert_eq!(reading.rows[0].row.focus_area, "Bærekraft");
        assert_eq!(reading.rows[0].row.note.as_deref(), Some("Grønn"));
    }

    #[test]
    fn quoted_cells_hold_separators_quotes_and_line_breaks() {
        let file = "\u{feff}dato;innsatsområde;merknad\r\n2025-01-01;Reiseliv;\"første\r\nandre; \"\"tredje\"\"\"\r\n2025-01-02;Reiseliv;x;\r\n";
        let reading = read_csv(file.as_bytes(), &context()).unwrap();
        assert_eq!(
            reading.rows[0].row.note.as_deref(),
            Some("første\r\nandre; \"tredje\"")
        );
        // The second row starts on line 4 and has a fourth cell.
        assert_eq!(codes(&reading), vec![(4, "csv-columns")]);
        assert_eq!(reading.rows_read, 2);
    }

    #[test]
    fn header_errors_alone_are_reported_on_the_header_line() {
        let file = "\n\ndato;område;beløp\n2025-13-01;x;y\n";
        let reading = read_csv(file.as_bytes(), &context()).unwrap();
        let mut found = codes(&reading);
        found.sort();
        assert_eq!(
            found,
            vec![
                (3, "csv-header-missing"),
                (3, "csv-header-unknown"),
                (3, "csv-header-unknown"),
            ]
        );
        let empty = read_csv(b"", &context()).unwrap();
        assert_eq!(
            codes(&empty),
            vec![(1, "csv-header-missing"), (1, "csv-header-missing")]
        );
    }

    #[test]
    fn empty_rows_are_skipped_and_zero_rows_kept() {
        let file = "dato;innsatsområde;nye_arbeidsplasser;merknad\n;;;\n\n2025-05-05;Reiseliv;;bare en merknad\n";
        let reading = read_csv(file.as_bytes(), &context()).unwrap();
        assert_eq!(codes(&reading), vec![]);
        assert_eq!(reading.rows_read, 1);
        assert_eq!(reading.rows[0].line, 4);
        assert_eq!(reading.rows[0].row.new_jobs, 0);
    }

    #[test]
    fn every_error_of_every_row_is_reported() {
        let file = "dato;innsatsområde;orgnr;nye_arbeidsplasser;innvilget_beløp\n\
                    2024-01-01;Havbruk;123;x;12,50\n\
                    ;;;;\n\
                    31.02.2026;Reiseliv;;;\n";
        let reading = read_csv(file.as_bytes(), &context()).unwrap();
        assert_eq!(
            codes(&reading),
            vec![
                (2, "csv-year-outside-period"),
                (2, "csv-area-unknown"),
                (2, "csv-orgnr"),
                (2, "csv-number"),
                (2, "csv-number"),
                (4, "csv-date"),
            ]
        );
        assert!(reading.rows.is_empty());
        assert_eq!(reading.rows_read, 2);
    }
}
