//! Two `omstilling serve` processes on one PostgreSQL: writes through one are seen through
//! the other, and the lost-update test holds across them.
#![allow(clippy::unwrap_used)]

mod server_support;

use serde_json::Value;
use server_support::{client, read_modify_write, seed, start};

const CLIENTS: usize = 20;
const CYCLES: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_share_one_postgres() {
    let db = store::testing::fresh_url(store::testing::Backend::Postgres).await;
    let token = seed(&db).await;
    let one = start(&db, &[]).await;
    let two = start(&db, &[]).await;
    let http = client();

    // Written through one, read through two.
    assert_eq!(
        read_modify_write(&http, &one.base, &token, 2027, "fra én")
            .await
            .unwrap(),
        Some(1)
    );
    let seen: Value = http
        .get(format!("{}/api/v1/programmes/p/plans/2027", two.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen["programme"]["vision"], "fra én");

    // Lost updates across the two processes.
    let mut tasks = Vec::new();
    for client_number in 0..CLIENTS {
        let base = if client_number % 2 == 0 {
            one.base.clone()
        } else {
            two.base.clone()
        };
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let http = client();
            let mut accepted = Vec::new();
            let mut refused = 0;
            for cycle in 0..CYCLES {
                let marker = format!("klient {client_number} runde {cycle}");
                match read_modify_write(&http, &base, &token, 2027, &marker)
                    .await
                    .unwrap()
                {
                    Some(version) => accepted.push((version, marker)),
                    None => refused += 1,
                }
            }
            (accepted, refused)
        }));
    }
    let mut accepted = Vec::new();
    let mut refused = 0;
    for task in tasks {
        let (a, r) = task.await.unwrap();
        accepted.extend(a);
        refused += r;
    }
    assert_eq!(accepted.len() + refused, CLIENTS * CYCLES);
    let versions: Value = http
        .get(format!(
            "{}/api/v1/programmes/p/plans/2027/versions",
            one.base
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(versions.as_array().unwrap().len(), accepted.len() + 1);
    let max = accepted.iter().map(|(v, _)| *v).max().unwrap();
    assert_eq!(
        max,
        accepted.len() as i64 + 1,
        "final version = accepted writes"
    );
    for (version, marker) in &accepted {
        let server = if version % 2 == 0 {
            &one.base
        } else {
            &two.base
        };
        let plan: Value = http
            .get(format!(
                "{server}/api/v1/programmes/p/plans/2027/versions/{version}"
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(plan["programme"]["vision"], marker.as_str());
    }
    eprintln!(
        "two processes: {} accepted, {refused} refused with 412",
        accepted.len()
    );
    one.kill().await;
    two.kill().await;
}
