//! Stage 1, read and repair.
//!
//! In: the raw input text. Out: [`Repaired`], the text after Unicode NFC,
//! whitespace clean-up and mojibake repair (the full kind, `â€™` for `’`, and
//! the lossy kind where the bytes after `â` were lost), with a map from every
//! byte of the repaired text back to the byte it came from in the input.
//!
//! The repair runs as a chain of passes (full mojibake, lossy mojibake, NFC,
//! whitespace). Each pass writes through a [`Builder`] that records, for every
//! byte it writes, the byte of the pass's input it came from; composing the
//! maps keeps `origin` pointing into the original input.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Repaired text and the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    /// `origin[i]` is the input byte offset that repaired byte `i` came from;
    /// one extra entry maps `text.len()` to the input's length.
    origin: Vec<u32>,
}

impl Repaired {
    /// The byte offset in the original input of repaired byte `offset`.
    pub fn origin_of(&self, offset: usize) -> usize {
        self.origin.get(offset).copied().or_else(|| self.origin.last().copied()).unwrap_or(0) as usize
    }
}

/// Repairs `input` (see the module docs).
pub fn repair(input: &str) -> Repaired {
    let mut mapped = Mapped::identity(input);
    // Text damaged twice (mojibake of mojibake) needs more than one round.
    for _ in 0..3 {
        match fix_full_mojibake(&mapped) {
            Some(next) => mapped = next,
            None => break,
        }
    }
    if has_lossy_damage(&mapped.text) {
        mapped = fix_lossy_mojibake(&mapped);
    }
    mapped = normalize_nfc(&mapped);
    mapped = clean_whitespace(&mapped);
    if mapped.text.contains("''") || mapped.text.contains("``") || mapped.text.contains(" n't") {
        mapped = fix_typewriter_text(&mapped);
    }
    Repaired { text: mapped.text, origin: mapped.origin }
}

// ---- origin-keeping text ------------------------------------------------

/// Text with a map to the original input (`origin.len() == text.len() + 1`).
struct Mapped {
    text: String,
    origin: Vec<u32>,
}

impl Mapped {
    fn identity(input: &str) -> Mapped {
        // Inputs are capped far below 4 GiB (`MAX_INPUT_BYTES`), so u32 holds
        // every offset; saturate rather than wrap if a caller passes more.
        let origin = (0..=input.len()).map(|i| u32::try_from(i).unwrap_or(u32::MAX)).collect();
        Mapped { text: input.to_string(), origin }
    }
}

/// Writes one pass's output, mapping each written byte to the original input.
struct Builder<'a> {
    src: &'a Mapped,
    text: String,
    origin: Vec<u32>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a Mapped) -> Self {
        Builder { src, text: String::with_capacity(src.text.len()), origin: Vec::with_capacity(src.origin.len()) }
    }

    /// Copies `src.text[range]` unchanged, with its own origins.
    fn copy(&mut self, range: Range<usize>) {
        self.text.push_str(&self.src.text[range.clone()]);
        self.origin.extend_from_slice(&self.src.origin[range]);
    }

    /// Writes new text `s`, every byte of it coming from source byte `from`.
    fn put(&mut self, s: &str, from: usize) {
        let at = self.src.origin[from];
        self.text.push_str(s);
        self.origin.extend(std::iter::repeat_n(at, s.len()));
    }

    fn finish(mut self) -> Mapped {
        self.origin.push(self.src.origin[self.src.text.len()]);
        Mapped { text: self.text, origin: self.origin }
    }
}

// ---- full mojibake: UTF-8 read as cp1252 -------------------------------

/// The cp1252 byte a char would have been decoded from, if any. Also takes
/// the five bytes cp1252 leaves undefined, which decoders pass through as
/// C1 controls.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{0}'..='\u{7f}' | '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '\u{81}' | '\u{8d}' | '\u{8f}' | '\u{90}' | '\u{9d}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    };
    Some(b)
}

/// How many continuation bytes a UTF-8 lead byte announces (lead bytes only).
fn utf8_continuations(lead: u8) -> Option<usize> {
    match lead {
        0xc2..=0xdf => Some(1),
        0xe0..=0xef => Some(2),
        0xf0..=0xf4 => Some(3),
        _ => None,
    }
}

/// Whether a two-byte repair gives a letter people write. Two-char sequences
/// like `É”` can be legitimate text; their "repair" lands in odd blocks (IPA),
/// so only common scripts are accepted.
fn plausible_two_byte(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{17f}' | '\u{370}'..='\u{52f}' | '\u{590}'..='\u{6ff}')
}

/// The repair of a mojibake sequence starting at `start`: (end, replacement).
fn mojibake_at(text: &str, start: usize) -> Option<(usize, char)> {
    let mut chars = text[start..].char_indices();
    let (_, lead_char) = chars.next()?;
    let lead = cp1252_byte(lead_char)?;
    let count = utf8_continuations(lead)?;
    let mut bytes = vec![lead];
    let mut end = start + lead_char.len_utf8();
    for (i, c) in chars.take(count) {
        match cp1252_byte(c) {
            Some(b @ 0x80..=0xbf) => {
                bytes.push(b);
                end = start + i + c.len_utf8();
            }
            _ => break,
        }
    }
    if bytes.len() == count + 1 {
        let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
        let ok = match count {
            1 => plausible_two_byte(decoded),
            _ => !decoded.is_control(),
        };
        return ok.then_some((end, decoded));
    }
    // `â€` + a lost 0x9D (undefined in cp1252, often dropped): `”`.
    (bytes == [0xe2, 0x80]).then_some((end, '”'))
}

/// One round of UTF-8-as-cp1252 repair; `None` when nothing changed.
fn fix_full_mojibake(src: &Mapped) -> Option<Mapped> {
    let text = &src.text;
    // Every mojibake sequence starts with a char in U+00C2..=U+00F4.
    if !text.chars().any(|c| ('\u{c2}'..='\u{f4}').contains(&c)) {
        return None;
    }
    let mut out = Builder::new(src);
    let mut copied = 0;
    let mut changed = false;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if ('\u{c2}'..='\u{f4}').contains(&c) {
            if let Some((end, fixed)) = mojibake_at(text, i) {
                out.copy(copied..i);
                out.put(fixed.encode_utf8(&mut [0; 4]), i);
                copied = end;
                i = end;
                changed = true;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out.copy(copied..text.len());
    changed.then(|| out.finish())
}

// ---- lossy mojibake: a bare `â` where `’ “ ”` stood --------------------

/// Letters that may follow an apostrophe in English contractions and
/// possessives (`Russia’s`, `don’t`, `I’m`, `we’re`, `they’ve`, `he’d`).
fn is_contraction_suffix(prev: char, suffix: &str) -> bool {
    match suffix {
        "s" | "m" | "re" | "ve" | "d" | "ll" | "S" => true,
        "t" => prev == 'n',
        _ => false,
    }
}

/// What surrounds one `â`: the char before, the char after, and the run of
/// letters after it.
struct Context<'a> {
    prev: Option<char>,
    next: Option<char>,
    letters_after: &'a str,
}

fn context_at(text: &str, at: usize) -> Context<'_> {
    let after = &text[at + 'â'.len_utf8()..];
    let run = after.char_indices().find(|(_, c)| !c.is_alphabetic()).map_or(after.len(), |(i, _)| i);
    Context { prev: text[..at].chars().next_back(), next: after.chars().next(), letters_after: &after[..run] }
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphabetic)
}

fn is_space_or_edge(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// `â` inside a word the way French or Portuguese write it (`château`):
/// lowercase on both sides, more than a contraction after it.
fn looks_like_word_letter(ctx: &Context) -> bool {
    let prev_lower = ctx.prev.is_some_and(char::is_lowercase);
    prev_lower
        && ctx.letters_after.chars().count() >= 2
        && ctx.letters_after.chars().all(char::is_lowercase)
        && !is_contraction_suffix(ctx.prev.unwrap_or(' '), ctx.letters_after)
}

/// Whether this `â` can only be damage: no language writes `â` before a
/// capital, after punctuation, alone between spaces, at a word's end, or as
/// the apostrophe of an English contraction.
fn is_damage(ctx: &Context) -> bool {
    let next_upper = ctx.next.is_some_and(char::is_uppercase);
    let after_punct = ctx.prev.is_some_and(|c| ".,;:!?".contains(c));
    let alone = is_space_or_edge(ctx.prev) && is_space_or_edge(ctx.next);
    let word_end =
        is_letter(ctx.prev) && (is_space_or_edge(ctx.next) || ctx.next.is_some_and(|c| ".,;:!?)".contains(c)));
    let contraction = is_letter(ctx.prev) && is_contraction_suffix(ctx.prev.unwrap_or(' '), ctx.letters_after);
    next_upper || after_punct || alone || word_end || contraction
}

/// Decides for the whole document whether bare `â` is lossy damage: some
/// occurrences can only be damage, and they outnumber the ones that look like
/// real words (so French or Romanian text is left alone).
fn has_lossy_damage(text: &str) -> bool {
    let (mut damage, mut legit) = (0usize, 0usize);
    for (at, _) in text.match_indices('â') {
        let ctx = context_at(text, at);
        if is_damage(&ctx) {
            damage += 1;
        } else if looks_like_word_letter(&ctx) {
            legit += 1;
        }
    }
    damage > 0 && damage >= 2 * legit
}

/// The mark a damaged `â` stood for, from its neighbours; `None` keeps it.
fn lossy_replacement(ctx: &Context, quote_open: bool) -> Option<&'static str> {
    let prev_word = ctx.prev.is_some_and(char::is_alphanumeric);
    let next_word = ctx.next.is_some_and(char::is_alphanumeric);
    let prev_open = is_space_or_edge(ctx.prev) || ctx.prev.is_some_and(|c| "([{—–-".contains(c));
    if prev_word && next_word {
        if ctx.prev.is_some_and(|c| c.is_ascii_digit()) && ctx.next.is_some_and(|c| c.is_ascii_digit()) {
            return Some("–");
        }
        if looks_like_word_letter(ctx) {
            return None;
        }
        return Some("’");
    }
    if is_space_or_edge(ctx.prev) && is_space_or_edge(ctx.next) {
        return Some("—");
    }
    if prev_open || (!prev_word && next_word) {
        return Some("“");
    }
    // Closing: a quote when one is open, else a plural possessive (`allies’ `).
    if !quote_open && ctx.prev == Some('s') {
        return Some("’");
    }
    Some("”")
}

/// Maps every bare `â` to the mark it lost (see [`lossy_replacement`]).
fn fix_lossy_mojibake(src: &Mapped) -> Mapped {
    let text = &src.text;
    let mut out = Builder::new(src);
    let mut copied = 0;
    let mut quote_open = false;
    for (at, _) in text.match_indices(['â', '\n']) {
        if text[at..].starts_with('\n') {
            quote_open = false; // quotes do not run over paragraphs here
            continue;
        }
        let ctx = context_at(text, at);
        let Some(mark) = lossy_replacement(&ctx, quote_open) else {
            continue;
        };
        match mark {
            "“" => quote_open = true,
            "”" => quote_open = false,
            _ => {}
        }
        out.copy(copied..at);
        out.put(mark, at);
        copied = at + 'â'.len_utf8();
    }
    out.copy(copied..text.len());
    out.finish()
}

// ---- typewriter quotes and split contractions ---------------------------

/// Two apostrophes (or two backticks) typed for a double quote become one
/// (`''` → `"`, as TeX and typewriter-era text write it), and contractions
/// cut off their word by tokenized text join it again ("did n't" →
/// "didn't", "we 're" → "we're"): both are format, and both would otherwise
/// break quotations and words apart.
fn fix_typewriter_text(src: &Mapped) -> Mapped {
    const JOINED: [&str; 7] = [" n't", " 're", " 's", " 've", " 'll", " 'd", " 'm"];
    let text = &src.text;
    let bytes = text.as_bytes();
    let mut out = Builder::new(src);
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        let pair = &bytes[i..bytes.len().min(i + 2)];
        if pair == b"''" || pair == b"``" {
            out.copy(copied..i);
            out.put("\"", i);
            i += 2;
            copied = i;
            continue;
        }
        if bytes[i] == b' ' && i > 0 && bytes[i - 1].is_ascii_alphabetic() {
            let rest = &text[i..];
            if let Some(suffix) = JOINED
                .iter()
                .find(|j| rest.starts_with(**j) && !rest[j.len()..].chars().next().is_some_and(char::is_alphanumeric))
            {
                out.copy(copied..i);
                out.copy(i + 1..i + suffix.len());
                i += suffix.len();
                copied = i;
                continue;
            }
        }
        i += 1;
    }
    out.copy(copied..bytes.len());
    out.finish()
}

// ---- Unicode NFC ---------------------------------------------------------

/// NFC, segment by segment so origins stay close: a segment starts at each
/// ASCII char (no ASCII char composes with what precedes it), and a segment
/// that changes maps all its bytes to its start.
fn normalize_nfc(src: &Mapped) -> Mapped {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let text = &src.text;
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Mapped { text: text.clone(), origin: src.origin.clone() };
    }
    let mut out = Builder::new(src);
    let mut start = 0;
    let starts = text.char_indices().filter(|(_, c)| c.is_ascii()).map(|(i, _)| i).chain(std::iter::once(text.len()));
    for end in starts {
        if end > start {
            let segment = &text[start..end];
            let normal: String = segment.nfc().collect();
            if normal == segment {
                out.copy(start..end);
            } else {
                out.put(&normal, start);
            }
        }
        start = end;
    }
    out.finish()
}

// ---- whitespace ---------------------------------------------------------

/// What one input char becomes in the whitespace pass.
enum Ws {
    Keep,
    Space,
    Newlines(usize),
    Drop,
}

fn classify_ws(c: char, next: Option<char>) -> Ws {
    match c {
        '\r' if next == Some('\n') => Ws::Drop,
        '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' => Ws::Newlines(1),
        '\u{2029}' => Ws::Newlines(2),
        // Invisible characters that only break words apart when compared.
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' | '\u{200e}' | '\u{200f}' => Ws::Drop,
        c if c.is_whitespace() => Ws::Space,
        c if c.is_control() => Ws::Drop,
        _ => Ws::Keep,
    }
}

/// Spaces and line breaks: every space-like char is a space, runs collapse,
/// lines lose leading and trailing spaces, at most one blank line separates
/// paragraphs, and the text has no leading or trailing blank lines.
fn clean_whitespace(src: &Mapped) -> Mapped {
    let text = &src.text;
    let mut out = Builder::new(src);
    let mut space_at: Option<usize> = None;
    let mut newlines: Option<(usize, usize)> = None; // (count, first position)
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        match classify_ws(c, next) {
            Ws::Drop => {}
            Ws::Space => {
                space_at.get_or_insert(i);
            }
            Ws::Newlines(n) => {
                space_at = None;
                let entry = newlines.get_or_insert((0, i));
                entry.0 += n;
            }
            Ws::Keep => {
                if let Some((count, at)) = newlines.take() {
                    if !out.text.is_empty() {
                        out.put(&"\n".repeat(count.min(2)), at);
                    }
                    space_at = None;
                }
                if let Some(at) = space_at.take() {
                    if !out.text.is_empty() && !out.text.ends_with('\n') {
                        out.put(" ", at);
                    }
                }
                out.copy(i..i + c.len_utf8());
            }
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_origins(input: &str, word: &str) {
        let r = repair(input);
        let at = r.text.find(word).expect("word in repaired text");
        let from = r.origin_of(at);
        let to = r.origin_of(at + word.len());
        assert_eq!(&input[from..to], word, "in {:?}", r.text);
    }

    #[test]
    fn origin_maps_words_back_after_every_kind_of_repair() {
        let input = "Russiaâ€™s  war 😀 on\r\nUkraine â€” “mojibake” Ã©tÃ©\u{a0}Kim said\n\n\n\nLast word";
        let r = repair(input);
        assert_eq!(r.text, "Russia’s war 😀 on\nUkraine — “mojibake” été Kim said\n\nLast word");
        for word in ["war", "Ukraine", "mojibake", "Kim said", "Last word", "😀"] {
            check_origins(input, word);
        }
        // The repaired apostrophe maps to the start of its mojibake.
        let at = r.text.find('’').unwrap();
        assert_eq!(r.origin_of(at), input.find("â€™").unwrap());
        assert_eq!(r.origin_of(r.text.len()), input.len());
    }

    #[test]
    fn origin_maps_words_back_after_lossy_repair() {
        let input = "Russiaâs war. âWe won,â he said. Northâs  leader";
        let r = repair(input);
        assert_eq!(r.text, "Russia’s war. “We won,” he said. North’s leader");
        for word in ["war", "We won", "he said", "leader"] {
            check_origins(input, word);
        }
    }

    #[test]
    fn legitimate_a_circumflex_is_kept() {
        for text in [
            "The château near the pâte shop.",
            "Le château est à côté. L’âge de pierre.",
            "În România câinele mânca pâine.",
        ] {
            assert_eq!(repair(text).text, text);
        }
    }

    #[test]
    fn legitimate_accented_capitals_are_not_mojibake() {
        let text = "They shouted “CAFÉ” and “ÉCOLE” twice.";
        assert_eq!(repair(text).text, text);
    }

    #[test]
    fn double_mojibake_is_repaired() {
        // `’` encoded to UTF-8, read as cp1252, twice.
        let once: String = "’"
            .bytes()
            .map(|b| match b {
                0x80 => '€',
                0x99 => '™',
                b => b as char,
            })
            .collect();
        let twice: String = once
            .chars()
            .flat_map(|c| {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| match b {
                        0x80 => '€',
                        0x82 => '‚',
                        0xac => '¬',
                        0x84 => '„',
                        0xa2 => '¢',
                        b => b as char,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let r = repair(&format!("Kim{twice}s visit"));
        assert_eq!(r.text, "Kim’s visit");
    }
}
