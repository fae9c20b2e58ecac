//! `--resume` after `kill -9`: the same SQLite contents, and the same JSON
//! Lines and manifest, as an uninterrupted run; nothing duplicated or lost.

mod cli_common;
use cli_common::*;
use rusqlite::Connection;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const DOCS: usize = 1500;

fn archive(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..DOCS {
        std::fs::write(dir.join(format!("2020-{:02}-01_{i:05}.txt", i % 12 + 1)), page(i).repeat(3)).unwrap();
    }
}

/// Every row of every table, in key order, as text.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut out = Vec::new();
    for (table, key) in [("documents", "id"), ("facts", "doc_id, idx"), ("articles", "doc_id, idx")] {
        let mut st = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {key}")).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
                Ok(format!("{table}: {}", cells.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn count(db: &Path) -> usize {
    Connection::open(db)
        .and_then(|c| c.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0)))
        .map_or(0, |n| n as usize)
}

/// Starts `args`, waits until `progress()` reaches `at`, then SIGKILLs it; true if it was killed midway.
fn kill_midway(args: &[&str], progress: impl Fn() -> usize, at: usize) -> bool {
    let mut child = bin().args(args).stdin(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let t = Instant::now();
    while progress() < at && t.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    true
}

#[test]
fn sqlite_killed_and_resumed_equals_uninterrupted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    archive(&dir);
    let (whole, killed) = (tmp.path().join("whole.db"), tmp.path().join("killed.db"));
    let o = run(&["extract", p(&dir), "-o", p(&whole), "--chunk", "16", "-q"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(count(&whole), DOCS);

    let args = ["extract", p(&dir), "-o", p(&killed), "--chunk", "16", "-q"];
    assert!(kill_midway(&args, || count(&killed), 100), "the run ended before it could be killed");
    let partial = count(&killed);
    assert!(partial > 0 && partial < DOCS, "killed midway: {partial} documents");
    assert_eq!(partial % 16, 0, "whole chunks only");

    let mut resume = args.to_vec();
    resume.push("--resume");
    let o = run(&resume);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(count(&killed), DOCS);
    let (a, b) = (dump(&whole), dump(&killed));
    assert_eq!(a.len(), b.len());
    assert!(a == b, "contents differ after resume");
    eprintln!("sqlite: killed at {partial}/{DOCS} documents, resumed: {} rows identical", a.len());

    // Resuming a finished run does nothing.
    let o = run(&resume);
    assert_eq!(code(&o), 0);
    assert!(dump(&killed) == a);
}

#[test]
fn jsonl_killed_and_resumed_equals_uninterrupted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    archive(&dir);
    for (ext, man_ext) in [("jsonl", "jsonl"), ("csv", "csv")] {
        let (whole, whole_man) = (tmp.path().join(format!("whole.{ext}")), tmp.path().join(format!("whole-m.{man_ext}")));
        let o = run(&["extract", p(&dir), "-o", p(&whole), "--manifest", p(&whole_man), "--chunk", "16", "-q"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));

        let (out, man) = (tmp.path().join(format!("killed.{ext}")), tmp.path().join(format!("killed-m.{man_ext}")));
        let args = ["extract", p(&dir), "-o", p(&out), "--manifest", p(&man), "--chunk", "16", "-q"];
        let lines = || std::fs::read(&man).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        assert!(kill_midway(&args, lines, 100), "the run ended before it could be killed");
        // As if killed inside a write: half a fact and half a manifest row.
        for f in [&out, &man] {
            std::fs::OpenOptions::new().append(true).open(f).unwrap().write_all("{\"doc\":\"half\",\"quantity\":\"3".as_bytes()).unwrap();
        }
        let mut resume = args.to_vec();
        resume.push("--resume");
        let o = run(&resume);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(std::fs::read(&whole).unwrap() == std::fs::read(&out).unwrap(), "{ext} output differs after resume");
        assert!(std::fs::read(&whole_man).unwrap() == std::fs::read(&man).unwrap(), "{ext} manifest differs after resume");
    }
}

#[test]
fn resume_needs_a_manifest_for_flat_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&["extract", p(tmp.path()), "-o", p(&tmp.path().join("x.jsonl")), "--resume"]);
    assert_eq!(code(&o), 2);
}
