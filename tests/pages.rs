//! Extraction measured on Mozilla Readability's 130 test pages, kept outside
//! the repository in `../shared/pages/readability` (skipped when absent).
//!
//! Asserts the totals reached (see `docs/extraction.md`) and, per page, the
//! F1 recorded in `tests/pages_min_f1.json`, so a drop on any page fails
//! with its name. After an intended improvement, raise the file's numbers.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use storydiff::eval::{Evaluation, evaluate_dir};

fn pages_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/pages/readability");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("SKIPPED: {} is absent; the page evaluation needs the shared pages", dir.display());
        None
    }
}

/// The evaluation, run once for every test in this file.
fn evaluation() -> Option<&'static Evaluation> {
    static EVAL: OnceLock<Option<Evaluation>> = OnceLock::new();
    EVAL.get_or_init(|| pages_dir().map(|dir| evaluate_dir(&dir).expect("pages readable"))).as_ref()
}

#[test]
fn text_quality_over_article_pages() {
    let Some(eval) = evaluation() else { return };
    let t = &eval.totals;
    assert_eq!(t.pages, 130);
    // Not higher: storydiff also drops furniture that Readability's expected
    // text keeps ("Related: …", "Sign up for …", captions, pull quotes).
    assert!(t.f1 >= 0.98, "F1 over article pages {:.4} < 0.98", t.f1);
    assert!(t.mean_precision >= 0.99, "precision {:.4}", t.mean_precision);
    assert!(t.mean_recall >= 0.98, "recall {:.4}", t.mean_recall);
    assert!(t.low_pages.is_empty(), "readerable pages below F1 0.5: {:?}", t.low_pages);
}

#[test]
fn metadata_accuracy() {
    let Some(eval) = evaluation() else { return };
    let t = &eval.totals;
    let failing = |pick: fn(&storydiff::eval::PageScore) -> Option<bool>| {
        eval.pages.iter().filter(|p| pick(p) == Some(false)).map(|p| p.name.as_str()).collect::<Vec<_>>()
    };
    assert!(t.title.share() >= 0.99, "titles: {:?} wrong", failing(|p| Some(p.title_ok)));
    assert!(t.byline.share() >= 0.95, "bylines: {:?}", failing(|p| p.byline_ok));
    assert!(t.date.share() >= 0.95, "dates: {:?}", failing(|p| p.date_ok));
}

#[test]
fn readerable_agrees_and_non_articles_are_rejected() {
    let Some(eval) = evaluation() else { return };
    let wrong: Vec<_> =
        eval.pages.iter().filter(|p| p.readerable_expected != p.readerable_got).map(|p| p.name.as_str()).collect();
    assert!(wrong.is_empty(), "readerable disagrees on {wrong:?}");
    assert_eq!(eval.totals.non_articles_rejected.ok, 8);
}

#[test]
fn no_page_falls_below_its_recorded_f1() {
    let Some(eval) = evaluation() else { return };
    let recorded: BTreeMap<String, f64> = serde_json::from_str(include_str!("pages_min_f1.json")).expect("valid JSON");
    let mut drops = Vec::new();
    for page in &eval.pages {
        match recorded.get(&page.name) {
            Some(&min) if page.f1 + 1e-9 < min => {
                drops.push(format!("{}: F1 {:.4} < recorded {min}", page.name, page.f1))
            }
            Some(_) => {}
            None => drops.push(format!("{}: no recorded F1 in pages_min_f1.json", page.name)),
        }
    }
    assert!(drops.is_empty(), "per-page F1 dropped:\n{}", drops.join("\n"));
}
