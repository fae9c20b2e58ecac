//! Quantities: a number with its unit, minus the numbers that are not
//! quantities (dates, labels, ordinals, idioms, names, page furniture).
//!
//! Runs on normalised text; offsets here are normalised byte offsets.

use crate::fact::{Approx, Kind};
use crate::lexicon::CharSet;
use crate::normalize::utf8_len;
use crate::numbers::{approximation, prefix_qualifier, scan_number_from, suffix_qualifier, BmpChars, RawNumber};
use crate::units::{UnitEntry, UnitLexicon};
use std::borrow::Cow;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use once_cell::sync::Lazy;

/// A quantity found in normalised text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Quantity {
    /// Span of the quantity (number through unit).
    pub start: usize,
    pub end: usize,
    pub number: RawNumber,
    /// Lent from the unit lexicon (built-in units) or owned (units added
    /// at run time).
    pub unit: Cow<'static, str>,
    pub kind: Kind,
    pub core: bool,
    pub approx: Approx,
    pub marker: Option<&'static str>,
    /// Where a qualifier before the number starts (近, 至少要保证), and
    /// where one after the span ends (余, 以上): `start` and `end` when
    /// there is none. Looked up once here for the context stages too.
    pub lead_start: usize,
    pub tail_end: usize,
    /// Where the unit is written (empty when implied by the noun).
    pub unit_start: usize,
    pub unit_end: usize,
    /// A denominator written after a slash (`元/年`).
    pub slash_per: Option<String>,
}

/// Embedded word lists of the scanner.
pub(crate) struct ScanLexicons {
    not_quantities: AhoCorasick,
    /// The characters of the `not_quantities` words: any other character
    /// is a barrier no word can cross.
    not_quantity_chars: CharSet,
    /// Its ASCII characters, bit `c` for `c` (none today): an Arabic
    /// number's first character is looked up without the call.
    not_quantity_ascii: u128,
    /// Every bundle noun, searched anchored: does one start here?
    bundle_starts: AhoCorasick,
    /// The bundle nouns of two or more characters, searched anywhere.
    bundle_inside: AhoCorasick,
    counted_nouns: Vec<(&'static str, &'static str, Kind)>,
    /// `counted_nouns` as an automaton: leftmost-first gives the noun
    /// found earliest, the first listed on a tie.
    counted_finder: AhoCorasick,
}

fn data_lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

pub(crate) static LEXICONS: Lazy<ScanLexicons> = Lazy::new(|| {
    let words: Vec<&str> = data_lines(include_str!("data/not_quantities.txt")).collect();
    let not_quantities = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).kind(Some(AhoCorasickKind::DFA)).build(&words).expect("not_quantities.txt builds");
    let not_quantity_chars = CharSet::of(words.iter().flat_map(|w| w.chars()));
    let not_quantity_ascii = words.iter().flat_map(|w| w.bytes()).filter(u8::is_ascii).fold(0u128, |bits, b| bits | 1 << b);
    let counted_nouns = data_lines(include_str!("data/counted_nouns.tsv"))
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?, c.next()?, Kind::from_name(c.next()?)?))
        })
        .collect::<Vec<(&str, &str, Kind)>>();
    let bundle: Vec<&str> = data_lines(include_str!("data/bundle_nouns.txt")).collect();
    let bundle_starts = AhoCorasick::builder().start_kind(StartKind::Anchored).build(&bundle).expect("bundle_nouns.txt builds");
    let bundle_inside = AhoCorasick::new(bundle.iter().filter(|w| w.chars().count() >= 2)).expect("bundle_nouns.txt builds");
    let counted_finder = AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(counted_nouns.iter().map(|(w, ..)| w)).expect("counted_nouns.tsv builds");
    ScanLexicons { not_quantities, not_quantity_chars, not_quantity_ascii, bundle_starts, bundle_inside, counted_nouns, counted_finder }
});

/// The magnitudes that may stand alone (近百个, 上万亩).
static BARE_MAGNITUDES: BmpChars = BmpChars::of(&['百', '千', '万', '亿']);

/// Finds every quantity in normalised `text`.
pub(crate) fn scan_quantities(text: &str, units: &UnitLexicon) -> Vec<Quantity> {
    let lex = &*LEXICONS;
    let mut masks = Masks::default();
    // Room for one quantity every 48 bytes (16 characters), more than the
    // densest reports hold (one in 18 to 22 characters): growing the
    // vector would copy its large elements again, and the pages of the
    // room left unwritten do not become resident.
    let mut out = Vec::with_capacity(text.len() / 48);
    let mut pos = 0;
    let bytes = text.as_bytes();
    while pos < text.len() {
        pos = next_candidate(bytes, pos);
        if pos == text.len() {
            break;
        }
        // Decoded once here for the tests below (a candidate may start a
        // number).
        let first = text[pos..].chars().next().expect("a candidate is a character");
        // A Chinese digit that continues no number (一些, 统一) is skipped
        // without the full grammar.
        if !first.is_ascii() && crate::numbers::digit_dead_end(text, pos, first, units) {
            pos += 3;
            continue;
        }
        let Some(n) = scan_number_from(text, pos, first) else {
            pos += first.len_utf8();
            continue;
        };
        let next = n.end;
        // The masks last: most numbers they would cover are rejected by
        // the cheaper tests first (一个, 一批, 十分).
        match quantity(text, n, units, lex) {
            Some(q) if !masks.covers(text, q.start, lex) => {
                pos = q.end.max(next);
                out.push(q);
            }
            _ => pos = next,
        }
    }
    share_list_qualifiers(text, &mut out);
    out
}

/// The first byte from `pos` (a character boundary) where a number may
/// start: an ASCII digit, or a Han numeral, told by its bytes without
/// decoding (three-byte characters with the lead bytes E3–E9 cover them
/// all). A loop of its own, so that the few values it needs stay in
/// registers: it steps over most of the text. (Not inlined: inside the
/// scanner's loop it kept fewer values in registers.)
#[inline(never)]
fn next_candidate(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        if b.wrapping_sub(0xE3) <= 0xE9 - 0xE3 {
            if let Some(&[b0, b1, b2]) = bytes.get(pos..pos + 3) {
                if crate::numbers::may_start_number_han([b0, b1, b2]) {
                    return pos;
                }
            }
            pos += 3;
        } else if b.is_ascii_digit() {
            return pos;
        } else {
            pos += utf8_len(b);
        }
    }
    bytes.len()
}

/// The `not_quantities` words of a leftmost-longest search over the whole
/// text, found only around the numbers that need them.
///
/// No word contains a barrier character, so the global search, whatever
/// it did before a barrier, finds after it exactly what a search started
/// there finds. The words covering a position are therefore those of a
/// search over the window between the barriers around it: a few
/// characters instead of the page.
#[derive(Default)]
struct Masks {
    /// The last window searched and the words found in it.
    window: (usize, usize),
    found: Vec<(usize, usize)>,
}

impl Masks {
    /// Whether a `not_quantities` word covers byte `pos`.
    fn covers(&mut self, text: &str, pos: usize, lex: &ScanLexicons) -> bool {
        let in_words = |c: char| lex.not_quantity_chars.contains(c);
        let inside = match text.as_bytes().get(pos) {
            Some(&b) if b.is_ascii() => lex.not_quantity_ascii >> b & 1 == 1,
            _ => text[pos..].chars().next().is_some_and(in_words),
        };
        if !inside {
            return false; // a barrier itself (an Arabic digit, say)
        }
        if !(self.window.0 <= pos && pos < self.window.1) {
            let start = text[..pos].char_indices().rev().find(|&(_, c)| !in_words(c)).map_or(0, |(i, c)| i + c.len_utf8());
            let end = text[pos..].char_indices().find(|&(_, c)| !in_words(c)).map_or(text.len(), |(i, _)| pos + i);
            self.window = (start, end);
            self.found.clear();
            self.found.extend(lex.not_quantities.find_iter(Input::new(text).span(start..end)).map(|m| (m.start(), m.end())));
        }
        self.found.iter().any(|&(s, e)| s <= pos && pos < e)
    }
}

/// `至少要保证 92个贫困村、16000名贫困人口`: a leading qualifier covers
/// every item of a 、-list.
fn share_list_qualifiers(text: &str, qs: &mut [Quantity]) {
    for i in 1..qs.len() {
        let (head, tail) = qs.split_at_mut(i);
        let (prev, q) = (&head[i - 1], &mut tail[0]);
        // The length first: ten characters take at most 40 bytes, and the
        // text between most quantities is far longer.
        if q.approx == Approx::Exact && prev.number.marker.is_none() && q.start - prev.end <= 40 && list_gap(&text[prev.end..q.start]) && prev.lead_start < prev.start
        {
            q.approx = prev.approx;
            q.marker = prev.marker;
        }
    }
}

/// Whether `between` joins two items of a list: a 、 and no clause break
/// (，。；) in at most ten characters. One pass over the characters: a
/// search for a multi-byte character prepares a substring searcher.
fn list_gap(between: &str) -> bool {
    let mut listed = false;
    for (k, c) in between.chars().enumerate() {
        if k == 10 || matches!(c, '，' | '。' | '；') {
            return false;
        }
        listed |= c == '、';
    }
    listed
}

/// Turns a number into a quantity, or rejects it.
fn quantity(text: &str, n: RawNumber, units: &UnitLexicon, lex: &ScanLexicons) -> Option<Quantity> {
    // The tests that every number meets compare bytes: a `str` slice
    // checks both its ends for character boundaries.
    let bytes = text.as_bytes();
    if bytes[..n.start].ends_with("第".as_bytes()) || after_code_letters(text, n.start, units) {
        return None;
    }
    if n.marker.is_some_and(|m| m == "几" || m == "数") && (text[n.start..].starts_with(['几', '数'])) {
        return None; // 几十年, 数十场: too vague to count
    }
    // A bare magnitude (百, 千) is a number only after a qualifier: 近百个.
    if n.percent.is_none() && BARE_MAGNITUDES.starts(&bytes[n.start..]) && prefix_qualifier(text, n.start).is_none() && !text[n.end..].starts_with('亩') {
        return None;
    }
    if n.sequence {
        return None; // 二〇一九: a year or a code
    }
    let (unit, kind, duration, unit_start, unit_end) = match n.percent {
        Some(sign) => (Cow::Borrowed(sign.as_str()), Kind::Percent, false, n.end, n.end),
        None if n.money => (Cow::Borrowed("元"), Kind::Money, false, n.end, n.end),
        None => match units.longest_at(text, n.end).or_else(|| spaced_ascii_unit(text, n.end, units)) {
            Some((end, u)) => {
                if !unit_fits(text, &n, u, end) {
                    return None;
                }
                // A built-in unit is lent: copied here without the call
                // that `Cow::clone` costs.
                let unit = match u.unit {
                    Cow::Borrowed(lent) => Cow::Borrowed(lent),
                    Cow::Owned(ref owned) => Cow::Owned(owned.clone()),
                };
                (unit, u.kind, u.duration, n.end, end)
            }
            None if text[..n.end].ends_with("个亿") || text[..n.end].ends_with('亿') && text[n.start..n.end].contains("个") => {
                (Cow::Borrowed("元"), Kind::Money, false, n.end, n.end)
            }
            None => {
                let (unit, kind) = implied_unit(text, &n, lex)?;
                (Cow::Borrowed(unit), kind, false, n.end, n.end)
            }
        },
    };
    if is_label(text, &n, unit_end, lex) || is_date(text, &n, unit_end) {
        return None;
    }
    let mut end = unit_end;
    let mut slash_per = None;
    if bytes.get(end) == Some(&b'/') {
        let rest = &text[end + 1..];
        if let Some(c) = rest.chars().next().filter(|c| "年月日天人户亩次".contains(*c)) {
            slash_per = Some(if c == '日' { "天".to_string() } else { c.to_string() });
            end += 1 + c.len_utf8();
        }
    }
    let prefix = prefix_qualifier(text, n.start);
    let suffix = suffix_qualifier(text, end);
    let (approx, marker) = approximation(&n, prefix, suffix);
    let lead_start = prefix.map_or(n.start, |(s, ..)| s);
    let tail_end = suffix.map_or(end, |(e, ..)| e);
    let vague = matches!(n.marker, Some("几" | "数"));
    Some(Quantity {
        start: n.start,
        end,
        core: !duration && !vague,
        number: n,
        unit,
        kind,
        approx,
        marker,
        lead_start,
        tail_end,
        unit_start,
        unit_end,
        slash_per,
    })
}

/// Checks a unit against the number before it and the text after it.
fn unit_fits(text: &str, n: &RawNumber, u: &UnitEntry, unit_end: usize) -> bool {
    // 一块 (together), 两方面: these units follow Chinese numerals only in
    // amounts that cannot be words (五千块, 三千多块, 三四块).
    if u.arabic_only && n.chinese && !(n.magnitude || n.marker.is_some() || n.value_max.is_some()) {
        return false;
    }
    // 每一个孩子: "every", not a count.
    if n.lone && text[..n.start].ends_with('每') {
        return false;
    }
    let after = &text.as_bytes()[unit_end..];
    let written = &text.as_bytes()[n.end..unit_end];
    // 一排排, 一个个: reduplicated classifiers describe, they do not count.
    if n.lone && after.starts_with(written) {
        return false;
    }
    // 一个缩影, 一项任务: a lone 一 is an article, not a count, unless a
    // qualifier or a 每 makes it a requirement (每户至少一人).
    if n.lone && n.value.to_i64() == Some(1) && !counted_one(text, n.start) {
        return false;
    }
    // 二期, 二次分配: a lone 二 is an ordinal (counts say 两).
    if n.lone && text[n.start..].starts_with('二') {
        return false;
    }
    // 十一届七次全会: congress and plenum numbers.
    let is = |w: &str| written == w.as_bytes();
    if (is("届") || is("次")) && (text[unit_end..].starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']) || ["全会", "全体会议", "全委", "代表大会", "党代会", "会议"].iter().any(|w| after.starts_with(w.as_bytes()))) {
        return false;
    }
    // 一次性, 一批: vague or adverbial uses of a lone 一.
    if n.lone && n.value.to_i64() == Some(1) && (is("批") || (is("次") && after.starts_with("性".as_bytes()))) {
        return false;
    }
    true
}

/// `36.5 MW`: normalisation keeps the space between ASCII tokens.
fn spaced_ascii_unit<'u>(text: &str, pos: usize, units: &'u UnitLexicon) -> Option<(usize, &'u UnitEntry)> {
    let rest = text[pos..].strip_prefix(' ')?;
    rest.starts_with(|c: char| c.is_ascii_alphabetic()).then(|| units.longest_at(text, pos + 1)).flatten()
}

/// ASCII letters right before `pos` (`G20`, `A3`) make the number there a
/// code, unless they are a unit themselves (`416.68MW285座`).
fn after_code_letters(text: &str, pos: usize, units: &UnitLexicon) -> bool {
    // Counted on bytes: a letter is one byte, and a longer character ends
    // with a byte that is no letter.
    let letters = text.as_bytes()[..pos].iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 {
        return false;
    }
    units.longest_at(&text[..pos], pos - letters).is_none_or(|(e, _)| e != pos)
}

/// Whether a lone 一 before `pos` counts: a qualifier (至少) or a 每 in
/// the clause.
fn counted_one(text: &str, pos: usize) -> bool {
    if prefix_qualifier(text, pos).is_some() {
        return true;
    }
    // Back to the clause break, in one pass.
    for c in text[..pos].chars().rev() {
        match c {
            '每' => return true,
            '，' | '。' | '；' | '：' | '！' | '？' => return false,
            _ => {}
        }
    }
    false
}

/// A number with no written unit counts the people or households named
/// right after it (`18万老区人民`, `4.8万贫困户`).
fn implied_unit(text: &str, n: &RawNumber, lex: &ScanLexicons) -> Option<(&'static str, Kind)> {
    if !(n.magnitude || n.value >= crate::value::Decimal::from_int(100)) || n.lone {
        return None;
    }
    let window = prefix_chars(&text[n.end..], 6, is_han);
    let found = lex.counted_finder.find(window)?;
    let (_, unit, kind) = lex.counted_nouns[found.pattern().as_usize()];
    Some((unit, kind))
}

/// The longest prefix of `s` of at most `max` characters, all satisfying `keep`.
fn prefix_chars(s: &str, max: usize, keep: impl Fn(char) -> bool) -> &str {
    let mut end = 0;
    for c in s.chars().take(max).take_while(|&c| keep(c)) {
        end += c.len_utf8();
    }
    &s[..end]
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Labels and slogans: `“123456”工程`, `五个一批`, `两个支撑`, `一户一策`.
fn is_label(text: &str, n: &RawNumber, unit_end: usize, lex: &ScanLexicons) -> bool {
    // 一 to 十 in Chinese numerals: the numbers of labels and formulas.
    let small_chinese = n.chinese && n.value.to_i64().is_some_and(|v| v <= 10);
    if small_chinese {
        let (before, after) = (&text[..n.start], &text[unit_end..]);
        // 五个一批, 一户一策: a numbered formula.
        if after.starts_with(['一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十']) {
            return true;
        }
        // A quoted label: “三个全覆盖”, “一队三人”: the number opens a short
        // quotation or closes one.
        let opened = before.chars().rev().take(4).take_while(|c| !matches!(c, '”' | '」' | '》')).any(|c| matches!(c, '“' | '"' | '「' | '《'));
        if before.ends_with(['“', '"', '「', '《']) || opened && after.starts_with(['”', '"', '」', '》']) {
            return true;
        }
        let head = prefix_chars(after, 4, |_| true);
        if lex.bundle_starts.is_match(Input::new(after).anchored(Anchored::Yes)) || lex.bundle_inside.is_match(head) {
            return true;
        }
        // “两个100%”: a numeral counting other numbers.
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
    }
    // Arabic labels in quotes: “3+1”, “16+2”.
    let bytes = text.as_bytes();
    bytes.get(unit_end) == Some(&b'+') || n.start > 0 && bytes[n.start - 1] == b'+'
}

/// Dates: `2019年`, `2014—2020年`, `3月`, `10月份`, `2024年度`.
fn is_date(text: &str, n: &RawNumber, unit_end: usize) -> bool {
    let written = &text.as_bytes()[n.end..unit_end];
    let int = n.value.to_i64();
    if written == "年".as_bytes() {
        int.is_some_and(|v| (1900..=2100).contains(&v)) && n.marker.is_none() || text[unit_end..].starts_with(['度', '份'])
    } else if written == "月".as_bytes() {
        int.is_some_and(|v| (1..=12).contains(&v)) && prefix_qualifier(text, n.start).is_none() && !text[..n.start].ends_with('每')
    } else {
        written == "日".as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<String> {
        let t = crate::normalize::Normalized::new(s);
        scan_quantities(t.text(), UnitLexicon::builtin()).iter().map(|q| t.text()[q.start..q.end].to_string()).collect()
    }

    #[test]
    fn counts_with_units() {
        assert_eq!(found("全镇还有 12个村、845户、2130 名群众"), ["12个", "845户", "2130名"]);
        assert_eq!(found("投入资金 1.2 亿元，建成大棚30座"), ["1.2亿元", "30座"]);
    }

    #[test]
    fn dates_are_not_quantities() {
        assert!(found("2021年3月15日召开，10月份完成").is_empty());
        assert!(found("2023 年度").is_empty());
    }

    #[test]
    fn labels_are_not_quantities() {
        assert!(found("落实“五个一批”和一户一策，强化两个支撑").is_empty());
        assert!(found("第一书记千方百计").is_empty());
    }

    #[test]
    fn implied_people() {
        assert_eq!(found("带动12万贫困群众增收"), ["12万"]);
    }

    #[test]
    fn automata_agree_with_the_word_lists() {
        let lex = &*LEXICONS;
        let nouns: Vec<&str> = lex.counted_nouns.iter().map(|(w, ..)| *w).collect();
        let bundle: Vec<&str> = data_lines(include_str!("data/bundle_nouns.txt")).collect();
        for a in nouns.iter().chain(&bundle) {
            for b in nouns.iter().chain(&bundle) {
                let joined = format!("个{a}{b}");
                // implied_unit: the noun found first in the window, the first listed on a tie.
                let window = prefix_chars(&joined, 6, is_han);
                let slow = lex.counted_nouns.iter().filter(|(w, ..)| window.contains(w)).min_by_key(|(w, ..)| window.find(w)).map(|&(_, u, k)| (u, k));
                let fast = lex.counted_finder.find(window).map(|m| lex.counted_nouns[m.pattern().as_usize()]).map(|(_, u, k)| (u, k));
                assert_eq!(slow, fast, "{window}");
                // is_label: a bundle noun right after, or one of two or more characters close after.
                for after in [&joined[3..], joined.as_str()] {
                    let head: String = after.chars().take(4).collect();
                    let slow = bundle.iter().any(|w| after.starts_with(w) || head.contains(w) && w.chars().count() >= 2);
                    let fast = lex.bundle_starts.is_match(Input::new(after).anchored(Anchored::Yes)) || lex.bundle_inside.is_match(prefix_chars(after, 4, |_| true));
                    assert_eq!(slow, fast, "{after}");
                }
            }
        }
    }

    /// Every position of `text`, in order and alone: covered by a word of
    /// the global search exactly when the windowed search says so.
    fn masks_agree(text: &str) {
        let lex = &*LEXICONS;
        let global: Vec<(usize, usize)> = lex.not_quantities.find_iter(text).map(|m| (m.start(), m.end())).collect();
        let mut masks = Masks::default();
        for (pos, _) in text.char_indices() {
            let slow = global.iter().any(|&(s, e)| s <= pos && pos < e);
            assert_eq!(masks.covers(text, pos, lex), slow, "{text:?} at {pos}");
            // A window found afresh, as for the first number near here.
            assert_eq!(Masks::default().covers(text, pos, lex), slow, "{text:?} at {pos}, fresh");
        }
    }

    #[test]
    fn windowed_masks_agree_with_the_global_search() {
        let words: Vec<&str> = data_lines(include_str!("data/not_quantities.txt")).collect();
        // Words run together overlap and compete (一户一策一家人): the
        // hardest case for a search started in the middle.
        for a in &words {
            for b in &words {
                masks_agree(&format!("{a}{b}"));
                masks_agree(&format!("三{a}，{b}一"));
                // Overlapping words (成千上万 + 万无一失 → 成千上万无一失).
                for (k, _) in b.char_indices().skip(1) {
                    if a.ends_with(&b[..k]) {
                        masks_agree(&format!("{a}{}", &b[k..]));
                        masks_agree(&format!("一{a}{}", &b[k..]));
                    }
                }
            }
        }
        let all: String = words.concat();
        masks_agree(&all);
        masks_agree(&words.iter().rev().copied().collect::<String>());
        masks_agree(include_str!("../README.md"));
    }

    #[test]
    fn candidates_are_the_characters_that_may_start_a_number() {
        let text = "全县2023年新建大棚一百二十座，其中东村５０座、西村七十座；〇七年投入三千万元。参保率96.8%，约半数农户增收。";
        let norm = crate::normalize::Normalized::new(text);
        let t = norm.text();
        let starts: Vec<usize> = t.char_indices().filter(|&(_, c)| c.is_ascii_digit() || c.len_utf8() == 3 && (0xE3..=0xE9).contains(&(c as u32 >> 12 | 0xE0)) && crate::numbers::may_start_number(c)).map(|(i, _)| i).collect();
        for (pos, _) in t.char_indices() {
            let expect = starts.iter().copied().find(|&s| s >= pos).unwrap_or(t.len());
            assert_eq!(next_candidate(t.as_bytes(), pos), expect, "from {pos}");
        }
    }

    #[test]
    fn ascii_tests_by_byte_agree_with_characters() {
        let lex = &*LEXICONS;
        for c in (0..128u8).map(char::from) {
            assert_eq!(lex.not_quantity_ascii >> c as u32 & 1 == 1, lex.not_quantity_chars.contains(c), "{c:?}");
        }
        let units = UnitLexicon::builtin();
        for before in ["", "G", "全县G", "3A", "AB", "416.68MW", "第", "kWh", "é", "x亩"] {
            let letters = before.len() - before.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
            let slow = letters > 0 && units.longest_at(before, before.len() - letters).is_none_or(|(e, _)| e != before.len());
            assert_eq!(after_code_letters(before, before.len(), units), slow, "{before}");
        }
    }

    #[test]
    fn a_lone_one_counts_after_every_in_its_clause() {
        for text in ["每户一人", "每户，一人", "全村每户都有一人", "每户都有。一人", "一人", "每；每户至少一人", "？每一", "每"] {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                let clause_start = text[..pos].rfind(['，', '。', '；', '：', '！', '？']).map_or(0, |i| i + 3);
                let slow = prefix_qualifier(text, pos).is_some() || text[clause_start..pos].contains('每');
                assert_eq!(counted_one(text, pos), slow, "{text} at {pos}");
            }
        }
    }

    #[test]
    fn list_qualifiers_reach_near_items_only() {
        let approx = |s: &str| {
            let t = crate::normalize::Normalized::new(s);
            scan_quantities(t.text(), UnitLexicon::builtin()).iter().map(|q| q.approx).collect::<Vec<_>>()
        };
        assert_eq!(approx("今年至少新建7座大棚、12座冷库"), [Approx::AtLeast, Approx::AtLeast]);
        // Thirteen characters between: too far for a list.
        assert_eq!(approx("今年至少新建7座大棚、河对岸的几个村子另建12座冷库"), [Approx::AtLeast, Approx::Exact]);
        assert_eq!(approx("今年至少新建7座大棚，12座冷库"), [Approx::AtLeast, Approx::Exact]);
    }

    #[test]
    fn numbers_move_without_memcpy() {
        // The compiler copies up to 128 bytes inline; a number is moved
        // through several layers.
        assert!(std::mem::size_of::<RawNumber>() <= 128);
    }

    #[test]
    fn list_gaps_read_in_one_pass() {
        for between in ["", "、", "座、", "座大棚、", "座大棚，", "、，", "座大棚、另外还建了一些", "座大棚、另外还建了一", "。、", "a、b", "个村、845户"] {
            let slow = between.contains('、') && !between.contains(['，', '。', '；']) && between.chars().count() <= 10;
            assert_eq!(list_gap(between), slow, "{between}");
        }
    }

    #[test]
    fn slash_per_unit_is_part_of_the_quantity() {
        assert_eq!(found("户均增收 2.3万余元/年"), ["2.3万余元/年"]);
    }
}
