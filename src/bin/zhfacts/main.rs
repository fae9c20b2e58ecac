//! The `zhfacts` command: a thin layer over the library.
//!
//! `extract` is the batch command researchers run over an archive: inputs
//! ([`input`]) are decoded ([`decode`]), read by the extractor in parallel
//! chunks ([`batch`], [`process`]) and written in input order to JSON Lines,
//! CSV or SQLite ([`sinks`]) with a manifest of every document
//! ([`manifest`]). `summary` tabulates such an output ([`summary`]).

mod batch;
mod decode;
mod input;
mod manifest;
mod metadata;
mod numbers;
mod panics;
mod process;
mod progress;
mod sinks;
mod summary;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "zhfacts", version, about = "Quantitative facts from Chinese county news")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from files, directories (walked recursively) or JSON Lines on stdin.
    ///
    /// Exit status: 0 every document read, 1 some failed (see the manifest), 2 usage error or
    /// the output could not be written.
    Extract(ExtractArgs),
    /// Find every number in each line of stdin: one JSON object per number.
    Numbers,
    /// Tabulate an output of `extract` (JSON Lines, CSV or SQLite) by place × year × subject.
    Summary(SummaryArgs),
}

/// Output formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
    Sqlite,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories (directories are walked recursively for --glob).
    #[arg(required_unless_present = "stdin", conflicts_with = "stdin")]
    pub paths: Vec<PathBuf>,
    /// Read JSON Lines {"id": …, "text": …, "date": …, "place": …} from stdin instead of files.
    #[arg(long)]
    pub stdin: bool,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension of --output, else jsonl).
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,
    /// Write a manifest of every document (CSV, or JSON Lines if FILE ends in .jsonl).
    /// SQLite outputs always have one: the `documents` table.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Continue a killed run against the same output (and manifest) without
    /// duplicating or losing documents.
    #[arg(long)]
    pub resume: bool,
    /// File names to take from directories.
    #[arg(long, default_value = "*.txt", value_name = "PATTERN")]
    pub glob: String,
    /// Force the input encoding (an encoding_rs label: utf-8, utf-16le, gb18030, gbk, big5 …).
    #[arg(long, value_name = "LABEL", value_parser = decode::parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// CSV of path,date,place giving each document's reference date and place.
    #[arg(long, value_name = "CSV")]
    pub metadata: Option<PathBuf>,
    /// Reference date of every document: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = metadata::parse_year)]
    pub date: Option<i32>,
    /// The place every document is about, when its text does not say.
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// Documents larger than this are recorded as failed, unread (K, M, G suffixes).
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_bytes)]
    pub max_bytes: u64,
    /// Documents larger than this are read in pieces cut at line ends (0: never).
    #[arg(long, value_name = "BYTES", default_value = "1M", value_parser = parse_bytes)]
    pub split_bytes: u64,
    /// Documents per chunk: the unit of parallel work, of output order and of resume.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..))]
    pub chunk: u64,
    /// No progress bar and no messages on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// An output of `extract`: .jsonl, .csv or a SQLite database.
    pub file: PathBuf,
    /// Print CSV instead of an aligned table.
    #[arg(long)]
    pub csv: bool,
}

/// Parses `64M`, `512K`, `1G`, `1000`.
fn parse_bytes(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mul) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mul = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                'B' => 1,
                _ => return Err(format!("unknown size suffix in {s:?}")),
            };
            (&s[..i], mul)
        }
        _ => (s, 1),
    };
    num.trim().parse::<u64>().map(|n| n * mul).map_err(|_| format!("not a size: {s:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => batch::run(args),
        Command::Numbers => numbers::run().map_err(|e| e.to_string()),
        Command::Summary(args) => summary::run(&args.file, args.csv),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zhfacts: {e}");
            ExitCode::from(2)
        }
    }
}
