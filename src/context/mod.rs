//! Context: what a quantity counts, whether it is achieved or planned,
//! when and where, and per what.
//!
//! Each attribute has its own module and reads only the neighbourhood of
//! the quantity (its clause, sentence and article), so the cost grows with
//! the number of quantities, not with the length of the text.

mod cues;
mod domain;
mod modality;
mod per;
mod place;
mod subject;
mod time;

pub(crate) use place::Places;
pub(crate) use subject::{share as share_subjects, Source};
pub use time::{year_from_name, year_from_text, year_of_date};

use crate::fact::{Fact, Kind};
use crate::normalize::Normalized;
use crate::scan::Quantity;
use crate::segment::{Segments, Span};
use crate::lexicon::{ends_with_any, CharAutomaton};
use cues::Cue;

/// The frozen lexicons of the context stage.
#[derive(Debug)]
pub(crate) struct Context {
    /// Domain words (embedded dictionary plus the user's).
    domain: std::sync::Arc<domain::Domain>,
}

/// The embedded domain dictionary.
fn domain_words() -> impl Iterator<Item = &'static str> {
    include_str!("../data/domain_dict.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .map(str::trim)
        .filter(|w| w.chars().count() >= 2)
}

/// Built once per process: extractors without user words share it.
static DEFAULT_DOMAIN: once_cell::sync::Lazy<std::sync::Arc<domain::Domain>> = once_cell::sync::Lazy::new(|| std::sync::Arc::new(domain::Domain::new(domain_words())));

/// The neighbourhood of one quantity, in normalised byte offsets.
pub(crate) struct Neighbourhood<'a> {
    pub text: &'a str,
    pub sentence: &'a Span,
    pub clause: (usize, usize),
    pub quantity: &'a Quantity,
    /// Start of the quantity with any leading qualifier (近, 超过).
    pub lead: usize,
    /// Cue words of the sentence that end by `lead` (before the quantity),
    /// ordered by end.
    pub cues: &'a [Cue],
    /// Years written in the sentence: `(start, end, year)`.
    pub years: &'a [(usize, usize, i32)],
    /// The document's reference year.
    pub ref_year: Option<i32>,
    /// Where the sentence's first 五 is (of a plan period, `十三五`), found
    /// at most once a sentence, when a rule first asks.
    pub first_wu: &'a std::cell::OnceCell<Option<usize>>,
    /// Likewise the sentence's first 一 (of a denominator, `一斤`).
    pub first_yi: &'a std::cell::OnceCell<Option<usize>>,
}

impl Neighbourhood<'_> {
    /// Cues wholly inside `from..self.lead` (all of [`Self::cues`] when
    /// `from` is the sentence's start).
    pub(crate) fn cues_before(&self, from: usize) -> impl DoubleEndedIterator<Item = &Cue> {
        self.cues.iter().filter(move |c| c.start >= from)
    }

    /// Where the first occurrence of `finder`'s needle in the sentence is.
    /// (A pair of bytes searched at once: the last byte alone of 一, 0x80,
    /// is also the middle one of 。、“”, and hits too often.)
    pub(crate) fn first_in_sentence(&self, finder: &memchr::memmem::Finder<'_>) -> Option<usize> {
        finder.find(&self.text.as_bytes()[self.sentence.start..self.sentence.end]).map(|i| self.sentence.start + i)
    }
}

/// What the context stage remembers while it reads one document: the cues
/// of the current sentence and whether each article reads as a plan.
pub(crate) struct Reader<'d> {
    text: &'d str,
    segs: &'d Segments,
    places: &'d Places,
    ref_year: Option<i32>,
    sentence: Option<usize>,
    /// The current sentence's text, shared by its facts.
    sentence_text: Option<std::sync::Arc<str>>,
    article: Option<usize>,
    article_cues: Vec<Cue>,
    cues: Vec<Cue>,
    years: Vec<(usize, usize, i32)>,
    /// See [`Neighbourhood::first_wu`] and [`Neighbourhood::first_yi`].
    first_wu: std::cell::OnceCell<Option<usize>>,
    first_yi: std::cell::OnceCell<Option<usize>>,
    plans: Vec<Option<bool>>,
    /// For each sentence, the year of the section heading above it and
    /// whether that heading announces plans (`主要目标`) or results (`回顾`).
    sections: Vec<Section>,
}

/// What a section heading says about the sentences below it.
#[derive(Clone, Copy, Debug, Default)]
struct Section {
    year: Option<i32>,
    plan: Option<bool>,
}

impl<'d> Reader<'d> {
    pub(crate) fn new(norm: &'d Normalized<'_>, segs: &'d Segments, places: &'d Places, ref_year: Option<i32>) -> Reader<'d> {
        let sections = sections(norm.text(), segs);
        Reader { text: norm.text(), segs, places, ref_year, sentence: None, sentence_text: None, article: None, article_cues: Vec::new(), cues: Vec::new(), years: Vec::new(), first_wu: std::cell::OnceCell::new(), first_yi: std::cell::OnceCell::new(), plans: vec![None; segs.articles.len()], sections }
    }

    /// Moves to sentence `k`: its cues are cut from its article's, which
    /// are found in one pass when the article is entered.
    fn enter(&mut self, k: usize) {
        if self.sentence == Some(k) {
            return;
        }
        let s = &self.segs.sentences[k];
        if self.article != Some(s.article) {
            let a = &self.segs.articles[s.article];
            self.article_cues = cues::scan(self.text, a.start, a.end);
            self.plans[s.article] = Some(modality::plan_article(&self.article_cues));
            self.article = Some(s.article);
        }
        let lo = self.article_cues.partition_point(|c| c.end <= s.start);
        let hi = self.article_cues.partition_point(|c| c.end <= s.end);
        self.cues.clear();
        self.cues.extend(self.article_cues[lo..hi].iter().filter(|c| c.start >= s.start));
        cues::years(self.text, s.start, s.end, &mut self.years);
        self.first_wu = std::cell::OnceCell::new();
        self.first_yi = std::cell::OnceCell::new();
        self.sentence = Some(k);
        self.sentence_text = Some(self.text[s.start..s.end].into());
    }

    fn plan(&self, article: usize) -> bool {
        self.plans[article].unwrap_or(false)
    }
}

/// Words of headings that announce plans, and results.
const PLAN_HEADINGS: &[&str] = &["预期目标", "主要目标", "目标任务", "工作安排", "工作计划", "工作思路", "重点任务", "主要任务", "工作打算", "重点工作", "工作重点"];
const REPORT_HEADINGS: &[&str] = &["回顾", "工作成效", "主要成绩", "取得成效", "完成情况"];

/// The words of [`REPORT_HEADINGS`] then [`PLAN_HEADINGS`], found in one
/// pass over a heading (trying each word at each character cost more).
static HEADING_WORDS: once_cell::sync::Lazy<CharAutomaton> = once_cell::sync::Lazy::new(|| CharAutomaton::new(&[REPORT_HEADINGS, PLAN_HEADINGS].concat()));

/// Whether a heading announces plans (`Some(true)`), results
/// (`Some(false)`) or neither. A report heading may name the plan it
/// reports on (重点工作完成情况): a report word wins.
fn heading_reading(heading: &str) -> Option<bool> {
    let (mut report, mut plan) = (false, false);
    HEADING_WORDS.each_match(heading, |_, _, word| {
        if (word as usize) < REPORT_HEADINGS.len() {
            report = true;
        } else {
            plan = true;
        }
    });
    (report || plan).then_some(!report)
}

/// Section headings (`一、2021年工作回顾`, `二、2022年主要预期目标`): their
/// year and their plan-or-report reading carry over the sentences below
/// them, up to the next heading or the end of the article.
fn sections(text: &str, segs: &Segments) -> Vec<Section> {
    let mut out = Vec::with_capacity(segs.sentences.len());
    let mut current = Section::default();
    let mut article = usize::MAX;
    let mut years = Vec::new();
    for s in &segs.sentences {
        if s.article != article {
            current = Section::default();
            article = s.article;
        }
        let body = &text[s.start..s.end];
        let heading = !body.ends_with(['。', '！', '？', '；', '，', '”']) && body.len() <= 30 * 4 && body.chars().count() <= 30;
        if heading {
            cues::years(text, s.start, s.end, &mut years);
            let year = years.iter().find(|&&(_, e, _)| !text[e..].starts_with(['以', '至', '到', '—'])).map(|&(_, _, y)| y);
            let plan = heading_reading(body);
            if year.is_some() || plan.is_some() {
                current = Section { year, plan };
            }
        }
        out.push(current);
    }
    out
}

impl Context {
    pub(crate) fn new(user_words: &[String]) -> Context {
        if user_words.is_empty() {
            return Context { domain: DEFAULT_DOMAIN.clone() };
        }
        let mut words: Vec<&str> = domain_words().collect();
        words.extend(user_words.iter().map(String::as_str));
        Context { domain: std::sync::Arc::new(domain::Domain::new(words)) }
    }

    /// Fills the context fields of `fact` from the quantity's surroundings.
    pub(crate) fn attach(&self, reader: &mut Reader<'_>, q: &Quantity, fact: &mut Fact<'_>, prev: Option<&Quantity>) -> Source {
        let text = reader.text;
        let sentences = &reader.segs.sentences;
        // Quantities come in text order: most are in the sentence of the last.
        let k = match reader.sentence {
            Some(k) if sentences[k].start <= q.start && q.start < sentences[k].end => k,
            _ => sentences.partition_point(|s| s.end <= q.start),
        };
        let Some(sentence) = sentences.get(k).filter(|s| s.start <= q.start) else { return Source::Missing };
        if q.end > sentence.end {
            return Source::Missing; // a quantity across a sentence break has no context to read
        }
        reader.enter(k);
        let plan = reader.sections[k].plan.unwrap_or_else(|| reader.plan(sentence.article));
        let clause = reader.segs.clause_bounds(sentence, q.start, q.end);
        let lead = q.lead_start.max(clause.0);
        let nb = Neighbourhood {
            text,
            sentence,
            clause,
            quantity: q,
            lead,
            // The rules read only the cues before the quantity: cut once.
            cues: &reader.cues[..reader.cues.partition_point(|c| c.end <= lead)],
            years: &reader.years,
            ref_year: reader.ref_year,
            first_wu: &reader.first_wu,
            first_yi: &reader.first_yi,
        };
        let prev = prev.filter(|p| p.end > sentence.start);
        fact.article = Some(sentence.article);
        fact.sentence = reader.sentence_text.clone();
        let (subject, source) = subject::subject(&nb, &self.domain, prev);
        fact.subject = subject;
        let kind = refine_kind(fact.kind, &fact.unit, fact.subject.as_deref());
        // 优良天数 301天: days counted, not a span of time.
        fact.core |= fact.kind == Kind::Duration && kind != Kind::Duration;
        fact.kind = kind;
        let standard = modality::is_standard(fact.subject.as_deref()) || modality::names_a_standard(text, q.tail_end);
        let strong_actual = || nb.cues_before(nb.clause.0).any(|c| c.role().strong_actual);
        fact.modality = Some(if standard && !strong_actual() {
            crate::fact::Modality::Target
        } else {
            modality::modality(&nb, plan)
        });
        let (year, since) = time::year_since(&nb, reader.ref_year, reader.sections[k].year);
        fact.year = year;
        fact.since = since;
        let (p, code) = place::place(&nb, reader.places);
        fact.place = p;
        fact.place_code = code;
        fact.per = per::per(&nb, prev);
        source
    }
}

/// The kind follows what is counted: `16户企业` is a count of firms,
/// `159家贫困户` a count of households.
fn refine_kind(kind: Kind, unit: &str, subject: Option<&str>) -> Kind {
    // Constants: a local array would be built at each call.
    const HOUSEHOLD_WORDS: &[&str] = &["户", "家庭", "农户"];
    const PEOPLE_WORDS: &[&str] = &["孩子", "娃", "老师", "教师", "学生", "医生", "干部", "党员", "群众", "村民", "工人", "人才", "代表"];
    const FIRM_WORDS: &[&str] = &["企业", "合作社", "商户", "公司", "主体", "车间", "工厂", "大户", "个体户"];
    let Some(s) = subject else { return kind };
    match (kind, unit) {
        (Kind::Households, "户") if ends_with_any(s, FIRM_WORDS) => Kind::Count,
        (Kind::Count, "个") if ends_with_any(s, PEOPLE_WORDS) => Kind::People,
        (Kind::Count, "家" | "个") if ends_with_any(s, HOUSEHOLD_WORDS) => Kind::Households,
        (Kind::Duration, "天") if s.ends_with("天数") => Kind::Count,
        _ => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `heading_reading` reads a heading as `contains_any` over the two
    /// lists did: a report word first, then a plan word.
    #[test]
    fn heading_reading_is_contains_any() {
        use crate::lexicon::contains_any;
        for h in ["一、2021年工作回顾", "二、2022年主要预期目标", "重点工作完成情况", "三、工作重点", "四、其他", "", "回", "主要目标与工作成效"] {
            let want = if contains_any(h, REPORT_HEADINGS) {
                Some(false)
            } else if contains_any(h, PLAN_HEADINGS) {
                Some(true)
            } else {
                None
            };
            assert_eq!(heading_reading(h), want, "{h}");
        }
    }
}
