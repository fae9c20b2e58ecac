//! Helpers of the command-line tests: running the binary and writing
//! archives of generated pages (sentences written for these tests).
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhfacts"));
    c.env_remove("ZHFACTS_TEST_PANIC");
    c
}

/// Runs `zhfacts ARGS`, stdin closed.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("zhfacts runs")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A page of county news, its figures varied by `i`.
pub fn page(i: usize) -> String {
    let n = |k: usize| (i * 7919 + k * 104_729) % 900 + 100;
    format!(
        "县域经济稳步向好\n\
         本报讯 近年来，全县上下持续推进乡村振兴，各项工作取得新进展。\n\
         今年全县粮食播种面积达到{}万亩，比上年增长{}.{}%。\n\
         全县共有脱贫户{}户、脱贫人口{}人，计划新建蔬菜大棚{}个。\n\
         县财政累计投入衔接资金{}万元，带动{}名群众就近务工。\n\
         截至目前，全镇已修建农村公路{}公里，存栏生猪{}头。\n\n",
        n(1),
        n(2) % 10,
        n(3) % 10,
        n(4),
        n(5) * 3,
        n(6) % 50,
        n(7),
        n(8),
        n(9) % 200,
        n(10) * 10,
    )
}

/// Facts of a JSON Lines output keyed by file name (doc's last component), `doc` removed.
pub fn facts_by_name(rows: &[Value]) -> std::collections::BTreeMap<String, Vec<Value>> {
    let mut m = std::collections::BTreeMap::<String, Vec<Value>>::new();
    for r in rows {
        let mut r = r.clone();
        let doc = r.as_object_mut().unwrap().remove("doc").unwrap();
        let name = Path::new(doc.as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        m.entry(name).or_default().push(r);
    }
    m
}
