//! Table-driven cases for the finders' rules (`tests/data/findings/`):
//! which pairs of statements are the same fact and may conflict
//! (`differs.toml`), and which changes are format only and must give
//! nothing (`format_only.toml`).

use serde::Deserialize;
use storydiff::report::{Finding, FindingKind, Report};
use storydiff::{Format, analyse, compare};

#[derive(Deserialize)]
struct Table {
    case: Vec<Case>,
}

#[derive(Deserialize, Default)]
struct Case {
    name: String,
    here: String,
    there: String,
    #[serde(default)]
    conflict: Option<String>,
    #[serde(default)]
    here_has: Option<String>,
    #[serde(default)]
    there_has: Option<String>,
}

fn table(file: &str) -> Vec<Case> {
    let path = format!("{}/tests/data/findings/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str::<Table>(&text).unwrap_or_else(|e| panic!("{path}: {e}")).case
}

fn report(case: &Case) -> Report {
    let here = analyse("here.txt", &case.here, Format::Text).expect("here reads");
    let there = analyse("there.txt", &case.there, Format::Text).expect("there reads");
    // The versions are compared whatever the story matcher says of two
    // short texts: these cases are about the finders.
    storydiff::report::build_linked(&here, &[there], &["there.txt".to_string()])
}

/// The findings of `kind` that comparing `here` with `there` gives.
fn findings_of(here: &str, there: &str, kind: FindingKind) -> Vec<Finding> {
    let case = Case { here: here.into(), there: there.into(), ..Case::default() };
    report(&case).findings.into_iter().filter(|f| f.kind == kind).collect()
}

fn describe(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("  {:?} here={:?} there={:?} facts={:?}", f.kind, f.here, f.there, f.facts))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn differs_only_between_the_same_fact() {
    let mut failures = Vec::new();
    for case in table("differs.toml") {
        let r = report(&case);
        let differs: Vec<&Finding> = r.findings.iter().filter(|f| f.kind == FindingKind::Differs).collect();
        let want = case.conflict.as_deref().unwrap_or("none");
        let ok = if want == "none" {
            differs.is_empty()
        } else {
            differs.len() == 1
                && differs[0].facts.iter().any(|p| {
                    p.kind == want
                        && case.here_has.as_deref().is_none_or(|h| p.here.as_deref().is_some_and(|x| x.contains(h)))
                        && case.there_has.as_deref().is_none_or(|t| p.there.as_deref().is_some_and(|x| x.contains(t)))
                })
        };
        if !ok {
            failures.push(format!("{}: expected {want}, got:\n{}", case.name, describe(&differs)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn format_only_changes_give_nothing() {
    let mut failures = Vec::new();
    for case in table("format_only.toml") {
        for (here, there) in [(&case.here, &case.there), (&case.there, &case.here)] {
            let swapped = Case {
                name: case.name.clone(),
                here: here.clone(),
                there: there.clone(),
                conflict: None,
                here_has: None,
                there_has: None,
            };
            let r = report(&swapped);
            let loud: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| matches!(f.kind, FindingKind::Missing | FindingKind::Differs | FindingKind::Unique))
                .collect();
            if !loud.is_empty() {
                failures.push(format!("{}: expected nothing, got:\n{}", case.name, describe(&loud)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_finding_is_weighed() {
    let case = &table("differs.toml")[4];
    let r = report(case);
    assert!(!r.findings.is_empty());
    assert!(r.findings.iter().all(|f| f.weight > 0.0 && f.weight <= 1.0), "{:?}", r.findings);
    let _ = compare;
}

/// Regression (judged sample, seed 2): against a report that words the
/// story otherwise, the version's opening phrase "In front of a sold-out
/// stadium and a national television audience" came out as missing. What an
/// article lacks is shown as a statement: a whole sentence, or a clause that
/// opens it with a subject and a verb.
#[test]
fn an_opening_phrase_the_other_report_words_otherwise_is_no_missing_finding() {
    let here = "Colts clinch a playoff spot\n\nThe Indianapolis Colts beat the Kansas City Chiefs 20-13 on Sunday in Kansas City. Andrew Luck threw two touchdown passes and the defence held on late. The win locked up a playoff spot for the Colts, who finished the season 11-5.\n";
    let there = "Colts beat Chiefs to reach playoffs\n\nIn front of a sold-out stadium and a national television audience, Andrew Luck threw two touchdown passes as the Colts beat the Chiefs 20-13 on Sunday. The Colts recorded their ninth come-from-behind win this season under interim coach Bruce Arians, who has filled in admirably while Chuck Pagano underwent treatment.\n";
    let missing = findings_of(here, there, FindingKind::Missing);
    let missing: Vec<&Finding> = missing.iter().collect();
    assert!(
        missing.iter().all(|f| f.there.as_deref().is_some_and(|t| !t.contains("national television audience"))),
        "a phrase came out as missing:\n{}",
        describe(&missing)
    );
    // The sentence the current article has nothing of is still missing.
    assert!(
        missing.iter().any(|f| f.there.as_deref().is_some_and(|t| t.starts_with("The Colts recorded their ninth"))),
        "the absent sentence is no longer missing:\n{}",
        describe(&missing)
    );
}

/// Regression (issue 11, point 3): on the seed story, the statement three
/// outlets word each their own way ("his visit was an opportunity to
/// discuss implementing the agreements", "his visit was meant to discuss
/// implementing the unspecified agreements", "his visit offered an
/// opportunity to discuss the undisclosed agreements") was listed as two
/// missing findings, and a fourth outlet's sentence about the same visit
/// that says something else ("comes a month after … a rare trip to Russia")
/// could be taken into it. One fact, three wordings, and the other apart.
#[test]
fn one_statement_worded_by_three_outlets_is_one_missing_finding() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");
    let read = |name: &str| -> storydiff::Article {
        let path = std::fs::read_dir(seeds)
            .expect("seed folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(name)))
            .expect("seed file");
        analyse(name, &std::fs::read_to_string(path).unwrap(), Format::Text).unwrap()
    };
    let current = read("000");
    let others: Vec<_> = ["001", "002", "003", "004"].iter().map(|n| read(n)).collect();
    let r = compare(&current, &others);
    let missing: Vec<&Finding> = r.findings.iter().filter(|f| f.kind == FindingKind::Missing).collect();
    let about_agreements: Vec<&&Finding> = missing
        .iter()
        .filter(|f| f.wordings.iter().any(|w| w.text.contains("discuss") && w.text.contains("agreements")))
        .collect();
    assert_eq!(about_agreements.len(), 1, "one finding for the statement:\n{}", describe(&missing));
    let versions = &about_agreements[0].versions;
    assert_eq!(versions, &["001", "002", "004"], "its wordings:\n{:?}", about_agreements[0].wordings);
    assert!(
        missing
            .iter()
            .any(|f| f.versions == ["003"] && f.there.as_deref().is_some_and(|t| t.contains("a month after"))),
        "the other statement about the visit stays its own finding:\n{}",
        describe(&missing)
    );
}

/// Regression (judged sample, seed 5, `99c7349add45`): "was injured and was
/// in stable but critical condition" came out as unique, though the other
/// report says both, in two sentences of its own ("… was injured." and
/// "… was in critical condition but stable at a Portland hospital."). A
/// passage whose names and numbers, and much of what happened, one place
/// of a version holds (a sentence, or two in a row) is said there. A
/// sentence whose news is its own stays unique.
#[test]
fn a_statement_a_version_splits_in_two_is_not_unique() {
    let here = "Bomb kills two officers at a bank\n\nA bomb exploded Friday at a bank in Woodburn, Oregon, killing two police officers. Police Chief Scott Russell, 46, was injured and was in stable but critical condition. The bomb squad had been called after a bank employee found the device. Investigators offered a $35,000 reward on Saturday for tips about the bombing.\n";
    let there = "Bomb kills two officers at a bank\n\nA bomb exploded Friday at a bank in Woodburn, Oregon, killing two police officers. Woodburn's police chief, Scott Russell, 46, was injured. Chief Russell, who has been with the department for two decades, was in critical condition but stable at a Portland hospital. The bomb squad had been called after a bank employee found the device.\n";
    let unique = findings_of(here, there, FindingKind::Unique);
    let unique: Vec<&Finding> = unique.iter().collect();
    assert!(
        unique.iter().all(|f| f.here.as_deref().is_some_and(|t| !t.contains("stable but critical"))),
        "a statement the version splits in two came out as unique:\n{}",
        describe(&unique)
    );
    assert!(
        unique.iter().any(|f| f.here.as_deref().is_some_and(|t| t.contains("$35,000 reward"))),
        "the sentence only this article has is no longer unique:\n{}",
        describe(&unique)
    );
}

/// A negation one version adds is the claim denied, shown once as a change
/// of stance: not also a missing (or unique) clause holding the "not".
#[test]
fn a_negation_one_side_adds_is_a_change_of_stance_not_a_missing_clause() {
    let here = "The board met on Thursday to discuss the budget for next year. The company will raise its prices again next spring to pay for the new plant, the chairman said.";
    let there = "The board met on Thursday to discuss the budget for next year. The company will not raise its prices again next spring to pay for the new plant, the chairman said.";
    for (current, other) in [(here, there), (there, here)] {
        let missing = findings_of(current, other, FindingKind::Missing);
        let unique = findings_of(current, other, FindingKind::Unique);
        let differs = findings_of(current, other, FindingKind::Differs);
        assert!(missing.is_empty() && unique.is_empty(), "missing {missing:?}, unique {unique:?}");
        assert_eq!(differs.len(), 1, "{differs:?}");
        assert_eq!(differs[0].facts[0].kind, storydiff::report::FactType::Claim);
    }
}
