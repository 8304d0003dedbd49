//! Answers about choices asked of with no item: "how much for a medium?", "how much
//! extra is the gluten free crust?", "is the margherita vegetarian?". From the menu
//! alone: sizes by the items priced by size, other choices by their own price.

use crate::catalog::Price;
use crate::order::{Amount, OptionRef, OrderLine};

use super::cart::describe;
use super::reply::{and_list, money};
use super::state::Work;

/// At most this many items are priced in one answer about a size.
const PRICED_AT_MOST: usize = 4;

impl Work<'_> {
    /// The price of each choice named: a size as the items sold in it cost (those of
    /// the category asked about first), any other choice as what it adds.
    pub(super) fn choice_prices(&mut self, named: &[OptionRef], category: Option<&str>) {
        for o in named {
            if !self.size_prices(o, category) {
                self.choice_price(o);
            }
        }
    }

    /// "how much for a medium": what the items priced by size cost in it. Whether any is.
    fn size_prices(&mut self, o: &OptionRef, category: Option<&str>) -> bool {
        let mut priced: Vec<(String, i64, bool)> = self
            .catalog
            .items
            .iter()
            .filter(|i| i.available)
            .filter_map(|i| match &i.price {
                Price::BySize(by) => {
                    by.get(&o.choice).map(|p| (i.id.clone(), *p, Some(i.category.as_str()) == category))
                }
                Price::Fixed(_) => None,
            })
            .collect();
        if priced.is_empty() {
            return false;
        }
        // The category asked about first, then menu order.
        priced.sort_by_key(|(_, _, asked)| !*asked);
        for (item, price, _) in priced.iter().take(PRICED_AT_MOST) {
            let line = OrderLine { options: vec![OptionRef::new(&o.group, &o.choice)], ..OrderLine::new(item, 1) };
            self.say("price_line", &[("line", describe(self.catalog, &line)), ("price", money(*price))]);
        }
        true
    }

    /// "how much extra is the gluten free crust": what the choice adds, by size when
    /// its price depends on the size.
    fn choice_price(&mut self, o: &OptionRef) {
        let Some(group) = self.catalog.group(&o.group) else { return };
        let Some(choice) = group.choice(&o.choice) else { return };
        let name = choice.name.clone();
        if !choice.prices.is_empty() {
            let sizes = self.catalog.group("size");
            let by_size: Vec<String> = choice
                .prices
                .iter()
                .map(|(size, p)| {
                    let size =
                        sizes.and_then(|g| g.choice(size)).map_or(size.replace('_', " "), |c| c.name.to_lowercase());
                    format!("{} on a {size}", money(*p))
                })
                .collect();
            self.say("choice_price", &[("choice", name), ("price", and_list(&by_size))]);
        } else if o.amount == Some(Amount::Extra) && choice.extra_price.unwrap_or(choice.price) > 0 {
            // "how much is extra cheese": what the extra adds.
            let price = money(choice.extra_price.unwrap_or(choice.price));
            self.say("choice_price", &[("choice", format!("Extra {}", name.to_lowercase())), ("price", price)]);
        } else if choice.price > 0 {
            self.say("choice_price", &[("choice", name), ("price", money(choice.price))]);
        } else {
            self.say("choice_free", &[("choice", name)]);
        }
    }

    /// "is the margherita vegetarian": whether the choice carries the tag.
    pub(super) fn choice_tag_answer(&mut self, o: &OptionRef, tag: &str) {
        let Some(choice) = self.catalog.group(&o.group).and_then(|g| g.choice(&o.choice)) else { return };
        let vars = [("item", choice.name.clone()), ("tag", tag.replace('_', " "))];
        if choice.tags.iter().any(|t| t == tag) {
            self.say("item_tag_yes", &vars);
        } else {
            self.say("item_tag_no", &vars);
        }
    }
}
