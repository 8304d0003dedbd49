//! The language words every shop shares, compiled into the lexicon beside the menu:
//! numbers, negation, amounts, conjunctions, references, edit verbs and ordinary
//! filler. They are English grammar, not menu content, so they live in code; the
//! menu's own words always come from the operator's files.

use crate::order::Amount;

/// What a grammar word does in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gram {
    /// A count; `article` marks "a"/"an", which count one without insisting on it.
    Num { n: u32, article: bool },
    /// "no", "without", "hold the", "avoid": what follows is excluded.
    Neg,
    /// "off", "free" after what they exclude ("keep the pineapple off", "onion-free").
    NegAfter,
    /// "extra", "light", "go easy on the".
    Amount(Amount),
    /// "with", "topped with", "add": what follows belongs to the item just named.
    With,
    /// "and", "plus", ",": a boundary between things listed.
    And,
    /// "or", "nor": keeps a negation going ("no mushrooms or peppers").
    Or,
    /// "it", "that", "them": the line touched last.
    Pronoun,
    /// "the", "my": what follows refers to something already ordered.
    Definite,
    /// "second", "third"; 0 = "last".
    Ordinal(u32),
    /// "x" in "2x" or "x3".
    Times,
    /// "remove", "drop", "take off".
    Remove,
    /// "change", "make", "switch", "swap".
    Change,
    /// "to", "into", "instead": separates the old from the new in a change.
    To,
    /// "instead of", "rather than": what follows names the line being replaced.
    InsteadOf,
    /// "add", "also", "another": more of something.
    Add,
    /// Words that carry no order content but are real words (never fuzzy-matched).
    Filler,
}

/// Number words; "a couple of" and "a dozen" are phrases so they beat "a".
pub const NUMBERS: &[(&str, u32)] = &[
    ("one", 1),
    ("just one", 1),
    ("only one", 1),
    ("single", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("a couple of", 2),
    ("a couple", 2),
    ("couple of", 2),
    ("a pair of", 2),
    ("pair of", 2),
    ("a dozen", 12),
    ("dozen", 12),
    ("half a dozen", 6),
    ("a half dozen", 6),
    ("a few", 3),
];

/// Words by role (numbers and articles are above).
pub const WORDS: &[(&str, Gram)] = &[
    ("a", Gram::Num { n: 1, article: true }),
    ("an", Gram::Num { n: 1, article: true }),
    ("no", Gram::Neg),
    ("not", Gram::Neg),
    ("without", Gram::Neg),
    ("without any", Gram::Neg),
    ("with no", Gram::Neg),
    ("but no", Gram::Neg),
    ("and no", Gram::Neg),
    ("hold", Gram::Neg),
    ("hold the", Gram::Neg),
    ("skip", Gram::Neg),
    ("skip the", Gram::Neg),
    ("avoid", Gram::Neg),
    ("minus", Gram::Neg),
    ("none", Gram::Neg),
    ("zero", Gram::Neg),
    ("sans", Gram::Neg),
    ("omit", Gram::Neg),
    ("omit the", Gram::Neg),
    ("nix", Gram::Neg),
    ("nix the", Gram::Neg),
    ("hold off on", Gram::Neg),
    ("hold off on the", Gram::Neg),
    ("leave off", Gram::Neg),
    ("leave off the", Gram::Neg),
    ("leave out", Gram::Neg),
    ("leave out the", Gram::Neg),
    ("dont want", Gram::Neg),
    ("dont want any", Gram::Neg),
    ("dont put", Gram::Neg),
    ("dont add", Gram::Neg),
    ("do not want", Gram::Neg),
    ("do not put", Gram::Neg),
    ("allergic to", Gram::Neg),
    ("w o", Gram::Neg),
    // A dislike, a pass or a request to leave out: each excludes what follows.
    ("dont like", Gram::Neg),
    ("do not like", Gram::Neg),
    ("dont need", Gram::Neg),
    ("do not need", Gram::Neg),
    ("dont include", Gram::Neg),
    ("do not include", Gram::Neg),
    ("wont have", Gram::Neg),
    ("wont need", Gram::Neg),
    ("hate", Gram::Neg),
    ("hates", Gram::Neg),
    ("dislike", Gram::Neg),
    ("dislikes", Gram::Neg),
    ("cant stand", Gram::Neg),
    ("cannot stand", Gram::Neg),
    ("not a fan of", Gram::Neg),
    ("not a big fan of", Gram::Neg),
    ("no fan of", Gram::Neg),
    ("pass on", Gram::Neg),
    ("pass on the", Gram::Neg),
    ("exclude", Gram::Neg),
    ("excluding", Gram::Neg),
    ("except", Gram::Neg),
    ("except for", Gram::Neg),
    ("but not", Gram::Neg),
    ("anything but", Gram::Neg),
    ("everything but", Gram::Neg),
    ("spare me", Gram::Neg),
    ("spare me the", Gram::Neg),
    ("rather not", Gram::Neg),
    ("rather not have", Gram::Neg),
    ("no need for", Gram::Neg),
    ("never", Gram::Neg),
    // Said after what it excludes: "keep the pineapple off", "onion-free".
    ("off", Gram::NegAfter),
    ("free", Gram::NegAfter),
    // "don't forget the coke": two negations make a request.
    ("dont forget", Gram::Add),
    ("do not forget", Gram::Add),
    ("make sure", Gram::Filler),
    ("extra", Gram::Amount(Amount::Extra)),
    ("double", Gram::Amount(Amount::Extra)),
    ("triple", Gram::Amount(Amount::Extra)),
    ("more", Gram::Amount(Amount::Extra)),
    ("additional", Gram::Amount(Amount::Extra)),
    ("lots of", Gram::Amount(Amount::Extra)),
    ("a lot of", Gram::Amount(Amount::Extra)),
    ("a whole lot of", Gram::Amount(Amount::Extra)),
    ("a bunch of", Gram::Amount(Amount::Extra)),
    ("a whole bunch of", Gram::Amount(Amount::Extra)),
    ("loads of", Gram::Amount(Amount::Extra)),
    ("tons of", Gram::Amount(Amount::Extra)),
    ("plenty of", Gram::Amount(Amount::Extra)),
    // Said after "not" they ask for a little ("not too much sauce"): see the engine.
    ("too much", Gram::Amount(Amount::Extra)),
    ("too many", Gram::Amount(Amount::Extra)),
    ("so much", Gram::Amount(Amount::Extra)),
    ("heavy", Gram::Amount(Amount::Extra)),
    ("heavy on", Gram::Amount(Amount::Extra)),
    ("heavy on the", Gram::Amount(Amount::Extra)),
    ("go heavy on", Gram::Amount(Amount::Extra)),
    ("go heavy on the", Gram::Amount(Amount::Extra)),
    ("light", Gram::Amount(Amount::Light)),
    ("lite", Gram::Amount(Amount::Light)),
    ("light on", Gram::Amount(Amount::Light)),
    ("light on the", Gram::Amount(Amount::Light)),
    ("go light on", Gram::Amount(Amount::Light)),
    ("go light on the", Gram::Amount(Amount::Light)),
    ("easy on", Gram::Amount(Amount::Light)),
    ("easy on the", Gram::Amount(Amount::Light)),
    ("go easy on", Gram::Amount(Amount::Light)),
    ("go easy on the", Gram::Amount(Amount::Light)),
    ("less", Gram::Amount(Amount::Light)),
    ("little", Gram::Amount(Amount::Light)),
    ("a little", Gram::Amount(Amount::Light)),
    ("a little bit", Gram::Amount(Amount::Light)),
    ("a little bit of", Gram::Amount(Amount::Light)),
    ("just a little", Gram::Amount(Amount::Light)),
    ("only a little", Gram::Amount(Amount::Light)),
    ("a bit of", Gram::Amount(Amount::Light)),
    ("just a bit", Gram::Amount(Amount::Light)),
    ("just a bit of", Gram::Amount(Amount::Light)),
    ("only a bit", Gram::Amount(Amount::Light)),
    ("a tiny bit of", Gram::Amount(Amount::Light)),
    ("just a tiny bit of", Gram::Amount(Amount::Light)),
    ("not a lot of", Gram::Amount(Amount::Light)),
    ("not a lot", Gram::Amount(Amount::Light)),
    ("not much", Gram::Amount(Amount::Light)),
    ("not many", Gram::Amount(Amount::Light)),
    ("a drizzle of", Gram::Amount(Amount::Light)),
    ("a drizzle", Gram::Amount(Amount::Light)),
    ("just a drizzle", Gram::Amount(Amount::Light)),
    ("just a drizzle of", Gram::Amount(Amount::Light)),
    ("only a drizzle", Gram::Amount(Amount::Light)),
    ("only a drizzle of", Gram::Amount(Amount::Light)),
    ("no more than a drizzle", Gram::Amount(Amount::Light)),
    ("no more than a drizzle of", Gram::Amount(Amount::Light)),
    ("with", Gram::With),
    ("w", Gram::With),
    // Chat shorthand: "a pepperoni n a mtn dew".
    ("n", Gram::And),
    ("along with", Gram::With),
    ("and with", Gram::With),
    ("topped with", Gram::With),
    ("that has", Gram::With),
    ("that have", Gram::With),
    ("having", Gram::With),
    ("including", Gram::With),
    ("and", Gram::And),
    ("plus", Gram::And),
    (",", Gram::And),
    ("as well as", Gram::And),
    ("or", Gram::Or),
    ("nor", Gram::Or),
    ("it", Gram::Pronoun),
    ("that", Gram::Pronoun),
    ("this", Gram::Pronoun),
    ("them", Gram::Pronoun),
    ("those", Gram::Pronoun),
    ("these", Gram::Pronoun),
    ("that one", Gram::Pronoun),
    ("this one", Gram::Pronoun),
    ("the", Gram::Definite),
    ("my", Gram::Definite),
    ("first", Gram::Ordinal(1)),
    ("second", Gram::Ordinal(2)),
    ("third", Gram::Ordinal(3)),
    ("fourth", Gram::Ordinal(4)),
    ("fifth", Gram::Ordinal(5)),
    ("last", Gram::Ordinal(0)),
    ("x", Gram::Times),
    // Self-corrections: "a large, no wait, medium" takes the medium, it does not refuse it.
    ("no wait", Gram::Filler),
    ("no sorry", Gram::Filler),
    // Takeaway is how the order leaves the shop, not a removal ("a pizza to take out").
    ("to take out", Gram::Filler),
    ("for take out", Gram::Filler),
    ("for takeout", Gram::Filler),
    ("takeout", Gram::Filler),
    ("no actually", Gram::Filler),
    // A partial denial answers the read-back; it negates nothing ("not quite, i want …").
    ("not quite", Gram::Filler),
    ("not exactly", Gram::Filler),
    // A change of mind is talk about the person, no edit of a line ("ben changed his
    // mind, remove his hawaiian").
    ("changed his mind", Gram::Filler),
    ("changed her mind", Gram::Filler),
    ("changed their mind", Gram::Filler),
    ("changed their minds", Gram::Filler),
    ("changed our minds", Gram::Filler),
    ("changed my mind", Gram::Filler),
    ("change of mind", Gram::Filler),
    ("on second thought", Gram::Filler),
    ("on second thoughts", Gram::Filler),
    ("second thoughts", Gram::Filler),
    ("at first", Gram::Filler),
    ("first of all", Gram::Filler),
    ("i mean", Gram::Filler),
    ("i meant", Gram::Filler),
    // Owning up to forgetting is no removal: "sorry i forget, add a tiramisu".
    ("i forget", Gram::Filler),
    ("i forgot", Gram::Filler),
    ("we forgot", Gram::Filler),
    ("or rather", Gram::Filler),
    ("remove", Gram::Remove),
    ("drop", Gram::Remove),
    ("delete", Gram::Remove),
    ("take off", Gram::Remove),
    ("take away", Gram::Remove),
    ("take out", Gram::Remove),
    ("get rid of", Gram::Remove),
    ("cancel", Gram::Remove),
    ("scrap", Gram::Remove),
    ("forget", Gram::Remove),
    ("forget about", Gram::Remove),
    ("nix", Gram::Remove),
    ("scratch", Gram::Remove),
    ("ditch", Gram::Remove),
    ("bin", Gram::Remove),
    ("trash", Gram::Remove),
    ("dump", Gram::Remove),
    ("axe", Gram::Remove),
    ("lose", Gram::Remove),
    ("should be", Gram::Change),
    ("supposed to be", Gram::Change),
    ("should have been", Gram::Change),
    ("shouldve been", Gram::Change),
    ("change", Gram::Change),
    ("make", Gram::Change),
    ("switch", Gram::Change),
    ("turn", Gram::Change),
    ("swap", Gram::Change),
    ("replace", Gram::Change),
    ("update", Gram::Change),
    ("to", Gram::To),
    ("into", Gram::To),
    ("instead", Gram::To),
    ("instead of", Gram::InsteadOf),
    ("rather than", Gram::InsteadOf),
    // "i'd rather have a sprite than the coke": what is preferred to a line replaces it.
    ("than the", Gram::InsteadOf),
    ("than my", Gram::InsteadOf),
    ("add", Gram::Add),
    ("also", Gram::Add),
    ("another", Gram::Add),
    ("as well", Gram::Add),
    ("too", Gram::Add),
];

/// Who a line can be for ("a small pepperoni for my daughter") and whose line a
/// possessive names ("mine", "my husband's", "hers"), with the pronoun each person is
/// spoken of by: "hers" finds the line for "my daughter".
/// Phrases of `WORDS` that correct what was just said ("a large, no wait, medium"): an
/// answer said again after one replaces the first, it does not list another line.
pub const SELF_CORRECTIONS: &[&str] = &[
    "no wait",
    "no sorry",
    "no actually",
    "on second thought",
    "on second thoughts",
    "i mean",
    "i meant",
    "or rather",
];

/// Words owning up to a slip: said inside a message, what follows says again what
/// was just said wrong ("3 margheritas… sorry 2 margheritas").
pub const SLIPS: &[&str] = &["sorry", "oops", "whoops", "woops"];

pub const PEOPLE: &[(&str, &str)] = &[
    ("me", "me"),
    ("myself", "me"),
    ("us", "us"),
    ("him", "him"),
    ("her", "her"),
    ("them", "them"),
    ("husband", "him"),
    ("hubby", "him"),
    ("boyfriend", "him"),
    ("son", "him"),
    ("dad", "him"),
    ("father", "him"),
    ("brother", "him"),
    ("grandpa", "him"),
    ("uncle", "him"),
    ("nephew", "him"),
    ("boy", "him"),
    ("guy", "him"),
    ("wife", "her"),
    ("wifey", "her"),
    ("girlfriend", "her"),
    ("daughter", "her"),
    ("mom", "her"),
    ("mum", "her"),
    ("mother", "her"),
    ("sister", "her"),
    ("grandma", "her"),
    ("aunt", "her"),
    ("niece", "her"),
    ("girl", "her"),
    ("kids", "them"),
    ("kid", "them"),
    ("children", "them"),
    ("child", "them"),
    ("boys", "them"),
    ("girls", "them"),
    ("friends", "them"),
    ("friend", "them"),
    ("roommate", "them"),
    ("roommates", "them"),
    ("partner", "them"),
    ("parents", "them"),
    ("family", "them"),
    ("guests", "them"),
    ("team", "them"),
    ("baby", "them"),
    ("toddler", "them"),
    ("colleague", "them"),
    ("colleagues", "them"),
    ("coworker", "them"),
    ("coworkers", "them"),
    ("boss", "them"),
    ("cousin", "them"),
    ("grandson", "him"),
    ("granddaughter", "her"),
    ("youngest", "them"),
    ("oldest", "them"),
    ("eldest", "them"),
    ("mate", "them"),
    ("flatmate", "them"),
    ("flatmates", "them"),
    ("housemate", "them"),
    ("housemates", "them"),
    ("neighbor", "them"),
    ("neighbour", "them"),
    ("grandad", "him"),
    ("granddad", "him"),
    ("grandfather", "him"),
    ("grandmother", "her"),
    ("stepson", "him"),
    ("stepdaughter", "her"),
    ("fiance", "him"),
    ("fiancee", "her"),
    ("missus", "her"),
];

/// The person a word names, as listed in [`PEOPLE`] ("husbands" as said in "my
/// husband's" is the husband).
pub fn person(word: &str) -> Option<&'static str> {
    person_as_said(word).or_else(|| misspelt_person(word))
}

/// [`person`], spelt as listed (cheap: no slips looked for).
pub fn person_as_said(word: &str) -> Option<&'static str> {
    static BY_WORD: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> = std::sync::OnceLock::new();
    let people = BY_WORD.get_or_init(|| PEOPLE.iter().map(|(p, _)| *p).collect());
    let find = |w: &str| people.get(w).copied();
    find(word).or_else(|| word.strip_suffix('s').and_then(find))
}

/// "daugther", "husbnad": one slip in a person word of five letters or more that is no
/// English word itself (a slip after the first letter: people rarely miss that one).
fn misspelt_person(word: &str) -> Option<&'static str> {
    if word.chars().count() < 5 || super::english::is_word(word) {
        return None;
    }
    let first = word.as_bytes()[0];
    let mut near = PEOPLE
        .iter()
        .filter(|(p, _)| p.len() >= 5 && p.as_bytes()[0] == first && super::text::edits_within(p, word, 1) == Some(1));
    match (near.next(), near.next()) {
        (Some((p, _)), None) => Some(p),
        _ => None,
    }
}

/// The pronoun a person is spoken of by ("daughter" → "her").
pub fn pronoun_of(person: &str) -> Option<&'static str> {
    PEOPLE.iter().find(|(p, _)| *p == person).map(|(_, pronoun)| *pronoun)
}

/// Everyday words that must never be fuzzy-matched to a menu term ("live" is not
/// "olive", "mine" is not "wine"). Words of three letters or fewer are never fuzzy-matched
/// anyway, so they are not listed.
pub const FILLER: &str = "i me we us you your yours our they he she his her him its their there here \
    mine hers theirs ours \
    is am are was were be been being do does did done have has had having get got gets getting give \
    gimme want wants wanted wanna like likes liked would could should shall will can may might must \
    need needs needed order orders ordering ordered please thanks thank thx cheers hello hey hi yes yeah yep \
    yup sure okay ok alright right well just only also then than some any all each every both \
    for from of on in out at by about over under up down of into onto for with \
    what whats which who whom whose when where wheres why how much many what's \
    try trying tried have havin take takes taking bring send deliver delivery pick pickup \
    today tonight now soon later again still yet maybe perhaps really very so too such \
    wish wishes love lovely great good nice fine cool awesome perfect thats thats im ill id ive \
    youre were theyre dont doesnt didnt cant wont isnt arent wasnt go going goes gonna gotta \
    let lets see look looking think thinking know mean means put putting place placing \
    size sized kind type sort piece pieces slice slices one ones thing things stuff item items \
    food meal dinner tonight hungry friend friends family kids party people guys \
    total price cost costs pay paying bill check cart basket menu options option available \
    done finished complete wait sorry oops hmm umm uh um actually instead else other another \
    together separate each per same different new old first next last time times minute minutes \
    hour hours long fast quick quickly number numbers name address phone card cash \
    come comes came coming make makes made sure favor favour appreciate guess feel feeling \
    evening morning afternoon night tonight today tomorrow good evening lot lots bunch \
    say said tell told call called name named nothing something everything anything \
    sounds sound seems seem looks keep leave left hold holding into onto inside outside \
    please thanks \
    delicious tasty yummy cold warm fresh nice enjoy enjoyed whole half all none plain \
    if possible possibly mind though tho anyway anyways";

#[cfg(test)]
mod tests {
    use super::{Gram, SELF_CORRECTIONS, WORDS};

    #[test]
    fn every_self_correction_is_a_grammar_filler_phrase() {
        for phrase in SELF_CORRECTIONS {
            assert!(WORDS.contains(&(*phrase, Gram::Filler)), "{phrase:?} is not a filler phrase of WORDS");
        }
    }
}
