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

/// The wasm face's `analyse` with three strings, as the extension calls it.
fn analyse(input: &str, format: &str, id: &str) -> Result<JsValue, wasm_bindgen::JsError> {
    storydiff::wasm::analyse(JsValue::from_str(input), JsValue::from_str(format), JsValue::from_str(id))
}

/// Analyses a seed through the wasm face and keeps what the extension stores.
fn stored(id: &str, text: &str) -> Value {
    let article = from_js(analyse(text, "text", id).unwrap());
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
    let article = from_js(analyse(page, "text", "a").unwrap());
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
    let found = from_js(index.find(to_js(&stored("000", SEEDS[0].1)), JsValue::from(10)).unwrap());
    assert_eq!(found.as_array().unwrap().iter().filter(|m| m["same_story"] == true).count(), 4);
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_panic() {
    assert!(analyse("   ", "text", "empty").is_err());
    assert!(storydiff::wasm::compare(JsValue::from_str("not an article"), JsValue::NULL, JsValue::UNDEFINED).is_err());
}

/// Issue 12 item 5: a number or an object where a string belongs trapped
/// with "memory access out of bounds" (and broke every later call); now it
/// is a JS Error, and the engine keeps working.
#[wasm_bindgen_test]
fn non_string_arguments_are_errors_not_traps() {
    use storydiff::wasm::analyse as raw;
    let object = to_js(&json!({}));
    let text = JsValue::from_str("The mayor said the budget passed on Tuesday.");
    for (input, format, id) in [
        (JsValue::from(123), JsValue::from_str("text"), JsValue::from_str("a")),
        (object.clone(), JsValue::from_str("text"), JsValue::from_str("a")),
        (JsValue::NULL, JsValue::from_str("text"), JsValue::from_str("a")),
        (JsValue::UNDEFINED, JsValue::from_str("text"), JsValue::from_str("a")),
        (text.clone(), JsValue::from(7), JsValue::from_str("a")),
        (text.clone(), JsValue::from_str("text"), JsValue::from(123)),
        (text.clone(), JsValue::from_str("text"), object.clone()),
    ] {
        assert!(raw(input, format, id).is_err());
    }
    let mut index = storydiff::wasm::StoryIndex::new();
    assert!(index.remove(JsValue::from(123)).is_err());
    assert!(index.remove(object.clone()).is_err());
    assert_eq!(index.remove(JsValue::from_str("absent")).ok(), Some(false));
    assert!(index.find(to_js(&stored("000", SEEDS[0].1)), object.clone()).is_err());
    assert!(index.find(JsValue::from(5), JsValue::from(3)).is_err());
    assert!(index.add(JsValue::from(5)).is_err());
    assert!(storydiff::wasm::compare(JsValue::from(1), JsValue::from(2), JsValue::from(3)).is_err());
    // Still alive after all of that.
    assert!(raw(text, JsValue::from_str("text"), JsValue::from_str("a")).is_ok());
}

/// Issue 12 item 5: `analyse` in wasm skipped the 8 MiB limit (a 20 MB
/// string was read for 15 s); its length is checked first.
#[wasm_bindgen_test]
fn an_oversized_page_is_refused_before_it_is_read() {
    let huge = "a".repeat(storydiff::MAX_INPUT_BYTES + 1);
    let error = analyse(&huge, "text", "big").err().expect("refused");
    let message = JsValue::from(error);
    let message = js_message(&message);
    assert!(message.contains("too large"), "{message}");
}

/// Issue 12 items 2 and 3: thousands of repeated one-word sentences grew
/// wasm memory to 4 GB and trapped; now compare works in bounded memory.
#[wasm_bindgen_test]
fn repeated_sentences_compare_without_a_trap() {
    let text = "Word. ".repeat(20_000);
    let article = json!({"id": "a", "title": null, "published": null, "text": text});
    let other = json!({"id": "b", "title": null, "published": null, "text": text});
    let report = storydiff::wasm::compare(to_js(&article), to_js(&Value::from(vec![other])), JsValue::UNDEFINED);
    assert!(report.is_ok());
    assert!(analyse("The engine still answers.", "text", "after").is_ok());
}

/// The `message` of a JS Error.
fn js_message(error: &JsValue) -> String {
    js_sys_message(error).unwrap_or_default()
}

fn js_sys_message(error: &JsValue) -> Option<String> {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        type Failure;
        #[wasm_bindgen(method, getter, structural)]
        fn message(this: &Failure) -> String;
    }
    use wasm_bindgen::JsCast;
    Some(error.unchecked_ref::<Failure>().message())
}

/// The library class as the background uses it: versions added once with
/// their text, a lookup through postings kept outside (here a plain map), a
/// woken library fed only persisted profiles, and a report by id whose spans
/// are UTF-16.
#[wasm_bindgen_test]
fn the_library_compares_by_id_and_answers_from_persisted_profiles() {
    use std::collections::HashMap;
    use storydiff::wasm::Library;
    let mut library = Library::new();
    let mut postings: HashMap<u64, Vec<String>> = HashMap::new();
    let mut persisted: Vec<(Value, JsValue)> = Vec::new();
    for (id, text) in SEEDS {
        let mut version = stored(id, text);
        version["key"] = json!(format!("https://{id}.example/"));
        version["revision"] = json!(1);
        version["hash"] = json!(id);
        let added = library.add(to_js(&version)).unwrap();
        let profile = js_sys_get(&added, "profile");
        let keys: Vec<u64> = serde_wasm_bindgen::from_value(js_sys_get(&added, "postings")).unwrap();
        for key in keys {
            postings.entry(key).or_default().push(id.to_string());
        }
        persisted.push((json!({"id": id, "key": version["key"], "revision": 1, "hash": id}), profile));
    }
    let lookup = |library: &mut Library| -> Value {
        let keys: Vec<u64> =
            library.query_postings(JsValue::from_str("000")).unwrap().into_iter().map(u64::from).collect();
        let counts: Vec<usize> = keys.iter().map(|k| postings.get(k).map_or(0, Vec::len)).collect();
        let plan = library.walk_plan(to_js(&json!(keys)), to_js(&json!(counts)), JsValue::from(5), true).unwrap();
        let lists: Vec<Vec<String>> = plan.iter().map(|k| postings[&u64::from(*k)].clone()).collect();
        let ids = library
            .rough(JsValue::from_str("000"), to_js(&json!(plan)), to_js(&json!(lists)), JsValue::from(5))
            .unwrap();
        let found = library.matches(JsValue::from_str("000"), to_js(&json!(ids))).unwrap();
        from_js(library.candidates(JsValue::from_str("000"), to_js(&json!({})), found).unwrap())
    };
    let candidates = lookup(&mut library);
    let included = candidates.as_array().unwrap().iter().filter(|c| c["included"] == json!(true)).count();
    assert_eq!(included, 4, "{candidates}");
    let report = from_js(library.compare(JsValue::from_str("000"), to_js(&candidates)).unwrap());
    assert_eq!(report["versions"].as_array().unwrap().len(), 4);
    let text = report["current"]["text"].as_str().unwrap();
    for finding in report["findings"].as_array().unwrap() {
        if let (Some(here), Some(span)) = (finding["here"].as_str(), finding["here_span"].as_object()) {
            assert_eq!(slice16(text, span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap()), here);
        }
    }
    // A woken background: persisted profiles only, the same answer.
    let mut woken = Library::new();
    for (meta, profile) in &persisted {
        woken.add_profile(to_js(meta), profile.clone()).unwrap();
    }
    assert_eq!(lookup(&mut woken), candidates);
    assert_eq!(woken.held()[1], 0);
    // Bad arguments are errors, not traps.
    assert!(woken.add_profile(to_js(&json!({"id": "x"})), JsValue::from(3)).is_err());
    assert!(woken.compare(JsValue::from_str("000"), to_js(&candidates)).is_err(), "texts not added yet");
    assert!(woken.remove(JsValue::from(123)).is_err());
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> JsValue;
}

/// `object[name]`, the value as it is (a `Uint8Array` stays one).
fn js_sys_get(object: &JsValue, name: &str) -> JsValue {
    reflect_get(object, &JsValue::from_str(name))
}
