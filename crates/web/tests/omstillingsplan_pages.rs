//! The Omstillingsplan's editor against the real app (HTTP, cookies, CSRF, plain form
//! posts as a browser without JavaScript sends them): every field round-trips through
//! the form, a field error is shown at its field in both målformer, two people's edits
//! merge and the same field changed twice is a conflict to choose from, autosave and the
//! live check answer the script, a viewer cannot save, a decided version is read only,
//! and a programme without an Omstillingsplan starts one. Every test runs on SQLite and
//! on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, pairs};
use common::{Backend, TestApp, spawn_app};
use plan::DocumentKind;
use plan::omstillingsplan::Omstillingsplan;
use reqwest::StatusCode;
use store::{GlobalRole, ProgrammeRole};
use web::ui::fields::{Fields, indices};
use web::ui::form::omstillingsplan::from_omstillingsplan;

const PATH: &str = "/programmes/fjordvik/omstillingsplan";

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The hidden inputs of a page, in order.
fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in page.split("<input type=\"hidden\" name=\"").skip(1) {
        let Some((name, rest)) = chunk.split_once('"') else {
            continue;
        };
        let Some(value) = rest
            .strip_prefix(" value=\"")
            .and_then(|r| r.split_once('"'))
            .map(|(v, _)| v)
        else {
            continue;
        };
        out.push((unescape(name), unescape(value)));
    }
    out
}

async fn user(app: &TestApp, name: &str, role: Option<GlobalRole>) -> store::User {
    let hash = web::auth::hash_password("passord-123").unwrap();
    app.store
        .create_user(name, Some(&hash), role, time::OffsetDateTime::now_utc())
        .await
        .unwrap()
}

/// The programme `fjordvik` with the Fjordvik Omstillingsplan (version 1), two editors
/// (kari, ola) and a viewer (vera), signed in.
async fn programme_with_op(app: &TestApp) -> (store::Programme, Browser, Browser, Browser) {
    let programme = app.programme("fjordvik").await;
    let (writer, token) = app.user("fjordvik-api", None).await;
    app.member(&programme, &writer, ProgrammeRole::Editor).await;
    app.put_omstillingsplan("fjordvik", &token).await;
    for (name, role) in [
        ("kari", ProgrammeRole::Editor),
        ("ola", ProgrammeRole::Editor),
        ("vera", ProgrammeRole::Viewer),
    ] {
        let person = user(app, name, None).await;
        app.member(&programme, &person, role).await;
    }
    (
        programme,
        Browser::login(app, "kari", "passord-123").await,
        Browser::login(app, "ola", "passord-123").await,
        Browser::login(app, "vera", "passord-123").await,
    )
}

async fn current(app: &TestApp, programme: &store::Programme) -> (i64, Omstillingsplan) {
    let version = app
        .store
        .current(programme.id, &store::DocKey::single(store::OMSTILLINGSPLAN))
        .await
        .unwrap()
        .unwrap();
    let op = Omstillingsplan::read(&version.body, plan::Syntax::Json).unwrap();
    (version.info.version, op)
}

fn form_of(fields: &Fields, base_version: i64, op: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> =
        fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    form.push(("base_version".into(), base_version.to_string()));
    form.push(("op".into(), op.into()));
    form
}

fn is_number(key: &str) -> bool {
    key.contains(".job_targets.")
        || key.contains(".frame.")
        || key.starts_with("frame.")
        || key.starts_with("programme.period.")
        || key == "programme.jobs_goal"
        || key.ends_with(".sdg")
}

fn non_empty(fields: &Fields) -> Fields {
    fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

async fn every_field_round_trips_through_the_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, kari, _, _) = programme_with_op(&app).await;
    let (v1, op) = current(&app, &programme).await;
    let fields = from_omstillingsplan(&op);

    // The page shows every field as an input named by its path.
    let (status, page) = kari.get(PATH).await;
    assert_eq!(status, StatusCode::OK);
    for (key, value) in &fields {
        assert!(
            page.contains(&format!("name=\"{key}\"")),
            "the page has an input for {key}"
        );
        if !value.is_empty() && !key.ends_with("has_job_targets") && key != "language" {
            assert!(
                unescape(&page).contains(value.as_str()),
                "the page shows {key} = {value}"
            );
        }
    }
    assert!(page.contains("id=\"computed-jobs\""));
    assert!(page.contains("id=\"computed-frames\""));
    assert!(page.contains("Økonomisk ramme fordelt på innsatsområde og år"));

    // Posting the form unchanged saves nothing new.
    let (status, location, _) = kari.post(PATH, &form_of(&fields, v1, "save")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with(PATH), "{location}");
    assert_eq!(current(&app, &programme).await.0, v1);

    // Every field changed: the stored Omstillingsplan says exactly what was typed.
    let mut changed = Fields::new();
    for (key, value) in &fields {
        let new = if key == "language" {
            "nn".to_owned()
        } else if key.ends_with("has_job_targets") {
            value.clone()
        } else if is_number(key) {
            match value.parse::<i64>() {
                Ok(n) => (n + 1).to_string(),
                Err(_) => "7".to_owned(),
            }
        } else if value.is_empty() {
            format!("Ny tekst i {key}")
        } else {
            format!("{value} (endret)")
        };
        changed.insert(key.clone(), new);
    }
    let (status, _, page) = kari.post(PATH, &form_of(&changed, v1, "save")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (v2, stored) = current(&app, &programme).await;
    assert_eq!(v2, v1 + 1);
    assert_eq!(
        non_empty(&from_omstillingsplan(&stored)),
        non_empty(&changed)
    );
    assert_eq!(stored.language, plan::Language::Nynorsk);
    assert_eq!(
        stored.approval, op.approval,
        "approval is never a form field"
    );
}

async fn a_field_error_is_shown_at_its_field_in_both_målformer(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, kari, _, _) = programme_with_op(&app).await;
    let (v1, op) = current(&app, &programme).await;
    let mut fields = from_omstillingsplan(&op);
    fields.insert("focus_areas[0].frame.2027".into(), "mye".into());
    fields.insert("focus_areas[1].strategies[0].name".into(), " ".into());

    let (status, _, page) = kari.post(PATH, &form_of(&fields, v1, "save")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("id=\"f-focus_areas-0-frame-2027-error\""),
        "{page}"
    );
    assert!(page.contains("Skriv et helt tall med bare sifre"));
    assert!(page.contains("id=\"f-focus_areas-1-strategies-0-name-error\""));
    assert!(
        page.contains("Økonomisk ramme per år (kr) › 2027"),
        "the summary names the field"
    );
    assert!(page.contains("value=\"mye\""), "what was typed stays");
    assert_eq!(current(&app, &programme).await.0, v1, "nothing saved");

    // The same in nynorsk, with the user's målform.
    let (status, _, _) = kari.post("/language", &pairs(&[("back", PATH)])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) = kari.post(PATH, &form_of(&fields, v1, "save")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"f-focus_areas-0-frame-2027-error\""));
    assert!(
        page.contains("Skriv eit heilt tal med berre siffer"),
        "{page}"
    );

    // The live check answers the script with the field's error.
    let mut form = form_of(&fields, v1, "save");
    form.retain(|(k, _)| k != "op" && k != "base_version");
    let (status, _, body) = kari.post(&format!("{PATH}/check"), &form).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "invalid");
    assert_eq!(json["errors"][0]["id"], "f-focus_areas-0-frame-2027");
}

async fn the_live_check_and_autosave_answer_the_script(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, kari, _, _) = programme_with_op(&app).await;
    let (v1, op) = current(&app, &programme).await;
    let mut fields = from_omstillingsplan(&op);
    // Area 1's frame for 2026 over the programme's: the frame table and a warning.
    fields.insert("focus_areas[0].frame.2026".into(), "99000000".into());
    let mut form = form_of(&fields, v1, "save");
    form.retain(|(k, _)| k != "op" && k != "base_version");
    let (status, _, body) = kari.post(&format!("{PATH}/check"), &form).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    let frames = json["fragments"]["computed-frames"].as_str().unwrap();
    assert!(frames.contains("99"), "{frames}");
    let panel = json["fragments"]["findings-panel"].as_str().unwrap();
    assert!(
        panel.contains("2026"),
        "the frame-over-programme finding: {panel}"
    );
    assert!(
        panel.contains("#f-"),
        "findings link to their fields: {panel}"
    );
    assert!(
        json["fragments"]["computed-jobs"]
            .as_str()
            .unwrap()
            .contains("<table")
    );

    let mut form = form_of(&fields, v1, "save");
    form.push(("autosave".into(), "1".into()));
    let (status, _, body) = kari.post(PATH, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "saved");
    assert_eq!(json["version"], v1 + 1);
    assert_eq!(json["fields"]["focus_areas[0].frame.2026"], "99000000");
}

async fn two_people_editing_merge_and_the_same_field_twice_is_a_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, kari, ola, _) = programme_with_op(&app).await;
    let (v1, op) = current(&app, &programme).await;
    let base = from_omstillingsplan(&op);
    let strategies = "focus_areas[0].strategies";
    let n = indices(&base, strategies).len();

    // Kari changes the background and adds a strategy; Ola, still on version 1, changes
    // the organisation and adds a strategy to the same area.
    let mut mine = base.clone();
    mine.insert("background".into(), "Karis bakgrunn".into());
    let (status, _, _) = kari
        .post(PATH, &form_of(&mine, v1, &format!("add:{strategies}")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut theirs = base.clone();
    theirs.insert("organisation".into(), "Olas organisering".into());
    let (status, location, page) = ola
        .post(PATH, &form_of(&theirs, v1, &format!("add:{strategies}")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "no conflict: {page}");
    assert!(
        location.contains(&format!("strategies-{}-", n + 1)),
        "{location}"
    );
    let (_, now) = current(&app, &programme).await;
    assert_eq!(now.background.as_deref(), Some("Karis bakgrunn"));
    assert_eq!(now.organisation.as_deref(), Some("Olas organisering"));
    assert_eq!(
        now.focus_areas[0].strategies.len(),
        n + 2,
        "both additions kept"
    );

    // Both change the main goal from the same version: a conflict showing both.
    let (v, base) = current(&app, &programme).await;
    let base = from_omstillingsplan(&base);
    let mut mine = base.clone();
    mine.insert("goals.main".into(), "Karis hovedmål".into());
    let (status, _, _) = kari.post(PATH, &form_of(&mine, v, "save")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut theirs = base.clone();
    theirs.insert("goals.main".into(), "Olas hovedmål".into());
    let (status, _, page) = ola.post(PATH, &form_of(&theirs, v, "save")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Karis hovedmål") && page.contains("Olas hovedmål"));
    assert!(page.contains("Hovedmål"), "the conflict names the field");
    assert!(page.contains(&format!("action=\"{PATH}\"")));
    assert_eq!(
        current(&app, &programme).await.1.goals.main.as_deref(),
        Some("Karis hovedmål"),
        "nothing overwritten"
    );

    // Ola keeps his own on the conflict page (a plain form post).
    let mut form: Vec<(String, String)> = hidden_inputs(&page)
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .collect();
    form.push(("choice:goals.main".into(), "mine".into()));
    let (status, _, _) = ola.post(PATH, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        current(&app, &programme).await.1.goals.main.as_deref(),
        Some("Olas hovedmål")
    );
}

async fn focus_areas_and_strategies_are_added_removed_and_moved(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, kari, _, _) = programme_with_op(&app).await;
    let (v, op) = current(&app, &programme).await;
    let names: Vec<String> = op.focus_areas.iter().map(|a| a.name.clone()).collect();
    let fields = from_omstillingsplan(&op);
    let (status, _, _) = kari
        .post(PATH, &form_of(&fields, v, "down:focus_areas[0]"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (v, op) = current(&app, &programme).await;
    assert_eq!(op.focus_areas[0].name, names[1]);
    assert_eq!(op.focus_areas[1].name, names[0]);

    let (status, _, _) = kari
        .post(
            PATH,
            &form_of(&from_omstillingsplan(&op), v, "add:focus_areas"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (v, op) = current(&app, &programme).await;
    assert_eq!(op.focus_areas.len(), names.len() + 1);
    let added = op.focus_areas.last().unwrap();
    assert_eq!(
        added.job_targets.as_ref().unwrap().len(),
        6,
        "a target per period year"
    );

    let strategies = op.focus_areas[0].strategies.len();
    let (status, _, _) = kari
        .post(
            PATH,
            &form_of(
                &from_omstillingsplan(&op),
                v,
                "remove:focus_areas[0].strategies[0]",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, op) = current(&app, &programme).await;
    assert_eq!(op.focus_areas[0].strategies.len(), strategies - 1);

    // A list the Omstillingsplan has not is refused.
    let (v, op) = current(&app, &programme).await;
    let (status, _, _) = kari
        .post(
            PATH,
            &form_of(&from_omstillingsplan(&op), v, "add:financing"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn a_viewer_reads_but_cannot_save_and_a_decided_version_is_read_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, kari, _, vera) = programme_with_op(&app).await;
    let (v1, op) = current(&app, &programme).await;
    let fields = from_omstillingsplan(&op);

    let (status, page) = vera.get(PATH).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("id=\"plan-form\""), "no form for a viewer");
    assert!(page.contains(&op.programme.name));
    let (status, _, _) = vera.post(PATH, &form_of(&fields, v1, "save")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut autosave = form_of(&fields, v1, "save");
    autosave.push(("autosave".into(), "1".into()));
    let (status, _, _) = vera.post(PATH, &autosave).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(current(&app, &programme).await.0, v1);

    // The board's decision freezes it: the editor shows the document, a save is refused.
    let (_, token) = app.user("styreleder", None).await;
    let board = app
        .store
        .user_by_name("styreleder")
        .await
        .unwrap()
        .unwrap()
        .0;
    app.member(&programme, &board, ProgrammeRole::Board).await;
    let response = app
        .post_json(
            "/api/v1/programmes/fjordvik/omstillingsplan/approvals",
            &token,
            serde_json::json!({ "step": "board", "date": "2024-11-20", "reference": "sak 12/24" }),
        )
        .await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let (status, page) = kari.get(PATH).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("id=\"plan-form\""));
    assert!(page.contains("class=\"preview card\""));
    let (v2, _) = current(&app, &programme).await;
    let (status, _, page) = kari.post(PATH, &form_of(&fields, v2, "save")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("alert--danger"));
    assert_eq!(current(&app, &programme).await.0, v2);
}

async fn a_programme_without_an_omstillingsplan_starts_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let programme = app.programme("fjordvik").await;
    for (name, role) in [
        ("kari", ProgrammeRole::Editor),
        ("vera", ProgrammeRole::Viewer),
    ] {
        let person = user(&app, name, None).await;
        app.member(&programme, &person, role).await;
    }
    let kari = Browser::login(&app, "kari", "passord-123").await;
    let vera = Browser::login(&app, "vera", "passord-123").await;

    let (status, page) = vera.get(PATH).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Programmet har ingen omstillingsplan ennå"));
    assert!(
        !page.contains("/omstillingsplan/start"),
        "no start for a viewer"
    );
    let (status, _, _) = vera.post(&format!("{PATH}/start"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, page) = kari.get(PATH).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("action=\"{PATH}/start\"")));
    let (status, location, _) = kari.post(&format!("{PATH}/start"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{PATH}?started=1"));
    let (version, op) = current(&app, &programme).await;
    assert_eq!(version, 1);
    assert_eq!(op.programme.name, programme.name);
    assert_eq!(op.programme.area, programme.area);
    assert_eq!(
        (op.programme.period.from, op.programme.period.to),
        (2025, 2030)
    );
    assert_eq!(op.language, plan::Language::Bokmal);
    let (status, page) = kari.get(&location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"plan-form\""));

    // Started twice (another tab): the first stays.
    let (status, location, _) = kari.post(&format!("{PATH}/start"), &[]).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, PATH));
    assert_eq!(current(&app, &programme).await.0, 1);

    // In nynorsk.
    let other = app.programme("nordvik").await;
    let nils = user(&app, "nils", None).await;
    app.member(&other, &nils, ProgrammeRole::Editor).await;
    let nils = Browser::login(&app, "nils", "passord-123").await;
    nils.post("/language", &pairs(&[("back", "/programmes")]))
        .await;
    let (_, page) = nils.get("/programmes/nordvik/omstillingsplan").await;
    assert!(
        page.contains("Programmet har inga omstillingsplan enno"),
        "{page}"
    );
}

/// Every page test runs on both backends.
macro_rules! pages_suite {
    ($module:ident, $backend:expr) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn every_field_round_trips_through_the_form() {
                super::every_field_round_trips_through_the_form($backend).await;
            }
            #[tokio::test]
            async fn a_field_error_is_shown_at_its_field_in_both_målformer() {
                super::a_field_error_is_shown_at_its_field_in_both_målformer($backend).await;
            }
            #[tokio::test]
            async fn the_live_check_and_autosave_answer_the_script() {
                super::the_live_check_and_autosave_answer_the_script($backend).await;
            }
            #[tokio::test]
            async fn two_people_editing_merge_and_the_same_field_twice_is_a_conflict() {
                super::two_people_editing_merge_and_the_same_field_twice_is_a_conflict($backend)
                    .await;
            }
            #[tokio::test]
            async fn focus_areas_and_strategies_are_added_removed_and_moved() {
                super::focus_areas_and_strategies_are_added_removed_and_moved($backend).await;
            }
            #[tokio::test]
            async fn a_viewer_reads_but_cannot_save_and_a_decided_version_is_read_only() {
                super::a_viewer_reads_but_cannot_save_and_a_decided_version_is_read_only($backend)
                    .await;
            }
            #[tokio::test]
            async fn a_programme_without_an_omstillingsplan_starts_one() {
                super::a_programme_without_an_omstillingsplan_starts_one($backend).await;
            }
        }
    };
}

pages_suite!(sqlite, Backend::Sqlite);
pages_suite!(postgres, Backend::Postgres);
