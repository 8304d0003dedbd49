//! The conversation: a pure, per-conversation state machine that builds, confirms and
//! modifies an order from parsed messages.
//!
//! - [`state`]: phases, the transition table and [`step`].
//! - [`cart`]: the lines being ordered, how they read and price.
//! - [`reply`]: reply templates, money and lists.
//! - `resolve`, `edit`, `answer`: references to lines, cart changes, answers.

mod answer;
pub mod cart;
mod edit;
pub mod reply;
mod resolve;
pub mod state;

pub use cart::Cart;
pub use state::{step, DialogueState, Effect, OrderStatus, Phase, Turn, TurnContext, STATE_VERSION};

#[cfg(test)]
mod tests;
