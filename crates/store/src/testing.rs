//! Fresh, empty databases for tests (zero2prod's "a fresh database per test"), on both
//! backends, so tests can run in parallel.
//!
//! - SQLite: a new file in a new temporary directory.
//! - PostgreSQL: a new schema in the database named by `OMSTILLING_TEST_PG` (default
//!   `postgres://postgres@127.0.0.1:5432/test`), selected with `search_path` in the URL.
//!   A test fails, with that URL in the message, when PostgreSQL cannot be reached.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::Connection as _;

/// The backends a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests use.
pub fn postgres_base_url() -> String {
    std::env::var("OMSTILLING_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "t{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000_000,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The URL of a fresh, empty database on the backend.
///
/// # Panics
/// When PostgreSQL cannot be reached or the temporary directory cannot be made: a test
/// that needs the database cannot run without it, and must fail, not pass.
pub async fn fresh_url(backend: Backend) -> String {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("omstilling-{}", unique_name()));
            #[allow(clippy::expect_used)]
            std::fs::create_dir_all(&dir).expect("create a temporary directory");
            format!("sqlite://{}", dir.join("test.db").display())
        }
        Backend::Postgres => {
            let base = postgres_base_url();
            let schema = unique_name();
            let mut connection = match sqlx::PgConnection::connect(&base).await {
                Ok(connection) => connection,
                Err(error) => panic!(
                    "PostgreSQL is needed for this test and is not reachable at {base}: {error}. \
                     Start it (.ci/install.d/50-server.sh does) or set OMSTILLING_TEST_PG."
                ),
            };
            let create = format!("CREATE SCHEMA {schema}");
            if let Err(error) = sqlx::raw_sql(sqlx::AssertSqlSafe(create))
                .execute(&mut connection)
                .await
            {
                panic!("could not create schema {schema}: {error}");
            }
            let separator = if base.contains('?') { '&' } else { '?' };
            format!("{base}{separator}options[search_path]={schema}")
        }
    }
}
