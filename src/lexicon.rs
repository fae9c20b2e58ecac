//! Small word lists looked up at every position of a sentence.
//!
//! The context rules test many positions against short lists (stop
//! words, link words). Most positions start or end no word of a list, so each list
//! keeps an exact filter of its first and last characters and hashes only
//! where the filter lets a word through.

use crate::units::FastHasher;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

/// A set of characters of the Basic Multilingual Plane, one bit each
/// (8 KB); characters beyond it are always reported present.
pub(crate) struct CharFilter(Box<[u64; 1024]>);

impl Default for CharFilter {
    fn default() -> Self {
        CharFilter(Box::new([0; 1024]))
    }
}

impl CharFilter {
    pub(crate) fn insert(&mut self, c: char) {
        if let Some(b) = bmp(c) {
            self.0[b / 64] |= 1 << (b % 64);
        }
    }

    /// False only if `c` was never inserted.
    #[inline]
    pub(crate) fn may_contain(&self, c: char) -> bool {
        bmp(c).is_none_or(|b| self.0[b / 64] & (1 << (b % 64)) != 0)
    }
}

fn bmp(c: char) -> Option<usize> {
    let b = c as usize;
    (b < 1 << 16).then_some(b)
}

/// Words are looked up by their first or last character and length in
/// characters up to this; longer words only whole.
const FILTERED_CHARS: usize = 4;

/// A set of words, looked up whole, by prefix or by suffix.
pub(crate) struct WordSet {
    words: FastSet<&'static str>,
    /// `first[n - 1]`: first characters of the words of `n` characters.
    first: [CharFilter; FILTERED_CHARS],
    /// `last[n - 1]`: last characters of the words of `n` characters.
    last: [CharFilter; FILTERED_CHARS],
}

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let mut set = WordSet { words: words.iter().copied().collect(), first: Default::default(), last: Default::default() };
        for w in words {
            let n = w.chars().count();
            if (1..=FILTERED_CHARS).contains(&n) {
                set.first[n - 1].insert(w.chars().next().unwrap_or('\0'));
                set.last[n - 1].insert(w.chars().next_back().unwrap_or('\0'));
            }
        }
        set
    }

    pub(crate) fn contains(&self, s: &str) -> bool {
        self.words.contains(s)
    }

    /// Byte length of the longest word of at most `max` (≤ 4) characters
    /// that `s` ends with.
    pub(crate) fn longest_suffix(&self, s: &str, max: usize) -> Option<usize> {
        let last = s.chars().next_back()?;
        let mut longest = None;
        for (n, (i, _)) in s.char_indices().rev().take(max.min(FILTERED_CHARS)).enumerate() {
            if self.last[n].may_contain(last) && self.contains(&s[i..]) {
                longest = Some(s.len() - i);
            }
        }
        longest
    }

    /// Byte length of the longest word of `min..=max` (≤ 4) characters
    /// that `s` starts with.
    pub(crate) fn longest_prefix(&self, s: &str, min: usize, max: usize) -> Option<usize> {
        let first = s.chars().next()?;
        let ends = s.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(s.len()));
        let mut longest = None;
        for (n, e) in ends.enumerate().take(max.min(FILTERED_CHARS)) {
            if n + 1 >= min && self.first[n].may_contain(first) && self.contains(&s[..e]) {
                longest = Some(e);
            }
        }
        longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn filter_passes_non_bmp() {
        let f = CharFilter::default();
        assert!(!f.may_contain('年'));
        assert!(f.may_contain('𠀀'));
    }
}
