//! `zhfacts numbers`: every number in each line of stdin.
//!
//! Lines that are not valid UTF-8 are read with replacement characters
//! (a column of numbers should not stop at one bad byte); a note on stderr
//! says how many lines needed it.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

pub fn run() -> std::io::Result<ExitCode> {
    let mut input = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut buf = Vec::new();
    let mut damaged = 0usize;
    let mut line_no = 0usize;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        let line = String::from_utf8_lossy(&buf);
        damaged += matches!(line, std::borrow::Cow::Owned(_)) as usize;
        for n in zhfacts::numbers::find_numbers(&line) {
            let start = line[..n.start].chars().count();
            let end = start + n.text.chars().count();
            let row = serde_json::json!({
                "line": line_no, "start": start, "end": end, "text": n.text,
                "value": n.value, "value_max": n.value_max, "approx": n.approx,
            });
            serde_json::to_writer(&mut out, &row)?;
            out.write_all(b"\n")?;
        }
        line_no += 1;
    }
    out.flush()?;
    if damaged > 0 {
        eprintln!("zhfacts: {damaged} line(s) were not valid UTF-8; bad bytes were replaced");
    }
    Ok(ExitCode::SUCCESS)
}
