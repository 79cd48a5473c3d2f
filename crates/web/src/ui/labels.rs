//! Readable names of form fields, for the version diff and the conflict dialog:
//! `focus_areas[0].strategies[1].projects[2].budget` → «Innsatsområde 1 (Nytt næringsliv) ›
//! Strategi B › Prosjekt 3 (Gründernettverk) › Budsjett (kr)».

use super::fields::Fields;
use super::texts::Texts;

/// The readable name of a field path; `fields` supplies the names of areas and projects.
pub fn label(path: &str, fields: &Fields, t: &Texts) -> String {
    let op = super::form::omstillingsplan::op_texts(t);
    let mut parts = Vec::new();
    let mut prefix = String::new();
    for segment in path.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(segment);
        let word = match name {
            "programme" | "previous_results" | "communication" | "period" | "goals" => None,
            // The Omstillingsplan's own fields.
            "background" => Some(op.background),
            "main" => Some(op.goal_main),
            "robustness" => Some(op.goal_robustness),
            "development" => Some(op.goal_development),
            "frame" => Some(op.frame),
            "organisation" => Some(op.organisation),
            "communication_strategy" => Some(op.communication_strategy),
            "focus_areas" => Some(t.focus_area),
            "strategies" => Some(t.strategy),
            "projects" => Some(t.project),
            "financing" => Some(t.source),
            "records" => Some(t.result_record),
            "activities" => Some(t.activity),
            "name" => Some(t.area_name),
            "area" => Some(t.programme_area),
            "county" => Some(t.county),
            "vision" => Some(t.vision),
            "from" => Some(t.period_from),
            "to" => Some(t.period_to),
            "jobs_goal" => Some(t.jobs_goal),
            "year" => Some(t.year),
            "language" => Some(t.plan_language),
            "description" => Some(t.description),
            "impact_goal" => Some(t.impact_goal),
            "result_goal" => Some(t.result_goal),
            "has_job_targets" => Some(t.has_job_targets),
            "job_targets" => Some(t.job_targets),
            "content" => Some(t.strategy_content),
            "sdg" => Some(t.sdg),
            "goal" => Some(t.project_goal),
            "budget" => Some(t.budget),
            "grant_funds" => Some(t.grant_funds),
            "programme_resources" => Some(t.programme_resources),
            "admin_costs" => Some(t.admin_costs),
            "source" => Some(t.source),
            "kind" => Some(t.source_kind),
            "share" => Some(t.share),
            "amount" => Some(t.amount),
            "summary" => Some(t.results_summary),
            "focus_area" => Some(t.focus_area),
            "new_jobs" => Some(t.new_jobs),
            "secured_jobs" => Some(t.secured_jobs),
            "projects_completed" => Some(t.projects_completed),
            "applications_granted" => Some(t.applications_granted),
            "month" => Some(t.month),
            "title" => Some(t.title),
            "audience" => Some(t.audience),
            "channel" => Some(t.channel),
            "responsible" => Some(t.responsible),
            // The decisions (the Omstillingsplan's version diff).
            "approval" => Some(in_page(t, "Behandling", "Handsaming")),
            "board" => Some(in_page(t, "Styret", "Styret")),
            "council" => Some(in_page(t, "Kommunestyret", "Kommunestyret")),
            other if other.parse::<i32>().is_ok() => {
                parts.push(other.to_owned());
                continue;
            }
            _ => Some(name),
        };
        let Some(word) = word else { continue };
        match index {
            Some(i) => {
                let item_name = fields
                    .get(&format!("{prefix}.name"))
                    .or_else(|| fields.get(&format!("{prefix}.source")))
                    .or_else(|| fields.get(&format!("{prefix}.title")))
                    .filter(|n| !n.trim().is_empty());
                match item_name {
                    Some(n) => parts.push(format!("{word} {} ({n})", i + 1)),
                    None => parts.push(format!("{word} {}", i + 1)),
                }
            }
            None if name == "name" && parts.is_empty() => parts.push(t.programme_name.to_owned()),
            None if name == "name" => parts.push(t.title.to_owned()),
            None => parts.push(word.to_owned()),
        }
    }
    parts.join(" › ")
}

/// A word in the page's målform.
fn in_page(t: &Texts, nb: &'static str, nn: &'static str) -> &'static str {
    if t.lang == "nn" { nn } else { nb }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::texts::NB;

    #[test]
    fn labels_name_the_items() {
        let mut fields = Fields::new();
        fields.insert("focus_areas[0].name".into(), "Nytt næringsliv".into());
        assert_eq!(
            label(
                "focus_areas[0].strategies[1].projects[2].budget",
                &fields,
                &NB
            ),
            "Innsatsområde 1 (Nytt næringsliv) › Strategi 2 › Prosjekt 3 › Budsjett (kr)"
        );
        assert_eq!(
            label("focus_areas[0].job_targets.2027", &fields, &NB),
            "Innsatsområde 1 (Nytt næringsliv) › Arbeidsplassmål per år › 2027"
        );
        assert_eq!(label("programme.name", &fields, &NB), "Programmets navn");
        assert_eq!(
            label("focus_areas[0].frame.2027", &fields, &NB),
            "Innsatsområde 1 (Nytt næringsliv) › Økonomisk ramme per år (kr) › 2027"
        );
        assert_eq!(
            label("goals.robustness", &fields, &crate::ui::texts::NN),
            "Delmål for robustheit"
        );
        assert_eq!(
            label("admin_costs", &fields, &NB),
            "Administrative kostnader til programledelse (kr)"
        );
    }

    #[test]
    fn labels_name_the_omstillingsplan_fields() {
        let mut fields = Fields::new();
        fields.insert("focus_areas[1].name".into(), "Reiseliv".into());
        assert_eq!(
            label("focus_areas[1].frame.2027", &fields, &NB),
            "Innsatsområde 2 (Reiseliv) › Økonomisk ramme per år (kr) › 2027"
        );
        assert_eq!(label("goals.main", &fields, &NB), "Hovedmål");
        assert_eq!(
            label("goals.main", &fields, &crate::ui::texts::NN),
            "Hovudmål"
        );
        assert_eq!(
            label("approval.council", &fields, &NB),
            "Behandling › Kommunestyret"
        );
    }
}
