//! The check objects of plan bodies already checked, by the SHA-256 of the body.
//!
//! A check (spec §3) is a function of the plan body alone: it does not depend on the date,
//! on the caller or on anything else stored, so an entry keyed by the body's hash never
//! goes stale and needs no invalidation. Each server process keeps its own (several
//! processes on one PostgreSQL each compute what they have not seen), so the server stays
//! stateless in the sense that matters: nothing it remembers changes any answer.
//! `GET …/check` of an unchanged plan then costs the database read, not an evaluation.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

/// How many bodies' checks are kept; when full, the memo starts again empty.
pub const CAPACITY: usize = 256;

/// Check objects as JSON bytes, by the hex SHA-256 of the plan body.
#[derive(Debug, Default)]
pub struct CheckMemo {
    entries: Mutex<HashMap<String, Bytes>>,
}

impl CheckMemo {
    /// The memoised value for `sha256`, or `compute()`'s, remembered when it succeeds.
    pub fn get_or_try_insert<E>(
        &self,
        sha256: &str,
        compute: impl FnOnce() -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        if let Some(found) = self.lock().get(sha256) {
            return Ok(found.clone());
        }
        // Computed outside the lock: two requests may both compute a new body's check once.
        let value = compute()?;
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(sha256.to_owned(), value.clone());
        Ok(value)
    }

    /// How many checks are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Bytes>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_body_and_stays_bounded() {
        let memo = CheckMemo::default();
        let mut calls = 0;
        for _ in 0..3 {
            let value = memo
                .get_or_try_insert::<()>("a", || {
                    calls += 1;
                    Ok(Bytes::from_static(b"A"))
                })
                .unwrap();
            assert_eq!(value, "A");
        }
        assert_eq!(calls, 1);
        let b = memo
            .get_or_try_insert::<()>("b", || Ok(Bytes::from_static(b"B")))
            .unwrap();
        assert_eq!(b, "B");
        // A failure is not remembered.
        assert_eq!(memo.get_or_try_insert("c", || Err("no")), Err("no"));
        assert_eq!(memo.len(), 2);
        for n in 0..CAPACITY * 2 {
            memo.get_or_try_insert::<()>(&n.to_string(), || Ok(Bytes::new()))
                .unwrap();
            assert!(memo.len() <= CAPACITY);
        }
    }
}
