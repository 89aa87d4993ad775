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
  storydiff eval-pages DIR [--json]
  storydiff --help | --version | COMMAND --help";

const HELP: &str = "storydiff: how a news article differs from other versions of the same story

usage:
  storydiff compare CURRENT OTHER... [--json]   what CURRENT leaves out, states differently, alone says
  storydiff extract FILE [--json]               title, date, byline, body, sentences and facts
  storydiff stories PATH... [--json]            group articles (files or folders) into stories
  storydiff eval-pages DIR [--json]             score extraction on a folder of saved pages

options:
  --json           print JSON instead of text
  -h, --help       print help (after a command: that command's help)
  -V, --version    print the version

A file may be `-` for standard input. Inputs above 8 MiB are refused.
Exit status: 0 done, 1 an input could not be read or compared, 2 a usage error.";

/// The help of one command.
fn command_help(command: &str) -> Option<&'static str> {
    Some(match command {
        "compare" => {
            "usage: storydiff compare CURRENT OTHER... [--json]

Compares CURRENT with each OTHER version of the story: what CURRENT leaves
out (missing), states differently (differs), alone says (unique), writes
another way (variant), and where its title, date or byline disagree.

options:
  --json       print the report as JSON
  -h, --help   print this help"
        }
        "extract" => {
            "usage: storydiff extract FILE [--json]

Reads one article (text or HTML): title, date, byline, body, sentences and
the facts in each.

options:
  --json       print the article as JSON
  -h, --help   print this help"
        }
        "stories" => {
            "usage: storydiff stories PATH... [--json]

Groups articles into stories. Folders are walked (hidden entries, symbolic
links to folders and anything that is not a regular file are skipped).

options:
  --json       print the groups as JSON
  -h, --help   print this help"
        }
        "eval-pages" => {
            "usage: storydiff eval-pages DIR [--json]

Scores extraction against a folder of saved pages and their expected text.

options:
  --json       print the scores as JSON
  -h, --help   print this help"
        }
        _ => return None,
    })
}

/// A failure: what to print, and whether it was the command line's fault.
enum Failure {
    Usage(String),
    Input(String),
}

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1)) {
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

/// What the command line asks for.
#[derive(Debug, Default)]
struct Args {
    command: Option<String>,
    operands: Vec<String>,
    json: bool,
    help: bool,
    version: bool,
}

/// Parses the arguments (with `lexopt`): options may come anywhere, `--`
/// ends them.
fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Args, Failure> {
    use lexopt::prelude::*;
    let usage = |e: lexopt::Error| Failure::Usage(e.to_string());
    let mut parser = lexopt::Parser::from_args(args);
    let mut parsed = Args::default();
    while let Some(arg) = parser.next().map_err(usage)? {
        match arg {
            Long("json") => parsed.json = true,
            Short('h') | Long("help") => parsed.help = true,
            Short('V') | Long("version") => parsed.version = true,
            Value(value) => {
                let value = value
                    .into_string()
                    .map_err(|v| Failure::Usage(format!("{} is not valid UTF-8", Path::new(&v).display())))?;
                if parsed.command.is_none() {
                    parsed.command = Some(value);
                } else {
                    parsed.operands.push(value);
                }
            }
            // A lone `-` (standard input) comes as a value; anything else is unknown.
            other => return Err(usage(other.unexpected())),
        }
    }
    Ok(parsed)
}

fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<ExitCode, Failure> {
    let args = parse(args)?;
    if args.version {
        println!("storydiff {}", env!("CARGO_PKG_VERSION"));
        return Ok(ExitCode::SUCCESS);
    }
    let command = args.command.as_deref();
    if args.help || command == Some("help") {
        let topic = if command == Some("help") { args.operands.first().map(String::as_str) } else { command };
        match topic {
            None => println!("{HELP}"),
            Some(topic) => match command_help(topic) {
                Some(help) => println!("{help}"),
                None => return Err(Failure::Usage(format!("no command `{topic}`"))),
            },
        }
        return Ok(ExitCode::SUCCESS);
    }
    let operands: Vec<&str> = args.operands.iter().map(String::as_str).collect();
    let json = args.json;
    match (command, operands.as_slice()) {
        (Some("compare"), [current, others @ ..]) if !others.is_empty() => compare(current, others, json),
        (Some("extract"), [file]) => extract(file, json),
        (Some("stories"), paths) if !paths.is_empty() => stories(paths, json),
        (Some("eval-pages"), [dir]) => eval_pages(dir, json),
        (None, _) => Err(Failure::Usage("no command given".into())),
        (Some(command), _) if command_help(command).is_some() => Err(Failure::Usage(format!(
            "cannot run `{command}` with these arguments (see `storydiff {command} --help`)"
        ))),
        (Some(command), _) => Err(Failure::Usage(format!("unknown command `{command}`"))),
    }
}

/// Reads at most [`storydiff::MAX_INPUT_BYTES`] + 1 bytes of a regular file
/// (or of standard input for `-`): a device (`/dev/zero`), a FIFO (which
/// would block with no writer) or a socket is refused before it is opened,
/// and a file that grows or lies about its size is cut off, not read whole.
fn read_bytes(path: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let limit = storydiff::MAX_INPUT_BYTES;
    let too_large = |bytes: usize| storydiff::Error::TooLarge { bytes, limit }.to_string();
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().lock().take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    } else {
        let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
        if metadata.is_dir() {
            return Err("is a directory".into());
        }
        if !metadata.is_file() {
            return Err("not a regular file (a device, FIFO or socket); give a file, or - for standard input".into());
        }
        if metadata.len() > limit as u64 {
            return Err(too_large(usize::try_from(metadata.len()).unwrap_or(usize::MAX)));
        }
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        file.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    }
    if bytes.len() > limit {
        return Err(too_large(bytes.len()));
    }
    Ok(bytes)
}

/// Reads and analyses one file; the error names the file.
fn read(path: &str) -> Result<Article, Failure> {
    let fail = |reason: String| Failure::Input(format!("{path}: {reason}"));
    let bytes = read_bytes(path).map_err(fail)?;
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
    // The sentence budget is checked after each file, so an input far over
    // it is refused before the next one is read.
    let mut sentences = 0;
    let mut tally = |article: Article| {
        sentences += article.sentences.len();
        if sentences > storydiff::MAX_COMPARE_SENTENCES {
            let limit = storydiff::MAX_COMPARE_SENTENCES;
            return Err(Failure::Input(storydiff::Error::TooLong { sentences, limit }.to_string()));
        }
        Ok(article)
    };
    let current = tally(read(current)?)?;
    let others = others.iter().map(|p| read(p).and_then(&mut tally)).collect::<Result<Vec<_>, _>>()?;
    let report = storydiff::try_compare(&current, &others).map_err(|e| Failure::Input(e.to_string()))?;
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
/// A path given by name is taken as given (a link to a folder is walked); in
/// a folder only regular files count, and links to folders are not followed
/// (a folder linked into itself went round forever).
fn collect_files(paths: &[&str]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        let path = PathBuf::from(path);
        if *path == *"-" {
            files.push(path);
        } else if path.is_dir() {
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
        // `symlink_metadata`: a link to a folder is a link, not a folder.
        let Ok(metadata) = std::fs::symlink_metadata(&entry) else { continue };
        if metadata.is_dir() {
            walk(&entry, files)?;
        } else if metadata.is_file() || (metadata.is_symlink() && entry.metadata().is_ok_and(|m| m.is_file())) {
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
