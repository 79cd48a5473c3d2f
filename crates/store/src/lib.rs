//! Storage for omstilling: accounts, programmes, plan versions, sessions and the audit.
//!
//! One trait per concern ([`Accounts`], [`Sessions`], [`Programmes`], [`Documents`],
//! [`Audit`], [`results::ResultStore`], [`calendar::Calendars`], [`mail::Mail`]) behind one [`Database`] (`use store::prelude::*`), with a small matchable
//! error enum, [`StoreError`], and one
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
//! - [`Documents::read_document`] answers as the database is at the moment of the call, also
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

pub mod calendar;
pub mod mail;
pub mod overview;
pub mod postgres;
mod read_cache;
pub mod results;
mod slug;
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
    pub slug: Slug,
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
    pub slug: Slug,
    pub name: String,
    pub area: String,
    pub county: Option<String>,
    pub period_from: i32,
    pub period_to: i32,
}

/// A decision by the board or the council, as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// ISO date `YYYY-MM-DD`.
    pub date: String,
    /// The case reference, e.g. `sak 21/39`.
    pub reference: String,
}

/// One recorded decision: the step (`board`, `council` …), the decision, who recorded it
/// and the version it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepDecision {
    pub step: String,
    #[serde(flatten)]
    pub decision: Decision,
    pub decided_by: Option<UserId>,
    /// The version the decision made (the first version that carries it).
    pub version: i64,
}

/// A kind of document as the store keeps it: the name stored in `documents.kind` and
/// the names its audit entries use (`plan.create` on `plans/2027` for the Handlingsplan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKind {
    /// Stored in `documents.kind`; never changes once data exists.
    pub name: &'static str,
    /// The audit action's prefix (`plan` → `plan.create`, `plan.approve-board`).
    pub audit_action: &'static str,
    /// The audit object's prefix (`plans` → `plans/2027`).
    pub audit_collection: &'static str,
}

/// The yearly Handlingsplan.
pub const HANDLINGSPLAN: DocKind = DocKind {
    name: "handlingsplan",
    audit_action: "plan",
    audit_collection: "plans",
};

/// The programme's Omstillingsplan: one per programme ([`DocKey::single`]), audited
/// `omstillingsplan.create`, `omstillingsplan.approve-board` … on `omstillingsplan`.
pub const OMSTILLINGSPLAN: DocKind = DocKind {
    name: "omstillingsplan",
    audit_action: "omstillingsplan",
    audit_collection: "omstillingsplan",
};

/// Which document of a programme: its kind and its key (a Handlingsplan: the year; a
/// document of which a programme has one: the empty key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocKey {
    pub kind: DocKind,
    pub key: String,
}

impl DocKey {
    pub fn new(kind: DocKind, key: impl Into<String>) -> DocKey {
        DocKey {
            kind,
            key: key.into(),
        }
    }

    /// The one document of its kind in a programme.
    pub fn single(kind: DocKind) -> DocKey {
        DocKey {
            kind,
            key: String::new(),
        }
    }

    /// The Handlingsplan for `year`.
    pub fn handlingsplan(year: i32) -> DocKey {
        DocKey::new(HANDLINGSPLAN, year.to_string())
    }

    /// The audit entry's object: `plans/2027`, or the collection alone for the empty key.
    pub fn audit_object(&self) -> String {
        if self.key.is_empty() {
            self.kind.audit_collection.to_owned()
        } else {
            format!("{}/{}", self.kind.audit_collection, self.key)
        }
    }

    /// The audit entry's action: `plan.create`, `plan.approve-board` …
    pub fn audit_action(&self, what: &str) -> String {
        format!("{}.{what}", self.kind.audit_action)
    }
}

/// One saved version of a document, without its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    /// The document's key (a Handlingsplan: its year).
    pub key: String,
    pub version: i64,
    pub status: VersionStatus,
    /// Hex SHA-256 of the stored body.
    pub sha256: String,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The decisions that hold for this version (made since the last draft), oldest first.
    pub decisions: Vec<StepDecision>,
    pub has_pdf: bool,
}

impl VersionInfo {
    /// The decision of `step` that holds for this version.
    pub fn decision(&self, step: &str) -> Option<&Decision> {
        self.decisions
            .iter()
            .find(|d| d.step == step)
            .map(|d| &d.decision)
    }

    /// The key as a year (a Handlingsplan's).
    pub fn year(&self) -> Option<i32> {
        self.key.parse().ok()
    }
}

/// One saved version of a document with its body (a Handlingsplan: canonical plan JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersion {
    pub info: VersionInfo,
    pub body: String,
}

/// Who is asking, for [`Documents::read_document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    /// The holder of the API token with this hash.
    Token(&'a str),
    /// A user already known (from a session).
    User(UserId),
}

/// Everything a read of one document needs, from one query: the caller, the programme
/// and the caller's role in it, and the document's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRead {
    pub user: User,
    /// `None` when no programme has the slug.
    pub programme: Option<Programme>,
    /// The caller's role in the programme, when a member.
    pub role: Option<ProgrammeRole>,
    /// The current version, `None` when the programme has no such document.
    pub plan: Option<PlanVersion>,
}

/// A write that changes a document's status, creating version `expected_version + 1`.
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

/// Which status change. What a step needs and makes is the document kind's rule; the
/// store checks the status the caller names and writes it.
#[derive(Debug, Clone)]
pub enum TransitionKind {
    /// A decision of `step`, allowed when the current status is `from`, making `to`
    /// (audited as `{kind}.approve-{step}`).
    Decide {
        step: String,
        decision: Decision,
        from: VersionStatus,
        to: VersionStatus,
    },
    /// A new draft from a frozen version.
    Reopen,
}

impl TransitionKind {
    /// The board's decision on a Handlingsplan: draft → board-approved.
    pub fn board(decision: Decision) -> TransitionKind {
        TransitionKind::Decide {
            step: "board".to_owned(),
            decision,
            from: VersionStatus::Draft,
            to: VersionStatus::BoardApproved,
        }
    }

    /// The council's decision on a Handlingsplan: board-approved → approved.
    pub fn council(decision: Decision) -> TransitionKind {
        TransitionKind::Decide {
            step: "council".to_owned(),
            decision,
            from: VersionStatus::BoardApproved,
            to: VersionStatus::Approved,
        }
    }
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
    /// The client's address, on security events (logins, failed logins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
}

/// An API token as its owner and the admins see it: never its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenInfo {
    /// The public id (12 hex digits) that lists show and a revocation names.
    pub id: String,
    pub user_id: UserId,
    pub user_name: String,
    pub label: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Recorded on use, at most once per [`TOKEN_USE_RECORDED_EVERY`].
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

impl TokenInfo {
    /// Whether the token no longer lets anyone in at `now`.
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        token_expired(self.expires_at, now)
    }
}

/// Whether a token with this expiry is expired at `now` (the expiry itself is the first
/// moment it no longer works).
pub fn token_expired(expires_at: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    expires_at.is_some_and(|at| at <= now)
}

/// The last use of a token is written when the one recorded is older than this, so a
/// busy token costs one write a minute, not one per request.
pub const TOKEN_USE_RECORDED_EVERY: time::Duration = time::Duration::minutes(1);

/// A token to store.
#[derive(Debug, Clone, Copy)]
pub struct NewToken<'a> {
    pub user_id: UserId,
    /// SHA-256 of the token (the token itself is only shown once, to its owner).
    pub token_hash: &'a str,
    pub label: Option<&'a str>,
    pub expires_at: Option<OffsetDateTime>,
}

/// The public id of the token with this hash: 12 hex digits of a SHA-256 of the hash, so
/// neither the token nor its stored hash can be read from it.
pub fn token_public_id(token_hash: &str) -> String {
    sha256_hex(format!("omstilling-token-id:{token_hash}").as_bytes())[..12].to_owned()
}

/// A security event for the audit, outside any programme (`auth.login`,
/// `auth.login-failed`, `auth.logout`, `user.password` …). Never a password or a token.
#[derive(Debug, Clone, Copy)]
pub struct SecurityEvent<'a> {
    pub actor: Option<UserId>,
    pub action: &'a str,
    /// What it concerns, e.g. `users/kari` (for a failed login: the name tried).
    pub object: &'a str,
    /// The client's address, when known.
    pub client: Option<&'a str>,
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

/// User accounts and API tokens.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates a user; [`StoreError::Conflict`] when the name is taken.
    async fn create_user(
        &self,
        name: &str,
        password_hash: Option<&str>,
        global_role: Option<GlobalRole>,
        now: OffsetDateTime,
    ) -> Result<User, StoreError>;
    /// Sets a user's password hash.
    async fn set_password(&self, user_id: UserId, password_hash: &str) -> Result<(), StoreError>;
    /// A user and the stored password hash, by name.
    async fn user_by_name(&self, name: &str) -> Result<Option<(User, Option<String>)>, StoreError>;
    /// Stores the hash of a new API token without a label or expiry.
    async fn add_token(
        &self,
        user_id: UserId,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let token = NewToken {
            user_id,
            token_hash,
            label: None,
            expires_at: None,
        };
        self.create_token(&token, None, now).await.map(|_| ())
    }
    /// Stores a new API token (audited as `token.create` on `users/{user}/tokens/{id}`);
    /// [`StoreError::NotFound`] when the user does not exist.
    async fn create_token(
        &self,
        token: &NewToken<'_>,
        actor: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<TokenInfo, StoreError>;
    /// The tokens of one user, or of everyone, oldest first (expired ones included).
    async fn tokens(&self, user_id: Option<UserId>) -> Result<Vec<TokenInfo>, StoreError>;
    /// Revokes (deletes) the token with public id `id`, of `owner` when given (audited as
    /// `token.revoke`); [`StoreError::NotFound`] when there is no such token.
    async fn revoke_token(
        &self,
        owner: Option<UserId>,
        id: &str,
        actor: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<TokenInfo, StoreError>;
    /// The user a request with this token acts as: `None` when no token has the hash or it
    /// has expired. Records the use when the last one recorded is older than
    /// [`TOKEN_USE_RECORDED_EVERY`].
    async fn use_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<User>, StoreError>;
    /// The user owning the token with this hash, whatever its expiry (authentication goes
    /// through [`Accounts::use_token`]).
    async fn user_by_token(&self, token_hash: &str) -> Result<Option<User>, StoreError>;
    /// Every user, by name.
    async fn users(&self) -> Result<Vec<User>, StoreError>;
    /// Sets the language a user reads the pages in ([`StoreError::NotFound`] for no user).
    async fn set_language(
        &self,
        user_id: UserId,
        language: plan::Language,
    ) -> Result<(), StoreError>;
}

/// Sessions and the failed logins the rate limit counts.
#[async_trait]
pub trait Sessions: Send + Sync {
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
}

/// Programmes and their members.
#[async_trait]
pub trait Programmes: Send + Sync {
    async fn create_programme(
        &self,
        programme: &NewProgramme,
        actor: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<Programme, StoreError>;
    async fn programme(&self, slug: &Slug) -> Result<Option<Programme>, StoreError>;
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
        now: OffsetDateTime,
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
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
}

/// Versioned, approvable documents of any kind, addressed by programme and [`DocKey`].
#[async_trait]
pub trait Documents: Send + Sync {
    /// The current version of every document of `kind` in a programme, by key.
    async fn documents(
        &self,
        programme_id: ProgrammeId,
        kind: DocKind,
    ) -> Result<Vec<VersionInfo>, StoreError>;
    /// The current version of one document.
    async fn current(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
    ) -> Result<Option<PlanVersion>, StoreError>;
    /// The caller, the programme with the caller's role in it, and the current version of
    /// its document `doc`, in one query (the hot path of `GET` plan and check).
    /// `Ok(None)` when the caller is unknown (no such token or user). The answer is
    /// shared: a backend may keep it and give it again while it is still true.
    async fn read_document(
        &self,
        caller: Caller<'_>,
        slug: &Slug,
        doc: &DocKey,
    ) -> Result<Option<Arc<PlanRead>>, StoreError>;
    /// One version of a document.
    async fn version(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
        version: i64,
    ) -> Result<Option<PlanVersion>, StoreError>;
    /// Every version of a document, oldest first.
    async fn versions(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
    ) -> Result<Vec<VersionInfo>, StoreError>;
    /// The PDF kept with a version.
    async fn version_pdf(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
        version: i64,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// Saves a draft. `expected: None` creates version 1 (when the document exists:
    /// [`StoreError::PreconditionRequired`], or [`StoreError::WrongStatus`] when frozen);
    /// `Some(n)` writes version `n + 1` if `n` is current ([`StoreError::Stale`] otherwise,
    /// [`StoreError::NotFound`] when there is no document, [`StoreError::WrongStatus`] when
    /// it is frozen). Audited as `{kind}.create` / `{kind}.update`.
    async fn put(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
        expected: Option<i64>,
        body: &str,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<VersionInfo, StoreError>;
    /// Deletes a document that never had a decision (a draft year started by mistake):
    /// its versions and the document, in one transaction, audited `{kind}.delete` with
    /// `version_before` = the current version. `expected`: the current version
    /// ([`StoreError::Stale`] otherwise); [`StoreError::NotFound`] when there is no such
    /// document; [`StoreError::WrongStatus`] when any version was ever decided (frozen now,
    /// or reopened after a decision). The database's triggers refuse to delete a version
    /// of a document with decisions.
    async fn delete_draft(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
        expected: i64,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Records a decision or reopens, writing version `expected_version + 1`.
    async fn transition(
        &self,
        programme_id: ProgrammeId,
        doc: &DocKey,
        transition: Transition,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<VersionInfo, StoreError>;
}

/// The append-only audit (entries are written by the other traits' writes).
#[async_trait]
pub trait Audit: Send + Sync {
    /// Audit entries, oldest first; of one programme, or all.
    async fn audit(&self, programme_id: Option<ProgrammeId>)
    -> Result<Vec<AuditEntry>, StoreError>;
    /// Appends a security event (no programme).
    async fn record_event(
        &self,
        event: &SecurityEvent<'_>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError>;
}

/// Every concern of the storage of omstilling, on one backend. Every method is one
/// transaction. A new concern adds its own trait here.
pub trait Database:
    Accounts
    + Sessions
    + Programmes
    + Documents
    + Audit
    + results::ResultStore
    + calendar::Calendars
    + mail::Mail
    + overview::OverviewStore
    + fmt::Debug
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}

/// The traits, to call the store's methods: `use store::prelude::*;`.
pub use slug::{Slug, SlugError};

pub mod prelude {
    pub use crate::mail::Mail;
    pub use crate::overview::OverviewStore;
    pub use crate::{Accounts, Audit, Database, Documents, Programmes, Sessions};
}

/// A shared handle on a store.
pub type Store = Arc<dyn Database>;

/// A time as the store keeps it: to the microsecond (what PostgreSQL keeps), so a
/// returned value equals the stored one.
pub(crate) fn stored_time(now: OffsetDateTime) -> OffsetDateTime {
    now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

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
