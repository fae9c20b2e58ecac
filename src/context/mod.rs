//! Context: what a quantity counts, whether it is achieved or planned,
//! when and where, and per what.
//!
//! Each attribute has its own module and reads only the neighbourhood of
//! the quantity (its clause, sentence and article), so the cost grows with
//! the number of quantities, not with the length of the text.

mod modality;
mod per;
mod place;
mod subject;
mod time;

pub(crate) use place::Places;
pub use time::{year_from_name, year_from_text};

use crate::fact::{Fact, Kind};
use crate::normalize::Normalized;
use crate::scan::Quantity;
use crate::segment::{clause_bounds, Segments, Span};
use aho_corasick::{AhoCorasick, MatchKind};

/// The frozen lexicons of the context stage.
#[derive(Debug)]
pub(crate) struct Context {
    /// Domain words (embedded dictionary plus the user's).
    domain: AhoCorasick,
}

/// The neighbourhood of one quantity, in normalised byte offsets.
pub(crate) struct Neighbourhood<'a> {
    pub text: &'a str,
    pub sentence: &'a Span,
    pub clause: (usize, usize),
    pub quantity: &'a Quantity,
    /// Start of the quantity with any leading qualifier (近, 超过).
    pub lead: usize,
}

impl Context {
    pub(crate) fn new(user_words: &[String]) -> Context {
        let mut words: Vec<String> = include_str!("../data/domain_dict.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .map(str::trim)
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_string)
            .collect();
        words.extend(user_words.iter().cloned());
        let domain = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&words).expect("domain dictionary builds");
        Context { domain }
    }

    /// Fills the context fields of `fact` from the quantity's surroundings.
    pub(crate) fn attach(&self, norm: &Normalized<'_>, segs: &Segments, q: &Quantity, fact: &mut Fact<'_>, ref_year: Option<i32>, places: &Places, prev: Option<&Quantity>) {
        let text = norm.text();
        let Some(sentence) = segs.sentences.iter().find(|s| s.start <= q.start && q.start < s.end) else { return };
        if q.end > sentence.end {
            return; // a quantity across a sentence break has no context to read
        }
        let lead = crate::numbers::prefix_qualifier(text, q.start).map_or(q.start, |(s, ..)| s);
        let nb = Neighbourhood { text, sentence, clause: clause_bounds(text, sentence, q.start, q.end), quantity: q, lead };
        fact.article = Some(sentence.article);
        fact.sentence = Some(text[sentence.start..sentence.end].to_string());
        fact.subject = subject::subject(&nb, &self.domain, prev);
        fact.kind = refine_kind(fact.kind, &fact.unit, fact.subject.as_deref());
        fact.modality = Some(modality::modality(&nb, &segs.articles[sentence.article], text));
        let (year, since) = time::year_since(&nb, ref_year);
        fact.year = year;
        fact.since = since;
        let (p, code) = place::place(&nb, places);
        fact.place = p;
        fact.place_code = code;
        fact.per = per::per(&nb, prev);
    }
}

/// The kind follows what is counted: `16户企业` is a count of firms,
/// `159家贫困户` a count of households.
fn refine_kind(kind: Kind, unit: &str, subject: Option<&str>) -> Kind {
    let Some(s) = subject else { return kind };
    let household_words = ["户", "家庭", "农户"];
    let people_words = ["孩子", "娃", "老师", "教师", "学生", "医生", "干部", "党员", "群众", "村民", "工人", "人才", "代表"];
    match (kind, unit) {
        (Kind::Households, "户") if ["企业", "合作社", "商户", "公司", "主体", "车间", "工厂", "大户", "个体户"].iter().any(|w| s.ends_with(w)) => Kind::Count,
        (Kind::Count, "个") if people_words.iter().any(|w| s.ends_with(w)) => Kind::People,
        (Kind::Count, "家" | "个") if household_words.iter().any(|w| s.ends_with(w)) => Kind::Households,
        _ => kind,
    }
}
