//! The Omstillingsplan's own findings (§3). The rules it shares with the yearly plan
//! are the shared checks of [`crate::checks`], with the same codes and messages; its
//! own are `frame-years`, `frame-over-programme` and `too-many-focus-areas`.

use std::collections::{BTreeMap, BTreeSet};

use super::compute::Totals;
use super::model::Omstillingsplan;
use crate::checks::{Checker, find_placeholder, join_years};
use crate::common::Period;
use crate::finding::{Code, FieldPath, Finding};
use crate::norwegian::kroner;
use crate::units::Kroner;

/// Innovasjon Norge recommends three or four focus areas.
pub const RECOMMENDED_MAX_AREAS: usize = 4;

/// Runs every check of §3 on the Omstillingsplan and its computed totals.
pub fn check(plan: &Omstillingsplan, totals: &Totals) -> Vec<Finding> {
    let mut checker = Checker::new(plan.language);
    let period = plan.programme.period;
    checker.period_invalid(period);
    if let Some(goal) = plan.programme.jobs_goal {
        checker.jobs(goal, || FieldPath::root("programme").field("jobs_goal"));
    }
    let mut seen = Vec::new();
    for (a, area) in plan.focus_areas.iter().enumerate() {
        let name = area.name.trim();
        checker.duplicate_area(&mut seen, a, &area.name);
        for (year, value) in area.job_targets.iter().flatten() {
            checker.jobs(*value, || {
                FieldPath::focus_area(a).field("job_targets").year(*year)
            });
        }
        checker.job_targets_years(a, name, area.job_targets.as_ref(), period);
        if let Some(frame) = &area.frame {
            frame_values(&mut checker, frame, || {
                FieldPath::focus_area(a).field("frame")
            });
            frame_years(
                &mut checker,
                frame,
                period,
                FieldPath::focus_area(a).field("frame"),
                Some(name),
            );
        }
        if area.strategies.is_empty() {
            checker.push(
                Code::AreaWithoutStrategies,
                FieldPath::focus_area(a).field("strategies"),
                format!("Innsatsområdet «{name}» har ingen strategier. Legg til strategiene som skal nå målene for innsatsområdet."),
                format!("Innsatsområdet «{name}» har ingen strategiar. Legg til strategiane som skal nå måla for innsatsområdet."),
            );
        }
        checker.missing_text(
            a,
            name,
            "description",
            area.description.as_deref(),
            "beskrivelse",
            "skildring",
        );
        checker.missing_text(
            a,
            name,
            "impact_goal",
            area.impact_goal.as_deref(),
            "effektmål",
            "effektmål",
        );
        for (s, strategy) in area.strategies.iter().enumerate() {
            checker.sdg(a, s, strategy.sdg);
        }
    }
    if let Some(frame) = &plan.frame {
        frame_values(&mut checker, frame, || FieldPath::root("frame"));
        frame_years(&mut checker, frame, period, FieldPath::root("frame"), None);
    }
    checker.no_job_targets(plan.focus_areas.iter().any(|a| a.job_targets.is_some()));
    checker.jobs_goal(plan.programme.jobs_goal, totals.jobs.total);
    frame_over_programme(&mut checker, plan, totals);
    let areas = plan.focus_areas.len();
    if areas > RECOMMENDED_MAX_AREAS {
        checker.push(
            Code::TooManyFocusAreas,
            FieldPath::root("focus_areas"),
            format!("Planen har {areas} innsatsområder. Innovasjon Norge anbefaler tre eller fire; vurder å slå sammen noen av dem."),
            format!("Planen har {areas} innsatsområde. Innovasjon Noreg tilrår tre eller fire; vurder å slå saman nokre av dei."),
        );
    }
    checker.approval_order(&plan.approval);
    for (path, text) in texts(plan) {
        if let Some(placeholder) = find_placeholder(text) {
            checker.placeholder(path, placeholder);
        }
    }
    checker.findings
}

/// `value-out-of-range` for every amount of a frame.
fn frame_values(
    checker: &mut Checker,
    frame: &BTreeMap<i32, Kroner>,
    path: impl Fn() -> FieldPath,
) {
    for (year, value) in frame {
        checker.money(*value, || path().year(*year));
    }
}

/// `frame-years`: a frame may leave a year out, but not name one outside the period.
fn frame_years(
    checker: &mut Checker,
    frame: &BTreeMap<i32, Kroner>,
    period: Period,
    path: FieldPath,
    area: Option<&str>,
) {
    let years = period.years();
    if years.is_empty() {
        // `period-invalid` says what is wrong; every year would be "outside".
        return;
    }
    let wanted: BTreeSet<i32> = years.into_iter().collect();
    let present: BTreeSet<i32> = frame.keys().copied().collect();
    let extra = join_years(present.difference(&wanted));
    if extra.is_empty() {
        return;
    }
    let (from, to) = (period.from, period.to);
    let (nb_whose, nn_whose) = match area {
        Some(name) => (
            format!("Den økonomiske rammen for «{name}»"),
            format!("Den økonomiske ramma for «{name}»"),
        ),
        None => (
            "Programmets økonomiske ramme".to_string(),
            "Den økonomiske ramma til programmet".to_string(),
        ),
    };
    checker.push(
        Code::FrameYears,
        path,
        format!("{nb_whose} har {extra}, som er utenfor perioden {from}–{to}. Fjern årene eller rett opp perioden."),
        format!("{nn_whose} har {extra}, som er utanfor perioden {from}–{to}. Fjern åra eller rett opp perioden."),
    );
}

/// `frame-over-programme`: one finding per year in which the areas' frames add up to
/// more than the programme's frame for that year.
fn frame_over_programme(checker: &mut Checker, plan: &Omstillingsplan, totals: &Totals) {
    let (Some(frames), Some(programme)) = (&totals.frames, &plan.frame) else {
        return;
    };
    for (i, year) in frames.areas.years.iter().enumerate() {
        let Some(limit) = programme.get(year).copied() else {
            continue;
        };
        let sum = frames.areas.per_year[i];
        if sum > limit {
            let (s, l, d) = (kroner(sum), kroner(limit), kroner(sum - limit));
            checker.push(
                Code::FrameOverProgramme,
                FieldPath::root("frame"),
                format!("I {year} summerer rammene for innsatsområdene til {s}, men programmets ramme er {l}: {d} for mye. Senk rammene for innsatsområdene eller øk programmets ramme for {year}."),
                format!("I {year} summerer rammene for innsatsområda seg til {s}, men ramma til programmet er {l}: {d} for mykje. Senk rammene for innsatsområda eller auk ramma til programmet for {year}."),
            );
        }
    }
}

/// Every free text of the Omstillingsplan with its path.
pub fn texts(plan: &Omstillingsplan) -> Vec<(FieldPath, &str)> {
    let mut out: Vec<(FieldPath, &str)> = Vec::new();
    let programme = &plan.programme;
    out.push((FieldPath::root("programme").field("name"), &programme.name));
    out.push((FieldPath::root("programme").field("area"), &programme.area));
    for (field, text) in [("county", &programme.county), ("vision", &programme.vision)] {
        if let Some(text) = text {
            out.push((FieldPath::root("programme").field(field), text));
        }
    }
    if let Some(text) = &plan.background {
        out.push((FieldPath::root("background"), text));
    }
    for (field, text) in [
        ("main", &plan.goals.main),
        ("robustness", &plan.goals.robustness),
        ("development", &plan.goals.development),
    ] {
        if let Some(text) = text {
            out.push((FieldPath::root("goals").field(field), text));
        }
    }
    for (a, area) in plan.focus_areas.iter().enumerate() {
        out.push((FieldPath::focus_area(a).field("name"), &area.name));
        for (field, text) in [
            ("description", &area.description),
            ("impact_goal", &area.impact_goal),
            ("result_goal", &area.result_goal),
        ] {
            if let Some(text) = text {
                out.push((FieldPath::focus_area(a).field(field), text));
            }
        }
        for (s, strategy) in area.strategies.iter().enumerate() {
            out.push((FieldPath::strategy(a, s).field("name"), &strategy.name));
            if let Some(content) = &strategy.content {
                out.push((FieldPath::strategy(a, s).field("content"), content));
            }
        }
    }
    for (field, text) in [
        ("organisation", &plan.organisation),
        ("communication_strategy", &plan.communication_strategy),
    ] {
        if let Some(text) = text {
            out.push((FieldPath::root(field), text));
        }
    }
    out
}
