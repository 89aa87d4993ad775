//! The seed story as the speed measurements read it (shared by
//! `benches/compare.rs` and `examples/profile_compare.rs`): the current
//! article, seed 002 with seed 004's first paragraphs appended (about 800
//! words), and `n` stored versions cycling through the other seeds.

use storydiff::{Article, Format, analyse};

pub const SEEDS: [&str; 5] = [
    include_str!("../tests/fixtures/seeds/000_cb3417d9ea0fa06a.txt"),
    include_str!("../tests/fixtures/seeds/001_26a6235fd37e7cc5.txt"),
    include_str!("../tests/fixtures/seeds/002_ec224b497d2decf6.txt"),
    include_str!("../tests/fixtures/seeds/003_21b689914c6dfc28.txt"),
    include_str!("../tests/fixtures/seeds/004_294208864dd86ac8.txt"),
];

/// The current article: seed 002 (about 750 words) with seed 004's first
/// paragraphs appended, about 800 words.
pub fn current() -> Article {
    let tail: String = SEEDS[4].split('\n').take(2).collect::<Vec<_>>().join("\n");
    analyse("current", &format!("{}\n\n{tail}", SEEDS[2]), Format::Text).expect("seed reads")
}

/// `n` stored versions, cycling through the other seeds.
pub fn versions(n: usize) -> Vec<Article> {
    (0..n)
        .map(|i| {
            let seed = [0, 1, 3, 4][i % 4];
            analyse(&format!("v{i}"), SEEDS[seed], Format::Text).expect("seed reads")
        })
        .collect()
}
