//! Storage for omstilling: accounts, programmes, plan versions, sessions and the audit.
//!
//! One trait, [`PlanStore`], with a small matchable error enum, [`StoreError`], and one
//! module per backend: [`sqlite`] (the default, an embedded file) and [`postgres`]
//! (several server processes may share one database). Each backend owns its migrations
//! (`migrations/sqlite`, `migrations/postgres`) and runs them on connect. The backend is
//! chosen once, from the database URL, by [`connect`].
//!
//! Invariants every backend keeps (the conformance suite in `tests/` checks them on both):
//! - A plan's versions are numbered 1, 2, 3 … without gaps; a write of version `n + 1` is
//!   conditional on the current version being `n`, inside one transaction, so concurrent
//!   writers (threads or processes) never lose an update.
//! - A version that is not a draft is frozen: it can only be followed by a reopen.
//! - The audit is append-only: this trait has no path that changes or removes an entry,
//!   and the database refuses it too (triggers on both backends).
//! - Every write that changes a plan writes its audit entry in the same transaction.
//! - [`PlanStore::read_plan`] answers as the database is at the moment of the call, also
//!   when the answer is kept (`read_cache`): a kept answer is given only while the
//!   database's stamp shows nothing was committed since (tests in `sqlite` and `postgres`).
//!
//! This crate never hashes passwords, parses HTTP or renders documents: callers pass
//! hashes, plan bodies and PDF bytes in.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

pub mod postgres;
mod read_cache;
pub mod results;
mod sql;
pub mod sqlite;
mod stamps;
pub mod testing;

/// The id of a user account.
pub type UserId = i64;
/// The id of a programme.
pub type ProgrammeId = i64;

/// What can go wrong in the store. Callers match on it to choose an HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The object does not exist.
    #[error("not found")]
    NotFound,
    /// A unique name is taken (user, programme slug) or the object already exists.
    #[error("already exists: {0}")]
    Conflict(String),
    /// A plan exists and the write did not say which version it replaces.
    #[error("the plan exists; the write must name the version it replaces")]
    PreconditionRequired,
    /// The write named a version that is no longer the current one.
    #[error("stale write: the current version is {current}")]
    Stale { current: i64 },
    /// The current version is not in the status the operation needs (a frozen plan
    /// cannot be written; the council step needs the board step first …).
    #[error("the current version {version} has status {status}")]
    WrongStatus { version: i64, status: VersionStatus },
    /// The database URL is not one this build understands.
    #[error("unsupported database url {0:?}: use sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
    /// The database failed.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// A read on SQLite's own connections (the hot read path) failed.
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
    /// Running the migrations failed.
    #[error("database migration failed")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// A global role: `admin` manages everything, `observer` reads every programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GlobalRole {
    Admin,
    Observer,
}

/// A role inside one programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProgrammeRole {
    /// Writes plans, records the council step, reopens.
    Editor,
    /// Reads and records the board's decision.
    Board,
    /// Reads.
    Viewer,
}

/// Where a plan version stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VersionStatus {
    /// Unfinished; can be replaced.
    #[serde(rename = "draft")]
    Draft,
    /// Treated by the board; frozen.
    #[serde(rename = "board-approved")]
    BoardApproved,
    /// Approved by the municipal council; frozen.
    #[serde(rename = "approved")]
    Approved,
}

macro_rules! string_enum {
    ($ty:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        impl $ty {
            /// The stored and serialized name.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),* }
            }
            /// Parses the stored name.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($ty::$variant),)* _ => None }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(GlobalRole { Admin = "admin", Observer = "observer" });
string_enum!(ProgrammeRole { Editor = "editor", Board = "board", Viewer = "viewer" });
string_enum!(VersionStatus { Draft = "draft", BoardApproved = "board-approved", Approved = "approved" });

impl VersionStatus {
    /// Whether the version can no longer be replaced.
    pub fn is_frozen(self) -> bool {
        self != VersionStatus::Draft
    }
}

/// A user account (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub global_role: Option<GlobalRole>,
    /// The language the user reads the pages in; `None` until they choose (bokmål).
    /// A setting of the pages, not part of the API's user object.
    #[serde(skip)]
    pub language: Option<plan::Language>,
}

/// One user's role in one programme, for the admin pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub programme_slug: String,
    pub programme_name: String,
    pub user_id: UserId,
    pub user_name: String,
    pub role: ProgrammeRole,
}

/// A programme to create.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub slug: String,
    pub name: String,
    pub area: String,
    pub county: Option<String>,
    pub period_from: i32,
    pub period_to: i32,
}

/// An *omstillingsprogram* as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    #[serde(skip)]
    pub id: ProgrammeId,
    pub slug: String,
    pub name: String,
    pub area: String,
    pub county: Option<String>,
    pub period_from: i32,
    pub period_to: i32,
}

/// A decision by the board or the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// ISO date `YYYY-MM-DD`.
    pub date: String,
    /// The case reference, e.g. `sak 21/39`.
    pub reference: String,
}

/// One saved version of a plan, without its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    pub year: i32,
    pub version: i64,
    pub status: VersionStatus,
    /// Hex SHA-256 of the stored body.
    pub sha256: String,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub board: Option<Decision>,
    pub council: Option<Decision>,
    pub has_pdf: bool,
}

/// One saved version of a plan with its body (canonical plan JSON, spec §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub info: VersionInfo,
    pub body: String,
}

/// Who is asking, for [`PlanStore::read_plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// The holder of the API token with this hash.
    Token(&'a str),
    /// A user already known (from a session).
    User(UserId),
}

/// Everything a read of one plan needs, from one query: the caller, the programme and
/// the caller's role in it, and the plan's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRead {
    pub user: User,
    /// `None` when no programme has the slug.
    pub programme: Option<Programme>,
    /// The caller's role in the programme, when a member.
    pub role: Option<ProgrammeRole>,
    /// The current version, `None` when the programme has no plan for the year.
    pub plan: Option<PlanVersion>,
}

/// A write that changes a plan's status, creating version `expected_version + 1`.
#[derive(Debug, Clone)]
pub struct Transition {
    /// The version the caller looked at; the write fails with [`StoreError::Stale`] otherwise.
    pub expected_version: i64,
    pub kind: TransitionKind,
    /// The new version's body (with the approval dates filled in, or cleared on reopen).
    pub body: String,
    /// The new version's PDF, kept with a frozen version.
    pub pdf: Option<Vec<u8>>,
}

/// Which status change.
#[derive(Debug, Clone)]
pub enum TransitionKind {
    /// The board's decision: draft → board-approved.
    Board(Decision),
    /// The council's decision: board-approved → approved.
    Council(Decision),
    /// A new draft from a frozen version.
    Reopen,
}

/// A session as stored (the id itself is only known to the client; we keep its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: User,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_id: Option<UserId>,
    pub actor: Option<String>,
    pub action: String,
    pub programme: Option<String>,
    pub object: String,
    pub version_before: Option<i64>,
    pub version_after: Option<i64>,
}

/// Hex SHA-256 of some bytes (plan bodies, token and session hashes).
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// The storage of omstilling. Every method is one transaction.
#[async_trait]
pub trait PlanStore: results::ResultStore + Send + Sync + fmt::Debug {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    // --- accounts ---------------------------------------------------------------------

    /// Creates a user; [`StoreError::Conflict`] when the name is taken.
    async fn create_user(
        &self,
        name: &str,
        password_hash: Option<&str>,
        global_role: Option<GlobalRole>,
    ) -> Result<User, StoreError>;
    /// Sets a user's password hash.
    async fn set_password(&self, user_id: UserId, password_hash: &str) -> Result<(), StoreError>;
    /// A user and the stored password hash, by name.
    async fn user_by_name(&self, name: &str) -> Result<Option<(User, Option<String>)>, StoreError>;
    /// Stores the hash of a new API token.
    async fn add_token(&self, user_id: UserId, token_hash: &str) -> Result<(), StoreError>;
    /// The user owning the token with this hash.
    async fn user_by_token(&self, token_hash: &str) -> Result<Option<User>, StoreError>;
    /// Every user, by name.
    async fn users(&self) -> Result<Vec<User>, StoreError>;
    /// Sets the language a user reads the pages in ([`StoreError::NotFound`] for no user).
    async fn set_language(
        &self,
        user_id: UserId,
        language: plan::Language,
    ) -> Result<(), StoreError>;

    // --- sessions and login failures --------------------------------------------------

    async fn create_session(
        &self,
        id_hash: &str,
        user_id: UserId,
        csrf_token: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>, StoreError>;
    async fn touch_session(&self, id_hash: &str, now: OffsetDateTime) -> Result<(), StoreError>;
    async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError>;
    /// Ends every session of `user_id` but the one with `keep_id_hash` (after the user
    /// changed their password); returns how many ended.
    async fn delete_other_sessions(
        &self,
        user_id: UserId,
        keep_id_hash: &str,
    ) -> Result<u64, StoreError>;
    /// Records a failed login for `key` (a user name) and returns how many failures `key`
    /// has had since `since`, this one included.
    async fn record_login_failure(
        &self,
        key: &str,
        now: OffsetDateTime,
        since: OffsetDateTime,
    ) -> Result<i64, StoreError>;
    /// How many failed logins `key` has had since `since`.
    async fn login_failures(&self, key: &str, since: OffsetDateTime) -> Result<i64, StoreError>;
    /// Forgets the failed logins of `key` (after a successful login).
    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError>;

    // --- programmes and members -------------------------------------------------------

    async fn create_programme(
        &self,
        programme: &NewProgramme,
        actor: Option<UserId>,
    ) -> Result<Programme, StoreError>;
    async fn programme(&self, slug: &str) -> Result<Option<Programme>, StoreError>;
    /// Every programme, by slug.
    async fn programmes(&self) -> Result<Vec<Programme>, StoreError>;
    /// The programmes a user is a member of, with the role, by slug.
    async fn memberships(
        &self,
        user_id: UserId,
    ) -> Result<Vec<(Programme, ProgrammeRole)>, StoreError>;
    /// Adds a member or changes the role.
    async fn set_member(
        &self,
        programme_id: ProgrammeId,
        user_id: UserId,
        role: ProgrammeRole,
        actor: Option<UserId>,
    ) -> Result<(), StoreError>;
    async fn member_role(
        &self,
        programme_id: ProgrammeId,
        user_id: UserId,
    ) -> Result<Option<ProgrammeRole>, StoreError>;
    /// Every membership of every programme, by programme slug and user name.
    async fn all_memberships(&self) -> Result<Vec<Membership>, StoreError>;
    /// Removes a member from a programme ([`StoreError::NotFound`] when not a member).
    async fn remove_member(
        &self,
        programme_id: ProgrammeId,
        user_id: UserId,
        actor: Option<UserId>,
    ) -> Result<(), StoreError>;

    // --- plans ------------------------------------------------------------------------

    /// The current version of every plan of a programme, by year.
    async fn plans(&self, programme_id: ProgrammeId) -> Result<Vec<VersionInfo>, StoreError>;
    /// The current version of one plan.
    async fn current_plan(
        &self,
        programme_id: ProgrammeId,
        year: i32,
    ) -> Result<Option<PlanVersion>, StoreError>;
    /// The caller, the programme with the caller's role in it, and the current version of
    /// its plan for `year`, in one query (the hot path of `GET` plan and check).
    /// `Ok(None)` when the caller is unknown (no such token or user). The answer is
    /// shared: a backend may keep it and give it again while it is still true.
    async fn read_plan(
        &self,
        caller: Caller<'_>,
        slug: &str,
        year: i32,
    ) -> Result<Option<Arc<PlanRead>>, StoreError>;
    /// One version of a plan.
    async fn plan_version(
        &self,
        programme_id: ProgrammeId,
        year: i32,
        version: i64,
    ) -> Result<Option<PlanVersion>, StoreError>;
    /// Every version of a plan, oldest first.
    async fn versions(
        &self,
        programme_id: ProgrammeId,
        year: i32,
    ) -> Result<Vec<VersionInfo>, StoreError>;
    /// The PDF kept with a version.
    async fn version_pdf(
        &self,
        programme_id: ProgrammeId,
        year: i32,
        version: i64,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// Saves a draft. `expected: None` creates version 1 (when the plan exists:
    /// [`StoreError::PreconditionRequired`], or [`StoreError::WrongStatus`] when frozen); `Some(n)` writes version `n + 1` if `n` is
    /// current ([`StoreError::Stale`] otherwise, [`StoreError::NotFound`] when there is no
    /// plan, [`StoreError::WrongStatus`] when it is frozen).
    async fn put_plan(
        &self,
        programme_id: ProgrammeId,
        year: i32,
        expected: Option<i64>,
        body: &str,
        actor: UserId,
    ) -> Result<VersionInfo, StoreError>;
    /// Approves or reopens, writing version `expected_version + 1`.
    async fn transition(
        &self,
        programme_id: ProgrammeId,
        year: i32,
        transition: Transition,
        actor: UserId,
    ) -> Result<VersionInfo, StoreError>;

    // --- audit ------------------------------------------------------------------------

    /// Audit entries, oldest first; of one programme, or all.
    async fn audit(&self, programme_id: Option<ProgrammeId>)
    -> Result<Vec<AuditEntry>, StoreError>;
}

/// A shared handle on a store.
pub type Store = Arc<dyn PlanStore>;

/// A write transaction's turn among the writers of this process, where the backend lines
/// them up (SQLite); held until the transaction has ended.
type WriteTurn = Option<tokio::sync::OwnedMutexGuard<()>>;

/// Connects to the database the URL names, creating it (SQLite) and migrating it.
/// `sqlite://FILE`, `sqlite:///ABSOLUTE/FILE`, `sqlite::memory:` or `postgres://…`.
pub async fn connect(url: &str) -> Result<Store, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PostgresStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}
