//! End-to-end tests of the web pages in real Chromium: spawns the app on a free port with
//! a fresh SQLite database and the demo data, then runs `node e2e/run.mjs` (playwright-core
//! driving Debian's `/usr/bin/chromium`, axe-core checking WCAG 2.1 AA on every page and
//! state). Fails, with a message saying what to install, when node, Chromium or the npm
//! packages are missing: `.ci/install.d/50-e2e.sh` installs them.

use std::path::PathBuf;
use std::process::Command;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

#[test]
fn pages_work_in_chromium_and_pass_axe() {
    let root = repo_root();
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        node_ok,
        "node is missing: install Debian's nodejs (see .ci/install.d/50-e2e.sh)"
    );
    assert!(
        std::path::Path::new(&chromium()).exists(),
        "Chromium is missing at {}: apt-get install chromium (see .ci/install.d/50-e2e.sh)",
        chromium()
    );
    assert!(
        root.join("e2e/node_modules/playwright-core").exists()
            && root.join("e2e/node_modules/@axe-core/playwright").exists(),
        "the e2e npm packages are missing: run `npm ci` in e2e/ (see .ci/install.d/50-e2e.sh)"
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = std::env::temp_dir().join(format!(
        "omstilling-e2e-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("e2e.db").display());
    let (address, login, second, admin) = runtime.block_on(async {
        let store = store::connect(&url).await.expect("database");
        let login = web::demo::seed(&store).await.expect("demo data");
        let programme = store
            .programme(&login.programme.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        let hash = web::auth::hash_password("kari-passord-1").unwrap();
        let kari = store
            .create_user("kari", Some(&hash), None, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        store
            .set_member(
                programme.id,
                kari.id,
                store::ProgrammeRole::Editor,
                None,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        // A reader whose membership the admin test changes and removes.
        let reader = store
            .create_user("lesar", None, None, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        store
            .set_member(
                programme.id,
                reader.id,
                store::ProgrammeRole::Viewer,
                None,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        // Enough versions of the 2027 plan for the history to have a second page.
        let current = store
            .current(programme.id, &store::DocKey::handlingsplan(2027))
            .await
            .unwrap()
            .unwrap();
        for n in 0..24 {
            store
                .put(
                    programme.id,
                    &store::DocKey::handlingsplan(2027),
                    Some(current.info.version + n),
                    &current.body,
                    kari.id,
                    time::OffsetDateTime::now_utc(),
                )
                .await
                .unwrap();
        }
        let hash = web::auth::hash_password("admin-passord-1").unwrap();
        store
            .create_user(
                "admin",
                Some(&hash),
                Some(store::GlobalRole::Admin),
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        // A programme without an Omstillingsplan and an editor of only that programme
        // (so the other tests' lists are unchanged), for the Omstillingsplan editor's start.
        let nordvik = store
            .create_programme(
                &store::NewProgramme {
                    slug: "nordvik".parse().unwrap(),
                    name: "Nordvik Vekst".to_owned(),
                    area: "Nordvik kommune".to_owned(),
                    county: Some("Nordland".to_owned()),
                    period_from: 2026,
                    period_to: 2031,
                },
                None,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        let hash = web::auth::hash_password("nora-passord-1").unwrap();
        let nora = store
            .create_user("nora", Some(&hash), None, time::OffsetDateTime::now_utc())
            .await
            .unwrap();
        store
            .set_member(
                nordvik.id,
                nora.id,
                store::ProgrammeRole::Editor,
                None,
                time::OffsetDateTime::now_utc(),
            )
            .await
            .unwrap();
        let state = web::AppState::new(store, web::AppConfig::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(
                listener,
                web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap();
        });
        (
            address,
            login,
            ("kari", "kari-passord-1"),
            ("admin", "admin-passord-1"),
        )
    });
    // Node's output goes straight to ours (not captured), so a failing or slow run shows
    // where it is, and Chromium's processes cannot hold a pipe open after node has ended.
    let status = Command::new("node")
        .arg(root.join("e2e/run.mjs"))
        .current_dir(root.join("e2e"))
        .env("E2E_BASE_URL", format!("http://{address}"))
        .env("E2E_USER", &login.user)
        .env("E2E_PASSWORD", &login.password)
        .env("E2E_USER2", second.0)
        .env("E2E_PASSWORD2", second.1)
        .env("E2E_ADMIN", admin.0)
        .env("E2E_ADMIN_PASSWORD", admin.1)
        .env("E2E_OP_USER", "nora")
        .env("E2E_OP_PASSWORD", "nora-passord-1")
        .env("CHROMIUM", chromium())
        .status()
        .expect("node runs");
    runtime.shutdown_background();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        status.success(),
        "the browser tests failed (see the output above)"
    );
}
