//! Table-driven tests of the facts stage, read from `tests/data/facts/*.toml`
//! (as the `regex` crate keeps its tests). Each file may hold:
//! - `[[case]]`: a `sentence`, an optional `published` date (`YYYY-MM-DD`),
//!   the facts expected in it (`[[case.fact]]`: `kind` and `text`, and when
//!   given `value`, `qualifier`, `unit`, `speaker`; `qualifier = ""` means
//!   none), facts that must not be there (`[[case.absent]]`: `kind`, `text`),
//!   and `exact = ["number", ...]`: kinds of which no other fact may appear;
//! - `[[names]]`: two spellings `a`, `b` and whether their keys are equal
//!   (`key`), they are one name (`same`) and a variant spelling (`variant`);
//! - `[[compare]]`: two sentences `a`, `b` (optional `published_a`,
//!   `published_b`), a `kind`, the facts' texts `a_text`, `b_text`, and
//!   whether they are `same` and/or `conflict`.

use serde::Deserialize;
use storydiff::facts::{self, FactContext};
use storydiff::{Fact, FactKind};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    case: Vec<Case>,
    #[serde(default)]
    names: Vec<NamePair>,
    #[serde(default)]
    compare: Vec<Compare>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    sentence: String,
    published: Option<String>,
    #[serde(default)]
    fact: Vec<Expected>,
    #[serde(default)]
    absent: Vec<Absent>,
    #[serde(default)]
    exact: Vec<FactKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    kind: FactKind,
    text: String,
    value: Option<String>,
    qualifier: Option<String>,
    unit: Option<String>,
    speaker: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Absent {
    kind: Option<FactKind>,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamePair {
    a: String,
    b: String,
    key: Option<bool>,
    same: Option<bool>,
    variant: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Compare {
    a: String,
    b: String,
    published_a: Option<String>,
    published_b: Option<String>,
    kind: FactKind,
    a_text: String,
    b_text: String,
    same: Option<bool>,
    conflict: Option<bool>,
}

fn load() -> Vec<(String, File)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/facts");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/data/facts exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.file_name().unwrap().to_string_lossy().into_owned(), file)
        })
        .collect()
}

fn context(published: Option<&str>) -> FactContext {
    FactContext { published: published.and_then(storydiff::parse_iso_date) }
}

fn describe(facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|f| {
            format!(
                "  {:?} {:?} value={:?} q={:?} unit={:?} speaker={:?}",
                f.kind, f.text, f.value, f.qualifier, f.unit, f.speaker
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn matches(fact: &Fact, want: &Expected) -> bool {
    let optional = |got: &Option<String>, want: &Option<String>| match want.as_deref() {
        None => true,
        Some("") => got.is_none(),
        Some(w) => got.as_deref() == Some(w),
    };
    fact.kind == want.kind
        && fact.text == want.text
        && want.value.as_ref().is_none_or(|v| &fact.value == v)
        && optional(&fact.qualifier, &want.qualifier)
        && optional(&fact.unit, &want.unit)
        && optional(&fact.speaker, &want.speaker)
}

/// The fact of `kind` whose text is `text` in `sentence`.
fn find_fact(sentence: &str, published: Option<&str>, kind: FactKind, text: &str) -> Fact {
    let facts = facts::extract(sentence, &context(published));
    facts
        .iter()
        .find(|f| f.kind == kind && f.text == text)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} {text:?} in {sentence:?}:\n{}", describe(&facts)))
}

#[test]
fn table_cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, data) in load() {
        for case in &data.case {
            count += 1;
            let facts = facts::extract(&case.sentence, &context(case.published.as_deref()));
            let mut problems = Vec::new();
            for f in &facts {
                if f.span.of(&case.sentence) != f.text {
                    problems.push(format!("span of {:?} does not cover its text", f.text));
                }
            }
            for want in &case.fact {
                if !facts.iter().any(|f| matches(f, want)) {
                    problems.push(format!(
                        "missing {:?} {:?} value={:?} q={:?} unit={:?} speaker={:?}",
                        want.kind, want.text, want.value, want.qualifier, want.unit, want.speaker
                    ));
                }
            }
            for absent in &case.absent {
                if facts.iter().any(|f| f.text == absent.text && absent.kind.is_none_or(|k| k == f.kind)) {
                    problems.push(format!("unexpected {:?} {:?}", absent.kind, absent.text));
                }
            }
            for kind in &case.exact {
                for f in facts.iter().filter(|f| f.kind == *kind) {
                    if !case.fact.iter().any(|want| matches(f, want)) {
                        problems.push(format!("extra {:?} {:?}", f.kind, f.text));
                    }
                }
            }
            if !problems.is_empty() {
                failures.push(format!(
                    "{file}: {:?}\n  {}\n got:\n{}",
                    case.sentence,
                    problems.join("\n  "),
                    describe(&facts)
                ));
            }
        }
    }
    assert!(count >= 50, "only {count} cases loaded");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn table_names() {
    let mut failures = Vec::new();
    for (file, data) in load() {
        for pair in &data.names {
            let (a, b) = (pair.a.as_str(), pair.b.as_str());
            let key = facts::name_key(a) == facts::name_key(b);
            let same = facts::same_name(a, b);
            let variant = facts::is_variant_name(a, b);
            let mut check = |what: &str, want: Option<bool>, got: bool| {
                if want.is_some_and(|w| w != got) {
                    failures.push(format!(
                        "{file}: {a:?} / {b:?}: {what} should be {} (keys {:?} / {:?})",
                        !got,
                        facts::name_key(a),
                        facts::name_key(b)
                    ));
                }
            };
            check("key", pair.key, key);
            check("same", pair.same, same);
            check("variant", pair.variant, variant);
            // Both directions agree.
            if same != facts::same_name(b, a) || variant != facts::is_variant_name(b, a) {
                failures.push(format!("{file}: {a:?} / {b:?} not symmetric"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn table_compare() {
    let mut failures = Vec::new();
    for (file, data) in load() {
        for c in &data.compare {
            let a = find_fact(&c.a, c.published_a.as_deref(), c.kind, &c.a_text);
            let b = find_fact(&c.b, c.published_b.as_deref(), c.kind, &c.b_text);
            let same = facts::same_value(&a, &b);
            let conflict = facts::conflicts(&a, &b);
            if c.same.is_some_and(|w| w != same) || c.conflict.is_some_and(|w| w != conflict) {
                failures.push(format!(
                    "{file}: {:?} ({}) / {:?} ({}): same={same} conflict={conflict}",
                    a.text, a.value, b.text, b.value
                ));
            }
            if same != facts::same_value(&b, &a) || conflict != facts::conflicts(&b, &a) {
                failures.push(format!("{file}: {:?} / {:?} not symmetric", a.text, b.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Odd inputs: nothing panics, every span lies on char boundaries.
#[test]
fn odd_inputs_do_not_panic() {
    let long_number = "9".repeat(400);
    let inputs = [
        String::new(),
        " ".into(),
        "$".into(),
        "%".into(),
        "$ %".into(),
        "“".into(),
        "”".into(),
        "\"".into(),
        "“unbalanced quote runs on".into(),
        "ends here” he said".into(),
        "😀 🇰🇵 Pyongyang 😀 said “😀”".into(),
        "Cafe\u{301} Se\u{301}rgey Zelens\u{30c}kyy said 5\u{301} percent".into(),
        format!("{long_number} containers and ${long_number} million and {long_number}%"),
        "1,2,3,4,5,,,,.... 3.5.6 ,000".into(),
        "Sept. 99 and February 30, 2023 and 2023-13-45 and 0 Oct".into(),
        "Monday Tuesday last week this year 99 years ago".into(),
        "according to".into(),
        "according to ,".into(),
        "said".into(),
        "Mr".into(),
        "Mr. .".into(),
        "Ms Ms Ms".into(),
        "x-".into(),
        "two-".into(),
        "-two".into(),
        "a a a a dozen dozen of of hundreds of of".into(),
        "ǅemal İstanbul ẞtraße".into(),
        "\u{200b}\u{feff}\u{202e}".into(),
        "€".into(),
        "US$".into(),
        "per cent percent %".into(),
        "one".into(),
        "first".into(),
        "the first".into(),
        "12th of".into(),
        "”“".into(),
        "\"\"\"\"".into(),
    ];
    for published in [None, Some((2023, 10, 18)), Some((1, 1, 1)), Some((9999, 12, 31)), Some((2023, 2, 31))] {
        for input in &inputs {
            let facts = facts::extract(input, &FactContext { published });
            for f in &facts {
                assert!(input.is_char_boundary(f.span.start) && input.is_char_boundary(f.span.end));
                assert_eq!(f.span.of(input), f.text, "{input:?}");
            }
            for a in &facts {
                for b in &facts {
                    let _ = facts::same_value(a, b);
                    let _ = facts::conflicts(a, b);
                }
            }
        }
    }
    for name in ["", "-", "'s", "’", "Mr", "😀", "e\u{301}", "Ы", "ŉ", "ﬁ"] {
        let _ = facts::name_key(name);
        let _ = facts::same_name(name, "Lavrov");
        let _ = facts::is_variant_name(name, name);
    }
}
