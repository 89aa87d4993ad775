//! Stage 5, same story or not.
//!
//! In: articles. Out: a similarity score in 0..1 and a decision for a pair
//! ([`similarity`], [`same_story`]), and a [`StoryIndex`] that finds the
//! stored versions of a story among thousands of articles without comparing
//! against each.
//!
//! An article is reduced to a [`Profile`]: its weighted terms (content-word
//! stems, names, numbers) and the term set of each sentence. Two signals make
//! the score, each in 0..1:
//! - the cosine of the term vectors: what the articles talk about;
//! - the share of the shorter article's sentences that find a counterpart in
//!   the other: whether they *report the same things*. A paraphrase keeps this
//!   high (each sentence still shares its specific words); a different story
//!   about the same people and places does not (its sentences share only the
//!   names, which are weighted down because they recur in every sentence).
//!
//! The index keeps an inverted list per term; a lookup walks the lists of the
//! query's rarest terms, so it touches a few hundred candidates at most, and
//! scores only the best of them exactly.

use std::collections::HashMap;

use crate::hashing::TermMap;
use crate::model::Article;
use crate::text::{self, Token, TokenClass, tokenize};

/// Articles at least this similar are taken to be the same story.
pub const SAME_STORY_THRESHOLD: f64 = 0.33;

/// Two sentences at least this alike (weighted Dice of their terms) count as
/// reporting the same thing, for [`similarity`].
const SENTENCE_MATCH: f64 = 0.34;

/// A version below the threshold but at least this similar may still be the
/// same story, when it is the same story as the versions that match directly
/// (see [`decide`]).
const THROUGH_STORY_FLOOR: f64 = 0.2;

/// Below this term cosine two articles are not compared sentence by sentence.
const UNRELATED_COSINE: f64 = 0.35;

/// How many first sentences (with the title) make an article's lead.
const LEAD_SENTENCES: usize = 2;

/// Sentences with fewer terms than this say too little to be matched.
const MIN_SENTENCE_TERMS: usize = 3;

/// How many candidates a lookup scores exactly: room for a story stored many
/// times over (near-identical copies) beside its other versions.
const EXACT_CANDIDATES: usize = 64;

/// Candidates whose rough score is below this share of the best are dropped.
const CANDIDATE_FLOOR: f32 = 0.2;

/// How many index entries a lookup walks at most, over all its terms.
const POSTINGS_BUDGET: usize = 4000;

/// How many of the query's rarest terms a lookup walks even when they are
/// common among the stored articles.
const ALWAYS_WALKED: usize = 8;

/// How many of the query's rarest terms a lookup walks.
const QUERY_TERMS: usize = 48;

/// The version of [`Profile`]'s contents: stored profiles of another version
/// are made again (the extension's persistent index rebuilds once). Raise it
/// whenever the fields or how they are computed change.
pub const PROFILE_VERSION: u32 = 1;

/// What the story matcher keeps of an article.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    /// Term hash and weight, sorted by hash.
    terms: Vec<(u64, f32)>,
    norm: f32,
    /// Each sentence's term hashes, sorted and deduplicated.
    sentences: Vec<Vec<u64>>,
    /// Term hash and the number of sentences using it, sorted by hash.
    spread: Vec<(u64, u32)>,
    /// The lead (title and first sentences): term hash and weight, sorted.
    lead: Vec<(u64, f32)>,
    lead_norm: f32,
}

impl Profile {
    /// Reads the terms of `article`'s title and sentences.
    pub fn of(article: &Article) -> Profile {
        Profile::from_tokens(&text::article_tokens(article), article.title.as_deref())
    }

    /// The profile of an article already cut into tokens, sentence by sentence.
    pub fn from_tokens(sentences: &[Vec<Token>], title: Option<&str>) -> Profile {
        let mut weights: TermMap<u64, f32> = TermMap::default();
        let mut lead: TermMap<u64, f32> = TermMap::default();
        let mut spread: TermMap<u64, u32> = TermMap::default();
        let mut sentence_terms = Vec::with_capacity(sentences.len());
        for (i, tokens) in sentences.iter().enumerate() {
            let terms = terms_of(tokens);
            for &(hash, weight) in &terms {
                *weights.entry(hash).or_default() += weight;
                if i < LEAD_SENTENCES {
                    *lead.entry(hash).or_default() += weight;
                }
            }
            let mut hashes: Vec<u64> = terms.into_iter().map(|(h, _)| h).collect();
            hashes.sort_unstable();
            hashes.dedup();
            for &hash in &hashes {
                *spread.entry(hash).or_default() += 1;
            }
            sentence_terms.push(hashes);
        }
        if let Some(title) = title {
            let tokens: Vec<Token> = tokenize(title).into_iter().filter(|t| t.class != TokenClass::Punct).collect();
            for (hash, weight) in terms_of(&tokens) {
                *weights.entry(hash).or_default() += weight;
                *lead.entry(hash).or_default() += weight;
            }
        }
        let (terms, norm) = vector(weights);
        let (lead, lead_norm) = vector(lead);
        let mut spread: Vec<(u64, u32)> = spread.into_iter().collect();
        spread.sort_unstable();
        Profile { terms, norm, sentences: sentence_terms, spread, lead, lead_norm }
    }

    /// The term hashes, for indexing.
    fn term_hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.terms.iter().map(|&(h, _)| h)
    }

    /// Each term hash with its weight, as an index outside this module
    /// (the library's persistent postings) walks them.
    pub fn weighted_terms(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        self.terms.iter().copied()
    }

    /// In how many of its sentences the article uses `term`.
    fn sentences_using(&self, term: u64) -> u32 {
        self.spread.binary_search_by_key(&term, |&(h, _)| h).map_or(0, |i| self.spread[i].1)
    }
}

/// A sorted term vector and its norm, with sublinear term frequency: a word
/// said ten times is not ten times the topic.
fn vector(weights: TermMap<u64, f32>) -> (Vec<(u64, f32)>, f32) {
    let mut terms: Vec<(u64, f32)> = weights.into_iter().map(|(h, w)| (h, 1.0 + w.ln().max(0.0))).collect();
    terms.sort_unstable_by_key(|&(h, _)| h);
    let norm = terms.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    (terms, norm)
}

/// The terms of one sentence's tokens with their weights: content stems 1,
/// names 1.5, numbers 1.
fn terms_of(tokens: &[Token]) -> Vec<(u64, f32)> {
    tokens
        .iter()
        .filter_map(|token| match token.class {
            TokenClass::Content if token.capitalized => Some((term_hash(&token.norm), 1.0)),
            TokenClass::Content => Some((term_hash(&token.stem), 1.0)),
            TokenClass::Number => Some((term_hash(&token.norm), 1.0)),
            _ => None,
        })
        .collect()
}

/// FNV-1a: stable across runs and platforms, so profiles could be stored.
fn term_hash(term: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in term.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// How alike two articles are, 0..1 (see the module docs).
pub fn similarity(a: &Article, b: &Article) -> f64 {
    profile_similarity(&Profile::of(a), &Profile::of(b))
}

/// The similarity of `a` and `b`, and whether that makes them one story.
pub fn same_story(a: &Article, b: &Article) -> (f64, bool) {
    let score = similarity(a, b);
    (score, score >= SAME_STORY_THRESHOLD)
}

/// [`similarity`] on profiles already made: the mean of four signals, each
/// in 0..1 (see [`components`]).
pub fn profile_similarity(a: &Profile, b: &Profile) -> f64 {
    let whole = cosine((&a.terms, a.norm), (&b.terms, b.norm));
    if whole < 0.05 {
        return 0.0;
    }
    if whole < UNRELATED_COSINE {
        // Articles this far apart in their words cannot share most of their
        // sentences: skip that signal, the costly one, and count it as none.
        return (whole + cosine((&a.lead, a.lead_norm), (&b.lead, b.lead_norm))) / 4.0;
    }
    let [whole, shared, leads, lead_in_body] = components(a, b);
    (whole + shared + leads + lead_in_body) / 4.0
}

/// The signals that make the similarity of two articles:
/// - what they talk about: the cosine of their whole term vectors;
/// - whether they report the same things: the share of the shorter one's
///   sentences with a counterpart in the other;
/// - whether they lead with the same event: the cosine of their leads
///   (title and first sentences);
/// - whether one's body tells the other's lead: the better cosine of one's
///   lead with the other's whole text.
///
/// A paraphrase keeps all four high. A different story about the same people
/// and places keeps the first one fairly high, but leads with another event.
pub fn components(a: &Profile, b: &Profile) -> [f64; 4] {
    fn whole(p: &Profile) -> (&[(u64, f32)], f32) {
        (&p.terms, p.norm)
    }
    fn lead(p: &Profile) -> (&[(u64, f32)], f32) {
        (&p.lead, p.lead_norm)
    }
    [
        cosine(whole(a), whole(b)),
        shared_sentences(a, b),
        cosine(lead(a), lead(b)),
        cosine(lead(a), whole(b)).max(cosine(whole(a), lead(b))),
    ]
}

fn cosine(a: (&[(u64, f32)], f32), b: (&[(u64, f32)], f32)) -> f64 {
    let ((a, a_norm), (b, b_norm)) = (a, b);
    if a_norm == 0.0 || b_norm == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    f64::from(dot / (a_norm * b_norm)).clamp(0.0, 1.0)
}

/// The share of the shorter article's sentences that have a counterpart in
/// the other. Terms are weighted by how few sentences of the two articles
/// use them, so names that recur everywhere count for little.
fn shared_sentences(a: &Profile, b: &Profile) -> f64 {
    let (short, long) = if countable(a) <= countable(b) { (a, b) } else { (b, a) };
    let weigh = |sentence: &Vec<u64>| -> Vec<f64> {
        sentence.iter().map(|&t| 1.0 / f64::from(a.sentences_using(t) + b.sentences_using(t)).max(1.0).sqrt()).collect()
    };
    let countable_of = |p: &'_ Profile| -> Vec<(usize, Vec<f64>, f64)> {
        p.sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| s.len() >= MIN_SENTENCE_TERMS)
            .map(|(i, s)| {
                let w = weigh(s);
                let total = w.iter().sum();
                (i, w, total)
            })
            .collect()
    };
    let (shorts, longs) = (countable_of(short), countable_of(long));
    if shorts.is_empty() {
        return 0.0;
    }
    // Only sentences that share a term can match: each short sentence is
    // scored against the long ones its terms lead to, never against all
    // (a few-MB page would otherwise cost sentences squared). A term in
    // more than SENTENCE_POSTINGS sentences weighs next to nothing and leads
    // nowhere, which bounds the work on a text that repeats itself.
    let mut postings: TermMap<u64, Vec<u32>> = TermMap::default();
    for (k, (j, _, _)) in longs.iter().enumerate() {
        for &term in &long.sentences[*j] {
            postings.entry(term).or_default().push(k as u32);
        }
    }
    let mut seen: Vec<u32> = vec![u32::MAX; longs.len()];
    let matched = shorts
        .iter()
        .enumerate()
        .filter(|(n, (i, weights, own))| {
            let terms = &short.sentences[*i];
            terms
                .iter()
                .filter_map(|term| postings.get(term))
                .filter(|list| list.len() <= SENTENCE_POSTINGS)
                .flatten()
                .any(|&k| {
                    if std::mem::replace(&mut seen[k as usize], *n as u32) == *n as u32 {
                        return false;
                    }
                    let (j, _, theirs) = &longs[k as usize];
                    let common = shared(terms, weights, &long.sentences[*j]);
                    2.0 * common / (own + theirs) >= SENTENCE_MATCH
                })
        })
        .count();
    matched as f64 / shorts.len() as f64
}

/// A term in more sentences than this leads to no sentence pair in
/// [`shared_sentences`].
const SENTENCE_POSTINGS: usize = 256;

/// The weight (from `weights`, parallel to `a`) of the terms of sorted `a`
/// that sorted `b` holds too.
fn shared(a: &[u64], weights: &[f64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += weights[i];
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

fn countable(profile: &Profile) -> usize {
    profile.sentences.iter().filter(|s| s.len() >= MIN_SENTENCE_TERMS).count()
}

/// Which of `others` tell the same story as `query`, with each one's
/// similarity to it.
///
/// A version is the same story when it is similar enough to the query, or,
/// one step away, when it is at least [`THROUGH_STORY_FLOOR`] similar to the
/// query and the same story as at least half of the versions that match
/// directly: a report with other facts and another lead (a wire story told
/// from another capital) is recognised by the reports between the two. Only
/// one step: chains of "alike" would drift to other stories.
pub fn decide(query: &Profile, others: &[&Profile]) -> Vec<(f64, bool)> {
    let scores: Vec<f64> = others.iter().map(|other| profile_similarity(query, other)).collect();
    let direct: Vec<usize> = (0..others.len()).filter(|&i| scores[i] >= SAME_STORY_THRESHOLD).collect();
    (0..others.len())
        .map(|i| {
            let score = scores[i];
            if score >= SAME_STORY_THRESHOLD {
                return (score, true);
            }
            if score < THROUGH_STORY_FLOOR || direct.is_empty() {
                return (score, false);
            }
            let agreeing =
                direct.iter().filter(|&&d| profile_similarity(others[i], others[d]) >= SAME_STORY_THRESHOLD).count();
            (score, agreeing > 0 && agreeing * 2 >= direct.len())
        })
        .collect()
}

/// A stored article the index found for a query.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Match {
    pub id: String,
    pub similarity: f64,
    pub same_story: bool,
}

/// Finds the stored versions of a story among many articles.
#[derive(Debug, Default, Clone)]
pub struct StoryIndex {
    /// Slot per inserted article; `None` once removed.
    entries: Vec<Option<(String, Profile)>>,
    slots: HashMap<String, u32>,
    postings: HashMap<u64, Vec<u32>>,
}

impl StoryIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many articles it holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Adds `article` under its id, replacing an article with the same id.
    pub fn insert(&mut self, article: &Article) {
        self.insert_profile(&article.id, Profile::of(article));
    }

    /// Adds a profile made earlier under `id`.
    pub fn insert_profile(&mut self, id: &str, profile: Profile) {
        self.remove(id);
        let slot = self.entries.len() as u32;
        for hash in profile.term_hashes() {
            self.postings.entry(hash).or_default().push(slot);
        }
        self.entries.push(Some((id.to_string(), profile)));
        self.slots.insert(id.to_string(), slot);
    }

    /// Removes the article stored under `id`; whether there was one.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some(slot) = self.slots.remove(id) else {
            return false;
        };
        if let Some((_, profile)) = self.entries[slot as usize].take() {
            for hash in profile.term_hashes() {
                if let Some(list) = self.postings.get_mut(&hash) {
                    list.retain(|&s| s != slot);
                    if list.is_empty() {
                        self.postings.remove(&hash);
                    }
                }
            }
        }
        true
    }

    /// The stored articles most like `article` (never itself, by id), best
    /// first, at most `limit`, each with its similarity and decision.
    pub fn find(&self, article: &Article, limit: usize) -> Vec<Match> {
        self.find_profile(&article.id, &Profile::of(article), limit)
    }

    /// [`StoryIndex::find`] for a profile made earlier.
    pub fn find_profile(&self, id: &str, query: &Profile, limit: usize) -> Vec<Match> {
        let live = self.len().max(1) as f32;
        // Walk the lists of the rarest terms first: they say the most and are short.
        // The query may be stored itself: its own entry tells nothing about others.
        let own = self.slots.get(id).copied();
        let mut terms: Vec<(f32, usize, &Vec<u32>)> = query
            .terms
            .iter()
            .filter_map(|&(hash, weight)| self.postings.get(&hash).map(|list| (weight, list.len(), list)))
            .filter(|&(_, df, list)| !(df == 1 && Some(list[0]) == own))
            .collect();
        terms.sort_by_key(|&(_, df, _)| df);
        let mut scores: TermMap<u32, f32> = TermMap::default();
        // A term in more than one stored article in twenty tells little about
        // which story this is, and walking its long list would cost the most.
        let common = (live as usize / 20).max(20);
        let mut walked = 0;
        for (k, (weight, df, list)) in terms.into_iter().take(QUERY_TERMS).enumerate() {
            // The rarest few are walked whatever their spread: a story stored
            // many times over (wire copy on thirty sites) has only common terms.
            if k >= ALWAYS_WALKED && (df > common || walked > POSTINGS_BUDGET) {
                break;
            }
            walked += df;
            let idf = (live / df as f32).ln() + 1.0;
            for &slot in list.iter().filter(|&&slot| Some(slot) != own) {
                *scores.entry(slot).or_default() += weight * idf;
            }
        }
        let mut candidates: Vec<(u32, f32)> = scores.into_iter().collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Candidates far below the best share only common words: not worth scoring.
        let floor = candidates.first().map_or(0.0, |c| c.1 * CANDIDATE_FLOOR);
        candidates.retain(|c| c.1 >= floor);
        let found: Vec<&(String, Profile)> = candidates
            .into_iter()
            .filter_map(|(slot, _)| self.entries[slot as usize].as_ref())
            .filter(|(other, _)| other != id)
            .take(EXACT_CANDIDATES)
            .collect();
        let profiles: Vec<&Profile> = found.iter().map(|(_, profile)| profile).collect();
        let mut matches: Vec<Match> = found
            .iter()
            .zip(decide(query, &profiles))
            .map(|((other, _), (similarity, same_story))| Match { id: other.clone(), similarity, same_story })
            .collect();
        matches.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then_with(|| a.id.cmp(&b.id)));
        matches.truncate(limit);
        matches
    }
}

/// Groups articles into stories: connected components of "same story".
/// Returns groups of indices into `articles`, each group and the list in
/// input order.
pub fn group(articles: &[Article]) -> Vec<Vec<usize>> {
    let profiles: Vec<Profile> = articles.iter().map(Profile::of).collect();
    let mut index = StoryIndex::new();
    let keys: Vec<String> = (0..articles.len()).map(|i| i.to_string()).collect();
    for (key, profile) in keys.iter().zip(&profiles) {
        index.insert_profile(key, profile.clone());
    }
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, profile) in profiles.iter().enumerate() {
        for found in index.find_profile(&keys[i], profile, 16).into_iter().filter(|m| m.same_story) {
            let j: usize = found.id.parse().expect("keys are indices");
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..articles.len() {
        let r = root(&mut parent, i);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}
