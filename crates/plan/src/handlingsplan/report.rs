//! The check object of spec §3 as JSON: `{ok, findings, totals}`. This is part of the
//! file-format contract (the CLI's `check --json` and the API's `/check` print it).

use serde_json::{Value, json};

use super::Evaluation;
use super::compute::{CostColumns, Totals};

/// The whole check object.
pub fn check_json(evaluation: &Evaluation) -> Value {
    crate::evaluation::check_json(evaluation, totals_json)
}

/// The `totals` member alone.
pub fn totals_json(totals: &Totals) -> Value {
    let columns = |c: &CostColumns| {
        json!({
            "project_costs": c.project_costs.0,
            "grant_funds": c.grant_funds.0,
            "programme_resources": c.programme_resources.0,
            "total_costs": c.total_costs.0,
        })
    };
    json!({
        "strategy_letters": totals.strategy_letters,
        "jobs": {
            "years": totals.jobs.years,
            "areas": totals.jobs.areas.iter().map(|a| json!({
                "name": a.name, "per_year": a.per_year, "total": a.total,
            })).collect::<Vec<_>>(),
            "without_targets": totals.jobs.without_targets,
            "per_year": totals.jobs.per_year,
            "total": totals.jobs.total,
            "this_year": totals.jobs.this_year,
        },
        "focus_areas": totals.focus_areas.iter().map(|a| json!({
            "name": a.name,
            "project_costs": a.project_costs.0,
            "grant_funds": a.grant_funds.0,
            "area_sum": a.area_sum.0,
            "programme_resources": a.programme_resources.0,
            "total_costs": a.total_costs.0,
        })).collect::<Vec<_>>(),
        "subtotal": columns(&totals.subtotal),
        "admin_costs": totals.admin_costs.0,
        "total_cost": totals.total_cost.0,
        "financing": totals.financing.as_ref().map(|lines| lines.iter().map(|line| json!({
            "source": line.source,
            "share": share_value(line.share),
            "amount": line.amount.0,
        })).collect::<Vec<_>>()),
    })
}

fn share_value(share: crate::units::Share) -> Value {
    crate::reader::serialize_share(share, serde_json::value::Serializer).unwrap_or(Value::Null)
}

/// Counts of findings per severity: (errors, warnings, infos).
pub fn counts(evaluation: &Evaluation) -> (usize, usize, usize) {
    evaluation.counts()
}
