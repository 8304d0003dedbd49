//! Shared pieces of the fuzz targets: the shipped demo catalog, loaded once, and the
//! invariants a parse and a dialogue turn must keep whatever the input. A broken
//! invariant panics, which libFuzzer reports as a crash with the input that caused it.

use std::path::Path;
use std::sync::OnceLock;

use chatorder::catalog::{Catalog, Source};
use chatorder::dialogue::{Effect, Phase, Session, Turn};
use chatorder::engine::{self, Parse};
use chatorder::order::OptionRef;

/// The repository root (the fuzz crate lives in `fuzz/`).
pub fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The shipped `menu/` and `intents/` files, read once.
pub fn shipped_sources() -> &'static (Vec<Source>, Vec<Source>) {
    static S: OnceLock<(Vec<Source>, Vec<Source>)> = OnceLock::new();
    S.get_or_init(|| {
        let read = |dir: &str| {
            let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
                .expect("the shipped folder exists")
                .map(|e| e.expect("readable entry").path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            // Short names, as an operator sees them in `chatorder check` ("menu/pizza.toml").
            paths
                .iter()
                .map(|p| {
                    let name = Path::new(dir).join(p.file_name().expect("a file name"));
                    Source::new(&name, std::fs::read_to_string(p).expect("readable file"))
                })
                .collect::<Vec<_>>()
        };
        (read("menu"), read("intents"))
    })
}

/// The shipped demo catalog, built once.
pub fn shop() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| {
        let (menu, intents) = shipped_sources();
        Catalog::from_sources(menu, intents).unwrap_or_else(|e| panic!("the shipped files load:\n{e}"))
    })
}

/// An option names a real group and one of its choices; an amount only where the
/// group takes amounts.
fn check_option(c: &Catalog, o: &OptionRef, what: &str) {
    let g = c.group(&o.group).unwrap_or_else(|| panic!("{what}: unknown group {:?}", o.group));
    assert!(g.choice(&o.choice).is_some(), "{what}: {:?} is not a choice of {:?}", o.choice, o.group);
    assert!(o.amount.is_none() || g.amounts, "{what}: an amount on {:?}, which takes none", o.group);
}

/// What every parse of `text` over `c` must satisfy.
pub fn check_parse(c: &Catalog, text: &str, p: &Parse) {
    assert_eq!(p.text, text, "the parse keeps the message");
    assert!(p.confidence.is_finite() && (0.0..=1.0).contains(&p.confidence), "confidence {}", p.confidence);
    // A shop's own intent must be one its files declare; the built-in ones always are.
    if let chatorder::engine::Intent::Shop(id) = &p.intent {
        assert!(c.intent_position(id).is_some(), "intent {id:?} is not in the catalog");
    }
    for (i, l) in p.lines.iter().enumerate() {
        assert!(l.quantity >= 1, "lines[{i}]: quantity 0");
        assert!(c.item(&l.item).is_some(), "lines[{i}]: unknown item {:?}", l.item);
        for o in &l.options {
            check_option(c, o, &format!("lines[{i}].options"));
        }
        for o in &l.without {
            check_option(c, o, &format!("lines[{i}].without"));
        }
        for (k, o) in l.options.iter().enumerate() {
            let twice = l.options[..k].iter().any(|x| x.group == o.group && x.choice == o.choice);
            assert!(!twice, "lines[{i}]: {}:{} listed twice in {:?}", o.group, o.choice, l.options);
        }
    }
    if let Some(t) = &p.target {
        if let Some(i) = &t.item {
            assert!(c.item(i).is_some(), "target: unknown item {i:?}");
        }
        if let Some(k) = &t.category {
            assert!(c.category(k).is_some(), "target: unknown category {k:?}");
        }
        for o in &t.options {
            check_option(c, o, "target.options");
        }
        assert!(t.quantity != Some(0), "target: quantity 0");
    }
    for o in p.attributes.options.iter().chain(&p.attributes.without) {
        check_option(c, o, "attributes");
    }
    if let Some(t) = &p.topic {
        if let Some(g) = &t.group {
            assert!(c.group(g).is_some(), "topic: unknown group {g:?}");
        }
        if let Some(k) = &t.category {
            assert!(c.category(k).is_some(), "topic: unknown category {k:?}");
        }
        if let Some(tag) = &t.tag {
            assert!(c.lexicon().tags.contains(tag), "topic: unknown tag {tag:?}");
        }
    }
    if !p.unknown.is_empty() {
        let tokens = chatorder::catalog::text::tokenize(text);
        for u in &p.unknown {
            assert!(tokens.contains(&u.word), "unknown word {:?} is not a token of the message", u.word);
        }
    }
    // The JSON line of `chatorder parse` and of the API reads back as the same parse.
    let json = serde_json::to_string(p).expect("a parse serialises");
    let back: Parse = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
    assert_eq!(&back, p, "the parse changes through JSON: {json}");
}

/// Parses `text` with and without the trace; both agree and both serialise.
pub fn parse_checked(c: &Catalog, text: &str) -> Parse {
    let p = engine::parse(c, text);
    check_parse(c, text, &p);
    let (again, trace) = engine::parse_explained(c, text);
    assert_eq!(p, again, "parse and parse_explained disagree");
    serde_json::to_string(&trace).expect("a trace serialises");
    p
}

/// One message through the session, with the state machine's invariants checked.
pub fn send_checked(c: &Catalog, session: &mut Session, text: &str) -> Turn {
    let p = parse_checked(c, text);
    let before = session.state.clone();
    let turn = session.send(c, &p);
    let s = &turn.state;
    if let Err(e) = s.check(c) {
        panic!("{e} after {text:?}\nbefore: {before:?}\nafter: {s:?}");
    }
    assert!(!turn.reply.trim().is_empty(), "an empty reply to {text:?}");
    // The service saves the state as JSON between turns: it must read back unchanged.
    let json = serde_json::to_string(s).expect("the state serialises");
    let back: chatorder::dialogue::DialogueState =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
    assert_eq!(&back, s, "the state changes through JSON");
    // Every line of a cart being confirmed can be ordered at the price read back.
    if s.phase == Phase::Confirming {
        if let Err(e) = c.price_order(&s.cart.lines) {
            panic!("confirming a cart that cannot be ordered ({}: {e}): {:?}", e.field(), s.cart);
        }
    }
    for effect in &turn.effects {
        let Effect::PlaceOrder(placed_now) = effect else { continue };
        let order = &placed_now.order;
        let lines = &order.lines;
        assert!(!lines.is_empty(), "an order without lines");
        assert!(s.cart.is_empty() && s.phase == Phase::Idle, "placing an order leaves a fresh cart");
        let mut total: i64 = 0;
        for l in lines {
            assert!((1..=100).contains(&l.line.quantity), "placed quantity {}", l.line.quantity);
            assert!(l.unit_price_cents >= 0, "negative unit price {l:?}");
            assert_eq!(l.line_total_cents, l.unit_price_cents * i64::from(l.line.quantity), "line total of {l:?}");
            // The placed line is complete: pricing it again (defaults already in) agrees.
            assert_eq!(c.price_line(&l.line).as_ref(), Ok(l), "a placed line prices differently");
            total += l.line_total_cents;
        }
        let placed = session.orders.last().expect("the session recorded the order");
        assert_eq!(order.total_cents, total, "order total is the sum of its line totals");
        assert_eq!(&placed.order, order, "the session keeps the order as placed");
    }
    turn
}
