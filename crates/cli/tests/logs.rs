//! The server's log (issue 5: "structured lines (tracing), no personal data beyond user
//! ids"): a line per request, written out by the time the server has stopped, and none of
//! the secrets or plan text that passed through it.
#![allow(clippy::unwrap_used)]

mod server_support;

use serde_json::json;
use server_support::{client, fixture_json, seed, start_with};

#[tokio::test]
async fn requests_are_logged_without_personal_data() {
    let dir = std::env::temp_dir().join(format!("omstilling-logs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("logs.db").display());
    let log = dir.join("serve.log");
    let token = seed(&db).await;
    let server = start_with(&db, &[], Some(&log)).await;
    let http = client();
    let plan_url = format!("{}/api/v1/programmes/p/plans/2027", server.base);

    let mut plan = fixture_json();
    let secret_vision = "Visjonen som bare står i planen 7f3a";
    plan["programme"]["vision"] = json!(secret_vision);
    let put = http
        .put(&plan_url)
        .bearer_auth(&token)
        .body(plan.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    let requests = 50;
    for _ in 0..requests {
        let get = http
            .get(&plan_url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(get.status(), 200);
    }
    let password = "passordet-som-aldri-skal-logges";
    let login = http
        .post(format!("{}/api/v1/login", server.base))
        .json(&json!({"name": "redaktor", "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 401);
    let status = server.stop().await;
    assert!(status.success(), "{status}");

    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let gets = lines
        .iter()
        .filter(|l| {
            l.contains("method=GET")
                && l.contains("path=/api/v1/programmes/p/plans/2027")
                && l.contains("status=200")
        })
        .count();
    assert_eq!(gets, requests, "one line per GET, all written out:\n{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("plan saved") && l.contains("user_id=")),
        "the save is logged with the user id:\n{text}"
    );
    assert!(lines.iter().any(|l| l.contains("login failed")), "{text}");
    for secret in [token.as_str(), password, secret_vision, "redaktor"] {
        assert!(!text.contains(secret), "the log holds {secret:?}:\n{text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
