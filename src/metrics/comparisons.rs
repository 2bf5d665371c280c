//! The comparisons every report makes (docs/metrics.md), built from the group counts, and the
//! report month against the month before: pure, no polars.

use std::fmt;

use super::stats::{difference, Difference, Proportion};
use super::{Counts, GroupKey, GroupMetrics, MIN_DECIDED};
use crate::model::{Personalisation, SenderCategory, YearMonth};

/// A rate that can be compared between two groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    NoteRate,
    PersonalisedRate,
    AcceptanceRate,
    ResponseRate,
}

impl Metric {
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::NoteRate => "note_rate",
            Metric::PersonalisedRate => "personalised_rate",
            Metric::AcceptanceRate => "acceptance_rate",
            Metric::ResponseRate => "response_rate",
        }
    }

    /// The proportion this metric reads from a group's counts.
    pub fn of(self, counts: &Counts) -> Proportion {
        match self {
            Metric::NoteRate => counts.note(),
            Metric::PersonalisedRate => counts.personalised_share(),
            Metric::AcceptanceRate => counts.acceptance(),
            Metric::ResponseRate => counts.response(),
        }
    }
}

/// Which two groups a comparison sets against each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComparisonKind {
    /// Recruitment consultants against candidates.
    ConsultantVsCandidate,
    /// Personalised notes against no note, all senders.
    PersonalisedVsNone,
    /// Personalised notes against no note, within one category.
    PersonalisedVsNoneWithin(SenderCategory),
}

impl ComparisonKind {
    /// Every comparison of a report, in the order `comparisons.csv` lists them.
    pub const ALL: [ComparisonKind; 4] = [
        ComparisonKind::ConsultantVsCandidate,
        ComparisonKind::PersonalisedVsNone,
        ComparisonKind::PersonalisedVsNoneWithin(SenderCategory::RecruitmentConsultant),
        ComparisonKind::PersonalisedVsNoneWithin(SenderCategory::Candidate),
    ];

    /// The two sides, `a` and `b` of `a − b`.
    pub fn groups(self) -> (GroupKey, GroupKey) {
        use Personalisation::{None as NoNote, Personalised};
        match self {
            ComparisonKind::ConsultantVsCandidate => (
                GroupKey::Category(SenderCategory::RecruitmentConsultant),
                GroupKey::Category(SenderCategory::Candidate),
            ),
            ComparisonKind::PersonalisedVsNone => (
                GroupKey::Personalisation(Personalised),
                GroupKey::Personalisation(NoNote),
            ),
            ComparisonKind::PersonalisedVsNoneWithin(c) => {
                (GroupKey::Cross(c, Personalised), GroupKey::Cross(c, NoNote))
            }
        }
    }

    /// The metrics compared: note rates only differ between categories.
    pub fn metrics(self) -> &'static [Metric] {
        use Metric::*;
        match self {
            ComparisonKind::ConsultantVsCandidate => {
                &[NoteRate, PersonalisedRate, AcceptanceRate, ResponseRate]
            }
            _ => &[AcceptanceRate, ResponseRate],
        }
    }

    /// Whether the sides are sender categories (or lie within one), so that uneven category
    /// coverage biases their acceptance and reply rates.
    pub fn rests_on_categories(self) -> bool {
        self != ComparisonKind::PersonalisedVsNone
    }
}

/// The `comparison` cell of `comparisons.csv`.
impl fmt::Display for ComparisonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComparisonKind::ConsultantVsCandidate => {
                f.write_str("recruitment_consultant_vs_candidate")
            }
            ComparisonKind::PersonalisedVsNone => f.write_str("personalised_vs_none"),
            ComparisonKind::PersonalisedVsNoneWithin(c) => {
                write!(f, "personalised_vs_none_within_{c}")
            }
        }
    }
}

/// Which invitations a comparison counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComparisonPeriod {
    /// The report month.
    Month(YearMonth),
    /// The months `first` to `last` together (the trend window ending with the report month),
    /// for a comparison the month alone is too thin to make.
    Pooled { first: YearMonth, last: YearMonth },
    /// Every month (`--month all`).
    All,
}

impl ComparisonPeriod {
    pub fn is_pooled(self) -> bool {
        matches!(self, ComparisonPeriod::Pooled { .. })
    }
}

/// One row of `comparisons.csv`: `a − b` on one metric, over one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub kind: ComparisonKind,
    pub metric: Metric,
    pub a: Proportion,
    pub b: Proportion,
    pub period: ComparisonPeriod,
}

impl Comparison {
    /// The difference, its interval and p-value; `None` when a side has no trials.
    pub fn difference(&self) -> Option<Difference> {
        difference(self.a, self.b)
    }

    /// Too few trials on a side to read the difference (docs/metrics.md, Minimum decided).
    pub fn is_thin(&self) -> bool {
        self.a.trials < MIN_DECIDED || self.b.trials < MIN_DECIDED
    }

    /// Both sides have trials: there is a difference to show, if not always to read.
    pub fn has_both_sides(&self) -> bool {
        self.a.trials > 0 && self.b.trials > 0
    }
}

/// Every comparison of `ComparisonKind::ALL` over `period`, in order. A group absent from the
/// period compares as 0 of 0, so the file always has the same rows, with empty cells where
/// nothing can be said.
pub fn compare(groups: &[GroupMetrics], period: ComparisonPeriod) -> Vec<Comparison> {
    let counts = |key: GroupKey| {
        groups
            .iter()
            .find(|g| g.key == key)
            .map(|g| g.counts)
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for kind in ComparisonKind::ALL {
        let (a, b) = kind.groups();
        let (a, b) = (counts(a), counts(b));
        out.extend(kind.metrics().iter().map(|&metric| Comparison {
            kind,
            metric,
            a: metric.of(&a),
            b: metric.of(&b),
            period,
        }));
    }
    out
}

/// The month's comparisons, each thin one followed by the same comparison from `pooled` (the
/// same kinds and metrics, in the same order, over more months).
pub fn with_pooled(month: Vec<Comparison>, pooled: Vec<Comparison>) -> Vec<Comparison> {
    let mut out = Vec::with_capacity(month.len() + pooled.len());
    for (own, wider) in month.into_iter().zip(pooled) {
        debug_assert_eq!((own.kind, own.metric), (wider.kind, wider.metric));
        let thin = own.is_thin();
        out.push(own);
        if thin {
            out.push(wider);
        }
    }
    out
}

/// The report month against the calendar month before it, for all senders ("Since last
/// month" in the summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthChange {
    pub month: YearMonth,
    pub previous: YearMonth,
    /// Counts of the report month and of the month before.
    pub now: Counts,
    pub before: Counts,
}

/// One rate of the report month (`now`, side a) against the month before (`before`, side b).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateChange {
    pub metric: Metric,
    pub now: Proportion,
    pub before: Proportion,
}

impl RateChange {
    /// `now − before` with Newcombe's interval and the z-test's p-value.
    pub fn difference(&self) -> Option<Difference> {
        difference(self.now, self.before)
    }
}

impl MonthChange {
    /// More (or fewer, when negative) invitations than the month before.
    pub fn invitations_change(&self) -> i64 {
        self.now.invites as i64 - self.before.invites as i64
    }

    /// The change as a fraction of the month before's invitations; `None` when it had none.
    pub fn invitations_relative_change(&self) -> Option<f64> {
        (self.before.invites > 0)
            .then(|| self.invitations_change() as f64 / self.before.invites as f64)
    }

    /// Note, personalised, acceptance and reply rate, in that order.
    pub fn rates(&self) -> [RateChange; 4] {
        [
            Metric::NoteRate,
            Metric::PersonalisedRate,
            Metric::AcceptanceRate,
            Metric::ResponseRate,
        ]
        .map(|metric| RateChange {
            metric,
            now: metric.of(&self.now),
            before: metric.of(&self.before),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(key: GroupKey, invites: u64, decided: u64, accepted: u64) -> GroupMetrics {
        GroupMetrics {
            key,
            counts: Counts {
                invites,
                decided,
                accepted,
                responded: 1,
                with_note: invites / 2,
                personalised: 1,
                ..Counts::default()
            },
            mean_courtesy: None,
            median_hours_to_accept: None,
            median_hours_to_reply: None,
        }
    }

    #[test]
    fn every_required_comparison_is_present_in_order() {
        let rows = compare(&[], ComparisonPeriod::All);
        let keys: Vec<String> = rows
            .iter()
            .map(|c| format!("{}/{}", c.kind, c.metric.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                "recruitment_consultant_vs_candidate/note_rate",
                "recruitment_consultant_vs_candidate/personalised_rate",
                "recruitment_consultant_vs_candidate/acceptance_rate",
                "recruitment_consultant_vs_candidate/response_rate",
                "personalised_vs_none/acceptance_rate",
                "personalised_vs_none/response_rate",
                "personalised_vs_none_within_recruitment_consultant/acceptance_rate",
                "personalised_vs_none_within_recruitment_consultant/response_rate",
                "personalised_vs_none_within_candidate/acceptance_rate",
                "personalised_vs_none_within_candidate/response_rate",
            ]
        );
        // With no data every difference is undefined, never zero.
        assert!(rows.iter().all(|c| c.difference().is_none()));
    }

    #[test]
    fn sides_read_the_right_groups_and_denominators() {
        let groups = [
            group(
                GroupKey::Category(SenderCategory::RecruitmentConsultant),
                70,
                70,
                56,
            ),
            group(GroupKey::Category(SenderCategory::Candidate), 80, 80, 48),
            // The same category in another dimension must not be read.
            group(
                GroupKey::Cross(SenderCategory::Candidate, Personalisation::None),
                9,
                9,
                1,
            ),
        ];
        let rows = compare(&groups, ComparisonPeriod::All);
        let acceptance = &rows[2];
        assert_eq!(acceptance.a, Proportion::new(56, 70));
        assert_eq!(acceptance.b, Proportion::new(48, 80));
        let d = acceptance.difference().unwrap();
        assert!((d.diff - 0.2).abs() < 1e-12);
        let note = &rows[0];
        assert_eq!(
            (note.a, note.b),
            (Proportion::new(35, 70), Proportion::new(40, 80))
        );
    }
}
