//! Benchmark of the plan core: read + compute + check, the work behind `omstilling check`
//! and the API's `/check`, for the Fjordvik fixture and for generated plans of growing size.
//!
//! Groups:
//! - `fjordvik`: the fixture `fjordvik-2027.json` (read at start from `../shared/fixtures`),
//!   as a whole (`read+evaluate+check_json`) and step by step (`read`, `evaluate`,
//!   `check_json`).
//! - `generated`: 50 focus areas × 20 strategies × N projects (N = 1, 2, 5, 10, so 1 000 to
//!   10 000 projects), as JSON text produced by `file::to_json`; the same three steps and the
//!   whole. Criterion's throughput is the number of projects, so the report shows the cost
//!   per project and whether it stays flat (linear growth).
//!
//! Run: `cargo bench -p plan --bench evaluate` (release build; results in
//! `target/criterion`). On a machine shared with other work, wall-clock time includes the
//! time the benchmark waits for a core; `BENCH_CLOCK=cpu cargo bench -p plan --bench
//! evaluate` measures the thread's CPU time instead (`CLOCK_THREAD_CPUTIME_ID`, through the
//! `cpu-time` crate), in groups named `…-oncpu`. Figures and how they were taken: `docs/benchmarks.md`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BenchmarkId, Criterion, Throughput};
use plan::handlingsplan::file::{self, Syntax};
use plan::handlingsplan::report::check_json;
use plan::handlingsplan::{
    Activity, Communication, FinancingSource, FocusArea, Plan, Project, SourceKind, Strategy,
    evaluate,
};
use plan::{Approval, Date, Kroner, Language, Period, Programme, Share};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/fjordvik-2027.json"
);

/// Focus areas and strategies per area of the generated plans (the large plan).
const AREAS: usize = 50;
const STRATEGIES_PER_AREA: usize = 20;
/// Projects per strategy of the generated plans; 10 is the large plan.
const PROJECT_COUNTS: [usize; 4] = [1, 2, 5, 10];

/// Everything `omstilling check --json` does between the file's text and the output.
fn read_evaluate_check(text: &str, syntax: Syntax) -> serde_json::Value {
    let plan = file::read(text, syntax).expect("the benchmark's plan reads");
    let evaluation = evaluate(&plan);
    check_json(&evaluation)
}

/// A plan like a real one, only larger: every text filled in, job targets for every year,
/// budgets that vary, shares adding up to 100 %, so that it passes the checks and every
/// part of the computation runs.
fn generated_plan(projects_per_strategy: usize) -> Plan {
    let period = Period {
        from: 2025,
        to: 2030,
    };
    let focus_areas = (0..AREAS)
        .map(|a| FocusArea {
            name: format!("Innsatsområde {}", a + 1),
            description: Some(format!(
                "Innsatsområde {} omfatter utvikling av eksisterende bedrifter og nye næringer.",
                a + 1
            )),
            impact_goal: Some("Flere helårs arbeidsplasser og økt omsetning.".into()),
            result_goal: Some("Ti nye og sikrede arbeidsplasser.".into()),
            job_targets: Some(
                (period.from..=period.to)
                    .map(|year| (year, i64::from(year - period.from) + 1))
                    .collect::<BTreeMap<i32, i64>>(),
            ),
            strategies: (0..STRATEGIES_PER_AREA)
                .map(|s| Strategy {
                    name: format!("Strategi {}.{}", a + 1, s + 1),
                    content: Some("Tilrettelegge for utviklingsaktiviteter i bedrifter".into()),
                    sdg: Some(((a * STRATEGIES_PER_AREA + s) % 17 + 1) as i64),
                    projects: (0..projects_per_strategy)
                        .map(|p| Project {
                            name: format!("Prosjekt {}.{}.{}", a + 1, s + 1, p + 1),
                            goal: Some("Sluttrapport levert og tiltak gjennomført".into()),
                            budget: Kroner(
                                50_000 + ((a * 7 + s * 13 + p * 31) % 40) as i64 * 10_000,
                            ),
                        })
                        .collect(),
                })
                .collect(),
            grant_funds: Kroner(1_000_000 + a as i64 * 10_000),
            programme_resources: Kroner(300_000),
        })
        .collect::<Vec<_>>();
    let jobs_goal: i64 = (1..=6).sum::<i64>() * AREAS as i64;
    Plan {
        language: Language::Bokmal,
        programme: Programme {
            name: "Storvik Vekst".into(),
            area: "Storvik kommune".into(),
            county: Some("Vestland".into()),
            vision: Some("Storvik – levende lokalsamfunn".into()),
            period,
            jobs_goal: Some(jobs_goal),
        },
        year: 2027,
        approval: Approval {
            board: Date::new(2026, 11, 27),
            council: Date::new(2026, 12, 10),
        },
        focus_areas,
        admin_costs: Kroner(900_000),
        financing: [
            ("KDD", SourceKind::State, 5000),
            ("Vestland fylkeskommune", SourceKind::County, 2500),
            ("Storvik kommune", SourceKind::Municipality, 2500),
        ]
        .into_iter()
        .map(|(source, kind, hundredths)| FinancingSource {
            source: source.into(),
            kind: Some(kind),
            share: Some(Share::from_hundredths(hundredths)),
            amount: None,
        })
        .collect(),
        previous_results: None,
        communication: Some(Communication {
            activities: (1..=12)
                .map(|month| Activity {
                    month,
                    title: format!("Aktivitet {month}"),
                    audience: Some("Bedrifter".into()),
                    channel: Some("Møte".into()),
                    responsible: Some("Programleder".into()),
                })
                .collect(),
        }),
    }
}

fn fjordvik<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap_or_else(|e| panic!("cannot read the Fjordvik fixture at {FIXTURE}: {e}"));
    let plan = file::read(&text, Syntax::Json).expect("the Fjordvik fixture reads");
    let evaluation = evaluate(&plan);

    let mut group = c.benchmark_group(format!("fjordvik{suffix}"));
    group.bench_function("read+evaluate+check_json", |b| {
        b.iter(|| read_evaluate_check(black_box(&text), Syntax::Json))
    });
    group.bench_function("read", |b| {
        b.iter(|| file::read(black_box(&text), Syntax::Json))
    });
    group.bench_function("evaluate", |b| b.iter(|| evaluate(black_box(&plan))));
    group.bench_function("check_json", |b| {
        b.iter(|| check_json(black_box(&evaluation)))
    });
    group.finish();
}

fn generated<M: Measurement>(c: &mut Criterion<M>, suffix: &str) {
    let mut group = c.benchmark_group(format!("generated{suffix}"));
    group.sample_size(30);
    for projects_per_strategy in PROJECT_COUNTS {
        let plan = generated_plan(projects_per_strategy);
        let text = file::to_json(&plan);
        let evaluation = evaluate(&plan);
        assert!(
            !evaluation.has_errors(),
            "the generated plan should pass the checks: {:?}",
            evaluation.findings
        );
        let projects = AREAS * STRATEGIES_PER_AREA * projects_per_strategy;
        group.throughput(Throughput::Elements(projects as u64));
        group.bench_with_input(
            BenchmarkId::new("read+evaluate+check_json", projects),
            &text,
            |b, text| b.iter(|| read_evaluate_check(black_box(text), Syntax::Json)),
        );
        group.bench_with_input(BenchmarkId::new("read", projects), &text, |b, text| {
            b.iter(|| file::read(black_box(text), Syntax::Json))
        });
        group.bench_with_input(BenchmarkId::new("evaluate", projects), &plan, |b, plan| {
            b.iter(|| evaluate(black_box(plan)))
        });
        group.bench_with_input(
            BenchmarkId::new("check_json", projects),
            &evaluation,
            |b, evaluation| b.iter(|| check_json(black_box(evaluation))),
        );
    }
    group.finish();
}

/// The time the benchmark thread spent on a CPU: unlike wall-clock time it leaves out
/// the time spent waiting for a core that other processes hold.
#[derive(Debug)]
struct OnCpu;

impl Measurement for OnCpu {
    type Intermediate = cpu_time::ThreadTime;
    type Value = u64;
    fn start(&self) -> cpu_time::ThreadTime {
        cpu_time::ThreadTime::now()
    }
    fn end(&self, start: cpu_time::ThreadTime) -> u64 {
        u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

/// Formats nanoseconds as criterion does for wall-clock time (ns, µs, ms, s; elem/s).
#[derive(Debug)]
struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns"),
            t if t < 1e6 => (1e-3, "µs"),
            t if t < 1e9 => (1e-6, "ms"),
            _ => (1e-9, "s"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(
        &self,
        typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        // This benchmark counts projects (elements); bytes and bits get the same scaling.
        let (per_iteration, units) = match *throughput {
            Throughput::Elements(n) | Throughput::ElementsAndBytes { elements: n, .. } => {
                (n, [" elem/s", "Kelem/s", "Melem/s"])
            }
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => (n, ["  B/s", "KB/s", "MB/s"]),
            Throughput::Bits(n) => (n, ["  b/s", "Kb/s", "Mb/s"]),
        };
        let per_iteration = per_iteration as f64;
        let (factor, unit) = match per_iteration * 1e9 / typical {
            r if r < 1e3 => (1.0, units[0]),
            r if r < 1e6 => (1e-3, units[1]),
            _ => (1e-6, units[2]),
        };
        values
            .iter_mut()
            .for_each(|v| *v = per_iteration * 1e9 / *v * factor);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn main() {
    if std::env::var("BENCH_CLOCK").is_ok_and(|clock| clock == "cpu") {
        let mut criterion = Criterion::default()
            .with_measurement(OnCpu)
            .configure_from_args();
        fjordvik(&mut criterion, "-oncpu");
        generated(&mut criterion, "-oncpu");
    } else {
        let mut criterion = Criterion::<WallTime>::default().configure_from_args();
        fjordvik(&mut criterion, "");
        generated(&mut criterion, "");
    }
    Criterion::default().configure_from_args().final_summary();
}
