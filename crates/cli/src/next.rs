//! `omstilling next PLAN [-o FILE] [--omstillingsplan OP]`: next year's plan from this
//! year's (`omstillingsplan.md` §5): `year + 1`, no decisions, everything else kept;
//! with an Omstillingsplan, the strategies it has and the plan lacks are added, empty.

use std::path::PathBuf;
use std::process::ExitCode;

use plan::Syntax;

use crate::input::{read_omstillingsplan, read_plan};
use crate::new::write_plan;

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// Årets handlingsplan (.json eller .toml).
    file: PathBuf,
    /// Filen som skal skrives (standard: handlingsplan-ÅR med samme filtype som planen). «-» skriver til standard ut.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Legg til strategiene fra denne omstillingsplanen som planen mangler.
    #[arg(long, value_name = "OMSTILLINGSPLAN")]
    omstillingsplan: Option<PathBuf>,
    /// Overskriv filen om den finnes.
    #[arg(long)]
    force: bool,
}

/// Exit codes: 0 written, 1 next year is outside the period, 2 unreadable input.
pub fn run(args: &NextArgs) -> anyhow::Result<ExitCode> {
    let read = || -> Result<_, crate::input::InputError> {
        let plan = read_plan(&args.file)?;
        let omstillingsplan = args
            .omstillingsplan
            .as_deref()
            .map(read_omstillingsplan)
            .transpose()?;
        Ok((plan, omstillingsplan))
    };
    let (plan, omstillingsplan) = match read() {
        Ok(read) => read,
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let Some(next) = plan::omstillingsplan::derive::next_year(&plan, omstillingsplan.as_ref())
    else {
        let year = i64::from(plan.year) + 1;
        let period = omstillingsplan
            .as_ref()
            .map_or(plan.programme.period, |op| op.programme.period);
        let period = if plan.programme.period.contains(plan.year.saturating_add(1)) {
            period
        } else {
            plan.programme.period
        };
        let (from, to) = (period.from, period.to);
        eprintln!(
            "omstilling: {}",
            plan.language
                .pick(
                    "{year} er utenfor programperioden {from}–{to}; det finnes ikke noe neste år å lage plan for",
                    "{year} er utanfor programperioden {from}–{to}; det finst ikkje noko neste år å lage plan for",
                )
                .replace("{year}", &year.to_string())
                .replace("{from}", &from.to_string())
                .replace("{to}", &to.to_string())
        );
        return Ok(ExitCode::from(1));
    };
    let syntax = Syntax::from_path(&args.file.display().to_string()).unwrap_or(Syntax::Toml);
    write_plan(
        &next,
        args.output.as_deref(),
        syntax,
        args.force,
        (
            next.language,
            "Oppdater prosjektene og budsjettene for året, og kontroller planen med",
            "Oppdater prosjekta og budsjetta for året, og kontroller planen med",
        ),
    )
}
