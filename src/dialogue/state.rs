//! The conversation state machine: `(catalog, state, parse, context) → (state, reply, effects)`.
//!
//! Pure: no I/O, no clock, no randomness. The service loads the state, calls [`step`],
//! and saves what comes back; the terminal chat and the conversation tests do the same
//! in memory.
//!
//! The transitions, phase by phase, are described in one place: docs/dialogue.md
//! ("Transitions"); a test checks that it covers every [`Phase`].

use serde::{Deserialize, Serialize};

use crate::catalog::acts::Act;
use crate::catalog::shop::Placed;
use crate::catalog::Catalog;
use crate::engine::{Intent, Parse};
use crate::order::fulfilment::Request;
use crate::order::{OptionRef, OrderLine, PricedOrder};

use super::cart::Cart;
use super::reply::Replies;

/// Version of the serialised [`DialogueState`]; bump when its JSON shape changes.
pub const STATE_VERSION: u32 = 1;

/// How many earlier carts "undo" can go back through.
pub const UNDO_DEPTH: usize = 20;

/// Where the conversation is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum Phase {
    /// Nothing ordered yet (or an order was just placed).
    #[default]
    Idle,
    /// The cart has lines and every required choice is made.
    Ordering,
    /// The bot asked for a required choice of one line.
    AwaitingOption { line: usize, group: String },
    /// The bot asked which of several choices a word meant ("beans": black or pinto);
    /// the line holds none of them until the answer.
    Choosing { line: usize, group: String, among: Vec<String> },
    /// The bot asked which of several lines an edit meant.
    Clarifying { candidates: Vec<usize>, pending: Box<Parse> },
    /// The bot read the order back and asked whether to place it.
    Confirming,
    /// The bot asked whether to throw the cart away.
    ConfirmingCancel,
    /// The bot asked whether to cancel an order already placed.
    ConfirmingOrderCancel { order: i64 },
    /// The bot asked for something the shop needs before the read-back: `fulfilment`
    /// (pickup or delivery), `address`, `postcode`, `zone` or `phone`.
    AwaitingDetail { field: String },
}

impl Phase {
    /// The snake_case name used in the API's `state` and in conversation tests.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Ordering => "ordering",
            Self::AwaitingOption { .. } => "awaiting_option",
            Self::Choosing { .. } => "choosing",
            Self::Clarifying { .. } => "clarifying",
            Self::Confirming => "confirming",
            Self::ConfirmingCancel => "confirming_cancel",
            Self::ConfirmingOrderCancel { .. } => "confirming_order_cancel",
            Self::AwaitingDetail { .. } => "awaiting_detail",
        }
    }
}

/// Everything the dialogue remembers between two messages of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DialogueState {
    #[serde(default = "current_version")]
    pub version: u32,
    pub phase: Phase,
    pub cart: Cart,
    /// Earlier carts, most recent last, at most [`UNDO_DEPTH`].
    #[serde(default)]
    pub undo: Vec<Cart>,
    /// The lines the last edit touched: what "it", "that" and "them" mean.
    #[serde(default)]
    pub last: Vec<usize>,
    /// Orders placed in this conversation so far.
    #[serde(default)]
    pub orders_placed: u32,
    /// How, where and when the customer wants the order in the cart, and its note, as
    /// said so far (`dialogue::fulfilment`); emptied when the order is placed.
    #[serde(default, skip_serializing_if = "Request::is_empty")]
    pub request: Request,
    /// The question answered last turn, for a follow-up about another thing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<super::follow_up::Answered>,
    /// The lines the last turn took out whole: what "… instead" replaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<OrderLine>,
    /// Choices said last turn before anything to put them on ("can i get a medium"):
    /// the next thing ordered that takes them has them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before_item: Vec<OptionRef>,
    /// How many were asked for with those choices ("2 large" … "pizzas").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_item_count: Option<u32>,
}

fn current_version() -> u32 {
    STATE_VERSION
}

impl DialogueState {
    /// A fresh conversation.
    pub fn new() -> Self {
        Self { version: STATE_VERSION, ..Self::default() }
    }

    /// Checks the invariants the machine relies on; used by tests and after loading.
    ///
    /// # Errors
    /// A sentence naming the broken invariant.
    pub fn check(&self, catalog: &Catalog) -> Result<(), String> {
        let n = self.cart.lines.len();
        if let Some(i) = self.last.iter().find(|&&i| i >= n) {
            return Err(format!("last touched line {i} is outside the cart of {n}"));
        }
        if self.undo.len() > UNDO_DEPTH {
            return Err(format!("undo stack holds {} carts", self.undo.len()));
        }
        match &self.phase {
            Phase::Idle if n > 0 && self.cart.first_missing(catalog).is_some() => {
                Err("idle with a line that still needs a choice".into())
            }
            Phase::Ordering | Phase::Confirming if self.cart.first_missing(catalog).is_some() => {
                Err(format!("{} with a line that still needs a choice", self.phase.name()))
            }
            Phase::Ordering | Phase::Confirming | Phase::ConfirmingCancel | Phase::AwaitingDetail { .. } if n == 0 => {
                Err(format!("{} with an empty cart", self.phase.name()))
            }
            Phase::AwaitingOption { line, group } => match self.cart.lines.get(*line) {
                None => Err(format!("awaiting an option of line {line}, outside the cart")),
                Some(l) if catalog.missing_group(l).map(|g| &g.id) != Some(group) => {
                    Err(format!("awaiting {group} of line {line}, which does not need it"))
                }
                Some(_) => Ok(()),
            },
            Phase::Choosing { line, .. } if *line >= n => Err(format!("choosing for line {line}, outside the cart")),
            Phase::Clarifying { candidates, .. } if candidates.len() < 2 || candidates.iter().any(|&i| i >= n) => {
                Err("clarifying between fewer than two lines of the cart".into())
            }
            _ => Ok(()),
        }
    }
}

/// What the service read for this turn, so the dialogue stays pure.
#[derive(Debug, Clone, Default)]
pub struct TurnContext {
    /// Picks reply variants; the service passes the conversation's turn count so a
    /// replay gives the same words.
    pub seed: u64,
    /// The customer's latest order, when the message may be about it ("where is my
    /// order?", "cancel my order", "add a coke to my order", "same as last time").
    pub latest_order: Option<OrderStatus>,
    /// The time of the turn (epoch milliseconds), for requested times and estimates.
    pub now_ms: i64,
    /// Orders ahead in the kitchen (pending, confirmed, preparing), for the estimate.
    pub queued: u64,
}

/// The customer's latest order, as the chat speaks of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderStatus {
    pub id: i64,
    pub status: String,
    pub total_cents: i64,
    pub lines: Vec<OrderLine>,
    /// When the kitchen expects it ready (epoch milliseconds), when estimated.
    pub ready_at_ms: Option<i64>,
}

/// Something the caller must do after the turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Place this order: lines priced (defaults applied) with any delivery fee, the
    /// fulfilment, notes and requested time, and the estimate; the cart has already
    /// been emptied in the new state.
    PlaceOrder(Box<Placed>),
    /// Cancel this order of the customer's (its status allowed it when read).
    CancelOrder(i64),
    /// Add these lines to this pending order of the customer's.
    AddToOrder(i64, PricedOrder),
}

/// The outcome of one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub state: DialogueState,
    pub reply: String,
    pub effects: Vec<Effect>,
}

/// One turn of the conversation.
pub fn step(catalog: &Catalog, state: &DialogueState, parse: &Parse, ctx: &TurnContext) -> Turn {
    let mut w = Work::new(catalog, state, ctx);
    let before = state.cart.clone();
    // "is the margherita vegetarian?" … "what about the hawaiian?": asked again of another thing.
    let answered = w.state.answered.take();
    w.answered_before.clone_from(&answered);
    // ("is the hawaiian a large too?" … "how much is the small one": a line of the cart;
    // "how much is mine?" … "and his?" asks the same of another's.)
    let whose_alone =
        parse.target.as_ref().is_some_and(|t| t.owner.is_some() && t.item.is_none() && t.options.is_empty());
    let about_the_cart = matches!(parse.intent, Intent::MenuAsk | Intent::PriceAsk)
        && !whose_alone
        && w.lines_asked_about(parse).is_some();
    let mut one_of_it = false;
    let asked_again = answered.filter(|_| !about_the_cart).and_then(|a| {
        let in_cart =
            |options: &[OptionRef]| state.cart.lines.iter().any(|l| options.iter().all(|o| l.options.contains(o)));
        a.asked_again(catalog, parse).or_else(|| {
            let it = a.one_of_it(catalog, parse, in_cart, state.cart.is_empty());
            one_of_it = it.is_some();
            it.or_else(|| a.accepted(parse))
        })
    });
    let parse = asked_again.as_ref().unwrap_or(parse);
    // "i want a pizza" … "what comes on the mexican one?" … "ok that one": the pizza
    // still to be decided is that one.
    if one_of_it && w.decides_the_bare_line(parse) {
        return w.finish(&before);
    }
    // "can i get a medium" … "pepperoni": the choices said first go on it.
    let before_item = std::mem::take(&mut w.state.before_item);
    let count = w.state.before_item_count.take();
    let with_choices = super::held::with_choices_said_before(catalog, &state.cart, parse, &before_item, count);
    let parse = with_choices.as_ref().unwrap_or(parse);
    let ordered = !parse.acts.is_empty() && parse.intent.is_order();
    if ordered && parse.acts.contains(&Act::Greet) {
        w.hello();
    }
    // "delivery to 12 High St", "for 7:30", "my number is …": kept for the order.
    let said_only = w.take_said(parse);
    let ordering = matches!(state.phase, Phase::Idle | Phase::Ordering);
    let corrected = ordering && !said_only && w.corrects(parse);
    match state.phase.clone() {
        _ if corrected => {}
        Phase::AwaitingDetail { field } => w.awaiting_detail(parse, &field),
        _ if said_only => w.noted(),
        Phase::Confirming => w.confirming(parse),
        Phase::ConfirmingCancel => w.confirming_cancel(parse),
        Phase::ConfirmingOrderCancel { order } => w.confirming_order_cancel(parse, order),
        Phase::AwaitingOption { line, group } => w.awaiting(parse, line, &group),
        Phase::Choosing { line, group, among } => w.choosing(parse, line, &group, &among),
        Phase::Clarifying { candidates, pending } => w.clarifying(parse, &candidates, &pending),
        Phase::Idle | Phase::Ordering => w.general(parse),
    }
    // "only 2 cokes and drop the garlic bread": the message's further parts, in order
    // (at the read-back, `confirming` has taken them with the first).
    if !matches!(state.phase, Phase::Confirming | Phase::AwaitingDetail { .. }) {
        for part in parse.then.iter().skip(usize::from(corrected)) {
            w.general(part);
        }
    }
    if ordered {
        w.closing(&parse.closing);
    }
    w.finish(&before)
}

/// The page's "Order again" on a past order `order`: its lines that can still be had go
/// into the cart, as if the customer had said them (a question the bot was waiting on is
/// left; the cart is read back as usual at "that's all").
pub fn order_again(catalog: &Catalog, state: &DialogueState, order: &OrderStatus, ctx: &TurnContext) -> Turn {
    let mut w = Work::new(catalog, state, ctx);
    let before = state.cart.clone();
    w.state.phase = if before.is_empty() { Phase::Idle } else { Phase::Ordering };
    w.order_again(order);
    w.finish(&before)
}

/// The working copy of one turn.
pub(super) struct Work<'a> {
    pub catalog: &'a Catalog,
    pub ctx: &'a TurnContext,
    pub replies: Replies<'a>,
    pub state: DialogueState,
    /// Reply sentences, in order.
    pub says: Vec<String>,
    pub effects: Vec<Effect>,
    /// This turn restored an earlier cart (so it is not pushed onto the undo stack).
    pub undoing: bool,
    /// This turn already asked something (a clarification, a confirmation).
    pub asked: bool,
    /// This turn took lines out whole (`state.removed` holds them).
    pub removed_now: bool,
    /// The question answered last turn, whose thing a question now may call "it".
    pub answered_before: Option<super::follow_up::Answered>,
}

impl<'a> Work<'a> {
    fn new(catalog: &'a Catalog, state: &DialogueState, ctx: &'a TurnContext) -> Self {
        Self {
            catalog,
            ctx,
            replies: Replies::new(catalog, ctx.seed),
            state: state.clone(),
            says: Vec::new(),
            effects: Vec::new(),
            undoing: false,
            asked: false,
            removed_now: false,
            answered_before: None,
        }
    }

    /// The end of a turn: what the cart now needs asked, the undo stack, and the reply.
    fn finish(mut self, before: &Cart) -> Turn {
        self.settle(before);
        if !self.removed_now {
            self.state.removed.clear();
        }
        if self.state.cart != *before && !self.undoing {
            self.state.undo.push(before.clone());
            if self.state.undo.len() > UNDO_DEPTH {
                self.state.undo.remove(0);
            }
        }
        // A sentence said twice in one reply ("The pizza doesn't come with can, sorry." for
        // two lines) is said once.
        let mut said: Vec<String> = Vec::new();
        for s in std::mem::take(&mut self.says) {
            if !said.contains(&s) {
                said.push(s);
            }
        }
        let reply = if said.is_empty() { self.replies.say("fallback_reply", &[]) } else { said.join(" ") };
        Turn { state: self.state, reply, effects: self.effects }
    }

    pub(super) fn say(&mut self, id: &str, vars: &[(&str, String)]) {
        let s = self.replies.say(id, vars);
        self.says.push(s);
    }

    /// Idle and ordering: the message decides what happens.
    pub(super) fn general(&mut self, p: &Parse) {
        match &p.intent {
            Intent::Greet => self.greet(),
            Intent::Help => {
                let s = self.replies.first_of(&["help", "help_reply"], &[]);
                self.says.push(s);
            }
            Intent::OrderShow => self.show_cart(),
            Intent::Checkout => self.checkout(),
            Intent::Affirm => self.affirm_while_ordering(),
            Intent::Deny => self.deny_while_ordering(),
            Intent::Cancel if self.state.cart.is_empty() && self.cancel_placed() => {}
            Intent::Cancel => self.cancel(),
            Intent::Undo => self.undo(),
            Intent::MenuAsk => self.menu_answer(p),
            Intent::PriceAsk => self.price_answer(p),
            Intent::StatusAsk => self.status_answer(),
            Intent::Thanks => self.say("thanks_reply", &[]),
            Intent::Goodbye => self.goodbye(),
            Intent::Wait => self.say("wait_reply", &[]),
            Intent::Other => self.other_topic(p),
            Intent::OrderRemove => self.remove(p),
            Intent::OrderModify => self.modify(p),
            Intent::OrderAdd if p.lines.is_empty() && !p.attributes.is_empty() => self.modify(p),
            Intent::OrderAdd if p.lines.is_empty() => self.say("ask_what", &[]),
            Intent::OrderAdd if !p.definite.is_empty() => {
                let rest = self.restate_lines(p, false);
                if !rest.lines.is_empty() || !rest.attributes.is_empty() {
                    self.general(&rest);
                }
                return;
            }
            Intent::OrderAdd if p.to_placed && self.add_to_placed(p) => {}
            Intent::OrderAdd if self.recounts(p) => {}
            Intent::OrderAdd if self.starred_again(p) => {}
            Intent::OrderAdd if self.share_out(p) => {}
            Intent::OrderAdd => {
                // "large pepperoni and a coke": the options said alone are a line too.
                if !p.attributes.options.is_empty() && p.target.is_none() {
                    self.add_implied(p);
                }
                let undecided = self.take_undecided(p);
                self.add_lines(&undecided.lines);
                self.ask_undecided(&undecided, p);
            }
            Intent::Reorder => self.reorder(),
            Intent::Shop(id) => self.shop_answer(id),
            _ if !p.lines.is_empty() => self.add_lines(&p.lines),
            _ if !p.attributes.is_empty() || p.target.is_some() => self.modify(p),
            _ => self.not_understood(p),
        }
        // "did you mean …?" only where the words were meant for the menu.
        if p.intent.is_order() || p.intent == Intent::Fallback {
            self.mention_unknown(p);
        }
    }

    /// Asked which of several choices a word meant: an answer among them replaces the
    /// first, which the line held; anything else is handled as usual and keeps it.
    fn choosing(&mut self, p: &Parse, line: usize, group: &str, among: &[String]) {
        use crate::order::OptionRef;
        self.state.phase = Phase::Ordering;
        if line >= self.state.cart.lines.len() {
            return self.general(p);
        }
        let said = p.attributes.options.iter().chain(p.lines.iter().flat_map(|l| &l.options));
        let said = said.chain(p.target.iter().flat_map(|t| &t.options));
        let mut answer: Vec<OptionRef> =
            said.filter(|o| o.group == group && among.contains(&o.choice)).cloned().collect();
        if answer.is_empty() {
            answer.extend(self.named_by_a_word(&p.text, group, among).map(|c| OptionRef::new(group, &c)));
        }
        if answer.is_empty() {
            // Not an answer: the line keeps the first choice the word meant.
            if let Some(first) = among.first() {
                self.state.cart.lines[line].options.push(OptionRef::new(group, first));
            }
            return self.general(p);
        }
        let attrs = crate::engine::Attributes { options: answer, ..Default::default() };
        self.apply_attributes(&[line], &attrs);
    }

    /// "pinto" for "black beans or pinto beans?": a word of one offered choice's name
    /// that no other offered choice has.
    fn named_by_a_word(&self, text: &str, group: &str, among: &[String]) -> Option<String> {
        let g = self.catalog.group(group)?;
        let names: Vec<(String, Vec<String>)> = among
            .iter()
            .filter_map(|c| g.choice(c).map(|ch| (c.clone(), crate::catalog::text::tokenize(&ch.name))))
            .collect();
        let said = crate::catalog::text::tokenize(text);
        let mut picked = names.iter().filter(|(_, words)| {
            words.iter().any(|w| said.contains(w) && names.iter().filter(|(_, o)| o.contains(w)).count() == 1)
        });
        match (picked.next(), picked.next()) {
            (Some((c, _)), None) => Some(c.clone()),
            _ => None,
        }
    }

    /// Awaiting a required choice: an answer is taken whatever intent it came with.
    fn awaiting(&mut self, p: &Parse, line: usize, group: &str) {
        // "the large one" while asked for a size: a reference made of the answer.
        let answer_as_reference = p
            .target
            .as_ref()
            .is_some_and(|t| t.item.is_none() && t.category.is_none() && t.options.iter().any(|o| o.group == group));
        if answer_as_reference && p.lines.is_empty() {
            if let Some(t) = &p.target {
                let mut attrs = p.attributes.clone();
                attrs.options.extend(t.options.iter().cloned());
                let answer = Parse { target: None, attributes: attrs, ..p.clone() };
                return self.awaiting(&answer, line, group);
            }
        }
        // ("actually only 8 cokes" while asked a pizza's size: a count of the lines named.)
        let counts_named = !p.lines.is_empty() && p.attributes.options.is_empty() && p.attributes.without.is_empty();
        let answers = !p.attributes.is_empty() && p.target.is_none() && !counts_named;
        if answers && (p.plural || self.said_in_plural(p, group)) && p.lines.is_empty() {
            // "both medium": the answer for every line still missing that choice.
            let missing: Vec<usize> = (0..self.state.cart.lines.len())
                .filter(|&i| self.catalog.missing_group(&self.state.cart.lines[i]).is_some_and(|g| g.id == group))
                .collect();
            if missing.len() > 1 {
                let attrs = p.attributes.clone();
                self.apply_attributes(&missing, &attrs);
                return;
            }
        }
        let plain_intent = matches!(
            p.intent,
            Intent::OrderAdd | Intent::OrderModify | Intent::Fallback | Intent::Affirm | Intent::Deny
        );
        if answers && plain_intent && line < self.state.cart.lines.len() {
            let attrs = p.attributes.clone();
            self.apply_attributes(&[line], &attrs);
            if !p.lines.is_empty() {
                self.add_lines(&p.lines);
            }
            self.mention_unknown(p);
            return;
        }
        // "a large pizza" while asked about a pizza's size: the item repeated with the answer.
        if let [only] = p.lines.as_slice() {
            let same_item = self.state.cart.lines.get(line).is_some_and(|l| l.item == only.item);
            if same_item && only.options.iter().any(|o| o.group == group) && p.intent != Intent::PriceAsk {
                let attrs = crate::engine::Attributes {
                    options: only.options.clone(),
                    without: only.without.clone(),
                    ..Default::default()
                };
                self.apply_attributes(&[line], &attrs);
                return;
            }
        }
        if let Some(choices) = self.items_as_the_answer(p, group) {
            // "sweet tea" while asked for the combo's drink: the answer, not a drink more;
            // "glazed, boston cream and jelly" while asked a box's kinds: those kinds.
            let attrs = crate::engine::Attributes { options: choices, ..Default::default() };
            self.apply_attributes(&[line], &attrs);
            return;
        }
        if p.intent == Intent::Deny || p.intent == Intent::Affirm {
            // "no" or "yes" is not a size; settle() asks again.
            self.say("need_answer", &[]);
            return;
        }
        self.general(p);
    }

    /// "mediums" while asked a pizza's size with three pizzas to size: the answer said
    /// as a plural, for all of them.
    fn said_in_plural(&self, p: &Parse, group: &str) -> bool {
        let names = p.attributes.options.iter().filter(|o| o.group == group).filter_map(|o| {
            let choice = self.catalog.group(group)?.choice(&o.choice)?;
            choice.name.to_lowercase().split_whitespace().last().map(str::to_owned)
        });
        names.into_iter().any(|w| !w.ends_with('s') && p.tokens.iter().any(|t| *t == format!("{w}s")))
    }

    /// The choices of the group asked about that an answer of items names: items, each
    /// alone with nothing said of it, that are also choices of the group ("sweet tea";
    /// "glazed, boston cream and jelly"), no more than the group takes.
    fn items_as_the_answer(&self, p: &Parse, group: &str) -> Option<Vec<crate::order::OptionRef>> {
        let g = self.catalog.group(group)?;
        let plain = |l: &OrderLine| l.quantity == 1 && l.options.is_empty() && l.without.is_empty();
        let fits = p.lines.len() <= g.max.max(1) as usize && p.lines.iter().all(plain);
        if p.intent != Intent::OrderAdd || !fits || p.lines.is_empty() || p.target.is_some() || !p.then.is_empty() {
            return None;
        }
        p.lines
            .iter()
            .map(|l| {
                let item = self.catalog.item(&l.item)?;
                Some(crate::order::OptionRef::new(group, &g.choice_that_is(item)?.id))
            })
            .collect()
    }

    /// Settles the phase from the cart and asks the next question, if any.
    /// "3 double cheeseburgers" … "add bacon to the second one": the units left alike on
    /// either side of the one changed are one line again (so are any two lines alike).
    fn merge_same_lines(&mut self) {
        let alike = |a: &OrderLine, b: &OrderLine| {
            OrderLine { quantity: 0, ..a.clone() } == OrderLine { quantity: 0, ..b.clone() }
        };
        let mut merged: Vec<OrderLine> = Vec::new();
        let mut moved_to = Vec::new();
        for line in std::mem::take(&mut self.state.cart.lines) {
            let fits = |m: &OrderLine| m.quantity + line.quantity <= crate::catalog::MAX_QUANTITY;
            match merged.iter().position(|m| alike(m, &line) && fits(m)) {
                Some(k) => {
                    merged[k].quantity += line.quantity;
                    moved_to.push(k);
                }
                None => {
                    moved_to.push(merged.len());
                    merged.push(line);
                }
            }
        }
        self.state.cart.lines = merged;
        let mut last: Vec<usize> = Vec::new();
        for k in self.state.last.iter().map(|&i| moved_to[i]) {
            if !last.contains(&k) {
                last.push(k);
            }
        }
        self.state.last = last;
    }

    fn settle(&mut self, before: &Cart) {
        let n = self.state.cart.lines.len();
        self.state.last.retain(|&i| i < n);
        match &self.state.phase {
            Phase::Confirming
            | Phase::ConfirmingCancel
            | Phase::ConfirmingOrderCancel { .. }
            | Phase::Clarifying { .. }
            | Phase::Choosing { .. } => return,
            Phase::AwaitingDetail { .. } if n > 0 => return,
            _ => {}
        }
        self.merge_same_lines();
        if let Some((line, group)) = self.state.cart.first_missing(self.catalog) {
            let group_id = group.id.clone();
            self.state.phase = Phase::AwaitingOption { line, group: group_id.clone() };
            self.ask_option(line, &group_id);
        } else if n == 0 {
            self.state.phase = Phase::Idle;
        } else {
            self.state.phase = Phase::Ordering;
            if self.state.cart != *before && !self.asked {
                self.say("anything_else", &[]);
            }
        }
    }
}
