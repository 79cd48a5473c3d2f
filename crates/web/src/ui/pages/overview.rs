//! The overview page (issue 14): `/overview?year=&county=&status=&sort=&order=`, the
//! table of [`crate::overview::table`] with its sums at the foot, the filters as a plain
//! GET form, sorting by the column headers' links and the exports of exactly what is
//! shown. Which programmes appear is [`crate::access::overview_scope`]'s rule, through
//! [`crate::overview::load`], the API's one path.

use crate::ui::page::SignedIn;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use render::overview::Cell;

use crate::AppState;
use crate::error::AppError;
use crate::overview::{self as core, OverviewTexts, Params, STATUSES, overview_texts};
use crate::ui::views::Layout;
use crate::ui::{error_page, html, layout, page_language};

/// The page's route.
pub(in crate::ui) fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/overview", get(page))
}

/// A header of the table: its text, whether it holds numbers, and its sort link.
#[derive(Debug)]
pub struct HeaderView {
    pub label: &'static str,
    pub numeric: bool,
    /// The link that sorts by this column, and `aria-sort`'s value when it is sorted.
    pub sort: Option<(String, Option<&'static str>)>,
}

/// A cell as shown.
#[derive(Debug)]
pub struct CellView {
    pub text: String,
    pub numeric: bool,
}

/// A row: the programme's link, then the cells after the name.
#[derive(Debug)]
pub struct RowView {
    pub href: String,
    pub name: String,
    pub cells: Vec<CellView>,
}

#[derive(Template, Debug)]
#[template(path = "programme_overview.html")]
pub struct OverviewPage {
    pub l: Layout,
    pub o: &'static OverviewTexts,
    pub error: Option<String>,
    pub year: String,
    pub county: String,
    pub counties: Vec<String>,
    pub status: String,
    pub statuses: Vec<(&'static str, &'static str)>,
    pub headers: Vec<HeaderView>,
    pub rows: Vec<RowView>,
    pub foot: Vec<CellView>,
    pub query: String,
}

impl OverviewPage {
    fn county_selected(&self, county: &str) -> bool {
        self.county == county
    }

    fn status_selected(&self, status: &str) -> bool {
        self.status == status
    }
}

fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(n) => plan::norwegian::integer(*n),
        Cell::Empty => "–".to_owned(),
    }
}

/// The column each sortable header sorts by.
fn sort_key(column: usize) -> Option<&'static str> {
    match column {
        0 => Some("name"),
        1 => Some("area"),
        2 => Some("county"),
        6 => Some("status"),
        10 => Some("target_year"),
        11 => Some("target_period"),
        12 => Some("achieved"),
        13 => Some("total_cost"),
        18 => Some("errors"),
        19 => Some("warnings"),
        _ => None,
    }
}

async fn page(
    State(state): State<AppState>,
    page: SignedIn,
    Query(params): Query<Params>,
) -> Response {
    let SignedIn { t, current } = page;
    let lang = page_language(t);
    let o = overview_texts(lang);
    let statuses: Vec<(&str, &str)> = STATUSES
        .into_iter()
        .zip([o.no_plan, o.draft, o.board_approved, o.approved])
        .collect();
    let mut page = OverviewPage {
        l: layout(t, Some(&current), o.title.to_owned(), "/overview".into()),
        o,
        error: None,
        year: params.year.clone().unwrap_or_default(),
        county: params.county.clone().unwrap_or_default(),
        counties: Vec::new(),
        status: params.status.clone().unwrap_or_default(),
        statuses,
        headers: Vec::new(),
        rows: Vec::new(),
        foot: Vec::new(),
        query: String::new(),
    };
    let overview = match core::load(&state, &current, &params).await {
        Ok(overview) => overview,
        Err(AppError::BadRequest(message)) => {
            page.error = Some(message);
            return html(StatusCode::BAD_REQUEST, &page);
        }
        Err(error) => return error_page(t, Some(&current), error),
    };
    let filter = &overview.filter;
    page.year = filter.year.to_string();
    page.counties = overview.counties.clone();
    page.query = filter.query(None);
    page.l.title = format!("{} {}", o.title, filter.year);
    let table = core::table(&overview, lang);
    let numeric: Vec<bool> = core::headers(o).into_iter().map(|(_, n)| n).collect();
    page.headers = core::headers(o)
        .into_iter()
        .enumerate()
        .map(|(column, (label, numeric))| HeaderView {
            label,
            numeric,
            sort: sort_key(column).map(|key| {
                let sorted = filter.sort == key;
                let descending = sorted && !filter.descending;
                let aria = sorted.then_some(if filter.descending {
                    "descending"
                } else {
                    "ascending"
                });
                (
                    format!("/overview?{}", filter.query(Some((key, descending)))),
                    aria,
                )
            }),
        })
        .collect();
    page.rows = overview
        .rows
        .iter()
        .zip(&table.rows)
        .map(|(row, cells)| RowView {
            href: format!("/programmes/{}", row.programme.slug),
            name: row.programme.name.clone(),
            cells: cells
                .iter()
                .zip(&numeric)
                .skip(1)
                .map(|(cell, numeric)| CellView {
                    text: shown(cell),
                    numeric: *numeric,
                })
                .collect(),
        })
        .collect();
    page.foot = table
        .foot
        .iter()
        .zip(&numeric)
        .map(|(cell, numeric)| CellView {
            text: match cell {
                Cell::Empty => String::new(),
                other => shown(other),
            },
            numeric: *numeric,
        })
        .collect();
    html(StatusCode::OK, &page)
}
