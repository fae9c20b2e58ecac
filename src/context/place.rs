//! Place: the most specific administrative unit a figure is about.
//!
//! An explicit place in the quantity's sentence wins; scope words (全县,
//! 我市, 全镇) resolve to the article's main place of that level; otherwise
//! the article's main place, then the document's.

use super::Neighbourhood;
use crate::segment::Segments;
use once_cell::sync::Lazy;
use regex::Regex;

static PLACE: Lazy<Regex> = Lazy::new(|| Regex::new(r"([\p{Han}]{1,3}?(?:县|市))").unwrap());

/// `(place, division code)` of the quantity in `nb`.
pub(super) fn place(nb: &Neighbourhood<'_>, segs: &Segments, given: Option<&str>) -> (Option<String>, Option<String>) {
    if let Some(p) = given {
        return (Some(p.to_string()), None);
    }
    let art = &segs.articles[nb.sentence.article];
    let body = &nb.text[art.start..art.end];
    (main_place(body).or_else(|| main_place(nb.text)), None)
}

fn main_place(body: &str) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in PLACE.find_iter(body) {
        let s = m.as_str();
        if s.starts_with(['全', '我', '该', '本', '各', '县', '市', '区', '省']) {
            continue;
        }
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(_, n)| n).map(|(s, _)| s.to_string())
}
