//! The manifest: one row per document (path, bytes, encoding, replaced
//! bytes, facts, status, error), as CSV or JSON Lines, and the scan of an
//! earlier run's files that `--resume` starts from.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// A document's row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub bytes: u64,
    pub encoding: Option<String>,
    pub replaced_bytes: u64,
    pub facts: u64,
    /// `ok` or `failed`.
    pub status: String,
    pub error: Option<String>,
    pub reference_year: Option<i32>,
    /// `given`, `file_name`, `text` or `unknown`.
    pub date_source: Option<String>,
}

impl Entry {
    pub fn new(path: String) -> Entry {
        Entry { path, bytes: 0, encoding: None, replaced_bytes: 0, facts: 0, status: "ok".into(), error: None, reference_year: None, date_source: None }
    }

    pub fn fail(&mut self, error: String) {
        self.status = "failed".into();
        self.error = Some(error);
    }

    pub fn failed(&self) -> bool {
        self.status != "ok"
    }
}

/// CSV or JSON Lines, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flat {
    Csv,
    Jsonl,
}

impl Flat {
    pub fn of_manifest(path: &Path) -> Flat {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("jsonl" | "json" | "ndjson") => Flat::Jsonl,
            _ => Flat::Csv,
        }
    }
}

/// Rows written one after the other, CSV or JSON Lines (the CSV writer,
/// with its buffer state, boxed: the enum stays small).
pub enum RowWriter<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(BufWriter<W>),
}

impl<W: Write> RowWriter<W> {
    /// `header`: the CSV header, written unless `append_to_existing`.
    pub fn new(w: W, flat: Flat, header: &[&str], append_to_existing: bool) -> std::io::Result<RowWriter<W>> {
        Ok(match flat {
            Flat::Jsonl => RowWriter::Jsonl(BufWriter::with_capacity(1 << 16, w)),
            Flat::Csv => {
                let mut c = csv::WriterBuilder::new().has_headers(false).from_writer(w);
                if !append_to_existing {
                    c.write_record(header)?;
                }
                RowWriter::Csv(Box::new(c))
            }
        })
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        match self {
            RowWriter::Csv(c) => c.flush(),
            RowWriter::Jsonl(w) => w.flush(),
        }
    }
}

pub const COLUMNS: &[&str] = &["path", "bytes", "encoding", "replaced_bytes", "facts", "status", "error", "reference_year", "date_source"];

/// The `--manifest` file.
pub struct Manifest {
    rows: RowWriter<File>,
}

impl Manifest {
    /// Creates the manifest, or with `resume` keeps its complete rows (whose
    /// paths are returned) and cuts off a partial last one.
    pub fn open(path: &Path, resume: bool) -> Result<(Manifest, HashSet<String>), String> {
        let flat = Flat::of_manifest(path);
        let mut done = HashSet::new();
        let at = |e: std::io::Error| format!("{}: {e}", path.display());
        let keep = if resume && path.exists() {
            let end = scan(path, flat, "path", |p| {
                done.insert(p.to_string());
                true
            })
            .map_err(at)?;
            truncate(path, end).map_err(at)?;
            end
        } else {
            0
        };
        let file = OpenOptions::new().create(true).append(true).truncate(false).open(path).map_err(at)?;
        if keep == 0 && file.metadata().map_err(at)?.is_file() {
            file.set_len(0).map_err(at)?;
        }
        Ok((Manifest { rows: RowWriter::new(file, flat, COLUMNS, keep > 0).map_err(at)? }, done))
    }

    pub fn write(&mut self, entries: &mut dyn Iterator<Item = &Entry>) -> std::io::Result<()> {
        write_entries(&mut self.rows, entries)?;
        self.rows.flush()
    }
}

/// Writes manifest rows.
pub fn write_entries<W: Write>(rows: &mut RowWriter<W>, entries: &mut dyn Iterator<Item = &Entry>) -> std::io::Result<()> {
    for e in entries {
        match rows {
            RowWriter::Csv(c) => c.serialize(e)?,
            RowWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, e)?;
                w.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

/// Reads the complete records of a CSV or JSON Lines file in order while
/// `keep(record[key])` holds; returns the byte length of that prefix
/// (header included). A record counts as complete only once its line ends.
pub fn scan(path: &Path, flat: Flat, key: &str, mut keep: impl FnMut(&str) -> bool) -> std::io::Result<u64> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let ends_in_newline = len > 0 && {
        file.seek(SeekFrom::Start(len - 1))?;
        let mut b = [0u8];
        file.read_exact(&mut b)?;
        file.seek(SeekFrom::Start(0))?;
        b[0] == b'\n'
    };
    let mut good = 0u64;
    match flat {
        Flat::Jsonl => {
            let mut r = BufReader::with_capacity(1 << 16, file);
            let mut line = Vec::new();
            loop {
                line.clear();
                let n = r.read_until(b'\n', &mut line)?;
                if n == 0 || line.last() != Some(&b'\n') {
                    break;
                }
                let v: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(&line) {
                    Ok(v) => v,
                    Err(_) => break,
                };
                match v.get(key).and_then(|k| k.as_str()) {
                    Some(k) if keep(k) => good += n as u64,
                    _ => break,
                }
            }
        }
        Flat::Csv => {
            let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(BufReader::with_capacity(1 << 16, file));
            let mut rec = csv::StringRecord::new();
            let (mut col, mut width) = (None, 0);
            // A cut-off record may be malformed or short: it ends the complete prefix.
            while let Ok(true) = r.read_record(&mut rec) {
                let end = r.position().byte();
                if (end == len && !ends_in_newline) || (col.is_some() && rec.len() != width) {
                    break;
                }
                match col {
                    None => match rec.iter().position(|h| h == key) {
                        Some(c) => (col, width) = (Some(c), rec.len()),
                        None => break,
                    },
                    Some(c) => match rec.get(c) {
                        Some(k) if keep(k) => {}
                        _ => break,
                    },
                }
                good = end;
            }
        }
    }
    Ok(good)
}

pub fn truncate(path: &Path, len: u64) -> std::io::Result<()> {
    OpenOptions::new().write(true).open(path)?.set_len(len)
}
