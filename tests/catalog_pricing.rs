//! Pricing of order lines against the shipped demo menu.

use chatorder::catalog::Catalog;
use chatorder::order::{OptionRef, OrderLine};
#[test]
fn demo_menu_prices_extra_cheese_defaults_a_can_and_requires_a_pizza_size() {
    let c = Catalog::load("menu".as_ref(), "intents".as_ref()).unwrap_or_else(|e| panic!("{e}"));
    let mut l = OrderLine::new("pizza", 2);
    l.options.push(OptionRef::new("size", "large"));
    l.options.push(OptionRef::new("topping", "cheese").with_amount(Some(chatorder::order::Amount::Extra)));
    let p = c.price_line(&l).unwrap();
    assert_eq!(p.unit_price_cents, 1599 + 150);
    let coke = c.price_line(&OrderLine::new("coke", 1)).unwrap();
    assert_eq!(coke.line.options, vec![OptionRef::new("container", "can")]);
    assert!(c.price_line(&OrderLine::new("pizza", 1)).is_err());
}
