//! "move the olives onto the large one", "put the spinach on the large one instead of
//! the small one", "take the ham off the hawaiian and put it on the margherita": a choice
//! moved from one line to another is two edits, in order. It is taken off where it was
//! (the line named after "off", "from" or "instead of"; else whichever line has it),
//! then put on the line named after "on", "onto" or "to". Read whole, the two lines'
//! words would blur into one edit of one of them.

use crate::catalog::Catalog;
use crate::engine::{Intent, Parse};
use crate::order::OptionRef;

/// Verbs that move a thing by themselves ("move the olives onto the large one").
const MOVERS: &[&str] = &["move", "moving", "shift", "transfer"];
/// Verbs that move a thing when the words say where from, or "instead".
const PUTTERS: &[&str] = &["put", "stick", "add", "throw", "pop"];
/// Words that open the line a thing goes to.
const ONTO: &[&str] = &["on", "onto", "to"];
/// Words that open the line a thing leaves.
const OFF: &[&str] = &["off", "from"];
/// Words that stand for what was just taken off ("… and put it on the margherita").
const PRONOUNS: &[&str] = &["it", "them", "those", "that", "these", "em"];
/// Where a clause ends.
const ENDS: &[&str] = &["and", ",", ".", "then", "but", "plus"];

/// The message read as a move, or `None` when it moves nothing.
pub(super) fn moved(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    let tokens = &whole.tokens;
    let verb = tokens.iter().position(|t| MOVERS.contains(&t.as_str()) || PUTTERS.contains(&t.as_str()))?;
    // ("can you move the olives to the medium" reads whole as a question about them.)
    let edits = matches!(whole.intent, Intent::OrderModify | Intent::OrderRemove | Intent::OrderAdd);
    let asked_to_move = MOVERS.contains(&tokens[verb].as_str()) && whole.intent == Intent::MenuAsk;
    if !(edits || asked_to_move) {
        return None;
    }
    let onto = verb + 1 + tokens[verb + 1..].iter().position(|t| ONTO.contains(&t.as_str()))?;
    let off = tokens[verb + 1..onto].iter().position(|t| OFF.contains(&t.as_str())).map(|k| verb + 1 + k);
    let thing = &tokens[verb + 1..off.unwrap_or(onto)];
    let to_end = clause_end(tokens, onto + 1);
    let mut to = &tokens[onto + 1..to_end];
    // "… on the large one instead of the small one": the line after "instead of" is the
    // one it leaves; "… on his instead": "instead" says it leaves where it was.
    let instead = to.iter().position(|t| t == "instead");
    let instead_of = instead.filter(|&i| to.get(i + 1).is_some_and(|t| t == "of")).map(|i| &to[i + 2..]);
    if let Some(i) = instead {
        to = &to[..i];
    }
    let from: Option<&[String]> = match (off, instead_of) {
        (Some(k), _) => Some(&tokens[k + 1..onto]),
        (None, Some(of)) => Some(of),
        _ => None,
    };
    let pronoun = matches!(thing, [t] if PRONOUNS.contains(&t.as_str()));
    let moves = MOVERS.contains(&tokens[verb].as_str()) || from.is_some() || instead.is_some() || pronoun;
    if !moves || to.is_empty() {
        return None;
    }
    let before = &tokens[..verb];
    let (taken_off, things) = if pronoun {
        // "take the ham off the hawaiian and put it on …": what the clause before took off.
        let clause = before.iter().rposition(|t| !ENDS.contains(&t.as_str()) && t != "then")?;
        let off = understand(catalog, &before[..=clause]);
        let things = taken_off_by(&off)?;
        (off, things)
    } else {
        let things = choices_named(catalog, thing)?;
        let off = match from {
            Some(from) => format!("take {} off {}", thing.join(" "), from.join(" ")),
            None => format!("take {} off", thing.join(" ")),
        };
        (super::understand_one(catalog, &off), things)
    };
    let names: Vec<&str> = things
        .iter()
        .filter_map(|o| catalog.group(&o.group).and_then(|g| g.choice(&o.choice)).map(|c| c.name.as_str()))
        .collect();
    let mut put_on = super::understand_one(catalog, &format!("add {} to {}", names.join(" and "), to.join(" ")));
    if put_on.target.is_none() || !put_on.lines.is_empty() {
        return None;
    }
    put_on.intent = Intent::OrderModify;
    put_on.attributes.options = things;
    put_on.attributes.added = true;
    let mut then = vec![put_on];
    // "…, and i'll have mushrooms": what the message goes on to say.
    if to_end < tokens.len() {
        let rest = understand(catalog, &tokens[to_end..]);
        if rest.intent.is_order() {
            then.push(rest);
        }
    }
    Some(Parse { text: text.to_owned(), acts: whole.acts.clone(), closing: whole.closing.clone(), then, ..taken_off })
}

/// Where the clause that starts at `from` ends.
fn clause_end(tokens: &[String], from: usize) -> usize {
    tokens[from..].iter().position(|t| ENDS.contains(&t.as_str())).map_or(tokens.len(), |k| from + k)
}

/// Words understood alone, the joining words at their start left out.
fn understand(catalog: &Catalog, words: &[String]) -> Parse {
    let start = words.iter().position(|t| !ENDS.contains(&t.as_str())).unwrap_or(words.len());
    super::understand_one(catalog, &words[start..].join(" "))
}

/// The choices a removal took off ("take the ham off the hawaiian").
fn taken_off_by(p: &Parse) -> Option<Vec<OptionRef>> {
    let taken = match p.intent {
        Intent::OrderModify => p.attributes.without.clone(),
        Intent::OrderRemove if p.lines.is_empty() => p.attributes.options.clone(),
        _ => return None,
    };
    (!taken.is_empty()).then_some(taken)
}

/// The choices some words name and nothing else ("the olives", "pepperoni and ham"):
/// only choices a line may hold several of (a size is changed, not moved).
fn choices_named(catalog: &Catalog, words: &[String]) -> Option<Vec<OptionRef>> {
    let p = crate::engine::parse(catalog, &words.join(" "));
    let several = |o: &OptionRef| catalog.group(&o.group).is_some_and(|g| g.max > 1);
    let named = !p.attributes.options.is_empty() && p.attributes.options.iter().all(several);
    (named && p.lines.is_empty() && p.attributes.without.is_empty()).then_some(p.attributes.options)
}
