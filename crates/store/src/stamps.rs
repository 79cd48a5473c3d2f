//! One query for the database's stamp on behalf of every read that waits for one.
//!
//! A read may use a stamp only if the query that fetched it *began after the read asked*:
//! then the stamp reflects every commit that had ended before, so a write answered through
//! one server is seen by the next read through any other. Reads that ask while a query is
//! running wait for the next one, which starts as soon as the running one ends and answers
//! all of them; at most one such query is in flight. Under load, one round trip serves a
//! batch of reads instead of one each.

use std::future::Future;
use std::sync::{Mutex, PoisonError};

use tokio::sync::Notify;

/// The shared state of the stamp queries.
#[derive(Debug, Default)]
pub(crate) struct Stamps {
    state: Mutex<State>,
    /// Woken when a query ends (answered, failed or cancelled).
    ended: Notify,
}

#[derive(Debug, Default)]
struct State {
    /// How many queries have begun; the number of the latest.
    begun: u64,
    /// Whether one is in flight.
    running: bool,
    /// The number and the stamp of the latest query that answered.
    answered: Option<(u64, String)>,
}

/// Ends the running query when dropped, also when the read that runs it is cancelled
/// (a client that goes away), so that a waiting read takes over.
struct Running<'a>(&'a Stamps);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.lock().running = false;
        self.0.ended.notify_waiters();
    }
}

impl Stamps {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The stamp from a query (`ask`) that began after this call: the one this call runs,
    /// or the one another waiting read runs. An error is the error of the query this call ran.
    pub(crate) async fn now<F, Fut, E>(&self, ask: F) -> Result<String, E>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<String, E>>,
    {
        // Queries numbered above this one begin after now.
        let ticket = self.lock().begun + 1;
        loop {
            let ended = self.ended.notified();
            tokio::pin!(ended);
            // Registered before looking, so that an end between the look and the wait
            // still wakes this read.
            ended.as_mut().enable();
            let number = {
                let mut state = self.lock();
                if let Some((number, stamp)) = &state.answered
                    && *number >= ticket
                {
                    return Ok(stamp.clone());
                }
                if state.running {
                    None
                } else {
                    state.running = true;
                    state.begun += 1;
                    Some(state.begun)
                }
            };
            let Some(number) = number else {
                ended.await;
                continue;
            };
            let running = Running(self);
            let answer = ask().await;
            if let Ok(stamp) = &answer {
                let mut state = self.lock();
                if state.answered.as_ref().is_none_or(|(n, _)| *n < number) {
                    state.answered = Some((number, stamp.clone()));
                }
            }
            drop(running);
            return answer;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    /// A query that answers with its own number (counted as it begins) after `delay`.
    fn counting(
        asked: &Arc<AtomicU64>,
        delay: Duration,
    ) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = Result<String, ()>> + Send>> + use<>
    {
        let asked = asked.clone();
        move || {
            let number = asked.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                tokio::time::sleep(delay).await;
                Ok(number.to_string())
            })
        }
    }

    /// Every read gets the stamp of a query that began after it asked, and many reads at
    /// once share few queries.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_stamp_comes_from_a_query_begun_after_the_read_asked() {
        let stamps = Arc::new(Stamps::default());
        let asked = Arc::new(AtomicU64::new(0));
        let mut reads = Vec::new();
        for i in 0..200u64 {
            let stamps = stamps.clone();
            let asked = asked.clone();
            reads.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_micros(i * 150)).await;
                let begun_before = asked.load(Ordering::SeqCst);
                let ask = counting(&asked, Duration::from_millis(2));
                let stamp: u64 = stamps.now(ask).await.unwrap().parse().unwrap();
                assert!(
                    stamp > begun_before,
                    "read {i} got the stamp of query {stamp}, begun before it asked \
                     ({begun_before} had begun)"
                );
            }));
        }
        for read in reads {
            read.await.unwrap();
        }
        let queries = asked.load(Ordering::SeqCst);
        assert!(
            (2..100).contains(&queries),
            "{queries} queries for 200 reads"
        );
    }

    /// A read that runs the query and is cancelled hands over to a waiting read; a failed
    /// query fails only the read that ran it.
    #[tokio::test]
    async fn a_cancelled_or_failed_query_hands_over() {
        let stamps = Stamps::default();
        let asked = Arc::new(AtomicU64::new(0));
        let slow = counting(&asked, Duration::from_secs(3600));
        let cancelled = tokio::time::timeout(Duration::from_millis(20), stamps.now(slow)).await;
        assert!(cancelled.is_err());
        let failing = || async { Err::<String, &str>("down") };
        assert_eq!(stamps.now(failing).await, Err("down"));
        let quick = counting(&asked, Duration::from_millis(1));
        let stamp = tokio::time::timeout(Duration::from_secs(5), stamps.now(quick))
            .await
            .expect("not stuck behind the cancelled query");
        assert_eq!(stamp, Ok("2".to_owned()));
    }
}
