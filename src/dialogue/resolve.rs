//! Which cart lines a reference means: "the coke", "the second one", "them",
//! "the large one", "no drinks".

use crate::catalog::grammar::pronoun_of;
use crate::catalog::Price;
use crate::engine::{Attributes, Extreme, Parse, Target};
use crate::order::{OptionRef, OrderLine};

use super::state::Work;

/// The lines a reference picks out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pick {
    /// These lines, all of them meant.
    Lines(Vec<usize>),
    /// One of these lines, the customer must say which.
    Ambiguous(Vec<usize>),
    /// No line of the cart fits.
    Nothing,
}

impl Work<'_> {
    /// Whether a line fits everything the reference says about it (item, category, options).
    pub(super) fn fits_target(&self, line: &OrderLine, t: &Target) -> bool {
        if t.item.as_ref().is_some_and(|item| *item != line.item) {
            return false;
        }
        let category = self.catalog.item(&line.item).map(|i| i.category.as_str());
        if t.category.as_ref().is_some_and(|c| Some(c.as_str()) != category) {
            return false;
        }
        if t.owner.as_deref().is_some_and(|said| !owned_by(line, said)) {
            return false;
        }
        let full = self.catalog.with_defaults(line);
        let has = |o: &OptionRef| full.options.iter().any(|x| x.group == o.group && x.choice == o.choice);
        // ("the chicken one" of a pho, when "chicken" was read as a sandwich's filling: the
        // choice of that name in the line's own group.)
        let item = self.catalog.item(&line.item);
        let own = |o: &OptionRef| match item {
            Some(item) if item.group(&o.group).is_none() => self.catalog.also_named(item, o),
            _ => None,
        };
        t.options.iter().all(|o| has(o) || own(o).is_some_and(|a| has(&a)))
    }

    /// The lines "it", "that" or "them" mean: the ones touched last, else the only line.
    fn pronoun_lines(&self) -> Pick {
        let n = self.state.cart.lines.len();
        if !self.state.last.is_empty() {
            Pick::Lines(self.state.last.clone())
        } else if n == 1 {
            Pick::Lines(vec![0])
        } else if n == 0 {
            Pick::Nothing
        } else {
            Pick::Ambiguous((0..n).collect())
        }
    }

    /// Of `lines`, the one of the largest (or smallest) size; several of that size are
    /// to be asked about.
    fn of_extreme_size(&self, lines: &[usize], extreme: Extreme) -> Pick {
        let weights: Vec<(usize, i64)> =
            lines.iter().filter_map(|&i| Some((i, self.size_weight(&self.state.cart.lines[i])?))).collect();
        let end = match extreme {
            Extreme::Largest => weights.iter().map(|w| w.1).max(),
            Extreme::Smallest => weights.iter().map(|w| w.1).min(),
        };
        let at_end: Vec<usize> = weights.iter().filter(|w| Some(w.1) == end).map(|w| w.0).collect();
        match at_end.as_slice() {
            [] => Pick::Ambiguous(lines.to_vec()),
            [one] => Pick::Lines(vec![*one]),
            _ => Pick::Ambiguous(at_end),
        }
    }

    /// How big a line's size is, told by what the size costs.
    fn size_weight(&self, line: &OrderLine) -> Option<i64> {
        let size = line.choices_in("size").next()?;
        match &self.catalog.item(&line.item)?.price {
            Price::BySize(by) => by.get(&size.choice).copied(),
            Price::Fixed(_) => Some(self.catalog.group("size")?.choice(&size.choice)?.price),
        }
    }

    /// Resolves an explicit reference.
    pub(super) fn resolve(&self, t: &Target) -> Pick {
        let lines = &self.state.cart.lines;
        if t.owner.is_some() && lines.iter().all(|l| l.owner.is_none()) {
            // "make mine a large" when nobody said who anything is for: "mine" is no clue,
            // and among several lines it picks one to ask about.
            return match self.resolve(&Target { owner: None, ..t.clone() }) {
                Pick::Lines(v) if v.len() > 1 => Pick::Ambiguous(v),
                pick => pick,
            };
        }
        let descriptive =
            t.item.is_some() || t.category.is_some() || !t.options.is_empty() || t.owner.is_some() || t.size.is_some();
        if !descriptive && t.position.is_none() && !t.other {
            return self.pronoun_lines();
        }
        let mut candidates: Vec<usize> = (0..lines.len()).filter(|&i| self.fits_target(&lines[i], t)).collect();
        if let Some(said) = t.owner.as_deref() {
            // "make his a medium": the son's pizza before the family's.
            let exact: Vec<usize> = candidates.iter().copied().filter(|&i| owned_exactly_by(&lines[i], said)).collect();
            if !exact.is_empty() {
                candidates = exact;
            }
        }
        if t.other {
            // "the other one": among the lines that fit, those not touched last; with
            // nothing said of them, the lines of the same kind as the last one.
            let last_items: Vec<&str> =
                self.state.last.iter().filter_map(|&i| lines.get(i)).map(|l| l.item.as_str()).collect();
            let same_kind = |i: &usize| descriptive || last_items.contains(&lines[*i].item.as_str());
            let fitting = candidates.clone();
            candidates.retain(|i| !self.state.last.contains(i) && same_kind(i));
            if candidates.is_empty() && fitting.len() == 1 {
                // ("get rid of the pepperoni one" … "basil on the other": the one left.)
                candidates = fitting;
            }
            return match candidates.len() {
                0 => Pick::Nothing,
                1 => Pick::Lines(candidates),
                _ => Pick::Ambiguous(candidates),
            };
        }
        if let Some(said) = t.owner.as_deref().filter(|_| candidates.is_empty()) {
            // "she wants a small margherita" … "make my sister's thin crust": hers, when no
            // one else the cart names is "her" ("a sprite for him" after "my brother" is
            // his, not an uncle's).
            let pronoun = pronoun_of(said).filter(|p| matches!(*p, "her" | "him"));
            let someone_else = |l: &OrderLine| {
                l.owner.as_deref().is_some_and(|o| o != said && Some(o) != pronoun && pronoun_of(o) == pronoun)
            };
            if let Some(p) = pronoun.filter(|_| !lines.iter().any(someone_else)) {
                let spoken_of = Target { owner: Some(p.to_owned()), ..t.clone() };
                let theirs: Vec<usize> =
                    (0..lines.len()).filter(|&i| self.fits_target(&lines[i], &spoken_of)).collect();
                match theirs.len() {
                    0 => {}
                    1 => return Pick::Lines(theirs),
                    _ => return Pick::Ambiguous(theirs),
                }
            }
        }
        if candidates.is_empty() && t.owner.as_deref() == Some("me") {
            // "marcus wants a large buffalo … and i'll have a medium pepperoni" … "make
            // mine stuffed crust": the speaker's is the one line said to be nobody else's.
            let unowned = Target { owner: None, ..t.clone() };
            let mine: Vec<usize> = (0..lines.len())
                .filter(|&i| lines[i].owner.is_none() && self.fits_target(&lines[i], &unowned))
                .collect();
            if let [one] = mine.as_slice() {
                return Pick::Lines(vec![*one]);
            }
        }
        if candidates.is_empty() && t.owner.is_some() {
            // "remove my coke" when the coke was never said to be for anyone; but a
            // person the cart does not know picks one line to ask about, never them all.
            let only_whose = t.item.is_none() && t.category.is_none() && t.options.is_empty() && t.position.is_none();
            if only_whose {
                return Pick::Ambiguous((0..lines.len()).collect());
            }
            return match self.resolve(&Target { owner: None, ..t.clone() }) {
                Pick::Lines(v) if v.len() > 1 => Pick::Ambiguous(v),
                pick => pick,
            };
        }
        if t.every && !candidates.is_empty() {
            return Pick::Lines(candidates);
        }
        if let (Some(extreme), true) = (t.size, candidates.len() > 1) {
            // "the big one": of the lines that fit, the one of the largest size.
            return self.of_extreme_size(&candidates, extreme);
        }
        if let Some(pos) = t.position {
            // Position counts among the lines that fit: "the second pizza"; 0 means the last.
            let chosen = if pos == 0 { candidates.last() } else { candidates.get(pos as usize - 1) };
            return chosen.map_or(Pick::Nothing, |&i| Pick::Lines(vec![i]));
        }
        match candidates.len() {
            0 => Pick::Nothing,
            1 => Pick::Lines(candidates),
            // A category names all its lines: "no drinks", "the pizzas".
            _ if t.category.is_some() && t.item.is_none() && !t.pronoun => Pick::Lines(candidates),
            _ => {
                // "that pizza" among several pizzas: the one touched last, if it is one of them.
                let recent: Vec<usize> = candidates.iter().copied().filter(|i| self.state.last.contains(i)).collect();
                if t.pronoun && !recent.is_empty() {
                    Pick::Lines(recent)
                } else {
                    Pick::Ambiguous(candidates)
                }
            }
        }
    }

    /// The lines attributes said with no reference apply to: for "no mushrooms" or
    /// "switch the sausage for bacon", the lines that have the sausage; otherwise the lines
    /// touched last.
    pub(super) fn implicit(&self, p: &Parse) -> Pick {
        let (attrs, plural) = (&p.attributes, p.plural);
        // "and make both large": "both" alone, with two lines that take what is said,
        // is those two.
        // (Said of a thing, "both pizzas", it is a reference, not read here.)
        let both_alone = p.target.is_none() && p.tokens.iter().any(|t| t == "both");
        if both_alone && (!attrs.options.is_empty() || !attrs.without.is_empty()) {
            let taking: Vec<usize> = (0..self.state.cart.lines.len()).filter(|&i| self.line_takes(i, attrs)).collect();
            if taking.len() == 2 {
                return Pick::Lines(taking);
            }
        }
        // "the veggie should be thin crust": a choice said first after "the" names the
        // one line that has it.
        let first_said = p.tokens.iter().find(|t| !crate::engine::opens_only(t) && *t != ",");
        if first_said.is_some_and(|t| t == "the") && !plural && attrs.quantity.is_none() {
            let cart = &self.state.cart.lines;
            let taking: Vec<usize> = (0..cart.len()).filter(|&i| self.line_takes(i, attrs)).collect();
            let first = attrs.options.first().filter(|_| attrs.options.len() >= 2);
            let holding: Vec<usize> =
                taking.into_iter().filter(|&i| first.is_some_and(|o| cart[i].options.contains(o))).collect();
            if let [one] = holding[..] {
                return Pick::Lines(vec![one]);
            }
        }
        let lines = &self.state.cart.lines;
        let swap = attrs.options.iter().all(|o| attrs.without.iter().any(|w| w.group == o.group));
        if swap && attrs.quantity.is_none() && !attrs.without.is_empty() {
            let having: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    attrs
                        .without
                        .iter()
                        .all(|w| lines[i].options.iter().any(|o| o.group == w.group && o.choice == w.choice))
                })
                .collect();
            match having.len() {
                0 => {}
                1 => return Pick::Lines(having),
                _ => {
                    // "take the pepperoni off" with two pizzas that have it: which one,
                    // unless the message says them all.
                    if plural {
                        return Pick::Lines(having);
                    }
                    let recent: Vec<usize> = having.iter().copied().filter(|i| self.state.last.contains(i)).collect();
                    return if recent.len() == 1 { Pick::Lines(recent) } else { Pick::Ambiguous(having) };
                }
            }
        }
        // Only lines whose item takes every group mentioned: "make it large" after
        // "a pizza and a coke" means the pizza.
        let takes = |i: usize| self.line_takes(i, attrs);
        match self.pronoun_lines() {
            Pick::Lines(v) => {
                let fitting: Vec<usize> = v.iter().copied().filter(|&i| takes(i)).collect();
                let single_choice = self.sets_single_choice(attrs);
                if fitting.is_empty() {
                    self.lines_that_take(attrs).unwrap_or(Pick::Lines(v))
                } else if fitting.len() > 1 && single_choice && !plural {
                    // "make it a medium" after three pizzas: which one, unless "them";
                    // "the hawaiian should be a small": the one a choice said names.
                    match self.named_by_a_choice(attrs, &fitting).or_else(|| self.answer_changed(attrs, &fitting)) {
                        Some(i) => Pick::Lines(vec![i]),
                        None => Pick::Ambiguous(fitting),
                    }
                } else {
                    Pick::Lines(fitting)
                }
            }
            Pick::Ambiguous(v) => match self.named_by_a_choice(attrs, &v) {
                Some(i) if self.sets_single_choice(attrs) => Pick::Lines(vec![i]),
                _ => self.those_that_take(attrs, v),
            },
            Pick::Nothing => Pick::Nothing,
        }
    }

    /// The line among `lines` that the first choice said names, when no other of them
    /// holds it ("the hawaiian should be a large": the subject comes first).
    pub(super) fn named_by_a_choice(&self, attrs: &Attributes, lines: &[usize]) -> Option<usize> {
        // The rest must say what changes ("make it three margaritas").
        if attrs.quantity.is_none() && attrs.options.len() < 2 && attrs.without.is_empty() {
            return None;
        }
        let cart = &self.state.cart.lines;
        let holds =
            |i: usize, o: &OptionRef| cart[i].options.iter().any(|x| x.group == o.group && x.choice == o.choice);
        attrs.options.iter().find_map(
            |o| match lines.iter().copied().filter(|&i| holds(i, o)).collect::<Vec<_>>()[..] {
                [one] => Some(one),
                _ => None,
            },
        )
    }

    /// "a medium pepperoni and a coke" … "make it a large": of the lines meant, the one
    /// whose answer to a one-choice group said is changed (the only one that had one).
    pub(super) fn answer_changed(&self, attrs: &Attributes, lines: &[usize]) -> Option<usize> {
        let cart = &self.state.cart.lines;
        let single = |o: &OptionRef| self.catalog.group(&o.group).is_some_and(|g| g.max <= 1);
        let [o] = attrs.options.as_slice() else { return None };
        if !single(o) || attrs.quantity.is_some() {
            return None;
        }
        let answered = |i: usize| cart[i].options.iter().any(|x| x.group == o.group && x.choice != o.choice);
        match lines.iter().copied().filter(|&i| answered(i)).collect::<Vec<_>>()[..] {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Whether the item of cart line `i` takes every option said (its groups, and the
    /// sizes it comes in).
    pub(super) fn line_takes(&self, i: usize, attrs: &Attributes) -> bool {
        let item = self.state.cart.lines.get(i).and_then(|l| self.catalog.item(&l.item));
        item.is_some_and(|it| {
            attrs.options.iter().all(|o| it.offers(&o.group, &o.choice))
                && attrs.without.iter().all(|o| it.group(&o.group).is_some())
        })
    }

    /// "it" meant the line that can take what is said: "i want it on gluten free crust"
    /// after a drink was added means the pizza. The only line that takes every option,
    /// or the lines to choose from; `None` when no line does.
    pub(super) fn lines_that_take(&self, attrs: &Attributes) -> Option<Pick> {
        if attrs.options.is_empty() && attrs.without.is_empty() {
            return None;
        }
        let taking: Vec<usize> = (0..self.state.cart.lines.len()).filter(|&i| self.line_takes(i, attrs)).collect();
        match taking.len() {
            0 => None,
            1 => Some(Pick::Lines(taking)),
            _ => Some(Pick::Ambiguous(taking)),
        }
    }

    /// Among lines to choose from, those whose item takes the options said; the only
    /// one is meant.
    pub(super) fn those_that_take(&self, attrs: &Attributes, candidates: Vec<usize>) -> Pick {
        let taking: Vec<usize> = candidates.iter().copied().filter(|&i| self.line_takes(i, attrs)).collect();
        match taking.len() {
            0 => Pick::Ambiguous(candidates),
            1 => Pick::Lines(taking),
            _ => Pick::Ambiguous(taking),
        }
    }

    /// "mushrooms instead of the peppers" when the pizza has green peppers: a choice
    /// taken off that no line has stands for the one choice of its group in the cart
    /// whose name holds all its words. `None` when nothing is read otherwise.
    pub(super) fn as_held(&self, attrs: &Attributes) -> Option<Attributes> {
        let lines = &self.state.cart.lines;
        let mut read = attrs.clone();
        let mut changed = false;
        for w in &mut read.without {
            let on_a_line = lines.iter().any(|l| l.options.iter().any(|o| o.group == w.group && o.choice == w.choice));
            let Some(group) = self.catalog.group(&w.group).filter(|_| !on_a_line) else { continue };
            let words = |id: &str| -> Vec<String> {
                let name = group.choices.iter().find(|c| c.id == id).map(|c| c.name.to_lowercase()).unwrap_or_default();
                name.split_whitespace().map(str::to_owned).collect()
            };
            let said = words(&w.choice);
            let mut held: Vec<&str> = lines
                .iter()
                .flat_map(|l| &l.options)
                .filter(|o| o.group == w.group && !said.is_empty())
                .filter(|o| {
                    let name = words(&o.choice);
                    said.iter().all(|s| name.contains(s))
                })
                .map(|o| o.choice.as_str())
                .collect();
            held.sort_unstable();
            held.dedup();
            if let [one] = held.as_slice() {
                w.choice = (*one).to_owned();
                changed = true;
            }
        }
        changed.then_some(read)
    }

    /// Which of the candidates an answer to "which one?" picks, if exactly one.
    pub(super) fn pick_candidate(&self, p: &crate::engine::Parse, candidates: &[usize]) -> Option<usize> {
        let lines = &self.state.cart.lines;
        let mut items: Vec<&str> = p.lines.iter().map(|l| l.item.as_str()).collect();
        let mut options: Vec<&crate::order::OptionRef> = p.attributes.options.iter().collect();
        options.extend(p.lines.iter().flat_map(|l| &l.options));
        let mut position = None;
        if let Some(t) = &p.target {
            items.extend(t.item.as_deref());
            options.extend(&t.options);
            position = t.position;
        }
        if items.is_empty() && options.is_empty() && position.is_none() {
            return None;
        }
        let fitting: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| i < lines.len())
            .filter(|&i| items.is_empty() || items.contains(&lines[i].item.as_str()))
            .filter(|&i| {
                let full = self.catalog.with_defaults(&lines[i]);
                options.iter().all(|o| full.options.iter().any(|x| x.group == o.group && x.choice == o.choice))
            })
            .collect();
        match position {
            Some(0) => fitting.last().copied(),
            Some(n) => fitting.get(n as usize - 1).copied(),
            None if fitting.len() == 1 => Some(fitting[0]),
            None => None,
        }
    }
}

/// Whether a line is the one a person's possessive names: said for them ("for my
/// daughter" is "my daughter's"), for the pronoun they go by ("hers"), or, for "mine",
/// for "us".
fn owned_by(line: &OrderLine, said: &str) -> bool {
    let Some(owner) = line.owner.as_deref() else { return false };
    // A person spoken of as "them" (a friend, a partner) or by name may be "her" or "him".
    let neutral = pronoun_of(owner).map_or(true, |p| p == "them") && matches!(said, "her" | "him");
    owned_exactly_by(line, said) || neutral
}

/// Whether a line is for the person said by their own word or pronoun: "his" is the
/// son's line, where a friend's is only maybe his.
fn owned_exactly_by(line: &OrderLine, said: &str) -> bool {
    let Some(owner) = line.owner.as_deref() else { return false };
    // "my friend's" reads as "friends" once the apostrophe is gone.
    let possessive = said.strip_suffix('s') == Some(owner);
    owner == said || possessive || pronoun_of(owner) == Some(said) || (said == "me" && owner == "us")
}
