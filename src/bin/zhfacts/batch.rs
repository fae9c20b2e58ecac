//! `zhfacts extract`: inputs streamed in chunks, each chunk read in
//! parallel and written whole in input order by a writer thread, so memory
//! holds at most a few chunks and the output is the same for any `-j`.

use crate::input::{self, Item, Source};
use crate::metadata::{Meta, Metadata};
use crate::process::{self, DocResult, Settings};
use crate::progress::Progress;
use crate::sinks::{self, Sink};
use crate::{panics, ExtractArgs, Format};
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;

/// Text held in memory by one chunk of stdin documents, at most.
const CHUNK_TEXT_BYTES: usize = 64 << 20;

fn infer_format(output: Option<&Path>) -> Format {
    match output.and_then(|p| p.extension()).and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => Format::Csv,
        Some("db" | "sqlite" | "sqlite3") => Format::Sqlite,
        _ => Format::Jsonl,
    }
}

#[derive(Default)]
struct Totals {
    docs: u64,
    failed: u64,
    facts: u64,
    bytes: u64,
}

pub fn run(args: ExtractArgs) -> Result<ExitCode, String> {
    let format = args.format.unwrap_or_else(|| infer_format(args.output.as_deref()));
    if args.resume {
        if args.output.is_none() {
            return Err("--resume needs --output FILE".into());
        }
        if format != Format::Sqlite && args.manifest.is_none() {
            return Err("--resume with jsonl or csv output needs the run's --manifest FILE".into());
        }
    }
    panics::install_quiet_hook();
    let metadata = match &args.metadata {
        Some(p) => Metadata::load(p)?,
        None => Metadata::default(),
    };
    let settings = Settings {
        extractor: zhfacts::Extractor::new(),
        encoding: args.encoding,
        max_bytes: args.max_bytes,
        split_bytes: args.split_bytes,
        metadata,
        default: Meta { year: args.date, place: args.place.clone() },
        test_panic: std::env::var("ZHFACTS_TEST_PANIC").ok().filter(|s| !s.is_empty()),
        jsonl: format == Format::Jsonl,
    };
    let sinks::Opened { sink, done } = sinks::open(format, args.output.as_deref(), args.manifest.as_deref(), args.resume)?;
    let jobs = if args.jobs == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { args.jobs };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(|e| e.to_string())?;

    let progress = Progress::new(args.quiet);
    let mut items: Box<dyn Iterator<Item = (String, Source)>> = if args.stdin {
        Box::new(input::json_lines(std::io::stdin().lock()))
    } else {
        let (paths, glob) = (args.paths.clone(), args.glob.clone());
        progress.total_from(move || input::walk(paths, glob).count() as u64);
        Box::new(input::walk(args.paths.clone(), args.glob.clone()))
    };

    // The writer: one chunk in flight while the next is read.
    let (tx, rx) = mpsc::sync_channel::<(u64, Vec<DocResult>)>(1);
    let writer = std::thread::spawn(move || write_all(sink, rx, progress));

    let (mut seq, mut skipped, mut skipped_sent) = (0u64, 0u64, 0u64);
    let mut exhausted = false;
    while !exhausted {
        let (mut chunk, mut held) = (Vec::new(), 0usize);
        while (chunk.len() as u64) < args.chunk && held < CHUNK_TEXT_BYTES {
            let Some((path, source)) = items.next() else {
                exhausted = true;
                break;
            };
            seq += 1;
            if done.contains(&path) {
                skipped += 1;
                continue;
            }
            let item = Item { seq: seq - 1, path, source };
            held += item.held_bytes();
            chunk.push(item);
        }
        if chunk.is_empty() && skipped == skipped_sent {
            continue;
        }
        let results: Vec<DocResult> = pool.install(|| chunk.into_par_iter().map(|it| process::process(it, &settings)).collect());
        let newly_skipped = skipped - std::mem::replace(&mut skipped_sent, skipped);
        if tx.send((newly_skipped, results)).is_err() {
            break; // the writer failed; its error is reported below
        }
    }
    drop(tx);
    let totals = writer.join().map_err(|_| "the writer thread panicked".to_string())??;
    if !args.quiet {
        let resumed = if skipped == 0 { String::new() } else { format!(", {skipped} already done") };
        eprintln!(
            "zhfacts: {} documents ({} failed{resumed}), {} facts, {:.1} MB",
            totals.docs,
            totals.failed,
            totals.facts,
            totals.bytes as f64 / 1e6
        );
    }
    Ok(if totals.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn write_all(mut sink: Box<dyn Sink>, rx: mpsc::Receiver<(u64, Vec<DocResult>)>, mut progress: Progress) -> Result<Totals, String> {
    let mut t = Totals::default();
    for (skipped, chunk) in rx {
        sink.write_chunk(&chunk)?;
        let mut bytes = 0;
        for d in &chunk {
            let e = &d.entry;
            bytes += e.bytes;
            t.facts += e.facts;
            if e.failed() {
                t.failed += 1;
                progress.say(&format!("zhfacts: {}: {}", e.path, e.error.as_deref().unwrap_or("failed")));
            }
        }
        t.docs += chunk.len() as u64;
        t.bytes += bytes;
        progress.advance(skipped + chunk.len() as u64, bytes);
    }
    progress.finish();
    sink.finish()?;
    Ok(t)
}
