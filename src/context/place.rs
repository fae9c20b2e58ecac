//! Place: the most specific administrative unit a figure is about.
//!
//! Places are found once per document with the embedded gazetteer. For a
//! quantity, a place named in its clause wins; then scope words (全县, 我市,
//! 全镇, 该村) resolve to the article's county, city, township or village;
//! then the article's main place (from its headline and opening); then the
//! document's.

use super::Neighbourhood;
use crate::gazetteer::{Division, Gazetteer, Level, PlaceMatch};
use crate::lexicon::{find_char, CharSet};
use crate::segment::Segments;
use memchr::memmem;
use once_cell::sync::Lazy;
use std::borrow::Cow;

/// A place as a fact reports it: its name and its division code.
type Named = (Option<Cow<'static, str>>, Option<Cow<'static, str>>);

/// The places of one document.
pub(crate) struct Places {
    matches: Vec<PlaceMatch>,
    /// Main place of each article (index into `matches`).
    article_main: Vec<Option<usize>>,
    /// Start of each article.
    article_start: Vec<usize>,
    /// Whether each match names a place elsewhere (see [`elsewhere`]).
    elsewhere: Vec<bool>,
    document_main: Option<usize>,
    given: Option<Cow<'static, str>>,
    /// Output name and division code of each match, made once.
    names: Vec<Named>,
}

/// How much of an article's opening names its main place, in bytes.
const OPENING: usize = 240;

impl Places {
    /// Finds the places of normalised `text`.
    pub(crate) fn new(text: &str, segs: &Segments, given: Option<&str>) -> Places {
        let mut matches: Vec<PlaceMatch> = Gazetteer::global().find_in(text).into_iter().filter(|m| !m.short || m.level != Level::Province).collect();
        add_villages(text, &mut matches);
        let elsewhere: Vec<bool> = matches.iter().map(|m| elsewhere(text, m)).collect();
        let document_main = most_frequent(&matches, &elsewhere);
        let article_main = segs.articles.iter().map(|a| article_main(&matches, &elsewhere, a.start, a.end).or(document_main)).collect();
        let names = matches
            .iter()
            .map(|m| {
                // Names and codes of the gazetteer are lent, not copied.
                match m.code.and_then(|c| Gazetteer::global().get(c)) {
                    Some(d) => (Some(Cow::Borrowed(d.name)), Some(Cow::Borrowed(d.code_text))),
                    None => (Some(Cow::Owned(m.name.clone())), m.code.map(|c| Cow::Owned(c.to_string()))),
                }
            })
            .collect();
        let article_start = segs.articles.iter().map(|a| a.start).collect();
        Places { matches, article_main, article_start, elsewhere, document_main, given: given.map(|g| Cow::Owned(g.to_string())), names }
    }

    /// The last match of `matches` (indices) that `keep` accepts and that
    /// is not a place elsewhere.
    fn last_of(&self, matches: std::ops::Range<usize>, keep: impl Fn(&PlaceMatch) -> bool) -> Option<usize> {
        matches.rev().find(|&i| keep(&self.matches[i]) && !self.elsewhere[i])
    }

    /// The matches of `matches` (indices) that start at byte `from` or
    /// later: counted from the end, where they are (a fact looks at the
    /// last few places before it, not at the whole document's).
    fn from(&self, matches: std::ops::Range<usize>, from: usize) -> std::ops::Range<usize> {
        let n = self.matches[matches.clone()].iter().rev().take_while(|m| m.start >= from).count();
        matches.end - n..matches.end
    }

    fn named(&self, i: usize) -> Named {
        self.names[i].clone()
    }

    /// Indices of the matches starting before byte `end` (matches are in
    /// text order).
    fn before(&self, end: usize) -> std::ops::Range<usize> {
        0..self.matches.partition_point(|m| m.start < end)
    }

    fn division(&self, i: usize) -> Option<&'static Division> {
        self.matches[i].code.and_then(|c| Gazetteer::global().get(c))
    }

    /// The division of `level` that contains place `i` (or is it).
    fn at_level(&self, i: usize, level: Level) -> Named {
        let g = Gazetteer::global();
        let Some(d) = self.division(i) else { return self.named(i) };
        // Up the parents (a division has one of each level above it), not
        // through a path collected in a vector.
        match std::iter::successors(Some(d), |x| g.parent(x)).find(|p| p.level == level) {
            Some(p) => (Some(Cow::Borrowed(p.name)), Some(Cow::Borrowed(p.code_text))),
            None => self.named(i),
        }
    }
}

/// Village names the gazetteer does not hold: two or three Han characters
/// before 村, standing as a name (after punctuation, a place or a
/// preposition) and not a kind of village (贫困村, 行政村, 全村, 中心村)
/// or a phrase (我们村, 村容村貌, 通村公路).
fn add_villages(text: &str, matches: &mut Vec<PlaceMatch>) {
    const NOT_NAMES: &[char] = &['全', '该', '本', '各', '每', '这', '那', '一', '两', '三', '几', '多', '个', '困', '政', '然', '范', '点', '农', '新', '乡', '镇', '县', '的', '小', '大', '老', '空', '边', '城', '整', '村', '心', '通', '他', '她', '我', '你', '们', '和', '与', '不', '出', '进', '在', '到'];
    // One look a character, where a `&[char]` pattern went through the list.
    static NOT_NAME_SET: Lazy<CharSet> = Lazy::new(|| CharSet::of(NOT_NAMES.iter().copied()));
    let mut found: Vec<PlaceMatch> = Vec::new();
    // 村 found with a two-byte prefilter: `match_indices` tests its last
    // byte, which many Han characters share.
    static VILLAGE: Lazy<memmem::Finder<'static>> = Lazy::new(|| memmem::Finder::new("村"));
    for i in VILLAGE.find_iter(text.as_bytes()) {
        if makes_village_word(&text[i + 3..]) {
            continue;
        }
        for n in [3usize, 2] {
            let Some(start) = i.checked_sub(n * 3) else { continue };
            let Some(name) = text.get(start..i) else { continue };
            if !name.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !NOT_NAME_SET.contains(c)) {
                continue;
            }
            let before = text[..start].chars().next_back();
            let k = matches.partition_point(|m| m.end < start);
            let after_place = matches.get(k).is_some_and(|m| m.end == start);
            // Not after a number: `285座联村电站` counts 联村电站.
            // (Character patterns, not `str::contains`: no search a test.)
            let after_number = before.is_some_and(|c| c.is_ascii_digit() || matches!(c, '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千' | '万'));
            let standalone = !after_number && before.is_none_or(|c| !('\u{4e00}'..='\u{9fff}').contains(&c) || matches!(c, '在' | '到' | '进' | '是' | '了' | '与' | '和' | '、' | '，'));
            if standalone || after_place {
                let covered = matches[k.saturating_sub(1)..(k + 2).min(matches.len())].iter().any(|m| m.start <= start && start < m.end);
                if !covered {
                    found.push(PlaceMatch { start, end: i + 3, name: text[start..i + 3].to_string(), code: None, level: Level::Village, short: false });
                }
                break;
            }
        }
    }
    matches.extend(found);
    matches.sort_by_key(|m| m.start);
}

/// Whether the text `after` a 村 makes it part of a word (村民, 村委, 村级,
/// 村干部, 村里, 村集体, 村医, 村小, 村两委, 村组, 村庄, 村务, 村容, 村规,
/// 村落, 村情, 村寨), not the end of a village name. (One decoding of the
/// next character, where each word was compared in turn.)
fn makes_village_word(after: &str) -> bool {
    let mut cs = after.chars();
    match cs.next() {
        Some('民' | '委' | '级' | '里' | '医' | '小' | '组' | '庄' | '务' | '容' | '规' | '落' | '情' | '寨') => true,
        Some('干') => cs.next() == Some('部'),
        Some('集') => cs.next() == Some('体'),
        Some('两') => cs.next() == Some('委'),
        _ => false,
    }
}

/// A place named as a destination, an origin or one of several places
/// elsewhere (销往兰州市, 来自…, 在兰州、天津等地): not what a figure or an
/// article is about.
fn elsewhere(text: &str, m: &PlaceMatch) -> bool {
    matches!(text[..m.start].chars().next_back(), Some('往' | '到' | '赴' | '至' | '向' | '自' | '从')) || is_listed_elsewhere(text, m.end)
}

/// `兰州、天津等地`: a list of places closed by 等地 (or 等城市, 等省).
fn is_listed_elsewhere(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    // 等 is rare: looked for in the 48 bytes twelve characters can span
    // before the window is cut on characters.
    let mut near = rest.len().min(48);
    while !rest.is_char_boundary(near) {
        near -= 1;
    }
    if find_char(&rest[..near], '等').next().is_none() {
        return false;
    }
    let window = &rest[..rest.char_indices().nth(12).map_or(rest.len(), |(i, _)| i)];
    if !window.contains('等') {
        return false;
    }
    window.find("等地").or_else(|| window.find("等城市")).or_else(|| window.find("等省")).is_some_and(|at| !window[..at].contains(['，', '。', '；']))
}

/// The main place of an article: named most often, a mention in the
/// opening counting double; a county or city before a township; a village
/// only when it is named more than any county (a village story).
fn article_main(matches: &[PlaceMatch], elsewhere: &[bool], start: usize, end: usize) -> Option<usize> {
    let opening = start..(start + OPENING).min(end);
    let mut best: Option<(usize, usize)> = None;
    // Matches are in text order: only the article's are looked at.
    let lo = matches.partition_point(|m| m.start < start);
    let hi = matches.partition_point(|m| m.start < end).max(lo);
    // One vector for the four levels (an allocation each cost more than
    // the few names counted).
    let mut scores: Vec<(&str, usize, usize)> = Vec::new();
    for level in [Level::County, Level::City, Level::Township, Level::Village] {
        scores.clear();
        for (i, m) in matches[lo..hi].iter().enumerate().map(|(j, m)| (lo + j, m)).filter(|&(i, m)| m.level == level && !elsewhere[i]) {
            let w = if opening.contains(&m.start) { 2 } else { 1 };
            match scores.iter_mut().find(|(n, ..)| *n == m.name) {
                Some((_, c, _)) => *c += w,
                None => scores.push((&m.name, w, i)),
            }
        }
        if let Some(&(_, c, i)) = scores.iter().max_by_key(|&&(_, c, i)| (c, usize::MAX - i)) {
            // A township leads only where no county is named; a village
            // where it is named more than anything else, three times or more.
            let leads = match level {
                Level::Township => best.is_none(),
                Level::Village => c >= 3 && best.is_none_or(|(bc, _)| c > bc),
                _ => best.is_none_or(|(bc, _)| c > bc),
            };
            if leads {
                best = Some((c, i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The county (else city) named most often in the document.
fn most_frequent(matches: &[PlaceMatch], elsewhere: &[bool]) -> Option<usize> {
    for level in [Level::County, Level::City] {
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        for (i, m) in matches.iter().enumerate().filter(|&(i, m)| m.level == level && !elsewhere[i]) {
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
pub(super) fn place(nb: &Neighbourhood<'_>, places: &Places) -> Named {
    let article = nb.sentence.article;
    let main = places.article_main.get(article).copied().flatten().or(places.document_main);
    // The rules below look at the places named before the number, from
    // the clause's, the sentence's or a recent start: found once.
    let recent_start = places.article_start[article].max(nb.sentence.start.saturating_sub(CARRY));
    let recent = places.from(places.before(nb.lead), recent_start);
    let in_sentence = places.from(recent.clone(), nb.sentence.start);
    // A place named in the clause, before the number.
    let clause = places.from(in_sentence.clone(), nb.clause.0);
    // Not a destination or origin (销往兰州市, 来自…).
    if let Some(i) = places.last_of(clause, |m| m.level != Level::Province) {
        return places.named(i);
    }
    // A scope word resolves against the article's places.
    if let Some(level) = nb.cues.iter().filter_map(|c| c.role().scope).next_back() {
        if let Some(p) = scoped(nb, places, level, main) {
            return p;
        }
    }
    if let Some(g) = &places.given {
        return (Some(g.clone()), None);
    }
    // A township or village named as the topic of this sentence, before the
    // number, is what the figure is about (罗峪口镇投资…，建成…).
    if let Some(i) = places.last_of(in_sentence, |m| matches!(m.level, Level::Township | Level::Village)) {
        return places.named(i);
    }
    // A township or village named in the sentence just before carries
    // over (a report that goes from one township to the next), unless a
    // county or city is named after it, in this sentence or that one.
    if let Some(i) = places.last_of(recent, |m| m.level != Level::Province) {
        if matches!(places.matches[i].level, Level::Township | Level::Village) {
            return places.named(i);
        }
    }
    match main {
        Some(i) => places.named(i),
        None => (None, None),
    }
}

/// How far back, in bytes, a township or village named before carries.
const CARRY: usize = 150;

fn scoped(nb: &Neighbourhood<'_>, places: &Places, level: Level, main: Option<usize>) -> Option<Named> {
    match level {
        // The article's main place, or else the document's, at that level.
        Level::County | Level::City => [main, places.document_main].into_iter().flatten().find_map(|i| {
            if places.matches[i].level == level {
                return Some(places.named(i));
            }
            let up = places.at_level(i, level);
            up.1.is_some().then_some(up)
        }),
        _ => {
            // The last township or village named before.
            let before = places.before(nb.lead);
            let i = places.matches[before].iter().rposition(|m| m.level == level)?;
            Some(places.named(i))
        }
    }
}
