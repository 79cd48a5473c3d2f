//! The SQLite backend: one embedded file, created when missing, in WAL mode with
//! `synchronous=FULL` so that a write that was answered survives a crash or power loss.
//!
//! Owns `migrations/sqlite`. Write transactions start with `BEGIN IMMEDIATE`, so
//! writers queue on the database lock (busy timeout) instead of failing mid-transaction.
//! Only one server process should use one SQLite file; several processes need PostgreSQL.
//!
//! Everything goes through the sqlx pool, whose connections each live on a thread of
//! their own, except [`crate::Documents::read_document`] (every `GET` of a plan or its check): that
//! runs on the calling thread on one of a few read-only connections (`Readers`). In WAL
//! mode a reader neither waits for nor blocks the writer, and one indexed query takes a few
//! microseconds, less than handing it to a connection thread and back twice.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::read_cache::{ReadCache, ReadQuery};
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
    readers: Option<Arc<Readers>>,
    /// The write transactions' queue ([`SqliteStore::begin_write`]).
    writers: Arc<tokio::sync::Mutex<()>>,
}

/// How many idle read-only connections are kept.
const IDLE_READERS: usize = 8;

/// Read-only connections to the database file, used on the calling thread, and the
/// answers they gave, kept with the [`Stamp`] read *before* their query (see
/// [`ReadCache`]: every commit, by any connection of any process, changes the stamp).
#[derive(Debug)]
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
    /// `None` when the `-shm` file could not be opened: then nothing is cached.
    shm: Option<Shm>,
    cache: ReadCache<Stamp>,
}

/// The committed state of the database: the first copy of its WAL-index header, the 48
/// bytes at the start of the `-shm` file (SQLite's file format, "The WAL-Index Header").
/// Every commit, from any connection of any process, changes it: the header holds the
/// change counter, the number of frames in the WAL and the salts that change when the
/// WAL starts over. A commit is visible to readers only once it is in this header.
type Stamp = [u8; 48];

/// The open `-shm` file, and the connection that keeps it the database's: SQLite deletes
/// `-shm` when a process closes the last connection to the file (a new one is made by the
/// next), and it does so only after taking an EXCLUSIVE lock on the database. A connection
/// in WAL mode that has read once holds a SHARED lock until it is closed, so while
/// `anchor` is open nobody deletes the file, and the one opened after it stays the one
/// every connection of every process writes its commits to.
#[derive(Debug)]
struct Shm {
    file: std::fs::File,
    _anchor: Mutex<rusqlite::Connection>,
}

impl Shm {
    fn open(database: &std::path::Path) -> Result<Shm, Box<dyn std::error::Error>> {
        use rusqlite::OpenFlags;
        let anchor = rusqlite::Connection::open_with_flags(
            database,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        anchor.busy_timeout(Duration::from_secs(5))?;
        let wal: String = anchor.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        if wal != "wal" {
            return Err(format!("the journal mode is {wal}, not wal").into());
        }
        // A read takes the SHARED lock (and opens `-shm` if no one has).
        anchor.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        let mut shm_path = database.as_os_str().to_owned();
        shm_path.push("-shm");
        Ok(Shm {
            file: std::fs::File::open(shm_path)?,
            _anchor: Mutex::new(anchor),
        })
    }
}

impl Shm {
    /// The database's [`Stamp`] now; `None` when it cannot be read for sure (a writer
    /// halfway through updating the header), and then nothing is cached.
    fn stamp(&self) -> Option<Stamp> {
        use std::os::unix::fs::FileExt as _;
        let mut header = [0u8; 96];
        self.file.read_exact_at(&mut header, 0).ok()?;
        let (first, second) = header.split_at(48);
        // SQLite writes the second copy, then the first: a reader that sees them differ
        // caught a writer in between. Byte 12 is `isInit`.
        if first != second || first[12] != 1 {
            return None;
        }
        first.try_into().ok()
    }
}

impl Readers {
    fn new(path: PathBuf) -> Readers {
        let shm = Shm::open(&path)
            .inspect_err(|error| {
                tracing::warn!(%error, "no SQLite read cache: the WAL index cannot be watched");
            })
            .ok();
        Readers {
            path,
            idle: Mutex::new(Vec::new()),
            shm,
            cache: ReadCache::default(),
        }
    }

    /// The database's [`Stamp`] now, when it can be read for sure.
    fn stamp(&self) -> Option<Stamp> {
        self.shm.as_ref()?.stamp()
    }

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
            crate::sql::read_by_token!(decisions_sqlite),
            crate::sql::read_by_user!(decisions_sqlite),
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
        let readers = (!in_memory).then(|| Arc::new(Readers::new(path)));
        let store = SqliteStore {
            pool,
            readers,
            writers: Arc::default(),
        };
        fill_summaries(&store).await?;
        Ok(store)
    }

    /// The pool, for tests and tools that need to look at the file (integrity checks).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Begins a write transaction after the process's earlier writers are done. SQLite
    /// has one writer at a time: writers that race for the lock wait in its busy handler,
    /// which sleeps in steps of up to 100 ms, while a queue hands the lock on at once
    /// (another process, `omstilling user add` say, still meets the busy handler).
    async fn begin_write(
        &self,
    ) -> Result<(crate::WriteTurn, sqlx::Transaction<'static, sqlx::Sqlite>), StoreError> {
        let turn = self.writers.clone().lock_owned().await;
        Ok((Some(turn), self.pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    async fn read_here(
        &self,
        caller: Caller<'_>,
        slug: &str,
        doc: &DocKey,
    ) -> Result<Option<Arc<PlanRead>>, StoreError> {
        if let Some(readers) = &self.readers {
            // Read before the query: a commit in between makes the next stamp differ.
            let stamp = readers.stamp();
            let query = ReadQuery::new(caller, slug, doc);
            if let Some(stamp) = &stamp
                && let Some(read) = readers.cache.get(&query, stamp)
            {
                return Ok(Some(read));
            }
            match readers.with(|connection| read_now(connection, caller, slug, doc)) {
                Ok(Some(read)) => {
                    let read = Arc::new(read);
                    if let Some(stamp) = stamp {
                        readers.cache.put(&query, stamp, read.clone());
                    }
                    return Ok(Some(read));
                }
                Ok(None) => return Ok(None),
                Err(StoreError::Sqlite(error)) => {
                    // Busy (a WAL being recovered) or unreadable: the runtime thread must
                    // not wait, so the pool's own threads try, and answer with their error.
                    tracing::warn!(%error, "SQLite reader failed; reading through the pool");
                }
                Err(other) => return Err(other),
            }
        }
        Ok(read_sqlx(&self.pool, caller, slug, doc)
            .await?
            .map(Arc::new))
    }
}

/// The names of `read_plan_columns!`, in order.
const READ_PLAN_COLUMNS: [&str; 22] = [
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
    "key",
    "version",
    "status",
    "sha256",
    "author_id",
    "author",
    "created_at",
    "decisions",
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

/// [`crate::Documents::read_document`] on a read-only connection, the same SQL as through sqlx.
fn read_now(
    connection: &rusqlite::Connection,
    caller: Caller<'_>,
    slug: &str,
    doc: &DocKey,
) -> Result<Option<PlanRead>, StoreError> {
    let (mut statement, key): (_, &dyn rusqlite::ToSql) = match &caller {
        Caller::Token(hash) => (
            connection.prepare_cached(crate::sql::read_by_token!(decisions_sqlite))?,
            hash,
        ),
        Caller::User(id) => (
            connection.prepare_cached(crate::sql::read_by_user!(decisions_sqlite))?,
            id,
        ),
    };
    let mut rows = statement.query(
        &[
            ("$1", key),
            ("$2", &slug),
            ("$3", &doc.kind.name),
            ("$4", &doc.key.as_str()),
        ][..],
    )?;
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
            slug: crate::Slug::stored(row.get(const { column("slug") })?),
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
                    key: row.get(const { column("key") })?,
                    version,
                    status: status_from(&status)?,
                    sha256: row.get(const { column("sha256") })?,
                    author_id: row.get(const { column("author_id") })?,
                    author: row.get(const { column("author") })?,
                    created_at,
                    decisions: crate::sql::decisions_from_json(
                        text(const { column("decisions") })?.as_deref(),
                    )?,
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

/// [`crate::Documents::read_document`] through the sqlx pool (an in-memory database, or when a
/// reader fails).
async fn read_sqlx(
    pool: &SqlitePool,
    caller: Caller<'_>,
    slug: &str,
    doc: &DocKey,
) -> Result<Option<PlanRead>, StoreError> {
    let query = match caller {
        Caller::Token(hash) => sqlx::query(crate::sql::read_by_token!(decisions_sqlite)).bind(hash),
        Caller::User(id) => sqlx::query(crate::sql::read_by_user!(decisions_sqlite)).bind(id),
    };
    let row = query
        .bind(slug)
        .bind(doc.kind.name)
        .bind(&doc.key)
        .fetch_optional(pool)
        .await?;
    row.map(|row| read_from_row(&row)).transpose()
}

crate::sql::impl_store!(
    SqliteStore,
    sqlx::Sqlite,
    SqliteRow,
    "sqlite",
    decisions_sqlite
);
crate::results::impl_result_store!(SqliteStore, sqlx::Sqlite, SqliteRow);
crate::calendar::impl_calendars!(SqliteStore, sqlx::Sqlite, SqliteRow);
crate::mail::impl_mail!(
    SqliteStore,
    sqlx::Sqlite,
    SqliteRow,
    crate::mail::CLAIM_SQLITE
);
// SQLite reads the overview as one JSON value (`overview_json_sql`: its row path costs
// more than the query); PostgreSQL row by row.
crate::overview::impl_overview_store!(SqliteStore, sqlx::Sqlite, SqliteRow, decisions_sqlite, true);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    /// A fresh directory for one test's database, removed when dropped.
    struct TempDb {
        dir: PathBuf,
        file: PathBuf,
    }

    impl TempDb {
        fn new(name: &str) -> TempDb {
            let dir =
                std::env::temp_dir().join(format!("omstilling-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{name}.db"));
            TempDb { dir, file }
        }

        fn url(&self) -> String {
            format!("sqlite://{}", self.file.display())
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    #[tokio::test]
    async fn cached_reads_see_every_commit_by_any_connection() {
        let db = TempDb::new("cache");
        let url = db.url();
        // Each its own pool and its own readers, as two processes would have.
        let ours = SqliteStore::connect(&url).await.unwrap();
        let other = SqliteStore::connect(&url).await.unwrap();
        let readers = ours.readers.clone().unwrap();
        assert!(
            readers.stamp().is_some(),
            "the WAL-index header is readable"
        );
        let delete_token = async {
            // A write through a bare SQLite connection, as any other program would make it.
            let raw = rusqlite::Connection::open(&db.file).unwrap();
            raw.execute("DELETE FROM api_tokens WHERE token_hash = 'hash-1'", [])
                .unwrap();
        };
        crate::read_cache::sees_every_commit::check(
            &ours,
            &other,
            &|| readers.cache.hits(),
            delete_token,
        )
        .await;
    }

    /// With every other connection of ours closed, a program that writes and closes its
    /// connection would delete `-shm`: the anchor keeps it, so the file the cache watches
    /// is still the database's, and the commit shows in the stamp.
    #[tokio::test]
    async fn the_watched_wal_index_outlives_every_other_connection() {
        use std::os::unix::fs::MetadataExt as _;
        let db = TempDb::new("anchor");
        let store = SqliteStore::connect(&db.url()).await.unwrap();
        store
            .create_user("ann", None, None, OffsetDateTime::now_utc())
            .await
            .unwrap();
        let readers = store.readers.clone().unwrap();
        assert!(readers.stamp().is_some());
        readers.idle.lock().unwrap().clear();
        store.pool.close().await;
        let shm = db.dir.join("anchor.db-shm");
        let watched = || readers.shm.as_ref().unwrap().file.metadata().unwrap();
        let before = readers.stamp();
        let raw = rusqlite::Connection::open(&db.file).unwrap();
        raw.execute("UPDATE users SET name = 'bob'", []).unwrap();
        drop(raw);
        let now = std::fs::metadata(&shm).expect("-shm is still there");
        assert_eq!(
            now.ino(),
            watched().ino(),
            "the watched file is the database's"
        );
        assert!(watched().nlink() > 0);
        assert_ne!(readers.stamp(), before, "the commit changed the header");
        assert!(readers.stamp().is_some());
    }

    /// A write transaction waits for its turn: while another writer of the process holds
    /// it, a PUT does not begin (it would otherwise race for SQLite's lock and sleep in the
    /// busy handler), and it goes ahead as soon as the turn is free.
    #[tokio::test]
    async fn writers_of_one_process_take_turns() {
        let db = TempDb::new("turns");
        let store = SqliteStore::connect(&db.url()).await.unwrap();
        let user = store
            .create_user("ann", None, None, OffsetDateTime::now_utc())
            .await
            .unwrap();
        let turn = store.writers.clone().lock_owned().await;
        let programme = crate::read_cache::sees_every_commit::programme();
        let writer = {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .create_programme(&programme, Some(user.id), OffsetDateTime::now_utc())
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!writer.is_finished(), "a write began out of turn");
        drop(turn);
        assert_eq!(writer.await.unwrap().unwrap().slug, "p");
    }

    #[tokio::test]
    async fn a_failing_reader_falls_back_to_the_pool() {
        let db = TempDb::new("fallback");
        let mut store = SqliteStore::connect(&db.url()).await.unwrap();
        let user = store
            .create_user("ann", None, None, OffsetDateTime::now_utc())
            .await
            .unwrap();
        let read = store
            .read_document(
                Caller::User(user.id),
                &"p".parse().unwrap(),
                &DocKey::handlingsplan(2027),
            )
            .await
            .unwrap();
        assert_eq!(read.map(|r| r.user.clone()), Some(user.clone()));
        // A reader that cannot open its file: the same answer, through the pool.
        store.readers = Some(Arc::new(Readers::new(
            db.dir.join("missing").join("nothing.db"),
        )));
        let read = store
            .read_document(
                Caller::User(user.id),
                &"p".parse().unwrap(),
                &DocKey::handlingsplan(2027),
            )
            .await
            .unwrap();
        assert_eq!(read.map(|r| r.user.clone()), Some(user));
    }
}
