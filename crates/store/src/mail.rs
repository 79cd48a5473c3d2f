//! E-mail (issue 14): each account's address and whether it wants reminders, and the
//! outbox every reminder and notice is recorded in before it is sent, behind their own
//! trait [`Mail`].
//!
//! Invariants both backends keep (tests in `tests/mail.rs` on both):
//! - A message is enqueued under a key that names what it is about and for whom
//!   ([`NewMail::key`]); enqueueing the same key again does nothing (`ON CONFLICT DO
//!   NOTHING`), so a restart or a second server process never makes a second message.
//! - A message is handed to at most one sender at a time: [`Mail::claim_mail`] marks it
//!   claimed until `now + lease` in one atomic statement (PostgreSQL: `FOR UPDATE SKIP
//!   LOCKED`; SQLite: inside `BEGIN IMMEDIATE`), and it is claimable again only after the
//!   lease (a sender that died) or a failure ([`Mail::mail_failed`] with a retry time).
//! - A sent or given-up message stays in the table (status `sent` / `failed`); nothing
//!   here deletes one.
//!
//! The store never reads the clock: every call takes `now`.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::{ProgrammeId, ProgrammeRole, StoreError, UserId};

/// A user's e-mail settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The address, checked by the caller; `None`: the user gets no e-mail.
    pub email: Option<String>,
    /// Whether the user wants deadline reminders (notices are sent regardless).
    pub reminders: bool,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            email: None,
            reminders: true,
        }
    }
}

/// A programme member with an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub programme_id: ProgrammeId,
    pub user_id: UserId,
    pub email: String,
    pub language: Option<plan::Language>,
    pub role: ProgrammeRole,
    pub reminders: bool,
}

/// A message to record in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    /// What it is about and for whom; unique: a second message with the key is dropped.
    pub key: String,
    pub user_id: UserId,
    pub address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: i64,
    pub address: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// One row of the outbox as it stands (for the admin and the tests; no bodies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub key: String,
    pub user_id: UserId,
    /// `pending`, `sent` or `failed` (given up).
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Account e-mail settings and the outbox. Every method is one transaction.
#[async_trait]
pub trait Mail: Send + Sync {
    /// The user's settings ([`StoreError::NotFound`] for no user).
    async fn mail_settings(&self, user_id: UserId) -> Result<MailSettings, StoreError>;
    /// Every user's settings, by user id.
    async fn all_mail_settings(&self) -> Result<Vec<(UserId, MailSettings)>, StoreError>;
    /// Sets the user's settings (audited as `user.mail` on `users/{id}`; the address is
    /// not in the audit).
    async fn set_mail_settings(
        &self,
        user_id: UserId,
        settings: &MailSettings,
        actor: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Every membership whose user has an address, by programme, in all programmes or
    /// in one.
    async fn mail_recipients(
        &self,
        programme_id: Option<ProgrammeId>,
    ) -> Result<Vec<Recipient>, StoreError>;
    /// Records messages, each unless one with its key exists; returns how many were new.
    async fn enqueue_mail(&self, mails: &[NewMail], now: OffsetDateTime)
    -> Result<u64, StoreError>;
    /// Claims the oldest message due at `now` that nobody holds, for `lease_seconds`,
    /// counting the attempt; `None` when none is due.
    async fn claim_mail(
        &self,
        now: OffsetDateTime,
        lease_seconds: i64,
    ) -> Result<Option<OutboxMail>, StoreError>;
    /// The SMTP server accepted the message.
    async fn mail_sent(&self, id: i64, now: OffsetDateTime) -> Result<(), StoreError>;
    /// Sending failed: try again at `retry_at`, or with `None` give up (status `failed`).
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<(), StoreError>;
    /// The outbox, oldest first.
    async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError>;
}

/// The claim on PostgreSQL: the row is locked by the subquery (`SKIP LOCKED`: a
/// concurrent claimer takes the next one), and the outer `WHERE` is re-checked on the
/// latest row version.
pub(crate) const CLAIM_POSTGRES: &str = "UPDATE mail_outbox SET claimed_until = $2, \
     attempts = attempts + 1 WHERE id = (SELECT id FROM mail_outbox WHERE status = 'pending' \
     AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1) \
     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) AND status = 'pending' \
     AND (claimed_until IS NULL OR claimed_until <= $1) \
     RETURNING id, address, subject, text_body, html_body, attempts";

/// The claim on SQLite, run inside `BEGIN IMMEDIATE` (one writer at a time, across
/// processes too).
pub(crate) const CLAIM_SQLITE: &str = "UPDATE mail_outbox SET claimed_until = $2, \
     attempts = attempts + 1 WHERE id = (SELECT id FROM mail_outbox WHERE status = 'pending' \
     AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1) \
     ORDER BY id LIMIT 1) \
     RETURNING id, address, subject, text_body, html_body, attempts";

/// Implements [`Mail`] for a backend's store type, inside the backend module (it uses
/// that module's `insert_audit` and `begin_write`); `$claim` is the backend's claim.
macro_rules! impl_mail {
    ($store:ty, $db:ty, $row:ty, $claim:expr) => {
        mod mail {
            use super::*;
            use $crate::mail::{Mail, MailSettings, NewMail, OutboxEntry, OutboxMail, Recipient};

            fn settings_from_row(row: &$row) -> Result<MailSettings, StoreError> {
                Ok(MailSettings {
                    email: row.try_get("email")?,
                    reminders: row.try_get("reminders")?,
                })
            }

            #[async_trait::async_trait]
            impl Mail for $store {
                async fn mail_settings(&self, user_id: UserId) -> Result<MailSettings, StoreError> {
                    let row = sqlx::query("SELECT email, reminders FROM users WHERE id = $1")
                        .bind(user_id)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    settings_from_row(&row)
                }

                async fn all_mail_settings(
                    &self,
                ) -> Result<Vec<(UserId, MailSettings)>, StoreError> {
                    let rows = sqlx::query("SELECT id, email, reminders FROM users ORDER BY id")
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter()
                        .map(|row| Ok((row.try_get("id")?, settings_from_row(row)?)))
                        .collect()
                }

                async fn set_mail_settings(
                    &self,
                    user_id: UserId,
                    settings: &MailSettings,
                    actor: Option<UserId>,
                    now: OffsetDateTime,
                ) -> Result<(), StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let done =
                        sqlx::query("UPDATE users SET email = $1, reminders = $2 WHERE id = $3")
                            .bind(settings.email.as_deref())
                            .bind(settings.reminders)
                            .bind(user_id)
                            .execute(&mut *tx)
                            .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    let object = format!("users/{user_id}");
                    insert_audit(&mut tx, now, actor, "user.mail", None, &object, None, None)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn mail_recipients(
                    &self,
                    programme_id: Option<ProgrammeId>,
                ) -> Result<Vec<Recipient>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT m.programme_id, m.role, u.id, u.email, u.language, u.reminders \
                         FROM members m JOIN users u ON u.id = m.user_id \
                         WHERE u.email IS NOT NULL AND ($1 IS NULL OR m.programme_id = $1) \
                         ORDER BY m.programme_id, u.id",
                    )
                    .bind(programme_id)
                    .fetch_all(&self.pool)
                    .await?;
                    let mut out = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let role: String = row.try_get("role")?;
                        let language: Option<String> = row.try_get("language")?;
                        let Some(role) = ProgrammeRole::parse(&role) else {
                            continue;
                        };
                        out.push(Recipient {
                            programme_id: row.try_get("programme_id")?,
                            user_id: row.try_get("id")?,
                            email: row.try_get("email")?,
                            language: language.as_deref().and_then(plan::Language::from_code),
                            role,
                            reminders: row.try_get("reminders")?,
                        });
                    }
                    Ok(out)
                }

                async fn enqueue_mail(
                    &self,
                    mails: &[NewMail],
                    now: OffsetDateTime,
                ) -> Result<u64, StoreError> {
                    if mails.is_empty() {
                        return Ok(0);
                    }
                    let (_turn, mut tx) = self.begin_write().await?;
                    let mut new = 0;
                    for mail in mails {
                        let done = sqlx::query(
                            "INSERT INTO mail_outbox (dedup_key, user_id, address, subject, \
                             text_body, html_body, next_attempt_at, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                             ON CONFLICT (dedup_key) DO NOTHING",
                        )
                        .bind(&mail.key)
                        .bind(mail.user_id)
                        .bind(&mail.address)
                        .bind(&mail.subject)
                        .bind(&mail.text)
                        .bind(&mail.html)
                        .bind(now.unix_timestamp())
                        .bind(stored_time(now))
                        .execute(&mut *tx)
                        .await?;
                        new += done.rows_affected();
                    }
                    tx.commit().await?;
                    Ok(new)
                }

                async fn claim_mail(
                    &self,
                    now: OffsetDateTime,
                    lease_seconds: i64,
                ) -> Result<Option<OutboxMail>, StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let at = now.unix_timestamp();
                    let row = sqlx::query($claim)
                        .bind(at)
                        .bind(at.saturating_add(lease_seconds.max(1)))
                        .fetch_optional(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    row.map(|row| {
                        Ok(OutboxMail {
                            id: row.try_get("id")?,
                            address: row.try_get("address")?,
                            subject: row.try_get("subject")?,
                            text: row.try_get("text_body")?,
                            html: row.try_get("html_body")?,
                            attempts: row.try_get("attempts")?,
                        })
                    })
                    .transpose()
                }

                async fn mail_sent(&self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    sqlx::query(
                        "UPDATE mail_outbox SET status = 'sent', sent_at = $1, \
                         claimed_until = NULL, last_error = NULL WHERE id = $2",
                    )
                    .bind(stored_time(now))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn mail_failed(
                    &self,
                    id: i64,
                    error: &str,
                    retry_at: Option<OffsetDateTime>,
                ) -> Result<(), StoreError> {
                    let (_turn, mut tx) = self.begin_write().await?;
                    let status = if retry_at.is_some() { "pending" } else { "failed" };
                    sqlx::query(
                        "UPDATE mail_outbox SET status = $1, next_attempt_at = \
                         COALESCE($2, next_attempt_at), claimed_until = NULL, last_error = $3 \
                         WHERE id = $4 AND status = 'pending'",
                    )
                    .bind(status)
                    .bind(retry_at.map(|at| at.unix_timestamp()))
                    .bind(error)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
                    let rows = sqlx::query(
                        "SELECT id, dedup_key, user_id, status, attempts, last_error \
                         FROM mail_outbox ORDER BY id",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter()
                        .map(|row| {
                            Ok(OutboxEntry {
                                id: row.try_get("id")?,
                                key: row.try_get("dedup_key")?,
                                user_id: row.try_get("user_id")?,
                                status: row.try_get("status")?,
                                attempts: row.try_get("attempts")?,
                                last_error: row.try_get("last_error")?,
                            })
                        })
                        .collect()
                }
            }
        }
    };
}
pub(crate) use impl_mail;
