//! # storydiff
//!
//! Shows how a news article differs from other versions of the same story.
//!
//! Give it the article being read and stored versions of the story (other
//! outlets' reports, earlier revisions of the same page); it says what this
//! article leaves out (**missing**), states differently (**differs**), alone
//! says (**unique**), writes another way (**variant**), and where its title,
//! date or byline disagree (**metadata**).
//!
//! ```
//! let current = storydiff::analyse("a.txt", "Lavrov visited Pyongyang on Wednesday. \
//!     The White House said more than 1,000 containers were sent.", storydiff::Format::Text).unwrap();
//! let other = storydiff::analyse("b.txt", "Lavrov visited Pyongyang on Wednesday. \
//!     The White House said more than 1,000 containers were sent. \
//!     Kremlin spokesman Dmitry Peskov said the allegations were not based on evidence.",
//!     storydiff::Format::Text).unwrap();
//! let report = storydiff::compare(&current, &[other]);
//! assert!(report.findings.iter().any(|f| f.there.as_deref().is_some_and(|t| t.contains("Peskov"))));
//! ```
//!
//! ## The pipeline
//! One module per stage, each pure, each saying what goes in and what comes out:
//! [`repair`] → [`extract`] → [`sentences`] → [`facts`] make an [`Article`]
//! ([`analyse`]); [`story`] decides which stored articles tell the same story
//! (and indexes thousands of them); [`align`] pairs each sentence with its
//! counterparts; [`report`] turns the alignments into findings ([`compare`]).
//!
//! Spans are byte offsets into [`Article::text`]; the wasm face converts them
//! to UTF-16 code units for JavaScript.

pub mod align;
pub mod error;
pub mod eval;
pub mod extract;
pub mod facts;
mod hashing;
pub mod library;
pub mod model;
mod patterns;
pub mod repair;
pub mod report;
pub mod sentences;
pub mod story;
pub mod text;
pub mod utf16;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::Error;
pub use model::{Article, Fact, FactKind, Sentence, Span, StoredArticle};
pub use report::Report;

/// Inputs above this size are refused rather than compared.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// What kind of document an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    /// Decide from the content: HTML if it starts like markup.
    Auto,
}

/// Comparing is refused (an early [`Error::TooLong`], not unbounded work)
/// when the current article and its versions have more sentences than this
/// in all: about 25 MB of news text, far beyond any story's versions.
pub const MAX_COMPARE_SENTENCES: usize = 200_000;

/// Checks raw bytes before anything reads them: not too large, not binary
/// (NUL bytes, or mostly control characters). UTF-16 is read when it starts
/// with its byte-order mark, or without one when its NUL bytes fall where
/// mostly-ASCII UTF-16 puts them (every second byte). UTF-8 is read as it
/// is (a byte-order mark dropped); anything else as Windows-1252, the usual
/// encoding of older Western pages, in which every byte means a character.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Error> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge { bytes: bytes.len(), limit: MAX_INPUT_BYTES });
    }
    if let Some(little_endian) = utf16_order(bytes) {
        return decode_utf16(bytes, little_endian).map(Into::into);
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    if sample.contains(&0) || controls * 10 > sample.len() {
        return Err(Error::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).into()),
        Err(_) => Ok(bytes.iter().map(|&b| cp1252(b)).collect::<String>().into()),
    }
}

/// Whether `bytes` are UTF-16, and if so whether little-endian: by the
/// byte-order mark, or by where the NUL bytes of the first 8 KiB fall (in
/// mostly-ASCII UTF-16 every second byte is NUL, the others almost never).
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xef, 0xbb, 0xbf, ..] => return None,
        [0xff, 0xfe, 0, 0, ..] => return None, // UTF-32: left to the binary check
        [0xff, 0xfe, ..] => return Some(true),
        [0xfe, 0xff, ..] => return Some(false),
        _ => {}
    }
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // At least 40% of one side NUL, at most 2% of the other.
    let utf16 = |zeros: usize, others: usize| zeros * 10 >= pairs * 4 && others * 50 <= pairs;
    if utf16(odd, even) {
        Some(true)
    } else if utf16(even, odd) {
        Some(false)
    } else {
        None
    }
}

/// UTF-16 text as a string (unpaired surrogates replaced, a BOM dropped),
/// refused as binary when it holds NULs or mostly control characters.
fn decode_utf16(bytes: &[u8], little_endian: bool) -> Result<String, Error> {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    });
    let text: String = char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    let sample: Vec<char> = text.chars().take(8192).collect();
    let controls = sample.iter().filter(|&&c| c < '\u{20}' && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}')).count();
    if sample.contains(&'\0') || controls * 10 > sample.len() {
        return Err(Error::Binary);
    }
    Ok(text)
}

/// The character a Windows-1252 byte stands for.
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

/// Whether `input` looks like an HTML document.
pub fn looks_like_html(input: &str) -> bool {
    let head = input.trim_start();
    // The first kilobyte, cut at a character boundary.
    let mut end = head.len().min(1024);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let head = &head[..end].to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || (head.starts_with('<')
            && (head.contains("<head") || head.contains("<body") || head.contains("<div") || head.contains("<p")))
}

/// Reads one article: repair, extract, split into sentences, find the facts.
pub fn analyse(id: &str, input: &str, format: Format) -> Result<Article, Error> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge { bytes: input.len(), limit: MAX_INPUT_BYTES });
    }
    let html = match format {
        Format::Html => true,
        Format::Text => false,
        Format::Auto => looks_like_html(input),
    };
    let extracted =
        if html { extract::extract_html(input) } else { extract::extract_text(&repair::repair(input).text) };
    article_from(id, extracted)
}

/// Builds an [`Article`] from extracted paragraphs: joins them into the body,
/// splits sentences and reads their facts.
pub fn article_from(id: &str, extracted: extract::Extracted) -> Result<Article, Error> {
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    // For each extracted paragraph, how many kept ones stand before it.
    let mut kept_before = Vec::with_capacity(extracted.paragraphs.len() + 1);
    for paragraph in extracted.paragraphs.iter().map(|p| p.text.trim()) {
        kept_before.push(paragraphs.len());
        if paragraph.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(paragraph);
        paragraphs.push(Span::new(start, text.len()));
    }
    kept_before.push(paragraphs.len());
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    let context = facts::FactContext { published: extracted.published.as_deref().and_then(parse_iso_date) };
    let mut sentences = Vec::new();
    for (p, para) in paragraphs.iter().enumerate() {
        for span in sentences::split(para.of(&text)) {
            let span = span.shift(para.start);
            let facts = facts::extract(span.of(&text), &context)
                .into_iter()
                .map(|mut f| {
                    f.span = f.span.shift(span.start);
                    f
                })
                .collect();
            sentences.push(Sentence { index: sentences.len(), span, paragraph: p, facts });
        }
    }
    let mut article = Article {
        id: id.to_string(),
        title: plain_field(extracted.title),
        published: plain_field(extracted.published),
        byline: plain_field(extracted.byline),
        site: plain_field(extracted.site),
        description: plain_field(extracted.description),
        text,
        paragraphs,
        sentences,
        set_aside: set_aside(extracted.set_aside, &kept_before),
        tokens: Vec::new(),
    };
    article.tokens = text::article_tokens(&article);
    Ok(article)
}

/// The lines an extraction set aside, as the article keeps them: at most
/// [`extract::MAX_SET_ASIDE`] of at most [`extract::MAX_SET_ASIDE_BYTES`]
/// (a stored version's come from the extension's store or an import), each
/// before the paragraph it stood before among those kept (`kept_before[i]`:
/// how many kept paragraphs stand before extracted paragraph `i`), in order.
fn set_aside(lines: Vec<extract::SetAside>, kept_before: &[usize]) -> Vec<extract::SetAside> {
    let last = kept_before.last().copied().unwrap_or(0);
    let mut kept: Vec<extract::SetAside> = lines
        .into_iter()
        .take(extract::MAX_SET_ASIDE)
        .filter(|line| line.text.len() <= extract::MAX_SET_ASIDE_BYTES)
        .filter_map(|line| {
            let text = plain_field(Some(line.text))?;
            Some(extract::SetAside { before: kept_before.get(line.before).copied().unwrap_or(last), text })
        })
        .collect();
    kept.sort_by_key(|line| line.before);
    kept
}

/// A metadata field without control characters (a terminal escape in a
/// page's title must not reach the terminal): whitespace controls become a
/// space, the others go; runs of spaces collapse. Empty is `None`.
fn plain_field(field: Option<String>) -> Option<String> {
    let field = field?;
    if !field.chars().any(char::is_control) {
        return Some(field);
    }
    let spaced: String = field
        .chars()
        .filter_map(|c| if c.is_whitespace() { Some(' ') } else { (!c.is_control()).then_some(c) })
        .collect();
    let joined = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Rebuilds an [`Article`] from what the extension stores: the body is
/// already extracted, so only sentences and facts are read again.
pub fn from_stored(stored: &StoredArticle) -> Result<Article, Error> {
    if stored.text.len() > MAX_INPUT_BYTES {
        return Err(Error::TooLarge { bytes: stored.text.len(), limit: MAX_INPUT_BYTES });
    }
    let paragraphs =
        stored.text.split("\n\n").map(|p| extract::Paragraph { text: p.trim().to_string(), origin: None }).collect();
    let extracted = extract::Extracted {
        title: stored.title.clone(),
        published: stored.published.clone(),
        byline: stored.byline.clone(),
        site: stored.site.clone(),
        description: None,
        readerable: true,
        paragraphs,
        set_aside: stored.set_aside.clone(),
    };
    article_from(&stored.id, extracted)
}

/// `(year, month, day)` of an ISO 8601 date or timestamp.
pub fn parse_iso_date(iso: &str) -> Option<(i32, u32, u32)> {
    let date = iso.get(..10)?;
    let mut parts = date.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// Compares `current` with stored `versions` of its story (see [`report`]).
pub fn compare(current: &Article, versions: &[Article]) -> Report {
    report::build(current, versions)
}

/// [`compare`], with the versions whose ids are in `linked` compared even
/// when the story matcher would leave them out (the reader linked them).
pub fn compare_linked(current: &Article, versions: &[Article], linked: &[String]) -> Report {
    report::build_linked(current, versions, linked)
}

/// [`compare`], refused early with [`Error::TooLong`] when the articles have
/// more than [`MAX_COMPARE_SENTENCES`] sentences in all.
pub fn try_compare(current: &Article, versions: &[Article]) -> Result<Report, Error> {
    within_budget(current, versions)?;
    Ok(compare(current, versions))
}

/// [`compare_linked`] within the same budget as [`try_compare`].
pub fn try_compare_linked(current: &Article, versions: &[Article], linked: &[String]) -> Result<Report, Error> {
    within_budget(current, versions)?;
    Ok(compare_linked(current, versions, linked))
}

fn within_budget(current: &Article, versions: &[Article]) -> Result<(), Error> {
    let sentences = current.sentences.len() + versions.iter().map(|v| v.sentences.len()).sum::<usize>();
    if sentences > MAX_COMPARE_SENTENCES {
        return Err(Error::TooLong { sentences, limit: MAX_COMPARE_SENTENCES });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Regression: the first kilobyte was cut inside a multi-byte character.
    #[test]
    fn html_sniffing_cuts_at_a_character_boundary() {
        let page = format!("<html><body><p>{}’s</p></body></html>", "a".repeat(1008));
        assert!(super::looks_like_html(&page));
        let text = format!("{}’ and more", "b".repeat(1023));
        assert!(!super::looks_like_html(&text));
    }
}
