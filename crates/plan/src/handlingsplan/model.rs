//! The plan as domain types: what one year's Handlingsplan says, after it was read.
//!
//! These types hold the plan as the user wrote it, including values that the
//! checks will flag (a negative budget, a month 13): a finding is data, and the
//! tables are computed even when some values are wrong. Invariants that the
//! reader guarantees (a date exists, a year is a number) are carried by the types.

use std::collections::BTreeMap;

pub use crate::common::{Approval, Language, Period, Programme, normalized_name, same_name};
use crate::units::{Kroner, Share};

/// One year's Handlingsplan with the programme context it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub language: Language,
    pub programme: Programme,
    /// The *omstillingsår* the plan covers.
    pub year: i32,
    pub approval: Approval,
    pub focus_areas: Vec<FocusArea>,
    /// *Administrative kostnader til programledelse*.
    pub admin_costs: Kroner,
    pub financing: Vec<FinancingSource>,
    pub previous_results: Option<PreviousResults>,
    pub communication: Option<Communication>,
}

/// An *innsatsområde*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusArea {
    pub name: String,
    pub description: Option<String>,
    pub impact_goal: Option<String>,
    pub result_goal: Option<String>,
    /// Jobs per year; `None` for an area without job targets.
    pub job_targets: Option<BTreeMap<i32, i64>>,
    pub strategies: Vec<Strategy>,
    /// *Søkbare midler*.
    pub grant_funds: Kroner,
    /// *Programmets ressursinnsats*, the programme's own staff time in kroner.
    pub programme_resources: Kroner,
}

/// A strategy under a focus area; lettered across the whole plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strategy {
    pub name: String,
    pub content: Option<String>,
    /// One of the UN's 17 sustainable development goals.
    pub sdg: Option<i64>,
    pub projects: Vec<Project>,
}

/// A project or measure (*prosjekt eller tiltak*).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub name: String,
    /// *Prosjektmål*.
    pub goal: Option<String>,
    pub budget: Kroner,
}

/// The kind of a financing source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    State,
    County,
    Municipality,
    Other,
}

impl SourceKind {
    pub fn code(self) -> &'static str {
        match self {
            SourceKind::State => "state",
            SourceKind::County => "county",
            SourceKind::Municipality => "municipality",
            SourceKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<SourceKind> {
        match code {
            "state" => Some(SourceKind::State),
            "county" => Some(SourceKind::County),
            "municipality" => Some(SourceKind::Municipality),
            "other" => Some(SourceKind::Other),
            _ => None,
        }
    }
}

/// A *finansieringskilde*: exactly one of `share` and `amount` is meant to be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinancingSource {
    pub source: String,
    pub kind: Option<SourceKind>,
    pub share: Option<Share>,
    pub amount: Option<Kroner>,
}

/// Results from earlier years of the programme (section 1.1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreviousResults {
    pub summary: Option<String>,
    pub records: Vec<ResultRecord>,
}

/// What one focus area achieved in one earlier year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    pub year: i32,
    /// The name of a focus area of the plan.
    pub focus_area: String,
    pub new_jobs: Option<i64>,
    pub secured_jobs: Option<i64>,
    pub projects_completed: Option<i64>,
    pub applications_granted: Option<i64>,
}

/// The communication plan of the year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Communication {
    pub activities: Vec<Activity>,
}

/// One communication activity, placed in a month of the *årshjul*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// 1–12 when valid; other values are kept so the check can name them.
    pub month: i64,
    pub title: String,
    pub audience: Option<String>,
    pub channel: Option<String>,
    pub responsible: Option<String>,
}

impl Plan {
    /// The activities of the communication plan, or none.
    pub fn activities(&self) -> &[Activity] {
        self.communication
            .as_ref()
            .map_or(&[], |communication| communication.activities.as_slice())
    }

    /// A draft for the following year: the same programme, areas, strategies, projects,
    /// financing and communication plan, with `year + 1` and no approvals. The user then
    /// revises it; results are kept so that the new year's records can be added.
    pub fn next_year(&self) -> Plan {
        Plan {
            year: self.year.saturating_add(1),
            approval: Approval::default(),
            ..self.clone()
        }
    }

    /// The result records, or none.
    pub fn result_records(&self) -> &[ResultRecord] {
        self.previous_results
            .as_ref()
            .map_or(&[], |results| results.records.as_slice())
    }
}
