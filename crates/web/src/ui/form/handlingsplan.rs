//! The yearly plan's form mapping: [`crate::ui::fields`] (`from_plan`/`to_plan`),
//! [`crate::ui::ops`], [`crate::ui::computed`] and the editor page of
//! [`crate::ui::pages::editor`], behind [`EditorForm`].

use axum::http::StatusCode;
use axum::response::Response;
use plan::handlingsplan::Plan;
use plan::{Approval, Evaluation};
use store::{PlanVersion, Programme};

use super::{Added, EditorForm, EditorView};
use crate::AppState;
use crate::error::AppError;
use crate::ui::fields::{self, FieldError, Fields};
use crate::ui::ops::{self, Op};
use crate::ui::pages::{decide, editor, results};
use crate::ui::texts::Texts;
use crate::ui::{computed, error_page, html};

impl EditorForm for Plan {
    const UNDO_AFTER_REMOVAL: bool = true;

    fn to_fields(&self) -> Fields {
        fields::from_plan(self)
    }

    fn from_fields(
        fields: &Fields,
        approval: Approval,
        key: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let year = key.parse().unwrap_or_default();
        fields::to_plan(fields, approval).and_then(|plan| decide::same_year(plan, year))
    }

    fn parse_op(value: &str) -> Option<Op> {
        Op::parse(value)
    }

    fn apply_op(&self, fields: &mut Fields, op: &Op, t: &Texts) -> Option<String> {
        let period_years = self.programme.period.years();
        ops::apply(fields, op, t, &period_years, self.year)
    }

    fn fragments(
        &self,
        evaluation: &Evaluation,
        fields: &Fields,
        t: &'static Texts,
        note: Option<&str>,
    ) -> Vec<(String, String)> {
        computed::fragments(self, evaluation, fields, t)
            .into_iter()
            .map(|(key, value)| {
                let value = if key == "findings-panel" && note.is_some() {
                    computed::findings_panel_with(self, evaluation, fields, t, note)
                } else {
                    value
                };
                (key, value)
            })
            .collect()
    }

    fn editor_path(slug: &str, key: &str) -> String {
        format!("/programmes/{slug}/plans/{key}")
    }

    async fn added_findings(
        state: &AppState,
        programme: &Programme,
        version: &PlanVersion,
        document: &Self,
        evaluation: &Evaluation,
        t: &'static Texts,
    ) -> Result<Added, AppError> {
        editor::added_findings(state, programme, version, document, evaluation, t).await
    }

    async fn before_merge(
        state: &AppState,
        programme: &Programme,
        op: &Op,
        document: Self,
    ) -> Result<(Self, Option<bool>), AppError> {
        // "Legg den til" on an `op-strategy-missing` finding: the strategy from the
        // programme's Omstillingsplan, in its order (issue 12).
        let document = crate::ui::ops::add_missing_strategy(state, programme, op, document).await?;
        results::fetch_records(state, programme, op, document).await
    }

    async fn page(state: &AppState, view: EditorView<'_, Self>, status: StatusCode) -> Response {
        let EditorView {
            t,
            current,
            programme,
            access,
            version,
            document,
            fields,
            errors,
            refused,
        } = view;
        let locked = refused.is_some();
        let mut page = editor::editor_page(
            t, current, programme, access, version, document, fields, errors, refused,
        );
        // A page refused because the plan was locked meanwhile shows its own findings.
        if !locked
            && let Err(error) =
                editor::registry_warning(state, programme, version, document, &mut page, t).await
        {
            return error_page(t, Some(current), error);
        }
        html(status, &page)
    }
}
