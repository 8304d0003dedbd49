//! Answers that change nothing: greetings, the cart, menu and price questions,
//! order status, and what to say when the message was not understood.

use crate::catalog::{Choice, Group, Item, LineError, Price};
use crate::engine::{Intent, Parse};
use crate::order::{OptionRef, OrderLine};

use super::cart::describe;
use super::follow_up::Answered;
use super::reply::{and_list, money, or_list};
use super::resolve::Pick;
use super::state::Work;

impl<'c> Work<'c> {
    pub(super) fn greet(&mut self) {
        let s = self.replies.first_of(&["greet", "greeting"], &[]);
        self.says.push(s);
    }

    /// "hi, a large margherita": a short hello before the order's reply.
    pub(super) fn hello(&mut self) {
        self.say("hello", &[]);
    }

    /// "bye": a placed order or an empty cart is a happy goodbye; a cart not yet
    /// placed is mentioned, so nobody leaves thinking they ordered.
    pub(super) fn goodbye(&mut self) {
        self.say_with_cart("goodbye_reply", "goodbye_unplaced");
    }

    /// A message about something else: a short redirect and what to do next; the cart
    /// stays exactly as it was. Said with a hello, a thanks or a goodbye ("hey sorry,
    /// typing with one hand lol"), that is what it is answered as.
    pub(super) fn other_topic(&mut self, p: &Parse) {
        use crate::acts::Act;
        if p.acts.contains(&Act::Done) {
            // "That concludes my order.": finished, in words the shop does not use.
            self.checkout();
        } else if p.acts.contains(&Act::Greet) {
            self.greet();
        } else if p.acts.contains(&Act::Thanks) {
            self.say("thanks_reply", &[]);
        } else if p.acts.contains(&Act::Goodbye) {
            self.goodbye();
        } else {
            self.say_with_cart("other_topic", "other_topic_cart");
        }
    }

    /// One reply when the cart is empty, another naming the cart (`{cart}`) when not.
    fn say_with_cart(&mut self, empty: &str, with_cart: &str) {
        if self.state.cart.is_empty() {
            self.say(empty, &[]);
        } else {
            let summary = self.cart_summary();
            self.say(with_cart, &[("cart", summary)]);
        }
    }

    pub(super) fn show_cart(&mut self) {
        if self.state.cart.is_empty() {
            self.say("cart_empty", &[]);
            return;
        }
        let lines: Vec<String> =
            self.state.cart.lines.iter().map(|l| super::cart::describe_priced(self.catalog, l)).collect();
        let total = money(self.state.cart.total_cents(self.catalog));
        self.say("cart", &[("lines", lines.join("; ")), ("total", total)]);
    }

    /// The menu items a question names, with their lines; of those sold out, it says so.
    fn available_asked<'p>(&mut self, p: &'p Parse) -> Vec<(&'p OrderLine, &'c Item)> {
        let mut asked = Vec::new();
        for l in &p.lines {
            let Some(item) = self.catalog.item(&l.item) else { continue };
            if item.available {
                asked.push((l, item));
            } else {
                self.say("item_unavailable_info", &[("item", item.name.clone())]);
            }
        }
        asked
    }

    /// "$15.99", or "from $6.99" when the price depends on the size.
    fn price_text(&self, item: &Item) -> String {
        match &item.price {
            Price::Fixed(p) => money(*p),
            Price::BySize(_) => self.replies.say("price_from", &[("price", money(item.base_price()))]),
        }
    }

    /// "what toppings do you have", "any vegan options", "what drinks", "what's on a pizza".
    pub(super) fn menu_answer(&mut self, p: &Parse) {
        let mut topic = p.topic.clone().unwrap_or_default();
        // "what is on the vegetarian pizza?": a tag that is the name of the kind asked
        // about names it; what is on it is asked.
        let named_by_the_tag = p.lines.first().and_then(|l| l.options.first()).map(|o| o.choice.as_str());
        if topic.tag.is_some() && topic.tag.as_deref() == named_by_the_tag {
            topic.tag = None;
        }
        self.state.answered = Some(Answered::of(self.catalog, p, self.answered_before.as_ref()));
        if self.line_answer(p) {
            return;
        }
        if let (Some(line), Some(group)) = (p.lines.first(), topic.group.as_deref()) {
            // "what sizes does the coke come in": that item's choices of the group.
            if self.item_choices_answer(&line.item, group) {
                return;
            }
        }
        if let (Some(line), Some(tag)) = (p.lines.first(), topic.tag.as_deref()) {
            if let [named, ..] = line.options.as_slice() {
                // "is the hawaiian pizza vegetarian": the kind named decides.
                return self.choice_tag_answer(named, tag);
            }
            // "is the pizza gluten free": the item, or the choices that make it so.
            return self.item_tag_answer(&line.item, tag);
        }
        if let (true, [named, ..], Some(tag)) = (p.lines.is_empty(), topic.options.as_slice(), topic.tag.as_deref()) {
            // "is the margherita vegetarian": the choice's own tags ("any vegan options"
            // names the tag, even where a choice has its name).
            if named.choice != tag {
                return self.choice_tag_answer(named, tag);
            }
        }
        if topic.group.is_none() && topic.tag.is_none() && self.choice_described(p) {
            return;
        }
        let asks_which = p.tokens.iter().find(|t| !crate::engine::opens_only(t)).is_some_and(|t| {
            matches!(t.as_str(), "what" | "whats" | "which" | "how") && !p.tokens.iter().any(|t| t == "cost")
        });
        let offered = p.lines.is_empty() && topic.tag.is_none() && !asks_which;
        if let (true, [named, ..]) = (offered, topic.options.as_slice()) {
            // "do you have gluten free crust?", "what's the medium cost?": we do, at its price.
            let name = self.choice_name(&named.group, &named.choice);
            self.say("choice_offered", &[("choice", name)]);
            return self.choice_prices(&topic.options, topic.category.as_deref());
        }
        if !p.lines.is_empty() {
            if let [only] = p.lines.as_slice() {
                // "what pizzas do you have": the item, then the kinds it comes in.
                if only.options.is_empty() {
                    if let Some(item) = self.catalog.item(&only.item) {
                        let (category, price) = (item.category.clone(), self.price_text(item));
                        let description = item.description.clone().unwrap_or_default();
                        self.say(
                            "menu_item",
                            &[("item", item.name.clone()), ("description", description), ("price", price)],
                        );
                        self.kinds_of_only_item(&category);
                        return;
                    }
                }
            }
            for (_, item) in self.available_asked(p) {
                let price = self.price_text(item);
                let description = item.description.clone().unwrap_or_default();
                self.say("menu_item", &[("item", item.name.clone()), ("description", description), ("price", price)]);
            }
            return;
        }
        if let Some(group) = topic.group.as_deref().and_then(|g| self.catalog.group(g)) {
            let choices = featured_first(group);
            self.say_choices(&english_plural(&group.name.to_lowercase()), &choices);
        } else if let Some(tag) = topic.tag.as_deref() {
            self.menu_tag(tag);
        } else if let Some(category) = topic.category.as_deref().and_then(|c| self.catalog.category(c)) {
            let items: Vec<String> = self
                .catalog
                .items
                .iter()
                .filter(|i| i.category == category.id && i.available)
                .map(|i| format!("{} {}", i.name, self.price_text(i)))
                .collect();
            self.say("menu_category", &[("category", category.name.to_lowercase()), ("items", and_list(&items))]);
            self.kinds_of_only_item(&category.id);
        } else {
            let categories: Vec<String> = self.catalog.categories.iter().map(|c| c.name.to_lowercase()).collect();
            self.say("menu_overview", &[("categories", and_list(&categories))]);
        }
    }

    /// "what's on the meat lover?", "what's in the hawaiian pizza": the one choice asked
    /// about, told by the menu's own words for it. Whether it was that.
    fn choice_described(&mut self, p: &Parse) -> bool {
        let asked = p.topic.iter().flat_map(|t| &t.options).chain(p.lines.iter().flat_map(|l| &l.options));
        let described: Vec<(String, String)> = asked
            .filter_map(|o| self.catalog.group(&o.group)?.choice(&o.choice))
            .filter_map(|c| Some((c.name.clone(), c.description.clone()?)))
            .collect();
        let [(name, description)] = described.as_slice() else { return false };
        self.say("menu_choice", &[("choice", name.clone()), ("description", description.clone())]);
        true
    }

    /// "what pizzas do you have" when the section has one item (a pizza made many
    /// ways): its kinds, the first group other than size with several choices.
    fn kinds_of_only_item(&mut self, category: &str) {
        let mut items = self.catalog.items.iter().filter(|i| i.category == category && i.available);
        let (Some(item), None) = (items.next(), items.next()) else { return };
        let kinds = item.groups.iter().filter(|ig| ig.group != "size").filter_map(|ig| self.catalog.group(&ig.group));
        if let Some(group) = kinds.into_iter().find(|g| g.choices.len() > 1) {
            let choices = featured_first(group);
            let what = format!("{} {}", item.name.to_lowercase(), english_plural(&group.name.to_lowercase()));
            self.say_choices(&what, &choices);
        }
    }

    /// A list of choices, summarised when long: nobody reads 85 toppings in a chat.
    fn say_choices(&mut self, group: &str, choices: &[String]) {
        const SHOWN: usize = 8;
        if choices.len() > SHOWN + 4 {
            let some = and_list(&choices[..SHOWN]);
            self.say(
                "menu_group_many",
                &[("group", group.to_owned()), ("count", choices.len().to_string()), ("examples", some)],
            );
        } else {
            self.say("menu_group", &[("group", group.to_owned()), ("choices", and_list(choices))]);
        }
    }

    /// The choices one item offers in a group, with prices for sizes; false when the
    /// item does not take the group.
    fn item_choices_answer(&mut self, item: &str, group: &str) -> bool {
        let (Some(it), Some(g)) = (self.catalog.item(item), self.catalog.group(group)) else { return false };
        if it.group(group).is_none() {
            return false;
        }
        let choices: Vec<String> = if group == "size" {
            self.offered_sizes(item)
        } else {
            g.choices.iter().filter(|c| c.available).map(|c| c.name.to_lowercase()).collect()
        };
        self.say(
            "menu_item_group",
            &[("item", it.name.clone()), ("group", g.name.to_lowercase()), ("choices", or_list(&choices))],
        );
        true
    }

    /// "is the pizza gluten free?": yes when the item carries the tag; otherwise the
    /// choices of its groups that carry it ("a gluten free crust"), or no.
    fn item_tag_answer(&mut self, item: &str, tag: &str) {
        let Some(it) = self.catalog.item(item) else { return };
        let tag_words = tag.replace('_', " ");
        if it.tags.iter().any(|t| t == tag) {
            self.say("item_tag_yes", &[("item", it.name.clone()), ("tag", tag_words)]);
            return;
        }
        let choices: Vec<String> = it
            .groups
            .iter()
            .filter_map(|ig| self.catalog.group(&ig.group))
            .flat_map(|g| g.choices.iter().filter(|c| c.available && c.tags.iter().any(|t| t == tag)))
            .map(|c| c.name.to_lowercase())
            .collect();
        if choices.is_empty() {
            self.say("item_tag_no", &[("item", it.name.clone()), ("tag", tag_words)]);
        } else {
            let choices = if choices.len() > 8 {
                let mut some = choices[..8].to_vec();
                some.push(format!("{} more", choices.len() - 8));
                some
            } else {
                choices
            };
            self.say("item_tag_with", &[("item", it.name.clone()), ("tag", tag_words), ("choices", or_list(&choices))]);
        }
    }

    /// Items and choices with a tag ("vegan", "gluten_free"); a long list is cut to a
    /// few, with how many more there are ("… and 40 more toppings").
    fn menu_tag(&mut self, tag: &str) {
        let has = |tags: &[String]| tags.iter().any(|t| t == tag);
        let mut found = Vec::new();
        for category in &self.catalog.categories {
            let items: Vec<String> = self
                .catalog
                .items
                .iter()
                .filter(|i| i.available && i.category == category.id && has(&i.tags))
                .map(|i| i.name.clone())
                .collect();
            if !items.is_empty() {
                let kind = category.name.to_lowercase();
                found.push(format!("{kind}: {}", a_few(&items, &kind)));
            }
        }
        for group in &self.catalog.groups {
            let choices: Vec<String> =
                group.choices.iter().filter(|c| c.available && has(&c.tags)).map(|c| c.name.to_lowercase()).collect();
            if !choices.is_empty() {
                let kind = english_plural(&group.name.to_lowercase());
                found.push(format!("{}: {}", group.name.to_lowercase(), a_few(&choices, &kind)));
            }
        }
        let tag_words = tag.replace('_', " ");
        if found.is_empty() {
            self.say("menu_tag_none", &[("tag", tag_words)]);
        } else {
            self.say("menu_tag", &[("tag", tag_words), ("items", found.join("; "))]);
        }
    }

    /// "how much is a large pizza", "what's my total".
    pub(super) fn price_answer(&mut self, p: &Parse) {
        self.state.answered = Some(Answered::of(self.catalog, p, self.answered_before.as_ref()));
        if self.line_answer(p) {
            return;
        }
        let named = p.topic.as_ref().map_or(&[][..], |t| t.options.as_slice());
        if p.lines.is_empty() && !named.is_empty() {
            // "how much for a medium", "how much is the gluten free crust".
            let category = p.topic.as_ref().and_then(|t| t.category.clone());
            return self.choice_prices(named, category.as_deref());
        }
        if p.lines.is_empty() {
            if p.topic.as_ref().is_some_and(|t| t.category.is_some()) {
                // "how much are your pizzas": the category's items with their prices.
                return self.menu_answer(&Parse { intent: Intent::MenuAsk, ..p.clone() });
            }
            if self.state.cart.is_empty() {
                self.say("total_empty", &[]);
            } else {
                let total = money(self.state.cart.total_cents(self.catalog));
                let count = self.state.cart.count();
                self.say("total", &[("total", total), ("count", count.to_string()), ("items", items(count))]);
            }
            return;
        }
        for (l, item) in self.available_asked(p) {
            self.line_price(l, item);
        }
    }

    /// The lines of the cart a question points at ("how much is mine?", "what's on that
    /// one?"), when the cart has lines that fit; a question about a group or a tag is
    /// the menu's ("what sizes does the coke come in").
    pub(super) fn lines_asked_about(&self, p: &Parse) -> Option<Vec<usize>> {
        let target = p.target.as_ref()?;
        let topic = p.topic.as_ref();
        if self.state.cart.is_empty() || topic.is_some_and(|t| t.group.is_some() || t.tag.is_some()) {
            return None;
        }
        match self.resolve(target) {
            Pick::Lines(lines) | Pick::Ambiguous(lines) => Some(lines),
            Pick::Nothing => None,
        }
    }

    /// "how much is mine?", "what's on that one?", "is the hawaiian a large too?": a
    /// question about lines of the cart, answered from them: each one's price, whether it
    /// has what was asked, or what is on it. False when the cart has no line it fits.
    fn line_answer(&mut self, p: &Parse) -> bool {
        let Some(lines) = self.lines_asked_about(p) else { return false };
        let pointed = p.target.as_ref().map_or(&[][..], |t| t.options.as_slice());
        let asked: Vec<&OptionRef> = p.attributes.options.iter().filter(|o| !pointed.contains(o)).collect();
        // "is that one spicy" where "spicy" is a wing sauce: nothing the line could have.
        // Whether a line has a topping is the menu's answer ("does the veggie have
        // mushrooms": its kind carries them); one choice of its kind is the line's (a size).
        let one_of_a_kind = |o: &&OptionRef| self.catalog.group(&o.group).is_some_and(|g| g.max == 1);
        let takes = |i: &usize| {
            let item = self.catalog.item(&self.state.cart.lines[*i].item);
            item.is_some_and(|item| asked.iter().all(|o| item.group(&o.group).is_some() && one_of_a_kind(o)))
        };
        if !lines.iter().all(takes) {
            return false;
        }
        for &i in &lines {
            let line = self.state.cart.lines[i].clone();
            let Some(item) = self.catalog.item(&line.item) else { continue };
            let said = describe(self.catalog, &line);
            if p.intent == Intent::PriceAsk {
                self.line_price(&line, item);
            } else if !asked.is_empty() {
                let full = self.catalog.with_defaults(&line);
                let has = |o: &&OptionRef| full.options.iter().any(|x| x.group == o.group && x.choice == o.choice);
                let id = if asked.iter().all(has) { "line_has" } else { "line_has_not" };
                self.say(id, &[("line", said)]);
            } else {
                let described: Vec<String> = line
                    .options
                    .iter()
                    .filter_map(|o| self.catalog.group(&o.group)?.choice(&o.choice)?.description.clone())
                    .collect();
                let description = if described.is_empty() {
                    item.description.clone().unwrap_or_default()
                } else {
                    described.join(" ")
                };
                self.say("line_described", &[("line", said), ("description", description)]);
            }
        }
        // "… put extra cheese on it": the lines just spoken of.
        self.state.last = lines;
        true
    }

    /// One line's price, or what it still needs before it has one.
    fn line_price(&mut self, l: &OrderLine, item: &Item) {
        match self.catalog.price_line(l) {
            Ok(priced) => {
                let line = describe(self.catalog, l);
                self.say("price_line", &[("line", line), ("price", money(priced.line_total_cents))]);
            }
            Err(LineError::Missing { group, .. }) if group == "size" => {
                let sizes = self.offered_sizes(&l.item);
                self.say("price_sizes", &[("item", item.name.to_lowercase()), ("prices", and_list(&sizes))]);
            }
            Err(LineError::Missing { group, .. }) => {
                // "how much is the laksa?": its price (of the size said), the choice
                // still to make named.
                let sized = match (&item.price, l.choices_in("size").next()) {
                    (Price::BySize(by), Some(size)) => by.get(&size.choice).map(|p| money(*p)),
                    _ => None,
                };
                let price = sized.unwrap_or_else(|| self.price_text(item));
                self.say("price_with_choice", &[("item", item.name.clone()), ("price", price), ("group", group)]);
            }
            Err(e) => {
                let price = self.price_text(item);
                self.say("price_item", &[("item", item.name.clone()), ("price", price), ("reason", e.to_string())]);
            }
        }
    }

    /// "where is my order?", from what the service read.
    pub(super) fn status_answer(&mut self) {
        match self.ctx.latest_order.clone() {
            Some(o) => {
                let status = o.status.replace('_', " ");
                self.say(
                    "order_status",
                    &[("id", o.id.to_string()), ("status", status), ("total", money(o.total_cents))],
                );
                // "It should be ready in about 20 minutes." while the kitchen has it.
                let open = matches!(o.status.as_str(), "pending" | "confirmed" | "preparing");
                if let Some(ready) = o.ready_at_ms.filter(|r| open && *r > self.ctx.now_ms) {
                    let minutes = ((ready - self.ctx.now_ms + 59_999) / 60_000).to_string();
                    self.say("status_ready_in", &[("minutes", minutes)]);
                }
            }
            None => self.say("no_orders", &[]),
        }
    }

    /// A question of the shop's own ("what time do you open?"): its intent's replies,
    /// with `{on_handover}` said as the shop hands orders over ("when you pick up").
    /// A shop that does not deliver answers "do you deliver?" from its settings
    /// (`pickup_only_answer`), whatever the shop's own delivery answer says.
    pub(super) fn shop_answer(&mut self, id: &str) {
        use crate::order::fulfilment::Mode;
        let orders = &self.catalog.shop.orders;
        let (pickup, delivery) = (orders.offers(Mode::Pickup), orders.offers(Mode::Delivery));
        if id == "info.delivery" && !delivery {
            return self.say("pickup_only_answer", &[]);
        }
        let on_handover = match (pickup, delivery) {
            (true, true) => "when you pick up or when the driver arrives",
            (false, true) => "when the driver arrives",
            _ => "when you pick up",
        };
        self.say(id, &[("on_handover", on_handover.to_owned())]);
    }

    /// Nothing usable in the message: the engine's suggestions, or a hint.
    pub(super) fn not_understood(&mut self, p: &Parse) {
        if p.unknown.iter().any(|u| u.suggestion.is_some()) {
            return; // mention_unknown() offers the suggestions.
        }
        if self.state.cart.is_empty() {
            let s = self.replies.first_of(&["fallback", "fallback_reply"], &[]);
            self.says.push(s);
        } else {
            // What is understood so far, and what can be done next.
            let summary = self.cart_summary();
            self.say("fallback_cart", &[("cart", summary)]);
        }
    }

    /// "Did you mean pepperoni?" for each unplaced word with a suggestion.
    pub(super) fn mention_unknown(&mut self, p: &Parse) {
        let mut seen: Vec<&str> = Vec::new();
        for u in &p.unknown {
            let Some(s) = u.suggestion.as_deref() else { continue };
            // ("meat" in "we don't eat meat" is no slip of a menu word spelled "meat".)
            if seen.contains(&s) || s.replace('_', " ") == u.word {
                continue;
            }
            seen.push(s);
            let suggestion = s.replace('_', " ");
            self.say("did_you_mean", &[("word", u.word.clone()), ("suggestion", suggestion)]);
        }
    }
}

/// "1 item", "3 items": how many things the order holds, for a reply.
pub(super) fn items(count: u32) -> String {
    if count == 1 {
        "1 item".to_owned()
    } else {
        format!("{count} items")
    }
}

/// The first few of a list, then how many more: "Coke, Sprite, Fanta, Pepsi, Water,
/// Tea and 17 more drinks".
fn a_few(list: &[String], kind: &str) -> String {
    const FEW: usize = 6;
    if list.len() <= FEW + 1 {
        return list.join(", ");
    }
    format!("{} and {} more {kind}", list[..FEW].join(", "), list.len() - FEW)
}

/// "style" → "styles", "sauce" → "sauces": a group's name as a count of choices.
fn english_plural(word: &str) -> String {
    if word.ends_with('s') {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// A group's available choice names, the operator's `featured` ones first.
fn featured_first(group: &Group) -> Vec<String> {
    let available = group.choices.iter().filter(|c| c.available);
    let (mut first, rest): (Vec<&Choice>, Vec<&Choice>) = available.partition(|c| group.featured.contains(&c.id));
    first.sort_by_key(|c| group.featured.iter().position(|f| *f == c.id));
    first.into_iter().chain(rest).map(|c| c.name.to_lowercase()).collect()
}
