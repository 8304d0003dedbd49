//! The state and version of the conversations this process saved or read last, so the
//! next turn of a conversation does not have to read them back. Only ever a hint: a
//! turn stepped on a state another server has since replaced fails its version check,
//! and the conversation is read afresh from the database.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::Conversation;

/// Conversations remembered at most; past that the memory starts over.
const MAX_REMEMBERED: usize = 5_000;

#[derive(Debug, Default)]
pub(super) struct Recent {
    conversations: Mutex<HashMap<i64, Conversation>>,
}

impl Recent {
    pub(super) fn get(&self, id: i64) -> Option<Conversation> {
        self.lock().get(&id).cloned()
    }

    /// Remembers `c`, unless a newer version of it is remembered already.
    pub(super) fn put(&self, c: Conversation) {
        let mut known = self.lock();
        if known.get(&c.id).is_some_and(|k| k.version > c.version) {
            return;
        }
        if known.len() >= MAX_REMEMBERED && !known.contains_key(&c.id) {
            known.clear();
        }
        known.insert(c.id, c);
    }

    pub(super) fn forget(&self, id: i64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<i64, Conversation>> {
        self.conversations.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
