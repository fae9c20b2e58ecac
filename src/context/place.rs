//! Place: the most specific administrative unit a figure is about.
//!
//! Places are found once per document with the embedded gazetteer. For a
//! quantity, a place named in its clause wins; then scope words (全县, 我市,
//! 全镇, 该村) resolve to the article's county, city, township or village;
//! then the article's main place (from its headline and opening); then the
//! document's.

use super::Neighbourhood;
use crate::gazetteer::{Division, Gazetteer, Level, PlaceMatch};
use crate::segment::Segments;

/// The places of one document.
pub(crate) struct Places {
    matches: Vec<PlaceMatch>,
    /// Main place of each article (index into `matches`).
    article_main: Vec<Option<usize>>,
    document_main: Option<usize>,
    given: Option<String>,
}

/// How much of an article's opening names its main place, in bytes.
const OPENING: usize = 240;

impl Places {
    /// Finds the places of normalised `text`.
    pub(crate) fn new(text: &str, segs: &Segments, given: Option<&str>) -> Places {
        let matches: Vec<PlaceMatch> = Gazetteer::global().find_in(text).into_iter().filter(|m| !m.short || m.level != Level::Province).collect();
        let document_main = most_frequent(&matches, 0..text.len());
        let article_main = segs.articles.iter().map(|a| article_main(&matches, a.start, a.end).or(document_main)).collect();
        Places { matches, article_main, document_main, given: given.map(str::to_string) }
    }

    fn named(&self, i: usize) -> (Option<String>, Option<String>) {
        let m = &self.matches[i];
        let d = m.code.and_then(|c| Gazetteer::global().get(c));
        (Some(d.map_or(m.name.clone(), |d| d.name.to_string())), m.code.map(|c| c.to_string()))
    }

    fn division(&self, i: usize) -> Option<&'static Division> {
        self.matches[i].code.and_then(|c| Gazetteer::global().get(c))
    }

    /// The division of `level` that contains place `i` (or is it).
    fn at_level(&self, i: usize, level: Level) -> (Option<String>, Option<String>) {
        let g = Gazetteer::global();
        let Some(d) = self.division(i) else { return self.named(i) };
        match g.path(d).into_iter().find(|p| p.level == level) {
            Some(p) => (Some(p.name.to_string()), Some(p.code.to_string())),
            None => self.named(i),
        }
    }
}

/// The main place of an article: named most often, a mention in the
/// opening counting double; a county or city before a township.
fn article_main(matches: &[PlaceMatch], start: usize, end: usize) -> Option<usize> {
    let opening = start..(start + OPENING).min(end);
    let mut best: Option<(usize, usize)> = None;
    for level in [Level::County, Level::City, Level::Township] {
        let mut scores: Vec<(&str, usize, usize)> = Vec::new();
        for (i, m) in matches.iter().enumerate().filter(|(_, m)| (start..end).contains(&m.start) && m.level == level) {
            let w = if opening.contains(&m.start) { 2 } else { 1 };
            match scores.iter_mut().find(|(n, ..)| *n == m.name) {
                Some((_, c, _)) => *c += w,
                None => scores.push((&m.name, w, i)),
            }
        }
        if let Some(&(_, c, i)) = scores.iter().max_by_key(|&&(_, c, i)| (c, usize::MAX - i)) {
            // A township leads only where no county is named.
            if best.is_none_or(|(bc, _)| level != Level::Township && c > bc) {
                best = Some((c, i));
            }
        }
    }
    best.map(|(_, i)| i)
}

fn most_frequent(matches: &[PlaceMatch], range: std::ops::Range<usize>) -> Option<usize> {
    for level in [Level::County, Level::City] {
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        for (i, m) in matches.iter().enumerate().filter(|(_, m)| range.contains(&m.start) && m.level == level) {
            match counts.iter_mut().find(|(n, ..)| *n == m.name) {
                Some((_, c, _)) => *c += 1,
                None => counts.push((&m.name, 1, i)),
            }
        }
        if let Some(&(_, _, i)) = counts.iter().max_by_key(|&&(_, c, i)| (c, usize::MAX - i)) {
            return Some(i);
        }
    }
    None
}

/// `(place, division code)` of the quantity in `nb`.
pub(super) fn place(nb: &Neighbourhood<'_>, places: &Places) -> (Option<String>, Option<String>) {
    let article = nb.sentence.article;
    let main = places.article_main.get(article).copied().flatten().or(places.document_main);
    // A place named in the clause, before the number.
    let clause = nb.clause.0..nb.lead;
    if let Some(i) = places.matches.iter().rposition(|m| clause.contains(&m.start) && m.level != Level::Province) {
        return places.named(i);
    }
    // A scope word resolves against the article's places.
    if let Some(level) = nb.cues_before(nb.sentence.start).filter_map(|c| c.role().scope).last() {
        if let Some(p) = scoped(nb, places, level, main) {
            return p;
        }
    }
    if let Some(g) = &places.given {
        return (Some(g.clone()), None);
    }
    match main {
        Some(i) => places.named(i),
        None => (None, None),
    }
}

fn scoped(nb: &Neighbourhood<'_>, places: &Places, level: Level, main: Option<usize>) -> Option<(Option<String>, Option<String>)> {
    match level {
        Level::County | Level::City => {
            let i = main?;
            if places.matches[i].level == level {
                return Some(places.named(i));
            }
            let up = places.at_level(i, level);
            up.1.is_some().then_some(up)
        }
        _ => {
            // The last township or village named before.
            let i = places.matches.iter().rposition(|m| m.start < nb.lead && m.level == level)?;
            Some(places.named(i))
        }
    }
}
