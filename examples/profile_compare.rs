//! Runs one comparison (seed 002 plus a tail, against 10 versions cycling
//! through the other seeds, as `benches/compare.rs` does) many times, for a
//! profiler: `perf record cargo run --release --example profile_compare`.

use storydiff::{Format, analyse};

const SEEDS: [&str; 5] = [
    include_str!("../tests/fixtures/seeds/000_cb3417d9ea0fa06a.txt"),
    include_str!("../tests/fixtures/seeds/001_26a6235fd37e7cc5.txt"),
    include_str!("../tests/fixtures/seeds/002_ec224b497d2decf6.txt"),
    include_str!("../tests/fixtures/seeds/003_21b689914c6dfc28.txt"),
    include_str!("../tests/fixtures/seeds/004_294208864dd86ac8.txt"),
];

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let tail: String = SEEDS[4].split('\n').take(2).collect::<Vec<_>>().join("\n");
    let current = analyse("current", &format!("{}\n\n{tail}", SEEDS[2]), Format::Text).expect("seed reads");
    let versions: Vec<_> = (0..10)
        .map(|i| analyse(&format!("v{i}"), SEEDS[[0, 1, 3, 4][i % 4]], Format::Text).expect("seed reads"))
        .collect();
    let start = std::time::Instant::now();
    let mut findings = 0;
    for _ in 0..runs {
        findings += storydiff::compare(&current, &versions).findings.len();
    }
    eprintln!("{runs} runs, {:.2} ms each, {findings} findings", start.elapsed().as_secs_f64() * 1000.0 / runs as f64);
}
