//! Words as the comparison sees them: tokens with a folded form, a stem and
//! whether they carry content. Shared by alignment and story matching.

use crate::model::Span;
use crate::patterns::TOKEN;

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where it stands, relative to the text it was cut from.
    pub span: Span,
    /// Lowercased, quotes, dashes and diacritics folded, thousands separators dropped:
    /// two tokens that differ only in format have the same `norm`.
    pub norm: String,
    /// A crude stem of `norm` ("containers" → "container", "visited" → "visit"),
    /// for content words; empty for the others.
    pub stem: String,
    pub class: TokenClass,
    /// Starts with a capital letter (and is not the sentence's first word).
    pub capitalized: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenClass {
    /// A word that says something ("containers", "Lavrov").
    Content,
    /// A function word ("the", "of", "said").
    Stop,
    Number,
    Punct,
}

impl Token {
    pub fn is_content(&self) -> bool {
        matches!(self.class, TokenClass::Content | TokenClass::Number)
    }
}

/// Tokens of `text` with spans relative to it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut seen_word = false;
    for m in TOKEN.find_iter(text) {
        let raw = m.as_str();
        let norm = fold(raw);
        let first = raw.chars().next().unwrap_or(' ');
        let class = if first.is_ascii_digit() {
            TokenClass::Number
        } else if !first.is_alphanumeric() {
            TokenClass::Punct
        } else if is_stopword(&norm) && !raw.contains('.') {
            TokenClass::Stop
        } else {
            TokenClass::Content
        };
        // A sentence's first word is capitalized by grammar, not because it is a name.
        let capitalized = first.is_uppercase() && seen_word;
        seen_word |= class != TokenClass::Punct;
        // Only content words are stemmed; the others compare by `norm`.
        let stem = if class == TokenClass::Content { stem(&compact(&norm)) } else { String::new() };
        tokens.push(Token { span: Span::new(m.start(), m.end()), norm, stem, class, capitalized });
    }
    tokens
}

/// Folds the format of a token away: case, curly quotes, dashes, diacritics,
/// thousands separators.
pub fn fold(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(raw.len());
    let numeric = raw.chars().next().is_some_and(|c| c.is_ascii_digit());
    if raw.is_ascii() {
        // The common case, without decomposing: same result, a tenth of the time.
        for b in raw.bytes() {
            match b {
                b',' if numeric => {}
                b'`' => out.push('\''),
                _ => out.push(b.to_ascii_lowercase() as char),
            }
        }
        if out.ends_with("'s") {
            out.truncate(out.len() - 2);
        }
        return out;
    }
    for c in raw.nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            '’' | '‘' | '`' | '´' => out.push('\''),
            '“' | '”' | '„' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            ',' if numeric => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    if let Some(stripped) = out.strip_suffix("'s") {
        out = stripped.to_string();
    }
    out
}

/// A folded word with its hyphens and dots taken out: "pom-poms" and
/// "pompoms", "U.S." and "US" are one word written two ways.
pub fn compact(norm: &str) -> std::borrow::Cow<'_, str> {
    // Bytes, not chars: '-' and '.' are ASCII, never part of another character.
    if norm.bytes().any(|b| b == b'-' || b == b'.') && norm.chars().any(char::is_alphabetic) {
        norm.chars().filter(|c| !matches!(c, '-' | '.')).collect::<String>().into()
    } else {
        norm.into()
    }
}

/// A light suffix-stripping stem: enough for plurals and tenses to meet.
pub fn stem(word: &str) -> String {
    let american = american(word.trim_end_matches('\''));
    let w: &str = &american;
    let n = w.chars().count();
    if n <= 3 {
        return w.to_string();
    }
    // "appreciation" meets "appreciates": -ation(s) goes back to -ate first.
    let ate;
    let w: &str = match w.strip_suffix("ations").or_else(|| w.strip_suffix("ation")) {
        Some(base) if base.chars().count() >= 4 => {
            ate = format!("{base}ate");
            &ate
        }
        _ => w,
    };
    for (suffix, keep) in [("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.chars().count() >= 3 && !(suffix == "s" && (base.ends_with('s') || base.ends_with('u'))) {
                let mut b = String::with_capacity(base.len() + keep.len());
                b.push_str(base);
                b.push_str(keep);
                // "shipped" → "shipp" → "ship"
                let bytes = b.as_bytes();
                if keep.is_empty()
                    && bytes.len() >= 2
                    && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
                    && !b.ends_with("ss")
                    && !b.ends_with("ll")
                {
                    b.pop();
                }
                if b.ends_with('e') && b.chars().count() > 3 {
                    b.pop();
                }
                return b;
            }
        }
    }
    let mut b = w.to_string();
    if b.ends_with('e') && n > 3 {
        b.pop();
    }
    b
}

/// British spellings folded to American ones, so "recognise" meets
/// "recognize" and "defence" meets "defense".
fn american(word: &str) -> std::borrow::Cow<'_, str> {
    // Words whose British spelling no ending rule reaches.
    const IRREGULAR: [(&str, &str); 14] = [
        ("ageing", "aging"),
        ("aluminium", "aluminum"),
        ("catalogue", "catalog"),
        ("dialogue", "dialog"),
        ("grey", "gray"),
        ("jewellery", "jewelry"),
        ("judgement", "judgment"),
        ("manoeuvre", "maneuver"),
        ("mould", "mold"),
        ("plough", "plow"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("sceptical", "skeptical"),
        ("tyre", "tire"),
    ];
    if let Some((_, american)) = IRREGULAR.iter().find(|(british, _)| *british == word) {
        return (*american).into();
    }
    for (british, american) in [
        ("isation", "ization"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ence", "ense"),
        ("our", "or"),
        ("ours", "ors"),
        ("oured", "ored"),
        ("ouring", "oring"),
        ("ourhood", "orhood"),
        ("ourhoods", "orhoods"),
        ("ourite", "orite"),
        ("ourable", "orable"),
        ("elled", "eled"),
        ("elling", "eling"),
        ("tre", "ter"),
        ("tres", "ters"),
        ("bre", "ber"),
        ("bres", "bers"),
    ] {
        if let Some(base) = word.strip_suffix(british) {
            // "fibre", "metre": two letters before -re are enough.
            let shortest = if british.ends_with("re") || british.ends_with("res") { 2 } else { 3 };
            if base.chars().count() >= shortest {
                return format!("{base}{american}").into();
            }
        }
    }
    word.into()
}

/// Whether a folded word denies what it stands in: "not", "no", "never",
/// "nor", "without", "cannot", or a negation contracted onto its verb
/// ("couldn't", "isn’t"). The one list the finders share.
pub fn is_negation(norm: &str) -> bool {
    matches!(norm, "not" | "no" | "never" | "nor" | "without" | "cannot")
        || norm.ends_with("n't")
        || norm.ends_with("n’t")
}

/// Whether `norm` is a plain auxiliary or "be" / "have" / "do": a verb that
/// states without qualifying ("is seeking", "would become").
pub fn is_plain_verb(norm: &str) -> bool {
    matches!(
        norm,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "does"
            | "did"
            | "do"
    )
}

/// Whether `word` is written as an abbreviation: two to six capitals ("IE", "NYPD").
pub fn is_abbreviation(word: &str) -> bool {
    (2..=6).contains(&word.chars().count()) && word.chars().all(char::is_uppercase)
}

/// Whether `short`, an abbreviation, spells the initials of `long`'s words
/// ("IE" / "Internet Explorer", "NYPD" / "New York Police Department").
pub fn abbreviates(short: &str, long: &str) -> bool {
    let short = short.trim();
    let initials: String = long.split_whitespace().filter_map(|w| w.chars().next()).collect();
    is_abbreviation(short) && initials.chars().all(char::is_uppercase) && initials == short
}

/// Whether `short` is `long` written short, one word for one: a
/// contraction or a clipped word ("Lt" / "Lieutenant", "Mt" / "Mount",
/// "Gov." / "Governor": its letters in order, the same first letter, and
/// the same last letter or a prefix), or an abbreviation of it with one
/// leading word more ("CHP" / "Highway Patrol": the California Highway
/// Patrol named without its state).
pub fn shortens(short: &str, long: &str) -> bool {
    let (short, long) = (short.trim().trim_end_matches('.'), long.trim());
    let words: Vec<&str> = long.split_whitespace().collect();
    if let [word] = words.as_slice() {
        let (s, l) = (short.to_lowercase(), word.to_lowercase());
        let mut rest = l.chars();
        let in_order = s.chars().all(|c| rest.any(|d| d == c));
        let ends = s.chars().last() == l.chars().last() || l.starts_with(&s);
        return (2..=4).contains(&s.chars().count())
            && l.chars().count() >= 2 * s.chars().count()
            && s.chars().next() == l.chars().next()
            && short.chars().next().is_some_and(char::is_uppercase)
            && in_order
            && ends;
    }
    // The abbreviation less its first letter abbreviates the words.
    let rest = short.char_indices().nth(1).map_or("", |(at, _)| &short[at..]);
    is_abbreviation(short) && words.len() >= 2 && abbreviates(rest, long)
}

/// Function words: they glue a sentence together but say little about its content.
pub fn is_stopword(norm: &str) -> bool {
    STOPWORDS.binary_search(&norm).is_ok()
}

// Sorted, for binary search. The spelled forms of "%" and "$" ("percent",
// "per cent", "dollars") are here too: the signs are punctuation, so the
// words are format, not content.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cent",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "dollar",
    "dollars",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "pct",
    "per",
    "percent",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
];

/// The word and number tokens of each sentence of `article` (punctuation
/// left out), with spans into the article text.
pub fn article_tokens(article: &crate::model::Article) -> Vec<Vec<Token>> {
    article
        .sentences
        .iter()
        .map(|sentence| {
            tokenize(sentence.span.of(&article.text))
                .into_iter()
                .filter(|t| t.class != TokenClass::Punct)
                .map(|mut t| {
                    t.span = t.span.shift(sentence.span.start);
                    t
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn format_folds_away() {
        assert_eq!(fold("Russia’s"), "russia");
        assert_eq!(fold("1,000"), "1000");
        assert_eq!(fold("Café"), "cafe");
    }

    #[test]
    fn a_word_written_short() {
        for (short, long) in [("Lt.", "Lieutenant"), ("Mt", "Mount"), ("Gov.", "Governor"), ("CHP", "Highway Patrol")] {
            assert!(shortens(short, long), "{short} / {long}");
        }
        for (short, long) in
            [("Lt", "Lab"), ("Bush", "California"), ("NYPD", "Police Department"), ("lt", "Lieutenant")]
        {
            assert!(!shortens(short, long), "{short} / {long}");
        }
    }

    #[test]
    fn stems_meet() {
        for (a, b) in
            [("containers", "container"), ("visited", "visit"), ("shipped", "ship"), ("welcomed", "welcoming")]
        {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (a, b) in [
            ("fibre", "fiber"),
            ("neighbourhood", "neighborhood"),
            ("neighbours", "neighbors"),
            ("travelled", "traveled"),
            ("analyse", "analyze"),
            ("favourite", "favorite"),
            ("grey", "gray"),
            ("centres", "centers"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        // Short words keep their own letters: "four" is no "for", "hours" no "hors".
        for (a, b) in [("four", "for"), ("hours", "hors"), ("yours", "yors")] {
            assert_ne!(stem(a), stem(b), "{a} / {b}");
        }
    }
}
