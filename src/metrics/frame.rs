//! The per-invitation frame every group-by starts from, and readers for polars results.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use polars::prelude::*;

use super::Period;
use crate::model::{Personalisation, SenderCategory, TaggedInvitation, YearMonth};

/// One row per invitation of the period or the trend window, with what the groups sum:
/// `month`, `category`, `level`, `cross` (`category|level`), `company`, `in_period`, the 0/1
/// flags `decided`, `accepted`, `responded`, `with_note`, `personalised`, the courtesy score
/// (null without a note) and the hours to acceptance and to reply (null unless counted).
pub(super) fn invitation_frame(
    tagged: &[TaggedInvitation],
    period: Period,
    trend: &[YearMonth],
) -> PolarsResult<DataFrame> {
    let in_period = |t: &TaggedInvitation| period.is_none_or(|m| month_of(t) == m);
    let rows: Vec<&TaggedInvitation> = tagged
        .iter()
        .filter(|t| in_period(t) || trend.contains(&month_of(t)))
        .collect();
    let hours = |from: DateTime<Utc>, to: Option<DateTime<Utc>>| {
        // A connection date without a time is midnight and may precede a same-day arrival.
        to.map(|to| ((to - from).num_seconds() as f64 / 3600.0).max(0.0))
    };
    // Text columns are built straight from borrowed strings: a million rows would otherwise
    // allocate five million short strings only for polars to copy them.
    fn text_column<'s>(
        name: &str,
        rows: &[&'s TaggedInvitation],
        f: impl Fn(&'s TaggedInvitation) -> &'s str,
    ) -> Column {
        StringChunked::from_iter_values(name.into(), rows.iter().map(|t| f(t)))
            .into_series()
            .into()
    }
    let flag = |name: &str, f: &dyn Fn(&TaggedInvitation) -> bool| -> Column {
        Column::new(
            name.into(),
            rows.iter().map(|t| u32::from(f(t))).collect::<Vec<u32>>(),
        )
    };
    let real = |name: &str, f: &dyn Fn(&TaggedInvitation) -> Option<f64>| -> Column {
        Column::new(
            name.into(),
            rows.iter().map(|t| f(t)).collect::<Vec<Option<f64>>>(),
        )
    };
    let with_note = |t: &TaggedInvitation| t.tags.personalisation != Personalisation::None;
    let months: BTreeMap<YearMonth, String> = rows
        .iter()
        .map(|t| month_of(t))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|m| (m, m.to_string()))
        .collect();
    // Indexed by the enums' values, which follow the order of their `ALL`.
    let cross: Vec<Vec<String>> = SenderCategory::ALL
        .iter()
        .map(|c| {
            Personalisation::ALL
                .iter()
                .map(|p| format!("{c}|{p}"))
                .collect()
        })
        .collect();
    DataFrame::new_infer_height(vec![
        text_column("month", &rows, |t| &months[&month_of(t)]),
        text_column("category", &rows, |t| t.tags.sender_category.as_str()),
        text_column("level", &rows, |t| t.tags.personalisation.as_str()),
        text_column("cross", &rows, |t| {
            &cross[t.tags.sender_category as usize][t.tags.personalisation as usize]
        }),
        text_column("company", &rows, |t| &t.invitation.sender_company),
        Column::new(
            "in_period".into(),
            rows.iter().map(|t| in_period(t)).collect::<Vec<bool>>(),
        ),
        flag("decided", &|t| t.decided),
        flag("accepted", &TaggedInvitation::counts_as_accepted),
        flag("responded", &TaggedInvitation::counts_as_responded),
        flag("acceptance_unknown", &TaggedInvitation::acceptance_unknown),
        flag("reply_unknown", &TaggedInvitation::reply_unknown),
        flag("with_note", &with_note),
        flag("personalised", &|t| {
            t.tags.personalisation == Personalisation::Personalised
        }),
        real("courtesy", &|t| {
            with_note(t).then_some(f64::from(t.tags.courtesy.score()))
        }),
        real("hours_to_accept", &|t| {
            t.counts_as_accepted()
                .then(|| hours(t.invitation.received_at, t.invitation.accepted_at))
                .flatten()
        }),
        real("hours_to_reply", &|t| {
            t.counts_as_responded()
                .then(|| hours(t.invitation.received_at, t.invitation.responded_at))
                .flatten()
        }),
    ])
}

fn month_of(t: &TaggedInvitation) -> YearMonth {
    YearMonth::of(t.invitation.received_at)
}

/// The counts every table carries: invitations and the sums of the 0/1 flags.
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
    pub fn text(&self, name: &str) -> PolarsResult<Vec<String>> {
        Ok(self
            .0
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
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
