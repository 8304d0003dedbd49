//! Checks an order line against the menu and prices it, in integer cents.
//!
//! Used by the cart (chat orders) and by `POST /api/orders` alike, so both agree on
//! what is orderable and what it costs. Defaults are applied here, never in the parse.

use crate::order::fulfilment::MAX_LINE_NOTE_CHARS;
use crate::order::{Amount, OptionRef, OrderLine, PricedLine, PricedOrder};

use super::{Catalog, Group, Item, Price};

/// The most of one line a single order may hold; more is surely a typo.
pub const MAX_QUANTITY: u32 = 100;

/// The most lines one order may hold, however it is placed (chat or API).
pub const MAX_LINES: usize = 50;

/// The highest price (of an item, a size or a choice) a menu may set, in cents: one
/// million in the shop's currency. `chatorder check` refuses more, so sums of prices
/// cannot overflow.
pub(super) const MAX_PRICE_CENTS: i64 = 100_000_000;

/// Why a line cannot be ordered, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("unknown item '{item}'")]
    UnknownItem { item: String },
    #[error("{item} is not available right now")]
    Unavailable { item: String },
    #[error("quantity must be between 1 and {MAX_QUANTITY}, not {quantity}")]
    BadQuantity { quantity: u32 },
    #[error("{item} has no option group '{group}'")]
    UnknownGroup { item: String, group: String, index: usize, without: bool },
    #[error("'{choice}' is not a choice of {group}")]
    UnknownChoice { group: String, choice: String, index: usize, without: bool },
    #[error("{choice} is not available right now")]
    ChoiceUnavailable { group: String, choice: String, index: usize },
    #[error("{group} does not take an amount")]
    NoAmount { group: String, index: usize },
    #[error("{choice} is listed twice")]
    Duplicate { group: String, choice: String, index: usize },
    #[error("at most {max} {group} allowed, got {count}")]
    TooMany { group: String, max: u32, count: u32 },
    #[error("{item} needs a {group}")]
    Missing { item: String, group: String },
    #[error("{item} is not sold in {size}")]
    NotOffered { item: String, size: String },
    #[error("{choice} cannot be both chosen and excluded")]
    Contradiction { group: String, choice: String },
    #[error("{group} cannot be split by halves")]
    NoHalves { group: String, index: usize },
    #[error("a line's note may hold at most {max} characters, not {count}")]
    NoteTooLong { max: usize, count: usize },
}

/// Why an order cannot be placed as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("an order needs at least one line")]
    Empty,
    #[error("at most {MAX_LINES} lines per order, not {count}")]
    TooManyLines { count: usize },
    #[error("{error}")]
    Line { index: usize, error: LineError },
}

impl OrderError {
    /// The request field at fault: `lines` or `lines[2].options[1].choice`.
    pub fn field(&self) -> String {
        match self {
            Self::Empty | Self::TooManyLines { .. } => "lines".into(),
            Self::Line { index, error } => format!("lines[{index}].{}", error.field()),
        }
    }
}

impl LineError {
    /// The request field at fault, relative to the line ("options[1].choice").
    pub fn field(&self) -> String {
        let list = |without: bool| if without { "without" } else { "options" };
        match self {
            Self::UnknownItem { .. } | Self::Unavailable { .. } => "item".into(),
            Self::BadQuantity { .. } => "quantity".into(),
            Self::UnknownGroup { index, without, .. } => format!("{}[{index}].group", list(*without)),
            Self::UnknownChoice { index, without, .. } => format!("{}[{index}].choice", list(*without)),
            Self::ChoiceUnavailable { index, .. } | Self::Duplicate { index, .. } => format!("options[{index}].choice"),
            Self::NoAmount { index, .. } => format!("options[{index}].amount"),
            Self::NoHalves { index, .. } => format!("options[{index}].half"),
            Self::TooMany { .. } | Self::Missing { .. } | Self::NotOffered { .. } => "options".into(),
            Self::Contradiction { .. } => "without".into(),
            Self::NoteTooLong { .. } => "note".into(),
        }
    }
}

impl Catalog {
    /// The line with the menu's defaults filled in for every group the customer left
    /// untouched (and did not exclude), so "a coke" becomes a can of coke.
    pub fn with_defaults(&self, line: &OrderLine) -> OrderLine {
        let mut out = line.clone();
        let Some(item) = self.item(&line.item) else { return out };
        for ig in &item.groups {
            let touched = line.options.iter().chain(&line.without).any(|o| o.group == ig.group);
            if !touched {
                out.options.extend(ig.defaults.iter().map(|d| OptionRef::new(&ig.group, d)));
            }
        }
        out
    }

    /// The first required group of the line's item that has no choice yet (after
    /// defaults), which the dialogue asks about.
    /// The item that options said without one imply: the only available item that
    /// takes every one of them ("a large pepperoni" is a pizza when only pizzas take
    /// toppings). `None` when no item, or more than one, fits ("a large" alone).
    pub fn implied_item(&self, options: &[OptionRef]) -> Option<&Item> {
        if options.is_empty() {
            return None;
        }
        let mut fitting = self.items.iter().filter(|i| {
            i.available
                && options.iter().all(|o| {
                    i.group(&o.group).is_some() && self.group(&o.group).is_some_and(|g| g.choice(&o.choice).is_some())
                })
        });
        let first = fitting.next()?;
        fitting.next().is_none().then_some(first)
    }

    /// The item choices said alone order: the one item that takes them all, else, when
    /// those are all of one category, the one the category names as what its choices
    /// alone stand for (`default_item`: "a large miso" is the house ramen, of three
    /// ramen that take a broth; "a big one" fits things of several sections: none),
    /// when a choice it must be made with is among them.
    pub fn ordered_item(&self, options: &[OptionRef]) -> Option<&Item> {
        self.implied_item(options).or_else(|| {
            let fits: Vec<usize> = (0..self.items.len())
                .filter(|&i| {
                    let item = &self.items[i];
                    item.available && !options.is_empty() && options.iter().all(|o| item.offers(&o.group, &o.choice))
                })
                .collect();
            let category = fits.first().map(|&i| &self.items[i].category)?;
            let one_section = fits.iter().all(|&i| self.items[i].category == *category);
            let item = &self.items[self.default_among(&fits).filter(|_| one_section)?];
            // What it is made with, not only how ("large", "extra egg"): a choice of a
            // group the item requires with no default (the broth).
            let needed = |o: &OptionRef| {
                item.groups.iter().any(|ig| ig.group == o.group && ig.required && ig.defaults.is_empty())
            };
            options.iter().any(needed).then_some(item)
        })
    }

    /// Of the items `fits` (indices), the one its category names as `default_item`, if
    /// exactly one is.
    pub fn default_among(&self, fits: &[usize]) -> Option<usize> {
        let mut defaults = fits.iter().copied().filter(|&i| {
            let item = &self.items[i];
            self.category(&item.category).and_then(|c| c.default_item.as_deref()) == Some(item.id.as_str())
        });
        match (defaults.next(), defaults.next()) {
            (Some(i), None) => Some(i),
            _ => None,
        }
    }

    pub fn missing_group(&self, line: &OrderLine) -> Option<&Group> {
        let item = self.item(&line.item)?;
        let line = self.with_defaults(line);
        item.groups
            .iter()
            .filter(|ig| ig.required)
            .filter_map(|ig| self.group(&ig.group))
            .find(|g| (line.choices_in(&g.id).count() as u32) < g.min.max(1))
    }

    /// Validates every line and the order's size, and prices it: what the read-back
    /// shows, the chat places and `POST /api/orders` stores.
    ///
    /// # Errors
    /// No lines, more than [`MAX_LINES`], or the first line that cannot be ordered.
    pub fn price_order(&self, lines: &[OrderLine]) -> Result<PricedOrder, OrderError> {
        if lines.is_empty() {
            return Err(OrderError::Empty);
        }
        if lines.len() > MAX_LINES {
            return Err(OrderError::TooManyLines { count: lines.len() });
        }
        let priced = lines
            .iter()
            .enumerate()
            .map(|(index, l)| self.price_line(l).map_err(|error| OrderError::Line { index, error }));
        Ok(PricedOrder::new(priced.collect::<Result<_, _>>()?))
    }

    /// The lines as far as they can be priced yet: a line still waiting for a choice
    /// (a size) shows prices of 0. What the cart shows while it is being built.
    pub fn price_draft(&self, lines: &[OrderLine]) -> PricedOrder {
        let unpriced = |l: &OrderLine| PricedLine { line: l.clone(), unit_price_cents: 0, line_total_cents: 0 };
        PricedOrder::new(lines.iter().map(|l| self.price_line(l).unwrap_or_else(|_| unpriced(l))).collect())
    }

    /// Validates the line (defaults applied) and prices it.
    ///
    /// # Errors
    /// The first thing wrong with the line, naming the field.
    pub fn price_line(&self, line: &OrderLine) -> Result<PricedLine, LineError> {
        let item = self.item(&line.item).ok_or_else(|| LineError::UnknownItem { item: line.item.clone() })?;
        if !item.available {
            return Err(LineError::Unavailable { item: item.name.clone() });
        }
        if line.quantity == 0 || line.quantity > MAX_QUANTITY {
            return Err(LineError::BadQuantity { quantity: line.quantity });
        }
        let note_chars = line.note.as_deref().map_or(0, |n| n.chars().count());
        if note_chars > MAX_LINE_NOTE_CHARS {
            return Err(LineError::NoteTooLong { max: MAX_LINE_NOTE_CHARS, count: note_chars });
        }
        for (index, w) in line.without.iter().enumerate() {
            self.resolve(item, w, index, true)?;
            if line.options.iter().any(|o| o.group == w.group && o.choice == w.choice) {
                return Err(LineError::Contradiction { group: w.group.clone(), choice: w.choice.clone() });
            }
        }
        let full = self.with_defaults(line);
        for (index, o) in full.options.iter().enumerate() {
            let (group, choice) = self.resolve(item, o, index, false)?;
            if !choice.available {
                return Err(LineError::ChoiceUnavailable {
                    group: group.id.clone(),
                    choice: choice.name.clone(),
                    index,
                });
            }
            if o.amount.is_some() && !group.amounts {
                return Err(LineError::NoAmount { group: group.name.clone(), index });
            }
            if o.half.is_some() && !group.halves {
                return Err(LineError::NoHalves { group: group.name.to_lowercase(), index });
            }
            // A choice on one half and on the other, or on a half and whole, is listed twice.
            if full.options[..index].iter().any(|p| p.group == o.group && p.choice == o.choice) {
                return Err(LineError::Duplicate { group: group.id.clone(), choice: choice.name.clone(), index });
            }
        }
        for ig in &item.groups {
            let Some(group) = self.group(&ig.group) else { continue };
            let count = full.choices_in(&group.id).count() as u32;
            if count > group.max {
                return Err(LineError::TooMany { group: group.name.to_lowercase(), max: group.max, count });
            }
            if ig.required && count < group.min.max(1) {
                return Err(LineError::Missing { item: item.name.clone(), group: group.name.to_lowercase() });
            }
        }
        let unit = self.unit_price(item, &full)?;
        Ok(PricedLine { line: full, unit_price_cents: unit, line_total_cents: unit * i64::from(line.quantity) })
    }

    fn resolve<'a>(
        &'a self,
        item: &Item,
        o: &OptionRef,
        index: usize,
        without: bool,
    ) -> Result<(&'a Group, &'a super::Choice), LineError> {
        let group = item.group(&o.group).and_then(|ig| self.group(&ig.group)).ok_or_else(|| {
            LineError::UnknownGroup { item: item.name.clone(), group: o.group.clone(), index, without }
        })?;
        let choice = group.choice(&o.choice).ok_or_else(|| LineError::UnknownChoice {
            group: group.name.to_lowercase(),
            choice: o.choice.clone(),
            index,
            without,
        })?;
        Ok((group, choice))
    }

    /// Item price for the chosen size plus every choice's price (extra counts again).
    fn unit_price(&self, item: &Item, line: &OrderLine) -> Result<i64, LineError> {
        let size = line.choices_in("size").next().map(|o| o.choice.as_str());
        let base = match (&item.price, size) {
            (Price::Fixed(p), _) => *p,
            (Price::BySize(by), Some(s)) => {
                *by.get(s).ok_or_else(|| LineError::NotOffered { item: item.name.clone(), size: s.to_owned() })?
            }
            (Price::BySize(_), None) => {
                return Err(LineError::Missing { item: item.name.clone(), group: "size".into() })
            }
        };
        let mut total = base;
        for o in &line.options {
            let Some(group) = self.group(&o.group) else { continue };
            let Some(choice) = group.choice(&o.choice) else { continue };
            let normal = choice.price_for(size);
            let price = match o.amount {
                Some(Amount::Extra) => normal + choice.extra_price.unwrap_or(normal),
                Some(Amount::Light) | None => normal,
            };
            // On one half: the menu's share of the price, rounded up to the cent.
            total += if o.half.is_some() { (price * i64::from(group.half_price) + 99) / 100 } else { price };
        }
        Ok(total)
    }
}
