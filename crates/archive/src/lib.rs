//! The archive package of an approved plan (`../shared/spec/arkiv.md`): what a kommune's
//! sak-/arkivsystem takes in for a case document.
//!
//! [`package`] turns a [`Record`] (who decided what, when) and the version's [`Files`]
//! into zip bytes holding
//!
//! - `document.pdf`: the archive copy (PDF/A-2), as given;
//! - `plan.json`: the stored version, byte for byte;
//! - `check.json`: its check object;
//! - `metadata.xml`: the Noark 5 arkivmelding of KS's FIKS Arkiv v1 ([`metadata_xml`]);
//! - `manifest-sha256.txt`: one `sha256sum` line per file above (`sha256sum -c` verifies it).
//!
//! Pure: no I/O, no clock. The same record and files give the same bytes: the entries
//! are written in a fixed order with the council decision's date as their time and fixed
//! permissions, and nothing else varies.

use std::io::{Cursor, Write as _};

use plan::{Date, Language};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use sha2::{Digest as _, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The arkivmelding's own namespace (FIKS Arkiv v1, `arkivmelding/opprett`).
pub const ARKIVMELDING_NS: &str =
    "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";
/// The namespace of the catalogue types (codes, external keys).
pub const METADATAKATALOG_NS: &str =
    "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The name of the system in the arkivmelding and in the external keys.
pub const SYSTEM: &str = "omstilling";

/// The files of a package, in the order they are written.
pub const FILES: [&str; 5] = [
    "document.pdf",
    "plan.json",
    "check.json",
    "metadata.xml",
    "manifest-sha256.txt",
];

/// Why a package could not be made. Only a broken record (a date the zip format cannot
/// hold) or a bug leads here.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("kunne ikke skrive metadata.xml: {0}")]
    Xml(#[from] std::io::Error),
    #[error("kunne ikke lage arkivpakken (zip): {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("vedtaksdatoen {0} kan ikke stå i en zip-fil (bare årene 1980–2107)")]
    Date(Date),
}

/// A decision by the board or the council: its date and case reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub date: Date,
    /// The case reference as recorded, e.g. `sak 21/39`; may be empty.
    pub reference: String,
}

/// The programme, the archive's case folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    /// The address part, e.g. `fjordvik`.
    pub slug: String,
    /// E.g. `Fjordvik Vekst`.
    pub name: String,
    /// E.g. `Fjordvik kommune`.
    pub area: String,
    pub period_from: i32,
    pub period_to: i32,
}

/// Which document of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The yearly Handlingsplan for this year.
    Handlingsplan { year: i32 },
    /// The six-year Omstillingsplan.
    Omstillingsplan,
}

/// One approved version of a document: everything the arkivmelding says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub programme: Programme,
    pub kind: Kind,
    /// The version number of the approved version.
    pub version: i64,
    /// The document's language (the decisions' description follows it).
    pub language: Language,
    /// The board's decision, when the document went through the board.
    pub board: Option<Decision>,
    /// The council's approval: what makes the version an archive record.
    pub council: Decision,
}

/// The files of one version, as stored.
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    /// The archive copy (PDF/A-2).
    pub pdf: &'a [u8],
    /// The version's body, byte for byte as stored.
    pub plan_json: &'a [u8],
    /// Its check object (JSON).
    pub check_json: &'a [u8],
}

impl Record {
    /// The folder's (the programme's) address: `programmes/fjordvik`.
    pub fn folder_key(&self) -> String {
        format!("programmes/{}", self.programme.slug)
    }

    /// The version's address: `programmes/fjordvik/plans/2027/versions/5`,
    /// `programmes/fjordvik/omstillingsplan/versions/4`.
    pub fn record_key(&self) -> String {
        match self.kind {
            Kind::Handlingsplan { year } => format!(
                "{}/plans/{year}/versions/{}",
                self.folder_key(),
                self.version
            ),
            Kind::Omstillingsplan => format!(
                "{}/omstillingsplan/versions/{}",
                self.folder_key(),
                self.version
            ),
        }
    }

    /// The folder's title: `Omstillingsprogram Fjordvik Vekst 2025–2030`.
    pub fn folder_title(&self) -> String {
        let p = &self.programme;
        format!(
            "Omstillingsprogram {} {}–{}",
            p.name, p.period_from, p.period_to
        )
    }

    /// The document's title: `Handlingsplan 2027 – Omstilling i Fjordvik kommune`,
    /// `Omstillingsplan 2025–2030 – Omstilling i Fjordvik kommune` (no year: the
    /// programme's period).
    pub fn title(&self) -> String {
        match self.kind {
            Kind::Handlingsplan { year } => {
                format!(
                    "Handlingsplan {year} – Omstilling i {}",
                    self.programme.area
                )
            }
            Kind::Omstillingsplan => format!(
                "Omstillingsplan {}–{} – Omstilling i {}",
                self.programme.period_from, self.programme.period_to, self.programme.area
            ),
        }
    }

    /// The document type's code and name in the arkivmelding.
    fn document_type(&self) -> (&'static str, &'static str) {
        match self.kind {
            Kind::Handlingsplan { .. } => ("PLAN", "Handlingsplan"),
            Kind::Omstillingsplan => ("PLAN", "Omstillingsplan"),
        }
    }

    /// A readable file name for the PDF: `Handlingsplan 2027 Fjordvik kommune.pdf`,
    /// `Omstillingsplan 2025–2030 Fjordvik kommune.pdf`.
    pub fn file_name(&self) -> String {
        match self.kind {
            Kind::Handlingsplan { year } => {
                format!("Handlingsplan {year} {}.pdf", self.programme.area)
            }
            Kind::Omstillingsplan => format!(
                "Omstillingsplan {}–{} {}.pdf",
                self.programme.period_from, self.programme.period_to, self.programme.area
            ),
        }
    }

    /// The package's file name: `handlingsplan-2027-fjordvik-v5-arkiv.zip`,
    /// `omstillingsplan-2025-2030-fjordvik-v4-arkiv.zip`.
    pub fn package_name(&self) -> String {
        let document = match self.kind {
            Kind::Handlingsplan { year } => format!("handlingsplan-{year}"),
            Kind::Omstillingsplan => format!(
                "omstillingsplan-{}-{}",
                self.programme.period_from, self.programme.period_to
            ),
        };
        format!(
            "{document}-{}-v{}-arkiv.zip",
            self.programme.slug, self.version
        )
    }

    /// The decisions with their dates and case references, in the document's language:
    /// `Behandlet av styret 27. november 2026 (sak 21/39). Godkjent av kommunestyret
    /// 10. desember 2026 (PS 88/26).`
    pub fn decisions(&self) -> String {
        let (board, council) = match self.language {
            Language::Bokmal => ("Behandlet av styret", "Godkjent av kommunestyret"),
            Language::Nynorsk => ("Handsama av styret", "Godkjend av kommunestyret"),
        };
        let sentence = |lead: &str, decision: &Decision| {
            let date = plan::norwegian::date(decision.date, self.language);
            let reference = decision.reference.trim();
            if reference.is_empty() {
                format!("{lead} {date}.")
            } else {
                format!("{lead} {date} ({reference}).")
            }
        };
        let mut out = String::new();
        if let Some(decision) = &self.board {
            out.push_str(&sentence(board, decision));
            out.push(' ');
        }
        out.push_str(&sentence(council, &self.council));
        out
    }
}

impl Record {
    /// The archive copy's description (its XMP `dc:description`): the document, the
    /// programme, the version, the decisions and the SHA-256 of the plan JSON.
    pub fn pdf_description(&self, plan_sha256: &str) -> String {
        // "versjon" is the same word in bokmål and nynorsk.
        format!(
            "{}. {} ({}), versjon {}. {} SHA-256 plan.json: {plan_sha256}",
            self.title(),
            self.folder_title(),
            self.programme.area,
            self.version,
            self.decisions(),
        )
    }

    /// The archive copy's keywords: the programme, the document and year, the case
    /// references and the SHA-256 of the plan JSON.
    pub fn pdf_keywords(&self, plan_sha256: &str) -> Vec<String> {
        let mut keywords = vec![self.folder_title()];
        keywords.push(match self.kind {
            Kind::Handlingsplan { year } => format!("Handlingsplan {year}"),
            Kind::Omstillingsplan => "Omstillingsplan".to_owned(),
        });
        for decision in self.board.iter().chain([&self.council]) {
            let reference = decision.reference.trim();
            if !reference.is_empty() {
                keywords.push(reference.to_owned());
            }
        }
        keywords.push(format!("sha256:{plan_sha256}"));
        keywords
    }
}

/// Hex SHA-256 (lower case) of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// The arkivmelding (`metadata.xml`) for the record whose archive copy is `pdf`:
/// one case folder for the programme, one journal entry for the version, one document
/// description with the PDF as its document object. Element order follows the XML
/// Schema's sequences (see the spec's example).
pub fn metadata_xml(record: &Record, pdf: &[u8]) -> Result<Vec<u8>, ArchiveError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let folder_key = record.folder_key();
    let title = record.title();
    w.create_element("arkivmelding")
        .with_attribute(("xmlns", ARKIVMELDING_NS))
        .with_attribute(("xmlns:xsi", XSI_NS))
        .with_attribute(("xmlns:n5mdk", METADATAKATALOG_NS))
        .write_inner_content(|w| {
            text(w, "system", SYSTEM)?;
            // The files of the message as spec arkiv.md's example counts them: the
            // arkivmelding itself and the archive copy it refers to (`document.pdf`).
            text(w, "antallFiler", "2")?;
            w.create_element("mappe")
                .with_attribute(("xsi:type", "saksmappe"))
                .write_inner_content(|w| {
                    text(w, "tittel", &record.folder_title())?;
                    w.create_element("referanseEksternNoekkel")
                        .write_inner_content(|w| external_key(w, &folder_key))?;
                    Ok(())
                })?;
            w.create_element("registrering")
                .with_attribute(("xsi:type", "journalpost"))
                .write_inner_content(|w| {
                    w.create_element("referanseForelderMappe")
                        .write_inner_content(|w| {
                            w.create_element("n5mdk:referanseEksternNoekkel")
                                .write_inner_content(|w| external_key(w, &folder_key))?;
                            Ok(())
                        })?;
                    document_description(w, record, &title, pdf)?;
                    text(w, "tittel", &title)?;
                    text(w, "beskrivelse", &record.decisions())?;
                    w.create_element("referanseEksternNoekkel")
                        .write_inner_content(|w| external_key(w, &record.record_key()))?;
                    code(
                        w,
                        "journalposttype",
                        "X",
                        "Organinternt dokument uten oppfølging",
                    )?;
                    text(w, "dokumentetsDato", &record.council.date.to_string())?;
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

fn document_description(
    w: &mut Writer<Vec<u8>>,
    record: &Record,
    title: &str,
    pdf: &[u8],
) -> std::io::Result<()> {
    let (type_code, type_name) = record.document_type();
    w.create_element("dokumentbeskrivelse")
        .write_inner_content(|w| {
            code(w, "dokumenttype", type_code, type_name)?;
            code(w, "dokumentstatus", "F", "Dokumentet er ferdigstilt")?;
            text(w, "tittel", title)?;
            code(w, "tilknyttetRegistreringSom", "H", "Hoveddokument")?;
            w.create_element("dokumentobjekt")
                .write_inner_content(|w| {
                    text(w, "versjonsnummer", &record.version.to_string())?;
                    code(w, "variantformat", "A", "Arkivformat")?;
                    code(w, "format", "RA-PDF", "PDF/A-2")?;
                    text(w, "mimeType", "application/pdf")?;
                    text(w, "filnavn", &record.file_name())?;
                    text(w, "referanseDokumentfil", FILES[0])?;
                    text(w, "sjekksum", &sha256_hex(pdf))?;
                    text(w, "sjekksumAlgoritme", "SHA256")?;
                    text(w, "filstoerrelse", &pdf.len().to_string())?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// `<name>value</name>`, the value escaped.
fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// A catalogue code: `<name><n5mdk:kode>…</n5mdk:kode><n5mdk:beskrivelse>…</n5mdk:beskrivelse></name>`.
fn code(w: &mut Writer<Vec<u8>>, name: &str, code: &str, description: &str) -> std::io::Result<()> {
    w.create_element(name).write_inner_content(|w| {
        text(w, "n5mdk:kode", code)?;
        text(w, "n5mdk:beskrivelse", description)
    })?;
    Ok(())
}

/// The inside of an external key: the system and the key.
fn external_key(w: &mut Writer<Vec<u8>>, key: &str) -> std::io::Result<()> {
    text(w, "n5mdk:fagsystem", SYSTEM)?;
    text(w, "n5mdk:noekkel", key)
}

/// The manifest: `HASH  NAME` per file, in `sha256sum`'s format.
pub fn manifest(files: &[(&str, &[u8])]) -> String {
    files
        .iter()
        .map(|(name, bytes)| format!("{}  {name}\n", sha256_hex(bytes)))
        .collect()
}

/// The archive package of the record: deterministic zip bytes (see the crate docs).
pub fn package(record: &Record, files: &Files<'_>) -> Result<Vec<u8>, ArchiveError> {
    let metadata = metadata_xml(record, files.pdf)?;
    let contents: [(&str, &[u8]); 4] = [
        (FILES[0], files.pdf),
        (FILES[1], files.plan_json),
        (FILES[2], files.check_json),
        (FILES[3], &metadata),
    ];
    let manifest = manifest(&contents);
    let date = record.council.date;
    let time = u16::try_from(date.year())
        .ok()
        .and_then(|year| {
            let month = u8::try_from(date.month()).ok()?;
            let day = u8::try_from(date.day()).ok()?;
            DateTime::from_date_and_time(year, month, day, 0, 0, 0).ok()
        })
        .ok_or(ArchiveError::Date(date))?;
    let options = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in contents
        .iter()
        .copied()
        .chain([(FILES[4], manifest.as_bytes())])
    {
        // The PDF is compressed already; the text files deflate well.
        let method = if name == FILES[0] {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        zip.start_file(name, options.compression_method(method))?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(language: Language) -> Record {
        Record {
            programme: Programme {
                slug: "fjordvik".into(),
                name: "Fjordvik Vekst".into(),
                area: "Fjordvik kommune".into(),
                period_from: 2025,
                period_to: 2030,
            },
            kind: Kind::Handlingsplan { year: 2027 },
            version: 5,
            language,
            board: Some(Decision {
                date: Date::new(2026, 11, 27).unwrap(),
                reference: "sak 21/39".into(),
            }),
            council: Decision {
                date: Date::new(2026, 12, 10).unwrap(),
                reference: "PS 88/26".into(),
            },
        }
    }

    #[test]
    fn decisions_name_dates_and_references_in_the_documents_language() {
        assert_eq!(
            record(Language::Bokmal).decisions(),
            "Behandlet av styret 27. november 2026 (sak 21/39). Godkjent av kommunestyret 10. desember 2026 (PS 88/26)."
        );
        let mut nn = record(Language::Nynorsk);
        nn.board = None;
        nn.council.reference = " ".into();
        assert_eq!(
            nn.decisions(),
            "Godkjend av kommunestyret 10. desember 2026."
        );
    }

    #[test]
    fn metadata_matches_the_specs_example_but_for_checksum_size_file_name_and_file_count() {
        let pdf = b"%PDF-1.7 not really";
        let xml = String::from_utf8(metadata_xml(&record(Language::Bokmal), pdf).unwrap()).unwrap();
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<arkivmelding xmlns="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:n5mdk="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1">
<system>omstilling</system> <antallFiler>2</antallFiler>
<mappe xsi:type="saksmappe"> <tittel>Omstillingsprogram Fjordvik Vekst 2025–2030</tittel>
<referanseEksternNoekkel> <n5mdk:fagsystem>omstilling</n5mdk:fagsystem> <n5mdk:noekkel>programmes/fjordvik</n5mdk:noekkel> </referanseEksternNoekkel> </mappe>
<registrering xsi:type="journalpost">
<referanseForelderMappe> <n5mdk:referanseEksternNoekkel> <n5mdk:fagsystem>omstilling</n5mdk:fagsystem> <n5mdk:noekkel>programmes/fjordvik</n5mdk:noekkel> </n5mdk:referanseEksternNoekkel> </referanseForelderMappe>
<dokumentbeskrivelse>
<dokumenttype> <n5mdk:kode>PLAN</n5mdk:kode> <n5mdk:beskrivelse>Handlingsplan</n5mdk:beskrivelse> </dokumenttype>
<dokumentstatus> <n5mdk:kode>F</n5mdk:kode> <n5mdk:beskrivelse>Dokumentet er ferdigstilt</n5mdk:beskrivelse> </dokumentstatus>
<tittel>Handlingsplan 2027 – Omstilling i Fjordvik kommune</tittel>
<tilknyttetRegistreringSom> <n5mdk:kode>H</n5mdk:kode> <n5mdk:beskrivelse>Hoveddokument</n5mdk:beskrivelse> </tilknyttetRegistreringSom>
<dokumentobjekt> <versjonsnummer>5</versjonsnummer>
<variantformat> <n5mdk:kode>A</n5mdk:kode> <n5mdk:beskrivelse>Arkivformat</n5mdk:beskrivelse> </variantformat>
<format> <n5mdk:kode>RA-PDF</n5mdk:kode> <n5mdk:beskrivelse>PDF/A-2</n5mdk:beskrivelse> </format>
<mimeType>application/pdf</mimeType> <filnavn>Handlingsplan 2027 Fjordvik kommune.pdf</filnavn>
<referanseDokumentfil>document.pdf</referanseDokumentfil>
<sjekksum>SUM</sjekksum> <sjekksumAlgoritme>SHA256</sjekksumAlgoritme> <filstoerrelse>19</filstoerrelse>
</dokumentobjekt> </dokumentbeskrivelse>
<tittel>Handlingsplan 2027 – Omstilling i Fjordvik kommune</tittel>
<beskrivelse>Behandlet av styret 27. november 2026 (sak 21/39). Godkjent av kommunestyret 10. desember 2026 (PS 88/26).</beskrivelse>
<referanseEksternNoekkel> <n5mdk:fagsystem>omstilling</n5mdk:fagsystem> <n5mdk:noekkel>programmes/fjordvik/plans/2027/versions/5</n5mdk:noekkel> </referanseEksternNoekkel>
<journalposttype> <n5mdk:kode>X</n5mdk:kode> <n5mdk:beskrivelse>Organinternt dokument uten oppfølging</n5mdk:beskrivelse> </journalposttype>
<dokumentetsDato>2026-12-10</dokumentetsDato>
</registrering> </arkivmelding>"#
            .replace("SUM", &sha256_hex(pdf));
        // Compare ignoring the indentation between elements.
        let tags = |s: &str| squash(&s.replace('>', "> ").replace('<', " <"));
        assert_eq!(tags(&xml), tags(&expected));
    }

    #[test]
    fn text_is_escaped() {
        let mut r = record(Language::Bokmal);
        r.programme.name = "A & B <C>".into();
        let xml = String::from_utf8(metadata_xml(&r, b"").unwrap()).unwrap();
        assert!(xml.contains("Omstillingsprogram A &amp; B &lt;C&gt; 2025–2030"));
    }

    #[test]
    fn the_omstillingsplans_record_has_no_year_but_the_programmes_period() {
        let mut r = record(Language::Bokmal);
        r.kind = Kind::Omstillingsplan;
        r.version = 4;
        assert_eq!(
            r.title(),
            "Omstillingsplan 2025–2030 – Omstilling i Fjordvik kommune"
        );
        assert_eq!(
            r.record_key(),
            "programmes/fjordvik/omstillingsplan/versions/4"
        );
        assert_eq!(
            r.file_name(),
            "Omstillingsplan 2025–2030 Fjordvik kommune.pdf"
        );
        assert_eq!(
            r.package_name(),
            "omstillingsplan-2025-2030-fjordvik-v4-arkiv.zip"
        );
        assert_eq!(
            record(Language::Bokmal).package_name(),
            "handlingsplan-2027-fjordvik-v5-arkiv.zip"
        );
        let xml = String::from_utf8(metadata_xml(&r, b"%PDF").unwrap()).unwrap();
        for part in [
            "<n5mdk:beskrivelse>Omstillingsplan</n5mdk:beskrivelse>",
            "<tittel>Omstillingsplan 2025–2030 – Omstilling i Fjordvik kommune</tittel>",
            "<n5mdk:noekkel>programmes/fjordvik/omstillingsplan/versions/4</n5mdk:noekkel>",
            "<filnavn>Omstillingsplan 2025–2030 Fjordvik kommune.pdf</filnavn>",
            "<versjonsnummer>4</versjonsnummer>",
        ] {
            assert!(xml.contains(part), "{part} in {xml}");
        }
        assert!(
            !xml.contains("2027"),
            "no year in the Omstillingsplan's record: {xml}"
        );
        let keywords = r.pdf_keywords("abc");
        assert_eq!(keywords[1], "Omstillingsplan");
    }

    #[test]
    fn the_same_record_gives_the_same_bytes_and_a_verifying_manifest() {
        let files = Files {
            pdf: b"%PDF",
            plan_json: b"{\"year\":2027}",
            check_json: b"{}",
        };
        let a = package(&record(Language::Bokmal), &files).unwrap();
        let b = package(&record(Language::Bokmal), &files).unwrap();
        assert_eq!(a, b);
        let mut other = record(Language::Bokmal);
        other.version = 6;
        assert_ne!(package(&other, &files).unwrap(), a);
        let manifest = manifest(&[("plan.json", files.plan_json)]);
        assert_eq!(
            manifest,
            format!("{}  plan.json\n", sha256_hex(files.plan_json))
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
