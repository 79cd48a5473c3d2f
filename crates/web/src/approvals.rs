//! Recording a decision (the board's treatment, the council's approval): the one
//! implementation behind the API (`POST …/approvals`) and the editor's approval form.
//!
//! [`record`] checks the caller's role, the date and the case reference, that the plan
//! is in the status the step needs (and, when given, still the version the caller saw),
//! that the plan with the decision's date has no error finding, renders the PDF kept with
//! the frozen version and writes the transition. Each refusal is an [`ApprovalError`]; the
//! API turns it into its JSON error ([`From<ApprovalError> for AppError`]), the pages into
//! the editor with a message in the user's language.

use plan::norwegian::DateInputError;
use plan::{CaseReference, Date, DecisionStep, Language};
use serde_json::Value;
use store::{
    Decision, DocKey, Programme, Transition, TransitionKind, UserId, VersionInfo, VersionStatus,
};

use crate::AppState;
use crate::access::Access;
use crate::documents;
use crate::error::AppError;
use crate::kinds::Kind;

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

    /// The core's name for the step.
    pub fn decision_step(self) -> DecisionStep {
        match self {
            Step::Board => DecisionStep::Board,
            Step::Council => DecisionStep::Council,
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
    /// The date cannot be read (`plan::norwegian::parse_date`: `30.11.2026`, `30.11.26`,
    /// `2026-11-30` …); says precisely what is wrong.
    InvalidDate(DateInputError),
    /// The reference is longer than 200 characters or has a line break.
    InvalidReference,
    /// The plan changed since the caller looked (another version is current).
    Changed,
    /// The plan is not in the status the step needs (the current status is given).
    WrongOrder(Step, VersionStatus),
    /// The council's date is before the board's.
    BeforeBoard { board: Date, council: Date },
    /// The document, with the decision's date, has error findings: its check object and
    /// the errors' messages (in the document's language).
    HasErrors {
        check: Box<Value>,
        errors: Vec<String>,
    },
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
            ApprovalError::InvalidDate(reason) => unprocessable(
                "invalid-date",
                &format!("Datoen: {}.", reason.message(Language::Bokmal)),
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
            ApprovalError::BeforeBoard { .. } => wrong_order(&error_message_nb(&error)),
            ApprovalError::HasErrors { check, .. } => AppError::Conflict {
                code: "plan-has-errors",
                message: "Planen har feil og kan ikke godkjennes. Rett feilene først.".into(),
                details: Some(*check),
            },
            ApprovalError::Other(error) => error,
        }
    }
}

impl ApprovalError {
    /// Why the decision was refused, in `language`, for the pages (`None` for the refusals
    /// a page shows as an error page: `Forbidden`, `Other`).
    pub fn message(&self, language: Language) -> Option<String> {
        let nb = language == Language::Bokmal;
        let pick = |b: &str, n: &str| if nb { b.to_owned() } else { n.to_owned() };
        Some(match self {
            ApprovalError::Forbidden(_) | ApprovalError::Other(_) => return None,
            ApprovalError::InvalidDate(reason) => {
                let text = reason.message(language);
                let mut chars = text.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                format!("{}{}.", first.unwrap_or_default(), chars.as_str())
            }
            ApprovalError::InvalidReference => pick(
                "Saksnummeret kan ha høyst 200 tegn og ingen linjeskift.",
                "Saksnummeret kan ha høgst 200 teikn og ingen linjeskift.",
            ),
            ApprovalError::Changed => pick(
                "Planen ble endret samtidig. Last siden på nytt og prøv igjen.",
                "Planen vart endra samstundes. Last sida på nytt og prøv igjen.",
            ),
            ApprovalError::WrongOrder(Step::Board, _) => pick(
                "Styret har allerede behandlet denne versjonen.",
                "Styret har alt behandla denne versjonen.",
            ),
            ApprovalError::WrongOrder(Step::Council, VersionStatus::Draft) => pick(
                "Styret må behandle planen før kommunestyret godkjenner den.",
                "Styret må behandle planen før kommunestyret godkjenner han.",
            ),
            ApprovalError::WrongOrder(Step::Council, _) => pick(
                "Kommunestyret har allerede godkjent planen.",
                "Kommunestyret har alt godkjent planen.",
            ),
            ApprovalError::BeforeBoard { board, council } => {
                let (b, c) = (
                    plan::norwegian::date(*board, language),
                    plan::norwegian::date(*council, language),
                );
                if nb {
                    format!(
                        "Kommunestyrets dato ({c}) er før styrets behandling ({b}). Kommunestyret kan ikke godkjenne planen før styret har behandlet den: rett datoen."
                    )
                } else {
                    format!(
                        "Datoen til kommunestyret ({c}) er før behandlinga i styret ({b}). Kommunestyret kan ikkje godkjenne planen før styret har behandla han: rett datoen."
                    )
                }
            }
            ApprovalError::HasErrors { errors, .. } => {
                let head = pick(
                    "Planen har feil og kan ikke godkjennes før de er rettet:",
                    "Planen har feil og kan ikkje godkjennast før dei er retta:",
                );
                format!("{head} {}", errors.join(" "))
            }
        })
    }
}

/// The bokmål message of a refusal, for the API.
fn error_message_nb(error: &ApprovalError) -> String {
    error.message(Language::Bokmal).unwrap_or_default()
}

/// The decision's date and case reference as typed: the date as Norwegians write it
/// (`plan::norwegian::parse_date`), the reference trimmed, at most 200 characters and no
/// line break.
pub fn read_input(
    date: &str,
    reference: Option<&str>,
) -> Result<(Date, CaseReference), ApprovalError> {
    let date = plan::norwegian::parse_date(date).map_err(ApprovalError::InvalidDate)?;
    let reference = CaseReference::parse(reference).map_err(|_| ApprovalError::InvalidReference)?;
    Ok((date, reference))
}

/// Clears the date of `step`.
fn clear(approval: &mut plan::Approval, step: DecisionStep) {
    match step {
        DecisionStep::Board => approval.board = None,
        DecisionStep::Council => approval.council = None,
    }
}

/// Records the decision on the current version of the document `doc` of kind `K`,
/// writing the next version (frozen, with its PDF). See the module documentation for the
/// checks, in their order. The kind's steps (`K::STEPS`) are taken in order: the first
/// needs a draft, each later one the status the one before made; the last makes the
/// document `approved`, an earlier one `board-approved`.
pub async fn record<K: Kind>(
    state: &AppState,
    programme: &Programme,
    doc: &DocKey,
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
    let (date, reference) = read_input(request.date, request.reference)?;
    let version = crate::workflow::current::<K>(state, programme, doc).await?;
    if request
        .expected_version
        .is_some_and(|expected| expected != version.info.version)
    {
        return Err(ApprovalError::Changed);
    }
    let step = request.step.decision_step();
    let Some(at) = K::STEPS.iter().position(|s| *s == step) else {
        return Err(ApprovalError::WrongOrder(request.step, version.info.status));
    };
    let from = if at == 0 {
        VersionStatus::Draft
    } else {
        VersionStatus::BoardApproved
    };
    let to = if at + 1 == K::STEPS.len() {
        VersionStatus::Approved
    } else {
        VersionStatus::BoardApproved
    };
    if version.info.status != from {
        return Err(ApprovalError::WrongOrder(request.step, version.info.status));
    }
    let mut document = crate::workflow::stored::<K>(&version)?;
    // The steps before this one hold; this one and the later ones are set or cleared.
    for later in &K::STEPS[at..] {
        clear(document.approval_mut(), *later);
    }
    if let Some(earlier) = at.checked_sub(1).and_then(|i| K::STEPS.get(i))
        && let Some(before) = document.decision(*earlier)
        && date < before
    {
        return Err(ApprovalError::BeforeBoard {
            board: before,
            council: date,
        });
    }
    document.record_decision(step, date);
    let evaluation = document.evaluate();
    if evaluation.has_errors() {
        let errors = evaluation
            .findings
            .iter()
            .filter(|f| f.severity == plan::Severity::Error)
            .map(|f| f.message.clone())
            .collect();
        return Err(ApprovalError::HasErrors {
            check: Box::new(K::check_json(&evaluation)),
            errors,
        });
    }
    let decision = Decision {
        date: date.to_string(),
        reference: reference.as_str().to_owned(),
    };
    let body = document.to_json();
    let archive_kind = K::archive_kind(&doc.key).filter(|_| to == VersionStatus::Approved);
    let pdf = match archive_kind {
        // The approved version's frozen PDF is its archive copy (PDF/A-2a with PDF/UA-1).
        Some(kind) => {
            let record = crate::archives::record_of(
                programme,
                kind,
                version.info.version + 1,
                document.language(),
                version.info.decision("board"),
                &decision,
            )?;
            let options =
                crate::archives::archive_pdf_options(&record, &store::sha256_hex(body.as_bytes()));
            Some(crate::archives::render_archive_pdf(document.clone(), options).await?)
        }
        None => documents::frozen_pdf(&document).await?,
    };
    let transition = Transition {
        expected_version: version.info.version,
        kind: TransitionKind::Decide {
            step: step.as_str().to_owned(),
            decision,
            from,
            to,
        },
        body,
        pdf,
    };
    match state
        .store
        .transition(programme.id, doc, transition, actor, crate::clock::now())
        .await
    {
        Ok(info) => {
            let reference = reference.as_str();
            let notice = match request.step {
                Step::Board => crate::mail::Notice::Board { date, reference },
                Step::Council => crate::mail::Notice::Council { date, reference },
            };
            crate::mail::notify(state, programme, doc, notice, &info).await;
            Ok(info)
        }
        Err(store::StoreError::Stale { .. }) => Err(ApprovalError::Changed),
        Err(other) => Err(other.into()),
    }
}
