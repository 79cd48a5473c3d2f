//! The Omstillingsplan's computed tables (§3): strategy letters, the job-target table
//! and the economic frames per area and year.

use super::model::Omstillingsplan;
use crate::tables::{self, JobTable, KronerRow, KronerTable};

/// Every table of an Omstillingsplan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// One letter per strategy in plan order, continuing across focus areas.
    pub strategy_letters: Vec<String>,
    /// As in the Handlingsplan; `this_year` is always 0 (the check object leaves it out).
    pub jobs: JobTable,
    /// `None` when no area and no top level has a frame.
    pub frames: Option<Frames>,
}

/// The economic frames (*økonomisk ramme*) per area and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frames {
    /// The areas that have a `frame`, in plan order, over every year of the period;
    /// its `per_year` and `total` sum them. A year outside the period is not counted.
    pub areas: KronerTable,
    /// The top-level `frame` over the same years, named after the programme; `None`
    /// when absent.
    pub programme: Option<KronerRow>,
}

/// Computes every table.
pub fn totals(plan: &Omstillingsplan) -> Totals {
    let period = plan.programme.period;
    let strategies = plan.focus_areas.iter().map(|a| a.strategies.len()).sum();
    let has_frames = plan.frame.is_some() || plan.focus_areas.iter().any(|a| a.frame.is_some());
    let frames = has_frames.then(|| {
        let areas = tables::kroner_table(
            period,
            plan.focus_areas
                .iter()
                .filter_map(|a| a.frame.as_ref().map(|f| (a.name.as_str(), f))),
        );
        let programme = plan
            .frame
            .as_ref()
            .map(|frame| KronerRow::new(&plan.programme.name, &areas.years, frame));
        Frames { areas, programme }
    });
    Totals {
        strategy_letters: (0..strategies).map(tables::strategy_letter).collect(),
        jobs: tables::job_table(
            period,
            None,
            plan.focus_areas
                .iter()
                .map(|a| (a.name.as_str(), a.job_targets.as_ref())),
        ),
        frames,
    }
}
