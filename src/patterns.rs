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

/// A clock time alone, as one run of tokens' forms joined by spaces:
/// `6:41pm pst`, `18:41`, `6 p.m.`, `11.29 am gmt`, and as tokenized text
/// spaces it, `7 : 01 p. m.`. Used to tell a time
/// written in 12 hours from the same time in 24 ("6:41pm PST" / "18:41").
pub static CLOCK_TIME: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})|\s:\s(?P<spaced>\d{2}))?\s?(?P<half>[ap]\s?\.?\s?m\s?\.?)?(?:\s(?P<zone>utc|gmt|bst|cet|cest|eet|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|hst|ist|jst|kst|aest|aedt))?$",
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

/// The markers of [`TRAILER_MARKER`] that open a block of teasers for other
/// articles, and nothing else. In HTML only these end the body: after `See
/// also`, `Comments`, `Tags:` or `About the author` a page's article markup
/// may still hold its own text.
pub static TEASER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)^(?:more\s*:\s*[\p{L} &,-]{1,30}|more (?:from|in) .{1,40}|more (?:stories|news|coverage|videos?|on this (?:story|topic))|recommend(?:ed|ations)?(?: for you| stories| articles| reading| videos?)?|related (?:articles?|stories|coverage|content|news|posts|reading|videos?)\s*:?|read next|most (?:popular|read|viewed|shared|watched|recent)|you (?:may|might) (?:also )?(?:like|enjoy|be interested in|have missed)|trending(?: now| stories| news)?|top stories|latest (?:news|stories|videos?)|editor.?s.? picks|popular (?:now|stories|today)|don.t miss|up next|what to read next)[\s.:]*$",
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
pub static FACT_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(concat!(r"(?-u:\b)", months!(), r"\.?,?\s+(?P<year>\d{4})(?-u:\b)")));

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
pub static FACT_YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"(?-u:\b)(?P<year>1[89]\d{2}|20\d{2})(?-u:\b)"));

/// "according to": the words after it name the source.
pub static FACT_ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i)(?-u:\b)according\s+to\s+"));

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

// ---- measures (differs) -------------------------------------------------

/// A figure with a unit of length, mass or speed written after it, spaced or
/// not: `200ft`, `60 metres`, `24km`, `15 miles`, `1,500 lbs`, `120 mph`,
/// `193 km/h` (also `193km / h`, as spaced-out text writes it).
/// Only these units: they are the ones outlets convert for their readers
/// ("200 feet" in one report, "60 metres" in another).
pub static MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>km\s?/\s?h|feet|foot|ft|metres|meters|metre|meter|m|kilometres|kilometers|kilometre|kilometer|km|miles|mile|mi|yards|yard|yd|inches|inch|centimetres|centimeters|cm|kilograms|kilogram|kg|kilos|pounds|pound|lbs|lb|tonnes|tons|mph|kph)(?-u:\b)",
    )
});
