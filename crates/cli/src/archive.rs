//! `omstilling archive SLUG YEAR [--version N] [--db URL] -o FILE.zip` and
//! `omstilling archive SLUG --omstillingsplan [--version N] [--db URL] -o FILE.zip`: the
//! archive package of an approved version of a Handlingsplan or of the programme's
//! Omstillingsplan (issue #16), read from the store like the `user` and `programme`
//! commands do, built by the same generic code as the API routes
//! ([`web::archives::package`]).

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use plan::handlingsplan::Plan;
use plan::omstillingsplan::Omstillingsplan;
use web::error::AppError;

use crate::admin::{DbArg, open, runtime};

#[derive(Debug, clap::Args)]
pub struct ArchiveArgs {
    /// Programmets kortnavn.
    #[arg(value_parser = crate::admin::parse_slug)]
    slug: store::Slug,
    /// Handlingsplanens år (utelates med --omstillingsplan).
    #[arg(
        required_unless_present = "omstillingsplan",
        conflicts_with = "omstillingsplan"
    )]
    year: Option<i32>,
    /// Arkivpakken til programmets omstillingsplan i stedet for en handlingsplan.
    #[arg(long)]
    omstillingsplan: bool,
    /// Versjonen (standard: den nyeste som er godkjent av kommunestyret).
    #[arg(long)]
    version: Option<i64>,
    /// Fila arkivpakken skrives til (.zip).
    #[arg(short, long)]
    output: std::path::PathBuf,
    #[command(flatten)]
    db: DbArg,
}

pub fn run(args: &ArchiveArgs) -> anyhow::Result<ExitCode> {
    let (version, bytes) = runtime()?.block_on(async {
        let store = open(&args.db).await?;
        let Some(programme) = store.programme(&args.slug).await? else {
            bail!("fant ikke programmet «{}»", args.slug);
        };
        let (made, document) = match args.year {
            Some(year) => (
                web::archives::package::<Plan>(&store, &programme, &year.to_string(), args.version)
                    .await,
                format!("handlingsplanen {year}"),
            ),
            None => (
                web::archives::package::<Omstillingsplan>(&store, &programme, "", args.version)
                    .await,
                "omstillingsplanen".to_owned(),
            ),
        };
        match made {
            Ok(package) => Ok((package.info.version, package.bytes)),
            Err(AppError::NotFound(what)) => match args.version {
                Some(n) => bail!("fant ikke versjon {n} av {document} for «{}»", args.slug),
                None => bail!("fant ikke {what} av {document} for «{}»", args.slug),
            },
            Err(AppError::Conflict { message, .. }) => bail!("{message}"),
            Err(other) => Err(anyhow::anyhow!("{other}")).context("kunne ikke lage arkivpakken"),
        }
    })?;
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("kunne ikke skrive {}", args.output.display()))?;
    eprintln!(
        "Skrev arkivpakken for versjon {version} ({} byte) til {}",
        bytes.len(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
