//! One error type for every handler, [`AppError`], answering with a status code and a
//! JSON body `{"code": "...", "message": "..."}` whose message is Norwegian (bokmål).
//!
//! Causes (database errors and the like) go to the log with their chain; users never
//! see them, nor a stack trace.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use store::StoreError;

/// What a handler can answer instead of success.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No or unknown credentials (401).
    #[error("ikke innlogget")]
    Unauthorized,
    /// Logged in, but the role does not allow it (403).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A cookie-authenticated state-changing request without a valid CSRF token (403).
    #[error("csrf token missing or wrong")]
    Csrf,
    /// Not there, or not visible to the caller (404).
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// Bad query or body shape that is not a plan (400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The plan exists and the write had no `If-Match` (428).
    #[error("precondition required")]
    PreconditionRequired,
    /// `If-Match` is not the current ETag (412).
    #[error("precondition failed")]
    PreconditionFailed,
    /// The resource's state forbids it (409): frozen plan, wrong approval order …
    #[error("conflict: {message}")]
    Conflict {
        code: &'static str,
        message: String,
        details: Option<Value>,
    },
    /// The body could not be read as what it should be (422).
    #[error("unprocessable: {message}")]
    Unprocessable {
        code: &'static str,
        message: String,
        details: Option<Value>,
    },
    /// The body is too large (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// The body is larger than its route allows (413), refused before it is read.
    #[error("body too large: more than {limit_bytes} bytes")]
    BodyTooLarge {
        what: &'static str,
        limit_bytes: usize,
    },
    /// The body did not arrive in time (408).
    #[error("request body timed out")]
    RequestTimeout,
    /// Every request slot stayed busy (503).
    #[error("too many requests at once")]
    Busy,
    /// Too many failed logins (429).
    #[error("too many failed logins")]
    TooManyLogins { retry_after_seconds: u64 },
    /// A document format this build has no renderer for yet (404: that document does not
    /// exist here; never made-up bytes).
    #[error("format not available: {0}")]
    FormatNotAvailable(String),
    /// Anything else (500); the cause is logged, not shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// The HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            AppError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::PayloadTooLarge | AppError::BodyTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooManyLogins { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::FormatNotAvailable(_) => StatusCode::NOT_FOUND,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::Csrf => "csrf",
            AppError::NotFound(_) => "not-found",
            AppError::BadRequest(_) => "bad-request",
            AppError::PreconditionRequired => "precondition-required",
            AppError::PreconditionFailed => "precondition-failed",
            AppError::Conflict { code, .. } | AppError::Unprocessable { code, .. } => code,
            AppError::PayloadTooLarge | AppError::BodyTooLarge { .. } => "payload-too-large",
            AppError::RequestTimeout => "request-timeout",
            AppError::Busy => "busy",
            AppError::TooManyLogins { .. } => "too-many-logins",
            AppError::FormatNotAvailable(_) => "format-not-available",
            AppError::Internal(_) => "internal",
        }
    }

    /// The Norwegian message a user reads.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthorized => {
                "Du er ikke innlogget. Logg inn eller bruk en API-nøkkel.".into()
            }
            AppError::Forbidden(what) => format!("Du har ikke tilgang til å {what}."),
            AppError::Csrf => {
                "Skjemaet mangler gyldig CSRF-nøkkel. Last siden på nytt og prøv igjen.".into()
            }
            AppError::NotFound(what) => format!("Fant ikke {what}."),
            AppError::BadRequest(message) => message.clone(),
            AppError::PreconditionRequired => "Planen finnes allerede. Send If-Match med \
                 ETag-en til versjonen du endrer, slik at ingen endringer går tapt."
                .into(),
            AppError::PreconditionFailed => "Planen er endret siden du hentet den. Hent den \
                 nyeste versjonen og gjør endringen på nytt."
                .into(),
            AppError::Conflict { message, .. } | AppError::Unprocessable { message, .. } => {
                message.clone()
            }
            AppError::PayloadTooLarge => "Innholdet er for stort.".into(),
            AppError::BodyTooLarge { what, limit_bytes } => {
                let size = if *limit_bytes >= 1 << 20 {
                    format!(
                        "{} MB",
                        plan::norwegian::integer((*limit_bytes >> 20) as i64)
                    )
                } else {
                    format!(
                        "{} kB",
                        plan::norwegian::integer((*limit_bytes >> 10) as i64)
                    )
                };
                format!("Innholdet er for stort: her tas det imot {what} på høyst {size}.")
            }
            AppError::RequestTimeout => {
                "Innholdet i forespørselen kom for sakte. Prøv igjen.".into()
            }
            AppError::Busy => "Serveren er opptatt akkurat nå. Prøv igjen om litt.".into(),
            AppError::TooManyLogins {
                retry_after_seconds,
            } => format!(
                "For mange mislykkede innlogginger. Vent {} minutter og prøv igjen.",
                retry_after_seconds.div_ceil(60)
            ),
            AppError::FormatNotAvailable(message) => message.clone(),
            AppError::Internal(_) => {
                "Noe gikk galt på serveren. Prøv igjen, eller kontakt administrator.".into()
            }
        }
    }

    /// Shorthand for an internal error with a cause.
    pub fn internal(error: impl Into<anyhow::Error>) -> AppError {
        AppError::Internal(error.into())
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> AppError {
        match error {
            StoreError::NotFound => AppError::NotFound("det du ba om"),
            StoreError::PreconditionRequired => AppError::PreconditionRequired,
            StoreError::Stale { .. } => AppError::PreconditionFailed,
            StoreError::Conflict(what) => AppError::Conflict {
                code: "exists",
                message: format!("Det finnes allerede: {what}."),
                details: None,
            },
            StoreError::WrongStatus { version, status } => AppError::Conflict {
                code: "frozen",
                message: format!(
                    "Versjon {version} har status «{}» og kan ikke endres slik. \
                     Gjenåpne planen for å lage et nytt utkast.",
                    status_text(status)
                ),
                details: None,
            },
            other => AppError::Internal(other.into()),
        }
    }
}

/// The Norwegian name of a version status.
pub fn status_text(status: store::VersionStatus) -> &'static str {
    match status {
        store::VersionStatus::Draft => "utkast",
        store::VersionStatus::BoardApproved => "behandlet av styret",
        store::VersionStatus::Approved => "godkjent av kommunestyret",
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = ?cause, "request failed");
        }
        let mut body = json!({ "code": self.code(), "message": self.message() });
        if let AppError::Conflict {
            details: Some(details),
            ..
        }
        | AppError::Unprocessable {
            details: Some(details),
            ..
        } = &self
        {
            body["details"] = details.clone();
        }
        let mut response = (status, axum::Json(body)).into_response();
        if let AppError::TooManyLogins {
            retry_after_seconds,
        } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
