//! Section 1.1 computed from the registry (spec §4): sums per (year, focus area).

use std::collections::BTreeMap;

use super::{RegistryContext, ResultRow, area_key};
use crate::handlingsplan::model::ResultRecord;
use crate::units::Kroner;

/// The granted amount of one focus area in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountRecord {
    pub year: i32,
    pub focus_area: String,
    pub amount: Kroner,
}

/// The records of `previous_results` and the granted amounts, by the same rule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Aggregation {
    pub records: Vec<ResultRecord>,
    /// Only (year, area) pairs whose sum is not 0.
    pub granted_amounts: Vec<AmountRecord>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    new_jobs: i64,
    secured_jobs: i64,
    projects_completed: i64,
    applications_granted: i64,
    granted_amount: Kroner,
}

/// For the yearly plan of `plan_year`: one record for every year before it in the
/// period and every area with at least one row dated in that year, ordered by year,
/// then by the plan's area order. Rows of an area the plan does not have are left out.
pub fn aggregate<'a>(
    rows: impl IntoIterator<Item = &'a ResultRow>,
    context: &RegistryContext,
    plan_year: i32,
) -> Aggregation {
    let area_index: BTreeMap<String, usize> = context
        .areas
        .iter()
        .enumerate()
        .rev()
        .map(|(index, name)| (area_key(name), index))
        .collect();
    let mut sums: BTreeMap<(i32, usize), Sums> = BTreeMap::new();
    for row in rows {
        let year = row.date.year();
        if year >= plan_year || !context.period.contains(year) {
            continue;
        }
        let Some(&index) = area_index.get(&area_key(&row.focus_area)) else {
            continue;
        };
        let sum = sums.entry((year, index)).or_default();
        sum.new_jobs = sum.new_jobs.saturating_add(row.new_jobs);
        sum.secured_jobs = sum.secured_jobs.saturating_add(row.secured_jobs);
        sum.projects_completed = sum
            .projects_completed
            .saturating_add(row.projects_completed);
        sum.applications_granted = sum
            .applications_granted
            .saturating_add(row.applications_granted);
        sum.granted_amount = sum.granted_amount + row.granted_amount;
    }
    let mut aggregation = Aggregation::default();
    for ((year, index), sum) in sums {
        let focus_area = context.areas[index].clone();
        if sum.granted_amount != Kroner::ZERO {
            aggregation.granted_amounts.push(AmountRecord {
                year,
                focus_area: focus_area.clone(),
                amount: sum.granted_amount,
            });
        }
        aggregation.records.push(ResultRecord {
            year,
            focus_area,
            new_jobs: Some(sum.new_jobs),
            secured_jobs: Some(sum.secured_jobs),
            projects_completed: Some(sum.projects_completed),
            applications_granted: Some(sum.applications_granted),
        });
    }
    aggregation
}

/// The plan with `previous_results.records` replaced by `records`; the summary text is
/// kept.
pub fn with_records(
    plan: &crate::handlingsplan::model::Plan,
    records: Vec<ResultRecord>,
) -> crate::handlingsplan::model::Plan {
    let mut plan = plan.clone();
    let mut previous = plan.previous_results.take().unwrap_or_default();
    previous.records = records;
    plan.previous_results = Some(previous);
    plan
}
