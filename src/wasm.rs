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

use crate::library;
use crate::model::{Article, StoredArticle};
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

/// The version of what [`Library::add`] gives to persist: a stored profile
/// of another format is made again.
#[wasm_bindgen(js_name = libraryFormat)]
pub fn library_format() -> String {
    library::format()
}

/// The library ([`crate::library`]): which stored versions an article is
/// compared with and why, and the comparison by id. The background holds one
/// for its lifetime; versions are sent in once (`add` with their text, or
/// `addProfile` with what `add` gave to persist), then named by id.
///
/// ```js
/// const library = new Library();
/// const { profile, postings } = library.add(version);       // persist both
/// const keys = library.queryPostings(id);                    // count each key in the store
/// const plan = library.walkPlan(keys, counts, live, ownIndexed);          // read these lists
/// const ids = library.rough(id, plan, lists, live);           // addProfile those not held
/// const found = library.matches(id, ids);
/// const candidates = library.candidates(id, { revisions, links }, found);
/// library.missingArticles(id, candidates);                    // add those with their text
/// const report = library.compare(id, candidates);
/// ```
#[wasm_bindgen]
pub struct Library {
    inner: library::Library,
}

#[wasm_bindgen]
impl Library {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Library {
        Library { inner: library::Library::new() }
    }

    /// Analyses a stored version `{id, key, revision, hash, title, published,
    /// byline, site, text}` once; answers `{format, profile: Uint8Array,
    /// postings: number[]}` to persist beside it.
    pub fn add(&mut self, version: JsValue) -> Result<JsValue, JsError> {
        let version: library::Version = from_js(version, "version")?;
        if version.text.len() > crate::MAX_INPUT_BYTES {
            return Err(JsError::new(&format!(
                "version {}: {}",
                version.meta.id,
                crate::Error::TooLarge { bytes: version.text.len(), limit: crate::MAX_INPUT_BYTES }
            )));
        }
        let persisted =
            self.inner.add(&version).map_err(|e| JsError::new(&format!("version {}: {e}", version.meta.id)))?;
        to_js(&persisted)
    }

    /// Like `add`, but only the profile (no facts read: for indexing an
    /// import or a migrated store); `compare` will still need `add`.
    #[wasm_bindgen(js_name = addIndexed)]
    pub fn add_indexed(&mut self, version: JsValue) -> Result<JsValue, JsError> {
        let version: library::Version = from_js(version, "version")?;
        let persisted =
            self.inner.add_indexed(&version).map_err(|e| JsError::new(&format!("version {}: {e}", version.meta.id)))?;
        to_js(&persisted)
    }

    /// Holds a persisted profile: `meta` `{id, key, revision, hash}`, `profile`
    /// the bytes `add` gave (a `Uint8Array`).
    #[wasm_bindgen(js_name = addProfile)]
    pub fn add_profile(&mut self, meta: JsValue, profile: JsValue) -> Result<(), JsError> {
        let meta: library::Meta = from_js(meta, "meta")?;
        let bytes: serde_bytes_buf::Buf = from_js(profile, "profile")?;
        self.inner.add_profile(meta, &bytes.0).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Forgets a version; whether it was held.
    pub fn remove(&mut self, id: JsValue) -> Result<bool, JsError> {
        Ok(self.inner.remove(&string_arg(&id, "id")?))
    }

    #[wasm_bindgen(js_name = hasArticle)]
    pub fn has_article(&self, id: JsValue) -> Result<bool, JsError> {
        Ok(self.inner.has_article(&string_arg(&id, "id")?))
    }

    #[wasm_bindgen(js_name = hasProfile)]
    pub fn has_profile(&self, id: JsValue) -> Result<bool, JsError> {
        Ok(self.inner.has_profile(&string_arg(&id, "id")?))
    }

    /// `[profiles, articles]` held.
    pub fn held(&self) -> Vec<u32> {
        let (profiles, articles) = self.inner.held();
        vec![profiles as u32, articles as u32]
    }

    /// Lookup step 1: the posting keys of the version's terms.
    #[wasm_bindgen(js_name = queryPostings)]
    pub fn query_postings(&self, id: JsValue) -> Result<Vec<u32>, JsError> {
        self.inner.query_postings(&string_arg(&id, "id")?).map_err(|e| JsError::new(&e.to_string()))
    }

    /// Lookup step 2: which keys' lists to read, given how many indexed
    /// versions hold each, how many are indexed, and whether the article is
    /// indexed itself (then each count holds it).
    #[wasm_bindgen(js_name = walkPlan)]
    pub fn walk_plan(
        &self,
        keys: JsValue,
        counts: JsValue,
        live: JsValue,
        own_indexed: bool,
    ) -> Result<Vec<u32>, JsError> {
        let keys: Vec<u32> = from_js(keys, "keys")?;
        let counts: Vec<usize> = from_js(counts, "counts")?;
        if keys.len() != counts.len() {
            return Err(JsError::new("keys and counts must be as long"));
        }
        Ok(library::Library::walk_plan(&keys, &counts, whole(&live, "live")?, own_indexed))
    }

    /// Lookup step 3: the ids worth scoring, from the lists read
    /// (`lists[i]`: the ids holding `plan[i]`).
    pub fn rough(&self, id: JsValue, plan: JsValue, lists: JsValue, live: JsValue) -> Result<Vec<String>, JsError> {
        let plan: Vec<u32> = from_js(plan, "plan")?;
        let lists: Vec<Vec<String>> = from_js(lists, "lists")?;
        if plan.len() != lists.len() {
            return Err(JsError::new("plan and lists must be as long"));
        }
        self.inner
            .rough(&string_arg(&id, "id")?, &plan, &lists, whole(&live, "live")?)
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Lookup step 4: `[{id, similarity, same_story}]` for the ids held, best first.
    pub fn matches(&mut self, id: JsValue, ids: JsValue) -> Result<JsValue, JsError> {
        let ids: Vec<String> = from_js(ids, "ids")?;
        let found = self.inner.matches(&string_arg(&id, "id")?, &ids).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&found)
    }

    /// `[{id, reason, included, similarity}]`: every version listed for the
    /// article, with why; `context` `{revisions: [meta], links: [{version, state}]}`.
    pub fn candidates(&self, id: JsValue, context: JsValue, matches: JsValue) -> Result<JsValue, JsError> {
        let context: library::Context = from_js(context, "context")?;
        let matches: Vec<Match> = from_js(matches, "matches")?;
        let listed = self
            .inner
            .candidates(&string_arg(&id, "id")?, &context, &matches)
            .map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&listed)
    }

    /// The ids (the article's own among them) to `add` with their text before `compare`.
    #[wasm_bindgen(js_name = missingArticles)]
    pub fn missing_articles(&mut self, id: JsValue, candidates: JsValue) -> Result<Vec<String>, JsError> {
        let candidates: Vec<library::Candidate> = from_js(candidates, "candidates")?;
        Ok(self.inner.missing_articles(&string_arg(&id, "id")?, &candidates))
    }

    /// The report of the article against the included candidates, spans in UTF-16.
    pub fn compare(&mut self, id: JsValue, candidates: JsValue) -> Result<JsValue, JsError> {
        let id = string_arg(&id, "id")?;
        let candidates: Vec<library::Candidate> = from_js(candidates, "candidates")?;
        let mut report = self.inner.compare(&id, &candidates).map_err(|e| JsError::new(&e.to_string()))?;
        let current = self.inner.article(&id).ok_or_else(|| JsError::new("the article is gone"))?;
        let versions: Vec<&Article> = report.versions.iter().filter_map(|v| self.inner.article(&v.id)).collect();
        report_to_utf16_refs(&mut report, current, &versions);
        to_js(&report)
    }
}

impl Default for Library {
    fn default() -> Self {
        Self::new()
    }
}

/// A whole, non-negative number argument.
fn whole(value: &JsValue, what: &str) -> Result<usize, JsError> {
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(n.min(usize::MAX as f64) as usize),
        _ => Err(JsError::new(&format!("{what} must be a whole number, not {}", type_name(value)))),
    }
}

/// Bytes from a `Uint8Array` (or an array of numbers).
mod serde_bytes_buf {
    pub struct Buf(pub Vec<u8>);
    impl<'de> serde::Deserialize<'de> for Buf {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Buf;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E>(self, v: &[u8]) -> Result<Buf, E> {
                    Ok(Buf(v.to_vec()))
                }
                fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Buf, E> {
                    Ok(Buf(v))
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Buf, A::Error> {
                    let mut out = Vec::new();
                    while let Some(b) = seq.next_element::<u8>()? {
                        out.push(b);
                    }
                    Ok(Buf(out))
                }
            }
            d.deserialize_byte_buf(V)
        }
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
    let versions: Vec<&Article> = versions.iter().collect();
    report_to_utf16_refs(report, current, &versions);
}

fn report_to_utf16_refs(report: &mut Report, current: &Article, versions: &[&Article]) {
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
}
