//! Session timeouts and cookie flags, with short timeouts configured.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{Backend, spawn_app_with};
use reqwest::Method;
use serde_json::json;

async fn login_cookie(app: &common::TestApp) -> String {
    let response = app
        .request(Method::POST, "/api/v1/login", None)
        .json(&json!({"name": "kari", "password": "riktig-passord"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let set = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    set.split(';').next().unwrap().to_owned()
}

async fn status_with(app: &common::TestApp, cookie: &str) -> u16 {
    app.request(Method::GET, "/api/v1/me", None)
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn idle_timeout_ends_a_session() {
    let config = web::AppConfig {
        session_idle: time::Duration::seconds(1),
        ..Default::default()
    };
    let app = spawn_app_with(Backend::Sqlite, config).await;
    app.user_with_password("kari", "riktig-passord").await;
    let cookie = login_cookie(&app).await;
    assert_eq!(status_with(&app, &cookie).await, 200);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(status_with(&app, &cookie).await, 401);
}

#[tokio::test]
async fn absolute_timeout_ends_a_busy_session() {
    let config = web::AppConfig {
        session_absolute: time::Duration::seconds(2),
        secure_cookies: true,
        ..Default::default()
    };
    let app = spawn_app_with(Backend::Postgres, config).await;
    app.user_with_password("kari", "riktig-passord").await;
    let response = app
        .request(Method::POST, "/api/v1/login", None)
        .json(&json!({"name": "kari", "password": "riktig-passord"}))
        .send()
        .await
        .unwrap();
    let set = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(set.contains("; Secure"), "{set}");
    let cookie = set.split(';').next().unwrap().to_owned();
    for _ in 0..3 {
        assert_eq!(status_with(&app, &cookie).await, 200);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        status_with(&app, &cookie).await,
        401,
        "used all along, but older than the absolute limit"
    );
}

/// Failed logins are limited per client address too, whatever the names: after the
/// address's limit even a right password is refused, and a successful login in between
/// does not reset the address's count.
async fn failed_logins_are_limited_per_client_address(backend: Backend) {
    let config = web::AppConfig {
        login_max_failures_per_client: 3,
        ..Default::default()
    };
    let app = spawn_app_with(backend, config).await;
    app.user_with_password("kari", "riktig-passord").await;
    let attempt = |name: &'static str, password: &'static str| {
        let app = app.clone();
        async move {
            app.request(Method::POST, "/api/v1/login", None)
                .json(&json!({"name": name, "password": password}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // Each name fails once (below the per-name limit of 5); the address fails twice.
    assert_eq!(attempt("ola", "gjett").await, 401);
    assert_eq!(attempt("kari", "gjett").await, 401);
    assert_eq!(attempt("kari", "riktig-passord").await, 200);
    assert_eq!(attempt("per", "gjett").await, 401);
    // Three failures from this address: refused, the right password too.
    assert_eq!(attempt("kari", "riktig-passord").await, 429);
    assert_eq!(attempt("noen-andre", "gjett").await, 429);
}

#[tokio::test]
async fn failed_logins_are_limited_per_client_address_on_sqlite() {
    failed_logins_are_limited_per_client_address(Backend::Sqlite).await;
}

#[tokio::test]
async fn failed_logins_are_limited_per_client_address_on_postgres() {
    failed_logins_are_limited_per_client_address(Backend::Postgres).await;
}
