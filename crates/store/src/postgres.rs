//! The PostgreSQL backend: several server processes may share one database.
//!
//! Owns `migrations/postgres` (sqlx takes an advisory lock while migrating, so processes
//! starting together do not race). Writes run under READ COMMITTED; a plan's new version
//! is conditional on `current_version` in the same transaction, which PostgreSQL
//! re-checks after waiting for a concurrent writer, so no update is lost across
//! processes. The audit is append-only by trigger as well.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};

/// A store on one PostgreSQL database (or schema, via `options[search_path]=…` in the URL).
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
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
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(PostgresStore { pool })
    }

    /// The pool, for tests and tools.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn read_plan_here(
        &self,
        caller: Caller<'_>,
        slug: &str,
        year: i32,
    ) -> Result<Option<PlanRead>, StoreError> {
        read_plan_sqlx(&self.pool, caller, slug, year).await
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        Ok(self.pool.begin().await?)
    }
}

crate::sql::impl_plan_store!(PostgresStore, sqlx::Postgres, PgRow, "postgres");
