//! invitescope: who sends LinkedIn invitations, how personal they are, and which get answered.
//!
//! `run` is the whole job, read top to bottom: ingest → tag → metrics → charts → report.
//! Each stage is a module with one entry point; `model` holds the types they pass along.

pub mod charts;
pub mod cli;
pub mod config;
pub mod error;
pub mod generate;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod progress;
pub mod report;
pub mod tag;

use std::fs::File;
use std::io::{BufWriter, Write};

use chrono::{DateTime, SecondsFormat, Utc};

use config::{Config, GenerateConfig, MonthChoice, ReportConfig, TagConfig, Task};
pub use error::{Error, Result};
use ingest::{IngestConfig, Ingested};
use model::{DecisionWindow, Invitation, Status, TaggedInvitation, YearMonth};
use progress::Progress;

/// Runs one validated command.
pub fn run(config: &Config) -> Result<()> {
    configure_threads(config.threads)?;
    let progress = Progress::new(config.verbosity);
    match &config.task {
        Task::Report(report) => run_report(report, &progress),
        Task::Validate(ingest) => run_validate(ingest, &progress),
        Task::Generate(generate) => run_generate(generate, &progress),
        Task::Tag(tag) => run_tag(tag, &progress),
        Task::Rules(rules) => std::io::stdout()
            .lock()
            .write_all(rules.text().as_bytes())
            .map_err(|e| Error::output("standard output", e)),
    }
}

/// The monthly report.
fn run_report(config: &ReportConfig, progress: &Progress) -> Result<()> {
    report::check_output_dir(&config.out_dir)?;

    let ingested = read_inputs(&config.ingest, progress)?;
    say_reconciliation(progress, &ingested);
    if ingested.invitations.is_empty() {
        return Err(no_valid_rows(&ingested));
    }
    let window = DecisionWindow {
        as_of: config
            .as_of
            .unwrap_or_else(|| latest_timestamp(&ingested.invitations)),
        grace: chrono::Duration::days(i64::from(config.grace_days)),
    };
    let period = choose_period(config.month, &ingested.invitations)?;

    let rules = &config.tagging.rules;
    let options = tag::TagOptions {
        template_min: config.template_min,
        senders: config.tagging.senders.as_ref(),
    };
    let tags = progress.stage("tag", || {
        tag::tag_all(&ingested.invitations, rules, options)
    });
    let Ingested {
        invitations,
        rejects,
        files,
        counts,
    } = ingested;
    let tagged: Vec<TaggedInvitation> = invitations
        .into_iter()
        .zip(tags)
        .map(|(invitation, tags)| TaggedInvitation::new(invitation, tags, &window))
        .collect();

    let trend_end = period.unwrap_or_else(|| latest_month(&tagged));
    let tables = progress.stage("metrics", || metrics::compute(&tagged, period, trend_end))?;
    let period_title = period.map_or("all months".to_string(), YearMonth::long_name);
    let charts = progress
        .stage("charts", || {
            charts::render_all(&tables.groups, &period_title, charts::ChartSize::default())
        })
        .map_err(|e| Error::Internal(format!("charts: {e}")))?;

    let in_period: Vec<&TaggedInvitation> = tagged
        .iter()
        .filter(|t| metrics::in_period(t, period))
        .collect();
    let as_of = window.as_of.to_rfc3339_opts(SecondsFormat::Secs, true);
    let folder_name = period.map_or("all".to_string(), |m| m.to_string());
    let summary = report::summary::Summary {
        period_title,
        as_of: as_of.clone(),
        grace_days: config.grace_days,
        inputs: &files,
        counts,
        young_pending: count(&in_period, |t| {
            !t.decided && t.invitation.status == Status::Pending
        }),
        withdrawn: count(&in_period, |t| t.invitation.status == Status::Withdrawn),
        tables: &tables,
        charts: charts
            .iter()
            .map(|c| {
                (
                    format!("{}/{}", report::CHART_DIR, c.file_name),
                    caption(c.file_name),
                )
            })
            .collect(),
    };
    let manifest = report::Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        arguments: config.arguments.clone(),
        inputs: files.clone(),
        counts,
        rules_sha256: rules.sha256(),
        as_of,
        month: folder_name.clone(),
        timezone: config.ingest.timezone.name().to_string(),
        grace_days: config.grace_days,
        template_min: config.template_min,
        generated_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let contents = report::ReportContents {
        manifest: &manifest,
        summary: &summary,
        tables: &tables,
        rejects: &rejects,
        tagged: config.emit_tagged.then_some(tagged.as_slice()),
        charts: &charts,
    };
    let folder = progress.stage("write", || {
        let files = report::render(&contents)?;
        report::write_folder(&config.out_dir, &folder_name, &files)
    })?;
    progress.say(&format!("report written to {}", folder.display()));
    Ok(())
}

/// `invitescope tag`: every invitation with its tags and reasons, as CSV (SPEC §7).
fn run_tag(config: &TagConfig, progress: &Progress) -> Result<()> {
    // Create the output first, so a bad path fails before the work.
    let mut out: Box<dyn Write> = match &config.output {
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
        Some(path) => Box::new(BufWriter::new(
            File::create(path).map_err(|e| Error::output(path, e))?,
        )),
    };
    let ingested = read_inputs(&config.ingest, progress)?;
    say_reconciliation(progress, &ingested);
    if ingested.invitations.is_empty() {
        return Err(no_valid_rows(&ingested));
    }
    let window = DecisionWindow {
        as_of: config
            .as_of
            .unwrap_or_else(|| latest_timestamp(&ingested.invitations)),
        grace: chrono::Duration::days(i64::from(config.grace_days)),
    };
    let options = tag::TagOptions {
        template_min: config.template_min,
        senders: config.tagging.senders.as_ref(),
    };
    let tags = progress.stage("tag", || {
        tag::tag_all(&ingested.invitations, &config.tagging.rules, options)
    });
    let tagged: Vec<TaggedInvitation> = ingested
        .invitations
        .into_iter()
        .zip(tags)
        .map(|(invitation, tags)| TaggedInvitation::new(invitation, tags, &window))
        .collect();
    let target = config
        .output
        .clone()
        .unwrap_or_else(|| "standard output".into());
    out.write_all(&report::tables::tagged_csv(&tagged))
        .and_then(|()| out.flush())
        .map_err(|e| Error::output(&target, e))
}

/// Checks inputs and prints what `report` would accept and reject. Writes nothing.
fn run_validate(config: &IngestConfig, progress: &Progress) -> Result<()> {
    let ingested = read_inputs(config, progress)?;
    let mut out = std::io::stdout().lock();
    let c = ingested.counts;
    let print = |out: &mut std::io::StdoutLock<'_>, text: String| {
        writeln!(out, "{text}").map_err(|e| Error::output("standard output", e))
    };
    for file in &ingested.files {
        print(&mut out, format!("{}: {} rows", file.path, file.rows))?;
    }
    for reject in &ingested.rejects {
        print(
            &mut out,
            format!(
                "{}:{}: rejected: {}",
                reject.source, reject.line, reject.reason
            ),
        )?;
    }
    print(
        &mut out,
        format!(
            "rows_read {} = rows_accepted {} + rows_rejected {} + duplicates_removed {}",
            c.rows_read, c.rows_accepted, c.rows_rejected, c.duplicates_removed
        ),
    )?;
    if ingested.invitations.is_empty() {
        return Err(no_valid_rows(&ingested));
    }
    Ok(())
}

/// Writes a synthetic data set.
fn run_generate(config: &GenerateConfig, progress: &Progress) -> Result<()> {
    let rows = match &config.output {
        None => {
            let stdout = std::io::stdout().lock();
            generate::write_canonical(&config.options, BufWriter::new(stdout))
                .map_err(|e| Error::output("standard output", e))?
        }
        Some(path) => {
            let file = File::create(path).map_err(|e| Error::output(path, e))?;
            generate::write_canonical(&config.options, BufWriter::new(file))
                .map_err(|e| Error::output(path, e))?
        }
    };
    if let Some(path) = &config.output {
        progress.say(&format!("wrote {rows} invitations to {}", path.display()));
    }
    Ok(())
}

/// Sizes rayon's pool and polars' (which reads `POLARS_MAX_THREADS` once, on first use).
fn configure_threads(threads: Option<usize>) -> Result<()> {
    let Some(threads) = threads else {
        return Ok(());
    };
    // Safe to set here: no other thread exists yet, and polars has not started its pool.
    std::env::set_var("POLARS_MAX_THREADS", threads.to_string());
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| Error::Internal(format!("starting {threads} worker threads: {e}")))
}

/// The latest instant the data mention: the default as-of (SPEC §6).
fn latest_timestamp(invitations: &[Invitation]) -> DateTime<Utc> {
    invitations
        .iter()
        .flat_map(|i| [Some(i.received_at), i.accepted_at, i.responded_at])
        .flatten()
        .max()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The latest month with an invitation: where `--month all`'s trend ends.
fn latest_month(tagged: &[TaggedInvitation]) -> YearMonth {
    tagged
        .iter()
        .map(|t| YearMonth::of(t.invitation.received_at))
        .max()
        .unwrap_or(YearMonth {
            year: 1970,
            month: 1,
        })
}

/// The report period: `None` for all months, else a month that has invitations.
fn choose_period(choice: MonthChoice, invitations: &[Invitation]) -> Result<Option<YearMonth>> {
    let months = || invitations.iter().map(|i| YearMonth::of(i.received_at));
    match choice {
        MonthChoice::All => Ok(None),
        MonthChoice::Latest => Ok(months().max()),
        MonthChoice::Month(month) => {
            if months().any(|m| m == month) {
                return Ok(Some(month));
            }
            let first = months().min().map_or(String::new(), |m| m.to_string());
            let last = months().max().map_or(String::new(), |m| m.to_string());
            Err(Error::BadData(format!(
                "no invitation arrived in {month} (UTC); the data cover {first} to {last}: pick a month in that range or --month all"
            )))
        }
    }
}

fn no_valid_rows(ingested: &Ingested) -> Error {
    Error::BadData(format!(
        "no valid invitation in the inputs ({} rows read, {} rejected); run `invitescope validate` to see why",
        ingested.counts.rows_read, ingested.counts.rows_rejected
    ))
}

fn count(rows: &[&TaggedInvitation], predicate: impl Fn(&TaggedInvitation) -> bool) -> u64 {
    rows.iter().filter(|t| predicate(t)).count() as u64
}

fn caption(file_name: &str) -> &'static str {
    match file_name {
        "acceptance_by_category.png" => "Acceptance rate by sender category and personalisation",
        "response_by_category.png" => "Reply rate by sender category and personalisation",
        _ => "Chart",
    }
}

/// Ingest, with a bar over the bytes read when stderr is a terminal.
fn read_inputs(config: &IngestConfig, progress: &Progress) -> Result<Ingested> {
    progress.stage("ingest", || {
        let mut bar = progress.bar("reading");
        let result =
            ingest::ingest_with_progress(config, &mut |done, total| bar.update(done, total));
        // Erase the bar before anything else is printed.
        drop(bar);
        result
    })
}

/// The reconciliation line that `report` prints (SPEC §3).
fn say_reconciliation(progress: &Progress, ingested: &Ingested) {
    let c = ingested.counts;
    progress.say(&format!(
        "rows_read {} = rows_accepted {} + rows_rejected {} + duplicates_removed {}",
        c.rows_read, c.rows_accepted, c.rows_rejected, c.duplicates_removed
    ));
    if c.rows_rejected > 0 {
        progress.say(&format!(
            "{} rows rejected: see rejects.csv in the report, or run `invitescope validate`",
            c.rows_rejected
        ));
    }
}
