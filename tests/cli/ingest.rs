//! Canonical CSV ingest as a user meets it: odd headers, encodings, bad rows, overlaps.

use crate::support::{column, csv_rows, TestEnv};

/// Runs `report --emit-tagged` and returns the tagged rows.
fn tagged(env: &TestEnv, inputs: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec![
        "report",
        "--out",
        "out",
        "--month",
        "all",
        "--emit-tagged",
        "-q",
    ];
    args.extend_from_slice(inputs);
    env.run(&args).success();
    csv_rows(&env.read("out/all/tagged.csv"))
}

#[test]
fn header_aliases_in_any_order_and_case() {
    let env = TestEnv::new();
    env.write(
        "a.csv",
        "Note,Job Title,OUTCOME,Profile-URL,Sent At,Full Name,Replied,Employer,extra column\n\
         Hello,Recruiter at Hays,Accepted,https://www.linkedin.com/in/ann,2026-10-01 09:00,Ann Lee,yes,Hays,whatever\n",
    );
    let rows = tagged(&env, &["a.csv"]);
    assert_eq!(rows.len(), 2);
    let get = |name: &str| column(&rows, name)[0].clone();
    assert_eq!(get("sender_name"), "Ann Lee");
    assert_eq!(get("sender_profile_url"), "https://www.linkedin.com/in/ann");
    assert_eq!(get("sender_headline"), "Recruiter at Hays");
    assert_eq!(get("sender_company"), "Hays");
    assert_eq!(get("status"), "accepted");
    assert_eq!(get("received_at"), "2026-10-01T09:00:00Z");
    assert_eq!(get("message"), "Hello");
    assert_eq!(get("line"), "2");
}

#[test]
fn bom_and_crlf_are_read() {
    let env = TestEnv::new();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(
        b"received_at,sender_name,status\r\n2026-10-01T09:00:00Z,Ann,accepted\r\n2026-10-02T09:00:00Z,Bob,pending\r\n",
    );
    env.write("bom.csv", bytes);
    let rows = tagged(&env, &["bom.csv"]);
    assert_eq!(column(&rows, "sender_name"), ["Ann", "Bob"]);
    assert_eq!(column(&rows, "status"), ["accepted", "pending"]);
    assert_eq!(
        env.read("out/all/rejects.csv"),
        "source,line,reason,record\n"
    );
}

#[test]
fn quoted_newlines_and_commas_keep_the_note_and_the_line_numbers() {
    let env = TestEnv::new();
    env.write(
        "q.csv",
        "received_at,sender_name,message\n\
         2026-10-01,Ann,\"Hi, Tom\n\nI saw your post, \"\"Hiring well\"\", and\nwanted to connect.\"\n\
         2026-10-02,\"Lee, Bob\",plain\n\
         not a date,Cat,x\n",
    );
    let run = env.run(&[
        "report",
        "q.csv",
        "--out",
        "out",
        "--month",
        "all",
        "--emit-tagged",
    ]);
    run.success();
    let rows = csv_rows(&env.read("out/all/tagged.csv"));
    assert_eq!(
        column(&rows, "message")[0],
        "Hi, Tom\n\nI saw your post, \"Hiring well\", and\nwanted to connect."
    );
    assert_eq!(column(&rows, "sender_name")[1], "Lee, Bob");
    assert_eq!(column(&rows, "line"), ["2", "6"]);
    let rejects = csv_rows(&env.read("out/all/rejects.csv"));
    assert_eq!(column(&rejects, "line"), ["7"]);
}

#[test]
fn every_kind_of_bad_row_is_rejected_with_its_line() {
    let env = TestEnv::new();
    let mut bytes = b"received_at,sender_name,sender_profile_url,status,message\n\
        2026-10-01T09:00:00Z,Ann,,accepted,fine\n\
        2026-10-01T09:00:00Z,Bob,,accepted\n\
        31/31/2026,Cat,,accepted,bad date\n\
        2026-10-01T09:00:00Z,Dan,,maybe,bad status\n\
        2026-10-01T09:00:00Z,,,pending,no identity\n\
        2026-10-01T09:00:00Z,Eve,,pending,caf"
        .to_vec();
    bytes.extend_from_slice(&[0xE9, b'\n']);
    bytes.extend_from_slice(
        b"2026-10-01T10:00:00Z,,https://www.linkedin.com/in/fay,pending,url only is fine\n",
    );
    env.write("bad.csv", bytes);

    env.run(&["report", "bad.csv", "--out", "out", "-q"])
        .success();
    let rejects = csv_rows(&env.read("out/2026-10/rejects.csv"));
    assert_eq!(rejects[0], ["source", "line", "reason", "record"]);
    assert_eq!(column(&rejects, "line"), ["3", "4", "5", "6", "7"]);
    let reasons = column(&rejects, "reason");
    assert!(
        reasons[0].contains("wrong number of fields"),
        "{}",
        reasons[0]
    );
    assert!(
        reasons[1].contains("cannot read '31/31/2026' as a date"),
        "{}",
        reasons[1]
    );
    assert!(
        reasons[2].contains("unknown status 'maybe'"),
        "{}",
        reasons[2]
    );
    assert!(reasons[3].contains("no sender identity"), "{}", reasons[3]);
    assert!(
        reasons[4].contains("invalid UTF-8 in column 'message'"),
        "{}",
        reasons[4]
    );
    assert!(column(&rejects, "source")
        .iter()
        .all(|s| s.ends_with("bad.csv")));
    assert_eq!(
        column(&rejects, "record")[0],
        "2026-10-01T09:00:00Z,Bob,,accepted"
    );

    let manifest = env.read("out/2026-10/manifest.json");
    for (key, value) in [
        ("rows_read", 7),
        ("rows_accepted", 2),
        ("rows_rejected", 5),
        ("duplicates_removed", 0),
    ] {
        assert!(
            manifest.contains(&format!("\"{key}\": {value}")),
            "{key} in {manifest}"
        );
    }
}

#[test]
fn validate_prints_every_reject_and_the_reconciliation_and_writes_nothing() {
    let env = TestEnv::new();
    env.write(
        "v.csv",
        "received_at,sender_name\n2026-10-01,Ann\nnever,Bob\n2026-10-01,Ann\n",
    );
    let run = env.run(&["validate", "v.csv"]);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("v.csv:3: rejected: received_at: cannot read 'never'"),
        "{out}"
    );
    assert!(
        out.contains("rows_read 3 = rows_accepted 1 + rows_rejected 1 + duplicates_removed 1"),
        "{out}"
    );
    let entries: Vec<_> = std::fs::read_dir(env.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "validate wrote files");
}

#[test]
fn strict_stops_at_the_first_bad_row_naming_file_and_line() {
    let env = TestEnv::new();
    env.write("s.csv", "received_at,sender_name,status\n2026-10-01,Ann,accepted\n2026-10-01,Bob,lost\n2026-10-01,Cat,nope\n");
    let run = env.run(&["report", "s.csv", "--strict", "--out", "out"]);
    run.expect_code(65);
    let err = run.stderr();
    assert!(
        err.contains("s.csv:3: status: unknown status 'lost'"),
        "{err}"
    );
    assert!(!env.path().join("out/2026-10").exists());
}

#[test]
fn overlapping_files_count_each_invitation_once() {
    let env = TestEnv::new();
    let header =
        "received_at,sender_name,sender_profile_url,status,responded_at,recipient,sender_headline\n";
    env.write(
        "september.csv",
        format!(
            "{header}\
             2026-10-01T09:00:10Z,Ann,https://www.linkedin.com/in/ann/,pending,2026-10-03T09:00:00Z,me,Recruiter at Hays\n\
             2026-10-02T09:00:00Z,Bob,,pending,,me,\n"
        ),
    );
    env.write(
        "october.csv",
        format!(
            "{header}\
             2026-10-01T09:00:50Z,Ann L.,http://linkedin.com/in/ann?trk=x,accepted,,me,\n\
             2026-10-02T09:00:00Z,bob,,ignored,,me,\n\
             2026-10-02T09:00:00Z,Bob,,declined,,someone else,\n"
        ),
    );
    let rows = tagged(&env, &["september.csv", "october.csv"]);
    assert_eq!(column(&rows, "status"), ["accepted", "ignored", "declined"]);
    // The winning copy keeps its own fields, and the reply seen in the other copy.
    assert_eq!(column(&rows, "sender_name")[0], "Ann L.");
    assert_eq!(column(&rows, "responded_at")[0], "2026-10-03T09:00:00Z");
    // …and what only the losing copy knew.
    assert_eq!(column(&rows, "sender_headline")[0], "Recruiter at Hays");
    assert_eq!(
        column(&rows, "sender_category")[0],
        "recruitment_consultant"
    );
    assert!(column(&rows, "source")[0].ends_with("october.csv"));
    let manifest = env.read("out/all/manifest.json");
    assert!(manifest.contains("\"rows_read\": 5"), "{manifest}");
    assert!(manifest.contains("\"rows_accepted\": 3"), "{manifest}");
    assert!(manifest.contains("\"duplicates_removed\": 2"), "{manifest}");
}

#[test]
fn a_folder_is_read_file_by_file_in_name_order() {
    let env = TestEnv::new();
    env.write("in/b.csv", "received_at,sender_name\n2026-10-02,Bob\n");
    env.write("in/a.csv", "received_at,sender_name\n2026-10-01,Ann\n");
    env.write("in/notes.txt", "not csv");
    let rows = tagged(&env, &["in"]);
    assert_eq!(column(&rows, "sender_name"), ["Ann", "Bob"]);
}

#[test]
fn an_empty_file_or_a_header_alone_has_no_valid_row() {
    let env = TestEnv::new();
    env.write("empty.csv", "");
    env.write("header.csv", "received_at,sender_name,status\n");
    for file in ["empty.csv", "header.csv"] {
        let run = env.run(&["report", file, "--out", "out"]);
        run.expect_code(65);
        assert!(
            run.stderr().contains("no valid invitation"),
            "{}",
            run.stderr()
        );
    }
    // Next to a file with data, they simply add nothing.
    env.write("data.csv", "received_at,sender_name\n2026-10-01,Ann\n");
    let run = env.run(&["validate", "empty.csv", "header.csv", "data.csv"]);
    run.success();
    assert!(run
        .stdout()
        .contains("rows_read 1 = rows_accepted 1 + rows_rejected 0 + duplicates_removed 0"));
}

#[test]
fn a_header_without_required_columns_is_named() {
    let env = TestEnv::new();
    env.write("x.csv", "when,who\n2026-10-01,Ann\n");
    let run = env.run(&["validate", "x.csv"]);
    run.expect_code(65);
    let err = run.stderr();
    assert!(err.contains("x.csv:1:"), "{err}");
    assert!(
        err.contains("received_at") && err.contains("found columns: when, who"),
        "{err}"
    );
}

#[test]
fn naive_timestamps_are_read_in_the_given_time_zone() {
    let env = TestEnv::new();
    env.write(
        "tz.csv",
        "received_at,sender_name\n2026-07-01 09:00,Ann\n2026-07-01T09:00:00+00:00,Bob\n2026-07-01 09:00 UTC,Cat\n",
    );
    let mut args = vec!["report", "tz.csv", "--timezone", "Europe/London"];
    args.extend(["--out", "out", "--month", "all", "--emit-tagged", "-q"]);
    env.run(&args).success();
    let rows = csv_rows(&env.read("out/all/tagged.csv"));
    assert_eq!(
        column(&rows, "received_at"),
        [
            "2026-07-01T08:00:00Z",
            "2026-07-01T09:00:00Z",
            "2026-07-01T09:00:00Z"
        ]
    );
}

#[test]
fn every_listed_timestamp_format_is_accepted() {
    let env = TestEnv::new();
    env.write(
        "f.csv",
        "received_at,sender_name\n\
         2026-10-09T16:25:00Z,A\n\
         2026-10-09 16:25,B\n\
         2026-10-09T18:25+02:00,C\n\
         2026-10-09 16:25:00 UTC,D\n\
         \"10/9/26, 4:25 PM\",E\n\
         09 Oct 2026,F\n\
         9-Oct-26,G\n\
         2026-10-09,H\n",
    );
    let rows = tagged(&env, &["f.csv"]);
    assert_eq!(
        column(&rows, "received_at"),
        [
            "2026-10-09T16:25:00Z",
            "2026-10-09T16:25:00Z",
            "2026-10-09T16:25:00Z",
            "2026-10-09T16:25:00Z",
            "2026-10-09T16:25:00Z",
            "2026-10-09T00:00:00Z",
            "2026-10-09T00:00:00Z",
            "2026-10-09T00:00:00Z",
        ]
    );
}

#[test]
fn reject_lines_are_right_in_crlf_files_and_after_blank_lines() {
    let env = TestEnv::new();
    env.write(
        "crlf.csv",
        "received_at,sender_name\r\n2026-10-01,Ann\r\nbad,Bob\r\n\r\n\r\nworse,Cat\r\n",
    );
    let run = env.run(&["validate", "crlf.csv"]);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("crlf.csv:3: rejected: received_at: cannot read 'bad'"),
        "{out}"
    );
    assert!(
        out.contains("crlf.csv:6: rejected: received_at: cannot read 'worse'"),
        "{out}"
    );
}

#[test]
fn a_linkedin_export_under_another_name_is_recognised() {
    let env = TestEnv::new();
    env.write(
        "Invitations (1).csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n\
         Ann Lee,Me,\"11/21/23, 3:32 PM\",,INCOMING,https://www.linkedin.com/in/ann,https://www.linkedin.com/in/me\n",
    );
    let run = env.run(&["validate", "Invitations (1).csv"]);
    run.expect_code(66);
    assert!(
        run.stderr().contains("LinkedIn's Invitations.csv"),
        "{}",
        run.stderr()
    );
}

#[test]
fn validate_stops_quietly_when_its_reader_goes_away() {
    let env = TestEnv::new();
    let mut text = String::from("received_at,sender_name\n");
    for i in 0..20_000 {
        text.push_str(&format!("never,Sender {i}\n"));
    }
    env.write("many.csv", text);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_invitescope"))
        .args(["validate", "many.csv"])
        .current_dir(env.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe as `| head -1` would.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
    // No valid row: 65 is still the verdict once everything was read, unless the pipe closed first.
    assert!(
        matches!(output.status.code(), Some(0) | Some(65)),
        "{:?}",
        output.status
    );
}
