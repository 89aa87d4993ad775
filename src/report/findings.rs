//! The orchestrator: decides which versions are compared, builds the one
//! shared comparison ([`Compared`]) and hands it to each finder, each in its
//! own module and returning typed findings: [`super::missing`],
//! [`super::unique`], [`super::differs`] (with attributed counts),
//! [`super::quotes`], [`super::variants`], [`super::metadata`]. The report
//! is a view of them, with the side-by-side rows and the fact table; every
//! finding is weighed ([`super::weigh`]) and they are put in reading order.

use std::borrow::Cow;

use super::compare::Compared;
use super::{CurrentArticle, Finding, FindingKind, Report, SentenceRef, VersionSummary};
use crate::model::Article;
use crate::story::{self, Profile};
use crate::text::{self, Token};

/// Compares `current` with `versions` (see the module docs of [`crate::report`]).
pub fn build(current: &Article, versions: &[Article]) -> Report {
    build_linked(current, versions, &[])
}

/// [`build`], with the versions whose ids are in `linked` compared whatever
/// the story matcher says: the reader linked them to this story by hand.
pub fn build_linked(current: &Article, versions: &[Article], linked: &[String]) -> Report {
    // Cut every article into tokens once: story matching and alignment share them.
    let tokens: Vec<Vec<Cow<'_, [Token]>>> = std::iter::once(current).chain(versions).map(tokens_of).collect();
    let profiles: Vec<Profile> = std::iter::once(current)
        .chain(versions)
        .zip(&tokens)
        .map(|(article, tokens)| {
            Profile::from_tokens(tokens, article.title.as_deref()).published(article.published.as_deref())
        })
        .collect();
    let others: Vec<&Profile> = profiles[1..].iter().collect();
    let decisions: Vec<(f64, bool)> = story::decide(&profiles[0], &others)
        .into_iter()
        .zip(versions)
        .map(|((score, same), version)| (score, same || linked.contains(&version.id)))
        .collect();
    let versions: Vec<&Article> = versions.iter().collect();
    build_with(current, &versions, &decisions, tokens)
}

/// [`build`] with "same story" already decided (by [`crate::library`], which
/// decides it once for the extension): `decisions[i]` is `(similarity,
/// compared)` for `versions[i]`; only the compared ones are read.
pub fn build_decided(current: &Article, versions: &[&Article], decisions: &[(f64, bool)]) -> Report {
    let tokens: Vec<Vec<Cow<'_, [Token]>>> = std::iter::once(tokens_of(current))
        .chain(versions.iter().zip(decisions).map(|(v, d)| if d.1 { tokens_of(v) } else { Vec::new() }))
        .collect();
    build_with(current, versions, decisions, tokens)
}

/// The report over `versions` with `decisions` made; `tokens` holds the
/// current article's tokens first, then each version's (only the compared
/// ones are used).
fn build_with<'a>(
    current: &'a Article,
    versions: &[&'a Article],
    decisions: &[(f64, bool)],
    tokens: Vec<Vec<Cow<'a, [Token]>>>,
) -> Report {
    let mut tokens = tokens.into_iter();
    let mut compared_tokens = vec![tokens.next().unwrap_or_default()];
    let mut same: Vec<&'a Article> = Vec::new();
    for ((version, decision), tokens) in versions.iter().zip(decisions).zip(tokens) {
        if decision.1 {
            compared_tokens.push(tokens);
            same.push(version);
        }
    }
    let compared = Compared::new(current, &same, compared_tokens);
    let mut findings = find_all(&compared, current, &same);
    for finding in &mut findings {
        finding.weight = super::weight::weigh_in(finding, current, &same);
    }
    sort_findings(&mut findings, current);

    Report {
        current: CurrentArticle {
            id: current.id.clone(),
            title: current.title.clone(),
            published: current.published.clone(),
            byline: current.byline.clone(),
            site: current.site.clone(),
            text: current.text.clone(),
            sentences: sentence_refs(current),
        },
        versions: versions
            .iter()
            .zip(decisions)
            .map(|(v, &(similarity, same_story))| VersionSummary {
                id: v.id.clone(),
                title: v.title.clone(),
                published: v.published.clone(),
                byline: v.byline.clone(),
                site: v.site.clone(),
                same_story,
                similarity: (similarity * 1000.0).round() / 1000.0,
                sentences: sentence_refs(v),
            })
            .collect(),
        findings,
        alignments: super::rows::build(&compared),
        fact_table: super::table::build(current, &same),
    }
}

/// Every finder over the one comparison.
fn find_all(compared: &Compared<'_>, current: &Article, same: &[&Article]) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(super::unique::find(compared));
    findings.extend(super::missing::find(compared));
    findings.extend(super::differs::find(compared));
    findings.extend(super::quotes::find(compared));
    findings.extend(super::differs::attributed_counts(compared));
    findings.extend(super::variants::find(compared));
    findings.extend(super::metadata::find(current, same));
    drop_unique_inside_differs(&mut findings);
    findings
}

/// A span that states a fact differently is a conflict, not news: a unique
/// span inside a differs finding's goes.
fn drop_unique_inside_differs(findings: &mut Vec<Finding>) {
    let conflicts: Vec<crate::model::Span> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::Differs && f.facts.iter().all(|p| p.here_source.is_none()))
        .filter_map(|f| f.here_span)
        .collect();
    findings.retain(|f| {
        f.kind != FindingKind::Unique
            || f.here_span.is_none_or(|u| !conflicts.iter().any(|c| c.start <= u.start && u.end <= c.end))
    });
}

/// The article's tokens: those cut when it was read (borrowed, not
/// copied), or cut now for an article built by hand.
fn tokens_of(article: &Article) -> Vec<Cow<'_, [Token]>> {
    if article.tokens.len() == article.sentences.len() {
        article.tokens.iter().map(|t| Cow::Borrowed(t.as_slice())).collect()
    } else {
        text::article_tokens(article).into_iter().map(Cow::Owned).collect()
    }
}

fn sentence_refs(article: &Article) -> Vec<SentenceRef> {
    article
        .sentences
        .iter()
        .map(|s| SentenceRef { index: s.index, text: s.span.of(&article.text).to_string(), span: s.span })
        .collect()
}

/// In reading order: by where the finding stands in the article.
fn sort_findings(findings: &mut [Finding], current: &Article) {
    let position = |f: &Finding| -> (usize, usize) {
        if let Some(span) = f.here_span {
            return (span.start, 1);
        }
        match (f.kind, f.after) {
            (FindingKind::Metadata, _) => (0, 0),
            (_, Some(s)) => (current.sentences.get(s).map_or(usize::MAX, |x| x.span.end), 2),
            (_, None) => (0, 0),
        }
    };
    findings.sort_by_key(|f| (position(f), f.kind));
}
