//! The JSON API under `/api/v1`: programmes, plans (PUT/GET with ETags), the check
//! object, documents, versions, approvals, reopen and the audit.
//!
//! Every handler resolves the caller ([`CurrentUser`], 401), then the programme
//! ([`programme_access`], 404 for non-members), then the role (403), and only then reads
//! the body. Plan bodies are read with [`plan::file::read`] and stored in the canonical
//! form of [`plan::file::to_json`], so a version's SHA-256 is that of what `GET` returns.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use plan::{Plan, Syntax};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use store::{Caller, PlanRead, PlanVersion, Programme, VersionInfo};

use crate::AppState;
use crate::access::{Access, programme_access};
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::{approvals, documents};

/// The `/api/v1` routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/openapi.json", get(crate::openapi::openapi_json))
        .route("/api/v1/login", post(auth::api_login))
        .route("/api/v1/logout", post(auth::api_logout))
        .route("/api/v1/me", get(auth::api_me))
        .route("/api/v1/programmes", get(list_programmes))
        .route("/api/v1/programmes/{slug}", get(get_programme))
        .route("/api/v1/programmes/{slug}/plans", get(list_plans))
        .route(
            "/api/v1/programmes/{slug}/plans/{year}",
            get(get_plan).put(put_plan).delete(delete_plan),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/check",
            get(get_check),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/approvals",
            post(post_approval),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/reopen",
            post(post_reopen),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/versions",
            get(list_versions),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/versions/{version}",
            get(get_version),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/versions/{version}/restore",
            post(post_restore),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/versions/{version}/archive.zip",
            get(crate::archives::get_archive),
        )
        .route(
            "/api/v1/programmes/{slug}/plans/{year}/{file}",
            get(get_document),
        )
        .route("/api/v1/audit", get(get_audit))
        .route(
            "/api/v1/me/tokens",
            get(crate::tokens::api_list).post(crate::tokens::api_create),
        )
        .route(
            "/api/v1/me/tokens/{id}",
            axum::routing::delete(crate::tokens::api_revoke),
        )
        .route("/api/v1", axum::routing::any(api_not_found))
        .route("/api/v1/{*rest}", axum::routing::any(api_not_found))
}

async fn api_not_found() -> AppError {
    AppError::NotFound("adressen")
}

/// Path parameters; a malformed path is 404 (the resource cannot exist), never a 400
/// in plain text.
pub(crate) struct Params<T>(pub(crate) T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| Params(value))
            .map_err(|_| AppError::NotFound("adressen"))
    }
}

/// Query parameters; a malformed query string is 400 with the usual Norwegian JSON error,
/// never a plain-text rejection.
pub(crate) struct QueryParams<T>(pub(crate) T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| QueryParams(value))
            .map_err(|_| {
                AppError::BadRequest(
                    "Spørrestrengen i adressen kan ikke leses: en parameter står to ganger \
                     eller har en verdi som ikke passer."
                        .to_owned(),
                )
            })
    }
}

/// A version number in a path: 404 unless a positive integer.
pub(crate) fn parse_version(text: &str) -> Result<i64, AppError> {
    text.parse::<i64>()
        .ok()
        .filter(|n| *n >= 1 && !text.starts_with('+'))
        .ok_or(AppError::NotFound("versjonen"))
}

/// A year in an address, by the one rule for years that the API, the pages and the
/// filters share ([`year_of`]): 404 `planen` otherwise.
pub(crate) fn parse_year(text: &str) -> Result<i32, AppError> {
    year_of(text).ok_or(AppError::NotFound("planen"))
}

/// The one rule for a year typed or in an address: four digits, 1000–9999, nothing else
/// (no sign, no spaces; a form trims its field first).
pub(crate) fn year_of(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i32>().ok().filter(|year| *year >= 1000)
}

/// The strong ETag of a version: its number and the start of its SHA-256.
pub fn etag(info: &VersionInfo) -> String {
    format!(
        "\"{}-{}\"",
        info.version,
        &info.sha256[..16.min(info.sha256.len())]
    )
}

/// Whether `If-None-Match` names `tag` (the client's copy is current).
fn not_modified(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
}

/// The version named by `If-Match`: `Ok(None)` without the header.
pub(crate) fn if_match_version(headers: &HeaderMap) -> Result<Option<i64>, AppError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| AppError::PreconditionFailed)?;
    if text.trim() == "*" {
        return Err(AppError::PreconditionRequired);
    }
    text.split(',')
        .map(str::trim)
        .filter(|tag| !tag.starts_with("W/"))
        .filter_map(|tag| tag.strip_prefix('"')?.strip_suffix('"'))
        .filter_map(|tag| tag.split_once('-')?.0.parse::<i64>().ok())
        .find(|version| *version >= 1)
        .map(Some)
        .ok_or(AppError::PreconditionFailed)
}

fn with_etag(mut response: Response, info: &VersionInfo) -> Response {
    if let Ok(value) = HeaderValue::from_str(&etag(info)) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

fn programme_json(programme: &Programme, access: Access) -> Value {
    json!({
        "slug": programme.slug,
        "name": programme.name,
        "area": programme.area,
        "county": programme.county,
        "period": { "from": programme.period_from, "to": programme.period_to },
        "role": access.as_str(),
    })
}

fn version_json(info: &VersionInfo) -> Value {
    json!({
        "year": info.year(),
        "version": info.version,
        "status": info.status,
        "etag": etag(info),
        "sha256": info.sha256,
        "author": info.author,
        "author_id": info.author_id,
        "created_at": info.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "board": info.decision("board"),
        "council": info.decision("council"),
        "has_pdf": info.has_pdf,
    })
}

/// Reads a stored body; a stored body that does not read is a server fault.
pub fn stored_plan(version: &PlanVersion) -> Result<Plan, AppError> {
    plan::file::read(&version.body, Syntax::Json)
        .map_err(|e| AppError::internal(anyhow::anyhow!("stored plan does not read: {e}")))
}

/// The current version of a plan the caller may see.
async fn current_version(
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

async fn list_programmes(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Value>, AppError> {
    let memberships = state.store.memberships(current.user.id).await?;
    let mut out: Vec<Value> = Vec::new();
    match current.user.global_role {
        Some(global) => {
            let fallback = match global {
                store::GlobalRole::Admin => Access::Admin,
                store::GlobalRole::Observer => Access::Observer,
            };
            for programme in state.store.programmes().await? {
                let access = memberships
                    .iter()
                    .find(|(p, _)| p.id == programme.id)
                    .map(|(_, role)| Access::Member(*role))
                    .unwrap_or(fallback);
                out.push(programme_json(&programme, access));
            }
        }
        None => {
            for (programme, role) in &memberships {
                out.push(programme_json(programme, Access::Member(*role)));
            }
        }
    }
    Ok(Json(Value::Array(out)))
}

async fn get_programme(
    State(state): State<AppState>,
    current: CurrentUser,
    Params(slug): Params<String>,
) -> Result<Json<Value>, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    Ok(Json(programme_json(&programme, access)))
}

async fn list_plans(
    State(state): State<AppState>,
    current: CurrentUser,
    Params(slug): Params<String>,
) -> Result<Json<Value>, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let plans = state
        .store
        .documents(programme.id, store::HANDLINGSPLAN)
        .await?;
    Ok(Json(Value::Array(plans.iter().map(version_json).collect())))
}

/// The current version of a plan, for a read by the caller in `headers`. With a bearer
/// token one query says who the caller is, whether they may see the programme and what
/// the plan is; with a session cookie it follows the session's query. The answers are
/// those of [`CurrentUser`] (401), [`programme_access`] (404) and [`parse_year`] (404), in
/// that order.
async fn readable_plan(
    state: &AppState,
    headers: &HeaderMap,
    params: Result<Params<(String, String)>, AppError>,
) -> Result<ReadablePlan, AppError> {
    // A token is checked (revoked, expired) and its use recorded by `resolve`, as on
    // every other route; the read itself then goes by the user.
    let current = auth::resolve(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let caller = Caller::User(current.user.id);
    let Params((slug, year)) = params?;
    // A year that cannot be one reads no plan (years start at 1).
    let read = state
        .store
        .read_document(
            caller,
            &slug,
            &store::DocKey::handlingsplan(parse_year(&year).unwrap_or(0)),
        )
        .await?
        .ok_or(AppError::Unauthorized)?;
    if read.programme.is_none() || Access::of(&read.user, read.role).is_none() {
        return Err(AppError::NotFound("programmet"));
    }
    parse_year(&year)?;
    ReadablePlan::new(read).ok_or(AppError::NotFound("planen"))
}

/// The store's answer to a read of a plan that is there and that the caller may see:
/// shared with the store (which may keep it), so a response sends its body uncopied.
#[derive(Debug, Clone)]
struct ReadablePlan(Arc<PlanRead>);

impl ReadablePlan {
    fn new(read: Arc<PlanRead>) -> Option<ReadablePlan> {
        read.plan.is_some().then_some(ReadablePlan(read))
    }

    fn version(&self) -> &PlanVersion {
        match &self.0.plan {
            Some(version) => version,
            None => unreachable!("ReadablePlan::new takes only reads with a plan"),
        }
    }

    /// The plan's JSON as a response body, sharing the store's answer.
    fn into_body(self) -> Bytes {
        Bytes::from_owner(self)
    }
}

impl AsRef<[u8]> for ReadablePlan {
    fn as_ref(&self) -> &[u8] {
        self.version().body.as_bytes()
    }
}

async fn get_plan(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params<(String, String)>, AppError>,
) -> Result<Response, AppError> {
    let readable = readable_plan(&state, &headers, params).await?;
    let info = &readable.version().info;
    let response = if not_modified(&headers, &etag(info)) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(header::CONTENT_TYPE, "application/json")],
            readable.clone().into_body(),
        )
            .into_response()
    };
    Ok(with_etag(response, info))
}

/// Why a request body is not a plan, as a 422.
fn read_error(error: &plan::ReadError) -> AppError {
    AppError::Unprocessable {
        code: "unreadable-plan",
        message: format!("Planen kan ikke leses: {error}"),
        details: Some(json!({
            "line": error.line,
            "column": error.column,
            "field": error.field,
            "message": error.message,
        })),
    }
}

async fn put_plan(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    if !access.can_edit() {
        return Err(AppError::Forbidden("endre planer i dette programmet"));
    }
    let text = std::str::from_utf8(&body).map_err(|_| AppError::Unprocessable {
        code: "unreadable-plan",
        message: "Planen kan ikke leses: innholdet er ikke UTF-8-tekst.".into(),
        details: None,
    })?;
    let plan = plan::file::read(text, Syntax::Json).map_err(|e| read_error(&e))?;
    if plan.year != year {
        return Err(AppError::Unprocessable {
            code: "year-mismatch",
            message: format!(
                "Året i planen ({}) stemmer ikke med året i adressen ({year}).",
                plan.year
            ),
            details: None,
        });
    }
    let expected = if_match_version(&headers)?;
    let saved = save_draft(&state, &programme, &plan, expected, current.user.id).await?;
    Ok(saved.into_response(&programme.slug))
}

/// A plan saved as its year's draft (see [`save_draft`]).
#[derive(Debug)]
pub(crate) struct Saved {
    pub(crate) info: VersionInfo,
    /// A new plan (version 1), not a new version of one.
    pub(crate) created: bool,
    /// The version as the API shows it, with the plan's check object.
    pub(crate) body: Value,
}

/// Saves `plan` as the draft of its year: the one save path of `PUT …/plans/{year}`, the
/// Word import (API and page). `expected: None` creates the year's plan (428 when it has
/// one); `Some(n)` writes a new version over version `n` (412 when `n` is not current or
/// the plan does not exist; 409 when the plan is frozen).
pub(crate) async fn save_draft(
    state: &AppState,
    programme: &Programme,
    plan: &Plan,
    expected: Option<i64>,
    author: store::UserId,
) -> Result<Saved, AppError> {
    let year = plan.year;
    let canonical = plan::file::to_json(plan);
    let info = state
        .store
        .put(
            programme.id,
            &store::DocKey::handlingsplan(year),
            expected,
            &canonical,
            author,
            crate::clock::now(),
        )
        .await
        .map_err(|e| match e {
            // If-Match named a version of a plan that does not exist.
            store::StoreError::NotFound => AppError::PreconditionFailed,
            other => other.into(),
        })?;
    let evaluation = plan::evaluate(plan);
    tracing::info!(user_id = author, programme = %programme.slug, year, version = info.version, "plan saved");
    let mut body = version_json(&info);
    body["check"] = plan::report::check_json(&evaluation);
    Ok(Saved {
        info,
        created: expected.is_none(),
        body,
    })
}

impl Saved {
    /// 201 with `Location` for a new plan, 200 for a new version; the version's ETag.
    pub(crate) fn into_response(self, slug: &str) -> Response {
        let status = if self.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        let mut response = (status, Json(self.body)).into_response();
        if self.created {
            let location = format!(
                "/api/v1/programmes/{slug}/plans/{}",
                self.info.year().unwrap_or_default()
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
        with_etag(response, &self.info)
    }
}

async fn get_check(
    State(state): State<AppState>,
    headers: HeaderMap,
    params: Result<Params<(String, String)>, AppError>,
) -> Result<Response, AppError> {
    let readable = readable_plan(&state, &headers, params).await?;
    let version = readable.version();
    let mut check = state.checks.get_or_try_insert(&version.info.sha256, || {
        let evaluation = plan::evaluate(&stored_plan(version)?);
        serde_json::to_vec(&plan::report::check_json(&evaluation))
            .map(Bytes::from)
            .map_err(AppError::internal)
    })?;
    // A draft is also compared with the results registry (not memoised: the rows change
    // without the plan changing). The check's ETag is the version's while the registry
    // adds nothing; with the registry's warning it also names the warning's text, so a
    // changed registry never answers 304 to a copy made before the change.
    let mut tag = etag(&version.info);
    if let Some(programme) = &readable.0.programme
        && let Some(finding) =
            crate::results::registry_finding(&state, programme.id, version, None).await?
    {
        let mut value: Value = serde_json::from_slice(&check).map_err(AppError::internal)?;
        let extra = plan::evaluation::findings_json(&[finding]);
        let digest = store::sha256_hex(extra.to_string().as_bytes());
        if let (Some(findings), Value::Array(extra)) = (value["findings"].as_array_mut(), extra) {
            findings.extend(extra);
        }
        check = Bytes::from(serde_json::to_vec(&value).map_err(AppError::internal)?);
        tag = format!("{}-r{}\"", tag.trim_end_matches('"'), &digest[..16]);
    }
    let mut response = if not_modified(&headers, &tag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], check).into_response()
    };
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

async fn get_document(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year, file)): Params<(String, String, String)>,
) -> Result<Response, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    let format =
        documents::Format::from_file_name(&file).ok_or(AppError::NotFound("dokumentet"))?;
    let version = current_version(&state, &programme, year).await?;
    let plan = stored_plan(&version)?;
    if format == documents::Format::Pdf && version.info.has_pdf {
        // A frozen version answers with the PDF kept when it was approved.
        let stored = state
            .store
            .version_pdf(
                programme.id,
                &store::DocKey::handlingsplan(year),
                version.info.version,
            )
            .await?
            .ok_or(AppError::NotFound("dokumentet"))?;
        return Ok(documents::response(format, &plan, stored));
    }
    let bytes = documents::render(format, plan.clone()).await?;
    Ok(documents::response(format, &plan, bytes))
}

async fn list_versions(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
) -> Result<Json<Value>, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    let versions = state
        .store
        .versions(programme.id, &store::DocKey::handlingsplan(year))
        .await?;
    if versions.is_empty() {
        return Err(AppError::NotFound("planen"));
    }
    Ok(Json(Value::Array(
        versions.iter().map(version_json).collect(),
    )))
}

async fn get_version(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year, version)): Params<(String, String, String)>,
) -> Result<Response, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    let number = parse_version(&version)?;
    let version = state
        .store
        .version(programme.id, &store::DocKey::handlingsplan(year), number)
        .await?
        .ok_or(AppError::NotFound("versjonen"))?;
    let response = ([(header::CONTENT_TYPE, "application/json")], version.body).into_response();
    Ok(with_etag(response, &version.info))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApprovalRequest {
    step: String,
    date: String,
    #[serde(default)]
    reference: Option<String>,
}

fn unprocessable(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Unprocessable {
        code,
        message: message.into(),
        details: None,
    }
}

async fn post_approval(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    let request: ApprovalRequest = serde_json::from_slice(&body).map_err(|e| {
        unprocessable(
            "invalid-body",
            format!("Vedtaket må være JSON med «step», «date» og «reference»: {e}"),
        )
    })?;
    let Some(step) = approvals::Step::parse(&request.step) else {
        return Err(unprocessable(
            "invalid-step",
            format!(
                "Ukjent steg «{}»: bruk «board» (styret) eller «council» (kommunestyret).",
                request.step.chars().take(40).collect::<String>()
            ),
        ));
    };
    let info = approvals::record(
        &state,
        &programme,
        year,
        access,
        current.user.id,
        approvals::Request {
            step,
            date: &request.date,
            reference: request.reference.as_deref(),
            expected_version: None,
        },
    )
    .await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, year, version = info.version, step = %request.step, "decision recorded");
    Ok(with_etag(
        (StatusCode::CREATED, Json(version_json(&info))).into_response(),
        &info,
    ))
}

async fn post_reopen(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
) -> Result<Response, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    let info =
        crate::workflow::reopen(&state, &programme, access, year, None, current.user.id).await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, year, version = info.version, "plan reopened");
    Ok(with_etag(
        (StatusCode::CREATED, Json(version_json(&info))).into_response(),
        &info,
    ))
}

/// `DELETE …/plans/{year}`: a draft year never decided ([`crate::workflow::delete_draft`]);
/// `If-Match` with the current ETag is required.
async fn delete_plan(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    if !access.can_edit() {
        return Err(AppError::Forbidden("slette planer i dette programmet"));
    }
    let expected = if_match_version(&headers)?.ok_or(AppError::PreconditionRequired)?;
    crate::workflow::delete_draft(&state, &programme, access, year, expected, current.user.id)
        .await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, year, "plan deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST …/versions/{n}/restore`: version n's content as a new draft version
/// ([`crate::workflow::restore`]); `If-Match` with the current ETag is required.
async fn post_restore(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year, version)): Params<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    let n = parse_version(&version)?;
    if !access.can_edit() {
        return Err(AppError::Forbidden(
            "gjenopprette versjoner i dette programmet",
        ));
    }
    let expected = if_match_version(&headers)?.ok_or(AppError::PreconditionRequired)?;
    let saved = crate::workflow::restore(
        &state,
        &programme,
        access,
        year,
        n,
        expected,
        current.user.id,
    )
    .await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, year, restored = n, version = saved.info.version, "plan version restored");
    Ok(saved.into_response(&programme.slug))
}

async fn get_audit(
    State(state): State<AppState>,
    current: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, AppError> {
    let query: HashMap<String, String> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let programme_id = match query.get("programme") {
        Some(slug) => Some(programme_access(&state, &current.user, slug).await?.0.id),
        None if current.user.global_role.is_some() => None,
        None => {
            return Err(AppError::BadRequest(
                "Oppgi programmet: /api/v1/audit?programme=SLUG.".into(),
            ));
        }
    };
    let mut entries = state.store.audit(programme_id).await?;
    // Security events (no programme: logins, tokens …) are for admins only.
    if !crate::access::administers(&current.user) {
        entries.retain(|entry| entry.programme.is_some());
    }
    Ok(Json(
        serde_json::to_value(entries).map_err(AppError::internal)?,
    ))
}
