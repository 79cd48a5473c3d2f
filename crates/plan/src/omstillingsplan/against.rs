//! A yearly plan checked against its Omstillingsplan (§4): the `op-` findings, each in
//! the yearly plan's language, naming the strategy, area, years or kroner concerned
//! and what to do.
//!
//! Names match trimmed and case-insensitively (Unicode lower case, so `ÆRØ` matches
//! `ærø`): a plan area matches the Omstillingsplan's area of the same name, a strategy
//! the strategy of the same name in the matching area. Nothing is said about an area
//! that does not match beyond `op-area-unknown` / `op-area-missing`.

use std::collections::BTreeMap;

use super::model::{FocusArea, Omstillingsplan};
use crate::checks::Checker;
use crate::common::{Language, normalized_name, same_name};
use crate::finding::{Code, FieldPath, Finding, Severity};
use crate::handlingsplan::{self, Plan, Totals};
use crate::norwegian::{integer, kroner};

/// The yearly plan's evaluation with the `op-` findings added after its own.
pub fn evaluate_against(
    plan: &Plan,
    omstillingsplan: &Omstillingsplan,
) -> handlingsplan::Evaluation {
    let mut evaluation = handlingsplan::evaluate(plan);
    let extra = check_against(plan, &evaluation.totals, omstillingsplan);
    evaluation.findings.extend(extra);
    evaluation
}

/// The Omstillingsplan area a plan area's name matches, with its index.
pub fn matching_area<'o>(
    omstillingsplan: &'o Omstillingsplan,
    name: &str,
) -> Option<(usize, &'o FocusArea)> {
    let key = normalized_name(name);
    omstillingsplan
        .focus_areas
        .iter()
        .enumerate()
        .find(|(_, area)| normalized_name(&area.name) == key)
}

/// The `op-` findings of §4 for `plan` (with its computed totals) against `omstillingsplan`.
pub fn check_against(
    plan: &Plan,
    totals: &Totals,
    omstillingsplan: &Omstillingsplan,
) -> Vec<Finding> {
    let mut checker = Checker::new(plan.language);
    let ours = &plan.programme;
    let theirs = &omstillingsplan.programme;

    for (field, mine, op) in [
        ("name", &ours.name, &theirs.name),
        ("area", &ours.area, &theirs.area),
    ] {
        if !same_name(mine, op) {
            let (nb_what, nn_what) = match field {
                "name" => ("Programmets navn", "Namnet på programmet"),
                _ => ("Omstillingsområdet", "Omstillingsområdet"),
            };
            let (mine, op) = (mine.trim(), op.trim());
            checker.push(
                Code::OpProgrammeDiffers,
                FieldPath::root("programme").field(field),
                format!("{nb_what} er «{mine}» her, men «{op}» i Omstillingsplanen. Bruk det samme som i Omstillingsplanen."),
                format!("{nn_what} er «{mine}» her, men «{op}» i omstillingsplanen. Bruk det same som i omstillingsplanen."),
            );
        }
    }
    if ours.period != theirs.period {
        let (a, b, c, d) = (
            ours.period.from,
            ours.period.to,
            theirs.period.from,
            theirs.period.to,
        );
        checker.push(
            Code::OpProgrammeDiffers,
            FieldPath::root("programme").field("period"),
            format!("Perioden er {a}–{b} her, men {c}–{d} i Omstillingsplanen. Bruk perioden fra Omstillingsplanen."),
            format!("Perioden er {a}–{b} her, men {c}–{d} i omstillingsplanen. Bruk perioden frå omstillingsplanen."),
        );
    }
    if !theirs.period.contains(plan.year) {
        let (year, c, d) = (plan.year, theirs.period.from, theirs.period.to);
        checker.push(
            Code::OpYearOutsidePeriod,
            FieldPath::root("year"),
            format!("Året {year} ligger utenfor Omstillingsplanens periode {c}–{d}. Velg et år i perioden."),
            format!("Året {year} ligg utanfor perioden {c}–{d} i omstillingsplanen. Vel eit år i perioden."),
        );
    }

    for op_area in &omstillingsplan.focus_areas {
        if !plan
            .focus_areas
            .iter()
            .any(|a| same_name(&a.name, &op_area.name))
        {
            let name = op_area.name.trim();
            checker.push(
                Code::OpAreaMissing,
                FieldPath::root("focus_areas"),
                format!("Innsatsområdet «{name}» fra Omstillingsplanen mangler i planen. Legg det til med strategiene sine."),
                format!("Innsatsområdet «{name}» frå omstillingsplanen manglar i planen. Legg det til med strategiane sine."),
            );
        }
    }

    for (i, area) in plan.focus_areas.iter().enumerate() {
        let name = area.name.trim();
        let Some((_, op_area)) = matching_area(omstillingsplan, &area.name) else {
            checker.push(
                Code::OpAreaUnknown,
                FieldPath::focus_area(i).field("name"),
                format!("Innsatsområdet «{name}» finnes ikke i Omstillingsplanen. Bruk navnet på et av Omstillingsplanens innsatsområder."),
                format!("Innsatsområdet «{name}» finst ikkje i omstillingsplanen. Bruk namnet på eitt av innsatsområda i omstillingsplanen."),
            );
            continue;
        };
        strategies(&mut checker, i, area, op_area);
        job_targets(&mut checker, i, area, op_area);
        if let Some(frame) = op_area.frame.as_ref().and_then(|f| f.get(&plan.year))
            && let Some(costs) = totals.focus_areas.get(i)
            && costs.total_costs > *frame
        {
            let (c, f, d, year) = (
                kroner(costs.total_costs),
                kroner(*frame),
                kroner(costs.total_costs - *frame),
                plan.year,
            );
            checker.push(
                Code::OpFrameExceeded,
                FieldPath::focus_area(i),
                format!("Kostnadene for «{name}» er {c} i {year}, men rammen i Omstillingsplanen er {f}: {d} over. Reduser kostnadene eller få rammen endret."),
                format!("Kostnadene for «{name}» er {c} i {year}, men ramma i omstillingsplanen er {f}: {d} over. Reduser kostnadene eller få ramma endra."),
            );
        }
    }

    if let (Some(mine), Some(op)) = (ours.jobs_goal, theirs.jobs_goal)
        && mine != op
    {
        let (m, o) = (integer(mine), integer(op));
        checker.push(
            Code::OpJobsGoalDiffers,
            FieldPath::root("programme").field("jobs_goal"),
            format!("Programmets mål er {m} arbeidsplasser her, men {o} i Omstillingsplanen. Bruk målet fra Omstillingsplanen."),
            format!("Målet til programmet er {m} arbeidsplassar her, men {o} i omstillingsplanen. Bruk målet frå omstillingsplanen."),
        );
    }
    if let Some(frame) = omstillingsplan
        .frame
        .as_ref()
        .and_then(|f| f.get(&plan.year))
        && totals.total_cost > *frame
    {
        let (c, f, d, year) = (
            kroner(totals.total_cost),
            kroner(*frame),
            kroner(totals.total_cost - *frame),
            plan.year,
        );
        checker.push(
            Code::OpTotalFrameExceeded,
            FieldPath::root("total_cost"),
            format!("Samlet kostnad er {c} i {year}, men programmets ramme i Omstillingsplanen er {f}: {d} over. Reduser kostnadene eller få rammen endret."),
            format!("Samla kostnad er {c} i {year}, men ramma til programmet i omstillingsplanen er {f}: {d} over. Reduser kostnadene eller få ramma endra."),
        );
    }
    if omstillingsplan.approval.council.is_none() {
        checker.push(
            Code::OpNotAdopted,
            FieldPath::root("omstillingsplan"),
            "Omstillingsplanen er ikke vedtatt av kommunestyret ennå. Planen bygger på et utkast; sjekk den igjen når Omstillingsplanen er vedtatt.".into(),
            "Omstillingsplanen er ikkje vedteken av kommunestyret enno. Planen byggjer på eit utkast; sjekk han igjen når omstillingsplanen er vedteken.".into(),
        );
    }
    checker.findings
}

/// `op-strategy-missing`, `op-strategy-unknown` and `op-strategy-order` for plan area `i`.
fn strategies(
    checker: &mut Checker,
    i: usize,
    area: &handlingsplan::FocusArea,
    op_area: &FocusArea,
) {
    let area_name = area.name.trim();
    for op_strategy in &op_area.strategies {
        if !area
            .strategies
            .iter()
            .any(|s| same_name(&s.name, &op_strategy.name))
        {
            let name = op_strategy.name.trim();
            checker.push(
                Code::OpStrategyMissing,
                FieldPath::focus_area(i).field("strategies"),
                format!("Strategien «{name}» i «{area_name}» fra Omstillingsplanen mangler. Alle strategiene fra Omstillingsplanen skal stå i planen, også de som ikke har prosjekter i år; legg den til."),
                format!("Strategien «{name}» i «{area_name}» frå omstillingsplanen manglar. Alle strategiane frå omstillingsplanen skal stå i planen, også dei som ikkje har prosjekt i år; legg han til."),
            );
        }
    }
    let mut order = Vec::new();
    for (j, strategy) in area.strategies.iter().enumerate() {
        match op_area
            .strategies
            .iter()
            .position(|s| same_name(&s.name, &strategy.name))
        {
            Some(position) => order.push(position),
            None => {
                let name = strategy.name.trim();
                checker.push(
                    Code::OpStrategyUnknown,
                    FieldPath::strategy(i, j).field("name"),
                    format!("Strategien «{name}» finnes ikke under «{area_name}» i Omstillingsplanen. Bruk navnet på en strategi fra Omstillingsplanen, eller få den lagt til der."),
                    format!("Strategien «{name}» finst ikkje under «{area_name}» i omstillingsplanen. Bruk namnet på ein strategi frå omstillingsplanen, eller få han lagd til der."),
                );
            }
        }
    }
    if order.windows(2).any(|w| w[0] > w[1]) {
        let listed: Vec<String> = op_area
            .strategies
            .iter()
            .map(|s| format!("«{}»", s.name.trim()))
            .collect();
        let listed = listed.join(", ");
        checker.push(
            Code::OpStrategyOrder,
            FieldPath::focus_area(i).field("strategies"),
            format!("Strategiene i «{area_name}» står i en annen rekkefølge enn i Omstillingsplanen ({listed}), så bokstavene blir ulike i de to dokumentene. Bruk samme rekkefølge."),
            format!("Strategiane i «{area_name}» står i ei anna rekkjefølgje enn i omstillingsplanen ({listed}), så bokstavane blir ulike i dei to dokumenta. Bruk same rekkjefølgje."),
        );
    }
}

/// `op-job-targets-differ`: the same years with the same numbers, or both without.
fn job_targets(
    checker: &mut Checker,
    i: usize,
    area: &handlingsplan::FocusArea,
    op_area: &FocusArea,
) {
    if area.job_targets == op_area.job_targets {
        return;
    }
    let name = area.name.trim();
    let (nb, nn) = match (&area.job_targets, &op_area.job_targets) {
        (Some(_), None) => (
            "Omstillingsplanen har ingen arbeidsplassmål for dette innsatsområdet; fjern dem her eller få dem inn i Omstillingsplanen.".to_string(),
            "Omstillingsplanen har ingen arbeidsplassmål for dette innsatsområdet; fjern dei her eller få dei inn i omstillingsplanen.".to_string(),
        ),
        (None, Some(_)) => (
            "Planen mangler arbeidsplassmålene fra Omstillingsplanen; legg dem inn.".to_string(),
            "Planen manglar arbeidsplassmåla frå omstillingsplanen; legg dei inn.".to_string(),
        ),
        (Some(mine), Some(op)) => {
            let years = differing_years(mine, op, checker.language);
            (
                format!("De er ulike for {years}. Bruk tallene fra Omstillingsplanen."),
                format!("Dei er ulike for {years}. Bruk tala frå omstillingsplanen."),
            )
        }
        (None, None) => return,
    };
    checker.push(
        Code::OpJobTargetsDiffer,
        FieldPath::focus_area(i).field("job_targets"),
        format!("Arbeidsplassmålene for «{name}» er ikke de samme som i Omstillingsplanen. {nb}"),
        format!("Arbeidsplassmåla for «{name}» er ikkje dei same som i omstillingsplanen. {nn}"),
    );
}

/// The years whose numbers differ (or that only one side has), with both values.
fn differing_years(
    mine: &BTreeMap<i32, i64>,
    op: &BTreeMap<i32, i64>,
    language: Language,
) -> String {
    let there = language.pick("i Omstillingsplanen", "i omstillingsplanen");
    let years: std::collections::BTreeSet<i32> = mine.keys().chain(op.keys()).copied().collect();
    let differing: Vec<i32> = years
        .into_iter()
        .filter(|y| mine.get(y) != op.get(y))
        .collect();
    let shown: Vec<String> = differing
        .iter()
        .map(|y| {
            let value =
                |m: &BTreeMap<i32, i64>| m.get(y).map_or("–".to_string(), |v| integer(*v));
            format!("{y} ({} her, {} {there})", value(mine), value(op))
        })
        .collect();
    shown.join(", ")
}

/// Whether any finding is an `op-` error.
pub fn has_op_error(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|f| f.severity == Severity::Error && f.code.as_str().starts_with("op-"))
}
