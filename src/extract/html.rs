//! Article extraction from an HTML page.
//!
//! In: the page's HTML as a string (any string: garbage and truncated markup
//! are parsed as browsers would). Out: [`Extracted`]: the main content as
//! block-level paragraphs in document order (headings kept as their own
//! paragraphs; navigation, ads, related links, comments, share widgets,
//! captions, scripts and styles dropped), and the metadata: title, ISO date,
//! byline, site, description and whether the page is an article at all.
//!
//! The content choice is Mozilla Readability's, through `dom_smoothie` (its
//! Rust port); see `docs/extraction.md` for why and how it measures. This
//! module adds what storydiff needs on top: paragraphs instead of one blob of
//! text, captions dropped, dates normalized to ISO 8601, metadata fallbacks
//! Readability lacks (`<time datetime>`, `itemprop` dates) and a guard
//! against pathological input.

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};
use unicode_normalization::UnicodeNormalization;

use super::{Extracted, Paragraph};
use crate::patterns::{HTML_DATE_ISO, HTML_DATE_WORDS, HTML_TAG_OPEN};

/// Pages nested deeper than this are flattened before parsing: the DOM
/// crates walk the tree recursively and would overflow the stack.
const MAX_DEPTH: usize = 1024;

/// Elements that end a paragraph: text on either side of them is not joined.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose text is never article text. Readability keeps captions;
/// storydiff compares what the article says, not what its pictures show.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "figcaption",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
];

/// English month names, for dates written in words.
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Extracts the article and its metadata from `html`. Never panics.
pub fn extract(html: &str) -> Extracted {
    if html.trim().is_empty() {
        return Extracted::default();
    }
    let html = flatten_if_deep(html);
    let doc = Document::from(html.as_ref());
    let fallback = Fallbacks::read(&doc);
    let config = Config {
        // Bounds the work on huge generated pages; real articles stay far below.
        max_elements_to_parse: 60_000,
        ..Default::default()
    };
    let Ok(mut readability) = Readability::with_document(doc, None, Some(config)) else {
        return Extracted::default();
    };
    let readerable = readability.is_probably_readable();
    let mut out = match readability.parse() {
        Ok(article) => Extracted {
            title: clean_opt(Some(article.title)),
            published: article.published_time.as_deref().and_then(normalize_date),
            byline: clean_opt(article.byline),
            site: clean_opt(article.site_name),
            description: clean_opt(article.excerpt),
            readerable,
            paragraphs: paragraphs_of(&article.content),
        },
        Err(_) => Extracted::default(),
    };
    fallback.fill(&mut out);
    // A page with no article text is no article, whatever its markup says.
    out.readerable = readerable && !out.paragraphs.is_empty();
    out
}

/// Metadata read from the untouched document, for fields Readability leaves
/// empty (it reads dates only from meta tags and JSON-LD).
#[derive(Default)]
struct Fallbacks {
    title: Option<String>,
    published: Option<String>,
    byline: Option<String>,
}

impl Fallbacks {
    fn read(doc: &Document) -> Self {
        let attr_of = |selector: &str, attr: &str| {
            doc.select(selector)
                .nodes()
                .iter()
                .find_map(|n| n.attr(attr).map(|v| v.to_string()))
        };
        let published = attr_of("meta[itemprop=datePublished]", "content")
            .or_else(|| attr_of("[itemprop=datePublished][datetime]", "datetime"))
            .or_else(|| attr_of("meta[name=date]", "content"))
            .or_else(|| attr_of("meta[name='dc.date']", "content"))
            .or_else(|| attr_of("time[datetime][pubdate]", "datetime"))
            .or_else(|| attr_of("article time[datetime]", "datetime"))
            .or_else(|| attr_of("time[datetime]", "datetime"))
            .and_then(|d| normalize_date(&d));
        let title = doc
            .select("title")
            .nodes()
            .first()
            .map(|n| n.text().to_string());
        let byline = attr_of("meta[name=author]", "content");
        Fallbacks {
            title: clean_opt(title),
            published,
            byline: clean_opt(byline),
        }
    }

    fn fill(self, out: &mut Extracted) {
        if out.title.is_none() {
            out.title = self.title;
        }
        if out.published.is_none() {
            out.published = self.published;
        }
        if out.byline.is_none() {
            out.byline = self.byline;
        }
    }
}

/// The paragraphs of an extracted article's HTML, in order.
fn paragraphs_of(content: &str) -> Vec<Paragraph> {
    let doc = Document::fragment(content);
    let mut collector = Collector::default();
    collector.walk(&doc.root());
    collector.flush();
    collector.paragraphs
}

/// Walks a DOM, gathering inline text into the current paragraph and
/// starting a new one at each block boundary.
#[derive(Default)]
struct Collector {
    current: String,
    paragraphs: Vec<Paragraph>,
}

impl Collector {
    fn walk(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            if child.is_text() {
                self.current.push_str(&child.text());
            } else if child.is_element() {
                let name = child.node_name().unwrap_or_default().to_ascii_lowercase();
                if SKIPPED.contains(&name.as_str()) || is_hidden(&child) {
                    continue;
                }
                let block = BLOCKS.contains(&name.as_str());
                if block {
                    self.flush();
                }
                self.walk(&child);
                if block {
                    self.flush();
                }
            }
        }
    }

    fn flush(&mut self) {
        let text = clean(&self.current);
        self.current.clear();
        if !text.is_empty() {
            self.paragraphs.push(Paragraph { text, origin: None });
        }
    }
}

/// Elements a reader never sees.
fn is_hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| &*v == "true")
        || node.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// Whitespace collapsed to single spaces, trimmed, NFC.
pub(crate) fn clean(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.nfc().collect()
}

/// [`clean`], with empty results as `None`.
fn clean_opt(text: Option<String>) -> Option<String> {
    text.map(|t| clean(&t)).filter(|t| !t.is_empty())
}

/// A date or timestamp in any common form as ISO 8601: `YYYY-MM-DD`, or
/// `YYYY-MM-DDTHH:MM:SS` plus the offset (`Z`, `+01:00`) when the source
/// gives a time. Fractions of a second are dropped. `None` when no date.
pub fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some(c) = HTML_DATE_ISO.captures(raw) {
        let date = valid_date(&c["y"], &c["m"], &c["d"])?;
        let Some(h) = c.name("h") else {
            return Some(date);
        };
        let sec = c.name("s").map_or("00", |s| s.as_str());
        let offset = match c.name("z").map(|z| z.as_str()) {
            None => String::new(),
            Some("Z" | "z") => "Z".to_string(),
            Some(z) => {
                let digits: String = z.chars().filter(char::is_ascii_digit).collect();
                let (hh, mm) = digits.split_at(2.min(digits.len()));
                format!("{}{hh}:{:0<2}", &z[..1], mm)
            }
        };
        return Some(format!("{date}T{}:{}:{sec}{offset}", h.as_str(), &c["mi"]));
    }
    // Several candidates may match ("Thu, 09 Mar 2017"): take the first real date.
    HTML_DATE_WORDS.captures_iter(raw).find_map(|c| {
        let (day, mon) = match (c.name("d1"), c.name("mon1")) {
            (Some(d), Some(m)) => (d, m),
            _ => (c.name("d2")?, c.name("mon2")?),
        };
        let month = month_number(mon.as_str())?;
        valid_date(&c["y"], &month.to_string(), day.as_str())
    })
}

/// `YYYY-MM-DD` when the parts make a calendar date.
fn valid_date(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// 1-12 for an English month name or its abbreviation.
fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    MONTH_NAMES
        .iter()
        .position(|m| lower.starts_with(&m[..3]) && m.starts_with(lower.trim_end_matches('.')))
        .map(|i| i as u32 + 1)
}

/// `html` itself, or when its tags nest deeper than [`MAX_DEPTH`] a copy
/// with the tags past that depth dropped (their text kept). Counting is by
/// open/close tags, a cheap upper bound: void elements and those the parser
/// closes by itself (`<p>`, `<li>`, cells) are not counted, so long runs of
/// unclosed paragraphs are left alone.
fn flatten_if_deep(html: &str) -> std::borrow::Cow<'_, str> {
    if HTML_TAG_OPEN.find_iter(html).count() < MAX_DEPTH {
        return html.into();
    }
    let mut depth = 0usize;
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for m in HTML_TAG_OPEN.find_iter(html) {
        let tag = m.as_str();
        let keep = if tag.ends_with("/>") || !nests(tag) {
            true
        } else if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
            depth < MAX_DEPTH
        } else {
            depth += 1;
            depth <= MAX_DEPTH
        };
        out.push_str(&html[last..m.start()]);
        if keep {
            out.push_str(tag);
        }
        last = m.end();
    }
    out.push_str(&html[last..]);
    if out.len() == html.len() {
        html.into()
    } else {
        out.into()
    }
}

/// Whether a tag counts towards nesting depth: not a void element, comment
/// or doctype, nor one the parser closes implicitly when a sibling opens.
fn nests(tag: &str) -> bool {
    let name = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    !matches!(
        name.as_str(),
        "" | "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
    )
}
