//! What the customer wants besides the lines, in the chat: pickup or delivery, the
//! address and phone, a note, the time. Said up front or asked for before the
//! read-back when the shop needs it; read back with the order; refused with the
//! shop's reason (outside the area, outside the hours).

use crate::catalog::shop::{Placed, RequestError};
use crate::order::fulfilment::{local_time, When};

use super::state::{Phase, Work};

impl Work<'_> {
    /// The shop cannot take what was asked besides the lines: says why; the cart stays.
    pub(super) fn cannot_take(&mut self, e: &RequestError) {
        self.state.phase = Phase::Ordering;
        self.say("cannot_take", &[("reason", e.message.clone())]);
    }

    /// "It'll be ready for pickup in about 19 minutes." / "… for delivery at 19:30."
    pub(super) fn ready_sentence(&self, placed: &Placed) -> String {
        let fulfilment = placed.details.fulfilment.to_string();
        match placed.details.requested_time {
            When::At(_) => {
                let t = local_time(placed.ready_at_ms, self.catalog.shop.orders.utc_offset_minutes);
                self.replies.say("ready_at", &[("fulfilment", fulfilment), ("time", t.to_string())])
            }
            _ => {
                let minutes = placed.details.estimate_minutes.unwrap_or_default().to_string();
                self.replies.say("ready_in", &[("fulfilment", fulfilment), ("minutes", minutes)])
            }
        }
    }
}
