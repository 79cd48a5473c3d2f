//! The results registry's API (issue 13) under `/api/v1/programmes/{slug}/results`:
//! list with filters (year, area), add, change, delete, import a spreadsheet's CSV
//! (`text/csv`, all or nothing, `?dry_run=true` for a preview, 422 with every error)
//! and export as CSV and XLSX.
//!
//! Roles: editors write; board members, viewers, admins and observers read. Rows are
//! checked against the focus areas of the programme's latest plan and the programme's
//! period, by the same core rules as `omstilling results` ([`plan::results`]).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};

use crate::api::QueryParams;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use plan::Period;
use plan::handlingsplan::Plan;
use plan::results::{self, Column, RegistryContext, ResultRow};
use serde::Deserialize;
use serde_json::{Value, json};
use store::results::{ResultFilter, StoredResult};
use store::{Programme, StoreError};

use crate::AppState;
use crate::access::{Access, programme_access};
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The largest CSV file an import takes (50 000 rows are about 6 MB).
const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

/// The results routes.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/api/v1/programmes/{slug}/results",
            get(list_results).post(add_result),
        )
        .route(
            "/api/v1/programmes/{slug}/results/import",
            post(import_results).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route(
            "/api/v1/programmes/{slug}/results/export.csv",
            get(export_results_csv),
        )
        .route(
            "/api/v1/programmes/{slug}/results/export.xlsx",
            get(export_results_xlsx),
        )
        .route(
            "/api/v1/programmes/{slug}/results/{id}",
            put(change_result).delete(delete_result),
        )
}

/// The programme, the caller's access, and what rows are checked against: the areas of
/// the latest plan (and its year, for the records) and the programme's period.
pub(crate) struct Registry {
    pub programme: Programme,
    pub access: Access,
    pub context: RegistryContext,
    pub plan: Option<Plan>,
}

pub(crate) async fn registry(
    state: &AppState,
    current: &CurrentUser,
    slug: &str,
) -> Result<Registry, AppError> {
    let (programme, access) = programme_access(state, &current.user, slug).await?;
    registry_of(state, programme, access).await
}

/// The registry of a programme the caller was given access to.
pub(crate) async fn registry_of(
    state: &AppState,
    programme: Programme,
    access: Access,
) -> Result<Registry, AppError> {
    let plans = state
        .store
        .documents(programme.id, store::HANDLINGSPLAN)
        .await?;
    let plan = match plans.iter().filter_map(|info| info.year()).max() {
        Some(year) => match state
            .store
            .current(programme.id, &store::DocKey::handlingsplan(year))
            .await?
        {
            Some(version) => Some(crate::api::stored_plan(&version)?),
            None => None,
        },
        None => None,
    };
    let period = Period {
        from: programme.period_from,
        to: programme.period_to,
    };
    let context = RegistryContext {
        areas: plan
            .as_ref()
            .map(|plan| plan.focus_areas.iter().map(|a| a.name.clone()).collect())
            .unwrap_or_default(),
        period,
    };
    Ok(Registry {
        programme,
        access,
        context,
        plan,
    })
}

pub(crate) fn require_edit(access: Access) -> Result<(), AppError> {
    if access.can_edit() {
        Ok(())
    } else {
        Err(AppError::Forbidden("endre resultater i dette programmet"))
    }
}

/// A row as the API shows it.
fn row_json(row: &ResultRow) -> Value {
    json!({
        "date": row.date.to_string(),
        "focus_area": row.focus_area,
        "project": row.project,
        "organisation": row.organisation,
        "org_number": row.org_number.as_ref().map(|o| o.as_str()),
        "new_jobs": row.new_jobs,
        "secured_jobs": row.secured_jobs,
        "projects_completed": row.projects_completed,
        "applications_granted": row.applications_granted,
        "granted_amount": row.granted_amount.0,
        "note": row.note,
    })
}

fn stored_json(stored: &StoredResult) -> Value {
    let mut value = row_json(&stored.row);
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    value["id"] = json!(stored.id);
    value["created_at"] = json!(stored.created_at.format(rfc3339).unwrap_or_default());
    value["updated_at"] = json!(stored.updated_at.format(rfc3339).unwrap_or_default());
    value
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    year: Option<String>,
    area: Option<String>,
}

async fn list_results(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
    QueryParams(query): QueryParams<ListQuery>,
) -> Result<Json<Value>, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    let year = match query
        .year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        Some(text) => Some(crate::api::year_of(text).ok_or_else(|| {
            AppError::BadRequest(format!(
                "«{text}» er ikke et årstall (fire sifre, for eksempel 2027)."
            ))
        })?),
        None => None,
    };
    let filter = ResultFilter {
        year,
        area: query.area.filter(|a| !a.trim().is_empty()),
    };
    let rows = state.store.results(registry.programme.id, &filter).await?;
    let plain: Vec<&ResultRow> = rows.iter().map(|stored| &stored.row).collect();
    let sums = sums_json(&plain, &registry);
    Ok(Json(json!({
        "rows": rows.iter().map(stored_json).collect::<Vec<_>>(),
        "sums": sums,
    })))
}

/// Sums per (year, area) over the given rows, every year of the period (not only the
/// years before a plan): the table's totals.
fn sums_json(rows: &[&ResultRow], registry: &Registry) -> Value {
    let after_period = registry.context.period.to.saturating_add(1);
    let aggregation = results::aggregate(rows.iter().copied(), &registry.context, after_period);
    aggregation_json(&aggregation)
}

fn aggregation_json(aggregation: &results::Aggregation) -> Value {
    let import = results::Import::default();
    let report = results::report_json(&import, aggregation, plan::Language::Bokmal);
    json!({ "records": report["records"], "granted_amount": report["granted_amount"] })
}

/// The fields of a row as the API and the pages name them, with their CSV columns.
pub(crate) const FIELDS: [(&str, Column); 11] = [
    ("date", Column::Date),
    ("focus_area", Column::FocusArea),
    ("project", Column::Project),
    ("organisation", Column::Organisation),
    ("org_number", Column::OrgNumber),
    ("new_jobs", Column::NewJobs),
    ("secured_jobs", Column::SecuredJobs),
    ("projects_completed", Column::ProjectsCompleted),
    ("applications_granted", Column::ApplicationsGranted),
    ("granted_amount", Column::GrantedAmount),
    ("note", Column::Note),
];

/// A row from a JSON body by the rules of spec §2, the fields named as in the API's
/// answers; numbers may be JSON numbers or texts as in the spreadsheet.
fn row_from_json(body: &Value, context: &RegistryContext) -> Result<ResultRow, AppError> {
    let Some(object) = body.as_object() else {
        return Err(AppError::BadRequest(
            "raden må være et JSON-objekt".to_owned(),
        ));
    };
    let fields = FIELDS;
    if let Some(unknown) = object
        .keys()
        .find(|key| !fields.iter().any(|(name, _)| name == key))
    {
        return Err(AppError::BadRequest(format!("ukjent felt «{unknown}»")));
    }
    let texts: Vec<(Column, String)> = fields
        .iter()
        .map(|(name, column)| {
            let text = match object.get(*name) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.clone(),
                Some(Value::Number(number)) => number.to_string(),
                Some(other) => other.to_string(),
            };
            (*column, text)
        })
        .collect();
    let cell = |column: Column| -> &str {
        texts
            .iter()
            .find(|(c, _)| *c == column)
            .map_or("", |(_, text)| text.as_str())
    };
    results::read_fields(cell, 0, context).map_err(|errors| invalid_row(&errors))
}

fn json_body(body: &[u8]) -> Result<Value, AppError> {
    serde_json::from_slice(body)
        .map_err(|error| AppError::BadRequest(format!("brødteksten er ikke gyldig JSON: {error}")))
}

fn invalid_row(errors: &[results::ImportError]) -> AppError {
    AppError::Unprocessable {
        code: "result-invalid",
        message: errors
            .iter()
            .map(|e| e.message.bokmal.clone())
            .collect::<Vec<_>>()
            .join("; "),
        details: Some(json!({
            "errors": errors.iter().map(|e| json!({
                "column": e.column, "code": e.code.as_str(), "message": e.message.bokmal,
            })).collect::<Vec<_>>()
        })),
    }
}

fn store_conflict(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(_) => AppError::Conflict {
            code: "result-duplicate",
            message: "en helt lik rad finnes allerede i registeret".to_owned(),
            details: None,
        },
        StoreError::NotFound => AppError::NotFound("raden"),
        other => other.into(),
    }
}

async fn add_result(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    require_edit(registry.access)?;
    let row = row_from_json(&json_body(&body)?, &registry.context)?;
    let stored = state
        .store
        .add_result(
            registry.programme.id,
            &row,
            current.user.id,
            crate::clock::now(),
        )
        .await
        .map_err(store_conflict)?;
    Ok((StatusCode::CREATED, Json(stored_json(&stored))).into_response())
}

async fn change_result(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("raden"))?;
    require_edit(registry.access)?;
    let row = row_from_json(&json_body(&body)?, &registry.context)?;
    let stored = state
        .store
        .change_result(
            registry.programme.id,
            id,
            &row,
            current.user.id,
            crate::clock::now(),
        )
        .await
        .map_err(store_conflict)?;
    Ok(Json(stored_json(&stored)))
}

async fn delete_result(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((slug, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("raden"))?;
    require_edit(registry.access)?;
    state
        .store
        .delete_result(
            registry.programme.id,
            id,
            current.user.id,
            crate::clock::now(),
        )
        .await
        .map_err(store_conflict)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
struct ImportQuery {
    dry_run: Option<String>,
}

/// `POST …/results/import`: the CSV file as the body. Errors: 422 with the report of
/// spec §5 (every error) and nothing stored. A dry run answers what an import would
/// store (the rows, and the lines of duplicates) and stores nothing.
async fn import_results(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
    QueryParams(query): QueryParams<ImportQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    require_edit(registry.access)?;
    let dry_run = match query.dry_run.as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") | Some("") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "dry_run må være true eller false, ikke «{other}»"
            )));
        }
    };
    if registry.plan.is_none() {
        return Err(AppError::Conflict {
            code: "results-no-plan",
            message: "programmet har ingen plan ennå; innsatsområdene hentes fra planen".to_owned(),
            details: None,
        });
    }
    let import = prepare_import(&state, &registry, &body).await?;
    let language = registry
        .plan
        .as_ref()
        .map_or(plan::Language::Bokmal, |plan| plan.language);
    let plan_year = registry.plan.as_ref().map_or(0, |plan| plan.year);
    if !import.is_ok() {
        let mut report = results::report_json(&import, &Default::default(), language);
        report["code"] = json!("results-import-invalid");
        report["message"] = json!(format!(
            "fila har {} feil; ingenting er lagret",
            import.errors.len()
        ));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(report)).into_response());
    }
    let new_rows: Vec<ResultRow> = import.new_rows.iter().map(|l| l.row.clone()).collect();
    let added = if dry_run {
        new_rows.len()
    } else {
        let outcome = state
            .store
            .import_results(
                registry.programme.id,
                &new_rows,
                current.user.id,
                crate::clock::now(),
            )
            .await?;
        // Rows another import stored meanwhile are skipped by the store: duplicates too.
        outcome.added
    };
    let all_rows = state
        .store
        .results(registry.programme.id, &ResultFilter::default())
        .await?;
    let preview_rows: Vec<&ResultRow> = if dry_run {
        all_rows
            .iter()
            .map(|s| &s.row)
            .chain(new_rows.iter())
            .collect()
    } else {
        all_rows.iter().map(|s| &s.row).collect()
    };
    let aggregation = results::aggregate(preview_rows, &registry.context, plan_year);
    let duplicates_total = import.rows_read.saturating_sub(added);
    let mut report = results::report_json(&import, &aggregation, language);
    report["duplicates"] = json!(duplicates_total);
    report["added"] = json!(added);
    report["dry_run"] = json!(dry_run);
    report["plan_year"] = json!(plan_year);
    report["duplicate_lines"] = json!(import.duplicates);
    if dry_run {
        report["new_rows"] = Value::Array(
            import
                .new_rows
                .iter()
                .map(|lined| {
                    let mut value = row_json(&lined.row);
                    value["line"] = json!(lined.line);
                    value
                })
                .collect(),
        );
    }
    Ok((StatusCode::OK, Json(report)).into_response())
}

/// Reads a CSV file against the registry and sorts its rows into new ones and
/// duplicates of the stored rows (nothing stored): the API's and the page's import.
pub(crate) async fn prepare_import(
    state: &AppState,
    registry: &Registry,
    body: &[u8],
) -> Result<results::Import, AppError> {
    let reading =
        results::read_csv(body, &registry.context).map_err(|error| AppError::Unprocessable {
            code: "results-unreadable",
            message: error.message.bokmal.clone(),
            details: None,
        })?;
    let existing = state
        .store
        .results(registry.programme.id, &ResultFilter::default())
        .await?;
    Ok(results::sort_duplicates(
        reading,
        existing.iter().map(|s| &s.row),
    ))
}

/// The programme's rows as CSV: `;`, UTF-8 with BOM, so Excel opens `æøå` intact.
async fn export_results_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    let rows = state
        .store
        .results(registry.programme.id, &ResultFilter::default())
        .await?;
    let bytes = results::export_csv(rows.iter().map(|s| &s.row));
    Ok(crate::documents::attachment(
        crate::documents::CSV,
        &format!("resultater-{}.csv", registry.programme.slug),
        bytes,
    ))
}

/// The programme's rows as an Excel workbook ([`render::results::xlsx`]), in the
/// language of the programme's latest plan.
async fn export_results_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let registry = registry(&state, &current, &slug).await?;
    let rows: Vec<ResultRow> = state
        .store
        .results(registry.programme.id, &ResultFilter::default())
        .await?
        .into_iter()
        .map(|stored| stored.row)
        .collect();
    let language = registry
        .plan
        .as_ref()
        .map_or(plan::Language::Bokmal, |plan| plan.language);
    let title = registry.programme.name.clone();
    let bytes = tokio::task::spawn_blocking(move || render::results::xlsx(&rows, &title, language))
        .await
        .map_err(AppError::internal)?
        .map_err(|error| AppError::Unprocessable {
            code: "results-xlsx",
            message: error.to_string(),
            details: None,
        })?;
    Ok(crate::documents::attachment(
        crate::documents::XLSX,
        &format!("resultater-{}.xlsx", registry.programme.slug),
        bytes,
    ))
}

/// The records the registry gives now for `plan` (spec §4): the programme's rows summed
/// for the plan's year, over the plan's own areas and period. Empty when the programme
/// has no rows.
pub async fn registry_records(
    state: &AppState,
    programme_id: store::ProgrammeId,
    plan: &Plan,
) -> Result<Vec<plan::handlingsplan::ResultRecord>, AppError> {
    let rows = state
        .store
        .results(programme_id, &ResultFilter::default())
        .await?;
    Ok(records_of(&rows, plan))
}

fn records_of(rows: &[StoredResult], plan: &Plan) -> Vec<plan::handlingsplan::ResultRecord> {
    if rows.is_empty() {
        return Vec::new();
    }
    let context = RegistryContext::from_plan(plan);
    results::aggregate(rows.iter().map(|s| &s.row), &context, plan.year).records
}

/// The warning `results-registry-differs` for a draft whose 1.1 records are not what
/// the registry gives now ([`plan::results::registry_differs`]); `None` for a frozen
/// version (its figures are what was decided) and when the registry has no rows.
pub async fn registry_finding(
    state: &AppState,
    programme_id: store::ProgrammeId,
    version: &store::PlanVersion,
    plan: Option<&Plan>,
) -> Result<Option<plan::Finding>, AppError> {
    if version.info.status.is_frozen() {
        return Ok(None);
    }
    let rows = state
        .store
        .results(programme_id, &ResultFilter::default())
        .await?;
    if rows.is_empty() {
        return Ok(None);
    }
    // The plan is read only when there is something to compare it with.
    let read;
    let plan = match plan {
        Some(plan) => plan,
        None => {
            read = crate::api::stored_plan(version)?;
            &read
        }
    };
    Ok(results::registry_differs(plan, &records_of(&rows, plan)))
}
