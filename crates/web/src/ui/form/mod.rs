//! The editor's form mapping for a kind of document, behind one trait ([`EditorForm`]),
//! so the editor's handlers (the save with its merge and autosave, the live check, the
//! conflict page: [`crate::ui::pages::editor`]) are written once for every kind. A kind
//! implements how its document reads as form fields and back (with a Norwegian error at
//! each field that cannot be read), which item operations its buttons may post, its live
//! regions (the computed tables and the findings panel), what the editor adds to its
//! findings, and its page.
//!
//! Implemented for the yearly [`plan::handlingsplan::Plan`] ([`handlingsplan`]) and the
//! programme's [`plan::omstillingsplan::Omstillingsplan`] ([`omstillingsplan`]).
//!
//! Must never: decide access (the handlers open with [`crate::ui::page`]'s extractors),
//! write to the store (the save is [`crate::workflow::save`]), or go through serde of the
//! form.

pub mod handlingsplan;
pub mod omstillingsplan;

use std::collections::BTreeMap;
use std::future::Future;

use axum::http::StatusCode;
use axum::response::Response;
use plan::{Approval, Evaluation, Finding};
use store::{PlanVersion, Programme};

use crate::AppState;
use crate::access::Access;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::kinds::Kind;

use super::fields::{FieldError, Fields};
use super::ops::Op;
use super::texts::Texts;

/// What the editor shows beside a document's own findings (the yearly plan: the `op-`
/// findings against the Omstillingsplan and the results registry's warning) and a note
/// above the findings.
#[derive(Debug, Default)]
pub(crate) struct Added {
    pub(crate) findings: Vec<Finding>,
    pub(crate) note: Option<&'static str>,
}

/// The editor page of a version, as the generic handlers ask a kind to show it.
pub(crate) struct EditorView<'a, K> {
    pub t: &'static Texts,
    pub current: &'a CurrentUser,
    pub programme: &'a Programme,
    pub access: Access,
    /// The version the page is about (the latest).
    pub version: &'a PlanVersion,
    /// Its document.
    pub document: &'a K,
    /// What the inputs show: the document's fields, or what was posted.
    pub fields: Fields,
    /// Field errors by path, in the page's language.
    pub errors: BTreeMap<String, String>,
    /// Why the save did not go through (the document was locked meanwhile).
    pub refused: Option<String>,
}

/// A kind of document the editor edits.
pub(crate) trait EditorForm: Kind + Clone + PartialEq {
    /// Whether a removal posted without script first saves what was typed as its own
    /// version and offers "Angre" ([`crate::ui::pages::decide::keeps_typed_first`]).
    const UNDO_AFTER_REMOVAL: bool = false;

    /// Every field of the document as the editor shows it, by the findings' paths.
    fn to_fields(&self) -> Fields;
    /// The document the fields describe. Every field that cannot be read gives a
    /// [`FieldError`] in both målformer; `approval` is the stored version's (never a
    /// form field); `key` is the document's address (a yearly plan's year).
    fn from_fields(fields: &Fields, approval: Approval, key: &str)
    -> Result<Self, Vec<FieldError>>;
    /// A button's operation (`add:focus_areas`), `None` when it is not one of this kind's.
    fn parse_op(value: &str) -> Option<Op>;
    /// Applies the operation to the fields the user saw; the path to scroll to.
    fn apply_op(&self, fields: &mut Fields, op: &Op, t: &Texts) -> Option<String>;
    /// The editor's live regions by element id: the computed tables and the findings
    /// panel (the `evaluation`'s findings in the page's language, `note` above them).
    fn fragments(
        &self,
        evaluation: &Evaluation<Self::Totals>,
        fields: &Fields,
        t: &'static Texts,
        note: Option<&str>,
    ) -> Vec<(String, String)>;
    /// The editor's address.
    fn editor_path(slug: &str, key: &str) -> String;
    /// The findings the editor adds to the document's own (`version`: the stored one the
    /// form is about).
    fn added_findings(
        _state: &AppState,
        _programme: &Programme,
        _version: &PlanVersion,
        _document: &Self,
        _evaluation: &Evaluation<Self::Totals>,
        _t: &'static Texts,
    ) -> impl Future<Output = Result<Added, AppError>> + Send {
        async { Ok(Added::default()) }
    }
    /// The server's part of an operation before the merge (the yearly plan's "Hent
    /// resultater fra registeret"); `Some(found)` when it fetched something.
    fn before_merge(
        _state: &AppState,
        _programme: &Programme,
        _op: &Op,
        document: Self,
    ) -> impl Future<Output = Result<(Self, Option<bool>), AppError>> + Send {
        async move { Ok((document, None)) }
    }
    /// The editor page.
    fn page(
        state: &AppState,
        view: EditorView<'_, Self>,
        status: StatusCode,
    ) -> impl Future<Output = Response> + Send;
}
