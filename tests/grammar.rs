//! Runs the data-driven grammar cases of `tests/testdata/numbers.toml`:
//! each case through `zhfacts::numbers::find_numbers`, and through the
//! extractor where it names a unit, kind, quantity or a fact count.

use serde::Deserialize;
use zhfacts::numbers::find_numbers;
use zhfacts::{Approx, Extractor};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    input: String,
    text: Option<String>,
    value: Option<toml::Value>,
    value_max: Option<toml::Value>,
    approx: Option<String>,
    index: Option<usize>,
    unit: Option<String>,
    kind: Option<String>,
    quantity: Option<String>,
    facts: Option<usize>,
}

fn decimal(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => zhfacts::Decimal::parse(&format!("{f}")).map(|d| d.to_string()).unwrap_or(f.to_string()),
        other => panic!("value must be a number, got {other:?}"),
    }
}

fn approx_name(a: Approx) -> &'static str {
    a.as_str()
}

/// Checks one case; returns a description of each mismatch.
fn check(case: &Case, extractor: &Extractor) -> Vec<String> {
    let mut bad = Vec::new();
    if case.value.is_some() || case.text.is_some() {
        let found = find_numbers(&case.input);
        let k = case.index.unwrap_or(0);
        match found.get(k) {
            None => bad.push(format!("no number #{k} (found {})", found.len())),
            Some(n) => {
                if let Some(t) = &case.text {
                    if n.text != t {
                        bad.push(format!("text {:?} != {:?}", n.text, t));
                    }
                }
                if let Some(v) = &case.value {
                    if n.value.to_string() != decimal(v) {
                        bad.push(format!("value {} != {}", n.value, decimal(v)));
                    }
                }
                let want_max = case.value_max.as_ref().map(decimal);
                if n.value_max.map(|v| v.to_string()) != want_max {
                    bad.push(format!("value_max {:?} != {:?}", n.value_max.map(|v| v.to_string()), want_max));
                }
                let want_approx = case.approx.as_deref().unwrap_or("exact");
                if approx_name(n.approx) != want_approx {
                    bad.push(format!("approx {} != {}", approx_name(n.approx), want_approx));
                }
            }
        }
    }
    let facts = extractor.extract(&case.input);
    let core: Vec<_> = facts.iter().filter(|f| f.core).collect();
    if let Some(n) = case.facts {
        if core.len() != n {
            bad.push(format!("{} core facts, want {n}: {:?}", core.len(), core.iter().map(|f| f.quantity).collect::<Vec<_>>()));
        }
    }
    if case.unit.is_some() || case.kind.is_some() || case.quantity.is_some() {
        let want_q = case.quantity.as_deref();
        let fact = facts.iter().find(|f| want_q.is_none_or(|q| f.quantity == q)).or(facts.first());
        match fact {
            None => bad.push("no fact".to_string()),
            Some(f) => {
                if want_q.is_some_and(|q| f.quantity != q) {
                    bad.push(format!("quantity {:?} != {:?}", f.quantity, want_q.unwrap()));
                }
                if case.unit.as_deref().is_some_and(|u| f.unit != u) {
                    bad.push(format!("unit {:?} != {:?}", f.unit, case.unit.as_deref().unwrap()));
                }
                if case.kind.as_deref().is_some_and(|k| f.kind.as_str() != k) {
                    bad.push(format!("kind {:?} != {:?}", f.kind.as_str(), case.kind.as_deref().unwrap()));
                }
            }
        }
    }
    bad
}

#[test]
fn grammar_cases() {
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/testdata/numbers.toml")).unwrap();
    let cases: Cases = toml::from_str(&data).expect("numbers.toml parses");
    assert!(cases.case.len() >= 150, "the grammar needs at least 150 cases");
    let extractor = Extractor::new();
    let mut failures = Vec::new();
    for case in &cases.case {
        let bad = check(case, &extractor);
        if !bad.is_empty() {
            failures.push(format!("{:?}: {}", case.input, bad.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} grammar cases fail:\n{}", failures.len(), cases.case.len(), failures.join("\n"));
}
