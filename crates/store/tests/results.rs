//! The results registry's storage on both backends (issue 13): all-or-nothing imports,
//! importing twice adds nothing, concurrent imports lose nothing, changes and deletions
//! are audited with who and when, filters by year and area.

use plan::results::{OrgNumber, ResultRow};
use plan::{Date, Kroner};
use store::results::ResultFilter;
use store::testing::{Backend, fresh_url};
use store::{NewProgramme, Store, StoreError};

async fn open(backend: Backend) -> Store {
    let url = fresh_url(backend).await;
    store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connect {url}: {e:?}"))
}

async fn setup(store: &Store, slug: &str) -> (i64, i64) {
    let user = store
        .create_user(
            &format!("editor-{slug}"),
            None,
            None,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    let programme = store
        .create_programme(
            &NewProgramme {
                slug: slug.parse().unwrap(),
                name: "Fjordvik Vekst".to_owned(),
                area: "Fjordvik kommune".to_owned(),
                county: None,
                period_from: 2025,
                period_to: 2030,
            },
            Some(user.id),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    (programme.id, user.id)
}

fn row(n: i64) -> ResultRow {
    ResultRow {
        date: Date::new(
            2025 + (n % 3) as i32,
            1 + (n % 12) as u32,
            1 + (n % 28) as u32,
        )
        .unwrap(),
        focus_area: if n % 2 == 0 { "Bærekraft" } else { "Reiseliv" }.to_owned(),
        project: Some(format!("Prosjekt {n}")),
        organisation: (n % 3 == 0).then(|| "Fjordvik Mek AS".to_owned()),
        org_number: (n % 3 == 0).then(|| OrgNumber::parse("923609016").unwrap()),
        new_jobs: n % 4,
        secured_jobs: n % 5,
        projects_completed: n % 2,
        applications_granted: n % 3,
        granted_amount: Kroner(n * 1000),
        note: (n % 4 == 0).then(|| "Merknad; med \"sitat\"\nog linjeskift".to_owned()),
    }
}

async fn rows_of(store: &Store, programme: i64) -> Vec<ResultRow> {
    store
        .results(programme, &ResultFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|stored| stored.row)
        .collect()
}

async fn import_twice_adds_nothing(backend: Backend) {
    let store = open(backend).await;
    let (programme, editor) = setup(&store, "fjordvik").await;
    let rows: Vec<ResultRow> = (0..2500).map(row).collect();
    let first = store
        .import_results(programme, &rows, editor, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!((first.added, first.duplicates), (2500, 0));
    let again = store
        .import_results(programme, &rows, editor, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!((again.added, again.duplicates), (0, 2500));
    let mut stored = rows_of(&store, programme).await;
    stored.sort();
    let mut expected = rows.clone();
    expected.sort();
    assert_eq!(stored, expected);
    let imports: Vec<_> = store
        .audit(Some(programme))
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action == "results.import")
        .collect();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0].actor_id, Some(editor));
    assert_eq!(
        (imports[1].version_before, imports[1].version_after),
        (Some(2500), Some(2500))
    );
}

async fn failed_import_stores_nothing(backend: Backend) {
    let store = open(backend).await;
    let (programme, editor) = setup(&store, "fjordvik").await;
    let mut rows: Vec<ResultRow> = (0..1500).map(row).collect();
    // A row the database refuses, after a full batch was already sent.
    rows[1200].new_jobs = -1;
    assert!(
        store
            .import_results(programme, &rows, editor, time::OffsetDateTime::now_utc())
            .await
            .is_err()
    );
    assert!(rows_of(&store, programme).await.is_empty());
    let audit = store.audit(Some(programme)).await.unwrap();
    assert!(audit.iter().all(|entry| entry.action != "results.import"));
}

async fn concurrent_imports_lose_nothing(backend: Backend) {
    let store = open(backend).await;
    let (programme, editor) = setup(&store, "fjordvik").await;
    let shared: Vec<ResultRow> = (0..40).map(row).collect();
    let mut tasks = Vec::new();
    for task in 0..8i64 {
        let store = store.clone();
        let mut rows = shared.clone();
        rows.extend((0..60).map(|n| row(1000 + task * 100 + n)));
        tasks.push(tokio::spawn(async move {
            store
                .import_results(programme, &rows, editor, time::OffsetDateTime::now_utc())
                .await
                .unwrap()
        }));
    }
    let mut added = 0;
    for task in tasks {
        added += task.await.unwrap().added;
    }
    assert_eq!(added, 40 + 8 * 60);
    assert_eq!(rows_of(&store, programme).await.len(), 40 + 8 * 60);
}

async fn rows_are_changed_and_deleted_with_audit(backend: Backend) {
    let store = open(backend).await;
    let (programme, editor) = setup(&store, "fjordvik").await;
    let (other, _) = setup(&store, "havbygd").await;
    let stored = store
        .add_result(programme, &row(1), editor, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(stored.row, row(1));
    assert!(matches!(
        store
            .add_result(programme, &row(1), editor, time::OffsetDateTime::now_utc())
            .await,
        Err(StoreError::Conflict(_))
    ));
    // The same row in another programme is another row.
    store
        .add_result(other, &row(1), editor, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let second = store
        .add_result(programme, &row(2), editor, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert!(matches!(
        store
            .change_result(
                programme,
                second.id,
                &row(1),
                editor,
                time::OffsetDateTime::now_utc()
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let changed = store
        .change_result(
            programme,
            second.id,
            &row(4),
            editor,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert_eq!(changed.row, row(4));
    assert!(changed.updated_at >= changed.created_at);
    assert!(matches!(
        store
            .change_result(
                other,
                second.id,
                &row(5),
                editor,
                time::OffsetDateTime::now_utc()
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .delete_result(other, second.id, editor, time::OffsetDateTime::now_utc())
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .delete_result(
            programme,
            second.id,
            editor,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .delete_result(
                programme,
                second.id,
                editor,
                time::OffsetDateTime::now_utc()
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(rows_of(&store, programme).await, vec![row(1)]);
    let actions: Vec<(String, String, Option<i64>)> = store
        .audit(Some(programme))
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.action.starts_with("result"))
        .map(|entry| (entry.action, entry.object, entry.actor_id))
        .collect();
    let id = |n: i64| format!("results/{n}");
    assert_eq!(
        actions,
        vec![
            ("result.add".to_owned(), id(stored.id), Some(editor)),
            ("result.add".to_owned(), id(second.id), Some(editor)),
            ("result.change".to_owned(), id(second.id), Some(editor)),
            ("result.delete".to_owned(), id(second.id), Some(editor)),
        ]
    );
}

async fn filters_by_year_and_area(backend: Backend) {
    let store = open(backend).await;
    let (programme, editor) = setup(&store, "fjordvik").await;
    let rows: Vec<ResultRow> = (0..60).map(row).collect();
    store
        .import_results(programme, &rows, editor, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let filter = ResultFilter {
        year: Some(2026),
        area: Some(" bærekraft ".to_owned()),
    };
    let found = store.results(programme, &filter).await.unwrap();
    let expected = rows
        .iter()
        .filter(|r| r.date.year() == 2026 && r.focus_area == "Bærekraft")
        .count();
    assert!(expected > 0);
    assert_eq!(found.len(), expected);
    assert!(found.windows(2).all(|w| w[0].row.date <= w[1].row.date));
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
    import_twice_adds_nothing,
    failed_import_stores_nothing,
    concurrent_imports_lose_nothing,
    rows_are_changed_and_deleted_with_audit,
    filters_by_year_and_area,
);
