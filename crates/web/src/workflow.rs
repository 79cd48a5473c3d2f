//! The steps of a document's life that the API and the pages share, so each has one
//! behaviour, written once for every kind (`K: `[`Kind`]) and addressed by [`DocKey`]:
//! reading a stored body ([`stored`]), loading the current version ([`current`]), saving a
//! draft ([`save`]), reopening a frozen version ([`reopen`]), restoring an old one
//! ([`restore`]) and deleting a draft never decided ([`delete_draft`]). (The decision
//! step is [`crate::approvals::record`].) The API turns a [`Refusal`] into its JSON
//! error ([`From<Refusal> for AppError`]), the pages into a message in the user's
//! language.

use serde_json::Value;
use store::{DocKey, PlanVersion, Programme, Transition, TransitionKind, UserId, VersionInfo};

use crate::AppState;
use crate::access::Access;
use crate::error::AppError;
use crate::kinds::Kind;

/// Why a step was refused.
#[derive(Debug)]
pub enum Refusal {
    /// The caller's role may not take this step (what it may not do, for the 403).
    Forbidden(&'static str),
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
            Refusal::Forbidden(what) => AppError::Forbidden(what),
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

/// Reads a stored body of kind `K`; a stored body that does not read is a server fault.
pub fn stored<K: Kind>(version: &PlanVersion) -> Result<K, AppError> {
    K::read(&version.body, plan::Syntax::Json)
        .map_err(|e| AppError::internal(anyhow::anyhow!("stored {} does not read: {e}", K::KIND)))
}

/// The current version of a document of kind `K` (404 naming the kind when there is none).
pub async fn current<K: Kind>(
    state: &AppState,
    programme: &Programme,
    doc: &DocKey,
) -> Result<PlanVersion, AppError> {
    state
        .store
        .current(programme.id, doc)
        .await?
        .ok_or(AppError::NotFound(K::WORDS.not_found))
}

/// A version as the API shows it: the kind's key member (a Handlingsplan's `year`), the
/// number, status, ETag, hash, author, time, decisions and whether a PDF is kept.
pub fn version_json<K: Kind>(info: &VersionInfo) -> Value {
    let mut value = serde_json::json!({
        "version": info.version,
        "status": info.status,
        "etag": crate::api::etag(info),
        "sha256": info.sha256,
        "author": info.author,
        "author_id": info.author_id,
        "created_at": info.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "board": info.decision("board"),
        "council": info.decision("council"),
        "has_pdf": info.has_pdf,
    });
    if let Some((name, key)) = K::key_json(&info.key) {
        value[name] = key;
    }
    value
}

/// A document saved as a draft (see [`save`]).
#[derive(Debug)]
pub(crate) struct Saved {
    pub(crate) info: VersionInfo,
    /// A new document (version 1), not a new version of one.
    pub(crate) created: bool,
    /// The version as the API shows it, with the document's check object.
    pub(crate) body: Value,
    /// The document's API address (the `Location` of a creation), from the slug and key.
    location: fn(&str, &str) -> String,
}

/// Why [`save`] did not write: someone saved another version first ([`SaveError::Stale`],
/// which the editor answers by merging onto `current`; the API by 412), or anything else.
#[derive(Debug)]
pub(crate) enum SaveError {
    /// `expected` was not the current version; `current` is.
    Stale {
        current: i64,
    },
    Other(AppError),
}

impl From<SaveError> for AppError {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::Stale { current } => store::StoreError::Stale { current }.into(),
            SaveError::Other(error) => error,
        }
    }
}

/// Saves `document` as the draft `doc`: the one save path of `PUT` of every kind, the
/// editor's form (which merges and tries again on [`SaveError::Stale`]), the Word import
/// (API and page) and restore. `expected: None` creates the document (428 when it
/// exists); `Some(n)` writes a new version over version `n` ([`SaveError::Stale`], 412 in
/// the API, when `n` is not current; 412 when the document does not exist; 409 when it
/// is frozen). The answer's check is the document's own (`evaluate`), as the overview's
/// summaries count it.
pub(crate) async fn save<K: Kind>(
    state: &AppState,
    programme: &Programme,
    doc: &DocKey,
    document: &K,
    expected: Option<i64>,
    author: UserId,
) -> Result<Saved, SaveError> {
    let canonical = document.to_json();
    let info = state
        .store
        .put(
            programme.id,
            doc,
            expected,
            &canonical,
            author,
            crate::clock::now(),
        )
        .await
        .map_err(|e| match e {
            store::StoreError::Stale { current } => SaveError::Stale { current },
            // If-Match named a version of a document that does not exist.
            store::StoreError::NotFound => SaveError::Other(AppError::PreconditionFailed),
            other => SaveError::Other(other.into()),
        })?;
    let evaluation = document.evaluate();
    tracing::info!(user_id = author, programme = %programme.slug, kind = K::KIND, key = %doc.key, version = info.version, "plan saved");
    let mut body = version_json::<K>(&info);
    body["check"] = K::check_json(&evaluation);
    Ok(Saved {
        info,
        created: expected.is_none(),
        body,
        location: K::api_path,
    })
}

impl Saved {
    /// 201 with `Location` for a new document, 200 for a new version; the version's ETag.
    pub(crate) fn into_response(self, slug: &str) -> axum::response::Response {
        use axum::http::{HeaderValue, StatusCode, header};
        use axum::response::IntoResponse as _;
        let status = if self.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        let mut response = (status, axum::Json(self.body)).into_response();
        if self.created {
            let location = (self.location)(slug, &self.info.key);
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
        }
        crate::api::with_etag(response, &self.info)
    }
}

/// Reopens a frozen document: a new draft with its decisions cleared (the kind's
/// `reopen`). The editor's and the API's step; `expected`: the version the caller saw
/// (`None`: whatever is current).
pub async fn reopen<K: Kind>(
    state: &AppState,
    programme: &Programme,
    access: Access,
    doc: &DocKey,
    expected: Option<i64>,
    actor: UserId,
) -> Result<VersionInfo, Refusal> {
    if !access.can_edit() {
        return Err(Refusal::Forbidden(K::WORDS.forbid_reopen));
    }
    let version = current::<K>(state, programme, doc).await?;
    if expected.is_some_and(|seen| seen != version.info.version) {
        return Err(Refusal::Changed);
    }
    if !version.info.status.is_frozen() {
        return Err(Refusal::NotFrozen);
    }
    let mut document = stored::<K>(&version)?;
    document.reopen();
    let transition = Transition {
        expected_version: version.info.version,
        kind: TransitionKind::Reopen,
        body: document.to_json(),
        pdf: None,
    };
    let made = state
        .store
        .transition(programme.id, doc, transition, actor, crate::clock::now())
        .await?;
    crate::mail::notify(state, programme, doc, crate::mail::Notice::Reopened, &made).await;
    Ok(made)
}

/// Restores version `n` of a document: a NEW draft version with that version's content
/// (history is never rewritten), by the save's rules (`expected`: the version the caller
/// saw, 412 when another is current; audited like a save). Editors only, and only while
/// the document is a draft: a frozen one is reopened first. The decisions of the restored
/// content are those of the current draft (none), so a restored approved version is a
/// draft again.
pub(crate) async fn restore<K: Kind>(
    state: &AppState,
    programme: &Programme,
    access: Access,
    doc: &DocKey,
    n: i64,
    expected: i64,
    actor: UserId,
) -> Result<Saved, AppError> {
    if !access.can_edit() {
        return Err(AppError::Forbidden(K::WORDS.forbid_restore));
    }
    let current = current::<K>(state, programme, doc).await?;
    if current.info.status.is_frozen() {
        return Err(AppError::Conflict {
            code: "plan-locked",
            message: K::WORDS.locked.into(),
            details: None,
        });
    }
    let old = state
        .store
        .version(programme.id, doc, n)
        .await?
        .ok_or(AppError::NotFound("versjonen"))?;
    let mut document = stored::<K>(&old)?;
    *document.approval_mut() = *stored::<K>(&current)?.approval();
    let document = document.at_key(&doc.key);
    Ok(save(state, programme, doc, &document, Some(expected), actor).await?)
}

/// Deletes a draft document that was never decided (a year started by mistake): editors
/// only; `expected` is the version the caller saw (412 otherwise); 409 `decided` once any
/// decision exists. Audited `{kind}.delete` by the store.
pub async fn delete_draft<K: Kind>(
    state: &AppState,
    programme: &Programme,
    access: Access,
    doc: &DocKey,
    expected: i64,
    actor: UserId,
) -> Result<(), AppError> {
    if !access.can_edit() {
        return Err(AppError::Forbidden(K::WORDS.forbid_delete));
    }
    match state
        .store
        .delete_draft(programme.id, doc, expected, actor, crate::clock::now())
        .await
    {
        Ok(()) => Ok(()),
        Err(store::StoreError::NotFound) => Err(AppError::NotFound(K::WORDS.not_found)),
        Err(store::StoreError::WrongStatus { .. }) => Err(AppError::Conflict {
            code: "decided",
            message: decided_message::<K>(&doc.key),
            details: None,
        }),
        Err(other) => Err(other.into()),
    }
}

/// Why a decided document cannot be deleted.
fn decided_message<K: Kind>(key: &str) -> String {
    let what = if key.is_empty() {
        let mut chars = K::WORDS.not_found.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        format!("Planen for {key}")
    };
    format!(
        "{what} er behandlet av styret minst én gang og kan ikke slettes. Historikken og vedtakene blir stående."
    )
}
