//! Modality: reported as achieved (`actual`) or set as a goal (`target`).
//!
//! The nearest cue before the quantity in its clause decides; then the
//! sentence; then whether the article reads as a plan or as a report.

use super::cues::Role;
use super::Neighbourhood;
use crate::fact::Modality;
use aho_corasick::AhoCorasick;
use once_cell::sync::Lazy;

/// The end of the last cue of a role between `from` and the quantity.
fn last(nb: &Neighbourhood<'_>, from: usize, has: fn(&Role) -> bool) -> Option<usize> {
    nb.cues_before(from).filter(|c| has(c.role())).map(|c| c.end).max()
}

/// The modality of the quantity in `nb`; `plan` says whether its article
/// reads as a plan.
pub(super) fn modality(nb: &Neighbourhood<'_>, plan: bool) -> Modality {
    let (clause, sentence) = (nb.clause.0, nb.sentence.start);
    let t = last(nb, clause, |r| r.target);
    let a = last(nb, clause, |r| r.actual);
    let strong = last(nb, clause, |r| r.strong_actual);
    if strong.is_some() && strong >= t {
        return Modality::Actual;
    }
    if t.is_some() && t > a {
        return Modality::Target;
    }
    let st = last(nb, sentence, |r| r.target);
    let sstrong = last(nb, sentence, |r| r.strong_actual);
    if st.is_some() && st > sstrong {
        return Modality::Target;
    }
    if a.is_some() && !plan || sstrong.is_some() {
        return Modality::Actual;
    }
    if plan {
        Modality::Target
    } else {
        Modality::Actual
    }
}

/// Words that tell a plan from a report, for whole articles.
const PLAN_WORDS: &[&str] = &["要", "力争", "确保", "计划", "将", "争取", "目标任务"];
const REPORT_WORDS: &[&str] = &["累计", "已", "共有", "截至", "完成了", "实现了", "先后"];

static ARTICLE_WORDS: Lazy<AhoCorasick> = Lazy::new(|| AhoCorasick::new(PLAN_WORDS.iter().chain(REPORT_WORDS)).expect("article words build"));

/// An article that reads as a plan: more goal cues than report cues.
pub(super) fn plan_article(body: &str) -> bool {
    let (mut t, mut a) = (0, 0);
    for m in ARTICLE_WORDS.find_overlapping_iter(body) {
        if m.pattern().as_usize() < PLAN_WORDS.len() {
            t += 1;
        } else {
            a += 1;
        }
    }
    t > 2 * a + 3
}
