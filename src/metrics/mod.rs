//! Metrics: tagged invitations → the tables of the report (docs/metrics.md, docs/outputs.md).
//!
//! Takes tagged invitations reduced to their `Outcomes` (no texts), the report period and the
//! trend's months; gives `Tables` whose rows carry raw counts. Rates, Wilson intervals and
//! differences are computed from those counts last (`stats`). polars does the group-bys and lives
//! only in this module. Never reads or writes files.

mod comparisons;
mod frame;
pub mod stats;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::model::{Outcome, Outcomes, Personalisation, SenderCategory, YearMonth};
pub use comparisons::{
    compare, with_pooled, Comparison, ComparisonKind, ComparisonPeriod, Metric, MonthChange,
    RateChange,
};
pub use frame::Counts;
use frame::{count_aggregations, invitation_frame, Columns, Companies};
use stats::Proportion;

/// The month a report covers, or `None` for all months.
pub type Period = Option<YearMonth>;

/// How many months the trend covers, ending with the report month (docs/metrics.md, Trend).
pub const TREND_MONTHS: u32 = 12;

/// Groups with fewer decided invitations are marked in charts and prose, not read as a rate
/// (docs/metrics.md, Minimum decided).
pub const MIN_DECIDED: u64 = 5;

/// How many companies `companies.csv` lists.
pub const TOP_COMPANIES: usize = 20;

/// Every table of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    /// `metrics.csv`, sorted by dimension, then group.
    pub groups: Vec<GroupMetrics>,
    /// `comparisons.csv`, in the order docs/metrics.md lists them; a comparison the month is
    /// too thin for is followed by the same one pooled over the trend's 12 months.
    pub comparisons: Vec<Comparison>,
    /// The report month against the month before, for all senders; `None` for all months.
    pub since_last_month: Option<MonthChange>,
    /// `trend.csv`: every month of the trend × (`all` and each category seen in it).
    pub trend: Vec<TrendRow>,
    /// `companies.csv`: the companies sending most invitations in the period.
    pub companies: Vec<CompanyRow>,
    /// Notes per courtesy score (0–4) for each category of the period.
    pub courtesy: Vec<CourtesyCounts>,
    /// Pending invitations of the period too young to be decided.
    pub young_pending: u64,
    /// Withdrawn invitations of the period.
    pub withdrawn: u64,
    /// How often the period's decided invitations have a known category, accepted or not.
    pub category_coverage: CategoryCoverage,
    /// The same over the trend's 12 months, for the comparisons pooled over them.
    pub pooled_coverage: CategoryCoverage,
}

/// The share of decided invitations with a sender category other than `unknown`, among those
/// accepted and those not (of invitations whose acceptance is known).
///
/// Categories filled in mostly for accepted senders (say, suggestions from Connections.csv,
/// which lists only people you connected with, confirmed in the register) make every
/// categorised group look accepted: category-level acceptance and reply rates are then biased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryCoverage {
    pub accepted: Proportion,
    pub not_accepted: Proportion,
}

impl CategoryCoverage {
    /// A larger gap between the two shares makes category rates uninterpretable.
    pub const MAX_GAP: f64 = 0.20;

    /// Whether the two shares differ by more than `MAX_GAP`; false when either side has fewer
    /// than `MIN_DECIDED` invitations (one of one against three of five is not evidence).
    pub fn biased(&self) -> bool {
        if self.accepted.trials < MIN_DECIDED || self.not_accepted.trials < MIN_DECIDED {
            return false;
        }
        match (self.accepted.rate(), self.not_accepted.rate()) {
            (Some(a), Some(b)) => (a - b).abs() > Self::MAX_GAP,
            _ => false,
        }
    }

    /// Counts `o`, if decided with its acceptance known.
    fn add(&mut self, o: &Outcome) {
        if !o.decided() || o.acceptance_unknown() {
            return;
        }
        let side = if o.accepted() {
            &mut self.accepted
        } else {
            &mut self.not_accepted
        };
        side.trials += 1;
        side.successes += u64::from(o.sender_category() != SenderCategory::Unknown);
    }

    fn merge(&mut self, other: &CategoryCoverage) {
        for (side, other) in [
            (&mut self.accepted, other.accepted),
            (&mut self.not_accepted, other.not_accepted),
        ] {
            side.trials += other.trials;
            side.successes += other.successes;
        }
    }
}

/// The four ways `metrics.csv` slices a month, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Overall,
    SenderCategory,
    Personalisation,
    SenderCategoryXPersonalisation,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Overall,
        Dimension::SenderCategory,
        Dimension::Personalisation,
        Dimension::SenderCategoryXPersonalisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Overall => "overall",
            Dimension::SenderCategory => "sender_category",
            Dimension::Personalisation => "personalisation",
            Dimension::SenderCategoryXPersonalisation => "sender_category_x_personalisation",
        }
    }

    /// The frame columns this dimension groups by (none: the whole period is one group).
    fn key_columns(self) -> &'static [&'static str] {
        match self {
            Dimension::Overall => &[],
            Dimension::SenderCategory => &["category"],
            Dimension::Personalisation => &["level"],
            Dimension::SenderCategoryXPersonalisation => &["category", "level"],
        }
    }
}

/// Which invitations one row of `metrics.csv` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKey {
    All,
    Category(SenderCategory),
    Personalisation(Personalisation),
    Cross(SenderCategory, Personalisation),
}

impl GroupKey {
    pub fn dimension(self) -> Dimension {
        match self {
            GroupKey::All => Dimension::Overall,
            GroupKey::Category(_) => Dimension::SenderCategory,
            GroupKey::Personalisation(_) => Dimension::Personalisation,
            GroupKey::Cross(..) => Dimension::SenderCategoryXPersonalisation,
        }
    }
}

/// The `group` cell of `metrics.csv`: `all`, a category or level name, or `category|level`.
impl std::fmt::Display for GroupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupKey::All => f.write_str("all"),
            GroupKey::Category(c) => f.write_str(c.as_str()),
            GroupKey::Personalisation(p) => f.write_str(p.as_str()),
            GroupKey::Cross(c, p) => write!(f, "{c}|{p}"),
        }
    }
}

impl Counts {
    /// Accepted of the decided invitations whose acceptance is known (all of them, unless an
    /// input could not tell): with nothing known the rate is empty, not 0.
    pub fn acceptance(&self) -> Proportion {
        Proportion::new(
            self.accepted,
            self.decided.saturating_sub(self.acceptance_unknown),
        )
    }

    /// Replied of the decided invitations whose reply is known.
    pub fn response(&self) -> Proportion {
        Proportion::new(
            self.responded,
            self.decided.saturating_sub(self.reply_unknown),
        )
    }

    pub fn note(&self) -> Proportion {
        Proportion::new(self.with_note, self.invites)
    }

    pub fn personalised_share(&self) -> Proportion {
        Proportion::new(self.personalised, self.invites)
    }
}

/// One row of `metrics.csv`: counts for one group of the report period.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMetrics {
    pub key: GroupKey,
    pub counts: Counts,
    pub mean_courtesy: Option<f64>,
    pub median_hours_to_accept: Option<f64>,
    pub median_hours_to_reply: Option<f64>,
}

/// One row of `trend.csv`: a month and a category (or all senders).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    pub month: YearMonth,
    /// `None`: every sender of the month.
    pub sender_category: Option<SenderCategory>,
    pub counts: Counts,
}

impl GroupMetrics {
    pub fn dimension(&self) -> Dimension {
        self.key.dimension()
    }
}

/// One row of `companies.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRow {
    pub sender_company: String,
    pub counts: Counts,
    /// The category most of its invitations fall in (ties: the first in category order).
    pub main_category: SenderCategory,
}

/// How many notes of one category scored 0, 1, 2, 3 and 4 on the courtesy rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtesyCounts {
    pub sender_category: SenderCategory,
    pub by_score: [u64; 5],
}

/// The months of the trend: `TREND_MONTHS` months ending with `last`, oldest first.
pub fn trend_months(last: YearMonth) -> Vec<YearMonth> {
    let last = last.index();
    (0..TREND_MONTHS as i32)
        .rev()
        .map(|back| YearMonth::from_index(last - back))
        .collect()
}

/// Computes every table for the period; the trend covers the 12 months ending `trend_end`.
/// `first_month` is the earliest month with data, when `outcomes` may not reach back to it (a
/// run reads only the months of the history store its report needs); `None` takes the
/// earliest in `outcomes`.
pub fn compute(
    outcomes: &Outcomes,
    period: Period,
    trend_end: YearMonth,
    first_month: Option<YearMonth>,
) -> Result<Tables> {
    let months = trend_months(trend_end);
    let (frame, company_names, tallies) =
        invitation_frame(outcomes, period, &months).map_err(polars_error)?;
    // Filtered once: every table below groups the period's rows, and a lazy filter would be
    // evaluated over the whole frame again for each of them.
    let period_rows = frame
        .clone()
        .lazy()
        .filter(col("in_period"))
        .collect()
        .map_err(polars_error)?
        .lazy();
    let groups = group_metrics(&period_rows, &Dimension::ALL).map_err(polars_error)?;
    let (first, last) = (months[0].index(), trend_end.index());
    // Grouped whole: months outside the trend are few groups to skip, where a filter first
    // would copy most of the frame.
    let trend = trend(frame.clone().lazy(), &months).map_err(polars_error)?;
    let trend_rows = frame.lazy().filter(
        col("month")
            .gt_eq(lit(first))
            .and(col("month").lt_eq(lit(last))),
    );
    let comparisons = match period {
        None => compare(&groups, ComparisonPeriod::All),
        Some(month) => {
            let own = compare(&groups, ComparisonPeriod::Month(month));
            if own.iter().any(Comparison::is_thin) {
                // The trend window ends with the report month: its rows are the pooled months.
                let pooled = ComparisonPeriod::Pooled {
                    first: months[0],
                    last: trend_end,
                };
                let window = trend_rows.collect().map_err(polars_error)?.lazy();
                let dimensions = [
                    Dimension::SenderCategory,
                    Dimension::Personalisation,
                    Dimension::SenderCategoryXPersonalisation,
                ];
                let window_groups = group_metrics(&window, &dimensions).map_err(polars_error)?;
                with_pooled(own, compare(&window_groups, pooled))
            } else {
                own
            }
        }
    };
    Ok(Tables {
        category_coverage: tallies.category_coverage,
        pooled_coverage: tallies.pooled_coverage,
        young_pending: tallies.young_pending,
        withdrawn: tallies.withdrawn,
        comparisons,
        groups,
        // Only when the data reach back to the month before: a month before the first one is
        // not empty, it is not covered.
        since_last_month: period
            .filter(|month| {
                let earliest = tallies.earliest.into_iter().chain(first_month).min();
                earliest.is_some_and(|e| e < *month)
            })
            .map(|month| month_change(&trend, month)),
        trend,
        companies: companies(&period_rows, &company_names).map_err(polars_error)?,
        courtesy: courtesy(&period_rows).map_err(polars_error)?,
    })
}

/// The groups of `dimensions` among `rows`, each with its counts, mean courtesy and medians.
fn group_metrics(rows: &LazyFrame, dimensions: &[Dimension]) -> PolarsResult<Vec<GroupMetrics>> {
    let mut out = Vec::new();
    for &dimension in dimensions {
        let mut aggregations = count_aggregations();
        aggregations.extend([
            col("courtesy").mean().alias("mean_courtesy"),
            col("hours_to_accept")
                .median()
                .alias("median_hours_to_accept"),
            col("hours_to_reply")
                .median()
                .alias("median_hours_to_reply"),
        ]);
        let keys = dimension.key_columns();
        let grouped = if keys.is_empty() {
            rows.clone().select(aggregations)
        } else {
            rows.clone()
                .group_by_stable(keys.iter().map(|&k| col(k)).collect::<Vec<_>>())
                .agg(aggregations)
        }
        .collect()?;
        let columns = Columns(&grouped);
        let keys = group_keys(dimension, &columns)?;
        let counts = columns.counts()?;
        let courtesy = columns.real("mean_courtesy")?;
        let to_accept = columns.real("median_hours_to_accept")?;
        let to_reply = columns.real("median_hours_to_reply")?;
        for (i, counts) in counts.into_iter().enumerate() {
            // An empty period still has its overall row of zeros; other groups need invitations.
            if counts.invites == 0 && dimension != Dimension::Overall {
                continue;
            }
            out.push(GroupMetrics {
                key: keys[i],
                counts,
                mean_courtesy: courtesy[i],
                median_hours_to_accept: to_accept[i],
                median_hours_to_reply: to_reply[i],
            });
        }
    }
    // Files list a dimension's groups by name, as they read in a spreadsheet's sort.
    out.sort_by_cached_key(|m| (m.dimension(), m.key.to_string()));
    Ok(out)
}

/// The key of each row of a dimension's group-by.
fn group_keys(dimension: Dimension, columns: &Columns) -> PolarsResult<Vec<GroupKey>> {
    Ok(match dimension {
        Dimension::Overall => vec![GroupKey::All; columns.0.height()],
        Dimension::SenderCategory => columns
            .categories("category")?
            .into_iter()
            .map(GroupKey::Category)
            .collect(),
        Dimension::Personalisation => columns
            .levels("level")?
            .into_iter()
            .map(GroupKey::Personalisation)
            .collect(),
        Dimension::SenderCategoryXPersonalisation => columns
            .categories("category")?
            .into_iter()
            .zip(columns.levels("level")?)
            .map(|(c, p)| GroupKey::Cross(c, p))
            .collect(),
    })
}

/// Every month of the trend (`months`) for all senders and for each category seen in those
/// months, with zeros where a month had none, so the file always has the same shape. `rows`
/// may hold other months too.
fn trend(rows: LazyFrame, months: &[YearMonth]) -> PolarsResult<Vec<TrendRow>> {
    let by_category = rows
        .clone()
        .group_by([col("month"), col("category")])
        .agg(count_aggregations())
        .collect()?;
    let overall = rows
        .group_by([col("month")])
        .agg(count_aggregations())
        .collect()?;
    let mut found = std::collections::HashMap::new();
    let columns = Columns(&by_category);
    let keys = columns
        .months("month")?
        .into_iter()
        .zip(columns.categories("category")?.into_iter().map(Some));
    found.extend(keys.zip(columns.counts()?));
    let columns = Columns(&overall);
    let keys = columns.months("month")?.into_iter().map(|m| (m, None));
    found.extend(keys.zip(columns.counts()?));
    // `rows` may hold other months: only the trend's count, categories included.
    found.retain(|&(month, _), _| months.contains(&month));
    let mut groups: Vec<Option<SenderCategory>> = found.keys().map(|&(_, c)| c).collect();
    groups.push(None);
    // By name, `all` among the categories, as the file has always listed them.
    groups.sort_by_key(|c| c.map_or("all", SenderCategory::as_str));
    groups.dedup();
    let mut out = Vec::with_capacity(months.len() * groups.len());
    for &month in months {
        for &sender_category in &groups {
            out.push(TrendRow {
                month,
                sender_category,
                counts: found
                    .get(&(month, sender_category))
                    .copied()
                    .unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// `month` against the month before, all senders, from the trend (which holds both whenever it
/// ends with `month`; a month outside it counts as nothing).
fn month_change(trend: &[TrendRow], month: YearMonth) -> MonthChange {
    let counts = |m: YearMonth| {
        trend
            .iter()
            .find(|t| t.month == m && t.sender_category.is_none())
            .map(|t| t.counts)
            .unwrap_or_default()
    };
    let previous = month.previous();
    MonthChange {
        month,
        previous,
        now: counts(month),
        before: counts(previous),
    }
}

/// The companies with most invitations in the period; ties go to the name, so the list is
/// stable (`names` are in the order of their names, and the frame's `company` holds places in
/// them).
fn companies(rows: &LazyFrame, names: &Companies<'_>) -> PolarsResult<Vec<CompanyRow>> {
    let named = rows.clone().filter(col("company").is_not_null());
    let totals = named
        .clone()
        .group_by([col("company")])
        .agg(count_aggregations())
        .sort_by_exprs(
            [col("invites"), col("company")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .limit(TOP_COMPANIES as IdxSize)
        .collect()?;
    let by_category = named
        .group_by([col("company"), col("category")])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let columns = Columns(&by_category);
    let mut best: std::collections::HashMap<u32, (u64, SenderCategory)> = Default::default();
    let keys = columns
        .places("company")?
        .into_iter()
        .zip(columns.categories("category")?);
    for ((company, category), n) in keys.zip(columns.count("n")?) {
        let entry = best.entry(company).or_insert((0, category));
        // The most invitations; a tie goes to the category listed first.
        if (n, std::cmp::Reverse(category)) > (entry.0, std::cmp::Reverse(entry.1)) {
            *entry = (n, category);
        }
    }
    let columns = Columns(&totals);
    Ok(columns
        .places("company")?
        .into_iter()
        .zip(columns.counts()?)
        .map(|(company, counts)| CompanyRow {
            main_category: best
                .get(&company)
                .map_or(SenderCategory::Unknown, |(_, c)| *c),
            sender_company: names.name(company).to_string(),
            counts,
        })
        .collect())
}

/// Notes per courtesy score for each category that sent a note in the period.
fn courtesy(rows: &LazyFrame) -> PolarsResult<Vec<CourtesyCounts>> {
    let grouped = rows
        .clone()
        .filter(col("courtesy").is_not_null())
        .group_by([col("category"), col("courtesy")])
        .agg([len().cast(DataType::UInt64).alias("n")])
        .collect()?;
    let columns = Columns(&grouped);
    let mut out: Vec<CourtesyCounts> = Vec::new();
    let keys = columns
        .categories("category")?
        .into_iter()
        .zip(columns.real("courtesy")?);
    for ((category, score), n) in keys.zip(columns.count("n")?) {
        let Some(score) = score else { continue };
        let score = (score as usize).min(4);
        match out.iter_mut().find(|c| c.sender_category == category) {
            Some(row) => row.by_score[score] += n,
            None => {
                let mut by_score = [0; 5];
                by_score[score] = n;
                out.push(CourtesyCounts {
                    sender_category: category,
                    by_score,
                });
            }
        }
    }
    out.sort_by_key(|c| c.sender_category);
    Ok(out)
}

fn polars_error(e: PolarsError) -> Error {
    Error::Internal(format!("metrics: {e}"))
}

#[cfg(test)]
mod tests;
