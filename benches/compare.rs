//! Speed of the comparison: one article of about 800 words against 1, 10 and
//! 50 stored versions, and a story lookup among 10,000 stored articles.
//! Figures are in BENCHMARKS.md; `cargo bench` reproduces them.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use storydiff::story::StoryIndex;
use storydiff::{Article, Format, analyse};

#[path = "seeds.rs"]
mod seeds;
use seeds::{SEEDS, current, versions};

/// A deterministic stream of pseudo-random numbers (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

/// 10,000 articles of about 300 words built from a vocabulary of 20,000
/// made-up words with a Zipf-like spread, each with a few rare names.
fn corpus(n: usize) -> Vec<Article> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocabulary: Vec<String> = (0..20_000).map(|i| format!("w{i:x}q")).collect();
    (0..n)
        .map(|i| {
            let mut text = String::new();
            for s in 0..15 {
                for w in 0..20 {
                    // Low ranks are common: the square skews the draw.
                    let r = rng.next() % 141;
                    let word = &vocabulary[(r * r + rng.next() % 7) % vocabulary.len()];
                    text.push_str(if w == 0 { "Start" } else { word });
                    text.push(' ');
                }
                text.push_str(&format!("Name{} said {}.", rng.next() % 5000, s));
                text.push(if s % 4 == 3 { '\n' } else { ' ' });
            }
            analyse(&format!("a{i}"), &text, Format::Text).expect("synthetic article reads")
        })
        .collect()
}

fn compare_versions(c: &mut Criterion) {
    let current = current();
    let mut group = c.benchmark_group("compare");
    for n in [1, 10, 50] {
        let versions = versions(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &versions, |b, versions| {
            b.iter(|| storydiff::compare(black_box(&current), black_box(versions)))
        });
    }
    group.finish();
}

/// What the extension's background does on each page: rebuild the stored
/// articles (sentences and facts) and compare; the same work as the wasm
/// figures in BENCHMARKS.md.
fn compare_stored(c: &mut Criterion) {
    let stored = |a: &Article| storydiff::StoredArticle {
        id: a.id.clone(),
        title: a.title.clone(),
        published: a.published.clone(),
        byline: a.byline.clone(),
        site: a.site.clone(),
        text: a.text.clone(),
        set_aside: a.set_aside.clone(),
    };
    let current = stored(&current());
    let mut group = c.benchmark_group("compare from stored");
    for n in [1, 10, 50] {
        let versions: Vec<_> = versions(n).iter().map(stored).collect();
        group.bench_with_input(BenchmarkId::from_parameter(n), &versions, |b, versions| {
            b.iter(|| {
                let here = storydiff::from_stored(black_box(&current)).unwrap();
                let there: Vec<Article> = versions.iter().map(|v| storydiff::from_stored(v).unwrap()).collect();
                storydiff::compare(&here, &there)
            })
        });
    }
    group.finish();
}

fn analyse_article(c: &mut Criterion) {
    let text = format!("{}\n\n{}", SEEDS[2], SEEDS[4]);
    c.bench_function("analyse 800 words", |b| b.iter(|| analyse("a", black_box(&text), Format::Text)));
}

fn lookup(c: &mut Criterion) {
    let articles = corpus(10_000);
    let mut index = StoryIndex::new();
    for article in &articles {
        index.insert(article);
    }
    let query = &articles[4321];
    let profile = storydiff::story::Profile::of(query);
    c.bench_function("lookup among 10000", |b| b.iter(|| index.find_profile(&query.id, black_box(&profile), 20)));
    c.bench_function("profile + lookup among 10000", |b| b.iter(|| index.find(black_box(query), 20)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = compare_versions, compare_stored, analyse_article, lookup
}
criterion_main!(benches);
