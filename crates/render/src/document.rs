//! The format-neutral document: what every writer (DOCX, HTML, Markdown, XLSX here;
//! the PDF in `crates/pdf`) and every chart walks, whatever kind of document it is.
//!
//! A kind's builder ([`crate::handlingsplan`], [`crate::omstillingsplan`]) makes one
//! [`Document`] from its file and computed tables: the order of sections, the generated
//! numbering, every table with its sums (taken from the core's totals, never re-added),
//! the notes and the figures' own data ([`FigureKind`]). The writers decide only *how*
//! it looks, and they escape: every string in the model is plain text.
//!
//! A number cell may carry the number behind its text ([`Value`]) and how it follows
//! from other cells ([`Calc`]), so the workbook writes live formulas without knowing
//! the kind of document.
//!
//! Cell text may hold `\n`: a line break inside the cell.

use plan::{Language, Share};

/// What the caller can add to the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A logo for the front page.
    pub logo: Option<Logo>,
}

/// A PNG image with its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// The text alternative; when empty the document uses "Logo for {programme}".
    pub alt: String,
}

impl Logo {
    /// The logo with its text alternative, `fallback` when the caller gave none.
    pub fn with_alt_or(&self, fallback: impl FnOnce() -> String) -> Logo {
        let alt = self.alt.trim();
        Logo {
            png: self.png.clone(),
            alt: if alt.is_empty() {
                fallback()
            } else {
                alt.to_owned()
            },
        }
    }
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub language: Language,
    /// The title for the file's properties and the HTML `<title>`.
    pub title: String,
    /// A one-line description for the file's properties.
    pub description: String,
    pub front: FrontPage,
    pub contents: Contents,
    /// The body after the contents, in order.
    pub blocks: Vec<Block>,
    /// The footer text of every page after the front page.
    pub footer: String,
    /// `Side` and `av` for "Side 3 av 9".
    pub page_label: (String, String),
    /// The file name without extension, from the kind: `handlingsplan-2027-fjordvik-kommune`.
    pub file_stem: String,
    /// Whether every main chapter (a level-1 heading) starts on a new page in the paged
    /// formats (PDF, DOCX): the Handlingsplan's chapters are each pages of tables, the
    /// Omstillingsplan's many chapters a few paragraphs each.
    pub chapters_on_new_pages: bool,
}

/// The front page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontPage {
    /// `Handlingsplan 2027`.
    pub title: String,
    /// `Omstilling i Fjordvik kommune`.
    pub subtitle: String,
    pub vision: Option<String>,
    /// `Behandlet av styret i … 27. november 2026`, `Godkjent av kommunestyret …`.
    pub approvals: Vec<String>,
    /// `Utkast` (no board date) or `Utkast – planen har feil` (error findings).
    pub draft: Option<String>,
    /// Whether the plan has error findings (the draft marker is then a warning).
    pub has_errors: bool,
    /// The logo from [`Options`], its text alternative filled in.
    pub logo: Option<Logo>,
}

/// The table of contents: every numbered heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    /// `Innhold`.
    pub title: String,
    /// The label of the contents as a navigation landmark.
    pub label: String,
    /// For DOCX before Word updates the field.
    pub update_hint: String,
    pub entries: Vec<Heading>,
}

/// A piece of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    /// A numbered list (1., 2., …) of plain text items.
    NumberedList(Vec<String>),
    /// A list whose items carry their own marker: `(letter, text)`, the strategies of
    /// an Omstillingsplan's area (`C`, `Nettverk – …`), lettered across the plan.
    LetteredList(Vec<(String, String)>),
    Table(Table),
    Figure(Figure),
}

/// A numbered heading; the number is generated from its place in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `2.`, 2 for `2.3`.
    pub level: u8,
    /// `2` or `2.3`.
    pub number: String,
    pub text: String,
    /// A stable ASCII id: `seksjon-2-3`.
    pub id: String,
}

impl Heading {
    /// `2.3 Reiseliv`: the number and the text as the document shows them.
    pub fn numbered_text(&self) -> String {
        format!("{} {}", self.number, self.text)
    }
}

/// A paragraph of running text, optionally led by a bold label (`Beskrivelse:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub label: Option<String>,
    pub text: String,
    pub kind: ParagraphKind,
}

/// What a paragraph is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    /// Running text.
    Body,
    /// Text in place of missing content (`Ingen …`, `(ikke fylt ut)`).
    Placeholder,
}

/// A table with a caption, header rows, body rows and notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// A stable ASCII id: `tabell-3-1`.
    pub id: String,
    /// What the table shows; a caption in HTML, a caption paragraph in DOCX.
    pub caption: String,
    pub role: TableRole,
    pub columns: Vec<Column>,
    /// Header rows (repeated on each page in DOCX/PDF).
    pub header: Vec<Row>,
    pub body: Vec<Row>,
    /// Notes under the table, referred to by the cells' markers.
    pub notes: Vec<Note>,
    /// The table's short name as a workbook sheet (`3.1 Ressursinnsats`); tables
    /// without one are not in the workbook.
    pub sheet: Option<String>,
}

/// Which table of the spec this is, for renderers and tests that need to find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableRole {
    /// Section 1: job targets per area and year.
    JobTargets,
    /// Section 1.1: one row per earlier year.
    ResultsOverview,
    /// Section 1.1: one earlier year by area.
    ResultsYear,
    /// Section 2.n: strategies, projects and budgets of one area.
    Strategies,
    /// Section 3.1.
    Resources,
    /// Section 3.2.
    Financing,
    /// Section 4.
    Activities,
    /// Omstillingsplan: the economic frame per focus area and year.
    Frames,
}

/// A column's relative width (all columns of a table add up to 100) and alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub width: u16,
    pub numeric: bool,
}

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// One cell per grid column, including [`CellKind::Covered`] cells under a row
    /// span; a cell with `col_span > 1` is followed by nothing for the columns it covers.
    pub cells: Vec<Cell>,
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Header,
    Body,
    /// A sum row inside the table (`Prosjektkostnader`, `Delsum`, `Sum arbeidsplasser pr år`).
    Sum,
    /// The last, grand total row (`Samlet kostnad`, `Totalt`).
    Total,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub kind: CellKind,
    /// Whether the cell heads its row (or, with `row_span > 1`, a group of rows).
    pub row_header: bool,
    pub row_span: usize,
    pub col_span: usize,
    /// A note marker (`*`, `**`) after the text, referring to [`Table::notes`].
    pub marker: Option<String>,
    /// The number the text shows, for formats that compute with it.
    pub value: Option<Value>,
    /// How the value follows from other cells (a sum, a reference, a share).
    pub calc: Option<Calc>,
}

/// The number behind a cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A whole number: kroner, jobs.
    Integer(i64),
    /// A share (`50 %`).
    Share(Share),
}

/// A cell of a table: `row` counts the table's body rows from 0, `col` its grid columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellRef {
    /// The [`Table::id`] of the table, which comes before the referring one.
    pub table: String,
    pub row: usize,
    pub col: usize,
}

/// How a cell's value follows from other cells; its cached result is the cell's [`Value`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Calc {
    /// The sum of this cell's column over the body rows `from..to` of its table.
    ColumnSum { from: usize, to: usize },
    /// The sum of this cell's row over the grid columns `from..to`.
    RowSum { from: usize, to: usize },
    /// The sum of these cells.
    Sum(Vec<CellRef>),
    /// The value of another cell.
    Ref(CellRef),
    /// `part / whole` (0 when `whole` is 0), rounded to four decimals when `rounded`.
    Ratio {
        part: CellRef,
        whole: CellRef,
        rounded: bool,
    },
    /// `total` split by the shares in column `share_col` of the body rows `from..to` in
    /// whole kroner, the kroner left over to the largest remainders (ties to the earlier
    /// row): this row's part.
    Apportion {
        total: CellRef,
        share_col: usize,
        from: usize,
        to: usize,
    },
}

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Text, left-aligned.
    Text,
    /// A formatted number, right-aligned.
    Number,
    /// `–`: nothing applies here.
    Dash,
    /// Under a cell above that spans down over this one; renderers without row spans
    /// leave it empty.
    Covered,
}

/// A note under a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub marker: String,
    pub text: String,
}

/// A chart, drawn by `render::chart`; renderers without drawing show its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// A stable ASCII id: `figur-arshjul`.
    pub id: String,
    pub caption: String,
    /// The text alternative; it states the figure's data.
    pub alt: String,
    pub kind: FigureKind,
}

/// The figure's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureKind {
    /// Job targets per year, stacked by area (areas with targets only).
    JobTargets {
        /// The plan's year, marked in the chart (none for a plan of the whole period).
        year: Option<i32>,
        years: Vec<i32>,
        /// `(area name, target per year)`, following `years`.
        areas: Vec<(String, Vec<i64>)>,
        /// Column sums.
        per_year: Vec<i64>,
    },
    /// Target and achieved jobs per earlier year.
    Results { years: Vec<ResultBar> },
    /// The *årshjul*: twelve months in a circle, each with its activities' titles.
    YearWheel {
        year: i32,
        /// Exactly twelve entries, January first.
        months: Vec<Vec<String>>,
        /// The month names in the document's language, January first.
        month_names: Vec<String>,
    },
}

/// One earlier year in the results chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultBar {
    pub year: i32,
    pub target: i64,
    pub achieved: i64,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            kind: CellKind::Text,
            row_header: false,
            row_span: 1,
            col_span: 1,
            marker: None,
            value: None,
            calc: None,
        }
    }

    /// A number cell showing `value` as `text`.
    pub fn valued(text: impl Into<String>, value: Value) -> Cell {
        Cell {
            value: Some(value),
            ..Cell::number(text)
        }
    }

    /// A whole number or kroner (`1 250 000`), with its value.
    pub fn integer(value: i64) -> Cell {
        Cell::valued(plan::norwegian::integer(value), Value::Integer(value))
    }

    /// Kroner (`1 250 000`), with its value.
    pub fn kroner(value: plan::Kroner) -> Cell {
        Cell::valued(plan::norwegian::amount(value), Value::Integer(value.0))
    }

    /// A share (`50 %`), with its value.
    pub fn share(value: Share) -> Cell {
        Cell::valued(plan::norwegian::percent(value), Value::Share(value))
    }

    /// The same cell, its value computed by `calc`.
    pub fn calculated(mut self, calc: Calc) -> Cell {
        self.calc = Some(calc);
        self
    }

    pub fn number(text: impl Into<String>) -> Cell {
        Cell {
            kind: CellKind::Number,
            ..Cell::text(text)
        }
    }

    pub fn dash() -> Cell {
        Cell {
            kind: CellKind::Dash,
            ..Cell::text("–")
        }
    }

    pub fn covered() -> Cell {
        Cell {
            kind: CellKind::Covered,
            ..Cell::text("")
        }
    }

    /// A row header cell.
    pub fn head(text: impl Into<String>) -> Cell {
        Cell {
            row_header: true,
            ..Cell::text(text)
        }
    }

    pub fn with_marker(mut self, marker: &str) -> Cell {
        self.marker = Some(marker.to_owned());
        self
    }

    pub fn spanning_columns(mut self, columns: usize) -> Cell {
        self.col_span = columns;
        self
    }

    pub fn spanning_rows(mut self, rows: usize) -> Cell {
        self.row_span = rows;
        self
    }

    /// The text with its note marker, as plain text (`Sum innsatsområde*`).
    pub fn text_with_marker(&self) -> String {
        match &self.marker {
            Some(marker) => format!("{}{marker}", self.text),
            None => self.text.clone(),
        }
    }
}

impl Row {
    pub fn new(kind: RowKind, cells: Vec<Cell>) -> Row {
        Row { kind, cells }
    }
}

impl Table {
    /// Every row, header rows first.
    pub fn rows(&self) -> impl Iterator<Item = &Row> {
        self.header.iter().chain(&self.body)
    }
}

impl Document {
    /// Every table, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
    }

    /// Every figure, in order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Figure(figure) => Some(figure),
            _ => None,
        })
    }
}

/// Splits plan text into paragraphs at blank lines; a single line break stays inside.
pub fn paragraphs(text: &str) -> Vec<String> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in normalized.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Columns from `(width, numeric)` pairs.
pub fn columns(spec: &[(u16, bool)]) -> Vec<Column> {
    spec.iter()
        .map(|&(width, numeric)| Column { width, numeric })
        .collect()
}

/// The first letter in upper case (`Januar`).
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
