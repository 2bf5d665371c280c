//! Property tests of invariants that must hold for any input (proptest).

use arcstr::ArcStr;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use invitescope::ingest::canonical::read_canonical;
use invitescope::ingest::linkedin::parse_export_files;
use invitescope::ingest::{deduplicate, ingest, IngestConfig};
use invitescope::metrics::stats::{difference, Proportion};
use invitescope::model::{Invitation, Status};
use invitescope::tag::{tag_all, Rules, TagOptions};

/// One cell of a canonical file: mostly plausible, sometimes broken, sometimes hostile.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("2026-10-01T09:00:00Z".to_string()),
        Just("10/9/26, 4:25 PM".to_string()),
        Just("accepted".to_string()),
        Just("pending".to_string()),
        Just("maybe".to_string()),
        Just("Ann Lee".to_string()),
        Just("https://www.linkedin.com/in/ann".to_string()),
        Just("=HYPERLINK(\"x\")".to_string()),
        "[a-z ,\"\r\n]{0,12}",
        any::<String>(),
    ]
}

fn csv_text() -> impl Strategy<Value = String> {
    let header = Just("received_at,sender_name,sender_profile_url,status,message".to_string());
    let row = prop::collection::vec(cell(), 1..7).prop_map(|cells| {
        cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(",")
    });
    (header, prop::collection::vec(row, 0..30)).prop_map(|(h, rows)| {
        let mut text = h;
        for row in rows {
            text.push('\n');
            text.push_str(&row);
        }
        text
    })
}

fn invitation(sender: u8, minute: u8, status: Status, replied: bool) -> Invitation {
    Invitation {
        invite_id: format!("{sender}-{minute}").into(),
        source: ArcStr::from("p.csv"),
        line: 2,
        recipient: "me".into(),
        sender_profile_url: if sender.is_multiple_of(2) {
            format!("https://www.linkedin.com/in/s{}", sender % 4).into()
        } else {
            String::new().into()
        },
        status,
        responded: replied,
        ..Invitation::pending(
            &format!("Sender {}", sender % 4),
            Utc.with_ymd_and_hms(2026, 10, 1, 9, u32::from(minute % 3), 0)
                .unwrap(),
        )
    }
}

/// Text that is sometimes an export's header, sometimes CSV-shaped noise, sometimes any bytes.
fn export_bytes() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::select(vec![
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n",
        "Notes:\n\"When exporting\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT,FOLDER,IS MESSAGE DRAFT\n",
        "First Name,Last Name,Headline\n",
        "",
    ]);
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        prop::collection::vec(cell(), 0..40).prop_map(|cells| cells.join(",").into_bytes()),
        "[a-zA-Z0-9 ,\"\r\n%:/-]{0,300}".prop_map(String::into_bytes),
    ];
    (header, body).prop_map(|(h, b)| [h.as_bytes(), &b].concat())
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// The embedded rules, built once for every case.
static RULES: std::sync::LazyLock<Rules> = std::sync::LazyLock::new(Rules::embedded);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every row read is accepted or rejected: nothing vanishes, nothing panics.
    #[test]
    fn every_row_is_accepted_or_rejected(text in csv_text()) {
        let source: ArcStr = ArcStr::from("p.csv");
        if let Ok(contents) = read_canonical(text.as_bytes(), &source, Tz::UTC, false) {
            prop_assert_eq!(
                contents.rows_read,
                (contents.invitations.len() + contents.rejects.len()) as u64
            );
            for reject in &contents.rejects {
                prop_assert!(reject.line >= 2, "a data row on line {}", reject.line);
            }
        }
    }

    /// The canonical reader on any bytes at all: rejects or errors, never a panic.
    #[test]
    fn any_bytes_read_as_canonical_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let source: ArcStr = ArcStr::from("p.csv");
        if let Ok(contents) = read_canonical(&bytes[..], &source, Tz::UTC, false) {
            prop_assert_eq!(
                contents.rows_read,
                (contents.invitations.len() + contents.rejects.len()) as u64
            );
        }
    }

    /// The parsers of an export's files on any bytes: header errors or rejects, never a panic
    /// (the fuzz target `linkedin` does the same at length).
    #[test]
    fn export_files_never_panic(bytes in export_bytes()) {
        let rows = parse_export_files(&bytes);
        let lines = bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() as u64 + 1;
        for n in rows {
            prop_assert!(n <= lines, "{} rows from {} lines", n, lines);
        }
    }

    /// Tagging any note, headline, company and names never panics and gives valid tags.
    #[test]
    fn tagging_any_text_gives_valid_tags(
        note in any::<String>(),
        headline in any::<String>(),
        company in any::<String>(),
        name in any::<String>(),
        copies in 1usize..5,
    ) {
        let at = Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap();
        let invitation = Invitation {
            message: note.clone().into(),
            sender_headline: headline.into(),
            sender_company: company.into(),
            recipient: name.clone().into(),
            ..Invitation::pending(&name, at)
        };
        let invitations = vec![invitation; copies];
        let options = TagOptions { template_min: 3, senders: None };
        let tags = tag_all(&invitations, &RULES, options);
        prop_assert_eq!(tags.len(), copies);
        for t in &tags {
            prop_assert!(t.courtesy.score() <= 4);
            prop_assert!(!t.category_reason.is_empty());
            prop_assert!(!t.personalisation_reason.is_empty());
            prop_assert_eq!(t.note_chars, note.chars().count());
            if t.template_id.is_some() {
                prop_assert!(t.template_size >= 1);
            }
        }
    }

    /// Rates lie in [0, 1] and inside their intervals; differences inside theirs.
    #[test]
    fn rates_lie_inside_their_intervals(a in (0u64..500, 0u64..500), b in (0u64..500, 0u64..500)) {
        let pa = Proportion::new(a.0.min(a.1), a.1);
        let pb = Proportion::new(b.0.min(b.1), b.1);
        for p in [pa, pb] {
            match (p.rate(), p.wilson()) {
                (Some(rate), Some((low, high))) => {
                    prop_assert!((0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high));
                    prop_assert!(low <= rate + 1e-12 && rate <= high + 1e-12);
                }
                (None, None) => prop_assert_eq!(p.trials, 0),
                other => prop_assert!(false, "rate and interval disagree: {:?}", other),
            }
        }
        if let Some(d) = difference(pa, pb) {
            let (low, high) = d.ci.unwrap();
            prop_assert!((-1.0..=1.0).contains(&low) && (-1.0..=1.0).contains(&high));
            prop_assert!(low <= d.diff + 1e-12 && d.diff <= high + 1e-12);
            if let Some(p) = d.p_value {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }

    /// Deduplicating twice changes nothing, and never keeps more than it was given.
    #[test]
    fn deduplication_is_idempotent(
        rows in prop::collection::vec((0u8..8, 0u8..6, status(), any::<bool>()), 0..40)
    ) {
        let invitations: Vec<Invitation> =
            rows.iter().map(|&(s, m, st, r)| invitation(s, m, st, r)).collect();
        let once = deduplicate(invitations.clone());
        prop_assert!(once.len() <= invitations.len());
        let twice = deduplicate(once.clone());
        prop_assert_eq!(once, twice);
    }
}

/// Feeding the same file twice changes nothing but `duplicates_removed`.
#[test]
fn the_same_file_twice_only_adds_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    std::fs::write(
        &path,
        "received_at,sender_name,status\n2026-10-01T09:00:00Z,Ann,accepted\n2026-10-02T09:00:00Z,Bob,pending\nnever,Cat,pending\n",
    )
    .unwrap();
    let config = |inputs: Vec<std::path::PathBuf>| IngestConfig {
        inputs,
        strict: false,
        timezone: Tz::UTC,
        response_window_days: 30,
    };
    let once = ingest(&config(vec![path.clone()])).unwrap();
    let twice = ingest(&config(vec![path.clone(), path])).unwrap();
    assert_eq!(once.invitations, twice.invitations);
    assert_eq!(twice.counts.rows_read, 2 * once.counts.rows_read);
    assert_eq!(twice.counts.rows_rejected, 2 * once.counts.rows_rejected);
    assert_eq!(twice.counts.duplicates_removed, once.counts.rows_accepted);
    assert!(twice.counts.balances());
}
