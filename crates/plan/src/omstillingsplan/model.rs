//! The Omstillingsplan as domain types: what the programme's plan for its whole period
//! says, after it was read (spec `omstillingsplan.md` §2).
//!
//! Like the yearly plan's model, these types keep values the checks will flag (a
//! negative frame, a job target outside the period): findings are data.

use std::collections::BTreeMap;

pub use crate::common::{Approval, Language, Period, Programme};
use crate::units::Kroner;

/// The *Omstillingsplan*: the programme's governing document for its whole period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omstillingsplan {
    pub language: Language,
    pub programme: Programme,
    /// 1 *Bakgrunn*.
    pub background: Option<String>,
    /// 2 *Visjon og mål*: the main goal and the two sub-goals.
    pub goals: Goals,
    /// 3 *Innsatsområder*, in the plan's order.
    pub focus_areas: Vec<FocusArea>,
    /// The programme's whole economic frame per year, administration included.
    pub frame: Option<BTreeMap<i32, Kroner>>,
    /// 4 *Organisering*.
    pub organisation: Option<String>,
    /// 6 *Kommunikasjonsstrategi*.
    pub communication_strategy: Option<String>,
    pub approval: Approval,
}

/// The goals of section 2. Each is optional text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Goals {
    /// *Hovedmål*.
    pub main: Option<String>,
    /// *Økt robusthet*.
    pub robustness: Option<String>,
    /// *Styrket utviklingsevne*.
    pub development: Option<String>,
}

impl Goals {
    /// Whether no goal is given (the file then has no `goals`).
    pub fn is_empty(&self) -> bool {
        self.main.is_none() && self.robustness.is_none() && self.development.is_none()
    }
}

/// An *innsatsområde* of the Omstillingsplan: goals, job targets, frame and strategies,
/// but no projects, budgets or financing (those belong to the yearly plans).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusArea {
    pub name: String,
    pub description: Option<String>,
    pub impact_goal: Option<String>,
    pub result_goal: Option<String>,
    /// Jobs per year; `None` for an area without job targets.
    pub job_targets: Option<BTreeMap<i32, i64>>,
    /// The area's economic frame per year; `None` when it has none. A year may be
    /// left out.
    pub frame: Option<BTreeMap<i32, Kroner>>,
    pub strategies: Vec<Strategy>,
}

/// A strategy of a focus area; lettered across the whole plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strategy {
    pub name: String,
    pub content: Option<String>,
    /// One of the UN's 17 sustainable development goals.
    pub sdg: Option<i64>,
}
