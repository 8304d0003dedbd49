//! How an order reaches the customer, and when: pickup or delivery (with the address,
//! postcode or zone and a phone for the driver), the order's note, the requested time
//! (as soon as possible or a time of day) and the kitchen's estimate of when it will
//! be ready. Pure types and arithmetic; the shop's rules that check them live in
//! `catalog::shop`, and the clock is always passed in.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest order note, in characters ("ring the bell, the flat is round the back").
pub const MAX_NOTE_CHARS: usize = 500;
/// The longest note on one line ("well done", "cut in squares").
pub const MAX_LINE_NOTE_CHARS: usize = 200;
/// The longest delivery address, in characters.
pub const MAX_ADDRESS_CHARS: usize = 200;
/// The longest postcode or zone name.
pub const MAX_POSTCODE_CHARS: usize = 16;
/// The longest phone number as typed (digits, spaces, `+`, `-`, brackets).
pub const MAX_PHONE_CHARS: usize = 32;

/// Pickup at the counter or delivery to an address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Pickup,
    Delivery,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Pickup, Mode::Delivery];

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Pickup => "pickup",
            Mode::Delivery => "delivery",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A time of day in the shop's own time, in minutes after midnight (0..1440).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const MINUTES_PER_DAY: u16 = 24 * 60;

    /// `None` outside a day.
    pub fn from_minutes(minutes: u16) -> Option<Self> {
        (minutes < Self::MINUTES_PER_DAY).then_some(Self(minutes))
    }

    /// "19:30", "7:30", "07:05".
    pub fn parse(s: &str) -> Option<Self> {
        let (h, m) = s.trim().split_once(':')?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(Self(h * 60 + m))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// When the customer wants the order: as soon as possible, or at a time of day (today,
/// shop time). Written `"asap"` or `"19:30"` in JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum When {
    #[default]
    Asap,
    At(ClockTime),
}

impl When {
    /// `"asap"` (any case) or a time `"19:30"`.
    pub fn parse(s: &str) -> Option<Self> {
        if s.trim().eq_ignore_ascii_case("asap") {
            return Some(When::Asap);
        }
        ClockTime::parse(s).map(When::At)
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Asap => f.write_str("asap"),
            When::At(t) => t.fmt(f),
        }
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        When::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("expected \"asap\" or a time like \"19:30\", not {s:?}")))
    }
}

/// What a customer asked for besides the lines: how, where, when, and a note. As the
/// API's `POST /api/orders` takes it and as the chat gathers it; checked against the
/// shop's rules by `Shop::check_request`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// `None`: the shop's first offered mode (pickup when it offers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fulfilment: Option<Mode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "is_asap")]
    pub requested_time: When,
}

fn is_asap(w: &When) -> bool {
    *w == When::Asap
}

impl Request {
    /// Nothing asked for: pickup (or the shop's one mode), as soon as possible.
    pub fn is_empty(&self) -> bool {
        *self == Request::default()
    }
}

/// An order's details besides its lines, as stored (JSON in `order_details`) and as the
/// API returns them beside `lines` and `total_cents`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OrderDetails {
    /// The customer's username, for the board's ticket.
    #[schema(example = "ann")]
    pub customer: Option<String>,
    pub fulfilment: Mode,
    /// Delivery address, exactly as given.
    pub address: Option<String>,
    pub postcode: Option<String>,
    /// The delivery zone, when the shop delivers by zones.
    pub zone: Option<String>,
    /// A phone number for the driver.
    pub phone: Option<String>,
    /// The customer's note for the whole order, exactly as given.
    pub note: Option<String>,
    /// `"asap"` or the time of day asked for (`"19:30"`, shop time).
    #[schema(value_type = String, example = "asap")]
    pub requested_time: When,
    /// The delivery fee included in `total_cents` (0 for pickup).
    pub delivery_fee_cents: i64,
    /// When the kitchen expects the order to be ready (RFC 3339), estimated when it was
    /// placed from the shop's preparation settings and the queue then.
    pub ready_at: Option<String>,
    /// Minutes from placing to `ready_at`.
    pub estimate_minutes: Option<u32>,
    /// Card payment through Stripe: `open` (a checkout was started), `paid`, `refunded`;
    /// null when none was started (paid on pickup or delivery).
    #[serde(default)]
    pub payment: Option<String>,
}

/// The estimate of when an order will be ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Epoch milliseconds.
    pub ready_at_ms: i64,
    /// Whole minutes from now to `ready_at_ms` (rounded up).
    pub minutes: u32,
}

/// How long the kitchen takes: a base time plus a time per order ahead in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prep {
    pub base_minutes: u32,
    pub minutes_per_queued_order: u32,
}

impl Default for Prep {
    fn default() -> Self {
        Self { base_minutes: 15, minutes_per_queued_order: 2 }
    }
}

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

impl Prep {
    /// When an order placed at `now_ms` will be ready, with `queued` orders ahead of it
    /// (pending, confirmed or preparing), and asked for `when`. A time asked for that is
    /// later than the kitchen could manage is the ready time; an earlier one cannot be
    /// kept, so the estimate stands. `utc_offset_minutes` turns shop time into UTC.
    pub fn estimate(&self, queued: u64, now_ms: i64, when: When, utc_offset_minutes: i32) -> Estimate {
        let queued = u32::try_from(queued).unwrap_or(u32::MAX);
        let minutes = self.base_minutes.saturating_add(self.minutes_per_queued_order.saturating_mul(queued));
        let mut ready = now_ms.saturating_add(i64::from(minutes) * MINUTE_MS);
        if let When::At(t) = when {
            let asked = at_today(now_ms, t, utc_offset_minutes);
            ready = ready.max(asked);
        }
        let minutes = u32::try_from((ready - now_ms + MINUTE_MS - 1) / MINUTE_MS).unwrap_or(u32::MAX);
        Estimate { ready_at_ms: ready, minutes }
    }
}

/// The shop time of day at `now_ms`.
pub fn local_time(now_ms: i64, utc_offset_minutes: i32) -> ClockTime {
    let local = now_ms + i64::from(utc_offset_minutes) * MINUTE_MS;
    let minutes = local.rem_euclid(DAY_MS) / MINUTE_MS;
    ClockTime(u16::try_from(minutes).unwrap_or(0))
}

/// Epoch milliseconds of time `t` on the shop's day that contains `now_ms`.
pub fn at_today(now_ms: i64, t: ClockTime, utc_offset_minutes: i32) -> i64 {
    let offset = i64::from(utc_offset_minutes) * MINUTE_MS;
    let local = now_ms + offset;
    let midnight = local - local.rem_euclid(DAY_MS);
    midnight + i64::from(t.minutes()) * MINUTE_MS - offset
}

/// Epoch milliseconds as RFC 3339 in UTC, as every time in the API is written.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Trims a free text the customer gave; empty is none. Kept exactly otherwise.
pub fn clean(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_parse_and_print() {
        assert_eq!(ClockTime::parse("7:30").map(|t| t.to_string()), Some("07:30".into()));
        assert_eq!(ClockTime::parse("19:05").map(ClockTime::minutes), Some(19 * 60 + 5));
        for bad in ["24:00", "7:3", "19:60", "", "7", "a7:30", "-1:00", "123:00"] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
        assert_eq!(When::parse("ASAP"), Some(When::Asap));
        assert_eq!(serde_json::to_string(&When::parse("8:15")).ok(), Some("\"08:15\"".into()));
    }

    #[test]
    fn the_estimate_grows_with_the_queue_and_waits_for_a_later_time() {
        let prep = Prep { base_minutes: 10, minutes_per_queued_order: 3 };
        // 2026-01-01 12:00 UTC.
        let noon = 1_767_268_800_000;
        assert_eq!(local_time(noon, 0).to_string(), "12:00");
        assert_eq!(local_time(noon, 60).to_string(), "13:00");
        let e = prep.estimate(4, noon, When::Asap, 0);
        assert_eq!(e.minutes, 22);
        assert_eq!(e.ready_at_ms, noon + 22 * MINUTE_MS);
        let later = prep.estimate(0, noon, When::At(ClockTime(13 * 60 + 30)), 0);
        assert_eq!(later.minutes, 90);
        // 13:30 shop time one hour ahead of UTC is 12:30 UTC.
        assert_eq!(prep.estimate(0, noon, When::At(ClockTime(13 * 60 + 30)), 60).minutes, 30);
        // A time earlier than the kitchen can manage keeps the estimate.
        assert_eq!(prep.estimate(0, noon, When::At(ClockTime(12 * 60 + 1)), 0).minutes, 10);
    }
}
