//! Units → frames: one frame per thing the customer spoke about, with its quantity,
//! options and exclusions. The rules are the grammar of an order, not of any sentence:
//!
//! - A count ("two", "a", "2x") after a frame that already has content starts a new
//!   frame ("two medium with ham and three large with olives").
//! - An item after a frame that already has an item starts a new frame; options said
//!   after the last "and" and before that item move with it ("a pizza with ham and a
//!   large coke" / "… and large coke"), while options after "with" stay.
//! - "no" / "without" / "hold the" exclude what follows, through "or" and "and", until
//!   "with", an amount after "and", a count or an item ends the scope.
//! - An amount ("extra", "go easy on the") applies to the next choice of a group that
//!   allows amounts.
//! - A frame without an item inherits the item of the frame before it ("…and three
//!   large with pepperoni"); when there is none its content is an attribute.

use crate::catalog::acts::Cue;
use crate::catalog::english;
use crate::catalog::grammar::person;
use crate::catalog::lexicon::{Lexicon, Sense};
use crate::catalog::{Catalog, Gram};
use crate::order::{Amount, Half, OptionRef};

use super::matcher::Unit;

/// What the customer said about one thing.
#[derive(Debug, Clone, Default)]
pub(super) struct Frame {
    pub item: Option<usize>,
    pub category: Option<usize>,
    pub quantity: Option<u32>,
    /// The count was a number, not just "a"/"an".
    pub explicit: bool,
    pub options: Vec<OptionRef>,
    pub without: Vec<OptionRef>,
    /// How many options came before the item (or "one"): those describe the item.
    pub options_before_item: usize,
    pub without_before_item: usize,
    /// Where options start that would move to a following item (after an "and").
    movable_from: Option<usize>,
    /// "the", "my", an ordinal, "the … one": refers to something already ordered.
    pub definite: bool,
    pub pronoun: bool,
    pub position: Option<u32>,
    /// The item itself was negated ("no coke", "no drinks").
    pub negated: bool,
    /// The negation came right before the item, with at most a determiner between
    /// ("skip the garlic bread"), so it surely is the item's.
    pub negated_right_before: bool,
    /// This frame came after "to"/"instead" in a change ("change the coke to a sprite").
    pub after_to: bool,
    /// Index of the first unit.
    pub first_unit: usize,
    /// An "and" or comma came after this frame's content ("large, and a coke").
    pub(super) and_after: bool,
    /// Where the options of the clause being said start (after a comma, "but", "so"):
    /// what "off" / "free" at its end excludes.
    clause_from: usize,
    /// Where options said after the first "with" / "add" start ("a ham sub with mustard").
    with_from: Option<usize>,
    /// Where options said after "both" / "each" start: they belong to every line of
    /// the message ("a latte and a cappuccino, both decaf").
    for_all_from: Option<usize>,
    /// Choices said by a word meaning any of several (group, choices): "beans".
    pub undecided: Vec<(usize, Vec<usize>)>,
    /// Who the line is for ("… for my daughter"), or, in a reference, whose line it is
    /// ("mine", "my husband's").
    pub owner: Option<String>,
    /// The half the choices said next go on ("half pepperoni, half mushrooms"; "half
    /// sausage and peppers": both), until a comma or "with"; and whether choices are
    /// being shared out by halves ("half and half …").
    half_next: Option<Half>,
    /// Where the choices start that went on a half only because the half said before
    /// them was still open: a half said after them takes them ("half pepperoni and
    /// mushrooms on the other half").
    half_open_from: Option<usize>,
    halves_shared: bool,
    /// Where the choices start that "on one half" marks: after "with", or after the last
    /// half said.
    half_from: usize,
    /// The owner is the speaker, said only as "i'll have …": kept only when the message
    /// speaks of others too.
    owner_is_speaker: bool,
    /// A line of a list said after its item ("large sausage, large veggie").
    listed: bool,
    /// The word "and" (not only a comma) came after this frame's content.
    and_word_after: bool,
    /// "one plain": a counted line said to have nothing on it.
    pub plain: bool,
    /// "make the hawaiian a …": the choices after the article are what the line becomes.
    made_into: bool,
    /// "one" stood for the item after its choices ("a sausage one", "the large one").
    pub proform: bool,
    /// The count was said right before a word of the menu ("2 whiz wit"), not before
    /// "with" ("one with provolone"), which speaks of the item said before.
    counts_a_menu_word: bool,
    /// "the other": a line other than those touched last.
    pub other: bool,
    /// "all the pizzas", "both cokes", "every pizza": every line that fits.
    pub every: bool,
    /// The item was inferred from the choices, not named.
    pub implied: bool,
    /// "2 orders of 12 wings": the count in each of the counted orders.
    pub pieces: Option<u32>,
    /// A word the shop does not know came right after the choices, where the item goes
    /// ("a tuna sub", "a pepperoni pie"): the choices were said of an item.
    head_unknown: bool,
}

impl Frame {
    fn has_content(&self) -> bool {
        self.item.is_some()
            || self.category.is_some()
            || self.quantity.is_some()
            || !self.options.is_empty()
            || !self.without.is_empty()
    }

    /// A reference to a line already ordered.
    pub(super) fn is_reference(&self) -> bool {
        self.definite || self.pronoun || self.position.is_some()
    }

    /// Whose line, and nothing else yet: "my husband" said before anything about it.
    fn only_whose(&self) -> bool {
        self.definite
            && self.owner.is_some()
            && !self.pronoun
            && self.position.is_none()
            && self.quantity.is_none()
            && !self.has_content()
    }
}

/// Frames plus the message-level cues the intent rules use.
#[derive(Debug, Default)]
pub(super) struct Assembly {
    pub frames: Vec<Frame>,
    pub remove_verb: bool,
    pub change_verb: bool,
    pub add_verb: bool,
    pub saw_to: bool,
    /// "instead of" / "rather than": one line replaces another, in either order
    /// ("sprites instead of the cokes", "instead of the cokes, sprites").
    pub instead_of: bool,
    /// A negation that applied to an item or category.
    pub negated_item: bool,
    /// "one of the pizzas", "two of those": a count of a line already ordered.
    pub partitive: bool,
    /// Topic words: groups, categories, tags named anywhere.
    pub groups: Vec<usize>,
    pub categories: Vec<usize>,
    pub tags: Vec<usize>,
}

/// A word that is both an item and a choice ("guacamole": a side, and a topping of a
/// bowl) is the choice when it is attached to an item that takes it: right after
/// "with", "add" or an amount, under a negation ("… and don't add any guac"), or in the
/// list that follows the item's first option ("a bowl with chicken, rice and also
/// guacamole"; `prev` skips fillers). Otherwise it stays the item ("a bowl and
/// guacamole").
fn option_in_context(
    catalog: &Catalog,
    lex: &Lexicon,
    u: &Unit,
    sense: Sense,
    cur: &Frame,
    prev: Option<Sense>,
    negated: bool,
) -> Sense {
    let (Sense::Item(_), Some(p)) = (sense, u.phrase) else { return sense };
    let Some(item) = cur.item else {
        // "2 chicken tacos" … "one with sour cream, the other with guac", "a regular with
        // tofu, edamame and corn": "with" or a list it opened, after a line whose item is
        // still to be found, and a word that is one choice only.
        let in_with_list =
            cur.with_from.is_some() && matches!(prev, Some(Sense::Gram(Gram::And) | Sense::Choice { .. }));
        let described = cur.has_content() && (matches!(prev, Some(Sense::Gram(Gram::With))) || in_with_list);
        return only_choice(lex, p).filter(|_| described).unwrap_or(sense);
    };
    let attached = negated
        || matches!(prev, Some(Sense::Gram(Gram::With | Gram::Add | Gram::Neg | Gram::Amount(_))))
        || cur.options.len() + cur.without.len() > cur.options_before_item + cur.without_before_item
            && matches!(prev, Some(Sense::Gram(Gram::And)) | Some(Sense::Choice { .. }));
    if !attached {
        return sense;
    }
    choice_the_item_takes(catalog, lex, p, item).unwrap_or(sense)
}

/// "add guac to it", "add guac to the bowl", "ranch on it": a word that is both an item
/// and a choice, right after an add verb or opening the message, and before "to" or
/// "on" and the line it goes on, is the choice (of the group the line's item takes, or
/// its only one).
fn option_added_to_a_line(
    catalog: &Catalog,
    lex: &Lexicon,
    tokens: &[String],
    units: &[Unit],
    ui: usize,
    sense: Sense,
    prev: Option<Sense>,
) -> Sense {
    let u = &units[ui];
    let (Sense::Item(_), Some(p)) = (sense, u.phrase) else { return sense };
    let opens = prev.is_none() && tokens[..u.start].iter().all(|t| t == "and" || t == ",");
    if !(opens || matches!(prev, Some(Sense::Gram(Gram::Add)))) {
        return sense;
    }
    if !tokens.get(u.end).is_some_and(|t| matches!(t.as_str(), "to" | "on" | "onto" | "with")) {
        return sense;
    }
    let line = tokens.get(u.end + 1).map(String::as_str);
    // ("add plantain to both", "… to all of them", "… to each": every line pointed at.)
    let pointed = matches!(line, Some("it" | "that" | "them" | "those" | "this" | "mine" | "hers" | "his" | "theirs"))
        || matches!(line, Some("both" | "each" | "all" | "every" | "everything" | "em"));
    if pointed {
        return only_choice(lex, p).unwrap_or(sense);
    }
    let item = units[ui + 1..].iter().take(4).find_map(|n| match n.sense {
        Some(Sense::Item(i)) => Some(i),
        _ => None,
    });
    item.and_then(|i| choice_the_item_takes(catalog, lex, p, i)).unwrap_or(sense)
}

/// "wings with barbecue sauce": a choice's name the line's item does not take, made of
/// a choice it does take and the word for that choice's group, is that choice (the
/// wings' barbecue sauce, not the pizza's).
fn choice_and_its_group_word(
    catalog: &Catalog,
    lex: &Lexicon,
    tokens: &[String],
    u: &Unit,
    sense: Sense,
    cur: &Frame,
) -> Sense {
    let (Sense::Choice { group, .. }, Some(item)) = (sense, cur.item) else { return sense };
    let takes = |g: usize| catalog.items[item].group(&catalog.groups[g].id).is_some();
    if takes(group) || u.end - u.start < 2 {
        return sense;
    }
    for cut in u.start + 1..u.end {
        let group_said = lex.senses_of(&tokens[cut..u.end]).iter().find_map(|s| match *s {
            Sense::Group(g) if takes(g) => Some(g),
            _ => None,
        });
        let Some(g) = group_said else { continue };
        let choice = lex
            .senses_of(&tokens[u.start..cut])
            .iter()
            .copied()
            .find(|s| matches!(*s, Sense::Choice { group, .. } if group == g));
        if let Some(choice) = choice {
            return choice;
        }
    }
    sense
}

/// The phrase's meaning as a choice, when it has exactly one.
fn only_choice(lex: &Lexicon, p: usize) -> Option<Sense> {
    let mut choices = lex.phrases[p].senses.iter().copied().filter(|s| matches!(s, Sense::Choice { .. }));
    match (choices.next(), choices.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The phrase's meaning as a choice of a group the item takes, if it has one.
fn choice_the_item_takes(catalog: &Catalog, lex: &Lexicon, p: usize, item: usize) -> Option<Sense> {
    let takes = |g: usize| catalog.items[item].group(&catalog.groups[g].id).is_some();
    lex.phrases[p].senses.iter().copied().find(|s| matches!(*s, Sense::Choice { group, .. } if takes(group)))
}

/// A word that names choices of several groups ("pork": a protein, and a dumpling
/// filling) is the choice of the group its item takes: the item said right after the
/// choices ("6 pork gyoza"), else the item of the line being said ("a bao with pork"),
/// else that of the line said before ("2 green teas, one hot one iced").
fn group_in_context(
    catalog: &Catalog,
    lex: &Lexicon,
    units: &[Unit],
    ui: usize,
    sense: Sense,
    a: &Assembly,
    cur: &Frame,
) -> Sense {
    let (Sense::Choice { group, .. }, Some(p)) = (sense, units[ui].phrase) else { return sense };
    let said_next = units[ui + 1..]
        .iter()
        .map(|n| n.sense)
        .take_while(|s| {
            matches!(s, Some(Sense::Item(_) | Sense::Choice { .. } | Sense::Gram(Gram::Amount(_) | Gram::Filler)))
        })
        .find_map(|s| match s {
            Some(Sense::Item(i)) => Some(i),
            _ => None,
        });
    let said_before = || a.frames.last().and_then(|f| f.item).filter(|_| cur.category.is_none());
    let Some(item) = said_next.or(cur.item).or_else(said_before) else {
        // "another one but with tuna instead of salmon": with no item said, the group of
        // the choices said just before.
        let before: Vec<&str> =
            a.frames.last().map_or(Vec::new(), |f| f.options.iter().map(|o| o.group.as_str()).collect());
        let of_before = |s: &&Sense| matches!(**s, Sense::Choice { group: g, .. } if before.contains(&catalog.groups[g].id.as_str()));
        return lex.phrases[p].senses.iter().find(of_before).copied().unwrap_or(sense);
    };
    if catalog.items[item].group(&catalog.groups[group].id).is_some() {
        return sense;
    }
    choice_the_item_takes(catalog, lex, p, item).unwrap_or(sense)
}

/// "a medium gluten free pizza": a tag said right before an item is the one choice of
/// the item whose name begins with the tag's words and that has the tag ("Gluten Free
/// Crust"), when there is one.
fn choice_a_tag_begins(catalog: &Catalog, lex: &Lexicon, units: &[Unit], ui: usize, sense: Sense) -> Sense {
    let Sense::Tag(t) = sense else { return sense };
    let Some(Some(Sense::Item(item))) = units.get(ui + 1).map(|n| n.sense) else { return sense };
    let tag = &lex.tags[t];
    let mut named = catalog.items[item]
        .groups
        .iter()
        .filter_map(|ig| catalog.groups.iter().position(|g| g.id == ig.group))
        .flat_map(|g| {
            let choices = catalog.groups[g].choices.iter().enumerate();
            choices.filter(|(_, c)| c.named_after_tag(tag)).map(move |(c, _)| Sense::Choice { group: g, choice: c })
        });
    match (named.next(), named.next()) {
        (Some(choice), None) => choice,
        _ => sense,
    }
}

/// A word that is both a choice and an amount ("light": a roast, and little of
/// something) is the amount right before a choice that takes amounts ("light foam").
fn amount_in_context(catalog: &Catalog, lex: &Lexicon, u: &Unit, sense: Sense, next: Option<Sense>) -> Sense {
    let (Sense::Choice { .. }, Some(p), Some(Sense::Choice { group, .. })) = (sense, u.phrase, next) else {
        return sense;
    };
    if !catalog.groups[group].amounts {
        return sense;
    }
    lex.phrases[p].senses.iter().copied().find(|s| matches!(s, Sense::Gram(Gram::Amount(_)))).unwrap_or(sense)
}

/// Builds the frames of a message.
pub(super) fn assemble(catalog: &Catalog, lex: &Lexicon, tokens: &[String], units: &[Unit]) -> Assembly {
    let mut r = Reader {
        catalog,
        lex,
        tokens,
        units,
        a: Assembly::default(),
        cur: Frame::default(),
        neg: false,
        neg_group: None,
        neg_unknown: false,
        corrected: false,
        amount: None,
        after_conj: false,
        after_to: false,
        skip_next: false,
        describing: false,
        describe_to: None,
        read_to: 0,
    };
    for ui in 0..units.len() {
        r.read(ui);
    }
    let Reader { mut a, mut cur, after_to, .. } = r;
    if cur.has_content() || cur.is_reference() {
        let n = units.len();
        push(&mut a, &mut cur, n, after_to);
    }
    merge_article_tails(catalog, &mut a.frames);
    if !a.change_verb && !a.remove_verb {
        merge_appositions(catalog, &mut a.frames);
    }
    merge_leading_options(catalog, &mut a.frames);
    counted_choices_take_the_next_item(catalog, &mut a.frames);
    if !a.change_verb && !a.remove_verb {
        ordinals_share_out(&mut a.frames);
    }
    inherit_items(catalog, &mut a.frames);
    share_the_head_said_next(catalog, lex, tokens, units, &mut a.frames);
    own_lines_said_here(&mut a.frames);
    let others = a.frames.iter().any(|f| f.owner.as_deref().is_some_and(|o| !matches!(o, "me" | "us")));
    if !others {
        // "i'll have a pepperoni": nobody else is ordered for, so nothing is whose.
        for f in a.frames.iter_mut().filter(|f| f.owner_is_speaker) {
            f.owner = None;
        }
    }
    if !a.change_verb && !a.frames.iter().any(Frame::is_reference) {
        infer_items(catalog, &mut a.frames, a.add_verb);
        // "hold the anchovies and give me a medium neapolitan": the item the choices
        // imply takes what was said before it, as a named item does.
        merge_leading_options(catalog, &mut a.frames);
    }
    share_with_all(catalog, &mut a.frames);
    one_each_for_a_count_of_people(tokens, &mut a.frames);
    a
}

/// "for my two kids one small margherita each": a line for a counted group of people
/// said "each" is one for every one of them.
fn one_each_for_a_count_of_people(tokens: &[String], frames: &mut [Frame]) {
    let Some(each) = tokens.iter().position(|t| t == "each") else { return };
    for at in (0..each).filter(|&i| tokens[i] == "for") {
        let Some(n) = tokens.get(at + 2).and_then(|t| super::count_value(t)).filter(|&n| n >= 2) else { continue };
        let Some((person, _)) = person_after_determiner(tokens, at + 1) else { continue };
        for f in frames.iter_mut().filter(|f| f.owner.as_deref() == Some(person) && !f.is_reference()) {
            if f.quantity.map_or(true, |q| q == 1) {
                (f.quantity, f.explicit) = (Some(n), true);
            }
        }
    }
}

/// What the assembler holds while it reads a message's units from left to right.
struct Reader<'m> {
    catalog: &'m Catalog,
    lex: &'m Lexicon,
    tokens: &'m [String],
    units: &'m [Unit],
    a: Assembly,
    /// The frame being built.
    cur: Frame,
    /// A negation is in force ("no onions or peppers").
    neg: bool,
    /// The group of the last choice excluded in the negation in force.
    neg_group: Option<usize>,
    /// The negation in force was said of a word the shop does not know ("no corn").
    neg_unknown: bool,
    /// A self-correction was said ("no wait", "i mean"): an answer said again replaces.
    corrected: bool,
    /// An amount waiting for its choice ("extra" … "cheese").
    amount: Option<Amount>,
    /// Right after "and" or a comma.
    after_conj: bool,
    /// After "to"/"instead" in a change.
    after_to: bool,
    /// The next unit was read with this one ("x3").
    skip_next: bool,
    /// Choices after "the one with" describe the reference.
    describing: bool,
    /// The unit where describing stops: "make the hawaiian thin crust" changes the line
    /// to what is said last.
    describe_to: Option<usize>,
    /// Tokens before this one were read as a person ("for my daughter", "my husband's").
    read_to: usize,
}

impl Reader<'_> {
    /// Whether unit `ui` is an article after "with" (or "and" in the list "with"
    /// opened) and before a word that is both an item and a choice the line's item takes
    /// ("a tender combo with a sprite", "a wing combo with hot and a coke").
    fn with_a_choice(&self, ui: usize) -> bool {
        let (units, lex) = (self.units, self.lex);
        let article = matches!(units[ui].sense, Some(Sense::Gram(Gram::Num { article: true, .. })));
        let before = ui.checked_sub(1).and_then(|b| units[b].sense);
        let in_with_list = self.cur.with_from.is_some() && matches!(before, Some(Sense::Gram(Gram::And)));
        let after_with = matches!(before, Some(Sense::Gram(Gram::With))) || in_with_list;
        let next = units.get(ui + 1).filter(|n| matches!(n.sense, Some(Sense::Item(_))));
        let taken = |p: usize| self.cur.item.is_some_and(|i| choice_the_item_takes(self.catalog, lex, p, i).is_some());
        article && after_with && next.and_then(|n| n.phrase).is_some_and(taken)
    }

    /// Reads one unit into the frame being built, or closes it and starts the next.
    fn read(&mut self, ui: usize) {
        let (catalog, lex, tokens, units) = (self.catalog, self.lex, self.tokens, self.units);
        let u = &units[ui];
        if std::mem::take(&mut self.skip_next) || u.start < self.read_to {
            return;
        }
        if self.cue(ui) {
            return;
        }
        self.clause_marks(ui);
        let next = units.get(ui + 1).and_then(|n| n.sense);
        let prev = ui.checked_sub(1).and_then(|i| units[i].sense);
        let Some(sense) = u.sense else {
            let word = &tokens[u.start];
            let pair = || tokens[..u.start].iter().any(|t| t == "one");
            if word == "other" && self.cur.definite && !self.cur.has_content() && !pair() {
                // "on the other one", "the other pizza": the line not touched last.
                self.cur.other = true;
                return;
            }
            let unknown = is_word_token(word) && !lex.is_filler(word) && lex.key(word).is_none();
            // ("and no cheese obviously": what is excluded heads nothing.)
            if matches!(prev, Some(Sense::Choice { .. })) && unknown && u.phrase.is_none() && !self.neg {
                self.cur.head_unknown = true;
            }
            self.neg_unknown |= self.neg && self.neg_group.is_none() && unknown;
            return;
        };
        let mut said_before =
            units[..ui].iter().rev().find_map(|p| p.sense.filter(|s| !matches!(s, Sense::Gram(Gram::Filler))));
        if ui > 0 && self.with_a_choice(ui - 1) {
            // ("with a sprite": the article was part of the choice.)
            said_before = Some(Sense::Gram(Gram::With));
        }
        let sense = option_in_context(catalog, lex, u, sense, &self.cur, said_before, self.neg);
        let sense = option_added_to_a_line(catalog, lex, tokens, units, ui, sense, said_before);
        let sense = amount_in_context(catalog, lex, u, sense, next);
        let sense = group_in_context(catalog, lex, units, ui, sense, &self.a, &self.cur);
        let sense = choice_a_tag_begins(catalog, lex, units, ui, sense);
        let sense = choice_and_its_group_word(catalog, lex, tokens, u, sense, &self.cur);
        if u.phrase.is_some_and(|p| lex.phrases[p].corrects) {
            self.corrected = true;
        }
        if let Sense::Choice { group, choice } = sense {
            let grp = &catalog.groups[group];
            let corrects = std::mem::take(&mut self.corrected) && !self.neg;
            // ("sausage and olives.. wait i meant green olives": of several, the last.)
            let of_group = |o: &OptionRef| o.group == grp.id;
            let said = if grp.max <= 1 {
                self.cur.options.iter().position(of_group)
            } else {
                self.cur.options.iter().rposition(of_group)
            };
            if let Some(at) = said.filter(|_| corrects) {
                // "a large pepperoni, no wait, medium": the new answer replaces the first.
                self.cur.options.remove(at);
                if at < self.cur.options_before_item {
                    self.cur.options_before_item -= 1;
                }
            } else if !self.neg && self.after_conj && answered_again(catalog, &self.cur, group) {
                // "three pizzas: large sausage, large veggie and medium pepperoni": the same
                // one-choice group answered again after a comma lists another line.
                enumerate(&mut self.a, &mut self.cur, ui, self.after_to);
            } else if !self.neg && self.after_conj && said_whole_before(catalog, &self.cur, group, choice, next) {
                // "large pepperoni pizza, medium margherita": another answer to a
                // one-choice group said before the item, with more after it, is the
                // next line.
                push(&mut self.a, &mut self.cur, ui, self.after_to);
            } else if (!self.neg || grp.required)
                && self.listing_here(u.start)
                && answered_before_item(catalog, &self.cur, group)
            {
                // "8pc california and 8pc spicy tuna", "2 pc salmon, 2 pc tuna": the same
                // group answered again, right after "and" or a comma, starts the next
                // line (a required choice ends a negation).
                push(&mut self.a, &mut self.cur, ui, self.after_to);
            }
        }
        match sense {
            Sense::Gram(Gram::Num { n, article }) => self.number(ui, n, article),
            Sense::Gram(Gram::Times) => {
                if let Some(Sense::Gram(Gram::Num { n, .. })) = next {
                    if !matches!(prev, Some(Sense::Gram(Gram::Num { .. }))) {
                        // "x3": counts the frame being built.
                        self.cur.quantity = Some(n);
                        self.cur.explicit = true;
                        self.skip_next = true;
                    }
                }
            }
            Sense::Item(_) | Sense::Category(_) => self.thing(ui, sense),
            Sense::Choice { group, choice } if alternatives(lex, u, group).len() > 1 => self.either(ui, group, choice),
            Sense::Choice { group, choice } => self.choice(ui, group, choice),
            Sense::Gram(Gram::Neg)
                if tokens[u.start] == "except" && matches!(next, Some(Sense::Gram(Gram::Definite | Gram::Pronoun))) =>
            {
                // "looks right except the coke should be a sprite": a clause about a line.
            }
            Sense::Gram(Gram::Neg) => {
                self.neg = true;
                self.neg_group = None;
                self.neg_unknown = false;
                self.after_conj = false;
            }
            Sense::Gram(Gram::NegAfter) => self.excluded_after(ui),
            Sense::Gram(Gram::Amount(x)) => {
                if self.after_conj {
                    self.neg = false;
                }
                self.amount = Some(x);
                self.after_conj = false;
            }
            Sense::Gram(Gram::With)
                if self.cur.definite
                    && self.cur.item.is_none()
                    && self.cur.position.is_none()
                    && self.cur.options.is_empty()
                    && u.start > 0
                    && tokens[u.start - 1] == "one" =>
            {
                // "the one with mushrooms": what follows describes the line meant ("the
                // last one with red onions" and "the pepperoni one with extra cheese",
                // described already, say what the line gets).
                self.describing = true;
            }
            Sense::Gram(Gram::With) | Sense::Gram(Gram::Add) => {
                // "sausage and peppers on one half": what "on one half" marks starts here;
                // "… with extra cheese" is on the whole.
                self.cur.half_from = self.cur.options.len();
                self.cur.half_next = None;
                self.cur.with_from.get_or_insert(self.cur.options.len());
                // "none of them with onions": a negation that has excluded nothing yet holds.
                self.neg = self.neg
                    && self.neg_group.is_none()
                    && !self.neg_unknown
                    && matches!(sense, Sense::Gram(Gram::With));
                self.cur.movable_from = None;
                self.after_conj = false;
                if matches!(sense, Sense::Gram(Gram::Add)) {
                    self.a.add_verb = true;
                    // "do not add peppers": the negation still holds.
                    if matches!(prev, Some(Sense::Gram(Gram::Neg))) {
                        self.neg = true;
                    }
                }
            }
            Sense::Gram(Gram::And) => {
                self.describing = false;
                self.after_conj = true;
                self.cur.and_word_after |= tokens[u.start] != ",";
                if self.cur.has_content() {
                    self.cur.and_after = true;
                }
                if self.cur.item.is_some() || self.cur.category.is_some() || !self.cur.options.is_empty() {
                    self.cur.movable_from = Some(self.cur.options.len());
                }
            }
            Sense::Gram(Gram::Or) | Sense::Gram(Gram::Filler) => {}
            Sense::Gram(Gram::Pronoun) => self.pronoun(ui),
            Sense::Gram(Gram::Definite) => self.definite(ui),
            Sense::Gram(Gram::Ordinal(n)) => {
                // "2 pizzas, the first a small margherita, the second …": after a line
                // being ordered and a clause mark, "the first" starts a line of its own.
                let at = units[ui].start;
                let after_mark = at >= 2 && tokens[at - 2] == "," && tokens[at - 1] == "the";
                if after_mark && self.cur.has_content() && (!self.cur.is_reference() || self.cur.position.is_some()) {
                    push(&mut self.a, &mut self.cur, ui, self.after_to);
                }
                self.cur.definite = true;
                self.cur.position = Some(n);
            }
            Sense::Gram(Gram::Remove) => {
                if self.cur.item.is_some()
                    && !self.cur.is_reference()
                    && names_a_choice_of(catalog, units, ui + 1, self.cur.item)
                {
                    // "a pizza with ham, take off the sauce", "… but nix the onions": in the
                    // line being ordered, a removal is an exclusion.
                    self.neg = true;
                    self.neg_group = None;
                } else {
                    self.a.remove_verb = true;
                }
            }
            Sense::Gram(Gram::Change) => {
                self.a.change_verb = true;
                self.describing = false;
            }
            Sense::Gram(Gram::To) => {
                self.describing = false;
                if self.a.change_verb && (self.cur.has_content() || self.cur.is_reference()) {
                    push(&mut self.a, &mut self.cur, ui, self.after_to);
                    self.after_to = true;
                    self.a.saw_to = true;
                }
            }
            Sense::Gram(Gram::InsteadOf) => {
                self.a.instead_of = true;
                // "she wants the oxtail instead of the brown stew": the item said before
                // "instead of" is the one wanted, "the" or not.
                // ("make one of the pizzas sausage instead of pepperoni" edits a line.)
                // ("ranch with the wings instead of blue cheese": the wings are the line.)
                let whole_line = !self.a.partitive
                    && !self.a.frames.iter().any(Frame::has_content)
                    && self.cur.quantity.is_none()
                    && self.cur.options.is_empty()
                    && self.cur.without.is_empty();
                if self.cur.definite
                    && self.cur.item.is_some()
                    && !self.cur.pronoun
                    && self.cur.position.is_none()
                    && whole_line
                {
                    self.cur.definite = false;
                }
                if self.cur.has_content() || self.cur.is_reference() {
                    push(&mut self.a, &mut self.cur, ui, self.after_to);
                }
                self.cur.definite = true;
            }
            Sense::Group(_) | Sense::Tag(_) => {}
        }
    }

    /// Topic words (groups, categories, tags named), and the marks that open or close a
    /// clause: "both"/"each"/"all", a comma, "but", "so", "and" before a verb, "be" after
    /// a reference, a subject of its own.
    fn clause_marks(&mut self, ui: usize) {
        let (lex, tokens, units) = (self.lex, self.tokens, self.units);
        let u = &units[ui];
        let alone = u.end - u.start == 1 && u.sense.map_or(true, |s| matches!(s, Sense::Gram(_)));
        if let Some(p) = u.phrase {
            for s in &lex.phrases[p].senses {
                match *s {
                    Sense::Group(g) => self.a.groups.push(g),
                    Sense::Category(c) => self.a.categories.push(c),
                    Sense::Tag(t) => self.a.tags.push(t),
                    _ => {}
                }
            }
        }
        // ("all veggies" names a choice: its "all" shares nothing.)
        let every = alone && self.every_line(ui);
        if !every && matches!(tokens[u.start].as_str(), "both" | "each" | "all") && alone && self.cur.has_content() {
            // "…, pepperoni on both": said after the choices, "on both" shares those of
            // its clause.
            let after_them = u.start > 0 && matches!(tokens[u.start - 1].as_str(), "on" | "for");
            let from = if after_them {
                self.cur.clause_from.max(self.cur.options_before_item)
            } else {
                self.cur.options.len()
            };
            self.cur.for_all_from = Some(from.min(self.cur.options.len()));
        }
        // "… with mushrooms and keep the garlic off it": "and" before a word the menu
        // does not use (a verb) opens a clause of its own too.
        let and_then_verb = tokens[u.start] == "and" && units.get(ui + 1).is_some_and(|n| n.sense.is_none());
        if matches!(tokens[u.start].as_str(), "," | "but" | "so") || and_then_verb {
            self.cur.clause_from = self.cur.options.len();
            if std::mem::take(&mut self.neg_unknown) {
                // "no corn? ok then put peppers": the negation was said of the corn.
                self.neg = false;
            }
            // A comma lists like "and": "no whipped cream, extra crumbles"; it closes a half.
            if tokens[u.start] == "," {
                if self.cur.item.is_none() && self.cur.category.is_none() && !self.cur.options.is_empty() {
                    // "large meat lovers, 12 piece wings": what follows may be the next item's.
                    self.cur.movable_from = Some(self.cur.options.len());
                }
                self.cur.half_next = None;
                self.cur.half_open_from = None;
                self.after_conj = true;
                self.cur.and_after |= self.cur.has_content();
            }
        }
        let done_to = |t: &str| matches!(t, "the" | "it" | "that" | "those" | "them" | "mine" | "my" | "both");
        let asked_to_do = tokens[u.start] == "do"
            && u.start > 0
            && matches!(tokens[u.start - 1].as_str(), "you" | "u" | "ya")
            && tokens.get(u.end).is_some_and(|t| done_to(t));
        if asked_to_do {
            // "can you do the hawaiian on thin crust", "could you do it with no cheese":
            // a line said before, made so.
            self.a.change_verb = true;
        }
        if tokens[u.start] == "be" && self.cur.is_reference() {
            // "could those cokes be diet", "can it be a large": a change of the line meant.
            self.a.change_verb = true;
            let next_item = units[ui + 1..]
                .iter()
                .find(|n| {
                    !matches!(n.sense, Some(Sense::Gram(Gram::Num { .. } | Gram::Filler)) | Some(Sense::Choice { .. }))
                })
                .is_some_and(|n| matches!(n.sense, Some(Sense::Item(_))));
            if self.cur.item.is_some() && next_item {
                // "the coke should be a sprite": what follows is what the line becomes.
                push(&mut self.a, &mut self.cur, ui, self.after_to);
                self.after_to = true;
                self.a.saw_to = true;
            }
        }
        if matches!(tokens[u.start].as_str(), "i" | "we" | "id" | "ill" | "ive" | "wed") {
            // "not hawaiian, i want margherita": a clause with a subject of its own ends
            // the negation before it.
            self.neg = false;
            self.neg_group = None;
        }
    }

    /// A cue that is no content: a half named or cued, "plain", a person who orders,
    /// who a line is for, whose line. Whether the unit was one.
    fn cue(&mut self, ui: usize) -> bool {
        let (catalog, lex, tokens, units) = (self.catalog, self.lex, self.tokens, self.units);
        let u = &units[ui];
        // "on the mushroom half": the half that has a choice, not a half cue.
        let named_half = ui > 1
            && matches!(units[ui - 1].sense, Some(Sense::Choice { .. }))
            && matches!(tokens[units[ui - 2].start].as_str(), "the" | "my" | "that" | "this");
        if named_half && tokens[u.start] == "half" {
            // The choice before "half" named the half meant; it is not ordered again, but
            // in a swap ("can the mushroom half be onions instead") it is what goes.
            let swap = tokens
                .iter()
                .any(|t| matches!(t.as_str(), "instead" | "swap" | "switch" | "replace" | "change" | "be"));
            // ("on the mushroom half can i do olives instead of mushrooms": said again.)
            let named = units[ui - 1].sense;
            let said_again = units[ui + 1..].iter().any(|n| n.sense.is_some() && n.sense == named);
            if !swap || said_again {
                self.cur.options.pop();
            }
            return true;
        }
        let alone = u.end - u.start == 1 && u.sense.map_or(true, |s| matches!(s, Sense::Gram(_)));
        if tokens[u.start] == "plain"
            && alone
            && (self.cur.quantity.is_some() || self.cur.is_reference())
            && self.cur.item.is_none()
        {
            // "one pepperoni and one plain": a line of its own with nothing on it; "make
            // it plain": nothing on the line meant.
            self.cur.plain = true;
            return true;
        }
        // ("half and half" that the menu names, a base of half rice and half greens, is
        // that choice; with no group that goes on halves, no word is about halves.)
        let menu_phrase = matches!(u.sense, Some(Sense::Item(_) | Sense::Choice { .. }));
        let cue = half_cue(tokens, u.start).filter(|(cue, _)| half_context(&self.cur, tokens, *cue));
        if let Some((cue, end)) = cue.filter(|_| !menu_phrase && catalog.groups.iter().any(|g| g.halves)) {
            self.read_to = end;
            match cue {
                HalfCue::Share => self.cur.halves_shared = true,
                HalfCue::Next => {
                    let the_other = u.start >= 2 && tokens[u.start - 2] == "the" && tokens[u.start - 1] == "other";
                    if the_other && self.cur.explicit && self.cur.quantity == Some(1) && self.cur.has_content() {
                        // "one pepperoni and the other half ham half pineapple": the
                        // other one of the list, said in halves.
                        push(&mut self.a, &mut self.cur, ui, self.after_to);
                        (self.cur.quantity, self.cur.explicit) = (Some(1), true);
                    }
                    self.cur.half_next = Some(next_half(&self.cur));
                    self.cur.half_open_from = None;
                }
                HalfCue::Back(h) => {
                    let from = self.cur.half_from.min(self.cur.options.len());
                    let open_from = self.cur.half_open_from.take().unwrap_or(usize::MAX);
                    let mut marked = false;
                    for (k, o) in self.cur.options.iter_mut().enumerate().skip(from) {
                        if (o.half.is_none() || k >= open_from) && catalog.group(&o.group).is_some_and(|g| g.halves) {
                            o.half = Some(h);
                            marked = true;
                        }
                    }
                    // "half sausage, the other half spinach and feta": with nothing said
                    // before it to mark, the half is said of what follows.
                    self.cur.half_next = (!marked).then_some(h);
                    self.cur.half_from = self.cur.options.len();
                }
                HalfCue::Whole => {
                    self.cur.half_from = self.cur.options.len();
                    self.cur.half_next = None;
                }
            }
            return true;
        }
        let named = u.sense.is_none() && u.phrase.is_none() && is_name(lex, &tokens[u.start]);
        let item_at = |k: usize| units.iter().any(|n| n.start == k && matches!(n.sense, Some(Sense::Item(_))));
        if let Some((person, end)) = subject_orders(tokens, u.start, named, item_at) {
            // "she wants a lunch size with chicken", "my son will have a small one":
            // the lines said next are for them.
            self.read_to = end;
            if self.cur.only_whose() && !self.a.change_verb && !self.a.remove_verb {
                // "my husband and i will have …": who orders, not a line.
                self.cur.definite = false;
                self.cur.owner = None;
            } else if self.cur.has_content() || self.cur.is_reference() {
                push(&mut self.a, &mut self.cur, ui, self.after_to);
            }
            self.cur.owner_is_speaker = person == "me";
            self.cur.owner = Some(person);
            return true;
        }
        if let Some((person, end)) = for_whom(lex, tokens, u.start) {
            self.read_to = end;
            if self.cur.owner_is_speaker {
                // "can i get a medium for my husband": who it is for, not who asks.
                self.cur.owner = Some(person);
                self.cur.owner_is_speaker = false;
            } else if opens_a_line_for(tokens, u.start, end) && !self.cur.is_reference() {
                // "for me a large sausage and for my partner a medium margherita": said
                // first, who the line about to be said is for.
                if self.cur.has_content() {
                    push(&mut self.a, &mut self.cur, ui, self.after_to);
                }
                self.cur.owner = Some(person);
            } else if self.cur.has_content() || self.cur.is_reference() {
                self.cur.owner.get_or_insert(person);
            } else if let Some(last) = self.a.frames.last_mut().filter(|f| f.item.is_some() && !self.cur.has_content())
            {
                last.owner = Some(person);
            }
            return true;
        }
        let thing_next = units.get(ui + 1).is_some_and(|n| {
            matches!(n.sense, Some(Sense::Item(_) | Sense::Category(_)))
                || matches!(tokens[n.start].as_str(), "one" | "ones")
        });
        let word = tokens[u.start].as_str();
        // (After a count or a choice, "3 medium zorbas", the word is a thing.)
        // ("jess" is a name, not "jes's".)
        let stem = word.strip_suffix('s').filter(|s| s.len() >= 3 && !s.ends_with('s')).unwrap_or_default();
        let someones = || {
            u.sense.is_none()
                && u.phrase.is_none()
                && (crate::catalog::grammar::person(stem) == Some(stem) || is_name(lex, stem))
        };
        // ("grandma's should be small": a person's as well as a name's, said first, before
        // what it should be; "the kids will have …" is who orders.)
        let persons = || {
            let said_first = u.start == 0 || !DETERMINERS.contains(&tokens[u.start - 1].as_str());
            let should_be = units.get(ui + 1).is_some_and(|n| matches!(tokens[n.start].as_str(), "should" | "needs"));
            said_first && should_be && someones()
        };
        let before_a_line = (named || persons())
            && !self.cur.has_content()
            && self.cur.quantity.is_none()
            && units.get(ui + 1).is_some_and(|n| {
                n.sense.is_some()
                    || matches!(tokens[n.start].as_str(), "should" | "is" | "needs" | "gets" | "can" | "will")
            });
        // "extra pepperoni on tom's", "add mushrooms to emma's", "make dad's stuffed
        // crust": after "on" or "to", or after "make" before what it becomes.
        let becomes =
            units.get(ui + 1).is_some_and(|n| n.sense.is_some() || matches!(tokens[n.start].as_str(), "a" | "an"));
        let pointed_at = u.start > 0
            && match tokens[u.start - 1].as_str() {
                "on" | "to" => true,
                "make" => becomes,
                // "swap sam's for a margherita", "change jo's to a large".
                "swap" | "switch" | "change" => {
                    units.get(ui + 1).is_some_and(|n| matches!(tokens[n.start].as_str(), "for" | "to" | "into"))
                }
                _ => false,
            };
        let name_s = (before_a_line || pointed_at) && someones();
        // "movie night at ours": a home, not a line.
        let place = u.start > 0 && matches!(tokens[u.start - 1].as_str(), "at" | "from" | "round");
        let whose = if name_s {
            // "make sarah's a medium": a name's line.
            Some((stem.to_owned(), u.start + 1))
        } else if place {
            None
        } else {
            // "my friends just showed up", "my sister changed her mind": the person is
            // the subject of talk, not whose line it is.
            whose(tokens, u.start, thing_next).filter(|&(_, end)| !talk_follows(lex, tokens, end))
        };
        if let Some((person, end)) = whose {
            // "make mine a large", "extra pepperoni on my husband's": whose line;
            // "priya would like extra basil on hers": hers is the one said before.
            let person = match person.as_str() {
                "her" | "him" => someone_said_before(lex, &tokens[..u.start]).unwrap_or(person),
                _ => person,
            };
            self.read_to = end;
            if self.cur.has_content() && !self.cur.is_reference() {
                push(&mut self.a, &mut self.cur, ui, self.after_to);
            }
            self.cur.definite = true;
            self.cur.owner.get_or_insert(person);
            return true;
        }
        false
    }

    /// A count: a new frame, or the count of the one being built ("x3", "make it two").
    /// "and cola two", "sprite only three": a count of two or more said right after a
    /// line's item (or its choices), said with no count or article of its own ("and a
    /// coke 2" is a coke too), ending the clause.
    fn counts_the_line_before(&self, ui: usize, n: u32, article: bool) -> bool {
        let (tokens, units) = (self.tokens, self.units);
        let u = &units[ui];
        if article || n < 2 || self.cur.item.is_none() || self.cur.quantity.is_some() || self.cur.is_reference() {
            return false;
        }
        let Some(before) = (0..ui).rev().find(|&i| !matches!(tokens[units[i].start].as_str(), "only" | "just")) else {
            return false;
        };
        let said_of_it = before >= self.cur.first_unit
            && matches!(units[before].sense, Some(Sense::Item(i)) if self.cur.item == Some(i))
            || matches!(units[before].sense, Some(Sense::Choice { .. }))
                && self.cur.item.is_some()
                && before > self.cur.first_unit;
        let ends_clause = tokens
            .get(u.end)
            .map_or(true, |t| matches!(t.as_str(), "," | "." | "and" | "please" | "pls" | "plz" | "thanks" | "thank"));
        said_of_it && ends_clause
    }

    fn number(&mut self, ui: usize, n: u32, article: bool) {
        let (lex, tokens, units) = (self.lex, self.tokens, self.units);
        let u = &units[ui];
        let prev = ui.checked_sub(1).and_then(|i| units[i].sense);
        let next = units.get(ui + 1).and_then(|n| n.sense);
        if matches!(prev, Some(Sense::Gram(Gram::Times))) || self.counts_the_line_before(ui, n, article) {
            // "x3" after the item, "and cola two", "sprite only three": the count of the
            // current frame.
            self.cur.quantity = Some(n);
            self.cur.explicit = true;
            return;
        }
        // "the large one", "that one": "one" stands for the item; so it does
        // right after choices ("a large veggie one", "lunch size one with olives").
        let word = &tokens[u.start];
        // ("one small plain one": so it does after "plain".)
        let after_plain = self.cur.plain && u.start > 0 && tokens[u.start - 1] == "plain";
        let after_choice = (matches!(prev, Some(Sense::Choice { .. })) || after_plain) && self.cur.item.is_none();
        // ("one pepperoni one plain": "plain" says what the next one is.)
        let names_next = matches!(next, Some(Sense::Item(_) | Sense::Choice { .. }))
            || tokens.get(u.end).is_some_and(|t| t == "plain");
        // ("a spinach and feta one": so it does right after an item's name.)
        // ("two pizzas one with salami and one with …" shares the two out.)
        let after_item = ui > 0
            && units[ui - 1].end == u.start
            && self.cur.quantity.map_or(true, |q| q == 1)
            && matches!(prev, Some(Sense::Item(i)) if self.cur.item == Some(i));
        if n == 1 && word == "one" && (after_choice || after_item) && !self.cur.definite && !names_next {
            self.cur.quantity.get_or_insert(1);
            self.cur.proform = true;
            return;
        }
        if n == 1 && word == "one" && self.cur.made_into && !names_next {
            // "make the margherita a vegan one": "one" ends what the line becomes.
            return;
        }
        if n == 1
            && matches!(word.as_str(), "one" | "ones")
            && self.cur.definite
            && !matches!(next, Some(Sense::Item(_)))
        {
            // "one of the small ones ham instead": "ones" ends what names the line.
            self.cur.proform = true;
            self.cur.options_before_item = self.cur.options.len();
            self.cur.without_before_item = self.cur.without.len();
            self.describing = false;
            return;
        }
        if article
            && self.cur.definite
            && self.cur.item.is_none()
            && self.a.change_verb
            && self.cur.options.len() > self.cur.options_before_item
        {
            // "make the hawaiian a large": the choices before "a" name the line.
            self.cur.options_before_item = self.cur.options.len();
            self.cur.without_before_item = self.cur.without.len();
            self.cur.made_into = true;
            return;
        }
        let on_a_choice = article
            && u.start > 0
            && matches!(tokens[u.start - 1].as_str(), "on" | "in")
            && !names_an_item(units, ui + 1);
        if on_a_choice || self.with_a_choice(ui) {
            // "on a thin crust", "in a bottle", "a tender combo with a sprite": the
            // article is part of the choice.
            return;
        }
        // ("one pepperoni and one half bbq chicken half pineapple": another one of a list.)
        let member_said = self.cur.explicit && self.cur.quantity == Some(1) && self.cur.item.is_none();
        if n == 1 && tokens.get(u.end).is_some_and(|t| t == "half") && self.cur.has_content() && !member_said {
            // "a large pizza, one half pepperoni": a half of it, not another one.
            return;
        }
        let pronoun = |p: &str| matches!(p, "me" | "myself" | "us" | "him" | "her" | "them");
        let menu_word_next = units.get(ui + 1).is_some_and(|next| {
            next.start == u.end && matches!(next.sense, Some(Sense::Item(_) | Sense::Choice { .. }))
        });
        let counts_people =
            !article && !menu_word_next && tokens.get(u.end).is_some_and(|t| person(t).is_some_and(|p| !pronoun(p)));
        if counts_people && !names_an_item(units, ui + 2) {
            // "me, my husband and our 3 kids": people counted, not things to order (but
            // "2 kids pizzas").
            return;
        }
        let of_each = u.start > 0 && tokens[u.start - 1] == "of" && counted_only(&self.cur) && self.cur.explicit;
        if of_each && !article {
            // "2 orders of 12 wings": how many in each, not another line.
            self.cur.pieces = Some(n);
            return;
        }
        if matches!(prev, Some(Sense::Gram(Gram::Neg))) {
            // "without a thin crust": the article is part of the exclusion;
            // "5 of them, not 4": a count denied is no count.
            return;
        }
        if matches!(next, Some(Sense::Group(_))) {
            // "a two topping pizza": the number counts toppings, not pizzas.
            return;
        }
        let unknown_next = units.get(ui + 1).is_some_and(|n| {
            let w = &tokens[n.start];
            n.sense.is_none() && n.phrase.is_none() && !lex.is_filler(w) && lex.key(w).is_none()
        });
        if article && unknown_next && self.cur.has_content() {
            // "five turkey sandwiches for a meeting": "a" before a word the shop
            // does not know counts that, not something to order.
            return;
        }
        let clause_ends_after_next = tokens.get(u.end + 1).map_or(true, |t| t == ",");
        if unknown_next
            && clause_ends_after_next
            && tokens.get(u.end).is_some_and(|w| crate::catalog::english::is_word(w))
        {
            // "one correction: no pineapple on the hawaiian", "one thing, …": a count of
            // a word the shop does not know, in a clause of its own, counts that.
            return;
        }
        // "make it two", "make it just 1 coke" count "it"; "that will be a pizza" and
        // "make it a sprite" start something new.
        let filler = |p: &&Unit| p.sense.is_none() && p.end == p.start + 1 && lex.is_filler(&tokens[p.start]);
        // ("that will be a cheese pizza": "a" right after a word of its own.)
        let said_before =
            if article { prev } else { units[..ui].iter().rev().find(|p| !filler(p)).and_then(|p| p.sense) };
        let counts_pronoun = self.cur.pronoun
            && matches!(said_before, Some(Sense::Gram(Gram::Pronoun)))
            && !(article && names_an_item(units, ui + 1));
        if self.cur.has_content() || (self.cur.pronoun && !counts_pronoun) {
            push(&mut self.a, &mut self.cur, ui, self.after_to);
        }
        if self.cur.only_whose() && !self.a.change_verb && !self.a.remove_verb {
            // "me and my husband tonight so we'll do a large pepperoni": with nothing to
            // change, a person said before a count names who it is for, not a line.
            self.cur.definite = false;
        }
        self.cur.quantity = Some(n);
        self.cur.explicit = !article;
        self.cur.counts_a_menu_word = menu_word_next;
        self.neg = false;
        self.amount = None;
        self.after_conj = false;
    }

    /// An item or category: the frame's thing, or the start of the next frame.
    fn thing(&mut self, ui: usize, sense: Sense) {
        let (catalog, tokens, units) = (self.catalog, self.tokens, self.units);
        let u = &units[ui];
        let prev = ui.checked_sub(1).and_then(|i| units[i].sense);
        if talked_about(catalog, tokens, u.start) {
            return;
        }
        // "bbq wings and lemon pepper wings": choices said after "and", then the same
        // thing again, are the next line's ("a pie with pesto and ham pizza" is one).
        let listed_again =
            self.cur.with_from.is_none() && self.cur.movable_from.is_some_and(|from| from < self.cur.options.len());
        let names_its_section = |j: usize| {
            let senses = u.phrase.map_or(&[][..], |p| self.lex.phrases[p].senses.as_slice());
            senses
                .iter()
                .any(|s| matches!(s, Sense::Category(c) if catalog.categories[*c].id == catalog.items[j].category))
        };
        // ("deluxe miso ramen": "ramen", the house ramen's name and its section's word,
        // said right after another ramen, is that ramen's head word.)
        let head_word = matches!((sense, self.cur.item), (Sense::Item(i), Some(j)) if i != j && names_its_section(j))
            && matches!(prev, Some(Sense::Item(_) | Sense::Choice { .. }));
        if !listed_again && (head_word || continues_current(catalog, &self.cur, sense, prev)) {
            // "pepsi drinks", "pizza pie", "those pizzas": the same thing again.
            return;
        }
        if let (Sense::Item(i), None, Some(_)) = (sense, self.cur.item, self.cur.category) {
            if u.start > 0 && tokens[u.start - 1] == "of" {
                // "two sides of garlic fries", "a large order of wings": the
                // category counted is the item that follows.
                self.cur.item = Some(i);
                self.cur.category = None;
                self.cur.options_before_item = self.cur.options.len();
                self.cur.without_before_item = self.cur.without.len();
                return;
            }
        }
        let bare_pronoun = self.cur.pronoun && !self.cur.has_content() && self.cur.quantity.is_none();
        // "make that coke a 7up": "that" before the line's item, with what it becomes
        // still to come, points at that line.
        let demonstrative = u.start > 0 && matches!(tokens[u.start - 1].as_str(), "that" | "this" | "those" | "these");
        let becomes_next = units[ui + 1..].iter().any(|n| matches!(n.sense, Some(Sense::Item(_))));
        if bare_pronoun && self.a.change_verb && demonstrative && becomes_next && matches!(sense, Sense::Item(_)) {
            self.cur.pronoun = false;
            self.cur.definite = true;
        } else if bare_pronoun && self.a.change_verb && matches!(sense, Sense::Item(_)) {
            // "make that breadsticks": the line meant, then what it becomes.
            push(&mut self.a, &mut self.cur, ui, self.after_to);
        } else if self.cur.item.is_some() || self.cur.category.is_some() {
            let moved = if self.neg { Vec::new() } else { split_tail(catalog, &mut self.cur, sense) };
            push(&mut self.a, &mut self.cur, ui, self.after_to);
            self.cur.options = moved;
        } else if self.cur.and_after && !self.cur.is_reference() && !takes_all(catalog, sense, &self.cur) {
            // "medium hawaiian. pepsi.": choices said apart that this item cannot
            // all take describe something else; "large meat lovers, 12 piece wings":
            // those said after the last comma that it takes are its own.
            let moved = if self.neg { Vec::new() } else { split_tail(catalog, &mut self.cur, sense) };
            push(&mut self.a, &mut self.cur, ui, self.after_to);
            self.cur.options = moved;
        }
        match sense {
            Sense::Item(i) => self.cur.item = Some(i),
            Sense::Category(c) => self.cur.category = Some(c),
            _ => {}
        }
        if let Sense::Item(i) = sense {
            // "make the pizzas large", "no onions on the pizzas": the item said in the
            // plural after "the" is every line of it.
            let said = &tokens[u.end - 1];
            let item = &catalog.items[i];
            let name = item.name.to_lowercase();
            let plural = said.ends_with('s') && !name.ends_with('s');
            if plural && self.cur.definite && self.cur.quantity.is_none() && !self.cur.pronoun {
                self.cur.every = true;
            }
        }
        if self.neg {
            self.cur.negated = true;
            self.a.negated_item = true;
            let determiner =
                |j: usize| matches!(tokens[units[j].start].as_str(), "the" | "a" | "an" | "any" | "my" | "our");
            let neg_at = |j: usize| matches!(units[j].sense, Some(Sense::Gram(Gram::Neg)));
            self.cur.negated_right_before =
                ui > 0 && (neg_at(ui - 1) || ui > 1 && determiner(ui - 1) && neg_at(ui - 2));
        }
        // ("make the hawaiian a bbq chicken pizza": the item names what it becomes.)
        let becomes = self.cur.made_into
            && matches!(sense, Sense::Item(i) if self.cur.options.iter().all(|o| catalog.items[i].group(&o.group).is_some()));
        if !becomes {
            self.cur.options_before_item = self.cur.options.len();
            self.cur.without_before_item = self.cur.without.len();
        }
        self.cur.movable_from = None;
        self.neg = false;
        self.amount = None;
        self.after_conj = false;
    }

    /// A word meaning any of several choices ("beans"): all excluded under a negation, else the first taken and the choice left to the dialogue.
    fn either(&mut self, ui: usize, group: usize, choice: usize) {
        let (catalog, lex, units) = (self.catalog, self.lex, self.units);
        let u = &units[ui];
        // "beans" (black or pinto): "no beans" excludes them all; "with beans"
        // takes the first and leaves the choice to the dialogue.
        let grp = &catalog.groups[group];
        let all = alternatives(lex, u, group);
        if self.neg && self.after_conj && self.neg_group.is_some_and(|g| g != group) {
            self.neg = false;
        }
        if self.neg && !grp.required {
            for c in all {
                add_option(&mut self.cur.without, OptionRef::new(&grp.id, &grp.choices[c].id));
            }
            self.neg_group = Some(group);
        } else {
            let amt = if grp.amounts { self.amount.take() } else { None };
            add_option(&mut self.cur.options, OptionRef::new(&grp.id, &grp.choices[choice].id).with_amount(amt));
            self.cur.undecided.push((group, all));
            self.neg = false;
        }
        self.after_conj = false;
    }

    /// Whether the word at `at` comes right after "and" or a comma that follows what the
    /// frame has said.
    fn listing_here(&self, at: usize) -> bool {
        self.cur.movable_from == Some(self.cur.options.len()) || at > 0 && self.tokens[at - 1] == ","
    }

    /// A choice: an option of the frame, or an exclusion under a negation.
    fn choice(&mut self, ui: usize, group: usize, choice: usize) {
        let (catalog, lex, tokens, units) = (self.catalog, self.lex, self.tokens, self.units);
        let u = &units[ui];
        if self.describe_to == Some(ui) {
            self.describing = false;
            self.describe_to = None;
        }
        let grp = &catalog.groups[group];
        let amt = if grp.amounts { self.amount.take() } else { None };
        let opt = OptionRef::new(&grp.id, &grp.choices[choice].id).with_amount(amt);
        if grp.required {
            // Nobody orders a pizza "without small": a required choice ends a negation.
            self.neg = false;
        }
        let amount_said = matches!(tokens[u.start].as_str(), "extra" | "double" | "more" | "another" | "add");
        if self.neg && self.after_conj && amount_said {
            // "no foam, extra shot": a choice said with its amount is wanted.
            self.neg = false;
        }
        if self.neg && self.after_conj && self.neg_group.is_some_and(|g| g != group) {
            // "no beans and guac", "but no rice and fresh salsa": after "and", a
            // choice of another group is wanted; "no onions and peppers" (one
            // group) excludes both.
            self.neg = false;
        }
        let after_comma = u.start > 0 && tokens[u.start - 1] == ",";
        if self.neg && after_comma && self.neg_group == Some(group) && grp.max <= 1 {
            // "not medium, large": of a group of one choice, the one said after the
            // refused one, past a comma, corrects it.
            self.neg = false;
        }
        let instead =
            tokens.get(u.end).is_some_and(|t| t == "instead") && tokens.get(u.end + 1).map_or(true, |t| t != "of");
        if self.neg && instead && wanted_in_a_clause_of_its_own(tokens, u.start) {
            // "no mushrooms, olives instead", "no onions, he wants peppers instead": what
            // comes in place of the exclusion, in a clause of its own, is wanted.
            self.neg = false;
        }
        self.neg_group = if self.neg { Some(group) } else { None };
        if !self.neg && self.cur.item.is_none() && self.cur.category.is_none() && !self.cur.is_reference() {
            // "turkey sandwich" named as a choice says its item too.
            self.cur.item = item_in_name(catalog, lex, u, group);
        }
        let opt = if !self.neg && grp.halves { on_half(&mut self.cur, opt) } else { opt };
        // "pepperoni and extra pepperoni": one topping, the amount said last.
        add_option(if self.neg { &mut self.cur.without } else { &mut self.cur.options }, opt);
        if self.describing && !self.neg {
            self.cur.options_before_item = self.cur.options.len();
        }
        self.after_conj = false;
    }

    /// "… keep the pineapple off", "onion-free": the clause's options excluded.
    fn excluded_after(&mut self, ui: usize) {
        let (catalog, tokens, units) = (self.catalog, self.tokens, self.units);
        let u = &units[ui];
        // "… keep the pineapple off", "onion-free": in a line being ordered, the
        // clause's options are excluded (a required choice, a size, never is). In
        // an edit ("leave the pineapple off it") the particle marks a removal.
        if self.cur.is_reference() || (self.cur.item.is_none() && self.cur.quantity.is_none()) {
            return;
        }
        // "free" is a suffix of the word before it; "off" ends its clause.
        let from = if tokens[u.start] == "free" {
            self.cur.options.len().saturating_sub(1)
        } else {
            self.cur.clause_from.min(self.cur.options.len())
        };
        let said: Vec<OptionRef> = self.cur.options.drain(from..).collect();
        for o in said {
            if catalog.group(&o.group).is_some_and(|g| g.required || g.max <= 1) {
                self.cur.options.push(o);
            } else {
                add_option(&mut self.cur.without, o);
            }
        }
        self.cur.clause_from = self.cur.options.len();
    }

    /// "it", "them", "that": the thing being ordered, a part of lines meant, or a reference.
    fn pronoun(&mut self, ui: usize) {
        let (tokens, units) = (self.tokens, self.units);
        let u = &units[ui];
        let expletive = tokens[u.start] == "it"
            && tokens[u.end..].iter().take(2).any(|t| matches!(t.as_str(), "possible" | "ok" | "okay" | "alright"));
        if expletive || self.it_is_about_something_else(ui) {
            // "would it be possible to get …", "is it ok if …": no line meant.
            return;
        }
        if self.cur.item.is_some() || self.cur.category.is_some() {
            // "with ham on it", "i want them all medium": the thing being ordered.
            return;
        }
        let relative = matches!(tokens[u.start].as_str(), "that" | "thats" | "which");
        if relative && self.cur.has_content() && !self.cur.is_reference() && !self.a.change_verb && !self.a.remove_verb
        {
            // "a medium that's half bbq chicken": a clause about what is being ordered.
            return;
        }
        if counted_only(&self.cur) && u.start > 0 && tokens[u.start - 1] == "of" {
            // "remove one of them", "make two of those large": the count is a part
            // of the lines meant.
            self.cur.pronoun = true;
            self.a.partitive = true;
            return;
        }
        if self.cur.has_content() {
            push(&mut self.a, &mut self.cur, ui, self.after_to);
        }
        self.cur.pronoun = true;
    }

    /// "it's movie night", "it is getting late": "it is" before a word the shop does not
    /// use says something of the world, not of a line.
    fn it_is_about_something_else(&self, ui: usize) -> bool {
        let (tokens, units) = (self.tokens, self.units);
        let u = &units[ui];
        let after = match tokens[u.start].as_str() {
            "its" => u.end,
            "it" if tokens.get(u.end).is_some_and(|t| matches!(t.as_str(), "is" | "was")) => u.end + 1,
            _ => return false,
        };
        let Some(word) = units.iter().find(|n| n.start == after) else { return false };
        word.sense.is_none()
            && is_word_token(&tokens[after])
            && !matches!(tokens[after].as_str(), "for" | "on" | "with" | "to" | "in")
    }

    /// "could both cokes be diet", "make all the pizzas large", "olives on every pizza":
    /// a word for all before an item or a category names every line of it; whether it
    /// did.
    fn every_line(&mut self, ui: usize) -> bool {
        let (tokens, units) = (self.tokens, self.units);
        let at = units[ui].start;
        if !matches!(tokens[at].as_str(), "both" | "all" | "every" | "each")
            || !thing_after_determiners(tokens, units, ui + 1)
        {
            return false;
        }
        if self.cur.has_content() {
            // ("two pizzas, both large" shares out; "olives on both pizzas" names them.)
            if !(at > 0 && matches!(tokens[at - 1].as_str(), "on" | "from" | "for" | "to" | "in")) {
                return false;
            }
            push(&mut self.a, &mut self.cur, ui, self.after_to);
            self.neg = false;
        }
        self.cur.definite = true;
        self.cur.every = true;
        true
    }

    /// "the": a reference to a line already ordered, or an option of the item being ordered.
    fn definite(&mut self, ui: usize) {
        let (catalog, tokens, units) = (self.catalog, self.tokens, self.units);
        let u = &units[ui];
        if std::mem::take(&mut self.neg_unknown) {
            // "no corn on the margherita": the negation was said of the corn.
            self.neg = false;
        }
        let part_of = counted_only(&self.cur) && u.start > 0 && tokens[u.start - 1] == "of";
        self.a.partitive |= part_of && names_a_thing(catalog, units, ui + 1);
        // ("one of the veggies should be thin crust": the change comes after the line.)
        let given_next = choices_then_given(tokens, units, ui + 1);
        let changed_next = choices_then(units, ui + 1, Gram::Change) || given_next.is_some();
        if let Some(given) = given_next.filter(|_| part_of) {
            // ("one of the pepperoni should have extra cheese": what it gets next.)
            self.a.change_verb = true;
            self.describe_to = Some(given);
        }
        let edits = self.a.remove_verb || self.a.change_verb || self.cur.pronoun || changed_next;
        if part_of && edits && (changed_next || choices_end_the_clause(tokens, units, ui + 1)) {
            // "make it 3 of the pepperoni", "drop one of the cheese lovers": the
            // choices name the line counted ("it" was no line of its own); said
            // to order ("i want two of the italian"), they are what is ordered.
            self.cur.pronoun = false;
            self.cur.definite = true;
            self.a.partitive = true;
            self.describing = true;
            return;
        }
        if self.a.remove_verb && part_of {
            // "remove one of the cokes": how many of a line to take off. (In a
            // change, "make one of the pizzas large", the count stays an
            // attribute: the dialogue splits that many units off the line.)
            self.cur.definite = true;
            return;
        }
        // "medium not small for the mexican": "for the" and choices to the end of
        // the clause name the line what came before is for.
        let for_the_line = self.cur.has_content()
            && u.start > 0
            && tokens[u.start - 1] == "for"
            && choices_end_the_clause(tokens, units, ui + 1);
        if for_the_line {
            push(&mut self.a, &mut self.cur, ui, self.after_to);
            self.cur.definite = true;
            self.describing = true;
            self.neg = false;
            return;
        }
        let describes_line = self.a.change_verb && choices_then_change(units, ui + 1);
        // "make the hawaiian thin crust", "make the large pepperoni extra cheese": choices
        // to the end of the clause name the line, but for the last, which it becomes.
        let last_becomes = self.a.change_verb && !self.cur.has_content() && !self.neg;
        if let Some(last) = choices_then_last(units, ui + 1).filter(|_| last_becomes && !describes_line) {
            self.cur.definite = true;
            self.describing = true;
            self.describe_to = Some(last);
            return;
        }
        // "make the supreme without olives", "do the hawaiian on thin crust": choices up
        // to "with", "without", "no" or "on" name the line; those after, what it gets.
        // ("replace the mushrooms with black olives": a swap, read later.)
        let swapping = tokens.iter().any(|t| matches!(t.as_str(), "replace" | "swap" | "switch" | "substitute"));
        let named_then_gets = choices_then_what_it_gets(tokens, units, ui + 1).filter(|_| !swapping);
        if let Some(first) = named_then_gets.filter(|_| last_becomes && !describes_line) {
            self.cur.definite = true;
            self.describing = true;
            self.describe_to = Some(first);
            return;
        }
        // "no onions on the pizza": after what it excluded, "on the …" names the
        // line the exclusion is for.
        let on_the =
            self.neg_group.is_some() && u.start > 0 && matches!(tokens[u.start - 1].as_str(), "on" | "from" | "for");
        if on_the {
            self.neg = false;
        }
        // ("the other one": what follows "other" names the line; after "one …" in the
        // same message, "the other" is the second of what is being ordered.)
        let other = tokens.get(u.end).is_some_and(|t| t == "other")
            && !tokens[..u.start].iter().any(|t| matches!(t.as_str(), "one" | "ones"));
        let thing_at = if other { ui + 2 } else { ui + 1 };
        // ("the other should be a vegetarian": "the other" alone names the line.)
        let other_alone = other
            && !units.get(thing_at).is_some_and(|n| {
                matches!(
                    n.sense,
                    Some(Sense::Item(_) | Sense::Category(_) | Sense::Choice { .. } | Sense::Gram(Gram::Num { .. }))
                )
            });
        if self.neg || !(names_a_thing(catalog, units, thing_at) || describes_line || other_alone) {
            // "i like the thin crust", "hold the olives", "and avoid the guac":
            // an option of the item being ordered, not a reference to another line.
            return;
        }
        if self.cur.has_content() {
            push(&mut self.a, &mut self.cur, ui, self.after_to);
        }
        self.cur.definite = true;
    }
}

/// "for me", "for my daughter", "for me and my husband": the person a line is for
/// (several together are "us", or "them"), and the token after the phrase.
fn for_whom(lex: &Lexicon, tokens: &[String], at: usize) -> Option<(String, usize)> {
    if tokens[at] != "for" {
        return None;
    }
    let (first, mut end) = one_person(lex, tokens, at + 1)?;
    let mut people = vec![first];
    while tokens.get(end).is_some_and(|t| t == "and") {
        let Some((p, e)) = one_person(lex, tokens, end + 1) else { break };
        people.push(p);
        end = e;
    }
    let owner = match people.as_slice() {
        [one] => one,
        _ if people.iter().any(|p| matches!(*p, "me" | "us")) => "us",
        _ => "them",
    };
    Some((owner.to_owned(), end))
}

/// Whether "for …" (from `at` to `end`) opens a line of its own: said first or after
/// "and" or a comma, with a count or a thing right after it.
fn opens_a_line_for(tokens: &[String], at: usize, end: usize) -> bool {
    let opens = at == 0 || matches!(tokens[at - 1].as_str(), "and" | "," | "." | "then");
    opens && tokens.get(end).is_some_and(|t| crate::engine::is_count_word(t))
}

/// "my daughter", "the kids", "my picky son", "my vegetarian friend": a determiner, up
/// to two words that describe the person, and a person; the person and the token after.
fn person_after_determiner(tokens: &[String], at: usize) -> Option<(&'static str, usize)> {
    if !DETERMINERS.contains(&tokens.get(at)?.as_str()) {
        return None;
    }
    // "hello my friend", "thank you my dear": a person greeted or thanked is spoken to.
    let greeted = at > 0
        && matches!(
            tokens[at - 1].as_str(),
            "hello" | "hi" | "hey" | "hiya" | "evening" | "morning" | "afternoon" | "thanks" | "cheers" | "bye"
        );
    let thanked = at > 1 && tokens[at - 2] == "thank" && tokens[at - 1] == "you";
    if greeted || thanked {
        return None;
    }
    for k in 1..=3 {
        let word = tokens.get(at + k)?;
        if let Some(p) = person(word).filter(|p| !matches!(*p, "me" | "us" | "him" | "her" | "them") || k == 1) {
            return Some((p, at + k + 1));
        }
        let describes = word.chars().all(|c| c.is_ascii_alphabetic())
            && !matches!(word.as_str(), "and" | "or" | "with" | "a" | "an" | "one" | "ones" | "the" | "no");
        if !describes {
            return None;
        }
    }
    None
}

/// One person: "me", "her", "my daughter", "the kids".
fn one_person<'t>(lex: &Lexicon, tokens: &'t [String], at: usize) -> Option<(&'t str, usize)> {
    let word = tokens.get(at)?.as_str();
    if let Some(found) = person_after_determiner(tokens, at) {
        return Some(found);
    }
    if let Some(end) = one_described(lex, tokens, at) {
        return Some(("them", end));
    }
    // "for me", "for hubby", "for the kids"; "for ana", a name, at the end of its clause.
    let clause_ends = tokens.get(at + 1).map_or(true, |t| matches!(t.as_str(), "," | "and" | "please" | "pls"));
    person(word)
        .filter(|p| matches!(*p, "me" | "us" | "him" | "her" | "them") || !word.ends_with('s') || *p == word)
        .or_else(|| (clause_ends && is_name(lex, word)).then_some(word))
        .map(|p| (p, at + 1))
}

/// "the little one", "my youngest one", "the meat eaters": a determiner, one or two
/// words that describe, and "one" or people named by what they do, at the end of its
/// clause; the token after. Said after "for", it is a person, unless "one" is described
/// by a word of the menu ("for the large one" is a line).
fn one_described(lex: &Lexicon, tokens: &[String], at: usize) -> Option<usize> {
    if !DETERMINERS.contains(&tokens.get(at)?.as_str()) {
        return None;
    }
    let plain_word = |w: &String| {
        w.chars().all(|c| c.is_ascii_alphabetic())
            && !crate::engine::is_count_word(w)
            && !matches!(w.as_str(), "and" | "or" | "with" | "the" | "no" | "other" | "same" | "first" | "last")
    };
    let doers = |w: &str| w.ends_with("ers") && english::is_word(w) && !lex.is_menu_word(w);
    let end = (at + 2..=at + 3).find(|&k| tokens.get(k).is_some_and(|t| t == "one" || doers(t)))?;
    let describes = |w: &String| plain_word(w) && (tokens[end] != "one" || !lex.is_menu_word(w));
    let clause_ends = tokens.get(end + 1).map_or(true, |t| matches!(t.as_str(), "," | "and" | "please" | "pls"));
    (tokens[at + 1..end].iter().all(describes) && clause_ends).then_some(end + 1)
}

/// "she wants a …", "my son will have two …", "i'll have a …": the person who orders the
/// lines said next, and the token after the verb; only when a count, an article or a
/// thing of the menu said bare ("my friend wants wings") follows.
fn subject_orders(
    tokens: &[String],
    at: usize,
    named: bool,
    item_at: impl Fn(usize) -> bool,
) -> Option<(String, usize)> {
    let word = |k: usize| tokens.get(at + k).map(String::as_str);
    if named && at == 0 && word(1) == Some(",") && word(2).is_some() {
        // "tom: large meat lovers", an office order read out: the lines are tom's.
        return Some((tokens[at].clone(), at + 2));
    }
    let (person, verb_at) = match word(0)? {
        "she" => ("her", at + 1),
        "he" => ("him", at + 1),
        "they" => ("them", at + 1),
        "ill" | "id" | "im" => ("me", at + 1),
        "i" => ("me", at + 1),
        w if DETERMINERS.contains(&w) => (word(1).and_then(person)?, at + 2),
        // "jake wants a medium pepperoni": a name.
        w if named => (w, at + 1),
        // "mum would like a medium margherita": a person said bare.
        w if crate::catalog::grammar::person_as_said(w)
            .is_some_and(|p| !matches!(p, "me" | "us" | "him" | "her" | "them" | "myself")) =>
        {
            (w, at + 1)
        }
        _ => return None,
    };
    const VERBS: &[&[&str]] = &[
        &["wants"],
        &["want"],
        &["would", "like"],
        &["like"],
        &["will", "have"],
        &["have"],
        &["needs"],
        &["gets"],
        &["is", "having"],
        &["will", "take"],
        &["take"],
        &["is", "getting"],
        &["having"],
        &["will", "do"],
        &["do"],
        &["would", "love"],
        &["love"],
        &["will", "get"],
        &["get"],
    ];
    let rest = &tokens[verb_at.min(tokens.len())..];
    let verb = VERBS.iter().find(|v| rest.starts_with(&v.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>()))?;
    let after = verb_at + verb.len();
    let next = tokens.get(after)?.as_str();
    let orders = crate::engine::is_count_word(next) || matches!(next, "some" | "another") || item_at(after);
    orders.then(|| (person.to_owned(), after))
}

/// The person a message speaks of before a pronoun points back at them: a name
/// ("priya would like … on hers") or a person after a possessive ("my sister wants …").
fn someone_said_before(lex: &Lexicon, tokens: &[String]) -> Option<String> {
    tokens.iter().enumerate().find_map(|(i, t)| {
        let after_possessive = i > 0 && DETERMINERS.contains(&tokens[i - 1].as_str());
        match person(t) {
            Some(p) if after_possessive && !matches!(p, "me" | "us" | "him" | "her" | "them") => Some(p.to_owned()),
            None if is_name(lex, t) => Some(t.clone()),
            // ("ben's just gone out, so take his off": ben's.)
            None if lex.key(t).is_none() && t.strip_suffix('s').is_some_and(|one| is_name(lex, one)) => {
                Some(t[..t.len() - 1].to_owned())
            }
            _ => None,
        }
    })
}

/// A word that may be someone's name: no English word, nothing the shop or its grammar
/// knows, nor a slip of it ("jake", "sara"; not "sausge"), nor a pronoun and its verb
/// typed as one ("hes", "theyre").
fn is_name(lex: &Lexicon, word: &str) -> bool {
    // ("for jo", "al's": two letters that shorten nothing on the menu, as "lg" does.)
    let long_enough = || word.len() >= 3 || (word.len() == 2 && lex.shortening(word).is_none());
    let contraction =
        matches!(word, "hes" | "shes" | "theyre" | "youre" | "ive" | "weve" | "theyve" | "youve" | "itll");
    word.len() >= 2
        && !contraction
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && !lex.is_filler(word)
        && lex.key(word).is_none()
        && !crate::catalog::english::is_word(word)
        && long_enough()
        && lex.nearest(word, super::matcher::max_edits(word.len())).is_none()
}

/// Whose a possessive said alone means: "mine" is the speaker's, "hers" hers.
pub(super) fn owner_of_possessive(word: &str) -> Option<&'static str> {
    Some(match word {
        "mine" => "me",
        "hers" => "her",
        "theirs" => "them",
        "ours" => "us",
        "his" => "him",
        _ => return None,
    })
}

/// "mine", "hers", "my husband's", "the kids'", "her one", "my pizza": whose line, and
/// the token after what was read (the "one" or the item stays to be read).
fn whose(tokens: &[String], at: usize, thing_next: bool) -> Option<(String, usize)> {
    let word = tokens[at].as_str();
    if let Some((p, end)) = person_after_determiner(tokens, at) {
        return Some((p.to_owned(), end));
    }
    let owner = match word {
        "my" | "her" | "their" | "our" if thing_next => match word {
            "my" => "me",
            "our" => "us",
            "their" => "them",
            _ => "her",
        },
        _ => owner_of_possessive(word)?,
    };
    Some((owner.to_owned(), at + 1))
}

/// "a large for my son, and his with no cheese": a possessive naming a line said in the
/// same message gives that line what follows it.
fn own_lines_said_here(frames: &mut Vec<Frame>) {
    let mut i = 0;
    while i < frames.len() {
        let f = &frames[i];
        let said = f.owner.as_deref().filter(|_| {
            f.definite && f.item.is_none() && f.category.is_none() && f.position.is_none() && f.quantity.is_none()
        });
        let owner_of = |g: &Frame| {
            g.owner.as_deref().is_some_and(|o| Some(o) == said || crate::catalog::grammar::pronoun_of(o) == said)
        };
        match said.and_then(|_| frames[..i].iter().rposition(|g| !g.is_reference() && owner_of(g))) {
            Some(j) => {
                let f = frames.remove(i);
                for o in f.options {
                    add_option(&mut frames[j].options, o);
                }
                for o in f.without {
                    add_option(&mut frames[j].without, o);
                }
            }
            None => i += 1,
        }
    }
}

/// Words before a person that make a line theirs ("my daughter", "the kids").
const DETERMINERS: &[&str] = &["my", "our", "the", "his", "her", "their", "your"];

/// Whether a verb in the past comes right after token `at` (after "just", "really" and
/// the like): "showed up", "changed her mind"; or a verb of being or being able and a
/// word that is nothing on the menu: "is sick", "isnt coming", "cant come".
fn talk_follows(lex: &Lexicon, tokens: &[String], at: usize) -> bool {
    const BEING: &[&str] = &["is", "isnt", "was", "wasnt", "cant", "cannot", "couldnt", "wont", "aint"];
    let past = |t: &String| t.ends_with("ed") && !lex.is_menu_word(t) && crate::catalog::english::is_word(t);
    // (A short word is talk too: "is at a sleepover", "is on a diet".)
    let talk = |t: &String| {
        let word = crate::catalog::english::is_word(t) || (t.len() <= 3 && t.chars().all(|c| c.is_ascii_alphabetic()));
        !lex.is_menu_word(t) && !crate::engine::is_count_word(t) && t != "the" && word
    };
    let first = tokens.get(at);
    first.is_some_and(past)
        || first.is_some_and(|t| lex.is_filler(t)) && tokens.get(at + 1).is_some_and(past)
        || first.is_some_and(|t| BEING.contains(&t.as_str())) && tokens.get(at + 1).is_some_and(talk)
}

/// Whether an item (or a category's items) takes every option of the frame.
fn takes_all(catalog: &Catalog, sense: Sense, f: &Frame) -> bool {
    let Sense::Item(i) = sense else { return true };
    f.options.iter().chain(&f.without).all(|o| catalog.items[i].group(&o.group).is_some())
}

/// A word of letters (not a number or a comma).
fn is_word_token(t: &str) -> bool {
    t.chars().all(char::is_alphabetic) && !t.is_empty()
}

/// What a word about halves says: share out the choices that follow ("half and half
/// …"), put the next choice on the next half ("half pepperoni"), or put the choices
/// just said on a half ("… on one half", "… on the other").
#[derive(Debug, Clone, Copy)]
enum HalfCue {
    Share,
    Next,
    Back(Half),
    /// "… on the whole thing": the choices just said are on all of it.
    Whole,
}

/// The half cue at `at`, and the token after it.
fn half_cue(tokens: &[String], at: usize) -> Option<(HalfCue, usize)> {
    let word = |k: usize| tokens.get(at + k).map(String::as_str);
    let side = |k: usize| matches!(word(k), Some("half" | "side"));
    let after_side = |k: usize| if side(k) { at + k + 1 } else { at + k };
    match (word(0)?, word(1), word(2)) {
        ("half", Some("and"), Some("half")) => Some((HalfCue::Share, at + 3)),
        ("half", Some("a" | "dozen"), _) => None,
        // ("half with salami and half with mushrooms": the "with" belongs to the half.)
        ("half", Some("with"), _) => Some((HalfCue::Next, at + 2)),
        ("on", Some("one" | "a" | "half"), _) if side(1) || side(2) => {
            Some((HalfCue::Back(Half::First), after_side(2)))
        }
        ("on", Some("the"), Some("other")) => Some((HalfCue::Back(Half::Second), after_side(3))),
        ("on", Some("the"), Some("left")) => Some((HalfCue::Back(Half::First), after_side(3))),
        ("on", Some("the"), Some("right")) => Some((HalfCue::Back(Half::Second), after_side(3))),
        // ("one pepperoni and the other half ham half pineapple": the other one, in halves.)
        ("the", Some("other"), _) if side(2) && !halves_of_its_own(tokens, at) => {
            Some((HalfCue::Back(Half::Second), at + 3))
        }
        ("on", Some("the"), Some("whole" | "entire")) => Some((HalfCue::Whole, at + 4)),
        ("all", Some("over"), _) => Some((HalfCue::Whole, at + 2)),
        ("half", _, _) => Some((HalfCue::Next, at + 1)),
        _ => None,
    }
}

/// Whether "the other half" at `at` is the other one of a list, said in halves of its
/// own: no half said before it, and another "half" after it in its clause.
fn halves_of_its_own(tokens: &[String], at: usize) -> bool {
    let is_half = |t: &String| t == "half";
    let clause_end = tokens[at..].iter().position(|t| t == ",").map_or(tokens.len(), |e| at + e);
    !tokens[..at].iter().any(is_half) && tokens[at + 3..clause_end.max(at + 3)].iter().any(is_half)
}

/// Whether a half cue is about halves here: "on the other", "on the left" said without
/// "half" or "side" mean a half only once a half has been said ("… and basil on the
/// other" after "get rid of the pepperoni one" is the other pizza).
fn half_context(f: &Frame, tokens: &[String], cue: HalfCue) -> bool {
    let said_half = tokens.iter().any(|t| matches!(t.as_str(), "half" | "halves" | "side"));
    let first_said = f.options.iter().any(|o| o.half == Some(Half::First));
    match cue {
        HalfCue::Back(Half::Second) => said_half || first_said,
        HalfCue::Back(Half::First) => said_half || tokens.iter().any(|t| t == "right"),
        _ => true,
    }
}

/// The half a choice said after "half" goes on: the first, then the other.
fn next_half(f: &Frame) -> Half {
    if f.options.iter().any(|o| o.half == Some(Half::First)) {
        Half::Second
    } else {
        Half::First
    }
}

/// A choice of a group split by halves, put on the half the words before it said.
fn on_half(f: &mut Frame, mut opt: OptionRef) -> OptionRef {
    if let Some(h) = f.half_next {
        opt.half = Some(h);
        let at = f.options.len();
        f.half_open_from.get_or_insert(at + 1);
    } else if f.halves_shared {
        opt.half = Some(next_half(f));
        f.halves_shared = opt.half == Some(Half::First);
    }
    opt
}

/// Whether the frame, an item being ordered, already has a choice of this one-choice
/// group said after its item.
fn answered_again(catalog: &Catalog, f: &Frame, group: usize) -> bool {
    let grp = &catalog.groups[group];
    let after_item = &f.options[f.options_before_item.min(f.options.len())..];
    // ("large pepperoni, large sausage": choices with no item list lines as well, when
    // more than the answer is said: "small, no actually medium" corrects it.)
    let more_said = f.options.iter().any(|o| o.group != grp.id);
    let lists = f.item.is_some() || f.listed || (f.category.is_none() && more_said);
    grp.max <= 1 && lists && !f.is_reference() && after_item.iter().any(|o| o.group == grp.id)
}

/// Whether the frame, an item being ordered, has a choice of this one-choice group.
fn answered_before_item(catalog: &Catalog, f: &Frame, group: usize) -> bool {
    let grp = &catalog.groups[group];
    grp.max <= 1 && f.item.is_some() && !f.is_reference() && f.options.iter().any(|o| o.group == grp.id)
}

/// Whether the frame is an item said whole with another choice of this one-choice group
/// before it ("large pepperoni pizza", then "medium"), and what follows the new choice
/// names more of a line.
fn said_whole_before(catalog: &Catalog, f: &Frame, group: usize, choice: usize, next: Option<Sense>) -> bool {
    let grp = &catalog.groups[group];
    let before_item = &f.options[..f.options_before_item.min(f.options.len())];
    grp.max <= 1
        && f.item.is_some()
        && !f.implied
        && !f.is_reference()
        && before_item.iter().any(|o| o.group == grp.id && o.choice != grp.choices[choice].id)
        && matches!(next, Some(Sense::Choice { .. }))
}

/// Starts the next line of a list said after an item ("large sausage, large veggie"):
/// under a count of two or more, the choices said so far after the item become the
/// first line of the list, and the count is shared out when the frames are done.
fn enumerate(a: &mut Assembly, cur: &mut Frame, next_unit: usize, after_to: bool) {
    let shared = cur.explicit && cur.quantity.is_some_and(|n| n >= 2);
    if shared {
        let from = cur.options_before_item.min(cur.options.len());
        let first = Frame {
            quantity: Some(1),
            explicit: true,
            listed: true,
            options: cur.options.split_off(from),
            without: cur.without.split_off(cur.without_before_item.min(cur.without.len())),
            ..Frame::default()
        };
        push(a, cur, next_unit, after_to);
        a.frames.push(first);
    } else {
        push(a, cur, next_unit, after_to);
    }
    cur.quantity = Some(1);
    cur.explicit = true;
    cur.listed = true;
}

/// The item a choice's own name names ("turkey sandwich" for the turkey filling of a
/// sandwich), when that item takes the choice's group.
fn item_in_name(catalog: &Catalog, lex: &Lexicon, u: &Unit, group: usize) -> Option<usize> {
    let p = u.phrase?;
    let group_id = &catalog.groups[group].id;
    lex.phrases[p].text.split(' ').skip(1).find_map(|word| {
        let (k, _) = lex.key(word)?;
        lex.starting_with(k).iter().filter(|&&q| lex.phrases[q].keys.len() == 1).find_map(|&q| {
            lex.phrases[q].senses.iter().find_map(|s| match *s {
                Sense::Item(i) if catalog.items[i].group(group_id).is_some() => Some(i),
                _ => None,
            })
        })
    })
}

/// A frame holding only a count so far ("one" in "one of the pizzas").
fn counted_only(f: &Frame) -> bool {
    f.quantity.is_some() && f.item.is_none() && f.category.is_none() && f.options.is_empty() && f.without.is_empty()
}

/// Whether the unit is the same item (or its category) as the frame's, said again
/// without a count in between: "two pepsi drinks", "a pizza pie", "those pizzas".
fn continues_current(catalog: &Catalog, cur: &Frame, sense: Sense, prev: Option<Sense>) -> bool {
    if matches!(prev, Some(Sense::Gram(Gram::And | Gram::Num { .. } | Gram::Neg))) {
        return false;
    }
    match (sense, cur.item, cur.category) {
        (Sense::Item(i), Some(j), _) => i == j,
        (Sense::Category(c), Some(j), _) => catalog.items[j].category == catalog.categories[c].id,
        (Sense::Category(c), None, Some(d)) => c == d,
        _ => false,
    }
}

/// Whether an item, a category or "one" follows before the clause ends: then "the"
/// starts a reference ("the large one", "the second pizza").
fn names_a_thing(catalog: &Catalog, units: &[Unit], from: usize) -> bool {
    let _ = catalog;
    for u in units.iter().skip(from) {
        match u.sense {
            Some(Sense::Item(_)) | Some(Sense::Category(_)) | Some(Sense::Gram(Gram::Num { n: 1, article: false })) => {
                return true
            }
            Some(Sense::Choice { .. }) | Some(Sense::Gram(Gram::Amount(_))) | Some(Sense::Gram(Gram::Ordinal(_))) => {}
            _ => return false,
        }
    }
    false
}

/// Whether choices, and only choices, follow up to the end of the clause ("… of the
/// pepperoni", "… of the cheese lovers, please").
fn choices_end_the_clause(tokens: &[String], units: &[Unit], from: usize) -> bool {
    let rest = &units[from.min(units.len())..];
    let named = rest.iter().take_while(|u| matches!(u.sense, Some(Sense::Choice { .. }))).count();
    named > 0
        && rest.get(named).map_or(true, |u| {
            matches!(u.sense, Some(Sense::Gram(Gram::Filler | Gram::And)))
                || matches!(tokens[u.start].as_str(), "," | "ones")
        })
}

/// The choices of `group` a unit's phrase can mean.
fn alternatives(lex: &Lexicon, u: &Unit, group: usize) -> Vec<usize> {
    let Some(p) = u.phrase else { return Vec::new() };
    lex.phrases[p]
        .senses
        .iter()
        .filter_map(|s| match *s {
            Sense::Choice { group: g, choice } if g == group => Some(choice),
            _ => None,
        })
        .collect()
}

/// "make the hawaiian a large", "change the thin crust to stuffed": in a change, "the"
/// and choices followed by an article, "to" or another choice name the line by what
/// it has.
fn choices_then_change(units: &[Unit], from: usize) -> bool {
    let named =
        units[from.min(units.len())..].iter().take_while(|u| matches!(u.sense, Some(Sense::Choice { .. }))).count();
    named > 0
        && matches!(
            units.get(from + named).and_then(|u| u.sense),
            Some(Sense::Gram(Gram::Num { article: true, .. } | Gram::To))
        )
}

/// Whether choices from `from` are followed by the grammar word `gram` ("the veggies
/// should be …").
fn choices_then(units: &[Unit], from: usize, gram: Gram) -> bool {
    let named =
        units[from.min(units.len())..].iter().take_while(|u| matches!(u.sense, Some(Sense::Choice { .. }))).count();
    named > 0 && units.get(from + named).and_then(|u| u.sense) == Some(Sense::Gram(gram))
}

/// Choices from `from`, then what they should get or be ("should have", "can be",
/// "gets": "one of the pepperoni should have extra cheese"): the unit where what they
/// get starts.
fn choices_then_given(tokens: &[String], units: &[Unit], from: usize) -> Option<usize> {
    let named =
        units[from.min(units.len())..].iter().take_while(|u| matches!(u.sense, Some(Sense::Choice { .. }))).count();
    let next = units.get(from + named).filter(|_| named > 0)?;
    let word = |k: usize| tokens.get(next.start + k).map_or("", String::as_str);
    let given = matches!(word(0), "gets" | "has")
        || matches!(word(0), "should" | "can" | "could" | "needs" | "will") && matches!(word(1), "have" | "get" | "be");
    let gets_from = (from + named..units.len()).find(|&i| matches!(units[i].sense, Some(Sense::Choice { .. })));
    given.then_some(gets_from?)
}

/// Two choices or more from `from` to the end of the clause, with amounts: the unit of
/// the last one.
fn choices_then_last(units: &[Unit], from: usize) -> Option<usize> {
    let mut choices = Vec::new();
    for (i, u) in units.iter().enumerate().skip(from) {
        match u.sense {
            Some(Sense::Choice { .. }) => choices.push(i),
            Some(Sense::Gram(Gram::Amount(_))) => {}
            Some(Sense::Gram(Gram::And | Gram::Filler)) => break,
            _ => return None,
        }
    }
    (choices.len() >= 2).then(|| choices[choices.len() - 1])
}

/// Whether the thing named at `at` is talked about, not asked for: the shop's own ("my
/// kids love your garlic bread", "your pizza is amazing") or had enough of ("thats
/// enough pizza"). "can i get your garlic bread", "and your wings" ask for it, and in a
/// question ("… are they good?", "what are your sides") it is what is asked about.
fn talked_about(catalog: &Catalog, tokens: &[String], at: usize) -> bool {
    let word = |k: usize| at.checked_sub(k).map(|i| tokens[i].as_str());
    // ("your cannoli are amazing, are they good?", "what are your sides": asked about.)
    let asks = tokens.iter().any(|t| matches!(t.as_str(), "how" | "what" | "whats" | "which" | "hows"))
        || tokens.windows(2).any(|w| {
            matches!(w[0].as_str(), "is" | "are" | "do" | "does")
                && matches!(w[1].as_str(), "it" | "they" | "that" | "those" | "these" | "your" | "ur" | "you" | "u")
        });
    if asks {
        return false;
    }
    match word(1) {
        Some("enough" | "plenty") => return true,
        Some("your" | "ur") => {}
        _ => return false,
    }
    let Some(before) = at.checked_sub(2) else {
        // "your pizza is amazing": said of it, opening the message.
        let judged = |t: &String| matches!(t.as_str(), "is" | "are" | "was" | "were" | "looks" | "tastes");
        return tokens[at..].iter().any(judged);
    };
    let listed = matches!(tokens[before].as_str(), "and" | "," | "plus" | "also" | "with" | "me" | "us" | "of" | "for");
    let requested = (before.saturating_sub(2)..=before)
        .any(|j| matches!(catalog.act_words().longest(tokens, j), Some((n, Cue::Request)) if j + n == before + 1));
    !listed && !requested
}

/// Choices from `from`, then "with", "without", "no" or "on" and more choices: where
/// the choices after the word start ("the supreme without olives").
fn choices_then_what_it_gets(tokens: &[String], units: &[Unit], from: usize) -> Option<usize> {
    let named = units[from.min(units.len())..].iter().take_while(|u| matches!(u.sense, Some(Sense::Choice { .. })));
    let word_at = from + named.count();
    let word = units.get(word_at).filter(|_| word_at > from)?;
    let gets = matches!(word.sense, Some(Sense::Gram(Gram::With | Gram::Neg))) || tokens[word.start] == "on";
    let first = (word_at + 1..units.len())
        .find(|&i| !matches!(units[i].sense, Some(Sense::Gram(Gram::Amount(_) | Gram::Filler))))?;
    (gets && matches!(units[first].sense, Some(Sense::Choice { .. }))).then_some(first)
}

/// Whether a choice the item takes comes next, after "the" at most: "take off the sauce".
fn names_a_choice_of(catalog: &Catalog, units: &[Unit], from: usize, item: Option<usize>) -> bool {
    let Some(item) = item.map(|i| &catalog.items[i]) else { return false };
    for u in units.iter().skip(from) {
        match u.sense {
            Some(Sense::Gram(Gram::Definite | Gram::Filler)) | None => {}
            Some(Sense::Choice { group, .. }) => return item.group(&catalog.groups[group].id).is_some(),
            _ => return false,
        }
    }
    false
}

/// Whether a menu item follows, after options at most: "a sprite", "a large diet coke".
fn names_an_item(units: &[Unit], from: usize) -> bool {
    for u in units.iter().skip(from) {
        match u.sense {
            Some(Sense::Item(_)) => return true,
            Some(Sense::Choice { .. }) | Some(Sense::Gram(Gram::Amount(_))) => {}
            _ => return false,
        }
    }
    false
}

/// "a large with pepperoni", "two large with tuna", "tuna sub, no tomatoes": a counted
/// frame, or one whose choices were said before a word the shop does not know, whose
/// options only one menu item can take is an order of that item.
///
/// "add an egg", said of add-ons only (choices of groups no item requires), adds them
/// to what was ordered: they stand for no item the category's default would give.
fn infer_items(catalog: &Catalog, frames: &mut [Frame], add_verb: bool) {
    // "large meat lovers, 12 piece wings and a diet coke": choices listed beside other
    // lines are a line of their own, when they fit one item only.
    let listed = frames.len() >= 2;
    for i in 0..frames.len() {
        let before = i.checked_sub(1).and_then(|b| frames[b].item);
        // ("… and a small for my daughter": listed after the line with "and".)
        let listed_after = i.checked_sub(1).and_then(|b| frames[b].and_word_after.then_some(frames[b].item)).flatten();
        let f = &mut frames[i];
        if let Some(item) = counted_of_the_default(catalog, f) {
            // "a half dozen donuts": the section's own item, in the count it is sold by.
            f.item = Some(item);
            continue;
        }
        // "small hawaiian for my wife": choices said for someone are an order too.
        let ordered = f.quantity.is_some() || f.head_unknown || f.owner.is_some();
        let listed = listed && !f.options.is_empty();
        if f.item.is_some() || f.category.is_some() || f.is_reference() || !(ordered || listed) {
            continue;
        }
        let groups: Vec<&str> = f.options.iter().chain(&f.without).map(|o| o.group.as_str()).collect();
        if groups.is_empty() {
            // "one pepperoni and one plain": the item the line before was found to be.
            if f.plain {
                f.item = before;
            }
            continue;
        }
        let fits: Vec<usize> =
            (0..catalog.items.len()).filter(|&i| groups.iter().all(|g| catalog.items[i].group(g).is_some())).collect();
        if fits.is_empty() {
            if let Some((item, options, without)) = read_in_one_item(catalog, f) {
                // "a small special": "special" read as a sandwich's filling is the pho's
                // choice of that name, the one item that takes a size and it.
                (f.item, f.options, f.without, f.implied) = (Some(item), options, without, true);
                continue;
            }
        }
        f.implied = true;
        f.item = match fits.as_slice() {
            [one] => Some(*one),
            // "a large dark roast": several drinks take it; the category says which one
            // choices said alone stand for; "a medium pepperoni for me and a small for my
            // daughter": else the item of the line said just before, if it takes them.
            _ if ordered && !(add_verb && add_ons_only(catalog, &groups)) => {
                catalog.default_among(&fits).or(listed_after.filter(|b| fits.contains(b)))
            }
            _ => None,
        };
    }
}

/// The one item that takes every choice of a frame, each read in its own group or as the
/// item's choice of the same name, with the choices so read.
fn read_in_one_item(catalog: &Catalog, f: &Frame) -> Option<(usize, Vec<OptionRef>, Vec<OptionRef>)> {
    let mut found = None;
    for (i, item) in catalog.items.iter().enumerate().filter(|(_, item)| item.available) {
        let own = |o: &OptionRef| {
            if item.group(&o.group).is_some() {
                Some(o.clone())
            } else {
                catalog.also_named(item, o).map(|a| OptionRef { amount: o.amount, half: o.half, ..a })
            }
        };
        let options: Option<Vec<OptionRef>> = f.options.iter().map(own).collect();
        let without: Option<Vec<OptionRef>> = f.without.iter().map(own).collect();
        if let (Some(options), Some(without)) = (options, without) {
            if found.is_some() {
                return None;
            }
            found = Some((i, options, without));
        }
    }
    found
}

/// A section named with a count and no item ("a half dozen donuts", "a dozen
/// doughnuts"), whose `default_item` is sold in that count (a choice with that `count`):
/// that item.
fn counted_of_the_default(catalog: &Catalog, f: &Frame) -> Option<usize> {
    let n = f.quantity.filter(|&n| n > 1 && f.item.is_none() && !f.is_reference())?;
    let default = catalog.categories[f.category?].default_item.as_deref()?;
    let i = catalog.items.iter().position(|i| i.id == default)?;
    let item = &catalog.items[i];
    let counted = item.groups.iter().filter_map(|ig| catalog.group(&ig.group));
    counted.into_iter().any(|g| g.counted(n).is_some_and(|c| item.offers(&g.id, &c.id))).then_some(i)
}

/// "2 whiz wit and a chicken cheesesteak", "2 pizza steaks and a whiz wit": choices said
/// with a count of their own and no item, beside an item that is not its category's
/// default, are the default item when it takes them all (the neighbour's own words,
/// "chicken", "pizza", are its alone). "One" said for the item ("and one with
/// provolone") is the neighbour itself.
fn the_default_instead(catalog: &Catalog, neighbour: usize, f: &Frame) -> Option<usize> {
    if f.proform || !f.counts_a_menu_word {
        return None;
    }
    let category = catalog.category(&catalog.items[neighbour].category)?;
    let default = category.default_item.as_deref()?;
    let d = catalog.items.iter().position(|i| i.id == default)?;
    let takes = f.options.iter().chain(&f.without).all(|o| catalog.items[d].offers(&o.group, &o.choice));
    (d != neighbour && takes).then_some(d)
}

/// Whether the words from the last comma before `at` up to it deny nothing ("no
/// onions, he wants peppers instead": "he wants" only).
fn wanted_in_a_clause_of_its_own(tokens: &[String], at: usize) -> bool {
    let Some(comma) = tokens[..at].iter().rposition(|t| t == ",") else { return false };
    let denies = |t: &String| {
        matches!(t.as_str(), "no" | "not" | "without" | "nothing" | "dont" | "doesnt" | "never" | "hold" | "skip")
    };
    !tokens[comma + 1..at].iter().any(denies)
}

/// Whether every group is one no item requires a choice of (add-ons, garnishes).
fn add_ons_only(catalog: &Catalog, groups: &[&str]) -> bool {
    groups.iter().all(|g| catalog.group(g).is_some_and(|g| g.add_on))
}

/// Options that belong to the item about to start, when that item takes them: those
/// after the frame's last "and" ("… and large coke"; toppings never move to a coke),
/// and those said last that the frame's own item cannot take ("a cheeseburger with
/// lettuce large fries": a burger has no size, fries do).
fn split_tail(catalog: &Catalog, cur: &mut Frame, next: Sense) -> Vec<OptionRef> {
    let movable_from = cur.movable_from.take();
    let Sense::Item(i) = next else { return Vec::new() };
    let item = &catalog.items[i];
    let takes_all = |opts: &[OptionRef]| opts.iter().all(|o| item.group(&o.group).is_some());
    if let Some(from) = movable_from {
        if from < cur.options.len() && takes_all(&cur.options[from..]) {
            return cur.options.split_off(from);
        }
    }
    let Some(own) = cur.item.map(|j| &catalog.items[j]) else { return Vec::new() };
    let foreign = cur.options.iter().rev().take_while(|o| own.group(&o.group).is_none()).count();
    let from = cur.options.len() - foreign;
    if foreign == 0 || !takes_all(&cur.options[from..]) {
        return Vec::new();
    }
    cur.options.split_off(from)
}

fn push(a: &mut Assembly, cur: &mut Frame, next_unit: usize, after_to: bool) {
    let mut done = std::mem::take(cur);
    done.after_to = after_to;
    if done.item.is_none() && done.category.is_none() && !done.definite {
        // Without an item, everything said describes "it": nothing is "before the item".
        done.options_before_item = 0;
        done.without_before_item = 0;
    }
    a.frames.push(done);
    cur.first_unit = next_unit;
}

/// Whether an item or a category is named at `from`, after any "of", "the", "my", "our"
/// ("all of the pizzas", "both my cokes").
fn thing_after_determiners(tokens: &[String], units: &[Unit], from: usize) -> bool {
    let determiner = |u: &Unit| u.end == u.start + 1 && matches!(tokens[u.start].as_str(), "of" | "the" | "my" | "our");
    let mut rest = units[from.min(units.len())..].iter().skip_while(|u| determiner(u));
    rest.next().is_some_and(|n| matches!(n.sense, Some(Sense::Item(_) | Sense::Category(_))))
}

/// "both" / "each" go on every line of the message whose item takes them (a line keeps
/// its own answer to a single-choice group).
fn share_with_all(catalog: &Catalog, frames: &mut [Frame]) {
    let Some(last) = frames.iter().rposition(|f| f.for_all_from.is_some()) else { return };
    let from = frames[last].for_all_from.unwrap_or(0).min(frames[last].options.len());
    let shared: Vec<OptionRef> = frames[last].options[from..].to_vec();
    for f in frames[..last].iter_mut().filter(|f| !f.is_reference()) {
        let Some(item) = f.item.map(|i| &catalog.items[i]) else { continue };
        for o in &shared {
            let single = catalog.group(&o.group).is_some_and(|g| g.max <= 1);
            let answered = single && f.options.iter().any(|x| x.group == o.group);
            if item.group(&o.group).is_some() && !answered {
                add_option(&mut f.options, o.clone());
            }
        }
    }
}

/// "a large pie with mushrooms and a thin crust", "… do me a favor and leave off the
/// ham": after an item, an itemless frame counted only by "a" is more said about that
/// item, not a new line (a real count, "and three large", starts one). It is a line of
/// its own when it answers a single-choice group the item has answered otherwise ("a
/// small pepperoni pizza and a small hawaiian" is two pizzas, as is "a large pepperoni
/// and a medium veggie"), or when such frames share out the item's count ("two
/// pizzas: a large pepperoni and a medium veggie").
fn merge_article_tails(catalog: &Catalog, frames: &mut Vec<Frame>) {
    let is_tail =
        |f: &Frame| f.item.is_none() && f.category.is_none() && !f.explicit && !f.is_reference() && !f.after_to;
    let mut i = 1;
    while i < frames.len() {
        let f = &frames[i];
        let prev = &frames[i - 1];
        let single = |group: &str| catalog.group(group).is_some_and(|g| g.max <= 1);
        let answers_again =
            f.options.iter().any(|o| single(&o.group) && prev.options.iter().any(|p| p.group == o.group));
        let shares_count = prev.explicit
            && prev.quantity.is_some_and(|n| {
                n >= 2 && frames[i..].iter().take_while(|t| is_tail(t) && !t.options.is_empty()).count() as u32 == n
            });
        // "3 cokes and a large pepperoni": a tail the item cannot take is another thing.
        let prev_takes = prev
            .item
            .is_some_and(|i| f.options.iter().chain(&f.without).all(|o| catalog.items[i].group(&o.group).is_some()));
        // "a pepperoni for me and a sausage one for my brother": a line of its own.
        // "a pepperoni pizza and a hawaiian": after an item said whole, its choices
        // before it and nothing after, "and a" and choices alone are another of it.
        let said_whole = prev.with_from.is_none()
            && prev.options_before_item > 0
            && prev.options_before_item == prev.options.len()
            && prev.without.is_empty()
            && f.without.is_empty();
        let own_line = f.proform || (f.owner.is_some() && f.owner != prev.owner) || said_whole;
        if is_tail(f) && prev_takes && !prev.negated && !answers_again && !shares_count && !own_line {
            let f = frames.remove(i);
            let p = &mut frames[i - 1];
            for o in f.options {
                add_option(&mut p.options, o);
            }
            for o in f.without {
                add_option(&mut p.without, o);
            }
        } else {
            i += 1;
        }
    }
}

/// "2 bottles of coke, the 2 liter ones", "a pizza, the large one": "the … one" said
/// after a comma or "and" right after a line being ordered, by choices its item takes and it has
/// none of yet, says more of that line.
fn merge_appositions(catalog: &Catalog, frames: &mut Vec<Frame>) {
    let mut i = 1;
    while i < frames.len() {
        let (prev, f) = (&frames[i - 1], &frames[i]);
        let describes_only = f.definite
            && f.proform
            && f.item.is_none()
            && f.category.is_none()
            && f.position.is_none()
            && f.owner.is_none()
            && !f.after_to
            && f.without.is_empty()
            && !f.options.is_empty();
        let fits = prev.item.is_some_and(|it| {
            f.options.iter().all(|o| {
                catalog.items[it].group(&o.group).is_some() && !prev.options.iter().any(|p| p.group == o.group)
            })
        });
        if describes_only && fits && prev.and_after && !prev.is_reference() && !prev.negated {
            let f = frames.remove(i);
            for o in f.options {
                add_option(&mut frames[i - 1].options, o);
            }
        } else {
            i += 1;
        }
    }
}

/// "go easy on the cheese on a large pizza": options said before the first item, in the
/// same clause (no "and" or comma between), without a count of their own, describe it.
/// "large, and add a coke" keeps "large" apart: the dialogue applies it to what it asked.
fn merge_leading_options(catalog: &Catalog, frames: &mut Vec<Frame>) {
    if frames.len() < 2 {
        return;
    }
    let (f, next) = (&frames[0], &frames[1]);
    let Some(item) = next.item.map(|i| &catalog.items[i]) else { return };
    let movable = f.item.is_none()
        && f.category.is_none()
        && f.quantity.is_none()
        && !f.is_reference()
        && (!f.and_after || f.options.is_empty() || listed_within(f))
        && !next.is_reference()
        && f.options.iter().chain(&f.without).all(|o| item.group(&o.group).is_some());
    if movable {
        let f = frames.remove(0);
        let n = &mut frames[0];
        // The leading options come first; one said again with the item ("pepperoni on a
        // pepperoni pizza") stays one option.
        let (mut options, mut without) = (f.options, f.without);
        for o in std::mem::take(&mut n.options) {
            add_option(&mut options, o);
        }
        for o in std::mem::take(&mut n.without) {
            add_option(&mut without, o);
        }
        (n.options, n.without) = (options, without);
    }
}

/// "ham and mushroom on a medium pizza": the last "and" (or comma) joined the frame's
/// own choices, more came after it; it did not close the frame ("large, and a coke").
fn listed_within(f: &Frame) -> bool {
    f.movable_from.is_some_and(|from| f.options.len() > from)
}

/// Adds an option to a frame's list unless its choice is already there: a choice said
/// twice is one option, with the amount said last ("pepperoni … extra pepperoni").
/// A line never lists a choice twice (pricing refuses that).
fn add_option(list: &mut Vec<OptionRef>, o: OptionRef) {
    match list.iter_mut().find(|x| x.group == o.group && x.choice == o.choice) {
        Some(same) => {
            if o.amount.is_some() {
                same.amount = o.amount;
            }
        }
        None => list.push(o),
    }
}

/// "two mediums, one sausage and one mushroom": a count of one-choice answers (a size)
/// with no item, shared out exactly by the counted lines after it, whose choices imply
/// an item that takes them too, counts that item (so the lines after share it out).
fn counted_choices_take_the_next_item(catalog: &Catalog, frames: &mut [Frame]) {
    let bare = |f: &Frame| f.item.is_none() && f.category.is_none() && !f.is_reference();
    let single = |o: &OptionRef| catalog.group(&o.group).is_some_and(|g| g.max <= 1);
    for i in 0..frames.len().saturating_sub(1) {
        let (f, next) = (&frames[i], &frames[i + 1]);
        let Some(total) = f.quantity.filter(|&n| n >= 2 && f.explicit) else { continue };
        // The lines after say other things than the count did ("ten cold cut combo, one
        // italian and nine ham" are three kinds, not ten shared out).
        let answered = |p: &Frame| p.options.iter().any(|o| f.options.iter().any(|x| x.group == o.group));
        let parts: u32 = frames[i + 1..]
            .iter()
            .take_while(|p| bare(p) && p.explicit && !p.options.is_empty() && !answered(p))
            .map(|p| p.quantity.unwrap_or(1))
            .sum();
        let sizes_only = !f.options.is_empty() && f.options.iter().all(single);
        if !(sizes_only && bare(f) && parts == total) {
            continue;
        }
        let Some(item) = catalog.implied_item(&next.options) else { continue };
        if f.options.iter().all(|o| item.group(&o.group).is_some()) {
            frames[i].item = catalog.items.iter().position(|x| x.id == item.id);
        }
    }
}

/// "a small and a large pepperoni": a counted line of sizes alone, said before a line
/// that answers the same and says more, is that line's kind in its own size; not when
/// a word nobody knows stands where its own kind would ("2 lg blorp and 1 lg sausage").
fn share_the_head_said_next(catalog: &Catalog, lex: &Lexicon, tokens: &[String], units: &[Unit], frames: &mut [Frame]) {
    let single = |o: &OptionRef| catalog.group(&o.group).is_some_and(|g| g.max <= 1);
    let unknown = |u: &Unit| {
        let t = &tokens[u.start];
        u.phrase.is_none()
            && u.sense.is_none()
            && t.len() >= 3
            && t.chars().all(|c| c.is_ascii_alphabetic())
            && !lex.is_filler(t)
            && !english::is_word(t)
    };
    for i in 0..frames.len().saturating_sub(1) {
        let (f, next) = (&frames[i], &frames[i + 1]);
        let own_unknown = units.get(f.first_unit..next.first_unit).is_some_and(|us| us.iter().any(unknown));
        let bare =
            f.item.is_none() && f.category.is_none() && !f.is_reference() && f.without.is_empty() && !own_unknown;
        let sizes_only = !f.options.is_empty() && f.options.iter().all(single);
        let same_groups = || f.options.iter().all(|o| next.options.iter().any(|x| x.group == o.group));
        if !(bare && sizes_only && f.quantity.is_some() && f.and_after && !next.is_reference() && same_groups()) {
            continue;
        }
        // (What "with" adds is that line's own: "a tuna sub and a ham sub with mustard".)
        let before_with = &next.options[..next.with_from.unwrap_or(next.options.len()).min(next.options.len())];
        let more: Vec<OptionRef> =
            before_with.iter().filter(|x| !f.options.iter().any(|o| o.group == x.group)).cloned().collect();
        if next.item.is_none() && more.is_empty() {
            continue;
        }
        frames[i].item = next.item;
        frames[i].options.extend(more);
    }
}

/// "two medium pizzas with ham and three large with olives": a counted frame with
/// options but no item takes the item of the frame before it.
fn inherit_items(catalog: &Catalog, frames: &mut Vec<Frame>) {
    let mut last: Option<usize> = None;
    // (parent frame, the frames right after it that took its item)
    let mut shared: Vec<(usize, Vec<usize>)> = Vec::new();
    for i in 0..frames.len() {
        let f = &frames[i];
        if f.item.is_some() {
            last = Some(i);
            shared.push((i, Vec::new()));
        } else if f.category.is_none()
            && !f.is_reference()
            && !f.after_to
            && f.quantity.is_some()
            && (!f.options.is_empty() || f.owner.is_some() || f.plain)
        {
            // ("two large iced lattes, one skinny": one of them; "2 pizza steaks and 1
            // whiz wit": another thing.)
            let another = last.is_some_and(|p| frames[p].and_word_after);
            let parent = last
                .and_then(|p| frames[p].item)
                .map(|p| the_default_instead(catalog, p, f).filter(|_| another).unwrap_or(p));
            let fits = parent.is_some_and(|it| {
                f.options.iter().chain(&f.without).all(|o| catalog.items[it].group(&o.group).is_some())
            });
            if !fits {
                // "3 cokes and a large pepperoni": options a coke cannot take are another item's.
                continue;
            }
            frames[i].item = parent;
            if let Some((parent, children)) = shared.last_mut() {
                if children.last().copied().unwrap_or(*parent) + 1 == i {
                    children.push(i);
                }
            }
        }
    }
    // "one small and one large pizza", "two medium and three large pepperonis": a
    // counted frame with choices and no item takes the item said right after it, unless
    // a word the shop does not know stood where its item goes ("2 large pep, a coke").
    for i in (0..frames.len().saturating_sub(1)).rev() {
        let (f, next) = (&frames[i], &frames[i + 1]);
        let waiting = f.item.is_none() && f.category.is_none() && !f.is_reference() && f.quantity.is_some();
        let fits = next
            .item
            .is_some_and(|it| f.options.iter().chain(&f.without).all(|o| catalog.items[it].group(&o.group).is_some()));
        if waiting
            && f.explicit
            && f.and_after
            && !f.head_unknown
            && !f.options.is_empty()
            && !next.is_reference()
            && fits
        {
            frames[i].item = next.item.map(|n| the_default_instead(catalog, n, &frames[i]).unwrap_or(n));
        }
    }
    split_shared_counts(catalog, frames, &shared);
}

/// "2 pizzas. the first one a small margherita, the second a large with olives": a
/// counted item followed by "the first", "the second" … up to its count, each with
/// choices and no item, is shared out into those lines (with its own choices).
fn ordinals_share_out(frames: &mut Vec<Frame>) {
    let mut i = 0;
    while i < frames.len() {
        let parent = &frames[i];
        let n = parent.quantity.unwrap_or(1) as usize;
        let counted = parent.item.is_some() && parent.explicit && (2..=4).contains(&n) && !parent.is_reference();
        let kids: Vec<usize> = (i + 1..frames.len()).take(n).collect();
        let in_order = kids.len() == n
            && kids.iter().enumerate().all(|(k, &c)| {
                let f = &frames[c];
                f.position == Some(k as u32 + 1) && f.item.is_none() && f.category.is_none() && !f.options.is_empty()
            });
        if !(counted && in_order) {
            i += 1;
            continue;
        }
        let (item, common) = (parent.item, parent.options.clone());
        for c in kids {
            let f = &mut frames[c];
            f.item = item;
            (f.position, f.definite, f.proform) = (None, false, false);
            (f.quantity, f.explicit) = (Some(1), true);
            let missing: Vec<OptionRef> =
                common.iter().filter(|o| !f.options.iter().any(|x| x.group == o.group)).cloned().collect();
            f.options.splice(0..0, missing);
        }
        frames.remove(i);
    }
}

/// "25 donut holes, glazed and powdered", "a mixed dozen - glazed, chocolate frosted,
/// sprinkles": things said bare (no count, no article, nothing of their own) right after
/// an item that needs choices of a group of several, whose choices are those things,
/// are those choices of it, as many as the group takes.
pub(super) fn kinds_listed_after_their_item(catalog: &Catalog, frames: &mut Vec<Frame>) {
    let mut at = 0;
    while at + 1 < frames.len() {
        let Some(anchor) = frames[at].item.map(|i| &catalog.items[i]) else {
            at += 1;
            continue;
        };
        let next = &frames[at + 1];
        let bare = next.quantity.is_none()
            && next.options.is_empty()
            && next.without.is_empty()
            && !next.is_reference()
            && next.owner.is_none();
        let kind = next.item.filter(|_| bare).and_then(|j| {
            // (A group the item needs a choice of, with no default: "a gyro, fries and a
            // coke" orders fries, even where a gyro may have fries in it.)
            let needed = anchor.groups.iter().filter(|ig| ig.required && ig.defaults.is_empty());
            needed.filter_map(|ig| catalog.group(&ig.group)).filter(|g| g.max > 1).find_map(|g| {
                let room = frames[at].options.iter().filter(|o| o.group == g.id).count() < g.max as usize;
                let choice = g.choice_that_is(&catalog.items[j]).filter(|_| room)?;
                Some(OptionRef::new(&g.id, &choice.id))
            })
        });
        match kind {
            Some(o) => {
                frames[at].options.push(o);
                frames.remove(at + 1);
            }
            None => at += 1,
        }
    }
}

/// "3 medium pizzas please: pepperoni, hawaiian, and sausage": a count of an item, then
/// a colon and as many choices as the count, lists that many lines, one choice each,
/// with what was said before the item.
pub(super) fn listed_after_a_colon(frames: &mut Vec<Frame>) {
    let mut i = 0;
    while i < frames.len() {
        let f = &frames[i];
        let n = f.quantity.unwrap_or(1) as usize;
        let from = f.options_before_item.min(f.options.len());
        let listed = f.item.is_some() && f.explicit && n >= 2 && f.options.len() - from == n && !f.is_reference();
        if !listed {
            i += 1;
            continue;
        }
        let lines: Vec<Frame> = f.options[from..]
            .iter()
            .map(|o| {
                let mut line = f.clone();
                line.options.truncate(from);
                line.options.push(o.clone());
                (line.quantity, line.explicit) = (Some(1), true);
                line
            })
            .collect();
        frames.splice(i..=i, lines);
        i += n;
    }
}

/// "two medium pizzas, one with pepperoni and one with mushrooms": when the frames right
/// after an item share out exactly its count, they are the lines, each with the options
/// said for all of them (the size), and the counted frame itself goes.
fn split_shared_counts(catalog: &Catalog, frames: &mut Vec<Frame>, shared: &[(usize, Vec<usize>)]) {
    let mut gone = Vec::new();
    for (parent, children) in shared {
        let total = frames[*parent].quantity.unwrap_or(1);
        let parts: u32 = children.iter().map(|&c| frames[c].quantity.unwrap_or(1)).sum();
        // "two large iced lattes, one skinny": said after a comma, fewer parts than the
        // count are some of them, the rest stay as said; after "and" ("two with ham and
        // one with olives") they are more.
        // "2 large hawaiian pizzas and 2 large pepperoni", "2 large hawaiian, 2 large
        // pepperoni", "2 large pepperoni pizzas, a medium hawaiian": a frame said after
        // "and" or answering again a one-choice group the line answers is another line,
        // not its share-out.
        let single = |group: &str| catalog.group(group).is_some_and(|g| g.max <= 1);
        let answers_again = |c: usize| {
            frames[c]
                .options
                .iter()
                .any(|o| single(&o.group) && frames[*parent].options.iter().any(|p| p.group == o.group))
        };
        // "two extra large pizzas, one meat lovers and one margherita, plus a party size
        // with …": the lines that share the count out exactly, before one answering the
        // size again, are its share-out; that one is a line of its own.
        let count = |c: &usize| frames[*c].quantity.unwrap_or(1);
        let before_another: Vec<usize> = children.iter().copied().take_while(|&c| !answers_again(c)).collect();
        let exact_before = before_another.len() >= 2 && before_another.iter().map(count).sum::<u32>() == total;
        let (children, parts) = if exact_before && before_another.len() < children.len() {
            (&before_another, total)
        } else {
            (children, parts)
        };
        let some_of_them =
            parts < total && !frames[*parent].and_word_after && !children.iter().any(|&c| answers_again(c));
        // "three large pepperoni pizzas, two large margheritas and one large veggie":
        // lines that each answer again what the line answers, after a line with
        // toppings of its own, are lines of their own, not its share-out.
        let has_own_toppings = frames[*parent].options.iter().any(|o| !single(&o.group));
        let all_said_again = has_own_toppings && children.iter().all(|&c| answers_again(c));
        let another_line = all_said_again
            || children.len() == 1 && parts == total && (frames[*parent].and_word_after || answers_again(children[0]));
        if children.is_empty()
            || !frames[*parent].explicit
            || total < 2
            || (parts != total && !some_of_them)
            || another_line
        {
            continue;
        }
        let common = frames[*parent].options.clone();
        for &c in children {
            let own = &mut frames[c];
            // A single-choice group the line already answers (its own size) keeps its answer;
            // shared toppings are added to its own.
            let single = |group: &str| catalog.group(group).map_or(true, |g| g.max <= 1);
            let missing: Vec<OptionRef> = common
                .iter()
                .filter(|o| {
                    !own.options.iter().any(|x| x.group == o.group && (x.choice == o.choice || single(&o.group)))
                })
                .cloned()
                .collect();
            own.options.splice(0..0, missing);
        }
        if parts < total {
            frames[*parent].quantity = Some(total - parts);
        } else {
            gone.push(*parent);
        }
    }
    for i in gone.into_iter().rev() {
        frames.remove(i);
    }
}
