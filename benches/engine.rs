//! Parser speed over the PIZZA dev utterances (or a built-in list when the dataset is
//! missing), and catalog load time. `cargo bench --bench engine`.

use std::time::Duration;

use chatorder::catalog::Catalog;
use chatorder::engine::parse;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const BUILT_IN: &[&str] = &[
    "two large pepperoni pizzas and a diet coke",
    "i would like a medium pizza with ham and pineapple but no olives",
    "a large pie with extra cheese hold the onions and two cokes",
    "can i get three small pizzas with mushrooms and light sausage",
    "six cans of sprite and a two liter dr pepper",
    "make that a medium",
    "remove the coke",
    "what toppings do you have",
    "that's all",
    "a piza with peperoni and mozarela",
];

fn utterances() -> Vec<String> {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/pizza/PIZZA_dev.json");
    match std::fs::read_to_string(file) {
        Ok(text) => text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("dev.SRC").and_then(|s| s.as_str()).map(str::to_owned))
            .collect(),
        Err(_) => {
            eprintln!("notice: the PIZZA dataset is missing at {file}; benchmarking a built-in list instead");
            BUILT_IN.iter().map(|s| (*s).to_owned()).collect()
        }
    }
}

fn dirs() -> (String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    (format!("{root}/menu"), format!("{root}/intents"))
}

fn bench(c: &mut Criterion) {
    let (menu, intents) = dirs();
    let catalog = Catalog::load(menu.as_ref(), intents.as_ref()).expect("shipped files load");
    let texts = utterances();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("pizza_dev_utterances", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(parse(&catalog, t));
            }
        })
    });
    g.finish();
    c.bench_function("catalog_load", |b| {
        b.iter(|| std::hint::black_box(Catalog::load(menu.as_ref(), intents.as_ref()).expect("loads")))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
