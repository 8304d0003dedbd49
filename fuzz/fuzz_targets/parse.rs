//! Arbitrary bytes, read as (lossy) UTF-8, parsed over the shipped demo catalog: no
//! panic, and every parse names real menu ids, keeps its quantities positive and reads
//! back unchanged from its JSON (see `chatorder_fuzz::check_parse`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    chatorder_fuzz::parse_checked(chatorder_fuzz::shop(), &text);
});
