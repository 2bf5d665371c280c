//! The library's error type and the exit code each error maps to (docs/inputs.md, Exit codes).

use std::path::PathBuf;

/// Everything that can stop a run. Messages quote the bad value and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Arguments that parse but make no sense together (exit 2).
    #[error("{0}")]
    Usage(String),

    /// An input that does not exist or cannot be read (exit 66).
    #[error("cannot read {}: {source}; check the path and its permissions", path.display())]
    InputUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },

    /// An input that exists but is not something invitescope reads (exit 66).
    #[error("{}: {message}", path.display())]
    InputUnsupported { path: PathBuf, message: String },

    /// Data that cannot be used: a bad row under `--strict`, a missing required column, no
    /// valid row at all, no invitation in the requested month, or an input that changed while
    /// the streamed report read it twice (exit 65).
    #[error("{0}")]
    BadData(String),

    /// An output that cannot be created or written (exit 73).
    #[error("cannot write {}: {source}; check that the folder is writable", path.display())]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },

    /// An output path that holds something an overwrite would destroy (exit 73).
    #[error("{}: {message}", path.display())]
    OutputRefused { path: PathBuf, message: String },

    /// Standard output was closed or failed (exit 73; a closed pipe is not an error).
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),

    /// A bug or an unexpected failure inside a stage (exit 1).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The process exit code documented in docs/inputs.md (sysexits.h values).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::BadData(_) => 65,
            Error::InputUnreadable { .. } | Error::InputUnsupported { .. } => 66,
            Error::Output { .. } | Error::OutputRefused { .. } | Error::Stdout(_) => 73,
            Error::Internal(_) => 1,
        }
    }

    /// A failed write to standard output; a reader that closed the pipe (`| head`) is fine.
    pub(crate) fn stdout(source: std::io::Error) -> Result<()> {
        match source.kind() {
            std::io::ErrorKind::BrokenPipe => Ok(()),
            _ => Err(Error::Stdout(source)),
        }
    }

    pub(crate) fn output(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Output {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
