//! How far back an endpoint's cursor is read again on a backend where event ids do not
//! commit in order (MySQL, Galera): a row can become visible after the cursor passed
//! its id. The trail remembers where the cursor stood over the last [`HORIZON`] of
//! time; ids above where it stood that long ago are still compared with the
//! deliveries. After a start, the last [`LOOKBACK`] ids below the stored cursor are
//! watched too (a row may have committed late while no process was running). The
//! same horizon as the live stream's (`http::events::HORIZON`). Pure: the clock is
//! passed in.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How long after the cursor passed an id its row may still commit and be delivered.
pub const HORIZON: Duration = Duration::from_secs(60);
/// Ids below the stored cursor watched after a start.
pub const LOOKBACK: i64 = 1000;

/// Where one endpoint's cursor stood, oldest first.
#[derive(Debug)]
pub struct Trail {
    marks: VecDeque<(Instant, i64)>,
}

impl Trail {
    /// A trail for a cursor read from the database at `now`.
    pub fn new(now: Instant, cursor: i64) -> Self {
        Self { marks: VecDeque::from([(now, (cursor - LOOKBACK).max(0))]) }
    }

    /// The cursor stands at `cursor` at `now`.
    pub fn mark(&mut self, now: Instant, cursor: i64) {
        if !matches!(self.marks.back(), Some(&(_, last)) if last >= cursor) {
            self.marks.push_back((now, cursor));
        }
        // Marks past the horizon count only through the newest of them.
        while self.marks.len() > 1 && self.marks.get(1).is_some_and(|&(when, _)| now.duration_since(when) >= HORIZON) {
            self.marks.pop_front();
        }
    }

    /// The id above which rows are read again: where the cursor stood a horizon ago
    /// (or the start's look-back, until a horizon has passed).
    pub fn low(&self, now: Instant) -> i64 {
        match self.marks.front() {
            Some(&(when, cursor)) if now.duration_since(when) >= HORIZON => {
                // The newest mark at least a horizon old.
                self.marks.iter().rev().find(|(w, _)| now.duration_since(*w) >= HORIZON).map_or(cursor, |m| m.1)
            }
            Some(&(_, cursor)) => cursor,
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_again_for_a_horizon_after_the_cursor_passed_them() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut trail = Trail::new(t0, 5000);
        assert_eq!(trail.low(t0), 4000, "after a start: the look-back below the stored cursor");
        trail.mark(at(10), 5100);
        trail.mark(at(30), 5300);
        assert_eq!(trail.low(at(59)), 4000);
        assert_eq!(trail.low(at(60)), 4000, "the start's mark is a horizon old: still its look-back");
        trail.mark(at(70), 5400);
        assert_eq!(trail.low(at(70)), 5100, "the cursor stood at 5100 at 10 s, a horizon before 70 s");
        trail.mark(at(95), 5400);
        assert_eq!(trail.low(at(95)), 5300);
        trail.mark(at(200), 5400);
        assert_eq!(trail.low(at(200)), 5400, "a cursor that did not move settles what it passed");
    }

    #[test]
    fn a_small_cursor_looks_back_to_zero() {
        assert_eq!(Trail::new(Instant::now(), 12).low(Instant::now()), 0);
    }
}
