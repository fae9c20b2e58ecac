//! Normalisation of OCR text, with a map back to the original.
//!
//! Matching runs on a normalised copy: whitespace removed (OCR puts spaces
//! and line breaks inside numbers and words), full-width digits and signs
//! made ASCII. Every fact must still point into the *original* bytes, so the
//! normalised text keeps a sparse offset map: an anchor wherever the
//! difference between original and normalised positions changes.

use crate::swar;

/// Normalised text plus the map back to the original.
#[derive(Clone, Debug)]
pub struct Normalized<'a> {
    original: &'a str,
    text: String,
    /// `(normalised byte, original byte)` anchors, ascending in both.
    anchors: Vec<(u32, u32)>,
    /// Normalised byte offsets where the original had a line break, with the
    /// number of line breaks there (2+ means a blank line).
    breaks: Vec<(u32, u8)>,
    /// Normalised offsets of the kept characters looked at closer (see
    /// [`may_change`]), every sentence and clause mark among them.
    marks: Vec<u32>,
}

/// Maps one character to its normalised form; `None` drops it.
fn normalise_char(c: char) -> Option<char> {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0),
        '．' => Some('.'),
        '％' => Some('%'),
        '～' | '〜' => Some('~'),
        '－' => Some('-'),
        '＋' => Some('+'),
        '／' => Some('/'),
        '\u{3000}' | '\u{a0}' | '\u{feff}' | '\u{200b}' => None,
        c if c.is_whitespace() => None,
        c => Some(c),
    }
}

/// End of the run of characters from byte `from` that [`normalise_char`] keeps
/// unchanged. Only ASCII whitespace and characters with the lead bytes C2
/// (U+0080–U+00BF), E1 (U+1680), E2 (U+2000–U+205F), E3 (U+3000–U+301C)
/// and EF (U+FEFF, full-width forms) can be changed or dropped: those
/// bytes are searched a word at a time ([`may_change`]), and only the
/// characters they start are looked at closer. The offsets of the sentence
/// and clause marks among those kept go into `marks`.
fn kept_run_end_noting(bytes: &[u8], from: usize, marks: &mut Vec<u32>) -> usize {
    // Every flag of a word in turn: kept punctuation (，。“”) is common, and
    // searching afresh after each would read words again. A character
    // running past a word leaves continuation bytes, which no flag marks.
    let changed = swar::first_accepted(bytes, from, may_change, |j| {
        let look = look_at(bytes, j);
        if look == Look::Mark {
            marks.push(j as u32);
        }
        (look == Look::Changes).then_some(())
    });
    changed.map_or(bytes.len(), |(j, ())| j)
}

/// [`kept_run_end_noting`], the marks dropped.
#[cfg(test)]
fn kept_run_end(bytes: &[u8], from: usize) -> usize {
    kept_run_end_noting(bytes, from, &mut Vec::new())
}

/// What normalisation does with the character at a flagged byte.
#[derive(Clone, Copy, PartialEq)]
enum Look {
    /// Changed or dropped: the kept run ends there.
    Changes,
    /// Kept, and a sentence or clause mark (`。，：；！？!,:;?`), noted for
    /// the segmenter.
    Mark,
    /// Kept (other punctuation, controls and lead bytes).
    Kept,
}

/// What normalisation does with the character starting at flagged byte `j`.
fn look_at(bytes: &[u8], j: usize) -> Look {
    let changes_if = |changes: bool| if changes { Look::Changes } else { Look::Kept };
    match bytes[j] {
        b'\t'..=b'\r' | b' ' => Look::Changes,
        b'!' | b',' | b':' | b';' | b'?' => Look::Mark,
        0xC2 => changes_if(changed(code_point(&bytes[j..j + 2]))),
        // 。 E3 80 82; ！ EF BC 81, ， EF BC 8C, ： EF BC 9A, ； EF BC 9B,
        // ？ EF BC 9F: told on the bytes, not decoded.
        0xE0..=0xE3 | 0xEF => match (bytes[j], bytes[j + 1], bytes[j + 2]) {
            (0xE3, 0x80, 0x82) | (0xEF, 0xBC, 0x81 | 0x8C | 0x9A | 0x9B | 0x9F) => Look::Mark,
            _ => changes_if(changed(code_point(&bytes[j..j + 3]))),
        },
        _ => Look::Kept,
    }
}

/// Flags the bytes of `w` that may start a character [`normalise_char`]
/// changes: ASCII control characters and space, and the lead bytes C0–E3
/// and EF–FF. Beyond C2, E1–E3 and EF, those are rare in Chinese text
/// (controls, Latin letters, emoji) and only cost a closer look. None of
/// them is a continuation byte.
///
/// Also flagged, for the marks the segmenter needs (which would otherwise
/// cost it a search of its own): ASCII `!`–`.` and `:`–`?`, for `!,:;?`.
/// All CJK marks (`。，：；！？`) start with E3 or EF.
///
/// Both kinds are one test: a byte whose bit 6 equals its high bit
/// (ASCII 00–3F, lead bytes C0–FF), and whose low six bits are outside
/// 2F–39 (`/` and the digits), or outside 24–2E for a lead byte (E4–EE,
/// the Han characters) — moved onto 2F–39 by adding 0B.
#[inline(always)]
fn may_change(w: u64) -> u64 {
    let lead = w & swar::HIGH;
    let ascii_or_lead = !(w ^ w << 1);
    let low6 = (w & swar::splat(0x3F)) + (lead >> 7) * 0x0B;
    let kept = swar::at_least(low6, 0x2F) & !swar::at_least(low6, 0x3A);
    ascii_or_lead & !kept & swar::HIGH
}

/// Length of the UTF-8 character whose first byte is `lead` (callers pass
/// lead bytes only).
#[inline(always)]
pub(crate) const fn utf8_len(lead: u8) -> usize {
    UTF8_LEN[lead as usize] as usize
}

/// [`utf8_len`] of every byte: one look-up, cheaper than comparisons in the
/// loops that step over every character.
const UTF8_LEN: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b {
            0..=0x7F => 1,
            0x80..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    t
};

/// The code point of one 2- or 3-byte UTF-8 character.
fn code_point(b: &[u8]) -> u32 {
    match *b {
        [b0, b1] => (b0 as u32 & 0x1F) << 6 | (b1 as u32 & 0x3F),
        [b0, b1, b2] => crate::lexicon::three_byte_char(b0, b1, b2).into(),
        _ => unreachable!("only called on 2- and 3-byte characters"),
    }
}

/// Whether [`normalise_char`] changes or drops the non-ASCII character `c`,
/// without its general whitespace lookup (tested against it on all of
/// Unicode).
fn changed(c: u32) -> bool {
    matches!(c, 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200B | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0x301C | 0xFEFF | 0xFF05 | 0xFF0B | 0xFF0D..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0xFF5E)
}

/// Counts a line break of the original at normalised offset `at`.
fn note_break(breaks: &mut Vec<(u32, u8)>, at: usize) {
    let at = at as u32;
    match breaks.last_mut() {
        Some((p, k)) if *p == at => *k = k.saturating_add(1),
        _ => breaks.push((at, 1)),
    }
}

impl<'a> Normalized<'a> {
    /// Normalises `original`.
    pub fn new(original: &'a str) -> Normalized<'a> {
        let mut text = String::with_capacity(original.len());
        // OCR text breaks lines every ~20 characters (60 bytes), each break
        // making an anchor: sized for one every 32 bytes, the maps seldom
        // grow (a dozen reallocations each cost more than a count would).
        let mut anchors = Vec::with_capacity(original.len() / 32 + 8);
        anchors.push((0u32, 0u32));
        let mut breaks: Vec<(u32, u8)> = Vec::with_capacity(original.len() / 32);
        // About one mark in 27 bytes of news text. (Kept below 1 KiB for
        // a page, the allocation stays off malloc's slower large-chunk path.)
        let mut marks = Vec::with_capacity(original.len() / 24);
        let mut delta: i64 = 0;
        // Original offset of the first whitespace dropped since the last kept
        // character: a kept separator space maps there.
        let mut pending_space: Option<usize> = None;
        let mut i = 0;
        // Before a kept character `first` at original byte `i`: the
        // separator space owed to dropped whitespace, and an anchor where
        // the offset delta changes.
        let mut keep = |i: usize, first: char, text: &mut String, pending_space: &mut Option<usize>| {
            // A space between two ASCII alphanumerics separates tokens
            // (`2019 102`), so it survives as one space.
            if let Some(ws) = pending_space.take() {
                if first.is_ascii_alphanumeric() && text.as_bytes().last().is_some_and(|b| b.is_ascii_alphanumeric()) {
                    let j = text.len();
                    if ws as i64 - j as i64 != delta {
                        delta = ws as i64 - j as i64;
                        anchors.push((j as u32, ws as u32));
                    }
                    text.push(' ');
                }
            }
            let j = text.len();
            if i as i64 - j as i64 != delta {
                delta = i as i64 - j as i64;
                anchors.push((j as u32, i as u32));
            }
        };
        let bytes = original.as_bytes();
        while i < original.len() {
            // ASCII whitespace, where most runs stop: dropped.
            if matches!(bytes[i], b'\t'..=b'\r' | b' ') {
                if bytes[i] == b'\n' {
                    note_break(&mut breaks, text.len());
                }
                pending_space.get_or_insert(i);
                i += 1;
                continue;
            }
            // The characters kept as they are map with one offset delta:
            // copy them at once.
            let noted = marks.len();
            let end = kept_run_end_noting(bytes, i, &mut marks);
            if end > i {
                keep(i, bytes[i] as char, &mut text, &mut pending_space);
                // The run's marks were noted at original offsets.
                let shift = (i - text.len()) as u32;
                marks[noted..].iter_mut().for_each(|m| *m -= shift);
                text.push_str(&original[i..end]);
                i = end;
                continue;
            }
            let c = original[i..].chars().next().expect("a character at a boundary");
            match normalise_char(c) {
                Some(n) => {
                    keep(i, n, &mut text, &mut pending_space);
                    text.push(n);
                }
                None => {
                    pending_space.get_or_insert(i);
                }
            }
            i += c.len_utf8();
        }
        let end = text.len();
        if original.len() as i64 - end as i64 != delta {
            anchors.push((end as u32, original.len() as u32));
        }
        Normalized { original, text, anchors, breaks, marks }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original text.
    pub fn original(&self) -> &'a str {
        self.original
    }

    /// Line breaks of the original, as normalised offsets with their count.
    pub fn breaks(&self) -> &[(u32, u8)] {
        &self.breaks
    }

    /// Normalised offsets, ascending, of the sentence and clause marks
    /// (`。，：；！？!,:;?`), noted by normalisation on its way.
    pub(crate) fn marks(&self) -> &[u32] {
        &self.marks
    }

    /// Original byte offset of the character starting at normalised `pos`.
    pub fn orig_start(&self, pos: usize) -> usize {
        self.at_anchor(self.anchor_of(pos), pos)
    }

    /// Original byte range of the normalised range `start..end`: from the
    /// first character's start to the last character's end, so trailing
    /// dropped whitespace is not included.
    pub fn orig_range(&self, start: usize, end: usize) -> (usize, usize) {
        let mut anchor = 0;
        self.orig_range_onward(&mut anchor, start, end)
    }

    /// [`orig_range`](Self::orig_range) for ranges taken in text order:
    /// `anchor` (0 at first) keeps the anchor of the last range's start, from
    /// which the next is looked for forward instead of among all anchors.
    pub(crate) fn orig_range_onward(&self, anchor: &mut usize, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let s = self.orig_start(start.min(self.text.len()));
            return (s, s);
        }
        // The last character starts at the last lead byte before `end`.
        let last = (start..end).rev().find(|&i| self.text.as_bytes()[i] & 0xC0 != 0x80).unwrap_or(start);
        // One search: the anchor of the last character is that of the
        // first or one of the few after it.
        let mut k = self.anchor_onward(*anchor, start);
        *anchor = k;
        let o_start = self.at_anchor(k, start);
        while self.anchors.get(k + 1).is_some_and(|&(n, _)| n as usize <= last) {
            k += 1;
        }
        let o_last = self.at_anchor(k, last);
        let len = self.original.as_bytes().get(o_last).map_or(0, |&b| utf8_len(b));
        (o_start, o_last + len)
    }

    /// Index of the last anchor at or before normalised `pos`.
    fn anchor_of(&self, pos: usize) -> usize {
        self.anchors.partition_point(|&(n, _)| n as usize <= pos) - 1
    }

    /// Index of the last anchor at or before normalised `pos`, found by
    /// stepping forward from anchor `k` (a binary search if `pos` is before
    /// it). Ranges taken in text order pass each anchor once, and between
    /// two quantities lie a line break or two: steps cost less than a
    /// search.
    fn anchor_onward(&self, k: usize, pos: usize) -> usize {
        let at_or_before = |&(n, _): &(u32, u32)| n as usize <= pos;
        if !self.anchors.get(k).is_some_and(at_or_before) {
            return self.anchor_of(pos);
        }
        k + self.anchors[k + 1..].iter().take_while(|a| at_or_before(a)).count()
    }

    /// Original offset of normalised `pos` through anchor `k`.
    fn at_anchor(&self, k: usize, pos: usize) -> usize {
        let (n, o) = self.anchors[k];
        o as usize + (pos - n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranges taken in text order map as they do one at a time, also when
    /// one goes back.
    #[test]
    fn orig_range_onward_agrees_with_orig_range() {
        let n = Normalized::new("全 县 还\u{3000}有\n\n19040 名贫困人口，参  保 率 96.8%。 ");
        let len = n.text().len();
        let starts: Vec<usize> = (0..len).filter(|&i| n.text().is_char_boundary(i)).collect();
        let mut anchor = 0;
        for (i, &s) in starts.iter().chain(&starts[..3]).enumerate() {
            let e = starts.get(i % starts.len() + 2).copied().unwrap_or(len);
            assert_eq!(n.orig_range_onward(&mut anchor, s, e), n.orig_range(s, e), "{s}..{e}");
        }
    }

    fn round_trip(orig: &str, needle: &str) -> String {
        let n = Normalized::new(orig);
        let s = n.text().find(needle).expect("needle in normalised text");
        let (a, b) = n.orig_range(s, s + needle.len());
        orig[a..b].to_string()
    }

    #[test]
    fn changed_agrees_with_normalise_char() {
        for c in '\u{80}'..=char::MAX {
            // Four-byte characters are never decoded: none may change.
            let expect = c.len_utf8() <= 3 && changed(c as u32);
            assert_eq!(expect, normalise_char(c) != Some(c), "{c:?}");
        }
    }

    #[test]
    fn kept_runs_stop_exactly_at_changed_characters() {
        let text: String = ('\0'..='\u{10000}').collect();
        for (i, c) in text.char_indices() {
            // Each character alone: stepped over when kept, else stopped at.
            let end = i + c.len_utf8();
            let expect = if normalise_char(c) == Some(c) { end } else { i };
            assert_eq!(kept_run_end(&text.as_bytes()[..end], i), expect, "{c:?}");
        }
    }

    /// [`kept_run_end`] by its definition, character by character.
    fn kept_run_end_slow(text: &str, i: usize) -> usize {
        text[i..].char_indices().find(|&(_, c)| normalise_char(c) != Some(c)).map_or(text.len(), |(k, _)| i + k)
    }

    #[test]
    fn word_search_stops_where_characters_change() {
        // Every character at every place of a word, between kept text.
        let mut text = String::new();
        for c in '\0'..=char::MAX {
            for prefix in ["", "a", "ab", "。", "，a", "县里", "县里a", "“县里”", "全县新建大棚"] {
                text.clear();
                text.push_str(prefix);
                text.push(c);
                text.push_str("座，全年增收");
                let expect = if normalise_char(c) == Some(c) { text.len() } else { prefix.len() };
                assert_eq!(kept_run_end(text.as_bytes(), 0), expect, "{c:?} after {prefix:?}");
            }
        }
        let pages = [
            "全县 今年新建大棚１２０座，\n带动农户增收３．５万元。\r\n\n其中　东村５０座；西村７０座～８０座。",
            "参保率达到９６．８％\u{a0}以上，“两不愁三保障”全面落实\u{feff}。Ｇ２０ 高速\t公路里程达 36.5 km",
            "本报讯（记者 张三）\u{2003}截至目前，全镇已建成光伏电站\u{200b}12座、装机容量 3.2 MW。",
        ];
        for page in pages {
            for (i, _) in page.char_indices() {
                assert_eq!(kept_run_end(page.as_bytes(), i), kept_run_end_slow(page, i), "{page:?} at {i}");
            }
        }
    }

    #[test]
    fn marks_hold_every_sentence_and_clause_mark() {
        let page = "全县 今年新建大棚１２０座，\n带动农户增收３．５万元。\r\n\n其中　东村５０座；西村７０座！\u{feff}是否：a,b:c;d!e?　“好”？";
        let n = Normalized::new(page);
        let marks: Vec<usize> = n.marks().iter().map(|&m| m as usize).collect();
        assert!(marks.windows(2).all(|w| w[0] < w[1]), "{marks:?}");
        for (i, c) in n.text().char_indices() {
            if "。，：；！？!,:;?".contains(c) {
                assert!(marks.contains(&i), "{c:?} at {i} of {:?}", n.text());
            }
        }
        assert!(marks.iter().all(|&m| n.text().is_char_boundary(m)));
    }

    #[test]
    fn marks_hold_nothing_but_marks() {
        // Full-width forms normalised to ASCII, other CJK punctuation and
        // spaces: none is a mark, none is noted (the segmenter tells the
        // marks apart by one byte).
        let page = "（１）增长１２．５％，“好”、《报》…—\u{3000}\u{feff}ＡＢ：ｘ！ｙ？；。a,b:c;d!e?";
        let n = Normalized::new(page);
        for &m in n.marks() {
            let c = n.text()[m as usize..].chars().next().expect("a character");
            assert!("。，：；！？!,:;?".contains(c), "{c:?} at {m} of {:?}", n.text());
        }
    }

    #[test]
    fn drops_ocr_spaces_and_breaks() {
        let n = Normalized::new("参 保 率96.8%，共有\n\n3021 户");
        assert_eq!(n.text(), "参保率96.8%，共有3021户");
        assert_eq!(n.breaks(), &[(n.text().find('3').unwrap() as u32, 2)]);
    }

    #[test]
    fn maps_spans_back_to_original() {
        assert_eq!(round_trip("还有 19040 名\n贫困人口", "19040名"), "19040 名");
        assert_eq!(round_trip("合计１２３４户。", "1234户"), "１２３４户");
        assert_eq!(round_trip("达到 ５６．７％ 。", "56.7%"), "５６．７％");
    }

    #[test]
    fn keeps_one_space_between_ascii_tokens() {
        assert_eq!(Normalized::new("2019 \n 102个").text(), "2019 102个");
    }

    #[test]
    fn kept_space_maps_to_the_original_whitespace() {
        // After a full-width digit the kept space must not point inside it.
        let orig = "４\n８";
        let n = Normalized::new(orig);
        assert_eq!(n.text(), "4 8");
        assert_eq!(n.orig_range(1, 2), (3, 4));
        assert_eq!(n.orig_range(2, 3), (4, 7));
    }
}
