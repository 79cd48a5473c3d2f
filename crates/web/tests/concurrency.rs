//! Lost updates: 50 concurrent clients each doing 20 read-modify-write cycles on one plan
//! over HTTP. Every accepted write must be in the version history with its content, every
//! refused write must have got 412, and the final version number equals the accepted
//! writes (the first, creating write included). On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, etag, fixture, spawn_app};
use serde_json::Value;

const CLIENTS: usize = 50;
const CYCLES: usize = 20;
const PLAN: &str = "/api/v1/programmes/fjordvik/plans/2027";

async fn no_lost_updates(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, token) = app.programme_with_plan("fjordvik").await;
    let template: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let app = app.clone();
        let token = token.clone();
        let template = template.clone();
        tasks.push(tokio::spawn(async move {
            let mut accepted = Vec::new();
            let mut refused = 0usize;
            for cycle in 0..CYCLES {
                let current = app.get(PLAN, &token).await;
                assert_eq!(current.status(), 200);
                let tag = etag(&current);
                let mut plan: Value = current.json().await.unwrap();
                let marker = format!("klient {client} runde {cycle}");
                plan["programme"]["vision"] = Value::String(marker.clone());
                let _ = &template;
                let response = app
                    .put_plan(PLAN, &token, plan.to_string(), Some(&tag))
                    .await;
                match response.status().as_u16() {
                    200 => {
                        let body: Value = response.json().await.unwrap();
                        accepted.push((body["version"].as_i64().unwrap(), marker));
                    }
                    412 => refused += 1,
                    other => panic!("unexpected status {other}"),
                }
            }
            (accepted, refused)
        }));
    }
    let mut accepted = Vec::new();
    let mut refused = 0;
    for task in tasks {
        let (a, r) = task.await.unwrap();
        accepted.extend(a);
        refused += r;
    }
    assert_eq!(accepted.len() + refused, CLIENTS * CYCLES);
    assert!(!accepted.is_empty());
    let versions: Value = app.get_json(&format!("{PLAN}/versions"), &token).await;
    let versions = versions.as_array().unwrap();
    // The creating PUT plus every accepted replacement, numbered without gaps.
    assert_eq!(versions.len(), accepted.len() + 1);
    for (index, version) in versions.iter().enumerate() {
        assert_eq!(version["version"].as_i64().unwrap(), index as i64 + 1);
    }
    let current: Value = app.get_json(PLAN, &token).await;
    let last = accepted.iter().max_by_key(|(v, _)| *v).unwrap();
    assert_eq!(
        last.0,
        accepted.len() as i64 + 1,
        "final version = accepted writes"
    );
    assert_eq!(current["programme"]["vision"], last.1.as_str());
    for (version, marker) in &accepted {
        let stored: Value = app
            .get_json(&format!("{PLAN}/versions/{version}"), &token)
            .await;
        assert_eq!(
            stored["programme"]["vision"],
            marker.as_str(),
            "version {version}"
        );
    }
    eprintln!(
        "{backend:?}: {} accepted, {refused} refused with 412",
        accepted.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_no_lost_updates() {
    no_lost_updates(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_no_lost_updates() {
    no_lost_updates(Backend::Postgres).await;
}
