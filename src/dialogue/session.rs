//! An in-memory conversation: the state, the turn count and the orders placed,
//! for `chatorder chat` and the conversation tests (the service keeps the same
//! things in the database instead).

use crate::catalog::Catalog;
use crate::engine::Parse;
use crate::order::PricedOrder;

use super::state::{step, DialogueState, Effect, OrderStatus, Turn, TurnContext};

/// The time an in-memory session's turns happen at, so replays say the same estimates
/// and take the same requested times: 2026-01-01 12:00 UTC.
pub const SESSION_NOW_MS: i64 = 1_767_268_800_000;

/// An order placed during the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedOrder {
    pub id: u64,
    pub order: PricedOrder,
    /// Cancelled later in the conversation.
    pub cancelled: bool,
}

/// One conversation held in memory.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub state: DialogueState,
    pub turns: u64,
    pub orders: Vec<PlacedOrder>,
}

impl Session {
    pub fn new() -> Self {
        Self { state: DialogueState::new(), turns: 0, orders: Vec::new() }
    }

    /// Steps the dialogue with an already parsed message and applies its effects.
    /// "Where is my order?" is answered from the orders placed in this session,
    /// which stay pending (or cancelled) since no kitchen is attached.
    pub fn send(&mut self, catalog: &Catalog, parse: &Parse) -> Turn {
        let latest_order = self.orders.last().map(|o| OrderStatus {
            id: o.id as i64,
            status: if o.cancelled { "cancelled" } else { "pending" }.into(),
            total_cents: o.order.total_cents,
            lines: o.order.lines.iter().map(|l| l.line.clone()).collect(),
            ready_at_ms: None,
        });
        let ctx = TurnContext { seed: self.turns, latest_order, now_ms: SESSION_NOW_MS, queued: 0 };
        let turn = step(catalog, &self.state, parse, &ctx);
        self.turns += 1;
        for effect in &turn.effects {
            self.apply(effect);
        }
        self.state = turn.state.clone();
        turn
    }

    fn apply(&mut self, effect: &Effect) {
        match effect {
            Effect::PlaceOrder(placed) => {
                let id = self.orders.len() as u64 + 1;
                self.orders.push(PlacedOrder { id, order: placed.order.clone(), cancelled: false });
            }
            Effect::CancelOrder(id) => {
                if let Some(o) = self.orders.iter_mut().find(|o| o.id as i64 == *id) {
                    o.cancelled = true;
                }
            }
            Effect::AddToOrder(id, added) => {
                if let Some(o) = self.orders.iter_mut().find(|o| o.id as i64 == *id) {
                    o.order = std::mem::take(&mut o.order).with(added);
                }
            }
        }
    }
}
