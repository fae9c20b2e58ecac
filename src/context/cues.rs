//! Cue words of the context stage, found in one pass per article.
//!
//! Modality, time, scope and per-unit rules all look for short words
//! before a quantity. Searching each word separately for each fact is the
//! slow design; instead one Aho-Corasick automaton over every cue finds them
//! all (overlapping) once per article, each sentence takes its share, and
//! the rules filter by position.

use crate::gazetteer::Level;
use crate::lexicon::CharAutomaton;
use once_cell::sync::Lazy;

/// What a cue word signals. One word may signal several things.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Role {
    /// The cue word itself.
    pub word: &'static str,
    pub target: bool,
    pub actual: bool,
    pub strong_actual: bool,
    /// A relative year word and its offset (今年 0, 去年 -1).
    pub relative: Option<i32>,
    /// A scope word and the level it names (全县 → county).
    pub scope: Option<Level>,
    /// Fixed per-unit denominators (人均 → 人).
    pub per: &'static [&'static str],
    /// 每: a denominator follows.
    pub each: bool,
    /// N年来: a cumulative span of N years ending now.
    pub years_back: Option<i32>,
    /// 以来 after a year or 去年.
    pub since: bool,
    /// Contains cues without being one.
    pub neutral: bool,
    /// An average per head or household (人均, 户均), which a period word
    /// may qualify.
    pub head_average: bool,
    /// A per-unit word that scopes over a whole list (see [`LIST_PER`]).
    pub list_per: bool,
    /// “, which may open a quoted label (see [`short_quote`]).
    pub quote: bool,
}

/// Cues of a goal, plan, requirement or standard.
const TARGET: &[&str] = &[
    "力争到", "力争", "确保", "计划", "目标是", "目标为", "任务是", "争取", "预计", "规划", "拟", "将", "要", "必须", "需要", "应当", "着力",
    "努力", "保证", "力求", "预期", "届时", "到20", "明年", "今后", "未来", "不低于", "不少于", "不超过", "控制在", "鼓励", "分三年",
];

/// Words that contain a cue without being one (主要, 要求, 将其): a cue
/// inside one of them is dropped.
const NEUTRAL: &[&str] = &[
    "主要", "重要", "要求", "只要", "要素", "纪要", "要点", "摘要", "将其", "将近", "必要", "不要", "计划生育", "规划局", "预计划", "结合实际", "切合实际", "联系实际", "实际情况", "从实际出发",
    "为保证", "为确保", "为了保证", "为了确保", "行动计划", "改善计划", "雨露计划",
];

/// Cues of a figure already achieved or standing.
const ACTUAL: &[&str] = &[
    "累计", "已经", "已", "共有", "还有", "剩余", "目前", "截至", "截止", "先后", "建成", "达到", "完成", "实现", "共", "去年", "上年",
    "以来", "年来", "收获", "收了", "增长", "下降", "同比", "比上年", "较上年", "共计", "合计", "全部", "有",
];

/// Actual cues strong enough to override a plan context.
const STRONG_ACTUAL: &[&str] = &["实际", "累计", "已经", "已", "共有", "还有", "剩余", "目前", "截至", "截止", "先后", "去年", "以来", "年来", "同比", "收了"];

/// Relative year words and their offset from the reference year.
const RELATIVE: &[(&str, i32)] = &[("如今", 0), ("今年", 0), ("年内", 0), ("年底", 0), ("本年", 0), ("当年", 0), ("去年", -1), ("上年", -1), ("上一年", -1), ("明年", 1), ("前年", -2)];

/// Scope words and the level they refer to.
const SCOPES: &[(&str, Level)] = &[
    ("全县", Level::County),
    ("我县", Level::County),
    ("该县", Level::County),
    ("县里", Level::County),
    ("全区", Level::County),
    ("全市", Level::City),
    ("我市", Level::City),
    ("市里", Level::City),
    ("全镇", Level::Township),
    ("全乡", Level::Township),
    ("该镇", Level::Township),
    ("该乡", Level::Township),
    ("镇里", Level::Township),
    ("乡里", Level::Township),
    ("全村", Level::Village),
    ("该村", Level::Village),
    ("村里", Level::Village),
];

/// Fixed per-unit words and their denominators.
const PER_WORDS: &[(&str, &[&str])] = &[
    ("人均", &["人"]),
    ("户均", &["户"]),
    ("亩产", &["亩"]),
    ("亩均", &["亩"]),
    ("年均", &["年"]),
    ("年产", &["年"]),
    ("年增收", &["年"]),
    ("年收入", &["年"]),
    ("年交易额", &["年"]),
    ("年销售", &["年"]),
    ("年产值", &["年"]),
    ("日均", &["天"]),
    ("单户", &["户"]),
    ("月工资", &["月"]),
    ("月收入", &["月"]),
    ("月均", &["月"]),
    ("日产", &["天"]),
    ("日加工", &["天"]),
    ("年加工", &["年"]),
    ("亩收入", &["亩"]),
    ("每生", &["人"]),
    ("每名", &["人"]),
    ("每位", &["人"]),
    ("每天", &["天"]),
    ("每日", &["天"]),
];

/// Per-unit words that scope over a whole list (`人均 2亩小杂粮、2亩经济林`).
const LIST_PER: &[&str] = &["人均", "户均", "亩产", "亩均", "年均"];

/// Averages per head or per household.
const HEAD_AVERAGES: &[&str] = &["人均", "户均"];

const YEARS_BACK: &[(&str, i32)] = &[("两年来", 2), ("三年来", 3), ("四年来", 4), ("五年来", 5), ("六年来", 6), ("十年来", 10)];

/// The cue automaton and the role of each pattern.
pub(crate) struct CueSet {
    /// Every match at every position, one transition a character.
    automaton: CharAutomaton,
    roles: Vec<Role>,
}

pub(crate) static CUES: Lazy<CueSet> = Lazy::new(|| {
    let mut roles: Vec<Role> = Vec::new();
    let mut add = |w: &'static str, set: &dyn Fn(&mut Role)| {
        let i = roles.iter().position(|r| r.word == w).unwrap_or_else(|| {
            roles.push(Role { word: w, ..Role::default() });
            roles.len() - 1
        });
        set(&mut roles[i]);
    };
    TARGET.iter().for_each(|w| add(w, &|r| r.target = true));
    ACTUAL.iter().for_each(|w| add(w, &|r| r.actual = true));
    STRONG_ACTUAL.iter().for_each(|w| add(w, &|r| r.strong_actual = true));
    RELATIVE.iter().for_each(|&(w, d)| add(w, &move |r| r.relative = Some(d)));
    SCOPES.iter().for_each(|&(w, l)| add(w, &move |r| r.scope = Some(l)));
    PER_WORDS.iter().for_each(|&(w, d)| add(w, &move |r| r.per = d));
    YEARS_BACK.iter().for_each(|&(w, n)| add(w, &move |r| r.years_back = Some(n)));
    NEUTRAL.iter().for_each(|w| add(w, &|r| r.neutral = true));
    HEAD_AVERAGES.iter().for_each(|w| add(w, &|r| r.head_average = true));
    LIST_PER.iter().for_each(|w| add(w, &|r| r.list_per = true));
    add("每", &|r| r.each = true);
    add("以来", &|r| r.since = true);
    add("“", &|r| r.quote = true);
    let words: Vec<&str> = roles.iter().map(|r| r.word).collect();
    let automaton = CharAutomaton::new(&words);
    CueSet { automaton, roles }
});

/// A cue found in a sentence, at absolute normalised offsets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cue {
    pub start: usize,
    pub end: usize,
    /// The word's role, lent from [`CUES`] (read for every cue by every
    /// rule: a reference spares a look through the lazy static each time).
    role: &'static Role,
}

impl Cue {
    pub(crate) fn role(&self) -> &'static Role {
        self.role
    }

    pub(crate) fn word(&self) -> &'static str {
        self.role.word
    }
}

/// Every cue in `text[start..end]`, overlapping, ordered by end; cues
/// inside a neutral word, and 将 used as a preposition (`将5705名`), are
/// left out.
pub(crate) fn scan(text: &str, start: usize, end: usize) -> Vec<Cue> {
    let set: &'static CueSet = &CUES;
    // About one cue every eight characters of news text: one allocation.
    let mut cues: Vec<Cue> = Vec::with_capacity((end - start) / 24);
    // Neutral words and short quotations: the spans whose cues are not cues.
    let mut neutral: Vec<(usize, usize)> = Vec::new();
    // Found in (end, start) order: no sort needed.
    set.automaton.each_match(&text[start..end], |s, e, pattern| {
        let role = &set.roles[pattern as usize];
        let cue = Cue { start: start + s, end: start + e, role };
        if role.neutral {
            neutral.push((cue.start, cue.end));
        } else if role.quote {
            neutral.extend(short_quote(text, cue.start, end));
        } else {
            cues.push(cue);
        }
    });
    // Neutral spans are short (a word, or a quotation of at most
    // QUOTED_LABEL bytes between its marks): those that may hold a cue
    // start shortly before its end. The cues come by end: taken by start,
    // the spans that may hold one form a window that only moves forward.
    neutral.sort_unstable();
    let reach = QUOTED_LABEL + 2 * '“'.len_utf8();
    let mut window = 0;
    let mut inside_neutral = |c: &Cue| {
        while neutral.get(window).is_some_and(|&(s, _)| s + reach < c.end) {
            window += 1;
        }
        neutral[window..].iter().take_while(|&&(s, _)| s <= c.start).any(|&(_, e)| c.end <= e)
    };
    let preposition = |c: &Cue| c.word() == "将" && text[c.end..].starts_with(|ch: char| ch.is_ascii_digit() || matches!(ch, '全' | '该' | '其' | '这' | '此' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'));
    cues.retain(|c| !inside_neutral(c) && !preposition(c));
    cues
}

/// The longest quotation read as a label, in bytes (ten Han characters).
const QUOTED_LABEL: usize = 10 * 3;

/// The quotation that the “ at `open` opens, marks included, if it is a
/// quoted name or label (`“雨露计划”`, `“一次授信、三年有效”`), whose words are
/// not cues: its first ” comes before `end`, within QUOTED_LABEL bytes and
/// ten characters, with no “ between. Longer quotations are speech, whose
/// words are cues.
fn short_quote(text: &str, open: usize, end: usize) -> Option<(usize, usize)> {
    let body = open + '“'.len_utf8();
    // Only a ” starting within QUOTED_LABEL bytes counts: look no further.
    let mut near = end.min(body + QUOTED_LABEL + '”'.len_utf8());
    while !text.is_char_boundary(near) {
        near -= 1;
    }
    let close = body + crate::lexicon::find_char(&text[body..near], '”').next()?;
    let label = &text[body..close];
    (label.chars().count() <= QUOTED_LABEL / 3 && !label.contains('“')).then_some((open, close + '”'.len_utf8()))
}

/// Years written in `text[start..end]` as `2019年`: `(start, end of 年,
/// year)`, put in `out` (cleared first: one vector serves every sentence).
pub(crate) fn years(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize, i32)>) {
    let s = &text[start..end];
    let b = s.as_bytes();
    out.clear();
    for i in crate::lexicon::find_char(s, '年') {
        if i >= 4 && b[i - 4..i].iter().all(u8::is_ascii_digit) && (i == 4 || !b[i - 5].is_ascii_digit()) {
            let y: i32 = s[i - 4..i].parse().unwrap_or(0);
            if (1900..2100).contains(&y) {
                out.push((start + i - 4, start + i + '年'.len_utf8(), y));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `short_quote` takes the first ” among the ten characters after the
    /// “ (within QUOTED_LABEL bytes, with no “ between), as reading those
    /// characters one by one does.
    #[test]
    fn short_quote_reads_ten_characters() {
        let by_chars = |text: &str, open: usize, end: usize| {
            let body = open + '“'.len_utf8();
            let reach = &text[body..end];
            let reach = &reach[..reach.char_indices().nth(QUOTED_LABEL / 3 + 1).map_or(reach.len(), |(i, _)| i)];
            let close = reach.find('”')? + body;
            (!text[body..close].contains('“') && close - body <= QUOTED_LABEL).then_some((open, close + '”'.len_utf8()))
        };
        for text in ["“雨露计划”项目", "“一次授信、三年有效”", "“abcdefghijk”", "“abcdefghij”", "“一二三四五六七八九十”", "“一二三四五六七八九十一”", "“要“求”", "“计划", "“计”", "“ab”c”"] {
            for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e) && e >= '“'.len_utf8()) {
                assert_eq!(short_quote(text, 0, end), by_chars(text, 0, end), "{text} up to {end}");
            }
        }
    }

    /// `scan` keeps the cues in (end, start) order and drops those inside
    /// neutral words and short quotations, and the preposition 将.
    #[test]
    fn scan_orders_and_filters() {
        let text = "力争到2025年底，全县已经完成“行动计划”，主要任务是将其推广，计划将3个村纳入。";
        let cues = scan(text, 0, text.len());
        let keys: Vec<(usize, usize)> = cues.iter().map(|c| (c.end, c.start)).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        let words: Vec<&str> = cues.iter().map(|c| c.word()).collect();
        for w in ["力争", "力争到", "到20", "年底", "全县", "已", "已经", "完成", "任务是", "计划"] {
            assert!(words.contains(&w), "{w} missing from {words:?}");
        }
        // 要 of 主要, 计划 of “行动计划”, 将 of 将其 and the preposition 将3.
        assert_eq!(words.iter().filter(|w| **w == "计划").count(), 1, "{words:?}");
        assert!(!words.contains(&"要") && !words.contains(&"将"), "{words:?}");
    }
}
