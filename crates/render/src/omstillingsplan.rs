//! The Omstillingsplan's document (spec `omstillingsplan.md` §6): its builder makes the
//! format-neutral [`Document`] from the plan for the programme's whole period and its
//! computed tables, and names its files.
//!
//! Sections, numbered as generated: 1 Bakgrunn, 2 Visjon og mål (the goals and the
//! job-target table as in the Handlingsplan), 3 Innsatsområder (one sub-section per
//! area: description, impact goal, result goal, its strategies as a lettered list with
//! SDG names), 4 Organisering, 5 Ressursinnsats og finansiering (the frame table: area ×
//! year with sums, and the programme's frame), 6 Kommunikasjonsstrategi. The headings of
//! empty optional sections (background, organisation, communication strategy) are left
//! out. The front page, the job-target table and the strategy texts are made by the
//! same code as the Handlingsplan's ([`crate::compose`]).

use plan::Kroner;
use plan::norwegian::integer;
use plan::omstillingsplan::Omstillingsplan;

use crate::compose::{self, FrontInput, Outline};
use crate::document::{Calc, Cell, Column, Document, Options, Row, RowKind, Table, TableRole};
use crate::text::{Catalogue, catalogue, fill, items};

/// The evaluation of an Omstillingsplan: its computed tables and findings.
pub use plan::omstillingsplan::Evaluation;

/// Builds the document of an Omstillingsplan. Pure: the same input gives the same
/// document.
pub fn document(op: &Omstillingsplan, evaluation: &Evaluation, options: &Options) -> Document {
    let t = catalogue(op.language);
    let mut out = Outline::new(t);
    let period = &op.programme.period;
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let front = compose::front_page(
        t,
        FrontInput {
            language: op.language,
            title: fill(t.op_title, &[("from", &from), ("to", &to)]),
            area: &op.programme.area,
            programme: &op.programme.name,
            vision: op.programme.vision.as_deref(),
            board: op.approval.board,
            council: op.approval.council,
            has_errors: evaluation.has_errors(),
        },
        options,
    );

    if has_text(op.background.as_deref()) {
        out.heading(1, t.op_h1);
        out.plan_text(None, op.background.as_deref());
    }
    goals(&mut out, op, evaluation);
    areas(&mut out, op, evaluation);
    if has_text(op.organisation.as_deref()) {
        out.heading(1, t.op_h4);
        out.plan_text(None, op.organisation.as_deref());
    }
    frames(&mut out, evaluation);
    if has_text(op.communication_strategy.as_deref()) {
        out.heading(1, t.op_h6);
        out.plan_text(None, op.communication_strategy.as_deref());
    }

    let values = [
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("programme", op.programme.name.as_str()),
        ("area", op.programme.area.as_str()),
    ];
    out.finish(compose::Frame {
        language: op.language,
        front,
        description: fill(t.op_description, &values),
        footer: fill(t.op_footer, &values),
        file_stem: file_stem(op),
        chapters_on_new_pages: false,
    })
}

/// The file name for an Omstillingsplan's document:
/// `omstillingsplan-2025-2030-fjordvik-kommune.pdf`.
pub fn file_name(op: &Omstillingsplan, extension: &str) -> String {
    crate::file_name_of(&file_stem(op), extension)
}

fn file_stem(op: &Omstillingsplan) -> String {
    let period = &op.programme.period;
    crate::stem(
        "omstillingsplan",
        &format!("{}-{}", period.from, period.to),
        &op.programme.area,
    )
}

fn has_text(text: Option<&str>) -> bool {
    text.is_some_and(|text| !text.trim().is_empty())
}

/// 2 Visjon og mål: the vision and the goals that are given, the sentence with the
/// period's job total, and the job-target table with its chart.
fn goals(out: &mut Outline, op: &Omstillingsplan, evaluation: &Evaluation) {
    let t: &Catalogue = out.t;
    let jobs = &evaluation.totals.jobs;
    out.heading(1, t.op_h2);
    let labels = items(t.op_goal_fields);
    for (label, text) in labels.iter().zip([
        op.programme.vision.as_deref(),
        op.goals.main.as_deref(),
        op.goals.robustness.as_deref(),
        op.goals.development.as_deref(),
    ]) {
        if has_text(text) {
            out.plan_text(Some(label), text);
        }
    }
    let period = &op.programme.period;
    out.paragraph(fill(
        t.op_goal_text,
        &[
            ("area", &op.programme.area),
            ("total", &integer(jobs.total)),
            ("from", &period.from.to_string()),
            ("to", &period.to.to_string()),
        ],
    ));
    out.paragraph(t.jobs_intro);
    compose::job_targets(out, jobs, None);
}

/// 3 Innsatsområder: the list of areas, then one sub-section per area with its texts
/// and its strategies, lettered across the whole plan.
fn areas(out: &mut Outline, op: &Omstillingsplan, evaluation: &Evaluation) {
    let t: &Catalogue = out.t;
    out.heading(1, t.op_h3);
    if op.focus_areas.is_empty() {
        out.placeholder(t.no_focus_areas);
        return;
    }
    out.paragraph(fill(
        t.op_areas_intro,
        &[("n", &integer(op.focus_areas.len() as i64))],
    ));
    out.list(op.focus_areas.iter().map(|a| a.name.clone()).collect());
    let labels = items(t.op_area_fields);
    let mut letter_index = 0usize;
    for area in &op.focus_areas {
        out.heading(2, &area.name);
        out.plan_text(Some(labels[0]), area.description.as_deref());
        out.plan_text(Some(labels[1]), area.impact_goal.as_deref());
        if has_text(area.result_goal.as_deref()) {
            out.plan_text(Some(labels[2]), area.result_goal.as_deref());
        }
        if area.strategies.is_empty() {
            out.placeholder(t.no_strategies);
            continue;
        }
        let mut strategies = Vec::new();
        for strategy in &area.strategies {
            let letter = evaluation
                .totals
                .strategy_letters
                .get(letter_index)
                .cloned()
                .unwrap_or_else(|| plan::tables::strategy_letter(letter_index));
            letter_index += 1;
            let text = compose::strategy_text(
                &letter,
                &strategy.name,
                strategy.content.as_deref(),
                strategy.sdg,
                op.language,
            );
            // `A: Nettverk – …`: the letter is the item's marker.
            let rest = text
                .strip_prefix(&format!("{letter}: "))
                .unwrap_or(&text)
                .to_owned();
            strategies.push((letter, rest));
        }
        out.label(labels[3]);
        out.lettered_list(strategies);
    }
}

/// 5 Ressursinnsats og finansiering: the frame table, a row per area with a frame and
/// a column per year, the areas' sum and the programme's whole frame.
fn frames(out: &mut Outline, evaluation: &Evaluation) {
    let t: &Catalogue = out.t;
    out.heading(1, t.op_h5);
    let Some(frames) = &evaluation.totals.frames else {
        out.placeholder(t.op_frames_none);
        return;
    };
    out.paragraph(t.op_frames_intro);
    let years = &frames.areas.years;
    // Kroner need room: the years share 66 % of the width and the sum 12 % (a sum of
    // the period, `66 000 000`, is a digit or two longer than a year's); the area's name
    // keeps the rest (22 % with six years), so it wraps between words, not inside them.
    let year_width = (66 / (years.len() as u16).max(1)).max(1);
    let sum_width = 12;
    let mut columns = vec![Column {
        width: 100u16
            .saturating_sub(year_width * years.len() as u16 + sum_width)
            .max(1),
        numeric: false,
    }];
    columns.extend(years.iter().map(|_| Column {
        width: year_width,
        numeric: true,
    }));
    columns.push(Column {
        width: sum_width,
        numeric: true,
    });
    let mut header = vec![Cell::text(t.col_focus_area)];
    header.extend(years.iter().map(|y| Cell::number(y.to_string())));
    header.push(Cell::number(t.col_sum));
    let sum_col = years.len() + 1;
    let row_of = |name: &str, per_year: &[Kroner], total: Kroner, kind: RowKind| {
        let mut cells = vec![Cell::head(name)];
        cells.extend(per_year.iter().map(|k| Cell::kroner(*k)));
        cells.push(Cell::kroner(total).calculated(Calc::RowSum {
            from: 1,
            to: sum_col,
        }));
        Row::new(kind, cells)
    };
    let mut body: Vec<Row> = frames
        .areas
        .rows
        .iter()
        .map(|area| row_of(&area.name, &area.per_year, area.total, RowKind::Body))
        .collect();
    let rows = items(t.op_frames_rows);
    if !frames.areas.rows.is_empty() {
        let sum = Calc::ColumnSum {
            from: 0,
            to: frames.areas.rows.len(),
        };
        let mut cells = vec![Cell::head(rows[0])];
        cells.extend(
            frames
                .areas
                .per_year
                .iter()
                .map(|k| Cell::kroner(*k).calculated(sum.clone())),
        );
        cells.push(Cell::kroner(frames.areas.total).calculated(sum));
        body.push(Row::new(RowKind::Sum, cells));
    }
    if let Some(programme) = &frames.programme {
        body.push(row_of(
            rows[1],
            &programme.per_year,
            programme.total,
            RowKind::Total,
        ));
    }
    out.table(Table {
        id: "tabell-ramme".to_owned(),
        caption: t.op_caption_frames.to_owned(),
        role: TableRole::Frames,
        columns,
        header: vec![Row::new(RowKind::Header, header)],
        body,
        notes: Vec::new(),
        sheet: Some(t.op_sheet_frames.to_owned()),
    });
}
