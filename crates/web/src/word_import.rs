//! Word import through the API (issue 15, spec `import.md`):
//! `POST /api/v1/programmes/{slug}/plans/{year}/import` with a DOCX body.
//!
//! `?dry_run=true` answers the preview and stores nothing: the imported plan, the import
//! findings (with their `where` in the Word document), every sum the document typed beside
//! what the imported figures give, and the plan's check object (its computed totals and
//! findings). Without it the plan is saved as the year's draft through the one save path
//! of `PUT …/plans/{year}` ([`crate::api::save_draft`]): a new plan when the year has
//! none, else a new version under the usual `If-Match` rules.
//!
//! The importer is pure and bounds itself (`import::Limits`: package size, entries,
//! inflated bytes, XML depth, table cells); it runs on a blocking thread, so a hostile
//! document costs one thread for a bounded time. The body's size is bounded before it is
//! read by [`crate::security`] (`BodyKind::Docx`, `--max-docx-mb`). The pages
//! ([`crate::ui`]'s `import`) use the same [`run`] and [`plan_for_year`].

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use plan::handlingsplan::Plan;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::access::programme_access;
use crate::api::{Params, QueryParams, if_match_version, parse_year, save_draft};
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The route of the Word import.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/api/v1/programmes/{slug}/plans/{year}/import",
        post(post_import),
    )
}

/// Runs the importer on a blocking thread. A file that is not a readable DOCX, breaks a
/// limit, or holds no Handlingsplan is a 422 with the importer's Norwegian message
/// (`unreadable-docx`, `no-plan`).
pub(crate) async fn run(bytes: Bytes) -> Result<::import::Import, AppError> {
    let outcome = tokio::task::spawn_blocking(move || ::import::import(&bytes))
        .await
        .map_err(AppError::internal)?;
    outcome.map_err(|error| match error {
        ::import::ImportError::Unreadable(message) => AppError::Unprocessable {
            code: "unreadable-docx",
            message: format!("Dokumentet kan ikke leses som Word-dokument: {message}"),
            details: Some(json!({ "errors": [message] })),
        },
        ::import::ImportError::NoPlan(message) => AppError::Unprocessable {
            code: "no-plan",
            message: format!("Dokumentet er et Word-dokument, men uten handlingsplan: {message}"),
            details: Some(json!({ "errors": [message] })),
        },
    })
}

/// The imported plan as the plan of `year`: a document that names another year is
/// refused (422 `year-mismatch`, as a `PUT` of a plan of another year is); one that
/// names no year (its finding says so) becomes the plan of `year`.
pub(crate) fn plan_for_year(imported: &::import::Import, year: i32) -> Result<Plan, AppError> {
    let mut plan = imported.plan.clone();
    match imported.document_year {
        Some(named) if named != year => Err(AppError::Unprocessable {
            code: "year-mismatch",
            message: format!(
                "Dokumentet er handlingsplanen for {named}, ikke for {year}. Importer det \
                 som planen for {named}."
            ),
            details: Some(json!({ "document_year": named })),
        }),
        _ => {
            plan.year = year;
            Ok(plan)
        }
    }
}

/// What the import gave, as JSON: `plan`, `findings` (spec §1), `sums` (every typed sum:
/// `label`, `where`, `typed`, `computed`, `differs`) and `check` (the plan's check object
/// with its computed `totals`).
pub(crate) fn import_json(imported: &::import::Import, plan: &Plan) -> Value {
    let mut out = imported.to_json();
    out["plan"] =
        serde_json::from_str(&plan::handlingsplan::file::to_json(plan)).unwrap_or_default();
    out["sums"] = imported.sums_json();
    out["check"] = plan::handlingsplan::report::check_json(&plan::handlingsplan::evaluate(plan));
    out
}

#[derive(Debug, Deserialize)]
struct ImportQuery {
    dry_run: Option<String>,
}

fn dry_run(query: &ImportQuery) -> Result<bool, AppError> {
    match query.dry_run.as_deref() {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(AppError::BadRequest(format!(
            "dry_run må være true eller false, ikke «{}»",
            other.chars().take(40).collect::<String>()
        ))),
    }
}

/// `POST …/plans/{year}/import`: 200 with the preview (`dry_run`), else 201 (a new plan)
/// or 200 (a new version) with the saved version, its check and the import's findings.
async fn post_import(
    State(state): State<AppState>,
    current: CurrentUser,
    Params((slug, year)): Params<(String, String)>,
    QueryParams(query): QueryParams<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let (programme, access) = programme_access(&state, &current.user, &slug).await?;
    let year = parse_year(&year)?;
    if !access.can_edit() {
        return Err(AppError::Forbidden("importere planer i dette programmet"));
    }
    let dry_run = dry_run(&query)?;
    let expected = if_match_version(&headers)?;
    if body.is_empty() {
        return Err(AppError::Unprocessable {
            code: "unreadable-docx",
            message: "Dokumentet kan ikke leses som Word-dokument: innholdet er tomt.".into(),
            details: Some(json!({ "errors": ["innholdet er tomt"] })),
        });
    }
    let imported = run(body).await?;
    let plan = plan_for_year(&imported, year)?;
    let mut report = import_json(&imported, &plan);
    tracing::info!(
        user_id = current.user.id,
        programme = %programme.slug,
        year,
        dry_run,
        findings = imported.findings.len(),
        "word document imported"
    );
    if dry_run {
        let current_version = state
            .store
            .current(programme.id, &store::DocKey::handlingsplan(year))
            .await?
            .map(|version| {
                json!({
                    "version": version.info.version,
                    "status": version.info.status,
                    "etag": crate::api::etag(&version.info),
                })
            });
        report["dry_run"] = json!(true);
        report["year"] = json!(year);
        report["current"] = current_version.unwrap_or(Value::Null);
        return Ok(Json(report).into_response());
    }
    let mut saved = save_draft(&state, &programme, &plan, expected, current.user.id).await?;
    saved.body["import"] = json!({
        "findings": report["findings"].take(),
        "sums": report["sums"].take(),
    });
    Ok(saved.into_response(&programme.slug))
}
