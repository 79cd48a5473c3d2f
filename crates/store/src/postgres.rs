//! The PostgreSQL backend: several server processes may share one database.
//!
//! Owns `migrations/postgres` (sqlx takes an advisory lock while migrating, so processes
//! starting together do not race). Writes run under READ COMMITTED; a plan's new version
//! is conditional on `current_version` in the same transaction, which PostgreSQL
//! re-checks after waiting for a concurrent writer, so no update is lost across
//! processes. The audit is append-only by trigger as well.
//!
//! [`crate::Documents::read_document`] keeps its answers (`read_cache::ReadCache`) with the snapshot its query
//! ran in, `pg_current_snapshot()`: the transactions committed (everything below `xmax`
//! but those in progress, `xip`). A snapshot read later is the same only if no
//! transaction that writes committed in between, anywhere on the server: one that was in
//! progress would leave `xip`, one that began later would raise `xmax` when it ends. So a
//! kept answer is given again, after one small query for the snapshot now, only while the
//! database is as it was (the server's start time is part of the stamp, so a restart
//! never matches). A write anywhere on the server makes the next read a full one. The
//! snapshot queries of concurrent reads are shared (`stamps::Stamps`): one in flight answers
//! every read that asked before it began.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};

use crate::read_cache::{ReadCache, ReadQuery};
use crate::stamps::Stamps;

/// A pooled connection idle for longer than this is pinged before it is used.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

/// A store on one PostgreSQL database (or schema, via `options[search_path]=…` in the URL).
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    reads: Arc<ReadCache<String>>,
    /// The stamp queries of cache hits, one in flight for all waiting reads.
    stamps: Arc<Stamps>,
}

/// The stamp of a read: the snapshot of the statement it is in, and when the server started.
macro_rules! stamp {
    () => {
        "pg_current_snapshot()::text || '@' || extract(epoch FROM pg_postmaster_start_time())::text"
    };
}

/// A read of a plan and, in the same statement (so from the same snapshot), its stamp.
macro_rules! stamped {
    ($read:expr) => {
        concat!("SELECT ", stamp!(), " AS stamp, q.* FROM (", $read, ") q")
    };
}

impl PostgresStore {
    /// Connects to and migrates the database at `url` (`postgres://…`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .min_connections(0)
            .acquire_timeout(Duration::from_secs(30))
            .idle_timeout(Duration::from_secs(60))
            // Ping a connection before use only when it has been idle for a while: a ping
            // is a round trip, as long as the query it guards. A connection used within the
            // last second is taken as alive (HikariCP's "alive bypass window"); if the
            // server went away just then, that one query fails and the connection is closed.
            .test_before_acquire(false)
            .before_acquire(|connection, meta| {
                Box::pin(async move {
                    if meta.idle_for > PING_WHEN_IDLE_FOR {
                        sqlx::Connection::ping(connection).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        let store = PostgresStore {
            pool,
            reads: Arc::default(),
            stamps: Arc::default(),
        };
        fill_summaries(&store).await?;
        Ok(store)
    }

    /// The pool, for tests and tools.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn read_here(
        &self,
        caller: Caller<'_>,
        slug: &str,
        doc: &DocKey,
    ) -> Result<Option<Arc<PlanRead>>, StoreError> {
        let query = ReadQuery::new(caller, slug, doc);
        if self.reads.has(&query) {
            let now = self
                .stamps
                .now(|| sqlx::query_scalar(concat!("SELECT ", stamp!())).fetch_one(&self.pool))
                .await?;
            if let Some(read) = self.reads.get(&query, &now) {
                return Ok(Some(read));
            }
        }
        let statement = match caller {
            Caller::Token(hash) => {
                sqlx::query(stamped!(crate::sql::read_by_token!(decisions_postgres))).bind(hash)
            }
            Caller::User(id) => {
                sqlx::query(stamped!(crate::sql::read_by_user!(decisions_postgres))).bind(id)
            }
        };
        let Some(row) = statement
            .bind(slug)
            .bind(doc.kind.name)
            .bind(&doc.key)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let stamp: String = row.try_get("stamp")?;
        let read = Arc::new(read_from_row(&row)?);
        self.reads.put(&query, stamp, read.clone());
        Ok(Some(read))
    }

    /// Writers need no turn: PostgreSQL locks rows, not the database.
    async fn begin_write(
        &self,
    ) -> Result<(crate::WriteTurn, sqlx::Transaction<'static, sqlx::Postgres>), StoreError> {
        Ok((None, self.pool.begin().await?))
    }
}

crate::sql::impl_store!(
    PostgresStore,
    sqlx::Postgres,
    PgRow,
    "postgres",
    decisions_postgres
);
crate::results::impl_result_store!(PostgresStore, sqlx::Postgres, PgRow);
crate::calendar::impl_calendars!(PostgresStore, sqlx::Postgres, PgRow);
crate::mail::impl_mail!(
    PostgresStore,
    sqlx::Postgres,
    PgRow,
    crate::mail::CLAIM_POSTGRES
);
crate::overview::impl_overview_store!(
    PostgresStore,
    sqlx::Postgres,
    PgRow,
    decisions_postgres,
    false
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;
    use crate::testing::{Backend, fresh_url, postgres_base_url};

    #[tokio::test]
    async fn cached_reads_see_every_commit_by_any_connection() {
        let url = fresh_url(Backend::Postgres).await;
        // Two pools, as two server processes would have.
        let ours = PostgresStore::connect(&url).await.unwrap();
        let other = PostgresStore::connect(&url).await.unwrap();
        let delete_token = async {
            // A write through a bare connection, as any other program would make it.
            let mut raw = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
                .await
                .unwrap();
            sqlx::query("DELETE FROM api_tokens WHERE token_hash = 'hash-1'")
                .execute(&mut raw)
                .await
                .unwrap();
        };
        crate::read_cache::sees_every_commit::check(
            &ours,
            &other,
            &|| ours.reads.hits(),
            delete_token,
        )
        .await;
    }

    /// A pooled connection whose server process went away while it was idle is found out
    /// before use (the ping after [`PING_WHEN_IDLE_FOR`]), and the read succeeds on a new one.
    #[tokio::test]
    async fn a_connection_dropped_while_idle_is_replaced_before_use() {
        let store = PostgresStore::connect(&fresh_url(Backend::Postgres).await)
            .await
            .unwrap();
        let user = store
            .create_user("ann", None, None, OffsetDateTime::now_utc())
            .await
            .unwrap();
        // Every connection of the pool, each held so that they differ.
        let mut held = Vec::new();
        let mut pids: Vec<i32> = Vec::new();
        for _ in 0..store.pool.size() {
            let mut connection = store.pool.acquire().await.unwrap();
            let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
                .fetch_one(&mut *connection)
                .await
                .unwrap();
            pids.push(pid);
            held.push(connection);
        }
        drop(held);
        assert!(!pids.is_empty());
        let admin = PgPool::connect(&postgres_base_url()).await.unwrap();
        for pid in &pids {
            let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
                .bind(pid)
                .fetch_one(&admin)
                .await
                .unwrap();
            assert!(ended, "backend {pid}");
        }
        tokio::time::sleep(PING_WHEN_IDLE_FOR + Duration::from_millis(300)).await;
        let found = store.user_by_name("ann").await.unwrap();
        assert_eq!(found.map(|(u, _)| u), Some(user));
    }
}
