//! Turns alignments into findings.
//!
//! A word of the current article is *novel* with respect to another version
//! when that version does not say it: when the two sentences are revisions of
//! one another (most words kept), a word the diff shows only here; otherwise,
//! a word (stem or name key) that the other version never uses. A word novel
//! with respect to every version is what only this article says; a word of
//! another version novel with respect to this article is what it leaves out.

use std::collections::HashMap;

use similar::{DiffOp, DiffTag};

use super::{
    AlignedRow, Alignment, CurrentArticle, DiffPart, FactCell, FactPair, FactRow, Finding, FindingKind, Report,
    SentenceRef, VersionSummary, Wording,
};
use crate::align::{
    self, Links, Prepared, PreparedSentence, REVISION_THRESHOLD, Weights, display_diff, kept_share, name_term,
    same_words, term_of, token_diff,
};
use crate::hashing::TermSet;
use crate::model::{Article, Fact, FactKind, Span};
use crate::story::{self, Profile};
use crate::text::{self, Token, TokenClass, compact};

/// Novel tokens this close together (at most this many others between them)
/// make one span.
const SPAN_GAP: usize = 2;

/// In a paraphrase, a span of plain words needs this many novel content
/// words to be worth showing (a name or a number is always worth it).
const PARAPHRASE_SPAN_WORDS: usize = 4;

/// Dates this many days apart disagree.
const DATE_TOLERANCE_DAYS: i64 = 2;

/// One other version, prepared and linked both ways with the current article.
struct Other<'a> {
    prepared: Prepared<'a>,
    /// Current sentence → its counterpart here.
    forward: Links,
    /// For each linked current sentence, its token diff with the counterpart.
    forward_diffs: Vec<Option<PairDiff>>,
    /// This version's sentence → its counterpart in the current article.
    backward: Links,
}

/// The token diff of an aligned pair, and whether they are revisions of one
/// sentence rather than paraphrases.
struct PairDiff {
    ops: Vec<DiffOp>,
    revision: bool,
}

impl PairDiff {
    fn new(a: &PreparedSentence, b: &PreparedSentence) -> Self {
        let ops = token_diff(a, b);
        let revision = kept_share(&ops, a, b) >= REVISION_THRESHOLD;
        PairDiff { ops, revision }
    }
}

impl Other<'_> {
    fn id(&self) -> &str {
        &self.prepared.article.id
    }
}

/// Compares `current` with `versions` (see the module docs of [`crate::report`]).
pub fn build(current: &Article, versions: &[Article]) -> Report {
    build_linked(current, versions, &[])
}

/// [`build`], with the versions whose ids are in `linked` compared whatever
/// the story matcher says: the reader linked them to this story by hand.
pub fn build_linked(current: &Article, versions: &[Article], linked: &[String]) -> Report {
    // Cut every article into tokens once: story matching and alignment share them.
    let tokens: Vec<Vec<Vec<Token>>> = std::iter::once(current).chain(versions).map(tokens_of).collect();
    let profiles: Vec<Profile> = std::iter::once(current)
        .chain(versions)
        .zip(&tokens)
        .map(|(article, tokens)| Profile::from_tokens(tokens, article.title.as_deref()))
        .collect();
    let others: Vec<&Profile> = profiles[1..].iter().collect();
    let decisions: Vec<(f64, bool)> = story::decide(&profiles[0], &others)
        .into_iter()
        .zip(versions)
        .map(|((score, same), version)| (score, same || linked.contains(&version.id)))
        .collect();
    let mut tokens = tokens.into_iter();
    let mut prepared: Vec<Prepared<'_>> = vec![align::prepare_tokens(current, tokens.next().unwrap_or_default())];
    let mut same: Vec<&Article> = Vec::new();
    for ((version, decision), tokens) in versions.iter().zip(&decisions).zip(tokens) {
        if decision.1 {
            prepared.push(align::prepare_tokens(version, tokens));
            same.push(version);
        }
    }
    align::add_compounds(&mut prepared);
    let weights = Weights::new(&prepared);
    align::apply_weights(&mut prepared, &weights);
    let mut prepared = prepared.into_iter();
    let here = prepared.next().expect("the current article is first");
    let others: Vec<Other<'_>> = prepared
        .map(|p| {
            let (forward, backward) = align::link_both(&here, &p);
            let forward_diffs = forward
                .iter()
                .enumerate()
                .map(|(s, link)| link.map(|(t, _)| PairDiff::new(&here.sentences[s], &p.sentences[t])))
                .collect();
            Other { backward, forward, forward_diffs, prepared: p }
        })
        .collect();

    let lowercase = lowercase_words(std::iter::once(&here).chain(others.iter().map(|o| &o.prepared)));
    let comparison = Comparison { here: &here, others: &others, weights: &weights, lowercase: &lowercase };
    let mut findings = Vec::new();
    findings.extend(comparison.unique());
    findings.extend(comparison.missing());
    findings.extend(comparison.differences());
    findings.extend(comparison.quote_differences());
    findings.extend(comparison.attributed_counts());
    findings.extend(comparison.name_variants());
    findings.extend(metadata(current, &same));
    sort_findings(&mut findings, current);

    Report {
        current: CurrentArticle {
            id: current.id.clone(),
            title: current.title.clone(),
            published: current.published.clone(),
            byline: current.byline.clone(),
            site: current.site.clone(),
            text: current.text.clone(),
            sentences: sentence_refs(current),
        },
        versions: versions
            .iter()
            .zip(&decisions)
            .map(|(v, &(similarity, same_story))| VersionSummary {
                id: v.id.clone(),
                title: v.title.clone(),
                published: v.published.clone(),
                byline: v.byline.clone(),
                site: v.site.clone(),
                same_story,
                similarity: (similarity * 1000.0).round() / 1000.0,
                sentences: sentence_refs(v),
            })
            .collect(),
        findings,
        alignments: comparison.alignments(),
        fact_table: fact_table(current, &same),
    }
}

/// The article's tokens: those cut when it was read, or cut now for an
/// article built by hand.
fn tokens_of(article: &Article) -> Vec<Vec<Token>> {
    if article.tokens.len() == article.sentences.len() { article.tokens.clone() } else { text::article_tokens(article) }
}

/// The words that some article writes in lower case.
fn lowercase_words<'p, 'a: 'p>(prepared: impl Iterator<Item = &'p Prepared<'a>>) -> TermSet<u64> {
    let mut words = TermSet::default();
    for p in prepared {
        for token in p.sentences.iter().flat_map(|s| &s.tokens) {
            if p.article.text[token.span.start..].chars().next().is_some_and(char::is_lowercase) {
                words.insert(align::hash(&token.norm));
            }
        }
    }
    words
}

fn sentence_refs(article: &Article) -> Vec<SentenceRef> {
    article
        .sentences
        .iter()
        .map(|s| SentenceRef { index: s.index, text: s.span.of(&article.text).to_string(), span: s.span })
        .collect()
}

struct Comparison<'a, 'b> {
    here: &'b Prepared<'a>,
    others: &'b [Other<'a>],
    weights: &'b Weights,
    /// Words some version writes in lower case: not names.
    lowercase: &'b TermSet<u64>,
}

/// Which tokens of a sentence one version does not say, and whether the two
/// sentences are revisions of one another.
struct Novelty {
    novel: Vec<bool>,
    revision: bool,
}

/// A span of novel tokens, by token index (inclusive).
#[derive(Debug, Clone, Copy)]
struct TokenRun {
    first: usize,
    last: usize,
}

impl<'a> Comparison<'a, '_> {
    fn here_article(&self) -> &'a Article {
        self.here.article
    }

    fn here_text(&self, span: Span) -> String {
        span.of(&self.here_article().text).to_string()
    }

    /// Sentences and spans only this article has.
    fn unique(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (s, sentence) in self.here.sentences.iter().enumerate() {
            if sentence.tokens.iter().filter(|t| t.is_content()).count() < 2 {
                continue;
            }
            let linked: Vec<&Other<'_>> = self.others.iter().filter(|o| o.forward[s].is_some()).collect();
            let span = self.here_article().sentences[s].span;
            if linked.is_empty() {
                if !self.others.is_empty() {
                    findings.push(self.unique_finding(s, span, Vec::new()));
                }
                continue;
            }
            let novelties: Vec<Novelty> = self
                .others
                .iter()
                .map(|o| match &o.forward_diffs[s] {
                    Some(diff) => novelty(sentence, diff, &o.prepared),
                    None => vocabulary_novelty(sentence, &o.prepared),
                })
                .collect();
            let novel: Vec<bool> = (0..sentence.tokens.len()).map(|i| novelties.iter().all(|n| n.novel[i])).collect();
            let revision = novelties.iter().any(|n| n.revision);
            for run in runs(&sentence.tokens, &novel, revision) {
                let span = run_span(&sentence.tokens, run);
                findings.push(self.unique_finding(s, span, linked.iter().map(|o| self.wording(s, o)).collect()));
            }
        }
        findings
    }

    /// A `unique` finding for `span` of current sentence `s`.
    fn unique_finding(&self, s: usize, span: Span, wordings: Vec<Wording>) -> Finding {
        Finding {
            kind: FindingKind::Unique,
            version: None,
            versions: Vec::new(),
            here: Some(self.here_text(span)),
            here_span: Some(span),
            sentence: Some(s),
            there: None,
            after: None,
            facts: Vec::new(),
            wordings,
        }
    }

    /// The other version's counterpart of current sentence `s`, as a wording.
    fn wording(&self, s: usize, other: &Other<'_>) -> Wording {
        match (other.forward[s], &other.forward_diffs[s]) {
            (Some((t, _)), Some(diff)) => Wording {
                version: other.id().to_string(),
                diff: self.pair_diff(s, other, t, &diff.ops),
                text: sentence_text(other.prepared.article, t),
                sentence: Some(t),
            },
            _ => Wording { version: other.id().to_string(), text: String::new(), sentence: None, diff: Vec::new() },
        }
    }

    /// Sentence `t` of `other` as the wording of current sentence `s`, for
    /// findings that pair sentences the alignment did not link.
    fn unlinked_wording(&self, s: usize, other: &Other<'_>, t: usize) -> Wording {
        let ops = token_diff(&self.here.sentences[s], &other.prepared.sentences[t]);
        Wording {
            version: other.id().to_string(),
            diff: self.pair_diff(s, other, t, &ops),
            text: sentence_text(other.prepared.article, t),
            sentence: Some(t),
        }
    }

    /// The display diff of current sentence `s` and sentence `t` of `other`.
    fn pair_diff(&self, s: usize, other: &Other<'_>, t: usize, ops: &[DiffOp]) -> Vec<DiffPart> {
        let here = (self.here_article().text.as_str(), &self.here.sentences[s], self.here_article().sentences[s].span);
        let article = other.prepared.article;
        let there = (article.text.as_str(), &other.prepared.sentences[t], article.sentences[t].span);
        display_diff(here, there, ops)
    }

    /// What other versions say and this one does not: whole sentences without
    /// a counterpart, and spans of sentences that have one.
    fn missing(&self) -> Vec<Finding> {
        let mut candidates: Vec<MissingCandidate> = Vec::new();
        for (o, other) in self.others.iter().enumerate() {
            for (t, sentence) in other.prepared.sentences.iter().enumerate() {
                match other.backward[t] {
                    None => {
                        let novelty = vocabulary_novelty(sentence, self.here);
                        if sentence.tokens.iter().filter(|t| t.is_content()).count() >= 2
                            && novelty.novel.iter().any(|&n| n)
                        {
                            let span = other.prepared.article.sentences[t].span;
                            candidates.push(MissingCandidate {
                                other: o,
                                sentence: t,
                                span,
                                whole: true,
                                terms: sentence.terms.clone(),
                                after: placement(other, t),
                                news: self.novel_weight(&sentence.tokens, &novelty.novel),
                            });
                        }
                    }
                    Some((s, _)) => {
                        let novelty = novelty(sentence, &PairDiff::new(sentence, &self.here.sentences[s]), self.here);
                        for run in runs(&sentence.tokens, &novelty.novel, novelty.revision) {
                            let span = run_span(&sentence.tokens, run);
                            let terms = run_terms(&sentence.tokens, run);
                            let range = run.first..run.last + 1;
                            candidates.push(MissingCandidate {
                                other: o,
                                sentence: t,
                                span,
                                whole: false,
                                terms,
                                after: Some(s),
                                news: self.novel_weight(&sentence.tokens[range.clone()], &novelty.novel[range]),
                            });
                        }
                    }
                }
            }
        }
        self.cluster_missing(candidates)
    }

    /// One finding per missing fact, however many versions carry it.
    fn cluster_missing(&self, candidates: Vec<MissingCandidate>) -> Vec<Finding> {
        let mut clusters: Vec<Vec<MissingCandidate>> = Vec::new();
        for candidate in candidates {
            let home = clusters.iter_mut().find(|cluster| {
                cluster.iter().all(|c| c.other != candidate.other)
                    && cluster
                        .iter()
                        .any(|c| dice(&c.terms, &candidate.terms, self.weights) >= align::LINK_THRESHOLD.max(0.4))
            });
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
                let version = self.others[representative.other].id().to_string();
                let after = cluster.iter().find_map(|c| c.after).or(representative.after);
                Finding {
                    kind: FindingKind::Missing,
                    version: Some(version),
                    versions: cluster.iter().map(|c| self.others[c.other].id().to_string()).collect(),
                    here: None,
                    here_span: None,
                    sentence: if representative.whole { None } else { representative.after },
                    there: Some(
                        representative.span.of(&self.others[representative.other].prepared.article.text).to_string(),
                    ),
                    after,
                    facts: Vec::new(),
                    wordings: cluster
                        .iter()
                        .map(|c| {
                            let article = self.others[c.other].prepared.article;
                            let text = c.span.of(&article.text).to_string();
                            Wording {
                                version: article.id.clone(),
                                diff: vec![DiffPart { op: "insert".into(), text: text.clone() }],
                                text,
                                sentence: Some(c.sentence),
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The weight of the novel tokens among `tokens`.
    fn novel_weight(&self, tokens: &[Token], novel: &[bool]) -> f64 {
        tokens.iter().zip(novel).filter(|(_, n)| **n).map(|(t, _)| self.weights.of(term_of(t))).sum()
    }

    /// Changed words in aligned sentences: typed conflicts, and variants
    /// (the same fact written another way).
    fn differences(&self) -> Vec<Finding> {
        let mut grouped: Vec<Finding> = Vec::new();
        for (s, sentence) in self.here.sentences.iter().enumerate() {
            for other in self.others {
                let Some((t, _)) = other.forward[s] else {
                    continue;
                };
                let counterpart = &other.prepared.sentences[t];
                let ops = token_diff(sentence, counterpart);
                let revision = kept_share(&ops, sentence, counterpart) >= REVISION_THRESHOLD;
                let here_facts = &self.here_article().sentences[s].facts;
                let there_facts = &other.prepared.article.sentences[t].facts;
                let mut changes = Vec::new();
                if revision {
                    for op in ops.iter().filter(|op| op.tag() == DiffTag::Replace) {
                        let (old, new) = (op.old_range(), op.new_range());
                        let (a, b) = (&sentence.tokens[old], &counterpart.tokens[new]);
                        if let Some(change) =
                            classify_change(a, b, here_facts, there_facts, self.here_article(), other.prepared.article)
                        {
                            changes.push(change);
                        }
                    }
                } else {
                    changes.extend(unit_conflicts(here_facts, there_facts));
                }
                for change in changes {
                    let finding = Finding {
                        kind: change.kind,
                        version: Some(other.id().to_string()),
                        versions: vec![other.id().to_string()],
                        here: Some(change.here.of(&self.here_article().text).to_string()),
                        here_span: Some(change.here),
                        sentence: Some(s),
                        there: Some(change.there_text.clone()),
                        after: None,
                        facts: vec![change.fact],
                        wordings: vec![self.wording(s, other)],
                    };
                    merge_into(&mut grouped, finding);
                }
            }
        }
        grouped
    }

    /// Counts of the same thing that different sources give differently
    /// ("more than 1,000 containers", per the White House; "several hundred
    /// containers", per a think tank's report), wherever they stand: shown
    /// as a difference between sources, each side with its source.
    fn attributed_counts(&self) -> Vec<Finding> {
        // Whether `article` gives `count` itself (the same unit, no conflicting
        // value): then it tells that count too, and another count of the same
        // unit there is about something else (miles of cable, miles of sewer).
        let tells = |article: &Article, count: &Fact| {
            article
                .sentences
                .iter()
                .flat_map(|s| &s.facts)
                .any(|f| is_countable(f) && f.unit == count.unit && !crate::facts::conflicts(count, f))
        };
        let mut grouped = Vec::new();
        for (s, sentence) in self.here_article().sentences.iter().enumerate() {
            for count in sentence.facts.iter().filter(|f| is_countable(f)) {
                let Some(source) = attribution(&sentence.facts) else { continue };
                for other in self.others {
                    let article = other.prepared.article;
                    if tells(article, count) {
                        continue;
                    }
                    for (t, there) in article.sentences.iter().enumerate() {
                        let Some(their_source) = attribution(&there.facts) else { continue };
                        if their_source.value == source.value {
                            continue;
                        }
                        for theirs in there.facts.iter().filter(|g| is_countable(g) && g.unit == count.unit) {
                            if !crate::facts::conflicts(count, theirs) || tells(self.here_article(), theirs) {
                                continue;
                            }
                            let finding = Finding {
                                kind: FindingKind::Differs,
                                version: Some(article.id.clone()),
                                versions: vec![article.id.clone()],
                                here: Some(sentence_text(self.here_article(), s)),
                                here_span: Some(sentence.span),
                                sentence: Some(s),
                                there: Some(sentence_text(article, t)),
                                after: None,
                                facts: vec![FactPair {
                                    kind: "number".into(),
                                    here: Some(count.text.clone()),
                                    there: Some(theirs.text.clone()),
                                    here_source: Some(source.text.clone()),
                                    there_source: Some(their_source.text.clone()),
                                }],
                                wordings: vec![self.unlinked_wording(s, other, t)],
                            };
                            merge_into(&mut grouped, finding);
                        }
                    }
                }
            }
        }
        grouped
    }

    /// Quotes that report the same words differently.
    fn quote_differences(&self) -> Vec<Finding> {
        let mut grouped = Vec::new();
        let quotes_of = |article: &'a Article| -> Vec<(usize, &'a Fact, Vec<String>)> {
            article
                .sentences
                .iter()
                .enumerate()
                .flat_map(|(s, sentence)| sentence.facts.iter().map(move |f| (s, f)))
                .filter(|(_, f)| f.kind == FactKind::Quote)
                .map(|(s, f)| (s, f, quote_words(&f.text)))
                .collect()
        };
        let mine = quotes_of(self.here_article());
        for other in self.others {
            let article = other.prepared.article;
            let theirs = quotes_of(article);
            // A quote both versions give word for word is no changed wording of
            // another one: only quotes without their twin on the other side pair up.
            let unmatched_theirs: Vec<_> =
                theirs.iter().filter(|(_, _, words)| !mine.iter().any(|(_, _, m)| m == words)).collect();
            for (s, quote, words) in mine.iter().filter(|(_, _, m)| !theirs.iter().any(|(_, _, t)| t == m)) {
                // The one quote of theirs closest to ours, if it conflicts.
                let Some((t, there)) = unmatched_theirs
                    .iter()
                    .filter_map(|(t, f, w)| quotes_conflict(words, w).map(|shared| (shared, t, f)))
                    .max_by_key(|(shared, _, _)| *shared)
                    .map(|(_, t, f)| (*t, *f))
                else {
                    continue;
                };
                if other.forward[*s].is_some_and(|(linked, _)| linked == t) {
                    continue; // the two sentences are aligned: their own differences tell it
                }
                let finding = Finding {
                    kind: FindingKind::Differs,
                    version: Some(article.id.clone()),
                    versions: vec![article.id.clone()],
                    here: Some(quote.text.clone()),
                    here_span: Some(quote.span),
                    sentence: Some(*s),
                    there: Some(there.text.clone()),
                    after: None,
                    facts: vec![FactPair {
                        kind: "quote".into(),
                        here: Some(quote.text.clone()),
                        there: Some(there.text.clone()),
                        here_source: quote.speaker.clone(),
                        there_source: there.speaker.clone(),
                    }],
                    wordings: vec![self.unlinked_wording(*s, other, t)],
                };
                merge_into(&mut grouped, finding);
            }
        }
        grouped
    }

    /// Names written another way (transliterations): shown, never conflicts.
    fn name_variants(&self) -> Vec<Finding> {
        let mut grouped = Vec::new();
        let here_names = name_runs(self.here);
        for other in self.others {
            let there_names = name_runs(&other.prepared);
            let there_spellings: Vec<&str> = there_names.iter().map(|n| n.folded.as_str()).collect();
            for mine in &here_names {
                for (window, theirs, their_window) in there_names
                    .iter()
                    .filter_map(|theirs| variant_window(mine, theirs, self.lowercase).map(|(a, b)| (a, theirs, b)))
                {
                    // The other version writes this name our way too: nothing to show.
                    let my_spelling = fold_tokens(&mine.tokens[window.clone()]);
                    if there_spellings.iter().any(|s| contains_words(s, &my_spelling)) {
                        continue;
                    }
                    let here_span = tokens_span(&mine.tokens[window]);
                    let there_span = tokens_span(&theirs.tokens[their_window]);
                    let here_text = here_span.of(&self.here_article().text).to_string();
                    let there_text = there_span.of(&other.prepared.article.text).to_string();
                    merge_into(
                        &mut grouped,
                        Finding {
                            kind: FindingKind::Variant,
                            version: Some(other.id().to_string()),
                            versions: vec![other.id().to_string()],
                            here: Some(here_text.clone()),
                            here_span: Some(here_span),
                            sentence: Some(mine.sentence),
                            there: Some(there_text.clone()),
                            after: None,
                            facts: vec![FactPair {
                                kind: "name".into(),
                                here: Some(here_text),
                                there: Some(there_text),
                                here_source: None,
                                there_source: None,
                            }],
                            wordings: vec![self.wording(mine.sentence, other)],
                        },
                    );
                }
            }
        }
        // One finding per spelling pair: the first place it stands is enough,
        // and "Sergey" / "Sergei" says nothing that "Sergey Lavrov" /
        // "Sergei Lavrov" does not.
        let pair = |f: &Finding| (f.here.clone().unwrap_or_default(), f.there.clone().unwrap_or_default());
        let pairs: Vec<(String, String)> = grouped.iter().map(pair).collect();
        let mut seen: Vec<(String, String)> = Vec::new();
        grouped.retain(|f: &Finding| {
            let (here, there) = pair(f);
            let subsumed = pairs.iter().any(|(h, t)| h.len() > here.len() && h.contains(&here) && t.contains(&there));
            let fresh = !subsumed && !seen.contains(&(here.clone(), there.clone()));
            seen.push((here, there));
            fresh
        });
        grouped
    }

    /// Side by side with each version: the current sentences in order, each
    /// with its counterpart, and the version's unmatched sentences in place.
    fn alignments(&self) -> Vec<Alignment> {
        self.others
            .iter()
            .map(|other| {
                let mut rows = Vec::new();
                let mut pending: Vec<(Option<usize>, usize)> = other
                    .backward
                    .iter()
                    .enumerate()
                    .filter(|(_, link)| link.is_none())
                    .map(|(t, _)| (placement(other, t), t))
                    .collect();
                pending.sort();
                let mut take_pending = |after: Option<usize>, rows: &mut Vec<AlignedRow>| {
                    while let Some(&(place, t)) = pending.first() {
                        if place != after {
                            break;
                        }
                        pending.remove(0);
                        let text = sentence_text(other.prepared.article, t);
                        rows.push(AlignedRow {
                            here: None,
                            there: Some(t),
                            similarity: 0.0,
                            diff: vec![DiffPart { op: "insert".into(), text }],
                        });
                    }
                };
                take_pending(None, &mut rows);
                for s in 0..self.here.sentences.len() {
                    let here = sentence_text(self.here_article(), s);
                    let row = match (other.forward[s], &other.forward_diffs[s]) {
                        (Some((t, similarity)), Some(diff)) => AlignedRow {
                            here: Some(s),
                            there: Some(t),
                            similarity: (similarity * 1000.0).round() / 1000.0,
                            diff: self.pair_diff(s, other, t, &diff.ops),
                        },
                        _ => AlignedRow {
                            here: Some(s),
                            there: None,
                            similarity: 0.0,
                            diff: vec![DiffPart { op: "delete".into(), text: here }],
                        },
                    };
                    rows.push(row);
                    take_pending(Some(s), &mut rows);
                }
                for (_, t) in pending {
                    let text = sentence_text(other.prepared.article, t);
                    rows.push(AlignedRow {
                        here: None,
                        there: Some(t),
                        similarity: 0.0,
                        diff: vec![DiffPart { op: "insert".into(), text }],
                    });
                }
                Alignment { version: other.id().to_string(), rows }
            })
            .collect()
    }
}

struct MissingCandidate {
    other: usize,
    sentence: usize,
    span: Span,
    whole: bool,
    terms: Vec<u64>,
    after: Option<usize>,
    /// The weight of what it says that the current article does not.
    news: f64,
}

fn sentence_text(article: &Article, index: usize) -> String {
    article.sentences[index].span.of(&article.text).to_string()
}

/// Where a sentence of `other` that the current article lacks would fit: after
/// the current sentence that matches its nearest matched predecessor (or,
/// failing that, before the one matching its nearest matched successor).
/// `None`: before the first sentence.
fn placement(other: &Other<'_>, t: usize) -> Option<usize> {
    if let Some(s) = other.backward[..t].iter().rev().find_map(|link| link.map(|(s, _)| s)) {
        return Some(s);
    }
    other.backward[t + 1..].iter().find_map(|link| link.map(|(s, _)| s)).and_then(|s| s.checked_sub(1))
}

/// Which tokens of `sentence` its counterpart `there` (in version `version`)
/// does not say.
fn novelty(sentence: &PreparedSentence, diff: &PairDiff, version: &Prepared<'_>) -> Novelty {
    if !diff.revision {
        return vocabulary_novelty(sentence, version);
    }
    let mut novel = vec![false; sentence.tokens.len()];
    for op in &diff.ops {
        if let DiffOp::Delete { old_index, old_len, .. } = *op {
            for (flag, token) in novel[old_index..old_index + old_len].iter_mut().zip(&sentence.tokens[old_index..]) {
                *flag = says_something(token);
            }
        }
    }
    Novelty { novel, revision: true }
}

/// Tokens of `sentence` whose word (or name) `version` never uses.
fn vocabulary_novelty(sentence: &PreparedSentence, version: &Prepared<'_>) -> Novelty {
    let tokens = &sentence.tokens;
    let mut novel: Vec<bool> = tokens.iter().map(|t| t.is_content() && !align::knows(version, t)).collect();
    // Words the version writes as one: "pom poms" and "pompoms".
    for i in 1..tokens.len() {
        if (novel[i - 1] || novel[i]) && version.vocabulary.contains(&align::compound_term(&tokens[i - 1], &tokens[i]))
        {
            novel[i - 1] = false;
            novel[i] = false;
        }
    }
    Novelty { novel, revision: false }
}

/// Words that change how firmly or by whom a thing is claimed: negations,
/// hedges and modal verbs, verbs of asserting and denying.
fn is_stance(norm: &str) -> bool {
    matches!(
        norm,
        "not"
            | "no"
            | "never"
            | "nor"
            | "without"
            | "n't"
            | "might"
            | "may"
            | "could"
            | "would"
            | "should"
            | "must"
            | "can"
            | "cannot"
            | "possibly"
            | "probably"
            | "likely"
            | "unlikely"
            | "reportedly"
            | "allegedly"
            | "apparently"
            | "believe"
            | "believes"
            | "believed"
            | "suggest"
            | "suggests"
            | "suggested"
            | "claim"
            | "claims"
            | "claimed"
            | "deny"
            | "denies"
            | "denied"
            | "confirm"
            | "confirms"
            | "confirmed"
            | "admit"
            | "admits"
            | "admitted"
            | "insist"
            | "insists"
            | "insisted"
            | "suspect"
            | "suspected"
            | "accuse"
            | "accused"
            | "doubt"
            | "doubted"
            | "expect"
            | "expected"
            | "plan"
            | "planned"
            | "will"
            | "won't"
    )
}

/// Content words, numbers and negations: the tokens whose loss changes what
/// a sentence says.
fn says_something(token: &Token) -> bool {
    token.is_content() || matches!(token.norm.as_str(), "not" | "no" | "never" | "nor" | "without")
}

/// Groups novel tokens into runs worth reporting.
fn runs(tokens: &[Token], novel: &[bool], revision: bool) -> Vec<TokenRun> {
    let mut runs: Vec<TokenRun> = Vec::new();
    for (i, _) in novel.iter().enumerate().filter(|(_, n)| **n) {
        match runs.last_mut() {
            Some(run) if i - run.last <= SPAN_GAP + 1 => run.last = i,
            _ => runs.push(TokenRun { first: i, last: i }),
        }
    }
    runs.retain(|run| {
        let chosen = &tokens[run.first..=run.last];
        let novel_here = || chosen.iter().zip(&novel[run.first..=run.last]).filter(|(_, n)| **n);
        let factual = novel_here().any(|(t, _)| t.capitalized || t.class == TokenClass::Number);
        let words = novel_here().count();
        factual || words >= if revision { 1 } else { PARAPHRASE_SPAN_WORDS }
    });
    runs
}

fn run_span(tokens: &[Token], run: TokenRun) -> Span {
    Span::new(tokens[run.first].span.start, tokens[run.last].span.end)
}

fn run_terms(tokens: &[Token], run: TokenRun) -> Vec<u64> {
    let mut terms: Vec<u64> = tokens[run.first..=run.last].iter().filter(|t| t.is_content()).map(term_of).collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

fn dice(a: &[u64], b: &[u64], weights: &Weights) -> f64 {
    let sum = |terms: &[u64]| terms.iter().map(|&t| weights.of(t)).sum::<f64>();
    let shared: f64 = a.iter().filter(|t| b.binary_search(t).is_ok()).map(|&t| weights.of(t)).sum();
    let total = sum(a) + sum(b);
    if total == 0.0 { 0.0 } else { 2.0 * shared / total }
}

/// A changed run of words in an aligned pair, classified.
struct Change {
    kind: FindingKind,
    here: Span,
    there_text: String,
    fact: FactPair,
}

/// What a replaced run of words means: nothing (format only), a variant, or
/// a typed conflict.
fn classify_change(
    a: &[Token],
    b: &[Token],
    here_facts: &[Fact],
    there_facts: &[Fact],
    here: &Article,
    there: &Article,
) -> Option<Change> {
    if same_words(a, b) || !(a.iter().any(says_something) || b.iter().any(says_something)) {
        return None;
    }
    let here_span = Span::new(a.first()?.span.start, a.last()?.span.end);
    let there_span = Span::new(b.first()?.span.start, b.last()?.span.end);
    let there_text = there_span.of(&there.text).to_string();
    let here_text = here_span.of(&here.text).to_string();
    let overlapping = |facts: &'_ [Fact], span: Span| -> Vec<Fact> {
        facts.iter().filter(|f| f.span.start < span.end && span.start < f.span.end).cloned().collect()
    };
    let (mine, theirs) = (overlapping(here_facts, here_span), overlapping(there_facts, there_span));
    let pair = |kind: &str, here: String, there: String| FactPair {
        kind: kind.into(),
        here: Some(here),
        there: Some(there),
        here_source: None,
        there_source: None,
    };
    for f in &mine {
        for g in theirs.iter().filter(|g| comparable_kinds(f.kind, g.kind)) {
            let kind = fact_type(f.kind);
            if crate::facts::same_value(f, g) {
                return Some(Change {
                    kind: FindingKind::Variant,
                    here: f.span,
                    there_text: g.text.clone(),
                    fact: pair(kind, f.text.clone(), g.text.clone()),
                });
            }
            if crate::facts::conflicts(f, g) {
                return Some(Change {
                    kind: FindingKind::Differs,
                    here: f.span,
                    there_text: g.text.clone(),
                    fact: pair(kind, f.text.clone(), g.text.clone()),
                });
            }
        }
    }
    let names = |tokens: &[Token]| tokens.iter().all(|t| t.capitalized);
    if names(a) && names(b) {
        let same = a.len() == b.len() && a.iter().zip(b).all(|(x, y)| name_term(x) == name_term(y));
        let kind = if same { FindingKind::Variant } else { FindingKind::Differs };
        return Some(Change {
            kind,
            here: here_span,
            there_text: there_text.clone(),
            fact: pair("name", here_text, there_text),
        });
    }
    let numbers = |tokens: &[Token]| tokens.iter().any(|t| t.class == TokenClass::Number);
    let kind = if numbers(a) && numbers(b) {
        "number"
    } else if a.iter().chain(b).any(|t| is_stance(&t.norm)) {
        "claim"
    } else {
        // One word for another, neither a fact nor a change of stance: wording.
        return None;
    };
    Some(Change {
        kind: FindingKind::Differs,
        here: here_span,
        there_text: there_text.clone(),
        fact: pair(kind, here_text, there_text),
    })
}

/// Quantities of the same thing that differ, in sentences that are only
/// paraphrases of one another.
fn unit_conflicts(here_facts: &[Fact], there_facts: &[Fact]) -> Vec<Change> {
    let mut changes = Vec::new();
    for f in here_facts
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Number | FactKind::Money | FactKind::Percent | FactKind::Date))
    {
        let counterpart =
            there_facts.iter().filter(|g| g.kind == f.kind && g.unit.is_some() && g.unit == f.unit).collect::<Vec<_>>();
        if counterpart.iter().any(|g| crate::facts::same_value(f, g)) {
            continue;
        }
        if let Some(g) = counterpart.into_iter().find(|g| crate::facts::conflicts(f, g)) {
            changes.push(Change {
                kind: FindingKind::Differs,
                here: f.span,
                there_text: g.text.clone(),
                fact: FactPair {
                    kind: fact_type(f.kind).into(),
                    here: Some(f.text.clone()),
                    there: Some(g.text.clone()),
                    here_source: None,
                    there_source: None,
                },
            });
        }
    }
    changes
}

fn comparable_kinds(a: FactKind, b: FactKind) -> bool {
    let name = |k| matches!(k, FactKind::Person | FactKind::Organization | FactKind::Place | FactKind::Name);
    a == b || (name(a) && name(b))
}

/// The finding fact type of a fact kind.
fn fact_type(kind: FactKind) -> &'static str {
    match kind {
        FactKind::Number | FactKind::Money | FactKind::Percent => "number",
        FactKind::Date => "date",
        FactKind::Place => "place",
        FactKind::Quote => "quote",
        FactKind::Person | FactKind::Organization | FactKind::Name => "name",
        FactKind::Attribution => "claim",
    }
}

/// A count of things (not of days or years, which measure time, not what
/// happened).
fn is_countable(fact: &Fact) -> bool {
    fact.kind == FactKind::Number
        && fact.unit.as_deref().is_some_and(|u| {
            !matches!(u, "day" | "week" | "month" | "year" | "hour" | "minute" | "second" | "time" | "percent")
        })
}

/// Who a sentence attributes its claim to, when it says.
fn attribution(facts: &[Fact]) -> Option<&Fact> {
    facts.iter().find(|f| f.kind == FactKind::Attribution)
}

/// Two quotes that render the same statement with different words: they
/// share at least two content words and half of the shorter one's, yet
/// neither is an excerpt of the other.
/// The content-word stems of a quote, sorted and deduplicated.
fn quote_words(quote: &str) -> Vec<String> {
    let mut words: Vec<String> =
        crate::text::tokenize(quote).into_iter().filter(|t| t.is_content()).map(|t| t.stem).collect();
    words.sort();
    words.dedup();
    words
}

/// Whether two quotes (as [`quote_words`]) are one quote worded differently:
/// at least two and half of the shorter one's words shared, but not all.
/// Returns how many are shared.
fn quotes_conflict(wa: &[String], wb: &[String]) -> Option<usize> {
    let shared = wa.iter().filter(|w| wb.binary_search(w).is_ok()).count();
    let shorter = wa.len().min(wb.len());
    (shared >= 2 && shared * 2 >= shorter && shared < shorter).then_some(shared)
}

/// A proper name as written: a run of capitalized words.
struct NameRun {
    sentence: usize,
    tokens: Vec<Token>,
    folded: String,
    keys: Vec<Option<u64>>,
}

/// Runs of capitalized words (a sentence's first word only when the next is
/// capitalized too), function words excluded.
fn name_runs(prepared: &Prepared<'_>) -> Vec<NameRun> {
    let mut names = Vec::new();
    for (s, sentence) in prepared.sentences.iter().enumerate() {
        let tokens = &sentence.tokens;
        let is_name = |i: usize| {
            let t: &Token = &tokens[i];
            let upper = prepared.article.text[t.span.start..].chars().next().is_some_and(char::is_uppercase);
            upper
                && t.class == TokenClass::Content
                && (t.capitalized || tokens.get(i + 1).is_some_and(|n| n.capitalized))
        };
        let mut i = 0;
        while i < tokens.len() {
            if !is_name(i) {
                i += 1;
                continue;
            }
            let start = i;
            while i < tokens.len()
                && is_name(i)
                && (i == start || adjacent(prepared.article, &tokens[i - 1], &tokens[i]))
            {
                i += 1;
            }
            let mut run = tokens[start..i].to_vec();
            for t in run.iter_mut() {
                t.capitalized = true;
            }
            names.push(NameRun {
                sentence: s,
                folded: fold_tokens(&run),
                keys: run.iter().map(name_term).collect(),
                tokens: run,
            });
        }
    }
    names
}

fn fold_tokens(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" ")
}

/// Whether the words of `needle` stand in `haystack` as whole words.
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack == needle
        || haystack.starts_with(&format!("{needle} "))
        || haystack.ends_with(&format!(" {needle}"))
        || haystack.contains(&format!(" {needle} "))
}

fn tokens_span(tokens: &[Token]) -> Span {
    Span::new(tokens.first().map_or(0, |t| t.span.start), tokens.last().map_or(0, |t| t.span.end))
}

/// Where two names are one name spelled two ways: the token ranges (in `a`
/// and `b`) of the longest stretch whose tokens have the same name keys and
/// differ in spelling somewhere, narrowed to the differing tokens and the
/// name words around them (words also written in lower case, like
/// "Minister", are titles, not names).
fn variant_window(
    a: &NameRun,
    b: &NameRun,
    lowercase: &TermSet<u64>,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut best: Option<(usize, usize, usize)> = None; // (start in a, start in b, length)
    for i in 0..a.keys.len() {
        for j in 0..b.keys.len() {
            let mut n = 0;
            while i + n < a.keys.len()
                && j + n < b.keys.len()
                && a.keys[i + n].is_some()
                && a.keys[i + n] == b.keys[j + n]
            {
                n += 1;
            }
            let differs = (0..n).any(|k| compact(&a.tokens[i + k].norm) != compact(&b.tokens[j + k].norm));
            if differs && best.is_none_or(|(_, _, m)| n > m) {
                best = Some((i, j, n));
            }
        }
    }
    let (i, j, n) = best?;
    let differing: Vec<usize> =
        (0..n).filter(|&k| compact(&a.tokens[i + k].norm) != compact(&b.tokens[j + k].norm)).collect();
    let name_word = |k: usize| !lowercase.contains(&align::hash(&a.tokens[i + k].norm));
    let (mut first, mut last) = (differing[0], differing[differing.len() - 1]);
    while first > 0 && name_word(first - 1) {
        first -= 1;
    }
    while last + 1 < n && name_word(last + 1) {
        last += 1;
    }
    Some((i + first..i + last + 1, j + first..j + last + 1))
}

/// Whether only spaces stand between two tokens.
fn adjacent(article: &Article, a: &Token, b: &Token) -> bool {
    article.text[a.span.end..b.span.start].chars().all(|c| c == ' ')
}

/// Title, date and byline that disagree with the other versions.
fn metadata(current: &Article, versions: &[&Article]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let field = |kind: &str, here: &str, there: &str, who: Vec<String>| Finding {
        kind: FindingKind::Metadata,
        version: who.first().cloned(),
        versions: who,
        here: Some(here.to_string()),
        here_span: None,
        sentence: None,
        there: Some(there.to_string()),
        after: None,
        facts: vec![FactPair {
            kind: kind.into(),
            here: Some(here.to_string()),
            there: Some(there.to_string()),
            here_source: None,
            there_source: None,
        }],
        wordings: Vec::new(),
    };
    if let Some(here) = current.published.as_deref() {
        let mut by_date: Vec<(String, Vec<String>)> = Vec::new();
        for version in versions {
            let Some(there) = version.published.as_deref() else {
                continue;
            };
            if days_apart(here, there).is_some_and(|d| d > DATE_TOLERANCE_DAYS) {
                let date = there.get(..10).unwrap_or(there).to_string();
                match by_date.iter_mut().find(|(d, _)| *d == date) {
                    Some((_, who)) => who.push(version.id.clone()),
                    None => by_date.push((date, vec![version.id.clone()])),
                }
            }
        }
        for (date, who) in by_date {
            findings.push(field("published", here.get(..10).unwrap_or(here), &date, who));
        }
    }
    if let Some(here) = current.byline.as_deref() {
        let mut by_name: Vec<(String, Vec<String>)> = Vec::new();
        for version in versions {
            let Some(there) = version.byline.as_deref() else {
                continue;
            };
            if crate::text::fold(here) != crate::text::fold(there) {
                match by_name.iter_mut().find(|(n, _)| n == there) {
                    Some((_, who)) => who.push(version.id.clone()),
                    None => by_name.push((there.to_string(), vec![version.id.clone()])),
                }
            }
        }
        for (name, who) in by_name {
            findings.push(field("byline", here, &name, who));
        }
    }
    findings
}

/// Days between two ISO dates.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    let day = |iso: &str| crate::parse_iso_date(iso).map(crate::facts::dates::days_from_civil);
    Some((day(a)? - day(b)?).abs())
}

/// Adds `finding` to `grouped`, or, when the same text here and there is
/// already reported, adds its version to that one.
fn merge_into(grouped: &mut Vec<Finding>, finding: Finding) {
    let same = grouped.iter_mut().find(|g| {
        g.kind == finding.kind
            && g.here_span == finding.here_span
            && g.facts.first().map(|f| (&f.kind, f.there.as_deref().map(crate::text::fold)))
                == finding.facts.first().map(|f| (&f.kind, f.there.as_deref().map(crate::text::fold)))
    });
    match same {
        Some(existing) => {
            for version in finding.versions {
                if !existing.versions.contains(&version) {
                    existing.versions.push(version);
                }
            }
            existing.wordings.extend(finding.wordings);
        }
        None => grouped.push(finding),
    }
}

/// In reading order: by where the finding stands in the article.
fn sort_findings(findings: &mut [Finding], current: &Article) {
    let position = |f: &Finding| -> (usize, usize) {
        if let Some(span) = f.here_span {
            return (span.start, 1);
        }
        match (f.kind, f.after) {
            (FindingKind::Metadata, _) => (0, 0),
            (_, Some(s)) => (current.sentences.get(s).map_or(usize::MAX, |x| x.span.end), 2),
            (_, None) => (0, 0),
        }
    };
    findings.sort_by_key(|f| (position(f), f.kind));
}

/// Facts across versions: quantities by what they count, quotes by speaker,
/// names by their key. Rows that only one article states are left out.
fn fact_table(current: &Article, versions: &[&Article]) -> Vec<FactRow> {
    let mut rows: Vec<FactRow> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for article in std::iter::once(current).chain(versions.iter().copied()) {
        for fact in article.sentences.iter().flat_map(|s| &s.facts) {
            let (kind, label) = match fact.kind {
                FactKind::Number | FactKind::Money | FactKind::Percent => match &fact.unit {
                    Some(unit) => ("number", unit.clone()),
                    None => continue,
                },
                FactKind::Quote => ("quote", fact.speaker.clone().unwrap_or_else(|| "unattributed".into())),
                FactKind::Person | FactKind::Place | FactKind::Organization => ("name", fact.value.clone()),
                _ => continue,
            };
            let key = (kind.to_string(), crate::text::fold(&label));
            let row = *index.entry(key).or_insert_with(|| {
                rows.push(FactRow { kind: kind.into(), label: label.clone(), values: Vec::new() });
                rows.len() - 1
            });
            let cells = &mut rows[row].values;
            if !cells.iter().any(|c| c.version == article.id && c.text == fact.text) {
                cells.push(FactCell { version: article.id.clone(), text: fact.text.clone() });
            }
        }
    }
    rows.retain(|row| {
        let mut who: Vec<&str> = row.values.iter().map(|c| c.version.as_str()).collect();
        who.dedup();
        who.len() >= 2
    });
    rows
}
