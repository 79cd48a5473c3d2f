//! `omstilling`: the command line. Reads input, calls the plan core, the renderers
//! and the store, and writes bytes. All I/O of the system lives at this edge (and in
//! the web server); nothing here computes a plan's numbers.

mod admin;
mod archive;
mod check;
mod import;
mod input;
mod new;
mod next;
mod render;
mod results;
mod seed;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Handlingsplaner for omstillingsprogram: kontroll, dokumenter og nettløsning.
#[derive(Debug, Parser)]
#[command(name = "omstilling", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Kontroller en handlingsplan eller en omstillingsplan: summer, tabeller og funn.
    ///
    /// Med --omstillingsplan kontrolleres handlingsplanen også mot omstillingsplanen.
    Check(check::CheckArgs),
    /// Skriv en ny plan (TOML) med kommentarer, eller årets plan fra en omstillingsplan (--from).
    New(new::NewArgs),
    /// Start neste års handlingsplan fra årets.
    Next(next::NextArgs),
    /// Lag dokumentet (Word, PDF, HTML, Markdown eller Excel) av en handlingsplan eller omstillingsplan.
    Render(render::RenderArgs),
    /// Les en utfylt handlingsplan i Word (DOCX) inn som planfil, og kontroller summene i den.
    Import(import::ImportArgs),
    /// Start nettserveren (API og nettsider).
    Serve(serve::ServeArgs),
    /// Brukere: opprett, lag API-nøkkel.
    User(admin::UserArgs),
    /// Omstillingsprogram: opprett.
    Programme(admin::ProgrammeArgs),
    /// Medlemmer av et program: gi en rolle.
    Member(admin::MemberArgs),
    /// Les resultater fra en CSV-fil og beregn 1.1 (tidligere års resultater) for en plan.
    Results(results::ResultsArgs),
    /// Arkivpakken til en godkjent handlingsplan eller omstillingsplan: PDF/A, planen, kontrollen, arkivmelding og sjekksummer.
    Archive(archive::ArchiveArgs),
    /// Fyll en database med mange program og planer (for å prøve og måle oversikten).
    Seed(seed::SeedArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::New(args) => new::run(&args),
        Command::Next(args) => next::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::User(args) => admin::run_user(&args),
        Command::Programme(args) => admin::run_programme(&args),
        Command::Member(args) => admin::run_member(&args),
        Command::Results(args) => results::run(&args),
        Command::Archive(args) => archive::run(&args),
        Command::Seed(args) => seed::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("omstilling: {error:#}");
            ExitCode::from(2)
        }
    }
}
