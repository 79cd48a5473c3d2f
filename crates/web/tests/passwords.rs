//! Passwords through the pages, on both backends: a user changes their own password on
//! `/account` (the current one asked for, the rules of `web::password` applied, their
//! other sessions ended), and the admin page refuses a weak password for a new user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::Browser;
use common::{Backend, spawn_app};
use reqwest::StatusCode;

const OLD: &str = "gamle fjell i tåke";
const NEW: &str = "nye båter ved kaia 🚤";

/// Posts the password form on `/account`: status and page.
async fn change(browser: &Browser, current: &str, new: &str, repeat: &str) -> (StatusCode, String) {
    let (status, _, page) = browser
        .post_pairs(
            "/account",
            &[
                ("current_password", current),
                ("new_password", new),
                ("repeat_password", repeat),
            ],
        )
        .await;
    (status, page)
}

async fn a_user_changes_their_password_and_their_other_sessions_end(backend: Backend) {
    let app = spawn_app(backend).await;
    app.user_with_password("kari", OLD).await;
    let here = Browser::login(&app, "kari", OLD).await;
    let elsewhere = Browser::login(&app, "kari", OLD).await;

    let (status, page) = here.get("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Min konto</h1>"), "{page}");
    assert!(page.contains("autocomplete=\"current-password\""));

    // Refusals, each saying what is wrong; nothing changes.
    let (status, page) = change(&here, OLD, NEW, "noe annet helt").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("De to nye passordene er ikke like."),
        "{page}"
    );
    let (status, page) = change(&here, OLD, "sommer2026", "sommer2026").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Passordet er for lett å gjette"), "{page}");
    let (status, page) = change(&here, OLD, "kort", "kort").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Passordet må ha minst 8 tegn."), "{page}");
    let (status, page) = change(&here, "feil passord her", NEW, NEW).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Nåværende passord er feil."), "{page}");
    assert_eq!(elsewhere.get("/programmes").await.0, StatusCode::OK);

    // The change: this session stays, the other one ends.
    let (status, page) = change(&here, OLD, NEW, NEW).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Passordet er endret."), "{page}");
    assert_eq!(here.get("/programmes").await.0, StatusCode::OK);
    let (status, _) = elsewhere.get("/programmes").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the other session has ended");
    assert_eq!(
        Browser::new(&app).sign_in("kari", OLD, None).await,
        StatusCode::UNAUTHORIZED
    );
    Browser::login(&app, "kari", NEW).await;
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end_sqlite() {
    a_user_changes_their_password_and_their_other_sessions_end(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_user_changes_their_password_and_their_other_sessions_end_postgres() {
    a_user_changes_their_password_and_their_other_sessions_end(Backend::Postgres).await;
}

#[tokio::test]
async fn the_admin_page_refuses_weak_passwords_and_short_admin_passwords() {
    let app = spawn_app(Backend::Sqlite).await;
    let hash = web::auth::hash_password("en lang admin-setning").unwrap();
    app.store
        .create_user(
            "admin",
            Some(&hash),
            Some(store::GlobalRole::Admin),
            web::clock::now(),
        )
        .await
        .unwrap();
    let admin = Browser::login(&app, "admin", "en lang admin-setning").await;
    let add = |name: &'static str, password: &'static str, role: &'static str| {
        let admin = &admin;
        async move {
            admin
                .post_pairs(
                    "/admin/users",
                    &[("username", name), ("password", password), ("role", role)],
                )
                .await
        }
    };
    let (_, _, page) = add("ola", "passord123", "").await;
    assert!(page.contains("Passordet er for lett å gjette"), "{page}");
    let (_, _, page) = add("sjef", "xkq7-m2vp-z", "admin").await;
    assert!(page.contains("Passordet må ha minst 12 tegn."), "{page}");
    assert!(app.store.user_by_name("ola").await.unwrap().is_none());
    assert!(app.store.user_by_name("sjef").await.unwrap().is_none());
    let (_, _, page) = add("ola", "xkq7-m2vp-z", "").await;
    assert!(page.contains("Brukeren er lagt til."), "{page}");
    Browser::login(&app, "ola", "xkq7-m2vp-z").await;
}
