//! `chatorder eval`: scores the understanding of labelled messages and prints accuracy,
//! per-field precision and recall, and the failures; a progress bar goes to stderr.
//! Each message is scored as a customer gets it: said first in a fresh conversation,
//! the cart after it ("no pineapple on my ham pizza" said first orders that pizza), or,
//! while the bot asks which of two choices a word meant, the message's own lines.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use crate::acts;
use crate::catalog::Catalog;
use crate::config::EvalArgs;
use crate::dialogue::{Phase, Session};
use crate::engine::score;
use crate::order::OrderLine;

#[derive(Deserialize)]
struct Labelled {
    text: String,
    #[serde(default)]
    lines: Vec<OrderLine>,
}

/// Reads the labelled messages of a file: `(text, expected lines)`.
///
/// # Errors
/// An unreadable file or a line that is not valid JSON in the expected shape.
pub fn read_examples(path: &std::path::Path, pizza: bool) -> anyhow::Result<Vec<(String, Vec<OrderLine>)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        if pizza {
            let v: serde_json::Value = serde_json::from_str(line).with_context(at)?;
            let field = |suffix: &str| {
                v.as_object()
                    .and_then(|o| o.iter().find(|(k, _)| k.ends_with(suffix)).and_then(|(_, v)| v.as_str()))
                    .map(str::to_owned)
            };
            let (Some(src), Some(exr)) = (field(".SRC"), field(".EXR")) else {
                anyhow::bail!("{}: no SRC/EXR fields", at());
            };
            let lines = score::pizza_lines(&exr).with_context(|| format!("{}: malformed EXR", at()))?;
            out.push((src, lines));
        } else {
            let l: Labelled = serde_json::from_str(line).with_context(at)?;
            out.push((l.text, l.lines));
        }
    }
    Ok(out)
}

/// Reads a FoodOrdering file (`{"SRC": text, "TOPALIAS"|"EXR": tree}` lines), the trees
/// read into lines of `catalog`'s menu.
///
/// # Errors
/// An unreadable file, or a line that is not such an object or has a malformed tree.
pub fn read_foodordering(catalog: &Catalog, path: &std::path::Path) -> anyhow::Result<Vec<(String, Vec<OrderLine>)>> {
    #[derive(Deserialize)]
    #[serde(rename_all = "UPPERCASE")]
    struct Example {
        src: String,
        topalias: Option<String>,
        exr: Option<String>,
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        let e: Example = serde_json::from_str(line).with_context(at)?;
        let tree = e.topalias.or(e.exr).with_context(|| format!("{}: no TOPALIAS or EXR", at()))?;
        let lines = super::foodordering::lines(catalog, &tree).with_context(|| format!("{}: malformed tree", at()))?;
        out.push((e.src, lines));
    }
    Ok(out)
}

/// Whether the file's first line is a FoodOrdering example (a top-level `SRC`).
fn is_foodordering(path: &std::path::Path) -> bool {
    let first =
        std::fs::read_to_string(path).ok().and_then(|t| t.lines().find(|l| !l.trim().is_empty()).map(str::to_owned));
    first.and_then(|l| serde_json::from_str::<serde_json::Value>(&l).ok()).is_some_and(|v| v.get("SRC").is_some())
}

/// Scores every example against the parser.
pub fn evaluate(catalog: &Catalog, examples: &[(String, Vec<OrderLine>)], bar: Option<&ProgressBar>) -> score::Scores {
    let mut scores = score::Scores::default();
    for (text, expected) in examples {
        let parse = acts::understand(catalog, text);
        let mut conversation = Session::new();
        conversation.send(catalog, &parse);
        // While the bot asks which of two things a word meant ("beans": black or pinto),
        // the order is what the message said, its first reading still open.
        let asking = matches!(conversation.state.phase, Phase::Choosing { .. });
        let got = if asking { parse.lines } else { conversation.state.cart.lines };
        scores.add(text, expected, &got);
        if let Some(b) = bar {
            b.inc(1);
        }
    }
    scores
}

pub fn run(args: EvalArgs) -> anyhow::Result<i32> {
    let Ok(catalog) = super::load(&args.catalog) else { return Ok(1) };
    if args.clinc {
        return super::clinc::run(&catalog, &args);
    }
    let examples = if !args.pizza && is_foodordering(&args.file) {
        read_foodordering(&catalog, &args.file)?
    } else {
        read_examples(&args.file, args.pizza)?
    };
    let bar = ProgressBar::new(examples.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec}").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let scores = evaluate(&catalog, &examples, Some(&bar));
    bar.finish_and_clear();
    let shown = args.failures.unwrap_or(usize::MAX);
    for f in scores.failures.iter().take(shown) {
        println!("FAIL {}", f.text);
        println!("  expected {}", serde_json::to_string(&f.expected)?);
        println!("  got      {}", serde_json::to_string(&f.got)?);
    }
    println!("field      precision  recall");
    for (name, s) in &scores.fields {
        println!("{name:<10} {:>8.1}%  {:>6.1}%", s.precision() * 100.0, s.recall() * 100.0);
    }
    println!("exact match: {}/{} = {:.2}%", scores.exact, scores.total, scores.accuracy() * 100.0);
    Ok(0)
}
