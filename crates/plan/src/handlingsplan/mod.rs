//! The *Handlingsplan*: one year's action plan (spec `handlingsplan.md`). Its model,
//! computed tables, checks, file format and check object; the kind-independent parts
//! (reader, findings, evaluation, units) live at the crate's top.
//!
//! ```text
//! text --file::read--> Plan --evaluate--> Evaluation { totals, findings }
//! ```

pub mod check;
pub mod compute;
pub mod file;
pub mod model;
pub mod report;
pub mod summary;

pub use compute::Totals;
pub use model::*;

use crate::finding::Severity;

/// A yearly plan's evaluation.
pub type Evaluation = crate::evaluation::Evaluation<Totals>;

/// Computes every table and runs every check. The financing table is `None` when
/// a finding about the financing is an error.
pub fn evaluate(plan: &Plan) -> Evaluation {
    let mut totals = compute::totals(plan);
    let findings = check::check(plan, &totals);
    if findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.is_about_financing())
    {
        totals.financing = None;
    }
    Evaluation { totals, findings }
}
