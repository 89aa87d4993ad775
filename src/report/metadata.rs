//! Metadata: a title, date or byline that disagrees.
//!
//! In: the current article and the versions of its story. Out: `metadata`
//! findings: a publication date more than [`DATE_TOLERANCE_DAYS`] days from
//! another version's, a byline that another version does not share.

use super::{FactPair, FactType, Finding, FindingKind};
use crate::model::Article;

/// Dates this many days apart disagree.
const DATE_TOLERANCE_DAYS: i64 = 2;

/// Title, date and byline that disagree with the other versions.
pub(crate) fn find(current: &Article, versions: &[&Article]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let field = |kind: FactType, here: &str, there: &str, who: Vec<String>| Finding {
        kind: FindingKind::Metadata,
        version: who.first().cloned(),
        versions: who,
        here: Some(here.to_string()),
        here_span: None,
        sentence: None,
        there: Some(there.to_string()),
        after: None,
        facts: vec![FactPair {
            kind,
            here: Some(here.to_string()),
            there: Some(there.to_string()),
            here_source: None,
            there_source: None,
        }],
        wordings: Vec::new(),
        weight: 0.0,
    };
    if let Some(here) = current.published.as_deref() {
        let mut by_date: Vec<(String, Vec<String>)> = Vec::new();
        for version in versions {
            let Some(there) = version.published.as_deref() else {
                continue;
            };
            if days_apart(here, there).is_some_and(|d| d > DATE_TOLERANCE_DAYS) {
                let date = there.get(..10).unwrap_or(there).to_string();
                match by_date.iter_mut().find(|(d, _)| *d == date) {
                    Some((_, who)) => who.push(version.id.clone()),
                    None => by_date.push((date, vec![version.id.clone()])),
                }
            }
        }
        for (date, who) in by_date {
            findings.push(field(FactType::Published, here.get(..10).unwrap_or(here), &date, who));
        }
    }
    if let Some(here) = current.byline.as_deref() {
        let mut by_name: Vec<(String, Vec<String>)> = Vec::new();
        for version in versions {
            let Some(there) = version.byline.as_deref() else {
                continue;
            };
            if crate::text::fold(here) != crate::text::fold(there) {
                match by_name.iter_mut().find(|(n, _)| n == there) {
                    Some((_, who)) => who.push(version.id.clone()),
                    None => by_name.push((there.to_string(), vec![version.id.clone()])),
                }
            }
        }
        for (name, who) in by_name {
            findings.push(field(FactType::Byline, here, &name, who));
        }
    }
    findings
}

/// Days between two ISO dates.
fn days_apart(a: &str, b: &str) -> Option<i64> {
    let day = |iso: &str| crate::parse_iso_date(iso).map(crate::facts::dates::days_from_civil);
    Some((day(a)? - day(b)?).abs())
}
