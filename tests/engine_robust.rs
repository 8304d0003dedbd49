//! No input makes the parser panic, and the PIZZA dev accuracy does not regress.

use chatorder::catalog::Catalog;
use chatorder::cli::eval::{evaluate, read_examples};
use chatorder::engine::{parse, parse_explained};
use proptest::prelude::*;

mod common;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_parses_without_panicking(text in "\\PC*") {
        let c = shop_cached();
        let p = parse(c, &text);
        prop_assert!((0.0..=1.0).contains(&p.confidence));
        prop_assert!(p.lines.iter().all(|l| l.quantity >= 1));
    }

    #[test]
    fn menu_words_mixed_with_noise_never_panic(
        words in proptest::collection::vec(prop_oneof![
            Just("no"), Just("extra"), Just("pizza"), Just("large"), Just("x"), Just("2"), Just("the"),
            Just("one"), Just("and"), Just("with"), Just("to"), Just("change"), Just("remove"), Just("coke"),
            Just("😀"), Just("\u{202e}"), Just("\u{0}"), Just("שלום"), Just(","), Just("a couple of"),
        ], 0..40)
    ) {
        let text = words.join(" ");
        let (p, trace) = parse_explained(shop_cached(), &text);
        prop_assert!(serde_json::to_string(&p).is_ok());
        prop_assert!(serde_json::to_string(&trace).is_ok());
    }
}

fn shop_cached() -> &'static Catalog {
    common::shipped()
}

#[test]
fn very_long_and_control_character_input_is_handled() {
    let c = shop_cached();
    let long = "pizza with extra cheese and ".repeat(5_000);
    let _ = parse(c, &long);
    let _ = parse(c, "\u{0}\u{7}\r\n\t\u{1b}[31m pizza \u{200f}\u{202e}");
    let _ = parse(c, &"9".repeat(1000));
    let _ = parse(c, "99999999999999999999 pizzas");
    let _ = parse(c, "x x x 2x x3 xx 3x3");
}

/// Found by the `parse` fuzz target ("peppe a peppe pie"): an option said before the
/// item and again with it was merged into the line twice, and pricing then refused the
/// line ("pepperoni is listed twice").
#[test]
fn a_choice_said_before_and_with_the_item_is_one_option() {
    let c = shop_cached();
    for (text, want) in [
        ("pepperoni on a large pepperoni pizza", vec![("size", "large", None), ("topping", "pepperoni", None)]),
        ("peppe a peppe pie", vec![("topping", "peppers", None)]),
        (
            "extra cheese on a medium cheese pizza",
            vec![("size", "medium", None), ("topping", "cheese", Some(chatorder::order::Amount::Extra))],
        ),
    ] {
        let p = parse(c, text);
        assert_eq!(p.lines.len(), 1, "{text}: {p:?}");
        let mut got: Vec<_> =
            p.lines[0].options.iter().map(|o| (o.group.as_str(), o.choice.as_str(), o.amount)).collect();
        got.sort();
        assert_eq!(got, want, "{text}");
        if let Err(e) = c.price_line(&p.lines[0]) {
            assert!(!matches!(e, chatorder::catalog::LineError::Duplicate { .. }), "{text}: {e}");
        }
    }
}

/// The accuracy reached on PIZZA dev (99.7%) minus one point.
const PIZZA_DEV_FLOOR: f64 = 0.987;

#[test]
fn pizza_dev_accuracy_holds() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/pizza");
    let file = std::path::Path::new(dir).join("PIZZA_dev.json");
    if !file.exists() {
        assert!(std::env::var_os("CI").is_none(), "the PIZZA dataset is missing at {dir} and CI is set");
        eprintln!("skipped: the PIZZA dataset is not at {dir}");
        return;
    }
    let examples = read_examples(&file, true).expect("dataset reads");
    let scores = evaluate(shop_cached(), &examples, None);
    assert!(
        scores.accuracy() >= PIZZA_DEV_FLOOR,
        "accuracy {:.4} below {PIZZA_DEV_FLOOR}; failures: {:#?}",
        scores.accuracy(),
        scores.failures
    );
}

/// 200 PIZZA-format orders written by a helper from the catalogs alone
/// (`tests/data/pizza/fresh_orders.json`): exclusions said as dislikes, passes and
/// leave-outs, shortened and split words, two or three misspellings. 71% before the
/// engine read those classes; held at its measured level.
#[test]
fn fresh_pizza_orders_hold_their_measured_level() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pizza/fresh_orders.json");
    let examples = read_examples(&file, true).expect("fresh orders read");
    assert_eq!(examples.len(), 200);
    let scores = evaluate(shop_cached(), &examples, None);
    assert!(
        scores.accuracy() >= 0.94,
        "accuracy {:.4} below 0.94; failures: {:#?}",
        scores.accuracy(),
        scores.failures
    );
}

/// Later rounds of PIZZA-format orders written the same way
/// (`tests/data/pizza/heldout{3,4,5,6,7}_orders.json`): 86.5%, 92.7%, 85.0%, 95.5% and
/// 100% when first measured. Three rounds have about two typos in each order, as typed
/// on a phone: `heldout7_typos` (the same orders as `heldout7`; 86.0% when first
/// measured, then worked on), `heldout8_typos` (82.7%, never read) and
/// `heldout9_typos` (65.5%, every kind of slip on purpose; worked on).
#[test]
fn later_pizza_orders_hold_their_measured_level() {
    let rounds = [
        ("heldout3_orders.json", 200, 0.955),
        ("heldout4_orders.json", 150, 0.96),
        ("heldout5_orders.json", 200, 0.98),
        ("heldout6_orders.json", 200, 0.975),
        ("heldout7_orders.json", 150, 1.0),
        ("heldout7_typos_orders.json", 150, 0.95),
        ("heldout8_typos_orders.json", 150, 0.90),
        ("heldout9_typos_orders.json", 200, 0.92),
    ];
    for (file, count, floor) in rounds {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pizza").join(file);
        let examples = read_examples(&path, true).expect("orders read");
        assert_eq!(examples.len(), count, "{file}");
        let scores = evaluate(shop_cached(), &examples, None);
        assert!(scores.accuracy() >= floor, "{file}: {:.4} below {floor}", scores.accuracy());
    }
}
