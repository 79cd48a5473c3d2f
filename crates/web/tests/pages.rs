//! The web pages against the real app (HTTP, cookies, CSRF, forms): the admin listing,
//! the language on the account, the merge of concurrent list additions through the
//! editor's form, the paged version history, the result record's area choice, the
//! findings counts and the approval form's refusals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, encode, pairs};
use common::{Backend, TestApp, fixture, spawn_app};
use reqwest::{Client, StatusCode, redirect};
use serde_json::Value;
use store::{GlobalRole, ProgrammeRole};
use web::ui::fields::{Fields, from_plan};

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

async fn current_fields(app: &TestApp, programme: &store::Programme) -> (i64, Fields) {
    let version = app
        .store
        .current(programme.id, &store::DocKey::handlingsplan(2027))
        .await
        .unwrap()
        .unwrap();
    let plan = plan::handlingsplan::file::read(&version.body, plan::Syntax::Json).unwrap();
    (version.info.version, from_plan(&plan))
}

/// Saves `plan` (JSON) as the next version of the 2027 plan, straight into the store.
async fn save_plan(
    app: &TestApp,
    programme: &store::Programme,
    author: &store::User,
    plan: &Value,
) {
    let parsed = plan::handlingsplan::file::read(&plan.to_string(), plan::Syntax::Json).unwrap();
    let (version, _) = current_fields(app, programme).await;
    app.store
        .put(
            programme.id,
            &store::DocKey::handlingsplan(2027),
            Some(version),
            &plan::handlingsplan::file::to_json(&parsed),
            author.id,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
}

fn form_of(fields: &Fields, base_version: i64, op: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> =
        fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    form.push(("base_version".into(), base_version.to_string()));
    form.push(("op".into(), op.into()));
    form
}

/// The table rows' header cells (`<th scope="row">…</th>`) inside the element with `id`.
fn row_headers(page: &str, id: &str) -> Vec<String> {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let table = &page[start..page[start..].find("</table>").unwrap() + start];
    table
        .split("<th scope=\"row\"")
        .skip(1)
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..cell.find("</th>").unwrap()];
            unescape(text)
        })
        .collect()
}

#[tokio::test]
async fn admin_lists_users_and_memberships_and_changes_them() {
    let app = spawn_app(Backend::Sqlite).await;
    user(&app, "admin", Some(GlobalRole::Admin)).await;
    let kari = user(&app, "kari", None).await;
    user(&app, "ola", Some(GlobalRole::Observer)).await;
    let programme = app.programme("fjordvik").await;
    app.member(&programme, &kari, ProgrammeRole::Editor).await;

    let admin = Browser::login(&app, "admin", "passord-123").await;
    let (status, page) = admin.get("/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(row_headers(&page, "users-table"), ["admin", "kari", "ola"]);
    assert!(page.contains("<caption>Alle brukere</caption>"));
    assert!(page.contains("<td>Observatør (leser alle programmer)</td>"));
    assert_eq!(row_headers(&page, "members-table"), ["kari"]);
    assert!(page.contains("<td>Program fjordvik</td>"));
    assert!(page.contains("<option value=\"editor\" selected>Redaktør</option>"));

    // Change the role from the row's own form.
    let (status, _, page) = admin
        .post(
            "/admin/members",
            &pairs(&[
                ("username", "kari"),
                ("programme", "fjordvik"),
                ("role", "board"),
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Tilgangen er lagret."));
    assert!(page.contains("<option value=\"board\" selected>Styret</option>"));
    assert_eq!(
        app.store.member_role(programme.id, kari.id).await.unwrap(),
        Some(ProgrammeRole::Board)
    );

    // Remove it.
    let (status, _, page) = admin
        .post(
            "/admin/members/remove",
            &pairs(&[("username", "kari"), ("programme", "fjordvik")]),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Tilgangen er fjernet."));
    assert!(page.contains("Ingen har tilgang til noe program ennå."));
    assert_eq!(
        app.store.member_role(programme.id, kari.id).await.unwrap(),
        None
    );
    // Removing again: an error on the page, nothing else changes.
    let (status, _, page) = admin
        .post(
            "/admin/members/remove",
            &pairs(&[("username", "kari"), ("programme", "fjordvik")]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("error-summary"));

    // Only admins see or change any of it.
    let kari_browser = Browser::login(&app, "kari", "passord-123").await;
    assert_eq!(kari_browser.get("/admin").await.0, StatusCode::FORBIDDEN);
    let (status, _, _) = kari_browser
        .post(
            "/admin/members/remove",
            &pairs(&[("username", "admin"), ("programme", "fjordvik")]),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // In nynorsk, for an admin who chose it.
    admin.post("/language", &pairs(&[("back", "/admin")])).await;
    let (_, page) = admin.get("/admin").await;
    assert!(page.contains("<caption>Alle brukarar</caption>"));
    assert!(page.contains("Ingen har tilgang til noko program enno."));
}

#[tokio::test]
async fn the_language_belongs_to_the_account() {
    let app = spawn_app(Backend::Sqlite).await;
    let kari = user(&app, "kari", None).await;
    let ola = user(&app, "ola", None).await;

    // Kari switches to nynorsk: it is stored on her account.
    let first = Browser::login(&app, "kari", "passord-123").await;
    let (status, location, _) = first
        .post("/language", &pairs(&[("back", "/programmes")]))
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/programmes")
    );
    let (found, _) = app.store.user_by_name("kari").await.unwrap().unwrap();
    assert_eq!(found.language, Some(plan::Language::Nynorsk));
    assert_eq!(found.id, kari.id);

    // Another browser (no language cookie) gets nynorsk after logging in.
    let second = Browser::login(&app, "kari", "passord-123").await;
    let (_, page) = second.get("/programmes").await;
    assert!(page.contains("<html lang=\"nn\""), "nynorsk for kari");
    assert!(page.contains("Omstillingsprogram</h1>"));

    // Ola never chose: bokmål, even if a stray cookie says nynorsk once he is signed in
    // (the cookie is only the login page's fallback).
    let plain = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    let login = plain
        .post(format!("{}/login", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(encode(&pairs(&[
            ("username", "ola"),
            ("password", "passord-123"),
        ])))
        .send()
        .await
        .unwrap();
    let session = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let response = plain
        .get(format!("{}/programmes", app.base))
        .header("Cookie", format!("{session}; omstilling_lang=nn"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("<html lang=\"nb\""),
        "the account decides, not the cookie"
    );
    assert_eq!(
        app.store
            .user_by_name("ola")
            .await
            .unwrap()
            .unwrap()
            .0
            .language,
        None
    );

    // The login page follows the cookie; a choice made there is kept by an account
    // that has none.
    let anonymous = Client::new();
    let page = anonymous
        .get(format!("{}/login", app.base))
        .header("Cookie", "omstilling_lang=nn")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"nn\""));
    let _ = Browser::login_with(&app, "ola", "passord-123", Some("nn")).await;
    let (found, _) = app.store.user_by_name("ola").await.unwrap().unwrap();
    assert_eq!(
        (found.id, found.language),
        (ola.id, Some(plan::Language::Nynorsk))
    );
    // ... but it does not override a choice the account already has.
    app.store
        .set_language(kari.id, plan::Language::Bokmal)
        .await
        .unwrap();
    let _ = Browser::login_with(&app, "kari", "passord-123", Some("nn")).await;
    assert_eq!(
        app.store
            .user_by_name("kari")
            .await
            .unwrap()
            .unwrap()
            .0
            .language,
        Some(plan::Language::Bokmal)
    );
}

/// Two editors, the Fjordvik plan saved (version 1).
async fn two_editors(app: &TestApp) -> (store::Programme, Browser, Browser) {
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    for name in ["kari", "ola"] {
        let person = user(app, name, None).await;
        app.member(&programme, &person, ProgrammeRole::Editor).await;
    }
    let a = Browser::login(app, "kari", "passord-123").await;
    let b = Browser::login(app, "ola", "passord-123").await;
    (programme, a, b)
}

fn project_names(fields: &Fields) -> Vec<String> {
    let list = "focus_areas[0].strategies[0].projects";
    web::ui::fields::indices(fields, list)
        .into_iter()
        .map(|i| fields[&format!("{list}[{i}].name")].clone())
        .collect()
}

#[tokio::test]
async fn two_people_adding_to_the_same_list_keep_both_additions() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, a, b) = two_editors(&app).await;
    let path = "/programmes/fjordvik/plans/2027";
    let (v1, base) = current_fields(&app, &programme).await;
    let before = project_names(&base);
    let n = before.len();
    let list = "focus_areas[0].strategies[0].projects";

    // A adds a project and names it.
    let (status, _, _) = a
        .post(path, &form_of(&base, v1, &format!("add:{list}")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (v2, mut fields) = current_fields(&app, &programme).await;
    fields.insert(format!("{list}[{n}].name"), "Kystlab".into());
    let (status, _, _) = a.post(path, &form_of(&fields, v2, "save")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // B, still on version 1, adds a project too: both are kept, B's after A's, and the
    // page scrolls to B's new one.
    let (status, location, page) = b
        .post(path, &form_of(&base, v1, &format!("add:{list}")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "no conflict: {page}");
    assert!(
        location.contains(&format!("projects-{}-", n + 1)),
        "scrolls to the added project: {location}"
    );
    let (_, now) = current_fields(&app, &programme).await;
    let mut expected = before.clone();
    expected.push("Kystlab".into());
    expected.push("Nytt prosjekt".into());
    assert_eq!(project_names(&now), expected);

    // Two communication activities added at once: both kept.
    let (v, base) = current_fields(&app, &programme).await;
    let activities = web::ui::fields::indices(&base, "communication.activities").len();
    for browser in [&a, &b] {
        let (status, _, _) = browser
            .post(path, &form_of(&base, v, "add:communication.activities"))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (_, now) = current_fields(&app, &programme).await;
    assert_eq!(
        web::ui::fields::indices(&now, "communication.activities").len(),
        activities + 2
    );
}

#[tokio::test]
async fn removing_what_another_changed_is_a_conflict_and_nothing_is_lost() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, a, b) = two_editors(&app).await;
    let path = "/programmes/fjordvik/plans/2027";
    let list = "focus_areas[0].strategies[0].projects";
    let (v1, base) = current_fields(&app, &programme).await;
    let first = base[&format!("{list}[0].name")].clone();

    // A changes the first project's budget; B, on the same version, removes it.
    let mut edited = base.clone();
    edited.insert(format!("{list}[0].budget"), "424242".into());
    let (status, _, _) = a.post(path, &form_of(&edited, v1, "save")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) = b
        .post(path, &form_of(&base, v1, &format!("remove:{list}[0]")))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains(&first), "the conflict names the project");
    assert!(page.contains("Fjernet"));
    let (_, now) = current_fields(&app, &programme).await;
    assert_eq!(
        now[&format!("{list}[0].budget")],
        "424242",
        "A's edit stands"
    );

    // B chooses its own (the removal) on the conflict page: the project goes, the others stay.
    let mut form: Vec<(String, String)> = hidden_inputs(&page)
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .collect();
    form.push((format!("choice:{list}[0]"), "mine".into()));
    let (status, _, _) = b.post(path, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, now) = current_fields(&app, &programme).await;
    let mut expected = project_names(&base);
    expected.remove(0);
    assert_eq!(project_names(&now), expected);
}

#[tokio::test]
async fn the_history_is_paged_newest_first() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let kari = user(&app, "kari", None).await;
    app.member(&programme, &kari, ProgrammeRole::Viewer).await;
    let mut plan: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    for n in 1..=44 {
        plan["admin_costs"] = (900_000 + n).into();
        save_plan(&app, &programme, &kari, &plan).await;
    }
    let browser = Browser::login(&app, "kari", "passord-123").await;
    let history = "/programmes/fjordvik/plans/2027/history";
    let versions = |page: &str| -> Vec<i64> {
        row_headers(page, "versions-table")
            .iter()
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (status, page) = browser.get(history).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(versions(&page), (26..=45).rev().collect::<Vec<_>>());
    assert!(page.contains("Side 1 av 3"));
    assert!(page.contains("Versjon 26–45 av 45, nyeste først"));
    assert!(page.contains("rel=\"next\">Eldre versjoner</a>"));
    assert!(!page.contains("rel=\"prev\""));
    // The default diff is still the latest change, and the compare form lists every version.
    assert!(page.contains("<option value=\"1\">1</option>"));
    let (_, page) = browser.get(&format!("{history}?page=2")).await;
    assert_eq!(versions(&page), (6..=25).rev().collect::<Vec<_>>());
    assert!(page.contains("rel=\"prev\">Nyere versjoner</a>"));
    assert!(page.contains("rel=\"next\">Eldre versjoner</a>"));
    let (_, page) = browser.get(&format!("{history}?page=3&from=1&to=2")).await;
    assert_eq!(versions(&page), (1..=5).rev().collect::<Vec<_>>());
    assert!(page.contains("Side 3 av 3"));
    assert!(!page.contains("rel=\"next\""));
    assert!(
        unescape(&page).contains("history?page=2&from=1&to=2\""),
        "links keep the comparison"
    );
    // Out of range: the last page.
    let (_, page) = browser.get(&format!("{history}?page=99")).await;
    assert_eq!(versions(&page), (1..=5).rev().collect::<Vec<_>>());
}

#[tokio::test]
async fn a_result_record_chooses_its_area_from_the_plan() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let kari = user(&app, "kari", None).await;
    app.member(&programme, &kari, ProgrammeRole::Editor).await;
    let mut plan: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    let areas: Vec<String> = plan["focus_areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_owned())
        .collect();
    plan["previous_results"]["records"] = serde_json::json!([
        { "year": 2025, "focus_area": areas[1] },
        { "year": 2026, "focus_area": "Gammelt område" }
    ]);
    save_plan(&app, &programme, &kari, &plan).await;
    let browser = Browser::login(&app, "kari", "passord-123").await;
    let (_, page) = browser.get("/programmes/fjordvik/plans/2027").await;
    let select = |id: &str| -> String {
        let start = page
            .find(&format!("<select id=\"{id}\""))
            .unwrap_or_else(|| panic!("a select #{id}"));
        page[start..start + page[start..].find("</select>").unwrap()].to_owned()
    };
    let first = select("f-previous_results-records-0-focus_area");
    for area in &areas {
        assert!(
            first.contains(&format!(">{area}</option>")),
            "{area} offered"
        );
    }
    assert!(first.contains(&format!("<option value=\"{}\" selected>", areas[1])));
    assert_eq!(first.matches(" selected").count(), 1);
    // A name the plan does not have stays, chosen and marked.
    let second = select("f-previous_results-records-1-focus_area");
    assert!(second.contains(
        "<option value=\"Gammelt område\" selected>Gammelt område (ikke i planen)</option>"
    ));
    // Saving the page unchanged keeps it.
    let (version, fields) = current_fields(&app, &programme).await;
    let mut changed = fields.clone();
    changed.insert("admin_costs".into(), "1".into());
    let (status, _, _) = browser
        .post(
            "/programmes/fjordvik/plans/2027",
            &form_of(&changed, version, "save"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, now) = current_fields(&app, &programme).await;
    assert_eq!(
        now["previous_results.records[1].focus_area"],
        "Gammelt område"
    );
}

#[tokio::test]
async fn findings_counts_agree_with_their_number() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let kari = user(&app, "kari", None).await;
    app.member(&programme, &kari, ProgrammeRole::Editor).await;
    // Every strategy has a project except the first: exactly one info finding.
    let mut plan: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    for area in plan["focus_areas"].as_array_mut().unwrap() {
        for strategy in area["strategies"].as_array_mut().unwrap() {
            strategy["projects"] =
                serde_json::json!([{ "name": "Prosjekt", "goal": "Mål", "budget": 1 }]);
        }
    }
    plan["focus_areas"][0]["strategies"][0]["projects"] = serde_json::json!([]);
    save_plan(&app, &programme, &kari, &plan).await;
    let evaluation = plan::handlingsplan::evaluate(
        &plan::handlingsplan::file::read(&plan.to_string(), plan::Syntax::Json).unwrap(),
    );
    let infos = evaluation
        .findings
        .iter()
        .filter(|f| f.severity == plan::Severity::Info)
        .count();
    assert_eq!(infos, 1, "the plan is built to have one info finding");
    let browser = Browser::login(&app, "kari", "passord-123").await;
    let (_, page) = browser.get("/programmes/fjordvik/plans/2027").await;
    assert!(
        page.contains(", 1 merknad<")
            || page.contains(", 1 merknad\n")
            || page.contains(", 1 merknad "),
        "singular: {}",
        &page[page.find("merknad").map_or(0, |i| i.saturating_sub(80))..][..120]
    );
    assert!(!page.contains("1 merknader"));
}

#[tokio::test]
async fn the_approval_form_refuses_with_the_shared_rules() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let styre = user(&app, "styre", None).await;
    app.member(&programme, &styre, ProgrammeRole::Board).await;
    let viewer = user(&app, "leser", None).await;
    app.member(&programme, &viewer, ProgrammeRole::Viewer).await;
    let path = "/programmes/fjordvik/plans/2027/approvals";
    let board = Browser::login(&app, "styre", "passord-123").await;

    let alert = |message: &str| format!("role=\"alert\"><p>{message}</p>");
    let refusals = [
        // A date that does not exist.
        (
            pairs(&[
                ("step", "board"),
                ("date", "2026-02-30"),
                ("base_version", "1"),
            ]),
            "30. februar finnes ikke.",
        ),
        // The page was loaded from another version.
        (
            pairs(&[
                ("step", "board"),
                ("date", "2026-12-04"),
                ("base_version", "7"),
                ("confirm", "yes"),
            ]),
            "Planen ble endret samtidig. Last siden på nytt og prøv igjen.",
        ),
        // A reference with a line break.
        (
            pairs(&[
                ("step", "board"),
                ("date", "2026-12-04"),
                ("reference", "sak\n1"),
            ]),
            "Saksnummeret kan ha høyst 200 tegn og ingen linjeskift.",
        ),
        // The council before the board (the board role may not record it at all).
        (
            pairs(&[
                ("step", "council"),
                ("date", "2027-01-28"),
                ("base_version", "1"),
            ]),
            "",
        ),
    ];
    for (form, message) in &refusals[..3] {
        let (status, _, page) = board.post(path, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
        assert!(
            page.contains(&alert(message)),
            "{message} in the page for {form:?}"
        );
    }
    let (status, _, _) = board.post(path, &refusals[3].0).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let reader = Browser::login(&app, "leser", "passord-123").await;
    let (status, _, _) = reader.post(path, &refusals[0].0).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nothing was recorded.
    let (version, _) = current_fields(&app, &programme).await;
    assert_eq!(version, 1);
}

#[tokio::test]
async fn a_button_acts_on_the_item_the_user_saw_even_after_others_moved_items() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, a, b) = two_editors(&app).await;
    let path = "/programmes/fjordvik/plans/2027";
    let list = "focus_areas[0].strategies[0].projects";
    // At least three projects to start from.
    loop {
        let (v, base) = current_fields(&app, &programme).await;
        if project_names(&base).len() >= 3 {
            break;
        }
        let (status, _, _) = a
            .post(path, &form_of(&base, v, &format!("add:{list}")))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (v, mut base) = current_fields(&app, &programme).await;
    for (i, name) in ["Første", "Andre", "Tredje"].iter().enumerate() {
        base.insert(format!("{list}[{i}].name"), (*name).into());
    }
    let (status, _, _) = a.post(path, &form_of(&base, v, "save")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (v, base) = current_fields(&app, &programme).await;
    let names = project_names(&base);
    assert_eq!(&names[..3], ["Første", "Andre", "Tredje"]);

    // A removes the first; B, still on the same version, removes the second.
    let (status, _, _) = a
        .post(path, &form_of(&base, v, &format!("remove:{list}[0]")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, page) = b
        .post(path, &form_of(&base, v, &format!("remove:{list}[1]")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, now) = current_fields(&app, &programme).await;
    let mut expected = names.clone();
    expected.drain(..2);
    assert_eq!(
        project_names(&now),
        expected,
        "both removals, of the items each saw"
    );
}

/// Reopen of a draft has one behaviour: the API answers 409 `not-frozen`, and the page
/// refuses it the same way (409) with the message in the user's language, instead of
/// sending the user back to the editor as if something had happened.
#[tokio::test]
async fn reopen_of_a_draft_is_refused_alike_by_the_api_and_the_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    let editor = user(&app, "redaktor", None).await;
    app.member(&programme, &editor, ProgrammeRole::Editor).await;
    app.store
        .set_language(editor.id, plan::Language::Nynorsk)
        .await
        .unwrap();

    let api = app
        .request(
            reqwest::Method::POST,
            "/api/v1/programmes/fjordvik/plans/2027/reopen",
            Some(&token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::CONFLICT);
    assert_eq!(api.json::<Value>().await.unwrap()["code"], "not-frozen");

    let browser = Browser::login(&app, "redaktor", "passord-123").await;
    let (status, _, page) = browser
        .post(
            "/programmes/fjordvik/plans/2027/reopen",
            &pairs(&[("base_version", "1")]),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        page.contains("Planen er alt eit utkast og kan endrast."),
        "the refusal in nynorsk: {page}"
    );
    // Nothing was written.
    let (version, _) = current_fields(&app, &programme).await;
    assert_eq!(version, 1);
}

/// A year in an address or a form has one rule in the API and on the pages (four
/// digits, 1000–9999): what one refuses, the other refuses too, and no plan is started.
#[tokio::test]
async fn the_api_and_the_pages_read_a_year_by_one_rule() {
    let app = spawn_app(Backend::Sqlite).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    let editor = user(&app, "redaktor", None).await;
    app.member(&programme, &editor, ProgrammeRole::Editor).await;
    let browser = Browser::login(&app, "redaktor", "passord-123").await;

    for year in ["999", "0999", "+2027", "2027 ", "20270", "år"] {
        let path = format!("/programmes/fjordvik/plans/{}", encode_path(year));
        let api = app.get(&format!("/api/v1{path}"), &token).await.status();
        assert_eq!(api, StatusCode::NOT_FOUND, "API, year {year:?}");
        let (page, _) = browser.get(&path).await;
        assert_eq!(page, StatusCode::NOT_FOUND, "page, year {year:?}");
    }
    // A plan of year 999 (a year the pages never accepted) cannot be made through the API.
    let put = app
        .put_plan(
            "/api/v1/programmes/fjordvik/plans/999",
            &token,
            common::fixture_for_year("fjordvik-2027.json", 999),
            None,
        )
        .await;
    assert_eq!(put.status(), StatusCode::NOT_FOUND);
    // The same year works in both.
    assert_eq!(
        app.get("/api/v1/programmes/fjordvik/plans/2027", &token)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        browser.get("/programmes/fjordvik/plans/2027").await.0,
        StatusCode::OK
    );
    // "Start a plan" with a year the API would refuse starts nothing.
    let (status, _, _) = browser
        .post("/programmes/fjordvik/plans", &pairs(&[("year", "999")]))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let plans = app
        .get_json("/api/v1/programmes/fjordvik/plans", &token)
        .await;
    assert_eq!(plans.as_array().map(Vec::len), Some(1), "{plans}");
}

/// Every page of a programme opens the same way: nobody signed in is sent to log in and
/// brought back (a form that was posted: to the plan it belongs to), a programme the user
/// is not a member of is the 404 page, in the user's language.
#[tokio::test]
async fn every_programme_page_opens_the_same_way() {
    let app = spawn_app(Backend::Sqlite).await;
    app.programme_with_plan("fjordvik").await;
    let anonymous = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    for (path, next) in [
        ("/programmes/fjordvik", "/programmes/fjordvik"),
        (
            "/programmes/fjordvik/plans/2027/history?page=2",
            "/programmes/fjordvik/plans/2027/history?page=2",
        ),
        (
            "/programmes/fjordvik/results",
            "/programmes/fjordvik/results",
        ),
        (
            "/programmes/fjordvik/year-wheel",
            "/programmes/fjordvik/year-wheel",
        ),
        ("/programmes/fjordvik/import", "/programmes/fjordvik/import"),
    ] {
        let response = anonymous
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let expected: String = url_encoded(next);
        assert_eq!(location, format!("/login?next={expected}"), "{path}");
    }

    let outsider = user(&app, "utanforståande", None).await;
    app.store
        .set_language(outsider.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let browser = Browser::login(&app, "utanforståande", "passord-123").await;
    for path in [
        "/programmes/fjordvik",
        "/programmes/fjordvik/plans/2027",
        "/programmes/fjordvik/plans/2027/history",
        "/programmes/fjordvik/plans/2027/preview",
        "/programmes/fjordvik/plans/2027/delete",
        "/programmes/fjordvik/results",
        "/programmes/fjordvik/year-wheel",
        "/programmes/fjordvik/import",
    ] {
        let (status, page) = browser.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains("lang=\"nn\""), "in nynorsk: {path}");
    }
}

fn encode_path(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn url_encoded(text: &str) -> String {
    encode(&[("x", text)])
        .strip_prefix("x=")
        .unwrap()
        .to_owned()
}
