//! Runs the context cases of `tests/testdata/context.toml`: subject,
//! modality, year, since, place, per, kind and approx of named facts.

use serde::Deserialize;
use zhfacts::{DocumentInfo, Extractor, Fact};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    rule: String,
    text: String,
    name: Option<String>,
    reference_year: Option<i32>,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
struct Expect {
    quantity: String,
    subject: Option<String>,
    modality: Option<String>,
    year: Option<i32>,
    since: Option<i32>,
    place: Option<String>,
    per: Option<Vec<String>>,
    kind: Option<String>,
    unit: Option<String>,
    approx: Option<String>,
}

fn mismatches(f: &Fact<'_>, e: &Expect) -> Vec<String> {
    let mut bad = Vec::new();
    let mut cmp = |field: &str, got: Option<String>, want: &Option<String>| {
        if want.is_some() && &got != want {
            bad.push(format!("{field} {got:?} != {want:?}"));
        }
    };
    cmp("subject", f.subject.clone(), &e.subject);
    cmp("modality", f.modality.map(|m| m.as_str().to_string()), &e.modality);
    cmp("year", f.year.map(|y| y.to_string()), &e.year.map(|y| y.to_string()));
    cmp("since", f.since.map(|y| y.to_string()), &e.since.map(|y| y.to_string()));
    cmp("place", f.place.as_deref().map(str::to_string), &e.place);
    cmp("per", Some(f.per.join(",")), &e.per.as_ref().map(|p| p.join(",")));
    cmp("kind", Some(f.kind.as_str().to_string()), &e.kind);
    cmp("unit", Some(f.unit.to_string()), &e.unit);
    cmp("approx", Some(f.approx.as_str().to_string()), &e.approx);
    bad
}

#[test]
fn context_cases() {
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/testdata/context.toml")).unwrap();
    let cases: Cases = toml::from_str(&data).expect("context.toml parses");
    let extractor = Extractor::new();
    let mut failures = Vec::new();
    for case in &cases.case {
        let info = DocumentInfo { name: case.name.as_deref(), reference_year: case.reference_year, place: None };
        let facts = extractor.extract_with(&case.text, &info).facts;
        for e in &case.expect {
            match facts.iter().find(|f| f.quantity == e.quantity) {
                None => failures.push(format!("[{}] no fact {:?} in {:?}", case.rule, e.quantity, facts.iter().map(|f| f.quantity).collect::<Vec<_>>())),
                Some(f) => {
                    let bad = mismatches(f, e);
                    if !bad.is_empty() {
                        failures.push(format!("[{}] {}: {}", case.rule, e.quantity, bad.join("; ")));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} context expectations fail:\n{}", failures.len(), failures.join("\n"));
}
