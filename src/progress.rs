//! What a run tells the person watching it, on stderr: stage messages, and a progress bar for
//! the long read of the inputs when stderr is a terminal (nothing when it is not).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::config::Verbosity;

/// Stage messages and bars, silenced by `--quiet`.
pub struct Progress {
    verbosity: Verbosity,
    terminal: bool,
}

impl Progress {
    pub fn new(verbosity: Verbosity) -> Progress {
        Progress {
            verbosity,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// A one-line message, unless quiet.
    pub fn say(&self, text: &str) {
        if self.verbosity != Verbosity::Quiet {
            eprintln!("invitescope: {text}");
        }
    }

    /// Runs one stage; with `--verbose`, says when it starts and how long it took.
    pub fn stage<T>(&self, name: &str, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        if self.verbosity == Verbosity::Verbose {
            eprintln!("invitescope: {name}…");
        }
        let result = work();
        if self.verbosity == Verbosity::Verbose {
            let peak =
                peak_memory_mb().map_or(String::new(), |mb| format!(", peak memory {mb} MB"));
            eprintln!(
                "invitescope: {name} done in {:.2} s{peak}",
                started.elapsed().as_secs_f64()
            );
        }
        result
    }

    /// A bar over a byte count, drawn only on a terminal and not when quiet.
    pub fn bar(&self, label: &'static str) -> Bar {
        Bar {
            label,
            enabled: self.terminal && self.verbosity != Verbosity::Quiet,
            started: Instant::now(),
            last_drawn: None,
        }
    }
}

/// A progress bar on stderr, redrawn at most ten times a second and erased when dropped.
pub struct Bar {
    label: &'static str,
    enabled: bool,
    started: Instant,
    last_drawn: Option<Instant>,
}

impl Bar {
    const WIDTH: u64 = 30;

    /// Shows `done` of `total` bytes.
    pub fn update(&mut self, done: u64, total: u64) {
        // Short runs finish before a bar would help; start drawing after half a second.
        let now = Instant::now();
        let due = self
            .last_drawn
            .is_none_or(|t| now - t >= Duration::from_millis(100));
        if !self.enabled || !due || now - self.started < Duration::from_millis(500) {
            return;
        }
        self.last_drawn = Some(now);
        let total = total.max(1);
        let filled = (done.min(total) * Self::WIDTH / total) as usize;
        let empty = Self::WIDTH as usize - filled;
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r{} [{}{}] {:>3}% {:.0}/{:.0} MB",
            self.label,
            "#".repeat(filled),
            " ".repeat(empty),
            done.min(total) * 100 / total,
            done as f64 / 1e6,
            total as f64 / 1e6
        );
        let _ = err.flush();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if self.last_drawn.is_some() {
            // Erase the bar so the next message starts on a clean line.
            eprint!("\r{}\r", " ".repeat(80));
        }
    }
}

/// The process's peak resident memory so far (Linux's `VmHWM`), for `-v`; `None` elsewhere.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
