//! Property tests of the plan core (issue 2, "Show"): exact financing splits, sums that do
//! not depend on the order of the focus areas, JSON and TOML as two spellings of one plan,
//! spreadsheet-style strategy letters, and `evaluate` that never panics, whatever the values.
//!
//! Two generators: [`valid_plan`] builds plans a programme could really write (money up to
//! 1 000 000 000 000 kr, shares in hundredths adding up to exactly 100 %, job targets for
//! every year of the period); [`wild_plan`] builds plans with values anywhere in their
//! types' range (negative or huge money, any year, shares with many decimals) to show the
//! core turns them into findings, not panics. Case counts keep the file at a few seconds
//! in a debug build.

use std::collections::BTreeMap;

use plan::handlingsplan::compute::{split_by_shares, strategy_letter};
use plan::handlingsplan::file::{self, Syntax};
use plan::handlingsplan::report::check_json;
use plan::handlingsplan::{
    Activity, Communication, FinancingSource, FocusArea, Plan, PreviousResults, Project,
    ResultRecord, SourceKind, Strategy as PlanStrategy, evaluate,
};
use plan::{Approval, Date, Kroner, Language, Period, Programme, Share};
use proptest::prelude::*;

/// The largest amount of money the spec accepts.
const MAX_KRONER: i64 = 1_000_000_000_000;
/// The largest job figure the spec accepts.
const MAX_JOBS: i64 = 100_000;

// ---------------------------------------------------------------------------
// Generators.

/// Plain text of every kind a user may type: Norwegian letters, quotes, backslashes,
/// markup, newlines, brackets, and now and then any character at all (controls included).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-zÆØÅæøå0-9 .,:;–-]{0,24}",
        2 => "[\"'\\\\<>&{}\\[\\]=#\n\t a-z]{0,16}",
        1 => "(?s).{0,12}",
    ]
}

fn optional_text() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.8, text())
}

fn money() -> impl Strategy<Value = Kroner> {
    prop_oneof![
        3 => 0..=10_000_000i64,
        1 => 0..=MAX_KRONER,
        1 => Just(MAX_KRONER),
        1 => Just(0i64),
    ]
    .prop_map(Kroner)
}

fn language() -> impl Strategy<Value = Language> {
    prop_oneof![Just(Language::Bokmal), Just(Language::Nynorsk)]
}

fn kind() -> impl Strategy<Value = Option<SourceKind>> {
    prop::option::of(prop_oneof![
        Just(SourceKind::State),
        Just(SourceKind::County),
        Just(SourceKind::Municipality),
        Just(SourceKind::Other),
    ])
}

fn date(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = Date> {
    (years, 1..=12u32, 1..=31u32).prop_map(|(year, month, day)| {
        // Clamp the day into the month instead of filtering (filters waste cases).
        (0..4)
            .find_map(|back| Date::new(year, month, day - back.min(day - 1)))
            .unwrap_or_else(|| Date::new(year, month, 1).expect("the first of a month exists"))
    })
}

/// Hundredths of a percent for `count` sources, adding up to exactly 10 000 (100 %).
fn shares_summing_to_100(count: usize) -> impl Strategy<Value = Vec<Share>> {
    prop::collection::vec(0..=10_000i64, count.saturating_sub(1)).prop_map(|mut cuts| {
        cuts.push(0);
        cuts.push(10_000);
        cuts.sort_unstable();
        cuts.windows(2)
            .map(|pair| Share::from_hundredths(pair[1] - pair[0]))
            .collect()
    })
}

fn project() -> impl Strategy<Value = Project> {
    (text(), optional_text(), money()).prop_map(|(name, goal, budget)| Project {
        name,
        goal,
        budget,
    })
}

fn strategy() -> impl Strategy<Value = PlanStrategy> {
    (
        text(),
        optional_text(),
        prop::option::of(1..=17i64),
        prop::collection::vec(project(), 0..4),
    )
        .prop_map(|(name, content, sdg, projects)| PlanStrategy {
            name,
            content,
            sdg,
            projects,
        })
}

fn focus_area(period: Period) -> impl Strategy<Value = FocusArea> {
    let years = period.years();
    let targets = prop::option::weighted(
        0.8,
        prop::collection::vec(0..=MAX_JOBS, years.len()).prop_map(move |values| {
            years
                .iter()
                .copied()
                .zip(values)
                .collect::<BTreeMap<i32, i64>>()
        }),
    );
    (
        (text(), optional_text(), optional_text(), optional_text()),
        targets,
        prop::collection::vec(strategy(), 0..5),
        money(),
        money(),
    )
        .prop_map(
            |(
                (name, description, impact_goal, result_goal),
                job_targets,
                strategies,
                grant_funds,
                programme_resources,
            )| FocusArea {
                name,
                description,
                impact_goal,
                result_goal,
                job_targets,
                strategies,
                grant_funds,
                programme_resources,
            },
        )
}

fn financing() -> impl Strategy<Value = Vec<FinancingSource>> {
    (1..6usize)
        .prop_flat_map(|count| {
            (
                prop::collection::vec((text(), kind()), count),
                shares_summing_to_100(count),
            )
        })
        .prop_map(|(sources, shares)| {
            sources
                .into_iter()
                .zip(shares)
                .map(|((source, kind), share)| FinancingSource {
                    source,
                    kind,
                    share: Some(share),
                    amount: None,
                })
                .collect()
        })
}

fn previous_results(period: Period) -> impl Strategy<Value = Option<PreviousResults>> {
    let record = (
        period.from..=period.to,
        text(),
        prop::option::of(0..=MAX_JOBS),
        prop::option::of(0..=MAX_JOBS),
        prop::option::of(0..=MAX_JOBS),
        prop::option::of(0..=MAX_JOBS),
    )
        .prop_map(
            |(year, focus_area, new_jobs, secured_jobs, projects_completed, applications)| {
                ResultRecord {
                    year,
                    focus_area,
                    new_jobs,
                    secured_jobs,
                    projects_completed,
                    applications_granted: applications,
                }
            },
        );
    prop::option::of(
        (optional_text(), prop::collection::vec(record, 0..4))
            .prop_map(|(summary, records)| PreviousResults { summary, records }),
    )
}

fn communication() -> impl Strategy<Value = Option<Communication>> {
    let activity = (
        1..=12i64,
        text(),
        optional_text(),
        optional_text(),
        optional_text(),
    )
        .prop_map(|(month, title, audience, channel, responsible)| Activity {
            month,
            title,
            audience,
            channel,
            responsible,
        });
    prop::option::of(
        prop::collection::vec(activity, 0..5).prop_map(|activities| Communication { activities }),
    )
}

/// A plan a programme could write: every value in range, a valid period with the year in
/// it, job targets for exactly the period's years, shares adding up to 100 %.
fn valid_plan() -> impl Strategy<Value = Plan> {
    (2000..=2090i32, 0..10i32)
        .prop_flat_map(|(from, length)| {
            let period = Period {
                from,
                to: from + length,
            };
            (
                Just(period),
                period.from..=period.to,
                prop::collection::vec(focus_area(period), 1..6),
                previous_results(period),
            )
        })
        .prop_flat_map(|(period, year, focus_areas, previous_results)| {
            (
                (
                    language(),
                    text(),
                    text(),
                    optional_text(),
                    optional_text(),
                    prop::option::of(0..=MAX_JOBS),
                ),
                Just((period, year, focus_areas, previous_results)),
                prop::option::of(date(year - 1..=year)),
                prop::option::of(date(year - 1..=year)),
                money(),
                financing(),
                communication(),
            )
        })
        .prop_map(
            |(
                (language, name, area, county, vision, jobs_goal),
                (period, year, focus_areas, previous_results),
                board,
                council,
                admin_costs,
                financing,
                communication,
            )| Plan {
                language,
                programme: Programme {
                    name,
                    area,
                    county,
                    vision,
                    period,
                    jobs_goal,
                },
                year,
                approval: Approval { board, council },
                focus_areas,
                admin_costs,
                financing,
                previous_results,
                communication,
            },
        )
}

/// Any `i64`, with the edges and the spec's bounds more likely than chance would make them.
fn wild_i64() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => any::<i64>(),
        1 => Just(i64::MAX),
        1 => Just(i64::MIN),
        1 => Just(-1i64),
        1 => Just(MAX_KRONER + 1),
        1 => Just(MAX_JOBS + 1),
        2 => -1000..=1000i64,
    ]
}

fn wild_i32() -> impl Strategy<Value = i32> {
    prop_oneof![
        2 => any::<i32>(),
        1 => Just(i32::MAX),
        1 => Just(i32::MIN),
        3 => 1990..=2060i32,
    ]
}

/// A share as the reader can produce it from a file, wrong ones included: negative, far
/// above 100, more than two decimals, more digits than an `i64` holds. A whole number in
/// the file becomes hundredths (saturating); a decimal number arrives as an `f64`, whose
/// shortest text is parsed exactly.
fn wild_share() -> impl Strategy<Value = Share> {
    let from_float = |value: f64| {
        Share::parse_decimal(&value.to_string()).expect("a finite f64 prints as a decimal")
    };
    prop_oneof![
        2 => (-200..=200i64).prop_map(|whole| Share::from_hundredths(whole * 100)),
        1 => any::<i64>().prop_map(|whole| Share::from_hundredths(whole.saturating_mul(100))),
        2 => "-?[0-9]{1,22}([.][0-9]{1,8})?".prop_map(move |written| {
            from_float(written.parse().expect("the pattern writes a decimal number"))
        }),
        1 => any::<f64>().prop_filter("a file holds finite numbers", |v| v.is_finite()).prop_map(from_float),
    ]
}

fn wild_project() -> impl Strategy<Value = Project> {
    (text(), optional_text(), wild_i64()).prop_map(|(name, goal, budget)| Project {
        name,
        goal,
        budget: Kroner(budget),
    })
}

fn wild_strategy() -> impl Strategy<Value = PlanStrategy> {
    (
        text(),
        optional_text(),
        prop::option::of(wild_i64()),
        prop::collection::vec(wild_project(), 0..4),
    )
        .prop_map(|(name, content, sdg, projects)| PlanStrategy {
            name,
            content,
            sdg,
            projects,
        })
}

fn wild_area() -> impl Strategy<Value = FocusArea> {
    (
        (text(), optional_text(), optional_text(), optional_text()),
        // The reader takes years 1–9999 as job-target keys; the values are anything.
        prop::option::of(prop::collection::btree_map(
            prop_oneof![1..=9999i32, Just(1), Just(9999)],
            wild_i64(),
            0..8,
        )),
        prop::collection::vec(wild_strategy(), 0..4),
        wild_i64(),
        wild_i64(),
    )
        .prop_map(
            |(
                (name, description, impact_goal, result_goal),
                job_targets,
                strategies,
                grant_funds,
                programme_resources,
            )| FocusArea {
                name,
                description,
                impact_goal,
                result_goal,
                job_targets,
                strategies,
                grant_funds: Kroner(grant_funds),
                programme_resources: Kroner(programme_resources),
            },
        )
}

fn wild_source() -> impl Strategy<Value = FinancingSource> {
    (
        text(),
        kind(),
        prop::option::of(wild_share()),
        prop::option::of(wild_i64()),
    )
        .prop_map(|(source, kind, share, amount)| FinancingSource {
            source,
            kind,
            share,
            amount: amount.map(Kroner),
        })
}

fn wild_record() -> impl Strategy<Value = ResultRecord> {
    (
        wild_i32(),
        text(),
        prop::option::of(wild_i64()),
        prop::option::of(wild_i64()),
        prop::option::of(wild_i64()),
        prop::option::of(wild_i64()),
    )
        .prop_map(
            |(year, focus_area, new_jobs, secured_jobs, projects_completed, applications)| {
                ResultRecord {
                    year,
                    focus_area,
                    new_jobs,
                    secured_jobs,
                    projects_completed,
                    applications_granted: applications,
                }
            },
        )
}

fn wild_activity() -> impl Strategy<Value = Activity> {
    (
        wild_i64(),
        text(),
        optional_text(),
        optional_text(),
        optional_text(),
    )
        .prop_map(|(month, title, audience, channel, responsible)| Activity {
            month,
            title,
            audience,
            channel,
            responsible,
        })
}

/// A plan with any value its types can hold: the checks must report, never panic.
fn wild_plan() -> impl Strategy<Value = Plan> {
    (
        (
            language(),
            text(),
            text(),
            optional_text(),
            optional_text(),
            prop::option::of(wild_i64()),
        ),
        (wild_i32(), wild_i32(), wild_i32()),
        (
            prop::option::of(date(1..=9999)),
            prop::option::of(date(1..=9999)),
        ),
        prop::collection::vec(wild_area(), 0..5),
        wild_i64(),
        prop::collection::vec(wild_source(), 0..5),
        prop::option::of(
            (optional_text(), prop::collection::vec(wild_record(), 0..4))
                .prop_map(|(summary, records)| PreviousResults { summary, records }),
        ),
        prop::option::of(
            prop::collection::vec(wild_activity(), 0..4)
                .prop_map(|activities| Communication { activities }),
        ),
    )
        .prop_map(
            |(
                (language, name, area, county, vision, jobs_goal),
                (from, to, year),
                (board, council),
                focus_areas,
                admin_costs,
                financing,
                previous_results,
                communication,
            )| Plan {
                language,
                programme: Programme {
                    name,
                    area,
                    county,
                    vision,
                    period: Period { from, to },
                    jobs_goal,
                },
                year,
                approval: Approval { board, council },
                focus_areas,
                admin_costs: Kroner(admin_costs),
                financing,
                previous_results,
                communication,
            },
        )
}

// ---------------------------------------------------------------------------
// Helpers.

/// The index of a spreadsheet-style column name (`A` is 0, `AA` is 26), computed
/// independently of the code under test; `None` for anything that is not A–Z only.
fn letter_index(letters: &str) -> Option<usize> {
    if letters.is_empty() {
        return None;
    }
    let mut n: usize = 0;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        n = n.checked_mul(26)?.checked_add(usize::from(b - b'A') + 1)?;
    }
    Some(n - 1)
}

fn read_both(plan: &Plan) -> (Plan, Plan) {
    let json = file::to_json(plan);
    let toml = file::to_toml(plan).expect("every plan can be written as TOML");
    let from_json = file::read(&json, Syntax::Json)
        .unwrap_or_else(|e| panic!("to_json wrote a plan that does not read back: {e}\n{json}"));
    let from_toml = file::read(&toml, Syntax::Toml)
        .unwrap_or_else(|e| panic!("to_toml wrote a plan that does not read back: {e}\n{toml}"));
    (from_json, from_toml)
}

fn sum(values: impl IntoIterator<Item = Kroner>) -> i128 {
    values.into_iter().map(|k| i128::from(k.0)).sum()
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// For any total and any shares adding up to 100 %, the amounts add up to the total
    /// exactly, and each amount is its exact part rounded down or up by at most one krone.
    #[test]
    fn financing_split_adds_up_to_the_total(
        total in prop_oneof![0..=MAX_KRONER * 100, Just(i64::MAX), 0..=1000i64],
        shares in (1..12usize).prop_flat_map(shares_summing_to_100),
    ) {
        let amounts = split_by_shares(Kroner(total), &shares);
        prop_assert_eq!(amounts.len(), shares.len());
        prop_assert_eq!(sum(amounts.iter().copied()), i128::from(total));
        for (amount, share) in amounts.iter().zip(&shares) {
            let exact = i128::from(total) * i128::from(share.hundredths());
            let floor = exact / 10_000;
            prop_assert!(
                i128::from(amount.0) == floor || i128::from(amount.0) == floor + 1,
                "{} kr for {} hundredths of {} kr (floor {})", amount.0, share.hundredths(), total, floor
            );
        }
    }

    /// The letters run A … Z, AA, AB …: index i gets the i-th spreadsheet column name.
    #[test]
    fn strategy_letters_are_spreadsheet_columns(index in prop_oneof![0..2000usize, 0..=u32::MAX as usize]) {
        let letter = strategy_letter(index);
        prop_assert_eq!(letter_index(&letter), Some(index), "{}", letter);
        let next = strategy_letter(index + 1);
        // Shorter names come first; among names of one length, alphabetical order.
        prop_assert!((letter.len(), &letter) < (next.len(), &next), "{} then {}", letter, next);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every valid plan is financed exactly: the computed amounts add up to `total_cost`.
    #[test]
    fn valid_plans_are_financed_exactly(plan in valid_plan()) {
        let evaluation = evaluate(&plan);
        let totals = &evaluation.totals;
        let lines = totals.financing.as_ref().expect("shares adding up to 100 % give a financing table");
        prop_assert_eq!(sum(lines.iter().map(|l| l.amount)), i128::from(totals.total_cost.0));
        prop_assert!(
            !evaluation.findings.iter().any(|f| f.code.as_str().starts_with("financing-")),
            "{:?}", evaluation.findings
        );
        // And the cost columns are the plain sums of the plan's own numbers.
        let budgets = sum(plan.focus_areas.iter().flat_map(|a| &a.strategies).flat_map(|s| &s.projects).map(|p| p.budget));
        let grants = sum(plan.focus_areas.iter().map(|a| a.grant_funds));
        let resources = sum(plan.focus_areas.iter().map(|a| a.programme_resources));
        prop_assert_eq!(i128::from(totals.subtotal.project_costs.0), budgets);
        prop_assert_eq!(
            i128::from(totals.total_cost.0),
            budgets + grants + resources + i128::from(plan.admin_costs.0)
        );
    }

    /// The strategy letters of a plan are unique and in order, one per strategy.
    #[test]
    fn plan_letters_are_unique_and_in_order(plan in valid_plan()) {
        let letters = evaluate(&plan).totals.strategy_letters;
        let count: usize = plan.focus_areas.iter().map(|a| a.strategies.len()).sum();
        prop_assert_eq!(letters.len(), count);
        for (index, letter) in letters.iter().enumerate() {
            prop_assert_eq!(letter_index(letter), Some(index));
        }
        let unique: std::collections::BTreeSet<&String> = letters.iter().collect();
        prop_assert_eq!(unique.len(), letters.len());
    }

    /// Reordering the focus areas changes no sum: subtotal, total cost, financing amounts,
    /// job targets per year, their total and this year's figure.
    #[test]
    fn order_of_focus_areas_changes_no_sum(
        (plan, order) in valid_plan().prop_flat_map(|plan| {
            let indices: Vec<usize> = (0..plan.focus_areas.len()).collect();
            (Just(plan), Just(indices).prop_shuffle())
        })
    ) {
        let mut reordered = plan.clone();
        reordered.focus_areas = order.iter().map(|&i| plan.focus_areas[i].clone()).collect();
        let (before, after) = (evaluate(&plan).totals, evaluate(&reordered).totals);
        prop_assert_eq!(before.subtotal, after.subtotal);
        prop_assert_eq!(before.total_cost, after.total_cost);
        prop_assert_eq!(before.admin_costs, after.admin_costs);
        prop_assert_eq!(&before.financing, &after.financing);
        prop_assert_eq!(&before.jobs.years, &after.jobs.years);
        prop_assert_eq!(&before.jobs.per_year, &after.jobs.per_year);
        prop_assert_eq!(before.jobs.total, after.jobs.total);
        prop_assert_eq!(before.jobs.this_year, after.jobs.this_year);
        prop_assert_eq!(&before.strategy_letters, &after.strategy_letters);
        // The rows move with their areas and keep their numbers.
        for (position, &i) in order.iter().enumerate() {
            prop_assert_eq!(&after.focus_areas[position], &before.focus_areas[i]);
        }
    }

    /// `to_json` reads back as the same plan, `to_toml` too, and both give the same check
    /// object as the plan itself.
    #[test]
    fn json_and_toml_are_the_same_plan(plan in valid_plan()) {
        let (from_json, from_toml) = read_both(&plan);
        prop_assert_eq!(&from_json, &plan);
        prop_assert_eq!(&from_toml, &plan);
        let expected = check_json(&evaluate(&plan));
        prop_assert_eq!(&check_json(&evaluate(&from_json)), &expected);
        prop_assert_eq!(&check_json(&evaluate(&from_toml)), &expected);
    }

    /// Whatever the values, `evaluate`, the check object and both writers run without
    /// panicking; errors are findings, and the plan still reads back as itself.
    #[test]
    fn evaluate_never_panics_on_wild_plans(plan in wild_plan()) {
        let evaluation = evaluate(&plan);
        let object = check_json(&evaluation);
        prop_assert_eq!(object["ok"].as_bool(), Some(!evaluation.has_errors()));
        prop_assert_eq!(
            evaluation.totals.strategy_letters.len(),
            plan.focus_areas.iter().map(|a| a.strategies.len()).sum::<usize>()
        );
        let (from_json, from_toml) = read_both(&plan);
        prop_assert_eq!(&from_json, &plan);
        prop_assert_eq!(&from_toml, &plan);
    }
}

/// Out-of-range values are reported as `value-out-of-range`, at the field's path.
#[test]
fn out_of_range_values_become_findings() {
    let plan = Plan {
        language: Language::Bokmal,
        programme: Programme {
            name: "P".into(),
            area: "A".into(),
            county: None,
            vision: None,
            period: Period {
                from: 2025,
                to: 2030,
            },
            jobs_goal: Some(i64::MIN),
        },
        year: 2027,
        approval: Approval::default(),
        focus_areas: vec![FocusArea {
            name: "I".into(),
            description: None,
            impact_goal: None,
            result_goal: None,
            job_targets: None,
            strategies: vec![PlanStrategy {
                name: "S".into(),
                content: None,
                sdg: None,
                projects: vec![Project {
                    name: "P".into(),
                    goal: None,
                    budget: Kroner(i64::MAX),
                }],
            }],
            grant_funds: Kroner(i64::MAX),
            programme_resources: Kroner(-1),
        }],
        admin_costs: Kroner(i64::MIN),
        financing: vec![FinancingSource {
            source: "KDD".into(),
            kind: None,
            share: Share::parse_decimal("33.3333"),
            amount: None,
        }],
        previous_results: None,
        communication: None,
    };
    let evaluation = evaluate(&plan);
    let paths: Vec<&str> = evaluation
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "value-out-of-range")
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "programme.jobs_goal",
            "focus_areas[0].strategies[0].projects[0].budget",
            "focus_areas[0].grant_funds",
            "focus_areas[0].programme_resources",
            "admin_costs",
            "financing[0].share",
        ]
    );
    assert_eq!(evaluation.totals.financing, None);
}

/// Regression: `to_json` used to write a share with more than two decimals as a share
/// with two (`33.333` became `33.33`), so the `value-out-of-range` finding vanished when
/// a plan was written and read again; shares beyond the type's range changed value too.
#[test]
fn shares_keep_their_meaning_through_both_writers() {
    for written in [
        "33.333",
        "-0.001",
        "50.0001",
        "12345678901.234",
        "-188603669352371.63",
        "100000000000000000",
        "-100000000000000000",
        "1e30",
        "-1e30",
        "33.33",
        "-5",
    ] {
        let text = format!(
            r#"{{"format": "handlingsplan/1", "programme": {{"name": "P", "area": "A",
                "period": {{"from": 2025, "to": 2030}}}}, "year": 2026,
                "financing": [{{"source": "KDD", "share": {written}}}]}}"#
        );
        let plan = file::read(&text, Syntax::Json).expect("the plan reads");
        let (from_json, from_toml) = read_both(&plan);
        assert_eq!(from_json, plan, "{written} through JSON");
        assert_eq!(from_toml, plan, "{written} through TOML");
        let codes = |p: &Plan| {
            evaluate(p)
                .findings
                .iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&from_json), codes(&plan), "{written}");
    }
}
