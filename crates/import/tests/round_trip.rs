//! Spec §4: a document this project rendered from a plan without errors and without
//! template placeholders imports back to the plan it came from (with the spec's
//! exceptions). Every shared fixture plan goes through `render::docx` and back; plans
//! outside that promise must still import without a panic and keep their areas.

mod common;

use common::{comparable, docx, fixture_plans, round_trips};

#[test]
fn every_shared_fixture_plan_imports_back_from_our_docx() {
    let plans = fixture_plans();
    assert!(
        plans.len() >= 15,
        "expected the shared fixture plans, found {}",
        plans.len()
    );
    let mut compared = 0;
    let mut failures = Vec::new();
    for (path, plan) in &plans {
        let bytes = docx(plan);
        let imported = match import::import(&bytes) {
            Ok(imported) => imported,
            Err(error) => {
                failures.push(format!("{}: import failed: {error}", path.display()));
                continue;
            }
        };
        if round_trips(plan) {
            compared += 1;
            let (expected, got) = comparable(plan, &imported.plan);
            if expected != got {
                failures.push(format!(
                    "{}: round trip differs\nexpected: {expected:#?}\ngot: {got:#?}",
                    path.display()
                ));
            }
            let warnings: Vec<_> = imported
                .findings
                .iter()
                .filter(|f| f.severity() != plan::Severity::Info)
                .collect();
            if !warnings.is_empty() {
                failures.push(format!(
                    "{}: our own document gave import warnings: {warnings:#?}",
                    path.display()
                ));
            }
        } else {
            let names = |p: &plan::handlingsplan::Plan| -> Vec<String> {
                p.focus_areas
                    .iter()
                    .map(|a| a.name.trim().to_owned())
                    .collect()
            };
            if names(plan) != names(&imported.plan) {
                failures.push(format!(
                    "{}: areas differ: {:?} vs {:?}",
                    path.display(),
                    names(plan),
                    names(&imported.plan)
                ));
            }
        }
    }
    assert!(compared >= 4, "only {compared} plans were compared in full");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
