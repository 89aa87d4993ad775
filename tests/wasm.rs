//! The core in wasm: the same comparison as natively, through the wasm face,
//! with spans in UTF-16 code units. Runs under `wasm-bindgen-test-runner` in
//! Node (`cargo test --target wasm32-unknown-unknown --test wasm`).
#![cfg(target_arch = "wasm32")]

use serde_json::{Value, json};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SEEDS: [(&str, &str); 5] = [
    ("000", include_str!("fixtures/seeds/000_cb3417d9ea0fa06a.txt")),
    ("001", include_str!("fixtures/seeds/001_26a6235fd37e7cc5.txt")),
    ("002", include_str!("fixtures/seeds/002_ec224b497d2decf6.txt")),
    ("003", include_str!("fixtures/seeds/003_21b689914c6dfc28.txt")),
    ("004", include_str!("fixtures/seeds/004_294208864dd86ac8.txt")),
];

/// A plain JavaScript object, as the extension passes (not a `Map`).
fn to_js(value: &Value) -> JsValue {
    use serde::Serialize;
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn from_js(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap()
}

/// Analyses a seed through the wasm face and keeps what the extension stores.
fn stored(id: &str, text: &str) -> Value {
    let article = from_js(storydiff::wasm::analyse(text, "text", id).unwrap());
    json!({"id": id, "title": article["title"], "published": article["published"], "text": article["text"]})
}

/// `text[start..end]` in UTF-16 code units, as JavaScript's `slice`.
fn slice16(text: &str, start: u64, end: u64) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

#[wasm_bindgen_test]
fn compare_finds_the_injected_name_and_the_missing_denial() {
    let current = stored("000", SEEDS[0].1);
    let others: Vec<Value> = SEEDS[1..].iter().map(|(id, text)| stored(id, text)).collect();
    let report =
        from_js(storydiff::wasm::compare(to_js(&current), to_js(&Value::from(others)), JsValue::UNDEFINED).unwrap());
    let findings = report["findings"].as_array().unwrap();
    let text = report["current"]["text"].as_str().unwrap();
    let caldwell = findings
        .iter()
        .find(|f| f["kind"] == "unique" && f["here"] == "Benjamin Caldwell")
        .expect("the injected name is unique");
    let span = &caldwell["here_span"];
    assert_eq!(slice16(text, span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap()), "Benjamin Caldwell");
    assert!(findings.iter().any(|f| f["kind"] == "missing" && f["there"].as_str().unwrap_or("").contains("Peskov")));
}

#[wasm_bindgen_test]
fn spans_are_utf16_across_em_dashes_and_emoji() {
    let page = "The mayor — smiling 🎉 — said the budget passed on Tuesday. It adds 40 buses 🚌 to the fleet.\n\n\
                The council voted 7-2 after a long debate about fares.";
    let article = from_js(storydiff::wasm::analyse(page, "text", "a").unwrap());
    let text = article["text"].as_str().unwrap();
    for sentence in article["sentences"].as_array().unwrap() {
        let (start, end) = (sentence["span"]["start"].as_u64().unwrap(), sentence["span"]["end"].as_u64().unwrap());
        let words = slice16(text, start, end);
        assert!(words.starts_with("The") || words.starts_with("It"), "{words:?}");
        assert!(words.ends_with('.'), "{words:?}");
    }
    let second = &article["sentences"][1]["span"];
    assert_eq!(
        slice16(text, second["start"].as_u64().unwrap(), second["end"].as_u64().unwrap()),
        "It adds 40 buses 🚌 to the fleet."
    );
}

#[wasm_bindgen_test]
fn the_index_finds_the_story() {
    let mut index = storydiff::wasm::StoryIndex::new();
    for (id, text) in &SEEDS[1..] {
        index.add(to_js(&stored(id, text))).unwrap();
    }
    assert_eq!(index.size(), 4);
    let found = from_js(index.find(to_js(&stored("000", SEEDS[0].1)), 10).unwrap());
    assert_eq!(found.as_array().unwrap().iter().filter(|m| m["same_story"] == true).count(), 4);
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_panic() {
    assert!(storydiff::wasm::analyse("   ", "text", "empty").is_err());
    assert!(storydiff::wasm::compare(JsValue::from_str("not an article"), JsValue::NULL, JsValue::UNDEFINED).is_err());
}
