//! How much a finding matters to a reader.
//!
//! In: a finding (with the articles of its comparison, whose facts it reads).
//! Out: its weight in 0..1, so the panel and the cards can put
//! the important ones first: what it is (a conflict over a fact weighs most,
//! a variant least), how many versions carry it, whether it holds a number,
//! a date, a name or a quote, and whether it is a whole statement or a word.

use super::{FactType, Finding, FindingKind};
use crate::facts::{FactContext, extract};
use crate::model::{Article, FactKind};

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

/// [`weigh`] for a finding of the comparison of `current` with `same`: the
/// facts its text holds are those its article's sentences hold (read once,
/// when the article was), not read again from the text.
pub(crate) fn weigh_in(finding: &Finding, current: &Article, same: &[&Article]) -> f64 {
    match fact_kinds_shown(finding, current, same) {
        Some(kinds) => weigh_holding(finding, &kinds),
        None => weigh(finding),
    }
}

/// The kinds of the facts in the text a finding shows, from the facts its
/// article's sentences hold (read once, when the article was): those within
/// its span here, or, for a missing finding, those of the shown wording's
/// sentence that its text holds. `None` when the finding shows no passage
/// of a sentence (metadata).
fn fact_kinds_shown(finding: &Finding, current: &Article, same: &[&Article]) -> Option<Vec<FactKind>> {
    if let Some(span) = finding.here_span {
        let kinds = current
            .sentences
            .iter()
            .filter(|s| s.span.start < span.end && span.start < s.span.end)
            .flat_map(|s| &s.facts)
            .filter(|f| span.start <= f.span.start && f.span.end <= span.end)
            .map(|f| f.kind)
            .collect();
        return Some(kinds);
    }
    if finding.kind != FindingKind::Missing {
        return None;
    }
    let (version, there) = (finding.version.as_deref()?, finding.there.as_deref()?);
    let article = same.iter().find(|a| a.id == version)?;
    // One wording per version: the one shown is that version's.
    let wording = finding.wordings.iter().find(|w| w.version == version)?;
    let sentence = article.sentences.get(wording.sentence?)?;
    Some(sentence.facts.iter().filter(|f| there.contains(f.span.of(&article.text))).map(|f| f.kind).collect())
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
fn weigh_holding(finding: &Finding, kinds: &[FactKind]) -> f64 {
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
