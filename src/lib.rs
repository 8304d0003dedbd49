//! chatorder: a conversational ordering engine.
//!
//! Dependencies point one way: `http → service → dialogue → engine → catalog`, with
//! `service → store`. The engine and the dialogue know nothing of HTTP, SQL, clocks
//! or randomness.
//!
//! - [`account`]: who someone is to the shop (id, name, role); depends on nothing.
//! - [`catalog`]: the operator's `menu/` and `intents/` files, validated and compiled.
//! - [`order`]: the order line shape shared by the parser, the cart and the API.
//! - [`engine`]: one chat message in, one structured `Parse` out.
//! - [`dialogue`]: the conversation state machine (cart, questions, confirmation).
//! - [`config`]: command-line flags and environment.
//! - [`cli`]: the operator commands (`parse`, `check`, `eval`, ...).
//! - [`service`]: one chat turn: load state, parse, step, save in one transaction.
//! - [`payments`]: card payment through Stripe Checkout: sessions, webhook signatures, refunds.
//! - [`store`]: the database (SQLite or MySQL through sqlx), migrations and queries.
//! - [`webhooks`]: partners' webhooks: order events from the outbox, signed, retried for 24 h.
//! - [`auth`]: passwords (argon2id), tokens (JWT HS256), roles and the login throttle.
//! - [`http`]: the REST API (axum): routes, errors, metrics, OpenAPI, catalog hot reload,
//!   the live event stream and the web pages.

pub mod account;
pub mod acts;
pub mod auth;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod dialogue;
pub mod engine;
pub mod http;
pub mod order;
pub mod payments;
pub mod service;
pub mod store;
pub mod webhooks;
