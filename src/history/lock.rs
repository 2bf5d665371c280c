//! One run at a time per store: an advisory lock on `DIR/.lock`, which the operating system
//! releases when the process ends, however it ends (a `kill -9` leaves no stale lock).

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

/// Held, never read: dropping it closes the file, which releases the lock.
pub(super) struct StoreLock {
    _file: File,
}

impl StoreLock {
    /// Takes the lock; when another run holds it, calls `on_wait` and waits for it.
    pub(super) fn acquire(dir: &Path, on_wait: impl FnOnce()) -> Result<StoreLock> {
        let path = dir.join(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::output(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                on_wait();
                file.lock().map_err(|e| Error::output(&path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(Error::output(&path, e)),
        }
        Ok(StoreLock { _file: file })
    }
}
