//! Missing: what other versions say and this article does not.
//!
//! In: the [`Compared`] articles. Out: `missing` findings: whole sentences of
//! a version that this article does not convey anywhere, not even in other
//! words, and spans of sentences that have a counterpart here; one finding
//! per fact however many versions carry it (their wordings listed), placed
//! after the current sentence where it would fit.

use super::compare::{
    Compared, Counterpart, News, PairDiff, Shown, containment, dice, inserted_wording, is_headline_line, novelty_in,
    placement, run_span, run_terms, shown_sentence,
};
use super::{Finding, FindingKind};
use crate::model::Span;

/// Two versions' missing passages at least this alike (weighted Dice, or
/// the lighter one's share held by the other) tell one fact.
const SAME_FACT: f64 = 0.4;

/// One version's passage that the current article lacks.
struct Candidate {
    other: usize,
    sentence: usize,
    span: Span,
    whole: bool,
    terms: Vec<u64>,
    after: Option<usize>,
    /// The weight of what it says that the current article does not.
    news: f64,
}

pub(crate) fn find(compared: &Compared<'_>) -> Vec<Finding> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for (o, other) in compared.others.iter().enumerate() {
        let article = other.article();
        for (t, sentence) in other.prepared.sentences.iter().enumerate() {
            let facts = &article.sentences[t].facts;
            let diff = other.backward[t].map(|(s, _)| PairDiff::new(sentence, &compared.here.sentences[s]));
            let (novel, counterpart) = novelty_in(
                sentence,
                diff.as_ref(),
                &compared.here,
                &compared.here_stream,
                other.revision,
                is_headline_line(&article.text, &sentence.tokens),
            );
            let after = match other.backward[t] {
                Some((s, _)) if matches!(counterpart, Counterpart::Aligned { .. } | Counterpart::Restated) => Some(s),
                _ => placement(other, t),
            };
            let novel = novel.novel;
            for news in super::compare::news(
                compared,
                &article.text,
                &sentence.tokens,
                facts,
                &novel,
                counterpart,
                Shown::Statements,
            ) {
                let (span, range, whole) = match news {
                    News::Whole => (shown_sentence(article, t), 0..sentence.tokens.len(), true),
                    News::Span(run) => (run_span(&sentence.tokens, run), run.range(), false),
                };
                let terms = match news {
                    News::Whole => sentence.terms.clone(),
                    News::Span(run) => run_terms(&sentence.tokens, run),
                };
                candidates.push(Candidate {
                    other: o,
                    sentence: t,
                    span,
                    whole,
                    terms,
                    after,
                    news: compared.novel_weight(&sentence.tokens[range.clone()], &novel[range]),
                });
            }
        }
    }
    cluster(compared, candidates)
}

/// One finding per missing fact, however many versions carry it.
fn cluster(compared: &Compared<'_>, candidates: Vec<Candidate>) -> Vec<Finding> {
    let mut clusters: Vec<Vec<Candidate>> = Vec::new();
    for candidate in candidates {
        let alike = |c: &Candidate| {
            dice(&c.terms, &candidate.terms, &compared.weights) >= SAME_FACT
                || (c.whole == candidate.whole
                    && containment(&c.terms, &candidate.terms, &compared.weights) >= SAME_FACT + 0.2)
        };
        let home = clusters
            .iter_mut()
            .find(|cluster| cluster.iter().all(|c| c.other != candidate.other) && cluster.iter().any(alike));
        match home {
            Some(cluster) => cluster.push(candidate),
            None => clusters.push(vec![candidate]),
        }
    }
    clusters
        .into_iter()
        .map(|cluster| {
            let representative =
                cluster.iter().max_by(|a, b| a.news.total_cmp(&b.news)).expect("clusters are never empty");
            let version = compared.others[representative.other].id().to_string();
            let after = cluster.iter().find_map(|c| c.after).or(representative.after);
            Finding {
                kind: FindingKind::Missing,
                version: Some(version),
                versions: cluster.iter().map(|c| compared.others[c.other].id().to_string()).collect(),
                here: None,
                here_span: None,
                sentence: if representative.whole { None } else { representative.after },
                there: Some(representative.span.of(&compared.others[representative.other].article().text).to_string()),
                after,
                facts: Vec::new(),
                wordings: cluster
                    .iter()
                    .map(|c| inserted_wording(compared.others[c.other].article(), c.sentence, c.span))
                    .collect(),
                weight: 0.0,
            }
        })
        .collect()
}
