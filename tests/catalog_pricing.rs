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

#[test]
fn an_order_is_priced_whole_with_one_total_and_its_limits_named_by_field() {
    use chatorder::catalog::{OrderError, MAX_LINES};
    let c = common::shipped();
    let mut pizza = OrderLine::new("pizza", 2);
    pizza.options.push(OptionRef::new("size", "large"));
    let order = c.price_order(&[pizza.clone(), OrderLine::new("coke", 3)]).unwrap();
    assert_eq!(order.total_cents, order.lines.iter().map(|l| l.line_total_cents).sum::<i64>());
    assert_eq!(order.total_cents, 2 * 1599 + 3 * order.lines[1].unit_price_cents);

    assert_eq!(c.price_order(&[]).unwrap_err(), OrderError::Empty);
    let long = vec![OrderLine::new("coke", 1); MAX_LINES + 1];
    let e = c.price_order(&long).unwrap_err();
    assert_eq!((e.field(), e.to_string()), ("lines".into(), format!("at most {MAX_LINES} lines per order, not 51")));
    assert!(c.price_order(&long[..MAX_LINES]).is_ok());
    let e = c.price_order(&[OrderLine::new("coke", 1), OrderLine::new("pizza", 1)]).unwrap_err();
    assert_eq!(e.field(), "lines[1].options", "{e}");

    // The draft shows every line, a line still waiting for its size at 0.
    let draft = c.price_draft(&[OrderLine::new("pizza", 1), pizza]);
    assert_eq!(draft.lines.iter().map(|l| l.line_total_cents).collect::<Vec<_>>(), [0, 2 * 1599]);
    assert_eq!(draft.total_cents, 2 * 1599);
}
