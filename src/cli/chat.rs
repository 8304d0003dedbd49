//! `chatorder chat`: the customer conversation in a terminal, for operators trying
//! their menu and intents edits. Reads one message per stdin line (a TTY or a pipe),
//! prints the bot's reply and the cart after each turn.

use std::io::{BufRead, Write};

use crate::catalog::Catalog;
use crate::dialogue::cart::describe_priced;
use crate::dialogue::reply::money;
use crate::dialogue::Session;

use super::test::Parser;

/// Runs the conversation until end of input; returns the exit code.
///
/// # Errors
/// Reading stdin or writing stdout failed.
pub fn run(catalog: &Catalog, parser: Parser, input: impl BufRead, out: &mut impl Write) -> std::io::Result<i32> {
    let mut session = Session::new();
    writeln!(out, "chatorder chat: {}. Type a message; end with Ctrl-D.", catalog.summary())?;
    for line in input.lines() {
        let text = line?;
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let parse = parser(catalog, text);
        let turn = session.send(catalog, &parse);
        writeln!(out, "bot> {}", turn.reply)?;
        writeln!(out, "     [{} | {}]", parse.intent, turn.state.phase.name())?;
        if let Some(o) = session.orders.last().filter(|_| !turn.effects.is_empty()) {
            writeln!(out, "     order #{} placed: {}", o.id, money(o.order.total_cents))?;
        }
        if turn.state.cart.is_empty() {
            writeln!(out, "     cart: empty")?;
        } else {
            for l in &turn.state.cart.lines {
                writeln!(out, "     cart: {}", describe_priced(catalog, l))?;
            }
            writeln!(out, "     total: {}", money(turn.state.cart.total_cents(catalog)))?;
        }
        out.flush()?;
    }
    Ok(0)
}
