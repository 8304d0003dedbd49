//! The act stage on the shipped word lists: acts by composition, questions, other topics.

use super::{understand, Act, Kind};
use crate::catalog::Catalog;

fn catalog() -> Catalog {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Catalog::load(&root.join("menu"), &root.join("intents")).unwrap_or_else(|e| panic!("{e}"))
}

fn kind_and_acts(c: &Catalog, text: &str) -> (Kind, Vec<Act>) {
    let p = crate::engine::parse(c, text);
    let r = super::read(c, &p);
    (r.kind, r.acts)
}

#[test]
fn acts_compose_from_word_classes() {
    let c = catalog();
    use Act::*;
    let cases: &[(&str, &[Act])] = &[
        ("yep, sounds right, thank you!", &[Affirm, Thanks]),
        ("cheers, that's everything", &[Thanks, Done]),
        ("i don't think so", &[Deny]),
        ("that is not false", &[Affirm]),
        ("no, that's not right", &[Deny]),
        ("not really", &[Deny]),
        ("thanks so much for your help", &[Thanks]),
        ("ok bye", &[Affirm, Goodbye]),
        ("hold on a sec", &[Wait]),
        ("hey there, how's it going", &[Greet]),
        ("it was nice talking to you", &[Goodbye]),
    ];
    for (text, want) in cases {
        let (kind, mut acts) = kind_and_acts(&c, text);
        acts.sort();
        let mut want = want.to_vec();
        want.sort();
        assert_eq!((kind, acts), (Kind::Acts, want), "{text}");
    }
}

#[test]
fn orders_keep_the_acts_at_their_edges() {
    let c = catalog();
    let p = understand(&c, "hi, a large margherita please");
    assert_eq!(p.intent, "order.add");
    assert!(p.acts.contains(&Act::Greet));
    let p = understand(&c, "two cokes, that's all thanks");
    assert_eq!(p.intent, "order.add");
    assert!(p.closing.contains(&Act::Done));
    // "no onions" is the order's negation, not an answer.
    let p = understand(&c, "no onions on it");
    assert!(!p.acts.contains(&Act::Deny), "{p:?}");
}

#[test]
fn questions_order_nothing_and_requests_stay_orders() {
    let c = catalog();
    for q in [
        "does the veggie pizza have mushrooms?",
        "is the pizza gluten free",
        "what sizes does the coke come in",
        "do u have gluten free pizza",
        "hello, do you have anything vegan",
        "hi i have celiac so do you have a gluten free crust?",
    ] {
        let p = understand(&c, q);
        assert!(p.lines.is_empty() || p.intent == "menu.ask" || p.intent == "price.ask", "{q}: {p:?}");
        assert!(!p.intent.is_order(), "{q}: {}", p.intent);
    }
    for r in [
        "can i get a large pepperoni pizza",
        "could you add a coke",
        "how about a coke",
        "can u get me a pizza",
        "could you do me a large pizza, half ham half pineapple",
        "would it be possible to get a large pizza?",
    ] {
        assert_eq!(understand(&c, r).intent, "order.add", "{r}");
    }
}

#[test]
fn an_act_in_a_clause_of_its_own_holds_beside_other_talk() {
    let c = catalog();
    assert_eq!(understand(&c, "hmm actually cancel it all, i'll cook instead").intent, "cancel");
    assert_eq!(understand(&c, "go back to whisper mode, please").intent, "other");
}

#[test]
fn other_topics_touch_nothing() {
    let c = catalog();
    for text in [
        "set a timer for 6 minutes",
        "i want a new insurance plan",
        "tell me a joke",
        "please remove an event from this calendar",
    ] {
        let p = understand(&c, text);
        assert_eq!(p.intent, "other", "{text}: {p:?}");
        assert!(p.lines.is_empty() && p.attributes.is_empty() && p.target.is_none(), "{text}");
    }
}
