//! A question asked again of another thing: "is the margherita vegetarian?" answered,
//! "what about the hawaiian?" asks whether the hawaiian is; "how much is a large
//! pizza?" answered, "what about a medium?" asks its price. Only right after the answer,
//! and only when the message opens as a follow-up ("what about", "how about", "and").

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::engine::{Attributes, Intent, Parse, Target, Topic};
use crate::order::{OptionRef, OrderLine};

/// What the question answered last turn asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    /// A price was asked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub price: bool,
    /// The tag asked about ("vegetarian").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// The group asked about ("what sizes does the coke come in").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The thing asked about, as a line ("what's on the supreme?"), for "a large one".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<OrderLine>,
    /// The answer offered the thing ("Would you like one?"): a yes orders it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offered: bool,
}

impl Answered {
    /// What question `p` asked; `before` is what the question just before asked, whose
    /// thing "it" still names ("what's in the green goddess?" … "does it have banana?").
    pub(super) fn of(catalog: &Catalog, p: &Parse, before: Option<&Answered>) -> Self {
        let topic = p.topic.clone().unwrap_or_default();
        let it = p.tokens.iter().any(|t| matches!(t.as_str(), "it" | "its" | "that" | "they" | "them"));
        let still = before.and_then(|b| b.about.clone()).filter(|_| it);
        let about = match p.lines.as_slice() {
            // "is the curry goat spicy?": a choice of the group asked about is asked,
            // not chosen.
            [one] => Some(OrderLine {
                options: one.options.iter().filter(|o| topic.group.as_ref() != Some(&o.group)).cloned().collect(),
                ..one.clone()
            }),
            [] if still.is_some() => still,
            [] if !topic.options.is_empty() => catalog
                .implied_item(&topic.options)
                .map(|i| OrderLine { options: topic.options.clone(), ..OrderLine::new(&i.id, 1) }),
            _ => None,
        };
        Self { price: p.intent == Intent::PriceAsk, tag: topic.tag, group: topic.group, about, offered: false }
    }

    /// "Yes, the pizza can be vegan. Would you like one?" … "yes please": the thing offered.
    pub(super) fn accepted(&self, p: &Parse) -> Option<Parse> {
        let yes = p.acts.contains(&crate::acts::Act::Affirm) && p.intent == Intent::Affirm;
        let line = self.about.clone().filter(|_| self.offered && yes && p.lines.is_empty())?;
        Some(Parse { intent: Intent::OrderAdd, lines: vec![line], ..p.clone() })
    }

    /// "is the ackee spicy?" answered, "great, a large one and 2 fried dumplings": "one"
    /// said as a thing of its own (before "and", a comma or the end) beside other lines,
    /// with choices no line took that the thing asked about takes, is that thing.
    fn one_beside_others(&self, catalog: &Catalog, p: &Parse) -> Option<Parse> {
        let a = &p.attributes;
        if p.intent != Intent::OrderAdd || p.lines.is_empty() || p.target.is_some() || a.options.is_empty() {
            return None;
        }
        let w = &p.tokens;
        let own = (0..w.len()).any(|i| w[i] == "one" && w.get(i + 1).map_or(true, |n| n == "and" || n == ","));
        let about = catalog.item(&self.about.as_ref()?.item)?;
        if !own || !a.without.is_empty() || !a.options.iter().all(|o| about.group(&o.group).is_some()) {
            return None;
        }
        let mut line = self.about_with(&a.options)?;
        line.quantity = a.quantity.unwrap_or(1);
        let mut lines = vec![line];
        lines.extend(p.lines.iter().cloned());
        Some(Parse { lines, attributes: Attributes::default(), ..p.clone() })
    }

    /// "what's on the supreme?" answered, "ok gimme a large one", "ok i'll take one",
    /// "two of those", "i'll take that one", "we'll take two then", "the xl one then":
    /// "one", "those" or a count alone is the thing asked about, with what the message
    /// says of it (a choice said again replaces its own); so it is when the choices said
    /// would give another item of their own ("how much is a burrito bowl?" … "i'll take
    /// one with chicken", not a chicken taco). `in_cart` tells whether choices name a
    /// line already ordered ("the large one" is then that line); `nothing_ordered`, whether
    /// the cart is empty.
    pub(super) fn one_of_it(
        &self,
        catalog: &Catalog,
        p: &Parse,
        in_cart: impl Fn(&[OptionRef]) -> bool,
        nothing_ordered: bool,
    ) -> Option<Parse> {
        let words = &p.tokens;
        if let Some(both) = self.one_beside_others(catalog, p) {
            return Some(both);
        }
        let one = words.iter().any(|t| t == "one" || t == "ones");
        // "two of those", "3 of them": a count of what was asked about.
        let of_those = words.windows(2).any(|w| w[0] == "of" && matches!(w[1].as_str(), "those" | "these" | "them"));
        let only_pointing = p.target.as_ref().is_some_and(Target::only_points);
        // "ok the xl one then": choices alone describe the one wanted, when no line has them.
        let described = p.target.as_ref().filter(|t| {
            t.item.is_none()
                && t.category.is_none()
                && t.position.is_none()
                && t.owner.is_none()
                && !t.options.is_empty()
        });
        // ("i'll try the lemon pepper ones, a dozen please, with blue cheese dip": with
        // more said of it, taken with them.)
        let described = described.filter(|t| one && p.attributes.without.is_empty() && !in_cart(&t.options));
        let p = &match described {
            Some(t) => {
                let mut options = t.options.clone();
                options.extend(p.attributes.options.iter().cloned());
                let attributes = Attributes { options, quantity: p.attributes.quantity, ..Default::default() };
                Parse { attributes, target: None, ..p.clone() }
            }
            None => p.clone(),
        };
        let a = &p.attributes;
        let says_something = !a.options.is_empty() || a.quantity.is_some();
        // ("ok i'll take that one, xl": the one pointed at, with what is said of it.)
        let that_one = words.windows(2).any(|w| matches!(w[0].as_str(), "that" | "this") && w[1] == "one");
        let bare =
            p.lines.is_empty() && (p.target.is_none() || (of_those || that_one) && only_pointing) && says_something;
        // "we'll take two then": a count and nothing else, not asked ("and for 12?").
        let asked = p.text.trim_end().ends_with('?');
        let count_alone = bare && a.options.is_empty() && a.without.is_empty() && p.target.is_none() && !asked;
        let implied = p.target.is_none() && p.lines.len() == 1 && p.implied == [0];
        // "sounds good, i'll take that one": the thing pointed at and nothing more.
        let pointed = words.windows(2).any(|w| matches!(w[0].as_str(), "that" | "this") && w[1] == "one")
            && p.lines.is_empty()
            && p.target.is_none()
            && !says_something
            && matches!(p.intent, Intent::Fallback | Intent::OrderAdd);
        let ordering = matches!(p.intent, Intent::OrderModify | Intent::OrderAdd);
        // "how much is a medium margherita?" … "ok large then": with nothing ordered,
        // choices alone in place of those of the thing asked about are it, so made ("and
        // a large" may still ask).
        let one_of_a_kind = |o: &OptionRef| catalog.group(&o.group).is_some_and(|g| g.max == 1);
        let in_place =
            |l: &OrderLine| a.options.iter().all(|o| one_of_a_kind(o) && l.choices_in(&o.group).next().is_some());
        let chosen_alone = bare
            && nothing_ordered
            && a.quantity.is_none()
            && a.without.is_empty()
            && p.target.is_none()
            && !asked
            && words.first().is_some_and(|w| w != "and")
            && self.about.as_ref().is_some_and(|l| !a.options.is_empty() && in_place(l));
        if !((one || of_those || count_alone || chosen_alone) && (bare || implied) && ordering || pointed) {
            return None;
        }
        let (quantity, options, without) = match p.lines.first().filter(|_| implied) {
            Some(l) => (Some(l.quantity), &l.options, &l.without),
            None => (p.attributes.quantity, &p.attributes.options, &p.attributes.without),
        };
        let about = catalog.item(&self.about.as_ref()?.item)?;
        if implied && !options.iter().chain(without).all(|o| about.group(&o.group).is_some()) {
            return None;
        }
        let mut line = self.about_with(options)?;
        line.quantity = quantity.unwrap_or(1);
        let counted =
            counted_group(catalog, &line.item, line.quantity).filter(|g| !options.iter().any(|o| o.group == *g));
        if let Some(group) = counted {
            // ("the lemon pepper ones, a dozen": the twelve-piece, not twelve orders.)
            line.options.retain(|o| o.group != group);
            crate::engine::pick_counted_choice(catalog, &mut line);
        }
        line.without.extend(without.iter().cloned());
        // ("my husband wants a large one": his.)
        let whose = p.lines.first().and_then(|l| l.owner.as_ref());
        line.owner =
            whose.or(p.attributes.owner.as_ref()).or(p.target.as_ref().and_then(|t| t.owner.as_ref())).cloned();
        Some(Parse {
            intent: Intent::OrderAdd,
            lines: vec![line],
            attributes: Default::default(),
            target: None,
            ..p.clone()
        })
    }

    /// The thing asked about with these choices said of it, in place of its own of their
    /// groups.
    fn about_with(&self, options: &[OptionRef]) -> Option<OrderLine> {
        let mut line = self.about.clone()?;
        line.choose(options);
        Some(line)
    }

    /// The message read as the same question about what it names, when it is a
    /// follow-up question that names a thing and asks nothing of its own.
    pub(super) fn asked_again(&self, catalog: &Catalog, p: &Parse) -> Option<Parse> {
        if let Some(again) = self.price_of_a_count(catalog, p) {
            return Some(again);
        }
        let mut topic = p.topic.clone().unwrap_or_default();
        // "and a regular?", "how much is a small?": choices said alone, whatever item
        // the menu would give them, are what is asked about.
        let implied_only = p.lines.len() == 1 && p.implied == [0];
        let lines: &[OrderLine] = if implied_only { &[] } else { &p.lines };
        // ("and the extra large?": choices said with "the" name nothing in the cart.)
        let described = p.target.as_ref().filter(|t| {
            t.item.is_none() && t.category.is_none() && t.owner.is_none() && t.position.is_none() && !t.pronoun
        });
        if topic.options.is_empty() && lines.is_empty() {
            topic.options = if implied_only { p.lines[0].options.clone() } else { p.attributes.options.clone() };
            if topic.options.is_empty() {
                topic.options = described.map(|t| t.options.clone()).unwrap_or_default();
            }
        }
        // "how much is mine?" … "and his?": whose line, said alone.
        let whose = p.target.as_ref().filter(|t| t.owner.is_some() && lines.is_empty()).cloned();
        let names = !lines.is_empty() || !topic.options.is_empty() || whose.is_some();
        let own_question = topic.tag.is_some() || topic.group.is_some() || p.intent == Intent::PriceAsk;
        let words: Vec<&str> = p.tokens.iter().map(String::as_str).collect();
        let from = words.iter().position(|w| !crate::engine::opens_only(w) && *w != ",").unwrap_or(0);
        let what_about = matches!(words[from..], ["what" | "how", "about", ..]);
        // ("oh, that is more than i thought. and the extra large?": so the last sentence.)
        let last_sentence = p.text.trim_end().trim_end_matches(['?', '!', '.']).rsplit(['.', '!']).next().unwrap_or("");
        let opens_last = crate::catalog::text::tokenize(last_sentence).first().is_some_and(|w| w == "and");
        let opens = what_about || opens_last || matches!(words[from..], ["and", ..]);
        let question = what_about || p.intent == Intent::MenuAsk || p.text.trim_end().ends_with('?');
        // "how much is a medium hawaiian?" … "and a large?" or "how much is a small?":
        // the large (small) hawaiian.
        // "what comes with the bucket?" … "how much is it?": the thing just answered about.
        let pointing = topic.options.is_empty()
            && words.iter().any(|w| matches!(*w, "it" | "that" | "this" | "they" | "them" | "those"));
        let of_it = lines.is_empty()
            && self.about.as_ref().is_some_and(|about| pointing || fits(catalog, &about.item, &topic.options));
        let its_price = of_it && p.intent == Intent::PriceAsk && topic.tag.is_none() && topic.group.is_none();
        if !its_price && (!(question && opens && names) || own_question) {
            return None;
        }
        let same_thing = if of_it && (self.price || its_price) {
            self.about_with(&std::mem::take(&mut topic.options))
        } else {
            None
        };
        let topic = Topic { tag: self.tag.clone(), group: self.group.clone(), ..topic };
        let intent = if self.price || its_price { Intent::PriceAsk } else { Intent::MenuAsk };
        let lines = same_thing.map_or_else(|| lines.to_vec(), |line| vec![line]);
        Some(Parse { intent, topic: Some(topic), lines, target: whose, attributes: Default::default(), ..p.clone() })
    }

    /// "how much is the tiramisu?" … "and for 2?": the price of that many of it.
    fn price_of_a_count(&self, catalog: &Catalog, p: &Parse) -> Option<Parse> {
        let a = &p.attributes;
        let count_only = p.lines.is_empty() && p.target.is_none() && a.options.is_empty() && a.without.is_empty();
        let words: Vec<&str> = p.tokens.iter().map(String::as_str).collect();
        let opens = matches!(words[..], ["and", ..] | ["what" | "how", "about", ..]);
        let n = a.quantity.filter(|_| self.price && count_only && opens && p.text.trim_end().ends_with('?'))?;
        let mut line = OrderLine { quantity: n, ..self.about.clone()? };
        // "how much are 12 wings?" … "and 6?": a count the item is sold by is that choice
        // in place of the one asked about.
        if let Some(group) = counted_group(catalog, &line.item, n) {
            line.options.retain(|o| o.group != group);
            crate::engine::pick_counted_choice(catalog, &mut line);
        }
        Some(Parse { intent: Intent::PriceAsk, lines: vec![line], attributes: Default::default(), ..p.clone() })
    }
}

/// The group of `item` with a choice it offers that a count of `n` selects ("6 wings":
/// the six-piece).
fn counted_group(catalog: &Catalog, item: &str, n: u32) -> Option<String> {
    let item = catalog.item(item)?;
    item.groups.iter().map(|ig| &ig.group).find_map(|g| {
        let group = catalog.group(g)?;
        group.counted(n).is_some_and(|c| item.offers(g, &c.id)).then(|| g.clone())
    })
}

/// Every choice is one the item takes.
fn fits(catalog: &Catalog, item: &str, options: &[OptionRef]) -> bool {
    let Some(item) = catalog.item(item) else { return false };
    !options.is_empty() && options.iter().all(|o| item.group(&o.group).is_some())
}
