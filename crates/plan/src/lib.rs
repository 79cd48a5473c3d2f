//! The domain of the programme's documents: their types, computed tables and findings.
//!
//! This crate owns the meaning of each kind of document and nothing else. It never
//! touches the world: no files, no clock, no network, no async.
//!
//! - What every kind shares stays here at the top: the strict reader ([`reader`]:
//!   [`Syntax`], [`ReadError`], the Norwegian error translation), the dispatch on a
//!   file's `format` ([`kind::read_any`]), [`Evaluation<T>`], findings with typed paths
//!   ([`finding`]), the shared domain types ([`common`]), [`units`], [`norwegian`].
//! - Each kind is a module implementing [`DocumentKind`]: [`handlingsplan`] (the yearly
//!   plan, spec `handlingsplan.md`) and [`omstillingsplan`] (the programme's plan for its
//!   whole period, spec `omstillingsplan.md`).
//!
//! ```text
//! text --reader--> Plan --evaluate--> Evaluation { totals, findings }
//! ```

mod checks;
pub mod common;
pub mod evaluation;
pub mod finding;
pub mod handlingsplan;
pub mod kind;
pub mod norwegian;
pub mod omstillingsplan;
pub mod reader;
pub mod results;
pub mod sdg;
pub mod tables;
pub mod units;
pub mod yearwheel;

pub use common::{
    Approval, CaseReference, Language, Period, Programme, normalized_name, same_name,
};
pub use evaluation::Evaluation;
pub use finding::{Code, FieldPath, Finding, Segment, Severity};
pub use kind::{AnyDocument, DecisionStep, DocumentKind, read_any};
pub use reader::{ReadError, Syntax};
pub use units::{Date, Kroner, Share};
