//! Pricing of order lines against the shipped demo menu.

use chatorder::order::{OptionRef, OrderLine};

mod common;
#[test]
fn demo_menu_prices_extra_cheese_defaults_a_can_and_requires_a_pizza_size() {
    let c = common::shipped();
    let mut l = OrderLine::new("pizza", 2);
    l.options.push(OptionRef::new("size", "large"));
    l.options.push(OptionRef::new("topping", "cheese").with_amount(Some(chatorder::order::Amount::Extra)));
    let p = c.price_line(&l).unwrap();
    assert_eq!(p.unit_price_cents, 1599 + 150);
    let coke = c.price_line(&OrderLine::new("coke", 1)).unwrap();
    assert_eq!(coke.line.options, vec![OptionRef::new("container", "can")]);
    assert!(c.price_line(&OrderLine::new("pizza", 1)).is_err());
}

#[test]
fn a_topping_on_one_half_costs_the_menus_share_and_halves_only_where_the_menu_allows() {
    use chatorder::order::Half;
    let c = common::shipped();
    let half = |choice: &str, h: Half| OptionRef { half: Some(h), ..OptionRef::new("topping", choice) };
    let mut l = OrderLine::new("pizza", 1);
    l.options = vec![OptionRef::new("size", "large"), half("pepperoni", Half::First), half("mushrooms", Half::Second)];
    let whole = c.group("topping").and_then(|g| g.choice("pepperoni")).map(|ch| ch.price).unwrap();
    let p = c.price_line(&l).unwrap();
    // half_price = 50 in menu/pizza.toml, rounded up to the cent.
    let share = |cents: i64| (cents * 50 + 99) / 100;
    let mushrooms = c.group("topping").and_then(|g| g.choice("mushrooms")).map(|ch| ch.price).unwrap();
    assert_eq!(p.unit_price_cents, 1599 + share(whole) + share(mushrooms));
    // Sizes cannot be split.
    let mut odd = OrderLine::new("pizza", 1);
    odd.options = vec![OptionRef { half: Some(Half::First), ..OptionRef::new("size", "large") }];
    let e = c.price_line(&odd).unwrap_err();
    assert_eq!(e.field(), "options[0].half", "{e}");
}
