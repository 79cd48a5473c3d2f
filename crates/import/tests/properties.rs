//! Property test (issue 15, "Show"): random plans that spec §4 promises a round trip for
//! (no errors, no placeholders), rendered by `render::docx`, import back equal, with the
//! spec's exceptions. And whatever bytes come in, the importer answers without a panic.

mod common;

use std::collections::BTreeMap;

use common::{comparable, docx, round_trips};
use plan::handlingsplan::{
    Activity, Communication, FinancingSource, FocusArea, Plan, PreviousResults, Project,
    SourceKind, Strategy as PlanStrategy,
};
use plan::{Approval, Date, Kroner, Language, Period, Programme, Share};
use proptest::prelude::*;

/// Words of Norwegian letters, the first capitalised: what people name things with.
fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[a-zæøå]{1,9}", 1..=max).prop_map(|words| {
        let mut text = words.join(" ");
        let first = text.remove(0);
        format!("{}{text}", first.to_uppercase())
    })
}

/// A text of one or more paragraphs (blank-line separated) with digits and punctuation.
fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (words(8), prop::option::of(0..100_000i64)).prop_map(|(w, n)| match n {
            Some(n) => format!("{w} {n} mål, og mer."),
            None => format!("{w}."),
        }),
        1..=3,
    )
    .prop_map(|paragraphs| paragraphs.join("\n\n"))
}

fn money() -> impl Strategy<Value = Kroner> {
    prop_oneof![0..=5_000_000i64, 0..=1_000_000_000i64, Just(0i64)].prop_map(Kroner)
}

fn shares(count: usize) -> impl Strategy<Value = Vec<Share>> {
    prop::collection::vec(0..=10_000i64, count - 1).prop_map(|mut cuts| {
        cuts.push(0);
        cuts.push(10_000);
        cuts.sort_unstable();
        cuts.windows(2)
            .map(|pair| Share::from_hundredths(pair[1] - pair[0]))
            .collect()
    })
}

const PLACES: [&str; 8] = [
    "Nord", "Sør", "Aust", "Vest", "Midt", "Ytre", "Indre", "Øvre",
];

fn project() -> impl Strategy<Value = Project> {
    (words(6), prop::option::of(words(8)), money()).prop_map(|(name, goal, budget)| Project {
        name,
        goal,
        budget,
    })
}

fn strategy() -> impl Strategy<Value = PlanStrategy> {
    (
        words(4),
        prop::option::of(words(8)),
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

fn area(years: Vec<i32>) -> impl Strategy<Value = FocusArea> {
    let count = years.len();
    (
        words(4),
        (
            prop::option::of(prose()),
            prop::option::of(prose()),
            prop::option::of(prose()),
        ),
        prop::option::weighted(0.7, prop::collection::vec(0..=1000i64, count)),
        prop::collection::vec(strategy(), 0..4),
        money(),
        money(),
    )
        .prop_map(
            move |(name, (description, impact_goal, result_goal), targets, strategies, g, r)| {
                FocusArea {
                    name,
                    description,
                    impact_goal,
                    result_goal,
                    job_targets: targets.map(|values| {
                        years
                            .iter()
                            .copied()
                            .zip(values)
                            .collect::<BTreeMap<_, _>>()
                    }),
                    strategies,
                    grant_funds: g,
                    programme_resources: r,
                }
            },
        )
}

fn source() -> impl Strategy<Value = (String, Option<SourceKind>)> {
    prop_oneof![
        Just(("KDD".to_owned(), Some(SourceKind::State))),
        words(2).prop_map(|w| (format!("{w} fylkeskommune"), Some(SourceKind::County))),
        words(2).prop_map(|w| (format!("{w} kommune"), Some(SourceKind::Municipality))),
        words(3).prop_map(|w| (w, None)),
    ]
}

fn activity() -> impl Strategy<Value = Activity> {
    (
        1..=12i64,
        words(6),
        prop::option::of(words(3)),
        prop::option::of(words(3)),
        prop::option::of(words(2)),
    )
        .prop_map(|(month, title, audience, channel, responsible)| Activity {
            month,
            title,
            audience,
            channel,
            responsible,
        })
}

fn plan() -> impl Strategy<Value = Plan> {
    (2020..2030i32, 0..6i32)
        .prop_flat_map(|(from, length)| {
            let to = from + length;
            let years: Vec<i32> = (from..=to).collect();
            (
                Just(Period { from, to }),
                from..=to,
                prop::collection::vec(area(years), 1..5),
                (1..4usize).prop_flat_map(|n| (prop::collection::vec(source(), n), shares(n))),
                (
                    words(3),
                    words(3),
                    prop::option::of(words(8)),
                    prop::option::of((1..=12u32, 1..=28u32)),
                    prop::option::of((1..=12u32, 1..=28u32)),
                ),
                (
                    prop_oneof![Just(Language::Bokmal), Just(Language::Nynorsk)],
                    money(),
                    prop::option::of(prose()),
                    prop::collection::vec(activity(), 0..4),
                ),
            )
        })
        .prop_map(
            |(period, year, mut areas, (sources, shares), names, rest)| {
                let (name, area, vision, board, council) = names;
                let (language, admin_costs, summary, mut activities) = rest;
                // The document lists the activities by month (the year wheel's order).
                activities.sort_by_key(|a| a.month);
                for (i, a) in areas.iter_mut().enumerate() {
                    a.name = format!("{} {}", a.name, PLACES[i]);
                }
                // The board in the year before, the council in the plan's year: in order.
                let board = board.and_then(|(m, d)| Date::new(year - 1, m, d));
                let council = council
                    .filter(|_| board.is_some())
                    .and_then(|(m, d)| Date::new(year, m, d));
                Plan {
                    language,
                    programme: Programme {
                        name,
                        area,
                        county: None,
                        vision,
                        period,
                        jobs_goal: None,
                    },
                    year,
                    approval: Approval { board, council },
                    focus_areas: areas,
                    admin_costs,
                    financing: sources
                        .into_iter()
                        .zip(shares)
                        .map(|((source, kind), share)| FinancingSource {
                            source,
                            kind,
                            share: Some(share),
                            amount: None,
                        })
                        .collect(),
                    previous_results: summary.map(|summary| PreviousResults {
                        summary: Some(summary),
                        records: Vec::new(),
                    }),
                    communication: (!activities.is_empty()).then_some(Communication { activities }),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_plans_rendered_to_docx_import_back_equal(plan in plan()) {
        prop_assume!(round_trips(&plan));
        let imported = import::import(&docx(&plan)).expect("our own DOCX imports");
        let (expected, got) = comparable(&plan, &imported.plan);
        prop_assert_eq!(expected, got);
        let warnings: Vec<_> = imported
            .findings
            .iter()
            .filter(|f| f.severity() != plan::Severity::Info)
            .collect();
        prop_assert!(warnings.is_empty(), "warnings on our own document: {:?}", warnings);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = import::import(&bytes);
    }
}
