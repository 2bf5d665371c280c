//! Criterion benchmarks of the pipeline's hot stages, through the library's public API.
//!
//! ```sh
//! cargo bench --bench stages                  # every stage
//! cargo bench --bench stages -- tag_all       # one stage (a substring of its name)
//! ```
//!
//! One generated data set (`invitescope generate --rows 20000 --seed 1 --notes 75`, written once to a
//! temporary file) feeds every stage in the order a run holding every invitation would run them
//! (the tests' reference): `ingest` reads and
//! deduplicates the file, `tag_all` tags its invitations with the embedded rules (and
//! `tag_stream` as the streamed `report` does, without reasons), `cluster`
//! finds the templates among their masked notes, and `metrics::compute` builds the latest
//! month's tables. Each stage is measured on the previous stage's real output, prepared outside
//! the timed loop. Whole runs at 100k and 1M rows are `scripts/bench.sh`'s job; these numbers
//! are for comparing one change to a stage before and after (criterion keeps the last run in
//! `target/criterion/` and prints the change). A benchmark, not a test: nothing is asserted
//! about time.

use std::fs::File;
use std::hint::black_box;
use std::io::BufWriter;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use invitescope::generate::{self, GenerateOptions};
use invitescope::ingest::{self, IngestConfig};
use invitescope::metrics;
use invitescope::model::{DecisionWindow, Invitation};
use invitescope::tag::{self, note, templates, Rules, TagOptions};

/// Rows of the generated input: large enough that per-row work dominates set-up (building the
/// rule automata, polars' plan), small enough that a sample of `tag_all` stays under a second
/// in a release build on 2 cores.
const ROWS: usize = 20_000;

/// What `report` uses by default (README, "Command line").
const GRACE_DAYS: i64 = 14;
const TEMPLATE_MIN: usize = 3;

/// Few samples over a short window: the stages take milliseconds to a few hundred, so this is
/// enough to see a 5% change, and `cargo bench --bench stages` ends in minutes.
fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

fn stages(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("a temporary folder for the generated input");
    let path = folder.path().join("invites.csv");
    // Notes on three invitations in four, as scripts/bench.sh uses: the tagger's heavy case.
    let options = GenerateOptions {
        rows: ROWS,
        seed: 1,
        note_percent: 75,
        ..GenerateOptions::default()
    };
    let file = File::create(&path).expect("the generated input can be created");
    generate::write_canonical(&options, BufWriter::new(file)).expect("generate writes the input");

    let ingest_config = IngestConfig {
        inputs: vec![path.clone()],
        strict: false,
        timezone: chrono_tz::Tz::UTC,
        response_window_days: 30,
    };
    let rows = Throughput::Elements(ROWS as u64);
    let mut group = c.benchmark_group("stages");
    group.throughput(rows);

    group.bench_function("ingest", |b| {
        b.iter(|| ingest::ingest(black_box(&ingest_config)).expect("the generated file reads"))
    });

    // As `report` does: keep what arrived by the latest timestamp, then tag.
    let ingested = ingest::ingest(&ingest_config).expect("the generated file reads");
    let as_of = invitescope::latest_timestamp(&ingested.invitations);
    let invitations: Vec<Invitation> = ingested
        .invitations
        .into_iter()
        .filter_map(|i| i.as_seen_at(as_of))
        .collect();
    let rules = Rules::embedded();
    let tag_options = TagOptions {
        template_min: TEMPLATE_MIN,
        senders: None,
    };
    group.bench_function("tag_all", |b| {
        b.iter(|| tag::tag_all(black_box(&invitations), &rules, tag_options))
    });

    // The streamed report's tagger (no listing): no reasons; the 20,000
    // rows are one batch of its 65,536, then the templates once all are in.
    group.bench_function("tag_stream", |b| {
        b.iter(|| {
            let mut stream = tag::Stream::new(&rules, tag_options);
            let partials = stream.tag(black_box(&invitations));
            let finished = stream.finish(partials.iter().copied());
            partials
                .iter()
                .map(|&p| finished.personalisation(p) as u64)
                .sum::<u64>()
        })
    });

    // Each invitation's masked text, so `cluster` is timed alone, one entry per note (the
    // tagger passes each distinct analysis once, with its count, to `cluster_counted`).
    let keys: Vec<Option<String>> = invitations
        .iter()
        .map(|i| note::analyse(&i.message, &i.sender_name, &i.recipient, &rules).template_key)
        .collect();
    group.bench_function("templates_cluster", |b| {
        b.iter(|| templates::cluster(black_box(&keys)))
    });

    let tags = tag::tag_all(&invitations, &rules, tag_options);
    let window = DecisionWindow {
        as_of,
        grace: chrono::Duration::days(GRACE_DAYS),
    };
    let tagged = invitescope::model::Tagged::new(invitations, tags, &window);
    let outcomes = invitescope::model::Outcomes::of(&tagged);
    drop(tagged);
    let month = outcomes.latest_month();
    group.bench_function("metrics_compute", |b| {
        b.iter(|| {
            metrics::compute(black_box(&outcomes), Some(month), month, None).expect("metrics")
        })
    });

    // `--month all`: the same tables over every month, so the group-bys see every row.
    group.bench_function("metrics_compute_all_months", |b| {
        b.iter(|| metrics::compute(black_box(&outcomes), None, month, None).expect("metrics"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages
}
criterion_main!(benches);
