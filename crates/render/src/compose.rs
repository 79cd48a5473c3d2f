//! What every kind's builder shares: the numbered outline (headings, paragraphs, plan
//! text, tables, figures), the front page and the job-target table with its chart.
//!
//! A kind's builder ([`crate::handlingsplan`], [`crate::omstillingsplan`]) decides the
//! sections and their order; this module makes the pieces the same way for every kind.
//! Pure, like the rest of the crate.

use plan::norwegian::{date, integer};
use plan::tables::JobTable;
use plan::{Date, Language};

use crate::document::{
    Block, Calc, Cell, Column, Contents, Document, Figure, FigureKind, FrontPage, Heading, Note,
    Options, Paragraph, ParagraphKind, Row, RowKind, Table, TableRole,
};
use crate::text::{Catalogue, fill};

/// The body of a document as it is built: blocks in order and the numbered headings.
pub(crate) struct Outline {
    pub t: &'static Catalogue,
    pub blocks: Vec<Block>,
    headings: Vec<Heading>,
    numbers: [usize; 2],
}

/// The fixed parts of a document besides its body.
pub(crate) struct Frame {
    pub language: Language,
    pub front: FrontPage,
    pub description: String,
    pub footer: String,
    pub file_stem: String,
    /// See [`Document::chapters_on_new_pages`].
    pub chapters_on_new_pages: bool,
}

impl Outline {
    pub fn new(t: &'static Catalogue) -> Outline {
        Outline {
            t,
            blocks: Vec::new(),
            headings: Vec::new(),
            numbers: [0, 0],
        }
    }

    /// A numbered heading: level 1 is `2`, level 2 is `2.3`.
    pub fn heading(&mut self, level: u8, text: &str) {
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

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(Paragraph {
            label: None,
            text: text.into(),
            kind: ParagraphKind::Body,
        }));
    }

    pub fn placeholder(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(Paragraph {
            label: None,
            text: text.into(),
            kind: ParagraphKind::Placeholder,
        }));
    }

    /// Plan text: one paragraph per blank-line-separated part, the first led by
    /// `label`. Missing text with a label says it is not filled in; without a label
    /// it says nothing.
    pub fn plan_text(&mut self, label: Option<&str>, text: Option<&str>) {
        let parts = text.map(crate::document::paragraphs).unwrap_or_default();
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

    /// A label alone (`Strategier:`), leading what follows it.
    pub fn label(&mut self, label: &str) {
        self.blocks.push(Block::Paragraph(Paragraph {
            label: Some(label.to_owned()),
            text: String::new(),
            kind: ParagraphKind::Body,
        }));
    }

    pub fn lettered_list(&mut self, items: Vec<(String, String)>) {
        self.blocks.push(Block::LetteredList(items));
    }

    pub fn list(&mut self, items: Vec<String>) {
        self.blocks.push(Block::NumberedList(items));
    }

    pub fn table(&mut self, table: Table) {
        self.blocks.push(Block::Table(table));
    }

    pub fn figure(&mut self, figure: Figure) {
        self.blocks.push(Block::Figure(figure));
    }

    /// The whole document.
    pub fn finish(self, frame: Frame) -> Document {
        let t = self.t;
        Document {
            language: frame.language,
            title: format!("{} – {}", frame.front.title, frame.front.subtitle),
            description: frame.description,
            front: frame.front,
            contents: Contents {
                title: t.contents.to_owned(),
                label: t.contents_label.to_owned(),
                update_hint: t.contents_update_hint.to_owned(),
                entries: self.headings,
            },
            blocks: self.blocks,
            footer: frame.footer,
            page_label: (t.page.to_owned(), t.page_of.to_owned()),
            file_stem: frame.file_stem,
            chapters_on_new_pages: frame.chapters_on_new_pages,
        }
    }
}

/// What a front page says.
pub(crate) struct FrontInput<'a> {
    pub language: Language,
    pub title: String,
    pub area: &'a str,
    pub programme: &'a str,
    pub vision: Option<&'a str>,
    pub board: Option<Date>,
    pub council: Option<Date>,
    pub has_errors: bool,
}

/// The front page: title, `Omstilling i {area}`, the vision, the board and council
/// lines for the dates that are set, `Utkast` without a board date or `Utkast –
/// planen har feil` with error findings, and the logo with its text alternative.
pub(crate) fn front_page(t: &Catalogue, input: FrontInput<'_>, options: &Options) -> FrontPage {
    let mut approvals = Vec::new();
    if let Some(board) = input.board {
        approvals.push(fill(
            t.board,
            &[
                ("programme", input.programme),
                ("date", &date(board, input.language)),
            ],
        ));
    }
    if let Some(council) = input.council {
        approvals.push(fill(t.council, &[("date", &date(council, input.language))]));
    }
    let draft = if input.has_errors {
        Some(t.draft_errors.to_owned())
    } else if input.board.is_none() {
        Some(t.draft.to_owned())
    } else {
        None
    };
    let logo = options
        .logo
        .as_ref()
        .map(|logo| logo.with_alt_or(|| fill(t.logo_alt, &[("programme", input.programme)])));
    FrontPage {
        title: input.title,
        subtitle: fill(t.subtitle, &[("area", input.area)]),
        vision: input
            .vision
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().to_owned()),
        approvals,
        draft,
        has_errors: input.has_errors,
        logo,
    }
}

/// The job-target table (one column per year and a *Sum* column, a row per area with
/// targets, the *Sum arbeidsplasser pr år* row, then the areas without targets with
/// `–` and their note) and, when there is something to draw, its chart. `this_year`
/// is marked in the chart.
pub(crate) fn job_targets(out: &mut Outline, jobs: &JobTable, this_year: Option<i32>) {
    let t = out.t;
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
    let sum_col = years.len() + 1;
    for area in &jobs.areas {
        let mut cells = vec![Cell::head(area.name.clone())];
        cells.extend(area.per_year.iter().map(|n| Cell::integer(*n)));
        cells.push(Cell::integer(area.total).calculated(Calc::RowSum {
            from: 1,
            to: sum_col,
        }));
        body.push(Row::new(RowKind::Body, cells));
    }
    let areas = jobs.areas.len();
    let column_sum = Calc::ColumnSum { from: 0, to: areas };
    let mut cells = vec![Cell::head(t.jobs_sum_row)];
    cells.extend(
        jobs.per_year
            .iter()
            .map(|n| Cell::integer(*n).calculated(column_sum.clone())),
    );
    cells.push(Cell::integer(jobs.total).calculated(column_sum));
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
    out.table(Table {
        id: "tabell-arbeidsplassmal".to_owned(),
        caption: t.caption_jobs.to_owned(),
        role: TableRole::JobTargets,
        columns,
        header: vec![Row::new(RowKind::Header, header)],
        body,
        notes,
        sheet: Some(t.sheet_jobs.to_owned()),
    });

    if !jobs.areas.is_empty() && !years.is_empty() {
        let list = years
            .iter()
            .zip(&jobs.per_year)
            .map(|(y, n)| format!("{y}: {}", integer(*n)))
            .collect::<Vec<_>>()
            .join(", ");
        out.figure(Figure {
            id: "figur-arbeidsplassmal".to_owned(),
            caption: t.figure_jobs.to_owned(),
            alt: fill(
                t.figure_jobs_alt,
                &[("list", &list), ("total", &integer(jobs.total))],
            ),
            kind: FigureKind::JobTargets {
                year: this_year,
                years: years.clone(),
                areas: jobs
                    .areas
                    .iter()
                    .map(|a| (a.name.clone(), a.per_year.clone()))
                    .collect(),
                per_year: jobs.per_year.clone(),
            },
        });
    }
}

/// The text of a strategy cell or list item: `A: Nettverk – Bygge nettverk`, and the
/// SDG on its own line (`8. Anstendig arbeid og økonomisk vekst`).
pub(crate) fn strategy_text(
    letter: &str,
    name: &str,
    content: Option<&str>,
    sdg: Option<i64>,
    language: Language,
) -> String {
    let mut text = format!("{letter}: {name}");
    if let Some(content) = content.filter(|c| !c.trim().is_empty()) {
        text.push_str(" – ");
        text.push_str(content.trim());
    }
    if let Some(label) = sdg.and_then(|n| plan::sdg::label(n, language)) {
        text.push('\n');
        text.push_str(&label);
    }
    text
}
