//! The parsers of a LinkedIn export's files (Invitations.csv, Connections.csv, messages.csv,
//! Profile.csv; see docs/inputs.md) on any bytes: a bad header is an error, a bad row a reject or a
//! counted note, never a panic.
#![no_main]

use invitescope::ingest::linkedin::parse_export_files;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    parse_export_files(data);
});
