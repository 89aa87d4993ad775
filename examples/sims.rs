use std::collections::HashMap;
use storydiff::text::{TokenClass, tokenize};
fn lead(a: &storydiff::Article, n: usize) -> HashMap<String, f64> {
    let mut m = HashMap::new();
    let mut text = a.title.clone().unwrap_or_default();
    for s in a.sentences.iter().take(n) {
        text.push(' ');
        text.push_str(s.span.of(&a.text));
    }
    for t in tokenize(&text) {
        if t.class == TokenClass::Content || t.class == TokenClass::Number {
            *m.entry(if t.stem.is_empty() { t.norm } else { t.stem }).or_insert(0.0) += 1.0;
        }
    }
    m
}
fn cos(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().map(|(k, v)| v * b.get(k).unwrap_or(&0.0)).sum();
    let n = |m: &HashMap<String, f64>| m.values().map(|v| v * v).sum::<f64>().sqrt();
    dot / (n(a) * n(b))
}
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
                let [c, s, l2, lw2] = storydiff::story::components(&pa, &pb);
                let sim = storydiff::story::profile_similarity(&pa, &pb);
                let l = cos(&lead(a, 2), &lead(b, 2));
                let lw = cos(&lead(a, 2), &lead(b, 100)).max(cos(&lead(a, 100), &lead(b, 2)));
                println!(
                    "{:>12} {:>12} cos {:.2} shared {:.2} lead {:.2}/{:.2} leadwhole {:.2}/{:.2} => {:.2}",
                    &a.id[a.id.len().saturating_sub(12)..],
                    &b.id[b.id.len().saturating_sub(12)..],
                    c,
                    s,
                    l,
                    l2,
                    lw,
                    lw2,
                    sim
                );
            }
        }
    }
}
