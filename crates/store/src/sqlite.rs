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
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use hashbrown::HashMap;
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
}

/// How many idle read-only connections are kept.
const IDLE_READERS: usize = 8;

/// Read-only connections to the database file, used on the calling thread, and the
/// answers they gave ([`ReadCache`]).
#[derive(Debug)]
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
    cache: ReadCache,
}

/// The committed state of the database: the first copy of its WAL-index header, the 48
/// bytes at the start of the `-shm` file (SQLite's file format, "The WAL-Index Header").
/// Every commit, from any connection of any process, changes it: the header holds the
/// change counter, the number of frames in the WAL and the salts that change when the
/// WAL starts over. A commit is visible to readers only once it is in this header.
type Stamp = [u8; 48];

/// How many answers [`ReadCache`] keeps; when full it starts again empty.
const CACHED_READS: usize = 1024;

/// `read_plan`'s answers, each kept with the [`Stamp`] read *before* its query. An answer
/// is given again only while the stamp is still the same, that is, while nothing has been
/// committed since: no process may have changed a token, a membership, a programme or a
/// plan in between. The answer is a function of the database alone (the query reads no
/// clock), so such an answer is exactly what the query would give now.
///
/// A hit takes no lock that another hit waits for (read locks only) and copies nothing:
/// the answer is shared.
#[derive(Debug)]
struct ReadCache {
    /// `None` when the `-shm` file could not be opened: then nothing is cached.
    shm: Option<Shm>,
    entries: RwLock<HashMap<ReadKey, (Stamp, Arc<PlanRead>), std::hash::RandomState>>,
    /// Answers given from the cache (for tests).
    hits: std::sync::atomic::AtomicU64,
}

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

/// What a kept answer was asked with: the caller (owned), the slug and the year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ReadKey {
    caller: OwnedCaller,
    slug: String,
    year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum OwnedCaller {
    Token(String),
    User(UserId),
}

/// A [`ReadKey`] borrowed from the request, to look up without allocating. It hashes
/// exactly as the `ReadKey` it stands for: the same fields, in the same order, and an
/// enum whose variants match `OwnedCaller`'s (a `String` hashes as its `str`).
#[derive(Debug, Clone, Copy, Hash)]
struct ReadQuery<'a> {
    caller: BorrowedCaller<'a>,
    slug: &'a str,
    year: i32,
}

#[derive(Debug, Clone, Copy, Hash)]
enum BorrowedCaller<'a> {
    Token(&'a str),
    User(UserId),
}

impl<'a> ReadQuery<'a> {
    fn new(caller: Caller<'a>, slug: &'a str, year: i32) -> ReadQuery<'a> {
        let caller = match caller {
            Caller::Token(hash) => BorrowedCaller::Token(hash),
            Caller::User(id) => BorrowedCaller::User(id),
        };
        ReadQuery { caller, slug, year }
    }

    fn to_key(self) -> ReadKey {
        let caller = match self.caller {
            BorrowedCaller::Token(hash) => OwnedCaller::Token(hash.to_owned()),
            BorrowedCaller::User(id) => OwnedCaller::User(id),
        };
        ReadKey {
            caller,
            slug: self.slug.to_owned(),
            year: self.year,
        }
    }
}

impl hashbrown::Equivalent<ReadKey> for ReadQuery<'_> {
    fn equivalent(&self, key: &ReadKey) -> bool {
        let caller = match (self.caller, &key.caller) {
            (BorrowedCaller::Token(a), OwnedCaller::Token(b)) => a == b,
            (BorrowedCaller::User(a), OwnedCaller::User(b)) => a == *b,
            _ => false,
        };
        caller && self.slug == key.slug && self.year == key.year
    }
}

impl ReadCache {
    fn new(database: &std::path::Path) -> ReadCache {
        let shm = Shm::open(database)
            .inspect_err(|error| {
                tracing::warn!(%error, "no SQLite read cache: the WAL index cannot be watched");
            })
            .ok();
        ReadCache {
            shm,
            entries: RwLock::new(HashMap::default()),
            hits: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// The database's [`Stamp`] now; `None` when it cannot be read for sure (no `-shm`
    /// file, a writer halfway through updating the header), and then nothing is cached.
    fn stamp(&self) -> Option<Stamp> {
        use std::os::unix::fs::FileExt as _;
        let mut header = [0u8; 96];
        self.shm.as_ref()?.file.read_exact_at(&mut header, 0).ok()?;
        let (first, second) = header.split_at(48);
        // SQLite writes the second copy, then the first: a reader that sees them differ
        // caught a writer in between. Byte 12 is `isInit`.
        if first != second || first[12] != 1 {
            return None;
        }
        first.try_into().ok()
    }

    fn get(&self, query: &ReadQuery<'_>, stamp: &Stamp) -> Option<Arc<PlanRead>> {
        let kept = {
            let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
            match entries.get(query) {
                Some((kept, read)) if kept == stamp => read.clone(),
                _ => return None,
            }
        };
        self.hits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(kept)
    }

    fn put(&self, query: &ReadQuery<'_>, stamp: Stamp, read: Arc<PlanRead>) {
        let key = query.to_key();
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CACHED_READS {
            entries.clear();
        }
        entries.insert(key, (stamp, read));
    }
}

impl Readers {
    fn new(path: PathBuf) -> Readers {
        Readers {
            cache: ReadCache::new(&path),
            path,
            idle: Mutex::new(Vec::new()),
        }
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
        let readers = (!in_memory).then(|| Arc::new(Readers::new(path)));
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
    ) -> Result<Option<Arc<PlanRead>>, StoreError> {
        if let Some(readers) = &self.readers {
            // Read before the query: a commit in between makes the next stamp differ.
            let stamp = readers.cache.stamp();
            let query = ReadQuery::new(caller, slug, year);
            if let Some(stamp) = &stamp
                && let Some(read) = readers.cache.get(&query, stamp)
            {
                return Ok(Some(read));
            }
            match readers.with(|connection| read_plan_now(connection, caller, slug, year)) {
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
        Ok(read_plan_sqlx(&self.pool, caller, slug, year)
            .await?
            .map(Arc::new))
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

    /// What `read_plan` answers for a token: (role, current version, body).
    async fn seen(
        store: &SqliteStore,
        token: &str,
    ) -> Option<(Option<ProgrammeRole>, Option<i64>, Option<String>)> {
        store
            .read_plan(Caller::Token(token), "p", 2027)
            .await
            .unwrap()
            .map(|read| {
                let plan = read.plan.clone();
                (
                    read.role,
                    plan.as_ref().map(|v| v.info.version),
                    plan.map(|v| v.body),
                )
            })
    }

    /// A borrowed query finds exactly the key it stands for: same hash, equivalent, and
    /// not equivalent to a key that differs in any one field.
    #[test]
    fn borrowed_queries_find_their_own_key_only() {
        use hashbrown::Equivalent as _;
        use std::hash::BuildHasher as _;
        let hasher = std::hash::RandomState::new();
        let queries = [
            ReadQuery::new(Caller::Token("abc"), "p", 2027),
            ReadQuery::new(Caller::Token("abc"), "q", 2027),
            ReadQuery::new(Caller::Token("abc"), "p", 2028),
            ReadQuery::new(Caller::Token("abd"), "p", 2027),
            ReadQuery::new(Caller::User(7), "p", 2027),
            ReadQuery::new(Caller::User(8), "p", 2027),
        ];
        for (i, query) in queries.iter().enumerate() {
            let key = query.to_key();
            assert_eq!(hasher.hash_one(query), hasher.hash_one(&key), "{query:?}");
            for (j, other) in queries.iter().enumerate() {
                assert_eq!(other.equivalent(&key), i == j, "{other:?} against {key:?}");
            }
        }
        let mut map: HashMap<ReadKey, usize, std::hash::RandomState> = HashMap::default();
        for (i, query) in queries.iter().enumerate() {
            map.insert(query.to_key(), i);
        }
        for (i, query) in queries.iter().enumerate() {
            assert_eq!(map.get(query), Some(&i));
        }
    }

    #[tokio::test]
    async fn cached_reads_see_every_commit_by_any_connection() {
        let dir = std::env::temp_dir().join(format!("omstilling-cache-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("cache.db").display());
        // `ours` serves the reads; `other` stands for another process on the same file
        // (`omstilling member add`, a second server): its own pool and its own readers.
        let ours = SqliteStore::connect(&url).await.unwrap();
        let other = SqliteStore::connect(&url).await.unwrap();
        let user = other.create_user("ann", None, None).await.unwrap();
        other.add_token(user.id, "hash-1").await.unwrap();
        let p = other
            .create_programme(
                &crate::NewProgramme {
                    slug: "p".to_owned(),
                    name: "P".to_owned(),
                    area: "A".to_owned(),
                    county: None,
                    period_from: 2025,
                    period_to: 2030,
                },
                None,
            )
            .await
            .unwrap();
        other
            .set_member(p.id, user.id, ProgrammeRole::Editor, None)
            .await
            .unwrap();
        other
            .put_plan(p.id, 2027, None, "{\"n\": 1}", user.id)
            .await
            .unwrap();

        let cache = &ours.readers.as_ref().unwrap().cache;
        let hits = || cache.hits.load(std::sync::atomic::Ordering::Relaxed);
        let first = Some((
            Some(ProgrammeRole::Editor),
            Some(1),
            Some("{\"n\": 1}".to_owned()),
        ));
        assert_eq!(seen(&ours, "hash-1").await, first);
        assert_eq!(hits(), 0);
        // Asked again with nothing committed: the same answer, from the cache.
        let stamp = cache.stamp();
        assert!(stamp.is_some(), "the WAL-index header is readable");
        assert_eq!(seen(&ours, "hash-1").await, first);
        assert_eq!(hits(), 1);
        assert_eq!(cache.stamp(), stamp);

        // A new version written by the other store.
        other
            .put_plan(p.id, 2027, Some(1), "{\"n\": 2}", user.id)
            .await
            .unwrap();
        assert_ne!(cache.stamp(), stamp);
        assert_eq!(
            seen(&ours, "hash-1").await,
            Some((
                Some(ProgrammeRole::Editor),
                Some(2),
                Some("{\"n\": 2}".to_owned())
            ))
        );
        assert_eq!(hits(), 1, "a commit makes the kept answer unusable");
        // A role changed, then the membership removed, by the other store.
        other
            .set_member(p.id, user.id, ProgrammeRole::Viewer, None)
            .await
            .unwrap();
        assert_eq!(
            seen(&ours, "hash-1").await.unwrap().0,
            Some(ProgrammeRole::Viewer)
        );
        other.remove_member(p.id, user.id, None).await.unwrap();
        assert_eq!(seen(&ours, "hash-1").await.unwrap().0, None);
        // A write through a bare SQLite connection, as any other program would make it.
        let raw = rusqlite::Connection::open(dir.join("cache.db")).unwrap();
        raw.execute("DELETE FROM api_tokens WHERE token_hash = 'hash-1'", [])
            .unwrap();
        drop(raw);
        assert_eq!(seen(&ours, "hash-1").await, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// With every other connection of ours closed, a program that writes and closes its
    /// connection would delete `-shm`: the anchor keeps it, so the file the cache watches
    /// is still the database's, and the commit shows in the stamp.
    #[tokio::test]
    async fn the_watched_wal_index_outlives_every_other_connection() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = std::env::temp_dir().join(format!("omstilling-anchor-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("anchor.db");
        let store = SqliteStore::connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        store.create_user("ann", None, None).await.unwrap();
        let readers = store.readers.clone().unwrap();
        assert!(readers.cache.stamp().is_some());
        readers.idle.lock().unwrap().clear();
        store.pool.close().await;
        let shm = dir.join("anchor.db-shm");
        let watched = || readers.cache.shm.as_ref().unwrap().file.metadata().unwrap();
        let before = readers.cache.stamp();
        let raw = rusqlite::Connection::open(&file).unwrap();
        raw.execute("UPDATE users SET name = 'bob'", []).unwrap();
        drop(raw);
        let now = std::fs::metadata(&shm).expect("-shm is still there");
        assert_eq!(
            now.ino(),
            watched().ino(),
            "the watched file is the database's"
        );
        assert!(watched().nlink() > 0);
        assert_ne!(
            readers.cache.stamp(),
            before,
            "the commit changed the header"
        );
        assert!(readers.cache.stamp().is_some());
        drop(readers);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

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
        assert_eq!(read.map(|r| r.user.clone()), Some(user.clone()));
        // A reader that cannot open its file: the same answer, through the pool.
        store.readers = Some(Arc::new(Readers::new(
            dir.join("missing").join("nothing.db"),
        )));
        let read = store
            .read_plan(Caller::User(user.id), "p", 2027)
            .await
            .unwrap();
        assert_eq!(read.map(|r| r.user.clone()), Some(user));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
