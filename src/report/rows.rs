//! Side by side: each version's sentences beside the current article's.
//!
//! In: the [`Compared`] articles. Out: one [`Alignment`] per version: the
//! current sentences in order, each with its counterpart and their word diff,
//! and the version's unmatched sentences where they would fit.

use super::compare::{Compared, placement, sentence_text};
use super::{AlignedRow, Alignment, DiffPart, Op};
use crate::model::Article;

/// Side by side with each version: the current sentences in order, each
/// with its counterpart, and the version's unmatched sentences in place.
pub(crate) fn build(compared: &Compared<'_>) -> Vec<Alignment> {
    compared
        .others
        .iter()
        .map(|other| {
            let mut rows = Vec::new();
            let mut pending: Vec<(Option<usize>, usize)> = other
                .backward
                .iter()
                .enumerate()
                .filter(|(_, link)| link.is_none())
                .map(|(t, _)| (placement(other, t), t))
                .collect();
            pending.sort();
            let mut take_pending = |after: Option<usize>, rows: &mut Vec<AlignedRow>| {
                while let Some(&(place, t)) = pending.first() {
                    if place != after {
                        break;
                    }
                    pending.remove(0);
                    rows.push(unmatched_row(other.prepared.article, t));
                }
            };
            take_pending(None, &mut rows);
            for s in 0..compared.here.sentences.len() {
                let here = sentence_text(compared.here_article(), s);
                let row = match (other.forward[s], &other.forward_diffs[s]) {
                    (Some((t, similarity)), Some(diff)) => AlignedRow {
                        here: Some(s),
                        there: Some(t),
                        similarity: (similarity * 1000.0).round() / 1000.0,
                        diff: compared.pair_diff(s, other, t, &diff.ops),
                    },
                    _ => AlignedRow {
                        here: Some(s),
                        there: None,
                        similarity: 0.0,
                        diff: vec![DiffPart { op: Op::Delete, text: here }],
                    },
                };
                rows.push(row);
                take_pending(Some(s), &mut rows);
            }
            for (_, t) in pending {
                rows.push(unmatched_row(other.prepared.article, t));
            }
            Alignment { version: other.id().to_string(), rows }
        })
        .collect()
}

/// A row for sentence `t` of a version that no current sentence matches.
fn unmatched_row(article: &Article, t: usize) -> AlignedRow {
    let text = sentence_text(article, t);
    AlignedRow { here: None, there: Some(t), similarity: 0.0, diff: vec![DiffPart { op: Op::Insert, text }] }
}
