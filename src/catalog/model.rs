//! The compiled, immutable menu and intents that every other layer reads.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

/// A menu section.
#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub synonyms: Vec<String>,
    /// The item choices said alone stand for when several of the category's items take
    /// them ("a large dark roast": a brewed coffee).
    pub default_item: Option<String>,
}

/// How an item is priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Price {
    Fixed(i64),
    /// Keyed by the choice id of the item's `size` group.
    BySize(BTreeMap<String, i64>),
}

/// One choice of an option group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub synonyms: Vec<String>,
    /// Added to the item's price, in cents.
    pub price: i64,
    /// Per-size prices that replace `price` for those sizes.
    pub prices: BTreeMap<String, i64>,
    /// What "extra" adds (defaults to the normal price again).
    pub extra_price: Option<i64>,
    /// The pieces this choice stands for ("12 wings" → the 12-piece choice).
    pub count: Option<u32>,
    pub available: bool,
    pub tags: Vec<String>,
    /// What it is, said when asked ("what's on the meat lover?").
    pub description: Option<String>,
    /// Its kind within the group (see `Group::same_kind`), told at load.
    pub kind: Option<String>,
    /// Its kind is one the group is called by and not all its choices share ("thin
    /// crust" in a group also called "crust"): it fills a place of its own beside the
    /// group's other choices (a dip among dips does not). Told at load.
    pub own_place: bool,
}

impl Choice {
    /// The price of this choice on an item of the given size, in cents.
    pub fn price_for(&self, size: Option<&str>) -> i64 {
        size.and_then(|s| self.prices.get(s)).copied().unwrap_or(self.price)
    }

    /// Whether the choice has tag `tag` and its name begins with the tag's words
    /// ("Gluten Free Crust" for `gluten_free`): the tag said before an item names it.
    pub fn named_after_tag(&self, tag: &str) -> bool {
        let words = tag.replace('_', " ");
        self.tags.iter().any(|t| t == tag)
            && self.name.to_lowercase().strip_prefix(&words).is_some_and(|rest| rest.starts_with(' '))
    }
}

/// An option group.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub synonyms: Vec<String>,
    pub required: bool,
    pub min: u32,
    pub max: u32,
    pub defaults: Vec<String>,
    pub amounts: bool,
    /// Its choices may go on one half of the item ("half pepperoni, half mushrooms"),
    /// each then costing `half_price` percent of its price (rounded up to the cent).
    pub halves: bool,
    pub half_price: u32,
    /// Choice ids named first when the list is summarised.
    pub featured: Vec<String>,
    pub choices: Vec<Choice>,
    /// Words that mean one of several choices, and which choices (ids, in file order).
    pub either: Vec<Either>,
    /// No item requires a choice of it (add-ons, garnishes): told at load.
    pub add_on: bool,
}

/// Words that name one of several choices of a group ("beans": black or pinto).
#[derive(Debug, Clone)]
pub struct Either {
    pub synonyms: Vec<String>,
    pub choices: Vec<String>,
}

impl Group {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    /// The choice a count of `n` said of the item picks ("a dozen wings": `count = 12`),
    /// where the group counts the item itself: some item must choose in it, it has a
    /// default, or every choice is a count (packs). An add-on counted in its own units
    /// beside a plain one ("egg", "two eggs") is not the item's count: "2 ramen" are two
    /// bowls.
    pub fn counted(&self, n: u32) -> Option<&Choice> {
        let counts_the_item =
            !self.add_on || !self.defaults.is_empty() || self.choices.iter().all(|c| c.count.is_some());
        self.choices.iter().find(|c| c.count == Some(n)).filter(|_| counts_the_item)
    }

    /// The choice that is the item by another role ("sweet tea", a drink and a combo's
    /// drink): the same id or name, or the item's name among the choice's synonyms.
    pub fn choice_that_is(&self, item: &Item) -> Option<&Choice> {
        let named = |c: &&Choice| {
            c.id == item.id
                || c.name.eq_ignore_ascii_case(&item.name)
                || c.synonyms.iter().any(|s| s.eq_ignore_ascii_case(&item.name))
        };
        self.choices.iter().find(named)
    }

    /// Whether two choices are of one kind, so that one replaces the other in a swap
    /// ("stuffed crust instead of thin crust", "a supreme instead" of a meat lover): a
    /// last word that three choices share, or two when the group is called by it
    /// ("… crust", "… style", "… salsa"), makes a kind; the choices without one are one
    /// kind together (the named pizzas beside the crusts).
    pub fn same_kind(&self, a: &str, b: &str) -> bool {
        matches!((self.choice(a), self.choice(b)), (Some(x), Some(y)) if x.kind == y.kind)
    }

    /// The kind of choice `id`, or `None` for a choice without one (or no such choice).
    pub fn kind(&self, id: &str) -> Option<&str> {
        self.choice(id)?.kind.as_deref()
    }

    /// Tells every choice its kind and whether it fills a place of its own (at load).
    pub fn mark_kinds(&mut self) {
        let last_word = |name: &str| name.to_lowercase().split_whitespace().last().map(str::to_owned);
        let lasts: Vec<Option<String>> = self.choices.iter().map(|c| last_word(&c.name)).collect();
        let kinds: Vec<Option<String>> = lasts
            .iter()
            .map(|last| {
                let last = last.as_ref()?;
                let sharing = lasts.iter().filter(|l| l.as_ref() == Some(last)).count();
                (sharing >= 3 || sharing >= 2 && self.is_called(last)).then(|| last.clone())
            })
            .collect();
        let own_places: Vec<bool> = kinds
            .iter()
            .map(|kind| kind.as_deref().is_some_and(|k| self.is_called(k)) && kinds.iter().any(|k| k != kind))
            .collect();
        for ((c, kind), own_place) in self.choices.iter_mut().zip(kinds).zip(own_places) {
            c.kind = kind;
            c.own_place = own_place;
        }
    }

    /// Whether the group's name or a synonym is `word` (either in the plural).
    fn is_called(&self, word: &str) -> bool {
        let word = word.trim_end_matches('s');
        std::iter::once(&self.name).chain(&self.synonyms).any(|w| w.to_lowercase().trim_end_matches('s') == word)
    }
}

/// A group as one item uses it: whether it is required there and its defaults.
#[derive(Debug, Clone)]
pub struct ItemGroup {
    pub group: String,
    pub required: bool,
    pub defaults: Vec<String>,
}

/// A menu item.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub category: String,
    pub synonyms: Vec<String>,
    pub description: Option<String>,
    pub price: Price,
    pub groups: Vec<ItemGroup>,
    pub available: bool,
    pub tags: Vec<String>,
}

impl Item {
    pub fn group(&self, id: &str) -> Option<&ItemGroup> {
        self.groups.iter().find(|g| g.group == id)
    }

    /// Whether the item comes in size `choice` of its `size` group (a priced size), or
    /// takes a choice of any other group it has.
    pub fn offers(&self, group: &str, choice: &str) -> bool {
        match &self.price {
            Price::BySize(by) if group == "size" => by.contains_key(choice),
            _ => self.group(group).is_some(),
        }
    }

    /// The lowest price this item can have, in cents (for "from $8.99").
    pub fn base_price(&self) -> i64 {
        match &self.price {
            Price::Fixed(p) => *p,
            Price::BySize(m) => m.values().copied().min().unwrap_or(0),
        }
    }
}

/// An intent as the engine uses it; the engine compiles the raw patterns itself.
#[derive(Debug, Clone)]
pub struct IntentRule {
    pub id: String,
    pub priority: i32,
    pub examples: Vec<String>,
    pub patterns: Vec<regex::Regex>,
    pub keywords: Vec<String>,
}

/// The id → position maps behind the lookups.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub items: HashMap<String, usize>,
    pub groups: HashMap<String, usize>,
    pub categories: HashMap<String, usize>,
}

/// The statuses a customer may cancel up to, in the order an order passes them.
pub const CANCEL_STAGES: [&str; 4] = ["pending", "confirmed", "preparing", "ready"];

/// The shop's own rules (`[shop]` in a menu file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shop {
    /// The last order status in which a customer may still cancel, one of [`CANCEL_STAGES`]
    /// (default `confirmed`: until the kitchen starts preparing it).
    pub customer_cancel_until: String,
    /// Pickup/delivery, the delivery area and fee, opening hours, preparation times.
    pub orders: super::shop::ShopOrders,
}

impl Default for Shop {
    fn default() -> Self {
        Self { customer_cancel_until: "confirmed".to_owned(), orders: super::shop::ShopOrders::default() }
    }
}
