//! The Omstillingsplan's file, `omstillingsplan/1`, as JSON and TOML (spec
//! `omstillingsplan.md` §2). Strict like the plan file, through the same reader
//! ([`crate::reader`]); the structs here only mirror the file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{FocusArea, Goals, Omstillingsplan, Strategy};
use crate::reader::{
    ApprovalFile, FileMirror, FrameFile, JobTargetsFile, LanguageFile, ProgrammeFile, YearMap,
    read_strict,
};
pub use crate::reader::{ReadError, Syntax};
use crate::units::Kroner;

/// The one format version this build reads and writes.
pub const FORMAT: &str = "omstillingsplan/1";

/// Reads an Omstillingsplan from text in the given syntax.
pub fn read(text: &str, syntax: Syntax) -> Result<Omstillingsplan, ReadError> {
    let file: OmstillingsplanFile = read_strict(text, syntax, FORMAT)?;
    let plan = file.into_model();
    debug_assert_eq!(
        crate::reader::read_tracked::<OmstillingsplanFile>(text, syntax, &[FORMAT])
            .map(OmstillingsplanFile::into_model),
        Ok(plan.clone())
    );
    Ok(plan)
}

/// Writes it as pretty JSON in the canonical form.
pub fn to_json(plan: &Omstillingsplan) -> String {
    let mut text =
        serde_json::to_string_pretty(&OmstillingsplanFile::from_model(plan)).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes it as TOML with the same structure.
pub fn to_toml(plan: &Omstillingsplan) -> Result<String, String> {
    toml::to_string(&OmstillingsplanFile::from_model(plan)).map_err(|e| e.to_string())
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct OmstillingsplanFile {
    format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    language: Option<LanguageFile>,
    programme: ProgrammeFile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    background: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    goals: Option<GoalsFile>,
    #[serde(default)]
    focus_areas: Vec<FocusAreaFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    frame: Option<FrameFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    communication_strategy: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    approval: Option<ApprovalFile>,
}

impl FileMirror for OmstillingsplanFile {
    fn format(&self) -> &str {
        &self.format
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct GoalsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    main: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    robustness: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    development: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    frame: Option<FrameFile>,
    #[serde(default)]
    strategies: Vec<StrategyFile>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct StrategyFile {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sdg: Option<i64>,
}

fn kroner_map(map: FrameFile) -> BTreeMap<i32, Kroner> {
    map.0
        .into_iter()
        .map(|(year, v)| (year, Kroner(v)))
        .collect()
}

fn frame_file(map: &BTreeMap<i32, Kroner>) -> FrameFile {
    YearMap(map.iter().map(|(year, v)| (*year, v.0)).collect())
}

impl OmstillingsplanFile {
    fn into_model(self) -> Omstillingsplan {
        Omstillingsplan {
            language: LanguageFile::into_language(self.language),
            programme: self.programme.into_programme(),
            background: self.background,
            goals: self.goals.map_or_else(Goals::default, |g| Goals {
                main: g.main,
                robustness: g.robustness,
                development: g.development,
            }),
            focus_areas: self
                .focus_areas
                .into_iter()
                .map(|area| FocusArea {
                    name: area.name,
                    description: area.description,
                    impact_goal: area.impact_goal,
                    result_goal: area.result_goal,
                    job_targets: area.job_targets.map(|t| t.0),
                    frame: area.frame.map(kroner_map),
                    strategies: area
                        .strategies
                        .into_iter()
                        .map(|s| Strategy {
                            name: s.name,
                            content: s.content,
                            sdg: s.sdg,
                        })
                        .collect(),
                })
                .collect(),
            frame: self.frame.map(kroner_map),
            organisation: self.organisation,
            communication_strategy: self.communication_strategy,
            approval: ApprovalFile::into_approval(self.approval),
        }
    }

    fn from_model(plan: &Omstillingsplan) -> OmstillingsplanFile {
        OmstillingsplanFile {
            format: FORMAT.to_string(),
            language: LanguageFile::from_language(plan.language),
            programme: ProgrammeFile::from_programme(&plan.programme),
            background: plan.background.clone(),
            goals: (!plan.goals.is_empty()).then(|| GoalsFile {
                main: plan.goals.main.clone(),
                robustness: plan.goals.robustness.clone(),
                development: plan.goals.development.clone(),
            }),
            focus_areas: plan
                .focus_areas
                .iter()
                .map(|area| FocusAreaFile {
                    name: area.name.clone(),
                    description: area.description.clone(),
                    impact_goal: area.impact_goal.clone(),
                    result_goal: area.result_goal.clone(),
                    job_targets: area.job_targets.clone().map(YearMap),
                    frame: area.frame.as_ref().map(frame_file),
                    strategies: area
                        .strategies
                        .iter()
                        .map(|s| StrategyFile {
                            name: s.name.clone(),
                            content: s.content.clone(),
                            sdg: s.sdg,
                        })
                        .collect(),
                })
                .collect(),
            frame: plan.frame.as_ref().map(frame_file),
            organisation: plan.organisation.clone(),
            communication_strategy: plan.communication_strategy.clone(),
            approval: ApprovalFile::from_approval(&plan.approval),
        }
    }
}
