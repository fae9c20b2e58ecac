//! Time: the year a figure refers to, and the start of a cumulative one.

use super::Neighbourhood;
use once_cell::sync::Lazy;
use regex::Regex;

static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"((?:19|20)\d\d)年").unwrap());
static NAME_YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)(?:[-_.]?[01]\d(?:[-_.]?[0-3]\d)?)?(?:[^0-9]|$)").unwrap());
static SINCE: Lazy<Regex> = Lazy::new(|| Regex::new(r"((?:19|20)\d\d)年(?:[^，。；]{0,12})?以来").unwrap());

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
    for c in YEAR.captures_iter(text) {
        let m = c.get(0).unwrap();
        let (before, after) = (&text[..m.start()], &text[m.end()..]);
        let skip_after = ["以来", "至", "到", "—", "-", "~"].iter().any(|w| after.starts_with(w));
        let skip_before = ["自", "由", "从", "到", "至", "为", "较", "比", "于"].iter().any(|w| before.ends_with(w));
        if skip_after || skip_before {
            continue;
        }
        let Ok(y) = c[1].parse::<i32>() else { continue };
        let weight = 1;
        match scores.iter_mut().find(|(k, _)| *k == y) {
            Some((_, n)) => *n += weight,
            None => scores.push((y, weight)),
        }
    }
    scores.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y)
}

/// Relative year words and their offset from the reference year.
const RELATIVE: &[(&str, i32)] = &[("今年", 0), ("年内", 0), ("年底", 0), ("本年", 0), ("当年", 0), ("去年", -1), ("上年", -1), ("上一年", -1), ("明年", 1), ("前年", -2)];

/// `(year, since)` of the quantity in `nb`.
pub(super) fn year_since(nb: &Neighbourhood<'_>, ref_year: Option<i32>) -> (Option<i32>, Option<i32>) {
    let sentence = &nb.text[nb.sentence.start..nb.lead];
    let since = since(sentence, ref_year);
    // The nearest explicit or relative year before the quantity.
    let explicit = YEAR
        .captures_iter(sentence)
        .filter(|c| !sentence[c.get(0).unwrap().end()..].starts_with("以来"))
        .last()
        .map(|c| (c.get(0).unwrap().end(), c[1].parse::<i32>().ok()));
    let relative = RELATIVE.iter().filter_map(|(w, d)| sentence.rfind(w).map(|i| (i + w.len(), ref_year.map(|y| y + d)))).max_by_key(|x| x.0);
    let year = match (explicit, relative) {
        (Some(e), Some(r)) => if e.0 >= r.0 { e.1 } else { r.1 },
        (Some(e), None) => e.1,
        (None, Some(r)) => r.1,
        (None, None) => ref_year,
    };
    let year = match (since, year) {
        (Some(_), _) => ref_year.or(year),
        _ => year,
    };
    (year, since)
}

/// `2014年以来`, `五年来`, `去年以来`.
fn since(sentence: &str, ref_year: Option<i32>) -> Option<i32> {
    if let Some(c) = SINCE.captures_iter(sentence).last() {
        let y: i32 = c[1].parse().ok()?;
        if Some(y) != ref_year {
            return Some(y);
        }
    }
    if sentence.contains("去年以来") {
        return ref_year.map(|y| y - 1);
    }
    for (w, n) in [("五年来", 5), ("三年来", 3), ("四年来", 4), ("六年来", 6), ("两年来", 2), ("十年来", 10)] {
        if sentence.contains(w) {
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
    }
}
