//! The steps of a document's life that the API and the pages share, so each has one
//! behaviour: loading the current version and reopening a frozen one. (The decision
//! step is [`crate::approvals::record`].) The API turns a [`Refusal`] into its JSON
//! error ([`From<Refusal> for AppError`]), the pages into a message in the user's
//! language.

use store::{DocKey, PlanVersion, Programme, Transition, TransitionKind, UserId, VersionInfo};

use crate::AppState;
use crate::access::Access;
use crate::error::AppError;

/// Why a step was refused.
#[derive(Debug)]
pub enum Refusal {
    /// The caller's role may not take this step.
    Forbidden,
    /// Reopen of a document that is a draft already.
    NotFrozen,
    /// The document changed since the caller looked.
    Changed,
    /// Anything else (no such document, the database, a stored body that does not read).
    Other(AppError),
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        Refusal::Other(error)
    }
}

impl From<store::StoreError> for Refusal {
    fn from(error: store::StoreError) -> Self {
        match error {
            store::StoreError::Stale { .. } => Refusal::Changed,
            other => Refusal::Other(other.into()),
        }
    }
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Forbidden => AppError::Forbidden("gjenåpne planer i dette programmet"),
            Refusal::NotFrozen => AppError::Conflict {
                code: "not-frozen",
                message: "Planen er allerede et utkast og kan endres.".into(),
                details: None,
            },
            Refusal::Changed => AppError::Conflict {
                code: "changed",
                message: "Planen ble endret samtidig. Hent den på nytt og prøv igjen.".into(),
                details: None,
            },
            Refusal::Other(error) => error,
        }
    }
}

/// The current version of a document (404 `planen` when there is none).
pub async fn load_current(
    state: &AppState,
    programme: &Programme,
    doc: &DocKey,
) -> Result<PlanVersion, AppError> {
    state
        .store
        .current(programme.id, doc)
        .await?
        .ok_or(AppError::NotFound("planen"))
}

/// Reopens a frozen Handlingsplan: a new draft with its decision dates cleared. The
/// editor's step; `expected`: the version the caller saw (`None`: whatever is current).
pub async fn reopen(
    state: &AppState,
    programme: &Programme,
    access: Access,
    year: i32,
    expected: Option<i64>,
    actor: UserId,
) -> Result<VersionInfo, Refusal> {
    if !access.can_edit() {
        return Err(Refusal::Forbidden);
    }
    let doc = DocKey::handlingsplan(year);
    let version = load_current(state, programme, &doc).await?;
    if expected.is_some_and(|seen| seen != version.info.version) {
        return Err(Refusal::Changed);
    }
    if !version.info.status.is_frozen() {
        return Err(Refusal::NotFrozen);
    }
    let mut plan = crate::api::stored_plan(&version)?;
    plan.approval = plan::Approval::default();
    let transition = Transition {
        expected_version: version.info.version,
        kind: TransitionKind::Reopen,
        body: plan::file::to_json(&plan),
        pdf: None,
    };
    let made = state
        .store
        .transition(programme.id, &doc, transition, actor, crate::clock::now())
        .await?;
    crate::mail::notify(state, programme, year, crate::mail::Notice::Reopened, &made).await;
    Ok(made)
}

/// Restores version `n` of a Handlingsplan: a NEW draft version with that version's
/// content (history is never rewritten), by the save's rules (`expected`: the version the
/// caller saw, 412 when another is current; audited like a save). Editors only, and only
/// while the plan is a draft: a frozen plan is reopened first. The decision dates of the
/// restored content are those of the current draft (none), so a restored approved
/// version is a draft again.
pub(crate) async fn restore(
    state: &AppState,
    programme: &Programme,
    access: Access,
    year: i32,
    n: i64,
    expected: i64,
    actor: UserId,
) -> Result<crate::api::Saved, AppError> {
    if !access.can_edit() {
        return Err(AppError::Forbidden(
            "gjenopprette versjoner i dette programmet",
        ));
    }
    let doc = DocKey::handlingsplan(year);
    let current = load_current(state, programme, &doc).await?;
    if current.info.status.is_frozen() {
        return Err(AppError::Conflict {
            code: "plan-locked",
            message: "Planen er behandlet og låst. Gjenåpne den som nytt utkast før du gjenoppretter en eldre versjon.".into(),
            details: None,
        });
    }
    let old = state
        .store
        .version(programme.id, &doc, n)
        .await?
        .ok_or(AppError::NotFound("versjonen"))?;
    let mut plan = crate::api::stored_plan(&old)?;
    plan.approval = crate::api::stored_plan(&current)?.approval;
    plan.year = year;
    crate::api::save_draft(state, programme, &plan, Some(expected), actor).await
}

/// Deletes a draft year that was never decided (a year started by mistake): editors only;
/// `expected` is the version the caller saw (412 otherwise); 409 `decided` once any
/// decision exists. Audited `plan.delete` by the store.
pub async fn delete_draft(
    state: &AppState,
    programme: &Programme,
    access: Access,
    year: i32,
    expected: i64,
    actor: UserId,
) -> Result<(), AppError> {
    if !access.can_edit() {
        return Err(AppError::Forbidden("slette planer i dette programmet"));
    }
    match state
        .store
        .delete_draft(
            programme.id,
            &DocKey::handlingsplan(year),
            expected,
            actor,
            crate::clock::now(),
        )
        .await
    {
        Ok(()) => Ok(()),
        Err(store::StoreError::NotFound) => Err(AppError::NotFound("planen")),
        Err(store::StoreError::WrongStatus { .. }) => Err(AppError::Conflict {
            code: "decided",
            message: format!(
                "Planen for {year} er behandlet av styret minst én gang og kan ikke slettes. Historikken og vedtakene blir stående."
            ),
            details: None,
        }),
        Err(other) => Err(other.into()),
    }
}
