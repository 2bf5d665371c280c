//! A temporary folder to run the real binary in, with failure messages that show what ran.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("creating a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the folder and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Makes a named pipe in the folder with `mkfifo`; false where that cannot be done.
    pub fn fifo(&self, name: &str) -> bool {
        Command::new("mkfifo")
            .arg(self.dir.path().join(name))
            .status()
            .is_ok_and(|s| s.success())
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.dir.path().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    /// Runs invitescope with the folder as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_invitescope"))
            .args(args)
            .current_dir(self.dir.path())
            .env("POLARS_MAX_THREADS", "2")
            .output()
            .expect("starting invitescope");
        Run {
            command: format!("invitescope {}", args.join(" ")),
            output,
        }
    }

    /// Runs invitescope like `run`, but kills it and fails the test when it takes longer than
    /// `limit` (a hang), and fails when it panics (exit 101) or dies from a signal.
    pub fn run_guarded(&self, args: &[&str], limit: Duration) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_invitescope"));
        command.args(args);
        self.guard(command, format!("invitescope {}", args.join(" ")), limit)
    }

    /// `run_guarded` with the process's address space capped at `kilobytes` (`ulimit -v`), so
    /// an allocation past it fails and the run aborts with a signal, which fails the test.
    pub fn run_guarded_within(&self, kilobytes: u64, args: &[&str], limit: Duration) -> Run {
        let description = format!(
            "sh -c 'ulimit -v {kilobytes}; exec invitescope {}'",
            args.join(" ")
        );
        self.guard(within(kilobytes, args), description, limit)
    }

    /// Whether invitescope exits 0 with its address space capped at `kilobytes`.
    pub fn succeeds_within(&self, kilobytes: u64, args: &[&str]) -> bool {
        within(kilobytes, args)
            .current_dir(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn guard(&self, mut command: Command, command_line: String, limit: Duration) -> Run {
        let mut child = command
            .current_dir(self.dir.path())
            .env("POLARS_MAX_THREADS", "2")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting invitescope");
        // Drain both pipes on threads, so a chatty child cannot block on a full pipe.
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut bytes);
                }
                bytes
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for invitescope") {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("\ncommand: {command_line}\nstill running after {limit:?}: a hang");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let run = Run {
            command: command_line,
            output: Output {
                status,
                stdout: stdout.join().unwrap_or_default(),
                stderr: stderr.join().unwrap_or_default(),
            },
        };
        assert!(
            run.code().is_some_and(|c| c != 101),
            "\ncommand: {}\npanicked or was killed ({:?})\n--- stderr\n{}",
            run.command,
            run.output.status,
            run.stderr()
        );
        run
    }
}

/// invitescope run by `sh` after `ulimit -v kilobytes`; `exec` keeps its exit status its own.
fn within(kilobytes: u64, args: &[&str]) -> Command {
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -v \"$1\" && shift && exec \"$@\"", "sh"])
        .arg(kilobytes.to_string())
        .arg(env!("CARGO_BIN_EXE_invitescope"))
        .args(args)
        .env("POLARS_MAX_THREADS", "2");
    command
}

pub struct Run {
    command: String,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Asserts the exit code, printing the command and its output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            Some(code),
            "\ncommand: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.command,
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        self.expect_code(0)
    }
}

/// Asserts two texts are equal, showing the differing lines when they are not.
#[track_caller]
pub fn assert_lines_eq(got: &str, want: &str) {
    if got == want {
        return;
    }
    let mut report = String::new();
    let got_lines: Vec<&str> = got.lines().collect();
    let want_lines: Vec<&str> = want.lines().collect();
    for i in 0..got_lines.len().max(want_lines.len()) {
        let (g, w) = (got_lines.get(i), want_lines.get(i));
        if g != w {
            report.push_str(&format!(
                "line {}:\n  want: {:?}\n  got:  {:?}\n",
                i + 1,
                w,
                g
            ));
        }
    }
    panic!("texts differ:\n{report}");
}

/// Parses a CSV text into rows of cells (header included).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The column of a CSV (header row first) by name, as strings.
pub fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

/// Writes a zip archive holding `files` (name, bytes), deflated.
pub fn write_zip<N: AsRef<str>, B: AsRef<[u8]>>(target: &Path, files: &[(N, B)]) {
    use std::io::Write;
    let file = std::fs::File::create(target).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_ref(), options).unwrap();
        zip.write_all(bytes.as_ref()).unwrap();
    }
    zip.finish().unwrap();
}
