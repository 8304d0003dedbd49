//! Per-client rate limits (registrations per address, chat turns per account), the
//! client's address as the limits see it (`X-Forwarded-For` from trusted proxies only),
//! and the per-account count of open event streams.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::{AppState, Error};
use crate::config::LimitArgs;

/// Every this many checks a limiter forgets the keys whose limit has fully recovered,
/// so a flood of addresses or accounts does not grow memory.
const PRUNE_EVERY: u64 = 1024;

/// One keyed limit of `n` per minute (bursts of up to `n`), or nothing when off.
struct Limit<K: std::hash::Hash + Eq + Clone> {
    limiter: Option<DefaultKeyedRateLimiter<K>>,
    checks: AtomicU64,
    what: &'static str,
}

impl<K: std::hash::Hash + Eq + Clone> Limit<K> {
    fn per_minute(n: u32, on: bool, what: &'static str) -> Self {
        let quota = NonZeroU32::new(n).map(Quota::per_minute);
        Self { limiter: quota.filter(|_| on).map(RateLimiter::keyed), checks: AtomicU64::new(0), what }
    }

    fn check(&self, key: &K) -> Result<(), Error> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            limiter.retain_recent();
        }
        limiter.check_key(key).map_err(|not_until| {
            // The limiter's own clock: instants of another clock instance do not compare.
            let wait = not_until.wait_time_from(limiter.clock().now()).as_secs().max(1);
            Error::TooManyRequests { what: self.what, retry_after: wait }
        })
    }
}

/// The server's rate limits, built from the settings.
pub struct Limits {
    registrations: Limit<IpAddr>,
    chat_turns: Limit<i64>,
    streams: StreamCounts,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limits(..)")
    }
}

impl Limits {
    pub fn new(args: &LimitArgs) -> Self {
        let on = args.rate_limits.is_on();
        Self {
            registrations: Limit::per_minute(args.registrations_per_minute, on, "too many registrations"),
            chat_turns: Limit::per_minute(args.chat_turns_per_minute, on, "too many messages"),
            streams: StreamCounts { max: args.streams_per_user as usize, open: Arc::default() },
        }
    }

    /// Counts a registration from `addr` (unknown addresses share one budget).
    ///
    /// # Errors
    /// 429 when the address has used up its minute.
    pub fn register(&self, addr: Option<IpAddr>) -> Result<(), Error> {
        self.registrations.check(&addr.unwrap_or(IpAddr::from([0, 0, 0, 0])))
    }

    /// Counts a chat turn of `user_id`.
    ///
    /// # Errors
    /// 429 when the account has used up its minute.
    pub fn chat_turn(&self, user_id: i64) -> Result<(), Error> {
        self.chat_turns.check(&user_id)
    }

    /// A place for one more open event stream of `user_id`, given back when dropped.
    ///
    /// # Errors
    /// 429 when the account has its maximum of streams open.
    pub fn open_stream(&self, user_id: i64) -> Result<StreamSlot, Error> {
        self.streams.open(user_id)
    }
}

/// Open event streams per account.
struct StreamCounts {
    max: usize,
    open: Arc<Mutex<HashMap<i64, usize>>>,
}

impl StreamCounts {
    fn open(&self, user_id: i64) -> Result<StreamSlot, Error> {
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = open.entry(user_id).or_insert(0);
        if *count >= self.max {
            return Err(Error::TooManyRequests {
                what: "too many open event streams for this account",
                retry_after: 5,
            });
        }
        *count += 1;
        Ok(StreamSlot { user_id, open: self.open.clone() })
    }
}

/// One open stream's place in [`StreamCounts`]; dropping it frees the place.
pub struct StreamSlot {
    user_id: i64,
    open: Arc<Mutex<HashMap<i64, usize>>>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.user_id) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.user_id);
            }
        }
    }
}

/// The client's address: the peer's, or, when the peer is a trusted reverse proxy, the
/// address `X-Forwarded-For` gives for the client (the right-most one not itself a
/// trusted proxy, since each proxy appends what it saw and only ours can be believed).
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(peer.map(|peer| client_addr(peer, &parts.headers, &state.config.net.trusted_proxies))))
    }
}

fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> =
        headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).collect();
    for hop in hops.into_iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            // Garbage where the client should be: believe only the peer.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(client_addr(proxy, &headers("198.51.100.1, 203.0.113.7"), &[proxy]), client);
        assert_eq!(client_addr(proxy, &headers("203.0.113.7"), &[]), proxy, "no proxy trusted");
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        assert_eq!(client_addr(other, &headers("203.0.113.7"), &[proxy]), other, "an untrusted peer");
        assert_eq!(client_addr(proxy, &headers("garbage"), &[proxy]), proxy);
        assert_eq!(client_addr(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
