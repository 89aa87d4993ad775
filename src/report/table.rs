//! The fact table: who says what, across the versions.
//!
//! In: the current article and the versions of its story. Out: rows of one
//! fact each (a count by what it counts, a quote by its speaker, a name by
//! its key), labelled in words the versions use, with each version's words.

use std::collections::HashMap;

use super::{FactCell, FactRow, FactType};
use crate::model::{Article, FactKind};

/// The most values one row may hold: a row of more (a page listing
/// thousands of counts of one thing) is a table of figures, not one fact
/// the versions tell, and is left out.
pub const MAX_ROW_CELLS: usize = 256;

/// Facts across versions: quantities by what they count, quotes by speaker,
/// names by their key. Rows that only one article states are left out.
pub(crate) fn build(current: &Article, versions: &[&Article]) -> Vec<FactRow> {
    let mut rows: Vec<FactRow> = Vec::new();
    let mut index: HashMap<(FactType, String), usize> = HashMap::new();
    // The cells already in each row, by row, article and text: a page of
    // thousands of counts of one thing would cost their square to search.
    let mut held: std::collections::HashSet<(usize, usize, &str)> = std::collections::HashSet::new();
    for (a, article) in std::iter::once(current).chain(versions.iter().copied()).enumerate() {
        for fact in article.sentences.iter().flat_map(|s| &s.facts) {
            let (kind, label) = match fact.kind {
                FactKind::Number | FactKind::Money | FactKind::Percent => match &fact.unit {
                    Some(unit) => (FactType::Number, unit.clone()),
                    None => continue,
                },
                FactKind::Quote => (FactType::Quote, fact.speaker.clone().unwrap_or_else(|| "unattributed".into())),
                FactKind::Person | FactKind::Place | FactKind::Organization => (FactType::Name, fact.value.clone()),
                _ => continue,
            };
            let key = (kind, crate::text::fold(&label));
            // Names are keyed by their transliteration key, labelled as written.
            let label = if kind == FactType::Name { fact.text.clone() } else { label };
            let row = *index.entry(key).or_insert_with(|| {
                rows.push(FactRow { kind, label: label.clone(), values: Vec::new() });
                rows.len() - 1
            });
            if held.insert((row, a, fact.text.as_str())) {
                rows[row].values.push(FactCell { version: article.id.clone(), text: fact.text.clone() });
            }
        }
    }
    rows.retain(|row| {
        let mut who: Vec<&str> = row.values.iter().map(|c| c.version.as_str()).collect();
        who.dedup();
        who.len() >= 2 && row.values.len() <= MAX_ROW_CELLS
    });
    rows
}
