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

pub mod finished;
pub mod fonts;
pub mod markup;
pub mod rows;
pub mod typeset;
pub mod world;

use render::Document;
use render::chart;
use render::document::Figure;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Makes the first PDF of a process cost what later ones do: loads the font book and
/// the standard library, and typesets a small document with the body faces, a
/// heading, a table and the page footer, so the faces and Typst's lazily built tables
/// (line breaking, hyphenation) are ready. A server calls it once at start, off the
/// request path.
pub fn warm_up() {
    world::warm_up();
    let markup = concat!(
        "#set text(font: \"Noto Sans\", lang: \"nb\", region: \"NO\", size: 10pt)\n",
        "#set page(paper: \"a4\", footer: context { str(here().page()) })\n",
        "#outline()\n",
        "#heading(level: 1, \"Oppvarming\")\n",
        "#par[#\"Førsteutkast til handlingsplan\" #strong(\"fet\") #emph(\"kursiv\") #strong(emph(\"begge\"))]\n",
        "#figure(kind: table, caption: \"Tabell\", table(columns: (1fr, 1fr), table.header([#strong(\"A\")], [#strong(\"B\")]), [1 250 000], [50 %]))\n",
    );
    // A failure here shows again, with its message, on the first real render.
    let _ = typeset(markup.to_owned(), Vec::new(), None);
}

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
    /// `Some`: the archive copy of an approved version (see [`Archive`]).
    pub archive: Option<Archive>,
}

/// What makes a PDF the archive copy of an approved version: it then declares PDF/A-2a
/// together with PDF/UA-1, and its XMP metadata (`dc:description`, `dc:creator`,
/// `pdf:Keywords`) names the programme, the year, the decisions and the plan's SHA-256.
/// Deterministic: the creation date is the decision's, the PDF's `/ID` comes from `ident`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    /// The creation date (the council's decision; midnight UTC). It replaces
    /// [`Options::today`].
    pub date: Today,
    /// The document's description in the XMP (programme, year, decisions, SHA-256).
    pub description: String,
    /// The author in the XMP: the programme.
    pub author: String,
    /// Keywords in the XMP (programme, year, case references, SHA-256).
    pub keywords: Vec<String>,
    /// A stable identifier of the version (e.g. its address), hashed into `/ID`.
    pub ident: String,
}

/// A document as a Typst project: the markup, and the files it reads by path (the
/// charts as SVG images, the logo).
#[derive(Debug, Clone)]
pub struct Project {
    pub markup: String,
    pub files: Vec<(&'static str, Vec<u8>)>,
}

/// The document's Typst project. Its charts are drawn from its figures' own data.
pub fn project(document: &Document) -> Result<Project, PdfError> {
    project_with(document, rows::Rows::Measured)
}

/// [`project`], with the table rows sized as `rows` says (the same PDF either way;
/// [`rows::Rows::Auto`] leaves every row for Typst to measure).
pub fn project_with(document: &Document, rows: rows::Rows) -> Result<Project, PdfError> {
    let mut files: Vec<(&'static str, Vec<u8>)> = Vec::new();
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
    let has_chart = |figure: &Figure| {
        let path = typeset::figure_path(figure);
        files.iter().any(|(p, _)| *p == path)
    };
    let markup = typeset::document(document, &has_chart, has_logo, rows);
    Ok(Project { markup, files })
}

/// The document as a tagged PDF/UA-1 file (with [`Options::archive`], the archive copy:
/// PDF/A-2a and PDF/UA-1). Its charts are drawn from its figures' own data.
pub fn pdf(document: &Document, options: &Options) -> Result<Vec<u8>, PdfError> {
    let archived;
    let document = match &options.archive {
        Some(archive) => {
            let mut copy = document.clone();
            copy.description.clone_from(&archive.description);
            archived = copy;
            &archived
        }
        None => document,
    };
    let Project { mut markup, files } = project(document)?;
    if let Some(archive) = &options.archive {
        // Fields the document's own preamble leaves alone, so its rule does not undo them.
        let keywords: Vec<String> = archive.keywords.iter().map(|k| markup::string(k)).collect();
        markup.insert_str(
            0,
            &format!(
                "#set document(author: {}, keywords: ({},))\n",
                markup::string(&archive.author),
                keywords.join(", ")
            ),
        );
    }
    compile(markup, files, options.today, options.archive.as_ref())
}

/// Compiles generated Typst `markup` with the given in-memory files into a tagged
/// PDF/UA-1 document.
pub fn typeset(
    markup: String,
    files: Vec<(&str, Vec<u8>)>,
    today: Option<Today>,
) -> Result<Vec<u8>, PdfError> {
    compile(markup, files, today, None)
}

/// [`typeset`], as the archive copy when `archive` is given (PDF/A-2a and PDF/UA-1,
/// the decision's date, a stable `/ID`). The same input again gets the PDF kept from
/// the last time ([`finished`]).
fn compile(
    markup: String,
    files: Vec<(&str, Vec<u8>)>,
    today: Option<Today>,
    archive: Option<&Archive>,
) -> Result<Vec<u8>, PdfError> {
    let input = finished::Input {
        markup,
        files: files
            .into_iter()
            .map(|(path, bytes)| (path.to_owned(), bytes))
            .collect(),
        today,
        archive: archive.cloned(),
    };
    finished::get_or_compile(input, compile_afresh)
}

fn compile_afresh(input: &finished::Input) -> Result<Vec<u8>, PdfError> {
    let archive = input.archive.as_ref();
    let date = |t: Today| Datetime::from_ymd(t.year, t.month, t.day);
    let today = match archive {
        Some(archive) => date(archive.date),
        None => input.today.and_then(date),
    };
    let files = input
        .files
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.clone()))
        .collect();
    let world = world::RenderWorld::new(input.markup.clone(), files, today);
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|errors| PdfError::Typeset(describe(&errors)))?;
    let standards: &[PdfStandard] = match archive {
        Some(_) => &[PdfStandard::A_2a, PdfStandard::Ua_1],
        None => &[PdfStandard::Ua_1],
    };
    let standards = PdfStandards::new(standards)
        .map_err(|error| PdfError::Export(error.message().to_string()))?;
    let options = PdfOptions {
        ident: match archive {
            Some(archive) => Smart::Custom(archive.ident.clone()),
            None => Smart::Auto,
        },
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
