//! The opening every page handler shares, written once as extractors: the page's texts
//! in the user's målform, the signed-in user (or a redirect to the login page that comes
//! back), and, for a programme's pages, the programme in the address with the caller's
//! access as [`crate::access`] decides it, and the year in the address by the one rule
//! for years ([`crate::api::parse_year`]).
//!
//! A handler names what it needs ([`SignedIn`], [`ProgrammeContext`], [`PlanContext`],
//! [`DocContext`], [`Administrator`]) and starts with it; a refusal ([`Refused`]) is the login redirect or the error page in the
//! user's language, or, for the endpoints the editor's script calls, the same refusal as
//! JSON ([`Refused::json`]): such a handler takes `Result<PlanContext, Refused>`.

use std::future::Future;
use std::marker::PhantomData;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use plan::DocumentKind;
use plan::handlingsplan::Plan;
use plan::omstillingsplan::Omstillingsplan;
use serde_json::json;
use store::{DocKey, Programme};

use super::fields::Fields;
use super::texts::{Texts, texts};
use super::{error_page, json_response, language};
use crate::AppState;
use crate::access::{Access, programme_access};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::kinds::Kind;

/// A page for a signed-in user.
pub(super) struct SignedIn {
    pub t: &'static Texts,
    pub current: CurrentUser,
}

/// A page of one programme the caller may see.
pub(super) struct ProgrammeContext {
    pub t: &'static Texts,
    pub current: CurrentUser,
    pub programme: Programme,
    pub access: Access,
}

/// A page of one yearly plan of a programme the caller may see. The year is read by
/// the address's rule; whether the plan exists is the handler's business.
pub(super) struct PlanContext {
    pub t: &'static Texts,
    pub current: CurrentUser,
    pub programme: Programme,
    pub access: Access,
    pub year: i32,
}

/// A page of one document of kind `K` of a programme the caller may see: a yearly plan
/// (`plans/{year}`, the year read by the kind's rule, [`crate::kinds::Kind::parse_key`]) or
/// the programme's one Omstillingsplan (`omstillingsplan`). The page families that every
/// kind has (preview, history, approvals, reopen, restore) open with it, written once.
pub(super) struct DocContext<K> {
    pub t: &'static Texts,
    pub current: CurrentUser,
    pub programme: Programme,
    pub access: Access,
    /// The document's store key (`"2027"`, or `""` for the Omstillingsplan).
    pub key: String,
    /// The document's address in the store.
    pub doc: DocKey,
    kind: PhantomData<fn() -> K>,
}

impl<K: DocPages> DocContext<K> {
    /// The document's page address (`/programmes/{slug}/plans/{year}`).
    pub fn base(&self) -> String {
        K::base_path(&self.programme.slug, &self.key)
    }

    /// The document's title (`Handlingsplan 2027`, `Omstillingsplan`).
    pub fn title(&self) -> String {
        K::title(self.t, &self.key)
    }

    /// The breadcrumbs of the document's pages: the programmes, the programme, the document.
    pub fn breadcrumbs(&self) -> Vec<(String, String)> {
        vec![
            (self.t.nav_programmes.into(), "/programmes".into()),
            (
                self.programme.name.clone(),
                format!("/programmes/{}", self.programme.slug),
            ),
            (self.title(), self.base()),
        ]
    }
}

/// Where a page family lands after a step it took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Landing {
    /// A decision was recorded (`decided=board|council`).
    Decided,
    /// A frozen version was reopened (`saved=n`).
    Reopened,
    /// An older version was restored (`restored=n&saved=m`).
    Restored,
}

/// What the pages need of a kind of document besides [`Kind`]: its page address, its
/// title, the fields its version diff compares, where a step lands and how a refused
/// decision is shown. Implemented for the yearly [`Plan`] (whose steps land on its
/// editor, as before) and the [`Omstillingsplan`] (whose steps land on its approvals and
/// history pages).
pub(super) trait DocPages: Kind {
    /// The page address of the document `key`.
    fn base_path(slug: &str, key: &str) -> String;
    /// The document's title in the page's målform.
    fn title(t: &Texts, key: &str) -> String;
    /// The fields the version diff compares, by path.
    fn diff_fields(&self) -> Fields;
    /// Where the page lands after a step, with `query`.
    fn landing(base: &str, landing: Landing, query: &str) -> String;
    /// The page shown when a decision is refused: the message at the approval form, with
    /// the date and case number as typed.
    fn approval_refused(
        state: &AppState,
        page: DocContext<Self>,
        message: String,
        date: String,
        reference: String,
    ) -> impl Future<Output = Response> + Send;
}

impl DocPages for Plan {
    fn base_path(slug: &str, key: &str) -> String {
        format!("/programmes/{slug}/plans/{key}")
    }
    fn title(t: &Texts, key: &str) -> String {
        t.editor_title.replace("{year}", key)
    }
    fn diff_fields(&self) -> Fields {
        super::fields::from_plan(self)
    }
    fn landing(base: &str, _landing: Landing, query: &str) -> String {
        format!("{base}?{query}")
    }
    /// The editor again, with the message at its approval form.
    async fn approval_refused(
        state: &AppState,
        page: DocContext<Self>,
        message: String,
        date: String,
        reference: String,
    ) -> Response {
        super::pages::decide::plan_approval_refused(state, page, message, date, reference).await
    }
}

impl DocPages for Omstillingsplan {
    fn base_path(slug: &str, _key: &str) -> String {
        format!("/programmes/{slug}/omstillingsplan")
    }
    fn title(t: &Texts, _key: &str) -> String {
        super::pages::decide::tr(t, "Omstillingsplan", "Omstillingsplan").to_owned()
    }
    fn diff_fields(&self) -> Fields {
        json_fields(&self.to_json())
    }
    fn landing(base: &str, landing: Landing, query: &str) -> String {
        match landing {
            Landing::Decided | Landing::Reopened => format!("{base}/approvals?{query}"),
            Landing::Restored => format!("{base}/history?{query}"),
        }
    }
    /// The approvals page again, with the message at its form.
    async fn approval_refused(
        state: &AppState,
        page: DocContext<Self>,
        message: String,
        date: String,
        reference: String,
    ) -> Response {
        super::pages::decide::approvals_view(
            state,
            page,
            super::pages::decide::ApprovalsState {
                error: Some(message),
                date: Some(date),
                reference,
                notice: None,
            },
        )
        .await
    }
}

/// A document's canonical JSON as diffable fields: `focus_areas[0].strategies[1].name` →
/// its text (numbers as written, `null` as empty); the `format` line is left out.
pub(super) fn json_fields(json: &str) -> Fields {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut Fields) {
        match value {
            serde_json::Value::Object(members) => {
                for (name, member) in members {
                    let path = if prefix.is_empty() {
                        name.clone()
                    } else {
                        format!("{prefix}.{name}")
                    };
                    walk(&path, member, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), item, out);
                }
            }
            serde_json::Value::String(text) => {
                out.insert(prefix.to_owned(), text.clone());
            }
            serde_json::Value::Null => {
                out.insert(prefix.to_owned(), String::new());
            }
            other => {
                out.insert(prefix.to_owned(), other.to_string());
            }
        }
    }
    let mut out = Fields::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(json) {
        walk("", &value, &mut out);
    }
    out.remove("format");
    out
}

impl ProgrammeContext {
    /// The texts, the user, the programme and the access, for a handler's first line.
    pub fn into_parts(self) -> (&'static Texts, CurrentUser, Programme, Access) {
        (self.t, self.current, self.programme, self.access)
    }
}

impl PlanContext {
    /// The texts, the user, the programme, the access and the year.
    pub fn into_parts(self) -> (&'static Texts, CurrentUser, Programme, Access, i32) {
        (self.t, self.current, self.programme, self.access, self.year)
    }
}

/// Why a page could not open.
pub(super) enum Refused {
    /// Nobody is signed in: log in, then come back to `next`.
    SignIn { next: String },
    /// The page is refused with this error (404 for a programme the caller may not see
    /// or a year that is not one), shown in the user's language.
    Error {
        t: &'static Texts,
        current: Option<CurrentUser>,
        error: AppError,
    },
}

impl Refused {
    /// The refusal as the editor's script reads it: `401 {"status":"expired"}` when the
    /// session is gone, else the error's status with `{"status":"error","message"}`.
    pub fn json(self) -> Response {
        match self {
            Refused::SignIn { .. } => {
                json_response(StatusCode::UNAUTHORIZED, json!({ "status": "expired" }))
            }
            Refused::Error { error, .. } => json_response(
                error.status(),
                json!({ "status": "error", "message": error.message() }),
            ),
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::SignIn { next } => {
                let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Redirect::to(&format!("/login?next={next}")).into_response()
            }
            Refused::Error { t, current, error } => error_page(t, current.as_ref(), error),
        }
    }
}

/// Where to come back to after logging in: the page itself for a GET; for a form that
/// was posted (which cannot be posted again), the plan's or the programme's page it
/// belongs to, else the page's own address.
fn next_page(parts: &Parts, slug: Option<&str>, year: Option<&str>) -> String {
    if parts.method == Method::GET || parts.method == Method::HEAD {
        return parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    }
    match (slug, year) {
        (Some(slug), Some(year)) => format!("/programmes/{slug}/plans/{year}"),
        (Some(slug), None) => format!("/programmes/{slug}"),
        _ => parts.uri.path().to_owned(),
    }
}

/// The parameters of the address (`slug`, `year`), whatever else the route has.
async fn params(parts: &mut Parts, state: &AppState) -> Vec<(String, String)> {
    Path::<Vec<(String, String)>>::from_request_parts(parts, state)
        .await
        .map(|Path(params)| params)
        .unwrap_or_default()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

async fn signed_in(
    parts: &mut Parts,
    state: &AppState,
    next: impl FnOnce(&Parts) -> String,
) -> Result<SignedIn, Refused> {
    // `MaybeUser` fails only when the database does; that is an error page in bokmål
    // (nobody's language is known yet).
    let user = match MaybeUser::from_request_parts(parts, state).await {
        Ok(user) => user,
        Err(error) => {
            return Err(Refused::Error {
                t: texts(plan::Language::default()),
                current: None,
                error,
            });
        }
    };
    let t = texts(language(&parts.headers, &user));
    match user.0 {
        Some(current) => Ok(SignedIn { t, current }),
        None => Err(Refused::SignIn { next: next(parts) }),
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        signed_in(parts, state, |parts| next_page(parts, None, None)).await
    }
}

async fn programme_page(
    parts: &mut Parts,
    state: &AppState,
    params: &[(String, String)],
) -> Result<ProgrammeContext, Refused> {
    let slug = param(params, "slug").unwrap_or_default().to_owned();
    let year = param(params, "year");
    let SignedIn { t, current } =
        signed_in(parts, state, |parts| next_page(parts, Some(&slug), year)).await?;
    match programme_access(state, &current.user, &slug).await {
        Ok((programme, access)) => Ok(ProgrammeContext {
            t,
            current,
            programme,
            access,
        }),
        Err(error) => Err(Refused::Error {
            t,
            current: Some(current),
            error,
        }),
    }
}

impl FromRequestParts<AppState> for ProgrammeContext {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        let params = params(parts, state).await;
        programme_page(parts, state, &params).await
    }
}

impl<K: DocPages> FromRequestParts<AppState> for DocContext<K> {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        let params = params(parts, state).await;
        let ProgrammeContext {
            t,
            current,
            programme,
            access,
        } = programme_page(parts, state, &params).await?;
        match K::parse_key(param(&params, "year")) {
            Ok(key) => Ok(DocContext {
                t,
                current,
                programme,
                access,
                doc: crate::kinds::doc_key::<K>(&key),
                key,
                kind: PhantomData,
            }),
            Err(error) => Err(Refused::Error {
                t,
                current: Some(current),
                error,
            }),
        }
    }
}

impl FromRequestParts<AppState> for PlanContext {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        let params = params(parts, state).await;
        let ProgrammeContext {
            t,
            current,
            programme,
            access,
        } = programme_page(parts, state, &params).await?;
        match crate::api::parse_year(param(&params, "year").unwrap_or_default()) {
            Ok(year) => Ok(PlanContext {
                t,
                current,
                programme,
                access,
                year,
            }),
            Err(error) => Err(Refused::Error {
                t,
                current: Some(current),
                error,
            }),
        }
    }
}

/// A page for administrators only: anyone else signed in gets the 403 page (as
/// [`crate::access::administers`] decides).
pub(super) struct Administrator {
    pub t: &'static Texts,
    pub current: CurrentUser,
}

impl FromRequestParts<AppState> for Administrator {
    type Rejection = Refused;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Refused> {
        let SignedIn { t, current } = SignedIn::from_request_parts(parts, state).await?;
        if !crate::access::administers(&current.user) {
            return Err(Refused::Error {
                t,
                current: Some(current),
                error: AppError::Forbidden("administrere brukere"),
            });
        }
        Ok(Administrator { t, current })
    }
}
