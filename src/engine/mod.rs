//! The understanding engine: one chat message in, one `Parse` out.
//!
//! Pure and synchronous: normalise → tokens → numbers → stems → lexicon and fuzzy
//! match → intent rules → order frame. Everything heavy is prepared when the catalog
//! is built; a message costs microseconds.

pub mod frame;

pub use frame::{Attributes, Parse, Target, Topic, Unknown};
