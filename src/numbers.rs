//! The number grammar: Arabic, Chinese and mixed numerals, ranges,
//! approximations and percentages, with exact values.
//!
//! [`find_numbers`] is the public face: it finds every number in a string,
//! unit or not. The quantity scanner uses `scan_number` (crate-private) on normalised text.

use crate::fact::Approx;
use crate::lexicon::{ends_with_word, starts_with_word};
use crate::normalize::Normalized;
use crate::value::Decimal;

/// A number found by [`find_numbers`].
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMatch<'t> {
    /// Byte offset of the first character of the number in the input.
    pub start: usize,
    /// Byte offset just past the number (and its in-number 余/多/几, or `%`).
    pub end: usize,
    /// The number as written.
    pub text: &'t str,
    /// Its value (the lower bound of a range).
    pub value: Decimal,
    /// Upper bound of a range.
    pub value_max: Option<Decimal>,
    /// Approximation, from in-number markers and qualifiers around it.
    pub approx: Approx,
    /// The marker that set `approx`.
    pub approx_marker: Option<&'static str>,
    /// `%` or `‰` when the number is a percentage (`96.8%`, `百分之四十`).
    pub percent: Option<&'static str>,
}

/// Finds and normalises every number in `input`.
///
/// ```
/// use zhfacts::numbers::find_numbers;
/// let found = find_numbers("新增牛 1万头、羊五六千只，参保率 96.8%");
/// let values: Vec<String> = found.iter().map(|n| n.value.to_string()).collect();
/// assert_eq!(values, ["10000", "5000", "96.8"]);
/// assert_eq!(found[1].value_max.unwrap().to_string(), "6000");
/// assert_eq!(found[2].text, "96.8%");
/// ```
pub fn find_numbers(input: &str) -> Vec<NumberMatch<'_>> {
    let norm = Normalized::new(input);
    let text = norm.text();
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(n) = scan_number(text, pos) else {
            pos += text[pos..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        pos = n.end;
        if n.lone && !lone_digit_stands(text, &n) {
            continue;
        }
        let unit_end = if n.percent.is_some() || n.money { n.end } else { crate::units::UnitLexicon::builtin().longest_at(text, n.end).map_or(n.end, |(e, _)| e) };
        let (approx, marker) = qualifiers(text, &n, unit_end);
        let (start, value, value_max) = match negative_sign(text, n.start) {
            Some(s) => (s, n.value.negated(), n.value_max.map(Decimal::negated)),
            None => (n.start, n.value, n.value_max),
        };
        let n = RawNumber { start, value, value_max, ..n };
        let (s, e) = norm.orig_range(n.start, n.end);
        out.push(NumberMatch {
            start: s,
            end: e,
            text: &input[s..e],
            value: n.value,
            value_max: n.value_max,
            approx,
            approx_marker: marker,
            percent: n.percent.map(Sign::as_str),
        });
    }
    out
}

/// A lone Chinese digit (`一`, `三`) is a number only where it cannot be
/// part of a word: next to non-Han text, or followed by a measure word
/// (but `一天能挣300块` is about 300, not one day).
fn lone_digit_stands(text: &str, n: &RawNumber) -> bool {
    let before = text[..n.start].chars().next_back();
    let after = text[n.end..].chars().next();
    let han = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if !han(before) && !han(after) || negative_sign(text, n.start).is_some() {
        return true;
    }
    match crate::units::UnitLexicon::builtin().longest_at(text, n.end) {
        Some((_, u)) => !(u.duration && n.value.to_i64() == Some(1)),
        None => false,
    }
}

/// A minus written before a number: `-10.1`, `负五`, `零下四`.
fn negative_sign(text: &str, pos: usize) -> Option<usize> {
    let head = &text[..pos];
    for sign in ["零下", "负", "-", "−"] {
        if let Some(h) = head.strip_suffix(sign) {
            if sign == "-" && h.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '%') {
                return None; // 3-5 is a range, A-3 a code
            }
            return Some(h.len());
        }
    }
    None
}

/// The approximation of `n`: its in-number marker, else a qualifier before
/// it, else one after `after` (the end of its unit).
pub(crate) fn qualifiers(text: &str, n: &RawNumber, after: usize) -> (Approx, Option<&'static str>) {
    if let Some(m) = n.marker {
        return (n.approx, Some(m));
    }
    if let Some((_, a, m)) = prefix_qualifier(text, n.start) {
        return (a, Some(m));
    }
    if let Some((_, a, m)) = suffix_qualifier(text, after) {
        return (a, Some(m));
    }
    (Approx::Exact, None)
}

/// A qualifier found next to a number: `(its far bound, approx, marker)`.
pub(crate) type Qualifier = (usize, Approx, &'static str);

/// The approximation of `n` from the qualifiers already looked up before
/// and after it, with the precedence of [`qualifiers`].
pub(crate) fn approximation(n: &RawNumber, prefix: Option<Qualifier>, suffix: Option<Qualifier>) -> (Approx, Option<&'static str>) {
    match (n.marker, prefix.or(suffix)) {
        (Some(m), _) => (n.approx, Some(m)),
        (None, Some((_, a, m))) => (a, Some(m)),
        (None, None) => (Approx::Exact, None),
    }
}

/// Qualifiers written before a number, longest first.
const PREFIXES: &[(&str, Approx)] = &[
    ("不少于", Approx::AtLeast),
    ("不低于", Approx::AtLeast),
    ("不超过", Approx::AtMost),
    ("不高于", Approx::AtMost),
    ("差不多", Approx::About),
    ("至少", Approx::AtLeast),
    ("最少", Approx::AtLeast),
    ("超过", Approx::Over),
    ("突破", Approx::Over),
    ("最高", Approx::AtMost),
    ("最低", Approx::AtLeast),
    ("最多", Approx::AtMost),
    ("多于", Approx::Over),
    ("大约", Approx::About),
    ("约合", Approx::About),
    ("接近", Approx::Under),
    ("将近", Approx::Under),
    ("不足", Approx::Under),
    ("不到", Approx::Under),
    ("近", Approx::Under),
    ("约", Approx::About),
    ("逾", Approx::Over),
    ("超", Approx::Over),
    // Only before a bare magnitude (上百人, 上万亩): see `prefix_qualifier`.
    ("上", Approx::Over),
];

/// Verbs allowed between a prefix qualifier and its number.
const GAPS: &[&str] = &["要保证", "能达到", "可达到", "要达到", "有", "要", "能", "可", "达到", "达", "为", "是", "保证", "需"];

/// Qualifiers written after a quantity.
const SUFFIXES: &[(&str, Approx)] = &[
    ("以上", Approx::AtLeast),
    ("之上", Approx::AtLeast),
    ("以下", Approx::AtMost),
    ("以内", Approx::AtMost),
    ("之内", Approx::AtMost),
    ("左右", Approx::About),
    ("上下", Approx::About),
    ("有余", Approx::Over),
    ("开外", Approx::Over),
];

/// Bit `b % 64` set for the third byte `b` of each of [`SUFFIXES`] (all
/// open with a Han character).
const SUFFIX_FIRST_ENDS: u64 = {
    let mut mask = 0;
    let mut i = 0;
    while i < SUFFIXES.len() {
        mask |= crate::lexicon::byte_bit(SUFFIXES[i].0.as_bytes()[2]);
        i += 1;
    }
    mask
};

/// A qualifier ending at `pos`: `(its start, approx, marker)`.
#[inline]
pub(crate) fn prefix_qualifier(text: &str, pos: usize) -> Option<(usize, Approx, &'static str)> {
    if !may_end_qualifier(&text.as_bytes()[..pos]) {
        return None;
    }
    prefix_qualifier_full(text, pos)
}

/// The qualifier and gap words by their last two bytes, six bits of each
/// (see [`ending`]): bit `k` for the `k`-th word of `PREFIXES` then `GAPS`
/// (32 KB, built by the compiler; a word shorter than two bytes would stop
/// the build). One look at a text's last two bytes names the few words it
/// may end with, where comparing whole lists cost a few hundred
/// instructions a number.
static WORDS_BY_ENDING: [u64; 1 << 12] = {
    assert!(PREFIXES.len() + GAPS.len() <= 64);
    let mut words = [0u64; 1 << 12];
    let mut k = 0;
    while k < PREFIXES.len() + GAPS.len() {
        let w = if k < PREFIXES.len() { PREFIXES[k].0 } else { GAPS[k - PREFIXES.len()] }.as_bytes();
        words[ending(w[w.len() - 2], w[w.len() - 1])] |= 1 << k;
        k += 1;
    }
    words
};

const fn ending(b0: u8, b1: u8) -> usize {
    ((b0 & 0x3F) as usize) << 6 | (b1 & 0x3F) as usize
}

/// The entry of [`WORDS_BY_ENDING`] for the last two bytes of `head`.
#[inline]
fn words_ending(head: &[u8]) -> u64 {
    match *head {
        [.., b0, b1] => WORDS_BY_ENDING[ending(b0, b1)],
        _ => 0,
    }
}

/// The positions of the set bits of `bits`, lowest first.
fn set_bits(mut bits: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let k = (bits != 0).then(|| bits.trailing_zeros() as usize)?;
        bits &= bits - 1;
        Some(k)
    })
}

/// The first of `PREFIXES` that `head` ends with (the longest).
fn prefix_word(head: &str) -> Option<(&'static str, Approx)> {
    let prefixes = words_ending(head.as_bytes()) & ((1 << PREFIXES.len()) - 1);
    set_bits(prefixes).map(|k| PREFIXES[k]).find(|(m, _)| ends_with_word(head, m))
}

/// The `GAPS` that `head` ends with, in list order (longest first).
fn gaps_ending(head: &str) -> impl Iterator<Item = &'static str> + '_ {
    let gaps = words_ending(head.as_bytes()) >> PREFIXES.len();
    set_bits(gaps).map(|k| GAPS[k]).filter(|g| ends_with_word(head, g))
}

/// Whether a text ending with `head` may end with a qualifier, one look at
/// a few bytes: its last two bytes may end a qualifier or gap word (all are
/// Han words, two bytes or more), or a 少 ends one of the three characters
/// before (see [`zhishao_before`]).
/// Most texts before a number fail both, and spare the word lists.
#[inline]
fn may_end_qualifier(head: &[u8]) -> bool {
    const SHAO_LAST: u8 = "少".as_bytes()[2];
    words_ending(head) != 0 || (1..=3).any(|g| head.len() > 3 * g && head[head.len() - 3 * g - 1] == SHAO_LAST)
}

/// [`prefix_qualifier`] without the first look. Not inlined: its register
/// saves would be paid by every call, most of which the look settles.
#[inline(never)]
fn prefix_qualifier_full(text: &str, pos: usize) -> Option<(usize, Approx, &'static str)> {
    let mut head = &text[..pos];
    // A modal verb may sit between qualifier and number: 至少要保证, 差不多能达到.
    if let Some(h) = gaps_ending(head).map(|g| &head[..head.len() - g.len()]).find(|h| prefix_word(h).is_some()) {
        head = h;
    }
    if let Some(q) = zhishao_before(head) {
        return Some(q);
    }
    let (m, a) = prefix_word(head)?;
    // 最近 is "lately" and 超超临界 a kind of plant; 上 qualifies only a
    // bare magnitude (上百人).
    let bare_magnitude = text[pos..].starts_with(['百', '千', '万', '亿']);
    if m == "近" && head.ends_with("最近") || m == "超" && head.ends_with("超超") || m == "上" && !bare_magnitude {
        return None;
    }
    Some((head.len() - m.len(), a, m))
}

/// 至少 is adverbial: 每村至少储备2名 puts a verb between. It is looked
/// for among the last five characters of `head`, followed by one to
/// three Han characters.
fn zhishao_before(head: &str) -> Option<(usize, Approx, &'static str)> {
    // One to three Han characters (three bytes each) after 至少 put its 少
    // at one of three places: most heads are ruled out by comparing those.
    let b = head.as_bytes();
    if !(1..=3).any(|g| b.len() >= 3 * g && b[..b.len() - 3 * g].ends_with("少".as_bytes())) {
        return None;
    }
    let mut after = None; // the character after the current one
    let mut found = None;
    for (i, c) in head.char_indices().rev().take(5) {
        if c == '至' && after == Some('少') {
            found = Some(i);
            break;
        }
        after = Some(c);
    }
    let i = found?;
    let gap = &head[i + "至少".len()..];
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    (!gap.is_empty() && gap.chars().count() <= 3 && gap.chars().all(han)).then_some((i, Approx::AtLeast, "至少"))
}

/// A qualifier starting at `pos`: `(its end, approx, marker)`.
#[inline(always)]
pub(crate) fn suffix_qualifier(text: &str, pos: usize) -> Option<(usize, Approx, &'static str)> {
    // Most numbers are followed by none: one test of the third byte (the
    // last of the first character) rejects them without the call and the
    // list walk.
    if text.as_bytes().get(pos + 2).is_none_or(|&b| !crate::lexicon::has_byte(SUFFIX_FIRST_ENDS, b)) {
        return None;
    }
    suffix_in_list(text, pos)
}

/// [`suffix_qualifier`] past its first look.
#[inline(never)]
fn suffix_in_list(text: &str, pos: usize) -> Option<(usize, Approx, &'static str)> {
    let tail = &text[pos..];
    SUFFIXES.iter().find(|(m, _)| starts_with_word(tail, m)).map(|&(m, a)| (pos + m.len(), a, m))
}

/// A number read from normalised text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawNumber {
    pub start: usize,
    pub end: usize,
    pub value: Decimal,
    pub value_max: Option<Decimal>,
    /// Set by an in-number marker (余, 多, 几, 数).
    pub approx: Approx,
    pub marker: Option<&'static str>,
    pub percent: Option<Sign>,
    /// Written with Chinese numerals only.
    pub chinese: bool,
    /// A single Chinese digit with nothing else (`一`, `三`).
    pub lone: bool,
    /// A magnitude (十/百/千/万/亿) was applied.
    pub magnitude: bool,
    /// Digits read one by one (`二〇一九`).
    pub sequence: bool,
    /// A money amount with its unit inside (`3元5角`, `五块五毛`).
    pub money: bool,
    /// Power of ten of a magnitude that ends the number (`四千` → 3,
    /// `20万` → 4), else 0.
    pub tail_mag: u32,
}

impl RawNumber {
    /// The number `value` written at `start..end`, exact, with nothing else
    /// said of it (the fast paths set the few flags that differ).
    fn plain(start: usize, end: usize, value: Decimal) -> RawNumber {
        RawNumber {
            start,
            end,
            value,
            value_max: None,
            approx: Approx::Exact,
            marker: None,
            percent: None,
            chinese: false,
            lone: false,
            magnitude: false,
            sequence: false,
            money: false,
            tail_mag: 0,
        }
    }

    /// Turns the number into a money amount ending at `end`.
    fn become_money(&mut self, end: usize, value: Decimal) {
        self.end = end;
        self.value = value;
        self.money = true;
        self.lone = false;
    }
}

/// The sign of a percentage: a byte where a `&str` takes sixteen, which
/// keeps a [`RawNumber`] within the 128 bytes the compiler moves without
/// calling `memcpy`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Sign {
    Percent,
    PerMille,
}

impl Sign {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Sign::Percent => "%",
            Sign::PerMille => "‰",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    /// A digit or an Arabic number; `true` when Arabic.
    Num(Decimal, bool),
    /// A magnitude as a power of ten.
    Mag(u32),
    Zero,
    Point,
    /// 几 or 数: an unknown digit.
    Some_,
    /// 余 or 多 between a number and a magnitude (`500多万`).
    Over(&'static str),
}

const fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '两' | '貳' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

const fn magnitude(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

const fn is_zero(c: char) -> bool {
    matches!(c, '零' | '〇' | '○' | 'Ｏ')
}

/// Reads an Arabic number at `pos`: digits, `,`/`，` thousands groups, one
/// decimal point. Returns its value and end.
///
/// Inlined: most numbers are Arabic, and a call returned the pair through
/// memory.
#[inline(always)]
fn arabic_at(text: &str, pos: usize) -> Option<(Decimal, usize)> {
    let b = text.as_bytes();
    // The value is read with the digits, in one pass over them.
    let (mut end, mut value) = read_digits(b, pos, 0);
    if end == pos {
        return None;
    }
    let mut digits = end - pos;
    // Thousands groups: only when the first group is short and every group
    // has exactly three digits, so `分别为3,5` stays two numbers.
    if end - pos <= 3 {
        loop {
            let sep = match b.get(end) {
                Some(b',' | b' ') => 1,
                _ if text[end..].starts_with('，') => 3,
                _ => 0,
            };
            if sep == 0 {
                break;
            }
            let g = end + sep;
            let (ge, grouped) = read_digits(b, g, value);
            if ge - g != 3 {
                break;
            }
            (end, value, digits) = (ge, grouped, digits + 3);
        }
    }
    let int = &b[pos..end];
    let mut frac: &[u8] = &[];
    if b.get(end) == Some(&b'.') {
        let (fe, with_frac) = read_digits(b, end + 1, value);
        if fe > end + 1 {
            frac = &b[end + 1..fe];
            (end, value) = (fe, with_frac);
        }
    }
    // Eighteen digits fit a u64: most numbers spare the i128 arithmetic
    // (and its overflow checks) of the general reader.
    let value = if digits + frac.len() <= 18 { Decimal::new(value.into(), frac.len() as u32) } else { digits_value(int, frac)? };
    Some((value, end))
}

/// The end of the ASCII digits from `from`, and `value` with them
/// appended (wrapping: exact for eighteen digits in all).
fn read_digits(b: &[u8], from: usize, mut value: u64) -> (usize, u64) {
    let mut end = from;
    while let Some(&c) = b.get(end).filter(|c| c.is_ascii_digit()) {
        value = value.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        end += 1;
    }
    (end, value)
}

/// The value of the digits `int` (thousands separators among them are
/// skipped) before the point and `frac` after it.
fn digits_value(int: &[u8], frac: &[u8]) -> Option<Decimal> {
    let digits = int.iter().chain(frac).filter(|c| c.is_ascii_digit());
    // Eighteen digits fit a u64: most numbers spare the i128 arithmetic
    // (and its overflow checks) of the general reader.
    if int.len() + frac.len() <= 18 {
        let mantissa = digits.fold(0u64, |m, &c| m * 10 + u64::from(c - b'0'));
        return Some(Decimal::new(mantissa.into(), frac.len() as u32));
    }
    let mut value = crate::value::DigitReader::default();
    for group in int.split(|c| !c.is_ascii_digit()) {
        value.int(group);
    }
    value.frac(frac);
    value.finish()
}

/// Most runs are a few tokens long.
const RUN_FIXED: usize = 8;

/// The tokens of a run with the byte offset where each ends. They live in
/// fixed arrays; only an unusually long run (a long digit sequence) moves
/// to the heap, so lexing a number allocates nothing.
struct Run {
    len: usize,
    toks: [Tok; RUN_FIXED],
    ends: [usize; RUN_FIXED],
    spill: (Vec<Tok>, Vec<usize>),
}

impl Run {
    fn new() -> Run {
        Run { len: 0, toks: [Tok::Zero; RUN_FIXED], ends: [0; RUN_FIXED], spill: (Vec::new(), Vec::new()) }
    }

    fn push(&mut self, tok: Tok, end: usize) {
        if self.len < RUN_FIXED {
            self.toks[self.len] = tok;
            self.ends[self.len] = end;
        } else {
            if self.len == RUN_FIXED {
                self.spill = (self.toks.to_vec(), self.ends.to_vec());
            }
            self.spill.0.push(tok);
            self.spill.1.push(end);
        }
        self.len += 1;
    }

    fn toks(&self) -> &[Tok] {
        if self.len <= RUN_FIXED {
            &self.toks[..self.len]
        } else {
            &self.spill.0
        }
    }

    fn ends(&self) -> &[usize] {
        if self.len <= RUN_FIXED {
            &self.ends[..self.len]
        } else {
            &self.spill.1
        }
    }

    fn last(&self) -> Option<Tok> {
        self.toks().last().copied()
    }

    /// Byte offset just past the run.
    fn end(&self) -> Option<usize> {
        self.ends().last().copied()
    }
}

/// Lexes the run of number tokens starting at `pos`
/// into `toks`, a new run: filled in its place, where a run returned (half a
/// kilobyte) was copied with memcpy.
fn lex(text: &str, pos: usize, toks: &mut Run) {
    let mut i = pos;
    while i < text.len() {
        // (arabic_at finds nothing but at a digit: most characters spare the call.)
        if let Some((v, e)) = text.as_bytes()[i].is_ascii_digit().then(|| arabic_at(text, i)).flatten() {
            // 1百01: a leading zero is a written 零.
            if text[i..].starts_with('0') && e - i > 1 && !text[i..e].contains('.') && toks.len > 0 {
                toks.push(Tok::Zero, i + 1);
            }
            toks.push(Tok::Num(v, true), e);
            i = e;
            continue;
        }
        let c = text[i..].chars().next().unwrap();
        let e = i + c.len_utf8();
        // The next character, decoded only for the few that need it.
        let next = || text[e..].chars().next();
        let prev_is_number = matches!(toks.last(), Some(Tok::Num(..) | Tok::Mag(_)));
        let tok = if let Some(d) = chinese_digit(c) {
            Tok::Num(Decimal::from_int(d), false)
        } else if let Some(m) = magnitude(c).filter(|_| !(c == '千' && next().is_some_and(|n| matches!(n, '瓦' | '克') || n == '米' && matches!(toks.last(), Some(Tok::Num(_, true)))))) {
            // 千瓦, 千克, 千米 are units, not 千 + unit.
            Tok::Mag(m)
        } else if is_zero(c) {
            Tok::Zero
        } else if let Some(d) = twenties(c) {
            toks.push(Tok::Num(Decimal::from_int(d), false), i);
            Tok::Mag(1)
        } else if c == '半' && toks.len == 0 && next().is_some_and(|n| crate::units::UnitLexicon::builtin().starts_unit(n)) {
            Tok::Num(Decimal::new(5, 1), false)
        } else if c == '点' && next().is_some_and(|n| chinese_digit(n).is_some() || is_zero(n) || n.is_ascii_digit()) && toks.len > 0 {
            Tok::Point
        } else if (c == '几' || c == '数') && next().is_some_and(|n| magnitude(n).is_some()) || c == '几' && matches!(toks.last(), Some(Tok::Mag(_))) {
            // 几十, 数百; 十几.
            Tok::Some_
        } else if c == '个' && next() == Some('亿') && prev_is_number {
            // 一个亿: colloquial for 一亿 (of yuan).
            i = e;
            continue;
        } else if (c == '余' || c == '多') && prev_is_number && next().is_some_and(|n| magnitude(n).is_some()) {
            Tok::Over(if c == '余' { "余" } else { "多" })
        } else {
            break;
        };
        toks.push(tok, e);
        i = e;
    }
}

/// 廿, 卅, 卌: 20, 30, 40 written as one character (lexed as 二十 etc.).
fn twenties(c: char) -> Option<i64> {
    match c {
        '廿' => Some(2),
        '卅' => Some(3),
        '卌' => Some(4),
        _ => None,
    }
}

/// Evaluation of a token run.
struct Eval {
    value: Decimal,
    magnitude: bool,
    vague: bool,
}

/// Value of a run without ranges: sections of 十/百/千 under 万 and 亿,
/// a trailing bare digit scaled colloquially (`三万五` = 35000).
fn evaluate(toks: &[Tok]) -> Option<Eval> {
    if let [Tok::Num(value, _)] = *toks {
        // A lone number (most Arabic ones): the general sum below gives it back unchanged.
        return Some(Eval { value, magnitude: false, vague: false });
    }
    if let Some(p) = toks.iter().position(|t| *t == Tok::Point) {
        return evaluate_decimal(&toks[..p], &toks[p + 1..]);
    }
    let mut yi = Decimal::ZERO; // everything up to the last 亿
    let mut wan = Decimal::ZERO; // the 万 group
    let mut section = Decimal::ZERO; // below 万
    let mut pending: Option<Decimal> = None;
    let mut last_small: u32 = 9; // last 十/百/千 power in this section
    let mut last_mag: Option<u32> = None;
    let mut after_zero = false;
    let mut vague = false;
    let mut any_mag = false;
    for (k, t) in toks.iter().enumerate() {
        match *t {
            Tok::Num(v, _) => {
                if pending.is_some() {
                    return None;
                }
                pending = Some(v);
            }
            Tok::Some_ => {
                if pending.is_some() {
                    return None;
                }
                vague = true;
                // 几十 → 10 (lower bound); 十几 → 十 + 0.
                pending = Some(if k == 0 { Decimal::from_int(1) } else { Decimal::ZERO });
            }
            Tok::Zero => {
                if pending.is_some() {
                    return None;
                }
                after_zero = true;
                continue;
            }
            Tok::Over(_) => {
                vague = true;
                continue;
            }
            Tok::Point => return None,
            Tok::Mag(p) => {
                any_mag = true;
                let base = match pending.take() {
                    // 三万五千 written 三万五 and 八千三万: a bare digit right
                    // after 百/千 is one order below it.
                    Some(v) if p >= 4 && colloquial(toks, k) => v.shifted(last_small - 1)?,
                    Some(v) => v,
                    None if k > 0 && matches!(toks[k - 1], Tok::Over(_)) => Decimal::ZERO,
                    None if k == 0 || p == 1 || p <= 3 && matches!(toks[k - 1], Tok::Zero) => Decimal::from_int(1),
                    None => Decimal::ZERO,
                };
                if p <= 3 {
                    if p >= last_small {
                        // 百千 or 千千: only a larger magnitude may scale the
                        // section so far (十万, 百万 handled below).
                        if base.is_zero() && !section.is_zero() && p > last_small {
                            return None;
                        }
                        if (!base.is_zero() || !section.is_zero()) && last_small != 9 {
                            return None;
                        }
                    }
                    section = section.checked_add(base.shifted(p)?)?;
                    last_small = p;
                } else if p == 4 {
                    let group = section.checked_add(base)?;
                    if group.is_zero() && wan.is_zero() && yi.is_zero() {
                        return None;
                    }
                    if group.is_zero() && !wan.is_zero() {
                        wan = wan.shifted(4)?; // 一万万 = 一亿
                    } else {
                        let group = if group.is_zero() { Decimal::from_int(1) } else { group };
                        wan = wan.checked_add(group.shifted(4)?)?;
                    }
                    section = Decimal::ZERO;
                    last_small = 9;
                } else {
                    let group = yi.checked_add(wan)?.checked_add(section)?.checked_add(base)?;
                    if group.is_zero() {
                        return None;
                    }
                    yi = group.shifted(8)?;
                    wan = Decimal::ZERO;
                    section = Decimal::ZERO;
                    last_small = 9;
                }
                last_mag = Some(p);
                after_zero = false;
            }
        }
    }
    let mut tail = pending.unwrap_or(Decimal::ZERO);
    // 三万五 = 35000, 一千五 = 1500: a bare digit right after a magnitude
    // of 百 or more is one order below it.
    if let Some(p) = last_mag {
        if p >= 2 && !after_zero && colloquial(toks, toks.len()) {
            tail = tail.shifted(p - 1)?;
        }
    }
    let value = yi.checked_add(wan)?.checked_add(section)?.checked_add(tail)?;
    Some(Eval { value, magnitude: any_mag, vague })
}

/// Whether the token before `k` is a single digit directly after a
/// magnitude of 百 or more (`三万五`, `8千3`).
fn colloquial(toks: &[Tok], k: usize) -> bool {
    if k < 2 {
        return false;
    }
    let single = matches!(toks[k - 1], Tok::Num(v, _) if v.is_integer() && v < Decimal::from_int(10));
    single && matches!(toks[k - 2], Tok::Mag(p) if p >= 2)
}

/// `九十五点九`, `三点五万`: integer part, digits after 点, then a magnitude.
fn evaluate_decimal(int: &[Tok], rest: &[Tok]) -> Option<Eval> {
    let whole = if int.is_empty() {
        Eval { value: Decimal::ZERO, magnitude: false, vague: false }
    } else {
        match evaluate(int) {
            Some(e) => e,
            None => Eval { value: evaluate_sequence(int)?, magnitude: false, vague: false },
        }
    };
    let mut frac = String::from("0.");
    let mut k = 0;
    while let Some(t) = rest.get(k) {
        match *t {
            Tok::Num(v, false) => frac.push_str(&v.to_string()),
            Tok::Num(v, true) if v.is_integer() && k == 0 => frac.push_str(&v.to_string()),
            Tok::Zero => frac.push('0'),
            _ => break,
        }
        k += 1;
    }
    let mut value = whole.value.checked_add(Decimal::parse(&frac)?)?;
    let mut magnitude = whole.magnitude;
    for t in &rest[k..] {
        match *t {
            Tok::Mag(p) if p >= 2 => {
                value = value.shifted(p)?;
                magnitude = true;
            }
            _ => return None,
        }
    }
    Some(Eval { value, magnitude, vague: whole.vague })
}

/// Digits read one by one: `二〇一九` = 2019.
fn evaluate_sequence(toks: &[Tok]) -> Option<Decimal> {
    let mut s = String::new();
    for t in toks {
        match *t {
            Tok::Num(v, false) => s.push_str(&v.to_string()),
            Tok::Zero => s.push('0'),
            _ => return None,
        }
    }
    Decimal::parse(&s)
}

/// Two neighbouring Chinese digits that express a range (`五六`, `三五`, `一两`).
fn range_pair(a: Decimal, b: Decimal) -> bool {
    let (Some(a), Some(b)) = (a.to_i64(), b.to_i64()) else { return false };
    (b == a + 1 && a >= 1) || (a, b) == (3, 5) || (a, b) == (1, 2)
}

/// Whether `c` may start a number ([`scan_number`] returns `None` at once
/// otherwise).
pub(crate) fn may_start_number(c: char) -> bool {
    let i = c as usize;
    i < 0x10000 && NUMBER_STARTS[i / 64] & (1 << (i % 64)) != 0
}

/// [`may_start_number`] for a Han character of U+3000–U+9FFF (lead byte
/// E3–E9), from its bytes: its two continuation bytes pick a byte of
/// [`HAN_STARTS_BY_TAIL`], its lead byte the bit. One look-up the scanner
/// makes at most characters of a page.
#[inline(always)]
pub(crate) fn may_start_number_han(b: [u8; 3]) -> bool {
    debug_assert!((0xE3..=0xE9).contains(&b[0]));
    let leads = HAN_STARTS_BY_TAIL[han_tail(b[1], b[2])];
    leads >> (b[0].wrapping_sub(0xE3) & 7) & 1 != 0
}

/// The index of two continuation bytes in [`HAN_STARTS_BY_TAIL`]: their
/// six low bits each, as one little-endian load reads them.
#[inline(always)]
const fn han_tail(b1: u8, b2: u8) -> usize {
    (u16::from_le_bytes([b1, b2]) & 0x3F3F) as usize
}

/// For the last two bytes of a Han character of U+3000–U+9FFF, bit `k` set
/// when the character with the lead byte E3 + `k` may start a number
/// (16 KB, built by the compiler).
static HAN_STARTS_BY_TAIL: [u8; 0x4000] = {
    let mut leads = [0u8; 0x4000];
    let mut cp = 0x3000;
    while cp < 0xA000 {
        if let Some(c) = char::from_u32(cp) {
            if may_start_number_slow(c) {
                let (b0, b1, b2) = (0xE0 | (cp >> 12) as u8, 0x80 | (cp >> 6 & 0x3F) as u8, 0x80 | (cp & 0x3F) as u8);
                leads[han_tail(b1, b2)] |= 1 << (b0 - 0xE3);
            }
        }
        cp += 1;
    }
    leads
};

/// A Chinese digit at `pos` that cannot begin a quantity: the next
/// character continues no number and begins no unit (`一些`, `统一`, `三是`).
/// Such digits are most of the numerals of a page, and skipping them
/// spares the full grammar.
/// `c` is the character at `pos`.
#[inline(always)]
pub(crate) fn digit_dead_end(text: &str, pos: usize, c: char, units: &crate::units::UnitLexicon) -> bool {
    if chinese_digit(c).is_none() {
        return false;
    }
    match text[pos + c.len_utf8()..].chars().next() {
        None => false,
        Some(d) => !(may_start_number(d) || units.starts_unit(d) || matches!(d, '余' | '多' | '几' | '点' | '至' | '到' | '—' | '~' | '-' | '%' | '‰' | '分' | '之' | '来')),
    }
}

const fn may_start_number_slow(c: char) -> bool {
    c.is_ascii_digit()
        || chinese_digit(c).is_some()
        || magnitude(c).is_some()
        || is_zero(c)
        || matches!(c, '几' | '数' | '廿' | '卅' | '卌' | '半')
}

/// [`may_start_number_slow`] as a bitmap over the BMP, built by the
/// compiler (a lazy table costs a check at every character scanned).
static NUMBER_STARTS: [u64; 0x10000 / 64] = number_starts();

const fn number_starts() -> [u64; 0x10000 / 64] {
    let mut bits = [0u64; 0x10000 / 64];
    let mut i = 0;
    while i < 0x10000 {
        if let Some(c) = char::from_u32(i) {
            if may_start_number_slow(c) {
                bits[i as usize / 64] |= 1 << (i % 64);
            }
        }
        i += 1;
    }
    bits
}

/// Reads a number starting at byte `pos` of normalised `text`.
pub(crate) fn scan_number(text: &str, pos: usize) -> Option<RawNumber> {
    let first = text[pos..].chars().next()?;
    if !may_start_number(first) {
        return None;
    }
    scan_number_from(text, pos, first)
}

/// [`scan_number`] at `pos`, where the character `first`, one that may
/// start a number, was decoded by the caller.
pub(crate) fn scan_number_from(text: &str, pos: usize, first: char) -> Option<RawNumber> {
    if after_digit_or_point(text, pos) {
        return None;
    }
    // The words below begin with 百, 千 or 零: other numbers skip comparing them.
    if matches!(first, '百' | '千' | '零') {
        if let Some(n) = percent_words(text, pos) {
            return Some(n);
        }
        if text[pos..].starts_with("零下") || ["百分点", "百分比", "百分率"].iter().any(|w| text[pos..].starts_with(w)) {
            return None;
        }
    }
    if let Some(mut n) = simple_arabic(text, pos).or_else(|| lone_digit(text, pos, first)).or_else(|| plain_chinese(text, pos)) {
        extend(text, &mut n);
        return Some(n);
    }
    // One lexing serves both readings: a fraction, else a plain number.
    let mut run = Run::new();
    lex(text, pos, &mut run);
    if let Some(n) = fraction(text, pos, &run) {
        return Some(n);
    }
    let mut n = longest_in(text, pos, &run)?;
    extend(text, &mut n);
    Some(n)
}

/// Whether the character before `pos` is an ASCII digit or a point, told
/// by the byte before: no byte of a longer character is ASCII.
fn after_digit_or_point(text: &str, pos: usize) -> bool {
    pos > 0 && matches!(text.as_bytes()[pos - 1], b'0'..=b'9' | b'.')
}

/// The commonest numbers, Arabic with at most one magnitude and nothing
/// after them that [`lex`] would take (`2130名`, `96.8%`, `20万元`), read
/// without lexing: [`read_run`] reads such a run as the value times the
/// magnitude. `None` when more may follow (`3万4000`, `3分之1`), or for
/// the rare cases left to the full grammar (`0万`, `5千瓦`).
fn simple_arabic(text: &str, pos: usize) -> Option<RawNumber> {
    if !text.as_bytes()[pos].is_ascii_digit() {
        return None;
    }
    let (value, mut end) = arabic_at(text, pos)?;
    let mut n = RawNumber::plain(pos, end, value);
    if let Some(c) = text[end..].chars().next() {
        if let Some(p) = magnitude(c) {
            // 千瓦, 千克, 千米 are units; a zero before 万 or 亿 reads as nothing.
            if c == '千' || c == '仟' || value.is_zero() {
                return None;
            }
            end += c.len_utf8();
            n = RawNumber { end, value: value.shifted(p)?, magnitude: true, tail_mag: p, ..n };
        }
    }
    if joins_after(&text[end..]) {
        return None;
    }
    Some(n)
}

/// A Chinese digit that nothing after it joins (`一个`, `三项`), read
/// without lexing: [`lex`] would find it alone, and [`read_run`] read it as
/// itself. `None` when more may follow.
fn lone_digit(text: &str, pos: usize, first: char) -> Option<RawNumber> {
    let value = chinese_digit(first)?;
    let end = pos + first.len_utf8();
    if joins_after(&text[end..]) {
        return None;
    }
    Some(RawNumber { chinese: true, lone: true, ..RawNumber::plain(pos, end, Decimal::from_int(value)) })
}

/// A Chinese number of magnitudes, each after one digit (the first may
/// stand alone), falling and all below 万 after the first, perhaps with a
/// last digit (`十年`, `三千人`, `两万五千`, `一千五`, `二十五`), and with
/// nothing after it that joins, read without lexing: [`evaluate`] adds the
/// digits times their magnitudes, and reads a last digit one order below
/// the magnitude before it (the units after 十). `None` for any other run
/// (ranges, zeros, 千万, 千瓦), left to the full grammar.
fn plain_chinese(text: &str, pos: usize) -> Option<RawNumber> {
    let mut value = 0;
    let mut digit = None; // a digit waiting for its magnitude
    let mut last_mag = None;
    let mut end = pos;
    for c in text[pos..].chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() {
                return None; // 五六, 二〇: ranges and sequences
            }
            digit = Some(d);
        } else if let Some(p) = magnitude(c) {
            let falls = last_mag.is_none_or(|last| p < last && p <= 3 && digit.is_some());
            // 千瓦, 千克: 千 is part of the unit (see `lex`).
            if !falls || c == '千' && text[end + c.len_utf8()..].starts_with(['瓦', '克']) {
                return None;
            }
            value += digit.take().unwrap_or(1) * 10i64.pow(p);
            last_mag = Some(p);
        } else {
            break;
        }
        end += c.len_utf8();
    }
    let p = last_mag?;
    let (value, tail_mag) = match digit {
        Some(d) if p >= 2 => (value + d * 10i64.pow(p - 1), 0),
        Some(d) => (value + d, 0),
        None => (value, p),
    };
    if joins_after(&text[end..]) {
        return None;
    }
    Some(RawNumber { chinese: true, magnitude: true, tail_mag, ..RawNumber::plain(pos, end, Decimal::from_int(value)) })
}

/// Whether what follows a number fast-read joins it (more of the run, or
/// `分之` of a fraction): the full grammar must then read it.
fn joins_after(tail: &str) -> bool {
    continues_run(tail) || starts_with_word(tail, "分之")
}

/// Whether [`lex`] may take a token at the start of `tail`, after a number
/// or a magnitude: exact for 点, 个, 余 and 多, a superset otherwise.
/// Inlined: it is asked after most numbers.
#[inline(always)]
fn continues_run(tail: &str) -> bool {
    // An ASCII character continues a run only as a digit.
    if let Some(&b) = tail.as_bytes().first().filter(|b| b.is_ascii()) {
        return b.is_ascii_digit();
    }
    // The second character is decoded only for the few that need it.
    let mut cs = tail.chars();
    let Some(c) = cs.next() else { return false };
    may_start_number(c)
        || match c {
            '点' => cs.next().is_some_and(|n| chinese_digit(n).is_some() || is_zero(n) || n.is_ascii_digit()),
            '个' => cs.next() == Some('亿'),
            '余' | '多' => cs.next().is_some_and(|n| magnitude(n).is_some()),
            _ => false,
        }
}

/// The longest run of number tokens at `pos` that reads as a number: a run
/// that does not (`三五一`) is shortened from the right until one does.
fn longest_run(text: &str, pos: usize) -> Option<RawNumber> {
    let mut run = Run::new();
    lex(text, pos, &mut run);
    longest_in(text, pos, &run)
}

/// [`longest_run`] over a run already lexed at `pos`.
fn longest_in(text: &str, pos: usize, run: &Run) -> Option<RawNumber> {
    let (toks, ends) = (run.toks(), run.ends());
    (1..=toks.len()).rev().find_map(|n| read_run(text, pos, &toks[..n], ends[n - 1]))
}

/// `四分之三`, `4分之3`: a fraction, to six decimal places; `den` is the
/// run lexed at `pos`.
fn fraction(text: &str, pos: usize, den: &Run) -> Option<RawNumber> {
    let den_end = den.end()?;
    let rest = text[den_end..].strip_prefix("分之")?;
    let den = read_run(text, pos, den.toks(), den_end)?;
    let num_at = text.len() - rest.len();
    let mut num_run = Run::new();
    lex(text, num_at, &mut num_run);
    let num = read_run(text, num_at, num_run.toks(), num_run.end()?)?;
    let (n, d) = (num.value.to_string(), den.value.to_string());
    let (n, d): (f64, f64) = (n.parse().ok()?, d.parse().ok()?);
    if d == 0.0 {
        return None;
    }
    let scaled = (n / d * 1e6).round() as i128;
    Some(RawNumber { start: pos, value: Decimal::new(scaled, 6), value_max: None, lone: false, ..num })
}

/// `百分之四十`, `千分之五`.
fn percent_words(text: &str, pos: usize) -> Option<RawNumber> {
    let (sign, skip) = if text[pos..].starts_with("百分之") {
        (Sign::Percent, "百分之".len())
    } else if text[pos..].starts_with("千分之") {
        (Sign::PerMille, "千分之".len())
    } else {
        return None;
    };
    let raw = longest_run(text, pos + skip)?;
    Some(RawNumber { start: pos, percent: Some(sign), lone: false, ..raw })
}

/// Interprets a token run (as a range, digit sequence or plain number).
/// `toks` is non-empty and ends at byte `end`.
fn read_run(text: &str, pos: usize, toks: &[Tok], end: usize) -> Option<RawNumber> {
    let digits_only = toks.iter().all(|t| matches!(t, Tok::Num(_, false) | Tok::Zero));
    if matches!(toks[0], Tok::Over(_) | Tok::Point) || matches!(toks.last(), Some(Tok::Over(_) | Tok::Point)) || !digits_only && toks.len() > 1 && toks.last() == Some(&Tok::Zero) {
        return None;
    }
    let chinese = !toks.iter().any(|t| matches!(t, Tok::Num(_, true)));
    let tail_mag = match toks.last() {
        Some(Tok::Mag(p)) => *p,
        _ => 0,
    };
    let raw = |value, value_max, magnitude| RawNumber { value_max, chinese, magnitude, tail_mag, ..RawNumber::plain(pos, end, value) };
    // 五六千, 十五六: two neighbouring digits before any magnitude that follows.
    let before_point = toks.iter().position(|t| *t == Tok::Point).unwrap_or(toks.len());
    let range_span = if digits_only && toks.len() >= 3 { 0 } else { before_point };
    for k in 0..range_span.saturating_sub(1) {
        if let (Tok::Num(a, false), Tok::Num(b, false)) = (toks[k], toks[k + 1]) {
            if !range_pair(a, b) {
                break;
            }
            let low: Vec<Tok> = toks.iter().enumerate().filter(|(i, _)| *i != k + 1).map(|(_, t)| *t).collect();
            let high: Vec<Tok> = toks.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, t)| *t).collect();
            if toks.len() == 2 && !text[end..].starts_with(|c: char| is_measure_start(c)) {
                return None;
            }
            let (lo, hi) = (evaluate(&low)?, evaluate(&high)?);
            return Some(raw(lo.value, Some(hi.value), lo.magnitude));
        }
    }
    if digits_only && toks.len() >= 2 {
        // 二〇一九: a year or code read digit by digit.
        if toks.contains(&Tok::Zero) || toks.len() >= 3 {
            let mut r = raw(evaluate_sequence(toks)?, None, false);
            r.sequence = true;
            return Some(r);
        }
        return None;
    }
    if toks == [Tok::Zero] {
        return Some(raw(Decimal::ZERO, None, false));
    }
    let ev = evaluate(toks)?;
    let mut r = raw(ev.value, None, ev.magnitude);
    r.lone = chinese && toks.len() == 1 && matches!(toks[0], Tok::Num(..));
    if ev.vague {
        r.approx = Approx::Over;
        r.marker = toks.iter().find_map(|t| match t {
            Tok::Over(m) => Some(*m),
            Tok::Some_ => Some("几"),
            _ => None,
        });
        if r.marker == Some("几") && text[pos..].starts_with('数') {
            r.marker = Some("数");
        }
    }
    Some(r)
}

/// Characters that may begin a unit or classifier after a bare range (`三五年`).
fn is_measure_start(c: char) -> bool {
    crate::units::UnitLexicon::builtin().starts_unit(c)
}

/// Extends a number with what may follow it inside the quantity: 余/多/几,
/// a range to a second number, a percent sign, jiao and fen.
#[inline(always)]
fn extend(text: &str, n: &mut RawNumber) {
    // Most numbers are followed by none of this: one look settles them,
    // without a call.
    if EXTENDS_A_NUMBER.starts(&text.as_bytes()[n.end..]) {
        extend_further(text, n);
    }
}

/// [`extend`] past its first look. Each step looks at the character after
/// the number as the step before left it.
#[inline(never)]
fn extend_further(text: &str, n: &mut RawNumber) {
    // The character after the number, decoded once for the tests of every
    // step, and again only after a step moved the end.
    let after = |n: &RawNumber| text[n.end..].chars().next();
    let mut c = after(n);
    if n.marker.is_none() {
        let rest = &text[n.end..];
        match c {
            Some(m @ ('余' | '多')) if !rest[m.len_utf8()..].starts_with('样') => {
                n.end += m.len_utf8();
                n.approx = Approx::Over;
                n.marker = Some(if m == '余' { "余" } else { "多" });
                c = after(n);
            }
            // 十来个, 二十来斤: 来 after a round number, before its unit.
            Some('来') if n.tail_mag > 0 && n.value_max.is_none() && rest['来'.len_utf8()..].chars().next().is_some_and(|u| crate::units::UnitLexicon::builtin().starts_unit(u)) => {
                n.end += '来'.len_utf8();
                n.approx = Approx::About;
                n.marker = Some("来");
                c = after(n);
            }
            _ => {}
        }
    }
    if n.marker.is_none() && n.value_max.is_none() && matches!(c, Some('—' | '–' | '-' | '~' | '至' | '到' | '～')) {
        range_to(text, n);
        c = after(n);
    }
    if n.percent.is_none() {
        match c {
            Some('%') => n.percent = Some(Sign::Percent),
            Some('‰') => n.percent = Some(Sign::PerMille),
            _ => {}
        }
        if let Some(sign) = n.percent {
            n.end += sign.as_str().len();
            if n.value_max.is_none() {
                percent_range(text, n);
            }
            return; // a percentage is no money
        }
    }
    // Jiao (毛, 角), fen (分钱) or yuan (元, 圆, 块): see `money_tail`.
    if n.percent.is_none() && n.value_max.is_none() && n.marker.is_none() && matches!(c, Some('毛' | '角' | '分' | '元' | '圆' | '块')) {
        money_tail(text, n);
    }
}

/// The characters that begin what [`extend`] adds: 余, 多 and 来, the
/// connectors of [`range_to`], the percent signs, and the money units of
/// [`money_tail`].
static EXTENDS_A_NUMBER: BmpChars = BmpChars::of(&['余', '多', '来', '—', '–', '-', '~', '至', '到', '～', '%', '‰', '毛', '角', '分', '元', '圆', '块']);

/// A set of characters of the Basic Multilingual Plane, a bit each (8 KB,
/// built by the compiler), tested on the bytes of a character without
/// decoding it.
pub(crate) struct BmpChars([u64; 0x10000 / 64]);

impl BmpChars {
    pub(crate) const fn of(chars: &[char]) -> BmpChars {
        let mut bits = [0u64; 0x10000 / 64];
        let mut k = 0;
        while k < chars.len() {
            let c = chars[k] as usize;
            assert!(c < 0x10000, "a character beyond the Basic Multilingual Plane");
            bits[c / 64] |= 1 << (c % 64);
            k += 1;
        }
        BmpChars(bits)
    }

    /// Whether `s` (from a character boundary) starts with a character of
    /// the set.
    #[inline]
    pub(crate) fn starts(&self, s: &[u8]) -> bool {
        let c = match *s {
            [b, ..] if b < 0x80 => usize::from(b),
            [b0, b1, ..] if b0 & 0xE0 == 0xC0 => usize::from(b0 & 0x1F) << 6 | usize::from(b1 & 0x3F),
            [b0, b1, b2, ..] if b0 & 0xF0 == 0xE0 => usize::from(crate::lexicon::three_byte_char(b0, b1, b2)),
            _ => return false, // the end, or a character beyond the plane
        };
        self.0[c / 64] >> (c % 64) & 1 == 1
    }
}

/// `5%—8%`: a range of percentages, the sign on both ends.
fn percent_range(text: &str, n: &mut RawNumber) {
    let tail = &text[n.end..];
    let Some(conn) = ["—", "–", "-", "~", "至", "到"].iter().find(|c| tail.starts_with(**c)) else { return };
    let at = n.end + conn.len();
    let Some(second) = longest_run(text, at) else { return };
    // The sign's own length: `‰` is three bytes (`5%到7‰` used to end inside it).
    if let Some(sign @ ('%' | '‰')) = text[second.end..].chars().next() {
        if second.value > n.value {
            n.end = second.end + sign.len_utf8();
            n.value_max = Some(second.value);
        }
    }
}

/// A single digit, Chinese or Arabic (三毛五, 3角5分).
fn any_digit(c: char) -> Option<i64> {
    chinese_digit(c).or_else(|| c.to_digit(10).map(i64::from))
}

/// A fen amount at `at`: a digit and `分`, or with `unsaid` a lone digit
/// (三毛五); its value in yuan and its end.
fn fen_at(text: &str, at: usize, unsaid: bool) -> Option<(Decimal, usize)> {
    let c = text[at..].chars().next()?;
    let d = any_digit(c)?;
    let after = at + c.len_utf8();
    let rest = &text[after..];
    if rest.starts_with('分') {
        return Some((Decimal::new(d as i128, 2), after + '分'.len_utf8()));
    }
    let continues = rest.starts_with(|c: char| c.is_ascii_digit() || chinese_digit(c).is_some() || magnitude(c).is_some() || c == '.' || c == '点');
    (unsaid && !continues).then(|| (Decimal::new(d as i128, 2), after))
}

/// `3元5角`, `五块五毛`, `壹拾壹元壹角壹分`: yuan with jiao and fen.
fn money_tail(text: &str, n: &mut RawNumber) {
    let tail = &text[n.end..];
    // 5毛钱, 三角: jiao alone, a tenth of a yuan.
    if !n.magnitude && n.value < Decimal::from_int(10) {
        // 角 after a Chinese numeral is usually a corner (一角); 毛 is money,
        // and so is 角 before 钱 or fen (三角五分).
        let money_word = |u: &str| u == "毛" || !n.chinese || tail[u.len()..].starts_with('钱') || fen_at(text, n.end + u.len(), false).is_some();
        if let Some(jiao) = ["毛", "角"].iter().find(|u| tail.starts_with(**u) && money_word(u) && !tail[u.len()..].starts_with(['巾', '衣', '线', '度', '形', '不'])) {
            if let Some(mut value) = n.value.checked_mul(Decimal::new(1, 1)) {
                let mut end = n.end + jiao.len();
                // 3角5分, 三毛五: fen after jiao (unsaid only after 毛).
                if let Some((fen, e)) = fen_at(text, end, *jiao == "毛") {
                    value = value.checked_add(fen).unwrap_or(value);
                    end = e;
                }
                return n.become_money(end, value);
            }
        }
        // 5分钱: fen alone, only before 钱 (5分 is also a score or minutes;
        // 一分钱 is "a single cent", an idiom).
        if tail.starts_with("分钱") && !(n.chinese && n.value == Decimal::from_int(1)) {
            if let Some(value) = n.value.checked_mul(Decimal::new(1, 2)) {
                return n.become_money(n.end + "分".len(), value);
            }
        }
    }
    let Some(yuan) = ["元", "圆", "块"].iter().find(|u| tail.starts_with(**u)) else { return };
    let mut at = n.end + yuan.len();
    // 十块零五毛: a 零 may stand between yuan and jiao or fen.
    if text[at..].starts_with('零') && text[at + '零'.len_utf8()..].chars().nth(1).is_some_and(|u| matches!(u, '角' | '毛' | '分')) {
        at += '零'.len_utf8();
    }
    let mut value = n.value;
    let mut found = false;
    for (units, scale) in [(&["角", "毛"][..], 1u32), (&["分"][..], 2)] {
        let Some(d) = text[at..].chars().next().and_then(any_digit) else { break };
        let after = at + text[at..].chars().next().unwrap().len_utf8();
        if scale == 1 && text[after..].starts_with('分') {
            continue; // 十块零五分: no jiao, the digit is fen
        }
        let unit = units.iter().find(|u| text[after..].starts_with(**u));
        // 五块五 / 三毛二: the last small unit may be left unsaid.
        let said = unit.is_some();
        if !(said || found || scale == 1) {
            break;
        }
        if !said && text[after..].starts_with(|c: char| c.is_ascii_digit() || chinese_digit(c).is_some()) {
            break;
        }
        value = value.checked_add(Decimal::new(d as i128, scale)).unwrap_or(value);
        at = after + unit.map_or(0, |u| u.len());
        found = true;
        if !said {
            break;
        }
    }
    if found {
        n.become_money(at, value);
    }
}

/// `3—5`, `10~20`, `3至5`, `三到四千`: a range to a second number.
fn range_to(text: &str, n: &mut RawNumber) {
    let tail = &text[n.end..];
    let Some(conn) = ["—", "–", "-", "~", "至", "到", "～"].iter().find(|c| tail.starts_with(**c)) else {
        return;
    };
    // The unit may sit on both ends: 3%—5%.
    let second_at = n.end + conn.len();
    let Some(second) = longest_run(text, second_at) else { return };
    if second.chinese != n.chinese || second.sequence || n.sequence {
        return;
    }
    let mut low = n.value;
    // 三到四千, 10~20万: the magnitude of the second number applies to the first.
    // A single leading digit (四百万) carries every zero of the second
    // number; a longer one (20万) only its magnitude characters.
    if !n.magnitude && second.tail_mag > 0 {
        let mut lead = text[second.start..].chars();
        let single = match (lead.next(), lead.next()) {
            (Some(a), b) if a.is_ascii_digit() => !b.is_some_and(|b| b.is_ascii_digit() || b == '.'),
            (Some(a), _) => chinese_digit(a).is_some(),
            _ => false,
        };
        let pow = match second.value.to_i64() {
            Some(mut v) if single && v > 0 => {
                let mut p = 0;
                while v % 10 == 0 {
                    v /= 10;
                    p += 1;
                }
                p
            }
            _ => second.tail_mag,
        };
        low = low.shifted(pow).unwrap_or(low);
    }
    if second.value <= low {
        return;
    }
    n.value = low;
    n.value_max = Some(second.value);
    n.end = second.end;
    n.magnitude |= second.magnitude;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> (String, Option<String>, Approx) {
        let n = find_numbers(s);
        assert!(!n.is_empty(), "no number in {s:?}");
        (n[0].value.to_string(), n[0].value_max.map(|v| v.to_string()), n[0].approx)
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(one("一万二千五百").0, "12500");
        assert_eq!(one("两千").0, "2000");
        assert_eq!(one("一千零一").0, "1001");
        assert_eq!(one("三万五").0, "35000");
        assert_eq!(one("十五").0, "15");
        assert_eq!(one("壹仟贰佰叁拾肆").0, "1234");
        assert_eq!(one("二〇一九").0, "2019");
        assert_eq!(one("一亿零五百万").0, "105000000");
        assert_eq!(one("九十五点九").0, "95.9");
    }

    #[test]
    fn mixed_and_exact() {
        assert_eq!(one("40764.57万元").0, "407645700");
        assert_eq!(one("3万4000").0, "34000");
        assert_eq!(one("1千万").0, "10000000");
        assert_eq!(one("1,100").0, "1100");
    }

    #[test]
    fn approximations_inside() {
        assert_eq!(one("13 万余人"), ("130000".into(), None, Approx::Over));
        assert_eq!(one("500多万元"), ("5000000".into(), None, Approx::Over));
        assert_eq!(one("十几户"), ("10".into(), None, Approx::Over));
        assert_eq!(one("三万多"), ("30000".into(), None, Approx::Over));
    }

    #[test]
    fn ranges() {
        assert_eq!(one("五六千斤"), ("5000".into(), Some("6000".into()), Approx::Exact));
        assert_eq!(one("三到四千人"), ("3000".into(), Some("4000".into()), Approx::Exact));
        assert_eq!(one("3—5年"), ("3".into(), Some("5".into()), Approx::Exact));
        assert_eq!(one("10~20"), ("10".into(), Some("20".into()), Approx::Exact));
    }

    #[test]
    fn percent() {
        let n = find_numbers("百分之九十五点九");
        assert_eq!(n[0].value.to_string(), "95.9");
        assert_eq!(n[0].percent, Some("%"));
        assert_eq!(find_numbers("参 保 率96.8%")[0].text, "96.8%");
    }

    #[test]
    fn qualifiers_outside() {
        assert_eq!(one("近3000人").2, Approx::Under);
        assert_eq!(one("90%以上").2, Approx::AtLeast);
        assert_eq!(find_numbers("约 300 人")[0].text, "300");
    }

    #[test]
    fn short_and_long_digit_runs_read_alike() {
        // The u64 reading of short numbers against the general reader.
        let general = |int: &[u8], frac: &[u8]| {
            let mut value = crate::value::DigitReader::default();
            for group in int.split(|c| !c.is_ascii_digit()) {
                value.int(group);
            }
            value.frac(frac);
            value.finish()
        };
        for (int, frac) in [("0", ""), ("7", "5"), ("1，234", "05"), ("999 999", "9"), ("12,345,678", "900"), ("123456789012345678", ""), ("1234567890", "12345678"), ("9999999999999999999999999999", "1")] {
            assert_eq!(digits_value(int.as_bytes(), frac.as_bytes()), general(int.as_bytes(), frac.as_bytes()), "{int}.{frac}");
        }
        assert_eq!(one("共计1，234，567.50元").0, "1234567.5");
        assert_eq!(one("约12345678901234567890户").0, "12345678901234567890");
    }

    #[test]
    fn arabic_numbers_read_with_their_digits() {
        // The end found as before, the value by the general reader.
        let slow = |text: &str| {
            let b = text.as_bytes();
            let digits = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
            let mut end = digits(0);
            while end <= 3 || b[..end].iter().any(|c| !c.is_ascii_digit()) {
                let sep = if matches!(b.get(end), Some(b',' | b' ')) { 1 } else if text[end..].starts_with('，') { 3 } else { break };
                if digits(end + sep) - (end + sep) != 3 {
                    break;
                }
                end = digits(end + sep);
            }
            let int_end = end;
            if b.get(end) == Some(&b'.') && digits(end + 1) > end + 1 {
                end = digits(end + 1);
            }
            let mut value = crate::value::DigitReader::default();
            b[..int_end].split(|c| !c.is_ascii_digit()).for_each(|group| value.int(group));
            value.frac(b.get(int_end + 1..end).unwrap_or(&[]));
            value.finish().map(|v| (v, end))
        };
        for text in ["7", "1,234", "1，234，567.50元", "1 234", "12,34", "1,2345", "3.", "3.x", "0.05", "999999999999999999", "9999999999999999999.9", "1,234,567,890,123,456,789.5", "123456789012.1234567", "18446744073709551616", "4".repeat(40).as_str()] {
            assert_eq!(arabic_at(text, 0), slow(text), "{text}");
        }
    }

    #[test]
    fn long_runs_leave_the_fixed_arrays_intact() {
        let text = "一二三四五六七八九一二三四五六七八九一二";
        let mut run = Run::new();
        lex(text, 0, &mut run);
        assert_eq!(run.toks().len(), 20);
        assert_eq!(run.ends().len(), 20);
        assert_eq!(run.end(), Some(text.len()));
        assert_eq!(run.ends()[15], 16 * "一".len());
        assert_eq!(run.ends()[RUN_FIXED], (RUN_FIXED + 1) * "一".len());
        assert_eq!(run.toks()[17], Tok::Num(Decimal::from_int(9), false));
    }

    /// The third-byte mask rejects no text that opens with a suffix.
    #[test]
    fn suffix_mask_misses_none() {
        for (w, _) in SUFFIXES {
            assert_eq!(suffix_qualifier(&format!("5{w}人"), 1).map(|q| q.2), Some(*w));
        }
        assert_eq!(suffix_qualifier("5人以上", 1), None);
        assert_eq!(suffix_qualifier("5", 1), None);
    }

    #[test]
    fn prefix_qualifier_sees_gaps_and_zhishao() {
        assert_eq!(prefix_qualifier("至少要保证3", "至少要保证".len()).map(|q| q.2), Some("至少"));
        assert_eq!(prefix_qualifier("每村至少储备2", "每村至少储备".len()).map(|q| q.0), Some("每村".len()));
        assert_eq!(prefix_qualifier("最近3", "最近".len()), None);
        assert_eq!(prefix_qualifier("3", 0), None);
    }

    /// The qualifier before `pos` by whole word lists, as
    /// [`prefix_qualifier_full`] finds it from the last bytes.
    fn prefix_qualifier_by_lists(text: &str, pos: usize) -> Option<(usize, Approx, &'static str)> {
        let mut head = &text[..pos];
        let ends_prefix = |h: &str| PREFIXES.iter().any(|(m, _)| h.ends_with(m));
        if let Some(g) = GAPS.iter().find(|g| head.ends_with(*g) && ends_prefix(&head[..head.len() - g.len()])) {
            head = &head[..head.len() - g.len()];
        }
        if let Some(q) = zhishao_before(head) {
            return Some(q);
        }
        let bare_magnitude = text[pos..].starts_with(['百', '千', '万', '亿']);
        PREFIXES
            .iter()
            .find(|(m, _)| head.ends_with(m))
            .filter(|(m, _)| !(*m == "近" && head.ends_with("最近") || *m == "超" && head.ends_with("超超")))
            .filter(|(m, _)| *m != "上" || bare_magnitude)
            .map(|&(m, a)| (head.len() - m.len(), a, m))
    }

    #[test]
    fn qualifiers_by_ending_agree_with_the_lists() {
        let words: Vec<&str> = PREFIXES.iter().map(|(m, _)| *m).chain(GAPS.iter().copied()).chain(["最", "超", "每村", "储备", "3", ""]).collect();
        for a in &words {
            for b in &words {
                for tail in ["2名", "百人", "万"] {
                    let text = format!("{a}{b}{tail}");
                    for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                        assert_eq!(prefix_qualifier_full(&text, pos), prefix_qualifier_by_lists(&text, pos), "{text} at {pos}");
                    }
                }
            }
        }
    }

    #[test]
    fn per_mille_ends_a_percent_range() {
        let n = find_numbers("参保率5%到7‰之间");
        assert_eq!(n[0].text, "5%到7‰");
    }

    #[test]
    fn number_starts_read_from_bytes() {
        for c in '\0'..=char::MAX {
            assert_eq!(may_start_number(c), may_start_number_slow(c), "{c}");
            if c.len_utf8() == 3 {
                let mut b = [0; 4];
                c.encode_utf8(&mut b);
                if (0xE3..=0xE9).contains(&b[0]) {
                    assert_eq!(may_start_number_han([b[0], b[1], b[2]]), may_start_number_slow(c), "{c}");
                }
            }
        }
    }

    /// The number read at every Chinese digit of `text` by the full grammar.
    fn by_grammar(text: &str, pos: usize) -> Option<RawNumber> {
        let mut run = Run::new();
        lex(text, pos, &mut run);
        fraction(text, pos, &run).or_else(|| longest_in(text, pos, &run))
    }

    #[test]
    fn lone_digits_read_as_the_grammar_reads_them() {
        let texts = ["一个村三项工程，两户人家", "五分之一的农户", "三点五亩、七点", "一个亿元", "二十户", "九余万", "四多万人", "六几", "八〇后", "五5", "一", "三、四是", "两半", "七廿", "一千瓦"];
        let mut lone = 0;
        for text in texts {
            for (pos, c) in text.char_indices() {
                if let Some(n) = lone_digit(text, pos, c) {
                    assert_eq!(Some(n), by_grammar(text, pos), "{text} at {pos}");
                    lone += 1;
                }
            }
        }
        assert!(lone >= 8, "{lone}");
    }

    #[test]
    fn first_look_at_qualifiers_misses_none() {
        let texts = ["每村至少储备2名", "至少要保证3个", "差不多能达到5万", "上百人", "最近3天", "超超临界2台", "不足一成", "约 300 人", "达到12户", "有15个", "共3个"];
        for text in texts {
            for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
                assert_eq!(prefix_qualifier(text, pos), prefix_qualifier_full(text, pos), "{text} at {pos}");
            }
        }
        for (w, _) in PREFIXES {
            assert!(prefix_qualifier(w, w.len()).is_some() || *w == "上", "{w}");
        }
    }

    #[test]
    fn plain_chinese_numbers_read_as_the_grammar_reads_them() {
        // Every run of up to four of these characters, then one that ends
        // or continues it.
        let chars = ['一', '两', '五', '九', '十', '百', '千', '万', '亿', '拾', '零', '点', '几', '余', '瓦', '人'];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            texts = texts.iter().flat_map(|t| chars.iter().map(move |c| format!("{t}{c}"))).collect();
            let mut plain = 0;
            for text in &texts {
                for last in ["", "人", "分之一", "克", "3"] {
                    let text = format!("{text}{last}");
                    if let Some(n) = plain_chinese(&text, 0) {
                        assert_eq!(Some(n), by_grammar(&text, 0), "{text}");
                        plain += 1;
                    }
                }
            }
            assert!(plain > 0);
        }
        assert_eq!(plain_chinese("两万五千人", 0).map(|n| n.value), Some(Decimal::from_int(25000)));
        assert_eq!(plain_chinese("一千五", 0).map(|n| n.value), Some(Decimal::from_int(1500)));
    }

    #[test]
    fn continues_run_agrees_with_reading_two_characters() {
        let slow = |tail: &str| {
            let mut cs = tail.chars();
            let (Some(c), next) = (cs.next(), cs.next()) else { return false };
            may_start_number(c)
                || match c {
                    '点' => next.is_some_and(|n| chinese_digit(n).is_some() || is_zero(n) || n.is_ascii_digit()),
                    '个' => next == Some('亿'),
                    '余' | '多' => next.is_some_and(|n| magnitude(n).is_some()),
                    _ => false,
                }
        };
        let chars = "点个余多亿万千五〇3a .%，元";
        for a in chars.chars() {
            assert_eq!(continues_run(&a.to_string()), slow(&a.to_string()), "{a}");
            for b in chars.chars() {
                let tail = format!("{a}{b}");
                assert_eq!(continues_run(&tail), slow(&tail), "{tail}");
            }
        }
        assert!(!continues_run(""));
    }

    #[test]
    fn the_byte_before_tells_digits_and_points() {
        let text = "3.5万、第2期，12个。０.٣共四5";
        for pos in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
            let slow = text[..pos].ends_with(|c: char| c.is_ascii_digit() || c == '.');
            assert_eq!(after_digit_or_point(text, pos), slow, "at {pos}");
        }
    }

    #[test]
    fn character_sets_read_from_bytes() {
        let set = BmpChars::of(&['余', '%', '‰', '～', 'é']);
        for c in ['余', '%', '‰', '～', 'é', '多', '5', 'e', '\u{1F600}', '\u{7FF}', '\u{800}', '\u{FFFF}'] {
            let text = format!("{c}元");
            assert_eq!(set.starts(text.as_bytes()), "余%‰～é".contains(c), "{c}");
        }
        assert!(!set.starts(b""));
    }

    #[test]
    fn words_are_not_numbers() {
        assert!(find_numbers("进一步统一思想").is_empty());
    }
}
