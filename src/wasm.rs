//! The wasm face: the only file that knows about wasm-bindgen.
//!
//! A few calls that take strings or plain objects and return plain objects
//! (serde structs). Every span that crosses to JavaScript is converted here,
//! once, from byte offsets to UTF-16 code units, so `text.slice(start, end)`
//! in JavaScript gives the same words as `&text[start..end]` in Rust.
//!
//! ```js
//! import init, { analyse, compare, StoryIndex } from './pkg/storydiff.js';
//! await init();
//! const article = analyse(html, 'html', 'https://example.org/a');   // Article
//! const report = compare(storedCurrent, [storedOther]);               // Report
//! const index = new StoryIndex(); index.add(storedOther); index.find(storedCurrent, 20);
//! ```

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::model::{Article, Span, StoredArticle};
use crate::report::Report;
use crate::story::{Match, StoryIndex as CoreIndex};
use crate::utf16::Utf16Map;
use crate::{Format, extract};

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn stored(value: JsValue, what: &str) -> Result<Article, JsError> {
    let stored: StoredArticle = from_js(value, what)?;
    crate::from_stored(&stored).map_err(|e| JsError::new(&format!("{what} {}: {e}", stored.id)))
}

#[wasm_bindgen]
extern "C" {
    /// A JavaScript string, for its length before it is copied in.
    #[wasm_bindgen(js_name = String)]
    type JsString;
    #[wasm_bindgen(method, getter, structural)]
    fn length(this: &JsString) -> u32;
}

/// The string `value` holds, or a JS `Error` naming `what` when it is not a
/// string, or longer than [`crate::MAX_INPUT_BYTES`] (its length is read
/// before it is copied into wasm memory: a 20 MB page is refused at once).
/// Arguments are `JsValue`s, not `&str`: wasm-bindgen's glue reads a number
/// or an object passed for a `&str` as a pointer and traps.
fn string_arg(value: &JsValue, what: &str) -> Result<String, JsError> {
    if !value.is_string() {
        return Err(JsError::new(&format!("{what} must be a string, not {}", type_name(value))));
    }
    let units = value.unchecked_ref::<JsString>().length() as usize;
    // Each UTF-16 unit is at least one byte of UTF-8.
    if units > crate::MAX_INPUT_BYTES {
        return Err(JsError::new(&format!(
            "{what}: {}",
            crate::Error::TooLarge { bytes: units, limit: crate::MAX_INPUT_BYTES }
        )));
    }
    let text = value.as_string().unwrap_or_default();
    if text.len() > crate::MAX_INPUT_BYTES {
        return Err(JsError::new(&format!(
            "{what}: {}",
            crate::Error::TooLarge { bytes: text.len(), limit: crate::MAX_INPUT_BYTES }
        )));
    }
    Ok(text)
}

/// What kind of JavaScript value `value` is, for error messages.
fn type_name(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_function() {
        "a function"
    } else if value.is_object() {
        "an object"
    } else {
        "another kind of value"
    }
}

/// An analysed article for JavaScript: the [`Article`] with UTF-16 spans and
/// whether the page looks like an article at all.
#[derive(Serialize)]
struct JsArticle {
    #[serde(flatten)]
    article: Article,
    readerable: bool,
}

/// Extracts and analyses a page (`format`: `html`, `text` or `auto`).
#[wasm_bindgen]
pub fn analyse(input: JsValue, format: JsValue, id: JsValue) -> Result<JsValue, JsError> {
    let input = string_arg(&input, "input")?;
    let input = input.as_str();
    let format = if format.is_undefined() { "auto".to_string() } else { string_arg(&format, "format")? };
    let id = string_arg(&id, "id")?;
    let id = id.as_str();
    let format = match format.as_str() {
        "html" => Format::Html,
        "text" => Format::Text,
        _ => Format::Auto,
    };
    let html = format == Format::Html || (format == Format::Auto && crate::looks_like_html(input));
    let extracted =
        if html { extract::extract_html(input) } else { extract::extract_text(&crate::repair::repair(input).text) };
    let readerable = extracted.readerable;
    let mut article = crate::article_from(id, extracted).map_err(|e| JsError::new(&e.to_string()))?;
    article_to_utf16(&mut article);
    to_js(&JsArticle { article, readerable })
}

/// Compares a stored article with stored versions of its story. `linked`
/// (optional): ids of versions the reader linked to the story by hand, which
/// are compared whatever their similarity.
#[wasm_bindgen]
pub fn compare(current: JsValue, versions: JsValue, linked: JsValue) -> Result<JsValue, JsError> {
    let current = stored(current, "current")?;
    let raw: Vec<serde_json::Value> = from_js(versions, "versions")?;
    let versions = raw
        .into_iter()
        .map(|v| {
            let stored: StoredArticle =
                serde_json::from_value(v).map_err(|e| JsError::new(&format!("version: {e}")))?;
            crate::from_stored(&stored).map_err(|e| JsError::new(&format!("version {}: {e}", stored.id)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let linked: Vec<String> =
        if linked.is_undefined() || linked.is_null() { Vec::new() } else { from_js(linked, "linked")? };
    let mut report =
        crate::try_compare_linked(&current, &versions, &linked).map_err(|e| JsError::new(&e.to_string()))?;
    report_to_utf16(&mut report, &current, &versions);
    to_js(&report)
}

/// The story index, held by the background page for its lifetime.
#[wasm_bindgen]
pub struct StoryIndex {
    inner: CoreIndex,
}

#[wasm_bindgen]
impl StoryIndex {
    #[wasm_bindgen(constructor)]
    pub fn new() -> StoryIndex {
        StoryIndex { inner: CoreIndex::new() }
    }

    /// Adds (or replaces) a stored article.
    pub fn add(&mut self, article: JsValue) -> Result<(), JsError> {
        let article = stored(article, "article")?;
        self.inner.insert(&article);
        Ok(())
    }

    /// Removes the article with this id; whether there was one.
    pub fn remove(&mut self, id: JsValue) -> Result<bool, JsError> {
        Ok(self.inner.remove(&string_arg(&id, "id")?))
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// The stored articles most like `article`: `[{id, similarity, same_story}]`.
    pub fn find(&self, article: JsValue, limit: JsValue) -> Result<JsValue, JsError> {
        let limit = match limit.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => n.min(usize::MAX as f64) as usize,
            _ => return Err(JsError::new(&format!("limit must be a whole number, not {}", type_name(&limit)))),
        };
        let article = stored(article, "article")?;
        let found: Vec<Match> = self.inner.find(&article, limit);
        to_js(&found)
    }
}

impl Default for StoryIndex {
    fn default() -> Self {
        Self::new()
    }
}

fn article_to_utf16(article: &mut Article) {
    let map = Utf16Map::new(&article.text);
    for span in article.paragraphs.iter_mut() {
        *span = map.span(*span);
    }
    for sentence in article.sentences.iter_mut() {
        sentence.span = map.span(sentence.span);
        for fact in sentence.facts.iter_mut() {
            fact.span = map.span(fact.span);
        }
    }
}

fn report_to_utf16(report: &mut Report, current: &Article, versions: &[Article]) {
    let here = Utf16Map::new(&current.text);
    for sentence in report.current.sentences.iter_mut() {
        sentence.span = here.span(sentence.span);
    }
    for finding in report.findings.iter_mut() {
        finding.here_span = finding.here_span.map(|s| here.span(s));
    }
    for summary in report.versions.iter_mut() {
        if let Some(version) = versions.iter().find(|v| v.id == summary.id) {
            let there = Utf16Map::new(&version.text);
            for sentence in summary.sentences.iter_mut() {
                sentence.span = there.span(sentence.span);
            }
        }
    }
    let _: Option<Span> = None;
}
