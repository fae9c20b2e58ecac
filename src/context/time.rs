//! Time: the year a figure refers to, and the start of a cumulative one.

use super::Neighbourhood;
use memchr::memmem;
use once_cell::sync::Lazy;
use regex::Regex;

static NAME_YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)(?:[-_.]?[01]\d(?:[-_.]?[0-3]\d)?)?(?:[^0-9]|$)").unwrap());

/// The year of a date written `2019`, `2019-06`, `2019-06-21`, `2019/6/21`,
/// `2019年6月`, `20190621` or `201906`, between 1900 and 2200.
pub fn year_of_date(date: &str) -> Option<i32> {
    let d = date.trim();
    let digits = d.len() - d.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &d[digits..];
    let year_digits = match digits {
        4 if rest.is_empty() || rest.starts_with(['-', '/', '.', 'T', ' ', '年']) => &d[..4],
        6 | 8 if rest.is_empty() => &d[..4],
        _ => return None,
    };
    year_digits.parse().ok().filter(|y| (1900..=2200).contains(y))
}

/// The year in a file name: `2019-06-21`, `20190621`, `lvliang_2019`.
pub fn year_from_name(name: &str) -> Option<i32> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    NAME_YEAR.captures(base).and_then(|c| c[1].parse().ok())
}

/// The year a text reports on, read from its own dates: the most named
/// year, where start years (`2014年以来`, `自2020年`,
/// `2016年至`), baselines (`由2020年的`) and goals (`到2025年`) do not count;
/// a tie goes to the later year.
pub fn year_from_text(text: &str) -> Option<i32> {
    let mut scores: Vec<(i32, usize)> = Vec::new();
    // `19xx年` and `20xx年`, found from their 年 (a memchr search), not with
    // a regex: its captures cost several times more on a page of figures.
    static NIAN: Lazy<memmem::Finder<'static>> = Lazy::new(|| memmem::Finder::new("年"));
    let bytes = text.as_bytes();
    for at in NIAN.find_iter(bytes) {
        let Some(digits) = at.checked_sub(4).map(|s| &bytes[s..at]) else { continue };
        if !(digits.iter().all(u8::is_ascii_digit) && matches!(&digits[..2], b"19" | b"20")) {
            continue;
        }
        let (before, after) = (&text[..at - 4], &text[at + '年'.len_utf8()..]);
        let skip_after = ["以来", "至", "到", "—", "-", "~"].iter().any(|w| after.starts_with(w));
        let skip_before = ["自", "由", "从", "到", "至", "为", "较", "比", "于"].iter().any(|w| before.ends_with(w));
        if skip_after || skip_before {
            continue;
        }
        let y = digits.iter().fold(0, |y, d| 10 * y + (d - b'0') as i32);
        let weight = 1;
        match scores.iter_mut().find(|(k, _)| *k == y) {
            Some((_, n)) => *n += weight,
            None => scores.push((y, weight)),
        }
    }
    scores.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y)
}

/// `(year, since)` of the quantity in `nb`; `section` is the year of the
/// section heading it falls under (`一、2021年工作回顾`), if any.
pub(super) fn year_since(nb: &Neighbourhood<'_>, ref_year: Option<i32>, section: Option<i32>) -> (Option<i32>, Option<i32>) {
    let from = nb.sentence.start;
    let since = since(nb, ref_year);
    // The nearest explicit or relative year before the quantity, but not a
    // baseline of comparison (较2019年增长, 比上年提高).
    let baseline = |s: usize| nb.text[..s].ends_with(['较', '比', '同']);
    let explicit = nb
        .years
        .iter()
        .rfind(|&&(s, e, _)| s >= from && e <= nb.lead && !nb.text[e..].starts_with("以来") && !baseline(s))
        .map(|&(_, e, y)| (e, Some(y)));
    let mut relative: Option<(usize, Option<i32>)> = None;
    let mut last_start = 0;
    for c in nb.cues {
        let Some(d) = c.role().relative else { continue };
        // 去年底: 年底 inside 去年底 adds nothing.
        if c.start < last_start || baseline(c.start) || left_behind(nb, c.start, c.end) {
            continue;
        }
        if relative.is_none_or(|r| c.end > r.0) {
            relative = Some((c.end, ref_year.map(|y| y + d)));
        }
        last_start = c.end;
    }
    let year = match (explicit, relative) {
        (Some(e), Some(r)) => if e.0 >= r.0 { e.1 } else { r.1 },
        (Some(e), None) => e.1,
        (None, Some(r)) => r.1,
        (None, None) => {
            // “十三五”期间: the plan period's end year, and its start.
            if let Some((first, last)) = plan_period(nb) {
                let end = ref_year.map_or(last, |r| r.min(last));
                return (Some(end), since.or(Some(first)));
            }
            section.or(ref_year)
        }
    };
    match since {
        Some(_) => (ref_year.or(year), since),
        None => (year, since),
    }
}

/// `由去年的9356元增加到10452元`: a relative year after 由 or 从 dates the
/// starting figure, not the one after 到.
fn left_behind(nb: &Neighbourhood<'_>, start: usize, end: usize) -> bool {
    nb.text[..start].ends_with(['由', '从']) && nb.text[end..nb.lead].contains(['到', '至'])
}

/// Five-year plan periods and their years.
const PLAN_PERIODS: &[(&str, i32)] = &[("十一五", 2006), ("十二五", 2011), ("十三五", 2016), ("十四五", 2021), ("十五五", 2026)];

/// The first and last year of a five-year plan named as a time before the
/// quantity in its sentence: `“十三五”期间`, `十四五时期`, `“十三五”以来`.
fn plan_period(nb: &Neighbourhood<'_>) -> Option<(i32, i32)> {
    // No 五 before the number: no plan named.
    static WU: Lazy<memmem::Finder<'static>> = Lazy::new(|| memmem::Finder::new("五"));
    nb.first_wu.get_or_init(|| nb.first_in_sentence(&WU)).filter(|&w| w < nb.lead)?;
    let window = &nb.text[nb.sentence.start..nb.lead];
    // Where each name first ends, found from the 五 that ends them all
    // (one search, where a substring search per name cost more).
    let mut ends = [None; PLAN_PERIODS.len()];
    for at in crate::lexicon::find_char(window, '五') {
        if let Some(k) = PLAN_PERIODS.iter().position(|(name, _)| window[..at + '五'.len_utf8()].ends_with(name)) {
            ends[k].get_or_insert(at + '五'.len_utf8());
        }
    }
    PLAN_PERIODS.iter().zip(ends).find_map(|(&(_, first), end)| {
        let after = window[end?..].trim_start_matches(['”', '"', '’']);
        ["期间", "时期", "以来", "末"].iter().any(|w| after.starts_with(w)).then_some((first, first + 4))
    })
}

/// `2014年以来`, `五年来`, `去年以来`.
fn since(nb: &Neighbourhood<'_>, ref_year: Option<i32>) -> Option<i32> {
    for c in nb.cues.iter().rev() {
        let role = c.role();
        if role.since {
            if nb.text[..c.start].ends_with("去年") {
                return ref_year.map(|y| y - 1);
            }
            // 2014年以来, 自2005年商标注册以来: a year shortly before 以来.
            let near = nb.years.iter().rfind(|&&(_, e, _)| e <= c.start && c.start - e <= 36 && !nb.text[e..c.start].contains(['，', '。', '；']));
            if let Some(&(_, _, y)) = near {
                if Some(y) != ref_year {
                    return Some(y);
                }
            }
        }
        if let Some(n) = role.years_back {
            return ref_year.map(|y| y - n + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_names() {
        assert_eq!(year_from_name("archive/2019-06-21_page3.txt"), Some(2019));
        assert_eq!(year_from_name("lvliang_20190621.txt"), Some(2019));
        assert_eq!(year_from_name("page_07.txt"), None);
    }

    #[test]
    fn year_of_a_text() {
        assert_eq!(year_from_text("2019年是关键之年，2019年要脱贫，2018年已完成"), Some(2019));
        assert_eq!(year_from_text("2021年3月5日召开。自2015年以来，由2016年的3万元，到2025年"), Some(2021));
        assert_eq!(year_from_text("没有年份"), None);
        // Four digits before 年, whatever comes before them; not 18xx, not 3 digits.
        assert_eq!(year_from_text("编号12019年、1850年、205年"), Some(2019));
        assert_eq!(year_from_text("年2020"), None);
    }
}
