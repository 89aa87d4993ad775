//! The story matcher's signals for every pair of articles of a same-event
//! set (`../shared/stories/ecbplus-dev.jsonl` by default), one TSV line a
//! pair: `i j same_event same_topic whole shared leads lead_in_body names
//! numbers dates words score`. Pairs whose term cosine is under 0.05 are left out.
//! For tuning and for the signal table of docs/stories.md.
//!
//! `cargo run --release --example story_signals -- [JSONL] > pairs.tsv`

use storydiff::story::{self, Profile};
use storydiff::{Format, analyse};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "../shared/stories/ecbplus-dev.jsonl".into());
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {path} is absent");
        return;
    };
    let mut rows = Vec::new();
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let field = |k: &str| row.get(k).and_then(|v| v.as_str()).unwrap_or_default().trim().to_string();
        let body =
            [field("title"), field("text")].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n\n");
        let Ok(article) = analyse(&field("id"), &body, Format::Text) else { continue };
        rows.push((field("cluster"), field("topic"), Profile::of(&article)));
    }
    for (i, a) in rows.iter().enumerate() {
        for (j, b) in rows.iter().enumerate().skip(i + 1) {
            let s = story::signals(&a.2, &b.2);
            if s.whole < 0.05 {
                continue;
            }
            println!(
                "{i}\t{j}\t{}\t{}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}\t{:.4}",
                u8::from(a.0 == b.0),
                u8::from(a.1 == b.1),
                s.whole,
                s.shared,
                s.leads,
                s.lead_in_body,
                s.names,
                s.numbers,
                s.dates,
                s.words,
                story::combine(&s)
            );
        }
    }
    eprintln!("{} articles", rows.len());
}
