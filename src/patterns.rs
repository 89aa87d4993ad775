//! Every regular expression the crate uses, compiled once.
//!
//! Each static is compiled on first use and shared after that, as the `regex`
//! docs ask. Keep them here, grouped by the stage that uses them, each with a
//! comment saying what it matches and why.

#![allow(dead_code)]

use regex::Regex;
use std::sync::LazyLock;

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

// ---- repair -------------------------------------------------------------

// ---- extract (plain text) ----------------------------------------------

// ---- sentences ---------------------------------------------------------

// ---- facts -------------------------------------------------------------

// ---- text (tokens) -----------------------------------------------------

/// A word, number or single punctuation mark, for tokenizing sentences.
/// Words keep inner apostrophes, hyphens and dots of abbreviations ("U.S.").
pub static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:\p{L}\.){2,}|\d+(?:[.,:]\d+)*(?:\p{L}+)?|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{N}]",
    )
});
