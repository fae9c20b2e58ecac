//! The documents of a run, streamed in input order: files and directories
//! (walked recursively, sorted by name), or JSON Lines on stdin.

use serde::Deserialize;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One document to read.
pub struct Item {
    /// Position in the input stream (stable across resumed runs of the same input).
    pub seq: u64,
    /// The document's name: its path as walked, or its `id` on stdin.
    pub path: String,
    pub source: Source,
}

pub enum Source {
    File(PathBuf),
    Text { text: String, date: Option<String>, place: Option<String> },
    /// Could not even be listed or parsed.
    Broken(String),
}

impl Item {
    /// Bytes of text already in memory (stdin), for bounding a chunk.
    pub fn held_bytes(&self) -> usize {
        match &self.source {
            Source::Text { text, .. } => text.len(),
            _ => 0,
        }
    }
}

/// The files under `paths`, lazily, each directory's entries sorted by name.
pub fn walk(paths: Vec<PathBuf>, glob: String) -> impl Iterator<Item = (String, Source)> {
    paths.into_iter().flat_map(move |root| {
        let glob = glob.clone();
        let is_dir = root.is_dir();
        let single = (!is_dir).then(|| (root.to_string_lossy().into_owned(), Source::File(root.clone())));
        let walker = is_dir.then(|| walkdir::WalkDir::new(&root).follow_links(false).sort_by_file_name().into_iter());
        single.into_iter().chain(walker.into_iter().flatten().filter_map(move |entry| match entry {
            Ok(e) => {
                let ft = e.file_type();
                if ft.is_dir() || !glob_match(&glob, &e.file_name().to_string_lossy()) {
                    return None;
                }
                // A symlink to a directory is not followed; a dangling one is a document that cannot be read.
                if ft.is_symlink() && std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir()) {
                    return None;
                }
                Some((e.path().to_string_lossy().into_owned(), Source::File(e.into_path())))
            }
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                Some((path.to_string_lossy().into_owned(), Source::Broken(format!("unreadable: {err}"))))
            }
        }))
    })
}

#[derive(Deserialize)]
struct StdinDoc {
    id: Option<serde_json::Value>,
    text: Option<String>,
    date: Option<serde_json::Value>,
    place: Option<String>,
}

/// JSON Lines documents `{"id", "text", "date", "place"}` from `reader`; blank lines skipped.
pub fn json_lines(reader: impl BufRead) -> impl Iterator<Item = (String, Source)> {
    reader.split(b'\n').enumerate().filter_map(|(n, line)| {
        let fallback = format!("stdin:{}", n + 1);
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some((fallback, Source::Broken(format!("unreadable: {e}")))),
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(match serde_json::from_slice::<StdinDoc>(&line) {
            Ok(d) => {
                let id = match d.id {
                    Some(serde_json::Value::String(s)) => s,
                    Some(serde_json::Value::Null) | None => fallback,
                    Some(v) => v.to_string(),
                };
                let date = d.date.and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s),
                    serde_json::Value::Null => None,
                    v => Some(v.to_string()),
                });
                match d.text {
                    Some(text) => (id, Source::Text { text, date, place: d.place }),
                    None => (id, Source::Broken("no \"text\" field".into())),
                }
            }
            Err(e) => (fallback, Source::Broken(format!("invalid JSON: {e}"))),
        })
    })
}

/// Shell-style match of a file name: `*` any run, `?` one character.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    #[test]
    fn globs() {
        use super::glob_match as g;
        assert!(g("*.txt", "a.txt") && g("*", "x") && g("20??-*.txt", "2019-06.txt"));
        assert!(!g("*.txt", "a.txt.bak") && !g("a?", "a"));
    }
}
