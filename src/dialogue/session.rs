//! An in-memory conversation: the state, the turn count and the orders placed,
//! for `chatorder chat` and the conversation tests (the service keeps the same
//! things in the database instead).

use crate::catalog::Catalog;
use crate::engine::Parse;
use crate::order::PricedLine;

use super::state::{step, DialogueState, Effect, OrderStatus, Turn, TurnContext};

/// An order placed during the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedOrder {
    pub id: u64,
    pub lines: Vec<PricedLine>,
    pub total_cents: i64,
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
    /// which stay pending since no kitchen is attached.
    pub fn send(&mut self, catalog: &Catalog, parse: &Parse) -> Turn {
        let latest_order = self.orders.last().map(|o| OrderStatus {
            id: o.id.to_string(),
            status: "pending".into(),
            total_cents: o.total_cents,
        });
        let ctx = TurnContext { seed: self.turns, latest_order };
        let turn = step(catalog, &self.state, parse, &ctx);
        self.turns += 1;
        for effect in &turn.effects {
            match effect {
                Effect::PlaceOrder(lines) => {
                    let total_cents = lines.iter().map(|l| l.line_total_cents).sum();
                    let id = self.orders.len() as u64 + 1;
                    self.orders.push(PlacedOrder { id, lines: lines.clone(), total_cents });
                }
            }
        }
        self.state = turn.state.clone();
        turn
    }
}
