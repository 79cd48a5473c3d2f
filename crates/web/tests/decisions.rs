//! The decision steps on the pages and the API (issue 17): a date as Norwegians type it,
//! what was typed kept when a step is refused, the reason in the page's målform, the
//! question before the board step locks the plan, and the notice that confirms a decision.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::Browser;
use common::{Backend, TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::ProgrammeRole;

const PAGE: &str = "/programmes/fjordvik/plans/2027";
const STEP: &str = "/programmes/fjordvik/plans/2027/approvals";

/// Every person in these tests has this password.
const PASSWORD: &str = "passord-123";

/// The `value` of the input with `id` on the page.
fn input_value(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let tag = &page[start..start + page[start..].find('>').unwrap()];
    let value = tag.find("value=\"").map_or(String::new(), |v| {
        let rest = &tag[v + 7..];
        rest[..rest.find('"').unwrap()].to_owned()
    });
    value.replace("&#x2F;", "/").replace("&#47;", "/")
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

async fn current(app: &TestApp, programme: &store::Programme) -> store::PlanVersion {
    app.store
        .current(programme.id, &store::DocKey::handlingsplan(2027))
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_bad_decision_date_keeps_what_was_typed_and_says_what_is_wrong() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "styre", ProgrammeRole::Board).await;
    let nn = person(&app, &programme, "nynorsk", ProgrammeRole::Board).await;
    app.store
        .set_language(nn.id, plan::Language::Nynorsk)
        .await
        .unwrap();

    for (who, message) in [
        ("styre", "30. februar finnes ikke."),
        ("nynorsk", "30. februar finst ikkje."),
    ] {
        let browser = Browser::login(&app, who, PASSWORD).await;
        // Asked first or recorded at once: either way the typed values come back.
        for confirm in ["", "yes"] {
            let (status, _, page) = browser
                .post_pairs(
                    STEP,
                    &[
                        ("step", "board"),
                        ("date", "2026-02-30"),
                        ("reference", "sak 21/39"),
                        ("base_version", "1"),
                        ("confirm", confirm),
                    ],
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                page.contains(&format!("role=\"alert\"><p>{message}</p>")),
                "{who}: {message}"
            );
            assert_eq!(input_value(&page, "decision-date"), "2026-02-30");
            assert_eq!(input_value(&page, "decision-reference"), "sak 21/39");
        }
    }
    assert_eq!(current(&app, &programme).await.info.version, 1);
}

#[tokio::test]
async fn the_board_step_asks_first_and_then_confirms_the_decision() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "styre", ProgrammeRole::Board).await;
    let browser = Browser::login(&app, "styre", PASSWORD).await;

    // The form offers today as Norwegians write it.
    let (_, page) = browser.get(PAGE).await;
    let today = input_value(&page, "decision-date");
    assert!(plan::norwegian::parse_date(&today).is_ok(), "{today}");
    assert!(
        page.contains("id=\"decision-dialog\""),
        "the dialog for the script"
    );

    // Without confirmation: a page that says what will happen, nothing recorded yet.
    let (status, _, page) = browser
        .post_pairs(
            STEP,
            &[
                ("step", "board"),
                ("date", "4.12.26"),
                ("reference", "sak 21/39"),
                ("base_version", "1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Registrere styrets behandling?</h1>"));
    assert!(page.contains("låser planen"));
    assert!(page.contains("4. desember 2026"), "the date read back");
    assert!(page.contains("name=\"confirm\" value=\"yes\""));
    assert!(page.contains("name=\"date\" value=\"4.12.26\""));
    assert_eq!(current(&app, &programme).await.info.version, 1);

    // Confirmed: recorded with the ISO date, and the page confirms the decision.
    let (status, location, _) = browser
        .post_pairs(
            STEP,
            &[
                ("step", "board"),
                ("date", "4.12.26"),
                ("reference", "sak 21/39"),
                ("base_version", "1"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{PAGE}?decided=board"));
    let version = current(&app, &programme).await;
    assert_eq!(version.info.version, 2);
    assert_eq!(version.info.decision("board").unwrap().date, "2026-12-04");
    let (_, page) = browser.get(&location).await;
    assert!(page.contains(
        "Styret behandlet planen 4. desember 2026 (sak 21/39). Planen er behandlet av styret og låst."
    ));
    assert!(!page.contains("Lagret som versjon"));
}

#[tokio::test]
async fn the_council_step_says_the_real_reason_and_confirms_the_approval() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "styre", ProgrammeRole::Board).await;
    let board = Browser::login(&app, "styre", PASSWORD).await;
    let (status, _, _) = board
        .post_pairs(
            STEP,
            &[
                ("step", "board"),
                ("date", "30.11.2026"),
                ("base_version", "1"),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    let editor = Browser::login(&app, "redaktor", PASSWORD).await;
    // An empty case number is not shown as "()".
    let (_, page) = editor.get(PAGE).await;
    assert!(page.contains("<p>Styret behandlet planen 30. november 2026.</p>"));
    assert!(!page.contains("()"));

    // The council before the board: that is the reason, not "the plan has errors".
    let (status, _, page) = editor
        .post_pairs(
            STEP,
            &[
                ("step", "council"),
                ("date", "2026-11-02"),
                ("reference", "sak 7/27"),
                ("base_version", "2"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(
        "Kommunestyrets dato (2. november 2026) er før styrets behandling (30. november 2026)"
    ));
    assert!(!page.contains("Planen har feil og kan ikke godkjennes"));
    assert_eq!(input_value(&page, "decision-date"), "2026-11-02");
    assert_eq!(input_value(&page, "decision-reference"), "sak 7/27");
    // The API says the same.
    let refused = app
        .post_json(
            "/api/v1/programmes/fjordvik/plans/2027/approvals",
            &token,
            json!({"step": "council", "date": "2.11.2026"}),
        )
        .await;
    assert_eq!(refused.status(), 409);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["code"], "approval-order");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("er før styrets behandling")
    );

    // The council's step needs no question; the notice says the plan is approved.
    let (status, location, _) = editor
        .post_pairs(
            STEP,
            &[
                ("step", "council"),
                ("date", "28.01.27"),
                ("base_version", "2"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = editor.get(&location).await;
    assert!(page.contains(
        "Kommunestyret godkjente planen 28. januar 2027. Planen er godkjent og vedtatt."
    ));
}

#[tokio::test]
async fn the_decision_lines_follow_the_page_in_nynorsk() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    let approvals = "/api/v1/programmes/fjordvik/plans/2027/approvals";
    let recorded = app
        .post_json(
            approvals,
            &token,
            json!({"step": "board", "date": "04.12.2026", "reference": "sak 21/39"}),
        )
        .await;
    assert_eq!(recorded.status(), 201, "an editor may record in the test");
    let recorded = app
        .post_json(
            approvals,
            &token,
            json!({"step": "council", "date": "2027-01-28"}),
        )
        .await;
    assert_eq!(recorded.status(), 201);
    let lesar = person(&app, &programme, "lesar", ProgrammeRole::Viewer).await;
    app.store
        .set_language(lesar.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let browser = Browser::login(&app, "lesar", PASSWORD).await;
    for path in [PAGE.to_owned(), format!("{PAGE}/history")] {
        let (_, page) = browser.get(&path).await;
        assert!(
            page.contains("Styret behandla planen 4. desember 2026 (sak 21/39)."),
            "{path}"
        );
        assert!(
            page.contains("Kommunestyret godkjende planen 28. januar 2027."),
            "{path}"
        );
        assert!(!page.contains("Styret behandlet"), "no bokmål on {path}");
    }
}

#[tokio::test]
async fn the_results_form_reads_dates_as_norwegians_type_them() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    let nn = person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    app.store
        .set_language(nn.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let editor = Browser::login(&app, "redaktor", PASSWORD).await;
    let (status, _, page) = editor
        .post_pairs(
            "/programmes/fjordvik/results",
            &[
                ("date", "30.02.26"),
                ("focus_area", "Bærekraft"),
                ("new_jobs", "2"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("30. februar finst ikkje"),
        "the precise reason"
    );
    assert!(page.contains("value=\"30.02.26\""), "kept as typed");
    let (status, _, _) = editor
        .post_pairs(
            "/programmes/fjordvik/results",
            &[
                ("date", "30.11.26"),
                ("focus_area", "Bærekraft"),
                ("new_jobs", "2"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let rows = app
        .get_json("/api/v1/programmes/fjordvik/results", &token)
        .await;
    assert_eq!(rows["rows"][0]["date"], "2026-11-30");
}

/// Every field of the 2027 plan as the editor posts it.
async fn editor_form(app: &TestApp, programme: &store::Programme) -> Vec<(String, String)> {
    let version = current(app, programme).await;
    let plan = plan::handlingsplan::file::read(&version.body, plan::Syntax::Json).unwrap();
    let mut form: Vec<(String, String)> = web::ui::fields::from_plan(&plan).into_iter().collect();
    form.push(("base_version".into(), version.info.version.to_string()));
    form.push(("op".into(), "save".into()));
    form
}

#[tokio::test]
async fn the_year_is_the_plans_address() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    let browser = Browser::login(&app, "redaktor", PASSWORD).await;

    // Shown, not editable.
    let (_, page) = browser.get(PAGE).await;
    let start = page.find("id=\"f-year\"").unwrap();
    let tag = &page[start..start + page[start..].find('>').unwrap()];
    assert!(tag.contains("readonly"), "{tag}");
    assert!(page.contains("Året er planens adresse og kan ikke endres."));

    // A posted year other than the address is refused at the year, the rest kept.
    let mut form = editor_form(&app, &programme).await;
    for (key, value) in &mut form {
        if key == "year" {
            *value = "2028".into();
        }
        if key == "programme.name" {
            *value = "Skrive om navnet".into();
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, _, page) = browser.post_pairs(PAGE, &form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"f-year-error\""));
    assert!(page.contains("dette er planen for 2027"));
    assert!(
        page.contains("value=\"Skrive om navnet\""),
        "nothing typed lost"
    );
    assert_eq!(current(&app, &programme).await.info.version, 1);

    // Starting a plan for a year that has one, or outside the period, says so.
    let (status, _, page) = browser
        .post_pairs("/programmes/fjordvik/plans", &[("year", "2027")])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Det finnes allerede en handlingsplan for 2027."));
    assert!(page.contains(&format!("href=\"{PAGE}\"")));
    let (status, _, page) = browser
        .post_pairs("/programmes/fjordvik/plans", &[("year", "2031")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("2031 er utenfor programperioden 2025–2030."));
    let (status, location, _) = browser
        .post_pairs("/programmes/fjordvik/plans", &[("year", "2028")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/programmes/fjordvik/plans/2028");
}

async fn restore_works_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    let editor = person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    person(&app, &programme, "lesar", ProgrammeRole::Viewer).await;
    let first = current(&app, &programme).await;
    // Version 2: the name changed.
    let mut plan = plan::handlingsplan::file::read(&first.body, plan::Syntax::Json).unwrap();
    plan.programme.name = "Nytt namn".into();
    app.store
        .put(
            programme.id,
            &store::DocKey::handlingsplan(2027),
            Some(1),
            &plan::handlingsplan::file::to_json(&plan),
            editor.id,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();

    // The page: editors get the form; a viewer is told why not.
    let browser = Browser::login(&app, "redaktor", PASSWORD).await;
    let (_, page) = browser.get(&format!("{PAGE}/history")).await;
    assert!(page.contains("Gjenopprett denne versjonen"));
    let reader = Browser::login(&app, "lesar", PASSWORD).await;
    let (_, page) = reader.get(&format!("{PAGE}/history")).await;
    assert!(!page.contains("id=\"restore-form\""));
    assert!(page.contains("Bare redaktører kan gjenopprette"));
    let (status, _, _) = reader
        .post_pairs(
            &format!("{PAGE}/restore"),
            &[("version", "1"), ("base_version", "2")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Restoring version 1 from the page makes version 3 with version 1's content.
    let (status, location, _) = browser
        .post_pairs(
            &format!("{PAGE}/restore"),
            &[("version", "1"), ("base_version", "2")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{PAGE}?restored=1&saved=3"));
    let now = current(&app, &programme).await;
    assert_eq!(now.info.version, 3);
    assert_eq!(now.body, first.body, "version 1's content");
    let (_, page) = browser.get(&location).await;
    assert!(page.contains("Versjon 1 er gjenopprettet og lagret som ny versjon 3."));
    // History is kept: version 2 still reads as it was.
    let two = app
        .store
        .version(programme.id, &store::DocKey::handlingsplan(2027), 2)
        .await
        .unwrap()
        .unwrap();
    assert!(two.body.contains("Nytt namn"));
    // A stale base is refused (another version is current).
    let (status, _, _) = browser
        .post_pairs(
            &format!("{PAGE}/restore"),
            &[("version", "2"), ("base_version", "2")],
        )
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);

    // The API: If-Match required, then the same step; audited like a save.
    let path = "/api/v1/programmes/fjordvik/plans/2027/versions/2/restore";
    let response = app
        .request(reqwest::Method::POST, path, Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 428);
    let etag = common::etag(
        &app.get("/api/v1/programmes/fjordvik/plans/2027", &token)
            .await,
    );
    let response = app
        .request(reqwest::Method::POST, path, Some(&token))
        .header("If-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["version"], 4);
    assert!(current(&app, &programme).await.body.contains("Nytt namn"));
    let audit = app
        .get_json("/api/v1/audit?programme=fjordvik", &token)
        .await;
    let after: Vec<i64> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object"] == "plans/2027")
        .filter_map(|e| e["version_after"].as_i64())
        .collect();
    assert!(after.contains(&3) && after.contains(&4), "{after:?}");

    // A locked plan is not restored: reopen first.
    let recorded = app
        .post_json(
            "/api/v1/programmes/fjordvik/plans/2027/approvals",
            &token,
            json!({"step": "board", "date": "2026-12-04"}),
        )
        .await;
    assert_eq!(recorded.status(), 201);
    let etag = common::etag(
        &app.get("/api/v1/programmes/fjordvik/plans/2027", &token)
            .await,
    );
    let response = app
        .request(reqwest::Method::POST, path, Some(&token))
        .header("If-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "plan-locked"
    );
    let (_, page) = browser.get(&format!("{PAGE}/history")).await;
    assert!(!page.contains("id=\"restore-form\""));
    assert!(page.contains("Planen er behandlet og låst."));
}

#[tokio::test]
async fn restore_makes_a_new_version_sqlite() {
    restore_works_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn restore_makes_a_new_version_postgres() {
    restore_works_on(Backend::Postgres).await;
}

#[tokio::test]
async fn a_removed_strategy_comes_back_with_angre_until_the_next_save() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    let browser = Browser::login(&app, "redaktor", PASSWORD).await;
    let strategy = "focus_areas[0].strategies[0]";
    let before = current(&app, &programme).await;
    let before_plan = plan::handlingsplan::file::read(&before.body, plan::Syntax::Json).unwrap();
    let projects = &before_plan.focus_areas[0].strategies[0].projects;
    assert!(!projects.is_empty(), "the fixture's strategy has projects");
    let kroner: i64 = projects.iter().map(|p| p.budget.0).sum();

    // Without script: a typed change to the strategy's name and its removal in one post.
    let mut form = editor_form(&app, &programme).await;
    for (key, value) in &mut form {
        if *key == format!("{strategy}.name") {
            *value = "Skrive inn før fjerning".into();
        }
        if key == "op" {
            *value = format!("remove:{strategy}");
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, location, _) = browser.post_pairs(PAGE, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("&undo=2&removed="), "{location}");
    let after = current(&app, &programme).await;
    assert_eq!(
        after.info.version, 3,
        "what was typed kept as version 2, then removed"
    );
    assert!(!after.body.contains("Skrive inn før fjerning"));

    let (_, page) = browser.get(&location).await;
    let amount = plan::norwegian::kroner(plan::Kroner(kroner));
    let expected = format!(
        "«Skrive inn før fjerning» er fjernet, med {} prosjekt{} på til sammen {amount}.",
        projects.len(),
        if projects.len() == 1 { "" } else { "er" }
    );
    assert!(page.contains(&expected), "{expected}");
    assert!(page.contains("id=\"undo-button\""));

    // Angre: a new version with the strategy back, as typed.
    let (status, location2, _) = browser
        .post_pairs(
            &format!("{PAGE}/restore"),
            &[("version", "2"), ("base_version", "3")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location2.contains("saved=4"));
    let back = current(&app, &programme).await;
    let back_plan = plan::handlingsplan::file::read(&back.body, plan::Syntax::Json).unwrap();
    assert_eq!(
        back_plan.focus_areas[0].strategies[0].name,
        "Skrive inn før fjerning"
    );
    assert_eq!(
        back_plan.focus_areas[0].strategies[0].projects, *projects,
        "its projects and kroner"
    );
    // After another save the offer is gone.
    let (_, page) = browser.get(&location).await;
    assert!(!page.contains("id=\"undo-button\""));
}

async fn delete_works_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    person(&app, &programme, "redaktor", ProgrammeRole::Editor).await;
    person(&app, &programme, "lesar", ProgrammeRole::Viewer).await;
    let browser = Browser::login(&app, "redaktor", PASSWORD).await;
    let (status, _, _) = browser
        .post_pairs("/programmes/fjordvik/plans", &[("year", "2028")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let plan28 = "/programmes/fjordvik/plans/2028";

    // Asked first, then deleted; audited; the year can be started again.
    let (_, page) = browser.get(plan28).await;
    assert!(page.contains(&format!("href=\"{plan28}/delete\"")));
    let (status, page) = browser.get(&format!("{plan28}/delete")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Slette utkastet for 2028?</h1>"));
    let reader = Browser::login(&app, "lesar", PASSWORD).await;
    let (status, _, _) = reader
        .post_pairs(&format!("{plan28}/delete"), &[("base_version", "1")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, location, _) = browser
        .post_pairs(&format!("{plan28}/delete"), &[("base_version", "1")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = browser.get(&location).await;
    assert!(page.contains("Utkastet for 2028 er slettet."));
    let (status, _) = browser.get(plan28).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let audit = app
        .get_json("/api/v1/audit?programme=fjordvik", &token)
        .await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "plan.delete" && e["object"] == "plans/2028")
    );

    // The API: If-Match required; a decided year is 409 and stays.
    let path = "/api/v1/programmes/fjordvik/plans/2027";
    let response = app
        .request(reqwest::Method::DELETE, path, Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 428);
    let recorded = app
        .post_json(
            &format!("{path}/approvals"),
            &token,
            json!({"step": "board", "date": "2026-12-04"}),
        )
        .await;
    assert_eq!(recorded.status(), 201);
    let reopened = app
        .request(
            reqwest::Method::POST,
            &format!("{path}/reopen"),
            Some(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.status(), 201);
    let etag = common::etag(&app.get(path, &token).await);
    let response = app
        .request(reqwest::Method::DELETE, path, Some(&token))
        .header("If-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(response.json::<Value>().await.unwrap()["code"], "decided");
    let (status, page) = browser.get(&format!("{PAGE}/delete")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("kan ikke slettes"));
    assert_eq!(current(&app, &programme).await.info.version, 3);

    // A draft never decided goes through the API too.
    let (status, _, _) = browser
        .post_pairs("/programmes/fjordvik/plans", &[("year", "2029")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let path = "/api/v1/programmes/fjordvik/plans/2029";
    let etag = common::etag(&app.get(path, &token).await);
    let response = app
        .request(reqwest::Method::DELETE, path, Some(&token))
        .header("If-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(app.get(path, &token).await.status(), 404);
}

#[tokio::test]
async fn a_draft_year_never_decided_is_deleted_sqlite() {
    delete_works_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_draft_year_never_decided_is_deleted_postgres() {
    delete_works_on(Backend::Postgres).await;
}
