//! One document: read, decoded, extracted, into rows ready to write. Every
//! failure, panics included, becomes the document's status in the manifest.

use crate::decode;
use crate::input::{Item, Source};
use crate::manifest::Entry;
use crate::metadata::{self, Meta, Metadata};
use crate::panics;
use serde_json::{Map, Value};
use std::io::Read;
use std::path::Path;
use zhfacts::{DocumentInfo, Extractor};

/// A fact as written: the library's JSON fields plus `doc`.
pub type FactRow = Map<String, Value>;

/// An article of a page, offsets into the decoded text.
#[derive(Debug, PartialEq)]
pub struct ArticleRow {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub headline: Option<String>,
}

/// A document read.
pub struct DocResult {
    pub seq: u64,
    pub entry: Entry,
    /// The facts as rows (CSV, SQLite) …
    pub facts: Vec<FactRow>,
    /// … or already as JSON Lines, serialised by the worker.
    pub jsonl: Vec<u8>,
    pub articles: Vec<ArticleRow>,
}

/// Everything shared by the workers of a run.
pub struct Settings {
    pub extractor: Extractor,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub max_bytes: u64,
    pub split_bytes: u64,
    pub metadata: Metadata,
    /// `--date` / `--place`.
    pub default: Meta,
    /// Documents whose path contains this panic on purpose (`ZHFACTS_TEST_PANIC`, for tests).
    pub test_panic: Option<String>,
    /// Serialise facts to JSON Lines in the workers rather than keep rows.
    pub jsonl: bool,
}

pub fn process(item: Item, s: &Settings) -> DocResult {
    let mut entry = Entry::new(item.path);
    let (mut facts, mut jsonl, mut articles) = (Vec::new(), Vec::new(), Vec::new());
    let outcome = panics::catch(|| read(&item.source, s, &mut entry).map(|(text, meta)| extract(&text, &entry.path, &meta, s)))
        .unwrap_or_else(|panic| Err(format!("panic: {panic}")));
    match outcome {
        Ok(x) => {
            entry.reference_year = x.reference_year;
            entry.date_source = Some(x.date_source);
            entry.facts = x.count;
            (facts, jsonl, articles) = (x.facts, x.jsonl, x.articles);
        }
        Err(e) => entry.fail(e),
    }
    DocResult { seq: item.seq, entry, facts, jsonl, articles }
}

/// The text and what is known about it.
fn read(source: &Source, s: &Settings, entry: &mut Entry) -> Result<(String, Meta), String> {
    let meta_for = |year: Option<i32>, place: Option<String>, path: &str| {
        let m = s.metadata.get(path);
        Meta {
            year: year.or(m.and_then(|m| m.year)).or(s.default.year),
            place: place.or_else(|| m.and_then(|m| m.place.clone())).or_else(|| s.default.place.clone()),
        }
    };
    if s.test_panic.as_deref().is_some_and(|p| entry.path.contains(p)) {
        panic!("ZHFACTS_TEST_PANIC matched {}", entry.path);
    }
    match source {
        Source::Broken(e) => Err(e.clone()),
        Source::Text { text, date, place } => {
            entry.bytes = text.len() as u64;
            entry.encoding = Some("UTF-8".into());
            let year = date.as_deref().map(metadata::parse_year).transpose()?;
            Ok((text.clone(), meta_for(year, place.clone(), &entry.path)))
        }
        Source::File(path) => {
            let bytes = read_file(path, s.max_bytes, &mut entry.bytes)?;
            let d = decode::decode(bytes, s.encoding).map_err(|(enc, e)| {
                entry.encoding = enc;
                e
            })?;
            entry.encoding = Some(d.encoding);
            entry.replaced_bytes = d.replaced;
            Ok((d.text, meta_for(None, None, &entry.path)))
        }
    }
}

fn read_file(path: &Path, max: u64, size: &mut u64) -> Result<Vec<u8>, String> {
    let unreadable = |e: std::io::Error| format!("unreadable: {e}");
    let md = std::fs::metadata(path).map_err(unreadable)?;
    if !md.is_file() {
        return Err("unreadable: not a regular file".into());
    }
    *size = md.len();
    let too_large = |n: u64| format!("too large: {n} bytes > --max-bytes {max}");
    if md.len() > max {
        return Err(too_large(md.len()));
    }
    let mut buf = Vec::with_capacity(md.len() as usize);
    std::fs::File::open(path).and_then(|f| f.take(max + 1).read_to_end(&mut buf)).map_err(unreadable)?;
    *size = buf.len() as u64;
    if buf.len() as u64 > max {
        return Err(too_large(buf.len() as u64));
    }
    Ok(buf)
}

struct Extracted {
    count: u64,
    facts: Vec<FactRow>,
    jsonl: Vec<u8>,
    articles: Vec<ArticleRow>,
    reference_year: Option<i32>,
    date_source: String,
}

/// Extracts `text`; one larger than `--split-bytes` is read in pieces cut at
/// line ends, with the first piece's reference year and offsets and article
/// numbers carried over, so that time stays linear in its length.
fn extract(text: &str, path: &str, meta: &Meta, s: &Settings) -> Extracted {
    let mut info = DocumentInfo { name: Some(path), reference_year: meta.year, place: meta.place.as_deref() };
    let mut out = Extracted { count: 0, facts: Vec::new(), jsonl: Vec::new(), articles: Vec::new(), reference_year: None, date_source: String::new() };
    let (mut chars_before, mut articles_before) = (0usize, 0usize);
    for (k, (a, b)) in pieces(text, s.split_bytes as usize).into_iter().enumerate() {
        let piece = &text[a..b];
        let doc = s.extractor.extract_with(piece, &info);
        if k == 0 {
            out.reference_year = doc.reference_year;
            out.date_source = serde_json::to_value(doc.date_source).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            info.reference_year = info.reference_year.or(doc.reference_year);
        }
        for f in &doc.facts {
            out.count += 1;
            let shifted;
            let fact = if k == 0 {
                f
            } else {
                shifted = shift_fact(f, chars_before, a, articles_before);
                &shifted
            };
            let row = JsonRow { doc: path, fact };
            if s.jsonl {
                // Written straight from the fact: no map of values in between.
                serde_json::to_writer(&mut out.jsonl, &row).expect("a fact serialises");
                out.jsonl.push(b'\n');
            } else {
                let Ok(Value::Object(m)) = serde_json::to_value(&row) else { unreachable!("a fact serialises to an object") };
                out.facts.push(m);
            }
        }
        out.articles.extend(doc.articles.iter().map(|art| ArticleRow {
            start: art.start + chars_before,
            end: art.end + chars_before,
            byte_start: art.byte_start + a,
            byte_end: art.byte_end + a,
            headline: art.headline.clone(),
        }));
        articles_before += doc.articles.len();
        chars_before += piece.chars().count();
    }
    out
}

/// An output row: the document, then the fact's fields.
#[derive(serde::Serialize)]
struct JsonRow<'a, 't> {
    doc: &'a str,
    #[serde(flatten)]
    fact: &'a zhfacts::Fact<'t>,
}

/// A fact of a later piece of a split document, with offsets and article
/// number counted from the start of the whole document.
fn shift_fact<'t>(f: &zhfacts::Fact<'t>, chars: usize, bytes: usize, articles: usize) -> zhfacts::Fact<'t> {
    let mut g = f.clone();
    g.start += chars;
    g.end += chars;
    g.byte_start += bytes;
    g.byte_end += bytes;
    g.article = g.article.map(|n| n + articles);
    g
}

/// Byte ranges of at least `size` bytes (but the last), cut after a line end,
/// else after a 。, else at a character boundary.
fn pieces(text: &str, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while size > 0 && text.len() - start > size + size / 2 {
        let target = boundary(text, start + size);
        let window = &text[target..boundary(text, target + size / 2)];
        let cut = window
            .find('\n')
            .map(|i| i + 1)
            .or_else(|| window.find('。').map(|i| i + '。'.len_utf8()))
            .map_or(target, |i| target + i);
        out.push((start, cut));
        start = cut;
    }
    out.push((start, text.len()));
    out
}

/// The first character boundary at or after `i` (at most the end).
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn pieces_cover_the_text_at_line_ends() {
        let text = "一二三\n".repeat(1000);
        let p = pieces(&text, 100);
        assert_eq!(p.first().unwrap().0, 0);
        assert_eq!(p.last().unwrap().1, text.len());
        assert!(p.windows(2).all(|w| w[0].1 == w[1].0 && text[..w[0].1].ends_with('\n')));
        assert_eq!(pieces("短", 100), vec![(0, 3)]);
        assert_eq!(pieces(&text, 0).len(), 1);
        let no_lines = "一二三".repeat(1000);
        assert!(pieces(&no_lines, 100).iter().all(|&(a, b)| no_lines.is_char_boundary(a) && no_lines.is_char_boundary(b)));
    }
}
