//! The FoodOrdering format read into the generated example menus' lines, and the
//! parser's exact match on the two synthetic sets (../shared/data/foodordering, not
//! shipped: runs when there, mandatory under `CI`, otherwise skipped with a notice).

use std::path::Path;

use chatorder::catalog::Catalog;
use chatorder::cli::eval::{evaluate, read_foodordering};
use chatorder::cli::foodordering::lines;

mod common;

fn shop(name: &str) -> Catalog {
    common::example_shop(name)
}

#[test]
fn a_tree_becomes_lines_of_the_shop_menu() {
    let c = shop("sub");
    let tree = "(SANDWICH_ORDER (NUMBER five ) (BASE_SANDWICH meatball marinara ) (NOT (TOPPING cucumbers ) ) \
                (COMPLEX (QUANTITY extra ) (TOPPING caesar ) ) ) (SIDE_ORDER (NUMBER two ) (SIDE_TYPE sun chips ) )";
    let got = lines(&c, tree).expect("well formed");
    let json = serde_json::to_string(&got).unwrap();
    assert_eq!(got.len(), 2, "{json}");
    assert_eq!((got[0].item.as_str(), got[0].quantity), ("sandwich", 5), "{json}");
    assert!(json.contains(r#""choice":"meatball_marinara""#) && json.contains(r#""amount":"extra""#), "{json}");
    assert_eq!(got[0].without.len(), 1, "{json}");
    assert_eq!(got[1].quantity, 2, "{json}");
    assert!(lines(&c, "(SANDWICH_ORDER (NUMBER five )").is_none());
}

#[test]
fn the_synthetic_orders_of_two_shops_parse_at_their_measured_level() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data/foodordering");
    if !data.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI is set but {} is missing", data.display());
        println!("skipped: {} is not there", data.display());
        return;
    }
    // Scored as the chat holds each order (see `chatorder eval`): the sub set's 26 misses
    // are lines that ask for a choice and exclude it too ("with peppers … don't add
    // pepper"), which the cart keeps only once.
    for (name, floor) in [("sub", 0.997), ("burrito", 0.97)] {
        let c = shop(name);
        let examples = read_foodordering(&c, &data.join(name).join("train_synthetic.json")).unwrap();
        let scores = evaluate(&c, &examples, None);
        println!("{name}: exact match {}/{} = {:.2}%", scores.exact, scores.total, scores.accuracy() * 100.0);
        assert!(scores.accuracy() >= floor, "{name}: {} below {floor}", scores.accuracy());
    }
}

/// Orders written by helpers as people type them, from each shop's schema and alias
/// lists alone (`tests/data/foodordering/`): 150 per shop, then 100, 75, 50 and 50 more
/// in four later rounds, each measured before the engine work that followed it.
#[test]
fn the_fresh_orders_of_four_shops_parse_at_their_measured_level() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // (set, shop, menu folder, orders, floor): each set's measured level.
    for (set, name, menu, count, floor) in [
        ("fresh", "burger", "burger", 150, 0.96),
        ("fresh", "burrito", "burrito", 150, 0.97),
        ("fresh", "coffee", "coffee_shop", 150, 0.99),
        ("fresh", "sub", "sub", 150, 0.99),
        ("heldout3", "burger", "burger", 100, 0.95),
        ("heldout3", "burrito", "burrito", 100, 0.97),
        ("heldout3", "coffee", "coffee_shop", 100, 0.97),
        ("heldout3", "sub", "sub", 100, 1.0),
        ("heldout4", "burger", "burger", 75, 0.96),
        ("heldout4", "burrito", "burrito", 75, 0.97),
        ("heldout4", "coffee", "coffee_shop", 75, 0.98),
        ("heldout4", "sub", "sub", 75, 0.97),
        ("heldout5", "burger", "burger", 50, 1.0),
        ("heldout5", "burrito", "burrito", 50, 0.98),
        ("heldout5", "coffee", "coffee_shop", 50, 0.96),
        ("heldout5", "sub", "sub", 50, 1.0),
        ("heldout6", "burger", "burger", 50, 0.98),
        ("heldout6", "burrito", "burrito", 50, 1.0),
        ("heldout6", "coffee", "coffee_shop", 50, 1.0),
        ("heldout6", "sub", "sub", 50, 1.0),
    ] {
        let c = shop(menu);
        let file = root.join("tests/data/foodordering").join(format!("{name}_{set}.jsonl"));
        let examples = read_foodordering(&c, &file).unwrap();
        assert_eq!(examples.len(), count, "{name} {set}");
        let scores = evaluate(&c, &examples, None);
        println!("{name}: exact match {}/{} = {:.2}%", scores.exact, scores.total, scores.accuracy() * 100.0);
        assert!(scores.accuracy() >= floor, "{name}: {} below {floor}", scores.accuracy());
    }
}

/// The engine's decisions on shops it was not written for come from the words around a
/// mention and the menu's structure.
#[test]
fn other_shops_are_read_by_attachment_and_structure() {
    use chatorder::engine::parse;
    let summary = |c: &Catalog, text: &str| -> Vec<String> {
        parse(c, text)
            .lines
            .iter()
            .map(|l| {
                let mut o: Vec<String> = l.options.iter().map(|o| o.choice.clone()).collect();
                o.sort();
                let w: Vec<String> = l.without.iter().map(|o| format!("-{}", o.choice)).collect();
                format!("{}*{} {} {}", l.item, l.quantity, o.join(","), w.join(","))
            })
            .collect()
    };
    let burrito = shop("burrito");
    // An item-or-option word after "and also", in the bowl's list: a topping. A choice of
    // another group after "and" ends the negation.
    assert_eq!(
        summary(&burrito, "two bowls with tofu white rice no beans and also guac sour cream"),
        ["burrito_bowl*2 guacamole,sour_cream,tofu,white_rice -black_beans,-pinto_beans"]
    );
    // "beans" is black or pinto: "no beans" excludes both; "with beans" takes the first
    // and says the choice is open.
    let p = parse(&burrito, "a burrito with chicken and beans");
    assert_eq!(p.undecided.len(), 1, "{p:?}");
    assert_eq!(p.undecided[0].choices, ["black_beans", "pinto_beans"]);
    assert_eq!(
        summary(&burrito, "a bowl with chicken and don't add any guacamole"),
        ["burrito_bowl*1 chicken -guacamole"]
    );
    assert_eq!(summary(&burrito, "a side of guac"), ["guacamole*1  "]);
    // "greens" (lettuce) is not "green salsa" through its stem.
    assert_eq!(summary(&burrito, "a salad with greens salsa"), ["salad*1 fresh_tomato_salsa,romaine_lettuce "]);
    let burger = shop("burger");
    // A size the burger cannot take belongs to the fries that follow.
    assert_eq!(
        summary(&burger, "a cheeseburger with lettuce large fries"),
        ["cheese_burger*1 lettuce ", "french_fries*1 large "]
    );
    assert_eq!(summary(&burger, "two sides of garlic fries"), ["garlic_fries*2  "]);
}

/// Conversations with the burrito shop (`tests/conversations/shops/burrito/`): a word
/// that means either of two choices is asked about.
#[test]
fn burrito_shop_conversations_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/conversations/shops/burrito");
    let results = chatorder::cli::test::run_dir(&shop("burrito"), &dir, &chatorder::acts::understand).unwrap();
    assert!(results.len() >= 2);
    let mut out = Vec::new();
    let code = chatorder::cli::test::report(&results, &mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    assert_eq!(code, 0, "{text}");
}

/// A shop's conversations (`tests/conversations/shops/<shop>/`) hold their level.
fn shop_holds_level(name: &str, files: usize, intended_at_least: usize, wrong_at_most: usize) {
    let folder = format!("tests/conversations/shops/{name}");
    common::holds_level(&shop(name), &folder, files, intended_at_least, wrong_at_most);
}

/// A noodle bar nobody on the team wrote: its menu and 50 conversations by a helper
/// playing its operator, from docs/menu.md alone (34 exactly as intended with the
/// eleventh round's starting engine; worked on after that).
#[test]
fn a_noodle_bar_written_by_its_operator_is_understood() {
    shop_holds_level("noodle", 50, 50, 0);
}

/// An Indian takeaway written the same way, and only measured, never read (45 exactly
/// as intended, 1 wrong with the eleventh round's starting engine).
#[test]
fn an_indian_takeaway_written_by_its_operator_is_understood() {
    shop_holds_level("curry", 50, 48, 1);
}

/// A taqueria written the same way (45 exactly as intended, 4 wrong with the twelfth
/// round's starting engine; worked on after that).
#[test]
fn a_taqueria_written_by_its_operator_is_understood() {
    shop_holds_level("taco", 50, 50, 0);
}

/// A bakery-café written the same way, and only measured, never read (44 exactly as
/// intended, 3 wrong with the twelfth round's starting engine).
#[test]
fn a_bakery_written_by_its_operator_is_understood() {
    shop_holds_level("bakery", 50, 46, 1);
}

/// A poke-bowl shop written the same way (40 exactly as intended, 1 wrong with the
/// thirteenth round's starting engine; worked on after that).
#[test]
fn a_poke_shop_written_by_its_operator_is_understood() {
    shop_holds_level("poke", 50, 45, 0);
}

/// A Greek street-food shop written the same way, and only measured, never read (46
/// exactly as intended, 2 wrong with the thirteenth round's starting engine).
#[test]
fn a_gyro_shop_written_by_its_operator_is_understood() {
    shop_holds_level("gyro", 50, 47, 2);
}

/// A sushi takeaway written the same way (44 exactly as intended, 3 wrong with the
/// thirteenth round's starting engine; worked on after that).
#[test]
fn a_sushi_shop_written_by_its_operator_is_understood() {
    shop_holds_level("sushi", 50, 50, 0);
}

/// An ice-cream parlour written the same way, and only measured, never read (41 exactly
/// as intended, 1 wrong with the thirteenth round's starting engine).
#[test]
fn an_ice_cream_parlour_written_by_its_operator_is_understood() {
    shop_holds_level("icecream", 50, 44, 1);
}

/// A Thai takeaway written the same way during the fourteenth round, and only measured,
/// never read (50 exactly as intended, none wrong with the round's starting engine).
#[test]
fn a_thai_takeaway_written_by_its_operator_is_understood() {
    shop_holds_level("thai", 50, 50, 0);
}

/// A wings shop written the same way during the fourteenth round (39 exactly as
/// intended, 5 wrong with the round's starting engine; worked on after that).
#[test]
fn a_wings_shop_written_by_its_operator_is_understood() {
    shop_holds_level("wings", 50, 46, 2);
}

/// A fish and chip shop written the same way at the end of the fourteenth round, and
/// only measured, never read (44 exactly as intended, none wrong, 6 too few, with the
/// round's starting engine and with its last).
#[test]
fn a_chip_shop_written_by_its_operator_is_understood() {
    shop_holds_level("chippy", 50, 44, 0);
}

/// A bubble tea shop written the same way at the start of the fifteenth round (sizes,
/// sugar and ice levels, toppings; 44 exactly as intended, 4 wrong with the round's
/// starting engine; worked on after that).
#[test]
fn a_bubble_tea_shop_written_by_its_operator_is_understood() {
    shop_holds_level("bubbletea", 50, 48, 0);
}

/// An American breakfast diner written the same way at the start of the fifteenth
/// round, and only measured, never read (37 exactly as intended, 9 wrong with the
/// round's starting engine).
#[test]
fn a_breakfast_diner_written_by_its_operator_is_understood() {
    shop_holds_level("diner", 50, 38, 8);
}

/// A New York deli and breakfast café written the same way mid fifteenth round (41
/// exactly as intended, 4 wrong with the round's starting engine; worked on after
/// that).
#[test]
fn a_deli_written_by_its_operator_is_understood() {
    shop_holds_level("deli", 50, 44, 1);
}

/// A dumpling and noodle house written the same way late in the fifteenth round, and
/// only measured, never read (46 exactly as intended, 3 wrong with the round's
/// starting engine).
#[test]
fn a_dumpling_house_written_by_its_operator_is_understood() {
    shop_holds_level("dumpling", 50, 46, 3);
}

/// A smoothie and juice bar written the same way at the start of the sixteenth round
/// (35 exactly as intended, 6 wrong with the round's starting engine; worked on in the
/// seventeenth: 36 and 6; 37 and 5 in the eighteenth).
#[test]
fn a_smoothie_bar_written_by_its_operator_is_understood() {
    shop_holds_level("smoothie", 50, 40, 2);
}

/// A salad and grain-bowl bar written the same way at the start of the seventeenth
/// round, and only measured, never read (47 exactly as intended, 1 wrong with the
/// round's starting engine, the same at its end).
#[test]
fn a_salad_bar_written_by_its_operator_is_understood() {
    shop_holds_level("saladbar", 50, 47, 1);
}

/// A Texas barbecue smokehouse written the same way at the start of the eighteenth
/// round, and only measured, never read (35 exactly as intended, 4 wrong with the
/// round's starting engine).
#[test]
fn a_smokehouse_written_by_its_operator_is_understood() {
    shop_holds_level("bbq", 50, 39, 4);
}

/// A Vietnamese takeaway (pho, banh mi, rolls) written the same way at the start of the
/// eighteenth round (37 exactly as intended, 9 wrong with the round's starting engine;
/// worked on after that: 42 and 5).
#[test]
fn a_vietnamese_takeaway_written_by_its_operator_is_understood() {
    shop_holds_level("pho", 50, 43, 5);
}

/// A Korean fried chicken shop written the same way at the start of the nineteenth
/// round, and only measured, never read (32 exactly as intended, 6 wrong with the
/// round's starting engine).
#[test]
fn a_korean_fried_chicken_shop_written_by_its_operator_is_understood() {
    shop_holds_level("kchicken", 50, 33, 5);
}

/// A doughnut and coffee shop written the same way at the start of the nineteenth round
/// (39 exactly as intended, 4 wrong with the round's starting engine; worked on after
/// that: 44 and 4).
#[test]
fn a_doughnut_shop_written_by_its_operator_is_understood() {
    shop_holds_level("donut", 50, 44, 3);
}

/// A crêpe and waffle café written the same way at the start of the twentieth round
/// (47 exactly as intended, 2 wrong with the round's starting engine).
#[test]
fn a_crepe_cafe_written_by_its_operator_is_understood() {
    shop_holds_level("crepe", 50, 47, 2);
}

/// A New York bagel shop written the same way at the start of the twentieth round, and
/// only measured, never read (37 exactly as intended, 7 wrong with the round's starting
/// engine).
#[test]
fn a_bagel_shop_written_by_its_operator_is_understood() {
    shop_holds_level("bagel", 50, 38, 7);
}

/// A fast-casual pasta bar written the same way at the start of the twenty-first round
/// (48 exactly as intended, 2 wrong with the round's starting engine).
#[test]
fn a_pasta_bar_written_by_its_operator_is_understood() {
    shop_holds_level("pasta", 50, 48, 2);
}

/// A hot dog stand written the same way at the start of the twenty-first round, and
/// only measured, never read (43 exactly as intended, 3 wrong with the round's starting
/// engine).
#[test]
fn a_hot_dog_stand_written_by_its_operator_is_understood() {
    shop_holds_level("hotdog", 50, 44, 3);
}

/// A Philadelphia cheesesteak and hoagie shop written the same way at the start of the
/// twenty-second round (42 exactly as intended, 5 wrong with the round's starting
/// engine).
#[test]
fn a_cheesesteak_shop_written_by_its_operator_is_understood() {
    shop_holds_level("cheesesteak", 50, 43, 5);
}

/// A Chinese takeaway written the same way at the start of the twenty-third round, and
/// only measured, never read (39 exactly as intended, 4 wrong with the round's starting
/// engine).
#[test]
fn a_chinese_takeaway_written_by_its_operator_is_understood() {
    shop_holds_level("chinese", 50, 39, 4);
}

/// A Jamaican takeaway written the same way at the start of the twenty-third round (45
/// exactly as intended, 3 wrong with the round's starting engine; 49 and 0 after it).
#[test]
fn a_caribbean_takeaway_written_by_its_operator_is_understood() {
    shop_holds_level("caribbean", 50, 49, 0);
}

/// A brunch café written the same way at the start of the twenty-fourth round, and only
/// measured, never read (36 exactly as intended, 11 wrong with the round's starting
/// engine).
#[test]
fn a_brunch_cafe_written_by_its_operator_is_understood() {
    shop_holds_level("brunch", 50, 36, 11);
}

/// A ramen bar written the same way at the start of the twenty-fourth round (35 exactly
/// as intended, 10 wrong with the round's starting engine; 47 and 2 after it).
#[test]
fn a_ramen_bar_written_by_its_operator_is_understood() {
    shop_holds_level("ramen", 50, 47, 2);
}

/// A seafood shack written the same way at the start of the twenty-fifth round, and
/// only measured, never read (43 exactly as intended, 6 wrong with the round's starting
/// engine, and after it).
#[test]
fn a_seafood_shack_written_by_its_operator_is_understood() {
    shop_holds_level("seafood", 50, 43, 6);
}

/// An Argentinian empanada shop written the same way at the start of the twenty-fifth
/// round (43 exactly as intended, 3 wrong with the round's starting engine; 43 and 4
/// after it: a customer's "sí" now places an order the engine reads wrongly).
#[test]
fn an_empanada_shop_written_by_its_operator_is_understood() {
    shop_holds_level("empanada", 50, 43, 4);
}

/// A falafel and shawarma shop written the same way at the start of the twenty-second
/// round, and only measured, never read (38 exactly as intended, 11 wrong with the
/// round's starting engine).
#[test]
fn a_falafel_shop_written_by_its_operator_is_understood() {
    shop_holds_level("falafel", 50, 38, 11);
}

/// An Italian trattoria takeaway written the same way at the start of the sixteenth
/// round, and only measured, never read (40 exactly as intended, 4 wrong with the
/// round's starting engine).
#[test]
fn a_trattoria_written_by_its_operator_is_understood() {
    shop_holds_level("trattoria", 50, 40, 3);
}

/// The burger example (generated from the FoodOrdering schema) with 50 conversations
/// a helper wrote from its menu (48 exactly as intended, 1 wrong with the thirteenth
/// round's starting engine; worked on after that).
#[test]
fn the_burger_example_holds_its_conversations() {
    shop_holds_level("burger", 50, 49, 0);
}
