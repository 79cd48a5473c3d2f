//! The Handlingsplan domain: the plan's types, its computed tables and its findings.
//!
//! This crate owns the meaning of a plan (spec `handlingsplan.md` §2–4) and nothing
//! else. It never touches the world: no files, no clock, no network, no async. The
//! file format is parsed behind [`file`]; everything else works on domain types.
//!
//! ```text
//! text --file::read--> Plan --evaluate--> Evaluation { totals, findings }
//! ```

pub mod check;
pub mod compute;
pub mod file;
pub mod model;
pub mod norwegian;
pub mod report;
pub mod results;
pub mod sdg;
pub mod units;

pub use check::{Code, Finding, Severity};
pub use compute::Totals;
pub use file::{ReadError, Syntax};
pub use model::*;
pub use units::{Date, Kroner, Share};

/// A plan's computed tables together with every finding about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub totals: Totals,
    pub findings: Vec<Finding>,
}

impl Evaluation {
    /// Whether any finding is an error (the plan cannot be approved).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

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
