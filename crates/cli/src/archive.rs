//! `omstilling archive SLUG YEAR [--version N] [--db URL] -o FILE.zip`: the archive
//! package of an approved version (issue #16), read from the store like the `user` and
//! `programme` commands do, built by the same code as the API route.

use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::admin::{DbArg, open, runtime};

#[derive(Debug, clap::Args)]
pub struct ArchiveArgs {
    /// Programmets kortnavn.
    #[arg(value_parser = crate::admin::parse_slug)]
    slug: store::Slug,
    /// Planens år.
    year: i32,
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
        match web::archives::package(&store, &programme, args.year, args.version).await {
            Ok((info, bytes)) => Ok((info.version, bytes)),
            Err(web::error::AppError::NotFound(what)) => match args.version {
                Some(n) => bail!(
                    "fant ikke versjon {n} av handlingsplanen {} for «{}»",
                    args.year,
                    args.slug
                ),
                None => bail!(
                    "fant ikke {what} av handlingsplanen {} for «{}»",
                    args.year,
                    args.slug
                ),
            },
            Err(web::error::AppError::Conflict { message, .. }) => bail!("{message}"),
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
