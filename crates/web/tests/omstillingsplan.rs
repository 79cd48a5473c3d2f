//! The Omstillingsplan in the API (issue 12, server part), on SQLite and PostgreSQL: its
//! versions and ETags, the board and council steps with their order rules and the frozen
//! PDF, reopen, restore and the audit, all through the generic document handlers; and a
//! yearly plan's check, which follows the programme's current Omstillingsplan.
#![allow(clippy::unwrap_used)]

mod common;

use common::browser::Browser;
use common::{Backend, FJORDVIK_OMSTILLINGSPLAN, TestApp, etag, fixture, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use store::ProgrammeRole;

const OP: &str = "/api/v1/programmes/fjordvik/omstillingsplan";
const PLAN: &str = "/api/v1/programmes/fjordvik/plans/2027";

/// The Fjordvik Omstillingsplan as a draft (no decision dates), changed by `edit`.
fn op_body(edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(FJORDVIK_OMSTILLINGSPLAN).unwrap();
    value.as_object_mut().unwrap().remove("approval");
    edit(&mut value);
    value.to_string()
}

fn codes(check: &Value) -> Vec<String> {
    check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

fn op_codes(check: &Value) -> Vec<String> {
    codes(check)
        .into_iter()
        .filter(|c| c.starts_with("op-"))
        .collect()
}

async fn post(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.request(Method::POST, path, Some(token))
        .send()
        .await
        .unwrap()
}

async fn versions_etags_approvals_reopen_audit(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, editor) = app.programme_with_plan("fjordvik").await;
    let (board_user, board) = app.user("styreleder", None).await;
    app.member(&programme, &board_user, ProgrammeRole::Board)
        .await;

    // None yet.
    assert_eq!(app.get(OP, &editor).await.status(), 404);
    assert_eq!(
        app.get(&format!("{OP}/versions"), &editor).await.status(),
        404
    );

    // PUT creates the first version: 201, Location, ETag, the version without a year.
    let created = app.put_plan(OP, &editor, op_body(|_| {}), None).await;
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.headers()["location"].to_str().unwrap(),
        "/api/v1/programmes/fjordvik/omstillingsplan"
    );
    let tag1 = etag(&created);
    assert!(tag1.starts_with("\"1-"), "{tag1}");
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["version"], 1);
    assert_eq!(created["status"], "draft");
    assert!(created.get("year").is_none(), "{created}");
    assert_eq!(created["check"]["ok"], true, "{created}");
    assert!(created["check"]["totals"]["frames"].is_object());

    // The If-Match rules of plans.
    let again = app.put_plan(OP, &editor, op_body(|_| {}), None).await;
    assert_eq!(again.status(), 428);
    let stale = app
        .put_plan(OP, &editor, op_body(|_| {}), Some("\"7-0000000000000000\""))
        .await;
    assert_eq!(stale.status(), 412);
    let unreadable = app
        .put_plan(
            OP,
            &editor,
            "{\"format\": \"omstillingsplan/1\"}".into(),
            Some(&tag1),
        )
        .await;
    assert_eq!(unreadable.status(), 422);
    assert_eq!(
        unreadable.json::<Value>().await.unwrap()["code"],
        "unreadable-omstillingsplan"
    );
    let a_plan = app
        .put_plan(OP, &editor, fixture("fjordvik-2027.json"), Some(&tag1))
        .await;
    assert_eq!(
        a_plan.status(),
        422,
        "a yearly plan is not an Omstillingsplan"
    );
    let changed = app
        .put_plan(
            OP,
            &editor,
            op_body(|v| v["background"] = json!("Ny bakgrunn.")),
            Some(&tag1),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let tag2 = etag(&changed);
    assert!(tag2.starts_with("\"2-"));

    // GET with its ETag; 304 for the current tag; versions and one version.
    let current = app.get(OP, &editor).await;
    assert_eq!(current.status(), 200);
    assert_eq!(etag(&current), tag2);
    let current: Value = current.json().await.unwrap();
    assert_eq!(current["background"], "Ny bakgrunn.");
    let not_modified = app
        .request(Method::GET, OP, Some(&editor))
        .header("If-None-Match", &tag2)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);
    let versions = app.get_json(&format!("{OP}/versions"), &editor).await;
    assert_eq!(versions.as_array().unwrap().len(), 2);
    assert_eq!(versions[0]["etag"], tag1.as_str());
    let first = app.get(&format!("{OP}/versions/1"), &editor).await;
    assert_eq!(etag(&first), tag1);
    assert_eq!(
        app.get(&format!("{OP}/versions/9"), &editor).await.status(),
        404
    );

    // The check and the documents.
    let check = app.get(&format!("{OP}/check"), &editor).await;
    assert_eq!(check.status(), 200);
    assert_eq!(etag(&check), tag2);
    let check: Value = check.json().await.unwrap();
    assert_eq!(check["ok"], true);
    assert_eq!(check["totals"]["jobs"]["total"], 120);
    let html = app.get(&format!("{OP}/document.html"), &editor).await;
    assert_eq!(html.status(), 200);
    assert!(
        html.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("omstillingsplan")
    );
    let html = html.text().await.unwrap();
    assert!(html.contains("Omstillingsplan"), "the OP's own document");
    assert_eq!(
        app.get(&format!("{OP}/document.odt"), &editor)
            .await
            .status(),
        404
    );

    // Decisions: the same order rules and roles as plans.
    let approvals = format!("{OP}/approvals");
    let board_step = json!({"step": "board", "date": "2024-11-20", "reference": "sak 12/24"});
    let council_step = json!({"step": "council", "date": "2024-12-12", "reference": "sak 40/24"});
    let early = app
        .post_json(&approvals, &editor, council_step.clone())
        .await;
    assert_eq!(early.status(), 409, "council before board");
    assert_eq!(
        early.json::<Value>().await.unwrap()["code"],
        "approval-order"
    );
    let recorded = app.post_json(&approvals, &board, board_step.clone()).await;
    assert_eq!(recorded.status(), 201);
    let recorded: Value = recorded.json().await.unwrap();
    assert_eq!(recorded["version"], 3);
    assert_eq!(recorded["status"], "board-approved");
    assert_eq!(recorded["board"]["reference"], "sak 12/24");
    assert_eq!(recorded["has_pdf"], true);
    assert!(recorded.get("year").is_none());
    let frozen = app.get(OP, &editor).await;
    let frozen_tag = etag(&frozen);
    assert_eq!(
        frozen.json::<Value>().await.unwrap()["approval"]["board"],
        "2024-11-20"
    );
    // Frozen: no PUT, no second board step; the council step is the editor's.
    let put = app
        .put_plan(OP, &editor, op_body(|_| {}), Some(&frozen_tag))
        .await;
    assert_eq!(put.status(), 409);
    assert_eq!(
        app.post_json(&approvals, &board, board_step.clone())
            .await
            .status(),
        409
    );
    assert_eq!(
        app.post_json(&approvals, &board, council_step.clone())
            .await
            .status(),
        403
    );
    let before_board = json!({"step": "council", "date": "2024-11-01", "reference": "x"});
    let refused = app.post_json(&approvals, &editor, before_board).await;
    assert_eq!(refused.status(), 409);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["code"],
        "approval-order"
    );
    // The frozen PDF of the board step is what the document route gives.
    let kept = app
        .store
        .version_pdf(
            programme.id,
            &store::DocKey::single(store::OMSTILLINGSPLAN),
            3,
        )
        .await
        .unwrap()
        .unwrap();
    let pdf = app.get(&format!("{OP}/document.pdf"), &editor).await;
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(pdf.bytes().await.unwrap().as_ref(), kept.as_slice());

    let approved = app
        .post_json(&approvals, &editor, council_step.clone())
        .await;
    assert_eq!(approved.status(), 201);
    let approved: Value = approved.json().await.unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["board"]["date"], "2024-11-20");
    assert_eq!(approved["council"]["date"], "2024-12-12");
    let archive_copy = app
        .store
        .version_pdf(
            programme.id,
            &store::DocKey::single(store::OMSTILLINGSPLAN),
            4,
        )
        .await
        .unwrap()
        .unwrap();
    assert!(
        archive_copy
            .windows(b"pdfaid:part".len())
            .any(|w| w == b"pdfaid:part"),
        "the approved version's PDF is its archive copy (PDF/A)"
    );
    assert_eq!(
        app.post_json(&approvals, &editor, council_step.clone())
            .await
            .status(),
        409
    );

    // Reopen: the editor's; a draft cannot be reopened.
    let reopen = format!("{OP}/reopen");
    assert_eq!(post(&app, &reopen, &board).await.status(), 403);
    let reopened = post(&app, &reopen, &editor).await;
    assert_eq!(reopened.status(), 201);
    let tag5 = etag(&reopened);
    let reopened: Value = reopened.json().await.unwrap();
    assert_eq!(reopened["version"], 5);
    assert_eq!(reopened["status"], "draft");
    assert_eq!(reopened["board"], Value::Null);
    let draft: Value = app.get_json(OP, &editor).await;
    assert!(draft["approval"].is_null() || draft["approval"]["board"].is_null());
    let again = post(&app, &reopen, &editor).await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.json::<Value>().await.unwrap()["code"], "not-frozen");

    // Restore version 1 as version 6 (If-Match required).
    let restore = format!("{OP}/versions/1/restore");
    assert_eq!(post(&app, &restore, &editor).await.status(), 428);
    let restored = app
        .request(Method::POST, &restore, Some(&editor))
        .header("If-Match", &tag5)
        .send()
        .await
        .unwrap();
    assert_eq!(restored.status(), 200);
    let restored: Value = restored.json().await.unwrap();
    assert_eq!(restored["version"], 6);
    assert_ne!(
        app.get_json(OP, &editor).await["background"],
        "Ny bakgrunn."
    );

    // The audit names the kind and its object.
    let audit = app
        .get_json("/api/v1/audit?programme=fjordvik", &editor)
        .await;
    let entries: Vec<(String, String, Option<i64>)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object"] == "omstillingsplan")
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["actor"].as_str().unwrap_or_default().to_owned(),
                e["version_after"].as_i64(),
            )
        })
        .collect();
    let expected: Vec<(String, String, Option<i64>)> = [
        ("omstillingsplan.create", "fjordvik-editor", 1),
        ("omstillingsplan.update", "fjordvik-editor", 2),
        ("omstillingsplan.approve-board", "styreleder", 3),
        ("omstillingsplan.approve-council", "fjordvik-editor", 4),
        ("omstillingsplan.reopen", "fjordvik-editor", 5),
        ("omstillingsplan.update", "fjordvik-editor", 6),
    ]
    .iter()
    .map(|(a, u, v)| ((*a).to_owned(), (*u).to_owned(), Some(*v)))
    .collect();
    assert_eq!(entries, expected);
    // The yearly plan's versions were not touched.
    assert_eq!(
        app.get_json(&format!("{PLAN}/versions"), &editor)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn plan_check_follows_the_omstillingsplan(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, editor) = app.programme_with_plan("fjordvik").await;
    let check_path = format!("{PLAN}/check");

    // No Omstillingsplan: the plan's own check, as before, and a header that says so.
    let alone = app.get(&check_path, &editor).await;
    assert_eq!(alone.status(), 200);
    assert_eq!(alone.headers()["omstillingsplan"], "none");
    let alone_tag = etag(&alone);
    let alone: Value = alone.json().await.unwrap();
    assert!(alone.get("omstillingsplan").is_none());
    assert!(op_codes(&alone).is_empty());

    let overview = "/api/v1/overview?year=2027";
    let status = |overview: &Value| overview["programmes"][0]["omstillingsplan"]["status"].clone();
    assert_eq!(status(&app.get_json(overview, &editor).await), "none");

    // With the Fjordvik Omstillingsplan (the plan is consistent with it): the check names
    // the version it was made against, has no op- finding, and has a new ETag.
    let created = app.put_omstillingsplan("fjordvik", &editor).await;
    let op_tag = etag(&created);
    let against = app.get(&check_path, &editor).await;
    assert!(against.headers().get("omstillingsplan").is_none());
    let against_tag = etag(&against);
    assert_ne!(against_tag, alone_tag);
    assert!(against_tag.contains("-o"), "{against_tag}");
    let against: Value = against.json().await.unwrap();
    assert_eq!(against["omstillingsplan"]["version"], 1);
    assert_eq!(against["omstillingsplan"]["etag"], op_tag.as_str());
    assert!(op_codes(&against).is_empty(), "{:?}", codes(&against));
    assert_eq!(against["ok"], alone["ok"]);
    // The overview reports the Omstillingsplan's status.
    assert_eq!(status(&app.get_json(overview, &editor).await), "draft");

    // A strategy dropped from the Omstillingsplan: the plan's strategy is unknown to it.
    let mut op: Value = serde_json::from_str(FJORDVIK_OMSTILLINGSPLAN).unwrap();
    let dropped = op["focus_areas"][0]["strategies"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let dropped_name = dropped["name"].as_str().unwrap().to_owned();
    let put = app
        .put_plan(OP, &editor, op.to_string(), Some(&op_tag))
        .await;
    assert_eq!(put.status(), 200);
    let op_tag2 = etag(&put);
    let stale = app
        .request(Method::GET, &check_path, Some(&editor))
        .header("If-None-Match", &against_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200, "a changed Omstillingsplan is not 304");
    let unknown: Value = stale.json().await.unwrap();
    assert_eq!(unknown["omstillingsplan"]["version"], 2);
    let finding = unknown["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "op-strategy-unknown")
        .unwrap_or_else(|| panic!("{:?}", codes(&unknown)));
    assert_eq!(finding["severity"], "warning");
    assert!(
        finding["message"].as_str().unwrap().contains(&dropped_name),
        "{finding}"
    );

    // Put back: the finding is gone again.
    let put = app
        .put_plan(
            OP,
            &editor,
            FJORDVIK_OMSTILLINGSPLAN.to_owned(),
            Some(&op_tag2),
        )
        .await;
    assert_eq!(put.status(), 200);
    let back: Value = app.get_json(&check_path, &editor).await;
    assert!(op_codes(&back).is_empty(), "{:?}", codes(&back));
    assert_eq!(back["omstillingsplan"]["version"], 3);

    // A strategy dropped from the plan: op-strategy-missing, an error, so not ok. The
    // PUT's own check (and the overview's summary) stays the plan's own.
    let plan_tag = etag(&app.get(PLAN, &editor).await);
    let mut plan: Value = serde_json::from_str(&fixture("fjordvik-2027.json")).unwrap();
    let removed = plan["focus_areas"][0]["strategies"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let removed_name = removed["name"].as_str().unwrap().to_owned();
    let saved = app
        .put_plan(PLAN, &editor, plan.to_string(), Some(&plan_tag))
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert!(op_codes(&saved["check"]).is_empty());
    let missing: Value = app.get_json(&check_path, &editor).await;
    let finding = missing["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "op-strategy-missing")
        .unwrap_or_else(|| panic!("{:?}", codes(&missing)));
    assert_eq!(finding["severity"], "error");
    assert!(finding["message"].as_str().unwrap().contains(&removed_name));
    assert_eq!(missing["ok"], false);
}

/// The editor's live check as the script posts it: every field of the stored plan.
async fn live_check(browser: &Browser, app: &TestApp, programme: &store::Programme) -> String {
    let version = app
        .store
        .current(programme.id, &store::DocKey::handlingsplan(2027))
        .await
        .unwrap()
        .unwrap();
    let plan = plan::handlingsplan::file::read(&version.body, plan::Syntax::Json).unwrap();
    let mut form: Vec<(String, String)> = web::ui::fields::from_plan(&plan).into_iter().collect();
    form.push(("base_version".into(), version.info.version.to_string()));
    let (status, _, body) = browser
        .post("/programmes/fjordvik/plans/2027/check", &form)
        .await;
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["status"], "ok", "{answer}");
    answer["fragments"]["findings-panel"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The editor (its page and its live check) shows what the API's check shows: the note
/// without an Omstillingsplan, the op- findings in the page's målform with one.
async fn editor_findings_follow_the_omstillingsplan(backend: Backend) {
    let app = spawn_app(backend).await;
    let (programme, token) = app.programme_with_plan("fjordvik").await;
    for name in ["kari", "nils"] {
        let user = app.user_with_password(name, "lang-nok-passord-1").await;
        app.member(&programme, &user, ProgrammeRole::Editor).await;
    }
    let bokmal = Browser::login(&app, "kari", "lang-nok-passord-1").await;
    let nynorsk = Browser::login_with(&app, "nils", "lang-nok-passord-1", Some("nn")).await;
    let editor = "/programmes/fjordvik/plans/2027";

    let (status, page) = bokmal.get(editor).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Programmet har ingen omstillingsplan ennå"),
        "the note"
    );
    assert!(
        live_check(&bokmal, &app, &programme)
            .await
            .contains("Programmet har ingen omstillingsplan ennå")
    );
    let (_, page) = nynorsk.get(editor).await;
    assert!(
        page.contains("Programmet har ingen omstillingsplan enno"),
        "the note in nynorsk"
    );

    // An Omstillingsplan without the plan's first strategy.
    let mut op: Value = serde_json::from_str(FJORDVIK_OMSTILLINGSPLAN).unwrap();
    let dropped = op["focus_areas"][0]["strategies"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let name = dropped["name"].as_str().unwrap().to_owned();
    let put = app.put_plan(OP, &token, op.to_string(), None).await;
    assert_eq!(put.status(), 201);
    let check = app.get_json(&format!("{PLAN}/check"), &token).await;
    let message = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "op-strategy-unknown")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();

    let (_, page) = bokmal.get(editor).await;
    assert!(!page.contains("ingen omstillingsplan"));
    assert!(page.contains(&name), "the finding names the strategy");
    let panel = live_check(&bokmal, &app, &programme).await;
    assert!(!panel.contains("ingen omstillingsplan"));
    assert_eq!(
        panel.matches(&name).count(),
        page_panel_count(&page, &name),
        "the live check shows what the page shows"
    );
    assert!(panel.contains(&name));
    // Nynorsk pages say it in nynorsk (the plan itself is in bokmål, like the API's text).
    let panel = live_check(&nynorsk, &app, &programme).await;
    assert!(panel.contains(&name));
    assert!(!panel.contains(&message), "{panel}");
    let (_, page) = nynorsk.get(editor).await;
    assert!(!page.contains(&message));
    assert!(page.contains(&name));
}

/// How often `text` appears in the page's findings panel.
fn page_panel_count(page: &str, text: &str) -> usize {
    let start = page.find("id=\"findings-title\"").unwrap();
    let end = page[start..]
        .find("</ul>")
        .map_or(page.len(), |e| start + e);
    page[start..end].matches(text).count()
}

/// The demo seeds Fjordvik's Omstillingsplan (a draft) beside its 2027 plan, once: the
/// plan's check is made against it, with no op- error.
async fn the_demo_has_an_omstillingsplan(backend: Backend) {
    let app = spawn_app(backend).await;
    let login = web::demo::seed(&app.store).await.unwrap();
    let again = web::demo::seed(&app.store).await.unwrap();
    let token = again.token;
    assert_eq!(login.programme, "fjordvik");
    let versions = app.get_json(&format!("{OP}/versions"), &token).await;
    assert_eq!(versions.as_array().unwrap().len(), 1, "seeded once");
    assert_eq!(versions[0]["status"], "draft");
    let op: Value = app.get_json(OP, &token).await;
    assert_eq!(op["programme"]["name"], "Fjordvik Vekst");
    assert!(op.get("approval").is_none_or(|a| a["council"].is_null()));
    let check = app.get_json(&format!("{PLAN}/check"), &token).await;
    assert_eq!(check["omstillingsplan"]["version"], 1);
    let errors: Vec<&Value> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error" && f["code"].as_str().unwrap().starts_with("op-"))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(op_codes(&check).contains(&"op-not-adopted".to_owned()));
}

async fn openapi_describes_the_omstillingsplan(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc: Value = app
        .request(Method::GET, "/api/v1/openapi.json", None)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/programmes/{slug}/omstillingsplan",
        "/api/v1/programmes/{slug}/omstillingsplan/check",
        "/api/v1/programmes/{slug}/omstillingsplan/approvals",
        "/api/v1/programmes/{slug}/omstillingsplan/reopen",
        "/api/v1/programmes/{slug}/omstillingsplan/versions",
        "/api/v1/programmes/{slug}/omstillingsplan/versions/{version}",
        "/api/v1/programmes/{slug}/omstillingsplan/versions/{version}/restore",
        "/api/v1/programmes/{slug}/omstillingsplan/versions/{version}/archive.zip",
        "/api/v1/programmes/{slug}/omstillingsplan/document.pdf",
        "/api/v1/programmes/{slug}/omstillingsplan/document.xlsx",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is not described");
    }
    for schema in ["Omstillingsplan", "DocumentVersion", "SavedDocumentVersion"] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema}"
        );
    }
}

macro_rules! suite {
    ($module:ident, $backend:expr) => {
        mod $module {
            use super::*;

            #[tokio::test]
            async fn versions_etags_approvals_reopen_audit() {
                super::versions_etags_approvals_reopen_audit($backend).await;
            }
            #[tokio::test]
            async fn plan_check_follows_the_omstillingsplan() {
                super::plan_check_follows_the_omstillingsplan($backend).await;
            }
            #[tokio::test]
            async fn editor_findings_follow_the_omstillingsplan() {
                super::editor_findings_follow_the_omstillingsplan($backend).await;
            }
            #[tokio::test]
            async fn the_demo_has_an_omstillingsplan() {
                super::the_demo_has_an_omstillingsplan($backend).await;
            }
            #[tokio::test]
            async fn openapi_describes_the_omstillingsplan() {
                super::openapi_describes_the_omstillingsplan($backend).await;
            }
        }
    };
}

suite!(sqlite, Backend::Sqlite);
suite!(postgres, Backend::Postgres);
