//! Stage 4, facts.
//!
//! In: one sentence and what is known of its article (its date). Out: the
//! [`Fact`]s it states, each with its span in the sentence and a normalized
//! value, so that two versions of a story can be compared fact by fact:
//! - numbers with qualifier and unit, money and percentages ([`numbers`]:
//!   `1000`, ranges `200..999` for "several hundred", `1st`, `820000000 USD`,
//!   `12%`);
//! - dates normalized against the article's date ([`dates`]: `2023-09-07`,
//!   `--09-07` when no year is known, `2023-09`, `2023-W42`,
//!   `weekday:wednesday`, `relative:last-week`);
//! - names of people, organizations and places ([`names`]), valued by a
//!   transliteration key ([`name_key`]) so Sergey and Sergei match;
//! - quotes with their speaker, and attributions ([`quotes`]).
//!
//! The comparison asks [`same_value`] (the same meaning, however written) and
//! [`conflicts`] (comparable, and saying something different).
//!
//! Readers run in order, dates, numbers, names, quotes, each skipping words
//! an earlier one has read ("Sept. 7" is a date, not the number 7; "May" in
//! "May 5" is not a name).

pub mod dates;
mod lexicon;
pub(crate) mod measures;
pub mod names;
pub mod numbers;
pub mod quotes;
mod spelling;

pub use spelling::{is_variant_name, name_key, same_name, with_name_key};

use crate::model::{Fact, FactKind, Span};

/// What a sentence's facts are read against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactContext {
    /// The article's publication date, `(year, month, day)`.
    pub published: Option<(i32, u32, u32)>,
}

/// Facts stated in `sentence`, spans relative to it, in order of position.
pub fn extract(sentence: &str, context: &FactContext) -> Vec<Fact> {
    let tokens = crate::text::tokenize(sentence);
    let mut facts = Vec::new();
    dates::find(sentence, context, &mut facts);
    numbers::find(sentence, &tokens, &mut facts);
    names::find(sentence, &tokens, &mut facts);
    quotes::find(sentence, &tokens, &mut facts);
    facts.sort_by_key(|f| (f.span.start, f.kind));
    facts
}

/// A fact of `kind` covering `start..end` of `sentence`.
fn fact(kind: FactKind, sentence: &str, start: usize, end: usize, value: String) -> Fact {
    Fact {
        kind,
        span: Span::new(start, end),
        text: sentence[start..end].to_string(),
        value,
        qualifier: None,
        unit: None,
        speaker: None,
    }
}

/// The bytes of a sentence that facts already cover, as disjoint intervals
/// (merged on insert): asking whether a new match overlaps one is a lookup
/// in a sorted map, not a scan of every fact found so far (a sentence of
/// thousands of dates was quadratic).
#[derive(Debug, Default)]
pub(crate) struct Covered {
    /// Interval start → end, disjoint, none empty.
    spans: std::collections::BTreeMap<usize, usize>,
}

impl Covered {
    /// The bytes covered by `facts`.
    pub(crate) fn of(facts: &[Fact]) -> Self {
        let mut covered = Covered::default();
        for fact in facts {
            covered.insert(fact.span.start, fact.span.end);
        }
        covered
    }

    /// Whether part of `start..end` is covered.
    pub(crate) fn overlaps(&self, start: usize, end: usize) -> bool {
        self.spans.range(..end).next_back().is_some_and(|(_, &e)| e > start)
    }

    /// Marks `start..end` as covered.
    pub(crate) fn insert(&mut self, mut start: usize, mut end: usize) {
        if start >= end {
            return;
        }
        // Absorb every interval that overlaps the new one (touching ones stay
        // apart, so an empty query at their seam is still uncovered).
        while let Some((&s, &e)) = self.spans.range(..end).next_back() {
            if e <= start {
                break;
            }
            self.spans.remove(&s);
            start = start.min(s);
            end = end.max(e);
        }
        self.spans.insert(start, end);
    }
}

// ---- comparing ---------------------------------------------------------------

/// How two values relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Same,
    Different,
    /// Not comparable: different units, granularities or kinds.
    Unrelated,
}

/// Whether `a` and `b` mean the same: 1,000 = 1000 = one thousand; Sept. 7
/// = September 7 (a date without a year matches one with a year on month
/// and day; a weekday matches a date falling on it); Sergey Lavrov =
/// Sergei Lavrov = Lavrov.
pub fn same_value(a: &Fact, b: &Fact) -> bool {
    relation(a, b) == Relation::Same
}

/// Whether one of `facts` gives the value of `x` ([`same_value`], of its kind).
pub fn gives_value(facts: &[Fact], x: &Fact) -> bool {
    facts.iter().any(|h| h.kind == x.kind && same_value(h, x))
}

/// Whether `a` and `b` are comparable and say something different: numbers
/// counting the same unit (or both no unit) with different values (a vague
/// range only conflicts with what lies outside it: "several hundred" vs
/// "more than 1,000" does, vs "about 500" does not), money in one currency,
/// percentages, dates of one granularity, names of one kind (or of unknown
/// kind), quotes and attributions.
pub fn conflicts(a: &Fact, b: &Fact) -> bool {
    relation(a, b) == Relation::Different
}

fn relation(a: &Fact, b: &Fact) -> Relation {
    use FactKind::*;
    match (a.kind, b.kind) {
        (Number, Number) => number_relation(a, b),
        (Money, Money) if a.unit == b.unit => hedged_or_plain(a, b),
        (Percent, Percent) => hedged_or_plain(a, b),
        (Date, Date) => date_relation(&a.value, &b.value),
        (Quote, Quote) => plain_relation(&a.value, &b.value),
        (Attribution, Attribution) => name_relation(a, b),
        (x, y) if is_name_kind(x) && is_name_kind(y) && (x == y || x == Name || y == Name) => name_relation(a, b),
        _ => Relation::Unrelated,
    }
}

fn is_name_kind(kind: FactKind) -> bool {
    matches!(kind, FactKind::Person | FactKind::Organization | FactKind::Place | FactKind::Name)
}

fn name_relation(a: &Fact, b: &Fact) -> Relation {
    let text = |f: &Fact| f.speaker.clone().unwrap_or_else(|| f.text.clone());
    if a.value == b.value || same_name(&text(a), &text(b)) { Relation::Same } else { Relation::Different }
}

/// Equal strings, or equal numbers written differently ("12.0%" / "12%").
fn plain_relation(a: &str, b: &str) -> Relation {
    let same = a == b || matches!((figure(a), figure(b)), (Some(x), Some(y)) if x == y);
    if same { Relation::Same } else { Relation::Different }
}

/// A money or percentage value read back: its leading figure, its scale or
/// currency word ("820000000 USD"), and whether it is a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Figure<'a> {
    n: f64,
    scale: Option<&'a str>,
    percent: bool,
}

fn figure(value: &str) -> Option<Figure<'_>> {
    let mut words = value.trim_end_matches('%').split(' ');
    let n = words.next()?.parse::<f64>().ok()?;
    Some(Figure { n, scale: words.next(), percent: value.ends_with('%') })
}

// ---- numbers -------------------------------------------------------------------

/// A number's value read back: a point, a range, or an ordinal.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Amount {
    Exact(f64),
    Range(f64, f64),
    Ordinal(f64),
}

fn amount(value: &str) -> Option<Amount> {
    if let Some((lo, hi)) = value.split_once("..") {
        return Some(Amount::Range(lo.parse().ok()?, hi.parse().ok()?));
    }
    let digits = value.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n: f64 = digits.parse().ok()?;
    Some(if digits.len() < value.len() { Amount::Ordinal(n) } else { Amount::Exact(n) })
}

/// Whether `total` (a number) is the sum of two or more numbers that follow
/// one another among `parts` (a sentence's facts, in order, their spans in
/// `text`), listed one after another: "23 pirates" and "12 Somali and 11
/// Yemeni suspects" count the same people, as a total and its parts (while
/// "3:30" is one time, not 3 and 30). Only plain counts (no ordinals,
/// ranges or hedges); at most [`MAX_PARTS`] numbers of a sentence are looked at.
pub fn sum_of_parts(total: &Fact, parts: &[Fact], text: &str) -> bool {
    let count = |f: &Fact| match (f.kind, amount(&f.value)) {
        (FactKind::Number, Some(Amount::Exact(n))) if f.qualifier.is_none() => Some(n),
        _ => None,
    };
    let Some(whole) = count(total) else { return false };
    let numbers: Vec<(&Fact, f64)> = parts.iter().filter_map(|f| count(f).map(|n| (f, n))).take(MAX_PARTS).collect();
    // Parts are listed: "12 Somali and 11 Yemeni", "three dead, two hurt"
    // (a few words apart, an "and" or a comma between), not two counts of
    // a sentence ("a magnitude-2 quake injured three").
    let listed = |a: &Fact, b: &Fact| {
        text.get(a.span.end..b.span.start).is_some_and(|gap| {
            let words: Vec<&str> = gap.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
            !words.is_empty()
                && words.len() <= MAX_PART_GAP_WORDS
                && (gap.contains(',') || words.iter().any(|w| matches!(w.to_lowercase().as_str(), "and" | "plus")))
        })
    };
    (0..numbers.len()).any(|first| {
        let mut sum = numbers[first].1;
        for pair in numbers[first..].windows(2) {
            if !listed(pair[0].0, pair[1].0) {
                return false;
            }
            sum += pair[1].1;
            if sum == whole {
                return true;
            }
        }
        false
    })
}

/// How many numbers of one sentence [`sum_of_parts`] adds up at most.
const MAX_PARTS: usize = 16;
/// How many words stand at most between two parts of one total.
const MAX_PART_GAP_WORDS: usize = 3;

/// How far a hedged figure reaches: "about N" is N within a quarter either
/// way, "more than N" up to a quarter more, "fewer than N" a quarter less.
const HEDGE_SPREAD: f64 = 1.25;

/// The values a number allows, as a reader takes it given its qualifier:
/// "about 500" → 375..625; "more than 1,000" → 1,000 to a quarter more,
/// "fewer than 100" → 80..100 (a writer picks the round figure next to the
/// count, so "at least three" dead against "10" dead is a toll that rose,
/// while "over 350 yards" fits "352 yards"): the same quarter as "about".
fn bounds(amount: Amount, qualifier: Option<&str>) -> (f64, f64) {
    match amount {
        Amount::Range(lo, hi) => (lo, hi),
        Amount::Exact(n) | Amount::Ordinal(n) => match qualifier.unwrap_or("") {
            "more than" | "over" | "at least" | "upwards of" | "in excess of" | "greater than" | "just over"
            | "well over" | "above" | "no fewer than" | "no less than" => (n, n * HEDGE_SPREAD),
            "fewer than" | "less than" | "up to" | "at most" | "under" | "below" | "no more than" | "just under"
            | "as many as" | "as much as" | "as few as" => (n / HEDGE_SPREAD, n),
            "about" | "around" | "approximately" | "roughly" | "nearly" | "almost" | "close to" | "some"
            | "estimated" | "an estimated" => (n * (2.0 - HEDGE_SPREAD), n * HEDGE_SPREAD),
            _ => (n, n),
        },
    }
}

fn number_relation(a: &Fact, b: &Fact) -> Relation {
    if a.unit != b.unit {
        return Relation::Unrelated;
    }
    let (Some(x), Some(y)) = (amount(&a.value), amount(&b.value)) else {
        return plain_relation(&a.value, &b.value);
    };
    match (x, y) {
        (Amount::Ordinal(p), Amount::Ordinal(q)) => {
            if p == q {
                Relation::Same
            } else {
                Relation::Different
            }
        }
        (Amount::Exact(p), Amount::Exact(q)) => hedged_relation(p, a.qualifier.as_deref(), q, b.qualifier.as_deref()),
        (Amount::Ordinal(_), _) | (_, Amount::Ordinal(_)) => Relation::Unrelated,
        (Amount::Range(p, q), Amount::Range(r, s)) if p == r && q == s => Relation::Same,
        _ => {
            let (lo_a, hi_a) = bounds(x, a.qualifier.as_deref());
            let (lo_b, hi_b) = bounds(y, b.qualifier.as_deref());
            if hi_a < lo_b || hi_b < lo_a { Relation::Different } else { Relation::Unrelated }
        }
    }
}

/// Two amounts as their qualifiers frame them: equal values are the same;
/// under one framing (both plain, or both "more than") different values
/// conflict; under two framings they conflict only when the values each
/// allows do not meet, so "more than 100 mph" and "120 mph", "nearly 50%"
/// and "48%", "more than $40,000" and "$43,000" are one figure told more or
/// less exactly (no conflict), while "more than 1,000" and "800", or "about
/// 300" and "about 481", still conflict.
fn hedged_relation(p: f64, qualifier_p: Option<&str>, q: f64, qualifier_q: Option<&str>) -> Relation {
    if p == q {
        return Relation::Same;
    }
    if qualifier_p == qualifier_q {
        return Relation::Different;
    }
    let (lo_p, hi_p) = bounds(Amount::Exact(p), qualifier_p);
    let (lo_q, hi_q) = bounds(Amount::Exact(q), qualifier_q);
    if hi_p < lo_q || hi_q < lo_p { Relation::Different } else { Relation::Unrelated }
}

/// Money of one currency and percentages: their leading figures framed by
/// their qualifiers ([`hedged_relation`]) when both read as plain numbers
/// with the same scale word; else as written ([`plain_relation`]).
fn hedged_or_plain(a: &Fact, b: &Fact) -> Relation {
    match (figure(&a.value), figure(&b.value)) {
        (Some(x), Some(y)) if x.scale == y.scale && x.percent == y.percent => {
            hedged_relation(x.n, a.qualifier.as_deref(), y.n, b.qualifier.as_deref())
        }
        _ => plain_relation(&a.value, &b.value),
    }
}

// ---- dates ---------------------------------------------------------------------

/// A date value read back (see [`dates`] for the formats).
#[derive(Debug, Clone, PartialEq)]
enum When<'a> {
    Day(Option<i32>, u32, u32),
    Weekday(u32),
    Month(Option<i32>, u32),
    Week(i32, u32),
    Year(i32),
    Relative(&'a str),
}

fn when(value: &str) -> Option<When<'_>> {
    if let Some(name) = value.strip_prefix("weekday:") {
        return (0..7).find(|&d| dates::weekday_name(d) == name).map(When::Weekday);
    }
    if let Some(tag) = value.strip_prefix("relative:") {
        return Some(When::Relative(tag));
    }
    let (year, rest) = match value.strip_prefix("--") {
        Some(rest) => (None, rest),
        None => {
            let (year, rest) = value.split_at(value.find('-').unwrap_or(value.len()));
            (Some(year.parse::<i32>().ok()?), rest.strip_prefix('-').unwrap_or(""))
        }
    };
    if let Some(week) = rest.strip_prefix('W') {
        return Some(When::Week(year?, week.parse().ok()?));
    }
    let mut parts = rest.split('-').filter(|p| !p.is_empty());
    match (parts.next(), parts.next()) {
        (None, _) => Some(When::Year(year?)),
        (Some(m), None) => Some(When::Month(year, m.parse().ok()?)),
        (Some(m), Some(d)) => Some(When::Day(year, m.parse().ok()?, d.parse().ok()?)),
    }
}

fn date_relation(a: &str, b: &str) -> Relation {
    use When::*;
    let (Some(x), Some(y)) = (when(a), when(b)) else {
        return plain_relation(a, b);
    };
    let years_agree = |p: Option<i32>, q: Option<i32>| p.is_none() || q.is_none() || p == q;
    let same = match (&x, &y) {
        (Day(p, m, d), Day(q, n, e)) => years_agree(*p, *q) && m == n && d == e,
        (Day(Some(year), m, d), Weekday(w)) | (Weekday(w), Day(Some(year), m, d)) => {
            dates::weekday_of(dates::days_from_civil((*year, *m, *d))) == *w
        }
        (Weekday(v), Weekday(w)) => v == w,
        (Month(p, m), Month(q, n)) => years_agree(*p, *q) && m == n,
        (Week(p, v), Week(q, w)) => p == q && v == w,
        (Year(p), Year(q)) => p == q,
        (Relative(s), Relative(t)) if s == t => true,
        (Relative(s), Relative(t)) if relative_unit(s) == relative_unit(t) => false,
        _ => return Relation::Unrelated,
    };
    if same { Relation::Same } else { Relation::Different }
}

/// "last-week" → "week", "yesterday" → "day".
fn relative_unit(tag: &str) -> &str {
    let last = tag.rsplit('-').next().unwrap_or(tag);
    match last {
        "yesterday" | "today" | "tonight" | "tomorrow" | "ago" => {
            if tag.contains("week") {
                "week"
            } else if tag.contains("month") {
                "month"
            } else if tag.contains("year") {
                "year"
            } else {
                "day"
            }
        }
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => "day",
        unit => unit,
    }
}
