//! The overview across programmes (issue 14) as a table that every format shares: the
//! page shows it, and the exports write exactly it, as CSV (`;`, UTF-8 with BOM, `\r\n`,
//! like the results export) and as an Excel workbook. The caller builds the [`Table`]
//! once (headers in the reader's language, the rows as shown, the sums at the foot);
//! the writers decide only the format. Pure: returns bytes.

use rust_xlsxwriter::{DocProperties, Format, Workbook};

use crate::xlsx::XlsxError;

/// One cell: a text, a whole number (kroner, jobs, counts) or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Empty,
}

/// The overview as shown: a title, the column headers, the rows and the foot (the sums).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub foot: Vec<Cell>,
}

impl Cell {
    /// The cell as CSV text: numbers plain (`1250000`), so a spreadsheet reads them.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// The table as CSV bytes: BOM, header line, the rows, the foot.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(&table.headers);
        for row in table.rows.iter().chain(std::iter::once(&table.foot)) {
            let _ = writer.write_record(row.iter().map(Cell::plain));
        }
        let _ = writer.flush();
    }
    out
}

/// The table as an `.xlsx` workbook: one sheet, headers bold and frozen, numbers as
/// numbers, texts always as text (a name that begins with `=` stays a name), the foot bold.
pub fn xlsx(table: &Table, sheet_name: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(&table.title));
    let bold = Format::new().set_bold();
    let number = Format::new().set_num_format("# ##0");
    let bold_number = Format::new().set_bold().set_num_format("# ##0");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (col, header) in table.headers.iter().enumerate() {
        let col =
            u16::try_from(col).map_err(|_| XlsxError::Workbook("for mange kolonner".into()))?;
        sheet.write_string_with_format(0, col, header, &bold)?;
        sheet.set_column_width(col, if col < 4 { 24.0 } else { 14.0 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let rows = table.rows.iter().map(|r| (r, false));
    for (index, (row, is_foot)) in rows.chain(std::iter::once((&table.foot, true))).enumerate() {
        let r = u32::try_from(index + 1)
            .map_err(|_| XlsxError::Workbook("for mange rader for et regneark".into()))?;
        for (col, cell) in row.iter().enumerate() {
            let col =
                u16::try_from(col).map_err(|_| XlsxError::Workbook("for mange kolonner".into()))?;
            match cell {
                Cell::Text(text) if is_foot => {
                    sheet.write_string_with_format(r, col, text, &bold)?;
                }
                Cell::Text(text) => {
                    if text.chars().count() > 32_767 {
                        return Err(XlsxError::TextTooLong(format!("rad {}", r + 1)));
                    }
                    sheet.write_string(r, col, text)?;
                }
                Cell::Number(n) => {
                    let format = if is_foot { &bold_number } else { &number };
                    sheet.write_number_with_format(r, col, *n as f64, format)?;
                }
                Cell::Empty => {}
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            title: "Oversikt 2027".into(),
            headers: vec!["Program".into(), "Samlet kostnad".into()],
            rows: vec![vec![
                Cell::Text("Fjordvik; «Vekst»".into()),
                Cell::Number(1_250_000),
            ]],
            foot: vec![Cell::Text("Sum".into()), Cell::Number(1_250_000)],
        }
    }

    #[test]
    fn csv_has_bom_semicolons_and_quotes_what_needs_it() {
        let bytes = csv(&table());
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{feff}Program;Samlet kostnad\r\n\"Fjordvik; «Vekst»\";1250000\r\nSum;1250000\r\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip() {
        let bytes = xlsx(&table(), "Oversikt").unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
