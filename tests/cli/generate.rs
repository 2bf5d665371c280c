//! `invitescope generate`: seeded, reproducible synthetic data.

use crate::support::{column, csv_rows, TestEnv};

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let env = TestEnv::new();
    env.run(&["generate", "--rows", "500", "--seed", "7", "-o", "a.csv"])
        .success();
    env.run(&["generate", "--rows", "500", "--seed", "7", "-o", "b.csv"])
        .success();
    env.run(&["generate", "--rows", "500", "--seed", "8", "-o", "c.csv"])
        .success();
    let a = std::fs::read(env.path().join("a.csv")).unwrap();
    assert_eq!(a, std::fs::read(env.path().join("b.csv")).unwrap());
    assert_ne!(a, std::fs::read(env.path().join("c.csv")).unwrap());
    let rows = csv_rows(std::str::from_utf8(&a).unwrap());
    assert_eq!(rows.len(), 501);
}

#[test]
fn generated_data_ingest_without_rejects() {
    let env = TestEnv::new();
    env.run(&["generate", "--rows", "800", "-o", "g.csv"])
        .success();
    let run = env.run(&["validate", "g.csv"]);
    run.success();
    assert!(
        run.stdout()
            .contains("rows_read 800 = rows_accepted 800 + rows_rejected 0 + duplicates_removed 0"),
        "{}",
        run.stdout()
    );
}

#[test]
fn generate_writes_to_standard_output() {
    let env = TestEnv::new();
    let run = env.run(&["generate", "--rows", "3", "-o", "-"]);
    run.success();
    let rows = csv_rows(&run.stdout());
    assert_eq!(rows.len(), 4);
    assert_eq!(column(&rows, "status").len(), 3);
}

#[test]
fn the_shipped_sample_is_what_generate_makes() {
    let env = TestEnv::new();
    // data/sample/README.md gives this command.
    env.run(&[
        "generate",
        "--format",
        "linkedin",
        "--rows",
        "8000",
        "--seed",
        "42",
        "-o",
        "export.zip",
        "--register",
        "senders.csv",
    ])
    .success();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    for (shipped, made) in [
        ("Basic_LinkedInDataExport_10-31-2026.zip", "export.zip"),
        ("senders.csv", "senders.csv"),
    ] {
        assert!(
            std::fs::read(sample.join(shipped)).unwrap()
                == std::fs::read(env.path().join(made)).unwrap(),
            "data/sample/{shipped} is not what data/sample/README.md's command writes"
        );
    }
}
