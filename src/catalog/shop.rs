//! How the shop takes orders (`[shop]` in a menu file): pickup and/or delivery, the
//! delivery fee, minimum and area, opening hours, and the kitchen's preparation times.
//! Read and validated here with `file:line:column` problems, and used to check what a
//! customer asked for (`ShopOrders::check`). Pure: the time is always passed in.

use toml::Spanned;

use super::build::Report;
use super::error::Source;
use super::file::MenuFile;
use super::pricing::OrderError;
use super::pricing::MAX_PRICE_CENTS;
use super::Catalog;
use crate::order::fulfilment::{
    self, local_time, ClockTime, Mode, OrderDetails, Prep, Request, When, MAX_ADDRESS_CHARS, MAX_NOTE_CHARS,
    MAX_PHONE_CHARS, MAX_POSTCODE_CHARS,
};
use crate::order::{OrderLine, PricedOrder};

/// The most minutes a preparation setting may say (ten hours: anything more is a typo).
const MAX_PREP_MINUTES: i64 = 600;

/// How the shop takes orders. The default is the shipped demo shop's: pickup only,
/// open whenever the server runs, ready in 15 minutes plus 2 per order in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopOrders {
    /// What the shop offers, in the order the files list it; the first is the default.
    pub modes: Vec<Mode>,
    pub delivery_fee_cents: i64,
    /// The least the lines must come to (before the fee) for delivery.
    pub delivery_minimum_cents: i64,
    /// Postcodes or their first part ("EH1"), upper case without spaces; empty: any.
    pub delivery_postcodes: Vec<String>,
    /// Zone names as written; the customer names one.
    pub delivery_zones: Vec<String>,
    /// Opening hours of every day, shop time, as (open, close) minutes after midnight
    /// (close may be 1440); empty: always open.
    pub opening_hours: Vec<(u16, u16)>,
    /// Shop time minus UTC, in minutes.
    pub utc_offset_minutes: i32,
    pub prep: Prep,
    /// With card payment (Stripe) configured: the board's open columns show an order
    /// only once it is paid (`unpaid_card_orders = "hide"`), instead of showing it
    /// marked "card: unpaid" (`"show"`, the default).
    pub hide_unpaid_card_orders: bool,
}

impl Default for ShopOrders {
    fn default() -> Self {
        Self {
            modes: vec![Mode::Pickup],
            delivery_fee_cents: 0,
            delivery_minimum_cents: 0,
            delivery_postcodes: Vec::new(),
            delivery_zones: Vec::new(),
            opening_hours: Vec::new(),
            utc_offset_minutes: 0,
            prep: Prep::default(),
            hide_unpaid_card_orders: false,
        }
    }
}

/// What a customer asked for that the shop cannot take, naming the request's field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RequestError {
    pub field: &'static str,
    pub message: String,
}

fn refuse<T>(field: &'static str, message: impl Into<String>) -> Result<T, RequestError> {
    Err(RequestError { field, message: message.into() })
}

/// A request the shop accepts, cleaned: empty texts are none, the zone as the shop
/// spells it, the delivery fee to charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub request: Request,
    pub mode: Mode,
    pub fee_cents: i64,
}

impl ShopOrders {
    pub fn offers(&self, mode: Mode) -> bool {
        self.modes.contains(&mode)
    }

    /// "11:30–14:30 and 17:00–22:00".
    pub fn hours_text(&self) -> String {
        let ranges: Vec<String> = self.opening_hours.iter().map(|&(a, b)| format!("{}–{}", hhmm(a), hhmm(b))).collect();
        join(&ranges, "and")
    }

    /// Whether the shop is open at `t` (shop time); always, without opening hours.
    pub fn open_at(&self, t: ClockTime) -> bool {
        self.opening_hours.is_empty() || self.opening_hours.iter().any(|&(a, b)| (a..b).contains(&t.minutes()))
    }

    /// Checks what a customer asked for besides the lines, whose sum (before any fee) is
    /// `subtotal_cents`, at `now_ms`.
    ///
    /// # Errors
    /// The first field the shop cannot take, with a sentence saying why.
    pub fn check(&self, req: &Request, subtotal_cents: i64, now_ms: i64) -> Result<Accepted, RequestError> {
        let mut out = Request {
            fulfilment: None,
            address: fulfilment::clean(req.address.as_deref()),
            postcode: fulfilment::clean(req.postcode.as_deref()),
            zone: fulfilment::clean(req.zone.as_deref()),
            phone: fulfilment::clean(req.phone.as_deref()),
            // The note is kept exactly as written; only an empty one is none.
            note: req.note.clone().filter(|n| !n.trim().is_empty()),
            requested_time: req.requested_time,
        };
        too_long("note", out.note.as_deref(), MAX_NOTE_CHARS)?;
        too_long("address", out.address.as_deref(), MAX_ADDRESS_CHARS)?;
        too_long("postcode", out.postcode.as_deref(), MAX_POSTCODE_CHARS)?;
        too_long("zone", out.zone.as_deref(), MAX_POSTCODE_CHARS)?;
        too_long("phone", out.phone.as_deref(), MAX_PHONE_CHARS)?;
        let mode = req.fulfilment.unwrap_or_else(|| self.modes.first().copied().unwrap_or_default());
        if !self.offers(mode) {
            let offered: Vec<String> = self.modes.iter().map(|m| m.to_string()).collect();
            return refuse("fulfilment", format!("this shop offers {} only, not {mode}", join(&offered, "or")));
        }
        out.fulfilment = Some(mode);
        if let Some(phone) = &out.phone {
            check_phone(phone)?;
        }
        let mut fee_cents = 0;
        match mode {
            Mode::Pickup => {
                for (field, given) in [("address", &out.address), ("postcode", &out.postcode), ("zone", &out.zone)] {
                    if given.is_some() {
                        return refuse(field, "only for delivery; this order is for pickup");
                    }
                }
            }
            Mode::Delivery => {
                if out.address.is_none() {
                    return refuse("address", "delivery needs an address");
                }
                if out.phone.is_none() {
                    return refuse("phone", "delivery needs a phone number for the driver");
                }
                self.check_area(&mut out)?;
                if subtotal_cents < self.delivery_minimum_cents {
                    return refuse(
                        "fulfilment",
                        format!(
                            "delivery needs an order of at least {} before the delivery fee; this one comes to {}",
                            money(self.delivery_minimum_cents),
                            money(subtotal_cents)
                        ),
                    );
                }
                fee_cents = self.delivery_fee_cents;
            }
        }
        self.check_time(out.requested_time, now_ms)?;
        Ok(Accepted { request: out, mode, fee_cents })
    }

    /// Whether the postcode or zone given so far is in the area (one not given yet is
    /// not checked), so the chat can say so when it is said.
    ///
    /// # Errors
    /// The postcode or zone outside the area.
    pub fn check_area_given(&self, req: &Request) -> Result<(), RequestError> {
        let mut given = req.clone();
        if self.delivery_postcodes.is_empty() || given.postcode.is_none() {
            given.postcode = Some(String::new());
        }
        if self.delivery_zones.is_empty() || given.zone.is_none() {
            given.zone = self.delivery_zones.first().cloned();
        }
        match self.check_area(&mut given) {
            Err(e) if e.field == "postcode" && req.postcode.is_none() => Ok(()),
            other => other,
        }
    }

    /// The postcode or zone of a delivery, when the shop has an area.
    fn check_area(&self, out: &mut Request) -> Result<(), RequestError> {
        if !self.delivery_postcodes.is_empty() {
            let Some(postcode) = &out.postcode else { return refuse("postcode", "delivery needs a postcode") };
            if !self.delivers_to(postcode) {
                return refuse(
                    "postcode",
                    format!("{postcode} is outside the delivery area ({})", self.delivery_postcodes.join(", ")),
                );
            }
        }
        if !self.delivery_zones.is_empty() {
            let Some(zone) = &out.zone else {
                return refuse("zone", format!("delivery needs a zone: {}", self.delivery_zones.join(", ")));
            };
            let Some(known) = self.delivery_zones.iter().find(|z| z.eq_ignore_ascii_case(zone)) else {
                return refuse(
                    "zone",
                    format!("{zone} is outside the delivery area ({})", self.delivery_zones.join(", ")),
                );
            };
            out.zone = Some(known.clone());
        }
        Ok(())
    }

    /// Whether a postcode is in the area: it is listed, or its first part is
    /// ("EH1" takes "EH1 2AB", but not "EH12 5AB"). Case and spaces do not matter.
    pub fn delivers_to(&self, postcode: &str) -> bool {
        let whole = postcode_key(postcode);
        let outward = postcode.split_whitespace().next().map(postcode_key).unwrap_or_default();
        // "EH12AB" written without a space: its last three characters are the inward part.
        let unspaced = whole.get(..whole.len().saturating_sub(3)).unwrap_or_default().to_owned();
        self.delivery_postcodes
            .iter()
            .any(|p| *p == whole || *p == outward || (!postcode.contains(' ') && *p == unspaced))
    }

    /// A requested time within the opening hours and not yet past; "as soon as
    /// possible" while the shop is open.
    fn check_time(&self, when: When, now_ms: i64) -> Result<(), RequestError> {
        let now = local_time(now_ms, self.utc_offset_minutes);
        match when {
            When::Asap if !self.open_at(now) => refuse(
                "requested_time",
                format!(
                    "the shop is closed now ({now}); opening hours are {}: ask for a time within them",
                    self.hours_text()
                ),
            ),
            When::Asap => Ok(()),
            When::At(t) if !self.open_at(t) => {
                refuse("requested_time", format!("{t} is outside the opening hours, {}", self.hours_text()))
            }
            When::At(t) if t < now => {
                refuse("requested_time", format!("{t} has already passed today (it is {now} now)"))
            }
            When::At(_) => Ok(()),
        }
    }
}

/// Why an order cannot be placed: its lines, or what was asked besides them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("{0}")]
    Lines(#[from] OrderError),
    #[error("{}", .0.message)]
    Request(#[from] RequestError),
}

impl PlaceError {
    /// The request field at fault: `lines[0].note`, `address`, `requested_time`.
    pub fn field(&self) -> String {
        match self {
            Self::Lines(e) => e.field(),
            Self::Request(e) => e.field.to_owned(),
        }
    }
}

/// An order the shop takes: priced with its delivery fee, its details, and when it
/// should be ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub order: PricedOrder,
    pub details: OrderDetails,
    pub ready_at_ms: i64,
}

impl Catalog {
    /// Checks and prices an order with what the customer asked besides its lines, at
    /// `now_ms` with `queued` orders ahead of it in the kitchen, and estimates when it
    /// will be ready. What `POST /api/orders` and the chat both place.
    ///
    /// # Errors
    /// The first thing wrong, naming the field.
    pub fn place(&self, lines: &[OrderLine], req: &Request, now_ms: i64, queued: u64) -> Result<Placed, PlaceError> {
        let priced = self.price_order(lines)?;
        let rules = &self.shop.orders;
        let accepted = rules.check(req, priced.subtotal_cents(), now_ms)?;
        let order = priced.with_delivery_fee(accepted.fee_cents);
        let estimate = rules.prep.estimate(queued, now_ms, accepted.request.requested_time, rules.utc_offset_minutes);
        let r = accepted.request;
        let details = OrderDetails {
            customer: None,
            fulfilment: accepted.mode,
            address: r.address,
            postcode: r.postcode,
            zone: r.zone,
            phone: r.phone,
            note: r.note,
            requested_time: r.requested_time,
            delivery_fee_cents: order.delivery_fee_cents,
            ready_at: Some(fulfilment::rfc3339(estimate.ready_at_ms)),
            estimate_minutes: Some(estimate.minutes),
            payment: None,
        };
        Ok(Placed { order, details, ready_at_ms: estimate.ready_at_ms })
    }
}

fn too_long(field: &'static str, text: Option<&str>, max: usize) -> Result<(), RequestError> {
    let count = text.map_or(0, |t| t.chars().count());
    if count > max {
        return refuse(field, format!("at most {max} characters, not {count}"));
    }
    Ok(())
}

/// Digits with the usual separators, 6 to 15 digits (E.164's longest).
fn check_phone(phone: &str) -> Result<(), RequestError> {
    let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !phone.chars().all(allowed) || !(6..=15).contains(&digits) {
        return refuse("phone", "a phone number of 6 to 15 digits (spaces, +, -, brackets allowed)");
    }
    Ok(())
}

/// "a", "a and b", "a, b and c" (the catalog knows nothing of the dialogue's replies).
fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// Cents as money, as the read-back writes it: "$15.00".
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}${}.{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

fn postcode_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect()
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "11:30-14:30" (an en dash is fine too); close may be "24:00".
fn parse_range(s: &str) -> Option<(u16, u16)> {
    let (a, b) = s.split_once(['-', '–'])?;
    let open = ClockTime::parse(a)?.minutes();
    let close = if b.trim() == "24:00" { ClockTime::MINUTES_PER_DAY } else { ClockTime::parse(b)?.minutes() };
    Some((open, close))
}

/// "+01:00", "-05:30", "+00:00" → minutes.
fn parse_offset(s: &str) -> Option<i32> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let t = ClockTime::parse(s.get(1..)?)?;
    (t.minutes() <= 14 * 60 && s.len() == 6).then(|| sign * i32::from(t.minutes()))
}

/// Takes a `[shop]` key from at most one menu file: a second file setting it is a
/// problem at that second place.
fn once<'a, T>(
    menus: &'a [(&'a Source, MenuFile)],
    key: &str,
    get: impl Fn(&'a super::file::ShopDef) -> Option<&'a Spanned<T>>,
    report: &mut Report,
) -> Option<(&'a Source, &'a Spanned<T>)> {
    let mut found = None;
    for (src, file) in menus {
        let Some(value) = file.shop.as_ref().and_then(&get) else { continue };
        if found.is_some() {
            report.at(src, value, format!("{key} is already set in another menu file"));
        } else {
            found = Some((*src, value));
        }
    }
    found
}

/// A whole number of cents or minutes within `0..=max`, else a problem at it.
fn bounded(src: &Source, value: &Spanned<i64>, key: &str, max: i64, report: &mut Report) -> Option<i64> {
    let n = *value.get_ref();
    if (0..=max).contains(&n) {
        Some(n)
    } else {
        report.at(src, value, format!("{key} must be from 0 to {max}, not {n}"));
        None
    }
}

/// Reads the order settings of `[shop]` from the menu files.
pub(crate) fn build(menus: &[(&Source, MenuFile)], report: &mut Report) -> ShopOrders {
    let mut shop = ShopOrders::default();
    if let Some((src, list)) = once(menus, "fulfilment", |s| s.fulfilment.as_ref(), report) {
        let mut modes = Vec::new();
        for m in list.get_ref() {
            match Mode::parse(m.get_ref()) {
                Some(mode) if modes.contains(&mode) => report.at(src, m, format!("{mode} is listed twice")),
                Some(mode) => modes.push(mode),
                None => report.at(src, m, format!("fulfilment lists pickup and/or delivery, not {:?}", m.get_ref())),
            }
        }
        if list.get_ref().is_empty() {
            report.at(src, list, "fulfilment needs pickup, delivery or both");
        } else if !modes.is_empty() {
            shop.modes = modes;
        }
    }
    let delivers = shop.offers(Mode::Delivery);
    let fee = once(menus, "delivery_fee", |s| s.delivery_fee.as_ref(), report);
    let minimum = once(menus, "delivery_minimum", |s| s.delivery_minimum.as_ref(), report);
    for (key, found, field) in [
        ("delivery_fee", fee, &mut shop.delivery_fee_cents),
        ("delivery_minimum", minimum, &mut shop.delivery_minimum_cents),
    ] {
        let Some((src, value)) = found else { continue };
        if !delivers {
            report.at(src, value, format!("{key} is set, but fulfilment does not offer delivery"));
        }
        *field = bounded(src, value, key, MAX_PRICE_CENTS, report).unwrap_or(0);
    }
    let postcodes = once(menus, "delivery_postcodes", |s| s.delivery_postcodes.as_ref(), report);
    let zones = once(menus, "delivery_zones", |s| s.delivery_zones.as_ref(), report);
    for (key, found, out) in [
        ("delivery_postcodes", postcodes, &mut shop.delivery_postcodes),
        ("delivery_zones", zones, &mut shop.delivery_zones),
    ] {
        let Some((src, list)) = found else { continue };
        if !delivers {
            report.at(src, list, format!("{key} is set, but fulfilment does not offer delivery"));
        }
        if list.get_ref().is_empty() {
            report.at(src, list, format!("{key} needs at least one entry (leave it out to deliver anywhere)"));
        }
        for entry in list.get_ref() {
            let text = entry.get_ref().trim();
            let value = if key == "delivery_postcodes" { postcode_key(text) } else { text.to_owned() };
            if value.is_empty() || value.chars().count() > MAX_POSTCODE_CHARS {
                report.at(src, entry, format!("a {key} entry has 1 to {MAX_POSTCODE_CHARS} characters"));
            } else if out.iter().any(|v| v.eq_ignore_ascii_case(&value)) {
                report.at(src, entry, format!("{:?} is listed twice", entry.get_ref()));
            } else {
                out.push(value);
            }
        }
    }
    if let (Some(_), Some((src, zones))) = (postcodes, zones) {
        report.at(src, zones, "set delivery_postcodes or delivery_zones, not both");
    }
    if let Some((src, list)) = once(menus, "opening_hours", |s| s.opening_hours.as_ref(), report) {
        for entry in list.get_ref() {
            match parse_range(entry.get_ref()) {
                None => report.at(
                    src,
                    entry,
                    format!("opening hours are written \"11:30-22:00\", not {:?}", entry.get_ref()),
                ),
                Some((a, b)) if a >= b => {
                    report.at(
                        src,
                        entry,
                        format!(
                            "{:?} closes before it opens (hours past midnight: split them at 24:00)",
                            entry.get_ref()
                        ),
                    );
                }
                Some((a, b)) if shop.opening_hours.iter().any(|&(c, d)| a < d && c < b) => {
                    report.at(src, entry, format!("{:?} overlaps other opening hours", entry.get_ref()));
                }
                Some(range) => shop.opening_hours.push(range),
            }
        }
        if list.get_ref().is_empty() {
            report.at(src, list, "opening_hours needs at least one range (leave it out to be always open)");
        }
        shop.opening_hours.sort_unstable();
    }
    if let Some((src, offset)) = once(menus, "utc_offset", |s| s.utc_offset.as_ref(), report) {
        match parse_offset(offset.get_ref()) {
            Some(m) => shop.utc_offset_minutes = m,
            None => report.at(
                src,
                offset,
                format!("utc_offset is written \"+01:00\" or \"-05:30\", not {:?}", offset.get_ref()),
            ),
        }
    }
    if let Some((src, value)) = once(menus, "prep_minutes", |s| s.prep_minutes.as_ref(), report) {
        if let Some(n) = bounded(src, value, "prep_minutes", MAX_PREP_MINUTES, report) {
            shop.prep.base_minutes = u32::try_from(n).unwrap_or(0);
        }
    }
    if let Some((src, value)) = once(menus, "prep_minutes_per_order", |s| s.prep_minutes_per_order.as_ref(), report) {
        if let Some(n) = bounded(src, value, "prep_minutes_per_order", MAX_PREP_MINUTES, report) {
            shop.prep.minutes_per_queued_order = u32::try_from(n).unwrap_or(0);
        }
    }
    if let Some((src, value)) = once(menus, "unpaid_card_orders", |s| s.unpaid_card_orders.as_ref(), report) {
        match value.get_ref().as_str() {
            "show" => shop.hide_unpaid_card_orders = false,
            "hide" => shop.hide_unpaid_card_orders = true,
            other => report.at(src, value, format!("unpaid_card_orders is \"show\" or \"hide\", not {other:?}")),
        }
    }
    shop
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> ShopOrders {
        ShopOrders {
            modes: vec![Mode::Pickup, Mode::Delivery],
            delivery_fee_cents: 250,
            delivery_minimum_cents: 1000,
            delivery_postcodes: vec!["EH1".into(), "EH39AB".into()],
            opening_hours: vec![(11 * 60, 14 * 60), (17 * 60, 24 * 60)],
            ..ShopOrders::default()
        }
    }

    // 2026-01-01 12:00 UTC.
    const NOON: i64 = 1_767_268_800_000;

    fn delivery(postcode: &str) -> Request {
        Request {
            fulfilment: Some(Mode::Delivery),
            address: Some("12 High St".into()),
            postcode: Some(postcode.into()),
            phone: Some("+44 131 496 0000".into()),
            ..Request::default()
        }
    }

    #[test]
    fn postcodes_match_whole_or_by_their_first_part() {
        let s = shop();
        assert!(s.delivers_to("eh1 2ab"));
        assert!(s.delivers_to("EH12AB"));
        assert!(s.delivers_to("EH3 9AB"));
        assert!(!s.delivers_to("EH12 5AB"));
        assert!(!s.delivers_to("EH3 1AA"));
    }

    #[test]
    fn a_delivery_gets_the_fee_and_needs_address_phone_area_and_the_minimum() {
        let s = shop();
        let ok = s.check(&delivery("EH1 1AA"), 1500, NOON).map(|a| a.fee_cents);
        assert_eq!(ok, Ok(250));
        let field = |r: &Request, subtotal| s.check(r, subtotal, NOON).err().map(|e| e.field);
        assert_eq!(field(&delivery("G1 1AA"), 1500), Some("postcode"));
        assert_eq!(field(&delivery("EH1 1AA"), 999), Some("fulfilment"));
        assert_eq!(field(&Request { phone: None, ..delivery("EH1 1AA") }, 1500), Some("phone"));
        assert_eq!(field(&Request { phone: Some("call me".into()), ..delivery("EH1 1AA") }, 1500), Some("phone"));
        assert_eq!(field(&Request { address: Some("  ".into()), ..delivery("EH1 1AA") }, 1500), Some("address"));
        let pickup =
            Request { fulfilment: Some(Mode::Pickup), address: Some("12 High St".into()), ..Request::default() };
        assert_eq!(field(&pickup, 1500), Some("address"));
        let only_pickup = ShopOrders::default();
        assert_eq!(
            only_pickup.check(&delivery("EH1"), 1500, NOON).map_err(|e| e.to_string()),
            Err("fulfilment: this shop offers pickup only, not delivery".into())
        );
    }

    #[test]
    fn times_must_be_within_the_hours_and_still_to_come() {
        let s = shop();
        let at = |t: &str| Request { requested_time: When::parse(t).unwrap_or_default(), ..Request::default() };
        assert!(s.check(&at("13:30"), 0, NOON).is_ok());
        assert!(s.check(&at("asap"), 0, NOON).is_ok());
        let e = s.check(&at("15:00"), 0, NOON).map_err(|e| e.to_string());
        assert_eq!(e, Err("requested_time: 15:00 is outside the opening hours, 11:00–14:00 and 17:00–24:00".into()));
        assert_eq!(s.check(&at("11:30"), 0, NOON).err().map(|e| e.field), Some("requested_time"));
        // At 15:00 the shop is closed: as soon as possible is refused, 18:00 is fine.
        let three = NOON + 3 * 3_600_000;
        assert_eq!(s.check(&at("asap"), 0, three).err().map(|e| e.field), Some("requested_time"));
        assert!(s.check(&at("18:00"), 0, three).is_ok());
    }

    #[test]
    fn notes_are_kept_exactly_and_limited() {
        let s = ShopOrders::default();
        let note = "  ring the bell\ttwice ";
        let r = Request { note: Some(note.into()), ..Request::default() };
        assert_eq!(s.check(&r, 0, NOON).map(|a| a.request.note), Ok(Some(note.to_owned())));
        let long = Request { note: Some("x".repeat(MAX_NOTE_CHARS + 1)), ..Request::default() };
        assert_eq!(s.check(&long, 0, NOON).err().map(|e| e.field), Some("note"));
    }

    /// The problems `[shop]` text beside the demo menu gives, as `file:line:column: message`.
    fn problems(text: &str) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (Ok(mut menu), Ok(intents)) =
            (super::super::read_sources(&root.join("menu")), super::super::read_sources(&root.join("intents")))
        else {
            panic!("the demo files load");
        };
        menu.push(Source { path: "shop.toml".into(), text: text.to_owned() });
        match Catalog::from_sources(&menu, &intents) {
            Ok(_) => Vec::new(),
            Err(p) => p.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn shop_settings_are_checked_at_their_place() {
        let good = "[shop]\nfulfilment = [\"delivery\", \"pickup\"]\ndelivery_fee = 250\ndelivery_zones = [\"Old Town\"]\nopening_hours = [\"11:30-14:00\", \"17:00-24:00\"]\nutc_offset = \"+01:00\"\nprep_minutes = 20\nunpaid_card_orders = \"hide\"\n";
        assert_eq!(problems(good), Vec::<String>::new());
        assert_eq!(problems("[shop]\nunpaid_card_orders = \"show\"\n"), Vec::<String>::new());
        assert_eq!(
            problems("[shop]\nunpaid_card_orders = \"later\"\n"),
            ["shop.toml:2:22: unpaid_card_orders is \"show\" or \"hide\", not \"later\""]
        );
        let bad = "[shop]\nfulfilment = [\"pickup\", \"drone\"]\ndelivery_fee = 250\nopening_hours = [\"11:30-14:00\", \"13:00-15:00\", \"22:00-02:00\", \"noon\"]\nutc_offset = \"1\"\nprep_minutes = -5\n";
        assert_eq!(
            problems(bad),
            [
                "shop.toml:2:25: fulfilment lists pickup and/or delivery, not \"drone\"",
                "shop.toml:3:16: delivery_fee is set, but fulfilment does not offer delivery",
                "shop.toml:4:33: \"13:00-15:00\" overlaps other opening hours",
                "shop.toml:4:48: \"22:00-02:00\" closes before it opens (hours past midnight: split them at 24:00)",
                "shop.toml:4:63: opening hours are written \"11:30-22:00\", not \"noon\"",
                "shop.toml:5:14: utc_offset is written \"+01:00\" or \"-05:30\", not \"1\"",
                "shop.toml:6:16: prep_minutes must be from 0 to 600, not -5",
            ]
        );
    }

    #[test]
    fn offsets_and_ranges_parse() {
        assert_eq!(parse_offset("+01:00"), Some(60));
        assert_eq!(parse_offset("-05:30"), Some(-330));
        assert_eq!(parse_offset("01:00"), None);
        assert_eq!(parse_offset("+15:00"), None);
        assert_eq!(parse_range("11:30-14:30"), Some((690, 870)));
        assert_eq!(parse_range("17:00–24:00"), Some((1020, 1440)));
        assert_eq!(parse_range("17:00"), None);
    }
}
