//! Stage 5, same story or not.
//!
//! In: articles. Out: a similarity score in 0..1 and a decision for a pair
//! ([`similarity`], [`same_story`]), decisions that hold across a set of
//! versions ([`decide`], [`group`], both through [`cluster`]), and a
//! [`StoryIndex`] that finds the stored versions of a story among thousands
//! of articles without comparing against each.
//!
//! An article is reduced to a [`Profile`]: its terms (content-word stems,
//! names, numbers) weighted by how rare they are in English at large
//! ([`rarity`], a table built from `wordfreq`), its names by transliteration
//! key, its numbers, its lead, the term set of each sentence, and its
//! publication date when known. The score ([`combine`]) is the cosine of the
//! term vectors, discounted when the names, the numbers, the words of what
//! happened or the dates disagree: different events of one kind (two
//! earthquakes, two arrests) share their words but not their names and
//! numbers; different stories about the same people share the names but not
//! what happened. What each signal adds on real coverage is measured in
//! docs/stories.md.
//!
//! The index keeps an inverted list per term; a lookup walks the lists of the
//! query's rarest terms (rarity from the background table blended with the
//! store's own counts as it grows), so it touches a few hundred candidates at
//! most, and scores only the best of them exactly.

use std::collections::HashMap;

mod rarity;

use crate::hashing::TermMap;
use crate::model::Article;
use crate::text::{self, Token, TokenClass, tokenize};

/// The version of what a [`Profile`] holds and how it is weighed: a profile
/// kept from an earlier version (a persisted index) must be made again.
/// 2: background rarity, names, numbers and publication dates.
/// 3: the library's profiles carry the publication day too (version 2's
/// stored profiles were made without it, so dates did not weigh there).
pub const PROFILE_VERSION: u32 = 3;

/// Articles at least this similar are taken to be the same story.
pub const SAME_STORY_THRESHOLD: f64 = 0.15;

/// Reports of one event share at least this cosine of the words that are
/// neither names nor numbers; below it, the score is discounted in proportion.
const SAME_HAPPENING_WORDS: f64 = 0.3;

/// Two sentences at least this alike (weighted Dice of their terms) count as
/// reporting the same thing, for [`Signals::shared`].
const SENTENCE_MATCH: f64 = 0.34;

/// Below this term cosine two articles are not compared sentence by sentence.
const UNRELATED_COSINE: f64 = 0.35;

/// How many first sentences (with the title) make an article's lead.
const LEAD_SENTENCES: usize = 2;

/// Sentences with fewer terms than this say too little to be matched.
const MIN_SENTENCE_TERMS: usize = 3;

/// How much more a name weighs than a common word of the same rarity: who
/// and where is most of what tells one event from another of its kind.
const NAME_BOOST: f32 = 1.5;

/// Publication dates further apart than this (in days) are not one event's
/// coverage, unless the words say so strongly (see [`date_factor`]).
const NEWS_DAYS: i32 = 7;

/// How many candidates a lookup scores exactly: room for a story stored many
/// times over (near-identical copies) beside its other versions.
pub(crate) const EXACT_CANDIDATES: usize = 64;

/// Candidates whose rough score is below this share of the best are dropped.
const CANDIDATE_FLOOR: f32 = 0.2;

/// How many index entries a lookup walks at most, over all its terms.
const POSTINGS_BUDGET: usize = 4000;

/// How many of the query's rarest terms a lookup walks even when they are
/// common among the stored articles.
const ALWAYS_WALKED: usize = 8;

/// How many of the query's rarest terms a lookup walks.
pub(crate) const QUERY_TERMS: usize = 48;

/// From how many stored articles the store's own term counts weigh as much
/// as the background table in a lookup's rough scores.
const STORE_WEIGHT_AT: f32 = 200.0;

/// A sorted weighted term list and its norm.
type Vector = (Vec<(u64, f32)>, f32);

/// What the story matcher keeps of an article.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    /// Term hash and weight (sublinear frequency times background rarity),
    /// sorted by hash.
    terms: Vec<(u64, f32)>,
    norm: f32,
    /// Each sentence's term hashes, sorted and deduplicated.
    sentences: Vec<Vec<u64>>,
    /// Term hash and the number of sentences using it, sorted by hash.
    spread: Vec<(u64, u32)>,
    /// The lead (title and first sentences): term hash and weight, sorted.
    lead: Vec<(u64, f32)>,
    lead_norm: f32,
    /// The names (capitalized words inside a sentence), by transliteration
    /// key so Sergei and Sergey meet: key hash and weight, sorted.
    names: Vec<(u64, f32)>,
    names_norm: f32,
    /// The words that are neither names nor numbers: what happened, not
    /// who or how many. Term hash and weight, sorted.
    words: Vec<(u64, f32)>,
    words_norm: f32,
    /// The numbers, sorted and deduplicated.
    numbers: Vec<u64>,
    /// The publication day (days since 1970), when known.
    published: Option<i32>,
}

/// One term of a sentence, as the profile counts it.
struct Term {
    hash: u64,
    /// Background rarity, with the boost of names.
    idf: f32,
    /// The transliteration key's hash, for a name.
    name: Option<u64>,
    /// Capitalized inside a sentence (a name, even one without a key).
    capitalized: bool,
    number: bool,
}

impl Profile {
    /// Reads the terms of `article`'s title and sentences, and its date.
    pub fn of(article: &Article) -> Profile {
        Profile::from_tokens(&text::article_tokens(article), article.title.as_deref())
            .published(article.published.as_deref())
    }

    /// The profile of an article already cut into tokens, sentence by sentence.
    pub fn from_tokens<S: AsRef<[Token]>>(sentences: &[S], title: Option<&str>) -> Profile {
        let mut counts: TermMap<u64, (f32, f32)> = TermMap::default();
        let mut lead: TermMap<u64, (f32, f32)> = TermMap::default();
        let mut names: TermMap<u64, (f32, f32)> = TermMap::default();
        let mut words: TermMap<u64, (f32, f32)> = TermMap::default();
        let mut numbers: Vec<u64> = Vec::new();
        let mut spread: TermMap<u64, u32> = TermMap::default();
        let mut sentence_terms = Vec::with_capacity(sentences.len());
        let mut count = |terms: &[Term], in_lead: bool| {
            for term in terms {
                counts.entry(term.hash).or_insert((0.0, term.idf)).0 += 1.0;
                if in_lead {
                    lead.entry(term.hash).or_insert((0.0, term.idf)).0 += 1.0;
                }
                if let Some(name) = term.name {
                    names.entry(name).or_insert((0.0, term.idf)).0 += 1.0;
                } else if term.number {
                    numbers.push(term.hash);
                } else if !term.capitalized {
                    words.entry(term.hash).or_insert((0.0, term.idf)).0 += 1.0;
                }
            }
        };
        for (i, tokens) in sentences.iter().enumerate() {
            let terms = terms_of(tokens.as_ref());
            count(&terms, i < LEAD_SENTENCES);
            let mut hashes: Vec<u64> = terms.into_iter().map(|t| t.hash).collect();
            hashes.sort_unstable();
            hashes.dedup();
            for &hash in &hashes {
                *spread.entry(hash).or_default() += 1;
            }
            sentence_terms.push(hashes);
        }
        if let Some(title) = title {
            let tokens: Vec<Token> = tokenize(title).into_iter().filter(|t| t.class != TokenClass::Punct).collect();
            count(&terms_of(&tokens), true);
        }
        numbers.sort_unstable();
        numbers.dedup();
        let (terms, norm) = vector(counts);
        let (lead, lead_norm) = vector(lead);
        let (names, names_norm) = vector(names);
        let (words, words_norm) = vector(words);
        let mut spread: Vec<(u64, u32)> = spread.into_iter().collect();
        spread.sort_unstable();
        Profile {
            terms,
            norm,
            sentences: sentence_terms,
            spread,
            lead,
            lead_norm,
            names,
            names_norm,
            words,
            words_norm,
            numbers,
            published: None,
        }
    }

    /// The profile with its publication date (ISO, as the article keeps it);
    /// a date that does not read leaves it unknown.
    pub fn published(mut self, iso: Option<&str>) -> Profile {
        self.published = iso.and_then(crate::parse_iso_date).map(|(y, m, d)| days_from_civil(y, m, d));
        self
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

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A sorted term vector and its norm: sublinear term frequency (a word said
/// ten times is not ten times the topic) times the term's rarity.
fn vector(counts: TermMap<u64, (f32, f32)>) -> Vector {
    let mut terms: Vec<(u64, f32)> =
        counts.into_iter().map(|(h, (tf, idf))| (h, (1.0 + tf.ln().max(0.0)) * idf)).collect();
    terms.sort_unstable_by_key(|&(h, _)| h);
    let norm = terms.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    (terms, norm)
}

/// The terms of one sentence's tokens: content words by stem, names
/// (capitalized inside a sentence) by their folded form, numbers as written
/// once format is folded away; each with its background rarity.
fn terms_of(tokens: &[Token]) -> Vec<Term> {
    tokens
        .iter()
        .filter_map(|token| match token.class {
            TokenClass::Content if token.capitalized => {
                let hash = term_hash(&token.norm);
                let name = crate::facts::with_name_key(&token.norm, |key| (!key.is_empty()).then(|| term_hash(key)));
                Some(Term { hash, idf: rarity::idf(hash) * NAME_BOOST, name, capitalized: true, number: false })
            }
            TokenClass::Content => {
                let hash = term_hash(&token.stem);
                Some(Term { hash, idf: rarity::idf(hash), name: None, capitalized: false, number: false })
            }
            TokenClass::Number => {
                let hash = term_hash(&token.norm);
                Some(Term { hash, idf: number_idf(&token.norm), name: None, capitalized: false, number: true })
            }
            _ => None,
        })
        .collect()
}

/// The rarity of a number: one or two digits are common (counts, days of
/// the month), longer ones (years, amounts, magnitudes) are specific.
fn number_idf(norm: &str) -> f32 {
    let zipf = match norm.len() {
        0..=1 => 5.5,
        2 => 4.5,
        _ => 3.5,
    };
    rarity::idf_of_zipf(zipf)
}

/// A term as the profile counts it, with its background Zipf frequency:
/// `(term, kind, zipf)`, kind `w` (word stem), `n` (name), `d` (number). For
/// the tuning examples.
#[doc(hidden)]
pub fn debug_terms(tokens: &[Token]) -> Vec<(String, char, f32)> {
    tokens
        .iter()
        .filter_map(|token| match token.class {
            TokenClass::Content if token.capitalized => Some((token.norm.clone(), 'n')),
            TokenClass::Content => Some((token.stem.clone(), 'w')),
            TokenClass::Number => Some((token.norm.clone(), 'd')),
            _ => None,
        })
        .map(|(term, kind)| {
            let zipf = rarity::zipf(term_hash(&term));
            let key = if kind == 'n' { crate::facts::name_key(&term) } else { String::new() };
            (if key.is_empty() { term } else { format!("{term}|{key}") }, kind, zipf)
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

/// The signals that make the similarity of two articles, each in 0..1.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Signals {
    /// What they talk about: the cosine of their whole term vectors.
    pub whole: f64,
    /// Whether they report the same things: the share of the shorter one's
    /// sentences with a counterpart in the other (0 when `whole` is too low
    /// to be worth the cost).
    pub shared: f64,
    /// Whether they lead with the same event: the cosine of their leads.
    pub leads: f64,
    /// Whether one's body tells the other's lead.
    pub lead_in_body: f64,
    /// Whether they are about the same people and places: the cosine of
    /// their names by transliteration key (1 when either names nobody).
    pub names: f64,
    /// Whether they tell the same happening: the cosine of their words
    /// that are neither names nor numbers.
    pub words: f64,
    /// The share of the smaller set of numbers that the other holds too (1
    /// when either has none).
    pub numbers: f64,
    /// 1 when their publication dates are close or unknown, less the
    /// further apart they are.
    pub dates: f64,
}

/// [`similarity`] on profiles already made (see [`Signals`] and [`combine`]).
pub fn profile_similarity(a: &Profile, b: &Profile) -> f64 {
    let whole = cosine((&a.terms, a.norm), (&b.terms, b.norm));
    if whole < 0.05 {
        return 0.0;
    }
    // Only the signals `combine` uses: this runs for every pair a decision weighs.
    combine(&Signals {
        whole,
        names: names_signal(a, b),
        words: cosine((&a.words, a.words_norm), (&b.words, b.words_norm)),
        numbers: overlap(&a.numbers, &b.numbers),
        dates: date_factor(a.published, b.published),
        ..Signals::default()
    })
}

/// The cosine of two articles' names; 1 (no say) when either names nobody.
fn names_signal(a: &Profile, b: &Profile) -> f64 {
    if a.names.is_empty() || b.names.is_empty() {
        return 1.0;
    }
    cosine((&a.names, a.names_norm), (&b.names, b.names_norm))
}

/// The signals of a pair of profiles.
pub fn signals(a: &Profile, b: &Profile) -> Signals {
    fn whole(p: &Profile) -> (&[(u64, f32)], f32) {
        (&p.terms, p.norm)
    }
    fn lead(p: &Profile) -> (&[(u64, f32)], f32) {
        (&p.lead, p.lead_norm)
    }
    let all = cosine(whole(a), whole(b));
    if all < 0.05 {
        return Signals { whole: all, ..Signals::default() };
    }
    Signals {
        whole: all,
        // Articles this far apart in their words cannot share most of their
        // sentences: skip that signal, the costly one, and count it as none.
        shared: if all < UNRELATED_COSINE { 0.0 } else { shared_sentences(a, b) },
        leads: cosine(lead(a), lead(b)),
        lead_in_body: cosine(lead(a), whole(b)).max(cosine(whole(a), lead(b))),
        names: names_signal(a, b),
        words: cosine((&a.words, a.words_norm), (&b.words, b.words_norm)),
        numbers: overlap(&a.numbers, &b.numbers),
        dates: date_factor(a.published, b.published),
    }
}

/// The four text signals of the earlier matcher, kept for the examples.
pub fn components(a: &Profile, b: &Profile) -> [f64; 4] {
    let s = signals(a, b);
    [s.whole, s.shared, s.leads, s.lead_in_body]
}

/// One score from the signals.
///
/// What the whole text says ([`Signals::whole`]), discounted by up to half
/// when the numbers disagree and by up to half when the names do (two
/// earthquakes of one region share their words and differ in magnitude and
/// toll; two arrests of one team's players share all but the player's
/// name), and in proportion when the words of what happened are too few in
/// common (two reports about the same people, one of a visit, the other of
/// a pact signed later). The dates discount further. The sentence and lead
/// signals are measured (see docs/stories.md) but add nothing to these.
pub fn combine(s: &Signals) -> f64 {
    s.whole * agreement(s.numbers) * agreement(s.names) * s.dates * happening(s.words)
}

/// The discount of [`combine`] for the words of what happened: none from
/// [`SAME_HAPPENING_WORDS`] up, then falling faster than the words do.
fn happening(words: f64) -> f64 {
    (words / SAME_HAPPENING_WORDS).min(1.0).powf(1.5)
}

/// A discount from an agreement signal in 0..1: none at 1, half at 0.
fn agreement(signal: f64) -> f64 {
    0.5 + 0.5 * signal
}

/// 1 for dates within [`NEWS_DAYS`] or unknown, then falling off.
fn date_factor(a: Option<i32>, b: Option<i32>) -> f64 {
    let (Some(a), Some(b)) = (a, b) else { return 1.0 };
    let apart = (a - b).abs();
    if apart <= NEWS_DAYS { 1.0 } else { (f64::from(NEWS_DAYS) / f64::from(apart)).sqrt().max(0.5) }
}

/// The share of the smaller sorted set that the other holds; 1 when either is empty.
fn overlap(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 1.0;
    }
    let common = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    common as f64 / a.len().min(b.len()) as f64
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
/// The decision holds across the set, as [`group`]'s does: the query and the
/// others are grouped together ([`cluster`]) and a version is the same story
/// when it ends in the query's group. So a version that matches two that
/// match each other is in, one that matches the query alone only weakly is
/// not (the extension offers it, unticked), and one that the query matches
/// but the rest of its story does not is weighed against all of them.
/// At most [`DECIDED_TOGETHER`] versions, the most similar, are grouped;
/// the rest are decided on their own similarity (and are far from it).
pub fn decide(query: &Profile, others: &[&Profile]) -> Vec<(f64, bool)> {
    let scores: Vec<f64> = others.iter().map(|other| profile_similarity(query, other)).collect();
    let mut order: Vec<usize> = (0..others.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    // Versions this far from the query could only join it through a long
    // way round; they are not worth scoring against every other.
    order.retain(|&i| scores[i] >= RELATED);
    order.truncate(DECIDED_TOGETHER);
    // The query is node 0, `order[k]` node k + 1.
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        edges.push((0, k as u32 + 1, scores[i]));
        for (l, &j) in order.iter().enumerate().skip(k + 1) {
            edges.push((k as u32 + 1, l as u32 + 1, profile_similarity(others[i], others[j])));
        }
    }
    let dates: Vec<Option<i32>> =
        std::iter::once(query.published).chain(order.iter().map(|&i| others[i].published)).collect();
    let labels = cluster(order.len() + 1, &edges, &dates);
    let mut same: Vec<bool> = scores.iter().map(|&s| s >= SAME_STORY_THRESHOLD).collect();
    for (k, &i) in order.iter().enumerate() {
        same[i] = labels[k + 1] == labels[0];
    }
    scores.into_iter().zip(same).collect()
}

/// How many versions [`decide`] groups together (their pairs are all scored).
const DECIDED_TOGETHER: usize = 32;

/// Versions less similar than this to the query are not grouped with it by
/// [`decide`]: they are not the same story.
const RELATED: f64 = 0.05;

/// A group this small (or smaller) that could not join another by average
/// similarity may still join the group it fits best (see [`cluster`]).
const SMALL_GROUP: usize = 4;

/// The least mean similarity of a small group to the group it joins.
const JOIN_MEAN: f64 = 0.03;

/// How far apart (in days) the publication dates of a small group and of
/// the group it would join may be: reports and follow-ups of one event come
/// out within weeks, so a weak match further away in time is another event
/// of the same people (a visit, and a pact signed months later). A bound
/// from what news is, not tuned: the development set carries no dates.
const FOLLOW_UP_DAYS: i32 = 30;

/// Groups `n` items given the similarities of some of their pairs (`edges`,
/// `(a, b, similarity)`, pairs absent are taken as 0) and their publication
/// days (`dates`, by item; shorter or `None` where unknown): a label per
/// item, the smallest item of its group.
///
/// First average link: the two groups with the highest mean similarity over
/// all their pairs merge, while that mean is at least
/// [`SAME_STORY_THRESHOLD`]. A chain of "alike" does not make a story, as it
/// would with single links: a group grows only by what is like it as a whole.
/// Then a small group (at most [`SMALL_GROUP`]: a brief, a headline alone,
/// a report with other facts, which share too few words with the rest to
/// reach the mean) joins the larger group it fits best when one of its
/// members is related to one of that group's (at least [`RELATED`]), its
/// mean similarity to it is at least [`JOIN_MEAN`], and their publication
/// dates, where both are known, are at most [`FOLLOW_UP_DAYS`] apart: it
/// matches the story, and neither the story as a whole nor the calendar
/// rejects it. A small group with no such fit stays apart (the extension
/// offers it, unticked).
///
/// Cost: about `edges · log(edges)`; each merge touches the neighbours of the
/// two groups only.
pub fn cluster(n: usize, edges: &[(u32, u32, f64)], dates: &[Option<i32>]) -> Vec<usize> {
    use std::collections::BinaryHeap;
    /// A candidate merge, by mean similarity.
    #[derive(PartialEq)]
    struct Merge(f64, u32, u32);
    impl Eq for Merge {}
    impl PartialOrd for Merge {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Merge {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            self.0.total_cmp(&other.0).then_with(|| (other.1, other.2).cmp(&(self.1, self.2)))
        }
    }
    // Sum of the similarities between two groups, by group (its first item).
    let mut links: Vec<TermMap<u32, f64>> = vec![TermMap::default(); n];
    for &(a, b, s) in edges.iter().filter(|e| e.0 != e.1 && e.2 > 0.0) {
        *links[a as usize].entry(b).or_default() += s;
        *links[b as usize].entry(a).or_default() += s;
    }
    let mut size = vec![1usize; n];
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut heap: BinaryHeap<Merge> = BinaryHeap::new();
    for (a, list) in links.iter().enumerate() {
        for (&b, &s) in list.iter().filter(|&(&b, _)| b as usize > a) {
            heap.push(Merge(s, a as u32, b));
        }
    }
    let mean = |links: &[TermMap<u32, f64>], size: &[usize], a: u32, b: u32| {
        links[a as usize].get(&b).copied().unwrap_or(0.0) / (size[a as usize] * size[b as usize]) as f64
    };
    while let Some(Merge(score, a, b)) = heap.pop() {
        if score < SAME_STORY_THRESHOLD {
            break;
        }
        let (au, bu) = (a as usize, b as usize);
        if members[au].is_empty() || members[bu].is_empty() || mean(&links, &size, a, b) != score {
            continue; // a group merged since, or this mean is stale
        }
        // Keep the group with more links; fold the other in.
        let (keep, gone) = if links[au].len() >= links[bu].len() { (a, b) } else { (b, a) };
        let moved = std::mem::take(&mut links[gone as usize]);
        for (other, s) in moved {
            if other == keep {
                continue;
            }
            let list = &mut links[other as usize];
            list.remove(&gone);
            *list.entry(keep).or_default() += s;
            *links[keep as usize].entry(other).or_default() += s;
        }
        links[keep as usize].remove(&gone);
        size[keep as usize] += size[gone as usize];
        let folded = std::mem::take(&mut members[gone as usize]);
        members[keep as usize].extend(folded);
        for (&other, _) in links[keep as usize].iter() {
            let (x, y) = (keep.min(other), keep.max(other));
            heap.push(Merge(mean(&links, &size, x, y), x, y));
        }
    }
    let mut label: Vec<usize> = vec![0; n];
    for (g, list) in members.iter().enumerate() {
        for &m in list {
            label[m as usize] = g;
        }
    }
    join_small_groups(&mut label, &members, edges, dates);
    // Each item labelled by its group's smallest item: stable whatever merged into what.
    let mut smallest: TermMap<usize, usize> = TermMap::default();
    for (i, &l) in label.iter().enumerate() {
        smallest.entry(l).or_insert(i);
    }
    label.iter().map(|l| smallest[l]).collect()
}

/// The second step of [`cluster`]: small groups join the group they fit best.
fn join_small_groups(label: &mut [usize], members: &[Vec<u32>], edges: &[(u32, u32, f64)], dates: &[Option<i32>]) {
    let size = |g: usize| members[g].len();
    let published: Vec<Option<i32>> = members.iter().map(|list| middle_date(list, dates)).collect();
    let in_time = |small: usize, large: usize| match (published[small], published[large]) {
        (Some(a), Some(b)) => (a - b).abs() <= FOLLOW_UP_DAYS,
        _ => true,
    };
    // Per small group: per large group, the sum of similarities and whether one pair is related.
    let mut fit: TermMap<usize, TermMap<usize, (f64, bool)>> = TermMap::default();
    for &(a, b, s) in edges {
        let (ga, gb) = (label[a as usize], label[b as usize]);
        for (small, large) in [(ga, gb), (gb, ga)] {
            if small != large && size(small) <= SMALL_GROUP && size(large) > SMALL_GROUP && in_time(small, large) {
                let entry = fit.entry(small).or_default().entry(large).or_default();
                entry.0 += s;
                entry.1 |= s >= RELATED;
            }
        }
    }
    let mut joins: Vec<(usize, usize)> = fit
        .into_iter()
        .filter_map(|(small, fits)| {
            let best = fits
                .into_iter()
                .map(|(large, (sum, matched))| (sum / (size(small) * size(large)) as f64, matched, large))
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.2.cmp(&x.2)))?;
            (best.1 && best.0 >= JOIN_MEAN).then_some((small, best.2))
        })
        .collect();
    joins.sort_unstable();
    for (small, large) in joins {
        for &m in &members[small] {
            label[m as usize] = large;
        }
    }
}

/// The median publication day of a group's members whose date is known.
fn middle_date(members: &[u32], dates: &[Option<i32>]) -> Option<i32> {
    let mut known: Vec<i32> = members.iter().filter_map(|&m| dates.get(m as usize).copied().flatten()).collect();
    if known.is_empty() {
        return None;
    }
    known.sort_unstable();
    Some(known[known.len() / 2])
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
        let found = self.candidates(id, query);
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

    /// The candidates of a lookup, each with its exact similarity to
    /// `query`, undecided (for [`group`], which decides over the whole set).
    fn scored(&self, id: &str, query: &Profile) -> Vec<(&str, f64)> {
        self.candidates(id, query)
            .into_iter()
            .map(|(other, p)| (other.as_str(), profile_similarity(query, p)))
            .collect()
    }

    /// The stored articles worth scoring exactly against `query` (never the
    /// entry under `id`), likeliest first: those sharing its rarest terms.
    fn candidates(&self, id: &str, query: &Profile) -> Vec<&(String, Profile)> {
        let live = self.len().max(1) as f32;
        // The profile's weights carry the background rarity; the store's own
        // counts come in as it grows, to tell what is common in this reader's news.
        let store_share = live / (live + STORE_WEIGHT_AT);
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
        let walked = terms_to_walk(terms.iter().map(|&(_, df, _)| df), live as usize);
        let mut scores: TermMap<u32, f32> = TermMap::default();
        for (weight, df, list) in terms.into_iter().take(walked) {
            let store = 1.0 + store_share * (live / df as f32).ln();
            for &slot in list.iter().filter(|&&slot| Some(slot) != own) {
                *scores.entry(slot).or_default() += weight * store;
            }
        }
        above_floor(scores.into_iter().collect())
            .into_iter()
            .filter_map(|slot| self.entries[slot as usize].as_ref())
            .filter(|(other, _)| other != id)
            .take(EXACT_CANDIDATES)
            .collect()
    }
}

/// How many of a lookup's terms to read, given how many stored articles hold
/// each (`dfs`, rarest first) and how many are stored (`live`): at most
/// [`QUERY_TERMS`]; past the [`ALWAYS_WALKED`] rarest, none held by more
/// than one article in twenty, and none once [`POSTINGS_BUDGET`] entries are
/// read. The one rule for [`StoryIndex`] and [`crate::library`] alike.
pub(crate) fn terms_to_walk(dfs: impl IntoIterator<Item = usize>, live: usize) -> usize {
    // A term in more than one stored article in twenty tells little about
    // which story this is, and reading its long list would cost the most.
    let common = (live / 20).max(20);
    let mut walked = 0;
    let mut taken = 0;
    for (k, df) in dfs.into_iter().take(QUERY_TERMS).enumerate() {
        // The rarest few are read whatever their spread: a story stored
        // many times over (wire copy on thirty sites) has only common terms.
        if k >= ALWAYS_WALKED && (df > common || walked > POSTINGS_BUDGET) {
            break;
        }
        walked += df;
        taken += 1;
    }
    taken
}

/// The rough candidates worth scoring exactly: best first (ties by key), and
/// only those scoring at least [`CANDIDATE_FLOOR`] of the best (the rest share
/// only common words). The caller takes at most [`EXACT_CANDIDATES`] of those
/// it still holds.
pub(crate) fn above_floor<K: Ord>(mut scores: Vec<(K, f32)>) -> Vec<K> {
    scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let floor = scores.first().map_or(0.0, |c| c.1 * CANDIDATE_FLOOR);
    scores.into_iter().filter(|c| c.1 >= floor).map(|(key, _)| key).collect()
}

/// Groups articles into stories, with the decision of [`decide`]: each
/// article's likeliest versions are found through a [`StoryIndex`] (so the
/// cost grows with the number of articles, not its square), and the
/// similarities found are grouped by [`cluster`]. Returns groups of indices
/// into `articles`, each group and the list in input order.
pub fn group(articles: &[Article]) -> Vec<Vec<usize>> {
    let profiles: Vec<Profile> = articles.iter().map(Profile::of).collect();
    let mut index = StoryIndex::new();
    let keys: Vec<String> = (0..articles.len()).map(|i| i.to_string()).collect();
    for (key, profile) in keys.iter().zip(&profiles) {
        index.insert_profile(key, profile.clone());
    }
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for (i, profile) in profiles.iter().enumerate() {
        for (key, similarity) in index.scored(&keys[i], profile) {
            let j: usize = key.parse().expect("keys are indices");
            // Each pair once, whichever of the two found the other.
            edges.push((i.min(j) as u32, i.max(j) as u32, similarity));
        }
    }
    edges.sort_by_key(|e| (e.0, e.1));
    edges.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
    let dates: Vec<Option<i32>> = profiles.iter().map(|p| p.published).collect();
    let labels = cluster(articles.len(), &edges, &dates);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (i, &label) in labels.iter().enumerate() {
        let g = *group_of.entry(label).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}
