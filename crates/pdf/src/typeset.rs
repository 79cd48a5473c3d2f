//! `render`'s [`Document`] as Typst markup: the same blocks in the same order as
//! every other format. Page furniture (front page, contents, footer) and styles
//! live here; every plan text goes through [`markup::string`].

use std::fmt::Write;

use render::document::{
    Block, Cell, CellKind, Document, Figure, FigureKind, Paragraph, ParagraphKind, Row, RowKind,
    Table,
};

use crate::markup::{string, text};
use crate::rows::{self, INSET_X_PT, INSET_Y_PT, LEADING_EM, Rows, TABLE_TEXT_PT};

/// The path of a figure's SVG in the world, by its kind.
pub fn figure_path(figure: &Figure) -> &'static str {
    match figure.kind {
        FigureKind::JobTargets { .. } => "/charts/jobs.svg",
        FigureKind::Results { .. } => "/charts/results.svg",
        FigureKind::YearWheel { .. } => "/charts/wheel.svg",
    }
}

/// The path of the front page logo, when the options give one.
pub const LOGO_PATH: &str = "/logo.png";

/// The markup of the whole document. `has_chart(figure)` tells whether the
/// figure's SVG is in the world; without it the figure shows its text alternative.
/// `rows` says whether one-line table rows get their height ahead ([`rows`]).
pub fn document(
    document: &Document,
    has_chart: &dyn Fn(&Figure) -> bool,
    has_logo: bool,
    rows: Rows,
) -> String {
    let mut out = String::with_capacity(64 * 1024);
    preamble(&mut out, document);
    front_page(&mut out, document, has_logo);
    contents(&mut out, document);
    for block in &document.blocks {
        match block {
            Block::Heading(heading) => {
                // A main chapter starts on a new page when the document says so (weak:
                // never a blank page). A page break also ends a page run, and Typst lays
                // out the runs of a document in parallel: the chapters are typeset side
                // by side.
                if heading.level <= 1 && document.chapters_on_new_pages {
                    out.push_str("#pagebreak(weak: true)\n");
                }
                let _ = writeln!(
                    out,
                    "#heading(level: {}, {})",
                    heading.level.clamp(1, 6),
                    string(&heading.numbered_text())
                );
            }
            Block::Paragraph(paragraph) => self::paragraph(&mut out, paragraph),
            Block::NumberedList(items) => {
                out.push_str("#enum(numbering: \"1.\"");
                for item in items {
                    let _ = write!(out, ", {}", content(item));
                }
                out.push_str(")\n\n");
            }
            Block::LetteredList(items) => {
                out.push_str("#terms(hanging-indent: 1.4em, separator: h(0.6em)");
                for (letter, item) in items {
                    let _ = write!(
                        out,
                        ", terms.item(strong({}), {})",
                        string(&format!("{letter}.")),
                        content(item)
                    );
                }
                out.push_str(")\n\n");
            }
            Block::Table(table) => self::table(&mut out, table, rows),
            Block::Figure(figure) => self::figure(&mut out, figure, has_chart(figure)),
        }
    }
    out
}

fn preamble(out: &mut String, document: &Document) {
    let language = document.language.code();
    let _ = writeln!(
        out,
        "#set document(title: {}, description: {})",
        string(&document.title),
        string(&document.description)
    );
    let _ = writeln!(
        out,
        "#set text(font: \"Noto Sans\", lang: \"{language}\", region: \"NO\", size: 10pt, fill: rgb(\"#1E2B3C\"))"
    );
    // The page's side margins (`rows::MARGIN_X_PT`), the table's text size and insets
    // are also what [`rows`] works out one-line row heights from.
    out.push_str("#set page(paper: \"a4\", margin: (x: 2.2cm, top: 2.2cm, bottom: 2.6cm))\n");
    let _ = writeln!(
        out,
        "#set table(stroke: 0.5pt + rgb(\"#9AA3AD\"), inset: (x: {INSET_X_PT}pt, y: {INSET_Y_PT}pt))"
    );
    let _ = writeln!(
        out,
        "#show table: set text(size: {TABLE_TEXT_PT}pt, hyphenate: false)"
    );
    let _ = writeln!(out, "#set par(leading: {LEADING_EM}em, spacing: 0.9em)");
    out.push_str(concat!(
        "#show heading: set block(above: 1.5em, below: 0.8em)\n",
        "#show heading.where(level: 1): set text(size: 15pt)\n",
        "#show heading.where(level: 2): set text(size: 12pt)\n",
        "#set figure(numbering: none, gap: 0.6em)\n",
        "#show figure.caption: set text(weight: \"bold\", size: 9.5pt)\n",
        "#show figure.where(kind: table): set figure.caption(position: top)\n",
        "#show outline.entry.where(level: 1): set text(weight: \"bold\")\n",
        // The fills of header, total and sum cells, named once: every cell that has one
        // refers to it by name instead of calling `rgb` again.
        "#let fill-head = rgb(\"#E3E8EE\")\n",
        "#let fill-total = rgb(\"#D5DEE8\")\n",
        "#let fill-sum = rgb(\"#F0F3F6\")\n",
    ));
    out.push('\n');
}

fn front_page(out: &mut String, document: &Document, has_logo: bool) {
    let front = &document.front;
    out.push_str("#page(footer: none)[\n");
    if has_logo {
        let alt = front.logo.as_ref().map_or("", |logo| logo.alt.as_str());
        let _ = writeln!(
            out,
            "#image(\"{LOGO_PATH}\", height: 2cm, alt: {})",
            string(alt)
        );
    }
    out.push_str("#v(5cm)\n");
    let _ = writeln!(out, "#title(text(size: 30pt, {}))", string(&front.title));
    let _ = writeln!(out, "#text(size: 17pt, {})\n", string(&front.subtitle));
    if let Some(vision) = &front.vision {
        let _ = writeln!(
            out,
            "#v(1cm)\n#emph(text(size: 13pt, {}))\n",
            string(vision)
        );
    }
    out.push_str("#v(1fr)\n");
    for approval in &front.approvals {
        let _ = writeln!(out, "{}\n", text(approval));
    }
    if let Some(draft) = &front.draft {
        let colour = if front.has_errors {
            "#B3261E"
        } else {
            "#1E2B3C"
        };
        let _ = writeln!(
            out,
            "#text(size: 16pt, weight: \"bold\", fill: rgb(\"{colour}\"), {})\n",
            string(draft)
        );
    }
    out.push_str("]\n\n");
    // Every later page: the footer with the programme and "Side n av m".
    let (page, of) = &document.page_label;
    let _ = writeln!(
        out,
        "#set page(footer: context {{ set text(size: 8pt); {}; h(1fr); {} + \" \" + str(here().page()) + \" \" + {} + \" \" + str(counter(page).final().first()) }})\n",
        string(&document.footer),
        string(page),
        string(of),
    );
}

fn contents(out: &mut String, document: &Document) {
    let _ = writeln!(
        out,
        "#outline(title: {}, depth: 2)\n#pagebreak(weak: true)\n",
        string(&document.contents.title)
    );
}

fn paragraph(out: &mut String, paragraph: &Paragraph) {
    if paragraph.label.is_none() {
        let body = content(&paragraph.text);
        let _ = match paragraph.kind {
            ParagraphKind::Body => writeln!(out, "#par({body})\n"),
            ParagraphKind::Placeholder => writeln!(out, "#par(emph({body}))\n"),
        };
        return;
    }
    out.push_str("#par[");
    if let Some(label) = &paragraph.label {
        let _ = write!(out, "#strong({}) ", string(&format!("{label}:")));
    }
    match paragraph.kind {
        ParagraphKind::Body => out.push_str(&lines(&paragraph.text)),
        ParagraphKind::Placeholder => {
            let _ = write!(out, "#emph[{}]", lines(&paragraph.text));
        }
    }
    out.push_str("]\n\n");
}

/// Plain text as a Typst value for a content argument: a string literal when it is one
/// line (Typst shows it as text without evaluating markup), else a content block with
/// line breaks.
fn content(value: &str) -> String {
    if value.contains('\n') {
        format!("[{}]", lines(value))
    } else {
        string(value)
    }
}

/// Plain text with `\n` as line breaks, as markup.
fn lines(value: &str) -> String {
    value
        .split('\n')
        .map(text)
        .collect::<Vec<_>>()
        .join("#linebreak()")
}

fn table(out: &mut String, table: &Table, rows: Rows) {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("{}fr", c.width.max(1)))
        .collect();
    let aligns: Vec<&str> = table
        .columns
        .iter()
        .map(|c| if c.numeric { "right" } else { "left" })
        .collect();
    // A short table stays on one page with its caption (a figure does not break); a long
    // one may break, and its header row repeats on every page. The rule that lets it
    // break holds inside its own content block only: a rule at the top level would stay
    // in the style chain of everything after it, which Typst then searches at every
    // element (one rule more per table).
    let breakable = table.body.len() > 20;
    if breakable {
        out.push_str("#[#show figure: set block(breakable: true)\n");
    }
    let _ = write!(
        out,
        "#figure(kind: table, caption: {},\n table(columns: ({},), align: ({},),",
        string(&table.caption),
        columns.join(", "),
        aligns.join(", "),
    );
    let heights = rows::heights(table, rows);
    if heights.iter().any(Option::is_some) {
        let heights: Vec<String> = heights
            .iter()
            .map(|height| match height {
                Some(points) => format!("{points}pt"),
                None => "auto".to_owned(),
            })
            .collect();
        // With as many sizes as rows, none is repeated for rows beyond them.
        let _ = write!(out, " rows: ({},),", heights.join(", "));
    }
    out.push('\n');
    let hyphenated = rows::hyphenated(table);
    let mut hyphenated = hyphenated.iter();
    let mut next = || hyphenated.next().map_or(&[][..], Vec::as_slice);
    if !table.header.is_empty() {
        out.push_str("  table.header(repeat: true,\n");
        for row in &table.header {
            self::row(out, row, true, next());
        }
        out.push_str("  ),\n");
    }
    for row in &table.body {
        self::row(out, row, false, next());
    }
    out.push_str(" ))\n");
    if breakable {
        out.push_str("]\n");
    }
    for note in &table.notes {
        let _ = writeln!(
            out,
            "#par(text(size: 8.5pt, {}))\n",
            string(&format!("{} {}", note.marker, note.text))
        );
    }
    out.push('\n');
}

/// One row; `hyphenated[i]` tells whether its `i`th cell is hyphenated.
fn row(out: &mut String, row: &Row, header: bool, hyphenated: &[bool]) {
    out.push_str("   ");
    for (index, cell) in row.cells.iter().enumerate() {
        if cell.kind == CellKind::Covered {
            continue;
        }
        let hyphenate = hyphenated.get(index).copied().unwrap_or(true);
        let _ = write!(out, "{}, ", self::cell(cell, row.kind, header, hyphenate));
    }
    out.push('\n');
}

/// One cell, written as briefly as Typst reads it: a one-line text is a string literal
/// (Typst turns it into text without evaluating a content block), `strong(…)` around it
/// when bold, and `table.cell(…)` only when the cell has a span, a fill or an alignment
/// of its own. The PDF is the same as with the longer forms; Typst reads less.
fn cell(cell: &Cell, kind: RowKind, header: bool, hyphenate: bool) -> String {
    let mut body = content(&cell.text_with_marker());
    if hyphenate {
        // A word wider than the column: broken by syllable, not run into the next cell.
        body = format!("text(hyphenate: true, {body})");
    }
    if rows::is_bold(cell, kind, header) {
        body = format!("strong({body})");
    }
    let mut arguments = Vec::new();
    if cell.row_span > 1 {
        arguments.push(format!("rowspan: {}", cell.row_span));
    }
    if cell.col_span > 1 {
        arguments.push(format!("colspan: {}", cell.col_span));
    }
    match (header, kind) {
        (true, _) => arguments.push("fill: fill-head".into()),
        (false, RowKind::Total) => arguments.push("fill: fill-total".into()),
        (false, RowKind::Sum) => arguments.push("fill: fill-sum".into()),
        _ => {}
    }
    if cell.kind == CellKind::Dash {
        arguments.push("align: center".into());
    } else if header && cell.kind == CellKind::Number {
        arguments.push("align: right".into());
    }
    let content = if arguments.is_empty() {
        body
    } else {
        arguments.push(body);
        format!("table.cell({})", arguments.join(", "))
    };
    if cell.row_header && !header {
        format!("pdf.header-cell(scope: \"row\", {content})")
    } else {
        content
    }
}

fn figure(out: &mut String, figure: &Figure, has_chart: bool) {
    if has_chart {
        let _ = writeln!(
            out,
            "#figure(image(\"{}\", width: 100%, alt: {}), caption: {})\n",
            figure_path(figure),
            string(&figure.alt),
            string(&figure.caption),
        );
    } else {
        // No drawing: the figure's data as text, so nothing is lost.
        let _ = writeln!(
            out,
            "#par[#strong({}) {}]\n",
            string(&figure.caption),
            text(&figure.alt)
        );
    }
}
