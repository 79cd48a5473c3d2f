//! `omstilling check FILE [--omstillingsplan OP] [--json]`: the findings for a person,
//! or the check object (`handlingsplan.md` §3, `omstillingsplan.md` §3–4). FILE is
//! either kind, told apart by its `format`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use plan::{AnyDocument, Finding, Kroner, Language, Severity};

use crate::input::{InputError, read_any, read_omstillingsplan};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Filen (.json eller .toml): en handlingsplan eller en omstillingsplan; «format» avgjør hvilken.
    file: PathBuf,
    /// Kontroller handlingsplanen også mot denne omstillingsplanen (funnene som begynner med «op-»).
    #[arg(long, value_name = "OMSTILLINGSPLAN")]
    omstillingsplan: Option<PathBuf>,
    /// Skriv kontrollobjektet som JSON (spesifikasjonen §3) på standard ut.
    #[arg(long)]
    json: bool,
}

/// What was checked: the findings, the check object and the summary's figures.
struct Checked {
    language: Language,
    findings: Vec<Finding>,
    json: serde_json::Value,
    summary: Summary,
}

/// Exit codes: 0 no errors, 1 errors found, 2 unreadable.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let checked = match checked(args) {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &checked.json)?;
        writeln!(out)?;
    } else {
        let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        out.write_all(
            report(
                &checked.findings,
                checked.language,
                &args.file.display().to_string(),
                &checked.summary,
                colour,
            )
            .as_bytes(),
        )?;
    }
    out.flush()?;
    Ok(
        if checked
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error)
        {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// Reads the file(s) and checks them; a read error names its file.
fn checked(args: &CheckArgs) -> Result<Checked, InputError> {
    let document = read_any(&args.file)?;
    match (document, &args.omstillingsplan) {
        (AnyDocument::Handlingsplan(plan), against) => {
            let evaluation = match against {
                Some(path) => {
                    let omstillingsplan = read_omstillingsplan(path)?;
                    plan::omstillingsplan::against::evaluate_against(&plan, &omstillingsplan)
                }
                None => plan::handlingsplan::evaluate(&plan),
            };
            Ok(Checked {
                language: plan.language,
                json: plan::handlingsplan::report::check_json(&evaluation),
                summary: Summary::Plan {
                    total_cost: evaluation.totals.total_cost,
                    jobs: evaluation.totals.jobs.total,
                },
                findings: evaluation.findings,
            })
        }
        (AnyDocument::Omstillingsplan(_), Some(_)) => Err(InputError(format!(
            "«{}» er en omstillingsplan; --omstillingsplan kontrollerer en handlingsplan mot den",
            args.file.display()
        ))),
        (AnyDocument::Omstillingsplan(omstillingsplan), None) => {
            let evaluation = plan::omstillingsplan::evaluate(&omstillingsplan);
            Ok(Checked {
                language: omstillingsplan.language,
                json: plan::omstillingsplan::report::check_json(&evaluation),
                summary: Summary::Omstillingsplan {
                    frame: evaluation
                        .totals
                        .frames
                        .as_ref()
                        .map(|f| f.programme.as_ref().map_or(f.areas.total, |p| p.total)),
                    jobs: evaluation.totals.jobs.total,
                },
                findings: evaluation.findings,
            })
        }
    }
}

/// The figures of the summary line.
pub enum Summary {
    /// A yearly plan: its *samlet kostnad* and the period's jobs.
    Plan { total_cost: Kroner, jobs: i64 },
    /// An Omstillingsplan: its economic frame over the period (the programme's, else
    /// the areas' sum), if any, and the period's jobs.
    Omstillingsplan { frame: Option<Kroner>, jobs: i64 },
}

/// The report for a person on either kind: findings grouped by severity, then a
/// summary line.
pub fn report(
    findings: &[Finding],
    language: Language,
    file: &str,
    summary: &Summary,
    colour: bool,
) -> String {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    let groups = [
        (Severity::Error, language.pick("Feil", "Feil"), "1;31"),
        (
            Severity::Warning,
            language.pick("Advarsler", "Åtvaringar"),
            "1;33",
        ),
        (
            Severity::Info,
            language.pick("Merknader", "Merknader"),
            "1;36",
        ),
    ];
    for (severity, title, code) in groups {
        let group: Vec<_> = findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&paint(code, &format!("{title} ({})", group.len())));
        out.push('\n');
        for finding in group {
            out.push_str(&format!(
                "  {} {}\n    {}\n",
                paint("1", &finding.path),
                paint("2", &format!("[{}]", finding.code)),
                finding.message
            ));
        }
        out.push('\n');
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let (cost, jobs) = match summary {
        Summary::Plan { total_cost, jobs } => {
            let total = plan::norwegian::kroner(*total_cost);
            (
                language
                    .pick("Samlet kostnad {total}", "Samla kostnad {total}")
                    .replace("{total}", &total),
                *jobs,
            )
        }
        Summary::Omstillingsplan { frame, jobs } => (
            match frame {
                Some(frame) => language
                    .pick("Samlet ramme {total}", "Samla ramme {total}")
                    .replace("{total}", &plan::norwegian::kroner(*frame)),
                None => language
                    .pick("Ingen økonomisk ramme", "Inga økonomisk ramme")
                    .to_string(),
            },
            *jobs,
        ),
    };
    let summary = match language {
        Language::Bokmal => format!(
            "{file}: {errors} feil, {warnings} {}, {infos} {}. {cost}, {jobs} arbeidsplasser i perioden.",
            if warnings == 1 {
                "advarsel"
            } else {
                "advarsler"
            },
            if infos == 1 { "merknad" } else { "merknader" },
        ),
        Language::Nynorsk => format!(
            "{file}: {errors} feil, {warnings} {}, {infos} {}. {cost}, {jobs} arbeidsplassar i perioden.",
            if warnings == 1 {
                "åtvaring"
            } else {
                "åtvaringar"
            },
            if infos == 1 { "merknad" } else { "merknader" },
        ),
    };
    let summary_colour = if errors > 0 { "1;31" } else { "1;32" };
    out.push_str(&paint(summary_colour, &summary));
    out.push('\n');
    out
}
