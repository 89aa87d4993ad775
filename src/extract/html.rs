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
const SKIPPED: &[&str] =
    &["script", "style", "noscript", "template", "figcaption", "button", "select", "textarea", "svg", "math"];

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
    let parsed = readability.parse();
    let mut out = match &parsed {
        Ok(article) => Extracted {
            title: clean_opt(Some(article.title.clone())),
            published: article.published_time.as_deref().and_then(normalize_date),
            byline: clean_opt(article.byline.clone()),
            site: clean_opt(article.site_name.clone()),
            description: clean_opt(article.excerpt.clone()),
            readerable,
            paragraphs: Vec::new(),
            set_aside: Vec::new(),
        },
        Err(_) => Extracted::default(),
    };
    if let Ok(article) = &parsed {
        let (paragraphs, headings) = paragraphs_of(&article.content);
        out.paragraphs = repaired(paragraphs);
        super::clean_html_body(&mut out, &headings);
    }
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
            doc.select(selector).nodes().iter().find_map(|n| n.attr(attr).map(|v| v.to_string()))
        };
        let published = attr_of("meta[itemprop=datePublished]", "content")
            .or_else(|| attr_of("[itemprop=datePublished][datetime]", "datetime"))
            .or_else(|| attr_of("meta[name=date]", "content"))
            .or_else(|| attr_of("meta[name='dc.date']", "content"))
            .or_else(|| attr_of("time[datetime][pubdate]", "datetime"))
            .or_else(|| attr_of("article time[datetime]", "datetime"))
            .or_else(|| attr_of("time[datetime]", "datetime"))
            .and_then(|d| normalize_date(&d));
        let title = doc.select("title").nodes().first().map(|n| n.text().to_string());
        let byline = attr_of("meta[name=author]", "content");
        Fallbacks { title: clean_opt(title), published, byline: clean_opt(byline) }
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

/// The paragraphs of an extracted article's HTML, in order, and for each
/// whether it is a heading (`h1`–`h6`).
fn paragraphs_of(content: &str) -> (Vec<Paragraph>, Vec<bool>) {
    let doc = Document::fragment(content);
    let mut collector = Collector::default();
    collector.walk(&doc.root());
    collector.flush();
    (collector.paragraphs, collector.headings)
}

/// The paragraphs with mojibake repaired, as plain text is: repaired all
/// together, since the lossy kind is recognized from the whole text.
fn repaired(paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let joined = paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n");
    let fixed = crate::repair::repair(&joined).text;
    let parts: Vec<&str> = fixed.split("\n\n").collect();
    if parts.len() != paragraphs.len() {
        return paragraphs; // the repair joined or split paragraphs: keep them as read
    }
    parts.into_iter().map(|text| Paragraph { text: text.trim().to_string(), origin: None }).collect()
}

/// Walks a DOM, gathering inline text into the current paragraph and
/// starting a new one at each block boundary.
#[derive(Default)]
struct Collector {
    current: String,
    paragraphs: Vec<Paragraph>,
    /// Parallel to `paragraphs`: whether each is a heading.
    headings: Vec<bool>,
    /// How many heading elements the walk is inside.
    heading_depth: usize,
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
                let heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                if block {
                    self.flush();
                }
                self.heading_depth += usize::from(heading);
                self.walk(&child);
                if block {
                    self.flush();
                }
                self.heading_depth -= usize::from(heading);
            }
        }
    }

    fn flush(&mut self) {
        let text = clean(&self.current);
        self.current.clear();
        if !text.is_empty() {
            self.paragraphs.push(Paragraph { text, origin: None });
            self.headings.push(self.heading_depth > 0);
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
    super::MONTH_NAMES
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
    if out.len() == html.len() { html.into() } else { out.into() }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A readerable article body: several long paragraphs.
    fn body() -> String {
        (1..=5)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} of the report says that the council met on Tuesday, \
                     and that members argued for hours about the budget, the roads, the \
                     schools and the new library before they voted on the plan.</p>"
                )
            })
            .collect()
    }

    fn page(head: &str, body_html: &str) -> String {
        format!("<!DOCTYPE html><html><head>{head}</head><body>{body_html}</body></html>")
    }

    fn texts(e: &Extracted) -> Vec<&str> {
        e.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn metadata_from_json_ld() {
        let head = r#"<title>Ignored | Site</title><script type="application/ld+json">
            {"@context":"https://schema.org","@type":"NewsArticle",
             "headline":"Council approves budget","datePublished":"2023-10-18T09:30:00+02:00",
             "author":{"@type":"Person","name":"Ana Diaz"},
             "publisher":{"@type":"Organization","name":"Daily Planet"}}</script>"#;
        let e = extract(&page(head, &format!("<article>{}</article>", body())));
        assert_eq!(e.title.as_deref(), Some("Council approves budget"));
        assert_eq!(e.published.as_deref(), Some("2023-10-18T09:30:00+02:00"));
        assert_eq!(e.byline.as_deref(), Some("Ana Diaz"));
        assert!(e.readerable);
    }

    #[test]
    fn metadata_from_og_tags() {
        let head = r#"<title>Budget vote - Daily Planet</title>
            <meta property="og:title" content="Budget vote passes">
            <meta property="og:site_name" content="Daily Planet">
            <meta property="og:description" content="The council voted.">
            <meta property="article:published_time" content="2023-10-18">
            <meta name="author" content="Ana Diaz">"#;
        let e = extract(&page(head, &body()));
        assert_eq!(e.title.as_deref(), Some("Budget vote passes"));
        assert_eq!(e.site.as_deref(), Some("Daily Planet"));
        assert_eq!(e.description.as_deref(), Some("The council voted."));
        assert_eq!(e.published.as_deref(), Some("2023-10-18"));
        assert_eq!(e.byline.as_deref(), Some("Ana Diaz"));
    }

    #[test]
    fn date_from_time_element() {
        let html = page(
            "<title>Budget</title>",
            &format!("<article><time datetime=\"2022-03-04 10:15:00.000\">4 March</time>{}</article>", body()),
        );
        let e = extract(&html);
        assert_eq!(e.published.as_deref(), Some("2022-03-04T10:15:00"));
    }

    #[test]
    fn nav_related_and_scripts_dropped() {
        let html = page(
            "<title>Budget</title><style>p{color:red}</style>",
            &format!(
                "<nav><ul><li><a href=/>Home</a></li><li><a href=/w>World news</a></li></ul></nav>\
                 <article>{}<figure><img src=a.jpg><figcaption>The council chamber.</figcaption></figure>\
                 <script>var tracking = 1;</script></article>\
                 <div class=\"related-links\"><h3>Related</h3><ul><li><a href=/x>Other story one</a></li>\
                 <li><a href=/y>Other story two</a></li></ul></div>\
                 <div class=share><a href=#>Share on Facebook</a></div>",
                body()
            ),
        );
        let e = extract(&html);
        let all = texts(&e).join("\n");
        assert_eq!(e.paragraphs.len(), 5, "{all}");
        for unwanted in ["Home", "Other story", "Share on", "tracking", "council chamber", "color"] {
            assert!(!all.contains(unwanted), "{unwanted} kept in {all}");
        }
    }

    #[test]
    fn entities_decoded_whitespace_normalized_nfc() {
        let html = page(
            "<title>Caf&eacute; &amp; bar</title>",
            &format!(
                "<article><p>Fish &amp; chips\n\n   cost &pound;5 at the cafe\u{0301} &mdash; \
                 a &quot;bargain&quot;, said the owner of the small caf&eacute; near the harbour \
                 where the boats come in every morning at dawn.</p>{}</article>",
                body()
            ),
        );
        let e = extract(&html);
        assert_eq!(e.title.as_deref(), Some("Café & bar"));
        let first = texts(&e)[0];
        assert!(first.starts_with("Fish & chips cost £5 at the café — a \"bargain\""), "{first}");
    }

    #[test]
    fn non_article_page_is_not_readerable() {
        let html = page(
            "<title>Search results</title>",
            "<form><input name=q></form><ul><li><a href=/1>Result one</a></li>\
             <li><a href=/2>Result two</a></li></ul><p>Page 1 of 3</p>",
        );
        assert!(!extract(&html).readerable);
    }

    #[test]
    fn never_panics_on_garbage() {
        let long_attr = format!("<div class=\"{}\">x</div>", "a".repeat(100_000));
        let inputs = [
            "",
            " ",
            "<",
            "<<<>>>",
            "<html",
            "<p>unclosed <b>bold <i>italic",
            "</div></div></p>",
            "<!-- never closed",
            "<script>if (a < b) { document.write('<p>') }",
            "\u{0}\u{1}binary\u{fffd}",
            "<html><head><meta property=og:title content></head><body><time datetime=garbage>",
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":</script>",
            &long_attr,
        ];
        for input in inputs {
            let _ = extract(input);
        }
    }

    #[test]
    fn deeply_nested_markup() {
        let cases = [("<div>", "</div>"), ("<span><b>", ""), ("<table><tr><td>", ""), ("<ul><li>", "</li></ul>")];
        for (open, close) in cases {
            let html = format!(
                "<html><body>{}<p>deep text here, with words</p>{}</body></html>",
                open.repeat(3000),
                close.repeat(3000)
            );
            let e = extract(&html);
            assert!(texts(&e).iter().any(|t| t.contains("deep text")), "{open}");
        }
    }

    #[test]
    fn unclosed_paragraphs_stay_apart() {
        let html: String = (0..1500).map(|i| format!("<p>paragraph {i} has its own text")).collect();
        let e = extract(&format!("<html><body><article>{html}"));
        assert_eq!(e.paragraphs.len(), 1500);
    }

    #[test]
    fn dates_normalize_to_iso() {
        let cases = [
            ("2017-03-09T23:16:02+00:00", Some("2017-03-09T23:16:02+00:00")),
            ("2021-11-01T10:52:50+0100", Some("2021-11-01T10:52:50+01:00")),
            ("2019-10-18T17:23:34.816Z", Some("2019-10-18T17:23:34Z")),
            ("2019-04-28 06:01:07", Some("2019-04-28T06:01:07")),
            ("2018-04-05T06:00", Some("2018-04-05T06:00:00")),
            ("2020-09-21", Some("2020-09-21")),
            ("March 9, 2017", Some("2017-03-09")),
            ("Thu, 09 Mar 2017 23:16:02 GMT", Some("2017-03-09")),
            ("9th Sept. 2017", Some("2017-09-09")),
            ("2017-13-40", None),
            ("yesterday", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_date(raw).as_deref(), want, "{raw}");
        }
    }
}
