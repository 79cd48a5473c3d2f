//! The Omstillingsplan's pages around its editor (issue 12), on the same page families as
//! the yearly plans' (written once, generic over the kind): history with the diff,
//! preview, the approvals page (board then council, a refusal at the form, a viewer
//! refused), reopen and restore; the programme page's status of the Omstillingsplan in
//! each state; a yearly plan made from the Omstillingsplan; and the plan editor's
//! one-click "Legg den til" on a missing strategy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::Browser;
use common::{Backend, FJORDVIK_OMSTILLINGSPLAN, TestApp, etag, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::ProgrammeRole;

const API: &str = "/api/v1/programmes/fjordvik/omstillingsplan";
const BASE: &str = "/programmes/fjordvik/omstillingsplan";
const PASSWORD: &str = "passord-123";

/// The Fjordvik Omstillingsplan as a draft (no decision dates), changed by `edit`.
fn op_body(edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(FJORDVIK_OMSTILLINGSPLAN).unwrap();
    value.as_object_mut().unwrap().remove("approval");
    edit(&mut value);
    value.to_string()
}

async fn person(
    app: &TestApp,
    programme: &store::Programme,
    name: &str,
    role: ProgrammeRole,
) -> store::User {
    let user = app.user_with_password(name, PASSWORD).await;
    app.member(programme, &user, role).await;
    user
}

/// The text of the element with `id` up to the end of its section.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

async fn history_preview_approvals_reopen_restore(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    person(&app, &programme, "styre", ProgrammeRole::Board).await;
    person(&app, &programme, "leser", ProgrammeRole::Viewer).await;
    app.user_with_password("ukjent", PASSWORD).await;
    let editor = Browser::login(&app, "redaktor", PASSWORD).await;
    let board = Browser::login(&app, "styre", PASSWORD).await;
    let viewer = Browser::login(&app, "leser", PASSWORD).await;
    let outsider = Browser::login(&app, "ukjent", PASSWORD).await;

    // Before there is one: its preview and approvals are the 404 page, in Norwegian.
    let (status, page) = editor.get(&format!("{BASE}/preview")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("lang=\"nb\""), "{page}");
    assert_eq!(
        editor.get(&format!("{BASE}/approvals")).await.0,
        StatusCode::NOT_FOUND
    );

    // Two versions: the second changes the background.
    let first = app.put_plan(API, &token, op_body(|_| {}), None).await;
    assert_eq!(first.status(), 201);
    let second = app
        .put_plan(
            API,
            &token,
            op_body(|v| {
                v["background"] = json!("Ny bakgrunn etter høringen.");
                v["focus_areas"][1]["strategies"][0]["content"] = json!("Nye pakker for vinteren.");
            }),
            Some(&etag(&first)),
        )
        .await;
    assert_eq!(second.status(), 200);

    // History: both versions, the diff names the field, the editor may restore.
    let (status, page) = editor.get(&format!("{BASE}/history")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Versjonshistorikk – Omstillingsplan"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"row\">Bakgrunn</th>"), "{page}");
    assert!(
        page.contains("<ins>Ny bakgrunn etter høringen.</ins>"),
        "{page}"
    );
    assert!(page.contains("action=\"/programmes/fjordvik/omstillingsplan/restore\""));
    // The diff of a strategy's content names the area and the strategy.
    assert!(
        page.contains(
            "Innsatsområde 2 (Reiseliv og opplevelser) › Strategi 1 (Produktutvikling) › "
        ),
        "{page}"
    );
    assert!(page.contains("<ins>Nye pakker for vinteren.</ins>"));
    // The same version against itself: no differences.
    let (_, same) = editor.get(&format!("{BASE}/history?from=2&to=2")).await;
    assert!(!same.contains("<ins>"), "{same}");

    // Preview: the document and its downloads from the Omstillingsplan's API.
    let (status, page) = viewer.get(&format!("{BASE}/preview")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Reiseliv og opplevelser"), "{page}");
    assert!(page.contains(&format!("{API}/document.pdf")), "{page}");
    assert!(page.contains("Ny bakgrunn etter høringen."));

    // Outsiders see nothing of it.
    for path in ["history", "preview", "approvals"] {
        assert_eq!(
            outsider.get(&format!("{BASE}/{path}")).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // The viewer reads the history without the restore form, and may take no step.
    let (_, page) = viewer.get(&format!("{BASE}/history")).await;
    assert!(page.contains("Bare redaktører kan gjenopprette"), "{page}");
    assert!(!page.contains("id=\"restore-form\""));
    let (_, page) = viewer.get(&format!("{BASE}/approvals")).await;
    assert!(!page.contains("name=\"step\""), "{page}");
    for (path, form) in [
        (
            "approvals",
            vec![
                ("step", "board"),
                ("date", "01.12.2026"),
                ("base_version", "2"),
                ("confirm", "yes"),
            ],
        ),
        ("reopen", vec![("base_version", "2")]),
        ("restore", vec![("version", "1"), ("base_version", "2")]),
    ] {
        let (status, _, _) = viewer.post_pairs(&format!("{BASE}/{path}"), &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }

    // The board member: the approvals page offers the board's step, which asks first.
    let (_, page) = board.get(&format!("{BASE}/approvals")).await;
    assert!(page.contains("name=\"step\" value=\"board\""), "{page}");
    let step = |confirm: &'static str| {
        vec![
            ("step", "board"),
            ("date", "01.12.2026"),
            ("reference", "sak 7/26"),
            ("base_version", "2"),
            ("confirm", confirm),
        ]
    };
    let (status, _, page) = board
        .post_pairs(&format!("{BASE}/approvals"), &step(""))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Registrere styrets behandling?"), "{page}");
    assert!(
        page.contains(&format!("href=\"{BASE}/approvals\"")),
        "{page}"
    );
    let (status, location, _) = board
        .post_pairs(&format!("{BASE}/approvals"), &step("yes"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{BASE}/approvals?decided=board"));
    let (_, page) = board.get(&location).await;
    assert!(
        page.contains("Styret behandlet planen 1. desember 2026 (sak 7/26)."),
        "{page}"
    );
    assert!(page.contains("Behandlet av styret"));
    // Council only for editors; a board member is refused.
    let council = |date: &'static str| {
        vec![
            ("step", "council"),
            ("date", date),
            ("reference", "sak 40/26"),
            ("base_version", "3"),
        ]
    };
    let (status, _, _) = board
        .post_pairs(&format!("{BASE}/approvals"), &council("10.12.2026"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A council date before the board's: refused at the form, what was typed kept.
    let (status, _, page) = editor
        .post_pairs(&format!("{BASE}/approvals"), &council("20.11.2026"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(page.contains("value=\"20.11.2026\""), "{page}");
    assert!(page.contains("value=\"sak 40/26\""), "{page}");
    let (status, location, _) = editor
        .post_pairs(&format!("{BASE}/approvals"), &council("10.12.2026"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{BASE}/approvals?decided=council"));
    let (_, page) = editor.get(&location).await;
    assert!(
        page.contains("Kommunestyret godkjente planen 10. desember 2026 (sak 40/26)."),
        "{page}"
    );
    let stored: Value = app.get_json(API, &token).await;
    assert_eq!(stored["approval"]["council"], "2026-12-10", "{stored}");

    // Frozen: restore waits for a reopen, and the history says so.
    let (_, page) = editor.get(&format!("{BASE}/history")).await;
    assert!(page.contains("behandlet og låst"), "{page}");
    assert!(page.contains("Kommunestyret godkjente planen 10. desember 2026"));

    // Reopen: a new draft, told on the approvals page.
    let (status, location, _) = editor
        .post_pairs(&format!("{BASE}/reopen"), &[("base_version", "4")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{BASE}/approvals?saved=5"));
    let (_, page) = editor.get(&location).await;
    assert!(
        page.contains("Gjenåpnet som nytt utkast, versjon 5."),
        "{page}"
    );
    assert!(page.contains("name=\"step\" value=\"board\""), "{page}");
    // Reopening a draft is refused, in Norwegian.
    let (status, _, page) = editor
        .post_pairs(&format!("{BASE}/reopen"), &[("base_version", "5")])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("allerede et utkast"), "{page}");

    // Restore version 1 (the first background) as version 6.
    let (status, location, _) = editor
        .post_pairs(
            &format!("{BASE}/restore"),
            &[("version", "1"), ("base_version", "5")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{BASE}/history?restored=1&saved=6"));
    let (_, page) = editor.get(&location).await;
    assert!(
        page.contains("Versjon 1 er gjenopprettet og lagret som ny versjon 6."),
        "{page}"
    );
    let stored: Value = app.get_json(API, &token).await;
    let original: Value = serde_json::from_str(&op_body(|_| {})).unwrap();
    assert_eq!(stored["background"], original["background"]);
    assert!(
        stored
            .get("approval")
            .is_none_or(|a| a["council"].is_null()),
        "{stored}"
    );
}

#[tokio::test]
async fn history_preview_approvals_reopen_restore_sqlite() {
    history_preview_approvals_reopen_restore(Backend::Sqlite).await;
}

#[tokio::test]
async fn history_preview_approvals_reopen_restore_postgres() {
    history_preview_approvals_reopen_restore(Backend::Postgres).await;
}

#[tokio::test]
async fn the_plans_pages_answer_as_before_in_nynorsk_too() {
    // The generic pages keep the yearly plan's addresses, titles and landings.
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let nn = person(&app, &programme, "nynorsk", ProgrammeRole::Editor).await;
    app.store
        .set_language(nn.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let browser = Browser::login(&app, "nynorsk", PASSWORD).await;
    let (status, page) = browser.get("/programmes/fjordvik/plans/2027/history").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Versjonshistorikk – Handlingsplan 2027"),
        "{page}"
    );
    let (status, page) = browser.get("/programmes/fjordvik/plans/2027/preview").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("/api/v1/programmes/fjordvik/plans/2027/document.pdf"));
    assert!(
        page.contains("Førehandsvising – Handlingsplan 2027"),
        "{page}"
    );
    // The Omstillingsplan's approvals page speaks nynorsk too.
    let (api_user, token) = app.user("api", None).await;
    app.member(&programme, &api_user, ProgrammeRole::Editor)
        .await;
    app.put_plan(API, &token, op_body(|_| {}), None).await;
    let (status, page) = browser.get(&format!("{BASE}/approvals")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Registrer handsaminga i styret"), "{page}");
    assert!(
        page.contains("Verken styret eller kommunestyret har handsama"),
        "{page}"
    );
}

#[tokio::test]
async fn the_programme_page_shows_the_omstillingsplans_status_in_each_state() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    person(&app, &programme, "leser", ProgrammeRole::Viewer).await;
    let editor = Browser::login(&app, "redaktor", PASSWORD).await;
    let viewer = Browser::login(&app, "leser", PASSWORD).await;
    let shown = |page: String| section(&page, "omstillingsplan").to_owned();

    // None: said, and only an editor is offered to start it.
    let (_, page) = editor.get("/programmes/fjordvik").await;
    let op = shown(page.clone());
    assert!(op.contains("ingen omstillingsplan ennå"), "{op}");
    assert!(op.contains(&format!("href=\"{BASE}\"")), "{op}");
    // Without one, the start form has no choice of source.
    assert!(!page.contains("name=\"source\""), "{page}");
    let (_, page) = viewer.get("/programmes/fjordvik").await;
    assert!(!shown(page).contains(&format!("href=\"{BASE}\"")));

    // Draft.
    app.put_plan(API, &token, op_body(|_| {}), None).await;
    let (_, page) = editor.get("/programmes/fjordvik").await;
    let op = shown(page.clone());
    assert!(op.contains("tag--draft\">Utkast"), "{op}");
    assert!(op.contains("Versjon 1, lagret "), "{op}");
    assert!(op.contains("Rediger omstillingsplanen"), "{op}");
    for link in ["/approvals", "/history", "/preview"] {
        assert!(
            op.contains(&format!("href=\"{BASE}{link}\"")),
            "{link}: {op}"
        );
    }
    // Now the start form offers the Omstillingsplan as the source.
    assert!(page.contains("value=\"omstillingsplan\""), "{page}");
    assert!(page.contains("Omstillingsplanen (versjon 1)"), "{page}");

    // Board decided.
    let approvals = format!("{API}/approvals");
    let recorded = app
        .post_json(
            &approvals,
            &token,
            json!({"step": "board", "date": "2026-11-20", "reference": "sak 12/26"}),
        )
        .await;
    assert_eq!(recorded.status(), 201);
    let (_, page) = viewer.get("/programmes/fjordvik").await;
    let op = shown(page);
    assert!(op.contains("tag--board\">Behandlet av styret"), "{op}");
    assert!(op.contains("Versjon 2, lagret "), "{op}");
    assert!(
        op.contains("Styret behandlet planen 20. november 2026 (sak 12/26)."),
        "{op}"
    );
    assert!(op.contains("Åpne omstillingsplanen"), "{op}");

    // Approved.
    let recorded = app
        .post_json(
            &approvals,
            &token,
            json!({"step": "council", "date": "2026-12-10", "reference": "sak 40/26"}),
        )
        .await;
    assert_eq!(recorded.status(), 201);
    let (_, page) = editor.get("/programmes/fjordvik").await;
    let op = shown(page);
    assert!(
        op.contains("tag--approved\">Godkjent av kommunestyret"),
        "{op}"
    );
    assert!(op.contains("Versjon 3, lagret "), "{op}");
    assert!(
        op.contains("Kommunestyret godkjente planen 10. desember 2026 (sak 40/26)."),
        "{op}"
    );
}

fn op_codes(check: &Value) -> Vec<(String, String)> {
    check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("op-"))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The form the editor page posts for the current version of `year`, with `op`.
async fn editor_form(
    app: &TestApp,
    programme: &store::Programme,
    year: i32,
    op: &str,
) -> Vec<(String, String)> {
    let version = app
        .store
        .current(programme.id, &store::DocKey::handlingsplan(year))
        .await
        .unwrap()
        .unwrap();
    let plan = plan::handlingsplan::file::read(&version.body, plan::Syntax::Json).unwrap();
    let mut form: Vec<(String, String)> = web::ui::fields::from_plan(&plan).into_iter().collect();
    form.push(("base_version".into(), version.info.version.to_string()));
    form.push(("op".into(), op.into()));
    form
}

#[tokio::test]
async fn a_plan_made_from_the_omstillingsplan_and_a_missing_strategy_added_in_one_click() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    let nn = person(&app, &programme, "nynorsk", ProgrammeRole::Editor).await;
    app.store
        .set_language(nn.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let editor = Browser::login(&app, "redaktor", PASSWORD).await;
    app.put_plan(API, &token, op_body(|_| {}), None).await;

    // 2028 from the Omstillingsplan: no op- error (only that it is not adopted yet).
    let (status, location, _) = editor
        .post_pairs(
            "/programmes/fjordvik/plans",
            &[("year", "2028"), ("source", "omstillingsplan")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/programmes/fjordvik/plans/2028");
    let plan_api = "/api/v1/programmes/fjordvik/plans/2028";
    let check = app.get_json(&format!("{plan_api}/check"), &token).await;
    assert_eq!(
        op_codes(&check),
        [("op-not-adopted".to_owned(), "info".to_owned())],
        "{check}"
    );
    let made = app.get_json(plan_api, &token).await;
    let op: Value = serde_json::from_str(FJORDVIK_OMSTILLINGSPLAN).unwrap();
    assert_eq!(made["year"], 2028);
    assert_eq!(
        made["focus_areas"].as_array().unwrap().len(),
        op["focus_areas"].as_array().unwrap().len()
    );

    // Drop the first two strategies of the first area.
    let response = app.get(plan_api, &token).await;
    let tag = etag(&response);
    let mut dropped: Value = response.json().await.unwrap();
    let strategies = dropped["focus_areas"][0]["strategies"]
        .as_array_mut()
        .unwrap();
    let removed: Vec<Value> = strategies.drain(0..2).collect();
    let saved = app
        .put_plan(plan_api, &token, dropped.to_string(), Some(&tag))
        .await;
    assert_eq!(saved.status(), 200);
    let check = app.get_json(&format!("{plan_api}/check"), &token).await;
    let missing = ("op-strategy-missing".to_owned(), "error".to_owned());
    assert_eq!(
        op_codes(&check).iter().filter(|c| **c == missing).count(),
        2,
        "{check}"
    );

    // The editor shows each finding with its button and its link to the area's strategies,
    // in bokmål and in nynorsk (the page's målform, not the plan's).
    let (_, page) = editor.get("/programmes/fjordvik/plans/2028").await;
    for nth in 0..2 {
        let value = format!("add-strategy:focus_areas[0]:{nth}");
        assert!(page.contains(&format!("value=\"{value}\"")), "{page}");
    }
    assert!(page.contains(">Legg den til</button>"), "{page}");
    assert!(page.contains("form=\"plan-form\""));
    assert!(
        page.contains("href=\"#f-focus_areas-0-strategies-0-name\""),
        "{page}"
    );
    let nynorsk = Browser::login(&app, "nynorsk", PASSWORD).await;
    let (_, page) = nynorsk.get("/programmes/fjordvik/plans/2028").await;
    assert_eq!(page.matches(">Legg han til</button>").count(), 2, "{page}");

    // One click on the second: it is back, before the one kept, named and written as in
    // the Omstillingsplan; then the first.
    let names = |plan: &Value| -> Vec<Value> {
        plan["focus_areas"][0]["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].clone())
            .collect()
    };
    let kept = names(&app.get_json(plan_api, &token).await);
    for (nth, expected) in [
        (1, vec![&removed[1]["name"]]),
        (0, vec![&removed[0]["name"], &removed[1]["name"]]),
    ] {
        let form = editor_form(
            &app,
            &programme,
            2028,
            &format!("add-strategy:focus_areas[0]:{nth}"),
        )
        .await;
        let (status, location, body) = editor.post("/programmes/fjordvik/plans/2028", &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert!(
            location.starts_with("/programmes/fjordvik/plans/2028"),
            "{location}"
        );
        let after = app.get_json(plan_api, &token).await;
        let mut want: Vec<Value> = expected.into_iter().cloned().collect();
        want.extend(kept.iter().cloned());
        assert_eq!(names(&after), want);
    }
    let after = app.get_json(plan_api, &token).await;
    assert_eq!(
        after["focus_areas"][0]["strategies"][0]["content"],
        removed[0]["content"]
    );
    assert_eq!(
        after["focus_areas"][0]["strategies"][1]["content"],
        removed[1]["content"]
    );
    let check = app.get_json(&format!("{plan_api}/check"), &token).await;
    assert_eq!(
        op_codes(&check),
        [("op-not-adopted".to_owned(), "info".to_owned())],
        "{check}"
    );
    let (_, page) = editor.get("/programmes/fjordvik/plans/2028").await;
    assert!(!page.contains("add-strategy:"), "{page}");
}
