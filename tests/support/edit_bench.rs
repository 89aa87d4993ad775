//! The known-edit benchmark on real texts, shared by `tests/edit_bench.rs`
//! (which asserts floors) and `examples/edit_bench.rs` (which prints the
//! figures and, with `--verbose`, every miss and every false finding).
//!
//! Base texts are real articles from `../shared`: the Readability reference
//! pages' `expected.txt` (article-like English prose only) and the ECB+
//! development stories. Each case makes exactly one edit to one base text,
//! compares the edited copy (the article being read) with the original (a
//! stored version), and checks the finding the edit calls for. Format-only
//! traps (`%` for `percent`, a split paragraph, mojibake ...) call for no
//! loud finding at all. Selection and edits are drawn from a fixed seed, so
//! the cases are the same on every run; see `docs/edit-bench.md`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use regex::Regex;
use storydiff::report::{Finding, FindingKind, Report};
use storydiff::{Article, Format, analyse, compare};

/// The seed every selection and edit is drawn from.
pub const SEED: u64 = 0x5eed_0ed1_7be0_c4a5;

/// Cases drawn per content edit kind, and at most per format-only kind.
pub const EDITS_PER_KIND: usize = 36;
pub const TRAPS_PER_KIND: usize = 24;

/// Readability pages above this size are left out (time, not quality).
const MAX_PAGE_BYTES: usize = 40_000;

/// `../shared` next to the repository, if it is there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared");
    (dir.join("pages/readability").is_dir() && dir.join("stories/ecbplus-dev.jsonl").is_file()).then_some(dir)
}

// ---------------------------------------------------------------- PRNG

/// xorshift64*: small, deterministic, good enough to pick cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------- base texts

/// One real article to edit.
pub struct Base {
    pub id: String,
    /// Paragraphs separated by a blank line.
    pub text: String,
    /// The ECB+ headline sentence, when there is one.
    pub title: Option<String>,
    /// Texts of one topic are never inserted into each other.
    pub topic: String,
    pub readability: bool,
}

/// Readability test fixtures that pass for prose but are made up: the same
/// paragraph repeated with another item number.
const SYNTHETIC: &[&str] = &["reordering-paragraphs"];

/// The article-like Readability pages and the ECB+ stories of six sentences
/// or more, in a fixed order.
pub fn load_bases(shared: &Path) -> Vec<Base> {
    let mut bases = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let pages = shared.join("pages/readability");
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(&pages).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let Ok(raw) = std::fs::read_to_string(dir.join("expected.txt")) else { continue };
        let text = raw.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n\n");
        let id = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if text.len() > MAX_PAGE_BYTES
            || SYNTHETIC.contains(&id.as_str())
            || !article_like(&text)
            || !seen.insert(text.clone())
        {
            continue;
        }
        bases.push(Base {
            topic: format!("page:{id}"),
            id: format!("page:{id}"),
            text,
            title: None,
            readability: true,
        });
    }
    let stories = std::fs::read_to_string(shared.join("stories/ecbplus-dev.jsonl")).unwrap_or_default();
    for line in stories.lines() {
        let Ok(row) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let field = |k: &str| row.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let text = field("text").trim().to_string();
        if sentences(&text).len() < 6 || !seen.insert(text.clone()) {
            continue;
        }
        let title = Some(field("title")).filter(|t| !t.trim().is_empty());
        bases.push(Base { id: field("id"), text, title, topic: field("topic"), readability: false });
    }
    bases
}

/// Prose, not a list or navigation page: at least eight sentences in
/// paragraphs of eight words or more, those paragraphs three quarters of
/// the words, and English (the engine's date and number words are).
fn article_like(text: &str) -> bool {
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let words = |p: &str| p.split_whitespace().count();
    let prose: Vec<&str> = paragraphs
        .iter()
        .copied()
        .filter(|p| words(p) >= 8 && p.trim_end_matches(CLOSERS).ends_with(['.', '!', '?']))
        .collect();
    let prose_words: usize = prose.iter().map(|p| words(p)).sum();
    let all_words: usize = paragraphs.iter().map(|p| words(p)).sum();
    let sentence_count: usize = prose.iter().map(|p| sentences(p).len()).sum();
    const FUNCTION: [&str; 12] = ["the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "was", "with"];
    let lower = words_of(text);
    let function = lower.iter().filter(|w| FUNCTION.contains(&w.as_str())).count();
    sentence_count >= 8 && prose_words * 4 >= all_words * 3 && function * 8 >= lower.len()
}

// ---------------------------------------------------------------- sentences

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']'];
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt", "prof", "inc",
    "co", "corp", "ltd", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "etc", "mt", "ft", "rev", "gov", "e.g", "i.e", "approx", "dept", "est", "fig",
];

/// Sentences of `text` as byte ranges, never across a paragraph break: our
/// own conservative splitter, independent of the engine's (a sentence ends
/// at `.`, `!` or `?`, closing quotes included, before a space and a capital
/// letter, a digit or an opening quote, unless the word is an abbreviation).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for para in text.split("\n\n") {
        let base = para_start;
        para_start += para.len() + 2;
        let mut start = None;
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if start.is_none() {
                if !c.is_whitespace() {
                    start = Some(at);
                }
                i += 1;
                continue;
            }
            if matches!(c, '.' | '!' | '?') {
                let mut j = i + 1;
                while j < chars.len() && CLOSERS.contains(&chars[j].1) {
                    j += 1;
                }
                let end = chars.get(j).map_or(para.len(), |&(b, _)| b);
                let at_end = j == chars.len();
                let next_starts = j + 1 < chars.len()
                    && chars[j].1 == ' '
                    && (chars[j + 1].1.is_uppercase()
                        || chars[j + 1].1.is_ascii_digit()
                        || matches!(chars[j + 1].1, '"' | '“' | '‘' | '\''));
                if (at_end || next_starts) && !(c == '.' && abbreviation_before(para, at)) {
                    out.push((base + start.take().unwrap_or(at), base + end));
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        if let Some(s) = start {
            let end = para.trim_end().len();
            if end > s {
                out.push((base + s, base + end));
            }
        }
    }
    out
}

/// Whether the `.` at `dot` ends an abbreviation or an initial.
fn abbreviation_before(para: &str, dot: usize) -> bool {
    let word_start = para[..dot]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = para[word_start..dot].trim_start_matches(['"', '“', '\'', '‘']);
    let lower = word.to_lowercase();
    word.chars().count() == 1 || word.contains('.') || ABBREVIATIONS.contains(&lower.as_str())
}

/// A sentence fit to be edited: prose of 6 to 50 words, capitalised,
/// punctuated, said once in the text.
fn clean(text: &str, (s, e): (usize, usize)) -> bool {
    let sentence = &text[s..e];
    let words = sentence.split_whitespace().count();
    (6..=50).contains(&words)
        && sentence.chars().next().is_some_and(|c| c.is_uppercase())
        && sentence.trim_end_matches(CLOSERS).ends_with(['.', '!', '?'])
        && !sentence.contains(['\n', '|', '•', '{', '}', '<', '>'])
        && balanced_quotes(sentence)
        && text.matches(sentence).count() == 1
}

/// Whether a sentence opens every quotation it closes (ECB+ closes with `''`).
fn balanced_quotes(sentence: &str) -> bool {
    let count = |c: char| sentence.matches(c).count();
    let ecb_closers = sentence.matches("''").count();
    count('“') == count('”') && (count('"') + ecb_closers) % 2 == 0 && count('‘') <= count('’')
}

fn clean_sentences(text: &str) -> Vec<(usize, usize)> {
    sentences(text).into_iter().filter(|&r| clean(text, r)).collect()
}

/// Lowercase words and numbers, for comparing texts whatever their punctuation.
pub fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// How many words `a` and `b` share, counted with multiplicity.
fn shared_words(a: &[String], b: &[String]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in a {
        *counts.entry(w).or_default() += 1;
    }
    b.iter()
        .filter(|w| {
            counts.get_mut(w.as_str()).is_some_and(|n| {
                let had = *n > 0;
                *n = n.saturating_sub(1);
                had
            })
        })
        .count()
}

#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "are", "his", "her", "has", "have", "had", "from", "this",
    "its", "but", "not", "they", "their", "said", "who", "will", "would", "been", "also", "which", "she", "him",
    "you", "all", "one", "out", "about", "after", "into", "than", "more", "when", "there", "what", "can", "our",
    "says", "told", "stated", "reported", "according", "where", "while", "then", "just", "them", "these", "those",
    "being", "did", "does",
];

/// A word that carries content: a number, or three letters or more and not
/// a function word or "said".
fn is_content(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) || (word.chars().count() >= 3 && !STOPWORDS.contains(&word))
}

fn content_words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = words_of(text).into_iter().filter(|w| is_content(w)).collect();
    w.sort();
    w.dedup();
    w
}

// ---------------------------------------------------------------- edits

/// The kinds of edit, content edits first, then the format-only traps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    DeleteSentence,
    DeleteSimilar,
    InsertSentence,
    ChangeNumber,
    ChangeDate,
    ChangeName,
    InsertSpan,
    DeleteSpan,
    Percent,
    Dollars,
    Thousands,
    Millions,
    NumberWords,
    SplitParagraph,
    MergeParagraphs,
    Headline,
    UsAbbreviation,
    MonthAbbreviation,
    Quotes,
    Mojibake,
}

impl Kind {
    pub const ALL: [Kind; 20] = [
        Kind::DeleteSentence,
        Kind::DeleteSimilar,
        Kind::InsertSentence,
        Kind::ChangeNumber,
        Kind::ChangeDate,
        Kind::ChangeName,
        Kind::InsertSpan,
        Kind::DeleteSpan,
        Kind::Percent,
        Kind::Dollars,
        Kind::Thousands,
        Kind::Millions,
        Kind::NumberWords,
        Kind::SplitParagraph,
        Kind::MergeParagraphs,
        Kind::Headline,
        Kind::UsAbbreviation,
        Kind::MonthAbbreviation,
        Kind::Quotes,
        Kind::Mojibake,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::DeleteSentence => "delete-sentence",
            Kind::DeleteSimilar => "delete-similar-sentence",
            Kind::InsertSentence => "insert-sentence",
            Kind::ChangeNumber => "change-number",
            Kind::ChangeDate => "change-date",
            Kind::ChangeName => "change-name",
            Kind::InsertSpan => "insert-span",
            Kind::DeleteSpan => "delete-span",
            Kind::Percent => "fmt:percent",
            Kind::Dollars => "fmt:dollars",
            Kind::Thousands => "fmt:thousands-comma",
            Kind::Millions => "fmt:million-digits",
            Kind::NumberWords => "fmt:number-words",
            Kind::SplitParagraph => "fmt:split-paragraph",
            Kind::MergeParagraphs => "fmt:merge-paragraphs",
            Kind::Headline => "fmt:headline-joined",
            Kind::UsAbbreviation => "fmt:U.S.-US",
            Kind::MonthAbbreviation => "fmt:Sept.-September",
            Kind::Quotes => "fmt:curly-straight-quotes",
            Kind::Mojibake => "fmt:mojibake",
        }
    }

    /// Format-only: the edit changes nothing a reader should be told about.
    pub fn format_only(self) -> bool {
        self >= Kind::Percent
    }
}

/// What an edit calls for.
#[derive(Debug, Clone)]
pub enum Expect {
    /// `missing`, its `there` the deleted words (a whole sentence or a span).
    Missing { text: String, whole: bool },
    /// `unique` on the inserted words: `context` is a stretch of the edited
    /// text holding them at `inner` (to find them in `current.text`).
    Unique { context: String, inner: (usize, usize), whole: bool },
    /// `differs` on the changed words, with a fact pair of type `fact`.
    Differs { context: String, inner: (usize, usize), fact: &'static str, old: String, new: String },
    /// No `missing`, `differs` or `unique` at all.
    Nothing,
}

/// One generated case.
pub struct Case {
    pub kind: Kind,
    /// Index into the bases.
    pub base: usize,
    pub edited: String,
    /// The original, when it is not the base text itself (constructed traps).
    pub original: Option<String>,
    pub expect: Expect,
    /// What was done, for the listing.
    pub note: String,
}

/// All cases, drawn from `SEED`: for each kind, bases in a shuffled order
/// (Readability pages and ECB+ stories alternately), the first ones the edit
/// applies to.
pub fn generate(bases: &[Base]) -> Vec<Case> {
    let mut cases = Vec::new();
    for (k, kind) in Kind::ALL.into_iter().enumerate() {
        let mut rng = Rng::new(SEED ^ (k as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut pages: Vec<usize> = (0..bases.len()).filter(|&i| bases[i].readability).collect();
        let mut stories: Vec<usize> = (0..bases.len()).filter(|&i| !bases[i].readability).collect();
        rng.shuffle(&mut pages);
        rng.shuffle(&mut stories);
        let mut order = Vec::with_capacity(bases.len());
        for i in 0..pages.len().max(stories.len()) {
            order.extend(pages.get(i));
            order.extend(stories.get(i));
        }
        let limit = if kind.format_only() { TRAPS_PER_KIND } else { EDITS_PER_KIND };
        let mut made = 0;
        for b in order {
            if made == limit {
                break;
            }
            if let Some(case) = make(kind, b, bases, &mut rng) {
                if case.edited != case.original.as_deref().unwrap_or(&bases[b].text) {
                    cases.push(case);
                    made += 1;
                }
            }
        }
    }
    cases
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the benchmark's patterns are valid")
}

#[rustfmt::skip]
const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
];
#[rustfmt::skip]
const WEEKDAYS: [&str; 7] = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];
#[rustfmt::skip]
const SURNAMES: [&str; 12] = [
    "Miller", "Thompson", "Garcia", "Hughes", "Novak", "Bennett", "Okafor", "Lindqvist", "Moreau", "Castillo",
    "Whitaker", "Petrov",
];
#[rustfmt::skip]
const NUMBER_WORDS: [&str; 11] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];
/// Capitalised words that start places, bodies and titles rather than names.
#[rustfmt::skip]
const NOT_GIVEN_NAMES: &[&str] = &[
    "The", "A", "An", "New", "North", "South", "East", "West", "United", "White", "Supreme", "Prime", "National",
    "General", "San", "Los", "Las", "St", "Saint", "Mount", "Lake", "Fort", "Royal", "Central", "Federal", "State",
    "City", "University", "House", "Senate", "Congress", "Court", "President", "Minister", "Secretary", "Chief", "Mr",
    "Mrs", "Ms", "Dr", "In", "On", "At", "Of", "For", "And", "But", "If", "He", "She", "It", "They", "We", "This",
    "That", "Google", "Apple", "Microsoft", "Facebook", "Twitter", "Internet", "Web", "Windows", "Hollywood",
    "English", "French", "German", "American", "British", "Chinese", "Indian", "Iranian", "Israeli", "Russian",
    "Detective", "Officer", "Status", "Free", "Super", "Xbox", "Police", "Ave", "Avenue", "Street", "Road",
    "Software", "One", "Club", "Department", "Center", "Centre", "Council", "Party", "Group", "Jaguars", "Colts", "See", "Lower", "Upper", "Northern", "Southern", "Eastern",
    "Western", "Aunt", "Uncle",
];

/// A person-like name: two capitalised words, not the sentence's first, not
/// part of a longer run of capitals, whose surname also stands alone
/// elsewhere in the text (people are named again by surname: "Reid said";
/// "the Colts", "Hong Kong" are not).
fn name_candidates(text: &str) -> Vec<(usize, usize, usize)> {
    let name = re(r"\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b");
    let mut out = Vec::new();
    for (s, e) in clean_sentences(text) {
        let sentence = &text[s..e];
        for m in name.captures_iter(sentence) {
            let (Some(all), Some(first), Some(last)) = (m.get(0), m.get(1), m.get(2)) else { continue };
            let before = sentence[..all.start()].trim_end();
            let after = &sentence[all.end()..];
            let not_initial = !before.is_empty();
            let alone_before = !before.ends_with(|c: char| c.is_alphabetic())
                || before.rsplit(' ').next().is_some_and(|w| w.chars().next().is_some_and(|c| c.is_lowercase()));
            let alone_after = !after.trim_start().starts_with(|c: char| c.is_uppercase()) || after.starts_with(',');
            let plain = |w: &str| {
                !NOT_GIVEN_NAMES.contains(&w) && !MONTHS.contains(&w) && !WEEKDAYS.contains(&w) && !w.ends_with("day")
            };
            if not_initial
                && alone_before
                && alone_after
                && plain(first.as_str())
                && plain(last.as_str())
                && named_alone(text, last.as_str())
            {
                out.push((s + all.start(), s + last.start(), s + all.end()));
            }
        }
    }
    out
}

/// Whether `surname` stands alone somewhere in `text`: after a lowercase
/// word (not an article) or a punctuation mark, before no capitalised word.
fn named_alone(text: &str, surname: &str) -> bool {
    re(&format!(r"\b{surname}\b")).find_iter(text).any(|m| {
        let before = text[..m.start()].trim_end();
        let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        let ok_before = before.is_empty()
            || !word.ends_with(|c: char| c.is_alphanumeric())
            || (word.chars().all(|c| c.is_lowercase()) && !matches!(word, "the" | "a" | "an" | "of"));
        let rest = &text[m.end()..];
        let ok_after = !rest.starts_with(|c: char| c.is_alphanumeric())
            && !rest.trim_start_matches(' ').starts_with(|c: char| c.is_uppercase() && rest.starts_with(' '))
            && !rest.starts_with("'s Club");
        ok_before && ok_after
    })
}

/// The context to find an edit by: the edited sentence around `at..end`.
fn context_of(edited: &str, at: usize, end: usize) -> (String, (usize, usize)) {
    let from = edited[..at].rfind(['\n']).map_or(0, |i| i + 1);
    let from = sentences(edited).into_iter().map(|(s, _)| s).filter(|&s| s <= at && s >= from).max().unwrap_or(from);
    let to = sentences(edited).into_iter().map(|(_, e)| e).filter(|&e| e >= end).min().unwrap_or(edited.len());
    (edited[from..to].to_string(), (at - from, end - from))
}

fn replace_range(text: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// A text with every match of `pattern` rewritten by `f` (a `None` keeps it).
fn rewrite_all(text: &str, pattern: &Regex, mut f: impl FnMut(&regex::Captures<'_>) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for caps in pattern.captures_iter(text) {
        let m = caps.get(0).expect("group 0");
        if let Some(with) = f(&caps) {
            out.push_str(&text[last..m.start()]);
            out.push_str(&with);
            last = m.end();
        }
    }
    out.push_str(&text[last..]);
    out
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn make(kind: Kind, b: usize, bases: &[Base], rng: &mut Rng) -> Option<Case> {
    let base = &bases[b];
    let text = base.text.as_str();
    let case = |edited: String, expect: Expect, note: String| {
        Some(Case { kind, base: b, edited, original: None, expect, note })
    };
    match kind {
        Kind::DeleteSentence | Kind::DeleteSimilar => {
            let candidates = clean_sentences(text);
            let candidates: Vec<(usize, usize)> = if kind == Kind::DeleteSimilar {
                let all: Vec<Vec<String>> = sentences(text).iter().map(|&(s, e)| content_words(&text[s..e])).collect();
                let spans = sentences(text);
                candidates
                    .into_iter()
                    .filter(|r| {
                        let mine = content_words(&text[r.0..r.1]);
                        spans.iter().zip(&all).any(|(o, theirs)| {
                            let shared = shared_words(&mine, theirs);
                            o != r && shared >= 4 && 2 * shared * 10 >= (mine.len() + theirs.len()) * 4
                        })
                    })
                    .collect()
            } else {
                candidates
            };
            let &(s, e) = rng.pick(&candidates)?;
            let sentence = text[s..e].to_string();
            let para_start = text[..s].rfind("\n\n").map_or(0, |i| i + 2);
            let para_end = text[e..].find("\n\n").map_or(text.len(), |i| e + i);
            let edited = if para_start == s && para_end == e {
                // The paragraph is this sentence: the paragraph goes.
                if para_end < text.len() {
                    replace_range(text, s, e + 2, "")
                } else {
                    replace_range(text, s.saturating_sub(2), e, "")
                }
            } else if para_end > e {
                let next = e + text[e..].len() - text[e..].trim_start_matches(' ').len();
                replace_range(text, s, next, "")
            } else {
                replace_range(text, text[..s].trim_end_matches(' ').len(), e, "")
            };
            case(edited, Expect::Missing { text: sentence.clone(), whole: true }, format!("deleted {sentence:?}"))
        }
        Kind::InsertSentence => {
            let others: Vec<usize> = (0..bases.len()).filter(|&o| bases[o].topic != base.topic).collect();
            let donor = &bases[*rng.pick(&others)?];
            let (s, e) = *rng.pick(&clean_sentences(&donor.text))?;
            let inserted = &donor.text[s..e];
            let &(_, after) = rng.pick(&sentences(text))?;
            let edited = format!("{} {inserted}{}", &text[..after], &text[after..]);
            let (context, inner) = context_of(&edited, after + 1, after + 1 + inserted.len());
            case(edited, Expect::Unique { context, inner, whole: true }, format!("inserted {inserted:?}"))
        }
        Kind::ChangeNumber => {
            let number = re(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b");
            let months = format!("{}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec", MONTHS.join("|"));
            let month_before = re(&format!(r"\b(?:{months})\.?\s*$"));
            let month_after = re(&format!(r"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\b"));
            let mut found = Vec::new();
            for (s, e) in clean_sentences(text) {
                for m in number.find_iter(&text[s..e]) {
                    let (ms, me) = (s + m.start(), s + m.end());
                    let value = m.as_str();
                    let year = value.len() == 4 && (value.starts_with("19") || value.starts_with("20"));
                    let around =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, ':' | '/' | '-'));
                    if year
                        || around(text[..ms].chars().next_back())
                        || around(text[me..].chars().next())
                        || month_before.is_match(&text[..ms])
                        || month_after.is_match(&text[me..])
                    {
                        continue;
                    }
                    found.push((ms, me));
                }
            }
            let &(ms, me) = rng.pick(&found)?;
            let old = &text[ms..me];
            let new = if let Some((whole, fraction)) = old.split_once('.') {
                let last = fraction.chars().last()?.to_digit(10)?;
                format!("{whole}.{}{}", &fraction[..fraction.len() - 1], (last + 1 + rng.below(8) as u32) % 10)
            } else {
                let n: u64 = old.replace(',', "").parse().ok()?;
                let m = if n < 10 { n + 1 + rng.below(5) as u64 } else { n + n * (3 + rng.below(6) as u64) / 10 + 1 };
                if old.contains(',') { group_thousands(&m.to_string()) } else { m.to_string() }
            };
            let edited = replace_range(text, ms, me, &new);
            let (context, inner) = context_of(&edited, ms, ms + new.len());
            let note = format!("number {old} -> {new}");
            case(edited, Expect::Differs { context, inner, fact: "number", old: old.to_string(), new }, note)
        }
        Kind::ChangeDate => {
            let date = re(&format!(
                r"\b(?:{}|{}|19[5-9]\d|20[0-2]\d)\b",
                MONTHS.iter().filter(|&&m| m != "May").copied().collect::<Vec<_>>().join("|"),
                WEEKDAYS.join("|")
            ));
            let found: Vec<(usize, usize)> = clean_sentences(text)
                .into_iter()
                .flat_map(|(s, e)| {
                    date.find_iter(&text[s..e]).map(move |m| (s + m.start(), s + m.end())).collect::<Vec<_>>()
                })
                .filter(|&(ms, me)| !text[..ms].ends_with(['-', '/', '$']) && !text[me..].starts_with(['-', '/']))
                .collect();
            let &(ms, me) = rng.pick(&found)?;
            let old = &text[ms..me];
            let new = if let Some(i) = MONTHS.iter().position(|&m| m == old) {
                MONTHS[(i + 1 + rng.below(10)) % 12].to_string()
            } else if let Some(i) = WEEKDAYS.iter().position(|&d| d == old) {
                WEEKDAYS[(i + 1 + rng.below(6)) % 7].to_string()
            } else {
                let year: i32 = old.parse().ok()?;
                let delta = 1 + rng.below(3) as i32;
                (if rng.below(2) == 0 { year - delta } else { year + delta }).to_string()
            };
            let edited = replace_range(text, ms, me, &new);
            let (context, inner) = context_of(&edited, ms, ms + new.len());
            let note = format!("date {old} -> {new}");
            case(edited, Expect::Differs { context, inner, fact: "date", old: old.to_string(), new }, note)
        }
        Kind::ChangeName => {
            let &(ns, ls, ne) = rng.pick(&name_candidates(text))?;
            let old = &text[ls..ne];
            let unused: Vec<&str> = SURNAMES.iter().copied().filter(|s| !text.contains(s)).collect();
            let new = *rng.pick(&unused)?;
            let edited = replace_range(text, ls, ne, new);
            let (context, inner) = context_of(&edited, ns, ls + new.len());
            let note = format!("name {:?} -> {:?}", &text[ns..ne], &edited[ns..ls + new.len()]);
            case(
                edited,
                Expect::Differs { context, inner, fact: "name", old: old.to_string(), new: new.to_string() },
                note,
            )
        }
        Kind::InsertSpan => {
            const APPOSITIONS: [&str; 4] = [
                ", a longtime critic of the plan,",
                ", a spokeswoman for the regional council,",
                ", who has led the group since 2019,",
                ", a former adviser to the company,",
            ];
            const CLAUSES: [&str; 5] = [
                ", officials said",
                ", police said",
                ", according to a statement from the agency",
                ", according to Maria Lopez, a spokeswoman for the city",
                ", the report said",
            ];
            let names: Vec<(usize, usize, usize)> = name_candidates(text)
                .into_iter()
                .filter(|&(_, _, ne)| {
                    text[ne..].starts_with(' ') && text[ne + 1..].starts_with(|c: char| c.is_lowercase())
                })
                .collect();
            let (at, inserted) = if !names.is_empty() && rng.below(2) == 0 {
                (rng.pick(&names)?.2, *rng.pick(&APPOSITIONS)?)
            } else {
                let ends: Vec<usize> = clean_sentences(text)
                    .into_iter()
                    .filter(|&(s, e)| text[s..e].ends_with('.') && !text[s..e].contains(" said"))
                    .map(|(_, e)| e - 1)
                    .collect();
                (*rng.pick(&ends)?, *rng.pick(&CLAUSES)?)
            };
            let edited = format!("{}{inserted}{}", &text[..at], &text[at..]);
            let words = inserted.trim_matches([',', ' ']);
            let from = at + inserted.find(words)?;
            let (context, inner) = context_of(&edited, from, from + words.len());
            case(edited, Expect::Unique { context, inner, whole: false }, format!("inserted {inserted:?}"))
        }
        Kind::DeleteSpan => {
            let span = re(
                r#", ((?:a|an|the|who|which|whose|where|according to|officials|police|he|she|they)\b[^,;:()"“”]{3,80}?)([,.])"#,
            );
            let mut found = Vec::new();
            for (s, e) in clean_sentences(text) {
                for caps in span.captures_iter(&text[s..e]) {
                    let (Some(all), Some(inner), Some(end)) = (caps.get(0), caps.get(1), caps.get(2)) else { continue };
                    let words = inner.as_str().split_whitespace().count();
                    // A comma before a space (not "$380,000"), or the stop that ends
                    // the sentence (not "U.S." or an initial).
                    let rest = &text[s + end.end()..e];
                    let ends = if end.as_str() == "," {
                        rest.starts_with(' ')
                    } else {
                        rest.trim_start_matches(CLOSERS).is_empty()
                    };
                    // ECB+ writes "2, 000": a number is not cut there.
                    let in_number = inner.as_str().ends_with(|c: char| c.is_ascii_digit())
                        && rest.trim_start().starts_with(|c: char| c.is_ascii_digit());
                    if (2..=12).contains(&words) && ends && !in_number {
                        let cut_end = if end.as_str() == "," { s + end.end() } else { s + end.start() };
                        found.push((s + all.start(), cut_end, inner.as_str().to_string()));
                    }
                }
            }
            let (cs, ce, words) = rng.pick(&found)?.clone();
            let edited = replace_range(text, cs, ce, "");
            let note = format!("deleted span {:?}", &text[cs..ce]);
            case(edited, Expect::Missing { text: words, whole: false }, note)
        }
        _ => make_trap(kind, b, bases, rng),
    }
}

fn make_trap(kind: Kind, b: usize, bases: &[Base], rng: &mut Rng) -> Option<Case> {
    let base = &bases[b];
    let text = base.text.as_str();
    let flip = rng.below(2) == 0;
    let mut original = None;
    let (edited, note): (String, &str) = match kind {
        Kind::Percent => {
            let sign = re(r"(\d)\s?%");
            let word = re(r"(\d) (?:percent|per cent)\b");
            if sign.is_match(text) {
                let to = if flip { " percent" } else { " per cent" };
                (sign.replace_all(text, format!("${{1}}{to}").as_str()).into_owned(), "% -> percent / per cent")
            } else {
                (word.replace_all(text, "${1}%").into_owned(), "percent -> %")
            }
        }
        Kind::Dollars => {
            let sign = re(r"\$(\d[\d,]*(?:\.\d+)?)(?: (million|billion|trillion))?\b");
            let word = re(r"\b(\d[\d,]*(?:\.\d+)?)(?: (million|billion|trillion))? dollars\b");
            let unit = |c: &regex::Captures<'_>| c.get(2).map_or(String::new(), |m| format!(" {}", m.as_str()));
            if sign.is_match(text) {
                (rewrite_all(text, &sign, |c| Some(format!("{}{} dollars", &c[1], unit(c)))), "$5 -> 5 dollars")
            } else {
                (rewrite_all(text, &word, |c| Some(format!("${}{}", &c[1], unit(c)))), "5 dollars -> $5")
            }
        }
        Kind::Thousands => {
            let grouped = re(r"\b\d{1,3}(?:,\d{3})+\b");
            let plain = re(r"\b\d{4,}\b");
            if grouped.is_match(text) {
                (rewrite_all(text, &grouped, |c| Some(c[0].replace(',', ""))), "1,000 -> 1000")
            } else {
                let edited = rewrite_all(text, &plain, |c| {
                    let n = &c[0];
                    let m = c.get(0)?;
                    let year_like = n.len() == 4 && (n.starts_with('1') || n.starts_with("20"));
                    let glued = text[..m.start()].ends_with(['.', ',', '/', '-', ':', '#'])
                        || text[m.end()..].starts_with(['.', ',', '/', '-', ':'])
                            && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit());
                    (!year_like && !glued && !n.starts_with('0')).then(|| group_thousands(n))
                });
                (edited, "1000 -> 1,000")
            }
        }
        Kind::Millions => {
            let words = re(r"\b(\d{1,3})(?:\.(\d{1,3}))? (million|billion)\b");
            let digits = re(r"\b(\d{1,3})((?:,\d{3}){2,3})\b");
            if words.is_match(text) {
                let edited = rewrite_all(text, &words, |c| {
                    let zeros = if &c[3] == "million" { 6 } else { 9 };
                    let fraction = c.get(2).map_or("", |m| m.as_str());
                    let digits = format!("{}{fraction}{}", &c[1], "0".repeat(zeros - fraction.len()));
                    Some(group_thousands(&digits))
                });
                (edited, "1.5 million -> 1,500,000")
            } else {
                let edited = rewrite_all(text, &digits, |c| {
                    let groups: Vec<&str> = c[2].split(',').filter(|g| !g.is_empty()).collect();
                    let (unit, fraction) =
                        if groups.len() == 2 { ("million", groups[0]) } else { ("billion", groups[0]) };
                    let rest_zero = groups[1..].iter().all(|g| *g == "000");
                    let fraction = fraction.trim_end_matches('0');
                    rest_zero.then(|| {
                        if fraction.is_empty() {
                            format!("{} {unit}", &c[1])
                        } else {
                            format!("{}.{fraction} {unit}", &c[1])
                        }
                    })
                });
                (edited, "1,500,000 -> 1.5 million")
            }
        }
        Kind::NumberWords => {
            let word = re(&format!(r"(^|[ (])({})( [a-z])", NUMBER_WORDS.join("|")));
            let digit = re(r"(^|[ (])([2-9]|1[0-2])( [a-z])");
            let month = re(&format!(r"(?:{})\.?$", MONTHS.join("|")));
            if word.is_match(text) {
                let edited = rewrite_all(text, &word, |c| {
                    let n = NUMBER_WORDS.iter().position(|w| *w == &c[2])? + 2;
                    Some(format!("{}{n}{}", &c[1], &c[3]))
                });
                (edited, "ten -> 10")
            } else {
                let edited = rewrite_all(text, &digit, |c| {
                    let m = c.get(0)?;
                    let before = text[..m.start()].trim_end();
                    if month.is_match(before)
                        || before.ends_with(['$', '.', ',']) && before.ends_with(|c: char| c.is_ascii_digit())
                    {
                        return None;
                    }
                    let n: usize = c[2].parse().ok()?;
                    Some(format!("{}{}{}", &c[1], NUMBER_WORDS[n - 2], &c[3]))
                });
                (edited, "10 -> ten")
            }
        }
        Kind::SplitParagraph => {
            let spans = sentences(text);
            let boundaries: Vec<usize> = spans
                .windows(2)
                .filter(|w| text[w[0].1..w[1].0].chars().all(|c| c == ' ') && w[1].0 > w[0].1)
                .map(|w| w[0].1)
                // Not inside a quotation that runs on over several sentences.
                .filter(|&at| balanced_quotes(&text[text[..at].rfind("\n\n").map_or(0, |i| i + 2)..at]))
                .collect();
            let &at = rng.pick(&boundaries)?;
            let next = at + text[at..].len() - text[at..].trim_start_matches(' ').len();
            (replace_range(text, at, next, "\n\n"), "paragraph split at a sentence boundary")
        }
        Kind::MergeParagraphs => {
            let paragraphs: Vec<(usize, &str)> = {
                let mut at = 0;
                text.split("\n\n")
                    .map(|p| {
                        let here = at;
                        at += p.len() + 2;
                        (here, p)
                    })
                    .collect()
            };
            let prose =
                |p: &str| p.split_whitespace().count() >= 6 && p.trim_end_matches(CLOSERS).ends_with(['.', '!', '?']);
            let joins: Vec<usize> = paragraphs
                .windows(2)
                .filter(|w| prose(w[0].1) && prose(w[1].1))
                .map(|w| w[0].0 + w[0].1.len())
                .collect();
            let &at = rng.pick(&joins)?;
            (replace_range(text, at, at + 2, " "), "two paragraphs merged")
        }
        Kind::Headline => {
            let paragraphs: Vec<&str> = text.split("\n\n").collect();
            let heading = |p: &str| {
                let words = p.split_whitespace().count();
                (2..=12).contains(&words)
                    && p.starts_with(|c: char| c.is_uppercase())
                    && !p.ends_with(|c: char| matches!(c, '.' | '!' | '?' | ':' | ';' | ',') || CLOSERS.contains(&c))
                    // Not furniture: "Analysis: Jon Sopel, BBC News", "Learn More: ...",
                    // "SIGN UP FOR OUR NEWSLETTER".
                    && !p.contains(':')
                    && p.chars().any(|c| c.is_lowercase())
            };
            let prose = |p: &str| p.split_whitespace().count() >= 8;
            let spots: Vec<usize> = (1..paragraphs.len().saturating_sub(1))
                .filter(|&i| heading(paragraphs[i]) && prose(paragraphs[i + 1]))
                .collect();
            let (standalone, joined) = if let Some(&i) = rng.pick(&spots) {
                let joined_paras: Vec<String> = paragraphs
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i + 1)
                    .map(|(j, p)| if j == i { format!("{p} {}", paragraphs[i + 1]) } else { p.to_string() })
                    .collect();
                (text.to_string(), joined_paras.join("\n\n"))
            } else {
                // No heading in the text: the ECB+ title line, without its
                // final stop, as the text's headline.
                let title = base.title.as_deref()?.trim().trim_end_matches(['.', '!', '?', ' ']);
                if title.split_whitespace().count() < 3 {
                    return None;
                }
                (format!("{title}\n\n{text}"), format!("{title} {text}"))
            };
            let (orig, edited) = if flip { (standalone, joined) } else { (joined, standalone) };
            original = Some(orig);
            (edited, if flip { "headline joined to the next paragraph" } else { "headline line stands alone" })
        }
        Kind::UsAbbreviation => {
            let dotted = re(r"\b(U)\.(S|K|N)\.");
            let plain = re(r"\b(US|UK|UN)\b");
            const STARTERS: &[&str] = &["The", "He", "She", "It", "They", "But", "In", "A", "This", "We", "I", "And"];
            if dotted.is_match(text) {
                let edited = rewrite_all(text, &dotted, |c| {
                    let end = c.get(0)?.end();
                    let rest = &text[end..];
                    let next_word = rest.trim_start().split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
                    let ends_sentence = rest.is_empty()
                        || rest.starts_with("\n")
                        || (rest.starts_with(' ') && STARTERS.contains(&next_word));
                    Some(format!("U{}{}", &c[2], if ends_sentence { "." } else { "" }))
                });
                (edited, "U.S. -> US")
            } else {
                let edited = rewrite_all(text, &plain, |c| {
                    let m = c.get(0)?;
                    let after = &text[m.end()..];
                    let letters: Vec<char> = c[1].chars().collect();
                    // "US." ending a sentence: the abbreviation's stop ends it.
                    let dots = format!("{}.{}.", letters[0], letters[1]);
                    if after.starts_with('.') { None } else { Some(dots) }
                });
                (edited, "US -> U.S.")
            }
        }
        Kind::MonthAbbreviation => {
            const SHORT: [(&str, &str); 8] = [
                ("Jan.", "January"),
                ("Feb.", "February"),
                ("Aug.", "August"),
                ("Sept.", "September"),
                ("Sep.", "September"),
                ("Oct.", "October"),
                ("Nov.", "November"),
                ("Dec.", "December"),
            ];
            let short = re(r"\b(Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)\. (\d)");
            let long = re(r"\b(January|February|August|September|October|November|December) (\d)");
            if short.is_match(text) {
                let edited = rewrite_all(text, &short, |c| {
                    let full = SHORT.iter().find(|(s, _)| s.trim_end_matches('.') == &c[1])?.1;
                    Some(format!("{full} {}", &c[2]))
                });
                (edited, "Sept. -> September")
            } else {
                let edited = rewrite_all(text, &long, |c| {
                    let abbreviation = SHORT.iter().find(|(s, l)| *l == &c[1] && *s != "Sep.")?.0;
                    Some(format!("{abbreviation} {}", &c[2]))
                });
                (edited, "September -> Sept.")
            }
        }
        Kind::Quotes => {
            if text.contains(['‘', '’', '“', '”']) {
                (text.replace(['‘', '’'], "'").replace(['“', '”'], "\""), "curly -> straight quotes")
            } else if text.contains(['\'', '"']) {
                let mut out = String::with_capacity(text.len() + 16);
                let mut prev = ' ';
                // ECB+ closes a quotation with two apostrophes.
                for c in text.replace("''", "”").chars() {
                    let opening = prev.is_whitespace() || matches!(prev, '(' | '[' | '—');
                    out.push(match (c, opening) {
                        ('"', true) => '“',
                        ('"', false) => '”',
                        ('\'', true) => '‘',
                        ('\'', false) => '’',
                        (c, _) => c,
                    });
                    prev = c;
                }
                (out, "straight -> curly quotes")
            } else {
                return None;
            }
        }
        Kind::Mojibake => {
            if text.is_ascii() {
                return None;
            }
            (text.bytes().map(cp1252).collect(), "UTF-8 read as Windows-1252")
        }
        _ => return None,
    };
    Some(Case { kind, base: b, edited, original, expect: Expect::Nothing, note: note.to_string() })
}

/// The character a Windows-1252 byte stands for (undefined bytes as the C1
/// control of that number, as browsers and `storydiff::decode` read them).
fn cp1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

// ---------------------------------------------------------------- scoring

/// Findings a reader is shown as a difference (variants are quiet).
pub fn loud(report: &Report) -> impl Iterator<Item = &Finding> {
    report
        .findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::Missing | FindingKind::Differs | FindingKind::Unique))
}

/// One finding, for the listings.
pub fn describe(f: &Finding) -> String {
    let mut out = format!("{:?}", f.kind).to_lowercase();
    if let Some(here) = &f.here {
        let _ = write!(out, " here={here:?}");
    }
    if let Some(there) = &f.there {
        let _ = write!(out, " there={there:?}");
    }
    for p in &f.facts {
        let _ = write!(
            out,
            " [{} {:?} vs {:?}]",
            p.kind,
            p.here.as_deref().unwrap_or(""),
            p.there.as_deref().unwrap_or("")
        );
    }
    out
}

/// What came of one case.
pub struct Outcome {
    pub kind: Kind,
    pub base: String,
    pub note: String,
    /// The edit's finding was there (with the right fact type, for `differs`).
    pub found: bool,
    /// Loud findings in all.
    pub loud: usize,
    /// Loud findings that are not on the edit.
    pub false_findings: Vec<String>,
    /// Loud findings on the edit (kind and place right, fact type not needed).
    pub on_edit: Vec<String>,
    /// For a missed whole sentence: what the alignment paired it with.
    pub paired_with: Option<String>,
}

/// Where `context` (holding the edit at `inner`) stands in `text`: the
/// edit's byte range there, the occurrence nearest `hint` (a fraction of the
/// text) when there are several.
fn locate(text: &str, context: &str, inner: (usize, usize), hint: f64) -> Option<(usize, usize)> {
    let guess = (hint * text.len() as f64) as usize;
    let at = text.match_indices(context).map(|(i, _)| i).min_by_key(|&i| i.abs_diff(guess))?;
    Some((at + inner.0, at + inner.1))
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Words of `text[range]` as byte ranges of `text`: content words only
/// when `content` (unless there are none), lowercased.
fn word_ranges(text: &str, range: (usize, usize), content: bool) -> Vec<(usize, usize, String)> {
    let slice = &text[range.0..range.1];
    let mut all = Vec::new();
    let mut start = None;
    for (i, c) in slice.char_indices().chain(std::iter::once((slice.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                all.push((range.0 + s, range.0 + i, slice[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    let kept: Vec<_> = all.iter().filter(|(_, _, w)| is_content(w)).cloned().collect();
    if content && !kept.is_empty() { kept } else { all }
}

/// Cover of the edit's words by a finding, and the edit's share of the
/// finding's words, by position: `edit` and `finding` are byte ranges of `text`.
fn span_fit(text: &str, edit: (usize, usize), finding: (usize, usize), content: bool) -> (f64, f64) {
    let inside = |w: &(usize, usize, String), r: (usize, usize)| overlap((w.0, w.1), r) > 0;
    let edit_words = word_ranges(text, edit, content);
    let finding_words = word_ranges(text, finding, content);
    let covered = edit_words.iter().filter(|w| inside(w, finding)).count() as f64;
    let ours = finding_words.iter().filter(|w| inside(w, edit)).count() as f64;
    (covered / edit_words.len().max(1) as f64, ours / finding_words.len().max(1) as f64)
}

/// The same measure by words alone, where there are no positions (`missing`
/// findings quote the other version).
fn word_fit(expected: &str, got: &str, content: bool) -> (f64, f64) {
    let pick = |t: &str| {
        let words = word_ranges(t, (0, t.len()), content);
        words.into_iter().map(|(_, _, w)| w).collect::<Vec<_>>()
    };
    let (e, g) = (pick(expected), pick(got));
    let shared = shared_words(&e, &g) as f64;
    (shared / e.len().max(1) as f64, shared / g.len().max(1) as f64)
}

/// Runs one case against the engine; `version` is the original analysed.
pub fn run_case(case: &Case, bases: &[Base], version: &Article) -> Outcome {
    let own_version;
    let version = match &case.original {
        Some(text) => {
            own_version = analyse("original.txt", text, Format::Text).expect("the original reads");
            &own_version
        }
        None => version,
    };
    let current = analyse("edited.txt", &case.edited, Format::Text).expect("the edited text reads");
    let report = compare(&current, std::slice::from_ref(version));
    // Word cover of the edit, and the edit's share of the finding: whole
    // sentences 80% / 60%, spans 80% / 50%.
    let fit = |whole: bool| if whole { (0.8, 0.6) } else { (0.8, 0.5) };
    let mut outcome = Outcome {
        kind: case.kind,
        base: bases[case.base].id.clone(),
        note: case.note.clone(),
        found: false,
        loud: 0,
        false_findings: Vec::new(),
        on_edit: Vec::new(),
        paired_with: None,
    };
    let hint = |inner: (usize, usize)| inner.0 as f64 / case.edited.len().max(1) as f64;
    for f in loud(&report) {
        outcome.loud += 1;
        let (on_edit, typed) = match &case.expect {
            Expect::Nothing => (false, false),
            Expect::Missing { text, whole } => {
                let (cover, share) = f.there.as_deref().map_or((0.0, 0.0), |there| word_fit(text, there, !whole));
                let (c, s) = fit(*whole);
                let ok = f.kind == FindingKind::Missing && cover >= c && share >= s;
                (ok, ok)
            }
            Expect::Unique { context, inner, whole } => {
                let (c, s) = fit(*whole);
                let ok = f.kind == FindingKind::Unique
                    && match (locate(&current.text, context, *inner, hint(*inner)), f.here_span) {
                        (Some(edit), Some(span)) => {
                            let (cover, share) = span_fit(&current.text, edit, (span.start, span.end), !whole);
                            cover >= c && share >= s
                        }
                        _ => {
                            let expected = &context[inner.0..inner.1];
                            let (cover, share) = word_fit(expected, f.here.as_deref().unwrap_or(""), !whole);
                            cover >= c && share >= s
                        }
                    };
                (ok, ok)
            }
            Expect::Differs { context, inner, fact, old, new } => {
                let placed = f.kind == FindingKind::Differs
                    && match (locate(&current.text, context, *inner, hint(*inner)), f.here_span) {
                        (Some(edit), Some(span)) => overlap(edit, (span.start, span.end)) > 0,
                        _ => f.here.as_deref().is_some_and(|h| h.contains(new.as_str())),
                    };
                let typed = placed
                    && f.facts.iter().any(|p| {
                        p.kind == *fact
                            && (p.here.as_deref().is_some_and(|h| h.contains(new.as_str()))
                                || p.there.as_deref().is_some_and(|t| t.contains(old.as_str())))
                    });
                (placed, typed)
            }
        };
        outcome.found |= typed;
        if on_edit {
            outcome.on_edit.push(describe(f));
        } else {
            outcome.false_findings.push(describe(f));
        }
    }
    if !outcome.found {
        outcome.paired_with = pairing(case, &current, version, &report);
    }
    outcome
}

/// For a deleted or inserted whole sentence: the sentence of the other side
/// the alignment paired it with, if any (the usual cause of a miss).
fn pairing(case: &Case, current: &Article, version: &Article, report: &Report) -> Option<String> {
    let rows = &report.alignments.first()?.rows;
    let find = |article: &Article, words: &str| {
        article.sentences.iter().position(|s| {
            let (cover, share) = word_fit(words, s.span.of(&article.text), false);
            cover >= 0.8 && share >= 0.6
        })
    };
    match &case.expect {
        Expect::Missing { text, whole: true } => {
            let t = find(version, text)?;
            Some(match rows.iter().find(|r| r.there == Some(t)).map(|r| r.here) {
                Some(Some(here)) => format!("aligned with {:?}", current.sentences[here].span.of(&current.text)),
                Some(None) => "left unpaired, yet not reported".to_string(),
                None => "paired (backward) with a current sentence that keeps its own counterpart".to_string(),
            })
        }
        Expect::Unique { context, inner, whole: true } => {
            let s = find(current, &context[inner.0..inner.1])?;
            Some(match rows.iter().find(|r| r.here == Some(s)).and_then(|r| r.there) {
                Some(there) => format!("aligned with {:?}", version.sentences[there].span.of(&version.text)),
                None => "left unpaired, yet not reported whole".to_string(),
            })
        }
        _ => None,
    }
}

/// Runs every case, the original of each base analysed once, on up to
/// `threads` threads; outcomes in case order.
pub fn run_all(cases: &[Case], bases: &[Base], threads: usize) -> Vec<Outcome> {
    let mut by_base: Vec<Vec<usize>> = vec![Vec::new(); bases.len()];
    for (i, c) in cases.iter().enumerate() {
        by_base[c.base].push(i);
    }
    let groups: Vec<(usize, Vec<usize>)> = by_base.into_iter().enumerate().filter(|(_, v)| !v.is_empty()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(cases.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let g = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((b, indices)) = groups.get(g) else { break };
                    let version = analyse("original.txt", &bases[*b].text, Format::Text).expect("the base text reads");
                    let done: Vec<(usize, Outcome)> =
                        indices.iter().map(|&i| (i, run_case(&cases[i], bases, &version))).collect();
                    results.lock().expect("no worker panicked").extend(done);
                }
            });
        }
    });
    let mut results = results.into_inner().expect("no worker panicked");
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, o)| o).collect()
}

// ---------------------------------------------------------------- figures

/// The figures of one kind, or of a total.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub cases: usize,
    pub found: usize,
    pub loud: usize,
    pub on_edit: usize,
    pub false_findings: usize,
    /// Cases with any loud finding.
    pub with_findings: usize,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        self.cases += 1;
        self.found += usize::from(o.found);
        self.loud += o.loud;
        self.on_edit += o.on_edit.len();
        self.false_findings += o.false_findings.len();
        self.with_findings += usize::from(o.loud > 0);
    }
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.cases.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        if self.loud == 0 { 1.0 } else { self.on_edit as f64 / self.loud as f64 }
    }
}

/// All figures: per kind, content edits, format-only traps.
pub struct Figures {
    pub per_kind: Vec<(Kind, Tally)>,
    pub edits: Tally,
    pub traps: Tally,
}

impl Figures {
    pub fn of(outcomes: &[Outcome]) -> Figures {
        let mut per_kind: Vec<(Kind, Tally)> = Kind::ALL.iter().map(|&k| (k, Tally::default())).collect();
        let (mut edits, mut traps) = (Tally::default(), Tally::default());
        for o in outcomes {
            if let Some((_, t)) = per_kind.iter_mut().find(|(k, _)| *k == o.kind) {
                t.add(o);
            }
            if o.kind.format_only() { traps.add(o) } else { edits.add(o) }
        }
        Figures { per_kind, edits, traps }
    }

    /// All loud findings, format-only cases included.
    pub fn precision_all(&self) -> f64 {
        let loud = self.edits.loud + self.traps.loud;
        if loud == 0 { 1.0 } else { self.edits.on_edit as f64 / loud as f64 }
    }

    pub fn tally(&self, kind: Kind) -> Tally {
        self.per_kind.iter().find(|(k, _)| *k == kind).map(|(_, t)| *t).unwrap_or_default()
    }

    /// The table the example and the test print.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{:<28} {:>5} {:>8} {:>6} {:>6}", "kind", "cases", "recall", "loud", "false");
        for (kind, t) in &self.per_kind {
            if kind.format_only() {
                let _ = writeln!(
                    out,
                    "{:<28} {:>5} {:>8} {:>6} {:>6}",
                    kind.name(),
                    t.cases,
                    "-",
                    t.loud,
                    t.false_findings
                );
            } else {
                let recall = format!("{:.1}%", 100.0 * t.recall());
                let _ = writeln!(
                    out,
                    "{:<28} {:>5} {:>8} {:>6} {:>6}",
                    kind.name(),
                    t.cases,
                    recall,
                    t.loud,
                    t.false_findings
                );
            }
        }
        let e = &self.edits;
        let _ = writeln!(
            out,
            "content edits: {} cases, recall {:.1}% ({}/{}), precision {:.1}% ({}/{} loud findings on the edit)",
            e.cases,
            100.0 * e.recall(),
            e.found,
            e.cases,
            100.0 * e.precision(),
            e.on_edit,
            e.loud
        );
        let _ = writeln!(
            out,
            "format-only: {} cases, {} loud findings ({} cases with any); precision counting them: {:.1}%",
            self.traps.cases,
            self.traps.loud,
            self.traps.with_findings,
            100.0 * self.precision_all()
        );
        out
    }
}

/// Every miss and every false finding, for `--verbose`.
pub fn listing(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        if !o.kind.format_only() && !o.found {
            let _ = writeln!(out, "MISS  {} {} {}", o.kind.name(), o.base, o.note);
            if let Some(pair) = &o.paired_with {
                let _ = writeln!(out, "      {pair}");
            }
            for f in &o.on_edit {
                let _ = writeln!(out, "      on the edit, not as asked: {f}");
            }
        }
        for f in &o.false_findings {
            let _ = writeln!(out, "FALSE {} {} ({}) {f}", o.kind.name(), o.base, o.note);
        }
    }
    out
}
