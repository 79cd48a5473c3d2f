//! The kinds of document the server keeps, as the layers above the core see them: each
//! [`plan::DocumentKind`] the server stores implements [`Kind`] (how the store names it,
//! how its address reads, the words its answers use, its render builder, what its check
//! also depends on). [`crate::workflow`], [`crate::approvals`], [`crate::documents`] and
//! the API's document handlers ([`crate::api::document_routes`]) are written once, generic
//! over `K: Kind`; a new kind implements this trait and mounts the routes, it copies no
//! handler.
//!
//! Implemented here for the yearly [`Plan`] (addressed by year, `plans/{year}`) and the
//! programme's one [`Omstillingsplan`] (`omstillingsplan`). Must never: read the store
//! except in [`Kind::check_context`], or decide a role.

use std::future::Future;

use plan::handlingsplan::Plan;
use plan::omstillingsplan::Omstillingsplan;
use plan::{DocumentKind, Evaluation, Finding, Language};
use serde_json::{Value, json};
use store::{DocKey, PlanVersion, Programme};

use crate::AppState;
use crate::error::AppError;

/// The words of a kind's answers (bokmål, the API's language).
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// What a 404 says is missing: `planen`.
    pub not_found: &'static str,
    /// The code of a body that does not read: `unreadable-plan`.
    pub unreadable_code: &'static str,
    /// The start of its message: `Planen kan ikke leses`.
    pub unreadable: &'static str,
    /// What a 403 says the caller may not do, per step.
    pub forbid_edit: &'static str,
    pub forbid_reopen: &'static str,
    pub forbid_restore: &'static str,
    pub forbid_delete: &'static str,
    /// Restore refused while frozen (409 `plan-locked`).
    pub locked: &'static str,
}

/// What a check of one stored version also depends on besides its body.
#[derive(Debug, Clone, Default)]
pub struct CheckContext<C> {
    /// The context itself (the Handlingsplan: the programme's current Omstillingsplan).
    pub value: C,
    /// A short stable text naming the context (its version and hash), added to the
    /// check's memo key and ETag (`"{version}-{sha}-o{tag}"`); `None` when the context
    /// adds nothing.
    pub tag: Option<String>,
    /// A member added to the check object, `(name, value)`.
    pub member: Option<(&'static str, Value)>,
    /// A header of the check answer, `(name, value)`.
    pub header: Option<(&'static str, &'static str)>,
}

/// A kind of document the server stores, versions, checks, decides and renders.
pub trait Kind: DocumentKind<Totals: Send + 'static> + Send + Sync + 'static {
    /// How the store names it and its audit entries.
    const STORE: store::DocKind;
    /// The words of its answers.
    const WORDS: Words;
    /// What its check depends on besides the body.
    type Context: Send + Sync + 'static;

    /// The document's store key from the address's key segment (`{year}`), `None` when
    /// the address has none. A key that cannot be one is 404.
    fn parse_key(raw: Option<&str>) -> Result<String, AppError>;
    /// The key's member in a version's JSON (`"year": 2027`), if the kind shows one.
    fn key_json(key: &str) -> Option<(&'static str, Value)>;
    /// The API address of the document (the `Location` of a creation).
    fn api_path(slug: &str, key: &str) -> String;
    /// Refuses a body whose content names another document than its address (422).
    fn check_address(&self, _key: &str) -> Result<(), AppError> {
        Ok(())
    }
    /// The content of an older version as the document at `key` (restore).
    fn at_key(self, _key: &str) -> Self {
        self
    }
    /// The document's language (of its findings and its document).
    fn language(&self) -> Language;
    /// The format-neutral document (the kind's render builder).
    fn document(&self, evaluation: &Evaluation<Self::Totals>) -> render::Document;
    /// The download's file name.
    fn file_name(&self, extension: &str) -> String;
    /// The archive record's kind, for kinds whose approved version is archived (its
    /// council PDF is then the archive copy); `None`: the plain PDF.
    fn archive_kind(_key: &str) -> Option<archive::Kind> {
        None
    }
    /// What a check of a version of this document depends on besides its body.
    fn check_context(
        state: &AppState,
        programme: &Programme,
    ) -> impl Future<Output = Result<CheckContext<Self::Context>, AppError>> + Send;
    /// The evaluation in that context (the Handlingsplan: with the `op-` findings).
    fn evaluate_in(&self, context: &Self::Context) -> Evaluation<Self::Totals>;
    /// Findings that change without the body or the context changing (never memoised;
    /// the Handlingsplan: the results registry's warning on a draft).
    fn live_findings(
        _state: &AppState,
        _programme: &Programme,
        _version: &PlanVersion,
    ) -> impl Future<Output = Result<Option<Finding>, AppError>> + Send {
        async { Ok(None) }
    }
}

/// The document `key` of kind `K`.
pub fn doc_key<K: Kind>(key: &str) -> DocKey {
    DocKey::new(K::STORE, key)
}

pub use store::OMSTILLINGSPLAN;

/// The programme's current Omstillingsplan, if it has one (read error = server fault).
pub async fn current_omstillingsplan(
    state: &AppState,
    programme: &Programme,
) -> Result<Option<(PlanVersion, Omstillingsplan)>, AppError> {
    let Some(version) = state
        .store
        .current(programme.id, &DocKey::single(OMSTILLINGSPLAN))
        .await?
    else {
        return Ok(None);
    };
    let op = crate::workflow::stored::<Omstillingsplan>(&version)?;
    Ok(Some((version, op)))
}

/// The header a yearly plan's check carries when its programme has no Omstillingsplan
/// (the body is then exactly the plan's own check, as before the Omstillingsplan).
pub const NO_OMSTILLINGSPLAN_HEADER: (&str, &str) = ("omstillingsplan", "none");

impl Kind for Plan {
    const STORE: store::DocKind = store::HANDLINGSPLAN;
    const WORDS: Words = Words {
        not_found: "planen",
        unreadable_code: "unreadable-plan",
        unreadable: "Planen kan ikke leses",
        forbid_edit: "endre planer i dette programmet",
        forbid_reopen: "gjenåpne planer i dette programmet",
        forbid_restore: "gjenopprette versjoner i dette programmet",
        forbid_delete: "slette planer i dette programmet",
        locked: "Planen er behandlet og låst. Gjenåpne den som nytt utkast før du gjenoppretter en eldre versjon.",
    };
    /// The programme's current Omstillingsplan, when it has one.
    type Context = Option<Omstillingsplan>;

    fn parse_key(raw: Option<&str>) -> Result<String, AppError> {
        crate::api::parse_year(raw.unwrap_or_default()).map(|year| year.to_string())
    }
    fn key_json(key: &str) -> Option<(&'static str, Value)> {
        Some(("year", json!(key.parse::<i32>().ok())))
    }
    fn api_path(slug: &str, key: &str) -> String {
        format!("/api/v1/programmes/{slug}/plans/{key}")
    }
    fn check_address(&self, key: &str) -> Result<(), AppError> {
        let year = key.parse::<i32>().unwrap_or_default();
        if self.year != year {
            return Err(AppError::Unprocessable {
                code: "year-mismatch",
                message: format!(
                    "Året i planen ({}) stemmer ikke med året i adressen ({year}).",
                    self.year
                ),
                details: None,
            });
        }
        Ok(())
    }
    fn at_key(mut self, key: &str) -> Self {
        if let Ok(year) = key.parse() {
            self.year = year;
        }
        self
    }
    fn language(&self) -> Language {
        self.language
    }
    fn document(&self, evaluation: &Evaluation<Self::Totals>) -> render::Document {
        render::handlingsplan::document(self, evaluation, &render::Options::default())
    }
    fn file_name(&self, extension: &str) -> String {
        render::handlingsplan::file_name(self, extension)
    }
    fn archive_kind(key: &str) -> Option<archive::Kind> {
        Some(archive::Kind::Handlingsplan {
            year: key.parse().unwrap_or_default(),
        })
    }
    async fn check_context(
        state: &AppState,
        programme: &Programme,
    ) -> Result<CheckContext<Self::Context>, AppError> {
        Ok(match current_omstillingsplan(state, programme).await? {
            Some((version, op)) => CheckContext {
                value: Some(op),
                // The version too: the member names it, and restoring an old content
                // makes a new version with the same hash.
                tag: Some(format!(
                    "{}.{}",
                    version.info.version,
                    &version.info.sha256[..16.min(version.info.sha256.len())]
                )),
                member: Some((
                    "omstillingsplan",
                    json!({
                        "version": version.info.version,
                        "status": version.info.status,
                        "etag": crate::api::etag(&version.info),
                    }),
                )),
                header: None,
            },
            None => CheckContext {
                value: None,
                tag: None,
                member: None,
                header: Some(NO_OMSTILLINGSPLAN_HEADER),
            },
        })
    }
    fn evaluate_in(&self, context: &Self::Context) -> Evaluation<Self::Totals> {
        match context {
            Some(op) => plan::omstillingsplan::against::evaluate_against(self, op),
            None => plan::handlingsplan::evaluate(self),
        }
    }
    async fn live_findings(
        state: &AppState,
        programme: &Programme,
        version: &PlanVersion,
    ) -> Result<Option<Finding>, AppError> {
        crate::results::registry_finding(state, programme.id, version, None).await
    }
}

impl Kind for Omstillingsplan {
    const STORE: store::DocKind = OMSTILLINGSPLAN;
    const WORDS: Words = Words {
        not_found: "omstillingsplanen",
        unreadable_code: "unreadable-omstillingsplan",
        unreadable: "Omstillingsplanen kan ikke leses",
        forbid_edit: "endre omstillingsplanen i dette programmet",
        forbid_reopen: "gjenåpne omstillingsplanen i dette programmet",
        forbid_restore: "gjenopprette versjoner i dette programmet",
        forbid_delete: "slette omstillingsplanen i dette programmet",
        locked: "Omstillingsplanen er behandlet og låst. Gjenåpne den som nytt utkast før du gjenoppretter en eldre versjon.",
    };
    type Context = ();

    fn parse_key(_raw: Option<&str>) -> Result<String, AppError> {
        Ok(String::new())
    }
    fn key_json(_key: &str) -> Option<(&'static str, Value)> {
        None
    }
    fn api_path(slug: &str, _key: &str) -> String {
        format!("/api/v1/programmes/{slug}/omstillingsplan")
    }
    fn language(&self) -> Language {
        self.language
    }
    fn document(&self, evaluation: &Evaluation<Self::Totals>) -> render::Document {
        render::omstillingsplan::document(self, evaluation, &render::Options::default())
    }
    fn file_name(&self, extension: &str) -> String {
        render::omstillingsplan::file_name(self, extension)
    }
    fn archive_kind(_key: &str) -> Option<archive::Kind> {
        Some(archive::Kind::Omstillingsplan)
    }
    async fn check_context(
        _state: &AppState,
        _programme: &Programme,
    ) -> Result<CheckContext<()>, AppError> {
        Ok(CheckContext::default())
    }
    fn evaluate_in(&self, _context: &()) -> Evaluation<Self::Totals> {
        self.evaluate()
    }
}
