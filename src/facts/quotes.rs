//! Quotations and attributions.
//!
//! A quote is the text between “ and ” (or a pair of straight quotes), a
//! single word too ("historic"). A quote left open runs to the sentence's
//! end, and a closing mark with no opening one closes a quote begun at the
//! sentence's start: the sentence splitter may cut a long quotation. Its
//! value is its words folded (lowercase, no diacritics or punctuation).
//!
//! An attribution says whose claim the sentence carries: "according to X"
//! (text as written after "to", "the White House"), or the subject of a
//! verb of saying ("The White House said Friday" → White House, "the RUSI
//! report said" → RUSI report, "TASS reported" → TASS, "said Peskov").
//! Pronouns ("he said") attribute nothing. A quote's speaker is the
//! attribution before it, else the one after it, else "according to",
//! else the first person named before it.

use super::lexicon::{self, PRONOUNS, SAY_VERBS};
use super::{fact, name_key};
use crate::model::{Fact, FactKind};
use crate::patterns::FACT_ACCORDING_TO;
use crate::text::{Token, TokenClass};

/// Adds quotes and attributions to `out`, reading names already in it.
pub fn find(sentence: &str, tokens: &[Token], out: &mut Vec<Fact>) {
    let mut attributions = Vec::new();
    said_attributions(sentence, tokens, out, &mut attributions);
    according_to(sentence, &mut attributions);
    let quotes = quotes(sentence);
    for quote in quotes {
        let speaker = speaker_for(sentence, &quote, &attributions, out);
        let mut f = quote;
        f.speaker = speaker;
        out.push(f);
    }
    out.extend(attributions);
}

// ---- quotes ------------------------------------------------------------------

/// The quotations in `sentence`, speakers not yet known.
fn quotes(sentence: &str) -> Vec<Fact> {
    let mut found = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (at, c) in sentence.char_indices() {
        match (c, open) {
            ('“', None) => open = Some((at + c.len_utf8(), c)),
            ('"', None) => open = Some((at + 1, c)),
            ('”', Some((start, '“'))) | ('"', Some((start, '"'))) => {
                push_quote(sentence, start, at, 1, &mut found);
                open = None;
            }
            // A closing mark before any opening one: a quote begun earlier.
            ('”', None) if found.is_empty() => push_quote(sentence, 0, at, 2, &mut found),
            _ => {}
        }
    }
    if let Some((start, _)) = open {
        push_quote(sentence, start, sentence.len(), 2, &mut found);
    }
    found
}

/// Adds the quote between bytes `start` and `end`, trimmed, if it has at
/// least `min_words` words.
fn push_quote(sentence: &str, start: usize, end: usize, min_words: usize, out: &mut Vec<Fact>) {
    let inner = &sentence[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim().trim_end_matches([',', '.', ';', ':', '!', '?', '“', '”', '"', ' ']);
    let value = fold_words(trimmed);
    if value.is_empty() || value.split(' ').count() < min_words {
        return;
    }
    let start = start + lead;
    out.push(fact(FactKind::Quote, sentence, start, start + trimmed.len(), value));
}

/// Lowercase words without diacritics or punctuation, one space apart.
pub fn fold_words(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\u{300}'..='\u{36f}' | '\'' | '’') {
            space = true;
        }
    }
    out
}

// ---- attributions --------------------------------------------------------------

/// "X said", "said X": attributions to the subject of a verb of saying.
fn said_attributions(sentence: &str, tokens: &[Token], found: &[Fact], out: &mut Vec<Fact>) {
    for (i, token) in tokens.iter().enumerate() {
        if !lexicon::has(SAY_VERBS, &token.norm) {
            continue;
        }
        let subject = subject_before(sentence, tokens, found, i).or_else(|| subject_after(tokens, found, i));
        if let Some((start, end)) = subject {
            let mut f = attribution(sentence, start, end);
            f.qualifier = Some(token.norm.clone());
            out.push(f);
        }
    }
}

fn attribution(sentence: &str, start: usize, end: usize) -> Fact {
    let mut f = fact(FactKind::Attribution, sentence, start, end, String::new());
    let who = strip_article(&f.text);
    f.value = name_key(who);
    f.speaker = Some(who.to_string());
    f
}

/// "the White House" → "White House".
fn strip_article(text: &str) -> &str {
    for article in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = text.strip_prefix(article) {
            return rest;
        }
    }
    text
}

/// The subject before the verb at `verb`: a name ending there, or a short
/// noun phrase ("RUSI report", "South Korean officials"). Times and adverbs
/// between are skipped ("said Friday", "on Tuesday said", "also said").
fn subject_before(sentence: &str, tokens: &[Token], found: &[Fact], verb: usize) -> Option<(usize, usize)> {
    let mut k = verb;
    while k > 0 {
        let t = &tokens[k - 1];
        let is_time =
            found.iter().any(|f| f.kind == FactKind::Date && f.span.start <= t.span.start && t.span.end <= f.span.end);
        if is_time
            || matches!(
                t.norm.as_str(),
                "on" | "also" | "again" | "later" | "earlier" | "previously" | "had" | "has" | "have" | "was"
                    | "first" | "then" | "now" | "still" | "just" | "soon" | "once"
            )
            // "at first", "at once": an adverb of two words.
            || (k < verb && t.norm == "at" && matches!(tokens[k].norm.as_str(), "first" | "once"))
            || (t.norm.ends_with("ly") && t.norm.len() > 4)
        {
            k -= 1;
        } else {
            break;
        }
    }
    let last = tokens.get(k.checked_sub(1)?)?;
    if lexicon::has(PRONOUNS, &last.norm) || last.class != TokenClass::Content {
        return None;
    }
    if let Some(name) = name_ending_at(found, last.span.end) {
        return Some((name.span.start, name.span.end));
    }
    // A short noun phrase: content words back to a function word.
    let mut first = k - 1;
    while first > 0 && k - first < 4 {
        let t = &tokens[first - 1];
        if t.class != TokenClass::Content
            || lexicon::has(SAY_VERBS, &t.norm)
            || !sentence[t.span.end..tokens[first].span.start].chars().all(char::is_whitespace)
        {
            break;
        }
        first -= 1;
    }
    Some((tokens[first].span.start, last.span.end))
}

/// ", said Peskov", "said the ministry": a name right after the verb when
/// nothing stands before it.
fn subject_after(tokens: &[Token], found: &[Fact], verb: usize) -> Option<(usize, usize)> {
    let before_is_boundary = verb == 0 || tokens[verb - 1].class == TokenClass::Punct;
    if !before_is_boundary {
        return None;
    }
    let mut k = verb + 1;
    if tokens.get(k).is_some_and(|t| t.norm == "the") {
        k += 1;
    }
    let next = tokens.get(k)?;
    found
        .iter()
        .find(|f| is_name(f.kind) && f.span.start <= next.span.start && next.span.start < f.span.end)
        .map(|f| (f.span.start, f.span.end))
}

fn is_name(kind: FactKind) -> bool {
    matches!(kind, FactKind::Person | FactKind::Organization | FactKind::Place | FactKind::Name)
}

fn name_ending_at(found: &[Fact], end: usize) -> Option<&Fact> {
    found.iter().find(|f| is_name(f.kind) && f.span.end == end)
}

/// "according to the White House": the words after "to", to the next
/// punctuation, at most eight.
fn according_to(sentence: &str, out: &mut Vec<Fact>) {
    for m in FACT_ACCORDING_TO.find_iter(sentence) {
        let rest = &sentence[m.end()..];
        let mut end = rest.find([',', '.', ';', ':', '!', '?', '“', '”', '"', '(', ')']).unwrap_or(rest.len());
        // ".": not the dot of "U.S." or "Mr.".
        while let Some(dot) = rest[end..].strip_prefix('.') {
            if dot.starts_with(char::is_alphabetic) {
                end += 1 + dot.find([',', '.', ';', ':', '!', '?', '“', '”', '"', '(', ')']).unwrap_or(dot.len());
            } else {
                break;
            }
        }
        let phrase = &rest[..end];
        let mut words_end = 0;
        for (count, (at, word)) in
            phrase.split_whitespace().map(|w| (w.as_ptr() as usize - phrase.as_ptr() as usize, w)).enumerate()
        {
            if count >= 8 {
                break;
            }
            words_end = at + word.len();
        }
        let phrase = phrase[..words_end].trim_end();
        if !phrase.is_empty() {
            let start = m.end();
            let mut f = attribution(sentence, start, start + phrase.len());
            f.qualifier = Some("according to".into());
            out.push(f);
        }
    }
}

// ---- speakers --------------------------------------------------------------------

/// Who says `quote`: see the module docs.
fn speaker_for(sentence: &str, quote: &Fact, attributions: &[Fact], found: &[Fact]) -> Option<String> {
    let said = |f: &&Fact| !f.text.is_empty() && !is_according(f);
    let before = attributions.iter().filter(said).filter(|f| f.span.end <= quote.span.start).max_by_key(|f| f.span.end);
    // After the quote only when it follows at once: `,” Mr Lavrov said`.
    let after = attributions
        .iter()
        .filter(said)
        .filter(|f| f.span.start >= quote.span.end)
        .min_by_key(|f| f.span.start)
        .filter(|f| directly_after(sentence, quote, f));
    if let Some(f) = before.or(after) {
        return f.speaker.clone();
    }
    let named_before =
        found.iter().filter(|f| f.span.end <= quote.span.start).find(|f| f.kind == FactKind::Person).or_else(|| {
            found
                .iter()
                .filter(|f| f.span.end <= quote.span.start)
                .find(|f| matches!(f.kind, FactKind::Name | FactKind::Organization))
        });
    named_before
        .map(|f| f.text.clone())
        .or_else(|| attributions.iter().find(|f| is_according(f)).and_then(|f| f.speaker.clone()))
}

/// Only quote marks, punctuation, a title or "said" between the quote and
/// the attribution.
fn directly_after(sentence: &str, quote: &Fact, attribution: &Fact) -> bool {
    let gap = sentence.get(quote.span.end..attribution.span.start).unwrap_or("x");
    gap.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| w == "said" || w == "says" || w == "the" || lexicon::has(lexicon::TITLES, &w.to_lowercase()))
}

/// Whether the attribution came from "according to" (its value is kept
/// for the last resort).
fn is_according(f: &Fact) -> bool {
    f.qualifier.as_deref() == Some("according to")
}
