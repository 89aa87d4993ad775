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

/// An ISO date, optionally with a time and zone: `2023-10-18`,
/// `2025-05-02 00:29:35`, `2023-10-18T11:29:00+09:00`. The time may be glued
/// to the next word (`00:29:35source:`), so nothing is asked of what follows.
pub static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"\b(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:[T ](?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?(?P<zone>Z|[+-]\d{2}:?\d{2})?)?",
    )
});

/// A date with the month's name first: `Oct 18, 2023`, `October 18 2023`,
/// `Sept. 7, 2023`. The month word is checked by the caller.
pub static MONTH_DAY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\b(?P<month>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"));

/// A date with the day first: `18 Oct, 2023`, `18 October 2023`.
pub static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?i)\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9})\.?,?\s+(?P<y>\d{4})\b"));

/// A numeric date with slashes or dots: `10/18/2023`, `18.10.2023` (used
/// only when the day cannot be mistaken for the month).
pub static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})\b"));

/// A time of day after a date, with an optional zone name: `11:29am`,
/// `11:29 a.m. EDT`, `at 09:15 GMT`.
pub static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^[\s,|·•-]*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*\(?(?-i:[A-Z]{2,5})\)?\b)?",
    )
});

/// Words that label a date line and say nothing else: `Published`,
/// `Updated:`, `Posted on`, a weekday.
pub static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:first\s+published|last\s+updated|last\s+modified|published|updated|posted|modified|dated?|on|at|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?",
    )
});

/// A label glued into a metadata line: `source:`, `category:`, `author:`.
/// No word boundary before it: scraped lines glue labels to the previous
/// value (`Johnathan Walkercategory:Finance`).
pub static META_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i)(?P<label>source|author|byline|writer|category|section|tags|tag|publisher|by)\s*:\s*")
});

/// A byline line: `By Jane Doe`, `By The Associated Press`, `Written by ...`,
/// `Author: ...`.
pub static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"^(?:(?i:written\s+by|words\s+by|reporting\s+by|by)\s+|(?i:author|byline)\s*:\s*)(?P<name>\S.*)$")
});

/// A dateline opening the first paragraph: 1–3 capitalized words (a comma
/// and a date may follow), an optional `(AGENCY)`, then a dash or colon:
/// `MOSCOW (AP) — `, `SEOUL: `, `Moscow - `, `SEOUL, Oct 18 (Reuters) - `.
pub static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?P<place>\p{Lu}[\p{L}.'’-]*(?:,?\s+[\p{Lu}\d][\p{L}\d.'’-]*){0,3})(?:\s*\((?P<agency>[\p{L}\d .&/-]{1,30})\))?\s*(?P<sep>—|–|-|:)\s+",
    )
});

/// A marker line after which the rest is page furniture, not article:
/// `More:Finance`, `Recommend`, `Related stories`, `Most popular` ...
pub static TRAILER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:more\s*:\s*[\p{L} &,-]{1,30}|more (?:from|in) .{1,40}|more (?:stories|news|coverage|videos?|on this (?:story|topic))|recommend(?:ed|ations)?(?: for you| stories| articles| reading| videos?)?|related(?: articles?| stories| coverage| content| news| topics| links| posts| reading| videos?)?\s*:?|read (?:more|next)|see also|most (?:popular|read|viewed|shared|watched|recent)|you (?:may|might) (?:also )?(?:like|enjoy|be interested in|have missed)|trending(?: now| stories| news)?|top stories|latest (?:news|stories|videos?)|editor.?s.? picks|popular (?:now|stories|today)|don.t miss|up next|what to read next|(?:tags|topics)\s*:.*|comments?(?: \(\d+\))?|\d+ comments?|share this(?: article| story| page)?|share on .{1,20}|about the authors?)[\s.:]*$",
    )
});

/// A line of page furniture inside an article, dropped alone: ads, promos,
/// inline links (`Read more: ...`), captions credits.
pub static FURNITURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:advertisement|advertising|skip to (?:main )?(?:content|navigation)|sponsored(?: content)?|story continues(?: below)?.*|continue reading.*|skip (?:advertisement|ad)|scroll (?:down )?to continue.*|sign up.*|subscribe.*|follow us.*|(?:read (?:more|also|next)|related|see also|watch|listen|must read)\s*:.*|listen to (?:this|the) (?:article|story).*|(?:image|photo|picture|video)(?: credit)?\s*:.*|getty images|ap photo.*|\(?(?:ap|reuters|afp|getty) (?:photo|images?)\)?.*)$",
    )
});

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
