//! Handing memory the run has freed back to the system between the tag stage's steps, and
//! before the metrics (`stream::run`, `history_run::run`).
//!
//! The tag stage's worker threads allocate millions of small values (words, names, reasons,
//! masked notes) in glibc's per-thread arenas. Freed, they leave free pages among the live ones,
//! which glibc keeps rather than returns: at a million invitations the process held some 200 MB
//! more than it used, and the next step's allocations came on top. `malloc_trim` hands those
//! pages back (it also walks the middle of each arena, not only its top, since glibc 2.8).

/// Returns the free pages of every arena to the system. Takes about 20 ms at a million
/// invitations. A no-op where the allocator is not glibc's.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: `malloc_trim` takes no pointer, is thread-safe in glibc, and only releases
        // memory that no allocation holds.
        unsafe {
            malloc_trim(0);
        }
    }
}
