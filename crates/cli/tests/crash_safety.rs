//! Crash safety on SQLite: a load of writes while the real `omstilling serve` process is
//! killed with SIGKILL at random moments and restarted, many times. Every write that was
//! answered 2xx must be there afterwards, with its content, and the database must pass
//! `PRAGMA integrity_check`.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;
use server_support::{Jitter, client, read_modify_write, seed, start};

const ROUNDS: usize = 30;
const WRITERS: i32 = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answered_writes_survive_sigkill() {
    let db = store::testing::fresh_url(store::testing::Backend::Sqlite).await;
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
                let year = 2025 + writer;
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

    let pool = sqlx::SqlitePool::connect(&db).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    // Versions have no gaps.
    let gaps: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM plans p WHERE p.current_version != \
         (SELECT COUNT(*) FROM plan_versions v WHERE v.programme_id = p.programme_id AND v.year = p.year)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(gaps, 0);
    eprintln!(
        "{ROUNDS} kills, {} answered writes checked, {failed} writes cut off",
        answered.len()
    );
}
