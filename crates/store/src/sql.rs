//! The SQL both backends share, as a macro that implements [`crate::PlanStore`] for one
//! backend's store type.
//!
//! The statements are plain SQL that SQLite (≥ 3.35) and PostgreSQL both accept, with
//! `$n` parameters. What differs lives in the backend modules: connecting, the
//! migrations (column types, triggers) and how a write transaction begins
//! (`BEGIN IMMEDIATE` on SQLite so that writers queue instead of failing to upgrade a
//! read lock; a plain `BEGIN` on PostgreSQL, where the conditional `UPDATE … WHERE
//! current_version = $n` does the arbitration under READ COMMITTED).

/// The columns of a [`crate::VersionInfo`]: `v` is the version, `u` its author.
macro_rules! info_columns {
    () => {
        "v.year, v.version, v.status, v.sha256, v.author_id, u.name AS author, v.created_at, \
         v.board_date, v.board_reference, v.council_date, v.council_reference, \
         (v.pdf IS NOT NULL) AS has_pdf"
    };
}

/// The columns of a [`crate::Programme`] `p`.
macro_rules! programme_columns {
    () => {
        "p.id, p.slug, p.name, p.area, p.county, p.period_from, p.period_to"
    };
}

/// The columns of [`crate::PlanStore::read_plan`]: the caller `c` and the membership `m`,
/// then the programme, the version and its body. SQLite's reader (`sqlite::read_plan_now`)
/// takes them by position: keep the order, or change it there too.
macro_rules! read_plan_columns {
    () => {
        concat!(
            "c.id AS caller_id, c.name AS caller_name, c.global_role AS caller_role, \
             c.language AS caller_language, m.role, ",
            $crate::sql::programme_columns!(),
            ", ",
            $crate::sql::info_columns!(),
            ", v.body"
        )
    };
}

/// The joins of [`crate::PlanStore::read_plan`] after the caller `c`: the programme `p`
/// with slug `$2`, the caller's membership `m`, the plan head `h` for year `$3`, its
/// version `v` and author `u`.
macro_rules! read_plan_joins {
    () => {
        " LEFT JOIN programmes p ON p.slug = $2 \
         LEFT JOIN members m ON m.programme_id = p.id AND m.user_id = c.id \
         LEFT JOIN plans h ON h.programme_id = p.id AND h.year = $3 \
         LEFT JOIN plan_versions v ON v.programme_id = h.programme_id AND v.year = h.year \
         AND v.version = h.current_version \
         LEFT JOIN users u ON u.id = v.author_id"
    };
}

/// [`crate::PlanStore::read_plan`] from the caller's rows (`FROM …` naming the user `c`),
/// for the caller's key (`$1`, compared with `key`), a slug (`$2`) and a year (`$3`).
macro_rules! read_plan_sql {
    ($from:literal, $key:literal) => {
        concat!(
            "SELECT ",
            $crate::sql::read_plan_columns!(),
            $from,
            $crate::sql::read_plan_joins!(),
            " WHERE ",
            $key,
            " = $1"
        )
    };
}

/// [`crate::PlanStore::read_plan`] for an API token's hash.
macro_rules! read_plan_by_token {
    () => {
        $crate::sql::read_plan_sql!(
            " FROM api_tokens t JOIN users c ON c.id = t.user_id",
            "t.token_hash"
        )
    };
}

/// [`crate::PlanStore::read_plan`] for a user id.
macro_rules! read_plan_by_user {
    () => {
        $crate::sql::read_plan_sql!(" FROM users c", "c.id")
    };
}

macro_rules! impl_plan_store {
    ($store:ty, $db:ty, $row:ty, $backend:literal) => {
        use sqlx::Row as _;

        use $crate::{
            AuditEntry, Caller, Decision, GlobalRole, NewProgramme, PlanRead, PlanVersion,
            Programme, ProgrammeId,
            ProgrammeRole, SessionRecord, StoreError, Transition, TransitionKind, User, UserId,
            VersionInfo, VersionStatus, sha256_hex,
        };
        use time::OffsetDateTime;


        const COUNT_LOGIN_FAILURES: &str =
            "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2";

        /// Now, to the microsecond (what PostgreSQL keeps), so a returned value equals
        /// the stored one.
        fn now() -> OffsetDateTime {
            let now = OffsetDateTime::now_utc();
            now.replace_nanosecond(now.nanosecond() / 1000 * 1000).unwrap_or(now)
        }

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
                slug: row.try_get("slug")?,
                name: row.try_get("name")?,
                area: row.try_get("area")?,
                county: row.try_get("county")?,
                period_from: from as i32,
                period_to: to as i32,
            })
        }

        fn decision(date: Option<String>, reference: Option<String>) -> Option<Decision> {
            date.map(|date| Decision { date, reference: reference.unwrap_or_default() })
        }

        fn status_from(text: &str) -> Result<VersionStatus, StoreError> {
            VersionStatus::parse(text).ok_or_else(|| {
                StoreError::Database(sqlx::Error::Decode(
                    format!("unknown plan status {text:?}").into(),
                ))
            })
        }

        fn info_from_row(row: &$row) -> Result<VersionInfo, StoreError> {
            let year: i64 = row.try_get("year")?;
            let status: String = row.try_get("status")?;
            Ok(VersionInfo {
                year: year as i32,
                version: row.try_get("version")?,
                status: status_from(&status)?,
                sha256: row.try_get("sha256")?,
                author_id: row.try_get("author_id")?,
                author: row.try_get("author")?,
                created_at: row.try_get("created_at")?,
                board: decision(row.try_get("board_date")?, row.try_get("board_reference")?),
                council: decision(row.try_get("council_date")?, row.try_get("council_reference")?),
                has_pdf: row.try_get("has_pdf")?,
            })
        }

        fn version_from_row(row: &$row) -> Result<PlanVersion, StoreError> {
            Ok(PlanVersion { info: info_from_row(row)?, body: row.try_get("body")? })
        }

        fn plan_read_from_row(row: &$row) -> Result<PlanRead, StoreError> {
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

        fn unique_violation(error: sqlx::Error, what: &str) -> StoreError {
            match &error {
                sqlx::Error::Database(db) if db.is_unique_violation() => {
                    StoreError::Conflict(what.to_owned())
                }
                _ => StoreError::Database(error),
            }
        }

        async fn insert_audit(
            tx: &mut sqlx::Transaction<'static, $db>,
            actor: Option<UserId>,
            action: &str,
            programme_id: Option<ProgrammeId>,
            object: &str,
            before: Option<i64>,
            after: Option<i64>,
        ) -> Result<(), StoreError> {
            sqlx::query(
                "INSERT INTO audit (at, actor_id, action, programme_id, object, version_before, \
                 version_after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(now())
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

        /// The current head of a plan inside a transaction.
        async fn head(
            tx: &mut sqlx::Transaction<'static, $db>,
            programme_id: ProgrammeId,
            year: i32,
        ) -> Result<Option<(i64, VersionStatus)>, StoreError> {
            let row = sqlx::query(
                "SELECT current_version, status FROM plans WHERE programme_id = $1 AND year = $2",
            )
            .bind(programme_id)
            .bind(i64::from(year))
            .fetch_optional(&mut **tx)
            .await?;
            match row {
                None => Ok(None),
                Some(row) => {
                    let status: String = row.try_get("status")?;
                    Ok(Some((row.try_get("current_version")?, status_from(&status)?)))
                }
            }
        }

        /// Moves the head from `from` to `from + 1` if nobody else did; Stale otherwise.
        async fn advance_head(
            tx: &mut sqlx::Transaction<'static, $db>,
            programme_id: ProgrammeId,
            year: i32,
            from: i64,
            from_status: VersionStatus,
            to_status: VersionStatus,
        ) -> Result<(), StoreError> {
            let updated = sqlx::query(
                "UPDATE plans SET current_version = $3, status = $4 \
                 WHERE programme_id = $1 AND year = $2 AND current_version = $5 AND status = $6",
            )
            .bind(programme_id)
            .bind(i64::from(year))
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
            match head(tx, programme_id, year).await? {
                Some((current, status)) if current == from => {
                    Err(StoreError::WrongStatus { version: current, status })
                }
                Some((current, _)) => Err(StoreError::Stale { current }),
                None => Err(StoreError::NotFound),
            }
        }

        #[allow(clippy::too_many_arguments)]
        async fn insert_version(
            tx: &mut sqlx::Transaction<'static, $db>,
            programme_id: ProgrammeId,
            year: i32,
            version: i64,
            status: VersionStatus,
            body: &str,
            actor: UserId,
            board: Option<&Decision>,
            council: Option<&Decision>,
            pdf: Option<&[u8]>,
        ) -> Result<VersionInfo, StoreError> {
            let created_at = now();
            let sha256 = sha256_hex(body.as_bytes());
            sqlx::query(
                "INSERT INTO plan_versions (programme_id, year, version, status, body, sha256, \
                 author_id, created_at, board_date, board_reference, council_date, \
                 council_reference, pdf) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(programme_id)
            .bind(i64::from(year))
            .bind(version)
            .bind(status.as_str())
            .bind(body)
            .bind(&sha256)
            .bind(actor)
            .bind(created_at)
            .bind(board.map(|d| d.date.as_str()))
            .bind(board.map(|d| d.reference.as_str()))
            .bind(council.map(|d| d.date.as_str()))
            .bind(council.map(|d| d.reference.as_str()))
            .bind(pdf)
            .execute(&mut **tx)
            .await?;
            let author: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
                .bind(actor)
                .fetch_optional(&mut **tx)
                .await?;
            Ok(VersionInfo {
                year,
                version,
                status,
                sha256,
                author_id: Some(actor),
                author,
                created_at,
                board: board.cloned(),
                council: council.cloned(),
                has_pdf: pdf.is_some(),
            })
        }

        #[async_trait::async_trait]
        impl $crate::PlanStore for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            async fn create_user(
                &self,
                name: &str,
                password_hash: Option<&str>,
                global_role: Option<GlobalRole>,
            ) -> Result<User, StoreError> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (name, password_hash, global_role, created_at) \
                     VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(name)
                .bind(password_hash)
                .bind(global_role.map(GlobalRole::as_str))
                .bind(now())
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
                    "SELECT id, name, global_role, language, password_hash FROM users WHERE name = $1",
                )
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
                match row {
                    None => Ok(None),
                    Some(row) => Ok(Some((user_from_row(&row)?, row.try_get("password_hash")?))),
                }
            }

            async fn add_token(&self, user_id: UserId, token_hash: &str) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ($1, $2, $3)",
                )
                .bind(token_hash)
                .bind(user_id)
                .bind(now())
                .execute(&self.pool)
                .await
                .map_err(|e| unique_violation(e, "token"))?;
                Ok(())
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
                let count: i64 = sqlx::query_scalar(COUNT_LOGIN_FAILURES)
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
                Ok(sqlx::query_scalar(COUNT_LOGIN_FAILURES)
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

            async fn create_programme(
                &self,
                programme: &NewProgramme,
                actor: Option<UserId>,
            ) -> Result<Programme, StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO programmes (slug, name, area, county, period_from, period_to, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&programme.slug)
                .bind(&programme.name)
                .bind(&programme.area)
                .bind(&programme.county)
                .bind(i64::from(programme.period_from))
                .bind(i64::from(programme.period_to))
                .bind(now())
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| unique_violation(e, "programme"))?;
                let object = format!("programmes/{}", programme.slug);
                insert_audit(&mut tx, actor, "programme.create", Some(id), &object, None, None)
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

            async fn programme(&self, slug: &str) -> Result<Option<Programme>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::programme_columns!(),
                    " FROM programmes p WHERE p.slug = $1"
                ))
                .bind(slug)
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
                insert_audit(&mut tx, actor, &action, Some(programme_id), &object, None, None)
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
                insert_audit(&mut tx, actor, "member.remove", Some(programme_id), &object, None, None)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn plans(&self, programme_id: ProgrammeId) -> Result<Vec<VersionInfo>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!(),
                    " FROM plans p JOIN plan_versions v ON v.programme_id = p.programme_id \
                     AND v.year = p.year AND v.version = p.current_version \
                     LEFT JOIN users u ON u.id = v.author_id \
                     WHERE p.programme_id = $1 ORDER BY p.year"
                ))
                .bind(programme_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(info_from_row).collect()
            }

            async fn current_plan(
                &self,
                programme_id: ProgrammeId,
                year: i32,
            ) -> Result<Option<PlanVersion>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!(),
                    ", v.body FROM plans p JOIN plan_versions v \
                     ON v.programme_id = p.programme_id AND v.year = p.year \
                     AND v.version = p.current_version LEFT JOIN users u ON u.id = v.author_id \
                     WHERE p.programme_id = $1 AND p.year = $2"
                ))
                .bind(programme_id)
                .bind(i64::from(year))
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| version_from_row(&row)).transpose()
            }

            async fn read_plan(
                &self,
                caller: Caller<'_>,
                slug: &str,
                year: i32,
            ) -> Result<Option<std::sync::Arc<PlanRead>>, StoreError> {
                self.read_plan_here(caller, slug, year).await
            }

            async fn plan_version(
                &self,
                programme_id: ProgrammeId,
                year: i32,
                version: i64,
            ) -> Result<Option<PlanVersion>, StoreError> {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!(),
                    ", v.body FROM plan_versions v LEFT JOIN users u ON u.id = v.author_id \
                     WHERE v.programme_id = $1 AND v.year = $2 AND v.version = $3"
                ))
                .bind(programme_id)
                .bind(i64::from(year))
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| version_from_row(&row)).transpose()
            }

            async fn versions(
                &self,
                programme_id: ProgrammeId,
                year: i32,
            ) -> Result<Vec<VersionInfo>, StoreError> {
                let rows = sqlx::query(concat!(
                    "SELECT ",
                    $crate::sql::info_columns!(),
                    " FROM plan_versions v LEFT JOIN users u ON u.id = v.author_id \
                     WHERE v.programme_id = $1 AND v.year = $2 ORDER BY v.version"
                ))
                .bind(programme_id)
                .bind(i64::from(year))
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(info_from_row).collect()
            }

            async fn version_pdf(
                &self,
                programme_id: ProgrammeId,
                year: i32,
                version: i64,
            ) -> Result<Option<Vec<u8>>, StoreError> {
                let pdf: Option<Option<Vec<u8>>> = sqlx::query_scalar(
                    "SELECT pdf FROM plan_versions \
                     WHERE programme_id = $1 AND year = $2 AND version = $3",
                )
                .bind(programme_id)
                .bind(i64::from(year))
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
                Ok(pdf.flatten())
            }

            async fn put_plan(
                &self,
                programme_id: ProgrammeId,
                year: i32,
                expected: Option<i64>,
                body: &str,
                actor: UserId,
            ) -> Result<VersionInfo, StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                let current = head(&mut tx, programme_id, year).await?;
                let (before, version) = match (current, expected) {
                    (None, None) => {
                        let inserted = sqlx::query(
                            "INSERT INTO plans (programme_id, year, current_version, status) \
                             VALUES ($1, $2, 1, 'draft') ON CONFLICT DO NOTHING",
                        )
                        .bind(programme_id)
                        .bind(i64::from(year))
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if inserted == 0 {
                            // Created by somebody else meanwhile.
                            return Err(StoreError::PreconditionRequired);
                        }
                        (None, 1)
                    }
                    (None, Some(_)) => return Err(StoreError::NotFound),
                    (Some((current, status)), None) if status.is_frozen() => {
                        return Err(StoreError::WrongStatus { version: current, status });
                    }
                    (Some(_), None) => return Err(StoreError::PreconditionRequired),
                    (Some((current, status)), Some(expected)) => {
                        if status.is_frozen() {
                            return Err(StoreError::WrongStatus { version: current, status });
                        }
                        if current != expected {
                            return Err(StoreError::Stale { current });
                        }
                        advance_head(
                            &mut tx,
                            programme_id,
                            year,
                            expected,
                            VersionStatus::Draft,
                            VersionStatus::Draft,
                        )
                        .await?;
                        (Some(expected), expected + 1)
                    }
                };
                let info = insert_version(
                    &mut tx,
                    programme_id,
                    year,
                    version,
                    VersionStatus::Draft,
                    body,
                    actor,
                    None,
                    None,
                    None,
                )
                .await?;
                let action = if before.is_none() { "plan.create" } else { "plan.update" };
                let object = format!("plans/{year}");
                insert_audit(
                    &mut tx,
                    Some(actor),
                    action,
                    Some(programme_id),
                    &object,
                    before,
                    Some(version),
                )
                .await?;
                tx.commit().await?;
                Ok(info)
            }

            async fn transition(
                &self,
                programme_id: ProgrammeId,
                year: i32,
                transition: Transition,
                actor: UserId,
            ) -> Result<VersionInfo, StoreError> {
                let (_turn, mut tx) = self.begin_write().await?;
                let Some((current, status)) = head(&mut tx, programme_id, year).await? else {
                    return Err(StoreError::NotFound);
                };
                if current != transition.expected_version {
                    return Err(StoreError::Stale { current });
                }
                let allowed = match transition.kind {
                    TransitionKind::Board(_) => status == VersionStatus::Draft,
                    TransitionKind::Council(_) => status == VersionStatus::BoardApproved,
                    TransitionKind::Reopen => status.is_frozen(),
                };
                if !allowed {
                    return Err(StoreError::WrongStatus { version: current, status });
                }
                let previous = sqlx::query(
                    "SELECT board_date, board_reference FROM plan_versions \
                     WHERE programme_id = $1 AND year = $2 AND version = $3",
                )
                .bind(programme_id)
                .bind(i64::from(year))
                .bind(current)
                .fetch_one(&mut *tx)
                .await?;
                let previous_board =
                    decision(previous.try_get("board_date")?, previous.try_get("board_reference")?);
                let (new_status, board, council, action) = match &transition.kind {
                    TransitionKind::Board(d) => {
                        (VersionStatus::BoardApproved, Some(d.clone()), None, "plan.approve-board")
                    }
                    TransitionKind::Council(d) => {
                        (VersionStatus::Approved, previous_board, Some(d.clone()), "plan.approve-council")
                    }
                    TransitionKind::Reopen => (VersionStatus::Draft, None, None, "plan.reopen"),
                };
                advance_head(&mut tx, programme_id, year, current, status, new_status).await?;
                let pdf = if new_status.is_frozen() { transition.pdf.as_deref() } else { None };
                let info = insert_version(
                    &mut tx,
                    programme_id,
                    year,
                    current + 1,
                    new_status,
                    &transition.body,
                    actor,
                    board.as_ref(),
                    council.as_ref(),
                    pdf,
                )
                .await?;
                let object = format!("plans/{year}");
                insert_audit(
                    &mut tx,
                    Some(actor),
                    action,
                    Some(programme_id),
                    &object,
                    Some(current),
                    Some(current + 1),
                )
                .await?;
                tx.commit().await?;
                Ok(info)
            }

            async fn audit(
                &self,
                programme_id: Option<ProgrammeId>,
            ) -> Result<Vec<AuditEntry>, StoreError> {
                let rows = sqlx::query(
                    "SELECT a.id, a.at, a.actor_id, u.name AS actor, a.action, p.slug, a.object, \
                     a.version_before, a.version_after FROM audit a \
                     LEFT JOIN users u ON u.id = a.actor_id \
                     LEFT JOIN programmes p ON p.id = a.programme_id \
                     WHERE ($1 IS NULL OR a.programme_id = $1) ORDER BY a.id",
                )
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
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use {
    impl_plan_store, info_columns, programme_columns, read_plan_by_token, read_plan_by_user,
    read_plan_columns, read_plan_joins, read_plan_sql,
};
