//! The results registry's API on SQLite and PostgreSQL (issue 13): the public CSV cases
//! through `POST …/results/import`, dry runs, all or nothing with 422 and every error,
//! importing twice adds nothing, concurrent imports lose nothing, add/change/delete,
//! the CSV export read back. The authorization matrix of the results routes (API and
//! pages) is `results_authorization.rs`.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestApp, spawn_app};
use reqwest::{Method, Response};
use serde_json::{Value, json};

const RESULT_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/results-fixtures"
);

fn csv(name: &str) -> Vec<u8> {
    let path = format!("{RESULT_FIXTURES}/{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn expected(name: &str) -> Value {
    let path = format!("{RESULT_FIXTURES}/{name}");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

async fn import(app: &TestApp, token: &str, body: Vec<u8>, dry_run: bool) -> Response {
    let query = if dry_run { "?dry_run=true" } else { "" };
    app.request(
        Method::POST,
        &format!("/api/v1/programmes/fjordvik/results/import{query}"),
        Some(token),
    )
    .header("Content-Type", "text/csv")
    .body(body)
    .send()
    .await
    .unwrap()
}

async fn stored_rows(app: &TestApp, token: &str) -> Vec<Value> {
    let list = app
        .get_json("/api/v1/programmes/fjordvik/results", token)
        .await;
    list["rows"].as_array().unwrap().clone()
}

async fn imports_all_or_nothing_and_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = app.programme_with_plan("fjordvik").await;

    // Errors: 422, every error, nothing stored.
    let response = import(&app, &token, csv("errors.csv"), false).await;
    assert_eq!(response.status(), 422);
    let report: Value = response.json().await.unwrap();
    let lines: std::collections::BTreeSet<(i64, String)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_i64().unwrap(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let wanted: std::collections::BTreeSet<(i64, String)> =
        expected("errors.expected.json")["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["line"].as_i64().unwrap(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
    assert_eq!(lines, wanted);
    assert!(stored_rows(&app, &token).await.is_empty());

    // A dry run previews and stores nothing.
    let response = import(&app, &token, csv("fjordvik-2025-2026.csv"), true).await;
    assert_eq!(response.status(), 200);
    let preview: Value = response.json().await.unwrap();
    let want = expected("fjordvik-2025-2026.expected.json");
    assert_eq!(preview["new_rows"].as_array().unwrap().len(), 6);
    assert_eq!(preview["records"], want["records"]);
    assert_eq!(preview["granted_amount"], want["granted_amount"]);
    assert!(stored_rows(&app, &token).await.is_empty());

    // The import stores the rows; the records are those of `results --json`.
    let response = import(&app, &token, csv("fjordvik-2025-2026.csv"), false).await;
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(
        (report["rows"].clone(), report["added"].clone()),
        (json!(6), json!(6))
    );
    assert_eq!(report["records"], want["records"]);
    assert_eq!(stored_rows(&app, &token).await.len(), 6);

    // Twice adds nothing; a dry run says so too.
    let again: Value = import(&app, &token, csv("fjordvik-2025-2026.csv"), true)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (again["added"].clone(), again["duplicates"].clone()),
        (json!(0), json!(6))
    );
    let again: Value = import(&app, &token, csv("fjordvik-2025-2026.csv"), false)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (again["added"].clone(), again["duplicates"].clone()),
        (json!(0), json!(6))
    );
    assert_eq!(stored_rows(&app, &token).await.len(), 6);

    // Windows-1252 as Excel writes it.
    let report: Value = import(&app, &token, csv("excel-cp1252.csv"), false)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["added"], 2);
    let rows = stored_rows(&app, &token).await;
    assert!(
        rows.iter()
            .any(|r| r["note"] == "Merknad med ; og \"sitat\"")
    );

    // The export reads back as the same rows: all duplicates.
    let response = app
        .get("/api/v1/programmes/fjordvik/results/export.csv", &token)
        .await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdato;innsatsomr\xC3\xA5de;"));
    let back: Value = import(&app, &token, bytes, false)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (back["rows"].clone(), back["added"].clone()),
        (json!(8), json!(0))
    );

    // The import is in the audit, with who.
    let audit = app.store.audit(None).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "results.import")
            .count(),
        4
    );
}

async fn concurrent_imports_lose_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = app.programme_with_plan("fjordvik").await;
    let mut tasks = Vec::new();
    for task in 0..6 {
        let app = app.clone();
        let token = token.clone();
        let mut file = String::from("dato;innsatsområde;nye_arbeidsplasser;merknad\n");
        for n in 0..50 {
            file.push_str(&format!("2025-01-01;Bærekraft;1;felles {n}\n"));
            file.push_str(&format!(
                "2026-02-02;Reiseliv og opplevelser;2;import {task} rad {n}\n"
            ));
        }
        tasks.push(tokio::spawn(async move {
            let response = import(&app, &token, file.into_bytes(), false).await;
            assert_eq!(response.status(), 200);
            let report: Value = response.json().await.unwrap();
            report["added"].as_i64().unwrap()
        }));
    }
    let mut added = 0;
    for task in tasks {
        added += task.await.unwrap();
    }
    assert_eq!(added, 50 + 6 * 50);
    assert_eq!(stored_rows(&app, &token).await.len(), 50 + 6 * 50);
}

async fn rows_are_added_changed_and_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = app.programme_with_plan("fjordvik").await;
    let path = "/api/v1/programmes/fjordvik/results";
    let row = json!({"date": "14.03.2025", "focus_area": "bærekraft", "org_number": "923 609 016",
                     "new_jobs": 2, "granted_amount": "1 250 000 kr", "note": "første"});
    let response = app.post_json(path, &token, row.clone()).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["focus_area"], "Bærekraft");
    assert_eq!(created["date"], "2025-03-14");
    assert_eq!(created["org_number"], "923609016");
    assert_eq!(created["granted_amount"], 1_250_000);
    assert_eq!(app.post_json(path, &token, row).await.status(), 409);
    let bad = app
        .post_json(
            path,
            &token,
            json!({"date": "31.02.2025", "focus_area": "Havbruk", "new_jobs": -1}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let bad: Value = bad.json().await.unwrap();
    let codes: Vec<&str> = bad["details"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["csv-date", "csv-area-unknown", "csv-number"]);

    let id = created["id"].as_i64().unwrap();
    let changed = app
        .request(Method::PUT, &format!("{path}/{id}"), Some(&token))
        .json(&json!({"date": "2026-01-02", "focus_area": "Bærekraft", "secured_jobs": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let filtered = app
        .get_json(&format!("{path}?year=2026&area=B%C3%A6rekraft"), &token)
        .await;
    assert_eq!(filtered["rows"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["sums"]["records"][0]["secured_jobs"], 3);
    assert_eq!(
        app.get_json(&format!("{path}?year=2025"), &token).await["rows"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let deleted = app
        .request(Method::DELETE, &format!("{path}/{id}"), Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let again = app
        .request(Method::DELETE, &format!("{path}/{id}"), Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    let actions: Vec<String> = app
        .store
        .audit(None)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("result."))
        .collect();
    assert_eq!(
        actions,
        vec!["result.add", "result.change", "result.delete"]
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
    imports_all_or_nothing_and_once,
    concurrent_imports_lose_nothing,
    rows_are_added_changed_and_deleted,
);
