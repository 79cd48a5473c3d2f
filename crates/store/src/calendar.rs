//! The year wheel's dates and the calendar subscriptions (issue 14), behind their own
//! trait [`Calendars`].
//!
//! Invariants both backends keep (tests in `tests/calendar.rs` on both):
//! - A programme holds at most one date per year and deadline; a deadline without one
//!   takes its default (`plan::yearwheel::Deadline::default_date`), which is never stored.
//!   Every change writes its audit entry (`yearwheel.change`, object
//!   `year-wheel/{year}/{deadline}`) in the same transaction.
//! - A user has at most one subscription address; only the SHA-256 of its token is
//!   stored, and a new one replaces the old in one statement, so the old address stops
//!   answering at once.

use async_trait::async_trait;
use plan::Date;
use plan::yearwheel::Deadline;
use time::OffsetDateTime;

use crate::{ProgrammeId, StoreError, User, UserId};

/// A deadline's date a programme set for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetDate {
    pub year: i32,
    pub deadline: Deadline,
    pub date: Date,
}

/// The year wheel's dates and the calendar subscriptions. Every method is one
/// transaction.
#[async_trait]
pub trait Calendars: Send + Sync {
    /// Every date the programme set, by year and deadline (rows whose deadline this build
    /// does not know are left out).
    async fn year_wheel_dates(&self, programme_id: ProgrammeId)
    -> Result<Vec<SetDate>, StoreError>;
    /// Sets a deadline's date for a year, or with `None` returns it to its default.
    async fn set_year_wheel_date(
        &self,
        programme_id: ProgrammeId,
        year: i32,
        deadline: Deadline,
        date: Option<Date>,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Stores the hash of the user's new subscription token, replacing any previous one.
    async fn set_calendar_token(
        &self,
        user_id: UserId,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Removes the user's subscription; `false` when there was none.
    async fn revoke_calendar_token(&self, user_id: UserId) -> Result<bool, StoreError>;
    /// When the user's subscription was made, `None` without one.
    async fn calendar_token_created(
        &self,
        user_id: UserId,
    ) -> Result<Option<OffsetDateTime>, StoreError>;
    /// The user whose subscription token has this hash.
    async fn calendar_token_user(&self, token_hash: &str) -> Result<Option<User>, StoreError>;
}

/// Implements [`Calendars`] for a backend's store type, inside the backend module (it
/// uses that module's `insert_audit`, `user_from_row` and `begin_write`).
macro_rules! impl_calendars {
    ($store:ty, $db:ty, $row:ty) => {
        mod calendars {
            use super::*;
            use plan::Date;
            use plan::yearwheel::Deadline;
            use $crate::calendar::{Calendars, SetDate};

            #[async_trait::async_trait]
            impl Calendars for $store {
                async fn year_wheel_dates(
                    &self,
                    programme_id: ProgrammeId,
                ) -> Result<Vec<SetDate>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT year, deadline, date FROM year_wheel_dates \
                         WHERE programme_id = $1 ORDER BY year, deadline",
                    )
                    .bind(programme_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut out = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let year: i64 = row.try_get("year")?;
                        let deadline: String = row.try_get("deadline")?;
                        let date: String = row.try_get("date")?;
                        let (Some(deadline), Ok(date), Ok(year)) = (
                            Deadline::parse(&deadline),
                            Date::parse_iso(&date),
                            i32::try_from(year),
                        ) else {
                            continue;
                        };
                        out.push(SetDate {
                            year,
                            deadline,
                            date,
                        });
                    }
                    Ok(out)
                }

                async fn set_year_wheel_date(
                    &self,
                    programme_id: ProgrammeId,
                    year: i32,
                    deadline: Deadline,
                    date: Option<Date>,
                    actor: UserId,
                    now: OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    match date {
                        Some(date) => {
                            sqlx::query(
                                "INSERT INTO year_wheel_dates (programme_id, year, deadline, \
                                 date, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6) \
                                 ON CONFLICT (programme_id, year, deadline) DO UPDATE SET \
                                 date = excluded.date, updated_at = excluded.updated_at, \
                                 updated_by = excluded.updated_by",
                            )
                            .bind(programme_id)
                            .bind(i64::from(year))
                            .bind(deadline.key())
                            .bind(date.to_string())
                            .bind(now)
                            .bind(actor)
                            .execute(&mut *tx)
                            .await?;
                        }
                        None => {
                            sqlx::query(
                                "DELETE FROM year_wheel_dates WHERE programme_id = $1 \
                                 AND year = $2 AND deadline = $3",
                            )
                            .bind(programme_id)
                            .bind(i64::from(year))
                            .bind(deadline.key())
                            .execute(&mut *tx)
                            .await?;
                        }
                    }
                    let object = format!("year-wheel/{year}/{}", deadline.key());
                    insert_audit(
                        &mut tx,
                        now,
                        Some(actor),
                        "yearwheel.change",
                        Some(programme_id),
                        &object,
                        None,
                        None,
                    )
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_calendar_token(
                    &self,
                    user_id: UserId,
                    token_hash: &str,
                    now: OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    sqlx::query(
                        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) \
                         VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE SET \
                         token_hash = excluded.token_hash, created_at = excluded.created_at",
                    )
                    .bind(user_id)
                    .bind(token_hash)
                    .bind($crate::stored_time(now))
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn revoke_calendar_token(&self, user_id: UserId) -> Result<bool, StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let done = sqlx::query("DELETE FROM calendar_tokens WHERE user_id = $1")
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(done.rows_affected() > 0)
                }

                async fn calendar_token_created(
                    &self,
                    user_id: UserId,
                ) -> Result<Option<OffsetDateTime>, StoreError> {
                    Ok(sqlx::query_scalar(
                        "SELECT created_at FROM calendar_tokens WHERE user_id = $1",
                    )
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?)
                }

                async fn calendar_token_user(
                    &self,
                    token_hash: &str,
                ) -> Result<Option<User>, StoreError> {
                    let row = sqlx::query(
                        "SELECT u.id, u.name, u.global_role, u.language FROM calendar_tokens c \
                         JOIN users u ON u.id = c.user_id WHERE c.token_hash = $1",
                    )
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|row| user_from_row(&row)).transpose()
                }
            }
        }
    };
}
pub(crate) use impl_calendars;
