//! `omstilling programme add --omstillingsplan FILE --by USER` through the real binary on
//! both backends: the programme is created with its Omstillingsplan as version 1 (a draft,
//! written by the user, its decision dates left for the approvals); a file that does not
//! read stores nothing and names the file.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

use store::testing::Backend;

const OMSTILLINGSPLAN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/demo/fjordvik.op.json");

fn omstilling(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(args)
        .args(["--db", db])
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

async fn programme_add_with_omstillingsplan(backend: Backend) {
    let db = store::testing::fresh_url(backend).await;
    let store = store::connect(&db).await.unwrap();
    let kari = store
        .create_user("kari", None, None, web::clock::now())
        .await
        .unwrap();
    let add = |slug: &'static str, file: &'static str| {
        let db = db.clone();
        move || {
            omstilling(
                &db,
                &[
                    "programme",
                    "add",
                    slug,
                    "--name",
                    "Fjordvik Vekst",
                    "--area",
                    "Fjordvik kommune",
                    "--period",
                    "2025-2030",
                    "--omstillingsplan",
                    file,
                    "--by",
                    "kari",
                ],
            )
        }
    };

    let made = add("fjordvik", OMSTILLINGSPLAN)();
    assert!(made.status.success(), "{}", stderr(&made));
    let programme = store
        .programme(&"fjordvik".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let doc = store::DocKey::single(store::OMSTILLINGSPLAN);
    let version = store.current(programme.id, &doc).await.unwrap().unwrap();
    assert_eq!(version.info.version, 1);
    assert_eq!(version.info.status, store::VersionStatus::Draft);
    assert_eq!(version.info.author_id, Some(kari.id));
    let stored = plan::omstillingsplan::file::read(&version.body, plan::Syntax::Json).unwrap();
    assert_eq!(stored.programme.name, "Fjordvik Vekst");
    assert_eq!(stored.approval, plan::Approval::default());
    let audit = store.audit(Some(programme.id)).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "omstillingsplan.create" && e.object == "omstillingsplan")
    );

    // A file that does not read: nothing is created, the message names the file.
    let broken = std::env::temp_dir().join(format!("broken-{}.op.json", std::process::id()));
    std::fs::write(&broken, "{\"format\": \"omstillingsplan/1\"}").unwrap();
    let path: &'static str = Box::leak(broken.display().to_string().into_boxed_str());
    let refused = add("dalen", path)();
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains(path), "{}", stderr(&refused));
    assert!(
        store
            .programme(&"dalen".parse().unwrap())
            .await
            .unwrap()
            .is_none()
    );
    std::fs::remove_file(&broken).unwrap();

    // A slug that cannot be one is refused before anything is opened, with the rule in
    // Norwegian; nothing is created.
    for slug in ["Dalen", "da len", "da/len", "dålen"] {
        let refused = add(Box::leak(slug.to_owned().into_boxed_str()), OMSTILLINGSPLAN)();
        assert_eq!(refused.status.code(), Some(2), "{slug}");
        assert!(
            stderr(&refused).contains("kortnavnet"),
            "{}",
            stderr(&refused)
        );
    }
    assert_eq!(store.programmes().await.unwrap().len(), 1);

    // --omstillingsplan needs --by.
    let without = omstilling(
        &db,
        &[
            "programme",
            "add",
            "dalen",
            "--name",
            "Dalen",
            "--area",
            "Dalen kommune",
            "--period",
            "2025-2030",
            "--omstillingsplan",
            OMSTILLINGSPLAN,
        ],
    );
    assert!(!without.status.success());
    assert!(
        store
            .programme(&"dalen".parse().unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn programme_add_with_omstillingsplan_sqlite() {
    programme_add_with_omstillingsplan(Backend::Sqlite).await;
}

#[tokio::test]
async fn programme_add_with_omstillingsplan_postgres() {
    programme_add_with_omstillingsplan(Backend::Postgres).await;
}
