//! The understanding engine: one chat message in, one `Parse` out.
//!
//! Pure and synchronous: normalise → tokens → lexicon (exact, stem, fuzzy) → units →
//! frames → intent rules → the `Parse`. Everything heavy is prepared when the catalog
//! is built; a message costs microseconds.

mod assemble;
mod frame;
mod in_context;
mod intent;
mod matcher;
pub mod score;
mod trace;

pub use crate::catalog::Intent;
pub use frame::{Attributes, Extreme, Parse, Target, Topic, Undecided, Unknown};
pub use trace::Trace;

use crate::catalog::grammar::NUMBERS;
use crate::catalog::lexicon::{Lexicon, Sense};
use crate::catalog::text::tokenize;
use crate::catalog::{Catalog, Gram};
use crate::order::{Amount, OptionRef, OrderLine};

use assemble::{Assembly, Frame};
use in_context::{
    choice_naming_another_thing, count_less, denied_after, introduced_by_name, judged_after, judged_then_ordered,
    judged_too, leading_word_of_another_thing, negated_plenty, negated_verbs, the_first_word_ones, told_of_the_past,
    told_what_someone_is, unwanted_named, waiting_is_no_negation,
};
use matcher::{lookup, max_edits, units};

/// Parses one message against the catalog.
pub fn parse(catalog: &Catalog, text: &str) -> Parse {
    members_after_a_colon(catalog, text).unwrap_or_else(|| parse_inner(catalog, text, false).0)
}

/// "3 medium pizzas: pepperoni, sausage, and plain", "three smalls: pepperoni, ham and
/// pineapple, and veggie": a count before a colon and as many members after it, cut at
/// the commas (or at "and" too, when only that gives the count), are that many lines,
/// each what was said before the colon with its member.
/// So does a first comma after a count of three or more ("i want to take three pizza,
/// pepperoni, mushroom and hawaiian"), when the members give that many lines.
fn members_after_a_colon(catalog: &Catalog, text: &str) -> Option<Parse> {
    let (head, tail) = if counted_before_a_colon(text) { text.split_once(':')? } else { counted_before_a_comma(text)? };
    let (tail, after) = list_and_after(tail);
    let head = tokenize(head);
    let at = head.iter().position(|t| t != "a" && t != "an" && is_count_word(t))?;
    let n = count_value(&head[at])? as usize;
    let said: Vec<&String> = head.iter().enumerate().filter(|&(i, _)| i != at).map(|(_, t)| t).collect();
    let said = said.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" ");
    let members = |cut: &dyn Fn(&str) -> Vec<String>| -> Vec<String> {
        cut(tail)
            .into_iter()
            .map(|m| m.trim().trim_start_matches("and ").trim().to_owned())
            .filter(|m| !m.is_empty())
            .collect()
    };
    let by_commas = members(&|t| t.split(',').map(str::to_owned).collect());
    let by_ands = members(&|t| t.split(',').flat_map(|m| m.split(" and ")).map(str::to_owned).collect());
    let members = [by_commas, by_ands].into_iter().find(|m| m.len() == n && n >= 2)?;
    let listed: Vec<String> = members.iter().map(|m| format!("1 {said} {m}")).collect();
    let mut parse = parse_inner(catalog, &listed.join(" , "), false).0;
    let one_each = parse.lines.len() == n && parse.lines.iter().all(|l| l.quantity == 1);
    if parse.intent != Intent::OrderAdd || !one_each || !parse.attributes.is_empty() {
        return None;
    }
    if !after.is_empty() {
        let rest = parse_inner(catalog, after, false).0;
        if rest.intent != Intent::OrderAdd || !rest.attributes.is_empty() || rest.target.is_some() {
            return None;
        }
        parse.lines.extend(rest.lines);
    }
    parse.text = text.to_owned();
    Some(parse)
}

/// Whether the message names an item or a choice of the menu in so many words (a
/// typo corrected to a menu word does not count).
pub fn names_menu(catalog: &Catalog, text: &str) -> bool {
    let (_, us) = read_units(catalog, &tokenize(text), false);
    us.iter().any(|u| matches!(u.sense, Some(Sense::Item(_) | Sense::Choice { .. })))
}

/// Looks the tokens up and groups them into units; without `fuzzy`, corrected typos
/// stay unknown.
fn read_units(catalog: &Catalog, tokens: &[String], fuzzy: bool) -> (Vec<matcher::TokenMatch>, Vec<matcher::Unit>) {
    read_units_but(catalog, tokens, fuzzy, &[])
}

/// [`read_units`], leaving the `possessive` words (typed with "'s") uncorrected: "ben's"
/// and "sam's" are someone's, not a slip of "beans" or "hams".
fn read_units_but(
    catalog: &Catalog,
    tokens: &[String],
    fuzzy: bool,
    possessive: &[String],
) -> (Vec<matcher::TokenMatch>, Vec<matcher::Unit>) {
    let lex = catalog.lexicon();
    let mut matches = Vec::with_capacity(tokens.len());
    lookup(lex, tokens, &mut matches);
    for m in matches.iter_mut().filter(|m| m.corrected_to.is_some()) {
        if !fuzzy {
            m.key = None;
        } else if m.distance.is_some_and(|d| d > 0) && possessive.contains(&m.token) {
            *m = matcher::TokenMatch { token: std::mem::take(&mut m.token), ..Default::default() };
        }
    }
    let mut us = Vec::with_capacity(tokens.len());
    units(lex, tokens, &matches, &mut us);
    (matches, us)
}

/// Parses one message and explains how: each token's menu term, the rule that fired,
/// edit distances, stems, and what was left unmatched.
pub fn parse_explained(catalog: &Catalog, text: &str) -> (Parse, Trace) {
    let (p, t) = parse_inner(catalog, text, true);
    (p, t.unwrap_or_default())
}

fn parse_inner(catalog: &Catalog, text: &str, explain: bool) -> (Parse, Option<Trace>) {
    let lex = catalog.lexicon();
    let (said, possessive) = catalog.tokenize_marking_possessives(text);
    let possessive: Vec<String> = possessive.iter().filter_map(|&i| said.get(i).cloned()).collect();
    let mut tokens = said.clone();
    let mut joined = matcher::join_split_words(lex, &mut tokens);
    for at in matcher::split_joined_words(lex, &mut tokens) {
        // Both halves of a word split in two are guesses too; what came after moved on.
        for j in joined.iter_mut().filter(|j| **j > at) {
            *j += 1;
        }
        joined.extend([at, at + 1]);
    }
    let front = front_reference(catalog, &mut tokens);
    the_other_one(&mut tokens);
    the_one_just_added(&mut tokens);
    said_in_sequence(&mut tokens);
    ones_own(catalog, &mut tokens);
    instead_of_a_count(&mut tokens);
    lowered_to_a_count(&mut tokens);
    if tokens.iter().any(|t| t == "instead") {
        no_then_instead(catalog, &mut tokens);
    }
    modal_copula(&mut tokens);
    part_should_be(&mut tokens);
    that_for_someone_else(&mut tokens);
    reported_speech(catalog, &mut tokens);
    let cues = Cues::of(&tokens);
    let size = if cues.the { the_big_one(catalog, &mut tokens) } else { None };
    if cues.of {
        one_of_the_count(catalog, &mut tokens);
    }
    let (mut matches, mut us) = read_units_but(catalog, &tokens, true, &possessive);
    negated_verbs(catalog, &tokens, &mut us);
    negated_plenty(&tokens, &mut us);
    judged_too(&tokens, &mut us);
    if cues.judged {
        judged_after(&tokens, &mut us);
    }
    if cues.past {
        told_of_the_past(&tokens, &mut us);
    }
    if cues.sensory {
        judged_then_ordered(&tokens, &mut us);
    }
    if cues.being {
        told_what_someone_is(catalog, &tokens, &mut us);
        introduced_by_name(catalog, &tokens, &mut us);
    }
    the_first_word_ones(catalog, &tokens, &mut us);
    leading_word_of_another_thing(catalog, &mut us);
    waiting_is_no_negation(catalog, &tokens, &mut us);
    count_less(&tokens, &mut us);
    choice_naming_another_thing(catalog, &tokens, &mut us);
    unwanted_named(&tokens, &mut us);
    denied_after(&tokens, &mut us);
    // A word put together from two ("sour dough") is a guess, like a corrected typo.
    if !front {
        for &i in &joined {
            matches[i].corrected_to.get_or_insert_with(|| tokens[i].clone());
        }
    }
    let mut asm = assemble::assemble(catalog, lex, &tokens, &us);
    assemble::kinds_listed_after_their_item(catalog, &mut asm.frames);
    if counted_before_a_colon(text) {
        assemble::listed_after_a_colon(&mut asm.frames);
    }
    asm.remove_verb |= split_removal(&tokens);
    let normalized = tokens.join(" ");
    let choice = intent::choose(catalog, &tokens, &normalized, &asm);

    let mut parse = Parse {
        plural: tokens.iter().any(|t| {
            matches!(t.as_str(), "them" | "those" | "these" | "both" | "all" | "each" | "every" | "everything")
        }),
        to_placed: tokens.windows(3).any(|w| {
            matches!(w[0].as_str(), "to" | "on" | "onto" | "into" | "in")
                && matches!(w[1].as_str(), "my" | "the" | "that")
                && w[2] == "order"
        }),
        ..Parse::new(text, Intent::from_id(&choice.intent), choice.confidence)
    };
    shape(catalog, &asm, &tokens, &mut parse);
    parse.shares_out = shares_out(&asm, &tokens, &parse);
    one_not_the_other(catalog, &asm, &tokens, &us, &mut parse);
    if cues.not {
        one_line_not_another(catalog, &tokens, &mut parse);
    }
    let menu_units = us.iter().filter(|u| matches!(u.sense, Some(Sense::Item(_) | Sense::Choice { .. })));
    let (mut exact, mut corrected) = (0, 0);
    for u in menu_units {
        // A phrase with one word said right ("garlic bred") is anchored, not a guess.
        if matches[u.start..u.end].iter().all(|m| m.corrected_to.is_some()) {
            corrected += 1;
        } else {
            exact += 1;
        }
    }
    parse.guessed = corrected > 0 && exact == 0;
    set_quantity_with_only(&tokens, &mut parse);
    if cues.not {
        count_against_count(&tokens, &mut parse);
    }
    ordered_after_a_change(&asm, &mut parse);
    said_instead(catalog, &tokens, &mut parse);
    if cues.of {
        instead_of_one_of_them(&tokens, &mut parse);
    }
    named_choice_made_another(catalog, &tokens, &mut parse);
    if cues.should {
        named_then_what_it_should_be(catalog, &tokens, &mut parse);
    }
    changed_into_what_it_becomes(catalog, &tokens, &mut parse);
    someones_line_then_what_it_gets(catalog, &tokens, &mut parse);
    what_someone_wants_of_theirs(&tokens, &mut parse);
    the_half_named(catalog, &said, &mut parse);
    count_more(lex, &tokens, &mut parse);
    count_fewer(&tokens, &mut parse);
    if cues.another {
        another_described(catalog, &tokens, &mut parse);
    }
    swapped_by_count(&tokens, &mut parse);
    the_ones_described(&tokens, &mut parse);
    item_variant(catalog, &tokens, &mut parse);
    usual_beside_a_variant(catalog, &tokens, &mut parse);
    if cues.not {
        not_the_usual_one(catalog, &tokens, &mut parse);
    }
    counted_edit(catalog, &mut parse);
    question_about_a_line(catalog, &asm, &tokens, &mut parse);
    if let Some(extreme) = size.filter(|_| matches!(parse.intent, Intent::OrderModify | Intent::OrderRemove)) {
        parse.target.get_or_insert_with(Target::default).size = Some(extreme);
    }
    if parse.target.as_ref().is_some_and(|t| *t == Target::default()) {
        // ("she'd rather have bacon instead of ham": a reference to nothing said.)
        parse.target = None;
    }
    for u in &us {
        if u.phrase.is_none() && u.sense.is_none() {
            let m = &matches[u.start];
            // Known words (grammar, intent cues, parts of menu phrases) are not unknown; a
            // name's first word said out of place ("sour dough bread") is an ordinary word.
            let known = m.key.is_some_and(|k| !lex.only_leading(k));
            if m.filler || known || m.token == "," || m.token.chars().all(|c| c.is_ascii_digit() || c == '.') {
                continue;
            }
            let n = m.token.chars().count();
            // One edit more than a correction allows: close enough to ask "did you mean".
            // A real English word is not a typo of a menu word.
            // ("… and a medium pepperoni for maya": a name the line is for is no slip.)
            let owner =
                |o: Option<&String>| o.is_some_and(|o| *o == m.token || m.token.strip_suffix('s') == Some(o.as_str()));
            let named = parse.lines.iter().any(|l| owner(l.owner.as_ref()))
                || parse.target.as_ref().is_some_and(|t| owner(t.owner.as_ref()));
            let suggestion = if n >= 4 && !m.english && !named {
                lex.nearest(&m.token, max_edits(n) + 1).map(|(w, _, _)| w.to_owned())
            } else {
                None
            };
            let english = m.english || (m.key.is_some() && crate::catalog::english::is_word(&m.token));
            parse.unknown.push(Unknown { word: m.token.clone(), english, suggestion });
        }
    }
    if !parse.unknown.is_empty() && parse.confidence > 0.0 {
        // Unplaced words lower the certainty a little, in proportion.
        let share = parse.unknown.len() as f32 / tokens.len().max(1) as f32;
        parse.confidence = (parse.confidence * (1.0 - 0.5 * share)).clamp(0.0, 1.0);
    }
    let trace = explain.then(|| Trace::new(catalog, &matches, &us, &choice, &parse));
    parse.tokens = said;
    (parse, trace)
}

/// Words that wake the rarer passes of [`parse_inner`]: one look at the message instead
/// of one per pass.
#[derive(Default)]
struct Cues {
    not: bool,
    the: bool,
    of: bool,
    another: bool,
    should: bool,
    judged: bool,
    past: bool,
    /// A verb of being that may tell what someone is or who is speaking ("i'm", "is").
    being: bool,
    /// How a thing sounds or looks ("the wings look good").
    sensory: bool,
}

impl Cues {
    fn of(tokens: &[String]) -> Cues {
        let mut c = Cues::default();
        for t in tokens {
            match t.as_str() {
                "not" => c.not = true,
                "the" => c.the = true,
                "of" => c.of = true,
                "another" => c.another = true,
                "should" | "needs" | "has" | "must" | "supposed" | "meant" => c.should = true,
                "enough" | "plenty" | "too" | "was" | "were" => c.judged = true,
                "yesterday" | "ago" | "last" | "other" | "just" | "already" => c.past = true,
                "sound" | "sounds" | "look" | "looks" | "seem" | "seems" => c.sensory = true,
                _ => {}
            }
            c.being |= matches!(
                t.as_str(),
                "im" | "am"
                    | "is"
                    | "are"
                    | "shes"
                    | "hes"
                    | "theyre"
                    | "were"
                    | "names"
                    | "went"
                    | "gone"
                    | "turned"
                    | "become"
                    | "became"
                    | "my"
                    | "our"
                    | "his"
                    | "her"
                    | "their"
            );
        }
        c
    }
}

/// Whether a count is said before a colon and none after it ("3 pizzas: pepperoni, …").
/// "pepperoni, sausage, and margherita. and 3 cokes": the list after a colon ends with
/// its sentence; what follows is read on its own.
fn list_and_after(tail: &str) -> (&str, &str) {
    let bytes = tail.as_bytes();
    let sentence_end = (0..bytes.len()).find(|&i| {
        let between_digits = i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        matches!(bytes[i], b'.' | b'!' | b';') && !between_digits
    });
    sentence_end.map_or((tail, ""), |e| (&tail[..e], tail[e + 1..].trim()))
}

/// The head and tail around a first comma said after a count of three or more, with
/// no count after it ("three pizza, pepperoni, mushroom and hawaiian").
fn counted_before_a_comma(text: &str) -> Option<(&str, &str)> {
    let (head, tail) = text.split_once(',')?;
    // (Three members or more need two separators after the comma.)
    if tail.matches(',').count() + tail.matches(" and ").count() < 2 {
        return None;
    }
    let counts = |s: &str| -> Vec<u32> {
        crate::catalog::text::tokenize(s)
            .iter()
            .filter(|t| *t != "a" && *t != "an" && is_count_word(t))
            .filter_map(|t| count_value(t))
            .collect()
    };
    let said = counts(head);
    (said.len() == 1 && said[0] >= 3 && counts(list_and_after(tail).0).is_empty()).then_some((head, tail))
}

fn counted_before_a_colon(text: &str) -> bool {
    let Some((head, tail)) = text.split_once(':') else { return false };
    let tail = list_and_after(tail).0;
    let counted = |s: &str| crate::catalog::text::tokenize(s).iter().any(|t| t != "a" && t != "an" && is_count_word(t));
    counted(head) && !counted(tail)
}

/// Turns frames into the parse's lines, target, attributes and topic, by intent.
fn shape(catalog: &Catalog, asm: &Assembly, tokens: &[String], parse: &mut Parse) {
    let line = |f: &Frame| -> Option<OrderLine> {
        let item = &catalog.items[f.item?];
        let mut line = OrderLine {
            item: item.id.clone(),
            quantity: f.quantity.unwrap_or(1).max(1),
            options: f.options.clone(),
            without: f.without.clone(),
            owner: f.owner.clone(),
            note: None,
        };
        match f.pieces {
            Some(n) => pick_pieces(catalog, &mut line, n),
            None => pick_counted_choice(catalog, &mut line),
        }
        Some(line)
    };
    let mut attrs = Attributes::default();
    let add_attrs = |attrs: &mut Attributes, f: &Frame, from_opt: usize, from_without: usize, qty: bool| {
        if qty && f.explicit {
            attrs.quantity = f.quantity;
        }
        attrs.plain |= f.plain;
        if attrs.owner.is_none() {
            attrs.owner.clone_from(&f.owner);
        }
        attrs.options.extend(f.options[from_opt.min(f.options.len())..].iter().cloned());
        attrs.without.extend(f.without[from_without.min(f.without.len())..].iter().cloned());
    };
    let target_of = |f: &Frame, with_qty: bool| Target {
        item: f.item.map(|i| catalog.items[i].id.clone()),
        category: f.category.map(|c| catalog.categories[c].id.clone()),
        position: f.position,
        options: f.options[..f.options_before_item.min(f.options.len())].to_vec(),
        quantity: if with_qty && f.explicit { f.quantity } else { None },
        pronoun: f.pronoun,
        owner: f.owner.clone(),
        other: f.other,
        every: f.every,
        size: None,
        half: false,
    };
    let taken_off = (parse.intent == Intent::OrderRemove).then(|| taken_off_a_line(catalog, asm, tokens)).flatten();
    match (&parse.intent, taken_off) {
        (Intent::OrderRemove, None)
            if asm.frames.iter().filter(|f| f.item.is_some() && f.options.is_empty()).count() > 1 =>
        {
            // "remove the coke and the sprite": every line named goes.
            for f in asm.frames.iter().filter(|f| f.item.is_some()) {
                parse.lines.extend(line(f));
            }
        }
        (Intent::OrderRemove, Some((ti, options))) => {
            // "take the olives off the pizza", "remove the ham from one of them": the
            // toppings come off the line meant; the line stays.
            let f = &asm.frames[ti];
            let has_thing = f.item.is_some() || f.category.is_some();
            let mut t = target_of(f, has_thing);
            t.options = f.options.clone();
            parse.target = Some(t);
            parse.intent = Intent::OrderModify;
            attrs.quantity = f.quantity.filter(|_| f.explicit && !has_thing);
            attrs.without = options;
        }
        (Intent::OrderRemove, None) => {
            if let Some(f) =
                asm.frames.iter().find(|f| f.item.is_some() || f.category.is_some() || f.pronoun || f.definite)
            {
                let mut t = target_of(f, true);
                // "no olives on the pizza" style exclusions are not a target's options;
                // "lose the sausage pizza": choices said under the negation before the
                // item negated name the line.
                t.options = f.options.clone();
                if f.negated {
                    t.options.extend(f.without[..f.without_before_item.min(f.without.len())].iter().cloned());
                }
                parse.target = Some(t);
            } else {
                // "take the onions off": options to take off whatever has them.
                for f in &asm.frames {
                    attrs.options.extend(f.options.iter().cloned());
                }
            }
            // "leave the pineapple off it": a topping taken off the line "it" means.
            // "get rid of the pepperoni one": "one" makes the choices name a line.
            // "drop one of the cheese lovers": so does a count of them.
            let said_one = asm.frames.iter().any(|f| f.is_reference() && (f.proform || f.explicit));
            let named_line =
                said_one || parse.target.as_ref().is_some_and(|t| t.item.is_some() || t.category.is_some());
            if !named_line && asm.frames.iter().any(|f| !f.options.is_empty()) && attrs.options.is_empty() {
                parse.target = None;
                for f in &asm.frames {
                    attrs.options.extend(f.options.iter().cloned());
                }
            }
            // "the pepperoni one" is the pepperoni pizza: the item its choices imply.
            let proform = asm.frames.iter().any(|f| f.is_reference() && f.proform);
            if let Some(t) = parse.target.as_mut().filter(|t| proform && t.item.is_none() && t.category.is_none()) {
                t.item = catalog.implied_item(&t.options).map(|i| i.id.clone());
            }
        }
        (Intent::OrderModify, _) => {
            // "change pepsi to diet pepsi": in a change, the item before "to" is the line.
            let before_to = || asm.frames.iter().position(|f| !f.after_to && f.item.is_some());
            let target = asm
                .frames
                .iter()
                .position(|f| !f.after_to && f.is_reference())
                .or_else(|| (asm.change_verb && asm.saw_to).then(before_to).flatten());
            if let Some(ti) = target {
                let f = &asm.frames[ti];
                let has_thing = f.item.is_some() || f.category.is_some();
                parse.target = Some(target_of(f, has_thing));
                add_attrs(&mut attrs, f, f.options_before_item, f.without_before_item, !has_thing);
            }
            for (i, f) in asm.frames.iter().enumerate() {
                if Some(i) == target {
                    continue;
                }
                match line(f) {
                    Some(l) => parse.lines.push(l),
                    None => add_attrs(&mut attrs, f, 0, 0, true),
                }
            }
        }
        _ => {
            // "we'll skip the garlic bread. mozzarella sticks please": a thing said under
            // a negation is not ordered.
            let ordering = parse.intent == Intent::OrderAdd;
            for f in asm.frames.iter().filter(|f| !(ordering && f.negated_right_before && f.item.is_some())) {
                match line(f) {
                    Some(l) => {
                        if f.definite && f.position.is_none() && !f.explicit {
                            parse.definite.push(parse.lines.len());
                        }
                        if f.implied {
                            parse.implied.push(parse.lines.len());
                        }
                        for (g, choices) in &f.undecided {
                            let group = &catalog.groups[*g];
                            let choices = choices.iter().map(|&c| group.choices[c].id.clone()).collect();
                            parse.undecided.push(Undecided {
                                line: parse.lines.len(),
                                group: group.id.clone(),
                                choices,
                            });
                        }
                        parse.lines.push(l);
                    }
                    None => add_attrs(&mut attrs, f, 0, 0, true),
                }
            }
        }
    }
    let instead = asm.instead_of || tokens.iter().any(|t| t == "instead");
    if parse.intent == Intent::OrderModify && (asm.change_verb || instead) {
        swap_within_groups(catalog, tokens, &mut attrs);
        attrs.replace = says_replacement(catalog, tokens, &attrs);
    }
    attrs.added = asm.add_verb;
    // "my daughter is vegan so a small vegan pizza …": choices said apart that a line
    // ordered beside them has already say nothing more.
    let repeated = |o: &OptionRef| {
        parse.lines.iter().any(|l| l.options.iter().any(|x| x.group == o.group && x.choice == o.choice))
    };
    if parse.intent == Intent::OrderAdd
        && attrs.quantity.is_none()
        && attrs.without.is_empty()
        && !attrs.options.is_empty()
        && attrs.options.iter().all(repeated)
    {
        attrs.options.clear();
    }
    parse.attributes = attrs;
    if parse.intent == Intent::MenuAsk {
        parse.topic = topic(catalog, asm);
    }
}

/// "one with pepperoni, the other with mushrooms and olives": lines of one item, each
/// counted "one" (never "a"), the message opening with that count; or "two pepperoni,
/// one hawaiian and one veggie": lines each counted, whose item no word named.
fn shares_out(asm: &Assembly, tokens: &[String], parse: &Parse) -> bool {
    let opens_with_one =
        tokens.iter().find(|t| !opens_only(t) && !matches!(t.as_str(), "and" | ",")).is_some_and(|t| t == "one");
    let counted = |f: &Frame| f.explicit && f.quantity.is_some() && !f.is_reference();
    let each_one = asm.frames.iter().all(|f| counted(f) && f.quantity == Some(1));
    let each_counted_implied = asm.frames.iter().all(counted) && parse.implied.len() == parse.lines.len();
    let one_item = parse.lines.windows(2).all(|w| w[0].item == w[1].item);
    parse.intent == Intent::OrderAdd
        && parse.lines.len() >= 2
        && ((opens_with_one && each_one) || each_counted_implied)
        && one_item
}

/// "take the olives off the second one": choices said on their own (toppings a line
/// may have several of), then the line they come off. The line's frame and the choices.
fn taken_off_a_line(catalog: &Catalog, asm: &Assembly, tokens: &[String]) -> Option<(usize, Vec<OptionRef>)> {
    if !tokens.iter().any(|t| t == "off" || t == "from") {
        return None;
    }
    let bare = |f: &Frame| f.item.is_none() && f.category.is_none() && !f.is_reference();
    let several = |o: &OptionRef| catalog.group(&o.group).is_some_and(|g| g.max > 1);
    let first = asm.frames.iter().position(|f| bare(f) && !f.options.is_empty())?;
    let options: Vec<OptionRef> = asm.frames[first].options.clone();
    if !options.iter().all(several) {
        return None;
    }
    let line =
        asm.frames[first + 1..].iter().position(|f| f.is_reference() || f.item.is_some() || f.category.is_some())?;
    Some((first + 1 + line, options))
}

/// What a menu question is about: a group ("what sizes"), else a category ("what
/// drinks"); and a tag ("anything vegan", "is the pizza gluten free").
fn topic(catalog: &Catalog, asm: &Assembly) -> Option<Topic> {
    // "what kind of desserts do you have": a group ("kind" of pizza) no item of the
    // section named takes is a word of the question, not what it asks.
    let category = asm.categories.first().map(|&c| &catalog.categories[c]);
    let group = asm.groups.first().map(|&g| &catalog.groups[g]).filter(|g| {
        category.map_or(true, |c| catalog.items.iter().any(|i| i.category == c.id && i.group(&g.id).is_some()))
    });
    let topic = Topic {
        group: group.map(|g| g.id.clone()),
        category: if group.is_none() { category.map(|c| c.id.clone()) } else { None },
        tag: asm.tags.first().map(|&t| catalog.lexicon().tags[t].clone()),
        options: Vec::new(),
    };
    (topic != Topic::default()).then_some(topic)
}

/// The topic of a message read as a menu question, whatever intent the parser chose
/// ("is the pizza gluten free" names an item, so the parser saw an order).
pub fn topic_of(catalog: &Catalog, text: &str) -> Option<Topic> {
    let tokens = tokenize(text);
    let (_, us) = read_units(catalog, &tokens, true);
    topic(catalog, &assemble::assemble(catalog, catalog.lexicon(), &tokens, &us))
}

/// "take the onions off", "leave the olives out": a removal whose particle comes after
/// what is removed. "get two cokes out of the fridge" is no removal: "out" needs a verb
/// that takes things away and no "of" after it.
fn split_removal(tokens: &[String]) -> bool {
    let verb = tokens.iter().position(|t| matches!(t.as_str(), "take" | "get" | "pull" | "pick" | "leave" | "hold"));
    let Some(v) = verb else { return false };
    let takes_out = tokens[v] != "get" && tokens[v] != "pick";
    (v + 2..tokens.len())
        .any(|i| tokens[i] == "off" || tokens[i] == "out" && takes_out && tokens.get(i + 1).map_or(true, |n| n != "of"))
}

/// "just one coke", "only two tiramisu", "one garlic bread is plenty": "just"/"only"
/// before the first item's count, or "enough" after it, sets how many there are, if the cart has it (the dialogue adds it otherwise); items
/// said after it ("only 6 cokes, and 2 sprites") are ordered next.
fn set_quantity_with_only(tokens: &[String], parse: &mut Parse) {
    let first_count = tokens.iter().position(|t| is_count_word(t) && !matches!(t.as_str(), "a" | "an"));
    let limited = first_count.is_some_and(|i| i > 0 && matches!(tokens[i - 1].as_str(), "just" | "only"));
    // With more items said, only a message that opens with it is a correction ("wait,
    // only 6 cokes, and 2 sprites"), not an order ("i need just one … and five …").
    let opener = |t: &String| opens_only(t) || matches!(t.as_str(), "no" | "and" | "but" | ",");
    let opens = first_count.is_some_and(|i| i > 0 && tokens[..i - 1].iter().all(opener));
    let limited = limited && (parse.lines.len() == 1 || opens);
    // "4 cokes not 3": a count said against another sets it too.
    let against =
        tokens.windows(2).any(|w| w[0] == "not" && is_count_word(&w[1]) && !matches!(w[1].as_str(), "a" | "an"));
    let limited = limited || against && first_count.is_some();
    // "one garlic bread is plenty", "2 cokes will do": a count said to be enough sets it.
    let enough = tokens.iter().any(|t| matches!(t.as_str(), "plenty" | "enough"))
        || tokens.windows(2).any(|w| matches!(w[0].as_str(), "will" | "should" | "would") && w[1] == "do");
    let limited =
        limited || enough && first_count.is_some() && parse.lines.len() == 1 && tokens.last().is_some_and(|t| t != "?");
    if parse.intent != Intent::OrderAdd || !limited || parse.target.is_some() || parse.lines.is_empty() {
        return;
    }
    let rest = parse.lines.split_off(1);
    parse.intent = Intent::OrderModify;
    parse.attributes.quantity = Some(parse.lines[0].quantity);
    if !rest.is_empty() {
        parse.then.push(Parse { lines: rest, ..Parse::new(&parse.text, Intent::OrderAdd, parse.confidence) });
    }
}

/// "2 not 3", "whoa sorry, 3 not 5": a count said against another, with nothing else
/// named and nothing after it, sets the count of the line touched last.
fn count_against_count(tokens: &[String], parse: &mut Parse) {
    let counted = |t: &String| is_count_word(t) && !matches!(t.as_str(), "a" | "an");
    let Some(at) = tokens.windows(3).position(|w| w[1] == "not" && counted(&w[0]) && counted(&w[2])) else { return };
    let rest_said = tokens[at + 3..].iter().any(|t| t != "," && t != ".");
    let other_counts = tokens[..at].iter().any(counted);
    if !parse.lines.is_empty() || parse.target.is_some() || rest_said || other_counts {
        return;
    }
    let Some(n) = count_value(&tokens[at]) else { return };
    parse.intent = Intent::OrderModify;
    parse.attributes.quantity = Some(n);
    parse.target = Some(Target { pronoun: true, ..Target::default() });
}

/// "make that a medium, and a coke": a change that says what changes, then "and" and
/// an item: the item is ordered next, it does not replace the line meant.
fn ordered_after_a_change(asm: &Assembly, parse: &mut Parse) {
    let a = &parse.attributes;
    let says = !a.options.is_empty() || !a.without.is_empty() || a.quantity.is_some();
    let listed_after = asm.frames.iter().find(|f| f.is_reference()).is_some_and(|f| f.and_after);
    if parse.intent != Intent::OrderModify || parse.lines.is_empty() || parse.target.is_none() || !says || !listed_after
    {
        return;
    }
    let lines = std::mem::take(&mut parse.lines);
    parse.then.insert(0, Parse { lines, ..Parse::new(&parse.text, Intent::OrderAdd, parse.confidence) });
}

/// "the pepperoni should be small", "my son's margherita should be a medium not a
/// large": choices said before "should be" (or "needs to be", "has to be") name the
/// line; those after it are what it becomes, and a choice of the same group denied
/// after it ("not a large") only says what it was.
fn named_then_what_it_should_be(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let copula = (1..tokens.len().saturating_sub(1)).find(|&i| {
        let then_be = |t: &str| tokens.get(i + 2).is_some_and(|n| n == t);
        // ("the hawaiian was supposed to be …", "the coke is meant to be …")
        let supposed = matches!(tokens[i].as_str(), "supposed" | "meant") && tokens[i + 1] == "to" && then_be("be");
        supposed
            || matches!(tokens[i].as_str(), "should" | "needs" | "has" | "must")
                && (tokens[i + 1] == "be"
                    || tokens[i + 1] == "to" && then_be("be")
                    || tokens[i + 1] == "have" && then_be("been"))
    });
    if let Some(k) = copula {
        the_line_said_after_is_what_it_becomes(catalog, tokens, parse, k);
        named_then_what_it_becomes(catalog, tokens, parse, k);
    }
}

/// "the hawaiian should be a bbq chicken pizza": a line named with "the" before the
/// copula at `k` and an item said after it, with choices of its own, is that line
/// becoming them, not a new line.
fn the_line_said_after_is_what_it_becomes(catalog: &Catalog, tokens: &[String], parse: &mut Parse, k: usize) {
    let [line] = parse.lines.as_slice() else { return };
    let at = |o: &OptionRef| mention(catalog, tokens, o);
    let (before, after): (Vec<OptionRef>, Vec<OptionRef>) =
        line.options.iter().cloned().partition(|o| at(o).is_some_and(|i| i < k));
    let definite = |i: usize| i > 0 && matches!(tokens[i - 1].as_str(), "the" | "my" | "that" | "his" | "her");
    let named_with_the = !before.is_empty() && before.iter().all(|o| at(o).is_some_and(definite));
    if line.quantity != 1 || !named_with_the || after.is_empty() || !line.without.is_empty() {
        return;
    }
    let item = parse.lines.remove(0).item;
    parse.intent = Intent::OrderModify;
    parse.target = Some(Target { item: Some(item), options: before, ..Target::default() });
    parse.attributes.options.extend(after);
}

/// "change the hawaiian to a bbq chicken", "switch the pepperoni to a hawaiian", "swap
/// the large for a medium": a changing verb, choices, then "to" / "into" (or "for" /
/// "with" after a swap or a replace) and choices of another group: those before name
/// the line, those after are what it becomes. (Two of one group are a swap, read before.)
fn changed_into_what_it_becomes(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let changes = |i: usize| matches!(catalog.lexicon().grammar_of(&tokens[i..=i]), Some(Gram::Change));
    let verb = (0..tokens.len()).find(|&i| changes(i));
    let untargeted = parse.target.as_ref().map_or(true, |t| *t == Target::default());
    let Some(v) = verb.filter(|_| parse.intent == Intent::OrderModify && untargeted) else { return };
    let swapping = matches!(tokens[v].as_str(), "switch" | "swap" | "replace");
    let pivot = (v + 1..tokens.len()).find(|&i| match tokens[i].as_str() {
        "to" | "into" => true,
        "for" | "with" => swapping,
        _ => false,
    });
    let Some(k) = pivot else { return };
    let at = |o: &OptionRef| mention(catalog, tokens, o);
    let named_before = parse.attributes.options.iter().any(|o| at(o).is_some_and(|i| v < i && i < k));
    let said_after = |o: &OptionRef| at(o).is_some_and(|i| i > k);
    // ("change the hawaiian to a bbq chicken pizza": the item said after is the line's own.)
    if let [line] = parse.lines.as_slice() {
        let becomes = line.quantity == 1 && !line.options.is_empty() && line.options.iter().all(said_after);
        if !named_before || !becomes || !line.without.is_empty() {
            return;
        }
        let line = parse.lines.remove(0);
        parse.attributes.options.extend(line.options);
        parse.target = Some(Target { item: Some(line.item), ..Target::default() });
    } else if !named_before || !parse.attributes.options.iter().any(said_after) {
        return;
    }
    named_then_what_it_becomes(catalog, tokens, parse, k);
}

/// "add olives to the mushroom half": a choice that names the line, said right before
/// "half", names the half it is on.
fn the_half_named(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let Some(t) = parse.target.as_mut().filter(|t| !t.options.is_empty()) else { return };
    // (The choice may be said in the singular: "the mushroom half".)
    let named = |i: usize| {
        i >= 2
            && matches!(tokens[i - 2].as_str(), "the" | "that" | "my" | "his" | "her")
            && catalog.lexicon().key(&tokens[i - 1]).is_some()
    };
    if (2..tokens.len()).any(|i| tokens[i] == "half" && named(i)) {
        t.half = true;
    }
}

/// "she doesn't want the feta actually", "my wife says no olives": a change said by who
/// it is for, naming no line, is of their line.
fn what_someone_wants_of_theirs(tokens: &[String], parse: &mut Parse) {
    use crate::catalog::grammar::person;
    // ("my husband wants a large one": choices said alone for them, read before.)
    let for_them = parse.attributes.owner.is_some();
    if parse.intent != Intent::OrderModify || parse.target.is_some() || !parse.lines.is_empty() || for_them {
        return;
    }
    const VERBS: &[&str] = &[
        "doesnt", "dont", "does", "wants", "would", "wont", "cant", "hates", "likes", "prefers", "needs", "says", "is",
    ];
    let subject = (0..tokens.len().min(8)).find_map(|i| {
        let (who, verb_at) = someone_said_at(tokens, i, person)?;
        tokens.get(verb_at).is_some_and(|v| VERBS.contains(&v.as_str())).then_some(who)
    });
    if let Some(who) = subject {
        parse.target = Some(Target { owner: Some(who.to_owned()), ..Target::default() });
    }
}

/// "she", "he", "my wife", "the kids" at `i`: someone other than the customer, as the
/// subject of what follows (`person` reads the person word), and the token after it.
fn someone_said_at(
    tokens: &[String],
    i: usize,
    person: fn(&str) -> Option<&'static str>,
) -> Option<(&'static str, usize)> {
    match tokens.get(i)?.as_str() {
        "she" => Some(("her", i + 1)),
        "he" => Some(("him", i + 1)),
        "my" | "the" | "our" => Some((person(tokens.get(i + 1)?)?, i + 2)),
        _ => None,
    }
}

/// "my wife would like the vegetarian without green peppers", "my son's pepperoni with
/// extra cheese": someone's line named by choices after "the" or their possessive, then
/// "with", "without" or "no" and what it gets: the choices before name the line.
fn someones_line_then_what_it_gets(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let whose = parse.target.as_ref().is_some_and(|t| t.owner.is_some() && t.options.is_empty() && t.item.is_none());
    if !whose || parse.intent != Intent::OrderModify || !parse.lines.is_empty() {
        return;
    }
    let Some(k) = tokens.iter().position(|t| matches!(t.as_str(), "with" | "without" | "no")) else { return };
    let named_at = |o: &OptionRef| mention(catalog, tokens, o).filter(|&i| i < k);
    let named: Vec<usize> = parse.attributes.options.iter().filter_map(named_at).collect();
    let owner = parse.target.as_ref().and_then(|t| t.owner.clone()).unwrap_or_default();
    let definite = |i: usize| {
        tokens[..i].iter().rev().take(3).any(|t| {
            matches!(t.as_str(), "the" | "her" | "his" | "their") || t.strip_suffix('s') == Some(owner.as_str())
        })
    };
    let gets = !parse.attributes.without.is_empty() || parse.attributes.options.iter().any(|o| named_at(o).is_none());
    if gets && !named.is_empty() && named.iter().all(|&i| definite(i)) {
        named_then_what_it_becomes(catalog, tokens, parse, k);
    }
}

/// Choices said before token `k` name the line; those after it are what it becomes.
fn named_then_what_it_becomes(catalog: &Catalog, tokens: &[String], parse: &mut Parse, k: usize) {
    if parse.intent != Intent::OrderModify || !parse.lines.is_empty() {
        return;
    }
    let before = |o: &OptionRef| {
        let said = mentions(catalog, tokens, o);
        !said.is_empty() && said.iter().all(|&(at, _)| at < k)
    };
    let mut target = parse.target.take().unwrap_or_default();
    let said: Vec<OptionRef> = target.options.drain(..).chain(parse.attributes.options.drain(..)).collect();
    let (named, becomes): (Vec<OptionRef>, Vec<OptionRef>) = said.into_iter().partition(|o| before(o));
    target.options = named;
    parse.attributes.options = becomes;
    let regrouped = |w: &OptionRef| {
        parse.attributes.options.iter().any(|o| o.group == w.group)
            && catalog.group(&w.group).is_some_and(|g| g.max == 1)
    };
    parse.attributes.without.retain(|w| !regrouped(w));
    parse.target = (target != Target::default()).then_some(target);
    // ("the medium should be a margherita": what it is now, in place of what it was.)
    parse.attributes.replace |= says_replacement(catalog, tokens, &parse.attributes);
}

/// "make the sausage italian sausage", "change the ham one to chicken": a line named by
/// one choice made into another of the same group is that choice swapped for it.
fn named_choice_made_another(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let Some(t) = parse.target.as_ref() else { return };
    let (a, named) = (&parse.attributes, Target { options: Vec::new(), ..t.clone() } == Target::default());
    let ([x], [y]) = (t.options.as_slice(), a.options.as_slice()) else { return };
    // ("make the cheese lover thin crust": a crust, in a place of its own, is no other pizza.)
    let own_place = |g: &crate::catalog::Group, id: &str| g.choice(id).is_some_and(|c| c.own_place);
    let several =
        catalog.group(&x.group).is_some_and(|g| g.max > 1 && !own_place(g, &x.choice) && !own_place(g, &y.choice));
    let verb = tokens.iter().any(|t| matches!(t.as_str(), "make" | "change" | "turn" | "switch" | "swap"));
    let adds = tokens.iter().any(|t| matches!(t.as_str(), "add" | "with" | "also" | "too" | "and" | "extra"));
    if parse.intent != Intent::OrderModify
        || !named
        || x.group != y.group
        || x.choice == y.choice
        || !several
        || y.amount.is_some()
        || !a.without.is_empty()
        || !verb
        || adds
    {
        return;
    }
    let x = x.clone();
    parse.attributes.without.push(x);
    parse.attributes.traded = true;
}

/// "a dr pepper instead of one of the pepsis": one of the lines named after "instead
/// of", not all of them, is replaced.
fn instead_of_one_of_them(tokens: &[String], parse: &mut Parse) {
    let one_of = tokens.windows(5).any(|w| {
        w[0] == "instead" && w[1] == "of" && matches!(w[2].as_str(), "one" | "1") && w[3] == "of" && w[4] == "the"
    });
    let every = parse.target.as_ref().is_some_and(|t| t.every);
    if one_of && every && parse.intent == Intent::OrderModify && parse.attributes.quantity.is_none() {
        parse.attributes.quantity = Some(1);
    }
}

/// "no, mozzarella sticks instead": an item said with "instead" (no "of") replaces the
/// line of its kind touched last.
fn said_instead(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let instead =
        tokens.iter().enumerate().any(|(i, t)| t == "instead" && tokens.get(i + 1).map_or(true, |n| n != "of"));
    if instead && parse.intent == Intent::OrderModify && parse.lines.is_empty() && parse.target.is_none() {
        // "medium pepperoni instead": choices of several groups that describe an item
        // whole are that item, said instead.
        let a = &parse.attributes;
        let plain = a.without.is_empty() && a.more.is_none() && a.fewer.is_none();
        let groups_said = a.options.iter().map(|o| &o.group).collect::<std::collections::HashSet<_>>().len();
        if let Some(item) = catalog.implied_item(&a.options).filter(|_| plain && groups_said > 1) {
            let line = OrderLine { options: a.options.clone(), ..OrderLine::new(&item.id, a.quantity.unwrap_or(1)) };
            parse.lines = vec![line];
            parse.attributes = Attributes::default();
            parse.intent = Intent::OrderAdd;
        }
    }
    if !instead || parse.intent != Intent::OrderAdd || parse.lines.len() != 1 || parse.target.is_some() {
        return;
    }
    let category = catalog.item(&parse.lines[0].item).map(|i| i.category.clone());
    parse.intent = Intent::OrderModify;
    parse.target = Some(Target { pronoun: true, category, ..Target::default() });
}

/// "swap one pellegrino for a lemon iced tea", "change 2 of the cokes to sprites": a
/// verb of swapping, a count and a thing, then "for" or "to" and another thing: that
/// many of the first become the second.
fn swapped_by_count(tokens: &[String], parse: &mut Parse) {
    if parse.intent != Intent::OrderAdd || parse.lines.len() != 2 {
        return;
    }
    let from = tokens
        .iter()
        .take_while(|t| matches!(t.as_str(), "and" | "can" | "could" | "you" | "u" | "please" | "pls"))
        .count();
    let swaps = tokens.get(from).is_some_and(|t| matches!(t.as_str(), "swap" | "switch" | "change" | "replace"));
    let counted = tokens.get(from + 1).is_some_and(|t| is_count_word(t) && !matches!(t.as_str(), "a" | "an"));
    let between = tokens.iter().skip(from + 2).any(|t| matches!(t.as_str(), "for" | "to" | "into" | "with"));
    if !swaps || !counted || !between {
        return;
    }
    let old = parse.lines.remove(0);
    parse.target = Some(Target { item: Some(old.item), options: old.options, ..Target::default() });
    parse.attributes.quantity = Some(old.quantity);
    parse.intent = Intent::OrderModify;
}

/// "and another large pepperoni": "another" before choices that imply an item orders
/// one more of it, as said, whatever the cart holds.
fn another_described(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let Some(at) = tokens.iter().position(|t| t == "another") else { return };
    let a = &parse.attributes;
    let described = tokens.get(at + 1).is_some_and(|t| t != "one" && catalog.lexicon().key(t).is_some());
    let plain = a.without.is_empty() && a.quantity.is_none() && a.more.is_none() && !a.options.is_empty();
    if parse.intent != Intent::OrderModify || !parse.lines.is_empty() || parse.target.is_some() || !plain || !described
    {
        return;
    }
    let Some(item) = catalog.implied_item(&a.options) else { return };
    let line = OrderLine { options: a.options.clone(), ..OrderLine::new(&item.id, 1) };
    parse.lines = vec![line];
    parse.attributes = Attributes::default();
    parse.intent = Intent::OrderAdd;
}

/// "one more of those", "two more", "another one", "another one but large": the count
/// adds to a line already ordered instead of replacing its count.
fn count_more(lex: &Lexicon, tokens: &[String], parse: &mut Parse) {
    // "one more time" is no count: after "more" comes nothing, "of …", a pronoun or "please".
    let closes = |t: Option<&String>| {
        t.map_or(true, |t| {
            matches!(
                t.as_str(),
                "," | "of" | "please" | "pls" | "those" | "them" | "it" | "that" | "but" | "with" | "for"
            )
        })
    };
    // ("another one the same for my sister": "the same" says what the one is.)
    let the_same = |k: usize| {
        let w = |j: usize| tokens.get(j).map(String::as_str);
        w(k) == Some("same") || (w(k) == Some("the") && w(k + 1) == Some("same"))
    };
    let more = tokens.windows(2).enumerate().any(|(i, w)| {
        ((w[1] == "more" && is_count_word(&w[0])) || (w[0] == "another" && w[1] == "one"))
            && (closes(tokens.get(i + 2)) || the_same(i + 2))
    });
    // "my friend wants the same", "same again", "the same for her": one more of it.
    // "same again but large": the same with a change.
    let changed = tokens.iter().any(|t| t == "but");
    let same = tokens.iter().any(|t| t == "same") && (parse.attributes.is_empty() || changed);
    let edits =
        matches!(parse.intent, Intent::OrderModify | Intent::Fallback) || (same && parse.intent == Intent::OrderAdd);
    if more_of_a_line(lex, tokens, parse) || !(more || same) || !parse.lines.is_empty() || !edits {
        return;
    }
    let n = parse.attributes.quantity.take().unwrap_or(1);
    parse.attributes.more = Some(n);
    parse.intent = Intent::OrderModify;
    let target = parse.target.get_or_insert_with(Target::default);
    if *target == Target::default() {
        // "another one but with …": one more of the line touched last.
        target.pronoun = true;
    }
    if target.owner.is_none() {
        target.owner = person_said(tokens);
    }
}

/// "one less of each", "two fewer of those": as many units taken off every line meant.
fn count_fewer(tokens: &[String], parse: &mut Parse) {
    let Some(n) = tokens.windows(4).find_map(|w| {
        let of_them = matches!(w[3].as_str(), "each" | "them" | "those" | "these" | "both" | "all" | "everything");
        let said = matches!(w[1].as_str(), "less" | "fewer") && w[2] == "of" && of_them;
        said.then(|| count_value(&w[0])).flatten()
    }) else {
        return;
    };
    if !parse.lines.is_empty() || parse.target.as_ref().is_some_and(|t| !t.only_points()) {
        return;
    }
    parse.intent = Intent::OrderModify;
    parse.attributes = Attributes { fewer: Some(n), ..Attributes::default() };
    parse.target = Some(Target { pronoun: true, ..Target::default() });
}

/// "one more hawaiian", "two more cokes", "one more of the sausage", "another two
/// pepperoni": a count before "more" (or after "another") and one line said is more of the line those words name (the dialogue adds a
/// line when the cart has none). "More" is then no amount. Whether it was.
fn more_of_a_line(lex: &Lexicon, tokens: &[String], parse: &mut Parse) -> bool {
    // ("one more thing, a dozen wings": what follows "more" must be the line's words.)
    // ("another two pepperoni": a count after "another" is as many more.)
    let counted_more = tokens.windows(3).any(|w| {
        let more = w[1] == "more" && is_count_word(&w[0]) && w[0] != "a";
        let another = w[0] == "another" && is_count_word(&w[1]) && w[1] != "one";
        (more && (w[2] == "of" || lex.key(&w[2]).is_some())) || (another && lex.key(&w[2]).is_some())
    });
    if !counted_more || parse.intent != Intent::OrderAdd || parse.lines.len() != 1 || parse.target.is_some() {
        return false;
    }
    let mut line = parse.lines.remove(0);
    for o in line.options.iter_mut().filter(|o| o.amount == Some(Amount::Extra)) {
        o.amount = None;
    }
    parse.intent = Intent::OrderModify;
    parse.attributes.more = Some(line.quantity);
    parse.attributes.without = line.without;
    parse.target = Some(Target { item: Some(line.item), options: line.options, ..Target::default() });
    true
}

/// The person a message speaks of: "my friend", "for her", "she …".
fn person_said(tokens: &[String]) -> Option<String> {
    use crate::catalog::grammar::person;
    let after = tokens.windows(2).find_map(|w| {
        matches!(w[0].as_str(), "my" | "our" | "his" | "her" | "their" | "for").then(|| person(&w[1])).flatten()
    });
    let subject = match tokens.first().map(String::as_str) {
        Some("she") => Some("her"),
        Some("he") => Some("him"),
        _ => None,
    };
    after.or(subject).map(str::to_owned)
}

/// "how much is mine?", "what's on that one?", "how much is my dad's now", "is the
/// hawaiian a large too?", "how much is each of them?": a question that points at a line
/// already ordered names it the way an edit's target does, and the choices said after
/// that are what is asked of it ("a large"). The dialogue answers about that line when
/// the cart has one that fits, and as a menu question otherwise. "whats on it" names
/// nothing on the menu and is such a question all the same; so is "and his?", which
/// asks again what was just asked.
fn question_about_a_line(catalog: &Catalog, asm: &Assembly, tokens: &[String], parse: &mut Parse) {
    let bare = parse.lines.is_empty() && parse.attributes.is_empty() && parse.topic.is_none();
    if parse.target.is_some() || !(bare || matches!(parse.intent, Intent::PriceAsk | Intent::MenuAsk)) {
        return;
    }
    let words: Vec<&str> = tokens.iter().map(String::as_str).filter(|t| !opens_only(t) && *t != ",").collect();
    let what_is_on = matches!(words[..], ["what" | "whats", ..]) && words.iter().any(|w| matches!(*w, "on" | "in"));
    let again = matches!(words[..], ["and", _] | ["and", _, _] | ["what" | "how", "about", ..]);
    let asks = matches!(parse.intent, Intent::PriceAsk | Intent::MenuAsk);
    if parse.target.is_some() || !(asks || bare && (what_is_on || again)) {
        return;
    }
    let reference = asm.frames.iter().position(|f| f.is_reference() || f.owner.is_some());
    // "does the mediterranean have feta on it": "it" is the thing named after "the".
    let named = asm.frames.iter().position(|f| f.item.is_some() || !f.options.is_empty());
    let reference = reference.map(|i| {
        let f = &asm.frames[i];
        let only_points = f.pronoun && f.item.is_none() && f.options.is_empty() && f.owner.is_none();
        named.filter(|_| only_points && the_before_an_article(&words)).unwrap_or(i)
    });
    let mut target = reference.map_or_else(Target::default, |i| {
        let f = &asm.frames[i];
        Target {
            item: f.item.map(|i| catalog.items[i].id.clone()),
            category: f.category.map(|c| catalog.categories[c].id.clone()),
            position: f.position,
            options: f.options.clone(),
            pronoun: f.pronoun,
            owner: f.owner.clone(),
            other: f.other,
            every: f.every,
            ..Target::default()
        }
    });
    target.owner = target.owner.or_else(|| whose_line_said(&words));
    // "how much is that (gonna be)" asks the total; "how much is that one" and "what's on
    // it" ask about a line.
    let one = words.windows(2).any(|w| matches!(w[0], "that" | "this" | "those" | "these") && w[1].starts_with("one"));
    let each = words.windows(3).any(|w| w[0] == "each" && w[1] == "of" && w[2] == "them");
    let pointing = words.iter().any(|w| matches!(*w, "it" | "that" | "this" | "them" | "those" | "these" | "they"));
    target.pronoun |= one || each || pointing && parse.intent != Intent::PriceAsk;
    target.every |= each;
    let total = parse.intent == Intent::PriceAsk && target.only_points() && target.owner.is_none() && !one && !each;
    // ("and thats it" is no question: asked again, only whose line is named alone.)
    let named_alone = if again { target.owner.is_some() } else { target.pronoun || target.owner.is_some() };
    if target == Target::default() || total || (!asks && !named_alone) {
        return;
    }
    // What is asked of it: the choices said after it ("is the hawaiian a large too").
    let after = reference.map_or(0, |i| i + 1);
    let asked: Vec<OptionRef> = asm.frames[after.min(asm.frames.len())..]
        .iter()
        .filter(|f| f.item.is_none() || f.implied)
        .flat_map(|f| f.options.iter().cloned())
        .collect();
    if !asks {
        parse.intent = Intent::MenuAsk;
        parse.confidence = 0.8;
    }
    parse.target = Some(target);
    if reference.is_some() {
        parse.attributes.options = asked;
    }
}

/// The line a message read as an order points at, for when it turns out to be a
/// question: "is the hawaiian a large too" (the line said after "the"), "is my
/// brother's a medium too" (whose line).
pub(crate) fn line_pointed_at(parse: &Parse) -> Option<Target> {
    let words: Vec<&str> = parse.tokens.iter().map(String::as_str).collect();
    let owner = whose_line_said(&words);
    // ("is the hawaiian a large": one line, said after "the" before any "a".)
    let said_after_the = the_before_an_article(&words) && parse.lines.len() == 1;
    let line = parse.definite.first().or(said_after_the.then_some(&0)).and_then(|&i| parse.lines.get(i));
    if line.is_none() && owner.is_none() {
        return None;
    }
    Some(Target {
        item: line.map(|l| l.item.clone()),
        options: line.map(|l| l.options.clone()).unwrap_or_default(),
        owner: owner.or_else(|| line.and_then(|l| l.owner.clone())),
        ..Target::default()
    })
}

/// Whether "the" is said, before any "a" or "an": "is the hawaiian a large".
fn the_before_an_article(words: &[&str]) -> bool {
    let the = words.iter().position(|w| *w == "the");
    let article = words.iter().position(|w| matches!(*w, "a" | "an"));
    the.is_some_and(|t| article.map_or(true, |a| t < a))
}

/// Whose line a question asks about: "mine", "hers", "my dad's".
fn whose_line_said(words: &[&str]) -> Option<String> {
    let own = words.iter().find_map(|w| assemble::owner_of_possessive(w));
    // "my dad's", "her brother's" (never "for my kids": who a thing is for).
    let possessive = (0..words.len().saturating_sub(1)).find_map(|i| {
        let (w, next) = (words[i], words[i + 1]);
        let whose = matches!(w, "my" | "our" | "his" | "her" | "their") && next.ends_with('s');
        let for_whom = i > 0 && words[i - 1] == "for";
        (whose && !for_whom).then(|| crate::catalog::grammar::person(&next[..next.len() - 1])).flatten()
    });
    own.or(possessive).map(str::to_owned)
}

/// Words a message may open with before what it says ("ok so …", "wait, …").
pub(crate) fn opens_only(t: &str) -> bool {
    matches!(
        t,
        "ok" | "okay"
            | "k"
            | "so"
            | "um"
            | "umm"
            | "uh"
            | "oh"
            | "ah"
            | "hm"
            | "hmm"
            | "well"
            | "alright"
            | "actually"
            | "then"
            | "wait"
            | "sorry"
            | "oops"
    )
}

/// A count said as one word: digits, "a"/"an", or a number word of the grammar.
pub(crate) fn is_count_word(t: &str) -> bool {
    match t.as_bytes().first() {
        Some(b) if b.is_ascii_digit() || *b == b'+' => t.parse::<u32>().is_ok(),
        _ => t == "a" || t == "an" || number_words().contains(t),
    }
}

/// The number a count word says: digits or a number word of the grammar.
pub(super) fn count_value(t: &str) -> Option<u32> {
    t.parse::<u32>().ok().or_else(|| NUMBERS.iter().find(|(w, _)| *w == t).map(|(_, n)| *n))
}

/// The grammar's numbers said as one word ("two", "dozen").
fn number_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| NUMBERS.iter().map(|(w, _)| *w).filter(|w| !w.contains(' ')).collect())
}

/// "i meant a large pepperoni not a hawaiian": a line said (or choices implying one),
/// then a choice of a group of one or a named thing denied with "not", replaces the
/// line that choice names.
fn one_line_not_another(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    if parse.target.is_some() || !tokens.iter().any(|t| t == "not") {
        return;
    }
    let a = &parse.attributes;
    let mut line = match parse.lines.as_slice() {
        [line] if parse.intent == Intent::OrderAdd => line.clone(),
        [] if parse.intent == Intent::OrderModify && !a.options.is_empty() => {
            let Some(item) = catalog.implied_item(&a.options) else { return };
            OrderLine { options: a.options.clone(), without: a.without.clone(), ..OrderLine::new(&item.id, 1) }
        }
        _ => return,
    };
    let [denied] = line.without.as_slice() else { return };
    // (A named thing is a choice of no kind: "hawaiian", not "thin crust".)
    let one_choice =
        catalog.group(&denied.group).is_some_and(|g| g.max == 1 || !g.amounts && g.kind(&denied.choice).is_none());
    let by_not = mention(catalog, tokens, denied).is_some_and(|at| {
        tokens[..at].iter().rev().find(|t| !matches!(t.as_str(), "a" | "an" | "the")).is_some_and(|t| t == "not")
    });
    if !one_choice || !by_not {
        return;
    }
    let choice = OptionRef { amount: None, ..denied.clone() };
    parse.target = Some(Target { item: Some(line.item.clone()), options: vec![choice], ..Target::default() });
    line.without.clear();
    parse.lines = vec![line];
    parse.attributes = Attributes::default();
    parse.intent = Intent::OrderModify;
}

/// "i meant sprite not mountain dew", "a coke, not a pepsi": an item said, then another
/// denied with "not", is a replacement of the one denied.
fn one_not_the_other(catalog: &Catalog, asm: &Assembly, tokens: &[String], us: &[matcher::Unit], parse: &mut Parse) {
    let [new, old] = asm.frames.as_slice() else { return };
    let (Some(n), Some(o)) = (new.item, old.item) else { return };
    let denied_by_not = us.get(old.first_unit).is_some_and(|u| {
        tokens[..u.start].iter().rev().find(|t| !matches!(t.as_str(), "a" | "an" | "the")).is_some_and(|t| t == "not")
    });
    if new.negated || new.is_reference() || !old.negated || n == o || !denied_by_not {
        return;
    }
    parse.intent = Intent::OrderModify;
    parse.target = Some(Target { item: Some(catalog.items[o].id.clone()), ..Target::default() });
    parse.lines = vec![OrderLine::new(&catalog.items[n].id, new.quantity.unwrap_or(1))];
    parse.lines[0].options = new.options.clone();
}

/// "make the cokes diet": a word that, put before the line's item, names another item
/// ("diet" + "coke" = Diet Coke) turns the line into that item.
fn item_variant(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let Some(item) = parse.target.as_ref().and_then(|t| t.item.as_deref()).and_then(|i| catalog.item(i)) else {
        return;
    };
    let only_count = Attributes { quantity: parse.attributes.quantity, ..Attributes::default() };
    if parse.intent != Intent::OrderModify || !parse.lines.is_empty() || parse.attributes != only_count {
        return;
    }
    let variant = catalog.items.iter().find(|other| variant_word(item, other).is_some_and(|w| tokens.contains(&w)));
    if let Some(v) = variant {
        parse.lines.push(OrderLine::new(&v.id, 1));
    }
}

/// The word that, put before a name of `base`, names `other` ("diet" for Diet Coke
/// and Coke), if there is one.
fn variant_word(base: &crate::catalog::Item, other: &crate::catalog::Item) -> Option<String> {
    if other.id == base.id {
        return None;
    }
    let names: Vec<String> = std::iter::once(base.name.to_lowercase()).chain(base.synonyms.iter().cloned()).collect();
    let theirs = std::iter::once(other.name.to_lowercase()).chain(other.synonyms.iter().cloned());
    theirs.into_iter().find_map(|s| {
        names.iter().find_map(|n| {
            let w = s.strip_suffix(n.as_str())?.trim();
            (!w.is_empty() && !w.contains(' ')).then(|| w.to_owned())
        })
    })
}

/// "2 diet cokes and one regular coke": beside a variant of an item said in the same
/// message, a word for the usual kind before the item ("regular", "normal") says
/// which of the two, not a size.
fn usual_beside_a_variant(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    if !tokens.iter().any(|t| USUAL.contains(&t.as_str())) {
        return;
    }
    let items: Vec<String> = parse.lines.iter().map(|l| l.item.clone()).collect();
    for line in &mut parse.lines {
        let Some(item) = catalog.item(&line.item) else { continue };
        let contrasted = items.iter().filter_map(|i| catalog.item(i)).any(|other| variant_word(item, other).is_some());
        if !contrasted {
            continue;
        }
        let names: Vec<String> =
            std::iter::once(item.name.to_lowercase()).chain(item.synonyms.iter().cloned()).collect();
        let said_usual = tokens.windows(2).find_map(|w| {
            let named = names.iter().any(|n| *n == w[1] || format!("{n}s") == w[1]);
            (named && USUAL.contains(&w[0].as_str())).then(|| w[0].clone())
        });
        let Some(word) = said_usual else { continue };
        line.options.retain(|o| {
            let choice = catalog.group(&o.group).and_then(|g| g.choice(&o.choice));
            !choice.is_some_and(|c| c.name.to_lowercase() == word || c.synonyms.contains(&word))
        });
    }
}

/// "i wanted a diet pepsi, not a normal one": a variant said, then the usual kind
/// denied ("not a regular one"), replaces the line of the usual kind.
fn not_the_usual_one(catalog: &Catalog, tokens: &[String], parse: &mut Parse) {
    let denied = tokens.windows(3).any(|w| {
        w[0] == "not" && matches!(w[1].as_str(), "a" | "the") && USUAL.contains(&w[2].as_str())
            || w[0] == "not" && USUAL.contains(&w[1].as_str())
    });
    // ("a diet coke not a regular coke": the usual kind named too.)
    let (line, named) = match parse.lines.as_slice() {
        [line] => (line.clone(), None),
        [line, usual] => (line.clone(), Some(usual.item.clone())),
        _ => return,
    };
    if !denied || !matches!(parse.intent, Intent::OrderAdd | Intent::OrderModify) {
        return;
    }
    let Some(variant) = catalog.item(&line.item) else { return };
    let Some(usual) = catalog.items.iter().find(|base| variant_word(base, variant).is_some()) else { return };
    if named.is_some_and(|n| n != usual.id) {
        return;
    }
    let mut line = line;
    line.without.retain(|w| catalog.group(&w.group).is_some_and(|g| g.max > 1));
    parse.lines = vec![line];
    parse.intent = Intent::OrderModify;
    parse.target = Some(Target { item: Some(usual.id.clone()), ..Target::default() });
    parse.attributes = Attributes::default();
}

/// Words for the usual kind of a thing, beside its variants.
const USUAL: &[&str] = &["regular", "normal", "classic", "original", "ordinary", "standard"];

/// "make the wings a dozen": a count said for a line whose item has counted choices
/// picks the choice.
fn counted_edit(catalog: &Catalog, parse: &mut Parse) {
    let Some(item) = parse.target.as_ref().and_then(|t| t.item.as_deref()).and_then(|i| catalog.item(i)) else {
        return;
    };
    let Some(n) = parse.attributes.quantity.or(parse.target.as_ref().and_then(|t| t.quantity)) else { return };
    let mut probe = OrderLine::new(&item.id, n);
    pick_counted_choice(catalog, &mut probe);
    if probe.quantity == 1 && n > 1 {
        parse.attributes.quantity = None;
        if let Some(t) = parse.target.as_mut() {
            t.quantity = None;
        }
        parse.attributes.options.extend(probe.options);
    }
}

/// "a dozen wings", "6 wings": a count that is one of the item's counted choices
/// (`count = 12`) picks that choice for one item, instead of ordering twelve; a choice
/// the item does not come in ("6 cokes" where sizes are shared with wings) counts.
pub(crate) fn pick_counted_choice(catalog: &Catalog, line: &mut OrderLine) {
    let Some(item) = catalog.item(&line.item) else { return };
    for ig in &item.groups {
        let Some(group) = catalog.group(&ig.group) else { continue };
        if line.options.iter().any(|o| o.group == group.id) {
            continue;
        }
        if let Some(choice) = group.counted(line.quantity).filter(|c| item.offers(&group.id, &c.id)) {
            line.options.push(OptionRef::new(&group.id, &choice.id));
            line.quantity = 1;
            return;
        }
    }
}

/// "2 orders of 12 wings": each order the 12-piece choice; "2 packs of 6 cokes", with no
/// such choice, twelve.
fn pick_pieces(catalog: &Catalog, line: &mut OrderLine, n: u32) {
    let orders = line.quantity;
    line.quantity = n;
    pick_counted_choice(catalog, line);
    line.quantity =
        if line.quantity == 1 { orders } else { orders.saturating_mul(n).min(crate::catalog::MAX_QUANTITY) };
}

/// "switch the ham for chicken", "mushrooms instead of peppers", "change the thin crust
/// to stuffed crust": two choices of one group in a swap; the first named goes.
fn swap_within_groups(catalog: &Catalog, tokens: &[String], attrs: &mut Attributes) {
    let separated = tokens
        .iter()
        .any(|t| matches!(t.as_str(), "to" | "into" | "for" | "with" | "instead" | "rather" | "be" | "meant"));
    // The old one is named after "instead of" / "rather than", else first.
    // ("i'd rather have bacon instead of ham": "rather" alone is no pivot.)
    let pivot = tokens
        .iter()
        .enumerate()
        .position(|(i, t)| t == "instead" || (t == "rather" && tokens.get(i + 1).is_some_and(|n| n == "than")));
    if let (Some(k), true) = (pivot, attrs.options.len() > 2) {
        // "sausage instead of pepperoni and mushrooms": all said after it go.
        let after = |o: &OptionRef| mention(catalog, tokens, o).is_some_and(|i| i > k);
        let old: Vec<OptionRef> = attrs.options.iter().filter(|o| after(o)).cloned().collect();
        if !old.is_empty() && old.len() < attrs.options.len() {
            attrs.options.retain(|o| !after(o));
            attrs.without.extend(old);
            attrs.traded = true;
        }
        return;
    }
    if !separated || attrs.options.len() != 2 || attrs.options[0].group != attrs.options[1].group {
        return;
    }
    // "the veggie should be thin crust": said only to "be", a crust and a named pizza of
    // one group that is no list of ingredients are not swapped; choices of one kind are
    // ("it should be stuffed crust not thin crust"), as are any two ingredients.
    let (x, y) = (&attrs.options[0], &attrs.options[1]);
    let only_be =
        !tokens.iter().any(|t| matches!(t.as_str(), "to" | "into" | "for" | "with" | "instead" | "rather" | "meant"));
    if only_be && catalog.group(&x.group).is_some_and(|g| !g.amounts && !g.same_kind(&x.choice, &y.choice)) {
        return;
    }
    // "red onions instead of onions": a name inside the other's is said where it stands alone.
    let spans = |o: &OptionRef| mentions(catalog, tokens, o);
    let (spans_a, spans_b) = (spans(&attrs.options[0]), spans(&attrs.options[1]));
    let at = |own: &[(usize, usize)], other: &[(usize, usize)]| {
        let inside = |&(i, n): &(usize, usize)| other.iter().any(|&(j, m)| m > n && j <= i && i + n <= j + m);
        own.iter().find(|s| !inside(s)).or(own.first()).map_or(usize::MAX, |&(i, _)| i)
    };
    let (a, b) = (at(&spans_a, &spans_b), at(&spans_b, &spans_a));
    // "ham and pineapple": two choices listed, not swapped ("and another one but with
    // sausage instead of pepperoni" lists nothing).
    let between = &tokens[a.min(b).min(tokens.len())..a.max(b).min(tokens.len())];
    if between.iter().any(|t| matches!(t.as_str(), "and" | "plus")) {
        return;
    }
    // ("should be chicken not pork": what is denied is what it was.)
    let denied_between = between.iter().any(|t| t == "not");
    let old_index = match pivot {
        Some(k) if (a > k) != (b > k) => usize::from(b > k),
        _ if denied_between => usize::from(b > a),
        _ => usize::from(b < a),
    };
    let old = attrs.options.remove(old_index);
    attrs.without.push(old);
    attrs.traded = true;
}

/// A change that names one new choice as a replacement: "… instead", "change it to
/// stuffed crust", "it should be thin crust", "make it a margherita" (a kind of pizza,
/// said with an article). An amount ("make it extra cheese") adds to the line.
fn says_replacement(catalog: &Catalog, tokens: &[String], attrs: &Attributes) -> bool {
    let [o] = attrs.options.as_slice() else { return false };
    if o.amount.is_some() || !attrs.without.is_empty() {
        return false;
    }
    let cue = tokens.iter().any(|t| matches!(t.as_str(), "instead" | "to" | "into" | "be"));
    let with_article =
        mention(catalog, tokens, o).is_some_and(|i| i > 0 && matches!(tokens[i - 1].as_str(), "a" | "an"));
    // ("make the sausage a pepperoni too", "the medium should be a margherita too": a
    // line made into another like the rest, "too" adds nothing; nor does an "and" that
    // only goes on from the last message.)
    let said = tokens.strip_prefix(&["and".to_owned()]).unwrap_or(tokens);
    let adds =
        said.iter().any(|t| matches!(t.as_str(), "also" | "add" | "with" | "and") || t == "too" && !with_article);
    (cue || with_article) && !adds
}

/// Where a choice is first mentioned in the tokens, by any of its names.
fn mention(catalog: &Catalog, tokens: &[String], o: &OptionRef) -> Option<usize> {
    mentions(catalog, tokens, o).first().map(|&(i, _)| i)
}

/// Where the choice's name or a synonym is said (its first word alone counts), as
/// (token, words) in order.
fn mentions(catalog: &Catalog, tokens: &[String], o: &OptionRef) -> Vec<(usize, usize)> {
    let Some(choice) = catalog.group(&o.group).and_then(|g| g.choice(&o.choice)) else { return Vec::new() };
    let names: Vec<Vec<String>> =
        std::iter::once(&choice.name).chain(&choice.synonyms).map(|n| tokenize(n)).filter(|w| !w.is_empty()).collect();
    (0..tokens.len())
        .filter_map(|i| {
            let full = names.iter().filter(|w| tokens[i..].starts_with(w)).map(Vec::len).max();
            full.or_else(|| names.iter().any(|w| tokens[i] == w[0]).then_some(1)).map(|n| (i, n))
        })
        .collect()
}

/// "no olives on the medium one", "make it thin crust for the small one": a reference
/// said last, after "on"/"for"/"to", is moved first, where references are read
/// ("the medium one no olives"). Returns whether it moved one.
fn front_reference(catalog: &Catalog, tokens: &mut Vec<String>) -> bool {
    // "extra cheese on the pepperoni", "no olives on the veggie": choices said last after
    // "on the" name the line as "the pepperoni one" does.
    let said_one = tokens.last().is_some_and(|t| t == "one" || t == "ones");
    if let Some(end) = (!said_one).then(|| line_named_by_choices_at_end(catalog, tokens)).flatten() {
        tokens.truncate(end); // (a "please" after it says nothing)
        tokens.push("one".to_owned());
        // ("no olives on her veggie": the veggie one; whose it is, the choices say.)
        if let Some(whose) = tokens.iter().rposition(|t| is_the_or_whose(t)) {
            tokens[whose] = "the".to_owned();
        }
    }
    let n = tokens.len();
    let Some(one) = tokens.iter().rposition(|t| t == "one" || t == "ones") else { return false };
    if one + 1 != n || one < 3 {
        return false;
    }
    let Some(the) = tokens[..one].iter().rposition(|t| t == "the") else { return false };
    let words = &tokens[the + 1..one];
    if the == 0 || words.is_empty() || words.len() > 3 || words.iter().any(|w| w == "and" || w == ",") {
        return false;
    }
    // "for the little one" is a person, not a line: the reference must name the menu.
    if !matches!(tokens[the - 1].as_str(), "on" | "for" | "to") || the < 2 || !names_menu(catalog, &words.join(" ")) {
        return false;
    }
    let reference: Vec<String> = tokens.drain(the..).collect();
    tokens.pop(); // the preposition
    tokens.splice(0..0, reference.into_iter().chain(std::iter::once(",".to_owned())));
    true
}

/// Where the choices end when the message ends with "on the" (or "to", "off", "from
/// the") and one to three words that are choices only (fillers such as "please" may
/// follow), after something said of them ("no ham on the hawaiian please", "take the
/// sausage off the large").
fn line_named_by_choices_at_end(catalog: &Catalog, tokens: &[String]) -> Option<usize> {
    let the = tokens.iter().rposition(|t| is_the_or_whose(t))?;
    let lex = catalog.lexicon();
    // ("large for the pepperoni too": a "too" after it says nothing of the line.)
    let end = tokens.iter().rposition(|t| !lex.is_filler(t) && t != "too").map_or(0, |i| i + 1);
    let words = tokens.get(the + 1..end)?;
    if the < 2
        || !matches!(tokens[the - 1].as_str(), "on" | "to" | "off" | "from" | "for")
        || words.is_empty()
        || words.len() > 3
    {
        return None;
    }
    let (_, us) = read_units(catalog, words, false);
    let choices = us.iter().all(|u| matches!(u.sense, Some(Sense::Choice { .. })));
    // A choice said of the line right before "on" or "to": "extra cheese on the
    // pepperoni", "add corn to the tonkotsu" (not "go light on the cheese", "heavy on
    // the sauce", "be on the …").
    let on = the - 1;
    let clause_from =
        tokens[..on].iter().rposition(|t| matches!(t.as_str(), "," | "and" | "but" | "so")).map_or(0, |i| i + 1);
    let (_, said) = read_units(catalog, &tokens[clause_from..on], false);
    let choice_last = said.last().is_some_and(|u| matches!(u.sense, Some(Sense::Choice { .. })));
    let amount_last = matches!(lex.grammar_of(&tokens[on - 1..on]), Some(Gram::Amount(_)));
    // "add corn to the tonkotsu" (not "switch the ham to the sausage", a swap).
    let adds = |t: &String| matches!(lex.grammar_of(std::slice::from_ref(t)), Some(Gram::Add));
    // ("take the sausage off the large": what comes off it.)
    let placed =
        matches!(tokens[on].as_str(), "on" | "off" | "from" | "for") || tokens[clause_from..on].iter().any(adds);
    // ("a medium margherita on the thin crust": a thing ordered whole, counted and of a
    // choice that stands alone, is what the choices after "on the" go on.)
    let counted = tokens[clause_from..on].iter().any(|t| is_count_word(t) && t != "some");
    let whole = said.iter().any(|u| match u.sense {
        Some(Sense::Choice { group, .. }) => catalog.groups[group].max == 1,
        _ => false,
    });
    let ordered_whole = counted && whole && !matches!(tokens[on].as_str(), "off" | "from");
    (choices && !us.is_empty() && choice_last && !amount_last && placed && !ordered_whole).then_some(end)
}

/// "the", or a possessive that names a line as "the" does ("on her veggie").
fn is_the_or_whose(t: &str) -> bool {
    matches!(t, "the" | "her" | "his" | "my" | "their" | "our")
}

/// "make one of the two a medium", "one of the 3 pizzas": the count after "of the" is
/// how many there are, not a count of its own: "of the two" is "of them", "of the 3
/// pizzas" is "of the pizzas".
fn one_of_the_count(catalog: &Catalog, tokens: &mut Vec<String>) {
    let counted = |t: &String| is_count_word(t) && !matches!(t.as_str(), "a" | "an");
    let Some(at) = tokens.windows(3).position(|w| w[0] == "of" && w[1] == "the" && counted(&w[2])) else { return };
    let thing_next = tokens.get(at + 3).is_some_and(|t| catalog.lexicon().key(t).is_some() && !is_count_word(t));
    if thing_next {
        tokens.remove(at + 2);
    } else {
        tokens.splice(at + 1..at + 3, ["them".to_owned()]);
    }
}

/// "the big one", "add mushrooms to the bigger pizza", "the little one": a word of
/// size the menu does not use, after "the" and before "one" or a thing, names the line
/// of the largest (or smallest) size; the word is taken out ("the big one" is "that
/// one" of that size).
fn the_big_one(catalog: &Catalog, tokens: &mut Vec<String>) -> Option<Extreme> {
    let extreme = |w: &str| match w {
        "big" | "bigger" | "biggest" | "larger" | "largest" | "huge" => Some(Extreme::Largest),
        "smaller" | "smallest" | "little" | "littler" | "tiny" => Some(Extreme::Smallest),
        _ => None,
    };
    let lex = catalog.lexicon();
    // ("a little" is an amount; after "the", "little" is a size.)
    let menu_word = |i: usize| lex.names_alone(&tokens[i]) && lex.grammar_of(&tokens[i..=i]).is_none();
    let at = (1..tokens.len().saturating_sub(1)).find(|&i| {
        tokens[i - 1] == "the" && extreme(&tokens[i]).is_some() && !menu_word(i) && {
            let next = &tokens[i + 1];
            matches!(next.as_str(), "one" | "ones") || lex.key(next).is_some()
        }
    })?;
    let said = extreme(&tokens[at]);
    if matches!(tokens[at + 1].as_str(), "one" | "ones") {
        // ("the big one" reads as "that one": a line pointed at, the size says which.)
        tokens.splice(at - 1..=at, ["that".to_owned()]);
    } else {
        tokens.remove(at);
    }
    said
}

/// "two pizzas, one with ham, the other with olives": "the other" followed by what it
/// has stands for "the other one", as a count shared out says it. (Said last, "on the
/// other" is a half or a line and stays as it is.)
/// Said without "the" at the start of a clause ("one with chorizo, other with
/// chicken"), it is the same.
fn the_other_one(tokens: &mut Vec<String>) {
    // "medium for the other": "the other" closing the clause is the other one (not
    // after halves: "… mushrooms on the other" is the other half).
    let halves = tokens.iter().any(|t| matches!(t.as_str(), "half" | "halves" | "side"));
    let closing = (0..tokens.len().saturating_sub(1)).filter(|_| !halves).find(|&i| {
        tokens[i] == "the"
            && tokens[i + 1] == "other"
            && tokens.get(i + 2).map_or(true, |t| matches!(t.as_str(), "," | "please" | "pls" | "too" | "then"))
    });
    if let Some(i) = closing {
        tokens.insert(i + 2, "one".to_owned());
        return;
    }
    let shared = tokens.iter().any(|t| t == "one");
    let said_of = |w: &str| !matches!(w, "one" | "ones" | "half" | "side" | "," | "and");
    let at = tokens.windows(3).position(|w| w[0] == "the" && w[1] == "other" && said_of(&w[2]));
    if let (true, Some(i)) = (shared, at) {
        tokens.insert(i + 2, "one".to_owned());
        return;
    }
    let bare = (1..tokens.len().saturating_sub(1))
        .find(|&i| tokens[i] == "other" && matches!(tokens[i - 1].as_str(), "," | "and") && said_of(&tokens[i + 1]));
    if let (true, Some(i)) = (shared, bare) {
        tokens.splice(i..=i, ["the", "other", "one"].map(str::to_owned));
    }
}

/// "make the large ones stuffed crust": lines described and called "ones" after "the"
/// are every line so described.
fn the_ones_described(tokens: &[String], parse: &mut Parse) {
    let Some(t) = parse.target.as_mut() else { return };
    let ones =
        (1..tokens.len()).any(|i| tokens[i] == "ones" && tokens[i.saturating_sub(3)..i].iter().any(|t| t == "the"));
    if ones && !t.options.is_empty() && t.quantity.is_none() && t.position.is_none() {
        t.every = true;
    }
}

/// "first a dozen, baker's choice", "second, can i get …": an ordinal opening a clause
/// before an article, a count other than "one" or a request tells the order things are
/// said in, and names no line ("first one pepperoni" and "the second pizza" still do).
fn said_in_sequence(tokens: &mut Vec<String>) {
    const SEQUENCE: &[&str] = &["first", "firstly", "second", "secondly", "third", "next", "lastly", "finally"];
    const OPENS: &[&str] = &["a", "an", "i", "can", "could", "we", "lets", "id", "ill", "gimme", "give"];
    let at = (0..tokens.len()).filter(|&i| SEQUENCE.contains(&tokens[i].as_str())).find(|&i| {
        let opens_clause = i == 0 || tokens[i - 1] == "," || opens_only(&tokens[i - 1]);
        let next =
            tokens.get(i + 1).map(String::as_str).filter(|t| *t != ",").or(tokens.get(i + 2).map(String::as_str));
        opens_clause && next.is_some_and(|t| OPENS.contains(&t) || t != "one" && is_count_word(t))
    });
    if let Some(at) = at {
        tokens.remove(at);
    }
    // "let's do food first, a large pepperoni": an ordinal closing a clause after a
    // word that is no determiner says when, not which line ("the first" still does).
    const DETERMINERS: &[&str] = &["the", "my", "that", "this", "your", "his", "her", "our", "their", "its"];
    let closes = |i: usize| tokens.get(i + 1).map_or(true, |t| matches!(t.as_str(), "," | "then" | "and" | "please"));
    let at = (1..tokens.len()).find(|&i| {
        matches!(tokens[i].as_str(), "first" | "firstly") && closes(i) && !DETERMINERS.contains(&tokens[i - 1].as_str())
    });
    if let Some(at) = at {
        tokens.remove(at);
    }
}

/// "she says fanta not sprite", "kev says can his be thin crust", "jo's asking for no
/// olives on hers": what someone else in the room says is read as said, by them (the
/// verb goes; who said it stays, to say whose line it is).
fn reported_speech(catalog: &Catalog, tokens: &mut Vec<String>) {
    use crate::catalog::grammar::person;
    let lex = catalog.lexicon();
    let says = |i: usize| match tokens[i].as_str() {
        "says" | "said" | "reckons" => Some(i + 1),
        "asking" => Some(if tokens.get(i + 1).is_some_and(|t| t == "for") { i + 2 } else { i + 1 }),
        _ => None,
    };
    let name = |t: &str| lex.key(t).is_none() && !crate::catalog::english::is_word(t) && t.len() > 1;
    let subject_from = |v: usize| -> Option<usize> {
        // ("jo's asking", typed "jos asking": the name with its "'s".)
        let end = if tokens[v] == "asking" && matches!(tokens[v - 1].as_str(), "is" | "was") { v - 1 } else { v };
        let s = end.checked_sub(1)?;
        let w = tokens[s].as_str();
        match w {
            "she" | "he" | "they" => Some(s),
            _ if person(w).is_some() => {
                Some(if s > 0 && matches!(tokens[s - 1].as_str(), "my" | "the" | "our") { s - 1 } else { s })
            }
            _ if name(w) || w.strip_suffix('s').is_some_and(name) => Some(s),
            _ => None,
        }
    };
    let found = (1..tokens.len()).find_map(|v| {
        let to = says(v)?;
        Some((subject_from(v)?, to))
    });
    if let Some((subject, to)) = found.filter(|&(_, to)| to < tokens.len()) {
        let verb = (subject + 1..to)
            .find(|&i| !matches!(tokens[i].as_str(), "my" | "the" | "our") && person(&tokens[i]).is_none());
        tokens.drain(verb.unwrap_or(to)..to);
    }
}

/// "make the wings six instead of twelve": the count after "instead of" is what was,
/// and goes (the count before it is what the line becomes).
fn instead_of_a_count(tokens: &mut Vec<String>) {
    let Some(at) = tokens.windows(3).position(|w| w[0] == "instead" && w[1] == "of" && is_count_word(&w[2])) else {
        return;
    };
    // ("4 cokes instead of 6" sets the line's count: read as it is.)
    let counted_before = at > 0 && is_count_word(&tokens[at - 1]);
    if counted_before && !matches!(tokens[at + 2].as_str(), "a" | "an") {
        tokens.drain(at..at + 3);
        return;
    }
    // ("make it 6 wings instead of 12 (wings)": the thing counted said once, before; the
    // count after is denied, as in "6 wings not 12".)
    let thing = at.checked_sub(1).map(|t| tokens[t].clone()).unwrap_or_default();
    let counted_thing = at >= 2 && is_count_word(&tokens[at - 2]) && thing.chars().all(char::is_alphabetic);
    let said_again = tokens.get(at + 3).map_or(0, |t| usize::from(*t == thing));
    let ends = tokens.get(at + 3 + said_again).map_or(true, |t| t == ",");
    if counted_thing && ends && !matches!(tokens[at + 2].as_str(), "a" | "an") {
        tokens.drain(at + 3..at + 3 + said_again);
        tokens.splice(at..at + 2, ["not".to_owned()]);
    }
}

/// "hmm no large sausage instead", "nah pepperoni instead": a "no" that opens the
/// message, before what is wanted "instead", says no to what was there; it negates
/// nothing after it (read as "no, large sausage instead").
fn no_then_instead(catalog: &Catalog, tokens: &mut Vec<String>) {
    use crate::catalog::acts::{Act, Cue};
    let words = catalog.act_words();
    let hesitates = |i: usize| matches!(words.longest(tokens, i), Some((1, Cue::Act(Act::Wait) | Cue::Soft)));
    let Some(at) = (0..tokens.len()).find(|&i| !hesitates(i)) else { return };
    let says_no = matches!(tokens[at].as_str(), "no" | "nah" | "nope");
    let last = tokens.iter().rposition(|t| !matches!(t.as_str(), "please" | "pls" | "plz" | "then" | "." | "!"));
    // ("no olives on hers, she wants mushrooms instead": a clause of its own says no.)
    let ends_instead =
        last.is_some_and(|l| l > at + 1 && tokens[l] == "instead" && !tokens[at..l].iter().any(|t| t == ","));
    if says_no && ends_instead && tokens.get(at + 1).is_some_and(|t| t != ",") {
        tokens.insert(at + 1, ",".to_owned());
    }
}

/// "drop it to 2 dews", "cut the cokes down to 3", "bring it down to two": a line
/// lowered to a count is "make it 2": its count is set, nothing is taken off.
fn lowered_to_a_count(tokens: &mut Vec<String>) {
    let lowers = |t: &str| matches!(t, "drop" | "cut" | "reduce" | "lower" | "bring" | "take" | "knock");
    let Some(v) = tokens.iter().position(|t| lowers(t)) else { return };
    let clause_end = tokens[v..].iter().position(|t| t == ",").map_or(tokens.len(), |c| v + c);
    let Some(to) = (v + 1..clause_end.min(v + 6)).find(|&i| tokens[i] == "to") else { return };
    if !tokens.get(to + 1).is_some_and(|n| is_count_word(n) && !matches!(n.as_str(), "a" | "an")) {
        return;
    }
    let from = if tokens[to - 1] == "down" { to - 1 } else { to };
    tokens.drain(from..=to);
    tokens[v] = "make".to_owned();
}

/// "could the pepperoni be a large instead?", "can my son's be medium": a modal asking
/// whether a line named with "the" can be something is "the pepperoni should be …".
fn modal_copula(tokens: &mut Vec<String>) {
    let start =
        tokens.iter().position(|t| !matches!(t.as_str(), "and" | "oh" | "also" | "um" | "so" | ",")).unwrap_or(0);
    let modal = tokens.get(start).is_some_and(|t| matches!(t.as_str(), "could" | "can" | "would" | "will"));
    let named = tokens.get(start + 1).is_some_and(|t| matches!(t.as_str(), "the" | "my" | "his" | "her" | "their"));
    if !modal || !named {
        return;
    }
    let Some(be) = (start + 2..tokens.len().min(start + 7)).find(|&i| tokens[i] == "be") else { return };
    if tokens[start + 2..be].iter().any(|t| matches!(t.as_str(), "you" | "i" | "we" | "," | "u")) {
        return;
    }
    tokens.insert(be, "should".to_owned());
    tokens.remove(start);
}

/// "one of the hawaiians should be a pepperoni instead": part of a line said to be
/// another thing is made it ("make one of the hawaiians a pepperoni instead").
fn part_should_be(tokens: &mut Vec<String>) {
    let opening =
        |t: &str| matches!(t, "and" | "oh" | "ok" | "okay" | "also" | "actually" | "wait" | "um" | "so" | ",");
    let start = tokens.iter().position(|t| !opening(t)).unwrap_or(0);
    let part = tokens.get(start).is_some_and(|t| is_count_word(t) && !matches!(t.as_str(), "a" | "an"))
        && tokens.get(start + 1).is_some_and(|t| t == "of")
        && tokens.get(start + 2).is_some_and(|t| matches!(t.as_str(), "the" | "those" | "these" | "my" | "our"));
    if !part {
        return;
    }
    let end = tokens.len().min(start + 8);
    let Some(be) = (start + 3..end).find(|&i| tokens[i] == "be") else { return };
    let modal = match tokens[be - 1].as_str() {
        "should" | "must" => 1,
        "to" if be >= 2 && matches!(tokens[be - 2].as_str(), "supposed" | "meant" | "needs" | "has") => 2,
        _ => return,
    };
    // ("one of the cokes is meant to be a sprite": the "is" goes too.)
    let modal = modal + usize::from(modal == 2 && matches!(tokens[be - 3].as_str(), "is" | "was" | "are" | "were"));
    if be < start + 3 + modal {
        return;
    }
    // ("… should be thin crust", choices alone, reads as it is.)
    if tokens.get(be + 1).is_some_and(|t| matches!(t.as_str(), "a" | "an")) {
        tokens.drain(be - modal..=be);
        tokens.insert(start, "make".to_owned());
    }
}

/// "my mate will have exactly that but in a large", "my wife wants one too": someone
/// else ordering "that" (or "one", with "too") orders the same as the line just said.
fn that_for_someone_else(tokens: &mut Vec<String>) {
    use crate::catalog::grammar::person_as_said as person;
    let verb_at = |i: usize| -> Option<usize> {
        let one_word = ["wants", "gets", "takes", "needs", "likes"];
        let two_words = [("will", "have"), ("will", "want"), ("will", "take"), ("will", "get"), ("would", "like")];
        let w = |k: usize| tokens.get(k).map(String::as_str);
        if one_word.contains(&w(i)?) {
            return Some(i + 1);
        }
        two_words.iter().any(|&(a, b)| w(i) == Some(a) && w(i + 1) == Some(b)).then_some(i + 2)
    };
    let subject_end = |i: usize| someone_said_at(tokens, i, person).map(|(_, end)| end);
    let found = (0..tokens.len()).find_map(|i| {
        let mut at = verb_at(subject_end(i)?)?;
        if tokens.get(at).is_some_and(|t| t == "exactly" || t == "just") {
            at += 1;
        }
        let what = tokens.get(at)?.as_str();
        let next = tokens.get(at + 1).map(String::as_str);
        let closes = next.map_or(true, |t| matches!(t, "," | "but" | "too" | "as" | "please"));
        let said = match what {
            "that" | "this" => closes,
            "one" => matches!(next, Some("too")) || next == Some("as"),
            _ => false,
        };
        said.then_some((verb_at(subject_end(i)?)?, at))
    });
    if let Some((from, at)) = found {
        tokens.splice(from..=at, ["the", "same"].map(str::to_owned));
    }
}

/// "my dad wants his own pizza", "she'll want her own": someone else's line of their own
/// is one more, "a pizza" ("one" when nothing follows); a menu that says "own" ("build
/// your own") keeps it.
fn ones_own(catalog: &Catalog, tokens: &mut Vec<String>) {
    let Some(at) = tokens.windows(2).position(|w| matches!(w[0].as_str(), "his" | "her" | "their") && w[1] == "own")
    else {
        return;
    };
    if catalog.lexicon().key("own").is_some() {
        return;
    }
    let thing_next = tokens.get(at + 2).is_some_and(|t| t != "," && t != "one");
    tokens.splice(at..at + 2, [if thing_next { "a" } else { "one" }.to_owned()]);
}

/// "scrap the drink i just added", "the pizza i ordered last": a thing named, then "i"
/// and a verb of ordering, is the last one of it said: "the last drink".
fn the_one_just_added(tokens: &mut Vec<String>) {
    const ORDERED: &[&str] = &["added", "ordered", "said", "put", "asked", "got", "picked", "chose", "typed"];
    let clause = |i: usize| {
        let verb = (i + 1..tokens.len().min(i + 3)).find(|&v| ORDERED.contains(&tokens[v].as_str()))?;
        let between = tokens[i + 1..verb].iter().all(|t| matches!(t.as_str(), "just" | "last"));
        let the = (i.saturating_sub(3)..i - 1).find(|&t| tokens[t] == "the")?;
        (tokens[i] == "i" && between).then_some((i, verb, the))
    };
    let Some((i, verb, the)) = (2..tokens.len()).find_map(clause) else { return };
    let end = if tokens.get(verb + 1).is_some_and(|t| t == "last" || t == "for") { verb + 2 } else { verb + 1 };
    tokens.drain(i..end);
    if tokens[the + 1] != "last" {
        tokens.insert(the + 1, "last".to_owned());
    }
}

/// The menu term a sense names, for traces ("topping:pepperoni", "item:coke").
pub(crate) fn describe(catalog: &Catalog, s: &Sense) -> String {
    match *s {
        Sense::Item(i) => format!("item:{}", catalog.items[i].id),
        Sense::Choice { group, choice } => {
            format!("{}:{}", catalog.groups[group].id, catalog.groups[group].choices[choice].id)
        }
        Sense::Category(c) => format!("category:{}", catalog.categories[c].id),
        Sense::Group(g) => format!("group:{}", catalog.groups[g].id),
        Sense::Tag(t) => format!("tag:{}", catalog.lexicon().tags[t]),
        Sense::Gram(g) => format!("grammar:{g:?}").to_lowercase(),
    }
}
