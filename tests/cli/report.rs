//! The report folder and the documented exit codes.

use std::path::{Path, PathBuf};

use crate::support::{assert_lines_eq, column, csv_rows, TestEnv};

const SMALL: &str = "\
received_at,sender_name,sender_headline,message,status,accepted_at
2026-09-30T09:00:00Z,Zed,Recruiter at Hays,,accepted,2026-09-30T10:00:00Z
2026-10-01T09:00:00Z,Ann,Recruiter at Hays,,accepted,2026-10-01T10:00:00Z
2026-10-02T09:00:00Z,=cmd|' /C calc'!A0,Open to work,\"Hi Tom, I saw your post on hiring\",declined,
";

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

/// The seven charts (docs/outputs.md).
const CHARTS: [&str; 7] = [
    "consultant_vs_candidate.png",
    "acceptance_by_category.png",
    "response_by_category.png",
    "personalisation_mix.png",
    "courtesy_by_category.png",
    "monthly_volume.png",
    "monthly_rates.png",
];

#[test]
fn the_month_folder_holds_every_file() {
    let env = TestEnv::new();
    env.write("in.csv", SMALL);
    let run = env.run(&["report", "in.csv", "--out", "out", "--emit-tagged"]);
    run.success();
    // The default month is the latest complete one: the data end on 2 October.
    assert!(
        run.stderr().contains(
            "reporting September 2026, the latest complete month before the as-of \
             2026-10-02T09:00:00Z; use --month to choose"
        ),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("report written to out/2026-09"),
        "{}",
        run.stderr()
    );
    let folder = env.path().join("out/2026-09");
    for file in [
        "summary.md",
        "report.html",
        "metrics.csv",
        "rejects.csv",
        "manifest.json",
        "tagged.csv",
    ] {
        assert!(folder.join(file).is_file(), "{file} missing");
    }
    let summary = env.read("out/2026-09/summary.md");
    let html = env.read("out/2026-09/report.html");
    for chart in CHARTS {
        assert_eq!(png_size(&folder.join("charts").join(chart)), (1200, 800));
        assert!(
            summary.contains(&format!("](charts/{chart})")),
            "summary.md does not embed {chart}"
        );
    }
    assert!(summary.contains("Rows read: **3**"), "{summary}");
    // report.html: the same report, every chart inside it, nothing fetched from elsewhere.
    assert!(html.contains("Rows read: <strong>3</strong>"));
    assert_eq!(
        html.matches("<img src=\"data:image/png;base64,iVBORw0KGgo")
            .count(),
        7
    );
    for banned in ["http://", "https://", "<script", "src=\"charts/"] {
        assert!(!html.contains(banned), "report.html contains {banned}");
    }
}

#[test]
fn chart_size_sets_every_png() {
    let env = TestEnv::new();
    env.write("in.csv", SMALL);
    env.run(&[
        "report",
        "in.csv",
        "--out",
        "out",
        "-q",
        "--month",
        "2026-10",
        "--chart-size",
        "800x600",
    ])
    .success();
    for chart in CHARTS {
        let path = env.path().join("out/2026-10/charts").join(chart);
        assert_eq!(png_size(&path), (800, 600), "{chart}");
    }
    let run = env.run(&["report", "in.csv", "--out", "out", "--chart-size", "800"]);
    run.expect_code(2);
    assert!(run.stderr().contains("--chart-size"), "{}", run.stderr());
}

#[test]
fn names_and_notes_stay_out_of_the_summary_and_formulas_are_defused() {
    let env = TestEnv::new();
    env.write("in.csv", SMALL);
    env.run(&[
        "report",
        "in.csv",
        "--out",
        "out",
        "--month",
        "2026-10",
        "--emit-tagged",
        "-q",
    ])
    .success();
    for file in ["summary.md", "report.html"] {
        let text = without_data_uris(&env.read(&format!("out/2026-10/{file}")));
        for secret in ["Ann", "Zed", "cmd", "saw your post"] {
            assert!(!text.contains(secret), "{file} shows {secret:?}");
        }
    }
    let tagged = env.read("out/2026-10/tagged.csv");
    assert!(tagged.contains(",'=cmd|"), "formula not escaped:\n{tagged}");
}

/// The text with embedded images cut out: base64 can spell anything.
fn without_data_uris(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("data:image/png;base64,") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_same_inputs_give_the_same_files() {
    let env = TestEnv::new();
    env.write("in.csv", SMALL);
    let mut files: Vec<String> = [
        "summary.md",
        "report.html",
        "metrics.csv",
        "comparisons.csv",
        "trend.csv",
        "companies.csv",
        "rejects.csv",
        "tagged.csv",
    ]
    .map(String::from)
    .to_vec();
    files.extend(CHARTS.map(|c| format!("charts/{c}")));
    let read_all = |env: &TestEnv| -> Vec<Vec<u8>> {
        let mut contents: Vec<Vec<u8>> = files
            .iter()
            .map(|f| std::fs::read(env.path().join("out/2026-10").join(f)).unwrap())
            .collect();
        // The manifest may differ only in its generation time and the arguments given.
        let mut manifest: serde_json::Value =
            serde_json::from_str(&env.read("out/2026-10/manifest.json")).unwrap();
        let object = manifest.as_object_mut().unwrap();
        assert!(object.remove("generated_at").is_some());
        assert!(object.remove("arguments").is_some());
        contents.push(manifest.to_string().into_bytes());
        contents
    };
    env.run(&[
        "report",
        "in.csv",
        "--out",
        "out",
        "--month",
        "2026-10",
        "--emit-tagged",
        "-q",
    ])
    .success();
    let first = read_all(&env);
    env.run(&[
        "report",
        "in.csv",
        "--out",
        "out",
        "--month",
        "2026-10",
        "--emit-tagged",
        "-q",
        "--threads",
        "1",
    ])
    .success();
    let second = read_all(&env);
    let names = files.iter().map(String::as_str).chain(["manifest.json"]);
    for ((a, b), name) in first.iter().zip(&second).zip(names) {
        assert!(a == b, "{name} differs between runs");
    }
}

#[test]
fn a_rerun_replaces_the_month_and_keeps_other_months() {
    let env = TestEnv::new();
    env.write("in.csv", SMALL);
    env.run(&[
        "report", "in.csv", "--out", "out", "--month", "2026-10", "-q",
    ])
    .success();
    // The default month, September, twice: the second run replaces the first.
    env.run(&["report", "in.csv", "--out", "out", "--emit-tagged", "-q"])
        .success();
    env.run(&["report", "in.csv", "--out", "out", "-q"])
        .success();
    assert!(env.path().join("out/2026-10/metrics.csv").is_file());
    assert!(env.path().join("out/2026-09/metrics.csv").is_file());
    assert!(
        !env.path().join("out/2026-09/tagged.csv").exists(),
        "stale file survived"
    );
    let mut names: Vec<String> = std::fs::read_dir(env.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["2026-09", "2026-10"]);
}

#[test]
fn exit_codes_follow_the_spec() {
    let env = TestEnv::new();
    env.write("in.csv", SMALL);
    env.write("not-a-folder", "");

    let run = env.run(&["report", "missing.csv", "--out", "out"]);
    run.expect_code(66);
    assert!(run.stderr().contains("missing.csv"), "{}", run.stderr());

    let run = env.run(&["report", "in.csv", "--out", "not-a-folder"]);
    run.expect_code(73);
    assert!(run.stderr().contains("not-a-folder"), "{}", run.stderr());

    let run = env.run(&["report", "in.csv", "--out", "out", "--month", "2025-01"]);
    run.expect_code(65);
    assert!(
        run.stderr().contains("2026-09 to 2026-10"),
        "{}",
        run.stderr()
    );

    env.run(&["report", "in.csv", "--month", "October"])
        .expect_code(2);
    env.run(&["report", "--no-such-option"]).expect_code(2);
    env.run(&["frobnicate"]).expect_code(2);
}

#[test]
fn report_with_no_input_reads_the_shipped_sample() {
    let env = TestEnv::new();
    let out = env.path().join("out");
    let crate_dir = env!("CARGO_MANIFEST_DIR");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_invitescope"))
        .args(["report", "--out", out.to_str().unwrap(), "-q"])
        .current_dir(crate_dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let months: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(months.len(), 1);
    let month = months[0].as_ref().unwrap().path();
    // The sample runs to 31 October 2026, 22:06 UTC: September is its latest complete month, as
    // the README says.
    assert!(month.ends_with("2026-09"), "{}", month.display());
    let manifest = std::fs::read_to_string(month.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("Basic_LinkedInDataExport_10-31-2026.zip"),
        "{manifest}"
    );
    // The demo register beside the archive is picked up, and categories are not biased.
    assert!(
        manifest.contains("\"senders\": \"data/sample/senders.csv\""),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"category_rates_biased\": false"),
        "{manifest}"
    );
    assert!(manifest.contains("\"rows_rejected\": 0"), "{manifest}");
    assert_lines_eq(
        std::fs::read_to_string(month.join("rejects.csv"))
            .unwrap()
            .as_str(),
        "source,line,reason,record\n",
    );
}

#[test]
fn nothing_after_the_as_of_instant_counts() {
    let env = TestEnv::new();
    env.write(
        "late.csv",
        "received_at,sender_name,status,accepted_at,responded_at\n\
         2026-10-01T09:00:00Z,Ann,accepted,2026-10-02T09:00:00Z,2026-10-09T09:00:00Z\n\
         2026-10-02T09:00:00Z,Bob,accepted,2026-10-08T09:00:00Z,\n\
         2026-10-20T09:00:00Z,Cat,accepted,2026-10-21T09:00:00Z,\n",
    );
    let run = env.run(&[
        "report",
        "late.csv",
        "--out",
        "out",
        "--as-of",
        "2026-10-05",
        "--emit-tagged",
    ]);
    run.success();
    assert!(
        run.stderr()
            .contains("1 invitations arrived after the as-of instant"),
        "{}",
        run.stderr()
    );
    let rows = csv_rows(&env.read("out/2026-10/tagged.csv"));
    assert_eq!(column(&rows, "sender_name"), ["Ann", "Bob"]);
    // Bob's acceptance and Ann's reply came after 2026-10-05: not yet, as of then.
    assert_eq!(column(&rows, "status"), ["accepted", "pending"]);
    assert_eq!(column(&rows, "responded_at"), ["", ""]);
    assert!(env
        .read("out/2026-10/summary.md")
        .contains("1 invitations arrived after the as-of instant"));
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_killed_run_leaves_the_previous_month_intact() {
    let env = TestEnv::new();
    // A month big enough that writing tagged.csv (about 11 MB) takes a while after the staging
    // folder appears, so polling every millisecond catches the run mid-write.
    env.run(&[
        "generate",
        "--rows",
        "25000",
        "--end-month",
        "2026-10",
        "--months",
        "1",
        "-o",
        "big.csv",
    ])
    .success();
    env.run(&[
        "generate",
        "--rows",
        "500",
        "--end-month",
        "2026-10",
        "--months",
        "1",
        "-o",
        "small.csv",
    ])
    .success();
    env.run(&["report", "small.csv", "--out", "out", "-q"])
        .success();
    let month = env.path().join("out/2026-10");
    let before = snapshot(&month);
    assert!(before.len() > 10, "{} files", before.len());

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_invitescope"))
        .args(["report", "big.csv", "--out", "out", "-q", "--emit-tagged"])
        .current_dir(env.path())
        .env("POLARS_MAX_THREADS", "2")
        .spawn()
        .unwrap();
    // Kill as soon as the staging folder appears: the new files are being written.
    let out = env.path().join("out");
    let started = std::time::Instant::now();
    let staging_seen = loop {
        let staging = std::fs::read_dir(&out).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".2026-10.partial-")
        });
        if staging {
            break true;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it could be killed mid-write");
        }
        if started.elapsed() > std::time::Duration::from_secs(300) {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    child.kill().unwrap(); // SIGKILL on Unix: no cleanup code runs.
    let status = child.wait().unwrap();
    assert!(staging_seen, "no staging folder within 5 minutes");
    assert!(!status.success(), "the run finished before the kill");

    assert!(
        snapshot(&month) == before,
        "the previous 2026-10 folder changed"
    );
    // The next run clears what the killed one left behind.
    env.run(&["report", "small.csv", "--out", "out", "-q"])
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["2026-10"]);
}

/// The report's two runs, streamed (no history store) and a month at a time (into a new
/// store), give the same report, and list the same invitations with the same tags: over overlapping files
/// whose copies differ (a URL or a headline missing from one, a later outcome in the other),
/// and with mass-sent notes.
#[test]
fn a_streamed_report_is_the_report_of_a_run_with_a_store() {
    let env = TestEnv::new();
    env.run(&[
        "generate", "--rows", "1500", "--seed", "3", "--notes", "75", "-o", "a.csv",
    ])
    .success();
    // b.csv: a third of a.csv again, every other copy without its URL and every third without
    // its headline, and the pending ones declined.
    let a = env.read("a.csv");
    let mut reader = csv::Reader::from_reader(a.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (url, headline, status) = (
        at("sender_profile_url"),
        at("sender_headline"),
        at("status"),
    );
    let mut b = csv::Writer::from_writer(Vec::new());
    b.write_record(&header).unwrap();
    for (i, record) in reader.records().enumerate().skip(400).take(500) {
        let mut fields: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if i % 2 == 0 {
            fields[url].clear();
        }
        if i % 3 == 0 {
            fields[headline].clear();
        }
        if fields[status] == "pending" {
            fields[status] = "declined".into();
        }
        b.write_record(&fields).unwrap();
    }
    env.write("b.csv", b.into_inner().unwrap());

    // Not with `--as-of`: a history store's templates count every stored note, those after
    // the as-of instant too (the streamed run's as-of is tested against the invitations held
    // whole in `stream`'s unit tests).
    for extra in [&[][..], &["--template-min", "2"]] {
        let summary = streamed_and_stored_agree(&env, &["a.csv", "b.csv"], extra);
        assert!(summary.contains(" + 500 duplicates removed"), "{summary}");
    }
}

/// Runs `report --emit-tagged` on `inputs` streamed (no history store) and a month at a time
/// (`--history`, into a new store: "stored"), with `extra` arguments, and checks that the two
/// reports are the same: every file to the byte, but that the stored one names its store (a line of the summary and of
/// the HTML, a field of the manifest), the manifest's arguments and time, and `tagged.csv`'s
/// order (the store lists its invitations month by month). Gives the streamed report's summary.
fn streamed_and_stored_agree(env: &TestEnv, inputs: &[&str], extra: &[&str]) -> String {
    for (out, history) in [("stored", true), ("streamed", false)] {
        let mut args = vec!["report"];
        args.extend(inputs);
        args.extend(["--month", "all", "--emit-tagged", "--out", out, "-q"]);
        args.extend(extra);
        if history {
            args.extend(["--history", "store"]);
        }
        env.run(&args).success();
    }
    let (stored, streamed) = (
        env.path().join("stored/all"),
        env.path().join("streamed/all"),
    );
    let mut compared = 0;
    let mut folders = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(stored.join(&folder)).unwrap() {
            let entry = entry.unwrap();
            let name = folder.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                folders.push(name);
                continue;
            }
            let read = |root: &Path| std::fs::read(root.join(&name)).unwrap();
            let (want, got) = match name.to_str().unwrap() {
                "manifest.json" => {
                    let manifest = |root: &Path| {
                        let mut value: serde_json::Value =
                            serde_json::from_slice(&read(root)).unwrap();
                        let object = value.as_object_mut().unwrap();
                        for field in ["generated_at", "arguments", "history"] {
                            assert!(object.remove(field).is_some(), "{field}");
                        }
                        value.to_string().into_bytes()
                    };
                    (manifest(&stored), manifest(&streamed))
                }
                "summary.md" | "report.html" => {
                    let stored_text = String::from_utf8(read(&stored)).unwrap();
                    let store_line = stored_text
                        .lines()
                        .find(|line| line.contains("History store"))
                        .unwrap_or_else(|| panic!("{} names no store", name.display()));
                    // In the summary, a paragraph of its own.
                    let stored_text = match stored_text.find(&format!("{store_line}\n\n")) {
                        Some(_) => stored_text.replacen(&format!("{store_line}\n\n"), "", 1),
                        None => stored_text.replacen(&format!("{store_line}\n"), "", 1),
                    };
                    (stored_text.into_bytes(), read(&streamed))
                }
                "tagged.csv" => {
                    // The same rows, in another order.
                    let sorted = |root: &Path| {
                        let bytes = read(root);
                        let mut reader = csv::Reader::from_reader(bytes.as_slice());
                        let mut rows: Vec<csv::StringRecord> =
                            reader.records().map(Result::unwrap).collect();
                        rows.sort_by(|a, b| a.iter().cmp(b.iter()));
                        (reader.headers().unwrap().clone(), rows)
                    };
                    let (want, got) = (sorted(&stored), sorted(&streamed));
                    assert!(want.1.len() > 100, "{} rows", want.1.len());
                    assert!(want == got, "tagged.csv differs with {extra:?}");
                    compared += 1;
                    continue;
                }
                _ => (read(&stored), read(&streamed)),
            };
            assert!(want == got, "{} differs with {extra:?}", name.display());
            compared += 1;
        }
    }
    assert!(compared >= 11, "only {compared} files compared");
    // Nothing more on the streamed side.
    let count = |root: &Path| {
        let charts = std::fs::read_dir(root.join("charts")).unwrap().count();
        std::fs::read_dir(root).unwrap().count() - 1 + charts
    };
    assert_eq!(count(&stored), count(&streamed));
    let summary = env.read("streamed/all/summary.md");
    for folder in [&stored, &streamed, &env.path().join("store")] {
        std::fs::remove_dir_all(folder).unwrap();
    }
    summary
}

/// As above, for LinkedIn exports: the same export twice, so that every invitation has a copy
/// to merge (the exports' rows go through the same sink as a canonical file's).
#[test]
fn a_streamed_report_of_linkedin_exports_is_the_report_of_a_run_with_a_store() {
    let env = TestEnv::new();
    for name in ["a.zip", "b.zip"] {
        env.run(&[
            "generate", "--rows", "400", "--seed", "4", "--format", "linkedin", "-o", name, "-q",
        ])
        .success();
    }
    let summary = streamed_and_stored_agree(&env, &["a.zip", "b.zip"], &[]);
    assert!(!summary.contains(" + 0 duplicates removed"), "{summary}");
}
