//! Readable reports for a terminal: findings grouped by kind, each with both
//! wordings and the diff marked (colour on a terminal, brackets elsewhere).

use std::fmt::Write;

use storydiff::Article;
use storydiff::report::{DiffPart, Finding, FindingKind, Report};

use crate::{kind_name, of_kind};

struct Style {
    colour: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    /// A diff run only here: red, or `[-…-]` without colour.
    fn only_here(&self, text: &str) -> String {
        if self.colour { self.paint("31", text) } else { format!("[-{text}-]") }
    }
    /// A diff run only there: green, or `{+…+}` without colour.
    fn only_there(&self, text: &str) -> String {
        if self.colour { self.paint("32", text) } else { format!("{{+{text}+}}") }
    }
}

const KINDS: [(FindingKind, &str); 5] = [
    (FindingKind::Metadata, "Title, date or byline that disagree"),
    (FindingKind::Missing, "What this article leaves out"),
    (FindingKind::Differs, "What it states differently"),
    (FindingKind::Unique, "What only this article says"),
    (FindingKind::Variant, "The same fact written another way"),
];

pub fn render_report(report: &Report, colour: bool) -> String {
    let style = Style { colour };
    let mut out = String::new();
    let title = report.current.title.as_deref().unwrap_or("(untitled)");
    let _ = writeln!(out, "{} {}", style.bold(&report.current.id), style.dim(&format!("— {title}")));
    for version in &report.versions {
        let verdict = if version.same_story { "same story" } else { "other story, not compared" };
        let _ = writeln!(out, "  vs {} ({verdict}, similarity {:.2})", version.id, version.similarity);
    }
    for (kind, heading) in KINDS {
        let findings = of_kind(report, kind);
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", style.bold(heading), findings.len());
        for finding in findings {
            render_finding(&mut out, finding, &style);
        }
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "\nNo differences found.");
    }
    out
}

fn render_finding(out: &mut String, finding: &Finding, style: &Style) {
    let who = if finding.versions.is_empty() { String::new() } else { format!(" [{}]", finding.versions.join(", ")) };
    let _ = writeln!(out, "- {}{}", kind_name(finding.kind), style.dim(&who));
    if let Some(here) = &finding.here {
        let _ = writeln!(out, "    here:  {here}");
    }
    if let Some(there) = &finding.there {
        let _ = writeln!(out, "    there: {there}");
    }
    for fact in &finding.facts {
        let source = |s: &Option<String>| s.as_ref().map(|s| format!(" (per {s})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "    {}: {}{} ≠ {}{}",
            fact.kind.as_str(),
            fact.here.as_deref().unwrap_or("—"),
            source(&fact.here_source),
            fact.there.as_deref().unwrap_or("—"),
            source(&fact.there_source)
        );
    }
    if finding.kind != FindingKind::Missing {
        if let Some(wording) = finding.wordings.first() {
            let _ = writeln!(
                out,
                "    {} {}",
                style.dim(&format!("{}:", wording.version)),
                diff_line(&wording.diff, style)
            );
        }
    }
}

fn diff_line(parts: &[DiffPart], style: &Style) -> String {
    parts
        .iter()
        .map(|p| match p.op.as_str() {
            "delete" => style.only_here(&p.text),
            "insert" => style.only_there(&p.text),
            _ => p.text.clone(),
        })
        .collect()
}

pub fn render_article(article: &Article, colour: bool) -> String {
    let style = Style { colour };
    let mut out = String::new();
    let field =
        |name: &str, value: &Option<String>| format!("{}: {}\n", style.bold(name), value.as_deref().unwrap_or("—"));
    out.push_str(&field("title", &article.title));
    out.push_str(&field("published", &article.published));
    out.push_str(&field("byline", &article.byline));
    out.push_str(&field("site", &article.site));
    let _ = writeln!(out, "\n{}", style.bold("sentences"));
    for sentence in &article.sentences {
        let _ = writeln!(out, "{:>3}. {}", sentence.index, sentence.span.of(&article.text));
        for fact in &sentence.facts {
            let _ = writeln!(
                out,
                "       {} {:?} = {}",
                style.dim(&format!("{:?}", fact.kind).to_lowercase()),
                fact.text,
                fact.value
            );
        }
    }
    out
}
