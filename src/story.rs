//! Stage 5, same story or not.
//!
//! In: articles. Out: a similarity score in 0..1 and a decision for a pair
//! ([`similarity`], [`same_story`]), and a [`StoryIndex`] that finds the
//! stored versions of a story among thousands of articles without comparing
//! against each.
