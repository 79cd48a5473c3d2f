//! `omstilling seed` (issue 14) on SQLite and PostgreSQL: the programmes and plans it
//! writes are varied (statuses, decisions, findings, counties), and every stored summary
//! is what the plan crate's evaluation gives for the stored body.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::process::Command;

use store::overview::OverviewQuery;
use store::testing::Backend;

async fn seeds_varied_plans_with_true_summaries(backend: Backend) {
    let url = store::testing::fresh_url(backend).await;
    // Migrate first, as `serve` would have.
    drop(store::connect(&url).await.unwrap());
    let output = Command::new(env!("CARGO_BIN_EXE_omstilling"))
        .args(["seed", "--programmes", "40", "--years", "6", "--db", &url])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("40 program og 240 planer"));

    let store = store::connect(&url).await.unwrap();
    let mut statuses = BTreeSet::new();
    let mut counties = BTreeSet::new();
    let (mut with_errors, mut with_warnings, mut without_financing) = (0, 0, 0);
    for year in 2025..=2030 {
        let query = OverviewQuery {
            year,
            county: None,
            member: None,
        };
        let rows = store.overview(&query).await.unwrap();
        assert_eq!(rows.len(), 40);
        for row in rows {
            let summary = row.plan.as_ref().expect("every year has a plan");
            statuses.insert(summary.status.as_str());
            counties.insert(row.programme.county.clone().unwrap());
            let body = store
                .current(row.programme.id, &store::DocKey::handlingsplan(year))
                .await
                .unwrap()
                .unwrap()
                .body;
            let plan = plan::handlingsplan::file::read(&body, plan::Syntax::Json).unwrap();
            let evaluation = plan::handlingsplan::evaluate(&plan);
            let (errors, warnings, _) = evaluation.counts();
            let s = summary.summary;
            assert_eq!(s.total_cost, evaluation.totals.total_cost);
            assert_eq!(s.target_year, evaluation.totals.jobs.this_year);
            assert_eq!(s.target_period, evaluation.totals.jobs.total);
            assert_eq!((s.errors, s.warnings), (errors as i64, warnings as i64));
            assert_eq!(s.financing.is_none(), evaluation.totals.financing.is_none());
            if summary.status != store::VersionStatus::Draft {
                assert!(
                    summary.board.is_some(),
                    "a frozen plan has its board decision"
                );
            }
            with_errors += usize::from(errors > 0);
            with_warnings += usize::from(warnings > 0);
            without_financing += usize::from(s.financing.is_none());
        }
    }
    assert_eq!(statuses.len(), 3, "{statuses:?}");
    assert!(counties.len() >= 5, "{counties:?}");
    assert!(with_errors > 0 && with_warnings > 0 && without_financing > 0);
    assert!(with_errors < 240 / 2, "most plans are sound");

    // The filters the store applies, each its own query: a county, a member, both.
    let overview = |county: Option<&str>, member: Option<store::UserId>| {
        let store = store.clone();
        let county = county.map(str::to_owned);
        async move {
            store
                .overview(&OverviewQuery {
                    year: 2027,
                    county: county.as_deref(),
                    member,
                })
                .await
                .unwrap()
        }
    };
    let all = overview(None, None).await;
    let county = all[0].programme.county.clone().unwrap();
    let in_county: Vec<_> = all
        .iter()
        .filter(|r| r.programme.county.as_deref() == Some(county.as_str()))
        .cloned()
        .collect();
    assert!(!in_county.is_empty() && in_county.len() < all.len());
    assert_eq!(overview(Some(&county), None).await, in_county);
    let now = web::clock::now();
    let user = store.create_user("medlem", None, None, now).await.unwrap();
    assert!(overview(None, Some(user.id)).await.is_empty());
    let elsewhere = all
        .iter()
        .find(|r| r.programme.county.as_deref() != Some(county.as_str()))
        .unwrap();
    for row in [&in_county[0], elsewhere] {
        store
            .set_member(
                row.programme.id,
                user.id,
                store::ProgrammeRole::Viewer,
                None,
                now,
            )
            .await
            .unwrap();
    }
    let mut theirs = vec![in_county[0].clone(), elsewhere.clone()];
    theirs.sort_by(|a, b| a.programme.slug.cmp(&b.programme.slug));
    assert_eq!(overview(None, Some(user.id)).await, theirs);
    assert_eq!(
        overview(Some(&county), Some(user.id)).await,
        [in_county[0].clone()]
    );
}

#[tokio::test]
async fn sqlite_seed() {
    seeds_varied_plans_with_true_summaries(Backend::Sqlite).await;
}

#[tokio::test]
async fn postgres_seed() {
    seeds_varied_plans_with_true_summaries(Backend::Postgres).await;
}
