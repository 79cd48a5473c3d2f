//! The overview across programmes (issue 14): `GET /api/v1/overview?year=&county=&status=`
//! (`sort=`, `order=`), and the exports of exactly what the page shows,
//! `GET /overview/export.csv` and `GET /overview/export.xlsx` (same parameters).
//!
//! One row per programme the caller may see ([`crate::access::overview_scope`]: admins
//! and observers every programme, anybody else the programmes they are a member of),
//! read from the summaries the store keeps with each plan version: no plan is evaluated
//! here. [`load`] is the one path the API, the page ([`crate::ui`]) and the exports take;
//! [`table`] is the one table the page and the exports show.
//!
//! The Omstillingsplan's status is its document's (`none` when the programme has none).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use plan::Language;
use plan::handlingsplan::summary::FinancingSplit;
use render::overview::{Cell, Table};
use serde::{Deserialize, Serialize};
use store::overview::{OverviewQuery, OverviewRow};
use store::{Decision, VersionStatus};

use crate::AppState;
use crate::api::QueryParams;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// The routes of the API and the exports.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/overview", get(api_overview))
        .route("/overview/export.csv", get(export_csv))
        .route("/overview/export.xlsx", get(export_xlsx))
}

/// The query string of the API, the page and the exports; empty values count as absent
/// (a form without JavaScript sends `county=`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Params {
    pub year: Option<String>,
    pub county: Option<String>,
    pub status: Option<String>,
    pub sort: Option<String>,
    pub order: Option<String>,
}

/// What a plan's status filter can be.
pub const STATUSES: [&str; 4] = ["none", "draft", "board-approved", "approved"];

/// The columns the overview sorts by (`sort=`), in the table's order.
pub const SORTS: [&str; 10] = [
    "name",
    "area",
    "county",
    "status",
    "target_year",
    "target_period",
    "achieved",
    "total_cost",
    "errors",
    "warnings",
];

/// The parameters, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub year: i32,
    pub county: Option<String>,
    pub status: Option<&'static str>,
    pub sort: &'static str,
    pub descending: bool,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Params {
    /// Checks the parameters; the year defaults to `this_year`.
    pub fn filter(&self, this_year: i32) -> Result<Filter, AppError> {
        let year = match given(&self.year) {
            None => this_year,
            Some(text) => text
                .parse::<i32>()
                .ok()
                .filter(|y| (1000..=9999).contains(y))
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "Året «{text}» i year= er ikke et årstall (fire sifre, for eksempel 2027)."
                    ))
                })?,
        };
        let status = match given(&self.status) {
            None => None,
            Some(text) => Some(STATUSES.into_iter().find(|s| *s == text).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "Statusen «{text}» i status= finnes ikke: bruk none, draft, board-approved eller approved."
                ))
            })?),
        };
        let sort = match given(&self.sort) {
            None => "name",
            Some(text) => SORTS.into_iter().find(|s| *s == text).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "Sorteringen «{text}» i sort= finnes ikke: bruk en av {}.",
                    SORTS.join(", ")
                ))
            })?,
        };
        let descending = match given(&self.order) {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(text) => {
                return Err(AppError::BadRequest(format!(
                    "Rekkefølgen «{text}» i order= finnes ikke: bruk asc eller desc."
                )));
            }
        };
        Ok(Filter {
            year,
            county: given(&self.county).map(str::to_owned),
            status,
            sort,
            descending,
        })
    }
}

impl Filter {
    /// The query string that gives this overview (for the page's links and exports),
    /// with `sort`/`order` replaced when given.
    pub fn query(&self, sort: Option<(&str, bool)>) -> String {
        let (sort, descending) = sort.unwrap_or((self.sort, self.descending));
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("year", &self.year.to_string());
        if let Some(county) = &self.county {
            query.append_pair("county", county);
        }
        if let Some(status) = self.status {
            query.append_pair("status", status);
        }
        query.append_pair("sort", sort);
        query.append_pair("order", if descending { "desc" } else { "asc" });
        query.finish()
    }
}

/// The overview as loaded: the rows shown, in order, and the counties of every
/// programme the caller may see (for the page's county filter).
#[derive(Debug, Clone)]
pub struct Overview {
    pub filter: Filter,
    pub rows: Vec<OverviewRow>,
    pub counties: Vec<String>,
}

/// The plan status of a row as the API names it.
pub fn status_name(row: &OverviewRow) -> &'static str {
    row.plan.as_ref().map_or("none", |p| p.status.as_str())
}

/// Loads, filters and sorts the rows `current` may see.
pub async fn load(
    state: &AppState,
    current: &CurrentUser,
    params: &Params,
) -> Result<Overview, AppError> {
    let filter = params.filter(crate::clock::now().year())?;
    let scope = crate::access::overview_scope(&current.user);
    let mut rows = state
        .store
        .overview(&OverviewQuery {
            year: filter.year,
            county: None,
            member: scope.member(),
        })
        .await?;
    let mut counties: Vec<String> = rows
        .iter()
        .filter_map(|r| r.programme.county.clone())
        .collect();
    counties.sort();
    counties.dedup();
    rows.retain(|row| {
        filter
            .county
            .as_deref()
            .is_none_or(|county| row.programme.county.as_deref() == Some(county))
            && filter
                .status
                .is_none_or(|status| status_name(row) == status)
    });
    sort(&mut rows, filter.sort, filter.descending);
    Ok(Overview {
        filter,
        rows,
        counties,
    })
}

/// What a row sorts by, computed once per row (not per comparison): the column's value
/// and the name for ties.
struct SortKey {
    number: Option<i64>,
    text: Option<String>,
    name: String,
}

/// Sorts by a column of [`SORTS`]; rows without a value come last either way, ties by name.
fn sort(rows: &mut Vec<OverviewRow>, by: &str, descending: bool) {
    let numeric = !matches!(by, "name" | "area" | "county");
    let key = |row: &OverviewRow| -> SortKey {
        let summary = row.plan.as_ref().map(|p| p.summary);
        let number = match by {
            "target_year" => summary.map(|s| s.target_year),
            "target_period" => summary.map(|s| s.target_period),
            "achieved" => row.achieved(),
            "total_cost" => summary.map(|s| s.total_cost.0),
            "errors" => summary.map(|s| s.errors),
            "warnings" => summary.map(|s| s.warnings),
            "status" => Some(match status_name(row) {
                "none" => 0,
                "draft" => 1,
                "board-approved" => 2,
                _ => 3,
            }),
            _ => None,
        };
        let text = match by {
            "area" => Some(plan::normalized_name(&row.programme.area)),
            "county" => row.programme.county.as_deref().map(plan::normalized_name),
            _ if numeric => None,
            _ => Some(plan::normalized_name(&row.programme.name)),
        };
        SortKey {
            number,
            text,
            name: plan::normalized_name(&row.programme.name),
        }
    };
    fn present_first<T: Ord>(
        a: Option<T>,
        b: Option<T>,
        descending: bool,
    ) -> Result<std::cmp::Ordering, std::cmp::Ordering> {
        use std::cmp::Ordering;
        match (a, b) {
            (Some(x), Some(y)) => Ok(if descending { y.cmp(&x) } else { x.cmp(&y) }),
            (Some(_), None) => Err(Ordering::Less),
            (None, Some(_)) => Err(Ordering::Greater),
            (None, None) => Ok(Ordering::Equal),
        }
    }
    let mut keyed: Vec<(SortKey, usize)> = rows.iter().map(key).zip(0..).collect();
    // Stable, like sorting the rows themselves; the rows move once, after.
    keyed.sort_by(|(a, _), (b, _)| {
        let order = if numeric {
            present_first(a.number, b.number, descending)
        } else {
            present_first(a.text.as_ref(), b.text.as_ref(), descending)
        };
        match order {
            Err(order) => order,
            Ok(order) => order.then_with(|| a.name.cmp(&b.name)),
        }
    });
    let mut slots: Vec<Option<OverviewRow>> = std::mem::take(rows).into_iter().map(Some).collect();
    rows.extend(
        keyed
            .into_iter()
            .filter_map(|(_, index)| slots[index].take()),
    );
}

/// The sums at the foot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub programmes: i64,
    pub target_year: i64,
    pub target_period: i64,
    pub achieved: i64,
    pub total_cost: i64,
    pub financing: FinancingSplit,
    pub errors: i64,
    pub warnings: i64,
}

/// Sums the rows (a plan's financing counts when it has no errors).
pub fn sums(rows: &[OverviewRow]) -> Sums {
    let mut sums = Sums::default();
    for row in rows {
        sums.programmes += 1;
        sums.achieved += row.achieved().unwrap_or(0);
        if let Some(plan) = &row.plan {
            let s = plan.summary;
            sums.target_year += s.target_year;
            sums.target_period += s.target_period;
            sums.total_cost += s.total_cost.0;
            sums.errors += s.errors;
            sums.warnings += s.warnings;
            if let Some(split) = s.financing {
                sums.financing = sums.financing + split;
            }
        }
    }
    sums
}

/// Which year of its period `year` is for the programme (1 for the first), `None`
/// outside the period.
pub fn year_of_period(row: &OverviewRow, year: i32) -> Option<i32> {
    let p = &row.programme;
    (p.period_from..=p.period_to)
        .contains(&year)
        .then(|| year - p.period_from + 1)
}

// The answer's shape. Fields are in the order of their names: the answer is what
// `serde_json::json!` (sorted maps) wrote before these structs replaced it, byte for byte
// (`tests::the_answer_is_what_json_wrote`), and the structs write it straight to bytes
// without a map per row.

#[derive(Serialize)]
struct FinancingOut {
    county: i64,
    municipality: i64,
    other: i64,
    state: i64,
}

impl From<&FinancingSplit> for FinancingOut {
    fn from(split: &FinancingSplit) -> FinancingOut {
        FinancingOut {
            county: split.county.0,
            municipality: split.municipality.0,
            other: split.other.0,
            state: split.state.0,
        }
    }
}

#[derive(Serialize)]
struct FindingsOut {
    errors: i64,
    warnings: i64,
}

#[derive(Serialize)]
struct DecisionOut<'a> {
    date: &'a str,
    reference: &'a str,
}

fn decision_out(decision: Option<&Decision>) -> Option<DecisionOut<'_>> {
    decision.map(|d| DecisionOut {
        date: &d.date,
        reference: &d.reference,
    })
}

#[derive(Serialize)]
struct JobsOut {
    achieved: Option<i64>,
    achieved_from: &'static str,
    target_period: Option<i64>,
    target_year: Option<i64>,
}

#[derive(Serialize)]
struct OmstillingsplanOut {
    status: &'static str,
}

#[derive(Serialize)]
struct PeriodOut {
    from: i32,
    to: i32,
    year_of_period: Option<i32>,
}

#[derive(Serialize)]
struct PlanOut<'a> {
    board: Option<DecisionOut<'a>>,
    council: Option<DecisionOut<'a>>,
    status: &'static str,
    version: Option<i64>,
}

/// `/programmes/{slug}`, written without a `String` of its own.
struct ProgrammeUrl<'a>(&'a str);

impl Serialize for ProgrammeUrl<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("/programmes/{}", self.0))
    }
}

/// One programme as the API shows it.
#[derive(Serialize)]
struct RowOut<'a> {
    area: &'a str,
    county: Option<&'a str>,
    financing: Option<FinancingOut>,
    findings: Option<FindingsOut>,
    jobs: JobsOut,
    name: &'a str,
    omstillingsplan: OmstillingsplanOut,
    period: PeriodOut,
    plan: PlanOut<'a>,
    slug: &'a str,
    total_cost: Option<i64>,
    url: ProgrammeUrl<'a>,
}

fn row_out(row: &OverviewRow, year: i32) -> RowOut<'_> {
    let p = &row.programme;
    let plan = row.plan.as_ref();
    let summary = plan.map(|p| p.summary);
    RowOut {
        area: &p.area,
        county: p.county.as_deref(),
        financing: summary
            .and_then(|s| s.financing)
            .as_ref()
            .map(FinancingOut::from),
        findings: summary.map(|s| FindingsOut {
            errors: s.errors,
            warnings: s.warnings,
        }),
        jobs: JobsOut {
            achieved: row.achieved(),
            achieved_from: if row.registry_achieved.is_some() {
                "registry"
            } else if plan.is_some() {
                "plan"
            } else {
                "none"
            },
            target_period: summary.map(|s| s.target_period),
            target_year: summary.map(|s| s.target_year),
        },
        name: &p.name,
        omstillingsplan: OmstillingsplanOut {
            status: row.omstillingsplan.map_or("none", |s| s.as_str()),
        },
        period: PeriodOut {
            from: p.period_from,
            to: p.period_to,
            year_of_period: year_of_period(row, year),
        },
        plan: PlanOut {
            board: decision_out(plan.and_then(|p| p.board.as_ref())),
            council: decision_out(plan.and_then(|p| p.council.as_ref())),
            status: status_name(row),
            version: plan.map(|p| p.version),
        },
        slug: &p.slug,
        total_cost: summary.map(|s| s.total_cost.0),
        url: ProgrammeUrl(&p.slug),
    }
}

/// The rows, each made as it is written.
struct RowsOut<'a> {
    rows: &'a [OverviewRow],
    year: i32,
}

impl Serialize for RowsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.rows.iter().map(|row| row_out(row, self.year)))
    }
}

#[derive(Serialize)]
struct SumsJobsOut {
    achieved: i64,
    target_period: i64,
    target_year: i64,
}

#[derive(Serialize)]
struct SumsOut {
    financing: FinancingOut,
    findings: FindingsOut,
    jobs: SumsJobsOut,
    programmes: i64,
    total_cost: i64,
}

/// The whole answer: `{programmes, sums, year}`.
#[derive(Serialize)]
struct AnswerOut<'a> {
    programmes: RowsOut<'a>,
    sums: SumsOut,
    year: i32,
}

/// The whole answer as JSON bytes: `{programmes, sums, year}`.
pub fn overview_json(overview: &Overview) -> Result<Vec<u8>, AppError> {
    let sums = sums(&overview.rows);
    let answer = AnswerOut {
        programmes: RowsOut {
            rows: &overview.rows,
            year: overview.filter.year,
        },
        sums: SumsOut {
            financing: FinancingOut::from(&sums.financing),
            findings: FindingsOut {
                errors: sums.errors,
                warnings: sums.warnings,
            },
            jobs: SumsJobsOut {
                achieved: sums.achieved,
                target_period: sums.target_period,
                target_year: sums.target_year,
            },
            programmes: sums.programmes,
            total_cost: sums.total_cost,
        },
        year: overview.filter.year,
    };
    // About 600 bytes a row: one allocation instead of a dozen doublings.
    let mut bytes = Vec::with_capacity(1024 + overview.rows.len() * 640);
    serde_json::to_writer(&mut bytes, &answer).map_err(AppError::internal)?;
    Ok(bytes)
}

async fn api_overview(
    State(state): State<AppState>,
    current: CurrentUser,
    QueryParams(params): QueryParams<Params>,
) -> Result<Response, AppError> {
    let overview = load(&state, &current, &params).await?;
    let bytes = overview_json(&overview)?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response())
}

// --- the table the page and the exports show --------------------------------------------

macro_rules! overview_texts {
    ($($key:ident : $nb:literal, $nn:literal;)*) => {
        /// The overview's texts of one language.
        #[derive(Debug)]
        pub struct OverviewTexts { $(pub $key: &'static str,)* }
        const NB: OverviewTexts = OverviewTexts { $($key: $nb,)* };
        const NN: OverviewTexts = OverviewTexts { $($key: $nn,)* };
    };
}

overview_texts! {
    title: "Oversikt over programmene", "Oversikt over programma";
    sheet: "Oversikt", "Oversikt";
    intro: "Ett program per rad for det valgte året: planens status, arbeidsplassmål, oppnådde arbeidsplasser, kostnad, finansiering og funn. Summene står nederst.", "Eitt program per rad for det valde året: status for planen, arbeidsplassmål, oppnådde arbeidsplassar, kostnad, finansiering og funn. Summane står nedst.";
    programme: "Program", "Program";
    area: "Område", "Område";
    county: "Fylke", "Fylke";
    period: "Periode", "Periode";
    year_of_period: "Programår", "Programår";
    omstillingsplan: "Omstillingsplan", "Omstillingsplan";
    status: "Status for planen", "Status for planen";
    version: "Versjon", "Versjon";
    board: "Styret", "Styret";
    council: "Kommunestyret", "Kommunestyret";
    target_year: "Mål i året", "Mål i året";
    target_period: "Mål i perioden", "Mål i perioden";
    achieved: "Oppnådd", "Oppnådd";
    total_cost: "Samlet kostnad", "Samla kostnad";
    state: "Stat", "Stat";
    county_money: "Fylkeskommune", "Fylkeskommune";
    municipality: "Kommune", "Kommune";
    other: "Andre", "Andre";
    errors: "Feil", "Feil";
    warnings: "Advarsler", "Åtvaringar";
    none: "Ingen", "Ingen";
    no_plan: "Ingen plan", "Ingen plan";
    draft: "Utkast", "Utkast";
    board_approved: "Behandlet av styret", "Handsama av styret";
    approved: "Vedtatt", "Vedteken";
    sum: "Sum", "Sum";
    programmes_count: "program", "program";
    filter: "Filter", "Filter";
    all: "Alle", "Alle";
    show: "Vis", "Vis";
    download: "Last ned", "Last ned";
    link: "Oversikt over programmene med summer", "Oversikt over programma med summar";
}

/// The overview's texts in `language`.
pub fn overview_texts(language: Language) -> &'static OverviewTexts {
    match language {
        Language::Bokmal => &NB,
        Language::Nynorsk => &NN,
    }
}

/// A plan status as the table shows it.
pub fn status_label(t: &OverviewTexts, status: Option<VersionStatus>) -> &'static str {
    match status {
        None => t.no_plan,
        Some(VersionStatus::Draft) => t.draft,
        Some(VersionStatus::BoardApproved) => t.board_approved,
        Some(VersionStatus::Approved) => t.approved,
    }
}

fn decision_text(decision: Option<&Decision>) -> Cell {
    match decision {
        Some(d) if d.reference.is_empty() => Cell::Text(d.date.clone()),
        Some(d) => Cell::Text(format!("{} ({})", d.date, d.reference)),
        None => Cell::Empty,
    }
}

/// The headers of [`table`], and which of them hold numbers.
pub fn headers(t: &OverviewTexts) -> Vec<(&'static str, bool)> {
    vec![
        (t.programme, false),
        (t.area, false),
        (t.county, false),
        (t.period, false),
        (t.year_of_period, true),
        (t.omstillingsplan, false),
        (t.status, false),
        (t.version, true),
        (t.board, false),
        (t.council, false),
        (t.target_year, true),
        (t.target_period, true),
        (t.achieved, true),
        (t.total_cost, true),
        (t.state, true),
        (t.county_money, true),
        (t.municipality, true),
        (t.other, true),
        (t.errors, true),
        (t.warnings, true),
    ]
}

/// The overview as one table: a row per programme as shown, the sums at the foot.
pub fn table(overview: &Overview, language: Language) -> Table {
    let t = overview_texts(language);
    let year = overview.filter.year;
    let number = |n: Option<i64>| n.map_or(Cell::Empty, Cell::Number);
    let rows = overview
        .rows
        .iter()
        .map(|row| {
            let p = &row.programme;
            let plan = row.plan.as_ref();
            let summary = plan.map(|p| p.summary);
            let split = summary.and_then(|s| s.financing);
            vec![
                Cell::Text(p.name.clone()),
                Cell::Text(p.area.clone()),
                p.county.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Text(format!("{}–{}", p.period_from, p.period_to)),
                number(year_of_period(row, year).map(i64::from)),
                Cell::Text(
                    row.omstillingsplan
                        .map_or(t.none, |s| status_label(t, Some(s)))
                        .to_owned(),
                ),
                Cell::Text(status_label(t, plan.map(|p| p.status)).to_owned()),
                number(plan.map(|p| p.version)),
                decision_text(plan.and_then(|p| p.board.as_ref())),
                decision_text(plan.and_then(|p| p.council.as_ref())),
                number(summary.map(|s| s.target_year)),
                number(summary.map(|s| s.target_period)),
                number(row.achieved()),
                number(summary.map(|s| s.total_cost.0)),
                number(split.map(|f| f.state.0)),
                number(split.map(|f| f.county.0)),
                number(split.map(|f| f.municipality.0)),
                number(split.map(|f| f.other.0)),
                number(summary.map(|s| s.errors)),
                number(summary.map(|s| s.warnings)),
            ]
        })
        .collect();
    let s = sums(&overview.rows);
    let mut foot = vec![Cell::Text(format!(
        "{} ({} {})",
        t.sum, s.programmes, t.programmes_count
    ))];
    foot.extend(std::iter::repeat_n(Cell::Empty, 9));
    foot.extend(
        [
            s.target_year,
            s.target_period,
            s.achieved,
            s.total_cost,
            s.financing.state.0,
            s.financing.county.0,
            s.financing.municipality.0,
            s.financing.other.0,
            s.errors,
            s.warnings,
        ]
        .map(Cell::Number),
    );
    Table {
        title: format!("{} {year}", t.title),
        headers: headers(t).into_iter().map(|(h, _)| h.to_owned()).collect(),
        rows,
        foot,
    }
}

/// The language the exports are written in: the user's.
fn user_language(current: &CurrentUser) -> Language {
    current.user.language.unwrap_or_default()
}

async fn export_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    QueryParams(params): QueryParams<Params>,
) -> Result<Response, AppError> {
    let overview = load(&state, &current, &params).await?;
    let bytes = render::overview::csv(&table(&overview, user_language(&current)));
    Ok(crate::documents::attachment(
        crate::documents::CSV,
        &format!("oversikt-{}.csv", overview.filter.year),
        bytes,
    ))
}

async fn export_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
    QueryParams(params): QueryParams<Params>,
) -> Result<Response, AppError> {
    let overview = load(&state, &current, &params).await?;
    let language = user_language(&current);
    let table = table(&overview, language);
    let sheet = overview_texts(language).sheet;
    let bytes = tokio::task::spawn_blocking(move || render::overview::xlsx(&table, sheet))
        .await
        .map_err(AppError::internal)?
        .map_err(|error| AppError::Unprocessable {
            code: "overview-xlsx",
            message: error.to_string(),
            details: None,
        })?;
    Ok(crate::documents::attachment(
        crate::documents::XLSX,
        &format!("oversikt-{}.xlsx", overview.filter.year),
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use store::overview::PlanSummary;
    use store::{Programme, VersionStatus};

    use super::*;

    // --- what the answer was written with before the structs (the reference) ---------

    fn financing_json(split: &FinancingSplit) -> Value {
        json!({
            "state": split.state.0,
            "county": split.county.0,
            "municipality": split.municipality.0,
            "other": split.other.0,
        })
    }

    fn decision_json(decision: Option<&Decision>) -> Value {
        decision.map_or(
            Value::Null,
            |d| json!({ "date": d.date, "reference": d.reference }),
        )
    }

    fn row_json(row: &OverviewRow, year: i32) -> Value {
        let p = &row.programme;
        let plan = row.plan.as_ref();
        let summary = plan.map(|p| p.summary);
        json!({
            "slug": p.slug,
            "name": p.name,
            "area": p.area,
            "county": p.county,
            "period": { "from": p.period_from, "to": p.period_to, "year_of_period": year_of_period(row, year) },
            "omstillingsplan": { "status": row.omstillingsplan.map_or("none", |s| s.as_str()) },
            "plan": {
                "status": status_name(row),
                "version": plan.map(|p| p.version),
                "board": decision_json(plan.and_then(|p| p.board.as_ref())),
                "council": decision_json(plan.and_then(|p| p.council.as_ref())),
            },
            "jobs": {
                "target_year": summary.map(|s| s.target_year),
                "target_period": summary.map(|s| s.target_period),
                "achieved": row.achieved(),
                "achieved_from": if row.registry_achieved.is_some() { "registry" } else if plan.is_some() { "plan" } else { "none" },
            },
            "total_cost": summary.map(|s| s.total_cost.0),
            "financing": summary.and_then(|s| s.financing).map(|f| financing_json(&f)),
            "findings": summary.map(|s| json!({ "errors": s.errors, "warnings": s.warnings })),
            "url": format!("/programmes/{}", p.slug),
        })
    }

    fn reference_json(overview: &Overview) -> Value {
        let sums = sums(&overview.rows);
        json!({
            "year": overview.filter.year,
            "programmes": overview.rows.iter().map(|r| row_json(r, overview.filter.year)).collect::<Vec<_>>(),
            "sums": {
                "programmes": sums.programmes,
                "jobs": { "target_year": sums.target_year, "target_period": sums.target_period, "achieved": sums.achieved },
                "total_cost": sums.total_cost,
                "financing": financing_json(&sums.financing),
                "findings": { "errors": sums.errors, "warnings": sums.warnings },
            },
        })
    }

    fn programme(slug: &str, name: &str, county: Option<&str>, from: i32) -> Programme {
        Programme {
            id: 1,
            slug: slug.parse().unwrap(),
            name: name.to_owned(),
            area: format!("{name} «kommune»\\ \"sitat\"\n"),
            county: county.map(str::to_owned),
            period_from: from,
            period_to: from + 5,
        }
    }

    fn plan(status: VersionStatus, errors: i64, decided: bool) -> PlanSummary {
        PlanSummary {
            version: 3,
            status,
            summary: plan::handlingsplan::summary::Summary {
                target_year: 12,
                target_period: -40,
                achieved: 7,
                total_cost: plan::Kroner(1_234_567_890_123),
                financing: (errors == 0).then_some(FinancingSplit {
                    state: plan::Kroner(1),
                    county: plan::Kroner(-2),
                    municipality: plan::Kroner(i64::MAX),
                    other: plan::Kroner(0),
                }),
                errors,
                warnings: 4,
            },
            board: decided.then(|| Decision {
                date: "2026-12-04".to_owned(),
                reference: "sak 21/39 «æøå» \u{1}".to_owned(),
            }),
            council: decided.then(|| Decision {
                date: "2027-01-28".to_owned(),
                reference: String::new(),
            }),
        }
    }

    #[test]
    fn the_answer_is_what_json_wrote() {
        let rows = vec![
            OverviewRow {
                programme: programme("fjordvik", "Fjordvik Vekst", Some("Vestland"), 2025),
                plan: Some(plan(VersionStatus::Approved, 0, true)),
                registry_achieved: Some(31),
                omstillingsplan: Some(VersionStatus::Approved),
            },
            OverviewRow {
                programme: programme("blandet", "Blandet", Some("Nordland"), 2028),
                plan: Some(plan(VersionStatus::Draft, 2, false)),
                registry_achieved: None,
                omstillingsplan: Some(VersionStatus::Draft),
            },
            OverviewRow {
                programme: programme("tom", "Tomt Program", None, 2020),
                plan: None,
                registry_achieved: None,
                omstillingsplan: None,
            },
            OverviewRow {
                programme: programme("register", "Bare register", None, 2027),
                plan: None,
                registry_achieved: Some(0),
                omstillingsplan: Some(VersionStatus::BoardApproved),
            },
        ];
        for rows in [Vec::new(), rows] {
            let overview = Overview {
                filter: Params::default().filter(2027).expect("defaults"),
                rows,
                counties: Vec::new(),
            };
            let written = overview_json(&overview).expect("writes");
            let reference = serde_json::to_vec(&reference_json(&overview)).expect("writes");
            assert_eq!(
                String::from_utf8(written).expect("utf-8"),
                String::from_utf8(reference).expect("utf-8")
            );
        }
    }
}
