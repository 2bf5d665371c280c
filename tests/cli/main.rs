//! Integration tests: the real binary on small inputs written by each test.

mod generate;
mod ingest;
mod linkedin;
mod metrics;
mod nasty;
mod properties;
mod report;
mod senders;
mod support;
