//! The fact table: who says what, across the versions.
//!
//! In: the current article and the versions of its story. Out: rows of one
//! fact each (a count by what it counts, a quote by its speaker, a name by
//! its key), labelled in words the versions use, with each version's words.

use std::collections::HashMap;

use super::{FactCell, FactRow, FactType};
use crate::model::{Article, FactKind};

/// Facts across versions: quantities by what they count, quotes by speaker,
/// names by their key. Rows that only one article states are left out.
pub(crate) fn build(current: &Article, versions: &[&Article]) -> Vec<FactRow> {
    let mut rows: Vec<FactRow> = Vec::new();
    let mut index: HashMap<(FactType, String), usize> = HashMap::new();
    for article in std::iter::once(current).chain(versions.iter().copied()) {
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
            let cells = &mut rows[row].values;
            if !cells.iter().any(|c| c.version == article.id && c.text == fact.text) {
                cells.push(FactCell { version: article.id.clone(), text: fact.text.clone() });
            }
        }
    }
    rows.retain(|row| {
        let mut who: Vec<&str> = row.values.iter().map(|c| c.version.as_str()).collect();
        who.dedup();
        who.len() >= 2
    });
    rows
}
