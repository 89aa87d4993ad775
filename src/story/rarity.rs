//! How rare a word is in English at large, whatever the reader has stored.
//!
//! In: a term as the story matcher hashes it (a content word's stem, a
//! name's folded form). Out: its background inverse document frequency.
//! The store's own counts say little while it holds a few articles (on the
//! first day every word is in one article of three); a table of English word
//! frequencies (`src/data/background-words.txt`, from `wordfreq`, written by
//! `scripts/background_words.py`) says from the start that "earthquake" is
//! rarer than "people" and that a name absent from it is rarer still.

use std::sync::OnceLock;

use crate::hashing::TermMap;

/// Words grouped by Zipf frequency (log10 of occurrences per billion words),
/// a line a group: `ZIPF word word ...`.
const TABLE: &str = include_str!("../data/background-words.txt");

/// A term the table lacks is taken to be this common (just under its last group).
const UNLISTED_ZIPF: f32 = 2.75;

/// The length in words of a typical article, to turn a word's frequency
/// into the share of articles that use it.
const ARTICLE_WORDS: f32 = 400.0;

/// Term hash to Zipf frequency, read from the table once. A stem shared by
/// several words (visit, visited, visits) is as common as all of them.
fn table() -> &'static TermMap<u64, f32> {
    static TABLE_MAP: OnceLock<TermMap<u64, f32>> = OnceLock::new();
    TABLE_MAP.get_or_init(|| {
        let mut per_billion: TermMap<u64, f32> = TermMap::default();
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let mut words = line.split(' ');
            let Some(zipf) = words.next().and_then(|z| z.parse::<f32>().ok()) else { continue };
            let count = 10f32.powf(zipf);
            for word in words.filter(|w| !w.is_empty()) {
                let stem = crate::text::stem(word);
                *per_billion.entry(super::term_hash(&stem)).or_default() += count;
                if stem != word {
                    *per_billion.entry(super::term_hash(word)).or_default() += count;
                }
            }
        }
        per_billion.into_iter().map(|(hash, count)| (hash, count.log10())).collect()
    })
}

/// The Zipf frequency of a term, [`UNLISTED_ZIPF`] when the table lacks it.
pub(crate) fn zipf(hash: u64) -> f32 {
    table().get(&hash).copied().unwrap_or(UNLISTED_ZIPF)
}

/// The background inverse document frequency of a term: the log of how few
/// articles of [`ARTICLE_WORDS`] words would use it, from its frequency.
pub(crate) fn idf(hash: u64) -> f32 {
    idf_of_zipf(zipf(hash))
}

/// [`idf`] for a Zipf frequency.
pub(crate) fn idf_of_zipf(zipf: f32) -> f32 {
    let per_word = 10f32.powf(zipf - 9.0);
    let share = 1.0 - (-ARTICLE_WORDS * per_word).exp();
    (1.0 / share.max(1e-6)).ln().max(0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::term_hash;

    #[test]
    fn the_table_reads_and_orders_words_by_rarity() {
        assert!(table().len() > 20_000);
        let idf = |w: &str| idf(term_hash(&crate::text::stem(w)));
        assert!(idf("people") < idf("earthquake"));
        assert!(idf("earthquake") < idf("zzyzxville"));
        assert_eq!(idf("earthquakes"), idf("earthquake"), "stems are looked up as the engine cuts them");
    }
}
