//! Missing: what other versions say and this article does not.
//!
//! In: the [`Compared`] articles. Out: `missing` findings: whole sentences of
//! a version that this article does not convey anywhere, not even in other
//! words, and spans of sentences that have a counterpart here; one finding
//! per fact however many versions carry it (their wordings listed), placed
//! after the current sentence where it would fit.

use super::compare::{
    Compared, Counterpart, News, PairDiff, Shown, containment, dice, held_share, inserted_wording, is_headline_line,
    novelty_in, placement, run_span, run_terms, shown_sentence,
};
use super::{Finding, FindingKind};
use crate::align::Weights;
use crate::model::Span;

/// Two versions' missing passages at least this alike (weighted Dice, or
/// the lighter one's share held by the other) tell one fact.
const SAME_FACT: f64 = 0.4;

/// Two versions' passages that are each other's closest of all the other
/// version's passages tell one fact from this similarity: two outlets word
/// one statement each their own way ("his visit was an opportunity to
/// discuss implementing the agreements" / "his visit was meant to discuss
/// implementing the unspecified agreements"), and a passage's best match
/// among another outlet's is its own statement there, not a neighbour's.
const MUTUAL_SAME_FACT: f64 = 0.3;

/// Wordings that join a fact already told twice share on average at least
/// this much (weighted Dice) of their words that are not names with its
/// wordings: the same thing happened. Two statements about the same people
/// (a visit's purpose, the trip it follows) share the names and little else.
const SAME_HAPPENING: f64 = 0.25;

/// Passages of one fact each share at least this much (weighted Dice) with
/// every other passage of it.
const COHERENT: f64 = 0.2;

/// One version's passage that the current article lacks.
struct Candidate {
    other: usize,
    sentence: usize,
    span: Span,
    whole: bool,
    terms: Vec<u64>,
    /// Its terms that are not names: what happened, not who.
    words: Vec<u64>,
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
            // A pair linked both ways was diffed from this article's side already.
            let diff = other.backward[t].map(|(s, _)| match (other.forward[s], &other.forward_diffs[s]) {
                (Some((linked, _)), Some(forward)) if linked == t => forward.mirrored(),
                _ => PairDiff::new(sentence, &compared.here.sentences[s]),
            });
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
                let mut words: Vec<u64> = sentence.tokens[range.clone()]
                    .iter()
                    .filter(|t| t.class == crate::text::TokenClass::Content && !compared.is_name(t, facts))
                    .map(crate::align::term_of)
                    .collect();
                words.sort_unstable();
                words.dedup();
                candidates.push(Candidate {
                    words,
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

/// One finding per missing fact, however many versions carry it: each
/// version's passages are grouped with the other versions' passages that
/// tell the same fact, at most one per version.
fn cluster(compared: &Compared<'_>, candidates: Vec<Candidate>) -> Vec<Finding> {
    let clusters = group_same_facts(&candidates, &compared.weights);
    let mut candidates: Vec<Option<Candidate>> = candidates.into_iter().map(Some).collect();
    let clusters: Vec<Vec<Candidate>> = clusters
        .into_iter()
        .map(|members| members.into_iter().filter_map(|i| candidates[i].take()).collect())
        .collect();
    clusters
        .into_iter()
        .map(|cluster| {
            let representative = representative(&cluster, &compared.weights);
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

/// The wording a fact is shown in: the one that holds most of what the
/// others say (the consensus of the outlets that carry it, not one outlet's
/// own angle on it, nor a clipped span of it), and of equally good ones the
/// one that tells the most.
fn representative<'c>(cluster: &'c [Candidate], weights: &Weights) -> &'c Candidate {
    let holds = |c: &Candidate| -> f64 {
        cluster.iter().filter(|o| !std::ptr::eq(*o, c)).map(|o| held_share(&o.terms, &c.terms, weights)).sum()
    };
    let scored: Vec<(f64, &Candidate)> = cluster.iter().map(|c| (holds(c), c)).collect();
    scored
        .iter()
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.news.total_cmp(&b.1.news)))
        .map(|&(_, c)| c)
        .expect("clusters are never empty")
}

/// How two passages of two versions stand to each other.
#[derive(Debug, Clone, Copy)]
struct Pair {
    /// Weighted Dice of their terms.
    dice: f64,
    /// Weighted Dice of their words that are not names.
    words: f64,
    /// Both whole sentences or both spans, and the lighter one's weight
    /// held by the other from [`SAME_FACT`] + 0.2.
    contained: bool,
}

impl Pair {
    fn of(a: &Candidate, b: &Candidate, weights: &Weights) -> Pair {
        Pair {
            dice: dice(&a.terms, &b.terms, weights),
            words: dice(&a.words, &b.words, weights),
            contained: a.whole == b.whole && containment(&a.terms, &b.terms, weights) >= SAME_FACT + 0.2,
        }
    }

    /// Alike enough to be one fact whatever else the versions say.
    fn same_fact(&self) -> bool {
        self.dice >= SAME_FACT || self.contained
    }

    /// The order pairs are joined in: the most alike first.
    fn strength(&self) -> f64 {
        if self.contained { self.dice.max(SAME_FACT) } else { self.dice }
    }
}

/// Groups passages (each of one version) into facts, the most alike pairs
/// first. A pair joins its two groups when it is one fact
/// ([`Pair::same_fact`]), or when the two are each other's closest in the
/// other's version and share at least [`MUTUAL_SAME_FACT`] of their terms
/// and of their words that are not names (the same thing happened, not
/// only the same people). Two groups join only when they hold no version in
/// common (one wording per version) and every passage of one shares at
/// least [`COHERENT`] with every passage of the other: two statements of
/// one event that each resemble a third stay apart. Deterministic whatever
/// the order of the versions.
fn group_same_facts(candidates: &[Candidate], weights: &Weights) -> Vec<Vec<usize>> {
    let n = candidates.len();
    let versions = candidates.iter().map(|c| c.other + 1).max().unwrap_or(0);
    let mut related: crate::hashing::TermMap<u64, Pair> = Default::default();
    // For each passage, its closest passage (by Dice) in each other version.
    let mut closest: Vec<(f64, usize)> = vec![(0.0, usize::MAX); n * versions];
    for (a, b) in sharing_pairs(candidates) {
        let pair = Pair::of(&candidates[a], &candidates[b], weights);
        if pair.dice < COHERENT && !pair.contained {
            continue;
        }
        related.insert(pair_key(a, b), pair);
        for (from, to) in [(a, b), (b, a)] {
            let best = &mut closest[from * versions + candidates[to].other];
            if pair.dice > best.0 {
                *best = (pair.dice, to);
            }
        }
    }
    let mutual = |a: usize, b: usize| {
        closest[a * versions + candidates[b].other].1 == b && closest[b * versions + candidates[a].other].1 == a
    };
    let mut pairs: Vec<(usize, usize, Pair)> = related
        .iter()
        .map(|(&key, &pair)| {
            let (a, b) = pair_of(key);
            (a, b, pair)
        })
        .collect();
    pairs.sort_by(|x, y| y.2.strength().total_cmp(&x.2.strength()).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut group: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    for (a, b, pair) in pairs {
        let (ga, gb) = (group[a], group[b]);
        let joins =
            pair.same_fact() || (pair.dice >= MUTUAL_SAME_FACT && pair.words >= MUTUAL_SAME_FACT && mutual(a, b));
        if ga == gb || !joins {
            continue;
        }
        let cross: Option<Vec<&Pair>> = members[ga]
            .iter()
            .flat_map(|&i| members[gb].iter().map(move |&j| (i, j)))
            .map(|(i, j)| (candidates[i].other != candidates[j].other).then(|| related.get(&pair_key(i, j))).flatten())
            .collect();
        // Every passage of one group is related to every passage of the
        // other, and, for a fact told three times or more, what happened
        // agrees on the whole.
        let fits = cross.is_some_and(|cross| {
            cross.len() == 1 || cross.iter().map(|p| p.words).sum::<f64>() / cross.len() as f64 >= SAME_HAPPENING
        });
        if !fits {
            continue;
        }
        let moved = std::mem::take(&mut members[gb]);
        for &i in &moved {
            group[i] = ga;
        }
        members[ga].extend(moved);
    }
    members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            m
        })
        .collect()
}

/// A term used by more passages than this pairs none of them: it says
/// little (every passage of the story names its protagonist), and pairing
/// through it would make the work grow with the square of the passages.
const MAX_SHARING: usize = 64;

/// The pairs of passages of two versions that share a term (used by at most
/// [`MAX_SHARING`] passages), in order: two that share none are not one fact.
fn sharing_pairs(candidates: &[Candidate]) -> Vec<(usize, usize)> {
    let mut postings: crate::hashing::TermMap<u64, Vec<usize>> = Default::default();
    for (i, candidate) in candidates.iter().enumerate() {
        for &term in &candidate.terms {
            postings.entry(term).or_default().push(i);
        }
    }
    let mut pairs: crate::hashing::TermSet<u64> = Default::default();
    for list in postings.values().filter(|list| list.len() <= MAX_SHARING) {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                if candidates[a].other != candidates[b].other {
                    pairs.insert(pair_key(a, b));
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = pairs.into_iter().map(pair_of).collect();
    pairs.sort_unstable();
    pairs
}

/// Two passages' indexes as one key, the lower first.
fn pair_key(a: usize, b: usize) -> u64 {
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    ((low as u64) << 32) | high as u64
}

/// The two indexes of [`pair_key`], the lower first.
fn pair_of(key: u64) -> (usize, usize) {
    ((key >> 32) as usize, key as u32 as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passage of version `other` with these terms, of which `words` are
    /// not names (every term weighs the same).
    fn passage(other: usize, terms: &[u64], words: &[u64]) -> Candidate {
        Candidate {
            other,
            sentence: 0,
            span: Span::default(),
            whole: true,
            terms: terms.to_vec(),
            words: words.to_vec(),
            after: None,
            news: 1.0,
        }
    }

    fn groups(passages: &[Candidate]) -> Vec<Vec<usize>> {
        let mut groups = group_same_facts(passages, &Weights::new(&[]));
        groups.sort();
        groups
    }

    #[test]
    fn two_outlets_wording_one_statement_apart_are_one_fact_when_each_is_the_others_closest() {
        // A third of their terms in common, most of what happened too.
        let passages = [passage(0, &[1, 2, 3, 4, 5, 6], &[1, 2, 3]), passage(1, &[1, 2, 7, 8, 9, 10], &[1, 2, 7])];
        assert_eq!(groups(&passages), vec![vec![0, 1]]);
    }

    #[test]
    fn a_passage_closer_to_another_of_that_version_is_not_its_fact() {
        let passages = [
            passage(0, &[1, 2, 3, 4, 5, 6], &[1, 2, 3]),
            passage(1, &[1, 2, 7, 8, 9, 10], &[1, 2, 7]),
            passage(0, &[1, 2, 7, 8, 11, 12], &[1, 2, 7]),
        ];
        assert_eq!(groups(&passages), vec![vec![0], vec![1, 2]]);
    }

    #[test]
    fn a_statement_about_the_same_people_that_tells_something_else_stays_apart() {
        // 0 and 1 are one fact; 2 shares a third of the terms of each (the
        // names) and none of what happened.
        let passages = [
            passage(0, &[1, 2, 3, 4, 5, 6], &[1, 2, 3]),
            passage(1, &[1, 2, 3, 4, 7, 8], &[1, 2, 3]),
            passage(2, &[4, 5, 7, 9, 10, 11], &[9, 10, 11]),
        ];
        assert_eq!(groups(&passages), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn two_statements_each_like_a_third_are_not_one_fact() {
        // 0-1 and 1-2 are alike, 0-2 share nothing.
        let passages = [
            passage(0, &[1, 2, 3, 4, 5, 6], &[1, 2, 3, 4, 5, 6]),
            passage(1, &[1, 2, 3, 4, 7, 8], &[1, 2, 3, 4, 7, 8]),
            passage(2, &[7, 8, 9, 10, 11, 12], &[7, 8, 9, 10, 11, 12]),
        ];
        assert_eq!(groups(&passages), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn a_fact_holds_one_wording_per_version_whatever_their_order() {
        let passages = [
            passage(0, &[1, 2, 3, 4], &[1, 2, 3, 4]),
            passage(1, &[1, 2, 3, 4], &[1, 2, 3, 4]),
            passage(1, &[1, 2, 3, 5], &[1, 2, 3, 5]),
        ];
        assert_eq!(groups(&passages), vec![vec![0, 1], vec![2]]);
        let reversed: Vec<Candidate> =
            passages.iter().rev().map(|c| passage(1 - c.other, &c.terms, &c.words)).collect();
        // The same passages with the versions' order turned round: the same facts.
        assert_eq!(groups(&reversed), vec![vec![0], vec![1, 2]]);
    }

    #[test]
    fn passages_pair_only_through_terms_few_of_them_share() {
        // Two versions of 2,000 passages each, every one with the story's
        // common word (1) and a word of its own; one pair shares a rare word.
        let mut passages: Vec<Candidate> =
            (0..4000u64).map(|i| passage((i % 2) as usize, &[1, 1000 + i], &[1000 + i])).collect();
        passages[10].terms = vec![1, 7, 1010];
        passages[11].terms = vec![1, 7, 1011];
        assert_eq!(sharing_pairs(&passages), vec![(10, 11)]);
    }
}
