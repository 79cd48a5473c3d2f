//! Schemathesis (PyPI) against `/api/v1/openapi.json` of the real server (`serve --demo`
//! on a fresh SQLite file, authenticated with the demo token): no 5xx, and every response
//! matches its documented status, content type and schema.
//!
//! Needs the `schemathesis` command (`.ci/install.d/50-server.sh` installs it); the test
//! fails with that message when it is missing.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::process::Command;

use server_support::start;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_errors_and_no_schema_violations() {
    let version = Command::new("schemathesis").arg("--version").output();
    assert!(
        version.as_ref().is_ok_and(|o| o.status.success()),
        "schemathesis is needed for this test: python3 -m pip install 'schemathesis==4.*' \
         (.ci/install.d/50-server.sh)"
    );
    let db = store::testing::fresh_url(store::testing::Backend::Sqlite).await;
    let server = start(&db, &["--demo"]).await;
    let token = server
        .banner
        .iter()
        .find_map(|line| line.split("Bearer ").nth(1))
        .and_then(|rest| rest.split('\'').next())
        .expect("serve --demo prints an API token")
        .to_owned();
    let schema = format!("{}/api/v1/openapi.json", server.base);
    let report_dir = std::env::temp_dir().join(format!("omstilling-st-{}", std::process::id()));
    let output = tokio::task::spawn_blocking(move || {
        Command::new("schemathesis")
            .args(["run", &schema])
            .args(["--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"])
            .args(["--max-examples", "15", "--seed", "20271", "--request-timeout", "20"])
            .args(["--header", &format!("Authorization: Bearer {token}")])
            .args(["--no-color"])
            .env("SCHEMATHESIS_HOOKS", "")
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(report_dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    server.kill().await;
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{stdout}\n{stderr}"
    );
}
