//! What a check gives for any kind: its computed tables and every finding, and the
//! check object `{ok, findings, totals}` they make.

use serde_json::{Value, json};

use crate::finding::{Finding, Severity};

/// A document's computed tables together with every finding about it. `T` is the
/// kind's totals; the default is the Handlingsplan's, so `plan::Evaluation` still names
/// a yearly plan's evaluation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation<T = crate::handlingsplan::Totals> {
    pub totals: T,
    pub findings: Vec<Finding>,
}

impl<T> Evaluation<T> {
    /// Whether any finding is an error (the document cannot be approved).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Counts of findings per severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        )
    }
}

/// The check object of any kind: `{ok, findings, totals}`, the totals written by the
/// kind's `totals_json`.
pub fn check_json<T>(evaluation: &Evaluation<T>, totals_json: impl Fn(&T) -> Value) -> Value {
    json!({
        "ok": !evaluation.has_errors(),
        "findings": findings_json(&evaluation.findings),
        "totals": totals_json(&evaluation.totals),
    })
}

/// The `findings` member: `[{code, severity, path, message}]`.
pub fn findings_json(findings: &[Finding]) -> Value {
    Value::Array(
        findings
            .iter()
            .map(|f| {
                json!({
                    "code": f.code.as_str(),
                    "severity": f.severity.as_str(),
                    "path": f.path,
                    "message": f.message,
                })
            })
            .collect(),
    )
}
