//! The Word import pages (issue 15): from a programme's page, "Importer en Word-plan"
//! leads to an upload form (the year and the DOCX file; `multipart/form-data`, the CSRF
//! token as a field of the form, so it works without JavaScript). The upload answers a
//! preview and stores nothing: the import findings with their `where` in the Word document,
//! and per table the sums the document typed beside the tables computed from the
//! imported figures, so a wrong hand-typed sum is plain to see. "Lagre som utkast" posts
//! the imported plan (as its JSON, read again strictly like any `PUT`) with the version the
//! preview was made against; it is saved through the API's one save path
//! ([`crate::api::save_draft`]). When the year's plan moved on since the preview, the user
//! is told and may save over the newer version explicitly.
//!
//! The importer and the year rule are the API's ([`crate::word_import`]); access is
//! [`crate::access`]'s (editors only); texts are in bokmål and nynorsk ([`ImportTexts`]).

use crate::ui::page::ProgrammeContext;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use plan::handlingsplan::Plan;
use render::document::TableRole;
use store::{Programme, VersionInfo};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::texts::Texts;
use crate::ui::views::Layout;
use crate::ui::{error_page, html, layout};
use crate::word_import;

/// The import pages' routes. The upload's path ends in `/import`, so the security guard
/// bounds its body as a Word document (`--max-docx-mb`), not as a form.
pub(in crate::ui) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/programmes/{slug}/import", get(upload_page).post(upload))
        .route("/programmes/{slug}/import/save", post(save))
}

/// The link on a programme's page.
pub(in crate::ui) fn link_text(t: &Texts) -> &'static str {
    import_texts(t).link
}

/// The import pages' own texts, in bokmål and nynorsk.
#[derive(Debug)]
pub struct ImportTexts {
    pub link: &'static str,
    pub intro: &'static str,
    pub year: &'static str,
    pub year_hint: &'static str,
    pub file: &'static str,
    pub file_hint: &'static str,
    pub read: &'static str,
    pub preview_title: &'static str,
    pub preview_intro: &'static str,
    pub findings_title: &'static str,
    pub findings_none: &'static str,
    pub place: &'static str,
    pub sums_title: &'static str,
    pub sums_intro: &'static str,
    pub sums_caption: &'static str,
    pub sum: &'static str,
    pub typed: &'static str,
    pub computed: &'static str,
    pub status: &'static str,
    pub agrees: &'static str,
    pub differs: &'static str,
    pub no_sums: &'static str,
    pub computed_title: &'static str,
    pub group_jobs: &'static str,
    pub group_area: &'static str,
    pub group_resources: &'static str,
    pub group_financing: &'static str,
    pub differing: &'static str,
    pub save_title: &'static str,
    pub save_new: &'static str,
    pub save_version: &'static str,
    pub save_button: &'static str,
    pub cancel: &'static str,
    pub changed: &'static str,
    pub save_anyway: &'static str,
    pub frozen: &'static str,
    pub no_file: &'static str,
    pub bad_year: &'static str,
    pub unreadable: &'static str,
    pub no_plan: &'static str,
    pub year_mismatch: &'static str,
    pub bad_plan: &'static str,
}

const NB: ImportTexts = ImportTexts {
    link: "Importer en Word-plan",
    intro: "Last opp en handlingsplan i Word (.docx), laget fra Innovasjon Norges mal eller \
            fra denne tjenesten. Du ser hva som ble lest og om summene i dokumentet stemmer \
            før noe blir lagret.",
    year: "Året planen gjelder",
    year_hint: "Finnes det allerede en plan for året, blir importen en ny versjon av den.",
    file: "Word-dokument (.docx)",
    file_hint: "Største filstørrelse: {mb} MB.",
    read: "Les dokumentet",
    preview_title: "Import av handlingsplan {year}",
    preview_intro: "Dette er lest fra «{file}». Ingenting er lagret ennå.",
    findings_title: "Funn fra importen",
    findings_none: "Ingen funn: alt ble lest, og alle summene i dokumentet stemmer.",
    place: "Hvor i dokumentet",
    sums_title: "Summene i dokumentet og de beregnede tabellene",
    sums_intro: "Til venstre står summene slik de er skrevet i Word-dokumentet, til høyre \
                 tabellen slik tjenesten regner den ut fra tallene i dokumentet.",
    sums_caption: "Summer skrevet i dokumentet",
    sum: "Sum",
    typed: "I dokumentet",
    computed: "Beregnet",
    status: "Stemmer?",
    agrees: "Stemmer",
    differs: "Avviker",
    no_sums: "Dokumentet har ingen skrevne summer i denne tabellen.",
    computed_title: "Beregnet",
    group_jobs: "Arbeidsplassmål",
    group_area: "Innsatsområde {n}: {name}",
    group_resources: "Ressursinnsats og kostnader (tabell 3.1)",
    group_financing: "Finansiering",
    differing: "{n} av {total} summer i dokumentet avviker fra det tallene gir.",
    save_title: "Lagre",
    save_new: "Planen for {year} blir lagret som et nytt utkast.",
    save_version: "Planen for {year} finnes (versjon {version}). Importen blir lagret som \
                   versjon {next}; de tidligere versjonene finnes i historikken.",
    save_button: "Lagre som utkast",
    cancel: "Avbryt",
    changed: "Planen for {year} er endret siden forhåndsvisningen: nå er versjon {version} \
              gjeldende. Lagrer du likevel, blir importen versjon {next}, og endringene i \
              versjon {version} finnes bare i historikken.",
    save_anyway: "Lagre likevel som versjon {next}",
    frozen: "Planen for {year} er vedtatt og kan ikke endres. Gjenåpne den før du importerer.",
    no_file: "Velg et Word-dokument å laste opp.",
    bad_year: "Velg et år i programperioden.",
    unreadable: "Dokumentet kan ikke leses som Word-dokument: {why}",
    no_plan: "Fant ingen handlingsplan i dokumentet: {why}",
    year_mismatch: "Dokumentet er handlingsplanen for {named}, ikke for {year}. Velg {named} \
                    som år.",
    bad_plan: "Den importerte planen kan ikke leses. Last opp dokumentet på nytt.",
};

const NN: ImportTexts = ImportTexts {
    link: "Importer ein Word-plan",
    intro: "Last opp ein handlingsplan i Word (.docx), laga frå malen til Innovasjon Noreg \
            eller frå denne tenesta. Du ser kva som vart lese og om summane i dokumentet \
            stemmer før noko blir lagra.",
    year: "Året planen gjeld",
    year_hint: "Finst det alt ein plan for året, blir importen ein ny versjon av han.",
    file: "Word-dokument (.docx)",
    file_hint: "Største filstorleik: {mb} MB.",
    read: "Les dokumentet",
    preview_title: "Import av handlingsplan {year}",
    preview_intro: "Dette er lese frå «{file}». Ingenting er lagra enno.",
    findings_title: "Funn frå importen",
    findings_none: "Ingen funn: alt vart lese, og alle summane i dokumentet stemmer.",
    place: "Kvar i dokumentet",
    sums_title: "Summane i dokumentet og dei utrekna tabellane",
    sums_intro: "Til venstre står summane slik dei er skrivne i Word-dokumentet, til høgre \
                 tabellen slik tenesta reknar han ut frå tala i dokumentet.",
    sums_caption: "Summar skrivne i dokumentet",
    sum: "Sum",
    typed: "I dokumentet",
    computed: "Utrekna",
    status: "Stemmer?",
    agrees: "Stemmer",
    differs: "Avvik",
    no_sums: "Dokumentet har ingen skrivne summar i denne tabellen.",
    computed_title: "Utrekna",
    group_jobs: "Arbeidsplassmål",
    group_area: "Innsatsområde {n}: {name}",
    group_resources: "Ressursinnsats og kostnader (tabell 3.1)",
    group_financing: "Finansiering",
    differing: "{n} av {total} summar i dokumentet avvik frå det tala gir.",
    save_title: "Lagre",
    save_new: "Planen for {year} blir lagra som eit nytt utkast.",
    save_version: "Planen for {year} finst (versjon {version}). Importen blir lagra som \
                   versjon {next}; dei tidlegare versjonane finst i historikken.",
    save_button: "Lagre som utkast",
    cancel: "Avbryt",
    changed: "Planen for {year} er endra sidan førehandsvisinga: no er versjon {version} \
              gjeldande. Lagrar du likevel, blir importen versjon {next}, og endringane i \
              versjon {version} finst berre i historikken.",
    save_anyway: "Lagre likevel som versjon {next}",
    frozen: "Planen for {year} er vedteken og kan ikkje endrast. Opne han att før du \
             importerer.",
    no_file: "Vel eit Word-dokument å laste opp.",
    bad_year: "Vel eit år i programperioden.",
    unreadable: "Dokumentet kan ikkje lesast som Word-dokument: {why}",
    no_plan: "Fann ingen handlingsplan i dokumentet: {why}",
    year_mismatch: "Dokumentet er handlingsplanen for {named}, ikkje for {year}. Vel {named} \
                    som år.",
    bad_plan: "Den importerte planen kan ikkje lesast. Last opp dokumentet på nytt.",
};

fn import_texts(t: &Texts) -> &'static ImportTexts {
    if t.lang == "nn" { &NN } else { &NB }
}

// --- views -----------------------------------------------------------------------------

#[derive(Template, Debug)]
#[template(path = "import/upload.html")]
struct UploadPage {
    l: Layout,
    it: &'static ImportTexts,
    slug: String,
    years: Vec<YearOption>,
    file_hint: String,
    error: Option<String>,
    /// The id of the input the error is about.
    error_field: &'static str,
}

#[derive(Debug)]
struct YearOption {
    year: i32,
    selected: bool,
}

#[derive(Debug)]
struct FindingRow {
    severity: &'static str,
    severity_text: &'static str,
    place: String,
    message: String,
}

#[derive(Debug)]
struct SumRow {
    label: String,
    place: String,
    typed: String,
    computed: String,
    differs: bool,
}

/// One table of the plan: the typed sums beside the computed table.
#[derive(Debug)]
struct Comparison {
    id: String,
    title: String,
    sums: Vec<SumRow>,
    /// `render`'s HTML of the computed table (it escapes the plan's text itself).
    computed_html: String,
}

#[derive(Template, Debug)]
#[template(path = "import/preview.html")]
struct PreviewPage {
    l: Layout,
    it: &'static ImportTexts,
    slug: String,
    intro: String,
    findings: Vec<FindingRow>,
    differing: Option<String>,
    comparisons: Vec<Comparison>,
    save: SaveForm,
}

/// The save form: the imported plan and the version it will be saved over.
#[derive(Debug)]
struct SaveForm {
    /// What saving will do, or why it cannot (a frozen plan).
    text: String,
    kind: &'static str,
    plan_json: String,
    base_version: String,
    button: Option<String>,
}

// --- the upload form -------------------------------------------------------------------

async fn upload_page(State(state): State<AppState>, page: ProgrammeContext) -> Response {
    let (t, current, programme, access) = page.into_parts();
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden(FORBIDDEN));
    }
    let year = match default_year(&state, &programme).await {
        Ok(year) => year,
        Err(error) => return error_page(t, Some(&current), error),
    };
    upload_form(&state, t, &current, &programme, year, StatusCode::OK, None)
}

/// What a member who may not edit is told (403); a non-member never gets this far (404).
const FORBIDDEN: &str = "importere planer i dette programmet";

/// The year the form offers first: the newest plan's year, or the period's first.
async fn default_year(state: &AppState, programme: &Programme) -> Result<i32, AppError> {
    let plans = state
        .store
        .documents(programme.id, store::HANDLINGSPLAN)
        .await?;
    Ok(plans
        .iter()
        .filter_map(VersionInfo::year)
        .max()
        .unwrap_or(programme.period_from)
        .clamp(programme.period_from, programme.period_to))
}

fn upload_form(
    state: &AppState,
    t: &'static Texts,
    current: &CurrentUser,
    programme: &Programme,
    year: i32,
    status: StatusCode,
    error: Option<(String, &'static str)>,
) -> Response {
    let it = import_texts(t);
    let mut l = layout(
        t,
        Some(current),
        it.link.to_owned(),
        format!("/programmes/{}/import", programme.slug),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
    ];
    let megabytes = state.config.limits.docx_bytes / (1024 * 1024);
    let (error, error_field) = match error {
        Some((message, field)) => (Some(message), field),
        None => (None, ""),
    };
    html(
        status,
        &UploadPage {
            l,
            it,
            slug: programme.slug.to_string(),
            years: (programme.period_from..=programme.period_to)
                .map(|y| YearOption {
                    year: y,
                    selected: y == year,
                })
                .collect(),
            file_hint: it.file_hint.replace("{mb}", &megabytes.to_string()),
            error,
            error_field,
        },
    )
}

/// `POST /programmes/{slug}/import` (multipart: `year`, `file`): the preview.
async fn upload(
    State(state): State<AppState>,
    page: ProgrammeContext,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let it = import_texts(t);
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden(FORBIDDEN));
    }
    let fallback_year = match default_year(&state, &programme).await {
        Ok(year) => year,
        Err(error) => return error_page(t, Some(&current), error),
    };
    let refuse = |year: i32, message: String, field: &'static str| {
        upload_form(
            &state,
            t,
            &current,
            &programme,
            year,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some((message, field)),
        )
    };
    let upload = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => Upload::default(),
    };
    let year = upload
        .year
        .as_deref()
        .and_then(|y| crate::api::year_of(y.trim()))
        .filter(|y| (programme.period_from..=programme.period_to).contains(y));
    let Some(year) = year else {
        return refuse(fallback_year, it.bad_year.to_owned(), "year");
    };
    let Some(bytes) = upload.file.filter(|b| !b.is_empty()) else {
        return refuse(year, it.no_file.to_owned(), "file");
    };
    let imported = match word_import::run(bytes).await {
        Ok(imported) => imported,
        Err(AppError::Unprocessable { code, details, .. }) => {
            let why = details
                .as_ref()
                .and_then(|d| d["errors"][0].as_str())
                .unwrap_or_default()
                .to_owned();
            let template = if code == "no-plan" {
                it.no_plan
            } else {
                it.unreadable
            };
            return refuse(year, template.replace("{why}", &why), "file");
        }
        Err(other) => return error_page(t, Some(&current), other),
    };
    let plan = match word_import::plan_for_year(&imported, year) {
        Ok(plan) => plan,
        Err(_) => {
            let named = imported.document_year.unwrap_or_default().to_string();
            let message = it
                .year_mismatch
                .replace("{named}", &named)
                .replace("{year}", &year.to_string());
            return refuse(year, message, "year");
        }
    };
    let current_version = match state
        .store
        .current(programme.id, &store::DocKey::handlingsplan(year))
        .await
    {
        Ok(version) => version.map(|v| v.info),
        Err(error) => return error_page(t, Some(&current), error.into()),
    };
    preview_page(
        t,
        &current,
        &programme,
        &imported,
        &plan,
        current_version.as_ref(),
        &upload.file_name.unwrap_or_default(),
    )
}

/// What the upload form sent.
#[derive(Debug, Default)]
struct Upload {
    year: Option<String>,
    file: Option<axum::body::Bytes>,
    file_name: Option<String>,
}

async fn read_upload(mut multipart: Multipart) -> Upload {
    let mut upload = Upload::default();
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("year") => upload.year = field.text().await.ok(),
            Some("file") => {
                upload.file_name = field.file_name().map(|n| n.chars().take(200).collect());
                upload.file = field.bytes().await.ok();
            }
            _ => {}
        }
    }
    upload
}

fn preview_page(
    t: &'static Texts,
    current: &CurrentUser,
    programme: &Programme,
    imported: &::import::Import,
    plan: &Plan,
    current_version: Option<&VersionInfo>,
    file_name: &str,
) -> Response {
    let it = import_texts(t);
    let year = plan.year;
    let findings = imported
        .findings
        .iter()
        .map(|f| {
            let (severity, severity_text) = match f.severity() {
                plan::Severity::Error => ("error", t.severity_error),
                plan::Severity::Warning => ("warning", t.severity_warning),
                plan::Severity::Info => ("info", t.severity_info),
            };
            FindingRow {
                severity,
                severity_text,
                place: f.place.clone(),
                message: f.message.clone(),
            }
        })
        .collect();
    let total = imported.sums.len();
    let differing = imported.sums.iter().filter(|s| s.differs()).count();
    let differing = (differing > 0).then(|| {
        it.differing
            .replace("{n}", &differing.to_string())
            .replace("{total}", &total.to_string())
    });
    let mut l = layout(
        t,
        Some(current),
        it.preview_title.replace("{year}", &year.to_string()),
        format!("/programmes/{}/import", programme.slug),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
        (
            it.link.to_owned(),
            format!("/programmes/{}/import", programme.slug),
        ),
    ];
    let page = PreviewPage {
        l,
        it,
        slug: programme.slug.to_string(),
        intro: it.preview_intro.replace("{file}", file_name),
        findings,
        differing,
        comparisons: comparisons(it, imported, plan),
        save: save_form(it, plan, current_version),
    };
    html(StatusCode::OK, &page)
}

/// Per table of the plan: the sums the document typed, and `render`'s computed table.
fn comparisons(it: &ImportTexts, imported: &::import::Import, plan: &Plan) -> Vec<Comparison> {
    use ::import::SumTable;
    let evaluation = plan::handlingsplan::evaluate(plan);
    let document = render::handlingsplan::document(plan, &evaluation, &render::Options::default());
    let mut out = Vec::new();
    let mut area = 0;
    for table in document.tables() {
        let (which, title) = match table.role {
            TableRole::JobTargets => (SumTable::JobTargets, it.group_jobs.to_owned()),
            TableRole::Strategies => {
                area += 1;
                let name = plan
                    .focus_areas
                    .get(area - 1)
                    .map(|a| a.name.as_str())
                    .unwrap_or_default();
                (
                    SumTable::FocusArea(area - 1),
                    it.group_area
                        .replace("{n}", &area.to_string())
                        .replace("{name}", name),
                )
            }
            TableRole::Resources => (SumTable::Resources, it.group_resources.to_owned()),
            TableRole::Financing => (SumTable::Financing, it.group_financing.to_owned()),
            _ => continue,
        };
        let sums = imported
            .sums
            .iter()
            .filter(|s| s.table == which)
            .map(|s| SumRow {
                label: s.label.clone(),
                place: s.place.clone(),
                typed: plan::norwegian::integer(s.typed),
                computed: s
                    .computed
                    .map(plan::norwegian::integer)
                    .unwrap_or_else(|| "–".to_owned()),
                differs: s.differs(),
            })
            .collect();
        out.push(Comparison {
            id: which.key().replace(['[', ']'], "-"),
            title,
            sums,
            computed_html: render::html::table(table),
        });
    }
    out
}

fn save_form(it: &ImportTexts, plan: &Plan, current: Option<&VersionInfo>) -> SaveForm {
    let year = plan.year.to_string();
    let plan_json = plan::handlingsplan::file::to_json(plan);
    match current {
        None => SaveForm {
            text: it.save_new.replace("{year}", &year),
            kind: "info",
            plan_json,
            base_version: String::new(),
            button: Some(it.save_button.to_owned()),
        },
        Some(info) if info.status.is_frozen() => SaveForm {
            text: it.frozen.replace("{year}", &year),
            kind: "warning",
            plan_json,
            base_version: info.version.to_string(),
            button: None,
        },
        Some(info) => SaveForm {
            text: it
                .save_version
                .replace("{year}", &year)
                .replace("{version}", &info.version.to_string())
                .replace("{next}", &(info.version + 1).to_string()),
            kind: "info",
            plan_json,
            base_version: info.version.to_string(),
            button: Some(it.save_button.to_owned()),
        },
    }
}

// --- save ------------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
struct SaveRequest {
    plan: String,
    #[serde(default)]
    base_version: String,
}

#[derive(Template, Debug)]
#[template(path = "import/changed.html")]
struct ChangedPage {
    l: Layout,
    it: &'static ImportTexts,
    slug: String,
    text: String,
    save: SaveForm,
}

/// `POST /programmes/{slug}/import/save`: the previewed plan as the year's draft, over
/// the version the preview was made against.
async fn save(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Form(form): Form<SaveRequest>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let it = import_texts(t);
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden(FORBIDDEN));
    }
    let slug = programme.slug.clone();
    // The plan comes back from the page: read it as strictly as any PUT.
    let plan = match plan::handlingsplan::file::read(&form.plan, plan::Syntax::Json) {
        Ok(plan) => plan,
        Err(_) => {
            return error_page(
                t,
                Some(&current),
                AppError::Unprocessable {
                    code: "unreadable-plan",
                    message: it.bad_plan.to_owned(),
                    details: None,
                },
            );
        }
    };
    let expected = form.base_version.trim().parse::<i64>().ok();
    let saved = crate::api::save_draft(&state, &programme, &plan, expected, current.user.id).await;
    match saved {
        Ok(saved) => Redirect::to(&format!(
            "/programmes/{slug}/plans/{}?saved={}",
            plan.year, saved.info.version
        ))
        .into_response(),
        // The year's plan moved on since the preview (or was created in between).
        Err(AppError::PreconditionFailed | AppError::PreconditionRequired) => {
            let latest = match state
                .store
                .current(programme.id, &store::DocKey::handlingsplan(plan.year))
                .await
            {
                Ok(latest) => latest.map(|v| v.info),
                Err(error) => return error_page(t, Some(&current), error.into()),
            };
            let Some(latest) = latest else {
                return error_page(t, Some(&current), AppError::NotFound("planen"));
            };
            let year = plan.year.to_string();
            let version = latest.version.to_string();
            let next = (latest.version + 1).to_string();
            let mut save = save_form(it, &plan, Some(&latest));
            if save.button.is_some() {
                save.button = Some(it.save_anyway.replace("{next}", &next));
            }
            let mut l = layout(
                t,
                Some(&current),
                it.preview_title.replace("{year}", &year),
                format!("/programmes/{slug}/import"),
            );
            l.breadcrumbs = vec![
                (t.nav_programmes.into(), "/programmes".into()),
                (programme.name.clone(), format!("/programmes/{slug}")),
            ];
            html(
                StatusCode::CONFLICT,
                &ChangedPage {
                    l,
                    it,
                    slug: slug.to_string(),
                    text: it
                        .changed
                        .replace("{year}", &year)
                        .replace("{version}", &version)
                        .replace("{next}", &next),
                    save,
                },
            )
        }
        Err(error) => error_page(t, Some(&current), error),
    }
}
