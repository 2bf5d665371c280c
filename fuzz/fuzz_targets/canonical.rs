//! The canonical CSV reader (SPEC §3) on arbitrary bytes: it may reject rows or the header,
//! never panic, and its counts must reconcile.
#![no_main]

use std::sync::Arc;

use invitescope::ingest::canonical::read_canonical;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source: Arc<str> = Arc::from("fuzz.csv");
    // The first byte picks strict mode and a zone, so both paths and naive-time handling run.
    let (strict, zone) = match data.first() {
        Some(b) if b & 1 == 1 => (true, chrono_tz::America::Los_Angeles),
        _ => (false, chrono_tz::Tz::UTC),
    };
    if let Ok(contents) = read_canonical(data, &source, zone, strict) {
        assert_eq!(
            contents.rows_read,
            (contents.invitations.len() + contents.rejects.len()) as u64,
            "every data row is an invitation or a reject"
        );
        for reject in &contents.rejects {
            assert!(reject.line >= 2, "a data row lies after the header");
        }
    }
});
