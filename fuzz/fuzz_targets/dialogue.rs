//! A conversation: the input's lines are the customer's messages, each parsed over the
//! shipped demo catalog and stepped through the dialogue. After every turn the state
//! keeps its invariants, reads back from JSON, and every placed order's total is the
//! sum of its line totals (see `chatorder_fuzz::send_checked`).

#![no_main]

use chatorder::dialogue::Session;
use libfuzzer_sys::fuzz_target;

/// Enough turns to order, edit, check out and confirm; more only slows the search.
const MAX_TURNS: usize = 16;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let shop = chatorder_fuzz::shop();
    let mut session = Session::new();
    for message in text.split('\n').take(MAX_TURNS) {
        chatorder_fuzz::send_checked(shop, &mut session, message);
    }
});
