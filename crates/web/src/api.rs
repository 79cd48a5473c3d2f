//! The JSON API under `/api/v1`: programmes, documents of every kind (PUT/GET with ETags,
//! the check object, documents, versions, approvals, reopen, restore) and the audit.
//!
//! Every handler resolves the caller ([`CurrentUser`], 401), then the programme
//! ([`programme_access`], 404 for non-members), then the document's key (404), then the
//! role (403), and only then reads the body. The document handlers are written once,
//! generic over [`Kind`], and mounted per kind by [`document_routes`]: the yearly plans
//! under `plans/{year}`, the programme's Omstillingsplan under `omstillingsplan`. Bodies
//! are read with the kind's strict reader and stored in its canonical JSON, so a version's
//! SHA-256 is that of what `GET` returns.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use plan::Syntax;
use plan::handlingsplan::Plan;
use plan::omstillingsplan::Omstillingsplan;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use store::{Caller, DocKey, PlanRead, PlanVersion, Programme, VersionInfo};

use crate::AppState;
use crate::access::{Access, programme_access};
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::kinds::Kind;
use crate::{approvals, documents, workflow};

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
        .route(PLAN_PATH, axum::routing::delete(delete_plan))
        .route("/api/v1/audit", get(get_audit))
        .route(
            "/api/v1/me/tokens",
            get(crate::tokens::api_list).post(crate::tokens::api_create),
        )
        .route(
            "/api/v1/me/tokens/{id}",
            axum::routing::delete(crate::tokens::api_revoke),
        )
        .merge(document_routes::<Plan>(PLAN_PATH))
        .merge(document_routes::<Omstillingsplan>(OMSTILLINGSPLAN_PATH))
        .route("/api/v1", axum::routing::any(api_not_found))
        .route("/api/v1/{*rest}", axum::routing::any(api_not_found))
}

/// The address of a yearly plan.
pub const PLAN_PATH: &str = "/api/v1/programmes/{slug}/plans/{year}";
/// The address of the programme's Omstillingsplan.
pub const OMSTILLINGSPLAN_PATH: &str = "/api/v1/programmes/{slug}/omstillingsplan";

/// The routes every kind of document has under its address `base` (with `{slug}` and,
/// for a kind with several documents a programme, its key as `{year}` or `{key}`): `GET`
/// and `PUT` of the document, `…/check`, `…/versions`, `…/versions/{version}`,
/// `…/versions/{version}/restore`, `…/versions/{version}/archive.zip` (the archive
/// package, [`crate::archives`]), `…/approvals`, `…/reopen` and `…/document.{ext}`
/// (`…/{file}`). One generic implementation for every kind.
pub fn document_routes<K: Kind>(base: &str) -> axum::Router<AppState> {
    axum::Router::new()
        .route(base, get(get_current::<K>).put(put_document::<K>))
        .route(&format!("{base}/check"), get(get_check::<K>))
        .route(&format!("{base}/approvals"), post(post_approval::<K>))
        .route(&format!("{base}/reopen"), post(post_reopen::<K>))
        .route(&format!("{base}/versions"), get(list_versions::<K>))
        .route(
            &format!("{base}/versions/{{version}}"),
            get(get_version::<K>),
        )
        .route(
            &format!("{base}/versions/{{version}}/restore"),
            post(post_restore::<K>),
        )
        .route(
            &format!("{base}/versions/{{version}}/archive.zip"),
            get(crate::archives::get_archive::<K>),
        )
        .route(&format!("{base}/{{file}}"), get(get_document::<K>))
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

/// The address of a document in a path: the programme's slug, the key segment (`{year}`
/// or `{key}`), and, on some routes, `{version}` and `{file}`. A malformed path is 404.
pub(crate) struct Address {
    pub(crate) slug: String,
    pub(crate) key: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) file: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Address {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Params(mut params) =
            Params::<HashMap<String, String>>::from_request_parts(parts, state).await?;
        Ok(Address {
            slug: params
                .remove("slug")
                .ok_or(AppError::NotFound("adressen"))?,
            key: params.remove("year").or_else(|| params.remove("key")),
            version: params.remove("version"),
            file: params.remove("file"),
        })
    }
}

impl Address {
    /// The programme the caller may see, its access and the document the address names
    /// (404 programme, then 404 key, in that order, as every handler answers).
    pub(crate) async fn resolve<K: Kind>(
        &self,
        state: &AppState,
        current: &CurrentUser,
    ) -> Result<(Programme, Access, DocKey), AppError> {
        let (programme, access) = programme_access(state, &current.user, &self.slug).await?;
        let key = K::parse_key(self.key.as_deref())?;
        Ok((programme, access, crate::kinds::doc_key::<K>(&key)))
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

pub(crate) fn with_etag(mut response: Response, info: &VersionInfo) -> Response {
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
    workflow::version_json::<Plan>(info)
}

/// Reads a stored plan body; a stored body that does not read is a server fault.
pub fn stored_plan(version: &PlanVersion) -> Result<Plan, AppError> {
    workflow::stored::<Plan>(version)
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

/// The current version of a document, for a read by the caller in `headers`. With a
/// bearer token one query says who the caller is, whether they may see the programme and
/// what the document is; with a session cookie it follows the session's query. The
/// answers are those of [`CurrentUser`] (401), [`programme_access`] (404) and the key
/// ([`Kind::parse_key`], 404), in that order.
async fn readable<K: Kind>(
    state: &AppState,
    headers: &HeaderMap,
    address: Result<Address, AppError>,
) -> Result<ReadablePlan, AppError> {
    // A token is checked (revoked, expired) and its use recorded by `resolve`, as on
    // every other route; the read itself then goes by the user.
    let current = auth::resolve(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let caller = Caller::User(current.user.id);
    let address = address?;
    let slug = crate::access::slug_of(&address.slug).ok_or(AppError::NotFound("programmet"))?;
    let key = K::parse_key(address.key.as_deref());
    // A key that cannot be one reads no document.
    let doc = crate::kinds::doc_key::<K>(key.as_deref().unwrap_or("-"));
    let read = state
        .store
        .read_document(caller, &slug, &doc)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if read.programme.is_none() || Access::of(&read.user, read.role).is_none() {
        return Err(AppError::NotFound("programmet"));
    }
    key?;
    ReadablePlan::new(read).ok_or(AppError::NotFound(K::WORDS.not_found))
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

async fn get_current<K: Kind>(
    State(state): State<AppState>,
    headers: HeaderMap,
    address: Result<Address, AppError>,
) -> Result<Response, AppError> {
    let readable = readable::<K>(&state, &headers, address).await?;
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

/// Why a request body is not a document of kind `K`, as a 422.
fn read_error<K: Kind>(error: &plan::ReadError) -> AppError {
    AppError::Unprocessable {
        code: K::WORDS.unreadable_code,
        message: format!("{}: {error}", K::WORDS.unreadable),
        details: Some(json!({
            "line": error.line,
            "column": error.column,
            "field": error.field,
            "message": error.message,
        })),
    }
}

async fn put_document<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let (programme, access, doc) = address.resolve::<K>(&state, &current).await?;
    if !access.can_edit() {
        return Err(AppError::Forbidden(K::WORDS.forbid_edit));
    }
    let text = std::str::from_utf8(&body).map_err(|_| AppError::Unprocessable {
        code: K::WORDS.unreadable_code,
        message: format!("{}: innholdet er ikke UTF-8-tekst.", K::WORDS.unreadable),
        details: None,
    })?;
    let document = K::read(text, Syntax::Json).map_err(|e| read_error::<K>(&e))?;
    document.check_address(&doc.key)?;
    let expected = if_match_version(&headers)?;
    let saved = workflow::save(
        &state,
        &programme,
        &doc,
        &document,
        expected,
        current.user.id,
    )
    .await?;
    Ok(saved.into_response(&programme.slug))
}

/// A plan saved as its year's draft (see [`save_draft`]).
pub(crate) use crate::workflow::Saved;

/// Saves `plan` as the draft of its year ([`workflow::save`]): the one save path of
/// `PUT …/plans/{year}`, the Word import (API and page). `expected: None` creates the
/// year's plan (428 when it has one); `Some(n)` writes a new version over version `n`
/// (412 when `n` is not current or the plan does not exist; 409 when the plan is frozen).
pub(crate) async fn save_draft(
    state: &AppState,
    programme: &Programme,
    plan: &Plan,
    expected: Option<i64>,
    author: store::UserId,
) -> Result<Saved, AppError> {
    let doc = DocKey::handlingsplan(plan.year);
    Ok(workflow::save(state, programme, &doc, plan, expected, author).await?)
}

/// The check object of the current version: the kind's check in its context (a yearly
/// plan: against the programme's current Omstillingsplan, with the `op-` findings and an
/// `omstillingsplan` member naming the version; the header `omstillingsplan: none` when
/// the programme has none), memoised by the body's and the context's hashes, then the
/// findings that change without either (a draft plan: the results registry's warning).
async fn get_check<K: Kind>(
    State(state): State<AppState>,
    headers: HeaderMap,
    address: Result<Address, AppError>,
) -> Result<Response, AppError> {
    let readable = readable::<K>(&state, &headers, address).await?;
    let version = readable.version();
    let programme = readable
        .0
        .programme
        .as_ref()
        .ok_or(AppError::NotFound("programmet"))?;
    let context = K::check_context(&state, programme).await?;
    let memo_key = match &context.tag {
        Some(tag) => format!("{}-o{tag}", version.info.sha256),
        None => version.info.sha256.clone(),
    };
    let mut check = state.checks.get_or_try_insert(&memo_key, || {
        let document = workflow::stored::<K>(version)?;
        let mut value = K::check_json(&document.evaluate_in(&context.value));
        if let Some((name, member)) = &context.member {
            value[*name] = member.clone();
        }
        serde_json::to_vec(&value)
            .map(Bytes::from)
            .map_err(AppError::internal)
    })?;
    // The ETag is the version's while nothing else adds to the check; the context's
    // hash and the live findings' digest are added to it, so a changed Omstillingsplan
    // or registry never answers 304 to a copy made before the change. The version
    // number still leads, so `If-Match` reads it.
    let mut tag = etag(&version.info);
    if let Some(context_tag) = &context.tag {
        tag = format!("{}-o{context_tag}\"", tag.trim_end_matches('"'));
    }
    if let Some(finding) = K::live_findings(&state, programme, version).await? {
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
    if let Some((name, value)) = context.header {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    Ok(response)
}

async fn get_document<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
) -> Result<Response, AppError> {
    let (programme, _, doc) = address.resolve::<K>(&state, &current).await?;
    let format = documents::Format::from_file_name(address.file.as_deref().unwrap_or_default())
        .ok_or(AppError::NotFound("dokumentet"))?;
    let version = workflow::current::<K>(&state, &programme, &doc).await?;
    let document = workflow::stored::<K>(&version)?;
    if format == documents::Format::Pdf && version.info.has_pdf {
        // A frozen version answers with the PDF kept when it was decided.
        let stored = state
            .store
            .version_pdf(programme.id, &doc, version.info.version)
            .await?
            .ok_or(AppError::NotFound("dokumentet"))?;
        return Ok(documents::response(format, &document, stored));
    }
    let bytes = documents::render(format, document.clone()).await?;
    Ok(documents::response(format, &document, bytes))
}

async fn list_versions<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
) -> Result<Json<Value>, AppError> {
    let (programme, _, doc) = address.resolve::<K>(&state, &current).await?;
    let versions = state.store.versions(programme.id, &doc).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound(K::WORDS.not_found));
    }
    Ok(Json(Value::Array(
        versions.iter().map(workflow::version_json::<K>).collect(),
    )))
}

async fn get_version<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
) -> Result<Response, AppError> {
    let (programme, _, doc) = address.resolve::<K>(&state, &current).await?;
    let number = parse_version(address.version.as_deref().unwrap_or_default())?;
    let version = state
        .store
        .version(programme.id, &doc, number)
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

/// The kind's steps as the API names them: `«board» (styret) eller «council» (kommunestyret)`.
fn steps_hint(steps: &[plan::DecisionStep]) -> String {
    steps
        .iter()
        .map(|step| match step {
            plan::DecisionStep::Board => "«board» (styret)",
            plan::DecisionStep::Council => "«council» (kommunestyret)",
        })
        .collect::<Vec<_>>()
        .join(" eller ")
}

async fn post_approval<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
    body: Bytes,
) -> Result<Response, AppError> {
    let (programme, access, doc) = address.resolve::<K>(&state, &current).await?;
    let request: ApprovalRequest = serde_json::from_slice(&body).map_err(|e| {
        unprocessable(
            "invalid-body",
            format!("Vedtaket må være JSON med «step», «date» og «reference»: {e}"),
        )
    })?;
    let Some(step) = approvals::Step::parse(&request.step)
        .filter(|step| K::STEPS.contains(&step.decision_step()))
    else {
        return Err(unprocessable(
            "invalid-step",
            format!(
                "Ukjent steg «{}»: bruk {}.",
                request.step.chars().take(40).collect::<String>(),
                steps_hint(K::STEPS)
            ),
        ));
    };
    let info = approvals::record::<K>(
        &state,
        &programme,
        &doc,
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
    tracing::info!(user_id = current.user.id, programme = %programme.slug, kind = K::KIND, key = %doc.key, version = info.version, step = %request.step, "decision recorded");
    Ok(with_etag(
        (
            StatusCode::CREATED,
            Json(workflow::version_json::<K>(&info)),
        )
            .into_response(),
        &info,
    ))
}

async fn post_reopen<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
) -> Result<Response, AppError> {
    let (programme, access, doc) = address.resolve::<K>(&state, &current).await?;
    let info =
        workflow::reopen::<K>(&state, &programme, access, &doc, None, current.user.id).await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, kind = K::KIND, key = %doc.key, version = info.version, "plan reopened");
    Ok(with_etag(
        (
            StatusCode::CREATED,
            Json(workflow::version_json::<K>(&info)),
        )
            .into_response(),
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
        return Err(AppError::Forbidden(<Plan as Kind>::WORDS.forbid_delete));
    }
    let expected = if_match_version(&headers)?.ok_or(AppError::PreconditionRequired)?;
    workflow::delete_draft::<Plan>(
        &state,
        &programme,
        access,
        &DocKey::handlingsplan(year),
        expected,
        current.user.id,
    )
    .await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, year, "plan deleted");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST …/versions/{n}/restore`: version n's content as a new draft version
/// ([`crate::workflow::restore`]); `If-Match` with the current ETag is required.
async fn post_restore<K: Kind>(
    State(state): State<AppState>,
    current: CurrentUser,
    address: Address,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (programme, access, doc) = address.resolve::<K>(&state, &current).await?;
    let n = parse_version(address.version.as_deref().unwrap_or_default())?;
    if !access.can_edit() {
        return Err(AppError::Forbidden(K::WORDS.forbid_restore));
    }
    let expected = if_match_version(&headers)?.ok_or(AppError::PreconditionRequired)?;
    let saved = workflow::restore::<K>(
        &state,
        &programme,
        access,
        &doc,
        n,
        expected,
        current.user.id,
    )
    .await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, kind = K::KIND, key = %doc.key, restored = n, version = saved.info.version, "plan version restored");
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
