//! The known-edit benchmark: figures per edit kind; with `--verbose` every
//! miss and every false finding; with `--cases` the cases alone (no engine
//! run). See `docs/edit-bench.md`.
//!
//! `cargo run --release --example edit_bench [-- --verbose | --cases | --dump DIR]`

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
    // `--dump DIR`: every case as two files (the original and the edited
    // text), to run the command line on one by hand.
    if let Some(dir) = std::env::args().skip_while(|a| a != "--dump").nth(1) {
        std::fs::create_dir_all(&dir).expect("the dump folder");
        for (n, case) in cases.iter().enumerate() {
            let stem = format!(
                "{dir}/{n:03}-{}-{}",
                case.kind.name().replace([':', '.'], "_"),
                bases[case.base].id.replace([':', '/'], "_")
            );
            let original = case.original.as_deref().unwrap_or(&bases[case.base].text);
            std::fs::write(format!("{stem}.original.txt"), original).expect("a dump file");
            std::fs::write(format!("{stem}.edited.txt"), &case.edited).expect("a dump file");
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
