//! The domain dictionary (words of the field: 贫困户, 衔接资金, 中药材),
//! found in the short windows around a figure.
//!
//! Windows are a few dozen bytes and searched for every figure, so the
//! search is anchored: a word is tried only where the bitmap of the first
//! two characters of the words lets one begin (about one position in
//! twenty), instead of running the automaton over every byte.

use crate::lexicon::{has_bit, set_bit};
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

/// The domain words, searchable by prefix.
#[derive(Debug)]
pub(crate) struct Domain {
    /// Longest match, anchored, walked through its transitions (no search
    /// set-up a call). A contiguous NFA, not a DFA: the DFA of ~1,200 words
    /// takes 4.4 MB and its cache misses cost more (about 10% of the whole
    /// extraction, wall clock) than the NFA's extra steps.
    nfa: NFA,
    /// The first two characters of every word, hashed; `None` when some
    /// word is a single character (every position is then tried).
    pairs: Option<Box<[u64]>>,
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
        let nfa = NFA::builder().match_kind(MatchKind::LeftmostLongest).build(&words).expect("domain dictionary builds");
        let mut bits = vec![0u64; 1 << (PAIR_BITS - 6)].into_boxed_slice();
        let mut pairs_hold_all = true;
        for w in &words {
            let mut cs = w.chars();
            match (cs.next(), cs.next()) {
                (Some(a), Some(b)) => set_bit(&mut bits, pair_bit(a, b)),
                _ => pairs_hold_all = false,
            }
        }
        Domain { nfa, pairs: pairs_hold_all.then_some(bits) }
    }

    /// Byte length of the longest word `s` starts with: the last match
    /// state passed before the anchored walk dies.
    pub(crate) fn prefix(&self, s: &str) -> Option<usize> {
        let nfa = &self.nfa;
        let mut sid = nfa.start_state(Anchored::Yes).ok()?;
        let mut end = None;
        for (i, &b) in s.as_bytes().iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_dead(sid) {
                break;
            }
            if nfa.is_match(sid) {
                end = Some(i + 1);
            }
        }
        end
    }

    /// Whether a word may begin with characters `a`, `b`.
    fn may_begin(&self, a: char, b: char) -> bool {
        self.pairs.as_ref().is_none_or(|bits| has_bit(bits, pair_bit(a, b)))
    }

    /// The words of `window` as a leftmost-longest search reports them (at
    /// each position the longest word starting there, then on after it),
    /// at most `out.len()` of them; returns how many.
    pub(crate) fn find_all(&self, window: &str, out: &mut [(usize, usize)]) -> usize {
        let mut n = 0;
        // Where the last word found ends: no word starts inside it.
        let mut next_free = 0;
        let mut chars = window.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let second = match chars.peek() {
                Some(&(_, d)) => d,
                // One character left: a word of one character only.
                None if self.pairs.is_none() => '\0',
                None => break,
            };
            if i < next_free || !self.may_begin(c, second) {
                continue;
            }
            if let Some(len) = self.prefix(&window[i..]) {
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

    /// The anchored walk reports what the unanchored leftmost-longest
    /// automaton does, on windows written to hold nested, adjacent and
    /// overlapping words.
    #[test]
    fn find_all_is_leftmost_longest() {
        use aho_corasick::AhoCorasick;
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
                let n = domain.find_all(window, &mut got);
                assert_eq!(&got[..n], &want[..], "{window}");
            }
        }
    }
}
