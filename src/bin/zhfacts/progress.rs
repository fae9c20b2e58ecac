//! Progress on stderr when it is a terminal: documents, MB/s, ETA.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

pub struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    start: Instant,
    bytes: u64,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {pos}/{len} documents  {msg}  {elapsed_precise} ETA {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, quiet, start: Instant::now(), bytes: 0 }
    }

    /// Sets the number of documents expected, once known (counted on another thread).
    pub fn total_from(&self, count: impl FnOnce() -> u64 + Send + 'static) {
        if let Some(bar) = self.bar.clone() {
            std::thread::spawn(move || bar.set_length(count()));
        }
    }

    pub fn advance(&mut self, docs: u64, bytes: u64) {
        self.bytes += bytes;
        if let Some(bar) = &self.bar {
            bar.inc(docs);
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{:.1} MB/s", self.bytes as f64 / 1e6 / secs));
        }
    }

    /// A line on stderr (above the bar), unless quiet.
    pub fn say(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.println(msg),
            None if !self.quiet => eprintln!("{msg}"),
            None => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
