//! The comparisons of the report (docs/metrics.md), built from the group counts: pure, no polars.

use super::stats::{difference, Difference, Proportion};
use super::{Counts, Dimension, GroupMetrics};

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

/// One row of `comparisons.csv`: `a − b` on one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// e.g. `recruitment_consultant_vs_candidate`, `personalised_vs_none_within_candidate`.
    pub comparison: String,
    pub metric: Metric,
    pub group_a: String,
    pub group_b: String,
    pub a: Proportion,
    pub b: Proportion,
}

impl Comparison {
    /// The difference, its interval and p-value; `None` when a side has no trials.
    pub fn difference(&self) -> Option<Difference> {
        difference(self.a, self.b)
    }
}

/// Every comparison of the report, in a fixed order. A group absent from the period compares as
/// 0 of 0, so the file always has the same rows, with empty cells where nothing can be said.
pub fn compare(groups: &[GroupMetrics]) -> Vec<Comparison> {
    use Metric::*;
    let counts = |dimension: Dimension, group: &str| {
        groups
            .iter()
            .find(|g| g.dimension == dimension && g.group == group)
            .map(|g| g.counts)
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut push = |name: String, metrics: &[Metric], dimension, a: String, b: String| {
        let (ca, cb) = (counts(dimension, &a), counts(dimension, &b));
        for &metric in metrics {
            out.push(Comparison {
                comparison: name.clone(),
                metric,
                group_a: a.clone(),
                group_b: b.clone(),
                a: metric.of(&ca),
                b: metric.of(&cb),
            });
        }
    };
    push(
        "recruitment_consultant_vs_candidate".into(),
        &[NoteRate, PersonalisedRate, AcceptanceRate, ResponseRate],
        Dimension::SenderCategory,
        "recruitment_consultant".into(),
        "candidate".into(),
    );
    push(
        "personalised_vs_none".into(),
        &[AcceptanceRate, ResponseRate],
        Dimension::Personalisation,
        "personalised".into(),
        "none".into(),
    );
    for category in ["recruitment_consultant", "candidate"] {
        push(
            format!("personalised_vs_none_within_{category}"),
            &[AcceptanceRate, ResponseRate],
            Dimension::SenderCategoryXPersonalisation,
            format!("{category}|personalised"),
            format!("{category}|none"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(
        dimension: Dimension,
        group: &str,
        invites: u64,
        decided: u64,
        accepted: u64,
    ) -> GroupMetrics {
        GroupMetrics {
            dimension,
            group: group.into(),
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
        let rows = compare(&[]);
        let keys: Vec<String> = rows
            .iter()
            .map(|c| format!("{}/{}", c.comparison, c.metric.as_str()))
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
                Dimension::SenderCategory,
                "recruitment_consultant",
                70,
                70,
                56,
            ),
            group(Dimension::SenderCategory, "candidate", 80, 80, 48),
        ];
        let rows = compare(&groups);
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
