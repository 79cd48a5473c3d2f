//! The opening every page handler shares, written once as extractors: the page's texts
//! in the user's målform, the signed-in user (or a redirect to the login page that comes
//! back), and, for a programme's pages, the programme in the address with the caller's
//! access as [`crate::access`] decides it, and the year in the address by the one rule
//! for years ([`crate::api::parse_year`]).
//!
//! A handler names what it needs ([`SignedIn`], [`ProgrammeContext`], [`PlanContext`], [`Administrator`]) and
//! starts with it; a refusal ([`Refused`]) is the login redirect or the error page in the
//! user's language, or, for the endpoints the editor's script calls, the same refusal as
//! JSON ([`Refused::json`]): such a handler takes `Result<PlanContext, Refused>`.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use store::Programme;

use super::texts::{Texts, texts};
use super::{error_page, json_response, language};
use crate::AppState;
use crate::access::{Access, programme_access};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;

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
