//! The conversation: a pure, per-conversation state machine that builds, confirms and
//! modifies an order from parsed messages.
//!
//! - [`state`]: phases, the transition table and [`step`].
//! - [`cart`]: the lines being ordered, how they read and price.
//! - [`reply`]: reply templates, money and lists.
//! - [`session`]: a conversation held in memory (terminal chat, conversation tests).
//! - `resolve`, `edit`, `share`, `answer`, `choices`: references to lines, cart changes
//!   (a count already ordered shared out), answers (about choices asked of alone, and
//!   `follow_up`: the last question asked again of another thing).
//! - `fulfilment`: pickup or delivery, address, phone, note and time in the chat.
//! - `held`: choices said before the thing they go on ("can i get a medium").

mod answer;
pub mod cart;
mod choices;
mod edit;
mod follow_up;
mod fulfilment;
mod held;
mod placed;
pub mod reply;
mod resolve;
pub mod session;
mod share;
pub mod state;

pub use cart::Cart;
pub use session::{PlacedOrder, Session};
pub use state::{order_again, step, DialogueState, Effect, OrderStatus, Phase, Turn, TurnContext, STATE_VERSION};

#[cfg(test)]
mod tests;
