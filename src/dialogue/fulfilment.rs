//! What the customer wants besides the lines, in the chat: pickup or delivery, the
//! address and phone, a note, the time. Said up front ("delivery to 12 High St, for
//! 7:30", read by `acts::fulfilment`) or asked for before the read-back when the shop
//! needs it (a shop that offers pickup only asks nothing); read back with the order;
//! refused with the shop's reason (outside the area, outside the hours).

use crate::catalog::shop::{Placed, RequestError};
use crate::engine::{Intent, Parse};
use crate::order::fulfilment::{local_time, Mode, Request, When};

use super::reply::money;
use super::state::{Phase, Work};

impl Work<'_> {
    /// Keeps what the message said besides the order. True when it said only that
    /// (no lines, no edit, no act), so the turn is a "noted".
    pub(super) fn take_said(&mut self, p: &Parse) -> bool {
        let said = &p.fulfilment;
        if said.is_empty() {
            return false;
        }
        let rules = &self.catalog.shop.orders;
        let r = &mut self.state.request;
        match said.fulfilment {
            Some(mode) if !rules.offers(mode) => {
                let offered: Vec<String> = rules.modes.iter().map(|m| m.to_string()).collect();
                let reason = format!("we offer {} only, not {mode}", super::reply::or_list(&offered));
                self.say("cannot_take", &[("reason", reason)]);
                // Nor where to deliver to.
                let said = Request { address: None, postcode: None, zone: None, ..said.clone() };
                return self.keep_said(&said, p);
            }
            Some(Mode::Pickup) => {
                r.fulfilment = Some(Mode::Pickup);
                (r.address, r.postcode, r.zone) = (None, None, None);
            }
            Some(Mode::Delivery) => r.fulfilment = Some(Mode::Delivery),
            None => {}
        }
        self.keep_said(&said.clone(), p)
    }

    /// Keeps the address, phone, note and time said; true when the message said nothing else.
    fn keep_said(&mut self, said: &Request, p: &Parse) -> bool {
        let r = &mut self.state.request;
        for (kept, given) in [
            (&mut r.address, &said.address),
            (&mut r.postcode, &said.postcode),
            (&mut r.zone, &said.zone),
            (&mut r.phone, &said.phone),
            (&mut r.note, &said.note),
        ] {
            if given.is_some() {
                kept.clone_from(given);
            }
        }
        if said.requested_time != When::Asap {
            r.requested_time = said.requested_time;
        }
        p.lines.is_empty()
            && p.target.is_none()
            && p.attributes.is_empty()
            && p.acts.is_empty()
            && p.then.is_empty()
            && matches!(p.intent, Intent::Fallback | Intent::Other)
    }

    /// "Got it: delivery to 12 High St, at 19:30." At the read-back, read back again.
    pub(super) fn noted(&mut self) {
        if self.state.phase == Phase::Confirming {
            // The read-back says it all again, with the new detail.
            self.read_back("confirm_order");
            return;
        }
        let what = self.request_text(None);
        if !what.is_empty() {
            self.say("noted", &[("what", what)]);
        }
    }

    /// What the shop still needs before the read-back: `fulfilment` when it offers both
    /// and none was said; for delivery the address, postcode or zone, and phone.
    pub(super) fn missing_detail(&self) -> Option<&'static str> {
        let rules = &self.catalog.shop.orders;
        let r = &self.state.request;
        let mode = match r.fulfilment {
            Some(m) => m,
            None if rules.modes.len() > 1 => return Some("fulfilment"),
            None => rules.modes.first().copied().unwrap_or_default(),
        };
        if mode != Mode::Delivery || !rules.offers(Mode::Delivery) {
            return None;
        }
        if r.address.is_none() {
            Some("address")
        } else if !rules.delivery_postcodes.is_empty() && r.postcode.is_none() {
            Some("postcode")
        } else if !rules.delivery_zones.is_empty() && r.zone.is_none() {
            Some("zone")
        } else if r.phone.is_none() {
            Some("phone")
        } else {
            None
        }
    }

    /// Asks for one missing detail (`ask_fulfilment`, `ask_address`, … in the replies).
    pub(super) fn ask_detail(&mut self, field: &str) {
        self.state.phase = Phase::AwaitingDetail { field: field.to_owned() };
        self.asked = true;
        let zones = self.catalog.shop.orders.delivery_zones.join(", ");
        self.say(&format!("ask_{field}"), &[("zones", zones)]);
    }

    /// An answer to "pickup or delivery?", "what's the address?", "a phone number?":
    /// said with the list words (taken already), or the message itself as the address,
    /// postcode, zone or number. A cancel, a question or an order is handled as ever and
    /// the question asked again.
    pub(super) fn awaiting_detail(&mut self, p: &Parse, field: &str) {
        let text = p.text.trim().trim_end_matches(['.', '!']).trim();
        let aside = matches!(
            p.intent,
            Intent::Cancel | Intent::Undo | Intent::MenuAsk | Intent::PriceAsk | Intent::StatusAsk | Intent::Help
        ) || text.ends_with('?');
        if aside {
            self.state.phase = Phase::Ordering;
            self.general(p);
            if self.state.phase == Phase::Ordering && !self.state.cart.is_empty() {
                self.ask_detail(field);
            }
            return;
        }
        if p.fulfilment.is_empty() && !text.is_empty() {
            let r = &mut self.state.request;
            let digits = text.chars().filter(char::is_ascii_digit).count();
            match field {
                "address" => r.address = Some(text.to_owned()),
                "postcode" => r.postcode = Some(text.to_owned()),
                "zone" => r.zone = Some(text.to_owned()),
                "phone" if (6..=15).contains(&digits) => r.phone = Some(text.to_owned()),
                _ => {}
            }
        }
        self.state.phase = Phase::Ordering;
        if matches!(field, "postcode" | "zone") {
            if let Err(e) = self.catalog.shop.orders.check_area_given(&self.state.request) {
                self.cannot_take(&e);
                return;
            }
        }
        if self.missing_detail() == Some(field) {
            // Not answered: "pickup or delivery?" once more.
            self.ask_detail(field);
        } else {
            self.read_back("confirm_order");
        }
    }

    /// The shop cannot take what was asked besides the lines: says why, forgets that
    /// part and asks for it again when it can be asked for; the cart stays.
    pub(super) fn cannot_take(&mut self, e: &RequestError) {
        self.state.phase = Phase::Ordering;
        self.say("cannot_take", &[("reason", e.message.clone())]);
        let r = &mut self.state.request;
        match e.field {
            "address" => r.address = None,
            "postcode" => r.postcode = None,
            "zone" => r.zone = None,
            "phone" => r.phone = None,
            "requested_time" => r.requested_time = When::Asap,
            "note" => r.note = None,
            _ => {}
        }
        if let Some(field) = self.missing_detail() {
            self.ask_detail(field);
        }
    }

    /// Whether the read-back speaks of pickup/delivery: when the shop delivers or the
    /// customer said something of it (a pickup-only shop's read-back stays as it was).
    pub(super) fn speaks_of_fulfilment(&self) -> bool {
        self.catalog.shop.orders.offers(Mode::Delivery) || !self.state.request.is_empty()
    }

    /// "delivery to 12 High St, EH1 2AB (delivery fee $2.50), phone 0131 …, ready around
    /// 19:45 (about 15 minutes), note: “cut it in squares”".
    pub(super) fn request_text(&self, placed: Option<&Placed>) -> String {
        let r: &Request = &self.state.request;
        let mut parts = Vec::new();
        let mode = r.fulfilment.or_else(|| self.catalog.shop.orders.modes.first().copied());
        match mode {
            Some(Mode::Delivery) => {
                let place: Vec<&str> =
                    [&r.address, &r.postcode, &r.zone].into_iter().filter_map(|x| x.as_deref()).collect();
                let mut s =
                    if place.is_empty() { "delivery".to_owned() } else { format!("delivery to {}", place.join(", ")) };
                if let Some(fee) = placed.map(|p| p.order.delivery_fee_cents).filter(|f| *f > 0) {
                    s.push_str(&format!(" (delivery fee {})", money(fee)));
                }
                parts.push(s);
            }
            Some(Mode::Pickup) if r.fulfilment.is_some() || placed.is_some() => parts.push("pickup".to_owned()),
            _ => {}
        }
        if let Some(phone) = &r.phone {
            parts.push(format!("phone {phone}"));
        }
        match (placed, r.requested_time) {
            (Some(p), When::At(_)) => {
                let t = local_time(p.ready_at_ms, self.catalog.shop.orders.utc_offset_minutes);
                parts.push(format!("ready at {t}"));
            }
            (Some(p), When::Asap) => {
                let t = local_time(p.ready_at_ms, self.catalog.shop.orders.utc_offset_minutes);
                let minutes = p.details.estimate_minutes.unwrap_or_default();
                parts.push(format!("ready around {t} (about {minutes} minutes)"));
            }
            (None, When::At(t)) => parts.push(format!("at {t}")),
            (None, When::Asap) => {}
        }
        if let Some(note) = &r.note {
            parts.push(format!("note: “{}”", note.trim()));
        }
        parts.join(", ")
    }

    /// "It'll be ready for pickup in about 19 minutes." / "… for delivery at 19:30."
    pub(super) fn ready_sentence(&self, placed: &Placed) -> String {
        let fulfilment = placed.details.fulfilment.to_string();
        match placed.details.requested_time {
            When::At(_) => {
                let t = local_time(placed.ready_at_ms, self.catalog.shop.orders.utc_offset_minutes);
                self.replies.say("ready_at", &[("fulfilment", fulfilment), ("time", t.to_string())])
            }
            When::Asap => {
                let minutes = placed.details.estimate_minutes.unwrap_or_default().to_string();
                self.replies.say("ready_in", &[("fulfilment", fulfilment), ("minutes", minutes)])
            }
        }
    }
}
