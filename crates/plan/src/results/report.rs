//! The import report of spec §5 as JSON (`results --json`, and the API's answer).

use serde_json::{Value, json};

use super::{Aggregation, Import, ImportError};
use crate::common::Language;

/// `{ok, rows, duplicates, errors, records, granted_amount}`; `records` and
/// `granted_amount` are empty when the import has errors.
pub fn report_json(import: &Import, aggregation: &Aggregation, language: Language) -> Value {
    let ok = import.is_ok();
    let empty = Aggregation::default();
    let aggregation = if ok { aggregation } else { &empty };
    json!({
        "ok": ok,
        "rows": import.rows_read,
        "duplicates": import.duplicates.len(),
        "errors": import.errors.iter().map(|e| error_json(e, language)).collect::<Vec<_>>(),
        "records": aggregation.records.iter().map(|r| json!({
            "year": r.year,
            "focus_area": r.focus_area,
            "new_jobs": r.new_jobs.unwrap_or(0),
            "secured_jobs": r.secured_jobs.unwrap_or(0),
            "projects_completed": r.projects_completed.unwrap_or(0),
            "applications_granted": r.applications_granted.unwrap_or(0),
        })).collect::<Vec<_>>(),
        "granted_amount": aggregation.granted_amounts.iter().map(|a| json!({
            "year": a.year,
            "focus_area": a.focus_area,
            "amount": a.amount.0,
        })).collect::<Vec<_>>(),
    })
}

/// One error: `{line, column, code, message}`.
pub fn error_json(error: &ImportError, language: Language) -> Value {
    json!({
        "line": error.line,
        "column": error.column,
        "code": error.code.as_str(),
        "message": error.message.get(language),
    })
}
