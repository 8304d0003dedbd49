//! Unit tests of the state machine with hand-built parses over the demo menu.

use crate::catalog::Catalog;
use crate::engine::{Parse, Target, Topic, Unknown};
use crate::order::{Amount, OptionRef, OrderLine};

use super::cart::line_key;
use super::state::{step, DialogueState, Effect, OrderStatus, Phase, TurnContext};

fn catalog() -> Catalog {
    let root = env!("CARGO_MANIFEST_DIR");
    Catalog::load(format!("{root}/menu").as_ref(), format!("{root}/intents").as_ref()).unwrap_or_else(|e| panic!("{e}"))
}

fn p(intent: &str) -> Parse {
    Parse::new("", intent.into(), 1.0)
}

fn line(item: &str, q: u32, opts: &[(&str, &str)]) -> OrderLine {
    let mut l = OrderLine::new(item, q);
    l.options = opts.iter().map(|(g, c)| OptionRef::new(g, c)).collect();
    l
}

fn add(lines: Vec<OrderLine>) -> Parse {
    Parse { lines, ..p("order.add") }
}

fn attrs(intent: &str, opts: &[(&str, &str)]) -> Parse {
    let mut x = p(intent);
    x.attributes.options = opts.iter().map(|(g, c)| OptionRef::new(g, c)).collect();
    x
}

/// Runs turns and returns every turn's state and reply.
struct Chat {
    catalog: Catalog,
    state: DialogueState,
    turn: u64,
    placed: Vec<Vec<String>>,
    reply: String,
}

impl Chat {
    fn new() -> Self {
        Self { catalog: catalog(), state: DialogueState::new(), turn: 0, placed: Vec::new(), reply: String::new() }
    }

    fn say(&mut self, parse: Parse) -> &mut Self {
        self.turn += 1;
        let ctx = TurnContext { seed: self.turn, ..TurnContext::default() };
        let t = step(&self.catalog, &self.state, &parse, &ctx);
        t.state.check(&self.catalog).unwrap_or_else(|e| panic!("{e} after {parse:?}: {:?}", t.state));
        assert!(!t.reply.trim().is_empty());
        for e in &t.effects {
            if let Effect::PlaceOrder(order) = e {
                self.placed.push(order.order.lines.iter().map(|l| line_key(&self.catalog, &l.line)).collect());
            }
        }
        self.state = t.state;
        self.reply = t.reply;
        self
    }

    fn cart(&self) -> Vec<String> {
        self.state.cart.lines.iter().map(|l| line_key(&self.catalog, l)).collect()
    }

    fn phase(&self) -> &'static str {
        self.state.phase.name()
    }
}

#[test]
fn a_pizza_without_size_asks_for_it_and_takes_the_answer() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 1, &[("topping", "pepperoni")])]));
    assert_eq!(c.phase(), "awaiting_option");
    assert!(c.reply.contains("pepperoni pizza"), "{}", c.reply);
    assert!(c.reply.contains("large ($15.99)"), "{}", c.reply);
    c.say(attrs("fallback", &[("size", "large")]));
    assert_eq!(c.cart(), ["1 x pizza (large, pepperoni)"]);
    assert_eq!(c.phase(), "ordering");
}

#[test]
fn an_answer_can_come_with_another_item() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 1, &[])]));
    let mut answer = attrs("order.add", &[("size", "large")]);
    answer.lines = vec![line("coke", 1, &[])];
    c.say(answer);
    assert_eq!(c.cart(), ["1 x pizza (large)", "1 x coke"]);
}

#[test]
fn two_pizzas_missing_sizes_are_asked_one_at_a_time() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 1, &[("topping", "pepperoni")]), line("pizza", 1, &[("topping", "mushrooms")])]));
    assert!(c.reply.contains("pepperoni pizza") && !c.reply.contains("mushrooms pizza"), "{}", c.reply);
    c.say(attrs("order.modify", &[("size", "small")]));
    assert!(c.reply.contains("mushrooms pizza"), "{}", c.reply);
    c.say(attrs("fallback", &[("size", "large")]));
    assert_eq!(c.cart(), ["1 x pizza (small, pepperoni)", "1 x pizza (large, mushrooms)"]);
}

#[test]
fn pronoun_edits_change_the_line_touched_last() {
    let mut c = Chat::new();
    c.say(add(vec![line("coke", 1, &[]), line("pizza", 1, &[("size", "large")])]));
    let mut two = p("order.modify");
    two.target = Some(Target { pronoun: true, ..Target::default() });
    two.attributes.quantity = Some(2);
    c.say(add(vec![line("sprite", 1, &[])]));
    c.say(two);
    assert_eq!(c.cart(), ["1 x coke", "1 x pizza (large)", "2 x sprite"]);
    let mut medium = attrs("order.modify", &[("size", "medium")]);
    medium.target = Some(Target { item: Some("pizza".into()), ..Target::default() });
    c.say(medium);
    assert_eq!(c.cart()[1], "1 x pizza (medium)");
}

#[test]
fn them_applies_to_every_line_added_together() {
    let mut c = Chat::new();
    c.say(add(vec![
        line("pizza", 1, &[("size", "small"), ("topping", "pepperoni")]),
        line("pizza", 1, &[("size", "small")]),
    ]));
    // "make them large"
    let mut large = attrs("order.modify", &[("size", "large")]);
    large.target = Some(Target { pronoun: true, ..Target::default() });
    large.plural = true;
    c.say(large);
    assert_eq!(c.cart(), ["1 x pizza (large, pepperoni)", "1 x pizza (large)"]);
}

#[test]
fn it_with_several_lines_changes_the_size_said_or_asks_which() {
    let medium = || {
        let mut medium = attrs("order.modify", &[("size", "medium")]);
        medium.target = Some(Target { pronoun: true, ..Target::default() });
        medium
    };
    // "make it a medium" after two large pizzas and a coke: the size said changes.
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 2, &[("size", "large")]), line("coke", 1, &[])]));
    c.say(medium());
    assert_eq!(c.cart(), ["2 x pizza (medium)", "1 x coke"]);
    // With a size said for both, a pizza or the coke? It asks.
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 2, &[("size", "large")]), line("coke", 1, &[("size", "large")])]));
    c.say(medium());
    assert_eq!(c.cart(), ["2 x pizza (large)", "1 x coke (large)"]);
    assert_eq!(c.phase(), "clarifying");
}

#[test]
fn an_ambiguous_reference_asks_which_and_the_answer_resolves_it() {
    let mut c = Chat::new();
    c.say(add(vec![
        line("pizza", 1, &[("size", "large"), ("topping", "pepperoni")]),
        line("pizza", 1, &[("size", "small"), ("style", "vegetarian")]),
    ]));
    c.state.last.clear();
    let mut remove = p("order.remove");
    remove.target = Some(Target { item: Some("pizza".into()), ..Target::default() });
    c.say(remove);
    assert_eq!(c.phase(), "clarifying");
    assert!(c.reply.contains("the large pepperoni or the small vegetarian"), "{}", c.reply);
    c.say(attrs("order.modify", &[("size", "small")]));
    assert_eq!(c.cart(), ["1 x pizza (large, pepperoni)"]);
}

#[test]
fn change_the_coke_to_a_sprite_keeps_quantity_and_container() {
    let mut c = Chat::new();
    c.say(add(vec![line("coke", 2, &[("container", "bottle")])]));
    let mut change = p("order.modify");
    change.target = Some(Target { item: Some("coke".into()), ..Target::default() });
    change.lines = vec![line("sprite", 1, &[])];
    c.say(change);
    assert_eq!(c.cart(), ["2 x sprite (bottle)"]);
}

#[test]
fn the_second_pizza_with_no_olives_and_no_mushrooms_take_toppings_off() {
    let mut c = Chat::new();
    c.say(add(vec![
        line("pizza", 1, &[("size", "large"), ("topping", "mushrooms")]),
        line("pizza", 1, &[("size", "small"), ("topping", "olives")]),
    ]));
    let mut second = p("order.modify");
    second.target = Some(Target { item: Some("pizza".into()), position: Some(2), ..Target::default() });
    second.attributes.without = vec![OptionRef::new("topping", "olives")];
    c.say(second);
    assert_eq!(c.cart(), ["1 x pizza (large, mushrooms)", "1 x pizza (small)"]);
    let mut no_mushrooms = p("order.modify");
    no_mushrooms.attributes.without = vec![OptionRef::new("topping", "mushrooms")];
    c.say(no_mushrooms);
    assert_eq!(c.cart(), ["1 x pizza (large)", "1 x pizza (small)"]);
    let mut no_onions = p("order.modify");
    no_onions.target = Some(Target { position: Some(1), ..Target::default() });
    no_onions.attributes.without = vec![OptionRef::new("topping", "onions")];
    c.say(no_onions);
    assert_eq!(c.cart()[0], "1 x pizza (large, no onions)");
}

#[test]
fn extra_cheese_goes_on_the_last_pizza() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 1, &[("size", "medium")])]));
    let mut extra = p("order.add");
    extra.attributes.options = vec![OptionRef::new("topping", "cheese").with_amount(Some(Amount::Extra))];
    c.say(extra);
    assert_eq!(c.cart(), ["1 x pizza (medium, extra cheese)"]);
}

#[test]
fn removing_by_item_category_and_quantity() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 2, &[("size", "large")]), line("coke", 1, &[]), line("sprite", 1, &[])]));
    let mut one = p("order.remove");
    one.target = Some(Target { item: Some("pizza".into()), quantity: Some(1), ..Target::default() });
    c.say(one);
    assert_eq!(c.cart(), ["1 x pizza (large)", "1 x coke", "1 x sprite"]);
    let mut drinks = p("order.remove");
    drinks.target = Some(Target { category: Some("drink".into()), ..Target::default() });
    c.say(drinks);
    assert_eq!(c.cart(), ["1 x pizza (large)"]);
    c.say(p("undo"));
    assert_eq!(c.cart(), ["1 x pizza (large)", "1 x coke", "1 x sprite"]);
    c.say(p("undo"));
    assert_eq!(c.cart(), ["2 x pizza (large)", "1 x coke", "1 x sprite"]);
}

#[test]
fn checkout_confirm_and_place_then_a_fresh_cart() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 1, &[("size", "large")]), line("coke", 1, &[])]));
    c.say(p("checkout"));
    assert_eq!(c.phase(), "confirming");
    assert!(c.reply.contains("$17.98"), "{}", c.reply);
    c.say(p("deny"));
    assert_eq!(c.phase(), "ordering");
    c.say(p("deny"));
    assert_eq!(c.phase(), "confirming");
    c.say(p("affirm"));
    assert_eq!(c.placed, vec![vec!["1 x pizza (large)".to_owned(), "1 x coke (can)".to_owned()]]);
    assert_eq!(c.phase(), "idle");
    assert!(c.cart().is_empty());
    c.say(p("undo"));
    assert!(c.cart().is_empty(), "a placed order cannot be undone back into the cart");
    c.say(add(vec![line("sprite", 1, &[])]));
    assert_eq!(c.cart(), ["1 x sprite"]);
    assert_eq!(c.state.orders_placed, 1);
}

#[test]
fn a_chat_order_keeps_the_order_line_limit() {
    let mut c = Chat::new();
    let max = crate::catalog::MAX_LINES;
    // (Lines alike are one line: each of these is for someone else.)
    let cokes = |n: usize| -> Vec<OrderLine> {
        (0..n).map(|i| OrderLine { owner: Some(format!("guest {i}")), ..line("coke", 1, &[]) }).collect()
    };
    c.state.cart.lines = cokes(max + 1);
    c.say(p("checkout"));
    assert_ne!(c.phase(), "confirming");
    assert!(c.reply.contains(&format!("at most {max} lines")), "{}", c.reply);
    c.state.phase = Phase::Confirming;
    c.say(p("affirm"));
    assert!(c.placed.is_empty(), "an order over the limit is never placed");
    c.state.cart.lines.pop();
    c.say(p("checkout")).say(p("affirm"));
    assert_eq!(c.placed.len(), 1);
    assert_eq!(c.placed[0].len(), max);

    // Adding past the limit leaves the cart as it was and says so at once.
    c.state.cart.lines = cokes(max);
    c.say(add(vec![line("sprite", 1, &[]), line("coke", 2, &[])]));
    assert!(c.reply.contains(&format!("at most {max} lines")), "{}", c.reply);
    assert_eq!(c.state.cart.lines, cokes(max));
}

#[test]
fn cancel_is_confirmed_when_the_cart_has_lines() {
    let mut c = Chat::new();
    c.say(p("cancel"));
    assert_eq!(c.phase(), "idle");
    c.say(add(vec![line("coke", 1, &[])]));
    c.say(p("cancel"));
    assert_eq!(c.phase(), "confirming_cancel");
    c.say(p("deny"));
    assert_eq!(c.cart(), ["1 x coke"]);
    c.say(p("cancel")).say(p("affirm"));
    assert!(c.cart().is_empty());
    c.say(p("undo"));
    assert_eq!(c.cart(), ["1 x coke"]);
}

#[test]
fn questions_are_answered_from_the_catalog() {
    let mut c = Chat::new();
    let mut toppings = p("menu.ask");
    toppings.topic = Some(Topic { group: Some("topping".into()), ..Topic::default() });
    c.say(toppings);
    assert!(c.reply.contains("pepperoni") && c.reply.contains("mushrooms"), "{}", c.reply);
    let mut vegan = p("menu.ask");
    vegan.topic = Some(Topic { tag: Some("vegan".into()), ..Topic::default() });
    c.say(vegan);
    assert!(c.reply.contains("Breadsticks") && c.reply.contains("artichokes"), "{}", c.reply);
    assert!(!c.reply.contains("Pepperoni"), "{}", c.reply);
    let mut price = p("price.ask");
    price.lines = vec![line("pizza", 1, &[("size", "large")])];
    c.say(price);
    assert!(c.reply.contains("$15.99"), "{}", c.reply);
    let mut sizes = p("price.ask");
    sizes.lines = vec![line("pizza", 1, &[])];
    c.say(sizes);
    assert!(c.reply.contains("small ($9.99)"), "{}", c.reply);
    c.say(add(vec![line("coke", 2, &[])])).say(p("price.ask"));
    assert!(c.reply.contains("$3.98"), "{}", c.reply);
}

#[test]
fn unknown_words_get_the_engines_suggestion() {
    let mut c = Chat::new();
    let mut x = p("fallback");
    x.unknown = vec![Unknown { word: "peperony".into(), english: false, suggestion: Some("pepperoni".into()) }];
    c.say(x);
    assert!(c.reply.contains("did you mean pepperoni") || c.reply.contains("Did you mean pepperoni"), "{}", c.reply);
}

#[test]
fn an_unavailable_item_is_refused_with_alternatives() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut c = Chat::new();
    let menu = std::fs::read_to_string(format!("{root}/menu/sides.toml"))
        .unwrap()
        .replace("id = \"tiramisu\"\nname = \"Tiramisu\"", "id = \"tiramisu\"\nname = \"Tiramisu\"\navailable = false");
    let read =
        |f: &str| crate::catalog::Source::new(f.as_ref(), std::fs::read_to_string(format!("{root}/{f}")).unwrap());
    c.catalog = Catalog::from_sources(
        &[
            read("menu/pizza.toml"),
            read("menu/drinks.toml"),
            crate::catalog::Source::new("menu/sides.toml".as_ref(), menu),
        ],
        &[read("intents/core.toml"), read("intents/replies.toml")],
    )
    .unwrap();
    c.say(add(vec![line("tiramisu", 1, &[])]));
    assert!(c.cart().is_empty());
    assert!(c.reply.contains("Tiramisu") && c.reply.contains("Chocolate brownie"), "{}", c.reply);
}

#[test]
fn where_is_my_order_reads_the_context() {
    let catalog = catalog();
    let ctx = TurnContext {
        seed: 1,
        latest_order: Some(OrderStatus {
            id: 42,
            status: "preparing".into(),
            total_cents: 1599,
            lines: Vec::new(),
            ready_at_ms: Some(20 * 60_000),
        }),
        now_ms: 0,
        ..TurnContext::default()
    };
    let t = step(&catalog, &DialogueState::new(), &p("status.ask"), &ctx);
    assert!(t.reply.contains("preparing") && t.reply.contains("$15.99"), "{}", t.reply);
    assert!(t.reply.contains("about 20 minutes"), "{}", t.reply);
    let none = step(&catalog, &DialogueState::new(), &p("status.ask"), &TurnContext::default());
    assert!(!none.reply.contains("preparing"));
}

#[test]
fn the_state_survives_a_json_round_trip() {
    let mut c = Chat::new();
    c.say(add(vec![line("pizza", 1, &[("size", "large")]), line("pizza", 1, &[("size", "small")])]));
    c.state.last.clear();
    let mut remove = p("order.remove");
    remove.target = Some(Target { item: Some("pizza".into()), ..Target::default() });
    c.say(remove);
    let json = serde_json::to_string(&c.state).unwrap();
    let back: DialogueState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c.state);
    assert!(matches!(back.phase, Phase::Clarifying { .. }));
}

/// Every phase meets every intent, with and without content: no panic, a reply,
/// and a state whose invariants hold.
#[test]
fn every_phase_answers_every_intent_sensibly() {
    let catalog = catalog();
    let intents = [
        "greet",
        "help",
        "order.add",
        "order.modify",
        "order.remove",
        "order.show",
        "checkout",
        "affirm",
        "deny",
        "cancel",
        "undo",
        "menu.ask",
        "price.ask",
        "status.ask",
        "fallback",
    ];
    let setups: Vec<(&str, Vec<Parse>)> = vec![
        ("idle", vec![]),
        ("ordering", vec![add(vec![line("pizza", 1, &[("size", "large")]), line("coke", 1, &[])])]),
        ("awaiting_option", vec![add(vec![line("coke", 1, &[]), line("pizza", 1, &[])])]),
        (
            "clarifying",
            vec![
                add(vec![line("pizza", 1, &[("size", "large")])]),
                add(vec![line("pizza", 1, &[("size", "small")])]),
                {
                    let mut r = p("order.remove");
                    r.target = Some(Target { item: Some("pizza".into()), ..Target::default() });
                    r
                },
            ],
        ),
        ("confirming", vec![add(vec![line("coke", 1, &[])]), p("checkout")]),
        ("confirming_cancel", vec![add(vec![line("coke", 1, &[])]), p("cancel")]),
    ];
    let contents: Vec<Box<dyn Fn(Parse) -> Parse>> = vec![
        Box::new(|x| x),
        Box::new(|mut x| {
            x.lines = vec![line("pizza", 2, &[("topping", "olives")])];
            x
        }),
        Box::new(|mut x| {
            x.attributes.options = vec![OptionRef::new("size", "medium")];
            x.attributes.quantity = Some(3);
            x
        }),
        Box::new(|mut x| {
            x.target = Some(Target { pronoun: true, ..Target::default() });
            x.attributes.without = vec![OptionRef::new("topping", "olives")];
            x
        }),
        Box::new(|mut x| {
            x.target = Some(Target { item: Some("coke".into()), position: Some(3), ..Target::default() });
            x.topic = Some(Topic { category: Some("drink".into()), ..Topic::default() });
            x
        }),
    ];
    for (name, setup) in &setups {
        let mut state = DialogueState::new();
        for (i, s) in setup.iter().enumerate() {
            state = step(&catalog, &state, s, &TurnContext { seed: i as u64, ..TurnContext::default() }).state;
        }
        assert_eq!(state.phase.name(), *name, "setup for {name}");
        for intent in intents {
            for (k, content) in contents.iter().enumerate() {
                let parse = content(p(intent));
                let t = step(&catalog, &state, &parse, &TurnContext { seed: k as u64, ..TurnContext::default() });
                assert!(!t.reply.trim().is_empty(), "{name} + {intent} #{k}: empty reply");
                assert!(!t.reply.contains('{'), "{name} + {intent} #{k}: unfilled template: {}", t.reply);
                t.state.check(&catalog).unwrap_or_else(|e| panic!("{name} + {intent} #{k}: {e}: {:?}", t.state));
                if !t.effects.is_empty() {
                    assert_eq!(*name, "confirming", "only a confirmation places an order");
                }
            }
        }
    }
}

/// The one description of the transitions (docs/dialogue.md) covers every phase.
#[test]
fn the_transition_docs_cover_every_phase() {
    let docs = include_str!("../../docs/dialogue.md");
    let transitions = &docs[docs.find("## Transitions").expect("docs/dialogue.md has a Transitions section")..];
    let every_phase = |p: &Phase| match p {
        Phase::Idle
        | Phase::Ordering
        | Phase::AwaitingOption { .. }
        | Phase::Choosing { .. }
        | Phase::Clarifying { .. }
        | Phase::Confirming
        | Phase::ConfirmingCancel
        | Phase::ConfirmingOrderCancel { .. }
        | Phase::AwaitingDetail { .. } => (),
    };
    let names = [
        "idle",
        "ordering",
        "awaiting_option",
        "choosing",
        "clarifying",
        "confirming",
        "confirming_cancel",
        "confirming_order_cancel",
        "awaiting_detail",
    ];
    every_phase(&Phase::Idle);
    for name in names {
        assert!(transitions.contains(&format!("`{name}")), "docs/dialogue.md's transitions do not mention `{name}`");
    }
}
