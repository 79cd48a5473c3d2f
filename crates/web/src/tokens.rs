//! API tokens' lifecycle, shared by `/account`, the admin page, the API (`/api/v1/me/tokens`)
//! and the command line (`omstilling user token|tokens|revoke`): a new token with a label
//! and an optional expiry (shown once; only its SHA-256 is stored), the rules for those two
//! inputs, and how a token reads in a list.
//!
//! A token's last use is recorded by [`crate::auth::resolve`] through
//! [`store::Accounts::use_token`], at most once a minute
//! ([`store::TOKEN_USE_RECORDED_EVERY`]). Never logs a token or its hash.

use plan::Language;
use serde::Deserialize;
use store::{NewToken, TokenInfo, UserId};
use time::OffsetDateTime;

use crate::AppState;
use crate::auth;
use crate::error::AppError;

/// The longest label.
pub const MAX_LABEL_CHARS: usize = 100;
/// The longest expiry a new token may have (five years).
pub const MAX_EXPIRY_DAYS: i64 = 5 * 366;

/// A token just made: the token itself (show it once) and how it is listed.
#[derive(Debug, Clone)]
pub struct Created {
    pub token: String,
    pub info: TokenInfo,
}

/// Why a label or an expiry is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Label,
    Expiry,
}

impl Refusal {
    /// The message, in the reader's language.
    pub fn message(self, language: Language) -> &'static str {
        match (self, language) {
            (Refusal::Label, Language::Nynorsk) => {
                "Namnet på nøkkelen kan ha høgst 100 teikn og ingen kontrollteikn."
            }
            (Refusal::Label, _) => {
                "Navnet på nøkkelen kan ha høyst 100 tegn og ingen kontrolltegn."
            }
            (Refusal::Expiry, Language::Nynorsk) => {
                "Levetida må vere eit tal dagar eller veker, til dømes 90d eller 12w (høgst 5 år)."
            }
            (Refusal::Expiry, _) => {
                "Levetiden må være et antall dager eller uker, for eksempel 90d eller 12w (høyst 5 år)."
            }
        }
    }
}

/// A label as given: trimmed, `None` when empty.
pub fn parse_label(text: &str) -> Result<Option<String>, Refusal> {
    let label = text.trim();
    if label.chars().count() > MAX_LABEL_CHARS || label.chars().any(char::is_control) {
        return Err(Refusal::Label);
    }
    Ok((!label.is_empty()).then(|| label.to_owned()))
}

/// An expiry as given: `90d` (days) or `12w` (weeks), 1 day to five years; empty is none.
pub fn parse_expiry(text: &str) -> Result<Option<time::Duration>, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // The unit is the last character, whatever its width (`90æ` is refused, not a panic).
    let Some((last, _)) = text.char_indices().next_back() else {
        return Ok(None);
    };
    let (number, unit) = text.split_at(last);
    let days_per_unit = match unit {
        "d" | "D" => 1,
        "w" | "W" | "u" | "U" => 7,
        _ => return Err(Refusal::Expiry),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || number.len() > 5 {
        return Err(Refusal::Expiry);
    }
    let days = number.parse::<i64>().map_err(|_| Refusal::Expiry)? * days_per_unit;
    if !(1..=MAX_EXPIRY_DAYS).contains(&days) {
        return Err(Refusal::Expiry);
    }
    Ok(Some(time::Duration::days(days)))
}

/// Makes a token for `user_id` (audited as `token.create` by `actor`).
pub async fn create(
    state: &AppState,
    user_id: UserId,
    label: Option<&str>,
    lifetime: Option<time::Duration>,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<Created, AppError> {
    create_in(&state.store, user_id, label, lifetime, actor, now).await
}

/// [`create`] on a store (the command line has no [`AppState`]).
pub async fn create_in(
    store: &store::Store,
    user_id: UserId,
    label: Option<&str>,
    lifetime: Option<time::Duration>,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<Created, AppError> {
    let token = auth::new_api_token()?;
    let hash = auth::token_hash(&token);
    let new = NewToken {
        user_id,
        token_hash: &hash,
        label,
        expires_at: lifetime.map(|lifetime| now + lifetime),
    };
    let info = store.create_token(&new, actor, now).await?;
    tracing::info!(user_id, actor, "api token created");
    Ok(Created { token, info })
}

/// The label as a list shows it (`uten navn` when there is none).
pub fn label_text(info: &TokenInfo, language: Language) -> String {
    match (&info.label, language) {
        (Some(label), _) => label.clone(),
        (None, Language::Nynorsk) => "utan namn".to_owned(),
        (None, _) => "uten navn".to_owned(),
    }
}

/// A time as a list shows it: `4. desember 2026 kl. 13.05` (UTC), or `–`.
pub fn time_text(at: Option<OffsetDateTime>, language: Language) -> String {
    match at {
        None => "–".to_owned(),
        Some(at) => {
            let day = plan::units::Date::new(
                at.year(),
                u32::from(u8::from(at.month())),
                u32::from(at.day()),
            )
            .map(|day| plan::norwegian::date(day, language))
            .unwrap_or_else(|| at.date().to_string());
            format!("{day} kl. {:02}.{:02} UTC", at.hour(), at.minute())
        }
    }
}

/// A create request's body (API) or form (pages): `label`, `expires` (`90d`).
#[derive(Debug, Default, Deserialize)]
pub struct CreateRequest {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub expires: String,
}

impl CreateRequest {
    /// The label and lifetime, checked.
    pub fn parse(&self) -> Result<(Option<String>, Option<time::Duration>), Refusal> {
        Ok((parse_label(&self.label)?, parse_expiry(&self.expires)?))
    }
}

/// `GET /api/v1/me/tokens`: the caller's tokens (never a hash).
pub(crate) async fn api_list(
    axum::extract::State(state): axum::extract::State<AppState>,
    current: auth::CurrentUser,
) -> Result<axum::Json<Vec<TokenInfo>>, AppError> {
    Ok(axum::Json(state.store.tokens(Some(current.user.id)).await?))
}

/// `POST /api/v1/me/tokens` `{"label": "CI", "expires": "90d"}`: a new token for the
/// caller, in the answer only this once.
pub(crate) async fn api_create(
    axum::extract::State(state): axum::extract::State<AppState>,
    current: auth::CurrentUser,
    body: axum::body::Bytes,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse as _;
    let request: CreateRequest = if body.iter().all(u8::is_ascii_whitespace) {
        CreateRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| AppError::Unprocessable {
            code: "invalid-body",
            message: format!("Nøkkelen må være JSON med «label» og «expires»: {e}"),
            details: None,
        })?
    };
    let (label, lifetime) = request.parse().map_err(|refusal| AppError::Unprocessable {
        code: "invalid-token-request",
        message: refusal.message(Language::Bokmal).to_owned(),
        details: None,
    })?;
    let now = OffsetDateTime::now_utc();
    let created = create(
        &state,
        current.user.id,
        label.as_deref(),
        lifetime,
        Some(current.user.id),
        now,
    )
    .await?;
    let mut body = serde_json::to_value(&created.info).map_err(AppError::internal)?;
    body["token"] = serde_json::Value::String(created.token);
    Ok((axum::http::StatusCode::CREATED, axum::Json(body)).into_response())
}

/// `DELETE /api/v1/me/tokens/{id}`: revokes one of the caller's tokens (404 for another's).
pub(crate) async fn api_revoke(
    axum::extract::State(state): axum::extract::State<AppState>,
    current: auth::CurrentUser,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<axum::http::StatusCode, AppError> {
    let now = OffsetDateTime::now_utc();
    match state
        .store
        .revoke_token(Some(current.user.id), &id, Some(current.user.id), now)
        .await
    {
        Ok(_) => Ok(axum::http::StatusCode::NO_CONTENT),
        Err(store::StoreError::NotFound) => Err(AppError::NotFound("nøkkelen")),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_are_days_or_weeks_up_to_five_years() {
        assert_eq!(parse_expiry(""), Ok(None));
        assert_eq!(parse_expiry("90d"), Ok(Some(time::Duration::days(90))));
        assert_eq!(parse_expiry(" 12w "), Ok(Some(time::Duration::days(84))));
        for bad in [
            "0d", "90", "d", "-3d", "1.5d", "9999999d", "1900d", "3m", "९०d", "90 d",
        ] {
            assert_eq!(parse_expiry(bad), Err(Refusal::Expiry), "{bad}");
        }
    }

    #[test]
    fn labels_are_trimmed_and_bounded() {
        assert_eq!(parse_label("  "), Ok(None));
        assert_eq!(parse_label(" CI «prod» "), Ok(Some("CI «prod»".to_owned())));
        assert_eq!(parse_label("a\u{0}b"), Err(Refusal::Label));
        assert_eq!(parse_label(&"x".repeat(101)), Err(Refusal::Label));
        assert!(Refusal::Expiry.message(Language::Nynorsk).contains("veker"));
        // A last character wider than a byte is refused, never a panic (schemathesis).
        for text in ["90æ", "ø", "9\u{1F600}", "d\u{0301}"] {
            assert_eq!(parse_expiry(text), Err(Refusal::Expiry), "{text}");
        }
    }
}
