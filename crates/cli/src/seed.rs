//! `omstilling seed --programmes N --years 6`: fills a database with realistic, varied
//! programmes and yearly plans (issue 14's benchmark, and for trying the overview):
//! different places, counties, periods, focus areas, budgets, financing (some with a low
//! municipal share, some with shares that do not add up, some mixing shares and amounts),
//! results in section 1.1, statuses and decisions. Deterministic for a `--seed`.
//!
//! The plans are built here as `plan` types and written in the canonical JSON the server
//! stores; the store writes them in batches, a transaction each
//! ([`store::overview::OverviewStore::seed`]), with their summaries.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use plan::handlingsplan::{
    Activity, Communication, FinancingSource, FocusArea, Plan, PreviousResults, Project,
    ResultRecord, SourceKind, Strategy,
};
use plan::{Approval, Date, Kroner, Language, Period, Programme, Share};
use store::overview::{SeedProgramme, SeedVersion};
use store::{Decision, NewProgramme, VersionStatus};

use crate::admin::{DbArg, open, runtime};

#[derive(Debug, clap::Args)]
pub struct SeedArgs {
    /// Hvor mange program.
    #[arg(long, default_value_t = 100)]
    programmes: usize,
    /// Hvor mange år (planer) per program, fra --first-year.
    #[arg(long, default_value_t = 6)]
    years: i32,
    /// Det første året i periodene.
    #[arg(long, default_value_t = 2025)]
    first_year: i32,
    /// Året som er «i år»: tidligere planer er vedtatt, senere er utkast.
    #[arg(long, default_value_t = 2026)]
    this_year: i32,
    /// Startverdi for tilfeldighetene (samme verdi gir samme data).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Kortnavnene begynner med dette (så flere kjøringer kan fylle én database).
    #[arg(long, default_value = "seed")]
    prefix: String,
    #[command(flatten)]
    db: DbArg,
}

/// How many programmes one transaction writes.
const BATCH: usize = 200;

pub fn run(args: &SeedArgs) -> anyhow::Result<ExitCode> {
    if !(1..=10).contains(&args.years) {
        anyhow::bail!("--years må være fra 1 til 10, ikke {}", args.years);
    }
    // Every slug is the prefix and a number: the longest one is checked before anything is
    // written.
    store::Slug::parse(&slug_of(&args.prefix, args.programmes.saturating_sub(1)))
        .map_err(|e| anyhow::anyhow!("--prefix «{}» gir ugyldige kortnavn: {e}", args.prefix))?;
    runtime()?.block_on(async {
        let store = open(&args.db).await?;
        let now = web::clock::now();
        let author = match store.user_by_name("seed").await? {
            Some((user, _)) => user,
            None => store.create_user("seed", None, None, now).await?,
        };
        let started = Instant::now();
        let mut random = Random(args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut written = 0;
        let mut plans = 0;
        while written < args.programmes {
            let count = BATCH.min(args.programmes - written);
            let batch: Vec<SeedProgramme> = (written..written + count)
                .map(|index| {
                    let programme = programme(args, index, &mut random);
                    plans += programme.plans.len();
                    programme
                })
                .collect();
            store
                .seed(&batch, author.id, now)
                .await
                .with_context(|| format!("kunne ikke skrive program {}–{}", written + 1, written + count))?;
            written += count;
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{written} program og {plans} planer skrevet på {seconds:.1} s ({:.0} planer per sekund)",
            plans as f64 / seconds.max(1e-9)
        );
        Ok(ExitCode::SUCCESS)
    })
}

/// A small, fast, deterministic generator (xorshift64*); no cryptography needed here.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        let span = (high - low + 1).max(1) as u64;
        low + (self.next() % span) as i64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: i64) -> bool {
        self.between(1, 100) <= percent
    }
}

const PLACES: [&str; 24] = [
    "Fjordvik",
    "Havbygd",
    "Nordstrand",
    "Fjellheim",
    "Elvebakken",
    "Sjøholt",
    "Dalsvik",
    "Breivik",
    "Lyngstad",
    "Stormo",
    "Vikanes",
    "Skogly",
    "Solheim",
    "Bjørkås",
    "Øyfjord",
    "Tindevik",
    "Kvitberg",
    "Lysnes",
    "Hamarøy",
    "Furuset",
    "Råneby",
    "Åsvang",
    "Myrland",
    "Strandebø",
];

const COUNTIES: [&str; 15] = [
    "Agder",
    "Akershus",
    "Buskerud",
    "Finnmark",
    "Innlandet",
    "Møre og Romsdal",
    "Nordland",
    "Oslo",
    "Rogaland",
    "Telemark",
    "Troms",
    "Trøndelag",
    "Vestfold",
    "Vestland",
    "Østfold",
];

const AREAS: [&str; 10] = [
    "Industri og leverandørnæring",
    "Reiseliv og opplevelser",
    "Nytt næringsliv og gründere",
    "Havbruk og sjømat",
    "Landbruk og mat",
    "Kompetanse og rekruttering",
    "Fornybar energi",
    "Digitale tjenester",
    "Bærekraftig byggenæring",
    "Handel og sentrum",
];

const STRATEGIES: [&str; 6] = [
    "Styrke eksisterende bedrifter",
    "Tiltrekke nye etableringer",
    "Bygge nettverk og klynger",
    "Utvikle kompetanse",
    "Markedsføre regionen",
    "Legge til rette for gründere",
];

/// The slug of the `index`th seeded programme.
fn slug_of(prefix: &str, index: usize) -> String {
    format!("{prefix}-{:05}", index + 1)
}

fn programme(args: &SeedArgs, index: usize, random: &mut Random) -> SeedProgramme {
    let place = PLACES[index % PLACES.len()];
    let round = index / PLACES.len();
    let name = if round == 0 {
        format!("{place} Vekst")
    } else {
        format!("{place} Vekst {}", round + 1)
    };
    let county = random.pick(&COUNTIES).to_string();
    let period = Period {
        from: args.first_year,
        to: args.first_year + args.years - 1,
    };
    let area_names: Vec<&str> = {
        let count = random.between(2, 4) as usize;
        let start = random.between(0, AREAS.len() as i64 - 1) as usize;
        (0..count)
            .map(|i| AREAS[(start + i * 3) % AREAS.len()])
            .collect()
    };
    let targets: Vec<BTreeMap<i32, i64>> = area_names
        .iter()
        .map(|_| {
            (period.from..=period.to)
                .map(|y| (y, random.between(0, 12)))
                .collect()
        })
        .collect();
    let language = if random.chance(15) {
        Language::Nynorsk
    } else {
        Language::Bokmal
    };
    let programme = Programme {
        name: name.clone(),
        area: format!("{place} kommune"),
        county: Some(county.clone()),
        vision: Some(format!("{place} skal ha et variert og robust næringsliv")),
        period,
        jobs_goal: Some(targets.iter().flat_map(|t| t.values()).sum()),
    };
    let mut achieved: Vec<ResultRecord> = Vec::new();
    let mut plans = Vec::new();
    for year in period.from..=period.to {
        let plan = yearly_plan(
            &programme,
            language,
            year,
            &area_names,
            &targets,
            &achieved,
            random,
        );
        plans.push((year, versions(plan, year, args.this_year, random)));
        for (area, target) in area_names.iter().zip(&targets) {
            let goal = target.get(&year).copied().unwrap_or(0);
            achieved.push(ResultRecord {
                year,
                focus_area: (*area).to_owned(),
                new_jobs: Some(random.between(0, goal + 2)),
                secured_jobs: Some(random.between(0, 3)),
                projects_completed: Some(random.between(0, 4)),
                applications_granted: Some(random.between(0, 6)),
            });
        }
    }
    SeedProgramme {
        programme: NewProgramme {
            slug: store::Slug::parse(&slug_of(&args.prefix, index))
                .unwrap_or_else(|_| unreachable!("checked before the first batch")),
            name,
            area: programme.area.clone(),
            county: Some(county),
            period_from: period.from,
            period_to: period.to,
        },
        plans,
    }
}

fn yearly_plan(
    programme: &Programme,
    language: Language,
    year: i32,
    area_names: &[&str],
    targets: &[BTreeMap<i32, i64>],
    achieved: &[ResultRecord],
    random: &mut Random,
) -> Plan {
    let focus_areas: Vec<FocusArea> = area_names
        .iter()
        .zip(targets)
        .map(|(name, target)| FocusArea {
            name: (*name).to_owned(),
            description: Some(format!("{name} i {}", programme.area)),
            impact_goal: Some("Flere arbeidsplasser i regionen".to_owned()),
            result_goal: Some("Nye og sikrede arbeidsplasser".to_owned()),
            job_targets: Some(target.clone()),
            strategies: (0..random.between(1, 3))
                .map(|_| Strategy {
                    name: random.pick(&STRATEGIES).to_string(),
                    content: None,
                    sdg: Some(random.between(8, 9)),
                    projects: (0..random.between(1, 3))
                        .map(|n| Project {
                            name: format!("Prosjekt {}", n + 1),
                            goal: Some("Økt verdiskaping".to_owned()),
                            budget: Kroner(random.between(2, 40) * 50_000),
                        })
                        .collect(),
                })
                .collect(),
            grant_funds: Kroner(random.between(0, 20) * 50_000),
            programme_resources: Kroner(random.between(1, 8) * 100_000),
        })
        .collect();
    // The financing: mostly sound, some with a low municipal share (a warning), some
    // whose shares do not add up or that mix shares and amounts (errors).
    let shares: &[(SourceKind, &str, i64)] = match random.between(1, 20) {
        1 => &[
            (SourceKind::State, "KDD", 50),
            (SourceKind::County, "fylkeskommune", 25),
            (SourceKind::Municipality, "kommune", 20),
        ],
        2 => &[
            (SourceKind::State, "KDD", 60),
            (SourceKind::County, "fylkeskommune", 30),
            (SourceKind::Municipality, "kommune", 10),
        ],
        3..=6 => &[
            (SourceKind::State, "KDD", 45),
            (SourceKind::County, "fylkeskommune", 25),
            (SourceKind::Municipality, "kommune", 25),
            (SourceKind::Other, "næringsfond", 5),
        ],
        _ => &[
            (SourceKind::State, "KDD", 50),
            (SourceKind::County, "fylkeskommune", 25),
            (SourceKind::Municipality, "kommune", 25),
        ],
    };
    let mix = random.chance(3);
    let financing = shares
        .iter()
        .enumerate()
        .map(|(i, (kind, source, share))| FinancingSource {
            source: (*source).to_owned(),
            kind: Some(*kind),
            share: (!(mix && i == 0)).then(|| Share::from_hundredths(share * 100)),
            amount: (mix && i == 0).then_some(Kroner(1_000_000)),
        })
        .collect();
    let months = random.between(2, 6);
    Plan {
        language,
        programme: programme.clone(),
        year,
        approval: Approval::default(),
        focus_areas,
        admin_costs: Kroner(random.between(4, 12) * 100_000),
        financing,
        previous_results: Some(PreviousResults {
            summary: None,
            records: achieved.iter().filter(|r| r.year < year).cloned().collect(),
        }),
        communication: Some(Communication {
            activities: (0..months)
                .map(|m| Activity {
                    month: (m * 2 + 1).min(12),
                    title: "Nyhetsbrev og møte med næringslivet".to_owned(),
                    audience: Some("Næringslivet".to_owned()),
                    channel: Some("Nettside".to_owned()),
                    responsible: Some("Programleder".to_owned()),
                })
                .collect(),
        }),
    }
}

/// The versions of one year's plan: a draft, then the decisions its year calls for
/// (earlier years approved, this year approved or at the board, later years drafts).
fn versions(mut plan: Plan, year: i32, this_year: i32, random: &mut Random) -> Vec<SeedVersion> {
    let draft = SeedVersion {
        status: VersionStatus::Draft,
        body: plan::handlingsplan::file::to_json(&plan),
        decision: None,
    };
    let steps = if year < this_year {
        2
    } else if year == this_year {
        random.between(1, 2)
    } else if year == this_year + 1 {
        random.between(0, 1)
    } else {
        0
    };
    let mut out = vec![draft];
    let board_date = Date::new(year - 1, 12, random.between(1, 15) as u32);
    let council_date = Date::new(year, 1, random.between(15, 30) as u32);
    if steps >= 1
        && let Some(date) = board_date
    {
        plan.approval.board = Some(date);
        out.push(SeedVersion {
            status: VersionStatus::BoardApproved,
            body: plan::handlingsplan::file::to_json(&plan),
            decision: Some((
                "board".to_owned(),
                Decision {
                    date: date.to_string(),
                    reference: format!("sak {}/{}", random.between(1, 60), (year - 1) % 100),
                },
            )),
        });
    }
    if steps >= 2
        && let Some(date) = council_date
    {
        plan.approval.council = Some(date);
        out.push(SeedVersion {
            status: VersionStatus::Approved,
            body: plan::handlingsplan::file::to_json(&plan),
            decision: Some((
                "council".to_owned(),
                Decision {
                    date: date.to_string(),
                    reference: format!("sak {}/{}", random.between(1, 40), year % 100),
                },
            )),
        });
    }
    out
}
