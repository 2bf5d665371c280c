//! `invitescope tag` and `invitescope rules`, run as a user would.

use std::process::{Command, Output};

fn run(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_invitescope"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn explain(args: &[&str], out: &Output) -> String {
    format!(
        "invitescope {}\nstatus {:?}\nstderr:\n{}",
        args.join(" "),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    )
}

const INPUT: &str = "\
received_at,sender_name,sender_profile_url,sender_headline,message,status
2026-10-01 09:00,Ann Ames,https://linkedin.com/in/ann,Recruiter at Hays,\"Hi Tom, I have roles for you. Kind regards, Ann\",accepted
2026-10-02 09:00,Bob Bell,https://linkedin.com/in/bob,,I'm looking for my next role in data,pending
2026-10-03 09:00,Cy Cole,https://www.linkedin.com/in/Cy%20Cole/,,,pending
";

#[test]
fn tag_writes_spec_columns_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.csv"), INPUT).unwrap();
    std::fs::write(
        dir.path().join("senders.csv"),
        "profile_url,headline\nlinkedin.com/in/cy cole,Talent Acquisition Partner at Monzo\n",
    )
    .unwrap();
    let args = [
        "tag",
        "in.csv",
        "--senders",
        "senders.csv",
        "--as-of",
        "2026-10-31",
    ];
    let out = run(&args, dir.path());
    assert!(out.status.success(), "{}", explain(&args, &out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "invite_id");
    assert_eq!(&header[26], "message");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("sender_category")], "recruitment_consultant");
    assert!(
        rows[0][col("category_reason")].contains("hays"),
        "{:?}",
        &rows[0]
    );
    assert_eq!(&rows[0][col("decided")], "true");
    assert_eq!(&rows[1][col("sender_category")], "candidate");
    assert!(rows[1][col("category_reason")].starts_with("note:"));
    assert_eq!(&rows[2][col("sender_category")], "in_house_recruiter");
    assert!(rows[2][col("category_reason")].contains("senders file line 2"));
    assert_eq!(&rows[2][col("personalisation")], "none");

    let args = ["tag", "in.csv", "-o", "tagged.csv"];
    let out = run(&args, dir.path());
    assert!(out.status.success(), "{}", explain(&args, &out));
    assert!(std::fs::read_to_string(dir.path().join("tagged.csv"))
        .unwrap()
        .starts_with("invite_id,"));
}

#[test]
fn rules_prints_the_effective_rules_and_bad_files_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["rules"], dir.path());
    assert!(out.status.success());
    let builtin = String::from_utf8(out.stdout).unwrap();
    assert!(builtin.contains("[category.headline]"));

    let custom = builtin.replace("\"hays\", ", "");
    std::fs::write(dir.path().join("mine.toml"), &custom).unwrap();
    let out = run(&["rules", "--rules", "mine.toml"], dir.path());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), custom);

    std::fs::write(dir.path().join("bad.toml"), "version = 2\n[category\n").unwrap();
    let args = ["tag", "--rules", "bad.toml"];
    let out = run(&args, dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(66), "{}", explain(&args, &out));
    assert!(
        stderr.contains("bad.toml") && stderr.contains("line 2"),
        "{stderr}"
    );
}
