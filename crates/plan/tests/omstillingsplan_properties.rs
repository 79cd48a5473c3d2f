//! Properties of the Omstillingsplan core (spec `omstillingsplan.md`):
//! - a yearly plan made with `new --from OP` and checked against the same OP has no
//!   `op-` error (and no `op-` finding but `op-not-adopted`);
//! - `next` keeps every total except the year-dependent one (`jobs.this_year`);
//! - JSON and TOML read the same Omstillingsplan, and both write it back unchanged.

use std::collections::BTreeMap;

use plan::omstillingsplan::against::check_against;
use plan::omstillingsplan::derive::{next_year, yearly_plan};
use plan::omstillingsplan::{FocusArea, Goals, Omstillingsplan, Strategy as OpStrategy, file};
use plan::{Approval, Code, Date, Kroner, Language, Period, Programme, Severity, Syntax};
use proptest::prelude::*;

fn text() -> impl proptest::strategy::Strategy<Value = String> {
    "[A-Za-zÆØÅæøå ]{1,12}"
}

fn optional_text() -> impl proptest::strategy::Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn year_map(
    years: Vec<i32>,
    max: i64,
) -> impl proptest::strategy::Strategy<Value = BTreeMap<i32, i64>> {
    prop::collection::vec(0..=max, years.len())
        .prop_map(move |values| years.iter().copied().zip(values).collect())
}

fn omstillingsplan() -> impl proptest::strategy::Strategy<Value = Omstillingsplan> {
    (2020..2030i32, 1..7i32).prop_flat_map(|(from, length)| {
        let period = Period {
            from,
            to: from + length - 1,
        };
        let years: Vec<i32> = (period.from..=period.to).collect();
        let area = (
            (optional_text(), optional_text(), optional_text()),
            prop::option::of(year_map(years.clone(), 50)),
            prop::option::of(year_map(years.clone(), 5_000_000)),
            prop::collection::vec((text(), optional_text(), prop::option::of(1..=17i64)), 0..4),
        );
        (
            prop::bool::ANY,
            text(),
            optional_text(),
            prop::collection::vec(area, 1..6),
            prop::option::of(year_map(years, 20_000_000)),
            prop::option::of(0..200i64),
            prop::bool::ANY,
        )
            .prop_map(
                move |(nynorsk, name, background, areas, frame, jobs_goal, adopted)| {
                    Omstillingsplan {
                        language: if nynorsk {
                            Language::Nynorsk
                        } else {
                            Language::Bokmal
                        },
                        programme: Programme {
                            name,
                            area: "Fjordvik kommune".into(),
                            county: Some("Vestland".into()),
                            vision: None,
                            period,
                            jobs_goal,
                        },
                        background,
                        goals: Goals::default(),
                        focus_areas: areas
                            .into_iter()
                            .enumerate()
                            .map(
                                |(
                                    a,
                                    (
                                        (description, impact_goal, result_goal),
                                        targets,
                                        frame,
                                        strategies,
                                    ),
                                )| {
                                    FocusArea {
                                        // Distinct names, as a real Omstillingsplan has.
                                        name: format!("Område {a}"),
                                        description,
                                        impact_goal,
                                        result_goal,
                                        job_targets: targets,
                                        frame: frame.map(|f| {
                                            f.into_iter().map(|(y, v)| (y, Kroner(v))).collect()
                                        }),
                                        strategies: strategies
                                            .into_iter()
                                            .enumerate()
                                            .map(|(s, (name, content, sdg))| OpStrategy {
                                                name: format!("{name} {s}"),
                                                content,
                                                sdg,
                                            })
                                            .collect(),
                                    }
                                },
                            )
                            .collect(),
                        frame: frame.map(|f| f.into_iter().map(|(y, v)| (y, Kroner(v))).collect()),
                        organisation: None,
                        communication_strategy: Some("Åpenhet".into()),
                        approval: Approval {
                            board: Date::new(from - 1, 11, 20),
                            council: if adopted {
                                Date::new(from - 1, 12, 12)
                            } else {
                                None
                            },
                        },
                    }
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_plan_made_from_the_omstillingsplan_has_no_op_error(op in omstillingsplan(), offset in 0..6i32) {
        let period = op.programme.period;
        let year = period.from + offset % (period.to - period.from + 1);
        let plan = yearly_plan(&op, year);
        let evaluation = plan::handlingsplan::evaluate(&plan);
        let findings = check_against(&plan, &evaluation.totals, &op);
        for finding in &findings {
            prop_assert!(finding.severity != Severity::Error, "{finding:?}");
            prop_assert_eq!(finding.code, Code::OpNotAdopted, "{:?}", finding);
        }
        prop_assert_eq!(findings.is_empty(), op.approval.council.is_some());
        // The same holds through the file: the plan as written reads back the same.
        let back = plan::handlingsplan::file::read(&plan::handlingsplan::file::to_toml(&plan).unwrap(), Syntax::Toml).unwrap();
        prop_assert_eq!(back, plan);
    }

    #[test]
    fn next_keeps_every_total_but_this_year(op in omstillingsplan(), budgets in prop::collection::vec(0..1_000_000i64, 0..8), with_op in prop::bool::ANY) {
        let period = op.programme.period;
        prop_assume!(period.from < period.to);
        let mut plan = yearly_plan(&op, period.from);
        // Some projects, so that the cost tables are not all zero.
        let slots: Vec<(usize, usize)> = plan.focus_areas.iter().enumerate()
            .flat_map(|(a, area)| (0..area.strategies.len()).map(move |s| (a, s)))
            .collect();
        for (i, budget) in budgets.iter().enumerate() {
            if let Some((a, s)) = slots.get(i % slots.len().max(1)) {
                plan.focus_areas[*a].strategies[*s].projects.push(plan::handlingsplan::Project {
                    name: format!("Prosjekt {i}"),
                    goal: None,
                    budget: Kroner(*budget),
                });
            }
        }
        plan.approval = Approval { board: Date::new(period.from, 1, 10), council: None };
        let next = next_year(&plan, with_op.then_some(&op)).expect("the next year is in the period");
        prop_assert_eq!(next.year, plan.year + 1);
        prop_assert_eq!(next.approval, Approval::default());
        let (before, after) = (plan::handlingsplan::evaluate(&plan).totals, plan::handlingsplan::evaluate(&next).totals);
        let mut expected = before.clone();
        expected.jobs.this_year = after.jobs.this_year;
        prop_assert_eq!(after, expected);
    }

    #[test]
    fn json_and_toml_read_the_same(op in omstillingsplan()) {
        let json = file::to_json(&op);
        let toml = file::to_toml(&op).unwrap();
        let from_json = file::read(&json, Syntax::Json).unwrap();
        let from_toml = file::read(&toml, Syntax::Toml).unwrap();
        prop_assert_eq!(&from_json, &op);
        prop_assert_eq!(&from_toml, &op);
        prop_assert_eq!(file::to_json(&from_toml), json);
    }
}

#[test]
fn next_refuses_a_year_after_the_period() {
    let op = file::read(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/omstillingsplan-fixtures/fjordvik.op.json"
        ))
        .unwrap(),
        Syntax::Json,
    )
    .unwrap();
    let last = yearly_plan(&op, op.programme.period.to);
    assert_eq!(next_year(&last, Some(&op)), None);
    assert_eq!(next_year(&last, None), None);
    let first = yearly_plan(&op, op.programme.period.from);
    assert_eq!(
        next_year(&first, Some(&op)).map(|p| p.year),
        Some(op.programme.period.from + 1)
    );
}
