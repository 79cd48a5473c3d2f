//! The e-mail settings on the pages (issue 14), as a browser without JavaScript uses
//! them, on both backends: a user sets their address and turns reminders off on
//! `/account` (a malformed address is refused at the field in the page's målform, what
//! was typed kept and nothing saved; a form without the CSRF token is refused); an admin
//! gives a new user an address on `/admin`, which lists it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, pairs};
use common::{Backend, TestApp, spawn_app};
use store::GlobalRole;
use store::mail::MailSettings;

const PASSWORD: &str = "gamle fjell i tåke og regn";

async fn user(app: &TestApp, name: &str, global: Option<GlobalRole>) -> store::User {
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    app.store
        .create_user(name, Some(&hash), global, time::OffsetDateTime::now_utc())
        .await
        .unwrap()
}

async fn own_settings(backend: Backend) {
    let app = spawn_app(backend).await;
    let kari = user(&app, "kari", None).await;
    let browser = Browser::login(&app, "kari", PASSWORD).await;
    let (status, page) = browser.get("/account").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("id=\"mail-email\" name=\"email\" value=\"\""),
        "{page}"
    );
    assert!(page.contains("name=\"reminders\" value=\"on\" checked"));

    // A malformed address: refused at the field, typed value kept, nothing saved.
    let (status, _, page) = browser
        .post(
            "/account/mail",
            &pairs(&[("email", "kari@"), ("reminders", "on")]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("E-postadressen er ikke gyldig. Skriv den som navn@eksempel.no."),
        "{page}"
    );
    assert!(page.contains("value=\"kari@\""));
    assert!(page.contains("aria-invalid=\"true\""));
    assert_eq!(
        app.store.mail_settings(kari.id).await.unwrap(),
        MailSettings::default()
    );

    // Without the CSRF token: refused before the handler.
    let (status, _, _) = browser
        .post_form("/account/mail", &pairs(&[("email", "kari@example.no")]))
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        app.store.mail_settings(kari.id).await.unwrap(),
        MailSettings::default()
    );

    // An address, reminders off (the box not sent).
    let (status, location, _) = browser
        .post("/account/mail", &pairs(&[("email", " kari@example.no ")]))
        .await;
    assert_eq!(
        (status.as_u16(), location.as_str()),
        (303, "/account?mail=saved#mail")
    );
    assert_eq!(
        app.store.mail_settings(kari.id).await.unwrap(),
        MailSettings {
            email: Some("kari@example.no".into()),
            reminders: false
        }
    );
    let (_, page) = browser.get("/account?mail=saved").await;
    assert!(page.contains("E-postinnstillingene er lagret."));
    assert!(page.contains("value=\"kari@example.no\""));
    assert!(
        page.contains("name=\"reminders\" value=\"on\" aria-describedby"),
        "unchecked"
    );

    // An empty field removes the address; the box turns reminders on again.
    let (status, _, _) = browser
        .post(
            "/account/mail",
            &pairs(&[("email", ""), ("reminders", "on")]),
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(
        app.store.mail_settings(kari.id).await.unwrap(),
        MailSettings::default()
    );

    // In nynorsk.
    app.store
        .set_language(kari.id, plan::Language::Nynorsk)
        .await
        .unwrap();
    let nynorsk = Browser::login(&app, "kari", PASSWORD).await;
    let (status, _, page) = nynorsk
        .post("/account/mail", &pairs(&[("email", "kari example.no")]))
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("E-postadressa er ikkje gyldig. Skriv ho som namn@døme.no."),
        "{page}"
    );
    assert!(page.contains("Send meg påminningar før fristane"));
}

#[tokio::test]
async fn a_user_sets_their_address_and_turns_reminders_off_sqlite() {
    own_settings(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_user_sets_their_address_and_turns_reminders_off_postgres() {
    own_settings(Backend::Postgres).await;
}

async fn admin_gives_an_address(backend: Backend) {
    let app = spawn_app(backend).await;
    user(&app, "sjef", Some(GlobalRole::Admin)).await;
    user(&app, "kari", None).await;
    let browser = Browser::login(&app, "sjef", PASSWORD).await;
    let new_password = "blåbær på fjellet i juli";
    let (status, _, page) = browser
        .post(
            "/admin/users",
            &pairs(&[
                ("username", "ola"),
                ("password", new_password),
                ("email", "ola@"),
            ]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("E-postadressen er ikke gyldig."), "{page}");
    assert!(app.store.user_by_name("ola").await.unwrap().is_none());

    let (status, _, page) = browser
        .post(
            "/admin/users",
            &pairs(&[
                ("username", "ola"),
                ("password", new_password),
                ("email", "ola@fjordvik.example"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let (ola, _) = app.store.user_by_name("ola").await.unwrap().unwrap();
    assert_eq!(
        app.store
            .mail_settings(ola.id)
            .await
            .unwrap()
            .email
            .as_deref(),
        Some("ola@fjordvik.example")
    );
    let (_, page) = browser.get("/admin").await;
    assert!(page.contains("<td>ola@fjordvik.example</td>"), "{page}");
    assert!(page.contains("<label for=\"new-email\">E-postadresse (valgfri)</label>"));

    // A change of an existing user's address keeps their reminder setting.
    let off = MailSettings {
        email: Some("ola@fjordvik.example".into()),
        reminders: false,
    };
    app.store
        .set_mail_settings(ola.id, &off, None, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let (status, _, page) = browser
        .post(
            "/admin/users/email",
            &pairs(&[
                ("username", "ola"),
                ("email", "ola.nordmann@fjordvik.example"),
            ]),
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("E-postadressen er lagret."));
    assert!(page.contains("<td>ola.nordmann@fjordvik.example</td>"));
    assert_eq!(
        app.store.mail_settings(ola.id).await.unwrap(),
        MailSettings {
            email: Some("ola.nordmann@fjordvik.example".into()),
            reminders: false
        }
    );
    let (status, _, page) = browser
        .post(
            "/admin/users/email",
            &pairs(&[("username", "ola"), ("email", "ola@@x")]),
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("E-postadressen er ikke gyldig."), "{page}");
    let (status, _, _) = browser
        .post(
            "/admin/users/email",
            &pairs(&[("username", "ingen"), ("email", "")]),
        )
        .await;
    assert_eq!(status, 422);
    // Not for anybody but admins.
    let kari = Browser::login(&app, "kari", PASSWORD).await;
    let (status, _, _) = kari
        .post(
            "/admin/users/email",
            &pairs(&[("username", "ola"), ("email", "kari@x.no")]),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        app.store
            .mail_settings(ola.id)
            .await
            .unwrap()
            .email
            .as_deref(),
        Some("ola.nordmann@fjordvik.example")
    );
}

#[tokio::test]
async fn an_admin_gives_a_new_user_an_address_sqlite() {
    admin_gives_an_address(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_admin_gives_a_new_user_an_address_postgres() {
    admin_gives_an_address(Backend::Postgres).await;
}
