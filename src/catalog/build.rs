//! Turns parsed TOML files into a `Catalog`, collecting every problem on the way.
//!
//! Nothing stops at the first problem: an operator fixing files wants the whole list.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::acts::{Act, ActWords, Cue};
use super::error::{Problem, Source};
use super::file::{ActsDef, ChoiceDef, GroupDef, IntentsFile, ItemDef, MenuFile, WordsDef};
use super::grammar::Gram;
use super::model::{Category, Choice, Either, Group, Index, IntentRule, Item, ItemGroup, Price, Shop, CANCEL_STAGES};
use super::pricing::MAX_PRICE_CENTS;
use crate::order::Amount;

/// Where a definition came from, to report duplicates at both places.
struct Seen<'a> {
    src: &'a Source,
    offset: usize,
}

/// Collects problems while building.
#[derive(Default)]
pub(crate) struct Report(pub Vec<Problem>);

impl Report {
    pub(crate) fn at<T>(&mut self, src: &Source, spanned: &Spanned<T>, message: impl Into<String>) {
        self.0.push(src.problem_at(spanned.span().start, message));
    }
}

/// Parses one file, reporting TOML and shape errors at their position.
fn parse_file<T: DeserializeOwned + Default>(src: &Source, report: &mut Report) -> T {
    match toml::from_str::<T>(&src.text) {
        Ok(v) => v,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            // toml's message repeats the source excerpt over several lines; keep its first line.
            let message = e.message().lines().next().unwrap_or("invalid TOML").to_owned();
            report.0.push(src.problem_at(offset, message));
            T::default()
        }
    }
}

pub(crate) struct Built {
    pub categories: Vec<Category>,
    pub groups: Vec<Group>,
    pub items: Vec<Item>,
    pub intents: Vec<IntentRule>,
    pub replies: HashMap<String, Vec<String>>,
    pub acts: ActWords,
    pub index: Index,
    /// The shop's own grammar phrases (`[words]` in menu files).
    pub words: Vec<(String, Gram)>,
    /// The shop's own rules (`[shop]` in menu files).
    pub shop: Shop,
    /// `[fulfilment]` word lists of the intents files.
    pub said: super::said::SaidWords,
}

pub(crate) fn build(menu: &[Source], intents: &[Source], report: &mut Report) -> Built {
    let menus: Vec<(&Source, MenuFile)> = menu.iter().map(|s| (s, parse_file(s, report))).collect();
    let intent_files: Vec<(&Source, IntentsFile)> = intents.iter().map(|s| (s, parse_file(s, report))).collect();

    let mut index = Index::default();
    let mut categories = Vec::new();
    let mut seen: HashMap<(&str, String), Seen> = HashMap::default();

    // Categories first: items refer to them.
    for (src, file) in &menus {
        for c in &file.category {
            if check_id(src, &c.id, "category", &mut seen, report) {
                index.categories.insert(c.id.get_ref().clone(), categories.len());
                categories.push(Category {
                    id: c.id.get_ref().clone(),
                    name: c.name.clone(),
                    synonyms: strings(&c.synonyms),
                    default_item: c.default_item.as_ref().map(|d| d.get_ref().clone()),
                });
            }
        }
    }

    let mut groups = Vec::new();
    for (src, file) in &menus {
        for g in &file.group {
            if check_id(src, &g.id, "group", &mut seen, report) {
                index.groups.insert(g.id.get_ref().clone(), groups.len());
                groups.push(build_group(src, g, report));
            }
        }
    }

    let mut items = Vec::new();
    for (src, file) in &menus {
        for it in &file.item {
            if check_id(src, &it.id, "item", &mut seen, report) {
                if let Some(item) = build_item(src, it, &index, &groups, report) {
                    index.items.insert(item.id.clone(), items.len());
                    items.push(item);
                }
            }
        }
    }

    for g in &mut groups {
        g.add_on = !items.iter().any(|i: &Item| i.group(&g.id).is_some_and(|ig| ig.required));
    }
    check_default_items(&menus, &index, &items, report);
    check_synonyms(&menus, report);
    let mut words = Vec::new();
    for (src, file) in &menus {
        if let Some(def) = &file.words {
            add_shop_words(src, def, &mut words, report);
        }
    }

    let mut built_intents = Vec::new();
    let mut replies: HashMap<String, Vec<String>> = HashMap::default();
    let mut act_words = ActWords::default();
    let mut said = super::said::SaidWords::default();
    for (src, file) in &intent_files {
        for i in &file.intent {
            if !check_id(src, &i.id, "intent", &mut seen, report) {
                continue;
            }
            let mut patterns = Vec::new();
            for p in &i.patterns {
                match regex::Regex::new(p.get_ref()) {
                    Ok(re) => patterns.push(re),
                    Err(e) => {
                        let first = e.to_string().lines().last().unwrap_or("").trim().to_owned();
                        report.at(src, p, format!("invalid regex: {first}"));
                    }
                }
            }
            if i.examples.is_empty() && i.patterns.is_empty() && i.keywords.is_empty() && i.id.get_ref() != "fallback" {
                report.at(src, &i.id, format!("intent '{}' has no examples, patterns or keywords", i.id.get_ref()));
            }
            if !i.replies.is_empty() {
                replies.insert(i.id.get_ref().clone(), strings(&i.replies));
            } else if matches!(super::Intent::from_id(i.id.get_ref()), super::Intent::Shop(_)) {
                // The shop's own question ("info.hours") is answered with its replies alone.
                report.at(src, &i.id, format!("intent '{}' is the shop's own and needs replies", i.id.get_ref()));
            }
            built_intents.push(IntentRule {
                id: i.id.get_ref().clone(),
                priority: i.priority,
                examples: strings(&i.examples),
                patterns,
                keywords: strings(&i.keywords),
            });
        }
        if let Some(acts) = &file.acts {
            add_act_words(src, acts, &mut act_words, report);
        }
        if let Some(def) = &file.fulfilment {
            said.add(src, def, report);
        }
        for r in &file.reply {
            if !check_id(src, &r.id, "reply", &mut seen, report) {
                continue;
            }
            if r.variants.is_empty() {
                report.at(src, &r.id, format!("reply '{}' has no variants", r.id.get_ref()));
            }
            replies.insert(r.id.get_ref().clone(), strings(&r.variants));
        }
    }

    let shop = build_shop(&menus, report);
    Built { categories, groups, items, intents: built_intents, replies, acts: act_words, index, words, shop, said }
}

/// The `[shop]` rules: each key set at most once across the menu files, to a known value.
fn build_shop(menus: &[(&Source, MenuFile)], report: &mut Report) -> Shop {
    let mut shop = Shop::default();
    let mut set = false;
    for (src, file) in menus {
        let Some(until) = file.shop.as_ref().and_then(|s| s.customer_cancel_until.as_ref()) else { continue };
        if set {
            report.at(src, until, "customer_cancel_until is already set in another menu file");
        } else if !CANCEL_STAGES.contains(&until.get_ref().as_str()) {
            let stages = CANCEL_STAGES.join(", ");
            report.at(src, until, format!("customer_cancel_until must be one of {stages}, not {:?}", until.get_ref()));
        } else {
            shop.customer_cancel_until.clone_from(until.get_ref());
        }
        set = true;
    }
    shop.orders = super::shop::build(menus, report);
    shop
}

/// Compiles one menu file's `[words]`; an empty phrase is a problem at its place.
fn add_shop_words(src: &Source, def: &WordsDef, words: &mut Vec<(String, Gram)>, report: &mut Report) {
    let lists: [(&[Spanned<String>], Gram); 4] = [
        (&def.negation, Gram::Neg),
        (&def.extra, Gram::Amount(Amount::Extra)),
        (&def.light, Gram::Amount(Amount::Light)),
        (&def.filler, Gram::Filler),
    ];
    for (list, gram) in lists {
        for phrase in list {
            let tokens = super::text::tokenize(phrase.get_ref());
            if tokens.is_empty() {
                report.at(src, phrase, "a word list entry needs at least one word");
            } else {
                words.push((tokens.join(" "), gram));
            }
        }
    }
}

/// Compiles one file's `[acts]` lists; an empty phrase is a problem at its place.
fn add_act_words(src: &Source, def: &ActsDef, words: &mut ActWords, report: &mut Report) {
    let lists: [(&[Spanned<String>], Cue); 18] = [
        (&def.soft, Cue::Soft),
        (&def.wellbeing, Cue::Wellbeing),
        (&def.praise, Cue::Praise),
        (&def.demonstrative, Cue::Demonstrative),
        (&def.whole, Cue::Whole),
        (&def.question, Cue::Question),
        (&def.request, Cue::Request),
        (&def.negator, Cue::Negator),
        (&def.affirm, Cue::Polar(1)),
        (&def.deny, Cue::Polar(-1)),
        (&def.done, Cue::Act(Act::Done)),
        (&def.thanks, Cue::Act(Act::Thanks)),
        (&def.greet, Cue::Act(Act::Greet)),
        (&def.goodbye, Cue::Act(Act::Goodbye)),
        (&def.help, Cue::Act(Act::Help)),
        (&def.cancel, Cue::Act(Act::Cancel)),
        (&def.undo, Cue::Act(Act::Undo)),
        (&def.wait, Cue::Act(Act::Wait)),
    ];
    for (list, cue) in lists {
        for phrase in list {
            if super::text::tokenize(phrase.get_ref()).is_empty() {
                report.at(src, phrase, "an act phrase needs at least one word");
            } else {
                words.add(phrase.get_ref(), cue);
            }
        }
    }
}

/// A category's `default_item` must be one of its own items.
fn check_default_items(menus: &[(&Source, MenuFile)], index: &Index, items: &[Item], report: &mut Report) {
    for (src, file) in menus {
        for c in &file.category {
            let Some(d) = &c.default_item else { continue };
            let item = index.items.get(d.get_ref()).map(|&i| &items[i]);
            match item {
                None => {
                    report.at(src, d, format!("category '{}': unknown default_item '{}'", c.id.get_ref(), d.get_ref()))
                }
                Some(i) if i.category != *c.id.get_ref() => report.at(
                    src,
                    d,
                    format!("category '{}': default_item '{}' is in category '{}'", c.id.get_ref(), i.id, i.category),
                ),
                Some(_) => {}
            }
        }
    }
}

/// Reports an id that is empty, malformed or already used by something of the same kind.
fn check_id<'a>(
    src: &'a Source,
    id: &Spanned<String>,
    kind: &'static str,
    seen: &mut HashMap<(&'static str, String), Seen<'a>>,
    report: &mut Report,
) -> bool {
    let value = id.get_ref();
    let well_formed = !value.is_empty()
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-'));
    if !well_formed {
        report.at(src, id, format!("{kind} id '{value}' must be lower-case letters, digits, '_', '-' or '.'"));
        return false;
    }
    if let Some(first) = seen.get(&(kind, value.clone())) {
        let at = first.src.problem_at(first.offset, "");
        report.at(
            src,
            id,
            format!("duplicate {kind} id '{value}' (first defined at {}:{}:{})", at.file.display(), at.line, at.column),
        );
        return false;
    }
    seen.insert((kind, value.clone()), Seen { src, offset: id.span().start });
    true
}

fn strings(v: &[Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.get_ref().clone()).collect()
}

fn build_group(src: &Source, g: &GroupDef, report: &mut Report) -> Group {
    let mut choices: Vec<Choice> = Vec::new();
    for c in &g.choice {
        if choices.iter().any(|x| &x.id == c.id.get_ref()) {
            report.at(src, &c.id, format!("duplicate choice id '{}' in group '{}'", c.id.get_ref(), g.id.get_ref()));
            continue;
        }
        choices.push(build_choice(src, c, report));
    }
    if choices.is_empty() {
        report.at(src, &g.id, format!("group '{}' has no choices", g.id.get_ref()));
    }
    let min = g.min.as_ref().map_or(u32::from(g.required), |m| *m.get_ref());
    let max = g.max.as_ref().map_or(1, |m| *m.get_ref());
    if min > max {
        let at = g.min.as_ref().map_or(g.id.span().start, |m| m.span().start);
        report
            .0
            .push(src.problem_at(at, format!("group '{}': min ({min}) is greater than max ({max})", g.id.get_ref())));
    }
    if max == 0 {
        let at = g.max.as_ref().map_or(g.id.span().start, |m| m.span().start);
        report.0.push(src.problem_at(at, format!("group '{}': max must be at least 1", g.id.get_ref())));
    }
    for d in &g.defaults {
        if !choices.iter().any(|c| &c.id == d.get_ref()) {
            report.at(src, d, format!("default '{}' is not a choice of group '{}'", d.get_ref(), g.id.get_ref()));
        }
    }
    for f in &g.featured {
        if !choices.iter().any(|c| &c.id == f.get_ref()) {
            report.at(src, f, format!("featured '{}' is not a choice of group '{}'", f.get_ref(), g.id.get_ref()));
        }
    }
    for e in &g.either {
        for c in &e.choices {
            if !choices.iter().any(|x| &x.id == c.get_ref()) {
                report.at(src, c, format!("'{}' is not a choice of group '{}'", c.get_ref(), g.id.get_ref()));
            }
        }
        if e.choices.len() < 2 {
            report.at(src, &g.id, format!("an either of group '{}' needs at least two choices", g.id.get_ref()));
        }
        for w in &e.synonyms {
            if super::text::tokenize(w.get_ref()).is_empty() {
                report.at(src, w, "an either synonym needs at least one word");
            }
        }
    }
    let half_price = g.half_price.as_ref().map_or(100, |p| *p.get_ref());
    if let Some(p) = g.half_price.as_ref().filter(|p| *p.get_ref() > 100 || !g.halves) {
        let why = if g.halves { "is a percentage, at most 100" } else { "needs halves = true" };
        report.at(src, p, format!("group '{}': half_price {why}", g.id.get_ref()));
    }
    if g.defaults.len() as u32 > max {
        report.at(src, &g.id, format!("group '{}' has more defaults than its max ({max})", g.id.get_ref()));
    }
    let mut group = Group {
        id: g.id.get_ref().clone(),
        name: g.name.clone(),
        synonyms: strings(&g.synonyms),
        required: g.required,
        min,
        max,
        defaults: strings(&g.defaults),
        amounts: g.amounts,
        halves: g.halves,
        half_price,
        featured: strings(&g.featured),
        choices,
        either: g
            .either
            .iter()
            .map(|e| Either { synonyms: strings(&e.synonyms), choices: strings(&e.choices) })
            .collect(),
        add_on: false,
    };
    group.mark_kinds();
    group
}

fn build_choice(src: &Source, c: &ChoiceDef, report: &mut Report) -> Choice {
    for (value, what) in [(&c.price, "price"), (&c.extra_price, "extra_price")] {
        if let Some(p) = value {
            if let Some(why) = price_problem(*p.get_ref()) {
                report.at(src, p, format!("choice '{}': {what} {why}", c.id.get_ref()));
            }
        }
    }
    if let Some(n) = c.count.as_ref().filter(|n| *n.get_ref() < 2) {
        report.at(src, n, format!("choice '{}': count must be 2 or more", c.id.get_ref()));
    }
    let prices = c.prices.as_ref().map(|p| p.get_ref().clone()).unwrap_or_default();
    if let Some(p) = &c.prices {
        if let Some(why) = p.get_ref().values().find_map(|v| price_problem(*v)) {
            report.at(src, p, format!("choice '{}': prices {why}", c.id.get_ref()));
        }
    }
    Choice {
        id: c.id.get_ref().clone(),
        name: c.name.clone(),
        synonyms: strings(&c.synonyms),
        price: c.price.as_ref().map_or(0, |p| *p.get_ref()),
        prices,
        extra_price: c.extra_price.as_ref().map(|p| *p.get_ref()),
        count: c.count.as_ref().map(|n| *n.get_ref()),
        available: c.available,
        tags: c.tags.clone(),
        description: c.description.clone(),
        kind: None,
        own_place: false,
    }
}

fn build_item(src: &Source, it: &ItemDef, index: &Index, groups: &[Group], report: &mut Report) -> Option<Item> {
    let id = it.id.get_ref();
    let before = report.0.len();
    if !index.categories.contains_key(it.category.get_ref()) {
        report.at(src, &it.category, format!("item '{id}': unknown category '{}'", it.category.get_ref()));
    }
    let mut item_groups = Vec::new();
    for g in &it.groups {
        match index.groups.get(g.get_ref()) {
            None => report.at(src, g, format!("item '{id}': unknown group '{}'", g.get_ref())),
            Some(_) if item_groups.iter().any(|x: &ItemGroup| &x.group == g.get_ref()) => {
                report.at(src, g, format!("item '{id}': group '{}' is listed twice", g.get_ref()));
            }
            Some(&gi) => {
                let group = &groups[gi];
                item_groups.push(ItemGroup {
                    group: group.id.clone(),
                    required: group.required || it.require.iter().any(|r| r.get_ref() == &group.id),
                    defaults: group.defaults.clone(),
                });
            }
        }
    }
    for r in &it.require {
        if !it.groups.iter().any(|g| g.get_ref() == r.get_ref()) {
            report.at(src, r, format!("item '{id}': required group '{}' is not in its groups", r.get_ref()));
        }
    }
    for (gid, defaults) in &it.defaults {
        let Some(ig) = item_groups.iter_mut().find(|g| &g.group == gid) else {
            let at = defaults.first().map_or(it.id.span().start, |d| d.span().start);
            report
                .0
                .push(src.problem_at(at, format!("item '{id}': defaults for group '{gid}' which it does not have")));
            continue;
        };
        let group = &groups[index.groups[gid]];
        for d in defaults {
            if group.choice(d.get_ref()).is_none() {
                report.at(src, d, format!("item '{id}': default '{}' is not a choice of group '{gid}'", d.get_ref()));
            }
        }
        ig.defaults = strings(defaults);
    }
    let price = match (&it.price, &it.prices) {
        (Some(p), None) => {
            if let Some(why) = price_problem(*p.get_ref()) {
                report.at(src, p, format!("item '{id}': price {why}"));
            }
            Price::Fixed(*p.get_ref())
        }
        (None, Some(p)) => {
            let by_size: BTreeMap<String, i64> = p.get_ref().clone();
            match index.groups.get("size").map(|&gi| &groups[gi]) {
                Some(size) if it.groups.iter().any(|g| g.get_ref() == "size") => {
                    for (k, v) in &by_size {
                        if size.choice(k).is_none() {
                            report.at(src, p, format!("item '{id}': price for '{k}', which is not a size"));
                        }
                        if let Some(why) = price_problem(*v) {
                            report.at(src, p, format!("item '{id}': price for '{k}' {why}"));
                        }
                    }
                }
                _ => report.at(src, p, format!("item '{id}': prices per size need the group 'size' in its groups")),
            }
            Price::BySize(by_size)
        }
        (Some(p), Some(_)) => {
            report.at(src, p, format!("item '{id}': give either price or prices, not both"));
            Price::Fixed(*p.get_ref())
        }
        (None, None) => {
            report.at(
                src,
                &it.id,
                format!("item '{id}' has no price (add price = cents, or prices = {{ size = cents }})"),
            );
            Price::Fixed(0)
        }
    };
    (report.0.len() == before).then(|| Item {
        id: id.clone(),
        name: it.name.clone(),
        category: it.category.get_ref().clone(),
        synonyms: strings(&it.synonyms),
        description: it.description.clone(),
        price,
        groups: item_groups,
        available: it.available,
        tags: it.tags.clone(),
    })
}

/// Why a price in cents cannot be used, if it cannot. The ceiling is far above any real
/// menu price and keeps every sum of prices (a line's options, a line times its
/// quantity, an order's lines) far from overflowing.
fn price_problem(cents: i64) -> Option<String> {
    if cents < 0 {
        Some("must not be negative".into())
    } else if cents > MAX_PRICE_CENTS {
        Some(format!("must be at most {MAX_PRICE_CENTS} cents"))
    } else {
        None
    }
}

/// A synonym claimed by two things of the same kind: two items, two categories, two
/// groups, or two choices of one group. The engine could not tell which one a customer
/// meant. A phrase shared across kinds is allowed on purpose: "pizza" names both the
/// item and its category, and the parser picks the meaning by context (an item to
/// order, a category to ask about or remove). Phrases compare after normalising and
/// stemming, so "olive" and "olives" are the same phrase.
fn check_synonyms(menus: &[(&Source, MenuFile)], report: &mut Report) {
    use super::lexicon::stem;
    use super::text::tokenize;
    let key = |s: &str| tokenize(s).iter().map(|t| stem(t)).collect::<Vec<_>>().join(" ");
    // (scope, phrase) -> owner id
    let mut owners: HashMap<(String, String), String> = HashMap::default();
    let mut claim = |src: &Source, scope: String, owner: &str, syn: &Spanned<String>, report: &mut Report| {
        let k = key(syn.get_ref());
        if k.is_empty() {
            return;
        }
        match owners.get(&(scope.clone(), k.clone())) {
            Some(prev) if prev != owner => {
                report.at(src, syn, format!("synonym '{}' of '{owner}' is already claimed by '{prev}'", syn.get_ref()))
            }
            Some(_) => {}
            None => {
                owners.insert((scope, k), owner.to_owned());
            }
        }
    };
    for (src, file) in menus {
        for it in &file.item {
            for syn in &it.synonyms {
                claim(src, "item".into(), it.id.get_ref(), syn, report);
            }
        }
        for c in &file.category {
            for syn in &c.synonyms {
                claim(src, "category".into(), c.id.get_ref(), syn, report);
            }
        }
        for g in &file.group {
            for syn in &g.synonyms {
                claim(src, "group".into(), g.id.get_ref(), syn, report);
            }
            for ch in &g.choice {
                for syn in &ch.synonyms {
                    claim(src, format!("choice of {}", g.id.get_ref()), ch.id.get_ref(), syn, report);
                }
            }
        }
    }
}
