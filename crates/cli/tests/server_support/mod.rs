//! Running the real `omstilling serve` process in tests: start it on port 0, read the
//! address it prints, kill it. Plus the seeding and HTTP helpers the process tests share.
#![allow(dead_code, clippy::unwrap_used)]

use std::process::Stdio;
use std::time::Duration;

use reqwest::Client;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures");

pub fn fixture_json() -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}/fjordvik-2027.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A running `omstilling serve`.
#[derive(Debug)]
pub struct Server {
    pub child: Child,
    pub base: String,
    /// Everything it printed on stdout before "lytter på".
    pub banner: Vec<String>,
}

/// Starts `omstilling serve --db URL --addr 127.0.0.1:0 [extra…]` and waits until it listens.
/// It logs warnings only, to the test's stderr.
pub async fn start(db: &str, extra: &[&str]) -> Server {
    start_with(db, extra, None).await
}

/// As [`start`], with the server's log (`OMSTILLING_LOG=info`, one line per request)
/// written to `log` when given.
pub async fn start_with(db: &str, extra: &[&str], log: Option<&std::path::Path>) -> Server {
    let (level, stderr) = match log {
        Some(path) => ("info", Stdio::from(std::fs::File::create(path).unwrap())),
        None => ("warn", Stdio::inherit()),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .args(extra)
        .env("OMSTILLING_LOG", level)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let mut banner = Vec::new();
    let base = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(address) = line.strip_prefix("omstilling lytter på ") {
                return address.trim().to_owned();
            }
            banner.push(line);
        }
        panic!("the server exited before listening: {banner:?}");
    })
    .await
    .expect("the server did not start within 60 s");
    // Keep draining stdout so the process never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server {
        child,
        base,
        banner,
    }
}

impl Server {
    /// SIGTERM, and wait (at most 30 s) for it to shut down and exit.
    pub async fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().unwrap().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .await
            .unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("the server did not exit within 30 s of SIGTERM")
            .unwrap()
    }

    /// SIGKILL, and wait for it to be gone.
    pub async fn kill(mut self) {
        let _ = self.child.kill().await;
    }
}

/// Seeds a programme `p` with an editor and returns the editor's API token.
pub async fn seed(db: &str) -> String {
    let store = store::connect(db).await.unwrap();
    web::demo::editor_with_token(&store, "p", "redaktor")
        .await
        .unwrap()
        .2
}

/// A client for the spawned server. Its time limit is generous: a decision renders its
/// PDF (the council's is the PDF/A archive copy) in a debug build, on two cores shared
/// with the other test binaries of `cargo test --workspace`.
pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

/// One read-modify-write: GET (or create), set the vision to `marker`, PUT with If-Match.
/// `Ok(Some(version))` when the write was answered 2xx, `Ok(None)` on 412 (or 428 when
/// someone else created the plan first), `Err` when the connection failed.
pub async fn read_modify_write(
    client: &Client,
    base: &str,
    token: &str,
    year: i32,
    marker: &str,
) -> Result<Option<i64>, reqwest::Error> {
    let url = format!("{base}/api/v1/programmes/p/plans/{year}");
    let current = client.get(&url).bearer_auth(token).send().await?;
    let (mut plan, tag) = match current.status().as_u16() {
        200 => {
            let tag = current.headers()["etag"].to_str().unwrap().to_owned();
            (current.json::<Value>().await?, Some(tag))
        }
        404 => (fixture_json(), None),
        other => panic!("GET {url}: {other}"),
    };
    plan["year"] = year.into();
    plan["programme"]["vision"] = Value::String(marker.to_owned());
    let mut request = client.put(&url).bearer_auth(token).body(plan.to_string());
    if let Some(tag) = &tag {
        request = request.header("If-Match", tag);
    }
    let response = request.send().await?;
    match response.status().as_u16() {
        200 | 201 => {
            let body: Value = response.json().await?;
            Ok(Some(body["version"].as_i64().unwrap()))
        }
        412 | 428 => Ok(None),
        other => panic!("PUT {url}: {other}"),
    }
}

/// A small deterministic random source (no dependency needed for jitter).
#[derive(Debug)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Jitter {
        Jitter(seed | 1)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}
