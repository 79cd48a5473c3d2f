//! The computed tables beside the editor's inputs, exactly as the document shows them
//! (the `render` crate's tables, in the plan's language), and the findings panel. The
//! page embeds these fragments and the live check replaces them as the user types.

use askama::Template;
use plan::handlingsplan::Plan;
use plan::{Evaluation, Severity};
use render::document::TableRole;

use super::at_field;
use super::fields::Fields;
use super::texts::Texts;

/// A finding as the panel shows it, with the id of its input.
#[derive(Debug, Clone)]
pub struct FindingView {
    pub severity: &'static str,
    pub severity_text: &'static str,
    pub message: String,
    pub href: Option<String>,
    /// A one-click fix posted with the editor's form ("Legg den til", issue 12).
    pub action: Option<at_field::Action>,
}

#[derive(Template, Debug)]
#[template(path = "computed/findings.html")]
pub struct FindingsPanel<'a> {
    pub t: &'a Texts,
    pub findings: Vec<FindingView>,
    pub counts: String,
    /// A note above the findings (the programme has no Omstillingsplan to check against).
    pub note: Option<&'a str>,
}

/// The HTML of every live region of the editor, by element id: the document's own
/// tables (from `render`, so they read exactly as in the document) and the findings.
pub fn fragments(
    plan: &Plan,
    evaluation: &Evaluation,
    fields: &Fields,
    t: &Texts,
) -> Vec<(String, String)> {
    let document = render::handlingsplan::document(plan, evaluation, &render::Options::default());
    let mut out = Vec::new();
    let mut area = 0;
    let mut financing = false;
    for table in document.tables() {
        let id = match table.role {
            TableRole::JobTargets => "computed-jobs".to_owned(),
            TableRole::Strategies => {
                area += 1;
                format!("computed-area-{}", area - 1)
            }
            TableRole::Resources => "computed-resources".to_owned(),
            TableRole::Financing => {
                financing = true;
                "computed-financing".to_owned()
            }
            _ => continue,
        };
        out.push((id, render::html::table(table)));
    }
    if !financing {
        let catalogue = render::text::catalogue(plan.language);
        let text = if evaluation.totals.financing.is_none() {
            catalogue.financing_unavailable
        } else {
            catalogue.financing_empty
        };
        out.push((
            "computed-financing".to_owned(),
            format!(
                "<p class=\"alert alert--warning\">{}</p>",
                render::html::escape(text)
            ),
        ));
    }
    out.push((
        "findings-panel".into(),
        findings_panel(plan, evaluation, fields, t),
    ));
    out
}

/// The findings in the page's language (the plan's own language is for the document):
/// the check run again on the plan told to speak the page's language. Findings the check
/// does not make itself (the results registry's) keep their text.
pub fn findings_in(plan: &Plan, evaluation: &Evaluation, t: &Texts) -> Vec<plan::Finding> {
    let std::borrow::Cow::Owned(spoken) = in_page_language(plan, t) else {
        return evaluation.findings.clone();
    };
    let mut findings = plan::handlingsplan::evaluate(&spoken).findings;
    // Only the check's own findings are replaced: several added ones may share a code and
    // a path (two strategies missing from one area), and each is kept.
    let own = findings.len();
    for finding in &evaluation.findings {
        if !findings[..own]
            .iter()
            .any(|f| f.code == finding.code && f.path == finding.path)
        {
            findings.push(finding.clone());
        }
    }
    findings
}

/// The plan as the page speaks it: the same content with the page's målform, so a finding
/// made from it (the results registry's warning) reads in the page's language.
pub fn in_page_language<'a>(plan: &'a Plan, t: &Texts) -> std::borrow::Cow<'a, Plan> {
    let language = super::page_language(t);
    if plan.language == language {
        std::borrow::Cow::Borrowed(plan)
    } else {
        let mut spoken = plan.clone();
        spoken.language = language;
        std::borrow::Cow::Owned(spoken)
    }
}

/// The findings panel: every finding with a link to its input.
pub fn findings_panel(plan: &Plan, evaluation: &Evaluation, fields: &Fields, t: &Texts) -> String {
    findings_panel_with(plan, evaluation, fields, t, None)
}

/// The findings panel with a note above the findings.
pub fn findings_panel_with(
    plan: &Plan,
    evaluation: &Evaluation,
    fields: &Fields,
    t: &Texts,
    note: Option<&str>,
) -> String {
    panel(&findings_in(plan, evaluation, t), fields, t, note)
}

/// The findings panel of any kind: `findings` (already in the page's language), each with
/// a link to its input, and the note above them.
pub fn panel(spoken: &[plan::Finding], fields: &Fields, t: &Texts, note: Option<&str>) -> String {
    let findings = finding_views(spoken, fields, t);
    let count = |s: Severity| spoken.iter().filter(|f| f.severity == s).count();
    let counts = findings_counts(
        t,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    FindingsPanel {
        t,
        findings,
        counts,
        note,
    }
    .render()
    .unwrap_or_default()
}

/// "1 feil, 2 advarsler, 1 merknad": each count with the noun in singular or plural.
pub fn findings_counts(t: &Texts, errors: usize, warnings: usize, infos: usize) -> String {
    let counted = |n: usize, one: &str, many: &str| {
        if n == 1 { one } else { many }.replace("{n}", &n.to_string())
    };
    [
        counted(errors, t.count_error_one, t.count_error_many),
        counted(warnings, t.count_warning_one, t.count_warning_many),
        counted(infos, t.count_info_one, t.count_info_many),
    ]
    .join(", ")
}

pub fn finding_views(findings: &[plan::Finding], fields: &Fields, t: &Texts) -> Vec<FindingView> {
    findings
        .iter()
        .enumerate()
        .map(|(i, finding)| FindingView {
            severity: finding.severity.as_str(),
            severity_text: match finding.severity {
                Severity::Error => t.severity_error,
                Severity::Warning => t.severity_warning,
                Severity::Info => t.severity_info,
            },
            message: finding.message.clone(),
            href: at_field::target(fields, finding).map(|target| target.href()),
            action: at_field::action(&findings[..i], finding, t),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::findings_counts;
    use crate::ui::texts::{NB, NN};

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(
            findings_counts(&NB, 1, 1, 1),
            "1 feil, 1 advarsel, 1 merknad"
        );
        assert_eq!(
            findings_counts(&NB, 2, 0, 3),
            "2 feil, 0 advarsler, 3 merknader"
        );
        assert_eq!(
            findings_counts(&NN, 1, 1, 1),
            "1 feil, 1 åtvaring, 1 merknad"
        );
        assert_eq!(
            findings_counts(&NN, 0, 2, 2),
            "0 feil, 2 åtvaringar, 2 merknader"
        );
    }
}
