//! Shared by the import tests: the shared fixtures, rendering through `render`'s public
//! DOCX entry point, and the spec §4 comparison with its exceptions.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use plan::{Severity, Syntax};

use plan::handlingsplan::Plan;

pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Every readable plan file below `../shared/fixtures`, sorted.
pub fn fixture_plans() -> Vec<(PathBuf, Plan)> {
    let mut found = Vec::new();
    let mut stack = vec![shared().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture dir") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if name.ends_with(".expected.json") {
                continue;
            }
            let Some(syntax) = Syntax::from_path(&name) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).expect("read fixture");
            if let Ok(plan) = plan::handlingsplan::file::read(&text, syntax) {
                found.push((path, plan));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The plan as this project's DOCX.
pub fn docx(plan: &Plan) -> Vec<u8> {
    let evaluation = plan::handlingsplan::evaluate(plan);
    let document = render::handlingsplan::document(plan, &evaluation, &render::Options::default());
    render::docx(&document).expect("renders")
}

/// Whether spec §4 promises a round trip: no errors and no template placeholders.
pub fn round_trips(plan: &Plan) -> bool {
    let evaluation = plan::handlingsplan::evaluate(plan);
    !evaluation
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error || f.code.as_str() == "placeholder-text")
}

fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn text(value: &mut Option<String>) {
    *value = value.as_deref().map(collapse).filter(|t| !t.is_empty());
}

/// Whether a financing source's name tells its kind (spec §2).
fn name_tells_kind(source: &str) -> bool {
    let k = source.to_lowercase();
    k.split(|c: char| !c.is_alphanumeric()).any(|w| w == "kdd")
        || k.contains("departement")
        || k.contains("staten")
        || k.contains("kommune")
}

/// Both plans brought to what a document shows (spec §4's exceptions), texts with
/// white space collapsed.
pub fn comparable(original: &Plan, imported: &Plan) -> (Plan, Plan) {
    let mut a = original.clone();
    let mut b = imported.clone();
    for plan in [&mut a, &mut b] {
        plan.programme.county = None;
        plan.programme.jobs_goal = None;
        plan.programme.name = collapse(&plan.programme.name);
        plan.programme.area = collapse(&plan.programme.area);
        text(&mut plan.programme.vision);
        for area in &mut plan.focus_areas {
            area.name = collapse(&area.name);
            text(&mut area.description);
            text(&mut area.impact_goal);
            text(&mut area.result_goal);
            for strategy in &mut area.strategies {
                strategy.name = collapse(&strategy.name);
                text(&mut strategy.content);
                for project in &mut strategy.projects {
                    project.name = collapse(&project.name);
                    text(&mut project.goal);
                }
            }
        }
        if let Some(results) = &mut plan.previous_results {
            text(&mut results.summary);
            for record in &mut results.records {
                record.projects_completed = None;
                record.applications_granted = None;
                record.focus_area = collapse(&record.focus_area);
            }
            results
                .records
                .sort_by(|x, y| (x.year, &x.focus_area).cmp(&(y.year, &y.focus_area)));
        }
        if plan
            .previous_results
            .as_ref()
            .is_some_and(|r| r.summary.is_none() && r.records.is_empty())
        {
            plan.previous_results = None;
        }
        if let Some(communication) = &mut plan.communication {
            for activity in &mut communication.activities {
                activity.title = collapse(&activity.title);
                text(&mut activity.audience);
                text(&mut activity.channel);
                text(&mut activity.responsible);
            }
        }
        if plan
            .communication
            .as_ref()
            .is_some_and(|c| c.activities.is_empty())
        {
            plan.communication = None;
        }
        for source in &mut plan.financing {
            source.source = collapse(&source.source);
        }
    }
    if original.approval.board.is_none() {
        b.programme.name = a.programme.name.clone();
    }
    for (x, y) in a.financing.iter_mut().zip(b.financing.iter_mut()) {
        if x.kind.is_none() || !name_tells_kind(&x.source) {
            x.kind = None;
            y.kind = None;
        }
    }
    (a, b)
}
