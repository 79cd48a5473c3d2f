//! What every request passes through before a handler sees it, and what every response
//! carries out: the security headers (Content-Security-Policy, framing, `nosniff`,
//! referrer, caching, HSTS behind HTTPS), the size and time limits of request bodies, the
//! bound on concurrent requests, and (in [`serve_connections`]) the time limit for reading
//! a request's headers.
//!
//! This module knows no route's meaning: it sorts a body by its path and content type
//! ([`BodyKind`]) and nothing more. It never logs bodies or headers.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt as _, Limited};
use tokio::sync::Semaphore;

use crate::AppState;
use crate::error::AppError;

/// The Content-Security-Policy of every response: our own script and style files only
/// (no inline script or style, no `eval`), no framing, forms only to us.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// HSTS, sent when the server says it is behind HTTPS (`serve --secure-cookies`): two years.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

const MIB: usize = 1024 * 1024;

/// The limits of requests (sizes in bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// A JSON body: a plan (the largest JSON we take), a login, an approval.
    pub json_bytes: usize,
    /// A CSV file of results (`…/results/import`).
    pub csv_bytes: usize,
    /// A Word document (`…/import`).
    pub docx_bytes: usize,
    /// A form posted by the pages (the editor sends a whole plan as fields).
    pub form_bytes: usize,
    /// Time to receive a request's headers once the connection is open or idle.
    pub header_timeout: Duration,
    /// Time to receive a request's whole body.
    pub body_timeout: Duration,
    /// Requests handled at once; more wait for a free slot.
    pub max_concurrent: usize,
    /// How long a request waits for a free slot before it is answered 503.
    pub queue_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // The largest fixture plan is about 40 kB; a plan with 200 projects and long
            // texts stays under 1 MB.
            json_bytes: 8 * MIB,
            // 100 000 result rows of ~150 bytes.
            csv_bytes: 16 * MIB,
            // A Word plan with photos and a scanned signature page.
            docx_bytes: 32 * MIB,
            // The editor's form of a plan is about three times its JSON.
            form_bytes: 2 * MIB,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            max_concurrent: 256,
            queue_timeout: Duration::from_secs(10),
        }
    }
}

/// What a request body is, for its size limit: decided by the route and content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Csv,
    /// The results page's confirmation: the previewed CSV file, base64 in a form.
    CsvForm,
    Docx,
    Form,
}

impl BodyKind {
    /// The kind of body a request to `path` with this `Content-Type` carries.
    pub fn of(path: &str, content_type: Option<&str>) -> BodyKind {
        if path.ends_with("/results/import") {
            BodyKind::Csv
        } else if path.ends_with("/results/import/confirm") {
            BodyKind::CsvForm
        } else if path.ends_with("/import") {
            BodyKind::Docx
        } else if content_type.is_some_and(|value| {
            value.starts_with("application/x-www-form-urlencoded")
                || value.starts_with("multipart/form-data")
        }) {
            BodyKind::Form
        } else {
            BodyKind::Json
        }
    }

    /// The largest body of this kind `limits` allows.
    pub fn limit(self, limits: &Limits) -> usize {
        match self {
            BodyKind::Json => limits.json_bytes,
            BodyKind::Csv => limits.csv_bytes,
            // Base64 is 4/3 of the file, and a form escapes its `+`, `/` and `=`.
            BodyKind::CsvForm => limits.csv_bytes.saturating_mul(3) / 2,
            BodyKind::Docx => limits.docx_bytes,
            BodyKind::Form => limits.form_bytes,
        }
    }

    /// What it is, in Norwegian, for the error message.
    fn what(self) -> &'static str {
        match self {
            BodyKind::Json => "JSON",
            BodyKind::Csv | BodyKind::CsvForm => "en CSV-fil",
            BodyKind::Docx => "et Word-dokument",
            BodyKind::Form => "et skjema",
        }
    }
}

/// Wraps the routes in the security guard ([`guard`]); the guard bounds every body itself,
/// so axum's default limit for body extractors is lifted.
pub fn protect(router: axum::Router<AppState>, state: &AppState) -> axum::Router<AppState> {
    let guard = Arc::new(Guard {
        limits: state.config.limits.clone(),
        secure: state.config.secure_cookies,
        slots: Arc::new(Semaphore::new(state.config.limits.max_concurrent.max(1))),
    });
    router
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(guard, self::guard))
}

/// The state of [`guard`].
#[derive(Debug)]
pub struct Guard {
    limits: Limits,
    secure: bool,
    slots: Arc<Semaphore>,
}

/// Admits a request (a free slot, a body within its size and time limits) and sets the
/// security headers on whatever the answer is.
pub async fn guard(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let response = match admit(&guard, request).await {
        Ok((slot, request)) => {
            let response = next.run(request).await;
            drop(slot);
            response
        }
        Err(error) => {
            // A body refused before it was read whole is still on the connection: close it,
            // and say so, so a client does not send its next request on it.
            let body_left = matches!(
                error,
                AppError::BodyTooLarge { .. } | AppError::RequestTimeout | AppError::BadRequest(_)
            );
            let mut response = error.into_response();
            if body_left {
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            response
        }
    };
    with_security_headers(response, is_static, guard.secure)
}

async fn admit(
    guard: &Guard,
    request: Request,
) -> Result<(tokio::sync::OwnedSemaphorePermit, Request), AppError> {
    let slot = tokio::time::timeout(
        guard.limits.queue_timeout,
        guard.slots.clone().acquire_owned(),
    )
    .await
    .map_err(|_| AppError::Busy)?
    .map_err(AppError::internal)?;
    if !has_body(request.method(), request.headers()) {
        return Ok((slot, request));
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let kind = BodyKind::of(request.uri().path(), content_type);
    let limit = kind.limit(&guard.limits);
    let too_large = AppError::BodyTooLarge {
        what: kind.what(),
        limit_bytes: limit,
    };
    // Refused before a byte of the body is read when the client says how long it is.
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large);
    }
    let (parts, body) = request.into_parts();
    let collected = tokio::time::timeout(
        guard.limits.body_timeout,
        Limited::new(body, limit).collect(),
    )
    .await
    .map_err(|_| AppError::RequestTimeout)?;
    let bytes = match collected {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => return Err(too_large),
        Err(_) => {
            return Err(AppError::BadRequest(
                "Innholdet i forespørselen kom ikke fram helt. Prøv igjen.".to_owned(),
            ));
        }
    };
    Ok((slot, Request::from_parts(parts, Body::from(bytes))))
}

fn has_body(method: &Method, headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|value| value != "0")
        || !matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::DELETE
        ) && !headers.contains_key(header::CONTENT_LENGTH)
}

/// Sets the security headers. Every response but a static file is `no-store`: the pages
/// and API answers behind a login must not stay in a shared or browser cache.
pub fn with_security_headers(mut response: Response, is_static: bool, secure: bool) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    let static_success = is_static && response.status().is_success();
    let headers = response.headers_mut();
    if !static_success {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}

/// Serves `app` on `listener` until `shutdown` completes, like `axum::serve`, but with a
/// time limit for reading each request's headers (a client sending them slowly is cut
/// off) and the client's address as axum's [`ConnectInfo`].
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};

    // HTTP/1.1 only, as axum::serve without its `http2` feature.
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait, then accept again.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(remote));
                tower::ServiceExt::oneshot(app.clone(), request.map(Body::new))
            });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    // Requests under way get the time of a slow body to finish.
    let _ = tokio::time::timeout(limits.body_timeout, graceful.shutdown()).await;
    Ok(())
}
