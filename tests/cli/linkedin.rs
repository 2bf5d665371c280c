//! LinkedIn exports (docs/inputs.md): each era's quirks on small synthetic exports written here,
//! the anonymised real exports in ../shared/fixtures/linkedin when present, zips, missing
//! optional files and the synthetic archive generator.

use std::path::{Path, PathBuf};

use invitescope::generate::linkedin::build;
use invitescope::generate::GenerateOptions;
use invitescope::ingest::linkedin::read_export;
use invitescope::ingest::IngestConfig;
use invitescope::model::Invitation;

use crate::support::{column, csv_rows, write_zip, TestEnv};

fn config(inputs: Vec<PathBuf>) -> IngestConfig {
    IngestConfig {
        inputs,
        strict: false,
        timezone: chrono_tz::Tz::UTC,
        response_window_days: 30,
    }
}

/// incoming, with note, accepted, replied.
fn counts(invitations: &[Invitation]) -> (usize, usize, usize, usize) {
    (
        invitations.len(),
        invitations.iter().filter(|i| !i.message.is_empty()).count(),
        invitations
            .iter()
            .filter(|i| i.accepted_at.is_some())
            .count(),
        invitations.iter().filter(|i| i.responded).count(),
    )
}

// --- Small synthetic exports, one per era -----------------------------------------------------

/// 2018: five-column invitations, `Messages.csv` with a capital M and a Direction column,
/// connections without preamble or URL and with US-style times, a double space in a name.
fn era_2018(env: &TestEnv) -> PathBuf {
    env.write(
        "e2018/Invitations.csv",
        "From,To,Sent At,Message,Direction\n\
         Pat Owner,Zed Quill,\"8/18/18, 9:08 AM\",hi there ,OUTGOING\n\
         ANN  LEE,Pat Owner,\"10/31/18, 7:52 AM\",,INCOMING\n\
         Bob Roe,Pat Owner,\"10/20/18, 11:41 AM\",,INCOMING\n\
         Cy Dee,Pat Owner,\"7/2/18, 4:05 PM\",,INCOMING\n",
    );
    env.write(
        "e2018/Connections.csv",
        "First Name,Last Name,Email Address,Company,Position,Connected On\n\
         Ann,Lee,ann@example.org,Hays,Recruiter,\"11/1/18, 6:14 PM\"\n\
         Cy,Dee,,Acme,Engineer,\"1/8/18, 6:14 PM\"\n",
    );
    env.write(
        "e2018/Messages.csv",
        "From,To,Date,Subject,Content,Direction,Folder\n\
         Pat Owner,Ann Lee,\"11/2/18, 8:36 AM\",,,OUTGOING,SENT\n\
         Pat Owner,Bob Roe,\"10/21/18, 8:36 AM\",Hello,\"Thanks, Bob\",OUTGOING,SENT\n",
    );
    env.path().join("e2018")
}

/// 2022: `Notes:` preamble, no URL column, nine-column messages; the accepted note is the
/// sender's first message and the owner answers it.
fn era_2022(env: &TestEnv, connections: &str) -> PathBuf {
    env.write(
        "e2022/Invitations.csv",
        "From,To,Sent At,Message,Direction\n\
         Flo Crane,Vic Owner,\"8/26/22, 8:56 PM\",\"Hey Vic, this is Flo!\",INCOMING\n\
         Gus Hale,Vic Owner,\"8/24/22, 6:33 AM\",,INCOMING\n\
         Vic Owner,Ida Moss,\"8/24/22, 6:32 AM\",,OUTGOING\n",
    );
    env.write("e2022/Connections.csv", connections);
    env.write(
        "e2022/messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n\
         c1,,Flo Crane,https://www.linkedin.com/in/flo,Vic Owner,2022-08-27 10:00:00 UTC,,\"Hey Vic, this is Flo!\",INBOX\n\
         c1,,Vic Owner,https://www.linkedin.com/in/vic,Flo Crane,2022-08-27 10:00:18 UTC,,Hi Flo!,INBOX\n",
    );
    env.path().join("e2022")
}

const CONNECTIONS_2022: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,Email Address,Company,Position,Connected On\nFlo,Crane,,Acme,Analyst,27 Aug 2022\nGus,Hale,,Beta,Tester,24 Aug 2022";

/// The same connections after a spreadsheet re-save: BOM, CRLF, no preamble, `27-Aug-22`.
const CONNECTIONS_2022_EXCEL: &str = "\u{feff}First Name,Last Name,Email Address,Company,Position,Connected On\r\nFlo,Crane,,Acme,Analyst,27-Aug-22\r\nGus,Hale,,Beta,Tester,24-Aug-22\r\n";

/// 2026: URL columns, percent-encoded URLs with an emoji, blank connection rows, every message
/// field quoted with real newlines, an empty owner message, two people of one name.
fn era_2026(env: &TestEnv) -> PathBuf {
    env.write(
        "e2026/Invitations.csv",
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n\
         Jürgen Ray 🚀,Tia Owner,\"3/7/26, 1:07 PM\",\"Hi\u{2005}Tia,  we met at the meetup\",INCOMING,https://www.linkedin.com/in/jürgen-🚀,https://www.linkedin.com/in/tia\n\
         Kim Park,Tia Owner,\"3/6/26, 10:46 AM\",,INCOMING,https://www.linkedin.com/in/kim-park-1,https://www.linkedin.com/in/tia\n\
         Lou Vance,Tia Owner,\"2/1/26, 11:00 PM\",,INCOMING,https://www.linkedin.com/in/lou,https://www.linkedin.com/in/tia\n\
         Tia Owner,Max Ode,\"3/5/26, 2:29 PM\",,OUTGOING,https://www.linkedin.com/in/tia,https://www.linkedin.com/in/max\n",
    );
    env.write(
        "e2026/Connections.csv",
        "Notes:\n\"Some e-mail addresses are missing.\"\n\n\
         First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Jürgen,Ray 🚀,https://www.linkedin.com/in/j%C3%BCrgen-%F0%9F%9A%80,,Acme,CTO,08 Mar 2026\n\
         KIM,  PARK,https://www.linkedin.com/in/kim-park-2,,Other,Other,07 Mar 2026\n\
         ,,,,,,06 Mar 2026\n\
         Lou,Vance,https://www.linkedin.com/in/lou,,Gamma,Lead,01 Feb 2026",
    );
    env.write(
        "e2026/messages.csv",
        "\"CONVERSATION ID\",\"CONVERSATION TITLE\",\"FROM\",\"SENDER PROFILE URL\",\"TO\",\"RECIPIENT PROFILE URLS\",\"DATE\",\"SUBJECT\",\"CONTENT\",\"FOLDER\",\"ATTACHMENTS\"\n\
         \"c1\",\"\",\"Tia Owner\",\"https://www.linkedin.com/in/tia\",\"Jürgen Ray 🚀\",\"https://www.linkedin.com/in/jürgen-🚀\",\"2026-03-09 09:00:00 UTC\",\"\",\"Hi Jürgen,\nthanks!\nTia\",\"INBOX\",\"\"\n\
         \"c2\",\"\",\"Tia Owner\",\"https://www.linkedin.com/in/tia\",\"Kim Park\",\"https://www.linkedin.com/in/kim-park-1\",\"2026-03-07 09:00:00 UTC\",\"\",\"\",\"INBOX\",\"\"\n\
         \"c3\",\"\",\"Tia Owner\",\"https://www.linkedin.com/in/tia\",\"Lou Vance\",\"https://www.linkedin.com/in/lou\",\"2026-03-20 09:00:00 UTC\",\"\",\"Late\",\"INBOX\",\"\"\n",
    );
    env.path().join("e2026")
}

#[test]
fn the_2018_era_reads_pacific_times_names_and_directions() {
    let env = TestEnv::new();
    let export = read_export(&era_2018(&env), &config(vec![])).unwrap();
    assert_eq!(export.rejects, vec![]);
    let inv = &export.invitations;
    // Ann: accepted (name matched despite capitals and a double space), her empty message is
    // no reply. Bob: never connected, but the owner wrote the next day. Cy: connected long
    // before the invitation, so not an acceptance of it.
    assert_eq!(counts(inv), (3, 0, 1, 1));
    assert_eq!(inv[0].sender_name, "ANN LEE");
    assert_eq!(inv[0].recipient, "Pat Owner");
    // 10/31/18 7:52 AM in Los Angeles (daylight saving) is 14:52 UTC.
    assert_eq!(inv[0].received_at.to_rfc3339(), "2018-10-31T14:52:00+00:00");
    // 7/2/18: PDT too; a winter date would be eight hours behind instead.
    assert_eq!(inv[2].received_at.to_rfc3339(), "2018-07-02T23:05:00+00:00");
    assert!(inv[1].responded);
    let files = &export.files;
    assert_eq!(files[0].rows, 3);
    assert_eq!(files[0].outgoing_skipped, Some(1));
    assert!(files[2].path.ends_with("Messages.csv"), "{:?}", files[2]);
}

#[test]
fn the_2022_era_and_its_excel_resave_give_the_same_outcomes() {
    for connections in [CONNECTIONS_2022, CONNECTIONS_2022_EXCEL] {
        let env = TestEnv::new();
        let export = read_export(&era_2022(&env, connections), &config(vec![])).unwrap();
        assert_eq!(export.rejects, vec![]);
        // Flo's accepted note is her own first message; the owner's answer is the reply.
        assert_eq!(counts(&export.invitations), (2, 1, 2, 1));
        let flo = &export.invitations[0];
        assert_eq!(
            flo.responded_at.unwrap().to_rfc3339(),
            "2022-08-27T10:00:18+00:00"
        );
        // Connected On is a date: acceptance is never placed before arrival.
        assert!(export.invitations[1].accepted_at.unwrap() >= export.invitations[1].received_at);
    }
}

#[test]
fn the_2026_era_matches_by_decoded_url() {
    let env = TestEnv::new();
    let export = read_export(&era_2026(&env), &config(vec![])).unwrap();
    assert_eq!(export.rejects, vec![]);
    let inv = &export.invitations;
    // Jürgen: accepted via the percent-encoded URL, replied. Kim: a different Kim Park is
    // connected (other URL), and the owner's message to her is empty. Lou: accepted, but the
    // owner wrote 47 days later, outside the window.
    assert_eq!(counts(inv), (3, 1, 2, 1));
    assert_eq!(inv[0].message, "Hi\u{2005}Tia,  we met at the meetup");
    assert!(inv[1].accepted_at.is_none() && !inv[1].responded);
    assert!(inv[2].accepted_at.is_some() && !inv[2].responded);

    let wide = IngestConfig {
        response_window_days: 60,
        ..config(vec![])
    };
    let export = read_export(&env.path().join("e2026"), &wide).unwrap();
    assert_eq!(counts(&export.invitations).3, 2);
}

#[test]
fn a_zip_with_a_subfolder_reads_like_the_folder() {
    let env = TestEnv::new();
    let folder = era_2026(&env);
    let files: Vec<(String, Vec<u8>)> = ["Invitations.csv", "Connections.csv", "messages.csv"]
        .iter()
        .map(|n| {
            (
                format!("Basic_LinkedInDataExport_03-09-2026/{n}"),
                std::fs::read(folder.join(n)).unwrap(),
            )
        })
        .collect();
    let zip = env.path().join("Basic_LinkedInDataExport_03-09-2026.zip");
    write_zip(&zip, &files);
    let from_zip = read_export(&zip, &config(vec![])).unwrap();
    let from_folder = read_export(&folder, &config(vec![])).unwrap();
    assert_eq!(
        counts(&from_zip.invitations),
        counts(&from_folder.invitations)
    );
    assert!(
        from_zip.files[0].path.contains(".zip!/"),
        "{:?}",
        from_zip.files
    );
}

#[test]
fn connections_rows_a_quote_left_open_took_are_named_not_read() {
    // Flo's Company opens a quote that Ida's closes: lines 2–4 are one record of the right
    // width, Company holding three lines. Read as it stands, it would make Flo a connection of
    // 24 Aug and lose Gus and Ida without a word.
    let broken = "First Name,Last Name,Email Address,Company,Position,Connected On\n\
                  Flo,Crane,,\"Acme,Analyst,27 Aug 2022\n\
                  Gus,Hale,,Beta,Tester,24 Aug 2022\n\
                  Ida,Moss,,\"Gamma\",Lead,24 Aug 2022\n\
                  Jo,Park,,Delta,Lead,24 Aug 2022\n";
    let env = TestEnv::new();
    era_2022(&env, broken);
    let run = env.run(&["validate", "e2022"]);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("(1 connection;") && out.contains(
            "; 1 row could not be read and was left out, on line 2: the row runs over lines 2–4 \
             and its 'Company' field, which never spans lines, holds line breaks and commas: a \
             quote left open on line 2 may have taken the lines after it into one field; check \
             that quote."
        ),
        "{out}"
    );

    // Two of them: counted, the first named.
    let twice = format!(
        "{broken}Kim,Lee,,\"Eps,Lead,24 Aug 2022\nLou,Vance,,Zeta,Lead,25 Aug 2022\nMo,Ng,,\"Eta\",Lead,25 Aug 2022\n"
    );
    let env = TestEnv::new();
    era_2022(&env, &twice);
    let run = env.run(&["validate", "e2022"]);
    run.success();
    let out = run.stdout();
    assert!(
        out.contains("; 2 rows could not be read and were left out, the first on line 2: the row runs over lines 2–4"),
        "{out}"
    );
}

#[test]
fn missing_optional_files_make_outcomes_unknown_not_zero() {
    let env = TestEnv::new();
    let folder = era_2026(&env);
    std::fs::remove_file(folder.join("Connections.csv")).unwrap();
    std::fs::remove_file(folder.join("messages.csv")).unwrap();
    // Late enough that every invitation is decided: the rates must still be empty.
    let run = env.run(&[
        "report",
        "e2026",
        "--out",
        "out",
        "--month",
        "all",
        "--as-of",
        "2026-06-01",
        "-q",
    ]);
    run.success();
    let metrics = csv_rows(&env.read("out/all/metrics.csv"));
    assert_eq!(column(&metrics, "decided")[0], "3", "{metrics:?}");
    assert_eq!(column(&metrics, "acceptance_rate")[0], "");
    assert_eq!(column(&metrics, "response_rate")[0], "");
    let summary = env.read("out/all/summary.md");
    assert!(summary.contains("acceptance unknown"), "{summary}");
    assert!(summary.contains("replies unknown"), "{summary}");
    assert!(summary.contains("were accepted is unknown"), "{summary}");
}

#[test]
fn an_owner_no_incoming_row_names_comes_from_profile_csv_or_the_summary_says_why_not() {
    // The owner's reply is known by name alone (no URL columns): it counts only once the owner
    // is named, by Profile.csv or else by the invitations they sent.
    let cases = [
        // Profile.csv, a sent invitation, replies found, what the notes say
        (Some("First Name,Last Name\nVic,Owner\n"), false, 1, None),
        (
            Some("Name,Headline\nVic Owner,Analyst\n"),
            true,
            1,
            Some("Profile.csv gives none (no First Name and Last Name columns)"),
        ),
        (
            Some("First Name,Last Name\n"),
            false,
            0,
            Some("it has no readable row"),
        ),
        (
            Some("First Name,Last Name,Headline\n,,Analyst\n"),
            true,
            1,
            Some("line 2: the name is empty"),
        ),
        (None, false, 0, None),
    ];
    for (k, (profile, sent, replies, said)) in cases.into_iter().enumerate() {
        let env = TestEnv::new();
        let sent_row = if sent {
            "Vic Owner,Ida Moss,\"8/24/22, 6:32 AM\",,OUTGOING\n"
        } else {
            ""
        };
        env.write(
            "e/Invitations.csv",
            format!(
                "From,To,Sent At,Message,Direction\n\
                 Flo Crane,,\"8/26/22, 8:56 PM\",\"Hey Vic, this is Flo!\",INCOMING\n{sent_row}"
            ),
        );
        env.write(
            "e/messages.csv",
            "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n\
             c1,,Vic Owner,,Flo Crane,2022-08-27 10:00:18 UTC,,Hi Flo!,INBOX\n",
        );
        if let Some(profile) = profile {
            env.write("e/Profile.csv", profile);
        }
        let export = read_export(&env.path().join("e"), &config(vec![])).unwrap();
        assert_eq!(counts(&export.invitations).3, replies, "case {k}");
        let owner_notes: Vec<&str> = export
            .notes
            .iter()
            .map(|n| n.text.as_str())
            .filter(|text| text.contains("owner's name"))
            .collect();
        match said {
            None => assert!(owner_notes.is_empty(), "case {k}: {owner_notes:?}"),
            Some(why) => {
                assert_eq!(owner_notes.len(), 1, "case {k}: {:?}", export.notes);
                let instead = if sent {
                    "taken from the invitations they sent"
                } else {
                    "unknown"
                };
                assert!(owner_notes[0].contains(why), "case {k}: {owner_notes:?}");
                // The file holds the owner's name: the report quotes none of it.
                assert!(!owner_notes[0].contains("Vic"), "case {k}: {owner_notes:?}");
                assert!(
                    owner_notes[0].contains(instead),
                    "case {k}: {owner_notes:?}"
                );
            }
        }
    }
}

#[test]
fn report_reads_a_zipped_export_and_states_its_caveats() {
    let env = TestEnv::new();
    let (files, expected) = build(&GenerateOptions {
        rows: 400,
        ..GenerateOptions::default()
    })
    .unwrap();
    let zip = env.path().join("Basic_LinkedInDataExport_10-31-2026.zip");
    write_zip(&zip, &files);
    let export = read_export(&zip, &config(vec![])).unwrap();
    assert_eq!(export.rejects, vec![]);
    let got = counts(&export.invitations);
    assert_eq!(
        (got.0 as u64, got.1 as u64, got.2 as u64, got.3 as u64),
        (
            expected.incoming,
            expected.with_note,
            expected.accepted,
            expected.replied
        )
    );
    assert!(expected.incoming > 50 && expected.accepted > 0 && expected.replied > 0);

    let run = env.run(&[
        "report",
        "Basic_LinkedInDataExport_10-31-2026.zip",
        "--out",
        "out",
        "-q",
    ]);
    run.success();
    let months: Vec<_> = std::fs::read_dir(env.path().join("out")).unwrap().collect();
    assert_eq!(months.len(), 1);
    let month = months[0].as_ref().unwrap().path();
    for file in ["summary.md", "metrics.csv", "manifest.json", "charts"] {
        assert!(month.join(file).exists(), "{file}");
    }
    let summary = std::fs::read_to_string(month.join("summary.md")).unwrap();
    for needle in [
        "LinkedIn data export",
        "acceptance from Connections.csv",
        "replies from messages.csv",
        "pending and one ignored look the same",
        "6–8 months",
        "sender category `unknown`",
    ] {
        assert!(summary.contains(needle), "{needle}\n{summary}");
    }
    let manifest = std::fs::read_to_string(month.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"outgoing_skipped\""), "{manifest}");
    assert!(manifest.contains("linkedin-connections"), "{manifest}");
}

#[test]
fn generate_writes_a_deterministic_archive() {
    let env = TestEnv::new();
    env.run(&[
        "generate", "--rows", "300", "--format", "linkedin", "-o", "a.zip", "-q",
    ])
    .success();
    env.run(&[
        "generate", "--rows", "300", "--format", "linkedin", "-o", "b.zip", "-q",
    ])
    .success();
    env.run(&[
        "generate", "--rows", "300", "--format", "linkedin", "-o", "folder", "-q",
    ])
    .success();
    let a = std::fs::read(env.path().join("a.zip")).unwrap();
    assert_eq!(a, std::fs::read(env.path().join("b.zip")).unwrap());
    let invitations = env.read("folder/Invitations.csv");
    assert!(invitations
        .starts_with("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"));
    assert!(env.read("folder/Connections.csv").starts_with("Notes:\n"));
    assert!(env
        .read("folder/messages.csv")
        .starts_with("\"CONVERSATION ID\",\"CONVERSATION TITLE\""));
    env.run(&["validate", "folder"]).success();
    env.run(&["generate", "--rows", "3", "--format", "linkedin", "-o", "-"])
        .expect_code(2);
}

#[test]
fn exports_without_invitations_or_damaged_zips_are_refused() {
    let env = TestEnv::new();
    env.write("only/Connections.csv", CONNECTIONS_2022);
    let run = env.run(&["validate", "only"]);
    run.expect_code(66);
    assert!(
        run.stderr().contains("no Invitations.csv"),
        "{}",
        run.stderr()
    );
    env.write("broken.zip", b"PK\x03\x04 not really");
    let run = env.run(&["validate", "broken.zip"]);
    run.expect_code(66);
    assert!(run.stderr().contains("zip"), "{}", run.stderr());
}

// --- The anonymised real exports -------------------------------------------------------------

/// `../shared/fixtures/linkedin`, when this checkout sits next to it.
fn shared_fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join("fixtures")
        .join("linkedin");
    dir.is_dir().then_some(dir)
}

#[test]
fn every_shared_fixture_era_gives_the_expected_counts() {
    let Some(root) = shared_fixtures() else {
        eprintln!("skipped: ../shared/fixtures/linkedin is not there");
        return;
    };
    // From the fixtures' README: incoming, with note, accepted, responded.
    let expected = [
        ("2018-basic", (7, 0, 4, 0)),
        ("2021-05", (96, 0, 94, 0)),
        ("2022-09", (58, 1, 57, 1)),
        ("2026-03", (142, 2, 140, 1)),
    ];
    for (era, want) in expected {
        let export = read_export(&root.join(era), &config(vec![])).unwrap();
        assert_eq!(export.rejects, vec![], "{era}");
        assert_eq!(counts(&export.invitations), want, "{era}");
    }

    // 2022-09 with the spreadsheet re-save as its Connections.csv.
    let env = TestEnv::new();
    for file in ["Invitations.csv", "messages.csv"] {
        env.write(
            &format!("resaved/{file}"),
            std::fs::read(root.join("2022-09").join(file)).unwrap(),
        );
    }
    env.write(
        "resaved/Connections.csv",
        std::fs::read(root.join("2022-09/Connections.excel-resaved.csv")).unwrap(),
    );
    let export = read_export(&env.path().join("resaved"), &config(vec![])).unwrap();
    assert_eq!(export.rejects, vec![]);
    assert_eq!(counts(&export.invitations), (58, 1, 57, 1));
}

#[test]
fn report_reads_a_zip_of_a_shared_fixture() {
    let Some(root) = shared_fixtures() else {
        eprintln!("skipped: ../shared/fixtures/linkedin is not there");
        return;
    };
    let env = TestEnv::new();
    let era = root.join("2026-03");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&era).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read(&path).unwrap()));
    }
    files.sort();
    write_zip(
        &env.path().join("Basic_LinkedInDataExport_03-09-2026.zip"),
        &files,
    );
    env.run(&[
        "report",
        "Basic_LinkedInDataExport_03-09-2026.zip",
        "--out",
        "out",
        "--month",
        "2025-10",
        "-q",
    ])
    .success();
    let summary = env.read("out/2025-10/summary.md");
    assert!(
        summary.contains("44 invitations arrived in October 2025"),
        "{summary}"
    );
    assert!(summary.contains("LinkedIn data export"), "{summary}");
    let metrics = csv_rows(&env.read("out/2025-10/metrics.csv"));
    assert_ne!(column(&metrics, "acceptance_rate")[0], "");
    assert!(env
        .path()
        .join("out/2025-10/charts/acceptance_by_category.png")
        .is_file());
}
