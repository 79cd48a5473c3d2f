//! What the layers above are generic over: a kind of versioned, approvable document
//! ([`DocumentKind`]), and the dispatch on a file's `format` ([`read_any`]).

use serde_json::Value;

use crate::common::Approval;
use crate::evaluation::Evaluation;
use crate::handlingsplan::{self, Plan};
use crate::omstillingsplan::{self, Omstillingsplan};
use crate::reader::{ReadError, Syntax, probe_format};
use crate::units::Date;

/// A decision step a document goes through, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DecisionStep {
    /// The board (*styret*) treated it.
    Board,
    /// The municipal council (*kommunestyret*) adopted it.
    Council,
}

impl DecisionStep {
    /// The name used in the API, the store and the audit: `board`, `council`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStep::Board => "board",
            DecisionStep::Council => "council",
        }
    }

    pub fn from_name(name: &str) -> Option<DecisionStep> {
        match name {
            "board" => Some(DecisionStep::Board),
            "council" => Some(DecisionStep::Council),
            _ => None,
        }
    }
}

/// A kind of document: its name, file format, reader and writer, check, and decisions.
///
/// Implemented by the document types themselves ([`Plan`], [`Omstillingsplan`]); the
/// store, the workflow, the API and the pages are generic over it.
pub trait DocumentKind: Clone + PartialEq + Sized {
    /// The kind's name in URLs, the store and the audit: `handlingsplan`.
    const KIND: &'static str;
    /// The `format` of its file: `handlingsplan/1`.
    const FORMAT: &'static str;
    /// The decision steps, in the order they must be taken.
    const STEPS: &'static [DecisionStep];
    /// Its computed tables.
    type Totals;

    /// Reads a file of this kind, strictly.
    fn read(text: &str, syntax: Syntax) -> Result<Self, ReadError>;
    /// The canonical JSON of the file (what is stored and hashed).
    fn to_json(&self) -> String;
    /// Computes the tables and runs the checks.
    fn evaluate(&self) -> Evaluation<Self::Totals>;
    /// The check object `{ok, findings, totals}`.
    fn check_json(evaluation: &Evaluation<Self::Totals>) -> Value;
    /// The document's decisions.
    fn approval(&self) -> &Approval;
    fn approval_mut(&mut self) -> &mut Approval;

    /// The date of a decision, if taken.
    fn decision(&self, step: DecisionStep) -> Option<Date> {
        let approval = self.approval();
        match step {
            DecisionStep::Board => approval.board,
            DecisionStep::Council => approval.council,
        }
    }

    /// What recording a decision does to the document: its date is set.
    fn record_decision(&mut self, step: DecisionStep, date: Date) {
        let approval = self.approval_mut();
        match step {
            DecisionStep::Board => approval.board = Some(date),
            DecisionStep::Council => approval.council = Some(date),
        }
    }

    /// What a reopen does to the document: every decision date is cleared.
    fn reopen(&mut self) {
        *self.approval_mut() = Approval::default();
    }
}

impl DocumentKind for Plan {
    const KIND: &'static str = "handlingsplan";
    const FORMAT: &'static str = handlingsplan::file::FORMAT;
    const STEPS: &'static [DecisionStep] = &[DecisionStep::Board, DecisionStep::Council];
    type Totals = handlingsplan::Totals;

    fn read(text: &str, syntax: Syntax) -> Result<Self, ReadError> {
        handlingsplan::file::read(text, syntax)
    }
    fn to_json(&self) -> String {
        handlingsplan::file::to_json(self)
    }
    fn evaluate(&self) -> Evaluation<Self::Totals> {
        handlingsplan::evaluate(self)
    }
    fn check_json(evaluation: &Evaluation<Self::Totals>) -> Value {
        handlingsplan::report::check_json(evaluation)
    }
    fn approval(&self) -> &Approval {
        &self.approval
    }
    fn approval_mut(&mut self) -> &mut Approval {
        &mut self.approval
    }
}

impl DocumentKind for Omstillingsplan {
    const KIND: &'static str = "omstillingsplan";
    const FORMAT: &'static str = omstillingsplan::file::FORMAT;
    const STEPS: &'static [DecisionStep] = &[DecisionStep::Board, DecisionStep::Council];
    type Totals = omstillingsplan::Totals;

    fn read(text: &str, syntax: Syntax) -> Result<Self, ReadError> {
        omstillingsplan::file::read(text, syntax)
    }
    fn to_json(&self) -> String {
        omstillingsplan::file::to_json(self)
    }
    fn evaluate(&self) -> Evaluation<Self::Totals> {
        omstillingsplan::evaluate(self)
    }
    fn check_json(evaluation: &Evaluation<Self::Totals>) -> Value {
        omstillingsplan::report::check_json(evaluation)
    }
    fn approval(&self) -> &Approval {
        &self.approval
    }
    fn approval_mut(&mut self) -> &mut Approval {
        &mut self.approval
    }
}

/// Every format this build reads, for messages.
pub const FORMATS: &[&str] = &[Plan::FORMAT, Omstillingsplan::FORMAT];

/// A document of any kind, read from a file whose `format` said which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyDocument {
    Handlingsplan(Plan),
    Omstillingsplan(Omstillingsplan),
}

/// Reads a file of either kind, told apart by its `format`. A missing or unknown
/// `format` is a read error that names both.
pub fn read_any(text: &str, syntax: Syntax) -> Result<AnyDocument, ReadError> {
    match probe_format(text, syntax, FORMATS)?.as_deref() {
        Some(omstillingsplan::file::FORMAT) => {
            omstillingsplan::file::read(text, syntax).map(AnyDocument::Omstillingsplan)
        }
        // A Handlingsplan, or text that is not even JSON/TOML: the plan reader says where.
        _ => handlingsplan::file::read(text, syntax).map(AnyDocument::Handlingsplan),
    }
}
