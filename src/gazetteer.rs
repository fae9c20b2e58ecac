//! Place gazetteer: China's administrative divisions down to township level.
//!
//! The data (`data/gazetteer.tsv`, see `data/GAZETTEER.md` for its provenance) is
//! embedded at build time with `include_str!` and parsed lazily, once, by
//! [`Gazetteer::global`]. Every [`Division`] keeps its official code, so that a
//! county that was renamed or merged can still be followed by researchers:
//!
//! * province, prefecture (city) and county level: the 6-digit GB/T 2260 code
//!   (`140000` 山西省, `141100` 吕梁市, `141123` 兴县);
//! * township level (乡, 镇, 街道, 苏木, and the township-level farms, parks and
//!   development zones of the statistical code): the 9-digit NBS statistical code
//!   (`141123105` 罗峪口镇), whose first 6 digits are the county's code.
//!
//! Names in the table are the full official names (`吕梁市`, `交城县`,
//! `内蒙古自治区`). Lookups by name also accept the usual short form of a
//! province, city or county (`吕梁`, `交城`, `内蒙古`) when it has at least two
//! characters; text search ([`Gazetteer::find_in`]) is stricter, see there.
//!
//! No allocation is made per division: names are `&'static str` slices of the
//! embedded text, and short names are prefixes of those slices.

use crate::lexicon::{has_bit, set_bit, CharSet};
use crate::swar::{at_least, low7, HIGH};
use crate::normalize::utf8_len;
use once_cell::sync::{Lazy, OnceCell};
use serde::Serialize;
use std::cmp::Ordering;

/// The embedded table: `code<TAB>name<TAB>level<TAB>parent_code`, sorted by code.
static DATA: &str = include_str!("data/gazetteer.tsv");

/// Longest name (in chars) that [`Gazetteer::find_in`] will try to match.
const MAX_NAME_CHARS: usize = 24;

/// Administrative level of a division (or of a [`PlaceMatch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 省级: province, autonomous region, municipality (省, 自治区, 直辖市).
    Province,
    /// 地级: prefecture-level city, autonomous prefecture, league, prefecture (市, 州, 盟, 地区).
    City,
    /// 县级: county, district, county-level city, banner (县, 区, 市, 旗, 特区, 林区).
    County,
    /// 乡级: township, town, subdistrict, sum (乡, 镇, 街道, 苏木) and township-level units.
    Township,
    /// 村级: a village found in text by [`Gazetteer::find_in`]; villages are not in the table
    /// and never carry a code.
    Village,
}

impl Level {
    /// Lower-case English name, as used in `gazetteer.tsv` (`"province"`, …, `"village"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
        }
    }

    fn parse(s: &str) -> Option<Level> {
        // The table's 45 000 rows go through here: dispatch on the first byte first.
        Some(match (s.as_bytes().first(), s) {
            (Some(b't'), "township") => Level::Township,
            (_, "province") => Level::Province,
            (_, "city") => Level::City,
            (_, "county") => Level::County,
            (_, "village") => Level::Village,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One administrative division from the embedded table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Division {
    /// Official code: 6-digit GB/T 2260 code for province/city/county
    /// (e.g. `141123` for 兴县), 9-digit NBS code for townships (e.g. `141123105`).
    pub code: u32,
    /// `code` as written in the embedded table (`"141123"`), lent to facts
    /// without formatting the number for each.
    pub code_text: &'static str,
    /// Full official name, e.g. `兴县`, `吕梁市`, `罗峪口镇`, `内蒙古自治区`.
    pub name: &'static str,
    /// Administrative level (never [`Level::Village`] for a table entry).
    pub level: Level,
    /// Code of the parent division; `None` for provinces. Counties directly under a
    /// province (济源市, 仙桃市, the municipalities' districts…) have the province
    /// as parent; townships of cities without counties (东莞市, 中山市, 儋州市,
    /// 嘉峪关市) have the city as parent.
    pub parent: Option<u32>,
}

impl Division {
    /// The common short form of the name, if it differs from the full name and has at
    /// least two characters: `吕梁市`→`吕梁`, `交城县`→`交城`, `内蒙古自治区`→`内蒙古`,
    /// `广西壮族自治区`→`广西`, `延边朝鲜族自治州`→`延边`, `锡林郭勒盟`→`锡林郭勒`.
    /// Townships have none (their bare stems are too often ordinary words).
    /// `兴县` has none either (`兴` would be a single character).
    pub fn short_name(&self) -> Option<&'static str> {
        if self.level == Level::Township || self.level == Level::Village {
            return None;
        }
        short_form(self.name)
    }
}

/// Suffixes stripped to form a short name (longest first where they overlap).
const SHORT_SUFFIXES: &[&str] = &[
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",
];

/// Ethnic group names (without 族) stripped from autonomous divisions' names.
/// Multi-character ones first so that e.g. 土家 is tried before 土.
const ETHNIC: &[&str] = &[
    "柯尔克孜",
    "乌孜别克",
    "维吾尔",
    "哈萨克",
    "达斡尔",
    "鄂温克",
    "鄂伦春",
    "塔吉克",
    "俄罗斯",
    "塔塔尔",
    "蒙古",
    "朝鲜",
    "土家",
    "哈尼",
    "傈僳",
    "拉祜",
    "纳西",
    "景颇",
    "仫佬",
    "布依",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "东乡",
    "德昂",
    "保安",
    "裕固",
    "独龙",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "高山",
    "回",
    "藏",
    "苗",
    "彝",
    "壮",
    "满",
    "侗",
    "瑶",
    "白",
    "傣",
    "黎",
    "佤",
    "畲",
    "水",
    "土",
    "羌",
    "怒",
    "京",
];

fn short_form(name: &'static str) -> Option<&'static str> {
    let suffix = SHORT_SUFFIXES.iter().find(|s| name.ends_with(*s))?;
    let mut stem = &name[..name.len() - suffix.len()];
    if suffix.starts_with("自治") {
        // 广西壮族 → 广西; 海西蒙古族藏族 → 海西; 新疆维吾尔 → 新疆; 博尔塔拉蒙古 → 博尔塔拉.
        loop {
            let before = stem;
            let s = stem.strip_suffix('族').unwrap_or(stem);
            let had_zu = s.len() != stem.len();
            if let Some(e) = ETHNIC
                .iter()
                .find(|e| s.ends_with(*e) && (had_zu || e.chars().count() > 1))
            {
                let rest = &s[..s.len() - e.len()];
                if rest.chars().count() >= 2 {
                    stem = rest;
                }
            }
            if stem == before {
                break;
            }
        }
    }
    if stem.chars().count() >= 2 {
        Some(stem)
    } else {
        None
    }
}

/// Whether a township's full name is safe to look for in running text: standard
/// suffix (镇, 乡, 街道, 苏木, 办事处) and at least three characters. This keeps
/// 城关镇 and 罗峪口镇 but leaves out 乌镇-like two-character names and the
/// township-level farms, parks and zones (`经济开发区`…) whose names are often generic.
fn township_matchable(name: &str) -> bool {
    name.chars().count() >= 3
        && ["镇", "乡", "街道", "苏木", "办事处"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Whether a county-level full name is safe to look for in running text: two-character
/// district names (城区, 郊区, 矿区, 东区, 西区) are ordinary words and are left out.
fn county_matchable(name: &str) -> bool {
    !(name.chars().count() == 2 && name.ends_with('区'))
}

/// One place name found in text by [`Gazetteer::find_in`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceMatch {
    /// Byte offset of the first byte of the name in the searched text.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
    /// The name as it appears in the text (`text[start..end]`).
    pub name: String,
    /// Code of the division, when the name designates one unambiguously (directly, or
    /// thanks to the places named before it / the context given). `None` for an
    /// ambiguous name (e.g. a lone 城关镇) and for villages.
    pub code: Option<u32>,
    /// Level of the division (of the most plausible candidate when ambiguous).
    pub level: Level,
    /// True when the text used a short form (`吕梁` for 吕梁市, `山西` for 山西省).
    pub short: bool,
}

/// How a name key refers to its division.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KeyKind {
    Full = 0,
    Short = 1,
}

/// One entry of the name index: a (full or short) name and what it points to.
#[derive(Clone, Copy)]
struct Key {
    name: &'static str,
    kind: KeyKind,
    /// Whether [`Gazetteer::find_in`] may report this key when it occurs in text.
    in_text: bool,
}

/// The gazetteer: all divisions, indexed by code and by (full and short) name.
///
/// Obtain it with [`Gazetteer::global`]; it is built once, on first use, from the
/// embedded table.
pub struct Gazetteer {
    /// All divisions, sorted by [`sort_key`] of their code (= order of `gazetteer.tsv`).
    divisions: &'static [Division],
    /// Name index, built on the first name lookup.
    names: OnceCell<NameIndex>,
    /// Index in `divisions` of each code, built on the first lookup by
    /// code: one probe, where a binary search took some sixteen steps
    /// (places are looked up by code for every place named and for the
    /// parents of the places facts report).
    /// (Keyed by `u64`: [`IntHash`](crate::lexicon::IntHash) hashes it in
    /// one step.)
    codes: OnceCell<std::collections::HashMap<u64, u32, crate::lexicon::IntHash>>,
}

/// Name index, sorted by name; `refs[i]` is the division of `keys[i]`.
struct NameIndex {
    keys: Vec<Key>,
    refs: Vec<&'static Division>,
    /// For every pair of first two characters of a key searchable in text
    /// (as a [`pair_word`]): the range of keys (searchable or not) starting with that pair. Text
    /// search looks up each position's pair here and walks the keys only on
    /// a hit (about one position in twenty), starting from this range.
    pairs: PairMap,
    /// A bitmap over hashed pairs: a cheap test before the pair lookup.
    pair_bits: Box<[u64; PAIR_BITS / 64]>,
    /// When all the pairs are of three-byte characters (Han characters, as
    /// in the table shipped): the range of their first bytes, which text
    /// search tests eight bytes at a time.
    han_leads: Option<LeadRange>,
    /// Bitmaps over hashed pairs that are searchable keys themselves (兴县,
    /// 山西), and over the first three characters of the longer ones.
    whole_bits: Box<[u64; PAIR_BITS / 64]>,
    triple_bits: Box<[u64; PAIR_BITS / 64]>,
    /// Index of each division's parent in the table (`u32::MAX`: none).
    parents: Vec<u32>,
    /// [`STOP_BIGRAMS`] as sorted pair keys (splitting the list on every
    /// test was costly).
    stop_bigrams: Vec<u64>,
    /// Every substring of each of [`SHORT_STOP_PHRASES`], with the phrase and
    /// the offset of its first occurrence there, sorted by substring: the
    /// phrases containing a short name are found with one binary search.
    stop_phrase_parts: Vec<(&'static str, &'static str, usize)>,
}

/// Bits in the pair bitmap (a power of two): 128 KB, few enough pairs set
/// (one in forty: the 25 000 pairs that start a searchable name) that
/// positions where no name starts seldom pass the test (each that does costs
/// the third character's decoding and a second test). At 32 KB a tenth passed
/// by chance, more than pass for a true pair, and text search took a fifth more.
const PAIR_BITS: usize = 1 << 20;

/// Bit of a pair of characters (given as a [`pair_word`]) in the bitmaps.
#[inline(always)]
fn pair_bit(w: u64) -> usize {
    (w.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_BITS.trailing_zeros())) as usize
}

/// Key of a pair of characters (given as [`char_code`]s).
fn pair_key(a: u32, b: u32) -> u64 {
    (a as u64) << 32 | b as u64
}

/// The `n` bytes from byte `i` of `b` (at most 8: two characters) as one
/// integer, little-endian and zero-padded: one-to-one on pairs of
/// characters, and read with one load wherever 8 bytes are left.
#[inline(always)]
fn pair_word(b: &[u8], i: usize, n: usize) -> u64 {
    let w = match b.get(i..i + 8) {
        Some(s) => u64::from_le_bytes(s.try_into().expect("8 bytes")),
        None => {
            let mut buf = [0u8; 8];
            let tail = &b[i..];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    };
    w & pair_mask(n)
}

/// The mask of the low `n` bytes of a word (`n` from 2 to 8).
#[inline(always)]
fn pair_mask(n: usize) -> u64 {
    u64::MAX >> (64 - 8 * n)
}

/// A character's UTF-8 bytes packed big-endian into an integer: one-to-one.
fn char_code(c: char) -> u32 {
    let mut buf = [0u8; 4];
    code_at(c.encode_utf8(&mut buf).as_bytes(), 0, c.len_utf8())
}

/// The [`char_code`] of the `len`-byte character at byte `i` of `b`.
#[inline(always)]
fn code_at(b: &[u8], i: usize, len: usize) -> u32 {
    let s = &b[i..i + len];
    match len {
        1 => s[0] as u32,
        2 => u32::from_be_bytes([0, 0, s[0], s[1]]),
        3 => u32::from_be_bytes([0, s[0], s[1], s[2]]),
        _ => u32::from_be_bytes([s[0], s[1], s[2], s[3]]),
    }
}

type PairMap = std::collections::HashMap<u64, (u32, u32), crate::lexicon::IntHash>;

/// Bit of three characters in the triple bitmap (same size as the pair
/// bitmap): the pair's [`pair_word`] and the third's [`char_code`].
fn triple_bit(pair: u64, c: u32) -> usize {
    pair_bit(pair ^ (c as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F).rotate_left(29))
}

impl NameIndex {
    /// The first position from byte `from` on where a searchable key may
    /// start (as far as the bitmaps can tell), with the range of keys
    /// starting with the two characters there. `scan` is kept from one call
    /// to the next over a text, `from` never going back.
    #[inline]
    fn next_candidate(&self, text: &str, from: usize, scan: &mut PairScan) -> Option<(usize, (u32, u32))> {
        let bytes = text.as_bytes();
        let mut i = from;
        loop {
            i = self.next_pair_hit(bytes, i, scan)?;
            let la = utf8_len(bytes[i]);
            let lb = utf8_len(bytes[i + la]);
            if let Some(&r) = self.pairs.get(&pair_word(bytes, i, la + lb)) {
                return Some((i, r));
            }
            i += la;
        }
    }

    /// The first character from byte `i` on that, with the next one, makes
    /// a pair set in the pair bitmap, and where then
    /// [`may_start`](Self::may_start) holds. This loop sees almost every
    /// character of the text (each test costs one load, a multiplication
    /// and a bit test: the pair is read as one word, not decoded), and it
    /// is kept out of line so that it has the registers to itself.
    #[inline(never)]
    fn next_pair_hit(&self, bytes: &[u8], i: usize, scan: &mut PairScan) -> Option<usize> {
        match self.han_leads {
            Some(leads) => self.next_han_pair_hit(bytes, i, leads, scan),
            None => self.next_any_pair_hit(bytes, i),
        }
    }

    /// [`next_pair_hit`](Self::next_pair_hit) when every pair is of two
    /// three-byte characters whose first byte is in `leads`: only those
    /// bytes are tested (not the ASCII, the punctuation, the continuation
    /// bytes), each with the six bytes from it as the pair, with no need to
    /// know where characters start. Where the second character is shorter
    /// the test fails, or passes by chance and the caller's exact checks
    /// fail. The positions are found 64 bytes at a time, and those of a
    /// block not yet tested wait in `scan` for the next call (a hit comes
    /// every few dozen bytes).
    fn next_han_pair_hit(&self, bytes: &[u8], from: usize, leads: LeadRange, scan: &mut PairScan) -> Option<usize> {
        let (mut block, mut untested) = if from >= scan.end {
            (from, leads.mask(bytes, from))
        } else {
            let block = scan.end - 64;
            (block, scan.untested & u64::MAX << from.saturating_sub(block))
        };
        loop {
            while let Some((k, w)) = self.first_pair_hit(bytes, block, &mut untested) {
                if self.may_start_han(bytes, block + k, w) {
                    *scan = PairScan { end: block + 64, untested };
                    return Some(block + k);
                }
            }
            block += 64;
            if block >= bytes.len() {
                return None;
            }
            untested = leads.mask(bytes, block);
        }
    }

    /// The first of the positions `untested` of the block of 64 bytes at
    /// `block` (bit `k`: byte `block + k`) where a pair of three-byte
    /// characters set in the pair bitmap may start, with the pair; it and
    /// those before it are taken out of `untested`.
    #[inline(always)]
    fn first_pair_hit(&self, bytes: &[u8], block: usize, untested: &mut u64) -> Option<(usize, u64)> {
        let bits: &[u64; PAIR_BITS / 64] = &self.pair_bits;
        if let Some(window) = bytes.get(block..block + 64 + 8) {
            // Each pair is in the window: read with no bounds check.
            let window: &[u8; 64 + 8] = window.try_into().expect("72 bytes");
            while *untested != 0 {
                let k = take_lowest(untested);
                let w = u64::from_le_bytes(window[k..k + 8].try_into().expect("8 bytes")) & pair_mask(6);
                if has_bit(bits, pair_bit(w)) {
                    return Some((k, w));
                }
            }
            return None;
        }
        while *untested != 0 {
            let k = take_lowest(untested);
            // A pair needs a second character.
            let p = block + k;
            let w = pair_word(bytes, p, 6);
            if p + 3 < bytes.len() && has_bit(bits, pair_bit(w)) {
                return Some((k, w));
            }
        }
        None
    }

    /// [`next_pair_hit`](Self::next_pair_hit) for pairs of any characters:
    /// the length of each is looked up.
    fn next_any_pair_hit(&self, bytes: &[u8], mut i: usize) -> Option<usize> {
        let bits: &[u64; PAIR_BITS / 64] = &self.pair_bits;
        let mut la = utf8_len(*bytes.get(i)?);
        // Where 8 bytes are left, one load reads both characters (4 bytes
        // at most each).
        while let Some(chunk) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            let lb = utf8_len((w >> (8 * la)) as u8);
            let w = w & pair_mask(la + lb);
            if has_bit(bits, pair_bit(w)) && self.may_start(bytes, i + la + lb, w) {
                return Some(i);
            }
            (i, la) = (i + la, lb);
        }
        // The last few characters.
        while let Some(&b0) = bytes.get(i + la) {
            let lb = utf8_len(b0);
            let w = pair_word(bytes, i, la + lb);
            if has_bit(bits, pair_bit(w)) && self.may_start(bytes, i + la + lb, w) {
                return Some(i);
            }
            (i, la) = (i + la, lb);
        }
        None
    }

    /// [`may_start`](Self::may_start) for a pair `w` (six bytes) at byte
    /// `p` that passed the pair bitmap in a scan of Han pairs: out of line,
    /// the scan's loop keeps its registers.
    #[inline(never)]
    fn may_start_han(&self, bytes: &[u8], p: usize, w: u64) -> bool {
        utf8_len(bytes[p + 3]) == 3 && self.may_start(bytes, p + 6, w)
    }

    /// Whether a searchable key may start with the pair `w` and the text
    /// from byte `next`: the pair is one, or the first three characters may
    /// begin one. Most pairs that start a name go no further in text; this
    /// tells so before the hash lookup and the key walk.
    #[inline]
    fn may_start(&self, bytes: &[u8], next: usize, w: u64) -> bool {
        // (Fixed-size bitmaps: the bit indices need no bounds check.)
        if has_bit(&self.whole_bits[..], pair_bit(w)) {
            return true;
        }
        let Some(&c0) = bytes.get(next) else { return false };
        has_bit(&self.triple_bits[..], triple_bit(w, code_at(bytes, next, utf8_len(c0))))
    }
}


/// A range of lead bytes of three-byte characters (`0xE0..=0xEF`).
#[derive(Clone, Copy)]
struct LeadRange {
    lo: u8,
    hi: u8,
}

impl LeadRange {
    /// The range extended to `b`.
    fn with(self, b: u8) -> LeadRange {
        LeadRange { lo: self.lo.min(b), hi: self.hi.max(b) }
    }

    /// The bytes of the 64 from `at` (fewer at the end of `bytes`) that are
    /// in the range, as a mask (bit `k` for byte `at + k`). Eight bytes at
    /// a time: the range is compared on the low seven bits ([`at_least`])
    /// of the bytes whose high bit is set, and one multiplication gathers
    /// the eight flags.
    #[inline(always)]
    fn mask(self, bytes: &[u8], at: usize) -> u64 {
        let mut padded = [0u8; 64];
        let block: &[u8; 64] = match bytes.get(at..at + 64) {
            Some(b) => b.try_into().expect("64 bytes"),
            None => {
                let rest = &bytes[at.min(bytes.len())..];
                padded[..rest.len()].copy_from_slice(rest);
                &padded
            }
        };
        let (lo, past) = (self.lo & 0x7F, (self.hi & 0x7F) + 1);
        let mut mask = 0u64;
        for (k, word) in block.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            let flags = x & at_least(low7(x), lo) & !at_least(low7(x), past) & HIGH;
            mask |= ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
        }
        mask
    }
}

/// The lowest bit set in `bits` (not 0), taken out of it.
#[inline(always)]
fn take_lowest(bits: &mut u64) -> usize {
    let k = bits.trailing_zeros() as usize;
    *bits &= *bits - 1;
    k
}

/// Where text search is in the positions that may start a name (see
/// [`NameIndex::next_pair_hit`]).
#[derive(Default)]
struct PairScan {
    /// End of the block of 64 bytes whose positions are in `untested`
    /// (0: none yet).
    end: usize,
    /// Positions of the block not tested yet (bit `k`: byte `end - 64 + k`).
    untested: u64,
}

/// Second characters of words that begin with 长 (长期, 长效, 长远): after
/// a place name, 长 is then not a head (县长, 市长).
const LONG_WORD_ENDS: &[&str] = &["期", "效", "远", "足", "达", "久", "年", "势", "度", "廊", "江", "城", "寿", "短", "时间"];

/// At most four bytes as an integer whose order is the order of the byte
/// strings: big-endian, padded with zeros, the length breaking ties (a
/// string before its extensions).
fn packed_order(b: &[u8]) -> u64 {
    debug_assert!(b.len() <= 4);
    let v = b.iter().fold(0u64, |v, &x| v << 8 | x as u64);
    (v << (8 * (4 - b.len())) << 8) | b.len() as u64
}

/// Order of codes in the table: lexicographic on the decimal strings, which is what
/// `code * 1000` for 6-digit codes gives (no township code ends in `000`).
fn sort_key(code: u32) -> u64 {
    if code < 1_000_000 {
        code as u64 * 1000
    } else {
        code as u64
    }
}

/// First 8 bytes of a name as a big-endian integer (zero-padded): integer order on it
/// agrees with string order whenever the prefixes differ.
fn name_prefix(name: &str) -> u64 {
    let b = name.as_bytes();
    let mut k = [0u8; 8];
    let n = b.len().min(8);
    k[..n].copy_from_slice(&b[..n]);
    u64::from_be_bytes(k)
}

/// Parses `code<TAB>name<TAB>level<TAB>parent` lines (a hand-written scanner: the
/// generic `split`/`parse` route is twice as slow on 45 000 lines). Panics with the
/// line number on malformed input, which can only come from a bad build of the table.
fn parse_table(data: &'static str) -> Vec<Division> {
    let bytes = data.as_bytes();
    let mut out = Vec::with_capacity(45_000);
    let mut pos = 0usize;
    let mut line = 0usize;
    // Reads a decimal code up to `stop` (or the end), leaving `pos` there; returns
    // (value, number of digits), or (0, 0) on a non-digit or more than 9 digits.
    let number = |pos: &mut usize, stop: u8| -> (u32, usize) {
        let start = *pos;
        let mut v = 0u32;
        while *pos < bytes.len() && bytes[*pos] != stop {
            let d = bytes[*pos].wrapping_sub(b'0');
            if d > 9 || *pos - start >= 9 {
                return (0, 0);
            }
            v = v * 10 + d as u32;
            *pos += 1;
        }
        (v, *pos - start)
    };
    while pos < bytes.len() {
        line += 1;
        let bad = |what: &str| -> ! { panic!("gazetteer.tsv line {line}: {what}") };
        let code_start = pos;
        let (code, n) = number(&mut pos, b'\t');
        let code_text = &data[code_start..pos];
        if n == 0 || pos >= bytes.len() {
            bad("bad code");
        }
        pos += 1;
        let name_start = pos;
        while pos < bytes.len() && bytes[pos] != b'\t' {
            pos += 1;
        }
        if pos >= bytes.len() {
            bad("missing level");
        }
        let name = &data[name_start..pos];
        pos += 1;
        let level_start = pos;
        while pos < bytes.len() && bytes[pos] != b'\t' {
            pos += 1;
        }
        if pos >= bytes.len() {
            bad("missing parent");
        }
        let level = Level::parse(&data[level_start..pos]).unwrap_or_else(|| bad("bad level"));
        pos += 1;
        let parent = if bytes.get(pos) == Some(&b'\n') || pos == bytes.len() {
            None
        } else {
            let (p, n) = number(&mut pos, b'\n');
            if n == 0 {
                bad("bad parent code");
            }
            Some(p)
        };
        if pos < bytes.len() && bytes[pos] != b'\n' {
            bad("trailing data");
        }
        pos += 1;
        out.push(Division {
            code,
            code_text,
            name,
            level,
            parent,
        });
    }
    debug_assert!(out
        .windows(2)
        .all(|w| sort_key(w[0].code) < sort_key(w[1].code)));
    out
}

static GLOBAL: OnceCell<Gazetteer> = OnceCell::new();

impl Gazetteer {
    /// The gazetteer built from the embedded table. The first call parses the table
    /// (a few milliseconds in release mode); the name index used by
    /// [`by_name`](Self::by_name), [`resolve`](Self::resolve) and
    /// [`find_in`](Self::find_in) is built on the first such call (a few more
    /// milliseconds). Later calls are free.
    pub fn global() -> &'static Gazetteer {
        GLOBAL.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        // Built once per process (see `global`), so leaking gives the 'static slice the
        // name index can point into.
        let divisions: &'static [Division] = Box::leak(parse_table(DATA).into_boxed_slice());
        Gazetteer {
            divisions,
            names: OnceCell::new(),
            codes: OnceCell::new(),
        }
    }

    /// The name index (built on first use, about as long as parsing the table).
    fn idx(&self) -> &NameIndex {
        self.names.get_or_init(|| NameIndex::build(self.divisions))
    }
}

impl NameIndex {
    fn build(divisions: &'static [Division]) -> NameIndex {
        let mut entries: Vec<(Key, &'static Division)> =
            Vec::with_capacity(divisions.len() + 3_500);
        for d in divisions {
            let in_text = match d.level {
                Level::Township => township_matchable(d.name),
                Level::County => county_matchable(d.name),
                _ => true,
            };
            entries.push((
                Key {
                    name: d.name,
                    kind: KeyKind::Full,
                    in_text,
                },
                d,
            ));
            if let Some(s) = d.short_name() {
                // Short names are searched in text only for provinces and prefectures:
                // county stems (和平, 新华, 朝阳, 东方…) are too often ordinary words.
                let in_text = matches!(d.level, Level::Province | Level::City);
                entries.push((
                    Key {
                        name: s,
                        kind: KeyKind::Short,
                        in_text,
                    },
                    d,
                ));
            }
        }
        // Order: by name; within a name, full names first, then higher levels, then code
        // (entries are already in code order, so the entry index breaks the last ties).
        // Sorting on an integer prefix of the name first is several times faster than
        // comparing strings throughout; only runs with an equal 8-byte prefix are then
        // sorted by full comparison.
        let full_cmp = |a: &(u64, u32), b: &(u64, u32)| {
            let (ka, da) = entries[a.1 as usize];
            let (kb, db) = entries[b.1 as usize];
            ka.name
                .cmp(kb.name)
                .then(ka.kind.cmp(&kb.kind))
                .then(da.level.cmp(&db.level))
                .then(a.1.cmp(&b.1))
        };
        let mut order: Vec<(u64, u32)> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (name_prefix(k.name), i as u32))
            .collect();
        order.sort_unstable();
        let mut i = 0;
        while i < order.len() {
            let mut j = i + 1;
            while j < order.len() && order[j].0 == order[i].0 {
                j += 1;
            }
            if j - i > 1 {
                order[i..j].sort_unstable_by(full_cmp);
            }
            i = j;
        }
        let keys: Vec<Key> = order.iter().map(|&(_, i)| entries[i as usize].0).collect();
        let refs = order.iter().map(|&(_, i)| entries[i as usize].1).collect();
        let mut pairs = PairMap::default();
        let mut pair_bits = Box::new([0u64; PAIR_BITS / 64]);
        let mut han_leads = Some(LeadRange { lo: u8::MAX, hi: 0 });
        let mut whole_bits = Box::new([0u64; PAIR_BITS / 64]);
        let mut triple_bits = Box::new([0u64; PAIR_BITS / 64]);
        let mut i = 0;
        while i < keys.len() {
            // Keys sharing their first two characters are contiguous.
            let mut cs = keys[i].name.chars();
            let (Some(a), Some(b)) = (cs.next(), cs.next()) else {
                i += 1;
                continue;
            };
            let two = a.len_utf8() + b.len_utf8();
            let prefix = &keys[i].name[..two];
            let mut j = i + 1;
            while j < keys.len() && keys[j].name.starts_with(prefix) {
                j += 1;
            }
            if keys[i..j].iter().any(|k| k.in_text) {
                han_leads = han_leads.filter(|_| a.len_utf8() == 3 && b.len_utf8() == 3).map(|r| r.with(prefix.as_bytes()[0]));
                let w = pair_word(prefix.as_bytes(), 0, two);
                pairs.insert(w, (i as u32, j as u32));
                set_bit(&mut pair_bits[..], pair_bit(w));
                for k in keys[i..j].iter().filter(|k| k.in_text) {
                    match k.name[two..].chars().next() {
                        None => set_bit(&mut whole_bits[..], pair_bit(w)),
                        Some(c) => set_bit(&mut triple_bits[..], triple_bit(w, char_code(c))),
                    }
                }
            }
            i = j;
        }
        // Parents: a division's subtree follows it, so its parent is on the
        // stack of open ancestors (else, looked up by code).
        let mut parents = Vec::with_capacity(divisions.len());
        let mut stack: Vec<usize> = Vec::with_capacity(8);
        for (i, d) in divisions.iter().enumerate() {
            let p = match d.parent {
                None => {
                    stack.clear();
                    None
                }
                Some(pc) => {
                    while stack.last().is_some_and(|&j| divisions[j].code != pc) {
                        stack.pop();
                    }
                    match stack.last() {
                        Some(&j) => Some(j),
                        None => {
                            let k = sort_key(pc);
                            divisions.binary_search_by(|x| sort_key(x.code).cmp(&k)).ok()
                        }
                    }
                }
            };
            parents.push(p.map_or(u32::MAX, |j| j as u32));
            stack.push(i);
        }
        let mut stop_bigrams: Vec<u64> = STOP_BIGRAMS
            .split_whitespace()
            .filter_map(|w| {
                let mut cs = w.chars();
                match (cs.next(), cs.next(), cs.next()) {
                    (Some(a), Some(b), None) => Some(pair_key(char_code(a), char_code(b))),
                    _ => None,
                }
            })
            .collect();
        stop_bigrams.sort_unstable();
        NameIndex { keys, refs, pairs, pair_bits, han_leads, whole_bits, triple_bits, parents, stop_bigrams, stop_phrase_parts: stop_phrase_parts() }
    }
}

impl Gazetteer {
    /// Number of divisions in the table.
    pub fn len(&self) -> usize {
        self.divisions.len()
    }

    /// Always false (the embedded table is not empty).
    pub fn is_empty(&self) -> bool {
        self.divisions.is_empty()
    }

    /// All divisions, in code order (each division comes right before its subtree).
    pub fn divisions(&self) -> &[Division] {
        self.divisions
    }

    /// The division with this code (6-digit GB/T 2260 code, or 9-digit township code).
    pub fn get(&self, code: u32) -> Option<&Division> {
        let codes = self.codes.get_or_init(|| self.divisions.iter().enumerate().map(|(i, d)| (d.code as u64, i as u32)).collect());
        codes.get(&(code as u64)).map(|&i| &self.divisions[i as usize])
    }

    /// The parent of a division (`None` for a province).
    pub fn parent(&self, d: &Division) -> Option<&Division> {
        d.parent.and_then(|p| self.get(p))
    }

    /// The chain of divisions from the province down to `d` itself
    /// (e.g. 山西省, 吕梁市, 兴县, 罗峪口镇).
    pub fn path(&self, d: &Division) -> Vec<&Division> {
        let mut v = Vec::with_capacity(4);
        let mut cur = self.get(d.code);
        while let Some(x) = cur {
            v.push(x);
            cur = self.parent(x);
        }
        v.reverse();
        v
    }

    /// Codes from the province down to `d`, without allocating (at most 4 levels).
    fn path_codes(&self, d: &Division) -> ([u32; 4], usize) {
        let mut buf = [0u32; 4];
        let mut n = 0;
        if let Some(mut i) = self.index_of(d) {
            // Through the parent index (divisions of the table).
            let parents = &self.idx().parents;
            loop {
                if n == 4 {
                    break;
                }
                buf[n] = self.divisions[i].code;
                n += 1;
                match (parents[i], self.divisions[i].parent) {
                    (u32::MAX, Some(pc)) if n < 4 => {
                        // A parent code missing from the table ends the path.
                        buf[n] = pc;
                        n += 1;
                        break;
                    }
                    (u32::MAX, _) => break,
                    (p, _) => i = p as usize,
                }
            }
            buf[..n].reverse();
            return (buf, n);
        }
        let mut cur = Some(d.code);
        while let Some(c) = cur {
            if n == 4 {
                break;
            }
            buf[n] = c;
            n += 1;
            cur = self.get(c).and_then(|x| x.parent);
        }
        buf[..n].reverse();
        (buf, n)
    }

    /// Index of `d` in the table, if it is one of its divisions.
    fn index_of(&self, d: &Division) -> Option<usize> {
        let base = self.divisions.as_ptr() as usize;
        let off = (d as *const Division as usize).checked_sub(base)? / std::mem::size_of::<Division>();
        self.divisions.get(off).filter(|x| std::ptr::eq(*x, d)).map(|_| off)
    }

    /// Whether `d` lies within `ancestor` (or is it).
    pub fn is_within(&self, d: &Division, ancestor: &Division) -> bool {
        let mut cur = Some(d);
        while let Some(x) = cur {
            if x.code == ancestor.code {
                return true;
            }
            cur = self.parent(x);
        }
        false
    }

    /// The direct children of a division, in code order.
    pub fn children(&self, d: &Division) -> Vec<&Division> {
        // Code order puts the subtree right after `d`; the subtree is contiguous.
        let start = match self
            .divisions
            .binary_search_by(|x| sort_key(x.code).cmp(&sort_key(d.code)))
        {
            Ok(i) => i + 1,
            Err(_) => return Vec::new(),
        };
        self.divisions[start..]
            .iter()
            .take_while(|x| self.is_within(x, d))
            .filter(|x| x.parent == Some(d.code))
            .collect()
    }

    fn key_range(&self, name: &str) -> std::ops::Range<usize> {
        let lo = self.idx().keys.partition_point(|k| k.name < name);
        let hi = lo + self.idx().keys[lo..].partition_point(|k| k.name == name);
        lo..hi
    }

    /// All divisions with this name: full official name (`兴县`, `吕梁市`, `罗峪口镇`)
    /// or short form of a province, city or county (`吕梁`, `交城`, `内蒙古`, see
    /// [`Division::short_name`]). Full-name matches come first, then higher levels.
    /// Empty if none. Many township names occur in several counties (城关镇: 88 times):
    /// use [`Gazetteer::resolve`] to pick one.
    pub fn by_name(&self, name: &str) -> &[&Division] {
        &self.idx().refs[self.key_range(name)]
    }

    /// The most plausible division for `name` (full or short form), given an optional
    /// context division, e.g. the county a newspaper covers or a place named just
    /// before: `resolve("城关镇", Some(<a county>))` prefers the 城关镇 of that county.
    ///
    /// Candidates are ranked by how close they are to the context (inside it, above it,
    /// then sharing its county, prefecture or province), then full name over short
    /// form, then higher level (吉林 → 吉林省 rather than 吉林市). Returns `None` when
    /// nothing has this name or when the best candidates are still tied
    /// (e.g. 朝阳区 without context: Beijing's or Changchun's).
    pub fn resolve(&self, name: &str, context: Option<&Division>) -> Option<&Division> {
        let r = self.key_range(name);
        self.resolve_among(r, context, false)
            .map(|i| self.idx().refs[i])
    }

    /// Index (in keys/refs) of the best candidate in `range`; `in_text_only` restricts
    /// to keys that text search may report.
    fn resolve_among(
        &self,
        range: std::ops::Range<usize>,
        context: Option<&Division>,
        in_text_only: bool,
    ) -> Option<usize> {
        let ix = self.idx();
        // A lone candidate wins without a score (most names in text are
        // unique): the paths are not needed.
        let mut candidates = range.clone().filter(|&i| !in_text_only || ix.keys[i].in_text);
        if let (Some(i), None) = (candidates.next(), candidates.next()) {
            return Some(i);
        }
        let (ctx_buf, ctx_n) = context.map(|c| self.path_codes(c)).unwrap_or(([0; 4], 0));
        let ctx_path = &ctx_buf[..ctx_n];
        let mut best: Option<(u32, usize)> = None;
        let mut tied = false;
        for i in range {
            if in_text_only && !ix.keys[i].in_text {
                continue;
            }
            let d = ix.refs[i];
            let s = self.score(d, ix.keys[i].kind, ctx_path);
            match best {
                None => best = Some((s, i)),
                Some((bs, _)) => match s.cmp(&bs) {
                    Ordering::Greater => {
                        best = Some((s, i));
                        tied = false;
                    }
                    Ordering::Equal => tied = true,
                    Ordering::Less => {}
                },
            }
        }
        match best {
            Some((_, i)) if !tied => Some(i),
            _ => None,
        }
    }

    /// Plausibility score of candidate `d` reached through a key of `kind`, given the
    /// context's path (province first). Higher is better.
    fn score(&self, d: &Division, kind: KeyKind, ctx_path: &[u32]) -> u32 {
        let mut s = 0u32;
        if !ctx_path.is_empty() {
            let (buf, n) = self.path_codes(d);
            let path = &buf[..n];
            let common = path
                .iter()
                .zip(ctx_path)
                .take_while(|(a, b)| a == b)
                .count();
            s = if common == ctx_path.len() {
                // inside the context (or the context itself): the deeper the context, the better
                60 + common as u32
            } else if common == path.len() {
                // an ancestor of the context (吕梁 said of a place in 兴县)
                50 + common as u32
            } else {
                // shares province / prefecture / county with the context
                10 * common as u32
            };
        }
        let kind_bonus = if kind == KeyKind::Full { 8 } else { 0 };
        let level_bonus = match d.level {
            Level::Province => 3,
            Level::City => 2,
            Level::County => 1,
            _ => 0,
        };
        s * 100 + kind_bonus + level_bonus
    }

    /// All place names occurring in `text`, left to right, without overlaps
    /// (leftmost-longest): see [`Gazetteer::find_in_context`]; no context.
    pub fn find_in(&self, text: &str) -> Vec<PlaceMatch> {
        self.find_in_context(text, None)
    }

    /// All place names occurring in `text`, left to right, without overlaps
    /// (at each position the longest name wins), e.g. for
    /// `"山西省吕梁市兴县罗峪口镇史家山村"`: 山西省, 吕梁市, 兴县, 罗峪口镇, 史家山村.
    ///
    /// What is matched, to keep false positives down:
    /// * full names of provinces, prefectures and counties (`兴县`, `吕梁市`), except
    ///   two-character districts (城区, 郊区, 矿区…); a two-character county (`X县`) is
    ///   not taken when the character before it makes a common word with `X`
    ///   (振兴县域 is not 兴县, 响应县委 is not 应县), and for a few very common `X`
    ///   (和, 新, 南, 成, 文, 理, 高, 道) only at the start of the text, after a
    ///   non-Han character or right after another place name (马鞍山市和县);
    /// * full names of townships ending in 镇, 乡, 街道, 苏木 or 办事处 with at least
    ///   three characters (`罗峪口镇`, `城关镇`);
    /// * short forms of provinces and prefectures (`山西`, `吕梁`, `内蒙古`), flagged
    ///   with [`PlaceMatch::short`]; short forms of counties are not searched;
    /// * villages: 2–4 Han characters followed by 村 right after a county or township
    ///   name (`罗峪口镇史家山村`), as [`Level::Village`] without code.
    ///
    /// A name found in several divisions is resolved with [`Gazetteer::resolve`], the
    /// context being the last place found before it, or else `context` (e.g. the
    /// county of the newspaper); its `code` is `None` if it stays ambiguous.
    pub fn find_in_context(&self, text: &str, context: Option<&Division>) -> Vec<PlaceMatch> {
        let ix = self.idx();
        let mut out: Vec<PlaceMatch> = Vec::new();
        let mut last: Option<&Division> = None;
        // End offset of the previous place match (for adjacency checks).
        let mut prev_end: Option<usize> = None;
        let mut prev_allows_village = false;
        let mut found = Vec::new();
        let mut scan = PairScan::default();
        let mut i = 0;
        while i < text.len() {
            // Village right after a county / township name.
            if prev_end == Some(i) && prev_allows_village {
                if let Some(end) = village_at(text, i) {
                    out.push(PlaceMatch {
                        start: i,
                        end,
                        name: text[i..end].to_string(),
                        code: None,
                        level: Level::Village,
                        short: false,
                    });
                    prev_end = Some(end);
                    prev_allows_village = false;
                    i = end;
                    continue;
                }
            }
            // Positions where no searchable key starts are skipped.
            let Some((at, pair)) = ix.next_candidate(text, i, &mut scan) else {
                break;
            };
            i = at;
            // Longest acceptable name here (东方市场: not 东方市).
            self.matches_at(text, i, pair, &mut found);
            let accepted = found.drain(..).rev().find(|(end, range)| {
                self.accept(text, i, *end, range.clone(), prev_end == Some(i))
            });
            if let Some((end, range)) = accepted {
                let ctx = last.or(context);
                let chosen = self.resolve_among(range.clone(), ctx, true);
                let shown = chosen.unwrap_or_else(|| {
                    range
                        .clone()
                        .find(|&j| ix.keys[j].in_text)
                        .unwrap_or(range.start)
                });
                let d = ix.refs[shown];
                out.push(PlaceMatch {
                    start: i,
                    end,
                    name: text[i..end].to_string(),
                    code: chosen.map(|j| ix.refs[j].code),
                    level: d.level,
                    short: ix.keys[shown].kind == KeyKind::Short,
                });
                if let Some(j) = chosen {
                    last = Some(ix.refs[j]);
                }
                prev_end = Some(end);
                prev_allows_village = matches!(d.level, Level::County | Level::Township);
                i = end;
                continue;
            }
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
        out
    }

    /// Names searchable in text starting at byte `i`, shortest first: end offset and key
    /// range of each, put in `found` (cleared first: one buffer serves a whole
    /// text). `pair` is the range of keys starting with the first two
    /// characters there ([`NameIndex::next_candidate`]).
    fn matches_at(&self, text: &str, i: usize, pair: (u32, u32), found: &mut Vec<(usize, std::ops::Range<usize>)>) {
        let ix = self.idx();
        let rest = &text[i..];
        found.clear();
        // Walk the sorted key array like a trie: [lo, hi) holds the keys that start with
        // the current prefix; stop as soon as it is empty.
        let (mut lo, mut hi) = (pair.0 as usize, pair.1 as usize);
        let mut end = 0usize;
        for (n, ch) in rest.chars().enumerate() {
            if n >= MAX_NAME_CHARS {
                break;
            }
            end += ch.len_utf8();
            if n == 0 {
                continue;
            }
            if n >= 2 {
                // Keys in [lo, hi) share the prefix before `ch`: they are
                // ordered by the character after it (none first).
                // Byte order is character order, and cutting sorted keys to
                // the window of `ch`'s bytes keeps them sorted: compare bytes
                // rather than decode.
                // (The bytes, at most four, are compared as one integer:
                // slices would be compared by calls to `memcmp`.)
                let at = end - ch.len_utf8();
                let want = packed_order(&rest.as_bytes()[at..end]);
                let next = |k: &Key| packed_order(&k.name.as_bytes()[at..end.min(k.name.len())]);
                let keys = &ix.keys[lo..hi];
                let first = keys.partition_point(|k| next(k) < want);
                let with = first + keys[first..].partition_point(|k| next(k) == want);
                if first == with {
                    break;
                }
                (lo, hi) = (lo + first, lo + with);
            }
            // Keys equal to the prefix come first.
            let exact = ix.keys[lo..hi].partition_point(|k| k.name.len() == end);
            if ix.keys[lo..lo + exact].iter().any(|k| k.in_text) {
                found.push((i + end, lo..lo + exact));
            }
        }
    }

    /// Extra checks on a candidate match `text[start..end]` with keys `range`.
    fn accept(
        &self,
        text: &str,
        start: usize,
        end: usize,
        range: std::ops::Range<usize>,
        after_place: bool,
    ) -> bool {
        let ix = self.idx();
        let name = &text[start..end];
        let next = text[end..].chars().next();
        // 东方市场 is a market, 和平区域 a region; 代县长, 代市长 are titles
        // (acting county head), whatever division 代县 names; but in 兴县长期,
        // 长 begins a word of its own.
        let head = || !crate::lexicon::starts_with_any(&text[end + '长'.len_utf8()..], LONG_WORD_ENDS);
        if (name.ends_with('市') && next == Some('场'))
            || (name.ends_with('区') && next == Some('域'))
            || (name.ends_with(['县', '市', '区']) && next == Some('长') && head())
        {
            return false;
        }
        let keys = &ix.keys[range.clone()];
        let only_short = keys
            .iter()
            .filter(|k| k.in_text)
            .all(|k| k.kind == KeyKind::Short);
        if only_short {
            // 长治久安, 各位来宾, 大理石…: the short name is part of a common word.
            let parts = &ix.stop_phrase_parts;
            let from = parts.partition_point(|e| e.0 < name);
            return !parts[from..]
                .iter()
                .take_while(|e| e.0 == name)
                .any(|&(_, p, o)| start >= o && text.get(start - o..).is_some_and(|t| t.starts_with(p)));
        }
        let mut cs = name.chars();
        let x = match (cs.next(), cs.next(), cs.next()) {
            (Some(x), Some('县'), None) => x,
            _ => return true,
        };
        if !ix.refs[range].iter().any(|d| d.level == Level::County) || after_place {
            return true;
        }
        // 新县城 (a new county seat), 成县级…: a weak X followed by 城/域/级 is not X县.
        if WEAK_COUNTY_CHARS.contains(x) && matches!(next, Some('城' | '域' | '级')) {
            return false;
        }
        let prev = match text[..start].chars().next_back() {
            Some(p) if is_han(p) => p,
            _ => return true,
        };
        if WEAK_COUNTY_CHARS.contains(x) {
            return false;
        }
        ix.stop_bigrams.binary_search(&pair_key(char_code(prev), char_code(x))).is_err()
    }
}

/// The `(substring, phrase, offset of its first occurrence)` triples of
/// [`SHORT_STOP_PHRASES`], sorted.
fn stop_phrase_parts() -> Vec<(&'static str, &'static str, usize)> {
    let mut parts = Vec::new();
    for p in SHORT_STOP_PHRASES.split_whitespace() {
        let bounds: Vec<usize> = p.char_indices().map(|(i, _)| i).chain([p.len()]).collect();
        for (k, &a) in bounds.iter().enumerate() {
            for &b in &bounds[k + 1..] {
                if p.find(&p[a..b]) == Some(a) {
                    parts.push((&p[a..b], p, a));
                }
            }
        }
    }
    parts.sort_unstable();
    parts
}

/// Common words and phrases that contain the short name of a province or prefecture
/// without meaning it (长治久安, 各位来宾, 大理石, 阿里巴巴, 黄河南岸…). Not a list of places.
const SHORT_STOP_PHRASES: &str = "长治久安 安康杯 幸福安康 中山路 中山装 中山街 中山公园 中山大学 \
中山大道 中山陵 东方红 白银价 黄金白银 小兴安岭 大同小异 世界大同 天下大同 邯郸学步 朝阳产业 \
新乡贤 位来宾 来宾们 中外来宾 与会来宾 来宾席 文山会海 大理石 阿里巴巴 阿里云 玉树临风 \
河南岸 河北岸 湖南岸 湖北岸 山西麓 山西侧 山西坡 山东麓 山东侧 山东坡 江西岸 江东岸 \
海南北 海北部 江北岸 江南岸 北海道 宁德时代";

/// First characters of two-character county names (X县) that are so common in other
/// words that X县 is only taken at a boundary or right after another place name.
const WEAK_COUNTY_CHARS: &str = "和新南成文理高道";

/// Common words whose second character is the first character of a two-character
/// county name (X县): `振兴县域` must not yield 兴县. Not a list of places.
const STOP_BIGRAMS: &str = "干涉 交涉 跋涉 牵涉 电磁 消磁 北魏 曹魏 权威 示威 声威 神威 发威 \
大唐 荒唐 盛唐 隋唐 交易 容易 贸易 不易 简易 轻易 变易 平易 难易 英雄 称雄 群雄 枭雄 \
年青 知青 沥青 踏青 常青 丹青 汗青 返青 冬青 贡献 奉献 文献 捐献 呈献 风景 远景 前景 \
背景 场景 全景 美景 光景 情景 愿景 盆景 夜景 实景 图景 街景 取景 布景 雪景 外景 近景 \
痰盂 响应 相应 对应 供应 反应 适应 答应 呼应 报应 理应 本应 感应 效应 顺应 照应 策应 \
内应 接应 华夏 盛夏 初夏 立夏 仲夏 消夏 春夏 时代 年代 现代 交代 一代 取代 替代 古代 \
近代 当代 世代 历代 后代 换代 两代 三代 几代 朝代 代代 自古 考古 复古 怀古 千古 仿古 \
亘古 远古 太古 上古 中古 大吉 菖蒲 振兴 复兴 中兴 勃兴 即兴 助兴 尽兴 扫兴 高兴 时兴 \
来临 光临 面临 降临 亲临 莅临 濒临 君临 登临 驾临 山岚 主义 意义 正义 名义 定义 含义 \
道义 仁义 广义 狭义 起义 讲义 本义 情义 信义 忠义 大义 侠义 嘉宾 贵宾 外宾 国宾 迎宾 \
年丰 充沛 丰沛 长寿 福寿 祝寿 拜寿 贺寿 高寿 增寿 做寿 万寿 人寿 经费 收费 免费 消费 \
浪费 花费 付费 缴费 交费 学费 话费 运费 电费 水费 会费 自费 公费 路费 旅费 税费 资费 \
耗费 白费 小费 桂冠 衣冠 皇冠 夺冠 王冠 花冠 树冠 新冠 鸡冠 名单 清单 简单 订单 账单 \
菜单 传单 孤单 买单 帐单 床单 保单 报单 落单 被单 表单 下单 接单 罚单 枸杞 树叶 茶叶 \
烟叶 中叶 末叶 落叶 枝叶 红叶 绿叶 桑叶 菜叶 荷叶 初叶 光滑 润滑 圆滑 油滑 打滑 下滑 \
平滑 疏浚 气温 高温 低温 保温 体温 水温 恒温 常温 降温 升温 加温 室温 地温 重温 规范 \
示范 防范 模范 师范 典范 风范 就范 信息 休息 消息 利息 作息 气息 叹息 平息 生息 栖息 \
喘息 窒息 歇息 本息 股息 无息 贴息 免息 住房 楼房 平房 厂房 库房 病房 机房 药房 书房 \
新房 民房 用房 危房 瓦房 租房 买房 购房 售房 品房 建房 空房 客房 营房 门房 私房 票房 \
手房 公房 土房 砖房 跟随 伴随 追随 尾随 相随 安宁 康宁 列宁 丁宁 叮宁 循环 光环 花环 \
耳环 一环 二环 三环 外环 内环 连环 健康 小康 平康 典礼 婚礼 敬礼 彩礼 赔礼 送礼 收礼 \
献礼 洗礼 贺礼 行礼 无礼 失礼 厚礼 巡礼 葬礼 丧礼 回礼 人礼 国徽 党徽 校徽 警徽 会徽 \
团徽 队徽 致富 财富 丰富 首富 暴富 贫富 共富 巨富 殷富 国富 海洋 大洋 远洋 西洋 东洋 \
出洋 留洋 崇洋 汪洋 勤勉 自勉 共勉 勖勉 最佳 欠佳 绝佳 极佳 较佳 甚佳 上佳 尚佳 俱佳 \
龙凤 彩凤 鸾凤 愁眉 浓眉 画眉 柳眉 扬眉 探索 线索 思索 搜索 勒索 绳索 求索 摸索 检索 \
缆索 钢索 开朗 明朗 晴朗 爽朗 清朗 硬朗 俊朗 伊朗 疏朗 风云 白云 彩云 青云 乌云 浮云 \
人云 亦云 行云 烟云 繁茂 丰茂 并茂 葱茂 水渠 沟渠 河渠 干渠 支渠 灌渠 毛渠 斗渠 明渠 \
暗渠 引渠 主渠 农渠 排渠 光荣 繁荣 殊荣 虚荣 尊荣 共荣 欣荣 向荣 哀荣 效忠 尽忠 精忠 \
内容 包容 形容 笑容 面容 宽容 收容 从容 兼容 扩容 市容 军容 阵容 仪容 美容 纵容 动容 \
整容 病容 愁容 姿容 音容 村容 镇容 县容 城容 紫藤 青藤 葛藤 古藤 光芒 锋芒 杂费 物业";

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Characters that cannot be part of a village name found after a place name
/// (function words: 罗峪口镇的村… / 罗峪口镇各村).
const NOT_IN_VILLAGE: &str = "的各全每等和与及在对向为是有了到从把被将村乡镇县市区农该本";

/// Time words and verbs that make `县…村` a phrase, not a name
/// (岚县今年整治村容).
const NOT_VILLAGE_WORDS: &[&str] = &["今年", "去年", "明年", "当年", "目前", "整治", "建设", "新建", "推进", "实施", "开展", "全面", "召开", "举办", "组织"];

/// [`NOT_IN_VILLAGE`] as a set: one look a character, where `str::contains`
/// searched the list.
static NOT_IN_VILLAGE_SET: Lazy<CharSet> = Lazy::new(|| CharSet::of(NOT_IN_VILLAGE.chars()));

/// A village name (2–4 Han characters then 村) starting at byte `i`: its end offset.
fn village_at(text: &str, i: usize) -> Option<usize> {
    let mut end = i;
    for (n, c) in text[i..].chars().enumerate() {
        if c == '村' {
            let name = &text[i..end];
            return if n >= 2 && !crate::lexicon::contains_any(name, NOT_VILLAGE_WORDS) {
                Some(end + c.len_utf8())
            } else {
                None
            };
        }
        if n >= 4 || !is_han(c) || NOT_IN_VILLAGE_SET.contains(c) {
            return None;
        }
        end += c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 县长 after a county name is a title, 长期 after it a word of its own.
    #[test]
    fn county_head_and_long_words() {
        let names = |t: &str| Gazetteer::global().find_in(t).into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert!(names("兴县长期坚持发展小杂粮产业").contains(&"兴县".to_string()));
        assert!(!names("会上代县长讲了话").contains(&"代县".to_string()));
    }

    /// The scan of Han pairs stops where the general one does, at every
    /// position where two three-byte characters start, whatever the ASCII,
    /// punctuation and block boundaries around them.
    #[test]
    fn han_pair_scan_agrees_with_general_scan() {
        let ix = Gazetteer::global().idx();
        let leads = ix.han_leads.expect("the table's pairs are Han");
        let text = "据悉，2023年山西省吕梁市兴县罗峪口镇a史家山村、城关镇（交城县）种植红枣3000亩。".repeat(5);
        let bytes = text.as_bytes();
        let (mut han, mut scan, mut i) = (Vec::new(), PairScan::default(), 0);
        while let Some(p) = ix.next_han_pair_hit(bytes, i, leads, &mut scan) {
            han.push(p);
            i = p + 1;
        }
        let (mut any, mut i) = (Vec::new(), 0);
        while let Some(p) = ix.next_any_pair_hit(bytes, i) {
            any.push(p);
            i = p + utf8_len(bytes[p]);
        }
        let both_han = |p: &usize| utf8_len(bytes[*p]) == 3 && bytes.get(*p + 3).is_some_and(|&b| utf8_len(b) == 3);
        assert!(!any.is_empty());
        assert_eq!(han.into_iter().filter(both_han).collect::<Vec<_>>(), any.into_iter().filter(both_han).collect::<Vec<_>>());
    }

    /// Packed byte strings order as the strings do.
    #[test]
    fn packed_order_is_byte_order() {
        let strings: [&[u8]; 9] = [b"", b"\0", b"\0\0", b"a", b"a\0", b"ab", b"b", "县".as_bytes(), "\u{10FFFF}".as_bytes()];
        for a in strings {
            for b in strings {
                assert_eq!(packed_order(a).cmp(&packed_order(b)), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    fn g() -> &'static Gazetteer {
        Gazetteer::global()
    }

    fn names(ms: &[PlaceMatch]) -> Vec<&str> {
        ms.iter().map(|m| m.name.as_str()).collect()
    }

    #[test]
    fn table_is_complete_and_consistent() {
        let g = g();
        let count = |l| g.divisions().iter().filter(|d| d.level == l).count();
        assert_eq!(count(Level::Province), 31);
        assert!(count(Level::City) > 300);
        assert!(count(Level::County) > 2800);
        assert!(count(Level::Township) > 40_000);
        for d in g.divisions() {
            match d.parent {
                None => assert_eq!(d.level, Level::Province, "{:?}", d),
                Some(p) => {
                    let p = g.get(p).unwrap_or_else(|| panic!("no parent for {:?}", d));
                    assert!(p.level < d.level, "{:?} under {:?}", d, p);
                }
            }
        }
    }

    #[test]
    fn codes_and_hierarchy() {
        let g = g();
        let xing = g.get(141123).unwrap();
        assert_eq!(xing.name, "兴县");
        assert_eq!(xing.level, Level::County);
        let path: Vec<&str> = g
            .path(g.by_name("罗峪口镇")[0])
            .iter()
            .map(|d| d.name)
            .collect();
        assert_eq!(path, ["山西省", "吕梁市", "兴县", "罗峪口镇"]);
        assert_eq!(g.by_name("罗峪口镇")[0].code, 141123105);
        assert_eq!(g.parent(xing).unwrap().name, "吕梁市");
        assert!(g.parent(g.get(140000).unwrap()).is_none());
        assert!(g.get(999999).is_none());
        assert!(g.children(xing).iter().any(|d| d.name == "罗峪口镇"));
        assert!(g.children(xing).iter().all(|d| d.level == Level::Township));
        // Province-administered county-level city; city without counties.
        assert_eq!(g.parent(g.get(419001).unwrap()).unwrap().name, "河南省");
        assert_eq!(g.parent(g.by_name("虎门镇")[0]).unwrap().name, "东莞市");
    }

    #[test]
    fn by_name_full_and_short() {
        let g = g();
        assert_eq!(g.by_name("吕梁")[0].name, "吕梁市");
        assert_eq!(g.by_name("交城")[0].name, "交城县");
        assert_eq!(g.by_name("内蒙古")[0].code, 150000);
        assert_eq!(g.by_name("广西")[0].name, "广西壮族自治区");
        assert_eq!(g.by_name("新疆")[0].name, "新疆维吾尔自治区");
        assert_eq!(g.by_name("延边")[0].name, "延边朝鲜族自治州");
        assert_eq!(g.by_name("海西")[0].name, "海西蒙古族藏族自治州");
        assert!(g.by_name("兴").is_empty());
        assert!(g.by_name("城关镇").len() > 50);
        assert!(g.by_name("不存在的地方").is_empty());
    }

    #[test]
    fn resolve_with_context() {
        let g = g();
        assert_eq!(g.resolve("吉林", None).unwrap().name, "吉林省");
        assert!(g.resolve("朝阳区", None).is_none());
        let changchun = g.resolve("长春市", None).unwrap();
        assert_eq!(g.resolve("朝阳区", Some(changchun)).unwrap().code, 220104);
        let xing = g.get(141123).unwrap();
        let lyk = g.resolve("罗峪口镇", Some(xing)).unwrap();
        assert_eq!(lyk.code, 141123105);
        assert_eq!(g.resolve("吕梁", Some(lyk)).unwrap().code, 141100);
        assert!(g.resolve("城关镇", None).is_none());
        // A 城关镇 inside the context county wins.
        let c = g.by_name("城关镇")[3];
        let county = g.parent(c).unwrap();
        assert_eq!(g.resolve("城关镇", Some(county)).unwrap().code, c.code);
    }

    #[test]
    fn find_full_chain_and_village() {
        let g = g();
        let text = "山西省吕梁市兴县罗峪口镇史家山村今年种植红枣3000亩。";
        let ms = g.find_in(text);
        assert_eq!(
            names(&ms),
            ["山西省", "吕梁市", "兴县", "罗峪口镇", "史家山村"]
        );
        assert_eq!(ms[2].code, Some(141123));
        assert_eq!(ms[3].code, Some(141123105));
        assert_eq!(ms[3].level, Level::Township);
        assert_eq!(ms[4].level, Level::Village);
        assert_eq!(ms[4].code, None);
        for m in &ms {
            assert_eq!(&text[m.start..m.end], m.name);
        }
    }

    #[test]
    fn find_short_names_and_context() {
        let g = g();
        let ms = g.find_in("记者从吕梁获悉，交城县城关镇新建厂房两处。");
        assert_eq!(names(&ms), ["吕梁", "交城县", "城关镇"]);
        assert!(ms[0].short);
        assert_eq!(ms[0].code, Some(141100));
        // 城关镇 resolved through the preceding 交城县 (if it has one), else ambiguous.
        let jc = g.get(ms[1].code.unwrap()).unwrap();
        let expect = g
            .by_name("城关镇")
            .iter()
            .find(|d| g.is_within(d, jc))
            .map(|d| d.code);
        assert_eq!(ms[2].code, expect);
        // A lone ambiguous township: found, but no code; with the newspaper's county it resolves.
        let ms = g.find_in("城关镇召开会议");
        assert_eq!(names(&ms), ["城关镇"]);
        assert_eq!(ms[0].code, None);
        let c = g.by_name("城关镇")[0];
        let county = g.parent(c).unwrap();
        let ms = g.find_in_context("城关镇召开会议", Some(county));
        assert_eq!(ms[0].code, Some(c.code));
    }

    #[test]
    fn no_false_positives_on_common_words() {
        let g = g();
        for s in [
            "我们要振兴县域经济，响应县委号召。",
            "新时代县级融媒体中心建设",
            "各市和县要加强领导，新县城建设完成县级验收。",
            "新华社电 和平发展是主题，城区和郊区都在变。",
            "加快建设社会主义新农村",
            "长治久安，各位来宾，东方市场的大理石",
        ] {
            let ms = g.find_in(s);
            assert!(ms.is_empty(), "{s}: {:?}", names(&ms));
        }
    }

    #[test]
    fn two_char_counties_where_they_are_meant() {
        let g = g();
        assert_eq!(names(&g.find_in("兴县")), ["兴县"]);
        assert_eq!(names(&g.find_in("在兴县召开")), ["兴县"]);
        assert_eq!(names(&g.find_in("临县、兴县两地")), ["临县", "兴县"]);
        assert_eq!(names(&g.find_in("马鞍山市和县")), ["马鞍山市", "和县"]);
        assert_eq!(names(&g.find_in("安徽省和县")), ["安徽省", "和县"]);
    }

    #[test]
    fn parent_index_agrees_with_codes() {
        let g = g();
        for d in g.divisions() {
            let mut slow = Vec::new();
            let mut cur = Some(d.code);
            while let Some(c) = cur.filter(|_| slow.len() < 4) {
                slow.push(c);
                cur = g.get(c).and_then(|x| x.parent);
            }
            slow.reverse();
            let (buf, n) = g.path_codes(d);
            assert_eq!(&buf[..n], &slow[..], "{}", d.name);
        }
    }

    #[test]
    fn build_is_fast() {
        let t = std::time::Instant::now();
        let g = Gazetteer::build();
        assert!(!g.by_name("兴县").is_empty());
        let el = t.elapsed();
        assert!(g.len() > 44_000);
        // Generous bound for debug builds; release takes a few ms.
        assert!(el.as_millis() < 2_000, "{el:?}");
    }
}
