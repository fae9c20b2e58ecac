//! Normalisation of OCR text, with a map back to the original.
//!
//! Matching runs on a normalised copy: whitespace removed (OCR puts spaces
//! and line breaks inside numbers and words), full-width digits and signs
//! made ASCII. Every fact must still point into the *original* bytes, so the
//! normalised text keeps a sparse offset map: an anchor wherever the
//! difference between original and normalised positions changes.

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

/// End of the run of characters from byte `i` that [`normalise_char`] keeps
/// unchanged. Steps over whole characters by their lead byte; only ASCII
/// whitespace and characters with the lead bytes C2 (U+0080–U+00BF), E1
/// (U+1680), E2 (U+2000–U+205F), E3 (U+3000–U+301C) and EF (U+FEFF,
/// full-width forms) can be changed or dropped, so only those are decoded.
fn kept_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        let len = match b {
            b'\t'..=b'\r' | b' ' => return i,
            0x00..=0x7F => 1,
            0xC2 => 2,
            0xE1..=0xE3 | 0xEF => 3,
            0x80..=0xDF => {
                i += 2;
                continue;
            }
            0xE0..=0xEF => {
                i += 3;
                continue;
            }
            _ => {
                i += 4;
                continue;
            }
        };
        if len > 1 && changed(code_point(&bytes[i..i + len])) {
            return i;
        }
        i += len;
    }
    i
}

/// The code point of one 2- or 3-byte UTF-8 character.
fn code_point(b: &[u8]) -> u32 {
    match *b {
        [b0, b1] => (b0 as u32 & 0x1F) << 6 | (b1 as u32 & 0x3F),
        [b0, b1, b2] => (b0 as u32 & 0x0F) << 12 | (b1 as u32 & 0x3F) << 6 | (b2 as u32 & 0x3F),
        _ => unreachable!("only called on 2- and 3-byte characters"),
    }
}

/// Whether [`normalise_char`] changes or drops the non-ASCII character `c`,
/// without its general whitespace lookup (tested against it on all of
/// Unicode).
fn changed(c: u32) -> bool {
    matches!(c, 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200B | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0x301C | 0xFEFF | 0xFF05 | 0xFF0B | 0xFF0D..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A | 0xFF5E)
}

impl<'a> Normalized<'a> {
    /// Normalises `original`.
    pub fn new(original: &'a str) -> Normalized<'a> {
        let mut text = String::with_capacity(original.len());
        let mut anchors = vec![(0u32, 0u32)];
        let mut breaks: Vec<(u32, u8)> = Vec::new();
        let mut delta: i64 = 0;
        // Original offset of the first whitespace dropped since the last kept
        // character: a kept separator space maps there.
        let mut pending_space: Option<usize> = None;
        let mut i = 0;
        while let Some(c) = original[i..].chars().next() {
            let Some(n) = normalise_char(c) else {
                if c == '\n' {
                    let at = text.len() as u32;
                    match breaks.last_mut() {
                        Some((p, k)) if *p == at => *k = k.saturating_add(1),
                        _ => breaks.push((at, 1)),
                    }
                }
                pending_space.get_or_insert(i);
                i += c.len_utf8();
                continue;
            };
            // A space between two ASCII alphanumerics separates tokens
            // (`2019 102`), so it survives as one space.
            if let Some(ws) = pending_space.take() {
                if n.is_ascii_alphanumeric() && text.as_bytes().last().is_some_and(|b| b.is_ascii_alphanumeric()) {
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
            text.push(n);
            i += c.len_utf8();
            if n == c {
                // The characters kept as they are after this one map with the
                // same offset delta: copy them at once.
                let end = kept_run_end(original.as_bytes(), i);
                text.push_str(&original[i..end]);
                i = end;
            }
        }
        let end = text.len();
        if original.len() as i64 - end as i64 != delta {
            anchors.push((end as u32, original.len() as u32));
        }
        Normalized { original, text, anchors, breaks }
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

    /// Original byte offset of the character starting at normalised `pos`.
    pub fn orig_start(&self, pos: usize) -> usize {
        let k = self.anchors.partition_point(|&(n, _)| n as usize <= pos) - 1;
        let (n, o) = self.anchors[k];
        o as usize + (pos - n as usize)
    }

    /// Original byte range of the normalised range `start..end`: from the
    /// first character's start to the last character's end, so trailing
    /// dropped whitespace is not included.
    pub fn orig_range(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let s = self.orig_start(start.min(self.text.len()));
            return (s, s);
        }
        let last = (start..end).rev().find(|&i| self.text.is_char_boundary(i)).unwrap_or(start);
        let o_last = self.orig_start(last);
        let len = self.original[o_last..].chars().next().map_or(0, char::len_utf8);
        (self.orig_start(start), o_last + len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
