//! The pages as askama templates and the view models they read. Views hold strings
//! ready to print; askama escapes every one of them (only the fragments produced by
//! `render`'s HTML writer, which escapes plan text itself, are marked safe).

use std::collections::BTreeMap;

use askama::Template;

use super::fields::{Fields, HAS_JOB_TARGETS, indices, input_id};
use super::texts::Texts;

/// What every page shows around its content.
#[derive(Debug, Clone)]
pub struct Layout {
    pub t: &'static Texts,
    pub title: String,
    /// The signed-in user's name; `None` on the login page.
    pub user: Option<String>,
    pub csrf: String,
    pub is_admin: bool,
    /// The path of this page, to come back to after switching language.
    pub path: String,
    pub breadcrumbs: Vec<(String, String)>,
    pub notice: Option<String>,
    pub asset_version: &'static str,
}

#[derive(Template, Debug)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub l: Layout,
    pub error: Option<String>,
    pub username: String,
    pub next: String,
}

#[derive(Template, Debug)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub l: Layout,
    /// `info`, `success`, `warning` or `danger`.
    pub kind: &'static str,
    pub text: String,
    pub back: String,
}

#[derive(Debug, Clone)]
pub struct YearFigures {
    pub year: i32,
    pub status: String,
    pub status_class: &'static str,
    pub jobs: String,
    pub cost: String,
    /// Why this year is the one shown ("the year in progress", "the next with a plan").
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct ProgrammeCard {
    pub slug: String,
    pub name: String,
    pub area: String,
    pub county: Option<String>,
    pub period: String,
    pub role: Option<String>,
    pub current: Option<YearFigures>,
    pub years: Vec<(i32, String)>,
}

#[derive(Template, Debug)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    pub l: Layout,
    pub programmes: Vec<ProgrammeCard>,
}

#[derive(Debug, Clone)]
pub struct PlanRow {
    pub year: i32,
    pub title: String,
    pub status: String,
    pub status_class: &'static str,
    pub version: i64,
    pub jobs: String,
    pub cost: String,
    pub author: String,
}

#[derive(Debug, Clone)]
pub struct StartPlan {
    pub year: i32,
    pub label: String,
    pub help: String,
    /// The choice to build the year's plan from the Omstillingsplan, when the programme
    /// has one (issue 12).
    pub from_omstillingsplan: Option<super::pages::programmes::FromOmstillingsplan>,
}

#[derive(Template, Debug)]
#[template(path = "programme.html")]
pub struct ProgrammePage {
    pub l: Layout,
    pub slug: String,
    pub name: String,
    pub area: String,
    pub county: Option<String>,
    pub period: String,
    pub plans: Vec<PlanRow>,
    /// The Omstillingsplan's status and links (issue 12).
    pub omstillingsplan: super::pages::programmes::OmstillingsplanStatus,
    pub start: Option<StartPlan>,
    /// "Importer en Word-plan", for those who may edit.
    pub import_link: Option<String>,
    /// The year wheel of the chosen year (issue 14).
    pub wheel: super::yearwheel::WheelView,
    pub wheel_texts: &'static super::yearwheel::WheelTexts,
    /// The link to the year's page ("Endre fristene …" for editors).
    pub wheel_link: String,
}

/// One input of the editor.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub id: String,
    pub value: String,
    pub error: Option<String>,
    /// The findings of the check about this field, shown under it (issue 17).
    pub finding: Option<super::at_field::FieldFinding>,
}

/// The input at `path` of an editor's form: its value, its field error and the findings
/// about it (every kind's editor page).
/// The choices of a strategy's SDG field in both editors: each goal's number and its name
/// in the document's language.
pub fn sdg_options(language: plan::Language) -> Vec<(String, String)> {
    (1..=17)
        .map(|n| {
            (
                n.to_string(),
                plan::sdg::name(n, language).unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

pub fn input_of(
    fields: &Fields,
    errors: &BTreeMap<String, String>,
    findings: &BTreeMap<String, super::at_field::FieldFinding>,
    path: &str,
) -> Input {
    Input {
        name: path.to_owned(),
        id: input_id(path),
        value: fields.get(path).cloned().unwrap_or_default(),
        error: errors.get(path).cloned(),
        finding: findings.get(path).cloned(),
    }
}

impl Input {
    /// `aria-invalid` and `aria-describedby` for an input with an error (and help text).
    pub fn aria(&self, help: bool) -> String {
        let mut described = Vec::new();
        if help {
            described.push(format!("{}-help", self.id));
        }
        if self.error.is_some() {
            described.push(format!("{}-error", self.id));
        }
        if self.finding.is_some() {
            described.push(format!("{}-finding", self.id));
        }
        let mut out = String::new();
        if self.error.is_some() || self.finding.as_ref().is_some_and(|f| f.error) {
            out.push_str(" aria-invalid=\"true\"");
        }
        if !described.is_empty() {
            out.push_str(&format!(" aria-describedby=\"{}\"", described.join(" ")));
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct ProjectView {
    pub index: usize,
    pub path: String,
    pub number: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct StrategyView {
    pub index: usize,
    pub path: String,
    pub letter: String,
    pub name: String,
    pub projects: Vec<ProjectView>,
}

#[derive(Debug, Clone)]
pub struct AreaView {
    pub index: usize,
    pub number: usize,
    pub path: String,
    pub name: String,
    pub has_job_targets: bool,
    pub strategies: Vec<StrategyView>,
    pub first: bool,
    pub last: bool,
}

/// An item of a simple list (financing sources, result records, activities).
#[derive(Debug, Clone)]
pub struct ItemView {
    pub index: usize,
    pub number: usize,
    pub path: String,
    pub first: bool,
    pub last: bool,
}

/// A field error in the error summary.
#[derive(Debug, Clone)]
pub struct SummaryError {
    pub id: String,
    pub label: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Approvals {
    pub board: Option<String>,
    pub council: Option<String>,
    pub can_board: bool,
    pub can_council: bool,
    pub can_reopen: bool,
    /// An editor on a draft: the link to delete the year (the page says when it cannot).
    pub can_delete: bool,
    pub delete_link: &'static str,
    pub has_errors: bool,
    /// The date in the form: today, or what was typed when the step was refused.
    pub date: String,
    /// The case number in the form: empty, or what was typed.
    pub reference: String,
    pub error: Option<String>,
    /// What the board step does, asked before it (the dialog; the page without script).
    pub board_question: &'static str,
    pub board_warning: &'static str,
    /// Why the year cannot be changed in the editor.
    pub year_fixed: &'static str,
}

#[derive(Template, Debug)]
#[template(path = "editor.html")]
pub struct EditorPage {
    pub l: Layout,
    /// "Angre" after a removal (issue 17).
    pub undo: Option<super::decide::UndoOffer>,
    pub base: String,
    pub year: i32,
    pub version: i64,
    pub status: String,
    pub status_class: &'static str,
    pub editable: bool,
    pub locked: bool,
    pub fields: Fields,
    pub errors: BTreeMap<String, String>,
    pub summary: Vec<SummaryError>,
    pub years: Vec<i32>,
    pub fragments: BTreeMap<String, String>,
    pub downloads: Vec<(String, String)>,
    pub js_texts: String,
    pub sdgs: Vec<(String, String)>,
    pub approvals: Approvals,
    pub restore_html: String,
    /// The document, shown instead of the form when the plan cannot be edited.
    pub document: String,
    /// The check's findings by the field they are about, in the page's language.
    pub field_findings: BTreeMap<String, super::at_field::FieldFinding>,
}

impl EditorPage {
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

    pub fn fragment(&self, id: impl AsRef<str>) -> &str {
        let id = id.as_ref();
        self.fragments.get(id).map_or("", String::as_str)
    }

    pub fn areas(&self) -> Vec<AreaView> {
        let area_indices = indices(&self.fields, "focus_areas");
        let count = area_indices.len();
        let mut letter = 0;
        area_indices
            .into_iter()
            .enumerate()
            .map(|(n, a)| {
                let path = format!("focus_areas[{a}]");
                let strategies = indices(&self.fields, &format!("{path}.strategies"))
                    .into_iter()
                    .map(|s| {
                        let spath = format!("{path}.strategies[{s}]");
                        let letter_text = plan::handlingsplan::compute::strategy_letter(letter);
                        letter += 1;
                        let projects = indices(&self.fields, &format!("{spath}.projects"))
                            .into_iter()
                            .enumerate()
                            .map(|(pn, p)| {
                                let ppath = format!("{spath}.projects[{p}]");
                                ProjectView {
                                    index: p,
                                    number: format!("{letter_text}.{}", pn + 1),
                                    name: self.value(&format!("{ppath}.name")).to_owned(),
                                    path: ppath,
                                }
                            })
                            .collect();
                        StrategyView {
                            index: s,
                            name: self.value(&format!("{spath}.name")).to_owned(),
                            letter: letter_text,
                            path: spath,
                            projects,
                        }
                    })
                    .collect();
                AreaView {
                    index: a,
                    number: n + 1,
                    name: self.value(&format!("{path}.name")).to_owned(),
                    has_job_targets: self.value(&format!("{path}.{HAS_JOB_TARGETS}")) != "no",
                    path,
                    strategies,
                    first: n == 0,
                    last: n + 1 == count,
                }
            })
            .collect()
    }

    pub fn items(&self, list: &str) -> Vec<ItemView> {
        let found = indices(&self.fields, list);
        let count = found.len();
        found
            .into_iter()
            .enumerate()
            .map(|(n, i)| ItemView {
                index: i,
                number: n + 1,
                path: format!("{list}[{i}]"),
                first: n == 0,
                last: n + 1 == count,
            })
            .collect()
    }

    /// The job-target years to show for an area: the period's years and any other year
    /// the area has (so that nothing typed is hidden).
    pub fn target_years(&self, area: &AreaView) -> Vec<i32> {
        let mut years = self.years.clone();
        let prefix = format!("{}.job_targets.", area.path);
        for key in self.fields.keys() {
            if let Some(year) = key
                .strip_prefix(&prefix)
                .and_then(|y| y.parse::<i32>().ok())
                && !years.contains(&year)
            {
                years.push(year);
            }
        }
        years.sort_unstable();
        years
    }

    /// Whether a select's value is not one of its options 1..=max (so it is added, to
    /// keep what the file said visible until the user fixes it).
    pub fn outside(&self, value: &str, max: i64) -> bool {
        !value.is_empty() && value.parse::<i64>().map_or(true, |v| v < 1 || v > max)
    }

    /// The choices for a result record's focus area: the plan's areas in order, and the
    /// stored value first when it names none of them (an earlier name, an empty field), so
    /// that saving the page never changes what the record says. `(value, label, selected)`.
    pub fn area_options(&self, value: &str) -> Vec<(String, String, bool)> {
        let names: Vec<String> = indices(&self.fields, "focus_areas")
            .into_iter()
            .map(|i| self.value(&format!("focus_areas[{i}].name")).to_owned())
            .collect();
        let mut options = Vec::with_capacity(names.len() + 1);
        if !names.iter().any(|n| n == value) {
            let label = if value.is_empty() {
                self.l.t.choose_area.to_owned()
            } else {
                self.l.t.area_not_in_plan.replace("{name}", value)
            };
            options.push((value.to_owned(), label, true));
        }
        for name in names {
            let selected = name == value;
            options.push((name.clone(), name, selected));
        }
        options
    }

    pub fn months(&self) -> Vec<(String, &'static str)> {
        plan::norwegian::MONTHS
            .iter()
            .enumerate()
            .map(|(i, name)| ((i + 1).to_string(), *name))
            .collect()
    }

    pub fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        let t = self.l.t;
        vec![
            ("", t.kind_none),
            ("state", t.kind_state),
            ("county", t.kind_county),
            ("municipality", t.kind_municipality),
            ("other", t.kind_other),
        ]
    }
}

/// A field the other person saved, against the user's own value.
#[derive(Debug, Clone)]
pub struct ConflictView {
    pub index: usize,
    pub path: String,
    pub label: String,
    pub mine: String,
    pub theirs: String,
}

#[derive(Template, Debug)]
#[template(path = "conflict.html")]
pub struct ConflictPage {
    pub l: Layout,
    pub action: String,
    pub version: i64,
    /// The merged fields (their value where there is a conflict), as hidden inputs.
    pub merged: Vec<(String, String)>,
    /// The user's own fields, as hidden inputs, to apply the chosen values from.
    pub mine: Vec<(String, String)>,
    pub conflicts: Vec<ConflictView>,
    pub back: String,
}

#[derive(Debug, Clone)]
pub struct VersionRow {
    pub version: i64,
    pub status: String,
    pub status_class: &'static str,
    pub author: String,
    pub at: String,
    pub note: String,
}

/// The links between pages of the version history.
#[derive(Debug, Clone)]
pub struct Paging {
    pub newer: Option<String>,
    pub older: Option<String>,
    /// "Side 1 av 3".
    pub text: String,
    /// "Versjon 41–60 av 75".
    pub range: String,
}

#[derive(Debug, Clone)]
pub struct DiffRow {
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Template, Debug)]
#[template(path = "history.html")]
pub struct HistoryPage {
    pub l: Layout,
    /// "Gjenopprett denne versjonen" (issue 17).
    pub restore: super::decide::RestoreBox,
    pub base: String,
    /// The versions on this page, newest first.
    pub versions: Vec<VersionRow>,
    /// Every version number, for the compare form.
    pub all_versions: Vec<i64>,
    pub paging: Paging,
    pub from: i64,
    pub to: i64,
    pub diff_title: String,
    pub diff: Option<Vec<DiffRow>>,
    pub since_board: Option<(i64, i64)>,
}

#[derive(Template, Debug)]
#[template(path = "preview.html")]
pub struct PreviewPage {
    pub l: Layout,
    pub base: String,
    pub document: String,
    pub downloads: Vec<(String, String)>,
}

#[derive(Template, Debug)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub l: Layout,
    /// The user's API tokens.
    pub tokens: TokenList,
    /// What went wrong …
    pub error: Option<String>,
    /// … and the id of the field it concerns.
    pub error_field: &'static str,
    /// The calendar subscription section.
    pub calendar: super::yearwheel::SubscriptionView,
    /// The e-mail section.
    pub mail: super::mail::MailView,
}

#[derive(Template, Debug)]
#[template(path = "admin.html")]
pub struct AdminPage {
    pub l: Layout,
    pub programmes: Vec<(String, String)>,
    pub users: Vec<UserRow>,
    pub memberships: Vec<MemberRow>,
    pub error: Option<String>,
    /// The e-mail column's and field's texts.
    pub mail: &'static super::mail::MailTexts,
}

/// A user on the admin page.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub name: String,
    pub role: &'static str,
    pub language: &'static str,
    /// The address, `–` without one.
    pub email: String,
}

/// A membership on the admin page, with its change and remove forms.
#[derive(Debug, Clone)]
pub struct MemberRow {
    pub index: usize,
    pub programme_slug: String,
    pub programme_name: String,
    pub user_name: String,
    pub role: &'static str,
    pub role_text: &'static str,
    pub role_label: String,
    pub remove_label: String,
}

/// A list of API tokens with the form that makes one and the revoke buttons
/// (`templates/tokens.html`, on `/account` and `/admin/tokens`).
#[derive(Debug, Clone)]
pub struct TokenList {
    /// Where the forms post: `/account/tokens` or `/admin/tokens`.
    pub base: &'static str,
    pub caption: &'static str,
    /// Whether the owner is a column (the admin's list of everyone's).
    pub show_owner: bool,
    pub rows: Vec<TokenRow>,
    /// A token just made, shown this once.
    pub new_token: Option<String>,
    pub error: Option<String>,
    /// The label and expiry given when the form was refused.
    pub label: String,
    pub expires: String,
}

/// One token in a list (never its hash).
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub id: String,
    pub owner: String,
    pub label: String,
    pub created: String,
    pub last_used: String,
    pub expires: String,
    pub expired: bool,
}

#[derive(Template, Debug)]
#[template(path = "admin_tokens.html")]
pub struct AdminTokensPage {
    pub l: Layout,
    pub tokens: TokenList,
}

#[derive(Template, Debug)]
#[template(path = "token_revoke.html")]
pub struct TokenRevokePage {
    pub l: Layout,
    pub base: &'static str,
    pub id: String,
    pub text: String,
}

#[derive(Template, Debug)]
#[template(path = "audit.html")]
pub struct AuditPage {
    pub l: Layout,
    pub rows: Vec<AuditRow>,
}

/// One audit entry on the admin's audit page.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub programme: String,
    pub object: String,
    pub client: String,
}
