//! `zhfacts summary FILE`: facts counted and summed by place × year ×
//! subject (and unit, since sums across units mean nothing), from a JSON
//! Lines, CSV or SQLite output of `extract`.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::ExitCode;

type Key = (String, Option<i64>, String, String);

#[derive(Default)]
struct Cell {
    count: u64,
    sum: f64,
}

pub fn run(file: &Path, csv_out: bool) -> Result<ExitCode, String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", file.display());
    let mut groups: BTreeMap<Key, Cell> = BTreeMap::new();
    let mut add = |place: Option<String>, year: Option<i64>, subject: Option<String>, unit: Option<String>, value: Option<f64>| {
        let c = groups.entry((place.unwrap_or_default(), year, subject.unwrap_or_default(), unit.unwrap_or_default())).or_default();
        c.count += 1;
        c.sum += value.unwrap_or(0.0);
    };
    let mut magic = [0u8; 16];
    let is_sqlite = std::fs::File::open(file).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"SQLite format 3\0";
    let is_csv = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_sqlite {
        let conn = rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| at(&e))?;
        let mut st = conn.prepare("SELECT place, year, subject, unit, value FROM facts ORDER BY doc_id, idx").map_err(|e| at(&e))?;
        let mut rows = st.query([]).map_err(|e| at(&e))?;
        while let Some(r) = rows.next().map_err(|e| at(&e))? {
            let g = |i| r.get::<_, Option<String>>(i);
            add(g(0).map_err(|e| at(&e))?, r.get(1).map_err(|e| at(&e))?, g(2).map_err(|e| at(&e))?, g(3).map_err(|e| at(&e))?, r.get(4).map_err(|e| at(&e))?);
        }
    } else if is_csv {
        let mut rdr = csv::Reader::from_path(file).map_err(|e| at(&e))?;
        let headers = rdr.headers().map_err(|e| at(&e))?.clone();
        let col = |n: &str| headers.iter().position(|h| h == n);
        let cols = [col("place"), col("year"), col("subject"), col("unit"), col("value")];
        for rec in rdr.records() {
            let rec = rec.map_err(|e| at(&e))?;
            let f = |i: usize| cols[i].and_then(|c| rec.get(c)).filter(|s| !s.is_empty()).map(str::to_string);
            add(f(0), f(1).and_then(|y| y.parse().ok()), f(2), f(3), f(4).and_then(|v| v.parse().ok()));
        }
    } else {
        let r = BufReader::new(std::fs::File::open(file).map_err(|e| at(&e))?);
        for (n, line) in r.lines().enumerate() {
            let line = line.map_err(|e| at(&e))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line).map_err(|e| at(&format!("line {}: {e}", n + 1)))?;
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            add(s("place"), v.get("year").and_then(Value::as_i64), s("subject"), s("unit"), v.get("value").and_then(Value::as_f64));
        }
    }
    let header = ["place", "year", "subject", "unit", "count", "sum"];
    let rows: Vec<[String; 6]> = groups
        .into_iter()
        .map(|((place, year, subject, unit), c)| [place, year.map(|y| y.to_string()).unwrap_or_default(), subject, unit, c.count.to_string(), number(c.sum)])
        .collect();
    let mut out = std::io::stdout().lock();
    let res = if csv_out {
        let mut w = csv::Writer::from_writer(out);
        std::iter::once(header.map(str::to_string)).chain(rows).try_for_each(|r| w.write_record(&r)).and_then(|_| w.flush().map_err(Into::into))
            .map_err(|e| e.to_string())
    } else {
        table(&mut out, &header, &rows).map_err(|e| e.to_string())
    };
    res.map(|_| ExitCode::SUCCESS)
}

/// A sum as written: whole numbers without a point, others to six decimals at most.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Display width: CJK and other wide characters count two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
}

fn table(out: &mut impl Write, header: &[&str; 6], rows: &[[String; 6]]) -> std::io::Result<()> {
    let show = |s: &str| if s.is_empty() { "-".to_string() } else { s.to_string() };
    let mut w: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(width(&show(c)));
        }
    }
    let line = |out: &mut dyn Write, cells: Vec<String>| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - width(c);
            if i >= 4 {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str("  ");
        }
        out.write_all(s.trim_end().as_bytes())?;
        out.write_all(b"\n")
    };
    line(out, header.iter().map(|h| h.to_string()).collect())?;
    for r in rows {
        line(out, r.iter().map(|c| show(c)).collect())?;
    }
    Ok(())
}
