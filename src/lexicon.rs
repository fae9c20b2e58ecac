//! Small word lists looked up at every position of a sentence.
//!
//! The context rules test many positions against short lists (stop
//! words, link words). Most positions start no word of a list, so each
//! list keeps a table of the word lengths each character begins, and
//! hashes only the lengths the table lets through.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// Hashes the integer keys of the word sets, the domain trie and the
/// gazetteer's pairs: each integer written is mixed in by one
/// multiplication (the keys are not adversarial).
#[derive(Default)]
pub(crate) struct IntHasher(u64);

impl std::hash::Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u64(b as u64));
    }
    fn write_u64(&mut self, k: u64) {
        let h = (self.0 ^ k).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ h >> 32;
    }
    fn write_usize(&mut self, k: usize) {
        self.write_u64(k as u64);
    }
}

/// [`IntHasher`] for hash maps and sets.
pub(crate) type IntHash = BuildHasherDefault<IntHasher>;

/// Bit `k` of a bitmap.
#[inline]
pub(crate) fn has_bit(bits: &[u64], k: usize) -> bool {
    bits[k / 64] & (1 << (k % 64)) != 0
}

/// Sets bit `k` of a bitmap.
pub(crate) fn set_bit(bits: &mut [u64], k: usize) {
    bits[k / 64] |= 1 << (k % 64);
}

/// A set of characters: a bit for each of the Basic Multilingual Plane
/// (8 KB, the Han characters 2.6 KB of it), a short list for the rest.
/// One look at it is cheaper than a table of more than a byte a character,
/// whose loads miss the cache.
pub(crate) struct CharSet {
    bmp: Box<[u64]>,
    beyond: Vec<char>,
}

/// Characters the bitmap holds: those of the Basic Multilingual Plane.
const BMP: usize = 1 << 16;

impl CharSet {
    pub(crate) fn new() -> CharSet {
        CharSet { bmp: vec![0u64; BMP / 64].into_boxed_slice(), beyond: Vec::new() }
    }

    /// The set of the characters `chars`.
    pub(crate) fn of(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet::new();
        chars.into_iter().for_each(|c| set.insert(c));
        set
    }

    pub(crate) fn insert(&mut self, c: char) {
        if (c as usize) < BMP {
            set_bit(&mut self.bmp, c as usize);
        } else if !self.beyond.contains(&c) {
            self.beyond.push(c);
        }
    }

    #[inline]
    pub(crate) fn contains(&self, c: char) -> bool {
        if (c as usize) < BMP {
            has_bit(&self.bmp, c as usize)
        } else {
            self.beyond.contains(&c)
        }
    }
}

/// Words are looked up by their first character and length in characters
/// up to this; longer words only whole.
const FILTERED_CHARS: usize = 4;

/// A word of at most 16 bytes as integers: its first and last eight bytes
/// (overlapping, or fewer for a shorter word) and its length, which
/// together determine it. Hashed and compared as integers, where a string
/// key costs a hash a byte and a call to `memcmp`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Packed {
    head: u64,
    tail: u64,
    len: usize,
}

/// The longest word a [`Packed`] holds.
const PACKED_MAX: usize = 16;

impl Packed {
    /// `s` packed (at most [`PACKED_MAX`] bytes).
    #[inline]
    fn of(s: &[u8]) -> Packed {
        let n = s.len();
        let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
        let half = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes")) as u64;
        let (head, tail) = match n {
            8.. => (word(&s[..8]), word(&s[n - 8..])),
            4..=7 => (half(&s[..4]), half(&s[n - 4..])),
            1..=3 => (s[0] as u64 | (s[n / 2] as u64) << 8 | (s[n - 1] as u64) << 16, 0),
            0 => (0, 0),
        };
        debug_assert!(n <= PACKED_MAX);
        Packed { head, tail, len: n }
    }
}

/// A set of words, looked up whole or by prefix.
pub(crate) struct WordSet {
    /// Words of at most [`PACKED_MAX`] bytes.
    packed: HashSet<Packed, IntHash>,
    /// Longer words.
    words: HashSet<&'static str, IntHash>,
    /// For each character of the Basic Multilingual Plane: bit `n - 1` if
    /// it begins a word of `n` characters (64 KB; one read rejects most
    /// positions).
    ends: Box<[u8]>,
    /// The first characters of the words: read before `ends`.
    listed: CharSet,
}

/// Every length, as if a character outside the table began words of all
/// lengths (the hash set decides).
const ALL_LENGTHS: u8 = 0xff;

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let (short, long): (Vec<&'static str>, Vec<&'static str>) = words.iter().partition(|w| w.len() <= PACKED_MAX);
        let packed = short.iter().map(|w| Packed::of(w.as_bytes())).collect();
        let mut set = WordSet { packed, words: long.into_iter().collect(), ends: vec![0u8; 1 << 16].into_boxed_slice(), listed: CharSet::new() };
        for w in words {
            let n = w.chars().count();
            if (1..=FILTERED_CHARS).contains(&n) {
                let first = w.chars().next().unwrap_or('\0');
                if let Some(m) = set.ends.get_mut(first as usize) {
                    *m |= 1 << (n - 1);
                }
                set.listed.insert(first);
            }
        }
        set
    }

    fn lengths(&self, c: char) -> u8 {
        if !self.listed.contains(c) {
            return 0;
        }
        self.ends.get(c as usize).copied().unwrap_or(ALL_LENGTHS)
    }

    pub(crate) fn contains(&self, s: &str) -> bool {
        if s.len() <= PACKED_MAX {
            self.packed.contains(&Packed::of(s.as_bytes()))
        } else {
            self.words.contains(s)
        }
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

/// The bit of byte `b` in a byte filter: a 64-bit mask, bit `b % 64`.
/// Word lists reject most texts on one byte this way (a false hit costs
/// only the full comparison that follows).
pub(crate) const fn byte_bit(b: u8) -> u64 {
    1 << (b & 63)
}

/// Whether byte `b` may pass the filter `mask` (see [`byte_bit`]).
#[inline]
pub(crate) fn has_byte(mask: u64, b: u8) -> bool {
    mask & byte_bit(b) != 0
}

/// Bit `b % 64` set for byte `b` at offset `at` of each of `words`
/// (`usize::MAX`: the last byte), none of them shorter.
pub(crate) const fn byte_mask(words: &[&str], at: usize) -> u64 {
    let mut mask = 0;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_bytes();
        let b = if at == usize::MAX { w[w.len() - 1] } else { w[at] };
        mask |= byte_bit(b);
        i += 1;
    }
    mask
}

/// `s.starts_with(w)`, the last byte of `w` compared first: for most texts
/// it differs, and the full comparison (a library call) is spared.
#[inline]
pub(crate) fn starts_with_word(s: &str, w: &str) -> bool {
    let (sb, wb) = (s.as_bytes(), w.as_bytes());
    wb.last().is_none_or(|last| sb.get(wb.len() - 1) == Some(last)) && s.starts_with(w)
}

/// `s.ends_with(w)`, the last bytes compared first (see [`starts_with_word`]).
#[inline]
pub(crate) fn ends_with_word(s: &str, w: &str) -> bool {
    (w.is_empty() || s.as_bytes().last() == w.as_bytes().last()) && s.ends_with(w)
}

/// Whether `s` ends with one of `words` ([`ends_with_word`] each).
pub(crate) fn ends_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| ends_with_word(s, w))
}

/// Whether `s` starts with one of `words` ([`starts_with_word`] each).
pub(crate) fn starts_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| starts_with_word(s, w))
}

/// Byte offsets of the three-byte character `c` in `hay`, found from its
/// last byte (a continuation byte, rarer in Han text than a lead byte).
/// For the short windows of the context rules, where a substring
/// searcher costs more to prepare than to run.
pub(crate) fn find_char(hay: &str, c: char) -> impl Iterator<Item = usize> + '_ {
    let mut buf = [0u8; 4];
    let b = c.encode_utf8(&mut buf).as_bytes();
    assert_eq!(b.len(), 3, "{c:?} is not a three-byte character");
    let (b0, b1, b2) = (b[0], b[1], b[2]);
    let bytes = hay.as_bytes();
    memchr::memchr_iter(b2, bytes).filter(move |&i| i >= 2 && bytes[i - 2] == b0 && bytes[i - 1] == b1).map(|i| i - 2)
}

/// Whether one of `words` occurs in `hay`. For the short texts of the
/// context rules (a heading, a clause): `str::contains` prepares a
/// substring searcher for each word, which costs more than trying the
/// words at each character ([`starts_with_any`] rejects most at once).
pub(crate) fn contains_any(hay: &str, words: &[&str]) -> bool {
    let boundaries = hay.char_indices().map(|(i, _)| i).chain(std::iter::once(hay.len()));
    boundaries.into_iter().any(|i| starts_with_any(&hay[i..], words))
}

/// Every occurrence of every word of a small list, overlapping, in one
/// pass of one transition a *character* (Aho-Corasick over characters).
///
/// A byte automaton takes three dependent table loads per Han character;
/// here the character's class is read apart from the state (the processor
/// runs ahead on it), leaving one dependent load a character.
pub(crate) struct CharAutomaton {
    /// Class of each character of the Basic Multilingual Plane: 0 for
    /// characters of no word (they lead back to the start state). Its
    /// fixed size spares a bounds check a character.
    class_of: Box<[u8; BMP]>,
    classes: usize,
    /// `trans[row + class]`, where `row` is a state's number times
    /// `classes`: the next state's row (not its number: the loop spares a
    /// multiplication a character).
    trans: Vec<u32>,
    /// The first row of a state that ends words: those states are numbered
    /// last, so that one comparison of the next row tells whether words
    /// end there.
    matching_rows: u32,
    /// Words ending at each state, longest first: `ends[first[s]..first[s + 1]]`.
    first: Vec<u32>,
    ends: Vec<u16>,
    /// Byte length of each word.
    lengths: Vec<u32>,
}

impl CharAutomaton {
    /// The automaton of `words` (at most 255 distinct characters, all in
    /// the Basic Multilingual Plane; word `k` is reported as `k`).
    pub(crate) fn new(words: &[&str]) -> CharAutomaton {
        let (class_of, classes) = char_classes(words);
        let trie = Trie::of(words, &class_of[..], classes);
        let (trans, outs) = trie.transitions();
        let (trans, mut outs, matching) = matching_last(trans, outs, classes);
        let lengths: Vec<u32> = words.iter().map(|w| w.len() as u32).collect();
        let (mut first, mut ends) = (Vec::with_capacity(outs.len() + 1), Vec::new());
        for o in &mut outs {
            o.sort_by_key(|&k| std::cmp::Reverse(lengths[k as usize]));
            first.push(ends.len() as u32);
            ends.extend_from_slice(o);
        }
        first.push(ends.len() as u32);
        let row = |t: u16| t as u32 * classes as u32;
        let trans = trans.into_iter().map(row).collect();
        CharAutomaton { class_of, classes, trans, matching_rows: row(matching), first, ends, lengths }
    }

    /// Calls `found(start, end, word)` for every occurrence of a word in
    /// `text`, in byte offsets, ordered by end and, at one end, by start.
    pub(crate) fn each_match(&self, text: &str, mut found: impl FnMut(usize, usize, u16)) {
        let bytes = text.as_bytes();
        let (mut i, mut row) = (0, 0);
        while let Some((end, next)) = self.next_match(bytes, i, row) {
            let state = next / self.classes;
            for &k in &self.ends[self.first[state] as usize..self.first[state + 1] as usize] {
                found(end - self.lengths[k as usize] as usize, end, k);
            }
            (i, row) = (end, next);
        }
    }

    /// Steps from the state of row `row` over the characters of
    /// `bytes[i..]` up to the first that ends words: the byte after it and
    /// the row of the state it leads to. Kept apart from the reporting so
    /// that the loop, where most of the time goes, holds its few values in
    /// registers.
    /// (Stepping over a mask of character starts, as the gazetteer does,
    /// is no faster here: the chain of states sets the pace.)
    #[inline]
    fn next_match(&self, bytes: &[u8], i: usize, mut row: usize) -> Option<(usize, usize)> {
        let mut rest = &bytes[i..];
        while let Some(c) = next_char(&mut rest) {
            row = self.step(row, c);
            if row >= self.matching_rows as usize {
                return Some((bytes.len() - rest.len(), row));
            }
        }
        None
    }

    /// The row of the state that the state of row `row` leads to on
    /// character `c`.
    #[inline(always)]
    fn step(&self, row: usize, c: u16) -> usize {
        self.trans[row + self.class_of[c as usize] as usize] as usize
    }
}

/// The words of a small list as a trie read from their last character:
/// the words that end at an offset, found by stepping back from it. For
/// rules that ask at a few offsets of a window, where running a
/// [`CharAutomaton`] over all of it costs more.
pub(crate) struct BackTrie {
    class_of: Box<[u8; BMP]>,
    classes: usize,
    /// `back[node * classes + class]`: the node one character further
    /// back, or `u16::MAX`.
    back: Vec<u16>,
    /// The word that each node completes, or `u16::MAX`.
    word: Vec<u16>,
}

impl BackTrie {
    /// The trie of `words` (distinct, of three-byte characters only; word
    /// `k` is reported as `k`).
    pub(crate) fn new(words: &[&str]) -> BackTrie {
        assert!(words.iter().flat_map(|w| w.chars()).all(|c| c.len_utf8() == 3), "three-byte characters only");
        let (class_of, classes) = char_classes(words);
        let reversed: Vec<String> = words.iter().map(|w| w.chars().rev().collect()).collect();
        let reversed: Vec<&str> = reversed.iter().map(String::as_str).collect();
        let Trie { goto, own, .. } = Trie::of(&reversed, &class_of[..], classes);
        let word = own.iter().map(|ks| match ks[..] {
            [] => u16::MAX,
            [k] => k,
            _ => panic!("a word is listed twice"),
        });
        BackTrie { class_of, classes, back: goto, word: word.collect() }
    }

    /// Calls `found(start, word)` for each word that ends `text`, shortest
    /// first.
    #[inline]
    pub(crate) fn each_ending(&self, text: &str, mut found: impl FnMut(usize, u16)) {
        let bytes = text.as_bytes();
        let (mut i, mut node) = (bytes.len(), 0);
        // The words hold three-byte characters only: any other ends the walk.
        while i >= 3 && bytes[i - 3] & 0xF0 == 0xE0 {
            let c = three_byte_char(bytes[i - 3], bytes[i - 2], bytes[i - 1]);
            let next = self.back[node * self.classes + self.class_of[c as usize] as usize];
            if next == u16::MAX {
                break;
            }
            (i, node) = (i - 3, next as usize);
            if self.word[node] != u16::MAX {
                found(i, self.word[node]);
            }
        }
    }
}

/// The automaton's states renumbered so that those ending words come
/// last (the start state, which ends none, stays first): the transitions
/// and words ending at each state in the new numbers, and the number of
/// the first state that ends words.
fn matching_last(trans: Vec<u16>, mut outs: Vec<Vec<u16>>, classes: usize) -> (Vec<u16>, Vec<Vec<u16>>, u16) {
    let mut order: Vec<usize> = (0..outs.len()).collect();
    order.sort_by_key(|&s| !outs[s].is_empty());
    let mut number = vec![0u16; outs.len()];
    for (new, &old) in order.iter().enumerate() {
        number[old] = new as u16;
    }
    let trans = order.iter().flat_map(|&old| trans[old * classes..(old + 1) * classes].iter().map(|&t| number[t as usize])).collect();
    let matching = order.iter().position(|&s| !outs[s].is_empty()).unwrap_or(order.len()) as u16;
    let outs = order.iter().map(|&old| std::mem::take(&mut outs[old])).collect();
    (trans, outs, matching)
}

/// A class for each character of `words` (0 for all others), and the
/// number of classes.
fn char_classes(words: &[&str]) -> (Box<[u8; BMP]>, usize) {
    let mut class_of: Box<[u8; BMP]> = vec![0u8; BMP].into_boxed_slice().try_into().expect("BMP entries");
    let mut classes = 1;
    for c in words.iter().flat_map(|w| w.chars()) {
        assert!((c as usize) < BMP, "{c:?} is beyond the Basic Multilingual Plane");
        if class_of[c as usize] == 0 {
            class_of[c as usize] = u8::try_from(classes).expect("at most 255 characters");
            classes += 1;
        }
    }
    (class_of, classes)
}

/// The words as a trie over character classes, in dense rows.
struct Trie {
    classes: usize,
    /// `goto[node * classes + class]`: the child, or `u16::MAX`.
    goto: Vec<u16>,
    /// The words ending at each node.
    own: Vec<Vec<u16>>,
}

impl Trie {
    fn of(words: &[&str], class_of: &[u8], classes: usize) -> Trie {
        let mut trie = Trie { classes, goto: vec![u16::MAX; classes], own: vec![Vec::new()] };
        for (k, w) in words.iter().enumerate() {
            let mut s = 0usize;
            for c in w.chars() {
                let at = s * classes + class_of[c as usize] as usize;
                if trie.goto[at] == u16::MAX {
                    trie.goto[at] = trie.own.len() as u16;
                    trie.goto.extend(std::iter::repeat_n(u16::MAX, classes));
                    trie.own.push(Vec::new());
                }
                s = trie.goto[at] as usize;
            }
            trie.own[s].push(k as u16);
        }
        assert!(trie.own.len() * classes <= u32::MAX as usize && trie.own.len() < u16::MAX as usize, "too many states");
        trie
    }

    /// The automaton's transitions (edges, else the fallback's), and the
    /// words ending at each state (its own and its fallbacks').
    fn transitions(self) -> (Vec<u16>, Vec<Vec<u16>>) {
        let Trie { classes, goto, own } = self;
        let mut fail = vec![0usize; own.len()];
        let mut trans = vec![0u16; own.len() * classes];
        let mut outs = own;
        // Breadth first: each state's fallback is done before its children.
        let mut queue = std::collections::VecDeque::from([0usize]);
        while let Some(s) = queue.pop_front() {
            if s != 0 {
                let inherited = outs[fail[s]].clone();
                outs[s].extend(inherited);
            }
            for c in 0..classes {
                let fallback = if s == 0 { 0 } else { trans[fail[s] * classes + c] };
                let edge = goto[s * classes + c];
                trans[s * classes + c] = if edge == u16::MAX {
                    fallback
                } else {
                    fail[edge as usize] = fallback as usize;
                    queue.push_back(edge as usize);
                    edge
                };
            }
        }
        (trans, outs)
    }
}

/// The code point of the three-byte character `b0 b1 b2` (valid UTF-8):
/// the lead and continuation marks subtracted at once.
#[inline(always)]
pub(crate) fn three_byte_char(b0: u8, b1: u8, b2: u8) -> u16 {
    (((b0 as u32) << 12) + ((b1 as u32) << 6) + b2 as u32 - 0xE2080) as u16
}

/// The code point of the character opening `rest` (valid UTF-8), which is
/// moved past it; characters beyond the Basic Multilingual Plane read as
/// U+FFFF. Slice patterns check the length once for all the bytes read.
#[inline(always)]
fn next_char(rest: &mut &[u8]) -> Option<u16> {
    let (c, tail) = match **rest {
        // Han first: most of the text.
        [b0 @ 0xE0..=0xEF, b1, b2, ref tail @ ..] => (three_byte_char(b0, b1, b2), tail),
        [b0 @ 0..=0x7F, ref tail @ ..] => (b0 as u16, tail),
        [b0 @ 0xC0..=0xDF, b1, ref tail @ ..] => ((b0 as u16 & 0x1F) << 6 | (b1 as u16 & 0x3F), tail),
        [] => return None,
        _ => (0xFFFF, rest.get(4..).unwrap_or_default()),
    };
    *rest = tail;
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `find_char` finds what `match_indices` finds.
    #[test]
    fn find_char_is_match_indices() {
        for hay in ["2019年底，去年同期一年", "", "年", "x年年", "丫丰一"] {
            for c in ['年', '一', '五'] {
                let want: Vec<usize> = hay.match_indices(c).map(|(i, _)| i).collect();
                assert_eq!(find_char(hay, c).collect::<Vec<_>>(), want, "{hay} {c}");
            }
        }
    }

    /// `contains_any` agrees with `str::contains` on every word.
    #[test]
    fn contains_any_is_contains() {
        let words = ["补助", "标准", "x", "每户补"];
        for hay in ["每户补助标准", "发放", "", "ax", "每户", "标", "全县每户补贴"] {
            assert_eq!(contains_any(hay, &words), words.iter().any(|w| hay.contains(w)), "{hay}");
        }
        assert!(contains_any("", &[""]) && contains_any("村", &[""]));
    }

    #[test]
    fn word_tests_agree_with_the_library() {
        let texts = ["", "至", "至少", "不少于", "以上", "左右为难", "万人次", "a", "ab", "约合人民币", "超超临界", "最近"];
        let words = ["", "少", "至少", "不少于", "以上", "左右", "上", "a", "b", "ab", "约合", "近", "超", "最近", "平方公里"];
        for s in texts {
            for w in words {
                assert_eq!(starts_with_word(s, w), s.starts_with(w), "{s:?} {w:?}");
                assert_eq!(ends_with_word(s, w), s.ends_with(w), "{s:?} {w:?}");
            }
        }
    }

    #[test]
    fn any_of_words() {
        assert!(ends_with_any("贫困户", &["村", "困户"]));
        assert!(!ends_with_any("贫困户", &["村", "贫困"]));
        assert!(ends_with_any("", &["村", ""]));
        assert!(!ends_with_any("", &["村"]));
        assert!(starts_with_any("的标准", &["标准", "的标准"]));
        assert!(!starts_with_any("的", &["的标准"]));
        assert!(starts_with_any("x", &[""]));
    }

    /// Packed words are equal exactly when the words are.
    #[test]
    fn packed_words_tell_words_apart() {
        let words = ["", "a", "ab", "ba", "abc", "acb", "abcd", "abdc", "为", "为民", "民为", "资金共计", "资金总计", "累计投入资金", "0123456789abcdef", "0123456789abcdeg", "1123456789abcdef", "\0", "\0\0"];
        for a in words {
            for b in words {
                assert_eq!(Packed::of(a.as_bytes()) == Packed::of(b.as_bytes()), a == b, "{a:?} {b:?}");
            }
        }
        let set = WordSet::new(&["为", "累计投入", "一二三四五六七八九十"]);
        assert!(set.contains("为") && set.contains("累计投入") && set.contains("一二三四五六七八九十"));
        assert!(!set.contains("累计") && !set.contains("一二三四五六七八九") && !set.contains(""));
    }

    #[test]
    fn word_set_prefix() {
        let s = WordSet::new(&["投入", "累计投入", "为"]);
        assert_eq!(s.longest_prefix("累计投入资金", 2, 5), Some(12));
        assert_eq!(s.longest_prefix("为民", 2, 5), None);
        assert_eq!(s.longest_prefix("为民", 1, 5), Some(3));
    }

    #[test]
    fn word_set_lengths_and_odd_characters() {
        let s = WordSet::new(&["到", "达到", "𠀀为"]);
        assert_eq!(s.longest_prefix("到", 1, 4), Some(3));
        assert_eq!(s.longest_prefix("达到", 1, 1), None);
        assert_eq!(s.longest_prefix("达到x", 1, 4), Some(6));
        assert_eq!(s.longest_prefix("𠀀为民", 1, 4), Some(7));
        assert_eq!(s.longest_prefix("", 1, 4), None);
        assert_eq!(s.longest_prefix("达", 2, 4), None);
    }

    /// `next_char` reads the code points of one- to three-byte characters
    /// and U+FFFF for four-byte ones, stepping over each.
    #[test]
    fn next_char_steps_over_each_character() {
        let text = "a到é𠀀b";
        let mut rest = text.as_bytes();
        let mut got = Vec::new();
        while let Some(c) = next_char(&mut rest) {
            got.push(c);
        }
        assert_eq!(got, vec!['a' as u16, '到' as u16, 'é' as u16, 0xFFFF, 'b' as u16]);
    }

    /// Words at the end of the text, where fewer than three bytes are
    /// left to read, and around two- and four-byte characters.
    #[test]
    fn char_automaton_reads_the_last_bytes() {
        let auto = CharAutomaton::new(&["a", "é", "到é", "经a", "b"]);
        for (hay, want) in [("到é", vec![(0, 5, 2), (3, 5, 1)]), ("经a", vec![(0, 4, 3), (3, 4, 0)]), ("𠀀a", vec![(4, 5, 0)]), ("ab", vec![(0, 1, 0), (1, 2, 4)]), ("é", vec![(0, 2, 1)])] {
            let mut got = Vec::new();
            auto.each_match(hay, |s, e, k| got.push((s, e, k)));
            assert_eq!(got, want, "{hay}");
        }
    }

    /// The back trie reports the listed words that end each text, shortest
    /// first.
    #[test]
    fn back_trie_finds_the_words_ending_a_text() {
        let words = ["已", "已经", "经济", "力争", "力争到", "到", "年底", "底"];
        let trie = BackTrie::new(&words);
        for text in ["力争到", "2025年底", "已经", "x经济", "é到", "𠀀已", "", "济", "争到"] {
            let mut got = Vec::new();
            trie.each_ending(text, |start, k| got.push((start, k)));
            let mut want: Vec<(usize, u16)> = (0..words.len()).filter(|&k| text.ends_with(words[k])).map(|k| (text.len() - words[k].len(), k as u16)).collect();
            want.sort_by_key(|&(start, _)| std::cmp::Reverse(start));
            assert_eq!(got, want, "{text}");
        }
    }

    /// The character automaton reports what an overlapping byte search
    /// does, ordered by (end, start).
    #[test]
    fn char_automaton_is_the_overlapping_search() {
        let words = ["已", "已经", "经济", "力争", "力争到", "到20", "到", "年底", "底", "a"];
        let auto = CharAutomaton::new(&words);
        let ac = aho_corasick::AhoCorasick::new(words).unwrap();
        for hay in ["力争到2025年底已经济", "", "到到20到", "x已经已", "é到𠀀已a经", "经济济经"] {
            let mut got = Vec::new();
            auto.each_match(hay, |s, e, k| got.push((e, s, k)));
            let mut want: Vec<(usize, usize, u16)> = ac.find_overlapping_iter(hay).map(|m| (m.end(), m.start(), m.pattern().as_u32() as u16)).collect();
            want.sort_unstable();
            let mut sorted = got.clone();
            sorted.sort_unstable();
            assert_eq!(got, sorted, "{hay}: not in (end, start) order");
            assert_eq!(got, want, "{hay}");
        }
    }
}
