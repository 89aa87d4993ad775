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

// Word boundaries are ASCII (`(?-u:\b)`): the words matched are English,
// and a Unicode boundary keeps the fast DFA engines off non-ASCII text.

/// Month names and their abbreviations ("Sept.", "Oct"), capitalized.
macro_rules! months {
    () => {
        r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
    };
}

/// "Sept. 7", "September 7th", "Oct 18, 2023": month, day, optional year.
pub static FACT_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?-u:\b)",
        months!(),
        r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<year>\d{4})(?-u:\b))?"
    ))
});

/// "18 Oct, 2023", "7 September", "7th of September": day, month, optional year.
pub static FACT_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?-u:\b)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?",
        months!(),
        r"(?-u:\b)(?:,?\s+(?P<year>\d{4})(?-u:\b))?"
    ))
});

/// "October 2023", "Oct. 2023": a month of a year.
pub static FACT_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    compile(concat!(
        r"(?-u:\b)",
        months!(),
        r"\.?,?\s+(?P<year>\d{4})(?-u:\b)"
    ))
});

/// A month named alone in full ("in July", "since August"); "May" is
/// checked for a preposition before it by the reader.
pub static FACT_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?-u:\b)(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)",
    )
});

/// "2023-10-18": an ISO 8601 date.
pub static FACT_ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?-u:\b)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?-u:\b)"));

/// A weekday, optionally "last"/"next" before it ("on Wednesday", "last Monday").
pub static FACT_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:(?-u:\b)(?P<shift>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?-u:\b)(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)",
    )
});

/// Dates said relative to the article's: "yesterday", "last week", "earlier
/// in the week", "two days ago".
pub static FACT_RELATIVE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?:(?P<word>yesterday|today|tonight|tomorrow)|(?P<shift>last|this|next|past|coming)\s+(?P<unit>week|weekend|month|year)|(?P<when>earlier|later)\s+(?:in\s+the|this)\s+(?P<unit2>week|month|year)|(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(?P<unit3>day|days|week|weeks|month|months|year|years)\s+ago)(?-u:\b)",
    )
});

/// A year standing alone ("in 2022", "since 1991").
pub static FACT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?-u:\b)(?P<year>1[89]\d{2}|20\d{2})(?-u:\b)"));

/// "according to": the words after it name the source.
pub static FACT_ACCORDING_TO: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)(?-u:\b)according\s+to\s+"));

/// Words that put a sentence's dates in the future ("will visit on
/// Wednesday"), so weekdays and dates without a year resolve forward.
pub static FACT_FUTURE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?:will|shall|plans?\s+to|planning\s+to|(?:is|are)\s+due|due\s+to|(?:is|are)\s+expected\s+to|scheduled|set\s+to|upcoming|to\s+(?:arrive|visit|travel|meet|hold|attend))(?-u:\b)",
    )
});

// ---- text (tokens) -----------------------------------------------------

/// A word, number or single punctuation mark, for tokenizing sentences.
/// Words keep inner apostrophes, hyphens and dots of abbreviations ("U.S.").
pub static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?:\p{L}\.){2,}|\d+(?:[.,:]\d+)*(?:\p{L}+)?|[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{N}]",
    )
});
