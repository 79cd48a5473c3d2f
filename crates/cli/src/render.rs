//! `omstilling render FILE --to docx|html|md|pdf|xlsx [-o OUT] [--strict] [--logo FILE.png]`:
//! a Handlingsplan or an Omstillingsplan (told apart by the file's `format`) as a
//! document. The renderers are pure (`render` crate): each kind's builder makes the
//! `Document`, the format's writer its bytes; this file reads the file and the logo and
//! writes the bytes.
//!
//! Exit codes: 0 written (a plan with errors is written too, marked as a draft with
//! errors, and a warning goes to stderr); 1 refused by `--strict` because the plan has
//! errors; 2 the plan or the logo cannot be read, or the file cannot be written.
//!
//! A new format is one more [`Format`] variant with its extension and its renderer.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use render::{Document, Logo, Options};

use crate::input::read_any;

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Planfilen eller omstillingsplanen (.json eller .toml).
    file: PathBuf,
    /// Formatet på dokumentet.
    #[arg(long = "to", value_enum)]
    to: Format,
    /// Fila som skal skrives («-» for standard ut). Uten denne får fila navn etter
    /// planen, for eksempel handlingsplan-2027-fjordvik-kommune.docx.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Nekt å lage dokumentet når planen har feil.
    #[arg(long)]
    strict: bool,
    /// En logo (PNG) til forsiden.
    #[arg(long)]
    logo: Option<PathBuf>,
    /// Alternativ tekst til logoen (standard: «Logo for {programmet}»).
    #[arg(long = "logo-alt", requires = "logo")]
    logo_alt: Option<String>,
}

/// The document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Word.
    Docx,
    /// One self-contained HTML file.
    Html,
    /// GitHub-flavoured Markdown.
    Md,
    /// Tagged PDF (PDF/UA-1), typeset in-process.
    Pdf,
    /// Excel workbook with live formulas.
    Xlsx,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Md => "md",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }

    /// The document's bytes.
    pub fn render(self, document: &Document) -> anyhow::Result<Vec<u8>> {
        Ok(match self {
            Format::Docx => render::docx(document)?,
            Format::Html => render::html(document)?,
            Format::Md => render::markdown(document)?,
            Format::Pdf => pdf::pdf(document, &pdf::Options::default())?,
            Format::Xlsx => render::xlsx::xlsx(document)?,
        })
    }
}

/// A document of either kind with its evaluation.
enum Evaluated {
    Handlingsplan(plan::handlingsplan::Plan, plan::Evaluation),
    Omstillingsplan(
        plan::omstillingsplan::Omstillingsplan,
        plan::omstillingsplan::Evaluation,
    ),
}

impl Evaluated {
    fn new(document: plan::AnyDocument) -> Evaluated {
        match document {
            plan::AnyDocument::Handlingsplan(plan) => {
                let evaluation = plan::handlingsplan::evaluate(&plan);
                Evaluated::Handlingsplan(plan, evaluation)
            }
            plan::AnyDocument::Omstillingsplan(op) => {
                let evaluation = plan::omstillingsplan::evaluate(&op);
                Evaluated::Omstillingsplan(op, evaluation)
            }
        }
    }

    fn language(&self) -> plan::Language {
        match self {
            Evaluated::Handlingsplan(plan, _) => plan.language,
            Evaluated::Omstillingsplan(op, _) => op.language,
        }
    }

    fn findings(&self) -> &[plan::Finding] {
        match self {
            Evaluated::Handlingsplan(_, evaluation) => &evaluation.findings,
            Evaluated::Omstillingsplan(_, evaluation) => &evaluation.findings,
        }
    }

    /// The kind's document.
    fn document(&self, options: &Options) -> Document {
        match self {
            Evaluated::Handlingsplan(plan, evaluation) => {
                render::handlingsplan::document(plan, evaluation, options)
            }
            Evaluated::Omstillingsplan(op, evaluation) => {
                render::omstillingsplan::document(op, evaluation, options)
            }
        }
    }
}

pub fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let evaluated = match read_any(&args.file) {
        Ok(document) => Evaluated::new(document),
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let language = evaluated.language();
    let errors = evaluated
        .findings()
        .iter()
        .filter(|f| f.severity == plan::Severity::Error)
        .count();
    if errors > 0 && args.strict {
        eprintln!(
            "omstilling: {}",
            language.pick(
                &format!(
                    "planen har {errors} feil, så dokumentet blir ikke laget (--strict); se «omstilling check {}»",
                    args.file.display()
                ),
                &format!(
                    "planen har {errors} feil, så dokumentet blir ikkje laga (--strict); sjå «omstilling check {}»",
                    args.file.display()
                ),
            )
        );
        return Ok(ExitCode::from(1));
    }

    let logo = match &args.logo {
        Some(path) => match std::fs::read(path) {
            Ok(png) => Some(Logo {
                png,
                alt: args.logo_alt.clone().unwrap_or_default(),
            }),
            Err(error) => {
                eprintln!(
                    "omstilling: kan ikke lese logoen «{}»: {}",
                    path.display(),
                    describe(&error)
                );
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let options = Options { logo };
    let document = evaluated.document(&options);
    let bytes = match args.to.render(&document) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };

    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(render::file_name(&document, args.to.extension())));
    if output.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)
            .context("kan ikke skrive til standard ut")?;
        out.flush().context("kan ikke skrive til standard ut")?;
    } else {
        write_file(&output, &bytes)?;
        eprintln!("{} {}", language.pick("Skrev", "Skreiv"), output.display());
    }
    if errors > 0 {
        eprintln!(
            "omstilling: {}",
            language.pick(
                &format!("advarsel: planen har {errors} feil; dokumentet er merket «Utkast – planen har feil»"),
                &format!("åtvaring: planen har {errors} feil; dokumentet er merkt «Utkast – planen har feil»"),
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file beside the target, so a failed write never leaves
/// half a document under the real name.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)
        .map_err(|e| anyhow::anyhow!("kan ikke skrive «{}»: {}", path.display(), describe(&e)))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        anyhow::anyhow!("kan ikke skrive «{}»: {}", path.display(), describe(&e))
    })
}

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "fila eller mappa finnes ikke".to_owned(),
        std::io::ErrorKind::PermissionDenied => "mangler tilgang".to_owned(),
        std::io::ErrorKind::IsADirectory => "dette er en mappe, ikke en fil".to_owned(),
        _ => error.to_string(),
    }
}
