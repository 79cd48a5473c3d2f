//! The Handlingsplan's document (spec `handlingsplan.md` §5): its builder makes the
//! format-neutral [`Document`] from a plan and its evaluation, and names its files.
//!
//! This module owns *what* the yearly plan's document says: the order of its sections,
//! every table with its sums (taken from [`plan::handlingsplan::Totals`], never re-added here), the
//! notes, the figures' data and how each number follows from others (for the
//! workbook's formulas). The writers never see the plan.

use plan::Evaluation;
use plan::handlingsplan::Plan;
use plan::handlingsplan::compute::{FinancingMode, YearResults, financing_mode, results_by_year};
use plan::norwegian::{amount, integer, month_name, percent, ratio_percent};

use crate::compose::{self, FrontInput, Outline};
use crate::document::{
    Calc, Cell, CellRef, Column, Document, Figure, FigureKind, Note, Options, ResultBar, Row,
    RowKind, Table, TableRole, Value, capitalize, columns,
};
use crate::text::{Catalogue, catalogue, fill, items};

/// Builds the document of a plan. Pure: the same input gives the same document.
pub fn document(plan: &Plan, evaluation: &Evaluation, options: &Options) -> Document {
    Builder::new(plan, evaluation).build(options)
}

/// The file name for a plan's document: `handlingsplan-2027-fjordvik-kommune.docx`.
/// The area becomes an ASCII slug (æ→ae, ø→o, å→a; other letters lose their accents).
pub fn file_name(plan: &Plan, extension: &str) -> String {
    crate::file_name_of(&file_stem(plan), extension)
}

fn file_stem(plan: &Plan) -> String {
    crate::stem(
        "handlingsplan",
        &plan.year.to_string(),
        &plan.programme.area,
    )
}

struct Builder<'a> {
    plan: &'a Plan,
    evaluation: &'a Evaluation,
    t: &'static Catalogue,
    out: Outline,
}

impl<'a> Builder<'a> {
    fn new(plan: &'a Plan, evaluation: &'a Evaluation) -> Builder<'a> {
        let t = catalogue(plan.language);
        Builder {
            plan,
            evaluation,
            t,
            out: Outline::new(t),
        }
    }

    fn year(&self) -> String {
        self.plan.year.to_string()
    }

    fn build(mut self, options: &Options) -> Document {
        let plan = self.plan;
        let t = self.t;
        let year = self.year();
        let front = compose::front_page(
            t,
            FrontInput {
                language: plan.language,
                title: fill(t.title, &[("year", &year)]),
                area: &plan.programme.area,
                programme: &plan.programme.name,
                vision: plan.programme.vision.as_deref(),
                board: plan.approval.board,
                council: plan.approval.council,
                has_errors: self.evaluation.has_errors(),
            },
            options,
        );

        self.goals();
        self.results();
        self.strategies();
        self.resources();
        self.communication();

        self.out.finish(compose::Frame {
            language: plan.language,
            front,
            description: fill(
                t.description,
                &[
                    ("year", &year),
                    ("programme", &plan.programme.name),
                    ("area", &plan.programme.area),
                ],
            ),
            footer: fill(
                t.footer,
                &[("programme", &plan.programme.name), ("year", &year)],
            ),
            file_stem: file_stem(plan),
            chapters_on_new_pages: true,
        })
    }

    // ---- 1. Mål og innsatsområder ----

    fn goals(&mut self) {
        let plan = self.plan;
        let t = self.t;
        let jobs = &self.evaluation.totals.jobs;
        self.out.heading(1, t.h1);
        self.out.paragraph(fill(
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
            self.out.placeholder(t.no_focus_areas);
        } else {
            self.out.paragraph(fill(
                t.areas_intro,
                &[("n", &integer(plan.focus_areas.len() as i64))],
            ));
            self.out
                .list(plan.focus_areas.iter().map(|a| a.name.clone()).collect());
        }
        self.out.paragraph(t.jobs_intro);
        compose::job_targets(&mut self.out, jobs, Some(plan.year));
    }

    // ---- 1.1 Resultater ----

    fn results(&mut self) {
        let plan = self.plan;
        let t = self.t;
        self.out.heading(2, t.h1_1);
        let summary = plan
            .previous_results
            .as_ref()
            .and_then(|r| r.summary.as_deref());
        self.out.plan_text(None, summary);
        let by_year = results_by_year(plan);
        if by_year.is_empty() {
            if plan.year <= plan.programme.period.from {
                self.out.placeholder(t.first_year);
            } else if summary.is_none_or(|s| s.trim().is_empty()) {
                self.out.placeholder(t.no_results);
            }
            return;
        }
        let cols = items(t.results_cols);
        let overview = self.results_overview(&by_year, &cols);
        self.out.table(overview);
        for year in &by_year {
            let table = self.results_year(year, &cols);
            self.out.table(table);
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
        self.out.figure(Figure {
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
        });
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
            sheet: None,
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
            sheet: None,
        }
    }

    // ---- 2. Strategier og tiltak ----

    fn strategies(&mut self) {
        let plan = self.plan;
        let t = self.t;
        let language = plan.language;
        self.out.heading(1, t.h2);
        for part in crate::document::paragraphs(t.h2_intro) {
            self.out.paragraph(part);
        }
        let fields = items(t.area_fields);
        let year = self.year();
        let mut letter_index = 0usize;
        for (area_index, area) in plan.focus_areas.iter().enumerate() {
            self.out.heading(2, &area.name);
            self.out
                .plan_text(Some(fields[0]), area.description.as_deref());
            self.out
                .plan_text(Some(fields[1]), area.impact_goal.as_deref());
            self.out.plan_text(
                Some(&fill(fields[2], &[("year", &year)])),
                area.result_goal.as_deref(),
            );
            if area.strategies.is_empty() {
                self.out.placeholder(t.no_strategies);
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
                    .unwrap_or_else(|| plan::handlingsplan::compute::strategy_letter(letter_index));
                letter_index += 1;
                let text = compose::strategy_text(
                    &letter,
                    &strategy.name,
                    strategy.content.as_deref(),
                    strategy.sdg,
                    language,
                );
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
                            Cell::kroner(project.budget),
                        ],
                    ));
                }
            }
            let costs = &self.evaluation.totals.focus_areas[area_index];
            let rows = items(t.strategy_rows);
            let id = strategies_table_id(area_index);
            let projects = body.len();
            let at = |row: usize| CellRef {
                table: id.clone(),
                row,
                col: 3,
            };
            let sum_row = |label: &str, value: Cell, kind: RowKind, marker: Option<&str>| {
                let mut label = Cell::head(label).spanning_columns(3);
                if let Some(marker) = marker {
                    label = label.with_marker(marker);
                }
                Row::new(kind, vec![label, value])
            };
            body.push(sum_row(
                rows[0],
                Cell::kroner(costs.project_costs).calculated(Calc::ColumnSum {
                    from: 0,
                    to: projects,
                }),
                RowKind::Sum,
                None,
            ));
            body.push(sum_row(
                rows[1],
                Cell::kroner(costs.grant_funds),
                RowKind::Sum,
                None,
            ));
            body.push(sum_row(
                rows[2],
                Cell::kroner(costs.area_sum)
                    .calculated(Calc::Sum(vec![at(projects), at(projects + 1)])),
                RowKind::Total,
                Some("*"),
            ));
            let table = Table {
                id: id.clone(),
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
                sheet: Some(format!("2.{} {}", area_index + 1, area.name)),
            };
            self.out.table(table);
        }
    }

    // ---- 3. Ressursinnsats og finansiering ----

    fn resources(&mut self) {
        let t = self.t;
        let totals = &self.evaluation.totals;
        self.out.heading(1, t.h3);
        self.out.heading(2, t.h3_1);
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
        // Each area's project costs and grant funds are its strategy table's sum rows.
        let mut body: Vec<Row> = totals
            .focus_areas
            .iter()
            .enumerate()
            .map(|(index, a)| {
                let projects = self.plan.focus_areas.get(index).map_or(0, |area| {
                    area.strategies
                        .iter()
                        .map(|s| s.projects.len().max(1))
                        .sum()
                });
                let strategies = |row: usize| CellRef {
                    table: strategies_table_id(index),
                    row,
                    col: 3,
                };
                Row::new(
                    RowKind::Body,
                    vec![
                        Cell::head(a.name.clone()),
                        Cell::kroner(a.project_costs).calculated(Calc::Ref(strategies(projects))),
                        Cell::kroner(a.grant_funds).calculated(Calc::Ref(strategies(projects + 1))),
                        Cell::kroner(a.programme_resources),
                        Cell::kroner(a.total_costs).calculated(Calc::RowSum { from: 1, to: 4 }),
                    ],
                )
            })
            .collect();
        let areas = body.len();
        let rows = items(t.resource_rows);
        let s = &totals.subtotal;
        let subtotal = Calc::ColumnSum { from: 0, to: areas };
        body.push(Row::new(
            RowKind::Sum,
            vec![
                Cell::head(rows[0]),
                Cell::kroner(s.project_costs).calculated(subtotal.clone()),
                Cell::kroner(s.grant_funds).calculated(subtotal.clone()),
                Cell::kroner(s.programme_resources).calculated(subtotal.clone()),
                Cell::kroner(s.total_costs).calculated(subtotal),
            ],
        ));
        body.push(Row::new(
            RowKind::Body,
            vec![
                Cell::head(rows[1]).with_marker("**").spanning_columns(4),
                Cell::kroner(totals.admin_costs),
            ],
        ));
        let here = |row: usize| CellRef {
            table: RESOURCES_TABLE.to_owned(),
            row,
            col: 4,
        };
        body.push(Row::new(
            RowKind::Total,
            vec![
                Cell::head(rows[2]).spanning_columns(4),
                Cell::kroner(totals.total_cost)
                    .calculated(Calc::Sum(vec![here(areas), here(areas + 1)])),
            ],
        ));
        let total_cost = here(areas + 2);
        self.out.table(Table {
            id: RESOURCES_TABLE.to_owned(),
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
            sheet: Some(t.sheet_resources.to_owned()),
        });

        self.out.heading(2, t.h3_2);
        match &totals.financing {
            None => self.out.placeholder(t.financing_unavailable),
            Some(lines) if lines.is_empty() => self.out.placeholder(t.financing_empty),
            Some(lines) => {
                let cols = items(t.financing_cols);
                // By shares, each amount is the total's part by the largest-remainder
                // rule; by amounts, each share is the amount's part of the total.
                let by_shares = financing_mode(self.plan) == FinancingMode::Shares;
                let id = "tabell-3-2";
                let here = |row: usize, col: usize| CellRef {
                    table: id.to_owned(),
                    row,
                    col,
                };
                let n = lines.len();
                let mut body: Vec<Row> = lines
                    .iter()
                    .enumerate()
                    .map(|(row, line)| {
                        let (share, amount) = if by_shares {
                            (
                                Cell::share(line.share),
                                Cell::kroner(line.amount).calculated(Calc::Apportion {
                                    total: total_cost.clone(),
                                    share_col: 1,
                                    from: 0,
                                    to: n,
                                }),
                            )
                        } else {
                            (
                                Cell::share(line.share).calculated(Calc::Ratio {
                                    part: here(row, 2),
                                    whole: total_cost.clone(),
                                    rounded: true,
                                }),
                                Cell::kroner(line.amount),
                            )
                        };
                        Row::new(
                            RowKind::Body,
                            vec![Cell::head(line.source.clone()), share, amount],
                        )
                    })
                    .collect();
                let amounts: i64 = lines.iter().map(|l| l.amount.0).sum();
                let share_total = if by_shares {
                    let hundredths = lines.iter().map(|l| l.share.hundredths()).sum();
                    Cell::valued(
                        percent(plan::Share::HUNDRED),
                        Value::Share(plan::Share::from_hundredths(hundredths)),
                    )
                    .calculated(Calc::ColumnSum { from: 0, to: n })
                } else {
                    let total = totals.total_cost.0;
                    let hundredths = if total == 0 {
                        0
                    } else {
                        (i128::from(amounts) * 10_000 / i128::from(total)) as i64
                    };
                    Cell::valued(
                        percent(plan::Share::HUNDRED),
                        Value::Share(plan::Share::from_hundredths(hundredths)),
                    )
                    .calculated(Calc::Ratio {
                        part: here(n, 2),
                        whole: total_cost.clone(),
                        rounded: false,
                    })
                };
                body.push(Row::new(
                    RowKind::Total,
                    vec![
                        Cell::head(t.financing_total),
                        share_total,
                        Cell::valued(amount(totals.total_cost), Value::Integer(amounts))
                            .calculated(Calc::ColumnSum { from: 0, to: n }),
                    ],
                ));
                self.out.table(Table {
                    id: id.to_owned(),
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
                    sheet: Some(t.sheet_financing.to_owned()),
                });
            }
        }
    }

    // ---- 4. Kommunikasjonsplan ----

    fn communication(&mut self) {
        let plan = self.plan;
        let t = self.t;
        let year = self.year();
        self.out.heading(1, t.h4);
        self.out.paragraph(fill(t.h4_intro, &[("year", &year)]));
        let mut activities: Vec<_> = plan.activities().iter().collect();
        if activities.is_empty() {
            self.out.placeholder(t.no_activities);
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
        self.out.figure(Figure {
            id: "figur-arshjul".to_owned(),
            caption: fill(t.wheel, &[("year", &year)]),
            alt: fill(t.figure_wheel_alt, &[("year", &year), ("list", &list)]),
            kind: FigureKind::YearWheel {
                year: plan.year,
                months,
                month_names,
            },
        });

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
        self.out.table(Table {
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
            sheet: None,
        });
    }
}

/// The id of the 3.1 table, which the financing reads its total from.
const RESOURCES_TABLE: &str = "tabell-3-1";

/// The id of area `index`'s strategy table (`tabell-2-1` for the first).
fn strategies_table_id(index: usize) -> String {
    format!("tabell-2-{}", index + 1)
}
