//! The editor's form model: a plan as a flat map from field path to the text in its input.
//!
//! The keys are the paths the findings use (`focus_areas[1].strategies[0].projects[2].budget`,
//! `focus_areas[0].job_targets.2027`), so a finding links straight to its input, a posted
//! form merges field by field ([`super::merge`]) and a diff between two versions is a diff of
//! two maps. [`from_plan`] and [`to_plan`] convert by hand, never through serde of the form:
//! every field is parsed on its own and every unreadable field gets its own Norwegian message.
//!
//! The approval dates are not form fields: they are recorded by the approval steps only.

use std::collections::BTreeMap;

use plan::{Approval, Kroner, Language, Period, Programme, Share};

use plan::handlingsplan::{
    Activity, Communication, FinancingSource, FocusArea, Plan, PreviousResults, Project,
    ResultRecord, SourceKind, Strategy,
};

/// The plan as form fields: path → the text of the input.
pub type Fields = BTreeMap<String, String>;

/// The checkbox-like field that says whether an area has job targets (`yes` / `no`).
pub const HAS_JOB_TARGETS: &str = "has_job_targets";

/// A field whose text could not be read, with a message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub bokmal: String,
    pub nynorsk: String,
}

impl FieldError {
    pub fn message(&self, language: Language) -> &str {
        language.pick(&self.bokmal, &self.nynorsk)
    }
}

/// Every field of the plan as the editor shows it. Numbers are plain digits, shares use a
/// decimal comma, optional text that is absent is the empty string.
pub fn from_plan(plan: &Plan) -> Fields {
    let mut fields = Fields::new();
    let mut put = |key: String, value: String| {
        fields.insert(key, value);
    };
    put_front(&mut put, plan.language, &plan.programme);
    put("year".into(), plan.year.to_string());
    for (a, area) in plan.focus_areas.iter().enumerate() {
        let at = format!("focus_areas[{a}]");
        put(format!("{at}.name"), area.name.clone());
        put(format!("{at}.description"), text(&area.description));
        put(format!("{at}.impact_goal"), text(&area.impact_goal));
        put(format!("{at}.result_goal"), text(&area.result_goal));
        put(
            format!("{at}.{HAS_JOB_TARGETS}"),
            if area.job_targets.is_some() {
                "yes"
            } else {
                "no"
            }
            .into(),
        );
        if let Some(targets) = &area.job_targets {
            for (year, jobs) in targets {
                put(format!("{at}.job_targets.{year}"), jobs.to_string());
            }
        }
        for (s, strategy) in area.strategies.iter().enumerate() {
            let st = format!("{at}.strategies[{s}]");
            put(format!("{st}.name"), strategy.name.clone());
            put(format!("{st}.content"), text(&strategy.content));
            put(
                format!("{st}.sdg"),
                strategy.sdg.map(|v| v.to_string()).unwrap_or_default(),
            );
            for (p, project) in strategy.projects.iter().enumerate() {
                let pr = format!("{st}.projects[{p}]");
                put(format!("{pr}.name"), project.name.clone());
                put(format!("{pr}.goal"), text(&project.goal));
                put(format!("{pr}.budget"), project.budget.0.to_string());
            }
        }
        put(format!("{at}.grant_funds"), area.grant_funds.0.to_string());
        put(
            format!("{at}.programme_resources"),
            area.programme_resources.0.to_string(),
        );
    }
    put("admin_costs".into(), plan.admin_costs.0.to_string());
    for (i, source) in plan.financing.iter().enumerate() {
        let at = format!("financing[{i}]");
        put(format!("{at}.source"), source.source.clone());
        put(
            format!("{at}.kind"),
            source.kind.map(SourceKind::code).unwrap_or_default().into(),
        );
        put(
            format!("{at}.share"),
            source
                .share
                .map(|s| s.to_decimal_string().replace('.', ","))
                .unwrap_or_default(),
        );
        put(
            format!("{at}.amount"),
            source.amount.map(|k| k.0.to_string()).unwrap_or_default(),
        );
    }
    if let Some(results) = &plan.previous_results {
        put("previous_results.summary".into(), text(&results.summary));
        for (i, record) in results.records.iter().enumerate() {
            let at = format!("previous_results.records[{i}]");
            put(format!("{at}.year"), record.year.to_string());
            put(format!("{at}.focus_area"), record.focus_area.clone());
            for (field, value) in [
                ("new_jobs", record.new_jobs),
                ("secured_jobs", record.secured_jobs),
                ("projects_completed", record.projects_completed),
                ("applications_granted", record.applications_granted),
            ] {
                put(
                    format!("{at}.{field}"),
                    value.map(|v| v.to_string()).unwrap_or_default(),
                );
            }
        }
    }
    for (i, activity) in plan.activities().iter().enumerate() {
        let at = format!("communication.activities[{i}]");
        put(format!("{at}.month"), activity.month.to_string());
        put(format!("{at}.title"), activity.title.clone());
        put(format!("{at}.audience"), text(&activity.audience));
        put(format!("{at}.channel"), text(&activity.channel));
        put(format!("{at}.responsible"), text(&activity.responsible));
    }
    fields
}

/// Reads the fields back into a plan. Every field that cannot be read gives a
/// [`FieldError`]; all of them are returned together. `approval` is taken as given.
/// Values the checks flag (a negative budget, month 13) are kept: they become findings.
pub fn to_plan(fields: &Fields, approval: Approval) -> Result<Plan, Vec<FieldError>> {
    let mut reader = Reader::new(fields);
    let (language, programme) = reader.front();
    let year = reader.year("year");
    let mut focus_areas = Vec::new();
    for a in indices(fields, "focus_areas") {
        let at = format!("focus_areas[{a}]");
        let job_targets = if reader.get(&format!("{at}.{HAS_JOB_TARGETS}")) == "no" {
            None
        } else {
            Some(reader.per_year(&format!("{at}.job_targets")))
        };
        let mut strategies = Vec::new();
        for s in indices(fields, &format!("{at}.strategies")) {
            let st = format!("{at}.strategies[{s}]");
            let mut projects = Vec::new();
            for p in indices(fields, &format!("{st}.projects")) {
                let pr = format!("{st}.projects[{p}]");
                projects.push(Project {
                    name: reader.required(&format!("{pr}.name")),
                    goal: reader.optional_text(&format!("{pr}.goal")),
                    budget: reader.kroner(&format!("{pr}.budget")),
                });
            }
            strategies.push(Strategy {
                name: reader.required(&format!("{st}.name")),
                content: reader.optional_text(&format!("{st}.content")),
                sdg: reader.optional_integer(&format!("{st}.sdg")),
                projects,
            });
        }
        focus_areas.push(FocusArea {
            name: reader.required(&format!("{at}.name")),
            description: reader.optional_text(&format!("{at}.description")),
            impact_goal: reader.optional_text(&format!("{at}.impact_goal")),
            result_goal: reader.optional_text(&format!("{at}.result_goal")),
            job_targets,
            strategies,
            grant_funds: reader.kroner(&format!("{at}.grant_funds")),
            programme_resources: reader.kroner(&format!("{at}.programme_resources")),
        });
    }
    let admin_costs = reader.kroner("admin_costs");
    let mut financing = Vec::new();
    for i in indices(fields, "financing") {
        let at = format!("financing[{i}]");
        let kind_key = format!("{at}.kind");
        let kind = match reader.get(&kind_key).trim() {
            "" => None,
            code => match SourceKind::from_code(code) {
                Some(kind) => Some(kind),
                None => {
                    reader.error(
                        &kind_key,
                        "Velg en type kilde fra listen.",
                        "Vel ein type kjelde frå lista.",
                    );
                    None
                }
            },
        };
        financing.push(FinancingSource {
            source: reader.required(&format!("{at}.source")),
            kind,
            share: reader.optional_share(&format!("{at}.share")),
            amount: reader.optional_kroner(&format!("{at}.amount")),
        });
    }
    let summary = reader.optional_text("previous_results.summary");
    let mut records = Vec::new();
    for i in indices(fields, "previous_results.records") {
        let at = format!("previous_results.records[{i}]");
        records.push(ResultRecord {
            year: reader.year(&format!("{at}.year")),
            focus_area: reader.required(&format!("{at}.focus_area")),
            new_jobs: reader.optional_integer(&format!("{at}.new_jobs")),
            secured_jobs: reader.optional_integer(&format!("{at}.secured_jobs")),
            projects_completed: reader.optional_integer(&format!("{at}.projects_completed")),
            applications_granted: reader.optional_integer(&format!("{at}.applications_granted")),
        });
    }
    let previous_results =
        (summary.is_some() || !records.is_empty()).then_some(PreviousResults { summary, records });
    let mut activities = Vec::new();
    for i in indices(fields, "communication.activities") {
        let at = format!("communication.activities[{i}]");
        activities.push(Activity {
            month: reader.integer(&format!("{at}.month")),
            title: reader.required(&format!("{at}.title")),
            audience: reader.optional_text(&format!("{at}.audience")),
            channel: reader.optional_text(&format!("{at}.channel")),
            responsible: reader.optional_text(&format!("{at}.responsible")),
        });
    }
    let communication = (!activities.is_empty()).then_some(Communication { activities });
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    Ok(Plan {
        language,
        programme,
        year,
        approval,
        focus_areas,
        admin_costs,
        financing,
        previous_results,
        communication,
    })
}

/// The indices used under a list prefix (`focus_areas` → 0, 1, 3 when those keys
/// exist), ascending. Gaps left by a merge are simply closed up.
pub fn indices(fields: &Fields, list: &str) -> Vec<usize> {
    let prefix = format!("{list}[");
    let mut found = Vec::new();
    for (key, _) in fields.range(prefix.clone()..) {
        let Some(rest) = key.strip_prefix(&prefix) else {
            break;
        };
        if let Some(end) = rest.find(']')
            && let Ok(index) = rest[..end].parse::<usize>()
            && !found.contains(&index)
        {
            found.push(index);
        }
    }
    found.sort_unstable();
    found
}

/// The HTML id of a field's input: `focus_areas[1].budget` → `f-focus_areas-1-budget`.
pub fn input_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    let mut last_dash = true;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
            last_dash = false;
        } else if !last_dash {
            id.push('-');
            last_dash = true;
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// The input a finding's path points at: the path itself when it is a field, else the
/// first field under it (`focus_areas[0].job_targets` → its first year, `financing` →
/// the first source), else the nearest field above it. `None` when nothing matches.
pub fn field_for_path(fields: &Fields, path: &str) -> Option<String> {
    if fields.contains_key(path) {
        return Some(path.to_owned());
    }
    for separator in [".", "["] {
        let prefix = format!("{path}{separator}");
        if let Some((key, _)) = fields.range(prefix.clone()..).next()
            && key.starts_with(&prefix)
        {
            return Some(key.clone());
        }
    }
    let mut shorter = path;
    while let Some(at) = shorter.rfind(['.', '[']) {
        shorter = &shorter[..at];
        if let Some(found) = field_for_path_exact_or_child(fields, shorter) {
            return Some(found);
        }
    }
    None
}

fn field_for_path_exact_or_child(fields: &Fields, path: &str) -> Option<String> {
    if fields.contains_key(path) {
        return Some(path.to_owned());
    }
    first_field_under(fields, path)
}

/// The first field (in key order) below `path`: `{path}.…`.
pub(crate) fn first_field_under(fields: &Fields, path: &str) -> Option<String> {
    let prefix = format!("{path}.");
    fields
        .range(prefix.clone()..)
        .next()
        .filter(|(key, _)| key.starts_with(&prefix))
        .map(|(key, _)| key.clone())
}

/// The fields every kind has at the front: `language` and `programme.*` (the yearly plan
/// and the Omstillingsplan share [`plan::Programme`]).
pub(crate) fn put_front(
    put: &mut impl FnMut(String, String),
    language: Language,
    programme: &Programme,
) {
    put("language".into(), language.code().into());
    put("programme.name".into(), programme.name.clone());
    put("programme.area".into(), programme.area.clone());
    put("programme.county".into(), text(&programme.county));
    put("programme.vision".into(), text(&programme.vision));
    put(
        "programme.period.from".into(),
        programme.period.from.to_string(),
    );
    put(
        "programme.period.to".into(),
        programme.period.to.to_string(),
    );
    put(
        "programme.jobs_goal".into(),
        programme
            .jobs_goal
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
}

pub(crate) fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// Reads fields one by one, collecting a [`FieldError`] for each that cannot be read.
pub(crate) struct Reader<'a> {
    pub(crate) fields: &'a Fields,
    pub(crate) errors: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(fields: &'a Fields) -> Self {
        Reader {
            fields,
            errors: Vec::new(),
        }
    }

    /// `language` and `programme.*` (see [`put_front`]).
    pub(crate) fn front(&mut self) -> (Language, Programme) {
        let language = match self.get("language") {
            "nn" => Language::Nynorsk,
            _ => Language::Bokmal,
        };
        let programme = Programme {
            name: self.required("programme.name"),
            area: self.required("programme.area"),
            county: self.optional_text("programme.county"),
            vision: self.optional_text("programme.vision"),
            period: Period {
                from: self.year("programme.period.from"),
                to: self.year("programme.period.to"),
            },
            jobs_goal: self.optional_integer("programme.jobs_goal"),
        };
        (language, programme)
    }

    /// The numbers under `{prefix}.{year}` (`focus_areas[0].job_targets.2027`); an empty
    /// input leaves its year out.
    pub(crate) fn per_year(&mut self, prefix: &str) -> BTreeMap<i32, i64> {
        let prefix = format!("{prefix}.");
        let mut values = BTreeMap::new();
        let fields = self.fields;
        for (key, _) in fields.range(prefix.clone()..) {
            let Some(year_text) = key.strip_prefix(&prefix) else {
                break;
            };
            let Ok(year) = year_text.parse::<i32>() else {
                continue;
            };
            if let Some(value) = self.optional_integer(key) {
                values.insert(year, value);
            }
        }
        values
    }
}

impl Reader<'_> {
    pub(crate) fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", String::as_str)
    }

    pub(crate) fn error(&mut self, key: &str, bokmal: &str, nynorsk: &str) {
        self.errors.push(FieldError {
            path: key.to_owned(),
            bokmal: bokmal.to_owned(),
            nynorsk: nynorsk.to_owned(),
        });
    }

    pub(crate) fn required(&mut self, key: &str) -> String {
        let value = normalize_text(self.get(key));
        if value.trim().is_empty() {
            self.error(key, "Fyll ut feltet.", "Fyll ut feltet.");
        }
        value
    }

    pub(crate) fn optional_text(&self, key: &str) -> Option<String> {
        let value = normalize_text(self.get(key));
        (!value.is_empty()).then_some(value)
    }

    pub(crate) fn year(&mut self, key: &str) -> i32 {
        let raw = compact_number(self.get(key));
        match raw.parse::<i32>() {
            Ok(year) if (1000..=9999).contains(&year) => year,
            _ => {
                self.error(
                    key,
                    "Skriv et årstall med fire sifre, for eksempel 2027.",
                    "Skriv eit årstal med fire siffer, til dømes 2027.",
                );
                0
            }
        }
    }

    fn parse_integer(&mut self, key: &str) -> Option<Option<i64>> {
        let raw = compact_number(self.get(key));
        if raw.is_empty() {
            return Some(None);
        }
        match raw.parse::<i64>() {
            Ok(value) => Some(Some(value)),
            Err(error)
                if matches!(
                    error.kind(),
                    std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
                ) =>
            {
                self.error(
                    key,
                    "Tallet er for stort. Sjekk at du ikke har skrevet for mange sifre.",
                    "Talet er for stort. Sjekk at du ikkje har skrive for mange siffer.",
                );
                None
            }
            Err(_) => {
                self.error(
                    key,
                    "Skriv et helt tall med bare sifre, for eksempel 250000.",
                    "Skriv eit heilt tal med berre siffer, til dømes 250000.",
                );
                None
            }
        }
    }

    pub(crate) fn integer(&mut self, key: &str) -> i64 {
        match self.parse_integer(key) {
            Some(Some(value)) => value,
            Some(None) => {
                self.error(key, "Fyll ut feltet.", "Fyll ut feltet.");
                0
            }
            None => 0,
        }
    }

    pub(crate) fn optional_integer(&mut self, key: &str) -> Option<i64> {
        self.parse_integer(key).flatten()
    }

    pub(crate) fn kroner(&mut self, key: &str) -> Kroner {
        Kroner(self.optional_integer(key).unwrap_or(0))
    }

    pub(crate) fn optional_kroner(&mut self, key: &str) -> Option<Kroner> {
        self.optional_integer(key).map(Kroner)
    }

    pub(crate) fn optional_share(&mut self, key: &str) -> Option<Share> {
        let raw = compact_number(self.get(key));
        let raw = raw.strip_suffix('%').unwrap_or(&raw);
        if raw.is_empty() {
            return None;
        }
        let share = Share::parse_decimal(raw);
        if share.is_none() {
            self.error(
                key,
                "Skriv andelen som et tall i prosent, for eksempel 25 eller 33,33.",
                "Skriv delen som eit tal i prosent, til dømes 25 eller 33,33.",
            );
        }
        share
    }
}

/// Line breaks as `\n`, nothing else changed.
fn normalize_text(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// A number as typed, without spaces (also no-break and thin spaces), a trailing `kr`,
/// and with a typographic minus read as `-`.
fn compact_number(value: &str) -> String {
    let value = value.trim();
    let value = value
        .strip_suffix("kr")
        .or_else(|| value.strip_suffix("Kr"))
        .unwrap_or(value);
    value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Plan {
        let path = format!(
            "{}/../../../shared/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("fixture");
        let syntax = plan::Syntax::from_path(&path).expect("syntax");
        plan::handlingsplan::file::read(&text, syntax).expect("readable fixture")
    }

    #[test]
    fn every_fixture_round_trips_through_the_form() {
        for name in [
            "fjordvik-2027.json",
            "valid/minimal.json",
            "invalid/negative-budget.json",
            "invalid/month.json",
            "invalid/financing-mixed.json",
            "invalid/job-targets-years.json",
        ] {
            let plan = fixture(name);
            let fields = from_plan(&plan);
            let back = to_plan(&fields, plan.approval).expect(name);
            assert_eq!(back, plan, "{name}");
        }
    }

    #[test]
    fn numbers_accept_spaces_and_kr() {
        let plan = fixture("fjordvik-2027.json");
        let mut fields = from_plan(&plan);
        fields.insert(
            "focus_areas[0].strategies[0].projects[0].budget".into(),
            "1\u{a0}250 000 kr".into(),
        );
        fields.insert("financing[0].share".into(), "33,5 %".into());
        let back = to_plan(&fields, plan.approval).unwrap();
        assert_eq!(
            back.focus_areas[0].strategies[0].projects[0].budget,
            Kroner(1_250_000)
        );
        assert_eq!(back.financing[0].share.unwrap().hundredths(), 3350);
    }

    #[test]
    fn unreadable_fields_are_all_reported() {
        let plan = fixture("fjordvik-2027.json");
        let mut fields = from_plan(&plan);
        fields.insert("admin_costs".into(), "mye".into());
        fields.insert("focus_areas[0].name".into(), "  ".into());
        fields.insert("year".into(), "27".into());
        fields.insert("financing[0].kind".into(), "bank".into());
        let errors = to_plan(&fields, plan.approval).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "year",
                "focus_areas[0].name",
                "admin_costs",
                "financing[0].kind"
            ]
        );
        assert!(errors[2].message(Language::Nynorsk).contains("heilt tal"));
    }

    #[test]
    fn gaps_in_indices_close_up() {
        let plan = fixture("fjordvik-2027.json");
        let mut fields = from_plan(&plan);
        fields.retain(|k, _| !k.starts_with("financing[1]"));
        let back = to_plan(&fields, plan.approval).unwrap();
        assert_eq!(back.financing.len(), plan.financing.len() - 1);
        assert_eq!(back.financing[1], plan.financing[2]);
    }

    #[test]
    fn an_area_can_drop_its_job_targets() {
        let plan = fixture("fjordvik-2027.json");
        let mut fields = from_plan(&plan);
        fields.insert(format!("focus_areas[0].{HAS_JOB_TARGETS}"), "no".into());
        let back = to_plan(&fields, plan.approval).unwrap();
        assert_eq!(back.focus_areas[0].job_targets, None);
    }

    #[test]
    fn ids_and_finding_paths_map_to_inputs() {
        assert_eq!(
            input_id("focus_areas[1].strategies[0].projects[2].budget"),
            "f-focus_areas-1-strategies-0-projects-2-budget"
        );
        assert_eq!(
            input_id("focus_areas[0].job_targets.2027"),
            "f-focus_areas-0-job_targets-2027"
        );
        let plan = fixture("fjordvik-2027.json");
        let fields = from_plan(&plan);
        assert_eq!(
            field_for_path(&fields, "focus_areas[0].job_targets").as_deref(),
            Some("focus_areas[0].job_targets.2025")
        );
        assert_eq!(
            field_for_path(&fields, "financing").as_deref(),
            Some("financing[0].amount")
        );
        assert_eq!(
            field_for_path(&fields, "programme.period").as_deref(),
            Some("programme.period.from")
        );
        assert_eq!(
            field_for_path(&fields, "focus_areas[0].strategies[1].projects").as_deref(),
            Some("focus_areas[0].strategies[1].projects[0].budget")
        );
    }
}
