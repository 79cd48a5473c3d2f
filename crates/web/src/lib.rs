//! The omstilling web server: the JSON API under `/api/v1` and (in [`ui`]) the HTML pages.
//!
//! [`app`] builds the whole router from an [`AppState`] (a [`store::Store`] and an
//! [`AppConfig`]); it keeps no state of its own beyond that, so several processes can
//! serve one PostgreSQL database. Who the caller is comes from [`auth`] (tokens, session
//! cookies, CSRF), what they may do from [`access`]; every failure is an
//! [`error::AppError`] with a Norwegian message. Logs are structured (`tracing`) and carry
//! user ids, never names, passwords, tokens or plan contents.
//!
//! This crate never writes files or parses command lines: the `omstilling` binary does.

pub mod access;
pub mod api;
pub mod approvals;
pub mod archives;
pub mod auth;
pub mod calendar;
pub mod clock;
pub mod demo;
pub mod documents;
pub mod error;
pub mod kinds;
pub mod mail;
pub mod memo;
pub mod openapi;
pub mod overview;
pub mod password;
pub mod results;
pub mod security;
pub mod tokens;
pub mod ui;
pub mod word_import;
pub mod workflow;

use std::sync::Arc;

use axum::extract::Request;
use axum::middleware;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use access::Access;
pub use auth::{CurrentUser, MaybeUser};
pub use error::AppError;

/// Settings of the server.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Mark the session cookie `Secure` (serve behind HTTPS).
    pub secure_cookies: bool,
    /// A session ends after this long without requests.
    pub session_idle: time::Duration,
    /// A session ends this long after login, whatever happens.
    pub session_absolute: time::Duration,
    /// Failed logins for one name within [`AppConfig::login_window`] before logins for it
    /// are refused (429).
    pub login_max_failures: i64,
    /// Failed logins from one client address (an IPv4 address, an IPv6 /64), whatever
    /// the names, within [`AppConfig::login_window`] before logins from it are refused
    /// (429). Higher than the per-name limit: many users may share one address (NAT).
    pub login_max_failures_per_client: i64,
    pub login_window: time::Duration,
    /// Body sizes, time limits and the bound on concurrent requests ([`security`]).
    pub limits: security::Limits,
    /// E-mail, when `serve --smtp` is given: decisions and reopens enqueue notices
    /// ([`mail::notify`]); `None`: no e-mail at all.
    pub mail: Option<Arc<mail::MailConfig>>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            secure_cookies: false,
            session_idle: time::Duration::minutes(30),
            session_absolute: time::Duration::hours(12),
            login_max_failures: 5,
            login_max_failures_per_client: 30,
            login_window: time::Duration::minutes(15),
            limits: security::Limits::default(),
            mail: None,
        }
    }
}

/// What every handler gets.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: store::Store,
    pub config: Arc<AppConfig>,
    /// Check objects by the SHA-256 of the plan body (see [`memo`]: never stale).
    pub checks: Arc<memo::CheckMemo>,
}

impl AppState {
    pub fn new(store: store::Store, config: AppConfig) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            checks: Arc::default(),
        }
    }
}

/// The whole application: API, pages, CSRF guard, security guard and request logging.
pub fn app(state: AppState) -> axum::Router {
    app_with(state, axum::Router::new())
}

/// The application with more routes behind the same guards (a kind of document defined
/// elsewhere mounts its [`api::document_routes`] here; the tests' "note" kind does).
pub fn app_with(state: AppState, extra: axum::Router<AppState>) -> axum::Router {
    let routes = axum::Router::new()
        .merge(extra)
        .merge(results::routes())
        .merge(calendar::routes())
        .merge(overview::routes())
        .merge(word_import::routes())
        .merge(api::routes())
        .merge(ui::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::csrf_guard,
        ));
    security::protect(catch_panics(routes), &state)
        // Outside the guard, so its refusals (413, 408, 503) on a page become pages too.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            ui::errors::pages,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                // The path, not the query; no headers (they hold credentials); a calendar
                // subscription's path is its secret, so it is logged without it.
                tracing::info_span!("request", method = %request.method(), path = %calendar::loggable_path(request.uri().path()))
            })
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

/// A handler that panics (a bug) answers `500` with the usual Norwegian JSON error, inside
/// the security guard so the answer has its headers, instead of a dropped connection.
/// The layer does not put the panic's message in the log or the answer (it may hold what the
/// request sent); Rust's panic hook still prints it on the server's stderr.
pub fn catch_panics<S: Clone + Send + Sync + 'static>(routes: axum::Router<S>) -> axum::Router<S> {
    use axum::response::IntoResponse as _;
    routes.layer(tower_http::catch_panic::CatchPanicLayer::custom(
        |_: Box<dyn std::any::Any + Send>| {
            error::AppError::internal(anyhow::anyhow!("a request handler panicked")).into_response()
        },
    ))
}

/// Serves the app on a bound listener until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> anyhow::Result<()> {
    // The first PDF after start should cost what later ones do (fonts, Typst's tables).
    drop(tokio::task::spawn_blocking(pdf::warm_up));
    let limits = state.config.limits.clone();
    security::serve_connections(listener, app(state), &limits, shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt as _;

    #[tokio::test]
    async fn a_panicking_handler_answers_500_in_norwegian() {
        let routes: axum::Router = axum::Router::new().route(
            "/boom",
            axum::routing::get(|| async {
                let text = "90æ";
                // The bug schemathesis found in `parse_expiry`: a cut inside a character.
                text.split_at(text.len() - 1).0.to_owned()
            }),
        );
        let response = super::catch_panics(routes)
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 10_000)
            .await
            .unwrap();
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("Noe gikk galt på serveren"), "{body}");
    }
}
