//! The command line as a user runs it: its output shapes, and a one-line
//! error naming the file with a non-zero exit for every kind of bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");

fn storydiff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storydiff")).args(args).output().expect("runs")
}

fn seed(prefix: &str) -> String {
    let entry = std::fs::read_dir(SEEDS)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .expect("seed exists");
    entry.display().to_string()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("storydiff-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn assert_one_line_error(out: &Output, file: &Path, reason: &str) {
    assert!(!out.status.success(), "must fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(&file.display().to_string()), "names the file: {stderr}");
    assert!(stderr.contains(reason), "says why ({reason}): {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn compare_json_has_the_report_shape() {
    let out = storydiff(&["compare", "--json", &seed("000"), &seed("001"), &seed("003")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["current"]["id"], "000_cb3417d9ea0fa06a.txt");
    assert!(report["current"]["sentences"].as_array().unwrap().len() > 3);
    assert_eq!(report["versions"].as_array().unwrap().len(), 2);
    for finding in report["findings"].as_array().unwrap() {
        assert!(finding["kind"].is_string() && finding["versions"].is_array() && finding["facts"].is_array());
    }
}

#[test]
fn compare_for_a_terminal_groups_findings_by_kind() {
    let out = storydiff(&["compare", &seed("000"), &seed("001"), &seed("003")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("What this article leaves out"), "{text}");
    assert!(text.contains("What only this article says"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn extract_json_gives_metadata_sentences_and_facts() {
    let out = storydiff(&["extract", "--json", &seed("001")]);
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["published"], "2023-10-18");
    let sentences = article["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 10);
    assert!(sentences.iter().all(|s| s["span"]["start"].is_u64() && s["facts"].is_array()));
}

#[test]
fn stories_groups_files_and_folders() {
    let dir = scratch("stories");
    std::fs::write(dir.join("budget.txt"), include_str!("fixtures/other-stories/city-budget.txt")).unwrap();
    let out = storydiff(&["stories", "--json", SEEDS, dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stories: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups: Vec<Vec<&str>> = stories["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["members"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect())
        .collect();
    assert!(
        groups.iter().any(|g| g.len() == 5 && g.iter().all(|m| m.ends_with(".txt") && m.len() == 24)),
        "{groups:?}"
    );
    assert!(groups.contains(&vec!["budget.txt"]), "{groups:?}");
}

#[test]
fn missing_file_is_a_one_line_error() {
    let missing = Path::new("/nonexistent/article.txt");
    assert_one_line_error(&storydiff(&["compare", missing.to_str().unwrap(), &seed("001")]), missing, "No such file");
}

#[test]
fn empty_file_is_a_one_line_error() {
    let file = scratch("empty").join("empty.txt");
    std::fs::write(&file, "  \n\n ").unwrap();
    assert_one_line_error(&storydiff(&["extract", file.to_str().unwrap()]), &file, "no article text");
}

#[test]
fn binary_file_is_a_one_line_error() {
    let file = scratch("binary").join("image.png");
    std::fs::write(&file, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe]).unwrap();
    assert_one_line_error(&storydiff(&["compare", &seed("000"), file.to_str().unwrap()]), &file, "binary");
}

#[test]
fn text_that_is_not_utf8_is_read_as_windows_1252() {
    let file = scratch("latin1").join("latin1.txt");
    std::fs::write(&file, b"Caf\xe9 au lait in Z\xfcrich costs \x80 4 \x96 a \x93bargain\x94.").unwrap();
    let out = storydiff(&["extract", "--json", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["text"], "Café au lait in Zürich costs € 4 – a “bargain”.");
}

#[test]
fn enormous_file_is_a_one_line_error() {
    let file = scratch("huge").join("huge.txt");
    let line = "The council met again on Tuesday to discuss the budget. ".repeat(200);
    let text: String = std::iter::repeat_n(format!("{line}\n\n"), 800).collect();
    std::fs::write(&file, &text).unwrap();
    assert!(text.len() > storydiff::MAX_INPUT_BYTES);
    assert_one_line_error(&storydiff(&["extract", file.to_str().unwrap()]), &file, "too large");
}

#[test]
fn a_folder_where_a_file_is_expected_is_a_one_line_error() {
    let dir = scratch("folder");
    assert_one_line_error(&storydiff(&["extract", dir.to_str().unwrap()]), &dir, "directory");
}

#[test]
fn usage_errors_exit_with_two() {
    for args in [&["compare", "only-one.txt"][..], &["frobnicate"], &[], &["compare", "--colour", "a", "b"]] {
        let out = storydiff(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
    }
}

#[test]
fn html_page_is_read_as_html() {
    let file = scratch("html").join("page.html");
    std::fs::write(
        &file,
        "<!doctype html><html><head><title>Budget passes | City News</title>\
         <meta property=\"og:title\" content=\"Budget passes\"></head><body><nav>Home News Sport</nav>\
         <article><h1>Budget passes</h1><p>The city council voted on Tuesday to approve a budget that adds forty buses to the fleet.</p>\
         <p>Council members who opposed it said the plan relied on optimistic forecasts of tax revenue this year.</p>\
         <p>The mayor called the vote a win for commuters who ride the evening routes.</p></article></body></html>",
    )
    .unwrap();
    let out = storydiff(&["extract", "--json", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["title"], "Budget passes");
    assert!(!article["text"].as_str().unwrap().contains("Home News Sport"));
}

/// Issue 12 item 10: there was no `--help` or `--version`.
#[test]
fn help_and_version_exit_with_zero() {
    let out = storydiff(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for command in ["compare", "extract", "stories", "--json", "--version"] {
        assert!(help.contains(command), "{help}");
    }
    let out = storydiff(&["--version"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("storydiff {}", env!("CARGO_PKG_VERSION")));
    assert!(storydiff(&["-V"]).status.success());
}

#[test]
fn each_command_has_its_own_help() {
    for command in ["compare", "extract", "stories", "eval-pages"] {
        for args in [[command, "--help"], [command, "-h"], ["help", command]] {
            let out = storydiff(&args);
            assert!(out.status.success(), "{args:?}");
            let help = String::from_utf8_lossy(&out.stdout);
            assert!(help.starts_with(&format!("usage: storydiff {command}")), "{args:?}: {help}");
        }
    }
}

#[test]
fn usage_errors_exit_with_two_and_input_errors_with_one() {
    for args in [&["--frobnicate"][..], &["extract"], &["extract", "a", "b"], &["help", "nothing"], &["-x"]] {
        assert_eq!(storydiff(args).status.code(), Some(2), "{args:?}");
    }
    assert_eq!(storydiff(&["extract", "/no/such/file.txt"]).status.code(), Some(1));
}

#[test]
fn options_may_come_before_the_command_and_stdin_is_a_dash() {
    let out = storydiff(&["--json", "extract", &seed("000")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_storydiff"))
        .args(["extract", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"The council passed the budget on Tuesday after a long debate.").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let article: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(article["text"], "The council passed the budget on Tuesday after a long debate.");
}
