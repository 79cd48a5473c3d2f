//! The list of programmes, a programme's page with its years and its Omstillingsplan's
//! status, and starting a plan (a copy of the year before, a skeleton, or made from the
//! Omstillingsplan as `omstilling new --from OP --year Y` makes it).

use crate::ui::*;

// --- programmes ------------------------------------------------------------------------

/// Why the overview shows the year it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearReason {
    /// The plan of the year in progress.
    InProgress,
    /// No plan for the year in progress: the first year after it that has one.
    Next,
    /// No plan for this year or later: the newest earlier plan.
    Latest,
}

/// The year a programme's card shows: the year in progress when it has a plan, else the
/// next year that has one, else the newest. `None` without plans.
pub fn shown_year(years: &[i32], this_year: i32) -> Option<(i32, YearReason)> {
    if years.contains(&this_year) {
        return Some((this_year, YearReason::InProgress));
    }
    if let Some(next) = years.iter().copied().filter(|y| *y > this_year).min() {
        return Some((next, YearReason::Next));
    }
    years.iter().copied().max().map(|y| (y, YearReason::Latest))
}

pub(in crate::ui) fn year_reason_text(t: &Texts, reason: YearReason, this_year: i32) -> String {
    match reason {
        YearReason::InProgress => t.year_shown_in_progress,
        YearReason::Next => t.year_shown_next,
        YearReason::Latest => t.year_shown_latest,
    }
    .replace("{this_year}", &this_year.to_string())
}

pub(in crate::ui) fn figures(t: &Texts, info: &VersionInfo, plan: &Plan) -> YearFigures {
    let evaluation = plan::handlingsplan::evaluate(plan);
    let (status, status_class) = status_text(t, info.status);
    YearFigures {
        year: info.year().unwrap_or_default(),
        status,
        status_class,
        jobs: plan::norwegian::integer(evaluation.totals.jobs.this_year),
        cost: plan::norwegian::kroner(evaluation.totals.total_cost),
        reason: String::new(),
    }
}

pub(in crate::ui) async fn overview(State(state): State<AppState>, page: SignedIn) -> Response {
    let SignedIn { t, current } = page;
    let programmes: Vec<(Programme, Option<String>)> =
        match crate::access::overview_scope(&current.user) {
            crate::access::Scope::Every => page_try!(t, &current, state.store.programmes().await)
                .into_iter()
                .map(|p| (p, None))
                .collect(),
            crate::access::Scope::MemberOf(user) => {
                page_try!(t, &current, state.store.memberships(user).await)
                    .into_iter()
                    .map(|(p, role)| (p, Some(role_text(t, role).to_owned())))
                    .collect()
            }
        };
    let mut cards = Vec::new();
    for (programme, role) in programmes {
        let plans = page_try!(
            t,
            &current,
            state
                .store
                .documents(programme.id, store::HANDLINGSPLAN)
                .await
        );
        let years: Vec<i32> = plans.iter().filter_map(|p| p.year()).collect();
        let shown = shown_year(&years, crate::clock::now().year());
        let this_year = shown.map(|(year, _)| year);
        let mut current_figures = None;
        if let Some(year) = this_year
            && let Some(version) = page_try!(
                t,
                &current,
                state
                    .store
                    .current(programme.id, &store::DocKey::handlingsplan(year))
                    .await
            )
            && let Ok(plan) = plan_of(&version)
        {
            let mut shown_figures = figures(t, &version.info, &plan);
            if let Some((_, reason)) = shown {
                shown_figures.reason = year_reason_text(t, reason, crate::clock::now().year());
            }
            current_figures = Some(shown_figures);
        }
        cards.push(ProgrammeCard {
            years: plans
                .iter()
                .map(|p| (p.year().unwrap_or_default(), status_text(t, p.status).0))
                .collect(),
            slug: programme.slug.to_string(),
            name: programme.name,
            area: programme.area,
            county: programme.county,
            period: format!("{}–{}", programme.period_from, programme.period_to),
            role,
            current: current_figures,
        });
    }
    let page = OverviewPage {
        l: layout(
            t,
            Some(&current),
            t.programmes_title.into(),
            "/programmes".into(),
        ),
        programmes: cards,
    };
    html(StatusCode::OK, &page)
}

pub(in crate::ui) fn role_text(t: &Texts, role: store::ProgrammeRole) -> &'static str {
    match role {
        store::ProgrammeRole::Editor => t.role_editor,
        store::ProgrammeRole::Board => t.role_board,
        store::ProgrammeRole::Viewer => t.role_viewer,
    }
}

pub(in crate::ui) async fn programme_page(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Query(wheel_query): Query<yearwheel::YearQuery>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let slug = programme.slug.clone();
    let plans = page_try!(
        t,
        &current,
        state
            .store
            .documents(programme.id, store::HANDLINGSPLAN)
            .await
    );
    let mut rows = Vec::new();
    for info in &plans {
        let (status, status_class) = status_text(t, info.status);
        let (mut jobs, mut cost) = (String::new(), String::new());
        if let Some(version) = page_try!(
            t,
            &current,
            state
                .store
                .current(
                    programme.id,
                    &store::DocKey::handlingsplan(info.year().unwrap_or_default())
                )
                .await
        ) && let Ok(plan) = plan_of(&version)
        {
            let f = figures(t, info, &plan);
            jobs = f.jobs;
            cost = f.cost;
        }
        rows.push(PlanRow {
            year: info.year().unwrap_or_default(),
            title: t
                .editor_title
                .replace("{year}", &info.year().unwrap_or_default().to_string()),
            status,
            status_class,
            version: info.version,
            jobs,
            cost,
            author: info.author.clone().unwrap_or_default(),
        });
    }
    let omstillingsplan = page_try!(
        t,
        &current,
        state
            .store
            .current(programme.id, &store::DocKey::single(store::OMSTILLINGSPLAN))
            .await
    );
    let start = if access.can_edit() {
        let last = plans.iter().map(|p| p.year().unwrap_or_default()).max();
        let next = last.map_or(programme.period_from, |y| y + 1);
        (next <= programme.period_to).then(|| StartPlan {
            year: next,
            label: t.start_next_year.replace("{year}", &next.to_string()),
            help: last
                .map(|from| {
                    t.start_next_year_help
                        .replace("{from}", &from.to_string())
                        .replace("{year}", &next.to_string())
                })
                .unwrap_or_default(),
            from_omstillingsplan: omstillingsplan
                .as_ref()
                .map(|version| from_omstillingsplan_choice(t, &version.info, last, next)),
        })
    } else {
        None
    };
    let omstillingsplan = omstillingsplan_status(t, &slug, access, omstillingsplan.as_ref());
    let mut l = layout(
        t,
        Some(&current),
        programme.name.clone(),
        format!("/programmes/{slug}"),
    );
    l.breadcrumbs = vec![(t.nav_programmes.into(), "/programmes".into())];
    let wheel = page_try!(
        t,
        &current,
        yearwheel::programme_wheel(
            &state,
            &programme,
            wheel_query.year.as_deref(),
            t,
            format!("/programmes/{slug}")
        )
        .await
    );
    let wheel_year = wheel.year;
    let wheel_texts = yearwheel::wheel_texts(t);
    let wheel_link = if access.can_edit() {
        wheel_texts.edit_link
    } else {
        wheel_texts.open_link
    }
    .replace("{year}", &wheel_year.to_string());
    let page = ProgrammePage {
        l,
        slug: programme.slug.to_string(),
        name: programme.name.clone(),
        area: programme.area.clone(),
        county: programme.county.clone(),
        period: format!("{}–{}", programme.period_from, programme.period_to),
        plans: rows,
        omstillingsplan,
        start,
        import_link: access.can_edit().then(|| import::link_text(t).to_owned()),
        wheel,
        wheel_texts,
        wheel_link,
    };
    html(StatusCode::OK, &page)
}

/// The Omstillingsplan on the programme page: its status (none, draft, board decided,
/// approved), version and date, and the ways to its pages.
#[derive(Debug, Clone)]
pub struct OmstillingsplanStatus {
    pub title: &'static str,
    /// `None` when the programme has none; then `none_text` says so.
    pub status: Option<(String, &'static str)>,
    /// "Versjon 3, lagret 30. november 2026." or the decisions.
    pub lines: Vec<String>,
    pub none_text: &'static str,
    /// (text, address) of each link: the editor (or starting one), history, approvals,
    /// preview.
    pub links: Vec<(&'static str, String)>,
}

fn omstillingsplan_status(
    t: &Texts,
    slug: &str,
    access: Access,
    version: Option<&PlanVersion>,
) -> OmstillingsplanStatus {
    let base = format!("/programmes/{slug}/omstillingsplan");
    let title = decide::tr(t, "Omstillingsplan", "Omstillingsplan");
    let none_text = decide::tr(
        t,
        "Programmet har ingen omstillingsplan ennå. Årsplanene kontrolleres mot den når den finnes.",
        "Programmet har ingen omstillingsplan enno. Årsplanane blir kontrollerte mot han når han finst.",
    );
    let Some(version) = version else {
        return OmstillingsplanStatus {
            title,
            status: None,
            lines: Vec::new(),
            none_text,
            links: if access.can_edit() {
                vec![(
                    decide::tr(t, "Start omstillingsplanen", "Start omstillingsplanen"),
                    base,
                )]
            } else {
                Vec::new()
            },
        };
    };
    let info = &version.info;
    let saved = plan::Date::parse_iso(&info.created_at.date().to_string())
        .map(|d| plan::norwegian::date(d, page_language(t)))
        .unwrap_or_default();
    let mut lines = vec![
        decide::tr(
            t,
            "Versjon {n}, lagret {date}.",
            "Versjon {n}, lagra {date}.",
        )
        .replace("{n}", &info.version.to_string())
        .replace("{date}", &saved),
    ];
    for step in ["board", "council"] {
        if let Some(decision) = info.decision(step) {
            lines.push(decide::decision_text(t, step, decision));
        }
    }
    let open = if access.can_edit() && !info.status.is_frozen() {
        decide::tr(t, "Rediger omstillingsplanen", "Rediger omstillingsplanen")
    } else {
        decide::tr(t, "Åpne omstillingsplanen", "Opne omstillingsplanen")
    };
    OmstillingsplanStatus {
        title,
        status: Some(status_text(t, info.status)),
        lines,
        none_text,
        links: vec![
            (open, base.clone()),
            (
                decide::tr(t, "Behandling og vedtak", "Handsaming og vedtak"),
                format!("{base}/approvals"),
            ),
            (t.history, format!("{base}/history")),
            (t.preview, format!("{base}/preview")),
        ],
    }
}

/// The start form's choice of where the year's plan comes from, when the programme has an
/// Omstillingsplan.
#[derive(Debug, Clone)]
pub struct FromOmstillingsplan {
    pub legend: &'static str,
    /// The other way: a copy of the year before, or a skeleton from the programme.
    pub other: String,
    pub label: String,
    /// Checked when there is no earlier plan to copy.
    pub checked: bool,
}

fn from_omstillingsplan_choice(
    t: &Texts,
    info: &VersionInfo,
    last: Option<i32>,
    next: i32,
) -> FromOmstillingsplan {
    FromOmstillingsplan {
        legend: decide::tr(
            t,
            "Hva skal planen bygge på?",
            "Kva skal planen byggje på?",
        ),
        other: match last {
            Some(from) => decide::tr(
                t,
                "Kopi av planen for {from}",
                "Kopi av planen for {from}",
            )
            .replace("{from}", &from.to_string()),
            None => decide::tr(
                t,
                "En tom plan med programmets navn og periode",
                "Ein tom plan med namnet og perioden til programmet",
            )
            .to_owned(),
        },
        label: decide::tr(
            t,
            "Omstillingsplanen (versjon {n}): alle innsatsområder med mål og arbeidsplassmål, alle strategier uten prosjekter, og standard finansiering for {year}",
            "Omstillingsplanen (versjon {n}): alle innsatsområde med mål og arbeidsplassmål, alle strategiar utan prosjekt, og standard finansiering for {year}",
        )
        .replace("{n}", &info.version.to_string())
        .replace("{year}", &next.to_string()),
        checked: last.is_none(),
    }
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct StartForm {
    year: String,
    /// `omstillingsplan`: made from the programme's current Omstillingsplan.
    source: Option<String>,
}

/// Starts a plan: a copy of the newest earlier plan with the year moved on, or a
/// skeleton from the programme's data when there is none.
pub(in crate::ui) async fn start_plan(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Form(form): Form<StartForm>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let slug = programme.slug.clone();
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden("starte planer"));
    }
    let year = page_try!(t, &current, crate::api::parse_year(form.year.trim()));
    let plans = page_try!(
        t,
        &current,
        state
            .store
            .documents(programme.id, store::HANDLINGSPLAN)
            .await
    );
    let exists = plans.iter().any(|p| p.year().unwrap_or_default() == year);
    if let Some(refused) = decide::start_refused(t, &current, &programme, year, exists) {
        return refused;
    }
    let previous = plans
        .iter()
        .filter(|p| p.year().unwrap_or_default() < year)
        .map(|p| p.year().unwrap_or_default())
        .max();
    let plan = match (form.source.as_deref(), previous) {
        (Some("omstillingsplan"), _) => {
            let Some((_, omstillingsplan)) = page_try!(
                t,
                &current,
                crate::kinds::current_omstillingsplan(&state, &programme).await
            ) else {
                return error_page(t, Some(&current), AppError::NotFound("omstillingsplanen"));
            };
            plan::omstillingsplan::derive::yearly_plan(&omstillingsplan, year)
        }
        (_, Some(from)) => {
            let version = page_try!(t, &current, load_current(&state, &programme, from).await);
            let old = page_try!(t, &current, plan_of(&version));
            next_year_plan(&old, year)
        }
        (_, None) => skeleton(&programme, year),
    };
    // The one save path of every kind (`PUT` in the API): version 1 of the year's plan.
    page_try!(
        t,
        &current,
        crate::workflow::save(
            &state,
            &programme,
            &store::DocKey::handlingsplan(year),
            &plan,
            None,
            current.user.id
        )
        .await
    );
    Redirect::to(&base_path(&slug, year)).to_response_303()
}

trait SeeOther {
    fn to_response_303(self) -> Response;
}

impl SeeOther for Redirect {
    fn to_response_303(self) -> Response {
        self.into_response()
    }
}

/// Next year's plan from an earlier one: [`Plan::next_year`] (same content, no decisions),
/// with the year the user asked for.
pub fn next_year_plan(plan: &Plan, year: i32) -> Plan {
    let mut next = plan.next_year();
    next.year = year;
    next
}

pub(in crate::ui) fn skeleton(programme: &Programme, year: i32) -> Plan {
    Plan {
        language: Language::Bokmal,
        programme: plan::Programme {
            name: programme.name.clone(),
            area: programme.area.clone(),
            county: programme.county.clone(),
            vision: None,
            period: plan::Period {
                from: programme.period_from,
                to: programme.period_to,
            },
            jobs_goal: None,
        },
        year,
        approval: plan::Approval::default(),
        focus_areas: Vec::new(),
        admin_costs: plan::Kroner(0),
        financing: Vec::new(),
        previous_results: None,
        communication: None,
    }
}
