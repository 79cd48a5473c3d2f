//! API tokens' lifecycle and the security events in the audit, through the real server on
//! both backends: a token made through the API or `/account` works, its use is recorded,
//! an expired or revoked token gets 401; logins, failed logins (the name tried and the
//! address, never the password), logouts, password changes and token changes are in the
//! audit, which only an admin reads whole.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::browser::{Browser, pairs};
use common::{Backend, TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use store::GlobalRole;

const PASSWORD: &str = "gamle fjell i tåke";

async fn status_of(app: &TestApp, method: Method, path: &str, token: &str) -> StatusCode {
    app.request(method, path, Some(token))
        .send()
        .await
        .unwrap()
        .status()
}

async fn tokens_live_expire_and_are_revoked(backend: Backend) {
    let app = spawn_app(backend).await;
    let (kari, first) = app.user("kari", None).await;
    let (_, other) = app.user("ola", None).await;
    let (_, admin) = app.user("admin", Some(GlobalRole::Admin)).await;
    let (_, observer) = app.user("observatør", Some(GlobalRole::Observer)).await;

    // Made through the API, shown once.
    let response = app
        .post_json(
            "/api/v1/me/tokens",
            &first,
            json!({ "label": "CI «prod»", "expires": "30d" }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let made: Value = response.json().await.unwrap();
    let second = made["token"].as_str().unwrap().to_owned();
    let second_id = made["id"].as_str().unwrap().to_owned();
    assert!(second.starts_with("oms_"));
    assert_eq!(made["label"], "CI «prod»");
    assert!(made["expires_at"].is_string());

    // Refused inputs, in Norwegian.
    let response = app
        .post_json(
            "/api/v1/me/tokens",
            &first,
            json!({ "expires": "3 måneder" }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: Value = response.json().await.unwrap();
    assert!(
        refused["message"].as_str().unwrap().contains("90d"),
        "{refused}"
    );

    // Use is recorded; the list never shows a token or its hash.
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/me", &second).await,
        StatusCode::OK
    );
    let list = app.get_json("/api/v1/me/tokens", &second).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let listed = list.iter().find(|t| t["id"] == second_id.as_str()).unwrap();
    assert!(listed["last_used_at"].is_string(), "{listed}");
    let text = serde_json::to_string(list).unwrap();
    assert!(!text.contains(&second) && !text.contains(&web::auth::token_hash(&second)));

    // Expired: 401 everywhere, the plan read included.
    let expired = web::auth::new_api_token().unwrap();
    let now = time::OffsetDateTime::now_utc();
    app.store
        .create_token(
            &store::NewToken {
                user_id: kari.id,
                token_hash: &web::auth::token_hash(&expired),
                label: None,
                expires_at: Some(now - time::Duration::seconds(1)),
            },
            None,
            now - time::Duration::days(2),
        )
        .await
        .unwrap();
    let (programme, _) = app.programme_with_plan("fjordvik").await;
    let member = app.store.user_by_name("kari").await.unwrap().unwrap().0;
    app.member(&programme, &member, store::ProgrammeRole::Viewer)
        .await;
    let plan = "/api/v1/programmes/fjordvik/plans/2027";
    assert_eq!(
        status_of(&app, Method::GET, plan, &first).await,
        StatusCode::OK
    );
    for path in ["/api/v1/me", plan, "/api/v1/programmes/fjordvik/plans/x"] {
        assert_eq!(
            status_of(&app, Method::GET, path, &expired).await,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }

    // Revoked: 401; another's token cannot be revoked (404).
    let path = format!("/api/v1/me/tokens/{second_id}");
    assert_eq!(
        status_of(&app, Method::DELETE, &path, &other).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status_of(&app, Method::DELETE, &path, &first).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        status_of(&app, Method::DELETE, &path, &first).await,
        StatusCode::NOT_FOUND
    );
    for path in ["/api/v1/me", plan] {
        assert_eq!(
            status_of(&app, Method::GET, path, &second).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/me", &first).await,
        StatusCode::OK
    );

    // The audit: the admin reads the token events; an observer only programmes' entries;
    // a user without a global role names a programme.
    let audit = app.get_json("/api/v1/audit", &admin).await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"token.create"), "{actions:?}");
    assert!(actions.contains(&"token.revoke"), "{actions:?}");
    let seen = app.get_json("/api/v1/audit", &observer).await;
    assert!(!seen.as_array().unwrap().is_empty());
    assert!(
        seen.as_array()
            .unwrap()
            .iter()
            .all(|e| !e["programme"].is_null())
    );
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/audit", &first).await,
        StatusCode::BAD_REQUEST
    );
}

async fn pages_make_list_and_revoke_tokens_and_the_audit_has_the_events(backend: Backend) {
    let app = spawn_app(backend).await;
    app.user_with_password("kari", PASSWORD).await;
    let (_, admin_token) = app.user("admin", Some(GlobalRole::Admin)).await;
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    app.store
        .set_password(
            app.store.user_by_name("admin").await.unwrap().unwrap().0.id,
            &hash,
        )
        .await
        .unwrap();

    let browser = Browser::new(&app);
    assert_eq!(
        browser.sign_in("kari", "feil passord hemmelig", None).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        browser.sign_in("kari", PASSWORD, None).await,
        StatusCode::SEE_OTHER
    );
    let (status, page) = browser.get("/account").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ingen API-nøkler."), "{page}");

    // Made with a refused expiry, then a good one: shown once.
    let (status, _, page) = browser
        .post(
            "/account/tokens",
            &pairs(&[("label", "Rapport"), ("expires", "1 år")]),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("90d eller 12w"), "{page}");
    let (status, _, page) = browser
        .post(
            "/account/tokens",
            &pairs(&[("label", "Rapport <b>"), ("expires", "12w")]),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let start = page.find("<code id=\"new-token\">").unwrap() + "<code id=\"new-token\">".len();
    let token = page[start..start + page[start..].find('<').unwrap()].to_owned();
    assert!(token.starts_with("oms_"));
    assert!(
        page.contains("Rapport &") && !page.contains("Rapport <b>"),
        "escaped"
    );
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/me", &token).await,
        StatusCode::OK
    );
    let (_, page) = browser.get("/account").await;
    assert!(!page.contains(&token), "the token is shown only once");
    let id = app
        .store
        .tokens(None)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.label.is_some())
        .unwrap()
        .id;
    assert!(page.contains(&id));

    // Revoking asks first, then revokes.
    let (status, _, page) = browser
        .post("/account/tokens/revoke", &pairs(&[("token_id", &id)]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Det kan ikke angres"), "{page}");
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/me", &token).await,
        StatusCode::OK
    );
    let (status, _, _) = browser
        .post(
            "/account/tokens/revoke",
            &pairs(&[("token_id", &id), ("confirm", "yes")]),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/me", &token).await,
        StatusCode::UNAUTHORIZED
    );
    // Another user's token is not the user's to revoke.
    let admin_id = app.store.tokens(None).await.unwrap()[0].id.clone();
    let (status, _, _) = browser
        .post(
            "/account/tokens/revoke",
            &pairs(&[("token_id", &admin_id), ("confirm", "yes")]),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = browser.get("/admin/audit").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Kari changes her password on her page: a security event, never the password.
    const NEW_PASSWORD: &str = "nye stier over vidda";
    let (status, _, page) = browser
        .post(
            "/account",
            &pairs(&[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("repeat_password", NEW_PASSWORD),
            ]),
        )
        .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status}: {page}"
    );
    let (status, _, _) = browser.post("/logout", &pairs(&[])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The admin sees everyone's tokens and revokes one; the audit page lists the events.
    let admin = Browser::new(&app);
    assert_eq!(
        admin.sign_in("admin", PASSWORD, None).await,
        StatusCode::SEE_OTHER
    );
    let (status, page) = admin.get("/admin/tokens").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&admin_id) && page.contains("uten navn"),
        "{page}"
    );
    let (status, _, _) = admin
        .post(
            "/admin/tokens/revoke",
            &pairs(&[("token_id", &admin_id), ("confirm", "yes")]),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&app, Method::GET, "/api/v1/me", &admin_token).await,
        StatusCode::UNAUTHORIZED
    );
    // An account made on the admin page, with its role, is a security event too.
    let (status, _, _) = admin
        .post(
            "/admin/users",
            &pairs(&[
                ("username", "nils"),
                ("password", "fjellvann og multebær"),
                ("role", "observer"),
            ]),
        )
        .await;
    assert!(status.is_success(), "{status}");
    let (status, page) = admin.get("/admin/audit").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Passord endret",
        "Bruker opprettet",
        "Mislykket innlogging",
        "Innlogging",
        "Utlogging",
        "API-nøkkel laget",
        "API-nøkkel trukket tilbake",
        "127.0.0.1",
    ] {
        assert!(page.contains(text), "{text}: {page}");
    }

    let audit = app.store.audit(None).await.unwrap();
    let failed = audit
        .iter()
        .find(|e| e.action == "auth.login-failed")
        .unwrap();
    assert_eq!(failed.object, "users/kari");
    assert_eq!(failed.client.as_deref(), Some("127.0.0.1"));
    assert_eq!(failed.actor_id, None);
    let login = audit.iter().find(|e| e.action == "auth.login").unwrap();
    assert_eq!(login.actor.as_deref(), Some("kari"));
    assert!(audit.iter().any(|e| e.action == "auth.logout"));
    let changed = audit.iter().find(|e| e.action == "user.password").unwrap();
    assert_eq!(changed.actor.as_deref(), Some("kari"));
    assert_eq!(changed.client.as_deref(), Some("127.0.0.1"));
    let created = audit.iter().find(|e| e.action == "user.create").unwrap();
    assert_eq!(created.object, "users/nils (observer)");
    assert_eq!(created.actor.as_deref(), Some("admin"));
    let all = format!("{audit:?}");
    assert!(!all.contains("feil passord") && !all.contains(PASSWORD));
    assert!(!all.contains(NEW_PASSWORD) && !all.contains("multebær"));
}

macro_rules! both {
    ($name:ident) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                super::$name(Backend::Sqlite).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$name(Backend::Postgres).await;
            }
        }
    };
}

both!(tokens_live_expire_and_are_revoked);
both!(pages_make_list_and_revoke_tokens_and_the_audit_has_the_events);
