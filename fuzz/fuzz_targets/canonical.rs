//! The canonical CSV reader (docs/inputs.md) on arbitrary bytes: it may reject rows or the header,
//! never panic, and its counts must reconcile.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The case itself lives in the library, so that the crashes it finds replay as tests.
fuzz_target!(|data: &[u8]| invitescope::ingest::canonical::fuzz_case(data));
