//! Where in the editor a finding belongs: the input it is about, for every finding code of
//! the spec. Most findings name their field in their path; those about a whole list or a
//! sum (`financing`, `…projects`, `focus_areas`) go to the input the user must change to
//! fix them (a share-sum error to a share, an amount-sum error to an amount). The editor
//! shows each finding at that input as well as in the findings panel, whose "Gå til
//! feltet" links to the same input.
//!
//! Must never: invent a field that is not in the form; the answer is a field path of
//! [`Fields`] or an element id the editor always renders ([`APPROVALS_ID`]).

use std::collections::BTreeMap;

use plan::{Code, Finding, Severity};

use super::fields::{Fields, HAS_JOB_TARGETS, field_for_path, first_field_under, input_id};

/// The id of the approvals heading, where the findings about approval dates point (the
/// dates are not form fields).
pub const APPROVALS_ID: &str = "approval-title";

/// Where a finding points: a field of the form (`Field`) or another element (`Element`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Field(String),
    Element(&'static str),
}

impl Target {
    /// The link to it: `#f-financing-0-share`.
    pub fn href(&self) -> String {
        match self {
            Target::Field(path) => format!("#{}", input_id(path)),
            Target::Element(id) => format!("#{id}"),
        }
    }
}

/// The input (or element) a finding is about.
pub fn target(fields: &Fields, finding: &Finding) -> Option<Target> {
    let path: &str = &finding.path;
    let in_list = |list: &str, field: &str| first_in_list(fields, list, field);
    let found = match finding.code {
        Code::FinancingSharesNot100 => in_list("financing", "share"),
        Code::FinancingNotTotal => in_list("financing", "amount"),
        Code::FinancingMixed => mixed_source(fields).or_else(|| in_list("financing", "share")),
        Code::MunicipalShareLow => in_list("financing", "kind"),
        Code::FinancingMissing => fields
            .contains_key("admin_costs")
            .then(|| "admin_costs".to_owned()),
        Code::NoJobTargets => in_list("focus_areas", HAS_JOB_TARGETS),
        Code::ApprovalOrder => return Some(Target::Element(APPROVALS_ID)),
        Code::StrategyWithoutProjects | Code::AreaWithoutStrategies => {
            // `…strategies[2].projects` → the strategy's name.
            let owner = path.rsplit_once('.').map_or(path, |(owner, _)| owner);
            let name = format!("{owner}.name");
            fields.contains_key(&name).then_some(name)
        }
        Code::PeriodInvalid => ["programme.period.to", "programme.period.from"]
            .into_iter()
            .find(|p| fields.contains_key(*p))
            .map(str::to_owned),
        // Against the Omstillingsplan (issue 12): the area's strategies → its first
        // strategy's name (else the area's name); every area → the first area's name; the
        // job targets → the first year's input (else the area's checkbox); the area's
        // frame → its søkbare midler; the programme's frame → the administration costs.
        Code::OpStrategyMissing | Code::OpStrategyOrder => {
            let area = path.strip_suffix(".strategies").unwrap_or(path);
            first_in_list(fields, &format!("{area}.strategies"), "name").or_else(|| {
                let name = format!("{area}.name");
                fields.contains_key(&name).then_some(name)
            })
        }
        Code::OpAreaMissing => in_list("focus_areas", "name"),
        Code::OpJobTargetsDiffer => first_field_under(fields, path).or_else(|| {
            let area = path.strip_suffix(".job_targets").unwrap_or(path);
            let checkbox = format!("{area}.{HAS_JOB_TARGETS}");
            fields.contains_key(&checkbox).then_some(checkbox)
        }),
        Code::OpFrameExceeded => {
            let grant = format!("{path}.grant_funds");
            fields.contains_key(&grant).then_some(grant)
        }
        Code::OpTotalFrameExceeded => fields
            .contains_key("admin_costs")
            .then(|| "admin_costs".to_owned()),
        _ => None,
    };
    found
        .or_else(|| field_for_path(fields, path))
        .map(Target::Field)
}

/// A button beside a finding in the panel that fixes it in one click: the editor form's
/// `op` and the button's text. `op-strategy-missing` gets "Legg den til" (the strategy from
/// the Omstillingsplan, [`super::ops::Op::AddMissingStrategy`]); `earlier` are the findings
/// listed before this one (the n-th missing strategy of an area is the n-th such finding).
pub fn action(earlier: &[Finding], finding: &Finding, t: &super::texts::Texts) -> Option<Action> {
    if finding.code != Code::OpStrategyMissing {
        return None;
    }
    let path: &str = &finding.path;
    let area = path
        .strip_prefix("focus_areas[")?
        .strip_suffix("].strategies")?
        .parse()
        .ok()?;
    let nth = earlier
        .iter()
        .filter(|f| f.code == finding.code && f.path == finding.path)
        .count();
    Some(Action {
        op: super::ops::add_missing_strategy_value(area, nth),
        label: if t.lang == "nn" {
            "Legg han til"
        } else {
            "Legg den til"
        },
    })
}

/// A finding's one-click fix ([`action`]).
#[derive(Debug, Clone)]
pub struct Action {
    /// The value of the `op` the button posts with the editor's form.
    pub op: String,
    pub label: &'static str,
}

/// The findings to show at each input, by field path; several about one field are shown
/// together, with the most severe one's look.
pub fn at_fields(fields: &Fields, findings: &[Finding]) -> BTreeMap<String, FieldFinding> {
    let mut out: BTreeMap<String, FieldFinding> = BTreeMap::new();
    let rank = |s: &str| match s {
        "error" => 2,
        "warning" => 1,
        _ => 0,
    };
    for finding in findings {
        if let Some(Target::Field(path)) = target(fields, finding) {
            let severity = finding.severity.as_str();
            out.entry(path)
                .and_modify(|shown| {
                    shown.message.push(' ');
                    shown.message.push_str(&finding.message);
                    if rank(severity) > rank(shown.severity) {
                        shown.severity = severity;
                    }
                    shown.error |= finding.severity == Severity::Error;
                })
                .or_insert_with(|| FieldFinding {
                    severity,
                    message: finding.message.clone(),
                    error: finding.severity == Severity::Error,
                });
        }
    }
    out
}

/// A finding shown under its input.
#[derive(Debug, Clone)]
pub struct FieldFinding {
    /// `error`, `warning` or `info` (the CSS modifier).
    pub severity: &'static str,
    pub message: String,
    pub error: bool,
}

/// The first `list[i].field` of the form, in the list's order.
fn first_in_list(fields: &Fields, list: &str, field: &str) -> Option<String> {
    super::fields::indices(fields, list)
        .into_iter()
        .map(|i| format!("{list}[{i}].{field}"))
        .find(|p| fields.contains_key(p))
}

/// The first source whose share and amount disagree with the first source's choice (both
/// or neither filled in, or the other one of the two).
fn mixed_source(fields: &Fields) -> Option<String> {
    let filled = |p: String| fields.get(&p).is_some_and(|v| !v.trim().is_empty());
    let sources = super::fields::indices(fields, "financing");
    let kind = |i: usize| {
        (
            filled(format!("financing[{i}].share")),
            filled(format!("financing[{i}].amount")),
        )
    };
    let first = kind(*sources.first()?);
    for i in &sources {
        let (share, amount) = kind(*i);
        if share == amount {
            return Some(format!("financing[{i}].share"));
        }
        if (share, amount) != first {
            return Some(format!(
                "financing[{i}].{}",
                if share { "share" } else { "amount" }
            ));
        }
    }
    None
}
