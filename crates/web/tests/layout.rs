//! Issue 17, part B, against the real app: every finding shows at its field and its link
//! goes to an input the editor renders (every finding code of the spec), findings follow
//! the page's language while the document follows the plan's, words people use (no field
//! names, a too large number said to be too large), Norwegian error pages for bad
//! addresses on the page routes (the API keeps its JSON), and the landing page saying which
//! year it shows and why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{Backend, TestApp, fixture, spawn_app};
use reqwest::{Client, StatusCode, redirect};
use serde_json::Value;
use store::ProgrammeRole;

/// A browser without JavaScript: a cookie jar, no automatic redirects.
struct Browser {
    client: Client,
    base: String,
}

impl Browser {
    async fn login(app: &TestApp, name: &str, password: &str) -> Browser {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("username", name)
            .append_pair("password", password)
            .append_pair("next", "/programmes")
            .finish();
        let response = client
            .post(format!("{}/login", app.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {name}");
        Browser {
            client,
            base: app.base.clone(),
        }
    }

    /// A page as a browser asks for it; status, content type and body.
    async fn get(&self, path: &str) -> (StatusCode, String, String) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .send()
            .await
            .unwrap();
        let status = response.status();
        let kind = content_type(&response);
        (status, kind, response.text().await.unwrap())
    }
}

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// An editor of `slug` who logs in with a password, and their API token.
async fn editor(app: &TestApp, slug: &str) -> (store::User, String) {
    let programme = app.programme(slug).await;
    let user = app.user_with_password("kari", "kari-passord-1").await;
    app.member(&programme, &user, ProgrammeRole::Editor).await;
    let (api_user, token) = app.user("kari-api", None).await;
    app.member(&programme, &api_user, ProgrammeRole::Editor)
        .await;
    (user, token)
}

/// Saves a plan as its year's draft (a new plan), through the API.
async fn save(app: &TestApp, slug: &str, token: &str, plan: &Value) -> i64 {
    let year = plan["year"].as_i64().unwrap();
    let response = app
        .put_plan(
            &format!("/api/v1/programmes/{slug}/plans/{year}"),
            token,
            plan.to_string(),
            None,
        )
        .await;
    let status = response.status();
    assert!(
        status.is_success(),
        "save {year}: {status} {}",
        response.text().await.unwrap()
    );
    year
}

/// The `href="#…"` of the findings panel's "Gå til feltet" links.
fn finding_links(page: &str) -> Vec<String> {
    let panel = &page[page
        .find("id=\"findings-panel\"")
        .expect("the findings panel")..];
    let panel = &panel[..panel.find("</aside>").unwrap_or(panel.len())];
    panel
        .split("<a href=\"#")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

fn finding_count(page: &str) -> usize {
    let panel = &page[page.find("id=\"findings-panel\"").unwrap()..];
    let panel = &panel[..panel.find("</ul>").unwrap_or(0)];
    panel.matches("<li class=\"").count()
}

fn plan_value(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// Plans that between them make every finding code of the spec (§4).
fn plans_for_every_code() -> Vec<(String, Value)> {
    let mut plans: Vec<(String, Value)> = [
        "invalid/approval-order.json",
        "invalid/duplicate-area.json",
        "invalid/financing-mixed.json",
        "invalid/financing-not-total.json",
        "invalid/job-targets-years.json",
        "invalid/month.json",
        "invalid/negative-budget.json",
        "invalid/results.json",
        "invalid/sdg.json",
        "invalid/shares-not-100.json",
        "invalid/year-outside-period.json",
        "warnings/municipal-share-low.json",
        "warnings/placeholders.json",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), plan_value(name)))
    .collect();
    let mut period = plan_value("fjordvik-2027.json");
    period["programme"]["period"] = serde_json::json!({"from": 2025, "to": 2040});
    plans.push(("period-invalid".into(), period));
    let mut empty = plan_value("fjordvik-2027.json");
    empty["financing"] = serde_json::json!([]);
    empty["focus_areas"][1]["strategies"] = serde_json::json!([]);
    empty["focus_areas"][0]["description"] = "".into();
    for area in empty["focus_areas"].as_array_mut().unwrap() {
        area.as_object_mut().unwrap().remove("job_targets");
    }
    plans.push(("financing-missing and more".into(), empty));
    plans
}

#[tokio::test]
async fn every_finding_shows_at_its_field_and_links_to_an_input_the_editor_renders() {
    let app = spawn_app(Backend::Sqlite).await;
    let (kari, token) = editor(&app, "fjordvik").await;
    let api_user = app.store.user_by_name("kari-api").await.unwrap().unwrap().0;
    let browser = Browser::login(&app, "kari", "kari-passord-1").await;
    let mut codes_seen = BTreeSet::new();
    // Each plan in a programme of its own, with the fixture's own year.
    for (n, (name, plan)) in plans_for_every_code().into_iter().enumerate() {
        let slug = format!("p{n}");
        let programme = app.programme(&slug).await;
        app.member(&programme, &kari, ProgrammeRole::Editor).await;
        app.member(&programme, &api_user, ProgrammeRole::Editor)
            .await;
        let year = save(&app, &slug, &token, &plan).await;
        let check = app
            .get_json(
                &format!("/api/v1/programmes/{slug}/plans/{year}/check"),
                &token,
            )
            .await;
        let findings = check["findings"].as_array().unwrap().clone();
        let (status, _, page) = browser
            .get(&format!("/programmes/{slug}/plans/{year}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{name}");
        let links = finding_links(&page);
        assert_eq!(
            links.len(),
            finding_count(&page),
            "{name}: every finding has its link: {links:?}"
        );
        assert_eq!(links.len(), findings.len(), "{name}");
        for (link, finding) in links.iter().zip(&findings) {
            let code = finding["code"].as_str().unwrap();
            codes_seen.insert(code.to_owned());
            assert!(
                page.contains(&format!("id=\"{link}\"")),
                "{name}: the link of {code} ({}) goes to #{link}, which the editor does not render",
                finding["path"]
            );
            // Shown at the field too, when the target is an input.
            if link.starts_with("f-") {
                assert!(
                    page.contains(&format!("id=\"{link}-finding\"")),
                    "{name}: {code} is shown at its field #{link}"
                );
            }
        }
    }
    // Spec §4: every code of a yearly plan.
    for code in [
        "period-invalid",
        "year-outside-period",
        "job-targets-years",
        "value-out-of-range",
        "duplicate-focus-area",
        "sdg-out-of-range",
        "financing-mixed",
        "financing-shares-not-100",
        "financing-not-total",
        "financing-missing",
        "approval-order",
        "results-unknown-area",
        "results-year",
        "month-out-of-range",
        "municipal-share-low",
        "jobs-goal-mismatch",
        "no-job-targets",
        "area-without-strategies",
        "missing-text",
        "placeholder-text",
        "strategy-without-projects",
    ] {
        assert!(
            codes_seen.contains(code),
            "no plan made {code}: {codes_seen:?}"
        );
    }
}

#[tokio::test]
async fn the_share_sum_goes_to_the_share_and_a_negative_amount_names_its_project() {
    let app = spawn_app(Backend::Postgres).await;
    let (_, token) = editor(&app, "fjordvik").await;
    let browser = Browser::login(&app, "kari", "kari-passord-1").await;
    let plans = plans_for_every_code();
    let shares = &plans
        .iter()
        .find(|(n, _)| n.contains("shares-not-100"))
        .unwrap()
        .1;
    let year = save(&app, "fjordvik", &token, shares).await;
    let (_, _, page) = browser
        .get(&format!("/programmes/fjordvik/plans/{year}"))
        .await;
    assert!(
        finding_links(&page).contains(&"f-financing-0-share".to_owned()),
        "{:?}",
        finding_links(&page)
    );
    assert!(page.contains("id=\"f-financing-0-share-finding\""));
    assert!(!finding_links(&page).contains(&"f-financing-0-amount".to_owned()));

    let mut negative = plans
        .iter()
        .find(|(n, _)| n.contains("negative-budget"))
        .unwrap()
        .1
        .clone();
    negative["year"] = 2028.into();
    let project = negative["focus_areas"][0]["strategies"][0]["projects"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let year = save(&app, "fjordvik", &token, &negative).await;
    let (_, _, page) = browser
        .get(&format!("/programmes/fjordvik/plans/{year}"))
        .await;
    let link = "f-focus_areas-0-strategies-0-projects-0-budget";
    assert!(finding_links(&page).contains(&link.to_owned()));
    let at_field = &page[page.find(&format!("id=\"{link}-finding\"")).unwrap()..];
    let at_field = &at_field[..at_field.find("</p>").unwrap()];
    assert!(
        at_field.contains(&format!("prosjektet «{project}»")),
        "the message names the project: {at_field}"
    );
    assert!(page.contains(&format!("aria-describedby=\"{link}-finding\"")));
}

#[test]
fn approval_order_points_at_the_approvals() {
    let plan = plan::handlingsplan::file::read(
        &fixture("invalid/approval-order.json"),
        plan::Syntax::Json,
    )
    .unwrap();
    let fields = web::ui::fields::from_plan(&plan);
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let finding = evaluation
        .findings
        .iter()
        .find(|f| f.code.as_str() == "approval-order")
        .unwrap();
    let target = web::ui::at_field::target(&fields, finding).unwrap();
    assert_eq!(
        target.href(),
        format!("#{}", web::ui::at_field::APPROVALS_ID)
    );
}

#[tokio::test]
async fn findings_follow_the_page_language_and_the_document_the_plan_language() {
    let app = spawn_app(Backend::Sqlite).await;
    let (kari, token) = editor(&app, "fjordvik").await;
    // A bokmål plan read by a nynorsk user, and a nynorsk plan read by the same user after
    // switching to bokmål.
    let mut bokmal = plan_value("fjordvik-2027.json");
    bokmal["language"] = "nb".into();
    save(&app, "fjordvik", &token, &bokmal).await;
    let mut nynorsk = plan_value("fjordvik-2027.json");
    nynorsk["language"] = "nn".into();
    nynorsk["year"] = 2028.into();
    save(&app, "fjordvik", &token, &nynorsk).await;

    // The second sentence of the first finding (strategy-without-projects), which has no
    // quoted names: what the user reads in each language.
    let sentence = |language: &str| {
        let mut plan = plan_value("fjordvik-2027.json");
        plan["language"] = language.into();
        let plan = plan::handlingsplan::file::read(&plan.to_string(), plan::Syntax::Json).unwrap();
        let finding = plan::handlingsplan::evaluate(&plan).findings.remove(0);
        finding.message.split(". ").nth(1).unwrap().to_owned()
    };
    let (nb_sentence, nn_sentence) = (sentence("nb"), sentence("nn"));
    assert_ne!(nb_sentence, nn_sentence);
    let contains = |page: &str, text: &str| page.contains(text);

    app.store
        .set_language(kari.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let browser = Browser::login(&app, "kari", "kari-passord-1").await;
    let (_, _, page) = browser.get("/programmes/fjordvik/plans/2027").await;
    assert!(page.contains("<html lang=\"nn\""));
    assert!(
        contains(&page, &nn_sentence),
        "the nynorsk page shows the nynorsk finding: {nn_sentence}"
    );
    assert!(!page.contains(&nb_sentence), "not the bokmål one");
    let (_, _, preview) = browser.get("/programmes/fjordvik/plans/2027/preview").await;
    assert!(preview.contains("<h2>Innhold</h2>") || preview.contains(">Innhold<"));
    assert!(
        !preview.contains(">Innhald<"),
        "the document stays in bokmål"
    );

    app.store
        .set_language(kari.id, plan::Language::Bokmal)
        .await
        .unwrap();
    let browser = Browser::login(&app, "kari", "kari-passord-1").await;
    let (_, _, page) = browser.get("/programmes/fjordvik/plans/2028").await;
    assert!(page.contains("<html lang=\"nb\""));
    assert!(
        contains(&page, &nb_sentence),
        "the bokmål page: {nb_sentence}"
    );
    assert!(!page.contains(&nn_sentence));
    let (_, _, preview) = browser.get("/programmes/fjordvik/plans/2028/preview").await;
    assert!(
        preview.contains(">Innhald<"),
        "the document stays in nynorsk"
    );
}

#[test]
fn messages_use_words_people_use() {
    // A 20-digit amount is too large, not "not digits".
    let plan = plan::handlingsplan::file::read(&fixture("fjordvik-2027.json"), plan::Syntax::Json)
        .unwrap();
    let mut fields = web::ui::fields::from_plan(&plan);
    let budget = "focus_areas[0].strategies[0].projects[0].budget";
    fields.insert(budget.into(), "12345678901234567890".into());
    let errors = web::ui::fields::to_plan(&fields, plan.approval).unwrap_err();
    let error = errors.iter().find(|e| e.path == budget).unwrap();
    assert!(error.bokmal.contains("for stort"), "{}", error.bokmal);
    assert!(error.nynorsk.contains("for stort"), "{}", error.nynorsk);
    assert!(!error.bokmal.contains("bare sifre"));
    fields.insert(budget.into(), "12 3x4".into());
    let errors = web::ui::fields::to_plan(&fields, plan.approval).unwrap_err();
    assert!(errors[0].bokmal.contains("bare sifre"));

    // No internal names in any message of the checks, in either language.
    for language in ["nb", "nn"] {
        let mut value = plan_value("fjordvik-2027.json");
        value["language"] = language.into();
        value["programme"]["period"] = serde_json::json!({"from": 2030, "to": 2025});
        let plan = plan::handlingsplan::file::read(&value.to_string(), plan::Syntax::Json).unwrap();
        for finding in plan::handlingsplan::evaluate(&plan).findings {
            for name in [
                "«from»",
                "«to»",
                "«year»",
                "«share»",
                "«amount»",
                "job_targets",
            ] {
                assert!(
                    !finding.message.contains(name),
                    "{language} {}: {}",
                    finding.code.as_str(),
                    finding.message
                );
            }
        }
    }
}

#[tokio::test]
async fn bad_addresses_get_a_norwegian_page_with_the_layout_and_a_way_back() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = spawn_app(backend).await;
        let (_, token) = editor(&app, "fjordvik").await;
        save(&app, "fjordvik", &token, &plan_value("fjordvik-2027.json")).await;
        let browser = Browser::login(&app, "kari", "kari-passord-1").await;
        for (path, status, says) in [
            ("/nowhere", StatusCode::NOT_FOUND, "finnes ikke"),
            (
                "/programmes/fjordvik/plans/2027/nowhere",
                StatusCode::NOT_FOUND,
                "finnes ikke",
            ),
            (
                "/programmes/fjordvik/plans/2027/history?page=tre",
                StatusCode::BAD_REQUEST,
                "page=tre",
            ),
            (
                "/programmes/fjordvik/plans/2027/history?from=%FF",
                StatusCode::BAD_REQUEST,
                "ikke kan leses",
            ),
            (
                "/programmes/fjordvik/plans/2027/check",
                StatusCode::METHOD_NOT_ALLOWED,
                "kan ikke brukes",
            ),
            ("/logout", StatusCode::METHOD_NOT_ALLOWED, "kan ikke brukes"),
        ] {
            let (got, kind, page) = browser.get(path).await;
            assert_eq!(got, status, "{path}: {page}");
            assert!(kind.starts_with("text/html"), "{path}: {kind}");
            assert!(page.contains("<html lang=\"nb\""), "{path}");
            assert!(page.contains("class=\"site-header\""), "{path}: the layout");
            assert!(page.contains("href=\"/programmes\""), "{path}: a way back");
            assert!(page.contains(says), "{path} says {says}: {page}");
            for english in [
                "Failed to",
                "Method Not Allowed",
                "deserialize",
                "Not Found",
            ] {
                assert!(!page.contains(english), "{path}: {english}");
            }
        }
        // Nobody logged in: the way back is the login page.
        let anonymous = Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        let response = anonymous
            .get(format!("{}/nowhere", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let page = response.text().await.unwrap();
        assert!(page.contains("href=\"/login\""), "{page}");
        // A form over its limit (413) on a page route.
        let big = "x".repeat(3 * 1024 * 1024);
        let response = browser
            .client
            .post(format!("{}/programmes/fjordvik/plans/2027", app.base))
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("a={big}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(content_type(&response).starts_with("text/html"));
        assert!(response.text().await.unwrap().contains("større enn"));
        // The API keeps its JSON errors.
        let response = app.get("/api/v1/programmes/fjordvik/nowhere", &token).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(!content_type(&response).starts_with("text/html"));
        let response = app
            .request(
                reqwest::Method::PUT,
                "/api/v1/programmes/fjordvik/plans/2027",
                Some(&token),
            )
            .header("Accept", "text/html")
            .header("Content-Type", "application/json")
            .body(format!("{{\"a\":\"{}\"}}", "x".repeat(9 * 1024 * 1024)))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert!(content_type(&response).starts_with("application/json"));
    }
}

#[test]
fn the_landing_page_year_is_the_year_in_progress_else_the_next() {
    use web::ui::{YearReason, shown_year};
    assert_eq!(
        shown_year(&[2025, 2026, 2027], 2026),
        Some((2026, YearReason::InProgress))
    );
    assert_eq!(
        shown_year(&[2025, 2028, 2027], 2026),
        Some((2027, YearReason::Next))
    );
    assert_eq!(
        shown_year(&[2024, 2025], 2026),
        Some((2025, YearReason::Latest))
    );
    assert_eq!(shown_year(&[], 2026), None);
}

#[tokio::test]
async fn the_landing_page_says_which_year_it_shows_and_why() {
    let app = spawn_app(Backend::Sqlite).await;
    let (_, token) = editor(&app, "fjordvik").await;
    let now = time::OffsetDateTime::now_utc().year();
    let mut next = plan_value("fjordvik-2027.json");
    next["year"] = (now + 1).into();
    next["programme"]["period"] = serde_json::json!({"from": now - 2, "to": now + 3});
    let targets: serde_json::Map<String, Value> = (now - 2..=now + 3)
        .map(|y| (y.to_string(), Value::from(2)))
        .collect();
    for area in next["focus_areas"].as_array_mut().unwrap() {
        if area.get("job_targets").is_some() {
            area["job_targets"] = Value::Object(targets.clone());
        }
    }
    next["previous_results"] = serde_json::json!({"records": []});
    next["approval"] = Value::Null;
    save(&app, "fjordvik", &token, &next).await;
    let browser = Browser::login(&app, "kari", "kari-passord-1").await;
    let (_, _, page) = browser.get("/programmes").await;
    let reason =
        format!("Det finnes ingen plan for {now}, året som pågår, så her vises den neste.");
    assert!(page.contains(&reason), "{page}");

    let mut this = next.clone();
    this["year"] = now.into();
    save(&app, "fjordvik", &token, &this).await;
    let (_, _, page) = browser.get("/programmes").await;
    assert!(
        page.contains(&format!("Viser planen for {now}, året som pågår.")),
        "{page}"
    );
}
