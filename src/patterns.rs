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

// ---- extract (html) ---------------------------------------------------

/// An ISO 8601 date or timestamp as pages write it in meta tags and JSON-LD:
/// `2017-03-09`, `2017-03-09T23:16:02+00:00`, `2019-04-28 06:01:07`,
/// `2017-11-03 03:01:00.000000`, `2021-11-01T10:52:50+0100`.
pub static HTML_DATE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<z>[Zz]|[+-]\d{2}:?\d{2})?)?",
    )
});

/// A date written in words, day first or month first: `9 March 2017`,
/// `March 9, 2017`, `Thu, 09 Mar 2017 23:16:02 GMT` (RFC 2822).
pub static HTML_DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon1>[a-z]{3,9}\.?)|(?P<mon2>[a-z]{3,9}\.?)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)\s+(?P<y>\d{4})\b",
    )
});

/// One tag of HTML source (opening, closing, self-closing, comment start or
/// doctype), for measuring how deeply a page nests before parsing it.
pub static HTML_TAG_OPEN: LazyLock<Regex> = LazyLock::new(|| compile(r"</?[A-Za-z!][^<>]*>"));

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
