//! The check `results-registry-differs` (warning): a draft's `previous_results.records`
//! differ from what the registry now gives. Pure: the edge fetches the rows, sums them
//! with [`super::aggregate`] and hands the records here with the plan.

use std::collections::BTreeMap;

use super::area_key;
use crate::finding::{Code, FieldPath, Finding};
use crate::handlingsplan::model::{Language, Plan, ResultRecord};

/// The four figures of a record, a missing figure counted as 0.
type Figures = [i64; 4];

fn figures(record: &ResultRecord) -> Figures {
    [
        record.new_jobs.unwrap_or(0),
        record.secured_jobs.unwrap_or(0),
        record.projects_completed.unwrap_or(0),
        record.applications_granted.unwrap_or(0),
    ]
}

/// The records by (year, area compared trimmed and case-insensitively). Records of the
/// same pair are added up, as the document's 1.1 tables do.
fn by_pair(records: &[ResultRecord]) -> BTreeMap<(i32, String), (String, Figures)> {
    let mut out: BTreeMap<(i32, String), (String, Figures)> = BTreeMap::new();
    for record in records {
        let entry = out
            .entry((record.year, area_key(&record.focus_area)))
            .or_insert_with(|| (record.focus_area.trim().to_owned(), [0; 4]));
        for (sum, value) in entry.1.iter_mut().zip(figures(record)) {
            *sum = sum.saturating_add(value);
        }
    }
    out
}

/// The warning when the plan's records are not the registry's `registry` records (the
/// sums of [`super::aggregate`] for the plan's year). Order does not matter, nor a
/// missing figure against 0. When the registry gives no records (it is not in use for
/// the years before the plan) there is nothing to compare and no finding.
pub fn registry_differs(plan: &Plan, registry: &[ResultRecord]) -> Option<Finding> {
    if registry.is_empty() {
        return None;
    }
    let stated = by_pair(
        plan.previous_results
            .as_ref()
            .map_or(&[][..], |p| p.records.as_slice()),
    );
    let computed = by_pair(registry);
    let same = stated.len() == computed.len()
        && stated
            .iter()
            .all(|(key, (_, figures))| computed.get(key).map(|v| v.1) == Some(*figures));
    if same {
        return None;
    }
    // The first (year, area) that differs, for the message.
    let pair = stated
        .keys()
        .chain(computed.keys())
        .filter(|key| stated.get(*key).map(|v| v.1) != computed.get(*key).map(|v| v.1))
        .min()
        .cloned();
    let detail = pair
        .map(|key| {
            let name = computed
                .get(&key)
                .or_else(|| stated.get(&key))
                .map(|v| v.0.clone())
                .unwrap_or_default();
            let shown = |figures: Option<&(String, Figures)>| match figures {
                None => match plan.language {
                    Language::Bokmal => "ingen rad".to_owned(),
                    Language::Nynorsk => "inga rad".to_owned(),
                },
                Some((_, [new, secured, projects, applications])) => {
                    format!("{new}/{secured}/{projects}/{applications}")
                }
            };
            match plan.language {
                Language::Bokmal => format!(
                    " (første forskjell: {} {name}: planen har {}, registeret gir {}; \
                     nye og sikrede arbeidsplasser, avsluttede prosjekter, innvilgede søknader)",
                    key.0,
                    shown(stated.get(&key)),
                    shown(computed.get(&key))
                ),
                Language::Nynorsk => format!(
                    " (første skilnad: {} {name}: planen har {}, registeret gir {}; \
                     nye og sikra arbeidsplassar, avslutta prosjekt, innvilga søknader)",
                    key.0,
                    shown(stated.get(&key)),
                    shown(computed.get(&key))
                ),
            }
        })
        .unwrap_or_default();
    let message = match plan.language {
        Language::Bokmal => format!(
            "Resultatene i 1.1 er ikke de samme som resultatregisteret gir nå{detail}. \
             Trykk «Hent resultater fra registeret» og lagre, eller la tallene stå om de \
             er rettet med vilje."
        ),
        Language::Nynorsk => format!(
            "Resultata i 1.1 er ikkje dei same som resultatregisteret gir no{detail}. \
             Trykk «Hent resultat frå registeret» og lagre, eller la tala stå om dei er \
             retta med vilje."
        ),
    };
    Some(Finding::new(
        Code::ResultsRegistryDiffers,
        FieldPath::root("previous_results").field("records"),
        message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlingsplan::model::PreviousResults;

    fn record(year: i32, area: &str, new_jobs: Option<i64>) -> ResultRecord {
        ResultRecord {
            year,
            focus_area: area.to_owned(),
            new_jobs,
            secured_jobs: Some(0),
            projects_completed: None,
            applications_granted: Some(0),
        }
    }

    fn plan_with(records: Vec<ResultRecord>, language: Language) -> Plan {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/fjordvik-2027.json"
        ))
        .expect("fixture");
        let mut plan =
            crate::handlingsplan::file::read(&text, crate::reader::Syntax::Json).expect("plan");
        plan.language = language;
        plan.previous_results = Some(PreviousResults {
            summary: None,
            records,
        });
        plan
    }

    #[test]
    fn equal_records_in_any_order_and_spelling_give_nothing() {
        let plan = plan_with(
            vec![
                record(2026, "bærekraft ", Some(2)),
                record(2025, "Reiseliv", None),
            ],
            Language::Bokmal,
        );
        let registry = vec![
            record(2025, "Reiseliv", Some(0)),
            record(2026, "Bærekraft", Some(2)),
        ];
        assert_eq!(registry_differs(&plan, &registry), None);
        // An empty registry is not compared.
        assert_eq!(registry_differs(&plan, &[]), None);
    }

    #[test]
    fn a_changed_figure_or_a_missing_record_warns_in_the_plans_language() {
        let registry = vec![record(2025, "Reiseliv", Some(3))];
        let plan = plan_with(vec![record(2025, "Reiseliv", Some(2))], Language::Bokmal);
        let finding = registry_differs(&plan, &registry).expect("differs");
        assert_eq!(finding.code.as_str(), "results-registry-differs");
        assert_eq!(finding.severity, crate::finding::Severity::Warning);
        assert_eq!(finding.path.as_str(), "previous_results.records");
        assert!(
            finding.message.contains("2025 Reiseliv"),
            "{}",
            finding.message
        );
        assert!(
            finding
                .message
                .contains("planen har 2/0/0/0, registeret gir 3/0/0/0")
        );

        let empty = plan_with(Vec::new(), Language::Nynorsk);
        let finding = registry_differs(&empty, &registry).expect("differs");
        assert!(
            finding.message.contains("planen har inga rad"),
            "{}",
            finding.message
        );
        assert!(finding.message.contains("Hent resultat frå registeret"));
    }
}
