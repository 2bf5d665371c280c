//! invitescope: who sends LinkedIn invitations, how personal they are, and which get answered.
//!
//! `run` is the whole job, read top to bottom: ingest → tag → metrics → charts → report.
//! Each stage is a module with one entry point; `model` holds the types they pass along. The
//! first half runs one of two ways: `report` and `tag` stream (`stream`: each batch of
//! invitations tagged as it is read and kept as a small row; `tagged.csv` and `tag` read the
//! inputs again to list them), while a run with a `--history` store, which stores every
//! invitation, goes a month at a time (`history_run`: the inputs wait on disk by month, and
//! each month is merged with the store's, tagged and written back in turn).

// The public surface is what `main`, the benchmarks, the fuzz targets and the integration
// tests call; the rest is the crate's own.
mod charts;
pub mod cli;
pub mod config;
pub mod error;
pub mod generate;
pub mod history;
mod history_run;
pub mod identity;
pub mod ingest;
mod memory;
pub mod metrics;
pub mod model;
mod output;
mod progress;
mod register;
mod report;
mod stream;
pub mod tag;
#[cfg(test)]
mod test_data;

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};

use chrono::{DateTime, SecondsFormat, Utc};

use config::{
    AnalysisConfig, Config, GenerateConfig, MonthChoice, ReportConfig, SendersConfig, TagConfig,
    Task,
};
pub use error::{Error, Result};
use ingest::{IngestConfig, Ingested};
use model::{Invitation, Outcomes, YearMonth};
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
        Task::Senders(senders) => run_senders(senders, &progress),
        Task::Rules(rules) => match std::io::stdout().lock().write_all(rules.text().as_bytes()) {
            Ok(()) => Ok(()),
            Err(e) => Error::stdout(e),
        },
    }
}

/// The monthly report.
fn run_report(config: &ReportConfig, progress: &Progress) -> Result<()> {
    report::check_output_dir(&config.out_dir)?;
    let Ready {
        outcomes,
        tagged,
        read:
            Read {
                ingested:
                    Ingested {
                        rejects,
                        files,
                        counts,
                        notes,
                        ..
                    },
                months,
                as_of,
                after_as_of,
                store,
            },
    } = if let Some(dir) = &config.analysis.history {
        // tagged.csv lists every invitation, of every stored month.
        let reach = if config.emit_tagged {
            Reach::Everything
        } else {
            Reach::Report(config.month)
        };
        history_run::run(&config.analysis, dir, reach, config.emit_tagged, progress)?
    } else {
        ready_streamed(&config.analysis, config.emit_tagged, progress)?
    };
    let (period, why) = choose_period(config.month, &months, as_of)?;
    if let Some(why) = why {
        progress.say(&why);
    }

    let trend_end = period.unwrap_or_else(|| outcomes.latest_month());
    let tables = progress.stage("metrics", || {
        metrics::compute(&outcomes, period, trend_end, months.first().copied())
    })?;
    // The month's figures against the last report of it from the history store.
    let figures = period.map(|month| {
        let overall = tables
            .groups
            .iter()
            .find(|g| g.key == metrics::GroupKey::All);
        let counts = overall.map(|g| g.counts).unwrap_or_default();
        (month, history::MonthFigures::of(&counts))
    });
    let revision = match (&store, figures) {
        (Some(store), Some((month, now))) => store.revision(month, now)?,
        _ => None,
    };
    let period_title = period.map_or("all months".to_string(), YearMonth::long_name);
    let charts = progress
        .stage("charts", || {
            charts::render_all(&tables, &period_title, config.chart_size)
        })
        .map_err(|e| Error::Internal(format!("charts: {e}")))?;

    let as_of = as_of.to_rfc3339_opts(SecondsFormat::Secs, true);
    let folder_name = period.map_or("all".to_string(), |m| m.to_string());
    let summary = report::summary::Summary {
        period_title,
        as_of: as_of.clone(),
        grace_days: config.analysis.grace_days,
        inputs: &files,
        counts,
        after_as_of,
        sources: &notes,
        senders_file: config
            .analysis
            .tagging
            .senders_file
            .as_ref()
            .map(|f| f.path.display().to_string()),
        tables: &tables,
        charts: charts
            .iter()
            .map(|c| (report::chart_path(c), c.caption))
            .collect(),
        history: store.as_ref().map(history::Store::summary),
        revision,
    };
    let manifest = report::Manifest {
        tool: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        arguments: config.arguments.clone(),
        inputs: files.clone(),
        counts,
        rules_sha256: config.analysis.tagging.rules.sha256(),
        as_of,
        month: folder_name.clone(),
        timezone: config.analysis.ingest.timezone.name().to_string(),
        grace_days: config.analysis.grace_days,
        template_min: config.analysis.template_min,
        senders: config
            .analysis
            .tagging
            .senders_file
            .as_ref()
            .map(|f| f.path.display().to_string()),
        history: store.as_ref().map(|s| s.dir().display().to_string()),
        category_coverage: tables.category_coverage.into(),
        category_rates_biased: tables.category_coverage.biased(),
        generated_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
    };
    let write_tagged = tagged.as_ref().map(|rows| {
        move |file: &mut std::fs::File, path: &std::path::Path| {
            rows.write(progress, file, |e| Error::output(path, e))
                .map(drop)
        }
    });
    let contents = report::ReportContents {
        manifest: &manifest,
        summary: &summary,
        tables: &tables,
        rejects: &rejects,
        tagged: write_tagged
            .as_ref()
            .map(|write| write as report::WriteTagged<'_>),
        charts: &charts,
    };
    let folder = progress.stage("write", || {
        let files = report::render(&contents)?;
        report::write_folder(&config.out_dir, &folder_name, &files)
    })?;
    progress.say(&format!("report written to {}", folder.display()));
    if let (Some(store), Some((month, now))) = (&store, figures) {
        store.record(month, now)?;
    }
    drop_in_background(outcomes);
    Ok(())
}

/// What the report is made from: each invitation's outcome, and what the run read.
struct Ready<'a> {
    outcomes: Outcomes,
    /// The invitations with their tags, for `--emit-tagged`.
    tagged: Option<TaggedRows<'a>>,
    read: Read,
}

/// Every invitation with its tags, for `tagged.csv` and `tag`: listed by a streamed run, which
/// reads and tags the inputs again as it writes them, or written already by a run with a
/// history store, to a temporary file.
enum TaggedRows<'a> {
    // Boxed: a listing is some 300 bytes.
    Streamed(Box<stream::Listing<'a>>),
    Spilled(File),
}

impl TaggedRows<'_> {
    /// Writes the rows of `tagged.csv` to `out`; gives it back. An error writing to `out` goes
    /// through `output_error`.
    fn write<W: Write>(
        &self,
        progress: &Progress,
        mut out: W,
        output_error: impl Fn(std::io::Error) -> Error,
    ) -> Result<W> {
        match self {
            TaggedRows::Streamed(listing) => listing.write(progress, out, output_error),
            TaggedRows::Spilled(file) => {
                use std::io::{Read, Seek};
                let mut file = file;
                let spilled = |e| Error::Internal(format!("reading the run's tagged.csv: {e}"));
                file.seek(std::io::SeekFrom::Start(0)).map_err(spilled)?;
                let mut buffer = vec![0; 1 << 20];
                loop {
                    let n = match file.read(&mut buffer) {
                        Ok(0) => return Ok(out),
                        Ok(n) => n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(spilled(e)),
                    };
                    out.write_all(&buffer[..n]).map_err(&output_error)?;
                }
            }
        }
    }
}

/// Any other report, and `tag`: streamed (`stream`), no invitation held with its texts past
/// its batch (but for those that may be copies of another, read again at the end). With
/// `list`, the invitations are listed by reading them again.
fn ready_streamed<'a>(
    config: &'a AnalysisConfig,
    list: bool,
    progress: &Progress,
) -> Result<Ready<'a>> {
    say_register(config, progress);
    let stream::Streamed {
        outcomes,
        read,
        listing,
    } = stream::run(
        &stream::StreamConfig {
            ingest: &config.ingest,
            rules: &config.tagging.rules,
            options: config.tag_options(),
            as_of: config.as_of,
            grace: chrono::Duration::days(i64::from(config.grace_days)),
            listing: list,
        },
        progress,
    )?;
    say_ingested(&read.ingested, false, progress)?;
    say_after_as_of(read.after_as_of, outcomes.rows.len(), read.as_of, progress)?;
    Ok(Ready {
        outcomes,
        tagged: listing.map(|l| TaggedRows::Streamed(Box::new(l))),
        read,
    })
}

/// Frees `value` on another thread: a million invitations are millions of allocations, and
/// freeing them one by one takes longer (0.7 s at a million rows) than the run has left.
fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure, and `value` with it, is dropped here instead.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// `invitescope tag`: every invitation with its tags and reasons, as CSV.
fn run_tag(config: &TagConfig, progress: &Progress) -> Result<()> {
    // Created first, so a bad path fails before the work; replaced only when complete.
    let staged = config
        .output
        .as_deref()
        .map(output::StagedFile::create)
        .transpose()?;
    // Written row by row, as `report --emit-tagged` writes it.
    let ready = match &config.analysis.history {
        Some(dir) => history_run::run(&config.analysis, dir, Reach::Everything, true, progress)?,
        None => ready_streamed(&config.analysis, true, progress)?,
    };
    drop(ready.outcomes);
    let listed = ready.tagged.expect("a listing, asked for");
    let written = progress.stage("write", || match staged {
        None => match listed
            .write(progress, std::io::stdout().lock(), Error::Stdout)
            .and_then(|mut out| out.flush().map_err(Error::Stdout))
        {
            // A reader that closed the pipe (`| head`) is fine.
            Err(Error::Stdout(e)) => Error::stdout(e),
            other => other.map(drop),
        },
        Some(mut staged) => {
            let target = staged.target().to_path_buf();
            listed
                .write(progress, staged.file(), |e| Error::output(&target, e))
                .map(drop)
                .and_then(|()| staged.commit())
        }
    });
    written
}

/// `invitescope senders`: writes the sender register, or updates it in place, atomically.
fn run_senders(config: &SendersConfig, progress: &Progress) -> Result<()> {
    let ingested = read_inputs(&config.ingest, progress)?;
    progress.say(&ingested.counts.to_string());
    for warning in &ingested.warnings {
        progress.say(&format!("warning: {warning}"));
    }
    if ingested.invitations.is_empty() {
        return Err(no_valid_rows(
            &ingested,
            "run `invitescope validate` to see why",
        ));
    }
    let observed = register::observe(
        &ingested.invitations,
        &ingested.connection_titles,
        &config.rules,
    );
    let from_connections = observed
        .iter()
        .filter(|o| {
            o.suggestion
                .as_ref()
                .is_some_and(|s| s.source == "connections_position")
        })
        .count();
    let senders = observed.len();
    if let Some(existing) = &config.existing {
        for warning in &existing.warnings {
            progress.say(&format!(
                "warning: {}: {warning}; both rows are kept, the first stays first",
                config.output.display()
            ));
        }
    }
    let (updated, counts) = register::update(config.existing.clone().unwrap_or_default(), observed);
    output::write_whole(&config.output, &register::render(&updated))?;
    progress.say(&format!(
        "{} {}: {senders} senders in the inputs ({} new, {} refreshed; {} rows of earlier senders kept as they were); {} rows have no category yet, listed first",
        if config.existing.is_some() { "updated" } else { "wrote" },
        config.output.display(),
        counts.added,
        counts.refreshed,
        counts.kept,
        counts.undecided,
    ));
    if from_connections > 0 {
        progress.say(&format!(
            "{from_connections} suggestions come from Connections' Position: only accepted senders have one, so confirm them in `category` yourself — suggestions are never used by the report"
        ));
    }
    Ok(())
}

/// Checks inputs and prints what `report` would accept and reject. Writes nothing.
fn run_validate(config: &IngestConfig, progress: &Progress) -> Result<()> {
    let ingested = read_inputs(config, progress)?;
    for warning in &ingested.warnings {
        progress.say(&format!("warning: {warning}"));
    }
    let mut lines: Vec<String> = ingested
        .files
        .iter()
        .map(|file| {
            let rows = if file.rows == 1 { "row" } else { "rows" };
            format!("{}: {} {rows}", file.path, file.rows)
        })
        .collect();
    lines.extend(ingested.notes.iter().map(ToString::to_string));
    lines.extend(ingested.rejects.iter().map(|reject| {
        format!(
            "{}:{}: rejected: {}",
            reject.source, reject.line, reject.reason
        )
    }));
    lines.push(ingested.counts.to_string());
    let mut out = std::io::stdout().lock();
    for line in lines {
        if let Err(e) = writeln!(out, "{line}") {
            return Error::stdout(e);
        }
    }
    if ingested.invitations.is_empty() {
        return Err(no_valid_rows(
            &ingested,
            "the rejected rows are listed above",
        ));
    }
    Ok(())
}

/// Writes a synthetic data set.
fn run_generate(config: &GenerateConfig, progress: &Progress) -> Result<()> {
    if let (true, Some(path)) = (config.linkedin, &config.output) {
        let counts = generate::linkedin::write_linkedin(&config.options, path)
            .map_err(|e| Error::output(path, e))?;
        progress.say(&format!(
            "wrote a LinkedIn export with {} incoming invitations ({} with a note) and {} outgoing to {}",
            counts.incoming,
            counts.with_note,
            counts.outgoing,
            path.display()
        ));
        if let Some(register_path) = &config.register {
            write_demo_register(config, path, register_path)?;
            progress.say(&format!(
                "wrote a matching sender register, partly filled in, to {}",
                register_path.display()
            ));
        }
        return Ok(());
    }
    let Some(path) = &config.output else {
        let stdout = std::io::stdout().lock();
        return match generate::write_canonical(&config.options, BufWriter::new(stdout)) {
            Ok(_) => Ok(()),
            Err(e) => Error::stdout(e),
        };
    };
    let file = File::create(path).map_err(|e| Error::output(path, e))?;
    let rows = generate::write_canonical(&config.options, BufWriter::new(file))
        .map_err(|e| Error::output(path, e))?;
    progress.say(&format!("wrote {rows} invitations to {}", path.display()));
    Ok(())
}

/// The register `invitescope senders` would write for the archive just generated at `archive`,
/// then filled in as a user would: the demo's `senders.csv`.
fn write_demo_register(
    config: &GenerateConfig,
    archive: &std::path::Path,
    path: &std::path::Path,
) -> Result<()> {
    let ingested = ingest::ingest(&IngestConfig {
        inputs: vec![archive.to_path_buf()],
        strict: true,
        timezone: chrono_tz::UTC,
        response_window_days: ingest::DEFAULT_RESPONSE_WINDOW_DAYS,
    })?;
    let rules = tag::Rules::embedded();
    let observed = register::observe(&ingested.invitations, &ingested.connection_titles, &rules);
    let (mut filled, _) = register::update(register::Register::default(), observed);
    generate::linkedin::fill_demo_register(&config.options, &mut filled, &rules)
        .map_err(|e| Error::output(path, e))?;
    output::write_whole(path, &register::render(&filled))
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

/// The latest instant the data mention: the default as-of.
pub fn latest_timestamp(invitations: &[Invitation]) -> DateTime<Utc> {
    latest_of(
        invitations
            .iter()
            .map(|i| (i.received_at, i.accepted_at, i.responded_at)),
    )
}

/// `latest_timestamp` of invitations given as (received, accepted, responded) times.
pub(crate) fn latest_of(
    times: impl Iterator<Item = (DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>)>,
) -> DateTime<Utc> {
    times
        .flat_map(|(received, accepted, responded)| [Some(received), accepted, responded])
        .flatten()
        .max()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The report period: `None` for all months, else a month that has invitations. For the
/// default, also the line that says which month was chosen and why (docs/metrics.md, Report
/// period).
fn choose_period(
    choice: MonthChoice,
    months: &BTreeSet<YearMonth>,
    as_of: DateTime<Utc>,
) -> Result<(Option<YearMonth>, Option<String>)> {
    match choice {
        MonthChoice::All => Ok((None, None)),
        MonthChoice::Latest => Ok(match default_month(months, as_of) {
            Some((month, why)) => (Some(month), Some(why)),
            None => (None, None),
        }),
        MonthChoice::Month(month) => {
            if months.contains(&month) {
                return Ok((Some(month), None));
            }
            let first = months.first().map_or(String::new(), |m| m.to_string());
            let last = months.last().map_or(String::new(), |m| m.to_string());
            Err(Error::BadData(format!(
                "no invitation arrived in {month} (UTC); the data cover {first} to {last}: pick a month in that range or --month all"
            )))
        }
    }
}

/// The month `report` covers without `--month`, and a line saying why: the latest calendar
/// month (UTC) complete at the as-of instant, since a month still under way looks quieter than it
/// will be and its youngest invitations are not decided yet. Data of one month are reported as
/// they are, complete or not; a complete month without invitations gives way to the latest
/// complete month that has some. `None` only without any month.
pub fn default_month(
    months: &std::collections::BTreeSet<YearMonth>,
    as_of: DateTime<Utc>,
) -> Option<(YearMonth, String)> {
    let as_of_text = as_of.to_rfc3339_opts(SecondsFormat::Secs, true);
    let hint = "use --month to choose";
    if let [only] = months.iter().collect::<Vec<_>>()[..] {
        return Some((
            *only,
            format!(
                "reporting {}, the only month in the data (as of {as_of_text}); {hint}",
                only.long_name()
            ),
        ));
    }
    // A month is complete when it ends at or before the as-of instant. That is always the month
    // before the as-of's: as of midnight on the 1st (`--as-of` with the last day of a month), the
    // month just ended; as of any later instant in a month, the one before it.
    let complete = YearMonth::of(as_of).previous();
    if months.contains(&complete) {
        return Some((
            complete,
            format!(
                "reporting {}, the latest complete month before the as-of {as_of_text}; {hint}",
                complete.long_name()
            ),
        ));
    }
    let Some(&chosen) = months.range(..=complete).next_back() else {
        // Only months still under way (an `--as-of` inside the data's first month cuts the rest).
        let latest = *months.last()?;
        return Some((
            latest,
            format!(
                "reporting {}, the latest month in the data: none is complete at the as-of {as_of_text}; {hint}",
                latest.long_name()
            ),
        ));
    };
    Some((
        chosen,
        format!(
            "reporting {}, the latest complete month with invitations before the as-of {as_of_text} ({} has none); {hint}",
            chosen.long_name(),
            complete.long_name()
        ),
    ))
}

/// The error for inputs that gave nothing, naming them: an unattended run's log has only this
/// line to say which file was empty or broken.
fn no_valid_rows(ingested: &Ingested, hint: &str) -> Error {
    const NAMED: usize = 3;
    let mut inputs: Vec<&str> = ingested
        .files
        .iter()
        .take(NAMED)
        .map(|f| f.path.as_str())
        .collect();
    let more = ingested.files.len().saturating_sub(NAMED);
    let more = (more > 0).then(|| format!("{more} more"));
    inputs.extend(more.as_deref());
    let counts = ingested.counts;
    Error::BadData(format!(
        "no valid invitation in {} ({} rows read, {} rejected); {hint}",
        if inputs.is_empty() {
            "the inputs".to_string()
        } else {
            inputs.join(", ")
        },
        counts.rows_read,
        counts.rows_rejected
    ))
}

/// What a run read, but the invitations: the streamed run's and the run with a history store's.
pub(crate) struct Read {
    /// Everything ingest gave but the invitations.
    pub ingested: Ingested,
    /// Every month with an invitation at or before the as-of instant, in the inputs or the
    /// history store (whose months a run may not all read: `Reach`).
    pub months: BTreeSet<YearMonth>,
    pub as_of: DateTime<Utc>,
    /// Invitations that arrived after the as-of instant and were left out.
    pub after_as_of: u64,
    /// The history store, when the run uses one: still locked, for the report's revisions.
    pub store: Option<history::Store>,
}

/// Which of a history store's months a run reads.
#[derive(Debug, Clone, Copy)]
enum Reach {
    /// Every month (`tag` lists every invitation).
    Everything,
    /// What the report of this month choice covers: the 12 months of its trend, which end with
    /// the report month and hold its pooled comparisons. Other months are not read.
    Report(MonthChoice),
}

/// Says which sender register the run reads, and what is wrong with it.
fn say_register(config: &AnalysisConfig, progress: &Progress) {
    if let (Some(file), Some(senders)) = (&config.tagging.senders_file, &config.tagging.senders) {
        let how = match file.found {
            Some(config::FoundRegister::Beside) => {
                " (found beside the inputs or in the working directory; --senders FILE or --no-senders to change)"
            }
            Some(config::FoundRegister::RecordedInStore) => {
                " (the register the history store's last run read; --senders FILE or --no-senders to change)"
            }
            None => "",
        };
        progress.say(&format!(
            "senders: {}{how}: {} senders, {} with a category",
            file.path.display(),
            senders.len(),
            senders.categorised()
        ));
        for warning in &file.warnings {
            progress.say(&format!("warning: {}: {warning}", file.path.display()));
        }
        for other in &file.also_found {
            progress.say(&format!(
                "note: {} was also found and is not used",
                other.display()
            ));
        }
    }
}

/// Says what ingest read, unless the run reads only a history store; an error when it read no
/// invitation and needed one.
fn say_ingested(ingested: &Ingested, store_only: bool, progress: &Progress) -> Result<()> {
    if !store_only {
        progress.say(&ingested.counts.to_string());
    }
    for warning in &ingested.warnings {
        progress.say(&format!("warning: {warning}"));
    }
    if ingested.counts.rows_accepted == 0 && !store_only {
        return Err(no_valid_rows(
            ingested,
            "run `invitescope validate` to see why",
        ));
    }
    // Said only when the run goes on: a failed run writes no rejects.csv to point to.
    let rejected = ingested.counts.rows_rejected;
    if rejected > 0 {
        progress.say(&format!(
            "{rejected} rows rejected: `invitescope validate` lists them (report also writes rejects.csv)"
        ));
    }
    Ok(())
}

/// Says how many invitations arrived after the as-of instant; an error when `left` none came
/// before it.
fn say_after_as_of(
    after_as_of: u64,
    left: usize,
    as_of: DateTime<Utc>,
    progress: &Progress,
) -> Result<()> {
    if after_as_of > 0 {
        progress.say(&format!(
            "{after_as_of} invitations arrived after the as-of instant and are left out"
        ));
    }
    if left == 0 {
        return Err(Error::BadData(format!(
            "every invitation arrived after the as-of instant {}; pick a later --as-of",
            as_of.to_rfc3339_opts(SecondsFormat::Secs, true)
        )));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;

    use super::*;

    fn months(list: &[&str]) -> BTreeSet<YearMonth> {
        list.iter().map(|m| YearMonth::parse(m).unwrap()).collect()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn chosen(list: &[&str], as_of: DateTime<Utc>) -> (String, String) {
        let (month, why) = default_month(&months(list), as_of).unwrap();
        (month.to_string(), why)
    }

    #[test]
    fn the_default_month_is_the_latest_complete_one() {
        let data = ["2026-08", "2026-09", "2026-10"];
        // Late in October, October is still under way.
        let (month, why) = chosen(&data, at(2026, 10, 31, 18));
        assert_eq!(month, "2026-09");
        assert_eq!(
            why,
            "reporting September 2026, the latest complete month before the as-of \
             2026-10-31T18:00:00Z; use --month to choose"
        );
        // `--as-of 2026-10-31` is midnight on 1 November: October has just ended.
        assert_eq!(chosen(&data, at(2026, 11, 1, 0)).0, "2026-10");
        // One second later it is still October that just ended, not November.
        let later = at(2026, 11, 1, 0) + chrono::Duration::seconds(1);
        assert_eq!(chosen(&data, later).0, "2026-10");
        // Across a year end.
        assert_eq!(
            chosen(&["2025-12", "2026-01"], at(2026, 1, 9, 0)).0,
            "2025-12"
        );
    }

    #[test]
    fn one_month_of_data_is_that_month_complete_or_not() {
        let (month, why) = chosen(&["2026-10"], at(2026, 10, 20, 9));
        assert_eq!(month, "2026-10");
        assert!(why.contains("the only month in the data"), "{why}");
    }

    #[test]
    fn a_complete_month_without_invitations_gives_way_to_an_earlier_one() {
        let (month, why) = chosen(&["2026-07", "2026-08", "2026-10"], at(2026, 10, 31, 18));
        assert_eq!(month, "2026-08");
        assert!(why.contains("(September 2026 has none)"), "{why}");
        assert!(why.starts_with("reporting August 2026"), "{why}");
        // An as-of long after the data: the latest month there is.
        assert_eq!(
            chosen(&["2026-07", "2026-08"], at(2027, 3, 5, 0)).0,
            "2026-08"
        );
    }
}
