//! Quotes: one statement quoted differently (a misquote).
//!
//! In: the [`Compared`] articles. Out: `differs` findings of type `quote`
//! (or `number`, `date`, `name` when that is what changed inside the quote).
//! Two quotes are one statement only when most of the shorter one's content
//! words stand in the longer one in the same order ([`same_statement`]),
//! and their speakers agree (the same person, or one side names none): two
//! statements, or two speakers, are never a conflict.

use super::compare::{Compared, same_source};
use super::differs::{fact_type, merge_into};
use super::{FactPair, FactType, Finding, FindingKind};
use crate::model::{Article, Fact, FactKind, Span};

/// The content words two quotes must share, in order, to be one statement:
/// more than this share of each one's (of the longer's too, unless their
/// sentences are restated: a short quote
/// whose words a long one also uses is another statement on the same
/// subject, "I'm hosting the #Oscars" / "I am so excited to be hosting the
/// Oscars for the second time"), and at least [`MIN_SHARED_WORDS`].
const SAME_STATEMENT_SHARE: f64 = 0.5;
const MIN_SHARED_WORDS: usize = 2;

/// Of the longer quote's content words, the share two quotes in one
/// context must share: a phrase quoted from a longer statement shares
/// little of it, a phrase and a speech on the same subject less still.
const IN_CONTEXT_SHARE: f64 = 1.0 / 3.0;

/// Quotes of the current article compared, at most: the pairing is
/// quadratic, and a page of more quotes is a list of them.
const MAX_QUOTES: usize = 2000;

/// A quote of an article, read for comparing.
struct Quote<'a> {
    sentence: usize,
    fact: &'a Fact,
    /// Its content-word stems, in order.
    words: Vec<String>,
    /// The content words of its sentence outside it, sorted, without the
    /// speaker's and verbs of reporting: its context.
    context: Vec<String>,
}

fn quotes_of(article: &Article) -> Vec<Quote<'_>> {
    article
        .sentences
        .iter()
        .enumerate()
        .flat_map(|(s, sentence)| sentence.facts.iter().map(move |f| (s, f)))
        .filter(|(_, f)| f.kind == FactKind::Quote)
        .map(|(sentence, fact)| Quote {
            sentence,
            fact,
            words: content_words(&fact.text),
            context: context_words(article, sentence, fact),
        })
        .collect()
}

/// The content-word stems of a quote, in order. Words in square brackets
/// are the editor's, put in to make the excerpt read ("the purposes of the
/// [Endangered Species Act]"), not the speaker's.
fn content_words(quote: &str) -> Vec<String> {
    use crate::text::TokenClass;
    let spoken = without_brackets(quote);
    crate::text::tokenize(&spoken)
        .into_iter()
        .filter_map(|t| {
            // "couldn't" and "could not" say one thing: a negation, kept as such.
            if crate::text::is_negation(&t.norm) {
                return Some(NEGATION.to_string());
            }
            if !t.is_content() || (t.norm.chars().count() <= 1 && t.class != TokenClass::Number) {
                return None;
            }
            // "I'd", "I ‘d", "we've": the word before the apostrophe decides.
            let head = t.norm.split(['\'', '’', '‘']).next().unwrap_or("");
            if t.class != TokenClass::Number && (head.chars().count() <= 1 || crate::text::is_stopword(head)) {
                return None;
            }
            // The minutes of a time on the hour ("6 : 00 p.m." / "6 p.m.").
            if t.class == TokenClass::Number && t.norm == "00" {
                return None;
            }
            // What a contraction split off ("We ’ ll") is no word of its own.
            if matches!(t.norm.as_str(), "ll" | "re" | "ve" | "nt" | "s" | "d" | "m" | "t") {
                return None;
            }
            // "two" and "2" are one word; "eleventh" and "11th" too.
            Some(if let Some(n) = crate::facts::numbers::cardinal_word(&t.norm) {
                n.to_string()
            } else if let Some(n) = crate::facts::numbers::ordinal_word(&t.norm) {
                format!("{n}th")
            } else if t.stem.is_empty() {
                t.norm
            } else {
                t.stem
            })
        })
        .collect()
}

/// `quote` without what stands in square brackets or parentheses: inside a
/// quote both are the editor's ("We appreciate your respect to her (Tara
/// Reid) and her family's privacy").
fn without_brackets(quote: &str) -> std::borrow::Cow<'_, str> {
    if !quote.contains(['[', '(']) {
        return std::borrow::Cow::Borrowed(quote);
    }
    let mut depth = 0usize;
    let spoken: String = quote
        .chars()
        .map(|c| {
            match c {
                '[' | '(' => depth += 1,
                ']' | ')' => {
                    depth = depth.saturating_sub(1);
                    return ' ';
                }
                _ => {}
            }
            if depth > 0 { ' ' } else { c }
        })
        .collect();
    std::borrow::Cow::Owned(spoken)
}

/// Whether two quotes of sentences aligned as one are one statement
/// worded differently, not an excerpt of it nor another statement.
pub(crate) fn misquoted(a: &Fact, b: &Fact) -> bool {
    let (a, b) = (content_words(&a.text), content_words(&b.text));
    same_statement(&a, &b, true).is_some() && !excerpts_of_one(&a, &b)
}

/// The word a negation stands for in a quote's words.
const NEGATION: &str = "not";

/// Whether two quotes say the same words, however written ("you two" /
/// "you 2", curly or straight marks, spacing).
pub(crate) fn same_words_quoted(a: &Fact, b: &Fact) -> bool {
    if a.value == b.value {
        return true;
    }
    let (words_a, words_b) = (content_words(&a.text), content_words(&b.text));
    words_a == words_b
        || content_words(&spelled_as_initials(&a.text, &b.text)) == words_b
        || content_words(&spelled_as_initials(&b.text, &a.text)) == words_a
}

/// `quote` with each run of capitalized words that an abbreviation of
/// `other` spells ([`crate::text::abbreviates`]) written as that
/// abbreviation: "all Internet Explorer customers" against "all IE
/// customers" reads "all IE customers" (an abbreviation is no misquote).
fn spelled_as_initials(quote: &str, other: &str) -> String {
    let abbreviations: Vec<&str> =
        other.split(|c: char| !c.is_alphanumeric()).filter(|w| crate::text::is_abbreviation(w)).collect();
    if abbreviations.is_empty() {
        return quote.to_string();
    }
    let capitalized: Vec<Span> = crate::text::tokenize(quote)
        .into_iter()
        .filter(|t| t.span.of(quote).starts_with(char::is_uppercase))
        .map(|t| t.span)
        .collect();
    let mut out = String::with_capacity(quote.len());
    let mut at = 0;
    let mut i = 0;
    while i < capitalized.len() {
        let found = abbreviations.iter().find_map(|short| {
            let run = capitalized.get(i..i + short.chars().count())?;
            let words = Span::new(run.first()?.start, run.last()?.end);
            // The words follow one another, a space or so apart.
            let adjacent = run.windows(2).all(|w| quote[w[0].end..w[1].start].trim().is_empty());
            (adjacent && crate::text::abbreviates(short, words.of(quote))).then_some((*short, words, run.len()))
        });
        let Some((short, words, n)) = found else {
            i += 1;
            continue;
        };
        out.push_str(&quote[at..words.start]);
        out.push_str(short);
        at = words.end;
        i += n;
    }
    out.push_str(&quote[at..]);
    out
}

/// Quotes longer than this many words are compared on their first words:
/// the common-subsequence tables are quadratic.
const MAX_WORDS: usize = 200;

/// The length of the longest common subsequence of two word lists, bounded
/// at [`MAX_WORDS`].
fn common_in_order(a: &[String], b: &[String]) -> usize {
    let (a, b) = (&a[..a.len().min(MAX_WORDS)], &b[..b.len().min(MAX_WORDS)]);
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { row[j + 1].max(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Where a longest common subsequence of two word lists takes its words.
struct Matched {
    /// The first shared word's index in each list.
    first: (usize, usize),
    /// The last one's.
    last: (usize, usize),
    /// How many they share.
    count: usize,
}

/// Where a longest common subsequence of two word lists (bounded as
/// [`common_in_order`]) takes its words, or None when they share none.
fn matched_range(a: &[String], b: &[String]) -> Option<Matched> {
    let (a, b) = (&a[..a.len().min(MAX_WORDS)], &b[..b.len().min(MAX_WORDS)]);
    let width = b.len() + 1;
    let mut table = vec![0u16; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut first, mut last, mut count) = (None, (0, 0), 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            first.get_or_insert((i, j));
            last = (i, j);
            count += 1;
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    first.map(|first| Matched { first, last, count })
}

/// Whether two quotes are two excerpts of one statement that overlap, not
/// one statement worded differently: the words they share stand in one
/// unbroken run on each side, and at each end only one of them goes on
/// ("It was a funny game, we were completing some passes but we were down
/// 14-0" / "We were completing some passes, but were down 14-0. So that
/// dominated our thoughts"). A word put for another at an end ("will cost
/// 5" / "will cost 7") is a change: both go on there.
fn overlapping_excerpts(a: &[String], b: &[String]) -> bool {
    let Some(Matched { first: (first_a, first_b), last: (last_a, last_b), count }) = matched_range(a, b) else {
        return false;
    };
    let unbroken = last_a - first_a + 1 == count && last_b - first_b + 1 == count;
    let one_goes_on_before = first_a == 0 || first_b == 0;
    let one_goes_on_after = last_a + 1 == a.len().min(MAX_WORDS) || last_b + 1 == b.len().min(MAX_WORDS);
    unbroken && one_goes_on_before && one_goes_on_after
}

/// Whether two quotes' words differ only in where a negation stands, or in
/// where the excerpts begin and end: "I didn't feel we were executing" / "I
/// feel we weren't executing" says one thing; a negation more or less on one
/// side is a change.
fn excerpts_of_one(a: &[String], b: &[String]) -> bool {
    let is_negation = |w: &&String| w.as_str() == NEGATION;
    if a.iter().filter(is_negation).count() != b.iter().filter(is_negation).count() {
        return false;
    }
    let plain = |words: &[String]| words.iter().filter(|w| w.as_str() != NEGATION).cloned().collect::<Vec<_>>();
    let (a, b) = (plain(a), plain(b));
    let shorter = a.len().min(b.len());
    a == b || common_in_order(&a, &b) == shorter || overlapping_excerpts(&a, &b)
}

/// Whether two quotes are one statement worded differently: more than half
/// of each one's content words (and at least two) in the same order in the
/// other, yet not all of the shorter one's (an excerpt is no misquote).
/// The pair it likes best may still be two excerpts that overlap, or one
/// wording with a negation moved ([`excerpts_of_one`]): no misquote either.
/// When the sentences around them are `restated` (one statement reported
/// by both), more than [`IN_CONTEXT_SHARE`] of the longer one's is enough:
/// a phrase quoted inside reported speech ("firm and lasting support") is
/// short.
/// Returns how many are shared.
pub(crate) fn same_statement(a: &[String], b: &[String], restated: bool) -> Option<usize> {
    let (shorter, longer) = (a.len().min(b.len()), a.len().max(b.len()));
    let shared = common_in_order(a, b);
    let of_longer = if restated { IN_CONTEXT_SHARE } else { SAME_STATEMENT_SHARE };
    (shared >= MIN_SHARED_WORDS
        && shared as f64 > SAME_STATEMENT_SHARE * shorter as f64
        && shared as f64 > of_longer * longer as f64
        && shared < shorter)
        .then_some(shared)
}

/// Content words a quote's sentence must share with the other's, outside
/// both quotes, for the two to stand in one context.
const SHARED_CONTEXT_WORDS: usize = 2;

/// The content words of a quote's sentence outside the quote, sorted,
/// without the speaker's and verbs of reporting.
fn context_words(article: &Article, sentence: usize, quote: &Fact) -> Vec<String> {
    let sentence = &article.sentences[sentence];
    let text = sentence.span.of(&article.text);
    let (start, end) = (
        quote.span.start.saturating_sub(sentence.span.start).min(text.len()),
        quote.span.end.saturating_sub(sentence.span.start).min(text.len()),
    );
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else { return Vec::new() };
    let speaker = quote.speaker.as_deref().map(content_words).unwrap_or_default();
    let mut words: Vec<String> = content_words(before)
        .into_iter()
        .chain(content_words(after))
        .filter(|w| !speaker.contains(w) && !super::compare::is_reporting(w))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Whether two quotes stand in one context: their sentences, outside the
/// quotes, share [`SHARED_CONTEXT_WORDS`] content words that are neither the
/// speaker nor a verb of reporting (the same places and parties around a
/// phrase each report quotes): one statement reported by both, quoted as a
/// phrase.
fn same_context(mine: &Quote<'_>, theirs: &Quote<'_>) -> bool {
    mine.context.iter().filter(|w| theirs.context.binary_search(w).is_ok()).count() >= SHARED_CONTEXT_WORDS
}

/// What changed inside two quotes of one statement: a number, a date or a
/// name when one of those differs, else the wording.
fn changed_inside(here: &Article, mine: &Quote<'_>, there: &Article, theirs: &Quote<'_>) -> FactType {
    let inside = |article: &'_ Article, quote: &Quote<'_>| -> Vec<Fact> {
        article.sentences[quote.sentence]
            .facts
            .iter()
            .filter(|f| {
                f.kind != FactKind::Quote
                    && f.kind != FactKind::Attribution
                    && quote.fact.span.start <= f.span.start
                    && f.span.end <= quote.fact.span.end
            })
            .cloned()
            .collect()
    };
    let (a, b) = (inside(here, mine), inside(there, theirs));
    // Only a value one quote alone gives is changed: "Europe" and "Germany"
    // in both quotes are kept, not one put for the other.
    use crate::facts::gives_value;
    a.iter()
        .filter(|f| !gives_value(&b, f))
        .find_map(|f| {
            b.iter()
                .filter(|g| !gives_value(&a, g))
                .find(|g| g.kind == f.kind && crate::facts::conflicts(f, g))
                .map(|_| fact_type(f.kind))
        })
        .unwrap_or(FactType::Quote)
}

pub(crate) fn find(compared: &Compared<'_>) -> Vec<Finding> {
    let here_article = compared.here_article();
    let mine: Vec<Quote<'_>> = quotes_of(here_article).into_iter().take(MAX_QUOTES).collect();
    let mut grouped = Vec::new();
    for other in &compared.others {
        let article = other.article();
        // Each of their quotes once: a quote repeated down a long page is
        // one candidate.
        let mut seen = std::collections::HashSet::new();
        let theirs: Vec<Quote<'_>> = quotes_of(article).into_iter().filter(|q| seen.insert(q.words.clone())).collect();
        // A quote both versions give word for word is no changed wording of
        // another one: only quotes without their twin on the other side pair up.
        let twin = |a: &Quote<'_>, b: &Quote<'_>| a.fact.value == b.fact.value || a.words == b.words;
        let unmatched_theirs: Vec<&Quote<'_>> = theirs.iter().filter(|t| !mine.iter().any(|m| twin(m, t))).collect();
        for quote in mine.iter().filter(|m| !theirs.iter().any(|t| twin(m, t))) {
            let Some((_, there)) = unmatched_theirs
                .iter()
                .filter(|t| same_source(quote.fact.speaker.as_deref(), t.fact.speaker.as_deref()))
                .filter_map(|t| {
                    let restated = other.forward[quote.sentence].is_some_and(|(linked, _)| linked == t.sentence)
                        || same_context(quote, t);
                    same_statement(&quote.words, &t.words, restated).map(|shared| (shared, *t))
                })
                .max_by_key(|(shared, _)| *shared)
            else {
                continue;
            };
            // Its best match overlaps it as an excerpt: it is quoted, not misquoted.
            if excerpts_of_one(&quote.words, &there.words) {
                continue;
            }
            // An edited sentence's own word changes tell it, typed.
            let s = quote.sentence;
            if other.forward[s].is_some_and(|(linked, _)| linked == there.sentence)
                && other.forward_diffs[s].as_ref().is_some_and(|d| d.revision)
            {
                continue;
            }
            let finding = Finding {
                kind: FindingKind::Differs,
                version: Some(article.id.clone()),
                versions: vec![article.id.clone()],
                here: Some(quote.fact.text.clone()),
                here_span: Some(quote.fact.span),
                sentence: Some(s),
                there: Some(there.fact.text.clone()),
                after: None,
                facts: vec![FactPair {
                    kind: changed_inside(here_article, quote, article, there),
                    here: Some(quote.fact.text.clone()),
                    there: Some(there.fact.text.clone()),
                    here_source: quote.fact.speaker.clone(),
                    there_source: there.fact.speaker.clone(),
                }],
                wordings: vec![compared.unlinked_wording(s, other, there.sentence)],
                weight: 0.0,
            };
            merge_into(&mut grouped, finding);
        }
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::{content_words, excerpts_of_one};

    fn excerpts(a: &str, b: &str) -> bool {
        excerpts_of_one(&content_words(a), &content_words(b))
    }

    #[test]
    fn overlapping_excerpts_and_a_moved_negation_are_one_wording() {
        assert!(excerpts(
            "It was a strange night, we were winning the rebounds but we were down twenty",
            "We were winning the rebounds, but were down twenty. That decided everything"
        ));
        assert!(excerpts(
            "I didn't feel we were playing the defence we wanted",
            "I feel we weren't playing the defence that we want"
        ));
    }

    #[test]
    fn words_in_parentheses_inside_a_quote_are_the_editors() {
        let words = content_words("We appreciate your respect for her (Mara Lind) and her family");
        assert!(!words.iter().any(|w| w.starts_with("mara")), "{words:?}");
        assert!(words.iter().any(|w| w.starts_with("fami")), "{words:?}");
    }

    #[test]
    fn a_change_inside_or_at_both_ends_or_a_negation_more_is_not() {
        // A word put for another at the end: both quotes go on there.
        assert!(!excerpts("the bridge will stand for a century", "the bridge will stand for generations"));
        // Words inside each that the other lacks.
        assert!(!excerpts(
            "she captured a generation of men and women with her free spirit",
            "she captured an entire generation with her free spirit"
        ));
        // A negation more on one side.
        assert!(!excerpts(
            "we will raise the fuel tax again next spring",
            "we will not raise the fuel tax again next spring"
        ));
    }
}
