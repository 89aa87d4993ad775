//! Differs: the same fact stated differently.
//!
//! In: the [`Compared`] articles. Out: `differs` findings (and the `variant`
//! findings that the same reading finds: the same fact written another
//! way), each with its typed facts:
//! - in sentences that are one sentence edited (a revision), each replaced
//!   run of words that changes a number, a date, a name in the same slot,
//!   or the stance of the claim ("believes" / "might be");
//! - in sentences aligned as the same statement in other words, numbers
//!   and dates that count or date *the same thing*: the same unit and a
//!   shared word of what they are about, beside them;
//! - anywhere, the same count of the same thing attributed to different
//!   sources ([`attributed_counts`]: "more than 1,000 containers" per the
//!   White House, "several hundred containers" per a think tank).

use similar::DiffTag;

use super::compare::{Compared, Other, SAME_STATEMENT, name_keys, same_source, sentence_text};
use super::{FactPair, FactType, Finding, FindingKind};
use crate::align::{self, name_term, same_words};
use crate::facts::measures::{measures, one_measure};
use crate::model::{Article, Fact, FactKind, Span};
use crate::text::{Token, TokenClass};

/// Context words this many tokens either side of a fact say what it counts.
const CONTEXT_TOKENS: usize = 3;

/// Counts attributed to two sources stand in two unaligned sentences,
/// worded apart: a word this near either says what both count ("200 ships
/// had entered the port" / "90 ships used the port").
const ATTRIBUTED_CONTEXT_TOKENS: usize = 12;

/// A changed run of words in an aligned pair, classified.
struct Change {
    kind: FindingKind,
    here: Span,
    there_text: String,
    fact: FactPair,
}

/// The most facts a sentence may hold for the figures in it to be compared
/// one by one: news sentences give a few; a list of hundreds of figures is
/// a table.
const MAX_SENTENCE_FACTS: usize = 64;

/// Conflicts and variants in aligned sentences.
pub(crate) fn find(compared: &Compared<'_>) -> Vec<Finding> {
    let here_article = compared.here_article();
    let mut grouped: Vec<Finding> = Vec::new();
    for (s, sentence) in compared.here.sentences.iter().enumerate() {
        // A sentence of more facts than a statement makes is a list or a
        // table: its figures are not weighed one against another (the cost
        // is their product).
        if here_article.sentences[s].facts.len() > MAX_SENTENCE_FACTS {
            continue;
        }
        // The sentence's own facts, read once for every version it is linked in.
        let mut here_facts: Option<Vec<Fact>> = None;
        for other in &compared.others {
            let (Some((t, similarity)), Some(diff)) = (other.forward[s], &other.forward_diffs[s]) else {
                continue;
            };
            let counterpart = &other.prepared.sentences[t];
            if other.article().sentences[t].facts.len() > MAX_SENTENCE_FACTS {
                continue;
            }
            let here_facts = here_facts
                .get_or_insert_with(|| names_in_place(compared, &sentence.tokens, &here_article.sentences[s].facts));
            let there_facts = names_in_place(compared, &counterpart.tokens, &other.article().sentences[t].facts);
            let mut changes = Vec::new();
            let sides = Sides {
                here: here_article,
                there: other.article(),
                here_facts,
                there_facts: &there_facts,
                here_tokens: &sentence.tokens,
                there_tokens: &counterpart.tokens,
                revision: other.revision,
            };
            if diff.revision {
                for op in &diff.ops {
                    let (old, new) = (op.old_range(), op.new_range());
                    let change = match op.tag() {
                        DiffTag::Replace => {
                            classify_change(compared, &sentence.tokens[old], &counterpart.tokens[new], &sides)
                        }
                        DiffTag::Insert | DiffTag::Delete => negation_change(old, new, &sides),
                        DiffTag::Equal => None,
                    };
                    changes.extend(change);
                }
            } else if similarity >= SAME_STATEMENT {
                changes.extend(same_thing_conflicts(&sides, &sentence.tokens, &counterpart.tokens));
            }
            for change in changes {
                let finding = Finding {
                    kind: change.kind,
                    version: Some(other.id().to_string()),
                    versions: vec![other.id().to_string()],
                    here: Some(change.here.of(&here_article.text).to_string()),
                    here_span: Some(change.here),
                    sentence: Some(s),
                    there: Some(change.there_text.clone()),
                    after: None,
                    facts: vec![change.fact],
                    wordings: vec![compared.wording(s, other)],
                    weight: 0.0,
                };
                merge_into(&mut grouped, finding);
            }
        }
    }
    grouped
}

/// The facts of a sentence, without the "names" that are only a capital
/// letter at its start ("Throughout", "Meanwhile").
fn names_in_place(compared: &Compared<'_>, tokens: &[Token], facts: &[Fact]) -> Vec<Fact> {
    facts
        .iter()
        .filter(|f| {
            !is_name_kind(f.kind)
                || tokens
                    .iter()
                    .filter(|t| f.span.start <= t.span.start && t.span.end <= f.span.end)
                    .any(|t| compared.is_name(t, facts))
        })
        .cloned()
        .collect()
}

/// Both sides of an aligned pair.
struct Sides<'x> {
    here: &'x Article,
    there: &'x Article,
    here_facts: &'x [Fact],
    there_facts: &'x [Fact],
    here_tokens: &'x [Token],
    there_tokens: &'x [Token],
    /// The two articles are revisions of one text: their relative dates
    /// ("on Tuesday") are read against the same day.
    revision: bool,
}

fn pair(kind: FactType, here: String, there: String) -> FactPair {
    FactPair { kind, here: Some(here), there: Some(there), here_source: None, there_source: None }
}

/// What a replaced run of words in an edited sentence means: nothing
/// (format only), a variant, or a typed conflict.
fn classify_change(compared: &Compared<'_>, a: &[Token], b: &[Token], sides: &Sides<'_>) -> Option<Change> {
    let says = |t: &Token| super::compare::says_something(t);
    if same_words(a, b) || !(a.iter().any(says) || b.iter().any(says)) {
        return None;
    }
    // The same letters, written with an apostrophe or without, or with one
    // cut out as a token ("can't" / "cant", "hadn ’ t" / "hadn't"): format.
    let letters = |tokens: &[Token]| -> String {
        tokens.iter().flat_map(|t| t.norm.chars()).filter(|c| c.is_alphanumeric()).collect()
    };
    if letters(a) == letters(b) {
        return None;
    }
    let here_span = Span::new(a.first()?.span.start, a.last()?.span.end);
    let there_span = Span::new(b.first()?.span.start, b.last()?.span.end);
    let there_text = there_span.of(&sides.there.text).to_string();
    let here_text = here_span.of(&sides.here.text).to_string();
    let overlapping = |facts: &[Fact], span: Span| -> Vec<Fact> {
        facts.iter().filter(|f| f.span.start < span.end && span.start < f.span.end).cloned().collect()
    };
    let (mine, theirs) = (overlapping(sides.here_facts, here_span), overlapping(sides.there_facts, there_span));
    let mut judged = false;
    // A name fact's tokens (those it overlaps: "Abbott’s" for "Abbott").
    let accounted = |x: &Fact, tokens: &[Token]| {
        let overlaps = |t: &Token| x.span.start < t.span.end && t.span.start < x.span.end;
        let name = match (tokens.iter().position(overlaps), tokens.iter().rposition(overlaps)) {
            (Some(first), Some(last)) => &tokens[first..=last],
            _ => &[],
        };
        accounted_name(name, sides.here_tokens, sides.there_tokens)
    };
    for f in &mine {
        for g in theirs.iter().filter(|g| comparable_kinds(f.kind, g.kind)) {
            judged = true;
            if f.kind == FactKind::Quote && (super::quotes::same_words_quoted(f, g) || !super::quotes::misquoted(f, g))
            {
                continue;
            }
            let kind = fact_type(f.kind);
            let variant = crate::facts::same_value(f, g) || (is_name_kind(f.kind) && one_name(&f.text, &g.text));
            if variant {
                return Some(Change {
                    kind: FindingKind::Variant,
                    here: f.span,
                    there_text: g.text.clone(),
                    fact: pair(kind, f.text.clone(), g.text.clone()),
                });
            }
            // Against another report a name in the diff's slot is the other
            // outlet's choice of whom to name ("Inspector Gaskin" / "Timaru
            // Herald"): only one text revised renames a person.
            let renamed_across = is_name_kind(f.kind) && !sides.revision;
            // Likewise who a report credits: another outlet's source ("the
            // sheriff", "police", another official) is its choice; one
            // source named two ways ("A.J. Butler" / "A.J. Smith") is a
            // conflict.
            if f.kind == FactKind::Attribution && !sides.revision && !one_source_misnamed(f, g) {
                continue;
            }
            if is_name_kind(f.kind) && (accounted(f, sides.here_tokens) || accounted(g, sides.there_tokens)) {
                continue;
            }
            // A description put for a name ("the head of the Genovese crime
            // family" / "Gigante"): the name in it qualifies a noun, it does
            // not stand in the other's slot.
            if is_name_kind(f.kind) && described(a, sides.here_facts) != described(b, sides.there_facts) {
                continue;
            }
            // A figure each sentence states as often ("91-73" in both, the
            // diff pairing one side's "(7-2)" with it): the value is kept,
            // not changed.
            if is_quantity(f.kind)
                && (stated_as_often(f, sides.here_facts, sides.there_facts)
                    || stated_as_often(g, sides.there_facts, sides.here_facts))
            {
                continue;
            }
            if crate::facts::conflicts(f, g) && !renamed_across && comparable_here(f, g, sides) {
                return Some(Change {
                    kind: FindingKind::Differs,
                    here: f.span,
                    there_text: g.text.clone(),
                    fact: pair(kind, f.text.clone(), g.text.clone()),
                });
            }
        }
    }
    if judged {
        // The change is about facts of one kind, and they do not conflict.
        return None;
    }
    // Capitalized words for capitalized words in the same slot, one side a
    // name: a name changed ("Hong Kong" / "Hong Miller").
    let names = |tokens: &[Token], facts: &[Fact]| tokens.iter().all(|t| compared.is_name(t, facts));
    let capitals = |tokens: &[Token]| tokens.iter().all(|t| t.capitalized && t.class == TokenClass::Content);
    if capitals(a) && capitals(b) && (names(a, sides.here_facts) || names(b, sides.there_facts)) {
        let same = (a.len() == b.len() && a.iter().zip(b).all(|(x, y)| name_term(x) == name_term(y)))
            || one_name(&here_text, &there_text);
        if !same
            && (accounted_name(a, sides.here_tokens, sides.there_tokens)
                || accounted_name(b, sides.here_tokens, sides.there_tokens))
        {
            return None;
        }
        // Against another report, a name the other article writes too (or
        // ours that it writes) is two people in two roles, not one renamed.
        if !same && !sides.revision {
            return None;
        }
        let kind = if same { FindingKind::Variant } else { FindingKind::Differs };
        return Some(Change {
            kind,
            here: here_span,
            there_text: there_text.clone(),
            fact: pair(FactType::Name, here_text, there_text),
        });
    }
    // One time of day written two ways, among other words ("about 9 : 25" /
    // "9.25 a. m. on").
    // The runs hold no punctuation: the time is read from their text.
    // A time needs a number: only then is a run's text read again.
    let has_number = |run: &[Token]| run.iter().any(|t| t.class == TokenClass::Number);
    if has_number(a) && has_number(b) {
        let clock_in = |text: &str| align::clock_within(&crate::text::tokenize(text));
        if let (Some(x), Some(y)) = (clock_in(&here_text), clock_in(&there_text)) {
            if x == y {
                return None;
            }
        }
    }
    // One measure in two units ("200ft" / "60 metres", "15 miles" / "24km"):
    // the other outlet converted it for its readers.
    if one_measure(&measures(&here_text), &measures(&there_text)) {
        return Some(Change {
            kind: FindingKind::Variant,
            here: here_span,
            there_text: there_text.clone(),
            fact: pair(FactType::Number, here_text, there_text),
        });
    }
    let numbers = |tokens: &[Token], text: &str| {
        tokens.iter().any(|t| t.class == TokenClass::Number)
            && !tokens.iter().any(|t| t.class == TokenClass::Number && piece_of_figure(text, t.span))
    };
    // Every figure of one run written as often in both sentences: the diff
    // moved kept figures about, it changed none.
    let kept = |run: &[Token], own: &[Token], other: &[Token]| {
        let count = |sentence: &[Token], norm: &str| sentence.iter().filter(|t| t.norm == norm).count();
        run.iter().filter(|t| t.class == TokenClass::Number).all(|t| count(own, &t.norm) == count(other, &t.norm))
    };
    let kind = if numbers(a, &sides.here.text)
        && numbers(b, &sides.there.text)
        && !kept(a, sides.here_tokens, sides.there_tokens)
        && !kept(b, sides.there_tokens, sides.here_tokens)
    {
        FactType::Number
    } else if is_stance_change(a, b) && !negated_alike(a, b, sides) {
        FactType::Claim
    } else {
        // One word for another, neither a fact nor a change of stance: wording.
        return None;
    };
    let (here_span, there_span) = if kind == FactType::Claim {
        (with_verb(a, sides.here_tokens, here_span), with_verb(b, sides.there_tokens, there_span))
    } else {
        (here_span, there_span)
    };
    Some(differs_between(kind, here_span, there_span, sides))
}

/// A differs change of type `kind` between two spans of the sides' texts.
fn differs_between(kind: FactType, here_span: Span, there_span: Span, sides: &Sides<'_>) -> Change {
    let (here_text, there_text) =
        (here_span.of(&sides.here.text).to_string(), there_span.of(&sides.there.text).to_string());
    Change {
        kind: FindingKind::Differs,
        here: here_span,
        there_text: there_text.clone(),
        fact: pair(kind, here_text, there_text),
    }
}

/// Whether the name `names` (the run of one side that the diff paired with
/// a name of the other) stands in both sentences as often: the diff paired
/// it with a name one sentence adds ("a branch in Woodburn, about 30 miles
/// south of Portland" / "the town of Woodburn"), no one renamed. A name
/// changed in one of its places ("Mr Abbott" / "Mr Hughes", "Abbott" kept
/// elsewhere in the sentence) stands more often on one side.
fn accounted_name(names: &[Token], here: &[Token], there: &[Token]) -> bool {
    let Some(last) = names.last() else { return false };
    let count =
        |sentence: &[Token]| sentence.iter().filter(|t| t.capitalized && name_term(t) == name_term(last)).count();
    let (in_here, in_there) = (count(here), count(there));
    in_here > 0 && in_here == in_there
}

/// Whether a replaced run describes rather than only names: it holds a
/// lowercase content word outside every name ("the former Southern
/// California *star*").
fn described(run: &[Token], facts: &[Fact]) -> bool {
    run.iter().any(|t| {
        t.class == TokenClass::Content
            && !t.capitalized
            && !facts.iter().any(|f| is_name_kind(f.kind) && f.span.start <= t.span.start && t.span.end <= f.span.end)
    })
}

/// Whether `x` (a figure of the `own` sentence) is stated as often by the
/// other sentence, by value: then it is kept there, whatever the diff put
/// in its slot.
fn stated_as_often(x: &Fact, own: &[Fact], other: &[Fact]) -> bool {
    let count = |facts: &[Fact]| facts.iter().filter(|h| h.kind == x.kind && crate::facts::same_value(h, x)).count();
    count(own) == count(other)
}

/// Whether the words of `x` (a fact of the sentence `own`) stand as often in
/// the other sentence, whether or not the fact reader read them there as a
/// fact ("the second in two days", after a comma); not where it read them
/// as a figure of something else ("12 arrested" is no "12 people").
fn written_as_often(x: &Fact, own: &[Token], other: (&[Token], &[Fact])) -> bool {
    let (other_tokens, other_facts) = other;
    let words: Vec<&str> = own
        .iter()
        .filter(|t| x.span.start <= t.span.start && t.span.end <= x.span.end)
        .map(|t| t.norm.as_str())
        .collect();
    if words.is_empty() {
        return false;
    }
    let windows = |sentence: &[Token]| -> Vec<usize> {
        sentence
            .windows(words.len())
            .enumerate()
            .filter(|(_, w)| w.iter().map(|t| t.norm.as_str()).eq(words.iter().copied()))
            .map(|(i, _)| i)
            .collect()
    };
    let another_figure = |t: &Token| {
        other_facts
            .iter()
            .any(|h| h.span.start <= t.span.start && t.span.end <= h.span.end && !crate::facts::same_value(h, x))
    };
    let theirs = windows(other_tokens).into_iter().filter(|&i| !another_figure(&other_tokens[i])).count();
    windows(own).len() == theirs
}

/// The verb a contracted negation is made on ("couldn't" → "could"), whose
/// own stance it keeps.
fn contracted_base(norm: &str) -> Option<&str> {
    norm.strip_suffix("n't").or_else(|| norm.strip_suffix("n’t")).filter(|base| !base.is_empty())
}

/// A negation one sentence adds and the other lacks ("will raise" / "will
/// not raise"): the same claim, denied on one side. Each side is shown with
/// the words on either side of where the negation stands. None for any
/// other insertion or deletion (what one side says more is missing or
/// unique), and for a negation the other sentence makes elsewhere
/// ([`negated_alike`]).
fn negation_change(old: std::ops::Range<usize>, new: std::ops::Range<usize>, sides: &Sides<'_>) -> Option<Change> {
    let (here, there) = (sides.here_tokens, sides.there_tokens);
    let (a, b) = (&here[old.clone()], &there[new.clone()]);
    if !(is_negation_run(a) || is_negation_run(b)) || negated_alike(a, b, sides) {
        return None;
    }
    // The words before and after where the negation stands, on each side.
    let around = |tokens: &[Token], range: std::ops::Range<usize>| -> Option<Span> {
        let first = tokens.get(range.start.checked_sub(1)?)?;
        let last = tokens.get(range.end)?;
        Some(Span::new(first.span.start, last.span.end))
    };
    Some(differs_between(FactType::Claim, around(here, old)?, around(there, new)?, sides))
}

/// A word or two that only deny: "not", "never", "no".
pub(crate) fn is_negation_run(tokens: &[Token]) -> bool {
    const MAX_NEGATION_TOKENS: usize = 2;
    !tokens.is_empty()
        && tokens.len() <= MAX_NEGATION_TOKENS
        && tokens.iter().all(|t| stance(&t.norm) == Some(Stance::Negation))
}

/// Whether a change the diff reads as a negation added or dropped is one
/// negation moved: both sentences deny ("No gun has been recovered" / "The
/// gun has not been recovered"), and the runs differ in nothing else of
/// stance.
fn negated_alike(a: &[Token], b: &[Token], sides: &Sides<'_>) -> bool {
    let negations = |tokens: &[Token]| tokens.iter().filter(|t| stance(&t.norm) == Some(Stance::Negation)).count();
    let others = |tokens: &[Token]| {
        let mut kinds: Vec<Stance> =
            tokens.iter().filter_map(|t| stance(&t.norm)).filter(|k| *k != Stance::Negation).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    };
    negations(a) != negations(b)
        && negations(sides.here_tokens) == negations(sides.there_tokens)
        && others(a) == others(b)
}

/// A change of stance ending in a modal or auxiliary ("might be") is shown
/// with the verb it bears on ("might be seeking").
fn with_verb(run: &[Token], sentence: &[Token], span: Span) -> Span {
    let auxiliary = |t: &Token| {
        matches!(t.norm.as_str(), "is" | "be" | "was" | "are" | "were" | "been" | "has" | "have" | "had")
            || matches!(stance(&t.norm), Some(Stance::Hedge))
    };
    if !run.last().is_some_and(auxiliary) {
        return span;
    }
    let next = sentence.iter().position(|t| t.span.start >= span.end).and_then(|i| sentence.get(i));
    match next {
        Some(t) if t.class == TokenClass::Content => Span::new(span.start, t.span.end),
        _ => span,
    }
}

/// Whether two facts of an aligned pair can conflict at all: neither
/// sentence states the other's value too (a sentence giving both amounts,
/// "$1 million ($1.52 million)", or both scores, "20-13", disagrees with
/// neither); a relative date ("yesterday", "on Friday") only against one
/// of an article published the same day; a place only when neither article
/// ever names the other's (a bank "in Greece" / "in Athens").
fn comparable_here(f: &Fact, g: &Fact, sides: &Sides<'_>) -> bool {
    if is_quantity(f.kind) && (piece_of_figure(&sides.here.text, f.span) || piece_of_figure(&sides.there.text, g.span))
    {
        return false;
    }
    if is_quantity(f.kind) && !same_score(f, g, sides) {
        return false;
    }
    // A total against its parts ("23 pirates" / "12 Somali and 11 Yemeni").
    if crate::facts::sum_of_parts(f, sides.there_facts, &sides.there.text)
        || crate::facts::sum_of_parts(g, sides.here_facts, &sides.here.text)
    {
        return false;
    }
    let states = crate::facts::gives_value;
    // Two counts of no named noun ("boarded two of the boats" / "12 are
    // Somali") are tied by their slot alone: when the sentence gives the
    // other's value with any noun ("12 Somali and 11 Yemeni pirates"), that
    // is the figure it matches. Counts of one noun ("18 people" / "12
    // people") stay one thing whatever else the sentence counts.
    let one_noun = f.unit.is_some() && f.unit == g.unit;
    let says = |facts: &[Fact], x: &Fact| {
        states(facts, x)
            || (x.kind == FactKind::Number
                && !one_noun
                && facts.iter().any(|h| h.kind == x.kind && h.value == x.value && h.qualifier == x.qualifier))
    };
    // Within a revision the diff has put the two in one slot: that is the edit.
    if !sides.revision && (says(sides.here_facts, g) || says(sides.there_facts, f)) {
        return false;
    }
    // This article gives the other's value somewhere too, or the other
    // gives ours: the two values are of two things both report, not one
    // thing reported two ways.
    let anywhere = |a: &Article, x: &Fact| a.sentences.iter().any(|s| states(&s.facts, x));
    if !sides.revision
        && is_quantity(f.kind)
        && !is_relative(&f.value)
        && (anywhere(sides.here, g) || anywhere(sides.there, f))
    {
        return false;
    }
    // Within a revision a weekday names the same week; "yesterday" and
    // "today" move with the day each revision was written.
    let relative = |v: &str| if sides.revision { v.starts_with("relative:") } else { is_relative(v) };
    if f.kind == FactKind::Date && (relative(&f.value) || relative(&g.value)) {
        let day = |a: &Article| a.published.as_deref().and_then(|p| p.get(..10)).map(str::to_string);
        if day(sides.here).is_none() || day(sides.here) != day(sides.there) {
            return false;
        }
    }
    if !sides.revision && (f.kind == FactKind::Place || g.kind == FactKind::Place) {
        let names = |a: &Article, x: &Fact| {
            a.sentences.iter().flat_map(|s| &s.facts).any(|h| is_name_kind(h.kind) && h.value == x.value)
        };
        if names(sides.here, g) || names(sides.there, f) {
            return false;
        }
    }
    true
}

/// Whether two figures may be one score or one record changed: both are a
/// side of a pair ("10-0", "25 - 7"), or neither is; and neither sentence
/// gives the other's whole pair too (the diff paired a team's record
/// "(7-2)" with the game's score "91-73", which both give).
fn same_score(f: &Fact, g: &Fact, sides: &Sides<'_>) -> bool {
    let sentence_text = |text: &str, tokens: &[Token]| -> String {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else { return String::new() };
        text[first.span.start..last.span.end].chars().filter(|c| !c.is_whitespace()).map(dash_as_hyphen).collect()
    };
    match (score_of(&sides.here.text, f.span), score_of(&sides.there.text, g.span)) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            !sentence_text(&sides.there.text, sides.there_tokens).contains(&x)
                && !sentence_text(&sides.here.text, sides.here_tokens).contains(&y)
        }
        _ => false,
    }
}

fn dash_as_hyphen(c: char) -> char {
    if matches!(c, '–' | '—') { '-' } else { c }
}

/// The pair of figures the figure at `span` is a side of, written without
/// spaces ("25-7" for "25 - 7"): a score, a record, a vote.
fn score_of(text: &str, span: Span) -> Option<String> {
    let figure = span.of(text);
    if figure.is_empty() || !figure.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let is_dash = |c: char| matches!(c, '-' | '–' | '—');
    let after = text[span.end..].trim_start_matches(' ');
    if let Some(rest) = after.strip_prefix(is_dash) {
        let digits: String = rest.trim_start_matches(' ').chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            return Some(format!("{figure}-{digits}"));
        }
    }
    let before = text[..span.start].trim_end_matches(' ');
    if let Some(rest) = before.strip_suffix(is_dash) {
        let reversed: String = rest.trim_end_matches(' ').chars().rev().take_while(char::is_ascii_digit).collect();
        if !reversed.is_empty() {
            let digits: String = reversed.chars().rev().collect();
            return Some(format!("{digits}-{figure}"));
        }
    }
    None
}

/// Whether the figure at `span` is a piece of a longer one the fact reader
/// cut apart: a phone number or a code ("555 - 1111"), a fraction ("4 1/2"),
/// thousands spaced out ("2 , 600m"), a decimal glued to letters
/// ("Dh472.72bn"), or a figure beside mojibake ("4\u{FFFD}"). Its value
/// is not the figure's, so it conflicts with nothing.
fn piece_of_figure(text: &str, span: Span) -> bool {
    let (before, figure, after) = (&text[..span.start], &text[span.start..span.end], &text[span.end..]);
    if before.ends_with('\u{FFFD}') || after.starts_with('\u{FFFD}') {
        return true;
    }
    // The text beside the figure without its spaces; `left` reads outwards
    // from the figure, as `right` does.
    let left: String = before.chars().rev().take(16).filter(|c| *c != ' ').collect();
    let right: String = after.chars().take(16).filter(|c| *c != ' ').collect();
    // One term of a ratio ("1 in 500"): the figure is the ratio, not a
    // count. In `left`, read outwards, "in" stands reversed.
    let then_digit = |rest: Option<&str>| rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    if then_digit(left.strip_prefix("ni")) || then_digit(right.strip_prefix("in")) {
        return true;
    }
    // A decimal point or a slash written tight against a digit, or a
    // hyphen between groups of three digits or more, spaced or not (a code,
    // a phone number: "555 - 1111"); a score or a vote ("7-2") is a figure.
    let own = figure.chars().filter(char::is_ascii_digit).count();
    let next_to = [(&left, before.chars().next_back()), (&right, after.chars().next())];
    for (side, adjacent) in next_to {
        let mut chars = side.chars();
        let joiner = chars.next();
        let digits = chars.take_while(char::is_ascii_digit).count();
        let tight = joiner.is_some() && adjacent == joiner;
        match joiner {
            Some('.' | '/') if tight && digits > 0 => return true,
            Some('/') if digits > 0 => return true,
            Some('-') if digits >= 3 && own >= 3 => return true,
            _ => {}
        }
    }
    // Groups of digits spaced out, as phone numbers are ("0800 555 111"):
    // a figure of three digits or more beside another across one space.
    if own >= 3 && (spaced_group(after.chars()) || spaced_group(before.chars().rev())) {
        return true;
    }
    // A scale word hyphened on ("$2.6-million", "$2.6 - million"): the
    // figure read is a piece of a larger one.
    if let Some(rest) = right.strip_prefix('-') {
        let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_lowercase();
        if matches!(word.as_str(), "million" | "billion" | "trillion" | "thousand" | "bn" | "mn") {
            return true;
        }
    }
    // Thousands spaced out: a group of one to three digits, a comma, and
    // a group of exactly three.
    let group = |digits: &str| (1..=3).contains(&digits.len());
    let leading: String = figure.chars().take_while(char::is_ascii_digit).collect();
    let after_comma = right.strip_prefix(',').map(|r| r.chars().take_while(char::is_ascii_digit).count());
    if figure.chars().all(|c| c.is_ascii_digit()) && group(&leading) && after_comma == Some(3) {
        return true;
    }
    let before_comma: String =
        left.strip_prefix(',').map(|l| l.chars().take_while(char::is_ascii_digit).collect()).unwrap_or_default();
    group(&before_comma) && leading.len() == 3
}

/// Whether `side` (the text beside a figure, read outwards from it) opens
/// with one space and a group of three digits or more.
fn spaced_group(mut side: impl Iterator<Item = char>) -> bool {
    side.next() == Some(' ') && side.take_while(char::is_ascii_digit).count() >= 3
}

/// A date read against the day the article was written.
fn is_relative(value: &str) -> bool {
    value.starts_with("relative:") || value.starts_with("weekday:")
}

/// Whether two attributions credit one named source under two names: both
/// are names (every word capitalized), they differ, and they share a word
/// ("A.J. Butler" / "A.J. Smith"). A title or a group ("the sheriff",
/// "police", "the two men") may be the named person, and two names with
/// nothing in common are two sources.
fn one_source_misnamed(f: &Fact, g: &Fact) -> bool {
    let speaker = |x: &Fact| x.speaker.clone().unwrap_or_else(|| x.text.clone());
    let (a, b) = (speaker(f), speaker(g));
    let named = |text: &str| {
        let words: Vec<&str> = text.split_whitespace().collect();
        !words.is_empty() && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
    };
    // Words folded, dots out: "A.J." and "AJ" are one word.
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace().map(|w| crate::text::compact(&crate::text::fold(w)).into_owned()).collect()
    };
    let (wa, wb) = (words(&a), words(&b));
    named(&a) && named(&b) && wa != wb && wa.iter().any(|w| wb.contains(w)) && !one_name(&a, &b)
}

/// Whether two names are one name written fuller or shorter ("Aoraki Mount
/// Cook" / "Mt Cook", "Tim Fanning" / "Fanning"): the shorter one's last
/// word, its head, is a word of the longer one.
fn one_name(a: &str, b: &str) -> bool {
    let (ka, kb) = (name_keys(a), name_keys(b));
    let (short, long) = if ka.len() <= kb.len() { (&ka, &kb) } else { (&kb, &ka) };
    short.last().is_some_and(|head| long.contains(head))
        || demonym_of(a, b)
        || demonym_of(b, a)
        || crate::text::abbreviates(a, b)
        || crate::text::abbreviates(b, a)
        || crate::text::shortens(a, b)
        || crate::text::shortens(b, a)
}

/// Whether `people` is the word for the people of `place`, written with
/// the same words ("New Zealander" / "New Zealand", "Iranian" / "Iran").
fn demonym_of(people: &str, place: &str) -> bool {
    let people = people.trim().to_lowercase();
    let place = place.trim().to_lowercase();
    place.chars().count() >= 3
        && ["er", "ers", "ian", "ians", "an", "ans", "ese", "ish", "i", "is", "n", "ns"]
            .iter()
            .any(|suffix| people.strip_suffix(suffix).is_some_and(|base| base == place || format!("{base}a") == place))
}

/// Whether a replaced run changes how firmly or by whom a thing is claimed:
/// one word of stance for another ("believes" / "might be"), or a negation
/// one side has and the other not. A hedge or a verb of asserting that
/// stands against unrelated words ("allegedly" / "in Washington") is a
/// wording the diff happened to pair, not a change of the claim.
fn is_stance_change(a: &[Token], b: &[Token]) -> bool {
    fn stances(tokens: &[Token]) -> Vec<Stance> {
        let mut kinds: Vec<Stance> = tokens
            .iter()
            .enumerate()
            // "the suspect", "a claim": after a determiner the word is a noun.
            .filter(|&(i, _)| i == 0 || !is_determiner(&tokens[i - 1].norm))
            .flat_map(|(_, t)| [stance(&t.norm), contracted_base(&t.norm).and_then(stance)])
            .flatten()
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }
    // A plain verb ("is", "has") states what a hedge or a verb of stance
    // qualifies: "is seeking" / "might be seeking".
    fn plain(tokens: &[Token]) -> bool {
        !tokens.is_empty() && tokens.iter().all(|t| crate::text::is_plain_verb(&t.norm))
    }
    // A stance is a word or two; runs longer than this are two wordings of
    // the sentence's business that the diff happened to pair ("Police
    // blocked the street" / "Fanning said no one else was injured").
    const STANCE_RUN_TOKENS: usize = 4;
    if a.len() > STANCE_RUN_TOKENS || b.len() > STANCE_RUN_TOKENS {
        return false;
    }
    let (x, y) = (stances(a), stances(b));
    let negated = |kinds: &[Stance]| kinds.contains(&Stance::Negation);
    x != y
        && ((!x.is_empty() && !y.is_empty())
            || negated(&x) != negated(&y)
            || (x.is_empty() && plain(a))
            || (y.is_empty() && plain(b)))
}

fn is_determiner(norm: &str) -> bool {
    matches!(norm, "the" | "a" | "an" | "this" | "that" | "his" | "her" | "their" | "its" | "our" | "one")
}

/// How a word bears on a claim: denying it, hedging it, or asserting it
/// with a verb of its own ("believes", "denied").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stance {
    Negation,
    Hedge,
    Assertion(&'static str),
}

fn stance(norm: &str) -> Option<Stance> {
    if crate::text::is_negation(norm) {
        return Some(Stance::Negation);
    }
    if !is_stance(norm) {
        return None;
    }
    Some(match norm {
        "might" | "may" | "could" | "should" | "possibly" | "probably" | "likely" | "unlikely" | "reportedly"
        | "allegedly" | "apparently" => Stance::Hedge,
        other => Stance::Assertion(assertion_root(other)),
    })
}

/// A verb of asserting by its root: "believes" and "believed" are one stance.
fn assertion_root(norm: &str) -> &'static str {
    const ROOTS: [&str; 13] = [
        "believ", "suggest", "claim", "den", "confirm", "admit", "insist", "suspect", "accus", "doubt", "expect",
        "plan", "must",
    ];
    ROOTS.into_iter().find(|root| norm.starts_with(root)).unwrap_or("can")
}

/// Numbers and dates of the same thing that differ, in sentences that make
/// the same statement in other words.
fn same_thing_conflicts(sides: &Sides<'_>, here_tokens: &[Token], there_tokens: &[Token]) -> Vec<Change> {
    let mut changes = Vec::new();
    for f in sides.here_facts.iter().filter(|f| is_quantity(f.kind) && !quoted(sides.here_facts, f)) {
        let counterparts: Vec<&Fact> = sides
            .there_facts
            .iter()
            .filter(|g| g.kind == f.kind && g.unit == f.unit && !quoted(sides.there_facts, g))
            .collect();
        if counterparts.iter().any(|g| crate::facts::same_value(f, g)) {
            continue;
        }
        let Some(g) = counterparts.into_iter().find(|g| {
            crate::facts::conflicts(f, g)
                && crate::text::fold(&f.text) != crate::text::fold(&g.text)
                && !stated_as_often(g, sides.there_facts, sides.here_facts)
                && !written_as_often(f, here_tokens, (there_tokens, sides.there_facts))
                && !written_as_often(g, there_tokens, (here_tokens, sides.here_facts))
                && comparable_here(f, g, sides)
                && same_thing((f, here_tokens), (g, there_tokens), CONTEXT_TOKENS)
        }) else {
            continue;
        };
        changes.push(Change {
            kind: FindingKind::Differs,
            here: f.span,
            there_text: g.text.clone(),
            fact: pair(fact_type(f.kind), f.text.clone(), g.text.clone()),
        });
    }
    changes
}

/// Whether `x` stands inside a quote of `facts`: a number inside a quote
/// is the speaker's, and conflicts only when the quotes are one statement,
/// which the quote finder judges.
fn quoted(facts: &[Fact], x: &Fact) -> bool {
    facts.iter().any(|q| q.kind == FactKind::Quote && q.span.start <= x.span.start && x.span.end <= q.span.end)
}

/// Whether two facts are about the same thing: a content word (stem) beside
/// one is beside the other too ("the quake *killed* 40" / "*killing* 52").
/// A verb of saying tells who reports the figure, not what it counts.
fn same_thing(a: (&Fact, &[Token]), b: (&Fact, &[Token]), reach: usize) -> bool {
    let unit = |fact: &Fact| fact.unit.as_deref().map(crate::text::stem);
    let context = |fact: &Fact, tokens: &[Token]| -> Vec<u64> {
        let first = tokens.iter().position(|t| t.span.end > fact.span.start).unwrap_or(tokens.len());
        let last = tokens.iter().rposition(|t| t.span.start < fact.span.end).map_or(first, |l| l + 1);
        let lo = first.saturating_sub(reach);
        let hi = (last.max(first) + reach).min(tokens.len());
        let mut terms: Vec<u64> = tokens[lo..hi]
            .iter()
            .enumerate()
            .filter(|&(k, t)| {
                let i = lo + k;
                (i < first || i >= last)
                    && t.class == TokenClass::Content
                    && Some(&t.stem) != unit(fact).as_ref()
                    && !super::compare::is_reporting(&t.norm)
            })
            .map(|(_, t)| align::term_of(t))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    };
    let (x, y) = (context(a.0, a.1), context(b.0, b.1));
    x.iter().any(|t| y.binary_search(t).is_ok())
}

/// The most distinct counts an article may give for [`attributed_counts`] to
/// read it: news reports give tens; more is a table of figures.
const MAX_ATTRIBUTED_COUNTS: usize = 500;

/// Counts of the same thing that different sources give differently,
/// wherever they stand: shown as a difference between sources, each side
/// with its source. Only counts of a named thing (containers, people, not
/// dollars or days) are one count without more context.
pub(crate) fn attributed_counts(compared: &Compared<'_>) -> Vec<Finding> {
    let here_article = compared.here_article();
    // Whether `article` gives `count` itself (the same unit, no conflicting
    // value): then it tells that count too, and another count of the same
    // unit there is about something else (miles of cable, miles of sewer).
    // Each article's counts, each told once: a count repeated down a long
    // page is looked at once.
    let counts_of = |article: &Article| -> Vec<Fact> {
        let mut seen = std::collections::HashSet::new();
        let mut counts: Vec<Fact> = Vec::new();
        for f in article.sentences.iter().flat_map(|s| &s.facts).filter(|f| is_countable(f)) {
            if seen.insert((f.unit.as_deref(), f.value.as_str(), f.qualifier.as_deref())) {
                counts.push(f.clone());
            }
        }
        counts
    };
    let here_counts = counts_of(here_article);
    // Each count is weighed against every count of the others: a page of
    // thousands (a table of figures, not a report) would cost their square.
    if here_counts.len() > MAX_ATTRIBUTED_COUNTS {
        return Vec::new();
    }
    let other_counts: Vec<Vec<Fact>> = compared.others.iter().map(|o| counts_of(o.article())).collect();
    let tells = |counts: &[Fact], count: &Fact| {
        counts.iter().any(|f| f.unit == count.unit && !crate::facts::conflicts(count, f))
    };
    let mut grouped = Vec::new();
    for (s, sentence) in here_article.sentences.iter().enumerate() {
        let here_tokens = &compared.here.sentences[s].tokens;
        for count in sentence.facts.iter().filter(|f| is_countable(f) && !quoted(&sentence.facts, f)) {
            let Some(source) = attribution(&sentence.facts) else { continue };
            for (other, their_counts) in compared.others.iter().zip(&other_counts) {
                let article = other.article();
                if tells(their_counts, count) {
                    continue;
                }
                for (t, there) in article.sentences.iter().enumerate() {
                    let Some(their_source) = attribution(&there.facts) else { continue };
                    // One source, or two sentences aligned as one statement
                    // (the aligned finder reads those).
                    let aligned = other.forward[s].is_some_and(|(linked, similarity)| {
                        linked == t
                            && (similarity >= SAME_STATEMENT
                                || other.forward_diffs[s].as_ref().is_some_and(|d| d.revision))
                    });
                    if their_source.value == source.value
                        || aligned
                        || same_source(Some(&source.text), Some(&their_source.text))
                    {
                        continue;
                    }
                    let there_tokens = &other.prepared.sentences[t].tokens;
                    for theirs in there
                        .facts
                        .iter()
                        .filter(|g| is_countable(g) && g.unit == count.unit && !quoted(&there.facts, g))
                    {
                        // The same unit is not yet the same count ("23 pirates"
                        // seized / "12 Somali" among them): a word beside both
                        // must say what is counted.
                        // A sentence that gives the other's figure too, of
                        // whatever ("one arrest" / "one person was
                        // arrested"), tells that figure; its other figure
                        // counts something else.
                        let gives = |facts: &[Fact], x: &Fact| {
                            facts.iter().any(|h| h.kind == FactKind::Number && h.value == x.value)
                        };
                        if !crate::facts::conflicts(count, theirs)
                            || gives(&sentence.facts, theirs)
                            || gives(&there.facts, count)
                            || piece_of_figure(&here_article.text, count.span)
                            || piece_of_figure(&article.text, theirs.span)
                            || tells(&here_counts, theirs)
                            || crate::facts::sum_of_parts(count, &there.facts, &article.text)
                            || crate::facts::sum_of_parts(theirs, &sentence.facts, &here_article.text)
                            || !same_thing((count, here_tokens), (theirs, there_tokens), ATTRIBUTED_CONTEXT_TOKENS)
                        {
                            continue;
                        }
                        let finding =
                            attributed_finding(compared, other, (s, count, source), (t, theirs, their_source));
                        merge_into(&mut grouped, finding);
                    }
                }
            }
        }
    }
    grouped
}

fn attributed_finding(
    compared: &Compared<'_>,
    other: &Other<'_>,
    here: (usize, &Fact, &Fact),
    there: (usize, &Fact, &Fact),
) -> Finding {
    let (s, count, source) = here;
    let (t, theirs, their_source) = there;
    let article = other.article();
    let here_article = compared.here_article();
    Finding {
        kind: FindingKind::Differs,
        version: Some(article.id.clone()),
        versions: vec![article.id.clone()],
        here: Some(sentence_text(here_article, s)),
        here_span: Some(here_article.sentences[s].span),
        sentence: Some(s),
        there: Some(sentence_text(article, t)),
        after: None,
        facts: vec![FactPair {
            kind: FactType::Number,
            here: Some(count.text.clone()),
            there: Some(theirs.text.clone()),
            here_source: Some(source.text.clone()),
            there_source: Some(their_source.text.clone()),
        }],
        wordings: vec![compared.unlinked_wording(s, other, t)],
        weight: 0.0,
    }
}

fn is_quantity(kind: FactKind) -> bool {
    matches!(kind, FactKind::Number | FactKind::Money | FactKind::Percent | FactKind::Date)
}

pub(crate) fn is_name_kind(kind: FactKind) -> bool {
    matches!(kind, FactKind::Person | FactKind::Organization | FactKind::Place | FactKind::Name)
}

fn comparable_kinds(a: FactKind, b: FactKind) -> bool {
    a == b || (is_name_kind(a) && is_name_kind(b))
}

/// The finding's fact type of a fact kind.
pub(crate) fn fact_type(kind: FactKind) -> FactType {
    match kind {
        FactKind::Number | FactKind::Money | FactKind::Percent => FactType::Number,
        FactKind::Date => FactType::Date,
        FactKind::Place => FactType::Place,
        FactKind::Quote => FactType::Quote,
        FactKind::Person | FactKind::Organization | FactKind::Name => FactType::Name,
        FactKind::Attribution => FactType::Claim,
    }
}

/// A count of named things (not of days or years, which measure time, nor
/// of money or shares, which need more context to say what they count).
fn is_countable(fact: &Fact) -> bool {
    // An ordinal ("the second book") ranks, it does not count.
    let ordinal = ["st", "nd", "rd", "th"].iter().any(|suffix| fact.value.ends_with(suffix));
    fact.kind == FactKind::Number
        && !ordinal
        && fact.unit.as_deref().is_some_and(|u| {
            !matches!(
                u,
                "day"
                    | "week"
                    | "month"
                    | "year"
                    | "hour"
                    | "minute"
                    | "second"
                    | "time"
                    | "percent"
                    | "decade"
                    | "century"
                    | "p.m."
                    | "a.m."
                    | "am"
                    | "pm"
            ) && !u.chars().all(|c| c.is_ascii_uppercase())
        })
}

/// Who a sentence attributes its claim to, when it says.
fn attribution(facts: &[Fact]) -> Option<&Fact> {
    facts.iter().find(|f| f.kind == FactKind::Attribution)
}

/// Words that change how firmly or by whom a thing is claimed, besides a
/// negation ([`crate::text::is_negation`]): hedges and modal verbs, verbs
/// of asserting and denying.
fn is_stance(norm: &str) -> bool {
    matches!(
        norm,
        "might"
            | "may"
            | "could"
            | "should"
            | "must"
            | "can"
            | "possibly"
            | "probably"
            | "likely"
            | "unlikely"
            | "reportedly"
            | "allegedly"
            | "apparently"
            | "believe"
            | "believes"
            | "believed"
            | "suggest"
            | "suggests"
            | "suggested"
            | "claim"
            | "claims"
            | "claimed"
            | "deny"
            | "denies"
            | "denied"
            | "confirm"
            | "confirms"
            | "confirmed"
            | "admit"
            | "admits"
            | "admitted"
            | "insist"
            | "insists"
            | "insisted"
            | "suspect"
            | "suspected"
            | "accuse"
            | "accused"
            | "doubt"
            | "doubts"
            | "doubted"
            | "expect"
            | "expected"
            | "plan"
            | "planned"
    )
}

/// Adds `finding` to `grouped`, or, when the same text here and there is
/// already reported, adds its version to that one.
pub(crate) fn merge_into(grouped: &mut Vec<Finding>, finding: Finding) {
    let same = grouped.iter_mut().find(|g| {
        g.kind == finding.kind
            && g.here_span == finding.here_span
            && g.facts.first().map(|f| (f.kind, f.there.as_deref().map(crate::text::fold)))
                == finding.facts.first().map(|f| (f.kind, f.there.as_deref().map(crate::text::fold)))
    });
    match same {
        Some(existing) => {
            for version in finding.versions {
                if !existing.versions.contains(&version) {
                    existing.versions.push(version);
                }
            }
            existing.wordings.extend(finding.wordings);
        }
        None => grouped.push(finding),
    }
}
