//! The year wheel's pages and the calendar subscription on `/account` (issue 14), as a
//! browser without JavaScript uses them, on both backends: the programme page shows the
//! figure and the list of the chosen year; an editor changes a date (a wrong one is
//! refused with a Norwegian message, what was typed kept and nothing saved; an empty
//! field returns the default); a viewer reads but cannot change; a subscription is made
//! on `/account`, works without a login and stops when revoked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::Browser;
use common::{Backend, TestApp, spawn_app};
use plan::yearwheel::Deadline;
use reqwest::{Client, StatusCode};
use store::ProgrammeRole;

const PASSWORD: &str = "gamle fjell i tåke";

async fn setup(app: &TestApp) -> (store::Programme, Browser, Browser) {
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let editor = app
        .store
        .user_by_name("fjordvik-editor")
        .await
        .unwrap()
        .unwrap()
        .0;
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    app.store.set_password(editor.id, &hash).await.unwrap();
    let viewer = app.user_with_password("vera", PASSWORD).await;
    app.member(&programme, &viewer, ProgrammeRole::Viewer).await;
    let editor = Browser::login(app, "fjordvik-editor", PASSWORD).await;
    let viewer = Browser::login(app, "vera", PASSWORD).await;
    (programme, editor, viewer)
}

async fn programme_page_shows_the_wheel_and_editors_change_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, editor, viewer) = setup(&app).await;

    let (status, page) = viewer.get("/programmes/fjordvik?year=2027").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Årshjul 2027"), "{page}");
    assert!(page.contains("<svg") && page.contains("chart-wheel-title"));
    assert!(page.contains("15. oktober 2027"), "the default PSV");
    assert!(page.contains("Næringsfrokost"), "an activity of the plan");
    assert!(page.contains("hele mars"));
    assert!(page.contains("Årshjulet for 2027"), "a viewer's link reads");
    assert!(!page.contains("Endre fristene"));
    let (status, _) = viewer.get("/programmes/fjordvik?year=1999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The viewer reads the year's page but gets no form and cannot post.
    let (status, page) = viewer
        .get("/programmes/fjordvik/year-wheel?year=2027")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("name=\"psv\""));
    let (status, _, _) = viewer
        .post_pairs(
            "/programmes/fjordvik/year-wheel?year=2027",
            &[("psv", "3.10.2027")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A wrong date: refused, typed text kept, nothing saved.
    let (status, _, page) = editor
        .post_pairs(
            "/programmes/fjordvik/year-wheel?year=2027",
            &[("psv", "3.10.2027"), ("follow-up", "31.02.2027")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("value=\"31.02.2027\""), "{page}");
    assert!(page.contains("value=\"3.10.2027\""));
    assert!(page.contains("href=\"#date-follow-up\""));
    assert!(
        app.store
            .year_wheel_dates(programme.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Saved: the page and the programme page show the new date.
    let (status, location, _) = editor
        .post_pairs(
            "/programmes/fjordvik/year-wheel?year=2027",
            &[("psv", "3.10.2027"), ("follow-up", "")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location,
        "/programmes/fjordvik/year-wheel?year=2027&done=saved"
    );
    let set = app.store.year_wheel_dates(programme.id).await.unwrap();
    assert_eq!(set.len(), 1);
    assert_eq!(set[0].deadline, Deadline::StatusReview);
    assert_eq!(set[0].date.to_string(), "2027-10-03");
    let (_, page) = editor.get(&location).await;
    assert!(page.contains("Fristene er lagret."));
    assert!(page.contains("value=\"2027-10-03\""));
    let (_, page) = editor.get("/programmes/fjordvik?year=2027").await;
    assert!(page.contains("3. oktober 2027") && !page.contains("15. oktober 2027"));
    assert!(page.contains("Endre fristene for 2027"));

    // An empty field returns the default.
    let (status, _, _) = editor
        .post_pairs("/programmes/fjordvik/year-wheel?year=2027", &[("psv", "")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .year_wheel_dates(programme.id)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn account_page_makes_and_revokes_the_subscription(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, _, viewer) = setup(&app).await;
    let (status, page) = viewer.get("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Du har ingen abonnementsadresse."));

    let (status, _, page) = viewer.post_pairs("/account/calendar", &[]).await;
    assert_eq!(status, StatusCode::CREATED);
    let needle = "id=\"calendar-url\" value=\"";
    let start = page.find(needle).expect("the new address") + needle.len();
    let url = page[start..start + page[start..].find('"').unwrap()].to_owned();
    assert!(url.starts_with(&format!("{}/calendar/", app.base)), "{url}");
    let anonymous = Client::new();
    let feed = anonymous.get(&url).send().await.unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.text()
            .await
            .unwrap()
            .contains("UID:2027-psv.fjordvik@omstilling")
    );

    let (_, page) = viewer.get("/account").await;
    assert!(page.contains("Du har en abonnementsadresse"));
    assert!(!page.contains(&url), "the address is shown only once");

    let (status, location, _) = viewer.post_pairs("/account/calendar/revoke", &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/account?calendar=revoked");
    let (_, page) = viewer.get(&location).await;
    assert!(page.contains("Abonnementsadressen er trukket tilbake."));
    assert!(page.contains("Du har ingen abonnementsadresse."));
    assert_eq!(
        anonymous.get(&url).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
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
    programme_page_shows_the_wheel_and_editors_change_dates,
    account_page_makes_and_revokes_the_subscription,
);
