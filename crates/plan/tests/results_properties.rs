//! Property tests of the results registry (issue 13, "Show"): rows exported as CSV and
//! imported again are the same rows, and against themselves all duplicates; the
//! records' sums are the rows' sums.

use std::collections::HashSet;

use plan::results::{self, OrgNumber, RegistryContext, ResultRow};
use plan::{Date, Kroner, Period};
use proptest::prelude::*;

const AREAS: [&str; 4] = [
    "Industri og leverandørnæring",
    "Reiseliv og opplevelser",
    "Nytt næringsliv og gründere",
    "Bærekraft",
];

fn context() -> RegistryContext {
    RegistryContext {
        areas: AREAS.iter().map(|a| a.to_string()).collect(),
        period: Period {
            from: 2024,
            to: 2029,
        },
    }
}

/// Text a user may type in a cell, separators, quotes and line breaks included; stored
/// trimmed and `None` when empty, as the reader keeps it.
fn text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        4 => "[A-Za-zÆØÅæøå0-9 .,:;–-]{0,24}",
        2 => "[\"';,\t\r\n a-zæøå]{0,16}",
        1 => "(?s).{0,12}",
    ]
    .prop_map(|text| {
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    })
}

/// A valid organisation number: eight digits and their MOD11 check digit.
fn org_number() -> impl Strategy<Value = Option<OrgNumber>> {
    proptest::option::of(
        (80_000_000u32..99_999_999).prop_filter_map("check digit 10", |first8| {
            let digits = first8.to_string();
            let sum: u32 = digits
                .bytes()
                .zip([3, 2, 7, 6, 5, 4, 3, 2])
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            let check = match 11 - sum % 11 {
                11 => 0,
                10 => return None,
                check => check,
            };
            OrgNumber::parse(&format!("{digits}{check}"))
        }),
    )
}

fn row() -> impl Strategy<Value = ResultRow> {
    (
        (2024i32..=2029, 1u32..=12, 1u32..=28),
        0..AREAS.len(),
        (text(), text(), org_number(), text()),
        (
            0i64..=100_000,
            0i64..=100_000,
            0i64..=100_000,
            0i64..=100_000,
        ),
        prop_oneof![Just(0i64), 0i64..=1_000_000_000_000],
    )
        .prop_map(
            |(
                (year, month, day),
                area,
                (project, organisation, org_number, note),
                counts,
                amount,
            )| {
                ResultRow {
                    date: Date::new(year, month, day).unwrap(),
                    focus_area: AREAS[area].to_string(),
                    project,
                    organisation,
                    org_number,
                    new_jobs: counts.0,
                    secured_jobs: counts.1,
                    projects_completed: counts.2,
                    applications_granted: counts.3,
                    granted_amount: Kroner(amount),
                    note,
                }
            },
        )
}

/// Rows with now and then a repeated one.
fn rows() -> impl Strategy<Value = Vec<ResultRow>> {
    proptest::collection::vec(row(), 0..40).prop_flat_map(|rows| {
        let len = rows.len();
        (Just(rows), proptest::collection::vec(0..len.max(1), 0..3)).prop_map(
            |(mut rows, repeats)| {
                for index in repeats {
                    if let Some(row) = rows.get(index).cloned() {
                        rows.push(row);
                    }
                }
                rows
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exported_rows_import_as_themselves_and_then_as_duplicates(rows in rows()) {
        let bytes = results::export_csv(&rows);
        let context = context();

        let first = results::import(&bytes, &context, []).unwrap();
        prop_assert!(first.errors.is_empty(), "{:?}", first.errors);
        prop_assert_eq!(first.rows_read, rows.len());
        let mut seen = HashSet::new();
        let unique: Vec<&ResultRow> = rows.iter().filter(|row| seen.insert(*row)).collect();
        let read: Vec<&ResultRow> = first.new_rows.iter().map(|lined| &lined.row).collect();
        prop_assert_eq!(read, unique.clone());
        prop_assert_eq!(first.duplicates.len(), rows.len() - unique.len());

        let again = results::import(&bytes, &context, &rows).unwrap();
        prop_assert!(again.errors.is_empty());
        prop_assert!(again.new_rows.is_empty());
        prop_assert_eq!(again.duplicates.len(), rows.len());
    }

    #[test]
    fn the_records_sums_are_the_rows_sums(rows in rows(), plan_year in 2024i32..=2031) {
        let context = context();
        let aggregation = results::aggregate(&rows, &context, plan_year);
        let counted: Vec<&ResultRow> = rows.iter().filter(|r| r.date.year() < plan_year).collect();
        let rows_sum = |field: fn(&ResultRow) -> i64| counted.iter().map(|r| field(r)).sum::<i64>();
        let records_sum = |field: fn(&plan::handlingsplan::ResultRecord) -> Option<i64>| {
            aggregation.records.iter().map(|r| field(r).unwrap()).sum::<i64>()
        };
        prop_assert_eq!(records_sum(|r| r.new_jobs), rows_sum(|r| r.new_jobs));
        prop_assert_eq!(records_sum(|r| r.secured_jobs), rows_sum(|r| r.secured_jobs));
        prop_assert_eq!(records_sum(|r| r.projects_completed), rows_sum(|r| r.projects_completed));
        prop_assert_eq!(records_sum(|r| r.applications_granted), rows_sum(|r| r.applications_granted));
        prop_assert_eq!(
            aggregation.granted_amounts.iter().map(|a| a.amount.0).sum::<i64>(),
            rows_sum(|r| r.granted_amount.0)
        );
        // One record per (year, area) with rows, ordered by year then by area order.
        let pairs: HashSet<(i32, &str)> =
            counted.iter().map(|r| (r.date.year(), r.focus_area.as_str())).collect();
        prop_assert_eq!(aggregation.records.len(), pairs.len());
        let order: Vec<(i32, usize)> = aggregation
            .records
            .iter()
            .map(|r| (r.year, AREAS.iter().position(|a| *a == r.focus_area).unwrap()))
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(order, sorted);
        prop_assert!(aggregation.granted_amounts.iter().all(|a| a.amount.0 != 0));
    }
}
