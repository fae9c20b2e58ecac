//! Small word lists looked up at every position of a sentence.
//!
//! The context rules test many positions against short lists (stop
//! words, link words). Most positions start or end no word of a list, so each
//! list keeps a table of the word lengths each character begins and ends,
//! and hashes only the lengths the table lets through.

use crate::units::FastHasher;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

/// One bit for each character of the Basic Multilingual Plane (8 KB):
/// read before a byte table of 64 KB, whose cache misses would cost more
/// than the tables save (the Han characters alone span 21 KB of it).
#[derive(Clone)]
struct CharBits(Box<[u64]>);

impl CharBits {
    fn new() -> CharBits {
        CharBits(vec![0u64; 1 << 10].into_boxed_slice())
    }

    fn insert(&mut self, c: usize) {
        if c < 1 << 16 {
            self.0[c / 64] |= 1 << (c % 64);
        }
    }

    /// Characters beyond the table are reported present.
    #[inline]
    fn has(&self, c: usize) -> bool {
        self.0.get(c / 64).is_none_or(|w| w & (1 << (c % 64)) != 0)
    }
}

/// Words are looked up by their first or last character and length in
/// characters up to this; longer words only whole.
const FILTERED_CHARS: usize = 4;

/// A set of words, looked up whole, by prefix or by suffix.
pub(crate) struct WordSet {
    words: FastSet<&'static str>,
    /// For each character of the Basic Multilingual Plane: bit `n - 1` if
    /// it begins a word of `n` characters, bit `4 + n - 1` if it ends one
    /// (64 KB; one read rejects most positions).
    ends: Box<[u8]>,
    /// The characters with a non-zero entry in `ends`.
    any: CharBits,
}

/// Every length, as if a character outside the table began and ended words
/// of all lengths (the hash set decides).
const ALL_LENGTHS: u8 = 0xff;

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let mut set = WordSet { words: words.iter().copied().collect(), ends: vec![0u8; 1 << 16].into_boxed_slice(), any: CharBits::new() };
        for w in words {
            let n = w.chars().count();
            if (1..=FILTERED_CHARS).contains(&n) {
                let (first, last) = (w.chars().next().unwrap_or('\0'), w.chars().next_back().unwrap_or('\0'));
                if let Some(m) = set.ends.get_mut(first as usize) {
                    *m |= 1 << (n - 1);
                }
                if let Some(m) = set.ends.get_mut(last as usize) {
                    *m |= 1 << (FILTERED_CHARS + n - 1);
                }
                set.any.insert(first as usize);
                set.any.insert(last as usize);
            }
        }
        set
    }

    fn lengths(&self, c: char) -> u8 {
        if !self.any.has(c as usize) {
            return 0;
        }
        self.ends.get(c as usize).copied().unwrap_or(ALL_LENGTHS)
    }

    pub(crate) fn contains(&self, s: &str) -> bool {
        self.words.contains(s)
    }

    /// Byte length of the longest word of at most `max` (≤ 4) characters
    /// that `s` ends with.
    pub(crate) fn longest_suffix(&self, s: &str, max: usize) -> Option<usize> {
        let last = s.chars().next_back()?;
        let mut lengths = (self.lengths(last) >> FILTERED_CHARS) & low_bits(max);
        let mut longest = None;
        let mut starts = s.char_indices().rev();
        while lengths != 0 {
            let Some((i, _)) = starts.next() else { break };
            if lengths & 1 != 0 && self.contains(&s[i..]) {
                longest = Some(s.len() - i);
            }
            lengths >>= 1;
        }
        longest
    }

    /// Byte length of the longest word of `min..=max` (≤ 4) characters
    /// that `s` starts with.
    pub(crate) fn longest_prefix(&self, s: &str, min: usize, max: usize) -> Option<usize> {
        let first = s.chars().next()?;
        let mut lengths = self.lengths(first) & low_bits(max) & !low_bits(min.saturating_sub(1));
        let mut ends = s.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(s.len()));
        let mut longest = None;
        while lengths != 0 {
            let Some(e) = ends.next() else { break };
            if lengths & 1 != 0 && self.contains(&s[..e]) {
                longest = Some(e);
            }
            lengths >>= 1;
        }
        longest
    }
}

/// The lowest `n` (≤ 4) bits set.
fn low_bits(n: usize) -> u8 {
    (1u8 << n.min(FILTERED_CHARS)) - 1
}

/// Words with an id each, found wherever they start: every word at every
/// position, as an overlapping automaton would. Most positions are
/// rejected by one table read; the words beginning with a character are
/// few and compared directly.
pub(crate) struct WordTable {
    /// For each character of the Basic Multilingual Plane, its slot in
    /// `words` (0: it begins no word).
    slots: Box<[u8]>,
    /// The characters with a slot.
    any: CharBits,
    /// The words of each slot with their ids, shortest first.
    words: Vec<Vec<(&'static [u8], u16)>>,
}

impl WordTable {
    /// `words[i]` gets id `i`. The words begin with at most 255 distinct
    /// characters, all of the Basic Multilingual Plane (the embedded lists
    /// are checked by their tests).
    pub(crate) fn new(words: &[&'static str]) -> WordTable {
        let mut t = WordTable { slots: vec![0u8; 1 << 16].into_boxed_slice(), any: CharBits::new(), words: vec![Vec::new()] };
        for (i, w) in words.iter().enumerate() {
            let c = w.chars().next().map_or(usize::MAX, |c| c as usize);
            assert!(c < 1 << 16, "word table: {w:?} does not begin with a character of the BMP");
            if t.slots[c] == 0 {
                t.slots[c] = u8::try_from(t.words.len()).expect("word table: at most 255 first characters");
                t.words.push(Vec::new());
                t.any.insert(c);
            }
            t.words[t.slots[c] as usize].push((w.as_bytes(), i as u16));
        }
        t.words.iter_mut().for_each(|ws| ws.sort_by_key(|(w, id)| (w.len(), *id)));
        t
    }

    /// Calls `found(start, byte_len, id)` for every word in `s`, by start
    /// and then shortest first.
    pub(crate) fn find_all(&self, s: &str, mut found: impl FnMut(usize, usize, u16)) {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (c, width) = decode(b, i);
            let slot = if self.any.has(c as usize) { self.slots.get(c as usize).copied().unwrap_or(0) } else { 0 };
            if slot != 0 {
                for &(w, id) in &self.words[slot as usize] {
                    if b[i..].starts_with(w) {
                        found(i, w.len(), id);
                    }
                }
            }
            i += width;
        }
    }
}

/// The character at byte `i` of valid UTF-8 `b` (one beyond the Basic
/// Multilingual Plane as `u32::MAX`), and its width in bytes.
#[inline]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let cont = |c: u8| (c & 0x3f) as u32;
    match b[i..] {
        [lead @ 0..=0x7f, ..] => (lead as u32, 1),
        [lead @ 0xe0..=0xef, c1, c2, ..] => (((lead & 0x0f) as u32) << 12 | cont(c1) << 6 | cont(c2), 3),
        [lead @ 0x80..=0xdf, c1, ..] => (((lead & 0x1f) as u32) << 6 | cont(c1), 2),
        _ => (u32::MAX, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_table_finds_every_word() {
        let t = WordTable::new(&["将近", "将", "近", "主要", "a将"]);
        let mut got = Vec::new();
        t.find_all("将近百人", |at, len, id| got.push((at, len, id)));
        assert_eq!(got, vec![(0, 3, 1), (0, 6, 0), (3, 3, 2)]);
        got.clear();
        t.find_all("要求，近", |at, len, id| got.push((at, len, id)));
        assert_eq!(got, vec![(9, 3, 2)]);
        got.clear();
        t.find_all("", |at, len, id| got.push((at, len, id)));
        t.find_all("é𠀀主", |at, len, id| got.push((at, len, id)));
        assert!(got.is_empty());
        t.find_all("xa将", |at, len, id| got.push((at, len, id)));
        assert_eq!(got, vec![(1, 4, 4), (2, 3, 1)]);
    }

    #[test]
    fn word_set_prefix_and_suffix() {
        let s = WordSet::new(&["投入", "累计投入", "为"]);
        assert_eq!(s.longest_suffix("资金累计投入", 4), Some(12));
        assert_eq!(s.longest_suffix("资金投入", 4), Some(6));
        assert_eq!(s.longest_suffix("资金", 4), None);
        assert_eq!(s.longest_prefix("累计投入资金", 2, 5), Some(12));
        assert_eq!(s.longest_prefix("为民", 2, 5), None);
        assert_eq!(s.longest_prefix("为民", 1, 5), Some(3));
    }

    #[test]
    fn word_set_lengths_and_odd_characters() {
        let s = WordSet::new(&["到", "达到", "𠀀为"]);
        assert_eq!(s.longest_suffix("到", 4), Some(3));
        assert_eq!(s.longest_suffix("达到", 1), Some(3));
        assert_eq!(s.longest_suffix("x达到", 4), Some(6));
        assert_eq!(s.longest_prefix("𠀀为民", 1, 4), Some(7));
        assert_eq!(s.longest_suffix("", 4), None);
        assert_eq!(s.longest_prefix("达", 2, 4), None);
    }
}
