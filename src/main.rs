//! The `storydiff` command line.
//!
//! ```text
//! storydiff compare CURRENT OTHER... [--json]   what CURRENT leaves out, states differently, alone says
//! storydiff extract FILE [--json]               title, date, byline, body, sentences and facts
//! storydiff stories PATH... [--json]            group articles (files or folders) into stories
//! ```
//! Errors are one line naming the file and the reason, with exit status 1;
//! usage errors exit with 2.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use storydiff::report::{Finding, FindingKind, Report};
use storydiff::{Article, Format};

mod terminal;

const USAGE: &str = "usage:
  storydiff compare CURRENT OTHER... [--json]
  storydiff extract FILE [--json]
  storydiff stories PATH... [--json]
  storydiff eval-pages DIR [--json]";

/// A failure: what to print, and whether it was the command line's fault.
enum Failure {
    Usage(String),
    Input(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("storydiff: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(message)) => {
            eprintln!("storydiff: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let json = args.iter().any(|a| a == "--json");
    if let Some(flag) = args.iter().find(|a| a.starts_with("--") && *a != "--json") {
        return Err(Failure::Usage(format!("unknown option {flag}")));
    }
    let words: Vec<&str> = args.iter().filter(|a| *a != "--json").map(String::as_str).collect();
    match words.as_slice() {
        ["compare", current, others @ ..] if !others.is_empty() => compare(current, others, json),
        ["extract", file] => extract(file, json),
        ["stories", paths @ ..] if !paths.is_empty() => stories(paths, json),
        ["eval-pages", dir] => eval_pages(dir, json),
        ["help" | "-h" | "--help"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        [] => Err(Failure::Usage("no command given".into())),
        [command, ..] => Err(Failure::Usage(format!("cannot run `{command}` with these arguments"))),
    }
}

/// Reads and analyses one file; the error names the file.
fn read(path: &str) -> Result<Article, Failure> {
    let fail = |reason: String| Failure::Input(format!("{path}: {reason}"));
    let metadata = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if metadata.is_dir() {
        return Err(fail("is a directory".into()));
    }
    if metadata.len() > storydiff::MAX_INPUT_BYTES as u64 {
        return Err(fail(
            storydiff::Error::TooLarge { bytes: metadata.len() as usize, limit: storydiff::MAX_INPUT_BYTES }
                .to_string(),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let text = storydiff::decode(&bytes).map_err(|e| fail(e.to_string()))?;
    storydiff::analyse(&file_name(Path::new(path)), &text, Format::Auto).map_err(|e| fail(e.to_string()))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure::Input(e.to_string()))?;
    println!("{text}");
    Ok(())
}

fn compare(current: &str, others: &[&str], json: bool) -> Result<ExitCode, Failure> {
    let current = read(current)?;
    let others = others.iter().map(|p| read(p)).collect::<Result<Vec<_>, _>>()?;
    let report = storydiff::compare(&current, &others);
    if json {
        print_json(&report)?;
    } else {
        print!("{}", terminal::render_report(&report, colour()));
    }
    Ok(ExitCode::SUCCESS)
}

fn extract(path: &str, json: bool) -> Result<ExitCode, Failure> {
    let article = read(path)?;
    if json {
        print_json(&article)?;
    } else {
        print!("{}", terminal::render_article(&article, colour()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Every file under `paths` (folders walked, hidden entries skipped), sorted.
fn collect_files(paths: &[&str]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        let path = PathBuf::from(path);
        if path.is_dir() {
            walk(&path, &mut files).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
        } else if path.exists() {
            files.push(path);
        } else {
            return Err(Failure::Input(format!("{}: no such file or directory", path.display())));
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for entry in entries {
        if file_name(&entry).starts_with('.') {
            continue;
        }
        if entry.is_dir() {
            walk(&entry, files)?;
        } else {
            files.push(entry);
        }
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct Stories {
    stories: Vec<Story>,
    /// Files that could not be read, each with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<String>,
}

#[derive(serde::Serialize)]
struct Story {
    members: Vec<String>,
    /// Each member's similarity to the first.
    similarity: Vec<f64>,
}

fn stories(paths: &[&str], json: bool) -> Result<ExitCode, Failure> {
    let files = collect_files(paths)?;
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for file in &files {
        match read(&file.display().to_string()) {
            Ok(mut article) => {
                article.id = file.display().to_string();
                articles.push(article);
            }
            Err(Failure::Input(message) | Failure::Usage(message)) => errors.push(message),
        }
    }
    let groups = storydiff::story::group(&articles);
    let stories = Stories {
        stories: groups
            .iter()
            .map(|members| Story {
                members: members.iter().map(|&i| file_name(Path::new(&articles[i].id))).collect(),
                similarity: members
                    .iter()
                    .map(|&i| {
                        let score = if i == members[0] {
                            1.0
                        } else {
                            storydiff::story::similarity(&articles[members[0]], &articles[i])
                        };
                        (score * 1000.0).round() / 1000.0
                    })
                    .collect(),
            })
            .collect(),
        errors,
    };
    for error in &stories.errors {
        eprintln!("storydiff: {error}");
    }
    if json {
        print_json(&stories)?;
    } else {
        for (n, story) in stories.stories.iter().enumerate() {
            println!("story {} ({} versions)", n + 1, story.members.len());
            for (member, similarity) in story.members.iter().zip(&story.similarity) {
                println!("  {similarity:.2}  {member}");
            }
        }
    }
    Ok(if stories.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(not(target_arch = "wasm32"))]
fn eval_pages(dir: &str, json: bool) -> Result<ExitCode, Failure> {
    let text = storydiff::eval::run(dir, json).map_err(Failure::Input)?;
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The command line is not built for the browser; this keeps it compiling
/// when the wasm tests build every target.
#[cfg(target_arch = "wasm32")]
fn eval_pages(_dir: &str, _json: bool) -> Result<ExitCode, Failure> {
    Err(Failure::Usage("eval-pages needs a file system".into()))
}

/// Kind names as the report shows them.
pub(crate) fn kind_name(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Missing => "missing",
        FindingKind::Differs => "differs",
        FindingKind::Unique => "unique",
        FindingKind::Variant => "variant",
        FindingKind::Metadata => "metadata",
    }
}

/// Findings of one kind, in report order.
pub(crate) fn of_kind(report: &Report, kind: FindingKind) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.kind == kind).collect()
}
