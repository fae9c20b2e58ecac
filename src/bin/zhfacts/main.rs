//! The `zhfacts` command: a thin layer over the library.

use clap::{Parser, Subcommand};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhfacts::{DocumentInfo, Extractor};

#[derive(Parser)]
#[command(name = "zhfacts", version, about = "Quantitative facts from Chinese county news")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from files or directories (walked for *.txt), one JSON fact per line.
    Extract {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Find every number in each line of stdin: one JSON object per number.
    Numbers,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract { paths, output } => extract(&paths, output.as_deref()),
        Command::Numbers => numbers(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zhfacts: {e}");
            ExitCode::from(2)
        }
    }
}

fn collect(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
                .map(|e| e.into_path())
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn extract(paths: &[PathBuf], output: Option<&Path>) -> std::io::Result<ExitCode> {
    let extractor = Extractor::new();
    let sink: Box<dyn Write> = match output {
        Some(p) => Box::new(std::fs::File::create(p)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    let mut failed = 0;
    for path in collect(paths) {
        let name = path.to_string_lossy().to_string();
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(e)) => {
                eprintln!("zhfacts: {name}: not UTF-8: {e}");
                failed += 1;
                continue;
            }
            Err(e) => {
                eprintln!("zhfacts: {name}: {e}");
                failed += 1;
                continue;
            }
        };
        let doc = extractor.extract_with(&text, &DocumentInfo { name: Some(&name), ..Default::default() });
        for f in &doc.facts {
            let mut v = serde_json::to_value(f).expect("facts serialise");
            v.as_object_mut().unwrap().insert("doc".into(), name.clone().into());
            serde_json::to_writer(&mut out, &v)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn numbers() -> std::io::Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (line_no, line) in stdin.lock().lines().enumerate() {
        let line = line?;
        for n in zhfacts::numbers::find_numbers(&line) {
            let start = line[..n.start].chars().count();
            let end = start + n.text.chars().count();
            let row = serde_json::json!({
                "line": line_no, "start": start, "end": end, "text": n.text,
                "value": n.value, "value_max": n.value_max, "approx": n.approx,
            });
            serde_json::to_writer(&mut out, &row)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
