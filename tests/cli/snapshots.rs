//! Snapshots of the report's text files on one small fixed input: any change to what a user
//! reads in summary.md or the CSV tables shows up as a diff to review, not only the changes a
//! hand-written assertion thought to look for.
//!
//! The input, `tests/fixtures/snapshot-invites.csv`, is 300 synthetic invitations from
//! `invitescope generate --rows 300 --seed 5`, then one duplicate row and two bad rows. When an
//! output changes on purpose, run `INSTA_UPDATE=always cargo test --test cli snapshots` (or
//! `cargo insta review`) and read the diff before committing the new `.snap` files.

use crate::support::TestEnv;

#[test]
fn report_files_on_a_fixed_input() {
    let env = TestEnv::new();
    let input = include_str!("../fixtures/snapshot-invites.csv");
    env.write("invites.csv", input);
    for month in ["2026-08", "all"] {
        env.run(&[
            "report",
            "invites.csv",
            "--month",
            month,
            "--as-of",
            "2026-10-31",
            "--no-senders",
            "--out",
            "reports",
            "-q",
        ])
        .success();
        for file in [
            "summary.md",
            "metrics.csv",
            "comparisons.csv",
            "trend.csv",
            "companies.csv",
            "rejects.csv",
        ] {
            let text = env.read(&format!("reports/{month}/{file}"));
            insta::assert_snapshot!(format!("{month}_{file}"), text);
        }
    }
}
