//! Stage 6, align.
//!
//! In: the current article and one other version. Out: for every sentence,
//! its counterparts in the other version (robust to reordering, splits,
//! merges and paraphrase), and a word-level diff of each aligned pair.
