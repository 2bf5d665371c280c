//! CSV renderers: data in, bytes out. Writing them to disk is `report::write_folder`'s job;
//! `tagged.csv`, one line per invitation, is written row by row to where it goes instead.
//!
//! Each file's row is a `Serialize` struct whose fields are its columns, in order, so a header
//! cannot drift from the cells under it. Every free-text cell is a [`Safe`], so a name or note
//! that starts with `=` cannot run as a formula in a spreadsheet (see docs/outputs.md).

use std::fmt::Display;
use std::io::Write;
use std::ops::Range;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use crate::metrics::stats::Proportion;
use crate::metrics::{CompanyRow, Comparison, ComparisonPeriod, GroupMetrics, TrendRow};
use crate::model::{Reject, SenderCategory, Tagged, TaggedInvitation};

/// One row of `metrics.csv`.
#[derive(Serialize, Default)]
struct MetricsRecord {
    dimension: &'static str,
    group: Text,
    invites: u64,
    decided: u64,
    accepted: u64,
    acceptance_rate: Decimal,
    acceptance_ci_low: Decimal,
    acceptance_ci_high: Decimal,
    responded: u64,
    response_rate: Decimal,
    response_ci_low: Decimal,
    response_ci_high: Decimal,
    with_note: u64,
    note_rate: Decimal,
    personalised: u64,
    personalised_rate: Decimal,
    mean_courtesy: Decimal,
    median_hours_to_accept: Decimal,
    median_hours_to_reply: Decimal,
}

/// `metrics.csv`: one row per group, in the order given.
pub fn metrics_csv(rows: &[GroupMetrics]) -> Vec<u8> {
    render(rows.iter().map(|m| {
        let c = &m.counts;
        let (acceptance_rate, (acceptance_ci_low, acceptance_ci_high)) = rate_cells(c.acceptance());
        let (response_rate, (response_ci_low, response_ci_high)) = rate_cells(c.response());
        MetricsRecord {
            dimension: m.dimension().as_str(),
            group: Text::of(m.key),
            invites: c.invites,
            decided: c.decided,
            accepted: c.accepted,
            acceptance_rate,
            acceptance_ci_low,
            acceptance_ci_high,
            responded: c.responded,
            response_rate,
            response_ci_low,
            response_ci_high,
            with_note: c.with_note,
            note_rate: Decimal(c.note().rate()),
            personalised: c.personalised,
            personalised_rate: Decimal(c.personalised_share().rate()),
            mean_courtesy: Decimal(m.mean_courtesy),
            median_hours_to_accept: Decimal(m.median_hours_to_accept),
            median_hours_to_reply: Decimal(m.median_hours_to_reply),
        }
    }))
}

/// One row of `comparisons.csv`.
#[derive(Serialize, Default)]
struct ComparisonRecord {
    comparison: Text,
    metric: &'static str,
    group_a: Text,
    group_b: Text,
    successes_a: u64,
    trials_a: u64,
    rate_a: Decimal,
    successes_b: u64,
    trials_b: u64,
    rate_b: Decimal,
    diff: Decimal,
    diff_ci_low: Decimal,
    diff_ci_high: Decimal,
    p_value: Decimal,
    /// `2026-10`, `2025-11..2026-10` (pooled months) or `all`.
    period: String,
}

/// The `period` cell of `comparisons.csv`.
fn period_cell(period: ComparisonPeriod) -> String {
    match period {
        ComparisonPeriod::Month(month) => month.to_string(),
        ComparisonPeriod::Pooled { first, last } => format!("{first}..{last}"),
        ComparisonPeriod::All => "all".to_string(),
    }
}

/// `comparisons.csv`: `a − b` with Newcombe's interval and the pooled z-test's p-value.
pub fn comparisons_csv(rows: &[Comparison]) -> Vec<u8> {
    render(rows.iter().map(|c| {
        let d = c.difference();
        let ci = d.and_then(|d| d.ci);
        let (a, b) = c.kind.groups();
        ComparisonRecord {
            comparison: Text::of(c.kind),
            metric: c.metric.as_str(),
            group_a: Text::of(a),
            group_b: Text::of(b),
            successes_a: c.a.successes,
            trials_a: c.a.trials,
            rate_a: Decimal(c.a.rate()),
            successes_b: c.b.successes,
            trials_b: c.b.trials,
            rate_b: Decimal(c.b.rate()),
            diff: Decimal(d.map(|d| d.diff)),
            diff_ci_low: Decimal(ci.map(|ci| ci.0)),
            diff_ci_high: Decimal(ci.map(|ci| ci.1)),
            p_value: Decimal(d.and_then(|d| d.p_value)),
            period: period_cell(c.period),
        }
    }))
}

/// One row of `trend.csv`.
#[derive(Serialize, Default)]
struct TrendRecord {
    month: Text,
    sender_category: &'static str,
    invites: u64,
    decided: u64,
    accepted: u64,
    acceptance_rate: Decimal,
    responded: u64,
    response_rate: Decimal,
    note_rate: Decimal,
    personalised_rate: Decimal,
}

/// `trend.csv`: one row per month and category (and `all`).
pub fn trend_csv(rows: &[TrendRow]) -> Vec<u8> {
    render(rows.iter().map(|t| {
        let c = &t.counts;
        TrendRecord {
            month: Text::of(t.month),
            sender_category: t.sender_category.map_or("all", SenderCategory::as_str),
            invites: c.invites,
            decided: c.decided,
            accepted: c.accepted,
            acceptance_rate: Decimal(c.acceptance().rate()),
            responded: c.responded,
            response_rate: Decimal(c.response().rate()),
            note_rate: Decimal(c.note().rate()),
            personalised_rate: Decimal(c.personalised_share().rate()),
        }
    }))
}

/// One row of `companies.csv`.
#[derive(Serialize, Default)]
struct CompanyRecord<'a> {
    sender_company: Safe<'a>,
    invites: u64,
    with_note: u64,
    note_rate: Decimal,
    personalised_rate: Decimal,
    acceptance_rate: Decimal,
    main_category: &'static str,
}

/// `companies.csv`: the companies that sent most invitations.
pub fn companies_csv(rows: &[CompanyRow]) -> Vec<u8> {
    render(rows.iter().map(|r| {
        let c = &r.counts;
        CompanyRecord {
            sender_company: Safe(&r.sender_company),
            invites: c.invites,
            with_note: c.with_note,
            note_rate: Decimal(c.note().rate()),
            personalised_rate: Decimal(c.personalised_share().rate()),
            acceptance_rate: Decimal(c.acceptance().rate()),
            main_category: r.main_category.as_str(),
        }
    }))
}

/// One row of `rejects.csv`.
#[derive(Serialize, Default)]
struct RejectRecord<'a> {
    source: Safe<'a>,
    line: u64,
    reason: Safe<'a>,
    record: Safe<'a>,
}

/// `rejects.csv`: `source,line,reason,record` for every rejected row.
pub fn rejects_csv(rejects: &[Reject]) -> Vec<u8> {
    render(rejects.iter().map(|r| RejectRecord {
        source: Safe(&r.source),
        line: r.line,
        reason: Safe(&r.reason),
        record: Safe(&r.record),
    }))
}

/// One row of `tagged.csv` and of `invitescope tag`: the invitation's fields, its tags, then two
/// further columns: `responded`, since an input may say "replied" without a time, and
/// `courtesy_reason`, the phrases behind the courtesy flags.
#[derive(Serialize, Default)]
struct TaggedRecord<'a> {
    invite_id: Safe<'a>,
    source: Safe<'a>,
    line: u64,
    received_at: Time,
    recipient: Safe<'a>,
    sender_name: Safe<'a>,
    sender_profile_url: Safe<'a>,
    sender_headline: Safe<'a>,
    sender_company: Safe<'a>,
    status: &'static str,
    accepted_at: Time,
    responded_at: Time,
    decided: bool,
    sender_category: &'static str,
    category_reason: Safe<'a>,
    personalisation: &'static str,
    personalisation_reason: Safe<'a>,
    courtesy_score: u8,
    introduces_self: bool,
    states_reason: bool,
    offers_value: bool,
    signs_off: bool,
    addresses_recipient: bool,
    note_chars: usize,
    template_id: &'a str,
    template_size: usize,
    message: Safe<'a>,
    responded: bool,
    courtesy_reason: Safe<'a>,
}

/// `tagged.csv` of invitations held with their tags, as the tests' reference for the runs that
/// write it a batch or a month at a time (`TaggedCsv`); gives `out` back.
#[cfg(test)]
pub fn write_tagged_csv<W: Write>(rows: &Tagged, out: W) -> std::io::Result<W> {
    let mut csv = TaggedCsv::new(out)?;
    csv.write(rows)?;
    csv.finish()
}

/// `tagged.csv` written as its rows come, some at a time (the streamed run's batches): the
/// header first, so that a file without rows still has it.
pub struct TaggedCsv<W: Write> {
    out: StopAtError<W>,
}

impl<W: Write> TaggedCsv<W> {
    /// Writes the header.
    pub fn new(out: W) -> std::io::Result<TaggedCsv<W>> {
        let mut out = StopAtError::new(out);
        out.write_all(&header::<TaggedRecord>())?;
        Ok(TaggedCsv { out })
    }

    /// Writes these invitations' rows, after those written before. The rows are made into
    /// text on every core, a piece of some thousands each, and written in order, a round of
    /// pieces at a time: some 40 MB of text at most.
    pub fn write(&mut self, rows: &Tagged) -> std::io::Result<()> {
        let round = 16 * Self::PIECE;
        (0..rows.len())
            .step_by(round)
            .try_for_each(|start| self.write_round(rows, start..rows.len().min(start + round)))
    }

    /// Rows made into text at once, on one core.
    const PIECE: usize = 4096;

    fn write_round(&mut self, rows: &Tagged, round: Range<usize>) -> std::io::Result<()> {
        use rayon::prelude::*;
        let pieces: Vec<Range<usize>> = round
            .clone()
            .step_by(Self::PIECE)
            .map(|start| start..round.end.min(start + Self::PIECE))
            .collect();
        let texts: Vec<Vec<u8>> = pieces
            .into_par_iter()
            .map(|piece| {
                let mut text = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::new());
                for t in rows.range(piece) {
                    text.serialize(tagged_record(t))
                        .unwrap_or_else(|e| unreachable!("writing CSV to memory: {e}"));
                }
                text.into_inner()
                    .unwrap_or_else(|e| unreachable!("writing CSV to memory: {}", e.error()))
            })
            .collect();
        texts.iter().try_for_each(|text| self.out.write_all(text))
    }

    /// Gives `out` back.
    pub fn finish(self) -> std::io::Result<W> {
        Ok(self.out.inner)
    }
}

fn tagged_record<'a>(t: TaggedInvitation<'a>) -> TaggedRecord<'a> {
    let i = t.invitation;
    let g = t.tags;
    let c = &g.courtesy;
    TaggedRecord {
        invite_id: Safe(&i.invite_id),
        source: Safe(&i.source),
        line: i.line,
        received_at: Time(Some(i.received_at)),
        recipient: Safe(&i.recipient),
        sender_name: Safe(&i.sender_name),
        sender_profile_url: Safe(&i.sender_profile_url),
        sender_headline: Safe(&i.sender_headline),
        sender_company: Safe(&i.sender_company),
        status: i.status.as_str(),
        accepted_at: Time(i.accepted_at),
        responded_at: Time(i.responded_at),
        decided: t.decided,
        sender_category: g.sender_category.as_str(),
        category_reason: Safe(&g.category_reason),
        personalisation: g.personalisation.as_str(),
        personalisation_reason: Safe(&g.personalisation_reason),
        courtesy_score: c.score(),
        introduces_self: c.introduces_self,
        states_reason: c.states_reason,
        offers_value: c.offers_value,
        signs_off: c.signs_off,
        addresses_recipient: c.addresses_recipient,
        note_chars: g.note_chars,
        template_id: g.template_id.as_deref().unwrap_or_default(),
        template_size: g.template_size,
        message: Safe(&i.message),
        responded: i.responded,
        courtesy_reason: Safe(&g.courtesy_reason),
    }
}

/// The header (from `R`'s field names) and one line per row, in memory.
fn render<R: Serialize + Default>(rows: impl Iterator<Item = R>) -> Vec<u8> {
    write_rows(rows, Vec::new()).unwrap_or_else(|e| unreachable!("writing CSV to memory: {e}"))
}

/// The header and one line per row, written to `out` as they are made; gives `out` back.
fn write_rows<R: Serialize + Default, W: Write>(
    rows: impl Iterator<Item = R>,
    out: W,
) -> std::io::Result<W> {
    let mut csv = Rows::new::<R>(out)?;
    for row in rows {
        csv.write(row)?;
    }
    csv.finish()
}

/// A CSV file written a row at a time, after its header.
struct Rows<W: Write> {
    writer: csv::Writer<StopAtError<W>>,
}

impl<W: Write> Rows<W> {
    /// Writes the header of rows of type `R`, from its field names.
    fn new<R: Serialize + Default>(out: W) -> std::io::Result<Rows<W>> {
        let mut out = StopAtError::new(out);
        out.write_all(&header::<R>())?;
        let writer = csv::WriterBuilder::new()
            .has_headers(false)
            .buffer_capacity(1 << 16)
            .from_writer(out);
        Ok(Rows { writer })
    }

    fn write(&mut self, row: impl Serialize) -> std::io::Result<()> {
        self.writer.serialize(row).map_err(io_error)
    }

    /// Writes out what is buffered; gives `out` back.
    fn finish(self) -> std::io::Result<W> {
        let out = self.writer.into_inner().map_err(|e| e.into_error())?;
        Ok(out.inner)
    }
}

/// The header line of rows of type `R`: csv writes one with the first row, so it is taken from
/// a default row's output.
fn header<R: Serialize + Default>() -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .serialize(R::default())
        .unwrap_or_else(|e| unreachable!("writing CSV to memory: {e}"));
    let mut bytes = writer
        .into_inner()
        .unwrap_or_else(|e| unreachable!("writing CSV to memory: {}", e.error()));
    let end = bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
    bytes.truncate(end);
    bytes
}

/// `W`, refusing every write once one has failed. csv's writer writes out what it has buffered
/// when it is dropped, and after a write that failed part way through (a pipe whose reader is
/// slow, a disk that filled and then freed) that would repeat bytes already written.
struct StopAtError<W> {
    inner: W,
    failed: bool,
}

impl<W: Write> StopAtError<W> {
    fn new(inner: W) -> StopAtError<W> {
        StopAtError {
            inner,
            failed: false,
        }
    }

    /// `result`, remembering a failure: an interrupted write is tried again, not a failure.
    fn noting<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            self.failed |= e.kind() != std::io::ErrorKind::Interrupted;
        }
        result
    }

    fn refusal() -> std::io::Error {
        std::io::Error::other("an earlier write failed")
    }
}

impl<W: Write> Write for StopAtError<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            return Err(Self::refusal());
        }
        // A write that takes nothing of a non-empty buffer is how `write_all` fails too.
        let result = match self.inner.write(buf) {
            Ok(0) if !buf.is_empty() => Err(std::io::ErrorKind::WriteZero.into()),
            other => other,
        };
        self.noting(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed {
            return Err(Self::refusal());
        }
        let result = self.inner.flush();
        self.noting(result)
    }
}

/// csv's error as the io error it carries, so that a closed pipe is still `BrokenPipe`. Every
/// field of these rows serialises as one cell: any other error is a bug, not a full disk.
fn io_error(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => unreachable!("writing a CSV row: {other:?}"),
    }
}

/// A rate and its 95% Wilson interval as three cells; empty when there are no trials.
fn rate_cells(p: Proportion) -> (Decimal, (Decimal, Decimal)) {
    let ci = p.wilson();
    (
        Decimal(p.rate()),
        (Decimal(ci.map(|c| c.0)), Decimal(ci.map(|c| c.1))),
    )
}

/// A number written with four decimals, or an empty cell for a value that does not exist (a
/// rate without trials).
#[derive(Default)]
struct Decimal(Option<f64>);

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&decimal(self.0))
    }
}

/// Four decimals, or empty for a value that does not exist.
pub fn decimal(value: Option<f64>) -> String {
    match value {
        // `+ 0.0` turns a negative zero into zero so that "-0.0000" never appears.
        Some(v) if v.is_finite() => format!("{:.4}", v + 0.0),
        _ => String::new(),
    }
}

/// A timestamp in RFC 3339, UTC, with seconds (`2026-10-09T16:25:00Z`), or an empty cell.
#[derive(Default)]
struct Time(Option<DateTime<Utc>>);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            None => s.serialize_str(""),
        }
    }
}

/// A value's own text (a group key, a month), which the program makes and is never a formula.
#[derive(Default)]
struct Text(String);

impl Text {
    fn of(value: impl Display) -> Text {
        Text(value.to_string())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Text from an input, written with `safe_cell`.
#[derive(Default)]
struct Safe<'a>(&'a str);

impl Serialize for Safe<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if needs_quote_prefix(self.0) {
            s.collect_str(&format_args!("'{}", self.0))
        } else {
            s.serialize_str(self.0)
        }
    }
}

fn needs_quote_prefix(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Prefixes `'` to text a spreadsheet would run as a formula.
pub fn safe_cell(text: &str) -> String {
    if needs_quote_prefix(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{Counts, GroupKey};

    #[test]
    fn a_reader_that_goes_away_is_a_broken_pipe_not_a_csv_error() {
        // `invitescope tag | head`: the pipe closes, and the run ends quietly only if it knows.
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // More rows than csv's buffer holds, so that a row's write fails; and none at all.
        let many = (0..10_000).map(|_| MetricsRecord::default());
        let none = std::iter::empty::<MetricsRecord>();
        for error in [write_rows(many, Closed), write_rows(none, Closed)] {
            let kind = error.err().map(|e| e.kind());
            assert_eq!(kind, Some(std::io::ErrorKind::BrokenPipe));
        }
    }

    #[test]
    fn a_write_that_fails_part_way_is_not_repeated() {
        // Takes 1,000 bytes, fails once (a non-blocking pipe that is full), then takes all.
        #[derive(Default)]
        struct Hiccup {
            taken: Vec<u8>,
            failed: bool,
        }
        impl Write for &mut Hiccup {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let room = 1000usize.saturating_sub(self.taken.len());
                let n = match (room, self.failed) {
                    (0, false) => {
                        self.failed = true;
                        return Err(std::io::ErrorKind::WouldBlock.into());
                    }
                    (0, true) => buf.len(),
                    (room, _) => buf.len().min(room),
                };
                self.taken.extend_from_slice(&buf[..n]);
                Ok(n)
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let rows = || (0..10_000).map(|_| MetricsRecord::default());
        let whole = render(rows());
        let mut out = Hiccup::default();
        let kind = write_rows(rows(), &mut out).err().map(|e| e.kind());
        assert_eq!(kind, Some(std::io::ErrorKind::WouldBlock));
        assert_eq!(out.taken.len(), 1000, "bytes written after the failure");
        assert!(whole.starts_with(&out.taken));
    }

    #[test]
    fn comparison_periods_are_written_as_months_or_spans() {
        use crate::model::YearMonth;
        let (first, last) = (
            YearMonth {
                year: 2025,
                month: 11,
            },
            YearMonth {
                year: 2026,
                month: 10,
            },
        );
        assert_eq!(period_cell(ComparisonPeriod::Month(last)), "2026-10");
        assert_eq!(
            period_cell(ComparisonPeriod::Pooled { first, last }),
            "2025-11..2026-10"
        );
        assert_eq!(period_cell(ComparisonPeriod::All), "all");
        let text = String::from_utf8(comparisons_csv(&crate::metrics::compare(
            &[],
            ComparisonPeriod::Pooled { first, last },
        )))
        .unwrap();
        let mut lines = text.lines();
        assert!(lines.next().unwrap().ends_with(",p_value,period"));
        assert!(lines.all(|l| l.ends_with(",2025-11..2026-10")), "{text}");
    }

    #[test]
    fn formula_like_cells_are_defused() {
        for text in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(safe_cell(text), format!("'{text}"));
        }
        assert_eq!(safe_cell("Ann"), "Ann");
    }

    #[test]
    fn empty_denominators_give_empty_cells() {
        let row = GroupMetrics {
            key: GroupKey::All,
            counts: Counts {
                invites: 2,
                with_note: 1,
                ..Counts::default()
            },
            mean_courtesy: Some(2.0),
            median_hours_to_accept: None,
            median_hours_to_reply: None,
        };
        let text = String::from_utf8(metrics_csv(&[row])).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, "overall,all,2,0,0,,,,0,,,,1,0.5000,0,0.0000,2.0000,,");
    }

    #[test]
    fn files_without_rows_have_their_header_only() {
        let text = String::from_utf8(rejects_csv(&[])).unwrap();
        assert_eq!(text, "source,line,reason,record\n");
        let text = String::from_utf8(metrics_csv(&[])).unwrap();
        assert!(text.starts_with("dimension,group,invites,"), "{text}");
        assert_eq!(text.lines().count(), 1);
    }

    #[test]
    fn input_text_is_defused_and_quoted_in_rows() {
        let reject = Reject {
            source: "in.csv".into(),
            line: 7,
            reason: "bad, \"date\"".into(),
            record: "=HYPERLINK(1)".into(),
        };
        let text = String::from_utf8(rejects_csv(&[reject])).unwrap();
        assert_eq!(
            text,
            "source,line,reason,record\nin.csv,7,\"bad, \"\"date\"\"\",'=HYPERLINK(1)\n"
        );
    }

    #[test]
    fn decimals_have_four_places_and_no_negative_zero() {
        assert_eq!(decimal(Some(1.0 / 3.0)), "0.3333");
        assert_eq!(decimal(Some(-0.0)), "0.0000");
        assert_eq!(decimal(Some(f64::NAN)), "");
        assert_eq!(decimal(None), "");
    }
}
