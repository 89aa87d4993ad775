//! How much a finding matters to a reader.
//!
//! In: a finding. Out: its weight in 0..1, so the panel and the cards can put
//! the important ones first: what it is (a conflict over a fact weighs most,
//! a variant least), how many versions carry it, whether it holds a number,
//! a date, a name or a quote, and whether it is a whole statement or a word.

use super::{FactType, Finding, FindingKind};
use crate::facts::{FactContext, extract};
use crate::model::FactKind;

/// What a finding of each kind weighs before what it holds.
fn base(kind: FindingKind) -> f64 {
    match kind {
        FindingKind::Differs => 0.45,
        FindingKind::Missing => 0.3,
        FindingKind::Unique => 0.25,
        FindingKind::Metadata => 0.2,
        FindingKind::Variant => 0.05,
    }
}

/// The finding's weight, 0..1, reading the facts of the text it shows.
pub fn weigh(finding: &Finding) -> f64 {
    let kinds: Vec<FactKind> = extract(shown(finding), &FactContext::default()).iter().map(|f| f.kind).collect();
    weigh_holding(finding, &kinds)
}

/// The text a finding shows: what this article lacks for a missing finding,
/// what it says for the others.
fn shown(finding: &Finding) -> &str {
    match finding.kind {
        FindingKind::Missing => finding.there.as_deref(),
        _ => finding.here.as_deref(),
    }
    .unwrap_or("")
}

/// [`weigh`], given the kinds of the facts its text holds (read when its
/// article was: the comparison does not read them again).
pub(crate) fn weigh_holding(finding: &Finding, kinds: &[FactKind]) -> f64 {
    let text = shown(finding);
    let mut weight = base(finding.kind);
    // Carried by several versions: each one more adds, up to three.
    let carriers = finding.versions.len().max(1);
    if matches!(finding.kind, FindingKind::Missing | FindingKind::Differs) {
        weight += 0.1 * (carriers - 1).min(3) as f64;
    }
    // What it holds: each kind of fact a reader keeps adds once.
    let holds = |wanted: &[FactKind]| kinds.iter().any(|k| wanted.contains(k));
    let typed = |t: FactType| finding.facts.iter().any(|f| f.kind == t);
    if holds(&[FactKind::Number, FactKind::Money, FactKind::Percent]) || typed(FactType::Number) {
        weight += 0.1;
    }
    if holds(&[FactKind::Date]) || typed(FactType::Date) {
        weight += 0.08;
    }
    if holds(&[FactKind::Person, FactKind::Organization, FactKind::Place]) || typed(FactType::Name) {
        weight += 0.07;
    }
    if holds(&[FactKind::Quote]) || typed(FactType::Quote) {
        weight += 0.07;
    }
    // A whole statement says more than a word of one.
    let words = text.split_whitespace().count();
    if words >= 8 {
        weight += 0.05;
    }
    (weight.min(1.0) * 1000.0).round() / 1000.0
}
