//! The Word import through the API and the pages, on SQLite and PostgreSQL (issue 15):
//! a dry run answers the findings, the typed sums beside the computed ones and the check
//! and stores nothing; a save creates the year's draft, and over an existing year needs
//! `If-Match` like any `PUT`; the access rules of saving; hostile documents (zip bomb,
//! deep nesting, external entities, a huge table, garbage) get a clear 422 quickly; an
//! oversized body is 413 before it is read. The pages: the programme's link, the upload
//! form (multipart, CSRF), the preview with the typed sums beside the computed tables,
//! the save, and the case where the plan moved on since the preview.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;

use common::browser::{Browser, Upload};
use common::{Backend, TestApp, etag, spawn_app, spawn_app_with};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;
use store::{GlobalRole, ProgrammeRole};

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const IMPORT_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/import-fixtures"
);
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx(name: &str) -> Vec<u8> {
    let path = format!("{IMPORT_FIXTURES}/{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

async fn import(
    app: &TestApp,
    token: Option<&str>,
    year: i32,
    query: &str,
    body: Vec<u8>,
) -> Response {
    import_with(app, token, year, query, body, None).await
}

async fn import_with(
    app: &TestApp,
    token: Option<&str>,
    year: i32,
    query: &str,
    body: Vec<u8>,
    if_match: Option<&str>,
) -> Response {
    let mut request = app
        .request(
            Method::POST,
            &format!("/api/v1/programmes/fjordvik/plans/{year}/import{query}"),
            token,
        )
        .header("Content-Type", DOCX_TYPE)
        .body(body);
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    request.send().await.unwrap()
}

async fn editor(app: &TestApp) -> (store::Programme, String) {
    let programme = app.programme("fjordvik").await;
    let (user, token) = app.user("redaktor", None).await;
    app.member(&programme, &user, ProgrammeRole::Editor).await;
    (programme, token)
}

async fn dry_run_stores_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = editor(&app).await;
    let response = import(
        &app,
        Some(&token),
        2027,
        "?dry_run=true",
        docx("fjordvik-sum-errors.docx"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["year"], 2027);
    assert_eq!(report["current"], Value::Null);
    assert_eq!(report["plan"]["year"], 2027);
    assert_eq!(report["plan"]["programme"]["name"], "Fjordvik Vekst");

    // The findings: the wrong sums, each with a place a person can find in Word.
    let findings = report["findings"].as_array().unwrap();
    let differs: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "import-sum-differs")
        .collect();
    assert!(!differs.is_empty(), "{findings:?}");
    for finding in &differs {
        assert_eq!(finding["severity"], "warning");
        assert!(
            finding["where"].as_str().unwrap().contains("tabell"),
            "{finding}"
        );
    }
    // Every typed sum beside the computed one; the differing ones are the findings.
    let sums = report["sums"].as_array().unwrap();
    assert!(sums.len() > 10, "{sums:?}");
    let wrong: Vec<&Value> = sums.iter().filter(|s| s["differs"] == true).collect();
    assert_eq!(wrong.len(), differs.len(), "{wrong:?}");
    for sum in &wrong {
        assert_ne!(sum["typed"], sum["computed"]);
        assert!(differs.iter().any(|f| f["where"] == sum["where"]), "{sum}");
    }
    assert!(
        sums.iter()
            .any(|s| s["differs"] == false && s["typed"] == s["computed"])
    );
    // The computed totals of the imported plan.
    let totals = &report["check"]["totals"];
    assert!(totals["total_cost"].as_i64().unwrap() > 0, "{totals}");
    assert_eq!(totals["focus_areas"].as_array().unwrap().len(), 5);

    // Nothing was stored.
    let plans = app
        .get_json("/api/v1/programmes/fjordvik/plans", &token)
        .await;
    assert_eq!(plans, Value::Array(Vec::new()));
    let response = app
        .get("/api/v1/programmes/fjordvik/plans/2027", &token)
        .await;
    assert_eq!(response.status(), 404);
    assert!(
        app.store
            .audit(None)
            .await
            .unwrap()
            .iter()
            .all(|e| !e.action.starts_with("handlingsplan"))
    );
}

async fn save_creates_a_draft_then_versions_with_if_match(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = editor(&app).await;
    let preview: Value = import(
        &app,
        Some(&token),
        2027,
        "?dry_run=true",
        docx("fjordvik-template.docx"),
    )
    .await
    .json()
    .await
    .unwrap();

    // A new year: 201, Location, the version, its check and the import's findings.
    let response = import(&app, Some(&token), 2027, "", docx("fjordvik-template.docx")).await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.headers()["location"],
        "/api/v1/programmes/fjordvik/plans/2027"
    );
    let first = etag(&response);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["version"], 1);
    assert_eq!(body["status"], "draft");
    assert!(body["check"]["totals"].is_object());
    assert!(body["import"]["findings"].is_array());
    assert!(!body["import"]["sums"].as_array().unwrap().is_empty());
    // What is stored is the previewed plan.
    let stored = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027", &token)
        .await;
    assert_eq!(stored, preview["plan"]);

    // The year has a plan now: a dry run names its version …
    let again: Value = import(
        &app,
        Some(&token),
        2027,
        "?dry_run=true",
        docx("fjordvik-sum-errors.docx"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(again["current"]["version"], 1);
    assert_eq!(again["current"]["etag"], first.as_str());
    // … and a save needs If-Match, the current one.
    let response = import(
        &app,
        Some(&token),
        2027,
        "",
        docx("fjordvik-sum-errors.docx"),
    )
    .await;
    assert_eq!(response.status(), 428);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "precondition-required", "{error}");
    let response = import_with(
        &app,
        Some(&token),
        2027,
        "",
        docx("fjordvik-sum-errors.docx"),
        Some("\"7-abc\""),
    )
    .await;
    assert_eq!(response.status(), 412);
    let response = import_with(
        &app,
        Some(&token),
        2027,
        "",
        docx("fjordvik-sum-errors.docx"),
        Some(&first),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["version"], 2);
    let versions = app
        .get_json("/api/v1/programmes/fjordvik/plans/2027/versions", &token)
        .await;
    assert_eq!(versions.as_array().unwrap().len(), 2);

    // A document of another year is not that year's plan.
    let response = import(
        &app,
        Some(&token),
        2028,
        "?dry_run=true",
        docx("fjordvik-template.docx"),
    )
    .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "year-mismatch", "{error}");
    assert!(error["message"].as_str().unwrap().contains("2027"));
    // A bad dry_run is a 400 in Norwegian.
    let response = import(
        &app,
        Some(&token),
        2027,
        "?dry_run=kanskje",
        docx("fjordvik-template.docx"),
    )
    .await;
    assert_eq!(response.status(), 400);
}

async fn only_editors_import(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, editor_token) = editor(&app).await;
    let mut callers: Vec<(&str, Option<String>, u16)> = vec![("anonym", None, 401)];
    for (name, global, role, status) in [
        ("utenforstaende", None, None, 404),
        ("leser", None, Some(ProgrammeRole::Viewer), 403),
        ("styre", None, Some(ProgrammeRole::Board), 403),
        ("observator", Some(GlobalRole::Observer), None, 403),
        ("admin", Some(GlobalRole::Admin), None, 403),
    ] {
        let (user, token) = app.user(name, global).await;
        if let Some(role) = role {
            app.member(&programme, &user, role).await;
        }
        callers.push((name, Some(token), status));
    }
    let mut failures = Vec::new();
    for (name, token, expected) in &callers {
        for query in ["?dry_run=true", ""] {
            let status = import(
                &app,
                token.as_deref(),
                2027,
                query,
                docx("fjordvik-template.docx"),
            )
            .await
            .status()
            .as_u16();
            if status != *expected {
                failures.push(format!("{name} {query}: {status}, expected {expected}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Nobody but the editor stored anything; the editor may.
    let plans = app
        .get_json("/api/v1/programmes/fjordvik/plans", &editor_token)
        .await;
    assert_eq!(plans, Value::Array(Vec::new()));
    let status = import(
        &app,
        Some(&editor_token),
        2027,
        "",
        docx("fjordvik-template.docx"),
    )
    .await
    .status();
    assert_eq!(status, 201);
}

/// A DOCX package with this document part, deflated.
fn package(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document).unwrap();
    zip.finish().unwrap().into_inner()
}

fn document(body: &str) -> Vec<u8> {
    package(
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
        )
        .as_bytes(),
    )
}

async fn hostile_documents_get_a_clear_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = editor(&app).await;

    // 40 MiB of spaces in the document part (more than the importer inflates), ~100 kB.
    let mut xml = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#).into_bytes();
    xml.extend(std::iter::repeat_n(b' ', 40 * 1024 * 1024));
    xml.extend(b"</w:t></w:r></w:p></w:body></w:document>");
    let bomb = package(&xml);
    drop(xml);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());

    let depth = 50_000;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip bomb", bomb, "zip-bombe"),
        (
            "deep nesting",
            document(&format!(
                "{}{}",
                "<w:tbl><w:tr><w:tc>".repeat(depth),
                "</w:tc></w:tr></w:tbl>".repeat(depth)
            )),
            "nøstet",
        ),
        (
            "external entity",
            package(
                format!(
                    r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#
                )
                .as_bytes(),
            ),
            "DOCTYPE",
        ),
        (
            "huge table",
            document(&format!(
                "<w:tbl>{}</w:tbl>",
                "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
                    .repeat(60_000)
            )),
            "celler",
        ),
        ("not a zip", b"%PDF-1.7 this is not a Word document".to_vec(), "ZIP"),
        ("empty", Vec::new(), "tomt"),
    ];
    for (what, body, word) in cases {
        for query in ["?dry_run=true", ""] {
            let response = import(&app, Some(&token), 2027, query, body.clone()).await;
            assert_eq!(response.status(), 422, "{what}");
            let error: Value = response.json().await.unwrap();
            assert_eq!(error["code"], "unreadable-docx", "{what}: {error}");
            let message = error["message"].as_str().unwrap();
            assert!(
                message.starts_with("Dokumentet kan ikke leses som Word-dokument"),
                "{what}: {message}"
            );
            assert!(message.contains(word), "{what}: {message}");
        }
    }
    // A Word document without a Handlingsplan in it.
    let response = import(
        &app,
        Some(&token),
        2027,
        "",
        document("<w:p><w:r><w:t>Handleliste</w:t></w:r></w:p>"),
    )
    .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "no-plan", "{error}");
    // Nothing was stored, and the server still answers.
    let plans = app
        .get_json("/api/v1/programmes/fjordvik/plans", &token)
        .await;
    assert_eq!(plans, Value::Array(Vec::new()));
}

async fn oversized_documents_are_413(backend: Backend) {
    let mut config = web::AppConfig::default();
    config.limits.docx_bytes = 64 * 1024;
    let app = spawn_app_with(backend, config).await;
    let (_, token) = editor(&app).await;
    let response = import(
        &app,
        Some(&token),
        2027,
        "?dry_run=true",
        vec![b'x'; 65 * 1024],
    )
    .await;
    assert_eq!(response.status(), 413);
    // The unread body stays on the connection, so the server closes it and says so: the
    // client's next request goes on a new one (without it, that request could meet the
    // closing connection and fail).
    assert_eq!(
        response
            .headers()
            .get("connection")
            .map(|v| v.to_str().unwrap()),
        Some("close")
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "payload-too-large", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("Word-dokument"),
        "{error}"
    );
    // Under the limit the same route reads the document.
    let fixture = docx("fjordvik-template.docx");
    assert!(fixture.len() < 64 * 1024);
    let response = import(&app, Some(&token), 2027, "?dry_run=true", fixture).await;
    assert_eq!(response.status(), 200);
}

// --- the pages -----------------------------------------------------------------------

const PASSWORD: &str = "passord-123-import";

/// The Word upload form as a browser sends it: the token and the year, then the file.
async fn upload_docx(
    browser: &Browser,
    csrf: &str,
    year: &str,
    file: &[u8],
) -> (StatusCode, String) {
    let (status, _, page) = browser
        .upload(
            "/programmes/fjordvik/import",
            &[("csrf_token", csrf), ("year", year)],
            Upload {
                field: "file",
                file_name: "plan.docx",
                media_type: DOCX_TYPE,
                bytes: file,
            },
        )
        .await;
    (status, page)
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn hidden_inputs(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in page.split("<input type=\"hidden\" name=\"").skip(1) {
        let Some((name, rest)) = chunk.split_once('"') else {
            continue;
        };
        if let Some((value, _)) = rest
            .strip_prefix(" value=\"")
            .and_then(|r| r.split_once('"'))
        {
            out.push((unescape(name), unescape(value)));
        }
    }
    out
}

fn hidden(page: &str, name: &str) -> String {
    hidden_inputs(page)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no hidden {name} on the page"))
}

async fn password_user(app: &TestApp, name: &str, global: Option<GlobalRole>) -> store::User {
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    app.store
        .create_user(name, Some(&hash), global, time::OffsetDateTime::now_utc())
        .await
        .unwrap()
}

async fn the_pages_preview_and_save(backend: Backend) {
    let app = spawn_app(backend).await;
    let programme = app.programme("fjordvik").await;
    let user = password_user(&app, "redaktor", None).await;
    app.member(&programme, &user, ProgrammeRole::Editor).await;
    let viewer = password_user(&app, "leser", None).await;
    app.member(&programme, &viewer, ProgrammeRole::Viewer).await;

    let browser = Browser::login(&app, "redaktor", PASSWORD).await;
    let (status, page) = browser.get("/programmes/fjordvik").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("href=\"/programmes/fjordvik/import\">Importer en Word-plan</a>"),
        "{page}"
    );
    let (status, form) = browser.get("/programmes/fjordvik/import").await;
    assert_eq!(status, 200);
    assert!(form.contains("enctype=\"multipart/form-data\""));
    let csrf = hidden(&form, "csrf_token");

    // Without the CSRF token the upload is refused.
    let (status, _) =
        upload_docx(&browser, "feil", "2027", &docx("fjordvik-sum-errors.docx")).await;
    assert_eq!(status, 403);
    // No file: the form again, with the error.
    let (status, page) = upload_docx(&browser, &csrf, "2027", b"").await;
    assert_eq!(status, 422);
    assert!(page.contains("Velg et Word-dokument"), "{page}");
    // Not a Word document: the importer's reason on the form.
    let (status, page) = upload_docx(&browser, &csrf, "2027", b"tull").await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Dokumentet kan ikke leses som Word-dokument"),
        "{page}"
    );
    // The wrong year.
    let (status, page) =
        upload_docx(&browser, &csrf, "2028", &docx("fjordvik-sum-errors.docx")).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("handlingsplanen for 2027, ikke for 2028"),
        "{page}"
    );

    // The preview: findings with their place, the typed sums beside the computed tables.
    let (status, preview) =
        upload_docx(&browser, &csrf, "2027", &docx("fjordvik-sum-errors.docx")).await;
    assert_eq!(status, 200, "{preview}");
    assert!(preview.contains("Funn fra importen"));
    assert!(preview.contains("Summen i dokumentet er"), "{preview}");
    assert!(preview.contains("tabell "), "{preview}");
    assert!(
        preview.contains("class=\"import-sums__differs\""),
        "{preview}"
    );
    assert!(preview.contains("Avviker"));
    assert!(preview.contains("Summer skrevet i dokumentet"));
    assert!(preview.contains("class=\"computed\""));
    assert!(preview.contains("Lagre som utkast"));
    assert_eq!(hidden(&preview, "base_version"), "");
    // Nothing stored by the preview.
    assert!(
        app.store
            .current(programme.id, &store::DocKey::handlingsplan(2027))
            .await
            .unwrap()
            .is_none()
    );

    // Save: the draft, version 1, is the imported plan.
    let mut form = vec![
        ("csrf_token".to_owned(), csrf.clone()),
        ("plan".to_owned(), hidden(&preview, "plan")),
        ("base_version".to_owned(), hidden(&preview, "base_version")),
    ];
    let (status, location, _) = browser
        .post_form("/programmes/fjordvik/import/save", &form)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/programmes/fjordvik/plans/2027?saved=1");
    let stored = app
        .store
        .current(programme.id, &store::DocKey::handlingsplan(2027))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.info.version, 1);
    assert_eq!(stored.info.status, store::VersionStatus::Draft);
    let plan: Value = serde_json::from_str(&stored.body).unwrap();
    assert_eq!(plan["programme"]["name"], "Fjordvik Vekst");

    // A second preview is made against version 1 …
    let (_, preview) = upload_docx(&browser, &csrf, "2027", &docx("fjordvik-template.docx")).await;
    assert_eq!(hidden(&preview, "base_version"), "1");
    assert!(preview.contains("finnes (versjon 1)"), "{preview}");
    // … someone saves version 2 in between: the save says so and offers to save over it.
    let body = stored.body.clone();
    app.store
        .put(
            programme.id,
            &store::DocKey::handlingsplan(2027),
            Some(1),
            &body,
            user.id,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    form[1].1 = hidden(&preview, "plan");
    form[2].1 = hidden(&preview, "base_version");
    let (status, _, page) = browser
        .post_form("/programmes/fjordvik/import/save", &form)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("endret siden forhåndsvisningen"), "{page}");
    assert!(page.contains("Lagre likevel som versjon 3"), "{page}");
    assert_eq!(hidden(&page, "base_version"), "2");
    form[2].1 = hidden(&page, "base_version");
    let (status, location, _) = browser
        .post_form("/programmes/fjordvik/import/save", &form)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/programmes/fjordvik/plans/2027?saved=3");

    // A viewer sees no link and may not use the pages.
    let reader = Browser::login(&app, "leser", PASSWORD).await;
    let (_, page) = reader.get("/programmes/fjordvik").await;
    assert!(!page.contains("/programmes/fjordvik/import"));
    let (status, _) = reader.get("/programmes/fjordvik/import").await;
    assert_eq!(status, 403);
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
    dry_run_stores_nothing,
    save_creates_a_draft_then_versions_with_if_match,
    only_editors_import,
    hostile_documents_get_a_clear_error,
    oversized_documents_are_413,
    the_pages_preview_and_save,
);
