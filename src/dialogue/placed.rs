//! After an order is placed: "cancel my order" (while the shop's rule allows), "add a
//! coke to my order" (while it is pending), "same as last time" (read back before it
//! is placed again) and "where's my order". The service reads the customer's latest
//! order into the turn's context and carries out the effects; the dialogue decides.

use crate::catalog::{CANCEL_STAGES, MAX_LINES};
use crate::engine::Parse;
use crate::order::OrderLine;

use super::cart::{describe, item_name};
use super::reply::{and_list, money};
use super::state::{Effect, OrderStatus, Phase, Work};

impl Work<'_> {
    /// "cancel my order" with nothing in the cart: the latest order, if it can still be
    /// cancelled, after a yes.
    pub(super) fn cancel_placed(&mut self) -> bool {
        let Some(o) = self.ctx.latest_order.clone().filter(|o| !is_final(&o.status)) else { return false };
        if self.may_cancel(&o) {
            self.state.phase = Phase::ConfirmingOrderCancel { order: o.id };
            self.asked = true;
            self.say("confirm_order_cancel", &[("id", o.id.to_string()), ("order", self.order_words(&o))]);
        } else {
            self.too_late_to_cancel(&o);
        }
        true
    }

    /// Asked "cancel order 12?": yes cancels it (the service does, if its status still
    /// allows; otherwise it steps again with the new status and this says why not).
    pub(super) fn confirming_order_cancel(&mut self, p: &Parse, order: i64) {
        use crate::engine::Intent;
        self.state.phase = Phase::Idle;
        let latest = self.ctx.latest_order.clone().filter(|o| o.id == order);
        match (&p.intent, latest) {
            (Intent::Affirm | Intent::Cancel, Some(o)) if self.may_cancel(&o) => {
                self.effects.push(Effect::CancelOrder(o.id));
                self.say("order_cancelled", &[("id", o.id.to_string())]);
            }
            (Intent::Affirm | Intent::Cancel, Some(o)) => self.too_late_to_cancel(&o),
            (Intent::Affirm | Intent::Cancel | Intent::Deny, _) => {
                self.say("order_kept", &[("id", order.to_string())]);
            }
            _ => self.general(p),
        }
    }

    /// "add a coke to my order": onto the latest order while it is pending; otherwise
    /// the lines start a new order, and the reply says why.
    pub(super) fn add_to_placed(&mut self, p: &Parse) -> bool {
        let Some(o) = self.ctx.latest_order.clone() else { return false };
        if !self.state.cart.is_empty() || p.lines.is_empty() {
            return false;
        }
        if o.status != "pending" {
            let status = o.status.replace('_', " ");
            self.say("order_closed", &[("id", o.id.to_string()), ("status", status)]);
            self.add_lines(&p.lines);
            return true;
        }
        if o.lines.len() + p.lines.len() > MAX_LINES {
            self.say("order_too_long", &[("max", MAX_LINES.to_string())]);
            return true;
        }
        match self.catalog.price_order(&p.lines) {
            Ok(added) => {
                let items: Vec<String> = added.lines.iter().map(|l| describe(self.catalog, &l.line)).collect();
                let total = o.total_cents + added.total_cents;
                self.effects.push(Effect::AddToOrder(o.id, added));
                self.say(
                    "added_to_order",
                    &[("items", and_list(&items)), ("id", o.id.to_string()), ("total", money(total))],
                );
                true
            }
            // A line that cannot be priced yet (a size to choose) goes through the cart.
            Err(_) => false,
        }
    }

    /// "same as last time": the latest order's lines in the cart, read back.
    pub(super) fn reorder(&mut self) {
        let Some(o) = self.ctx.latest_order.clone().filter(|o| !o.lines.is_empty()) else {
            self.say("no_previous_order", &[]);
            return;
        };
        self.state.cart.lines = o.lines.iter().map(|l| OrderLine { owner: None, ..l.clone() }).collect();
        self.state.last = (0..self.state.cart.lines.len()).collect();
        self.read_back("reorder");
    }

    /// "Order #12 again" (the page's past orders): the order's lines that can still be
    /// had go into the cart after what is there, notes and all; what cannot (sold out,
    /// off the menu, a choice no longer offered) is named and left out.
    pub(super) fn order_again(&mut self, o: &OrderStatus) {
        let start = self.state.cart.lines.len();
        let mut added = Vec::new();
        let mut left_out = Vec::new();
        for l in &o.lines {
            let line = OrderLine { owner: None, ..l.clone() };
            match self.catalog.price_line(&line) {
                Ok(_) => {
                    added.push(describe(self.catalog, &line));
                    self.state.cart.lines.push(line);
                }
                Err(_) => {
                    let name = item_name(self.catalog, &l.item);
                    if !left_out.contains(&name) {
                        left_out.push(name);
                    }
                }
            }
        }
        if self.state.cart.lines.len() > MAX_LINES {
            self.state.cart.lines.truncate(start);
            self.say("order_too_long", &[("max", MAX_LINES.to_string())]);
            return;
        }
        let id = o.id.to_string();
        if added.is_empty() {
            self.say("order_again_nothing", &[("id", id), ("items", and_list(&left_out))]);
            return;
        }
        self.state.last = (start..self.state.cart.lines.len()).collect();
        self.say("order_again", &[("id", id), ("items", and_list(&added))]);
        if !left_out.is_empty() {
            self.say("order_again_left_out", &[("items", and_list(&left_out))]);
        }
    }

    /// Whether the shop lets a customer cancel an order in this status.
    fn may_cancel(&self, o: &OrderStatus) -> bool {
        let rank = |s: &str| CANCEL_STAGES.iter().position(|x| *x == s);
        matches!((rank(&o.status), rank(&self.catalog.shop.customer_cancel_until)), (Some(a), Some(b)) if a <= b)
    }

    fn too_late_to_cancel(&mut self, o: &OrderStatus) {
        let status = o.status.replace('_', " ");
        self.say("order_cannot_cancel", &[("id", o.id.to_string()), ("status", status)]);
    }

    /// "2 x Pizza (large, pepperoni) and 1 x Coke, $19.98".
    fn order_words(&self, o: &OrderStatus) -> String {
        let lines: Vec<String> = o.lines.iter().map(|l| describe(self.catalog, l)).collect();
        format!("{}, {}", and_list(&lines), money(o.total_cents))
    }
}

fn is_final(status: &str) -> bool {
    matches!(status, "completed" | "cancelled")
}
