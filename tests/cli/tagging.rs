//! `invitescope tag` and `invitescope rules`, run as a user would.

use crate::support::TestEnv;

const INPUT: &str = "\
received_at,sender_name,sender_profile_url,sender_headline,message,status
2026-10-01 09:00,Ann Ames,https://linkedin.com/in/ann,Recruiter at Hays,\"Hi Tom, I have roles for you. Kind regards, Ann\",accepted
2026-10-02 09:00,Bob Bell,https://linkedin.com/in/bob,,I'm looking for my next role in data,pending
2026-10-03 09:00,Cy Cole,https://www.linkedin.com/in/Cy%20Cole/,,,pending
";

#[test]
fn tag_writes_spec_columns_with_reasons() {
    let env = TestEnv::new();
    env.write("in.csv", INPUT);
    env.write(
        "senders.csv",
        "profile_url,headline\nlinkedin.com/in/cy cole,Talent Acquisition Partner at Monzo\n",
    );
    let run = env.run(&[
        "tag",
        "in.csv",
        "--senders",
        "senders.csv",
        "--as-of",
        "2026-10-31",
    ]);
    let text = run.success().stdout();
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

    env.run(&["tag", "in.csv", "-o", "tagged.csv"]).success();
    assert!(env.read("tagged.csv").starts_with("invite_id,"));
}

#[test]
fn rules_prints_the_effective_rules_and_bad_files_name_the_line() {
    let env = TestEnv::new();
    let builtin = env.run(&["rules"]).success().stdout();
    assert!(builtin.contains("[category.headline]"));

    let custom = builtin.replace("\"hays\", ", "");
    env.write("mine.toml", &custom);
    let run = env.run(&["rules", "--rules", "mine.toml"]);
    assert_eq!(run.success().stdout(), custom);

    env.write("bad.toml", "version = 2\n[category\n");
    let run = env.run(&["tag", "--rules", "bad.toml"]);
    let stderr = run.expect_code(66).stderr();
    assert!(
        stderr.contains("bad.toml") && stderr.contains("line 2"),
        "{stderr}"
    );
}
