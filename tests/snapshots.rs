//! Reviewed snapshots of the seed story's reports: each seed read against the
//! other four. A change in what the comparison finds shows up as a snapshot
//! diff, to be reviewed like code (`INSTA_UPDATE=always cargo test --test
//! snapshots`, then read the diff of `tests/snapshots/`).

use serde_json::{Value, json};
use storydiff::{Format, analyse, compare};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

fn seed_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(SEEDS)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

/// What a reviewer needs to judge a report: each finding's kind, texts,
/// versions and facts, and each version's verdict; not the diffs and tables.
fn summary(current: &str) -> Value {
    let read = |name: &str| {
        let text = std::fs::read_to_string(format!("{SEEDS}/{name}")).unwrap();
        analyse(name, &text, Format::Text).unwrap()
    };
    let names = seed_names();
    let others: Vec<_> = names.iter().filter(|n| *n != current).map(|n| read(n)).collect();
    let report = compare(&read(current), &others);
    let short = |id: &str| id.get(..3).unwrap_or(id).to_string();
    json!({
        "title": report.current.title,
        "published": report.current.published,
        "byline": report.current.byline,
        "sentences": report.current.sentences.len(),
        "versions": report.versions.iter().map(|v| json!({
            "id": short(&v.id), "same_story": v.same_story, "similarity": (v.similarity * 100.0).round() / 100.0,
        })).collect::<Vec<_>>(),
        "findings": report.findings.iter().map(|f| json!({
            "kind": f.kind,
            "versions": f.versions.iter().map(|v| short(v)).collect::<Vec<_>>(),
            "here": f.here,
            "there": f.there,
            "facts": f.facts.iter().map(|x| format!("{}: {} / {}", serde_json::to_value(x.kind).unwrap().as_str().unwrap_or("?"), x.here.as_deref().unwrap_or("-"), x.there.as_deref().unwrap_or("-"))).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

#[test]
fn seed_reports() {
    for name in seed_names() {
        insta::assert_json_snapshot!(format!("report-{}", &name[..3]), summary(&name));
    }
}
