//! Per-unit denominators: 每户, 每人每年, 人均, 户均, 亩产, `元/年`.

use super::Neighbourhood;
use crate::scan::Quantity;

/// Fixed per-unit words and their denominators.
const PER_WORDS: &[(&str, &[&str])] = &[
    ("人均", &["人"]),
    ("户均", &["户"]),
    ("亩产", &["亩"]),
    ("亩均", &["亩"]),
    ("年均", &["年"]),
    ("年产", &["年"]),
    ("年增收", &["年"]),
    ("年收入", &["年"]),
    ("年交易额", &["年"]),
    ("年销售", &["年"]),
    ("年产值", &["年"]),
    ("日均", &["天"]),
    ("一天", &["天"]),
    ("每生", &["人"]),
    ("每名", &["人"]),
    ("每位", &["人"]),
    ("每天", &["天"]),
    ("每日", &["天"]),
];

/// Nouns read after 每 (每个 is followed by them, or stands alone).
const PER_NOUNS: &[&str] = &["行政村", "自然村", "贫困村", "家庭", "乡镇", "学校", "村", "户", "人", "年", "月", "周", "亩", "季度"];

/// Denominators of the quantity in `nb`. A list item with no new verb
/// (`人均 2亩小杂粮、2亩经济林`) keeps the previous item's.
pub(super) fn per(nb: &Neighbourhood<'_>, prev: Option<&Quantity>) -> Vec<String> {
    let q = nb.quantity;
    let from = prev.map_or(nb.clause.0, |p| p.end.max(nb.clause.0)).min(nb.lead);
    let mut out = scan(&nb.text[from..nb.lead]);
    if out.is_empty() && prev.is_some_and(|p| p.end > nb.clause.0) {
        let clause_head = &nb.text[nb.clause.0..nb.lead];
        for (w, d) in PER_WORDS.iter().take(5) {
            if clause_head.contains(w) {
                out.extend(d.iter().map(|s| s.to_string()));
            }
        }
    }
    if let Some(s) = &q.slash_per {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

fn scan(window: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for (w, d) in PER_WORDS {
        if let Some(i) = window.find(w) {
            for s in *d {
                found.push((i, s.to_string()));
            }
        }
    }
    for (i, _) in window.match_indices('每') {
        let rest = &window[i + '每'.len_utf8()..];
        let rest_noun = rest.strip_prefix('个').unwrap_or(rest);
        if let Some(n) = PER_NOUNS.iter().find(|n| rest_noun.starts_with(**n)) {
            found.push((i, n.to_string()));
        } else if rest.starts_with('个') {
            found.push((i, "个".to_string()));
        }
    }
    found.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, s) in found {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
