//! Table-driven cases over the real `menu/` and `intents/` (and the coffee example
//! menu): utterance → intent, lines, target, attributes, topic, in a compact notation:
//! a line is `item*quantity group:choice[@amount] ... -excluded`, lines are joined by
//! ` | `; a target is `item=… category=… position=… quantity=… pronoun options`.

use chatorder::catalog::{Catalog, Source};
use chatorder::engine::{parse, Parse};
use chatorder::order::{OptionRef, OrderLine};

mod common;

fn shop() -> Catalog {
    common::shipped().clone()
}

fn coffee() -> Catalog {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |p: &str| {
        let path = format!("{root}/{p}");
        Source::new(path.as_ref(), std::fs::read_to_string(&path).expect("readable"))
    };
    Catalog::from_sources(&[read("menu/examples/coffee.toml")], &[read("intents/core.toml")]).expect("coffee loads")
}

fn opt(o: &OptionRef) -> String {
    let amount =
        o.amount.map(|a| format!("@{}", serde_json::to_value(a).unwrap().as_str().unwrap())).unwrap_or_default();
    format!("{}:{}{amount}", o.group, o.choice)
}

fn line(l: &OrderLine) -> String {
    let mut s = format!("{}*{}", l.item, l.quantity);
    let mut o: Vec<String> = l.options.iter().map(opt).collect();
    o.sort();
    for x in o {
        s.push(' ');
        s.push_str(&x);
    }
    let mut w: Vec<String> = l.without.iter().map(opt).collect();
    w.sort();
    for x in w {
        s.push_str(" -");
        s.push_str(&x);
    }
    s
}

/// The parse in the table's notation: (intent, lines, target, attributes, topic).
fn render(p: &Parse) -> [String; 5] {
    let lines = p.lines.iter().map(line).collect::<Vec<_>>().join(" | ");
    let target = p
        .target
        .as_ref()
        .map(|t| {
            let mut v = Vec::new();
            if let Some(i) = &t.item {
                v.push(format!("item={i}"));
            }
            if let Some(c) = &t.category {
                v.push(format!("category={c}"));
            }
            if let Some(n) = t.position {
                v.push(format!("position={n}"));
            }
            if let Some(n) = t.quantity {
                v.push(format!("quantity={n}"));
            }
            if t.pronoun {
                v.push("pronoun".into());
            }
            v.extend(t.options.iter().map(opt));
            v.join(" ")
        })
        .unwrap_or_default();
    let a = &p.attributes;
    let mut attrs = Vec::new();
    if let Some(q) = a.quantity {
        attrs.push(format!("quantity={q}"));
    }
    attrs.extend(a.options.iter().map(opt));
    attrs.extend(a.without.iter().map(|o| format!("-{}", opt(o))));
    let topic = p
        .topic
        .as_ref()
        .map(|t| {
            let mut v = Vec::new();
            if let Some(g) = &t.group {
                v.push(format!("group={g}"));
            }
            if let Some(c) = &t.category {
                v.push(format!("category={c}"));
            }
            if let Some(x) = &t.tag {
                v.push(format!("tag={x}"));
            }
            v.join(" ")
        })
        .unwrap_or_default();
    [p.intent.to_string(), lines, target, attrs.join(" "), topic]
}

type Case = (&'static str, [&'static str; 5]);

const fn case(
    text: &'static str,
    intent: &'static str,
    lines: &'static str,
    target: &'static str,
    attributes: &'static str,
    topic: &'static str,
) -> Case {
    (text, [intent, lines, target, attributes, topic])
}

fn run(catalog: &Catalog, cases: &[Case]) {
    let mut failures = Vec::new();
    for (text, want) in cases {
        let got = render(&parse(catalog, text));
        if got.iter().zip(want).any(|(g, w)| g != w) {
            failures.push(format!("{text:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

const SHOP: &[Case] = &[
    case("go easy on the cheese on a large pizza", "order.add", "pizza*1 size:large topping:cheese@light", "", "", ""),
    case(
        "two large pepperoni pizzas and a diet coke",
        "order.add",
        "pizza*2 size:large topping:pepperoni | diet_coke*1",
        "",
        "",
        "",
    ),
    case(
        "a large pizza with extra cheese and no onions and a coke",
        "order.add",
        "pizza*1 size:large topping:cheese@extra -topping:onions | coke*1",
        "",
        "",
        "",
    ),
    case(
        "two medium pizzas with sausage and olives and three large with pepperoni",
        "order.add",
        "pizza*2 size:medium topping:olives topping:sausage | pizza*3 size:large topping:pepperoni",
        "",
        "",
        "",
    ),
    case(
        "one large with ham and one small with spinach",
        "order.add",
        "pizza*1 size:large topping:ham | pizza*1 size:small topping:spinach",
        "",
        "",
        "",
    ),
    case("a couple of small pizzas with mushrooms", "order.add", "pizza*2 size:small topping:mushrooms", "", "", ""),
    case("a dozen cokes", "order.add", "coke*12", "", "", ""),
    case("half a dozen sprites", "order.add", "sprite*6", "", "", ""),
    case("2x large pepperoni pizza", "order.add", "pizza*2 size:large topping:pepperoni", "", "", ""),
    case("large pepperoni pizza x3", "order.add", "pizza*3 size:large topping:pepperoni", "", "", ""),
    case("three pizzas", "order.add", "pizza*3", "", "", ""),
    case("an extra large pizza with bacon", "order.add", "pizza*1 size:extra_large topping:bacon", "", "", ""),
    case("i want 4 medium pizzas with chicken", "order.add", "pizza*4 size:medium topping:chicken", "", "", ""),
    case(
        "five small pies with ham and pineapple",
        "order.add",
        "pizza*5 size:small topping:ham topping:pineapple",
        "",
        "",
        "",
    ),
    case("a pizza with double pepperoni", "order.add", "pizza*1 topping:pepperoni@extra", "", "", ""),
    case("a pizza with light cheese", "order.add", "pizza*1 topping:cheese@light", "", "", ""),
    case("a pizza with a little onions", "order.add", "pizza*1 topping:onions@light", "", "", ""),
    case("a large pizza with lots of mushrooms", "order.add", "pizza*1 size:large topping:mushrooms@extra", "", "", ""),
    case("a medium pizza heavy on the sausage", "order.add", "pizza*1 size:medium topping:sausage@extra", "", "", ""),
    case("a small pizza without thin crust", "order.add", "pizza*1 size:small -style:thin_crust", "", "", ""),
    case("a large pizza hold the olives", "order.add", "pizza*1 size:large -topping:olives", "", "", ""),
    case(
        "a medium pizza no mushrooms or peppers",
        "order.add",
        "pizza*1 size:medium -topping:mushrooms -topping:peppers",
        "",
        "",
        "",
    ),
    case("a large pizza with no extra cheese", "order.add", "pizza*1 size:large -topping:cheese@extra", "", "", ""),
    case(
        "a small pizza with ham but no pineapple and no olives",
        "order.add",
        "pizza*1 size:small topping:ham -topping:olives -topping:pineapple",
        "",
        "",
        "",
    ),
    case(
        "a pizza with pesto and peppers and without bacon",
        "order.add",
        "pizza*1 topping:peppers topping:pesto -topping:bacon",
        "",
        "",
        "",
    ),
    case(
        "a large thin crust pizza with ham",
        "order.add",
        "pizza*1 size:large style:thin_crust topping:ham",
        "",
        "",
        "",
    ),
    case(
        "a medium deep dish pizza with sausage",
        "order.add",
        "pizza*1 size:medium style:deep_dish topping:sausage",
        "",
        "",
        "",
    ),
    case("a large hawaiian pizza", "order.add", "pizza*1 size:large style:hawaiian", "", "", ""),
    case("a vegetarian pizza", "order.add", "pizza*1 style:vegetarian", "", "", ""),
    case(
        "a gluten free crust pizza with spinach",
        "order.add",
        "pizza*1 style:gluten_free_crust topping:spinach",
        "",
        "",
        "",
    ),
    case("a two liter sprite", "order.add", "sprite*1 volume:2_liter", "", "", ""),
    case("six cans of coke", "order.add", "coke*6 container:can", "", "", ""),
    case("20 fl oz dr pepper", "order.add", "dr_pepper*1 volume:20_fl_oz", "", "", ""),
    case("500 ml bottle of water", "order.add", "water*1 container:bottle volume:500_ml", "", "", ""),
    case("a bottle of coke", "order.add", "coke*1 container:bottle", "", "", ""),
    case("two 2 liter pepsis", "order.add", "pepsi*2 volume:2_liter", "", "", ""),
    case("a large diet coke", "order.add", "diet_coke*1 size:large", "", "", ""),
    case("three medium iced teas", "order.add", "ice_tea*3 size:medium", "", "", ""),
    case("a can of ginger ale", "order.add", "ginger_ale*1 container:can", "", "", ""),
    case("four bottles of perrier", "order.add", "perrier_sparkling_water*4 container:bottle", "", "", ""),
    case("a 12 fl oz can of mountain dew", "order.add", "mountain_dew*1 container:can volume:12_fl_oz", "", "", ""),
    case("seven up", "order.add", "seven_up*1", "", "", ""),
    case("two sevenups", "order.add", "seven_up*2", "", "", ""),
    case("i would like a large pizza please", "order.add", "pizza*1 size:large", "", "", ""),
    case(
        "could i please get a medium pizza with olives thanks",
        "order.add",
        "pizza*1 size:medium topping:olives",
        "",
        "",
        "",
    ),
    case("hey can i get a small pizza with ham", "order.add", "pizza*1 size:small topping:ham", "", "", ""),
    case("um i guess i'll have a large cheese pizza", "order.add", "pizza*1 size:large topping:cheese", "", "", ""),
    case(
        "can i have a large pepperoni pizza and a garlic bread",
        "order.add",
        "pizza*1 size:large topping:pepperoni | garlic_bread*1",
        "",
        "",
        "",
    ),
    case("two orders of breadsticks", "order.add", "breadsticks*2", "", "", ""),
    case("a dozen chicken wings", "order.add", "chicken_wings*1 wing_count:twelve_piece", "", "", ""),
    case("6 wings", "order.add", "chicken_wings*1 wing_count:six_piece", "", "", ""),
    case("two 12 piece wings", "order.add", "chicken_wings*2 wing_count:twelve_piece", "", "", ""),
    case("a tiramisu and two brownies", "order.add", "tiramisu*1 | brownie*2", "", "", ""),
    case("a large peperoni pizza", "order.add", "pizza*1 size:large topping:pepperoni", "", "", ""),
    case("a piza with mozarela", "order.add", "pizza*1 topping:mozzarella_cheese", "", "", ""),
    case("lrage pizza with ham", "order.add", "pizza*1 size:large topping:ham", "", "", ""),
    case("diet cok", "order.add", "diet_coke*1", "", "", ""),
    case("a medum pizza with musrooms", "order.add", "pizza*1 size:medium topping:mushrooms", "", "", ""),
    case(
        "a pizza with pinapple and jalapenos",
        "order.add",
        "pizza*1 topping:jalapeno_peppers topping:pineapple",
        "",
        "",
        "",
    ),
    case("i want a larg pizza with sausge", "order.add", "pizza*1 size:large topping:sausage", "", "", ""),
    case("two pizzas with pepperonni", "order.add", "pizza*2 topping:pepperoni", "", "", ""),
    case("one large pizza and one medium pizza", "order.add", "pizza*1 size:large | pizza*1 size:medium", "", "", ""),
    case(
        "a large pizza and a medium pizza with olives",
        "order.add",
        "pizza*1 size:large | pizza*1 size:medium topping:olives",
        "",
        "",
        "",
    ),
    case(
        "a large pizza with ham and a small pizza with bacon and two cokes",
        "order.add",
        "pizza*1 size:large topping:ham | pizza*1 size:small topping:bacon | coke*2",
        "",
        "",
        "",
    ),
    case("a pizza with ham and large coke", "order.add", "pizza*1 topping:ham | coke*1 size:large", "", "", ""),
    case(
        "one pizza with tomatoes, onions and peppers",
        "order.add",
        "pizza*1 topping:onions topping:peppers topping:tomatoes",
        "",
        "",
        "",
    ),
    case(
        "a pizza with bbq chicken and red onions",
        "order.add",
        "pizza*1 topping:bbq_chicken topping:red_onions",
        "",
        "",
        "",
    ),
    case(
        "a pizza with banana peppers and feta",
        "order.add",
        "pizza*1 topping:banana_peppers topping:feta_cheese",
        "",
        "",
        "",
    ),
    case("a pizza topped with anchovies", "order.add", "pizza*1 topping:anchovies", "", "", ""),
    case(
        "pizza with artichokes and arugula please",
        "order.add",
        "pizza*1 topping:artichokes topping:arugula",
        "",
        "",
        "",
    ),
    case(
        "a large pizza with grilled chicken and roasted red peppers",
        "order.add",
        "pizza*1 size:large topping:grilled_chicken topping:roasted_red_peppers",
        "",
        "",
        "",
    ),
    case("three large cheese pizzas", "order.add", "pizza*3 size:large topping:cheese", "", "", ""),
    case(
        "two medium pizzas one with pepperoni and one with mushrooms",
        "order.add",
        "pizza*1 size:medium topping:pepperoni | pizza*1 size:medium topping:mushrooms",
        "",
        "",
        "",
    ),
    case(
        "three large pizzas with ham, one with olives and two with peppers",
        "order.add",
        "pizza*1 size:large topping:ham topping:olives | pizza*2 size:large topping:ham topping:peppers",
        "",
        "",
        "",
    ),
    case(
        "two pizzas with ham and one with olives",
        "order.add",
        "pizza*2 topping:ham | pizza*1 topping:olives",
        "",
        "",
        "",
    ),
    case("a large pizza with cheese", "order.add", "pizza*1 size:large topping:cheese", "", "", ""),
    case("hi", "greet", "", "", "", ""),
    case("hello there", "greet", "", "", "", ""),
    case("hey", "greet", "", "", "", ""),
    case("good evening", "greet", "", "", "", ""),
    case("what can you do", "help", "", "", "", ""),
    case("help", "help", "", "", "", ""),
    case("large", "order.modify", "", "", "size:large", ""),
    case("medium", "order.modify", "", "", "size:medium", ""),
    case("extra large", "order.modify", "", "", "size:extra_large", ""),
    case("large, and add a coke", "order.add", "coke*1", "", "size:large", ""),
    case("make that a medium", "order.modify", "", "pronoun", "size:medium", ""),
    case("make it two", "order.modify", "", "pronoun", "quantity=2", ""),
    case("sorry, make that 3", "order.modify", "", "pronoun", "quantity=3", ""),
    case("and make them large", "order.modify", "", "pronoun", "size:large", ""),
    case("add extra cheese", "order.modify", "", "", "topping:cheese@extra", ""),
    case("no mushrooms please", "order.modify", "", "", "-topping:mushrooms", ""),
    case("take the onions off", "order.remove", "", "", "topping:onions", ""),
    case("a large pepperoni pizza to take out please", "order.add", "pizza*1 size:large topping:pepperoni", "", "", ""),
    case("i want to get two cokes out of the fridge", "order.add", "coke*2", "", "", ""),
    case("change the coke to a sprite", "order.modify", "sprite*1", "item=coke", "", ""),
    case("switch the pepsi to a diet pepsi", "order.modify", "diet_pepsi*1", "item=pepsi", "", ""),
    case("actually make the coke a diet coke", "order.modify", "diet_coke*1", "item=coke", "", ""),
    case("swap the coke for a sprite", "order.modify", "sprite*1", "item=coke", "", ""),
    case("replace the pepsi with a 7 up", "order.modify", "seven_up*1", "item=pepsi", "", ""),
    case("instead of the cokes i want sprites", "order.modify", "sprite*1", "item=coke", "", ""),
    case("i'll have a sprite instead of the coke", "order.modify", "sprite*1", "item=coke", "", ""),
    case("can i get sprites rather than cokes", "order.modify", "sprite*1", "item=coke", "", ""),
    case("make it a diet coke instead", "order.modify", "diet_coke*1", "pronoun", "", ""),
    case("ok that is it", "checkout", "", "", "", ""),
    case("remove one of the diet cokes", "order.remove", "", "item=diet_coke quantity=1", "", ""),
    case("get rid of one of the pizzas", "order.remove", "", "item=pizza quantity=1", "", ""),
    case("alright that's all thanks", "checkout", "", "", "", ""),
    case("nope nothing else", "checkout", "", "", "", ""),
    case("can you make me a large pizza", "order.add", "pizza*1 size:large", "", "", ""),
    case("the second pizza with no olives", "order.modify", "", "item=pizza position=2", "-topping:olives", ""),
    case("the large one", "order.modify", "", "size:large", "", ""),
    case("the second one", "order.modify", "", "position=2", "", ""),
    case("the first one", "order.modify", "", "position=1", "", ""),
    case("the second pizza", "order.modify", "", "item=pizza position=2", "", ""),
    case("remove the coke", "order.remove", "", "item=coke", "", ""),
    case("no drinks", "order.remove", "", "category=drink", "", ""),
    case("drop one pizza", "order.remove", "", "item=pizza quantity=1", "", ""),
    case("remove it", "order.remove", "", "pronoun", "", ""),
    case("get rid of all of it", "cancel", "", "", "", ""),
    case("take off the garlic bread", "order.remove", "", "item=garlic_bread", "", ""),
    case("get rid of the pizzas", "order.remove", "", "item=pizza", "", ""),
    case("no coke", "order.remove", "", "item=coke", "", ""),
    case("undo", "undo", "", "", "", ""),
    case("no wait, go back", "undo", "", "", "", ""),
    case("scratch that", "undo", "", "", "", ""),
    case("what do I have so far?", "order.show", "", "", "", ""),
    case("show my order", "order.show", "", "", "", ""),
    case("what toppings do you have", "menu.ask", "", "", "", "group=topping"),
    case("any vegan options", "menu.ask", "", "", "style:vegan", "tag=vegan"),
    case("what drinks do you have", "menu.ask", "", "", "", "category=drink"),
    case("what's on the menu", "menu.ask", "", "", "", ""),
    case("what sizes do you have", "menu.ask", "", "", "", "group=size"),
    case("what sides do you have", "menu.ask", "", "", "", "category=side"),
    case("how much is a large pizza", "price.ask", "pizza*1 size:large", "", "", ""),
    case("what's my total", "price.ask", "", "", "", ""),
    case("how much is a coke", "price.ask", "coke*1", "", "", ""),
    case("that's all", "checkout", "", "", "", ""),
    case("i'm done", "checkout", "", "", "", ""),
    case("nothing else", "checkout", "", "", "", ""),
    case("that's it", "checkout", "", "", "", ""),
    case("yes", "affirm", "", "", "", ""),
    case("yep", "affirm", "", "", "", ""),
    case("sure", "affirm", "", "", "", ""),
    case("sounds good", "affirm", "", "", "", ""),
    case("yes please", "affirm", "", "", "", ""),
    case("no", "deny", "", "", "", ""),
    case("nope", "deny", "", "", "", ""),
    case("cancel my order", "cancel", "", "", "", ""),
    case("start over", "cancel", "", "", "", ""),
    case("where is my order", "status.ask", "", "", "", ""),
    case("where's my food", "status.ask", "", "", "", ""),
    case("how long will it take", "status.ask", "", "", "", ""),
    case("a pizza with pepperonni", "order.add", "pizza*1 topping:pepperoni", "", "", ""),
    case("blorf", "fallback", "", "", "", ""),
    case("a pizza with pepperonxx", "order.add", "pizza*1 topping:pepperoni", "", "", ""),
    case("asdfgh", "fallback", "", "", "", ""),
    case("a large pizza with blorf", "order.add", "pizza*1 size:large", "", "", ""),
    case("🍕🍕", "fallback", "", "", "", ""),
    case(" ", "fallback", "", "", "", ""),
    case(",,,", "fallback", "", "", "", ""),
    case("ok", "affirm", "", "", "", ""),
    case("two sevenups", "order.add", "seven_up*2", "", "", ""),
    // Exclusions said as a dislike, a pass or a leave-out; "off" / "free" after them.
    case("i'm not a fan of olives, a large pizza with ham", "order.add", "pizza*1 size:large topping:ham -topping:olives", "", "", ""),
    case("a small pizza with bacon, keep the pineapple off", "order.add", "pizza*1 size:small topping:bacon -topping:pineapple", "", "", ""),
    case("a medium onion-free supreme pizza", "order.add", "pizza*1 size:medium style:supreme -topping:onions", "", "", ""),
    case("a medium pizza with ham, take off the sauce", "order.add", "pizza*1 size:medium topping:ham -topping:sauce", "", "", ""),
    case("three large pizzas with sausage, none of them with onions", "order.add", "pizza*3 size:large topping:sausage -topping:onions", "", "", ""),
    // Negation after "and": one group goes on, another group ends it.
    case("a pizza with no onions and peppers", "order.add", "pizza*1 -topping:onions -topping:peppers", "", "", ""),
    case("a pizza with no onions and a thin crust", "order.add", "pizza*1 style:thin_crust -topping:onions", "", "", ""),
    // Split and shortened words.
    case("one large pepper oni pizza", "order.add", "pizza*1 size:large topping:pepperoni", "", "", ""),
    // Tails with their own size are lines; tails share out a count; "both" shares options.
    case("a small pepperoni pizza and a small hawaiian", "order.add", "pizza*1 size:small topping:pepperoni | pizza*1 size:small style:hawaiian", "", "", ""),
    case("two pizzas: a large pepperoni and a medium veggie", "order.add", "pizza*1 size:large topping:pepperoni | pizza*1 size:medium style:vegetarian", "", "", ""),
    case(
        "a large pepperoni and a medium mushroom pizza, both thin crust",
        "order.add",
        "pizza*1 size:large style:thin_crust topping:pepperoni | pizza*1 size:medium style:thin_crust topping:mushrooms",
        "",
        "",
        "",
    ),
    // "can" before its subject is the verb, not the container.
    case("can the cokes be bottles instead", "order.modify", "", "item=coke", "container:bottle", ""),
    // Corrections.
    case("i meant sprite not mountain dew", "order.modify", "sprite*1", "item=mountain_dew", "", ""),
    // A self-correction replaces the answer said before it.
    case("a large pepperoni, no wait, medium", "order.add", "pizza*1 size:medium topping:pepperoni", "", "", ""),
    // Choices beside other lines are a line of the item they fit.
    case(
        "large meat lovers, 12 piece bbq wings and a diet coke",
        "order.add",
        "pizza*1 size:large style:meat_lover | chicken_wings*1 wing_count:twelve_piece wing_sauce:bbq | diet_coke*1",
        "",
        "",
        "",
    ),
    case("large pepperoni, large sausage", "order.add", "pizza*1 size:large topping:pepperoni | pizza*1 size:large topping:sausage", "", "", ""),
    // Replacements said as a preference, a clause after "except", "make that <item>".
    case("i'd rather have a fanta than the coke", "order.modify", "fanta*1", "item=coke", "", ""),
    case("all good except the coke should be a fanta", "order.modify", "fanta*1", "item=coke", "", ""),
    case("make that fries", "order.modify", "fries*1", "pronoun", "", ""),
    // A phrase's second word shortened, when its first is said.
    case("a large pizza with green peps and a dr pep", "order.add", "pizza*1 size:large topping:green_peppers | dr_pepper*1", "", "", ""),
    // Two letters swapped in a short grammar word.
    case("swap teh coke for a sprite", "order.modify", "sprite*1", "item=coke", "", ""),
    // The same item said again after "and" and its own choices is the next line.
    case(
        "bbq wings and lemon pepper wings",
        "order.add",
        "chicken_wings*1 wing_sauce:bbq | chicken_wings*1 wing_sauce:lemon_pepper",
        "",
        "",
        "",
    ),
    // Typos: a number word before what it counts, a word known only inside another
    // phrase or by its stem, two letters swapped in a short word, a request verb.
    case("foru medium pizzas", "order.add", "pizza*4 size:medium", "", "", ""),
    case("tree large pizzas", "order.add", "pizza*3 size:large", "", "", ""),
    case("a nice large pizza", "order.add", "pizza*1 size:large", "", "", ""),
    case("a pizza with green pepers", "order.add", "pizza*1 topping:green_peppers", "", "", ""),
    case("a pizza with hma", "order.add", "pizza*1 topping:ham", "", "", ""),
    case("can i ger a large pizza", "order.add", "pizza*1 size:large", "", "", ""),
    // Two words run together; a word split in two; a listed spelling inside a longer
    // name; a word listed only inside another name, said alone.
    case("a thincrust pizza with nomushrooms and a dietcoke", "order.add", "pizza*1 style:thin_crust -topping:mushrooms | diet_coke*1", "", "", ""),
    case("a pizza with out onions", "order.add", "pizza*1 -topping:onions", "", "", ""),
    case("also a mozarella sticks", "order.add", "mozzarella_sticks*1", "", "", ""),
    case("a pizza with pepers", "order.add", "pizza*1 topping:peppers", "", "", ""),
    // "my friends just showed up": the subject of talk is nobody's line.
    case("oh my friends just showed up, two more cokes", "order.modify", "", "item=coke", "", ""),
    // "lose" removes: a line named ("lose the small one") or a choice.
    case("lose the small one", "order.remove", "", "size:small", "", ""),
    // Choices said last after "on the" name the line; an amount before "on" does not.
    case("no ham on the hawaiian please", "order.modify", "", "style:hawaiian", "-topping:ham", ""),
    case("a large sausage pizza and go easy on the cheese", "order.add", "pizza*1 size:large topping:cheese@light topping:sausage", "", "", ""),
    // Three letters beginning the one featured choice, among menu words.
    case("a lg pep pizza and a dr pep", "order.add", "pizza*1 size:large topping:pepperoni | dr_pepper*1", "", "", ""),
    // A choice whose name holds the other's: the old one is where it stands alone.
    case("red onions instead of onions", "order.modify", "", "", "topping:red_onions -topping:onions", ""),
];

const COFFEE: &[Case] = &[
    case("a large latte with oat milk", "order.add", "latte*1 milk:oat_milk size:large", "", "", ""),
    // "one" right after an item's name stands for it ("a spinach and feta one for her").
    case("a large latte one for her", "order.add", "latte*1 size:large", "", "", ""),
    case("two small cappuccinos with skim milk", "order.add", "cappuccino*2 milk:skim_milk size:small", "", "", ""),
    case("a medium americano with an extra shot", "order.add", "americano*1 shots:extra_shot size:medium", "", "", ""),
    case("a venti latte with extra vanilla", "order.add", "latte*1 size:large syrup:vanilla@extra", "", "", ""),
    case(
        "a grande cappucino with almond milk and light caramel",
        "order.add",
        "cappuccino*1 milk:almond_milk size:medium syrup:caramel@light",
        "",
        "",
        "",
    ),
    case("a latte with no syrup", "order.add", "latte*1", "", "", ""),
    case("an espresso and a croissant", "order.add", "espresso*1 | croissant*1", "", "", ""),
    case("three blueberry muffins", "order.add", "muffin*3", "", "", ""),
    case("a tall latte with soy", "order.add", "latte*1 milk:soy_milk size:small", "", "", ""),
    case("a decaf latte", "order.add", "latte*1 shots:decaf", "", "", ""),
    case("a large latte without vanilla", "order.add", "latte*1 size:large -syrup:vanilla", "", "", ""),
    case("two lattes and a muffin", "order.add", "latte*2 | muffin*1", "", "", ""),
    case("a lattte with oat milk", "order.add", "latte*1 milk:oat_milk", "", "", ""),
    case("what milks do you have", "menu.ask", "", "", "", "group=milk"),
    case("any vegan options", "menu.ask", "", "", "", "tag=vegan"),
    case("remove the muffin", "order.remove", "", "item=muffin", "", ""),
];

#[test]
fn shop_utterances_parse_as_the_table_says() {
    assert!(SHOP.len() + COFFEE.len() >= 150);
    run(&shop(), SHOP);
}

#[test]
fn the_coffee_menu_parses_with_the_same_engine() {
    run(&coffee(), COFFEE);
}

#[test]
fn unknown_words_are_reported_with_a_suggestion_when_close() {
    let c = shop();
    let p = parse(&c, "a pizza with blorf");
    assert_eq!(p.unknown.len(), 1);
    assert_eq!(p.unknown[0].word, "blorf");
    assert_eq!(p.unknown[0].suggestion, None);
    // Three edits from "pepperoni": too far to correct, close enough to suggest.
    let p = parse(&c, "a pizza with pepperonxxx");
    assert_eq!(p.unknown[0].suggestion.as_deref(), Some("pepperoni"));
}

#[test]
fn a_known_word_is_never_corrected_into_another_known_word() {
    let c = shop();
    // "live" is English, not a typo of "olive"; "ham" is not "jam".
    let p = parse(&c, "i live near you, a pizza with ham");
    assert_eq!(render(&p)[1], "pizza*1 topping:ham");
}

#[test]
fn a_choice_named_alike_in_two_items_is_read_in_the_one_that_takes_all_said() {
    // "special" is a sandwich's filling and a soup's meat; only the soup takes a size.
    let menu = r#"
[[category]]
id = "food"
name = "Food"

[[group]]
id = "size"
name = "Size"
required = true
max = 1
[[group.choice]]
id = "small"
name = "Small"
[[group.choice]]
id = "large"
name = "Large"

[[group]]
id = "filling"
name = "Filling"
max = 1
[[group.choice]]
id = "cold_cuts"
name = "Cold cuts"
synonyms = ["cold cuts", "special"]
[[group.choice]]
id = "tofu"
name = "Tofu"

[[group]]
id = "meat"
name = "Meat"
max = 1
[[group.choice]]
id = "special"
name = "Special"
synonyms = ["special", "combination"]
[[group.choice]]
id = "brisket"
name = "Brisket"

[[item]]
id = "sandwich"
name = "Sandwich"
category = "food"
price = 800
groups = ["filling"]

[[item]]
id = "soup"
name = "Soup"
category = "food"
prices = { small = 1000, large = 1300 }
groups = ["size", "meat"]
"#;
    let c = inline_menu("alike.toml", menu);
    assert_eq!(render(&parse(&c, "a small special"))[1], "soup*1 meat:special size:small");
    assert_eq!(render(&parse(&c, "a special sandwich"))[1], "sandwich*1 filling:cold_cuts");
}

#[test]
fn choices_counted_beside_a_variant_item_are_the_category_default() {
    // A steak shop: "cheesesteak" is the section's default; "chicken cheesesteak" and
    // "pizza steak" are variants that take the same choices.
    let menu = r#"
[[category]]
id = "steak"
name = "Steaks"
default_item = "cheesesteak"

[[group]]
id = "cheese"
name = "Cheese"
max = 1
[[group.choice]]
id = "whiz"
name = "Whiz"
[[group.choice]]
id = "provolone"
name = "Provolone"

[[group]]
id = "topping"
name = "Topping"
[[group.choice]]
id = "onions"
name = "Onions"
synonyms = ["onions", "wit"]

[[item]]
id = "cheesesteak"
name = "Cheesesteak"
category = "steak"
price = 1100
groups = ["cheese", "topping"]

[[item]]
id = "chicken_cheesesteak"
name = "Chicken cheesesteak"
category = "steak"
price = 1100
groups = ["cheese", "topping"]

[[item]]
id = "pizza_steak"
name = "Pizza steak"
category = "steak"
price = 1200
groups = ["cheese", "topping"]
"#;
    let c = inline_menu("steaks.toml", menu);
    let lines = |text: &str| render(&parse(&c, text))[1].clone();
    // The variant's own word ("chicken", "pizza") is its alone.
    assert_eq!(
        lines("2 whiz wit and a chicken cheesesteak with provolone"),
        "cheesesteak*2 cheese:whiz topping:onions | chicken_cheesesteak*1 cheese:provolone"
    );
    assert_eq!(
        lines("2 pizza steaks and 1 provolone wit"),
        "pizza_steak*2 | cheesesteak*1 cheese:provolone topping:onions"
    );
    // "one with …" speaks of the item just said.
    assert_eq!(
        lines("a chicken cheesesteak and one with provolone"),
        "chicken_cheesesteak*1 | chicken_cheesesteak*1 cheese:provolone"
    );
}

#[test]
fn a_word_both_item_and_choice_added_to_every_line_is_the_choice() {
    // A Caribbean takeaway: fried plantain is a side, and an add-on of a plate.
    let menu = r#"
[[category]]
id = "plate"
name = "Plates"

[[category]]
id = "side"
name = "Sides"

[[group]]
id = "addon"
name = "Add-ons"
[[group.choice]]
id = "plantain"
name = "Fried plantain"
price = 150

[[item]]
id = "jerk_chicken"
name = "Jerk chicken"
category = "plate"
price = 1100
groups = ["addon"]

[[item]]
id = "plantain"
name = "Fried plantain"
category = "side"
price = 300
"#;
    let c = inline_menu("caribbean.toml", menu);
    for text in ["add plantain to both", "add plantain to all of them", "add plantain to each"] {
        let r = render(&parse(&c, text));
        assert_eq!((r[0].as_str(), r[1].as_str()), ("order.modify", ""), "{text}");
        assert!(r[3].contains("addon:plantain"), "{text}: {r:?}");
    }
    // Said on its own, it is the side.
    assert_eq!(render(&parse(&c, "and a plantain"))[1], "plantain*1");
}

/// A catalog of a menu written in the test, with the shipped core intents.
fn inline_menu(name: &str, menu: &str) -> Catalog {
    let root = env!("CARGO_MANIFEST_DIR");
    let intents = format!("{root}/intents/core.toml");
    Catalog::from_sources(
        &[Source::new(name.as_ref(), menu.to_owned())],
        &[Source::new(intents.as_ref(), std::fs::read_to_string(&intents).expect("readable"))],
    )
    .expect("the menu loads")
}

#[test]
fn a_count_picks_a_counted_choice_only_where_the_group_counts_the_item() {
    // A ramen bar: extra eggs come one, two or three; gyoza by the 6 or the 12.
    let menu = r#"
[[category]]
id = "ramen"
name = "Ramen"

[[category]]
id = "side"
name = "Sides"

[[group]]
id = "egg"
name = "Extra egg"
[[group.choice]]
id = "egg"
name = "Egg"
price = 200
[[group.choice]]
id = "two_eggs"
name = "Two eggs"
price = 400
count = 2

[[group]]
id = "pieces"
name = "Pieces"
[[group.choice]]
id = "six"
name = "6 pieces"
count = 6
[[group.choice]]
id = "twelve"
name = "12 pieces"
count = 12
price = 500

[[item]]
id = "ramen"
name = "Tonkotsu ramen"
category = "ramen"
price = 1400
groups = ["egg"]

[[item]]
id = "gyoza"
name = "Gyoza"
category = "side"
price = 600
groups = ["pieces"]

[[item]]
id = "egg_don"
name = "Egg don"
category = "side"
price = 900
"#;
    let c = inline_menu("ramen.toml", menu);
    // "2 egg dons": the count begins the counted choice's name ("two eggs") and counts
    // the item named from its next word.
    assert_eq!(render(&parse(&c, "2 egg dons"))[1], "egg_don*2");
    // Two bowls, not one bowl with two eggs: the eggs are an add-on beside a plain egg.
    assert_eq!(render(&parse(&c, "2 tonkotsu ramen"))[1], "ramen*2");
    assert_eq!(render(&parse(&c, "a tonkotsu ramen with two eggs"))[1], "ramen*1 egg:two_eggs");
    // Every choice of the pieces group is a count: "12 gyoza" is one plate of twelve.
    assert_eq!(render(&parse(&c, "12 gyoza"))[1], "gyoza*1 pieces:twelve");
}
