//! Counts, money and percentages.
//!
//! Values: a plain decimal without separators (`1000`, `3.5`) for a number
//! written in digits or words ("1,000", "1000", "one thousand" → `1000`); a
//! range `lo..hi` for a vague quantity ("several hundred"/"hundreds" →
//! `200..999`, "dozens" → `24..99`, "several" → `3..9`), so it compares as
//! different from `1000` yet agrees with "about 500" (see
//! [`super::conflicts`]); an ordinal as `1st`, `2nd`; money as `<amount>
//! <ISO currency>` (`820000000 USD`); a percentage as `12%`.
//! The fact's text is the number as written ("1,000", "several hundred",
//! "two-day", "$820 million"); what frames it goes to `qualifier` ("more
//! than", "several", "dozens of") and `unit` (the counted noun's singular:
//! "containers" → `container`; the currency code for money).

use super::{Covered, fact, lexicon};
use crate::model::{Fact, FactKind, Span};
use crate::text::{Token, TokenClass};

/// Adds the sentence's numbers, money and percentages to `out`, skipping
/// anything inside facts already found (dates).
pub fn find(sentence: &str, tokens: &[Token], out: &mut Vec<Fact>) {
    let taken = Covered::of(out);
    let mut i = 0;
    while i < tokens.len() {
        if taken.overlaps(tokens[i].span.start, tokens[i].span.end) {
            i += 1;
            continue;
        }
        if tokens[i].class != TokenClass::Number && !starts_number_word(&tokens[i].norm) {
            i += 1; // most words: one binary search, then on
            continue;
        }
        let found = read_digits(sentence, tokens, i)
            .or_else(|| read_words(sentence, tokens, i))
            .or_else(|| read_article_unit(tokens, i))
            .or_else(|| read_ordinal(sentence, tokens, i));
        match found {
            Some(quantity) if !taken.overlaps(tokens[i].span.start, quantity.end_byte) => {
                i = quantity.next;
                out.push(quantity.into_fact(sentence, tokens, i));
            }
            _ => i += 1,
        }
    }
}

/// Words that can open a number ("two", "a dozen", "several", "first"),
/// sorted for binary search.
const NUMBER_STARTS: &[&str] = &[
    "a",
    "an",
    "billions",
    "dozens",
    "eight",
    "eighteen",
    "eighth",
    "eighty",
    "eleven",
    "fifteen",
    "fifth",
    "fifty",
    "first",
    "five",
    "forty",
    "four",
    "fourteen",
    "fourth",
    "hundreds",
    "millions",
    "nine",
    "nineteen",
    "ninety",
    "ninth",
    "one",
    "scores",
    "second",
    "seven",
    "seventeen",
    "seventh",
    "seventy",
    "several",
    "six",
    "sixteen",
    "sixth",
    "sixty",
    "ten",
    "tens",
    "tenth",
    "third",
    "thirteen",
    "thirty",
    "thousands",
    "three",
    "twelve",
    "twenty",
    "two",
    "zero",
];

/// Whether `norm` (or its part before a hyphen: "two-day") can open a number.
fn starts_number_word(norm: &str) -> bool {
    let head = norm.split('-').next().unwrap_or(norm);
    lexicon::has(NUMBER_STARTS, head)
}

/// A number read at some token, before its frame is read.
struct Quantity {
    start_byte: usize,
    end_byte: usize,
    /// Index of the first token after it.
    next: usize,
    value: String,
    kind: FactKind,
    /// A unit already known (from "two-day", a currency, a time word).
    unit: Option<String>,
    /// A qualifier carried by the words themselves ("several", "dozens of").
    qualifier: Option<String>,
    /// Whether a counted noun should be looked for after it.
    wants_unit: bool,
    /// A count of one: its noun is singular.
    plural: bool,
}

impl Quantity {
    fn into_fact(self, sentence: &str, tokens: &[Token], next: usize) -> Fact {
        let mut f = fact(self.kind, sentence, self.start_byte, self.end_byte, self.value);
        f.qualifier = self.qualifier.or_else(|| qualifier_before(sentence, self.start_byte).map(str::to_string));
        f.unit = self.unit.or_else(|| self.wants_unit.then(|| counted_noun(tokens, next, self.plural)).flatten());
        f
    }
}

// ---- digits ----------------------------------------------------------------

/// "1,000", "3.2 million", "$820 million", "12%", "5bn", "18th", "10-year".
fn read_digits(sentence: &str, tokens: &[Token], i: usize) -> Option<Quantity> {
    let token = &tokens[i];
    if token.class != TokenClass::Number {
        return None;
    }
    let raw = token.span.of(sentence);
    if raw.contains(':') || spaced_clock(sentence, token.span) || glued_to_word(sentence, token.span.start) {
        return None; // a time ("11:29am", "7 : 01 p. m.") or part of a name ("COVID-19")
    }
    let digits_end = raw.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(raw.len());
    let (digits, suffix) = raw.split_at(digits_end);
    let digits = digits.trim_end_matches(['.', ',']);
    let mut exponent = 0;
    let mut next = i + 1;
    let mut end_byte = token.span.end;
    match suffix.to_ascii_lowercase().as_str() {
        "" => {}
        "st" | "nd" | "rd" | "th" => {
            let n = decimal(digits, 0)?;
            return Some(ordinal(token.span.start, end_byte, next, &n));
        }
        s => exponent = scale_exponent(s)?,
    }
    if exponent == 0 {
        if let Some(scale) = tokens.get(next).and_then(|t| scale_exponent(&t.norm)) {
            if tokens[next].norm.len() > 1 {
                exponent = scale;
                end_byte = tokens[next].span.end;
                next += 1;
            }
        }
    }
    let value = decimal(digits, exponent)?;
    let mut quantity = Quantity {
        start_byte: token.span.start,
        end_byte,
        next,
        value,
        kind: FactKind::Number,
        unit: None,
        qualifier: None,
        wants_unit: true,
        plural: digits != "1",
    };
    if let Some(currency) = currency_before(sentence, token.span.start) {
        quantity.start_byte = currency.0;
        return Some(money(quantity, currency.1));
    }
    if let Some((code, after)) = tokens.get(next).and_then(|t| currency_word(&t.norm).map(|c| (c, t.span.end))) {
        quantity.end_byte = after;
        quantity.next = next + 1;
        return Some(money(quantity, code));
    }
    if let Some((end, next)) = percent_after(sentence, tokens, next) {
        quantity.end_byte = end;
        quantity.next = next;
        quantity.kind = FactKind::Percent;
        quantity.value.push('%');
        quantity.wants_unit = false;
        return Some(quantity);
    }
    if exponent == 0 && is_year(digits) {
        return None; // a year: the dates reader's
    }
    hyphen_unit(sentence, tokens, &mut quantity);
    Some(quantity)
}

/// Whether the character before `at` makes the number part of a word or
/// code: a letter, or a hyphen after a letter ("COVID-19", "F-16"); for
/// digits after a decimal point, the figure they end ("magnitude-5.2" is
/// no 2).
fn glued_to_word(sentence: &str, at: usize) -> bool {
    let mut start = at;
    loop {
        let mut back = sentence[..start].char_indices().rev();
        match (back.next(), back.next()) {
            (Some((i, c)), _) if c.is_ascii_digit() => start = i,
            (Some((i, '.' | ',')), Some((_, d))) if d.is_ascii_digit() => start = i,
            _ => break,
        }
    }
    let mut before = sentence[..start].chars().rev();
    match before.next() {
        Some(c) if c.is_alphabetic() => true,
        Some('-') => before.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// Whether the number at `span` is the hour or the minutes of a clock time
/// written with spaces around its colon, as tokenized text has it ("7 : 01
/// p. m."): a time, not a count.
fn spaced_clock(sentence: &str, span: Span) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let figure = span.of(sentence);
    let after = sentence[span.end..].trim_start();
    let before = sentence[..span.start].trim_end();
    // Exactly two digits after the colon, read by chars: the text after it
    // may open with any character.
    let hour = figure.len() <= 2
        && after.strip_prefix(':').is_some_and(|rest| {
            let mut chars = rest.trim_start().chars();
            let two = chars.by_ref().take(2).filter(char::is_ascii_digit).count() == 2;
            two && !chars.next().is_some_and(|c| c.is_ascii_digit())
        });
    let minutes = figure.len() == 2
        && before.strip_suffix(':').is_some_and(|rest| {
            let rest = rest.trim_end();
            let tail: String = rest.chars().rev().take_while(char::is_ascii_digit).collect();
            (1..=2).contains(&tail.len())
        });
    digits(figure) && (hour || minutes)
}

fn is_year(digits: &str) -> bool {
    digits.len() == 4 && digits.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y))
}

/// "10-year" (tokens "10", "-", "year-old"): the unit written onto the number.
fn hyphen_unit(sentence: &str, tokens: &[Token], quantity: &mut Quantity) {
    let (Some(dash), Some(word)) = (tokens.get(quantity.next), tokens.get(quantity.next + 1)) else {
        return;
    };
    if dash.norm == "-" && dash.span.start == quantity.end_byte && word.span.start == dash.span.end {
        let raw = word.span.of(sentence);
        let head = raw.split(['-', '‑']).next().unwrap_or(raw);
        if head.chars().all(char::is_alphabetic) && !head.is_empty() {
            quantity.unit = Some(singular(&head.to_lowercase()));
            quantity.end_byte = word.span.start + head.len();
            quantity.next += 2;
        }
    }
}

/// Powers of ten named by a scale word or suffix ("million", "bn", "k").
fn scale_exponent(word: &str) -> Option<u32> {
    Some(match word {
        "thousand" | "k" => 3,
        "million" | "m" | "mn" | "mln" => 6,
        "billion" | "bn" | "b" => 9,
        "trillion" | "tn" | "trn" => 12,
        _ => return None,
    })
}

/// A decimal without separators: `digits` ("1,000", "3.2") times 10^`exponent`.
/// Exact on any length (string arithmetic), `None` when not a number.
pub fn decimal(digits: &str, exponent: u32) -> Option<String> {
    let digits = decimal_comma(digits);
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let int: String = int.chars().filter(|c| *c != ',').collect();
    if int.is_empty() && frac.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut all = int.clone();
    all.push_str(frac);
    let point = int.len() + exponent as usize;
    let (mut whole, fraction) = if point >= all.len() {
        let mut w = all;
        w.extend(std::iter::repeat_n('0', point - w.len()));
        (w, String::new())
    } else {
        (all[..point].to_string(), all[point..].to_string())
    };
    let trimmed = whole.trim_start_matches('0');
    whole = if trimmed.is_empty() { "0".into() } else { trimmed.into() };
    let fraction = fraction.trim_end_matches('0');
    if !fraction.is_empty() {
        whole.push('.');
        whole.push_str(fraction);
    }
    Some(whole)
}

/// "3,5" with one comma and one or two digits after it is a decimal comma.
fn decimal_comma(digits: &str) -> std::borrow::Cow<'_, str> {
    match digits.split_once(',') {
        Some((_, after)) if !digits.contains('.') && !after.contains(',') && (1..=2).contains(&after.len()) => {
            digits.replacen(',', ".", 1).into()
        }
        _ => digits.into(),
    }
}

// ---- money and percent --------------------------------------------------------

fn money(mut quantity: Quantity, currency: &str) -> Quantity {
    quantity.kind = FactKind::Money;
    quantity.value = format!("{} {currency}", quantity.value);
    quantity.unit = Some(currency.to_string());
    quantity.wants_unit = false;
    quantity
}

/// A currency sign right before `at` ("$5", "US$ 5", "€5"): its start and code.
fn currency_before(sentence: &str, at: usize) -> Option<(usize, &'static str)> {
    let before = &sentence[..at];
    let trimmed = before.strip_suffix(' ').unwrap_or(before);
    let sign = trimmed.chars().next_back()?;
    let mut code = match sign {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        '₩' => "KRW",
        '₽' => "RUB",
        '₹' => "INR",
        _ => return None,
    };
    let mut start = trimmed.len() - sign.len_utf8();
    for (prefix, prefixed) in [("US", "USD"), ("A", "AUD"), ("C", "CAD"), ("HK", "HKD"), ("NZ", "NZD")] {
        if sign == '$' && trimmed[..start].ends_with(prefix) {
            let at = start - prefix.len();
            if !trimmed[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
                code = prefixed;
                start = at;
                break;
            }
        }
    }
    Some((start, code))
}

/// ISO code of a currency named in words ("dollars", "euros").
fn currency_word(norm: &str) -> Option<&'static str> {
    Some(match norm {
        "dollar" | "dollars" => "USD",
        "euro" | "euros" => "EUR",
        "pound" | "pounds" => "GBP",
        "yen" => "JPY",
        "yuan" => "CNY",
        "ruble" | "rubles" | "rouble" | "roubles" => "RUB",
        "won" => "KRW",
        "rupee" | "rupees" => "INR",
        "hryvnia" | "hryvnias" => "UAH",
        _ => return None,
    })
}

/// "%", "percent", "per cent", "percentage point(s)" at token `i`: the end
/// byte and next token.
fn percent_after(sentence: &str, tokens: &[Token], i: usize) -> Option<(usize, usize)> {
    let token = tokens.get(i)?;
    let word = |k: usize| tokens.get(k).map(|t| t.norm.as_str());
    match token.norm.as_str() {
        "%" if sentence[..token.span.start].ends_with(|c: char| c.is_ascii_digit() || c == ' ') => {
            Some((token.span.end, i + 1))
        }
        "percent" | "pct" => Some((token.span.end, i + 1)),
        "per" if word(i + 1) == Some("cent") => Some((tokens[i + 1].span.end, i + 2)),
        "percentage" if matches!(word(i + 1), Some("point" | "points")) => Some((tokens[i + 1].span.end, i + 2)),
        _ => None,
    }
}

// ---- number words ----------------------------------------------------------------

/// A number in words: "two", "twenty-five", "one thousand", "a dozen",
/// "several hundred", "dozens of", "tens of thousands", "two-day".
fn read_words(sentence: &str, tokens: &[Token], i: usize) -> Option<Quantity> {
    let first = &tokens[i];
    if !matches!(first.class, TokenClass::Content | TokenClass::Stop) || first.capitalized {
        return None; // "Mega Millions": a capital mid-sentence makes a name
    }
    if let Some(quantity) = read_hyphen_unit(sentence, first, i) {
        return Some(quantity);
    }
    let (value, qualifier, next) = read_vague(tokens, i).or_else(|| read_cardinal(tokens, i))?;
    // "dozens of images": "of" is read but not part of the number's text.
    let last_index = if next - 1 > i && tokens[next - 1].norm == "of" { next - 2 } else { next - 1 };
    let last = &tokens[last_index];
    let plural = value != "1";
    // "one" alone is too often a pronoun ("one of them"): keep it only with its noun.
    let lone_one = next == i + 1 && first.norm == "one";
    let mut quantity = Quantity {
        start_byte: first.span.start,
        end_byte: last.span.end,
        next,
        value,
        kind: FactKind::Number,
        unit: None,
        qualifier,
        wants_unit: true,
        plural,
    };
    if let Some((end, after)) = percent_after(sentence, tokens, next) {
        quantity.end_byte = end;
        quantity.next = after;
        quantity.kind = FactKind::Percent;
        quantity.value.push('%');
        quantity.wants_unit = false;
        return Some(quantity);
    }
    if let Some(code) = tokens.get(next).and_then(|t| currency_word(&t.norm)) {
        quantity.end_byte = tokens[next].span.end;
        quantity.next = next + 1;
        return Some(money(quantity, code));
    }
    if lone_one {
        let noun = counted_noun(tokens, next, false)?;
        quantity.unit = Some(noun);
    }
    Some(quantity)
}

/// "two-day", "three-year": a number word with its unit after a hyphen.
fn read_hyphen_unit(sentence: &str, token: &Token, i: usize) -> Option<Quantity> {
    let raw = token.span.of(sentence);
    let mut parts = raw.split('-');
    let (head, unit) = (parts.next()?, parts.next()?);
    let n = cardinal_word(&head.to_lowercase())?;
    if compound_word(&token.norm).is_some() || unit.is_empty() || !unit.chars().all(char::is_alphabetic) {
        return None;
    }
    Some(Quantity {
        start_byte: token.span.start,
        end_byte: token.span.start + head.len() + 1 + unit.len(),
        next: i + 1,
        value: n.to_string(),
        kind: FactKind::Number,
        unit: Some(singular(&unit.to_lowercase())),
        qualifier: None,
        wants_unit: false,
        plural: n != 1,
    })
}

/// A cardinal in words: its value, no qualifier, and the next token.
/// "a hundred", "a dozen", "two million", "three hundred and fifty".
fn read_cardinal(tokens: &[Token], i: usize) -> Option<(String, Option<String>, usize)> {
    let mut k = i;
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut any = false;
    if matches!(tokens[k].norm.as_str(), "a" | "an")
        && tokens
            .get(k + 1)
            .is_some_and(|t| matches!(t.norm.as_str(), "hundred" | "thousand" | "million" | "billion" | "dozen"))
    {
        group = 1;
        k += 1;
    }
    while let Some(token) = tokens.get(k) {
        let word = token.norm.as_str();
        if let Some(n) = cardinal_word(word).or_else(|| compound_word(word)) {
            if any && group % 100 != 0 && group != 0 {
                break; // "two three" is not one number
            }
            group += n;
        } else if word == "dozen" && (any || group > 0) {
            group = group.max(1) * 12;
        } else if word == "hundred" && (any || group > 0) {
            group = group.max(1) * 100;
        } else if let Some(exp) = scale_exponent(word).filter(|_| word.len() > 2 && (any || group > 0)) {
            total = total.saturating_add(group.max(1).saturating_mul(10u64.pow(exp)));
            group = 0;
        } else if word == "and"
            && any
            && tokens.get(k + 1).is_some_and(|t| cardinal_word(&t.norm).is_some() || compound_word(&t.norm).is_some())
        {
            k += 1;
            continue;
        } else {
            break;
        }
        any = true;
        k += 1;
    }
    if !any {
        return None;
    }
    Some(((total + group).to_string(), None, k))
}

/// A vague quantity: "several", "a few", "dozens (of)", "several hundred",
/// "hundreds of thousands": a range, the words as qualifier, the next token.
/// Scaled ranges start at two of the scale, so "several hundred", "a few
/// hundred" and "hundreds" all read `200..999`.
fn read_vague(tokens: &[Token], i: usize) -> Option<(String, Option<String>, usize)> {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.norm.as_str());
    let (mut lo, mut hi, mut k, qualifier): (u64, u64, usize, &str) = match (word(i), word(i + 1)) {
        ("several", _) => (3, 9, i + 1, "several"),
        ("a", "few") => (2, 9, i + 2, "a few"),
        ("dozens", _) => (24, 99, i + 1, "dozens of"),
        ("scores", "of") => (40, 99, i + 1, "scores of"),
        ("tens", "of") if plural_scale(word(i + 2)).is_some() => (20, 99, i + 1, "tens of"),
        (w, _) => {
            let (lo, hi) = plural_scale(w)?;
            (lo, hi, i + 1, "")
        }
    };
    let counted_from = k;
    let mut scaled = 1u64;
    // "several hundred", "a few thousand", "hundreds of thousands"
    loop {
        let after_of = word(k) == "of";
        let (w, after) = if after_of { (word(k + 1), k + 2) } else { (word(k), k + 1) };
        let factor: u64 = match w {
            "hundred" | "hundreds" => 100,
            "thousand" | "thousands" => 1_000,
            "million" | "millions" => 1_000_000,
            "billion" | "billions" => 1_000_000_000,
            _ => break,
        };
        // "hundreds of thousands" but "several thousand": plural only after "of".
        if after_of != w.ends_with('s') {
            break;
        }
        if !after_of && matches!(qualifier, "several" | "a few") {
            lo = 2;
        }
        lo = lo.saturating_mul(factor);
        hi = hi.saturating_mul(factor).saturating_add(factor - 1);
        scaled = scaled.saturating_mul(factor);
        k = after;
    }
    // "several" or "a few" with nothing counted after them is no quantity.
    if scaled == 1
        && k == counted_from
        && matches!(qualifier, "several" | "a few")
        && tokens.get(k).is_none_or(|t| t.class != TokenClass::Content)
    {
        return None;
    }
    if word(k) == "of" {
        k += 1; // "dozens of images": the noun follows "of"
    }
    let qualifier = (!qualifier.is_empty()).then(|| qualifier.to_string());
    Some((format!("{lo}..{hi}"), qualifier, k))
}

/// "hundreds", "thousands", "millions": the range they stand for.
fn plural_scale(word: &str) -> Option<(u64, u64)> {
    Some(match word {
        "hundreds" => (200, 999),
        "thousands" => (2_000, 9_999),
        "millions" => (2_000_000, 9_999_999),
        "billions" => (2_000_000_000, 9_999_999_999),
        _ => return None,
    })
}

pub(crate) fn cardinal_word(word: &str) -> Option<u64> {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(n) = SMALL.iter().position(|w| *w == word) {
        return Some(n as u64);
    }
    TENS.iter().position(|w| *w == word).map(|n| (n as u64 + 2) * 10)
}

/// "eleventh" → 11, "21st" → 21: an ordinal written in words or figures.
pub(crate) fn ordinal_word(word: &str) -> Option<u64> {
    const ORDINALS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(n) = ORDINALS.iter().position(|w| *w == word) {
        return Some(n as u64 + 1);
    }
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|suffix| word.strip_suffix(suffix))?;
    digits.parse().ok()
}

/// "twenty-five" → 25.
fn compound_word(word: &str) -> Option<u64> {
    let (tens, ones) = word.split_once('-')?;
    let tens = cardinal_word(tens).filter(|n| *n >= 20)?;
    let ones = cardinal_word(ones).filter(|n| (1..10).contains(n))?;
    Some(tens + ones)
}

/// "a month", "an hour": one of a unit of time ("comes a month after").
fn read_article_unit(tokens: &[Token], i: usize) -> Option<Quantity> {
    let token = &tokens[i];
    if !matches!(token.norm.as_str(), "a" | "an") {
        return None;
    }
    let unit = tokens.get(i + 1)?;
    if !matches!(unit.norm.as_str(), "day" | "week" | "month" | "year" | "decade" | "hour" | "century") {
        return None;
    }
    // "once a month", "last a month"... and "a year ago" is a date, not a count.
    let before = i.checked_sub(1).map_or("", |k| tokens[k].norm.as_str());
    if matches!(before, "once" | "twice" | "times" | "per" | "every" | "half" | "such" | "what" | "quite" | "than") {
        return None;
    }
    Some(Quantity {
        start_byte: token.span.start,
        end_byte: unit.span.end,
        next: i + 2,
        value: "1".into(),
        kind: FactKind::Number,
        unit: Some(unit.norm.clone()),
        qualifier: None,
        wants_unit: false,
        plural: false,
    })
}

/// "his first foreign trip", "the second day": an ordinal after a
/// determiner; its value is `1st`, `2nd`...
fn read_ordinal(sentence: &str, tokens: &[Token], i: usize) -> Option<Quantity> {
    // In words, first to tenth.
    let word = &tokens[i].norm;
    let n = ordinal_word(word).filter(|&n| n <= 10 && word.chars().all(char::is_alphabetic))?;
    let before = i.checked_sub(1).map(|k| &tokens[k])?;
    let determiner =
        matches!(before.norm.as_str(), "the" | "his" | "her" | "its" | "their" | "our" | "my" | "a" | "this")
            || before.span.of(sentence).ends_with("'s")
            || before.span.of(sentence).ends_with("’s");
    let followed = tokens.get(i + 1).is_some_and(|t| t.class == TokenClass::Content);
    (determiner && followed).then(|| ordinal(tokens[i].span.start, tokens[i].span.end, i + 1, &n.to_string()))
}

fn ordinal(start_byte: usize, end_byte: usize, next: usize, n: &str) -> Quantity {
    let suffix = match (n.len() >= 2 && n.as_bytes()[n.len() - 2] == b'1', n.as_bytes().last()) {
        (false, Some(b'1')) => "st",
        (false, Some(b'2')) => "nd",
        (false, Some(b'3')) => "rd",
        _ => "th",
    };
    Quantity {
        start_byte,
        end_byte,
        next,
        value: format!("{n}{suffix}"),
        kind: FactKind::Number,
        unit: None,
        qualifier: None,
        wants_unit: true,
        plural: false,
    }
}

// ---- frame: qualifier and counted noun -----------------------------------

/// Words before a number that bound or soften it, longest first.
const QUALIFIERS: &[&str] = &[
    "no more than",
    "no fewer than",
    "no less than",
    "in excess of",
    "more than",
    "less than",
    "fewer than",
    "greater than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "close to",
    "upwards of",
    "an estimated",
    "just over",
    "just under",
    "well over",
    "approximately",
    "roughly",
    "around",
    "about",
    "nearly",
    "almost",
    "over",
    "under",
    "some",
    "only",
    "just",
    "estimated",
    "below",
    "above",
];

/// The qualifier that ends right before byte `at` (one space between).
fn qualifier_before(sentence: &str, at: usize) -> Option<&'static str> {
    let before = sentence[..at].trim_end();
    QUALIFIERS.iter().copied().find(|q| {
        before.len() >= q.len()
            && before.is_char_boundary(before.len() - q.len())
            && before[before.len() - q.len()..].eq_ignore_ascii_case(q)
            && !before[..before.len() - q.len()].chars().next_back().is_some_and(char::is_alphanumeric)
    })
}

/// The noun a number counts: the next content words up to a function word
/// or preposition; for a plural count the first plural among them ("two
/// Russian ships" → `ship`), else the last ("his first foreign trip" →
/// `trip`). Words ending in "-ed" are verbs more often than nouns here:
/// one ends the phrase unless it qualifies a noun after it.
fn counted_noun(tokens: &[Token], next: usize, plural: bool) -> Option<String> {
    let after = &tokens[next.min(tokens.len())..];
    let in_phrase = |t: &Token| {
        t.class == TokenClass::Content && !is_preposition(&t.norm) && !lexicon::has(lexicon::SAY_VERBS, &t.norm)
    };
    // A participle ends the noun phrase ("12 people killed") unless a
    // lower-case noun it qualifies follows: "one rocket propelled grenade
    // launcher" counts launchers, "13 fully loaded magazines" magazines.
    let participle = |t: &Token| t.norm.ends_with("ed");
    let modifier = |t: &Token| participle(t) || t.norm.ends_with("ly");
    let mut run: Vec<&Token> = Vec::new();
    for (k, t) in after.iter().take(4).enumerate() {
        if !in_phrase(t) {
            break;
        }
        if participle(t) {
            let qualifies = after.get(k + 1).is_some_and(|n| in_phrase(n) && !n.capitalized && !modifier(n));
            if !qualifies || k + 1 >= 4 {
                break;
            }
        }
        run.push(t);
    }
    // A phrase ends on its noun, not on a modifier ("one officer critically").
    while run.len() > 1 && run.last().is_some_and(|t| modifier(t)) {
        run.pop();
    }
    let is_plural = |t: &&&Token| t.norm.ends_with('s') && !t.norm.ends_with("ss") && t.norm.len() > 3;
    let word = if plural { run.iter().find(is_plural).or(run.last()) } else { run.last() }?;
    let norm = word.norm.split('-').next_back().unwrap_or(&word.norm);
    Some(singular(norm))
}

/// Prepositions the stopword list leaves out; they end a counted noun phrase.
fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "since"
            | "amid"
            | "via"
            | "near"
            | "like"
            | "across"
            | "toward"
            | "towards"
            | "despite"
            | "per"
            | "ago"
            | "later"
            | "earlier"
            | "apart"
            | "each"
    )
}

/// A plural noun's singular: "containers" → "container", "countries" →
/// "country", "boxes" → "box", "people" → "person".
pub fn singular(word: &str) -> String {
    match word {
        "people" => return "person".into(),
        "men" => return "man".into(),
        "women" => return "woman".into(),
        "children" => return "child".into(),
        _ => {}
    }
    if word.len() <= 3 || word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return word.to_string();
    }
    if let Some(base) = word.strip_suffix("ies") {
        return format!("{base}y");
    }
    for ending in ["ches", "shes", "sses", "xes", "zes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_starts_are_sorted() {
        assert!(NUMBER_STARTS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn decimals_are_exact() {
        for (digits, exponent, want) in [
            ("1,000", 0, "1000"),
            ("1000", 0, "1000"),
            ("3.2", 6, "3200000"),
            ("0.5", 0, "0.5"),
            ("007", 0, "7"),
            ("1.25", 1, "12.5"),
            ("3,5", 0, "3.5"),
            ("99999999999999999999999", 3, "99999999999999999999999000"),
        ] {
            assert_eq!(decimal(digits, exponent).as_deref(), Some(want), "{digits}e{exponent}");
        }
        assert_eq!(decimal(",", 0), None);
        assert_eq!(decimal("1.2.3", 0), None);
    }

    #[test]
    fn singulars() {
        for (plural, want) in [
            ("containers", "container"),
            ("countries", "country"),
            ("boxes", "box"),
            ("people", "person"),
            ("images", "image"),
            ("bus", "bus"),
            ("glass", "glass"),
        ] {
            assert_eq!(singular(plural), want);
        }
    }
}
