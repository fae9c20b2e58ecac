//! Per-unit denominators: 每户, 每人每年, 人均, 户均, 亩产, `元/年`.

use std::borrow::Cow;

use super::cues::Cue;
use super::Neighbourhood;
use crate::fact::Kind;
use crate::scan::Quantity;
use crate::units::UnitLexicon;

/// Nouns read after 每 (每个 is followed by them, or stands alone).
const PER_NOUNS: &[&str] = &[
    "行政村", "自然村", "贫困村", "贫困户", "脱贫户", "家庭", "乡镇", "学校", "岗位", "车间", "企业", "合作社", "农户", "学生", "项目", "基地",
    "大棚", "村", "户", "人", "年", "月", "周", "亩", "季度",
];

/// Denominators of the quantity in `nb`. A list item with no new verb
/// (`人均 2亩小杂粮、2亩经济林`) keeps the previous item's. Almost all are
/// words of the lists here or of the cues, lent rather than copied.
pub(super) fn per(nb: &Neighbourhood<'_>, prev: Option<&Quantity>) -> Vec<Cow<'static, str>> {
    let from = prev.map_or(nb.clause.0, |p| p.end.max(nb.clause.0)).min(nb.lead);
    // The growth of a per-head figure (人均收入增长6.5%) is a rate, not a
    // figure per head.
    let percent = nb.quantity.kind == Kind::Percent;
    let counts = |c: &&Cue| !(percent && c.role().head_average);
    let mut out: Vec<Cow<'static, str>> = Vec::new();
    fn push(out: &mut Vec<Cow<'static, str>>, d: Cow<'static, str>) {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    let mut found: Vec<(usize, Cow<'static, str>)> = Vec::new();
    // 人均月收入, 年人均收入: a per-head figure per month or year; the
    // period comes after the head, as in 每人每年. Read in the same pass
    // over the cues, listed after the other denominators.
    let mut periods: Vec<&'static str> = Vec::new();
    for c in nb.cues_before(from).filter(counts) {
        let role = c.role();
        found.extend(role.per.iter().map(|&d| (c.start, Cow::Borrowed(d))));
        if role.each {
            if let Some(d) = after_each(&nb.text[c.end..nb.lead]) {
                found.push((c.start, d));
            }
        }
        if role.head_average {
            periods.extend(period_around(nb.text, c.start, c.end));
        }
    }
    // No 一 in the sentence before the figure (most): no search.
    static YI: once_cell::sync::Lazy<memchr::memmem::Finder<'static>> = once_cell::sync::Lazy::new(|| memchr::memmem::Finder::new("一"));
    if nb.first_yi.get_or_init(|| nb.first_in_sentence(&YI)).is_some_and(|y| y < nb.lead) {
        found.extend(one_unit(nb.text, from, nb.lead).map(|(i, u)| (i, Cow::Borrowed(u))));
    }
    // Most figures have none: no sorting, no moving.
    if !found.is_empty() {
        found.sort_by_key(|f| f.0);
        found.into_iter().for_each(|(_, d)| push(&mut out, d));
    }
    periods.into_iter().for_each(|p| push(&mut out, Cow::Borrowed(p)));
    if out.is_empty() && prev.is_some_and(|p| p.end > nb.clause.0) {
        for c in nb.cues_before(nb.clause.0).filter(counts).filter(|c| c.role().list_per) {
            c.role().per.iter().for_each(|&d| push(&mut out, Cow::Borrowed(d)));
        }
    }
    if let Some(s) = &nb.quantity.slash_per {
        push(&mut out, Cow::Owned(s.clone()));
    }
    out
}

/// `月` or `年` written right after a head average (`人均月收入`), or right
/// before it as a word of its own (`，年人均收入`; not `2020年人均`, `今年人均`).
fn period_around(text: &str, start: usize, end: usize) -> Option<&'static str> {
    let after = text[end..].chars().next();
    let mut before = text[..start].chars().rev();
    let standalone = |b: Option<char>| b.is_none_or(|c| !c.is_alphanumeric());
    let period = |c: char| match c {
        '年' => Some("年"),
        '月' => Some("月"),
        _ => None,
    };
    match after.and_then(period) {
        Some(p) if !["年龄", "年度", "年底", "年末", "月份"].iter().any(|w| text[end..].starts_with(w)) => Some(p),
        _ => before.next().and_then(period).filter(|_| standalone(before.next())),
    }
}

/// The denominator written after 每: `每户`, `每个行政村`, `每公斤`,
/// `每个`.
fn after_each(rest: &str) -> Option<Cow<'static, str>> {
    let noun = rest.strip_prefix('个').unwrap_or(rest);
    if let Some(&n) = PER_NOUNS.iter().find(|n| noun.starts_with(**n)) {
        return Some(Cow::Borrowed(n));
    }
    if rest.starts_with('个') {
        return Some(Cow::Borrowed("个"));
    }
    measure_at(rest).map(|m| Cow::Owned(m.to_string()))
}

/// A unit of measure or classifier opening `s` (`公斤`, `平方米`, `穗`), as
/// written; not a unit of people or money (每名, 每元 are read elsewhere).
fn measure_at(s: &str) -> Option<&str> {
    let (len, entry) = UnitLexicon::builtin().longest_at(s, 0)?;
    (!matches!(entry.kind, Kind::People | Kind::Money | Kind::Percent)).then(|| &s[..len])
}

/// Units that `一` turns into a denominator in speech (`一斤能卖8元`,
/// `一亩地能收入三千元`, `一年能拿到三万元`), like 每.
const ONE_UNITS: &[&str] = &["年", "月", "天", "斤", "公斤", "亩", "头", "只", "袋", "场", "棵", "株", "箱", "吨"];

/// `一` + unit in `text[from..to]`, standing alone (not in `十一`, `一年来`,
/// `一年多`), as `(offset, unit)`.
fn one_unit(text: &str, from: usize, to: usize) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    let window = &text[from..to];
    crate::lexicon::find_char(window, '一').filter_map(move |i| {
        let before = text[..from + i].chars().next_back();
        if before.is_some_and(|c| crate::numbers::may_start_number(c) || c.is_ascii_digit() || matches!(c, '第' | '统' | '唯' | '之' | '单')) {
            return None;
        }
        let rest = &window[i + '一'.len_utf8()..];
        // 一个月五百块: 个 may stand between 一 and a period.
        let rest = rest.strip_prefix('个').filter(|r| r.starts_with(['月', '季'])).unwrap_or(rest);
        let unit = ONE_UNITS.iter().find(|u| rest.starts_with(**u))?;
        let next = rest[unit.len()..].chars().next();
        if next.is_some_and(|c| matches!(c, '来' | '内' | '多' | '半' | '以' | '时' | '中' | '后' | '前' | '度' | '期' | '级' | '代' | '些' | '是') || c.is_ascii_digit()) {
            return None;
        }
        Some((from + i, *unit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 一 + unit found among other characters led by E4 (不, 专, 丰 share
    /// its first byte), and not inside a number or a longer word.
    #[test]
    fn one_unit_finds_standalone_yi() {
        let text = "丰收后一亩地能收三千元，十一月不一样，一年来专一斤";
        assert_eq!(one_unit(text, 0, text.len()).collect::<Vec<_>>(), vec![(text.find("一亩").unwrap(), "亩"), (text.rfind("一斤").unwrap(), "斤")]);
        assert_eq!(one_unit("不专丰", 0, "不专丰".len()).next(), None);
    }
}
