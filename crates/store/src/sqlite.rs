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
        // It runs on a runtime thread: never wait long for a lock (see read_plan_here).
        connection.busy_timeout(Duration::from_millis(100))?;
        // The reader takes values by position: the statements must have the columns
        // READ_PLAN_COLUMNS names, in that order.
        for sql in [
            crate::sql::read_plan_by_token!(),
            crate::sql::read_plan_by_user!(),
        ] {
            let statement = connection.prepare_cached(sql)?;
            if statement.column_names() != READ_PLAN_COLUMNS {
                return Err(StoreError::Database(sqlx::Error::Decode(
                    format!("read_plan's columns are {:?}", statement.column_names()).into(),
                )));
            }
        }
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
        if let Some(readers) = &self.readers {
            match readers.with(|connection| read_plan_now(connection, caller, slug, year)) {
                Err(StoreError::Sqlite(error)) => {
                    // Busy (a WAL being recovered) or unreadable: the runtime thread must
                    // not wait, so the pool's own threads try, and answer with their error.
                    tracing::warn!(%error, "SQLite reader failed; reading through the pool");
                }
                answer => return answer,
            }
        }
        read_plan_sqlx(&self.pool, caller, slug, year).await
    }
}

/// The names of `read_plan_columns!`, in order.
const READ_PLAN_COLUMNS: [&str; 25] = [
    "caller_id",
    "caller_name",
    "caller_role",
    "caller_language",
    "role",
    "id",
    "slug",
    "name",
    "area",
    "county",
    "period_from",
    "period_to",
    "year",
    "version",
    "status",
    "sha256",
    "author_id",
    "author",
    "created_at",
    "board_date",
    "board_reference",
    "council_date",
    "council_reference",
    "has_pdf",
    "body",
];

/// The position of a column of [`READ_PLAN_COLUMNS`] (a name not there fails to build when
/// used in a constant, and panics otherwise: a programming error, caught by any test).
const fn column(name: &str) -> usize {
    let mut index = 0;
    while index < READ_PLAN_COLUMNS.len() {
        let candidate = READ_PLAN_COLUMNS[index].as_bytes();
        let wanted = name.as_bytes();
        if candidate.len() == wanted.len() {
            let mut at = 0;
            while at < wanted.len() && candidate[at] == wanted[at] {
                at += 1;
            }
            if at == wanted.len() {
                return index;
            }
        }
        index += 1;
    }
    panic!("not a column of read_plan_columns!")
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
    // By position (a lookup by name scans the column names for every value); the positions
    // come from READ_PLAN_COLUMNS, which `Readers::open` checks against the statement.
    let text = |index: usize| row.get::<_, Option<String>>(index);
    let user = User {
        id: row.get(const { column("caller_id") })?,
        name: row.get(const { column("caller_name") })?,
        global_role: text(const { column("caller_role") })?
            .as_deref()
            .and_then(GlobalRole::parse),
        language: text(const { column("caller_language") })?
            .as_deref()
            .and_then(plan::Language::from_code),
    };
    let programme = match row.get::<_, Option<i64>>(const { column("id") })? {
        None => None,
        Some(id) => Some(Programme {
            id,
            slug: row.get(const { column("slug") })?,
            name: row.get(const { column("name") })?,
            area: row.get(const { column("area") })?,
            county: row.get(const { column("county") })?,
            period_from: row.get(const { column("period_from") })?,
            period_to: row.get(const { column("period_to") })?,
        }),
    };
    let plan = match row.get::<_, Option<i64>>(const { column("version") })? {
        None => None,
        Some(version) => {
            let status: String = row.get(const { column("status") })?;
            let created_at: String = row.get(const { column("created_at") })?;
            let created_at =
                OffsetDateTime::parse(&created_at, &time::format_description::well_known::Rfc3339)
                    .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))?;
            Some(PlanVersion {
                info: VersionInfo {
                    year: row.get(const { column("year") })?,
                    version,
                    status: status_from(&status)?,
                    sha256: row.get(const { column("sha256") })?,
                    author_id: row.get(const { column("author_id") })?,
                    author: row.get(const { column("author") })?,
                    created_at,
                    board: decision(
                        text(const { column("board_date") })?,
                        text(const { column("board_reference") })?,
                    ),
                    council: decision(
                        text(const { column("council_date") })?,
                        text(const { column("council_reference") })?,
                    ),
                    has_pdf: row.get(const { column("has_pdf") })?,
                },
                body: row.get(const { column("body") })?,
            })
        }
    };
    Ok(Some(PlanRead {
        user,
        programme,
        role: text(const { column("role") })?
            .as_deref()
            .and_then(ProgrammeRole::parse),
        plan,
    }))
}

crate::sql::impl_plan_store!(SqliteStore, sqlx::Sqlite, SqliteRow, "sqlite");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PlanStore as _;

    #[tokio::test]
    async fn a_failing_reader_falls_back_to_the_pool() {
        let dir = std::env::temp_dir().join(format!("omstilling-reader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("fallback.db").display());
        let mut store = SqliteStore::connect(&url).await.unwrap();
        let user = store.create_user("ann", None, None).await.unwrap();
        let read = store
            .read_plan(Caller::User(user.id), "p", 2027)
            .await
            .unwrap();
        assert_eq!(read.map(|r| r.user), Some(user.clone()));
        // A reader that cannot open its file: the same answer, through the pool.
        store.readers = Some(std::sync::Arc::new(Readers {
            path: dir.join("missing").join("nothing.db"),
            idle: Mutex::new(Vec::new()),
        }));
        let read = store
            .read_plan(Caller::User(user.id), "p", 2027)
            .await
            .unwrap();
        assert_eq!(read.map(|r| r.user), Some(user));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
