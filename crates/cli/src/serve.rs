//! `omstilling serve [--db URL] [--addr 127.0.0.1:8080] [--demo] [--secure-cookies]
//! [--max-json-mb 8] [--max-csv-mb 16] [--max-docx-mb 32] [--max-form-mb 2]
//! [--header-timeout 10] [--body-timeout 60] [--max-concurrent 256]
//! [--smtp URL --mail-from ADDRESS [--public-url URL] [--remind-days 14,3]]`: runs the web
//! server, and with `--smtp` the e-mail worker (`web::mail`).
//!
//! `OMSTILLING_TODAY=YYYY-MM-DD` fixes the day reminders are computed for (tests only;
//! read here, at the edge, and handed to the worker).

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::admin::{DEFAULT_DB, runtime};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Databasen: sqlite://FIL (standard sqlite://omstilling.db) eller postgres://…
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Adressen serveren lytter på.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Legg inn demoprogrammet Fjordvik med planen for 2027 og en demokonto.
    #[arg(long)]
    demo: bool,
    /// Marker innloggingskaken som Secure og send HSTS (når serveren står bak HTTPS).
    #[arg(long)]
    secure_cookies: bool,
    /// Største JSON-innhold (en plan) i MB.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=1024))]
    max_json_mb: u32,
    /// Største CSV-fil (resultater) i MB.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
    max_csv_mb: u32,
    /// Største Word-dokument (import) i MB.
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    max_docx_mb: u32,
    /// Største skjema fra nettsidene i MB.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=1024))]
    max_form_mb: u32,
    /// Sekunder en klient har på å sende hodet til en forespørsel.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    header_timeout: u64,
    /// Sekunder en klient har på å sende hele innholdet i en forespørsel.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    body_timeout: u64,
    /// Forespørsler som behandles samtidig; flere venter (opptil 10 sekunder, så 503).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    max_concurrent: u32,
    /// SMTP-tjeneren for påminnelser og varsler: smtp://[bruker:passord@]vert[:port]
    /// (legg til ?tls=required for STARTTLS) eller smtps://… (TLS). Uten denne sendes
    /// ingen e-post.
    #[arg(long, requires = "mail_from")]
    smtp: Option<String>,
    /// Avsenderadressen for e-post (påkrevd med --smtp).
    #[arg(long, requires = "smtp")]
    mail_from: Option<String>,
    /// Adressen brukerne når serveren på, for lenker i e-post (standard http://ADRESSE).
    #[arg(long)]
    public_url: Option<String>,
    /// Dager før hver frist det sendes påminnelse, kommaseparert.
    #[arg(long, value_delimiter = ',', default_value = "14,3")]
    remind_days: Vec<u32>,
    /// Millisekunder mellom hver runde i e-postarbeideren (for tester).
    #[arg(long, default_value_t = 60_000, hide = true, value_parser = clap::value_parser!(u64).range(10..))]
    mail_interval_ms: u64,
    /// Sekunder før første nye forsøk etter en feil (dobles for hvert forsøk; for tester).
    #[arg(long, default_value_t = 60, hide = true, value_parser = clap::value_parser!(u64).range(1..))]
    mail_retry_seconds: u64,
}

impl ServeArgs {
    fn limits(&self) -> web::security::Limits {
        const MB: usize = 1024 * 1024;
        web::security::Limits {
            json_bytes: self.max_json_mb as usize * MB,
            csv_bytes: self.max_csv_mb as usize * MB,
            docx_bytes: self.max_docx_mb as usize * MB,
            form_bytes: self.max_form_mb as usize * MB,
            header_timeout: std::time::Duration::from_secs(self.header_timeout),
            body_timeout: std::time::Duration::from_secs(self.body_timeout),
            max_concurrent: self.max_concurrent as usize,
            ..web::security::Limits::default()
        }
    }

    /// The e-mail settings, when `--smtp` is given; the SMTP URL and the sender checked.
    fn mail(&self, addr: SocketAddr) -> anyhow::Result<Option<web::mail::MailConfig>> {
        let (Some(smtp), Some(from)) = (&self.smtp, &self.mail_from) else {
            return Ok(None);
        };
        let from = from
            .parse()
            .with_context(|| format!("--mail-from er ikke en gyldig e-postadresse: «{from}»"))?;
        let today = match std::env::var("OMSTILLING_TODAY") {
            Ok(text) => Some(
                plan::Date::parse_iso(&text)
                    .map_err(|_| anyhow::anyhow!("OMSTILLING_TODAY er ikke en dato: «{text}»"))?,
            ),
            Err(_) => None,
        };
        let mut remind_days = self.remind_days.clone();
        remind_days.sort_unstable();
        remind_days.dedup();
        let config = web::mail::MailConfig {
            smtp_url: smtp.clone(),
            from,
            public_url: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{addr}"))
                .trim_end_matches('/')
                .to_owned(),
            remind_days,
            interval: std::time::Duration::from_millis(self.mail_interval_ms),
            retry_base: std::time::Duration::from_secs(self.mail_retry_seconds),
            max_attempts: 10,
            today,
        };
        config.transport().map_err(|_| {
            anyhow::anyhow!(
                "--smtp er ikke en SMTP-adresse omstilling kan bruke: {}",
                redact(smtp)
            )
        })?;
        Ok(Some(config))
    }
}

pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    init_logging();
    runtime()?.block_on(async {
        let store = store::connect(&args.db)
            .await
            .with_context(|| format!("kunne ikke åpne databasen {}", redact(&args.db)))?;
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("kunne ikke lytte på {}", args.addr))?;
        let addr = listener.local_addr()?;
        if args.demo {
            let demo = web::demo::seed(&store).await.context("kunne ikke legge inn demodata")?;
            println!("Demo: åpne http://{addr}/ og logg inn som «{}» med passordet «{}».", demo.user, demo.password);
            println!(
                "API: curl -H 'Authorization: Bearer {}' http://{addr}/api/v1/programmes/{}/plans/2027/check",
                demo.token, demo.programme
            );
        }
        tracing::info!(%addr, backend = store.backend(), "listening");
        println!("omstilling lytter på http://{addr}");
        let mail = args.mail(addr)?.map(std::sync::Arc::new);
        let worker = match &mail {
            Some(mail) => {
                let transport = mail.transport().context("kunne ikke sette opp SMTP")?;
                tracing::info!(remind_days = ?mail.remind_days, "e-mail on");
                Some(tokio::spawn(web::mail::run(store.clone(), mail.clone(), transport)))
            }
            None => None,
        };
        let config = web::AppConfig {
            secure_cookies: args.secure_cookies,
            limits: args.limits(),
            mail,
            ..Default::default()
        };
        let served = web::serve(listener, web::AppState::new(store, config)).await;
        if let Some(worker) = worker {
            worker.abort();
        }
        served
    })?;
    Ok(ExitCode::SUCCESS)
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("OMSTILLING_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

/// The URL without a password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}
