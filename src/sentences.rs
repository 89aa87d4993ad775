//! Stage 3, sentences.
//!
//! In: one paragraph's text. Out: the byte spans of its sentences, aware of
//! abbreviations (U.S., Sept., Mr), initials, decimals and quotations that
//! run over several sentences.
//!
//! A sentence may end after `.`, `?`, `!` or an ellipsis, followed by any
//! closing quotes or brackets (they stay with their sentence), then a space.
//! The end is refused when the next word starts lowercase, when the dot ends
//! an abbreviation or an initial, or when it falls inside a quotation that
//! closes within [`MAX_QUOTE_BYTES`].

use crate::model::Span;

/// A quotation longer than this is taken as unbalanced (a lost closing mark),
/// so it does not glue the rest of the paragraph into one sentence.
pub const MAX_QUOTE_BYTES: usize = 500;

/// No sentence is longer than this: a longer run without a sentence end (a
/// script whose full stop is not known here, a list, hostile input) is cut at
/// the last space before the limit, or at a character boundary, so every
/// later stage works on pieces of bounded size.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Splits `text` into sentence spans (trimmed, in order, non-overlapping).
pub fn split(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let quotes = quote_regions(&chars);
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if is_script_terminal(chars[i].1) {
            // "。", "।", "؟": an end whatever follows (no space after "。").
            let mut end = i + 1;
            while end < chars.len() && (is_script_terminal(chars[end].1) || is_closer(chars[end].1)) {
                end += 1;
            }
            let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
            if !inside_quote(&quotes, end_byte) {
                push_trimmed(&mut spans, text, start, end_byte);
                start = end_byte;
            }
            i = end;
            continue;
        }
        if !is_terminal(chars[i].1) {
            i += 1;
            continue;
        }
        let (end, next) = sentence_end_after(&chars, i);
        let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
        if next < chars.len() && !inside_quote(&quotes, end_byte) && ends_sentence(text, &chars, i, end, next) {
            push_trimmed(&mut spans, text, start, end_byte);
            start = end_byte;
        }
        i = end.max(i + 1);
    }
    push_trimmed(&mut spans, text, start, text.len());
    spans
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// Full stops and question and exclamation marks of scripts that write no
/// space after them or have no capitals to start the next sentence: CJK
/// `。！？`, Devanagari `।` and `॥`, Arabic `؟` and Urdu `۔`.
fn is_script_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '।' | '॥' | '؟' | '۔')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›' | '」' | '』' | '）')
}

/// From a terminal mark at `i`: the index just past the marks and closers
/// that follow it, and the index of the next non-space char (`chars.len()`
/// when there is none, or when no space follows: `3.5`, `U.S.-based`).
fn sentence_end_after(chars: &[(usize, char)], i: usize) -> (usize, usize) {
    let mut end = i;
    while end < chars.len() && is_terminal(chars[end].1) {
        end += 1;
    }
    while end < chars.len() && is_closer(chars[end].1) {
        end += 1;
    }
    let mut next = end;
    while next < chars.len() && chars[next].1.is_whitespace() {
        next += 1;
    }
    if next == end && end < chars.len() {
        return (end, usize::MAX); // no space after: not an end
    }
    (end, next)
}

/// Whether the terminal mark at `i` (marks and closers up to `end`) ends a
/// sentence whose successor starts at `next`.
fn ends_sentence(text: &str, chars: &[(usize, char)], i: usize, end: usize, next: usize) -> bool {
    let Some(&(next_byte, next_char)) = chars.get(next) else {
        return false;
    };
    if next_char.is_lowercase() {
        return false;
    }
    let single_dot = chars[i].1 == '.' && chars.get(i + 1).is_none_or(|&(_, c)| !is_terminal(c));
    let closed = chars[i + 1..end].iter().any(|&(_, c)| is_closer(c));
    if !single_dot || closed {
        return true;
    }
    let word = word_before(text, chars[i].0);
    let next_word = word_at(&text[next_byte..]);
    dot_ends_sentence(word, next_word)
}

/// The word a dot at byte `dot` ends (without the dot and leading marks).
fn word_before(text: &str, dot: usize) -> &str {
    let head = &text[..dot];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || "([{“‘\"'—–/".contains(c))
        .map_or(0, |(b, c)| b + c.len_utf8());
    &head[start..]
}

/// The first word of `text`, letters and digits only.
fn word_at(text: &str) -> &str {
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = text.char_indices().find(|&(_, c)| !c.is_alphanumeric()).map_or(text.len(), |(b, _)| b);
    &text[..end]
}

/// Titles and short forms that never end a sentence before a capital.
const ALWAYS_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Mt", "Ft", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Sgt",
    "Cpl", "Pvt", "Sen", "Rep", "Gov", "Pres", "Rev", "Fr", "Hon", "Supt", "Insp", "Det", "Amb", "Atty", "vs", "v",
    "e.g", "i.e", "cf", "approx", "incl", "esp", "viz", "Messrs", "Mme", "Mlle",
];

/// Month abbreviations: not an end before a day number (`Sept. 7`).
const MONTHS: &[&str] = &["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"];

/// Abbreviations before a number (`No. 1`, `Fig. 3`, `p. 12`).
const NUMBER_ABBREVIATIONS: &[&str] = &["No", "Nos", "no", "Art", "Fig", "Vol", "vol", "p", "pp"];

/// Abbreviations that often end a sentence too (`Apple Inc.`, `King Jr.`).
const END_ABBREVIATIONS: &[&str] =
    &["Inc", "Ltd", "Co", "Corp", "LLC", "Bros", "Plc", "plc", "Jr", "Sr", "etc", "al", "Ave", "Blvd", "Rd"];

/// Words that commonly open a sentence: after an ambiguous abbreviation
/// (`the U.S. The ...`) they decide for a sentence end.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "In",
    "On",
    "At",
    "As",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "However",
    "Meanwhile",
    "Some",
    "Many",
    "Most",
    "Officials",
    "According",
    "Since",
    "Although",
    "Still",
    "Now",
    "Earlier",
    "Later",
    "During",
    "Last",
    "Both",
    "Neither",
    "No",
    "Not",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Asked",
];

/// Whether a dot after `word` ends the sentence, given the next word.
fn dot_ends_sentence(word: &str, next_word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    let next_is_number = next_word.starts_with(|c: char| c.is_ascii_digit());
    let starter = STARTERS.contains(&next_word);
    if word.is_empty() {
        return true;
    }
    if ALWAYS_ABBREVIATIONS.contains(&word) {
        return false;
    }
    if MONTHS.contains(&word) {
        return !next_is_number && starter;
    }
    if NUMBER_ABBREVIATIONS.contains(&word) && next_is_number {
        return false;
    }
    if END_ABBREVIATIONS.contains(&word) || is_initial(word) || is_dotted_acronym(word) {
        return starter;
    }
    true
}

/// One capital letter: an initial (`J. K. Rowling`, `George W. Bush`).
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Letters with inner dots (`U.S`, `a.m`, `Ph.D`), the final dot cut off.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| (1..=2).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic))
}

/// Byte ranges of quotations that close within [`MAX_QUOTE_BYTES`]: from
/// the opening mark to the closing mark. Curly marks pair by kind; a
/// straight `"` opens after a space or bracket and closes elsewhere.
fn quote_regions(chars: &[(usize, char)]) -> Vec<Range> {
    let mut regions = Vec::new();
    let mut open: Option<usize> = None;
    for (k, &(b, c)) in chars.iter().enumerate() {
        let opening = match c {
            '“' | '«' => true,
            '”' | '»' => false,
            '"' => {
                let prev = k.checked_sub(1).map(|p| chars[p].1);
                let next = chars.get(k + 1).map(|&(_, n)| n);
                prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p))
                    && next.is_some_and(|n| !n.is_whitespace())
            }
            _ => continue,
        };
        if opening {
            // A second opening mark means the first never closed: drop it.
            open = Some(b);
        } else if let Some(start) = open.take() {
            if b - start <= MAX_QUOTE_BYTES {
                regions.push(Range { start, close: b });
            }
        }
    }
    regions
}

/// An opening mark at `start`, its closing mark at `close`.
struct Range {
    start: usize,
    close: usize,
}

/// Whether a break at byte `at` would cut a quotation in two. Regions come
/// in order and do not overlap, so only the last one opening before `at`
/// can hold it (a binary search keeps long paragraphs linear-ish).
fn inside_quote(regions: &[Range], at: usize) -> bool {
    let opened_before = regions.partition_point(|r| r.start < at);
    opened_before > 0 && at <= regions[opened_before - 1].close
}

fn push_trimmed(spans: &mut Vec<Span>, text: &str, start: usize, end: usize) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let (mut start, end) = (start + lead, start + lead + trimmed.len());
    // Over-long: cut at the last space before the limit (if there is one in
    // its second half), else at the last character boundary.
    while end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &text[start..cut];
        if let Some((space, c)) = window.char_indices().rev().find(|&(_, c)| c.is_whitespace())
            && space >= MAX_SENTENCE_BYTES / 2
        {
            cut = start + space + c.len_utf8();
        }
        let head = text[start..cut].trim_end();
        spans.push(Span::new(start, start + head.len()));
        start = cut + (text[cut..end].len() - text[cut..end].trim_start().len());
    }
    if start < end {
        spans.push(Span::new(start, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(sentences("One. Two! Three?"), ["One.", "Two!", "Three?"]);
    }

    #[test]
    fn keeps_closing_quote_with_its_sentence() {
        assert_eq!(sentences("“It is a new level.” He said so."), ["“It is a new level.”", "He said so."]);
    }

    #[test]
    fn spans_are_trimmed_and_in_order() {
        let text = "  First one.   Second one.  ";
        let spans = split(text);
        assert_eq!(spans.len(), 2);
        assert!(spans[0].end <= spans[1].start);
        assert_eq!(spans[1].of(text), "Second one.");
    }
}
