//! A plan's preview and its version history with the readable diff; reopening a frozen plan.

use crate::ui::*;

// --- preview and history ---------------------------------------------------------------

pub(in crate::ui) async fn preview(State(state): State<AppState>, page: PlanContext) -> Response {
    let (t, current, programme, _, year) = page.into_parts();
    let slug = programme.slug.clone();
    let version = page_try!(t, &current, load_current(&state, &programme, year).await);
    let plan = page_try!(t, &current, plan_of(&version));
    let evaluation = plan::handlingsplan::evaluate(&plan);
    let document = render::html_fragment(&render::handlingsplan::document(
        &plan,
        &evaluation,
        &render::Options::default(),
    ))
    .unwrap_or_default();
    let base = base_path(&slug, year);
    let mut l = layout(
        t,
        Some(&current),
        format!(
            "{} – {}",
            t.preview,
            t.editor_title.replace("{year}", &year.to_string())
        ),
        format!("{base}/preview"),
    );
    l.breadcrumbs = plan_breadcrumbs(t, &programme, year);
    let page = PreviewPage {
        l,
        downloads: FORMATS
            .iter()
            .map(|(label, ext)| {
                (
                    (*label).to_owned(),
                    format!("/api/v1/programmes/{slug}/plans/{year}/document.{ext}"),
                )
            })
            .collect(),
        base,
        document,
    };
    html(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct HistoryQuery {
    from: Option<i64>,
    to: Option<i64>,
    page: Option<usize>,
}

/// Versions per page of the history table.
pub const HISTORY_PAGE_SIZE: usize = 20;

pub(in crate::ui) async fn history(
    State(state): State<AppState>,
    page: PlanContext,
    Query(query): Query<HistoryQuery>,
) -> Response {
    let (t, current, programme, access, year) = page.into_parts();
    let slug = programme.slug.clone();
    let infos = page_try!(
        t,
        &current,
        state
            .store
            .versions(programme.id, &store::DocKey::handlingsplan(year))
            .await
    );
    let last = infos.last().map_or(1, |v| v.version);
    let to = query.to.unwrap_or(last);
    let from = query.from.unwrap_or((to - 1).max(1));
    let board_version = infos
        .iter()
        .rev()
        .find(|v| v.status == VersionStatus::BoardApproved)
        .map(|v| v.version);
    let mut diff = None;
    if query.from.is_some() || query.to.is_some() || infos.len() > 1 {
        let a = page_try!(
            t,
            &current,
            state
                .store
                .version(programme.id, &store::DocKey::handlingsplan(year), from)
                .await
        );
        let b = page_try!(
            t,
            &current,
            state
                .store
                .version(programme.id, &store::DocKey::handlingsplan(year), to)
                .await
        );
        if let (Some(a), Some(b)) = (a, b) {
            let fa = from_plan(&page_try!(t, &current, plan_of(&a)));
            let fb = from_plan(&page_try!(t, &current, plan_of(&b)));
            let keys: std::collections::BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
            diff = Some(
                keys.into_iter()
                    .filter(|k| fa.get(*k) != fb.get(*k))
                    .map(|k| DiffRow {
                        label: labels::label(k, if fb.contains_key(k) { &fb } else { &fa }, t),
                        before: fa.get(k).cloned().unwrap_or_default(),
                        after: fb.get(k).cloned().unwrap_or_default(),
                    })
                    .collect(),
            );
        }
    }
    let base = base_path(&slug, year);
    let mut l = layout(
        t,
        Some(&current),
        format!(
            "{} – {}",
            t.history,
            t.editor_title.replace("{year}", &year.to_string())
        ),
        format!("{base}/history"),
    );
    l.breadcrumbs = plan_breadcrumbs(t, &programme, year);
    // Newest first, HISTORY_PAGE_SIZE at a time; page 1 holds the newest.
    let pages = infos.len().div_ceil(HISTORY_PAGE_SIZE).max(1);
    let page_number = query.page.unwrap_or(1).clamp(1, pages);
    let shown: Vec<&VersionInfo> = infos
        .iter()
        .rev()
        .skip((page_number - 1) * HISTORY_PAGE_SIZE)
        .take(HISTORY_PAGE_SIZE)
        .collect();
    let page_link = |n: usize| {
        let mut link = format!("{base}/history?page={n}");
        if let Some(from) = query.from {
            link.push_str(&format!("&from={from}"));
        }
        if let Some(to) = query.to {
            link.push_str(&format!("&to={to}"));
        }
        link
    };
    let paging = Paging {
        newer: (page_number > 1).then(|| page_link(page_number - 1)),
        older: (page_number < pages).then(|| page_link(page_number + 1)),
        text: t
            .page_of
            .replace("{page}", &page_number.to_string())
            .replace("{pages}", &pages.to_string()),
        range: match (shown.last(), shown.first()) {
            (Some(oldest), Some(newest)) => t
                .versions_range
                .replace("{from}", &oldest.version.to_string())
                .replace("{to}", &newest.version.to_string())
                .replace("{total}", &infos.len().to_string()),
            _ => String::new(),
        },
    };
    let restore = decide::restore_box(t, access, &infos, from);
    let page = HistoryPage {
        l,
        restore,
        base,
        all_versions: infos.iter().map(|v| v.version).collect(),
        paging,
        versions: shown
            .into_iter()
            .map(|v| {
                let (status, status_class) = status_text(t, v.status);
                VersionRow {
                    version: v.version,
                    status,
                    status_class,
                    author: v.author.clone().unwrap_or_default(),
                    at: v
                        .created_at
                        .format(&time::format_description::well_known::Rfc3339)
                        .map(|s| s.replace('T', " ").chars().take(16).collect())
                        .unwrap_or_default(),
                    note: [
                        v.decision("board")
                            .map(|d| decide::decision_text(t, "board", d)),
                        v.decision("council")
                            .map(|d| decide::decision_text(t, "council", d)),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                }
            })
            .collect(),
        from,
        to,
        diff_title: t
            .diff_title
            .replace("{a}", &from.to_string())
            .replace("{b}", &to.to_string()),
        diff,
        since_board: board_version.filter(|b| *b < last).map(|b| (b, last)),
    };
    html(StatusCode::OK, &page)
}

// --- approvals -------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct ReopenForm {
    base_version: Option<i64>,
}

pub(in crate::ui) async fn reopen(
    State(state): State<AppState>,
    page: PlanContext,
    Form(form): Form<ReopenForm>,
) -> Response {
    let (t, current, programme, access, year) = page.into_parts();
    let slug = programme.slug.clone();
    let reopened = crate::workflow::reopen::<Plan>(
        &state,
        &programme,
        access,
        &store::DocKey::handlingsplan(year),
        form.base_version,
        current.user.id,
    )
    .await;
    match reopened {
        Ok(info) => Redirect::to(&format!(
            "{}?saved={}",
            base_path(&slug, year),
            info.version
        ))
        .into_response(),
        // The same refusals as the API's (409 for a draft or a changed plan), in the
        // user's language.
        Err(crate::workflow::Refusal::NotFrozen) => message_page(
            t,
            &current,
            StatusCode::CONFLICT,
            t.reopen_not_frozen,
            base_path(&slug, year),
        ),
        Err(crate::workflow::Refusal::Changed) => message_page(
            t,
            &current,
            StatusCode::CONFLICT,
            t.reopen_changed,
            base_path(&slug, year),
        ),
        Err(crate::workflow::Refusal::Forbidden(_)) => {
            error_page(t, Some(&current), AppError::Forbidden("gjenåpne planer"))
        }
        Err(crate::workflow::Refusal::Other(error)) => error_page(t, Some(&current), error),
    }
}
