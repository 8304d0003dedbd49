//! The TOML shapes of `menu/*.toml` and `intents/*.toml`, exactly as operators write them.
//!
//! Values that can be wrong in a way TOML cannot see (ids, references, numbers) are
//! `Spanned`, so validation can point at the exact line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// One menu file: categories, option groups and items (any of them may be absent).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MenuFile {
    #[serde(default)]
    pub category: Vec<CategoryDef>,
    #[serde(default)]
    pub group: Vec<GroupDef>,
    #[serde(default)]
    pub item: Vec<ItemDef>,
    /// The shop's own grammar words, beside the built-in ones.
    #[serde(default)]
    pub words: Option<WordsDef>,
    /// The shop's own rules for orders.
    #[serde(default)]
    pub shop: Option<ShopDef>,
}

/// `[shop]`: rules of the shop's own, beside what it sells.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ShopDef {
    /// The last status in which a customer may still cancel an order: `pending`,
    /// `confirmed` (the default), `preparing` or `ready`.
    #[serde(default)]
    pub customer_cancel_until: Option<Spanned<String>>,
    /// How the shop hands orders over: `["pickup"]` (the default), `["delivery"]` or both;
    /// the first is what an order without one gets. The keys below: `catalog::shop`.
    #[serde(default)]
    pub fulfilment: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub delivery_fee: Option<Spanned<i64>>,
    #[serde(default)]
    pub delivery_minimum: Option<Spanned<i64>>,
    #[serde(default)]
    pub delivery_postcodes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub delivery_zones: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub opening_hours: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub utc_offset: Option<Spanned<String>>,
    #[serde(default)]
    pub prep_minutes: Option<Spanned<i64>>,
    #[serde(default)]
    pub prep_minutes_per_order: Option<Spanned<i64>>,
    /// `"show"` (the default) or `"hide"`: whether the kitchen's board shows card orders
    /// before they are paid (`catalog::shop`).
    #[serde(default)]
    pub unpaid_card_orders: Option<Spanned<String>>,
}

/// A shop's own ways of saying "not", "more", "less", and words that mean nothing for
/// an order: added to the engine's built-in grammar (`catalog/grammar.rs`).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WordsDef {
    /// Excludes what follows: "i'm not in the mood for", "hold back the".
    #[serde(default)]
    pub negation: Vec<Spanned<String>>,
    /// More of the next choice: "loaded with", "smothered in".
    #[serde(default)]
    pub extra: Vec<Spanned<String>>,
    /// Less of the next choice: "barely any", "a smidge of".
    #[serde(default)]
    pub light: Vec<Spanned<String>>,
    /// Words with no order meaning, never corrected to menu words: "y'all", "fam".
    #[serde(default)]
    pub filler: Vec<Spanned<String>>,
}

/// A menu section ("Pizzas", "Drinks") that customers can ask about.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<Spanned<String>>,
    /// An item of this category that choices said without an item stand for.
    #[serde(default)]
    pub default_item: Option<Spanned<String>>,
}

/// An option group (size, toppings, milk...), shared by every item that lists it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    pub id: Spanned<String>,
    pub name: String,
    /// Words that name the group itself ("toppings", "crust"), for questions.
    #[serde(default)]
    pub synonyms: Vec<Spanned<String>>,
    /// Every item with this group must have a choice in it (after defaults).
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub min: Option<Spanned<u32>>,
    #[serde(default)]
    pub max: Option<Spanned<u32>>,
    /// Choices applied in the cart when the customer names none of this group.
    #[serde(default)]
    pub defaults: Vec<Spanned<String>>,
    /// Whether "extra" / "light" make sense for this group's choices.
    #[serde(default)]
    pub amounts: bool,
    /// Whether a choice may go on one half of the item ("half pepperoni").
    #[serde(default)]
    pub halves: bool,
    /// What a choice on one half costs, in percent of its price (default 100).
    #[serde(default)]
    pub half_price: Option<Spanned<u32>>,
    /// The choices the bot names first when a long list is summarised ("85 toppings,
    /// for example …"); the first few in file order when absent.
    #[serde(default)]
    pub featured: Vec<Spanned<String>>,
    #[serde(default)]
    pub choice: Vec<ChoiceDef>,
    /// Words that mean one of several choices ("beans": black or pinto): the bot asks
    /// which.
    #[serde(default)]
    pub either: Vec<EitherDef>,
}

/// Words that name one of several choices of the group, not saying which.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EitherDef {
    pub synonyms: Vec<Spanned<String>>,
    pub choices: Vec<Spanned<String>>,
}

/// One choice of a group.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub synonyms: Vec<Spanned<String>>,
    /// Price added to the item, in cents.
    #[serde(default)]
    pub price: Option<Spanned<i64>>,
    /// Price added per size (keys are choices of the item's `size` group), in cents.
    #[serde(default)]
    pub prices: Option<Spanned<BTreeMap<String, i64>>>,
    /// Price of the "extra" amount instead of `price` again, in cents.
    #[serde(default)]
    pub extra_price: Option<Spanned<i64>>,
    /// How many pieces this choice is: "a dozen wings" or "12 wings" picks the choice
    /// with `count = 12` instead of ordering twelve of the item.
    #[serde(default)]
    pub count: Option<Spanned<u32>>,
    #[serde(default = "yes")]
    pub available: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// What the choice is, said when a customer asks about it ("what's on the meat
    /// lover?"): "Pepperoni, sausage, ham and bacon."
    #[serde(default)]
    pub description: Option<String>,
}

/// A menu item.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub id: Spanned<String>,
    pub name: String,
    pub category: Spanned<String>,
    #[serde(default)]
    pub synonyms: Vec<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
    /// Fixed price in cents, or...
    #[serde(default)]
    pub price: Option<Spanned<i64>>,
    /// ...a price per choice of the item's `size` group, in cents.
    #[serde(default)]
    pub prices: Option<Spanned<BTreeMap<String, i64>>>,
    /// Option groups this item takes, by id.
    #[serde(default)]
    pub groups: Vec<Spanned<String>>,
    /// Groups that are required for this item even if the group itself is not.
    #[serde(default)]
    pub require: Vec<Spanned<String>>,
    /// Per-item defaults that replace the group's defaults (group id -> choice ids).
    #[serde(default)]
    pub defaults: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default = "yes")]
    pub available: bool,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// One intents file: intents, named reply templates and dialogue-act word lists.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct IntentsFile {
    #[serde(default)]
    pub intent: Vec<IntentDef>,
    #[serde(default)]
    pub reply: Vec<ReplyDef>,
    #[serde(default)]
    pub acts: Option<ActsDef>,
    /// Words for pickup, delivery, addresses, times, phones and notes (`catalog::said`).
    #[serde(default)]
    pub fulfilment: Option<super::said::SaidDef>,
}

/// Word lists of the dialogue acts (see `catalog::acts`): phrases, matched as whole
/// words after the same normalising as messages.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ActsDef {
    #[serde(default)]
    pub affirm: Vec<Spanned<String>>,
    #[serde(default)]
    pub praise: Vec<Spanned<String>>,
    #[serde(default)]
    pub wellbeing: Vec<Spanned<String>>,
    #[serde(default)]
    pub deny: Vec<Spanned<String>>,
    #[serde(default)]
    pub negator: Vec<Spanned<String>>,
    #[serde(default)]
    pub done: Vec<Spanned<String>>,
    #[serde(default)]
    pub thanks: Vec<Spanned<String>>,
    #[serde(default)]
    pub greet: Vec<Spanned<String>>,
    #[serde(default)]
    pub goodbye: Vec<Spanned<String>>,
    #[serde(default)]
    pub help: Vec<Spanned<String>>,
    #[serde(default)]
    pub cancel: Vec<Spanned<String>>,
    #[serde(default)]
    pub undo: Vec<Spanned<String>>,
    #[serde(default)]
    pub wait: Vec<Spanned<String>>,
    #[serde(default)]
    pub soft: Vec<Spanned<String>>,
    #[serde(default)]
    pub demonstrative: Vec<Spanned<String>>,
    #[serde(default)]
    pub whole: Vec<Spanned<String>>,
    #[serde(default)]
    pub question: Vec<Spanned<String>>,
    #[serde(default)]
    pub request: Vec<Spanned<String>>,
}

/// An intent: how to recognise it, and what the bot may answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentDef {
    pub id: Spanned<String>,
    /// Higher wins when two intents match equally well.
    #[serde(default)]
    pub priority: i32,
    /// Whole phrasings customers use; matched after normalising and stemming.
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    /// Regular expressions over the normalised text; named captures are kept.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Single words that suggest this intent.
    #[serde(default)]
    pub keywords: Vec<Spanned<String>>,
    /// Reply variants with `{placeholders}`.
    #[serde(default)]
    pub replies: Vec<Spanned<String>>,
}

/// Named reply templates the dialogue uses ("ask_option", "confirm", ...).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyDef {
    pub id: Spanned<String>,
    pub variants: Vec<Spanned<String>>,
}

fn yes() -> bool {
    true
}
