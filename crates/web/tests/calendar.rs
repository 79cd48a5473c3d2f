//! The calendar feed (issue 14) through the real server on both backends, parsed by
//! ical.js (npm, the parser Thunderbird uses) and by Python's `icalendar`: every event
//! present with the right all-day dates (a deadline is one day, an activity spans its
//! month), the set dates replace the defaults, UIDs stable across two fetches, lines
//! folded at 75 octets with CRLF, texts in the user's målform; the secret subscription
//! address holds every programme the user can see and nothing else, a new one replaces
//! the old, and a revoked one answers 404.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use common::{Backend, TestApp, fixture, spawn_app};
use plan::Date;
use plan::yearwheel::Deadline;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use store::ProgrammeRole;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One event as both parsers report it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Parsed {
    uid: String,
    summary: String,
    start: String,
    end: String,
    all_day: bool,
}

fn events_of(json: &Value) -> Vec<Parsed> {
    let mut out: Vec<Parsed> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Parsed {
            uid: e["uid"].as_str().unwrap().to_owned(),
            summary: e["summary"].as_str().unwrap().to_owned(),
            start: e["start"].as_str().unwrap().to_owned(),
            end: e["end"].as_str().unwrap().to_owned(),
            all_day: e["all_day"].as_bool().unwrap(),
        })
        .collect();
    out.sort();
    out
}

/// The feed parsed by ical.js and by Python's icalendar; both must read the same events.
fn parse_both(ics: &str) -> (Value, Vec<Parsed>) {
    let dir = std::env::temp_dir().join(format!(
        "omstilling-ics-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    let node = Command::new("node")
        .arg(root().join("e2e/ical-parse.mjs"))
        .arg(&file)
        .output()
        .expect("node runs (see .ci/install.d/60-e2e.sh)");
    assert!(
        node.status.success(),
        "ical.js: {}",
        String::from_utf8_lossy(&node.stderr)
    );
    let python = Command::new("python3")
        .arg(root().join("crates/web/tests/ical_parse.py"))
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        python.status.success(),
        "python icalendar (see .ci/install.d/55-calendar.sh): {}",
        String::from_utf8_lossy(&python.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
    let from_js: Value = serde_json::from_slice(&node.stdout).unwrap();
    let from_py: Value = serde_json::from_slice(&python.stdout).unwrap();
    let events = events_of(&from_js);
    assert_eq!(events, events_of(&from_py), "ical.js and icalendar agree");
    assert_eq!(from_js["name"], from_py["name"]);
    // Every event has a DTSTAMP and a link to its programme's page.
    for event in from_py["events"].as_array().unwrap() {
        assert!(event["stamp"].is_string(), "{event}");
        assert!(
            event["url"].as_str().unwrap().contains("/programmes/"),
            "{event}"
        );
        assert!(
            event["description"]
                .as_str()
                .unwrap()
                .contains("/programmes/")
        );
    }
    (from_js, events)
}

fn rand_suffix() -> String {
    web::auth::random_secret().unwrap()[..8].replace(['-', '_'], "x")
}

/// RFC 5545 §3.1: every line ends with CRLF and is at most 75 octets.
fn assert_folded(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(
        ics.contains("\r\n "),
        "long descriptions are folded onto continuation lines"
    );
}

fn day_after(date: &str) -> String {
    let d = Date::parse_iso(date).unwrap();
    let (y, m, day) = (d.year(), d.month(), d.day());
    Date::new(y, m, day + 1)
        .or_else(|| Date::new(y, m + 1, 1))
        .or_else(|| Date::new(y + 1, 1, 1))
        .unwrap()
        .to_string()
}

/// What the feed of the programme `slug` (period 2025–2030, the Fjordvik 2027 plan, the
/// PSV of 2027 moved to 3 October) must hold: uid → (start, end exclusive, summary part).
fn expected(slug: &str) -> BTreeMap<String, (String, String, String)> {
    let mut out = BTreeMap::new();
    let defaults = [
        ("plan-start", "02-01", "Handlingsplanen tas i bruk"),
        ("follow-up", "06-01", "Oppfølging av handlingsplanen"),
        ("psv", "10-15", "Programstatusvurdering (PSV)"),
        (
            "board-next-plan",
            "11-30",
            "Styret behandler handlingsplanen for",
        ),
        (
            "council-next-plan",
            "12-15",
            "Kommunestyret vedtar handlingsplanen for",
        ),
        (
            "county-application",
            "12-31",
            "Søknad til fylkeskommunen om midler for",
        ),
    ];
    for year in 2025..=2030 {
        for (key, day, title) in defaults {
            let date = if year == 2027 && key == "psv" {
                "2027-10-03".to_owned()
            } else {
                format!("{year}-{day}")
            };
            out.insert(
                format!("{year}-{key}.{slug}@omstilling"),
                (date.clone(), day_after(&date), title.to_owned()),
            );
        }
    }
    // The 2027 plan's decisions, from the fixture, in the year they were made.
    let plan: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    for (step, title) in [
        ("board", "Styret behandlet handlingsplanen for 2027"),
        ("council", "Kommunestyret vedtok handlingsplanen for 2027"),
    ] {
        let date = plan["approval"][step].as_str().unwrap().to_owned();
        out.insert(
            format!("{step}-2027.{slug}@omstilling"),
            (date.clone(), day_after(&date), title.to_owned()),
        );
    }
    // Each activity spans its month of 2027.
    for (i, activity) in plan["communication"]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let month = activity["month"].as_u64().unwrap();
        let start = format!("2027-{month:02}-01");
        let end = if month == 12 {
            "2028-01-01".to_owned()
        } else {
            format!("2027-{:02}-01", month + 1)
        };
        out.insert(
            format!("2027-activity-{}.{slug}@omstilling", i + 1),
            (start, end, activity["title"].as_str().unwrap().to_owned()),
        );
    }
    out
}

fn check_events(events: &[Parsed], slug: &str, name: &str) {
    let ours: Vec<&Parsed> = events
        .iter()
        .filter(|e| e.uid.ends_with(&format!(".{slug}@omstilling")))
        .collect();
    let expected = expected(slug);
    assert_eq!(
        ours.iter().map(|e| e.uid.clone()).collect::<Vec<_>>(),
        expected.keys().cloned().collect::<Vec<_>>(),
        "every event once"
    );
    for event in ours {
        let (start, end, title) = &expected[&event.uid];
        assert!(event.all_day, "{event:?}");
        assert_eq!((&event.start, &event.end), (start, end), "{event:?}");
        assert!(
            event.summary.starts_with(&format!("{name}: ")) && event.summary.contains(title),
            "{event:?} should name {title}"
        );
    }
}

async fn setup(app: &TestApp, slug: &str) -> (store::Programme, String) {
    let (programme, token) = app.programme_with_plan(slug).await;
    let editor = app
        .store
        .user_by_name(&format!("{slug}-editor"))
        .await
        .unwrap()
        .unwrap()
        .0;
    app.store
        .set_year_wheel_date(
            programme.id,
            2027,
            Deadline::StatusReview,
            Some(Date::parse_iso("2027-10-03").unwrap()),
            editor.id,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    (programme, token)
}

async fn feed(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, String) {
    let response = app.request(Method::GET, path, token).send().await.unwrap();
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(
            response.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
    }
    (status, response.text().await.unwrap())
}

async fn programme_feed_has_every_event(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, token) = setup(&app, "fjordvik").await;
    let path = "/api/v1/programmes/fjordvik/calendar.ics";
    let (status, first) = feed(&app, path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_folded(&first);
    let (from_js, events) = parse_both(&first);
    check_events(&events, "fjordvik", &programme.name);
    assert_eq!(from_js["name"], format!("Årshjul for {}", programme.name));
    // UIDs and dates stable across two fetches.
    let (_, second) = feed(&app, path, Some(&token)).await;
    let (_, again) = parse_both(&second);
    assert_eq!(events, again);
    // Without a login: 401; a stranger: 404.
    let (status, _) = feed(&app, path, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, stranger) = app.user("stranger", None).await;
    let (status, _) = feed(&app, path, Some(&stranger)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A nynorsk reader gets nynorsk texts.
    let (viewer, viewer_token) = app.user("nynorsk", None).await;
    app.member(&programme, &viewer, ProgrammeRole::Viewer).await;
    app.store
        .set_language(viewer.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let (_, nynorsk) = feed(&app, path, Some(&viewer_token)).await;
    let (_, events) = parse_both(&nynorsk);
    assert!(events.iter().any(|e| {
        e.summary
            .contains("Styret handsamar handlingsplanen for 2028")
    }));
    assert!(
        !events
            .iter()
            .any(|e| e.summary.contains("Styret behandler handlingsplanen for"))
    );
}

async fn subscription_holds_every_visible_programme(backend: Backend) {
    let app = spawn_app(backend).await;
    let (fjordvik, _) = setup(&app, "fjordvik").await;
    let havbygd = app.programme("havbygd").await;
    let hidden = app.programme("skjult").await;
    let (kari, token) = app.user("kari", None).await;
    app.member(&fjordvik, &kari, ProgrammeRole::Board).await;
    app.member(&havbygd, &kari, ProgrammeRole::Viewer).await;

    let create = || async {
        let response = app
            .request(Method::POST, "/api/v1/me/calendar-token", Some(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        body["url"].as_str().unwrap().to_owned()
    };
    let url = create().await;
    let path = url
        .strip_prefix(&app.base)
        .expect("an address on this server");
    assert!(
        path.starts_with("/calendar/") && path.ends_with(".ics"),
        "{url}"
    );
    let (status, ics) = feed(&app, path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_folded(&ics);
    let (_, events) = parse_both(&ics);
    check_events(&events, "fjordvik", &fjordvik.name);
    assert!(
        events
            .iter()
            .any(|e| e.uid == "2025-psv.havbygd@omstilling")
    );
    assert!(
        !events.iter().any(|e| e.uid.contains(hidden.slug.as_str())),
        "not a member"
    );
    let (_, again) = feed(&app, path, None).await;
    assert_eq!(events, parse_both(&again).1, "stable across fetches");
    // Only the hash is stored.
    let token_part = path
        .strip_prefix("/calendar/")
        .unwrap()
        .strip_suffix(".ics")
        .unwrap();
    assert!(
        app.store
            .calendar_token_user(token_part)
            .await
            .unwrap()
            .is_none()
    );

    // A new address replaces the old one.
    let newer = create().await;
    assert_ne!(newer, url);
    assert_eq!(feed(&app, path, None).await.0, StatusCode::NOT_FOUND);
    let newer_path = newer.strip_prefix(&app.base).unwrap().to_owned();
    assert_eq!(feed(&app, &newer_path, None).await.0, StatusCode::OK);

    // Revoked: 404, and revoking again is 404 too.
    let revoke = || async {
        app.request(Method::DELETE, "/api/v1/me/calendar-token", Some(&token))
            .send()
            .await
            .unwrap()
            .status()
    };
    assert_eq!(revoke().await, StatusCode::NO_CONTENT);
    assert_eq!(feed(&app, &newer_path, None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(revoke().await, StatusCode::NOT_FOUND);
    assert_eq!(
        feed(&app, "/calendar/nonsense.ics", None).await.0,
        StatusCode::NOT_FOUND
    );

    // An observer's address holds every programme.
    let (_, observer) = app
        .user("observer", Some(store::GlobalRole::Observer))
        .await;
    let response = app
        .request(Method::POST, "/api/v1/me/calendar-token", Some(&observer))
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    let path = body["url"]
        .as_str()
        .unwrap()
        .strip_prefix(&app.base)
        .unwrap()
        .to_owned();
    let (_, ics) = feed(&app, &path, None).await;
    let (_, events) = parse_both(&ics);
    for slug in ["fjordvik", "havbygd", "skjult"] {
        assert!(
            events
                .iter()
                .any(|e| e.uid == format!("2030-psv.{slug}@omstilling")),
            "{slug}"
        );
    }
}

/// A plan of `year` with the board's and the council's dates replaced.
fn plan_decided(year: i32, board: &str, council: &str) -> String {
    let mut plan: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    plan["year"] = year.into();
    plan["approval"] = serde_json::json!({ "board": board, "council": council });
    plan.to_string()
}

/// A decision shows in the year it was made, wherever that is: the first plan's before
/// the programme period (2025–2030), a later plan's two years early or the year after.
async fn decisions_show_in_the_year_they_fall_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = setup(&app, "fjordvik").await;
    for (year, board, council) in [
        (2025, "2024-11-20", "2024-12-12"),
        (2029, "2027-06-01", "2030-01-20"),
    ] {
        let response = app
            .put_plan(
                &format!("/api/v1/programmes/fjordvik/plans/{year}"),
                &token,
                plan_decided(year, board, council),
                None,
            )
            .await;
        assert_eq!(response.status(), 201, "{year}");
    }
    let (status, ics) = feed(
        &app,
        "/api/v1/programmes/fjordvik/calendar.ics",
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ics}");
    let (_, events) = parse_both(&ics);
    for (uid, start, title) in [
        (
            "board-2025",
            "2024-11-20",
            "Styret behandlet handlingsplanen for 2025",
        ),
        (
            "council-2025",
            "2024-12-12",
            "Kommunestyret vedtok handlingsplanen for 2025",
        ),
        (
            "board-2029",
            "2027-06-01",
            "Styret behandlet handlingsplanen for 2029",
        ),
        (
            "council-2029",
            "2030-01-20",
            "Kommunestyret vedtok handlingsplanen for 2029",
        ),
        (
            "board-2027",
            "2026-11-27",
            "Styret behandlet handlingsplanen for 2027",
        ),
    ] {
        let uid = format!("{uid}.fjordvik@omstilling");
        let found: Vec<&Parsed> = events.iter().filter(|e| e.uid == uid).collect();
        assert_eq!(found.len(), 1, "{uid} once in {events:#?}");
        assert_eq!(found[0].start, start, "{uid}");
        assert_eq!(found[0].end, day_after(start), "{uid}");
        assert!(found[0].summary.contains(title), "{:?}", found[0]);
    }
    // The year outside the period holds the decisions only, no deadlines.
    assert!(!events.iter().any(|e| e.uid.starts_with("2024-")));
    // The year's page lists them too, also for 2024, outside the period.
    for (year, title) in [
        (2024, "Styret behandlet handlingsplanen for 2025"),
        (2027, "Styret behandlet handlingsplanen for 2029"),
        (2030, "Kommunestyret vedtok handlingsplanen for 2029"),
    ] {
        let response = app
            .get(
                &format!("/programmes/fjordvik/year-wheel?year={year}"),
                &token,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{year}");
        let page = response.text().await.unwrap();
        assert!(page.contains(title), "{year}: {title}");
    }
    // A year with neither the period nor a decision stays unknown.
    let response = app
        .get("/programmes/fjordvik/year-wheel?year=2023", &token)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// `GET`/`PUT /api/v1/programmes/{slug}/year-wheel/{year}`: members read the deadlines
/// and events, editors set the dates (a wrong one refuses them all), each change audited.
async fn year_wheel_api_reads_and_sets_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, editor) = setup(&app, "fjordvik").await;
    let (viewer_user, viewer) = app.user("leser", None).await;
    app.member(&programme, &viewer_user, ProgrammeRole::Viewer)
        .await;
    let (_, stranger) = app.user("fremmed", None).await;
    let path = "/api/v1/programmes/fjordvik/year-wheel/2027";
    let deadline = |wheel: &Value, key: &str| -> Value {
        wheel["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["key"] == key)
            .unwrap()
            .clone()
    };
    let wheel = app.get_json(path, &viewer).await;
    assert_eq!(wheel["year"], 2027);
    assert_eq!(wheel["in_period"], true);
    assert_eq!(wheel["deadlines"].as_array().unwrap().len(), 6);
    assert_eq!(
        deadline(&wheel, "psv"),
        serde_json::json!({"key": "psv", "title": "Programstatusvurdering (PSV)",
            "date": "2027-10-03", "default": "2027-10-15", "set": true})
    );
    assert_eq!(deadline(&wheel, "follow-up")["date"], "2027-06-01");
    assert_eq!(deadline(&wheel, "follow-up")["set"], false);
    let events = wheel["events"].as_array().unwrap();
    assert!(
        events.iter().any(|e| e["key"] == "2027-psv"
            && e["kind"] == "deadline"
            && e["start"] == "2027-10-03")
    );
    assert!(events.iter().any(|e| e["kind"] == "activity"));
    assert_eq!(
        app.get(path, &stranger).await.status(),
        StatusCode::NOT_FOUND
    );

    let put = |token: &str, body: Value| {
        app.request(Method::PUT, path, Some(token))
            .json(&body)
            .send()
    };
    // A viewer cannot change them.
    let response = put(&viewer, serde_json::json!({"dates": {"psv": "2027-10-01"}}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Wrong dates: 422 with each field's message, nothing stored.
    let response = put(
        &editor,
        serde_json::json!({"dates": {"psv": "2025-01-01", "follow-up": "31.02.2027", "plan-start": "2027-02-14"}}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "invalid-dates");
    let details = error["details"].as_object().unwrap();
    assert_eq!(
        details.keys().collect::<Vec<_>>(),
        ["follow-up", "psv"],
        "{error}"
    );
    assert!(details["psv"].as_str().unwrap().contains("2027"), "{error}");
    let response = put(&editor, serde_json::json!({"dates": {"psw": "2027-10-01"}}))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "unknown-deadline"
    );
    assert_eq!(app.get_json(path, &viewer).await, wheel, "nothing stored");
    // Set one (Norwegian form), return another to its default by leaving it out.
    let response = put(
        &editor,
        serde_json::json!({"dates": {"plan-start": "14.02.2027", "county-application": null}}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed, app.get_json(path, &viewer).await);
    assert_eq!(deadline(&changed, "plan-start")["date"], "2027-02-14");
    assert_eq!(deadline(&changed, "plan-start")["set"], true);
    assert_eq!(deadline(&changed, "psv")["date"], "2027-10-15");
    assert_eq!(deadline(&changed, "psv")["set"], false);
    // The same again changes nothing; outside the period there is nothing to set.
    let response = put(
        &editor,
        serde_json::json!({"dates": {"plan-start": "2027-02-14"}}),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let outside = app
        .request(
            Method::PUT,
            "/api/v1/programmes/fjordvik/year-wheel/2031",
            Some(&editor),
        )
        .json(&serde_json::json!({"dates": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
    // A year of a decision reads; one without is unknown.
    let decided = app
        .get_json("/api/v1/programmes/fjordvik/year-wheel/2026", &viewer)
        .await;
    assert!(
        decided["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "board-decision")
    );
    assert_eq!(
        app.get("/api/v1/programmes/fjordvik/year-wheel/2024", &viewer)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Every change audited, once: the setup's, then the PUT's two.
    let audit = app
        .get_json("/api/v1/audit?programme=fjordvik", &viewer)
        .await;
    let mut changes: Vec<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "yearwheel.change")
        .map(|e| e["object"].as_str().unwrap().to_owned())
        .collect();
    changes.sort();
    assert_eq!(
        changes,
        [
            "year-wheel/2027/plan-start",
            "year-wheel/2027/psv",
            "year-wheel/2027/psv",
        ]
    );
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() { super::$name(super::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() { super::$name(super::Backend::Postgres).await })*
        }
    };
}

on_both_backends!(
    programme_feed_has_every_event,
    subscription_holds_every_visible_programme,
    decisions_show_in_the_year_they_fall_in,
    year_wheel_api_reads_and_sets_dates,
);
