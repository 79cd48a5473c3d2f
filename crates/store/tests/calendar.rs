//! The year wheel's dates and the calendar subscriptions on both backends (issue 14):
//! a set date replaces the default and is audited, `None` returns it to the default, a
//! new subscription replaces the old one and a revoked one finds nobody.

use plan::Date;
use plan::yearwheel::Deadline;
use store::calendar::SetDate;
use store::testing::{Backend, fresh_url};
use store::{NewProgramme, Store};
use time::OffsetDateTime;

async fn open(backend: Backend) -> Store {
    let url = fresh_url(backend).await;
    store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e:?}"))
}

async fn setup(store: &Store) -> (i64, i64) {
    let now = OffsetDateTime::now_utc();
    let user = store.create_user("kari", None, None, now).await.unwrap();
    let programme = store
        .create_programme(
            &NewProgramme {
                slug: "fjordvik".parse().unwrap(),
                name: "Fjordvik Vekst".to_owned(),
                area: "Fjordvik kommune".to_owned(),
                county: None,
                period_from: 2025,
                period_to: 2030,
            },
            Some(user.id),
            now,
        )
        .await
        .unwrap();
    (programme.id, user.id)
}

fn date(text: &str) -> Date {
    Date::parse_iso(text).unwrap()
}

async fn dates_are_set_changed_and_reset_with_audit(backend: Backend) {
    let store = open(backend).await;
    let (programme, user) = setup(&store).await;
    assert!(store.year_wheel_dates(programme).await.unwrap().is_empty());
    let now = OffsetDateTime::now_utc();
    store
        .set_year_wheel_date(
            programme,
            2027,
            Deadline::StatusReview,
            Some(date("2027-10-03")),
            user,
            now,
        )
        .await
        .unwrap();
    store
        .set_year_wheel_date(
            programme,
            2027,
            Deadline::StatusReview,
            Some(date("2027-10-07")),
            user,
            now,
        )
        .await
        .unwrap();
    store
        .set_year_wheel_date(
            programme,
            2028,
            Deadline::PlanStart,
            Some(date("2028-01-20")),
            user,
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        store.year_wheel_dates(programme).await.unwrap(),
        vec![
            SetDate {
                year: 2027,
                deadline: Deadline::StatusReview,
                date: date("2027-10-07")
            },
            SetDate {
                year: 2028,
                deadline: Deadline::PlanStart,
                date: date("2028-01-20")
            },
        ]
    );
    store
        .set_year_wheel_date(programme, 2027, Deadline::StatusReview, None, user, now)
        .await
        .unwrap();
    assert_eq!(store.year_wheel_dates(programme).await.unwrap().len(), 1);
    let audit = store.audit(Some(programme)).await.unwrap();
    let changes: Vec<&str> = audit
        .iter()
        .filter(|e| e.action == "yearwheel.change")
        .map(|e| e.object.as_str())
        .collect();
    assert_eq!(
        changes,
        vec![
            "year-wheel/2027/psv",
            "year-wheel/2027/psv",
            "year-wheel/2028/plan-start",
            "year-wheel/2027/psv"
        ]
    );
    assert!(
        audit
            .iter()
            .filter(|e| e.action == "yearwheel.change")
            .all(|e| e.actor_id == Some(user))
    );
}

async fn a_new_subscription_replaces_the_old(backend: Backend) {
    let store = open(backend).await;
    let (_, user) = setup(&store).await;
    let now = OffsetDateTime::now_utc();
    assert_eq!(store.calendar_token_created(user).await.unwrap(), None);
    store
        .set_calendar_token(user, "hash-one", now)
        .await
        .unwrap();
    assert_eq!(
        store
            .calendar_token_user("hash-one")
            .await
            .unwrap()
            .unwrap()
            .id,
        user
    );
    assert!(store.calendar_token_created(user).await.unwrap().is_some());
    store
        .set_calendar_token(user, "hash-two", now)
        .await
        .unwrap();
    assert_eq!(store.calendar_token_user("hash-one").await.unwrap(), None);
    assert_eq!(
        store
            .calendar_token_user("hash-two")
            .await
            .unwrap()
            .unwrap()
            .name,
        "kari"
    );
    assert!(store.revoke_calendar_token(user).await.unwrap());
    assert!(!store.revoke_calendar_token(user).await.unwrap());
    assert_eq!(store.calendar_token_user("hash-two").await.unwrap(), None);
    assert_eq!(store.calendar_token_created(user).await.unwrap(), None);
}

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() { super::$name(store::testing::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread")]
            async fn $name() { super::$name(store::testing::Backend::Postgres).await })*
        }
    };
}

on_both_backends!(
    dates_are_set_changed_and_reset_with_audit,
    a_new_subscription_replaces_the_old,
);
