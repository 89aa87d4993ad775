//! Names of people, organizations and places.
//!
//! A name is a run of capitalized words (with joining words: "Bank of
//! England", "Osama bin Laden"), not a sentence-opening common word ("The",
//! "During", "Earlier"), not a date or number already read. A run is then
//! cut and classified by general cues:
//! - titles and roles ("Foreign Minister", "Mr", "spokesman", "leader")
//!   make the words after them a **person**, and are not part of the name;
//! - organization words ("Ministry", "Institute", "Agency", "House") or a
//!   known organization ("Kremlin", "TASS"), or an all-capitals acronym,
//!   make an **organization**;
//! - a built-in list of countries, capitals and regions, or the pattern
//!   "X, Country" ("Najin, North Korea"), make a **place**; a place opening
//!   a longer run is cut off ("North Korea Sung Kim");
//! - a common given name, or saying something ("Lavrov said"), a person;
//! - anything else is a **name** of unknown kind.
//!
//! Nationality words ("Russian", "North Korean", "Western") are adjectives,
//! not names: they make no fact, so "Russian ships" never conflicts with
//! "Russia". Possessives are dropped ("Russia’s" → Russia), and so is the
//! tail of "U.K.-based" or "Moscow-backed".

use super::lexicon::{self, DEMONYMS, GIVEN_NAMES, KNOWN_ORGS, ORG_WORDS, PLACES, TITLES};
use super::{Covered, fact, name_key};
use crate::model::{Fact, FactKind};
use crate::text::{Token, TokenClass};

/// Adds the names in `sentence` to `out`, skipping words inside facts
/// already found (dates, numbers).
pub fn find(sentence: &str, tokens: &[Token], out: &mut Vec<Fact>) {
    let words = name_words(sentence, tokens, out);
    let mut segments = Vec::new();
    for run in runs(sentence, &words) {
        split_run(&words, run, &mut segments);
    }
    classify_by_context(sentence, tokens, &words, &mut segments);
    for segment in segments {
        if segment.end - segment.start == 1 && is_compass(&words[segment.start].lower) {
            continue; // "the North", "the West": too loose to compare
        }
        let first = &words[segment.start];
        let last = &words[segment.end - 1];
        let mut f = fact(segment.kind, sentence, first.start, last.end, String::new());
        f.value = name_key(&f.text);
        out.push(f);
    }
}

fn is_compass(lower: &str) -> bool {
    matches!(lower, "north" | "south" | "east" | "west")
}

/// One word as the name reader sees it.
#[derive(Debug, Clone)]
struct Word {
    /// Byte range in the sentence, possessive and "-based" tails cut off.
    start: usize,
    end: usize,
    /// Index of its token.
    token: usize,
    /// Lowercase, folded.
    lower: String,
    /// Could be part of a name: capitalized, not a date or number.
    capitalized: bool,
    /// Ends in a possessive ("Russia’s"): a name ends here.
    possessive: bool,
    /// Opens the sentence or a quotation.
    initial: bool,
    /// Every letter a capital ("RUSI", "U.K.").
    all_caps: bool,
}

/// The words of the sentence with what the name reader needs to know.
fn name_words(sentence: &str, tokens: &[Token], found: &[Fact]) -> Vec<Word> {
    let mut words = Vec::with_capacity(tokens.len());
    let found = Covered::of(found);
    let mut initial = true;
    for (index, token) in tokens.iter().enumerate() {
        let raw = token.span.of(sentence);
        if token.class == TokenClass::Punct {
            // A quotation, a dateline colon or a dash opens a new "sentence".
            initial |= matches!(raw, "“" | "\"" | ":" | "—" | "–" | "(" | "‘");
            continue;
        }
        let (trimmed, possessive) = strip_possessive(raw);
        let trimmed = strip_attached_tail(trimmed);
        let start = token.span.start;
        let end = start + trimmed.len();
        let capitalized = trimmed.chars().next().is_some_and(char::is_uppercase)
            && token.class != TokenClass::Number
            && !found.overlaps(start, end);
        words.push(Word {
            start,
            end,
            token: index,
            lower: fold_fast(trimmed),
            capitalized,
            possessive,
            initial,
            all_caps: trimmed.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase),
        });
        initial = false;
    }
    words
}

/// Lowercase and folded; ASCII words (most) skip the Unicode decomposition.
fn fold_fast(word: &str) -> String {
    if word.is_ascii() { word.to_ascii_lowercase() } else { crate::text::fold(word) }
}

/// "Russia’s" → ("Russia", true); also the mojibake "Russiaâs".
fn strip_possessive(raw: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "âs", "’", "'"] {
        if let Some(base) = raw.strip_suffix(suffix) {
            if base.chars().count() > 1 {
                return (base, true);
            }
        }
    }
    (raw, false)
}

/// "Moscow-based" → "Moscow", "Russian-flagged" → "Russian": a place or
/// nationality with a lowercase word hyphened on. "Jong-un" stays whole.
fn strip_attached_tail(raw: &str) -> &str {
    let Some((head, tail)) = raw.split_once('-') else {
        return raw;
    };
    let head_lower = head.to_lowercase();
    let known = lexicon::has(PLACES, &head_lower) || lexicon::has(DEMONYMS, &head_lower);
    if known && tail.chars().next().is_some_and(char::is_lowercase) { head } else { raw }
}

/// Whether a capitalized word can stand in a name at all.
fn can_name(word: &Word) -> bool {
    if !word.capitalized {
        return false;
    }
    let lower = word.lower.as_str();
    if lexicon::has(TITLES, lower) {
        return true;
    }
    if lexicon::has(lexicon::CALENDAR_WORDS, lower) {
        return false; // "Sept. 31" is no date, but no name either
    }
    if crate::text::is_stopword(lower) && !lexicon::has(PLACES, lower) {
        return false; // "The", "In", "He"
    }
    if word.initial && is_common_opening(lower) {
        return false;
    }
    true
}

/// A common word that opens a sentence: "During", "Shortly", "Hiring".
fn is_common_opening(lower: &str) -> bool {
    lexicon::has(lexicon::COMMON_INITIALS, lower)
        || (lower.len() > 4 && (lower.ends_with("ly") || lower.ends_with("ing")))
}

/// Runs of name words, as ranges of word indices: adjacent (only spaces,
/// or a "." after a title, between them), joined by connectors.
fn runs(sentence: &str, words: &[Word]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !can_name(&words[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < words.len() && !words[end - 1].possessive {
            let gap = &sentence[words[end - 1].end..words[end].start];
            if !is_gap(gap, &words[end - 1]) {
                break;
            }
            if can_name(&words[end]) && !words[end].initial {
                end += 1;
            } else if joins(words, start, end) {
                end += 2;
            } else {
                break;
            }
        }
        runs.push(start..end);
        i = end;
    }
    runs
}

/// Only spaces between two words of a name (or "Mr. " / "U.S. ").
fn is_gap(gap: &str, before: &Word) -> bool {
    gap.chars().all(char::is_whitespace) && !gap.is_empty()
        || (gap.trim() == "." && lexicon::has(TITLES, &before.lower))
}

/// A connector at `end` joining the run to a capitalized word after it:
/// "bin", "al", "de" anywhere; "of" after an organization or place word
/// ("Bank of England", "Republic of Korea").
fn joins(words: &[Word], start: usize, end: usize) -> bool {
    let (Some(connector), Some(next)) = (words.get(end), words.get(end + 1)) else {
        return false;
    };
    if connector.capitalized || !lexicon::has(lexicon::NAME_CONNECTORS, &connector.lower) || !can_name(next) {
        return false;
    }
    if connector.lower == "of" {
        let head = &words[end - 1].lower;
        return end > start
            && (lexicon::has(ORG_WORDS, head)
                || matches!(
                    head.as_str(),
                    "republic"
                        | "kingdom"
                        | "gulf"
                        | "sea"
                        | "bay"
                        | "island"
                        | "islands"
                        | "city"
                        | "province"
                        | "region"
                        | "state"
                        | "states"
                ));
    }
    true
}

/// One classified part of a run: word indices and kind.
#[derive(Debug, Clone)]
struct Segment {
    start: usize,
    end: usize,
    kind: FactKind,
    /// Set by a cue (a title) rather than guessed: not reclassified.
    sure: bool,
}

/// Cuts a run at titles, leading places and nationalities, and classifies
/// the pieces.
fn split_run(words: &[Word], run: std::ops::Range<usize>, out: &mut Vec<Segment>) {
    let lower = |i: usize| words[i].lower.as_str();
    // A title in the run: the words after the last one are a person's name.
    if let Some(title) = (run.start..run.end).rev().find(|&i| lexicon::has(TITLES, lower(i))) {
        let has_org = (run.start..run.end).any(|i| lexicon::has(ORG_WORDS, lower(i)));
        if !has_org || title + 1 < run.end {
            let mut chain = title;
            while chain > run.start && is_title_part(lower(chain - 1)) {
                chain -= 1;
            }
            if chain > run.start {
                classify_plain(words, run.start..chain, out);
            }
            if title + 1 < run.end {
                out.push(Segment { start: title + 1, end: run.end, kind: FactKind::Person, sure: true });
            }
            return;
        }
    }
    classify_plain(words, run, out);
}

fn is_title_part(lower: &str) -> bool {
    lexicon::has(TITLES, lower) || lexicon::has(lexicon::TITLE_MODIFIERS, lower)
}

/// A run without titles: nationalities and a leading place cut off, then
/// classified by what it holds.
fn classify_plain(words: &[Word], run: std::ops::Range<usize>, out: &mut Vec<Segment>) {
    let mut start = run.start;
    let end = run.end;
    let has_org = (start..end).any(|i| lexicon::has(ORG_WORDS, &words[i].lower));
    if has_org {
        // "Korean Central News Agency", "Royal United Services Institute".
        out.push(Segment { start, end, kind: FactKind::Organization, sure: true });
        return;
    }
    // "North Korean" opening a run is an adjective: drop it.
    while start < end {
        match phrase_at(words, start, end, DEMONYMS) {
            Some(len) => start += len,
            None => break,
        }
    }
    // Leading title modifiers left without a title ("State Antony Blinken").
    while start + 1 < end && lexicon::has(lexicon::TITLE_MODIFIERS, &words[start].lower) {
        start += 1;
    }
    if start >= end {
        return;
    }
    if let Some(len) = phrase_at(words, start, end, PLACES) {
        out.push(Segment { start, end: start + len, kind: FactKind::Place, sure: true });
        if start + len < end {
            classify_plain(words, start + len..end, out);
        }
        return;
    }
    let kind = kind_of(words, start, end);
    out.push(Segment { start, end, kind, sure: kind != FactKind::Name });
}

/// The kind of a run with no title, organization word or leading place.
fn kind_of(words: &[Word], start: usize, end: usize) -> FactKind {
    let joined = joined_lower(words, start, end);
    if lexicon::has(KNOWN_ORGS, &joined) {
        return FactKind::Organization;
    }
    if end - start == 1 && is_acronym(&words[start], &joined) {
        return FactKind::Organization;
    }
    if lexicon::has(GIVEN_NAMES, &words[start].lower) && end - start > 1 {
        return FactKind::Person;
    }
    FactKind::Name
}

/// "RUSI", "NATO": two to six capitals, no digits.
fn is_acronym(word: &Word, lower: &str) -> bool {
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && lower.chars().all(|c| c.is_alphabetic() || c == '.')
        && word.all_caps
        && !lexicon::has(PLACES, lower)
}

fn joined_lower(words: &[Word], start: usize, end: usize) -> String {
    let mut joined = String::new();
    for word in &words[start..end] {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&word.lower);
    }
    joined
}

/// The length in words of the longest entry of `list` starting at `start`.
fn phrase_at(words: &[Word], start: usize, end: usize, list: &[&str]) -> Option<usize> {
    (1..=3.min(end - start)).rev().find(|&len| lexicon::has(list, &joined_lower(words, start, start + len)))
}

/// Cues from around a name: a role word before it ("spokesman John
/// Kirby", "leader Kim"), "X, Country" for places, a verb of saying for
/// people, and a surname repeating a person named before.
fn classify_by_context(sentence: &str, tokens: &[Token], words: &[Word], segments: &mut [Segment]) {
    for s in 0..segments.len() {
        let segment = &segments[s];
        if segment.sure && segment.kind != FactKind::Name {
            continue;
        }
        let before = segment.start.checked_sub(1).map(|i| &words[i]);
        let role_before = before.is_some_and(|w| {
            !w.capitalized && lexicon::has(TITLES, &w.lower) && w.end + 1 == words[segment.start].start
        });
        let kind = if role_before {
            FactKind::Person
        } else if followed_by_place(sentence, words, segments, s) {
            FactKind::Place
        } else if says(tokens, words, segment) {
            FactKind::Person
        } else {
            segment.kind
        };
        segments[s].kind = kind;
    }
    // "Lavrov" after "Sergey Lavrov" in the same sentence.
    let persons: Vec<String> =
        segments.iter().filter(|s| s.kind == FactKind::Person).map(|s| words[s.end - 1].lower.clone()).collect();
    for segment in segments.iter_mut().filter(|s| s.kind == FactKind::Name && s.end - s.start == 1) {
        if persons.contains(&words[segment.start].lower) {
            segment.kind = FactKind::Person;
        }
    }
}

/// "Najin, North Korea": the segment is followed by a comma and a place.
fn followed_by_place(sentence: &str, words: &[Word], segments: &[Segment], s: usize) -> bool {
    let Some(next) = segments.get(s + 1) else {
        return false;
    };
    let gap = &sentence[words[segments[s].end - 1].end..words[next.start].start];
    next.kind == FactKind::Place
        && gap.trim() == ","
        && next.start == segments[s].end
        && !words[next.end - 1].possessive
}

/// The segment is the subject of a verb of saying ("Peskov said") or follows
/// one ("said Peskov").
fn says(tokens: &[Token], words: &[Word], segment: &Segment) -> bool {
    let after = words[segment.end - 1].token + 1;
    let before = words[segment.start].token;
    let verb_after = tokens.get(after).is_some_and(|t| lexicon::has(lexicon::SAY_VERBS, &t.norm));
    let verb_before = before.checked_sub(1).is_some_and(|i| matches!(tokens[i].norm.as_str(), "said" | "says"));
    (verb_after || verb_before) && !lexicon::has(KNOWN_ORGS, &words[segment.start].lower)
}
