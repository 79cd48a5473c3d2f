//! The decision steps (issue 17), written once for every kind ([`DocPages`]): the approval
//! form's post, the page that asks before the board step locks the document, the notice
//! that confirms a decision, the approvals page (the Omstillingsplan's; a yearly plan's
//! form sits on its editor) and restoring an older version. The rules themselves are
//! `crate::approvals::record` and `crate::workflow`, shared with the API.

use crate::ui::page::{DocContext, DocPages, Landing, PlanContext};
use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plan::handlingsplan::Plan;
use store::{Decision, VersionInfo};

use crate::AppState;
use crate::approvals::{ApprovalError, Step};
use crate::error::AppError;
use crate::ui::texts::Texts;
use crate::ui::views::Layout;
use crate::ui::{
    base_path, editor_page, error_page, from_plan, html, layout, load_current, page_language,
    plan_breadcrumbs, plan_of,
};

/// A text in the page's målform: `nb` in bokmål, `nn` in nynorsk.
pub(in crate::ui) fn tr(t: &Texts, nb: &'static str, nn: &'static str) -> &'static str {
    if t.lang == "nn" { nn } else { nb }
}

/// The line that tells a decision: "Styret behandlet planen 4. desember 2026 (sak 21/39)."
/// The date in the page's målform; no parenthesis when the case number is empty.
pub(in crate::ui) fn decision_text(t: &Texts, step: &str, decision: &Decision) -> String {
    let date = plan::Date::parse_iso(&decision.date)
        .map(|d| plan::norwegian::date(d, page_language(t)))
        .unwrap_or_else(|_| decision.date.clone());
    let reference = decision.reference.trim();
    let reference = if reference.is_empty() {
        String::new()
    } else {
        format!(" ({reference})")
    };
    let template = match step {
        "board" => tr(
            t,
            "Styret behandlet planen {date}{reference}.",
            "Styret behandla planen {date}{reference}.",
        ),
        _ => tr(
            t,
            "Kommunestyret godkjente planen {date}{reference}.",
            "Kommunestyret godkjende planen {date}{reference}.",
        ),
    };
    template
        .replace("{date}", &date)
        .replace("{reference}", &reference)
}

/// The question before the board step.
pub(in crate::ui) fn board_question(t: &Texts) -> &'static str {
    tr(
        t,
        "Registrere styrets behandling?",
        "Registrere handsaminga i styret?",
    )
}

/// What the board step does, said before it is taken.
pub(in crate::ui) fn board_warning(t: &Texts) -> &'static str {
    tr(
        t,
        "Styrets behandling låser planen: denne versjonen blir fryst med sin PDF, og ingen kan endre den. Neste steg er kommunestyrets vedtak. Skal planen endres etterpå, må den gjenåpnes som et nytt utkast, og styret må behandle den på nytt.",
        "Handsaminga i styret låser planen: denne versjonen blir frosen med PDF-en sin, og ingen kan endre han. Neste steg er vedtaket i kommunestyret. Skal planen endrast etterpå, må han opnast på nytt som eit nytt utkast, og styret må handsame han på nytt.",
    )
}

/// Today as the form offers it: `30.11.2026`.
pub(in crate::ui) fn today_typed() -> String {
    let today = time::OffsetDateTime::now_utc().date();
    format!(
        "{:02}.{:02}.{}",
        today.day(),
        u8::from(today.month()),
        today.year()
    )
}

/// The notice on the editor after a decision (`?decided=board|council`): what was
/// decided and what it means, never "saved as version N".
pub(in crate::ui) fn decided_notice(t: &Texts, info: &VersionInfo, step: &str) -> Option<String> {
    let decision = info.decision(step)?;
    let line = decision_text(t, step, decision);
    let after = match step {
        "board" => tr(
            t,
            "Planen er behandlet av styret og låst. Den venter nå på kommunestyrets vedtak.",
            "Planen er behandla av styret og låst. Ho ventar no på vedtaket i kommunestyret.",
        ),
        _ => tr(
            t,
            "Planen er godkjent og vedtatt. Den er låst; gjenåpne den som nytt utkast om den må endres.",
            "Planen er godkjend og vedteken. Ho er låst; opne ho på nytt som nytt utkast om ho må endrast.",
        ),
    };
    Some(format!("{line} {after}"))
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct ApprovalForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    date: String,
    reference: Option<String>,
    base_version: Option<i64>,
    /// `yes` from the page that asked before the board step.
    confirm: Option<String>,
}

/// The page that asks before the board step: what will happen, the date and case number
/// as typed, and the button that records it.
#[derive(Template, Debug)]
#[template(path = "decision_confirm.html")]
pub struct ConfirmPage {
    pub l: Layout,
    pub base: String,
    pub text: String,
    pub date: String,
    pub date_shown: String,
    pub reference: String,
    pub base_version: String,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub date_label: &'static str,
    pub reference_label: &'static str,
    /// Where "Avbryt" goes: the page that offered the step.
    pub back: String,
}

/// Records the board's or the council's decision on a document of any kind; the same
/// rules as the API. The board step locks the document, so without `confirm=yes` it first
/// asks (a page; the script turns it into a dialog). A refusal shows the form again with
/// what was typed kept and the reason at the form, in the page's målform (the plan's
/// editor, the Omstillingsplan's approvals page: [`DocPages::approval_refused`]).
pub(in crate::ui) async fn approve<K: DocPages>(
    State(state): State<AppState>,
    page: DocContext<K>,
    Form(form): Form<ApprovalForm>,
) -> Response {
    let (t, current, access) = (page.t, &page.current, page.access);
    let Some(step) = Step::parse(&form.step) else {
        return error_page(t, Some(current), AppError::Forbidden("registrere vedtak"));
    };
    let reference = form.reference.clone().unwrap_or_default();
    let base = page.base();
    let refusal = if step == Step::Board && form.confirm.as_deref() != Some("yes") {
        // Ask first, unless the step would be refused anyway (then say why at the form).
        match crate::approvals::read_input(&form.date, Some(&reference)) {
            _ if !access.can_record_board() => ApprovalError::Forbidden(step),
            Ok((date, reference)) => {
                let mut l = layout(
                    t,
                    Some(current),
                    board_question(t).to_owned(),
                    format!("{base}/approvals"),
                );
                l.breadcrumbs = page.breadcrumbs();
                let confirm = ConfirmPage {
                    l,
                    text: board_warning(t).to_owned(),
                    date: form.date.clone(),
                    date_shown: plan::norwegian::date(date, page_language(t)),
                    reference: reference.into_string(),
                    base_version: form.base_version.map(|v| v.to_string()).unwrap_or_default(),
                    confirm: t.record_board,
                    cancel: t.conflict_cancel,
                    date_label: t.decision_date,
                    reference_label: t.decision_reference,
                    back: K::landing(&base, Landing::Decided, "")
                        .trim_end_matches('?')
                        .to_owned(),
                    base,
                };
                return html(StatusCode::OK, &confirm);
            }
            Err(refusal) => refusal,
        }
    } else {
        match crate::approvals::record::<K>(
            &state,
            &page.programme,
            &page.doc,
            access,
            current.user.id,
            crate::approvals::Request {
                step,
                date: &form.date,
                reference: Some(&reference),
                expected_version: form.base_version,
            },
        )
        .await
        {
            Ok(_) => {
                let name = if step == Step::Board {
                    "board"
                } else {
                    "council"
                };
                return Redirect::to(&K::landing(
                    &base,
                    Landing::Decided,
                    &format!("decided={name}"),
                ))
                .into_response();
            }
            Err(refusal) => refusal,
        }
    };
    let message = match refusal.message(page_language(t)) {
        Some(message) => message,
        None => {
            let error = match refusal {
                ApprovalError::Other(error) => error,
                _ => AppError::Forbidden("registrere vedtak"),
            };
            return error_page(t, Some(current), error);
        }
    };
    K::approval_refused(&state, page, message, form.date, reference).await
}

/// A refused decision on a yearly plan: the editor again, with the message at the
/// approval form and what was typed.
pub(in crate::ui) async fn plan_approval_refused(
    state: &AppState,
    page: DocContext<Plan>,
    message: String,
    date: String,
    reference: String,
) -> Response {
    let (t, current) = (page.t, &page.current);
    let version = page_try!(
        t,
        current,
        crate::workflow::current::<Plan>(state, &page.programme, &page.doc).await
    );
    let plan = page_try!(t, current, plan_of(&version));
    let mut editor = editor_page(
        t,
        current,
        &page.programme,
        page.access,
        &version,
        &plan,
        from_plan(&plan),
        BTreeMap::new(),
        Some(message),
    );
    editor.approvals.date = date;
    editor.approvals.reference = reference;
    html(StatusCode::UNPROCESSABLE_ENTITY, &editor)
}

/// The approvals page of a document: its status and version, the decisions recorded,
/// the board's or the council's form for those who may record it, reopen for editors
/// while it is frozen, and the ways to its editor, history and preview.
#[derive(Template, Debug)]
#[template(path = "doc_approvals.html")]
pub struct ApprovalsPage {
    pub l: Layout,
    pub base: String,
    pub version: i64,
    pub status: String,
    pub status_class: &'static str,
    pub version_text: String,
    pub approvals: crate::ui::views::Approvals,
    pub open_editor: &'static str,
    pub no_decisions: &'static str,
}

/// What the approvals page shows besides the document: a refusal's message, the date and
/// case number as typed, a notice after a step.
#[derive(Debug, Default)]
pub(in crate::ui) struct ApprovalsState {
    pub error: Option<String>,
    pub date: Option<String>,
    pub reference: String,
    pub notice: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct ApprovalsQuery {
    decided: Option<String>,
    saved: Option<i64>,
}

/// `GET …/approvals`: the approvals page, with the notice of the step that landed here.
pub(in crate::ui) async fn approvals_page<K: DocPages>(
    State(state): State<AppState>,
    page: DocContext<K>,
    axum::extract::Query(query): axum::extract::Query<ApprovalsQuery>,
) -> Response {
    let notice = match (query.decided.as_deref(), query.saved) {
        (Some(step), _) => Some(step.to_owned()),
        (None, Some(saved)) => Some(saved.to_string()),
        _ => None,
    };
    approvals_view(
        &state,
        page,
        ApprovalsState {
            notice,
            ..ApprovalsState::default()
        },
    )
    .await
}

/// The approvals page; `shown.notice` is the step (`board`, `council`) or the reopened
/// version it tells about.
pub(in crate::ui) async fn approvals_view<K: DocPages>(
    state: &AppState,
    page: DocContext<K>,
    shown: ApprovalsState,
) -> Response {
    let (t, current, access) = (page.t, &page.current, page.access);
    let version = page_try!(
        t,
        current,
        crate::workflow::current::<K>(state, &page.programme, &page.doc).await
    );
    let document = page_try!(t, current, crate::workflow::stored::<K>(&version));
    let evaluation = document.evaluate();
    let info = &version.info;
    let frozen = info.status.is_frozen();
    let (status, status_class) = crate::ui::status_text(t, info.status);
    let base = page.base();
    let mut l = layout(
        t,
        Some(current),
        format!("{} – {}", t.approval_title, page.title()),
        format!("{base}/approvals"),
    );
    l.breadcrumbs = page.breadcrumbs();
    l.notice = match shown.notice.as_deref() {
        Some(step @ ("board" | "council")) => decided_notice(t, info, step),
        Some(saved) => Some(
            tr(
                t,
                "Gjenåpnet som nytt utkast, versjon {n}.",
                "Opna på nytt som nytt utkast, versjon {n}.",
            )
            .replace("{n}", saved),
        ),
        None => None,
    };
    let approvals = crate::ui::views::Approvals {
        board: info.decision("board").map(|d| decision_text(t, "board", d)),
        council: info
            .decision("council")
            .map(|d| decision_text(t, "council", d)),
        can_board: access.can_record_board() && info.status == store::VersionStatus::Draft,
        can_council: access.can_record_council()
            && info.status == store::VersionStatus::BoardApproved,
        can_reopen: access.can_edit() && frozen,
        can_delete: false,
        delete_link: "",
        has_errors: evaluation.has_errors(),
        date: shown.date.unwrap_or_else(today_typed),
        reference: shown.reference,
        error: shown.error.clone(),
        board_question: board_question(t),
        board_warning: board_warning(t),
        year_fixed: "",
    };
    let approvals_page = ApprovalsPage {
        l,
        version: info.version,
        status,
        status_class,
        version_text: tr(t, "Versjon {n}", "Versjon {n}").replace("{n}", &info.version.to_string()),
        approvals,
        open_editor: if access.can_edit() && !frozen {
            tr(t, "Rediger", "Rediger")
        } else {
            tr(t, "Åpne", "Opne")
        },
        no_decisions: tr(
            t,
            "Verken styret eller kommunestyret har behandlet denne versjonen.",
            "Verken styret eller kommunestyret har handsama denne versjonen.",
        ),
        base,
    };
    let status = if shown.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    html(status, &approvals_page)
}

/// The year is the plan's address: a form that posts another year than the page's is
/// refused at the year's field, nothing else lost.
pub(in crate::ui) fn same_year(
    plan: plan::handlingsplan::Plan,
    year: i32,
) -> Result<plan::handlingsplan::Plan, Vec<crate::ui::fields::FieldError>> {
    if plan.year == year {
        return Ok(plan);
    }
    Err(vec![crate::ui::fields::FieldError {
        path: "year".into(),
        bokmal: format!(
            "Året er planens adresse og kan ikke endres her: dette er planen for {year}. Start en plan for {} fra programsiden.",
            plan.year
        ),
        nynorsk: format!(
            "Året er adressa til planen og kan ikkje endrast her: dette er planen for {year}. Start ein plan for {} frå programsida.",
            plan.year
        ),
    }])
}

/// Starting a plan for `year` is refused, said plainly, when the year already has a
/// plan (with the way to it) or lies outside the programme's period.
pub(in crate::ui) fn start_refused(
    t: &'static Texts,
    current: &crate::auth::CurrentUser,
    programme: &store::Programme,
    year: i32,
    exists: bool,
) -> Option<Response> {
    let (from, to) = (programme.period_from, programme.period_to);
    let (status, title, text, back) = if exists {
        (
            StatusCode::CONFLICT,
            tr(t, "Planen finnes allerede", "Planen finst alt"),
            tr(
                t,
                "Det finnes allerede en handlingsplan for {year}. Åpne den i stedet for å starte en ny.",
                "Det finst alt ein handlingsplan for {year}. Opne han i staden for å starte ein ny.",
            ),
            base_path(&programme.slug, year),
        )
    } else if !(from..=to).contains(&year) {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            tr(t, "Året er utenfor perioden", "Året er utanfor perioden"),
            tr(
                t,
                "{year} er utenfor programperioden {from}–{to}. En handlingsplan kan bare startes for et år i perioden.",
                "{year} er utanfor programperioden {from}–{to}. Ein handlingsplan kan berre startast for eit år i perioden.",
            ),
            format!("/programmes/{}", programme.slug),
        )
    } else {
        return None;
    };
    let text = text
        .replace("{year}", &year.to_string())
        .replace("{from}", &from.to_string())
        .replace("{to}", &to.to_string());
    let mut l = layout(
        t,
        Some(current),
        title.to_owned(),
        format!("/programmes/{}", programme.slug),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
    ];
    let page = crate::ui::views::MessagePage {
        l,
        kind: "warning",
        text,
        back,
    };
    Some(html(status, &page))
}

/// The history page's "Gjenopprett denne versjonen": the form for editors while the plan
/// is a draft, otherwise why not.
#[derive(Debug, Clone)]
pub struct RestoreBox {
    pub allowed: bool,
    pub title: &'static str,
    pub note: &'static str,
    pub label: &'static str,
    pub button: &'static str,
    /// The current version (the form's base).
    pub current: i64,
    /// The version offered first.
    pub chosen: i64,
}

pub(in crate::ui) fn restore_box(
    t: &Texts,
    access: crate::access::Access,
    infos: &[VersionInfo],
    chosen: i64,
) -> RestoreBox {
    let current = infos.last();
    let draft = current.is_some_and(|v| !v.status.is_frozen());
    let allowed = access.can_edit() && draft;
    let note = if !access.can_edit() {
        tr(
            t,
            "Bare redaktører kan gjenopprette en tidligere versjon.",
            "Berre redaktørar kan gjenopprette ein tidlegare versjon.",
        )
    } else if !draft {
        tr(
            t,
            "Planen er behandlet og låst. Gjenåpne den som nytt utkast i redigeringen før du gjenoppretter en tidligere versjon.",
            "Planen er behandla og låst. Opne han på nytt som nytt utkast i redigeringa før du gjenopprettar ein tidlegare versjon.",
        )
    } else {
        tr(
            t,
            "Innholdet i versjonen du velger, lagres som en ny versjon. Ingen versjoner slettes eller endres.",
            "Innhaldet i versjonen du vel, blir lagra som ein ny versjon. Ingen versjonar blir sletta eller endra.",
        )
    };
    RestoreBox {
        allowed,
        title: tr(
            t,
            "Gjenopprett en tidligere versjon",
            "Gjenopprett ein tidlegare versjon",
        ),
        note,
        label: tr(t, "Versjon", "Versjon"),
        button: tr(
            t,
            "Gjenopprett denne versjonen",
            "Gjenopprett denne versjonen",
        ),
        current: current.map_or(0, |v| v.version),
        chosen,
    }
}

/// The editor's notice after a restore.
pub(in crate::ui) fn restored_notice(t: &Texts, restored: i64, saved: i64) -> String {
    tr(
        t,
        "Versjon {restored} er gjenopprettet og lagret som ny versjon {saved}.",
        "Versjon {restored} er gjenoppretta og lagra som ny versjon {saved}.",
    )
    .replace("{restored}", &restored.to_string())
    .replace("{saved}", &saved.to_string())
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct RestoreForm {
    version: Option<i64>,
    base_version: Option<i64>,
}

/// "Gjenopprett denne versjonen": [`crate::workflow::restore`], the API's step.
pub(in crate::ui) async fn restore<K: DocPages>(
    State(state): State<AppState>,
    page: DocContext<K>,
    Form(form): Form<RestoreForm>,
) -> Response {
    let (t, current) = (page.t, &page.current);
    let (Some(n), Some(expected)) = (form.version, form.base_version) else {
        return error_page(t, Some(current), AppError::NotFound("versjonen"));
    };
    let saved = page_try!(
        t,
        current,
        crate::workflow::restore::<K>(
            &state,
            &page.programme,
            page.access,
            &page.doc,
            n,
            expected,
            current.user.id
        )
        .await
    );
    Redirect::to(&K::landing(
        &page.base(),
        Landing::Restored,
        &format!("restored={n}&saved={}", saved.info.version),
    ))
    .into_response()
}

/// Whether a save first keeps the posted form as its own version: a removal by a page
/// without script, on the version the page was built from.
pub(in crate::ui) fn keeps_typed_first(
    op: &crate::ui::ops::Op,
    autosave: bool,
    on_latest: bool,
) -> bool {
    matches!(op, crate::ui::ops::Op::Remove(_)) && !autosave && on_latest
}

/// The query after a removal: the version before it (which has the item) and the path.
pub(in crate::ui) fn undo_query(op: &crate::ui::ops::Op, saved: &VersionInfo) -> String {
    match op {
        crate::ui::ops::Op::Remove(path) if saved.version > 1 => {
            let path: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
            format!("&undo={}&removed={path}", saved.version - 1)
        }
        _ => String::new(),
    }
}

/// "Angre" after a removal: what was removed (with its projects and kroner) and the
/// button that restores the version before it.
#[derive(Debug, Clone)]
pub struct UndoOffer {
    pub text: String,
    pub button: &'static str,
    /// The version to restore.
    pub version: i64,
    /// The current version (the removal), the restore's base.
    pub base: i64,
}

/// The offer, while the removal is still the current version (until the next save).
pub(in crate::ui) async fn undo_offer(
    t: &Texts,
    state: &AppState,
    programme: &store::Programme,
    current: &store::PlanVersion,
    undo: i64,
    path: &str,
    saved: i64,
) -> Result<Option<UndoOffer>, AppError> {
    if current.info.version != saved || saved != undo + 1 || current.info.status.is_frozen() {
        return Ok(None);
    }
    let Some(year) = current.info.year() else {
        return Ok(None);
    };
    let Some(before) = state
        .store
        .version(programme.id, &store::DocKey::handlingsplan(year), undo)
        .await?
    else {
        return Ok(None);
    };
    let fields = from_plan(&plan_of(&before)?);
    let prefix = format!("{path}.");
    if !fields.keys().any(|k| k.starts_with(&prefix)) {
        return Ok(None);
    }
    Ok(Some(UndoOffer {
        text: removed_text(t, &fields, path),
        button: tr(t, "Angre", "Angre"),
        version: undo,
        base: saved,
    }))
}

/// "«Kystlab» er fjernet, med 3 prosjekter på til sammen 1 250 000 kr."
fn removed_text(t: &Texts, fields: &crate::ui::fields::Fields, path: &str) -> String {
    let name = fields
        .get(&format!("{path}.name"))
        .or_else(|| fields.get(&format!("{path}.source")))
        .or_else(|| fields.get(&format!("{path}.title")))
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    let projects: Vec<String> = fields
        .keys()
        .filter(|k| k.starts_with(&format!("{path}.")) && k.ends_with(".budget"))
        .cloned()
        .collect();
    let kroner: i64 = projects
        .iter()
        .filter_map(|k| fields.get(k))
        .map(|v| v.chars().filter(char::is_ascii_digit).collect::<String>())
        .filter_map(|digits| digits.parse::<i64>().ok())
        .sum();
    let what = match name {
        Some(name) => format!("«{name}»"),
        None => tr(t, "Elementet", "Elementet").to_owned(),
    };
    let count = projects.len();
    let last = path.rsplit('.').next().unwrap_or(path);
    let holds_projects = last.starts_with("strategies[") || last.starts_with("focus_areas[");
    let with = if count == 0 || !holds_projects {
        String::new()
    } else {
        let amount = plan::norwegian::kroner(plan::Kroner(kroner));
        let noun = match (count, t.lang == "nn") {
            (1, false) => "prosjekt",
            (_, false) => "prosjekter",
            (1, true) => "prosjekt",
            (_, true) => "prosjekt",
        };
        tr(
            t,
            ", med {n} {noun} på til sammen {amount}",
            ", med {n} {noun} på til saman {amount}",
        )
        .replace("{n}", &count.to_string())
        .replace("{noun}", noun)
        .replace("{amount}", &amount)
    };
    tr(
        t,
        "{what} er fjernet{with}. Angre henter det tilbake slik det var, så lenge planen ikke er lagret på nytt.",
        "{what} er fjerna{with}. Angre hentar det tilbake slik det var, så lenge planen ikkje er lagra på nytt.",
    )
    .replace("{what}", &what)
    .replace("{with}", &with)
}

/// The page that asks before a draft year is deleted.
#[derive(Template, Debug)]
#[template(path = "plan_delete.html")]
pub struct DeletePage {
    pub l: Layout,
    pub base: String,
    pub text: String,
    pub version: i64,
    pub button: &'static str,
    pub cancel: &'static str,
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct DeleteQuery {
    done: Option<u8>,
}

/// Asks before deleting a draft year that was never decided (or, after it, says it is
/// gone; or says why it cannot be).
pub(in crate::ui) async fn delete_page(
    State(state): State<AppState>,
    page: PlanContext,
    axum::extract::Query(query): axum::extract::Query<DeleteQuery>,
) -> Response {
    let (t, current, programme, access, year) = page.into_parts();
    let slug = programme.slug.clone();
    let message = |title: &str, text: String, back: String, status| {
        let mut l = layout(t, Some(&current), title.to_owned(), back.clone());
        l.breadcrumbs = vec![
            (t.nav_programmes.into(), "/programmes".into()),
            (programme.name.clone(), format!("/programmes/{slug}")),
        ];
        let page = crate::ui::views::MessagePage {
            l,
            kind: "info",
            text,
            back,
        };
        html(status, &page)
    };
    if query.done == Some(1) {
        return message(
            tr(t, "Utkastet er slettet", "Utkastet er sletta"),
            tr(
                t,
                "Utkastet for {year} er slettet. Revisjonsloggen viser hvem som slettet det og når.",
                "Utkastet for {year} er sletta. Revisjonsloggen viser kven som sletta det og når.",
            )
            .replace("{year}", &year.to_string()),
            format!("/programmes/{slug}"),
            StatusCode::OK,
        );
    }
    if !access.can_edit() {
        return error_page(t, Some(&current), AppError::Forbidden("slette planer"));
    }
    let version = page_try!(t, &current, load_current(&state, &programme, year).await);
    let versions = page_try!(
        t,
        &current,
        state
            .store
            .versions(programme.id, &store::DocKey::handlingsplan(year))
            .await
    );
    let base = base_path(&slug, year);
    if versions.iter().any(|v| v.status.is_frozen()) {
        return message(
            tr(t, "Planen kan ikke slettes", "Planen kan ikkje slettast"),
            tr(
                t,
                "Planen for {year} er behandlet av styret minst én gang og kan ikke slettes. Historikken og vedtakene blir stående.",
                "Planen for {year} er behandla av styret minst éin gong og kan ikkje slettast. Historikken og vedtaka blir ståande.",
            )
            .replace("{year}", &year.to_string()),
            base,
            StatusCode::CONFLICT,
        );
    }
    let mut l = layout(
        t,
        Some(&current),
        tr(
            t,
            "Slette utkastet for {year}?",
            "Slette utkastet for {year}?",
        )
        .replace("{year}", &year.to_string()),
        format!("{base}/delete"),
    );
    l.breadcrumbs = plan_breadcrumbs(t, &programme, year);
    let page = DeletePage {
        l,
        text: tr(
            t,
            "Utkastet for {year} og alle dets {n} versjoner slettes. Det er aldri behandlet, så ingen vedtak går tapt. Slettingen står i revisjonsloggen, og året kan startes på nytt fra programsiden.",
            "Utkastet for {year} og alle dei {n} versjonane blir sletta. Det er aldri behandla, så ingen vedtak går tapt. Slettinga står i revisjonsloggen, og året kan startast på nytt frå programsida.",
        )
        .replace("{year}", &year.to_string())
        .replace("{n}", &versions.len().to_string()),
        version: version.info.version,
        button: tr(t, "Slett utkastet", "Slett utkastet"),
        cancel: t.conflict_cancel,
        base,
    };
    html(StatusCode::OK, &page)
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct DeleteForm {
    base_version: Option<i64>,
}

/// Deletes the draft year: [`crate::workflow::delete_draft`], the API's step.
pub(in crate::ui) async fn delete(
    State(state): State<AppState>,
    page: PlanContext,
    Form(form): Form<DeleteForm>,
) -> Response {
    let (t, current, programme, access, year) = page.into_parts();
    let slug = programme.slug.clone();
    let Some(expected) = form.base_version else {
        return error_page(t, Some(&current), AppError::PreconditionRequired);
    };
    page_try!(
        t,
        &current,
        crate::workflow::delete_draft::<plan::handlingsplan::Plan>(
            &state,
            &programme,
            access,
            &store::DocKey::handlingsplan(year),
            expected,
            current.user.id
        )
        .await
    );
    Redirect::to(&format!("{}/delete?done=1", base_path(&slug, year))).into_response()
}
