//! One month of the store as a polars frame: built from invitations and tags, written to and
//! read from Parquet, and turned back into invitations.

use arcstr::ArcStr;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use polars::prelude::*;

use super::{unreadable, Partition};
use crate::error::{Error, Result};
use crate::model::{Invitation, KnownOutcomes, SenderCategory, Status, Tags, TextPool, YearMonth};
use crate::tag::TemplateKey;

/// The store's columns, in order: the invitation as read (every canonical field, its source
/// and line, what its input could tell), then its tags with their reasons, then the rules that
/// made them. Times are UTC, in microseconds (ingest keeps fractions of a second); integers are
/// signed 64-bit, which every Parquet reader (Spark among them) takes as they are.
pub const COLUMNS: [&str; 33] = [
    "invite_id",
    "source",
    "line",
    "received_at",
    "recipient",
    "sender_name",
    "sender_profile_url",
    "sender_headline",
    "sender_company",
    "message",
    "status",
    "accepted_at",
    "responded",
    "responded_at",
    "explicit_category",
    "acceptance_known",
    "reply_known",
    "sender_category",
    "category_reason",
    "personalisation",
    "personalisation_reason",
    "courtesy_score",
    "introduces_self",
    "states_reason",
    "offers_value",
    "signs_off",
    "addresses_recipient",
    "courtesy_reason",
    "note_chars",
    "template_id",
    "template_size",
    "template_key",
    "rules_sha256",
];

/// The frame of `invitations` with their tags, in the order given: callers give them in the
/// store's order (`store_order`), so the same invitations always give the same frame and an
/// unchanged month is not rewritten.
pub(super) fn build(
    invitations: &[Invitation],
    tags: &[Tags],
    keys: &[TemplateKey],
    rules_sha256: &str,
) -> PolarsResult<DataFrame> {
    debug_assert!(invitations.is_sorted_by(|a, b| store_order(a, b).is_le()));
    let tag_text = |f: fn(&Tags) -> &str| -> Vec<&str> { tags.iter().map(f).collect() };
    let flag = |f: fn(&Tags) -> bool| -> Vec<bool> { tags.iter().map(f).collect() };
    let number = |f: fn(&Tags) -> usize| -> Vec<i64> {
        tags.iter()
            .map(|t| i64::try_from(f(t)).unwrap_or(i64::MAX))
            .collect()
    };
    let text = |name: &str, values: Vec<&str>| Column::new(name.into(), values);
    let mut columns = invitation_columns(invitations, TimeUnit::Microseconds);
    columns.extend([
        text("sender_category", tag_text(|t| t.sender_category.as_str())),
        text("category_reason", tag_text(|t| &t.category_reason)),
        text("personalisation", tag_text(|t| t.personalisation.as_str())),
        text(
            "personalisation_reason",
            tag_text(|t| &t.personalisation_reason),
        ),
        Column::new(
            "courtesy_score".into(),
            tags.iter()
                .map(|t| i32::from(t.courtesy.score()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "introduces_self".into(),
            flag(|t| t.courtesy.introduces_self),
        ),
        Column::new("states_reason".into(), flag(|t| t.courtesy.states_reason)),
        Column::new("offers_value".into(), flag(|t| t.courtesy.offers_value)),
        Column::new("signs_off".into(), flag(|t| t.courtesy.signs_off)),
        Column::new(
            "addresses_recipient".into(),
            flag(|t| t.courtesy.addresses_recipient),
        ),
        text("courtesy_reason", tag_text(|t| &t.courtesy_reason)),
        Column::new("note_chars".into(), number(|t| t.note_chars)),
        Column::new(
            "template_id".into(),
            tags.iter()
                .map(|t| t.template_id.as_deref())
                .collect::<Vec<_>>(),
        ),
        Column::new("template_size".into(), number(|t| t.template_size)),
        Column::new(
            "template_key".into(),
            keys.iter().map(|k| k.as_deref()).collect::<Vec<_>>(),
        ),
        text("rules_sha256", vec![rules_sha256; invitations.len()]),
    ]);
    DataFrame::new_infer_height(columns)
}

/// The columns of the invitations as read (the store's first 17), in the order given, with
/// times in `unit`: the store's microseconds, or nanoseconds for a run's own spill.
pub(super) fn invitation_columns(invitations: &[Invitation], unit: TimeUnit) -> Vec<Column> {
    let inv = |f: fn(&Invitation) -> &str| -> Vec<&str> { invitations.iter().map(f).collect() };
    let flag = |f: fn(&Invitation) -> bool| -> Vec<bool> { invitations.iter().map(f).collect() };
    let time = |name: &str, f: fn(&Invitation) -> Option<DateTime<Utc>>| -> Column {
        Int64Chunked::from_iter_options(
            name.into(),
            invitations.iter().map(|i| {
                f(i).and_then(|t| match unit {
                    TimeUnit::Nanoseconds => t.timestamp_nanos_opt(),
                    TimeUnit::Microseconds => Some(t.timestamp_micros()),
                    TimeUnit::Milliseconds => Some(t.timestamp_millis()),
                })
            }),
        )
        .into_datetime(unit, None)
        .into_column()
    };
    let text = |name: &str, values: Vec<&str>| Column::new(name.into(), values);
    vec![
        text("invite_id", inv(|i| &i.invite_id)),
        text("source", inv(|i| &i.source)),
        Column::new(
            "line".into(),
            invitations
                .iter()
                .map(|i| i64::try_from(i.line).unwrap_or(i64::MAX))
                .collect::<Vec<_>>(),
        ),
        time("received_at", |i| Some(i.received_at)),
        text("recipient", inv(|i| &i.recipient)),
        text("sender_name", inv(|i| &i.sender_name)),
        text("sender_profile_url", inv(|i| &i.sender_profile_url)),
        text("sender_headline", inv(|i| &i.sender_headline)),
        text("sender_company", inv(|i| &i.sender_company)),
        text("message", inv(|i| &i.message)),
        text("status", inv(|i| i.status.as_str())),
        time("accepted_at", |i| i.accepted_at),
        Column::new("responded".into(), flag(|i| i.responded)),
        time("responded_at", |i| i.responded_at),
        Column::new(
            "explicit_category".into(),
            invitations
                .iter()
                .map(|i| i.explicit_category.map(SenderCategory::as_str))
                .collect::<Vec<_>>(),
        ),
        Column::new("acceptance_known".into(), flag(|i| i.known.acceptance)),
        Column::new("reply_known".into(), flag(|i| i.known.reply)),
    ]
}

/// The store's order of invitations: by arrival, then id (then profile URL, for ids that are
/// not unique across inputs).
pub(super) fn store_order(a: &Invitation, b: &Invitation) -> std::cmp::Ordering {
    (a.received_at, &a.invite_id, &a.sender_profile_url).cmp(&(
        b.received_at,
        &b.invite_id,
        &b.sender_profile_url,
    ))
}

/// Writes one month atomically: to a temporary file beside it, then renamed over it, so a run
/// killed at any moment leaves the old month or the new one, never half of either.
pub(super) fn write(path: &Path, mut df: DataFrame) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
    let mut staged = tempfile::Builder::new()
        .prefix(".invitations-")
        .suffix(".parquet.partial")
        .tempfile_in(dir)
        .map_err(|e| Error::output(dir, e))?;
    ParquetWriter::new(staged.as_file_mut())
        .finish(&mut df)
        .map_err(|e| Error::Output {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
    staged
        .as_file()
        .sync_all()
        .map_err(|e| Error::output(path, e))?;
    staged
        .persist(path)
        .map_err(|e| Error::output(path, e.error))?;
    Ok(())
}

/// A lazy scan of one month's file: the path as it is (no globbing, no `key=value` folders
/// read as columns).
fn scan(path: &Path) -> Result<PolarsResult<LazyFrame>> {
    // polars takes paths as text: a path that is not UTF-8 is the store's place, not its data.
    let Some(text) = path.to_str() else {
        return Err(Error::BadData(format!(
            "{}: polars reads the history store by paths in UTF-8, and this one is not; move \
             the store to a folder whose path is",
            path.display()
        )));
    };
    let args = ScanArgsParquet {
        glob: false,
        hive_options: HiveOptions::new_disabled(),
        ..Default::default()
    };
    Ok(LazyFrame::scan_parquet(PlRefPath::new(text), args))
}

/// What each month's file holds, from a lazy scan of its time columns: polars reads those
/// three columns (and the row count from the file's footer), not the month. A file that cannot
/// be read is named.
pub(super) fn describe(files: &[(YearMonth, PathBuf)]) -> Result<BTreeMap<YearMonth, Partition>> {
    let mut out = BTreeMap::new();
    for (month, path) in files {
        let lazy = scan(path)?;
        let described = (|| -> PolarsResult<Partition> {
            let mut lazy = lazy?;
            let has_keys = lazy.collect_schema()?.contains("template_key");
            let df = lazy
                .select([
                    len().alias("rows"),
                    col("received_at").min().alias("first_received"),
                    col("received_at").max().alias("last_received"),
                    col("accepted_at").max().alias("last_accepted"),
                    col("responded_at").max().alias("last_responded"),
                ])
                .collect()?;
            let time = |name: &str| -> PolarsResult<Option<DateTime<Utc>>> {
                Ok(times(&df, name)?.into_iter().next().flatten())
            };
            let rows = df.column("rows")?.cast(&DataType::UInt64)?;
            Ok(Partition {
                rows: rows.u64()?.get(0).unwrap_or(0) as usize,
                first_received: time("first_received")?,
                latest: [
                    time("last_received")?,
                    time("last_accepted")?,
                    time("last_responded")?,
                ]
                .into_iter()
                .flatten()
                .max(),
                has_keys,
            })
        })()
        .map_err(|e| unreadable(path, e))?;
        out.insert(*month, described);
    }
    Ok(out)
}

/// The masked notes of `files`, from a lazy scan of that column alone in each. Mass-sent notes
/// repeat: each distinct text is held once (`TextPool`).
pub(super) fn template_keys(files: &[PathBuf]) -> Result<Vec<ArcStr>> {
    let mut out = Vec::new();
    let pool = TextPool::default();
    for path in files {
        let keys = scan(path)?
            .and_then(|lazy| {
                lazy.select([col("template_key")])
                    .filter(col("template_key").is_not_null())
                    .collect()
            })
            .and_then(|df| df.column("template_key")?.str().cloned())
            .map_err(|e| unreadable(path, e))?;
        out.extend(keys.iter().flatten().map(|key| pool.get(key)));
    }
    Ok(out)
}

/// What a month's frame holds, as `describe` reads it from the file.
pub(super) fn partition_of(df: &DataFrame) -> Partition {
    let times = |name: &str| -> Vec<DateTime<Utc>> {
        times(df, name)
            .map(|t| t.into_iter().flatten().collect())
            .unwrap_or_default()
    };
    let received = times("received_at");
    Partition {
        has_keys: df
            .get_column_names()
            .iter()
            .any(|c| c.as_str() == "template_key"),
        rows: df.height(),
        first_received: received.iter().min().copied(),
        latest: received
            .into_iter()
            .chain(times("accepted_at"))
            .chain(times("responded_at"))
            .max(),
    }
}

/// Reads one month, checking it has the store's columns.
pub(super) fn read(path: &Path) -> Result<DataFrame> {
    let file = File::open(path).map_err(|source| Error::InputUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|e| unreadable(path, e))?;
    let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
    // Format 1 had no `template_key`: the run that reads it tags it again and rewrites it.
    let format_1 = COLUMNS.iter().filter(|&&c| c != "template_key");
    if names.iter().eq(format_1) {
        let at = COLUMNS
            .iter()
            .position(|&c| c == "template_key")
            .unwrap_or(0);
        let keys = Column::full_null("template_key".into(), df.height(), &DataType::String);
        let mut df = df;
        df.insert_column(at, keys)
            .map_err(|e| unreadable(path, e))?;
        return Ok(df);
    }
    if names != COLUMNS {
        return Err(unreadable(
            path,
            polars_err!(SchemaMismatch: "columns {names:?}, expected {COLUMNS:?}"),
        ));
    }
    Ok(df)
}

/// Source names shared by the rows of one input, as ingest shares them.
#[derive(Default)]
pub(super) struct Sources(HashMap<String, ArcStr>);

impl Sources {
    fn get(&mut self, name: &str) -> ArcStr {
        if let Some(found) = self.0.get(name) {
            return ArcStr::clone(found);
        }
        let shared: ArcStr = ArcStr::from(name);
        self.0.insert(name.to_string(), ArcStr::clone(&shared));
        shared
    }
}

/// A time column (UTC; the store's are in microseconds, a spill's in nanoseconds).
fn times(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<DateTime<Utc>>>> {
    let column = df.column(name)?;
    let from: fn(i64) -> Option<DateTime<Utc>> = match column.dtype() {
        DataType::Datetime(TimeUnit::Nanoseconds, _) => |v| Some(DateTime::from_timestamp_nanos(v)),
        DataType::Datetime(TimeUnit::Milliseconds, _) => DateTime::from_timestamp_millis,
        _ => DateTime::from_timestamp_micros,
    };
    Ok(column
        .cast(&DataType::Int64)?
        .i64()?
        .iter()
        .map(|v| v.and_then(from))
        .collect())
}

/// The invitations of a stored month, as ingest would have given them.
pub(super) fn invitations(df: &DataFrame, sources: &mut Sources) -> PolarsResult<Vec<Invitation>> {
    // Borrowed from the frame: each text is copied once, into the pool, or not at all.
    let text = |name: &str| -> PolarsResult<Vec<Option<&str>>> {
        Ok(df.column(name)?.str()?.iter().collect())
    };
    let flag = |name: &str| -> PolarsResult<Vec<bool>> {
        Ok(df
            .column(name)?
            .bool()?
            .iter()
            .map(Option::unwrap_or_default)
            .collect())
    };
    let time = |name: &str| times(df, name);
    let invite_id = text("invite_id")?;
    let source = text("source")?;
    let line: Vec<u64> = df
        .column("line")?
        .i64()?
        .iter()
        .map(|v| v.and_then(|v| u64::try_from(v).ok()).unwrap_or_default())
        .collect();
    let received_at = time("received_at")?;
    let recipient = text("recipient")?;
    let sender_name = text("sender_name")?;
    let url = text("sender_profile_url")?;
    let headline = text("sender_headline")?;
    let company = text("sender_company")?;
    let message = text("message")?;
    let status = text("status")?;
    let accepted_at = time("accepted_at")?;
    let responded = flag("responded")?;
    let responded_at = time("responded_at")?;
    let explicit = text("explicit_category")?;
    let acceptance_known = flag("acceptance_known")?;
    let reply_known = flag("reply_known")?;
    let mut out = Vec::with_capacity(df.height());
    let pool = TextPool::default();
    for i in 0..df.height() {
        let bad = |what: &str| polars_err!(ComputeError: "row {}: {what}", i + 1);
        let status_text = status[i].unwrap_or_default();
        let status = Status::ALL
            .into_iter()
            .find(|s| s.as_str() == status_text)
            .ok_or_else(|| bad(&format!("unknown status {status_text:?}")))?;
        let explicit_category = match explicit[i] {
            None => None,
            Some(name) => Some(
                SenderCategory::parse(name)
                    .ok_or_else(|| bad(&format!("unknown category {name:?}")))?,
            ),
        };
        let take = |column: &[Option<&str>]| pool.get(column[i].unwrap_or_default());
        out.push(Invitation {
            invite_id: invite_id[i].unwrap_or_default().into(),
            source: sources.get(source[i].unwrap_or_default()),
            line: line[i],
            received_at: received_at[i].ok_or_else(|| bad("no received_at"))?,
            recipient: take(&recipient),
            sender_name: take(&sender_name),
            sender_profile_url: take(&url),
            sender_headline: take(&headline),
            sender_company: take(&company),
            message: take(&message),
            status,
            accepted_at: accepted_at[i],
            responded: responded[i],
            responded_at: responded_at[i],
            explicit_category,
            known: KnownOutcomes {
                acceptance: acceptance_known[i],
                reply: reply_known[i],
            },
        });
    }
    Ok(out)
}
