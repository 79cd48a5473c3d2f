//! Server-rendered HTML pages: log in and out, the programmes, a programme's plans, the
//! plan editor (with live totals, findings and autosave through `static/app.js`), the
//! preview, the version history with a readable diff, the approval steps and the admin
//! pages. Everything works without JavaScript: forms post and redirect.
//!
//! Forms are converted to the document by hand (each kind's [`form::EditorForm`]; the
//! yearly plan's [`fields`]); a save carries the version
//! its page was loaded from and is merged field by field onto the latest version
//! ([`merge`]), so two people editing different parts never overwrite each other and the
//! same value edited twice becomes a conflict the user resolves. Access rules are the
//! API's ([`crate::access`]); this module never decides more than it does.
//!
//! This module keeps the router and the helpers every page shares (layout, error pages,
//! assets); the handlers live in [`pages`], one module per page family (auth,
//! programmes, editor, history, decide, admin, account, tokens, import, results,
//! overview, yearwheel), and each opens with one of [`page`]'s extractors.

pub mod at_field;
pub mod computed;
pub(crate) mod errors;
pub mod fields;
pub mod form;
pub mod labels;
pub mod merge;
pub mod ops;
mod page;
pub mod texts;
pub mod views;

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use plan::Language;
use plan::handlingsplan::Plan;
use plan::omstillingsplan::Omstillingsplan;
use serde_json::json;
use store::{PlanVersion, Programme, VersionInfo, VersionStatus};

use crate::AppState;
use crate::access::Access;
use crate::auth::{self, CurrentUser, MaybeUser};
use crate::error::AppError;
use fields::{Fields, from_plan, input_id};
use page::{
    Administrator, DocContext, DocPages, Landing, PlanContext, ProgrammeContext, Refused, SignedIn,
};
pub use pages::programmes::{YearReason, shown_year};
use pages::{account, decide, import, mail, op_editor, overview, results, tokens, yearwheel};
use pages::{admin::*, auth::*, editor::*, history::*, programmes::*};
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
        .route(
            "/programmes/{slug}/plans/{year}/preview",
            get(preview::<Plan>),
        )
        .route(
            "/programmes/{slug}/plans/{year}/history",
            get(history::<Plan>),
        )
        .route(
            "/programmes/{slug}/plans/{year}/approvals",
            get(decide::approvals_page::<Plan>).post(decide::approve::<Plan>),
        )
        .route(
            "/programmes/{slug}/plans/{year}/restore",
            post(decide::restore::<Plan>),
        )
        .route(
            "/programmes/{slug}/plans/{year}/delete",
            get(decide::delete_page).post(decide::delete),
        )
        .route(
            "/programmes/{slug}/plans/{year}/reopen",
            post(reopen::<Plan>),
        )
        // Omstillingsplan pages
        .route(
            "/programmes/{slug}/omstillingsplan/preview",
            get(preview::<Omstillingsplan>),
        )
        .route(
            "/programmes/{slug}/omstillingsplan/history",
            get(history::<Omstillingsplan>),
        )
        .route(
            "/programmes/{slug}/omstillingsplan/approvals",
            get(decide::approvals_page::<Omstillingsplan>).post(decide::approve::<Omstillingsplan>),
        )
        .route(
            "/programmes/{slug}/omstillingsplan/restore",
            post(decide::restore::<Omstillingsplan>),
        )
        .route(
            "/programmes/{slug}/omstillingsplan/reopen",
            post(reopen::<Omstillingsplan>),
        )
        // Omstillingsplan editor
        .route(
            "/programmes/{slug}/omstillingsplan",
            get(op_editor::editor).post(op_editor::save),
        )
        .route(
            "/programmes/{slug}/omstillingsplan/check",
            post(op_editor::check),
        )
        .route(
            "/programmes/{slug}/omstillingsplan/start",
            post(op_editor::start),
        )
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
        .merge(mail::routes())
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
        is_admin: user.is_some_and(|u| crate::access::administers(&u.user)),
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

macro_rules! page_try {
    ($t:expr, $user:expr, $e:expr) => {
        match $e {
            Ok(value) => value,
            Err(error) => return error_page($t, Some($user), error.into()),
        }
    };
}

// After the macro, so the pages can use it.
mod pages;

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
    crate::workflow::current::<Plan>(state, programme, &store::DocKey::handlingsplan(year)).await
}

/// The breadcrumbs of a yearly plan's pages: the programmes, the programme, the plan.
fn plan_breadcrumbs(t: &Texts, programme: &Programme, year: i32) -> Vec<(String, String)> {
    vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
        (
            t.editor_title.replace("{year}", &year.to_string()),
            base_path(&programme.slug, year),
        ),
    ]
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
