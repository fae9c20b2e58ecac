//! The batch command's inputs, metadata, formats, faults and exit codes,
//! and `summary`.

mod cli_common;
use cli_common::*;
use encoding_rs::GB18030;
use serde_json::Value;
use std::io::Write;
use std::process::Stdio;

#[test]
fn stdin_json_lines_to_stdout() {
    let input = [
        serde_json::json!({"id": "a", "text": "今年全县新建蔬菜大棚120个。", "date": "2019-06-21"}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"id": "b"}).to_string(),
        serde_json::json!({"id": "c", "text": "全县共有脱贫户516户。", "date": 2021, "place": "交口县"}).to_string(),
    ];
    let mut child = bin().args(["extract", "--stdin", "-q"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all((input.join("\n") + "\n").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 1, "two bad lines fail");
    assert!(o.stderr.is_empty(), "quiet");
    let rows: Vec<Value> = String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!((rows[0]["doc"].as_str(), rows[0]["quantity"].as_str(), rows[0]["year"].as_i64()), (Some("a"), Some("120个"), Some(2019)));
    assert_eq!((rows[1]["doc"].as_str(), rows[1]["place"].as_str()), (Some("c"), Some("交口县")));
}

#[test]
fn metadata_and_date_set_year_and_place() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("p1.txt"), "今年新建蔬菜大棚120个。").unwrap();
    std::fs::write(tmp.path().join("p2.txt"), "今年新建蔬菜大棚80个。").unwrap();
    let md = tmp.path().join("docs.csv");
    std::fs::write(&md, "path,date,place\np1.txt,2018-03-02,石楼县\n").unwrap();
    let out = tmp.path().join("f.jsonl");
    let o = run(&["extract", p(tmp.path()), "--metadata", p(&md), "--date", "2022", "-o", p(&out), "-q"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let rows = read_jsonl(&out);
    assert_eq!((rows[0]["year"].as_i64(), rows[0]["place"].as_str()), (Some(2018), Some("石楼县")));
    assert_eq!(rows[1]["year"].as_i64(), Some(2022));
    std::fs::write(&md, "path,date\np1.txt,someday\n").unwrap();
    assert_eq!(code(&run(&["extract", p(tmp.path()), "--metadata", p(&md)])), 2);
}

#[test]
fn formats_agree_and_summaries_match() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    std::fs::create_dir(&dir).unwrap();
    for i in 0..12 {
        std::fs::write(dir.join(format!("2021-05-{:02}.txt", i + 1)), page(i)).unwrap();
    }
    let (j, c, s) = (tmp.path().join("f.jsonl"), tmp.path().join("f.csv"), tmp.path().join("f.db"));
    for out in [&j, &c, &s] {
        let o = run(&["extract", p(&dir), "-o", p(out), "-q"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    let csv = std::fs::read_to_string(&c).unwrap();
    assert_eq!(
        csv.lines().next().unwrap(),
        "doc,start,end,byte_start,byte_end,quantity,value,value_max,unit,kind,approx,approx_marker,subject,modality,year,since,place,place_code,per,core,article,sentence"
    );
    let facts = read_jsonl(&j).len();
    let conn = rusqlite::Connection::open(&s).unwrap();
    let q = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(q("SELECT COUNT(*) FROM facts") as usize, facts);
    assert_eq!(q("SELECT COUNT(*) FROM documents WHERE status = 'ok'"), 12);
    assert!(q("SELECT COUNT(*) FROM articles") >= 12);
    assert!(q("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE '%place, year, subject%'") == 1);
    let summaries: Vec<Vec<u8>> = [&j, &c, &s].iter().map(|f| run(&["summary", p(f)]).stdout).collect();
    assert!(summaries[0].len() > 100);
    assert!(summaries[0] == summaries[1] && summaries[1] == summaries[2], "{}", String::from_utf8_lossy(&summaries[0]));
    let head = String::from_utf8_lossy(&summaries[0]).lines().next().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(head, "place year subject unit count sum");
}

#[test]
fn faults_are_recorded_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("boom.txt"), page(1)).unwrap();
    std::fs::write(dir.join("large.txt"), page(2).repeat(20)).unwrap();
    std::fs::write(dir.join("fine.txt"), page(3)).unwrap();
    std::fs::write(dir.join("gbk.txt"), GB18030.encode(&page(4)).0).unwrap();
    let (out, man) = (tmp.path().join("f.jsonl"), tmp.path().join("m.csv"));
    let o = bin()
        .env("ZHFACTS_TEST_PANIC", "boom")
        .args(["extract", p(&dir), "--max-bytes", "4K", "-o", p(&out), "--manifest", p(&man)])
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "the panic is not printed: {err}");
    assert!(err.contains("boom.txt: panic: ZHFACTS_TEST_PANIC"), "{err}");
    let man = std::fs::read_to_string(&man).unwrap();
    assert!(man.starts_with("path,bytes,encoding,replaced_bytes,facts,status,error,reference_year,date_source\n"));
    let row = |name: &str| man.lines().find(|l| l.contains(name)).unwrap().to_string();
    assert!(row("boom.txt").contains(",failed,panic: "), "{man}");
    assert!(row("large.txt").contains(",failed,too large"), "{man}");
    assert!(row("fine.txt").contains(",ok,"), "{man}");
    assert!(row("gbk.txt").contains(",gb18030,0,"), "{man}");

    // Forcing the wrong encoding makes the GB18030 page undecodable.
    let o = run(&["extract", p(&dir.join("gbk.txt")), "--encoding", "utf-8", "--manifest", p(&tmp.path().join("m.jsonl")), "-o", p(&out)]);
    assert_eq!(code(&o), 1);
    let m = read_jsonl(&tmp.path().join("m.jsonl"));
    assert!(m[0]["error"].as_str().unwrap().starts_with("undecodable"), "{m:?}");
    assert_eq!(code(&run(&["extract", p(&dir.join("gbk.txt")), "--encoding", "gb18030", "-o", p(&out), "-q"])), 0);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&run(&["extract"])), 2);
    assert_eq!(code(&run(&["extract", "x", "--no-such-flag"])), 2);
    assert_eq!(code(&run(&["extract", "x", "--date", "June"])), 2);
    assert_eq!(code(&run(&["extract", "x", "--encoding", "klingon"])), 2);
    assert_eq!(code(&run(&["extract", "x", "--format", "sqlite"])), 2, "sqlite needs -o");
    assert_eq!(code(&run(&["frobnicate"])), 2);
}

#[test]
fn numbers_still_reads_stdin() {
    let mut child = bin().arg("numbers").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all("投入资金4076.57万元\n".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0);
    let v: Value = serde_json::from_slice(o.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(v["line"], 0);
}

#[test]
fn numbers_reads_past_bad_bytes_and_crlf() {
    let mut child = bin().arg("numbers").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"\xff\xfe\xe4\xb8\x89\xe7\x99\xbe\r\n1.5\xe4\xb8\x87\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0);
    let rows: Vec<Value> = o.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0]["line"].as_u64(), rows[0]["value"].as_i64()), (Some(0), Some(300)));
    assert_eq!((rows[1]["line"].as_u64(), rows[1]["value"].as_i64()), (Some(1), Some(15000)));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not valid UTF-8"));
}

/// Devices cannot be truncated: `-o /dev/null` (a dry run) must still work.
#[cfg(unix)]
#[test]
fn output_and_manifest_to_a_device() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), page(1)).unwrap();
    let o = run(&["extract", p(tmp.path()), "-o", "/dev/null", "--manifest", "/dev/null", "-q"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

/// A document read in pieces (`--split-bytes`) keeps offsets into the whole
/// document: the same quantities at the same offsets as read in one go.
#[test]
fn split_documents_keep_whole_document_offsets() {
    let tmp = tempfile::tempdir().unwrap();
    let text: String = (0..40).map(page).collect();
    let doc = tmp.path().join("big.txt");
    std::fs::write(&doc, &text).unwrap();
    let spans = |split: &str| -> Vec<(u64, u64, u64, u64, String)> {
        let out = tmp.path().join(format!("split{split}.jsonl"));
        let o = run(&["extract", p(&doc), "--split-bytes", split, "-o", p(&out), "-q"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        read_jsonl(&out)
            .iter()
            .map(|f| {
                let n = |k: &str| f[k].as_u64().unwrap();
                (n("start"), n("end"), n("byte_start"), n("byte_end"), f["quantity"].as_str().unwrap().to_string())
            })
            .collect()
    };
    let whole = spans("0");
    let pieces = spans("2K");
    assert!(whole.len() > 300, "{} facts", whole.len());
    assert_eq!(whole, pieces);
    let chars: Vec<char> = text.chars().collect();
    for (s, e, bs, be, q) in &pieces {
        assert_eq!(&text[*bs as usize..*be as usize], q);
        assert_eq!(chars[*s as usize..*e as usize].iter().collect::<String>(), *q);
    }
}
