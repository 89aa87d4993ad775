//! The seed story: every `core` expectation of `fixtures/seeds/gold.json`
//! (the user's five versions of one story, with what a good comparison must
//! find), checked against the library as `../shared/check-seeds` checks the
//! command line. The `stretch` tier is counted and printed, not required.

use regex::RegexBuilder;
use serde_json::Value;
use storydiff::{Format, analyse, compare};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

fn rx(pattern: &str, text: Option<&str>) -> bool {
    let re = RegexBuilder::new(pattern).case_insensitive(true).dot_matches_new_line(true).build().expect("gold regex");
    text.is_some_and(|t| re.is_match(t))
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn finding_matches(f: &Value, want: &Value) -> bool {
    if let Some(kinds) = want.get("kind").and_then(Value::as_array) {
        if !kinds.iter().any(|k| k.as_str() == str_of(f, "kind")) {
            return false;
        }
    }
    for side in ["here", "there"] {
        if let Some(pattern) = str_of(want, side) {
            if !rx(pattern, str_of(f, side)) {
                return false;
            }
        }
    }
    if let Some(version) = str_of(want, "version") {
        let mut ids: Vec<&str> = str_of(f, "version").into_iter().collect();
        ids.extend(f["versions"].as_array().into_iter().flatten().filter_map(Value::as_str));
        if !ids.iter().any(|id| id.contains(version)) {
            return false;
        }
    }
    if let Some(wf) = want.get("fact") {
        return f["facts"].as_array().into_iter().flatten().any(|fact| {
            str_of(wf, "type").is_none_or(|t| str_of(fact, "type") == Some(t))
                && str_of(wf, "here").is_none_or(|p| rx(p, str_of(fact, "here")))
                && str_of(wf, "there").is_none_or(|p| rx(p, str_of(fact, "there")))
        });
    }
    true
}

fn check(report: &Value, e: &Value) -> bool {
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    if let Some(want) = e.get("find") {
        return findings.iter().any(|f| finding_matches(f, want));
    }
    if let Some(want) = e.get("absent") {
        return !findings.iter().any(|f| finding_matches(f, want));
    }
    let body = str_of(&report["current"], "text");
    if let Some(p) = str_of(e, "body_has") {
        return rx(p, body);
    }
    if let Some(p) = str_of(e, "body_lacks") {
        return !rx(p, body);
    }
    if let Some(meta) = e.get("meta") {
        return rx(str_of(meta, "match").unwrap(), str_of(&report["current"], str_of(meta, "field").unwrap()));
    }
    if let Some(story) = e.get("story") {
        let wanted = str_of(story, "version").unwrap();
        let versions: Vec<&Value> = report["versions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| wanted == "*" || str_of(v, "id").is_some_and(|id| id.contains(wanted)))
            .collect();
        return !versions.is_empty() && versions.iter().all(|v| v["same_story"].as_bool() == story["same"].as_bool());
    }
    panic!("unknown expectation {e}");
}

fn read(name: &str) -> storydiff::Article {
    let text = std::fs::read_to_string(format!("{SEEDS}/{name}")).expect("seed file");
    analyse(name, &text, Format::Text).expect("seed reads")
}

#[test]
fn seed_story_meets_every_core_expectation() {
    let gold: Value = serde_json::from_str(&std::fs::read_to_string(format!("{SEEDS}/gold.json")).unwrap()).unwrap();
    let mut failures = Vec::new();
    let (mut stretch_passed, mut stretch_total) = (0, 0);
    for case in gold["cases"].as_array().unwrap() {
        let current = read(str_of(case, "current").unwrap());
        let others: Vec<_> = case["others"].as_array().unwrap().iter().map(|o| read(o.as_str().unwrap())).collect();
        let report = serde_json::to_value(compare(&current, &others)).unwrap();
        for e in case["expect"].as_array().unwrap() {
            let ok = check(&report, e);
            if str_of(e, "tier") == Some("core") {
                if !ok {
                    failures.push(format!("{} {}", str_of(e, "id").unwrap(), e));
                }
            } else {
                stretch_total += 1;
                stretch_passed += usize::from(ok);
            }
        }
    }
    println!("seed story, stretch tier: {stretch_passed} of {stretch_total}");
    assert!(failures.is_empty(), "core expectations not met:\n{}", failures.join("\n"));
}
