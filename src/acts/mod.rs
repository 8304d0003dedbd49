//! Dialogue acts: what a message *does* (answer yes or no, finish, thank, greet, ask,
//! order, edit, talk about something else), read between the parser and the state
//! machine. Pure, like both.

use crate::catalog::Catalog;
use crate::engine::Parse;

/// One thing a message does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Affirm,
    Deny,
    Done,
    Thanks,
    Greet,
    Goodbye,
    Help,
    Cancel,
    Undo,
}

/// The acts of one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acts(pub Vec<Act>);

impl Acts {
    pub fn has(&self, act: Act) -> bool {
        self.0.contains(&act)
    }
}

/// Reads the acts of a parsed message.
pub fn read(_catalog: &Catalog, parse: &Parse) -> Acts {
    let act = match parse.intent.as_str() {
        "greet" => Some(Act::Greet),
        "affirm" => Some(Act::Affirm),
        "deny" => Some(Act::Deny),
        "checkout" => Some(Act::Done),
        _ => None,
    };
    Acts(act.into_iter().collect())
}
