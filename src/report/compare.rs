//! The one comparison every finder reads.
//!
//! In: the current article and the versions judged the same story. Out: a
//! [`Compared`]: each article prepared once (tokens, weighted terms), each
//! version linked both ways with the current article with the token diff of
//! every aligned pair, and what all finders ask of it: which tokens a version
//! does not say ([`novelty`]), whether a span reads alone ([`stands_alone`]),
//! whether a sentence says something of substance ([`has_substance`]).
//!
//! A word of the current article is *novel* with respect to another version
//! when that version does not say it: when the two sentences are revisions of
//! one another (most words kept), a word the diff shows only here; otherwise,
//! a word (stem or name key) that the other version never uses anywhere.

use std::borrow::Cow;

use similar::DiffOp;

use super::{DiffPart, Op, Wording};
use crate::align::{self, Links, Prepared, PreparedSentence, REVISION_THRESHOLD, Weights, display_diff, token_diff};
use crate::hashing::TermSet;
use crate::model::{Article, Fact, FactKind, Span};
use crate::text::{Token, TokenClass};

/// Novel tokens this close together (at most this many others between them)
/// make one span.
const SPAN_GAP: usize = 2;

/// A span without a name, number or date reads alone from this many words.
const STANDALONE_WORDS: usize = 5;

/// Two aligned sentences at least this alike (weighted Dice) make the same
/// statement: their numbers, dates and quotes may be compared as one fact.
pub(crate) const SAME_STATEMENT: f64 = 0.45;

/// A sentence kept whole inside a longer one is the longer one edited (a
/// clause inserted or cut) from this many tokens.
const CONTAINED_EDIT_TOKENS: usize = 5;

/// One other version, prepared and linked both ways with the current article.
pub(crate) struct Other<'a> {
    pub prepared: Prepared<'a>,
    /// Current sentence → its counterpart here.
    pub forward: Links,
    /// For each linked current sentence, its token diff with the counterpart.
    pub forward_diffs: Vec<Option<PairDiff>>,
    /// This version's sentence → its counterpart in the current article.
    pub backward: Links,
    /// Whether the two articles are revisions of one text (most sentences
    /// kept nearly word for word) rather than two reports.
    pub revision: bool,
    /// The version's words in order, title first, for [`Stream::holds`].
    pub stream: Stream<'a>,
}

/// An article's token keys in reading order (its title's first), with
/// where each key stands: to tell whether a sentence stands in it word for
/// word, however the text around it is cut into sentences and paragraphs.
/// Built the first time it is asked ([`Stream::holds`]): only a revision of
/// the same text asks, so comparing other reports never builds it.
pub(crate) struct Stream<'a> {
    /// The article it is the stream of, to check it is asked about that one.
    article: &'a Article,
    built: std::cell::OnceCell<StreamKeys>,
}

/// A [`Stream`], built.
struct StreamKeys {
    keys: Vec<u64>,
    positions: crate::hashing::TermMap<u64, Vec<u32>>,
    /// Where each sentence (the title first) starts in `keys`, and one past
    /// where it ends, sorted.
    starts: Vec<u32>,
    ends: Vec<u32>,
}

/// How many places of a sentence's first word [`Stream::holds`] tries.
const STREAM_TRIES: usize = 64;

impl<'a> Stream<'a> {
    fn of(prepared: &Prepared<'a>) -> Stream<'a> {
        Stream { article: prepared.article, built: std::cell::OnceCell::new() }
    }

    /// Whether `keys` stand in the stream of `prepared` (the article this is
    /// the stream of) one after another, from where a sentence starts to
    /// where one ends (a sentence kept, or cut or joined at other places),
    /// or, when `loose`, anywhere.
    pub fn holds(&self, prepared: &Prepared<'_>, keys: &[u64], loose: bool) -> bool {
        debug_assert!(std::ptr::eq(self.article, prepared.article), "a stream is asked about its own article");
        self.built.get_or_init(|| StreamKeys::of(prepared)).holds(keys, loose)
    }
}

impl StreamKeys {
    fn of(prepared: &Prepared<'_>) -> StreamKeys {
        let title = prepared.article.title.as_deref().unwrap_or("");
        let words = |line: &str| -> Vec<u64> {
            crate::text::tokenize(line)
                .into_iter()
                .filter(|t| t.class != TokenClass::Punct)
                .map(|t| align::key_of(&t))
                .collect()
        };
        let mut keys = Vec::new();
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut push = |sentence: &[u64]| {
            if !sentence.is_empty() {
                starts.push(keys.len() as u32);
                keys.extend_from_slice(sentence);
                ends.push(keys.len() as u32);
            }
        };
        push(&words(title));
        // Lines the page set aside as layout stand where they stood, before
        // the first sentence of the paragraph they preceded.
        let article = prepared.article;
        let mut aside = article.set_aside.iter().peekable();
        for (i, sentence) in prepared.sentences.iter().enumerate() {
            let paragraph = article.sentences.get(i).map_or(usize::MAX, |s| s.paragraph);
            let opens = i == 0 || article.sentences.get(i - 1).is_some_and(|p| p.paragraph != paragraph);
            while opens && aside.peek().is_some_and(|line| line.before <= paragraph) {
                push(&words(&aside.next().expect("peeked").text));
            }
            push(&sentence.keys);
        }
        for line in aside {
            push(&words(&line.text));
        }
        let mut positions: crate::hashing::TermMap<u64, Vec<u32>> = Default::default();
        for (i, &k) in keys.iter().enumerate() {
            positions.entry(k).or_default().push(i as u32);
        }
        StreamKeys { keys, positions, starts, ends }
    }

    fn holds(&self, keys: &[u64], loose: bool) -> bool {
        let Some(first) = keys.first() else { return true };
        let Some(places) = self.positions.get(first) else { return false };
        places.iter().take(STREAM_TRIES).any(|&at| {
            let end = at as usize + keys.len();
            self.keys.get(at as usize..end) == Some(keys)
                && (loose || (self.starts.binary_search(&at).is_ok() && self.ends.binary_search(&(end as u32)).is_ok()))
        })
    }
}

impl Other<'_> {
    pub fn id(&self) -> &str {
        &self.prepared.article.id
    }

    pub fn article(&self) -> &Article {
        self.prepared.article
    }
}

/// The token diff of an aligned pair, and whether they are revisions of one
/// sentence rather than paraphrases.
pub(crate) struct PairDiff {
    pub ops: Vec<DiffOp>,
    pub revision: bool,
    /// The two make the same statement (similarity at least
    /// [`SAME_STATEMENT`]), whether or not worded alike.
    pub restated: bool,
}

impl PairDiff {
    /// The two are one sentence edited when the diff keeps most of their
    /// words (format-only replacements counted as kept), or keeps every
    /// word of the shorter one (a clause inserted or cut).
    pub fn new(a: &PreparedSentence, b: &PreparedSentence) -> Self {
        let ops = token_diff(a, b);
        let total = a.tokens.len() + b.tokens.len();
        let mut kept = 0;
        for op in &ops {
            let (old, new) = (op.old_range(), op.new_range());
            match op.tag() {
                similar::DiffTag::Equal => kept += 2 * old.len(),
                similar::DiffTag::Replace if align::same_words(&a.tokens[old.clone()], &b.tokens[new.clone()]) => {
                    kept += old.len() + new.len()
                }
                _ => {}
            }
        }
        let share = if total == 0 { 0.0 } else { kept as f64 / total as f64 };
        let equal: usize =
            ops.iter().filter(|op| op.tag() == similar::DiffTag::Equal).map(|op| op.old_range().len()).sum();
        let shorter = a.tokens.len().min(b.tokens.len());
        let contained = shorter >= CONTAINED_EDIT_TOKENS && equal == shorter;
        let restated = align::similarity(a, b) >= SAME_STATEMENT;
        PairDiff { ops, revision: share >= REVISION_THRESHOLD || contained, restated }
    }

    /// The same pair's diff read from the other side (`b` against `a`):
    /// what one side deletes the other inserts. Both readings of a pair are
    /// needed (the finders of this article and missing, of the version's),
    /// and a second diff would cost as much as the first; whether the two
    /// are one sentence edited, or one statement, reads the same both ways.
    pub fn mirrored(&self) -> PairDiff {
        let ops = self
            .ops
            .iter()
            .map(|op| match *op {
                DiffOp::Equal { old_index, new_index, len } => {
                    DiffOp::Equal { old_index: new_index, new_index: old_index, len }
                }
                DiffOp::Delete { old_index, old_len, new_index } => {
                    DiffOp::Insert { old_index: new_index, new_index: old_index, new_len: old_len }
                }
                DiffOp::Insert { old_index, new_index, new_len } => {
                    DiffOp::Delete { old_index: new_index, old_len: new_len, new_index: old_index }
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    DiffOp::Replace { old_index: new_index, old_len: new_len, new_index: old_index, new_len: old_len }
                }
            })
            .collect();
        PairDiff { ops, revision: self.revision, restated: self.restated }
    }
}

/// The current article and the versions it is compared with, linked.
pub(crate) struct Compared<'a> {
    pub here: Prepared<'a>,
    pub others: Vec<Other<'a>>,
    pub weights: Weights,
    /// Words some version writes in lower case: not names.
    pub lowercase: TermSet<u64>,
    /// Words some version capitalizes inside a sentence: names, unless
    /// also written in lower case.
    pub capitalized: TermSet<u64>,
    /// The current article's words in order, title first.
    pub here_stream: Stream<'a>,
}

impl<'a> Compared<'a> {
    /// Prepares and links `current` with each of `versions` (already cut
    /// into tokens, `tokens[0]` the current article's).
    pub fn new(current: &'a Article, versions: &[&'a Article], mut tokens: Vec<Vec<Cow<'a, [Token]>>>) -> Self {
        let rest = tokens.split_off(1.min(tokens.len()));
        let mut prepared: Vec<Prepared<'a>> =
            vec![align::prepare_tokens(current, tokens.into_iter().next().unwrap_or_default())];
        for (version, tokens) in versions.iter().zip(rest) {
            prepared.push(align::prepare_tokens(version, tokens));
        }
        for sentence in prepared.iter_mut().flat_map(|p| p.sentences.iter_mut()) {
            forget_headline_case(&mut sentence.tokens);
        }
        align::add_compounds(&mut prepared);
        let weights = Weights::new(&prepared);
        align::apply_weights(&mut prepared, &weights);
        let (lowercase, capitalized) = word_cases(prepared.iter());
        let mut prepared = prepared.into_iter();
        let here = prepared.next().expect("the current article is first");
        let others = prepared
            .map(|p| {
                let (forward, backward) = align::link_both(&here, &p);
                let forward_diffs: Vec<Option<PairDiff>> = forward
                    .iter()
                    .enumerate()
                    .map(|(s, link)| link.map(|(t, _)| PairDiff::new(&here.sentences[s], &p.sentences[t])))
                    .collect();
                let kept = forward_diffs.iter().flatten().filter(|d: &&PairDiff| d.revision).count();
                let shorter = here.sentences.len().min(p.sentences.len()).max(1);
                let revision = kept * 2 >= shorter;
                let stream = Stream::of(&p);
                Other { backward, forward, forward_diffs, prepared: p, revision, stream }
            })
            .collect();
        let here_stream = Stream::of(&here);
        Compared { here, others, weights, lowercase, capitalized, here_stream }
    }

    pub fn here_article(&self) -> &'a Article {
        self.here.article
    }

    pub fn here_text(&self, span: Span) -> String {
        span.of(&self.here_article().text).to_string()
    }

    /// The other version's counterpart of current sentence `s`, as a wording.
    pub fn wording(&self, s: usize, other: &Other<'_>) -> Wording {
        match (other.forward[s], &other.forward_diffs[s]) {
            (Some((t, _)), Some(diff)) => Wording {
                version: other.id().to_string(),
                diff: self.pair_diff(s, other, t, &diff.ops),
                text: sentence_text(other.article(), t),
                sentence: Some(t),
            },
            _ => Wording { version: other.id().to_string(), text: String::new(), sentence: None, diff: Vec::new() },
        }
    }

    /// Sentence `t` of `other` as the wording of current sentence `s`, for
    /// findings that pair sentences the alignment did not link.
    pub fn unlinked_wording(&self, s: usize, other: &Other<'_>, t: usize) -> Wording {
        let ops = token_diff(&self.here.sentences[s], &other.prepared.sentences[t]);
        Wording {
            version: other.id().to_string(),
            diff: self.pair_diff(s, other, t, &ops),
            text: sentence_text(other.article(), t),
            sentence: Some(t),
        }
    }

    /// The display diff of current sentence `s` and sentence `t` of `other`.
    pub fn pair_diff(&self, s: usize, other: &Other<'_>, t: usize, ops: &[DiffOp]) -> Vec<DiffPart> {
        let here = (self.here_article().text.as_str(), &self.here.sentences[s], self.here_article().sentences[s].span);
        let article = other.article();
        let there = (article.text.as_str(), &other.prepared.sentences[t], article.sentences[t].span);
        display_diff(here, there, ops)
    }

    /// The weight of the novel tokens among `tokens`.
    pub fn novel_weight(&self, tokens: &[Token], novel: &[bool]) -> f64 {
        tokens.iter().zip(novel).filter(|(_, n)| **n).map(|(t, _)| self.weights.of(align::term_of(t))).sum()
    }

    /// The share of a sentence's content (by term weight) that is novel.
    pub fn novel_share(&self, tokens: &[Token], novel: &[bool]) -> f64 {
        // One pass, each weight looked up once; both sums add the same
        // weights in the same order as two passes would (from -0.0, as
        // `Iterator::sum` of f64 starts).
        let (mut content, mut news) = (-0.0_f64, -0.0_f64);
        for (i, token) in tokens.iter().enumerate().filter(|(_, t)| t.is_content()) {
            let weight = self.weights.of(align::term_of(token));
            content += weight;
            if novel.get(i) == Some(&true) {
                news += weight;
            }
        }
        if content == 0.0 {
            return 0.0;
        }
        news / content
    }

    /// Whether `token` of `article` is a name: capitalized inside its
    /// sentence and not a word some version writes in lower case, or part
    /// of a name the fact reader found that does not stand alone at the
    /// sentence's start ("Throughout" is capitalized by grammar).
    pub fn is_name(&self, token: &Token, facts: &[Fact]) -> bool {
        let key = align::hash(&token.norm);
        let dated = facts.iter().any(|f| {
            matches!(f.kind, FactKind::Date | FactKind::Number | FactKind::Money | FactKind::Percent)
                && f.span.start <= token.span.start
                && token.span.end <= f.span.end
        });
        if dated || self.lowercase.contains(&key) {
            return false;
        }
        token.capitalized
            || self.capitalized.contains(&key)
            || facts.iter().any(|f| {
                is_name_fact(f.kind)
                    && f.span.start <= token.span.start
                    && token.span.end <= f.span.end
                    && f.span.end > token.span.end
            })
    }

    /// Whether `token` carries a fact a reader keeps: a number, a date or a name.
    pub fn is_strong(&self, token: &Token, facts: &[Fact]) -> bool {
        token.class == TokenClass::Number
            || facts.iter().any(|f| {
                matches!(f.kind, FactKind::Date | FactKind::Number | FactKind::Money | FactKind::Percent)
                    && f.span.start <= token.span.start
                    && token.span.end <= f.span.end
            })
            || (token.class == TokenClass::Content && self.is_name(token, facts))
    }

    /// Whether tokens of a sentence read alone: they hold a name, or a
    /// number or a date with words that say what it is about, or are a
    /// clause of at least [`STANDALONE_WORDS`] words with two content words
    /// ("nine" or "back in December" alone mean nothing).
    pub fn stands_alone(&self, tokens: &[Token], facts: &[Fact]) -> bool {
        let named = tokens.iter().any(|t| t.class == TokenClass::Content && self.is_name(t, facts));
        let factual = tokens.iter().any(|t| self.is_strong(t, facts));
        named
            || (factual && tokens.len() >= 3)
            || (tokens.len() >= STANDALONE_WORDS && tokens.iter().filter(|t| t.is_content()).count() >= 2)
    }
}

/// What a sentence says that a version does not: per token, and whether the
/// two are revisions of one another.
pub(crate) struct Novelty {
    pub novel: Vec<bool>,
    pub revision: bool,
}

/// What `sentence` says that the other side (`there`, with its words in
/// order `stream`) does not, given its counterpart there (`link`, with the
/// pair's diff), and how it stands to that side.
///
/// Against a revision of the same text, vocabulary says nothing (the
/// revision uses nearly every word anyway): a sentence that stands there
/// word for word (a paragraph split or merged, a headline joined to the
/// text) says nothing new; one edited in place says its edits; any other
/// was added or deleted, whole. Against another report, a sentence says
/// the words that report never uses.
pub(crate) fn novelty_in(
    sentence: &PreparedSentence,
    link: Option<&PairDiff>,
    there: &Prepared<'_>,
    stream: &Stream<'_>,
    revision_of: bool,
    headline: bool,
) -> (Novelty, Counterpart) {
    if revision_of {
        if stream.holds(there, &sentence.keys, headline) {
            let novel = vec![false; sentence.tokens.len()];
            return (Novelty { novel, revision: true }, Counterpart::Aligned { revision: true });
        }
        return match link {
            Some(diff) if diff.revision => (novelty(sentence, diff, there), Counterpart::Aligned { revision: true }),
            _ => {
                let novel = sentence.tokens.iter().map(says_something).collect();
                (Novelty { novel, revision: true }, Counterpart::None { revision: true })
            }
        };
    }
    match link {
        Some(diff) => {
            let novelty = novelty(sentence, diff, there);
            let counterpart = match (novelty.revision, diff.restated) {
                (true, _) => Counterpart::Aligned { revision: true },
                (false, true) => Counterpart::Restated,
                (false, false) => Counterpart::Aligned { revision: false },
            };
            (novelty, counterpart)
        }
        None => (vocabulary_novelty(sentence, there), Counterpart::None { revision: false }),
    }
}

/// Which tokens of `sentence` its counterpart (diffed as `diff`, in version
/// `version`) does not say.
pub(crate) fn novelty(sentence: &PreparedSentence, diff: &PairDiff, version: &Prepared<'_>) -> Novelty {
    if !diff.revision {
        return vocabulary_novelty(sentence, version);
    }
    let mut novel = vec![false; sentence.tokens.len()];
    for op in &diff.ops {
        if let DiffOp::Delete { old_index, old_len, .. } = *op {
            // A negation only one side makes is a change of stance, which
            // the differs finder shows ("will raise" / "will not raise").
            if super::differs::is_negation_run(&sentence.tokens[old_index..old_index + old_len]) {
                continue;
            }
            for (flag, token) in novel[old_index..old_index + old_len].iter_mut().zip(&sentence.tokens[old_index..]) {
                *flag = says_something(token);
            }
        }
    }
    Novelty { novel, revision: true }
}

/// Tokens of `sentence` whose word (or name) `version` never uses.
pub(crate) fn vocabulary_novelty(sentence: &PreparedSentence, version: &Prepared<'_>) -> Novelty {
    let tokens = &sentence.tokens;
    let mut novel: Vec<bool> = tokens
        .iter()
        .zip(&sentence.token_terms)
        .map(|(t, &term)| t.is_content() && !align::knows_term(version, t, term))
        .collect();
    // Words the version writes as one: "pom poms" and "pompoms".
    for i in 1..tokens.len() {
        if (novel[i - 1] || novel[i]) && version.vocabulary.contains(&sentence.compounds[i - 1]) {
            novel[i - 1] = false;
            novel[i] = false;
        }
    }
    Novelty { novel, revision: false }
}

/// Another article conveys a passage nearby, in its own words, when one
/// place in it (a sentence, or two in a row: a statement split in two)
/// holds every name and number of the passage, and at least half
/// (and two) of its other content words: what happened. On the judged
/// samples of seeds 1–8, the unique passages this caught were all the same
/// fact in other words ("stable but critical condition" / "in critical
/// condition but stable", "officers found a gun in the vehicle" / "found a
/// shotgun in his vehicle").
const NEARBY_SHARE: f64 = 0.5;

/// Whether one of `places` says `passage` (tokens of `sentence`, in an
/// article of text `text` with the sentence's `facts`) in one place, in
/// other words: see [`NEARBY_SHARE`]. A passage with no name or number has
/// nothing to anchor it, so it is never taken as said.
pub(crate) fn said_nearby<'p, 'a: 'p>(
    compared: &Compared<'_>,
    text: &str,
    sentence: &[Token],
    passage: &[Token],
    facts: &[Fact],
    places: impl Iterator<Item = &'p Prepared<'a>>,
) -> bool {
    let opening = sentence.first().map_or(0, |t| t.span.start);
    // Written with a capital inside the sentence, even where the sentence
    // is so full of names that the comparison reads it as headline case.
    let capital =
        |t: &Token| t.span.start > opening && text[t.span.start..].chars().next().is_some_and(char::is_uppercase);
    let is_anchor = |t: &&Token| t.class == TokenClass::Number || compared.is_name(t, facts) || capital(t);
    // Each word's terms (its stem or form, and its name key), worked out once.
    let terms = |t: &Token| (align::term_of(t), align::name_term(t));
    let (anchors, happened): (Vec<&Token>, Vec<&Token>) =
        passage.iter().filter(|t| t.is_content()).partition(is_anchor);
    let (anchors, happened): (Vec<_>, Vec<_>) =
        (anchors.into_iter().map(terms).collect(), happened.into_iter().map(terms).collect());
    if anchors.is_empty() || happened.len() < 2 {
        return false;
    }
    places.into_iter().any(|place| {
        // Each sentence's terms, sorted: a place is one sentence or two in a row.
        let held_by: Vec<Vec<u64>> = place
            .sentences
            .iter()
            .map(|s| {
                let mut held: Vec<u64> =
                    s.token_terms.iter().copied().chain(s.tokens.iter().filter_map(align::name_term)).collect();
                held.sort_unstable();
                held.dedup();
                held
            })
            .collect();
        (0..held_by.len()).any(|first| {
            let place = &held_by[first..held_by.len().min(first + 2)];
            let holds = |term: u64| place.iter().any(|held| held.binary_search(&term).is_ok());
            let held = |&(term, name): &(u64, Option<u64>)| holds(term) || name.is_some_and(holds);
            let happened_held = happened.iter().filter(|t| held(t)).count();
            anchors.iter().all(held)
                && happened_held >= 2
                && happened_held as f64 >= NEARBY_SHARE * happened.len() as f64
        })
    })
}

/// Content words, numbers and negations: the tokens whose loss changes what
/// a sentence says.
pub(crate) fn says_something(token: &Token) -> bool {
    token.is_content() || crate::text::is_negation(&token.norm)
}

/// Verbs and nouns of reporting: they say who told a thing, not what it is.
pub(crate) fn is_reporting(norm: &str) -> bool {
    matches!(
        norm,
        "told"
            | "tell"
            | "tells"
            | "wrote"
            | "write"
            | "writes"
            | "added"
            | "add"
            | "adds"
            | "according"
            | "noted"
            | "notes"
            | "stated"
            | "states"
            | "explained"
            | "explains"
            | "asked"
            | "reported"
            | "reports"
            | "reporters"
            | "statement"
            | "interview"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "continued"
            | "concluded"
            | "mr."
            | "mrs."
            | "ms."
            | "dr."
    )
}

/// Whether a sentence (or span) says something beyond who said it: a number
/// or a date, or a content word that is neither a name nor a verb of
/// reporting ("Mr. Fox wrote." says nothing alone).
pub(crate) fn has_substance(compared: &Compared<'_>, tokens: &[Token], facts: &[Fact]) -> bool {
    let words = tokens.iter().filter(|t| t.class != TokenClass::Punct).count();
    let substantive =
        tokens.iter().filter(|t| t.is_content() && !is_reporting(&t.norm) && !compared.is_name(t, facts)).count();
    let factual = tokens.iter().any(|t| {
        t.class == TokenClass::Number
            || facts
                .iter()
                .any(|f| f.kind == FactKind::Date && f.span.start <= t.span.start && t.span.end <= f.span.end)
    });
    words >= 3 && (substantive >= 2 || (substantive >= 1 && factual))
}

/// A span of novel tokens, by token index (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenRun {
    pub first: usize,
    pub last: usize,
}

impl TokenRun {
    pub fn range(self) -> std::ops::Range<usize> {
        self.first..self.last + 1
    }
}

/// Groups novel tokens into runs: tokens at most [`SPAN_GAP`] apart.
pub(crate) fn runs(novel: &[bool]) -> Vec<TokenRun> {
    let mut runs: Vec<TokenRun> = Vec::new();
    for (i, _) in novel.iter().enumerate().filter(|(_, n)| **n) {
        match runs.last_mut() {
            Some(run) if i - run.last <= SPAN_GAP + 1 => run.last = i,
            _ => runs.push(TokenRun { first: i, last: i }),
        }
    }
    runs
}

/// Widens a run that does not read alone to its clause: the tokens between
/// the punctuation (commas, dashes, brackets, semicolons) around it.
pub(crate) fn widen_to_clause(text: &str, tokens: &[Token], run: TokenRun) -> TokenRun {
    // Whether what stands between tokens `i` and `i + 1` ends a clause. A
    // hyphen written with spaces in a compound with a number joins, as text
    // tokenized for a corpus writes every hyphen ("a 65 - 53 victory", "a
    // 16 - year - old"), and so does a colon between two numbers ("with 7 :
    // 46 left"): neither is a dash or a clause's end.
    let between = |i: usize| text[tokens[i].span.end..tokens[i + 1].span.start].trim();
    let is_number = |i: usize| tokens[i].class == TokenClass::Number;
    let lower_word = |i: usize| {
        tokens[i].class == TokenClass::Content
            && text[tokens[i].span.start..].chars().next().is_some_and(char::is_lowercase)
    };
    let breaks = |i: usize| {
        let gap = between(i);
        if gap == ":" && is_number(i) && is_number(i + 1) {
            return false;
        }
        if gap == "-" && hyphen_chain(tokens.len(), i, between).any(is_number) {
            return false;
        }
        // So does one between two lower-case content words ("the modern -
        // day Mafia", "publicity - shy"): a dash opens a clause with a
        // function word ("- who had promised") or a name.
        if gap == "-" && lower_word(i) && lower_word(i + 1) {
            return false;
        }
        gap.contains([',', ';', ':', '(', ')', '—', '–'])
            || text[tokens[i].span.end..tokens[i + 1].span.start].contains(" - ")
    };
    let mut first = run.first;
    while first > 0 && !breaks(first - 1) {
        first -= 1;
    }
    let mut last = run.last;
    while last + 1 < tokens.len() && !breaks(last) {
        last += 1;
    }
    TokenRun { first, last }
}

/// The tokens of the compound around the hyphen between tokens `i` and `i +
/// 1`: those joined to them by hyphens, at most four each way (`between(j)`:
/// what stands between tokens `j` and `j + 1`, trimmed).
fn hyphen_chain<'a>(len: usize, i: usize, between: impl Fn(usize) -> &'a str) -> std::ops::RangeInclusive<usize> {
    const MAX_LINKS: usize = 4;
    let mut first = i;
    while first > 0 && i - first < MAX_LINKS && between(first - 1) == "-" {
        first -= 1;
    }
    let mut last = i + 1;
    while last + 1 < len && last - (i + 1) < MAX_LINKS && between(last) == "-" {
        last += 1;
    }
    first..=last
}

pub(crate) fn run_span(tokens: &[Token], run: TokenRun) -> Span {
    Span::new(tokens[run.first].span.start, tokens[run.last].span.end)
}

pub(crate) fn run_terms(tokens: &[Token], run: TokenRun) -> Vec<u64> {
    let mut terms: Vec<u64> = tokens[run.range()].iter().filter(|t| t.is_content()).map(align::term_of).collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// A whole sentence's span as shown: without a stray closing quote mark
/// left at its start by the sentence before (`" Police said …`).
pub(crate) fn shown_sentence(article: &Article, index: usize) -> Span {
    let span = article.sentences[index].span;
    let text = span.of(&article.text);
    let marks = text.chars().filter(|c| matches!(c, '"' | '“' | '”')).count();
    let stray = text.strip_prefix(['"', '”']).filter(|rest| marks % 2 == 1 && rest.starts_with(' '));
    match stray {
        Some(rest) => Span::new(span.end - rest.trim_start().len(), span.end),
        None => span,
    }
}

pub(crate) fn sentence_text(article: &Article, index: usize) -> String {
    article.sentences[index].span.of(&article.text).to_string()
}

/// Where a sentence of `other` that the current article lacks would fit: after
/// the current sentence that matches its nearest matched predecessor (or,
/// failing that, before the one matching its nearest matched successor).
/// `None`: before the first sentence.
pub(crate) fn placement(other: &Other<'_>, t: usize) -> Option<usize> {
    if let Some(s) = other.backward[..t].iter().rev().find_map(|link| link.map(|(s, _)| s)) {
        return Some(s);
    }
    other.backward[t + 1..].iter().find_map(|link| link.map(|(s, _)| s)).and_then(|s| s.checked_sub(1))
}

/// A whole sentence shown on its own, as a wording.
pub(crate) fn inserted_wording(article: &Article, sentence: usize, span: Span) -> Wording {
    let text = span.of(&article.text).to_string();
    Wording {
        version: article.id.clone(),
        diff: vec![DiffPart { op: Op::Insert, text: text.clone() }],
        text,
        sentence: Some(sentence),
    }
}

/// Two to six capital letters (and digits): "CBS", "NATO", "G7".
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
}

fn is_name_fact(kind: FactKind) -> bool {
    matches!(kind, FactKind::Person | FactKind::Organization | FactKind::Place | FactKind::Name)
}

/// In a line set in headline case ("Krafts Food Shooter Kills Two") or in
/// capitals, a capital letter says nothing about names: forget it.
fn forget_headline_case(tokens: &mut Cow<'_, [Token]>) {
    let words = tokens.iter().filter(|t| t.class == TokenClass::Content).count();
    if words < 3 {
        return;
    }
    let capitalized = tokens.iter().filter(|t| t.class == TokenClass::Content && t.capitalized).count();
    if capitalized * 10 >= words * 7 {
        for token in tokens.to_mut().iter_mut() {
            token.capitalized = false;
        }
    }
}

/// The words that some article writes in lower case, and those that some
/// article capitalizes inside a sentence.
fn word_cases<'p, 'a: 'p>(prepared: impl Iterator<Item = &'p Prepared<'a>>) -> (TermSet<u64>, TermSet<u64>) {
    let (mut lower, mut capitalized) = (TermSet::default(), TermSet::default());
    for p in prepared {
        for token in p.sentences.iter().flat_map(|s| s.tokens.iter()) {
            if p.article.text[token.span.start..].chars().next().is_some_and(char::is_lowercase) {
                lower.insert(align::hash(&token.norm));
            } else if token.capitalized {
                capitalized.insert(align::hash(&token.norm));
            }
        }
    }
    (lower, capitalized)
}

/// The transliteration keys of a name's words, in order (titles, which have
/// no key, left out).
pub(crate) fn name_keys(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(crate::facts::name_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Whether two speakers or sources can be one: the same name (or one's
/// last word, a surname or "report", among the other's words), or one side
/// names nobody.
pub(crate) fn same_source(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return true };
    let (ka, kb) = (name_keys(a), name_keys(b));
    crate::facts::same_name(a, b)
        || ka.last().is_some_and(|k| kb.contains(k))
        || kb.last().is_some_and(|k| ka.contains(k))
}

/// The weighted Dice coefficient of two sorted term lists.
pub(crate) fn dice(a: &[u64], b: &[u64], weights: &Weights) -> f64 {
    let (shared, weight_a) = shared_and_total(a, b, weights);
    let total = weight_a + b.iter().map(|&t| weights.of(t)).sum::<f64>();
    if total == 0.0 { 0.0 } else { 2.0 * shared / total }
}

/// The share of `part`'s weight that the sorted `whole` holds too.
pub(crate) fn held_share(part: &[u64], whole: &[u64], weights: &Weights) -> f64 {
    let (held, total) = shared_and_total(part, whole, weights);
    if total == 0.0 { 0.0 } else { held / total }
}

/// The weight of the terms of `a` that the sorted `b` holds too, and the
/// weight of all of `a`: one pass, each weight looked up once, both sums
/// adding in `a`'s order from -0.0 (as `Iterator::sum` of f64 does).
fn shared_and_total(a: &[u64], b: &[u64], weights: &Weights) -> (f64, f64) {
    let (mut shared, mut total) = (-0.0_f64, -0.0_f64);
    for &t in a {
        let weight = weights.of(t);
        total += weight;
        if b.binary_search(&t).is_ok() {
            shared += weight;
        }
    }
    (shared, total)
}

/// The share of the lighter list's weight that the other holds too.
pub(crate) fn containment(a: &[u64], b: &[u64], weights: &Weights) -> f64 {
    let (shared, weight_a) = shared_and_total(a, b, weights);
    let lighter = weight_a.min(b.iter().map(|&t| weights.of(t)).sum::<f64>());
    if lighter == 0.0 { 0.0 } else { shared / lighter }
}

/// A sentence with no counterpart in another report is news, whole, when
/// most of its content (by weight) is words the other side never uses:
/// below it, the other side conveys much of it in other words or in
/// sentences cut differently (judged: under this share, three in four such
/// sentences said something the other article says too).
const UNALIGNED_NEWS_SHARE: f64 = 0.6;

/// A clause of a sentence the other report conveys in part is news on its
/// own when at least this share of its content is novel (and it holds a run
/// of [`CLAUSE_NOVEL_WORDS`]): a clause that adds a new predicate to the
/// story's subject ("the city is heavily indebted over its stadium loans",
/// against reports that never mention debt) shares its subject's names and
/// is news all the same.
const CLAUSE_NEWS_SHARE: f64 = 0.3;

/// A clause is news for a run of at least this many novel content words in
/// it: one word is the other report's choice of word.
const CLAUSE_NOVEL_WORDS: usize = 2;

/// Against a revision of the same text, a sentence with no counterpart was
/// added or deleted: it is news, whole, from this share of novel content.
const REVISION_NEWS_SHARE: f64 = 0.2;

/// A sentence aligned only as a paraphrase is shown whole when at least this
/// share of its content is novel: its word diff's leftovers would mean
/// nothing alone.
const PARAPHRASE_WHOLE_SHARE: f64 = 0.6;

/// In a sentence restated by the other report, a run of novel words is an
/// insertion worth showing from this many novel content words (a name, a
/// number or a date is always worth it).
const PARAPHRASE_SPAN_WORDS: usize = 4;

/// What a finder may show of a sentence against a report that words it
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Only what reads as a statement: what an article lacks must say
    /// something alone ("In front of his home fans" or a name alone does
    /// not).
    Statements,
    /// Also what one article inserts into a statement both make: a name, a
    /// clause.
    Insertions,
}

/// Words that open a phrase, not a statement: a clause they open leans on
/// the rest of its sentence.
fn opens_phrase(norm: &str) -> bool {
    matches!(
        norm,
        "in" | "on"
            | "at"
            | "after"
            | "before"
            | "during"
            | "with"
            | "for"
            | "from"
            | "by"
            | "of"
            | "since"
            | "despite"
            | "under"
            | "over"
            | "among"
            | "through"
            | "as"
            | "while"
            | "when"
            | "although"
            | "though"
            | "because"
            | "if"
            | "who"
            | "whose"
            | "which"
            | "that"
            | "where"
            | "until"
    )
}

/// Verbs a statement is made with, without a tagger: the auxiliaries and
/// a few verbs news writes with; a lower-case word ending in "-ed" is taken
/// for a past tense.
fn is_verb(token: &Token) -> bool {
    crate::text::is_plain_verb(&token.norm)
        || matches!(
            token.norm.as_str(),
            "can"
                | "could"
                | "may"
                | "might"
                | "must"
                | "should"
                | "said"
                | "says"
                | "told"
                | "made"
                | "took"
                | "got"
                | "went"
                | "came"
                | "left"
                | "found"
                | "gave"
        )
        || (!token.capitalized && token.norm.len() > 4 && token.norm.ends_with("ed"))
}

/// Whether the clause `run` of a sentence reads as a statement on its own:
/// it opens the sentence (or follows "and" / "but"), does not open with a
/// preposition or a relative word, and holds a verb.
fn is_statement(tokens: &[Token], run: TokenRun) -> bool {
    let first = &tokens[run.first];
    let opens = run.first == 0 || matches!(tokens[run.first - 1].norm.as_str(), "and" | "but");
    let opener = if matches!(first.norm.as_str(), "and" | "but") { tokens.get(run.first + 1) } else { Some(first) };
    opens && !opener.is_some_and(|t| opens_phrase(&t.norm)) && tokens[run.range()].iter().any(is_verb)
}

/// What one sentence says that the other side does not, as it is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum News {
    /// The whole sentence.
    Whole,
    /// A span of it, by token index.
    Span(TokenRun),
}

/// How a sentence relates to the other side, for [`news`].
pub(crate) enum Counterpart {
    /// No sentence there matches it; `revision` when the two articles are
    /// revisions of one text.
    None { revision: bool },
    /// It has a counterpart; `revision` when the two are one sentence
    /// edited, else a sentence that shares some of its words.
    Aligned { revision: bool },
    /// Its counterpart makes the same statement in other words: what it
    /// adds to it (a name, a clause) is news even when short.
    Restated,
}

/// What of a sentence (its `tokens`, `facts` and per-token `novel` flags)
/// is news to the other side: the whole sentence, spans of it, or nothing.
/// Whole sentences must say something of substance and be mostly novel;
/// spans of an edited sentence are the edits, widened to their clause when
/// they would not read alone; spans of a paraphrase are whole clauses or
/// names, numbers and dates the other side never gives.
pub(crate) fn news(
    compared: &Compared<'_>,
    text: &str,
    tokens: &[Token],
    facts: &[Fact],
    novel: &[bool],
    counterpart: Counterpart,
    shown: Shown,
) -> Vec<News> {
    if tokens.iter().filter(|t| t.is_content()).count() < 2 || !novel.iter().any(|&n| n) {
        return Vec::new();
    }
    let share = compared.novel_share(tokens, novel);
    let whole = || has_substance(compared, tokens, facts);
    match counterpart {
        Counterpart::None { revision } => {
            let floor = if revision { REVISION_NEWS_SHARE } else { UNALIGNED_NEWS_SHARE };
            if whole() && share >= floor {
                return vec![News::Whole];
            }
            if revision {
                return Vec::new();
            }
            clause_spans(compared, text, tokens, facts, novel, shown)
        }
        Counterpart::Aligned { revision: true } => {
            let edits = runs(novel).into_iter().filter(|&run| !is_joined_headline(text, tokens, run)).collect();
            readable_spans(compared, text, tokens, facts, edits)
        }
        Counterpart::Restated => {
            if share >= PARAPHRASE_WHOLE_SHARE && whole() {
                return vec![News::Whole];
            }
            restated_spans(compared, text, tokens, facts, novel)
        }
        Counterpart::Aligned { revision: false } => {
            if share >= PARAPHRASE_WHOLE_SHARE && whole() {
                return vec![News::Whole];
            }
            clause_spans(compared, text, tokens, facts, novel, shown)
        }
    }
}

/// The spans of a sentence worth showing against another report, which
/// says the rest of it in its own words: a full name it never gives (a
/// witness, an official), or a whole clause (between the sentence's ends and
/// its commas, dashes and brackets) that is mostly novel and says something
/// beyond who said it. A run of novel words inside a clause is the other
/// report's choice of words, not news ("office in the agricultural town"),
/// and so is a lone number or date ("Wednesday morning on two"): where the
/// two disagree on it, the differs finder says so.
fn clause_spans(
    compared: &Compared<'_>,
    text: &str,
    tokens: &[Token],
    facts: &[Fact],
    novel: &[bool],
    shown: Shown,
) -> Vec<News> {
    let mut spans: Vec<TokenRun> = Vec::new();
    for run in runs(novel) {
        let clause = widen_to_clause(text, tokens, run);
        let range = clause.range();
        let novel_words = run.range().filter(|&i| novel[i] && tokens[i].is_content()).count();
        // A name alone is shown only as an insertion.
        let name = match shown {
            Shown::Insertions => novel_full_name(compared, text, tokens, facts, novel, run),
            Shown::Statements => None,
        };
        // A run that is a name and nothing more is that name, not the
        // clause around it.
        if let Some(name) =
            name.filter(|name| run.range().all(|i| !novel[i] || !tokens[i].is_content() || name.range().contains(&i)))
        {
            spans.push(name);
            continue;
        }
        let news = novel_words >= CLAUSE_NOVEL_WORDS
            && clause.last + 1 - clause.first >= STANDALONE_WORDS
            && compared.novel_share(&tokens[range.clone()], &novel[range.clone()]) >= CLAUSE_NEWS_SHARE
            && has_substance(compared, &tokens[range], facts)
            && (shown == Shown::Insertions || is_statement(tokens, clause));
        if news {
            spans.push(clause);
        } else if let Some(name) = name {
            spans.push(name);
        }
    }
    spans.sort_by_key(|run| (run.first, run.last));
    let merged = merge_runs(spans);
    // Clauses that make up the whole sentence are the sentence: a sentence
    // of one clause with a run of novel words and a third of its content
    // novel is news whole.
    match merged.as_slice() {
        [run] if run.first == 0 && run.last + 1 == tokens.len() => vec![News::Whole],
        _ => merged.into_iter().map(News::Span).collect(),
    }
}

/// The spans of a sentence worth showing against another report: its novel
/// clauses and facts, read alone, each saying something beyond who said it
/// (a bare surname, "the navy said", "according to the Highway Patrol"
/// alone tell a reader nothing; a full name, "Benjamin Caldwell", does).
fn restated_spans(compared: &Compared<'_>, text: &str, tokens: &[Token], facts: &[Fact], novel: &[bool]) -> Vec<News> {
    let spans = runs(novel).into_iter().filter_map(|run| paraphrase_span(compared, text, tokens, facts, novel, run));
    readable_spans(compared, text, tokens, facts, spans.collect())
        .into_iter()
        .filter(|news| match news {
            News::Span(run) => {
                let span = &tokens[run.range()];
                let full_name =
                    span.iter().filter(|t| t.class == TokenClass::Content && compared.is_name(t, facts)).count() >= 2;
                full_name || has_substance(compared, span, facts)
            }
            News::Whole => true,
        })
        .collect()
}

/// Whether a sentence is a headline-like line: no punctuation ends it. Such
/// a line, standing alone in one revision and joined to the text (or cut
/// as furniture) in the other, is layout, not news.
pub(crate) fn is_headline_line(text: &str, tokens: &[Token]) -> bool {
    let Some(last) = tokens.last() else { return false };
    // The marks right after the last word (a few: a line of one endless
    // word must not be read to its end for each of its sentences).
    const TAIL_CHARS: usize = 8;
    let tail: String = text[last.span.end..].chars().take_while(|c| !c.is_whitespace()).take(TAIL_CHARS).collect();
    !tail.contains(['.', '!', '?', ':', ';', '"', '”', '’', ')', '…'])
}

/// Whether a run of novel words is a headline joined to the sentence it
/// opens: it starts the sentence, and the next word opens a sentence of its
/// own with a capital and no punctuation between ("Examining the moment To
/// answer this question, …").
fn is_joined_headline(text: &str, tokens: &[Token], run: TokenRun) -> bool {
    let Some(next) = tokens.get(run.last + 1) else { return false };
    let between = &text[tokens[run.last].span.end..next.span.start];
    run.first == 0
        && between.chars().all(|c| c == ' ')
        && text[next.span.start..].chars().next().is_some_and(char::is_uppercase)
        // A capitalized function word ("To", "The") opens a sentence; a
        // capitalized content word may be a name inside one.
        && next.class != TokenClass::Content
}

/// Each span as a reader can take it in: widened to its clause when it
/// would not read alone, and spans that meet in one clause merged.
fn readable_spans(
    compared: &Compared<'_>,
    text: &str,
    tokens: &[Token],
    facts: &[Fact],
    spans: Vec<TokenRun>,
) -> Vec<News> {
    let spans =
        spans
            .into_iter()
            .map(|run| {
                if compared.stands_alone(&tokens[run.range()], facts) {
                    run
                } else {
                    widen_to_clause(text, tokens, run)
                }
            })
            .collect::<Vec<_>>();
    merge_runs(spans).into_iter().map(News::Span).collect()
}

/// Runs in reading order, those that touch or overlap merged into one.
fn merge_runs(runs: Vec<TokenRun>) -> Vec<TokenRun> {
    runs.into_iter().fold(Vec::new(), |mut merged: Vec<TokenRun>, run| {
        match merged.last_mut() {
            Some(last) if run.first <= last.last + 1 => last.last = last.last.max(run.last),
            _ => merged.push(run),
        }
        merged
    })
}

/// The token range a fact covers in `tokens`.
fn fact_tokens(tokens: &[Token], fact: &Fact) -> std::ops::Range<usize> {
    let first = tokens.iter().position(|t| t.span.start >= fact.span.start).unwrap_or(tokens.len());
    let last = tokens.iter().rposition(|t| t.span.end <= fact.span.end).map_or(first, |l| l + 1);
    first..last.max(first)
}

/// The facts touching `run` whose content words are all novel and that
/// `keep` accepts (given the fact and its content tokens' indexes), as one
/// run from the first to the last of them.
fn novel_facts_in(
    tokens: &[Token],
    facts: &[Fact],
    novel: &[bool],
    run: TokenRun,
    keep: impl Fn(&Fact, &[usize]) -> bool,
) -> Option<TokenRun> {
    let mut chosen: Option<TokenRun> = None;
    for fact in facts {
        let range = fact_tokens(tokens, fact);
        if range.is_empty() || range.end <= run.first || range.start > run.last {
            continue;
        }
        let content: Vec<usize> = range.clone().filter(|&i| tokens[i].is_content()).collect();
        let all_novel = !content.is_empty() && content.iter().all(|&i| novel[i]);
        if all_novel && keep(fact, &content) {
            let span = TokenRun { first: range.start, last: range.end - 1 };
            chosen = Some(match chosen {
                Some(c) => TokenRun { first: c.first.min(span.first), last: c.last.max(span.last) },
                None => span,
            });
        }
    }
    chosen
}

/// A name of several words in a novel run that the other report never
/// gives, every word of it novel ("Department" of a named department the
/// other side calls otherwise is no news; one capitalized word alone is a
/// piece of a name the other side gives otherwise). An acronym ("CBS")
/// counts as a full name.
fn novel_full_name(
    compared: &Compared<'_>,
    text: &str,
    tokens: &[Token],
    facts: &[Fact],
    novel: &[bool],
    run: TokenRun,
) -> Option<TokenRun> {
    novel_facts_in(tokens, facts, novel, run, |fact, content| {
        is_name_fact(fact.kind)
            && content.iter().all(|&i| compared.is_name(&tokens[i], facts))
            && (content.len() >= 2 || (content.len() == 1 && is_acronym(tokens[content[0]].span.of(text))))
    })
}

/// The part of a novel run in a paraphrase worth showing: the run itself
/// when it is a clause of novel words, else the novel names, numbers and
/// dates in it, whole (every word of the name novel: "Department" of a
/// named department the other side calls otherwise is no news).
fn paraphrase_span(
    compared: &Compared<'_>,
    text: &str,
    tokens: &[Token],
    facts: &[Fact],
    novel: &[bool],
    run: TokenRun,
) -> Option<TokenRun> {
    let novel_words = run.range().filter(|&i| novel[i] && tokens[i].is_content()).count();
    if novel_words >= PARAPHRASE_SPAN_WORDS {
        return Some(run);
    }
    novel_facts_in(tokens, facts, novel, run, |fact, content| {
        let reported = matches!(
            fact.kind,
            FactKind::Person
                | FactKind::Organization
                | FactKind::Place
                | FactKind::Name
                | FactKind::Number
                | FactKind::Money
                | FactKind::Percent
                | FactKind::Date
        );
        let named = content.iter().any(|&i| compared.is_strong(&tokens[i], facts));
        // One capitalized word alone ("Party", "Department") is a piece of a
        // name the other side gives otherwise; a person, an acronym ("CBS")
        // or a name of several words is a name.
        let lone_word = content.len() == 1
            && is_name_fact(fact.kind)
            && fact.kind != FactKind::Person
            && !tokens[content[0]].norm.chars().all(|c| !c.is_alphabetic())
            && !is_acronym(tokens[content[0]].span.of(text));
        reported && named && !lone_word
    })
}

#[cfg(test)]
mod tests {
    use super::{TokenRun, widen_to_clause};
    use crate::text::{TokenClass, tokenize};

    /// The clause around the word `word` of `text`, as its text.
    fn clause_of(text: &str, word: &str) -> String {
        // Words and numbers, as a sentence's tokens are kept.
        let tokens: Vec<_> = tokenize(text).into_iter().filter(|t| t.class != TokenClass::Punct).collect();
        let at = tokens.iter().position(|t| t.span.of(text) == word).expect("the word is in the text");
        let clause = widen_to_clause(text, &tokens, TokenRun { first: at, last: at });
        text[tokens[clause.first].span.start..tokens[clause.last].span.end].to_string()
    }

    #[test]
    fn a_spaced_hyphen_or_colon_in_a_figure_does_not_end_a_clause() {
        let text =
            "The two late baskets factored into the 65 - 53 victory, and a 16 - year - old scored with 7 : 46 left.";
        assert_eq!(clause_of(text, "baskets"), "The two late baskets factored into the 65 - 53 victory");
        assert_eq!(clause_of(text, "scored"), "and a 16 - year - old scored with 7 : 46 left");
    }

    #[test]
    fn a_spaced_hyphen_inside_a_compound_of_words_does_not_end_a_clause() {
        let text = "It spanned the era of the old bosses and the modern - day Mafia of the swaggering Gotti, he said.";
        assert_eq!(
            clause_of(text, "Gotti"),
            "It spanned the era of the old bosses and the modern - day Mafia of the swaggering Gotti"
        );
    }

    #[test]
    fn a_spaced_hyphen_between_words_is_a_dash() {
        let text = "The mayor - who had promised a vote - said nothing about it on Monday.";
        assert_eq!(clause_of(text, "promised"), "who had promised a vote");
    }
}
