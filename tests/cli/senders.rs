//! The sender register: `invitescope senders` writes and updates it, `report` and `tag` read it
//! (named with `--senders` or found beside the inputs), and a register filled in only for
//! accepted senders is flagged as biased.

use std::path::{Path, PathBuf};

use invitescope::identity::SenderKey;

use crate::support::{column, csv_rows, TestEnv};

const REGISTER_HEADER: &str = "profile_url,name,category,headline,company,suggested_category,suggestion_source,invitations,first_seen,last_seen,suggestion_evidence";

/// A 2026-era export: Ann invites twice (her URL written two ways), Bob (accepted, a recruiter
/// by Connections' Position), Cat (a candidate by her note), Dan (no evidence at all).
fn export(env: &TestEnv, folder: &str) -> PathBuf {
    env.write(
        &format!("{folder}/Invitations.csv"),
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n\
         Ann Lee,Pat Owner,\"10/2/26, 9:00 AM\",,INCOMING,https://www.linkedin.com/in/ann-lee,https://www.linkedin.com/in/pat\n\
         Ann Lee 🚀,Pat Owner,\"10/20/26, 9:00 AM\",,INCOMING,https://uk.linkedin.com/in/Ann-Lee/en,https://www.linkedin.com/in/pat\n\
         Bob Roe,Pat Owner,\"10/5/26, 9:00 AM\",,INCOMING,https://www.linkedin.com/in/bob-roe,https://www.linkedin.com/in/pat\n\
         Cat Fox,Pat Owner,\"10/6/26, 9:00 AM\",\"Hi Pat, I am looking for a new role as a data analyst\",INCOMING,https://www.linkedin.com/in/cat-fox,https://www.linkedin.com/in/pat\n\
         Dan Poe,Pat Owner,\"10/7/26, 9:00 AM\",,INCOMING,https://m.linkedin.com/in/dan-poe,https://www.linkedin.com/in/pat\n\
         Pat Owner,Eve Kim,\"10/8/26, 9:00 AM\",,OUTGOING,https://www.linkedin.com/in/pat,https://www.linkedin.com/in/eve\n",
    );
    env.write(
        &format!("{folder}/Connections.csv"),
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Bob,Roe,https://www.linkedin.com/in/bob-roe,,Hays,Senior Recruitment Consultant,06 Oct 2026\n",
    );
    env.path().join(folder)
}

/// Writes a register at `path`: the header, then `rows` (each a CSV line of its columns).
fn write_register(env: &TestEnv, path: &str, rows: &[&str]) {
    let mut text = format!("{REGISTER_HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    env.write(path, text);
}

/// The first invitation's category from `tag` with `args` and `--no-senders`.
fn first_category_without_register(env: &TestEnv, args: &[&str]) -> String {
    let mut args = args.to_vec();
    args.extend(["--no-senders", "-o", "plain.csv"]);
    env.run(&args).success();
    column(&csv_rows(&env.read("plain.csv")), "sender_category")[0].to_string()
}

fn rows_of(path: &Path) -> Vec<Vec<String>> {
    csv_rows(&std::fs::read_to_string(path).unwrap())
}

fn cell<'a>(rows: &'a [Vec<String>], name: &str, column_name: &str) -> &'a str {
    let header = &rows[0];
    let at = |c: &str| header.iter().position(|h| h == c).unwrap();
    let row = rows[1..]
        .iter()
        .find(|r| r[at("name")].starts_with(name))
        .unwrap_or_else(|| panic!("no row for {name}"));
    &row[at(column_name)]
}

#[test]
fn senders_lists_each_sender_once_with_counts_and_suggestions() {
    let env = TestEnv::new();
    let input = export(&env, "export");
    let run = env.run(&["senders", input.to_str().unwrap(), "-o", "register.csv"]);
    run.success();
    assert!(
        run.stderr().contains("4 senders in the inputs"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("1 suggestions come from Connections' Position"),
        "{}",
        run.stderr()
    );
    let rows = rows_of(&env.path().join("register.csv"));
    assert_eq!(rows[0].join(","), REGISTER_HEADER);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(cell(&rows, "Ann", "invitations"), "2");
    assert_eq!(cell(&rows, "Ann", "first_seen"), "2026-10-02");
    assert_eq!(cell(&rows, "Ann", "last_seen"), "2026-10-20");
    assert_eq!(
        cell(&rows, "Bob", "suggested_category"),
        "recruitment_consultant"
    );
    assert_eq!(
        cell(&rows, "Bob", "suggestion_source"),
        "connections_position"
    );
    assert_eq!(cell(&rows, "Cat", "suggested_category"), "candidate");
    assert_eq!(cell(&rows, "Cat", "suggestion_source"), "note");
    assert_eq!(cell(&rows, "Dan", "suggested_category"), "");
    // Nothing is decided yet: the busiest sender first, then by profile.
    assert!(column(&rows, "category").iter().all(String::is_empty));
    assert_eq!(
        column(&rows, "name"),
        ["Ann Lee 🚀", "Bob Roe", "Cat Fox", "Dan Poe"]
    );
}

#[test]
fn an_update_keeps_what_the_user_wrote() {
    let env = TestEnv::new();
    let input = export(&env, "export");
    let input = input.to_str().unwrap();
    env.run(&["senders", input, "-o", "senders.csv"]).success();
    // The user fills in Bob and Cat in a spreadsheet, adds a column of their own, and writes
    // a headline that looks like a formula.
    let text = env.read("senders.csv");
    let mut edited = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut line = line.to_string();
        if i == 0 {
            line.push_str(",my_notes");
        } else if line.contains("Bob Roe") {
            line = line.replacen("Bob Roe,", "Bob Roe,recruitment_consultant,", 1);
            line = line.replacen("recruitment_consultant,,", "recruitment_consultant,", 1);
            line.push_str(",call him");
        } else if line.contains("Cat Fox") {
            line = line.replacen("Cat Fox,,", "Cat Fox,,=Data analyst,", 1);
            line = line.replacen("=Data analyst,,", "=Data analyst,", 1);
            line.push(',');
        } else {
            line.push(',');
        }
        edited.push(line);
    }
    env.write("senders.csv", edited.join("\n") + "\n");
    let before = rows_of(&env.path().join("senders.csv"));
    assert_eq!(cell(&before, "Bob", "category"), "recruitment_consultant");

    // Next month: a new archive with Ann again and a new sender, Eve; Bob is not in it.
    env.write(
        "next/Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n\
         Ann Lee,Pat Owner,\"11/3/26, 9:00 AM\",,INCOMING,https://de.linkedin.com/in/ann-lee/,https://www.linkedin.com/in/pat\n\
         Eve Kim,Pat Owner,\"11/4/26, 9:00 AM\",,INCOMING,https://www.linkedin.com/in/eve-kim,https://www.linkedin.com/in/pat\n",
    );
    let run = env.run(&["senders", "next", "-o", "senders.csv"]);
    run.success();
    assert!(
        run.stderr().contains("updated senders.csv"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("1 new, 1 refreshed"),
        "{}",
        run.stderr()
    );
    let after = rows_of(&env.path().join("senders.csv"));
    assert_eq!(after.len(), 6, "{after:?}");
    assert_eq!(after[0].last().unwrap(), "my_notes");
    assert_eq!(cell(&after, "Bob", "category"), "recruitment_consultant");
    assert_eq!(cell(&after, "Bob", "my_notes"), "call him");
    assert_eq!(cell(&after, "Bob", "invitations"), "1");
    // Escaped on write, so a spreadsheet shows it as text (and read back without the quote).
    assert_eq!(cell(&after, "Cat", "headline"), "'=Data analyst");
    // Ann: counted in the new inputs, seen from her first invitation to her latest.
    assert_eq!(cell(&after, "Ann", "invitations"), "1");
    assert_eq!(cell(&after, "Ann", "first_seen"), "2026-10-02");
    assert_eq!(cell(&after, "Ann", "last_seen"), "2026-11-03");
    // Undecided rows first: Bob, the only one with a category, is last.
    assert_eq!(column(&after, "name").last().unwrap(), "Bob Roe");

    // The same run again changes nothing.
    let once = env.read("senders.csv");
    env.run(&["senders", "next", "-o", "senders.csv", "-q"])
        .success();
    assert_eq!(env.read("senders.csv"), once);
}

#[test]
fn a_file_that_is_not_a_register_is_never_overwritten() {
    let env = TestEnv::new();
    let input = export(&env, "export");
    let original = "received_at,sender_name\n2026-10-01,Ann\n";
    env.write("invites.csv", original);
    let run = env.run(&["senders", input.to_str().unwrap(), "-o", "invites.csv"]);
    run.expect_code(73);
    assert!(
        run.stderr().contains("not a sender register"),
        "{}",
        run.stderr()
    );
    assert_eq!(env.read("invites.csv"), original);
    let leftovers: Vec<_> = std::fs::read_dir(env.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_bad_register_names_the_file_the_line_and_the_allowed_values() {
    let env = TestEnv::new();
    let input = export(&env, "export");
    write_register(
        &env,
        "senders.csv",
        &[
            "https://www.linkedin.com/in/ann-lee,Ann Lee,astronaut,,,,,2,,,",
            ",,candidate,,,,,1,,,",
        ],
    );
    for command in ["report", "senders"] {
        let mut args = vec![command, input.to_str().unwrap()];
        if command == "report" {
            args.extend(["--senders", "senders.csv", "--out", "out"]);
        } else {
            args.extend(["-o", "senders.csv"]);
        }
        let run = env.run(&args);
        run.expect_code(65);
        let err = run.stderr();
        assert!(
            err.contains("senders.csv: line 2: unknown category 'astronaut'"),
            "{err}"
        );
        assert!(err.contains("in_house_recruiter"), "{err}");
        assert!(
            err.contains("line 3: neither a profile URL nor a name"),
            "{err}"
        );
    }
}

#[test]
fn report_picks_up_the_register_beside_the_inputs_and_matches_every_url_form() {
    let env = TestEnv::new();
    let input = export(&env, "inbox/export");
    // The register names Ann with another host and Dan without m., as a CRM would.
    write_register(
        &env,
        "inbox/senders.csv",
        &[
            "https://www.linkedin.com/in/ann-lee,Ann Lee,recruitment_consultant,,,,,2,,,",
            "https://www.linkedin.com/in/bob-roe,Bob Roe,recruitment_consultant,,,,,1,,,",
            "https://www.linkedin.com/in/cat-fox,Cat Fox,candidate,,,,,1,,,",
            "https://www.linkedin.com/in/dan-poe,Dan Poe,,Talent Acquisition Partner at Acme,Acme,,,1,,,",
            "https://www.linkedin.com/in/ann-lee/,Ann L,supplier,,,,,1,,,",
        ],
    );
    let run = env.run(&["tag", input.to_str().unwrap(), "-o", "tagged.csv"]);
    run.success();
    let err = run.stderr();
    assert!(
        err.contains("senders: ") && err.contains("inbox/senders.csv"),
        "{err}"
    );
    assert!(err.contains("found beside the inputs"), "{err}");
    assert!(
        err.contains("line 6 names the same sender as line 2; line 2 is used"),
        "{err}"
    );
    let rows = csv_rows(&env.read("tagged.csv"));
    let categories = column(&rows, "sender_category");
    assert_eq!(
        categories,
        [
            "recruitment_consultant",
            "recruitment_consultant",
            "recruitment_consultant",
            "candidate",
            "in_house_recruiter"
        ]
    );
    assert!(column(&rows, "category_reason")[1].contains("by profile URL"));

    // --no-senders turns it off.
    assert_eq!(
        first_category_without_register(&env, &["tag", input.to_str().unwrap()]),
        "unknown"
    );
}

#[test]
fn a_store_only_run_uses_the_register_the_store_s_last_run_read() {
    let env = TestEnv::new();
    let input = export(&env, "inbox/export");
    write_register(
        &env,
        "inbox/senders.csv",
        &["https://www.linkedin.com/in/ann-lee,Ann Lee,recruitment_consultant,,,,,2,,,"],
    );
    // The store lives elsewhere: a later run from the store alone finds no register beside it.
    let first = env.run(&[
        "tag",
        input.to_str().unwrap(),
        "--history",
        "archive/store",
        "-o",
        "first.csv",
    ]);
    assert!(first.success().stderr().contains("found beside the inputs"));
    let again = env.run(&["tag", "--history", "archive/store", "-o", "again.csv"]);
    let err = again.success().stderr();
    assert!(
        err.contains("inbox/senders.csv") && err.contains("the history store's last run read"),
        "{err}"
    );
    assert_eq!(env.read("again.csv"), env.read("first.csv"));
    // A report from the store alone repeats the caveats of the exports merged into it.
    env.run(&["report", "--history", "archive/store", "--out", "reports"])
        .success();
    let summary = env.read("reports/2026-10/summary.md");
    assert!(summary.contains("**LinkedIn data exports.**"), "{summary}");
    assert!(summary.contains("no status column"), "{summary}");
    assert!(!summary.contains("OUTGOING"), "{summary}");
    // --no-senders still turns it off.
    assert_eq!(
        first_category_without_register(&env, &["tag", "--history", "archive/store"]),
        "unknown"
    );
}

#[test]
fn a_register_filled_only_for_accepted_senders_is_flagged_as_biased() {
    let env = TestEnv::new();
    // Ten senders, half accepted; only the accepted ones have a category.
    let mut invitations =
        String::from("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n");
    let mut connections =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    let mut register = format!("{REGISTER_HEADER}\n");
    for i in 0..10 {
        let url = format!("https://www.linkedin.com/in/person-{i}");
        let category = if i % 2 == 0 {
            "candidate"
        } else {
            "recruitment_consultant"
        };
        invitations.push_str(&format!(
            "Person {i},Pat Owner,\"9/{}/26, 9:00 AM\",,INCOMING,{url},https://www.linkedin.com/in/pat\n",
            i + 1
        ));
        if i < 5 {
            connections.push_str(&format!(
                "Person,{i},{url},,,Recruiter,{:02} Sep 2026\n",
                i + 2
            ));
            register.push_str(&format!("{url},Person {i},{category},,,,,1,,,\n"));
        } else {
            register.push_str(&format!("{url},Person {i},,,,,,1,,,\n"));
        }
    }
    env.write("export/Invitations.csv", invitations);
    env.write("export/Connections.csv", connections);
    env.write("senders.csv", register);
    env.run(&[
        "report",
        "export",
        "--out",
        "out",
        "--as-of",
        "2026-10-31",
        "--month",
        "2026-09",
    ])
    .success();
    let manifest = env.read("out/2026-09/manifest.json");
    assert!(
        manifest.contains(
            "\"category_coverage\": {\n    \"accepted\": 1.0,\n    \"not_accepted\": 0.0\n  }"
        ),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"category_rates_biased\": true"),
        "{manifest}"
    );
    let summary = env.read("out/2026-09/summary.md");
    assert!(
        summary.contains("**Category rates are biased:**"),
        "{summary}"
    );
    assert!(
        summary.contains("not interpretable: category coverage is biased"),
        "{summary}"
    );
    let html = env.read("out/2026-09/report.html");
    assert!(html.contains("Category rates are biased"), "{html}");
}

#[test]
fn on_the_shared_real_exports_every_incoming_sender_is_listed_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/linkedin");
    if !root.is_dir() {
        eprintln!("skipped: {} is not here", root.display());
        return;
    }
    // (folder, incoming rows) from the fixtures' README.
    for (folder, incoming) in [
        ("2018-basic", 7),
        ("2021-05", 96),
        ("2022-09", 58),
        ("2026-03", 142),
    ] {
        let env = TestEnv::new();
        let input = root.join(folder);
        env.run(&["senders", input.to_str().unwrap(), "-o", "s.csv", "-q"])
            .success();
        let rows = csv_rows(&env.read("s.csv"));
        let total: u64 = column(&rows, "invitations")
            .iter()
            .map(|n| n.parse::<u64>().unwrap())
            .sum();
        assert_eq!(total, incoming, "{folder}");
        let keys: Vec<SenderKey> = rows[1..]
            .iter()
            .map(|r| SenderKey::new(&r[1], &r[0]))
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert!(!a.same_sender(b), "{folder}: {a:?} is listed twice");
            }
        }
    }
}
