//! Issue 11's proof that the spine carries any kind: a tiny kind of document defined only
//! here, a "note" (a title and a text, one decision step, addressed by a key), gets
//! versions, ETags, a decision with its frozen PDF, reopen, restore, the audit and its API
//! routes through the generic code (`web::api::document_routes`, `web::workflow`,
//! `web::approvals`, `web::documents`), with no handler of its own. On SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, etag};
use plan::{Approval, DecisionStep, DocumentKind, Evaluation, FieldPath, Finding, Language};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::{DocKind, PlanVersion, Programme, ProgrammeRole};
use web::kinds::{CheckContext, Kind, Words};

/// The note: two fields and one decision (the council's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Note {
    format: String,
    title: String,
    text: String,
    #[serde(default)]
    adopted: Option<String>,
    #[serde(skip)]
    approval: Approval,
}

const NOTE: DocKind = DocKind {
    name: "note",
    audit_action: "note",
    audit_collection: "notes",
};

impl DocumentKind for Note {
    const KIND: &'static str = "note";
    const FORMAT: &'static str = "note/1";
    const STEPS: &'static [DecisionStep] = &[DecisionStep::Council];
    type Totals = usize;

    fn read(text: &str, _syntax: plan::Syntax) -> Result<Self, plan::ReadError> {
        let mut note: Note = serde_json::from_str(text).map_err(|e| plan::ReadError {
            line: Some(e.line()),
            column: Some(e.column()),
            field: None,
            message: e.to_string(),
        })?;
        note.approval.council = note
            .adopted
            .as_deref()
            .and_then(|d| plan::Date::parse_iso(d).ok());
        Ok(note)
    }
    fn to_json(&self) -> String {
        let mut copy = self.clone();
        copy.adopted = self.approval.council.map(|d| d.to_string());
        serde_json::to_string(&copy).unwrap()
    }
    fn evaluate(&self) -> Evaluation<usize> {
        let mut findings = Vec::new();
        if self.title.trim().is_empty() {
            // The note's own rule: no title is an error (it cannot be decided).
            findings.push(Finding {
                severity: plan::Severity::Error,
                ..Finding::new(
                    plan::Code::MissingText,
                    FieldPath::root("title"),
                    "Notatet mangler tittel.".into(),
                )
            });
        }
        Evaluation {
            totals: self.text.chars().count(),
            findings,
        }
    }
    fn check_json(evaluation: &Evaluation<usize>) -> Value {
        plan::evaluation::check_json(evaluation, |length| json!({ "length": length }))
    }
    fn approval(&self) -> &Approval {
        &self.approval
    }
    fn approval_mut(&mut self) -> &mut Approval {
        &mut self.approval
    }
}

impl Kind for Note {
    const STORE: DocKind = NOTE;
    const WORDS: Words = Words {
        not_found: "notatet",
        unreadable_code: "unreadable-note",
        unreadable: "Notatet kan ikke leses",
        forbid_edit: "endre notater",
        forbid_reopen: "gjenåpne notater",
        forbid_restore: "gjenopprette notater",
        forbid_delete: "slette notater",
        locked: "Notatet er vedtatt og låst.",
    };
    type Context = ();

    fn parse_key(raw: Option<&str>) -> Result<String, web::AppError> {
        raw.filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase()))
            .map(str::to_owned)
            .ok_or(web::AppError::NotFound("notatet"))
    }
    fn key_json(key: &str) -> Option<(&'static str, Value)> {
        Some(("key", json!(key)))
    }
    fn api_path(slug: &str, key: &str) -> String {
        format!("/api/v1/programmes/{slug}/notes/{key}")
    }
    fn language(&self) -> Language {
        Language::Bokmal
    }
    fn document(&self, _evaluation: &Evaluation<usize>) -> render::Document {
        render::Document {
            language: Language::Bokmal,
            title: self.title.clone(),
            description: "Notat".into(),
            front: render::document::FrontPage {
                title: self.title.clone(),
                subtitle: "Notat".into(),
                vision: None,
                approvals: Vec::new(),
                draft: None,
                has_errors: false,
                logo: None,
            },
            contents: render::document::Contents {
                title: "Innhold".into(),
                label: "Innhold".into(),
                update_hint: String::new(),
                entries: Vec::new(),
            },
            blocks: vec![render::document::Block::Paragraph(
                render::document::Paragraph {
                    label: None,
                    text: self.text.clone(),
                    kind: render::document::ParagraphKind::Body,
                },
            )],
            footer: self.title.clone(),
            page_label: ("Side".into(), "av".into()),
            file_stem: "notat".into(),
            chapters_on_new_pages: false,
        }
    }
    fn file_name(&self, extension: &str) -> String {
        format!("notat.{extension}")
    }
    async fn check_context(
        _state: &web::AppState,
        _programme: &Programme,
    ) -> Result<CheckContext<()>, web::AppError> {
        Ok(CheckContext::default())
    }
    fn evaluate_in(&self, _context: &()) -> Evaluation<usize> {
        self.evaluate()
    }
    async fn live_findings(
        _state: &web::AppState,
        _programme: &Programme,
        _version: &PlanVersion,
    ) -> Result<Option<Finding>, web::AppError> {
        Ok(None)
    }
}

const BASE: &str = "/api/v1/programmes/{slug}/notes/{key}";

async fn note_through_the_spine(backend: Backend) {
    let url = store::testing::fresh_url(backend).await;
    let store = store::connect(&url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = web::AppState::new(store.clone(), web::AppConfig::default());
    let app = web::app_with(state, web::api::document_routes::<Note>(BASE));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let app = common::TestApp {
        base,
        store,
        url,
        client: reqwest::Client::new(),
    };
    let programme = app.programme("fjordvik").await;
    let (editor_user, editor) = app.user("redaktor", None).await;
    app.member(&programme, &editor_user, ProgrammeRole::Editor)
        .await;
    let (viewer_user, viewer) = app.user("leser", None).await;
    app.member(&programme, &viewer_user, ProgrammeRole::Viewer)
        .await;
    let note = "/api/v1/programmes/fjordvik/notes/referat";
    let body = |title: &str| {
        json!({ "format": "note/1", "title": title, "text": "Møtet vedtok planen." }).to_string()
    };

    // Versions and ETags.
    assert_eq!(
        app.put_plan(note, &viewer, body("Referat"), None)
            .await
            .status(),
        403
    );
    let created = app.put_plan(note, &editor, body(""), None).await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.headers()["location"].to_str().unwrap(), note);
    let tag1 = etag(&created);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["key"], "referat");
    assert_eq!(created["check"]["ok"], false);
    assert_eq!(created["check"]["totals"]["length"], 20);
    assert_eq!(
        app.put_plan(note, &editor, body("x"), None).await.status(),
        428
    );
    assert_eq!(
        app.put_plan(note, &editor, "{}".into(), Some(&tag1))
            .await
            .json::<Value>()
            .await
            .unwrap()["code"],
        "unreadable-note"
    );
    assert_eq!(
        app.get("/api/v1/programmes/fjordvik/notes/IKKE", &editor)
            .await
            .status(),
        404
    );

    // The decision is refused while the note has an error, then taken.
    let approvals = format!("{note}/approvals");
    let step = json!({"step": "council", "date": "2026-11-30", "reference": "sak 1/26"});
    let refused = app.post_json(&approvals, &editor, step.clone()).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["code"],
        "plan-has-errors"
    );
    let board = json!({"step": "board", "date": "2026-11-30"});
    assert_eq!(
        app.post_json(&approvals, &editor, board).await.status(),
        422,
        "a note has no board step"
    );
    let fixed = app
        .put_plan(note, &editor, body("Referat"), Some(&tag1))
        .await;
    assert_eq!(fixed.status(), 200);
    let decided = app.post_json(&approvals, &editor, step.clone()).await;
    assert_eq!(decided.status(), 201);
    let decided: Value = decided.json().await.unwrap();
    assert_eq!(decided["status"], "approved");
    assert_eq!(decided["council"]["reference"], "sak 1/26");
    assert_eq!(decided["has_pdf"], true);
    assert_eq!(app.get_json(note, &editor).await["adopted"], "2026-11-30");
    let pdf = app.get(&format!("{note}/document.pdf"), &editor).await;
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    assert_eq!(
        app.put_plan(
            note,
            &editor,
            body("Nytt"),
            Some(&etag(&app.get(note, &editor).await))
        )
        .await
        .status(),
        409,
        "frozen"
    );

    // Reopen, restore, versions, audit.
    let reopened = app
        .request(Method::POST, &format!("{note}/reopen"), Some(&editor))
        .send()
        .await
        .unwrap();
    assert_eq!(reopened.status(), 201);
    let tag4 = etag(&reopened);
    assert_eq!(app.get_json(note, &editor).await["adopted"], Value::Null);
    let restored = app
        .request(
            Method::POST,
            &format!("{note}/versions/1/restore"),
            Some(&editor),
        )
        .header("If-Match", &tag4)
        .send()
        .await
        .unwrap();
    assert_eq!(restored.status(), 200);
    assert_eq!(app.get_json(note, &editor).await["title"], "");
    let versions = app.get_json(&format!("{note}/versions"), &editor).await;
    let statuses: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["draft", "draft", "approved", "draft", "draft"]);
    let audit = app
        .get_json("/api/v1/audit?programme=fjordvik", &editor)
        .await;
    let actions: Vec<(&str, &str)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object"] == "notes/referat")
        .map(|e| (e["action"].as_str().unwrap(), e["object"].as_str().unwrap()))
        .map(|(a, _)| (a, "notes/referat"))
        .collect();
    assert_eq!(
        actions.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
        [
            "note.create",
            "note.update",
            "note.approve-council",
            "note.reopen",
            "note.update"
        ]
    );
}

#[tokio::test]
async fn sqlite_note_kind_through_the_spine() {
    note_through_the_spine(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_note_kind_through_the_spine() {
    note_through_the_spine(Backend::Postgres).await;
}
