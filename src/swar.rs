//! Byte searches eight bytes at a time ("SIMD within a register").
//!
//! The scanning loops of the byte stages stepped character by character
//! through a table (`i += STEP[bytes[i]]`): each step waits for two loads,
//! so the loop ran at memory latency, not at instruction speed. Testing a
//! whole word for the bytes of interest has no such chain.
//!
//! A test flags a byte by setting its high bit. Byte ranges are compared on
//! the low seven bits ([`at_least`]), which never carries into the next
//! byte: every flag is exact.

/// `b` in every byte.
#[inline(always)]
pub(crate) const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The low seven bits of every byte of `w`, the argument of [`at_least`].
#[inline(always)]
pub(crate) const fn low7(w: u64) -> u64 {
    w & splat(0x7F)
}

/// The high bit of each byte is set where the byte of `low` (seven bits,
/// from [`low7`]) is at least `n` (at most 0x80); the other bits are noise.
#[inline(always)]
pub(crate) const fn at_least(low: u64, n: u8) -> u64 {
    low + splat(0x80 - n)
}

/// The high bit of every byte.
pub(crate) const HIGH: u64 = splat(0x80);

/// The first word from `from` with a flag: its offset and flags (only
/// high bits). The last word may be short.
#[inline(always)]
pub(crate) fn flagged_word(bytes: &[u8], from: usize, flags: impl Fn(u64) -> u64) -> Option<(usize, u64)> {
    // Whole words by a slice iterator: a pointer compare a step, where
    // `get(from..from + 8)` tested for overflow and length.
    let mut words = bytes.get(from..).unwrap_or_default().chunks_exact(8);
    let mut at = from;
    for chunk in words.by_ref() {
        let m = flags(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if m != 0 {
            return Some((at, m));
        }
        at += 8;
    }
    // The last few bytes, zero-padded; flags on the padding are dropped.
    let rest = words.remainder();
    let mut word = [0u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    let m = flags(u64::from_le_bytes(word)) & ((1u64 << (8 * rest.len())) - 1);
    (m != 0).then_some((at, m))
}

/// The first byte from `from` that `flags` flags and `accept` takes, with
/// what `accept` returned: the flags narrow the search, `accept` decides.
#[inline(always)]
pub(crate) fn first_accepted<T>(bytes: &[u8], mut from: usize, flags: impl Fn(u64) -> u64, mut accept: impl FnMut(usize) -> Option<T>) -> Option<(usize, T)> {
    while let Some((at, mut m)) = flagged_word(bytes, from, &flags) {
        while m != 0 {
            let i = at + first(m);
            if let Some(t) = accept(i) {
                return Some((i, t));
            }
            m &= m - 1;
        }
        from = at + 8;
    }
    None
}

/// Offset in its word of the lowest flag of `m` (not 0).
#[inline(always)]
pub(crate) fn first(m: u64) -> usize {
    (m.trailing_zeros() / 8) as usize
}

/// The number of characters in `bytes` (whole UTF-8 characters): the bytes
/// that are not continuation bytes, counted a word at a time.
///
/// Each word's lead flags are summed per byte lane (the baseline target has
/// no popcount instruction), and the lanes added up by one multiplication
/// into the top byte every 31 words, while their total (at most 8 × 31)
/// fits in it.
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    let mut n = 0;
    let mut chunks = bytes.chunks_exact(8);
    while chunks.len() > 0 {
        let mut lanes = 0u64;
        for word in chunks.by_ref().take(31) {
            lanes += lead_lanes(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        }
        n += lane_sum(lanes);
    }
    let rest = chunks.remainder().len();
    match bytes.len().checked_sub(8) {
        // The last eight bytes hold the rest in their top bytes: one word,
        // not a loop over up to seven bytes (each line of a page has a rest).
        Some(at) if rest > 0 => {
            let last = u64::from_le_bytes(bytes[at..].try_into().expect("eight bytes"));
            n + lane_sum(lead_lanes(last) >> (8 * (8 - rest)))
        }
        _ => n + chunks.remainder().iter().filter(|&&b| b & 0xC0 != 0x80).count(),
    }
}

/// 1 in each byte lane of `x` that is not a UTF-8 continuation byte, else 0.
#[inline(always)]
fn lead_lanes(x: u64) -> u64 {
    ((x << 1 | !x) & HIGH) >> 7
}

/// The sum of the byte lanes of `lanes` (at most 255 in all).
#[inline(always)]
fn lane_sum(lanes: u64) -> usize {
    (lanes.wrapping_mul(splat(1)) >> 56) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first flagged byte from `from`.
    fn find(bytes: &[u8], from: usize, flags: impl Fn(u64) -> u64) -> Option<usize> {
        flagged_word(bytes, from, flags).map(|(at, m)| at + first(m))
    }

    /// Every byte value at every place of a word, after every byte value:
    /// the first flagged byte is the first byte in the range.
    #[test]
    fn flags_are_exact() {
        for (lo, hi) in [(0x00, 0x21), (0x21, 0x22), (0x40, 0x64), (0x6F, 0x80), (0x7F, 0x80)] {
            let flags = |w: u64| at_least(low7(w), lo) & !at_least(low7(w), hi) & !w & HIGH;
            let is = |b: u8| (lo..hi).contains(&b);
            for at in 0..8 {
                for b in 0..=255u8 {
                    for before in (0..=255u8).step_by(5) {
                        let mut bytes = [0xC5u8; 12];
                        bytes[..at].fill(before);
                        bytes[at] = b;
                        let expect = bytes.iter().position(|&x| is(x));
                        assert_eq!(find(&bytes, 0, flags), expect, "{bytes:?}");
                        assert_eq!(find(&bytes[..at + 1], 0, flags), expect, "{bytes:?}");
                        assert_eq!(find(&bytes, at, flags), is(b).then_some(at), "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn char_count_counts_characters() {
        let text = "全县a2019年，€𠀀新建大棚 40座。".repeat(40);
        for (from, _) in text.char_indices().take(60) {
            for (to, _) in text[from..].char_indices().step_by(7) {
                let s = &text[from..from + to];
                assert_eq!(char_count(s.as_bytes()), s.chars().count(), "{s:?}");
            }
        }
    }
}
