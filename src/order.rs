//! The order line: one item with a quantity, chosen options and exclusions.
//!
//! The same shape travels everywhere: the parser produces it, the cart prices it,
//! `POST /api/orders` accepts it and the store saves it. Ids are menu ids.

pub mod fulfilment;

use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// How much of an option the customer wants, when it is not the normal amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Amount {
    /// "extra", "double", "heavy on the", "lots of".
    Extra,
    /// "light", "a little", "go easy on the".
    Light,
}

/// Which half of the item a choice is on ("pepperoni on one half, mushrooms on the
/// other"), for groups the menu lets split (`halves = true`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Half {
    First,
    Second,
}

/// One chosen (or excluded) option: a choice of a group, with an optional amount and,
/// for a group split by halves, the half it is on (none: the whole item).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionRef {
    /// An option group id of the menu.
    pub group: String,
    /// A choice id of that group.
    pub choice: String,
    /// Omitted for the normal amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub amount: Option<Amount>,
    /// For a group with `halves`: the half of the item the choice is on; omitted for
    /// the whole item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub half: Option<Half>,
}

impl OptionRef {
    pub fn new(group: &str, choice: &str) -> Self {
        Self { group: group.to_owned(), choice: choice.to_owned(), amount: None, half: None }
    }

    pub fn with_amount(mut self, amount: Option<Amount>) -> Self {
        self.amount = amount;
        self
    }

    /// The same choice, said of the same part of the item (the amount may differ).
    pub fn same_choice(&self, other: &OptionRef) -> bool {
        self.group == other.group && self.choice == other.choice && self.half == other.half
    }
}

/// One line of an order, without prices (a client never sends a price).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// An item id of the menu.
    pub item: String,
    /// Defaults to 1.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
    pub quantity: u32,
    /// Chosen options; defaults to none.
    #[serde(default)]
    pub options: Vec<OptionRef>,
    /// Excluded options ("no onions"); defaults to none.
    #[serde(default)]
    pub without: Vec<OptionRef>,
    /// Who the line is for, as the customer said it in the chat ("me", "daughter"):
    /// what "mine" or "my daughter's" refers to later in the conversation. Only in a
    /// chat's cart; an order does not keep it.
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, read_only)]
    pub owner: Option<String>,
    /// The customer's note for this line ("well done"), exactly as given, at most
    /// [`fulfilment::MAX_LINE_NOTE_CHARS`] characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn one() -> u32 {
    1
}

impl OrderLine {
    pub fn new(item: &str, quantity: u32) -> Self {
        Self { item: item.to_owned(), quantity, options: Vec::new(), without: Vec::new(), owner: None, note: None }
    }

    /// Takes choices said of this line, together in place of the line's choices of their
    /// groups ("a large one" of a medium hawaiian is a large hawaiian; "one with sausage
    /// and peppers" of a supreme has those two toppings).
    pub fn choose(&mut self, said: &[OptionRef]) {
        self.options.retain(|x| !said.iter().any(|o| o.group == x.group && o.choice != x.choice));
        for o in said {
            if !self.options.contains(o) {
                self.options.push(o.clone());
            }
        }
    }

    /// The chosen choices of one group, in the order they were chosen.
    pub fn choices_in<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a OptionRef> + 'a {
        self.options.iter().filter(move |o| o.group == group)
    }
}

/// An order line with the prices the server computed from the catalog, in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    #[serde(flatten)]
    pub line: OrderLine,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
}

// The schema of a priced line is the line's own object with the prices added, all
// required: serde flattens the line, and a derived `allOf` would carry the line's
// `additionalProperties: false` and so refuse the prices.
impl PartialSchema for PricedLine {
    fn schema() -> RefOr<Schema> {
        let cents = |what: &str| {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .description(Some(what))
                .build()
        };
        let mut object = match OrderLine::schema() {
            RefOr::T(Schema::Object(line)) => line,
            _ => Object::new(),
        };
        object.description =
            Some("An order line with the prices the server computed from the catalog, in cents.".into());
        object.properties.insert("unit_price_cents".into(), cents("The price of one, options included.").into());
        object.properties.insert("line_total_cents".into(), cents("The unit price times the quantity.").into());
        object.required = ["item", "quantity", "options", "without", "unit_price_cents", "line_total_cents"]
            .map(String::from)
            .to_vec();
        RefOr::T(Schema::Object(object))
    }
}

impl ToSchema for PricedLine {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <OrderLine as ToSchema>::schemas(schemas);
    }
}

/// An order's lines priced and totalled: the one place an order's total is summed.
/// (Fees, tips and delivery join here as they come.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PricedOrder {
    pub lines: Vec<PricedLine>,
    /// The shop's delivery fee, included in `total_cents` (absent: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delivery_fee_cents: i64,
    pub total_cents: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl PricedOrder {
    /// Totals `lines`.
    pub fn new(lines: Vec<PricedLine>) -> Self {
        let total_cents = lines.iter().map(|l| l.line_total_cents).sum();
        Self { lines, delivery_fee_cents: 0, total_cents }
    }

    /// The lines' sum, before any fee.
    pub fn subtotal_cents(&self) -> i64 {
        self.total_cents - self.delivery_fee_cents
    }

    /// The order with the shop's delivery fee added to its total (replacing any earlier fee).
    #[must_use]
    pub fn with_delivery_fee(mut self, fee_cents: i64) -> Self {
        self.total_cents = self.subtotal_cents() + fee_cents;
        self.delivery_fee_cents = fee_cents;
        self
    }

    /// The order with `more` lines added after its own.
    #[must_use]
    pub fn with(mut self, more: &PricedOrder) -> Self {
        self.lines.extend(more.lines.iter().cloned());
        self.total_cents += more.total_cents;
        self
    }
}
