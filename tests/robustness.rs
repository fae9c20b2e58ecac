//! Extraction never panics, and every fact's offsets slice the original
//! text back to its `quantity`: over arbitrary strings, and over the
//! bundled corpus mutated the way OCR and transfers damage text (cut at
//! random bytes, spaces and line breaks inserted, digits made full-width).

use once_cell::sync::Lazy;
use proptest::prelude::*;
use zhfacts::{numbers::find_numbers, Extractor};

static EXTRACTOR: Lazy<Extractor> = Lazy::new(Extractor::new);

static CORPUS: Lazy<Vec<String>> = Lazy::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/docs");
    let mut docs: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    docs.sort();
    docs
});

fn check(text: &str) {
    let doc = EXTRACTOR.extract_with(text, &Default::default());
    let chars: Vec<char> = text.chars().collect();
    for f in &doc.facts {
        assert_eq!(&text[f.byte_start..f.byte_end], f.quantity, "byte offsets of {f:?}");
        let by_chars: String = chars[f.start..f.end].iter().collect();
        assert_eq!(by_chars, f.quantity, "char offsets of {f:?}");
        assert!(f.start < f.end);
    }
    for s in &doc.sentences {
        assert!(text.get(s.byte_start..s.byte_end).is_some());
    }
    for n in find_numbers(text) {
        assert_eq!(&text[n.start..n.end], n.text);
    }
}

/// Text that looks like the genre: Han characters, numerals, units,
/// punctuation, spaces and line breaks, plus anything else.
fn genre_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9０-９.,，．%％ \n]{1,6}",
        "[一二两三四五六七八九十百千万亿零〇余多几近约至到—~]{1,4}",
        "[个户人名元亩万亿座处吨斤公里平方米年月日次％‰]{1,3}",
        "[全县乡镇村贫困脱人口资金投入累计要计划力争确保目前每户人均的了和是在。，、；：“”（）]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// A corpus document damaged by `edits`: (position, kind) pairs.
fn mutate(doc: &str, edits: &[(usize, u8)]) -> String {
    let mut bytes = doc.as_bytes().to_vec();
    for &(pos, kind) in edits {
        let at = pos % (bytes.len() + 1);
        match kind % 4 {
            0 => bytes.truncate(at),
            1 => drop(bytes.splice(at..at, *b" ")),
            2 => drop(bytes.splice(at..at, *b"\n\n")),
            _ => {
                // Make an ASCII digit full-width.
                if let Some(i) = bytes[at..].iter().position(u8::is_ascii_digit) {
                    let d = bytes[at + i] - b'0';
                    let wide = char::from_u32('０' as u32 + d as u32).unwrap().to_string();
                    drop(bytes.splice(at + i..at + i + 1, wide.bytes().collect::<Vec<_>>()));
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in genre_text()) {
        check(&s);
    }

    #[test]
    fn damaged_corpus_keeps_offsets(doc in 0usize..64, edits in prop::collection::vec((any::<usize>(), any::<u8>()), 0..12)) {
        let docs = &*CORPUS;
        let text = mutate(&docs[doc % docs.len()], &edits);
        check(&text);
    }
}

#[test]
fn corpus_documents_keep_offsets() {
    for doc in CORPUS.iter() {
        check(doc);
    }
}
