//! The explanation `chatorder parse --explain` prints: for each token the menu term it
//! became and how (exact, stem, fuzzy with its edit distance), the intent rule that
//! fired, and the words left unmatched.

use serde::Serialize;

use crate::catalog::Catalog;

use super::intent::Choice;
use super::matcher::{TokenMatch, Unit};
use super::Parse;

/// One phrase (one or more tokens) and what it became.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub tokens: Vec<TokenMatch>,
    /// The matched lexicon phrase, as written in the files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
    /// The meaning used ("topping:pepperoni", "grammar:neg").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// Every meaning the phrase has when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
    /// exact, stem, fuzzy, number, filler or unmatched.
    pub rule: &'static str,
}

/// The whole explanation; serialises as the `trace` field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trace {
    pub steps: Vec<Step>,
    pub intent_rule: String,
    pub unmatched: Vec<String>,
}

impl Trace {
    pub(crate) fn new(
        catalog: &Catalog,
        matches: &[TokenMatch],
        units: &[Unit],
        choice: &Choice,
        parse: &Parse,
    ) -> Self {
        let lex = catalog.lexicon();
        let steps = units
            .iter()
            .map(|u| {
                let tokens = matches[u.start..u.end].to_vec();
                let rule = if tokens.iter().any(|t| t.distance.is_some()) {
                    "fuzzy"
                } else if tokens.iter().any(|t| t.stem.is_some()) {
                    "stem"
                } else if u.phrase.is_some() {
                    "exact"
                } else if u.sense.is_some() {
                    "number"
                } else if tokens[0].filler || tokens[0].token == "," {
                    "filler"
                } else {
                    "unmatched"
                };
                let senses = u.phrase.map(|p| lex.phrases[p].senses.as_slice()).unwrap_or(&[]);
                Step {
                    tokens,
                    phrase: u.phrase.map(|p| lex.phrases[p].text.clone()),
                    term: u.sense.as_ref().map(|s| super::describe(catalog, s)),
                    alternatives: if senses.len() > 1 {
                        senses.iter().map(|s| super::describe(catalog, s)).collect()
                    } else {
                        Vec::new()
                    },
                    rule,
                }
            })
            .collect();
        Trace {
            steps,
            intent_rule: choice.rule.clone(),
            unmatched: parse.unknown.iter().map(|u| u.word.clone()).collect(),
        }
    }
}
