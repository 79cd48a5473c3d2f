//! The Omstillingsplan's check object (§3): `{ok, findings, totals}`.

use serde_json::{Value, json};

use super::Evaluation;
use super::compute::Totals;
use crate::tables::KronerRow;

/// The whole check object.
pub fn check_json(evaluation: &Evaluation) -> Value {
    crate::evaluation::check_json(evaluation, totals_json)
}

/// The `totals` member alone.
pub fn totals_json(totals: &Totals) -> Value {
    let kroner = |values: &[crate::units::Kroner]| values.iter().map(|k| k.0).collect::<Vec<_>>();
    let row = |row: &KronerRow| json!({ "per_year": kroner(&row.per_year), "total": row.total.0 });
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
        },
        "frames": totals.frames.as_ref().map(|frames| json!({
            "years": frames.areas.years,
            "areas": frames.areas.rows.iter().map(|a| json!({
                "name": a.name, "per_year": kroner(&a.per_year), "total": a.total.0,
            })).collect::<Vec<_>>(),
            "per_year": kroner(&frames.areas.per_year),
            "total": frames.areas.total.0,
            "programme": frames.programme.as_ref().map(row),
        })),
    })
}
