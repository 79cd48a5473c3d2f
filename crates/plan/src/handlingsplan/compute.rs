//! The computed tables of spec §3: strategy letters, the job-target table, the cost
//! tables and the financing split. Exact integer arithmetic, nothing else.

use super::model::{FocusArea, Plan, same_name};
pub use crate::tables::{AreaJobs, JobTable, strategy_letter};
use crate::units::{Kroner, Share};

/// Every table the document shows, computed from the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// One letter per strategy in plan order, continuing across focus areas.
    pub strategy_letters: Vec<String>,
    pub jobs: JobTable,
    /// One row per focus area, in plan order.
    pub focus_areas: Vec<AreaCosts>,
    /// *Delsum*: column sums over all areas.
    pub subtotal: CostColumns,
    pub admin_costs: Kroner,
    /// *Samlet kostnad*.
    pub total_cost: Kroner,
    /// `None` when the financing cannot be computed (it has errors).
    pub financing: Option<Vec<FinancingLine>>,
}

/// One row of the resource table (3.1) with the area's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCosts {
    pub name: String,
    /// *Prosjektkostnader*: the sum of the area's project budgets.
    pub project_costs: Kroner,
    /// *Søkbare midler*.
    pub grant_funds: Kroner,
    /// *Sum innsatsområde* = project costs + grant funds.
    pub area_sum: Kroner,
    /// *Programmets ressursinnsats*.
    pub programme_resources: Kroner,
    /// *Sum kostnader* = project costs + grant funds + programme resources.
    pub total_costs: Kroner,
}

/// The *Delsum* row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CostColumns {
    pub project_costs: Kroner,
    pub grant_funds: Kroner,
    pub programme_resources: Kroner,
    pub total_costs: Kroner,
}

/// One row of the financing table (3.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancingLine {
    pub source: String,
    pub share: Share,
    pub amount: Kroner,
}

/// How the sources of a plan state their part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinancingMode {
    /// No sources.
    Empty,
    /// Every source has a share and no amount.
    Shares,
    /// Every source has an amount and no share.
    Amounts,
    /// Some sources use shares and others amounts, or a source has both or neither.
    Mixed,
}

/// The mode of the plan's financing.
pub fn financing_mode(plan: &Plan) -> FinancingMode {
    if plan.financing.is_empty() {
        return FinancingMode::Empty;
    }
    let all = |f: fn(&super::model::FinancingSource) -> bool| plan.financing.iter().all(f);
    if all(|s| s.share.is_some() && s.amount.is_none()) {
        FinancingMode::Shares
    } else if all(|s| s.amount.is_some() && s.share.is_none()) {
        FinancingMode::Amounts
    } else {
        FinancingMode::Mixed
    }
}

/// Computes every table. The financing is left `None` only when its mode is mixed;
/// [`super::evaluate`] also clears it when the checks find a financing error.
pub fn totals(plan: &Plan) -> Totals {
    let focus_areas: Vec<AreaCosts> = plan.focus_areas.iter().map(area_costs).collect();
    let subtotal = CostColumns {
        project_costs: Kroner::sum(focus_areas.iter().map(|a| a.project_costs)),
        grant_funds: Kroner::sum(focus_areas.iter().map(|a| a.grant_funds)),
        programme_resources: Kroner::sum(focus_areas.iter().map(|a| a.programme_resources)),
        total_costs: Kroner::sum(focus_areas.iter().map(|a| a.total_costs)),
    };
    let total_cost = subtotal.total_costs + plan.admin_costs;
    Totals {
        strategy_letters: (0..plan.focus_areas.iter().map(|a| a.strategies.len()).sum())
            .map(strategy_letter)
            .collect(),
        jobs: job_table(plan),
        focus_areas,
        subtotal,
        admin_costs: plan.admin_costs,
        total_cost,
        financing: financing(plan, total_cost),
    }
}

fn area_costs(area: &FocusArea) -> AreaCosts {
    let project_costs = Kroner::sum(
        area.strategies
            .iter()
            .flat_map(|s| &s.projects)
            .map(|p| p.budget),
    );
    let area_sum = project_costs + area.grant_funds;
    AreaCosts {
        name: area.name.clone(),
        project_costs,
        grant_funds: area.grant_funds,
        area_sum,
        programme_resources: area.programme_resources,
        total_costs: area_sum + area.programme_resources,
    }
}

fn job_table(plan: &Plan) -> JobTable {
    crate::tables::job_table(
        plan.programme.period,
        Some(plan.year),
        plan.focus_areas
            .iter()
            .map(|area| (area.name.as_str(), area.job_targets.as_ref())),
    )
}

fn financing(plan: &Plan, total_cost: Kroner) -> Option<Vec<FinancingLine>> {
    match financing_mode(plan) {
        FinancingMode::Empty => Some(Vec::new()),
        FinancingMode::Mixed => None,
        FinancingMode::Shares => {
            let shares: Vec<Share> = plan.financing.iter().filter_map(|s| s.share).collect();
            let amounts = split_by_shares(total_cost, &shares);
            Some(
                plan.financing
                    .iter()
                    .zip(shares.iter().zip(amounts))
                    .map(|(source, (share, amount))| FinancingLine {
                        source: source.source.clone(),
                        share: *share,
                        amount,
                    })
                    .collect(),
            )
        }
        FinancingMode::Amounts => Some(
            plan.financing
                .iter()
                .map(|source| {
                    let amount = source.amount.unwrap_or_default();
                    FinancingLine {
                        source: source.source.clone(),
                        share: share_of(amount, total_cost),
                        amount,
                    }
                })
                .collect(),
        ),
    }
}

/// Splits `total` by shares with the largest-remainder method of spec §3: every
/// source gets the floor of its exact part, and the kroner left over go one each to
/// the largest remainders (ties to the earlier source). When the shares add up to
/// 100 %, the amounts add up to `total` exactly.
pub fn split_by_shares(total: Kroner, shares: &[Share]) -> Vec<Kroner> {
    let raws: Vec<i128> = shares
        .iter()
        .map(|s| i128::from(total.0) * i128::from(s.hundredths()))
        .collect();
    let mut amounts: Vec<i128> = raws.iter().map(|raw| raw.div_euclid(10_000)).collect();
    let assigned: i128 = amounts.iter().sum();
    let left_over = i128::from(total.0) - assigned;
    if left_over > 0 {
        let mut order: Vec<usize> = (0..raws.len()).collect();
        // Stable sort keeps the earlier source first among equal remainders.
        order.sort_by_key(|&i| std::cmp::Reverse(raws[i].rem_euclid(10_000)));
        let count = usize::try_from(left_over)
            .unwrap_or(usize::MAX)
            .min(order.len());
        for &i in &order[..count] {
            amounts[i] += 1;
        }
    }
    amounts
        .into_iter()
        .map(|a| Kroner(i64::try_from(a).unwrap_or(if a < 0 { i64::MIN } else { i64::MAX })))
        .collect()
}

/// `amount` as a share of `total`, rounded half up to hundredths of a percent
/// (0 when `total` is 0).
pub fn share_of(amount: Kroner, total: Kroner) -> Share {
    if total.0 == 0 {
        return Share::from_hundredths(0);
    }
    let (mut numerator, mut denominator) = (i128::from(amount.0) * 10_000, i128::from(total.0));
    if denominator < 0 {
        numerator = -numerator;
        denominator = -denominator;
    }
    let rounded = (2 * numerator + denominator).div_euclid(2 * denominator);
    Share::from_hundredths(i64::try_from(rounded).unwrap_or(i64::MAX))
}

/// The results table of one earlier year (section 1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearResults {
    pub year: i32,
    /// One row per focus area that has a record or a target that year, in plan order;
    /// records naming unknown areas come last.
    pub rows: Vec<ResultRow>,
    /// The sum row.
    pub total: ResultRow,
}

/// Target and achievement of one focus area (or the sum) in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    pub name: String,
    /// The job target of that year, `None` for an area without job targets.
    pub target: Option<i64>,
    pub new_jobs: i64,
    pub secured_jobs: i64,
}

impl ResultRow {
    /// New plus secured jobs.
    pub fn achieved(&self) -> i64 {
        self.new_jobs.saturating_add(self.secured_jobs)
    }
}

/// The results per earlier year, ascending, from the plan's result records.
pub fn results_by_year(plan: &Plan) -> Vec<YearResults> {
    let mut years: Vec<i32> = plan.result_records().iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let records: Vec<_> = plan
                .result_records()
                .iter()
                .filter(|r| r.year == year)
                .collect();
            let mut rows = Vec::new();
            for area in &plan.focus_areas {
                let target = area
                    .job_targets
                    .as_ref()
                    .map(|t| t.get(&year).copied().unwrap_or(0));
                let mine: Vec<_> = records
                    .iter()
                    .filter(|r| same_name(&r.focus_area, &area.name))
                    .collect();
                if mine.is_empty() && target.unwrap_or(0) == 0 {
                    continue;
                }
                rows.push(ResultRow {
                    name: area.name.clone(),
                    target,
                    new_jobs: mine
                        .iter()
                        .filter_map(|r| r.new_jobs)
                        .fold(0, i64::saturating_add),
                    secured_jobs: mine
                        .iter()
                        .filter_map(|r| r.secured_jobs)
                        .fold(0, i64::saturating_add),
                });
            }
            for record in &records {
                if !plan
                    .focus_areas
                    .iter()
                    .any(|a| same_name(&a.name, &record.focus_area))
                {
                    rows.push(ResultRow {
                        name: record.focus_area.clone(),
                        target: None,
                        new_jobs: record.new_jobs.unwrap_or(0),
                        secured_jobs: record.secured_jobs.unwrap_or(0),
                    });
                }
            }
            let total = ResultRow {
                name: String::new(),
                target: Some(
                    rows.iter()
                        .filter_map(|r| r.target)
                        .fold(0, i64::saturating_add),
                ),
                new_jobs: rows.iter().map(|r| r.new_jobs).fold(0, i64::saturating_add),
                secured_jobs: rows
                    .iter()
                    .map(|r| r.secured_jobs)
                    .fold(0, i64::saturating_add),
            };
            YearResults { year, rows, total }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_like_spreadsheet_columns() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .iter()
            .map(|&i| strategy_letter(i))
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn largest_remainder_gives_leftover_to_largest_remainders_first() {
        let thirds = [3334, 3333, 3333].map(Share::from_hundredths);
        let amounts = split_by_shares(Kroner(100), &thirds);
        assert_eq!(amounts, [Kroner(34), Kroner(33), Kroner(33)]);
        let even = [5000, 5000].map(Share::from_hundredths);
        assert_eq!(
            split_by_shares(Kroner(101), &even),
            [Kroner(51), Kroner(50)]
        );
    }

    #[test]
    fn share_of_rounds_half_up() {
        assert_eq!(
            share_of(Kroner(2_400_000), Kroner(4_920_000)).hundredths(),
            4878
        );
        assert_eq!(
            share_of(Kroner(630_000), Kroner(4_920_000)).hundredths(),
            1280
        );
        assert_eq!(share_of(Kroner(1), Kroner(8)).hundredths(), 1250);
        assert_eq!(share_of(Kroner(1), Kroner(0)).hundredths(), 0);
    }
}
