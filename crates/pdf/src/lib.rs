//! A document (a Handlingsplan, an Omstillingsplan) as an accessible PDF, typeset
//! in-process with Typst.
//!
//! The PDF holds the same document as the other formats: this crate takes `render`'s
//! format-neutral [`Document`] (never a plan), turns it into Typst markup ([`markup`] keeps
//! every plan text a string literal, never markup), compiles it in a closed
//! [`world`] (fonts compiled into the binary, no files, no network, the date from
//! the caller) and exports a tagged PDF that declares PDF/UA-1, with the
//! document's language, its title shown in the window title, bookmarks for the
//! headings, table header rows marked and repeated, and alt text on every figure.
//!
//! Typst lives in this crate alone so the rest of the workspace builds fast.
//! It returns bytes; it never writes files.

pub mod markup;
pub mod typeset;
pub mod world;

use render::Document;
use render::chart;
use render::document::Figure;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Datetime;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use world::warm_up;

/// Why a PDF could not be made. Only a bug in the generated markup or in Typst
/// leads here; the message names Typst's diagnostics.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("kunne ikke sette PDF-dokumentet: {0}")]
    Typeset(String),
    #[error("kunne ikke lage PDF-fila: {0}")]
    Export(String),
    /// The logo is not a PNG image we can place.
    #[error(transparent)]
    Logo(#[from] render::RenderError),
}

/// A calendar date (the caller's "today"), used as the PDF's creation date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// What the caller decides about a PDF (the logo is in the [`Document`]).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Today's date, written as the PDF's creation date; `None` leaves it out
    /// (the PDF is then byte-for-byte reproducible).
    pub today: Option<Today>,
}

/// The document as a tagged PDF/UA-1 file. Its charts are drawn from its figures'
/// own data.
pub fn pdf(document: &Document, options: &Options) -> Result<Vec<u8>, PdfError> {
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    for figure in document.figures() {
        if let Some(chart) = chart::for_figure(figure, document.language) {
            files.push((typeset::figure_path(figure), chart.svg.into_bytes()));
        }
    }
    let has_logo = match &document.front.logo {
        Some(logo) => {
            render::png_size(&logo.png)?;
            files.push((typeset::LOGO_PATH, logo.png.clone()));
            true
        }
        None => false,
    };
    let paths: Vec<&str> = files.iter().map(|(path, _)| *path).collect();
    let has_chart = |figure: &Figure| paths.contains(&typeset::figure_path(figure));
    let markup = typeset::document(document, &has_chart, has_logo);
    typeset(markup, files, options.today)
}

/// Compiles generated Typst `markup` with the given in-memory files into a tagged
/// PDF/UA-1 document.
pub fn typeset(
    markup: String,
    files: Vec<(&str, Vec<u8>)>,
    today: Option<Today>,
) -> Result<Vec<u8>, PdfError> {
    let today = today.and_then(|t| Datetime::from_ymd(t.year, t.month, t.day));
    let world = world::RenderWorld::new(markup, files, today);
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|errors| PdfError::Typeset(describe(&errors)))?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1])
        .map_err(|error| PdfError::Export(error.message().to_string()))?;
    let options = PdfOptions {
        standards,
        tagged: true,
        timestamp: today.map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PdfError::Export(describe(&errors)))?;
    // Typst memoizes across compilations; keep the cache from growing in a server.
    typst::comemo::evict(10);
    Ok(bytes)
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|error| error.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
