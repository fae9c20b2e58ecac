//! Subject: the noun phrase of what is counted or measured.
//!
//! After a classifier the counted noun usually follows (`102个贫困村`);
//! otherwise it precedes the number, after the verb (`投入衔接资金 4万元`,
//! `参保率96.8%`). A list shares its verb (`新增牛 1万头、羊 5万只`), and a
//! pair with nothing between shares its noun (`3021户6937人防返贫监测对象`).

use super::Neighbourhood;
use crate::fact::Kind;
use crate::scan::Quantity;
use aho_corasick::AhoCorasick;
use once_cell::sync::Lazy;
use std::collections::HashSet;

/// Verbs and function words that end a subject phrase on its left.
const LEFT_STOPS: &[&str] = &[
    "累计投入", "共投入", "投入", "投资", "发展", "新增", "新建", "建成", "建设", "完成", "实现", "实施", "培育", "打造", "种植", "养殖",
    "带动", "帮扶", "资助", "发放", "落实", "争取", "保证", "确保", "安置", "搬迁", "支持", "覆盖", "惠及", "解决", "吸纳", "组织",
    "开展", "表彰", "配备", "识别", "认定", "推广", "改造", "签订", "签约", "收入", "纳入", "选派", "整合", "筹集", "举办", "召开",
    "扶持", "接待", "销售", "助销", "提供", "开发", "设立", "成立", "下设", "拥有", "储备", "建立", "流转", "培训", "引进", "申报",
    "达到", "达", "为", "是", "有", "共有", "还有", "共", "约", "计", "合计", "总计", "累计", "超过", "突破", "增至", "增加到", "提高到",
    "减少到", "降至", "下降", "增长", "提高", "增加", "减少", "在", "占", "至", "到", "由", "从", "对", "把", "将", "了", "的", "和", "与",
    "及", "等", "其中", "全县", "全市", "全镇", "全乡", "全村", "全省", "全区", "我县", "我市", "该村", "该县", "今年", "去年", "目前",
    "截至", "已", "已经", "先后", "分别", "每户", "每人", "每年", "每个", "人均", "户均", "要", "计划", "力争", "预计", "全部", "受益", "用",
    "就", "都", "也", "还", "又", "再", "均", "以", "近", "逾", "超", "让", "使", "给予", "奖励", "补助", "补贴",
];

/// Words that end a subject phrase on its right (after a classifier).
const RIGHT_STOPS: &[&str] = &[
    "的", "和", "与", "及", "在", "全部", "实现", "脱贫", "进行", "开展", "参加", "参与", "享受", "完成", "签约", "得到", "受益", "获得",
    "纳入", "入住", "就业", "已", "均", "都", "共", "累计", "等", "中", "里", "上", "下", "内", "外", "达", "为", "是", "有", "被", "将",
    "要", "，", "、", "。", "；", "：",
];

/// The byte offset `n` characters after `from`.
fn advance(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Kinds whose unit is a classifier followed by the counted noun.
fn counted(q: &Quantity) -> bool {
    matches!(q.kind, Kind::Count | Kind::Households | Kind::People | Kind::Livestock) && q.unit_end > q.unit_start && q.slash_per.is_none()
}

/// The subject of the quantity in `nb`.
pub(super) fn subject(nb: &Neighbourhood<'_>, domain: &AhoCorasick, prev: Option<&Quantity>) -> Option<String> {
    let q = nb.quantity;
    if counted(q) {
        if let Some(s) = noun_after(nb, domain) {
            return Some(s);
        }
        // 26户、61名贫困人口: a count directly followed by another count
        // shares that one's noun.
        if let Some(s) = shared_with_next(nb, domain) {
            return Some(s);
        }
    }
    let start = prev.map_or(nb.clause.0, |p| p.end.max(nb.clause.0)).min(nb.lead);
    noun_before(nb.text, start, nb.lead, domain).or_else(|| if prev.is_none() { None } else { noun_before(nb.text, nb.clause.0, nb.lead, domain) })
}

/// The noun right after the classifier: `个贫困村、` → 贫困村.
fn noun_after(nb: &Neighbourhood<'_>, domain: &AhoCorasick) -> Option<String> {
    let q = nb.quantity;
    let from = q.end;
    let to = nb.clause.1.min(advance(nb.text, from, 8));
    let window = &nb.text[from..to];
    if let Some(m) = domain.find(window) {
        if m.start() == 0 {
            return Some(window[..m.end()].to_string());
        }
    }
    let mut end = 0;
    for (i, c) in window.char_indices() {
        if !is_han(c) && !matches!(c, '“' | '”') || RIGHT_STOPS.iter().any(|w| window[i..].starts_with(w)) {
            break;
        }
        end = i + c.len_utf8();
    }
    let noun = window[..end].trim_matches(|c| c == '“' || c == '”');
    // A domain word inside the run marks where the noun ends.
    let noun = match domain.find(noun) {
        Some(m) if m.start() <= 6 => &noun[..m.end()],
        _ => noun,
    };
    (noun.chars().count() >= 1 && !noun.is_empty() && noun.chars().count() <= 12).then(|| noun.to_string())
}

/// The noun of the quantity right after this one (`26户、61名贫困人口`).
fn shared_with_next(nb: &Neighbourhood<'_>, domain: &AhoCorasick) -> Option<String> {
    let rest = &nb.text[nb.quantity.end..nb.clause.1];
    let rest = rest.strip_prefix('、').unwrap_or(rest);
    let at = nb.quantity.end + (nb.clause.1 - nb.quantity.end - rest.len());
    let n = crate::numbers::scan_number(nb.text, at)?;
    let (unit_end, _) = crate::units::UnitLexicon::builtin().longest_at(nb.text, n.end)?;
    let window = &nb.text[unit_end..nb.clause.1.min(advance(nb.text, unit_end, 8)).max(unit_end)];
    let m = domain.find(window).filter(|m| m.start() == 0)?;
    Some(window[..m.end()].to_string())
}

/// The noun phrase ending at `end`, after the last verb or function word.
fn noun_before(text: &str, start: usize, end: usize, domain: &AhoCorasick) -> Option<String> {
    // The head noun ends at the number and is short: 16 characters of
    // left context are enough to find where it begins.
    let start = start.max(back(text, end, 16));
    let mut window = &text[start..end];
    let spans: Vec<(usize, usize)> = domain.find_iter(window).map(|m| (m.start(), m.end())).collect();
    // Trailing verbs and particles between noun and number: 资金共计, 达到.
    while let Some(n) = stop_suffix(window, 2).filter(|&n| window.len() > n) {
        if spans.iter().any(|&(_, e)| e == window.len()) {
            break;
        }
        window = &window[..window.len() - n];
    }
    let window = window.trim_end_matches(|c: char| !is_han(c) && c != '”' && c != '%');
    let mut begin = 0;
    for (i, c) in window.char_indices().rev() {
        let cut = i + c.len_utf8();
        if !is_han(c) && !matches!(c, '“' | '”') {
            begin = cut;
            break;
        }
        if let Some(n) = stop_suffix(&window[..cut], 4) {
            let at = cut - n;
            if cut < window.len() && !spans.iter().any(|&(s, e)| s < at && at < e) {
                begin = cut;
                break;
            }
        }
    }
    let noun = &window[begin..];
    let noun = &noun[back(noun, noun.len(), 10)..];
    let noun = noun.trim_matches(|c| c == '“' || c == '”');
    (!noun.is_empty()).then(|| noun.to_string())
}

/// The byte offset `n` characters before `end` (or 0).
fn back(text: &str, end: usize, n: usize) -> usize {
    text[..end].char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
}

static STOPS: Lazy<HashSet<&'static str>> = Lazy::new(|| LEFT_STOPS.iter().copied().collect());

/// Byte length of the longest stop word (of at most `max` characters)
/// that `s` ends with.
fn stop_suffix(s: &str, max: usize) -> Option<usize> {
    let starts: Vec<usize> = s.char_indices().rev().take(max).map(|(i, _)| i).collect();
    starts.iter().rev().find(|&&i| STOPS.contains(&s[i..])).map(|&i| s.len() - i)
}
