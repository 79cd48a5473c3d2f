//! The editors: the plan editor's form, and for every kind (`K: `[`EditorForm`]) the
//! save (merged onto the latest version, autosave from the script, through
//! [`crate::workflow::save`]: [`save_form`]), the live check ([`check_form`]) and the
//! conflict page. The Omstillingsplan's routes are in [`super::op_editor`].

use crate::ui::form::{EditorForm, EditorView};
use crate::ui::*;

// --- the editor ------------------------------------------------------------------------

#[derive(Debug, serde::Deserialize)]
pub(in crate::ui) struct EditorQuery {
    saved: Option<i64>,
    /// After "Hent resultater fra registeret": 1 when the registry had records.
    fetched: Option<u8>,
    /// After a decision: `board` or `council`.
    decided: Option<String>,
    /// After "Gjenopprett denne versjonen": the version restored (`saved` is the new one).
    restored: Option<i64>,
    /// After a removal: the version that still has the item, and the item's path there.
    undo: Option<i64>,
    removed: Option<String>,
}

pub(in crate::ui) async fn editor(
    State(state): State<AppState>,
    page: PlanContext,
    Query(query): Query<EditorQuery>,
) -> Response {
    let (t, current, programme, access, year) = page.into_parts();
    let version = page_try!(t, &current, load_current(&state, &programme, year).await);
    let plan = page_try!(t, &current, plan_of(&version));
    let fields = from_plan(&plan);
    let mut page = editor_page(
        t,
        &current,
        &programme,
        access,
        &version,
        &plan,
        fields,
        BTreeMap::new(),
        None,
    );
    if let Some(saved) = query.saved {
        page.l.notice = Some(match query.fetched {
            Some(1) => t.fetched_results.replace("{version}", &saved.to_string()),
            Some(_) => t.fetched_nothing.to_owned(),
            None => t.saved_version.replace("{version}", &saved.to_string()),
        });
    }
    if let (Some(undo), Some(path), Some(saved)) =
        (query.undo, query.removed.as_deref(), query.saved)
        && access.can_edit()
    {
        page.undo = page_try!(
            t,
            &current,
            decide::undo_offer(t, &state, &programme, &version, undo, path, saved).await
        );
        if page.undo.is_some() {
            page.l.notice = None;
        }
    }
    if let (Some(restored), Some(saved)) = (query.restored, query.saved) {
        page.l.notice = Some(decide::restored_notice(t, restored, saved));
    }
    if let Some(step) = query.decided.as_deref() {
        page.l.notice = decide::decided_notice(t, &version.info, step);
    }
    if let Err(error) = registry_warning(&state, &programme, &version, &plan, &mut page, t).await {
        return error_page(t, Some(&current), error);
    }
    html(StatusCode::OK, &page)
}

// What the editor shows beside a plan's own findings: the `op-` findings against the
// programme's current Omstillingsplan (in the page's language), the results registry's
// warning, and a note when the programme has no Omstillingsplan to check against. The
// API's check adds the same (`crate::kinds::Kind::check_context`).
pub(crate) use crate::ui::form::Added;

/// The findings the editor adds for `plan` (the form as typed, or `version` as stored).
pub(in crate::ui) async fn added_findings(
    state: &AppState,
    programme: &Programme,
    version: &PlanVersion,
    plan: &Plan,
    evaluation: &plan::Evaluation,
    t: &'static Texts,
) -> Result<Added, AppError> {
    let spoken = computed::in_page_language(plan, t);
    let mut added = Added::default();
    match crate::kinds::current_omstillingsplan(state, programme).await? {
        Some((_, omstillingsplan)) => {
            added
                .findings
                .extend(plan::omstillingsplan::against::check_against(
                    &spoken,
                    &evaluation.totals,
                    &omstillingsplan,
                ))
        }
        None => {
            added.note = Some(decide::tr(
                t,
                "Programmet har ingen omstillingsplan ennå, så planen er ikke kontrollert mot den (strategier, mål og rammer).",
                "Programmet har ingen omstillingsplan enno, så planen er ikkje kontrollert mot han (strategiar, mål og rammer).",
            ))
        }
    }
    if let Some(finding) =
        crate::results::registry_finding(state, programme.id, version, Some(&spoken)).await?
    {
        added.findings.push(finding);
    }
    Ok(added)
}

/// The added findings ([`added_findings`]) where the plan's findings are shown: on the
/// editor, and on the editor as a save that did not go through shows it again.
pub(in crate::ui) async fn registry_warning(
    state: &AppState,
    programme: &Programme,
    version: &PlanVersion,
    plan: &Plan,
    page: &mut EditorPage,
    t: &'static Texts,
) -> Result<(), AppError> {
    let evaluation = plan::handlingsplan::evaluate(plan);
    let added = added_findings(state, programme, version, plan, &evaluation, t).await?;
    results::show_findings(page, plan, evaluation, added, t);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(in crate::ui) fn editor_page(
    t: &'static Texts,
    current: &CurrentUser,
    programme: &Programme,
    access: Access,
    version: &PlanVersion,
    plan: &Plan,
    fields: Fields,
    errors: BTreeMap<String, String>,
    approval_error: Option<String>,
) -> EditorPage {
    let year = plan.year;
    let base = base_path(&programme.slug, version.info.year().unwrap_or_default());
    let evaluation = plan::handlingsplan::evaluate(plan);
    let fragments: BTreeMap<String, String> = computed::fragments(plan, &evaluation, &fields, t)
        .into_iter()
        .collect();
    let fields_for_findings = fields.clone();
    let summary = errors
        .iter()
        .map(|(path, message)| SummaryError {
            id: input_id(path),
            label: labels::label(path, &fields, t),
            message: message.clone(),
        })
        .collect();
    let frozen = version.info.status.is_frozen();
    let (status, status_class) = status_text(t, version.info.status);
    let editable = access.can_edit() && !frozen;
    let js_texts = json!({
        "saving": t.js_saving, "saved": t.js_saved, "unsaved": t.js_unsaved,
        "offline": t.js_offline, "invalid": t.js_invalid, "conflict": t.js_conflict,
        "expired": t.js_expired, "locked": t.js_locked, "failed": t.js_failed,
        "mine": t.js_mine, "theirs": t.js_theirs, "empty": t.js_empty,
        "structural": t.js_structural,
    })
    .to_string();
    let years = if plan.programme.period.is_valid() {
        plan.programme.period.years()
    } else {
        Vec::new()
    };
    let mut l = layout(
        t,
        Some(current),
        t.editor_title.replace("{year}", &year.to_string()),
        base.clone(),
    );
    l.breadcrumbs = vec![
        (t.nav_programmes.into(), "/programmes".into()),
        (
            programme.name.clone(),
            format!("/programmes/{}", programme.slug),
        ),
    ];
    EditorPage {
        l,
        downloads: FORMATS
            .iter()
            .map(|(label, ext)| {
                (
                    (*label).to_owned(),
                    format!(
                        "/api/v1/programmes/{}/plans/{}/document.{ext}",
                        programme.slug,
                        version.info.year().unwrap_or_default()
                    ),
                )
            })
            .collect(),
        base,
        year: version.info.year().unwrap_or_default(),
        version: version.info.version,
        status,
        status_class,
        editable,
        locked: frozen,
        fields,
        errors,
        summary,
        years,
        fragments,
        js_texts,
        sdgs: crate::ui::views::sdg_options(plan.language),
        approvals: Approvals {
            board: version
                .info
                .decision("board")
                .map(|d| decide::decision_text(t, "board", d)),
            council: version
                .info
                .decision("council")
                .map(|d| decide::decision_text(t, "council", d)),
            can_board: access.can_record_board() && version.info.status == VersionStatus::Draft,
            can_council: access.can_record_council()
                && version.info.status == VersionStatus::BoardApproved,
            can_reopen: access.can_edit() && frozen,
            can_delete: access.can_edit() && !frozen,
            delete_link: decide::tr(t, "Slett dette utkastet", "Slett dette utkastet"),
            has_errors: evaluation.has_errors(),
            date: decide::today_typed(),
            reference: String::new(),
            board_question: decide::board_question(t),
            board_warning: decide::board_warning(t),
            year_fixed: decide::tr(
                t,
                "Året er planens adresse og kan ikke endres.",
                "Året er adressa til planen og kan ikkje endrast.",
            ),
            error: approval_error,
        },
        undo: None,
        restore_html: t
            .restore_text
            .replace("{n}", "<span id=\"restore-count\">0</span>"),
        field_findings: at_field::at_fields(
            &fields_for_findings,
            &computed::findings_in(plan, &evaluation, t),
        ),
        document: if editable {
            String::new()
        } else {
            render::html_fragment(&render::handlingsplan::document(
                plan,
                &evaluation,
                &render::Options::default(),
            ))
            .unwrap_or_default()
        },
    }
}

pub(in crate::ui) fn wants_json(meta: &BTreeMap<String, String>) -> bool {
    meta.get("autosave").is_some_and(|v| v == "1")
}

pub(in crate::ui) fn json_response(status: StatusCode, value: serde_json::Value) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        axum::Json(value),
    )
        .into_response()
}

pub(in crate::ui) fn errors_json(t: &Texts, errors: &[fields::FieldError]) -> serde_json::Value {
    let language = if t.lang == "nn" {
        Language::Nynorsk
    } else {
        Language::Bokmal
    };
    json!(errors
        .iter()
        .map(|e| json!({ "id": input_id(&e.path), "path": e.path, "message": e.message(language) }))
        .collect::<Vec<_>>())
}

pub(in crate::ui) fn error_map(
    t: &Texts,
    errors: &[fields::FieldError],
) -> BTreeMap<String, String> {
    let language = if t.lang == "nn" {
        Language::Nynorsk
    } else {
        Language::Bokmal
    };
    errors
        .iter()
        .map(|e| (e.path.clone(), e.message(language).to_owned()))
        .collect()
}

/// Saves the plan editor's form ([`save_form`]).
pub(in crate::ui) async fn save(
    State(state): State<AppState>,
    page: Result<PlanContext, Refused>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let autosave = form.iter().any(|(k, v)| k == "autosave" && v == "1");
    match page {
        Ok(page) => {
            let key = page.year.to_string();
            save_form::<Plan>(&state, page.into_form(), &key, &form).await
        }
        Err(refused) if autosave => refused.json(),
        Err(refused) => refused.into_response(),
    }
}

/// Who saves, on which programme: the parts of a page's context the save needs.
pub(in crate::ui) struct FormContext {
    pub t: &'static Texts,
    pub current: CurrentUser,
    pub programme: Programme,
    pub access: Access,
}

impl FormContext {
    /// The editor page of `version` as the kind shows it.
    fn view<'a, K>(
        &'a self,
        version: &'a PlanVersion,
        document: &'a K,
        fields: Fields,
        errors: BTreeMap<String, String>,
        refused: Option<String>,
    ) -> EditorView<'a, K> {
        EditorView {
            t: self.t,
            current: &self.current,
            programme: &self.programme,
            access: self.access,
            version,
            document,
            fields,
            errors,
            refused,
        }
    }
}

impl PlanContext {
    pub(in crate::ui) fn into_form(self) -> FormContext {
        FormContext {
            t: self.t,
            current: self.current,
            programme: self.programme,
            access: self.access,
        }
    }
}

/// Saves an editor's form for every kind `K`: checks every field, merges onto the latest
/// version when someone else saved in between, applies the button's operation and
/// stores a new version through [`crate::workflow::save`] (merging again when another
/// save came first). `key` is the document's key (a yearly plan's year).
pub(in crate::ui) async fn save_form<K: EditorForm>(
    state: &AppState,
    page: FormContext,
    key: &str,
    form: &[(String, String)],
) -> Response {
    let (mut posted, meta) = form_map(form);
    let autosave = wants_json(&meta);
    let (t, access) = (page.t, page.access);
    let (current, programme) = (&page.current, &page.programme);
    let doc = crate::kinds::doc_key::<K>(key);
    let editor_path = K::editor_path(&programme.slug, key);
    let fail = |error: AppError| -> Response {
        if autosave {
            json_response(
                error.status(),
                json!({ "status": "error", "message": error.message() }),
            )
        } else {
            error_page(t, Some(current), error)
        }
    };
    if !access.can_edit() {
        return fail(AppError::Forbidden(K::WORDS.forbid_edit));
    }
    let op = match K::parse_op(meta.get("op").map_or("", String::as_str)) {
        Some(op) => op,
        None => return fail(AppError::BadRequest("ukjent handling".into())),
    };
    // The conflict page (without JavaScript, or after the dialog when items moved): the
    // posted fields are the merge; take the user's own value where they chose it.
    if meta.get("resolve").is_some_and(|v| v == "1") {
        let mine: Fields = meta
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("mine:").map(|k| (k.to_owned(), v.clone())))
            .collect();
        let conflicts: Vec<merge::Conflict> = meta
            .iter()
            .filter_map(|(k, v)| {
                let path = k.strip_prefix("choice:")?;
                (v == "mine").then(|| merge::Conflict {
                    path: path.to_owned(),
                    mine: None,
                    theirs: None,
                    mine_fields: mine
                        .iter()
                        .filter(|(k, _)| merge::within(k, path))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                })
            })
            .collect();
        let merged = merge::Merged {
            fields: posted.clone(),
            conflicts,
            moved: Vec::new(),
        };
        posted = merge::resolve(&merged, |_| true);
    }
    let base_version: i64 = meta
        .get("base_version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for _attempt in 0..3 {
        let latest = match crate::workflow::current::<K>(state, programme, &doc).await {
            Ok(v) => v,
            Err(e) => return fail(e),
        };
        let latest_document = match crate::workflow::stored::<K>(&latest) {
            Ok(p) => p,
            Err(e) => return fail(e),
        };
        let approval = *latest_document.approval();
        if latest.info.status.is_frozen() {
            if autosave {
                return json_response(
                    StatusCode::CONFLICT,
                    json!({ "status": "locked", "message": t.js_locked }),
                );
            }
            let fields = latest_document.to_fields();
            return K::page(
                state,
                page.view(
                    &latest,
                    &latest_document,
                    fields,
                    BTreeMap::new(),
                    Some(t.js_locked.into()),
                ),
                StatusCode::CONFLICT,
            )
            .await;
        }
        let mine_document = match K::from_fields(&posted, approval, key) {
            Ok(p) => p,
            Err(errors) => {
                if autosave {
                    return json_response(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({ "status": "invalid", "errors": errors_json(t, &errors) }),
                    );
                }
                let errors = error_map(t, &errors);
                return K::page(
                    state,
                    page.view(&latest, &latest_document, posted.clone(), errors, None),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        };
        // An operation the server carries out ("Hent resultater fra registeret"): an
        // ordinary change saved as a new version.
        let (mine_document, fetched) =
            match K::before_merge(state, programme, &op, mine_document).await {
                Ok(fetched) => fetched,
                Err(e) => return fail(e),
            };
        // The button's add / remove / move applies to the items the user saw, before
        // the merge carries it onto the latest version.
        let mut mine = mine_document.to_fields();
        let mut anchor = mine_document.apply_op(&mut mine, &op, t);
        let fields = if base_version == latest.info.version {
            mine.clone()
        } else {
            let base = match state.store.version(programme.id, &doc, base_version).await {
                Ok(Some(v)) => v,
                Ok(None) => latest.clone(),
                Err(e) => return fail(e.into()),
            };
            let base_fields = match crate::workflow::stored::<K>(&base) {
                Ok(p) => p.to_fields(),
                Err(e) => return fail(e),
            };
            let merged = merge::merge(&base_fields, &mine, &latest_document.to_fields());
            if !merged.conflicts.is_empty() {
                return conflict_response(
                    t,
                    current,
                    &editor_path,
                    latest.info.version,
                    &merged,
                    &mine,
                    autosave,
                );
            }
            anchor = anchor.map(|path| merged.map_path(&path));
            merged.fields
        };
        let new_document = match K::from_fields(&fields, approval, key) {
            Ok(p) => p,
            Err(errors) => {
                let errors = error_map(t, &errors);
                return K::page(
                    state,
                    page.view(&latest, &latest_document, fields, errors, None),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
        };
        // A removal first keeps what was typed as its own version, so "Angre" brings the
        // item back exactly as it was (see decide::undo_offer).
        let mut expected_version = latest.info.version;
        if K::UNDO_AFTER_REMOVAL
            && decide::keeps_typed_first(&op, autosave, base_version == latest.info.version)
            && mine_document != latest_document
        {
            match crate::workflow::save(
                state,
                programme,
                &doc,
                &mine_document,
                Some(latest.info.version),
                current.user.id,
            )
            .await
            {
                Ok(saved) => expected_version = saved.info.version,
                Err(crate::workflow::SaveError::Stale { .. }) => continue,
                Err(e) => return fail(e.into()),
            }
        }
        let saved = if new_document == latest_document {
            latest.info.clone()
        } else {
            match crate::workflow::save(
                state,
                programme,
                &doc,
                &new_document,
                Some(expected_version),
                current.user.id,
            )
            .await
            {
                Ok(saved) => saved.info,
                // Someone saved in between: merge onto theirs.
                Err(crate::workflow::SaveError::Stale { .. }) => continue,
                Err(e) => return fail(e.into()),
            }
        };
        if autosave {
            let new_fields = new_document.to_fields();
            let mut evaluation = new_document.evaluate();
            // The same findings as the live check and the page (the op- findings, the
            // registry's warning, the note), so the panel does not change on a save.
            let note =
                match K::added_findings(state, programme, &latest, &new_document, &evaluation, t)
                    .await
                {
                    Ok(added) => {
                        evaluation.findings.extend(added.findings);
                        added.note
                    }
                    Err(e) => return fail(e),
                };
            let fragments =
                fragments_json(new_document.fragments(&evaluation, &new_fields, t, note));
            // Items someone else added or removed are not on this page: it keeps the
            // version its inputs match as its base, so later saves merge onto theirs.
            let structural = item_paths(&new_fields) != item_paths(&mine_document.to_fields());
            return json_response(
                StatusCode::OK,
                json!({ "status": "saved", "version": saved.version, "fields": new_fields,
                        "fragments": fragments, "structural": structural }),
            );
        }
        let anchor = anchor
            .map(|path| {
                let target =
                    fields::field_for_path(&new_document.to_fields(), &path).unwrap_or(path);
                format!("#{}", input_id(&target))
            })
            .unwrap_or_default();
        let fetched = match fetched {
            Some(any) => format!("&fetched={}", u8::from(any)),
            None => String::new(),
        };
        let undo = if K::UNDO_AFTER_REMOVAL {
            decide::undo_query(&op, &saved)
        } else {
            String::new()
        };
        return Redirect::to(&format!(
            "{editor_path}?saved={}{fetched}{undo}{anchor}",
            saved.version
        ))
        .into_response();
    }
    fail(AppError::Conflict {
        code: "changed",
        message: t.js_conflict.into(),
        details: None,
    })
}

/// The live regions as the script takes them: element id → HTML.
fn fragments_json(fragments: Vec<(String, String)>) -> serde_json::Map<String, serde_json::Value> {
    fragments
        .into_iter()
        .map(|(key, value)| (key, serde_json::Value::String(value)))
        .collect()
}

/// Every list item of the fields (`financing[0]`, `focus_areas[1].strategies[0]`, …).
pub(in crate::ui) fn item_paths(fields: &Fields) -> std::collections::BTreeSet<&str> {
    fields
        .keys()
        .flat_map(|key| key.match_indices(']').map(move |(at, _)| &key[..=at]))
        .collect()
}

pub(in crate::ui) fn conflict_response(
    t: &'static Texts,
    current: &CurrentUser,
    editor_path: &str,
    latest_version: i64,
    merged: &merge::Merged,
    mine: &Fields,
    autosave: bool,
) -> Response {
    let show = |value: &Option<String>, item: bool| match value {
        Some(v) => v.clone(),
        None if item => t.conflict_removed.to_owned(),
        None => String::new(),
    };
    let views: Vec<ConflictView> = merged
        .conflicts
        .iter()
        .enumerate()
        .map(|(index, c)| {
            // Names of items come from the merge, or from the user's item offered back.
            let mut known = merged.fields.clone();
            known.extend(c.mine_fields.clone());
            let label = labels::label(&c.path, &known, t);
            ConflictView {
                index,
                path: c.path.clone(),
                label: if c.is_item() {
                    format!("{label} ({})", t.conflict_item)
                } else {
                    label
                },
                mine: show(&c.mine, c.is_item()),
                theirs: show(&c.theirs, c.is_item()),
            }
        })
        .collect();
    if autosave {
        return json_response(
            StatusCode::CONFLICT,
            json!({
                "status": "conflict",
                "version": latest_version,
                "fields": merged.fields,
                // Items were added, removed or moved: the page's inputs no longer match
                // the merge, so the choices go to the server as the conflict page's form.
                "structural": merged.conflicts.iter().any(merge::Conflict::is_item)
                    || item_paths(&merged.fields) != item_paths(mine),
                "conflicts": views.iter().zip(&merged.conflicts).map(|(v, c)| json!({
                    "path": v.path, "id": input_id(&v.path), "label": v.label,
                    "mine": v.mine, "theirs": v.theirs, "mine_fields": c.mine_fields,
                    "item": c.is_item(),
                })).collect::<Vec<_>>(),
            }),
        );
    }
    let base = editor_path.to_owned();
    let mut l = layout(t, Some(current), t.conflict_title.into(), base.clone());
    l.breadcrumbs = vec![(t.nav_programmes.into(), "/programmes".into())];
    let page = ConflictPage {
        l,
        action: base.clone(),
        version: latest_version,
        merged: merged
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        mine: merged
            .conflicts
            .iter()
            .flat_map(|c| c.mine_fields.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect(),
        conflicts: views,
        back: base,
    };
    html(StatusCode::CONFLICT, &page)
}

/// The plan editor's live check ([`check_form`]).
pub(in crate::ui) async fn check(
    State(state): State<AppState>,
    page: Result<PlanContext, Refused>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    match page {
        Ok(page) => {
            let key = page.year.to_string();
            check_form::<Plan>(&state, page.into_form(), &key, &form).await
        }
        Err(refused) => refused.json(),
    }
}

/// The live check of every kind: the posted form's tables and findings, without saving.
pub(in crate::ui) async fn check_form<K: EditorForm>(
    state: &AppState,
    page: FormContext,
    key: &str,
    form: &[(String, String)],
) -> Response {
    let FormContext { t, programme, .. } = page;
    let doc = crate::kinds::doc_key::<K>(key);
    let Ok(version) = crate::workflow::current::<K>(state, &programme, &doc).await else {
        return json_response(StatusCode::NOT_FOUND, json!({ "status": "error" }));
    };
    let approval = match crate::workflow::stored::<K>(&version) {
        Ok(document) => *document.approval(),
        Err(_) => return json_response(StatusCode::NOT_FOUND, json!({ "status": "error" })),
    };
    let (fields, _) = form_map(form);
    match K::from_fields(&fields, approval, key) {
        Ok(document) => {
            let mut evaluation = document.evaluate();
            let note =
                match K::added_findings(state, &programme, &version, &document, &evaluation, t)
                    .await
                {
                    Ok(added) => {
                        evaluation.findings.extend(added.findings);
                        added.note
                    }
                    Err(_) => None,
                };
            let fragments = fragments_json(document.fragments(&evaluation, &fields, t, note));
            json_response(
                StatusCode::OK,
                json!({ "status": "ok", "errors": [], "fragments": fragments }),
            )
        }
        Err(errors) => json_response(
            StatusCode::OK,
            json!({ "status": "invalid", "errors": errors_json(t, &errors), "fragments": {} }),
        ),
    }
}
