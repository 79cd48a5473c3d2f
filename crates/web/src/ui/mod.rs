//! Server-rendered HTML pages: log in and out, the programmes, a programme's plans, the
//! plan editor (with live totals, findings and autosave through `static/app.js`), the
//! preview, the version history with a readable diff, the approval steps and the admin
//! pages. Everything works without JavaScript: forms post and redirect.
//!
//! Forms are converted to [`plan::Plan`] by hand ([`fields`]); a save carries the version
//! its page was loaded from and is merged field by field onto the latest version
//! ([`merge`]), so two people editing different parts never overwrite each other and the
//! same value edited twice becomes a conflict the user resolves. Access rules are the
//! API's ([`crate::access`]); this module never decides more than it does.

mod account;
pub mod at_field;
pub mod computed;
pub(crate) mod errors;
pub mod fields;
mod import;
pub mod labels;
pub mod merge;
pub mod ops;
mod overview;
mod results;
pub mod texts;
mod tokens;
pub mod views;
mod yearwheel;

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use plan::{Language, Plan};
use serde_json::json;
use store::{PlanVersion, Programme, VersionInfo, VersionStatus};

use crate::AppState;
use crate::access::{Access, programme_access};
use crate::auth::{self, CurrentUser, MaybeUser};
use crate::error::AppError;
use fields::{Fields, from_plan, input_id, to_plan};
use texts::{Texts, texts};
use views::*;

/// The cookie holding the user's language for the pages (`nb` or `nn`).
pub const LANGUAGE_COOKIE: &str = "omstilling_lang";
const CSS: &str = include_str!("../../static/app.css");
const JS: &str = include_str!("../../static/app.js");
/// Changes whenever the assets change, so they can be cached for a year.
const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");
const FORMATS: [(&str, &str); 5] = [
    ("PDF", "pdf"),
    ("Word", "docx"),
    ("Excel", "xlsx"),
    ("HTML", "html"),
    ("Markdown", "md"),
];

/// The page routes, merged into [`crate::app`].
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(root))
        .route("/login", get(login_page).post(login_post))
        .route("/logout", post(logout_post))
        .route("/language", post(language_post))
        .route("/programmes", get(overview))
        .route("/programmes/{slug}", get(programme_page))
        .route("/programmes/{slug}/plans", post(start_plan))
        .merge(results::routes())
        .merge(overview::routes())
        .route("/programmes/{slug}/plans/{year}", get(editor).post(save))
        .route("/programmes/{slug}/plans/{year}/check", post(check))
        .route("/programmes/{slug}/plans/{year}/preview", get(preview))
        .route("/programmes/{slug}/plans/{year}/history", get(history))
        .route(
            "/programmes/{slug}/plans/{year}/approvals",
            post(decide::approve),
        )
        .route(
            "/programmes/{slug}/plans/{year}/restore",
            post(decide::restore),
        )
        .route(
            "/programmes/{slug}/plans/{year}/delete",
            get(decide::delete_page).post(decide::delete),
        )
        .route("/programmes/{slug}/plans/{year}/reopen", post(reopen))
        .route(
            "/account",
            get(account::page).post(account::change_password),
        )
        .route("/account/tokens", post(tokens::create))
        .route("/account/tokens/revoke", post(tokens::revoke_own))
        .route("/admin/tokens", get(tokens::admin_list))
        .route("/admin/tokens/revoke", post(tokens::revoke_any))
        .route("/admin/audit", get(tokens::audit))
        .route("/admin", get(admin))
        .route("/admin/users", post(add_user))
        .route("/admin/members", post(set_member))
        .route("/admin/members/remove", post(remove_member))
        .route("/static/app.css", get(css))
        .route("/static/app.js", get(js))
        .route("/static/document.css", get(document_css))
        .merge(import::routes())
        .merge(yearwheel::routes())
}

// --- plumbing --------------------------------------------------------------------------

/// The language of the pages: the signed-in user's own choice (stored on the account),
/// bokmål until they choose. Nobody signed in (the login page): the cookie set by the
/// language button, so the choice survives until the account can hold it.
fn language(headers: &HeaderMap, user: &MaybeUser) -> Language {
    match &user.0 {
        Some(current) => current.user.language.unwrap_or_default(),
        None => cookie_language(headers).unwrap_or_default(),
    }
}

fn cookie_language(headers: &HeaderMap) -> Option<Language> {
    auth::cookie(headers, LANGUAGE_COOKIE).and_then(Language::from_code)
}

fn layout(t: &'static Texts, user: Option<&CurrentUser>, title: String, path: String) -> Layout {
    Layout {
        t,
        title,
        user: user.map(|u| u.user.name.clone()),
        csrf: user
            .and_then(|u| u.csrf_token())
            .unwrap_or_default()
            .to_owned(),
        is_admin: user.is_some_and(|u| u.user.global_role == Some(store::GlobalRole::Admin)),
        path,
        breadcrumbs: Vec::new(),
        notice: None,
        asset_version: ASSET_VERSION,
    }
}

fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (
            status,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "Noe gikk galt.").into_response()
        }
    }
}

/// An error as a page in the user's language.
fn error_page(t: &'static Texts, user: Option<&CurrentUser>, error: AppError) -> Response {
    let (status, title, text) = match &error {
        AppError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            t.not_found_title,
            t.not_found.to_owned(),
        ),
        AppError::Forbidden(_) | AppError::Csrf => (
            StatusCode::FORBIDDEN,
            t.forbidden_title,
            t.forbidden.to_owned(),
        ),
        AppError::Unauthorized => return Redirect::to("/login").into_response(),
        AppError::Conflict { message, .. } | AppError::Unprocessable { message, .. } => {
            (error.status(), t.error_title, message.clone())
        }
        _ => {
            tracing::error!(error = ?error, "page failed");
            (error.status(), t.error_title, t.error_text.to_owned())
        }
    };
    let page = MessagePage {
        l: layout(t, user, title.to_owned(), "/programmes".into()),
        kind: "danger",
        text,
        back: "/programmes".into(),
    };
    html(status, &page)
}

/// A refusal shown as a message in the user's language, with a way back.
fn message_page(
    t: &'static Texts,
    user: &CurrentUser,
    status: StatusCode,
    text: &str,
    back: String,
) -> Response {
    let page = MessagePage {
        l: layout(t, Some(user), t.error_title.to_owned(), back.clone()),
        kind: "danger",
        text: text.to_owned(),
        back,
    };
    html(status, &page)
}

/// The language of a page's texts.
fn page_language(t: &Texts) -> Language {
    Language::from_code(t.lang).unwrap_or_default()
}

/// The signed-in user or a redirect to the login page.
// A page handler returns the redirect itself; boxing it would only add noise.
#[allow(clippy::result_large_err)]
fn require(user: MaybeUser, next: &str) -> Result<CurrentUser, Response> {
    user.0.ok_or_else(|| {
        let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        Redirect::to(&format!("/login?next={next}")).into_response()
    })
}

macro_rules! page_try {
    ($t:expr, $user:expr, $e:expr) => {
        match $e {
            Ok(value) => value,
            Err(error) => return error_page($t, Some($user), error.into()),
        }
    };
}

fn parse_year(text: &str) -> Result<i32, AppError> {
    text.parse::<i32>()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
        .ok_or(AppError::NotFound("planen"))
}

pub mod decide;

fn status_text(t: &Texts, status: VersionStatus) -> (String, &'static str) {
    match status {
        VersionStatus::Draft => (t.status_draft.into(), "draft"),
        VersionStatus::BoardApproved => (t.status_board.into(), "board"),
        VersionStatus::Approved => (t.status_approved.into(), "approved"),
    }
}

fn plan_of(version: &PlanVersion) -> Result<Plan, AppError> {
    crate::api::stored_plan(version)
}

async fn load_current(
    state: &AppState,
    programme: &Programme,
    year: i32,
) -> Result<PlanVersion, AppError> {
    state
        .store
        .current(programme.id, &store::DocKey::handlingsplan(year))
        .await?
        .ok_or(AppError::NotFound("planen"))
}

fn base_path(slug: &str, year: i32) -> String {
    format!("/programmes/{slug}/plans/{year}")
}

fn form_map(form: &[(String, String)]) -> (Fields, BTreeMap<String, String>) {
    let mut fields = Fields::new();
    let mut meta = BTreeMap::new();
    for (key, value) in form {
        if key == auth::CSRF_FIELD {
            continue;
        }
        if matches!(key.as_str(), "base_version" | "op" | "autosave" | "resolve")
            || key.starts_with("mine:")
            || key.starts_with("choice:")
        {
            meta.insert(key.clone(), value.clone());
        } else if key.len() <= 200 {
            // The last value wins (a checkbox after its hidden "no").
            fields.insert(key.clone(), value.clone());
        }
    }
    (fields, meta)
}

// --- static assets ---------------------------------------------------------------------

async fn css() -> Response {
    asset(CSS, "text/css; charset=utf-8")
}

async fn js() -> Response {
    asset(JS, "text/javascript; charset=utf-8")
}

/// The plan document's style sheet, for the preview and the read-only editor.
async fn document_css() -> Response {
    asset(render::html::CSS, "text/css; charset=utf-8")
}

fn asset(body: &'static str, media_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

// --- log in and out, language ---------------------------------------------------------

async fn root(user: MaybeUser) -> Redirect {
    if user.0.is_some() {
        Redirect::to("/programmes")
    } else {
        Redirect::to("/login")
    }
}

#[derive(Debug, serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/programmes".to_owned(),
    }
}

async fn login_page(
    headers: HeaderMap,
    user: MaybeUser,
    Query(query): Query<NextQuery>,
) -> Response {
    if user.0.is_some() {
        return Redirect::to("/programmes").into_response();
    }
    let t = texts(language(&headers, &user));
    let page = LoginPage {
        l: layout(t, None, t.login_title.into(), "/login".into()),
        error: None,
        username: String::new(),
        next: safe_next(query.next.as_deref()),
    };
    html(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

async fn login_post(
    State(state): State<AppState>,
    client: auth::ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let t = texts(cookie_language(&headers).unwrap_or_default());
    match auth::login(
        &state,
        &form.username,
        &form.password,
        auth::cookie(&headers, auth::SESSION_COOKIE),
        client,
    )
    .await
    {
        Ok(outcome) => {
            // The choice made on the login page becomes the account's, if it has none.
            if outcome.user.language.is_none()
                && let Some(chosen) = cookie_language(&headers)
                && let Err(error) = state.store.set_language(outcome.user.id, chosen).await
            {
                tracing::warn!(%error, "could not store the language");
            }
            let mut response = Redirect::to(&safe_next(form.next.as_deref())).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, outcome.set_cookie);
            response
        }
        Err(error) => {
            let (status, message) = match error {
                AppError::TooManyLogins { .. } => (StatusCode::TOO_MANY_REQUESTS, t.login_limited),
                AppError::Unauthorized => (StatusCode::UNAUTHORIZED, t.login_failed),
                other => return error_page(t, None, other),
            };
            let page = LoginPage {
                l: layout(t, None, t.login_title.into(), "/login".into()),
                error: Some(message.into()),
                username: form.username.chars().take(200).collect(),
                next: safe_next(form.next.as_deref()),
            };
            html(status, &page)
        }
    }
}

async fn logout_post(State(state): State<AppState>, user: MaybeUser) -> Response {
    let mut response = Redirect::to("/login").into_response();
    if let Some(current) = user.0
        && let Ok(clear) = auth::logout(&state, &current).await
    {
        response.headers_mut().insert(header::SET_COOKIE, clear);
    }
    response
}

#[derive(Debug, serde::Deserialize)]
struct LanguageForm {
    back: Option<String>,
}

/// Switches the language: on the account when someone is signed in, and in the cookie
/// (the login page's fallback).
async fn language_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Form(form): Form<LanguageForm>,
) -> Response {
    let next = match language(&headers, &user) {
        Language::Bokmal => Language::Nynorsk,
        Language::Nynorsk => Language::Bokmal,
    };
    if let Some(current) = &user.0
        && let Err(error) = state.store.set_language(current.user.id, next).await
    {
        return error_page(
            texts(language(&headers, &user)),
            Some(current),
            error.into(),
        );
    }
    let mut response = Redirect::to(&safe_next(form.back.as_deref())).into_response();
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        next.code()
    )) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

// --- programmes ------------------------------------------------------------------------

/// Why the overview shows the year it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearReason {
    /// The plan of the year in progress.
    InProgress,
    /// No plan for the year in progress: the first year after it that has one.
    Next,
    /// No plan for this year or later: the newest earlier plan.
    Latest,
}

/// The year a programme's card shows: the year in progress when it has a plan, else the
/// next year that has one, else the newest. `None` without plans.
pub fn shown_year(years: &[i32], this_year: i32) -> Option<(i32, YearReason)> {
    if years.contains(&this_year) {
        return Some((this_year, YearReason::InProgress));
    }
    if let Some(next) = years.iter().copied().filter(|y| *y > this_year).min() {
        return Some((next, YearReason::Next));
    }
    years.iter().copied().max().map(|y| (y, YearReason::Latest))
}

fn year_reason_text(t: &Texts, reason: YearReason, this_year: i32) -> String {
    match reason {
        YearReason::InProgress => t.year_shown_in_progress,
        YearReason::Next => t.year_shown_next,
        YearReason::Latest => t.year_shown_latest,
    }
    .replace("{this_year}", &this_year.to_string())
}

fn figures(t: &Texts, info: &VersionInfo, plan: &Plan) -> YearFigures {
    let evaluation = plan::evaluate(plan);
    let (status, status_class) = status_text(t, info.status);
    YearFigures {
        year: info.year().unwrap_or_default(),
        status,
        status_class,
        jobs: plan::norwegian::integer(evaluation.totals.jobs.this_year),
        cost: plan::norwegian::kroner(evaluation.totals.total_cost),
        reason: String::new(),
    }
}

async fn overview(State(state): State<AppState>, headers: HeaderMap, user: MaybeUser) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, "/programmes") {
        Ok(c) => c,
        Err(r) => return r,
    };
    let programmes: Vec<(Programme, Option<String>)> =
        match crate::access::overview_scope(&current.user) {
            crate::access::Scope::Every => page_try!(t, &current, state.store.programmes().await)
                .into_iter()
                .map(|p| (p, None))
                .collect(),
            crate::access::Scope::MemberOf(user) => {
                page_try!(t, &current, state.store.memberships(user).await)
                    .into_iter()
                    .map(|(p, role)| (p, Some(role_text(t, role).to_owned())))
                    .collect()
            }
        };
    let mut cards = Vec::new();
    for (programme, role) in programmes {
        let plans = page_try!(
            t,
            &current,
            state
                .store
                .documents(programme.id, store::HANDLINGSPLAN)
                .await
        );
        let years: Vec<i32> = plans.iter().filter_map(|p| p.year()).collect();
        let shown = shown_year(&years, crate::clock::now().year());
        let this_year = shown.map(|(year, _)| year);
        let mut current_figures = None;
        if let Some(year) = this_year
            && let Some(version) = page_try!(
                t,
                &current,
                state
                    .store
                    .current(programme.id, &store::DocKey::handlingsplan(year))
                    .await
            )
            && let Ok(plan) = plan_of(&version)
        {
            let mut shown_figures = figures(t, &version.info, &plan);
            if let Some((_, reason)) = shown {
                shown_figures.reason = year_reason_text(t, reason, crate::clock::now().year());
            }
            current_figures = Some(shown_figures);
        }
        cards.push(ProgrammeCard {
            years: plans
                .iter()
                .map(|p| (p.year().unwrap_or_default(), status_text(t, p.status).0))
                .collect(),
            slug: programme.slug,
            name: programme.name,
            area: programme.area,
            county: programme.county,
            period: format!("{}–{}", programme.period_from, programme.period_to),
            role,
            current: current_figures,
        });
    }
    let page = OverviewPage {
        l: layout(
            t,
            Some(&current),
            t.programmes_title.into(),
            "/programmes".into(),
        ),
        programmes: cards,
    };
    html(StatusCode::OK, &page)
}

fn role_text(t: &Texts, role: store::ProgrammeRole) -> &'static str {
    match role {
        store::ProgrammeRole::Editor => t.role_editor,
        store::ProgrammeRole::Board => t.role_board,
        store::ProgrammeRole::Viewer => t.role_viewer,
    }
}

async fn programme_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path(slug): Path<String>,
    Query(wheel_query): Query<yearwheel::YearQuery>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, &format!("/programmes/{slug}")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (programme, access) = page_try!(
        t,
        &current,
        programme_access(&state, &current.user, &slug).await
    );
    let plans = page_try!(
        t,
        &current,
        state
            .store
            .documents(programme.id, store::HANDLINGSPLAN)
            .await
    );
    let mut rows = Vec::new();
    for info in &plans {
        let (status, status_class) = status_text(t, info.status);
        let (mut jobs, mut cost) = (String::new(), String::new());
        if let Some(version) = page_try!(
            t,
            &current,
            state
                .store
                .current(
                    programme.id,
                    &store::DocKey::handlingsplan(info.year().unwrap_or_default())
                )
                .await
        ) && let Ok(plan) = plan_of(&version)
        {
            let f = figures(t, info, &plan);
            jobs = f.jobs;
            cost = f.cost;
        }
        rows.push(PlanRow {
            year: info.year().unwrap_or_default(),
            title: t
                .editor_title
                .replace("{year}", &info.year().unwrap_or_default().to_string()),
            status,
            status_class,
            version: info.version,
            jobs,
            cost,
            author: info.author.clone().unwrap_or_default(),
        });
    }
    let start = if access.can_edit() {
        let last = plans.iter().map(|p| p.year().unwrap_or_default()).max();
        let next = last.map_or(programme.period_from, |y| y + 1);
        (next <= programme.period_to).then(|| StartPlan {
            year: next,
            label: t.start_next_year.replace("{year}", &next.to_string()),
            help: last
                .map(|from| {
                    t.start_next_year_help
                        .replace("{from}", &from.to_string())
                        .replace("{year}", &next.to_string())
                })
                .unwrap_or_default(),
        })
    } else {
        None
    };
    let mut l = layout(
        t,
        Some(&current),
        programme.name.clone(),
        format!("/programmes/{slug}"),
    );
    l.breadcrumbs = vec![(t.nav_programmes.into(), "/programmes".into())];
    let wheel = page_try!(
        t,
        &current,
        yearwheel::programme_wheel(
            &state,
            &programme,
            wheel_query.year.as_deref(),
            t,
            format!("/programmes/{slug}")
        )
        .await
    );
    let wheel_year = wheel.year;
    let wheel_texts = yearwheel::wheel_texts(t);
    let wheel_link = if access.can_edit() {
        wheel_texts.edit_link
    } else {
        wheel_texts.open_link
    }
    .replace("{year}", &wheel_year.to_string());
    let page = ProgrammePage {
        l,
        slug: programme.slug.clone(),
        name: programme.name.clone(),
        area: programme.area.clone(),
        county: programme.county.clone(),
        period: format!("{}–{}", programme.period_from, programme.period_to),
        plans: rows,
        start,
        import_link: access.can_edit().then(|| import::link_text(t).to_owned()),
        wheel,
        wheel_texts,
        wheel_link,
    };
    html(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
struct StartForm {
    year: String,
}

/// Starts a plan: a copy of the newest earlier plan with the year moved on, or a
/// skeleton from the programme's data when there is none.
async fn start_plan(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path(slug): Path<String>,
    Form(form): Form<StartForm>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, &format!("/programmes/{slug}")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (programme, access) = page_try!(
        t,
        &current,
        programme_access(&state, &current.user, &slug).await
    );
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden("starte planer"));
    }
    let year = page_try!(t, &current, parse_year(form.year.trim()));
    let plans = page_try!(
        t,
        &current,
        state
            .store
            .documents(programme.id, store::HANDLINGSPLAN)
            .await
    );
    let exists = plans.iter().any(|p| p.year().unwrap_or_default() == year);
    if let Some(refused) = decide::start_refused(t, &current, &programme, year, exists) {
        return refused;
    }
    let previous = plans
        .iter()
        .filter(|p| p.year().unwrap_or_default() < year)
        .map(|p| p.year().unwrap_or_default())
        .max();
    let plan = match previous {
        Some(from) => {
            let version = page_try!(t, &current, load_current(&state, &programme, from).await);
            let old = page_try!(t, &current, plan_of(&version));
            next_year_plan(&old, year)
        }
        None => skeleton(&programme, year),
    };
    let body = plan::file::to_json(&plan);
    page_try!(
        t,
        &current,
        state
            .store
            .put(
                programme.id,
                &store::DocKey::handlingsplan(year),
                None,
                &body,
                current.user.id,
                crate::clock::now()
            )
            .await
    );
    Redirect::to(&base_path(&slug, year)).to_response_303()
}

trait SeeOther {
    fn to_response_303(self) -> Response;
}

impl SeeOther for Redirect {
    fn to_response_303(self) -> Response {
        self.into_response()
    }
}

/// Next year's plan from an earlier one: [`Plan::next_year`] (same content, no decisions),
/// with the year the user asked for.
pub fn next_year_plan(plan: &Plan, year: i32) -> Plan {
    let mut next = plan.next_year();
    next.year = year;
    next
}

fn skeleton(programme: &Programme, year: i32) -> Plan {
    Plan {
        language: Language::Bokmal,
        programme: plan::Programme {
            name: programme.name.clone(),
            area: programme.area.clone(),
            county: programme.county.clone(),
            vision: None,
            period: plan::Period {
                from: programme.period_from,
                to: programme.period_to,
            },
            jobs_goal: None,
        },
        year,
        approval: plan::Approval::default(),
        focus_areas: Vec::new(),
        admin_costs: plan::Kroner(0),
        financing: Vec::new(),
        previous_results: None,
        communication: None,
    }
}

// --- the editor ------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
struct EditorQuery {
    saved: Option<i64>,
    /// After "Hent resultater fra registeret": 1 when the registry had records.
    fetched: Option<u8>,
    /// After a decision: `board` or `council`.
    decided: Option<String>,
    /// After "Gjenopprett denne versjonen": the version restored (`saved` is the new one).
    restored: Option<i64>,
    /// After a removal: the version that still has the item, and the item's path there.
    undo: Option<i64>,
    removed: Option<String>,
}

async fn editor(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path((slug, year)): Path<(String, String)>,
    Query(query): Query<EditorQuery>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, &format!("/programmes/{slug}/plans/{year}")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = page_try!(t, &current, parse_year(&year));
    let (programme, access) = page_try!(
        t,
        &current,
        programme_access(&state, &current.user, &slug).await
    );
    let version = page_try!(t, &current, load_current(&state, &programme, year).await);
    let plan = page_try!(t, &current, plan_of(&version));
    let fields = from_plan(&plan);
    let mut page = editor_page(
        t,
        &current,
        &programme,
        access,
        &version,
        &plan,
        fields,
        BTreeMap::new(),
        None,
    );
    if let Some(saved) = query.saved {
        page.l.notice = Some(match query.fetched {
            Some(1) => t.fetched_results.replace("{version}", &saved.to_string()),
            Some(_) => t.fetched_nothing.to_owned(),
            None => t.saved_version.replace("{version}", &saved.to_string()),
        });
    }
    if let (Some(undo), Some(path), Some(saved)) =
        (query.undo, query.removed.as_deref(), query.saved)
        && access.can_edit()
    {
        page.undo = page_try!(
            t,
            &current,
            decide::undo_offer(t, &state, &programme, &version, undo, path, saved).await
        );
        if page.undo.is_some() {
            page.l.notice = None;
        }
    }
    if let (Some(restored), Some(saved)) = (query.restored, query.saved) {
        page.l.notice = Some(decide::restored_notice(t, restored, saved));
    }
    if let Some(step) = query.decided.as_deref() {
        page.l.notice = decide::decided_notice(t, &version.info, step);
    }
    if let Err(error) = registry_warning(&state, &programme, &version, &plan, &mut page, t).await {
        return error_page(t, Some(&current), error);
    }
    html(StatusCode::OK, &page)
}

/// The results registry's warning, where the plan's findings are shown: on the editor,
/// and on the editor as a save that did not go through shows it again.
async fn registry_warning(
    state: &AppState,
    programme: &Programme,
    version: &PlanVersion,
    plan: &Plan,
    page: &mut EditorPage,
    t: &'static Texts,
) -> Result<(), AppError> {
    let spoken = computed::in_page_language(plan, t);
    if let Some(finding) =
        crate::results::registry_finding(state, programme.id, version, Some(&spoken)).await?
    {
        results::show_finding(page, plan, finding, t);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn editor_page(
    t: &'static Texts,
    current: &CurrentUser,
    programme: &Programme,
    access: Access,
    version: &PlanVersion,
    plan: &Plan,
    fields: Fields,
    errors: BTreeMap<String, String>,
    approval_error: Option<String>,
) -> EditorPage {
    let year = plan.year;
    let base = base_path(&programme.slug, version.info.year().unwrap_or_default());
    let evaluation = plan::evaluate(plan);
    let fragments: BTreeMap<String, String> = computed::fragments(plan, &evaluation, &fields, t)
        .into_iter()
        .collect();
    let fields_for_findings = fields.clone();
    let summary = errors
        .iter()
        .map(|(path, message)| SummaryError {
            id: input_id(path),
            label: labels::label(path, &fields, t),
            message: message.clone(),
        })
        .collect();
    let frozen = version.info.status.is_frozen();
    let (status, status_class) = status_text(t, version.info.status);
    let editable = access.can_edit() && !frozen;
    let js_texts = json!({
        "saving": t.js_saving, "saved": t.js_saved, "unsaved": t.js_unsaved,
        "offline": t.js_offline, "invalid": t.js_invalid, "conflict": t.js_conflict,
        "expired": t.js_expired, "locked": t.js_locked, "failed": t.js_failed,
        "mine": t.js_mine, "theirs": t.js_theirs, "empty": t.js_empty,
        "structural": t.js_structural,
    })
    .to_string();
    let years = if plan.programme.period.is_valid() {
        plan.programme.period.years()
    } else {
        Vec::new()
    };
    let mut l = layout(
        t,
        Some(current),
        t.editor_title.replace("{year}", &year.to_string()),
        base.clone(),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
    ];
    EditorPage {
        l,
        downloads: FORMATS
            .iter()
            .map(|(label, ext)| {
                (
                    (*label).to_owned(),
                    format!(
                        "/api/v1/programmes/{}/plans/{}/document.{ext}",
                        programme.slug,
                        version.info.year().unwrap_or_default()
                    ),
                )
            })
            .collect(),
        base,
        year: version.info.year().unwrap_or_default(),
        version: version.info.version,
        status,
        status_class,
        editable,
        locked: frozen,
        fields,
        errors,
        summary,
        years,
        fragments,
        js_texts,
        sdgs: (1..=17)
            .map(|n| {
                (
                    n.to_string(),
                    plan::sdg::name(n, plan.language)
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
            .collect(),
        approvals: Approvals {
            board: version
                .info
                .decision("board")
                .map(|d| decide::decision_text(t, "board", d)),
            council: version
                .info
                .decision("council")
                .map(|d| decide::decision_text(t, "council", d)),
            can_board: access.can_record_board() && version.info.status == VersionStatus::Draft,
            can_council: access.can_record_council()
                && version.info.status == VersionStatus::BoardApproved,
            can_reopen: access.can_edit() && frozen,
            can_delete: access.can_edit() && !frozen,
            delete_link: decide::tr(t, "Slett dette utkastet", "Slett dette utkastet"),
            has_errors: evaluation.has_errors(),
            date: decide::today_typed(),
            reference: String::new(),
            board_question: decide::board_question(t),
            board_warning: decide::board_warning(t),
            year_fixed: decide::tr(
                t,
                "Året er planens adresse og kan ikke endres.",
                "Året er adressa til planen og kan ikkje endrast.",
            ),
            error: approval_error,
        },
        undo: None,
        restore_html: t
            .restore_text
            .replace("{n}", "<span id=\"restore-count\">0</span>"),
        field_findings: at_field::at_fields(
            &fields_for_findings,
            &computed::findings_in(plan, &evaluation, t),
        ),
        document: if editable {
            String::new()
        } else {
            render::html_fragment(&render::handlingsplan::document(
                plan,
                &evaluation,
                &render::Options::default(),
            ))
            .unwrap_or_default()
        },
    }
}

fn wants_json(meta: &BTreeMap<String, String>) -> bool {
    meta.get("autosave").is_some_and(|v| v == "1")
}

fn json_response(status: StatusCode, value: serde_json::Value) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(value),
    )
        .into_response()
}

fn errors_json(t: &Texts, errors: &[fields::FieldError]) -> serde_json::Value {
    let language = if t.lang == "nn" {
        Language::Nynorsk
    } else {
        Language::Bokmal
    };
    json!(errors
        .iter()
        .map(|e| json!({ "id": input_id(&e.path), "path": e.path, "message": e.message(language) }))
        .collect::<Vec<_>>())
}

fn error_map(t: &Texts, errors: &[fields::FieldError]) -> BTreeMap<String, String> {
    let language = if t.lang == "nn" {
        Language::Nynorsk
    } else {
        Language::Bokmal
    };
    errors
        .iter()
        .map(|e| (e.path.clone(), e.message(language).to_owned()))
        .collect()
}

/// Saves the editor's form: checks every field, merges onto the latest version when
/// someone else saved in between, applies the button's operation and stores a new version.
async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path((slug, year)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = texts(language(&headers, &user));
    let (mut posted, meta) = form_map(&form);
    let autosave = wants_json(&meta);
    let Some(current) = user.0 else {
        if autosave {
            return json_response(StatusCode::UNAUTHORIZED, json!({ "status": "expired" }));
        }
        return Redirect::to(&format!("/login?next=/programmes/{slug}/plans/{year}"))
            .into_response();
    };
    let fail = |error: AppError| -> Response {
        if autosave {
            json_response(
                error.status(),
                json!({ "status": "error", "message": error.message() }),
            )
        } else {
            error_page(t, Some(&current), error)
        }
    };
    let year = match parse_year(&year) {
        Ok(y) => y,
        Err(e) => return fail(e),
    };
    let (programme, access) = match programme_access(&state, &current.user, &slug).await {
        Ok(found) => found,
        Err(e) => return fail(e),
    };
    if !access.can_edit() {
        return fail(AppError::Forbidden("endre planer i dette programmet"));
    }
    let op = match Op::parse(meta.get("op").map_or("", String::as_str)) {
        Some(op) => op,
        None => return fail(AppError::BadRequest("ukjent handling".into())),
    };
    // The conflict page (without JavaScript, or after the dialog when items moved): the
    // posted fields are the merge; take the user's own value where they chose it.
    if meta.get("resolve").is_some_and(|v| v == "1") {
        let mine: Fields = meta
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("mine:").map(|k| (k.to_owned(), v.clone())))
            .collect();
        let conflicts: Vec<merge::Conflict> = meta
            .iter()
            .filter_map(|(k, v)| {
                let path = k.strip_prefix("choice:")?;
                (v == "mine").then(|| merge::Conflict {
                    path: path.to_owned(),
                    mine: None,
                    theirs: None,
                    mine_fields: mine
                        .iter()
                        .filter(|(k, _)| merge::within(k, path))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                })
            })
            .collect();
        let merged = merge::Merged {
            fields: posted.clone(),
            conflicts,
            moved: Vec::new(),
        };
        posted = merge::resolve(&merged, |_| true);
    }
    let base_version: i64 = meta
        .get("base_version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for _attempt in 0..3 {
        let latest = match load_current(&state, &programme, year).await {
            Ok(v) => v,
            Err(e) => return fail(e),
        };
        let latest_plan = match plan_of(&latest) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        if latest.info.status.is_frozen() {
            if autosave {
                return json_response(
                    StatusCode::CONFLICT,
                    json!({ "status": "locked", "message": t.js_locked }),
                );
            }
            let page = editor_page(
                t,
                &current,
                &programme,
                access,
                &latest,
                &latest_plan,
                from_plan(&latest_plan),
                BTreeMap::new(),
                Some(t.js_locked.into()),
            );
            return html(StatusCode::CONFLICT, &page);
        }
        let mine_plan = match to_plan(&posted, latest_plan.approval)
            .and_then(|plan| decide::same_year(plan, year))
        {
            Ok(p) => p,
            Err(errors) => {
                if autosave {
                    return json_response(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({ "status": "invalid", "errors": errors_json(t, &errors) }),
                    );
                }
                let errs = error_map(t, &errors);
                let mut page = editor_page(
                    t,
                    &current,
                    &programme,
                    access,
                    &latest,
                    &latest_plan,
                    posted.clone(),
                    errs,
                    None,
                );
                if let Err(e) =
                    registry_warning(&state, &programme, &latest, &latest_plan, &mut page, t).await
                {
                    return fail(e);
                }
                return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
        };
        // "Hent resultater fra registeret": the records from the registry replace the
        // form's, as an ordinary change saved as a new version.
        let (mine_plan, fetched) =
            match results::fetch_records(&state, &programme, &op, mine_plan).await {
                Ok(fetched) => fetched,
                Err(e) => return fail(e),
            };
        // The button's add / remove / move applies to the items the user saw, before
        // the merge carries it onto the latest version.
        let mut mine = from_plan(&mine_plan);
        let period_years = mine_plan.programme.period.years();
        let mut anchor = ops::apply(&mut mine, &op, t, &period_years, mine_plan.year);
        let fields = if base_version == latest.info.version {
            mine.clone()
        } else {
            let base = match state
                .store
                .version(
                    programme.id,
                    &store::DocKey::handlingsplan(year),
                    base_version,
                )
                .await
            {
                Ok(Some(v)) => v,
                Ok(None) => latest.clone(),
                Err(e) => return fail(e.into()),
            };
            let base_fields = match plan_of(&base) {
                Ok(p) => from_plan(&p),
                Err(e) => return fail(e),
            };
            let merged = merge::merge(&base_fields, &mine, &from_plan(&latest_plan));
            if !merged.conflicts.is_empty() {
                return conflict_response(
                    t, &current, &programme, &latest, &merged, &mine, autosave,
                );
            }
            anchor = anchor.map(|path| merged.map_path(&path));
            merged.fields
        };
        let new_plan = match to_plan(&fields, latest_plan.approval) {
            Ok(p) => p,
            Err(errors) => {
                let errs = error_map(t, &errors);
                let mut page = editor_page(
                    t,
                    &current,
                    &programme,
                    access,
                    &latest,
                    &latest_plan,
                    fields,
                    errs,
                    None,
                );
                if let Err(e) =
                    registry_warning(&state, &programme, &latest, &latest_plan, &mut page, t).await
                {
                    return fail(e);
                }
                return html(StatusCode::UNPROCESSABLE_ENTITY, &page);
            }
        };
        // A removal first keeps what was typed as its own version, so "Angre" brings the
        // item back exactly as it was (see decide::undo_offer).
        let mut expected_version = latest.info.version;
        if decide::keeps_typed_first(&op, autosave, base_version == latest.info.version)
            && mine_plan != latest_plan
        {
            match state
                .store
                .put(
                    programme.id,
                    &store::DocKey::handlingsplan(year),
                    Some(latest.info.version),
                    &plan::file::to_json(&mine_plan),
                    current.user.id,
                    crate::clock::now(),
                )
                .await
            {
                Ok(info) => expected_version = info.version,
                Err(store::StoreError::Stale { .. }) => continue,
                Err(e) => return fail(e.into()),
            }
        }
        let saved = if new_plan == latest_plan {
            latest.info.clone()
        } else {
            let body = plan::file::to_json(&new_plan);
            match state
                .store
                .put(
                    programme.id,
                    &store::DocKey::handlingsplan(year),
                    Some(expected_version),
                    &body,
                    current.user.id,
                    crate::clock::now(),
                )
                .await
            {
                Ok(info) => info,
                Err(store::StoreError::Stale { .. }) => continue,
                Err(e) => return fail(e.into()),
            }
        };
        if autosave {
            let new_fields = from_plan(&new_plan);
            let evaluation = plan::evaluate(&new_plan);
            let fragments: serde_json::Map<String, serde_json::Value> =
                computed::fragments(&new_plan, &evaluation, &new_fields, t)
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect();
            // Items someone else added or removed are not on this page: it keeps the
            // version its inputs match as its base, so later saves merge onto theirs.
            let structural = item_paths(&new_fields) != item_paths(&from_plan(&mine_plan));
            return json_response(
                StatusCode::OK,
                json!({ "status": "saved", "version": saved.version, "fields": new_fields,
                        "fragments": fragments, "structural": structural }),
            );
        }
        let anchor = anchor
            .map(|path| {
                let target = fields::field_for_path(&from_plan(&new_plan), &path).unwrap_or(path);
                format!("#{}", input_id(&target))
            })
            .unwrap_or_default();
        let fetched = match fetched {
            Some(any) => format!("&fetched={}", u8::from(any)),
            None => String::new(),
        };
        let undo = decide::undo_query(&op, &saved);
        return Redirect::to(&format!(
            "{}?saved={}{fetched}{undo}{anchor}",
            base_path(&slug, year),
            saved.version
        ))
        .into_response();
    }
    fail(AppError::Conflict {
        code: "changed",
        message: t.js_conflict.into(),
        details: None,
    })
}

use ops::Op;

/// Every list item of the fields (`financing[0]`, `focus_areas[1].strategies[0]`, …).
fn item_paths(fields: &Fields) -> std::collections::BTreeSet<&str> {
    fields
        .keys()
        .flat_map(|key| key.match_indices(']').map(move |(at, _)| &key[..=at]))
        .collect()
}

fn conflict_response(
    t: &'static Texts,
    current: &CurrentUser,
    programme: &Programme,
    latest: &PlanVersion,
    merged: &merge::Merged,
    mine: &Fields,
    autosave: bool,
) -> Response {
    let show = |value: &Option<String>, item: bool| match value {
        Some(v) => v.clone(),
        None if item => t.conflict_removed.to_owned(),
        None => String::new(),
    };
    let views: Vec<ConflictView> = merged
        .conflicts
        .iter()
        .enumerate()
        .map(|(index, c)| {
            // Names of items come from the merge, or from the user's item offered back.
            let mut known = merged.fields.clone();
            known.extend(c.mine_fields.clone());
            let label = labels::label(&c.path, &known, t);
            ConflictView {
                index,
                path: c.path.clone(),
                label: if c.is_item() {
                    format!("{label} ({})", t.conflict_item)
                } else {
                    label
                },
                mine: show(&c.mine, c.is_item()),
                theirs: show(&c.theirs, c.is_item()),
            }
        })
        .collect();
    if autosave {
        return json_response(
            StatusCode::CONFLICT,
            json!({
                "status": "conflict",
                "version": latest.info.version,
                "fields": merged.fields,
                // Items were added, removed or moved: the page's inputs no longer match
                // the merge, so the choices go to the server as the conflict page's form.
                "structural": merged.conflicts.iter().any(merge::Conflict::is_item)
                    || item_paths(&merged.fields) != item_paths(mine),
                "conflicts": views.iter().zip(&merged.conflicts).map(|(v, c)| json!({
                    "path": v.path, "id": input_id(&v.path), "label": v.label,
                    "mine": v.mine, "theirs": v.theirs, "mine_fields": c.mine_fields,
                    "item": c.is_item(),
                })).collect::<Vec<_>>(),
            }),
        );
    }
    let base = base_path(&programme.slug, latest.info.year().unwrap_or_default());
    let mut l = layout(t, Some(current), t.conflict_title.into(), base.clone());
    l.breadcrumbs = vec![(t.nav_programmes.into(), "/programmes".into())];
    let page = ConflictPage {
        l,
        action: base.clone(),
        version: latest.info.version,
        merged: merged
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        mine: merged
            .conflicts
            .iter()
            .flat_map(|c| c.mine_fields.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect(),
        conflicts: views,
        back: base,
    };
    html(StatusCode::CONFLICT, &page)
}

/// The live check: the posted form's tables and findings, without saving.
async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path((slug, year)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = texts(language(&headers, &user));
    let Some(current) = user.0 else {
        return json_response(StatusCode::UNAUTHORIZED, json!({ "status": "expired" }));
    };
    let Ok(year) = parse_year(&year) else {
        return json_response(StatusCode::NOT_FOUND, json!({ "status": "error" }));
    };
    let Ok((programme, _)) = programme_access(&state, &current.user, &slug).await else {
        return json_response(StatusCode::NOT_FOUND, json!({ "status": "error" }));
    };
    let Ok(version) = load_current(&state, &programme, year).await else {
        return json_response(StatusCode::NOT_FOUND, json!({ "status": "error" }));
    };
    let approval = match plan_of(&version) {
        Ok(plan) => plan.approval,
        Err(_) => return json_response(StatusCode::NOT_FOUND, json!({ "status": "error" })),
    };
    let (fields, _) = form_map(&form);
    match to_plan(&fields, approval) {
        Ok(plan) => {
            let mut evaluation = plan::evaluate(&plan);
            let spoken = computed::in_page_language(&plan, t);
            if let Ok(Some(finding)) =
                crate::results::registry_finding(&state, programme.id, &version, Some(&spoken))
                    .await
            {
                evaluation.findings.push(finding);
            }
            let fragments: serde_json::Map<String, serde_json::Value> =
                computed::fragments(&plan, &evaluation, &fields, t)
                    .into_iter()
                    .map(|(k, v)| (k, serde_json::Value::String(v)))
                    .collect();
            json_response(
                StatusCode::OK,
                json!({ "status": "ok", "errors": [], "fragments": fragments }),
            )
        }
        Err(errors) => json_response(
            StatusCode::OK,
            json!({ "status": "invalid", "errors": errors_json(t, &errors), "fragments": {} }),
        ),
    }
}

// --- preview and history ---------------------------------------------------------------

async fn preview(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path((slug, year)): Path<(String, String)>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, &format!("/programmes/{slug}/plans/{year}/preview")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = page_try!(t, &current, parse_year(&year));
    let (programme, _) = page_try!(
        t,
        &current,
        programme_access(&state, &current.user, &slug).await
    );
    let version = page_try!(t, &current, load_current(&state, &programme, year).await);
    let plan = page_try!(t, &current, plan_of(&version));
    let evaluation = plan::evaluate(&plan);
    let document = render::html_fragment(&render::handlingsplan::document(
        &plan,
        &evaluation,
        &render::Options::default(),
    ))
    .unwrap_or_default();
    let base = base_path(&slug, year);
    let mut l = layout(
        t,
        Some(&current),
        format!(
            "{} – {}",
            t.preview,
            t.editor_title.replace("{year}", &year.to_string())
        ),
        format!("{base}/preview"),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (programme.name.clone(), format!("/programmes/{slug}")),
        (
            t.editor_title.replace("{year}", &year.to_string()),
            base.clone(),
        ),
    ];
    let page = PreviewPage {
        l,
        downloads: FORMATS
            .iter()
            .map(|(label, ext)| {
                (
                    (*label).to_owned(),
                    format!("/api/v1/programmes/{slug}/plans/{year}/document.{ext}"),
                )
            })
            .collect(),
        base,
        document,
    };
    html(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
struct HistoryQuery {
    from: Option<i64>,
    to: Option<i64>,
    page: Option<usize>,
}

/// Versions per page of the history table.
pub const HISTORY_PAGE_SIZE: usize = 20;

async fn history(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path((slug, year)): Path<(String, String)>,
    Query(query): Query<HistoryQuery>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, &format!("/programmes/{slug}/plans/{year}/history")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = page_try!(t, &current, parse_year(&year));
    let (programme, access) = page_try!(
        t,
        &current,
        programme_access(&state, &current.user, &slug).await
    );
    let infos = page_try!(
        t,
        &current,
        state
            .store
            .versions(programme.id, &store::DocKey::handlingsplan(year))
            .await
    );
    let last = infos.last().map_or(1, |v| v.version);
    let to = query.to.unwrap_or(last);
    let from = query.from.unwrap_or((to - 1).max(1));
    let board_version = infos
        .iter()
        .rev()
        .find(|v| v.status == VersionStatus::BoardApproved)
        .map(|v| v.version);
    let mut diff = None;
    if query.from.is_some() || query.to.is_some() || infos.len() > 1 {
        let a = page_try!(
            t,
            &current,
            state
                .store
                .version(programme.id, &store::DocKey::handlingsplan(year), from)
                .await
        );
        let b = page_try!(
            t,
            &current,
            state
                .store
                .version(programme.id, &store::DocKey::handlingsplan(year), to)
                .await
        );
        if let (Some(a), Some(b)) = (a, b) {
            let fa = from_plan(&page_try!(t, &current, plan_of(&a)));
            let fb = from_plan(&page_try!(t, &current, plan_of(&b)));
            let keys: std::collections::BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
            diff = Some(
                keys.into_iter()
                    .filter(|k| fa.get(*k) != fb.get(*k))
                    .map(|k| DiffRow {
                        label: labels::label(k, if fb.contains_key(k) { &fb } else { &fa }, t),
                        before: fa.get(k).cloned().unwrap_or_default(),
                        after: fb.get(k).cloned().unwrap_or_default(),
                    })
                    .collect(),
            );
        }
    }
    let base = base_path(&slug, year);
    let mut l = layout(
        t,
        Some(&current),
        format!(
            "{} – {}",
            t.history,
            t.editor_title.replace("{year}", &year.to_string())
        ),
        format!("{base}/history"),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (programme.name.clone(), format!("/programmes/{slug}")),
        (
            t.editor_title.replace("{year}", &year.to_string()),
            base.clone(),
        ),
    ];
    // Newest first, HISTORY_PAGE_SIZE at a time; page 1 holds the newest.
    let pages = infos.len().div_ceil(HISTORY_PAGE_SIZE).max(1);
    let page_number = query.page.unwrap_or(1).clamp(1, pages);
    let shown: Vec<&VersionInfo> = infos
        .iter()
        .rev()
        .skip((page_number - 1) * HISTORY_PAGE_SIZE)
        .take(HISTORY_PAGE_SIZE)
        .collect();
    let page_link = |n: usize| {
        let mut link = format!("{base}/history?page={n}");
        if let Some(from) = query.from {
            link.push_str(&format!("&from={from}"));
        }
        if let Some(to) = query.to {
            link.push_str(&format!("&to={to}"));
        }
        link
    };
    let paging = Paging {
        newer: (page_number > 1).then(|| page_link(page_number - 1)),
        older: (page_number < pages).then(|| page_link(page_number + 1)),
        text: t
            .page_of
            .replace("{page}", &page_number.to_string())
            .replace("{pages}", &pages.to_string()),
        range: match (shown.last(), shown.first()) {
            (Some(oldest), Some(newest)) => t
                .versions_range
                .replace("{from}", &oldest.version.to_string())
                .replace("{to}", &newest.version.to_string())
                .replace("{total}", &infos.len().to_string()),
            _ => String::new(),
        },
    };
    let restore = decide::restore_box(t, access, &infos, from);
    let page = HistoryPage {
        l,
        restore,
        base,
        all_versions: infos.iter().map(|v| v.version).collect(),
        paging,
        versions: shown
            .into_iter()
            .map(|v| {
                let (status, status_class) = status_text(t, v.status);
                VersionRow {
                    version: v.version,
                    status,
                    status_class,
                    author: v.author.clone().unwrap_or_default(),
                    at: v
                        .created_at
                        .format(&time::format_description::well_known::Rfc3339)
                        .map(|s| s.replace('T', " ").chars().take(16).collect())
                        .unwrap_or_default(),
                    note: [
                        v.decision("board")
                            .map(|d| decide::decision_text(t, "board", d)),
                        v.decision("council")
                            .map(|d| decide::decision_text(t, "council", d)),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                }
            })
            .collect(),
        from,
        to,
        diff_title: t
            .diff_title
            .replace("{a}", &from.to_string())
            .replace("{b}", &to.to_string()),
        diff,
        since_board: board_version.filter(|b| *b < last).map(|b| (b, last)),
    };
    html(StatusCode::OK, &page)
}

// --- approvals -------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
struct ReopenForm {
    base_version: Option<i64>,
}

async fn reopen(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Path((slug, year)): Path<(String, String)>,
    Form(form): Form<ReopenForm>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require(user, &format!("/programmes/{slug}/plans/{year}")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let year = page_try!(t, &current, parse_year(&year));
    let (programme, access) = page_try!(
        t,
        &current,
        programme_access(&state, &current.user, &slug).await
    );
    let reopened = crate::workflow::reopen(
        &state,
        &programme,
        access,
        year,
        form.base_version,
        current.user.id,
    )
    .await;
    match reopened {
        Ok(info) => Redirect::to(&format!(
            "{}?saved={}",
            base_path(&slug, year),
            info.version
        ))
        .into_response(),
        // The same refusals as the API's (409 for a draft or a changed plan), in the
        // user's language.
        Err(crate::workflow::Refusal::NotFrozen) => message_page(
            t,
            &current,
            StatusCode::CONFLICT,
            t.reopen_not_frozen,
            base_path(&slug, year),
        ),
        Err(crate::workflow::Refusal::Changed) => message_page(
            t,
            &current,
            StatusCode::CONFLICT,
            t.reopen_changed,
            base_path(&slug, year),
        ),
        Err(crate::workflow::Refusal::Forbidden) => {
            error_page(t, Some(&current), AppError::Forbidden("gjenåpne planer"))
        }
        Err(crate::workflow::Refusal::Other(error)) => error_page(t, Some(&current), error),
    }
}

// --- admin -----------------------------------------------------------------------------

#[allow(clippy::result_large_err)]
fn require_admin(user: MaybeUser) -> Result<CurrentUser, Response> {
    let current = require(user, "/admin")?;
    if current.user.global_role != Some(store::GlobalRole::Admin) {
        let t = texts(current.user.language.unwrap_or_default());
        return Err(error_page(
            t,
            Some(&current),
            AppError::Forbidden("administrere brukere"),
        ));
    }
    Ok(current)
}

async fn admin_page(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let listed = async {
        Ok::<_, store::StoreError>((
            state.store.programmes().await?,
            state.store.users().await?,
            state.store.all_memberships().await?,
        ))
    };
    let (programmes, users, memberships) = match listed.await {
        Ok(found) => found,
        Err(e) => return error_page(t, Some(current), e.into()),
    };
    let mut l = layout(t, Some(current), t.nav_admin.into(), "/admin".into());
    l.notice = notice;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    html(
        status,
        &AdminPage {
            l,
            programmes: programmes.into_iter().map(|p| (p.slug, p.name)).collect(),
            users: users
                .into_iter()
                .map(|u| UserRow {
                    role: match u.global_role {
                        Some(store::GlobalRole::Admin) => t.role_admin,
                        Some(store::GlobalRole::Observer) => t.role_observer,
                        None => t.role_none,
                    },
                    language: match u.language {
                        Some(Language::Nynorsk) => t.language_nn,
                        _ => t.language_nb,
                    },
                    name: u.name,
                })
                .collect(),
            memberships: memberships
                .into_iter()
                .enumerate()
                .map(|(index, m)| MemberRow {
                    index,
                    role_label: t
                        .role_for
                        .replace("{user}", &m.user_name)
                        .replace("{programme}", &m.programme_name),
                    remove_label: t
                        .remove_member_label
                        .replace("{user}", &m.user_name)
                        .replace("{programme}", &m.programme_name),
                    role: m.role.as_str(),
                    role_text: role_text(t, m.role),
                    programme_slug: m.programme_slug,
                    programme_name: m.programme_name,
                    user_name: m.user_name,
                })
                .collect(),
            error,
        },
    )
}

async fn admin(State(state): State<AppState>, headers: HeaderMap, user: MaybeUser) -> Response {
    let t = texts(language(&headers, &user));
    match require_admin(user) {
        Ok(current) => admin_page(&state, t, &current, None, None).await,
        Err(r) => r,
    }
}

#[derive(Debug, serde::Deserialize)]
struct UserForm {
    username: String,
    password: String,
    role: Option<String>,
}

async fn add_user(
    State(state): State<AppState>,
    client: auth::ClientAddr,
    headers: HeaderMap,
    user: MaybeUser,
    Form(form): Form<UserForm>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require_admin(user) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let name = form.username.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return admin_page(
            &state,
            t,
            &current,
            None,
            Some(t.login_failed.replace("Feil", "Ugyldig").to_owned()),
        )
        .await;
    }
    let role = form.role.as_deref().and_then(store::GlobalRole::parse);
    let owner = crate::password::PasswordOwner {
        name: &name,
        admin: role == Some(store::GlobalRole::Admin),
    };
    if let Err(problem) = crate::password::check(&form.password, owner) {
        let message = problem.message(current.user.language.unwrap_or_default());
        return admin_page(&state, t, &current, None, Some(message)).await;
    }
    let password = form.password.clone();
    let hash = match tokio::task::spawn_blocking(move || auth::hash_password(&password)).await {
        Ok(Ok(hash)) => hash,
        _ => {
            return error_page(
                t,
                Some(&current),
                AppError::internal(anyhow::anyhow!("hashing failed")),
            );
        }
    };
    match state
        .store
        .create_user(&name, Some(&hash), role, crate::clock::now())
        .await
    {
        Ok(_) => {
            // A security event: who made the account, its role, from where.
            let object = match role {
                Some(role) => format!("{} ({role})", auth::user_object(&name)),
                None => auth::user_object(&name),
            };
            let event = Some(current.user.id);
            if let Err(error) =
                auth::record_event(&state, event, "user.create", &object, client).await
            {
                return error_page(t, Some(&current), error);
            }
            admin_page(&state, t, &current, Some(t.user_added.into()), None).await
        }
        Err(store::StoreError::Conflict(_)) => {
            admin_page(
                &state,
                t,
                &current,
                None,
                Some(format!("«{name}»: {}", t.plan_exists.replace("{year}", ""))),
            )
            .await
        }
        Err(e) => error_page(t, Some(&current), e.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
struct MemberForm {
    username: String,
    programme: String,
    role: String,
}

async fn set_member(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Form(form): Form<MemberForm>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require_admin(user) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(role) = store::ProgrammeRole::parse(&form.role) else {
        return admin_page(&state, t, &current, None, Some(t.forbidden.into())).await;
    };
    let found = match state.store.user_by_name(form.username.trim()).await {
        Ok(found) => found,
        Err(e) => return error_page(t, Some(&current), e.into()),
    };
    let programme = match state.store.programme(&form.programme).await {
        Ok(p) => p,
        Err(e) => return error_page(t, Some(&current), e.into()),
    };
    let (Some((member, _)), Some(programme)) = (found, programme) else {
        return admin_page(&state, t, &current, None, Some(t.not_found.into())).await;
    };
    match state
        .store
        .set_member(
            programme.id,
            member.id,
            role,
            Some(current.user.id),
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => admin_page(&state, t, &current, Some(t.member_set.into()), None).await,
        Err(e) => error_page(t, Some(&current), e.into()),
    }
}

#[derive(Debug, serde::Deserialize)]
struct RemoveMemberForm {
    username: String,
    programme: String,
}

async fn remove_member(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: MaybeUser,
    Form(form): Form<RemoveMemberForm>,
) -> Response {
    let t = texts(language(&headers, &user));
    let current = match require_admin(user) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let found = async {
        Ok::<_, store::StoreError>((
            state.store.user_by_name(form.username.trim()).await?,
            state.store.programme(&form.programme).await?,
        ))
    };
    let (found, programme) = match found.await {
        Ok(found) => found,
        Err(e) => return error_page(t, Some(&current), e.into()),
    };
    let (Some((member, _)), Some(programme)) = (found, programme) else {
        return admin_page(&state, t, &current, None, Some(t.not_found.into())).await;
    };
    match state
        .store
        .remove_member(
            programme.id,
            member.id,
            Some(current.user.id),
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => admin_page(&state, t, &current, Some(t.member_removed.into()), None).await,
        Err(store::StoreError::NotFound) => {
            admin_page(&state, t, &current, None, Some(t.not_found.into())).await
        }
        Err(e) => error_page(t, Some(&current), e.into()),
    }
}
