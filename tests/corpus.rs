//! Scores the extractor on the bundled `corpus/` (documents written for
//! this project, with gold facts in the format of the annotation guide),
//! and on `../shared/corpus` when it is present (skipped, saying so, when
//! it is not).
//!
//! The scoring follows `score.py` of the shared tools: gold and predicted
//! facts are matched one to one by span overlap, largest overlap first;
//! detection counts core gold facts; attributes are compared on matches.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use zhfacts::{DocumentInfo, Extractor};

#[derive(Default, Debug)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    hit: HashMap<&'static str, usize>,
    all: HashMap<&'static str, usize>,
}

impl Tally {
    fn f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    fn accuracy(&self, a: &str) -> f64 {
        *self.hit.get(a).unwrap_or(&0) as f64 / (*self.all.get(a).unwrap_or(&0)).max(1) as f64
    }
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The subject rule of score.py: containment without swallowing a clause,
/// or enough characters in common.
fn same_subject(gold: &str, pred: Option<&str>) -> bool {
    let g = strip_ws(gold);
    let Some(p) = pred.map(strip_ws).filter(|p| !p.is_empty()) else { return g.is_empty() };
    let (gl, pl) = (g.chars().count(), p.chars().count());
    if p.contains(&g) {
        return pl <= 2 * gl + 4;
    }
    if g.contains(&p) {
        return pl >= 2.max(gl / 3);
    }
    let mut common = 0;
    let mut seen = Vec::new();
    for c in g.chars() {
        if !seen.contains(&c) {
            seen.push(c);
            common += g.matches(c).count().min(p.matches(c).count());
        }
    }
    common as f64 / gl as f64 >= 0.6 && common as f64 / pl as f64 >= 0.4
}

fn same_value(a: &Value, b: Option<f64>) -> bool {
    match (a.as_f64(), b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0),
        _ => false,
    }
}

fn score_dir(docs: &Path, gold: &Path) -> Tally {
    let extractor = Extractor::new();
    let mut t = Tally::default();
    let mut names: Vec<PathBuf> = std::fs::read_dir(gold).unwrap().map(|e| e.unwrap().path()).filter(|p| p.to_string_lossy().ends_with(".jsonl")).collect();
    names.sort();
    assert!(!names.is_empty(), "no gold files in {}", gold.display());
    for g in names {
        let stem = g.file_name().unwrap().to_string_lossy().trim_end_matches(".jsonl").to_string();
        let doc = docs.join(format!("{stem}.txt"));
        let text = std::fs::read_to_string(&doc).unwrap();
        let name = doc.to_string_lossy().to_string();
        let facts = extractor.extract_with(&text, &DocumentInfo { name: Some(&name), ..Default::default() }).facts;
        let golds: Vec<Value> = std::fs::read_to_string(&g).unwrap().lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect();
        let mut pairs = Vec::new();
        for (i, gf) in golds.iter().enumerate() {
            let (gs, ge) = (gf["start"].as_u64().unwrap() as usize, gf["end"].as_u64().unwrap() as usize);
            for (j, p) in facts.iter().enumerate() {
                let o = ge.min(p.end).saturating_sub(gs.max(p.start));
                if o > 0 {
                    pairs.push((o, -((gs as i64 - p.start as i64).abs()), i, j));
                }
            }
        }
        pairs.sort_unstable_by(|a, b| b.cmp(a));
        let (mut gi, mut pj) = (vec![false; golds.len()], vec![false; facts.len()]);
        for (_, _, i, j) in pairs {
            if gi[i] || pj[j] {
                continue;
            }
            gi[i] = true;
            pj[j] = true;
            let (gf, p) = (&golds[i], &facts[j]);
            if gf["core"] == Value::Bool(false) {
                continue;
            }
            t.tp += 1;
            let checks: [(&'static str, bool); 6] = [
                ("value", same_value(&gf["value"], Some(p.value.to_f64())) && same_value(&gf["value_max"], p.value_max.map(|v| v.to_f64()))),
                ("unit", gf["unit"].as_str() == Some(&*p.unit)),
                ("kind", gf["kind"].as_str() == Some(p.kind.as_str())),
                ("approx", gf["approx"].as_str() == Some(p.approx.as_str())),
                ("subject", same_subject(gf["subject"].as_str().unwrap_or(""), p.subject.as_deref())),
                ("modality", gf["modality"].as_str() == p.modality.map(|m| m.as_str())),
            ];
            for (a, ok) in checks {
                *t.all.entry(a).or_default() += 1;
                *t.hit.entry(a).or_default() += ok as usize;
            }
        }
        t.fn_ += golds.iter().zip(&gi).filter(|(g, m)| !**m && g["core"] != Value::Bool(false)).count();
        t.fp += pj.iter().filter(|m| !**m).count();
    }
    t
}

fn report(name: &str, t: &Tally) {
    eprintln!(
        "{name}: detection F1 {:.3} (tp {}, fp {}, fn {}); value {:.3} unit {:.3} kind {:.3} approx {:.3} subject {:.3} modality {:.3}",
        t.f1(), t.tp, t.fp, t.fn_,
        t.accuracy("value"), t.accuracy("unit"), t.accuracy("kind"), t.accuracy("approx"), t.accuracy("subject"), t.accuracy("modality")
    );
}

#[test]
fn bundled_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let docs: Vec<_> = std::fs::read_dir(root.join("docs")).unwrap().collect();
    assert!(docs.len() >= 10, "corpus/ holds at least 10 documents");
    let t = score_dir(&root.join("docs"), &root.join("gold"));
    report("corpus/", &t);
    assert!(t.f1() >= 0.97, "detection F1 {:.3}", t.f1());
    for (a, floor) in [("value", 0.98), ("unit", 0.98), ("kind", 0.97), ("approx", 0.97), ("subject", 0.65), ("modality", 0.85)] {
        assert!(t.accuracy(a) >= floor, "{a} {:.3} < {floor}", t.accuracy(a));
    }
}

/// Uses ../shared/corpus (the project's dev set); skipped when absent.
#[test]
fn shared_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !root.join("gold").is_dir() {
        eprintln!("skipped: ../shared/corpus is not present");
        return;
    }
    let t = score_dir(&root.join("docs"), &root.join("gold"));
    report("../shared/corpus", &t);
    assert!(t.f1() >= 0.97, "detection F1 {:.3}", t.f1());
    for (a, floor) in [("value", 0.98), ("unit", 0.98), ("kind", 0.97), ("approx", 0.97), ("subject", 0.85), ("modality", 0.90)] {
        assert!(t.accuracy(a) >= floor, "{a} {:.3} < {floor}", t.accuracy(a));
    }
}
