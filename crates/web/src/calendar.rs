//! The year wheel and the calendar feed (issue 14): the bridge from the store to
//! `plan::yearwheel` (a programme's events for some years, read once and computed by the
//! pure core), the RFC 5545 feed (`icalendar`), and its routes:
//!
//! - `GET /api/v1/programmes/{slug}/calendar.ics`: one programme, the usual authentication.
//! - `POST /api/v1/me/calendar-token` → `{"url"}`: a new secret subscription address for
//!   the caller, replacing the previous one; `DELETE` revokes it.
//! - `GET /calendar/{token}.ics`: every programme the address's owner can see, without a
//!   login (calendar clients cannot log in); only the token's SHA-256 is stored, and a
//!   revoked or unknown address answers 404.
//!
//! Never logs a token, its hash or the address.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use icalendar::{Calendar, Component, EventLike, Property};
use plan::yearwheel::{self, Event, SetDates, YearInput};
use plan::{Date, Language, Plan};
use store::{Programme, User};
use time::OffsetDateTime;

use crate::AppState;
use crate::access::programme_access;
use crate::auth::{self, CurrentUser};
use crate::error::AppError;

/// The calendar routes, merged into [`crate::app`].
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/api/v1/programmes/{slug}/calendar.ics",
            get(programme_feed),
        )
        .route(
            "/api/v1/me/calendar-token",
            post(create_token).delete(revoke_token),
        )
        .route("/calendar/{file}", get(subscription_feed))
}

/// The request path as the log may show it: a subscription address's token replaced.
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with("/calendar/") {
        "/calendar/…"
    } else {
        path
    }
}

/// The events of a programme for each year of `years`, computed from the dates the
/// programme set and its plans (the year's and the next year's).
pub async fn programme_events(
    state: &AppState,
    programme: &Programme,
    years: std::ops::RangeInclusive<i32>,
    language: Language,
) -> Result<BTreeMap<i32, Vec<Event>>, AppError> {
    let set = state.store.year_wheel_dates(programme.id).await?;
    let stored = state
        .store
        .documents(programme.id, store::HANDLINGSPLAN)
        .await?;
    let mut plans: BTreeMap<i32, Plan> = BTreeMap::new();
    for info in &stored {
        let Some(year) = info.year() else { continue };
        if year < *years.start() || year > years.end().saturating_add(1) {
            continue;
        }
        if let Some(version) = state
            .store
            .current(programme.id, &store::DocKey::handlingsplan(year))
            .await?
            // A plan that no longer reads adds no events; its deadlines still show.
            && let Ok(plan) = crate::api::stored_plan(&version)
        {
            plans.insert(year, plan);
        }
    }
    let mut out = BTreeMap::new();
    for year in years {
        let dates = SetDates {
            dates: set
                .iter()
                .filter(|d| d.year == year)
                .map(|d| (d.deadline, d.date))
                .collect(),
        };
        let events = yearwheel::year_events(
            YearInput {
                year,
                set: &dates,
                plan: plans.get(&year),
                next_plan: plans.get(&(year + 1)),
            },
            language,
        );
        out.insert(year, events);
    }
    Ok(out)
}

/// The set dates of one programme year, for the edit form.
pub async fn set_dates(
    state: &AppState,
    programme: &Programme,
    year: i32,
) -> Result<SetDates, AppError> {
    Ok(SetDates {
        dates: state
            .store
            .year_wheel_dates(programme.id)
            .await?
            .into_iter()
            .filter(|d| d.year == year)
            .map(|d| (d.deadline, d.date))
            .collect(),
    })
}

/// One programme's events for a feed.
#[derive(Debug)]
pub struct FeedProgramme {
    pub programme: Programme,
    pub events: Vec<Event>,
}

/// The feed's texts and where its links point.
#[derive(Debug, Clone, Copy)]
pub struct FeedOptions<'a> {
    pub language: Language,
    /// `https://host` without a trailing slash; each event links to its programme's page.
    pub base_url: &'a str,
    /// The feed's `DTSTAMP`.
    pub now: OffsetDateTime,
    /// The calendar's name.
    pub name: &'a str,
}

/// The feed as RFC 5545 text: one all-day `VEVENT` per event (an activity spans its
/// month), stable `UID`s (`{event key}.{slug}@omstilling`), lines folded at 75 octets and
/// ended with CRLF by `icalendar`.
pub fn feed(programmes: &[FeedProgramme], options: FeedOptions<'_>) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//omstilling//arshjul//NO"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name(options.name);
    let stamp = chrono::DateTime::<chrono::Utc>::from_timestamp(options.now.unix_timestamp(), 0)
        .unwrap_or_default();
    let language = options.language;
    for entry in programmes {
        let page = format!("{}/programmes/{}", options.base_url, entry.programme.slug);
        for event in &entry.events {
            let (Some(start), Some(end)) = (naive(event.start), naive(event.end)) else {
                continue;
            };
            // DTEND of an all-day event is the day after the last.
            let Some(after) = end.succ_opt() else {
                continue;
            };
            let description = format!(
                "{}\n{}: {}\n{} {page}",
                event.description,
                language.pick("Program", "Program"),
                entry.programme.name,
                language.pick("Se", "Sjå"),
            );
            calendar.push(
                icalendar::Event::new()
                    .uid(&format!(
                        "{}.{}@omstilling",
                        event.key, entry.programme.slug
                    ))
                    .timestamp(stamp)
                    .starts(start)
                    .ends(after)
                    .summary(&format!("{}: {}", entry.programme.name, event.title))
                    .description(&description)
                    .url(&page)
                    .done(),
            );
        }
    }
    calendar.to_string()
}

fn naive(date: Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(date.year(), date.month(), date.day())
}

/// The address this server is reached at, from the request's `Host` (`https` when the
/// server is told it is behind HTTPS).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

fn ics_response(body: String, file: &str) -> Response {
    let disposition = format!("inline; filename=\"{file}\"");
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("inline")),
            ),
        ],
        body,
    )
        .into_response()
}

fn years(programme: &Programme) -> std::ops::RangeInclusive<i32> {
    programme.period_from..=programme.period_to
}

async fn programme_entry(
    state: &AppState,
    programme: Programme,
    language: Language,
) -> Result<FeedProgramme, AppError> {
    let events = programme_events(state, &programme, years(&programme), language)
        .await?
        .into_values()
        .flatten()
        .collect();
    Ok(FeedProgramme { programme, events })
}

/// `GET /api/v1/programmes/{slug}/calendar.ics`.
async fn programme_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    current: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let language = current.user.language.unwrap_or_default();
    let name = format!(
        "{} {}",
        language.pick("Årshjul for", "Årshjul for"),
        programme.name
    );
    let entry = programme_entry(&state, programme, language).await?;
    let base = base_url(&state, &headers);
    let body = feed(
        std::slice::from_ref(&entry),
        FeedOptions {
            language,
            base_url: &base,
            now: crate::clock::now(),
            name: &name,
        },
    );
    Ok(ics_response(body, &format!("{slug}.ics")))
}

/// Every programme `user` can see: all for admins and observers, else theirs.
pub async fn visible_programmes(state: &AppState, user: &User) -> Result<Vec<Programme>, AppError> {
    Ok(match user.global_role {
        Some(_) => state.store.programmes().await?,
        None => state
            .store
            .memberships(user.id)
            .await?
            .into_iter()
            .map(|(programme, _)| programme)
            .collect(),
    })
}

/// `GET /calendar/{token}.ics`: the subscription feed.
async fn subscription_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    const NOT_FOUND: AppError = AppError::NotFound("kalenderen");
    let token = file.strip_suffix(".ics").ok_or(NOT_FOUND)?;
    if token.is_empty() || token.len() > 100 {
        return Err(NOT_FOUND);
    }
    let hash = auth::token_hash(token);
    let user = state
        .store
        .calendar_token_user(&hash)
        .await?
        .ok_or(NOT_FOUND)?;
    let language = user.language.unwrap_or_default();
    let mut entries = Vec::new();
    for programme in visible_programmes(&state, &user).await? {
        entries.push(programme_entry(&state, programme, language).await?);
    }
    let base = base_url(&state, &headers);
    let body = feed(
        &entries,
        FeedOptions {
            language,
            base_url: &base,
            now: crate::clock::now(),
            name: language.pick("Omstilling – årshjul", "Omstilling – årshjul"),
        },
    );
    Ok(ics_response(body, "omstilling.ics"))
}

/// Makes a new subscription address for `user`, replacing the previous one; the
/// address is only known to the caller from here on.
pub async fn new_subscription(
    state: &AppState,
    user: &User,
    base_url: &str,
) -> Result<String, AppError> {
    let token = auth::random_secret()?;
    let now = crate::clock::now();
    state
        .store
        .set_calendar_token(user.id, &auth::token_hash(&token), now)
        .await?;
    let object = format!("users/{}/calendar", user.name);
    state
        .store
        .record_event(
            &store::SecurityEvent {
                actor: Some(user.id),
                action: "calendar.subscribe",
                object: &object,
                client: None,
            },
            now,
        )
        .await?;
    Ok(format!("{base_url}/calendar/{token}.ics"))
}

/// Revokes `user`'s subscription address; `false` when there was none.
pub async fn revoke_subscription(state: &AppState, user: &User) -> Result<bool, AppError> {
    let revoked = state.store.revoke_calendar_token(user.id).await?;
    if revoked {
        let object = format!("users/{}/calendar", user.name);
        state
            .store
            .record_event(
                &store::SecurityEvent {
                    actor: Some(user.id),
                    action: "calendar.revoke",
                    object: &object,
                    client: None,
                },
                crate::clock::now(),
            )
            .await?;
    }
    Ok(revoked)
}

/// `POST /api/v1/me/calendar-token` → `{"url": …}`.
async fn create_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    current: CurrentUser,
) -> Result<Response, AppError> {
    let base = base_url(&state, &headers);
    let url = new_subscription(&state, &current.user, &base).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({ "url": url }))).into_response())
}

/// `DELETE /api/v1/me/calendar-token`: 204, or 404 when there is none.
async fn revoke_token(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<StatusCode, AppError> {
    if revoke_subscription(&state, &current.user).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("kalenderadressen"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subscription_token_never_reaches_the_log() {
        assert_eq!(loggable_path("/calendar/s3cr3t.ics"), "/calendar/…");
        assert_eq!(
            loggable_path("/api/v1/programmes/fjordvik/calendar.ics"),
            "/api/v1/programmes/fjordvik/calendar.ics"
        );
    }

    #[test]
    fn the_feed_folds_escapes_and_ends_all_day_events_the_day_after() {
        let programme = Programme {
            id: 1,
            slug: "fjordvik".to_owned(),
            name: "Fjordvik Vekst; «test», med et langt navn som gir lange linjer".to_owned(),
            area: "Fjordvik kommune".to_owned(),
            county: None,
            period_from: 2027,
            period_to: 2027,
        };
        let events = yearwheel::year_events(
            YearInput {
                year: 2027,
                set: &SetDates::default(),
                plan: None,
                next_plan: None,
            },
            Language::Nynorsk,
        );
        let text = feed(
            &[FeedProgramme { programme, events }],
            FeedOptions {
                language: Language::Nynorsk,
                base_url: "https://omstilling.example",
                now: OffsetDateTime::UNIX_EPOCH,
                name: "Årshjul",
            },
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.lines().all(|l| l.len() <= 76), "folded (plus the CR)");
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("UID:2027-psv.fjordvik@omstilling\r\n"));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20271015\r\n"));
        assert!(unfolded.contains("DTEND;VALUE=DATE:20271016\r\n"));
        assert!(unfolded.contains("DTSTAMP:19700101T000000Z"));
        assert!(
            unfolded.contains("Fjordvik Vekst\\; «test»\\, med"),
            "text escaped"
        );
        assert!(unfolded.contains("Styret handsamar handlingsplanen for 2028"));
        assert!(unfolded.contains("URL:https://omstilling.example/programmes/fjordvik"));
    }
}
