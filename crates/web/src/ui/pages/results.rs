//! The results registry's pages (issue 13): the results page of a programme (table with
//! filters, sums per year and area, add and edit a row inline, delete with
//! confirmation, CSV import with a preview), and the editor's "Hent resultater fra
//! registeret" button, which fills `previous_results.records` of a draft from the rows.
//!
//! Rows are checked by the same core rules as the API ([`crate::results`],
//! [`plan::results`]); access is [`crate::access`]'s: editors write, board members,
//! viewers and observers read. Everything works without JavaScript: forms post and
//! redirect, the upload is a multipart form whose preview carries the file to confirm.

use crate::ui::page::ProgrammeContext;
use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine as _;
use plan::Language;
use plan::handlingsplan::Plan;
use plan::results::{self as core, Column, ResultRow};
use store::Programme;
use store::results::{ResultFilter, StoredResult};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::results::{FIELDS, Registry};
use crate::ui::ops::Op;
use crate::ui::texts::Texts;
use crate::ui::views::{EditorPage, Layout};
use crate::ui::{computed, error_page, html, layout, page_language};

/// For the editor's save: when the button was "Hent resultater fra registeret", the
/// plan with its records replaced by the registry's (`Some(true)`), or unchanged when
/// the registry has none for the years before the plan (`Some(false)`); any other
/// button leaves the plan as it is (`None`).
pub(in crate::ui) async fn fetch_records(
    state: &AppState,
    programme: &Programme,
    op: &Op,
    plan: Plan,
) -> Result<(Plan, Option<bool>), AppError> {
    if *op != Op::FetchResults {
        return Ok((plan, None));
    }
    let records = crate::results::registry_records(state, programme.id, &plan).await?;
    if records.is_empty() {
        return Ok((plan, Some(false)));
    }
    Ok((core::with_records(&plan, records), Some(true)))
}

/// Adds the findings the editor shows beside the plan's own ([`crate::ui::Added`]: the `op-`
/// findings, the registry's warning, the note when there is no Omstillingsplan) to the
/// findings panel and to the fields they belong to.
pub(in crate::ui) fn show_findings(
    page: &mut EditorPage,
    plan: &Plan,
    mut evaluation: plan::Evaluation,
    added: crate::ui::Added,
    t: &Texts,
) {
    evaluation.findings.extend(added.findings);
    page.fragments.insert(
        "findings-panel".to_owned(),
        computed::findings_panel_with(plan, &evaluation, &page.fields, t, added.note),
    );
    page.field_findings =
        crate::ui::at_field::at_fields(&page.fields, &computed::findings_in(plan, &evaluation, t));
}

/// The results pages' routes.
pub(in crate::ui) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/programmes/{slug}/results",
            get(results_page).post(add_row),
        )
        .route(
            "/programmes/{slug}/results/import",
            axum::routing::post(upload),
        )
        .route(
            "/programmes/{slug}/results/import/confirm",
            axum::routing::post(confirm_import),
        )
        .route(
            "/programmes/{slug}/results/{id}",
            axum::routing::post(change_row),
        )
        .route(
            "/programmes/{slug}/results/{id}/delete",
            get(delete_page).post(delete_row),
        )
}

// --- texts ------------------------------------------------------------------------------

macro_rules! result_texts {
    ($($key:ident : $nb:literal, $nn:literal;)*) => {
        /// The results pages' texts of one language.
        #[derive(Debug)]
        pub struct ResultTexts { $(pub $key: &'static str,)* }
        const NB: ResultTexts = ResultTexts { $($key: $nb,)* };
        const NN: ResultTexts = ResultTexts { $($key: $nn,)* };
    };
}

result_texts! {
    title: "Resultater", "Resultat";
    intro: "Resultatene programmet har oppnådd, rad for rad. Summene per år og innsatsområde er tallene som hentes inn i punkt 1.1 i handlingsplanen.", "Resultata programmet har oppnådd, rad for rad. Summane per år og innsatsområde er tala som blir henta inn i punkt 1.1 i handlingsplanen.";
    filter: "Filter", "Filter";
    year: "År", "År";
    area: "Innsatsområde", "Innsatsområde";
    all: "Alle", "Alle";
    show: "Vis", "Vis";
    sums: "Summer per år og innsatsområde", "Summar per år og innsatsområde";
    rows: "Rader", "Rader";
    no_rows: "Ingen rader ennå.", "Ingen rader enno.";
    date: "Dato", "Dato";
    project: "Prosjekt", "Prosjekt";
    organisation: "Virksomhet", "Verksemd";
    org_number: "Org.nr.", "Org.nr.";
    new_jobs: "Nye arbeidsplasser", "Nye arbeidsplassar";
    secured_jobs: "Sikrede arbeidsplasser", "Sikra arbeidsplassar";
    projects_completed: "Avsluttede prosjekter", "Avslutta prosjekt";
    applications_granted: "Innvilgede søknader", "Innvilga søknader";
    granted_amount: "Innvilget beløp (kr)", "Innvilga beløp (kr)";
    note: "Merknad", "Merknad";
    actions: "Handlinger", "Handlingar";
    edit: "Endre", "Endre";
    save: "Lagre", "Lagre";
    cancel: "Avbryt", "Avbryt";
    delete: "Slett", "Slett";
    add_title: "Legg til en rad", "Legg til ei rad";
    add: "Legg til", "Legg til";
    date_help: "For eksempel 30.11.2026, 30.11.26 eller 2026-11-30", "Til dømes 30.11.2026, 30.11.26 eller 2026-11-30";
    added: "Raden er lagt til.", "Rada er lagd til.";
    changed: "Raden er endret.", "Rada er endra.";
    deleted: "Raden er slettet.", "Rada er sletta.";
    duplicate: "En helt lik rad finnes allerede.", "Ei heilt lik rad finst allereie.";
    row_errors: "Raden ble ikke lagret. Rett opp feltene:", "Rada vart ikkje lagra. Rett opp felta:";
    delete_title: "Slette raden?", "Slette rada?";
    delete_text: "Raden slettes fra registeret. Summene i registeret endres, men planer som allerede har hentet tallene, beholder dem til noen henter på nytt.", "Rada blir sletta frå registeret. Summane i registeret blir endra, men planar som alt har henta tala, beheld dei til nokon hentar på nytt.";
    delete_confirm: "Ja, slett raden", "Ja, slett rada";
    import_title: "Importer fra regneark (CSV)", "Importer frå rekneark (CSV)";
    import_help: "Lagre regnearket som CSV (semikolon- eller kommadelt) og last det opp. Du får se alle feil eller radene som blir lagt til før noe lagres.", "Lagre reknearket som CSV (semikolon- eller kommadelt) og last det opp. Du får sjå alle feil eller radene som blir lagde til før noko blir lagra.";
    import_file: "CSV-fil", "CSV-fil";
    import_upload: "Last opp og forhåndsvis", "Last opp og førehandsvis";
    import_no_file: "Velg en CSV-fil å laste opp.", "Vel ei CSV-fil å laste opp.";
    preview_title: "Forhåndsvisning av importen", "Førehandsvising av importen";
    preview_errors: "Fila har {n} feil. Ingenting blir lagret før alle er rettet i regnearket.", "Fila har {n} feil. Ingenting blir lagra før alle er retta i reknearket.";
    preview_ok: "Fila kan importeres: {added} nye rader, {duplicates} like rader hoppes over.", "Fila kan importerast: {added} nye rader, {duplicates} like rader blir hoppa over.";
    line: "Linje", "Linje";
    column: "Kolonne", "Kolonne";
    cell: "Innhold", "Innhald";
    message: "Feil", "Feil";
    new_rows: "Rader som legges til", "Rader som blir lagde til";
    duplicates: "Like rader som hoppes over (linje)", "Like rader som blir hoppa over (linje)";
    confirm: "Importer {n} rader", "Importer {n} rader";
    back_to_results: "Tilbake til resultatene", "Tilbake til resultata";
    imported: "{added} rader er importert, {duplicates} like rader er hoppet over.", "{added} rader er importerte, {duplicates} like rader er hoppa over.";
    no_plan: "Programmet har ingen handlingsplan ennå. Innsatsområdene hentes fra planen; start en plan først.", "Programmet har inga handlingsplan enno. Innsatsområda blir henta frå planen; start ein plan først.";
    downloads: "Last ned", "Last ned";
}

fn result_texts(t: &Texts) -> &'static ResultTexts {
    if t.lang == "nn" { &NN } else { &NB }
}

// --- views ------------------------------------------------------------------------------

/// A stored row as the table shows it.
#[derive(Debug, Clone)]
pub struct RowView {
    pub id: i64,
    pub date: String,
    pub focus_area: String,
    pub project: String,
    pub organisation: String,
    pub org_number: String,
    pub new_jobs: String,
    pub secured_jobs: String,
    pub projects_completed: String,
    pub applications_granted: String,
    pub granted_amount: String,
    pub note: String,
}

/// The inputs of a row form (add, or edit inline), by field name, with their errors.
#[derive(Debug, Clone, Default)]
pub struct RowForm {
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
}

impl RowForm {
    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }

    fn of(row: &ResultRow) -> RowForm {
        let mut values = BTreeMap::new();
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        values.insert("date".into(), row.date.to_string());
        values.insert("focus_area".into(), row.focus_area.clone());
        values.insert("project".into(), text(&row.project));
        values.insert("organisation".into(), text(&row.organisation));
        values.insert(
            "org_number".into(),
            row.org_number
                .as_ref()
                .map(|o| o.to_string())
                .unwrap_or_default(),
        );
        values.insert("new_jobs".into(), row.new_jobs.to_string());
        values.insert("secured_jobs".into(), row.secured_jobs.to_string());
        values.insert(
            "projects_completed".into(),
            row.projects_completed.to_string(),
        );
        values.insert(
            "applications_granted".into(),
            row.applications_granted.to_string(),
        );
        values.insert("granted_amount".into(), row.granted_amount.0.to_string());
        values.insert("note".into(), text(&row.note));
        RowForm {
            values,
            errors: BTreeMap::new(),
        }
    }
}

/// A sum per (year, area).
#[derive(Debug, Clone)]
pub struct SumView {
    pub year: i32,
    pub focus_area: String,
    pub new_jobs: String,
    pub secured_jobs: String,
    pub projects_completed: String,
    pub applications_granted: String,
    pub granted_amount: String,
}

#[derive(Template, Debug)]
#[template(path = "results.html")]
pub struct ResultsPage {
    pub l: Layout,
    pub r: &'static ResultTexts,
    pub slug: String,
    pub can_edit: bool,
    pub has_plan: bool,
    /// The period's years, and whether the filter has it.
    pub years: Vec<YearOption>,
    pub areas: Vec<String>,
    pub area: String,
    pub rows: Vec<RowView>,
    pub sums: Vec<SumView>,
    /// The row being edited inline, with its form.
    pub editing: Option<(i64, RowForm)>,
    pub add: RowForm,
    /// The fields of a row form in order.
    pub columns: Vec<ColumnView>,
    pub error: Option<String>,
}

impl ResultsPage {
    fn is_editing(&self, id: &i64) -> bool {
        self.editing.as_ref().is_some_and(|(e, _)| e == id)
    }

    fn area_selected(&self, area: &str) -> bool {
        self.area == area
    }

    fn edit_form(&self) -> RowForm {
        self.editing
            .as_ref()
            .map(|(_, f)| f.clone())
            .unwrap_or_default()
    }
}

#[derive(Template, Debug)]
#[template(path = "results_preview.html")]
pub struct PreviewPage {
    pub l: Layout,
    pub r: &'static ResultTexts,
    pub slug: String,
    pub errors: Vec<(u64, String, String, String)>,
    pub new_rows: Vec<(u64, RowView)>,
    pub duplicates: Vec<u64>,
    pub summary: String,
    pub confirm: String,
    /// The file, base64, carried to the confirmation.
    pub file: String,
}

#[derive(Template, Debug)]
#[template(path = "results_delete.html")]
pub struct DeletePage {
    pub l: Layout,
    pub r: &'static ResultTexts,
    pub slug: String,
    pub row: RowView,
}

/// A year of the filter.
#[derive(Debug, Clone)]
pub struct YearOption {
    pub year: i32,
    pub chosen: bool,
}

/// A field of a row form: its name, label and whether it holds a number.
#[derive(Debug, Clone)]
pub struct ColumnView {
    pub name: &'static str,
    pub label: &'static str,
    pub numeric: bool,
}

fn columns(r: &ResultTexts) -> Vec<ColumnView> {
    [
        ("date", r.date, false),
        ("focus_area", r.area, false),
        ("project", r.project, false),
        ("organisation", r.organisation, false),
        ("org_number", r.org_number, false),
        ("new_jobs", r.new_jobs, true),
        ("secured_jobs", r.secured_jobs, true),
        ("projects_completed", r.projects_completed, true),
        ("applications_granted", r.applications_granted, true),
        ("granted_amount", r.granted_amount, true),
        ("note", r.note, false),
    ]
    .into_iter()
    .map(|(name, label, numeric)| ColumnView {
        name,
        label,
        numeric,
    })
    .collect()
}

fn row_view(id: i64, row: &ResultRow, language: Language) -> RowView {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    RowView {
        id,
        date: plan::norwegian::date(row.date, language),
        focus_area: row.focus_area.clone(),
        project: text(&row.project),
        organisation: text(&row.organisation),
        org_number: row
            .org_number
            .as_ref()
            .map(|o| o.to_string())
            .unwrap_or_default(),
        new_jobs: plan::norwegian::integer(row.new_jobs),
        secured_jobs: plan::norwegian::integer(row.secured_jobs),
        projects_completed: plan::norwegian::integer(row.projects_completed),
        applications_granted: plan::norwegian::integer(row.applications_granted),
        granted_amount: plan::norwegian::integer(row.granted_amount.0),
        note: text(&row.note),
    }
}

// --- plumbing ---------------------------------------------------------------------------

/// The signed-in user, the texts and the registry of a results page.
struct Context {
    t: &'static Texts,
    current: CurrentUser,
    registry: Registry,
}

async fn context(state: &AppState, page: ProgrammeContext) -> Result<Context, Response> {
    let (t, current, programme, access) = page.into_parts();
    match crate::results::registry_of(state, programme, access).await {
        Ok(registry) => Ok(Context {
            t,
            current,
            registry,
        }),
        Err(error) => Err(error_page(t, Some(&current), error)),
    }
}

fn results_path(slug: &str) -> String {
    format!("/programmes/{slug}/results")
}

fn page_layout(ctx: &Context, title: String) -> Layout {
    let slug = &ctx.registry.programme.slug;
    let mut l = layout(ctx.t, Some(&ctx.current), title, results_path(slug));
    l.breadcrumbs = vec![
        (ctx.t.nav_programmes.into(), "/programmes".into()),
        (
            ctx.registry.programme.name.clone(),
            format!("/programmes/{slug}"),
        ),
    ];
    l
}

/// A row from a page's form by the rules of spec §2, or the errors by field name in
/// the user's language.
fn row_from_form(
    form: &BTreeMap<String, String>,
    registry: &Registry,
    language: Language,
) -> Result<ResultRow, BTreeMap<String, String>> {
    // A date as Norwegians type it (`30.11.26` too), read as the spreadsheet's ISO date;
    // one that cannot be read says precisely why.
    let typed_date = plan::norwegian::parse_date(form.get("date").map_or("", String::as_str));
    let iso_date = typed_date.as_ref().ok().map(ToString::to_string);
    let cell = |column: Column| -> &str {
        if column == Column::Date
            && let Some(iso) = &iso_date
        {
            return iso;
        }
        FIELDS
            .iter()
            .find(|(_, c)| *c == column)
            .and_then(|(name, _)| form.get(*name))
            .map_or("", String::as_str)
    };
    core::read_fields(cell, 0, &registry.context).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                let field = FIELDS
                    .iter()
                    .find(|(_, c)| Some(c.header()) == e.column.as_deref())
                    .map_or("date", |(name, _)| *name);
                let message = match (&typed_date, field) {
                    (Err(reason), "date") => reason.message(language),
                    _ => e.message.get(language).to_owned(),
                };
                (field.to_owned(), message)
            })
            .collect()
    })
}

fn form_values(form: Vec<(String, String)>) -> BTreeMap<String, String> {
    form.into_iter()
        .filter(|(k, _)| FIELDS.iter().any(|(name, _)| name == k))
        .map(|(k, v)| (k, v.chars().take(2_000).collect()))
        .collect()
}

#[derive(Debug, serde::Deserialize)]
struct PageQuery {
    year: Option<String>,
    area: Option<String>,
    edit: Option<i64>,
    done: Option<String>,
}

// --- the results page -------------------------------------------------------------------

async fn results_page(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Query(query): Query<PageQuery>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let _slug = ctx.registry.programme.slug.clone();
    let notice = match query.done.as_deref() {
        Some("added") => Some(result_texts(ctx.t).added.to_owned()),
        Some("changed") => Some(result_texts(ctx.t).changed.to_owned()),
        Some("deleted") => Some(result_texts(ctx.t).deleted.to_owned()),
        Some(imported) if imported.starts_with("imported-") => {
            let mut parts = imported["imported-".len()..].split('-');
            let added = parts.next().unwrap_or("0");
            let duplicates = parts.next().unwrap_or("0");
            Some(
                result_texts(ctx.t)
                    .imported
                    .replace("{added}", added)
                    .replace("{duplicates}", duplicates),
            )
        }
        _ => None,
    };
    let editing = query.edit.map(|id| (id, None));
    render_page(
        &state,
        ctx,
        query.year,
        query.area,
        editing,
        RowForm::default(),
        None,
        notice,
        StatusCode::OK,
    )
    .await
}

/// The results page, with the filters, the row being edited (and its posted form when
/// it had errors), the add form, an error and a notice.
#[allow(clippy::too_many_arguments)]
async fn render_page(
    state: &AppState,
    ctx: Context,
    year: Option<String>,
    area: Option<String>,
    editing: Option<(i64, Option<RowForm>)>,
    add: RowForm,
    error: Option<String>,
    notice: Option<String>,
    status: StatusCode,
) -> Response {
    let t = ctx.t;
    let r = result_texts(t);
    let language = page_language(t);
    let year = year.as_deref().map(str::trim).and_then(crate::api::year_of);
    let area = area.unwrap_or_default().trim().to_owned();
    let filter = ResultFilter {
        year,
        area: (!area.is_empty()).then(|| area.clone()),
    };
    let stored: Vec<StoredResult> = match state
        .store
        .results(ctx.registry.programme.id, &filter)
        .await
    {
        Ok(rows) => rows,
        Err(e) => return error_page(t, Some(&ctx.current), e.into()),
    };
    let period = ctx.registry.context.period;
    let aggregation = core::aggregate(
        stored.iter().map(|s| &s.row),
        &ctx.registry.context,
        period.to.saturating_add(1),
    );
    let amounts: BTreeMap<(i32, String), i64> = aggregation
        .granted_amounts
        .iter()
        .map(|a| ((a.year, a.focus_area.clone()), a.amount.0))
        .collect();
    let sums = aggregation
        .records
        .iter()
        .map(|record| SumView {
            year: record.year,
            focus_area: record.focus_area.clone(),
            new_jobs: plan::norwegian::integer(record.new_jobs.unwrap_or(0)),
            secured_jobs: plan::norwegian::integer(record.secured_jobs.unwrap_or(0)),
            projects_completed: plan::norwegian::integer(record.projects_completed.unwrap_or(0)),
            applications_granted: plan::norwegian::integer(
                record.applications_granted.unwrap_or(0),
            ),
            granted_amount: plan::norwegian::integer(
                amounts
                    .get(&(record.year, record.focus_area.clone()))
                    .copied()
                    .unwrap_or(0),
            ),
        })
        .collect();
    let can_edit = ctx.registry.access.can_edit();
    let editing = match editing {
        Some((id, form)) if can_edit => stored
            .iter()
            .find(|s| s.id == id)
            .map(|s| (id, form.unwrap_or_else(|| RowForm::of(&s.row)))),
        _ => None,
    };
    let mut l = page_layout(&ctx, r.title.to_owned());
    l.notice = notice;
    let page = ResultsPage {
        l,
        r,
        slug: ctx.registry.programme.slug.to_string(),
        can_edit,
        has_plan: ctx.registry.plan.is_some(),
        years: if period.is_valid() {
            period
                .years()
                .into_iter()
                .map(|y| YearOption {
                    year: y,
                    chosen: year == Some(y),
                })
                .collect()
        } else {
            Vec::new()
        },
        areas: ctx.registry.context.areas.clone(),
        area,
        rows: stored
            .iter()
            .map(|s| row_view(s.id, &s.row, language))
            .collect(),
        sums,
        editing,
        add,
        columns: columns(r),
        error,
    };
    html(status, &page)
}

async fn add_row(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let slug = ctx.registry.programme.slug.clone();
    if let Err(e) = crate::results::require_edit(ctx.registry.access) {
        return error_page(ctx.t, Some(&ctx.current), e);
    }
    let values = form_values(form);
    let r = result_texts(ctx.t);
    let row = match row_from_form(&values, &ctx.registry, page_language(ctx.t)) {
        Ok(row) => row,
        Err(errors) => {
            let add = RowForm { values, errors };
            let error = Some(r.row_errors.to_owned());
            return render_page(
                &state,
                ctx,
                None,
                None,
                None,
                add,
                error,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match state
        .store
        .add_result(
            ctx.registry.programme.id,
            &row,
            ctx.current.user.id,
            crate::clock::now(),
        )
        .await
    {
        Ok(_) => Redirect::to(&format!("{}?done=added", results_path(&slug))).into_response(),
        Err(store::StoreError::Conflict(_)) => {
            let add = RowForm {
                values,
                errors: BTreeMap::new(),
            };
            let error = Some(r.duplicate.to_owned());
            render_page(
                &state,
                ctx,
                None,
                None,
                None,
                add,
                error,
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => error_page(ctx.t, Some(&ctx.current), e.into()),
    }
}

async fn change_row(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let slug = ctx.registry.programme.slug.clone();
    let Ok(id) = id.parse::<i64>() else {
        return error_page(ctx.t, Some(&ctx.current), AppError::NotFound("raden"));
    };
    if let Err(e) = crate::results::require_edit(ctx.registry.access) {
        return error_page(ctx.t, Some(&ctx.current), e);
    }
    let values = form_values(form);
    let r = result_texts(ctx.t);
    let row = match row_from_form(&values, &ctx.registry, page_language(ctx.t)) {
        Ok(row) => row,
        Err(errors) => {
            let edit = RowForm { values, errors };
            let error = Some(r.row_errors.to_owned());
            return render_page(
                &state,
                ctx,
                None,
                None,
                Some((id, Some(edit))),
                RowForm::default(),
                error,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match state
        .store
        .change_result(
            ctx.registry.programme.id,
            id,
            &row,
            ctx.current.user.id,
            crate::clock::now(),
        )
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("{}?done=changed#row-{id}", results_path(&slug))).into_response()
        }
        Err(store::StoreError::Conflict(_)) => {
            let edit = RowForm {
                values,
                errors: BTreeMap::new(),
            };
            let error = Some(r.duplicate.to_owned());
            render_page(
                &state,
                ctx,
                None,
                None,
                Some((id, Some(edit))),
                RowForm::default(),
                error,
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(store::StoreError::NotFound) => {
            error_page(ctx.t, Some(&ctx.current), AppError::NotFound("raden"))
        }
        Err(e) => error_page(ctx.t, Some(&ctx.current), e.into()),
    }
}

async fn delete_page(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let _slug = ctx.registry.programme.slug.clone();
    if let Err(e) = crate::results::require_edit(ctx.registry.access) {
        return error_page(ctx.t, Some(&ctx.current), e);
    }
    let id = id.parse::<i64>().unwrap_or(0);
    let rows = match state
        .store
        .results(ctx.registry.programme.id, &ResultFilter::default())
        .await
    {
        Ok(rows) => rows,
        Err(e) => return error_page(ctx.t, Some(&ctx.current), e.into()),
    };
    let Some(stored) = rows.iter().find(|s| s.id == id) else {
        return error_page(ctx.t, Some(&ctx.current), AppError::NotFound("raden"));
    };
    let r = result_texts(ctx.t);
    let page = DeletePage {
        l: page_layout(&ctx, r.delete_title.to_owned()),
        r,
        slug: ctx.registry.programme.slug.to_string(),
        row: row_view(stored.id, &stored.row, page_language(ctx.t)),
    };
    html(StatusCode::OK, &page)
}

async fn delete_row(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let slug = ctx.registry.programme.slug.clone();
    if let Err(e) = crate::results::require_edit(ctx.registry.access) {
        return error_page(ctx.t, Some(&ctx.current), e);
    }
    let Ok(id) = id.parse::<i64>() else {
        return error_page(ctx.t, Some(&ctx.current), AppError::NotFound("raden"));
    };
    match state
        .store
        .delete_result(
            ctx.registry.programme.id,
            id,
            ctx.current.user.id,
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => Redirect::to(&format!("{}?done=deleted", results_path(&slug))).into_response(),
        Err(store::StoreError::NotFound) => {
            error_page(ctx.t, Some(&ctx.current), AppError::NotFound("raden"))
        }
        Err(e) => error_page(ctx.t, Some(&ctx.current), e.into()),
    }
}

// --- import -----------------------------------------------------------------------------

/// The upload: reads the file from the multipart form and shows the preview.
async fn upload(
    State(state): State<AppState>,
    page: ProgrammeContext,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let _slug = ctx.registry.programme.slug.clone();
    if let Err(e) = crate::results::require_edit(ctx.registry.access) {
        return error_page(ctx.t, Some(&ctx.current), e);
    }
    let r = result_texts(ctx.t);
    let mut file = None;
    if let Ok(mut multipart) = multipart {
        while let Ok(Some(field)) = multipart.next_field().await {
            if field.name() == Some("file") {
                match field.bytes().await {
                    Ok(bytes) => file = Some(bytes.to_vec()),
                    Err(_) => break,
                }
            }
        }
    }
    let Some(file) = file.filter(|f| !f.is_empty()) else {
        let error = Some(r.import_no_file.to_owned());
        return render_page(
            &state,
            ctx,
            None,
            None,
            None,
            RowForm::default(),
            error,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    preview(&state, ctx, file).await
}

async fn preview(state: &AppState, ctx: Context, file: Vec<u8>) -> Response {
    let r = result_texts(ctx.t);
    let language = page_language(ctx.t);
    if ctx.registry.plan.is_none() {
        let error = Some(r.no_plan.to_owned());
        return render_page(
            state,
            ctx,
            None,
            None,
            None,
            RowForm::default(),
            error,
            None,
            StatusCode::CONFLICT,
        )
        .await;
    }
    let import = match crate::results::prepare_import(state, &ctx.registry, &file).await {
        Ok(import) => import,
        Err(AppError::Unprocessable { message, .. }) => {
            return render_page(
                state,
                ctx,
                None,
                None,
                None,
                RowForm::default(),
                Some(message),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(e) => return error_page(ctx.t, Some(&ctx.current), e),
    };
    let summary = if import.is_ok() {
        r.preview_ok
            .replace(
                "{added}",
                &plan::norwegian::integer(import.new_rows.len() as i64),
            )
            .replace(
                "{duplicates}",
                &plan::norwegian::integer(import.duplicates.len() as i64),
            )
    } else {
        r.preview_errors
            .replace("{n}", &plan::norwegian::integer(import.errors.len() as i64))
    };
    let page = PreviewPage {
        l: page_layout(&ctx, r.preview_title.to_owned()),
        r,
        slug: ctx.registry.programme.slug.to_string(),
        errors: import
            .errors
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.column.clone().unwrap_or_default(),
                    e.text.clone().unwrap_or_default(),
                    e.message.get(language).to_owned(),
                )
            })
            .collect(),
        new_rows: import
            .new_rows
            .iter()
            .map(|lined| (lined.line, row_view(0, &lined.row, language)))
            .collect(),
        duplicates: import.duplicates.clone(),
        summary,
        confirm: r.confirm.replace(
            "{n}",
            &plan::norwegian::integer(import.new_rows.len() as i64),
        ),
        file: if import.is_ok() && !import.new_rows.is_empty() {
            base64::engine::general_purpose::STANDARD.encode(&file)
        } else {
            String::new()
        },
    };
    let status = if import.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html(status, &page)
}

#[derive(Debug, serde::Deserialize)]
struct ConfirmForm {
    file: String,
}

/// Confirms an import from its preview: the same file is read and checked again (the
/// stored rows may have changed), then stored all or nothing.
async fn confirm_import(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let ctx = match context(&state, page).await {
        Ok(ctx) => ctx,
        Err(response) => return response,
    };
    let slug = ctx.registry.programme.slug.clone();
    if let Err(e) = crate::results::require_edit(ctx.registry.access) {
        return error_page(ctx.t, Some(&ctx.current), e);
    }
    let Ok(file) = base64::engine::general_purpose::STANDARD.decode(form.file.trim()) else {
        return error_page(
            ctx.t,
            Some(&ctx.current),
            AppError::BadRequest("fila kan ikke leses".into()),
        );
    };
    let import = match crate::results::prepare_import(&state, &ctx.registry, &file).await {
        Ok(import) => import,
        Err(e) => return error_page(ctx.t, Some(&ctx.current), e),
    };
    if !import.is_ok() || ctx.registry.plan.is_none() {
        return preview(&state, ctx, file).await;
    }
    let rows: Vec<ResultRow> = import.new_rows.iter().map(|l| l.row.clone()).collect();
    match state
        .store
        .import_results(
            ctx.registry.programme.id,
            &rows,
            ctx.current.user.id,
            crate::clock::now(),
        )
        .await
    {
        Ok(outcome) => {
            let duplicates = import.rows_read.saturating_sub(outcome.added);
            Redirect::to(&format!(
                "{}?done=imported-{}-{duplicates}",
                results_path(&slug),
                outcome.added
            ))
            .into_response()
        }
        Err(e) => error_page(ctx.t, Some(&ctx.current), e.into()),
    }
}
