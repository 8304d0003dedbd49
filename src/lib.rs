//! chatorder: a conversational ordering engine.
//!
//! Dependencies point one way: `http → service → dialogue → engine → catalog`, with
//! `service → store`. The engine and the dialogue know nothing of HTTP, SQL, clocks
//! or randomness.
//!
//! - [`catalog`]: the operator's `menu/` and `intents/` files, validated and compiled.
//! - [`order`]: the order line shape shared by the parser, the cart and the API.
//! - [`engine`]: one chat message in, one structured `Parse` out.
//! - [`config`]: command-line flags and environment.
//! - [`cli`]: the operator commands (`parse`, `check`, `eval`, ...).
//! - [`http`]: the REST API, the live event stream and the web pages.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod engine;
pub mod http;
pub mod order;
