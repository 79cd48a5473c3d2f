//! The clock, read at the edge: handlers take the time here and hand it to the store,
//! which never reads a clock itself.

use time::OffsetDateTime;

/// Now, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
