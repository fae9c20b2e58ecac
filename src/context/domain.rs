//! The domain dictionary (words of the field: 贫困户, 衔接资金, 中药材),
//! found in the short windows around a figure.
//!
//! Windows are a few dozen bytes and searched for every figure, so the
//! search is anchored: a word is tried only where the bitmap of the first
//! two characters of the words lets one begin (about one position in
//! twenty), instead of walking the trie from every character.

use crate::lexicon::{has_bit, set_bit, IntHash};
use std::collections::HashMap;

/// The domain words, searchable by prefix.
#[derive(Debug)]
pub(crate) struct Domain {
    /// The words as a trie over characters: `(node, character)` → child,
    /// one hashed look-up a character. (An Aho-Corasick NFA walked byte by
    /// byte took three transitions a Han character, each a search among
    /// the state's edges; its DFA takes 4.4 MB.)
    edges: HashMap<u64, u32, IntHash>,
    /// Whether each node ends a word.
    ends_word: Vec<bool>,
    /// The first two characters of every word, hashed; `None` when some
    /// word is a single character (every position is then tried).
    pairs: Option<Box<[u64]>>,
    /// Every two characters side by side in a word, hashed: a word crosses
    /// a boundary only where the characters on its two sides are such a
    /// pair, which most boundaries are not.
    neighbours: Box<[u64]>,
}

/// Key of the edge from `node` by character `c`.
fn edge(node: u32, c: char) -> u64 {
    (node as u64) << 21 | c as u64
}

/// Bits in the pair bitmap (8 KB).
const PAIR_BITS: u32 = 16;

fn pair_bit(a: char, b: char) -> usize {
    let key = (a as u64) << 21 | b as u64;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_BITS)) as usize
}

impl Domain {
    pub(crate) fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Domain {
        let words: Vec<&str> = words.into_iter().collect();
        let mut edges = HashMap::default();
        let mut ends_word = vec![false];
        for w in &words {
            let mut node = 0u32;
            for c in w.chars() {
                let next = ends_word.len() as u32;
                node = *edges.entry(edge(node, c)).or_insert_with(|| {
                    ends_word.push(false);
                    next
                });
            }
            ends_word[node as usize] = true;
        }
        let mut bits = vec![0u64; 1 << (PAIR_BITS - 6)].into_boxed_slice();
        let mut pairs_hold_all = true;
        for w in &words {
            let mut cs = w.chars();
            match (cs.next(), cs.next()) {
                (Some(a), Some(b)) => set_bit(&mut bits, pair_bit(a, b)),
                _ => pairs_hold_all = false,
            }
        }
        let mut neighbours = vec![0u64; 1 << (PAIR_BITS - 6)].into_boxed_slice();
        for w in &words {
            for (a, b) in w.chars().zip(w.chars().skip(1)) {
                set_bit(&mut neighbours, pair_bit(a, b));
            }
        }
        Domain { edges, ends_word, pairs: pairs_hold_all.then_some(bits), neighbours }
    }

    /// Byte length of the longest word `s` starts with: the last node
    /// ending a word passed before the walk down the trie stops.
    pub(crate) fn prefix(&self, s: &str) -> Option<usize> {
        // Most positions begin no word: the pair bitmap says so first.
        let mut cs = s.chars();
        if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
            if !self.may_begin(a, b) {
                return None;
            }
        }
        self.walk(s)
    }

    /// [`Domain::prefix`] without the pair test.
    fn walk(&self, s: &str) -> Option<usize> {
        let mut node = 0u32;
        let mut end = None;
        for (i, c) in s.char_indices() {
            let Some(&next) = self.edges.get(&edge(node, c)) else { break };
            node = next;
            if self.ends_word[node as usize] {
                end = Some(i + c.len_utf8());
            }
        }
        end
    }

    /// Whether a word may end `s`: false only where none can (the last two
    /// characters are no pair of a word, and no word has one character).
    pub(crate) fn may_end(&self, s: &str) -> bool {
        let mut cs = s.chars().rev();
        match (cs.next(), cs.next()) {
            (Some(b), Some(a)) => self.pairs.is_none() || self.may_join(a, b),
            (Some(_), None) => self.pairs.is_none(),
            _ => false,
        }
    }

    /// Whether a word may cross byte `at` of `s` (begin before it and end
    /// after it): false only where none can.
    pub(crate) fn may_cross(&self, s: &str, at: usize) -> bool {
        match (s[..at].chars().next_back(), s[at..].chars().next()) {
            (Some(a), Some(b)) => self.may_join(a, b),
            _ => false,
        }
    }

    /// Whether some word holds `a` and `b` side by side.
    fn may_join(&self, a: char, b: char) -> bool {
        has_bit(&self.neighbours, pair_bit(a, b))
    }

    /// Whether a word may begin with characters `a`, `b`.
    fn may_begin(&self, a: char, b: char) -> bool {
        self.pairs.as_ref().is_none_or(|bits| has_bit(bits, pair_bit(a, b)))
    }

    /// The words of `window` as a leftmost-longest search reports them (at
    /// each position the longest word starting there, then on after it),
    /// those that start before byte `bound`, at most `out.len()` of them;
    /// returns how many.
    pub(crate) fn find_all(&self, window: &str, bound: usize, out: &mut [(usize, usize)]) -> usize {
        let mut n = 0;
        // Where the last word found ends: no word starts inside it.
        let mut next_free = 0;
        let mut chars = window.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if i >= bound {
                break;
            }
            let second = match chars.peek() {
                Some(&(_, d)) => d,
                // One character left: a word of one character only.
                None if self.pairs.is_none() => '\0',
                None => break,
            };
            if i < next_free || !self.may_begin(c, second) {
                continue;
            }
            if let Some(len) = self.walk(&window[i..]) {
                out[n] = (i, i + len);
                n += 1;
                if n == out.len() {
                    break;
                }
                next_free = i + len;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `prefix` (pair test, then the trie) is the longest listed word at
    /// the start, by brute force.
    #[test]
    fn prefix_is_the_longest_word_at_the_start() {
        let words = ["贫困", "贫困户", "困户", "户籍", "衔接资金", "中药材", "药材"];
        let domain = Domain::new(words);
        for text in ["贫困户籍资金", "衔接资金中药材药材", "困户户籍贫", "药", "", "x贫困"] {
            for (i, _) in text.char_indices() {
                let want = words.iter().filter(|w| text[i..].starts_with(**w)).map(|w| w.len()).max();
                assert_eq!(domain.prefix(&text[i..]), want, "{}", &text[i..]);
            }
        }
    }

    /// The filters say no only where no word ends or crosses, by brute
    /// force over every word found anywhere in the text.
    #[test]
    fn may_end_and_may_cross_miss_no_word() {
        let words = ["贫困", "贫困户", "困户", "户籍", "衔接资金", "中药材", "药材"];
        for with_single in [false, true] {
            let list: Vec<&str> = words.iter().copied().chain(with_single.then_some("资")).collect();
            let domain = Domain::new(list.iter().copied());
            for text in ["贫困户籍资金", "衔接资金中药材药材", "困户户籍贫", "药", "", "x贫困", "资"] {
                let found: Vec<(usize, usize)> = list.iter().flat_map(|w| text.match_indices(*w).map(|(i, _)| (i, i + w.len()))).collect();
                for at in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
                    if found.iter().any(|&(_, e)| e == at) {
                        assert!(domain.may_end(&text[..at]), "{text} ends at {at}");
                    }
                    if found.iter().any(|&(s, e)| s < at && at < e) {
                        assert!(domain.may_cross(text, at), "{text} crossed at {at}");
                    }
                }
            }
            // (With a word of one character, any end may end one.)
            assert_eq!(domain.may_end("x户"), with_single);
            assert!(!domain.may_cross("贫x困", 3));
        }
    }

    /// The anchored walk reports what the unanchored leftmost-longest
    /// automaton does, on windows written to hold nested, adjacent and
    /// overlapping words.
    #[test]
    fn find_all_is_leftmost_longest() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let words = ["贫困", "贫困户", "困户", "户籍", "资金", "衔接资金", "接资", "中药材", "药材", "a"];
        let reference = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(words).unwrap();
        for with_single in [false, true] {
            let list: Vec<&str> = words.iter().copied().filter(|w| with_single || *w != "a").collect();
            let domain = Domain::new(list.iter().copied());
            assert_eq!(domain.pairs.is_some(), !with_single);
            let reference = if with_single { reference.clone() } else { AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&list).unwrap() };
            for window in ["全县贫困户籍资金", "衔接资金中药材药材", "困户户籍a贫困", "药", "", "x贫困户贫困户贫困户贫困户贫困户贫困户贫困户贫困户贫困户"] {
                let want: Vec<(usize, usize)> = reference.find_iter(window).take(8).map(|m| (m.start(), m.end())).collect();
                let mut got = [(0, 0); 8];
                let n = domain.find_all(window, window.len(), &mut got);
                assert_eq!(&got[..n], &want[..], "{window}");
                // Bounded: those of the words that start before the bound.
                for bound in window.char_indices().map(|(i, _)| i) {
                    let n = domain.find_all(window, bound, &mut got);
                    let starting: Vec<(usize, usize)> = want.iter().copied().filter(|&(s, _)| s < bound).collect();
                    assert_eq!(&got[..n], &starting[..], "{window} {bound}");
                }
            }
        }
    }
}
