//! `read_document`'s answers, kept while the database is unchanged.
//!
//! Each answer is kept with the database's *stamp* read before (or with) its query; it is
//! given again only while a stamp read now is the same, that is, while nothing has been
//! committed since: no process may have changed a token, a membership, a programme or a
//! plan in between. An answer is a function of the database alone (the query reads no
//! clock), so such an answer is exactly what the query would give now. What a stamp is
//! belongs to the backend: SQLite's WAL-index header, PostgreSQL's current snapshot.
//!
//! A hit takes no lock that another hit waits for (read locks only), allocates nothing
//! (the key is borrowed) and copies nothing (the answer is shared).

use std::hash::RandomState;
#[cfg(test)]
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use hashbrown::HashMap;

use crate::{Caller, DocKey, PlanRead, UserId};

/// How many answers a [`ReadCache`] keeps; when full it starts again empty.
const CACHED_READS: usize = 1024;

/// The answers, by what they were asked with, each with the stamp `S` it is true for.
#[derive(Debug)]
pub(crate) struct ReadCache<S> {
    entries: RwLock<HashMap<ReadKey, (S, Arc<PlanRead>), RandomState>>,
    /// Answers given from the cache (counted in tests only: one counter shared by every
    /// thread would be written on every hit).
    #[cfg(test)]
    hits: AtomicU64,
}

impl<S> Default for ReadCache<S> {
    fn default() -> Self {
        ReadCache {
            entries: RwLock::new(HashMap::default()),
            #[cfg(test)]
            hits: AtomicU64::new(0),
        }
    }
}

impl<S: PartialEq> ReadCache<S> {
    /// The answer kept for `query`, if it was read at `stamp`.
    pub(crate) fn get(&self, query: &ReadQuery<'_>, stamp: &S) -> Option<Arc<PlanRead>> {
        let kept = {
            let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
            match entries.get(query) {
                Some((kept, read)) if kept == stamp => read.clone(),
                _ => return None,
            }
        };
        #[cfg(test)]
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(kept)
    }

    /// Whether an answer is kept for `query`, whatever its stamp.
    pub(crate) fn has(&self, query: &ReadQuery<'_>) -> bool {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(query)
    }

    /// Keeps `read`, the answer to `query` at `stamp`.
    pub(crate) fn put(&self, query: &ReadQuery<'_>, stamp: S, read: Arc<PlanRead>) {
        let key = query.to_key();
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CACHED_READS {
            entries.clear();
        }
        entries.insert(key, (stamp, read));
    }

    /// How many answers were given from the cache.
    #[cfg(test)]
    pub(crate) fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }
}

/// What a kept answer was asked with: the caller (owned), the slug, the kind and the key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ReadKey {
    caller: OwnedCaller,
    slug: String,
    kind: String,
    key: String,
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
pub(crate) struct ReadQuery<'a> {
    caller: BorrowedCaller<'a>,
    slug: &'a str,
    kind: &'a str,
    key: &'a str,
}

#[derive(Debug, Clone, Copy, Hash)]
enum BorrowedCaller<'a> {
    Token(&'a str),
    User(UserId),
}

impl<'a> ReadQuery<'a> {
    pub(crate) fn new(caller: Caller<'a>, slug: &'a str, doc: &'a DocKey) -> ReadQuery<'a> {
        let caller = match caller {
            Caller::Token(hash) => BorrowedCaller::Token(hash),
            Caller::User(id) => BorrowedCaller::User(id),
        };
        ReadQuery {
            caller,
            slug,
            kind: doc.kind.name,
            key: &doc.key,
        }
    }

    fn to_key(self) -> ReadKey {
        let caller = match self.caller {
            BorrowedCaller::Token(hash) => OwnedCaller::Token(hash.to_owned()),
            BorrowedCaller::User(id) => OwnedCaller::User(id),
        };
        ReadKey {
            caller,
            slug: self.slug.to_owned(),
            kind: self.kind.to_owned(),
            key: self.key.to_owned(),
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
        caller && self.slug == key.slug && self.kind == key.kind && self.key == key.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A borrowed query finds exactly the key it stands for: same hash, equivalent, and
    /// not equivalent to a key that differs in any one field.
    #[test]
    fn borrowed_queries_find_their_own_key_only() {
        use hashbrown::Equivalent as _;
        use std::hash::BuildHasher as _;
        let hasher = RandomState::new();
        let (y2027, y2028) = (DocKey::handlingsplan(2027), DocKey::handlingsplan(2028));
        let other_kind = DocKey::new(
            crate::DocKind {
                name: "note",
                audit_action: "note",
                audit_collection: "notes",
            },
            "2027",
        );
        let queries = [
            ReadQuery::new(Caller::Token("abc"), "p", &y2027),
            ReadQuery::new(Caller::Token("abc"), "q", &y2027),
            ReadQuery::new(Caller::Token("abc"), "p", &y2028),
            ReadQuery::new(Caller::Token("abc"), "p", &other_kind),
            ReadQuery::new(Caller::Token("abd"), "p", &y2027),
            ReadQuery::new(Caller::User(7), "p", &y2027),
            ReadQuery::new(Caller::User(8), "p", &y2027),
        ];
        for (i, query) in queries.iter().enumerate() {
            let key = query.to_key();
            assert_eq!(hasher.hash_one(query), hasher.hash_one(&key), "{query:?}");
            for (j, other) in queries.iter().enumerate() {
                assert_eq!(other.equivalent(&key), i == j, "{other:?} against {key:?}");
            }
        }
        let mut map: HashMap<ReadKey, usize, RandomState> = HashMap::default();
        for (i, query) in queries.iter().enumerate() {
            map.insert(query.to_key(), i);
        }
        for (i, query) in queries.iter().enumerate() {
            assert_eq!(map.get(query), Some(&i));
        }
    }
}

/// The test both backends' caches pass: `ours` serves the reads; `other` stands for another
/// process on the same database (`omstilling member add`, a second server).
#[cfg(test)]
pub(crate) mod sees_every_commit {
    use crate::prelude::*;
    use crate::{Caller, DocKey, ProgrammeRole};
    use time::OffsetDateTime;

    /// The programme `p` the tests read.
    pub(crate) fn programme() -> crate::NewProgramme {
        crate::NewProgramme {
            slug: "p".parse().unwrap(),
            name: "P".to_owned(),
            area: "A".to_owned(),
            county: None,
            period_from: 2025,
            period_to: 2030,
        }
    }

    /// What `read_plan` answers for a token: (role, current version, body).
    async fn seen(
        store: &dyn Database,
        token: &str,
    ) -> Option<(Option<ProgrammeRole>, Option<i64>, Option<String>)> {
        store
            .read_document(
                Caller::Token(token),
                &"p".parse().unwrap(),
                &DocKey::handlingsplan(2027),
            )
            .await
            .unwrap()
            .map(|read| {
                let plan = read.plan.as_ref();
                (
                    read.role,
                    plan.map(|v| v.info.version),
                    plan.map(|v| v.body.clone()),
                )
            })
    }

    /// Every read after each commit by `other` (a version, a role, a membership) and by a
    /// bare connection (`delete_token` deletes the token `hash-1` as any other program
    /// would) sees it; only a read with nothing committed in between comes from the
    /// cache, which `hits` counts.
    pub(crate) async fn check(
        ours: &dyn Database,
        other: &dyn Database,
        hits: &dyn Fn() -> u64,
        delete_token: impl std::future::Future<Output = ()>,
    ) {
        let now = OffsetDateTime::now_utc();
        let plan = DocKey::handlingsplan(2027);
        let user = other.create_user("ann", None, None, now).await.unwrap();
        other.add_token(user.id, "hash-1", now).await.unwrap();
        let p = other
            .create_programme(&programme(), None, now)
            .await
            .unwrap();
        other
            .set_member(p.id, user.id, ProgrammeRole::Editor, None, now)
            .await
            .unwrap();
        other
            .put(p.id, &plan, None, "{\"n\": 1}", user.id, now)
            .await
            .unwrap();

        // After each commit: the first read is a full one (hits unchanged), and a read
        // with nothing committed since comes from the cache. On a PostgreSQL server that
        // other tests write to, that may take a few tries: any commit anywhere makes a miss.
        let after_commit =
            async |expected: Option<(Option<ProgrammeRole>, Option<i64>, Option<String>)>,
                   what: &str| {
                let before = hits();
                assert_eq!(seen(ours, "hash-1").await, expected, "{what}");
                assert_eq!(
                    hits(),
                    before,
                    "{what}: a commit makes the kept answer unusable"
                );
                for _ in 0..50 {
                    let before = hits();
                    assert_eq!(seen(ours, "hash-1").await, expected, "{what}");
                    if hits() > before {
                        return;
                    }
                }
                panic!("{what}: asked again, never from the cache");
            };
        let member = |role, version: i64| {
            Some((
                Some(role),
                Some(version),
                Some(format!("{{\"n\": {version}}}")),
            ))
        };
        after_commit(member(ProgrammeRole::Editor, 1), "the first version").await;
        // A new version written by the other store.
        other
            .put(p.id, &plan, Some(1), "{\"n\": 2}", user.id, now)
            .await
            .unwrap();
        after_commit(member(ProgrammeRole::Editor, 2), "a new version").await;
        // A role changed, then the membership removed, by the other store.
        other
            .set_member(p.id, user.id, ProgrammeRole::Viewer, None, now)
            .await
            .unwrap();
        after_commit(member(ProgrammeRole::Viewer, 2), "a role changed").await;
        other.remove_member(p.id, user.id, None, now).await.unwrap();
        let removed = Some((None, Some(2), Some("{\"n\": 2}".to_owned())));
        after_commit(removed, "the membership removed").await;
        delete_token.await;
        assert_eq!(seen(ours, "hash-1").await, None);
    }
}
