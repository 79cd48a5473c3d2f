//! `omstilling archive`: the package of an approved version of a Handlingsplan (`SLUG
//! YEAR`) or of the Omstillingsplan (`SLUG --omstillingsplan`), from the store, the same
//! bytes as the API's `archive.zip`; and Norwegian errors for a version that has none.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::process::Command;

use serde_json::{Value, json};
use server_support::{client, seed, start};
use store::ProgrammeRole;

fn omstilling(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(args)
        .output()
        .unwrap()
}

async fn archive_command(backend: store::testing::Backend) {
    let db = store::testing::fresh_url(backend).await;
    let token = seed(&db).await;
    let store = store::connect(&db).await.unwrap();
    let programme = store
        .programme(&"p".parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    let board_user = store
        .create_user("styreleder", None, None, web::clock::now())
        .await
        .unwrap();
    store
        .set_member(
            programme.id,
            board_user.id,
            ProgrammeRole::Board,
            None,
            web::clock::now(),
        )
        .await
        .unwrap();
    let board_token = web::auth::new_api_token().unwrap();
    store
        .add_token(
            board_user.id,
            &web::auth::token_hash(&board_token),
            web::clock::now(),
        )
        .await
        .unwrap();
    let server = start(&db, &[]).await;
    let http = client();
    let plan = format!("{}/api/v1/programmes/p/plans/2027", server.base);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/fjordvik-2027.json"
    ))
    .unwrap();
    let put = http
        .put(&plan)
        .bearer_auth(&token)
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);

    let dir = std::env::temp_dir().join(format!(
        "omstilling-archive-cli-{}-{backend:?}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("pakke.zip");
    let out_arg = out.to_str().unwrap();

    // No approved version yet: exit 2 with a Norwegian message, no file.
    let none = omstilling(&["archive", "p", "2027", "--db", &db, "-o", out_arg]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("fant ikke en godkjent versjon"),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
    assert!(!out.exists());
    let unknown = omstilling(&["archive", "nei", "2027", "--db", &db, "-o", out_arg]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("fant ikke programmet «nei»"));

    for (step, date, reference, who) in [
        ("board", "2026-11-27", "sak 21/39", &board_token),
        ("council", "2026-12-10", "PS 88/26", &token),
    ] {
        let response = http
            .post(format!("{plan}/approvals"))
            .bearer_auth(who)
            .json(&json!({"step": step, "date": date, "reference": reference}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{step}");
    }
    let draft = omstilling(&[
        "archive",
        "p",
        "2027",
        "--version",
        "1",
        "--db",
        &db,
        "-o",
        out_arg,
    ]);
    assert_eq!(draft.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&draft.stderr).contains("er ikke godkjent"),
        "{}",
        String::from_utf8_lossy(&draft.stderr)
    );

    // The newest approved version by default, or the one named: the API's bytes.
    let made = omstilling(&["archive", "p", "2027", "--db", &db, "-o", out_arg]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let cli = std::fs::read(&out).unwrap();
    let named = omstilling(&[
        "archive",
        "p",
        "2027",
        "--version",
        "3",
        "--db",
        &db,
        "-o",
        out_arg,
    ]);
    assert!(named.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), cli);
    let api = http
        .get(format!("{plan}/versions/3/archive.zip"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        cli,
        api.to_vec(),
        "the command and the API give the same package"
    );

    // Read back: the manifest verifies and plan.json is the version's.
    let unpacked = dir.join("unpacked");
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../web/tests/inspect_archive.py"
    );
    let output = Command::new("python3")
        .args([script, out_arg, unpacked.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(facts["manifest_ok"], true, "{}", facts["manifest_output"]);
    let versions: Value = http
        .get(format!("{plan}/versions"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(facts["sha256"]["plan.json"], versions[2]["sha256"]);
    assert_eq!(facts["pdf"]["pdfa_part"], "2");

    // The Omstillingsplan: `--omstillingsplan` instead of the year, the same generic code.
    let op = format!("{}/api/v1/programmes/p/omstillingsplan", server.base);
    let op_out = dir.join("omstillingsplan.zip");
    let op_arg = op_out.to_str().unwrap();
    let absent = omstilling(&[
        "archive",
        "p",
        "--omstillingsplan",
        "--db",
        &db,
        "-o",
        op_arg,
    ]);
    assert_eq!(absent.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&absent.stderr)
            .contains("fant ikke en godkjent versjon av omstillingsplanen"),
        "{}",
        String::from_utf8_lossy(&absent.stderr)
    );
    // Neither a year nor --omstillingsplan, or both: clap's usage error, no file.
    let neither = omstilling(&["archive", "p", "--db", &db, "-o", op_arg]);
    assert_eq!(neither.status.code(), Some(2));
    let both = omstilling(&[
        "archive",
        "p",
        "2027",
        "--omstillingsplan",
        "--db",
        &db,
        "-o",
        op_arg,
    ]);
    assert_eq!(both.status.code(), Some(2));
    assert!(!op_out.exists());
    let put = http
        .put(&op)
        .bearer_auth(&token)
        .body(include_str!("../../web/demo/fjordvik.op.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    for (step, date, reference, who) in [
        ("board", "2024-11-20", "sak 12/24", &board_token),
        ("council", "2024-12-12", "sak 40/24", &token),
    ] {
        let response = http
            .post(format!("{op}/approvals"))
            .bearer_auth(who)
            .json(&json!({"step": step, "date": date, "reference": reference}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{step}");
    }
    let made = omstilling(&[
        "archive",
        "p",
        "--omstillingsplan",
        "--db",
        &db,
        "-o",
        op_arg,
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let cli = std::fs::read(&op_out).unwrap();
    let api = http
        .get(format!("{op}/versions/3/archive.zip"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        cli,
        api.to_vec(),
        "the command and the API give the same package"
    );
    let output = Command::new("python3")
        .args([script, op_arg, dir.join("op-unpacked").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let facts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(facts["manifest_ok"], true, "{}", facts["manifest_output"]);
    let op_versions: Value = http
        .get(format!("{op}/versions"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(facts["sha256"]["plan.json"], op_versions[2]["sha256"]);
    assert_eq!(
        facts["metadata"]["text"]["registrering/noekkel"],
        "programmes/p/omstillingsplan/versions/3"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archive_command_sqlite() {
    archive_command(store::testing::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archive_command_postgres() {
    archive_command(store::testing::Backend::Postgres).await;
}
