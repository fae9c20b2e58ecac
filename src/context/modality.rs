//! Modality: reported as achieved (`actual`) or set as a goal (`target`).
//!
//! The nearest cue before the quantity in its clause decides; then the
//! sentence; then whether the article reads as a plan or as a report.

use super::cues::Role;
use super::Neighbourhood;
use crate::fact::Modality;

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
    // 每户补助 14000元, 每生每年 1000元: a rate per head is a standard to apply.
    if nb.quantity.kind == crate::fact::Kind::Money && nb.cues_before(clause).any(|c| c.role().each) {
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
