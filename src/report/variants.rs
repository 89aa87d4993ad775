//! Variants: one name written two ways (transliterations, spellings).
//!
//! In: the [`Compared`] articles. Out: `variant` findings ("Sergey Lavrov" /
//! "Sergei Lavrov", "Choe Son Hui" / "Choe Sun Hui"): shown, never a
//! conflict; one per spelling pair, where it first stands.

use super::compare::Compared;
use super::differs::merge_into;
use super::{FactPair, FactType, Finding, FindingKind};
use crate::align::{self, Prepared, name_term};
use crate::hashing::{TermMap, TermSet};
use crate::model::{Article, Span};
use crate::text::{Token, TokenClass, compact};

/// Names written another way (transliterations): shown, never conflicts.
pub(crate) fn find(compared: &Compared<'_>) -> Vec<Finding> {
    let mut grouped = Vec::new();
    let here_names = distinct(name_runs(&compared.here));
    for other in &compared.others {
        let there_names = distinct(name_runs(&other.prepared));
        let by_key = names_by_key(&there_names);
        let spelled_there = Spellings::of(&there_names);
        for mine in &here_names {
            for (window, theirs, their_window) in sharing_a_key(mine, &by_key)
                .into_iter()
                .map(|t| &there_names[t])
                .filter_map(|theirs| variant_window(mine, theirs, &compared.lowercase).map(|(a, b)| (a, theirs, b)))
            {
                // The other version writes this name our way too: nothing to show.
                let my_spelling = fold_tokens(&mine.tokens[window.clone()]);
                if spelled_there.holds(&my_spelling) {
                    continue;
                }
                let here_span = tokens_span(&mine.tokens[window]);
                let there_span = tokens_span(&theirs.tokens[their_window]);
                let here_text = here_span.of(&compared.here_article().text).to_string();
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
                            kind: FactType::Name,
                            here: Some(here_text),
                            there: Some(there_text),
                            here_source: None,
                            there_source: None,
                        }],
                        wordings: vec![compared.wording(mine.sentence, other)],
                        weight: 0.0,
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

/// Each spelling once, where it first stands: a name repeated down a long
/// page is compared once (and one finding per spelling pair is all that is
/// shown anyway).
fn distinct(names: Vec<NameRun>) -> Vec<NameRun> {
    let mut seen = std::collections::HashSet::new();
    names.into_iter().filter(|n| seen.insert(n.folded.clone())).collect()
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

// How many names of a version one name key leads to at most: a key shared by
// more (a common first name down a long page) pairs only the first ones, so
// the pairs tried stay linear in the names, whatever the input.
const MAX_NAMES_PER_KEY: usize = 64;

/// For each name key, the names (indices into `names`) that hold it, at most
/// [`MAX_NAMES_PER_KEY`] each.
fn names_by_key(names: &[NameRun]) -> TermMap<u64, Vec<usize>> {
    let mut by_key: TermMap<u64, Vec<usize>> = TermMap::default();
    for (n, name) in names.iter().enumerate() {
        for key in name.keys.iter().flatten() {
            let list = by_key.entry(*key).or_default();
            if list.len() < MAX_NAMES_PER_KEY && list.last() != Some(&n) {
                list.push(n);
            }
        }
    }
    by_key
}

/// The names sharing a key with `mine`, each once, in order: the only ones
/// [`variant_window`] can pair it with (its stretch needs equal keys).
fn sharing_a_key(mine: &NameRun, by_key: &TermMap<u64, Vec<usize>>) -> Vec<usize> {
    let mut found: Vec<usize> = mine.keys.iter().flatten().filter_map(|k| by_key.get(k)).flatten().copied().collect();
    found.sort_unstable();
    found.dedup();
    found
}

// The longest run of words [`Spellings`] keeps; longer spellings (an
// all-capitals line read as one name) are looked for word by word.
const MAX_WINDOW_WORDS: usize = 6;

/// Every run of up to [`MAX_WINDOW_WORDS`] whole words of every name's
/// spelling ("sergei", "lavrov", "sergei lavrov"), and the names themselves
/// for longer spellings.
struct Spellings<'a> {
    windows: std::collections::HashSet<String>,
    names: &'a [NameRun],
}

impl<'a> Spellings<'a> {
    fn of(names: &'a [NameRun]) -> Self {
        let mut windows = std::collections::HashSet::new();
        for name in names {
            let words: Vec<&str> = name.folded.split(' ').collect();
            for start in 0..words.len() {
                for end in start + 1..=words.len().min(start + MAX_WINDOW_WORDS) {
                    windows.insert(words[start..end].join(" "));
                }
            }
        }
        Spellings { windows, names }
    }

    /// Whether `spelling` stands as whole words in one of the names.
    fn holds(&self, spelling: &str) -> bool {
        if spelling.split(' ').count() <= MAX_WINDOW_WORDS {
            return self.windows.contains(spelling);
        }
        self.names.iter().any(|name| contains_words(&name.folded, spelling))
    }
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
