//! The checks of spec §4: every inconsistency in a plan as a [`Finding`] with a stable
//! code, a path into the file and a Norwegian message (bokmål or nynorsk) that says
//! what to do. Findings are data: the checks never stop at the first one.

use super::compute::{FinancingMode, Totals, financing_mode};
use super::model::{Plan, SourceKind};
use crate::checks::Checker;
pub use crate::checks::find_placeholder;
pub use crate::finding::{Code, FieldPath, Finding, Severity};
use crate::norwegian::{kroner, percent};
use crate::units::{Kroner, Share};

/// Runs every check of spec §4 on the plan and its computed totals.
pub fn check(plan: &Plan, totals: &Totals) -> Vec<Finding> {
    let mut checker = Checker::new(plan.language);
    checker.period_and_year(plan);
    checker.values(plan);
    checker.focus_areas(plan, totals);
    checker.financing(plan, totals);
    checker.approval_order(&plan.approval);
    checker.results(plan);
    checker.activities(plan);
    checker.placeholders(plan);
    checker.findings
}

impl Checker {
    fn period_and_year(&mut self, plan: &Plan) {
        let period = plan.programme.period;
        let (from, to, year) = (period.from, period.to, plan.year);
        if !self.period_invalid(period) && !period.contains(year) {
            self.push(
                Code::YearOutsidePeriod,
                FieldPath::root("year"),
                format!(
                    "Året {year} ligger utenfor programperioden {from}–{to}. Velg et år i perioden."
                ),
                format!(
                    "Året {year} ligg utanfor programperioden {from}–{to}. Vel eit år i perioden."
                ),
            );
        }
    }

    fn values(&mut self, plan: &Plan) {
        if let Some(goal) = plan.programme.jobs_goal {
            self.jobs(goal, || FieldPath::root("programme").field("jobs_goal"));
        }
        for (a, area) in plan.focus_areas.iter().enumerate() {
            for (year, value) in area.job_targets.iter().flatten() {
                self.jobs(*value, || {
                    FieldPath::root("focus_areas")
                        .index(a)
                        .field("job_targets")
                        .year(*year)
                });
            }
            for (s, strategy) in area.strategies.iter().enumerate() {
                for (p, project) in strategy.projects.iter().enumerate() {
                    self.money_of(
                        project.budget,
                        || {
                            FieldPath::root("focus_areas")
                                .index(a)
                                .field("strategies")
                                .index(s)
                                .field("projects")
                                .index(p)
                                .field("budget")
                        },
                        || project_name(&project.name, p, &strategy.name),
                    );
                }
            }
            let area_name = area.name.trim();
            self.money_of(
                area.grant_funds,
                || FieldPath::root("focus_areas").index(a).field("grant_funds"),
                || {
                    (
                        format!("søkbare midler i «{area_name}»"),
                        format!("søkbare midlar i «{area_name}»"),
                    )
                },
            );
            self.money_of(
                area.programme_resources,
                || {
                    FieldPath::root("focus_areas")
                        .index(a)
                        .field("programme_resources")
                },
                || {
                    (
                        format!("programmets ressursinnsats i «{area_name}»"),
                        format!("programmet sin ressursinnsats i «{area_name}»"),
                    )
                },
            );
        }
        self.money_of(
            plan.admin_costs,
            || FieldPath::root("admin_costs"),
            || {
                (
                    "administrative kostnader".to_owned(),
                    "administrative kostnader".to_owned(),
                )
            },
        );
        for (i, source) in plan.financing.iter().enumerate() {
            if let Some(amount) = source.amount {
                let name = source.source.trim();
                self.money_of(
                    amount,
                    || FieldPath::root("financing").index(i).field("amount"),
                    || {
                        (
                            format!("finansieringskilden «{name}»"),
                            format!("finansieringskjelda «{name}»"),
                        )
                    },
                );
            }
            if let Some(share) = source.share {
                self.share(share, || {
                    FieldPath::root("financing").index(i).field("share")
                });
            }
        }
        for (i, record) in plan.result_records().iter().enumerate() {
            let counts = [
                ("new_jobs", record.new_jobs),
                ("secured_jobs", record.secured_jobs),
                ("projects_completed", record.projects_completed),
                ("applications_granted", record.applications_granted),
            ];
            for (field, value) in counts {
                if let Some(value) = value {
                    self.jobs(value, || {
                        FieldPath::root("previous_results")
                            .field("records")
                            .index(i)
                            .field(field)
                    });
                }
            }
        }
    }

    fn focus_areas(&mut self, plan: &Plan, totals: &Totals) {
        let period = plan.programme.period;
        let mut seen: Vec<(String, usize)> = Vec::new();
        let mut letter = 0usize;
        for (a, area) in plan.focus_areas.iter().enumerate() {
            let name = area.name.trim();
            self.duplicate_area(&mut seen, a, &area.name);

            self.job_targets_years(a, name, area.job_targets.as_ref(), period);

            if area.strategies.is_empty() {
                self.push(
                    Code::AreaWithoutStrategies,
                    FieldPath::root("focus_areas").index(a).field("strategies"),
                    format!("Innsatsområdet «{name}» har ingen strategier. Legg til strategiene fra Omstillingsplan."),
                    format!("Innsatsområdet «{name}» har ingen strategiar. Legg til strategiane frå omstillingsplanen."),
                );
            }

            let texts = [
                ("description", &area.description, "beskrivelse", "skildring"),
                ("impact_goal", &area.impact_goal, "effektmål", "effektmål"),
                (
                    "result_goal",
                    &area.result_goal,
                    "resultatmål",
                    "resultatmål",
                ),
            ];
            for (field, text, nb_word, nn_word) in texts {
                self.missing_text(a, name, field, text.as_deref(), nb_word, nn_word);
            }

            for (s, strategy) in area.strategies.iter().enumerate() {
                let letter_text = totals
                    .strategy_letters
                    .get(letter)
                    .cloned()
                    .unwrap_or_default();
                letter += 1;
                self.sdg(a, s, strategy.sdg);
                if strategy.projects.is_empty() {
                    let (sname, year) = (strategy.name.trim(), plan.year);
                    self.push(
                        Code::StrategyWithoutProjects,
                        FieldPath::root("focus_areas").index(a).field("strategies").index(s).field("projects"),
                        format!("Strategi {letter_text} «{sname}» har ingen prosjekter i {year}. Det er i orden, men legg dem til om noen er planlagt."),
                        format!("Strategi {letter_text} «{sname}» har ingen prosjekt i {year}. Det er i orden, men legg dei til om nokre er planlagde."),
                    );
                }
            }
        }

        self.no_job_targets(plan.focus_areas.iter().any(|a| a.job_targets.is_some()));
        self.jobs_goal(plan.programme.jobs_goal, totals.jobs.total);
    }

    fn financing(&mut self, plan: &Plan, totals: &Totals) {
        let total = totals.total_cost;
        match financing_mode(plan) {
            FinancingMode::Empty => {
                if total.0 > 0 {
                    let t = kroner(total);
                    self.push(
                        Code::FinancingMissing,
                        FieldPath::root("financing"),
                        format!("Planen har ingen finansieringskilder, men samlet kostnad er {t}. Legg til finansieringen (stat, fylkeskommune og kommune)."),
                        format!("Planen har ingen finansieringskjelder, men samla kostnad er {t}. Legg til finansieringa (stat, fylkeskommune og kommune)."),
                    );
                }
            }
            FinancingMode::Mixed => {
                let mut per_source = false;
                for (i, source) in plan.financing.iter().enumerate() {
                    let name = source.source.trim();
                    match (source.share.is_some(), source.amount.is_some()) {
                        (true, true) => {
                            per_source = true;
                            self.push(
                                Code::FinancingMixed,
                                FieldPath::root("financing").index(i),
                                format!("«{name}» har både andel og beløp. Oppgi bare ett av dem."),
                                format!("«{name}» har både del og beløp. Oppgi berre eitt av dei."),
                            );
                        }
                        (false, false) => {
                            per_source = true;
                            self.push(
                                Code::FinancingMixed,
                                FieldPath::root("financing").index(i),
                                format!("«{name}» har verken andel eller beløp. Oppgi en andel eller et beløp."),
                                format!("«{name}» har verken del eller beløp. Oppgi ein del eller eit beløp."),
                            );
                        }
                        _ => {}
                    }
                }
                if !per_source {
                    self.push(
                        Code::FinancingMixed,
                        FieldPath::root("financing"),
                        "Noen finansieringskilder har andel og andre har beløp. Bruk enten andel for alle eller beløp for alle.".into(),
                        "Nokre finansieringskjelder har del og andre har beløp. Bruk anten del for alle eller beløp for alle.".into(),
                    );
                }
            }
            FinancingMode::Shares => {
                let sum: i64 = plan
                    .financing
                    .iter()
                    .filter_map(|s| s.share)
                    .fold(0i64, |acc, s| acc.saturating_add(s.hundredths()));
                // A share with too many decimals is reported by itself; its sum would mislead.
                let all_exact = plan
                    .financing
                    .iter()
                    .filter_map(|s| s.share)
                    .all(|s| s.is_exact());
                if all_exact && sum != 10_000 {
                    let p = percent(Share::from_hundredths(sum));
                    self.push(
                        Code::FinancingSharesNot100,
                        FieldPath::root("financing"),
                        format!("Andelene i finansieringen summerer til {p}, ikke 100\u{a0}%. Juster dem slik at de blir 100\u{a0}%."),
                        format!("Delane i finansieringa summerer seg til {p}, ikkje 100\u{a0}%. Juster dei slik at dei blir 100\u{a0}%."),
                    );
                }
            }
            FinancingMode::Amounts => {
                let sum = Kroner::sum(plan.financing.iter().filter_map(|s| s.amount));
                if sum != total {
                    let (s, t) = (kroner(sum), kroner(total));
                    let (nb, nn) = if sum < total {
                        let d = kroner(total - sum);
                        (format!("Det mangler {d}."), format!("Det manglar {d}."))
                    } else {
                        let d = kroner(sum - total);
                        (
                            format!("Det er {d} for mye."),
                            format!("Det er {d} for mykje."),
                        )
                    };
                    self.push(
                        Code::FinancingNotTotal,
                        FieldPath::root("financing"),
                        format!("Finansieringen dekker {s}, men samlet kostnad er {t}. {nb} Juster beløpene så de dekker samlet kostnad."),
                        format!("Finansieringa dekkjer {s}, men samla kostnad er {t}. {nn} Juster beløpa så dei dekkjer samla kostnad."),
                    );
                }
            }
        }

        let has_kind = plan.financing.iter().any(|s| s.kind.is_some());
        let financing_ok = !self
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.is_about_financing());
        if has_kind && financing_ok {
            let municipal =
                |s: &&super::model::FinancingSource| s.kind == Some(SourceKind::Municipality);
            let low = match financing_mode(plan) {
                FinancingMode::Shares => {
                    let sum: i64 = plan
                        .financing
                        .iter()
                        .filter(municipal)
                        .filter_map(|s| s.share)
                        .map(|s| s.hundredths())
                        .sum();
                    (sum < 2500).then(|| Share::from_hundredths(sum))
                }
                FinancingMode::Amounts if total.0 > 0 => {
                    let sum = Kroner::sum(
                        plan.financing
                            .iter()
                            .filter(municipal)
                            .filter_map(|s| s.amount),
                    );
                    (i128::from(sum.0) * 4 < i128::from(total.0))
                        .then(|| super::compute::share_of(sum, total))
                }
                _ => None,
            };
            if let Some(share) = low {
                let p = percent(share);
                self.push(
                    Code::MunicipalShareLow,
                    FieldPath::root("financing"),
                    format!("Kommunene bærer {p} av finansieringen. Kommunens egenandel er normalt minst 25\u{a0}%."),
                    format!("Kommunane ber {p} av finansieringa. Eigendelen til kommunen er normalt minst 25\u{a0}%."),
                );
            }
        }
    }

    fn results(&mut self, plan: &Plan) {
        let period = plan.programme.period;
        for (i, record) in plan.result_records().iter().enumerate() {
            let (area, ry, year, from, to) = (
                record.focus_area.trim(),
                record.year,
                plan.year,
                period.from,
                period.to,
            );
            if !plan
                .focus_areas
                .iter()
                .any(|a| super::model::same_name(&a.name, &record.focus_area))
            {
                self.push(
                    Code::ResultsUnknownArea,
                    FieldPath::root("previous_results").field("records").index(i).field("focus_area"),
                    format!("Resultatet for {ry} gjelder «{area}», som ikke er et innsatsområde i planen. Bruk navnet på et av innsatsområdene."),
                    format!("Resultatet for {ry} gjeld «{area}», som ikkje er eit innsatsområde i planen. Bruk namnet på eitt av innsatsområda."),
                );
            }
            if ry >= year || (period.is_valid() && !period.contains(ry)) {
                self.push(
                    Code::ResultsYear,
                    FieldPath::root("previous_results").field("records").index(i).field("year"),
                    format!("Resultatet gjelder {ry}, men bare år før {year} i perioden {from}–{to} kan ha resultater. Rett opp året."),
                    format!("Resultatet gjeld {ry}, men berre år før {year} i perioden {from}–{to} kan ha resultat. Rett opp året."),
                );
            }
        }
    }

    fn activities(&mut self, plan: &Plan) {
        for (i, activity) in plan.activities().iter().enumerate() {
            let m = activity.month;
            if !(1..=12).contains(&m) {
                self.push(
                    Code::MonthOutOfRange,
                    FieldPath::root("communication")
                        .field("activities")
                        .index(i)
                        .field("month"),
                    format!(
                        "Måned {m} finnes ikke. Oppgi en måned fra 1 (januar) til 12 (desember)."
                    ),
                    format!(
                        "Månad {m} finst ikkje. Oppgi ein månad frå 1 (januar) til 12 (desember)."
                    ),
                );
            }
        }
    }

    fn placeholders(&mut self, plan: &Plan) {
        let mut found: Vec<(FieldPath, &str)> = Vec::new();
        for_each_text(plan, &mut |path, text| {
            if let Some(placeholder) = find_placeholder(text) {
                found.push((path(), placeholder));
            }
        });
        for (path, placeholder) in found {
            self.placeholder(path, placeholder);
        }
    }
}

/// Every free text of the plan with its path.
pub fn texts(plan: &Plan) -> Vec<(FieldPath, &str)> {
    let mut out: Vec<(FieldPath, &str)> = Vec::new();
    for_each_text(plan, &mut |path, text| out.push((path(), text)));
    out
}

/// Calls `visit` with every free text of the plan, in the order of [`texts`], and a
/// function that makes its path: the path is only formatted when it is needed.
fn for_each_text<'p>(plan: &'p Plan, visit: &mut dyn FnMut(&dyn Fn() -> FieldPath, &'p str)) {
    let programme = &plan.programme;
    visit(
        &|| FieldPath::root("programme").field("name"),
        &programme.name,
    );
    visit(
        &|| FieldPath::root("programme").field("area"),
        &programme.area,
    );
    if let Some(county) = &programme.county {
        visit(&|| FieldPath::root("programme").field("county"), county);
    }
    if let Some(vision) = &programme.vision {
        visit(&|| FieldPath::root("programme").field("vision"), vision);
    }
    for (a, area) in plan.focus_areas.iter().enumerate() {
        visit(
            &|| FieldPath::root("focus_areas").index(a).field("name"),
            &area.name,
        );
        for (field, text) in [
            ("description", &area.description),
            ("impact_goal", &area.impact_goal),
            ("result_goal", &area.result_goal),
        ] {
            if let Some(text) = text {
                visit(
                    &|| FieldPath::root("focus_areas").index(a).field(field),
                    text,
                );
            }
        }
        for (s, strategy) in area.strategies.iter().enumerate() {
            visit(
                &|| {
                    FieldPath::root("focus_areas")
                        .index(a)
                        .field("strategies")
                        .index(s)
                        .field("name")
                },
                &strategy.name,
            );
            if let Some(content) = &strategy.content {
                visit(
                    &|| {
                        FieldPath::root("focus_areas")
                            .index(a)
                            .field("strategies")
                            .index(s)
                            .field("content")
                    },
                    content,
                );
            }
            for (p, project) in strategy.projects.iter().enumerate() {
                visit(
                    &|| {
                        FieldPath::root("focus_areas")
                            .index(a)
                            .field("strategies")
                            .index(s)
                            .field("projects")
                            .index(p)
                            .field("name")
                    },
                    &project.name,
                );
                if let Some(goal) = &project.goal {
                    visit(
                        &|| {
                            FieldPath::root("focus_areas")
                                .index(a)
                                .field("strategies")
                                .index(s)
                                .field("projects")
                                .index(p)
                                .field("goal")
                        },
                        goal,
                    );
                }
            }
        }
    }
    for (i, source) in plan.financing.iter().enumerate() {
        visit(
            &|| FieldPath::root("financing").index(i).field("source"),
            &source.source,
        );
    }
    if let Some(summary) = plan
        .previous_results
        .as_ref()
        .and_then(|r| r.summary.as_ref())
    {
        visit(
            &|| FieldPath::root("previous_results").field("summary"),
            summary,
        );
    }
    for (i, activity) in plan.activities().iter().enumerate() {
        visit(
            &|| {
                FieldPath::root("communication")
                    .field("activities")
                    .index(i)
                    .field("title")
            },
            &activity.title,
        );
        for (field, text) in [
            ("audience", &activity.audience),
            ("channel", &activity.channel),
            ("responsible", &activity.responsible),
        ] {
            if let Some(text) = text {
                visit(
                    &|| {
                        FieldPath::root("communication")
                            .field("activities")
                            .index(i)
                            .field(field)
                    },
                    text,
                );
            }
        }
    }
}

/// How a value-out-of-range message names a project: by its name, or by its place when it
/// has none.
fn project_name(name: &str, index: usize, strategy: &str) -> (String, String) {
    let name = name.trim();
    if name.is_empty() {
        let n = index + 1;
        let strategy = strategy.trim();
        (
            format!("prosjekt nr. {n} i strategien «{strategy}»"),
            format!("prosjekt nr. {n} i strategien «{strategy}»"),
        )
    } else {
        (
            format!("prosjektet «{name}»"),
            format!("prosjektet «{name}»"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_need_letters_inside_brackets() {
        assert_eq!(find_placeholder("[antall] sikrede"), Some("[antall]"));
        assert_eq!(
            find_placeholder("Mål: [Innsatsområde 1]."),
            Some("[Innsatsområde 1]")
        );
        assert_eq!(find_placeholder("se [1] og [2]"), None);
        assert_eq!(find_placeholder("[[år]"), Some("[år]"));
        assert_eq!(find_placeholder("ingen"), None);
        assert_eq!(find_placeholder("åpen [ uten slutt"), None);
    }
}
