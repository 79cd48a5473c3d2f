//! The Omstillingsplan's form mapping behind [`EditorForm`]: every field of
//! [`Omstillingsplan`] as a form field keyed by the findings' paths
//! (`focus_areas[1].frame.2027`, `goals.main`), its add / remove / move of focus areas and
//! strategies, its live tables (job targets and frames per area and year, `render`'s own
//! tables) and findings in the page's language, and its page ([`OpEditorPage`]).
//!
//! A year's job target or frame left empty is a year the file leaves out; a frame (an
//! area's or the programme's) with every year empty is no frame. Approval dates are never
//! form fields.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use plan::omstillingsplan::{FocusArea, Goals, Omstillingsplan, Strategy};
use plan::{Approval, DocumentKind, Evaluation, Kroner};
use render::document::TableRole;
use serde_json::json;
use std::collections::BTreeMap;

use super::{EditorForm, EditorView};
use crate::AppState;
use crate::ui::fields::{FieldError, Fields, HAS_JOB_TARGETS, Reader, indices, put_front, text};
use crate::ui::ops::{self, Op};
use crate::ui::texts::Texts;
use crate::ui::views::{Input, Layout, input_of};
use crate::ui::{at_field, computed, html, layout, page_language, status_text};

/// The texts of the Omstillingsplan's editor that the yearly plan's has not.
#[derive(Debug)]
pub struct OpTexts {
    pub title: &'static str,
    pub none_title: &'static str,
    pub none_text: &'static str,
    pub none_viewer: &'static str,
    pub start: &'static str,
    pub section_background: &'static str,
    pub section_goals: &'static str,
    pub section_areas: &'static str,
    pub section_organisation: &'static str,
    pub section_frames: &'static str,
    pub section_communication: &'static str,
    pub background: &'static str,
    pub goal_main: &'static str,
    pub goal_robustness: &'static str,
    pub goal_development: &'static str,
    pub frame: &'static str,
    pub frame_help: &'static str,
    pub programme_frame: &'static str,
    pub organisation: &'static str,
    pub communication_strategy: &'static str,
    pub approvals: &'static str,
    pub history: &'static str,
    pub saved: &'static str,
    pub started: &'static str,
}

pub const OP_NB: OpTexts = OpTexts {
    title: "Omstillingsplan",
    none_title: "Programmet har ingen omstillingsplan ennå",
    none_text: "Start omstillingsplanen som et utkast med programmets navn, område og periode. Resten fyller du ut i skjemaet.",
    none_viewer: "Bare redaktører i programmet kan starte omstillingsplanen.",
    start: "Start omstillingsplanen",
    section_background: "1 Bakgrunn",
    section_goals: "2 Visjon og mål",
    section_areas: "3 Innsatsområder",
    section_organisation: "4 Organisering",
    section_frames: "5 Ressursinnsats og finansiering",
    section_communication: "6 Kommunikasjonsstrategi",
    background: "Bakgrunn",
    goal_main: "Hovedmål",
    goal_robustness: "Delmål for robusthet",
    goal_development: "Delmål for utviklingsevne",
    frame: "Økonomisk ramme per år (kr)",
    frame_help: "La et år stå tomt når rammen ikke er satt for det året.",
    programme_frame: "Programmets samlede ramme per år (kr), administrasjon medregnet",
    organisation: "Organisering",
    communication_strategy: "Kommunikasjonsstrategi",
    approvals: "Vedtak i styret og kommunestyret",
    history: "Historikk",
    saved: "Lagret som versjon {version}.",
    started: "Omstillingsplanen er startet som utkast (versjon {version}).",
};

pub const OP_NN: OpTexts = OpTexts {
    title: "Omstillingsplan",
    none_title: "Programmet har inga omstillingsplan enno",
    none_text: "Start omstillingsplanen som eit utkast med namnet, området og perioden til programmet. Resten fyller du ut i skjemaet.",
    none_viewer: "Berre redaktørar i programmet kan starte omstillingsplanen.",
    start: "Start omstillingsplanen",
    section_background: "1 Bakgrunn",
    section_goals: "2 Visjon og mål",
    section_areas: "3 Innsatsområde",
    section_organisation: "4 Organisering",
    section_frames: "5 Ressursinnsats og finansiering",
    section_communication: "6 Kommunikasjonsstrategi",
    background: "Bakgrunn",
    goal_main: "Hovudmål",
    goal_robustness: "Delmål for robustheit",
    goal_development: "Delmål for utviklingsevne",
    frame: "Økonomisk ramme per år (kr)",
    frame_help: "La eit år stå tomt når ramma ikkje er sett for det året.",
    programme_frame: "Samla ramme for programmet per år (kr), administrasjon medrekna",
    organisation: "Organisering",
    communication_strategy: "Kommunikasjonsstrategi",
    approvals: "Vedtak i styret og kommunestyret",
    history: "Historikk",
    saved: "Lagra som versjon {version}.",
    started: "Omstillingsplanen er starta som utkast (versjon {version}).",
};

/// The Omstillingsplan texts in the page's målform.
pub fn op_texts(t: &Texts) -> &'static OpTexts {
    if t.lang == "nn" { &OP_NN } else { &OP_NB }
}

/// The editor's address of a programme's Omstillingsplan.
pub fn op_path(slug: &str) -> String {
    format!("/programmes/{slug}/omstillingsplan")
}

/// The years an input row shows: the period's (when it reads) and any other year the
/// fields have under `prefix` (so nothing typed is hidden).
pub(crate) fn years_under(fields: &Fields, prefix: &str, period: &[i32]) -> Vec<i32> {
    let mut years = period.to_vec();
    let prefix = format!("{prefix}.");
    for (key, _) in fields.range(prefix.clone()..) {
        let Some(rest) = key.strip_prefix(&prefix) else {
            break;
        };
        if let Ok(year) = rest.parse::<i32>()
            && !years.contains(&year)
        {
            years.push(year);
        }
    }
    years.sort_unstable();
    years
}

fn period_years(op: &Omstillingsplan) -> Vec<i32> {
    if op.programme.period.is_valid() {
        op.programme.period.years()
    } else {
        Vec::new()
    }
}

/// `{prefix}.{year}` for every year of the period and of `values`; a year without a
/// value is an empty input.
fn put_years<V: ToString>(
    fields: &mut Fields,
    prefix: &str,
    values: Option<&BTreeMap<i32, V>>,
    years: &[i32],
) {
    for year in years {
        fields.insert(format!("{prefix}.{year}"), String::new());
    }
    for (year, value) in values.into_iter().flatten() {
        fields.insert(format!("{prefix}.{year}"), value.to_string());
    }
}

fn frame_of(reader: &mut Reader<'_>, prefix: &str) -> Option<BTreeMap<i32, Kroner>> {
    let values = reader.per_year(prefix);
    (!values.is_empty()).then(|| values.into_iter().map(|(y, k)| (y, Kroner(k))).collect())
}

/// Every field of the Omstillingsplan as the editor shows it.
pub fn from_omstillingsplan(op: &Omstillingsplan) -> Fields {
    let mut fields = Fields::new();
    put_front(
        &mut |key, value| {
            fields.insert(key, value);
        },
        op.language,
        &op.programme,
    );
    let years = period_years(op);
    fields.insert("background".into(), text(&op.background));
    fields.insert("goals.main".into(), text(&op.goals.main));
    fields.insert("goals.robustness".into(), text(&op.goals.robustness));
    fields.insert("goals.development".into(), text(&op.goals.development));
    for (a, area) in op.focus_areas.iter().enumerate() {
        let at = format!("focus_areas[{a}]");
        fields.insert(format!("{at}.name"), area.name.clone());
        fields.insert(format!("{at}.description"), text(&area.description));
        fields.insert(format!("{at}.impact_goal"), text(&area.impact_goal));
        fields.insert(format!("{at}.result_goal"), text(&area.result_goal));
        fields.insert(
            format!("{at}.{HAS_JOB_TARGETS}"),
            if area.job_targets.is_some() {
                "yes"
            } else {
                "no"
            }
            .into(),
        );
        if area.job_targets.is_some() {
            put_years(
                &mut fields,
                &format!("{at}.job_targets"),
                area.job_targets.as_ref(),
                &years,
            );
        }
        put_years(
            &mut fields,
            &format!("{at}.frame"),
            area.frame.as_ref().map(kroner_map).as_ref(),
            &years,
        );
        for (s, strategy) in area.strategies.iter().enumerate() {
            let st = format!("{at}.strategies[{s}]");
            fields.insert(format!("{st}.name"), strategy.name.clone());
            fields.insert(format!("{st}.content"), text(&strategy.content));
            fields.insert(
                format!("{st}.sdg"),
                strategy.sdg.map(|v| v.to_string()).unwrap_or_default(),
            );
        }
    }
    put_years(
        &mut fields,
        "frame",
        op.frame.as_ref().map(kroner_map).as_ref(),
        &years,
    );
    fields.insert("organisation".into(), text(&op.organisation));
    fields.insert(
        "communication_strategy".into(),
        text(&op.communication_strategy),
    );
    fields
}

fn kroner_map(map: &BTreeMap<i32, Kroner>) -> BTreeMap<i32, i64> {
    map.iter().map(|(y, k)| (*y, k.0)).collect()
}

/// Reads the fields back into an Omstillingsplan; every field that cannot be read gives
/// its [`FieldError`]. Values the checks flag (a frame year outside the period) are kept.
pub fn to_omstillingsplan(
    fields: &Fields,
    approval: Approval,
) -> Result<Omstillingsplan, Vec<FieldError>> {
    let mut reader = Reader::new(fields);
    let (language, programme) = reader.front();
    let background = reader.optional_text("background");
    let goals = Goals {
        main: reader.optional_text("goals.main"),
        robustness: reader.optional_text("goals.robustness"),
        development: reader.optional_text("goals.development"),
    };
    let mut focus_areas = Vec::new();
    for a in indices(fields, "focus_areas") {
        let at = format!("focus_areas[{a}]");
        let job_targets = if reader.get(&format!("{at}.{HAS_JOB_TARGETS}")) == "no" {
            None
        } else {
            Some(reader.per_year(&format!("{at}.job_targets")))
        };
        let frame = frame_of(&mut reader, &format!("{at}.frame"));
        let mut strategies = Vec::new();
        for s in indices(fields, &format!("{at}.strategies")) {
            let st = format!("{at}.strategies[{s}]");
            strategies.push(Strategy {
                name: reader.required(&format!("{st}.name")),
                content: reader.optional_text(&format!("{st}.content")),
                sdg: reader.optional_integer(&format!("{st}.sdg")),
            });
        }
        focus_areas.push(FocusArea {
            name: reader.required(&format!("{at}.name")),
            description: reader.optional_text(&format!("{at}.description")),
            impact_goal: reader.optional_text(&format!("{at}.impact_goal")),
            result_goal: reader.optional_text(&format!("{at}.result_goal")),
            job_targets,
            frame,
            strategies,
        });
    }
    let frame = frame_of(&mut reader, "frame");
    let organisation = reader.optional_text("organisation");
    let communication_strategy = reader.optional_text("communication_strategy");
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    Ok(Omstillingsplan {
        language,
        programme,
        background,
        goals,
        focus_areas,
        frame,
        organisation,
        communication_strategy,
        approval,
    })
}

/// `focus_areas` or `focus_areas[n].strategies`: the lists an Omstillingsplan has.
fn is_list(list: &str) -> bool {
    list == "focus_areas"
        || list
            .strip_prefix("focus_areas[")
            .and_then(|rest| rest.strip_suffix("].strategies"))
            .is_some_and(|n| n.parse::<usize>().is_ok())
}

fn list_of(item: &str) -> Option<&str> {
    let inner = item.strip_suffix(']')?;
    Some(&inner[..inner.rfind('[')?])
}

/// The findings in the page's målform (the document keeps its own).
fn findings_in(
    op: &Omstillingsplan,
    evaluation: &Evaluation<plan::omstillingsplan::Totals>,
    t: &Texts,
) -> Vec<plan::Finding> {
    let language = page_language(t);
    if op.language == language {
        return evaluation.findings.clone();
    }
    let mut spoken = op.clone();
    spoken.language = language;
    let mut findings = spoken.evaluate().findings;
    for finding in &evaluation.findings {
        if !findings
            .iter()
            .any(|f| f.code == finding.code && f.path == finding.path)
        {
            findings.push(finding.clone());
        }
    }
    findings
}

impl EditorForm for Omstillingsplan {
    fn to_fields(&self) -> Fields {
        from_omstillingsplan(self)
    }

    fn from_fields(
        fields: &Fields,
        approval: Approval,
        _key: &str,
    ) -> Result<Self, Vec<FieldError>> {
        to_omstillingsplan(fields, approval)
    }

    fn parse_op(value: &str) -> Option<Op> {
        match Op::parse(value)? {
            Op::Save => Some(Op::Save),
            Op::Add(list) => is_list(&list).then_some(Op::Add(list)),
            op @ (Op::Remove(_) | Op::Up(_) | Op::Down(_)) => {
                let (Op::Remove(item) | Op::Up(item) | Op::Down(item)) = &op else {
                    return None;
                };
                list_of(item).is_some_and(is_list).then_some(op)
            }
            _ => None,
        }
    }

    fn apply_op(&self, fields: &mut Fields, op: &Op, t: &Texts) -> Option<String> {
        let Op::Add(list) = op else {
            // Remove, up and down are the same for every list of every kind.
            return ops::apply(fields, op, t, &[], 0);
        };
        let next = indices(fields, list).last().map_or(0, |last| last + 1);
        let item = format!("{list}[{next}]");
        let mut put = |field: &str, value: String| {
            fields.insert(format!("{item}.{field}"), value);
        };
        if list == "focus_areas" {
            put("name", format!("{} {}", t.new_area, next + 1));
            for field in ["description", "impact_goal", "result_goal"] {
                put(field, String::new());
            }
            put(HAS_JOB_TARGETS, "yes".into());
            for year in period_years(self) {
                put(&format!("job_targets.{year}"), "0".into());
                put(&format!("frame.{year}"), String::new());
            }
        } else {
            put("name", t.new_strategy.into());
            put("content", String::new());
            put("sdg", String::new());
        }
        Some(item)
    }

    fn fragments(
        &self,
        evaluation: &Evaluation<Self::Totals>,
        fields: &Fields,
        t: &'static Texts,
        note: Option<&str>,
    ) -> Vec<(String, String)> {
        let document =
            render::omstillingsplan::document(self, evaluation, &render::Options::default());
        let mut out = Vec::new();
        let mut frames = false;
        for table in document.tables() {
            let id = match table.role {
                TableRole::JobTargets => "computed-jobs",
                TableRole::Frames => {
                    frames = true;
                    "computed-frames"
                }
                _ => continue,
            };
            out.push((id.to_owned(), render::html::table(table)));
        }
        if !frames {
            let catalogue = render::text::catalogue(self.language);
            out.push((
                "computed-frames".to_owned(),
                format!(
                    "<p class=\"alert\">{}</p>",
                    render::html::escape(catalogue.op_frames_none)
                ),
            ));
        }
        out.push((
            "findings-panel".to_owned(),
            computed::panel(&findings_in(self, evaluation, t), fields, t, note),
        ));
        out
    }

    fn editor_path(slug: &str, _key: &str) -> String {
        op_path(slug)
    }

    async fn page(_state: &AppState, view: EditorView<'_, Self>, status: StatusCode) -> Response {
        html(status, &editor_page(view))
    }
}

/// A focus area as the Omstillingsplan's editor shows it.
#[derive(Debug, Clone)]
pub struct OpAreaView {
    pub index: usize,
    pub number: usize,
    pub path: String,
    pub name: String,
    pub has_job_targets: bool,
    pub first: bool,
    pub last: bool,
    pub strategies: Vec<OpStrategyView>,
}

#[derive(Debug, Clone)]
pub struct OpStrategyView {
    pub path: String,
    pub letter: String,
    pub name: String,
    pub first: bool,
    pub last: bool,
}

/// The Omstillingsplan's editor (`templates/omstillingsplan_editor.html`).
#[derive(Template, Debug)]
#[template(path = "omstillingsplan_editor.html")]
pub struct OpEditorPage {
    pub l: Layout,
    pub o: &'static OpTexts,
    pub base: String,
    pub version: i64,
    pub status: String,
    pub status_class: &'static str,
    pub editable: bool,
    pub locked: bool,
    pub fields: Fields,
    pub errors: BTreeMap<String, String>,
    pub summary: Vec<crate::ui::views::SummaryError>,
    pub years: Vec<i32>,
    pub fragments: BTreeMap<String, String>,
    pub downloads: Vec<(String, String)>,
    pub js_texts: String,
    pub sdgs: Vec<(String, String)>,
    pub board: Option<String>,
    pub council: Option<String>,
    pub refused: Option<String>,
    pub document: String,
    pub field_findings: BTreeMap<String, at_field::FieldFinding>,
    /// "Du har {n} endringer som ikke er lagret" with the count's element.
    pub restore_html: String,
}

impl OpEditorPage {
    pub fn input(&self, path: impl AsRef<str>) -> Input {
        input_of(
            &self.fields,
            &self.errors,
            &self.field_findings,
            path.as_ref(),
        )
    }

    pub fn value(&self, path: &str) -> &str {
        self.fields.get(path).map_or("", String::as_str)
    }

    pub fn fragment(&self, id: &str) -> &str {
        self.fragments.get(id).map_or("", String::as_str)
    }

    /// The years of a row of inputs under `prefix` (`frame`, `focus_areas[0].frame`).
    pub fn years_of(&self, prefix: impl AsRef<str>) -> Vec<i32> {
        years_under(&self.fields, prefix.as_ref(), &self.years)
    }

    pub fn areas(&self) -> Vec<OpAreaView> {
        let found = indices(&self.fields, "focus_areas");
        let count = found.len();
        let mut letter = 0;
        found
            .into_iter()
            .enumerate()
            .map(|(n, a)| {
                let path = format!("focus_areas[{a}]");
                let strategy_indices = indices(&self.fields, &format!("{path}.strategies"));
                let strategy_count = strategy_indices.len();
                let strategies = strategy_indices
                    .into_iter()
                    .enumerate()
                    .map(|(sn, s)| {
                        let spath = format!("{path}.strategies[{s}]");
                        let view = OpStrategyView {
                            letter: plan::tables::strategy_letter(letter),
                            name: self.value(&format!("{spath}.name")).to_owned(),
                            path: spath,
                            first: sn == 0,
                            last: sn + 1 == strategy_count,
                        };
                        letter += 1;
                        view
                    })
                    .collect();
                OpAreaView {
                    index: a,
                    number: n + 1,
                    name: self.value(&format!("{path}.name")).to_owned(),
                    has_job_targets: self.value(&format!("{path}.{HAS_JOB_TARGETS}")) != "no",
                    path,
                    first: n == 0,
                    last: n + 1 == count,
                    strategies,
                }
            })
            .collect()
    }

    pub fn outside(&self, value: &str, max: i64) -> bool {
        !value.is_empty() && value.parse::<i64>().map_or(true, |v| v < 1 || v > max)
    }
}

/// The editor page of an Omstillingsplan version: the form while it is a draft the user
/// may edit, else the document; the findings beside it either way.
pub(crate) fn editor_page(view: EditorView<'_, Omstillingsplan>) -> OpEditorPage {
    let EditorView {
        t,
        current,
        programme,
        access,
        version,
        document,
        fields,
        errors,
        refused,
    } = view;
    let o = op_texts(t);
    let base = op_path(&programme.slug);
    let evaluation = document.evaluate();
    let frozen = version.info.status.is_frozen();
    let editable = access.can_edit() && !frozen;
    // The page's findings are the stored version's while the inputs show it; the live
    // check replaces them as the user types.
    let fragments: BTreeMap<String, String> = document
        .fragments(&evaluation, &fields, t, None)
        .into_iter()
        .collect();
    let summary = errors
        .iter()
        .map(|(path, message)| crate::ui::views::SummaryError {
            id: crate::ui::fields::input_id(path),
            label: crate::ui::labels::label(path, &fields, t),
            message: message.clone(),
        })
        .collect();
    let (status, status_class) = status_text(t, version.info.status);
    let mut l = layout(t, Some(current), o.title.to_owned(), base.clone());
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
    ];
    let js_texts = json!({
        "saving": t.js_saving, "saved": t.js_saved, "unsaved": t.js_unsaved,
        "offline": t.js_offline, "invalid": t.js_invalid, "conflict": t.js_conflict,
        "expired": t.js_expired, "locked": t.js_locked, "failed": t.js_failed,
        "mine": t.js_mine, "theirs": t.js_theirs, "empty": t.js_empty,
        "structural": t.js_structural,
    })
    .to_string();
    let decision = |step: &str| {
        version
            .info
            .decision(step)
            .map(|d| crate::ui::pages::decide::decision_text(t, step, d))
    };
    let field_findings = at_field::at_fields(&fields, &findings_in(document, &evaluation, t));
    OpEditorPage {
        o,
        downloads: crate::ui::FORMATS
            .iter()
            .map(|(label, ext)| {
                (
                    (*label).to_owned(),
                    format!(
                        "/api/v1/programmes/{}/omstillingsplan/document.{ext}",
                        programme.slug
                    ),
                )
            })
            .collect(),
        version: version.info.version,
        status,
        status_class,
        editable,
        locked: frozen,
        years: period_years(document),
        errors,
        summary,
        fragments,
        js_texts,
        sdgs: crate::ui::views::sdg_options(document.language),
        board: decision("board"),
        council: decision("council"),
        refused,
        document: if editable {
            String::new()
        } else {
            render::html_fragment(&render::omstillingsplan::document(
                document,
                &evaluation,
                &render::Options::default(),
            ))
            .unwrap_or_default()
        },
        field_findings,
        fields,
        base,
        l,
        restore_html: t
            .restore_text
            .replace("{n}", "<span id=\"restore-count\">0</span>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Omstillingsplan {
        let text = include_str!("../../../demo/fjordvik.op.json");
        Omstillingsplan::read(text, plan::Syntax::Json).expect("the demo's Omstillingsplan")
    }

    #[test]
    fn the_omstillingsplan_round_trips_through_the_form() {
        let op = fixture();
        let fields = from_omstillingsplan(&op);
        assert_eq!(to_omstillingsplan(&fields, op.approval).unwrap(), op);
        assert!(fields.contains_key("goals.robustness"));
        assert!(fields.contains_key("focus_areas[0].frame.2025"));
    }

    #[test]
    fn empty_years_are_left_out_and_an_empty_frame_is_none() {
        let op = fixture();
        let mut fields = from_omstillingsplan(&op);
        fields.insert("frame.2025".into(), String::new());
        let back = to_omstillingsplan(&fields, op.approval).unwrap();
        assert!(!back.frame.as_ref().unwrap().contains_key(&2025));
        fields.retain(|k, _| !k.starts_with("frame."));
        let back = to_omstillingsplan(&fields, op.approval).unwrap();
        assert_eq!(back.frame, None);
    }

    #[test]
    fn only_its_own_lists_take_operations() {
        for value in [
            "add:focus_areas",
            "add:focus_areas[1].strategies",
            "remove:focus_areas[0].strategies[2]",
            "up:focus_areas[1]",
            "save",
        ] {
            assert!(Omstillingsplan::parse_op(value).is_some(), "{value}");
        }
        for value in [
            "add:financing",
            "add:focus_areas[0].strategies[0].projects",
            "remove:financing[0]",
            "fetch-results",
            "add:frame",
        ] {
            assert_eq!(Omstillingsplan::parse_op(value), None, "{value}");
        }
    }
}
