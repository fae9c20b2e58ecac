//! Modality: reported as achieved (`actual`) or set as a goal (`target`).
//!
//! The nearest cue before the quantity in its clause decides; then the
//! sentence; then whether the article reads as a plan or as a report.

use super::cues::Role;
use super::Neighbourhood;
use crate::fact::Modality;

/// The end of the last cue of a role between `from` and the quantity.
fn last(nb: &Neighbourhood<'_>, from: usize, has: fn(&Role) -> bool) -> Option<usize> {
    nb.cues_before(from).filter(|c| has(c.role()) && !past_deadline(nb, c)).map(|c| c.end).max()
}

/// `增加到2020年` in a 2020 report is an outcome, not a goal: 到 + a year
/// that is not after the reference year.
fn past_deadline(nb: &Neighbourhood<'_>, c: &super::cues::Cue) -> bool {
    if c.word() != "到20" {
        return false;
    }
    let year: Option<i32> = nb.text.get(c.start + "到".len()..c.start + "到".len() + 4).and_then(|y| y.parse().ok());
    matches!((year, nb.ref_year), (Some(y), Some(r)) if y <= r)
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
    // 每户补助 14000元, 每生每年 1000元: an allowance per head is a standard
    // to apply (a wage or a price per head is not).
    let window = &nb.text[clause..nb.lead];
    if nb.quantity.kind == crate::fact::Kind::Money && nb.cues_before(clause).any(|c| c.role().each) && POLICY_VERBS.iter().any(|v| window.contains(v)) {
        return Modality::Target;
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

/// Verbs of allowances and standards.
const POLICY_VERBS: &[&str] = &["补助", "补贴", "资助", "奖励", "奖补", "救助", "提高", "标准", "发放", "给予", "定额"];

/// Policy parameters: a figure about one of them is a standard to apply.
const STANDARDS: &[&str] = &["起付线", "报销比例", "支付限额", "封顶线", "利率", "授信额度", "补助标准", "限额", "上限", "保底价"];

/// Words after a figure that make it a rule to apply: `不超过25平方米的规定`,
/// `按每人每年25元的标准`, `按照3.35%的年利率`.
const STANDARD_AFTER: &[&str] = &["的标准", "的规定", "的年利率", "的利率", "的限额", "的上限", "标准"];

/// Whether the figure ending at `end` (a qualifier such as 以内 skipped)
/// is followed by a word naming a standard.
pub(super) fn names_a_standard(text: &str, end: usize) -> bool {
    let end = crate::numbers::suffix_qualifier(text, end).map_or(end, |(e, ..)| e);
    STANDARD_AFTER.iter().any(|w| text[end..].starts_with(w))
}

/// Whether `subject` names a policy parameter (`起付线`, `报销比例`).
pub(super) fn is_standard(subject: Option<&str>) -> bool {
    subject.is_some_and(|s| STANDARDS.iter().any(|w| s.ends_with(w)))
}

/// An article that reads as a plan, from its cues: about as many goal cues
/// as report cues (reports use few goal words, plans many of both).
pub(super) fn plan_article(cues: &[super::cues::Cue]) -> bool {
    let (mut t, mut a) = (0, 0);
    for c in cues {
        let r = c.role();
        if r.target {
            t += 1;
        } else if r.actual || r.strong_actual {
            a += 1;
        }
    }
    t >= 3 && 5 * t >= 4 * a
}
