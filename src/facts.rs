//! Stage 4, facts.
//!
//! In: one sentence and what is known of its article (its date). Out: the
//! [`Fact`]s it states, each with its span in the sentence and a normalized
//! value: numbers with qualifier and unit, money, percentages, dates
//! (normalized against the article's date), names of people, organizations
//! and places (with a transliteration key, so Sergey and Sergei match),
//! quotes with their speaker, and attributions.

use crate::model::Fact;

/// What a sentence's facts are read against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactContext {
    /// The article's publication date, `(year, month, day)`.
    pub published: Option<(i32, u32, u32)>,
}

/// Facts stated in `sentence`, spans relative to it.
pub fn extract(_sentence: &str, _context: &FactContext) -> Vec<Fact> {
    Vec::new()
}

/// A key under which transliterations of one name agree ("Sergey"/"Sergei",
/// "Choe Son Hui"/"Choe Sun Hui"), and different names differ.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}
