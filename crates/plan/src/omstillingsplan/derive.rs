//! Yearly plans made from the Omstillingsplan (§5): a new year's plan, and the
//! strategies a plan lacks added in the Omstillingsplan's order.

use super::model::Omstillingsplan;
use crate::common::{Approval, same_name};
use crate::handlingsplan::{FinancingSource, FocusArea, Plan, SourceKind, Strategy};
use crate::units::{Kroner, Share};

/// The yearly plan for `year` made from the Omstillingsplan: the programme, every area
/// with its texts and job targets, every strategy with its content and SDG and no
/// projects, and the standard financing (state 50 %, county 25 %, municipality 25 %,
/// named after `programme.county` and `programme.area` when set). Checked against the
/// same Omstillingsplan it has no `op-` finding other than `op-not-adopted`.
pub fn yearly_plan(omstillingsplan: &Omstillingsplan, year: i32) -> Plan {
    let programme = omstillingsplan.programme.clone();
    let language = omstillingsplan.language;
    let county = match programme.county.as_deref().map(str::trim) {
        Some(county) if !county.is_empty() => language
            .pick("{county} fylkeskommune", "{county} fylkeskommune")
            .replace("{county}", county),
        _ => "Fylkeskommunen".to_string(),
    };
    let municipality = match programme.area.trim() {
        "" => "Kommunen".to_string(),
        area => area.to_string(),
    };
    let source = |name: String, kind: SourceKind, percent: i64| FinancingSource {
        source: name,
        kind: Some(kind),
        share: Some(Share::from_hundredths(percent * 100)),
        amount: None,
    };
    Plan {
        language,
        programme,
        year,
        approval: Approval::default(),
        focus_areas: omstillingsplan
            .focus_areas
            .iter()
            .map(|area| FocusArea {
                name: area.name.clone(),
                description: area.description.clone(),
                impact_goal: area.impact_goal.clone(),
                result_goal: area.result_goal.clone(),
                job_targets: area.job_targets.clone(),
                strategies: area.strategies.iter().map(empty_strategy).collect(),
                grant_funds: Kroner(0),
                programme_resources: Kroner(0),
            })
            .collect(),
        admin_costs: Kroner(0),
        financing: vec![
            source("KDD".to_string(), SourceKind::State, 50),
            source(county, SourceKind::County, 25),
            source(municipality, SourceKind::Municipality, 25),
        ],
        previous_results: None,
        communication: None,
    }
}

fn empty_strategy(strategy: &super::model::Strategy) -> Strategy {
    Strategy {
        name: strategy.name.clone(),
        content: strategy.content.clone(),
        sdg: strategy.sdg,
        projects: Vec::new(),
    }
}

/// Adds to each plan area the strategies its matching Omstillingsplan area has and it
/// lacks, empty, each placed after the strategy that precedes it in the
/// Omstillingsplan (so the Omstillingsplan's order is kept). Returns how many were
/// added. Areas without a match are left alone.
pub fn add_missing_strategies(plan: &mut Plan, omstillingsplan: &Omstillingsplan) -> usize {
    let mut added = 0;
    for area in &mut plan.focus_areas {
        if let Some((_, op_area)) = super::against::matching_area(omstillingsplan, &area.name) {
            added += add_to_area(area, op_area, None).len();
        }
    }
    added
}

/// Adds to plan area `area` the `nth` (from 0) of the strategies its matching
/// Omstillingsplan area has and it lacks, counted in the Omstillingsplan's order (the
/// order of its `op-strategy-missing` findings), empty and placed as
/// [`add_missing_strategies`] places it. Returns the new strategy's index in the area;
/// `None` when the area has no match or lacks fewer strategies.
pub fn add_missing_strategy(
    plan: &mut Plan,
    omstillingsplan: &Omstillingsplan,
    area: usize,
    nth: usize,
) -> Option<usize> {
    let area = plan.focus_areas.get_mut(area)?;
    let (_, op_area) = super::against::matching_area(omstillingsplan, &area.name)?;
    add_to_area(area, op_area, Some(nth)).first().copied()
}

/// Adds the missing strategies of `op_area` to `area` (only the `only`-th missing one when
/// given); returns where each went.
fn add_to_area(
    area: &mut FocusArea,
    op_area: &super::model::FocusArea,
    only: Option<usize>,
) -> Vec<usize> {
    let mut added = Vec::new();
    let mut insert_at = 0;
    let mut missing = 0;
    for op_strategy in &op_area.strategies {
        match area
            .strategies
            .iter()
            .position(|s| same_name(&s.name, &op_strategy.name))
        {
            Some(found) => insert_at = insert_at.max(found + 1),
            None => {
                if only.is_none_or(|n| n == missing) {
                    area.strategies
                        .insert(insert_at, empty_strategy(op_strategy));
                    added.push(insert_at);
                    insert_at += 1;
                }
                missing += 1;
            }
        }
    }
    added
}

/// Next year's plan (§5): `year + 1`, no decisions, everything else kept; with an
/// Omstillingsplan, its strategies the plan lacks are added. `None` when `year + 1`
/// is outside the plan's period (or the Omstillingsplan's).
pub fn next_year(plan: &Plan, omstillingsplan: Option<&Omstillingsplan>) -> Option<Plan> {
    let year = plan.year.checked_add(1)?;
    if !plan.programme.period.contains(year)
        || omstillingsplan.is_some_and(|op| !op.programme.period.contains(year))
    {
        return None;
    }
    let mut next = plan.next_year();
    if let Some(op) = omstillingsplan {
        add_missing_strategies(&mut next, op);
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    const FJORDVIK: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/omstillingsplan-fixtures/fjordvik.op.json"
    ));

    fn missing(plan: &Plan, op: &Omstillingsplan) -> Vec<String> {
        let evaluation = crate::handlingsplan::evaluate(plan);
        super::super::against::check_against(plan, &evaluation.totals, op)
            .into_iter()
            .filter(|f| f.code == Code::OpStrategyMissing)
            .map(|f| f.path.to_string())
            .collect()
    }

    #[test]
    fn one_missing_strategy_is_added_in_its_place() {
        let op = super::super::file::read(FJORDVIK, crate::Syntax::Json).unwrap();
        let mut plan = yearly_plan(&op, 2027);
        let names = |plan: &Plan| -> Vec<String> {
            plan.focus_areas[0]
                .strategies
                .iter()
                .map(|s| s.name.clone())
                .collect()
        };
        let all = names(&plan);
        assert_eq!(all.len(), 3, "{all:?}");
        // Drop the first and the last: two findings on area 0, in the Omstillingsplan's order.
        plan.focus_areas[0].strategies.remove(2);
        plan.focus_areas[0].strategies.remove(0);
        assert_eq!(missing(&plan, &op), ["focus_areas[0].strategies"; 2]);
        // The second missing one (the last) goes after the one kept.
        assert_eq!(add_missing_strategy(&mut plan, &op, 0, 1), Some(1));
        assert_eq!(names(&plan), [all[1].clone(), all[2].clone()]);
        assert_eq!(
            plan.focus_areas[0].strategies[1].content,
            op.focus_areas[0].strategies[2].content
        );
        assert_eq!(missing(&plan, &op).len(), 1);
        // Nothing beyond what is missing; then the first goes first.
        assert_eq!(add_missing_strategy(&mut plan, &op, 0, 1), None);
        assert_eq!(add_missing_strategy(&mut plan, &op, 0, 0), Some(0));
        assert_eq!(names(&plan), all);
        assert!(missing(&plan, &op).is_empty());
        assert_eq!(add_missing_strategy(&mut plan, &op, 9, 0), None);
    }
}
