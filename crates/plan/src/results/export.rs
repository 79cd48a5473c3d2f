//! Result rows as a CSV file that Excel opens with `æøå` intact: UTF-8 with BOM,
//! `;` between cells, `\r\n` line ends, the spec's bokmål headers.

use super::ResultRow;
use super::fields::Column;

/// The header line of an exported file, without BOM and line end.
pub const CSV_HEADER: &str = "dato;innsatsområde;prosjekt;virksomhet;orgnr;nye_arbeidsplasser;sikrede_arbeidsplasser;avsluttede_prosjekter;innvilgede_søknader;innvilget_beløp;merknad";

/// The rows as CSV bytes, which [`super::read_csv`] reads back as the same rows.
pub fn export_csv<'a>(rows: impl IntoIterator<Item = &'a ResultRow>) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let header = Column::ALL.map(Column::header);
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(header);
        for row in rows {
            let text = |value: &Option<String>| value.clone().unwrap_or_default();
            let _ = writer.write_record([
                row.date.to_string(),
                row.focus_area.clone(),
                text(&row.project),
                text(&row.organisation),
                row.org_number
                    .as_ref()
                    .map(|o| o.as_str().to_string())
                    .unwrap_or_default(),
                row.new_jobs.to_string(),
                row.secured_jobs.to_string(),
                row.projects_completed.to_string(),
                row.applications_granted.to_string(),
                row.granted_amount.0.to_string(),
                text(&row.note),
            ]);
        }
        let _ = writer.flush();
    }
    out
}
