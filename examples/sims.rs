//! The story matcher's signals and score for every pair of the files given.
//!
//! `cargo run --release --example sims -- FILE...`
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let arts: Vec<_> = paths
        .iter()
        .map(|p| storydiff::analyse(p, &std::fs::read_to_string(p).unwrap(), storydiff::Format::Auto).unwrap())
        .collect();
    for a in &arts {
        for b in &arts {
            if a.id < b.id {
                let (pa, pb) = (storydiff::story::Profile::of(a), storydiff::story::Profile::of(b));
                let s = storydiff::story::signals(&pa, &pb);
                let short = |id: &str| id.rsplit('/').next().unwrap_or(id).chars().take(24).collect::<String>();
                println!(
                    "{:>24} {:>24} whole {:.2} shared {:.2} leads {:.2} lead-body {:.2} names {:.2} words {:.2} numbers {:.2} dates {:.2} => {:.3}",
                    short(&a.id),
                    short(&b.id),
                    s.whole,
                    s.shared,
                    s.leads,
                    s.lead_in_body,
                    s.names,
                    s.words,
                    s.numbers,
                    s.dates,
                    storydiff::story::profile_similarity(&pa, &pb)
                );
            }
        }
    }
}
