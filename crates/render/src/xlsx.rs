//! The plan's numbers as an Excel workbook with live formulas.
//!
//! One sheet for the job targets, one per focus area's strategy table, one for the
//! resource table (3.1) and one for the financing (3.2). Every sum is a real
//! formula (`=SUM(…)`) with its cached value, so a user who changes a budget in
//! Excel sees the totals follow (the resource sheet reads each area's sheet, the
//! financing reads the total). Headers come from the [`crate::text`] catalogue in
//! the plan's language; sheet names are valid Excel names, unique and ≤ 31 chars.
//!
//! Safety: every text from the plan is written with `write_string`, never `write`,
//! so text that begins with `=`, `+`, `-`, `@`, tab or carriage return stays text
//! and no spreadsheet runs it. Formulas are built from cell references and sheet
//! names only; a sheet name in a formula is quoted with `'…'` and its apostrophes
//! doubled. Pure: returns bytes.

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use plan::compute::{FinancingLine, FinancingMode, financing_mode};
use plan::{Evaluation, Plan};

use crate::text::{Catalogue, catalogue, fill, items};

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

/// The workbook of a plan, as the bytes of an `.xlsx` file.
pub fn xlsx(plan: &Plan, evaluation: &Evaluation) -> Result<Vec<u8>, XlsxError> {
    let t = catalogue(plan.language);
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let title = fill(t.title, &[("year", &plan.year.to_string())]);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{title} – {}", plan.programme.name))
            .set_subject(fill(t.subtitle, &[("area", &plan.programme.area)])),
    );
    let mut names = SheetNames::default();

    jobs_sheet(&mut workbook, &mut names, plan, evaluation, t, &styles)?;
    let area_cells = area_sheets(&mut workbook, &mut names, plan, evaluation, t, &styles)?;
    let total_cell = resources_sheet(
        &mut workbook,
        &mut names,
        plan,
        evaluation,
        t,
        &styles,
        &area_cells,
    )?;
    financing_sheet(
        &mut workbook,
        &mut names,
        plan,
        evaluation,
        t,
        &styles,
        &total_cell,
    )?;
    Ok(workbook.save_to_buffer()?)
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
            .set_background_color(Color::RGB(0xF0F3F6));
        let total = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD5DEE8))
            .set_border_top(FormatBorder::Thin);
        Styles {
            header_number: header.clone().set_align(FormatAlign::Right),
            header,
            text: Format::new().set_align(FormatAlign::Top),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new()
                .set_num_format(NUMBER)
                .set_align(FormatAlign::Top),
            percent: Format::new().set_num_format(PERCENT),
            sum_number: sum.clone().set_num_format(NUMBER),
            sum_percent: sum.clone().set_num_format(PERCENT),
            sum_label: sum,
            total_number: total.clone().set_num_format(NUMBER),
            total_label: total,
            dash: Format::new().set_align(FormatAlign::Center),
            note: Format::new().set_italic(),
        }
    }
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

fn write_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: i64,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, col, value as f64, format)?;
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

fn header_row(
    sheet: &mut Worksheet,
    titles: &[&str],
    numeric_from: u16,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        let col = col as u16;
        let format = if col >= numeric_from {
            &styles.header_number
        } else {
            &styles.header
        };
        write_text(sheet, 0, col, title, format)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Sheet 1: job targets per area and year, row and column sums as formulas.
fn jobs_sheet(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    plan: &Plan,
    evaluation: &Evaluation,
    t: &Catalogue,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let jobs = &evaluation.totals.jobs;
    let sheet = workbook.add_worksheet();
    sheet.set_name(names.unique(plan.language.pick("Arbeidsplassmål", "Arbeidsplassmål")))?;
    let years: Vec<String> = jobs.years.iter().map(i32::to_string).collect();
    let mut titles = vec![t.col_focus_area];
    titles.extend(years.iter().map(String::as_str));
    titles.push(t.col_sum);
    header_row(sheet, &titles, 1, styles)?;
    sheet.set_freeze_panes(1, 1)?;
    let last_year_col = jobs.years.len() as u16; // columns 1..=n hold the years
    let sum_col = last_year_col + 1;
    let mut width = Widths::new(&titles);

    let first = 1u32;
    for (i, area) in jobs.areas.iter().enumerate() {
        let row = first + i as u32;
        write_text(sheet, row, 0, &area.name, &styles.text)?;
        width.see(0, &area.name);
        for (k, value) in area.per_year.iter().enumerate() {
            write_number(sheet, row, 1 + k as u16, *value, &styles.number)?;
        }
        if last_year_col >= 1 {
            let formula = format!(
                "=SUM({}:{})",
                cell_name(row, 1),
                cell_name(row, last_year_col)
            );
            write_formula(sheet, row, sum_col, &formula, area.total, &styles.number)?;
        }
    }
    let sum_row = first + jobs.areas.len() as u32;
    write_text(sheet, sum_row, 0, t.jobs_sum_row, &styles.sum_label)?;
    width.see(0, t.jobs_sum_row);
    for col in 1..=sum_col {
        let cached = if col == sum_col {
            jobs.total
        } else {
            jobs.per_year
                .get(usize::from(col - 1))
                .copied()
                .unwrap_or(0)
        };
        write_formula(
            sheet,
            sum_row,
            col,
            &column_sum(col, first, sum_row),
            cached,
            &styles.sum_number,
        )?;
    }
    // Areas without job targets: a dash in every cell, and the note under the table.
    let mut row = sum_row + 1;
    for name in &jobs.without_targets {
        let label = format!("{name}*");
        write_text(sheet, row, 0, &label, &styles.text)?;
        width.see(0, &label);
        for col in 1..=sum_col {
            write_text(sheet, row, col, "–", &styles.dash)?;
        }
        row += 1;
    }
    if !jobs.without_targets.is_empty() {
        write_text(
            sheet,
            row + 1,
            0,
            &format!("* {}", t.jobs_none_note),
            &styles.note,
        )?;
    }
    width.apply(sheet, 10.0, 40.0)?;
    Ok(())
}

/// Where an area's sheet keeps the two numbers the resource table reads.
struct AreaCells {
    sheet: String,
    project_costs: String,
    grant_funds: String,
}

/// One sheet per focus area: the strategy table with its sum rows.
fn area_sheets(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    plan: &Plan,
    evaluation: &Evaluation,
    t: &Catalogue,
    styles: &Styles,
) -> Result<Vec<AreaCells>, XlsxError> {
    let columns = items(t.strategy_cols);
    let sum_rows = items(t.strategy_rows);
    let year = plan.year.to_string();
    let mut letters = evaluation.totals.strategy_letters.iter();
    let mut out = Vec::new();
    for (index, area) in plan.focus_areas.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        let name = names.unique(&format!("2.{} {}", index + 1, area.name));
        sheet.set_name(&name)?;
        header_row(sheet, &columns, 3, styles)?;
        let mut width = Widths::new(&columns);
        let mut row = 1u32;
        for strategy in &area.strategies {
            let letter = letters.next().map(String::as_str).unwrap_or("?");
            let mut label = format!("{letter}: {}", strategy.name);
            if let Some(content) = strategy.content.as_deref().filter(|c| !c.trim().is_empty()) {
                label = format!("{label} – {}", content.trim());
            }
            if let Some(sdg) = strategy
                .sdg
                .and_then(|n| plan::sdg::label(n, plan.language))
            {
                label = format!("{label}\n{sdg}");
            }
            width.see(0, &label);
            let first = row;
            if strategy.projects.is_empty() {
                write_text(
                    sheet,
                    row,
                    1,
                    &fill(t.no_projects, &[("year", &year)]),
                    &styles.note,
                )?;
                row += 1;
            }
            for project in &strategy.projects {
                write_text(sheet, row, 1, &project.name, &styles.wrapped)?;
                width.see(1, &project.name);
                let goal = project.goal.as_deref().unwrap_or_default();
                write_text(sheet, row, 2, goal, &styles.wrapped)?;
                width.see(2, goal);
                write_number(sheet, row, 3, project.budget.0, &styles.number)?;
                row += 1;
            }
            if row - first > 1 {
                if label.chars().count() > MAX_CELL_TEXT {
                    return Err(XlsxError::TextTooLong(cell_name(first, 0)));
                }
                sheet.merge_range(first, 0, row - 1, 0, &label, &styles.wrapped)?;
            } else {
                write_text(sheet, first, 0, &label, &styles.wrapped)?;
            }
        }
        let costs = &evaluation.totals.focus_areas[index];
        let (costs_row, grants_row, sum_row) = (row, row + 1, row + 2);
        let label = |i: usize| sum_rows.get(i).copied().unwrap_or_default();
        write_text(sheet, costs_row, 0, label(0), &styles.sum_label)?;
        let project_sum = if costs_row > 1 {
            format!("=SUM(D2:{})", cell_name(costs_row - 1, 3))
        } else {
            "=0".to_string()
        };
        write_formula(
            sheet,
            costs_row,
            3,
            &project_sum,
            costs.project_costs.0,
            &styles.sum_number,
        )?;
        write_text(sheet, grants_row, 0, label(1), &styles.sum_label)?;
        write_number(
            sheet,
            grants_row,
            3,
            costs.grant_funds.0,
            &styles.sum_number,
        )?;
        write_text(
            sheet,
            sum_row,
            0,
            &format!("{}*", label(2)),
            &styles.total_label,
        )?;
        let area_sum = format!("={}+{}", cell_name(costs_row, 3), cell_name(grants_row, 3));
        write_formula(
            sheet,
            sum_row,
            3,
            &area_sum,
            costs.area_sum.0,
            &styles.total_number,
        )?;
        for col in 1..3 {
            for r in [costs_row, grants_row] {
                sheet.write_blank(r, col, &styles.sum_label)?;
            }
            sheet.write_blank(sum_row, col, &styles.total_label)?;
        }
        write_text(
            sheet,
            sum_row + 2,
            0,
            &format!("* {}", t.strategy_note),
            &styles.note,
        )?;
        width.apply(sheet, 12.0, 50.0)?;
        out.push(AreaCells {
            project_costs: format!("{}!{}", quoted(&name), absolute(costs_row, 3)),
            grant_funds: format!("{}!{}", quoted(&name), absolute(grants_row, 3)),
            sheet: name,
        });
    }
    Ok(out)
}

/// Sheet 3.1: the resource table. Reads project costs and grant funds from the
/// area sheets, so a changed budget there flows through. Returns the absolute
/// reference of *Samlet kostnad*.
fn resources_sheet(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    plan: &Plan,
    evaluation: &Evaluation,
    t: &Catalogue,
    styles: &Styles,
    areas: &[AreaCells],
) -> Result<String, XlsxError> {
    let totals = &evaluation.totals;
    let sheet = workbook.add_worksheet();
    let name = names.unique(&format!(
        "3.1 {}",
        plan.language.pick("Ressursinnsats", "Ressursinnsats")
    ));
    sheet.set_name(&name)?;
    let columns = items(t.resource_cols);
    header_row(sheet, &columns, 1, styles)?;
    let mut width = Widths::new(&columns);
    for (i, (costs, cells)) in totals.focus_areas.iter().zip(areas).enumerate() {
        let row = 1 + i as u32;
        debug_assert!(!cells.sheet.is_empty());
        write_text(sheet, row, 0, &costs.name, &styles.text)?;
        width.see(0, &costs.name);
        write_formula(
            sheet,
            row,
            1,
            &format!("={}", cells.project_costs),
            costs.project_costs.0,
            &styles.number,
        )?;
        write_formula(
            sheet,
            row,
            2,
            &format!("={}", cells.grant_funds),
            costs.grant_funds.0,
            &styles.number,
        )?;
        write_number(sheet, row, 3, costs.programme_resources.0, &styles.number)?;
        let sum = format!("=SUM({}:{})", cell_name(row, 1), cell_name(row, 3));
        write_formula(sheet, row, 4, &sum, costs.total_costs.0, &styles.number)?;
    }
    let labels = items(t.resource_rows);
    let label = |i: usize| labels.get(i).copied().unwrap_or_default();
    let subtotal_row = 1 + totals.focus_areas.len() as u32;
    write_text(sheet, subtotal_row, 0, label(0), &styles.sum_label)?;
    let subtotal = &totals.subtotal;
    let cached = [
        subtotal.project_costs,
        subtotal.grant_funds,
        subtotal.programme_resources,
        subtotal.total_costs,
    ];
    for (k, value) in cached.iter().enumerate() {
        let col = 1 + k as u16;
        write_formula(
            sheet,
            subtotal_row,
            col,
            &column_sum(col, 1, subtotal_row),
            value.0,
            &styles.sum_number,
        )?;
    }
    let admin_row = subtotal_row + 1;
    write_text(sheet, admin_row, 0, label(1), &styles.text)?;
    width.see(0, label(1));
    write_number(sheet, admin_row, 4, totals.admin_costs.0, &styles.number)?;
    let total_row = admin_row + 1;
    write_text(sheet, total_row, 0, label(2), &styles.total_label)?;
    for col in 1..4 {
        sheet.write_blank(total_row, col, &styles.total_label)?;
    }
    let total = format!(
        "={}+{}",
        cell_name(subtotal_row, 4),
        cell_name(admin_row, 4)
    );
    write_formula(
        sheet,
        total_row,
        4,
        &total,
        totals.total_cost.0,
        &styles.total_number,
    )?;
    write_text(sheet, total_row + 2, 0, t.admin_note, &styles.note)?;
    width.apply(sheet, 14.0, 45.0)?;
    Ok(format!("{}!{}", quoted(&name), absolute(total_row, 4)))
}

/// Sheet 3.2: the financing. With shares, each amount is computed from the total
/// by the largest-remainder rule of spec §3 in formulas (two hidden helper
/// columns), so the amounts always add up to the total; with amounts, each share
/// is the amount's part of the total.
fn financing_sheet(
    workbook: &mut Workbook,
    names: &mut SheetNames,
    plan: &Plan,
    evaluation: &Evaluation,
    t: &Catalogue,
    styles: &Styles,
    total_cell: &str,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(names.unique(&format!("3.2 {}", t.h3_2)))?;
    let columns = items(t.financing_cols);
    header_row(sheet, &columns, 1, styles)?;
    let mut width = Widths::new(&columns);
    let lines: &[FinancingLine] = match &evaluation.totals.financing {
        Some(lines) if !lines.is_empty() => lines,
        Some(_) => {
            write_text(sheet, 1, 0, t.financing_empty, &styles.note)?;
            width.apply(sheet, 14.0, 45.0)?;
            return Ok(());
        }
        None => {
            write_text(sheet, 1, 0, t.financing_unavailable, &styles.note)?;
            width.apply(sheet, 14.0, 45.0)?;
            return Ok(());
        }
    };
    let first = 1u32;
    let last = first + lines.len() as u32 - 1;
    let by_share = financing_mode(plan) == FinancingMode::Shares;
    for (i, line) in lines.iter().enumerate() {
        let row = first + i as u32;
        write_text(sheet, row, 0, &line.source, &styles.text)?;
        width.see(0, &line.source);
        let share = line.share.hundredths() as f64 / 10_000.0;
        if by_share {
            sheet.write_number_with_format(row, 1, share, &styles.percent)?;
            // Helper D: the whole kroner of total × share; E: the remainder in
            // 1/10 000 kr; the kroner left over go to the largest remainders,
            // ties to the earlier source.
            let basis = format!("{total_cell}*ROUND({}*10000,0)", cell_name(row, 1));
            let floor = format!("=INT({basis}/10000)");
            let remainder = format!("=MOD({basis},10000)");
            let (whole, rest) =
                split_cached(evaluation.totals.total_cost.0, line.share.hundredths());
            write_formula(sheet, row, 3, &floor, whole, &styles.number)?;
            write_formula(sheet, row, 4, &remainder, rest, &styles.number)?;
            let e = cell_name(row, 4);
            let rank = format!(
                "COUNTIF($E${a}:$E${b},\">\"&{e})+COUNTIF($E${a}:{e},{e})-1",
                a = first + 1,
                b = last + 1,
            );
            let leftover = format!("({total_cell}-SUM($D${}:$D${}))", first + 1, last + 1);
            let amount = format!("={}+IF({rank}<{leftover},1,0)", cell_name(row, 3));
            write_formula(sheet, row, 2, &amount, line.amount.0, &styles.number)?;
        } else {
            write_number(sheet, row, 2, line.amount.0, &styles.number)?;
            let amount = cell_name(row, 2);
            let formula = format!("=IF({total_cell}=0,0,ROUND({amount}/{total_cell},4))");
            write_formula(sheet, row, 1, &formula, share, &styles.percent)?;
        }
    }
    let total_row = last + 1;
    write_text(sheet, total_row, 0, t.financing_total, &styles.total_label)?;
    let amount_sum: i64 = lines.iter().map(|l| l.amount.0).sum();
    let amounts = column_sum(2, first, total_row);
    write_formula(
        sheet,
        total_row,
        2,
        &amounts,
        amount_sum,
        &styles.total_number,
    )?;
    if by_share {
        let share_sum: i64 = lines.iter().map(|l| l.share.hundredths()).sum();
        let cached = share_sum as f64 / 10_000.0;
        let shares = column_sum(1, first, total_row);
        write_formula(sheet, total_row, 1, &shares, cached, &styles.sum_percent)?;
    } else {
        // Rounded shares need not add up to 100 %; the total's part of the total does.
        let total = evaluation.totals.total_cost.0;
        let cached = if total == 0 {
            0.0
        } else {
            amount_sum as f64 / total as f64
        };
        let amounts = cell_name(total_row, 2);
        let formula = format!("=IF({total_cell}=0,0,{amounts}/{total_cell})");
        write_formula(sheet, total_row, 1, &formula, cached, &styles.sum_percent)?;
    }
    if by_share {
        sheet.set_column_hidden(3)?;
        sheet.set_column_hidden(4)?;
    }
    width.apply(sheet, 14.0, 45.0)?;
    Ok(())
}

/// The cached values of the helper columns: whole kroner and remainder of
/// `total × hundredths / 10 000`.
fn split_cached(total: i64, hundredths: i64) -> (i64, i64) {
    let raw = i128::from(total) * i128::from(hundredths);
    ((raw / 10_000) as i64, (raw % 10_000) as i64)
}

/// `=SUM(B2:B5)` over the rows `first..end` (end exclusive) of a column.
fn column_sum(col: u16, first: u32, end: u32) -> String {
    if end <= first {
        return "=0".to_string();
    }
    format!(
        "=SUM({}:{})",
        cell_name(first, col),
        cell_name(end - 1, col)
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

/// Column widths from the longest text seen per column.
struct Widths {
    chars: Vec<usize>,
}

impl Widths {
    fn new(titles: &[&str]) -> Widths {
        Widths {
            chars: titles.iter().map(|t| t.chars().count()).collect(),
        }
    }

    fn see(&mut self, col: usize, text: &str) {
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if let Some(width) = self.chars.get_mut(col) {
            *width = (*width).max(longest);
        }
    }

    fn apply(&self, sheet: &mut Worksheet, min: f64, max: f64) -> Result<(), XlsxError> {
        for (col, chars) in self.chars.iter().enumerate() {
            let width = (*chars as f64 * 1.1 + 2.0).clamp(min, max);
            sheet.set_column_width(col as u16, width)?;
        }
        Ok(())
    }
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
