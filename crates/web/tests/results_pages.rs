//! The results registry's pages and its bridges to the plan (issue 13), on SQLite and
//! PostgreSQL, as a browser without JavaScript uses them (cookies, CSRF, forms,
//! multipart upload): the results page linked from the programme, add / change /
//! delete with confirmation, the CSV upload's preview (every error on its line; the
//! rows to add and the duplicates) and its confirmation, the read-only view of a
//! viewer; the editor's "Hent resultater fra registeret" saving the records as a new
//! version; the warning `results-registry-differs` in the API's check and the editor;
//! and the XLSX export read back by LibreOffice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, Upload, hidden, pairs};
use common::{Backend, TestApp, etag, spawn_app};
use serde_json::Value;
use store::ProgrammeRole;

const RESULT_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/results-fixtures"
);

fn csv(name: &str) -> Vec<u8> {
    std::fs::read(format!("{RESULT_FIXTURES}/{name}")).unwrap()
}

/// The CSV file part of the results page's upload form.
fn csv_file(bytes: &[u8]) -> Upload<'_> {
    Upload {
        field: "file",
        file_name: "resultater.csv",
        media_type: "text/csv",
        bytes,
    }
}

async fn rows(app: &TestApp, token: &str) -> Vec<Value> {
    app.get_json("/api/v1/programmes/fjordvik/results", token)
        .await["rows"]
        .as_array()
        .unwrap()
        .clone()
}

/// An editor and a viewer who log in with passwords, and the Fjordvik 2027 plan.
async fn setup(app: &TestApp) -> (Browser, Browser, String) {
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    let editor = app
        .user_with_password("redaktor", "lang-nok-passord-1")
        .await;
    app.member(&programme, &editor, ProgrammeRole::Editor).await;
    let viewer = app.user_with_password("leser", "lang-nok-passord-2").await;
    app.member(&programme, &viewer, ProgrammeRole::Viewer).await;
    (
        Browser::login(app, "redaktor", "lang-nok-passord-1").await,
        Browser::login(app, "leser", "lang-nok-passord-2").await,
        token,
    )
}

async fn the_results_page_adds_changes_deletes_and_imports(backend: Backend) {
    let app = spawn_app(backend).await;
    let (editor, viewer, token) = setup(&app).await;

    let (status, page) = editor.get("/programmes/fjordvik").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/programmes/fjordvik/results\""),
        "linked from the programme"
    );
    let (status, page) = editor.get("/programmes/fjordvik/results").await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Resultater</h1>"));
    assert!(page.contains("enctype=\"multipart/form-data\""));

    // Add: an error on its field, nothing stored; then a row that follows the rules.
    let bad = pairs(&[
        ("date", "31.02.2026"),
        ("focus_area", "Bærekraft"),
        ("org_number", "923609017"),
        ("new_jobs", "2"),
    ]);
    let (status, _, page) = editor.post("/programmes/fjordvik/results", &bad).await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"add-date-error\""), "{page}");
    assert!(page.contains("id=\"add-org_number-error\""));
    assert!(
        page.contains("value=\"923609017\""),
        "the form keeps what was typed"
    );
    assert!(rows(&app, &token).await.is_empty());
    let good = pairs(&[
        ("date", "14.03.2026"),
        ("focus_area", "bærekraft"),
        ("organisation", "Fjordvik Hamn <KF>"),
        ("org_number", "923 609 016"),
        ("new_jobs", "2"),
        ("granted_amount", "1 250 000 kr"),
    ]);
    let (status, location, _) = editor.post("/programmes/fjordvik/results", &good).await;
    assert_eq!(status, 303);
    assert_eq!(location, "/programmes/fjordvik/results?done=added");
    let stored = rows(&app, &token).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["focus_area"], "Bærekraft");
    assert_eq!(stored[0]["granted_amount"], 1_250_000);
    let id = stored[0]["id"].as_i64().unwrap();
    let (_, page) = editor.get("/programmes/fjordvik/results?done=added").await;
    assert!(page.contains("Raden er lagt til."));
    assert!(
        page.contains("Fjordvik Hamn &lt;KF&gt;") || page.contains("Fjordvik Hamn &#60;KF&#62;"),
        "escaped"
    );
    assert!(page.contains("1\u{a0}250\u{a0}000"), "kroner grouped");
    // The same row again is a duplicate.
    let (status, _, page) = editor.post("/programmes/fjordvik/results", &good).await;
    assert_eq!(status, 409);
    assert!(page.contains("En helt lik rad finnes allerede."));

    // Change inline.
    let (status, page) = editor
        .get(&format!("/programmes/fjordvik/results?edit={id}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("action=\"/programmes/fjordvik/results/{id}\"")));
    assert!(page.contains("form=\"edit-row\""));
    let mut changed = good.clone();
    changed[4].1 = "5".into();
    let (status, location, _) = editor
        .post(&format!("/programmes/fjordvik/results/{id}"), &changed)
        .await;
    assert_eq!(status, 303, "{location}");
    assert_eq!(rows(&app, &token).await[0]["new_jobs"], 5);
    let mut wrong = changed.clone();
    wrong[4].1 = "fem".into();
    let (status, _, page) = editor
        .post(&format!("/programmes/fjordvik/results/{id}"), &wrong)
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("id=\"edit-new_jobs-error\""));

    // The viewer reads and cannot write.
    let (status, page) = viewer.get("/programmes/fjordvik/results").await;
    assert_eq!(status, 200);
    assert!(page.contains("Fjordvik Hamn"));
    assert!(
        !page.contains("method=\"post\" action=\"/programmes/fjordvik/results\""),
        "no add form"
    );
    assert!(!page.contains("/delete\""));
    let (status, _, _) = viewer.post("/programmes/fjordvik/results", &good).await;
    assert_eq!(status, 403);
    let (status, _, _) = viewer
        .post(&format!("/programmes/fjordvik/results/{id}/delete"), &[])
        .await;
    assert_eq!(status, 403);

    // Delete with confirmation.
    let (status, page) = editor
        .get(&format!("/programmes/fjordvik/results/{id}/delete"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Ja, slett raden"));
    assert_eq!(rows(&app, &token).await.len(), 1, "asking deletes nothing");
    let (status, _, _) = editor
        .post(&format!("/programmes/fjordvik/results/{id}/delete"), &[])
        .await;
    assert_eq!(status, 303);
    assert!(rows(&app, &token).await.is_empty());

    // Upload without the CSRF token: refused before the handler.
    let (status, _, _) = editor
        .upload(
            "/programmes/fjordvik/results/import",
            &[],
            csv_file(&csv("excel-cp1252.csv")),
        )
        .await;
    assert_eq!(status, 403);
    // A file with errors: every error on its line, nothing to confirm, nothing stored.
    let csrf = editor.csrf().await;
    let (status, _, page) = editor
        .upload(
            "/programmes/fjordvik/results/import",
            &[("csrf_token", csrf.as_str())],
            csv_file(&csv("errors.csv")),
        )
        .await;
    assert_eq!(status, 422);
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{RESULT_FIXTURES}/errors.expected.json")).unwrap(),
    )
    .unwrap();
    for error in expected["errors"].as_array().unwrap() {
        let line = error["line"].as_i64().unwrap();
        assert!(
            page.contains(&format!("<th scope=\"row\" class=\"num\">{line}</th>")),
            "line {line} shown"
        );
    }
    // Every error has its row (the expected file lists (line, code) pairs as a set).
    assert!(
        page.matches("<tr><th scope=\"row\"").count()
            >= expected["errors"].as_array().unwrap().len()
    );
    assert!(hidden(&page, "file").is_none());
    assert!(rows(&app, &token).await.is_empty());

    // The Windows-1252 file: preview, confirm, stored once; again: all duplicates.
    let (status, _, page) = editor
        .upload(
            "/programmes/fjordvik/results/import",
            &[("csrf_token", csrf.as_str())],
            csv_file(&csv("excel-cp1252.csv")),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("2 nye rader, 0 like rader hoppes over"),
        "{page}"
    );
    assert!(page.contains("Grønn havn"), "æøå intact");
    assert!(
        rows(&app, &token).await.is_empty(),
        "a preview stores nothing"
    );
    let file = hidden(&page, "file").expect("the file to confirm");
    let (status, location, _) = editor
        .post(
            "/programmes/fjordvik/results/import/confirm",
            &[("file".into(), file.clone())],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(location, "/programmes/fjordvik/results?done=imported-2-0");
    assert_eq!(rows(&app, &token).await.len(), 2);
    let (_, page) = editor.get(&location).await;
    assert!(page.contains("2 rader er importert"));
    let (status, _, page) = editor
        .upload(
            "/programmes/fjordvik/results/import",
            &[("csrf_token", csrf.as_str())],
            csv_file(&csv("excel-cp1252.csv")),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("0 nye rader, 2 like rader hoppes over"),
        "{page}"
    );
    let (status, _, _) = editor
        .post(
            "/programmes/fjordvik/results/import/confirm",
            &[("file".into(), file)],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        rows(&app, &token).await.len(),
        2,
        "importing twice adds nothing"
    );

    // Filters and sums.
    let (_, page) = editor
        .get("/programmes/fjordvik/results?year=2025&area=B%C3%A6rekraft")
        .await;
    assert_eq!(page.matches("<tr id=\"row-").count(), 1);
    let (_, page) = editor.get("/programmes/fjordvik/results?year=2026").await;
    assert_eq!(page.matches("<tr id=\"row-").count(), 0);
}

async fn fetching_results_saves_the_records_and_the_check_warns_until_then(backend: Backend) {
    let app = spawn_app(backend).await;
    let (editor, _, token) = setup(&app).await;
    let check_codes = |check: &Value| -> Vec<String> {
        check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let check_path = "/api/v1/programmes/fjordvik/plans/2027/check";
    // The check as a client that caches it asks again: its status, ETag and body.
    let conditional = |tag: Option<String>| {
        let app = app.clone();
        let token = token.clone();
        async move {
            let mut request = app.request(reqwest::Method::GET, check_path, Some(&token));
            if let Some(tag) = tag {
                request = request.header("If-None-Match", tag);
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let tag = etag(&response);
            let body = response.text().await.unwrap();
            (status, tag, body)
        }
    };
    // No rows: nothing to compare.
    let check = app.get_json(check_path, &token).await;
    assert!(!check_codes(&check).contains(&"results-registry-differs".to_owned()));
    let (_, before_import, _) = conditional(None).await;
    assert_eq!(conditional(Some(before_import.clone())).await.0, 304);

    let response = app
        .request(
            reqwest::Method::POST,
            "/api/v1/programmes/fjordvik/results/import",
            Some(&token),
        )
        .header("Content-Type", "text/csv")
        .body(csv("excel-cp1252.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let check = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027/check", &token)
        .await;
    let finding = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "results-registry-differs")
        .expect("the registry differs from the plan's 1.1")
        .clone();
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["path"], "previous_results.records");
    // The plan did not change but its check did: the copy from before the import is
    // stale (no 304, a new ETag); the new copy is current.
    let (status, after_import, body) = conditional(Some(before_import.clone())).await;
    assert_eq!(status, 200);
    assert_ne!(after_import, before_import);
    assert!(body.contains("results-registry-differs"));
    assert_eq!(conditional(Some(after_import.clone())).await.0, 304);
    let warning = "Resultatene i 1.1 er ikke de samme som resultatregisteret";
    let (_, page) = editor.get("/programmes/fjordvik/plans/2027").await;
    assert!(page.contains("Hent resultater fra registeret"));
    assert!(page.contains(warning), "in the findings panel");

    // A save that does not go through (an unreadable budget) shows the editor again,
    // and the warning with it.
    let stored: Value = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027", &token)
        .await;
    let stored = plan::handlingsplan::file::read(&stored.to_string(), plan::Syntax::Json).unwrap();
    let mut invalid: Vec<(String, String)> =
        web::ui::fields::from_plan(&stored).into_iter().collect();
    let budget = invalid
        .iter_mut()
        .find(|(key, _)| key.ends_with(".budget"))
        .expect("a project's budget in the form");
    budget.1 = "mange penger".into();
    invalid.push(("base_version".into(), "1".into()));
    let (status, _, page) = editor
        .post("/programmes/fjordvik/plans/2027", &invalid)
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("mange penger"), "what was typed is kept");
    assert!(page.contains(warning), "the warning after a failed save");

    // The button: the whole form as the page posts it, with op=fetch-results.
    let plan: Value = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027", &token)
        .await;
    let plan = plan::handlingsplan::file::read(&plan.to_string(), plan::Syntax::Json).unwrap();
    let versions_before = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027/versions", &token)
        .await;
    let version_before = versions_before.as_array().unwrap().len();
    let mut form: Vec<(String, String)> = web::ui::fields::from_plan(&plan).into_iter().collect();
    form.push(("base_version".into(), version_before.to_string()));
    form.push(("op".into(), "fetch-results".into()));
    let (status, location, _) = editor.post("/programmes/fjordvik/plans/2027", &form).await;
    assert_eq!(status, 303);
    let saved = version_before + 1;
    assert!(
        location.starts_with(&format!(
            "/programmes/fjordvik/plans/2027?saved={saved}&fetched=1"
        )),
        "{location}"
    );
    let (_, page) = editor.get(&location).await;
    assert!(page.contains(&format!(
        "Resultatene er hentet fra registeret og lagret som versjon {saved}."
    )));
    let stored: Value = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027", &token)
        .await;
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{RESULT_FIXTURES}/excel-cp1252.expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(stored["previous_results"]["records"], expected["records"]);
    assert_eq!(
        stored["previous_results"]["summary"],
        serde_json::to_value(
            plan.previous_results
                .as_ref()
                .and_then(|p| p.summary.clone())
        )
        .unwrap(),
        "the summary text is kept"
    );
    // The version history has the fetch as its own version, with its time.
    let versions = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027/versions", &token)
        .await;
    assert_eq!(versions.as_array().unwrap().len(), saved);
    let check = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027/check", &token)
        .await;
    assert!(!check_codes(&check).contains(&"results-registry-differs".to_owned()));

    // A row changes, the plan does not: the check warns again, and the copy from before
    // the change is not answered 304.
    let (_, fetched, _) = conditional(None).await;
    assert_eq!(conditional(Some(fetched.clone())).await.0, 304);
    let row = rows(&app, &token).await[0].clone();
    let mut body = serde_json::Map::new();
    for (key, value) in row.as_object().unwrap() {
        if !["id", "created_at", "updated_at"].contains(&key.as_str()) {
            body.insert(key.clone(), value.clone());
        }
    }
    body["new_jobs"] = (row["new_jobs"].as_i64().unwrap() + 7).into();
    let response = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/programmes/fjordvik/results/{}", row["id"]),
            Some(&token),
        )
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (status, changed, body) = conditional(Some(fetched.clone())).await;
    assert_eq!(status, 200);
    assert_ne!(changed, fetched);
    assert!(body.contains("results-registry-differs"));
    let (_, page) = editor.get("/programmes/fjordvik/plans/2027").await;
    assert!(page.contains(warning), "the editor warns again");
}

/// A user who reads nynorsk gets the results pages, their notices, the preview and the
/// field errors in nynorsk, with no bokmål text left over.
async fn the_results_pages_speak_nynorsk(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let user = app
        .user_with_password("nynorsk", "lang-nok-passord-3")
        .await;
    app.member(&programme, &user, ProgrammeRole::Editor).await;
    app.store
        .set_language(user.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let browser = Browser::login(&app, "nynorsk", "lang-nok-passord-3").await;
    let bokmal_only = [
        "Resultatene programmet",
        "Legg til en rad",
        "Importer fra regneark",
        "Raden er",
        "Raden ble ikke lagret",
        "Fila kan importeres",
        "Slette raden",
        "finnes ikke",
    ];
    let check = |page: &str, what: &str| {
        assert!(page.contains("<html lang=\"nn\""), "{what}: lang");
        for text in bokmal_only {
            assert!(!page.contains(text), "{what}: bokmål «{text}» in nynorsk");
        }
    };
    let (status, page) = browser.get("/programmes/fjordvik/results").await;
    assert_eq!(status, 200);
    check(&page, "the results page");
    assert!(page.contains("Legg til ei rad") && page.contains("Importer frå rekneark (CSV)"));

    // A row with an impossible date: the field's message in nynorsk.
    let row = |date: &str| {
        pairs(&[
            ("date", date),
            ("focus_area", "Bærekraft"),
            ("new_jobs", "2"),
        ])
    };
    let (status, _, page) = browser
        .post("/programmes/fjordvik/results", &row("31.02.2026"))
        .await;
    assert_eq!(status, 422);
    check(&page, "a row with an error");
    assert!(page.contains("Rada vart ikkje lagra") && page.contains("finst ikkje"));
    let (status, location, _) = browser
        .post("/programmes/fjordvik/results", &row("14.03.2026"))
        .await;
    assert_eq!(status, 303);
    let (_, page) = browser.get(&location).await;
    check(&page, "after adding");
    assert!(page.contains("Rada er lagd til."));
    // The editor of the (bokmål) plan warns that 1.1 differs from the registry in the
    // page's nynorsk.
    let (status, page) = browser.get("/programmes/fjordvik/plans/2027").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Resultata i 1.1 er ikkje dei same som resultatregisteret"),
        "the registry's warning in nynorsk"
    );
    assert!(!page.contains("Resultatene i 1.1 er ikke de samme"));

    // The upload's preview, and the delete confirmation.
    let csrf = browser.csrf().await;
    let (status, _, page) = browser
        .upload(
            "/programmes/fjordvik/results/import",
            &[("csrf_token", csrf.as_str())],
            csv_file(&csv("excel-cp1252.csv")),
        )
        .await;
    assert_eq!(status, 200);
    check(&page, "the preview");
    assert!(page.contains("Fila kan importerast"), "{page}");
    let id = app
        .store
        .results(programme.id, &Default::default())
        .await
        .unwrap()[0]
        .id;
    let (status, page) = browser
        .get(&format!("/programmes/fjordvik/results/{id}/delete"))
        .await;
    assert_eq!(status, 200);
    check(&page, "the delete confirmation");
    assert!(page.contains("Slette rada?"));
}

/// A spreadsheet larger than an ordinary form (2 MiB): its preview and its
/// confirmation (the file base64 in the form) go through, and every row is stored.
async fn a_large_file_is_previewed_and_confirmed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (editor, _, token) = setup(&app).await;
    let rows_in_file = 25_000;
    let mut file =
        String::from("dato;innsatsområde;prosjekt;nye_arbeidsplasser;innvilget_beløp;merknad\r\n");
    for n in 0..rows_in_file {
        file.push_str(&format!(
            "{}.{}.2025;Bærekraft;\"Prosjekt {n}; stort\";{};{} kr;rad {n} i et stort regneark fra Excel\r\n",
            1 + n % 28,
            1 + n % 12,
            n % 4,
            n * 100
        ));
    }
    assert!(file.len() > 2 * 1024 * 1024, "{}", file.len());
    let csrf = editor.csrf().await;
    let (status, _, page) = editor
        .upload(
            "/programmes/fjordvik/results/import",
            &[("csrf_token", csrf.as_str())],
            csv_file(file.as_bytes()),
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!(
            "{} nye rader, 0 like rader",
            plan::norwegian::integer(rows_in_file)
        )),
        "the preview counts every row"
    );
    let confirm = hidden(&page, "file").expect("the file to confirm");
    let (status, location, body) = editor
        .post(
            "/programmes/fjordvik/results/import/confirm",
            &[("file".into(), confirm)],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(
        location,
        format!("/programmes/fjordvik/results?done=imported-{rows_in_file}-0")
    );
    assert_eq!(rows(&app, &token).await.len(), rows_in_file as usize);
}

async fn the_xlsx_export_reads_back_in_libreoffice(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = app.programme_with_plan("fjordvik").await;
    let response = app
        .request(
            reqwest::Method::POST,
            "/api/v1/programmes/fjordvik/results/import",
            Some(&token),
        )
        .header("Content-Type", "text/csv")
        .body(csv("fjordvik-2025-2026.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut hostile = serde_json::json!({"date": "2026-01-02", "focus_area": "Bærekraft",
        "project": "=HYPERLINK(\"http://x\")", "note": "+1; «æøå»"});
    let response = app
        .post_json(
            "/api/v1/programmes/fjordvik/results",
            &token,
            hostile.take(),
        )
        .await;
    assert_eq!(response.status(), 201);
    let response = app
        .get("/api/v1/programmes/fjordvik/results/export.xlsx", &token)
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = response.bytes().await.unwrap();
    let dir = std::env::temp_dir().join(format!(
        "omstilling-results-xlsx-{}-{backend:?}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("profile")).unwrap();
    std::fs::write(dir.join("resultater.xlsx"), &bytes).unwrap();
    // LibreOffice saves the sheet as CSV (semicolon, UTF-8, cells as shown) ...
    let output = std::process::Command::new("soffice")
        .args([
            &format!(
                "-env:UserInstallation=file://{}",
                dir.join("profile").display()
            ),
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false",
            "--outdir",
            &dir.to_string_lossy(),
            &dir.join("resultater.xlsx").to_string_lossy(),
        ])
        .output()
        .expect("soffice runs (install it with .ci/install.d/40-pdf.sh)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read(dir.join("resultater.csv")).unwrap();
    // ... and that file imports as exactly the stored rows: all duplicates.
    let stored = rows(&app, &token).await;
    let response = app
        .request(
            reqwest::Method::POST,
            "/api/v1/programmes/fjordvik/results/import?dry_run=true",
            Some(&token),
        )
        .header("Content-Type", "text/csv")
        .body(text.clone())
        .send()
        .await
        .unwrap();
    let report: Value = response.json().await.unwrap();
    assert_eq!(
        report["ok"],
        true,
        "{report}\n{}",
        String::from_utf8_lossy(&text)
    );
    assert_eq!(report["rows"].as_u64().unwrap() as usize, stored.len());
    assert_eq!(report["added"], 0, "{report}");
    let text = String::from_utf8_lossy(&text);
    assert!(
        text.contains("=HYPERLINK(\"\"http://x\"\")"),
        "a formula-like text stays text: {text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
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
    the_results_page_adds_changes_deletes_and_imports,
    fetching_results_saves_the_records_and_the_check_warns_until_then,
    a_large_file_is_previewed_and_confirmed,
    the_results_pages_speak_nynorsk,
    the_xlsx_export_reads_back_in_libreoffice,
);
