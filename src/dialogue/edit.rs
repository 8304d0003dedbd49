//! Changes to the cart: adding, changing, removing, undo, cancel, checkout and placing.

use crate::catalog::grammar::{SELF_CORRECTIONS, SLIPS};
use crate::catalog::shop::PlaceError;
use crate::catalog::{Gram, Group, Item, OrderError, Price, MAX_LINES, MAX_QUANTITY};
use crate::engine::{Attributes, Intent, Parse, Target};
use crate::order::fulfilment::Request;
use crate::order::{OptionRef, OrderLine};

use super::cart::{describe, item_name, nickname, Cart};
use super::reply::{and_list, money, or_list};
use super::resolve::Pick;
use super::state::{Effect, Phase, Work};

impl Work<'_> {
    /// Adds the lines of a message, merging with an identical complete line.
    pub(super) fn add_lines(&mut self, lines: &[OrderLine]) {
        let lines = self.split_implied(lines);
        let before = self.state.cart.clone();
        let mut added = Vec::new();
        let mut touched = Vec::new();
        for l in &lines {
            let Some(line) = self.admit(l) else { continue };
            added.push(describe(self.catalog, &line));
            let complete = self.catalog.missing_group(&line).is_none();
            let same = self.state.cart.lines.iter().position(|x| {
                complete
                    && x.item == line.item
                    && x.options == line.options
                    && x.without == line.without
                    && x.owner == line.owner
            });
            let index = match same {
                Some(i) => {
                    let x = &mut self.state.cart.lines[i];
                    x.quantity = (x.quantity + line.quantity).min(MAX_QUANTITY);
                    i
                }
                None => {
                    self.state.cart.lines.push(line);
                    self.state.cart.lines.len() - 1
                }
            };
            touched.push(index);
        }
        // More lines than one order may hold: the cart stays as it was, and the
        // customer hears it now rather than at the read-back.
        if self.state.cart.lines.len() > MAX_LINES.max(before.lines.len()) {
            self.state.cart = before;
            self.say("order_too_long", &[("max", MAX_LINES.to_string())]);
            return;
        }
        if !touched.is_empty() {
            self.state.last = touched;
            self.say("added", &[("items", and_list(&added))]);
        }
    }

    /// "a large pepperoni, garlic bread": options said before an item that does not
    /// take them belong to the item they imply (a pizza), said just before it.
    fn split_implied(&self, lines: &[OrderLine]) -> Vec<OrderLine> {
        let mut out = Vec::with_capacity(lines.len());
        for l in lines {
            let Some(item) = self.catalog.item(&l.item) else {
                out.push(l.clone());
                continue;
            };
            let (own, stray): (Vec<OptionRef>, Vec<OptionRef>) =
                l.options.iter().cloned().partition(|o| item.group(&o.group).is_some());
            match self.catalog.implied_item(&stray) {
                Some(other) if other.id != item.id => {
                    out.push(OrderLine { options: stray, ..OrderLine::new(&other.id, 1) });
                    out.push(OrderLine { options: own, ..l.clone() });
                }
                _ => out.push(l.clone()),
            }
        }
        out
    }

    /// Options said with no item, that no line in the cart takes, order the item they
    /// imply ("hey! large pepperoni with light sauce" is a pizza); so do options said
    /// afresh, plainly (see [`Self::said_afresh`]): "large pepperoni" … "large sausage" is
    /// another pizza. Returns whether they did.
    pub(super) fn add_implied(&mut self, p: &Parse) -> bool {
        let attrs = &p.attributes;
        // (With nothing ordered yet, "a large miso" is the ramen its section's choices
        // alone stand for; beside lines, choices said alone are about those, and "a big
        // one" points at nothing the section's choices name.)
        let item = if self.state.cart.is_empty() && p.target.is_none() {
            self.catalog.ordered_item(&attrs.options)
        } else {
            self.catalog.implied_item(&attrs.options)
        };
        let Some(item) = item else { return false };
        let takes = |l: &OrderLine| {
            self.catalog.item(&l.item).is_some_and(|i| attrs.options.iter().all(|o| i.group(&o.group).is_some()))
        };
        if self.state.cart.lines.iter().any(takes) && !(self.said_plainly(p) && self.said_afresh(item, attrs)) {
            return false;
        }
        let without = attrs.without.iter().filter(|w| item.group(&w.group).is_some()).cloned().collect();
        let mut line = OrderLine {
            options: attrs.options.clone(),
            without,
            ..OrderLine::new(&item.id, attrs.quantity.unwrap_or(1))
        };
        // ("honey garlic, 12 of them": the twelve-piece, not twelve orders.)
        if let Some(o) = attrs.quantity.and_then(|q| self.counted_choice(&item.id, q)) {
            line.quantity = 1;
            line.options.retain(|x| x.group != o.group);
            line.options.push(o);
        }
        self.add_lines(&[line]);
        true
    }

    /// Whether the options said in place of `named`, a named thing (a choice of no kind:
    /// "hawaiian", not "thin crust"), are ingredients alone (choices of another group
    /// that takes amounts: "a pepperoni", "a bbq chicken", a size besides): another
    /// thing, not more of it ("the mushroom one should be thin crust" keeps the
    /// mushrooms).
    fn made_into_toppings(&self, named: &OptionRef, attrs: &Attributes) -> bool {
        let group = |id: &str| self.catalog.group(id);
        // (A size names no thing: "change the small one to pepperoni" keeps it small.)
        let named_thing = group(&named.group).is_some_and(|g| g.max > 1 && g.kind(&named.choice).is_none());
        let listed = |o: &OptionRef| o.group != named.group && group(&o.group).is_some_and(|g| g.max > 1 && g.amounts);
        let one_of = |o: &OptionRef| o.group != named.group && group(&o.group).is_some_and(|g| g.max == 1);
        named_thing
            && attrs.options.iter().any(listed)
            && attrs.options.iter().all(|o| (listed(o) && o.amount.is_none()) || one_of(o))
    }

    /// Whether a message that opens with a correction ("actually", "sorry", "no") says
    /// a whole line afresh.
    fn corrects_afresh(&self, p: &Parse) -> bool {
        let first = p.tokens.first();
        let corrects =
            first.is_some_and(|w| matches!(w.as_str(), "actually" | "sorry" | "oops" | "no" | "nah" | "wait"));
        let afresh =
            || self.catalog.implied_item(&p.attributes.options).is_some_and(|i| self.said_afresh(i, &p.attributes));
        corrects && self.said_plainly(p) && afresh()
    }

    /// Whether a message says its choices plainly: no edit verb and nothing pointing at
    /// a line ("make the medium gluten free" names the medium one).
    fn said_plainly(&self, p: &Parse) -> bool {
        let lex = self.catalog.lexicon();
        let points = |t: &String| matches!(t.as_str(), "it" | "that" | "this" | "them" | "those" | "one" | "ones");
        let edits = |i: usize| matches!(lex.grammar_of(&p.tokens[i..]), Some(Gram::Change | Gram::Definite));
        !p.tokens.iter().any(points) && !(0..p.tokens.len()).any(edits)
    }

    /// Whether `attrs` say a whole line of `item` afresh: a choice of a required group
    /// of one choice with choices of other groups, nothing left out or counted again,
    /// and every line of the item already has that group's choice and lacks one of the
    /// others ("the hawaiian should be a large" names the hawaiian).
    fn said_afresh(&self, item: &Item, attrs: &Attributes) -> bool {
        let one_required =
            |g: &str| item.group(g).is_some_and(|ig| ig.required) && self.catalog.group(g).is_some_and(|g| g.max == 1);
        let Some(required) = attrs.options.iter().find(|o| one_required(&o.group)) else { return false };
        let others: Vec<&OptionRef> = attrs.options.iter().filter(|o| o.group != required.group).collect();
        let plain = attrs.without.is_empty() && attrs.more.is_none() && !attrs.replace && !attrs.plain;
        let plain = plain && attrs.options.iter().all(|o| o.amount.is_none());
        let another =
            |l: &OrderLine| l.choices_in(&required.group).count() > 0 && !others.iter().all(|o| l.options.contains(o));
        let mut lines = self.state.cart.lines.iter().filter(|l| l.item == item.id).peekable();
        !others.is_empty() && plain && lines.peek().is_some() && lines.all(another)
    }

    /// A line as the menu allows it, or `None` (and a reply saying why) when the item
    /// cannot be ordered at all. Options that do not fit are dropped with a reply.
    fn admit(&mut self, l: &OrderLine) -> Option<OrderLine> {
        let Some(item) = self.catalog.item(&l.item) else {
            self.say("unknown_item", &[("item", l.item.replace('_', " "))]);
            return None;
        };
        if !item.available {
            let alternatives: Vec<String> = self
                .catalog
                .items
                .iter()
                .filter(|i| i.category == item.category && i.available && i.id != item.id)
                .take(5)
                .map(|i| i.name.clone())
                .collect();
            let id = if alternatives.is_empty() { "unavailable_no_alternative" } else { "unavailable" };
            self.say(id, &[("item", item.name.clone()), ("alternatives", or_list(&alternatives))]);
            return None;
        }
        let mut line =
            OrderLine { owner: l.owner.clone(), ..OrderLine::new(&item.id, l.quantity.clamp(1, MAX_QUANTITY)) };
        if l.quantity > MAX_QUANTITY {
            self.say("quantity_too_large", &[("max", MAX_QUANTITY.to_string())]);
        }
        let attrs = Attributes { options: l.options.clone(), without: l.without.clone(), ..Attributes::default() };
        self.apply_to_line(&mut line, &attrs);
        Some(line)
    }

    /// Applies options and exclusions to one line, replying about any that do not fit.
    /// Returns whether the line changed.
    fn apply_to_line(&mut self, line: &mut OrderLine, attrs: &Attributes) -> bool {
        let before = line.clone();
        let Some(item) = self.catalog.item(&line.item) else { return false };
        let item_label = item.name.to_lowercase();
        if let Some(q) = attrs.quantity {
            match self.counted_choice(&line.item, q) {
                // "make it a dozen" of the wings: the 12-piece, not twelve orders.
                Some(o) => {
                    line.options.retain(|x| x.group != o.group);
                    line.options.push(o);
                }
                None => line.quantity = q.clamp(1, MAX_QUANTITY),
            }
        }
        if let Some(m) = attrs.more {
            line.quantity = line.quantity.saturating_add(m).min(MAX_QUANTITY);
        }
        if let Some(f) = attrs.fewer {
            // (A line left with none is taken out by `apply_attributes`.)
            line.quantity = line.quantity.saturating_sub(f);
        }
        if attrs.plain {
            // Plain: the lists of choices (toppings) come off; a size or a kind stays.
            let catalog = self.catalog;
            line.options.retain(|o| catalog.group(&o.group).is_some_and(|g| g.required || g.max <= 1));
        }
        for o in &attrs.options {
            // "hot" for a tea: the word's meaning of a group the item takes.
            let o = &if item.group(&o.group).is_none() { self.catalog.also_named(item, o) } else { None }
                .unwrap_or_else(|| o.clone());
            let group = item.group(&o.group).and_then(|ig| self.catalog.group(&ig.group));
            let Some(group) = group else {
                let choice = self.choice_name(&o.group, &o.choice);
                self.say("option_not_offered", &[("choice", choice), ("item", item_label.clone())]);
                continue;
            };
            let Some(choice) = group.choice(&o.choice) else { continue };
            if !choice.available {
                let alternatives: Vec<String> = group
                    .choices
                    .iter()
                    .filter(|c| c.available && c.id != choice.id)
                    .take(5)
                    .map(|c| c.name.to_lowercase())
                    .collect();
                self.say(
                    "choice_unavailable",
                    &[("choice", choice.name.to_lowercase()), ("alternatives", or_list(&alternatives))],
                );
                continue;
            }
            if let (Price::BySize(by), "size") = (&item.price, group.id.as_str()) {
                if !by.contains_key(&choice.id) {
                    let sizes: Vec<String> = self.offered_sizes(&item.id);
                    self.say(
                        "size_not_offered",
                        &[
                            ("item", item_label.clone()),
                            ("size", choice.name.to_lowercase()),
                            ("sizes", or_list(&sizes)),
                        ],
                    );
                    continue;
                }
            }
            let amount = if group.amounts { o.amount } else { None };
            let excluded = line.without.iter().any(|w| w.group == o.group && w.choice == o.choice);
            line.without.retain(|w| !(w.group == o.group && w.choice == o.choice));
            if excluded && amount.is_none() && !attrs.added {
                // "olives are fine after all": the exclusion is taken back.
                continue;
            }
            if group.max <= 1 {
                line.options.retain(|x| x.group != o.group);
            } else {
                let gone = displaced(group, line, &before, attrs, o);
                line.options.retain(|x| !gone.contains(x));
                if attrs.replace && self.becomes_a_recipe(group, &before, o) {
                    // "make one of them a veggie instead" of a pepperoni pizza: what made
                    // the line what it was comes off (an amount said stays).
                    let catalog = self.catalog;
                    let listed = |x: &OptionRef| {
                        x.group != o.group
                            && x.amount.is_none()
                            && catalog.group(&x.group).is_some_and(|g| g.max > 1 && !g.required)
                            && !attrs.options.contains(x)
                    };
                    line.options.retain(|x| !listed(x));
                }
                line.options.retain(|x| !(x.group == o.group && x.choice == o.choice));
                if line.choices_in(&group.id).count() as u32 >= group.max {
                    self.say(
                        "too_many_choices",
                        &[("group", group.name.to_lowercase()), ("max", group.max.to_string())],
                    );
                    continue;
                }
            }
            // "olives instead of mushrooms" on a half-and-half: on the half the mushrooms were.
            let replaced_half = || {
                attrs.without.iter().filter(|w| w.group == o.group).find_map(|w| {
                    before.options.iter().find(|x| x.group == w.group && x.choice == w.choice).and_then(|x| x.half)
                })
            };
            let half = if group.halves { o.half.or_else(replaced_half) } else { None };
            line.options.push(OptionRef { half, ..OptionRef::new(&o.group, &o.choice).with_amount(amount) });
        }
        for w in &attrs.without {
            // ("without banana" for a smoothie: the fruit, not the bowls' topping.)
            let w = &if item.group(&w.group).is_none() { self.catalog.also_named(item, w) } else { None }
                .unwrap_or_else(|| w.clone());
            let single = self.catalog.group(&w.group).is_some_and(|g| g.max <= 1);
            if single && line.options.iter().any(|o| o.group == w.group && o.choice != w.choice) {
                continue; // "medium, not large": the medium already rules the large out.
            }
            let had = line.options.len();
            line.options.retain(|x| !(x.group == w.group && x.choice == w.choice));
            // (A choice the line had, replaced above by one of its kind, is gone already.)
            let was_on_line = before.options.iter().any(|x| x.group == w.group && x.choice == w.choice);
            if line.options.len() < had || attrs.traded || was_on_line {
                // "no mushrooms": taking a chosen topping off is enough; "switch the
                // sausage to bacon" on a line without sausage only adds the bacon.
                continue;
            }
            let Some(group) = item.group(&w.group).and_then(|ig| self.catalog.group(&ig.group)) else {
                let choice = self.choice_name(&w.group, &w.choice);
                self.say("option_not_offered", &[("choice", choice), ("item", item_label.clone())]);
                continue;
            };
            if group.choice(&w.choice).is_some()
                && !line.without.iter().any(|x| x.group == w.group && x.choice == w.choice)
            {
                let amount = if group.amounts { w.amount } else { None };
                line.without.push(OptionRef::new(&w.group, &w.choice).with_amount(amount));
            }
        }
        *line != before
    }

    /// "can the pizza be made vegan?" with nothing ordered: whether the item takes those
    /// choices; "ok one please" next orders it so.
    fn can_it_be(&mut self, mut line: OrderLine, options: &[OptionRef]) {
        let item = item_name(self.catalog, &line.item);
        let choices = and_list(&options.iter().map(|o| self.choice_name(&o.group, &o.choice)).collect::<Vec<_>>());
        let takes = self.catalog.item(&line.item).is_some_and(|i| options.iter().all(|o| i.group(&o.group).is_some()));
        if !takes {
            return self.say("cannot_be", &[("item", item), ("choices", choices)]);
        }
        line.choose(options);
        self.say("can_be", &[("item", item), ("choices", choices)]);
        self.state.answered =
            Some(super::follow_up::Answered { about: Some(line), offered: true, ..Default::default() });
    }

    pub(super) fn choice_name(&self, group: &str, choice: &str) -> String {
        self.catalog
            .group(group)
            .and_then(|g| g.choice(choice))
            .map_or_else(|| choice.replace('_', " "), |c| c.name.to_lowercase())
    }

    /// The sizes an item is sold in, with prices when the price depends on size.
    pub(super) fn offered_sizes(&self, item: &str) -> Vec<String> {
        let Some(item) = self.catalog.item(item) else { return Vec::new() };
        let Some(group) = self.catalog.group("size") else { return Vec::new() };
        match &item.price {
            Price::BySize(by) => group
                .choices
                .iter()
                .filter(|c| c.available)
                .filter_map(|c| by.get(&c.id).map(|p| format!("{} ({})", c.name.to_lowercase(), money(*p))))
                .collect(),
            Price::Fixed(_) => group.choices.iter().filter(|c| c.available).map(|c| c.name.to_lowercase()).collect(),
        }
    }

    /// Applies attributes to the given lines and says what they look like now.
    pub(super) fn apply_attributes(&mut self, targets: &[usize], attrs: &Attributes) {
        let n = self.state.cart.lines.len();
        let mut targets: Vec<usize> = targets.iter().copied().filter(|&i| i < n).collect();
        // With several lines meant ("them"), options go only to the lines that take them.
        if targets.len() > 1 {
            let takes: Vec<usize> = targets.iter().copied().filter(|&i| self.line_takes(i, attrs)).collect();
            if !takes.is_empty() {
                targets = takes;
            }
        }
        // "no pepperoni on one of them": a quantity smaller than the line, said with
        // options that change it, changes only that many; the rest stay as they were.
        // ("just one hawaiian" names the line's own option: it sets the count.)
        let changes = |line: &OrderLine| {
            attrs.options.iter().any(|o| !line.options.contains(o))
                || attrs.without.iter().any(|w| !line.without.contains(w))
                || attrs.plain
        };
        if let Some(q) = attrs.quantity.filter(|_| targets.len() > 1) {
            // "make one of them a medium" after two pizzas and a drink: "one of them" is a
            // line with more than one.
            let larger: Vec<usize> =
                targets.iter().copied().filter(|&i| self.state.cart.lines[i].quantity > q).collect();
            if larger.len() == 1 && changes(&self.state.cart.lines[larger[0]]) {
                targets = larger;
            }
        }
        if let (Some(q), [i], true) =
            (attrs.quantity, targets.as_slice(), targets.first().is_some_and(|&i| changes(&self.state.cart.lines[i])))
        {
            targets = vec![self.split_off(*i, q)];
        }
        let mut changed = Vec::new();
        for &i in &targets {
            let mut line = self.state.cart.lines[i].clone();
            if self.apply_to_line(&mut line, attrs) && line.quantity > 0 {
                changed.push(describe(self.catalog, &line));
            }
            self.state.cart.lines[i] = line;
        }
        if attrs.fewer.is_some() {
            // "one less of each": a line left with none goes, and is said to.
            let gone: Vec<usize> =
                targets.iter().copied().filter(|&i| self.state.cart.lines[i].quantity == 0).collect();
            for &i in gone.iter().rev() {
                let mut line = self.state.cart.lines.remove(i);
                line.quantity = 1;
                self.say("removed", &[("items", describe(self.catalog, &line))]);
            }
            targets.retain(|i| !gone.contains(i));
            targets = targets.iter().map(|&i| i - gone.iter().filter(|&&g| g < i).count()).collect();
        }
        self.state.last = targets;
        if !changed.is_empty() {
            self.say("updated", &[("items", and_list(&changed))]);
        } else if self.says.is_empty() {
            self.say("no_change", &[]);
        }
    }

    /// Whether choice `o` of `group` makes a line that had no such choice a recipe of its
    /// own: a choice the menu describes (what is on a named pizza), of no kind (no crust).
    fn becomes_a_recipe(&self, group: &Group, before: &OrderLine, o: &OptionRef) -> bool {
        let recipe =
            |id: &str| group.choice(id).is_some_and(|c| c.kind.is_none() && !c.own_place && c.description.is_some());
        recipe(&o.choice) && !before.options.iter().any(|x| x.group == o.group && recipe(&x.choice))
    }

    /// Splits `q` units of line `i` off into a line of their own, right after it, when
    /// the line has more; the index of the line holding those units.
    fn split_off(&mut self, i: usize, q: u32) -> usize {
        if q >= self.state.cart.lines[i].quantity {
            return i;
        }
        self.state.cart.lines[i].quantity -= q;
        let mut part = self.state.cart.lines[i].clone();
        part.quantity = q;
        self.state.cart.lines.insert(i + 1, part);
        self.state.last = self.state.last.iter().map(|&l| if l > i { l + 1 } else { l }).collect();
        i + 1
    }

    /// "make that a medium", "change the coke to a sprite", "no mushrooms please".
    pub(super) fn modify(&mut self, p: &Parse) {
        // ("my roommate wants the same but large": more of a line, for someone or changed,
        // before "whose" is read as naming a line.)
        if self.more_for_someone(p) || self.more_but_changed(p) {
            return;
        }
        let only_whose = p.target.as_ref().is_some_and(|t| Target { owner: None, ..t.clone() } == Target::default());
        if only_whose && self.state.cart.lines.iter().all(|l| l.owner.is_none()) {
            // "make mine thin crust" when nobody said who anything is for: "mine" names
            // no line, the change itself does.
            return self.modify(&Parse { target: None, ..p.clone() });
        }
        if let Some(attributes) = self.as_held(&p.attributes) {
            return self.modify(&Parse { attributes, ..p.clone() });
        }
        if p.target.is_none() && p.lines.is_empty() && self.corrects_afresh(p) {
            // "large pepperoni" … "actually, large sausage": said afresh as a correction,
            // the line just said takes the new choices in place of its own.
            return self
                .modify(&Parse { attributes: Attributes { replace: true, ..p.attributes.clone() }, ..p.clone() });
        }
        if p.target.is_none() && p.lines.is_empty() && self.add_implied(p) {
            return;
        }
        if self.state.cart.is_empty() {
            // "ok the vegan pizza, large, with mushrooms": with nothing ordered yet, a line
            // said with "the" is ordered.
            let asked = p.text.trim_end().ends_with('?');
            match (p.lines.is_empty(), p.target.as_ref().and_then(|t| self.never_ordered(t))) {
                // "can the pizza be made vegan?": asked before ordering it, answered.
                (true, Some(line)) if asked && !p.attributes.options.is_empty() => {
                    self.can_it_be(line, &p.attributes.options)
                }
                (true, Some(line)) => self.add_with(line, &p.attributes),
                // "xl with everything on it": "it" is the thing being ordered.
                (true, None) if p.target.as_ref().is_some_and(|t| t.pronoun) && self.add_implied(p) => {}
                // "can i get a medium": what for is asked, the choice kept for it.
                (true, None) if !p.attributes.options.is_empty() => {
                    self.hold_choices(&p.attributes.options, p.attributes.quantity)
                }
                (true, None) => self.say("cart_empty", &[]),
                (false, _) => self.add_lines(&p.lines),
            }
            return;
        }
        if p.target.is_none() && !p.lines.is_empty() {
            self.modify_named_lines(p);
            return;
        }
        if self.replaces_removed(p) {
            // "remove his hawaiian" … "he'll have a large bbq chicken instead".
            self.add_lines(&p.lines);
            return;
        }
        if let Some(t) = &p.target {
            self.split_for_position(t);
        }
        let pick = match &p.target {
            Some(t) => self.resolve(t),
            None => self.implicit(p),
        };
        let pick = match (&p.target, pick) {
            // "make it 4 pepperoni" after a hawaiian: a count of the line a choice names,
            // when "it" has none of it.
            (Some(t), Pick::Lines(v))
                if t.pronoun && p.attributes.quantity.is_some() && self.count_of_another(p, &v) =>
            {
                let all: Vec<usize> = (0..self.state.cart.lines.len()).collect();
                Pick::Lines(self.named_by_a_choice(&p.attributes, &all).into_iter().collect())
            }
            // "it" that cannot take what is said means the line that can.
            (Some(t), Pick::Lines(v))
                if t.pronoun && p.lines.is_empty() && !v.iter().all(|&i| self.line_takes(i, &p.attributes)) =>
            {
                self.lines_that_take(&p.attributes).unwrap_or(Pick::Lines(v))
            }
            // "make it a medium", "can you make it thin crust" after two pizzas said
            // together: "it" is one of them.
            (Some(t), Pick::Lines(v)) if t.pronoun && v.len() > 1 && !p.plural && !p.attributes.is_empty() => {
                // ("make it three margaritas": unless a choice said names one of them.)
                match self.named_by_a_choice(&p.attributes, &v).or_else(|| self.answer_changed(&p.attributes, &v)) {
                    Some(i) => Pick::Lines(vec![i]),
                    None => Pick::Ambiguous(v),
                }
            }
            (_, Pick::Lines(v)) => self.one_of_several(&p.attributes, v),
            // "extra cheese on hers" when her pizza and her drink fit: the one that takes it.
            (t, Pick::Ambiguous(c)) => match self.named_by_a_choice(&p.attributes, &c) {
                Some(i) if t.as_ref().map_or(true, |t| t.pronoun) => Pick::Lines(vec![i]),
                _ => self.those_that_take(&p.attributes, c),
            },
            (_, pick) => pick,
        };
        match pick {
            Pick::Lines(v) => self.modify_with(p, &v),
            Pick::Ambiguous(c) => self.clarify(p, c),
            Pick::Nothing => match p
                .target
                .as_ref()
                .and_then(|t| self.never_ordered(t).or_else(|| self.more_of_none(t, &p.attributes)))
            {
                Some(line) => self.add_with(line, &p.attributes),
                // "a coke instead" with no drink in the cart: ordered.
                None if p.target.as_ref().is_some_and(|t| t.pronoun && t.category.is_some()) && !p.lines.is_empty() => {
                    self.add_lines(&p.lines)
                }
                None => self.not_in_cart(p.target.as_ref()),
            },
        }
    }

    /// Whether a count said with choices ("make it 4 pepperoni") names another line than
    /// those "it" means: none of them has the choices, and one line of the cart does.
    /// Choices said as what a line becomes ("make one of them a medium") name no line.
    fn count_of_another(&self, p: &Parse, meant: &[usize]) -> bool {
        let cart = &self.state.cart.lines;
        let holds = |i: usize| {
            p.attributes
                .options
                .iter()
                .all(|o| cart[i].options.iter().any(|x| x.group == o.group && x.choice == o.choice))
        };
        let all: Vec<usize> = (0..cart.len()).collect();
        !p.attributes.options.is_empty()
            && !p.attributes.replace
            && p.lines.is_empty()
            && !meant.iter().any(|&i| i < cart.len() && holds(i))
            && self.named_by_a_choice(&p.attributes, &all).is_some()
    }

    /// Whether new lines said "instead" of "it" are meant instead of what was just taken
    /// out: "it" names nothing more than a kind, and a line of that kind went last turn.
    fn replaces_removed(&self, p: &Parse) -> bool {
        let Some(t) = p.target.as_ref().filter(|t| t.pronoun && t.options.is_empty() && t.position.is_none()) else {
            return false;
        };
        let category = |item: &str| self.catalog.item(item).map(|i| i.category.clone());
        let of_its_kind = |l: &OrderLine| {
            t.item.as_ref().map_or(true, |i| *i == l.item)
                && t.category.as_ref().map_or(true, |c| category(&l.item).as_ref() == Some(c))
        };
        !p.lines.is_empty() && self.state.removed.iter().any(of_its_kind)
    }

    /// "and the cheese sticks with marinara": an item said with "the" that the cart
    /// does not hold at all is ordered, not looked for.
    /// "another one of those for my wife", "my friend wants the same": more of a line,
    /// for someone none of the cart is for yet, is a line of their own. Whether it was.
    fn more_for_someone(&mut self, p: &Parse) -> bool {
        let (Some(more), Some(t)) = (p.attributes.more, p.target.as_ref()) else { return false };
        let Some(owner) = t.owner.clone() else { return false };
        if owner == "me" || self.state.cart.lines.iter().any(|l| l.owner.as_deref() == Some(owner.as_str())) {
            return false;
        }
        // ("another one for my brother but with sausage instead": changed so.)
        let changes = Attributes { more: None, quantity: None, ..p.attributes.clone() };
        let Some(i) = self.copied_line(&Target { owner: None, ..t.clone() }, &changes) else { return false };
        let mut line = OrderLine { quantity: more, owner: Some(owner), ..self.state.cart.lines[i].clone() };
        self.apply_to_line(&mut line, &changes);
        self.add_lines(&[line]);
        true
    }

    /// The line "another one" copies: the one meant, or, when that cannot take the
    /// changes said ("another one but with sausage" after a drink), the one line that
    /// can, or the one that has what a swap takes away.
    fn copied_line(&self, t: &Target, changes: &Attributes) -> Option<usize> {
        let Pick::Lines(v) = self.resolve(t) else { return None };
        if let [i] = v[..] {
            if self.line_takes(i, changes) {
                return Some(i);
            }
        }
        if !t.pronoun || changes.is_empty() {
            return None;
        }
        let (Pick::Lines(taking) | Pick::Ambiguous(taking)) = self.lines_that_take(changes)? else { return None };
        let lines = &self.state.cart.lines;
        let swapped_from = |i: &usize| changes.traded && changes.without.iter().all(|w| lines[*i].options.contains(w));
        let picked: Vec<usize> =
            if taking.len() == 1 { taking } else { taking.into_iter().filter(swapped_from).collect() };
        match picked[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// "another one but with mushrooms instead of onions", "same again but large": more
    /// of one line, changed so, is a line of its own; the line stays as it was.
    fn more_but_changed(&mut self, p: &Parse) -> bool {
        let (Some(more), Some(t)) = (p.attributes.more, p.target.as_ref()) else { return false };
        let changes = Attributes { more: None, quantity: None, ..p.attributes.clone() };
        if changes.options.is_empty() && changes.without.is_empty() && !changes.plain {
            return false;
        }
        // "my roommate wants the same but large": someone with no line yet is whose the
        // copy is, of the line just said.
        let owns = |o: &String| self.state.cart.lines.iter().any(|l| l.owner.as_ref() == Some(o));
        let for_someone = t.owner.clone().filter(|o| !owns(o));
        let bare = t.item.is_none() && t.options.is_empty() && t.position.is_none();
        let meant = match for_someone {
            Some(_) => Target { owner: None, pronoun: t.pronoun || bare, ..t.clone() },
            None => t.clone(),
        };
        let Some(i) = self.copied_line(&meant, &changes) else { return false };
        let mut line = OrderLine { quantity: more, ..self.state.cart.lines[i].clone() };
        if for_someone.is_some() {
            line.owner = for_someone;
        }
        self.apply_to_line(&mut line, &changes);
        self.add_lines(&[line]);
        true
    }

    /// "one more hawaiian" when no line is one: that many new ones.
    fn more_of_none(&self, t: &Target, attrs: &Attributes) -> Option<OrderLine> {
        let (item, more) = (t.item.as_deref()?, attrs.more?);
        let named_only = t.position.is_none() && t.owner.is_none() && !t.pronoun;
        named_only.then(|| OrderLine { options: t.options.clone(), ..OrderLine::new(item, more) })
    }

    fn never_ordered(&self, t: &Target) -> Option<OrderLine> {
        let item = t.item.as_deref()?;
        let in_cart = self.state.cart.lines.iter().any(|l| l.item == item);
        let named_only = t.position.is_none() && t.owner.is_none() && !t.pronoun;
        (!in_cart && named_only)
            .then(|| OrderLine { options: t.options.clone(), ..OrderLine::new(item, t.quantity.unwrap_or(1)) })
    }

    /// "make one of them large" after a pepperoni and a mushroom pizza: one unit changed
    /// among several lines that could take it, none holding more than one, is the
    /// customer's choice to make, not ours.
    fn one_of_several(&self, attrs: &Attributes, lines: Vec<usize>) -> Pick {
        let changes = !attrs.options.is_empty() || !attrs.without.is_empty() || attrs.plain;
        if attrs.quantity != Some(1) || !changes {
            return Pick::Lines(lines);
        }
        // "one of them" cannot mean one of a single unit: "them" is the whole cart.
        let units: u32 = lines.iter().map(|&i| self.state.cart.lines[i].quantity).sum();
        let lines = if units <= 1 { (0..self.state.cart.lines.len()).collect() } else { lines };
        // "take the pepperoni off one of them": the lines that have it.
        let has = |i: &usize| attrs.without.iter().any(|w| self.state.cart.lines[*i].options.contains(w));
        let having: Vec<usize> = lines.iter().copied().filter(has).collect();
        let takes: Vec<usize> = if attrs.options.is_empty() && !having.is_empty() {
            having
        } else {
            lines.iter().copied().filter(|&i| self.line_takes(i, attrs)).collect()
        };
        let larger = takes.iter().filter(|&&i| self.state.cart.lines[i].quantity > 1).count();
        match takes.len() {
            1 => Pick::Lines(takes),
            n if n > 1 && larger != 1 => Pick::Ambiguous(takes),
            _ => Pick::Lines(lines),
        }
    }

    /// The item's choice that a count of `n` picks (`count = 12` in the menu), for n > 1.
    fn counted_choice(&self, item: &str, n: u32) -> Option<OptionRef> {
        let item = self.catalog.item(item)?;
        item.groups.iter().filter_map(|ig| self.catalog.group(&ig.group)).find_map(|g| {
            let c = g.counted(n).filter(|_| n > 1)?;
            Some(OptionRef::new(&g.id, &c.id))
        })
    }

    /// Adds a line with the options said beside it.
    fn add_with(&mut self, mut line: OrderLine, attrs: &Attributes) {
        line.options.extend(attrs.options.iter().cloned());
        line.without.extend(attrs.without.iter().cloned());
        if let Some(q) = attrs.quantity {
            line.quantity = q;
        }
        self.add_lines(&[line]);
    }

    /// Whether the change answers a group of one choice (a size): said of "it", it
    /// cannot mean several lines at once.
    pub(super) fn sets_single_choice(&self, attrs: &Attributes) -> bool {
        attrs.options.iter().any(|o| self.catalog.group(&o.group).is_some_and(|g| g.max <= 1))
    }

    /// "make the pizza large" parsed as a line with no reference: change the cart's
    /// line of that item, or add the item when the cart has none.
    fn modify_named_lines(&mut self, p: &Parse) {
        let in_cart = |l: &OrderLine| self.state.cart.lines.iter().any(|x| x.item == l.item);
        if !p.lines.iter().all(in_cart) {
            self.add_lines(&p.lines);
            return;
        }
        for l in &p.lines {
            // "only one hawaiian": choices one line of the item holds name it.
            let named = Target { item: Some(l.item.clone()), options: l.options.clone(), ..Target::default() };
            let by_choices =
                !l.options.is_empty() && matches!(self.resolve(&named), Pick::Lines(ref v) if v.len() == 1);
            let target = if by_choices { named } else { Target { item: Some(l.item.clone()), ..Target::default() } };
            let mut attrs = p.attributes.clone();
            if !by_choices {
                attrs.options.extend(l.options.iter().cloned());
            }
            attrs.without.extend(l.without.iter().cloned());
            if l.quantity > 1 {
                attrs.quantity = Some(l.quantity);
            }
            let single = Parse { target: Some(target.clone()), lines: Vec::new(), attributes: attrs, ..p.clone() };
            match self.resolve(&target) {
                Pick::Lines(v) => self.modify_with(&single, &v),
                Pick::Ambiguous(c) => return self.clarify(&single, c),
                Pick::Nothing => self.not_in_cart(Some(&target)),
            }
        }
    }

    /// "the second pizza" (or "the first") when the cart has one line of two pizzas: that
    /// line is split so the pizza meant has a line of its own to change.
    fn split_for_position(&mut self, t: &Target) {
        let Some(pos) = t.position.filter(|&p| p > 0) else { return };
        let lines = &self.state.cart.lines;
        let fitting: Vec<usize> = (0..lines.len()).filter(|&i| self.fits_target(&lines[i], t)).collect();
        // ("2 medium pizzas" … "first one pepperoni": one line of several, counted by unit.)
        let one_line_of_several = matches!(fitting.as_slice(), [i] if lines[*i].quantity > 1);
        if pos as usize <= fitting.len() && !one_line_of_several {
            // ("first pepperoni, second hawaiian" after three pizzas: "the second" is one
            // pizza, the first of the line at that position.)
            let i = fitting[pos as usize - 1];
            let q = self.state.cart.lines[i].quantity;
            if q > 1 {
                let rest = OrderLine { quantity: q - 1, ..self.state.cart.lines[i].clone() };
                self.state.cart.lines[i].quantity = 1;
                self.state.cart.lines.insert(i + 1, rest);
                self.state.last = self.state.last.iter().map(|&l| if l > i { l + 1 } else { l }).collect();
            }
            return;
        }
        // Positions count lines (as `resolve` does); the split gives the chosen unit
        // the line position `pos`: one line per unit before it, the rest after it.
        for (k, &i) in fitting.iter().enumerate() {
            let q = self.state.cart.lines[i].quantity;
            let before = pos - k as u32 - 1;
            if before < q && q > 1 {
                let chosen = self.state.cart.lines.remove(i);
                let unit = |n: u32| OrderLine { quantity: n, ..chosen.clone() };
                let mut parts: Vec<OrderLine> = (0..=before).map(|_| unit(1)).collect();
                if q - before - 1 > 0 {
                    parts.push(unit(q - before - 1));
                }
                let added = parts.len() - 1;
                for (n, l) in parts.into_iter().enumerate() {
                    self.state.cart.lines.insert(i + n, l);
                }
                self.state.last = self.state.last.iter().map(|&l| if l > i { l + added } else { l }).collect();
                return;
            }
        }
    }

    /// Applies an edit whose lines are known.
    pub(super) fn modify_with(&mut self, p: &Parse, targets: &[usize]) {
        let meant = self.holding_said_item(p, targets);
        let targets = meant.as_slice();
        let mut did = false;
        let mut attributes = p.attributes.clone();
        if let (Some(t), [i]) = (p.target.as_ref().filter(|t| t.half), targets) {
            // "olives on the mushroom half": on the half the mushrooms are on.
            let line = &self.state.cart.lines[*i];
            let half = t.options.iter().find_map(|o| line.options.iter().find(|l| l.choice == o.choice)?.half);
            for o in attributes.options.iter_mut().filter(|o| o.half.is_none()) {
                o.half = half;
            }
        }
        // "make the hawaiian a meat lovers": the choice that named the line gives way to
        // the one of its group and kind said in its place ("can the veggie one be thin
        // crust" keeps the veggie).
        // So does a named pizza made into one of toppings ("make the hawaiian a pepperoni").
        let named_by = p.target.as_ref().map_or(&[][..], |t| t.options.as_slice());
        for o in named_by.iter().filter(|_| attributes.replace) {
            let same_kind =
                |n: &OptionRef| self.catalog.group(&o.group).map_or(true, |g| g.same_kind(&n.choice, &o.choice));
            let traded = attributes.options.iter().any(|n| n.group == o.group && n.choice != o.choice && same_kind(n))
                || self.made_into_toppings(o, &attributes);
            if traded && !attributes.without.contains(o) {
                attributes.without.push(o.clone());
            }
        }
        if self.recount_and_add(p, targets) {
            return;
        }
        if let (Some(new), true) = (p.lines.first(), p.target.is_some()) {
            // "make one of the cokes a diet coke", "change one cola to fanta": that many
            // units become the new item.
            let counted = p.target.as_ref().filter(|t| !t.pronoun).and_then(|t| t.quantity);
            let part = match (attributes.quantity.or(counted), targets) {
                (Some(q), [i]) if q < self.state.cart.lines.get(*i).map_or(0, |l| l.quantity) => {
                    attributes.quantity = None;
                    Some(self.split_off(*i, q))
                }
                _ => None,
            };
            let replaced: Vec<usize> = part.map_or_else(|| targets.to_vec(), |i| vec![i]);
            for i in replaced {
                self.replace(i, new);
            }
            if p.lines.len() > 1 {
                self.add_lines(&p.lines[1..]);
            }
            did = true;
        }
        if !attributes.is_empty() {
            self.apply_attributes(targets, &attributes);
            did = true;
        }
        // "make it 2 cokes": the quantity came with the reference, not as an attribute.
        let said_quantity = p.target.as_ref().and_then(|t| t.quantity);
        if let (false, Some(q)) = (did, said_quantity) {
            let attrs = Attributes { quantity: Some(q), ..Attributes::default() };
            self.apply_attributes(targets, &attrs);
            did = true;
        }
        if !did {
            let lines: Vec<String> =
                targets.iter().map(|&i| describe(self.catalog, &self.state.cart.lines[i])).collect();
            self.state.last = targets.to_vec();
            self.say("what_change", &[("items", and_list(&lines))]);
        }
    }

    /// "make it just 2 cokes" when "it" is a pizza and a coke: of the lines referred to,
    /// those holding the item said are the ones meant.
    fn holding_said_item(&self, p: &Parse, targets: &[usize]) -> Vec<usize> {
        let Some(new) = p.lines.first().filter(|_| p.target.is_some()) else { return targets.to_vec() };
        let holding: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|&i| self.state.cart.lines.get(i).is_some_and(|l| l.item == new.item))
            .collect();
        if holding.is_empty() {
            targets.to_vec()
        } else {
            holding
        }
    }

    /// "actually 2 salads", "i'll just get one sorbet", "sorry 2 cokes and a water": said
    /// with a word that corrects (or opening with a slip owned up to) and none that adds,
    /// the one line of the cart that holds what is said, said with nothing new but its
    /// count, is recounted; the rest is ordered. Whether the message was that.
    pub(super) fn recounts(&mut self, p: &Parse) -> bool {
        let words = words_of(p);
        let owns_a_slip = words.first().is_some_and(|t| SLIPS.contains(&t.as_str()) || t == "wait")
            || SELF_CORRECTIONS.iter().any(|c| opens_with(&words, c));
        let corrects = owns_a_slip || words.iter().any(|t| matches!(t.as_str(), "actually" | "just" | "only"));
        if !corrects || adds_more(&words) {
            return false;
        }
        if self.refines(p) {
            return true;
        }
        let lines = &self.state.cart.lines;
        // ("actually 2 pastor tacos" beside carnitas tacos: the one line that holds it.)
        let holds = |i: usize, l: &OrderLine| {
            lines[i].item == l.item
                && l.options.iter().all(|o| lines[i].options.contains(o))
                && l.without.iter().all(|w| lines[i].without.contains(w))
        };
        let held = |l: &OrderLine| match (0..lines.len()).filter(|&i| holds(i, l)).collect::<Vec<_>>()[..] {
            [i] => Some(i),
            _ => None,
        };
        let recounted: Vec<(usize, u32)> = p.lines.iter().filter_map(|l| held(l).map(|i| (i, l.quantity))).collect();
        let rest: Vec<OrderLine> = p.lines.iter().filter(|l| held(l).is_none()).cloned().collect();
        if recounted.is_empty() {
            return false;
        }
        for (i, q) in recounted {
            self.apply_attributes(&[i], &Attributes { quantity: Some(q), ..Attributes::default() });
        }
        if !rest.is_empty() {
            self.add_lines(&rest);
        }
        true
    }

    /// "a large pepperoni and a coek" … "*coke": a word starred, as chat corrects a typo,
    /// says again what the last message meant; lines it names that the last message
    /// already added are not added twice. Whether the message was that.
    pub(super) fn starred_again(&mut self, p: &Parse) -> bool {
        let lines = &self.state.cart.lines;
        let added_last =
            |l: &OrderLine| self.state.last.iter().any(|&i| lines.get(i).is_some_and(|x| x.item == l.item));
        if !p.text.trim_start().starts_with('*') || !p.lines.iter().any(added_last) {
            return false;
        }
        let rest: Vec<OrderLine> = p.lines.iter().filter(|l| !added_last(l)).cloned().collect();
        if rest.is_empty() {
            self.say("no_change", &[]);
        } else {
            self.add_lines(&rest);
        }
        true
    }

    /// "a pepperoni and wings" … "actually 2 orders of wings, one hot and one bbq":
    /// several lines of an item the cart holds once, each with all that line has, are
    /// that line said again in full. Whether the message was that.
    fn refines(&mut self, p: &Parse) -> bool {
        let lines = &self.state.cart.lines;
        let Some(item) = p.lines.first().map(|l| l.item.as_str()) else { return false };
        let [i] = (0..lines.len()).filter(|&i| lines[i].item == item).collect::<Vec<_>>()[..] else { return false };
        let fuller = |l: &OrderLine| {
            l.item == item
                && !l.options.is_empty()
                && lines[i].options.iter().all(|o| l.options.contains(o))
                && lines[i].without.iter().all(|w| l.without.contains(w))
        };
        if p.lines.len() < 2 || !p.lines.iter().all(fuller) {
            return false;
        }
        let parts: Vec<OrderLine> = p.lines.iter().filter_map(|l| self.admit(l)).collect();
        let said: Vec<String> = parts.iter().map(|l| describe(self.catalog, l)).collect();
        self.state.cart.lines.splice(i..=i, parts);
        self.state.last = (i..i + said.len()).collect();
        self.say("updated", &[("items", and_list(&said))]);
        true
    }

    /// "make it 4 coke and 4 coke zero" after 8 cokes: "it" keeps its item at the count
    /// said, and the other items are more. Whether the message was that.
    fn recount_and_add(&mut self, p: &Parse, targets: &[usize]) -> bool {
        let Some(t) = p.target.as_ref().filter(|t| t.pronoun) else { return false };
        let (Some(item), Some(q)) = (t.item.as_deref(), t.quantity) else { return false };
        let lines = &self.state.cart.lines;
        let same = !targets.is_empty() && targets.iter().all(|&i| lines.get(i).is_some_and(|l| l.item == item));
        if !same || p.lines.is_empty() || p.lines.iter().any(|l| l.item == item) {
            return false;
        }
        self.apply_attributes(targets, &Attributes { quantity: Some(q), ..Attributes::default() });
        self.add_lines(&p.lines);
        true
    }

    /// "change the coke to a sprite": the line becomes the new item, keeping its
    /// quantity and the options the new item also takes.
    fn replace(&mut self, i: usize, new: &OrderLine) {
        let Some(old) = self.state.cart.lines.get(i).cloned() else { return };
        if new.item == old.item {
            // "medium hawaiian" … "a medium bbq chicken pizza instead": what goes on it is
            // what is said now; a size or a crust not said again stays.
            let several = |o: &OptionRef| self.catalog.group(&o.group).is_some_and(|g| g.max > 1);
            let kind_of = |o: &OptionRef| self.catalog.group(&o.group).and_then(|g| g.kind(&o.choice));
            let whole = new.options.iter().any(several);
            if whole {
                let said_again = |x: &OptionRef| {
                    new.options.iter().any(|n| n.group == x.group && (!several(n) || kind_of(n) == kind_of(x)))
                };
                self.state.cart.lines[i].options.retain(|x| !said_again(x) && (!several(x) || kind_of(x).is_some()));
            }
            // ("make that one garlic bread" of two: said with nothing else, it is a count.)
            let counts = new.quantity > 1 || (new.options.is_empty() && new.without.is_empty());
            let attrs = Attributes {
                quantity: counts.then_some(new.quantity),
                options: new.options.clone(),
                without: new.without.clone(),
                replace: !whole,
                ..Attributes::default()
            };
            self.apply_attributes(&[i], &attrs);
            return;
        }
        let Some(mut line) = self.admit(new) else { return };
        if line.owner.is_none() {
            line.owner.clone_from(&old.owner);
        }
        if new.quantity <= 1 {
            line.quantity = old.quantity;
        }
        if let Some(item) = self.catalog.item(&line.item) {
            for o in old.options.iter().chain(&old.without) {
                let takes = item
                    .group(&o.group)
                    .is_some_and(|_| self.catalog.group(&o.group).and_then(|g| g.choice(&o.choice)).is_some());
                let set = line.options.iter().chain(&line.without).any(|x| x.group == o.group);
                if takes && !set {
                    if old.options.contains(o) {
                        line.options.push(o.clone());
                    } else {
                        line.without.push(o.clone());
                    }
                }
            }
        }
        let (from, to) = (describe(self.catalog, &old), describe(self.catalog, &line));
        self.state.cart.lines[i] = line;
        self.state.last = vec![i];
        self.say("replaced", &[("old", from), ("new", to)]);
    }

    /// "remove the coke", "no drinks", "drop one pizza", "remove the pepperoni".
    pub(super) fn remove(&mut self, p: &Parse) {
        if self.state.cart.is_empty() {
            self.say("cart_empty", &[]);
            return;
        }
        let targets: Vec<Target> = match (&p.target, p.lines.is_empty()) {
            (Some(t), _) => vec![t.clone()],
            (None, false) => p
                .lines
                .iter()
                .map(|l| Target { item: Some(l.item.clone()), options: l.options.clone(), ..Target::default() })
                .collect(),
            (None, true) if self.names_lines(&p.attributes.options) => {
                // "scratch the hawaiian", "drop the large one": a choice a line has only
                // one of names that line.
                vec![Target { options: p.attributes.options.clone(), ..Target::default() }]
            }
            (None, true) if !p.attributes.options.is_empty() || !p.attributes.without.is_empty() => {
                // "remove the pepperoni" with no item: take the topping off.
                self.take_off(p, p.attributes.options.iter().chain(&p.attributes.without).cloned().collect());
                return;
            }
            (None, true) => {
                self.say("ask_remove", &[]);
                return;
            }
        };
        if all_but(&p.tokens) {
            return self.remove_all_but(p, &targets);
        }
        for t in targets {
            // "drop one of the cheese lovers": counted, the choices name the lines.
            let options_only =
                t.item.is_none() && t.category.is_none() && !t.pronoun && t.position.is_none() && t.quantity.is_none();
            if options_only && !t.options.is_empty() && !self.names_lines(&t.options) {
                self.take_off(p, t.options.clone());
                continue;
            }
            self.split_for_position(&t);
            match self.resolve(&t) {
                Pick::Lines(v) => self.remove_lines(&v, t.quantity),
                Pick::Ambiguous(c) => {
                    let single = Parse { target: Some(t), lines: Vec::new(), ..p.clone() };
                    return self.clarify(&single, c);
                }
                Pick::Nothing => self.not_in_cart(Some(&t)),
            }
        }
    }

    /// "remove everything except the pizza": every line but those the targets name.
    fn remove_all_but(&mut self, p: &Parse, targets: &[Target]) {
        let mut kept = Vec::new();
        for t in targets {
            match self.resolve(t) {
                Pick::Lines(v) => kept.extend(v),
                Pick::Ambiguous(c) => {
                    let single = Parse { target: Some(t.clone()), lines: Vec::new(), ..p.clone() };
                    return self.clarify(&single, c);
                }
                Pick::Nothing => return self.not_in_cart(Some(t)),
            }
        }
        let others: Vec<usize> = (0..self.state.cart.lines.len()).filter(|i| !kept.contains(i)).collect();
        self.remove_lines(&others, None);
    }

    /// Whether options said to be removed name lines rather than come off them: each is
    /// the one choice of its group a line can have (a kind of pizza, a size).
    /// So is a choice that tells one line from the others of its item ("2 pepperoni and a
    /// sausage": "remove the sausage" is the sausage pizza, not a plain one).
    fn names_lines(&self, options: &[OptionRef]) -> bool {
        let single = |o: &OptionRef| self.catalog.group(&o.group).is_some_and(|g| g.max <= 1);
        let lines = &self.state.cart.lines;
        let has = |l: &OrderLine, o: &OptionRef| l.options.iter().any(|x| x.group == o.group && x.choice == o.choice);
        let tells_apart = |o: &OptionRef| {
            // The one line whose only choice of the group it is, beside one of its item without it.
            let only_choice =
                |l: &&OrderLine| l.options.iter().filter(|x| x.group == o.group).count() == 1 && has(l, o);
            let holding: Vec<&OrderLine> = lines.iter().filter(only_choice).collect();
            let [line] = holding.as_slice() else { return false };
            lines.iter().any(|l| l.item == line.item && !has(l, o))
        };
        !options.is_empty() && options.iter().all(|o| single(o) || tells_apart(o))
    }

    /// Takes options off the lines that have them.
    fn take_off(&mut self, p: &Parse, options: Vec<OptionRef>) {
        let without = Parse {
            intent: Intent::OrderModify,
            target: None,
            lines: Vec::new(),
            attributes: Attributes { without: options, ..Attributes::default() },
            ..p.clone()
        };
        self.modify(&without);
    }

    /// Removes lines, or only `quantity` of each when that leaves some.
    pub(super) fn remove_lines(&mut self, targets: &[usize], quantity: Option<u32>) {
        let mut targets: Vec<usize> = targets.iter().copied().filter(|&i| i < self.state.cart.lines.len()).collect();
        targets.sort_unstable();
        targets.dedup();
        let mut gone = Vec::new();
        let mut reduced = Vec::new();
        for &i in targets.iter().rev() {
            let line = &mut self.state.cart.lines[i];
            match quantity {
                Some(q) if q < line.quantity => {
                    line.quantity -= q;
                    let mut taken = line.clone();
                    taken.quantity = q;
                    gone.push(describe(self.catalog, &taken));
                    reduced.push(i);
                }
                _ => {
                    gone.push(describe(self.catalog, line));
                    let line = self.state.cart.lines.remove(i);
                    if !self.removed_now {
                        self.state.removed.clear();
                        self.removed_now = true;
                    }
                    self.state.removed.push(line);
                    // Lines after the removed one move up; "it" keeps meaning the same lines.
                    reduced = reduced.into_iter().map(|r| if r > i { r - 1 } else { r }).collect();
                }
            }
        }
        gone.reverse();
        self.state.last = reduced;
        if gone.is_empty() {
            return;
        }
        if self.state.cart.is_empty() {
            self.say("removed_now_empty", &[("items", and_list(&gone))]);
        } else {
            self.say("removed", &[("items", and_list(&gone))]);
        }
    }

    /// Asks which of several lines the customer means, keeping the edit for later.
    pub(super) fn clarify(&mut self, p: &Parse, candidates: Vec<usize>) {
        let lines: Vec<&OrderLine> = candidates.iter().map(|&i| &self.state.cart.lines[i]).collect();
        let same_item = lines.windows(2).all(|w| w[0].item == w[1].item);
        let mut names: Vec<String> = lines.iter().map(|l| nickname(self.catalog, l, !same_item)).collect();
        let mut seen = std::collections::HashSet::new();
        if !names.iter().all(|n| seen.insert(n.clone())) {
            // Identical lines can only be told apart by position.
            names = (1..=lines.len()).map(ordinal).collect();
        }
        let what = if same_item { item_name(self.catalog, &lines[0].item).to_lowercase() } else { "one".into() };
        self.state.phase = Phase::Clarifying { candidates, pending: Box::new(p.clone()) };
        self.asked = true;
        self.say("which_one", &[("item", what), ("choices", or_list(&names))]);
    }

    /// Clarifying: an answer that picks a line runs the pending edit on it.
    pub(super) fn clarifying(&mut self, p: &Parse, candidates: &[usize], pending: &Parse) {
        if let Some(i) = self.pick_candidate(p, candidates) {
            self.state.phase = Phase::Ordering;
            match pending.intent {
                Intent::OrderRemove => {
                    let quantity = pending.target.as_ref().and_then(|t| t.quantity);
                    self.remove_lines(&[i], quantity);
                }
                _ => self.modify_with(pending, &[i]),
            }
            return;
        }
        // "make it just one garlic bread", asked which pizza: a line of another item.
        let names_another = p.target.as_ref().and_then(|t| t.item.as_ref()).is_some_and(|item| {
            candidates.iter().all(|&i| self.state.cart.lines.get(i).is_some_and(|l| l.item != *item))
        });
        let vague = p.lines.is_empty()
            && matches!(p.intent, Intent::Fallback | Intent::OrderModify | Intent::Affirm | Intent::Deny)
            && p.attributes.is_empty()
            && !names_another;
        if vague {
            // Ask again, in the same words.
            let cands = candidates.to_vec();
            self.clarify(pending, cands);
            return;
        }
        // Something else entirely: drop the question and handle the message.
        self.state.phase = Phase::Ordering;
        self.general(p);
    }

    fn not_in_cart(&mut self, t: Option<&Target>) {
        let what = match t {
            Some(Target { item: Some(item), position: Some(n), .. }) => {
                format!("a {} {}", ordinal_word(*n), item_name(self.catalog, item).to_lowercase())
            }
            Some(Target { item: Some(item), .. }) => format!("a {}", item_name(self.catalog, item).to_lowercase()),
            Some(Target { category: Some(c), .. }) => {
                format!("any {}", self.catalog.category(c).map_or_else(|| c.clone(), |c| c.name.to_lowercase()))
            }
            Some(Target { position: Some(n), .. }) => format!("a {} line", ordinal_word(*n)),
            _ => "that".into(),
        };
        self.say("not_in_cart", &[("what", what)]);
    }

    /// "oops i meant coke zero", "whoops, 3": a change of mind followed by what
    /// was meant corrects the last change rather than undoing all of it: the one line of
    /// the same category just said becomes the new one, a count alone becomes the count
    /// of the one line just said, and choices said alone ("oops i meant ham and
    /// pineapple") replace that line's choices of their groups. Returns whether the
    /// message was that.
    pub(super) fn corrects(&mut self, p: &Parse) -> bool {
        let Some(part) = p.then.first().filter(|_| p.intent == Intent::Undo) else { return false };
        let n = self.state.cart.lines.len();
        let last: Vec<usize> = self.state.last.iter().copied().filter(|&i| i < n).collect();
        let category = |item: &str| self.catalog.item(item).map(|i| i.category.clone());
        match part.lines.as_slice() {
            [new] if part.target.is_none() => {
                let same: Vec<usize> = last
                    .iter()
                    .copied()
                    .filter(|&i| category(&self.state.cart.lines[i].item) == category(&new.item))
                    .collect();
                let [i] = same.as_slice() else { return false };
                self.replace(*i, new);
                true
            }
            [] if part.target.is_none() && part.attributes.without.is_empty() => {
                let attrs = &part.attributes;
                let taking: Vec<usize> = last.iter().copied().filter(|&i| self.line_takes(i, attrs)).collect();
                let [i] = taking.as_slice() else { return false };
                if attrs.options.is_empty() {
                    let Some(q) = attrs.quantity else { return false };
                    self.apply_attributes(&[*i], &Attributes { quantity: Some(q), ..Attributes::default() });
                    return true;
                }
                // "large pepperoni and pineapple" … "oops i meant ham and pineapple": the
                // choices meant stand for all those of their groups just said, of any kind.
                let of_groups_said = |x: &OptionRef| attrs.options.iter().any(|o| o.group == x.group);
                self.state.cart.lines[*i].options.retain(|x| !of_groups_said(x));
                let mut meant = self.state.cart.lines[*i].clone();
                meant.options.extend(attrs.options.iter().cloned());
                meant.quantity = attrs.quantity.unwrap_or(meant.quantity);
                self.replace(*i, &meant);
                true
            }
            _ => false,
        }
    }

    /// "undo", "no wait, go back": the cart before the last change.
    pub(super) fn undo(&mut self) {
        match self.state.undo.pop() {
            Some(previous) => {
                self.state.cart = previous;
                self.state.last.clear();
                self.state.phase = Phase::Ordering;
                self.undoing = true;
                let summary = self.cart_summary();
                self.say("undone", &[("cart", summary)]);
            }
            None => self.say("nothing_to_undo", &[]),
        }
    }

    /// "a pizza (large) and a coke" with the total, or "nothing yet".
    pub(super) fn cart_summary(&self) -> String {
        if self.state.cart.is_empty() {
            return self.replies.say("cart_nothing", &[]);
        }
        let lines: Vec<String> = self.state.cart.lines.iter().map(|l| describe(self.catalog, l)).collect();
        format!("{} ({})", and_list(&lines), money(self.state.cart.total_cents(self.catalog)))
    }

    pub(super) fn cancel(&mut self) {
        if self.state.cart.is_empty() {
            self.state.phase = Phase::Idle;
            self.say("nothing_to_cancel", &[]);
            return;
        }
        self.state.phase = Phase::ConfirmingCancel;
        self.asked = true;
        let count = self.state.cart.count();
        self.say("confirm_cancel", &[("count", count.to_string()), ("items", super::answer::items(count))]);
    }

    /// Confirming a cancel: "yes" empties the cart; a new order said instead ("ok, one
    /// large meat lovers and 2 pepsis") is the fresh start, unless it says it adds
    /// ("add a coke too"); anything else keeps the cart.
    pub(super) fn confirming_cancel(&mut self, p: &Parse) {
        self.state.phase = Phase::Ordering;
        match p.intent {
            Intent::Affirm | Intent::Cancel => {
                self.empty_cart();
                self.say("cancelled", &[]);
            }
            // "yes bin it", "ditch it": asked whether to clear the order, "it" is the order.
            Intent::OrderRemove
                if p.lines.is_empty()
                    && p.attributes.is_empty()
                    && p.target.as_ref().is_some_and(|t| t.only_points() && t.owner.is_none()) =>
            {
                self.empty_cart();
                self.say("cancelled", &[]);
            }
            Intent::OrderAdd | Intent::OrderModify if starts_afresh(p) => {
                self.empty_cart();
                self.general(p);
            }
            Intent::Deny if p.lines.is_empty() && p.attributes.is_empty() => {
                let summary = self.cart_summary();
                self.say("kept", &[("cart", summary)]);
            }
            _ => self.general(p),
        }
    }

    fn empty_cart(&mut self) {
        self.state.cart = Cart::default();
        self.state.last.clear();
        self.state.phase = Phase::Idle;
    }

    /// "that's all": read the order back, or say what is missing.
    pub(super) fn checkout(&mut self) {
        self.read_back("confirm_order");
    }

    /// Reads the cart back with reply `reply` (`{lines}`, `{total}`) and asks to place
    /// it, or says what is missing.
    pub(super) fn read_back(&mut self, reply: &str) {
        if self.state.cart.is_empty() {
            self.say("checkout_empty", &[]);
            return;
        }
        if self.state.cart.first_missing(self.catalog).is_some() {
            return; // settle() asks for the missing choice.
        }
        // Pickup or delivery, the address, the phone: asked first when the shop needs them.
        if let Some(field) = self.missing_detail() {
            self.ask_detail(field);
            return;
        }
        match self.catalog.place(&self.state.cart.lines, &self.state.request, self.ctx.now_ms, self.ctx.queued) {
            Ok(placed) => {
                let lines: Vec<String> = placed
                    .order
                    .lines
                    .iter()
                    .map(|p| format!("{} {}", describe(self.catalog, &p.line), money(p.line_total_cents)))
                    .collect();
                self.state.phase = Phase::Confirming;
                self.asked = true;
                if self.speaks_of_fulfilment() {
                    let details = self.request_text(Some(&placed));
                    self.say("read_back_details", &[("details", details)]);
                }
                self.say(reply, &[("lines", lines.join("; ")), ("total", money(placed.order.total_cents))]);
            }
            Err(PlaceError::Lines(e)) => self.cannot_order(&e),
            Err(PlaceError::Request(e)) => self.cannot_take(&e),
        }
    }

    /// Says why the cart cannot be ordered as it stands.
    fn cannot_order(&mut self, e: &OrderError) {
        match e {
            OrderError::Line { index, error } => {
                let line = describe(self.catalog, &self.state.cart.lines[*index]);
                self.say("cannot_order", &[("line", line), ("reason", error.to_string())]);
            }
            OrderError::TooManyLines { .. } => self.say("order_too_long", &[("max", MAX_LINES.to_string())]),
            OrderError::Empty => self.say("checkout_empty", &[]),
        }
    }

    /// Confirming: "yes" places the order, "no" goes back to editing, an edit
    /// reads the new order back.
    pub(super) fn confirming(&mut self, p: &Parse) {
        use crate::acts::Act;
        let has_content = !p.lines.is_empty() || !p.attributes.is_empty() || p.target.is_some();
        // Asked a yes/no question, a yes beside talk the bot does not follow ("sure thing,
        // send it through to the kitchen") still answers it.
        let yes_beside_talk = matches!(p.intent, Intent::Other | Intent::Fallback)
            && (p.acts.contains(&Act::Affirm) || p.acts.contains(&Act::Done))
            && !p.acts.contains(&Act::Deny);
        match p.intent {
            Intent::Affirm | Intent::Checkout if !has_content => self.place(),
            _ if yes_beside_talk && !has_content => self.place(),
            // ("no wait": a no that stops the read-back, said beside waiting, is a no.)
            Intent::Deny | Intent::Wait
                if !has_content && (p.intent == Intent::Deny || p.acts.contains(&Act::Deny)) =>
            {
                self.state.phase = Phase::Ordering;
                self.say("what_to_change", &[]);
            }
            Intent::Cancel => self.cancel(),
            // "hmm thats not right, i meant a diet coke not a normal one": what was meant
            // stands for what was said, and the order is read back again.
            _ if self.corrects(p) => self.checkout(),
            _ => {
                let before = self.state.cart.clone();
                self.state.phase = Phase::Ordering;
                let rest = self.restate_lines(p, false);
                self.general(&rest);
                // "close, but the pizza should be thin crust and i want 2 garlic breads":
                // after a change, a line said again corrects too.
                let correcting = p.intent == Intent::OrderModify;
                for part in &p.then {
                    let part = self.restate_lines(part, correcting);
                    if !part.lines.is_empty()
                        || !part.attributes.is_empty()
                        || part.target.is_some()
                        || part.intent != Intent::OrderModify
                    {
                        self.general(&part);
                    }
                }
                if self.state.phase != Phase::Ordering {
                    return; // a clarifying question or a cancel took over.
                }
                if self.state.cart != before {
                    self.checkout();
                } else if !self.state.cart.is_empty() && self.state.cart.first_missing(self.catalog).is_none() {
                    self.state.phase = Phase::Confirming;
                    self.asked = true;
                    self.say("confirm_again", &[]);
                }
            }
        }
    }

    /// "not quite, I wanted 2 cokes" at the read-back, "i want the sprite in a bottle":
    /// a line said again after a "no", or with "the", whose item is in the cart once,
    /// corrects that line (its count, its choices) instead of ordering more. What is
    /// left is handled as usual.
    pub(super) fn restate_lines(&mut self, p: &Parse, correcting: bool) -> Parse {
        let mut rest = p.clone();
        if p.intent != Intent::OrderAdd {
            return rest;
        }
        let denied = correcting || p.acts.contains(&crate::catalog::acts::Act::Deny);
        rest.lines.clear();
        rest.definite.clear();
        for (k, l) in p.lines.iter().enumerate() {
            if !denied && !p.definite.contains(&k) {
                rest.lines.push(l.clone());
                continue;
            }
            let same: Vec<usize> =
                (0..self.state.cart.lines.len()).filter(|&i| self.state.cart.lines[i].item == l.item).collect();
            match same.as_slice() {
                [i] => {
                    let attrs = Attributes {
                        // "the sprites in bottles" keeps their count.
                        quantity: (!p.definite.contains(&k)).then_some(l.quantity),
                        options: l.options.clone(),
                        without: l.without.clone(),
                        replace: true,
                        ..Attributes::default()
                    };
                    self.apply_attributes(&[*i], &attrs);
                }
                _ => rest.lines.push(l.clone()),
            }
        }
        if rest.lines.is_empty() {
            rest.intent = Intent::OrderModify;
        }
        rest
    }

    /// Places the order: the effect carries the priced lines, the cart starts afresh.
    fn place(&mut self) {
        let placed = self.catalog.place(&self.state.cart.lines, &self.state.request, self.ctx.now_ms, self.ctx.queued);
        match placed {
            Ok(placed) => {
                let total = money(placed.order.total_cents);
                let ready = self.ready_sentence(&placed);
                self.effects.push(Effect::PlaceOrder(Box::new(placed)));
                self.state.cart = Cart::default();
                self.state.request = Request::default();
                self.state.undo.clear();
                self.state.last.clear();
                self.state.orders_placed += 1;
                self.state.phase = Phase::Idle;
                // A placed order cannot be undone from the chat.
                self.undoing = true;
                self.asked = true;
                self.say("order_placed", &[("total", total), ("ready", ready)]);
            }
            Err(PlaceError::Lines(e)) => {
                self.state.phase = Phase::Ordering;
                self.cannot_order(&e);
            }
            Err(PlaceError::Request(e)) => self.cannot_take(&e),
        }
    }

    /// Acts said after an order: "…, that's all" reads the order back once every
    /// choice is made ("regular, that's all" answers the last question too); "… bye"
    /// says goodbye.
    pub(super) fn closing(&mut self, acts: &[crate::catalog::acts::Act]) {
        use crate::catalog::acts::Act;
        let settled = matches!(self.state.phase, Phase::Idle | Phase::Ordering | Phase::AwaitingOption { .. });
        if acts.contains(&Act::Done) && settled && self.state.cart.first_missing(self.catalog).is_none() {
            self.checkout();
        }
        if acts.contains(&Act::Goodbye) {
            self.goodbye();
        }
    }

    /// "yes" while ordering: they want more.
    pub(super) fn affirm_while_ordering(&mut self) {
        if self.state.cart.is_empty() {
            self.say("ask_what", &[]);
        } else {
            self.say("ask_what_else", &[]);
        }
    }

    /// "no" after "anything else?": that is all, so check out.
    pub(super) fn deny_while_ordering(&mut self) {
        if self.state.cart.is_empty() {
            self.say("no_problem", &[]);
        } else {
            self.checkout();
        }
    }

    /// The parse with the first choice of its first undecided word taken out of its
    /// line: that line is added without it and the bot asks which (`ask_undecided`).
    pub(super) fn take_undecided(&self, p: &Parse) -> Parse {
        let mut q = p.clone();
        if let Some(u) = p.undecided.first() {
            if let Some(l) = q.lines.get_mut(u.line) {
                l.options.retain(|o| !(o.group == u.group && u.choices.contains(&o.choice)));
            }
        }
        q
    }

    /// "a burrito with beans": asks which of the choices the word means, for the line
    /// just added without them.
    pub(super) fn ask_undecided(&mut self, added: &Parse, p: &Parse) {
        let Some(u) = p.undecided.first() else { return };
        let Some(l) = added.lines.get(u.line) else { return };
        let open = |x: &OrderLine| *x == *l;
        let Some(line) = self.state.cart.lines.iter().rposition(open) else {
            // Not added as said (merged, refused): the line keeps the first choice.
            return;
        };
        let names: Vec<String> = u.choices.iter().map(|c| self.choice_name(&u.group, c)).collect();
        let what = nickname(self.catalog, &self.state.cart.lines[line], true).trim_start_matches("the ").to_owned();
        let group = self.catalog.group(&u.group).map_or_else(|| u.group.clone(), |g| g.name.to_lowercase());
        self.state.phase = Phase::Choosing { line, group: u.group.clone(), among: u.choices.clone() };
        self.asked = true;
        self.say("ask_option", &[("group", group), ("item", what), ("choices", or_list(&names))]);
    }

    /// Asks for a required choice of one line.
    pub(super) fn ask_option(&mut self, line: usize, group: &str) {
        let Some(l) = self.state.cart.lines.get(line) else { return };
        let Some(g) = self.catalog.group(group) else { return };
        let choices = if group == "size" {
            self.offered_sizes(&l.item)
        } else {
            g.choices.iter().filter(|c| c.available).map(|c| c.name.to_lowercase()).collect()
        };
        let what = nickname(self.catalog, l, true).trim_start_matches("the ").to_owned();
        self.asked = true;
        self.say("ask_option", &[("group", g.name.to_lowercase()), ("item", what), ("choices", or_list(&choices))]);
    }
}

/// "the first", "the second", ... for lines only their position tells apart.
fn ordinal(n: usize) -> String {
    format!("the {}", ordinal_word(n as u32))
}

fn ordinal_word(n: u32) -> String {
    match n {
        0 => "last".into(),
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        5 => "fifth".into(),
        n => format!("{n}th"),
    }
}

/// Whether a message said when asked "cancel everything?" is a new order to start
/// afresh with: new lines, no "no", nothing said to add to what is there.
fn starts_afresh(p: &Parse) -> bool {
    !p.lines.is_empty() && p.target.is_none() && !p.acts.contains(&crate::acts::Act::Deny) && !adds_more(&words_of(p))
}

/// The message's words as the engine read them.
/// Whether the words open with a phrase ("no wait").
fn opens_with(words: &[String], phrase: &str) -> bool {
    let phrase: Vec<&str> = phrase.split(' ').collect();
    words.len() > phrase.len() && words.iter().zip(&phrase).all(|(w, p)| w == p)
}

fn words_of(p: &Parse) -> Vec<String> {
    if p.tokens.is_empty() {
        crate::catalog::text::tokenize(&p.text)
    } else {
        p.tokens.clone()
    }
}

/// Whether the words say something is added to what is there ("also", "too", "one
/// more", "keep", "as well").
fn adds_more(words: &[String]) -> bool {
    const ADDS: &[&str] = &["also", "too", "add", "another", "more", "plus", "keep", "still"];
    words.iter().any(|t| ADDS.contains(&t.as_str())) || words.windows(2).any(|w| w[0] == "as" && w[1] == "well")
}

/// The choices of its group a new choice `o` takes the place of on `line` (`before`, the
/// line as it was before the change): in a swap, those of its kind ("stuffed crust
/// instead" of a thin crust), else the one choice of the group the line had ("sausage
/// instead" on a pepperoni pizza), else those without a kind, as it is ("a supreme
/// instead" of a meat lover). A choice that fills a place of its own takes it from its
/// kind even when no swap is said ("make one of them thin crust" on a stuffed crust).
fn displaced(group: &Group, line: &OrderLine, before: &OrderLine, attrs: &Attributes, o: &OptionRef) -> Vec<OptionRef> {
    let own_place = |x: &OptionRef| group.choice(&x.choice).is_some_and(|c| c.own_place);
    let others = || line.options.iter().filter(|x| x.group == o.group && x.choice != o.choice);
    let kind = group.kind(&o.choice);
    let of_kind: Vec<OptionRef> =
        others().filter(|x| kind.is_some() && group.kind(&x.choice) == kind).cloned().collect();
    if !attrs.replace {
        return if own_place(o) { of_kind } else { Vec::new() };
    }
    if !of_kind.is_empty() {
        return of_kind;
    }
    let had: Vec<&OptionRef> =
        before.options.iter().filter(|x| x.group == o.group && !attrs.options.contains(x)).collect();
    let swapped = attrs.without.iter().any(|w| w.group == o.group);
    match had.as_slice() {
        [one] if !swapped && !own_place(o) => {
            if own_place(one) {
                Vec::new()
            } else {
                vec![(*one).clone()]
            }
        }
        _ => others().filter(|x| group.same_kind(&x.choice, &o.choice)).cloned().collect(),
    }
}

/// "cancel everything but the pizza", "remove all except the cokes": what is named is
/// what stays.
fn all_but(tokens: &[String]) -> bool {
    tokens.windows(2).any(|w| {
        matches!(w[0].as_str(), "everything" | "all" | "rest") && matches!(w[1].as_str(), "but" | "except" | "besides")
    })
}
