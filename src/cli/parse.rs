//! `chatorder parse`: one JSON object per message, as DESIGN.md's "Parse output".

use std::io::{BufRead, Write};

use anyhow::Context;

use crate::config::ParseArgs;
use crate::engine;

/// The parse with its `trace` field, keys in the parse's own order.
#[derive(serde::Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    parse: &'a engine::Parse,
    trace: &'a engine::Trace,
}

/// Parses each argument, or each stdin line, and prints its JSON line.
pub fn run(args: ParseArgs) -> anyhow::Result<i32> {
    let Ok(catalog) = super::load(&args.catalog) else { return Ok(1) };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut one = |text: &str| -> anyhow::Result<()> {
        let json = if args.explain {
            let (parse, trace) = engine::parse_explained(&catalog, text);
            serde_json::to_string(&Explained { parse: &parse, trace: &trace })?
        } else {
            serde_json::to_string(&crate::acts::understand(&catalog, text))?
        };
        writeln!(out, "{json}").context("writing to stdout")
    };
    if args.text.is_empty() {
        for line in std::io::stdin().lock().lines() {
            one(&line.context("reading stdin")?)?;
        }
    } else {
        for t in &args.text {
            one(t)?;
        }
    }
    Ok(0)
}
