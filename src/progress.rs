//! What a run tells the person watching it, on stderr: stage messages, and a progress bar for
//! the long read of the inputs when stderr is a terminal (and nothing when it is not, so logs
//! and pipes stay clean).

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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

    /// A line only `--verbose` shows: a detail of the stage at hand.
    pub fn detail(&self, text: &str) {
        if self.verbosity == Verbosity::Verbose {
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
        self.bar_with(
            label,
            "{prefix} [{wide_bar}] {percent:>3}% {bytes}/{total_bytes} {bytes_per_sec} {eta} left",
        )
    }

    /// A bar over a count of invitations, as `bar`.
    pub fn count_bar(&self, label: &'static str) -> Bar {
        self.bar_with(
            label,
            "{prefix} [{wide_bar}] {percent:>3}% {human_pos}/{human_len} invitations {eta} left",
        )
    }

    fn bar_with(&self, label: &'static str, template: &str) -> Bar {
        // Hidden until the first update gives a total, so no "0 B/0 B" line flashes up.
        let bar = ProgressBar::hidden();
        bar.set_style(
            ProgressStyle::with_template(template)
                // The template is a constant: a failure here is a typo caught by the tests.
                .expect("a valid progress template")
                .progress_chars("#> "),
        );
        bar.set_prefix(label);
        Bar {
            bar,
            shown: false,
            enabled: self.terminal && self.verbosity != Verbosity::Quiet,
        }
    }
}

/// A progress bar on stderr (indicatif's, which fits it to the terminal's width and shows the
/// rate), erased when dropped so the next message starts on a clean line.
pub struct Bar {
    bar: ProgressBar,
    enabled: bool,
    shown: bool,
}

impl Bar {
    /// Shows `done` of `total` (bytes, or invitations for a `count_bar`).
    pub fn update(&mut self, done: u64, total: u64) {
        if self.bar.length() != Some(total) {
            self.bar.set_length(total);
        }
        self.bar.set_position(done.min(total));
        if self.enabled && !self.shown {
            self.shown = true;
            self.bar
                .set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// The process's peak resident memory so far (Linux's `VmHWM`), for `-v`; `None` elsewhere.
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_builds_and_follows_its_input() {
        let progress = Progress {
            verbosity: Verbosity::Normal,
            terminal: true,
        };
        let mut bar = progress.bar("reading");
        bar.update(5, 10);
        assert_eq!((bar.bar.position(), bar.bar.length()), (5, Some(10)));
        assert!(bar.shown);
        // Progress past the end (a file that grew while read) is shown as complete.
        bar.update(12, 10);
        assert_eq!(bar.bar.position(), 10);
    }
}
