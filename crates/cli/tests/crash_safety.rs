//! Crash safety, on SQLite and on PostgreSQL: a load of writes while the real
//! `omstilling serve` process is killed with SIGKILL at random moments and restarted, many
//! times. Every write that was answered 2xx must be there afterwards, with its content;
//! every plan's versions are numbered without gaps and each keeps the SHA-256 of its
//! body; and the database passes its own integrity check (`PRAGMA integrity_check` on
//! SQLite, `amcheck`'s `bt_index_check` with `heapallindexed` on every index of the
//! test's schema on PostgreSQL).
#![allow(clippy::unwrap_used)]

mod server_support;

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;
use server_support::{Jitter, client, read_modify_write, seed, start};
use store::testing::Backend;

const ROUNDS: usize = 30;
const WRITERS: i32 = 6;
const FIRST_YEAR: i32 = 2025;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answered_writes_survive_sigkill_on_sqlite() {
    answered_writes_survive_sigkill(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answered_writes_survive_sigkill_on_postgres() {
    answered_writes_survive_sigkill(Backend::Postgres).await;
}

async fn answered_writes_survive_sigkill(backend: Backend) {
    let db = store::testing::fresh_url(backend).await;
    let token = seed(&db).await;
    let mut jitter = Jitter::new(0x5eed_0fc0_ffee ^ u64::from(std::process::id()));
    // (year, version) -> marker, for every write answered 2xx.
    let mut answered: HashMap<(i32, i64), String> = HashMap::new();
    let mut failed = 0usize;
    for round in 0..ROUNDS {
        let server = start(&db, &[]).await;
        let base = server.base.clone();
        let mut writers = Vec::new();
        for writer in 0..WRITERS {
            let base = base.clone();
            let token = token.clone();
            writers.push(tokio::spawn(async move {
                let client = client();
                let year = FIRST_YEAR + writer;
                let mut mine = Vec::new();
                let mut failed = 0;
                for cycle in 0.. {
                    let marker = format!("runde {round} skriver {writer} nr {cycle}");
                    match read_modify_write(&client, &base, &token, year, &marker).await {
                        Ok(Some(version)) => mine.push(((year, version), marker)),
                        Ok(None) => {}
                        Err(_) => {
                            failed += 1;
                            break;
                        }
                    }
                }
                (mine, failed)
            }));
        }
        tokio::time::sleep(Duration::from_millis(100 + jitter.below(400))).await;
        server.kill().await;
        for writer in writers {
            let (mine, f) = writer.await.unwrap();
            failed += f;
            for (key, marker) in mine {
                assert!(
                    answered.insert(key, marker).is_none(),
                    "version {key:?} answered twice"
                );
            }
        }
    }
    assert!(
        answered.len() >= ROUNDS,
        "too few writes were answered to show anything: {}",
        answered.len()
    );

    // Restart once more and look at everything that was answered.
    let server = start(&db, &[]).await;
    let client = client();
    for ((year, version), marker) in &answered {
        let url = format!(
            "{}/api/v1/programmes/p/plans/{year}/versions/{version}",
            server.base
        );
        let response = client.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(
            response.status(),
            200,
            "{url} was answered 2xx before a crash and is gone"
        );
        let plan: Value = response.json().await.unwrap();
        assert_eq!(plan["programme"]["vision"], marker.as_str(), "{url}");
    }
    server.kill().await;

    // Versions 1..n without gaps, each with the SHA-256 of its body.
    let store = store::connect(&db).await.unwrap();
    let programme = store
        .programme(&"p".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    for year in FIRST_YEAR..FIRST_YEAR + WRITERS {
        let versions = store
            .versions(programme.id, &store::DocKey::handlingsplan(year))
            .await
            .unwrap();
        let numbers: Vec<i64> = versions.iter().map(|v| v.version).collect();
        let expected: Vec<i64> = (1..=versions.len() as i64).collect();
        assert_eq!(numbers, expected, "the versions of {year}");
        let head = store
            .current(programme.id, &store::DocKey::handlingsplan(year))
            .await
            .unwrap();
        assert_eq!(head.map(|h| h.info.version), numbers.last().copied());
        for info in &versions {
            let stored = store
                .version(
                    programme.id,
                    &store::DocKey::handlingsplan(year),
                    info.version,
                )
                .await
                .unwrap()
                .unwrap();
            assert_eq!(store::sha256_hex(stored.body.as_bytes()), info.sha256);
        }
    }
    database_integrity(backend, &db).await;
    eprintln!(
        "{backend:?}: {ROUNDS} kills, {} answered writes checked, {failed} writes cut off",
        answered.len()
    );
}

/// The database's own check of its files (SQLite) or indexes against their tables
/// (PostgreSQL).
async fn database_integrity(backend: Backend, db: &str) {
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(db).await.unwrap();
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(integrity, "ok");
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(db).await.unwrap();
            // Once per database; a concurrent test may be creating it at the same moment.
            for attempt in 0..3 {
                match sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public")
                    .execute(&pool)
                    .await
                {
                    Ok(_) => break,
                    Err(error) if attempt == 2 => panic!("amcheck: {error}"),
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
            let indexes: Vec<String> = sqlx::query_scalar(
                "SELECT c.oid::regclass::text FROM pg_index i \
                 JOIN pg_class c ON c.oid = i.indexrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace \
                 JOIN pg_am a ON a.oid = c.relam \
                 WHERE n.nspname = current_schema() AND a.amname = 'btree'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            assert!(
                indexes
                    .iter()
                    .any(|name| name.contains("document_versions")),
                "{indexes:?}"
            );
            for index in &indexes {
                sqlx::query("SELECT public.bt_index_check($1::regclass, true)")
                    .bind(index)
                    .execute(&pool)
                    .await
                    .unwrap_or_else(|e| panic!("index {index}: {e}"));
            }
        }
    }
}
