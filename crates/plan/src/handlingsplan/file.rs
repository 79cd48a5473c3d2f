//! The plan file format of spec §2, `handlingsplan/1`, as JSON and TOML.
//!
//! Strict on purpose: an unknown field, a wrong type, a date that does not exist or
//! an unknown `format` is a [`ReadError`] naming the line, column and field. The
//! structs here mirror the file; [`read`] converts them into the domain types of
//! [`crate::handlingsplan::model`] and [`to_json`]/[`to_toml`] write them back without
//! loss. The strict reader itself is shared by every kind ([`crate::reader`]).

use serde::{Deserialize, Serialize};

use super::model::{
    Activity, Communication, FinancingSource, FocusArea, Plan, PreviousResults, Project,
    ResultRecord, SourceKind, Strategy,
};
use crate::reader::{
    ApprovalFile, FileMirror, JobTargetsFile, LanguageFile, ProgrammeFile, ShareFile, YearMap,
    read_strict,
};
pub use crate::reader::{ReadError, Syntax};
use crate::units::Kroner;

/// The one format version this build reads and writes.
pub const FORMAT: &str = "handlingsplan/1";

/// Reads a plan from text in the given syntax.
pub fn read(text: &str, syntax: Syntax) -> Result<Plan, ReadError> {
    let file: PlanFile = read_strict(text, syntax, FORMAT)?;
    let plan = file.into_plan();
    // Debug builds (tests, the fuzz target) check that the fast and the careful read agree.
    debug_assert_eq!(
        crate::reader::read_tracked::<PlanFile>(text, syntax, &[FORMAT]).map(PlanFile::into_plan),
        Ok(plan.clone())
    );
    Ok(plan)
}

impl FileMirror for PlanFile {
    fn format(&self) -> &str {
        &self.format
    }
}

/// Writes the plan as pretty JSON in the canonical form of spec §2.
pub fn to_json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(&PlanFile::from_plan(plan)).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the plan as TOML with the same structure.
pub fn to_toml(plan: &Plan) -> Result<String, String> {
    toml::to_string(&PlanFile::from_plan(plan)).map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// The file's structure.

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<LanguageFile>,
    programme: ProgrammeFile,
    year: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    approval: Option<ApprovalFile>,
    #[serde(default)]
    focus_areas: Vec<FocusAreaFile>,
    #[serde(default)]
    admin_costs: i64,
    #[serde(default)]
    financing: Vec<FinancingFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous_results: Option<PreviousResultsFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    communication: Option<CommunicationFile>,
}
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FocusAreaFile {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    impact_goal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    result_goal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    job_targets: Option<JobTargetsFile>,
    #[serde(default)]
    strategies: Vec<StrategyFile>,
    #[serde(default)]
    grant_funds: i64,
    #[serde(default)]
    programme_resources: i64,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct StrategyFile {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sdg: Option<i64>,
    #[serde(default)]
    projects: Vec<ProjectFile>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    goal: Option<String>,
    #[serde(default)]
    budget: i64,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FinancingFile {
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<KindFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    share: Option<ShareFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<i64>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum KindFile {
    State,
    County,
    Municipality,
    Other,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct PreviousResultsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(default)]
    records: Vec<ResultRecordFile>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ResultRecordFile {
    year: i32,
    focus_area: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    new_jobs: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    secured_jobs: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    projects_completed: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    applications_granted: Option<i64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CommunicationFile {
    #[serde(default)]
    activities: Vec<ActivityFile>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ActivityFile {
    month: i64,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    responsible: Option<String>,
}
// ---------------------------------------------------------------------------
// File structure <-> domain types.

impl PlanFile {
    fn into_plan(self) -> Plan {
        Plan {
            language: LanguageFile::into_language(self.language),
            programme: self.programme.into_programme(),
            year: self.year,
            approval: ApprovalFile::into_approval(self.approval),
            focus_areas: self
                .focus_areas
                .into_iter()
                .map(|area| FocusArea {
                    name: area.name,
                    description: area.description,
                    impact_goal: area.impact_goal,
                    result_goal: area.result_goal,
                    job_targets: area.job_targets.map(|t| t.0),
                    strategies: area
                        .strategies
                        .into_iter()
                        .map(|s| Strategy {
                            name: s.name,
                            content: s.content,
                            sdg: s.sdg,
                            projects: s
                                .projects
                                .into_iter()
                                .map(|p| Project {
                                    name: p.name,
                                    goal: p.goal,
                                    budget: Kroner(p.budget),
                                })
                                .collect(),
                        })
                        .collect(),
                    grant_funds: Kroner(area.grant_funds),
                    programme_resources: Kroner(area.programme_resources),
                })
                .collect(),
            admin_costs: Kroner(self.admin_costs),
            financing: self
                .financing
                .into_iter()
                .map(|f| FinancingSource {
                    source: f.source,
                    kind: f.kind.map(|k| match k {
                        KindFile::State => SourceKind::State,
                        KindFile::County => SourceKind::County,
                        KindFile::Municipality => SourceKind::Municipality,
                        KindFile::Other => SourceKind::Other,
                    }),
                    share: f.share.map(|s| s.0),
                    amount: f.amount.map(Kroner),
                })
                .collect(),
            previous_results: self.previous_results.map(|r| PreviousResults {
                summary: r.summary,
                records: r
                    .records
                    .into_iter()
                    .map(|r| ResultRecord {
                        year: r.year,
                        focus_area: r.focus_area,
                        new_jobs: r.new_jobs,
                        secured_jobs: r.secured_jobs,
                        projects_completed: r.projects_completed,
                        applications_granted: r.applications_granted,
                    })
                    .collect(),
            }),
            communication: self.communication.map(|c| Communication {
                activities: c
                    .activities
                    .into_iter()
                    .map(|a| Activity {
                        month: a.month,
                        title: a.title,
                        audience: a.audience,
                        channel: a.channel,
                        responsible: a.responsible,
                    })
                    .collect(),
            }),
        }
    }

    fn from_plan(plan: &Plan) -> PlanFile {
        PlanFile {
            format: FORMAT.to_string(),
            language: LanguageFile::from_language(plan.language),
            programme: ProgrammeFile::from_programme(&plan.programme),
            year: plan.year,
            approval: ApprovalFile::from_approval(&plan.approval),
            focus_areas: plan
                .focus_areas
                .iter()
                .map(|area| FocusAreaFile {
                    name: area.name.clone(),
                    description: area.description.clone(),
                    impact_goal: area.impact_goal.clone(),
                    result_goal: area.result_goal.clone(),
                    job_targets: area.job_targets.clone().map(YearMap),
                    strategies: area
                        .strategies
                        .iter()
                        .map(|s| StrategyFile {
                            name: s.name.clone(),
                            content: s.content.clone(),
                            sdg: s.sdg,
                            projects: s
                                .projects
                                .iter()
                                .map(|p| ProjectFile {
                                    name: p.name.clone(),
                                    goal: p.goal.clone(),
                                    budget: p.budget.0,
                                })
                                .collect(),
                        })
                        .collect(),
                    grant_funds: area.grant_funds.0,
                    programme_resources: area.programme_resources.0,
                })
                .collect(),
            admin_costs: plan.admin_costs.0,
            financing: plan
                .financing
                .iter()
                .map(|f| FinancingFile {
                    source: f.source.clone(),
                    kind: f.kind.map(|k| match k {
                        SourceKind::State => KindFile::State,
                        SourceKind::County => KindFile::County,
                        SourceKind::Municipality => KindFile::Municipality,
                        SourceKind::Other => KindFile::Other,
                    }),
                    share: f.share.map(ShareFile),
                    amount: f.amount.map(|a| a.0),
                })
                .collect(),
            previous_results: plan.previous_results.as_ref().map(|r| PreviousResultsFile {
                summary: r.summary.clone(),
                records: r
                    .records
                    .iter()
                    .map(|r| ResultRecordFile {
                        year: r.year,
                        focus_area: r.focus_area.clone(),
                        new_jobs: r.new_jobs,
                        secured_jobs: r.secured_jobs,
                        projects_completed: r.projects_completed,
                        applications_granted: r.applications_granted,
                    })
                    .collect(),
            }),
            communication: plan.communication.as_ref().map(|c| CommunicationFile {
                activities: c
                    .activities
                    .iter()
                    .map(|a| ActivityFile {
                        month: a.month,
                        title: a.title.clone(),
                        audience: a.audience.clone(),
                        channel: a.channel.clone(),
                        responsible: a.responsible.clone(),
                    })
                    .collect(),
            }),
        }
    }
}
