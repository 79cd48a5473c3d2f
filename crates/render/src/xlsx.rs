//! The document's tables as an Excel workbook with live formulas.
//!
//! One sheet per table that has a sheet name ([`Table::sheet`]): for a Handlingsplan
//! the job targets, one per focus area's strategy table, the resource table (3.1) and
//! the financing (3.2); for an Omstillingsplan the job targets and the frame table.
//! Every cell whose value follows from others ([`Calc`]) is a real formula (`=SUM(…)`,
//! a reference to another sheet, the financing split) with its cached value, so a user
//! who changes a budget in Excel sees the totals follow. The writer knows no kind of
//! document: what is summed where is the builder's. Sheet names are valid Excel names,
//! unique and ≤ 31 chars.
//!
//! Safety: every text from the document is written with `write_string`, never `write`,
//! so text that begins with `=`, `+`, `-`, `@`, tab or carriage return stays text
//! and no spreadsheet runs it. Formulas are built from cell references and sheet
//! names only; a sheet name in a formula is quoted with `'…'` and its apostrophes
//! doubled. Pure: returns bytes.
//!
//! Print and layout: every sheet prints on A4, landscape when its columns are wider
//! than a portrait page, scaled to one page wide, with the header rows repeated on
//! each page; texts wrap, and rows are as tall as their wrapped texts (see [`Layout`]).

use std::collections::HashMap;

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use crate::document::{Calc, Cell, CellKind, CellRef, Document, Row, RowKind, Table, Value};

/// Why a workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// A text is longer than an Excel cell can hold.
    #[error("teksten i {0} er for lang for et regneark (over 32 767 tegn)")]
    TextTooLong(String),
    /// The workbook could not be written.
    #[error("kunne ikke lage regnearket: {0}")]
    Workbook(String),
}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError::Workbook(error.to_string())
    }
}

/// The longest text an Excel cell holds.
const MAX_CELL_TEXT: usize = 32_767;
/// Excel's number format with thousands separators (shown with the reader's locale).
const NUMBER: &str = "#,##0";
const PERCENT: &str = "0.00%";

/// The workbook of a document, as the bytes of an `.xlsx` file.
pub fn xlsx(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&doc.title)
            .set_subject(&doc.description),
    );
    let mut names = SheetNames::default();
    let mut placed = Placed::default();
    for table in doc.tables() {
        if let Some(sheet_name) = &table.sheet {
            let name = names.unique(sheet_name);
            let sheet = workbook.add_worksheet();
            sheet.set_name(&name)?;
            write_table(sheet, &name, table, &styles, &mut placed)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// Where each table written so far is: its sheet, the sheet row of its first body
/// row, and its cells' values, for references from later tables.
#[derive(Default)]
struct Placed {
    tables: HashMap<String, PlacedTable>,
}

struct PlacedTable {
    sheet: String,
    first_row: u32,
    values: HashMap<(usize, usize), f64>,
}

/// A resolved cell: its reference text and its value.
struct Resolved {
    reference: String,
    value: f64,
}

impl Placed {
    /// The reference to `cell` as seen from `sheet` and the cell's value.
    fn resolve(&self, cell: &CellRef, sheet: &str) -> Option<Resolved> {
        let table = self.tables.get(&cell.table)?;
        let row = table.first_row + cell.row as u32;
        let col = cell.col as u16;
        let reference = if table.sheet == sheet {
            cell_name(row, col)
        } else {
            format!("{}!{}", quoted(&table.sheet), absolute(row, col))
        };
        Some(Resolved {
            reference,
            value: table
                .values
                .get(&(cell.row, cell.col))
                .copied()
                .unwrap_or(0.0),
        })
    }
}

/// One table on its sheet: header rows, body rows, then its notes.
fn write_table(
    sheet: &mut Worksheet,
    name: &str,
    table: &Table,
    styles: &Styles,
    placed: &mut Placed,
) -> Result<(), XlsxError> {
    let columns = table.columns.len();
    let mut layout = Layout::new(columns);
    let first_row = table.header.len() as u32;
    // The table's values go in first, so its own formulas can resolve their references.
    placed.tables.insert(
        table.id.clone(),
        PlacedTable {
            sheet: name.to_owned(),
            first_row,
            values: table
                .body
                .iter()
                .enumerate()
                .flat_map(|(r, row)| {
                    grid(row).filter_map(move |(col, cell)| {
                        cell.value.map(|value| ((r, col), number_of(value)))
                    })
                })
                .collect(),
        },
    );
    for (r, row) in table.header.iter().enumerate() {
        for (col, cell) in grid(row) {
            let format = if table.columns.get(col).is_some_and(|c| c.numeric) {
                &styles.header_number
            } else {
                &styles.header
            };
            let text = cell.text_with_marker();
            write_spanning(sheet, r as u32, col as u16, cell, &text, format)?;
            layout.header(r as u32, col, cell, &text);
        }
    }
    if first_row > 0 {
        let freeze_first_column = u16::from(columns > 5);
        sheet.set_freeze_panes(first_row, freeze_first_column)?;
        sheet.set_repeat_rows(0, first_row - 1)?;
    }
    let mut helpers_used = false;
    for (r, row) in table.body.iter().enumerate() {
        let sheet_row = first_row + r as u32;
        let look = Look::of(row.kind, styles);
        for (col, cell) in grid(row) {
            let col16 = col as u16;
            // Columns a label spans are blank cells in the row's look.
            for spanned in 1..cell.col_span {
                sheet.write_blank(sheet_row, col16 + spanned as u16, look.label)?;
            }
            if cell.kind == CellKind::Covered {
                continue;
            }
            if let Some(calc) = &cell.calc {
                let context = Context {
                    sheet: name,
                    table,
                    row: sheet_row,
                    body_row: r,
                    col: col16,
                    placed,
                };
                let (formula, helpers) = formula(calc, &context, styles, sheet)?;
                helpers_used |= helpers;
                let cached = cell.value.map_or(0.0, number_of);
                let format = look.number_for(cell.value);
                write_formula(sheet, sheet_row, col16, &formula, cached, format)?;
                layout.number(col, cell.value);
            } else if let Some(value) = cell.value {
                let format = look.number_for(Some(value));
                sheet.write_number_with_format(sheet_row, col16, number_of(value), format)?;
                layout.number(col, Some(value));
            } else if cell.kind == CellKind::Dash {
                write_text(sheet, sheet_row, col16, &cell.text, &styles.dash)?;
            } else {
                let text = cell.text_with_marker();
                layout.text(sheet_row, col, cell, &text);
                let format = if cell.row_header || row.kind == RowKind::Body {
                    look.text
                } else {
                    look.label
                };
                write_spanning(sheet, sheet_row, col16, cell, &text, format)?;
            }
        }
    }
    let notes_from = first_row + table.body.len() as u32 + 1;
    for (note_row, note) in (notes_from..).zip(&table.notes) {
        let text = format!("{} {}", note.marker, note.text);
        if columns > 1 {
            if text.chars().count() > MAX_CELL_TEXT {
                return Err(XlsxError::TextTooLong(cell_name(note_row, 0)));
            }
            let last = columns as u16 - 1;
            sheet.merge_range(note_row, 0, note_row, last, &text, &styles.note)?;
        } else {
            write_text(sheet, note_row, 0, &text, &styles.note)?;
        }
        layout.note(note_row, &text);
    }
    if helpers_used {
        sheet.set_column_hidden(columns as u16)?;
        sheet.set_column_hidden(columns as u16 + 1)?;
    }
    layout.apply(sheet)?;
    Ok(())
}

/// The cells of a row with their grid columns (a cell spanning columns moves the
/// next one along).
fn grid(row: &Row) -> impl Iterator<Item = (usize, &Cell)> {
    row.cells.iter().scan(0usize, |col, cell| {
        let at = *col;
        *col += cell.col_span.max(1);
        Some((at, cell))
    })
}

fn number_of(value: Value) -> f64 {
    match value {
        Value::Integer(n) => n as f64,
        Value::Share(share) => share.hundredths() as f64 / 10_000.0,
    }
}

/// Where a formula is written.
struct Context<'a> {
    sheet: &'a str,
    table: &'a Table,
    /// The sheet row of the cell.
    row: u32,
    /// The body row of the cell in its table.
    body_row: usize,
    col: u16,
    placed: &'a Placed,
}

impl Context<'_> {
    fn resolve(&self, cell: &CellRef) -> Result<Resolved, XlsxError> {
        self.placed.resolve(cell, self.sheet).ok_or_else(|| {
            XlsxError::Workbook(format!(
                "cellen {} viser til tabellen «{}», som ikke står foran den",
                cell_name(self.row, self.col),
                cell.table
            ))
        })
    }

    /// The sheet row of body row `row` of this table.
    fn sheet_row(&self, row: usize) -> u32 {
        self.table.header.len() as u32 + row as u32
    }
}

/// The formula of a calculated cell, and whether it wrote the hidden helper columns.
fn formula(
    calc: &Calc,
    at: &Context<'_>,
    styles: &Styles,
    sheet: &mut Worksheet,
) -> Result<(String, bool), XlsxError> {
    Ok(match calc {
        Calc::ColumnSum { from, to } => (
            range_sum(at.col, at.sheet_row(*from), at.sheet_row(*to)),
            false,
        ),
        Calc::RowSum { from, to } => (range_sum_row(at.row, *from as u16, *to as u16), false),
        Calc::Sum(cells) => {
            let parts = cells
                .iter()
                .map(|cell| at.resolve(cell).map(|r| r.reference))
                .collect::<Result<Vec<_>, _>>()?;
            if parts.is_empty() {
                ("=0".to_owned(), false)
            } else {
                (format!("={}", parts.join("+")), false)
            }
        }
        Calc::Ref(cell) => (format!("={}", at.resolve(cell)?.reference), false),
        Calc::Ratio {
            part,
            whole,
            rounded,
        } => {
            let part = at.resolve(part)?.reference;
            let whole = at.resolve(whole)?.reference;
            let ratio = if *rounded {
                format!("ROUND({part}/{whole},4)")
            } else {
                format!("{part}/{whole}")
            };
            (format!("=IF({whole}=0,0,{ratio})"), false)
        }
        Calc::Apportion {
            total,
            share_col,
            from,
            to,
        } => {
            // Helper columns right of the table: the whole kroner of total × share and
            // the remainder in 1/10 000 kr; the kroner left over go to the largest
            // remainders, ties to the earlier row.
            let total = at.resolve(total)?;
            let whole_col = at.table.columns.len() as u16;
            let rest_col = whole_col + 1;
            let share_cell = cell_name(at.row, *share_col as u16);
            let basis = format!("{}*ROUND({share_cell}*10000,0)", total.reference);
            let share = at.table.body[at.body_row]
                .cells
                .get(*share_col)
                .and_then(|c| c.value)
                .map_or(0, |v| match v {
                    Value::Share(share) => share.hundredths(),
                    Value::Integer(n) => n.saturating_mul(10_000),
                });
            let (whole, rest) = split_cached(total.value as i64, share);
            write_formula(
                sheet,
                at.row,
                whole_col,
                &format!("=INT({basis}/10000)"),
                whole,
                &styles.number,
            )?;
            write_formula(
                sheet,
                at.row,
                rest_col,
                &format!("=MOD({basis},10000)"),
                rest,
                &styles.number,
            )?;
            let (a, b) = (at.sheet_row(*from), at.sheet_row(*to) - 1);
            let rest_letters = column_letters(rest_col);
            let whole_letters = column_letters(whole_col);
            let e = cell_name(at.row, rest_col);
            let rank = format!(
                "COUNTIF(${rest_letters}${a}:${rest_letters}${b},\">\"&{e})+COUNTIF(${rest_letters}${a}:{e},{e})-1",
                a = a + 1,
                b = b + 1,
            );
            let leftover = format!(
                "({}-SUM(${whole_letters}${}:${whole_letters}${}))",
                total.reference,
                a + 1,
                b + 1
            );
            (
                format!(
                    "={}+IF({rank}<{leftover},1,0)",
                    cell_name(at.row, whole_col)
                ),
                true,
            )
        }
    })
}

/// How a row's cells look.
struct Look<'a> {
    text: &'a Format,
    label: &'a Format,
    number: &'a Format,
    percent: &'a Format,
}

impl<'a> Look<'a> {
    fn of(kind: RowKind, styles: &'a Styles) -> Look<'a> {
        match kind {
            RowKind::Header | RowKind::Body => Look {
                text: &styles.wrapped,
                label: &styles.text,
                number: &styles.number,
                percent: &styles.percent,
            },
            RowKind::Sum => Look {
                text: &styles.sum_label,
                label: &styles.sum_label,
                number: &styles.sum_number,
                percent: &styles.sum_percent,
            },
            RowKind::Total => Look {
                text: &styles.total_label,
                label: &styles.total_label,
                number: &styles.total_number,
                percent: &styles.total_percent,
            },
        }
    }

    fn number_for(&self, value: Option<Value>) -> &'a Format {
        match value {
            Some(Value::Share(_)) => self.percent,
            _ => self.number,
        }
    }
}

/// The cell formats of the workbook.
struct Styles {
    header: Format,
    header_number: Format,
    text: Format,
    wrapped: Format,
    number: Format,
    percent: Format,
    sum_label: Format,
    sum_number: Format,
    sum_percent: Format,
    total_label: Format,
    total_number: Format,
    total_percent: Format,
    dash: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let header = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xE3E8EE))
            .set_border_bottom(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Top);
        let sum = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xF0F3F6));
        let total = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xD5DEE8))
            .set_border_top(FormatBorder::Thin);
        Styles {
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new()
                .set_num_format(NUMBER)
                .set_align(FormatAlign::Top),
            percent: Format::new()
                .set_num_format(PERCENT)
                .set_align(FormatAlign::Top),
            sum_number: sum.clone().set_num_format(NUMBER),
            sum_percent: sum.clone().set_num_format(PERCENT),
            sum_label: sum,
            total_number: total.clone().set_num_format(NUMBER),
            total_percent: total.clone().set_num_format(PERCENT),
            total_label: total,
            dash: Format::new().set_align(FormatAlign::Center),
            note: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// Writes a text cell; a cell spanning rows or columns is merged over them, so its text
/// wraps across the whole span.
fn write_spanning(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let (rows, cols) = (cell.row_span.max(1), cell.col_span.max(1));
    if rows == 1 && cols == 1 {
        return write_text(sheet, row, col, text, format);
    }
    if text.chars().count() > MAX_CELL_TEXT {
        return Err(XlsxError::TextTooLong(cell_name(row, col)));
    }
    let last_row = row + rows as u32 - 1;
    let last_col = col + cols as u16 - 1;
    sheet.merge_range(row, col, last_row, last_col, text, format)?;
    Ok(())
}

/// Writes plan or catalogue text as a string, never as a formula.
fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if text.chars().count() > MAX_CELL_TEXT {
        return Err(XlsxError::TextTooLong(cell_name(row, col)));
    }
    sheet.write_string_with_format(row, col, text, format)?;
    Ok(())
}

fn write_formula(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    formula: &str,
    cached: impl ToString,
    format: &Format,
) -> Result<(), XlsxError> {
    let formula = Formula::new(formula).set_result(cached.to_string());
    sheet.write_formula_with_format(row, col, formula, format)?;
    Ok(())
}

/// The cached values of the helper columns: whole kroner and remainder of
/// `total × hundredths / 10 000`.
fn split_cached(total: i64, hundredths: i64) -> (i64, i64) {
    let raw = i128::from(total) * i128::from(hundredths);
    ((raw / 10_000) as i64, (raw % 10_000) as i64)
}

/// `=SUM(B2:B5)` over the sheet rows `first..end` (end exclusive) of a column.
fn range_sum(col: u16, first: u32, end: u32) -> String {
    if end <= first {
        return "=0".to_string();
    }
    format!(
        "=SUM({}:{})",
        cell_name(first, col),
        cell_name(end - 1, col)
    )
}

/// `=SUM(B3:G3)` over the columns `first..end` (end exclusive) of a sheet row.
fn range_sum_row(row: u32, first: u16, end: u16) -> String {
    if end <= first {
        return "=0".to_string();
    }
    format!(
        "=SUM({}:{})",
        cell_name(row, first),
        cell_name(row, end - 1)
    )
}

/// `B3` for row 2, column 1 (both 0-based).
fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// `$B$3`.
fn absolute(row: u32, col: u16) -> String {
    format!("${}${}", column_letters(col), row + 1)
}

fn column_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A sheet name quoted for a formula: `'2.1 Reiseliv'`, apostrophes doubled.
fn quoted(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// Makes valid, unique sheet names: no `[]:*?/\`, no apostrophe at either end,
/// at most 31 characters, unique regardless of case.
#[derive(Debug, Default)]
struct SheetNames {
    used: Vec<String>,
}

impl SheetNames {
    const MAX: usize = 31;

    fn unique(&mut self, wanted: &str) -> String {
        let cleaned: String = wanted
            .chars()
            .map(|c| match c {
                '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '-',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect();
        let cleaned = cleaned.trim().trim_matches('\'').trim();
        let base = if cleaned.is_empty() { "Ark" } else { cleaned };
        let mut candidate = shorten(base, Self::MAX);
        let mut counter = 2;
        while self
            .used
            .iter()
            .any(|u| u.to_lowercase() == candidate.to_lowercase())
            || candidate.eq_ignore_ascii_case("history")
        {
            let suffix = format!(" ({counter})");
            candidate = format!(
                "{}{suffix}",
                shorten(base, Self::MAX - suffix.chars().count())
            );
            counter += 1;
        }
        self.used.push(candidate.clone());
        candidate
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short = short.trim_end().trim_end_matches('\'').to_string();
    short.push('…');
    short
}

/// Column widths and row heights of one sheet, from what its cells hold: a column is
/// wide enough for its numbers and for the longest word of its header (a header wraps
/// between words, never inside one), and as wide as its texts up to [`MAX_WIDTH`]
/// characters; a row is tall enough for the lines its wrapped texts need at those
/// widths (a text merged over several rows shares their height). Estimates count
/// characters, with room for the wider fonts a spreadsheet may substitute.
struct Layout {
    /// Per column: the characters that must fit on one line.
    fit: Vec<usize>,
    /// Per column: the characters of its longest line of text.
    wish: Vec<usize>,
    texts: Vec<Placement>,
}

/// A wrapped text and the cells it covers.
struct Placement {
    row: u32,
    col: usize,
    col_span: usize,
    row_span: u32,
    text: String,
}

/// The narrowest and widest column, in characters.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 50;
/// A character's width in Excel's column units (the width of `0` in the default font),
/// with room for bold text and substituted fonts.
const CHAR_WIDTH: f64 = 1.15;
/// Padding of a column, in Excel's units.
const PADDING: f64 = 2.0;
/// The height of one line of 11 pt text, and of a row without wrapping, in points.
const LINE_HEIGHT: f64 = 15.0;
/// The width of a sheet that fits A4 portrait at 100 %, in Excel's column units
/// (21 cm less 2 × 1.8 cm margins, at about 0.19 cm per unit); wider sheets print
/// landscape.
const PORTRAIT_WIDTH: f64 = 90.0;
/// Excel's code for A4 paper.
const PAPER_A4: u8 = 9;

impl Layout {
    fn new(columns: usize) -> Layout {
        Layout {
            fit: vec![0; columns],
            wish: vec![0; columns],
            texts: Vec::new(),
        }
    }

    /// A header cell: its longest word must fit; the whole header may wrap.
    fn header(&mut self, row: u32, col: usize, cell: &Cell, text: &str) {
        if cell.col_span.max(1) == 1
            && let Some(fit) = self.fit.get_mut(col)
        {
            *fit = (*fit).max(longest_word(text));
        }
        self.place(row, col, cell, text);
    }

    /// A text cell: it wraps at the column's width.
    fn text(&mut self, row: u32, col: usize, cell: &Cell, text: &str) {
        if cell.col_span.max(1) == 1 {
            let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            if let Some(wish) = self.wish.get_mut(col) {
                *wish = (*wish).max(longest);
            }
            if let Some(fit) = self.fit.get_mut(col) {
                *fit = (*fit).max(longest_word(text).min(MAX_WIDTH));
            }
        }
        self.place(row, col, cell, text);
    }

    /// A number as it is shown (`10 410 000`, `33.33%`) must fit on one line.
    fn number(&mut self, col: usize, value: Option<Value>) {
        let shown = match value {
            Some(Value::Share(_)) => "100.00%".len(),
            Some(Value::Integer(n)) => shown_integer_chars(n),
            None => 1,
        };
        if let Some(fit) = self.fit.get_mut(col) {
            *fit = (*fit).max(shown);
        }
    }

    /// A note under the table, across all its columns.
    fn note(&mut self, row: u32, text: &str) {
        self.texts.push(Placement {
            row,
            col: 0,
            col_span: self.fit.len().max(1),
            row_span: 1,
            text: text.to_owned(),
        });
    }

    fn place(&mut self, row: u32, col: usize, cell: &Cell, text: &str) {
        self.texts.push(Placement {
            row,
            col,
            col_span: cell.col_span.max(1),
            row_span: u32::try_from(cell.row_span.max(1)).unwrap_or(1),
            text: text.to_owned(),
        });
    }

    /// The width of each column in Excel's units.
    fn widths(&self) -> Vec<f64> {
        self.fit
            .iter()
            .zip(&self.wish)
            .map(|(fit, wish)| {
                let chars = (*fit).max((*wish).min(MAX_WIDTH)).max(MIN_WIDTH);
                chars as f64 * CHAR_WIDTH + PADDING
            })
            .collect()
    }

    /// Sets the widths, the heights of rows with wrapped text, and the print setup.
    fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let widths = self.widths();
        for (col, width) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
        }
        let mut heights: HashMap<u32, f64> = HashMap::new();
        for placed in &self.texts {
            let end = (placed.col + placed.col_span).min(widths.len());
            let width: f64 = widths[placed.col.min(end)..end].iter().sum();
            let capacity = ((width - PADDING) / CHAR_WIDTH).floor().max(1.0) as usize;
            let lines = wrapped_lines(&placed.text, capacity);
            let per_row = (lines as f64 * LINE_HEIGHT / f64::from(placed.row_span)).ceil();
            for row in placed.row..placed.row + placed.row_span {
                let height = heights.entry(row).or_insert(LINE_HEIGHT);
                *height = height.max(per_row);
            }
        }
        let mut rows: Vec<_> = heights.into_iter().collect();
        rows.sort_by_key(|(row, _)| *row);
        for (row, height) in rows {
            if height > LINE_HEIGHT {
                sheet.set_row_height(row, height)?;
            }
        }
        sheet.set_paper_size(PAPER_A4);
        if widths.iter().sum::<f64>() > PORTRAIT_WIDTH {
            sheet.set_landscape();
        } else {
            sheet.set_portrait();
        }
        sheet.set_print_fit_to_pages(1, 0);
        Ok(())
    }
}

/// The characters of an integer shown with thousands separators and a sign.
fn shown_integer_chars(n: i64) -> usize {
    let digits = n.unsigned_abs().to_string().len();
    digits + (digits - 1) / 3 + usize::from(n < 0)
}

/// The longest word of a text (a run without spaces, hyphens or line breaks, which a
/// spreadsheet may break after).
fn longest_word(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.chars().count() + 1)
        .max()
        .unwrap_or(0)
}

/// The lines `text` takes when wrapped greedily between words at `capacity`
/// characters (a longer word takes as many lines as it needs).
fn wrapped_lines(text: &str, capacity: usize) -> usize {
    text.split('\n')
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split(' ').filter(|w| !w.is_empty()) {
                let length = word.chars().count();
                if used > 0 && used + 1 + length > capacity {
                    lines += 1;
                    used = 0;
                }
                if used == 0 {
                    lines += length.saturating_sub(1) / capacity;
                    used = length % capacity;
                    if used == 0 && length > 0 {
                        used = capacity;
                    }
                } else {
                    used += 1 + length;
                }
            }
            lines
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_short_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.unique("2.1 Reiseliv"), "2.1 Reiseliv");
        assert_eq!(names.unique("2.1 reiseliv"), "2.1 reiseliv (2)");
        let long = names.unique("2.3 Industri, leverandørnæring og maritim sektor");
        assert_eq!(long.chars().count(), 31);
        assert!(long.ends_with('…'));
        assert_eq!(names.unique("a[b]:c*d?e/f\\g"), "a-b--c-d-e-f-g");
        assert_eq!(names.unique("'quoted'"), "quoted");
        assert_eq!(names.unique("   "), "Ark");
        assert_eq!(names.unique("History"), "History (2)");
    }

    #[test]
    fn cell_names_follow_excel() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(absolute(4, 3), "$D$5");
        assert_eq!(quoted("Per's"), "'Per''s'");
    }

    #[test]
    fn helper_split_matches_the_largest_remainder_rule() {
        // 1 000 001 kr at 33.33 %: raw = 3 333 003 333 → 333 300 kr, remainder 3 333.
        assert_eq!(split_cached(1_000_001, 3333), (333_300, 3333));
    }
}
