//! The per-invitation frame every group-by starts from, and readers for polars results.

use arcstr::ArcStr;

use polars::prelude::*;

use rayon::prelude::*;

use super::{CategoryCoverage, Period};
use crate::model::{Outcomes, Personalisation, SenderCategory, Status, YearMonth};

/// One row per invitation of the period or the trend window, with what the groups sum:
/// `month`, `category`, `level` (as small integers), `company` (a place in the names the
/// frame comes with; null without one), `in_period`, the flags `decided`, `accepted`,
/// `responded`, `acceptance_unknown`, `reply_unknown`, `with_note`, `personalised` (a group's
/// sum of one counts its true values), the courtesy score
/// (null without a note) and the hours to acceptance and to reply (null unless counted).
/// Also gives the `Tallies` of every invitation, counted in the same pass.
pub(super) fn invitation_frame<'a>(
    outcomes: &'a Outcomes,
    period: Period,
    trend: &[YearMonth],
) -> PolarsResult<(DataFrame, Companies<'a>, Tallies)> {
    let companies = Companies::of(&outcomes.companies);
    // Slices of the invitations are read in parallel (no polars computation inside: the
    // columns are plain vectors and polars' array builders, which use no thread pool), then
    // stacked in order, so the frame is the one a single pass would give. Each
    // piece's columns become the frame's chunks as they are: the rows are not copied again.
    let len = outcomes.rows.len();
    let pieces: Vec<(Rows, Tallies)> = (0..len.div_ceil(PIECE))
        .into_par_iter()
        .map(|k| {
            let rows = k * PIECE..len.min((k + 1) * PIECE);
            rows_of(outcomes, &companies, rows, period, trend)
        })
        .collect();
    let mut tallies = Tallies::default();
    let mut frame: Option<DataFrame> = None;
    for (rows, piece_tallies) in pieces {
        tallies.add(&piece_tallies);
        let piece = rows.into_frame()?;
        match &mut frame {
            None => frame = Some(piece),
            Some(frame) => {
                frame.vstack_mut_owned(piece)?;
            }
        }
    }
    let frame = match frame {
        Some(frame) => frame,
        None => Rows::with_capacity(0).into_frame()?,
    };
    Ok((frame, companies, tallies))
}

/// Invitations `invitation_frame` reads as one piece of work.
pub(super) const PIECE: usize = 1 << 16;

/// The frame's rows of invitations `piece`, its companies numbered in order of first
/// appearance, and its tallies.
fn rows_of(
    outcomes: &Outcomes,
    companies: &Companies<'_>,
    piece: std::ops::Range<usize>,
    period: Period,
    trend: &[YearMonth],
) -> (Rows, Tallies) {
    let mut rows = Rows::with_capacity(piece.len());
    let mut tallies = Tallies::default();
    for o in &outcomes.rows[piece] {
        let month = o.month();
        tallies.earliest = Some(tallies.earliest.map_or(month, |e| e.min(month)));
        let in_period = period.is_none_or(|m| month == m);
        let in_trend = trend.contains(&month);
        if in_trend {
            tallies.pooled_coverage.add(o);
        }
        if !in_period && !in_trend {
            continue;
        }
        if in_period {
            tallies.category_coverage.add(o);
            if !o.decided() {
                match o.status() {
                    Status::Pending => tallies.young_pending += 1,
                    Status::Withdrawn => tallies.withdrawn += 1,
                    _ => {}
                }
            }
        }
        let with_note = o.personalisation() != Personalisation::None;
        rows.month.push(month.index());
        rows.category.push(o.sender_category() as u32);
        rows.level.push(o.personalisation() as u32);
        rows.company.append_option(companies.place(o.company()));
        rows.in_period.append_value(in_period);
        rows.decided.append_value(o.decided());
        rows.accepted.append_value(o.accepted());
        rows.responded.append_value(o.responded());
        rows.acceptance_unknown.append_value(o.acceptance_unknown());
        rows.reply_unknown.append_value(o.reply_unknown());
        rows.with_note.append_value(with_note);
        rows.personalised
            .append_value(o.personalisation() == Personalisation::Personalised);
        rows.courtesy
            .append_option(with_note.then_some(f64::from(o.courtesy())));
        rows.hours_to_accept.append_option(o.hours_to_accept());
        rows.hours_to_reply.append_option(o.hours_to_reply());
    }
    (rows, tallies)
}

/// What the tables need of the invitations besides the frame.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Tallies {
    /// The month of the earliest invitation, of any period.
    pub earliest: Option<YearMonth>,
    /// Over the period's invitations.
    pub category_coverage: CategoryCoverage,
    /// Over the trend's months.
    pub pooled_coverage: CategoryCoverage,
    /// The period's invitations not yet decided, pending and withdrawn.
    pub young_pending: u64,
    pub withdrawn: u64,
}

impl Tallies {
    fn add(&mut self, other: &Tallies) {
        self.earliest = match (self.earliest, other.earliest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.category_coverage.merge(&other.category_coverage);
        self.pooled_coverage.merge(&other.pooled_coverage);
        self.young_pending += other.young_pending;
        self.withdrawn += other.withdrawn;
    }
}

/// The distinct sender companies of the outcomes in the order of their names: the frame's
/// `company` column holds places in this list, so polars groups and sorts small integers, not a
/// string per invitation, and a sort by place is a sort by name.
pub(super) struct Companies<'a> {
    /// In order of name.
    names: Vec<&'a str>,
    /// For each place in `Outcomes::companies`, its place in `names` (`None`: no name).
    places: Vec<Option<u32>>,
}

impl<'a> Companies<'a> {
    /// `companies` (`Outcomes::companies`) sorted.
    fn of(companies: &'a [ArcStr]) -> Companies<'a> {
        let mut order: Vec<u32> = (0..companies.len() as u32).collect();
        order.sort_unstable_by_key(|&i| &*companies[i as usize]);
        let mut places = vec![None; companies.len()];
        for (place, &i) in order.iter().enumerate() {
            if !companies[i as usize].is_empty() {
                places[i as usize] = Some(place as u32);
            }
        }
        Companies {
            names: order.iter().map(|&i| &*companies[i as usize]).collect(),
            places,
        }
    }

    /// The place of the company at `company` in `Outcomes::companies`; `None` for no name.
    fn place(&self, company: u32) -> Option<u32> {
        self.places[company as usize]
    }

    /// The name at `place`.
    pub fn name(&self, place: u32) -> &'a str {
        self.names[place as usize]
    }
}

/// The frame's columns as they are filled. Flags are booleans, one bit each in polars: a
/// group's sum counts the true ones.
struct Rows {
    /// `YearMonth::index`.
    month: Vec<i32>,
    /// Position in `SenderCategory::ALL`, and in `Personalisation::ALL`: the keys cross into
    /// polars as small integers and come back typed (`Columns::categories`).
    category: Vec<u32>,
    level: Vec<u32>,
    /// `Companies::place`.
    company: PrimitiveChunkedBuilder<UInt32Type>,
    // The others are built as polars holds them (a flag in a bit, a missing number in a bit
    // beside its slot), not as `Vec<bool>` and `Vec<Option<f64>>` copied into that form: the
    // 10M-row benchmark's peak is some 440 MB lower.
    in_period: BooleanChunkedBuilder,
    decided: BooleanChunkedBuilder,
    accepted: BooleanChunkedBuilder,
    responded: BooleanChunkedBuilder,
    acceptance_unknown: BooleanChunkedBuilder,
    reply_unknown: BooleanChunkedBuilder,
    with_note: BooleanChunkedBuilder,
    personalised: BooleanChunkedBuilder,
    courtesy: PrimitiveChunkedBuilder<Float64Type>,
    hours_to_accept: PrimitiveChunkedBuilder<Float64Type>,
    hours_to_reply: PrimitiveChunkedBuilder<Float64Type>,
}

impl Rows {
    /// The rows as a frame.
    fn into_frame(self) -> PolarsResult<DataFrame> {
        DataFrame::new_infer_height(vec![
            Column::new("month".into(), self.month),
            Column::new("category".into(), self.category),
            Column::new("level".into(), self.level),
            self.company.finish().into_column(),
            self.in_period.finish().into_column(),
            self.decided.finish().into_column(),
            self.accepted.finish().into_column(),
            self.responded.finish().into_column(),
            self.acceptance_unknown.finish().into_column(),
            self.reply_unknown.finish().into_column(),
            self.with_note.finish().into_column(),
            self.personalised.finish().into_column(),
            self.courtesy.finish().into_column(),
            self.hours_to_accept.finish().into_column(),
            self.hours_to_reply.finish().into_column(),
        ])
    }

    /// Room for `n` rows up front (a piece's: most of them are usually in the frame).
    fn with_capacity(n: usize) -> Self {
        let flag = |name: &str| BooleanChunkedBuilder::new(name.into(), n);
        let number = |name: &str| PrimitiveChunkedBuilder::<Float64Type>::new(name.into(), n);
        Rows {
            month: Vec::with_capacity(n),
            category: Vec::with_capacity(n),
            level: Vec::with_capacity(n),
            company: PrimitiveChunkedBuilder::new("company".into(), n),
            in_period: flag("in_period"),
            decided: flag("decided"),
            accepted: flag("accepted"),
            responded: flag("responded"),
            acceptance_unknown: flag("acceptance_unknown"),
            reply_unknown: flag("reply_unknown"),
            with_note: flag("with_note"),
            personalised: flag("personalised"),
            courtesy: number("courtesy"),
            hours_to_accept: number("hours_to_accept"),
            hours_to_reply: number("hours_to_reply"),
        }
    }
}

/// The counts every table carries: invitations and the sums of the flags.
pub(super) fn count_aggregations() -> Vec<Expr> {
    vec![
        len().cast(DataType::UInt64).alias("invites"),
        col("decided").sum(),
        col("accepted").sum(),
        col("responded").sum(),
        col("acceptance_unknown").sum(),
        col("reply_unknown").sum(),
        col("with_note").sum(),
        col("personalised").sum(),
    ]
}

/// Reads typed columns out of a polars result.
pub(super) struct Columns<'a>(pub &'a DataFrame);

impl Columns<'_> {
    /// A column of `YearMonth::index` values.
    pub fn months(&self, name: &str) -> PolarsResult<Vec<YearMonth>> {
        Ok(self
            .0
            .column(name)?
            .i32()?
            .iter()
            .map(|v| YearMonth::from_index(v.unwrap_or_default()))
            .collect())
    }

    /// A column of positions in `SenderCategory::ALL`.
    pub fn categories(&self, name: &str) -> PolarsResult<Vec<SenderCategory>> {
        self.positions(name, &SenderCategory::ALL)
    }

    /// A column of positions in `Personalisation::ALL`.
    pub fn levels(&self, name: &str) -> PolarsResult<Vec<Personalisation>> {
        self.positions(name, &Personalisation::ALL)
    }

    fn positions<T: Copy>(&self, name: &str, all: &[T]) -> PolarsResult<Vec<T>> {
        self.0
            .column(name)?
            .u32()?
            .iter()
            .map(|v| {
                v.and_then(|i| all.get(i as usize)).copied().ok_or_else(
                    || polars_err!(ComputeError: "column {name}: {v:?} is not a known key"),
                )
            })
            .collect()
    }

    /// A column of places in a list (`Companies`), with no nulls.
    pub fn places(&self, name: &str) -> PolarsResult<Vec<u32>> {
        self.0
            .column(name)?
            .u32()?
            .iter()
            .map(|v| v.ok_or_else(|| polars_err!(ComputeError: "a null in column {name}")))
            .collect()
    }

    pub fn count(&self, name: &str) -> PolarsResult<Vec<u64>> {
        Ok(self
            .0
            .column(name)?
            .cast(&DataType::UInt64)?
            .u64()?
            .iter()
            .map(Option::unwrap_or_default)
            .collect())
    }

    /// Non-finite values and nulls (a mean or median of nothing) both read as `None`.
    pub fn real(&self, name: &str) -> PolarsResult<Vec<Option<f64>>> {
        Ok(self
            .0
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .map(|v| v.filter(|x| x.is_finite()))
            .collect())
    }

    /// The counts of `count_aggregations`, row by row.
    pub fn counts(&self) -> PolarsResult<Vec<Counts>> {
        let invites = self.count("invites")?;
        let decided = self.count("decided")?;
        let accepted = self.count("accepted")?;
        let responded = self.count("responded")?;
        let acceptance_unknown = self.count("acceptance_unknown")?;
        let reply_unknown = self.count("reply_unknown")?;
        let with_note = self.count("with_note")?;
        let personalised = self.count("personalised")?;
        Ok((0..self.0.height())
            .map(|i| Counts {
                invites: invites[i],
                decided: decided[i],
                accepted: accepted[i],
                responded: responded[i],
                acceptance_unknown: acceptance_unknown[i],
                reply_unknown: reply_unknown[i],
                with_note: with_note[i],
                personalised: personalised[i],
            })
            .collect())
    }
}

/// Raw counts of one group; rates are derived from them last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub invites: u64,
    pub decided: u64,
    pub accepted: u64,
    pub responded: u64,
    /// Decided invitations whose acceptance the input cannot tell (an export without
    /// Connections.csv): left out of the acceptance rate's denominator, never counted as "no".
    pub acceptance_unknown: u64,
    /// Likewise for replies (an export without messages.csv).
    pub reply_unknown: u64,
    pub with_note: u64,
    pub personalised: u64,
}
