//! Metrics: tagged invitations → one row of counts per group (SPEC §6).
//!
//! Takes tagged invitations and the report month, gives `GroupMetrics` rows carrying raw counts;
//! rates and Wilson intervals are computed from those counts last (`stats`). polars does the
//! group-bys and lives only in this module. Never reads or writes files.

pub mod stats;

use polars::prelude::*;
use stats::Proportion;

use crate::error::{Error, Result};
use crate::model::{Personalisation, TaggedInvitation, YearMonth};

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
}

/// One row of `metrics.csv`: counts for one group of the report month.
///
/// `group` is `all` for the overall row, a SPEC name (`candidate`, `none`) for one dimension, and
/// `category|level` for the cross dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMetrics {
    pub dimension: Dimension,
    pub group: String,
    pub invites: u64,
    pub decided: u64,
    pub accepted: u64,
    pub responded: u64,
    pub with_note: u64,
    pub personalised: u64,
    pub mean_courtesy: Option<f64>,
    pub median_hours_to_accept: Option<f64>,
    pub median_hours_to_reply: Option<f64>,
}

impl GroupMetrics {
    pub fn acceptance(&self) -> Proportion {
        Proportion::new(self.accepted, self.decided)
    }

    pub fn response(&self) -> Proportion {
        Proportion::new(self.responded, self.decided)
    }

    pub fn note(&self) -> Proportion {
        Proportion::new(self.with_note, self.invites)
    }

    pub fn personalised_share(&self) -> Proportion {
        Proportion::new(self.personalised, self.invites)
    }
}

/// The month (or all months) a report covers.
pub type Period = Option<YearMonth>;

/// Whether an invitation falls in the period (UTC calendar month of `received_at`).
pub fn in_period(invitation: &TaggedInvitation, period: Period) -> bool {
    period.is_none_or(|m| YearMonth::of(invitation.invitation.received_at) == m)
}

/// Computes every row of `metrics.csv` for the period, sorted by dimension, then group.
pub fn compute(tagged: &[TaggedInvitation], period: Period) -> Result<Vec<GroupMetrics>> {
    let frame = month_frame(tagged, period).map_err(polars_error)?;
    let mut rows = Vec::new();
    for dimension in Dimension::ALL {
        let grouped = match dimension.key_column() {
            None => frame
                .clone()
                .lazy()
                .select(aggregations())
                .with_column(lit("all").alias("group")),
            Some(key) => frame
                .clone()
                .lazy()
                .group_by_stable([col(key).alias("group")])
                .agg(aggregations()),
        }
        .collect()
        .map_err(polars_error)?;
        rows.extend(read_groups(&grouped, dimension).map_err(polars_error)?);
    }
    rows.sort_by(|a, b| (a.dimension, &a.group).cmp(&(b.dimension, &b.group)));
    Ok(rows)
}

impl Dimension {
    /// The frame column this dimension groups by (`None`: the whole month is one group).
    fn key_column(self) -> Option<&'static str> {
        match self {
            Dimension::Overall => None,
            Dimension::SenderCategory => Some("category"),
            Dimension::Personalisation => Some("level"),
            Dimension::SenderCategoryXPersonalisation => Some("cross"),
        }
    }
}

/// One row per invitation of the period, with the 0/1 flags and durations the groups sum.
fn month_frame(tagged: &[TaggedInvitation], period: Period) -> PolarsResult<DataFrame> {
    let rows: Vec<&TaggedInvitation> = tagged.iter().filter(|t| in_period(t, period)).collect();
    let hours = |from: chrono::DateTime<chrono::Utc>, to: Option<chrono::DateTime<chrono::Utc>>| {
        to.map(|to| (to - from).num_seconds() as f64 / 3600.0)
    };
    let category: Vec<&str> = rows
        .iter()
        .map(|t| t.tags.sender_category.as_str())
        .collect();
    let level: Vec<&str> = rows
        .iter()
        .map(|t| t.tags.personalisation.as_str())
        .collect();
    let cross: Vec<String> = rows
        .iter()
        .map(|t| format!("{}|{}", t.tags.sender_category, t.tags.personalisation))
        .collect();
    let flag = |f: &dyn Fn(&TaggedInvitation) -> bool| -> Vec<u64> {
        rows.iter().map(|t| u64::from(f(t))).collect()
    };
    let with_note = |t: &TaggedInvitation| t.tags.personalisation != Personalisation::None;
    let courtesy: Vec<Option<f64>> = rows
        .iter()
        .map(|t| with_note(t).then_some(f64::from(t.tags.courtesy.score())))
        .collect();
    let to_accept: Vec<Option<f64>> = rows
        .iter()
        .map(|t| {
            t.counts_as_accepted()
                .then(|| hours(t.invitation.received_at, t.invitation.accepted_at))
                .flatten()
        })
        .collect();
    let to_reply: Vec<Option<f64>> = rows
        .iter()
        .map(|t| {
            t.counts_as_responded()
                .then(|| hours(t.invitation.received_at, t.invitation.responded_at))
                .flatten()
        })
        .collect();
    df!(
        "category" => category,
        "level" => level,
        "cross" => cross,
        "decided" => flag(&|t| t.decided),
        "accepted" => flag(&TaggedInvitation::counts_as_accepted),
        "responded" => flag(&TaggedInvitation::counts_as_responded),
        "with_note" => flag(&with_note),
        "personalised" => flag(&|t| t.tags.personalisation == Personalisation::Personalised),
        "courtesy" => courtesy,
        "hours_to_accept" => to_accept,
        "hours_to_reply" => to_reply,
    )
}

fn aggregations() -> Vec<Expr> {
    vec![
        len().cast(DataType::UInt64).alias("invites"),
        col("decided").sum(),
        col("accepted").sum(),
        col("responded").sum(),
        col("with_note").sum(),
        col("personalised").sum(),
        col("courtesy").mean().alias("mean_courtesy"),
        col("hours_to_accept")
            .median()
            .alias("median_hours_to_accept"),
        col("hours_to_reply")
            .median()
            .alias("median_hours_to_reply"),
    ]
}

fn read_groups(frame: &DataFrame, dimension: Dimension) -> PolarsResult<Vec<GroupMetrics>> {
    let text = |name: &str| -> PolarsResult<Vec<String>> {
        Ok(frame
            .column(name)?
            .str()?
            .iter()
            .map(|v| v.unwrap_or_default().to_string())
            .collect())
    };
    let count = |name: &str| -> PolarsResult<Vec<u64>> {
        Ok(frame
            .column(name)?
            .cast(&DataType::UInt64)?
            .u64()?
            .iter()
            .map(Option::unwrap_or_default)
            .collect())
    };
    let real = |name: &str| -> PolarsResult<Vec<Option<f64>>> {
        Ok(frame
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .map(|v| v.filter(|x| x.is_finite()))
            .collect())
    };
    let groups = text("group")?;
    let invites = count("invites")?;
    let decided = count("decided")?;
    let accepted = count("accepted")?;
    let responded = count("responded")?;
    let with_note = count("with_note")?;
    let personalised = count("personalised")?;
    let courtesy = real("mean_courtesy")?;
    let to_accept = real("median_hours_to_accept")?;
    let to_reply = real("median_hours_to_reply")?;
    Ok((0..frame.height())
        // An empty period still yields one overall row of zeros; a group needs invitations.
        .filter(|&i| invites[i] > 0 || dimension == Dimension::Overall)
        .map(|i| GroupMetrics {
            dimension,
            group: groups[i].clone(),
            invites: invites[i],
            decided: decided[i],
            accepted: accepted[i],
            responded: responded[i],
            with_note: with_note[i],
            personalised: personalised[i],
            mean_courtesy: courtesy[i],
            median_hours_to_accept: to_accept[i],
            median_hours_to_reply: to_reply[i],
        })
        .collect())
}

fn polars_error(e: PolarsError) -> Error {
    Error::Internal(format!("metrics: {e}"))
}
