//! `zhfacts numbers`: every number in each line of stdin.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

pub fn run() -> std::io::Result<ExitCode> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (line_no, line) in stdin.lock().lines().enumerate() {
        let line = line?;
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
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
