//! The format-neutral document of spec §5, built once from a plan and its evaluation.
//!
//! Every renderer (DOCX, HTML, Markdown here; PDF and XLSX beside them) walks the same
//! [`Document`], so every format holds the same content in the same order. This module
//! owns *what* is said: the order of sections, the generated numbering, every table
//! with its sums (taken from [`plan::Totals`], never re-added here), the notes and the
//! figures' data. It never decides *how* it looks, and it never escapes: every string in
//! the model is plain text, and each renderer escapes it for its format.
//!
//! Cell text may hold `\n`: a line break inside the cell.

use plan::compute::{YearResults, results_by_year};
use plan::norwegian::{amount, date, integer, month_name, percent, ratio_percent};
use plan::{Evaluation, Language, Plan};

use crate::text::{Catalogue, catalogue, fill, items};

/// What the caller can add to the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A logo for the front page.
    pub logo: Option<Logo>,
}

/// A PNG image with its text alternative.
#[derive(Debug, Clone)]
pub struct Logo {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// The text alternative; when empty the document uses "Logo for {programme}".
    pub alt: String,
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
    /// The alt text of the logo, when one is given in [`Options`].
    pub logo_alt: Option<String>,
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
        /// The plan's year, marked in the chart.
        year: i32,
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
        }
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

    fn with_marker(mut self, marker: &str) -> Cell {
        self.marker = Some(marker.to_owned());
        self
    }

    fn spanning_columns(mut self, columns: usize) -> Cell {
        self.col_span = columns;
        self
    }

    fn spanning_rows(mut self, rows: usize) -> Cell {
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
    fn new(kind: RowKind, cells: Vec<Cell>) -> Row {
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

/// Builds the document of a plan. Pure: the same input gives the same document.
pub fn build(plan: &Plan, evaluation: &Evaluation, options: &Options) -> Document {
    Builder::new(plan, evaluation).build(options)
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

struct Builder<'a> {
    plan: &'a Plan,
    evaluation: &'a Evaluation,
    t: &'static Catalogue,
    blocks: Vec<Block>,
    headings: Vec<Heading>,
    numbers: [usize; 2],
}

impl<'a> Builder<'a> {
    fn new(plan: &'a Plan, evaluation: &'a Evaluation) -> Builder<'a> {
        Builder {
            plan,
            evaluation,
            t: catalogue(plan.language),
            blocks: Vec::new(),
            headings: Vec::new(),
            numbers: [0, 0],
        }
    }

    fn year(&self) -> String {
        self.plan.year.to_string()
    }

    fn build(mut self, options: &Options) -> Document {
        let plan = self.plan;
        let t = self.t;
        let year = self.year();
        let front = self.front_page(options);

        self.goals();
        self.results();
        self.strategies();
        self.resources();
        self.communication();

        Document {
            language: plan.language,
            title: format!("{} – {}", front.title, front.subtitle),
            description: fill(
                t.description,
                &[
                    ("year", &year),
                    ("programme", &plan.programme.name),
                    ("area", &plan.programme.area),
                ],
            ),
            front,
            contents: Contents {
                title: t.contents.to_owned(),
                label: t.contents_label.to_owned(),
                update_hint: t.contents_update_hint.to_owned(),
                entries: self.headings,
            },
            blocks: self.blocks,
            footer: fill(
                t.footer,
                &[("programme", &plan.programme.name), ("year", &year)],
            ),
            page_label: (t.page.to_owned(), t.page_of.to_owned()),
        }
    }

    fn front_page(&self, options: &Options) -> FrontPage {
        let plan = self.plan;
        let t = self.t;
        let language = plan.language;
        let mut approvals = Vec::new();
        if let Some(board) = plan.approval.board {
            approvals.push(fill(
                t.board,
                &[
                    ("programme", &plan.programme.name),
                    ("date", &date(board, language)),
                ],
            ));
        }
        if let Some(council) = plan.approval.council {
            approvals.push(fill(t.council, &[("date", &date(council, language))]));
        }
        let has_errors = self.evaluation.has_errors();
        let draft = if has_errors {
            Some(t.draft_errors.to_owned())
        } else if plan.approval.board.is_none() {
            Some(t.draft.to_owned())
        } else {
            None
        };
        let logo_alt = options.logo.as_ref().map(|logo| {
            if logo.alt.trim().is_empty() {
                fill(t.logo_alt, &[("programme", &plan.programme.name)])
            } else {
                logo.alt.trim().to_owned()
            }
        });
        FrontPage {
            title: fill(t.title, &[("year", &self.year())]),
            subtitle: fill(t.subtitle, &[("area", &plan.programme.area)]),
            vision: plan
                .programme
                .vision
                .as_ref()
                .filter(|v| !v.trim().is_empty())
                .map(|v| v.trim().to_owned()),
            approvals,
            draft,
            has_errors,
            logo_alt,
        }
    }

    fn heading(&mut self, level: u8, text: &str) {
        let number = if level == 1 {
            self.numbers = [self.numbers[0] + 1, 0];
            self.numbers[0].to_string()
        } else {
            self.numbers[1] += 1;
            format!("{}.{}", self.numbers[0], self.numbers[1])
        };
        let heading = Heading {
            level,
            id: format!("seksjon-{}", number.replace('.', "-")),
            number,
            text: text.to_owned(),
        };
        self.headings.push(heading.clone());
        self.blocks.push(Block::Heading(heading));
    }

    fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(Paragraph {
            label: None,
            text: text.into(),
            kind: ParagraphKind::Body,
        }));
    }

    fn placeholder(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(Paragraph {
            label: None,
            text: text.into(),
            kind: ParagraphKind::Placeholder,
        }));
    }

    /// Plan text: one paragraph per blank-line-separated part, the first led by `label`.
    fn plan_text(&mut self, label: Option<&str>, text: Option<&str>) {
        let parts = text.map(paragraphs).unwrap_or_default();
        if parts.is_empty() {
            if let Some(label) = label {
                self.blocks.push(Block::Paragraph(Paragraph {
                    label: Some(label.to_owned()),
                    text: self.t.not_filled_in.to_owned(),
                    kind: ParagraphKind::Placeholder,
                }));
            }
            return;
        }
        for (i, part) in parts.into_iter().enumerate() {
            self.blocks.push(Block::Paragraph(Paragraph {
                label: if i == 0 {
                    label.map(str::to_owned)
                } else {
                    None
                },
                text: part,
                kind: ParagraphKind::Body,
            }));
        }
    }

    fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    // ---- 1. Mål og innsatsområder ----

    fn goals(&mut self) {
        let plan = self.plan;
        let t = self.t;
        let jobs = &self.evaluation.totals.jobs;
        self.heading(1, t.h1);
        self.paragraph(fill(
            t.goal_text,
            &[
                ("area", &plan.programme.area),
                ("total", &integer(jobs.total)),
                ("from", &plan.programme.period.from.to_string()),
                ("to", &plan.programme.period.to.to_string()),
                ("year", &self.year()),
                ("this_year", &integer(jobs.this_year)),
            ],
        ));
        if plan.focus_areas.is_empty() {
            self.placeholder(t.no_focus_areas);
        } else {
            self.paragraph(fill(
                t.areas_intro,
                &[("n", &integer(plan.focus_areas.len() as i64))],
            ));
            self.blocks.push(Block::NumberedList(
                plan.focus_areas.iter().map(|a| a.name.clone()).collect(),
            ));
        }
        self.paragraph(t.jobs_intro);

        let years = &jobs.years;
        let year_width = (60 / (years.len() as u16 + 1)).max(1);
        let mut columns = vec![Column {
            width: 100 - year_width * (years.len() as u16 + 1),
            numeric: false,
        }];
        columns.extend((0..=years.len()).map(|_| Column {
            width: year_width,
            numeric: true,
        }));
        let mut header = vec![Cell::text(t.col_focus_area)];
        header.extend(years.iter().map(|y| Cell::number(y.to_string())));
        header.push(Cell::number(t.col_sum));
        let mut body = Vec::new();
        for area in &jobs.areas {
            let mut cells = vec![Cell::head(area.name.clone())];
            cells.extend(area.per_year.iter().map(|n| Cell::number(integer(*n))));
            cells.push(Cell::number(integer(area.total)));
            body.push(Row::new(RowKind::Body, cells));
        }
        let mut cells = vec![Cell::head(t.jobs_sum_row)];
        cells.extend(jobs.per_year.iter().map(|n| Cell::number(integer(*n))));
        cells.push(Cell::number(integer(jobs.total)));
        body.push(Row::new(RowKind::Sum, cells));
        let mut notes = Vec::new();
        for name in &jobs.without_targets {
            let mut cells = vec![Cell::head(name.clone()).with_marker("*")];
            cells.extend((0..=years.len()).map(|_| Cell::dash()));
            body.push(Row::new(RowKind::Body, cells));
        }
        if !jobs.without_targets.is_empty() {
            notes.push(Note {
                marker: "*".to_owned(),
                text: format!("{}: {}", t.jobs_none_row, t.jobs_none_note),
            });
        }
        self.table(Table {
            id: "tabell-arbeidsplassmal".to_owned(),
            caption: t.caption_jobs.to_owned(),
            role: TableRole::JobTargets,
            columns,
            header: vec![Row::new(RowKind::Header, header)],
            body,
            notes,
        });

        if !jobs.areas.is_empty() && !years.is_empty() {
            let list = years
                .iter()
                .zip(&jobs.per_year)
                .map(|(y, n)| format!("{y}: {}", integer(*n)))
                .collect::<Vec<_>>()
                .join(", ");
            self.blocks.push(Block::Figure(Figure {
                id: "figur-arbeidsplassmal".to_owned(),
                caption: t.figure_jobs.to_owned(),
                alt: fill(
                    t.figure_jobs_alt,
                    &[("list", &list), ("total", &integer(jobs.total))],
                ),
                kind: FigureKind::JobTargets {
                    year: self.plan.year,
                    years: years.clone(),
                    areas: jobs
                        .areas
                        .iter()
                        .map(|a| (a.name.clone(), a.per_year.clone()))
                        .collect(),
                    per_year: jobs.per_year.clone(),
                },
            }));
        }
    }

    // ---- 1.1 Resultater ----

    fn results(&mut self) {
        let plan = self.plan;
        let t = self.t;
        self.heading(2, t.h1_1);
        let summary = plan
            .previous_results
            .as_ref()
            .and_then(|r| r.summary.as_deref());
        self.plan_text(None, summary);
        let by_year = results_by_year(plan);
        if by_year.is_empty() {
            if plan.year <= plan.programme.period.from {
                self.placeholder(t.first_year);
            } else if summary.is_none_or(|s| s.trim().is_empty()) {
                self.placeholder(t.no_results);
            }
            return;
        }
        let cols = items(t.results_cols);
        let overview = self.results_overview(&by_year, &cols);
        self.table(overview);
        for year in &by_year {
            let table = self.results_year(year, &cols);
            self.table(table);
        }
        let list = by_year
            .iter()
            .map(|y| {
                fill(
                    t.figure_results_item,
                    &[
                        ("year", &y.year.to_string()),
                        ("target", &integer(y.total.target.unwrap_or(0))),
                        ("achieved", &integer(y.total.achieved())),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        self.blocks.push(Block::Figure(Figure {
            id: "figur-resultater".to_owned(),
            caption: t.figure_results.to_owned(),
            alt: fill(t.figure_results_alt, &[("list", &list)]),
            kind: FigureKind::Results {
                years: by_year
                    .iter()
                    .map(|y| ResultBar {
                        year: y.year,
                        target: y.total.target.unwrap_or(0),
                        achieved: y.total.achieved(),
                    })
                    .collect(),
            },
        }));
    }

    fn results_columns() -> Vec<Column> {
        columns(&[
            (24, false),
            (9, true),
            (18, true),
            (18, true),
            (12, true),
            (19, true),
        ])
    }

    fn result_cells(
        first: Cell,
        target: Option<i64>,
        new_jobs: i64,
        secured: i64,
        achieved: i64,
    ) -> Vec<Cell> {
        vec![
            first,
            target.map_or_else(Cell::dash, |n| Cell::number(integer(n))),
            Cell::number(integer(new_jobs)),
            Cell::number(integer(secured)),
            Cell::number(integer(achieved)),
            target
                .and_then(|n| ratio_percent(achieved, n))
                .map_or_else(Cell::dash, Cell::number),
        ]
    }

    fn results_overview(&self, by_year: &[YearResults], cols: &[&str]) -> Table {
        let t = self.t;
        let header = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    Cell::text(*c)
                } else {
                    Cell::number(*c)
                }
            })
            .collect();
        let mut body: Vec<Row> = by_year
            .iter()
            .map(|y| {
                Row::new(
                    RowKind::Body,
                    Self::result_cells(
                        Cell::head(y.year.to_string()),
                        y.total.target,
                        y.total.new_jobs,
                        y.total.secured_jobs,
                        y.total.achieved(),
                    ),
                )
            })
            .collect();
        if by_year.len() > 1 {
            let sum =
                |f: fn(&YearResults) -> i64| by_year.iter().map(f).fold(0, i64::saturating_add);
            let target = sum(|y| y.total.target.unwrap_or(0));
            let new_jobs = sum(|y| y.total.new_jobs);
            let secured = sum(|y| y.total.secured_jobs);
            body.push(Row::new(
                RowKind::Total,
                Self::result_cells(
                    Cell::head(t.col_sum),
                    Some(target),
                    new_jobs,
                    secured,
                    new_jobs.saturating_add(secured),
                ),
            ));
        }
        Table {
            id: "tabell-resultater".to_owned(),
            caption: t.caption_results.to_owned(),
            role: TableRole::ResultsOverview,
            columns: Self::results_columns(),
            header: vec![Row::new(RowKind::Header, header)],
            body,
            notes: Vec::new(),
        }
    }

    fn results_year(&self, year: &YearResults, cols: &[&str]) -> Table {
        let t = self.t;
        let header = std::iter::once(Cell::text(t.col_focus_area))
            .chain(cols.iter().skip(1).map(|c| Cell::number(*c)))
            .collect();
        let mut body: Vec<Row> = year
            .rows
            .iter()
            .map(|r| {
                Row::new(
                    RowKind::Body,
                    Self::result_cells(
                        Cell::head(r.name.clone()),
                        r.target,
                        r.new_jobs,
                        r.secured_jobs,
                        r.achieved(),
                    ),
                )
            })
            .collect();
        body.push(Row::new(
            RowKind::Total,
            Self::result_cells(
                Cell::head(t.col_sum),
                year.total.target,
                year.total.new_jobs,
                year.total.secured_jobs,
                year.total.achieved(),
            ),
        ));
        Table {
            id: format!("tabell-resultater-{}", year.year),
            caption: fill(t.caption_results_year, &[("year", &year.year.to_string())]),
            role: TableRole::ResultsYear,
            columns: Self::results_columns(),
            header: vec![Row::new(RowKind::Header, header)],
            body,
            notes: Vec::new(),
        }
    }

    // ---- 2. Strategier og tiltak ----

    fn strategies(&mut self) {
        let plan = self.plan;
        let t = self.t;
        let language = plan.language;
        self.heading(1, t.h2);
        for part in paragraphs(t.h2_intro) {
            self.paragraph(part);
        }
        let fields = items(t.area_fields);
        let year = self.year();
        let mut letter_index = 0usize;
        for (area_index, area) in plan.focus_areas.iter().enumerate() {
            self.heading(2, &area.name);
            self.plan_text(Some(fields[0]), area.description.as_deref());
            self.plan_text(Some(fields[1]), area.impact_goal.as_deref());
            self.plan_text(
                Some(&fill(fields[2], &[("year", &year)])),
                area.result_goal.as_deref(),
            );
            if area.strategies.is_empty() {
                self.placeholder(t.no_strategies);
            }

            let cols = items(t.strategy_cols);
            let header = vec![
                Cell::text(cols[0]),
                Cell::text(cols[1]),
                Cell::text(cols[2]),
                Cell::number(cols[3]),
            ];
            let mut body = Vec::new();
            for strategy in &area.strategies {
                let letter = self
                    .evaluation
                    .totals
                    .strategy_letters
                    .get(letter_index)
                    .cloned()
                    .unwrap_or_else(|| plan::compute::strategy_letter(letter_index));
                letter_index += 1;
                let mut text = format!("{letter}: {}", strategy.name);
                if let Some(content) = strategy.content.as_deref().filter(|c| !c.trim().is_empty())
                {
                    text.push_str(" – ");
                    text.push_str(content.trim());
                }
                if let Some(label) = strategy.sdg.and_then(|n| plan::sdg::label(n, language)) {
                    text.push('\n');
                    text.push_str(&label);
                }
                let span = strategy.projects.len().max(1);
                let strategy_cell = Cell::head(text).spanning_rows(span);
                if strategy.projects.is_empty() {
                    body.push(Row::new(
                        RowKind::Body,
                        vec![
                            strategy_cell.clone(),
                            Cell::text(fill(t.no_projects, &[("year", &year)])),
                            Cell::dash(),
                            Cell::dash(),
                        ],
                    ));
                }
                for (i, project) in strategy.projects.iter().enumerate() {
                    let first = if i == 0 {
                        strategy_cell.clone()
                    } else {
                        Cell::covered()
                    };
                    body.push(Row::new(
                        RowKind::Body,
                        vec![
                            first,
                            Cell::text(project.name.clone()),
                            Cell::text(project.goal.clone().unwrap_or_default()),
                            Cell::number(amount(project.budget)),
                        ],
                    ));
                }
            }
            let costs = &self.evaluation.totals.focus_areas[area_index];
            let rows = items(t.strategy_rows);
            let sum_row =
                |label: &str, value: plan::Kroner, kind: RowKind, marker: Option<&str>| {
                    let mut label = Cell::head(label).spanning_columns(3);
                    if let Some(marker) = marker {
                        label = label.with_marker(marker);
                    }
                    Row::new(kind, vec![label, Cell::number(amount(value))])
                };
            body.push(sum_row(rows[0], costs.project_costs, RowKind::Sum, None));
            body.push(sum_row(rows[1], costs.grant_funds, RowKind::Sum, None));
            body.push(sum_row(rows[2], costs.area_sum, RowKind::Total, Some("*")));
            let table = Table {
                id: format!("tabell-2-{}", area_index + 1),
                caption: fill(t.caption_strategies, &[("area", &area.name)]),
                role: TableRole::Strategies,
                columns: vec![
                    Column {
                        width: 30,
                        numeric: false,
                    },
                    Column {
                        width: 28,
                        numeric: false,
                    },
                    Column {
                        width: 28,
                        numeric: false,
                    },
                    Column {
                        width: 14,
                        numeric: true,
                    },
                ],
                header: vec![Row::new(RowKind::Header, header)],
                body,
                notes: vec![Note {
                    marker: "*".to_owned(),
                    text: t.strategy_note.to_owned(),
                }],
            };
            self.table(table);
        }
    }

    // ---- 3. Ressursinnsats og finansiering ----

    fn resources(&mut self) {
        let t = self.t;
        let totals = &self.evaluation.totals;
        self.heading(1, t.h3);
        self.heading(2, t.h3_1);
        let cols = items(t.resource_cols);
        let header = cols
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cell = if i == 0 {
                    Cell::text(*c)
                } else {
                    Cell::number(*c)
                };
                if i == 3 { cell.with_marker("*") } else { cell }
            })
            .collect();
        let mut body: Vec<Row> = totals
            .focus_areas
            .iter()
            .map(|a| {
                Row::new(
                    RowKind::Body,
                    vec![
                        Cell::head(a.name.clone()),
                        Cell::number(amount(a.project_costs)),
                        Cell::number(amount(a.grant_funds)),
                        Cell::number(amount(a.programme_resources)),
                        Cell::number(amount(a.total_costs)),
                    ],
                )
            })
            .collect();
        let rows = items(t.resource_rows);
        let s = &totals.subtotal;
        body.push(Row::new(
            RowKind::Sum,
            vec![
                Cell::head(rows[0]),
                Cell::number(amount(s.project_costs)),
                Cell::number(amount(s.grant_funds)),
                Cell::number(amount(s.programme_resources)),
                Cell::number(amount(s.total_costs)),
            ],
        ));
        body.push(Row::new(
            RowKind::Body,
            vec![
                Cell::head(rows[1]).with_marker("**").spanning_columns(4),
                Cell::number(amount(totals.admin_costs)),
            ],
        ));
        body.push(Row::new(
            RowKind::Total,
            vec![
                Cell::head(rows[2]).spanning_columns(4),
                Cell::number(amount(totals.total_cost)),
            ],
        ));
        self.table(Table {
            id: "tabell-3-1".to_owned(),
            caption: fill(t.caption_resources, &[("year", &self.year())]),
            role: TableRole::Resources,
            columns: columns(&[(22, false), (21, true), (18, true), (21, true), (18, true)]),
            header: vec![Row::new(RowKind::Header, header)],
            body,
            notes: vec![
                Note {
                    marker: "*".to_owned(),
                    text: t.resources_note.to_owned(),
                },
                Note {
                    marker: "**".to_owned(),
                    text: t.admin_note.to_owned(),
                },
            ],
        });

        self.heading(2, t.h3_2);
        match &totals.financing {
            None => self.placeholder(t.financing_unavailable),
            Some(lines) if lines.is_empty() => self.placeholder(t.financing_empty),
            Some(lines) => {
                let cols = items(t.financing_cols);
                let mut body: Vec<Row> = lines
                    .iter()
                    .map(|line| {
                        Row::new(
                            RowKind::Body,
                            vec![
                                Cell::head(line.source.clone()),
                                Cell::number(percent(line.share)),
                                Cell::number(amount(line.amount)),
                            ],
                        )
                    })
                    .collect();
                body.push(Row::new(
                    RowKind::Total,
                    vec![
                        Cell::head(t.financing_total),
                        Cell::number(percent(plan::Share::HUNDRED)),
                        Cell::number(amount(totals.total_cost)),
                    ],
                ));
                self.table(Table {
                    id: "tabell-3-2".to_owned(),
                    caption: fill(t.caption_financing, &[("year", &self.year())]),
                    role: TableRole::Financing,
                    columns: vec![
                        Column {
                            width: 50,
                            numeric: false,
                        },
                        Column {
                            width: 20,
                            numeric: true,
                        },
                        Column {
                            width: 30,
                            numeric: true,
                        },
                    ],
                    header: vec![Row::new(
                        RowKind::Header,
                        vec![
                            Cell::text(cols[0]),
                            Cell::number(cols[1]),
                            Cell::number(cols[2]),
                        ],
                    )],
                    body,
                    notes: Vec::new(),
                });
            }
        }
    }

    // ---- 4. Kommunikasjonsplan ----

    fn communication(&mut self) {
        let plan = self.plan;
        let t = self.t;
        let year = self.year();
        self.heading(1, t.h4);
        self.paragraph(fill(t.h4_intro, &[("year", &year)]));
        let mut activities: Vec<_> = plan.activities().iter().collect();
        if activities.is_empty() {
            self.placeholder(t.no_activities);
            return;
        }
        activities.sort_by_key(|a| a.month);

        let month_names: Vec<String> = items(t.months).into_iter().map(str::to_owned).collect();
        let mut months: Vec<Vec<String>> = vec![Vec::new(); 12];
        for activity in &activities {
            if let Some(slot) = usize::try_from(activity.month - 1)
                .ok()
                .and_then(|i| months.get_mut(i))
            {
                slot.push(activity.title.clone());
            }
        }
        let list = months
            .iter()
            .zip(&month_names)
            .map(|(titles, name)| {
                if titles.is_empty() {
                    format!("{name}: {}", t.figure_wheel_empty_month)
                } else {
                    format!("{name}: {}", titles.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        self.blocks.push(Block::Figure(Figure {
            id: "figur-arshjul".to_owned(),
            caption: fill(t.wheel, &[("year", &year)]),
            alt: fill(t.figure_wheel_alt, &[("year", &year), ("list", &list)]),
            kind: FigureKind::YearWheel {
                year: plan.year,
                months,
                month_names,
            },
        }));

        let cols = items(t.activity_cols);
        let body = activities
            .iter()
            .map(|a| {
                let month = month_name(a.month).map_or_else(|| a.month.to_string(), capitalize);
                Row::new(
                    RowKind::Body,
                    vec![
                        Cell::text(month),
                        Cell::head(a.title.clone()),
                        Cell::text(a.audience.clone().unwrap_or_default()),
                        Cell::text(a.channel.clone().unwrap_or_default()),
                        Cell::text(a.responsible.clone().unwrap_or_default()),
                    ],
                )
            })
            .collect();
        self.table(Table {
            id: "tabell-aktiviteter".to_owned(),
            caption: fill(t.caption_activities, &[("year", &year)]),
            role: TableRole::Activities,
            columns: vec![
                Column {
                    width: 14,
                    numeric: false,
                },
                Column {
                    width: 32,
                    numeric: false,
                },
                Column {
                    width: 18,
                    numeric: false,
                },
                Column {
                    width: 18,
                    numeric: false,
                },
                Column {
                    width: 18,
                    numeric: false,
                },
            ],
            header: vec![Row::new(
                RowKind::Header,
                cols.iter().map(|c| Cell::text(*c)).collect(),
            )],
            body,
            notes: Vec::new(),
        });
    }
}

/// Columns from `(width, numeric)` pairs.
fn columns(spec: &[(u16, bool)]) -> Vec<Column> {
    spec.iter()
        .map(|&(width, numeric)| Column { width, numeric })
        .collect()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
