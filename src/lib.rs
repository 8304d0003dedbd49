//! chatorder: a conversational ordering engine.
//!
//! Dependencies point one way: `http → service → dialogue → engine → catalog`, with
//! `service → store`. The engine and the dialogue know nothing of HTTP, SQL, clocks
//! or randomness.
//!
//! - [`catalog`]: the operator's `menu/` and `intents/` files, validated and compiled.
//! - [`order`]: the order line shape shared by the parser, the cart and the API.
//! - [`engine`]: one chat message in, one structured `Parse` out.
//! - [`dialogue`]: the conversation state machine (cart, questions, confirmation).
//! - [`config`]: command-line flags and environment.
//! - [`cli`]: the operator commands (`parse`, `check`, `eval`, ...).

pub mod catalog;
pub mod cli;
pub mod config;
pub mod dialogue;
pub mod engine;
pub mod order;
