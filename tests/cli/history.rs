//! `--history DIR`: monthly runs over overlapping exports build one store, which reads back in
//! polars (and pyarrow, where Python has it) and survives a run killed at any moment.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use polars::prelude::*;

use crate::support::{csv_rows, TestEnv};

const HEADER: &str = "invite_id,received_at,sender_name,sender_profile_url,sender_headline,message,status,accepted_at,recipient\n";

/// One canonical row: invitation `i` arrived in August or September 2026.
fn row(i: usize, status: &str) -> String {
    let (month, day) = if i < 20 { (8, i + 1) } else { (9, i - 19) };
    let accepted_at = if status == "accepted" {
        format!("2026-{month:02}-{:02}T12:00:00Z", day + 1)
    } else {
        String::new()
    };
    format!(
        "inv-{i:03},2026-{month:02}-{day:02}T09:00:00Z,Sender {i},https://www.linkedin.com/in/sender-{i},Recruiter at Hays,,{status},{accepted_at},Hannah Okafor\n"
    )
}

/// Every `.parquet` file of the store, read with polars, by month.
fn read_store(dir: &Path) -> BTreeMap<String, DataFrame> {
    let mut months = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(month) = name.strip_prefix("month=") {
            let file = File::open(entry.path().join("invitations.parquet")).unwrap();
            let df = ParquetReader::new(file)
                .finish()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            months.insert(month.to_string(), df);
        }
    }
    months
}

fn statuses(months: &BTreeMap<String, DataFrame>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for df in months.values() {
        let ids = df.column("invite_id").unwrap().str().unwrap();
        let status = df.column("status").unwrap().str().unwrap();
        for (id, status) in ids.iter().zip(status.iter()) {
            let previous = out.insert(id.unwrap().to_string(), status.unwrap().to_string());
            assert!(previous.is_none(), "{id:?} stored twice");
        }
    }
    out
}

#[test]
fn monthly_runs_over_overlapping_exports_build_one_store() {
    let env = TestEnv::new();
    // September's export: invitations 0–29, the last ten still pending.
    let september: String = (0..30)
        .map(|i| row(i, if i < 20 { "ignored" } else { "pending" }))
        .collect();
    env.write("september.csv", format!("{HEADER}{september}"));
    // October's export has lost the ten oldest rows; of the pending ones, 20–24 were accepted.
    let october: String = (10..30)
        .map(|i| {
            let status = match i {
                20..=24 => "accepted",
                25.. => "pending",
                _ => "ignored",
            };
            row(i, status)
        })
        .collect();
    env.write("october.csv", format!("{HEADER}{october}"));
    let report = |inputs: &[&str], out: &str| {
        let mut args = vec!["report"];
        args.extend(inputs);
        args.extend([
            "--history",
            "store",
            "--month",
            "2026-09",
            "--as-of",
            "2026-10-31",
            "--no-senders",
            "--out",
            out,
        ]);
        env.run(&args).success().stderr()
    };
    report(&["september.csv"], "first");
    let said = report(&["october.csv"], "second");
    assert!(said.contains("history store: 30 invitations"), "{said}");

    let months = read_store(&env.path().join("store"));
    assert_eq!(months.keys().collect::<Vec<_>>(), ["2026-08", "2026-09"]);
    let statuses = statuses(&months);
    assert_eq!(statuses.len(), 30, "every invitation once");
    assert_eq!(
        statuses["inv-000"], "ignored",
        "kept after leaving the export"
    );
    assert_eq!(
        statuses["inv-022"], "accepted",
        "advanced by the later export"
    );
    assert_eq!(statuses["inv-027"], "pending");
    let columns: Vec<&str> = months["2026-09"]
        .get_column_names()
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(columns, invitescope::history::COLUMNS);

    // The store alone gives the figures the last run gave.
    report(&[], "again");
    for file in ["metrics.csv", "comparisons.csv", "trend.csv"] {
        assert_eq!(
            env.read(&format!("again/2026-09/{file}")),
            env.read(&format!("second/2026-09/{file}")),
            "{file}"
        );
    }
    let metrics = csv_rows(&env.read("second/2026-09/metrics.csv"));
    assert_eq!(&metrics[1][..5], ["overall", "all", "10", "10", "5"]);
    // September's figures moved between the first and second run: the summary says so.
    let summary = env.read("second/2026-09/summary.md");
    assert!(
        summary.contains("September 2026 was revised since the last report of it"),
        "{summary}"
    );
    let alone = env.read("again/2026-09/summary.md");
    assert!(!alone.contains("was revised"), "{alone}");
    assert!(alone.contains("read alone (no input this run)"), "{alone}");
    assert!(!alone.contains("Rows read"), "{alone}");
    assert!(summary.contains("this run's inputs merged in"), "{summary}");

    pyarrow_reads(&env.path().join("store"), 30);

    // An export that gives nothing is an error, not a quiet report from the store.
    env.write("empty.csv", HEADER);
    let run = env.run(&["report", "empty.csv", "--history", "store", "-q"]);
    assert!(run.expect_code(65).stderr().contains("empty.csv"));
    // A store-only run on a folder that holds no store says so, and creates nothing.
    let run = env.run(&["report", "--history", "typo", "-q"]);
    assert!(run.expect_code(66).stderr().contains("typo"));
    assert!(!env.path().join("typo").exists());
}

/// A report reads the store's months its window needs, not its whole history, and gives the
/// figures a run over everything gives.
#[test]
fn a_store_only_report_reads_only_the_months_it_needs() {
    let env = TestEnv::new();
    // Three invitations a month from January 2024 to September 2026: 33 months.
    let mut rows = String::new();
    for k in 0..33 * 3 {
        let (year, month) = (2024 + k / 36, (k / 3) % 12 + 1);
        let day = k % 3 + 1;
        let status = ["accepted", "ignored", "pending"][k % 3];
        // One personal-looking note, sent twice in February 2024 and once in September 2026:
        // three copies make it mass-sent (`--template-min 3`), though the report's window holds
        // one.
        let note = if (year, month, k % 3) == (2024, 2, 0)
            || (year, month, k % 3) == (2024, 2, 1)
            || (year, month, k % 3) == (2026, 9, 0)
        {
            "\"Hi Hannah, I saw your talk on data teams at PyData Berlin. Best, Sam\""
        } else {
            ""
        };
        let accepted_at = if status == "accepted" {
            format!("{year}-{month:02}-{:02}T12:00:00Z", day + 1)
        } else {
            String::new()
        };
        rows.push_str(&format!(
            "inv-{k:03},{year}-{month:02}-{day:02}T09:00:00Z,Sender {k},https://www.linkedin.com/in/sender-{k},Recruiter at Hays,{note},{status},{accepted_at},Hannah Okafor\n"
        ));
    }
    env.write("all.csv", format!("{HEADER}{rows}"));
    let report = |inputs: &[&str], history: bool, out: &str| {
        let mut args = vec!["report"];
        args.extend(inputs);
        if history {
            args.extend(["--history", "store"]);
        }
        args.extend(["--as-of", "2026-10-31", "--no-senders", "--out", out]);
        env.run(&args).success().stderr()
    };
    let said = report(&["all.csv"], true, "first");
    assert!(!said.contains("reading"), "{said}");
    let said = report(&[], true, "alone");
    // September 2026 (the last complete month) and the eleven months before it.
    assert!(
        said.contains("reading 12 of its 33 months (36 of 99 invitations)"),
        "{said}"
    );
    report(&["all.csv"], false, "plain");
    for file in [
        "metrics.csv",
        "comparisons.csv",
        "trend.csv",
        "companies.csv",
    ] {
        let alone = env.read(&format!("alone/2026-09/{file}"));
        assert_eq!(alone, env.read(&format!("first/2026-09/{file}")), "{file}");
        assert_eq!(alone, env.read(&format!("plain/2026-09/{file}")), "{file}");
    }
    // September's note is mass-sent in every report, though the window holds one copy of it.
    let metrics = env.read("alone/2026-09/metrics.csv");
    assert!(metrics.contains("personalisation,generic,1,"), "{metrics}");
    assert!(
        !metrics.contains("personalisation,personalised"),
        "{metrics}"
    );
    // The month before is in the window: "Since last month" is there.
    let summary = env.read("alone/2026-09/summary.md");
    assert!(summary.contains("Since last month"), "{summary}");
    // tagged.csv lists every stored invitation: every month is read for it.
    let run = env.run(&[
        "report",
        "--history",
        "store",
        "--as-of",
        "2026-10-31",
        "--no-senders",
        "--emit-tagged",
        "--out",
        "tagged",
    ]);
    assert!(!run.success().stderr().contains("reading"));
    assert_eq!(
        csv_rows(&env.read("tagged/2026-09/tagged.csv")).len(),
        1 + 99
    );
    // `--month all` needs every month.
    let run = env.run(&[
        "report",
        "--history",
        "store",
        "--month",
        "all",
        "--as-of",
        "2026-10-31",
        "--no-senders",
        "--out",
        "everything",
    ]);
    assert!(!run.success().stderr().contains("reading"));
}

/// The run's invitations wait on disk by month (beside the store, or in it once it exists);
/// nothing of that is left after a run, whether it succeeds or stops part way.
#[test]
fn a_run_leaves_no_temporary_files() {
    let env = TestEnv::new();
    let rows: String = (0..30).map(|i| row(i, "pending")).collect();
    env.write("a.csv", format!("{HEADER}{rows}"));
    let leftovers = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".invitescope-run"))
            .collect()
    };
    let report = |month: &str| {
        env.run(&[
            "report",
            "a.csv",
            "--history",
            "store",
            "--month",
            month,
            "--out",
            "out",
        ])
    };
    // The first run spills beside the store, which does not exist yet.
    report("2026-09").success();
    // Later runs spill inside it; this one stops after the spill, at the month it asks for.
    let said = report("2020-01").expect_code(65).stderr();
    assert!(said.contains("no invitation arrived in 2020-01"), "{said}");
    // The same inputs again change no month: none is rewritten (each is compared with the
    // file as the run read it).
    let said = report("2026-08").success().stderr();
    assert!(said.contains(", 0 of 2 months rewritten"), "{said}");
    // This one stops inside the run, once the store is written: every invitation arrived after
    // the as-of instant.
    let said = env
        .run(&[
            "report",
            "a.csv",
            "--history",
            "store",
            "--as-of",
            "2020-01-01T00:00:00Z",
            "--out",
            "out",
        ])
        .expect_code(65)
        .stderr();
    assert!(
        said.contains("every invitation arrived after the as-of"),
        "{said}"
    );
    // `tag` lists what `report --emit-tagged` lists, each through a temporary file.
    let tagged = env.run(&["tag", "--history", "store"]).success().stdout();
    env.run(&[
        "report",
        "--history",
        "store",
        "--emit-tagged",
        "--month",
        "all",
        "--out",
        "listed",
    ])
    .success();
    assert_eq!(tagged, env.read("listed/all/tagged.csv"));
    assert_eq!(csv_rows(&tagged).len(), 1 + 30);
    assert_eq!(leftovers(env.path()), Vec::<String>::new());
    assert_eq!(leftovers(&env.path().join("store")), Vec::<String>::new());
    assert_eq!(read_store(&env.path().join("store")).len(), 2);
}

/// `tag --history` writes its rows once the store is written whole; a reader that stops early
/// (`| head`) ends the listing: the run exits 0 with the store whole.
#[test]
fn tag_with_a_store_into_a_closed_pipe_still_writes_the_store() {
    use std::io::{BufRead, BufReader};
    let env = TestEnv::new();
    env.run(&[
        "generate", "--rows", "20000", "--seed", "9", "-o", "big.csv", "-q",
    ])
    .success();
    let mut child = Command::new(env!("CARGO_BIN_EXE_invitescope"))
        .args(["tag", "big.csv", "--history", "store", "-q"])
        .current_dir(env.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("invite_id,"), "{first}");
    // The reader goes: the rest of the rows (megabytes) meet a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = env.path().join("store");
    let rows: usize = read_store(&store).values().map(DataFrame::height).sum();
    assert_eq!(rows, 20000);
    let record = env.read("store/_store.json");
    assert!(record.contains("\"invitations\": 20000"), "{record}");
}

/// Python's pyarrow reads the store as one partitioned data set, where Python has pyarrow.
fn pyarrow_reads(store: &Path, rows: usize) {
    let script = "import sys, pyarrow.dataset as ds\n\
                  t = ds.dataset(sys.argv[1], format='parquet', partitioning='hive').to_table()\n\
                  print(t.num_rows, sorted(set(t.column('month').to_pylist())))";
    let Ok(out) = Command::new("python3")
        .args(["-c", script])
        .arg(store)
        .output()
    else {
        eprintln!("python3 not found: pyarrow check skipped");
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named") {
        eprintln!("pyarrow not installed: pyarrow check skipped");
        return;
    }
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.trim(), format!("{rows} ['2026-08', '2026-09']"));
}

#[test]
fn a_run_killed_at_any_moment_leaves_every_month_readable() {
    let env = TestEnv::new();
    env.run(&[
        "generate", "--rows", "20000", "--seed", "9", "-o", "big.csv", "-q",
    ])
    .success();
    // A first store to be rewritten: its months exist before the runs that get killed.
    env.run(&[
        "tag",
        "big.csv",
        "--history",
        "store",
        "-o",
        "first.csv",
        "-q",
    ])
    .success();
    let store = env.path().join("store");
    let before = read_store(&store).len();
    for (n, delay_ms) in [30u64, 150, 400, 800, 1500, 2500].into_iter().enumerate() {
        let rules = env.write(
            &format!("rules-{n}.toml"),
            // Changed rules make the run re-tag and rewrite every month.
            format!(
                "{}\n# variant {n}\n",
                env.run(&["rules"]).success().stdout()
            ),
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_invitescope"))
            .args([
                "tag",
                "big.csv",
                "--history",
                "store",
                "-o",
                "out.csv",
                "-q",
            ])
            .arg("--rules")
            .arg(&rules)
            .current_dir(env.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Every month reads, whichever version of it the killed run left.
        assert_eq!(read_store(&store).len(), before, "after {delay_ms} ms");
    }
    env.run(&["report", "--history", "store", "--month", "all", "-q"])
        .success();
}
