//! The canonical CSV reader (SPEC §3) on arbitrary bytes: it may reject rows or the header,
//! never panic, and its counts must reconcile.
#![no_main]

use std::sync::Arc;

use invitescope::ingest::canonical::{read_canonical_with_limits, FileError};
use invitescope::ingest::records::RecordLimits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source: Arc<str> = Arc::from("fuzz.csv");
    // The first byte picks strict mode and a zone, so both paths and naive-time handling run.
    let (strict, zone) = match data.first() {
        Some(b) if b & 1 == 1 => (true, chrono_tz::America::Los_Angeles),
        _ => (false, chrono_tz::Tz::UTC),
    };
    // The second, when its top bit is set, picks record limits of 8 bytes to 1 KiB and 2 to 16
    // fields, so rows over them, and quotes left open past them, turn up in inputs of a few KB.
    let limits = match data.get(1) {
        Some(b) if b & 0x80 != 0 => RecordLimits {
            max_bytes: 8 << (b & 7),
            max_fields: 2 << ((b >> 3) & 3),
        },
        _ => RecordLimits::DEFAULT,
    };
    match read_canonical_with_limits(data, &source, zone, strict, limits) {
        Ok(contents) => {
            assert_eq!(
                contents.rows_read,
                (contents.invitations.len() + contents.rejects.len()) as u64,
                "every data row is an invitation or a reject"
            );
            for reject in &contents.rejects {
                assert!(reject.line >= 2, "a data row lies after the header");
            }
        }
        Err(FileError::TooLong { line, reason }) => {
            assert!(line >= 1, "lines count from 1");
            assert!(!reason.is_empty());
        }
        Err(_) => {}
    }
});
