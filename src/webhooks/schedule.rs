//! When a failed delivery is tried again: exponential backoff from the first retry
//! delay, doubling up to a cap, each delay shortened by a random part ("equal jitter":
//! between half and all of it) so that endpoints coming back do not get every retry at
//! once; and a last attempt when the retry period (24 h) ends, after which the delivery
//! is marked failed. Pure: the time and the random draw are passed in.

use std::time::Duration;

/// The retry policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    /// The delay before the first retry (before jitter).
    pub first: Duration,
    /// No delay is longer than this.
    pub cap: Duration,
    /// How long after the first attempt (or a replay) retries go on.
    pub give_up_after: Duration,
}

/// The default cap between two attempts.
pub const CAP: Duration = Duration::from_secs(3600);

impl Schedule {
    /// The delay before retry number `failures` (1 after the first failed attempt), with
    /// `jitter` in `0.0..=1.0` (0: half the delay, 1: all of it).
    pub fn delay(&self, failures: u32, jitter: f64) -> Duration {
        let doubled = self.first.saturating_mul(1u32 << failures.saturating_sub(1).min(20));
        let full = doubled.min(self.cap);
        full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }

    /// When to try again after `failures` failed attempts at `now_ms`, counting the retry
    /// period from `since_ms`; `None`: give up. The last retry is made when the period
    /// ends, however far the backoff had got.
    pub fn retry_at(&self, failures: u32, since_ms: i64, now_ms: i64, jitter: f64) -> Option<i64> {
        let deadline = since_ms.saturating_add(millis(self.give_up_after));
        if now_ms >= deadline {
            return None;
        }
        Some(now_ms.saturating_add(millis(self.delay(failures, jitter))).min(deadline))
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_MS: i64 = 24 * 3600 * 1000;

    fn standard() -> Schedule {
        Schedule { first: Duration::from_secs(10), cap: CAP, give_up_after: Duration::from_secs(24 * 3600) }
    }

    #[test]
    fn delays_double_from_the_first_up_to_the_cap_and_jitter_takes_off_at_most_half() {
        let s = standard();
        let full: Vec<u64> = (1..=11).map(|n| s.delay(n, 1.0).as_secs()).collect();
        assert_eq!(full, [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]);
        assert_eq!(s.delay(1, 0.0), Duration::from_secs(5));
        assert_eq!(s.delay(4, 0.5), Duration::from_secs(60));
        assert_eq!(s.delay(500, 1.0), CAP, "no overflow however many failures");
    }

    #[test]
    fn retries_go_on_for_the_period_with_a_last_one_at_its_end_then_stop() {
        let s = standard();
        let since = 1_000_000;
        assert_eq!(s.retry_at(1, since, since, 1.0), Some(since + 10_000));
        // Late in the period the hourly retry is brought forward to the deadline.
        let late = since + DAY_MS - 600_000;
        assert_eq!(s.retry_at(12, since, late, 1.0), Some(since + DAY_MS));
        assert_eq!(s.retry_at(13, since, since + DAY_MS, 1.0), None);
        // Simulated failing endpoint: count the attempts a day holds.
        let (mut now, mut failures) = (since, 0);
        while let Some(at) = s.retry_at(failures + 1, since, now, 1.0) {
            failures += 1;
            now = at;
        }
        assert_eq!(now, since + DAY_MS);
        assert_eq!(failures, 32, "attempts after the first in 24 h without jitter");
    }
}
