//! The *Omstillingsplan*: the programme's plan for its whole period (spec
//! `omstillingsplan.md`). Its model, file format, computed tables (job targets and
//! economic frames per area and year), own findings and check object (§2–3); the
//! `op-` findings of a yearly plan checked against it (§4, [`against`]); and the
//! yearly plans made from it (§5, [`derive`]).
//!
//! ```text
//! text --file::read--> Omstillingsplan --evaluate--> Evaluation<Totals>
//! (Plan, Omstillingsplan) --against::evaluate_against--> the plan's Evaluation + op- findings
//! ```

pub mod against;
pub mod check;
pub mod compute;
pub mod derive;
pub mod file;
pub mod model;
pub mod report;

pub use compute::{Frames, Totals};
pub use model::{FocusArea, Goals, Omstillingsplan, Strategy};

/// An Omstillingsplan's evaluation.
pub type Evaluation = crate::evaluation::Evaluation<Totals>;

/// Computes every table and runs every check of §3.
pub fn evaluate(plan: &Omstillingsplan) -> Evaluation {
    let totals = compute::totals(plan);
    let findings = check::check(plan, &totals);
    Evaluation { totals, findings }
}
