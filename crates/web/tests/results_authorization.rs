//! The authorization matrix of the results registry (issue 13): every results route of
//! the API and of the pages × every role, on SQLite and PostgreSQL. Editors write; board
//! members, viewers, observers and admins read (observers and admins every programme's);
//! nobody else sees the programme. Denials are exactly 401 (no valid token: none,
//! expired, revoked), 404 (not a member: the programme is not revealed, nor a row of
//! another programme) or 403 (a member without the role); pages send the anonymous to
//! the login form (303). No role gets a 2xx it is not due, and no write that was refused
//! left a trace.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64::Engine as _;
use common::browser::{Browser, Upload, pairs};
use common::{Backend, TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::json;
use store::{GlobalRole, Programme, ProgrammeRole, User};

const PASSWORD: &str = "matrise-passord-123";
const OWN: &str = "fjordvik";
const OTHER: &str = "annen";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anonymous,
    ExpiredToken,
    RevokedToken,
    Outsider,
    OtherProgrammeEditor,
    Viewer,
    Board,
    Editor,
    Observer,
    Admin,
}

const ROLES: [Role; 10] = [
    Role::Anonymous,
    Role::ExpiredToken,
    Role::RevokedToken,
    Role::Outsider,
    Role::OtherProgrammeEditor,
    Role::Viewer,
    Role::Board,
    Role::Editor,
    Role::Observer,
    Role::Admin,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Read,
    Write,
    /// A write naming a row of the other programme: refused like a write, and 404 for
    /// the editor (the row is not in this programme).
    WriteOtherRow,
}

/// What a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Empty,
    /// A row as JSON (API) or as the page's form.
    Row,
    /// A CSV file: `text/csv` (API) or the upload form's file (pages).
    Csv,
    /// The preview's confirmation form: the file, base64.
    Confirm,
}

/// The API's results routes; `{s}` is the programme, `{id}` a fresh row of it,
/// `{other}` a row of the other programme.
const API: &[(&str, &str, Needs, Body)] = &[
    (
        "GET",
        "/api/v1/programmes/{s}/results",
        Needs::Read,
        Body::Empty,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/results?year=2025&area=B%C3%A6rekraft",
        Needs::Read,
        Body::Empty,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/results",
        Needs::Write,
        Body::Row,
    ),
    (
        "PUT",
        "/api/v1/programmes/{s}/results/{id}",
        Needs::Write,
        Body::Row,
    ),
    (
        "PUT",
        "/api/v1/programmes/{s}/results/{other}",
        Needs::WriteOtherRow,
        Body::Row,
    ),
    (
        "DELETE",
        "/api/v1/programmes/{s}/results/{id}",
        Needs::Write,
        Body::Empty,
    ),
    (
        "DELETE",
        "/api/v1/programmes/{s}/results/{other}",
        Needs::WriteOtherRow,
        Body::Empty,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/results/import",
        Needs::Write,
        Body::Csv,
    ),
    (
        "POST",
        "/api/v1/programmes/{s}/results/import?dry_run=true",
        Needs::Write,
        Body::Csv,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/results/export.csv",
        Needs::Read,
        Body::Empty,
    ),
    (
        "GET",
        "/api/v1/programmes/{s}/results/export.xlsx",
        Needs::Read,
        Body::Empty,
    ),
];

/// The results pages' routes, as a browser without JavaScript uses them.
const PAGES: &[(&str, &str, Needs, Body)] = &[
    ("GET", "/programmes/{s}/results", Needs::Read, Body::Empty),
    (
        "GET",
        "/programmes/{s}/results?year=2025&area=B%C3%A6rekraft",
        Needs::Read,
        Body::Empty,
    ),
    // The inline edit: the page with the row's form (only an editor gets the form).
    (
        "GET",
        "/programmes/{s}/results?edit={id}",
        Needs::Read,
        Body::Empty,
    ),
    ("POST", "/programmes/{s}/results", Needs::Write, Body::Row),
    (
        "POST",
        "/programmes/{s}/results/{id}",
        Needs::Write,
        Body::Row,
    ),
    (
        "POST",
        "/programmes/{s}/results/{other}",
        Needs::WriteOtherRow,
        Body::Row,
    ),
    (
        "GET",
        "/programmes/{s}/results/{id}/delete",
        Needs::Write,
        Body::Empty,
    ),
    (
        "POST",
        "/programmes/{s}/results/{id}/delete",
        Needs::Write,
        Body::Empty,
    ),
    (
        "POST",
        "/programmes/{s}/results/{other}/delete",
        Needs::WriteOtherRow,
        Body::Empty,
    ),
    // The upload answers with the preview.
    (
        "POST",
        "/programmes/{s}/results/import",
        Needs::Write,
        Body::Csv,
    ),
    (
        "POST",
        "/programmes/{s}/results/import/confirm",
        Needs::Write,
        Body::Confirm,
    ),
];

/// What a role must get: `Ok(())` for a success (2xx; for pages 2xx or a redirect that
/// is not to the login form), `Err(status)` for the denial. `member` is whether the
/// role's membership is in the programme the path names.
fn expected(role: Role, needs: Needs, member: bool, page: bool) -> Result<(), u16> {
    match role {
        Role::Anonymous if page => Err(303),
        Role::Anonymous | Role::ExpiredToken | Role::RevokedToken => Err(401),
        Role::Outsider => Err(404),
        Role::Viewer | Role::Board | Role::Editor | Role::OtherProgrammeEditor if !member => {
            Err(404)
        }
        Role::Editor | Role::OtherProgrammeEditor => match needs {
            Needs::WriteOtherRow => Err(404),
            _ => Ok(()),
        },
        Role::Viewer | Role::Board | Role::Observer | Role::Admin => match needs {
            Needs::Read => Ok(()),
            Needs::Write | Needs::WriteOtherRow => Err(403),
        },
    }
}

/// The programme a role is a member of.
fn membership(role: Role) -> Option<&'static str> {
    match role {
        Role::Viewer | Role::Board | Role::Editor | Role::ExpiredToken | Role::RevokedToken => {
            Some(OWN)
        }
        Role::OtherProgrammeEditor => Some(OTHER),
        _ => None,
    }
}

struct Actor {
    role: Role,
    token: Option<String>,
    browser: Browser,
}

async fn password_user(app: &TestApp, name: &str, global: Option<GlobalRole>) -> User {
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    app.store
        .create_user(name, Some(&hash), global, time::OffsetDateTime::now_utc())
        .await
        .unwrap()
}

/// An API token of `user`, expired or revoked as asked.
async fn token(app: &TestApp, user: &User, role: Role) -> String {
    let token = web::auth::new_api_token().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let info = app
        .store
        .create_token(
            &store::NewToken {
                user_id: user.id,
                token_hash: &web::auth::token_hash(&token),
                label: None,
                expires_at: (role == Role::ExpiredToken).then(|| now - time::Duration::seconds(1)),
            },
            None,
            now - time::Duration::days(1),
        )
        .await
        .unwrap();
    if role == Role::RevokedToken {
        app.store
            .revoke_token(None, &info.id, None, now)
            .await
            .unwrap();
    }
    token
}

/// Every role as an API client and as a browser. The expired and revoked tokens are an
/// editor's of the own programme: the token, not the person, is refused.
async fn actors(app: &TestApp, own: &Programme, other: &Programme) -> Vec<Actor> {
    let mut actors = Vec::new();
    for role in ROLES {
        if role == Role::Anonymous {
            actors.push(Actor {
                role,
                token: None,
                browser: Browser::new(app),
            });
            continue;
        }
        let name = format!("{role:?}").to_lowercase();
        let global = match role {
            Role::Observer => Some(GlobalRole::Observer),
            Role::Admin => Some(GlobalRole::Admin),
            _ => None,
        };
        let user = password_user(app, &name, global).await;
        let membership = match role {
            Role::Viewer => Some((own, ProgrammeRole::Viewer)),
            Role::Board => Some((own, ProgrammeRole::Board)),
            Role::Editor | Role::ExpiredToken | Role::RevokedToken => {
                Some((own, ProgrammeRole::Editor))
            }
            Role::OtherProgrammeEditor => Some((other, ProgrammeRole::Editor)),
            _ => None,
        };
        if let Some((programme, member)) = membership {
            app.member(programme, &user, member).await;
        }
        let token = token(app, &user, role).await;
        let browser = match role {
            // The pages of a person whose token is refused are the editor's: not a case.
            Role::ExpiredToken | Role::RevokedToken => Browser::new(app),
            _ => Browser::login(app, &name, PASSWORD).await,
        };
        actors.push(Actor {
            role,
            token: Some(token),
            browser,
        });
    }
    actors
}

fn row(note: &str) -> plan::results::ResultRow {
    plan::results::ResultRow {
        date: plan::Date::new(2025, 1, 1).unwrap(),
        focus_area: "Bærekraft".to_owned(),
        project: None,
        organisation: None,
        org_number: None,
        new_jobs: 0,
        secured_jobs: 0,
        projects_completed: 0,
        applications_granted: 0,
        granted_amount: plan::Kroner(0),
        note: Some(note.to_owned()),
    }
}

fn csv(note: &str) -> String {
    format!("dato;innsatsområde;merknad\n2025-05-05;Bærekraft;{note}\n")
}

async fn matrix(backend: Backend) {
    let app = spawn_app(backend).await;
    let (own, _) = app.programme_with_plan(OWN).await;
    let (other, _) = app.programme_with_plan(OTHER).await;
    let actors = actors(&app, &own, &other).await;
    let editor_of = |slug: &str| {
        if slug == OWN {
            "editor"
        } else {
            "otherprogrammeeditor"
        }
    };
    let mut editors = std::collections::HashMap::new();
    for slug in [OWN, OTHER] {
        let user = app
            .store
            .user_by_name(editor_of(slug))
            .await
            .unwrap()
            .unwrap()
            .0;
        editors.insert(slug, user);
    }

    let mut failures = Vec::new();
    let mut checked = 0;
    let mut case = 0;
    for actor in &actors {
        for slug in [OWN, OTHER] {
            let (programme, elsewhere, other_slug) = if slug == OWN {
                (&own, &other, OTHER)
            } else {
                (&other, &own, OWN)
            };
            for (page, table) in [(false, API), (true, PAGES)] {
                if page && matches!(actor.role, Role::ExpiredToken | Role::RevokedToken) {
                    continue;
                }
                for (method, template, needs, body) in table {
                    case += 1;
                    let note = format!("fall {case}: {:?} {method} {template}", actor.role);
                    // Fresh rows for the routes that name one: of this programme, and
                    // of the other.
                    let mut fresh = Vec::new();
                    for (programme, slug) in [(programme, slug), (elsewhere, other_slug)] {
                        let stored = app
                            .store
                            .add_result(
                                programme.id,
                                &row(&note),
                                editors[slug].id,
                                time::OffsetDateTime::now_utc(),
                            )
                            .await
                            .unwrap();
                        fresh.push(stored.id.to_string());
                    }
                    let path = template
                        .replace("{s}", slug)
                        .replace("{id}", &fresh[0])
                        .replace("{other}", &fresh[1]);
                    let method = Method::from_bytes(method.as_bytes()).unwrap();
                    let (status, location, text) = if page {
                        page_request(actor, &method, &path, *body, &note).await
                    } else {
                        api_request(&app, actor, &method, &path, *body, &note).await
                    };
                    let what = format!("{:?} {method} {path}", actor.role);
                    let status = status.as_u16();
                    match expected(
                        actor.role,
                        *needs,
                        membership(actor.role) == Some(slug),
                        page,
                    ) {
                        Err(303) => {
                            if status != 303 || !location.starts_with("/login") {
                                failures.push(format!(
                                    "{what}: {status} to «{location}», expected 303 to /login"
                                ));
                            }
                        }
                        Err(denied) => {
                            if status != denied {
                                failures.push(format!("{what}: {status}, expected {denied}"));
                            }
                        }
                        Ok(()) => {
                            let fine = (200..300).contains(&status)
                                || (page && status == 303 && !location.starts_with("/login"));
                            if !fine {
                                failures.push(format!("{what}: {status}, expected success"));
                            }
                        }
                    }
                    // The inline edit's form is only for those who may write.
                    if page && path.contains("?edit=") && status == 200 {
                        let has_form = text.contains("id=\"edit-row\"");
                        let editor = expected(
                            actor.role,
                            Needs::Write,
                            membership(actor.role) == Some(slug),
                            page,
                        )
                        .is_ok();
                        if has_form != editor {
                            failures.push(format!("{what}: the edit form shown: {has_form}"));
                        }
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        checked,
        ROLES.len() * 2 * API.len() + (ROLES.len() - 2) * 2 * PAGES.len()
    );

    // Every change to the registry was made by the editor of its programme.
    let audit = app.store.audit(None).await.unwrap();
    let writes: Vec<_> = audit
        .iter()
        .filter(|e| e.action.starts_with("result"))
        .collect();
    assert!(writes.iter().any(|e| e.action == "results.import"));
    assert!(writes.iter().any(|e| e.action == "result.delete"));
    for entry in &writes {
        let programme = entry.programme.as_deref().unwrap();
        assert_eq!(
            entry.actor.as_deref(),
            Some(editor_of(programme)),
            "{entry:?}"
        );
    }
}

async fn api_request(
    app: &TestApp,
    actor: &Actor,
    method: &Method,
    path: &str,
    body: Body,
    note: &str,
) -> (StatusCode, String, String) {
    let mut request = app.request(method.clone(), path, actor.token.as_deref());
    request = match body {
        Body::Empty => request,
        Body::Row => request.json(&json!({
            "date": "2025-05-05", "focus_area": "Bærekraft", "new_jobs": 1, "note": note,
        })),
        Body::Csv => request.header("Content-Type", "text/csv").body(csv(note)),
        Body::Confirm => unreachable!("the API has no confirmation"),
    };
    let response = request.send().await.unwrap();
    common::browser::answer(response).await
}

async fn page_request(
    actor: &Actor,
    method: &Method,
    path: &str,
    body: Body,
    note: &str,
) -> (StatusCode, String, String) {
    let browser = &actor.browser;
    let anonymous = actor.role == Role::Anonymous;
    if *method == Method::GET {
        let response = browser
            .client
            .get(format!("{}{path}", browser.base))
            .send()
            .await
            .unwrap();
        return common::browser::answer(response).await;
    }
    let form = match body {
        Body::Row => pairs(&[
            ("date", "2025-05-05"),
            ("focus_area", "Bærekraft"),
            ("new_jobs", "1"),
            ("note", note),
        ]),
        Body::Confirm => {
            let file = base64::engine::general_purpose::STANDARD.encode(csv(note));
            pairs(&[("file", &file)])
        }
        Body::Empty => Vec::new(),
        Body::Csv => {
            let csrf = if anonymous {
                String::new()
            } else {
                browser.csrf().await
            };
            let file = csv(note);
            return browser
                .upload(
                    path,
                    &[("csrf_token", &csrf)],
                    Upload {
                        field: "file",
                        file_name: "resultater.csv",
                        media_type: "text/csv",
                        bytes: file.as_bytes(),
                    },
                )
                .await;
        }
    };
    if anonymous {
        browser.post_form(path, &form).await
    } else {
        browser.post(path, &form).await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_results_authorization_matrix() {
    matrix(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_results_authorization_matrix() {
    matrix(Backend::Postgres).await;
}
