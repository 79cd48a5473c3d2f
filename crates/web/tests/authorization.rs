//! The authorization matrix: every endpoint × every role × our own and another
//! programme's objects. No 2xx where none is due; denials are exactly 401 (nobody),
//! 404 (not a member: the programme's existence is not revealed) or 403 (member without
//! the role). On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, fixture, spawn_app};
use reqwest::Method;
use serde_json::json;
use store::{GlobalRole, ProgrammeRole};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anonymous,
    Outsider,
    Viewer,
    Board,
    Editor,
    Observer,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Read,
    Edit,
    BoardStep,
    CouncilStep,
}

const ENDPOINTS: &[(&str, &str, Needs)] = &[
    ("GET", "/api/v1/programmes/{s}", Needs::Read),
    ("GET", "/api/v1/programmes/{s}/plans", Needs::Read),
    ("GET", "/api/v1/programmes/{s}/plans/2027", Needs::Read),
    (
        "GET",
        "/api/v1/programmes/{s}/plans/2027/check",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/plans/2027/versions",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/plans/2027/versions/1",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/plans/2027/document.html",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/plans/2027/document.md",
        Needs::Read,
    ),
    ("GET", "/api/v1/audit?programme={s}", Needs::Read),
    ("PUT", "/api/v1/programmes/{s}/plans/2027", Needs::Edit),
    ("PUT", "/api/v1/programmes/{s}/plans/2026", Needs::Edit),
    (
        "POST",
        "/api/v1/programmes/{s}/plans/2027/reopen",
        Needs::Edit,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/plans/2027/approvals#board",
        Needs::BoardStep,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/plans/2027/approvals#council",
        Needs::CouncilStep,
    ),
    // The Omstillingsplan (issue 12): the same rules through the same generic handlers.
    ("GET", "/api/v1/programmes/{s}/omstillingsplan", Needs::Read),
    (
        "GET",
        "/api/v1/programmes/{s}/omstillingsplan/check",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/omstillingsplan/versions",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/omstillingsplan/versions/1",
        Needs::Read,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/omstillingsplan/document.md",
        Needs::Read,
    ),
    ("PUT", "/api/v1/programmes/{s}/omstillingsplan", Needs::Edit),
    (
        "POST",
        "/api/v1/programmes/{s}/omstillingsplan/approvals#board",
        Needs::BoardStep,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/omstillingsplan/approvals#council",
        Needs::CouncilStep,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/omstillingsplan/reopen",
        Needs::Edit,
    ),
];

/// The status class a role must get on its own programme ("a") and on another ("b").
fn expected(role: Role, needs: Needs, own: bool) -> Result<(), u16> {
    match role {
        Role::Anonymous => Err(401),
        Role::Outsider => Err(404),
        _ if !own && matches!(role, Role::Viewer | Role::Board | Role::Editor) => Err(404),
        Role::Observer | Role::Admin | Role::Viewer => match needs {
            Needs::Read => Ok(()),
            _ => Err(403),
        },
        Role::Board => match needs {
            Needs::Read | Needs::BoardStep => Ok(()),
            _ => Err(403),
        },
        Role::Editor => Ok(()),
    }
}

async fn matrix(backend: Backend) {
    let app = spawn_app(backend).await;
    let (a, a_editor) = app.programme_with_plan("a").await;
    let (_, b_editor) = app.programme_with_plan("b").await;
    app.put_omstillingsplan("a", &a_editor).await;
    app.put_omstillingsplan("b", &b_editor).await;
    let mut tokens = Vec::new();
    for role in [
        Role::Outsider,
        Role::Viewer,
        Role::Board,
        Role::Editor,
        Role::Observer,
        Role::Admin,
    ] {
        let global = match role {
            Role::Observer => Some(GlobalRole::Observer),
            Role::Admin => Some(GlobalRole::Admin),
            _ => None,
        };
        let (user, token) = app.user(&format!("{role:?}").to_lowercase(), global).await;
        let member = match role {
            Role::Viewer => Some(ProgrammeRole::Viewer),
            Role::Board => Some(ProgrammeRole::Board),
            Role::Editor => Some(ProgrammeRole::Editor),
            _ => None,
        };
        if let Some(member) = member {
            app.member(&a, &user, member).await;
        }
        tokens.push((role, Some(token)));
    }
    tokens.insert(0, (Role::Anonymous, None));

    let mut checked = 0;
    for (role, token) in &tokens {
        for (slug, own) in [("a", true), ("b", false)] {
            for (method, template, needs) in ENDPOINTS {
                let (path, step) = match template.split_once('#') {
                    Some((path, step)) => (path.replace("{s}", slug), Some(step)),
                    None => (template.replace("{s}", slug), None),
                };
                let method = Method::from_bytes(method.as_bytes()).unwrap();
                let mut request = app.request(method.clone(), &path, token.as_deref());
                if method == Method::PUT && path.ends_with("/omstillingsplan") {
                    request = request.body(common::FJORDVIK_OMSTILLINGSPLAN);
                } else if method == Method::PUT {
                    let year: i32 = path.rsplit('/').next().unwrap().parse().unwrap();
                    let mut body: serde_json::Value =
                        serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
                    body["year"] = year.into();
                    request = request.body(body.to_string());
                }
                if let Some(step) = step {
                    let date = match (step, path.ends_with("/omstillingsplan/approvals")) {
                        ("board", false) => "2026-12-04",
                        (_, false) => "2027-01-28",
                        ("board", true) => "2024-11-20",
                        (_, true) => "2024-12-12",
                    };
                    request =
                        request.json(&json!({"step": step, "date": date, "reference": "sak 1/27"}));
                }
                let status = request.send().await.unwrap().status().as_u16();
                match expected(*role, *needs, own) {
                    Err(denied) => assert_eq!(status, denied, "{role:?} {method} {path} {step:?}"),
                    Ok(()) => assert!(
                        ![401, 403, 404].contains(&status) && status < 500,
                        "{role:?} {method} {path} {step:?} got {status}"
                    ),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 7 * 2 * ENDPOINTS.len());
    // Nobody but a's editor changed a's plan, and nobody from a touched b's.
    let audit = app.store.audit(None).await.unwrap();
    let b = app
        .store
        .programme(&"b".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        audit
            .iter()
            .filter(|e| e.programme.as_deref() == Some("b"))
            .all(|e| e.actor.as_deref() == Some("b-editor") || e.actor.is_none())
    );
    assert_eq!(
        app.store
            .versions(b.id, &store::DocKey::handlingsplan(2027))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.store
            .versions(b.id, &store::DocKey::single(store::OMSTILLINGSPLAN))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn sqlite_authorization_matrix() {
    matrix(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_authorization_matrix() {
    matrix(Backend::Postgres).await;
}
