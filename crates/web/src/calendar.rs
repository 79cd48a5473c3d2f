//! The year wheel and the calendar feed (issue 14): the bridge from the store to
//! `plan::yearwheel` ([`ProgrammeWheel`]: a programme's dates and plans, read once, its
//! events computed by the pure core), the RFC 5545 feed (`icalendar`), and its routes:
//!
//! - `GET /api/v1/programmes/{slug}/calendar.ics`: one programme, the usual authentication.
//! - `POST /api/v1/me/calendar-token` → `{"url"}`: a new secret subscription address for
//!   the caller, replacing the previous one; `DELETE` revokes it.
//! - `GET /calendar/{token}.ics`: every programme the address's owner can see, without a
//!   login (calendar clients cannot log in); only the token's SHA-256 is stored, and a
//!   revoked or unknown address answers 404.
//!
//! - `GET /api/v1/programmes/{slug}/year-wheel/{year}`: the year's deadlines (set or
//!   default) and events, for every year of [`ProgrammeWheel::years`].
//! - `PUT /api/v1/programmes/{slug}/year-wheel/{year}` `{"dates": {"psv": "2027-10-03"}}`:
//!   editors set the year's deadlines (a year of the period); a deadline left out or
//!   `null` returns to its default; every change is audited (`yearwheel.change`). The
//!   dates have no version, so there is no ETag.
//!
//! Never logs a token, its hash or the address.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use icalendar::{Calendar, Component, EventLike, Property};
use plan::handlingsplan::Plan;
use plan::yearwheel::{self, Deadline, Event, SetDates, YearInput};
use plan::{Date, Language};
use store::{Programme, User};
use time::OffsetDateTime;

use crate::AppState;
use crate::access::programme_access;
use crate::api::Params;
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
        .route(
            "/api/v1/programmes/{slug}/year-wheel/{year}",
            get(get_year_wheel).put(put_year_wheel),
        )
}

/// The request path as the log may show it: a subscription address's token replaced.
pub fn loggable_path(path: &str) -> &str {
    if path.starts_with("/calendar/") {
        "/calendar/…"
    } else {
        path
    }
}

/// A programme's year wheel as stored: the dates it set and its plans, read once; the
/// events of any year are computed from it by the pure `plan::yearwheel`.
#[derive(Debug)]
pub struct ProgrammeWheel {
    period: std::ops::RangeInclusive<i32>,
    set: Vec<store::calendar::SetDate>,
    /// The current version of every plan that still reads, by year.
    plans: BTreeMap<i32, Plan>,
}

impl ProgrammeWheel {
    /// Reads the programme's set dates and every plan.
    pub async fn load(state: &AppState, programme: &Programme) -> Result<ProgrammeWheel, AppError> {
        let set = state.store.year_wheel_dates(programme.id).await?;
        let stored = state
            .store
            .documents(programme.id, store::HANDLINGSPLAN)
            .await?;
        let mut plans = BTreeMap::new();
        for info in &stored {
            let Some(year) = info.year() else { continue };
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
        Ok(ProgrammeWheel {
            period: programme.period_from..=programme.period_to,
            set,
            plans,
        })
    }

    /// The years the wheel has, in order: the programme period's, and every year a
    /// plan's board or council decision falls in (before the period, say, for the
    /// first plan).
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.period.clone().collect();
        years.extend(yearwheel::decision_years(self.plans.values()));
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Whether `year` is in the programme period (the years with deadlines).
    pub fn in_period(&self, year: i32) -> bool {
        self.period.contains(&year)
    }

    /// The dates the programme set for `year`.
    pub fn set_dates(&self, year: i32) -> SetDates {
        SetDates {
            dates: self
                .set
                .iter()
                .filter(|d| d.year == year)
                .map(|d| (d.deadline, d.date))
                .collect(),
        }
    }

    /// The events of `year`: its deadlines when it is in the period, the activities of
    /// its plan, and every decision made in it.
    pub fn events(&self, year: i32, language: Language) -> Vec<Event> {
        let dates = self.set_dates(year);
        let decided: Vec<&Plan> = self.plans.values().collect();
        yearwheel::year_events(
            YearInput {
                year,
                set: self.in_period(year).then_some(&dates),
                plan: self.plans.get(&year),
                decided: &decided,
            },
            language,
        )
    }
}

/// The set dates of one programme year, for the edit form and the API.
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

/// A deadline's date as typed (ISO or Norwegian), checked: `None` for an empty field or
/// the default date (stored as no date, so a later change of the default reaches it);
/// the error is the Norwegian sentence the form and the API show.
pub fn checked_date(
    typed: &str,
    deadline: Deadline,
    year: i32,
    language: Language,
) -> Result<Option<Date>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    match plan::norwegian::parse_date(typed) {
        Ok(date) if date.year() == year || date.year() == year + 1 => {
            Ok(Some(date).filter(|d| Some(*d) != deadline.default_date(year)))
        }
        Ok(_) => Err(language
            .pick(
                "Datoen må være i {year} eller tidlig i året etter.",
                "Datoen må vere i {year} eller tidleg i året etter.",
            )
            .replace("{year}", &year.to_string())),
        Err(error) => Err(error.message(language)),
    }
}

/// Stores the wanted dates of one year (`None`: the default) where they differ from
/// `set`, each change audited by the store (`yearwheel.change`).
pub async fn change_dates(
    state: &AppState,
    programme: &Programme,
    year: i32,
    set: &SetDates,
    wanted: &[(Deadline, Option<Date>)],
    actor: store::UserId,
) -> Result<usize, AppError> {
    let now = crate::clock::now();
    let mut changed = 0;
    for (deadline, date) in wanted {
        let stored = set
            .is_set(*deadline)
            .then(|| set.date(*deadline, year))
            .flatten();
        if *date != stored {
            state
                .store
                .set_year_wheel_date(programme.id, year, *deadline, *date, actor, now)
                .await?;
            changed += 1;
        }
    }
    Ok(changed)
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

async fn programme_entry(
    state: &AppState,
    programme: Programme,
    language: Language,
) -> Result<FeedProgramme, AppError> {
    let wheel = ProgrammeWheel::load(state, &programme).await?;
    let events = wheel
        .years()
        .into_iter()
        .flat_map(|year| wheel.events(year, language))
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

/// The name of an event's kind in the API.
fn kind_name(kind: yearwheel::EventKind) -> &'static str {
    match kind {
        yearwheel::EventKind::Deadline(_) => "deadline",
        yearwheel::EventKind::BoardDecision => "board-decision",
        yearwheel::EventKind::CouncilDecision => "council-decision",
        yearwheel::EventKind::Activity => "activity",
    }
}

/// The year wheel of one year as the API shows it.
pub fn year_wheel_json(wheel: &ProgrammeWheel, year: i32, language: Language) -> serde_json::Value {
    let set = wheel.set_dates(year);
    let deadlines: Vec<serde_json::Value> = if wheel.in_period(year) {
        Deadline::ALL
            .into_iter()
            .map(|deadline| {
                serde_json::json!({
                    "key": deadline.key(),
                    "title": deadline.title(language, year),
                    "date": set.date(deadline, year).map(|d| d.to_string()),
                    "default": deadline.default_date(year).map(|d| d.to_string()),
                    "set": set.is_set(deadline),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let events: Vec<serde_json::Value> = wheel
        .events(year, language)
        .into_iter()
        .map(|event| {
            serde_json::json!({
                "key": event.key,
                "kind": kind_name(event.kind),
                "start": event.start.to_string(),
                "end": event.end.to_string(),
                "title": event.title,
                "description": event.description,
            })
        })
        .collect();
    serde_json::json!({
        "year": year,
        "in_period": wheel.in_period(year),
        "deadlines": deadlines,
        "events": events,
    })
}

/// `GET /api/v1/programmes/{slug}/year-wheel/{year}`.
async fn get_year_wheel(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
) -> Result<Json<serde_json::Value>, AppError> {
    let (programme, _) = programme_access(&state, &current.user, &slug).await?;
    let year = crate::api::parse_year(&year)?;
    let wheel = ProgrammeWheel::load(&state, &programme).await?;
    if !wheel.years().contains(&year) {
        return Err(AppError::NotFound("året i årshjulet"));
    }
    let language = current.user.language.unwrap_or_default();
    Ok(Json(year_wheel_json(&wheel, year, language)))
}

/// The body of `PUT …/year-wheel/{year}`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesBody {
    dates: BTreeMap<String, Option<String>>,
}

/// `PUT /api/v1/programmes/{slug}/year-wheel/{year}`: editors only; nothing is stored
/// while one date is wrong.
async fn put_year_wheel(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    if !access.can_edit() {
        return Err(AppError::Forbidden("endre fristene"));
    }
    let year = crate::api::parse_year(&year)?;
    if !(programme.period_from..=programme.period_to).contains(&year) {
        return Err(AppError::NotFound("året i programperioden"));
    }
    let language = current.user.language.unwrap_or_default();
    let body: DatesBody = serde_json::from_slice(&body).map_err(|e| AppError::Unprocessable {
        code: "invalid-body",
        message: format!(
            "Fristene må være JSON som {{\"dates\": {{\"psv\": \"2027-10-03\"}}}}: {e}"
        ),
        details: None,
    })?;
    if let Some(unknown) = body.dates.keys().find(|k| Deadline::parse(k).is_none()) {
        let keys: Vec<&str> = Deadline::ALL.iter().map(|d| d.key()).collect();
        return Err(AppError::Unprocessable {
            code: "unknown-deadline",
            message: format!(
                "Fristen «{}» finnes ikke: bruk {}.",
                unknown.chars().take(40).collect::<String>(),
                keys.join(", ")
            ),
            details: None,
        });
    }
    let mut wanted = Vec::new();
    let mut errors = serde_json::Map::new();
    for deadline in Deadline::ALL {
        let typed = body
            .dates
            .get(deadline.key())
            .cloned()
            .flatten()
            .unwrap_or_default();
        match checked_date(&typed, deadline, year, language) {
            Ok(date) => wanted.push((deadline, date)),
            Err(message) => {
                errors.insert(deadline.key().to_owned(), message.into());
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable {
            code: "invalid-dates",
            message: language
                .pick(
                    "Fristene ble ikke lagret: en eller flere datoer er feil.",
                    "Fristane vart ikkje lagra: ein eller fleire datoar er feil.",
                )
                .to_owned(),
            details: Some(serde_json::Value::Object(errors)),
        });
    }
    let set = set_dates(&state, &programme, year).await?;
    let changed = change_dates(&state, &programme, year, &set, &wanted, current.user.id).await?;
    tracing::info!(user_id = current.user.id, programme = %programme.slug, year, changed, "year wheel dates set");
    let wheel = ProgrammeWheel::load(&state, &programme).await?;
    Ok(Json(year_wheel_json(&wheel, year, language)))
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
            slug: "fjordvik".parse().unwrap(),
            name: "Fjordvik Vekst; «test», med et langt navn som gir lange linjer".to_owned(),
            area: "Fjordvik kommune".to_owned(),
            county: None,
            period_from: 2027,
            period_to: 2027,
        };
        let events = yearwheel::year_events(
            YearInput {
                year: 2027,
                set: Some(&SetDates::default()),
                plan: None,
                decided: &[],
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
