//! Dates: absolute ("Sept. 7", "18 Oct, 2023", "2023-10-18", "in July"),
//! weekdays ("on Wednesday") and relative ones ("last week", "yesterday").
//!
//! Values, resolved against the article's publication date when known:
//! - a day `2023-09-07`; with no year in the text, the publication year
//!   (the previous one when the day would fall more than two days after
//!   publication and nothing in the sentence points ahead; the next one
//!   when the sentence points ahead, "will", "is due to", and the day is over
//!   60 days before publication); unknown publication: `--09-07`;
//! - a month `2023-09` (same year rule) or `--09`; a year `2023`;
//! - a weekday: the day within the six days before publication, or on it
//!   (within the six days after it when the sentence points ahead: "will
//!   arrive on Wednesday"); "last Monday" is one to seven days before;
//!   unknown publication: `weekday:monday`;
//! - "yesterday", "today", "tomorrow", "N days ago": the day;
//!   "last/this/next week", "earlier in the week": the ISO week `2023-W42`;
//!   "last/this/next month": the month; "last/this/next year": the year;
//!   unknown publication: a tag, `relative:last-week`, `relative:yesterday`
//!   ("earlier in the week" is `relative:this-week`).

use super::{Covered, FactContext, fact};
use crate::model::{Fact, FactKind};
use crate::patterns::{
    FACT_DAY_MONTH, FACT_FUTURE_CUE, FACT_ISO_DATE, FACT_MONTH, FACT_MONTH_DAY, FACT_MONTH_YEAR, FACT_RELATIVE_DATE,
    FACT_WEEKDAY, FACT_YEAR,
};
use regex::Captures;

/// Adds the sentence's dates to `out`.
pub fn find(sentence: &str, context: &FactContext, out: &mut Vec<Fact>) {
    let mut covered = Covered::of(out);
    let reader = Reader { sentence, published: context.published.filter(|&(y, m, d)| valid_day(y, m, d)) };
    for caps in FACT_ISO_DATE.captures_iter(sentence) {
        let (y, m, d) = (number(&caps, "year"), number(&caps, "month"), number(&caps, "day"));
        if valid_day(y as i32, m, d) {
            push(out, &mut covered, sentence, &caps, format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    for pattern in [&*FACT_MONTH_DAY, &*FACT_DAY_MONTH] {
        for caps in pattern.captures_iter(sentence) {
            if let Some(value) = reader.month_day(&caps) {
                push(out, &mut covered, sentence, &caps, value);
            }
        }
    }
    for caps in FACT_MONTH_YEAR.captures_iter(sentence) {
        let month = month_number(&caps["month"]);
        push(out, &mut covered, sentence, &caps, format!("{:04}-{month:02}", number(&caps, "year")));
    }
    for caps in FACT_MONTH.captures_iter(sentence) {
        if let Some(value) = reader.month(&caps) {
            push(out, &mut covered, sentence, &caps, value);
        }
    }
    for caps in FACT_WEEKDAY.captures_iter(sentence) {
        let value = reader.weekday(&caps);
        push(out, &mut covered, sentence, &caps, value);
    }
    for caps in FACT_RELATIVE_DATE.captures_iter(sentence) {
        if let Some(value) = reader.relative(&caps) {
            push(out, &mut covered, sentence, &caps, value);
        }
    }
    for caps in FACT_YEAR.captures_iter(sentence) {
        if stands_alone(sentence, &caps) {
            push(out, &mut covered, sentence, &caps, caps["year"].to_string());
        }
    }
}

/// Adds the date matched by `caps` unless an earlier, more precise pattern
/// already covers part of it.
fn push(out: &mut Vec<Fact>, covered: &mut Covered, sentence: &str, caps: &Captures, value: String) {
    let whole = caps.get(0).expect("match");
    if !covered.overlaps(whole.start(), whole.end()) {
        covered.insert(whole.start(), whole.end());
        out.push(fact(FactKind::Date, sentence, whole.start(), whole.end(), value));
    }
}

fn number(caps: &Captures, name: &str) -> u32 {
    caps.name(name).and_then(|m| m.as_str().parse().ok()).unwrap_or(0)
}

/// A year on its own: not money, a percentage or part of a longer number
/// or code ("$2023", "2023%", "1,2023", "COVID-2019").
fn stands_alone(sentence: &str, caps: &Captures) -> bool {
    let whole = caps.get(0).expect("match");
    let glued_before =
        sentence[..whole.start()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || "$€£¥,.-/:".contains(c));
    let mut after = sentence[whole.end()..].chars();
    let glued_after = match after.next() {
        Some('%') => true,
        Some(',' | '.' | '-' | '/' | ':') => after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    !glued_before && !glued_after
}

/// Reads dates of one sentence.
struct Reader<'a> {
    sentence: &'a str,
    published: Option<(i32, u32, u32)>,
}

impl Reader<'_> {
    /// Whether the clause holding the date speaks of what is to come ("will
    /// visit on Wednesday", but not "will visit, the ministry said Monday").
    /// A clause of fewer than three other words ("On Wednesday, ...") is read
    /// with the whole sentence.
    fn ahead(&self, caps: &Captures) -> bool {
        let whole = caps.get(0).expect("match");
        let is_break = |c: char| matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')');
        // After the break character, whatever its width (`—` is three bytes).
        let start = self.sentence[..whole.start()]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_break(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = self.sentence[whole.end()..].find(is_break).map_or(self.sentence.len(), |i| whole.end() + i);
        let clause = &self.sentence[start..end];
        let other_words = clause.split_whitespace().count()
            - whole.as_str().split_whitespace().count().min(clause.split_whitespace().count());
        let clause = if other_words < 3 { self.sentence } else { clause };
        FACT_FUTURE_CUE.is_match(clause)
    }

    fn month_day(&self, caps: &Captures) -> Option<String> {
        let month = month_number(&caps["month"]);
        let day = number(caps, "day");
        if !valid_day(2000, month, day) {
            return None;
        }
        if let Some(year) = caps.name("year") {
            let year: i32 = year.as_str().parse().ok()?;
            return valid_day(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"));
        }
        Some(match self.published {
            Some(published) => {
                let year = self.year_for(published, month, day, self.ahead(caps));
                format!("{year:04}-{month:02}-{day:02}")
            }
            None => format!("--{month:02}-{day:02}"),
        })
    }

    fn month(&self, caps: &Captures) -> Option<String> {
        let name = &caps["month"];
        if name == "May" && !self.preposition_before(caps) {
            return None; // "May" opening a sentence is more often the verb
        }
        let end = caps.get(0).map_or(0, |m| m.end());
        if self.sentence[end..].trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            return None; // "February 30": a day that does not exist
        }
        let month = month_number(name);
        Some(match self.published {
            Some(published) => {
                // The month as a whole is in the past if its first day is.
                let year = self.year_for(published, month, 1, self.ahead(caps));
                format!("{year:04}-{month:02}")
            }
            None => format!("--{month:02}"),
        })
    }

    fn weekday(&self, caps: &Captures) -> String {
        let weekday = weekday_number(&caps["weekday"]);
        let shift = caps.name("shift").map(|m| m.as_str().to_ascii_lowercase());
        let Some(published) = self.published else {
            let name = caps["weekday"].to_ascii_lowercase();
            return match shift.as_deref() {
                Some(s @ ("last" | "next")) => format!("relative:{s}-{name}"),
                _ => format!("weekday:{name}"),
            };
        };
        let today = days_from_civil(published);
        let today_weekday = weekday_of(today);
        let back = (today_weekday + 7 - weekday) % 7;
        let forward = (weekday + 7 - today_weekday) % 7;
        let day = match shift.as_deref() {
            Some("last") => today - if back == 0 { 7 } else { back } as i64,
            Some("next") => today + if forward == 0 { 7 } else { forward } as i64,
            _ if self.ahead(caps) => today + forward as i64,
            _ => today - back as i64,
        };
        iso_day(day)
    }

    fn relative(&self, caps: &Captures) -> Option<String> {
        let lower = |name: &str| caps.name(name).map(|m| m.as_str().to_ascii_lowercase());
        if let Some(word) = lower("word") {
            let offset = match word.as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            return Some(self.resolve_days(offset, &word));
        }
        // "earlier in the week", "later this month": within this one.
        if let Some(unit) = lower("unit2") {
            return Some(self.resolve_unit(0, &unit, &format!("this-{unit}")));
        }
        if let (Some(shift), Some(unit)) = (lower("shift"), lower("unit")) {
            let unit = if unit == "weekend" { "week".to_string() } else { unit };
            let (offset, tag) = match shift.as_str() {
                "last" | "past" => (-1, "last"),
                "next" | "coming" => (1, "next"),
                _ => (0, "this"),
            };
            return Some(self.resolve_unit(offset, &unit, &format!("{tag}-{unit}")));
        }
        let count = lower("count")?;
        let count: i64 = match count.as_str() {
            "a" | "an" | "one" => 1,
            word => word_number(word).or_else(|| word.parse().ok())?,
        };
        let unit = lower("unit3")?;
        let unit = unit.trim_end_matches('s');
        let tag = format!("{count}-{unit}s-ago");
        Some(match unit {
            "day" => self.resolve_days(-count, &tag),
            "week" => self.resolve_days_to_week(-7 * count, &tag),
            _ => self.resolve_unit(-count, unit, &tag),
        })
    }

    fn resolve_days(&self, offset: i64, tag: &str) -> String {
        match self.published {
            Some(published) => iso_day(days_from_civil(published) + offset),
            None => format!("relative:{tag}"),
        }
    }

    fn resolve_days_to_week(&self, offset: i64, tag: &str) -> String {
        match self.published {
            Some(published) => iso_week(days_from_civil(published) + offset),
            None => format!("relative:{tag}"),
        }
    }

    /// `offset` weeks, months or years from the publication date's.
    fn resolve_unit(&self, offset: i64, unit: &str, tag: &str) -> String {
        let Some((year, month, _)) = self.published else {
            return format!("relative:{tag}");
        };
        match unit {
            "week" => self.resolve_days_to_week(offset * 7, tag),
            "month" => {
                let index = year as i64 * 12 + (month as i64 - 1) + offset;
                format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
            }
            _ => format!("{:04}", year as i64 + offset),
        }
    }

    /// The year of a month/day written without one (see the module docs).
    fn year_for(&self, published: (i32, u32, u32), month: u32, day: u32, ahead: bool) -> i32 {
        let (year, _, _) = published;
        let today = days_from_civil(published);
        let day_of = |y: i32| days_from_civil((y, month, day.min(days_in_month(y, month))));
        if ahead {
            if day_of(year) < today - 60 { year + 1 } else { year }
        } else if day_of(year) > today + 2 {
            year - 1
        } else {
            year
        }
    }

    /// "in May", "since May", "last May": the word before is a preposition.
    fn preposition_before(&self, caps: &Captures) -> bool {
        let start = caps.get(0).map_or(0, |m| m.start());
        let word = self.sentence[..start]
            .trim_end()
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        matches!(
            word.as_str(),
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "of"
                | "from"
                | "through"
                | "during"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "before"
                | "after"
                | "on"
                | "and"
                | "between"
                | "to"
        )
    }
}

fn word_number(word: &str) -> Option<i64> {
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        .iter()
        .position(|w| *w == word)
        .map(|n| n as i64 + 1)
}

/// 1..=12 from a month name or abbreviation (checked by the patterns).
fn month_number(name: &str) -> u32 {
    const PREFIXES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    PREFIXES.iter().position(|p| *p == lower).map_or(1, |i| i as u32 + 1)
}

/// 0 for Monday ... 6 for Sunday.
fn weekday_number(name: &str) -> u32 {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    NAMES.iter().position(|p| *p == lower).unwrap_or(0) as u32
}

pub fn weekday_name(weekday: u32) -> &'static str {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][weekday as usize % 7]
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

pub fn valid_day(year: i32, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) && (1..=9999).contains(&year)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil((year, month, day): (i32, u32, u32)) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// 0 for Monday ... 6 for Sunday.
pub fn weekday_of(days: i64) -> u32 {
    (days + 3).rem_euclid(7) as u32
}

fn iso_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `2023-W42`: the ISO 8601 week holding the day.
fn iso_week(days: i64) -> String {
    let thursday = days + 3 - i64::from(weekday_of(days));
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil((year, 1, 1))) / 7 + 1;
    format!("{year:04}-W{week:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for day in [-800_000, -1, 0, 1, 19_648, 2_932_896] {
            assert_eq!(days_from_civil(civil_from_days(day)), day);
        }
        assert_eq!(days_from_civil((1970, 1, 1)), 0);
        assert_eq!(weekday_of(days_from_civil((2023, 10, 18))), 2); // a Wednesday
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week(days_from_civil((2023, 10, 18))), "2023-W42");
        assert_eq!(iso_week(days_from_civil((2021, 1, 3))), "2020-W53");
        assert_eq!(iso_week(days_from_civil((2024, 12, 30))), "2025-W01");
    }
}
