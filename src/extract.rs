//! Stage 2, extract the article.
//!
//! In: repaired plain text, or an HTML page. Out: [`Extracted`], the metadata
//! (title, ISO date, byline, site) and the body as paragraphs, with header
//! lines, datelines and boilerplate (related headlines, "More:/Recommend"
//! blocks) removed.
//!
//! Plain text is read in three steps: cut it into paragraph units (lines, or
//! blocks of hard-wrapped lines), read the header units at the top (title,
//! date, byline, standfirst), then clean the body (dateline, furniture lines,
//! stray headlines, a trailing block of links). Every body paragraph stays a
//! verbatim slice of the input.

use crate::patterns::{
    BYLINE, DATE_LABEL, DATELINE, DAY_MONTH_YEAR, FURNITURE_LINE, ISO_DATE, META_LABEL, MONTH_DAY_YEAR, NUMERIC_DATE,
    TEASER_MARKER, TIME_OF_DAY, TRAILER_MARKER,
};
use std::ops::Range;

mod html;

pub use html::normalize_date;

/// Metadata and body paragraphs of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    pub published: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    pub description: Option<String>,
    /// Whether the input looks like an article at all (HTML pages: not a home
    /// page, a search result or an app).
    pub readerable: bool,
    pub paragraphs: Vec<Paragraph>,
    /// Lines of the body set aside as layout (a headline standing alone
    /// between paragraphs, a furniture line), each with the index of the
    /// paragraph it stood before: not compared, but still said by the
    /// article, so that a copy that joins such a line to the text is no
    /// different from one that sets it apart.
    pub set_aside: Vec<SetAside>,
}

/// A line of the body set aside as layout (see [`Extracted::set_aside`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SetAside {
    /// The index of the body paragraph it stood before (the number of
    /// paragraphs when it came after the last).
    pub before: usize,
    pub text: String,
}

/// At most this many set-aside lines are kept per article: a page of
/// nothing but short lines keeps its first ones.
pub(crate) const MAX_SET_ASIDE: usize = 64;

/// A set-aside line longer than this is no layout line (the extractor sets
/// aside lines of at most 200 bytes): one from a stored version is dropped.
pub(crate) const MAX_SET_ASIDE_BYTES: usize = 1000;

/// One body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// Byte offset of `text` in the repaired input, when the paragraph is a
    /// verbatim slice of it (plain text); `None` for HTML.
    pub origin: Option<usize>,
}

/// Extracts an article from repaired plain text.
pub fn extract_text(text: &str) -> Extracted {
    let units = split_units(text);
    let (header, body_start) = read_header(text, &units);
    let mut body = clean_body(text, &units[body_start..], is_trailer_marker, |_| false);
    if body.kept.is_empty() {
        // All header (a lone headline, a one-line note): the text that is not
        // plain metadata is still the only body there is.
        let rest: Vec<_> = units.iter().filter(|u| parse_meta_line(&text[(*u).clone()]).is_none()).cloned().collect();
        body = clean_body(text, &rest, is_trailer_marker, |_| false);
    }
    let set_aside = body.set_aside(text);
    let paragraphs =
        body.kept.into_iter().map(|r| Paragraph { text: text[r.clone()].to_string(), origin: Some(r.start) }).collect();
    Extracted {
        title: header.title,
        published: header.published,
        byline: header.byline,
        site: header.site,
        description: header.description,
        readerable: true,
        paragraphs,
        set_aside,
    }
}

/// Extracts an article from an HTML page.
pub fn extract_html(html: &str) -> Extracted {
    html::extract(html)
}

/// Cleans the body of an HTML page with the rules plain text uses, since the
/// same furniture turns up inside an article's markup: date, `Published` and
/// byline paragraphs above the first real one (their dates and names fill
/// metadata the page's markup lacked), a repeat of the title, a dateline
/// opening the first paragraph, ads and share lines, marker lines, a headline
/// dropped into the body as a paragraph between two of prose, and a block of
/// teasers after a marker line (`More: Finance`, `You may also like`).
/// `headings[i]` says paragraph `i` is a heading element: a subheading is the
/// article's own, never a stray headline.
pub(crate) fn clean_html_body(out: &mut Extracted, headings: &[bool]) {
    let mut text = String::new();
    let mut units = Vec::with_capacity(out.paragraphs.len());
    for paragraph in &out.paragraphs {
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(&paragraph.text);
        units.push(start..text.len());
    }
    let title = out.title.as_deref().map(fold_for_title);
    // Metadata paragraphs stand among the first few, not always first of all
    // (`By …` under a standfirst): each one there goes, the rest stays.
    let mut header = Header::default();
    let mut body: Vec<Range<usize>> = Vec::with_capacity(units.len());
    for (i, unit) in units.iter().enumerate() {
        let line = &text[unit.clone()];
        if i < MAX_HEADER_UNITS {
            if FURNITURE_LINE.is_match(line) || title.as_deref() == Some(&fold_for_title(line)) {
                continue;
            }
            if let Some(meta) = parse_meta_line(line) {
                header.merge(Header { title: None, description: None, ..meta });
                continue;
            }
        }
        body.push(unit.clone());
    }
    let is_prose = |i: usize| units.get(i).is_some_and(|u| is_prose_paragraph(&text[u.clone()]));
    let body = clean_body(
        &text,
        &body,
        |line| TEASER_MARKER.is_match(line),
        |unit| {
            let Ok(i) = units.binary_search_by_key(&unit.start, |u| u.start) else {
                return true;
            };
            // Markup keeps a page's short lines apart (list items, subheads, lead-ins):
            // only a line set alone between two paragraphs of prose is a stray headline.
            headings.get(i).copied().unwrap_or(false) || !(i > 0 && is_prose(i - 1) && is_prose(i + 1))
        },
    );
    if body.kept.is_empty() {
        return; // nothing but furniture: keep what Readability chose
    }
    out.set_aside = body.set_aside(&text);
    out.paragraphs = body.kept.into_iter().map(|r| Paragraph { text: text[r].to_string(), origin: None }).collect();
    out.published = out.published.take().or(header.published);
    out.byline = out.byline.take().or(header.byline);
    out.site = out.site.take().or(header.site);
}

/// A paragraph of running prose: a few sentences' worth, ending like one.
fn is_prose_paragraph(line: &str) -> bool {
    line.split_whitespace().count() >= 20 && ends_with_terminal(line)
}

/// A title or line folded for comparison: lower case, letters and digits only.
fn fold_for_title(line: &str) -> String {
    line.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

// ---- paragraph units ----------------------------------------------------

/// Cuts text into paragraph units (trimmed byte ranges): every line is a
/// unit, except blocks of hard-wrapped lines, which are one unit each.
fn split_units(text: &str) -> Vec<Range<usize>> {
    let mut units = Vec::new();
    let mut block: Vec<Range<usize>> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let range = offset + lead..offset + body.trim_end().len();
        offset += line.len();
        if range.is_empty() {
            flush_block(text, &mut block, &mut units);
        } else {
            block.push(range);
        }
    }
    flush_block(text, &mut block, &mut units);
    units
}

/// Ends a block of consecutive lines: one unit if hard-wrapped, else one
/// unit per line.
fn flush_block(text: &str, block: &mut Vec<Range<usize>>, units: &mut Vec<Range<usize>>) {
    if is_hard_wrapped(text, block) {
        units.push(block[0].start..block[block.len() - 1].end);
    } else {
        units.extend(block.iter().cloned());
    }
    block.clear();
}

/// Lines wrapped at a fixed width: at most 100 bytes, every line but the
/// last close to the longest (a header line or a byline is much shorter),
/// most of them stopping mid-sentence (one-line paragraphs end with
/// punctuation), and none of them a date or byline line alone (a headline
/// with its `Published 2024-01-14` or `By Jane Roe` under it is two units).
fn is_hard_wrapped(text: &str, block: &[Range<usize>]) -> bool {
    let Some(longest) = block.iter().map(|r| r.len()).max() else {
        return false;
    };
    let inner = &block[..block.len().saturating_sub(1)];
    let open_ends = inner.iter().filter(|r| !ends_with_terminal(&text[(*r).clone()])).count();
    block.len() >= 2
        && longest <= 100
        && open_ends * 2 >= inner.len().max(1)
        && inner.iter().all(|r| r.len() >= 40 && r.len() * 10 >= longest * 7)
        && !block.iter().any(|r| is_metadata_alone(&text[r.clone()]))
}

/// A line that is only metadata (a date, a byline, their labels), no title.
fn is_metadata_alone(line: &str) -> bool {
    parse_meta_line(line).is_some_and(|header| header.title.is_none())
}

// ---- header -------------------------------------------------------------

/// Metadata read from header lines.
#[derive(Debug, Default, Clone, PartialEq)]
struct Header {
    title: Option<String>,
    published: Option<String>,
    byline: Option<String>,
    site: Option<String>,
    description: Option<String>,
}

impl Header {
    /// Takes what `other` found where nothing is known yet.
    fn merge(&mut self, other: Header) {
        self.title = self.title.take().or(other.title);
        self.published = self.published.take().or(other.published);
        self.byline = self.byline.take().or(other.byline);
        self.site = self.site.take().or(other.site);
        self.description = self.description.take().or(other.description);
    }
}

/// How many units at the top may be header lines.
const MAX_HEADER_UNITS: usize = 8;

/// Reads the header units at the top: returns the metadata and the index of
/// the first body unit.
fn read_header(text: &str, units: &[Range<usize>]) -> (Header, usize) {
    let mut header = Header::default();
    let limit = units.len().min(MAX_HEADER_UNITS);
    let byline_at = units[..limit].iter().position(|u| parse_byline(&text[u.clone()]).is_some());
    let mut title_at = None;
    for (i, unit) in units[..limit].iter().enumerate() {
        let line = &text[unit.clone()];
        if FURNITURE_LINE.is_match(line) || is_trailer_marker(line) {
            continue; // navigation and share links above the article
        }
        if title_at.is_none() && is_section_name(text, units, i) {
            continue; // a section name above the headline (`World`, `Asia Pacific`)
        }
        if let Some(meta) = parse_meta_line(line) {
            if meta.title.is_some() && header.title.is_none() {
                title_at = Some(i);
            }
            header.merge(meta);
            continue;
        }
        if header.title.is_none() && title_at.is_none() && looks_like_title(line) {
            let (title, site) = clean_title(line);
            header.title = Some(title);
            header.site = header.site.take().or(site);
            title_at = Some(i);
            continue;
        }
        if title_at.is_some() && header.description.is_none() && is_standfirst(line, i, title_at, byline_at) {
            header.description = Some(line.to_string());
            continue;
        }
        if title_at.is_some() && is_label_line(line) && byline_at.is_some_and(|b| i < b && b <= i + 2) {
            continue; // a section name or kicker between title and byline
        }
        return (header, i);
    }
    (header, limit)
}

/// A one- or two-word label right above a longer headline.
fn is_section_name(text: &str, units: &[Range<usize>], i: usize) -> bool {
    let line = &text[units[i].clone()];
    let words = line.split_whitespace().count();
    let Some(next) = units.get(i + 1).map(|u| &text[u.clone()]) else {
        return false;
    };
    words <= 2
        && is_label_line(line)
        && looks_like_title(next)
        && parse_meta_line(next).is_none()
        && next.split_whitespace().count() > words + 1
}

/// A standfirst: right after the title without final punctuation, or any
/// prose between the title and a byline.
fn is_standfirst(line: &str, i: usize, title_at: Option<usize>, byline_at: Option<usize>) -> bool {
    let words = line.split_whitespace().count();
    // Only a byline close under the title makes the lines between them a
    // summary; a name further down says nothing about the top.
    let before_byline = byline_at.is_some_and(|b| i < b && title_at.is_some_and(|t| b <= t + 3));
    let after_title = title_at.is_some_and(|t| i == t + 1);
    (5..=80).contains(&words) && (before_byline || (after_title && !ends_with_terminal(line)))
}

/// A short line without final punctuation (a kicker, a section name).
fn is_label_line(line: &str) -> bool {
    line.split_whitespace().count() <= 5 && !ends_with_terminal(line)
}

/// Whether a line ends like a sentence (or a quotation, or a list lead-in).
fn ends_with_terminal(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '…', ':', ';', '"', '”', '’', '\'', ')', ']'])
}

/// A headline: 2–25 words, not ending like a sentence, starting with a
/// capital, digit or quote.
fn looks_like_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let first = line.chars().next().unwrap_or(' ');
    let ends_badly = line.trim_end().ends_with(['.', ',', ';', ':']);
    (2..=25).contains(&words)
        && line.len() <= 250
        && !ends_badly
        && (first.is_uppercase() || first.is_ascii_digit() || "“\"‘'".contains(first))
}

/// The headline part of a title line and the site it names, if any:
/// `X|Headline` and `Headline | Site` keep the longest segment; `Headline —
/// Site Name` drops a short trailing name.
fn clean_title(line: &str) -> (String, Option<String>) {
    let line = line.trim();
    if line.contains('|') {
        let parts: Vec<&str> = line.split('|').map(str::trim).filter(|p| !p.is_empty()).collect();
        let best = parts.iter().copied().max_by_key(|p| p.len()).unwrap_or(line);
        let last = parts.last().copied().filter(|&p| p != best && is_site_name(p));
        return (best.to_string(), last.map(str::to_string));
    }
    for sep in [" — ", " – ", " - ", " :: "] {
        if let Some((head, tail)) = line.rsplit_once(sep) {
            // "65 - 53", "1990 – 2004": a score or a range, not a site's name.
            let between_numbers = head.ends_with(|c: char| c.is_ascii_digit())
                && tail.trim_start().starts_with(|c: char| c.is_ascii_digit());
            if is_site_name(tail) && head.split_whitespace().count() >= 3 && !between_numbers {
                return (head.trim().to_string(), Some(tail.trim().to_string()));
            }
        }
    }
    (line.to_string(), None)
}

/// A short capitalized name (an outlet): 1–4 words, each capitalized or a
/// domain (`Reuters`, `The Korea Herald`, `dawn.com`).
fn is_site_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && !ends_with_terminal(s)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || w.contains('.')
                || matches!(*w, "of" | "the" | "and" | "&")
        })
}

/// A person's or agency's name: 1–8 words, capitalized except small joiners.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && s.len() <= 100
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    *w,
                    "and" | "of" | "the" | "de" | "van" | "von" | "der" | "la" | "le" | "bin" | "al" | "&" | "in"
                )
        })
}

/// `By Jane Doe`, `By The Associated Press` → the name.
fn parse_byline(line: &str) -> Option<String> {
    let caps = BYLINE.captures(line.trim())?;
    let name = caps.name("name")?.as_str().trim();
    // A trailing date or outlet after a separator: `By Jane Doe | Reuters`.
    let name = name.split(['|', '·', '•']).next().unwrap_or(name).trim();
    let name = name.trim_end_matches([',', ';', '-', '—']).trim();
    let name_only = match find_date(name) {
        Some((range, _)) => name[..range.start].trim_end_matches([',', ' ', '-']).trim(),
        None => name,
    };
    (!name_only.is_empty() && looks_like_name(&name_only.replace(',', " "))).then(|| name_only.to_string())
}

/// A header line that carries metadata: a byline, or a date with labels, a
/// site, a time, glued `label:value` pairs or a title around it.
fn parse_meta_line(line: &str) -> Option<Header> {
    if let Some(byline) = parse_byline(line) {
        let published = find_date(line).map(|(_, iso)| iso);
        return Some(Header { byline: Some(byline), published, ..Header::default() });
    }
    let (range, iso) = find_date(line)?;
    let mut header = read_before_date(&line[..range.start])?;
    header.published = Some(iso);
    header.merge(read_after_date(&line[range.end..])?);
    Some(header)
}

/// What precedes a date on a metadata line: labels, weekdays, and perhaps a
/// site name (`Reuters Published`). `None` if it is prose.
fn read_before_date(before: &str) -> Option<Header> {
    let rest = DATE_LABEL.replace_all(before, " ");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || ":|,-–—·•".contains(c));
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    if rest.is_empty() {
        return Some(Header::default());
    }
    is_site_name(&rest).then(|| Header { site: Some(rest), ..Header::default() })
}

/// What follows a date on a metadata line: a time, `label:value` pairs,
/// `by Name`, or a title. `None` if it is prose.
fn read_after_date(after: &str) -> Option<Header> {
    let rest = match TIME_OF_DAY.find(after) {
        Some(m) => &after[m.end()..],
        None => after,
    };
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || ":|,-–—·•".contains(c));
    if rest.is_empty() {
        return Some(Header::default());
    }
    if META_LABEL.find(rest).is_some_and(|m| m.start() == 0) {
        return Some(read_labels(rest));
    }
    if let Some(byline) = parse_byline(rest) {
        return Some(Header { byline: Some(byline), ..Header::default() });
    }
    // ` date 2023-10-18 Title words`: a date then the headline on one line.
    (looks_like_title(rest) && rest.split_whitespace().count() >= 3).then(|| {
        let (title, site) = clean_title(rest);
        Header { title: Some(title), site, ..Header::default() }
    })
}

/// Glued `label:value` pairs (`source:Johnathan Walkercategory:Finance`):
/// a source that names a person is the byline, another source the site;
/// categories and tags are ignored.
fn read_labels(rest: &str) -> Header {
    let mut header = Header::default();
    let labels: Vec<_> = META_LABEL.captures_iter(rest).collect();
    for (k, caps) in labels.iter().enumerate() {
        let (Some(whole), Some(label)) = (caps.get(0), caps.name("label")) else {
            continue;
        };
        let end = labels.get(k + 1).and_then(|c| c.get(0)).map_or(rest.len(), |m| m.start());
        let value = rest[whole.end()..end].trim().trim_end_matches([',', ';', '|']).trim();
        if value.is_empty() {
            continue;
        }
        match label.as_str().to_ascii_lowercase().as_str() {
            "author" | "byline" | "writer" | "by" => {
                header.byline.get_or_insert_with(|| value.to_string());
            }
            "source" | "publisher" if is_person_name(value) => {
                header.byline.get_or_insert_with(|| value.to_string());
            }
            "source" | "publisher" => {
                header.site.get_or_insert_with(|| value.to_string());
            }
            _ => {}
        }
    }
    header
}

/// Two to four capitalized words without an outlet's marks: a person.
fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && !w.contains('.'))
        && !s.to_lowercase().contains("press")
        && !s.to_lowercase().contains("news")
}

// ---- dates --------------------------------------------------------------

/// The first date in `line`: its byte range and ISO form (`YYYY-MM-DD`, or a
/// full timestamp when an ISO one with a zone is given).
fn find_date(line: &str) -> Option<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, String)> = Vec::new();
    if let Some(c) = ISO_DATE.captures(line) {
        if let Some(iso) = iso_from_captures(&c) {
            found.push((c.get(0)?.range(), iso));
        }
    }
    for re in [&*MONTH_DAY_YEAR, &*DAY_MONTH_YEAR] {
        for c in re.captures_iter(line) {
            let month = c.name("month").and_then(|m| month_number(m.as_str()));
            let day = c.name("d").and_then(|d| d.as_str().parse().ok());
            let year = c.name("y").and_then(|y| y.as_str().parse().ok());
            if let (Some(m), Some(d), Some(y)) = (month, day, year) {
                if let Some(iso) = iso_date(y, m, d) {
                    found.push((c.get(0)?.range(), iso));
                    break;
                }
            }
        }
    }
    if let Some(c) = NUMERIC_DATE.captures(line) {
        let num = |n: &str| c.name(n).and_then(|v| v.as_str().parse::<u32>().ok());
        if let (Some(a), Some(b), Some(y)) = (num("a"), num("b"), num("y")) {
            // Only when unambiguous: one of the two cannot be a month.
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            if a > 12 || b > 12 {
                if let Some(iso) = iso_date(y as i32, m, d) {
                    found.push((c.get(0)?.range(), iso));
                }
            }
        }
    }
    found.into_iter().min_by_key(|(r, _)| r.start)
}

fn iso_from_captures(c: &regex::Captures) -> Option<String> {
    let num = |n: &str| c.name(n).and_then(|v| v.as_str().parse::<u32>().ok());
    let date = iso_date(num("y")? as i32, num("m")?, num("d")?)?;
    // A time is kept only with a zone: without one the instant is unknown.
    match (num("hh"), num("mm"), c.name("zone")) {
        (Some(hh), Some(mm), Some(zone)) if hh < 24 && mm < 60 => {
            let ss = num("ss").unwrap_or(0).min(59);
            let zone = match zone.as_str() {
                "Z" => "Z".to_string(),
                z if z.len() == 5 => format!("{}:{}", &z[..3], &z[3..]),
                z => z.to_string(),
            };
            Some(format!("{date}T{hh:02}:{mm:02}:{ss:02}{zone}"))
        }
        _ => Some(date),
    }
}

/// `YYYY-MM-DD` for a plausible news date.
fn iso_date(year: i32, month: u32, day: u32) -> Option<String> {
    ((1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// English month names, for dates written in words (plain text and HTML).
pub(crate) const MONTH_NAMES: [&str; 12] = [
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

fn month_number(word: &str) -> Option<u32> {
    let word = word.to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let found = MONTH_NAMES.iter().position(|m| *m == word || (word.len() <= 4 && m.starts_with(&word)))?;
    // `sept` is the only four-letter short form; `juni`, `marc` are not months.
    (word.len() != 4 || word == "sept" || MONTH_NAMES[found] == word).then_some(found as u32 + 1)
}

// ---- body ---------------------------------------------------------------

/// The body units [`clean_body`] keeps, and the lines it set aside as layout.
struct Body {
    kept: Vec<Range<usize>>,
    /// Each set-aside line with the number of kept units before it.
    aside: Vec<(usize, Range<usize>)>,
}

impl Body {
    /// The set-aside lines as text (at most [`MAX_SET_ASIDE`]).
    fn set_aside(&self, text: &str) -> Vec<SetAside> {
        self.aside
            .iter()
            .take(MAX_SET_ASIDE)
            .map(|(before, range)| SetAside { before: *before, text: text[range.clone()].trim().to_string() })
            .filter(|line| !line.text.is_empty())
            .collect()
    }
}

/// Body units, cleaned: dateline off the first paragraph, furniture lines and
/// stray headlines set aside, a trailing block after a marker line cut.
/// `keep_short` tells the units that may not be taken for stray headlines
/// (HTML: headings and lines that the markup sets among others like them).
/// `ends_body` tells the marker lines after which the rest is teasers: any
/// [`TRAILER_MARKER`] in plain text; in HTML only a [`TEASER_MARKER`], since
/// what follows `See also` or `Comments` in Readability's choice is the
/// article's own.
fn clean_body(
    text: &str,
    units: &[Range<usize>],
    ends_body: fn(&str) -> bool,
    keep_short: impl Fn(&Range<usize>) -> bool,
) -> Body {
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut aside: Vec<(usize, Range<usize>)> = Vec::new();
    let mut dropped_headlines = Vec::new();
    for unit in units {
        let line = &text[unit.clone()];
        if is_trailer_marker(line) {
            if ends_body(line) && !kept.is_empty() {
                break; // the rest is links and teasers
            }
            continue;
        }
        if FURNITURE_LINE.is_match(line) && line.len() <= 200 {
            aside.push((kept.len(), unit.clone()));
            continue;
        }
        if is_stray_headline(line) && !keep_short(unit) {
            aside.push((kept.len(), unit.clone()));
            dropped_headlines.push(unit.clone());
            continue;
        }
        kept.push(unit.clone());
    }
    // A body of short unpunctuated lines (a list, a poem) is still a body.
    if kept.is_empty() {
        kept = dropped_headlines;
        aside.clear();
    }
    if let Some(first) = kept.first_mut() {
        first.start += dateline_length(&text[first.clone()]);
    }
    // Units left empty (a paragraph that was only its dateline) go; the
    // set-aside lines keep their place among those that stay.
    let mut before_kept = Vec::with_capacity(kept.len() + 1);
    let mut count = 0;
    for range in &kept {
        before_kept.push(count);
        count += usize::from(!text[range.clone()].trim().is_empty());
    }
    before_kept.push(count);
    for (before, _) in &mut aside {
        *before = before_kept[*before];
    }
    kept.retain(|r| !text[r.clone()].trim().is_empty());
    Body { kept, aside }
}

fn is_trailer_marker(line: &str) -> bool {
    line.len() <= 60 && TRAILER_MARKER.is_match(line)
}

/// A headline dropped into the body: one short line that does not end like
/// a sentence (`Russia’s Lavrov to visit North Korea on Wednesday: Moscow`).
fn is_stray_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let first = line.chars().next().unwrap_or(' ');
    words <= 16
        && line.len() <= 150
        && !ends_with_terminal(line)
        && !line.ends_with(',')
        && (first.is_uppercase() || first.is_ascii_digit() || "“\"‘'".contains(first))
}

/// Bytes of a dateline at the start of the first paragraph, 0 if none:
/// `MOSCOW (AP) — `, `SEOUL: `, `Moscow - `.
fn dateline_length(paragraph: &str) -> usize {
    let Some(caps) = DATELINE.captures(paragraph) else {
        return 0;
    };
    let (Some(whole), Some(place), Some(sep)) = (caps.get(0), caps.name("place"), caps.name("sep")) else {
        return 0;
    };
    let rest = &paragraph[whole.end()..];
    if rest.split_whitespace().count() < 2 || !rest.starts_with(|c: char| c.is_uppercase() || "“\"".contains(c)) {
        return 0;
    }
    let shouting = place.as_str().chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    if caps.name("agency").is_some() || shouting {
        return whole.end();
    }
    // A capitalized name then a dash may open a parenthesis (`Kim Jong Un —
    // North Korea's leader — said`): only a lone dash makes a dateline.
    let first_sentence = rest.split(". ").next().unwrap_or(rest);
    let lone_dash = sep.as_str() != ":" && !first_sentence.contains(&format!(" {} ", sep.as_str()));
    if lone_dash { whole.end() } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_many_shapes() {
        for (line, iso) in [
            ("Oct 18, 2023", "2023-10-18"),
            ("18 Oct, 2023 11:29am", "2023-10-18"),
            ("Sept. 7, 2023", "2023-09-07"),
            ("Wednesday, October 18, 2023", "2023-10-18"),
            ("2025-05-02 00:29:35", "2025-05-02"),
            ("2023-10-18T11:29:00+0900", "2023-10-18T11:29:00+09:00"),
            ("18/10/2023", "2023-10-18"),
        ] {
            assert_eq!(find_date(line).map(|(_, d)| d).as_deref(), Some(iso), "{line}");
        }
        assert_eq!(find_date("2023-13-45"), None);
        assert_eq!(find_date("Mayor 5, 2023"), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline_length("MOSCOW (AP) — Russia’s foreign minister will visit"), 16);
        assert_eq!(dateline_length("SEOUL: Russian Foreign Minister Sergei Lavrov is due"), 7);
        assert_eq!(dateline_length("Moscow - Upon his arrival in Pyongyang, he said"), 9);
        assert_eq!(dateline_length("Kim Jong Un — North Korea’s leader — said so."), 0);
        assert_eq!(dateline_length("Lavrov: the talks went well, he said on Monday."), 0);
    }

    #[test]
    fn titles_keep_the_headline_part() {
        assert_eq!(
            clean_title("Benjamin Caldwell|Russia’s foreign minister will visit North Korea").0,
            "Russia’s foreign minister will visit North Korea"
        );
        assert_eq!(
            clean_title("Lavrov visits Pyongyang | Reuters"),
            ("Lavrov visits Pyongyang".to_string(), Some("Reuters".to_string()))
        );
        assert_eq!(clean_title("Lavrov visits Pyongyang - The Korea Herald").1.as_deref(), Some("The Korea Herald"));
    }

    /// Regression (known-edit benchmark, a headline alone on top): a score
    /// in a headline was cut as if what follows it were a site's name.
    #[test]
    fn a_score_or_a_range_in_a_title_is_no_site_separator() {
        let line = "CREIGHTON DEFEATS DRAKE 65 - 53 IN MVC TOURNAMENT";
        assert_eq!(clean_title(line), (line.to_string(), None));
        assert_eq!(clean_title("Rates held at 4 – 5 Percent Range").1, None);
    }

    /// A headline alone between two paragraphs of prose, and a furniture
    /// line, are set aside where they stood: not compared, still said.
    #[test]
    fn lines_set_aside_keep_their_place() {
        let text = "Title of the piece\n\nThe first paragraph of the article runs on for a good many words before it ends, as prose does.\n\nA Headline Between Paragraphs\n\nThe second paragraph of the article also runs on for a good many words before it ends.\n\nFollow us on Twitter\n\nThe third paragraph of the article says the last thing there is to say about it all.";
        let out = extract_text(text);
        assert_eq!(out.paragraphs.len(), 3, "{:?}", out.paragraphs);
        let aside: Vec<(usize, &str)> = out.set_aside.iter().map(|l| (l.before, l.text.as_str())).collect();
        assert_eq!(aside, vec![(1, "A Headline Between Paragraphs"), (2, "Follow us on Twitter")]);
    }
}
