//! The command line, as clap types. Only `config` looks at these: stages never see them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Who sends you LinkedIn invitations, how personal they are, and which you accept or answer.
///
/// invitescope reads received connection invitations, from canonical CSV files or from
/// LinkedIn's data-export archive (the .zip LinkedIn sends, or the folder it unpacks to), tags
/// each one by sender category and personalisation, and writes a monthly report with acceptance
/// and reply rates, 95% confidence intervals and charts into reports/<YYYY-MM>/. `invitescope
/// senders` keeps the register that says who your senders are, since archives carry no
/// headline. The full reference is in the docs/ folder of the source repository.
#[derive(Debug, Parser)]
#[command(
    name = "invitescope",
    version,
    about,
    long_about,
    max_term_width = 100,
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub global: GlobalArgs,
}

/// The exit codes, shown under `--help`.
const EXIT_CODES: &str = "\
Exit codes: 0 success · 1 internal error · 2 usage error · 65 bad data (--strict, no valid row,
or no invitation in the month) · 66 input not found or unreadable · 73 output cannot be created";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the monthly report: ingest → tag → metrics → charts → report files.
    ///
    /// With no INPUT, reads the sample shipped in data/sample/ (with --history, the store alone).
    Report(ReportArgs),
    /// Check inputs: print the reconciliation and every rejected row. Writes nothing.
    Validate(ValidateArgs),
    /// Write a realistic synthetic data set: canonical CSV, or a LinkedIn data export.
    ///
    /// The same options always give byte-identical output.
    Generate(GenerateArgs),
    /// Write one CSV row per invitation with every tag and the reason for it (the columns of
    /// tagged.csv, described in docs/outputs.md).
    ///
    /// With no INPUT, reads the sample shipped in data/sample/ (with --history, the store alone).
    Tag(TagArgs),
    /// Print the effective tagging rules: the built-in ones, or those of --rules FILE.
    Rules(RulesArgs),
    /// Write or update the sender register: one row per sender, for you to fill in categories.
    ///
    /// LinkedIn archives carry no headline, so most senders are `unknown` until you say who they
    /// are. This lists every sender of the received invitations once, with how many invitations
    /// they sent and a suggested category (from a headline, Connections' Position or the note),
    /// undecided rows first. Fill in `category` (or `headline`/`company`) in a spreadsheet;
    /// `report` and `tag` then read the file (`--senders`, or `senders.csv` found beside the
    /// inputs or in the working directory). Run it again next month: it adds new senders and
    /// refreshes counts and suggestions, and never changes what you wrote.
    ///
    /// With no INPUT, reads the sample shipped in data/sample/.
    Senders(SendersArgs),
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Worker threads for tagging and metrics [default: all cores].
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,

    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Print more about each stage.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// Where invitations come from and how to read them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Canonical CSV files, LinkedIn data exports (.zip or unpacked folder), or folders of them.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Stop at the first bad row (exit 65) instead of writing it to rejects.csv.
    #[arg(long)]
    pub strict: bool,

    /// Time zone of timestamps that carry no offset, as an IANA name (e.g. Europe/London).
    #[arg(long, value_name = "TZ", default_value = "UTC")]
    pub timezone: String,

    /// LinkedIn exports: the owner's first message to a sender within N days of the
    /// invitation counts as a reply.
    #[arg(long, value_name = "N", default_value_t = crate::ingest::DEFAULT_RESPONSE_WINDOW_DAYS)]
    pub response_window_days: u32,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// Folder that receives the <YYYY-MM>/ report folder.
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Calendar month (UTC) to report, as YYYY-MM, or `all` [default: the latest complete month
    /// before the as-of instant (the month before the as-of's, or the month just ended when the
    /// as-of is midnight on the 1st); with one month of data, that month; a month without
    /// invitations gives way to the latest complete one that has some].
    #[arg(long, value_name = "YYYY-MM|all")]
    pub month: Option<String>,

    /// Also write tagged.csv: every invitation with its tags and reasons.
    #[arg(long)]
    pub emit_tagged: bool,

    /// Size of each chart in pixels, as WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1200x800")]
    pub chart_size: String,
}

/// What `report` and `tag` share: the inputs, as of when, and how to tag them.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Data are complete to the end of this date (YYYY-MM-DD, UTC) or to this instant
    /// (RFC 3339) [default: the latest timestamp in the data].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Pending invitations younger than this many days are not yet decided.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub grace_days: u32,

    /// A note whose template is shared by at least N notes (itself included) is mass-sent.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub template_min: usize,

    /// Tagging rules (TOML) to use instead of the built-in ones; see `invitescope rules`.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Sender register (written by `invitescope senders`) or any CSV keyed by profile URL or
    /// name with category, headline and/or company columns [default: senders.csv beside the
    /// inputs or in the working directory, if there is one].
    #[arg(long, value_name = "FILE", conflicts_with = "no_senders")]
    pub senders: Option<PathBuf>,

    /// Do not read a senders.csv found beside the inputs or in the working directory.
    #[arg(long)]
    pub no_senders: bool,

    /// History store (a folder of Parquet files, one per month) to merge this run's invitations
    /// into and to report from, so months build on each other; with no INPUT, the store alone.
    /// See docs/history.md.
    #[arg(long, value_name = "DIR")]
    pub history: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SendersArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The register to write, or to update in place if it exists.
    #[arg(short, long, value_name = "FILE", default_value = "senders.csv")]
    pub output: PathBuf,

    /// Tagging rules (TOML) for the suggestions, instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    #[command(flatten)]
    pub analysis: AnalysisArgs,

    /// File to write (`-` for standard output).
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Rules file to check and print instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of invitations to write.
    #[arg(long, value_name = "N")]
    pub rows: usize,

    /// Seed of the pseudo-random generator.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GenerateFormat::Canonical)]
    pub format: GenerateFormat,

    /// Last calendar month of the data, YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", default_value = "2026-10")]
    pub end_month: String,

    /// Number of calendar months covered, ending with --end-month.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub months: u32,

    /// Share of senders who attach a note, in percent [default: 30 (a recruiter's hand-kept
    /// log) for canonical, 6 (as in LinkedIn's archives) for linkedin].
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub notes: Option<u32>,

    /// With --format linkedin: also write a matching sender register to FILE, partly filled in
    /// as a user would (for the demo and the tests).
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,

    /// File to write (`-` for standard output); for --format linkedin, a folder or a .zip.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// The canonical CSV (one row per invitation; see docs/inputs.md).
    Canonical,
    /// A LinkedIn data export: a folder, or a zip when PATH ends in .zip.
    Linkedin,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn report_takes_defaults() {
        let cli = Cli::try_parse_from(["invitescope", "report"]).unwrap();
        let Command::Report(args) = cli.command else {
            panic!("not a report")
        };
        assert!(args.analysis.input.inputs.is_empty());
        assert_eq!(args.analysis.grace_days, 14);
        assert_eq!(args.out, PathBuf::from("reports"));
        assert_eq!(args.analysis.input.timezone, "UTC");
    }
}
