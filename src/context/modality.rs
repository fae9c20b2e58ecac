//! Modality: reported as achieved (`actual`) or set as a goal (`target`).
//!
//! The nearest cue before the quantity in its clause decides; then the
//! sentence; then whether the article reads as a plan or as a report.

use super::Neighbourhood;
use crate::fact::Modality;
use crate::lexicon::{byte_mask, ends_with_any, has_byte, starts_with_any, CharAutomaton};
use once_cell::sync::Lazy;

/// Ends of the last cues of each role before the quantity, in its clause
/// and in its sentence: one pass over the sentence's cues.
#[derive(Default)]
struct Last {
    target: Option<usize>,
    actual: Option<usize>,
    strong: Option<usize>,
    sentence_target: Option<usize>,
    sentence_strong: Option<usize>,
    /// 每 in the clause.
    each: bool,
}

impl Last {
    fn of(nb: &Neighbourhood<'_>) -> Last {
        let clause = nb.clause.0;
        let mut last = Last::default();
        for c in nb.cues {
            let (r, end, in_clause) = (c.role(), Some(c.end), c.start >= clause);
            last.each |= in_clause && r.each;
            // Other cues count only for 每 (most of a sentence's); and
            // 到20, a goal cue, is the only one with a deadline.
            if !(r.target || r.actual || r.strong_actual) || r.target && past_deadline(nb, c) {
                continue;
            }
            if r.target {
                last.sentence_target = last.sentence_target.max(end);
            }
            if r.strong_actual {
                last.sentence_strong = last.sentence_strong.max(end);
            }
            if in_clause && r.target {
                last.target = last.target.max(end);
            }
            if in_clause && r.actual {
                last.actual = last.actual.max(end);
            }
            if in_clause && r.strong_actual {
                last.strong = last.strong.max(end);
            }
        }
        last
    }
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
    let clause = nb.clause.0;
    let last = Last::of(nb);
    let (t, a, strong) = (last.target, last.actual, last.strong);
    if strong.is_some() && strong >= t {
        return Modality::Actual;
    }
    // 每户补助 14000元, 每生每年 1000元: an allowance per head is a standard
    // to apply (a wage or a price per head is not).
    let window = &nb.text[clause..nb.lead];
    if nb.quantity.kind == crate::fact::Kind::Money && last.each && names_a_policy(window) {
        return Modality::Target;
    }
    if t.is_some() && t > a {
        return Modality::Target;
    }
    let (st, sstrong) = (last.sentence_target, last.sentence_strong);
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

/// Whether one of [`POLICY_VERBS`] occurs in `window`: one automaton pass,
/// where trying each verb at each character cost more.
fn names_a_policy(window: &str) -> bool {
    static VERBS: Lazy<CharAutomaton> = Lazy::new(|| CharAutomaton::new(POLICY_VERBS));
    let mut found = false;
    VERBS.each_match(window, |_, _, _| found = true);
    found
}

/// Policy parameters: a figure about one of them is a standard to apply.
const STANDARDS: &[&str] = &["起付线", "报销比例", "支付限额", "封顶线", "利率", "授信额度", "补助标准", "限额", "上限", "保底价"];

/// Words after a figure that make it a rule to apply: `不超过25平方米的规定`,
/// `按每人每年25元的标准`, `按照3.35%的年利率`.
const STANDARD_AFTER: &[&str] = &["的标准", "的规定", "的年利率", "的利率", "的限额", "的上限", "标准"];

/// Whether a word naming a standard starts at `end`, the end of a figure
/// with its qualifier (以内) if any.
pub(super) fn names_a_standard(text: &str, end: usize) -> bool {
    // The words open with a Han character: most texts fail on its last
    // byte, one test where comparing each word took several.
    const FIRST_CHAR_ENDS: u64 = byte_mask(STANDARD_AFTER, 2);
    let rest = &text[end..];
    rest.as_bytes().get(2).is_some_and(|&b| has_byte(FIRST_CHAR_ENDS, b)) && starts_with_any(rest, STANDARD_AFTER)
}

/// Whether `subject` names a policy parameter (`起付线`, `报销比例`).
pub(super) fn is_standard(subject: Option<&str>) -> bool {
    // Most subjects end in a byte that ends none of the words: one test.
    const LAST_BYTES: u64 = byte_mask(STANDARDS, usize::MAX);
    subject.is_some_and(|s| s.as_bytes().last().is_some_and(|&b| has_byte(LAST_BYTES, b)) && ends_with_any(s, STANDARDS))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The last-byte mask rejects no subject that ends with a standard.
    #[test]
    fn is_standard_is_ends_with_any() {
        for s in ["医保起付线", "贷款利率", "年利率", "收入", "", "线", "补助标准", "标准", "最高限额", "x"] {
            assert_eq!(is_standard(Some(s)), crate::lexicon::ends_with_any(s, STANDARDS), "{s}");
        }
        assert!(!is_standard(None));
    }

    /// The first-character mask rejects no text that opens with a word.
    #[test]
    fn names_a_standard_is_starts_with_any() {
        for t in ["5的标准", "5标准", "5的年利率", "5的", "5", "5的收入", "5的限额", "5收入"] {
            assert_eq!(names_a_standard(t, 1), crate::lexicon::starts_with_any(&t[1..], STANDARD_AFTER), "{t}");
        }
        assert!(names_a_standard("5的标准", 1) && !names_a_standard("5的收入", 1));
    }
}
