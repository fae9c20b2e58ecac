//! Page structure: articles, sentences and clauses.
//!
//! OCR pages wrap lines every ~20 characters, so a line break is a
//! sentence boundary only after final punctuation or when the line is
//! clearly shorter than the page's wrap width (a headline, a byline).

use crate::extractor::CharOffsets;
use crate::normalize::Normalized;
use crate::swar;
use memchr::memmem;
use once_cell::sync::Lazy;
use serde::Serialize;

/// A span in normalised text, with the article it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub article: usize,
}

/// The segmentation of a normalised document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Segments {
    pub articles: Vec<ArticleSpan>,
    pub sentences: Vec<Span>,
    /// Every clause separator (`，：；,:。！？`) of the text, as ascending
    /// byte ranges. The sentence pass meets them among the marks found by
    /// normalisation and notes them, so that the clause of each quantity is
    /// a look-up, not a search.
    separators: Vec<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ArticleSpan {
    pub start: usize,
    pub end: usize,
    /// The first line when it reads as a headline.
    pub headline: Option<(usize, usize)>,
}

/// An article of a page, with offsets into the original text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Article {
    /// Start in characters of the original.
    pub start: usize,
    /// End in characters (exclusive).
    pub end: usize,
    /// Start in bytes.
    pub byte_start: usize,
    /// End in bytes.
    pub byte_end: usize,
    /// Its headline, OCR whitespace removed, when one was recognised.
    pub headline: Option<String>,
}

/// A sentence, with offsets into the original text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sentence {
    /// Start in characters of the original.
    pub start: usize,
    /// End in characters (exclusive).
    pub end: usize,
    /// Start in bytes.
    pub byte_start: usize,
    /// End in bytes.
    pub byte_end: usize,
    /// Index of its article.
    pub article: usize,
    /// The text, OCR whitespace removed.
    pub text: String,
}

impl ArticleSpan {
    pub(crate) fn with_original(self, norm: &Normalized<'_>, offs: &mut CharOffsets<'_>) -> Article {
        let (bs, be) = norm.orig_range(self.start, self.end);
        Article {
            start: offs.char_at(bs),
            end: offs.char_at(be),
            byte_start: bs,
            byte_end: be,
            headline: self.headline.map(|(s, e)| norm.text()[s..e].to_string()),
        }
    }
}

impl Span {
    pub(crate) fn with_original(self, norm: &Normalized<'_>, offs: &mut CharOffsets<'_>) -> Sentence {
        let (bs, be) = norm.orig_range(self.start, self.end);
        Sentence {
            start: offs.char_at(bs),
            end: offs.char_at(be),
            byte_start: bs,
            byte_end: be,
            article: self.article,
            text: norm.text()[self.start..self.end].to_string(),
        }
    }
}

/// Sentence-final punctuation. (Patterns are functions: `matches!` compiles
/// to a few comparisons, where a `&[char]` pattern loops over the slice.)
fn is_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Closing quotes and brackets after final punctuation: the definition
/// that [`closer_len`] and [`line_end`], which compare bytes, are tested
/// against.
#[cfg(test)]
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '）' | ')')
}

/// A line of the original, as a normalised range.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    /// Length in characters.
    chars: usize,
}

fn lines(norm: &Normalized<'_>) -> Vec<Line> {
    let mut out = Vec::with_capacity(norm.breaks().len() + 1);
    let mut start = 0;
    for &(at, _) in norm.breaks() {
        let at = at as usize;
        if at > start {
            out.push(Line { start, end: at, chars: swar::char_count(&norm.text().as_bytes()[start..at]) });
        }
        start = at;
    }
    if norm.text().len() > start {
        out.push(Line { start, end: norm.text().len(), chars: swar::char_count(&norm.text().as_bytes()[start..]) });
    }
    out
}

/// The wrap width around each line: the median length of its neighbours
/// (pages mix wrapped columns with unwrapped paragraphs). The window of up to
/// 13 lengths is kept sorted as it slides, rather than sorted per line.
fn local_widths(lines: &[Line]) -> Vec<usize> {
    let mut window = Window::default();
    for l in &lines[..lines.len().min(6)] {
        window.insert(l.chars);
    }
    (0..lines.len())
        .map(|i| {
            // Window: lines i-6 ..= i+6.
            match (i.checked_sub(7).map(|k| lines[k].chars), lines.get(i + 6)) {
                (Some(out), Some(l)) => window.replace(out, l.chars),
                (Some(out), None) => window.remove(out),
                (None, Some(l)) => window.insert(l.chars),
                (None, None) => {}
            }
            window.median().max(8)
        })
        .collect()
}

/// Up to 13 line lengths, sorted (a fixed array: no allocation, and
/// insertion by shifting is cheapest at this size).
#[derive(Default)]
struct Window {
    v: [usize; 13],
    n: usize,
}

impl Window {
    fn insert(&mut self, x: usize) {
        let mut k = self.n;
        while k > 0 && self.v[k - 1] > x {
            self.v[k] = self.v[k - 1];
            k -= 1;
        }
        self.v[k] = x;
        self.n += 1;
    }

    fn remove(&mut self, x: usize) {
        let Some(mut k) = self.v[..self.n].iter().position(|&y| y == x) else { return };
        while k + 1 < self.n {
            self.v[k] = self.v[k + 1];
            k += 1;
        }
        self.n -= 1;
    }

    /// Removes `x` and inserts `y`: `y` slides from `x`'s place, shifting
    /// only the lengths between the two (none when they are equal, as
    /// neighbouring lines of a column mostly are).
    fn replace(&mut self, x: usize, y: usize) {
        // `x` is in the window (it was inserted seven lines ago): an equal
        // `y` takes its place, and nothing moves.
        if x == y {
            return;
        }
        // (On the window's slice, the shifts need no bounds checks.)
        let v = &mut self.v[..self.n];
        let Some(mut k) = v.iter().position(|&e| e == x) else {
            return self.insert(y);
        };
        while k > 0 && v[k - 1] > y {
            v[k] = v[k - 1];
            k -= 1;
        }
        while k + 1 < v.len() && v[k + 1] < y {
            v[k] = v[k + 1];
            k += 1;
        }
        v[k] = y;
    }

    fn median(&self) -> usize {
        self.v[self.n / 2]
    }
}

/// How a line ends, before closing quotes and brackets.
#[derive(Clone, Copy, PartialEq)]
enum LineEnd {
    /// Sentence-final punctuation ([`is_final`]).
    Final,
    /// A full-width colon `：`.
    Colon,
    Other,
}

/// The length of the closing quote or bracket ([`is_closer`]) that `b`
/// starts with, told on its bytes.
fn closer_len(b: &[u8]) -> Option<usize> {
    match b {
        [b')', ..] => Some(1),
        // ” E2 80 9D, ’ E2 80 99, 」 E3 80 8D, ） EF BC 89.
        [0xE2, 0x80, 0x9D | 0x99, ..] | [0xE3, 0x80, 0x8D, ..] | [0xEF, 0xBC, 0x89, ..] => Some(3),
        _ => None,
    }
}

/// How the line `s` ends, told on its last bytes: the closers (`”’」）)`)
/// stripped and the mark before them compared as bytes, where trimming
/// by characters decoded each one.
fn line_end(s: &str) -> LineEnd {
    let mut b = s.as_bytes();
    loop {
        b = match b {
            [rest @ .., b')'] => rest,
            // ” E2 80 9D, ’ E2 80 99, 」 E3 80 8D, ） EF BC 89.
            [rest @ .., 0xE2, 0x80, 0x9D | 0x99] | [rest @ .., 0xE3, 0x80, 0x8D] | [rest @ .., 0xEF, 0xBC, 0x89] => rest,
            _ => break,
        };
    }
    match b {
        // 。 E3 80 82; ！ EF BC 81, ？ EF BC 9F, ； EF BC 9B.
        [.., b'!' | b'?' | b';'] | [.., 0xE3, 0x80, 0x82] | [.., 0xEF, 0xBC, 0x81 | 0x9F | 0x9B] => LineEnd::Final,
        [.., 0xEF, 0xBC, 0x9A] => LineEnd::Colon,
        _ => LineEnd::Other,
    }
}

/// A line `s` of `n` characters that ends a paragraph: final punctuation,
/// or clearly short. `first`: its first character.
fn ends_paragraph(s: &str, first: Option<char>, end: LineEnd, n: usize, width: usize) -> bool {
    end == LineEnd::Final || end == LineEnd::Colon && n < width || n * 10 < width * 7 || n <= 30 && is_numbered_heading(s, first)
}

/// `一、2021年工作回顾`, `（二）产业发展`, `3．民生保障`: a numbered heading
/// on its own line (no final punctuation, short). `first`: its first
/// character (decoded once for all the tests of a line).
fn is_numbered_heading(s: &str, first: Option<char>) -> bool {
    let numeral = |c: char| matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十') || c.is_ascii_digit();
    // Most lines start with neither a bracket nor a numeral.
    if !first.is_some_and(|c| matches!(c, '（' | '(') || numeral(c)) {
        return false;
    }
    let rest = s.trim_start_matches(['（', '(']);
    if !rest.starts_with(numeral) {
        return false;
    }
    let body = rest.trim_start_matches(numeral);
    let mark = body.chars().next();
    let after_mark = body.chars().nth(1);
    // `2.3万户` is a number, not item 2.
    let decimal = matches!(mark, Some('.' | '．')) && after_mark.is_some_and(|c| c.is_ascii_digit());
    let numbered = body.len() < rest.len() && matches!(mark, Some('、' | '）' | ')' | '.' | '．')) && !decimal;
    // `（二）做强产业。力争…`: a sentence inside makes it a paragraph.
    numbered && s.chars().count() <= 30 && !s.contains(is_final) && !s.contains(['，', ','])
}

/// Opening words of a new article.
fn opens_article(s: &str) -> bool {
    s.starts_with("本报讯") || s.starts_with("本报") && s.find('讯').is_some_and(|i| i < 30)
}

/// A byline line: `（张三）`, `□张三`, `记者张三王五`. (Told apart by the
/// first character `first`: one decoding, not a comparison for each opening.)
fn is_byline(s: &str, first: Option<char>, n: usize) -> bool {
    match first {
        Some('□') => n <= 12,
        Some('（' | '(') => (s.ends_with('）') || s.ends_with(')')) && n <= 14 && !s.contains('，'),
        Some('记') => s.starts_with("记者") && n <= 16 && !s.contains('，'),
        Some('通') => s.starts_with("通讯员") && n <= 16,
        _ => false,
    }
}

/// A body line closed by a byline: `…精神。（白旭平 王利宏）`.
fn ends_with_byline(s: &str) -> bool {
    let Some(open) = s.rfind(['（', '(']) else { return false };
    let inner = s[open..].trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    (s.ends_with('）') || s.ends_with(')'))
        && s[..open].ends_with(is_final)
        && (2..=12).contains(&inner.chars().count())
        && inner.chars().all(|c| c == ' ' || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A page-furniture line: `（下转4版）`, `图为…`, `合办：…`. `continued`:
/// whether the line contains `下转` ([`Continued`]); `first`: its first
/// character.
fn is_furniture(s: &str, first: Option<char>, n: usize, continued: bool) -> bool {
    match first {
        _ if n <= 10 && continued => true,
        Some('上') => n <= 10 && s.starts_with("上接"),
        Some('合') => s.starts_with("合办"),
        Some('图') => s.starts_with("图为") && !s.ends_with(is_final),
        _ => false,
    }
}

/// Where `下转` (continued on page…) stands in a text: looked for once in
/// the whole text, then asked line by line, in order. (Looking in every
/// line cost a search per line and, as the word's bytes are common in Han
/// characters, many false starts.)
struct Continued {
    at: Vec<usize>,
    next: usize,
}

/// `下转` as bytes.
const CONTINUED: &str = "下转";

impl Continued {
    fn new(text: &str) -> Continued {
        // memchr's finder tests two bytes at once; `下转` cannot overlap
        // itself, so its matches are the word's occurrences.
        static FINDER: Lazy<memmem::Finder<'static>> = Lazy::new(|| memmem::Finder::new(CONTINUED));
        Continued { at: FINDER.find_iter(text.as_bytes()).collect(), next: 0 }
    }

    /// Whether `下转` lies within `start..end`; ranges must come in text order.
    fn within(&mut self, start: usize, end: usize) -> bool {
        while self.at.get(self.next).is_some_and(|&p| p < start) {
            self.next += 1;
        }
        self.at.get(self.next).is_some_and(|&p| p + CONTINUED.len() <= end)
    }
}

/// Splits a normalised page into articles and sentences.
pub(crate) fn segment(norm: &Normalized<'_>) -> Segments {
    let text = norm.text();
    let lines = lines(norm);
    let widths = local_widths(&lines);
    let mut articles: Vec<ArticleSpan> = Vec::new();
    let mut cuts: Vec<usize> = Vec::with_capacity(lines.len()); // sentence boundaries from layout
    let mut prev_ended = true;
    let mut body_seen = false;
    let mut closed = false;
    let mut continued = Continued::new(text);
    for (l, &width) in lines.iter().zip(&widths) {
        let s = &text[l.start..l.end];
        let has_continued = continued.within(l.start, l.end);
        let (first, end) = (s.chars().next(), line_end(s));
        let para_end = ends_paragraph(s, first, end, l.chars, width);
        let furniture = is_furniture(s, first, l.chars, has_continued) || is_byline(s, first, l.chars);
        // A numbered heading (`三、重点工作`) heads a section, not a new article.
        let headline_like = prev_ended && para_end && l.chars <= 40 && !furniture && end != LineEnd::Final && !is_numbered_heading(s, first);
        let starts_new = articles.is_empty() || body_seen && (prev_ended && opens_article(s) || headline_like || closed && !furniture);
        if starts_new {
            articles.push(ArticleSpan { start: l.start, end: text.len(), headline: None });
            body_seen = false;
        }
        if headline_like && !body_seen {
            if let Some(a) = articles.last_mut() {
                a.headline.get_or_insert((l.start, l.end));
            }
        } else if !furniture {
            body_seen = true;
        }
        if para_end {
            cuts.push(l.end);
        }
        if starts_new {
            closed = false;
        }
        // `……精神。（白旭平 王利宏）` or `（下转4版）`: the article ends here.
        // (Two byte comparisons: a set of characters decodes the last one.)
        closed |= body_seen && ((s.ends_with('）') || s.ends_with(')')) && ends_with_byline(s) || has_continued);
        prev_ended = para_end;
    }
    for w in 1..articles.len() {
        articles[w - 1].end = articles[w].start;
    }
    // About one separator in 30 bytes.
    let mut separators = Vec::with_capacity(text.len() / 24);
    let sentences = sentences(text, norm.marks(), &cuts, &articles, &mut separators);
    Segments { articles, sentences, separators }
}

/// The sentences of `text`, cut at layout `cuts` and at the final marks
/// among `marks` ([`Normalized::marks`]), noting its clause separators on
/// the way.
fn sentences(text: &str, marks: &[u32], cuts: &[usize], articles: &[ArticleSpan], separators: &mut Vec<(u32, u32)>) -> Vec<Span> {
    // A sentence ends at each layout cut or final mark (about one in 40 bytes).
    let mut out = Vec::with_capacity(cuts.len() + text.len() / 40);
    let mut start = 0;
    let mut cut_iter = cuts.iter().peekable();
    let mut art = 0;
    let mut push = |s: usize, e: usize, out: &mut Vec<Span>| {
        if e > s {
            while art + 1 < articles.len() && articles[art + 1].start <= s {
                art += 1;
            }
            out.push(Span { start: s, end: e, article: art });
        }
    };
    let mut marks = marks.iter();
    loop {
        let stop = next_final_among(text.as_bytes(), &mut marks, separators);
        // Layout cuts up to here first.
        let limit = stop.map_or(text.len(), |(i, _)| i);
        while cut_iter.peek().is_some_and(|&&k| k <= limit) {
            let k = *cut_iter.next().unwrap();
            if k > start {
                push(start, k, &mut out);
                start = k;
            }
        }
        let Some((i, len)) = stop else { break };
        let mut e = i + len;
        while let Some(n) = closer_len(&text.as_bytes()[e..]) {
            e += n;
        }
        push(start, e, &mut out);
        start = e;
    }
    push(start, text.len(), &mut out);
    out
}

/// The next sentence-final mark (`。！？；!?;`) among the candidate `marks`:
/// its offset and length. Every clause separator up to it (itself
/// included) goes into `separators`.
fn next_final_among(bytes: &[u8], marks: &mut std::slice::Iter<'_, u32>, separators: &mut Vec<(u32, u32)>) -> Option<(usize, usize)> {
    marks.find_map(|&at| {
        let at = at as usize;
        let mark = mark_at(bytes, at)?;
        if mark.ends_clause {
            separators.push((at as u32, (at + mark.len) as u32));
        }
        mark.ends_sentence.then_some((at, mark.len))
    })
}

/// A sentence-final mark or clause separator.
#[derive(Clone, Copy)]
struct Mark {
    len: usize,
    ends_sentence: bool,
    ends_clause: bool,
}

/// The mark at byte `i`, one of the marks that normalisation notes
/// ([`Normalized::marks`] holds nothing else): told by its first byte, or
/// for the CJK marks by their last, which differs among them.
fn mark_at(bytes: &[u8], i: usize) -> Option<Mark> {
    let (len, ends_sentence, ends_clause) = match bytes[i] {
        b'!' | b'?' | b';' => (1, true, false),
        b',' | b':' => (1, false, true),
        // 。 E3 80 82; ！ EF BC 81, ？ EF BC 9F, ； EF BC 9B.
        _ => match bytes.get(i + 2) {
            Some(0x82 | 0x81 | 0x9F | 0x9B) => (3, true, true),
            // ， EF BC 8C, ： EF BC 9A.
            Some(0x8C | 0x9A) => (3, false, true),
            _ => return None,
        },
    };
    Some(Mark { len, ends_sentence, ends_clause })
}

impl Segments {
    /// The clause around `pos..pos_end` inside `sentence`, cut at `，` `：`
    /// `；` (and the other separators).
    pub(crate) fn clause_bounds(&self, sentence: &Span, pos: usize, pos_end: usize) -> (usize, usize) {
        let seps = &self.separators;
        let end_from = pos_end.clamp(pos, sentence.end);
        // The last separator before `pos` opens the clause, if it is in the
        // sentence; the first from `end_from` closes it.
        let after = seps.partition_point(|&(s, _)| (s as usize) < pos);
        let start = match after.checked_sub(1).map(|k| seps[k]) {
            Some((s, e)) if s as usize >= sentence.start => e as usize,
            _ => sentence.start,
        };
        let end = seps[after..].iter().map(|&(s, _)| s as usize).find(|&s| s >= end_from).map_or(sentence.end, |s| s.min(sentence.end));
        (start, end)
    }
}

/// The marks of `text`, which must need no normalisation.
#[cfg(test)]
fn marks_of(text: &str) -> Vec<u32> {
    let norm = Normalized::new(text);
    assert_eq!(norm.text(), text, "a test text to normalise");
    norm.marks().to_vec()
}

/// The next sentence-final mark from byte `from` of a text.
#[cfg(test)]
fn next_final(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let marks = marks_of(std::str::from_utf8(bytes).expect("a text"));
    let after = marks.partition_point(|&m| (m as usize) < from);
    next_final_among(bytes, &mut marks[after..].iter(), &mut Vec::new())
}

/// [`Segments::clause_bounds`] on the separators of `text`.
#[cfg(test)]
fn clause_bounds(text: &str, sentence: &Span, pos: usize, pos_end: usize) -> (usize, usize) {
    let marks = marks_of(text);
    let mut separators = Vec::new();
    let mut marks = marks.iter();
    while next_final_among(text.as_bytes(), &mut marks, &mut separators).is_some() {}
    Segments { separators, ..Segments::default() }.clause_bounds(sentence, pos, pos_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_widths_are_window_medians() {
        let mut x = 7usize;
        let lines: Vec<Line> = (0..200)
            .map(|_| {
                x = (x * 1103515245 + 12345) % 2147483648;
                Line { start: 0, end: 0, chars: x % 40 }
            })
            .collect();
        for n in [0, 1, 5, 13, 14, 200] {
            let got = local_widths(&lines[..n]);
            for (i, w) in got.iter().enumerate() {
                let mut near: Vec<usize> = lines[i.saturating_sub(6)..(i + 7).min(n)].iter().map(|l| l.chars).collect();
                near.sort_unstable();
                assert_eq!(*w, near[near.len() / 2].max(8), "line {i} of {n}");
            }
        }
    }

    #[test]
    fn closers_are_told_on_bytes() {
        for c in ['\0', ')', '(', '”', '“', '’', '‘', '」', '「', '）', '（', '。', '县', '\u{2000}', '\u{300d}', '\u{ff09}', '\u{ff0a}', '𠀀'] {
            let s = format!("{c}县");
            assert_eq!(closer_len(s.as_bytes()), is_closer(c).then_some(c.len_utf8()), "{c:?}");
        }
        assert_eq!(closer_len(b""), None);
    }

    #[test]
    fn line_ends_agree_with_trimming_characters() {
        let marks = ["", "。", "！", "？", "；", "!", "?", ";", "：", ":", "，", "a", "县", "”", "」", "）", ")", "’", "“", "（", "\u{2019}\u{201c}"];
        for a in marks {
            for b in marks {
                for c in marks {
                    let s = format!("全县新建{a}{b}{c}");
                    let last = s.trim_end_matches(is_closer).chars().next_back();
                    let expect = match last {
                        Some(l) if is_final(l) => LineEnd::Final,
                        Some('：') => LineEnd::Colon,
                        _ => LineEnd::Other,
                    };
                    assert!(line_end(&s) == expect, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn continued_is_found_in_its_line_only() {
        let first = "（下转4版）见下";
        let text = format!("{first}转文下转");
        let mut c = Continued::new(&text);
        assert_eq!(c.at, [3, first.len() - 3, text.len() - 6]);
        assert!(c.within(0, first.len()));
        // 下 ends the first line and 转 opens the next: in neither.
        assert!(!c.within(first.len(), first.len() + 6));
        assert!(c.within(first.len() + 6, text.len()));
        assert!(!Continued::new("下下转").within(0, 3));
    }

    #[test]
    fn byte_scans_agree_with_character_scans() {
        let text = "去年，全县a,b:c新建é大棚120座：其中𝟘东村50座；西村。70座！好？;!?”」）)：，。ab";
        let is_sep = |c: char| matches!(c, '，' | '：' | '；' | ',' | ':' | '。' | '！' | '？');
        let span = Span { start: 3, end: text.len() - 2, article: 0 };
        let s = &text[span.start..span.end];
        let bounds: Vec<usize> = s.char_indices().map(|(i, _)| span.start + i).chain([span.end]).collect();
        for (k, &pos) in bounds.iter().enumerate() {
            for &pos_end in &bounds[k..] {
                // The character-by-character definition.
                let (rel, rel_end) = (pos - span.start, pos_end - span.start);
                let start = s[..rel].rfind(is_sep).map_or(0, |i| i + s[i..].chars().next().unwrap().len_utf8());
                let end = s[rel_end..].find(is_sep).map_or(s.len(), |i| rel_end + i);
                assert_eq!(clause_bounds(text, &span, pos, pos_end), (span.start + start, span.start + end), "{pos} {pos_end}");
            }
        }
        for (from, _) in text.char_indices() {
            let expect = text[from..].char_indices().find(|&(_, c)| is_final(c)).map(|(i, c)| (from + i, c.len_utf8()));
            assert_eq!(next_final(text.as_bytes(), from), expect, "{from}");
        }
    }

    #[test]
    fn clauses_of_a_page_come_from_its_sentence_scan() {
        let page = "全县今年计划新建大棚\n\n120座，带动农户增收：人均300元；\n二、工作重点\n\n（一）做强产业。力争新增肉牛\n3000头,新建冷库6座!其中东村:2座。";
        let n = Normalized::new(page);
        let text = n.text();
        let seg = segment(&n);
        let is_sep = |c: char| matches!(c, '，' | '：' | '；' | ',' | ':' | '。' | '！' | '？');
        for span in &seg.sentences {
            let s = &text[span.start..span.end];
            for (rel, _) in s.char_indices() {
                let start = s[..rel].rfind(is_sep).map_or(0, |i| i + s[i..].chars().next().unwrap().len_utf8());
                let end = s[rel..].find(is_sep).map_or(s.len(), |i| rel + i);
                let pos = span.start + rel;
                assert_eq!(seg.clause_bounds(span, pos, pos), (span.start + start, span.start + end), "{s:?} at {rel}");
            }
        }
    }

    #[test]
    fn word_search_finds_the_next_final_mark() {
        let pages = [
            "全县今年新建大棚120座，带动农户增收。其中东村50座；西村70座！是否达标？“今年还要再建”。",
            "参保率达到96.8%以上、“两不愁三保障”全面落实……a<b=c>d;e?f!g《报告》【要闻】（记者张三）",
            "一、工作回顾：全年粮食总产达到十二万吨，比上年增加三千吨左右，创历史新高，群众满意度持续提升",
        ];
        for page in pages {
            for (from, _) in page.char_indices() {
                let expect = page[from..].char_indices().find(|&(_, c)| is_final(c)).map(|(i, c)| (from + i, c.len_utf8()));
                assert_eq!(next_final(page.as_bytes(), from), expect, "{page:?} from {from}");
            }
        }
    }

    #[test]
    fn clauses_cut_at_separators() {
        let text = "去年，全县新建大棚120座：其中东村50座；西村70座。";
        let span = Span { start: 0, end: text.len(), article: 0 };
        let at = text.find("120").unwrap();
        let (s, e) = clause_bounds(text, &span, at, at + 3);
        assert_eq!(&text[s..e], "全县新建大棚120座");
        let at = text.find("70").unwrap();
        let (s, e) = clause_bounds(text, &span, at, at + 2);
        assert_eq!(&text[s..e], "西村70座");
        let (s, e) = clause_bounds("a,b:c", &Span { start: 0, end: 5, article: 0 }, 2, 3);
        assert_eq!((s, e), (2, 3));
    }

    #[test]
    fn numbered_headings_open_sections_not_articles() {
        let page = "县政府工作报告\n\n一、2023年工作回顾\n\n全县新建大棚120座，带动农户增收。\n\n二、2024年重点工作\n\n（一）做强产业。力争新增肉牛\n3000头，新建冷库6座。";
        let n = Normalized::new(page);
        let seg = segment(&n);
        assert_eq!(seg.articles.len(), 1, "{:?}", seg.articles);
        let texts: Vec<&str> = seg.sentences.iter().map(|s| &n.text()[s.start..s.end]).collect();
        assert!(texts.contains(&"力争新增肉牛3000头，新建冷库6座。"), "{texts:?}");
    }

    #[test]
    fn wrapped_lines_join_into_sentences() {
        let page = "全县今年计划新建大棚\n\n120座，带动农户增收。\n\n另外还要修路。";
        let n = Normalized::new(page);
        let seg = segment(&n);
        let texts: Vec<&str> = seg.sentences.iter().map(|s| &n.text()[s.start..s.end]).collect();
        assert_eq!(texts, ["全县今年计划新建大棚120座，带动农户增收。", "另外还要修路。"]);
    }

    #[test]
    fn long_opening_lines_are_sliced_on_characters() {
        // The 30-byte window of `本报…讯` must not cut a character in two.
        let page = "本报太原电讯 全省春耕进度过半，各地抢抓农时。";
        assert!(opens_article(page));
        assert!(!opens_article("本报记者在田间地头走访了解到今年春耕备耕进展顺利各地都已开始播种讯"));
    }

    #[test]
    fn numbered_headings_end_their_line() {
        let page = "一、2023年工作回顾\n全年粮食总产达到十二万吨，比上年增加三千吨左右，创历史新高。\n二、2024年主要目标\n粮食总产稳定在十二万吨以上。";
        let n = Normalized::new(page);
        let seg = segment(&n);
        let texts: Vec<&str> = seg.sentences.iter().map(|s| &n.text()[s.start..s.end]).collect();
        assert_eq!(texts[0], "一、2023年工作回顾");
        assert_eq!(texts[2], "二、2024年主要目标");
    }

    #[test]
    fn headline_and_bylines_split_articles() {
        let page = "本报讯 张村今年种植谷子三百亩，比去年多了一倍，村民们都很高兴。\n（李明）\n李庄修通新路\n本报讯 李庄新修道路五公里，方便了全村出行，群众纷纷点赞。\n";
        let n = Normalized::new(page);
        let seg = segment(&n);
        assert_eq!(seg.articles.len(), 2);
        let second = &seg.articles[1];
        assert_eq!(&n.text()[second.headline.unwrap().0..second.headline.unwrap().1], "李庄修通新路");
    }
}
