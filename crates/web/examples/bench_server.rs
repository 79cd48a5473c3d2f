//! Benchmark harness (docs/benchmarks.md), run in release mode:
//!
//! `cargo run --release -p web --example bench_server -- serve DB_URL ADDR` seeds a programme
//! `p` with the Fjordvik 2027 plan and an editor, prints the API token, and serves the
//! real app plus bare axum handlers in the same process (the baselines for wrk): `/bare`
//! answers `{"ok":true}`, `/bare-plan` the plan's JSON (the bytes `GET` plan sends) from memory.
//!
//! `cargo run --release -p web --example bench_server -- puts DB_URL CLIENTS SECONDS`
//! measures durable PUTs per second: CLIENTS tasks each replace their own plan (one year
//! each, so no 412s) with If-Match, through the real app on a local port.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use serde_json::Value;

const PLAN: &str = web::demo::FJORDVIK_2027;

async fn seed(url: &str) -> (store::Store, String) {
    let store = store::connect(url).await.expect("connect");
    let name = format!("bench{}", std::process::id());
    let (programme, user, token) = web::demo::editor_with_token(&store, "p", &name)
        .await
        .unwrap();
    if store
        .current(programme.id, &store::DocKey::handlingsplan(2027))
        .await
        .unwrap()
        .is_none()
    {
        let plan = plan::handlingsplan::file::read(PLAN, plan::Syntax::Json).unwrap();
        store
            .put(
                programme.id,
                &store::DocKey::handlingsplan(2027),
                None,
                &plan::handlingsplan::file::to_json(&plan),
                user.id,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
    }
    (store, token)
}

fn router(store: store::Store) -> axum::Router {
    // The same bytes `GET` plan answers with, from memory: what the payload alone costs.
    let body = axum::body::Bytes::from(plan::handlingsplan::file::to_json(
        &plan::handlingsplan::file::read(PLAN, plan::Syntax::Json).unwrap(),
    ));
    let bare = axum::Router::new()
        .route(
            "/bare",
            axum::routing::get(|| async { axum::Json(serde_json::json!({"ok": true})) }),
        )
        .route(
            "/bare-plan",
            axum::routing::get(move || {
                let body = body.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        body,
                    )
                }
            }),
        );
    web::app(web::AppState::new(store, web::AppConfig::default())).merge(bare)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => {
            let (store, token) = seed(&args[1]).await;
            let listener = tokio::net::TcpListener::bind(&args[2]).await.unwrap();
            println!("token {token}");
            println!("listening {}", listener.local_addr().unwrap());
            axum::serve(listener, router(store)).await.unwrap();
        }
        Some("puts") => {
            let (store, token) = seed(&args[1]).await;
            let clients: i32 = args[2].parse().unwrap();
            let seconds: u64 = args[3].parse().unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            tokio::spawn(async move { axum::serve(listener, router(store)).await.unwrap() });
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let mut tasks = Vec::new();
            for client in 0..clients {
                let base = base.clone();
                let token = token.clone();
                tasks.push(tokio::spawn(async move {
                    let http = reqwest::Client::new();
                    let year = 3000 + client + (std::process::id() % 1000) as i32 * 5;
                    let url = format!("{base}/api/v1/programmes/p/plans/{year}");
                    let mut plan: Value = serde_json::from_str(PLAN).unwrap();
                    plan["year"] = year.into();
                    let mut tag: Option<String> = None;
                    let mut done = 0u64;
                    let mut latencies = Vec::new();
                    while Instant::now() < deadline {
                        plan["admin_costs"] = (done * 1000).into();
                        let mut request = http.put(&url).bearer_auth(&token).body(plan.to_string());
                        if let Some(tag) = &tag {
                            request = request.header("If-Match", tag);
                        }
                        let started = Instant::now();
                        let response = request.send().await.unwrap();
                        latencies.push(started.elapsed());
                        assert!(response.status().is_success(), "{}", response.status());
                        tag = Some(response.headers()["etag"].to_str().unwrap().to_owned());
                        done += 1;
                    }
                    (done, latencies)
                }));
            }
            let mut total = 0;
            let mut latencies = Vec::new();
            for task in tasks {
                let (done, l) = task.await.unwrap();
                total += done;
                latencies.extend(l);
            }
            latencies.sort();
            let p = |q: f64| {
                latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)]
            };
            println!(
                "{total} durable PUTs in {seconds} s with {clients} clients: {:.0}/s, p50 {:?}, p99 {:?}",
                total as f64 / seconds as f64,
                p(0.5),
                p(0.99)
            );
        }
        _ => eprintln!("usage: bench_server serve DB ADDR | puts DB CLIENTS SECONDS"),
    }
}
