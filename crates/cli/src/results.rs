//! `omstilling results FILE.csv --plan PLAN [--json] [-o OUT]` (spec `resultater.md` §5):
//! reads result rows from a spreadsheet's CSV against a plan's areas and period and
//! prints the import report; `-o` writes the plan with section 1.1's records computed
//! from the rows.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use plan::handlingsplan::Plan;
use plan::results::{self, Aggregation, Import, RegistryContext};
use plan::{Language, Syntax};

use crate::input::read_plan;

#[derive(Debug, clap::Args)]
pub struct ResultsArgs {
    /// CSV-fila med resultater (semikolon, komma eller tabulator; UTF-8 eller Windows-1252).
    file: PathBuf,
    /// Planen (.json eller .toml) som gir innsatsområdene, perioden og året.
    #[arg(long)]
    plan: PathBuf,
    /// Skriv importrapporten som JSON (spesifikasjonen §5) på standard ut.
    #[arg(long)]
    json: bool,
    /// Skriv planen med resultatene i 1.1 beregnet fra radene (.json eller .toml).
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
}

/// Exit codes: 0 imported without errors, 1 errors in the file, 2 unreadable input.
pub fn run(args: &ResultsArgs) -> anyhow::Result<ExitCode> {
    let plan = match read_plan(&args.plan) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let shown = args.file.display().to_string();
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let why = match error.kind() {
                std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
                std::io::ErrorKind::PermissionDenied => "mangler tilgang til filen".to_string(),
                std::io::ErrorKind::IsADirectory => "dette er en mappe, ikke en fil".to_string(),
                _ => error.to_string(),
            };
            eprintln!("omstilling: kan ikke lese «{shown}»: {why}");
            return Ok(ExitCode::from(2));
        }
    };
    let output_syntax = match &args.output {
        Some(output) => match Syntax::from_path(&output.display().to_string()) {
            Some(syntax) => Some(syntax),
            None => {
                eprintln!(
                    "omstilling: kan ikke skrive «{}»: planen må skrives som .json eller .toml",
                    output.display()
                );
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let context = RegistryContext::from_plan(&plan);
    let import = match results::import(&bytes, &context, []) {
        Ok(import) => import,
        Err(error) => {
            eprintln!(
                "omstilling: kan ikke lese «{shown}»: {}",
                error.message.get(plan.language)
            );
            return Ok(ExitCode::from(2));
        }
    };
    let aggregation = results::aggregate(
        import.new_rows.iter().map(|lined| &lined.row),
        &context,
        plan.year,
    );

    let mut out = std::io::stdout().lock();
    if args.json {
        let json = results::report_json(&import, &aggregation, plan.language);
        serde_json::to_writer_pretty(&mut out, &json)?;
        writeln!(out)?;
    } else {
        let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        out.write_all(human_report(&import, &aggregation, &plan, &shown, colour).as_bytes())?;
    }
    out.flush()?;
    if !import.is_ok() {
        return Ok(ExitCode::from(1));
    }
    if let (Some(output), Some(syntax)) = (&args.output, output_syntax) {
        let updated = results::with_records(&plan, aggregation.records);
        let text = match syntax {
            Syntax::Json => plan::handlingsplan::file::to_json(&updated),
            Syntax::Toml => plan::handlingsplan::file::to_toml(&updated)
                .map_err(|e| anyhow::anyhow!("kan ikke skrive planen som TOML: {e}"))?,
        };
        crate::render::write_file(output, text.as_bytes())?;
        eprintln!(
            "{} {}",
            plan.language.pick("Skrev", "Skreiv"),
            output.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The report for a person: a summary line, the errors grouped by line with each
/// cell's text quoted, then the records for the plan's year.
pub fn human_report(
    import: &Import,
    aggregation: &Aggregation,
    plan: &Plan,
    file: &str,
    colour: bool,
) -> String {
    let language = plan.language;
    let nb = language == Language::Bokmal;
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let number = |n: usize| plan::norwegian::integer(n as i64);
    let mut out = String::new();
    let errors = import.errors.len();
    let duplicates = import.duplicates.len();
    out.push_str(&format!(
        "{file}: {} {}, {} {}, {} feil\n",
        number(import.rows_read),
        match (nb, import.rows_read == 1) {
            (true, true) => "rad lest",
            (true, false) => "rader lest",
            (false, true) => "rad lesen",
            (false, false) => "rader lesne",
        },
        number(duplicates),
        if duplicates == 1 {
            language.pick("duplikat hoppet over", "duplikat hoppa over")
        } else {
            language.pick("duplikater hoppet over", "duplikat hoppa over")
        },
        number(errors),
    ));
    if errors > 0 {
        out.push('\n');
        out.push_str(&paint(
            "1;31",
            &format!("{} ({})", language.pick("Feil", "Feil"), number(errors)),
        ));
        out.push('\n');
        let mut by_line: BTreeMap<u64, Vec<&results::ImportError>> = BTreeMap::new();
        for error in &import.errors {
            by_line.entry(error.line).or_default().push(error);
        }
        for (line, errors) in by_line {
            out.push_str(&paint(
                "1",
                &format!("  {} {line}", language.pick("Linje", "Linje")),
            ));
            out.push('\n');
            for error in errors {
                let place = match (&error.column, &error.text) {
                    (Some(column), Some(text)) => {
                        format!("{column} «{}»: ", text.trim())
                    }
                    (Some(column), None) => format!("{column}: "),
                    _ => String::new(),
                };
                out.push_str(&format!(
                    "    {place}{} {}\n",
                    error.message.get(language),
                    paint("2", &format!("[{}]", error.code.as_str())),
                ));
            }
        }
        out.push('\n');
        out.push_str(&paint(
            "1;31",
            language.pick(
                "Ingenting er importert: rett feilene i fila og prøv igjen.",
                "Ingenting er importert: rett feila i fila og prøv igjen.",
            ),
        ));
        out.push('\n');
        return out;
    }
    if duplicates > 0 {
        let lines: Vec<String> = import.duplicates.iter().map(u64::to_string).collect();
        out.push_str(&format!(
            "{} {}\n",
            language.pick(
                "Like rader, talt bare én gang, på linje",
                "Like rader, talde berre éin gong, på linje"
            ),
            lines.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&paint(
        "1",
        &format!(
            "{} {} ({})",
            language.pick("Resultater for planen for", "Resultat for planen for"),
            plan.year,
            language.pick("1.1, tidligere år", "1.1, tidlegare år"),
        ),
    ));
    out.push('\n');
    if aggregation.records.is_empty() {
        out.push_str(language.pick(
            "  Ingen rader fra tidligere år i perioden.\n",
            "  Ingen rader frå tidlegare år i perioden.\n",
        ));
    }
    for record in &aggregation.records {
        let amount = aggregation
            .granted_amounts
            .iter()
            .find(|a| a.year == record.year && a.focus_area == record.focus_area)
            .map(|a| a.amount)
            .unwrap_or_default();
        let n = |value: Option<i64>| plan::norwegian::integer(value.unwrap_or(0));
        out.push_str(&format!(
            "  {} {}: {} {}, {} {}, {} {}, {} {}, {} {}\n",
            record.year,
            record.focus_area,
            n(record.new_jobs),
            language.pick("nye arbeidsplasser", "nye arbeidsplassar"),
            n(record.secured_jobs),
            language.pick("sikrede arbeidsplasser", "sikra arbeidsplassar"),
            n(record.projects_completed),
            language.pick("avsluttede prosjekter", "avslutta prosjekt"),
            n(record.applications_granted),
            language.pick("innvilgede søknader", "innvilga søknader"),
            plan::norwegian::kroner(amount),
            language.pick("innvilget", "innvilga"),
        ));
    }
    out
}
