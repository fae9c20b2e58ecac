//! Where facts go: JSON Lines or CSV (a file or stdout, with an optional
//! manifest file) or SQLite (`documents`, `facts`, `articles`). A chunk is
//! written whole, in input order; facts before the manifest rows that mark
//! their documents done, or in one transaction, so that `--resume` can tell
//! what a killed run finished.

use crate::manifest::{self, Entry, Flat, Manifest, RowWriter};
use crate::process::DocResult;
use crate::Format;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection};
use serde_json::Value;
use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Columns of CSV and SQLite facts, in order; JSON Lines has every field of the library.
pub const FACT_COLUMNS: &[&str] = &[
    "doc", "start", "end", "byte_start", "byte_end", "quantity", "value", "value_max", "unit", "kind", "approx",
    "approx_marker", "subject", "modality", "year", "since", "place", "place_code", "per", "core", "article", "sentence",
];

pub trait Sink: Send {
    fn write_chunk(&mut self, docs: &[DocResult]) -> Result<(), String>;
    fn finish(self: Box<Self>) -> Result<(), String>;
}

/// An opened output and, when resuming, the documents it already has.
pub struct Opened {
    pub sink: Box<dyn Sink>,
    pub done: HashSet<String>,
}

pub fn open(format: Format, output: Option<&Path>, manifest: Option<&Path>, resume: bool) -> Result<Opened, String> {
    match format {
        Format::Sqlite => {
            let out = output.ok_or("--format sqlite needs --output FILE")?;
            SqliteSink::open(out, manifest.map(Path::to_path_buf), resume)
        }
        Format::Jsonl | Format::Csv => {
            let flat = if format == Format::Csv { Flat::Csv } else { Flat::Jsonl };
            FlatSink::open(flat, output, manifest, resume)
        }
    }
}

/// The text of a field in CSV; `per` and other lists `;`-joined.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(";"),
        v => v.to_string(),
    }
}

fn sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n.as_i64().map(SqlValue::Integer).unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) => SqlValue::Text(s.clone()),
        v => SqlValue::Text(cell(v)),
    }
}

struct FlatSink {
    rows: RowWriter<Box<dyn Write + Send>>,
    manifest: Option<Manifest>,
}

impl FlatSink {
    fn open(flat: Flat, output: Option<&Path>, manifest: Option<&Path>, resume: bool) -> Result<Opened, String> {
        let (manifest, done) = match manifest {
            Some(m) => {
                let (m, done) = Manifest::open(m, resume)?;
                (Some(m), done)
            }
            None => (None, HashSet::new()),
        };
        let (w, existing): (Box<dyn Write + Send>, bool) = match output {
            None => (Box::new(std::io::stdout()), false),
            Some(p) => {
                let at = |e: std::io::Error| format!("{}: {e}", p.display());
                // Keep the facts of documents the manifest has; cut the rest of a killed chunk.
                let keep = if resume && p.exists() { manifest::scan(p, flat, "doc", |d| done.contains(d)).map_err(at)? } else { 0 };
                let f = OpenOptions::new().create(true).append(true).open(p).map_err(at)?;
                // Devices and pipes (`-o /dev/null`, `-o /dev/stdout`) cannot be cut.
                if f.metadata().map_err(at)?.is_file() {
                    f.set_len(keep).map_err(at)?;
                }
                (Box::new(f), keep > 0)
            }
        };
        let rows = RowWriter::new(w, flat, FACT_COLUMNS, existing).map_err(|e| e.to_string())?;
        Ok(Opened { sink: Box::new(FlatSink { rows, manifest }), done })
    }
}

impl Sink for FlatSink {
    fn write_chunk(&mut self, docs: &[DocResult]) -> Result<(), String> {
        let err = |e: std::io::Error| format!("writing output: {e}");
        for d in docs {
            match &mut self.rows {
                RowWriter::Jsonl(w) => w.write_all(&d.jsonl).map_err(err)?,
                RowWriter::Csv(c) => {
                    for f in &d.facts {
                        let cells = FACT_COLUMNS.iter().map(|k| f.get(*k).map(cell).unwrap_or_default());
                        c.write_record(cells).map_err(|e| err(e.into()))?;
                    }
                }
            }
        }
        self.rows.flush().map_err(err)?;
        if let Some(m) = &mut self.manifest {
            m.write(&mut docs.iter().map(|d| &d.entry)).map_err(|e| format!("writing manifest: {e}"))?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), String> {
        self.rows.flush().map_err(|e| format!("writing output: {e}"))
    }
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, bytes INTEGER, encoding TEXT, replaced_bytes INTEGER,
    facts INTEGER, status TEXT NOT NULL, error TEXT, reference_year INTEGER, date_source TEXT);
CREATE TABLE IF NOT EXISTS facts (
    doc_id INTEGER NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
    start INTEGER, "end" INTEGER, byte_start INTEGER, byte_end INTEGER, quantity TEXT, value NUMERIC, value_max NUMERIC,
    unit TEXT, kind TEXT, approx TEXT, approx_marker TEXT, subject TEXT, modality TEXT, year INTEGER, since INTEGER,
    place TEXT, place_code TEXT, per TEXT, core INTEGER, article INTEGER, sentence TEXT,
    PRIMARY KEY (doc_id, idx));
CREATE TABLE IF NOT EXISTS articles (
    doc_id INTEGER NOT NULL REFERENCES documents(id), idx INTEGER NOT NULL,
    start INTEGER, "end" INTEGER, byte_start INTEGER, byte_end INTEGER, headline TEXT,
    PRIMARY KEY (doc_id, idx));
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_status ON documents(status);
CREATE INDEX IF NOT EXISTS facts_place_year_subject ON facts(place, year, subject);
CREATE INDEX IF NOT EXISTS facts_year ON facts(year);
CREATE INDEX IF NOT EXISTS facts_subject ON facts(subject);
CREATE INDEX IF NOT EXISTS facts_place_code ON facts(place_code);
CREATE VIEW IF NOT EXISTS facts_by_doc AS SELECT d.path AS doc, f.* FROM facts f JOIN documents d ON d.id = f.doc_id;
"#;

struct SqliteSink {
    conn: Connection,
    manifest: Option<PathBuf>,
}

impl SqliteSink {
    fn open(path: &Path, manifest: Option<PathBuf>, resume: bool) -> Result<Opened, String> {
        let at = |e: rusqlite::Error| format!("{}: {e}", path.display());
        if !resume {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let p = PathBuf::from(format!("{}{suffix}", path.display()));
                if p.exists() {
                    std::fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                }
            }
        }
        let conn = Connection::open(path).map_err(at)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(at)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(at)?;
        conn.execute_batch(SCHEMA).map_err(at)?;
        let done = {
            let mut st = conn.prepare("SELECT path FROM documents").map_err(at)?;
            let rows = st.query_map([], |r| r.get::<_, String>(0)).map_err(at)?;
            rows.collect::<Result<HashSet<_>, _>>().map_err(at)?
        };
        Ok(Opened { sink: Box::new(SqliteSink { conn, manifest }), done })
    }
}

impl Sink for SqliteSink {
    fn write_chunk(&mut self, docs: &[DocResult]) -> Result<(), String> {
        let err = |e: rusqlite::Error| format!("writing database: {e}");
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut doc = tx.prepare_cached("INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)").map_err(err)?;
            let cols = FACT_COLUMNS[1..].iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let marks = (1..=FACT_COLUMNS.len() + 1).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
            let mut fact = tx.prepare_cached(&format!("INSERT INTO facts (doc_id, idx, {cols}) VALUES ({marks})")).map_err(err)?;
            let mut art = tx.prepare_cached("INSERT INTO articles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").map_err(err)?;
            for d in docs {
                let id = d.seq as i64 + 1;
                let e = &d.entry;
                doc.execute(params![
                    id, e.path, e.bytes as i64, e.encoding, e.replaced_bytes as i64, e.facts as i64, e.status, e.error,
                    e.reference_year, e.date_source
                ])
                .map_err(err)?;
                for (i, f) in d.facts.iter().enumerate() {
                    let mut values = vec![SqlValue::Integer(id), SqlValue::Integer(i as i64)];
                    values.extend(FACT_COLUMNS[1..].iter().map(|k| f.get(*k).map(sql).unwrap_or(SqlValue::Null)));
                    fact.execute(rusqlite::params_from_iter(values)).map_err(err)?;
                }
                for (i, a) in d.articles.iter().enumerate() {
                    art.execute(params![id, i as i64, a.start as i64, a.end as i64, a.byte_start as i64, a.byte_end as i64, a.headline])
                        .map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        let err = |e: rusqlite::Error| format!("writing database: {e}");
        if let Some(m) = &self.manifest {
            let at = |e: std::io::Error| format!("{}: {e}", m.display());
            let mut st = self.conn.prepare(&format!("SELECT {} FROM documents ORDER BY id", manifest::COLUMNS.join(", "))).map_err(err)?;
            let entries = st
                .query_map([], |r| {
                    Ok(Entry {
                        path: r.get(0)?,
                        bytes: r.get::<_, i64>(1)? as u64,
                        encoding: r.get(2)?,
                        replaced_bytes: r.get::<_, i64>(3)? as u64,
                        facts: r.get::<_, i64>(4)? as u64,
                        status: r.get(5)?,
                        error: r.get(6)?,
                        reference_year: r.get(7)?,
                        date_source: r.get(8)?,
                    })
                })
                .map_err(err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            let file = std::fs::File::create(m).map_err(at)?;
            let mut rows = RowWriter::new(file, Flat::of_manifest(m), manifest::COLUMNS, false).map_err(at)?;
            manifest::write_entries(&mut rows, &mut entries.iter()).map_err(at)?;
            rows.flush().map_err(at)?;
        }
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").map_err(err)?;
        Ok(())
    }
}
