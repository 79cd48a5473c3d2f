//! E-mail settings and the outbox on both backends (issue 14): settings round-trip and
//! are audited; recipients are members with an address; enqueueing a key twice keeps
//! one row; a claimed message is not claimed again within its lease, also by another
//! store on the same database concurrently; a failure waits for its retry time; a sent
//! or given-up message stays and is never claimed again.

use store::mail::{MailSettings, NewMail};
use store::testing::{Backend, fresh_url};
use store::{NewProgramme, ProgrammeRole, Store};
use time::{Duration, OffsetDateTime};

async fn open(url: &str) -> Store {
    store::connect(url)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e:?}"))
}

fn mail(key: &str, user_id: i64) -> NewMail {
    NewMail {
        key: key.to_owned(),
        user_id,
        address: format!("{key}@example.no"),
        subject: format!("Emne {key}"),
        text: "tekst".to_owned(),
        html: "<p>tekst</p>".to_owned(),
    }
}

async fn settings_and_recipients(backend: Backend) {
    let store = open(&fresh_url(backend).await).await;
    let now = OffsetDateTime::now_utc();
    let kari = store.create_user("kari", None, None, now).await.unwrap();
    let ola = store.create_user("ola", None, None, now).await.unwrap();
    assert_eq!(
        store.mail_settings(kari.id).await.unwrap(),
        MailSettings::default()
    );
    let settings = MailSettings {
        email: Some("kari@example.no".into()),
        reminders: false,
    };
    store
        .set_mail_settings(kari.id, &settings, Some(kari.id), now)
        .await
        .unwrap();
    assert_eq!(store.mail_settings(kari.id).await.unwrap(), settings);
    assert!(matches!(
        store.set_mail_settings(9999, &settings, None, now).await,
        Err(store::StoreError::NotFound)
    ));
    let audit = store.audit(None).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "user.mail" && e.object == format!("users/{}", kari.id)),
        "{audit:?}"
    );
    let programme = store
        .create_programme(
            &NewProgramme {
                slug: "p".parse().unwrap(),
                name: "P".into(),
                area: "A".into(),
                county: None,
                period_from: 2025,
                period_to: 2030,
            },
            None,
            now,
        )
        .await
        .unwrap();
    for user in [&kari, &ola] {
        store
            .set_member(programme.id, user.id, ProgrammeRole::Board, None, now)
            .await
            .unwrap();
    }
    // Ola has no address: not a recipient.
    let recipients = store.mail_recipients(Some(programme.id)).await.unwrap();
    assert_eq!(recipients.len(), 1);
    assert_eq!(recipients[0].user_id, kari.id);
    assert_eq!(recipients[0].email, "kari@example.no");
    assert_eq!(recipients[0].role, ProgrammeRole::Board);
    assert!(!recipients[0].reminders);
    assert_eq!(store.mail_recipients(None).await.unwrap(), recipients);
    assert!(store.mail_recipients(Some(9999)).await.unwrap().is_empty());
    let all = store.all_mail_settings().await.unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn settings_and_recipients_sqlite() {
    settings_and_recipients(Backend::Sqlite).await;
}

#[tokio::test]
async fn settings_and_recipients_postgres() {
    settings_and_recipients(Backend::Postgres).await;
}

async fn outbox_sends_once_and_retries(backend: Backend) {
    let url = fresh_url(backend).await;
    let store = open(&url).await;
    let now = OffsetDateTime::now_utc();
    let kari = store.create_user("kari", None, None, now).await.unwrap();
    let batch = [mail("a", kari.id), mail("b", kari.id)];
    assert_eq!(store.enqueue_mail(&batch, now).await.unwrap(), 2);
    // Again (a restart, a second process): nothing new.
    assert_eq!(store.enqueue_mail(&batch, now).await.unwrap(), 0);
    assert_eq!(store.outbox().await.unwrap().len(), 2);

    let a = store.claim_mail(now, 300).await.unwrap().unwrap();
    assert_eq!((a.address.as_str(), a.attempts), ("a@example.no", 1));
    let b = store.claim_mail(now, 300).await.unwrap().unwrap();
    assert_eq!(b.subject, "Emne b");
    // Both held: nothing more to claim, also for another store on the database.
    assert_eq!(store.claim_mail(now, 300).await.unwrap(), None);
    let other = open(&url).await;
    assert_eq!(other.claim_mail(now, 300).await.unwrap(), None);

    store.mail_sent(a.id, now).await.unwrap();
    // B failed: due again at its retry time, not before.
    let retry_at = now + Duration::seconds(60);
    store
        .mail_failed(b.id, "451 try again", Some(retry_at))
        .await
        .unwrap();
    assert_eq!(store.claim_mail(now, 300).await.unwrap(), None);
    let again = other.claim_mail(retry_at, 300).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (b.id, 2));
    // Given up: stays, never claimed again.
    store.mail_failed(b.id, "550 no", None).await.unwrap();
    let later = now + Duration::days(1);
    assert_eq!(store.claim_mail(later, 300).await.unwrap(), None);
    let outbox = store.outbox().await.unwrap();
    let states: Vec<(&str, &str, i64)> = outbox
        .iter()
        .map(|m| (m.key.as_str(), m.status.as_str(), m.attempts))
        .collect();
    assert_eq!(states, vec![("a", "sent", 1), ("b", "failed", 2)]);
    assert_eq!(outbox[1].last_error.as_deref(), Some("550 no"));

    // A sender that died: its claim runs out after the lease and another takes it.
    store
        .enqueue_mail(&[mail("c", kari.id)], now)
        .await
        .unwrap();
    let c = store.claim_mail(now, 300).await.unwrap().unwrap();
    assert_eq!(
        other
            .claim_mail(now + Duration::seconds(299), 300)
            .await
            .unwrap(),
        None
    );
    let taken = other
        .claim_mail(now + Duration::seconds(300), 300)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((taken.id, taken.attempts), (c.id, 2));
}

#[tokio::test]
async fn outbox_sends_once_and_retries_sqlite() {
    outbox_sends_once_and_retries(Backend::Sqlite).await;
}

#[tokio::test]
async fn outbox_sends_once_and_retries_postgres() {
    outbox_sends_once_and_retries(Backend::Postgres).await;
}

/// Many claimers on several stores at once: every message is claimed exactly once.
async fn concurrent_claims_take_each_message_once(backend: Backend) {
    let url = fresh_url(backend).await;
    let store = open(&url).await;
    let now = OffsetDateTime::now_utc();
    let kari = store.create_user("kari", None, None, now).await.unwrap();
    let mails: Vec<NewMail> = (0..60).map(|i| mail(&format!("m{i}"), kari.id)).collect();
    assert_eq!(store.enqueue_mail(&mails, now).await.unwrap(), 60);
    let mut tasks = Vec::new();
    for _ in 0..3 {
        let shared = open(&url).await;
        for _ in 0..3 {
            let shared = shared.clone();
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(m) = shared.claim_mail(now, 300).await.unwrap() {
                    got.push(m.id);
                }
                got
            }));
        }
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all.sort_unstable();
    let expected: Vec<i64> = store.outbox().await.unwrap().iter().map(|m| m.id).collect();
    assert_eq!(all, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_take_each_message_once_sqlite() {
    concurrent_claims_take_each_message_once(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_take_each_message_once_postgres() {
    concurrent_claims_take_each_message_once(Backend::Postgres).await;
}
