//! A plan's summary (issue 14): the few figures the overview across programmes shows,
//! computed once when a version is written and stored beside it, so the overview never
//! evaluates a plan per request. Every figure is the evaluation's ([`super::evaluate`]),
//! never re-added.

use super::compute::results_by_year;
use super::model::{Plan, SourceKind};
use crate::finding::Severity;
use crate::units::Kroner;

/// The figures of one plan version that the overview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// The job target of the plan's year (the job table's column for the year).
    pub target_year: i64,
    /// The job target of the whole period (the job table's total).
    pub target_period: i64,
    /// Jobs achieved (new plus secured) as the plan's section 1.1 records them.
    pub achieved: i64,
    /// *Samlet kostnad*.
    pub total_cost: Kroner,
    /// The financing split by kind of source; `None` when the financing has errors.
    pub financing: Option<FinancingSplit>,
    /// Findings of severity error.
    pub errors: i64,
    /// Findings of severity warning.
    pub warnings: i64,
}

/// The financing table's amounts summed per kind of source (a source without a kind
/// counts as `other`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FinancingSplit {
    pub state: Kroner,
    pub county: Kroner,
    pub municipality: Kroner,
    pub other: Kroner,
}

impl std::ops::Add for FinancingSplit {
    type Output = FinancingSplit;

    /// Adds another split (the overview's sums).
    fn add(self, other: FinancingSplit) -> FinancingSplit {
        FinancingSplit {
            state: self.state + other.state,
            county: self.county + other.county,
            municipality: self.municipality + other.municipality,
            other: self.other + other.other,
        }
    }
}

/// Evaluates `plan` and keeps what the overview shows.
pub fn summarize(plan: &Plan) -> Summary {
    let evaluation = super::evaluate(plan);
    let count = |severity: Severity| {
        evaluation
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count() as i64
    };
    let financing = evaluation.totals.financing.as_ref().map(|lines| {
        let mut split = FinancingSplit::default();
        // One line per source, in the plan's order (see `compute::totals`).
        for (source, line) in plan.financing.iter().zip(lines) {
            let slot = match source.kind {
                Some(SourceKind::State) => &mut split.state,
                Some(SourceKind::County) => &mut split.county,
                Some(SourceKind::Municipality) => &mut split.municipality,
                Some(SourceKind::Other) | None => &mut split.other,
            };
            *slot = *slot + line.amount;
        }
        split
    });
    Summary {
        target_year: evaluation.totals.jobs.this_year,
        target_period: evaluation.totals.jobs.total,
        achieved: results_by_year(plan)
            .iter()
            .map(|year| year.total.achieved())
            .fold(0, i64::saturating_add),
        total_cost: evaluation.totals.total_cost,
        financing,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::Syntax;

    #[test]
    fn the_fjordvik_plan_summarizes_as_its_check_says() {
        let text = include_str!("../../../../../shared/fixtures/fjordvik-2027.json");
        let plan = super::super::file::read(text, Syntax::Json).expect("fixture reads");
        let evaluation = super::super::evaluate(&plan);
        let summary = summarize(&plan);
        assert_eq!(summary.total_cost, evaluation.totals.total_cost);
        assert_eq!(summary.target_year, evaluation.totals.jobs.this_year);
        assert_eq!(summary.target_period, evaluation.totals.jobs.total);
        let (errors, warnings, _) = evaluation.counts();
        assert_eq!(
            (summary.errors, summary.warnings),
            (errors as i64, warnings as i64)
        );
        let split = summary
            .financing
            .expect("the fixture's financing has no errors");
        let lines = evaluation.totals.financing.expect("financing");
        assert_eq!(
            Kroner::sum([split.state, split.county, split.municipality, split.other]),
            Kroner::sum(lines.iter().map(|l| l.amount))
        );
        assert!(split.state.0 > 0 && split.municipality.0 > 0);
    }
}
