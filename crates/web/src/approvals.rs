//! Recording a decision (the board's treatment, the council's approval): the one
//! implementation behind the API (`POST …/approvals`) and the editor's approval form.
//!
//! [`record`] checks the caller's role, the date and the case reference, that the plan
//! is in the status the step needs (and, when given, still the version the caller saw),
//! that the plan with the decision's date has no error finding, renders the PDF kept with
//! the frozen version and writes the transition. Each refusal is an [`ApprovalError`]; the
//! API turns it into its JSON error ([`From<ApprovalError> for AppError`]), the pages into
//! the editor with a message in the user's language.

use plan::{Date, Evaluation};
use store::{Decision, Programme, Transition, TransitionKind, UserId, VersionInfo, VersionStatus};

use crate::AppState;
use crate::access::Access;
use crate::documents;
use crate::error::AppError;

/// Which decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The board treats the plan: draft → board-approved.
    Board,
    /// The municipal council approves it: board-approved → approved.
    Council,
}

impl Step {
    /// `board` or `council`.
    pub fn parse(text: &str) -> Option<Step> {
        match text {
            "board" => Some(Step::Board),
            "council" => Some(Step::Council),
            _ => None,
        }
    }
}

/// A decision to record.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub step: Step,
    /// ISO date, as typed.
    pub date: &'a str,
    /// The case reference, as typed (trimmed here).
    pub reference: Option<&'a str>,
    /// The version the caller looked at; `None`: whatever is current.
    pub expected_version: Option<i64>,
}

/// Why a decision was not recorded.
#[derive(Debug)]
pub enum ApprovalError {
    /// The caller's role may not record this step.
    Forbidden(Step),
    /// The date is not a date that exists, written `YYYY-MM-DD`.
    InvalidDate,
    /// The reference is longer than 200 characters or has a line break.
    InvalidReference,
    /// The plan changed since the caller looked (another version is current).
    Changed,
    /// The plan is not in the status the step needs (the current status is given).
    WrongOrder(Step, VersionStatus),
    /// The plan, with the decision's date, has error findings.
    HasErrors(Box<Evaluation>),
    /// Anything else (no such plan, the database, the PDF).
    Other(AppError),
}

impl From<AppError> for ApprovalError {
    fn from(error: AppError) -> Self {
        ApprovalError::Other(error)
    }
}

impl From<store::StoreError> for ApprovalError {
    fn from(error: store::StoreError) -> Self {
        ApprovalError::Other(error.into())
    }
}

/// The API's errors (codes and messages as documented in the OpenAPI description).
impl From<ApprovalError> for AppError {
    fn from(error: ApprovalError) -> Self {
        let unprocessable = |code, message: &str| AppError::Unprocessable {
            code,
            message: message.to_owned(),
            details: None,
        };
        let wrong_order = |message: &str| AppError::Conflict {
            code: "approval-order",
            message: message.to_owned(),
            details: None,
        };
        match error {
            ApprovalError::Forbidden(Step::Board) => {
                AppError::Forbidden("registrere styrets vedtak")
            }
            ApprovalError::Forbidden(Step::Council) => {
                AppError::Forbidden("registrere kommunestyrets vedtak")
            }
            ApprovalError::InvalidDate => unprocessable(
                "invalid-date",
                "Datoen må være en dato som finnes, skrevet ÅÅÅÅ-MM-DD.",
            ),
            ApprovalError::InvalidReference => unprocessable(
                "invalid-reference",
                "Saksnummeret kan ha høyst 200 tegn og ingen linjeskift.",
            ),
            ApprovalError::Changed => AppError::Conflict {
                code: "changed",
                message: "Planen ble endret samtidig. Hent den på nytt og prøv igjen.".into(),
                details: None,
            },
            ApprovalError::WrongOrder(Step::Board, _) => {
                wrong_order("Styret har allerede behandlet denne versjonen.")
            }
            ApprovalError::WrongOrder(Step::Council, VersionStatus::Draft) => {
                wrong_order("Styret må behandle planen før kommunestyret godkjenner den.")
            }
            ApprovalError::WrongOrder(Step::Council, _) => {
                wrong_order("Kommunestyret har allerede godkjent planen.")
            }
            ApprovalError::HasErrors(evaluation) => AppError::Conflict {
                code: "plan-has-errors",
                message: "Planen har feil og kan ikke godkjennes. Rett feilene først.".into(),
                details: Some(plan::report::check_json(&evaluation)),
            },
            ApprovalError::Other(error) => error,
        }
    }
}

/// Records the decision on the current version of the plan, writing the next version
/// (frozen, with its PDF). See the module documentation for the checks, in their order.
pub async fn record(
    state: &AppState,
    programme: &Programme,
    year: i32,
    access: Access,
    actor: UserId,
    request: Request<'_>,
) -> Result<VersionInfo, ApprovalError> {
    let allowed = match request.step {
        Step::Board => access.can_record_board(),
        Step::Council => access.can_record_council(),
    };
    if !allowed {
        return Err(ApprovalError::Forbidden(request.step));
    }
    let date = Date::parse_iso(request.date.trim()).map_err(|_| ApprovalError::InvalidDate)?;
    let reference = request.reference.unwrap_or_default().trim().to_owned();
    if reference.chars().count() > 200 || reference.chars().any(char::is_control) {
        return Err(ApprovalError::InvalidReference);
    }
    let version = state
        .store
        .current(programme.id, &store::DocKey::handlingsplan(year))
        .await?
        .ok_or(AppError::NotFound("planen"))?;
    if request
        .expected_version
        .is_some_and(|expected| expected != version.info.version)
    {
        return Err(ApprovalError::Changed);
    }
    match (request.step, version.info.status) {
        (Step::Board, VersionStatus::Draft) | (Step::Council, VersionStatus::BoardApproved) => {}
        (step, status) => return Err(ApprovalError::WrongOrder(step, status)),
    }
    let mut plan = crate::api::stored_plan(&version)?;
    match request.step {
        Step::Board => {
            plan.approval.board = Some(date);
            plan.approval.council = None;
        }
        Step::Council => plan.approval.council = Some(date),
    }
    let evaluation = plan::evaluate(&plan);
    if evaluation.has_errors() {
        return Err(ApprovalError::HasErrors(Box::new(evaluation)));
    }
    let decision = Decision {
        date: date.to_string(),
        reference,
    };
    let body = plan::file::to_json(&plan);
    let pdf = match request.step {
        Step::Board => documents::frozen_pdf(&plan).await?,
        // The approved version's frozen PDF is its archive copy (PDF/A-2a with PDF/UA-1).
        Step::Council => {
            let record = crate::archives::record(
                programme,
                year,
                version.info.version + 1,
                &plan,
                version.info.decision("board"),
                &decision,
            )?;
            let options =
                crate::archives::archive_pdf_options(&record, &store::sha256_hex(body.as_bytes()));
            Some(crate::archives::render_archive_pdf(plan.clone(), options).await?)
        }
    };
    let transition = Transition {
        expected_version: version.info.version,
        kind: match request.step {
            Step::Board => TransitionKind::board(decision),
            Step::Council => TransitionKind::council(decision),
        },
        body,
        pdf,
    };
    match state
        .store
        .transition(
            programme.id,
            &store::DocKey::handlingsplan(year),
            transition,
            actor,
            crate::clock::now(),
        )
        .await
    {
        Ok(info) => Ok(info),
        Err(store::StoreError::Stale { .. }) => Err(ApprovalError::Changed),
        Err(other) => Err(other.into()),
    }
}
