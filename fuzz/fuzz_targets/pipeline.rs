//! decode → analyse → compare on arbitrary bytes: no panic, bounded output.
//! Seed the corpus with the seed texts:
//! `mkdir -p fuzz/corpus/pipeline && cp tests/fixtures/seeds/*.txt fuzz/corpus/pipeline/`
#![no_main]

use libfuzzer_sys::fuzz_target;
use storydiff::{Format, analyse, decode, try_compare};

const OTHER: &str = include_str!("../../tests/fixtures/seeds/001_26a6235fd37e7cc5.txt");

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = decode(bytes) else { return };
    let Ok(article) = analyse("fuzz", &text, Format::Auto) else { return };
    for sentence in &article.sentences {
        assert!(sentence.span.len() <= storydiff::sentences::MAX_SENTENCE_BYTES);
    }
    let other = analyse("other", OTHER, Format::Text).expect("the seed reads");
    if let Ok(report) = try_compare(&article, std::slice::from_ref(&other)) {
        let json = serde_json_len(&report);
        assert!(json <= 256 * (article.text.len() + other.text.len()) + 65_536);
    }
});

fn serde_json_len(report: &storydiff::Report) -> usize {
    format!("{report:?}").len()
}
