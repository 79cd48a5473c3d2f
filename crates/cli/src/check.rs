//! `omstilling check FILE [--json]`: the findings for a person, or the spec §3 object.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use plan::{Evaluation, Language, Severity};

use crate::input::read_plan;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Planfilen (.json eller .toml).
    file: PathBuf,
    /// Skriv kontrollobjektet som JSON (spesifikasjonen §3) på standard ut.
    #[arg(long)]
    json: bool,
}

/// Exit codes: 0 no errors, 1 errors found, 2 unreadable.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let plan = match read_plan(&args.file) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let evaluation = plan::evaluate(&plan);
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = plan::report::check_json(&evaluation);
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        out.write_all(
            human_report(
                &evaluation,
                plan.language,
                &args.file.display().to_string(),
                colour,
            )
            .as_bytes(),
        )?;
    }
    out.flush()?;
    Ok(if evaluation.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The report for a person: findings grouped by severity, then a summary line.
pub fn human_report(
    evaluation: &Evaluation,
    language: Language,
    file: &str,
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
        let findings: Vec<_> = evaluation
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        if findings.is_empty() {
            continue;
        }
        out.push_str(&paint(code, &format!("{title} ({})", findings.len())));
        out.push('\n');
        for finding in findings {
            out.push_str(&format!(
                "  {} {}\n    {}\n",
                paint("1", &finding.path),
                paint("2", &format!("[{}]", finding.code)),
                finding.message
            ));
        }
        out.push('\n');
    }
    let (errors, warnings, infos) = plan::report::counts(evaluation);
    let total = plan::norwegian::kroner(evaluation.totals.total_cost);
    let jobs = evaluation.totals.jobs.total;
    let summary = match language {
        Language::Bokmal => format!(
            "{file}: {errors} feil, {warnings} {}, {infos} {}. Samlet kostnad {total}, {jobs} arbeidsplasser i perioden.",
            if warnings == 1 {
                "advarsel"
            } else {
                "advarsler"
            },
            if infos == 1 { "merknad" } else { "merknader" },
        ),
        Language::Nynorsk => format!(
            "{file}: {errors} feil, {warnings} {}, {infos} {}. Samla kostnad {total}, {jobs} arbeidsplassar i perioden.",
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
