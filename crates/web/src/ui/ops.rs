//! The editor's add / remove / move buttons, as operations on the form fields.
//!
//! A button posts the whole form with `op=add:focus_areas[0].strategies`,
//! `remove:financing[1]`, `up:…` or `down:…`; the handler saves the form and applies the
//! operation to the saved fields. `add-strategy:focus_areas[i]:n` (the findings panel's
//! "Legg den til" on an `op-strategy-missing` finding) adds the strategy from the
//! Omstillingsplan to the plan as posted. Works without JavaScript.

use super::fields::{Fields, HAS_JOB_TARGETS, indices};
use super::texts::Texts;

/// An editor operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Save,
    Add(String),
    Remove(String),
    Up(String),
    Down(String),
    /// "Hent resultater fra registeret": `previous_results.records` from the results
    /// registry (the save handler fetches them; see [`super::results`]).
    FetchResults,
    /// "Legg den til" on an `op-strategy-missing` finding (issue 12): the `nth` (from 0)
    /// strategy plan area `area` lacks of its Omstillingsplan area, in the
    /// Omstillingsplan's order, with its name and content
    /// ([`add_missing_strategy`], before the fields are touched).
    AddMissingStrategy {
        area: usize,
        nth: usize,
    },
}

/// The button value of [`Op::AddMissingStrategy`]: `add-strategy:focus_areas[2]:0`.
pub fn add_missing_strategy_value(area: usize, nth: usize) -> String {
    format!("add-strategy:focus_areas[{area}]:{nth}")
}

const LISTS: [&str; 6] = [
    "focus_areas",
    "strategies",
    "projects",
    "financing",
    "previous_results.records",
    "communication.activities",
];

impl Op {
    /// Parses a button's value; `None` for anything that is not one of ours.
    pub fn parse(value: &str) -> Option<Op> {
        if value.is_empty() || value == "save" {
            return Some(Op::Save);
        }
        if value == "fetch-results" {
            return Some(Op::FetchResults);
        }
        if let Some(rest) = value.strip_prefix("add-strategy:focus_areas[") {
            let (area, nth) = rest.split_once("]:")?;
            return Some(Op::AddMissingStrategy {
                area: area.parse().ok()?,
                nth: nth.parse().ok()?,
            });
        }
        let (verb, path) = value.split_once(':')?;
        if path.len() > 200
            || !path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c))
        {
            return None;
        }
        match verb {
            "add"
                if LISTS
                    .iter()
                    .any(|list| path == *list || path.ends_with(&format!(".{list}"))) =>
            {
                Some(Op::Add(path.to_owned()))
            }
            "remove" | "up" | "down" => {
                let (list, _) = split_item(path)?;
                if !LISTS
                    .iter()
                    .any(|l| list == *l || list.ends_with(&format!(".{l}")))
                {
                    return None;
                }
                Some(match verb {
                    "remove" => Op::Remove(path.to_owned()),
                    "up" => Op::Up(path.to_owned()),
                    _ => Op::Down(path.to_owned()),
                })
            }
            _ => None,
        }
    }
}

/// `focus_areas[0].strategies[2]` → (`focus_areas[0].strategies`, 2).
fn split_item(path: &str) -> Option<(&str, usize)> {
    let inner = path.strip_suffix(']')?;
    let at = inner.rfind('[')?;
    Some((&inner[..at], inner[at + 1..].parse().ok()?))
}

/// Applies the operation; returns the path of the item to scroll to.
pub fn apply(fields: &mut Fields, op: &Op, t: &Texts, years: &[i32], year: i32) -> Option<String> {
    match op {
        Op::Save => None,
        Op::FetchResults => Some("previous_results.records".to_owned()),
        Op::AddMissingStrategy { area, .. } => Some(format!("focus_areas[{area}].strategies")),
        Op::Add(list) => {
            let next = indices(fields, list).last().map_or(0, |last| last + 1);
            let item = format!("{list}[{next}]");
            let first_area = fields
                .get("focus_areas[0].name")
                .cloned()
                .unwrap_or_default();
            let mut put = |field: &str, value: String| {
                fields.insert(format!("{item}.{field}"), value);
            };
            let kind = list.rsplit('.').next().unwrap_or(list);
            match kind {
                "focus_areas" => {
                    put("name", format!("{} {}", t.new_area, next + 1));
                    for field in ["description", "impact_goal", "result_goal"] {
                        put(field, String::new());
                    }
                    put(HAS_JOB_TARGETS, "yes".into());
                    for y in years {
                        put(&format!("job_targets.{y}"), "0".into());
                    }
                    put("grant_funds", "0".into());
                    put("programme_resources", "0".into());
                }
                "strategies" => {
                    put("name", t.new_strategy.into());
                    put("content", String::new());
                    put("sdg", String::new());
                }
                "projects" => {
                    put("name", t.new_project.into());
                    put("goal", String::new());
                    put("budget", "0".into());
                }
                "financing" => {
                    let uses_amounts = fields.iter().any(|(k, v)| {
                        k.starts_with("financing[") && k.ends_with(".amount") && !v.is_empty()
                    });
                    fields.insert(format!("{item}.source"), t.new_source.into());
                    fields.insert(format!("{item}.kind"), String::new());
                    fields.insert(
                        format!("{item}.share"),
                        if uses_amounts {
                            String::new()
                        } else {
                            "0".into()
                        },
                    );
                    fields.insert(
                        format!("{item}.amount"),
                        if uses_amounts {
                            "0".into()
                        } else {
                            String::new()
                        },
                    );
                }
                "records" => {
                    put("year", (year - 1).to_string());
                    put("focus_area", first_area);
                    for field in [
                        "new_jobs",
                        "secured_jobs",
                        "projects_completed",
                        "applications_granted",
                    ] {
                        put(field, String::new());
                    }
                }
                _ => {
                    put("month", "1".into());
                    put("title", t.new_activity.into());
                    for field in ["audience", "channel", "responsible"] {
                        put(field, String::new());
                    }
                }
            }
            Some(item)
        }
        Op::Remove(path) => {
            let (list, index) = split_item(path)?;
            let prefix = format!("{path}.");
            fields.retain(|k, _| !k.starts_with(&prefix));
            let _ = (list, index);
            Some(list.to_owned())
        }
        Op::Up(path) | Op::Down(path) => {
            let (list, index) = split_item(path)?;
            let order = indices(fields, list);
            let at = order.iter().position(|i| *i == index)?;
            let other = if matches!(op, Op::Up(_)) {
                at.checked_sub(1).map(|o| order[o])?
            } else {
                *order.get(at + 1)?
            };
            swap(fields, list, index, other);
            Some(format!("{list}[{other}]"))
        }
    }
}

fn swap(fields: &mut Fields, list: &str, a: usize, b: usize) {
    let pa = format!("{list}[{a}].");
    let pb = format!("{list}[{b}].");
    let moved: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k.starts_with(&pa) || k.starts_with(&pb))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    fields.retain(|k, _| !k.starts_with(&pa) && !k.starts_with(&pb));
    for (key, value) in moved {
        let new_key = if let Some(rest) = key.strip_prefix(&pa) {
            format!("{pb}{rest}")
        } else {
            format!("{pa}{}", &key[pb.len()..])
        };
        fields.insert(new_key, value);
    }
}

/// Applies [`Op::AddMissingStrategy`] to the plan as posted: the strategy from the
/// programme's current Omstillingsplan (`plan::omstillingsplan::derive::add_missing_strategy`),
/// placed in the Omstillingsplan's order. Any other op, or a programme without an
/// Omstillingsplan, leaves the plan as it is.
pub async fn add_missing_strategy(
    state: &crate::AppState,
    programme: &store::Programme,
    op: &Op,
    mut plan: plan::handlingsplan::Plan,
) -> Result<plan::handlingsplan::Plan, crate::error::AppError> {
    let Op::AddMissingStrategy { area, nth } = *op else {
        return Ok(plan);
    };
    if let Some((_, omstillingsplan)) =
        crate::kinds::current_omstillingsplan(state, programme).await?
    {
        plan::omstillingsplan::derive::add_missing_strategy(&mut plan, &omstillingsplan, area, nth);
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::texts::NB;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn ops_parse_only_known_lists() {
        assert_eq!(Op::parse("save"), Some(Op::Save));
        assert_eq!(
            Op::parse("add:focus_areas[0].strategies[1].projects"),
            Some(Op::Add("focus_areas[0].strategies[1].projects".into()))
        );
        assert_eq!(
            Op::parse("remove:financing[2]"),
            Some(Op::Remove("financing[2]".into()))
        );
        assert_eq!(Op::parse("add:programme"), None);
        assert_eq!(Op::parse("remove:year"), None);
        assert_eq!(Op::parse("drop:financing[0]"), None);
        assert_eq!(Op::parse("up:financing[0]<script>"), None);
        assert_eq!(
            Op::parse(&add_missing_strategy_value(2, 1)),
            Some(Op::AddMissingStrategy { area: 2, nth: 1 })
        );
        assert_eq!(Op::parse("add-strategy:focus_areas[x]:1"), None);
        assert_eq!(Op::parse("add-strategy:focus_areas[1]"), None);
    }

    #[test]
    fn add_remove_and_move() {
        let mut f = fields(&[
            ("financing[0].source", "KDD"),
            ("financing[0].share", "50"),
            ("financing[1].source", "Fylket"),
            ("financing[1].share", "50"),
        ]);
        let added = apply(&mut f, &Op::Add("financing".into()), &NB, &[], 2027);
        assert_eq!(added.as_deref(), Some("financing[2]"));
        assert_eq!(f["financing[2].source"], "Ny kilde");
        assert_eq!(f["financing[2].share"], "0");
        apply(&mut f, &Op::Up("financing[1]".into()), &NB, &[], 2027);
        assert_eq!(f["financing[0].source"], "Fylket");
        assert_eq!(f["financing[1].source"], "KDD");
        apply(&mut f, &Op::Remove("financing[0]".into()), &NB, &[], 2027);
        assert_eq!(indices(&f, "financing"), [1, 2]);
        assert_eq!(f["financing[1].source"], "KDD");
        assert_eq!(
            apply(&mut f, &Op::Up("financing[1]".into()), &NB, &[], 2027),
            None
        );
    }
}
