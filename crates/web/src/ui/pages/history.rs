//! A document's preview and its version history with the readable diff; reopening a frozen
//! document. Written once for every kind ([`DocPages`]): the yearly plans' pages
//! (`/programmes/{slug}/plans/{year}/…`) and the Omstillingsplan's
//! (`/programmes/{slug}/omstillingsplan/…`).

use crate::ui::*;

// --- preview and history ---------------------------------------------------------------

pub(in crate::ui) async fn preview<K: DocPages>(
    State(state): State<AppState>,
    page: DocContext<K>,
) -> Response {
    let (t, current) = (page.t, &page.current);
    let version = page_try!(
        t,
        current,
        crate::workflow::current::<K>(&state, &page.programme, &page.doc).await
    );
    let document = page_try!(t, current, crate::workflow::stored::<K>(&version));
    let evaluation = document.evaluate();
    let fragment = render::html_fragment(&document.document(&evaluation)).unwrap_or_default();
    let base = page.base();
    let mut l = layout(
        t,
        Some(current),
        format!("{} – {}", t.preview, page.title()),
        format!("{base}/preview"),
    );
    l.breadcrumbs = page.breadcrumbs();
    let api = K::api_path(&page.programme.slug, &page.key);
    let preview = PreviewPage {
        l,
        downloads: FORMATS
            .iter()
            .map(|(label, ext)| ((*label).to_owned(), format!("{api}/document.{ext}")))
            .collect(),
        base,
        document: fragment,
    };
    html(StatusCode::OK, &preview)
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct HistoryQuery {
    from: Option<i64>,
    to: Option<i64>,
    page: Option<usize>,
    /// After a restore that lands here: the version restored and the one saved.
    restored: Option<i64>,
    saved: Option<i64>,
}

/// Versions per page of the history table.
pub const HISTORY_PAGE_SIZE: usize = 20;

pub(in crate::ui) async fn history<K: DocPages>(
    State(state): State<AppState>,
    page: DocContext<K>,
    Query(query): Query<HistoryQuery>,
) -> Response {
    let (t, current) = (page.t, &page.current);
    let (programme, doc) = (&page.programme, &page.doc);
    let infos = page_try!(t, current, state.store.versions(programme.id, doc).await);
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
            current,
            state.store.version(programme.id, doc, from).await
        );
        let b = page_try!(t, current, state.store.version(programme.id, doc, to).await);
        if let (Some(a), Some(b)) = (a, b) {
            let fa = page_try!(t, current, crate::workflow::stored::<K>(&a)).diff_fields();
            let fb = page_try!(t, current, crate::workflow::stored::<K>(&b)).diff_fields();
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
    let base = page.base();
    let mut l = layout(
        t,
        Some(current),
        format!("{} – {}", t.history, page.title()),
        format!("{base}/history"),
    );
    l.breadcrumbs = page.breadcrumbs();
    if let (Some(restored), Some(saved)) = (query.restored, query.saved) {
        l.notice = Some(decide::restored_notice(t, restored, saved));
    }
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
    let restore = decide::restore_box(t, page.access, &infos, from);
    let history = HistoryPage {
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
    html(StatusCode::OK, &history)
}

// --- approvals -------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct ReopenForm {
    base_version: Option<i64>,
}

pub(in crate::ui) async fn reopen<K: DocPages>(
    State(state): State<AppState>,
    page: DocContext<K>,
    Form(form): Form<ReopenForm>,
) -> Response {
    let (t, current) = (page.t, &page.current);
    let base = page.base();
    let reopened = crate::workflow::reopen::<K>(
        &state,
        &page.programme,
        page.access,
        &page.doc,
        form.base_version,
        current.user.id,
    )
    .await;
    match reopened {
        Ok(info) => Redirect::to(&K::landing(
            &base,
            Landing::Reopened,
            &format!("saved={}", info.version),
        ))
        .into_response(),
        // The same refusals as the API's (409 for a draft or a changed document), in the
        // user's language.
        Err(crate::workflow::Refusal::NotFrozen) => {
            message_page(t, current, StatusCode::CONFLICT, t.reopen_not_frozen, base)
        }
        Err(crate::workflow::Refusal::Changed) => {
            message_page(t, current, StatusCode::CONFLICT, t.reopen_changed, base)
        }
        Err(crate::workflow::Refusal::Forbidden(_)) => {
            error_page(t, Some(current), AppError::Forbidden("gjenåpne planer"))
        }
        Err(crate::workflow::Refusal::Other(error)) => error_page(t, Some(current), error),
    }
}
