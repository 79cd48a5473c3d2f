//! The year wheel's pages (issue 14): the figure and the list on the programme page
//! ([`programme_wheel`]), the page of one year (`/programmes/{slug}/year-wheel?year=`)
//! where editors change the deadlines' dates (a form that posts and redirects; an empty
//! field returns a deadline to its default), and the calendar subscription on `/account`
//! ([`subscription`], `/account/calendar`, `/account/calendar/revoke`).
//!
//! The events come from [`crate::calendar::ProgrammeWheel`] (the pure
//! `plan::yearwheel`); access is [`crate::access`]'s: editors change dates, everyone who
//! sees the programme reads them.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use plan::Language;
use plan::yearwheel::{self, Deadline, Event, EventKind};
use store::Programme;

use crate::AppState;
use crate::calendar::ProgrammeWheel;
use crate::error::AppError;
use crate::ui::page::{ProgrammeContext, SignedIn};
use crate::ui::texts::Texts;
use crate::ui::views::Layout;
use crate::ui::{error_page, html, layout, page_language};

/// The year wheel's routes.
pub(in crate::ui) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/programmes/{slug}/year-wheel",
            get(wheel_page).post(save_dates),
        )
        .route("/account/calendar", post(subscribe))
        .route("/account/calendar/revoke", post(unsubscribe))
}

// --- texts ------------------------------------------------------------------------------

macro_rules! wheel_texts {
    ($($key:ident : $nb:literal, $nn:literal;)*) => {
        /// The year wheel's texts of one language.
        #[derive(Debug)]
        pub struct WheelTexts { $(pub $key: &'static str,)* }
        const NB: WheelTexts = WheelTexts { $($key: $nb,)* };
        const NN: WheelTexts = WheelTexts { $($key: $nn,)* };
    };
}

wheel_texts! {
    title: "Årshjul {year}", "Årshjul {year}";
    intro: "Fristene i programmets år, vedtakene om handlingsplanene og aktivitetene i kommunikasjonsplanen.", "Fristane i året til programmet, vedtaka om handlingsplanane og aktivitetane i kommunikasjonsplanen.";
    list: "Hendelser i {year}", "Hendingar i {year}";
    empty: "Ingen hendelser dette året.", "Ingen hendingar dette året.";
    kind_deadline: "Frist", "Frist";
    kind_decision: "Vedtak", "Vedtak";
    kind_activity: "Kommunikasjon", "Kommunikasjon";
    edit_link: "Endre fristene for {year}", "Endre fristane for {year}";
    open_link: "Årshjulet for {year}", "Årshjulet for {year}";
    previous: "Forrige år", "Førre år";
    next: "Neste år", "Neste år";
    edit_title: "Frister", "Fristar";
    edit_help: "Skriv datoen som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ. Et tomt felt gir standarddatoen.", "Skriv datoen som ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ. Eit tomt felt gir standarddatoen.";
    default_is: "Standard: {date}", "Standard: {date}";
    save: "Lagre fristene", "Lagre fristane";
    saved: "Fristene er lagret.", "Fristane er lagra.";
    errors: "Fristene ble ikke lagret. Rett opp feltene:", "Fristane vart ikkje lagra. Rett opp felta:";
    feed: "Last ned som kalender (iCalendar)", "Last ned som kalender (iCalendar)";
    month_span: "hele {month}", "heile {month}";
    out_of_period: "Året {year} er utenfor programperioden {from}–{to}.", "Året {year} er utanfor programperioden {from}–{to}.";
    sub_title: "Kalenderabonnement", "Kalenderabonnement";
    sub_intro: "En hemmelig adresse som Outlook, Google Kalender og Thunderbird kan abonnere på. Den viser årshjulet til alle programmene du kan se. Del den ikke: alle som har adressen, kan lese kalenderen.", "Ei hemmeleg adresse som Outlook, Google Kalender og Thunderbird kan abonnere på. Ho viser årshjulet til alle programma du kan sjå. Del ho ikkje: alle som har adressa, kan lese kalenderen.";
    sub_none: "Du har ingen abonnementsadresse.", "Du har inga abonnementsadresse.";
    sub_active: "Du har en abonnementsadresse, laget {date}. Adressen vises bare da den ble laget; lag en ny om du har mistet den.", "Du har ei abonnementsadresse, laga {date}. Adressa blir berre vist då ho vart laga; lag ei ny om du har mista ho.";
    sub_create: "Lag abonnementsadresse", "Lag abonnementsadresse";
    sub_replace: "Lag ny adresse (den gamle slutter å virke)", "Lag ny adresse (den gamle sluttar å verke)";
    sub_revoke: "Trekk tilbake adressen", "Trekk tilbake adressa";
    sub_created: "Den nye adressen (kopier den nå, den vises ikke igjen):", "Den nye adressa (kopier ho no, ho blir ikkje vist att):";
    sub_url_label: "Abonnementsadresse", "Abonnementsadresse";
    sub_revoked: "Abonnementsadressen er trukket tilbake.", "Abonnementsadressa er trekt tilbake.";
}

/// The year wheel's texts in the page's language.
pub fn wheel_texts(t: &Texts) -> &'static WheelTexts {
    if t.lang == "nn" { &NN } else { &NB }
}

// --- views ------------------------------------------------------------------------------

/// One event as the list shows it.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub when: String,
    pub title: String,
    pub kind: &'static str,
}

/// The year wheel of one programme year: the figure (render's SVG) and the list.
#[derive(Debug, Clone)]
pub struct WheelView {
    pub year: i32,
    pub heading: String,
    pub list_heading: String,
    /// The SVG of `render::chart::wheel_svg`; escaped by `render`, so marked safe.
    pub svg: Option<String>,
    pub rows: Vec<EventRow>,
    pub previous: Option<i32>,
    pub next: Option<i32>,
    /// The page the previous/next links go to (`?year=` added).
    pub base: String,
    /// For a year outside the programme period (shown for the decisions made in it):
    /// the sentence saying so.
    pub out_of_period: Option<String>,
}

fn rows(events: &[Event], w: &WheelTexts, language: Language) -> Vec<EventRow> {
    events
        .iter()
        .map(|event| {
            let (when, kind) = match event.kind {
                EventKind::Activity => (
                    w.month_span.replace(
                        "{month}",
                        plan::norwegian::month_name(i64::from(event.start.month()))
                            .unwrap_or_default(),
                    ),
                    w.kind_activity,
                ),
                EventKind::Deadline(_) => (
                    plan::norwegian::date(event.start, language),
                    w.kind_deadline,
                ),
                EventKind::BoardDecision | EventKind::CouncilDecision => (
                    plan::norwegian::date(event.start, language),
                    w.kind_decision,
                ),
            };
            EventRow {
                when,
                title: event.title.clone(),
                kind,
            }
        })
        .collect()
}

/// The year a programme page shows by default: this year, inside the programme period.
pub fn default_year(programme: &Programme) -> i32 {
    let now = crate::clock::now().year();
    now.clamp(programme.period_from, programme.period_to)
}

/// The year wheel for the programme page and the year's page: the year asked for
/// (`?year=`, one of [`ProgrammeWheel::years`]: the period's, or one a decision was made
/// in), else the default year.
pub(in crate::ui) async fn programme_wheel(
    state: &AppState,
    programme: &Programme,
    asked: Option<&str>,
    t: &'static Texts,
    base: String,
) -> Result<WheelView, AppError> {
    let language = page_language(t);
    let w = wheel_texts(t);
    let data = ProgrammeWheel::load(state, programme).await?;
    let years = data.years();
    let year = match asked.map(str::trim).filter(|y| !y.is_empty()) {
        None => default_year(programme),
        Some(text) => crate::api::year_of(text)
            .filter(|y| years.contains(y))
            .ok_or(AppError::NotFound("året i programperioden"))?,
    };
    let events = data.events(year, language);
    let months = yearwheel::months(&events, language);
    let svg = render::chart::wheel_svg(language, year, &months).map(|chart| chart.svg);
    Ok(WheelView {
        year,
        heading: w.title.replace("{year}", &year.to_string()),
        list_heading: w.list.replace("{year}", &year.to_string()),
        svg,
        rows: rows(&events, w, language),
        previous: years.iter().rev().find(|y| **y < year).copied(),
        next: years.iter().find(|y| **y > year).copied(),
        base,
        out_of_period: (!data.in_period(year)).then(|| {
            w.out_of_period
                .replace("{year}", &year.to_string())
                .replace("{from}", &programme.period_from.to_string())
                .replace("{to}", &programme.period_to.to_string())
        }),
    })
}

/// One deadline's field in the edit form.
#[derive(Debug, Clone)]
pub struct DateField {
    pub key: &'static str,
    pub label: String,
    pub value: String,
    pub help: String,
    pub error: Option<String>,
}

#[derive(Template, Debug)]
#[template(path = "yearwheel.html")]
pub struct WheelPage {
    pub l: Layout,
    pub w: &'static WheelTexts,
    pub slug: String,
    pub wheel: WheelView,
    /// The edit form, for editors.
    pub fields: Option<Vec<DateField>>,
    pub has_errors: bool,
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct YearQuery {
    pub(in crate::ui) year: Option<String>,
    done: Option<String>,
}

/// The year asked for (`?year=`), else the default; inside the programme period (the
/// years whose deadlines can be changed).
pub(in crate::ui) fn chosen_year(
    programme: &Programme,
    asked: Option<&str>,
) -> Result<i32, AppError> {
    match asked.map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(default_year(programme)),
        Some(text) => crate::api::year_of(text)
            .filter(|y| (programme.period_from..=programme.period_to).contains(y))
            .ok_or(AppError::NotFound("året i programperioden")),
    }
}

async fn fields(
    state: &AppState,
    programme: &Programme,
    year: i32,
    t: &'static Texts,
    typed: Option<&BTreeMap<String, String>>,
    errors: &BTreeMap<&'static str, String>,
) -> Result<Vec<DateField>, AppError> {
    let language = page_language(t);
    let w = wheel_texts(t);
    let set = crate::calendar::set_dates(state, programme, year).await?;
    Ok(Deadline::ALL
        .into_iter()
        .map(|deadline| {
            let default = deadline
                .default_date(year)
                .map(|d| plan::norwegian::date(d, language))
                .unwrap_or_default();
            let value = match typed {
                Some(typed) => typed.get(deadline.key()).cloned().unwrap_or_default(),
                None => set
                    .is_set(deadline)
                    .then(|| set.date(deadline, year).map(|d| d.to_string()))
                    .flatten()
                    .unwrap_or_default(),
            };
            DateField {
                key: deadline.key(),
                label: deadline.title(language, year),
                value,
                help: w.default_is.replace("{date}", &default),
                error: errors.get(deadline.key()).cloned(),
            }
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
async fn render_wheel_page(
    state: &AppState,
    t: &'static Texts,
    current: &crate::auth::CurrentUser,
    programme: &Programme,
    can_edit: bool,
    asked: Option<&str>,
    typed: Option<&BTreeMap<String, String>>,
    errors: BTreeMap<&'static str, String>,
    notice: Option<String>,
) -> Response {
    let w = wheel_texts(t);
    let base = format!("/programmes/{}/year-wheel", programme.slug);
    let wheel = match programme_wheel(state, programme, asked, t, base).await {
        Ok(wheel) => wheel,
        Err(error) => return error_page(t, Some(current), error),
    };
    let year = wheel.year;
    // A year outside the period has no deadlines to change.
    let fields = if can_edit && wheel.out_of_period.is_none() {
        match fields(state, programme, year, t, typed, &errors).await {
            Ok(fields) => Some(fields),
            Err(error) => return error_page(t, Some(current), error),
        }
    } else {
        None
    };
    let slug = &programme.slug;
    let mut l = layout(
        t,
        Some(current),
        format!("{} – {}", wheel.heading, programme.name),
        format!("/programmes/{slug}/year-wheel?year={year}"),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (programme.name.clone(), format!("/programmes/{slug}")),
    ];
    l.notice = notice;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = WheelPage {
        l,
        w,
        slug: slug.to_string(),
        wheel,
        fields,
        has_errors: !errors.is_empty(),
    };
    html(status, &page)
}

async fn wheel_page(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Query(query): Query<YearQuery>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let notice = (query.done.as_deref() == Some("saved")).then(|| wheel_texts(t).saved.to_owned());
    render_wheel_page(
        &state,
        t,
        &current,
        &programme,
        access.can_edit(),
        query.year.as_deref(),
        None,
        BTreeMap::new(),
        notice,
    )
    .await
}

/// Saves the dates of one year: every field is checked first, and nothing is saved
/// while one is wrong (the page shows them all, with what was typed).
async fn save_dates(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Query(query): Query<YearQuery>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let slug = programme.slug.clone();
    let language = page_language(t);
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden("endre fristene"));
    }
    let year = match chosen_year(&programme, query.year.as_deref()) {
        Ok(year) => year,
        Err(error) => return error_page(t, Some(&current), error),
    };
    let set = match crate::calendar::set_dates(&state, &programme, year).await {
        Ok(set) => set,
        Err(error) => return error_page(t, Some(&current), error),
    };
    let mut errors = BTreeMap::new();
    let mut wanted = Vec::new();
    for deadline in Deadline::ALL {
        let typed = form.get(deadline.key()).map(|v| v.trim()).unwrap_or("");
        match crate::calendar::checked_date(typed, deadline, year, language) {
            Ok(date) => wanted.push((deadline, date)),
            Err(message) => {
                errors.insert(deadline.key(), message);
            }
        }
    }
    if !errors.is_empty() {
        return render_wheel_page(
            &state,
            t,
            &current,
            &programme,
            true,
            Some(&year.to_string()),
            Some(&form),
            errors,
            None,
        )
        .await;
    }
    if let Err(error) =
        crate::calendar::change_dates(&state, &programme, year, &set, &wanted, current.user.id)
            .await
    {
        return error_page(t, Some(&current), error);
    }
    Redirect::to(&format!(
        "/programmes/{slug}/year-wheel?year={year}&done=saved"
    ))
    .into_response()
}

// --- the subscription on /account ----------------------------------------------------------

/// The subscription section of `/account`.
#[derive(Debug, Clone)]
pub struct SubscriptionView {
    pub w: &'static WheelTexts,
    /// When the user has an address: the text saying since when.
    pub active: Option<String>,
    /// The address just made (shown once).
    pub created: Option<String>,
    pub revoked: bool,
}

/// The subscription section for `/account`, with the address when it was just made
/// (carried once in the page the form's post answers with).
pub(in crate::ui) async fn subscription(
    state: &AppState,
    user: &store::User,
    t: &'static Texts,
    created: Option<String>,
    revoked: bool,
) -> Result<SubscriptionView, AppError> {
    let w = wheel_texts(t);
    let language = page_language(t);
    let active = state
        .store
        .calendar_token_created(user.id)
        .await?
        .and_then(|at| {
            plan::Date::new(
                at.year(),
                u32::from(u8::from(at.month())),
                u32::from(at.day()),
            )
        })
        .map(|date| {
            w.sub_active
                .replace("{date}", &plan::norwegian::date(date, language))
        });
    Ok(SubscriptionView {
        w,
        active,
        created,
        revoked,
    })
}

async fn subscribe(State(state): State<AppState>, headers: HeaderMap, page: SignedIn) -> Response {
    let SignedIn { t, current } = page;
    let base = crate::calendar::base_url(&state, &headers);
    match crate::calendar::new_subscription(&state, &current.user, &base).await {
        Ok(url) => {
            crate::ui::account::page_with_subscription(&state, t, &current, Some(url), false).await
        }
        Err(error) => error_page(t, Some(&current), error),
    }
}

async fn unsubscribe(State(state): State<AppState>, page: SignedIn) -> Response {
    let SignedIn { t, current } = page;
    match crate::calendar::revoke_subscription(&state, &current.user).await {
        Ok(_) => Redirect::to("/account?calendar=revoked").into_response(),
        Err(error) => error_page(t, Some(&current), error),
    }
}
