//! Integration tests: the real binary on small inputs written by each test, and the tagger's
//! accuracy report (`eval`: `cargo test --test cli eval -- --nocapture` prints its tables).

mod eval;
mod generate;
mod history;
mod ingest;
mod linkedin;
mod metrics;
mod nasty;
mod properties;
mod report;
mod senders;
mod snapshots;
mod support;
mod tagging;
