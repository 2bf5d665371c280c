//! Property tests of invariants that must hold for any input (proptest).

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;

use invitescope::ingest::canonical::read_canonical;
use invitescope::ingest::{deduplicate, ingest, IngestConfig};
use invitescope::metrics::stats::{difference, Proportion};
use invitescope::model::{Invitation, Status};

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
        invite_id: format!("{sender}-{minute}"),
        source: Arc::from("p.csv"),
        line: 2,
        recipient: "me".into(),
        sender_profile_url: if sender.is_multiple_of(2) {
            format!("https://www.linkedin.com/in/s{}", sender % 4)
        } else {
            String::new()
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

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every row read is accepted or rejected: nothing vanishes, nothing panics.
    #[test]
    fn every_row_is_accepted_or_rejected(text in csv_text()) {
        let source: Arc<str> = Arc::from("p.csv");
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
