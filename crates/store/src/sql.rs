//! What both backends share: the SQL text, the rules of a document's versions as plain
//! functions ([`rules`]), the reading of JSON-aggregated decisions, and a macro that
//! implements the store traits for one backend's store type on top of them.
//!
//! The statements are plain SQL that SQLite (≥ 3.44) and PostgreSQL both accept, with
//! `$n` parameters. What differs lives in the backend modules: connecting, the
//! migrations (column types, triggers), how the decisions of a version are aggregated
//! (`json_group_array` / `json_agg`) and how a write transaction begins (`BEGIN IMMEDIATE`
//! on SQLite so that writers queue instead of failing to upgrade a read lock; a plain
//! `BEGIN` on PostgreSQL, where the conditional `UPDATE … WHERE current_version = $n`
//! does the arbitration under READ COMMITTED). The macro is what remains because sqlx's
//! rows and transactions are typed per backend; every decision it makes is a function
//! here.

use crate::{Decision, StepDecision, StoreError, VersionStatus};

/// The rules of a document's versions, the same on every backend.
pub(crate) mod rules {
    use crate::{StoreError, TransitionKind, VersionStatus};

    /// What a save does, given the document's head and the version the caller names.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Save {
        /// Create the document at version 1.
        Create,
        /// Write version `expected + 1` after `expected`.
        Next(i64),
    }

    /// Decides a save (`put`): see [`crate::Documents::put`].
    pub(crate) fn save(
        head: Option<(i64, VersionStatus)>,
        expected: Option<i64>,
    ) -> Result<Save, StoreError> {
        match (head, expected) {
            (None, None) => Ok(Save::Create),
            (None, Some(_)) => Err(StoreError::NotFound),
            (Some((version, status)), _) if status.is_frozen() => {
                Err(StoreError::WrongStatus { version, status })
            }
            (Some(_), None) => Err(StoreError::PreconditionRequired),
            (Some((current, _)), Some(expected)) if current != expected => {
                Err(StoreError::Stale { current })
            }
            (Some(_), Some(expected)) => Ok(Save::Next(expected)),
        }
    }

    /// The status a transition makes from `status`, or why not.
    pub(crate) fn transition(
        current: i64,
        status: VersionStatus,
        expected: i64,
        kind: &TransitionKind,
    ) -> Result<VersionStatus, StoreError> {
        if current != expected {
            return Err(StoreError::Stale { current });
        }
        let to = match kind {
            TransitionKind::Decide { from, to, .. } if *from == status => *to,
            TransitionKind::Reopen if status.is_frozen() => VersionStatus::Draft,
            _ => {
                return Err(StoreError::WrongStatus {
                    version: current,
                    status,
                });
            }
        };
        Ok(to)
    }

    /// `decisions_from` of the version a transition writes: a draft carries none; a
    /// decision on a draft starts a new run; a decision on a frozen version keeps its run.
    pub(crate) fn decisions_from(
        previous_from: Option<i64>,
        new_version: i64,
        new_status: VersionStatus,
    ) -> Option<i64> {
        if !new_status.is_frozen() {
            None
        } else {
            Some(previous_from.unwrap_or(new_version))
        }
    }

    /// The audit action of a transition (without the kind's prefix).
    pub(crate) fn transition_action(kind: &TransitionKind) -> String {
        match kind {
            TransitionKind::Decide { step, .. } => format!("approve-{step}"),
            TransitionKind::Reopen => "reopen".to_owned(),
        }
    }
}

/// A stored status.
pub(crate) fn status_from(text: &str) -> Result<VersionStatus, StoreError> {
    VersionStatus::parse(text).ok_or_else(|| {
        StoreError::Database(sqlx::Error::Decode(
            format!("unknown status {text:?}").into(),
        ))
    })
}

/// The decisions of a version from the aggregated column (a JSON array of
/// `[step, date, reference, decided_by, version]`; NULL or `[]` for none).
pub(crate) fn decisions_from_json(json: Option<&str>) -> Result<Vec<StepDecision>, StoreError> {
    type Row = (String, String, String, Option<i64>, i64);
    let Some(json) = json else {
        return Ok(Vec::new());
    };
    let rows: Vec<Row> = serde_json::from_str(json)
        .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))?;
    Ok(rows
        .into_iter()
        .map(
            |(step, date, reference, decided_by, version)| StepDecision {
                step,
                decision: Decision { date, reference },
                decided_by,
                version,
            },
        )
        .collect())
}

/// The columns of a [`crate::VersionInfo`]: `d` is the document, `v` the version, `u`
/// its author; `$decisions` the backend's aggregate of the version's decisions.
macro_rules! info_columns {
    ($decisions:ident) => {
        concat!(
            "d.key, v.version, v.status, v.sha256, v.author_id, u.name AS author, \
             v.created_at, ",
            $crate::sql::$decisions!(),
            " AS decisions, (v.pdf IS NOT NULL) AS has_pdf"
        )
    };
}

/// The decisions of version `v` as a JSON array on SQLite.
macro_rules! decisions_sqlite {
    () => {
        "(SELECT json_group_array(json_array(x.step, x.date, x.reference, x.decided_by, \
         x.version) ORDER BY x.version, x.step) FROM decisions x \
         WHERE x.document_id = v.document_id AND x.version BETWEEN v.decisions_from \
         AND v.version)"
    };
}

/// The decisions of version `v` as a JSON array on PostgreSQL.
macro_rules! decisions_postgres {
    () => {
        "(SELECT json_agg(json_build_array(x.step, x.date, x.reference, x.decided_by, \
         x.version) ORDER BY x.version, x.step)::text FROM decisions x \
         WHERE x.document_id = v.document_id AND x.version BETWEEN v.decisions_from \
         AND v.version)"
    };
}

/// The columns of a [`crate::Programme`] `p`.
macro_rules! programme_columns {
    () => {
        "p.id, p.slug, p.name, p.area, p.county, p.period_from, p.period_to"
    };
}

/// The columns of [`crate::Documents::read_document`]: the caller `c` and the membership
/// `m`, then the programme, the version and its body. SQLite's reader
/// (`sqlite::read_now`) takes them by position: keep the order, or change it there too.
macro_rules! read_columns {
    ($decisions:ident) => {
        concat!(
            "c.id AS caller_id, c.name AS caller_name, c.global_role AS caller_role, \
             c.language AS caller_language, m.role, ",
            $crate::sql::programme_columns!(),
            ", ",
            $crate::sql::info_columns!($decisions),
            ", v.body"
        )
    };
}

/// The joins of [`crate::Documents::read_document`] after the caller `c`: the programme
/// `p` with slug `$2`, the caller's membership `m`, the document `d` of kind `$3` and key
/// `$4`, its current version `v` and author `u`.
macro_rules! read_joins {
    () => {
        " LEFT JOIN programmes p ON p.slug = $2 \
         LEFT JOIN members m ON m.programme_id = p.id AND m.user_id = c.id \
         LEFT JOIN documents d ON d.programme_id = p.id AND d.kind = $3 AND d.key = $4 \
         LEFT JOIN document_versions v ON v.document_id = d.id \
         AND v.version = d.current_version \
         LEFT JOIN users u ON u.id = v.author_id"
    };
}

/// [`crate::Documents::read_document`] for an API token's hash (`$1`).
macro_rules! read_by_token {
    ($decisions:ident) => {
        concat!(
            "SELECT ",
            $crate::sql::read_columns!($decisions),
            " FROM api_tokens t JOIN users c ON c.id = t.user_id",
            $crate::sql::read_joins!(),
            " WHERE t.token_hash = $1"
        )
    };
}

/// [`crate::Documents::read_document`] for a user id (`$1`).
macro_rules! read_by_user {
    ($decisions:ident) => {
        concat!(
            "SELECT ",
            $crate::sql::read_columns!($decisions),
            " FROM users c",
            $crate::sql::read_joins!(),
            " WHERE c.id = $1"
        )
    };
}

/// A user's tokens (`$1`), or everyone's when `$1` is NULL, oldest first.
pub(crate) const TOKENS: &str = "SELECT t.public_id, t.user_id, u.name AS user_name, t.label, \
     t.created_at, t.last_used_at, t.expires_at FROM api_tokens t \
     JOIN users u ON u.id = t.user_id WHERE ($1 IS NULL OR t.user_id = $1) \
     ORDER BY t.created_at, t.public_id";

/// The token with public id `$1`, of user `$2` unless `$2` is NULL.
pub(crate) const TOKEN_BY_ID: &str = "SELECT t.public_id, t.user_id, u.name AS user_name, \
     t.label, t.created_at, t.last_used_at, t.expires_at FROM api_tokens t \
     JOIN users u ON u.id = t.user_id WHERE t.public_id = $1 AND ($2 IS NULL OR t.user_id = $2)";

pub(crate) const COUNT_LOGIN_FAILURES: &str =
    "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2";

pub(crate) const INSERT_AUDIT: &str = "INSERT INTO audit (at, actor_id, action, programme_id, \
     object, version_before, version_after) VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(crate) const DOCUMENT_HEAD: &str = "SELECT id, current_version, status FROM documents \
     WHERE programme_id = $1 AND kind = $2 AND key = $3";

pub(crate) const ADVANCE_HEAD: &str = "UPDATE documents SET current_version = $2, status = $3 \
     WHERE id = $1 AND current_version = $4 AND status = $5";

pub(crate) const INSERT_VERSION: &str = "INSERT INTO document_versions (document_id, version, \
     status, body, sha256, author_id, created_at, decisions_from, pdf) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

pub(crate) const INSERT_DECISION: &str = "INSERT INTO decisions (document_id, version, step, \
     date, reference, decided_by) VALUES ($1, $2, $3, $4, $5, $6)";

pub(crate) const AUDIT: &str = "SELECT a.id, a.at, a.actor_id, u.name AS actor, a.action, \
     p.slug, a.object, a.version_before, a.version_after, a.client FROM audit a \
     LEFT JOIN users u ON u.id = a.actor_id \
     LEFT JOIN programmes p ON p.id = a.programme_id \
     WHERE ($1 IS NULL OR a.programme_id = $1) ORDER BY a.id";

/// Implements the store traits for `$store`, a backend with a `pool` and `begin_write`;
/// `$decisions` is the backend's `decisions_*!()` aggregate.
macro_rules! impl_store {
    ($store:ty, $db:ty, $row:ty, $backend:literal, $decisions:ident) => {
        use sqlx::Row as _;

        use $crate::sql::rules;
        use $crate::{
            AuditEntry, Caller, DocKey, DocKind, GlobalRole, NewProgramme, PlanRead,
            PlanVersion, Programme, ProgrammeId, ProgrammeRole, SessionRecord, StoreError,
            Transition, TransitionKind, User, UserId, VersionInfo, VersionStatus, sha256_hex,
            stored_time,
        };
        use $crate::sql::status_from;
        use time::OffsetDateTime;

        fn user_from_row(row: &$row) -> Result<User, StoreError> {
            let role: Option<String> = row.try_get("global_role")?;
            let language: Option<String> = row.try_get("language")?;
            Ok(User {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                global_role: role.as_deref().and_then(GlobalRole::parse),
                language: language.as_deref().and_then(plan::Language::from_code),
            })
        }

        fn programme_from_row(row: &$row) -> Result<Programme, StoreError> {
            let from: i64 = row.try_get("period_from")?;
            let to: i64 = row.try_get("period_to")?;
            Ok(Programme {
                id: row.try_get("id")?,
                slug: crate::Slug::stored(row.try_get("slug")?),
                name: row.try_get("name")?,
                area: row.try_get("area")?,
                county: row.try_get("county")?,
                period_from: from as i32,
                period_to: to as i32,
            })
        }

        fn info_from_row(row: &$row) -> Result<VersionInfo, StoreError> {
            let status: String = row.try_get("status")?;
            let decisions: Option<String> = row.try_get("decisions")?;
            Ok(VersionInfo {
                key: row.try_get("key")?,
                version: row.try_get("version")?,
                status: status_from(&status)?,
                sha256: row.try_get("sha256")?,
                author_id: row.try_get("author_id")?,
                author: row.try_get("author")?,
                created_at: row.try_get("created_at")?,
                decisions: $crate::sql::decisions_from_json(decisions.as_deref())?,
                has_pdf: row.try_get("has_pdf")?,
            })
        }

        fn version_from_row(row: &$row) -> Result<PlanVersion, StoreError> {
            Ok(PlanVersion { info: info_from_row(row)?, body: row.try_get("body")? })
        }

        fn read_from_row(row: &$row) -> Result<PlanRead, StoreError> {
            let role: Option<String> = row.try_get("caller_role")?;
            let language: Option<String> = row.try_get("caller_language")?;
            let user = User {
                id: row.try_get("caller_id")?,
                name: row.try_get("caller_name")?,
                global_role: role.as_deref().and_then(GlobalRole::parse),
                language: language.as_deref().and_then(plan::Language::from_code),
            };
            let programme_id: Option<i64> = row.try_get("id")?;
            let programme =
                if programme_id.is_some() { Some(programme_from_row(row)?) } else { None };
            let member: Option<String> = row.try_get("role")?;
            let version: Option<i64> = row.try_get("version")?;
            let plan = if version.is_some() { Some(version_from_row(row)?) } else { None };
            Ok(PlanRead {
                user,
                programme,
                role: member.as_deref().and_then(ProgrammeRole::parse),
                plan,
            })
        }

        fn token_from_row(row: &$row) -> Result<$crate::TokenInfo, StoreError> {
            Ok($crate::TokenInfo {
                id: row.try_get("public_id")?,
                user_id: row.try_get("user_id")?,
                user_name: row.try_get("user_name")?,
                label: row.try_get("label")?,
                created_at: row.try_get("created_at")?,
                last_used_at: row.try_get("last_used_at")?,
                expires_at: row.try_get("expires_at")?,
            })
        }

        fn unique_violation(error: sqlx::Error, what: &str) -> StoreError {
            match &error {
                sqlx::Error::Database(db) if db.is_unique_violation() => {
                    StoreError::Conflict(what.to_owned())
                }
                _ => StoreError::Database(error),
            }
        }

        #[allow(clippy::too_many_arguments)]
        async fn insert_audit(
            tx: &mut sqlx::Transaction<'static, $db>,
            now: OffsetDateTime,
            actor: Option<UserId>,
            action: &str,
            programme_id: Option<ProgrammeId>,
            object: &str,
            before: Option<i64>,
            after: Option<i64>,
        ) -> Result<(), StoreError> {
            sqlx::query($crate::sql::INSERT_AUDIT)
                .bind(now)
                .bind(actor)
                .bind(action)
                .bind(programme_id)
                .bind(object)
                .bind(before)
                .bind(after)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// The head of a document inside a transaction: its id, current version, status.
        async fn head(
            tx: &mut sqlx::Transaction<'static, $db>,
            programme_id: ProgrammeId,
            doc: &DocKey,
        ) -> Result<Option<(i64, i64, VersionStatus)>, StoreError> {
            let row = sqlx::query($crate::sql::DOCUMENT_HEAD)
                .bind(programme_id)
                .bind(doc.kind.name)
                .bind(&doc.key)
                .fetch_optional(&mut **tx)
                .await?;
            match row {
                None => Ok(None),
                Some(row) => {
                    let status: String = row.try_get("status")?;
                    Ok(Some((
                        row.try_get("id")?,
                        row.try_get("current_version")?,
                        status_from(&status)?,
                    )))
                }
            }
        }

        /// Moves the head from `from` to `from + 1` if nobody else did; Stale otherwise.
        async fn advance_head(
            tx: &mut sqlx::Transaction<'static, $db>,
            programme_id: ProgrammeId,
            doc: &DocKey,
            document_id: i64,
            from: i64,
            from_status: VersionStatus,
            to_status: VersionStatus,
        ) -> Result<(), StoreError> {
            let updated = sqlx::query($crate::sql::ADVANCE_HEAD)
                .bind(document_id)
                .bind(from + 1)
                .bind(to_status.as_str())
                .bind(from)
                .bind(from_status.as_str())
                .execute(&mut **tx)
                .await?
                .rows_affected();
            if updated == 1 {
                return Ok(());
            }
            // Somebody else committed first (PostgreSQL re-checks the row after waiting).
            match head(tx, programme_id, doc).await? {
                Some((_, current, status)) if current == from => {
                    Err(StoreError::WrongStatus { version: current, status })
                }
                Some((_, current, _)) => Err(StoreError::Stale { current }),
                None => Err(StoreError::NotFound),
            }
        }

        /// A new version (and the decision that made it), returned as read back.
        #[allow(clippy::too_many_arguments)]
        async fn insert_version(
            tx: &mut sqlx::Transaction<'static, $db>,
            document_id: i64,
            version: i64,
            status: VersionStatus,
            body: &str,
            actor: UserId,
            now: OffsetDateTime,
            decisions_from: Option<i64>,
            decision: Option<(&str, &$crate::Decision)>,
            pdf: Option<&[u8]>,
        ) -> Result<VersionInfo, StoreError> {
            let sha256 = sha256_hex(body.as_bytes());
            sqlx::query($crate::sql::INSERT_VERSION)
                .bind(document_id)
                .bind(version)
                .bind(status.as_str())
                .bind(body)
                .bind(&sha256)
                .bind(actor)
                .bind(now)
                .bind(decisions_from)
                .bind(pdf)
                .execute(&mut **tx)
                .await?;
            if let Some((step, decision)) = decision {
                sqlx::query($crate::sql::INSERT_DECISION)
                    .bind(document_id)
                    .bind(version)
                    .bind(step)
                    .bind(&decision.date)
                    .bind(&decision.reference)
                    .bind(actor)
                    .execute(&mut **tx)
                    .await?;
            }
            let row = sqlx::query(concat!(
                "SELECT ",
                $crate::sql::info_columns!($decisions),
                " FROM documents d JOIN document_versions v ON v.document_id = d.id \
                 LEFT JOIN users u ON u.id = v.author_id \
                 WHERE v.document_id = $1 AND v.version = $2"
            ))
            .bind(document_id)
            .bind(version)
            .fetch_one(&mut **tx)
            .await?;
            info_from_row(&row)
        }

        #[async_trait::async_trait]
        impl $crate::Accounts for $store {
            async fn create_user(
                &self,
                name: &str,
                password_hash: Option<&str>,
                global_role: Option<GlobalRole>,
                now: OffsetDateTime,
            ) -> Result<User, StoreError> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (name, password_hash, global_role, created_at) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(name)
                .bind(password_hash)
                .bind(global_role.map(GlobalRole::as_str))
                .bind(stored_time(now))
                .fetch_one(&self.pool)
                .await
                .map_err(|e| unique_violation(e, "user"))?;
                Ok(User { id, name: name.to_owned(), global_role, language: None })
            }

            async fn set_password(
                &self,
                user_id: UserId,
                password_hash: &str,
            ) -> Result<(), StoreError> {
                let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(user_id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                if updated == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }

            async fn user_by_name(
                &self,
                name: &str,
            ) -> Result<Option<(User, Option<String>)>, StoreError> {
                let row = sqlx::query(
                    "SELECT id, name, global_role, language, password_hash FROM users \
                     WHERE name = $1",
                )
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    None => Ok(None),
                    Some(row) => Ok(Some((user_from_row(&row)?, row.try_get("password_hash")?))),
                }
            }

            async fn create_token(
                &self,
                token: &$crate::NewToken<'_>,
                actor: Option<UserId>,
                now: OffsetDateTime,
            ) -> Result<$crate::TokenInfo, StoreError> {
                let now = stored_time(now);
                let id = $crate::token_public_id(token.token_hash);
                let (_turn, mut tx) = self.begin_write().await?;
                let user_name: Option<String> =
                    sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
                        .bind(token.user_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let user_name = user_name.ok_or(StoreError::NotFound)?;
                let expires_at = token.expires_at.map(stored_time);
                sqlx::query(
                    "INSERT INTO api_tokens (token_hash, user_id, created_at, public_id, label, \
                     expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(token.token_hash)
                .bind(token.user_id)
                .bind(now)
                .bind(&id)
                .bind(token.label)
                .bind(expires_at)
                .execute(&mut *tx)
                .await
                .map_err(|e| unique_violation(e, "token"))?;
                let object = format!("users/{}/tokens/{id}", token.user_id);
                insert_audit(&mut tx, now, actor, "token.create", None, &object, None, None)
                    .await?;
                tx.commit().await?;
                Ok($crate::TokenInfo {
                    id,
                    user_id: token.user_id,
                    user_name,
                    label: token.label.map(str::to_owned),
                    created_at: now,
                    last_used_at: None,
                    expires_at,
                })
            }

            async fn tokens(
                &self,
                user_id: Option<UserId>,
            ) -> Result<Vec<$crate::TokenInfo>, StoreError> {
                let rows = sqlx::query($crate::sql::TOKENS)
                    .bind(user_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(token_from_row).collect()
            }

            async fn revoke_token(
                &self,
                owner: Option<UserId>,
                id: &str,
                actor: Option<UserId>,
                now: OffsetDateTime,
            ) -> Result<$crate::TokenInfo, StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                let row = sqlx::query($crate::sql::TOKEN_BY_ID)
                    .bind(id)
                    .bind(owner)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let token = token_from_row(&row)?;
                sqlx::query("DELETE FROM api_tokens WHERE public_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let object = format!("users/{}/tokens/{id}", token.user_id);
                insert_audit(
                    &mut tx,
                    stored_time(now),
                    actor,
                    "token.revoke",
                    None,
                    &object,
                    None,
                    None,
                )
                .await?;
                tx.commit().await?;
                Ok(token)
            }

            async fn use_token(
                &self,
                token_hash: &str,
                now: OffsetDateTime,
            ) -> Result<Option<User>, StoreError> {
                let row = sqlx::query(
                    "SELECT u.id, u.name, u.global_role, u.language, t.expires_at, \
                     t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                     WHERE t.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                let Some(row) = row else { return Ok(None) };
                let expires_at: Option<OffsetDateTime> = row.try_get("expires_at")?;
                if $crate::token_expired(expires_at, now) {
                    return Ok(None);
                }
                let last_used_at: Option<OffsetDateTime> = row.try_get("last_used_at")?;
                if last_used_at.is_none_or(|at| now - at >= $crate::TOKEN_USE_RECORDED_EVERY) {
                    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
                        .bind(stored_time(now))
                        .bind(token_hash)
                        .execute(&self.pool)
                        .await?;
                }
                Ok(Some(user_from_row(&row)?))
            }

            async fn user_by_token(&self, token_hash: &str) -> Result<Option<User>, StoreError> {
                let row = sqlx::query(
                    "SELECT u.id, u.name, u.global_role, u.language FROM api_tokens t \
                     JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| user_from_row(&row)).transpose()
            }

            async fn users(&self) -> Result<Vec<User>, StoreError> {
                let rows = sqlx::query(
                    "SELECT id, name, global_role, language FROM users ORDER BY name",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(user_from_row).collect()
            }

            async fn set_language(
                &self,
                user_id: UserId,
                language: plan::Language,
            ) -> Result<(), StoreError> {
                let updated = sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
                    .bind(language.code())
                    .bind(user_id)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                if updated == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
        }

        #[async_trait::async_trait]
        impl $crate::Sessions for $store {
            async fn create_session(
                &self,
                id_hash: &str,
                user_id: UserId,
                csrf_token: &str,
                now: OffsetDateTime,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) \
                     VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(id_hash)
                .bind(user_id)
                .bind(csrf_token)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
                let row = sqlx::query(
                    "SELECT u.id, u.name, u.global_role, u.language, s.csrf_token, s.created_at, \
                     s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.id_hash = $1",
                )
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    None => Ok(None),
                    Some(row) => Ok(Some(SessionRecord {
                        user: user_from_row(&row)?,
                        csrf_token: row.try_get("csrf_token")?,
                        created_at: row.try_get("created_at")?,
                        last_seen_at: row.try_get("last_seen_at")?,
                    })),
                }
            }

            async fn touch_session(
                &self,
                id_hash: &str,
                now: OffsetDateTime,
            ) -> Result<(), StoreError> {
                sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
                    .bind(id_hash)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_other_sessions(
                &self,
                user_id: UserId,
                keep_id_hash: &str,
            ) -> Result<u64, StoreError> {
                let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
                    .bind(user_id)
                    .bind(keep_id_hash)
                    .execute(&self.pool)
                    .await?
                    .rows_affected();
                Ok(ended)
            }

            async fn record_login_failure(
                &self,
                key: &str,
                now: OffsetDateTime,
                since: OffsetDateTime,
            ) -> Result<i64, StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                    .bind(key)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                let count: i64 = sqlx::query_scalar($crate::sql::COUNT_LOGIN_FAILURES)
                    .bind(key)
                    .bind(since)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(count)
            }

            async fn login_failures(
                &self,
                key: &str,
                since: OffsetDateTime,
            ) -> Result<i64, StoreError> {
                Ok(sqlx::query_scalar($crate::sql::COUNT_LOGIN_FAILURES)
                    .bind(key)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM login_failures WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::Programmes for $store {
            async fn create_programme(
                &self,
                programme: &NewProgramme,
                actor: Option<UserId>,
                now: OffsetDateTime,
            ) -> Result<Programme, StoreError> {
                let now = stored_time(now);
                let (_turn, mut tx) = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO programmes (slug, name, area, county, period_from, period_to, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(programme.slug.as_str())
                .bind(&programme.name)
                .bind(&programme.area)
                .bind(&programme.county)
                .bind(i64::from(programme.period_from))
                .bind(i64::from(programme.period_to))
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| unique_violation(e, "programme"))?;
                let object = format!("programmes/{}", programme.slug);
                insert_audit(&mut tx, now, actor, "programme.create", Some(id), &object, None, None)
                    .await?;
                tx.commit().await?;
                Ok(Programme {
                    id,
                    slug: programme.slug.clone(),
                    name: programme.name.clone(),
                    area: programme.area.clone(),
                    county: programme.county.clone(),
                    period_from: programme.period_from,
                    period_to: programme.period_to,
                })
            }

            async fn programme(&self, slug: &crate::Slug) -> Result<Option<Programme>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::programme_columns!(),
                    " FROM programmes p WHERE p.slug = $1"
                ))
                .bind(slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| programme_from_row(&row)).transpose()
            }

            async fn programmes(&self) -> Result<Vec<Programme>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::programme_columns!(),
                    " FROM programmes p ORDER BY p.slug"
                ))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(programme_from_row).collect()
            }

            async fn memberships(
                &self,
                user_id: UserId,
            ) -> Result<Vec<(Programme, ProgrammeRole)>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::programme_columns!(),
                    ", m.role FROM programmes p JOIN members m ON m.programme_id = p.id \
                     WHERE m.user_id = $1 ORDER BY p.slug"
                ))
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in &rows {
                    let role: String = row.try_get("role")?;
                    if let Some(role) = ProgrammeRole::parse(&role) {
                        out.push((programme_from_row(row)?, role));
                    }
                }
                Ok(out)
            }

            async fn set_member(
                &self,
                programme_id: ProgrammeId,
                user_id: UserId,
                role: ProgrammeRole,
                actor: Option<UserId>,
                now: OffsetDateTime,
            ) -> Result<(), StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                sqlx::query(
                    "INSERT INTO members (programme_id, user_id, role) VALUES ($1, $2, $3) \
                     ON CONFLICT (programme_id, user_id) DO UPDATE SET role = excluded.role",
                )
                .bind(programme_id)
                .bind(user_id)
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
                let object = format!("members/{user_id}");
                let action = format!("member.{}", role.as_str());
                insert_audit(
                    &mut tx,
                    stored_time(now),
                    actor,
                    &action,
                    Some(programme_id),
                    &object,
                    None,
                    None,
                )
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn member_role(
                &self,
                programme_id: ProgrammeId,
                user_id: UserId,
            ) -> Result<Option<ProgrammeRole>, StoreError> {
                let role: Option<String> = sqlx::query_scalar(
                    "SELECT role FROM members WHERE programme_id = $1 AND user_id = $2",
                )
                .bind(programme_id)
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(role.as_deref().and_then(ProgrammeRole::parse))
            }

            async fn all_memberships(&self) -> Result<Vec<$crate::Membership>, StoreError> {
                let rows = sqlx::query(
                    "SELECT p.slug, p.name AS programme_name, u.id AS user_id, \
                     u.name AS user_name, m.role FROM members m \
                     JOIN programmes p ON p.id = m.programme_id \
                     JOIN users u ON u.id = m.user_id ORDER BY p.slug, u.name",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in &rows {
                    let role: String = row.try_get("role")?;
                    if let Some(role) = ProgrammeRole::parse(&role) {
                        out.push($crate::Membership {
                            programme_slug: row.try_get("slug")?,
                            programme_name: row.try_get("programme_name")?,
                            user_id: row.try_get("user_id")?,
                            user_name: row.try_get("user_name")?,
                            role,
                        });
                    }
                }
                Ok(out)
            }

            async fn remove_member(
                &self,
                programme_id: ProgrammeId,
                user_id: UserId,
                actor: Option<UserId>,
                now: OffsetDateTime,
            ) -> Result<(), StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                let removed =
                    sqlx::query("DELETE FROM members WHERE programme_id = $1 AND user_id = $2")
                        .bind(programme_id)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                if removed == 0 {
                    return Err(StoreError::NotFound);
                }
                let object = format!("members/{user_id}");
                insert_audit(
                    &mut tx,
                    stored_time(now),
                    actor,
                    "member.remove",
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

        #[async_trait::async_trait]
        impl $crate::Documents for $store {
            async fn documents(
                &self,
                programme_id: ProgrammeId,
                kind: DocKind,
            ) -> Result<Vec<VersionInfo>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!($decisions),
                    " FROM documents d JOIN document_versions v ON v.document_id = d.id \
                     AND v.version = d.current_version \
                     LEFT JOIN users u ON u.id = v.author_id \
                     WHERE d.programme_id = $1 AND d.kind = $2 ORDER BY d.key"
                ))
                .bind(programme_id)
                .bind(kind.name)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(info_from_row).collect()
            }

            async fn current(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
            ) -> Result<Option<PlanVersion>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!($decisions),
                    ", v.body FROM documents d JOIN document_versions v \
                     ON v.document_id = d.id AND v.version = d.current_version \
                     LEFT JOIN users u ON u.id = v.author_id \
                     WHERE d.programme_id = $1 AND d.kind = $2 AND d.key = $3"
                ))
                .bind(programme_id)
                .bind(doc.kind.name)
                .bind(&doc.key)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| version_from_row(&row)).transpose()
            }

            async fn read_document(
                &self,
                caller: Caller<'_>,
                slug: &crate::Slug,
                doc: &DocKey,
            ) -> Result<Option<std::sync::Arc<PlanRead>>, StoreError> {
                self.read_here(caller, slug.as_str(), doc).await
            }

            async fn version(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
                version: i64,
            ) -> Result<Option<PlanVersion>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!($decisions),
                    ", v.body FROM documents d JOIN document_versions v ON v.document_id = d.id \
                     LEFT JOIN users u ON u.id = v.author_id \
                     WHERE d.programme_id = $1 AND d.kind = $2 AND d.key = $3 AND v.version = $4"
                ))
                .bind(programme_id)
                .bind(doc.kind.name)
                .bind(&doc.key)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| version_from_row(&row)).transpose()
            }

            async fn versions(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
            ) -> Result<Vec<VersionInfo>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!($decisions),
                    " FROM documents d JOIN document_versions v ON v.document_id = d.id \
                     LEFT JOIN users u ON u.id = v.author_id \
                     WHERE d.programme_id = $1 AND d.kind = $2 AND d.key = $3 \
                     ORDER BY v.version"
                ))
                .bind(programme_id)
                .bind(doc.kind.name)
                .bind(&doc.key)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(info_from_row).collect()
            }

            async fn version_pdf(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
                version: i64,
            ) -> Result<Option<Vec<u8>>, StoreError> {
                let pdf: Option<Option<Vec<u8>>> = sqlx::query_scalar(
                    "SELECT v.pdf FROM documents d JOIN document_versions v \
                     ON v.document_id = d.id \
                     WHERE d.programme_id = $1 AND d.kind = $2 AND d.key = $3 \
                     AND v.version = $4",
                )
                .bind(programme_id)
                .bind(doc.kind.name)
                .bind(&doc.key)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
                Ok(pdf.flatten())
            }

            async fn put(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
                expected: Option<i64>,
                body: &str,
                actor: UserId,
                now: OffsetDateTime,
            ) -> Result<VersionInfo, StoreError> {
                let now = stored_time(now);
                let (_turn, mut tx) = self.begin_write().await?;
                let current = head(&mut tx, programme_id, doc).await?;
                let save = rules::save(current.map(|(_, v, s)| (v, s)), expected)?;
                let (document_id, before, version) = match (save, current) {
                    (rules::Save::Create, _) => {
                        let id: Option<i64> = sqlx::query_scalar(
                            "INSERT INTO documents (programme_id, kind, key, current_version, \
                             status) VALUES ($1, $2, $3, 1, 'draft') ON CONFLICT DO NOTHING \
                             RETURNING id",
                        )
                        .bind(programme_id)
                        .bind(doc.kind.name)
                        .bind(&doc.key)
                        .fetch_optional(&mut *tx)
                        .await?;
                        // None: created by somebody else meanwhile.
                        let id = id.ok_or(StoreError::PreconditionRequired)?;
                        (id, None, 1)
                    }
                    (rules::Save::Next(expected), Some((id, _, _))) => {
                        advance_head(
                            &mut tx,
                            programme_id,
                            doc,
                            id,
                            expected,
                            VersionStatus::Draft,
                            VersionStatus::Draft,
                        )
                        .await?;
                        (id, Some(expected), expected + 1)
                    }
                    (rules::Save::Next(_), None) => return Err(StoreError::NotFound),
                };
                let info = insert_version(
                    &mut tx,
                    document_id,
                    version,
                    VersionStatus::Draft,
                    body,
                    actor,
                    now,
                    None,
                    None,
                    None,
                )
                .await?;
                write_summary(&mut tx, doc, document_id, version, body, &info.decisions).await?;
                let action = doc.audit_action(if before.is_none() { "create" } else { "update" });
                insert_audit(
                    &mut tx,
                    now,
                    Some(actor),
                    &action,
                    Some(programme_id),
                    &doc.audit_object(),
                    before,
                    Some(version),
                )
                .await?;
                tx.commit().await?;
                Ok(info)
            }

            async fn delete_draft(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
                expected: i64,
                actor: UserId,
                now: OffsetDateTime,
            ) -> Result<(), StoreError> {
                let now = stored_time(now);
                let (_turn, mut tx) = self.begin_write().await?;
                let (id, version, status) = head(&mut tx, programme_id, doc)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                if version != expected {
                    return Err(StoreError::Stale { current: version });
                }
                let decided: Option<i64> = sqlx::query_scalar(
                    "SELECT document_id FROM decisions WHERE document_id = $1 LIMIT 1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if status != VersionStatus::Draft || decided.is_some() {
                    return Err(StoreError::WrongStatus { version, status });
                }
                // The versions' overview summaries go with them.
                sqlx::query("DELETE FROM document_summaries WHERE document_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM document_versions WHERE document_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM documents WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                insert_audit(
                    &mut tx,
                    now,
                    Some(actor),
                    &doc.audit_action("delete"),
                    Some(programme_id),
                    &doc.audit_object(),
                    Some(version),
                    None,
                )
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn transition(
                &self,
                programme_id: ProgrammeId,
                doc: &DocKey,
                transition: Transition,
                actor: UserId,
                now: OffsetDateTime,
            ) -> Result<VersionInfo, StoreError> {
                let now = stored_time(now);
                let (_turn, mut tx) = self.begin_write().await?;
                let Some((document_id, current, status)) = head(&mut tx, programme_id, doc).await?
                else {
                    return Err(StoreError::NotFound);
                };
                let new_status =
                    rules::transition(current, status, transition.expected_version, &transition.kind)?;
                let previous_from: Option<i64> = sqlx::query_scalar(
                    "SELECT decisions_from FROM document_versions \
                     WHERE document_id = $1 AND version = $2",
                )
                .bind(document_id)
                .bind(current)
                .fetch_one(&mut *tx)
                .await?;
                advance_head(&mut tx, programme_id, doc, document_id, current, status, new_status)
                    .await?;
                let next = current + 1;
                let decisions_from = rules::decisions_from(previous_from, next, new_status);
                let decision = match &transition.kind {
                    TransitionKind::Decide { step, decision, .. } => {
                        Some((step.as_str(), decision))
                    }
                    TransitionKind::Reopen => None,
                };
                let pdf = if new_status.is_frozen() { transition.pdf.as_deref() } else { None };
                let info = insert_version(
                    &mut tx,
                    document_id,
                    next,
                    new_status,
                    &transition.body,
                    actor,
                    now,
                    decisions_from,
                    decision,
                    pdf,
                )
                .await?;
                write_summary(&mut tx, doc, document_id, next, &transition.body, &info.decisions)
                    .await?;
                let action = doc.audit_action(&rules::transition_action(&transition.kind));
                insert_audit(
                    &mut tx,
                    now,
                    Some(actor),
                    &action,
                    Some(programme_id),
                    &doc.audit_object(),
                    Some(current),
                    Some(next),
                )
                .await?;
                tx.commit().await?;
                Ok(info)
            }
        }

        #[async_trait::async_trait]
        impl $crate::Audit for $store {
            async fn audit(
                &self,
                programme_id: Option<ProgrammeId>,
            ) -> Result<Vec<AuditEntry>, StoreError> {
                let rows = sqlx::query($crate::sql::AUDIT)
                    .bind(programme_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|row| {
                        Ok(AuditEntry {
                            id: row.try_get("id")?,
                            at: row.try_get("at")?,
                            actor_id: row.try_get("actor_id")?,
                            actor: row.try_get("actor")?,
                            action: row.try_get("action")?,
                            programme: row.try_get("slug")?,
                            object: row.try_get("object")?,
                            version_before: row.try_get("version_before")?,
                            version_after: row.try_get("version_after")?,
                            client: row.try_get("client")?,
                        })
                    })
                    .collect()
            }

            async fn record_event(
                &self,
                event: &$crate::SecurityEvent<'_>,
                now: OffsetDateTime,
            ) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO audit (at, actor_id, action, programme_id, object, client) \
                     VALUES ($1, $2, $3, NULL, $4, $5)",
                )
                .bind(stored_time(now))
                .bind(event.actor)
                .bind(event.action)
                .bind(event.object)
                .bind(event.client)
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }

        impl $crate::Database for $store {
            fn backend(&self) -> &'static str {
                $backend
            }
        }
    };
}

pub(crate) use {
    decisions_postgres, decisions_sqlite, impl_store, info_columns, programme_columns,
    read_by_token, read_by_user, read_columns, read_joins,
};

#[cfg(test)]
mod tests {
    use super::rules::{self, Save};
    use super::*;
    use crate::TransitionKind;

    #[test]
    fn saves_follow_the_head() {
        use VersionStatus::*;
        assert_eq!(rules::save(None, None).unwrap(), Save::Create);
        assert!(matches!(
            rules::save(None, Some(1)),
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            rules::save(Some((2, Draft)), None),
            Err(StoreError::PreconditionRequired)
        ));
        assert!(matches!(
            rules::save(Some((2, Draft)), Some(1)),
            Err(StoreError::Stale { current: 2 })
        ));
        assert!(matches!(
            rules::save(Some((2, Approved)), Some(2)),
            Err(StoreError::WrongStatus {
                version: 2,
                status: Approved
            })
        ));
        assert_eq!(
            rules::save(Some((2, Draft)), Some(2)).unwrap(),
            Save::Next(2)
        );
    }

    #[test]
    fn transitions_need_their_status_and_carry_the_run_of_decisions() {
        use VersionStatus::*;
        let decision = Decision {
            date: "2026-12-04".into(),
            reference: "sak 1".into(),
        };
        let board = TransitionKind::board(decision.clone());
        let council = TransitionKind::council(decision);
        assert_eq!(
            rules::transition(1, Draft, 1, &board).unwrap(),
            BoardApproved
        );
        assert!(matches!(
            rules::transition(1, Draft, 1, &council),
            Err(StoreError::WrongStatus { .. })
        ));
        assert!(matches!(
            rules::transition(2, Draft, 1, &board),
            Err(StoreError::Stale { current: 2 })
        ));
        assert_eq!(
            rules::transition(2, BoardApproved, 2, &council).unwrap(),
            Approved
        );
        assert_eq!(
            rules::transition(3, Approved, 3, &TransitionKind::Reopen).unwrap(),
            Draft
        );
        assert!(matches!(
            rules::transition(3, Draft, 3, &TransitionKind::Reopen),
            Err(StoreError::WrongStatus { .. })
        ));
        assert_eq!(rules::decisions_from(None, 2, BoardApproved), Some(2));
        assert_eq!(rules::decisions_from(Some(2), 3, Approved), Some(2));
        assert_eq!(rules::decisions_from(Some(2), 4, Draft), None);
        assert_eq!(rules::transition_action(&board), "approve-board");
        assert_eq!(rules::transition_action(&TransitionKind::Reopen), "reopen");
    }

    #[test]
    fn aggregated_decisions_read_back() {
        assert!(decisions_from_json(None).unwrap().is_empty());
        assert!(decisions_from_json(Some("[]")).unwrap().is_empty());
        let read =
            decisions_from_json(Some(r#"[["board","2026-12-04","sak \"1\"",3,2]]"#)).unwrap();
        assert_eq!(read[0].step, "board");
        assert_eq!(read[0].decision.reference, "sak \"1\"");
        assert_eq!((read[0].decided_by, read[0].version), (Some(3), 2));
    }
}
