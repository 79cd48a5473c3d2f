//! Tables every kind computes the same way: the strategy letters, the job-target
//! table and tables of kroner per area and year (the Omstillingsplan's frames).

use std::collections::BTreeMap;

use crate::common::Period;
use crate::units::Kroner;

/// The job-target table (*arbeidsplassmål*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobTable {
    /// Every year of the programme period, ascending.
    pub years: Vec<i32>,
    /// Areas with job targets, in plan order.
    pub areas: Vec<AreaJobs>,
    /// Names of the areas without job targets.
    pub without_targets: Vec<String>,
    /// Column sums, following `years`.
    pub per_year: Vec<i64>,
    pub total: i64,
    /// The column sum for the plan's year (0 when the year is outside the period).
    pub this_year: i64,
}

/// One row of the job-target table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaJobs {
    pub name: String,
    /// Follows [`JobTable::years`]; a year missing in the file counts as 0.
    pub per_year: Vec<i64>,
    pub total: i64,
}

/// The letter of the strategy at `index` (0-based) across the plan: A … Z, AA, AB ….
pub fn strategy_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The job-target table of any kind: one row per area with targets, in the given
/// order, following every year of the period. `year` is a yearly plan's year (for
/// `this_year`); `None` leaves `this_year` at 0.
pub fn job_table<'a>(
    period: Period,
    year: Option<i32>,
    rows: impl IntoIterator<Item = (&'a str, Option<&'a BTreeMap<i32, i64>>)>,
) -> JobTable {
    let years = period.years();
    let mut areas = Vec::new();
    let mut without_targets = Vec::new();
    for (name, targets) in rows {
        match targets {
            Some(targets) => {
                let per_year: Vec<i64> = years
                    .iter()
                    .map(|year| targets.get(year).copied().unwrap_or(0))
                    .collect();
                areas.push(AreaJobs {
                    name: name.to_string(),
                    total: per_year.iter().fold(0i64, |a, b| a.saturating_add(*b)),
                    per_year,
                });
            }
            None => without_targets.push(name.to_string()),
        }
    }
    let per_year: Vec<i64> = (0..years.len())
        .map(|i| {
            areas
                .iter()
                .fold(0i64, |acc, a| acc.saturating_add(a.per_year[i]))
        })
        .collect();
    let this_year = years
        .iter()
        .position(|y| Some(*y) == year)
        .map_or(0, |i| per_year[i]);
    JobTable {
        total: per_year.iter().fold(0i64, |a, b| a.saturating_add(*b)),
        years,
        areas,
        without_targets,
        per_year,
        this_year,
    }
}

/// A table of kroner per area and year (the Omstillingsplan's economic frames).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KronerTable {
    /// Every year of the period, ascending.
    pub years: Vec<i32>,
    /// The rows, in the given order.
    pub rows: Vec<KronerRow>,
    /// Column sums, following `years`.
    pub per_year: Vec<Kroner>,
    pub total: Kroner,
}

/// One row of a [`KronerTable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KronerRow {
    pub name: String,
    /// Follows [`KronerTable::years`]; a year missing in the file counts as 0.
    pub per_year: Vec<Kroner>,
    pub total: Kroner,
}

impl KronerRow {
    /// The row of a year map over `years`; years outside `years` are not counted.
    pub fn new(name: &str, years: &[i32], values: &BTreeMap<i32, Kroner>) -> KronerRow {
        let per_year: Vec<Kroner> = years
            .iter()
            .map(|year| values.get(year).copied().unwrap_or_default())
            .collect();
        KronerRow {
            name: name.to_string(),
            total: Kroner::sum(per_year.iter().copied()),
            per_year,
        }
    }
}

/// The table of the given rows over every year of the period.
pub fn kroner_table<'a>(
    period: Period,
    rows: impl IntoIterator<Item = (&'a str, &'a BTreeMap<i32, Kroner>)>,
) -> KronerTable {
    let years = period.years();
    let rows: Vec<KronerRow> = rows
        .into_iter()
        .map(|(name, values)| KronerRow::new(name, &years, values))
        .collect();
    let per_year: Vec<Kroner> = (0..years.len())
        .map(|i| Kroner::sum(rows.iter().map(|r| r.per_year[i])))
        .collect();
    KronerTable {
        total: Kroner::sum(per_year.iter().copied()),
        years,
        rows,
        per_year,
    }
}
