//! Table tests for the text stages (repair, plain-text extraction, sentence
//! splitting), read from `tests/data/*.toml`, plus the seed articles.

use serde::Deserialize;
use storydiff::{extract, repair, sentences};

fn load<T: for<'de> Deserialize<'de>>(name: &str) -> T {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---- sentences -----------------------------------------------------------

#[derive(Deserialize)]
struct SentenceCases {
    case: Vec<SentenceCase>,
}

#[derive(Deserialize)]
struct SentenceCase {
    name: String,
    text: String,
    sentences: Vec<String>,
}

#[test]
fn sentence_table() {
    let cases: SentenceCases = load("sentences.toml");
    let mut failures = Vec::new();
    for case in &cases.case {
        let got: Vec<&str> = sentences::split(&case.text).iter().map(|s| s.of(&case.text)).collect();
        if got != case.sentences {
            failures.push(format!("{}:\n  want {:?}\n  got  {:?}", case.name, case.sentences, got));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- repair --------------------------------------------------------------

#[derive(Deserialize)]
struct RepairCases {
    case: Vec<RepairCase>,
}

#[derive(Deserialize)]
struct RepairCase {
    name: String,
    input: String,
    output: String,
}

#[test]
fn repair_table() {
    let cases: RepairCases = load("repair.toml");
    let mut failures = Vec::new();
    for case in &cases.case {
        let got = repair::repair(&case.input).text;
        if got != case.output {
            failures.push(format!("{}:\n  want {:?}\n  got  {:?}", case.name, case.output, got));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- extract_text --------------------------------------------------------

#[derive(Deserialize)]
struct ExtractCases {
    case: Vec<ExtractCase>,
}

/// Expectations for one text; a field left out is not checked.
#[derive(Deserialize)]
struct ExtractCase {
    name: String,
    text: String,
    title: Option<String>,
    published: Option<String>,
    byline: Option<String>,
    site: Option<String>,
    description: Option<String>,
    /// Fields that must be absent: "title", "published", "byline", "site", "description".
    #[serde(default)]
    none: Vec<String>,
    /// The body paragraphs, exactly.
    paragraphs: Option<Vec<String>>,
    #[serde(default)]
    body_has: Vec<String>,
    #[serde(default)]
    body_lacks: Vec<String>,
}

fn field<'a>(e: &'a extract::Extracted, name: &str) -> &'a Option<String> {
    match name {
        "title" => &e.title,
        "published" => &e.published,
        "byline" => &e.byline,
        "site" => &e.site,
        "description" => &e.description,
        other => panic!("unknown field {other}"),
    }
}

fn check_extract(case: &ExtractCase, text: &str) -> Vec<String> {
    let got = extract::extract_text(text);
    let mut problems = check_extracted(case, &got);
    for p in &got.paragraphs {
        let at = p.origin.expect("plain text paragraphs have an origin");
        if text.get(at..at + p.text.len()) != Some(p.text.as_str()) {
            problems.push(format!("paragraph not a verbatim slice at {at}: {:?}", p.text));
        }
    }
    problems
}

fn check_extracted(case: &ExtractCase, got: &extract::Extracted) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = [
        ("title", &case.title),
        ("published", &case.published),
        ("byline", &case.byline),
        ("site", &case.site),
        ("description", &case.description),
    ];
    for (name, want) in expected {
        if want.is_some() && field(got, name) != want {
            problems.push(format!("{name}: want {want:?}, got {:?}", field(got, name)));
        }
    }
    for name in &case.none {
        if field(got, name).is_some() {
            problems.push(format!("{name}: want none, got {:?}", field(got, name)));
        }
    }
    let body: Vec<&str> = got.paragraphs.iter().map(|p| p.text.as_str()).collect();
    if let Some(want) = &case.paragraphs {
        if &body != want {
            problems.push(format!("paragraphs: want {want:?}\n    got {body:?}"));
        }
    }
    let joined = body.join("\n\n");
    for has in &case.body_has {
        if !joined.contains(has.as_str()) {
            problems.push(format!("body lacks {has:?}"));
        }
    }
    for lacks in &case.body_lacks {
        if joined.contains(lacks.as_str()) {
            problems.push(format!("body has {lacks:?}"));
        }
    }
    problems
}

fn run_extract_cases(file: &str, repair_first: bool) {
    let cases: ExtractCases = load(file);
    let mut failures = Vec::new();
    for case in &cases.case {
        let text = if repair_first { repair::repair(&case.text).text } else { case.text.clone() };
        let problems = check_extract(case, &text);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.name, problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn extract_text_table() {
    run_extract_cases("extract_text.toml", false);
}

/// The same furniture inside an HTML page's article markup: `text` is the page.
#[test]
fn extract_html_table() {
    let cases: ExtractCases = load("extract_html.toml");
    let failures: Vec<String> = cases
        .case
        .iter()
        .filter_map(|case| {
            let problems = check_extracted(case, &extract::extract_html(&case.text));
            (!problems.is_empty()).then(|| format!("{}:\n  {}", case.name, problems.join("\n  ")))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- the seeds, end to end through repair and extract -------------------

#[derive(Deserialize)]
struct SeedCases {
    case: Vec<SeedCase>,
}

#[derive(Deserialize)]
struct SeedCase {
    file: String,
    #[serde(flatten)]
    expect: ExtractCase,
}

#[test]
fn seeds_repair_and_extract() {
    let cases: SeedCases = load("seeds.toml");
    let mut failures = Vec::new();
    for case in &cases.case {
        let path = format!("{}/tests/fixtures/seeds/{}", env!("CARGO_MANIFEST_DIR"), case.file);
        let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let repaired = repair::repair(&raw).text;
        let problems = check_extract(&case.expect, &repaired);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.file, problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- robustness ------------------------------------------------------------

/// Odd inputs: none of the stages may panic, and spans stay on char boundaries.
#[test]
fn stages_survive_odd_inputs() {
    let long_line = "word ".repeat(50_000);
    let long_dots = ".".repeat(10_000);
    let long_quote = format!("“{}", "a. B. ".repeat(2_000));
    let inputs = [
        "",
        " ",
        "\n\n\n",
        "\r\n\r\n",
        ".",
        "...",
        "?!?!",
        "“”",
        "\"",
        "â",
        "ââââ",
        "Ã",
        "â€",
        "Ã\u{a0}",
        "😀😀😀. 😀!",
        "\u{feff}\u{200b}\u{a0}",
        "e\u{301}\u{301}\u{301}",
        "By",
        "Published",
        "2023-13-45",
        "More:",
        "MOSCOW (AP) —",
        "SEOUL:",
        "|||",
        " date ",
        &long_line,
        &long_dots,
        &long_quote,
        "日本語の文。もう一つ。",
        "\u{0}\u{1}\u{7f}\u{85}\u{9d}",
    ];
    for input in inputs {
        let repaired = repair::repair(input);
        assert!(repaired.origin_of(repaired.text.len()) <= input.len());
        for offset in 0..=repaired.text.len() {
            assert!(repaired.origin_of(offset) <= input.len());
        }
        for text in [input, repaired.text.as_str()] {
            let extracted = extract::extract_text(text);
            for p in &extracted.paragraphs {
                for span in sentences::split(&p.text) {
                    assert!(p.text.get(span.start..span.end).is_some());
                }
            }
            for span in sentences::split(text) {
                assert!(text.get(span.start..span.end).is_some());
            }
        }
    }
}
