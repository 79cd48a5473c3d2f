//! Administration on the command line: `user add`, `user token`, `programme add`,
//! `member add`. Each takes `--db URL` like `serve`.

use std::io::Read as _;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use store::{GlobalRole, NewProgramme, ProgrammeRole, StoreError};

use crate::serve::redact;

/// The database when `--db` is not given.
pub const DEFAULT_DB: &str = "sqlite://omstilling.db";

/// A runtime for one command.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("kunne ikke starte tokio")
}

#[derive(Debug, clap::Args)]
pub struct DbArg {
    /// Databasen: sqlite://FIL (standard sqlite://omstilling.db) eller postgres://…
    #[arg(long, default_value = DEFAULT_DB, global = true)]
    db: String,
}

pub async fn open(db: &DbArg) -> anyhow::Result<store::Store> {
    store::connect(&db.db)
        .await
        .with_context(|| format!("kunne ikke åpne databasen {}", redact(&db.db)))
}

#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, clap::Subcommand)]
enum UserCommand {
    /// Opprett en bruker; passordet leses fra standard inn.
    Add {
        name: String,
        /// Global administrator.
        #[arg(long, conflicts_with = "observer")]
        admin: bool,
        /// Global observatør: leser alle programmer (Innovasjon Norge, fylkeskommunen).
        #[arg(long)]
        observer: bool,
        /// Les passordet fra standard inn (påkrevd).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// E-postadressen for påminnelser og varsler.
        #[arg(long)]
        email: Option<String>,
    },
    /// Lag en ny API-nøkkel for brukeren og skriv den ut (bare hashen lagres).
    Token {
        name: String,
        /// Et navn på nøkkelen, for eksempel «CI» eller «rapportering».
        #[arg(long, default_value = "")]
        label: String,
        /// Levetid: dager eller uker, for eksempel 90d eller 12w (høyst 5 år); uten: ingen utløp.
        #[arg(long, default_value = "")]
        expires: String,
    },
    /// List brukerens API-nøkler: id, navn, opprettet, sist brukt, utløper.
    Tokens { name: String },
    /// Trekk tilbake en API-nøkkel (id fra `user tokens`).
    Revoke { name: String, token_id: String },
}

pub fn run_user(args: &UserArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async {
        let store = open(&args.db).await?;
        match &args.command {
            UserCommand::Add {
                name,
                admin,
                observer,
                email,
                ..
            } => {
                let name = name.trim();
                if name.is_empty()
                    || name.chars().count() > 100
                    || name.chars().any(char::is_control)
                {
                    bail!("brukernavnet må ha 1–100 tegn og ingen kontrolltegn");
                }
                let email = match email.as_deref().map(web::mail::parse_address).transpose() {
                    Ok(email) => email.flatten(),
                    Err(_) => bail!(
                        "e-postadressen «{}» er ikke gyldig: skriv den som navn@eksempel.no",
                        email.as_deref().unwrap_or_default()
                    ),
                };
                let mut password = String::new();
                std::io::stdin()
                    .read_to_string(&mut password)
                    .context("kunne ikke lese passordet")?;
                let password = password.trim_end_matches(['\n', '\r']).to_owned();
                let owner = web::password::PasswordOwner {
                    name,
                    admin: *admin,
                };
                if let Err(problem) = web::password::check(&password, owner) {
                    // A command-line message: lower case first, no full stop.
                    let message = problem.message(plan::Language::Bokmal);
                    let message = message.trim_end_matches('.');
                    let mut chars = message.chars();
                    let first = chars.next().map(|c| c.to_lowercase().to_string());
                    bail!("{}{}", first.unwrap_or_default(), chars.as_str());
                }
                let hash = tokio::task::spawn_blocking(move || web::auth::hash_password(&password))
                    .await??;
                let role = if *admin {
                    Some(GlobalRole::Admin)
                } else if *observer {
                    Some(GlobalRole::Observer)
                } else {
                    None
                };
                match store
                    .create_user(name, Some(&hash), role, web::clock::now())
                    .await
                {
                    Ok(user) => {
                        if email.is_some() {
                            let settings = store::mail::MailSettings {
                                email,
                                reminders: true,
                            };
                            store
                                .set_mail_settings(user.id, &settings, None, web::clock::now())
                                .await?;
                        }
                        println!("Opprettet bruker «{}» (id {}).", user.name, user.id)
                    }
                    Err(StoreError::Conflict(_)) => bail!("brukeren «{name}» finnes allerede"),
                    Err(other) => return Err(other.into()),
                }
            }
            UserCommand::Token {
                name,
                label,
                expires,
            } => {
                let user = find_user(&store, name).await?;
                let label = web::tokens::parse_label(label).map_err(cli_refusal)?;
                let lifetime = web::tokens::parse_expiry(expires).map_err(cli_refusal)?;
                let created = web::tokens::create_in(
                    &store,
                    user.id,
                    label.as_deref(),
                    lifetime,
                    None,
                    web::clock::now(),
                )
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message()))?;
                println!("{}", created.token);
                eprintln!(
                    "Nøkkel {} for «{}» ({}); utløper: {}. Den vises bare denne ene gangen.",
                    created.info.id,
                    user.name,
                    web::tokens::label_text(&created.info, plan::Language::Bokmal),
                    web::tokens::time_text(created.info.expires_at, plan::Language::Bokmal),
                );
            }
            UserCommand::Tokens { name } => {
                let user = find_user(&store, name).await?;
                let tokens = store.tokens(Some(user.id)).await?;
                if tokens.is_empty() {
                    println!("«{}» har ingen API-nøkler.", user.name);
                }
                let now = web::clock::now();
                let language = plan::Language::Bokmal;
                for token in &tokens {
                    let expired = if token.is_expired(now) {
                        " (utløpt)"
                    } else {
                        ""
                    };
                    println!(
                        "{}\t{}\topprettet {}\tsist brukt {}\tutløper {}{expired}",
                        token.id,
                        web::tokens::label_text(token, language),
                        web::tokens::time_text(Some(token.created_at), language),
                        web::tokens::time_text(token.last_used_at, language),
                        web::tokens::time_text(token.expires_at, language),
                    );
                }
            }
            UserCommand::Revoke { name, token_id } => {
                let user = find_user(&store, name).await?;
                match store
                    .revoke_token(Some(user.id), token_id.trim(), None, web::clock::now())
                    .await
                {
                    Ok(token) => println!(
                        "Trakk tilbake nøkkel {} ({}) for «{}».",
                        token.id,
                        web::tokens::label_text(&token, plan::Language::Bokmal),
                        user.name
                    ),
                    Err(StoreError::NotFound) => {
                        bail!("«{}» har ingen API-nøkkel med id «{}»", user.name, token_id)
                    }
                    Err(other) => return Err(other.into()),
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

async fn find_user(store: &store::Store, name: &str) -> anyhow::Result<store::User> {
    match store.user_by_name(name).await? {
        Some((user, _)) => Ok(user),
        None => bail!("fant ikke brukeren «{name}»"),
    }
}

/// A refusal as a command-line message: lower case first, no full stop.
fn cli_refusal(refusal: web::tokens::Refusal) -> anyhow::Error {
    let message = refusal
        .message(plan::Language::Bokmal)
        .trim_end_matches('.');
    let mut chars = message.chars();
    let first = chars.next().map(|c| c.to_lowercase().to_string());
    anyhow::anyhow!("{}{}", first.unwrap_or_default(), chars.as_str())
}

#[derive(Debug, clap::Args)]
pub struct ProgrammeArgs {
    #[command(subcommand)]
    command: ProgrammeCommand,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, clap::Subcommand)]
enum ProgrammeCommand {
    /// Opprett et omstillingsprogram.
    Add {
        /// Kortnavnet i adresser: små bokstaver, tall og bindestrek.
        #[arg(value_parser = parse_slug)]
        slug: store::Slug,
        /// Programmets navn.
        #[arg(long)]
        name: String,
        /// Omstillingsområdet (kommunen eller regionen).
        #[arg(long)]
        area: String,
        /// Perioden, f.eks. 2025-2030.
        #[arg(long)]
        period: String,
        /// Fylket.
        #[arg(long)]
        county: Option<String>,
        /// Programmets omstillingsplan (omstillingsplan/1, .json eller .toml), lagret som
        /// første versjon (utkast).
        #[arg(long, value_name = "FIL", requires = "by")]
        omstillingsplan: Option<std::path::PathBuf>,
        /// Brukeren som står som forfatter av omstillingsplanens første versjon.
        #[arg(long, value_name = "BRUKER", requires = "omstillingsplan")]
        by: Option<String>,
    },
}

/// A programme's slug on the command line: refused by clap, before anything is opened,
/// with the rule in Norwegian.
pub fn parse_slug(text: &str) -> Result<store::Slug, String> {
    store::Slug::parse(text).map_err(|e| format!("«{text}»: {e}"))
}

fn parse_period(text: &str) -> anyhow::Result<(i32, i32)> {
    let (from, to) = text
        .split_once('-')
        .context("perioden skrives ÅÅÅÅ-ÅÅÅÅ, f.eks. 2025-2030")?;
    let from: i32 = from
        .trim()
        .parse()
        .context("perioden skrives ÅÅÅÅ-ÅÅÅÅ, f.eks. 2025-2030")?;
    let to: i32 = to
        .trim()
        .parse()
        .context("perioden skrives ÅÅÅÅ-ÅÅÅÅ, f.eks. 2025-2030")?;
    if !(1900..=2200).contains(&from) || from > to || to - from > 10 {
        bail!("perioden «{text}» er ugyldig: fra-året må komme før til-året, høyst 10 år");
    }
    Ok((from, to))
}

pub fn run_programme(args: &ProgrammeArgs) -> anyhow::Result<ExitCode> {
    let ProgrammeCommand::Add {
        slug,
        name,
        area,
        period,
        county,
        omstillingsplan,
        by,
    } = &args.command;
    let (period_from, period_to) = parse_period(period)?;
    // The file is read before anything is stored: a file that does not read stores nothing.
    let omstillingsplan = omstillingsplan
        .as_deref()
        .map(crate::input::read_omstillingsplan)
        .transpose()?;
    runtime()?.block_on(async {
        let store = open(&args.db).await?;
        let author = match by {
            Some(name) => match store.user_by_name(name).await? {
                Some((user, _)) => Some(user),
                None => bail!("fant ikke brukeren «{name}»"),
            },
            None => None,
        };
        let programme = NewProgramme {
            slug: slug.clone(),
            name: name.trim().to_owned(),
            area: area.trim().to_owned(),
            county: county.as_ref().map(|c| c.trim().to_owned()),
            period_from,
            period_to,
        };
        let created = match store
            .create_programme(&programme, None, web::clock::now())
            .await
        {
            Ok(created) => created,
            Err(StoreError::Conflict(_)) => bail!("programmet «{slug}» finnes allerede"),
            Err(other) => return Err(other.into()),
        };
        println!("Opprettet programmet «{slug}».");
        if let (Some(mut omstillingsplan), Some(author)) = (omstillingsplan, author) {
            // Stored as a draft: decisions are recorded through the approvals, which keep
            // the case reference, who recorded it and the frozen PDF.
            let had_decisions = omstillingsplan.approval != plan::Approval::default();
            omstillingsplan.approval = plan::Approval::default();
            store
                .put(
                    created.id,
                    &store::DocKey::single(store::OMSTILLINGSPLAN),
                    None,
                    &plan::omstillingsplan::file::to_json(&omstillingsplan),
                    author.id,
                    web::clock::now(),
                )
                .await?;
            println!("Lagret omstillingsplanen som versjon 1 (utkast).");
            if had_decisions {
                println!(
                    "Vedtaksdatoene i fila er ikke lagret: registrer styrets og kommunestyrets vedtak under Vedtak (eller POST …/omstillingsplan/approvals)."
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

#[derive(Debug, clap::Args)]
pub struct MemberArgs {
    #[command(subcommand)]
    command: MemberCommand,
    #[command(flatten)]
    db: DbArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    Editor,
    Board,
    Viewer,
}

#[derive(Debug, clap::Subcommand)]
enum MemberCommand {
    /// Gi en bruker en rolle i et program (eller endre rollen).
    Add {
        #[arg(value_parser = parse_slug)]
        slug: store::Slug,
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

pub fn run_member(args: &MemberArgs) -> anyhow::Result<ExitCode> {
    let MemberCommand::Add { slug, name, role } = &args.command;
    let role = match role {
        RoleArg::Editor => ProgrammeRole::Editor,
        RoleArg::Board => ProgrammeRole::Board,
        RoleArg::Viewer => ProgrammeRole::Viewer,
    };
    runtime()?.block_on(async {
        let store = open(&args.db).await?;
        let Some(programme) = store.programme(slug).await? else {
            bail!("fant ikke programmet «{slug}»");
        };
        let Some((user, _)) = store.user_by_name(name).await? else {
            bail!("fant ikke brukeren «{name}»");
        };
        store
            .set_member(programme.id, user.id, role, None, web::clock::now())
            .await?;
        println!("«{}» er nå {} i «{slug}».", user.name, role.as_str());
        Ok(ExitCode::SUCCESS)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_slugs() {
        assert_eq!(parse_period("2025-2030").ok(), Some((2025, 2030)));
        assert!(parse_period("2030-2025").is_err());
        assert!(parse_period("2025").is_err());
        assert!(parse_slug("fjordvik-vekst").is_ok());
        assert!(parse_slug("Fjordvik").is_err());
        assert!(parse_slug("a/b").is_err());
    }
}
