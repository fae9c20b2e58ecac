//! Subject: the noun phrase of what is counted or measured.
//!
//! After a classifier the counted noun usually follows (`102个贫困村`);
//! otherwise it precedes the number, after the verb (`投入衔接资金 4万元`,
//! `参保率96.8%`). A pair with nothing between shares its noun
//! (`3021户6937人`), and a clause with no noun of its own continues the
//! previous figure's (`2017年贷款3亿元，2018年达到5亿元`): see [`share`].

use super::Neighbourhood;
use crate::fact::{Fact, Kind};
use crate::scan::Quantity;
use super::domain::Domain;
use once_cell::sync::Lazy;
use crate::lexicon::{BackTrie, CharSet, WordSet};

/// Verbs, prepositions and function words: a subject phrase begins after
/// the last of them before the number.
const STOPS: &[&str] = &[
    "累计投入", "共投入", "投入", "投资", "发展", "新增", "新建", "建成", "建设", "完成", "实现", "实施", "培育", "打造", "种植", "养殖",
    "带动", "帮扶", "资助", "发放", "落实", "争取", "保证", "确保", "安置", "搬迁", "支持", "覆盖", "惠及", "解决", "吸纳", "组织",
    "开展", "表彰", "配备", "识别", "认定", "推广", "改造", "签订", "签约", "纳入", "选派", "整合", "筹集", "举办", "召开",
    "扶持", "接待", "销售", "助销", "提供", "开发", "设立", "成立", "下设", "拥有", "储备", "建立", "流转", "培训", "引进", "申报",
    "组成", "提拔", "担任", "受到", "参与", "参加", "通过", "享受", "入住", "紧盯", "聚焦", "围绕", "花了", "花费", "拿到", "收了",
    "达到", "达", "为", "是", "有", "共有", "还有", "共", "约", "计", "合计", "总计", "共计", "累计", "超过", "突破", "增至", "增加到", "提高到",
    "减少到", "降至", "下降", "增长", "提高", "增加", "减少", "净增", "净减", "在", "占", "至", "到", "由", "从", "较", "比", "对", "把", "将", "了", "的", "和", "与",
    "及", "等", "其中", "全县", "全市", "全镇", "全乡", "全村", "全省", "全区", "我县", "我市", "该村", "该县", "今年", "去年", "目前",
    "截至", "截至目前", "全年", "如今", "现在", "上年", "同期", "已", "已经", "先后", "分别", "每户", "每人", "每年", "每个", "每生", "每名", "每位", "每亩", "每月", "每天",
    "要", "计划", "力争", "预计", "全部", "受益", "就", "都", "也", "还", "又", "再", "均", "以", "近", "逾", "超", "让", "使", "给予",
    "奖励", "补助", "补贴", "捐款", "能够", "一共", "总共", "进行", "提升", "新发展",
];

/// Verbs that name the figure themselves when nothing else does
/// (`每户补助 14000元` is a 补助, `投资 300万元实施X项目` an investment in X).
const CONTENT_VERBS: &[&str] = &["入住", "搬迁", "安置", "投资", "投入", "累计投入", "共投入", "补助", "补贴", "奖励", "资助", "捐款", "培训", "受益", "惠及", "发放", "接待", "销售", "助销"];

/// Stops that only link noun and number (`资金共计`, `达到`): stripped from
/// the end of the left context before looking for the noun.
const LINKS: &[&str] = &[
    "达到", "达", "为", "是", "有", "共有", "还有", "共", "约", "计", "合计", "总计", "共计", "累计", "超过", "突破", "增至", "增加到", "提高到",
    "减少到", "降至", "在", "占", "至", "到", "了", "就", "都", "均", "已", "已经", "分别", "能", "可", "仅", "只", "一共", "总共", "人均", "户均",
    "每户", "每人", "每年", "每个", "每生", "每名", "每位", "每亩", "每月", "每天", "今年", "去年", "目前", "截至目前", "当年", "的", "由", "从", "较", "比",
    "将", "要", "还", "也", "又", "再", "已", "控制在", "稳定在", "保持在", "扩大到", "提升到", "按", "按照", "力争", "确保", "预计", "争取",
    "计划", "一共有", "完成", "实现", "净增", "净减",
];

/// Scope words: where a figure is, never what it counts.
const SCOPE_ENDS: &[&str] = &["全县", "全市", "全镇", "全乡", "全村", "全省", "全区", "我县", "我市", "该村", "该县"];

/// Measure nouns too short to stand alone (`率` of 达标率, `额` of 销售额).
const MEASURE_ENDS: &[char] = &['率', '额', '量', '数', '价', '比', '积', '模'];

static STOP_SET: Lazy<WordSet> = Lazy::new(|| WordSet::new(STOPS));
/// The stop and link words, each once (most links are stops too, and a
/// word listed twice would be reported twice), and the lists that hold
/// each: bit [`STOP`], bit [`LINK`].
static STOPS_AND_LINKS: Lazy<(BackTrie, Vec<u8>)> = Lazy::new(|| {
    let (mut words, mut lists): (Vec<&str>, Vec<u8>) = (Vec::new(), Vec::new());
    for (bit, list) in [(STOP, STOPS), (LINK, LINKS)] {
        for &w in list {
            match words.iter().position(|&known| known == w) {
                Some(k) => lists[k] |= bit,
                None => {
                    words.push(w);
                    lists.push(bit);
                }
            }
        }
    }
    assert!(words.iter().all(|w| w.len() < 16), "a word's byte length is a bit of a u16");
    (BackTrie::new(&words), lists)
});
const STOP: u8 = 1;
const LINK: u8 = 2;

/// The last characters of the stop words, and of the link words.
static STOP_LAST_CHARS: Lazy<CharSet> = Lazy::new(|| last_chars(STOPS));
static LINK_LAST_CHARS: Lazy<CharSet> = Lazy::new(|| last_chars(LINKS));

fn last_chars(words: &[&str]) -> CharSet {
    CharSet::of(words.iter().filter_map(|w| w.chars().next_back()))
}

/// The most characters of left context read for a subject.
const WINDOW_CHARS: usize = 16;

/// The stop and link words that end a text (and lie in it): bit `n` for a
/// word of `n` bytes. Found by stepping back from the end, at the few ends
/// the rules ask about (scanning the whole window for them cost more).
#[derive(Clone, Copy)]
struct Ending {
    stops: u16,
    links: u16,
}

impl Ending {
    fn of(text: &str) -> Ending {
        let (trie, lists) = &*STOPS_AND_LINKS;
        let mut ending = Ending { stops: 0, links: 0 };
        trie.each_ending(text, |start, k| {
            let bit = 1 << (text.len() - start);
            if lists[k as usize] & STOP != 0 {
                ending.stops |= bit;
            }
            if lists[k as usize] & LINK != 0 {
                ending.links |= bit;
            }
        });
        ending
    }

    /// Byte length of the longest stop word.
    fn stop(self) -> Option<usize> {
        longest(self.stops)
    }

    /// Byte length of the longest link word.
    fn link(self) -> Option<usize> {
        longest(self.links)
    }
}

/// The highest bit set in `lengths`.
fn longest(lengths: u16) -> Option<usize> {
    (lengths != 0).then(|| 15 - lengths.leading_zeros() as usize)
}

/// Where a subject was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// The noun after the classifier (`102个贫困村`).
    After,
    /// The noun before the number.
    Before,
    /// Nothing found.
    Missing,
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The character of three bytes that ends at `end` of `bytes` (a character
/// bound), if it has three: Han characters and quotation marks do.
fn three_byte_char_before(bytes: &[u8], end: usize) -> Option<char> {
    match bytes[..end] {
        [.., b0, b1, b2] if b0 & 0xF0 == 0xE0 => char::from_u32((b0 as u32 & 0x0F) << 12 | (b1 as u32 & 0x3F) << 6 | b2 as u32 & 0x3F),
        _ => None,
    }
}

/// The byte offset `n` characters after `from` (or the end). Steps by
/// lead bytes: decoding the characters costs several times more.
fn advance(text: &str, from: usize, n: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    for _ in 0..n {
        let Some(&b) = bytes.get(i) else { break };
        i += crate::normalize::utf8_len(b);
    }
    i.min(text.len())
}

/// The byte offset `n` (≥ 1) characters before `end` (or 0).
fn back(text: &str, end: usize, n: usize) -> usize {
    if end <= n {
        return 0; // n bytes hold at most n characters
    }
    // Most characters are Han, of three bytes: the n characters start near
    // 3n bytes back. The characters from the character bound there are
    // counted a word at a time; those beyond n are then stepped over
    // forward, or those missing stepped back over one at a time.
    let bytes = text.as_bytes();
    let mut from = end.saturating_sub(3 * n);
    while bytes[from] & 0xC0 == 0x80 {
        from -= 1;
    }
    let count = crate::swar::char_count(&bytes[from..end]);
    if count >= n {
        advance(text, from, count - n)
    } else {
        step_back(bytes, from, n - count)
    }
}

/// The byte offset `n` characters before `end` (or 0), stepped back one
/// character at a time.
fn step_back(bytes: &[u8], end: usize, n: usize) -> usize {
    let mut i = end;
    for _ in 0..n {
        if i == 0 {
            break;
        }
        // Most characters are Han, of three bytes: the lead byte three
        // back tells them at once. Others end after the last byte back that
        // is not a continuation byte.
        if i >= 3 && bytes[i - 3] & 0xF0 == 0xE0 {
            i -= 3;
        } else {
            i -= 1;
            while bytes[i] & 0xC0 == 0x80 {
                i -= 1;
            }
        }
    }
    i
}

/// Kinds whose unit is a classifier followed by the counted noun.
fn counted(q: &Quantity) -> bool {
    matches!(q.kind, Kind::Count | Kind::Households | Kind::People | Kind::Livestock) && q.slash_per.is_none()
}

/// The subject of the quantity in `nb`, and where it was read.
pub(super) fn subject(nb: &Neighbourhood<'_>, domain: &Domain, prev: Option<&Quantity>) -> (Option<String>, Source) {
    let q = nb.quantity;
    let after_at = q.tail_end;
    if counted(q) {
        if let Some(s) = noun_after(nb, after_at, domain, false) {
            return (Some(s), Source::After);
        }
    } else if let Some(s) = domain_at(nb.text, after_at, nb.clause.1, domain) {
        // 2亩小杂粮, 1.8亿元脱贫攻坚专项资金: a field word right after.
        return (Some(s), Source::After);
    }
    let start = prev.map_or(nb.clause.0, |p| p.end.max(nb.clause.0)).min(nb.lead);
    if let Some(s) = noun_before(nb.text, start, nb.lead, q.end, domain) {
        return (Some(s), Source::Before);
    }
    // 3000多元的固定工资, 15117人的易地搬迁任务: the noun after 的.
    if nb.text[after_at..].starts_with('的') {
        if let Some(s) = noun_after(nb, after_at + '的'.len_utf8(), domain, false) {
            return (Some(s), Source::After);
        }
    }
    // 11.8万人次享受免收门诊挂号费: the clause opens with the number.
    if nb.text[nb.clause.0..nb.lead].chars().all(|c| !is_han(c)) {
        if let Some(s) = noun_after(nb, after_at, domain, true) {
            return (Some(s), Source::After);
        }
    }
    (None, Source::Missing)
}

/// A domain word starting at `at` (before `limit`), of at most 12
/// characters.
fn domain_at(text: &str, at: usize, limit: usize, domain: &Domain) -> Option<String> {
    // Most figures are followed by no word: the 12 characters are counted
    // only for a word that may be longer (the longest word within them is
    // then the one found, if it is no longer).
    let window = &text[at..limit.max(at)];
    let mut n = domain.prefix(window)?;
    if n > 12 && window[..n].chars().count() > 12 {
        n = domain.prefix(&window[..advance(window, 0, 12)])?;
    }
    Some(window[..n].to_string())
}

/// The noun starting at `from`: a domain word, or a run of Han characters
/// up to the next stop. With `skip_verb`, a leading verb is passed over.
fn noun_after(nb: &Neighbourhood<'_>, from: usize, domain: &Domain, skip_verb: bool) -> Option<String> {
    let mut from = from;
    if skip_verb {
        from += stop_prefix(&nb.text[from..nb.clause.1.max(from)]).unwrap_or(0);
    }
    // (Stepped within the clause: it often ends first.)
    let to = advance(&nb.text[..nb.clause.1.max(from)], from, 10);
    let window = &nb.text[from..to];
    if let Some(n) = domain.prefix(window) {
        return Some(window[..n].to_string());
    }
    let mut end = 0;
    for (i, c) in window.char_indices() {
        // The character tests first: the stop-word look-up is the dearest.
        if !is_han(c) && !matches!(c, '“' | '”') || matches!(c, '的' | '和' | '与' | '及' | '在' | '等' | '都' | '也' | '就' | '已' | '均' | '还' | '又' | '再' | '被' | '将' | '要' | '是' | '为' | '有') || stop_prefix(&window[i..]).is_some() {
            break;
        }
        end = i + c.len_utf8();
    }
    let noun = trim_quotes(&window[..end]);
    // A domain word inside the run marks where the noun ends.
    let first_word = noun.char_indices().take_while(|&(i, _)| i <= 6).find_map(|(i, _)| domain.prefix(&noun[i..]).map(|n| i + n));
    let noun = first_word.map_or(noun, |end| &noun[..end]);
    (!noun.is_empty() && !is_stop(noun)).then(|| noun.to_string())
}

/// The noun phrase ending at `end`, after the last verb or function word.
fn noun_before(text: &str, start: usize, end: usize, number_end: usize, domain: &Domain) -> Option<String> {
    // The head noun ends at the number and is short: 16 characters of
    // left context are enough to find where it begins.
    // (Counted back within the clause only: it is often shorter.)
    let start = start + back(&text[start..end], end - start, WINDOW_CHARS);
    let mut window = &text[start..end];
    // A verb that names the figure stands only when nothing is named before
    // it (`小额信贷2020年发放` is about 小额信贷).
    let mut content: Option<&str> = None;
    for _ in 0..3 {
        match noun_in(window, domain) {
            Noun::Found(s) => return Some(s),
            Noun::Verb(v, at) => {
                if CONTENT_VERBS.contains(&v) {
                    content = content.or(Some(v));
                }
                window = &window[..at];
            }
            Noun::Nothing => break,
        }
    }
    content.map(|v| content_verb(text, number_end, v, domain))
}

/// What the left context holds.
enum Noun<'a> {
    Found(String),
    /// Only a verb is left (`投资`, `储备`), starting at this offset of the
    /// window (what is left of it is a prefix of the window).
    Verb(&'a str, usize),
    Nothing,
}

/// `投资 300万元实施农村污水治理项目` → 农村污水治理项目投资; a figure of
/// people reached (受益, 惠及) is a 受益人口; other verbs stand as they are.
fn content_verb(text: &str, number_end: usize, verb: &str, domain: &Domain) -> String {
    match verb {
        "受益" | "惠及" => "受益人口".to_string(),
        "投资" | "投入" | "累计投入" | "共投入" => {
            let rest = &text[number_end..];
            let unit_len = rest.char_indices().find(|(_, c)| !matches!(c, '元' | '亿' | '万' | '余' | '多')).map_or(rest.len(), |(i, _)| i);
            let mut at = number_end + unit_len;
            // 计划建设, 用于实施: up to two verbs before the object.
            for _ in 0..2 {
                let verbs = ["的", "对", "用于", "计划", "拟", "实施", "建成", "建设", "新建", "安装", "改善", "完成", "为"];
                at += verbs.iter().find(|w| text[at..].starts_with(**w)).map_or(0, |w| w.len());
            }
            let limit = advance(text, at, 10);
            let window = &text[at..limit];
            let _ = domain;
            let end = window.char_indices().find(|&(_, c)| !is_han(c) || matches!(c, '的' | '和' | '与' | '及')).map_or(window.len(), |(i, _)| i);
            let object = &window[..end];
            let verb = if verb.ends_with("投入") { "投入" } else { "投资" };
            if object.chars().count() >= 2 {
                format!("{object}{verb}")
            } else {
                verb.to_string()
            }
        }
        v => v.to_string(),
    }
}

/// The noun phrase at the end of `window`, which ends at a number.
fn noun_in<'w>(window: &'w str, domain: &Domain) -> Noun<'w> {
    let mut spans = Spans { window, domain, found: [(0, 0); 8], n: None };
    let mut window = window;
    // Links between noun and number (资金共计, 达到, 2018年达到, 由2014年的),
    // unless a domain word ends where the link would be cut.
    loop {
        let cut = longest_link(window).filter(|&n| window.len() > n).or_else(|| year_suffix(window));
        let Some(n) = cut else { break };
        if spans.word_ends_at(window.len()) {
            break;
        }
        window = &window[..window.len() - n];
    }
    let window = window.trim_end_matches(|c: char| !is_han(c) && c != '”' && c != '%');
    let window = strip_count(window);
    // Step back over the characters, `after` of them passed, up to the
    // first that is neither Han nor a quotation mark, or to a stop word.
    let (bytes, mut cut, mut after) = (window.as_bytes(), window.len(), 0usize);
    let stop_last_chars: &CharSet = &STOP_LAST_CHARS;
    while let Some(c) = three_byte_char_before(bytes, cut) {
        if !is_han(c) && !matches!(c, '“' | '”') {
            break;
        }
        // A stop word counts with two characters of noun after it (three
        // if they end in a measure noun such as 率).
        // (`c` ends the text before `cut`: tested here, not decoded again.)
        let too_short = after < 2 || after == 2 && window.ends_with(MEASURE_ENDS);
        if !too_short && stop_last_chars.contains(c) {
            if let Some(n) = Ending::of(&window[..cut]).stop() {
                if !spans.word_crosses(cut - n) {
                    break;
                }
            }
        }
        (cut, after) = (cut - 3, after + 1);
    }
    // The noun: its last 12 characters (of three bytes each, as stepped).
    let noun = &window[cut + 3 * after.saturating_sub(12)..];
    let noun = trim_quotes(noun.trim_start_matches(['年', '月', '的']));
    // 能拿, 都在: a modal or adverb opens a verb phrase, not a noun.
    let noun = if noun.starts_with(['能', '可', '会', '都', '也', '又']) { &noun[..0] } else { noun };
    // 每学期补助: a per-unit word opening the phrase is not part of the noun.
    let noun = match noun.strip_prefix('每') {
        Some(rest) => &rest[rest.char_indices().nth(2).map_or(rest.len(), |(i, _)| i)..],
        None => noun,
    };
    // 来全县, 目前全市: a phrase ending in a scope word names nothing.
    let noun = if crate::lexicon::ends_with_any(noun, SCOPE_ENDS) && !is_stop(noun) { &noun[..0] } else { noun };
    if noun.is_empty() {
        Noun::Nothing
    } else if is_stop(noun) {
        let at = window.len() - noun.len();
        Noun::Verb(&window[at..], at)
    } else {
        Noun::Found(noun.to_string())
    }
}

/// The domain words of a subject's window, found only if a rule asks.
struct Spans<'a> {
    window: &'a str,
    domain: &'a Domain,
    /// The window holds at most 16 characters, so at most 8 words of 2+.
    found: [(usize, usize); 8],
    /// How many words are found, and the bound searched to: they are all
    /// those that start before it.
    n: Option<(usize, usize)>,
}

impl Spans<'_> {
    /// Whether a domain word ends at byte `end` of the window.
    fn word_ends_at(&mut self, end: usize) -> bool {
        // Most ends end no word: the domain's pair filter says so first.
        self.domain.may_end(&self.window[..end]) && self.starting_before(end).iter().any(|&(_, e)| e == end)
    }

    /// Whether a domain word begins before byte `at` of the window and ends
    /// after it.
    fn word_crosses(&mut self, at: usize) -> bool {
        self.domain.may_cross(self.window, at) && self.starting_before(at).iter().any(|&(s, e)| s < at && at < e)
    }

    /// The words that start before byte `bound` (and maybe more). The rules
    /// ask near the end of the window, then further left: the words are
    /// searched for up to the first bound asked, again only for a later
    /// bound beyond it.
    fn starting_before(&mut self, bound: usize) -> &[(usize, usize)] {
        let n = match self.n {
            Some((n, searched)) if bound <= searched => n,
            _ => self.n.insert((self.domain.find_all(self.window, bound, &mut self.found), bound)).0,
        };
        &self.found[..n]
    }
}

/// `s` without the quotation marks “ ” at its ends. (Their bytes are
/// compared: the general trim decodes each end character and calls a
/// closure on it.)
fn trim_quotes(s: &str) -> &str {
    let mut s = s;
    while let Some(rest) = s.strip_prefix("“").or_else(|| s.strip_prefix("”")) {
        s = rest;
    }
    while let Some(rest) = s.strip_suffix("”").or_else(|| s.strip_suffix("“")) {
        s = rest;
    }
    s
}

/// Drops a trailing count such as `两个` (`两个 100%目标`).
fn strip_count(window: &str) -> &str {
    let t = window.trim_end_matches(['个', '项', '类', '种']);
    if t.len() == window.len() {
        return window;
    }
    let digits = t.trim_end_matches(['一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十']);
    if digits.len() < t.len() { digits } else { window }
}

/// Byte length of `2018年` or `2018年的` ending `s`.
fn year_suffix(s: &str) -> Option<usize> {
    let t = s.strip_suffix('的').unwrap_or(s);
    let t = t.strip_suffix('年')?;
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    (digits == 4).then(|| s.len() - t.len() + 4)
}

/// Byte length of the longest link word ending `s`.
fn longest_link(s: &str) -> Option<usize> {
    ends_in(s, &LINK_LAST_CHARS).then(|| Ending::of(s).link()).flatten()
}

/// Whether `s` is a stop word.
#[inline]
fn is_stop(s: &str) -> bool {
    ends_in(s, &STOP_LAST_CHARS) && STOP_SET.contains(s)
}

/// Whether the last character of `s` is one of `last_chars`: most are
/// not, and the look-ups of words ending `s` that follow are spared.
fn ends_in(s: &str, last_chars: &CharSet) -> bool {
    three_byte_char_before(s.as_bytes(), s.len()).is_some_and(|c| last_chars.contains(c))
}

/// Byte length of the longest stop word (of 2+ characters) `s` starts with.
fn stop_prefix(s: &str) -> Option<usize> {
    STOP_SET.longest_prefix(s, 2, 4)
}

/// Subjects shared between neighbouring figures, once all are read:
/// a pair with nothing between (`3021户6937人`, `26户、61名贫困人口`) shares
/// the noun read after it, or else the one before it; a figure whose clause
/// names nothing continues the previous figure of its sentence and kind.
pub(crate) fn share(text: &str, qs: &[Quantity], facts: &mut [Fact<'_>], sources: &[Source]) {
    let ties = ties(text, qs, facts);
    for i in (1..qs.len()).rev() {
        if ties[i] == Tie::Adjacent && sources[i] == Source::After && sources[i - 1] != Source::After {
            facts[i - 1].subject = facts[i].subject.clone();
        }
    }
    for i in 1..qs.len() {
        let pair = ties[i] == Tie::Adjacent && sources[i] != Source::After && sources[i - 1] != Source::After;
        let orphan = sources[i] == Source::Missing && ties[i] != Tie::Apart && facts[i - 1].kind == facts[i].kind;
        if pair || orphan {
            facts[i].subject = facts[i - 1].subject.clone();
        }
    }
    for i in 1..qs.len() {
        if ties[i] == Tie::Apart {
            continue;
        }
        let (prev, cur) = (&facts[i - 1], &facts[i]);
        let Some(base) = prev.subject.as_deref() else { continue };
        let gap = &text[qs[i - 1].end..qs[i].start];
        // A change of a percentage is written in 百分点; a count changes in
        // its own unit (比去年同期增加 1万只).
        let rate = cur.kind == crate::fact::Kind::Percent && (prev.kind != crate::fact::Kind::Percent || cur.unit == "百分点");
        let same_unit = cur.kind != crate::fact::Kind::Percent && cur.unit == prev.unit;
        let change = if rate || same_unit { change_of(gap) } else { None };
        let subject = if let Some(suffix) = change {
            let suffix = if same_unit { change_verb(gap) } else { suffix };
            [base, suffix].concat()
        } else if cur.kind == crate::fact::Kind::Percent && share_of(gap) {
            [base, "占比"].concat()
        } else {
            continue;
        };
        facts[i].subject = Some(subject);
    }
    respectively(text, qs, facts, &ties);
}

/// How a figure stands to the one before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// In another sentence (or the first figure).
    Apart,
    /// In the same sentence.
    Sentence,
    /// In the same sentence, with nothing or 、 between.
    Adjacent,
}

/// The [`Tie`] of each figure, found once for the rules that ask.
fn ties(text: &str, qs: &[Quantity], facts: &[Fact<'_>]) -> Vec<Tie> {
    let mut ties = vec![Tie::Apart; qs.len()];
    for i in 1..qs.len() {
        if same_text(&facts[i - 1].sentence, &facts[i].sentence) {
            // (Compared as bytes, 、 as E3 80 81: slicing the text would
            // test the character bounds.)
            let adjacent = matches!(&text.as_bytes()[qs[i - 1].end..qs[i].start], b"" | b"\xE3\x80\x81");
            ties[i] = if adjacent { Tie::Adjacent } else { Tie::Sentence };
        }
    }
    ties
}

/// Facts of one sentence share its text: comparing the pointers spares
/// comparing the sentences.
fn same_text(a: &Option<std::sync::Arc<str>>, b: &Option<std::sync::Arc<str>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// `城镇和农村居民收入分别达到 38650元和 14210元，分别增长 5.6%和 7.3%`:
/// the k rates after 分别 are the changes of the k figures before, in order.
fn respectively(text: &str, qs: &[Quantity], facts: &mut [Fact<'_>], ties: &[Tie]) {
    let same_sentence = |i: usize| ties[i] != Tie::Apart;
    let is_rate = |f: &Fact<'_>| f.kind == crate::fact::Kind::Percent;
    for i in 1..qs.len() {
        // Tested first: the gap between figures of two sentences may be long.
        if !same_sentence(i) || !is_rate(&facts[i]) || is_rate(&facts[i - 1]) {
            continue;
        }
        let gap = &text[qs[i - 1].end..qs[i].start];
        let Some(rest) = after_respectively(gap) else { continue };
        let Some(suffix) = change_of(rest) else { continue };
        // The rates: joined by 和 or 、 only.
        let mut k = 1;
        while i + k < qs.len() && same_sentence(i + k) && is_rate(&facts[i + k]) && matches!(&text[qs[i + k - 1].end..qs[i + k].start], "和" | "、" | "，") {
            k += 1;
        }
        if k < 2 || k > i || !(i - k + 1..i).all(same_sentence) || facts[i - k..i].iter().any(is_rate) {
            continue;
        }
        for j in 0..k {
            if let Some(base) = facts[i - k + j].subject.as_deref() {
                facts[i + j].subject = Some([base, suffix].concat());
            }
        }
    }
}

/// What follows the first 分别 in `gap`. (Its 分 are found by a byte
/// search: a substring searcher costs more to set up than the short gap
/// takes to read.)
fn after_respectively(gap: &str) -> Option<&str> {
    let at = crate::lexicon::find_char(gap, '分').find(|&i| gap[i..].starts_with("分别"))?;
    Some(&gap[at + "分别".len()..])
}

/// `12.3亿元，占各项贷款的23.4%`: a share of the figure before.
fn share_of(gap: &str) -> bool {
    let gap = gap.trim_start_matches(['，', ',']);
    gap.starts_with('占') && gap.ends_with('的') && !gap.contains(['，', '。', '；']) && gap.chars().count() <= 12
}

/// The verb itself, for a change counted in the figure's own unit.
fn change_verb(gap: &str) -> &'static str {
    ["增加", "减少", "增长", "下降", "提高", "降低"].into_iter().find(|v| gap.contains(v)).unwrap_or("变化")
}

/// `76.3亿元，增长10.2%`, `3.2%，比上年下降1.2个百分点`: a rate right after a
/// figure is that figure's change. Returns the word that names the change.
fn change_of(gap: &str) -> Option<&'static str> {
    let gap = gap.trim_start_matches(['，', '、', ',']).trim_end_matches('了');
    // What is left must be a verb of change: most gaps end otherwise.
    if !CHANGES.iter().any(|(v, _)| crate::lexicon::ends_with_word(gap, v)) {
        return None;
    }
    let verb = ["同比", "比上年", "较上年", "比去年同期", "较去年同期", "比去年", "较去年", "与上年相比", "同期", "年均"].iter().fold(gap, |g, w| g.strip_prefix(w).unwrap_or(g));
    CHANGES.iter().find(|(v, _)| *v == verb).map(|&(_, name)| name)
}

/// Verbs of change and the word that names the change.
const CHANGES: &[(&str, &str)] = &[("增长", "增速"), ("增加", "增速"), ("上涨", "增速"), ("下降", "降幅"), ("降低", "降幅"), ("减少", "降幅"), ("回落", "降幅"), ("提高", "提高"), ("提升", "提高")];

#[cfg(test)]
mod tests {
    use super::*;

    /// A change read from the words between two figures.
    #[test]
    fn change_of_reads_the_verb() {
        assert_eq!(change_of("，同比增长"), Some("增速"));
        assert_eq!(change_of("，比去年同期下降了"), Some("降幅"));
        assert_eq!(change_of("、提高"), Some("提高"));
        assert_eq!(change_of("，带动增收"), None);
        assert_eq!(change_of("，其中增长较快的有"), None);
        assert_eq!(change_of(""), None);
    }

    /// The stop and link words ending each prefix of a window are the
    /// words of each list that it ends with.
    #[test]
    fn endings_are_the_listed_suffixes() {
        let lengths = |list: &[&str], s: &str| list.iter().filter(|w| s.ends_with(**w)).fold(0u16, |m, w| m | 1 << w.len());
        for window in ["资金累计投入", "2018年达到", "截至目前全县共有", "控制在x一共有", "", "的", "é投入𠀀计划完成"] {
            for end in window.char_indices().map(|(i, _)| i).chain([window.len()]) {
                let ending = Ending::of(&window[..end]);
                assert_eq!(ending.stops, lengths(STOPS, &window[..end]), "{window} {end}");
                assert_eq!(ending.links, lengths(LINKS, &window[..end]), "{window} {end}");
                assert_eq!(ending.stop(), STOPS.iter().filter(|w| window[..end].ends_with(**w)).map(|w| w.len()).max());
            }
        }
    }

    /// A domain word after a figure is one of at most 12 characters.
    #[test]
    fn domain_at_reads_twelve_characters() {
        let long = "一二三四五六七八九十甲乙丙";
        let domain = Domain::new([long, "一二", "一二三四五六七八九十甲乙", "资金"]);
        let text = format!("5亿元{long}丁，资金");
        let at = "5亿元".len();
        assert_eq!(domain_at(&text, at, text.len(), &domain).as_deref(), Some("一二三四五六七八九十甲乙"));
        assert_eq!(domain_at(&text, at, at + "一二三".len(), &domain).as_deref(), Some("一二"));
        assert_eq!(domain_at(&text, text.len() - "资金".len(), text.len(), &domain).as_deref(), Some("资金"));
        assert_eq!(domain_at(&text, 0, text.len(), &domain), None);
        let domain = Domain::new([long, "一二"]);
        assert_eq!(domain_at(&text, at, text.len(), &domain).as_deref(), Some("一二"));
    }

    #[test]
    fn trim_quotes_is_the_general_trim() {
        for s in ["“脱贫户”", "”“资金“", "“", "", "x“y”", "“”", "资金"] {
            assert_eq!(trim_quotes(s), s.trim_matches(|c| c == '“' || c == '”'), "{s}");
        }
    }

    /// The byte stepping agrees with decoding, for every offset and count.
    #[test]
    fn advance_and_back_count_characters() {
        let text = "全县 2019年新建a大棚€40座，𠀀结束𠀀𠀀𠀀贫困户ab脱贫123";
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for &at in &bounds {
            for n in 0..20 {
                let want = text[at..].char_indices().nth(n).map_or(text.len(), |(i, _)| at + i);
                assert_eq!(advance(text, at, n), want, "advance({at}, {n})");
                if n > 0 {
                    let want = text[..at].char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
                    assert_eq!(back(text, at, n), want, "back({at}, {n})");
                }
            }
        }
    }
}
