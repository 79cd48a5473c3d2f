//! `omstilling import FILE.docx [-o OUT.toml|OUT.json] [--json]`: a Word Handlingsplan
//! into a plan file, with the import findings (spec `import.md` §1). The import itself
//! is pure (`import` crate); this file reads the DOCX and writes the plan.
//!
//! Exit codes: 0 a plan was imported (findings may be warnings); 1 a Word document
//! without a Handlingsplan in it; 2 the file cannot be read as DOCX (or written).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use import::{ImportError, ImportFinding};
use plan::{Language, Severity};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Word-dokumentet (.docx).
    file: PathBuf,
    /// Planfila som skal skrives (.toml eller .json). Standard: handlingsplan-ÅR.toml,
    /// eller ingen fil med --json.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Skriv planen og funnene som JSON på standard ut.
    #[arg(long)]
    json: bool,
    /// Overskriv fila om den finnes.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let shown = args.file.display().to_string();
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let why = match error.kind() {
                std::io::ErrorKind::NotFound => "fila finnes ikke".to_string(),
                std::io::ErrorKind::PermissionDenied => "mangler tilgang til fila".to_string(),
                std::io::ErrorKind::IsADirectory => "dette er en mappe, ikke en fil".to_string(),
                _ => error.to_string(),
            };
            eprintln!("omstilling: kan ikke lese «{shown}»: {why}");
            return Ok(ExitCode::from(2));
        }
    };
    let imported = match import::import(&bytes) {
        Ok(imported) => imported,
        Err(error @ ImportError::Unreadable(_)) => {
            eprintln!("omstilling: kan ikke lese «{shown}» som Word-dokument: {error}");
            return Ok(ExitCode::from(2));
        }
        Err(error @ ImportError::NoPlan(_)) => {
            eprintln!("omstilling: «{shown}»: {error}");
            return Ok(ExitCode::from(1));
        }
    };
    let language = imported.plan.language;
    let output = match (&args.output, args.json) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => Some(PathBuf::from(format!(
            "handlingsplan-{}.toml",
            imported.plan.year
        ))),
    };
    if let Some(path) = &output {
        let text = if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            plan::handlingsplan::file::to_json(&imported.plan)
        } else {
            plan::handlingsplan::file::to_toml(&imported.plan)
                .map_err(|e| anyhow::anyhow!("kan ikke skrive planen som TOML: {e}"))?
        };
        if path.as_os_str() == "-" {
            std::io::stdout().write_all(text.as_bytes())?;
        } else {
            if path.exists() && !args.force {
                bail!(
                    "«{}» finnes allerede; velg et annet navn med -o eller bruk --force",
                    path.display()
                );
            }
            std::fs::write(path, text)
                .with_context(|| format!("kan ikke skrive «{}»", path.display()))?;
        }
    }
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &imported.to_json())?;
        writeln!(out)?;
    } else {
        let mut err = std::io::stderr().lock();
        err.write_all(report(&imported.findings, language).as_bytes())?;
        if let Some(path) = output.filter(|p| p.as_os_str() != "-") {
            writeln!(
                err,
                "{} «{}». {} omstilling check {}",
                language.pick("Skrev", "Skreiv"),
                path.display(),
                language.pick("Kontroller planen med", "Kontroller planen med"),
                path.display()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The findings grouped by severity, for a person.
fn report(findings: &[ImportFinding], language: Language) -> String {
    if findings.is_empty() {
        return format!(
            "{}\n",
            language.pick(
                "Importert uten funn: alle summene i dokumentet stemmer.",
                "Importert utan funn: alle summane i dokumentet stemmer."
            )
        );
    }
    let mut out = String::new();
    for (severity, nb, nn) in [
        (Severity::Warning, "Advarsler", "Åtvaringar"),
        (Severity::Info, "Merknader", "Merknader"),
    ] {
        let group: Vec<&ImportFinding> = findings
            .iter()
            .filter(|f| f.severity() == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("{} ({}):\n", language.pick(nb, nn), group.len()));
        for finding in group {
            out.push_str(&format!(
                "  - {}: {} [{}]\n",
                finding.place,
                finding.message,
                finding.code.as_str()
            ));
        }
    }
    out
}
