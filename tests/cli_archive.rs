//! An archive of every kind of file a researcher meets — UTF-8, BOM,
//! UTF-16 LE/BE, GB18030, bad bytes, empty, binary junk, a big file, an
//! unreadable entry — gives a manifest with every file, no panic, and the
//! same facts as the same texts in UTF-8, identically for -j1 and -j2.
//!
//! Default: 300 files and a 3 MB file (quick in a debug build). The full
//! bar, 5,000 files and a 50 MB file:
//! `ZHFACTS_ARCHIVE_FULL=1 cargo test --release --test cli_archive -- --nocapture`.

mod cli_common;
use cli_common::*;
use encoding_rs::GB18030;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

struct Archive {
    /// Expected manifest facts: file name → (encoding, status, error prefix, replaced bytes).
    expect: BTreeMap<String, (Option<&'static str>, &'static str, &'static str, u64)>,
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let bom: &[u8] = if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] };
    let units = text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() });
    bom.iter().copied().chain(units).collect()
}

/// Writes `n` pages in rotating encodings under `dir` (some in a subdirectory)
/// and their texts, as decoded, in UTF-8 under `reference`; then the special files.
fn build(dir: &Path, reference: &Path, n: usize, big_bytes: usize) -> Archive {
    std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(reference).unwrap();
    let mut expect = BTreeMap::new();
    for i in 0..n {
        let name = format!("2019-{:02}-{:02}_p{i:05}.txt", i % 12 + 1, i % 28 + 1);
        let text = page(i);
        let (bytes, decoded, enc, replaced): (Vec<u8>, String, &str, u64) = match i % 7 {
            0 | 6 => (text.clone().into_bytes(), text, "UTF-8", 0),
            1 => ([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(), text, "UTF-8+BOM", 0),
            2 => (utf16(&text, true), text, "UTF-16LE+BOM", 0),
            3 => (utf16(&text, false), text, "UTF-16BE+BOM", 0),
            4 => (GB18030.encode(&text).0.into_owned(), text, "gb18030", 0),
            _ => {
                // Two stray bytes at line ends: replaced, counted, the rest read.
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                let mut bytes = Vec::new();
                let mut decoded = String::new();
                for (k, l) in lines.iter().enumerate() {
                    bytes.extend_from_slice(l.as_bytes());
                    decoded.push_str(l);
                    if k == 1 || k == 3 {
                        bytes.push(0xFF);
                        decoded.push('\u{FFFD}');
                    }
                }
                (bytes, decoded, "UTF-8", 2)
            }
        };
        let sub = match i % 3 {
            0 => "",
            1 => "sub/",
            _ => "sub/deeper/",
        };
        std::fs::write(dir.join(format!("{sub}{name}")), bytes).unwrap();
        std::fs::write(reference.join(&name), decoded).unwrap();
        expect.insert(name, (Some(enc), "ok", "", replaced));
    }
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    expect.insert("empty.txt".into(), (Some("UTF-8"), "ok", "", 0));
    let junk: Vec<u8> = (0..20_000u64).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(dir.join("junk.txt"), &junk).unwrap();
    expect.insert("junk.txt".into(), (None, "failed", "binary", 0));
    let controls: Vec<u8> = (0..20_000u32).map(|i| if i % 4 == 0 { 0x07 } else { b'a' + (i % 26) as u8 }).collect();
    std::fs::write(dir.join("sub/controls.txt"), controls).unwrap();
    expect.insert("controls.txt".into(), (Some("UTF-8"), "failed", "binary", 0));
    std::os::unix::fs::symlink(dir.join("gone-away.txt"), dir.join("unreadable.txt")).unwrap();
    expect.insert("unreadable.txt".into(), (None, "failed", "unreadable", 0));
    std::fs::write(dir.join("notes.md"), "不是文档").unwrap();
    // The big file: pages one after the other.
    let mut big = String::with_capacity(big_bytes + 4096);
    let mut i = 0;
    while big.len() < big_bytes {
        big.push_str(&page(i));
        i += 1;
    }
    std::fs::write(dir.join("big.txt"), &big).unwrap();
    expect.insert("big.txt".into(), (Some("UTF-8"), "ok", "", 0));
    Archive { expect }
}

fn name_of(path: &str) -> String {
    Path::new(path).file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn archive_of_every_kind_of_file() {
    let full = std::env::var_os("ZHFACTS_ARCHIVE_FULL").is_some();
    let (n, big) = if full { (5_000 - 5, 50 << 20) } else { (300, 3 << 20) };
    let tmp = tempfile::tempdir().unwrap();
    let (dir, reference) = (tmp.path().join("archive"), tmp.path().join("reference"));
    let archive = build(&dir, &reference, n, big);
    let files = archive.expect.len();
    eprintln!("archive: {files} files, big file {} MB", big >> 20);

    let mut outputs = Vec::new();
    for jobs in ["1", "2"] {
        let (out, man) = (tmp.path().join(format!("facts-j{jobs}.jsonl")), tmp.path().join(format!("manifest-j{jobs}.jsonl")));
        let t = Instant::now();
        let o = run(&["extract", p(&dir), "-j", jobs, "-o", p(&out), "--manifest", p(&man)]);
        eprintln!("-j{jobs}: {:.2} s", t.elapsed().as_secs_f64());
        assert_eq!(code(&o), 1, "some documents failed: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
        outputs.push((std::fs::read(&out).unwrap(), std::fs::read(&man).unwrap(), out, man));
    }
    assert!(outputs[0].0 == outputs[1].0, "facts differ between -j1 and -j2");
    assert!(outputs[0].1 == outputs[1].1, "manifests differ between -j1 and -j2");
    let (_, _, out, man) = &outputs[1];

    // The manifest: every file once, each with its encoding and status.
    let manifest = read_jsonl(man);
    assert_eq!(manifest.len(), files, "one row per file");
    let mut seen = BTreeMap::new();
    for row in &manifest {
        let name = name_of(row["path"].as_str().unwrap());
        let (enc, status, error, replaced) = archive.expect.get(&name).unwrap_or_else(|| panic!("unexpected {name}"));
        assert_eq!(row["status"], *status, "{row}");
        let err = row["error"].as_str().unwrap_or("");
        assert!(err.starts_with(error), "{name}: error {err:?}, expected {error:?}");
        assert!(!err.contains("panic"), "{row}");
        if let Some(enc) = enc {
            assert_eq!(row["encoding"], *enc, "{row}");
        }
        assert_eq!(row["replaced_bytes"], *replaced, "{row}");
        assert!(seen.insert(name, ()).is_none(), "listed twice: {row}");
    }
    let failed = manifest.iter().filter(|r| r["status"] == "failed").count();
    let panics = manifest.iter().filter(|r| r["error"].as_str().is_some_and(|e| e.contains("panic"))).count();
    let big_row = manifest.iter().find(|r| name_of(r["path"].as_str().unwrap()) == "big.txt").unwrap();
    assert!(big_row["facts"].as_u64().unwrap() > 1000, "{big_row}");
    eprintln!("manifest: {} rows, {failed} failed, {panics} panics, big file {} facts", manifest.len(), big_row["facts"]);

    // The same facts as the same texts in UTF-8.
    let ref_out = tmp.path().join("reference.jsonl");
    let o = run(&["extract", p(&reference), "-o", p(&ref_out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let got = facts_by_name(&read_jsonl(out));
    let want = facts_by_name(&read_jsonl(&ref_out));
    assert_eq!(want.len(), n, "every reference page has facts");
    for (name, facts) in &want {
        assert_eq!(got.get(name), Some(facts), "{name}");
    }
    let facts: usize = got.values().map(Vec::len).sum();
    let doc_rows: usize = manifest.iter().map(|r| r["facts"].as_u64().unwrap() as usize).sum();
    assert_eq!(facts, doc_rows, "manifest fact counts add up to the output");
    let _: &Value = &manifest[0];
}
