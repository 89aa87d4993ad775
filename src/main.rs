//! The `storydiff` command line: `compare`, `extract`, `stories`, `eval-pages`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("storydiff: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let json = args.iter().any(|a| a == "--json");
    let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    match rest.first().map(|s| s.as_str()) {
        Some("compare") if rest.len() >= 2 => {
            let current = read(rest[1])?;
            let others = rest[2..]
                .iter()
                .map(|p| read(p))
                .collect::<Result<Vec<_>, _>>()?;
            let report = storydiff::compare(&current, &others);
            let _ = json;
            println!(
                "{}",
                serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Some("eval-pages") if rest.len() == 2 => {
            print!("{}", storydiff::eval::run(rest[1], json)?);
            Ok(())
        }
        _ => Err(
            "usage: storydiff compare CURRENT OTHER... [--json]\n       storydiff eval-pages DIR [--json]"
                .into(),
        ),
    }
}

fn read(path: &str) -> Result<storydiff::Article, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let text = storydiff::decode(&bytes).map_err(|e| format!("{path}: {e}"))?;
    let id = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    storydiff::analyse(&id, text, storydiff::Format::Auto).map_err(|e| format!("{path}: {e}"))
}
