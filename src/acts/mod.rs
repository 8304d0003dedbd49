//! Dialogue acts: what a message *does*, read between the parser and the state machine.
//! Pure, like both.
//!
//! A message is read by composition over the operator's word lists (`[acts]` in
//! `intents/`), never by whole sentences:
//! - made only of act words, polar words ("yes", "true", "wrong", with "not" turning
//!   them round) and soft words (politeness, hedges, pronouns) → its acts:
//!   "yep, sounds right, thank you!" is affirm + thanks; "i don't think so" is deny;
//! - a question ("does the veggie pizza have mushrooms", "is it gluten free") → answered,
//!   never a change to the cart; "can i get …" / "could you add …" stay requests;
//! - ordinary English words the shop does not use and nothing on the menu ("set a timer
//!   for 6 minutes", "i need a new insurance plan") → about something else: the cart is
//!   left alone;
//! - anything else is an order or an edit, with the acts said at its edges: "hi, a large
//!   margherita" is greet + order, "two cokes, that's all" is order + done.

mod beside;
mod clauses;
pub mod fulfilment;
mod moved;
mod restated;

pub use crate::catalog::acts::Act;

use crate::catalog::acts::{ActWords, Cue};
use crate::catalog::english;
use crate::catalog::lexicon::{stem, Lexicon, Sense};
use crate::catalog::Catalog;
use crate::catalog::MAX_QUANTITY;
use crate::engine::{Intent, Parse, Target};
use crate::order::OrderLine;

/// What kind of message it is, beside its acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only acts: the acts are the whole message ("thanks, that's all").
    Acts,
    /// Nothing to go on: no act, no order, nothing recognised.
    Nothing,
    /// A question: answered from the menu or the order, never a change to the cart.
    Question,
    /// About something else entirely.
    Other,
    /// An order or an edit, with acts at its edges, if any.
    Content,
}

/// How one message reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub kind: Kind,
    /// The acts, in the order said; for `Content`, the ones at its start and end.
    pub acts: Vec<Act>,
    /// The acts said after the content ("…, that's all"), a subset of `acts`.
    pub trailing: Vec<Act>,
    /// The token where the words after the content begin, when acts are said there.
    pub trailing_from: Option<usize>,
}

impl Reading {
    pub fn has(&self, act: Act) -> bool {
        self.acts.contains(&act)
    }

    /// The intent the state machine acts on: the most decisive act of a message made
    /// of acts, the parse's own intent for an order, and `question`/`other` answers.
    pub fn intent(&self, parse: &Parse) -> Intent {
        match self.kind {
            Kind::Acts => self.main_act().map_or(Intent::Fallback, intent_of),
            Kind::Question => match &parse.intent {
                // "what time do you open?": the shop's own answer.
                i @ (Intent::PriceAsk
                | Intent::MenuAsk
                | Intent::StatusAsk
                | Intent::OrderShow
                | Intent::Help
                | Intent::Shop(_)) => i.clone(),
                _ => Intent::MenuAsk,
            },
            // "what time do you close?": words the menu does not use, but the shop's own
            // question about itself.
            Kind::Other if matches!(parse.intent, Intent::Shop(_) | Intent::Reorder | Intent::StatusAsk) => {
                parse.intent.clone()
            }
            Kind::Other => Intent::Other,
            Kind::Nothing | Kind::Content => parse.intent.clone(),
        }
    }

    /// The act that decides what happens when several are said: a change of mind
    /// first (unless said with finishing), then finishing, then yes or no, then politeness.
    pub fn main_act(&self) -> Option<Act> {
        const ORDER: [Act; 10] = [
            Act::Cancel,
            Act::Undo,
            Act::Wait,
            Act::Deny,
            Act::Done,
            Act::Affirm,
            Act::Help,
            Act::Greet,
            Act::Thanks,
            Act::Goodbye,
        ];
        // "nvm it was right, that's all": a change of mind said with finishing takes back
        // what was said before; the order goes on to the read-back.
        let retracts = self.has(Act::Cancel) && self.has(Act::Done);
        ORDER.into_iter().filter(|a| !(retracts && *a == Act::Cancel)).find(|a| self.has(*a))
    }
}

/// The intent the dialogue acts on for an act.
pub fn intent_of(act: Act) -> Intent {
    match act {
        Act::Affirm => Intent::Affirm,
        Act::Deny => Intent::Deny,
        Act::Done => Intent::Checkout,
        Act::Thanks => Intent::Thanks,
        Act::Greet => Intent::Greet,
        Act::Goodbye => Intent::Goodbye,
        Act::Help => Intent::Help,
        Act::Cancel => Intent::Cancel,
        Act::Undo => Intent::Undo,
        Act::Wait => Intent::Wait,
    }
}

/// Parses a message and reads its acts: the parse the state machine acts on, with its
/// intent resolved (`affirm`, `checkout`, `thanks`, `other`, … or the order's own) and
/// the acts named. Content that is not what the message does is cleared: the words
/// of "thats everything" do not order the style "everything", a question orders
/// nothing, and a message about something else changes nothing.
pub fn understand(catalog: &Catalog, text: &str) -> Parse {
    // "…, delivery to 12 High St, for 7:30": what is said besides the order is taken
    // out first, so an address's number is no quantity; the rest is read as ever.
    let Some(said) = fulfilment::extract(catalog, text) else { return understand_order(catalog, text) };
    let mut parse = understand_order(catalog, &said.rest);
    // "do u deliver to the north side of town": a question for the shop, answered whole;
    // "delivery to 12 High St" and "two pizzas, delivery to …" say what they want.
    if !said.opens && parse.lines.is_empty() && parse.acts.is_empty() {
        let whole = understand_order(catalog, text);
        if matches!(whole.intent, Intent::Shop(_) | Intent::MenuAsk | Intent::PriceAsk) {
            return whole;
        }
    }
    parse.text = text.to_owned();
    parse.fulfilment = said.request;
    parse
}

/// [`understand`] of a message's order part.
fn understand_order(catalog: &Catalog, text: &str) -> Parse {
    if let Some(order) = ordered_after_a_question(catalog, text) {
        return order;
    }
    let whole = understand_one(catalog, text);
    if let Some(moved) = moved::moved(catalog, text, &whole) {
        return moved;
    }
    if let Some(question) = beside::thing_then_a_question_about_it(catalog, &whole) {
        return question;
    }
    if let Some(both) = beside::order_and_a_question(catalog, text, &whole) {
        return both;
    }
    if let Some(both) = beside::order_then_a_question_about_it(catalog, text, &whole) {
        return both;
    }
    if let Some(question) = beside::question_after_talk(catalog, text, &whole) {
        return question;
    }
    if let Some(question) = beside::question_then_talk(catalog, text) {
        return question;
    }
    if let Some(edit) = beside::edit_then_its_reason(catalog, text, &whole) {
        return edit;
    }
    if let Some(edit) = beside::reason_then_edit(catalog, &whole) {
        return edit;
    }
    if let Some(cancel) = cancel_said_first(catalog, &whole) {
        return cancel;
    }
    if let Some(removal) = removal_said_first(catalog, text, &whole) {
        return removal;
    }
    if let Some(undo) = undo_then(catalog, text, &whole) {
        return undo;
    }
    if let Some(apart) = acts_then_a_request(catalog, text, &whole) {
        return apart;
    }
    if !whole.intent.is_order() {
        return without_a_yes_to_a_question(text, whole);
    }
    if let Some(corrected) = restated::restated(catalog, text, &whole) {
        return corrected;
    }
    if let Some(apart) = closing_clause_apart(catalog, text, &whole) {
        return apart;
    }
    if let Some(apart) = opening_clause_apart(catalog, text, &whole) {
        return apart;
    }
    match clauses::split(catalog, &whole, understand_one) {
        Some(mut parts) => {
            let mut first = parts.remove(0);
            // Each clause's own later parts ("make that a medium, and a coke") follow it.
            let mut then = std::mem::take(&mut first.then);
            for mut part in parts {
                let more = std::mem::take(&mut part.then);
                then.push(part);
                then.extend(more);
            }
            first.then = then;
            first.text = text.to_owned();
            first.acts = whole.acts;
            first.closing = whole.closing;
            first
        }
        None => whole,
    }
}

/// "ok and is there a charge for pickup?": a yes or no before a question the bot could
/// not read answers nothing (the question is what was meant), so it places or drops
/// nothing; the bot says it did not follow.
fn without_a_yes_to_a_question(text: &str, mut whole: Parse) -> Parse {
    let unread_question = whole.intent == Intent::Other && !whole.unknown.is_empty() && text.trim_end().ends_with('?');
    if unread_question {
        whole.acts.retain(|a| !matches!(a, Act::Affirm | Act::Deny));
    }
    whole
}

/// "one pepperoni, one mushroom, thats all", "a medium pepperoni, that's everything":
/// an order that ends in a clause of acts alone ("that's it", "thanks") is read without
/// it, so the clause's words ("all", "it", "everything") say nothing about the order;
/// the acts are kept. The clause is the longest tail after a comma, full stop, question
/// mark, "and" or the like that reads as acts and nothing else.
fn closing_clause_apart(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if whole.closing.is_empty() {
        return None;
    }
    let mut boundaries: Vec<(usize, usize)> = text
        .char_indices()
        .filter(|&(_, c)| matches!(c, ',' | '.' | ';' | '!' | '?' | '-'))
        .map(|(at, c)| (at, at + c.len_utf8()))
        .chain(text.match_indices(" and ").map(|(at, m)| (at, at + m.len())))
        .collect();
    boundaries.sort_unstable();
    // The longest such tail: the first boundary, from the left, whose tail reads so.
    let found = boundaries.into_iter().find_map(|(head_end, tail_start)| {
        let said = &text[tail_start..];
        let acts_alone = all_act_words(catalog, said);
        // (A tail that names the menu in so many words is no closing: no parse needed.)
        if !acts_alone && crate::engine::names_menu(catalog, said) {
            return None;
        }
        let parsed = crate::engine::parse(catalog, said);
        if !acts_alone && !names_nothing(&parsed) {
            return None;
        }
        let tail = understand_parsed(catalog, parsed);
        let acts_only = !tail.acts.is_empty() && whole.closing.iter().all(|a| tail.acts.contains(a));
        acts_only.then_some((text[..head_end].trim().to_owned(), tail.acts))
    });
    // Typed without a comma ("2 medium pepperoni + 1 lg sausage thats it"), where the
    // closing's "it" made the whole an edit of the line just said: the words after the
    // content, as the act reading found them.
    let pointed = whole.target.as_ref().is_some_and(Target::only_points);
    let (head, acts) = found.or_else(|| {
        if !pointed {
            return None;
        }
        let tokens = tokens_of(catalog, whole);
        let from = read(catalog, whole).trailing_from.filter(|&f| f > 0 && f < tokens.len())?;
        Some((tokens[..from].join(" "), whole.closing.clone()))
    })?;
    if head.is_empty() {
        return None;
    }
    let mut parse = understand_order(catalog, &head);
    if !parse.intent.is_order() {
        return None;
    }
    for a in &acts {
        if !parse.acts.contains(a) {
            parse.acts.push(*a);
        }
    }
    parse.closing = acts;
    parse.text = text.to_owned();
    Some(parse)
}

/// "yes, clear it all", "ok. bin the lot": a clause of acts alone said first, then a
/// request the whole message did not read as (the acts' words hid it), is that request
/// with the clause's acts.
fn acts_then_a_request(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if !matches!(whole.intent, Intent::Fallback | Intent::Other) || whole.acts.is_empty() {
        return None;
    }
    acts_then_the_rest(catalog, text, whole, |p| !matches!(p.intent, Intent::Fallback | Intent::Other))
}

/// "no that's not right, there should only be one garlic bread", "nope, 2 cokes": a
/// clause of acts alone said first, up to a comma or a full stop, is read apart, so its
/// words ("that's") point at nothing; the rest is read alone, with the clause's acts.
fn opening_clause_apart(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if whole.acts.is_empty() || !whole.target.as_ref().is_some_and(Target::only_points) {
        return None;
    }
    acts_then_the_rest(catalog, text, whole, |p| p.intent.is_order())
}

/// A clause of acts alone up to the first comma or full stop, then the rest read alone
/// and kept when `keeps` it, with the whole message's acts.
fn acts_then_the_rest(catalog: &Catalog, text: &str, whole: &Parse, keeps: impl Fn(&Parse) -> bool) -> Option<Parse> {
    let at = text.find([',', '.', ';', '!'])?;
    let (head, tail) = (&text[..at], &text[at + 1..]);
    if tail.trim().is_empty() || !all_act_words(catalog, head) {
        return None;
    }
    let mut parse = understand_order(catalog, tail);
    if !keeps(&parse) {
        return None;
    }
    for a in &whole.acts {
        if !parse.acts.contains(a) {
            parse.acts.insert(0, *a);
        }
    }
    parse.text = text.to_owned();
    Some(parse)
}

/// "cancel my order pls my roomate already got pizza", "omg wait cancel my order i
/// wanted large": a cancel of the whole order said first, in words that name the whole
/// ("cancel my order", "cancel everything", "forget it"), is the message; what follows
/// gives the reason ("cancel the coke" still removes the coke).
fn cancel_said_first(catalog: &Catalog, whole: &Parse) -> Option<Parse> {
    // ("… my sister already picked up a pizza": told of the past, the reason is talk.)
    let read_as = matches!(whole.intent, Intent::OrderRemove | Intent::Other);
    if !read_as || !whole.acts.contains(&Act::Cancel) || whole.tokens.is_empty() {
        return None;
    }
    let tokens = &whole.tokens;
    let cues = cover(catalog, catalog.act_words(), tokens);
    let cancel = Some(Cue::Act(Act::Cancel));
    let from = cues.iter().position(|c| *c == cancel)?;
    let mut end = from + cues[from..].iter().take_while(|c| **c == cancel).count();
    end += cues[end..].iter().take_while(|c| **c == Some(Cue::Whole)).count();
    // ("cancel everything but the pizza", "cancel it, the pizza": what follows says what.)
    let rest = tokens[end..].iter().find(|t| *t != ",").map(String::as_str);
    let says_what = matches!(rest, Some("but" | "except" | "apart" | "besides" | "the" | "that" | "those" | "these"));
    if end - from < 2 || end == tokens.len() || says_what {
        return None;
    }
    let first = understand_one(catalog, &tokens[..end].join(" "));
    (first.intent == Intent::Cancel).then(|| Parse { text: whole.text.clone(), ..first })
}

/// "no wings, mozzarella sticks instead", "no coke, get me a sprite": a thing said
/// with "no" first, up to a comma, is taken off; what follows is read after it (before:
/// the whole read as an order named the wings again). So is "take the breadsticks off,
/// mozzarella sticks instead" (before: both were taken off), and a pass said in a
/// sentence of its own before an order ("we'll skip it then. mozzarella sticks
/// please", "no hawaiian this time. a large pepperoni"): read whole, the pass took the
/// order for what it passed on.
fn removal_said_first(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    let no_first = whole.intent == Intent::OrderAdd && whole.tokens.first().is_some_and(|t| t == "no");
    let at = text.find([',', '.', ';'])?;
    let (head, tail) = (&text[..at], &text[at + 1..]);
    let instead_after = whole.intent == Intent::OrderRemove && ends_with_word(tail, "instead");
    let sentence_of_its_own = text[at..].starts_with(['.', ';']) && whole.intent != Intent::OrderAdd;
    if !no_first && !instead_after && !sentence_of_its_own {
        return None;
    }
    let mut first = understand_one(catalog, head);
    let named = first.target.as_ref().is_some_and(|t| t.item.is_some() || t.category.is_some());
    let passed_over = sentence_of_its_own && first.target.as_ref().is_some_and(|t| t.pronoun || t.item.is_some());
    if first.intent != Intent::OrderRemove || !(named || passed_over) || tail.trim().is_empty() {
        return None;
    }
    let rest = understand_order(catalog, tail.trim());
    let orders = rest.intent.is_order() && (!sentence_of_its_own || rest.target.is_none());
    if !orders {
        return None;
    }
    first.text = text.to_owned();
    first.then.push(rest);
    Some(first)
}

/// Whether the text's last word (punctuation aside) is `word`, in any case.
fn ends_with_word(text: &str, word: &str) -> bool {
    let text = text.trim_end_matches(|c: char| !c.is_alphanumeric());
    let Some(at) = text.len().checked_sub(word.len()) else { return false };
    text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(word) && !text[..at].ends_with(char::is_alphanumeric)
}

/// The message's words as the parser read them (tokenized again only for a parse made
/// elsewhere without them).
fn tokens_of(catalog: &Catalog, parse: &Parse) -> Vec<String> {
    if parse.tokens.is_empty() {
        catalog.tokenize(&parse.text)
    } else {
        parse.tokens.clone()
    }
}

/// Whether every word of a message is in the act word lists ("that's everything").
fn all_act_words(catalog: &Catalog, text: &str) -> bool {
    let tokens = catalog.tokenize(text);
    cover(catalog, catalog.act_words(), &tokens).iter().zip(&tokens).all(|(c, t)| c.is_some() || t == ",")
}

/// Whether the parser found nothing of the menu in a message, not even a reference.
fn names_nothing(parse: &Parse) -> bool {
    let a = &parse.attributes;
    parse.lines.is_empty()
        && parse.target.is_none()
        && parse.topic.is_none()
        && a.options.is_empty()
        && a.without.is_empty()
        && a.quantity.is_none()
        && a.more.is_none()
        && a.fewer.is_none()
        && !a.plain
}

/// "no go back, medium was fine", "oops undo that, make it a large": an undo said
/// before an order or an edit is done first, then the rest; a removal or an edit of a
/// named line said without a verb of its own is what was meant instead.
fn undo_then(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if !whole.acts.contains(&Act::Undo) || whole.closing.contains(&Act::Undo) {
        return None;
    }
    let tokens = tokens_of(catalog, whole);
    let cues = cover(catalog, catalog.act_words(), &tokens);
    // ("undo that and remove the coke": a request verb is the rest's own first word.)
    let mut first = (0..tokens.len()).find(|&i| matches!(cues[i], None | Some(Cue::Request)) && tokens[i] != ",")?;
    // "scratch that, no fries": a "no" right before the content is its negation.
    // ("hmm too spicy, undo that": "too" says how the rest is, and stays with it.)
    while first > 0 && (matches!(cues[first - 1], Some(Cue::Polar(-1) | Cue::Negator)) || tokens[first - 1] == "too") {
        first -= 1;
    }
    let rest = understand_one(catalog, &tokens[first..].join(" "));
    if !rest.intent.is_order() {
        // "oops my phone is about to die": nothing taken back, nothing ordered.
        return None;
    }
    // "scratch that, no fries": the removal says what is taken back; "sorry i meant
    // medium not small for the mexican", "oops i meant red onions not onions": an edit of
    // a line it names, or a swap, is what was meant. Asked for with a verb of its own
    // ("undo that and remove the coke") it is more.
    let own_verb = matches!(cues[first], Some(Cue::Request));
    if corrects_what_was_said(catalog, &rest) && !own_verb {
        return Some(Parse { text: text.to_owned(), acts: whole.acts.clone(), ..rest });
    }
    // "oops the hawaiian should be large too, and add 2 cokes": the correction opens
    // clauses of their own; each is done, nothing undone.
    if !own_verb {
        let clauses = understand_order(catalog, &tokens[first..].join(" "));
        if !clauses.then.is_empty() && corrects_what_was_said(catalog, &clauses) {
            return Some(Parse { text: text.to_owned(), acts: whole.acts.clone(), ..clauses });
        }
    }
    let mut undo = Parse { intent: Intent::Undo, then: vec![rest], ..whole.clone() };
    undo.lines.clear();
    undo.target = None;
    undo.attributes = Default::default();
    Some(undo)
}

/// Whether a clause said after an undo corrects what was said: a removal, or an edit
/// that names what changes ("oops meant large": a choice of a group that holds one is
/// what the line just said should have had; "i meant ham and pineapple" takes the
/// pepperoni back).
fn corrects_what_was_said(catalog: &Catalog, rest: &Parse) -> bool {
    let one_of_a_kind = |o: &crate::order::OptionRef| catalog.group(&o.group).is_some_and(|g| g.max == 1);
    let replaces_a_choice = !rest.attributes.options.is_empty() && rest.attributes.options.iter().all(one_of_a_kind);
    let names_what_changes = rest.target.is_some() || !rest.attributes.without.is_empty() || replaces_a_choice;
    rest.intent == Intent::OrderRemove || rest.intent == Intent::OrderModify && names_what_changes
}

/// One clause: parsed, its acts read, its intent resolved.
/// "how much is a medium? ok i'll take one with mushrooms": a question, then an order
/// of its own. The order is what the message does; a "one" in it is the thing asked
/// about, so it takes the choices the question named that its line has not answered.
fn ordered_after_a_question(catalog: &Catalog, text: &str) -> Option<Parse> {
    let cut = text.rfind('?')?;
    let (asked, rest) = (&text[..cut + 1], text[cut + 1..].trim());
    if rest.is_empty() {
        return None;
    }
    let question = understand_one(catalog, asked);
    let asks = matches!(question.intent, Intent::PriceAsk | Intent::MenuAsk);
    if !asks || !question.lines.iter().all(|l| l.quantity <= 1) {
        return None;
    }
    let mut order = understand_order(catalog, rest);
    let words = crate::catalog::text::tokenize(rest);
    let one = words.iter().any(|w| w == "one" || w == "those");
    let topic = question.topic.iter().flat_map(|t| t.options.iter());
    let named = question.lines.iter().flat_map(|l| l.options.iter());
    let asked_of: Vec<_> = question.attributes.options.iter().chain(topic).chain(named).cloned().collect();
    // ("… i'll take a large one": "one" described by its choices alone is it too.)
    let of_it = order
        .target
        .as_ref()
        .map_or(!order.attributes.options.is_empty(), |t| t.pronoun && t.item.is_none() && t.options.is_empty());
    if let Some(counted) = a_count_of_it(catalog, &question, rest) {
        // "do you have ginger ale? i'll have one if so": that many of the thing asked about.
        order = counted;
    } else if order.intent == Intent::OrderModify && one && of_it && order.lines.is_empty() {
        // "… alright, one of those with ham": "those" is what was asked about.
        let options: Vec<_> = asked_of.iter().chain(&order.attributes.options).cloned().collect();
        let item = catalog.implied_item(&options)?;
        let quantity = order.attributes.quantity.unwrap_or(1);
        let line =
            OrderLine { options, without: order.attributes.without.clone(), ..OrderLine::new(&item.id, quantity) };
        order = Parse {
            lines: vec![line],
            acts: order.acts,
            closing: order.closing,
            ..Parse::new(rest, Intent::OrderAdd, order.confidence)
        };
    }
    if order.intent != Intent::OrderAdd || order.lines.is_empty() {
        return None;
    }
    if one {
        for line in &mut order.lines {
            let Some(item) = catalog.item(&line.item) else { continue };
            for o in &asked_of {
                let single = catalog.group(&o.group).is_some_and(|g| g.max <= 1);
                let answered = single && line.options.iter().any(|x| x.group == o.group);
                if item.group(&o.group).is_some() && !answered && !line.options.contains(o) {
                    line.options.push(o.clone());
                }
            }
        }
    }
    order.text = text.to_owned();
    Some(order)
}

/// The order that `rest`, a count and nothing of the menu ("i'll have two if so"), makes
/// of the one thing `question` asked about.
fn a_count_of_it(catalog: &Catalog, question: &Parse, rest: &str) -> Option<Parse> {
    let [asked] = question.lines.as_slice() else { return None };
    let said = crate::engine::parse(catalog, rest);
    let a = &said.attributes;
    let only_a_count = a.quantity.is_some() && a.options.is_empty() && a.without.is_empty() && said.lines.is_empty();
    let pointing = said.target.as_ref().map_or(true, Target::only_points);
    if !(only_a_count && pointing && said.intent.is_order()) {
        return None;
    }
    let line = OrderLine { quantity: a.quantity?, ..asked.clone() };
    Some(Parse { lines: vec![line], ..Parse::new(rest, Intent::OrderAdd, said.confidence) })
}

fn understand_one(catalog: &Catalog, text: &str) -> Parse {
    understand_parsed(catalog, crate::engine::parse(catalog, text))
}

/// [`understand_one`] of a message the engine has parsed.
fn understand_parsed(catalog: &Catalog, mut parse: Parse) -> Parse {
    let reading = read(catalog, &parse);
    // "actualy 3 misos": a slip of a listed word, no English word and nothing on the
    // menu, is that word for the dialogue too.
    for t in &mut parse.tokens {
        if !english::is_word(t) && catalog.lexicon().key(t).is_none() {
            if let Some(w) = catalog.act_words().respelt(t) {
                *t = w.to_owned();
            }
        }
    }
    parse.intent = reading.intent(&parse);
    match reading.kind {
        Kind::Acts | Kind::Other => {
            parse.lines.clear();
            parse.target = None;
            parse.attributes = Default::default();
            parse.topic = None;
        }
        Kind::Question => {
            // "is the hawaiian a large too", "how much is mine": the line asked about and
            // what is asked of it stay, for the dialogue to answer from the cart.
            let pointed = parse.target.clone().or_else(|| crate::engine::line_pointed_at(&parse));
            let about_a_line = pointed.map(|t| (t, parse.attributes.options.clone()));
            let mut named = std::mem::take(&mut parse.attributes).options;
            if let Some(t) = parse.target.take() {
                // "is the hawaiian pizza vegetarian": the thing asked about.
                match t.item {
                    Some(item) if parse.lines.is_empty() => {
                        // ("the pizza margherita has basil?": the choices said after the
                        // item are of it too.)
                        let mut options = t.options;
                        let takes = |o: &crate::order::OptionRef| {
                            catalog.item(&item).is_some_and(|i| i.group(&o.group).is_some())
                        };
                        options.extend(named.iter().filter(|o| takes(o)).cloned());
                        named.retain(|o| !takes(o));
                        parse.lines.push(crate::order::OrderLine { options, ..crate::order::OrderLine::new(&item, 1) });
                    }
                    _ => {
                        named.splice(0..0, t.options);
                    }
                }
            }
            if parse.topic.is_none() {
                parse.topic = crate::engine::topic_of(catalog, &parse.text);
            }
            // "any vegetarian pizzas", "do you have a gluten free pizza?": the tag's words
            // name no choice asked about (not the "Gluten Free Crust" they begin).
            let tag = parse.topic.as_ref().and_then(|t| t.tag.clone());
            named.retain(|o| Some(&o.choice) != tag.as_ref());
            if let Some(tag) = &tag {
                let begun = |o: &crate::order::OptionRef| {
                    let choice = catalog.group(&o.group).and_then(|g| g.choice(&o.choice));
                    choice.is_some_and(|c| c.named_after_tag(tag))
                };
                for line in &mut parse.lines {
                    line.options.retain(|o| !begun(o));
                }
            }
            if parse.lines.is_empty() && !named.is_empty() {
                // "how much for a medium": the choices asked about.
                parse.topic.get_or_insert_with(Default::default).options = named;
            }
            if let Some((target, asked)) = about_a_line {
                parse.target = Some(target);
                parse.attributes.options = asked;
            }
        }
        Kind::Nothing | Kind::Content => {}
    }

    parse.acts = reading.acts;
    parse.closing = reading.trailing;
    parse
}

/// Reads the acts of a parsed message.
pub fn read(catalog: &Catalog, parse: &Parse) -> Reading {
    let words = catalog.act_words();
    let tokens = tokens_of(catalog, parse);
    let mut cues = cover(catalog, words, &tokens);
    // "ugh actually cancel …", "omg wait …": words a message of acts opens with that are
    // neither English nor on the menu, nor near a menu word, carry no act and no order.
    let noise = |t: &String| parse.unknown.iter().any(|u| u.word == *t && !u.english && u.suggestion.is_none());
    let has_act = cues.iter().any(|c| matches!(c, Some(Cue::Act(_))));
    let opening = cues.iter_mut().zip(&tokens).take_while(|(cue, t)| has_act && cue.is_none() && noise(t));
    for (cue, _) in opening {
        *cue = Some(Cue::Soft);
    }
    let content: Vec<usize> = (0..tokens.len()).filter(|&i| cues[i].is_none() && tokens[i] != ",").collect();
    // A pronoun or a position alone ("remove it from my calendar") names nothing.
    let names_line =
        parse.target.as_ref().is_some_and(|t| t.item.is_some() || t.category.is_some() || !t.options.is_empty());
    let has_menu = !parse.lines.is_empty()
        || names_line
        || !parse.attributes.options.is_empty()
        || !parse.attributes.without.is_empty()
        || parse.attributes.plain
        || parse.topic.is_some();
    let lex = catalog.lexicon();
    let has_menu = has_menu && !menu_only_in_acts(lex, parse, &tokens, &cues);
    let order_clause = order_clause(lex, parse, &tokens, &cues);
    let foreign = parse.unknown.iter().any(|u| u.english) && order_clause.is_none();
    // "oh shame. ok whats on the supreme": what is asked opens the clause that names it.
    let asked_from = order_clause.unwrap_or(0);
    let has_menu = has_menu && !(parse.guessed && foreign);
    // "only two of those", "i need 5 of them": a count said of the lines meant, in words
    // the shop follows.
    let limits_at = (0..tokens.len()).find(|&i| limits_a_count(&tokens[i..]));
    // "only one of those, it's just me eating": talk in a clause of its own does not
    // make the count foreign.
    let foreign_beside = |at: usize| {
        let from = tokens[..at].iter().rposition(|t| t == ",").map_or(0, |c| c + 1);
        let to = tokens[at..].iter().position(|t| t == ",").map_or(tokens.len(), |c| at + c);
        parse.unknown.iter().any(|u| u.english && tokens[from..to].contains(&u.word))
    };
    let count_edit = limits_at.is_some_and(|at| !foreign_beside(at))
        && parse.target.is_some()
        && parse.attributes.quantity.is_some();
    // ("one more of each, that's all", "one less of each": units added or taken off.)
    let more_or_fewer = parse.attributes.more.is_some() || parse.attributes.fewer.is_some();
    let has_menu = has_menu || count_edit || more_or_fewer && parse.target.is_some() && !foreign;
    let (Some(&first), Some(&last)) = (content.first(), content.last()) else {
        let acts = acts_of(&tokens, &cues, 0..tokens.len());
        // "what's on that one exactly": a question about a line is no "exactly"; "wait
        // how much is that gonna be" asks, whoever waits.
        let about_a_line = matches!(parse.intent, Intent::MenuAsk | Intent::PriceAsk) && parse.target.is_some();
        let asks = matches!(
            parse.intent,
            Intent::MenuAsk | Intent::PriceAsk | Intent::StatusAsk | Intent::OrderShow | Intent::Shop(_)
        ) && !acts.is_empty()
            && acts.iter().all(|a| matches!(a, Act::Wait | Act::Greet | Act::Thanks));
        if let Some(reading) = removal_then_acts(parse, &tokens, &cues) {
            return reading;
        }
        let kind = if about_a_line || asks {
            Kind::Question
        } else if let Some(reading) = asked_not_acted(Kind::Question, &acts, words, parse, &tokens, &cues) {
            // "is that enough for us?", "will that be enough?": asked, the words of
            // finishing in it finish nothing.
            return reading;
        } else if acts.is_empty() && !has_menu {
            Kind::Nothing
        } else {
            Kind::Acts
        };
        return Reading { kind, acts, trailing: Vec::new(), trailing_from: None };
    };
    // "cool i'll take one, that's all": a count asked for is the order, beside the acts.
    let requests_a_count = content.iter().all(|&i| is_count(&tokens[i]))
        && (0..first).any(|i| cues[i] == Some(Cue::Request))
        && counts_a_line(parse, &tokens, &cues);
    if !has_menu && !foreign && !requests_a_count {
        // "ugh wrong size, can we redo this from scratch": words that name nothing
        // around acts do not hide them.
        if let Some(reading) = removal_then_acts(parse, &tokens, &cues) {
            return reading;
        }
        let acts = acts_of(&tokens, &cues, 0..tokens.len());
        if let Some(reading) = asked_not_acted(Kind::Question, &acts, words, parse, &tokens, &cues) {
            // ("is that enough for 3 people?")
            return reading;
        }
        if acts.iter().any(|a| !matches!(a, Act::Affirm | Act::Deny)) {
            return Reading { kind: Kind::Acts, acts, trailing: Vec::new(), trailing_from: None };
        }
    }
    let mut acts = leading_acts(&tokens, &cues, first);
    let trailing = trailing_acts(&tokens, &cues, last + 1);
    let trailing_from = (!trailing.is_empty()).then_some(last + 1);
    // "hmm actually cancel it all, i'll cook instead": an act said as a clause of its
    // own holds beside talk about something else.
    let own_clause = |acts: &[Act], region: &[String]| {
        acts.iter().any(|a| !matches!(a, Act::Affirm | Act::Deny)) && region.iter().any(|t| t == ",")
    };
    let clause_act = own_clause(&acts, &tokens[..first]) || own_clause(&trailing, &tokens[last + 1..]);
    for a in &trailing {
        if !acts.contains(a) {
            acts.push(*a);
        }
    }
    let kind = if foreign && !has_menu && clause_act {
        Kind::Acts
    } else if foreign && !has_menu {
        // "tell me a joke", "what's the weather like": nothing on the menu to answer.
        // Its yes or no is read over the whole message: "yep that's everything i asked
        // for" says yes, "i would prefer not" says no; asked ("could you tell me the
        // total before i confirm?"), it says neither.
        let acts = acts_of(&tokens, &cues, 0..tokens.len());
        if let Some(reading) = asked_not_acted(Kind::Other, &acts, words, parse, &tokens, &cues) {
            return reading;
        }
        return Reading { kind: Kind::Other, acts, trailing, trailing_from };
    } else if is_question(words, &tokens[asked_from..], &cues[asked_from..], parse.text.trim_end().ends_with('?')) {
        Kind::Question
    } else if foreign && !asks_for_anything(words, &tokens, &cues) {
        // "set a timer for 6 minutes"; "i just spilled my coffee everywhere".
        Kind::Other
    } else if !has_menu && parse.attributes.quantity.is_some() && !counts_a_line(parse, &tokens, &cues) {
        // "set the volume to 4", "wake me up at 6": a bare number is not an edit.
        Kind::Other
    } else {
        Kind::Content
    };
    Reading { kind, acts, trailing, trailing_from }
}

/// "actually remove it, i'm good", "take that off, that's all": the line pointed at
/// taken off in a clause of its own, then the acts after it (finishing, thanks).
fn removal_then_acts(parse: &Parse, tokens: &[String], cues: &[Option<Cue>]) -> Option<Reading> {
    if parse.intent != Intent::OrderRemove || !parse.target.as_ref().is_some_and(Target::only_points) {
        return None;
    }
    let cut = tokens.iter().position(|t| t == ",")?;
    // The removal is asked for before the comma ("thats too pricey, cancel" cancels).
    let asks_to_remove = (0..cut).any(|i| cues[i] == Some(Cue::Request));
    let hesitates_only = acts_of(tokens, cues, 0..cut).iter().all(|a| *a == Act::Wait);
    if !asks_to_remove || !hesitates_only {
        return None;
    }
    let trailing = trailing_acts(tokens, cues, cut);
    if trailing.is_empty() || !trailing.iter().all(|a| matches!(a, Act::Done | Act::Thanks | Act::Goodbye)) {
        return None;
    }
    Some(Reading { kind: Kind::Content, acts: trailing.clone(), trailing, trailing_from: Some(cut) })
}

/// A message asked whole whose acts would finish the order: read as `kind` with only its
/// politeness left ("is that enough for 3 people?" says no yes and finishes nothing).
fn asked_not_acted(
    kind: Kind,
    acts: &[Act],
    words: &ActWords,
    parse: &Parse,
    tokens: &[String],
    cues: &[Option<Cue>],
) -> Option<Reading> {
    (finishes(acts) && asked_whole(words, parse, tokens, cues)).then(|| Reading {
        kind,
        acts: politeness(acts),
        trailing: Vec::new(),
        trailing_from: None,
    })
}

/// Whether the whole message is a question: it ends with "?" and opens as one ("is that
/// enough?", "could you tell me the total before i confirm?").
fn asked_whole(words: &ActWords, parse: &Parse, tokens: &[String], cues: &[Option<Cue>]) -> bool {
    // "can you place it?", "could you confirm my order?": asking the bot to do
    // something, unless it is to tell something.
    let you_at = tokens.iter().position(|t| matches!(t.as_str(), "you" | "u" | "ya"));
    let asks_to_do = you_at.is_some_and(|at| {
        at > 0
            && matches!(tokens[at - 1].as_str(), "can" | "could" | "would" | "will")
            && tokens.get(at + 1).is_some_and(|v| !matches!(v.as_str(), "tell" | "say" | "let" | "show" | "explain"))
    });
    parse.text.trim_end().ends_with('?') && !asks_to_do && is_question(words, tokens, cues, true)
}

/// Whether the acts say yes or finish the order.
fn finishes(acts: &[Act]) -> bool {
    acts.iter().any(|a| matches!(a, Act::Affirm | Act::Done))
}

/// The acts a question keeps: greeting, thanks and waiting, never a yes, a no or finishing.
fn politeness(acts: &[Act]) -> Vec<Act> {
    acts.iter().copied().filter(|a| matches!(a, Act::Greet | Act::Thanks | Act::Wait)).collect()
}

/// The listed cue of every token (the same cue repeated over a phrase's tokens), or
/// `None` for a token no list names.
fn cover(catalog: &Catalog, words: &ActWords, tokens: &[String]) -> Vec<Option<Cue>> {
    let mut cues = vec![None; tokens.len()];
    // Stems only when a word is not listed as it is, and is nothing on the menu ("cheesy"
    // is no "cheers"): most words of an order never need one.
    let mut stems: Vec<Option<String>> = vec![None; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        let by_stem = |stems: &mut Vec<Option<String>>| {
            if catalog.lexicon().key(&tokens[i]).is_some() || !words.has_stem_of(&tokens[i]) {
                return None;
            }
            for (j, s) in stems.iter_mut().enumerate().skip(i) {
                s.get_or_insert_with(|| stem(&tokens[j]));
            }
            let said: Vec<String> = stems.iter().map(|s| s.clone().unwrap_or_default()).collect();
            words.longest_by_stem(&said, i)
        };
        // ("i would like to know …": asked by wanting to know, however it is said.)
        let asked = wants_to_know(&tokens[i..]).map(|n| (n, Cue::Question));
        match asked.or_else(|| words.longest(tokens, i)).or_else(|| by_stem(&mut stems)) {
            Some((len, cue)) => {
                cues[i..i + len].fill(Some(cue));
                i += len;
            }
            None => {
                // A typo of an act word ("thnaks", "affirmitive") that is no English
                // word and nothing on the menu.
                let t = &tokens[i];
                if !english::is_word(t) && catalog.lexicon().key(t).is_none() {
                    cues[i] = words.near(t);
                }
                i += 1;
            }
        }
    }
    cues
}

/// The acts of a span made of listed words: act phrases as they come, and yes or no
/// from the polar words, each clause on its own ("no, that's not right" is no twice).
fn acts_of(tokens: &[String], cues: &[Option<Cue>], span: std::ops::Range<usize>) -> Vec<Act> {
    let mut acts: Vec<Act> = Vec::new();
    let mut polarity = 0i32;
    let mut clause = 0i32;
    let mut negated = false;
    let (mut praise, mut wellbeing) = (0i32, false);
    // "this is all", "that'll be everything", "it's my order": a demonstrative, then
    // (after soft words) a whole, in one clause, says the order is finished.
    let mut pointed = false;
    // "not really", "i think not", "definitely not": a negation with no polar word
    // after it turns its clause to no.
    let end_clause = |polarity: &mut i32, clause: &mut i32, negated: &mut bool| {
        *polarity += if *negated { -clause.abs().max(1) } else { *clause };
        *clause = 0;
        *negated = false;
    };
    let mut i = span.start;
    while i < span.end {
        let len = phrase_len(cues, i, span.end);
        match cues[i] {
            Some(Cue::Act(a)) if !acts.contains(&a) => acts.push(a),
            Some(Cue::Demonstrative) => pointed = true,
            // "is all, thank you": a clause that opens with its verb points at the order
            // ("is it raining" asks: the verb before "it" does not point).
            Some(Cue::Question | Cue::Soft)
                if (i == 0 || tokens[i - 1] == ",")
                    && matches!(tokens[i].as_str(), "is" | "its")
                    && tokens.get(i + 1).is_some_and(|t| matches!(t.as_str(), "all" | "everything")) =>
            {
                pointed = true;
            }
            Some(Cue::Whole) if pointed => {
                pointed = false;
                // "that's not all": more is coming, neither finished nor a no.
                if !std::mem::take(&mut negated) && !acts.contains(&Act::Done) {
                    acts.push(Act::Done);
                }
            }
            Some(Cue::Polar(p)) => {
                clause += if negated { -i32::from(p) } else { i32::from(p) };
                negated = false;
            }
            Some(Cue::Praise) => {
                praise += if negated { -1 } else { 1 };
                negated = false;
            }
            Some(Cue::Wellbeing) => wellbeing = true,
            Some(Cue::Negator) => negated = !negated,
            None if tokens[i] == "," => {
                pointed = false;
                end_clause(&mut polarity, &mut clause, &mut negated);
            }
            _ => {}
        }
        i += len;
    }
    end_clause(&mut polarity, &mut clause, &mut negated);
    if !acts.contains(&Act::Done) && says_whole_alone(tokens, cues, span.clone()) {
        acts.push(Act::Done);
    }
    // "thanks for your help": the help is what they thank for.
    if acts.contains(&Act::Thanks) {
        acts.retain(|a| *a != Act::Help);
    }
    let addressed = tokens[span.clone()].iter().any(|t| ADDRESSEE.contains(&t.as_str()));
    // "you are correct", "what you said is true": a subject before the verb, or after
    // the wh-word, makes a statement, not a question.
    let asks = span
        .clone()
        .find(|&i| tokens[i] != "," && !cues[i].is_some_and(Cue::is_soft))
        .is_some_and(|i| cues[i] == Some(Cue::Question) && !stated(tokens, i));
    let social = acts.iter().any(|a| matches!(a, Act::Greet | Act::Goodbye));
    if asks && addressed && (wellbeing || praise > 0 || polarity > 0) {
        // "how ya doin", "are you feeling okay", "how's life treating you".
        if !acts.contains(&Act::Greet) {
            acts.push(Act::Greet);
        }
        praise = 0;
        polarity = 0;
    } else if addressed && praise > 0 && !social && !acts.contains(&Act::Thanks) {
        // "you're a doll", "your answer was good": praise for the bot is thanks.
        acts.push(Act::Thanks);
    }
    if !social || acts.contains(&Act::Thanks) {
        // "perfect", "great, thanks": praise answers yes; beside a greeting or a
        // goodbye ("great talking to you") it is only politeness.
        polarity += praise;
    }
    match polarity.cmp(&0) {
        std::cmp::Ordering::Greater => acts.insert(0, Act::Affirm),
        std::cmp::Ordering::Less => acts.insert(0, Act::Deny),
        std::cmp::Ordering::Equal => {}
    }
    acts
}

/// Whether a clause of the span is a whole alone, after at most two words of yes or
/// filler ("enough, thank you", "ok all", "it is all", "everything, cheers"): the
/// order is all there is. The clause opens the span or follows a comma ("… on all" is
/// no clause), and nothing in it asks, requests, negates, thanks or greets ("thank you
/// all", "hi all" speak to people) or relates ("for all").
fn says_whole_alone(tokens: &[String], cues: &[Option<Cue>], span: std::ops::Range<usize>) -> bool {
    let opens_clause = |at: usize| at == 0 || tokens[at - 1] == ",";
    let mut from = span.start;
    for end in (span.start..=span.end).filter(|&i| i == span.end || tokens[i] == ",") {
        let clause = from..end;
        from = end + 1;
        if clause.is_empty() || clause.len() > 3 || !opens_clause(clause.start) {
            continue;
        }
        let last = clause.end - 1;
        let plain = clause.clone().all(|i| {
            matches!(cues[i], Some(Cue::Soft | Cue::Polar(1) | Cue::Whole | Cue::Demonstrative))
                && !PREPOSITIONS.contains(&tokens[i].as_str())
        });
        if plain && cues[last] == Some(Cue::Whole) && tokens[last] != "it" {
            return true;
        }
        // ("that all.": the demonstrative and the whole alone, the article dropped.)
        if clause.len() == 2 && matches!(tokens[clause.start].as_str(), "that" | "this") && tokens[last] == "all" {
            return true;
        }
    }
    false
}

/// Words that relate what follows to something said: "for all", "on all of them".
const PREPOSITIONS: &[&str] = &["for", "to", "on", "of", "with", "at", "from", "by", "in", "about", "as"];

/// Whether the question word at `i` is part of a statement: a subject or an article
/// before it ("that is right", "a can of"), or a subject right after a wh-word ("what
/// you said", "what i wanted").
fn stated(tokens: &[String], i: usize) -> bool {
    let before = i > 0 && is_subject_or_determiner(&tokens[i - 1]);
    let wh = WH_WORDS.contains(&tokens[i].as_str());
    let relative =
        wh && tokens.get(i + 1).is_some_and(|t| matches!(t.as_str(), "i" | "you" | "u" | "we" | "they" | "he" | "she"));
    // "we're having a party" typed as "were having …": a verb goes on where a question
    // would name its subject, so the subject was lost in the apostrophe.
    let participle = !wh && tokens.get(i + 1).is_some_and(|t| is_participle(t));
    (before && !wh) || relative || participle
}

/// Whether a word reads as a verb's "-ing" form ("having", "going"); "everything" and
/// "something" are things.
fn is_participle(word: &str) -> bool {
    word.len() >= 5 && word.ends_with("ing") && !word.ends_with("thing")
}

/// Words that make a message about the bot (or how things are), not about the order.
const ADDRESSEE: &[&str] =
    &["you", "ya", "u", "youre", "your", "yourself", "youve", "ai", "bot", "life", "things", "everything", "it"];

/// How many tokens from `i` carry the same cue as one phrase (at least one).
fn phrase_len(cues: &[Option<Cue>], i: usize, end: usize) -> usize {
    match cues[i] {
        None => 1,
        Some(c) => (i..end).take_while(|&j| cues[j] == Some(c)).count().max(1),
    }
}

/// Acts said before the order: "hi, …", "yes please, …", "thanks! and …". A bare "no"
/// or "not" right before the order is its negation ("no onions"), not an answer.
fn leading_acts(tokens: &[String], cues: &[Option<Cue>], first: usize) -> Vec<Act> {
    let acts = acts_of(tokens, cues, 0..first);
    let separated = tokens[..first].iter().any(|t| t == ",");
    acts.into_iter().filter(|a| separated || !matches!(a, Act::Deny | Act::Affirm)).collect()
}

/// Acts said after the order: "…, that's all", "… thanks", "… bye". Yes or no at the
/// end is a tag ("…, right?"), not an answer.
fn trailing_acts(tokens: &[String], cues: &[Option<Cue>], from: usize) -> Vec<Act> {
    acts_of(tokens, cues, from..tokens.len()).into_iter().filter(|a| !matches!(a, Act::Deny | Act::Affirm)).collect()
}

/// Whether anything in the message asks for something: a request verb ("want", "get",
/// "add"), a count or article, or an order's grammar ("with", "no", "extra", "and").
/// A message with none, about things the shop does not use, only mentions the menu
/// ("they're arguing about pineapple").
fn asks_for_anything(words: &ActWords, tokens: &[String], cues: &[Option<Cue>]) -> bool {
    const ORDER_WORDS: &[&str] = &[
        "a", "an", "and", "plus", "with", "without", "no", "extra", "another", "more", "also", "please", "pls", "id",
        "ill", "lets", "wants", "wanted", "make", "change", "switch", "swap", "remove",
    ];
    (0..tokens.len()).any(|i| {
        ORDER_WORDS.contains(&tokens[i].as_str())
            || is_count(&tokens[i])
            || cues[i] == Some(Cue::Request) && words.longest(tokens, i).is_some()
    })
}

/// Whether words open with a count said of the lines meant: "only two", "of those",
/// or a count said against another ("3 not 5").
fn limits_a_count(words: &[String]) -> bool {
    match words {
        [w, n, ..] if matches!(w.as_str(), "only" | "just") && is_count(n) => true,
        [of, those, ..] if of == "of" && matches!(those.as_str(), "them" | "those" | "these") => true,
        [n, not, m, ..] => not == "not" && is_count(n) && is_count(m),
        _ => false,
    }
}

/// Words that point at lines already said ("make it 3", "3 of those").
const POINTING: &[&str] = &["it", "that", "them", "those", "these"];

/// Whether a number said with nothing on the menu counts a line: said alone ("2",
/// "two please"), or with a reference or an edit word ("make it 3", "3 of those").
fn counts_a_line(parse: &Parse, tokens: &[String], cues: &[Option<Cue>]) -> bool {
    let refers_to_lines = |t: &String| POINTING.contains(&t.as_str()) || matches!(t.as_str(), "ones" | "just" | "only");
    // ("a dozen", "a couple": one count.)
    let article_of =
        |i: usize| matches!(tokens[i].as_str(), "a" | "an") && tokens.get(i + 1).is_some_and(|n| is_count(n));
    let counts: Vec<&String> =
        (0..tokens.len()).filter(|&i| is_count(&tokens[i]) && !article_of(i)).map(|i| &tokens[i]).collect();
    // One plausible count: "add 456 and 781" is arithmetic, not an order.
    let one_count = counts.len() == 1 && counts[0].parse::<u32>().map_or(true, |n| n <= MAX_QUANTITY);
    let said_alone = (0..tokens.len()).all(|i| cues[i].is_some() || tokens[i] == "," || is_count(&tokens[i]));
    // A person's name alone ("send 50 quid to my brother") is no line of the order.
    let refers = parse.target.as_ref().is_some_and(|t| Target { owner: None, ..t.clone() } != Target::default());
    one_count && (said_alone || refers || tokens.iter().any(refers_to_lines))
}

use crate::engine::is_count_word as is_count;

/// Words before a verb that make it a statement ("i should like", "that is right", "mum
/// would like", "mine should be medium", "there should be one"), or before a word that
/// make it a thing ("a can of …").
fn is_subject_or_determiner(word: &str) -> bool {
    matches!(
        word,
        "i" | "you"
            | "u"
            | "we"
            | "they"
            | "he"
            | "she"
            | "it"
            | "this"
            | "that"
            | "thats"
            | "a"
            | "an"
            | "the"
            | "my"
            | "your"
            | "one"
            | "mine"
            | "his"
            | "hers"
            | "there"
            | "theirs"
            | "ours"
            | "yours"
    ) || crate::catalog::grammar::person_as_said(word).is_some()
}
/// Question words that ask wherever they stand ("so what sizes …").
const WH_WORDS: &[&str] =
    &["what", "whats", "which", "who", "whos", "whose", "how", "hows", "when", "whens", "where", "wheres", "why"];

/// Subjects after which a listed verb makes a request ("can i get", "could you add").
const SUBJECTS: &[&str] = &["i", "we", "you", "u", "ya"];
/// "ok where was i. add a sprite", "how much is a medium? ok i'll take one with ham",
/// "… alright, one of those then": a later clause opens (after act and soft words, and
/// a word of hesitation) with a request verb before a counted thing (or "me"), or with
/// the count itself, so the message asks for it, whatever came before.
fn asks_for_it_after(words: &ActWords, tokens: &[String], cues: &[Option<Cue>], start: usize) -> bool {
    let opener = |j: usize| !cues[j].is_some_and(Cue::is_soft) && !matches!(cues[j], Some(Cue::Act(_) | Cue::Polar(_)));
    let counted = |t: &String| matches!(t.as_str(), "a" | "an" | "me" | "us") || is_count(t);
    let requests_at = |j: usize| match words.longest(tokens, j) {
        Some((len, Cue::Request)) => tokens.get(j + len).is_some_and(counted),
        _ => false,
    };
    (start..tokens.len()).filter(|&i| tokens[i] == ",").any(|comma| {
        let mut openers = (comma + 1..tokens.len()).filter(|&j| opener(j));
        let Some(j) = openers.next() else { return false };
        let then = openers.next().filter(|&k| k == j + 1 && tokens[j].len() <= 3 && cues[j].is_none());
        is_count(&tokens[j]) || requests_at(j) || then.is_some_and(requests_at)
    })
}

/// Verbs that open a question before "you": "do you have", "are you open" ("can you
/// …" and "could you …" ask for something).
const AUXILIARIES: &[&str] = &["do", "does", "did", "is", "are", "dont", "doesnt", "didnt", "isnt", "arent"];
/// Verbs that ask what a thing has: "do your wings come with dip", "do they have nuts".
const HAVING_VERBS: &[&str] = &["come", "have", "include", "contain"];
/// Verbs that after "you" ask about the shop, not for something ("do you have").
const ASKING_VERBS: &[&str] = &["have", "do", "want", "like", "need", "take", "try", "get"];

/// Whether token `i` names a menu thing: alone, it means one, or the parse read it as a
/// slip of one (no English word, no act word, and not left unknown).
fn names_menu(lex: &Lexicon, parse: &Parse, tokens: &[String], cues: &[Option<Cue>], i: usize) -> bool {
    let t = &tokens[i];
    // A word alone: a menu sense, or grammar only ("the" in "the works" is grammar).
    let alone: Vec<&Sense> = lex.key(t).map_or_else(Vec::new, |(k, _)| {
        lex.starting_with(k)
            .iter()
            .map(|&p| &lex.phrases[p])
            .filter(|p| p.keys.len() == 1)
            .flat_map(|p| &p.senses)
            .collect()
    });
    let grammar_only = !alone.is_empty() && alone.iter().all(|s| matches!(s, Sense::Gram(_)));
    // ("six pm": two letters are too few to tell a menu word from talk.)
    t.len() > 2
        && (alone.iter().any(|s| !matches!(s, Sense::Gram(_)))
            || lex.is_menu_word(t) && !grammar_only
            || cues[i].is_none()
                && !english::is_word(t)
                && lex.key(t).is_none()
                && !lex.is_filler(t)
                && !parse.unknown.iter().any(|u| u.word == *t)
                && t.chars().all(char::is_alphabetic))
}

/// "cancel everything", "thats everything": every menu word is inside an act's phrase, or
/// is the whole an act or "that" speaks of; the message says the act, not the thing.
fn menu_only_in_acts(lex: &Lexicon, parse: &Parse, tokens: &[String], cues: &[Option<Cue>]) -> bool {
    if !cues.iter().any(|c| matches!(c, Some(Cue::Act(_) | Cue::Whole))) {
        return false;
    }
    let acted_on = |i: usize| match cues[i] {
        Some(Cue::Act(_)) => true,
        Some(Cue::Whole) => i > 0 && matches!(cues[i - 1], Some(Cue::Act(_) | Cue::Demonstrative)),
        _ => false,
    };
    let mut menu_at = (0..tokens.len()).filter(|&i| names_menu(lex, parse, tokens, cues, i)).peekable();
    menu_at.peek().is_some() && menu_at.all(acted_on)
}

/// Where the first clause naming menu things starts, unless talk (English words the shop
/// does not use) shares a clause with menu things. "close, but the hawaiian should be
/// large", "i grew up in jersey so new york style it is": talk in clauses of its own
/// (after a comma or "so") leaves the message about the order.
fn order_clause(lex: &Lexicon, parse: &Parse, tokens: &[String], cues: &[Option<Cue>]) -> Option<usize> {
    let mut clauses = Vec::new();
    let mut from = 0;
    for (i, t) in tokens.iter().enumerate() {
        let menu_after = || tokens[i + 1..].iter().any(|w| lex.is_menu_word(w));
        if t == "," || i > from && t == "so" && menu_after() {
            clauses.push(from..i);
            from = i + 1;
        }
    }
    clauses.push(from..tokens.len());
    // "make that 3": a count edit of a line referred to is about the order too.
    let edits_a_line = |c: &std::ops::Range<usize>| {
        let words = &tokens[c.clone()];
        let changes = |i: usize| matches!(lex.grammar_of(&tokens[i..=i]), Some(crate::catalog::Gram::Change));
        c.clone().any(changes)
            && words.iter().filter(|t| is_count(t)).count() == 1
            && words.iter().any(|t| POINTING.contains(&t.as_str()))
    };
    let on_menu =
        |c: &std::ops::Range<usize>| c.clone().any(|i| names_menu(lex, parse, tokens, cues, i)) || edits_a_line(c);
    let talk = |c: &std::ops::Range<usize>| tokens[c.clone()].iter().any(|t| is_foreign(parse, t));
    let first = clauses.iter().find(|c| on_menu(c))?;
    clauses.iter().all(|c| !talk(c) || !on_menu(c)).then_some(first.start)
}

/// Whether the parse found `word` to be an English word that is nothing on the menu.
fn is_foreign(parse: &Parse, word: &str) -> bool {
    parse.unknown.iter().any(|u| u.english && u.word == word)
}

/// "i would like to know whether …", "we'd really like to know", "i just wanted to know",
/// "i wanna know": the speaker wanting to know opens a question; the length of the words
/// that say so.
fn wants_to_know(tokens: &[String]) -> Option<usize> {
    let word = |i: usize| tokens.get(i).map_or("", String::as_str);
    if !matches!(word(0), "i" | "we" | "id" | "wed") {
        return None;
    }
    let mut at = 1;
    while matches!(word(at), "would" | "just" | "really" | "only" | "also" | "do") {
        at += 1;
    }
    if !matches!(word(at), "want" | "wanted" | "like" | "need" | "needed" | "wanna") {
        return None;
    }
    at += 1 + usize::from(word(at + 1) == "to");
    (word(at) == "know").then_some(at + 1)
}

/// "can u do extra cheese on that", "could you do it thin crust for those", "can you do
/// green olives instead": what is asked for is done to a line already ordered.
fn on_what_was_ordered(tokens: &[String]) -> bool {
    tokens.iter().any(|t| t == "instead")
        || tokens.windows(2).any(|w| {
            matches!(w[0].as_str(), "on" | "to" | "for")
                && matches!(w[1].as_str(), "that" | "it" | "this" | "mine" | "them" | "those" | "these" | "both")
        })
}

/// Whether the message asks something: it opens with a question word (after any act
/// or soft words), or ends with "?" and is said to the shop ("u guys do wings?"), and
/// is not a request ("can i get", "could you add", "how about").
fn is_question(words: &ActWords, tokens: &[String], cues: &[Option<Cue>], question_mark: bool) -> bool {
    let Some(start) = (0..tokens.len()).find(|&i| {
        tokens[i] != "," && !matches!(cues[i], Some(Cue::Act(_) | Cue::Polar(_))) && !cues[i].is_some_and(Cue::is_soft)
            || matches!(cues[i], Some(Cue::Question | Cue::Request))
    }) else {
        return false;
    };
    // "what about the hawaiian?": asked of another thing, not a request for it.
    if question_mark && tokens[start] == "what" && tokens.get(start + 1).is_some_and(|t| t == "about") {
        return true;
    }
    // "do u have …": an auxiliary before "you" opens a question even where the
    // operator lists the word as a request verb too ("do").
    let aux_you = AUXILIARIES.contains(&tokens[start].as_str())
        && tokens.get(start + 1).is_some_and(|t| matches!(t.as_str(), "you" | "u" | "ya" | "yall"));
    // "you are correct", "i should like …", "my order is a small pizza": a subject
    // before the verb, in the same clause, says, it does not ask; "and a can of pepsi":
    // after an article the word is a thing.
    let clause = tokens[..start].rsplit(|t| t == ",").next().unwrap_or_default();
    let subject_before = clause.iter().any(|t| is_subject_or_determiner(t));
    let declarative = stated(tokens, start) || subject_before;
    // "is the pizza spicy", "do the wings come in bigger orders?": asked of a thing
    // ("do the stuffed crust then" asks for it: "do" asks only with a "?").
    // "do your wings come with dip": a thing of the shop's said to have something.
    let next = tokens.get(start + 1).map_or("", String::as_str);
    let has_something = || tokens[start + 1..].iter().any(|t| HAVING_VERBS.contains(&t.as_str()));
    let asks_of =
        matches!(tokens[start].as_str(), "does" | "did" | "is" | "are" | "doesnt" | "didnt" | "isnt" | "arent")
            || question_mark
            || matches!(next, "your" | "ur" | "they") && has_something();
    let aux_thing = asks_of
        && AUXILIARIES.contains(&tokens[start].as_str())
        && matches!(next, "the" | "your" | "ur" | "these" | "those" | "they");
    // "the pizza have chicken option?", "the hawaiian has pineapple?": a thing said to
    // have something or be so ("your fries are vegan?"), asked by the "?" alone.
    let thing_has = question_mark
        && start > 0
        && matches!(tokens[start - 1].as_str(), "the" | "your" | "ur")
        && tokens[start..]
            .iter()
            .take_while(|t| !matches!(t.as_str(), "," | "i" | "we" | "you" | "u"))
            .any(|t| matches!(t.as_str(), "have" | "has" | "come" | "comes" | "got" | "is" | "are"));
    let wanting_to_know = wants_to_know(&tokens[start..]);
    let opens = thing_has
        || wanting_to_know.is_some()
        || !declarative && (aux_you || aux_thing || matches!(words.longest(tokens, start), Some((_, Cue::Question))));
    // "i have celiac so do you have a gluten free crust?", "hi, quick question, does the
    // dragon roll have shellfish?": "do you" or "does the …" opening a clause later asks
    // from there.
    let you_or_thing = |t: &String| {
        matches!(t.as_str(), "you" | "u" | "ya" | "yall" | "the" | "your" | "ur" | "these" | "those" | "they")
    };
    // "i'm vegetarian, which of your pizzas can i have?": so does a question word
    // opening the clause after one that tells what someone is (not after an order: "a
    // large pepperoni, what else is good?").
    let told_what_someone_is = |j: usize| {
        tokens[..j]
            .iter()
            .any(|t| matches!(t.as_str(), "im" | "am" | "is" | "are" | "were" | "theyre" | "shes" | "hes"))
    };
    let later = (start + 1..tokens.len().saturating_sub(1)).find(|&j| {
        matches!(tokens[j - 1].as_str(), "," | "so" | "but" | "and" | "then")
            && (AUXILIARIES.contains(&tokens[j].as_str()) && you_or_thing(&tokens[j + 1])
                || tokens[j - 1] == "," && WH_WORDS.contains(&tokens[j].as_str()) && told_what_someone_is(j))
    });
    let (start, opens) = match later {
        Some(j) if !opens && question_mark => (j, true),
        _ => (start, opens),
    };
    let to_the_shop = question_mark && tokens.iter().any(|t| matches!(t.as_str(), "you" | "u" | "ya" | "yall"));
    if !opens && !to_the_shop || asks_for_it_after(words, tokens, cues, start) {
        return false;
    }
    // Asked with an opening question word, the request is near it; asked only by a "?"
    // ("oh shoot i forgot, can you add a garlic bread to my order?"), anywhere.
    let start = if opens { start } else { 0 };
    let window = &tokens[start..tokens.len().min(if opens { start + 6 } else { tokens.len() })];
    // "i want to know if …": the verb of the words that open the question asks nothing.
    let opener = wanting_to_know.unwrap_or(0);
    // "where should i go for …" asks; "can i get …" requests.
    let wh = WH_WORDS.contains(&tokens[start].as_str());
    let requests = !wh
        && window.windows(2).enumerate().skip(opener).any(|(k, pair)| {
            let subject = SUBJECTS.contains(&pair[0].as_str());
            let verb_at = start + k + 1;
            // A request verb, or its typo ("can i hav …", "can i ger …").
            let request_at = |j: usize| {
                matches!(words.longest(tokens, j), Some((_, Cue::Request)))
                    || cues.get(j) == Some(&Some(Cue::Request))
                    || cues.get(j) == Some(&None) && !english::is_word(&tokens[j]) && words.request_slip(&tokens[j])
            };
            let verb = request_at(verb_at)
                || (pair[1] == "please" || pair[1] == "just" || pair[1] == "also") && request_at(verb_at + 1);
            // "do you have", "can you do gluten free": asking about the shop; "can you get
            // me …" asks for something.
            let asks_about = AUXILIARIES.contains(&tokens[start].as_str()) || matches!(pair[1].as_str(), "have" | "do");
            // "can you do a medium stuffed crust …", "could you do me a large": asked to
            // make something counted (for someone).
            let counted_at = match tokens.get(verb_at + 1).map(String::as_str) {
                Some("me" | "us" | "him" | "her" | "them") => verb_at + 2,
                _ => verb_at + 1,
            };
            // ("can you do the hawaiian on thin crust", "can you do it with light cheese":
            // asked to make a line said before so.)
            let made =
                |t: &str| matches!(t, "a" | "an" | "the" | "my" | "mine" | "his" | "hers" | "both") || is_count(t);
            let modal = |j: usize| matches!(tokens[j].as_str(), "can" | "could" | "would");
            let makes_counted = (modal(start) || verb_at >= 2 && modal(verb_at - 2))
                && pair[1] == "do"
                && tokens.get(counted_at).is_some_and(|t| made(t) || POINTING.contains(&t.as_str()));
            let asking = matches!(pair[0].as_str(), "you" | "u" | "ya")
                && ASKING_VERBS.contains(&pair[1].as_str())
                && asks_about
                && !makes_counted
                && !on_what_was_ordered(tokens);
            subject && (verb || makes_counted) && !asking
        });
    // "is it possible to make it thin crust", "would it be possible to get extra cheese":
    // asking whether it can be done is asking for it.
    let possible_to = (start..tokens.len().saturating_sub(2)).any(|i| {
        matches!(tokens[i].as_str(), "possible" | "able")
            && tokens[i + 1] == "to"
            && matches!(words.longest(tokens, i + 2), Some((_, Cue::Request)))
    });
    if possible_to {
        return false;
    }
    // "can the cokes be bottles instead", "can one of them have mushrooms as well": asking
    // for a line to be otherwise.
    let asks_change = matches!(tokens[start].as_str(), "can" | "could")
        && window.iter().any(|t| matches!(t.as_str(), "be" | "have" | "get" | "come"));
    !requests && !asks_change
}

#[cfg(test)]
mod tests;
