//! The story matcher's terms of every article of a same-event set, one JSON
//! line an article (`{cluster, topic, sentences: [[[term, kind, zipf]]]}`),
//! for tuning outside the engine.
//!
//! `cargo run --release --example story_terms -- [JSONL] > terms.jsonl`

use storydiff::{Format, analyse};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "../shared/stories/ecbplus-dev.jsonl".into());
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {path} is absent");
        return;
    };
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let field = |k: &str| row.get(k).and_then(|v| v.as_str()).unwrap_or_default().trim().to_string();
        let body =
            [field("title"), field("text")].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n\n");
        let Ok(article) = analyse(&field("id"), &body, Format::Text) else { continue };
        let sentences: Vec<_> = article.tokens.iter().map(|t| storydiff::story::debug_terms(t)).collect();
        let out = serde_json::json!({"id": field("id"), "cluster": field("cluster"), "topic": field("topic"), "sentences": sentences});
        println!("{out}");
    }
}
