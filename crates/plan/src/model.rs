//! The plan as domain types: what one year's Handlingsplan says, after it was read.
//!
//! These types hold the plan as the user wrote it, including values that the
//! checks will flag (a negative budget, a month 13): a finding is data, and the
//! tables are computed even when some values are wrong. Invariants that the
//! reader guarantees (a date exists, a year is a number) are carried by the types.

use std::collections::BTreeMap;

use crate::units::{Date, Kroner, Share};

/// The language of every fixed text in the rendered document and in the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Bokmål (`nb`), the default.
    #[default]
    Bokmal,
    /// Nynorsk (`nn`).
    Nynorsk,
}

impl Language {
    /// The code used in the plan file and in `lang` attributes: `nb` or `nn`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Bokmal => "nb",
            Language::Nynorsk => "nn",
        }
    }

    /// The BCP 47 tag with region, for document properties: `nb-NO` or `nn-NO`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Bokmal => "nb-NO",
            Language::Nynorsk => "nn-NO",
        }
    }

    /// Parses `nb` or `nn`.
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "nb" => Some(Language::Bokmal),
            "nn" => Some(Language::Nynorsk),
            _ => None,
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, bokmal: &'a str, nynorsk: &'a str) -> &'a str {
        match self {
            Language::Bokmal => bokmal,
            Language::Nynorsk => nynorsk,
        }
    }
}

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

/// The *omstillingsprogram*.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub name: String,
    /// The *omstillingsområde*: the kommune or region under restructuring.
    pub area: String,
    pub county: Option<String>,
    pub vision: Option<String>,
    pub period: Period,
    /// Jobs over the whole period, as the Omstillingsplan states it.
    pub jobs_goal: Option<i64>,
}

/// The programme period, both years included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

impl Period {
    /// The longest period the checks accept, in years.
    pub const MAX_YEARS: i64 = 10;

    /// Whether `from <= to` and the period is at most [`Period::MAX_YEARS`] long.
    pub fn is_valid(self) -> bool {
        self.from <= self.to && i64::from(self.to) - i64::from(self.from) < Self::MAX_YEARS
    }

    /// Every year of a valid period, ascending; empty for an invalid one.
    pub fn years(self) -> Vec<i32> {
        if self.is_valid() {
            (self.from..=self.to).collect()
        } else {
            Vec::new()
        }
    }

    pub fn contains(self, year: i32) -> bool {
        self.from <= year && year <= self.to
    }
}

/// The decisions that make the plan official.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Approval {
    /// The board (*styret*) treated the plan.
    pub board: Option<Date>,
    /// The municipal council (*kommunestyret*) approved it.
    pub council: Option<Date>,
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

/// Names compare trimmed and case-insensitively (for duplicates and result records).
pub fn same_name(a: &str, b: &str) -> bool {
    normalized_name(a) == normalized_name(b)
}

pub(crate) fn normalized_name(name: &str) -> String {
    name.trim().to_lowercase()
}
