//! Page evaluation: how close HTML extraction comes to a reference.
//!
//! In: pages with their expected output (Mozilla Readability's test pages:
//! `<name>/page.html`, `expected.txt`, `expected-metadata.json`). Out:
//! per-page scores ([`PageScore`]) and totals ([`Totals`]):
//!
//! - **text**: precision, recall and F1 over word 4-shingles (lowercased
//!   words, counted as a multiset), each page weighted equally; the overall F1
//!   is computed from the mean precision and mean recall;
//! - **metadata**: title exact match (after whitespace normalization), byline
//!   and published date where the reference states them (dates compared after
//!   [`crate::extract::normalize_date`]);
//! - **readerable**: agreement with the reference's `readerable`.
//!
//! The scoring functions are pure; [`evaluate_dir`] and [`run`] read files
//! and time the extraction (native builds only).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::extract::{Extracted, normalize_date};

/// Pages below this F1 that the reference calls readerable are listed.
pub const LOW_F1: f64 = 0.5;

/// What the reference says about one page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expected {
    pub title: Option<String>,
    pub byline: Option<String>,
    #[serde(rename = "publishedTime")]
    pub published: Option<String>,
    #[serde(default)]
    pub readerable: bool,
    /// The article text (`expected.txt`); not part of the metadata file.
    #[serde(skip)]
    pub text: String,
}

/// The scores of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    pub name: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub readerable_expected: bool,
    pub readerable_got: bool,
    pub title_ok: bool,
    pub title_expected: Option<String>,
    pub title_got: Option<String>,
    /// `None` when the reference states no byline.
    pub byline_ok: Option<bool>,
    /// `None` when the reference states no date.
    pub date_ok: Option<bool>,
    /// Extraction time in microseconds (0 when not timed).
    pub micros: u64,
}

/// A count of matches out of the pages where the check applies.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Ratio {
    pub ok: usize,
    pub of: usize,
}

impl Ratio {
    fn add(&mut self, ok: bool) {
        self.of += 1;
        self.ok += usize::from(ok);
    }
    /// The share that matched; 1 when nothing applied.
    pub fn share(&self) -> f64 {
        if self.of == 0 { 1.0 } else { self.ok as f64 / self.of as f64 }
    }
}

/// Totals over a set of pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub pages: usize,
    /// Pages the reference calls readerable: the text scores are over these.
    pub article_pages: usize,
    pub mean_precision: f64,
    pub mean_recall: f64,
    /// From the mean precision and mean recall (article pages).
    pub f1: f64,
    /// The same over every page, readerable or not.
    pub f1_all_pages: f64,
    pub title: Ratio,
    pub byline: Ratio,
    pub date: Ratio,
    pub readerable: Ratio,
    /// Pages the reference calls not readerable that came out not readerable.
    pub non_articles_rejected: Ratio,
    /// Readerable pages whose F1 is below [`LOW_F1`].
    pub low_pages: Vec<String>,
    pub mean_millis: f64,
    pub max_millis: f64,
}

/// A whole evaluation: every page and the totals.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    pub pages: Vec<PageScore>,
    pub totals: Totals,
}

/// Lowercased words: maximal runs of letters, marks and digits.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && !is_mark(c)).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Combining marks belong to the word they sit on.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// The multiset of word 4-shingles of `text` (a shorter text is one shingle).
pub fn shingles(text: &str) -> HashMap<String, u32> {
    let words = words(text);
    let mut bag = HashMap::new();
    if words.is_empty() {
        return bag;
    }
    for window in words.windows(4.min(words.len())) {
        *bag.entry(window.join(" ")).or_insert(0) += 1;
    }
    bag
}

/// Precision and recall of `got` against `expected`, over 4-shingles.
/// Empty output scores 0/0 (1/1 when nothing was expected either).
pub fn precision_recall(got: &str, expected: &str) -> (f64, f64) {
    let (g, e) = (shingles(got), shingles(expected));
    let total = |bag: &HashMap<String, u32>| bag.values().map(|&n| n as f64).sum::<f64>();
    let (g_total, e_total) = (total(&g), total(&e));
    match (g_total == 0.0, e_total == 0.0) {
        (true, true) => return (1.0, 1.0),
        (true, false) => return (0.0, 0.0),
        (false, true) => return (0.0, 1.0),
        _ => {}
    }
    let common: f64 = g.iter().map(|(k, &n)| n.min(e.get(k).copied().unwrap_or(0)) as f64).sum();
    (common / g_total, common / e_total)
}

/// Harmonic mean of precision and recall (0 when both are 0).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) }
}

/// Whitespace collapsed, trimmed.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `got` states the same as `expected`, when `expected` says anything.
fn same_field(expected: &Option<String>, got: &Option<String>) -> Option<bool> {
    let expected = expected.as_deref().map(squash).filter(|e| !e.is_empty())?;
    Some(got.as_deref().map(squash).as_deref() == Some(expected.as_str()))
}

/// Whether the dates agree once both are normalized to ISO.
fn same_date(expected: &Option<String>, got: &Option<String>) -> Option<bool> {
    let expected = expected.as_deref().filter(|e| !e.trim().is_empty())?;
    let expected = normalize_date(expected).unwrap_or_else(|| expected.trim().to_string());
    Some(got.as_deref() == Some(expected.as_str()))
}

/// The text the extraction produced, paragraphs joined.
pub fn body_text(extracted: &Extracted) -> String {
    extracted.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n\n")
}

/// Scores one page's extraction against its reference.
pub fn score_page(name: &str, expected: &Expected, got: &Extracted, micros: u64) -> PageScore {
    let (precision, recall) = precision_recall(&body_text(got), &expected.text);
    PageScore {
        name: name.to_string(),
        precision,
        recall,
        f1: f1(precision, recall),
        readerable_expected: expected.readerable,
        readerable_got: got.readerable,
        title_ok: same_field(&expected.title, &got.title).unwrap_or(got.title.is_none()),
        title_expected: expected.title.clone(),
        title_got: got.title.clone(),
        byline_ok: same_field(&expected.byline, &got.byline),
        date_ok: same_date(&expected.published, &got.published),
        micros,
    }
}

/// Totals over `pages`.
pub fn totals(pages: &[PageScore]) -> Totals {
    let mut t = Totals { pages: pages.len(), ..Totals::default() };
    let articles: Vec<&PageScore> = pages.iter().filter(|p| p.readerable_expected).collect();
    t.article_pages = articles.len();
    let mean = |xs: &mut dyn Iterator<Item = f64>, n: usize| {
        if n == 0 { 0.0 } else { xs.sum::<f64>() / n as f64 }
    };
    t.mean_precision = mean(&mut articles.iter().map(|p| p.precision), articles.len());
    t.mean_recall = mean(&mut articles.iter().map(|p| p.recall), articles.len());
    t.f1 = f1(t.mean_precision, t.mean_recall);
    let all_p = mean(&mut pages.iter().map(|p| p.precision), pages.len());
    let all_r = mean(&mut pages.iter().map(|p| p.recall), pages.len());
    t.f1_all_pages = f1(all_p, all_r);
    for p in pages {
        t.title.add(p.title_ok);
        if let Some(ok) = p.byline_ok {
            t.byline.add(ok);
        }
        if let Some(ok) = p.date_ok {
            t.date.add(ok);
        }
        t.readerable.add(p.readerable_expected == p.readerable_got);
        if !p.readerable_expected {
            t.non_articles_rejected.add(!p.readerable_got);
        }
        if p.readerable_expected && p.f1 < LOW_F1 {
            t.low_pages.push(p.name.clone());
        }
    }
    t.mean_millis = mean(&mut pages.iter().map(|p| p.micros as f64 / 1000.0), pages.len());
    t.max_millis = pages.iter().map(|p| p.micros as f64 / 1000.0).fold(0.0, f64::max);
    t
}

/// A human-readable table of every page, then the totals.
pub fn render(evaluation: &Evaluation) -> String {
    use std::fmt::Write;
    let mark = |b: Option<bool>| match b {
        Some(true) => "ok",
        Some(false) => "NO",
        None => "-",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<44} {:>5} {:>5} {:>5}  {:<5} {:<5} {:<6} {:<5} {:>7}",
        "page", "P", "R", "F1", "title", "by", "date", "read", "ms"
    );
    for p in &evaluation.pages {
        let read = match (p.readerable_expected, p.readerable_got) {
            (true, true) => "yes",
            (false, false) => "no",
            (true, false) => "MISS",
            (false, true) => "EXTRA",
        };
        let _ = writeln!(
            out,
            "{:<44} {:>5.3} {:>5.3} {:>5.3}  {:<5} {:<5} {:<6} {:<5} {:>7.1}",
            p.name,
            p.precision,
            p.recall,
            p.f1,
            mark(Some(p.title_ok)),
            mark(p.byline_ok),
            mark(p.date_ok),
            read,
            p.micros as f64 / 1000.0
        );
    }
    let t = &evaluation.totals;
    let ratio = |r: &Ratio| format!("{}/{} ({:.1}%)", r.ok, r.of, 100.0 * r.share());
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "pages {} (articles {}); text over articles: P {:.4} R {:.4} F1 {:.4}; all pages F1 {:.4}",
        t.pages, t.article_pages, t.mean_precision, t.mean_recall, t.f1, t.f1_all_pages
    );
    let _ = writeln!(
        out,
        "title {}; byline {}; date {}; readerable agreement {}; non-articles rejected {}",
        ratio(&t.title),
        ratio(&t.byline),
        ratio(&t.date),
        ratio(&t.readerable),
        ratio(&t.non_articles_rejected)
    );
    let _ = writeln!(out, "time per page: mean {:.2} ms, max {:.2} ms", t.mean_millis, t.max_millis);
    if t.low_pages.is_empty() {
        let _ = writeln!(out, "no readerable page below F1 {LOW_F1}");
    } else {
        let _ = writeln!(out, "readerable pages below F1 {LOW_F1}: {}", t.low_pages.join(", "));
    }
    out
}

/// Reads one page folder: its HTML and what the reference expects.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_page(dir: &std::path::Path) -> Result<(String, Expected), String> {
    let read = |file: &str| {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok::<_, String>(String::from_utf8_lossy(&bytes).into_owned())
    };
    let html = read("page.html")?;
    let meta = read("expected-metadata.json")?;
    let mut expected: Expected =
        serde_json::from_str(&meta).map_err(|e| format!("{}: {e}", dir.join("expected-metadata.json").display()))?;
    expected.text = read("expected.txt")?;
    Ok((html, expected))
}

/// Extracts and scores every page folder under `dir`, in name order.
#[cfg(not(target_arch = "wasm32"))]
pub fn evaluate_dir(dir: &std::path::Path) -> Result<Evaluation, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut folders: Vec<_> =
        entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("page.html").is_file()).collect();
    folders.sort();
    if folders.is_empty() {
        return Err(format!("{}: no <name>/page.html folders", dir.display()));
    }
    let mut pages = Vec::with_capacity(folders.len());
    for folder in &folders {
        let (html, expected) = load_page(folder)?;
        let started = std::time::Instant::now();
        let got = crate::extract::extract_html(&html);
        let micros = started.elapsed().as_micros() as u64;
        let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        pages.push(score_page(&name, &expected, &got, micros));
    }
    let totals = totals(&pages);
    Ok(Evaluation { pages, totals })
}

/// `storydiff eval-pages DIR [--json]`: the report as text or JSON.
/// `DIR` is either a folder of page folders or a folder holding
/// `readability/` (the shared pages' root).
#[cfg(not(target_arch = "wasm32"))]
pub fn run(dir: &str, json: bool) -> Result<String, String> {
    let mut path = std::path::PathBuf::from(dir);
    if path.join("readability").is_dir() {
        path = path.join("readability");
    }
    let evaluation = evaluate_dir(&path)?;
    if json { serde_json::to_string_pretty(&evaluation).map_err(|e| e.to_string()) } else { Ok(render(&evaluation)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let text = "One two three four five six.";
        assert_eq!(precision_recall(text, text), (1.0, 1.0));
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let (p, r) = precision_recall("ONE two, three: four!", "one two three four");
        assert_eq!((p, r), (1.0, 1.0));
    }

    #[test]
    fn extra_text_lowers_precision_only() {
        let (p, r) = precision_recall("a b c d e f g h", "a b c d e");
        assert_eq!(r, 1.0);
        assert!((p - 2.0 / 5.0).abs() < 1e-9);
    }

    #[test]
    fn empty_output_scores_zero() {
        assert_eq!(precision_recall("", "a b c d"), (0.0, 0.0));
        assert_eq!(precision_recall("", " "), (1.0, 1.0));
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(shingles("Hello world").len(), 1);
    }

    #[test]
    fn totals_use_mean_precision_and_recall() {
        let page = |name: &str, p: f64, r: f64, readerable: bool| PageScore {
            name: name.into(),
            precision: p,
            recall: r,
            f1: f1(p, r),
            readerable_expected: readerable,
            readerable_got: readerable,
            title_ok: true,
            title_expected: None,
            title_got: None,
            byline_ok: None,
            date_ok: Some(false),
            micros: 1000,
        };
        let t = totals(&[page("a", 1.0, 0.5, true), page("b", 0.5, 0.3, true), page("c", 0.0, 0.0, false)]);
        assert_eq!(t.article_pages, 2);
        assert!((t.f1 - f1(0.75, 0.4)).abs() < 1e-9);
        assert_eq!(t.low_pages, vec!["b".to_string()]);
        assert_eq!(t.date, Ratio { ok: 0, of: 3 });
        assert_eq!(t.non_articles_rejected, Ratio { ok: 1, of: 1 });
    }

    #[test]
    fn dates_compare_after_normalizing() {
        let got = Some("2019-04-28T06:01:07".to_string());
        assert_eq!(same_date(&Some("2019-04-28 06:01:07".into()), &got), Some(true));
        assert_eq!(same_date(&None, &got), None);
    }
}
