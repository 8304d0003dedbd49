//! The parser's output: what one message asked for, in menu ids.
//!
//! `Parse` serialises to the JSON line of `chatorder parse` (DESIGN.md): `text`,
//! `intent`, `confidence`, `lines`, plus optional fields the dialogue needs, which
//! are left out of the JSON when empty.
//!
//! Negation without an order (the rule, see `intent.rs`): "no <item or category>" alone
//! ("no coke", "no drinks") is `order.remove` with a `target`; "no <option>" alone ("no
//! mushrooms") is `order.modify` with `attributes.without`; inside an order ("a large
//! pizza with no onions") it is that line's `without`.

use serde::{Deserialize, Serialize};

use crate::catalog::acts::Act;
use crate::order::{OptionRef, OrderLine};

use super::Intent;

/// One parsed message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parse {
    pub text: String,
    /// What the message asks for (`order.add`, `checkout`, …, `fallback` in the JSON).
    pub intent: Intent,
    /// 0.0..=1.0: how sure the engine is of the intent.
    pub confidence: f32,
    /// Items mentioned, in the order the customer mentioned them.
    pub lines: Vec<OrderLine>,
    /// What an edit refers to: "the coke", "the second one", "it", "the pizzas".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Quantity and options said without any item: "make it two", "large",
    /// "no onions", "add extra cheese". The dialogue applies them to the target,
    /// or to the line it is asking about.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
    /// What a menu or price question is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// Words the engine could not place, with the nearest menu term when there is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Unknown>,
    /// What the message does besides ordering ("thanks", "done", …), filled by the act
    /// stage (`acts::understand`); empty from the parser alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acts: Vec<Act>,
    /// The acts said after an order ("two cokes, that's all"), a subset of `acts`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing: Vec<Act>,
    /// Choices named by a word that means one of several ("beans": black or pinto):
    /// the line holds the first, the dialogue asks which.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undecided: Vec<Undecided>,
    /// Every menu word of the message was a corrected typo ("las vegas" → "vegan"):
    /// weak evidence, which the act stage does not act on beside ordinary words.
    #[serde(skip)]
    pub guessed: bool,
    /// Pickup or delivery, address, time, phone or note said in the message ("delivery
    /// to 12 High St, for 7:30"), taken out before the rest was parsed (`acts::fulfilment`).
    #[serde(default, skip_serializing_if = "crate::order::fulfilment::Request::is_empty")]
    pub fulfilment: crate::order::fulfilment::Request,
    /// Lines whose item no word named: choices said alone ("a large", "how much is a
    /// small?"), the item the menu gives them.
    #[serde(skip)]
    pub implied: Vec<usize>,
    /// Lines said with "the" / "my" and no count ("i want the sprite in a bottle"):
    /// when the cart has that item once, they speak of that line.
    #[serde(skip)]
    pub definite: Vec<usize>,
    /// The message speaks of several things at once ("them", "both", "all", "each"):
    /// an edit may mean several lines without asking which.
    #[serde(skip)]
    pub plural: bool,
    /// The message's words as the engine read them (normalised, stretched words
    /// respelt), for the act stage.
    #[serde(skip)]
    pub tokens: Vec<String>,
    /// Said of an order already placed: "add a coke to my order".
    #[serde(skip)]
    pub to_placed: bool,
    /// Lines of one each, said as "one with pepperoni, the other with mushrooms" with
    /// no count of their own: they may share out a line already ordered.
    #[serde(skip)]
    pub shares_out: bool,
    /// What the message goes on to do, in order, after this ("only 2 cokes | and drop
    /// the garlic bread"): each part understood alone (the act stage cuts them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub then: Vec<Parse>,
}

impl Parse {
    /// A message read as `intent` and nothing more: no lines, no acts, no edits.
    pub fn new(text: &str, intent: Intent, confidence: f32) -> Self {
        Self {
            text: text.to_owned(),
            intent,
            confidence,
            lines: Vec::new(),
            target: None,
            attributes: Attributes::default(),
            topic: None,
            unknown: Vec::new(),
            acts: Vec::new(),
            closing: Vec::new(),
            undecided: Vec::new(),
            guessed: false,
            fulfilment: crate::order::fulfilment::Request::default(),
            definite: Vec::new(),
            implied: Vec::new(),
            plural: false,
            tokens: Vec::new(),
            to_placed: false,
            shares_out: false,
            then: Vec::new(),
        }
    }
}

/// A reference to a line already in the cart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// An item id ("the coke").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A category id ("no drinks", "the pizzas").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// 1-based position among the matching lines ("the second one", "the last pizza" = 0 means last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// Options that pick the line ("the large one", "the pepperoni pizza").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionRef>,
    /// A quantity said with the reference ("drop one pizza", "remove two cokes").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// "it", "that", "them", "this one": the line touched last.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pronoun: bool,
    /// Whose line: "mine" (`me`), "my husband's" (`husband`), "hers" (`her`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// "the other one", "the other pizza": a line that fits, other than those touched last.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other: bool,
    /// "all the pizzas", "both cokes", "every pizza": every line that fits.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub every: bool,
    /// "the big one", "the smallest pizza": of the lines that fit, the one of the
    /// largest or smallest size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<Extreme>,
    /// "olives on the mushroom half": the options name the half of the line they are on,
    /// which is where the change goes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub half: bool,
}

/// Which end of the sizes a reference means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Extreme {
    Largest,
    Smallest,
}

impl Target {
    /// Whether it only points ("those", "that one", "it"), whoever it is for.
    pub fn only_points(&self) -> bool {
        Target { owner: None, ..self.clone() } == Target { pronoun: true, ..Target::default() }
    }
}

/// Quantity and options that belong to no item mentioned in the message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// "one more of those", "another one": units added to the line, not its new count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<u32>,
    /// "one less of each": units taken off the line (a line left with none goes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fewer: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub without: Vec<OptionRef>,
    /// The options replace the line's choices of their kind ("make it a margherita
    /// instead", "change it to stuffed crust") rather than joining them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replace: bool,
    /// The exclusions are what the options take the place of ("switch the sausage to
    /// bacon"): a line without them only gains the new choices.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub traded: bool,
    /// "make one of them plain": nothing on it, the toppings and other lists of choices
    /// taken off (a size or a kind stays).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub plain: bool,
    /// An add verb was said ("add olives"): a choice the line excluded is put on, not
    /// only no longer excluded ("olives are fine, leave those on").
    #[serde(skip)]
    pub added: bool,
    /// Whom the choices said alone are for ("my husband wants a large one"), when the
    /// message says.
    #[serde(skip)]
    pub owner: Option<String>,
}

impl Attributes {
    pub fn is_empty(&self) -> bool {
        self.quantity.is_none()
            && self.more.is_none()
            && self.fewer.is_none()
            && self.options.is_empty()
            && self.without.is_empty()
            && !self.plain
    }
}

/// The subject of a menu or price question ("what toppings", "any vegan options",
/// "how much is a large pizza").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Choices the question names with no item ("how much for a medium", "is the
    /// margherita vegetarian"), filled by the act stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<OptionRef>,
}

/// A word the engine could not place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unknown {
    pub word: String,
    /// An ordinary English word that is not on the menu ("joke", "flight").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub english: bool,
    /// The closest menu term, for "did you mean pepperoni?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// A choice of `lines[line]` said by a word that means any of `choices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undecided {
    pub line: usize,
    pub group: String,
    pub choices: Vec<String>,
}
