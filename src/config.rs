//! Raw arguments → a validated `Config`, before any work starts. Stages never see clap types.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::charts::ChartSize;
use crate::cli::{
    AnalysisArgs, Cli, Command, GenerateArgs, GenerateFormat, InputArgs, ReportArgs, SendersArgs,
    TagArgs,
};
use crate::error::{Error, Result};
use crate::generate::GenerateOptions;
use crate::ingest::timestamp::{parse_date, parse_timestamp};
use crate::ingest::{input_metadata, IngestConfig};
use crate::model::YearMonth;
use crate::tag::{Rules, Senders};

/// How chatty the run is on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// A validated run.
#[derive(Debug, Clone)]
pub struct Config {
    pub task: Task,
    /// Worker threads for rayon and polars; `None` = all cores.
    pub threads: Option<usize>,
    pub verbosity: Verbosity,
}

#[derive(Debug, Clone)]
pub enum Task {
    Report(ReportConfig),
    Validate(IngestConfig),
    Generate(GenerateConfig),
    Tag(TagConfig),
    /// Print the effective rules.
    Rules(Rules),
    /// Write or update the sender register.
    Senders(SendersConfig),
}

/// `invitescope senders`: the inputs, the rules for suggestions, and the register to update.
#[derive(Debug, Clone)]
pub struct SendersConfig {
    pub ingest: IngestConfig,
    pub rules: Rules,
    pub output: PathBuf,
    /// The register as it stands, if `output` exists (read and checked before any work).
    pub existing: Option<crate::register::Register>,
}

/// The rules and sender enrichment a run tags with, loaded and checked before any work.
#[derive(Debug, Clone)]
pub struct TaggingConfig {
    pub rules: Rules,
    pub senders: Option<Senders>,
    /// Where `senders` came from and what to say about it.
    pub senders_file: Option<SendersFileInfo>,
}

/// The senders file a run uses, for the messages it prints.
#[derive(Debug, Clone)]
pub struct SendersFileInfo {
    pub path: PathBuf,
    /// How the run came to use it, when it was not named with `--senders`.
    pub found: Option<FoundRegister>,
    /// Duplicate senders in the file (the first row is used).
    pub warnings: Vec<String>,
    /// Other `senders.csv` files found where `path` was found, not used.
    pub also_found: Vec<PathBuf>,
}

/// Where a register not named with `--senders` was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundRegister {
    /// In an input folder, beside an input or the history store, or in the working directory.
    Beside,
    /// Recorded in the history store by the last run that used a register.
    RecordedInStore,
}

/// The file name `report`, `tag` and `senders` use for the register by default.
pub const REGISTER_NAME: &str = "senders.csv";

/// The `senders.csv` files a run can pick up when `--senders` is not given: in an input folder,
/// beside an input (its parent folder), or in the working directory, in that order, each once.
/// The first is used.
pub fn find_registers(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut places = Vec::new();
    for input in inputs {
        if input.is_dir() {
            places.push(input.join(REGISTER_NAME));
        }
        if let Some(parent) = input.parent() {
            places.push(parent.join(REGISTER_NAME));
        }
    }
    places.push(PathBuf::from(REGISTER_NAME));
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    for place in places.into_iter().filter(|p| p.is_file()) {
        let real = std::fs::canonicalize(&place).unwrap_or_else(|_| place.clone());
        if !found.iter().any(|(r, _)| *r == real) {
            found.push((real, place));
        }
    }
    found.into_iter().map(|(_, place)| place).collect()
}

#[derive(Debug, Clone)]
pub struct TagConfig {
    pub analysis: AnalysisConfig,
    /// `None` = standard output.
    pub output: Option<PathBuf>,
}

/// Which month a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthChoice {
    /// The latest calendar month complete at the as-of instant (see `lib::choose_period`).
    Latest,
    Month(YearMonth),
    All,
}

#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub analysis: AnalysisConfig,
    pub out_dir: PathBuf,
    pub month: MonthChoice,
    pub emit_tagged: bool,
    /// Pixel size of every chart.
    pub chart_size: ChartSize,
    /// The command line as given, for the manifest.
    pub arguments: Vec<String>,
}

/// What `report` and `tag` share: which invitations, as of when, and how to tag them.
#[derive(Debug, Clone)]
pub struct AnalysisConfig {
    pub ingest: IngestConfig,
    /// The as-of instant; `None` = the latest timestamp in the data.
    pub as_of: Option<DateTime<Utc>>,
    pub grace_days: u32,
    pub template_min: usize,
    pub tagging: TaggingConfig,
    /// The history store to merge into and read from (`--history`).
    pub history: Option<PathBuf>,
}

impl AnalysisConfig {
    /// The tagger's options that are not rules.
    pub fn tag_options(&self) -> crate::tag::TagOptions<'_> {
        crate::tag::TagOptions {
            template_min: self.template_min,
            senders: self.tagging.senders.as_ref(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct GenerateConfig {
    pub options: GenerateOptions,
    /// `None` = standard output.
    pub output: Option<PathBuf>,
    /// Write a LinkedIn export (folder or zip) instead of canonical CSV.
    pub linkedin: bool,
    /// With `linkedin`: also write a matching, partly filled sender register here.
    pub register: Option<PathBuf>,
}

/// Where `report` and `validate` read when given no INPUT: the shipped sample, found from the
/// working directory (as `cargo run` uses) or, failing that, from the source tree it was built in.
pub fn default_inputs() -> Vec<PathBuf> {
    let relative = Path::new("data").join("sample");
    if relative.is_dir() {
        return vec![relative];
    }
    vec![Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join("sample")]
}

impl Config {
    pub fn from_cli(cli: Cli, arguments: Vec<String>) -> Result<Config> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        match cli.global.threads {
            Some(0) => {
                return Err(Error::Usage(
                    "--threads must be at least 1 (leave it out to use all cores)".into(),
                ))
            }
            // More threads than this only adds overhead; a typo must not start thousands.
            Some(n) if n > 4 * cores.max(2) => {
                return Err(Error::Usage(format!(
                    "--threads {n} is more than 4 × the {cores} cores of this machine; leave it out to use all cores"
                )))
            }
            _ => {}
        }
        let verbosity = if cli.global.quiet {
            Verbosity::Quiet
        } else if cli.global.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        let task = match cli.command {
            Command::Report(args) => Task::Report(report_config(args, arguments)?),
            Command::Validate(args) => Task::Validate(ingest_config(args.input, true)?),
            Command::Generate(args) => Task::Generate(generate_config(args)?),
            Command::Tag(args) => Task::Tag(tag_config(args)?),
            Command::Rules(args) => Task::Rules(load_rules(args.rules.as_deref())?),
            Command::Senders(args) => Task::Senders(senders_config(args)?),
        };
        Ok(Config {
            task,
            threads: cli.global.threads,
            verbosity,
        })
    }
}

/// `sample_by_default`: no INPUT means the shipped sample (not when a history store is the input).
fn ingest_config(args: InputArgs, sample_by_default: bool) -> Result<IngestConfig> {
    let timezone: Tz = args.timezone.parse().map_err(|_| {
        Error::Usage(format!(
            "--timezone: unknown time zone '{}'; use an IANA name such as UTC, Europe/London or America/New_York",
            args.timezone
        ))
    })?;
    let inputs = if args.inputs.is_empty() && sample_by_default {
        default_inputs()
    } else {
        args.inputs
    };
    Ok(IngestConfig {
        inputs,
        strict: args.strict,
        timezone,
        response_window_days: args.response_window_days,
    })
}

fn report_config(args: ReportArgs, arguments: Vec<String>) -> Result<ReportConfig> {
    let month = match args.month.as_deref() {
        None => MonthChoice::Latest,
        Some(text) if text.eq_ignore_ascii_case("all") => MonthChoice::All,
        Some(text) => MonthChoice::Month(YearMonth::parse(text).ok_or_else(|| {
            Error::Usage(format!(
                "--month: '{text}' is not a month; use YYYY-MM (e.g. 2026-10) or all"
            ))
        })?),
    };
    Ok(ReportConfig {
        analysis: analysis_config(args.analysis)?,
        out_dir: args.out,
        month,
        emit_tagged: args.emit_tagged,
        chart_size: parse_chart_size(&args.chart_size)?,
        arguments,
    })
}

/// `--chart-size`: `WIDTHxHEIGHT` in pixels, within what the charts can lay out.
fn parse_chart_size(text: &str) -> Result<ChartSize> {
    let size = text
        .trim()
        .split_once(['x', 'X', '×'])
        .and_then(|(w, h)| Some((w.trim().parse().ok()?, h.trim().parse().ok()?)))
        .map(|(width, height)| ChartSize { width, height });
    match size {
        Some(size) if size.is_usable() => Ok(size),
        _ => Err(Error::Usage(format!(
            "--chart-size: '{text}' is not a usable size; use WIDTHxHEIGHT in pixels from {}x{} to {max}x{max} (e.g. 1200x800)",
            crate::charts::MIN_SIZE.width,
            crate::charts::MIN_SIZE.height,
            max = crate::charts::MAX_SIDE
        ))),
    }
}

fn check_template_min(template_min: usize) -> Result<()> {
    if template_min < 2 {
        return Err(Error::Usage(
            "--template-min must be at least 2: one note alone is not a template".into(),
        ));
    }
    Ok(())
}

fn tag_config(args: TagArgs) -> Result<TagConfig> {
    Ok(TagConfig {
        analysis: analysis_config(args.analysis)?,
        output: (args.output.as_os_str() != "-").then_some(args.output),
    })
}

fn analysis_config(args: AnalysisArgs) -> Result<AnalysisConfig> {
    check_template_min(args.template_min)?;
    let ingest = ingest_config(args.input, args.history.is_none())?;
    let senders = match args.senders {
        Some(path) => Some((path, Vec::new(), None)),
        None if args.no_senders => None,
        None => {
            // A store-only run has no input to look beside: the store's folder stands in.
            let mut places = ingest.inputs.clone();
            places.extend(args.history.clone());
            let mut found = find_registers(&places);
            if found.is_empty() {
                // Else the register the store's last run read, wherever it lives.
                args.history
                    .as_deref()
                    .and_then(crate::history::recorded_register)
                    .map(|path| (path, Vec::new(), Some(FoundRegister::RecordedInStore)))
            } else {
                let first = found.remove(0);
                Some((first, found, Some(FoundRegister::Beside)))
            }
        }
    };
    Ok(AnalysisConfig {
        as_of: args.as_of.as_deref().map(parse_as_of).transpose()?,
        grace_days: args.grace_days,
        template_min: args.template_min,
        tagging: tagging_config(args.rules, senders)?,
        ingest,
        history: args.history,
    })
}

/// Loads the rules and the senders file (`found`: picked up automatically, not named, with
/// the other files found and not used).
fn tagging_config(
    rules: Option<PathBuf>,
    senders: Option<(PathBuf, Vec<PathBuf>, Option<FoundRegister>)>,
) -> Result<TaggingConfig> {
    let (senders, senders_file) = match senders {
        None => (None, None),
        Some((path, also_found, found)) => {
            let bytes = read_option_file(&path, "--senders", "a CSV file")?;
            let undo = if found.is_some() {
                "or pass --no-senders to run without it"
            } else {
                "or leave out --senders"
            };
            let file = crate::register::parse_senders(&bytes).map_err(|message| {
                Error::BadData(format!(
                    "{}: {message}; fix the senders file {undo}",
                    path.display()
                ))
            })?;
            let info = SendersFileInfo {
                path,
                found,
                warnings: file.warnings.clone(),
                also_found,
            };
            (Some(Senders::from_file(&file)), Some(info))
        }
    };
    Ok(TaggingConfig {
        rules: load_rules(rules.as_deref())?,
        senders,
        senders_file,
    })
}

fn senders_config(args: SendersArgs) -> Result<SendersConfig> {
    let output = args.output;
    if output.is_dir() {
        return Err(Error::output(
            &output,
            std::io::Error::other("it is a folder; name a file"),
        ));
    }
    // An existing file is read now: one that is not a register must fail before any work,
    // and is never overwritten.
    let bytes = if output.exists() {
        read_option_file(&output, "-o", "a sender register")?
    } else {
        Vec::new()
    };
    // An empty file (a byte-order mark at most) holds nothing to keep.
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let existing = if !content.iter().all(u8::is_ascii_whitespace) {
        Some(crate::register::read_register(&bytes).map_err(|message| {
            if message.contains("not a sender register") {
                Error::OutputRefused {
                    path: output.clone(),
                    message: format!(
                        "{message}; it was left as it is: name a new file with -o, or the register `invitescope senders` wrote before"
                    ),
                }
            } else {
                Error::BadData(format!(
                    "{}: {message}; fix the register, then run again (nothing was written)",
                    output.display()
                ))
            }
        })?)
    } else {
        None
    };
    Ok(SendersConfig {
        ingest: ingest_config(args.input, true)?,
        rules: load_rules(args.rules.as_deref())?,
        output,
        existing,
    })
}

/// The built-in rules, or those of `--rules FILE` (an error names the file and line).
fn load_rules(path: Option<&Path>) -> Result<Rules> {
    let Some(path) = path else {
        return Ok(Rules::embedded());
    };
    let bytes = read_option_file(path, "--rules", "a TOML file")?;
    let text = String::from_utf8(bytes).map_err(|e| Error::InputUnsupported {
        path: path.to_path_buf(),
        message: format!(
            "is not UTF-8 text (invalid byte at offset {}); --rules takes a TOML file",
            e.utf8_error().valid_up_to()
        ),
    })?;
    Rules::parse(&text).map_err(|message| Error::InputUnsupported {
        path: path.to_path_buf(),
        message: format!(
            "{message}; fix the rules file (`invitescope rules` prints the built-in one) or leave out --rules"
        ),
    })
}

/// The whole of the file an option names. Like an input, it must be a regular file: a pipe would
/// block, a device never end, and a folder is a mistake worth naming.
fn read_option_file(path: &Path, option: &str, wanted: &str) -> Result<Vec<u8>> {
    if input_metadata(path)?.is_dir() {
        return Err(Error::InputUnsupported {
            path: path.to_path_buf(),
            message: format!("is a folder; {option} takes {wanted}"),
        });
    }
    std::fs::read(path).map_err(|source| Error::InputUnreadable {
        path: path.to_path_buf(),
        source,
    })
}

/// `--as-of`: a date means "complete to the end of that day (UTC)", so the instant is the next
/// midnight; a date-time is taken as given (docs/metrics.md, As-of instant).
pub fn parse_as_of(text: &str) -> Result<DateTime<Utc>> {
    if let Some(date) = parse_date(text) {
        let next = date.succ_opt().ok_or_else(|| bad_as_of(text))?;
        return Ok(next.and_time(NaiveTime::MIN).and_utc());
    }
    parse_timestamp(text, Tz::UTC).ok_or_else(|| bad_as_of(text))
}

fn bad_as_of(text: &str) -> Error {
    Error::Usage(format!(
        "--as-of: cannot read '{text}'; use a date (2026-10-31) or an RFC 3339 instant (2026-10-31T18:00:00Z)"
    ))
}

fn generate_config(args: GenerateArgs) -> Result<GenerateConfig> {
    let end = YearMonth::parse(&args.end_month).ok_or_else(|| {
        Error::Usage(format!(
            "--end-month: '{}' is not a month; use YYYY-MM",
            args.end_month
        ))
    })?;
    if args.months == 0 {
        return Err(Error::Usage("--months must be at least 1".into()));
    }
    let output = (args.output.as_os_str() != "-").then_some(args.output);
    if args.format == GenerateFormat::Linkedin && output.is_none() {
        return Err(Error::Usage(
            "--format linkedin writes several files: give -o a folder or a .zip path, not -".into(),
        ));
    }
    let linkedin = args.format == GenerateFormat::Linkedin;
    if args.register.is_some() && !linkedin {
        return Err(Error::Usage(
            "--register goes with --format linkedin: a canonical file carries its senders' headlines already".into(),
        ));
    }
    Ok(GenerateConfig {
        linkedin,
        options: GenerateOptions {
            rows: args.rows,
            seed: args.seed,
            end_year: end.year,
            end_month: end.month,
            months: args.months,
            note_percent: args.notes.unwrap_or(if linkedin {
                crate::generate::ARCHIVE_NOTE_PERCENT
            } else {
                crate::generate::LOG_NOTE_PERCENT
            }),
        },
        output,
        register: args.register,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn config(args: &[&str]) -> Result<Config> {
        let cli = Cli::try_parse_from(args).unwrap();
        Config::from_cli(cli, args.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn as_of_date_means_the_end_of_that_day() {
        let t = parse_as_of("2026-10-31").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-01T00:00:00+00:00");
        for other_form in ["31 Oct 2026", "31-Oct-26"] {
            assert_eq!(
                parse_as_of(other_form).unwrap().to_rfc3339(),
                "2026-11-01T00:00:00+00:00"
            );
        }
        let t = parse_as_of("2026-10-31T18:00:00Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-31T18:00:00+00:00");
        assert!(parse_as_of("soon").is_err());
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            &["invitescope", "report", "--month", "2026-13"][..],
            &["invitescope", "report", "--timezone", "Mars/Olympus"],
            &["invitescope", "report", "--as-of", "tomorrow"],
            &["invitescope", "report", "--threads", "0"],
            &["invitescope", "report", "--threads", "100000"],
            &["invitescope", "report", "--template-min", "1"],
            &["invitescope", "report", "--chart-size", "big"],
            &["invitescope", "report", "--chart-size", "100x100"],
            &["invitescope", "report", "--chart-size", "1200x"],
            &["invitescope", "report", "--chart-size", "99999x800"],
        ] {
            let err = config(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}: {err}");
        }
    }

    #[test]
    fn chart_sizes_are_width_by_height() {
        let size = |args: &[&str]| match config(args).unwrap().task {
            Task::Report(r) => r.chart_size,
            other => panic!("{other:?}"),
        };
        assert_eq!(size(&["invitescope", "report"]), ChartSize::default());
        assert_eq!(
            size(&["invitescope", "report", "--chart-size", "1600X900"]),
            ChartSize {
                width: 1600,
                height: 900
            }
        );
    }

    #[test]
    fn month_choices() {
        let month = |args: &[&str]| match config(args).unwrap().task {
            Task::Report(r) => r.month,
            other => panic!("{other:?}"),
        };
        assert_eq!(month(&["invitescope", "report"]), MonthChoice::Latest);
        assert_eq!(
            month(&["invitescope", "report", "--month", "ALL"]),
            MonthChoice::All
        );
        assert_eq!(
            month(&["invitescope", "report", "--month", "2026-02"]),
            MonthChoice::Month(YearMonth {
                year: 2026,
                month: 2
            })
        );
    }
}
