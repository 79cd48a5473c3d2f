//! `omstilling serve [--db URL] [--addr 127.0.0.1:8080] [--demo]`: runs the web server.

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
    /// Marker innloggingskaken som Secure (når serveren står bak HTTPS).
    #[arg(long)]
    secure_cookies: bool,
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
        let config = web::AppConfig { secure_cookies: args.secure_cookies, ..Default::default() };
        web::serve(listener, web::AppState::new(store, config)).await
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
