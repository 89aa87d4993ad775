//! The known-edit benchmark: figures per edit kind; with `--verbose` every
//! miss and every false finding; with `--cases` the cases alone (no engine
//! run). See `docs/edit-bench.md`.
//!
//! `cargo run --release --example edit_bench [-- --verbose | --cases]`

#[path = "../tests/support/edit_bench.rs"]
#[allow(dead_code)] // a few helpers serve only the test
mod bench;

fn main() {
    let flag = |name: &str| std::env::args().any(|a| a == name);
    let Some(shared) = bench::shared_dir() else {
        eprintln!("SKIPPED: ../shared (pages/readability, stories/ecbplus-dev.jsonl) is absent");
        return;
    };
    let bases = bench::load_bases(&shared);
    let cases = bench::generate(&bases);
    if flag("--cases") {
        for case in &cases {
            println!("{:<26} {:<22} {}", case.kind.name(), bases[case.base].id, case.note);
        }
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(2);
    let outcomes = bench::run_all(&cases, &bases, threads);
    let figures = bench::Figures::of(&outcomes);
    println!(
        "{} base texts ({} Readability pages), {} cases, seed {:#x}",
        bases.len(),
        bases.iter().filter(|b| b.readability).count(),
        cases.len(),
        bench::SEED
    );
    print!("{}", figures.table());
    if flag("--verbose") || flag("-v") {
        println!();
        print!("{}", bench::listing(&outcomes));
    }
}
