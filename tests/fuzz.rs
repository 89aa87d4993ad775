//! A randomized run of the whole pipeline, decode → analyse → compare, on
//! random bytes, random strings of awkward characters and mutations of the
//! seed texts: with a fixed seed and a bounded number of iterations, so CI
//! runs the same cases every time. It asserts no panic and bounded output.
//! For longer runs by hand there is a `cargo fuzz` target in `fuzz/`.

use storydiff::{Format, analyse, decode, try_compare};

const SEEDS: [&str; 5] = [
    include_str!("fixtures/seeds/000_cb3417d9ea0fa06a.txt"),
    include_str!("fixtures/seeds/001_26a6235fd37e7cc5.txt"),
    include_str!("fixtures/seeds/002_ec224b497d2decf6.txt"),
    include_str!("fixtures/seeds/003_21b689914c6dfc28.txt"),
    include_str!("fixtures/seeds/004_294208864dd86ac8.txt"),
];

/// Iterations per kind of input; `STORYDIFF_FUZZ_ITERATIONS` for more.
fn iterations() -> usize {
    std::env::var("STORYDIFF_FUZZ_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(120)
}

/// xorshift64*: small, seeded, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that have broken readers before, or might.
const PIECES: &[&str] = &[
    "in 2023 ",
    "on Monday ",
    "“",
    "”",
    "\"",
    "'",
    "’",
    ". ",
    "? ",
    "! ",
    "… ",
    "。",
    "।",
    "؟",
    "Word. ",
    "U.S. ",
    "Sept. 7",
    "1,000",
    "$820 million",
    "12%",
    "said ",
    "according to ",
    "Mr. ",
    "\n\n",
    "\n",
    "\t",
    "<p>",
    "</p>",
    "<html>",
    "<title>",
    "\u{1b}]0;X\u{7}",
    "\u{0}",
    "\u{feff}",
    "🎉",
    "é",
    "e\u{301}",
    "Kim Jong Un",
    "Lavrov ",
    "—",
    "(",
    ")",
    "«",
    "»",
    " ",
    "a",
    "Z",
    "9",
];

/// Runs the pipeline on `bytes`; the checks are its assertions.
fn run(bytes: &[u8], other: &storydiff::Article) {
    let Ok(text) = decode(bytes) else { return };
    for format in [Format::Auto, Format::Text] {
        let Ok(article) = analyse("fuzz", &text, format) else { continue };
        assert!(
            article.text.len() <= text.len() * 4 + 1024,
            "the body grew from {} to {}",
            text.len(),
            article.text.len()
        );
        for sentence in &article.sentences {
            assert!(sentence.span.end <= article.text.len() && article.text.is_char_boundary(sentence.span.start));
            assert!(sentence.span.len() <= storydiff::sentences::MAX_SENTENCE_BYTES);
        }
        let report = try_compare(&article, std::slice::from_ref(other)).expect("within the budget");
        // Every finding names a sentence or a fact: never more than the
        // sentences of both sides and their facts, many times over.
        let facts: usize = article.sentences.iter().chain(&other.sentences).map(|s| s.facts.len() + 1).sum();
        assert!(report.findings.len() <= 4 * facts, "{} findings", report.findings.len());
        let json = serde_json::to_string(&report).expect("serializes");
        assert!(json.len() <= 64 * (article.text.len() + other.text.len()) + 65_536, "{} bytes of report", json.len());
        let report = try_compare(other, std::slice::from_ref(&article)).expect("within the budget");
        assert!(serde_json::to_string(&report).is_ok());
    }
}

#[test]
fn random_bytes_do_not_panic() {
    let mut rng = Rng(0x5eed_0001);
    let other = analyse("seed", SEEDS[1], Format::Text).unwrap();
    for _ in 0..iterations() {
        let len = rng.below(4096);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        run(&bytes, &other);
    }
}

#[test]
fn random_strings_of_awkward_pieces_do_not_panic() {
    let mut rng = Rng(0x5eed_0002);
    let other = analyse("seed", SEEDS[0], Format::Text).unwrap();
    for _ in 0..iterations() {
        let pieces = rng.below(800);
        let text: String = (0..pieces).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        run(text.as_bytes(), &other);
    }
}

#[test]
fn mutated_seed_texts_do_not_panic() {
    let mut rng = Rng(0x5eed_0003);
    let others: Vec<_> = SEEDS.iter().map(|s| analyse("seed", s, Format::Text).unwrap()).collect();
    for _ in 0..iterations() {
        let mut bytes = SEEDS[rng.below(SEEDS.len())].as_bytes().to_vec();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(bytes.len());
            match rng.below(5) {
                // Flip a byte (may break UTF-8: read as Windows-1252).
                0 => bytes[at] ^= 1 << rng.below(8),
                // Cut a range out.
                1 => {
                    let end = (at + rng.below(400)).min(bytes.len());
                    bytes.drain(at..end);
                }
                // Repeat a range many times.
                2 => {
                    let end = (at + rng.below(200)).min(bytes.len());
                    let piece = bytes[at..end].to_vec();
                    for _ in 0..rng.below(50) {
                        bytes.splice(at..at, piece.iter().copied());
                    }
                }
                // Insert an awkward piece.
                3 => {
                    let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                    bytes.splice(at..at, piece.iter().copied());
                }
                // Swap in a range of another seed.
                _ => {
                    let donor = SEEDS[rng.below(SEEDS.len())].as_bytes();
                    let from = rng.below(donor.len());
                    let end = (from + rng.below(600)).min(donor.len());
                    bytes.splice(at..at, donor[from..end].iter().copied());
                }
            }
            if bytes.is_empty() {
                bytes.push(b'a');
            }
        }
        run(&bytes, &others[rng.below(others.len())]);
    }
}
