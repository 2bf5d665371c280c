//! Nasty inputs: files people drop into the monthly folder by mistake or malice.
//!
//! Every case runs the real binary under a time limit (`run_guarded`), which fails the test on a
//! panic (exit 101), a signal or a hang. Each case then checks what a person needs: a clear
//! error that names the file (and the line where there is one), or the bad rows in
//! `rejects.csv` with counts that still reconcile.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use invitescope::ingest::records::RecordLimits;

use crate::support::{column, csv_rows, write_zip, Run, TestEnv};

/// Far above any case's run time in a debug build on a busy machine; only a hang gets there.
const LIMIT: Duration = Duration::from_secs(120);

const HEADER: &str = "received_at,sender_name,status\n";
const GOOD: &str = "2026-10-01T09:00:00Z,Ann Lee,accepted\n";

fn guarded(env: &TestEnv, args: &[&str]) -> Run {
    env.run_guarded(args, LIMIT)
}

/// `report --month all` into `out/`, with the tagged rows.
fn report(env: &TestEnv, input: &str) -> Run {
    guarded(
        env,
        &[
            "report",
            input,
            "--out",
            "out",
            "--month",
            "all",
            "--emit-tagged",
        ],
    )
}

/// Asserts the run failed with `code` and its error line mentions every one of `needles`.
#[track_caller]
fn assert_error(run: &Run, code: i32, needles: &[&str]) {
    run.expect_code(code);
    let stderr = run.stderr();
    let error = stderr
        .lines()
        .find(|l| l.starts_with("invitescope: error:"))
        .unwrap_or_else(|| panic!("no error line in:\n{stderr}"));
    for needle in needles {
        assert!(
            error.contains(needle),
            "the error should mention {needle:?}:\n{error}"
        );
    }
}

/// The rejects of a report in `out/all`, as (line, reason) pairs.
fn rejected(env: &TestEnv) -> Vec<(String, String)> {
    let rows = csv_rows(&env.read("out/all/rejects.csv"));
    column(&rows, "line")
        .into_iter()
        .zip(column(&rows, "reason"))
        .collect()
}

/// The reconciliation counts of a report in `out/all`.
fn counts(env: &TestEnv) -> [u64; 4] {
    let manifest: serde_json::Value =
        serde_json::from_str(&env.read("out/all/manifest.json")).unwrap();
    let get = |k: &str| manifest[k].as_u64().unwrap_or_else(|| panic!("no {k}"));
    let counts = [
        get("rows_read"),
        get("rows_accepted"),
        get("rows_rejected"),
        get("duplicates_removed"),
    ];
    assert_eq!(counts[0], counts[1] + counts[2] + counts[3], "{counts:?}");
    counts
}

#[test]
fn an_empty_file_is_named_and_is_not_data() {
    let env = TestEnv::new();
    env.write("empty.csv", "");
    let run = guarded(&env, &["validate", "empty.csv"]);
    assert_error(&run, 65, &["empty.csv", "no valid invitation"]);
    assert!(run.stderr().contains("empty.csv: the file is empty"));

    // Next to a good file it is only a warning.
    env.write("good.csv", format!("{HEADER}{GOOD}"));
    let run = guarded(&env, &["validate", "empty.csv", "good.csv"]);
    run.success();
    assert!(run.stderr().contains("empty.csv: the file is empty"));
}

#[test]
fn a_header_without_rows_says_so() {
    let env = TestEnv::new();
    env.write("header.csv", HEADER);
    assert_error(
        &guarded(&env, &["report", "header.csv", "--out", "out"]),
        65,
        &["header.csv", "0 rows read"],
    );
    assert!(!env.path().join("out").join("all").exists());
}

#[test]
fn a_byte_order_mark_alone_is_an_empty_file() {
    let env = TestEnv::new();
    env.write("bom.csv", b"\xEF\xBB\xBF");
    let run = guarded(&env, &["validate", "bom.csv"]);
    assert_error(&run, 65, &["bom.csv"]);
    assert!(run.stderr().contains("bom.csv: the file is empty"));
}

#[test]
fn invalid_utf8_rejects_the_row_and_names_line_and_column() {
    let env = TestEnv::new();
    let mut bytes = format!("{HEADER}{GOOD}").into_bytes();
    bytes.extend_from_slice(b"2026-10-02T09:00:00Z,B\xF6b M\xFCller,pending\n");
    bytes.extend_from_slice(b"2026-10-03T09:00:00Z,Cat,pending\n");
    env.write("latin1.csv", bytes);
    report(&env, "latin1.csv").success();
    let rejects = rejected(&env);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].0, "3");
    assert!(rejects[0]
        .1
        .contains("invalid UTF-8 in column 'sender_name'"));
    assert_eq!(counts(&env), [3, 2, 1, 0]);
}

#[test]
fn invalid_utf8_in_the_header_is_a_missing_column_on_line_1() {
    let env = TestEnv::new();
    env.write(
        "header.csv",
        b"r\xE9ceived_at,sender_name,status\n2026-10-01T09:00:00Z,Ann,accepted\n",
    );
    assert_error(
        &guarded(&env, &["validate", "header.csv"]),
        65,
        &["header.csv:1:", "received_at"],
    );
}

#[test]
fn nul_bytes_are_text_in_a_name_and_a_bad_date_in_a_date() {
    let env = TestEnv::new();
    env.write(
        "nul.csv",
        format!("{HEADER}2026-10-01T09:00:00Z,Ann\0Lee,accepted\n2026-10-02\0,Bob,pending\n"),
    );
    report(&env, "nul.csv").success();
    let rejects = rejected(&env);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].0, "3");
    assert!(rejects[0].1.contains("cannot read"), "{rejects:?}");
    assert_eq!(counts(&env), [2, 1, 1, 0]);
}

#[test]
fn a_binary_file_of_nul_bytes_is_refused_with_a_short_error() {
    let env = TestEnv::new();
    env.write("zeros.csv", vec![0u8; 64 * 1024]);
    let run = guarded(&env, &["validate", "zeros.csv"]);
    assert_error(&run, 65, &["zeros.csv:1:"]);
    // The error quotes the header it found; it must not pour 64 KB of garbage into a log.
    assert!(run.stderr().len() < 2_000, "{} bytes", run.stderr().len());
}

#[test]
fn a_ten_megabyte_note_is_read_and_tagged() {
    let env = TestEnv::new();
    let note = "hello there, I am a recruiter ".repeat(10 * 1024 * 1024 / 30);
    env.write(
        "big.csv",
        format!("received_at,sender_name,status,message\n2026-10-01T09:00:00Z,Ann,accepted,\"{note}\"\n2026-10-02T09:00:00Z,Bob,pending,hi\n"),
    );
    report(&env, "big.csv").success();
    assert_eq!(counts(&env), [2, 2, 0, 0]);
    let tagged = csv_rows(&env.read("out/all/tagged.csv"));
    assert_eq!(
        column(&tagged, "note_chars")[0],
        note.trim().chars().count().to_string()
    );
}

/// A note where every word could start a structure and every later one end it: each pair used
/// to be tried, a 15 KB note took 44 s, and a megabyte one would never finish.
#[test]
fn a_note_of_repeated_structure_words_is_tagged_in_linear_time() {
    let env = TestEnv::new();
    let half = 100_000;
    let note = format!(
        "{}a b c d {}",
        "your ".repeat(half),
        "completed dashboard ".repeat(half)
    );
    env.write(
        "long.csv",
        format!(
            "received_at,sender_name,status,message\n2026-10-01T09:00:00Z,Ann,pending,\"{note}\"\n"
        ),
    );
    report(&env, "long.csv").success();
    let tagged = csv_rows(&env.read("out/all/tagged.csv"));
    // "your" and "dashboard" are five words apart at the nearest: no reference.
    assert_eq!(column(&tagged, "personalisation"), ["generic"]);
}

#[test]
fn thousands_of_columns_are_read_and_too_many_fields_rejected() {
    let env = TestEnv::new();
    let extra: Vec<String> = (0..5000).map(|i| format!("c{i}")).collect();
    let values: Vec<String> = (0..5000).map(|i| i.to_string()).collect();
    env.write(
        "wide.csv",
        format!(
            "received_at,sender_name,status,{}\n2026-10-01T09:00:00Z,Ann,accepted,{}\n2026-10-02T09:00:00Z,Bob,pending\n",
            extra.join(","),
            values.join(",")
        ),
    );
    report(&env, "wide.csv").success();
    let rejects = rejected(&env);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].0, "3");
    assert!(rejects[0].1.contains("the header has 5003, this row has 3"));

    // And the other way round: a narrow header, a row of ten thousand fields.
    let env = TestEnv::new();
    env.write(
        "wide.csv",
        format!("{HEADER}{GOOD}{}\n", vec!["x"; 10_000].join(",")),
    );
    report(&env, "wide.csv").success();
    let rejects = rejected(&env);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert!(rejects[0].1.contains("this row has 10000"));
}

#[test]
fn an_unbalanced_quote_is_one_rejected_row_not_a_lost_file() {
    let env = TestEnv::new();
    env.write(
        "quote.csv",
        format!(
            "{HEADER}{GOOD}2026-10-02T09:00:00Z,\"Bob,pending\n2026-10-03T09:00:00Z,Cat,pending\n"
        ),
    );
    report(&env, "quote.csv").success();
    let rejects = rejected(&env);
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].0, "3");
    assert!(rejects[0].1.contains("unclosed quote"), "{rejects:?}");
    // What the open quote swallowed is kept in the reject's record, where a person can see it.
    let rows = csv_rows(&env.read("out/all/rejects.csv"));
    assert!(column(&rows, "record")[0].contains("Cat"));
    assert_eq!(counts(&env), [2, 1, 1, 0]);
}

#[test]
fn duplicate_header_names_use_the_first_column() {
    let env = TestEnv::new();
    env.write(
        "dup.csv",
        "received_at,sender_name,sender_name,status,status\n2026-10-01T09:00:00Z,Ann,Bob,accepted,pending\n",
    );
    report(&env, "dup.csv").success();
    let tagged = csv_rows(&env.read("out/all/tagged.csv"));
    assert_eq!(column(&tagged, "sender_name"), ["Ann"]);
    assert_eq!(column(&tagged, "status"), ["accepted"]);
}

#[test]
fn a_file_with_no_usable_column_names_the_file_line_and_columns() {
    let env = TestEnv::new();
    env.write("cols.csv", "foo,bar,baz\n1,2,3\n");
    assert_error(
        &guarded(&env, &["report", "cols.csv", "--out", "out"]),
        65,
        &["cols.csv:1:", "received_at", "sender_name", "foo, bar, baz"],
    );
}

#[test]
fn dates_in_1900_and_2100_are_rejected_rows() {
    let env = TestEnv::new();
    env.write(
        "years.csv",
        format!("{HEADER}{GOOD}1900-01-01,Old,pending\n2100-01-01T00:00:00Z,New,pending\n2026-10-02,Ok,accepted_at\n"),
    );
    report(&env, "years.csv").success();
    let rejects = rejected(&env);
    let lines: Vec<&str> = rejects.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(lines, ["3", "4", "5"], "{rejects:?}");
    assert!(rejects[0].1.contains("'1900-01-01' is outside 2003–2099"));
    assert!(rejects[1].1.contains("is outside 2003–2099"));
    assert!(rejects[2].1.contains("unknown status"));
    // The implausible years did not drag the report's months or as-of along.
    let manifest = env.read("out/all/manifest.json");
    assert!(manifest.contains("\"as_of\": \"2026-10-01T09:00:00Z\""));
}

#[test]
fn invitations_after_the_as_of_date_are_left_out_and_said() {
    let env = TestEnv::new();
    env.write(
        "future.csv",
        format!("{HEADER}{GOOD}2026-12-24T09:00:00Z,Santa,pending\n"),
    );
    let run = guarded(
        &env,
        &[
            "report",
            "future.csv",
            "--out",
            "out",
            "--as-of",
            "2026-10-15",
        ],
    );
    run.success();
    assert!(
        run.stderr()
            .contains("1 invitations arrived after the as-of instant"),
        "{}",
        run.stderr()
    );
    // The month is the latest one up to the as-of date, not December.
    assert!(env.path().join("out/2026-10/summary.md").is_file());
    assert!(!env.path().join("out/2026-12").exists());

    // Everything in the future: nothing to report, and the error says which date to move.
    let env = TestEnv::new();
    env.write("future.csv", format!("{HEADER}{GOOD}"));
    assert_error(
        &guarded(
            &env,
            &[
                "report",
                "future.csv",
                "--out",
                "out",
                "--as-of",
                "2025-01-01",
            ],
        ),
        65,
        &["after the as-of instant", "--as-of"],
    );
}

#[test]
fn a_folder_with_no_inputs_is_named() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path().join("drop")).unwrap();
    assert_error(
        &guarded(&env, &["validate", "drop"]),
        66,
        &["drop", "no .csv"],
    );
    env.write("drop/readme.txt", "not data");
    env.write("drop/photo.png", b"\x89PNG");
    assert_error(
        &guarded(&env, &["validate", "drop"]),
        66,
        &["drop", "no .csv"],
    );
}

#[test]
fn a_zip_that_is_not_a_linkedin_export_is_refused() {
    let env = TestEnv::new();
    write_zip::<_, &[u8]>(
        &env.path().join("holiday.zip"),
        &[("photos/readme.txt", b"sun"), ("list.csv", b"a,b\n1,2\n")],
    );
    assert_error(
        &guarded(&env, &["validate", "holiday.zip"]),
        66,
        &["holiday.zip", "no Invitations.csv"],
    );

    // An Invitations.csv that is not LinkedIn's: the member is named, with line 1.
    write_zip(
        &env.path().join("fake.zip"),
        &[("Invitations.csv", b"name,when\nAnn,today\n")],
    );
    assert_error(
        &guarded(&env, &["validate", "fake.zip"]),
        65,
        &["fake.zip!/Invitations.csv:1:", "Sent At"],
    );

    // Bytes that are no zip at all, behind a .zip name.
    env.write("junk.zip", vec![0u8; 4096]);
    assert_error(
        &guarded(&env, &["validate", "junk.zip"]),
        66,
        &["junk.zip", "not a readable zip"],
    );
}

#[test]
fn a_zip_bomb_is_refused_without_unpacking_it() {
    let env = TestEnv::new();
    let bomb = env.path().join("bomb.zip");
    // 300 MB of zeros deflates to about 300 KB; the member claims more than the cap.
    let file = std::fs::File::create(&bomb).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("Invitations.csv", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    let megabytes = invitescope::ingest::linkedin::MAX_MEMBER_BYTES / (1 << 20) + 1;
    for _ in 0..megabytes {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);

    assert_error(
        &guarded(&env, &["validate", "bomb.zip"]),
        66,
        &["bomb.zip", "Invitations.csv", "unpacks to more than"],
    );
}

#[test]
fn a_zip_member_named_outside_the_archive_is_never_written_anywhere() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path().join("inbox")).unwrap();
    let invitations =
        b"From,To,Sent At,Message,Direction\nAnn Lee,Me,\"10/1/26, 9:00 AM\",,INCOMING\n";
    write_zip::<_, &[u8]>(
        &env.path().join("inbox/export.zip"),
        &[
            ("../Invitations.csv", invitations),
            ("../../../../tmp/invitescope-escape.csv", b"x"),
            ("/etc/invitescope-escape.csv", b"x"),
        ],
    );
    let before = listing(env.path());
    let run = guarded(&env, &["validate", "inbox/export.zip"]);
    // Members are read into memory by name, never extracted: whatever the names say, nothing
    // appears on disk.
    assert!(matches!(run.code(), Some(0 | 65 | 66)), "{}", run.stderr());
    assert_eq!(listing(env.path()), before);
    assert!(!Path::new("/tmp/invitescope-escape.csv").exists());
    assert!(!Path::new("/etc/invitescope-escape.csv").exists());
}

/// Every path under `root`, sorted.
fn listing(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_output_folder_under_a_file_fails_at_start_with_73() {
    let env = TestEnv::new();
    env.write("data.csv", format!("{HEADER}{GOOD}"));
    env.write("blocker", "a file, not a folder");
    assert_error(
        &guarded(&env, &["report", "data.csv", "--out", "blocker/reports"]),
        73,
        &["blocker"],
    );
    assert_error(
        &guarded(&env, &["tag", "data.csv", "-o", "blocker/tagged.csv"]),
        73,
        &["blocker"],
    );
}

#[test]
fn a_read_only_output_folder_fails_at_start_with_73() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    env.write("data.csv", format!("{HEADER}{GOOD}"));
    let locked = env.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(locked.join("probe"), b"").is_ok() {
        // Running as root, which ignores permissions: the case cannot happen here.
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    }
    assert_error(
        &guarded(&env, &["report", "data.csv", "--out", "locked/reports"]),
        73,
        &["locked"],
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_month_that_could_escape_the_output_folder_is_a_usage_error() {
    let env = TestEnv::new();
    env.write("data.csv", format!("{HEADER}{GOOD}"));
    for month in [
        "../x",
        "../2026-10",
        "2026-10/../../x",
        "/tmp/2026-10",
        "2026-1/",
        "..",
    ] {
        let run = guarded(
            &env,
            &["report", "data.csv", "--out", "out", "--month", month],
        );
        assert_error(&run, 2, &["--month", month]);
    }
    assert_eq!(
        listing(env.path()),
        [env.path().join("data.csv").display().to_string()],
        "a failed run created nothing"
    );
}

/// `tag -o /dev/null` used to write a partial file in `/dev` and rename it over the device,
/// leaving a regular file where `/dev/null` was for every program after it.
#[cfg(unix)]
#[test]
fn tag_to_dev_null_writes_to_the_device_and_keeps_it() {
    use std::os::unix::fs::FileTypeExt;
    let env = TestEnv::new();
    env.write("good.csv", format!("{HEADER}{GOOD}"));
    guarded(&env, &["tag", "good.csv", "-o", "/dev/null"]).success();
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is no longer a device");
}

/// `big.csv`: `rows` generated invitations.
fn generate_big(env: &TestEnv, rows: u32) {
    let rows = rows.to_string();
    let args = [
        "generate", "--rows", &rows, "--seed", "4", "-o", "big.csv", "-q",
    ];
    guarded(env, &args).success();
}

/// `invitescope tag | head`: the rows are written as they are made, and a reader that stops
/// early closes the pipe mid-file. The run ends quietly with 0, as a Unix filter does.
#[test]
fn a_reader_that_stops_early_ends_tag_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let env = TestEnv::new();
    // Some 3 MB of tagged rows, far more than a pipe holds.
    generate_big(&env, 5000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_invitescope"))
        .args(["tag", "big.csv", "-q"])
        .current_dir(env.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    assert!(head.starts_with(b"invite_id,"), "{head:?}");
    // The pipe's reading end is dropped here, with most of the rows still to come.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// A device that takes no byte (`/dev/full`, Linux): the write fails, the run says which output
/// and exits 73, and nothing is written twice (src/report/tables.rs tests that part).
#[test]
fn a_full_device_as_tag_output_is_exit_73_naming_it() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let env = TestEnv::new();
    generate_big(&env, 3000);
    let run = guarded(&env, &["tag", "big.csv", "-o", "/dev/full", "-q"]);
    run.expect_code(73);
    assert!(run.stderr().contains("/dev/full"), "{}", run.stderr());
}

/// `tag -o FILE` and `report --emit-tagged` write the same rows by the same code.
#[test]
fn tag_writes_the_rows_report_emits_as_tagged_csv() {
    let env = TestEnv::new();
    generate_big(&env, 3000);
    guarded(&env, &["tag", "big.csv", "-o", "tagged.csv", "-q"]).success();
    guarded(
        &env,
        &["report", "big.csv", "--out", "out", "--emit-tagged", "-q"],
    )
    .success();
    let months: Vec<String> = std::fs::read_dir(env.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(months.len(), 1, "{months:?}");
    let emitted = env.read(&format!("out/{}/tagged.csv", months[0]));
    // The header and every invitation, of every month.
    assert_eq!(csv_rows(&emitted).len(), 3001);
    assert!(env.read("tagged.csv") == emitted, "the two files differ");
    // On one thread the listing reads and writes in turn, not side by side: the same rows.
    let args = ["tag", "big.csv", "--threads", "1", "-o", "one.csv", "-q"];
    guarded(&env, &args).success();
    assert!(env.read("one.csv") == emitted, "one thread differs");
}

#[test]
fn a_failed_tag_run_leaves_an_existing_output_file_as_it_was() {
    let env = TestEnv::new();
    env.write("good.csv", format!("{HEADER}{GOOD}"));
    env.write("bad.csv", HEADER);
    guarded(&env, &["tag", "good.csv", "-o", "tagged.csv"]).success();
    let before = env.read("tagged.csv");
    assert!(before.contains("Ann Lee"));
    assert_error(
        &guarded(&env, &["tag", "bad.csv", "-o", "tagged.csv"]),
        65,
        &["bad.csv"],
    );
    assert_eq!(env.read("tagged.csv"), before);
    // And no partial file is left beside it.
    assert_eq!(listing(env.path()).len(), 3, "{:?}", listing(env.path()));
    std::fs::create_dir(env.path().join("folder")).unwrap();
    assert_error(
        &guarded(&env, &["tag", "good.csv", "-o", "folder"]),
        73,
        &["folder"],
    );
}

#[test]
fn a_pipe_or_a_device_is_refused_instead_of_hanging() {
    let env = TestEnv::new();
    if env.fifo("pipe.csv") {
        // Opening a pipe nobody writes to blocks for ever; it must be refused before that.
        assert_error(
            &guarded(&env, &["validate", "pipe.csv"]),
            66,
            &["pipe.csv", "neither a file nor a folder"],
        );
    }
    // An endless input.
    assert_error(
        &guarded(&env, &["validate", "/dev/zero"]),
        66,
        &["/dev/zero", "neither a file nor a folder"],
    );
}

#[test]
fn a_damaged_export_names_the_member_and_quotes_no_control_characters() {
    let env = TestEnv::new();
    env.write("export/Invitations.csv", "");
    assert_error(
        &guarded(&env, &["validate", "export"]),
        65,
        &["export/Invitations.csv:1:", "Sent At"],
    );

    env.write(
        "export/Invitations.csv",
        "From,To,Sent At,Message,Direction\nAnn Lee,Me,\"10/1/26, 9:00 AM\",,INCOMING\n",
    );
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    env.write("export/Connections.csv", &garbage);
    let run = guarded(&env, &["validate", "export"]);
    assert_error(&run, 65, &["export/Connections.csv:1:", "Connected On"]);
    let error = run.stderr();
    assert!(
        !error
            .trim_end()
            .chars()
            .any(|c| c.is_control() && c != '\n'),
        "{error:?}"
    );
    assert!(error.len() < 1_000, "{} bytes", error.len());
}

#[test]
fn bad_rows_of_an_export_are_rejected_with_their_lines() {
    let env = TestEnv::new();
    env.write(
        "export/Invitations.csv",
        b"From,To,Sent At,Message,Direction\n\
          Ann Lee,Me,\"10/1/26, 9:00 AM\",,INCOMING\n\
          B\xF6b,Me,\"10/2/26, 9:00 AM\",,INCOMING\n\
          Cat,Me,\"10/3/26, 9:00 AM\",x,SIDEWAYS\n\
          Dan,Me,someday,,INCOMING\n\
          Eve\0,Me,\"10/4/26, 9:00 AM\",,INCOMING\n",
    );
    let run = guarded(&env, &["validate", "export"]);
    run.success();
    let out = run.stdout();
    for (line, reason) in [
        (3, "invalid UTF-8 in column 'From'"),
        (4, "Direction: 'SIDEWAYS' is neither INCOMING nor OUTGOING"),
        (5, "Sent At: cannot read 'someday'"),
    ] {
        assert!(
            out.contains(&format!(
                "export/Invitations.csv:{line}: rejected: {reason}"
            )),
            "line {line}:\n{out}"
        );
    }
    assert!(
        out.contains("rows_read 5 = rows_accepted 2 + rows_rejected 3"),
        "{out}"
    );
    assert_error(
        &guarded(&env, &["validate", "--strict", "export"]),
        65,
        &["export/Invitations.csv:3:", "--strict"],
    );
}

#[test]
fn an_export_row_sent_in_1900_or_2100_is_rejected_like_a_canonical_one() {
    let env = TestEnv::new();
    env.write(
        "export/Invitations.csv",
        "From,To,Sent At,Message,Direction\n\
         Ann Lee,Me,\"10/1/26, 9:00 AM\",,INCOMING\n\
         Old,Me,1900-01-01 10:00,,INCOMING\n\
         Far,Me,2100-01-01 10:00,,INCOMING\n",
    );
    let run = guarded(&env, &["validate", "export"]);
    run.success();
    let out = run.stdout();
    for line in [3, 4] {
        assert!(
            out.contains(&format!(
                "export/Invitations.csv:{line}: rejected: Sent At: '"
            )) && out.contains("is outside 2003–2099"),
            "line {line}:\n{out}"
        );
    }
    assert!(
        out.contains("rows_read 3 = rows_accepted 1 + rows_rejected 2"),
        "{out}"
    );
}

#[test]
fn a_pipe_a_device_or_a_folder_is_refused_as_rules_or_senders() {
    let env = TestEnv::new();
    env.write("data.csv", format!("{HEADER}{GOOD}"));
    std::fs::create_dir(env.path().join("folder")).unwrap();
    assert!(env.fifo("pipe"), "mkfifo is needed for this test");
    for option in ["--rules", "--senders"] {
        // Opening a pipe nobody writes to blocks for ever, and /dev/zero never ends: both
        // must be refused before they are opened, like an input.
        for special in ["pipe", "/dev/zero"] {
            assert_error(
                &guarded(&env, &["tag", "data.csv", option, special]),
                66,
                &[special, "neither a file nor a folder"],
            );
        }
        assert_error(
            &guarded(&env, &["tag", "data.csv", option, "folder"]),
            66,
            &["folder", "is a folder", option],
        );
    }
    assert_error(
        &guarded(&env, &["rules", "--rules", "pipe"]),
        66,
        &["pipe", "neither a file nor a folder"],
    );
}

/// The smallest address space (KiB, to within 4 MiB) in which `validate --threads 1 small.csv`
/// succeeds: what the binary needs before it reads anything, found rather than assumed, since
/// it depends on the build.
fn baseline_kilobytes(env: &TestEnv) -> u64 {
    env.write("small.csv", format!("{HEADER}{GOOD}"));
    let args = ["validate", "--threads", "1", "small.csv"];
    let (mut low, mut high) = (16 << 10, 4 << 20);
    assert!(env.succeeds_within(high, &args), "no run within 4 GiB");
    while high - low > 4 << 10 {
        let middle = (low + high) / 2;
        if env.succeeds_within(middle, &args) {
            high = middle;
        } else {
            low = middle;
        }
    }
    high
}

#[test]
fn a_row_longer_than_the_limit_is_rejected_in_bounded_memory() {
    let limit = RecordLimits::DEFAULT.max_bytes;
    let env = TestEnv::new();
    // One line of two and a half times the limit, between good rows: without the limit the
    // record buffer alone would grow to four times the limit.
    let mut bytes = format!("{HEADER}{GOOD}2026-10-02T09:00:00Z,").into_bytes();
    bytes.resize(bytes.len() + limit * 5 / 2, b'x');
    bytes.extend_from_slice(b",pending\n2026-10-03T09:00:00Z,Cat,pending\n");
    env.write("long.csv", bytes);

    // Room for the limit and twice as much again, but not for the whole line.
    let budget = baseline_kilobytes(&env) + 3 * (limit as u64 >> 10);
    let run = env.run_guarded_within(budget, &["validate", "--threads", "1", "long.csv"], LIMIT);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("long.csv:3: rejected: the row is longer than the 16 MiB limit for one row"),
        "{out}"
    );
    assert!(
        out.contains("rows_read 3 = rows_accepted 2 + rows_rejected 1"),
        "{out}"
    );
}

#[test]
fn many_wide_rows_are_rejected_in_bounded_memory() {
    let limit = RecordLimits::DEFAULT.max_bytes;
    let env = TestEnv::new();
    // 24 rows of a million fields each: little text, but 8 MB of field offsets per row, and a
    // megabyte of commas to quote per reject. Held together, they would need 200 MB.
    let wide = format!("2026-10-02T09:00:00Z,Bob{}\n", ",".repeat(1_000_000));
    env.write(
        "wide.csv",
        format!(
            "{HEADER}{GOOD}{}2026-10-03T09:00:00Z,Cat,pending\n",
            wide.repeat(24)
        ),
    );

    let budget = baseline_kilobytes(&env) + 3 * (limit as u64 >> 10);
    let run = env.run_guarded_within(budget, &["validate", "--threads", "1", "wide.csv"], LIMIT);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("rows_read 26 = rows_accepted 2 + rows_rejected 24"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    // Each reject quotes the row's first kilobyte, not its megabyte.
    let quoted = out
        .lines()
        .find(|l| l.contains("wide.csv:3:"))
        .unwrap_or_default();
    assert!(quoted.contains("this row has 1000002"), "{quoted:.300}");
    assert!(out.len() < 24 * 4096, "{} bytes of output", out.len());
}

#[test]
fn a_quote_left_open_past_the_limit_stops_with_the_file_and_line() {
    let limit = RecordLimits::DEFAULT.max_bytes;
    let env = TestEnv::new();
    let row = "2026-10-03T09:00:00Z,Cat,pending\n";
    let rows = limit / row.len() + 1;
    env.write(
        "open.csv",
        format!(
            "{HEADER}{GOOD}2026-10-02T09:00:00Z,\"Bob,pending\n{}",
            row.repeat(rows)
        ),
    );
    let run = guarded(&env, &["report", "open.csv", "--out", "out"]);
    assert_error(
        &run,
        65,
        &[
            "open.csv:3:",
            "longer than the 16 MiB limit",
            &format!("runs to the end of the file (line {})", rows + 3),
            "quote left open on line 3",
        ],
    );
    // The output folder is made up front, but no report lands in it.
    assert_eq!(listing(&env.path().join("out")), Vec::<String>::new());
}

#[test]
fn a_file_with_classic_mac_line_ends_names_each_rows_line() {
    // Excel for Mac's "CSV (Macintosh)" ends lines with a lone `\r`.
    let env = TestEnv::new();
    env.write(
        "mac.csv",
        "received_at,sender_name,status\r2026-10-01T09:00:00Z,Ann,accepted\rnever,Bob,pending\r2026-10-02T09:00:00Z,Cat,maybe\r",
    );
    let run = guarded(&env, &["validate", "mac.csv"]);
    run.success();
    let out = run.stdout();
    assert!(out.contains("mac.csv:3: rejected: received_at"), "{out}");
    assert!(out.contains("mac.csv:4: rejected: status"), "{out}");
}

/// Inputs that crashed `fuzz/fuzz_targets/canonical.rs`, replayed through the target's own case
/// (`canonical::fuzz_case`: the same options and checks) and through the binary.
#[test]
fn canonical_fuzz_crashes_stay_fixed() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/canonical");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        eprintln!("replaying {}", path.display());
        invitescope::ingest::canonical::fuzz_case(&data);
        let env = TestEnv::new();
        env.write("input.csv", &data);
        let run = guarded(&env, &["validate", "input.csv"]);
        assert!(matches!(run.code(), Some(0 | 65)), "{}", run.stderr());
        replayed += 1;
    }
    assert!(replayed > 0, "no inputs in {}", folder.display());
}
