//! Black-box tests of `/api/v1` on a spawned server (port 0, fresh database), on SQLite
//! and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestApp, etag, fixture, fixture_for_year, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use store::{GlobalRole, ProgrammeRole};

const PLAN: &str = "/api/v1/programmes/fjordvik/plans/2027";

async fn plans_put_get_etag_versions(backend: Backend) {
    let app = spawn_app(backend).await;
    let programme = app.programme("fjordvik").await;
    let (editor, token) = app.user("editor", None).await;
    app.member(&programme, &editor, ProgrammeRole::Editor).await;

    let created = app
        .put_plan(PLAN, &token, fixture("fjordvik-2027.json"), None)
        .await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["location"], PLAN);
    let tag1 = etag(&created);
    assert!(tag1.starts_with("\"1-"), "{tag1}");
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["version"], 1);
    assert_eq!(body["status"], "draft");
    let expected: Value = serde_json::from_str(&fixture("fjordvik-2027.expected.json")).unwrap();
    assert_eq!(body["check"]["totals"], expected["totals"]);
    assert_eq!(body["check"]["ok"], true);

    // GET gives the plan with the same strong ETag; If-None-Match gives 304.
    let got = app.get(PLAN, &token).await;
    assert_eq!(got.status(), 200);
    assert_eq!(etag(&got), tag1);
    let text = got.text().await.unwrap();
    let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Json).unwrap();
    assert_eq!(plan.year, 2027);
    let not_modified = app
        .request(Method::GET, PLAN, Some(&token))
        .header("If-None-Match", &tag1)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);

    // The check object is spec §3's, computed from the stored plan.
    let check: Value = app.get_json(&format!("{PLAN}/check"), &token).await;
    assert_eq!(
        check,
        plan::handlingsplan::report::check_json(&plan::handlingsplan::evaluate(&plan))
    );

    // Replacing needs If-Match: missing 428, current 200, stale 412.
    let missing = app
        .put_plan(PLAN, &token, fixture("fjordvik-2027.json"), None)
        .await;
    assert_eq!(missing.status(), 428);
    let missing: Value = missing.json().await.unwrap();
    assert_eq!(missing["code"], "precondition-required");
    assert!(missing["message"].as_str().unwrap().contains("If-Match"));
    let replaced = app
        .put_plan(PLAN, &token, fixture("fjordvik-2027.json"), Some(&tag1))
        .await;
    assert_eq!(replaced.status(), 200);
    let tag2 = etag(&replaced);
    assert_ne!(tag1, tag2);
    let stale = app
        .put_plan(PLAN, &token, fixture("fjordvik-2027.json"), Some(&tag1))
        .await;
    assert_eq!(stale.status(), 412);
    let garbage_tag = app
        .put_plan(
            PLAN,
            &token,
            fixture("fjordvik-2027.json"),
            Some("nonsense"),
        )
        .await;
    assert_eq!(garbage_tag.status(), 412);

    // Unreadable bodies are 422 with the read error.
    let broken = app
        .put_plan(PLAN, &token, "{ \"format\": ".into(), Some(&tag2))
        .await;
    assert_eq!(broken.status(), 422);
    let unknown = app
        .put_plan(
            PLAN,
            &token,
            fixture("unreadable/unknown-field.json"),
            Some(&tag2),
        )
        .await;
    assert_eq!(unknown.status(), 422);
    let unknown: Value = unknown.json().await.unwrap();
    assert_eq!(unknown["code"], "unreadable-plan");
    assert!(unknown["details"]["line"].is_number(), "{unknown}");
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .starts_with("Planen kan ikke leses")
    );
    let other_year = app
        .put_plan(
            "/api/v1/programmes/fjordvik/plans/2028",
            &token,
            fixture("fjordvik-2027.json"),
            None,
        )
        .await;
    assert_eq!(other_year.status(), 422);
    assert_eq!(
        other_year.json::<Value>().await.unwrap()["code"],
        "year-mismatch"
    );

    // A plan with findings is accepted as a draft, with its check object.
    let with_errors = app
        .put_plan(
            "/api/v1/programmes/fjordvik/plans/2028",
            &token,
            fixture_for_year("invalid/shares-not-100.json", 2028),
            None,
        )
        .await;
    assert_eq!(with_errors.status(), 201);
    let errors_tag = etag(&with_errors);
    let with_errors: Value = with_errors.json().await.unwrap();
    assert_eq!(with_errors["check"]["ok"], false);

    // GET check follows the current body (checks are remembered by the body's SHA-256,
    // never by programme, year or version) and carries the plan's ETag.
    const PLAN_2028: &str = "/api/v1/programmes/fjordvik/plans/2028";
    for _ in 0..2 {
        let check = app.get(&format!("{PLAN_2028}/check"), &token).await;
        assert_eq!(check.status(), 200);
        assert_eq!(etag(&check), errors_tag);
        assert_eq!(check.json::<Value>().await.unwrap()["ok"], false);
    }
    let fixed = app
        .put_plan(
            PLAN_2028,
            &token,
            fixture_for_year("fjordvik-2027.json", 2028),
            Some(&errors_tag),
        )
        .await;
    assert_eq!(fixed.status(), 200);
    let fixed_tag = etag(&fixed);
    let check = app.get(&format!("{PLAN_2028}/check"), &token).await;
    assert_eq!(etag(&check), fixed_tag);
    let check: Value = check.json().await.unwrap();
    assert_eq!(check["ok"], true);
    let fixed_plan = plan::handlingsplan::file::read(
        &fixture_for_year("fjordvik-2027.json", 2028),
        plan::Syntax::Json,
    )
    .unwrap();
    assert_eq!(
        check,
        plan::handlingsplan::report::check_json(&plan::handlingsplan::evaluate(&fixed_plan))
    );

    // Versions and the plans list.
    let versions: Value = app.get_json(&format!("{PLAN}/versions"), &token).await;
    let numbers: Vec<_> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].clone())
        .collect();
    assert_eq!(numbers, [json!(1), json!(2)]);
    assert_eq!(versions[0]["author"], "editor");
    assert_eq!(versions[0]["status"], "draft");
    let v1 = app.get(&format!("{PLAN}/versions/1"), &token).await;
    assert_eq!(v1.status(), 200);
    assert_eq!(etag(&v1), tag1);
    assert_eq!(
        app.get(&format!("{PLAN}/versions/3"), &token)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("{PLAN}/versions/x"), &token)
            .await
            .status(),
        404
    );
    let plans: Value = app
        .get_json("/api/v1/programmes/fjordvik/plans", &token)
        .await;
    assert_eq!(plans.as_array().unwrap().len(), 2);
    assert_eq!(plans[0]["year"], 2027);
    assert_eq!(plans[0]["version"], 2);
    assert_eq!(
        app.get("/api/v1/programmes/fjordvik/plans/2029", &token)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get("/api/v1/programmes/fjordvik/plans/abc", &token)
            .await
            .status(),
        404
    );
}

async fn approvals_freeze_reopen_and_audit(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, editor) = app.programme_with_plan("fjordvik").await;
    let (board_user, board) = app.user("styreleder", None).await;
    app.member(&programme, &board_user, ProgrammeRole::Board)
        .await;
    let (viewer_user, viewer) = app.user("leser", None).await;
    app.member(&programme, &viewer_user, ProgrammeRole::Viewer)
        .await;
    let approvals = format!("{PLAN}/approvals");
    let board_step = json!({"step": "board", "date": "2026-12-04", "reference": "sak 21/39"});
    let council_step = json!({"step": "council", "date": "2027-01-28", "reference": "sak 7/27"});

    assert_eq!(
        app.post_json(&approvals, &viewer, board_step.clone())
            .await
            .status(),
        403
    );
    let early = app
        .post_json(&approvals, &editor, council_step.clone())
        .await;
    assert_eq!(early.status(), 409, "council before board");
    let bad_date = json!({"step": "board", "date": "2026-02-30", "reference": "x"});
    assert_eq!(
        app.post_json(&approvals, &board, bad_date).await.status(),
        422
    );
    let bad_step = json!({"step": "kommunestyre", "date": "2026-12-04"});
    assert_eq!(
        app.post_json(&approvals, &board, bad_step).await.status(),
        422
    );

    let recorded = app.post_json(&approvals, &board, board_step.clone()).await;
    assert_eq!(recorded.status(), 201);
    let recorded: Value = recorded.json().await.unwrap();
    assert_eq!(recorded["version"], 2);
    assert_eq!(recorded["status"], "board-approved");
    assert_eq!(recorded["board"]["reference"], "sak 21/39");
    let frozen = app.get(PLAN, &editor).await;
    let frozen_tag = etag(&frozen);
    let frozen: Value = frozen.json().await.unwrap();
    assert_eq!(frozen["approval"]["board"], "2026-12-04");
    let sha = recorded["sha256"].as_str().unwrap().to_owned();
    let body = app
        .get(&format!("{PLAN}/versions/2"), &editor)
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        store::sha256_hex(&body),
        sha,
        "the stored SHA-256 is of the stored bytes"
    );

    // Frozen: PUT is 409 even with the right ETag; the board step cannot be repeated.
    let put = app
        .put_plan(
            PLAN,
            &editor,
            fixture("fjordvik-2027.json"),
            Some(&frozen_tag),
        )
        .await;
    assert_eq!(put.status(), 409);
    let put = app
        .put_plan(PLAN, &editor, fixture("fjordvik-2027.json"), None)
        .await;
    assert_eq!(put.status(), 409);
    assert_eq!(put.json::<Value>().await.unwrap()["code"], "frozen");
    assert_eq!(
        app.post_json(&approvals, &board, board_step.clone())
            .await
            .status(),
        409
    );
    // The council step is the editor's, not the board member's.
    assert_eq!(
        app.post_json(&approvals, &board, council_step.clone())
            .await
            .status(),
        403
    );
    let approved = app
        .post_json(&approvals, &editor, council_step.clone())
        .await;
    assert_eq!(approved.status(), 201);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["board"]["date"], "2026-12-04");
    assert_eq!(approved["council"]["date"], "2027-01-28");
    assert_eq!(
        app.post_json(&approvals, &editor, council_step.clone())
            .await
            .status(),
        409
    );

    // Reopen: the editor's; a new draft that can be written.
    let reopen = format!("{PLAN}/reopen");
    assert_eq!(
        app.request(Method::POST, &reopen, Some(&board))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let reopened = app
        .request(Method::POST, &reopen, Some(&editor))
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.status(), 201);
    let tag4 = etag(&reopened);
    let reopened: Value = reopened.json().await.unwrap();
    assert_eq!(
        (reopened["version"].clone(), reopened["status"].clone()),
        (json!(4), json!("draft"))
    );
    assert_eq!(
        app.request(Method::POST, &reopen, Some(&editor))
            .send()
            .await
            .unwrap()
            .status(),
        409
    );
    let draft: Value = app.get_json(PLAN, &editor).await;
    assert!(
        draft
            .get("approval")
            .is_none_or(|a| a.get("board").is_none()),
        "{draft}"
    );
    let put = app
        .put_plan(PLAN, &editor, fixture("fjordvik-2027.json"), Some(&tag4))
        .await;
    assert_eq!(put.status(), 200);

    let versions: Value = app.get_json(&format!("{PLAN}/versions"), &viewer).await;
    let statuses: Vec<_> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        statuses,
        ["draft", "board-approved", "approved", "draft", "draft"]
    );

    // A plan with error findings cannot be approved.
    let year = "/api/v1/programmes/fjordvik/plans/2028";
    let put = app
        .put_plan(
            year,
            &editor,
            fixture_for_year("invalid/shares-not-100.json", 2028),
            None,
        )
        .await;
    assert_eq!(put.status(), 201);
    let refused = app
        .post_json(&format!("{year}/approvals"), &board, board_step.clone())
        .await;
    assert_eq!(refused.status(), 409);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["code"], "plan-has-errors");
    assert_eq!(refused["details"]["ok"], false);

    // The audit tells the whole story, readable by members, with versions before and after.
    let audit = app.get("/api/v1/audit?programme=fjordvik", &viewer).await;
    assert_eq!(audit.status(), 200);
    let audit: Value = audit.json().await.unwrap();
    let plan_entries: Vec<(String, Value, Value)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object"] == "plans/2027")
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["version_before"].clone(),
                e["version_after"].clone(),
            )
        })
        .collect();
    assert_eq!(
        plan_entries,
        [
            ("plan.create".to_owned(), Value::Null, json!(1)),
            ("plan.approve-board".to_owned(), json!(1), json!(2)),
            ("plan.approve-council".to_owned(), json!(2), json!(3)),
            ("plan.reopen".to_owned(), json!(3), json!(4)),
            ("plan.update".to_owned(), json!(4), json!(5)),
        ]
    );
    assert!(audit[0]["at"].as_str().unwrap().len() >= 20);
    assert_eq!(app.get("/api/v1/audit", &viewer).await.status(), 400);
}

async fn roles_and_visibility(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, editor) = app.programme_with_plan("fjordvik").await;
    let (_, outsider) = app.user("utenfor", None).await;
    let (viewer_user, viewer) = app.user("leser", None).await;
    app.member(&programme, &viewer_user, ProgrammeRole::Viewer)
        .await;
    let (_, observer) = app.user("innovasjon", Some(GlobalRole::Observer)).await;
    let (_, admin) = app.user("admin", Some(GlobalRole::Admin)).await;

    // No or wrong credentials: 401.
    for path in [
        "/api/v1/programmes",
        PLAN,
        "/api/v1/me",
        "/api/v1/audit?programme=fjordvik",
    ] {
        let response = app.request(Method::GET, path, None).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized");
        assert_eq!(app.get(path, "oms_wrong").await.status(), 401, "{path}");
    }
    assert_eq!(
        app.put_plan(PLAN, "oms_wrong", fixture("fjordvik-2027.json"), None)
            .await
            .status(),
        401
    );

    // Not a member: 404 for everything, the same as a programme that does not exist.
    let list: Value = app.get_json("/api/v1/programmes", &outsider).await;
    assert_eq!(list, json!([]));
    for path in [
        "/api/v1/programmes/fjordvik".to_owned(),
        "/api/v1/programmes/fjordvik/plans".to_owned(),
        PLAN.to_owned(),
        format!("{PLAN}/check"),
        format!("{PLAN}/versions"),
        format!("{PLAN}/versions/1"),
        format!("{PLAN}/document.html"),
        "/api/v1/audit?programme=fjordvik".to_owned(),
    ] {
        let hidden = app.get(&path, &outsider).await;
        assert_eq!(hidden.status(), 404, "{path}");
        let absent = app
            .get(&path.replace("fjordvik", "finnes-ikke"), &editor)
            .await;
        assert_eq!(absent.status(), 404, "{path}");
        assert_eq!(hidden.text().await.unwrap(), absent.text().await.unwrap());
    }
    assert_eq!(
        app.put_plan(PLAN, &outsider, fixture("fjordvik-2027.json"), None)
            .await
            .status(),
        404
    );
    let step = json!({"step": "board", "date": "2026-12-04", "reference": "x"});
    assert_eq!(
        app.post_json(&format!("{PLAN}/approvals"), &outsider, step.clone())
            .await
            .status(),
        404
    );

    // Readers read and may not write: 403.
    for token in [&viewer, &observer, &admin] {
        assert_eq!(app.get(PLAN, token).await.status(), 200);
        assert_eq!(app.get(&format!("{PLAN}/check"), token).await.status(), 200);
        let put = app
            .put_plan(PLAN, token, fixture("fjordvik-2027.json"), None)
            .await;
        assert_eq!(put.status(), 403);
        let put: Value = put.json().await.unwrap();
        assert!(
            put["message"]
                .as_str()
                .unwrap()
                .starts_with("Du har ikke tilgang")
        );
        assert_eq!(
            app.post_json(&format!("{PLAN}/approvals"), token, step.clone())
                .await
                .status(),
            403
        );
    }
    let seen: Value = app.get_json("/api/v1/programmes", &observer).await;
    assert_eq!(seen[0]["slug"], "fjordvik");
    assert_eq!(seen[0]["role"], "observer");
    assert_eq!(app.get("/api/v1/audit", &admin).await.status(), 200);
}

async fn login_sessions_csrf_and_rate_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let programme = app.programme("fjordvik").await;
    let user = app.user_with_password("kari", "riktig-passord").await;
    app.member(&programme, &user, ProgrammeRole::Editor).await;
    let login = |password: &'static str, cookie: Option<String>| {
        let app = app.clone();
        async move {
            let mut request = app
                .request(Method::POST, "/api/v1/login", None)
                .json(&json!({"name": "kari", "password": password}));
            if let Some(cookie) = cookie {
                request = request.header("Cookie", cookie);
            }
            request.send().await.unwrap()
        }
    };
    let cookie_of = |response: &reqwest::Response| -> String {
        let set = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(set.contains("HttpOnly"), "{set}");
        assert!(set.contains("SameSite=Lax"), "{set}");
        set.split(';').next().unwrap().to_owned()
    };

    assert_eq!(login("feil", None).await.status(), 401);
    let ok = login("riktig-passord", None).await;
    assert_eq!(ok.status(), 200);
    let cookie = cookie_of(&ok);
    let body: Value = ok.json().await.unwrap();
    let csrf = body["csrf_token"].as_str().unwrap().to_owned();
    assert_eq!(body["user"]["name"], "kari");

    let with_cookie = |method: Method, path: &str| {
        app.request(method, path, None)
            .header("Cookie", cookie.clone())
    };
    assert_eq!(
        with_cookie(Method::GET, "/api/v1/programmes")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let me: Value = with_cookie(Method::GET, "/api/v1/me")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["csrf_token"], csrf);

    // State-changing requests with the cookie need the CSRF token.
    let no_csrf = with_cookie(Method::PUT, PLAN)
        .body(fixture("fjordvik-2027.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), 403);
    assert_eq!(no_csrf.json::<Value>().await.unwrap()["code"], "csrf");
    let wrong = with_cookie(Method::PUT, PLAN)
        .header("X-CSRF-Token", "wrong")
        .body(fixture("fjordvik-2027.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let form = with_cookie(Method::POST, &format!("{PLAN}/reopen"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={csrf}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        form.status(),
        404,
        "the form's token passes the guard; there is no plan yet"
    );
    let with_csrf = with_cookie(Method::PUT, PLAN)
        .header("X-CSRF-Token", &csrf)
        .body(fixture("fjordvik-2027.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(with_csrf.status(), 201);
    // Reads with the cookie: the plan, its check, If-None-Match.
    let got = with_cookie(Method::GET, PLAN).send().await.unwrap();
    assert_eq!(got.status(), 200);
    let tag = got.headers()["etag"].to_str().unwrap().to_owned();
    let check = with_cookie(Method::GET, &format!("{PLAN}/check"))
        .send()
        .await
        .unwrap();
    assert_eq!(check.status(), 200);
    assert_eq!(check.headers()["etag"], tag.as_str());
    assert_eq!(check.json::<Value>().await.unwrap()["ok"], true);
    let unchanged = with_cookie(Method::GET, PLAN)
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), 304);
    assert_eq!(
        with_cookie(Method::GET, "/api/v1/programmes/fjordvik/plans/2031/check")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // A new login gets a new session id and ends the old session.
    let again = login("riktig-passord", Some(cookie.clone())).await;
    assert_eq!(again.status(), 200);
    let new_cookie = cookie_of(&again);
    assert_ne!(new_cookie, cookie);
    assert_eq!(
        with_cookie(Method::GET, "/api/v1/programmes")
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let new_csrf = again.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let logout = app
        .request(Method::POST, "/api/v1/logout", None)
        .header("Cookie", &new_cookie)
        .header("X-CSRF-Token", &new_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 204);
    let after = app
        .request(Method::GET, "/api/v1/programmes", None)
        .header("Cookie", &new_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), 401);

    // Failed logins are limited per name: after 5, even the right password is refused.
    for _ in 0..5 {
        assert_eq!(login("feil", None).await.status(), 401);
    }
    let limited = login("riktig-passord", None).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    let limited: Value = limited.json().await.unwrap();
    assert!(limited["message"].as_str().unwrap().contains("For mange"));
}

async fn documents(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = app.programme_with_plan("fjordvik").await;
    for (ext, media) in [("html", "text/html"), ("md", "text/markdown")] {
        let response = app.get(&format!("{PLAN}/document.{ext}"), &token).await;
        assert_eq!(response.status(), 200, "{ext}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(media)
        );
        let text = response.text().await.unwrap();
        assert!(text.contains("Handlingsplan 2027"), "{ext}");
    }
    for (ext, magic) in [
        ("docx", &b"PK"[..]),
        ("xlsx", &b"PK"[..]),
        ("pdf", &b"%PDF"[..]),
    ] {
        let response = app.get(&format!("{PLAN}/document.{ext}"), &token).await;
        match response.status().as_u16() {
            200 => assert!(response.bytes().await.unwrap().starts_with(magic), "{ext}"),
            404 => {
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["code"], "format-not-available", "{ext}");
                assert!(
                    body["message"]
                        .as_str()
                        .unwrap()
                        .contains("ikke tilgjengelig"),
                    "{ext}"
                );
            }
            other => panic!("document.{ext}: {other}"),
        }
    }
    assert_eq!(
        app.get(&format!("{PLAN}/document.exe"), &token)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("{PLAN}/nothing"), &token).await.status(),
        404
    );
}

async fn openapi_describes_every_route(backend: Backend) {
    let app: TestApp = spawn_app(backend).await;
    let response = app
        .request(Method::GET, "/api/v1/openapi.json", None)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    for path in [
        "/api/v1/login",
        "/api/v1/programmes",
        "/api/v1/programmes/{slug}/plans",
        "/api/v1/programmes/{slug}/plans/{year}",
        "/api/v1/programmes/{slug}/plans/{year}/check",
        "/api/v1/programmes/{slug}/plans/{year}/approvals",
        "/api/v1/programmes/{slug}/plans/{year}/reopen",
        "/api/v1/programmes/{slug}/plans/{year}/versions",
        "/api/v1/programmes/{slug}/plans/{year}/versions/{version}",
        "/api/v1/programmes/{slug}/plans/{year}/versions/{version}/archive.zip",
        "/api/v1/audit",
        "/api/v1/me/tokens",
        "/api/v1/me/tokens/{id}",
        "/api/v1/programmes/{slug}/calendar.ics",
        "/api/v1/programmes/{slug}/year-wheel/{year}",
        "/api/v1/me/calendar-token",
        "/calendar/{token}.ics",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is not described");
    }
}

/// A slug is parsed once, where the address comes in: text that cannot be a slug answers
/// exactly as a slug nobody has (404 `programmet`), on the generic routes, the fast read
/// path and the programme's own route, never a 400 or a 500.
async fn a_slug_that_cannot_be_one_is_the_same_404_as_one_nobody_has(backend: Backend) {
    let app = spawn_app(backend).await;
    let programme = app.programme("fjordvik").await;
    let (editor, token) = app.user("editor", None).await;
    app.member(&programme, &editor, ProgrammeRole::Editor).await;
    let long = "a".repeat(61);
    for route in [
        "",
        "/plans",
        "/plans/2027",
        "/plans/2027/check",
        "/omstillingsplan",
    ] {
        let unknown = app
            .get(&format!("/api/v1/programmes/finnes-ikke{route}"), &token)
            .await;
        assert_eq!(unknown.status(), 404, "{route}");
        let expected: Value = unknown.json().await.unwrap();
        for slug in [
            "Fjordvik",
            "fjordvik%20",
            "-fjordvik",
            "fj%C3%B8rdvik",
            long.as_str(),
        ] {
            let path = format!("/api/v1/programmes/{slug}{route}");
            let got = app.get(&path, &token).await;
            assert_eq!(got.status(), 404, "{path}");
            let body: Value = got.json().await.unwrap();
            assert_eq!(body, expected, "{path}");
        }
    }
}

macro_rules! api_suite {
    ($module:ident, $backend:expr) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn plans_put_get_etag_versions() {
                super::plans_put_get_etag_versions($backend).await;
            }
            #[tokio::test]
            async fn approvals_freeze_reopen_and_audit() {
                super::approvals_freeze_reopen_and_audit($backend).await;
            }
            #[tokio::test]
            async fn roles_and_visibility() {
                super::roles_and_visibility($backend).await;
            }
            #[tokio::test]
            async fn login_sessions_csrf_and_rate_limit() {
                super::login_sessions_csrf_and_rate_limit($backend).await;
            }
            #[tokio::test]
            async fn documents() {
                super::documents($backend).await;
            }
            #[tokio::test]
            async fn a_slug_that_cannot_be_one_is_the_same_404_as_one_nobody_has() {
                super::a_slug_that_cannot_be_one_is_the_same_404_as_one_nobody_has($backend).await;
            }
            #[tokio::test]
            async fn openapi_describes_every_route() {
                super::openapi_describes_every_route($backend).await;
            }
        }
    };
}

api_suite!(sqlite, Backend::Sqlite);
api_suite!(postgres, Backend::Postgres);
