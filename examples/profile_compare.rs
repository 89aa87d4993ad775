//! Runs one comparison (the seed story's current article against 10
//! versions, as `benches/compare.rs` does) many times, for a profiler:
//! `perf record cargo run --release --example profile_compare [RUNS]`.

#[path = "../benches/seeds.rs"]
mod seeds;

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(300);
    let current = seeds::current();
    let versions = seeds::versions(10);
    let start = std::time::Instant::now();
    let mut findings = 0;
    for _ in 0..runs {
        findings += storydiff::compare(&current, &versions).findings.len();
    }
    eprintln!("{runs} runs, {:.2} ms each, {findings} findings", start.elapsed().as_secs_f64() * 1000.0 / runs as f64);
}
