//! Stage 6, align.
//!
//! In: the current article and the other versions. Out: for every sentence,
//! its best counterpart in each other version ([`Links`]), robust to
//! reordering (any sentence may match any other), splits and merges (a short
//! sentence matches the longer one that contains it) and paraphrase (only the
//! content words count, weighted by how rare they are across the versions);
//! and a word-level diff of each aligned pair ([`token_diff`] for analysis,
//! [`display_diff`] for showing, both with `similar`).
//!
//! Terms are stems of content words, names and numbers, hashed. A term's
//! weight is its inverse sentence frequency over all the versions compared:
//! "North Korea" recurs in every sentence of this story and says little;
//! "pompoms" says a lot. Words written as one or as two ("pom poms",
//! "pompoms") meet through compound terms.

use std::borrow::Cow;

use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices};

use crate::hashing::{TermMap, TermSet};
use crate::model::{Article, Span};
use crate::report::{DiffPart, Op};
use crate::text::{Token, TokenClass, article_tokens, compact, fold, stem};

/// Two sentences at least this alike (weighted Dice) are counterparts.
pub const LINK_THRESHOLD: f64 = 0.3;

/// A sentence whose best counterpart is another sentence's best match shares
/// it (two sentences merged into one, a paraphrase told in other cuts) only
/// while that other sentence matches it less than this: a counterpart that is
/// all but the other sentence itself has no room left for this one, which is
/// then unmatched (a sentence deleted beside a similar one stays seen).
const OWNED_OUTRIGHT: f64 = 0.8;

/// A short sentence contained in a longer one scores this share of its
/// containment (a merge is weaker evidence than a same-length paraphrase).
const CONTAINMENT_DISCOUNT: f64 = 0.75;

/// Sentences with fewer terms than this are too short to be matched by
/// containment alone.
const MIN_CONTAINED_TERMS: usize = 5;

/// A pair this alike in its words (share of word tokens the diff keeps) is a
/// revision of one sentence, not a paraphrase: every inserted or changed word
/// in it is a real edit.
pub const REVISION_THRESHOLD: f64 = 0.7;

/// One article made ready for comparing.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub article: &'a Article,
    pub sentences: Vec<PreparedSentence<'a>>,
    /// Every term and name key the article uses, to tell what it never says.
    pub vocabulary: TermSet<u64>,
}

/// One sentence made ready for comparing.
#[derive(Debug, Clone)]
pub struct PreparedSentence<'a> {
    /// Word and number tokens (no punctuation), spans into the article text:
    /// borrowed from the article when it holds them, so a comparison does
    /// not copy them.
    pub tokens: Cow<'a, [Token]>,
    /// Sorted, deduplicated term hashes.
    pub terms: Vec<u64>,
    /// The weight of each term (parallel to `terms`), once [`apply_weights`] ran.
    pub weights: Vec<f64>,
    /// The sum of `weights`.
    pub total: f64,
    /// Each token's `norm`, hashed: what the token diff compares.
    pub keys: Vec<u64>,
    /// Each token's term ([`term_of`]), worked out once.
    pub token_terms: Vec<u64>,
    /// `compounds[i]`: the [`compound_term`] of tokens `i` and `i + 1`,
    /// worked out once where either is a content word or a number (the only
    /// pairs asked about); 0 elsewhere.
    pub compounds: Vec<u64>,
}

/// Reads the tokens and terms of every sentence of `article`.
pub fn prepare(article: &Article) -> Prepared<'_> {
    prepare_tokens(article, article_tokens(article).into_iter().map(Cow::Owned).collect())
}

/// [`prepare`] for an article already cut into tokens ([`article_tokens`]).
pub fn prepare_tokens<'a>(article: &'a Article, tokens: Vec<Cow<'a, [Token]>>) -> Prepared<'a> {
    let mut vocabulary = TermSet::default();
    let sentences = tokens
        .into_iter()
        .map(|tokens| {
            let token_terms: Vec<u64> = tokens.iter().map(term_of).collect();
            let mut terms: Vec<u64> =
                tokens.iter().zip(&token_terms).filter(|(t, _)| t.is_content()).map(|(_, &term)| term).collect();
            for (token, &term) in tokens.iter().zip(&token_terms) {
                vocabulary.insert(term);
                if let Some(key) = name_term(token) {
                    vocabulary.insert(key);
                }
            }
            terms.sort_unstable();
            terms.dedup();
            let keys = tokens.iter().map(key_of).collect();
            let compounds =
                tokens
                    .windows(2)
                    .map(|pair| {
                        if pair[0].is_content() || pair[1].is_content() { compound_term(&pair[0], &pair[1]) } else { 0 }
                    })
                    .collect();
            PreparedSentence { tokens, terms, weights: Vec::new(), total: 0.0, keys, token_terms, compounds }
        })
        .collect();
    Prepared { article, sentences, vocabulary }
}

/// Gives every sentence's terms their weights.
pub fn apply_weights(prepared: &mut [Prepared<'_>], weights: &Weights) {
    for sentence in prepared.iter_mut().flat_map(|p| p.sentences.iter_mut()) {
        sentence.weights = sentence.terms.iter().map(|&t| weights.of(t)).collect();
        sentence.total = sentence.weights.iter().sum();
    }
}

/// Adds compound terms ("pom" + "poms" → "pompoms") where some version writes
/// the compound as one word, so the two spellings meet.
pub fn add_compounds(prepared: &mut [Prepared<'_>]) {
    let singles: TermSet<u64> = prepared.iter().flat_map(|p| p.vocabulary.iter().copied()).collect();
    for article in prepared.iter_mut() {
        for sentence in article.sentences.iter_mut() {
            let mut added = Vec::new();
            for (pair, &joined) in sentence.tokens.windows(2).zip(&sentence.compounds) {
                if pair[0].class == TokenClass::Content
                    && pair[1].class == TokenClass::Content
                    && singles.contains(&joined)
                {
                    added.push(joined);
                }
            }
            if !added.is_empty() {
                sentence.terms.extend(added);
                sentence.terms.sort_unstable();
                sentence.terms.dedup();
            }
        }
    }
}

/// The term of two words written as one ("pom" + "poms" → "pompoms").
pub fn compound_term(first: &Token, second: &Token) -> u64 {
    let mut joined = String::with_capacity(first.norm.len() + second.norm.len());
    joined.push_str(&first.norm);
    joined.push_str(&second.norm);
    hash(&stem(&compact(&joined)))
}

/// Whether `prepared` uses the word of `token`: its stem, its name key, or
/// for an adjective of nationality the name it comes from ("Chinese" and
/// "China", "Ukrainian" and "Ukraine").
pub fn knows(prepared: &Prepared<'_>, token: &Token) -> bool {
    knows_term(prepared, token, term_of(token))
}

/// [`knows`], with the token's term ([`term_of`]) already worked out.
pub fn knows_term(prepared: &Prepared<'_>, token: &Token, term: u64) -> bool {
    prepared.vocabulary.contains(&term)
        || name_term(token).is_some_and(|key| prepared.vocabulary.contains(&key))
        || (token.capitalized && demonym_bases(&token.norm).any(|key| prepared.vocabulary.contains(&key)))
}

/// Name keys of the names an adjective of nationality may come from.
fn demonym_bases(norm: &str) -> impl Iterator<Item = u64> + '_ {
    ["ese", "ian", "ean", "an", "ish", "i", "n"]
        .into_iter()
        .filter_map(move |suffix| norm.strip_suffix(suffix))
        .filter(|base| base.chars().count() >= 3)
        .map(|base| crate::facts::with_name_key(base, name_hash))
}

/// The key a token is diffed and matched word for word by: its folded form.
pub fn key_of(token: &Token) -> u64 {
    hash(&compact(&token.norm))
}

/// The term a token stands for: its stem (content words) or its folded form.
pub fn term_of(token: &Token) -> u64 {
    if token.class == TokenClass::Content { hash(&token.stem) } else { hash(&compact(&token.norm)) }
}

/// The transliteration key of a capitalized token, so that "Sergei" is known
/// to an article that writes "Sergey".
pub fn name_term(token: &Token) -> Option<u64> {
    if !token.capitalized {
        return None;
    }
    // Titles ("Minister", "President") have no key: they are not names.
    crate::facts::with_name_key(&token.norm, |key| (!key.is_empty()).then(|| name_hash(key)))
}

/// `hash("name:" + key)`, without building the string.
fn name_hash(key: &str) -> u64 {
    hash_from(hash("name:"), key)
}

/// FNV-1a: cheap, stable.
pub fn hash(term: &str) -> u64 {
    hash_from(0xcbf2_9ce4_8422_2325, term)
}

/// FNV-1a continued from `h` over `term`: `hash_from(hash(a), b) == hash(a + b)`.
fn hash_from(mut h: u64, term: &str) -> u64 {
    for byte in term.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Term weights: inverse sentence frequency over every version compared.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    /// Each term's weight, worked out once.
    weight: TermMap<u64, f64>,
    /// The weight of a term no sentence uses (the rarest possible).
    unseen: f64,
}

impl Weights {
    pub fn new(prepared: &[Prepared<'_>]) -> Self {
        let mut frequency: TermMap<u64, u32> = TermMap::default();
        let mut sentences = 0.0;
        for sentence in prepared.iter().flat_map(|p| &p.sentences) {
            sentences += 1.0;
            for &term in &sentence.terms {
                *frequency.entry(term).or_default() += 1;
            }
        }
        let n = f64::max(sentences, 1.0);
        let weight = frequency.into_iter().map(|(term, df)| (term, (1.0 + n / f64::from(df)).ln())).collect();
        Weights { weight, unseen: (1.0 + n).ln() }
    }

    pub fn of(&self, term: u64) -> f64 {
        self.weight.get(&term).copied().unwrap_or(self.unseen)
    }
}

/// How alike two sentences are: the weighted Dice coefficient of their
/// terms (after [`apply_weights`]).
pub fn similarity(a: &PreparedSentence, b: &PreparedSentence) -> f64 {
    if a.total == 0.0 || b.total == 0.0 {
        return 0.0;
    }
    2.0 * shared_weight(a, &b.terms) / (a.total + b.total)
}

/// How well two sentences match: Dice, or for a short sentence inside a
/// longer one, [`CONTAINMENT_DISCOUNT`] times the share of the short one's
/// weight that the long one holds.
pub fn match_score(a: &PreparedSentence, b: &PreparedSentence) -> f64 {
    if a.total == 0.0 || b.total == 0.0 {
        return 0.0;
    }
    let shared = shared_weight(a, &b.terms);
    let dice = 2.0 * shared / (a.total + b.total);
    let (short, short_terms) = if a.total <= b.total { (a.total, a.terms.len()) } else { (b.total, b.terms.len()) };
    if short_terms < MIN_CONTAINED_TERMS {
        return dice;
    }
    dice.max(CONTAINMENT_DISCOUNT * shared / short)
}

/// The weight of the terms of `a` that the sorted `terms` hold too.
pub fn shared_weight(a: &PreparedSentence, terms: &[u64]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.terms.len() && j < terms.len() {
        match a.terms[i].cmp(&terms[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a.weights[i];
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// For each sentence of one article, its best counterpart in another:
/// `(sentence index there, similarity)`, or `None` below [`LINK_THRESHOLD`].
pub type Links = Vec<Option<(usize, f64)>>;

/// Links every sentence of `from` to its best counterpart in `to`. A short
/// sentence that a longer one contains (a merge of two sentences into one)
/// links too: its score is the better of the Dice coefficient and a discounted
/// share of it that the longer one holds.
pub fn link(from: &Prepared<'_>, to: &Prepared<'_>) -> Links {
    from.sentences
        .iter()
        .map(|sentence| {
            let mut best: Option<(usize, f64)> = None;
            for (j, other) in to.sentences.iter().enumerate() {
                let score = match_score(sentence, other);
                if score > 0.0 && best.is_none_or(|(_, b)| score > b) {
                    best = Some((j, score));
                }
            }
            best.filter(|&(_, score)| score >= LINK_THRESHOLD)
        })
        .collect()
}

/// [`link`] both ways at once: `(a → b, b → a)`. The score is symmetric, so
/// one pass over the sentence pairs serves both directions.
///
/// A sentence links to its best counterpart, except that a counterpart which
/// is itself best matched by this very sentence (a mutual best) wins over a
/// better-scoring one that belongs with another sentence: a short sentence
/// whose words a long one happens to contain must not take the long one's
/// link from its real counterpart. With no mutual candidate the best stands
/// (two sentences merged into one both link to it).
pub fn link_both(a: &Prepared<'_>, b: &Prepared<'_>) -> (Links, Links) {
    link_both_counted(a, b).0
}

/// [`link_both`], and how many sentence pairs it scored: the work it did,
/// which the term index keeps near-linear (at most [`MAX_POSTINGS`] per
/// term of each sentence), whatever the input.
pub fn link_both_counted(a: &Prepared<'_>, b: &Prepared<'_>) -> ((Links, Links), usize) {
    let mut scored = 0;
    let mut candidates: Vec<Vec<(usize, f64)>> = vec![Vec::new(); a.sentences.len()];
    let mut best_forward: Links = vec![None; a.sentences.len()];
    let mut best_backward: Links = vec![None; b.sentences.len()];
    // Where a sentence stands in its article, 0..1: of equally good
    // counterparts (a sentence said twice, a table's repeated cells) the one
    // at the same place wins, so a text aligned with itself links i to i.
    let place = |k: usize, n: usize| k as f64 / n.max(1) as f64;
    let (na, nb) = (a.sentences.len(), b.sentences.len());
    let better = |score: f64, distance: f64, best: Option<(usize, f64)>, best_distance: f64| match best {
        None => true,
        Some((_, top)) => score > top + 1e-12 || ((score - top).abs() <= 1e-12 && distance < best_distance),
    };
    let index = TermIndex::new(b);
    let mut pairs = Pairs::new(nb);
    for (i, x) in a.sentences.iter().enumerate() {
        // Only sentences sharing a term can score above zero.
        let near = if na <= 1 { 0 } else { i * nb.saturating_sub(1) / (na - 1) };
        for &j in pairs.of(&index, &x.terms, near) {
            let y = &b.sentences[j];
            scored += 1;
            let score = match_score(x, y);
            if score < LINK_THRESHOLD {
                continue;
            }
            candidates[i].push((j, score));
            let distance = (place(i, na) - place(j, nb)).abs();
            let forward_distance = best_forward[i].map_or(f64::MAX, |(k, _)| (place(i, na) - place(k, nb)).abs());
            if better(score, distance, best_forward[i], forward_distance) {
                best_forward[i] = Some((j, score));
            }
            let backward_distance = best_backward[j].map_or(f64::MAX, |(k, _)| (place(k, na) - place(j, nb)).abs());
            if better(score, distance, best_backward[j], backward_distance) {
                best_backward[j] = Some((i, score));
            }
        }
        keep_best(&mut candidates[i], |j| (place(i, na) - place(j, nb)).abs());
    }
    let is_mutual = |i: usize, j: usize| {
        best_forward[i].is_some_and(|(to, _)| to == j) || best_backward[j].is_some_and(|(from, _)| from == i)
    };
    let mut forward: Links = vec![None; a.sentences.len()];
    let mut backward: Links = vec![None; b.sentences.len()];
    for (i, links) in candidates.iter().enumerate() {
        // Best first among the pairs that belong together from both sides.
        let owned = links.iter().filter(|&&(j, _)| best_backward[j].is_some_and(|(from, _)| from == i));
        let closeness = |j: usize| -(place(i, na) - place(j, nb)).abs();
        forward[i] = owned
            .max_by(|x, y| x.1.total_cmp(&y.1).then(closeness(x.0).total_cmp(&closeness(y.0))))
            .copied()
            .or(best_forward[i].filter(|&(j, _)| best_backward[j].is_none_or(|(_, owner)| owner < OWNED_OUTRIGHT)));
        for &(j, score) in links {
            let wins = |current: Option<(usize, f64)>| match current {
                None => true,
                Some((other, best)) => {
                    let (mine, theirs) = (best_forward[i].is_some_and(|(to, _)| to == j), is_mutual(other, j));
                    (mine && !theirs) || (mine == theirs && score > best)
                }
            };
            if wins(backward[j]) {
                backward[j] = Some((i, score));
            }
        }
    }
    ((forward, backward), scored)
}

/// Of the sentences of the other version that use one term, at most this
/// many (the nearest in place) are scored against a sentence: a term that
/// hundreds of sentences share ("Word." said 40,000 times) says nothing on
/// which of them is the counterpart, and scoring all of them made comparing
/// quadratic. News sentences share a term with far fewer.
pub const MAX_POSTINGS: usize = 64;

/// Candidates kept per sentence (the best-scoring), so memory stays linear.
pub const MAX_CANDIDATES: usize = 32;

/// For each term, the sentences of one article that use it, in order.
struct TermIndex {
    postings: TermMap<u64, Vec<usize>>,
}

impl TermIndex {
    fn new(prepared: &Prepared<'_>) -> Self {
        let mut postings: TermMap<u64, Vec<usize>> = TermMap::default();
        for (j, sentence) in prepared.sentences.iter().enumerate() {
            for &term in &sentence.terms {
                postings.entry(term).or_default().push(j);
            }
        }
        TermIndex { postings }
    }

    /// The sentences using `term`; for a common term only the
    /// [`MAX_POSTINGS`] nearest to sentence `near`.
    fn near(&self, term: u64, near: usize) -> &[usize] {
        let Some(list) = self.postings.get(&term) else {
            return &[];
        };
        if list.len() <= MAX_POSTINGS {
            return list;
        }
        let at = list.partition_point(|&j| j < near);
        let start = at.saturating_sub(MAX_POSTINGS / 2).min(list.len() - MAX_POSTINGS);
        &list[start..start + MAX_POSTINGS]
    }
}

/// The distinct sentences sharing a term with one sentence, reused from one
/// sentence to the next (a stamp per sentence instead of a set).
struct Pairs {
    stamp: Vec<usize>,
    round: usize,
    found: Vec<usize>,
}

impl Pairs {
    fn new(n: usize) -> Self {
        Pairs { stamp: vec![usize::MAX; n], round: 0, found: Vec::new() }
    }

    /// The sentences sharing one of `terms`, in order.
    fn of(&mut self, index: &TermIndex, terms: &[u64], near: usize) -> &[usize] {
        self.round += 1;
        self.found.clear();
        for &term in terms {
            for &j in index.near(term, near) {
                if self.stamp[j] != self.round {
                    self.stamp[j] = self.round;
                    self.found.push(j);
                }
            }
        }
        self.found.sort_unstable();
        &self.found
    }
}

/// Keeps the [`MAX_CANDIDATES`] best of `candidates` (of equal scores the
/// nearest by `distance`, then the earlier), in their order.
fn keep_best(candidates: &mut Vec<(usize, f64)>, distance: impl Fn(usize) -> f64) {
    if candidates.len() <= MAX_CANDIDATES {
        return;
    }
    candidates.sort_by(|x, y| y.1.total_cmp(&x.1).then(distance(x.0).total_cmp(&distance(y.0))).then(x.0.cmp(&y.0)));
    candidates.truncate(MAX_CANDIDATES);
    candidates.sort_by_key(|&(j, _)| j);
}

/// The word-level diff of two sentences' tokens, on folded forms (case,
/// quotes, dashes and number formats do not count as changes).
pub fn token_diff(a: &PreparedSentence, b: &PreparedSentence) -> Vec<DiffOp> {
    capture_diff_slices(Algorithm::Myers, &a.keys, &b.keys)
}

/// The share of two sentences' word tokens that the diff keeps: 1 for the
/// same words, near 0 for a paraphrase.
pub fn kept_share(ops: &[DiffOp], a: &PreparedSentence, b: &PreparedSentence) -> f64 {
    let total = a.tokens.len() + b.tokens.len();
    if total == 0 {
        return 0.0;
    }
    let kept: usize = ops.iter().filter(|op| op.tag() == DiffTag::Equal).map(|op| op.old_range().len()).sum();
    2.0 * kept as f64 / total as f64
}

/// A word-level diff for showing, from the token diff `ops` of two
/// sentences: runs of `equal`, `delete` (only in `here`) and `insert` (only
/// in `there`), each run with the spaces and punctuation after its words, so
/// the `equal` and `delete` runs put together give `here` back exactly.
pub fn display_diff(
    here: (&str, &PreparedSentence, Span),
    there: (&str, &PreparedSentence, Span),
    ops: &[DiffOp],
) -> Vec<DiffPart> {
    let (here_text, here_sentence, here_span) = here;
    let (there_text, there_sentence, there_span) = there;
    // The text of tokens `range`, up to the next token (or the sentence end).
    let piece = |text: &str, sentence: &PreparedSentence, span: Span, range: std::ops::Range<usize>| -> String {
        let start = if range.start == 0 { span.start } else { sentence.tokens[range.start].span.start };
        let end = sentence.tokens.get(range.end).map_or(span.end, |t| t.span.start);
        text.get(start..end).unwrap_or_default().to_string()
    };
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |op: Op, text: String| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(&text),
            _ => parts.push(DiffPart { op, text }),
        }
    };
    if here_sentence.tokens.is_empty() || there_sentence.tokens.is_empty() {
        push(Op::Delete, here_span.of(here_text).to_string());
        push(Op::Insert, there_span.of(there_text).to_string());
        return parts;
    }
    for op in ops {
        let (old, new) = (op.old_range(), op.new_range());
        match op.tag() {
            DiffTag::Equal => push(Op::Equal, piece(here_text, here_sentence, here_span, old)),
            DiffTag::Delete => push(Op::Delete, piece(here_text, here_sentence, here_span, old)),
            DiffTag::Insert => push(Op::Insert, piece(there_text, there_sentence, there_span, new)),
            DiffTag::Replace => {
                push(Op::Delete, piece(here_text, here_sentence, here_span, old));
                push(Op::Insert, piece(there_text, there_sentence, there_span, new));
            }
        }
    }
    parts
}

/// A plain word diff of two texts, for wordings that are not sentence pairs.
pub fn text_diff(here: &str, there: &str) -> Vec<DiffPart> {
    let diff = similar::TextDiff::configure().algorithm(Algorithm::Myers).diff_words(here, there);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => Op::Equal,
            similar::ChangeTag::Delete => Op::Delete,
            similar::ChangeTag::Insert => Op::Insert,
        };
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => parts.push(DiffPart { op, text: change.value().to_string() }),
        }
    }
    parts
}

/// Whether two runs of tokens say the same thing in another format: the
/// same words joined or split ("pom poms"/"pompoms"), or the same stems.
pub fn same_words(a: &[Token], b: &[Token]) -> bool {
    // Cheapest tests first; a clock time is decided before its digits are.
    let joined = |tokens: &[Token]| -> String {
        let mut out = String::new();
        for t in tokens {
            out.push_str(&compact(&t.norm));
        }
        out
    };
    let (joined_a, joined_b) = (joined(a), joined(b));
    if joined_a == joined_b {
        return true;
    }
    fn root(t: &Token) -> &str {
        if t.stem.is_empty() { &t.norm } else { &t.stem }
    }
    // "KOs" and "KO": an abbreviation's plural.
    fn singular(t: &Token) -> &str {
        let r = root(t);
        if t.capitalized && r.len() >= 3 { r.strip_suffix('s').unwrap_or(r) } else { r }
    }
    if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| root(x) == root(y) || singular(x) == singular(y)) {
        return true;
    }
    // Two clock times are one when they name one minute, in 12 or 24
    // hours, with their zone or without ("6:41pm PST" / "18:41"); their
    // digits alone say nothing ("6:41am" / "6:41pm").
    match (clock(a), clock(b)) {
        (Some((x, zone_x)), Some((y, zone_y))) => {
            return x == y && (zone_x == zone_y || zone_x.is_none() || zone_y.is_none());
        }
        // "6" / "6:00" where both go on "p.m.": the hour alone.
        (Some((at, _)), None) if on_the_hour(b, at) => return true,
        (None, Some((at, _))) if on_the_hour(a, at) => return true,
        _ => {}
    }
    // "9.25" and "9:25": the same digits, cut by other punctuation.
    let numbers = |tokens: &[Token]| tokens.iter().all(|t| t.class == TokenClass::Number);
    if numbers(a) && numbers(b) {
        let digits = |tokens: &[Token]| -> String {
            tokens.iter().flat_map(|t| t.norm.chars()).filter(char::is_ascii_digit).collect()
        };
        let x = digits(a);
        if !x.is_empty() && x == digits(b) {
            return true;
        }
    }
    if matches!((amount(a), amount(b)), (Some(x), Some(y)) if (x - y).abs() <= 1e-9 * x.abs().max(1.0)) {
        return true;
    }
    fold(&joined_a) == fold(&joined_b)
}

/// Whether `tokens` is a bare hour that `at` (a minute of the day, on the
/// hour) writes with its minutes: "6" against "6:00" (where both go on
/// "p.m.", the hour is the same), not against "18:00".
fn on_the_hour(tokens: &[Token], at: u32) -> bool {
    let [token] = tokens else { return false };
    let Ok(hour) = token.norm.parse::<u32>() else { return false };
    at % 60 == 0 && (1..=12).contains(&hour) && at / 60 == hour
}

/// The minute of the day of the first clock time written somewhere in a
/// run of tokens ("about 9 : 25", "9.25 a. m. on").
pub(crate) fn clock_within(tokens: &[Token]) -> Option<u32> {
    (0..tokens.len()).filter(|&i| tokens[i].class == TokenClass::Number).find_map(|start| {
        (start + 1..=tokens.len().min(start + 8)).rev().find_map(|end| clock(&tokens[start..end]).map(|(at, _)| at))
    })
}

/// The minute of the day a run of tokens writes as a time, and its zone. A
/// bare number is no time: it needs minutes or am/pm.
fn clock(tokens: &[Token]) -> Option<(u32, Option<String>)> {
    if tokens.len() > 8 || tokens.first()?.class != TokenClass::Number {
        return None;
    }
    let written = tokens.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" ");
    let caps = crate::patterns::CLOCK_TIME.captures(&written)?;
    let mut hour: u32 = caps["h"].parse().ok()?;
    let minutes = caps.name("m").or_else(|| caps.name("spaced"));
    let minute: u32 = minutes.map_or(Some(0), |m| m.as_str().parse().ok())?;
    let half = caps.name("half").map(|h| h.as_str().starts_with('p'));
    if minutes.is_none() && half.is_none() {
        return None;
    }
    match half {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    (hour < 24 && minute < 60).then(|| (hour * 60 + minute, caps.name("zone").map(|z| z.as_str().to_string())))
}

/// The amount a run of tokens writes, when it is only a number: digits or a
/// number word, times the scale words after it ("1.5 million",
/// "1,500,000", "ten", "22.4bn").
fn amount(tokens: &[Token]) -> Option<f64> {
    let (first, rest) = tokens.split_first()?;
    let (digits, suffix) =
        first.norm.split_at(first.norm.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(first.norm.len()));
    let mut value = if digits.is_empty() {
        crate::facts::numbers::cardinal_word(&first.norm)? as f64
    } else {
        digits.parse::<f64>().ok()?
    };
    let scale = |word: &str| -> Option<f64> {
        Some(match word {
            "" => 1.0,
            "thousand" | "k" => 1e3,
            "million" | "m" | "mn" => 1e6,
            "billion" | "bn" | "b" => 1e9,
            "trillion" | "tn" => 1e12,
            _ => return None,
        })
    };
    value *= scale(suffix)?;
    for token in rest {
        value *= scale(token.norm.as_str())?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, analyse};

    fn article(text: &str) -> Article {
        analyse("t", text, Format::Text).unwrap()
    }

    fn words(text: &str) -> Vec<Token> {
        crate::text::tokenize(text)
    }

    #[test]
    fn a_clock_time_in_twelve_or_twenty_four_hours_is_one_time() {
        assert!(same_words(&words("6:41pm PST"), &words("18:41")));
        assert!(same_words(&words("7 p.m."), &words("19:00")));
        assert!(same_words(&words("12:15 am"), &words("00:15")));
        assert!(!same_words(&words("6:41pm PST"), &words("18:41 GMT")), "two zones are two times");
        assert!(!same_words(&words("6:41pm"), &words("6:41am")), "pm is not am");
        assert!(!same_words(&words("6"), &words("18:00")), "a bare number is no time");
        assert!(!same_words(&words("13 pm"), &words("13:00")), "no such time");
        assert!(same_words(&words("4"), &words("4:00")), "an hour and its minutes");
        assert!(!same_words(&words("4"), &words("4:30")));
        // Tokenized text spaces the colon and the letters of "p.m.".
        assert!(same_words(&words("7 : 01 p. m."), &words("19:01")));
        assert!(same_words(&words("9 : 25 a. m."), &words("9.25 am")));
        assert!(!same_words(&words("7 : 01 p. m."), &words("7 : 01 a. m.")), "pm is not am");
    }

    #[test]
    fn paraphrase_with_compound_links() {
        let a = article(
            "Russian state television ran footage of crowds greeting Lavrov in the pouring rain alongside a welcoming party waving pom poms.",
        );
        let b = article(
            "Russian state television broadcast scenes of Lavrov being welcomed by crowds in the rain, alongside a reception party brandishing pompoms. Separately, the ministry announced a new budget for schools.",
        );
        let mut prepared = vec![prepare(&a), prepare(&b)];
        add_compounds(&mut prepared);
        let weights = Weights::new(&prepared);
        apply_weights(&mut prepared, &weights);
        let links = link(&prepared[0], &prepared[1]);
        assert_eq!(links[0].map(|(j, _)| j), Some(0));
    }

    #[test]
    fn linking_both_ways_at_once_matches_linking_each_way() {
        let a = article(
            "Lavrov visited Pyongyang on Wednesday. The White House said 1,000 containers were sent. Kim met Putin.",
        );
        let b = article(
            "Kim met Putin in September. Lavrov flew to Pyongyang on Wednesday for talks. Crowds waved pompoms.",
        );
        let mut prepared = vec![prepare(&a), prepare(&b)];
        let weights = Weights::new(&prepared);
        apply_weights(&mut prepared, &weights);
        let (forward, backward) = link_both(&prepared[0], &prepared[1]);
        assert_eq!(forward, link(&prepared[0], &prepared[1]));
        assert_eq!(backward, link(&prepared[1], &prepared[0]));
    }

    #[test]
    fn unrelated_sentences_do_not_link() {
        let a = article("The central bank raised interest rates by half a point on Tuesday.");
        let b = article("Heavy snow closed mountain roads across the region for a second day.");
        let mut prepared = vec![prepare(&a), prepare(&b)];
        let weights = Weights::new(&prepared);
        apply_weights(&mut prepared, &weights);
        assert_eq!(link(&prepared[0], &prepared[1]), vec![None]);
    }

    #[test]
    fn format_only_changes_keep_every_token() {
        let a = article("The U.S. said 1,000 containers were shipped — “quickly”.");
        let b = article("The US said 1000 containers were shipped - \"quickly\".");
        let (pa, pb) = (prepare(&a), prepare(&b));
        let ops = token_diff(&pa.sentences[0], &pb.sentences[0]);
        assert_eq!(kept_share(&ops, &pa.sentences[0], &pb.sentences[0]), 1.0);
    }

    #[test]
    fn display_diff_marks_both_sides() {
        let parts = text_diff("Lavrov will visit this week.", "Lavrov visited on Wednesday.");
        assert!(parts.iter().any(|p| p.op == "delete" && p.text.contains("will")));
        assert!(parts.iter().any(|p| p.op == "insert" && p.text.contains("Wednesday")));
        let here: String = parts.iter().filter(|p| p.op != "insert").map(|p| p.text.as_str()).collect();
        assert_eq!(here, "Lavrov will visit this week.");
    }
}
