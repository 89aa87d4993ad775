//! Unique: what only this article says.
//!
//! In: the [`Compared`] articles. Out: `unique` findings: whole sentences no
//! version conveys, not even in other words, and spans of sentences that
//! have counterparts (down to one inserted name), each with the other
//! versions' wordings of that sentence.

use super::compare::{Compared, Counterpart, News, Novelty, novelty, run_span, shown_sentence, vocabulary_novelty};
use super::{Finding, FindingKind, Wording};
use crate::model::Span;

pub(crate) fn find(compared: &Compared<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if compared.others.is_empty() {
        return findings;
    }
    let article = compared.here_article();
    for (s, sentence) in compared.here.sentences.iter().enumerate() {
        let novelties: Vec<Novelty> = compared
            .others
            .iter()
            .map(|o| match &o.forward_diffs[s] {
                Some(diff) => novelty(sentence, diff, &o.prepared),
                None => vocabulary_novelty(sentence, &o.prepared),
            })
            .collect();
        let novel: Vec<bool> = (0..sentence.tokens.len()).map(|i| novelties.iter().all(|n| n.novel[i])).collect();
        let linked: Vec<usize> =
            (0..compared.others.len()).filter(|&o| compared.others[o].forward[s].is_some()).collect();
        let counterpart = if linked.is_empty() {
            Counterpart::None { revision: compared.others.iter().any(|o| o.revision) }
        } else {
            Counterpart::Aligned { revision: novelties.iter().any(|n| n.revision) }
        };
        let facts = &article.sentences[s].facts;
        for news in super::compare::news(compared, &article.text, &sentence.tokens, facts, &novel, counterpart) {
            let span = match news {
                News::Whole => shown_sentence(article, s),
                News::Span(run) => run_span(&sentence.tokens, run),
            };
            let wordings = linked.iter().map(|&o| compared.wording(s, &compared.others[o])).collect();
            findings.push(unique_finding(compared, s, span, wordings));
        }
    }
    findings
}

/// A `unique` finding for `span` of current sentence `s`.
fn unique_finding(compared: &Compared<'_>, s: usize, span: Span, wordings: Vec<Wording>) -> Finding {
    Finding {
        kind: FindingKind::Unique,
        version: None,
        versions: Vec::new(),
        here: Some(compared.here_text(span)),
        here_span: Some(span),
        sentence: Some(s),
        there: None,
        after: None,
        facts: Vec::new(),
        wordings,
        weight: 0.0,
    }
}
