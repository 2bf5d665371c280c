//! The store on disk: round trips, merges that advance outcomes, months rewritten only when
//! they change, and stores that must be refused without being touched.

use arcstr::ArcStr;
use std::sync::mpsc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use super::*;
use crate::model::{KnownOutcomes, SenderCategory, Status};
use crate::tag::{self, Rules, TagOptions};

/// What a test's write did.
#[derive(Debug)]
struct Written {
    months: usize,
    months_rewritten: usize,
    invitations: usize,
}

impl Store {
    /// The invitations of `months` and of `new`'s months, stored and new merged, as a run
    /// merges them a month at a time; oldest month first.
    fn read_and_merge(
        &mut self,
        months: impl IntoIterator<Item = YearMonth>,
        new: Vec<Invitation>,
    ) -> Result<Vec<Invitation>> {
        let mut by_month: BTreeMap<YearMonth, Vec<Invitation>> = BTreeMap::new();
        for m in months {
            by_month.entry(m).or_default();
        }
        for invitation in new {
            by_month
                .entry(YearMonth::of(invitation.received_at))
                .or_default()
                .push(invitation);
        }
        let mut all = Vec::new();
        for (month, new) in by_month {
            all.extend(merge(self.read_month(month)?, new));
        }
        Ok(all)
    }

    /// `read_and_merge` of every stored month.
    fn read_all_and_merge(&mut self, new: Vec<Invitation>) -> Result<Vec<Invitation>> {
        let months: Vec<YearMonth> = self.months().collect();
        self.read_and_merge(months, new)
    }
}

fn at(month: u32, day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, 9, 30, 0).unwrap()
}

fn invitation(name: &str, month: u32, day: u32, status: Status) -> Invitation {
    let slug = name.to_lowercase().replace(' ', "-");
    Invitation {
        invite_id: format!("inv-{slug}").into(),
        source: ArcStr::from("Invitations.csv"),
        line: u64::from(day),
        recipient: "Hannah Okafor".into(),
        sender_profile_url: format!("https://www.linkedin.com/in/{slug}").into(),
        sender_headline: "Recruiter at Hays".into(),
        message: if day.is_multiple_of(2) {
            "Hi Hannah, I saw your talk on data teams at PyData Berlin. Best, Sam".into()
        } else {
            String::new().into()
        },
        status,
        accepted_at: (status == Status::Accepted).then(|| at(month, day + 1)),
        known: KnownOutcomes::ALL,
        ..Invitation::pending(name, at(month, day))
    }
}

fn tags(invitations: &[Invitation]) -> (Vec<Tags>, Vec<tag::TemplateKey>) {
    let options = TagOptions {
        template_min: 3,
        senders: None,
    };
    tag::tag_among(invitations, &Rules::embedded(), options, &[])
}

/// Writes `invitations` (what `read_and_merge` gave) with their tags, a month at a time, as a
/// run does, then the store's record.
fn write(store: &mut Store, invitations: &[Invitation]) -> Result<Written> {
    let (tags, keys) = tags(invitations);
    let sha256 = Rules::embedded().sha256();
    let rewrite = store.is_outdated();
    let mut written = Written {
        months: 0,
        months_rewritten: 0,
        invitations: invitations.len(),
    };
    let mut at = 0;
    for month in
        invitations.chunk_by(|a, b| YearMonth::of(a.received_at) == YearMonth::of(b.received_at))
    {
        let rows = at..at + month.len();
        at += month.len();
        let name = YearMonth::of(month[0].received_at);
        written.months += 1;
        if store.write_month(
            name,
            month,
            &tags[rows.clone()],
            &keys[rows],
            &sha256,
            rewrite,
            None,
        )? {
            written.months_rewritten += 1;
        }
    }
    store.finish(&sha256, RunFacts::default())?;
    Ok(written)
}

/// Merges `new` into the store at `dir` and writes it back, as a run does.
fn run(dir: &Path, new: Vec<Invitation>) -> (Vec<Invitation>, Written) {
    let mut store = Store::open(dir, || {}).unwrap();
    let merged = store.read_all_and_merge(new).unwrap();
    let written = write(&mut store, &merged).unwrap();
    (merged, written)
}

/// A new store in a temporary folder, holding `invitations`.
fn new_store(invitations: Vec<Invitation>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), invitations);
    dir
}

fn stored(dir: &Path) -> Vec<Invitation> {
    let mut store = Store::open(dir, || {}).unwrap();
    let mut all = store.read_all_and_merge(Vec::new()).unwrap();
    all.sort_by(|a, b| a.invite_id.cmp(&b.invite_id));
    all
}

#[test]
fn invitations_come_back_as_they_went_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut sent = vec![
        invitation("Ann Ames", 9, 3, Status::Accepted),
        invitation("Bob Bell", 9, 4, Status::Pending),
        // Fractions of a second survive (to the microsecond).
        Invitation {
            received_at: at(9, 5) + chrono::Duration::microseconds(123_456),
            ..invitation("Eve Eng", 9, 5, Status::Ignored)
        },
        Invitation {
            explicit_category: Some(SenderCategory::Candidate),
            responded: true,
            responded_at: Some(at(10, 20)),
            known: KnownOutcomes {
                acceptance: true,
                reply: false,
            },
            ..invitation("Cy Cole", 10, 1, Status::Declined)
        },
    ];
    let (_, written) = run(dir.path(), sent.clone());
    assert_eq!((written.months, written.months_rewritten), (2, 2));
    assert!(dir
        .path()
        .join("month=2026-09/invitations.parquet")
        .is_file());
    assert!(dir
        .path()
        .join("month=2026-10/invitations.parquet")
        .is_file());
    sent.sort_by(|a, b| a.invite_id.cmp(&b.invite_id));
    assert_eq!(stored(dir.path()), sent);
}

#[test]
fn a_later_export_advances_an_outcome_and_never_erases_one() {
    let dir = new_store(vec![
        invitation("Ann Ames", 9, 3, Status::Pending),
        invitation("Bob Bell", 9, 4, Status::Accepted),
    ]);
    // Next month's export: Ann was accepted since; Bob's row aged out of the export, and a copy
    // of him read from an older file still says pending.
    let (_, written) = run(
        dir.path(),
        vec![
            invitation("Ann Ames", 9, 3, Status::Accepted),
            invitation("Bob Bell", 9, 4, Status::Pending),
            invitation("Dee Dunn", 10, 2, Status::Pending),
        ],
    );
    assert_eq!((written.invitations, written.months_rewritten), (3, 2));
    let statuses: Vec<(String, Status)> = stored(dir.path())
        .into_iter()
        .map(|i| (i.sender_name.to_string(), i.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Ann Ames".to_string(), Status::Accepted),
            ("Bob Bell".to_string(), Status::Accepted),
            ("Dee Dunn".to_string(), Status::Pending),
        ]
    );
}

#[test]
fn only_months_that_change_are_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let sent = vec![
        invitation("Ann Ames", 8, 3, Status::Accepted),
        invitation("Bob Bell", 9, 4, Status::Pending),
    ];
    run(dir.path(), sent.clone());
    let august = dir.path().join("month=2026-08/invitations.parquet");
    let before = fs::metadata(&august).unwrap().modified().unwrap();
    let (_, again) = run(dir.path(), sent);
    assert_eq!(again.months_rewritten, 0);
    let (_, changed) = run(
        dir.path(),
        vec![invitation("Bob Bell", 9, 4, Status::Accepted)],
    );
    assert_eq!((changed.months, changed.months_rewritten), (2, 1));
    assert_eq!(fs::metadata(&august).unwrap().modified().unwrap(), before);
}

#[test]
fn a_month_is_written_with_its_own_invitations_only() {
    let dir = new_store(vec![invitation("Ann Ames", 9, 3, Status::Pending)]);
    let mut store = Store::open(dir.path(), || {}).unwrap();
    let september = YearMonth::parse("2026-09").unwrap();
    let mut merged = store.read_and_merge([september], Vec::new()).unwrap();
    merged.push(invitation("Bob Bell", 10, 4, Status::Pending));
    let (tags, keys) = tags(&merged);
    let sha256 = Rules::embedded().sha256();
    let err = store
        .write_month(september, &merged, &tags, &keys, &sha256, false, None)
        .unwrap_err();
    assert!(err.to_string().contains("another month"), "{err}");
    drop(store);
    assert_eq!(stored(dir.path()).len(), 1);
}

#[test]
fn a_store_from_a_newer_version_is_refused_untouched() {
    let dir = new_store(vec![invitation("Ann Ames", 9, 3, Status::Pending)]);
    let meta = dir.path().join("_store.json");
    let text = r#"{"format": 99, "something": "new"}"#;
    fs::write(&meta, text).unwrap();
    let err = Store::open(dir.path(), || {}).err().expect("refused");
    assert_eq!(err.exit_code(), 65);
    let message = err.to_string();
    assert!(
        message.contains("_store.json") && message.contains("newer"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(&meta).unwrap(), text);
}

#[test]
fn a_truncated_month_is_named_and_left_as_it_is() {
    let dir = new_store(vec![invitation("Ann Ames", 9, 3, Status::Pending)]);
    let file = dir.path().join("month=2026-09/invitations.parquet");
    let bytes = fs::read(&file).unwrap();
    fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let err = Store::open(dir.path(), || {}).err().expect("refused");
    assert_eq!(err.exit_code(), 65);
    assert!(err.to_string().contains("month=2026-09"), "{err}");
    assert_eq!(fs::read(&file).unwrap().len(), bytes.len() / 2);
}

#[test]
fn a_second_run_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let first = Store::open(dir.path(), || {}).unwrap();
    let (waited, waiting) = mpsc::channel();
    let path = dir.path().to_path_buf();
    let second = std::thread::spawn(move || {
        let store = Store::open(&path, || waited.send(()).unwrap()).unwrap();
        store.len()
    });
    // The second run says it waits, and gets the store once the first lets go.
    waiting.recv_timeout(Duration::from_secs(10)).unwrap();
    drop(first);
    assert_eq!(second.join().unwrap(), 0);
}

#[test]
fn revisions_compare_a_month_with_its_last_report() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), || {}).unwrap();
    let october = YearMonth::parse("2026-10").unwrap();
    let first = MonthFigures {
        invites: 10,
        decided: 6,
        accepted: 3,
        acceptance_trials: 6,
        ..MonthFigures::default()
    };
    assert_eq!(store.revision(october, first).unwrap(), None);
    store.record(october, first).unwrap();
    assert_eq!(store.revision(october, first).unwrap(), None);
    let later = MonthFigures {
        decided: 9,
        accepted: 5,
        acceptance_trials: 9,
        ..first
    };
    let revision = store.revision(october, later).unwrap().unwrap();
    assert_eq!((revision.before, revision.now), (first, later));
}

#[test]
fn a_run_reads_only_the_months_it_asks_for() {
    let dir = new_store(vec![
        invitation("Ann Ames", 8, 3, Status::Accepted),
        invitation("Bob Bell", 9, 4, Status::Pending),
        invitation("Cy Cole", 10, 1, Status::Pending),
    ]);
    let month = |m: &str| YearMonth::parse(m).unwrap();
    let mut store = Store::open(dir.path(), || {}).unwrap();
    // What each month holds is known without reading it.
    assert_eq!((store.len(), store.len_read()), (3, 0));
    assert_eq!(store.latest(), Some(at(10, 1)));
    assert_eq!(
        store.months_by(at(9, 4)).collect::<Vec<_>>(),
        [month("2026-08"), month("2026-09")]
    );
    let august = dir.path().join("month=2026-08/invitations.parquet");
    let before = fs::metadata(&august).unwrap().modified().unwrap();

    let merged = store
        .read_and_merge(
            [month("2026-10")],
            vec![invitation("Cy Cole", 10, 1, Status::Accepted)],
        )
        .unwrap();
    assert_eq!(store.len_read(), 1);
    assert_eq!(merged.len(), 1);
    let written = write(&mut store, &merged).unwrap();
    assert_eq!(written.months_rewritten, 1);
    assert_eq!(store.len(), 3);
    assert_eq!(fs::metadata(&august).unwrap().modified().unwrap(), before);
    drop(store);
    let statuses: Vec<Status> = stored(dir.path()).iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        [Status::Accepted, Status::Pending, Status::Accepted]
    );

    // Writing a stored month the run did not read would drop its rows: refused.
    let mut store = Store::open(dir.path(), || {}).unwrap();
    let late = vec![invitation("Dee Dunn", 9, 10, Status::Pending)];
    let err = write(&mut store, &late).expect_err("refused");
    assert!(err.to_string().contains("2026-09"), "{err}");
    assert_eq!(store.len(), 3);
}

#[test]
fn a_format_1_store_is_read_and_rewritten_whole() {
    let dir = new_store(vec![
        invitation("Ann Ames", 8, 3, Status::Accepted),
        invitation("Bob Bell", 9, 4, Status::Pending),
    ]);
    // Made format 1: no `template_key` column, and `_store.json` says so.
    for month in ["2026-08", "2026-09"] {
        let path = dir
            .path()
            .join(format!("month={month}/invitations.parquet"));
        let df = frame::read(&path).unwrap().drop("template_key").unwrap();
        frame::write(&path, df).unwrap();
    }
    let meta_path = dir.path().join("_store.json");
    let meta = fs::read_to_string(&meta_path).unwrap();
    fs::write(&meta_path, meta.replace("\"format\": 2", "\"format\": 1")).unwrap();

    let mut store = Store::open(dir.path(), || {}).unwrap();
    assert!(store.is_outdated());
    let merged = store.read_all_and_merge(Vec::new()).unwrap();
    let written = write(&mut store, &merged).unwrap();
    assert_eq!((written.months, written.months_rewritten), (2, 2));
    assert!(!store.is_outdated());
    drop(store);
    let path = dir.path().join("month=2026-08/invitations.parquet");
    let df = frame::read(&path).unwrap();
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    assert_eq!(names, COLUMNS);
    assert_eq!(stored(dir.path()).len(), 2);
}

#[test]
fn a_month_restored_from_a_format_1_backup_makes_the_store_read_whole() {
    let dir = new_store(vec![
        invitation("Ann Ames", 8, 3, Status::Accepted),
        invitation("Bob Bell", 9, 4, Status::Pending),
    ]);
    let store = Store::open(dir.path(), || {}).unwrap();
    assert!(!store.is_outdated());
    drop(store);
    // August comes back from a backup made before `template_key`.
    let path = dir.path().join("month=2026-08/invitations.parquet");
    let df = frame::read(&path).unwrap().drop("template_key").unwrap();
    frame::write(&path, df).unwrap();
    let store = Store::open(dir.path(), || {}).unwrap();
    assert!(store.is_outdated());
    assert_eq!(store.len(), 2);
    drop(store);
    // Rewritten whole, it is up to date again.
    run(dir.path(), Vec::new());
    assert!(!Store::open(dir.path(), || {}).unwrap().is_outdated());
}

#[test]
fn a_store_below_folders_with_brackets_and_equals_signs_opens() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("LinkedIn [2026]/team=sales/history");
    // Day 4: with a note, accepted the next day.
    run(
        &store_dir,
        vec![invitation("Ann Ames", 8, 4, Status::Accepted)],
    );
    let store = Store::open(&store_dir, || {}).unwrap();
    assert_eq!(store.len(), 1);
    assert_eq!(store.latest(), Some(at(8, 5)));
    assert_eq!(store.unread_template_keys().unwrap().len(), 1);
}

#[cfg(unix)]
#[test]
fn a_store_whose_path_is_not_utf_8_is_refused_with_a_reason() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    run(
        &store_dir,
        vec![invitation("Ann Ames", 8, 4, Status::Accepted)],
    );
    let err = Store::open(&store_dir, || {}).err().expect("refused");
    assert_eq!(err.exit_code(), 65);
    assert!(err.to_string().contains("UTF-8"), "{err}");
}
