//! Modality: reported as achieved (`actual`) or set as a goal (`target`).
//!
//! The nearest cue before the quantity in its clause decides; then the
//! sentence; then whether the article reads as a plan or as a report.

use super::Neighbourhood;
use crate::fact::Modality;
use crate::segment::ArticleSpan;

/// Cues of a goal, plan, requirement or standard.
const TARGET: &[&str] = &[
    "力争到", "力争", "确保", "计划", "目标", "任务", "争取", "预计", "规划", "拟", "将", "要", "必须", "需要", "应当", "着力", "努力",
    "保证", "力求", "预期", "届时", "到20", "明年", "今后", "未来", "标准", "不低于", "不少于", "不超过", "控制在", "鼓励", "每年", "分三年",
    "实行", "给予", "奖励", "补助", "推动", "打造",
];

/// Cues of a figure already achieved or standing.
const ACTUAL: &[&str] = &[
    "累计", "已经", "已", "共有", "还有", "剩余", "目前", "截至", "截止", "先后", "建成", "达到", "完成", "实现", "共", "去年", "上年",
    "以来", "年来", "收获", "收了", "增长", "下降", "同比", "比上年", "较上年", "共计", "合计", "全部", "有",
];

/// Actual cues strong enough to override a plan context.
const STRONG_ACTUAL: &[&str] = &["累计", "已经", "已", "共有", "还有", "剩余", "目前", "截至", "截止", "先后", "去年", "以来", "年来", "同比", "收了"];

fn last_cue(window: &str, cues: &[&str]) -> Option<usize> {
    cues.iter().filter_map(|c| window.rfind(c).map(|i| i + c.len())).max()
}

/// The modality of the quantity in `nb`.
pub(super) fn modality(nb: &Neighbourhood<'_>, article: &ArticleSpan, text: &str) -> Modality {
    let clause = &nb.text[nb.clause.0..nb.lead];
    let sentence = &nb.text[nb.sentence.start..nb.lead];
    let t = last_cue(clause, TARGET);
    let a = last_cue(clause, ACTUAL);
    let strong = last_cue(clause, STRONG_ACTUAL);
    if strong.is_some() && strong >= t {
        return Modality::Actual;
    }
    if t.is_some() && t > a {
        return Modality::Target;
    }
    let st = last_cue(sentence, TARGET);
    let sstrong = last_cue(sentence, STRONG_ACTUAL);
    if st.is_some() && st > sstrong {
        return Modality::Target;
    }
    if a.is_some() && !plan_article(&text[article.start..article.end]) || sstrong.is_some() {
        return Modality::Actual;
    }
    if plan_article(&text[article.start..article.end]) {
        Modality::Target
    } else {
        Modality::Actual
    }
}

/// An article that reads as a plan: more goal cues than report cues.
fn plan_article(body: &str) -> bool {
    let count = |cues: &[&str]| cues.iter().map(|c| body.matches(c).count()).sum::<usize>();
    let t = count(&["要", "力争", "确保", "计划", "将", "争取", "目标任务"]);
    let a = count(&["累计", "已", "共有", "截至", "完成了", "实现了", "先后"]);
    t > 2 * a + 3
}
