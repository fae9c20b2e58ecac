//! -j2 against -j1 on a generated archive: identical output, and (on an
//! otherwise idle 2-core machine, output discarded) at least 1.7× faster. Timing depends on
//! the machine, so this runs only on request:
//! `ZHFACTS_SPEED_MB=200 cargo test --release --test cli_speed -- --ignored --nocapture`.

mod cli_common;
use cli_common::*;
use std::time::Instant;

#[test]
#[ignore = "timing: run with --release -- --ignored"]
fn two_jobs_are_faster_and_identical() {
    let mb: usize = std::env::var("ZHFACTS_SPEED_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(50);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs");
    std::fs::create_dir(&dir).unwrap();
    let (mut total, mut i) = (0, 0);
    while total < mb << 20 {
        let text = (0..20).map(|k| page(i * 20 + k)).collect::<String>();
        total += text.len();
        std::fs::write(dir.join(format!("2020-01-01_{i:06}.txt")), text).unwrap();
        i += 1;
    }
    // Round 1 writes the output to files and checks -j1 and -j2 agree (its
    // times are printed: with gigabytes of JSON Lines they measure the disk).
    // The speed-up is timed with the output discarded (`-o /dev/null`), so
    // that it measures the program, not the disk it writes to.
    let mut on_disk = [0.0; 2];
    let mut outs = Vec::new();
    for (k, jobs) in ["1", "2"].into_iter().enumerate() {
        let out = tmp.path().join(format!("j{jobs}.jsonl"));
        let t = Instant::now();
        let o = run(&["extract", p(&dir), "-j", jobs, "-o", p(&out), "-q"]);
        on_disk[k] = t.elapsed().as_secs_f64();
        assert_eq!(code(&o), 0);
        outs.push(std::fs::read(&out).unwrap());
        std::fs::remove_file(&out).unwrap();
    }
    assert!(outs.windows(2).all(|w| w[0] == w[1]), "output differs between -j1 and -j2");
    let out_bytes = outs[0].len();
    drop(outs);
    let mut best = [f64::MAX; 2];
    for _round in 0..2 {
        for (k, jobs) in ["1", "2"].into_iter().enumerate() {
            let t = Instant::now();
            let o = run(&["extract", p(&dir), "-j", jobs, "-o", "/dev/null", "-q"]);
            best[k] = best[k].min(t.elapsed().as_secs_f64());
            assert_eq!(code(&o), 0);
        }
    }
    let ratio = best[0] / best[1];
    eprintln!(
        "{i} files, {:.0} MB: output discarded: -j1 {:.2} s, -j2 {:.2} s, speed-up {ratio:.2}×; {:.0} MB written to disk: -j1 {:.2} s, -j2 {:.2} s",
        total as f64 / 1e6,
        best[0],
        best[1],
        out_bytes as f64 / 1e6,
        on_disk[0],
        on_disk[1]
    );
    assert!(ratio >= 1.7, "speed-up {ratio:.2} < 1.7");
}
