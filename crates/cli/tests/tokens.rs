//! `omstilling user token|tokens|revoke` through the real binary on both backends: a token
//! with a label and an expiry, the list (id, label, created, last used, expires, never the
//! token), a revocation by id, and Norwegian errors for a bad expiry or an unknown id.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

use store::testing::Backend;

fn omstilling(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(args)
        .args(["--db", db])
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

async fn token_commands(backend: Backend) {
    let db = store::testing::fresh_url(backend).await;
    let store = store::connect(&db).await.unwrap();
    store
        .create_user("kari", None, None, web::clock::now())
        .await
        .unwrap();

    let made = omstilling(
        &db,
        &[
            "user",
            "token",
            "kari",
            "--label",
            "CI «prod»",
            "--expires",
            "90d",
        ],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let token = stdout(&made).trim().to_owned();
    assert!(token.starts_with("oms_"), "{token}");
    assert!(
        stderr(&made).contains("vises bare denne ene gangen"),
        "{}",
        stderr(&made)
    );
    let user = store
        .use_token(&web::auth::token_hash(&token), web::clock::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.name, "kari");

    let plain = omstilling(&db, &["user", "token", "kari"]);
    assert!(plain.status.success(), "{}", stderr(&plain));

    let listed = omstilling(&db, &["user", "tokens", "kari"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let list = stdout(&listed);
    let tokens = store.tokens(None).await.unwrap();
    assert_eq!(tokens.len(), 2);
    let labelled = tokens.iter().find(|t| t.label.is_some()).unwrap();
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(
        list.contains(&labelled.id) && list.contains("CI «prod»"),
        "{list}"
    );
    assert!(list.contains("uten navn"), "{list}");
    assert!(
        list.contains("sist brukt") && list.contains("utløper"),
        "{list}"
    );
    assert!(!list.contains(&token) && !list.contains(&web::auth::token_hash(&token)));

    for bad in ["3m", "0d", "90", "99999d"] {
        let refused = omstilling(&db, &["user", "token", "kari", "--expires", bad]);
        assert!(!refused.status.success(), "{bad}");
        assert!(
            stderr(&refused).contains("levetiden må være"),
            "{}",
            stderr(&refused)
        );
    }
    let nobody = omstilling(&db, &["user", "tokens", "ingen"]);
    assert!(!nobody.status.success());
    assert!(stderr(&nobody).contains("fant ikke brukeren «ingen»"));

    let revoked = omstilling(&db, &["user", "revoke", "kari", &labelled.id]);
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    assert!(stdout(&revoked).contains("Trakk tilbake"));
    assert_eq!(
        store
            .use_token(&web::auth::token_hash(&token), web::clock::now())
            .await
            .unwrap(),
        None
    );
    let again = omstilling(&db, &["user", "revoke", "kari", &labelled.id]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("har ingen API-nøkkel med id"),
        "{}",
        stderr(&again)
    );
    let audit = store.audit(None).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "token.revoke"));
    assert_eq!(
        audit.iter().filter(|e| e.action == "token.create").count(),
        2
    );
}

#[tokio::test]
async fn token_commands_sqlite() {
    token_commands(Backend::Sqlite).await;
}

#[tokio::test]
async fn token_commands_postgres() {
    token_commands(Backend::Postgres).await;
}
