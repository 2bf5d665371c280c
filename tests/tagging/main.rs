//! Tagging quality and the `tag` / `rules` commands.
//!
//! `eval` measures the tagger against labelled notes and headlines and prints per-label
//! precision and recall (run `cargo test --test tagging -- --nocapture` to see the tables).

mod cli;
mod eval;
