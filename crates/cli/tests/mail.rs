//! E-mail (issue 14) against a real SMTP server: `aiosmtpd` (PyPI), started by each test
//! with our handler `smtp_sink.py`, which writes every message it accepts to a directory.
//! The real `omstilling serve --smtp …` sends; the day is fixed with `OMSTILLING_TODAY`.
//!
//! - the right people get the right reminders, once, and a restart does not resend
//!   (SQLite and PostgreSQL);
//! - two server processes on one PostgreSQL database send each reminder once;
//! - an SMTP failure (451) is retried and the message then delivered once;
//! - a decision and a reopen notify the programme's editors with an address (also those
//!   who turned reminders off), in their målform; board members and viewers get none.
//!
//! "Nothing more is sent" is observed without waiting on a clock: after the messages
//! expected, a sentinel message is put in the outbox; the worker enqueues reminders
//! before it delivers in each round and delivers everything due, so once the sentinel
//! has arrived and nothing is pending, any duplicate would have arrived too.
#![allow(clippy::unwrap_used)]

mod server_support;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use plan::yearwheel::Deadline;
use serde_json::{Value, json};
use server_support::{Server, client};
use store::mail::{MailSettings, NewMail};
use store::testing::{Backend, fresh_url};
use store::{NewProgramme, ProgrammeRole, Store};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The day the servers take as today: the board's deadline (30 November, default) is 14
/// days away; the status review is set to 19 November (3 days away).
const TODAY: &str = "2027-11-16";

/// A running `smtp_sink.py`.
struct Sink {
    _child: Child,
    port: u16,
    dir: PathBuf,
}

async fn start_sink(fail_first: u32) -> Sink {
    start_sink_with(fail_first, &[]).await
}

/// As [`start_sink`], with the sink's options (`--tls`, `--auth USER:PASSWORD`).
async fn start_sink_with(fail_first: u32, options: &[&str]) -> Sink {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "omstilling-mail-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py"))
        .arg(&dir)
        .arg(fail_first.to_string())
        .args(options)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("python3 with aiosmtpd (.ci/install.d/56-mail.sh)");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("the SMTP sink did not start within 30 s")
        .unwrap()
        .expect("the SMTP sink exited: is aiosmtpd installed?")
        .trim()
        .parse()
        .unwrap();
    Sink {
        _child: child,
        port,
        dir,
    }
}

impl Sink {
    /// The messages received so far, in the order received.
    fn received(&self) -> Vec<Value> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("mail-") && n.ends_with(".json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|n| {
                serde_json::from_str(&std::fs::read_to_string(self.dir.join(n)).unwrap()).unwrap()
            })
            .collect()
    }

    fn refused(&self) -> usize {
        std::fs::read_dir(&self.dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("refused-")
            })
            .count()
    }

    /// Waits (at most 120 s) until a received message satisfies `found`.
    async fn wait_for(&self, what: &str, found: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        for _ in 0..1200 {
            let received = self.received();
            if found(&received) {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{what}: not received within 120 s; got {:#?}",
            self.received()
        );
    }
}

/// Starts `omstilling serve` with e-mail on, the day fixed to [`TODAY`].
async fn start_server(db: &str, sink: &Sink) -> Server {
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    start_server_with(db, &smtp, &[], None).await
}

/// As [`start_server`], with the SMTP URL, more environment and the log (at `info`)
/// written to `log` when given.
async fn start_server_with(
    db: &str,
    smtp: &str,
    env: &[(&str, &str)],
    log: Option<&std::path::Path>,
) -> Server {
    let (level, stderr) = match log {
        Some(path) => ("info", Stdio::from(std::fs::File::create(path).unwrap())),
        None => ("warn", Stdio::inherit()),
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .args(["--smtp", smtp, "--mail-from", "omstilling@fjordvik.example"])
        .args(["--public-url", "https://omstilling.example/"])
        .args(["--mail-interval-ms", "100", "--mail-retry-seconds", "1"])
        .env("OMSTILLING_LOG", level)
        .env("OMSTILLING_TODAY", TODAY)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(address) = line.strip_prefix("omstilling lytter på ") {
                return address.trim().to_owned();
            }
        }
        panic!("the server exited before listening");
    })
    .await
    .expect("the server did not start within 60 s");
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server {
        child,
        base,
        banner: Vec::new(),
    }
}

/// The people of programme `p`: who has which role, address, målform and setting.
struct People {
    editor: i64,
    token: String,
    board_token: String,
}

async fn user(
    store: &Store,
    programme: i64,
    name: &str,
    role: ProgrammeRole,
    email: Option<&str>,
    language: Option<plan::Language>,
    reminders: bool,
) -> i64 {
    let now = web::clock::now();
    let user = store.create_user(name, None, None, now).await.unwrap();
    store
        .set_member(programme, user.id, role, None, now)
        .await
        .unwrap();
    let settings = MailSettings {
        email: email.map(str::to_owned),
        reminders,
    };
    store
        .set_mail_settings(user.id, &settings, None, now)
        .await
        .unwrap();
    if let Some(language) = language {
        store.set_language(user.id, language).await.unwrap();
    }
    user.id
}

async fn seed(db: &str) -> People {
    let store = store::connect(db).await.unwrap();
    let now = web::clock::now();
    let programme = store
        .create_programme(
            &NewProgramme {
                slug: "p".parse().unwrap(),
                name: "Fjordvik Vekst".into(),
                area: "Fjordvik kommune".into(),
                county: None,
                period_from: 2025,
                period_to: 2030,
            },
            None,
            now,
        )
        .await
        .unwrap();
    use ProgrammeRole::{Board, Editor, Viewer};
    use plan::Language::{Bokmal, Nynorsk};
    let p = programme.id;
    let editor = user(
        &store,
        p,
        "red",
        Editor,
        Some("red@fjordvik.example"),
        Some(Bokmal),
        true,
    )
    .await;
    user(
        &store,
        p,
        "nyred",
        Editor,
        Some("nyred@fjordvik.example"),
        Some(Nynorsk),
        true,
    )
    .await;
    let board = user(
        &store,
        p,
        "styre",
        Board,
        Some("styre@fjordvik.example"),
        None,
        true,
    )
    .await;
    user(
        &store,
        p,
        "les",
        Viewer,
        Some("les@fjordvik.example"),
        None,
        true,
    )
    .await;
    user(&store, p, "utan", Editor, None, None, true).await;
    user(
        &store,
        p,
        "stille",
        Editor,
        Some("stille@fjordvik.example"),
        None,
        false,
    )
    .await;
    store
        .set_year_wheel_date(
            p,
            2027,
            Deadline::StatusReview,
            Some(plan::Date::new(2027, 11, 19).unwrap()),
            editor,
            now,
        )
        .await
        .unwrap();
    let token = web::auth::new_api_token().unwrap();
    store
        .add_token(editor, &web::auth::token_hash(&token), now)
        .await
        .unwrap();
    let board_token = web::auth::new_api_token().unwrap();
    store
        .add_token(board, &web::auth::token_hash(&board_token), now)
        .await
        .unwrap();
    People {
        editor,
        token,
        board_token,
    }
}

/// The reminders of [`TODAY`]: (recipient, subject start).
fn expected_reminders() -> Vec<(String, String)> {
    let mut expected = vec![
        ("red@fjordvik.example", "Påminnelse: Styret behandler handlingsplanen for 2028 (30. november 2027) – Fjordvik Vekst"),
        ("red@fjordvik.example", "Påminnelse: Programstatusvurdering (PSV) (19. november 2027) – Fjordvik Vekst"),
        ("nyred@fjordvik.example", "Påminning: Styret handsamar handlingsplanen for 2028 (30. november 2027) – Fjordvik Vekst"),
        ("nyred@fjordvik.example", "Påminning: Programstatusvurdering (PSV) (19. november 2027) – Fjordvik Vekst"),
        ("styre@fjordvik.example", "Påminnelse: Styret behandler handlingsplanen for 2028 (30. november 2027) – Fjordvik Vekst"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect::<Vec<_>>();
    expected.sort();
    expected
}

fn summary(received: &[Value]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = received
        .iter()
        .filter(|m| m["subject"] != "sentinel")
        .map(|m| {
            assert_eq!(m["to"].as_array().unwrap().len(), 1, "{m}");
            (
                m["to"][0].as_str().unwrap().to_owned(),
                m["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Puts the sentinel in the outbox and waits until it has arrived and nothing is pending.
async fn settle(db: &str, sink: &Sink, user_id: i64, name: &str) -> Vec<Value> {
    let store = store::connect(db).await.unwrap();
    let sentinel = NewMail {
        key: format!("test/sentinel/{name}"),
        user_id,
        address: "sentinel@fjordvik.example".into(),
        subject: "sentinel".into(),
        text: name.into(),
        html: format!("<p>{name}</p>"),
    };
    assert_eq!(
        store
            .enqueue_mail(&[sentinel], web::clock::now())
            .await
            .unwrap(),
        1
    );
    sink.wait_for(name, |r| {
        r.iter()
            .any(|m| m["subject"] == "sentinel" && m["text"].as_str().unwrap().trim() == name)
    })
    .await;
    for _ in 0..1200 {
        if store
            .outbox()
            .await
            .unwrap()
            .iter()
            .all(|m| m.status != "pending")
        {
            return sink.received();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "messages still pending after 120 s: {:?}",
        store.outbox().await.unwrap()
    );
}

async fn reminders_once_across_a_restart(backend: Backend) {
    let db = fresh_url(backend).await;
    let people = seed(&db).await;
    let sink = start_sink(0).await;
    let server = start_server(&db, &sink).await;
    let received = sink.wait_for("the five reminders", |r| r.len() >= 5).await;
    let first = &received[0];
    assert_eq!(first["from"], "omstilling@fjordvik.example");
    assert_eq!(first["multipart"], "multipart/alternative");
    let html = first["html"].as_str().unwrap();
    assert!(
        html.contains("https://omstilling.example/programmes/p?year=2027"),
        "{html}"
    );
    let text = first["text"].as_str().unwrap();
    assert!(
        text.contains("https://omstilling.example/account"),
        "{text}"
    );
    let nynorsk = received
        .iter()
        .find(|m| {
            m["to"][0] == "nyred@fjordvik.example" && m["subject"].as_str().unwrap().contains("PSV")
        })
        .unwrap();
    assert!(
        nynorsk["text"]
            .as_str()
            .unwrap()
            .contains("er 19. november 2027 (om 3 dagar)"),
        "{nynorsk}"
    );
    let received = settle(&db, &sink, people.editor, "first").await;
    assert_eq!(summary(&received), expected_reminders());

    // A restart (a new process on the same database) does not send them again.
    server.stop().await;
    let again = start_server(&db, &sink).await;
    let received = settle(&db, &sink, people.editor, "after restart").await;
    assert_eq!(summary(&received), expected_reminders());
    again.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_reach_the_right_people_once_and_a_restart_does_not_resend_sqlite() {
    reminders_once_across_a_restart(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_reach_the_right_people_once_and_a_restart_does_not_resend_postgres() {
    reminders_once_across_a_restart(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_postgres_send_each_reminder_once() {
    let db = fresh_url(Backend::Postgres).await;
    let people = seed(&db).await;
    let sink = start_sink(0).await;
    let (one, two) = tokio::join!(start_server(&db, &sink), start_server(&db, &sink));
    sink.wait_for("the five reminders", |r| r.len() >= 5).await;
    let received = settle(&db, &sink, people.editor, "two processes").await;
    assert_eq!(summary(&received), expected_reminders());
    assert_eq!(
        received.len(),
        6,
        "five reminders and the sentinel, each once"
    );
    let store = store::connect(&db).await.unwrap();
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 6);
    assert!(
        outbox.iter().all(|m| m.status == "sent" && m.attempts == 1),
        "{outbox:?}"
    );
    one.stop().await;
    two.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_smtp_failure_is_retried_and_then_delivered_once() {
    let db = fresh_url(Backend::Sqlite).await;
    let people = seed(&db).await;
    // The first two messages are answered 451 (try again later).
    let sink = start_sink(2).await;
    let server = start_server(&db, &sink).await;
    let received = settle(&db, &sink, people.editor, "retried").await;
    assert_eq!(sink.refused(), 2);
    assert_eq!(summary(&received), expected_reminders());
    let store = store::connect(&db).await.unwrap();
    let outbox = store.outbox().await.unwrap();
    assert!(outbox.iter().all(|m| m.status == "sent"), "{outbox:?}");
    let retried: i64 = outbox.iter().map(|m| m.attempts - 1).sum();
    assert_eq!(retried, 2, "{outbox:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_and_a_reopen_notify_the_editors() {
    let db = fresh_url(Backend::Postgres).await;
    let people = seed(&db).await;
    let sink = start_sink(0).await;
    let server = start_server(&db, &sink).await;
    sink.wait_for("the five reminders", |r| r.len() >= 5).await;
    let http = client();
    let plan_url = format!("{}/api/v1/programmes/p/plans/2027", server.base);
    let text = std::fs::read_to_string(format!("{}/fjordvik-2027.json", server_support::FIXTURES))
        .unwrap();
    let put = http
        .put(&plan_url)
        .bearer_auth(&people.token)
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 201);
    let board = http
        .post(format!("{plan_url}/approvals"))
        .bearer_auth(&people.board_token)
        .json(&json!({"step": "board", "date": "2027-11-25", "reference": "sak 21/39"}))
        .send()
        .await
        .unwrap();
    assert_eq!(board.status(), 201);
    let reopen = http
        .post(format!("{plan_url}/reopen"))
        .bearer_auth(&people.token)
        .send()
        .await
        .unwrap();
    assert_eq!(reopen.status(), 201);
    let received = settle(&db, &sink, people.editor, "notices").await;
    let mut notices: Vec<(String, String)> = summary(&received)
        .into_iter()
        .filter(|(_, subject)| !subject.starts_with("Påminn"))
        .collect();
    notices.sort();
    assert_eq!(
        notices,
        vec![
            (
                "nyred@fjordvik.example".to_owned(),
                "Handlingsplanen for 2027 er opna att – Fjordvik Vekst".to_owned()
            ),
            (
                "nyred@fjordvik.example".to_owned(),
                "Styret har handsama handlingsplanen for 2027 – Fjordvik Vekst".to_owned()
            ),
            (
                "red@fjordvik.example".to_owned(),
                "Handlingsplanen for 2027 er åpnet igjen – Fjordvik Vekst".to_owned()
            ),
            (
                "red@fjordvik.example".to_owned(),
                "Styret har behandlet handlingsplanen for 2027 – Fjordvik Vekst".to_owned()
            ),
            // Reminders off is about reminders: the editor still hears of decisions.
            (
                "stille@fjordvik.example".to_owned(),
                "Handlingsplanen for 2027 er åpnet igjen – Fjordvik Vekst".to_owned()
            ),
            (
                "stille@fjordvik.example".to_owned(),
                "Styret har behandlet handlingsplanen for 2027 – Fjordvik Vekst".to_owned()
            ),
        ]
    );
    let board_notice = received
        .iter()
        .find(|m| {
            m["to"][0] == "red@fjordvik.example"
                && m["subject"].as_str().unwrap().starts_with("Styret")
        })
        .unwrap();
    let text = board_notice["text"].as_str().unwrap();
    assert!(
        text.contains("Vedtaksdato: 25. november 2027, sak 21/39. Vedtaket er ført som versjon 2."),
        "{text}"
    );
    assert!(
        text.contains("https://omstilling.example/programmes/p/plans/2027"),
        "{text}"
    );
    server.stop().await;
}

/// STARTTLS and a login, as a real submission server wants them: the sink refuses mail
/// without both; the server trusts the sink's test CA through `SSL_CERT_FILE` (the
/// system's certificates are read through rustls-native-certs). The log, at `info`,
/// names no address, no name and not the password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_and_credentials_are_used_and_the_log_holds_no_personal_data() {
    let db = fresh_url(Backend::Sqlite).await;
    let people = seed(&db).await;
    let sink = start_sink_with(0, &["--tls", "--auth", "omstilling:hemmelig-passord-42"]).await;
    let smtp = format!(
        "smtp://omstilling:hemmelig-passord-42@127.0.0.1:{}?tls=required",
        sink.port
    );
    let ca = sink.dir.join("tls/ca.pem");
    let log = sink.dir.join("server.log");
    let server = start_server_with(
        &db,
        &smtp,
        &[("SSL_CERT_FILE", ca.to_str().unwrap())],
        Some(&log),
    )
    .await;
    let received = settle(&db, &sink, people.editor, "tls").await;
    assert_eq!(summary(&received), expected_reminders());
    for message in &received {
        assert_eq!(message["tls"], true, "{message}");
        assert_eq!(message["authenticated"], true, "{message}");
    }
    server.stop().await;
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(log.contains("e-mail sent"), "{log}");
    for secret in [
        "fjordvik.example",
        "hemmelig-passord-42",
        "nyred",
        "styre",
        "Fjordvik Vekst",
        "Påminn",
    ] {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}

/// `omstilling user add NAME --email ADDRESS`: a malformed address is refused before the
/// user is made; a good one is stored with reminders on.
#[tokio::test]
async fn user_add_takes_an_email_address() {
    let db = fresh_url(Backend::Sqlite).await;
    let add = |email: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_omstilling"))
            .args([
                "user",
                "add",
                "ola",
                "--password-stdin",
                "--email",
                email,
                "--db",
                &db,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all("blåbær på fjellet i juli\n".as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let refused = add("ola@");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("e-postadressen «ola@» er ikke gyldig"),
        "{stderr}"
    );
    let store = store::connect(&db).await.unwrap();
    assert!(store.user_by_name("ola").await.unwrap().is_none());
    let made = add("ola@fjordvik.example");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let (ola, _) = store.user_by_name("ola").await.unwrap().unwrap();
    assert_eq!(
        store.mail_settings(ola.id).await.unwrap(),
        MailSettings {
            email: Some("ola@fjordvik.example".into()),
            reminders: true
        }
    );
}
