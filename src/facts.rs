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
    // Placeholder until the real key lands: first letter and consonant skeleton.
    let lower: String = crate::text::fold(name);
    let mut key = String::new();
    for (i, c) in lower.chars().enumerate() {
        if i == 0 || !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            if key.chars().last() != Some(c) {
                key.push(c);
            }
        }
    }
    key
}

/// Whether two facts state the same thing (placeholder until the real one lands).
pub fn same_value(a: &Fact, b: &Fact) -> bool {
    a.kind == b.kind && a.value == b.value
}

/// Whether two comparable facts disagree (placeholder until the real one lands).
pub fn conflicts(a: &Fact, b: &Fact) -> bool {
    a.kind == b.kind && a.unit == b.unit && a.value != b.value
}
