//! The library's rules on the seed story (five versions) among other stories,
//! and on synthetic matches for the limits.

use super::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const SEEDS: [&str; 5] = [
    "000_cb3417d9ea0fa06a.txt",
    "001_26a6235fd37e7cc5.txt",
    "002_ec224b497d2decf6.txt",
    "003_21b689914c6dfc28.txt",
    "004_294208864dd86ac8.txt",
];
const OTHERS: [&str; 3] = ["city-budget.txt", "missile-launch.txt", "putin-pyongyang-pact.txt"];

fn text(path: &str) -> String {
    let raw = std::fs::read_to_string(format!("{FIXTURES}/{path}")).expect("fixture");
    crate::analyse(path, &raw, crate::Format::Text).expect("article").text
}

fn version(id: &str, key: &str, revision: u32, hash: &str, text: String) -> Version {
    Version {
        meta: Meta { id: id.into(), key: key.into(), revision, hash: hash.into() },
        title: None,
        published: None,
        byline: None,
        site: None,
        text,
        set_aside: Vec::new(),
    }
}

/// The seeds (ids `s0`..`s4`, one URL each) and the other stories (`o0`..`o2`),
/// added to a library and indexed.
fn shelf() -> (Library, MemoryPostings) {
    let mut library = Library::new();
    let mut postings = MemoryPostings::new();
    let texts = SEEDS.iter().map(|s| format!("seeds/{s}")).chain(OTHERS.iter().map(|o| format!("other-stories/{o}")));
    for (i, path) in texts.enumerate() {
        let id = if i < 5 { format!("s{i}") } else { format!("o{}", i - 5) };
        let added = library.add(&version(&id, &format!("https://{id}.example/a"), 1, &id, text(&path))).unwrap();
        postings.insert(&id, &added.postings);
    }
    (library, postings)
}

fn ids(candidates: &[Candidate], reason: Reason) -> Vec<&str> {
    candidates.iter().filter(|c| c.reason == reason).map(|c| c.id.as_str()).collect()
}

/// Holds `meta` with a copy of `like`'s profile, for rules on made-up matches.
fn hold_as(library: &mut Library, like: &str, meta: Meta) {
    let profile = library.profiles[like].profile.clone();
    library.profiles.insert(meta.id.clone(), Known { meta, profile, used: 0 });
}

#[test]
fn the_seeds_are_found_and_compared_the_other_stories_are_not() {
    let (mut library, postings) = shelf();
    let found = library.lookup("s0", &postings).unwrap();
    let same: Vec<&str> = found.iter().filter(|m| m.same_story).map(|m| m.id.as_str()).collect();
    for seed in ["s1", "s2", "s3", "s4"] {
        assert!(same.contains(&seed), "{seed} not judged the same story: {found:?}");
    }
    assert!(found.iter().filter(|m| m.id.starts_with('o')).all(|m| !m.same_story), "{found:?}");
    let candidates = library.candidates("s0", &Context::default(), &found).unwrap();
    let mut compared: Vec<&str> = candidates.iter().filter(|c| c.included).map(|c| c.id.as_str()).collect();
    compared.sort_unstable();
    assert_eq!(compared, ["s1", "s2", "s3", "s4"]);
    assert!(candidates.iter().filter(|c| c.included).all(|c| c.reason == Reason::Matched));
}

#[test]
fn a_persisted_profile_answers_as_the_analysed_article_did() {
    let (mut library, postings) = shelf();
    let before = library.lookup("s2", &postings).unwrap();
    // A woken background: only the profiles, from their persisted bytes.
    let mut woken = Library::new();
    let ids: Vec<String> = library.profiles.keys().cloned().collect();
    for id in &ids {
        let known = &library.profiles[id];
        let bytes = codec::to_bytes(&known.profile).unwrap();
        woken.add_profile(known.meta.clone(), &bytes).unwrap();
    }
    assert_eq!(woken.held().1, 0, "no text was analysed");
    assert_eq!(woken.lookup("s2", &postings).unwrap(), before);
}

#[test]
fn bad_persisted_bytes_are_an_error() {
    let mut library = Library::new();
    let meta = Meta { id: "x".into(), key: "k".into(), revision: 1, hash: String::new() };
    assert!(library.add_profile(meta.clone(), &[]).is_err());
    assert!(library.add_profile(meta, &[0xff; 40]).is_err());
    assert!(!library.has_profile("x"));
}

#[test]
fn only_the_newest_earlier_revisions_are_compared_and_never_later_ones() {
    let (mut library, _) = shelf();
    let key = "https://s0.example/a";
    let revisions: Vec<Meta> =
        (1..=9).map(|r| Meta { id: format!("r{r}"), key: key.into(), revision: r, hash: format!("h{r}") }).collect();
    for meta in &revisions {
        hold_as(&mut library, "s0", meta.clone());
    }
    let context = Context { revisions: revisions.clone(), links: Vec::new() };
    let candidates = library.candidates("r8", &context, &[]).unwrap();
    assert_eq!(ids(&candidates, Reason::Revision), ["r7", "r6", "r5", "r4", "r3"]);
    assert!(candidates.iter().all(|c| c.included));
    // A match on the same URL is a revision, never a second "same story".
    let same_url = Match { id: "r2".into(), similarity: 0.9, same_story: true };
    let candidates = library.candidates("r8", &context, &[same_url]).unwrap();
    assert!(!candidates.iter().any(|c| c.id == "r2"));
}

#[test]
fn the_readers_links_override_the_matcher() {
    let (mut library, postings) = shelf();
    let found = library.lookup("s0", &postings).unwrap();
    let context = Context {
        revisions: Vec::new(),
        links: vec![
            Link { version: "o1".into(), state: LinkState::Linked },
            Link { version: "s3".into(), state: LinkState::Unlinked },
        ],
    };
    let candidates = library.candidates("s0", &context, &found).unwrap();
    let o1 = candidates.iter().find(|c| c.id == "o1").expect("linked version listed");
    assert_eq!((o1.reason, o1.included), (Reason::Linked, true));
    let s3 = candidates.iter().find(|c| c.id == "s3").expect("unlinked version listed");
    assert_eq!((s3.reason, s3.included), (Reason::Unlinked, false));
}

#[test]
fn a_copy_of_a_text_already_compared_is_listed_not_compared() {
    let (mut library, _) = shelf();
    // s1 stored again on two other sites, and once with the current text.
    for (id, hash) in [("c1", "s1"), ("c2", "s1"), ("c0", "s0")] {
        hold_as(
            &mut library,
            id.replace('c', "s").as_str(),
            Meta { id: id.into(), key: format!("https://{id}.example/a"), revision: 1, hash: hash.into() },
        );
    }
    let matches: Vec<Match> = ["s1", "c1", "c2", "c0"]
        .iter()
        .map(|id| Match { id: (*id).into(), similarity: 0.8, same_story: true })
        .collect();
    let candidates = library.candidates("s0", &Context::default(), &matches).unwrap();
    assert_eq!(ids(&candidates, Reason::Matched), ["s1"]);
    assert_eq!(ids(&candidates, Reason::SameText), ["c1", "c2", "c0"]);
    assert!(candidates.iter().filter(|c| c.reason == Reason::SameText).all(|c| !c.included));
}

#[test]
fn at_most_the_limit_of_other_urls_is_compared_near_misses_offered_far_ones_dropped() {
    let (mut library, _) = shelf();
    let mut matches = Vec::new();
    for i in 0..COMPARE_LIMIT + 5 {
        let id = format!("m{i}");
        hold_as(
            &mut library,
            "s1",
            Meta { id: id.clone(), key: format!("https://m{i}/"), revision: 1, hash: id.clone() },
        );
        matches.push(Match { id, similarity: 0.9 - i as f64 * 0.01, same_story: true });
    }
    for (id, similarity) in [("near", CANDIDATE_SIMILARITY + 0.01), ("far", CANDIDATE_SIMILARITY - 0.01)] {
        hold_as(
            &mut library,
            "o0",
            Meta { id: id.into(), key: format!("https://{id}/"), revision: 1, hash: id.into() },
        );
        matches.push(Match { id: id.into(), similarity, same_story: false });
    }
    let candidates = library.candidates("s0", &Context::default(), &matches).unwrap();
    assert_eq!(candidates.iter().filter(|c| c.included).count(), COMPARE_LIMIT);
    // Same story past the limit: still listed, not compared.
    assert!(candidates.iter().any(|c| c.id == format!("m{}", COMPARE_LIMIT) && !c.included));
    assert_eq!(ids(&candidates, Reason::Similar), ["near"]);
}

#[test]
fn one_revision_per_other_url_is_compared() {
    let (mut library, _) = shelf();
    for r in 1..=2 {
        hold_as(
            &mut library,
            "s1",
            Meta { id: format!("x{r}"), key: "https://x/".into(), revision: r, hash: format!("x{r}") },
        );
    }
    let matches: Vec<Match> =
        ["x2", "x1"].iter().map(|id| Match { id: (*id).into(), similarity: 0.8, same_story: true }).collect();
    let candidates = library.candidates("s0", &Context::default(), &matches).unwrap();
    assert_eq!(candidates.iter().filter(|c| c.included).map(|c| c.id.as_str()).collect::<Vec<_>>(), ["x2"]);
}

#[test]
fn comparing_by_id_gives_the_report_of_comparing_the_texts() {
    let (mut library, postings) = shelf();
    let found = library.lookup("s0", &postings).unwrap();
    let candidates = library.candidates("s0", &Context::default(), &found).unwrap();
    let report = library.compare("s0", &candidates).unwrap();
    let included: Vec<&Candidate> = candidates.iter().filter(|c| c.included).collect();
    assert_eq!(report.versions.len(), included.len());
    assert!(report.versions.iter().all(|v| v.same_story));
    let current = library.article("s0").unwrap().clone();
    let versions: Vec<Article> = included.iter().map(|c| library.article(&c.id).unwrap().clone()).collect();
    let direct = crate::compare(&current, &versions);
    assert!(!report.findings.is_empty());
    assert_eq!(report.findings, direct.findings);
}

#[test]
fn comparing_with_a_version_not_analysed_is_a_clear_error() {
    let (mut library, _) = shelf();
    hold_as(&mut library, "s1", Meta { id: "p".into(), key: "https://p/".into(), revision: 1, hash: "p".into() });
    let candidates = vec![Candidate { id: "p".into(), reason: Reason::Matched, included: true, similarity: Some(0.5) }];
    assert_eq!(library.missing_articles("s0", &candidates), ["p"]);
    let error = library.compare("s0", &candidates).unwrap_err();
    assert!(error.to_string().contains("not analysed yet: p"), "{error}");
}

#[test]
fn asking_about_an_unknown_version_is_an_error() {
    let (library, postings) = shelf();
    assert!(library.query_postings("nobody").is_err());
    assert!(library.candidates("nobody", &Context::default(), &[]).is_err());
    let _ = postings;
}

#[test]
fn the_walk_reads_the_rarest_lists_within_budget() {
    // 60 keys with counts 1..=60 among 1000 indexed: the 48 rarest at most,
    // the common ones (over 50) only among the always-read first 8.
    let keys: Vec<u32> = (0..60).rev().collect();
    let counts: Vec<usize> = (0..60).rev().map(|k| k as usize + 1).collect();
    let plan = Library::walk_plan(&keys, &counts, 1000, false);
    assert_eq!(plan.len(), story::QUERY_TERMS);
    assert_eq!(plan[0], 0, "the rarest first");
    let unheld = Library::walk_plan(&[1, 2], &[0, 0], 1000, false);
    assert!(Library::walk_plan(&[1], &[1], 1000, true).is_empty(), "a term only the article itself holds is not read");
    assert!(unheld.is_empty(), "keys no version holds are not read");
}

#[test]
fn memory_stays_bounded() {
    let mut library = Library::new();
    let body = text("seeds/000_cb3417d9ea0fa06a.txt");
    for i in 0..KEPT_ARTICLES * 2 {
        library.add(&version(&format!("v{i}"), &format!("k{i}"), 1, "", body.clone())).unwrap();
    }
    let (profiles, articles) = library.held();
    assert!(articles <= KEPT_ARTICLES, "{articles} articles held");
    assert!(profiles >= articles);
    assert!(library.has_article(&format!("v{}", KEPT_ARTICLES * 2 - 1)), "the newest is held");
}

#[test]
fn removed_versions_are_forgotten() {
    let (mut library, mut postings) = shelf();
    assert!(library.remove("s1"));
    postings.remove("s1");
    assert!(!library.has_profile("s1") && !library.has_article("s1"));
    let found = library.lookup("s0", &postings).unwrap();
    assert!(!found.iter().any(|m| m.id == "s1"));
    assert!(!library.remove("s1"));
}

#[test]
fn the_format_names_the_profile_version() {
    assert!(format().contains(&format!("profile-{PROFILE_VERSION}")));
}

#[test]
fn indexing_without_facts_makes_the_same_profile_as_analysing() {
    for path in SEEDS.iter().map(|s| format!("seeds/{s}")).chain(OTHERS.iter().map(|o| format!("other-stories/{o}"))) {
        let mut v = version("v", "k", 1, "", text(&path));
        v.title = Some("A title, with words".into());
        let analysed = Library::new().add(&v).unwrap();
        let indexed = Library::new().add_indexed(&v).unwrap();
        assert_eq!(analysed.profile, indexed.profile, "{path}");
        assert_eq!(analysed.postings, indexed.postings, "{path}");
    }
    assert!(Library::new().add_indexed(&version("e", "k", 1, "", " \n\n ".into())).is_err());
}

/// Broke: the library made its profiles without the publication day, so two
/// reports years apart weighed as if of one week (the command line's
/// grouping saw the dates, the extension's did not).
#[test]
fn a_stored_profile_keeps_its_publication_day_and_it_weighs() {
    let similarity_dated = |first: Option<&str>, second: Option<&str>, indexed: bool| {
        let mut library = Library::new();
        for (id, path, published) in
            [("a", "seeds/001_26a6235fd37e7cc5.txt", first), ("b", "seeds/002_ec224b497d2decf6.txt", second)]
        {
            let mut stored = version(id, &format!("https://{id}.example/a"), 1, id, text(path));
            stored.published = published.map(str::to_string);
            let persisted = if indexed { library.add_indexed(&stored) } else { library.add(&stored) }.unwrap();
            let kept: Profile = codec::from_bytes(&persisted.profile).unwrap();
            assert_eq!(kept, library.profiles[id].profile, "the persisted profile is the one held");
        }
        library.similarity("a", "b").unwrap()
    };
    for indexed in [false, true] {
        let undated = similarity_dated(None, None, indexed);
        let same_week = similarity_dated(Some("2024-06-19"), Some("2024-06-21"), indexed);
        let years_apart = similarity_dated(Some("2022-06-19"), Some("2024-06-21"), indexed);
        assert_eq!(undated, same_week, "dates a week apart do not weigh");
        assert!(years_apart < 0.8 * undated, "years apart weigh: {years_apart} against {undated}");
    }
}

/// A version keeps the lines its page set aside as layout (a subheading
/// alone between paragraphs): the library compares it as the command line
/// does, so a copy that joins the subheading to the text differs in nothing.
#[test]
fn a_version_keeps_the_lines_its_page_set_aside() {
    let alone = "The council met on Monday to decide the future of the old harbour warehouses, which have stood empty for a decade and a half.\n\nA Plan For The Waterfront\n\nThe mayor proposed turning the largest warehouse into a public market with room for forty stalls and a covered square.";
    let joined = alone.replace("Waterfront\n\nThe", "Waterfront The");
    let read = |id: &str, text: &str| crate::analyse(id, text, crate::Format::Text).unwrap();
    let (alone, joined) = (read("alone", alone), read("joined", &joined));
    assert_eq!(alone.set_aside.len(), 1, "the subheading is set aside: {:?}", alone.set_aside);
    let mut library = Library::new();
    for (id, article) in [("alone", &alone), ("joined", &joined)] {
        let mut v = version(id, &format!("https://{id}.example/a"), 1, id, article.text.clone());
        v.set_aside = article.set_aside.clone();
        library.add(&v).unwrap();
    }
    let candidates = [Candidate { id: "joined".into(), reason: Reason::Linked, included: true, similarity: None }];
    let report = library.compare("alone", &candidates).unwrap();
    let loud: Vec<_> = report
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                crate::report::FindingKind::Missing
                    | crate::report::FindingKind::Unique
                    | crate::report::FindingKind::Differs
            )
        })
        .collect();
    assert!(loud.is_empty(), "{loud:?}");
}
