//! Accounts, API tokens, sessions and CSRF: who is calling.
//!
//! Two ways in, both for HTML pages and the JSON API:
//! - `Authorization: Bearer TOKEN`: an API token from `omstilling user token NAME`; only its
//!   SHA-256 is stored (tokens are 256 random bits, so a slow hash adds nothing).
//! - The session cookie [`SESSION_COOKIE`] set by [`login`]: `HttpOnly`, `SameSite=Lax`,
//!   `Secure` when [`crate::AppConfig::secure_cookies`] is set, a new random id at every
//!   login (the previous session is deleted), idle and absolute timeouts. Only the id's
//!   SHA-256 is stored, so the server keeps no state and several processes can share a
//!   database.
//!
//! A state-changing request (not GET/HEAD/OPTIONS) authenticated by the cookie must carry
//! the session's CSRF token, in the header [`CSRF_HEADER`] or, for an
//! `application/x-www-form-urlencoded` form, in the field [`CSRF_FIELD`]. The
//! [`csrf_guard`] middleware checks that for every route, pages included, before any
//! handler runs. Login paths (ending in `/login`) are exempt.
//!
//! Passwords are hashed with argon2id (default parameters, random salt). Failed logins
//! are counted in the database (so every server process sees them), per user name and
//! per client address ([`ClientAddr`]): after [`crate::AppConfig::login_max_failures`] for a
//! name, or [`crate::AppConfig::login_max_failures_per_client`] from an address, within
//! [`crate::AppConfig::login_window`], logins for that name or from that address answer
//! 429. A successful login clears its name's failures, never its address's (or one valid
//! account would let an address guess on at others).
//!
//! Handlers get the caller with the [`CurrentUser`] extractor (401 when nobody is logged
//! in) or [`MaybeUser`] (never fails; pages use it to redirect to their login form).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, http::StatusCode};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::json;
use store::{User, sha256_hex};
use time::OffsetDateTime;

use crate::AppState;
use crate::error::AppError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "omstilling_session";
/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMethod {
    /// An API token in the `Authorization` header.
    Token,
    /// The session cookie.
    Session {
        /// SHA-256 of the session id (the id itself is only in the cookie).
        id_hash: String,
        /// The session's CSRF token: put it in forms as [`CSRF_FIELD`].
        csrf_token: String,
    },
}

/// The authenticated caller. Extracting it answers 401 when there is nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub user: User,
    pub method: AuthMethod,
}

impl CurrentUser {
    /// The CSRF token to embed in forms (`None` for API-token callers, who need none).
    pub fn csrf_token(&self) -> Option<&str> {
        match &self.method {
            AuthMethod::Session { csrf_token, .. } => Some(csrf_token),
            AuthMethod::Token => None,
        }
    }
}

/// The caller if any; never rejects.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(user.clone());
        }
        let user = resolve(state, &parts.headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        parts.extensions.insert(user.clone());
        Ok(user)
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(user) = parts.extensions.get::<CurrentUser>() {
            return Ok(MaybeUser(Some(user.clone())));
        }
        match resolve(state, &parts.headers).await {
            Ok(Some(user)) => {
                parts.extensions.insert(user.clone());
                Ok(MaybeUser(Some(user)))
            }
            Ok(None) | Err(AppError::Unauthorized) => Ok(MaybeUser(None)),
            Err(other) => Err(other),
        }
    }
}

/// Finds the caller from the headers: a bearer token first, then the session cookie.
/// `Ok(None)` when there are no credentials; `Err(Unauthorized)` when they are wrong or
/// the session has expired.
pub async fn resolve(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    if let Some(token) = bearer_token(headers) {
        // An unknown, revoked or expired token is refused alike; the use is recorded.
        let user = state
            .store
            .use_token(&sha256_hex(token.as_bytes()), OffsetDateTime::now_utc())
            .await?;
        return match user {
            Some(user) => Ok(Some(CurrentUser {
                user,
                method: AuthMethod::Token,
            })),
            None => Err(AppError::Unauthorized),
        };
    }
    let Some(session_id) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let id_hash = sha256_hex(session_id.as_bytes());
    let Some(session) = state.store.session(&id_hash).await? else {
        return Err(AppError::Unauthorized);
    };
    let now = OffsetDateTime::now_utc();
    let config = &state.config;
    if now - session.last_seen_at > config.session_idle
        || now - session.created_at > config.session_absolute
    {
        state.store.delete_session(&id_hash).await?;
        return Err(AppError::Unauthorized);
    }
    // Sliding idle timeout, written at most once a minute to keep reads cheap.
    if now - session.last_seen_at > time::Duration::minutes(1) {
        state.store.touch_session(&id_hash, now).await?;
    }
    Ok(Some(CurrentUser {
        user: session.user,
        method: AuthMethod::Session {
            id_hash,
            csrf_token: session.csrf_token,
        },
    }))
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// 32 random bytes, base64url without padding.
pub fn random_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A new API token (`oms_…`); store only [`token_hash`] of it.
pub fn new_api_token() -> Result<String, AppError> {
    Ok(format!("oms_{}", random_secret()?))
}

/// The stored form of an API token.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// Hashes a password with argon2id and a random salt (PHC string). Slow on purpose:
/// call it from blocking code or [`tokio::task::spawn_blocking`].
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))
}

/// Whether the password matches the PHC hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// A hash of a random password, verified against when the user does not exist so that
/// a wrong name and a wrong password take the same time.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("ikke-et-passord-for-noen").unwrap_or_default())
}

/// The address of the client as the server sees it (the TCP peer), when the server was
/// started with connection info ([`crate::serve`] is); `None` otherwise. Behind a reverse
/// proxy every client has the proxy's address, so the per-address login limit then
/// applies to all of them together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

impl ClientAddr {
    /// The address as the audit records it (an IPv4 client seen through IPv6 as IPv4).
    pub fn audit_text(self) -> Option<String> {
        self.0.map(|ip| ip.to_canonical().to_string())
    }
}

/// Appends a security event (no programme) to the audit.
pub async fn record_event(
    state: &AppState,
    actor: Option<store::UserId>,
    action: &str,
    object: &str,
    client: ClientAddr,
) -> Result<(), AppError> {
    let client = client.audit_text();
    let event = store::SecurityEvent {
        actor,
        action,
        object,
        client: client.as_deref(),
    };
    state
        .store
        .record_event(&event, OffsetDateTime::now_utc())
        .await?;
    Ok(())
}

/// The audit object of a user name: `users/NAME`, a tried name cut to 100 characters.
pub fn user_object(name: &str) -> String {
    let name: String = name.trim().chars().take(100).collect();
    format!("users/{name}")
}

/// The keys failed logins are counted under: the name, and the client's address (an
/// IPv6 client by its /64, which one household or machine usually has whole).
fn login_failure_keys(name: &str, client: ClientAddr) -> (String, Option<String>) {
    let address = client.0.map(|ip| match ip.to_canonical() {
        std::net::IpAddr::V4(v4) => format!("client:{v4}"),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("client:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    });
    (format!("user:{}", name.trim().to_lowercase()), address)
}

/// A successful login: the user, the session's CSRF token, and the `Set-Cookie` value.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub user: User,
    pub csrf_token: String,
    pub set_cookie: HeaderValue,
}

/// Checks a name and password and starts a new session. Deletes the session named by
/// `previous_cookie` (the caller's old session id, if any): a login always gets a new id.
/// Errors: [`AppError::TooManyLogins`], [`AppError::Unauthorized`] (wrong name or password,
/// with the same message for both).
pub async fn login(
    state: &AppState,
    name: &str,
    password: &str,
    previous_cookie: Option<&str>,
    client: ClientAddr,
) -> Result<LoginOutcome, AppError> {
    let user = check_credentials(state, name, password, client).await?;
    if let Some(previous) = previous_cookie {
        state
            .store
            .delete_session(&sha256_hex(previous.as_bytes()))
            .await?;
    }
    let outcome = start_session(state, user).await?;
    let object = user_object(&outcome.user.name);
    record_event(state, Some(outcome.user.id), "auth.login", &object, client).await?;
    Ok(outcome)
}

/// Checks a name and password under the limits on failed logins (a wrong password counts
/// as a failed login, also when a signed-in user gives it to change their password).
/// Errors: [`AppError::TooManyLogins`], [`AppError::Unauthorized`].
pub async fn check_credentials(
    state: &AppState,
    name: &str,
    password: &str,
    client: ClientAddr,
) -> Result<User, AppError> {
    let config = &state.config;
    let now = OffsetDateTime::now_utc();
    let since = now - config.login_window;
    let (key, client_key) = login_failure_keys(name, client);
    let window = config.login_window.whole_seconds().max(0) as u64;
    let too_many = AppError::TooManyLogins {
        retry_after_seconds: window,
    };
    if state.store.login_failures(&key, since).await? >= config.login_max_failures {
        tracing::warn!("login refused: too many failures for the name");
        return Err(too_many);
    }
    if let Some(client_key) = &client_key
        && state.store.login_failures(client_key, since).await?
            >= config.login_max_failures_per_client
    {
        tracing::warn!("login refused: too many failures from the client address");
        return Err(too_many);
    }
    let found = state.store.user_by_name(name.trim()).await?;
    let password = password.to_owned();
    let (user, ok) = match found {
        Some((user, Some(hash))) => {
            let ok = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
                .await
                .map_err(AppError::internal)?;
            (Some(user), ok)
        }
        _ => {
            tokio::task::spawn_blocking(move || verify_password(dummy_hash(), &password))
                .await
                .map_err(AppError::internal)?;
            (None, false)
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        state.store.record_login_failure(&key, now, since).await?;
        if let Some(client_key) = &client_key {
            state
                .store
                .record_login_failure(client_key, now, since)
                .await?;
        }
        tracing::info!("login failed");
        // The name tried and the address, never the password.
        record_event(state, None, "auth.login-failed", &user_object(name), client).await?;
        return Err(AppError::Unauthorized);
    };
    state.store.clear_login_failures(&key).await?;
    Ok(user)
}

async fn start_session(state: &AppState, user: User) -> Result<LoginOutcome, AppError> {
    let now = OffsetDateTime::now_utc();
    let session_id = random_secret()?;
    let csrf_token = random_secret()?;
    state
        .store
        .create_session(
            &sha256_hex(session_id.as_bytes()),
            user.id,
            &csrf_token,
            now,
        )
        .await?;
    tracing::info!(user_id = user.id, "login");
    let set_cookie = session_cookie(state, &session_id)?;
    Ok(LoginOutcome {
        user,
        csrf_token,
        set_cookie,
    })
}

fn session_cookie(state: &AppState, value: &str) -> Result<HeaderValue, AppError> {
    let max_age = if value.is_empty() {
        0
    } else {
        state.config.session_absolute.whole_seconds()
    };
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .map_err(AppError::internal)
}

/// Ends the caller's session (when they came by cookie) and returns the `Set-Cookie`
/// value that clears the cookie.
pub async fn logout(state: &AppState, current: &CurrentUser) -> Result<HeaderValue, AppError> {
    if let AuthMethod::Session { id_hash, .. } = &current.method {
        state.store.delete_session(id_hash).await?;
        let object = user_object(&current.user.name);
        record_event(
            state,
            Some(current.user.id),
            "auth.logout",
            &object,
            ClientAddr(None),
        )
        .await?;
    }
    session_cookie(state, "")
}

/// Refuses cookie-authenticated state-changing requests without the session's CSRF token.
pub async fn csrf_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let headers = request.headers();
    if safe
        || bearer_token(headers).is_some()
        || cookie(headers, SESSION_COOKIE).is_none()
        || request.uri().path().ends_with("/login")
    {
        return next.run(request).await;
    }
    let current = match resolve(&state, headers).await {
        Ok(Some(current)) => current,
        // No valid session: the handler decides (401 for the API, a redirect for pages).
        Ok(None) | Err(AppError::Unauthorized) => return next.run(request).await,
        Err(other) => return other.into_response(),
    };
    let Some(expected) = current.csrf_token().map(str::to_owned) else {
        return next.run(request).await;
    };
    let header_token = headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(FORM_TYPE));
    let multipart = is_multipart(headers);
    let (mut parts, body) = request.into_parts();
    let (given, body) = match header_token {
        Some(token) => (Some(token), body),
        None if is_form => {
            let limit = crate::security::BodyKind::of(parts.uri.path(), Some(FORM_TYPE))
                .limit(&state.config.limits);
            let bytes = match axum::body::to_bytes(body, limit).await {
                Ok(bytes) => bytes,
                Err(_) => return AppError::PayloadTooLarge.into_response(),
            };
            let token = form_urlencoded::parse(&bytes)
                .find(|(key, _)| key == CSRF_FIELD)
                .map(|(_, value)| value.into_owned());
            (token, Body::from(bytes))
        }
        None if multipart => {
            // A file upload without JavaScript: the token is the form's `csrf_token` part.
            let content_type = parts.headers.get(header::CONTENT_TYPE).cloned();
            let limit = crate::security::BodyKind::of(
                parts.uri.path(),
                content_type.as_ref().and_then(|v| v.to_str().ok()),
            )
            .limit(&state.config.limits);
            let bytes = match axum::body::to_bytes(body, limit).await {
                Ok(bytes) => bytes,
                Err(_) => return AppError::PayloadTooLarge.into_response(),
            };
            let token = multipart_token(content_type, bytes.clone()).await;
            (token, Body::from(bytes))
        }
        None => (None, body),
    };
    if !given.is_some_and(|given| constant_time_eq(given.as_bytes(), expected.as_bytes())) {
        tracing::warn!(user_id = current.user.id, "csrf token missing or wrong");
        return AppError::Csrf.into_response();
    }
    parts.extensions.insert(current);
    next.run(Request::from_parts(parts, body)).await
}

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The `csrf_token` part of a multipart form (axum's own multipart reader), if any.
/// The bytes are already bounded by the route's limit, so axum's default limit for
/// extractors (2 MB) is lifted here as it is for the handlers: a larger upload would
/// otherwise lose its token and be refused as a forgery.
async fn multipart_token(
    content_type: Option<HeaderValue>,
    bytes: axum::body::Bytes,
) -> Option<String> {
    use tower::{Layer as _, ServiceExt as _};
    let mut request = axum::http::Request::new(Body::from(bytes));
    if let Some(value) = content_type {
        request.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    let reader = axum::extract::DefaultBodyLimit::disable().layer(tower::service_fn(
        |request: axum::extract::Request| async move {
            Ok::<_, std::convert::Infallible>(token_part(request).await)
        },
    ));
    reader.oneshot(request).await.ok().flatten()
}

async fn token_part(request: axum::extract::Request) -> Option<String> {
    use axum::extract::FromRequest as _;
    let mut multipart = axum::extract::Multipart::from_request(request, &())
        .await
        .ok()?;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginRequest {
    name: String,
    password: String,
}

/// `POST /api/v1/login`.
pub(crate) async fn api_login(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let request: LoginRequest =
        serde_json::from_slice(&body).map_err(|e| AppError::Unprocessable {
            code: "invalid-body",
            message: format!("Innloggingen må være JSON med «name» og «password»: {e}"),
            details: None,
        })?;
    let outcome = login(
        &state,
        &request.name,
        &request.password,
        cookie(&headers, SESSION_COOKIE),
        client,
    )
    .await?;
    let mut response = Json(json!({
        "user": outcome.user,
        "csrf_token": outcome.csrf_token,
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, outcome.set_cookie);
    Ok(response)
}

/// `POST /api/v1/logout`.
pub(crate) async fn api_logout(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Response, AppError> {
    let clear = logout(&state, &current).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, clear);
    Ok(response)
}

/// `GET /api/v1/me`: who is logged in, and the CSRF token for cookie clients.
pub(crate) async fn api_me(current: CurrentUser) -> Json<serde_json::Value> {
    Json(json!({ "user": current.user, "csrf_token": current.csrf_token() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_failures_are_keyed_by_name_and_address() {
        let v4 = ClientAddr(Some("192.0.2.7".parse().unwrap()));
        assert_eq!(
            login_failure_keys(" Kari ", v4),
            ("user:kari".to_owned(), Some("client:192.0.2.7".to_owned()))
        );
        // An IPv4 client seen through an IPv6 socket is the same client.
        let mapped = ClientAddr(Some("::ffff:192.0.2.7".parse().unwrap()));
        assert_eq!(
            login_failure_keys("kari", mapped).1,
            login_failure_keys("kari", v4).1
        );
        // IPv6 clients count by their /64.
        let one = ClientAddr(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
        let other = ClientAddr(Some("2001:db8:1:2:bbbb::9".parse().unwrap()));
        let elsewhere = ClientAddr(Some("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(
            login_failure_keys("kari", one).1.as_deref(),
            Some("client:2001:db8:1:2::/64")
        );
        assert_eq!(
            login_failure_keys("kari", one).1,
            login_failure_keys("kari", other).1
        );
        assert_ne!(
            login_failure_keys("kari", one).1,
            login_failure_keys("kari", elsewhere).1
        );
        assert_eq!(login_failure_keys("kari", ClientAddr(None)).1, None);
    }
}
