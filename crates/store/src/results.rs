//! The results registry's storage (issue 13): result rows per programme, behind their
//! own trait [`ResultStore`], beside the plans.
//!
//! Invariants both backends keep (tests in `tests/results.rs` on both):
//! - A programme never holds two rows equal in every field: each row's fingerprint
//!   (the hash of [`plan::results::ResultRow::identity`]) is unique per programme, so
//!   importing the same rows twice, or two imports at once, stores each row once.
//! - An import is one transaction: all its new rows or none.
//! - Every import, change and deletion writes its audit entry (who, when) in the same
//!   transaction: `results.import` (object `results`, `version_before`/`version_after`
//!   the programme's row count before and after), `result.add`, `result.change`,
//!   `result.delete` (object `results/{id}`).

use async_trait::async_trait;
use plan::results::ResultRow;
use time::OffsetDateTime;

use crate::{ProgrammeId, StoreError, UserId};

/// The id of a stored result row.
pub type ResultId = i64;

/// A stored row with who wrote it last and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResult {
    pub id: ResultId,
    pub row: ResultRow,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Which rows to list; `None` is every value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultFilter {
    pub year: Option<i32>,
    /// A focus area, compared trimmed and case-insensitively.
    pub area: Option<String>,
}

/// What an import stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOutcome {
    /// Rows stored.
    pub added: usize,
    /// Rows skipped because the programme already held an equal row.
    pub duplicates: usize,
}

/// The hash that identifies a row within its programme.
pub fn fingerprint(row: &ResultRow) -> String {
    crate::sha256_hex(row.identity().as_bytes())
}

/// The storage of the results registry. Every method is one transaction.
#[async_trait]
pub trait ResultStore: Send + Sync {
    /// The programme's rows, by date then id.
    async fn results(
        &self,
        programme_id: ProgrammeId,
        filter: &ResultFilter,
    ) -> Result<Vec<StoredResult>, StoreError>;
    /// Stores every row not yet held by the programme, all or nothing, with one audit
    /// entry.
    async fn import_results(
        &self,
        programme_id: ProgrammeId,
        rows: &[ResultRow],
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<ImportOutcome, StoreError>;
    /// Adds one row ([`StoreError::Conflict`] when an equal row is stored).
    async fn add_result(
        &self,
        programme_id: ProgrammeId,
        row: &ResultRow,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<StoredResult, StoreError>;
    /// Replaces a row ([`StoreError::NotFound`], or [`StoreError::Conflict`] when it
    /// would equal another row).
    async fn change_result(
        &self,
        programme_id: ProgrammeId,
        id: ResultId,
        row: &ResultRow,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<StoredResult, StoreError>;
    /// Deletes a row ([`StoreError::NotFound`] when the programme has no such row).
    async fn delete_result(
        &self,
        programme_id: ProgrammeId,
        id: ResultId,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
}

/// Implements [`ResultStore`] for a backend's store type, inside the backend module
/// (it uses that module's `insert_audit`, `now`, `unique_violation` and `begin_write`
/// from [`crate::sql`]).
/// Binds a result row's thirteen columns, in the order of `date` … `fingerprint`, after
/// whatever the query has bound already (shared by adding and changing a row).
macro_rules! bind_row {
    ($query:expr, $row:expr) => {{
        let row: &ResultRow = $row;
        $query
            .bind(row.date.to_string())
            .bind(i64::from(row.date.year()))
            .bind(&row.focus_area)
            .bind(&row.project)
            .bind(&row.organisation)
            .bind(row.org_number.as_ref().map(|o| o.as_str().to_string()))
            .bind(row.new_jobs)
            .bind(row.secured_jobs)
            .bind(row.projects_completed)
            .bind(row.applications_granted)
            .bind(row.granted_amount.0)
            .bind(&row.note)
            .bind(fingerprint(row))
    }};
}
pub(crate) use bind_row;

macro_rules! impl_result_store {
    ($store:ty, $db:ty, $row:ty) => {
        mod result_rows {
            use super::*;
            use plan::results::{OrgNumber, ResultRow};
            use plan::{Date, Kroner};
            use $crate::results::{
                ImportOutcome, ResultFilter, ResultId, ResultStore, StoredResult, fingerprint,
            };

            const COLUMNS: &str = "id, date, focus_area, project, organisation, org_number, \
                new_jobs, secured_jobs, projects_completed, applications_granted, \
                granted_amount, note, created_at, updated_at";

            /// How many rows one INSERT carries (15 parameters each).
            const BATCH: usize = 1000;

            fn stored_from_row(row: &$row) -> Result<StoredResult, StoreError> {
                let bad = |what: &str| {
                    StoreError::Database(sqlx::Error::Decode(
                        format!("result_rows: bad {what}").into(),
                    ))
                };
                let date: String = row.try_get("date")?;
                let org_number: Option<String> = row.try_get("org_number")?;
                let org_number = match org_number {
                    Some(text) => Some(OrgNumber::parse(&text).ok_or_else(|| bad("org_number"))?),
                    None => None,
                };
                Ok(StoredResult {
                    id: row.try_get("id")?,
                    row: ResultRow {
                        date: Date::parse_iso(&date).map_err(|_| bad("date"))?,
                        focus_area: row.try_get("focus_area")?,
                        project: row.try_get("project")?,
                        organisation: row.try_get("organisation")?,
                        org_number,
                        new_jobs: row.try_get("new_jobs")?,
                        secured_jobs: row.try_get("secured_jobs")?,
                        projects_completed: row.try_get("projects_completed")?,
                        applications_granted: row.try_get("applications_granted")?,
                        granted_amount: Kroner(row.try_get("granted_amount")?),
                        note: row.try_get("note")?,
                    },
                    created_at: row.try_get("created_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            }

            async fn count(
                tx: &mut sqlx::Transaction<'static, $db>,
                programme_id: ProgrammeId,
            ) -> Result<i64, StoreError> {
                Ok(
                    sqlx::query_scalar("SELECT COUNT(*) FROM result_rows WHERE programme_id = $1")
                        .bind(programme_id)
                        .fetch_one(&mut **tx)
                        .await?,
                )
            }

            async fn one(
                tx: &mut sqlx::Transaction<'static, $db>,
                programme_id: ProgrammeId,
                id: ResultId,
            ) -> Result<StoredResult, StoreError> {
                let sql = format!(
                    "SELECT {COLUMNS} FROM result_rows WHERE programme_id = $1 AND id = $2"
                );
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(programme_id)
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                stored_from_row(&row)
            }

            #[async_trait::async_trait]
            impl ResultStore for $store {
                async fn results(
                    &self,
                    programme_id: ProgrammeId,
                    filter: &ResultFilter,
                ) -> Result<Vec<StoredResult>, StoreError> {
                    let sql = format!(
                        "SELECT {COLUMNS} FROM result_rows WHERE programme_id = $1 \
                         AND ($2 IS NULL OR year = $2) ORDER BY date, id"
                    );
                    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(programme_id)
                        .bind(filter.year.map(i64::from))
                        .fetch_all(&self.pool)
                        .await?;
                    let area = filter.area.as_deref().map(|a| a.trim().to_lowercase());
                    let mut out = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let stored = stored_from_row(row)?;
                        if area
                            .as_deref()
                            .is_none_or(|a| stored.row.focus_area.trim().to_lowercase() == a)
                        {
                            out.push(stored);
                        }
                    }
                    Ok(out)
                }

                async fn import_results(
                    &self,
                    programme_id: ProgrammeId,
                    rows: &[ResultRow],
                    actor: UserId,
                    now: OffsetDateTime,
                ) -> Result<ImportOutcome, StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let before = count(&mut tx, programme_id).await?;
                    let at = now;
                    let mut added = 0usize;
                    for chunk in rows.chunks(BATCH) {
                        let mut insert = sqlx::QueryBuilder::<$db>::new(
                            "INSERT INTO result_rows (programme_id, date, year, focus_area, \
                             project, organisation, org_number, new_jobs, secured_jobs, \
                             projects_completed, applications_granted, granted_amount, note, \
                             fingerprint, created_at, created_by, updated_at, updated_by) ",
                        );
                        insert.push_values(chunk, |mut values, row| {
                            values
                                .push_bind(programme_id)
                                .push_bind(row.date.to_string())
                                .push_bind(i64::from(row.date.year()))
                                .push_bind(row.focus_area.clone())
                                .push_bind(row.project.clone())
                                .push_bind(row.organisation.clone())
                                .push_bind(row.org_number.as_ref().map(|o| o.as_str().to_string()))
                                .push_bind(row.new_jobs)
                                .push_bind(row.secured_jobs)
                                .push_bind(row.projects_completed)
                                .push_bind(row.applications_granted)
                                .push_bind(row.granted_amount.0)
                                .push_bind(row.note.clone())
                                .push_bind(fingerprint(row))
                                .push_bind(at)
                                .push_bind(actor)
                                .push_bind(at)
                                .push_bind(actor);
                        });
                        insert.push(" ON CONFLICT (programme_id, fingerprint) DO NOTHING");
                        let done = insert.build().execute(&mut *tx).await?;
                        added += done.rows_affected() as usize;
                    }
                    let after = count(&mut tx, programme_id).await?;
                    insert_audit(
                        &mut tx,
                        now,
                        Some(actor),
                        "results.import",
                        Some(programme_id),
                        "results",
                        Some(before),
                        Some(after),
                    )
                    .await?;
                    tx.commit().await?;
                    Ok(ImportOutcome {
                        added,
                        duplicates: rows.len() - added,
                    })
                }

                async fn add_result(
                    &self,
                    programme_id: ProgrammeId,
                    row: &ResultRow,
                    actor: UserId,
                    now: OffsetDateTime,
                ) -> Result<StoredResult, StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let at = now;
                    let id: ResultId = $crate::results::bind_row!(
                        sqlx::query_scalar(
                            "INSERT INTO result_rows (programme_id, date, year, focus_area, \
                         project, organisation, org_number, new_jobs, secured_jobs, \
                         projects_completed, applications_granted, granted_amount, note, \
                         fingerprint, created_at, created_by, updated_at, updated_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
                         $15, $16, $15, $16) RETURNING id",
                        )
                        .bind(programme_id),
                        row
                    )
                    .bind(at)
                    .bind(actor)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| unique_violation(e, "an equal result row"))?;
                    let object = format!("results/{id}");
                    insert_audit(
                        &mut tx,
                        now,
                        Some(actor),
                        "result.add",
                        Some(programme_id),
                        &object,
                        None,
                        None,
                    )
                    .await?;
                    let stored = one(&mut tx, programme_id, id).await?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn change_result(
                    &self,
                    programme_id: ProgrammeId,
                    id: ResultId,
                    row: &ResultRow,
                    actor: UserId,
                    now: OffsetDateTime,
                ) -> Result<StoredResult, StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let done = $crate::results::bind_row!(
                        sqlx::query(
                            "UPDATE result_rows SET date = $3, year = $4, focus_area = $5, \
                         project = $6, organisation = $7, org_number = $8, new_jobs = $9, \
                         secured_jobs = $10, projects_completed = $11, \
                         applications_granted = $12, granted_amount = $13, note = $14, \
                         fingerprint = $15, updated_at = $16, updated_by = $17 \
                         WHERE programme_id = $1 AND id = $2",
                        )
                        .bind(programme_id)
                        .bind(id),
                        row
                    )
                    .bind(now)
                    .bind(actor)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| unique_violation(e, "an equal result row"))?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    let object = format!("results/{id}");
                    insert_audit(
                        &mut tx,
                        now,
                        Some(actor),
                        "result.change",
                        Some(programme_id),
                        &object,
                        None,
                        None,
                    )
                    .await?;
                    let stored = one(&mut tx, programme_id, id).await?;
                    tx.commit().await?;
                    Ok(stored)
                }

                async fn delete_result(
                    &self,
                    programme_id: ProgrammeId,
                    id: ResultId,
                    actor: UserId,
                    now: OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let done =
                        sqlx::query("DELETE FROM result_rows WHERE programme_id = $1 AND id = $2")
                            .bind(programme_id)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    let object = format!("results/{id}");
                    insert_audit(
                        &mut tx,
                        now,
                        Some(actor),
                        "result.delete",
                        Some(programme_id),
                        &object,
                        None,
                        None,
                    )
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }
            }
        }
    };
}
pub(crate) use impl_result_store;
