//! The SQLite backend: one embedded file, created when missing, in WAL mode with
//! `synchronous=FULL` so that a write that was answered survives a crash or power loss.
//!
//! Owns `migrations/sqlite`. Write transactions start with `BEGIN IMMEDIATE`, so
//! writers queue on the database lock (busy timeout) instead of failing mid-transaction.
//! Only one server process should use one SQLite file; several processes need PostgreSQL.
//!
//! Everything goes through the sqlx pool, whose connections each live on a thread of
//! their own, except [`PlanStore::read_plan`] (every `GET` of a plan or its check): that
//! runs on the calling thread on one of a few read-only connections ([`Readers`]). In WAL
//! mode a reader neither waits for nor blocks the writer, and one indexed query takes a few
//! microseconds, less than handing it to a connection thread and back twice.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};

/// A store on one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// `None` for an in-memory database, which only the pool's one connection sees.
    readers: Option<std::sync::Arc<Readers>>,
}

/// How many idle read-only connections are kept.
const IDLE_READERS: usize = 8;

/// Read-only connections to the database file, used on the calling thread.
#[derive(Debug)]
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

impl Readers {
    fn with<T>(
        &self,
        read: impl FnOnce(&rusqlite::Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match idle {
            Some(connection) => connection,
            None => self.open()?,
        };
        let result = read(&connection);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < IDLE_READERS {
            idle.push(connection);
        }
        result
    }

    fn open(&self) -> Result<rusqlite::Connection, StoreError> {
        use rusqlite::OpenFlags;
        let connection = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(Duration::from_secs(30))?;
        Ok(connection)
    }
}

impl SqliteStore {
    /// Opens (creating when missing) and migrates the database at `url`
    /// (`sqlite://FILE`, `sqlite:///ABSOLUTE/FILE` or `sqlite::memory:`).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let in_memory = url.contains(":memory:");
        let path = options.get_filename().to_owned();
        let pool = SqlitePoolOptions::new()
            // An in-memory database lives in one connection.
            .max_connections(if in_memory { 1 } else { 8 })
            // A local file does not drop connections: skip the ping before every query.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        let readers = (!in_memory).then(|| {
            std::sync::Arc::new(Readers {
                path,
                idle: Mutex::new(Vec::new()),
            })
        });
        Ok(SqliteStore { pool, readers })
    }

    /// The pool, for tests and tools that need to look at the file (integrity checks).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    async fn read_plan_here(
        &self,
        caller: Caller<'_>,
        slug: &str,
        year: i32,
    ) -> Result<Option<PlanRead>, StoreError> {
        match &self.readers {
            Some(readers) => {
                readers.with(|connection| read_plan_now(connection, caller, slug, year))
            }
            None => read_plan_sqlx(&self.pool, caller, slug, year).await,
        }
    }
}

/// [`PlanStore::read_plan`] on a read-only connection, the same SQL as through sqlx.
fn read_plan_now(
    connection: &rusqlite::Connection,
    caller: Caller<'_>,
    slug: &str,
    year: i32,
) -> Result<Option<PlanRead>, StoreError> {
    let year = i64::from(year);
    let (mut statement, key): (_, &dyn rusqlite::ToSql) = match &caller {
        Caller::Token(hash) => (
            connection.prepare_cached(crate::sql::read_plan_by_token!())?,
            hash,
        ),
        Caller::User(id) => (
            connection.prepare_cached(crate::sql::read_plan_by_user!())?,
            id,
        ),
    };
    let mut rows = statement.query(&[("$1", key), ("$2", &slug), ("$3", &year)][..])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    // By position (a lookup by name scans the column names for every value): the order of
    // `read_plan_columns!`, which the conformance suite checks value by value.
    let text = |index: usize| row.get::<_, Option<String>>(index);
    let user = User {
        id: row.get(0)?,
        name: row.get(1)?,
        global_role: text(2)?.as_deref().and_then(GlobalRole::parse),
        language: text(24)?.as_deref().and_then(plan::Language::from_code),
    };
    let programme = match row.get::<_, Option<i64>>(4)? {
        None => None,
        Some(id) => Some(Programme {
            id,
            slug: row.get(5)?,
            name: row.get(6)?,
            area: row.get(7)?,
            county: row.get(8)?,
            period_from: row.get(9)?,
            period_to: row.get(10)?,
        }),
    };
    let plan = match row.get::<_, Option<i64>>(12)? {
        None => None,
        Some(version) => {
            let status: String = row.get(13)?;
            let created_at: String = row.get(17)?;
            let created_at =
                OffsetDateTime::parse(&created_at, &time::format_description::well_known::Rfc3339)
                    .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))?;
            Some(PlanVersion {
                info: VersionInfo {
                    year: row.get(11)?,
                    version,
                    status: status_from(&status)?,
                    sha256: row.get(14)?,
                    author_id: row.get(15)?,
                    author: row.get(16)?,
                    created_at,
                    board: decision(text(18)?, text(19)?),
                    council: decision(text(20)?, text(21)?),
                    has_pdf: row.get(22)?,
                },
                body: row.get(23)?,
            })
        }
    };
    Ok(Some(PlanRead {
        user,
        programme,
        role: text(3)?.as_deref().and_then(ProgrammeRole::parse),
        plan,
    }))
}

crate::sql::impl_plan_store!(SqliteStore, sqlx::Sqlite, SqliteRow, "sqlite");
