//! Unique: what only this article says.
//!
//! In: the [`Compared`] articles. Out: `unique` findings: whole sentences no
//! version conveys, not even in other words, and spans of sentences that
//! have counterparts (down to one inserted name), each with the other
//! versions' wordings of that sentence.

use super::compare::{
    Compared, Counterpart, News, Novelty, Shown, is_headline_line, novelty_in, run_span, said_nearby, shown_sentence,
};
use super::{Finding, FindingKind, Wording};
use crate::model::Span;

pub(crate) fn find(compared: &Compared<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if compared.others.is_empty() {
        return findings;
    }
    let article = compared.here_article();
    for (s, sentence) in compared.here.sentences.iter().enumerate() {
        let headline = is_headline_line(&article.text, &sentence.tokens);
        let readings: Vec<(Novelty, Counterpart)> = compared
            .others
            .iter()
            .map(|o| novelty_in(sentence, o.forward_diffs[s].as_ref(), &o.prepared, &o.stream, o.revision, headline))
            .collect();
        let novel: Vec<bool> = (0..sentence.tokens.len()).map(|i| readings.iter().all(|(n, _)| n.novel[i])).collect();
        let linked: Vec<usize> =
            (0..compared.others.len()).filter(|&o| compared.others[o].forward[s].is_some()).collect();
        let counterpart = strongest(readings.iter().map(|(_, c)| c));
        let facts = &article.sentences[s].facts;
        for news in super::compare::news(
            compared,
            &article.text,
            &sentence.tokens,
            facts,
            &novel,
            counterpart,
            Shown::Insertions,
        ) {
            let (span, tokens) = match news {
                News::Whole => (shown_sentence(article, s), &sentence.tokens[..]),
                News::Span(run) => (run_span(&sentence.tokens, run), &sentence.tokens[run.range()]),
            };
            // A revision of this text keeps its wording: a sentence it has
            // no counterpart for was cut, however alike its neighbours.
            let places = compared.others.iter().filter(|o| !o.revision || o.forward[s].is_some()).map(|o| &o.prepared);
            if said_nearby(compared, &article.text, &sentence.tokens, tokens, facts, places) {
                continue;
            }
            let wordings = linked.iter().map(|&o| compared.wording(s, &compared.others[o])).collect();
            findings.push(unique_finding(compared, s, span, wordings));
        }
    }
    findings
}

/// How a sentence stands to the versions, from how it stands to each: an
/// edited counterpart anywhere makes its edits the news; else a restatement
/// anywhere; else a looser paraphrase; else it has no counterpart (against a revision: added).
fn strongest<'c>(counterparts: impl Iterator<Item = &'c Counterpart>) -> Counterpart {
    let mut best = Counterpart::None { revision: false };
    for c in counterparts {
        best = match (&best, c) {
            (_, Counterpart::Aligned { revision: true }) | (Counterpart::Aligned { revision: true }, _) => {
                Counterpart::Aligned { revision: true }
            }
            (_, Counterpart::Restated) | (Counterpart::Restated, _) => Counterpart::Restated,
            (_, Counterpart::Aligned { revision: false }) | (Counterpart::Aligned { revision: false }, _) => {
                Counterpart::Aligned { revision: false }
            }
            (Counterpart::None { revision: a }, Counterpart::None { revision: b }) => {
                Counterpart::None { revision: *a || *b }
            }
        };
    }
    best
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
