//! The Omstillingsplan's editor (`/programmes/{slug}/omstillingsplan`): the form, its save
//! and live check (the editor's own handlers, [`super::editor::save_form`] and
//! [`super::editor::check_form`], through [`crate::ui::form::EditorForm`]), and, while the
//! programme has none, the page that starts one.

use plan::omstillingsplan::{Goals, Omstillingsplan};
use store::DocKey;

use super::editor::{FormContext, check_form, save_form};
use crate::ui::form::omstillingsplan::{editor_page, op_path, op_texts};
use crate::ui::form::{EditorForm, EditorView};
use crate::ui::*;

impl ProgrammeContext {
    pub(in crate::ui) fn into_form(self) -> FormContext {
        FormContext {
            t: self.t,
            current: self.current,
            programme: self.programme,
            access: self.access,
        }
    }
}

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct OpEditorQuery {
    saved: Option<i64>,
    started: Option<i64>,
}

/// The page of a programme without an Omstillingsplan: says so, and lets an editor start
/// one.
#[derive(Template, Debug)]
#[template(path = "omstillingsplan_none.html")]
pub(in crate::ui) struct OpNonePage {
    pub l: Layout,
    pub o: &'static crate::ui::form::omstillingsplan::OpTexts,
    pub action: String,
    pub can_start: bool,
}

/// The editor: the current version's form (or its document when frozen or read only).
pub(in crate::ui) async fn editor(
    State(state): State<AppState>,
    page: ProgrammeContext,
    Query(query): Query<OpEditorQuery>,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    let o = op_texts(t);
    let doc = DocKey::single(crate::kinds::OMSTILLINGSPLAN);
    let stored = page_try!(t, &current, state.store.current(programme.id, &doc).await);
    let Some(version) = stored else {
        let base = op_path(&programme.slug);
        let mut l = layout(t, Some(&current), o.none_title.to_owned(), base.clone());
        l.breadcrumbs = vec![
            (t.nav_programmes.into(), "/programmes".into()),
            (
                programme.name.clone(),
                format!("/programmes/{}", programme.slug),
            ),
        ];
        let page = OpNonePage {
            l,
            o,
            action: format!("{base}/start"),
            can_start: access.can_edit(),
        };
        return html(StatusCode::OK, &page);
    };
    let document = page_try!(
        t,
        &current,
        crate::workflow::stored::<Omstillingsplan>(&version)
    );
    let fields = document.to_fields();
    let mut page = editor_page(EditorView {
        t,
        current: &current,
        programme: &programme,
        access,
        version: &version,
        document: &document,
        fields,
        errors: BTreeMap::new(),
        refused: None,
    });
    if let Some(saved) = query.saved {
        page.l.notice = Some(o.saved.replace("{version}", &saved.to_string()));
    }
    if let Some(started) = query.started {
        page.l.notice = Some(o.started.replace("{version}", &started.to_string()));
    }
    html(StatusCode::OK, &page)
}

/// Saves the form ([`save_form`]).
pub(in crate::ui) async fn save(
    State(state): State<AppState>,
    page: Result<ProgrammeContext, Refused>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let autosave = form.iter().any(|(k, v)| k == "autosave" && v == "1");
    match page {
        Ok(page) => save_form::<Omstillingsplan>(&state, page.into_form(), "", &form).await,
        Err(refused) if autosave => refused.json(),
        Err(refused) => refused.into_response(),
    }
}

/// The live check ([`check_form`]).
pub(in crate::ui) async fn check(
    State(state): State<AppState>,
    page: Result<ProgrammeContext, Refused>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    match page {
        Ok(page) => check_form::<Omstillingsplan>(&state, page.into_form(), "", &form).await,
        Err(refused) => refused.json(),
    }
}

/// The first draft of a programme's Omstillingsplan, from the programme: its name, area,
/// county and period, in the page's målform; everything else is for the form.
pub(in crate::ui) fn first_draft(programme: &Programme, language: Language) -> Omstillingsplan {
    Omstillingsplan {
        language,
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
        background: None,
        goals: Goals::default(),
        focus_areas: Vec::new(),
        frame: None,
        organisation: None,
        communication_strategy: None,
        approval: plan::Approval::default(),
    }
}

/// Starts the programme's Omstillingsplan ([`first_draft`], saved as version 1 through
/// [`crate::workflow::save`]); when it has one already, goes to it.
pub(in crate::ui) async fn start(
    State(state): State<AppState>,
    page: ProgrammeContext,
) -> Response {
    let (t, current, programme, access) = page.into_parts();
    if !access.can_edit() {
        return error_page(
            t,
            Some(&current),
            AppError::Forbidden(<Omstillingsplan as crate::kinds::Kind>::WORDS.forbid_edit),
        );
    }
    let base = op_path(&programme.slug);
    let draft = first_draft(&programme, page_language(t));
    let doc = DocKey::single(crate::kinds::OMSTILLINGSPLAN);
    match crate::workflow::save(&state, &programme, &doc, &draft, None, current.user.id).await {
        Ok(saved) => {
            Redirect::to(&format!("{base}?started={}", saved.info.version)).into_response()
        }
        // Someone started it meanwhile: theirs is the one to edit.
        Err(crate::workflow::SaveError::Other(AppError::PreconditionRequired)) => {
            Redirect::to(&base).into_response()
        }
        Err(error) => error_page(t, Some(&current), error.into()),
    }
}
