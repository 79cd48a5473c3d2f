//! The results registry's rows as an Excel workbook (issue 13), beside the CSV export
//! of [`plan::results::export_csv`]: one sheet, the spec's headers in the first row (so
//! a user who saves the sheet as CSV can import it again), dates as Excel dates, counts
//! and kroner as numbers.
//!
//! Safety as in [`crate::xlsx`]: every text from a row is written with `write_string`,
//! so a text that begins with `=`, `+`, `-` or `@` stays text. Pure: returns bytes.

use plan::Language;
use plan::results::{Column, ResultRow};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::xlsx::XlsxError;

/// The longest text an Excel cell holds.
const MAX_CELL_TEXT: usize = 32_767;

/// The rows as the bytes of an `.xlsx` file; `title` names the workbook (the programme).
pub fn xlsx(rows: &[ResultRow], title: &str, language: Language) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet_title = match language {
        Language::Bokmal => "Resultater",
        Language::Nynorsk => "Resultat",
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{sheet_title} – {title}"))
            .set_subject(sheet_title),
    );
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let count = Format::new().set_num_format("0");
    // Plain whole kroner: a grouped format is shown with the reader's locale (`450,000`
    // in English), which a CSV saved from the sheet would carry and the import refuse.
    let kroner = Format::new().set_num_format("0");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_title)?;
    for (col, column) in Column::ALL.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.header(), &bold)?;
        let width = match column {
            Column::Date => 12.0,
            Column::FocusArea | Column::Project | Column::Organisation | Column::Note => 28.0,
            Column::GrantedAmount => 16.0,
            _ => 12.0,
        };
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (index, row) in rows.iter().enumerate() {
        let r = u32::try_from(index + 1)
            .map_err(|_| XlsxError::Workbook("for mange rader for et regneark".into()))?;
        let text = |column: Column, value: &str| -> Result<String, XlsxError> {
            if value.chars().count() > MAX_CELL_TEXT {
                return Err(XlsxError::TextTooLong(format!(
                    "rad {} ({})",
                    index + 2,
                    column.header()
                )));
            }
            Ok(value.to_owned())
        };
        let when = ExcelDateTime::from_ymd(
            u16::try_from(row.date.year()).unwrap_or(1900),
            u8::try_from(row.date.month()).unwrap_or(1),
            u8::try_from(row.date.day()).unwrap_or(1),
        )?;
        sheet.write_datetime_with_format(r, 0, &when, &date)?;
        sheet.write_string(r, 1, text(Column::FocusArea, &row.focus_area)?)?;
        for (col, column, value) in [
            (2, Column::Project, &row.project),
            (3, Column::Organisation, &row.organisation),
            (10, Column::Note, &row.note),
        ] {
            if let Some(value) = value {
                sheet.write_string(r, col, text(column, value)?)?;
            }
        }
        if let Some(org) = &row.org_number {
            // Text, as the register writes it: a number would lose nothing here, but a
            // spreadsheet would show it as 923609016 with thousands separators.
            sheet.write_string(r, 4, org.as_str())?;
        }
        for (col, value) in [
            (5, row.new_jobs),
            (6, row.secured_jobs),
            (7, row.projects_completed),
            (8, row.applications_granted),
        ] {
            sheet.write_number_with_format(r, col, value as f64, &count)?;
        }
        sheet.write_number_with_format(r, 9, row.granted_amount.0 as f64, &kroner)?;
    }
    sheet.autofilter(0, 0, u32::try_from(rows.len()).unwrap_or(u32::MAX), 10)?;
    Ok(workbook.save_to_buffer()?)
}
