//! `compute` from invitations to tables, on small hand-made months whose every count can be
//! worked out by reading the table at the top of each test.

use arcstr::ArcStr;

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::*;
use crate::model::{
    Courtesy, Invitation, KnownOutcomes, Outcomes, Personalisation, Status, Tagged, Tags,
};

use Personalisation::{Generic, None as NoNote, Personalised};
use SenderCategory::{Candidate, Peer, RecruitmentConsultant as Consultant};

/// One invitation of a test table.
struct Row {
    day: (i32, u32, u32),
    category: SenderCategory,
    level: Personalisation,
    status: Status,
    decided: bool,
    /// Hours from arrival to the reply, if any.
    replied_after: Option<i64>,
    company: &'static str,
    /// Courtesy points 0–4 (only read with a note).
    courtesy: u8,
}

fn row(
    day: (i32, u32, u32),
    category: SenderCategory,
    level: Personalisation,
    status: Status,
) -> Row {
    Row {
        day,
        category,
        level,
        status,
        decided: status != Status::Pending,
        replied_after: None,
        company: "",
        courtesy: 0,
    }
}

fn at(day: (i32, u32, u32)) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(day.0, day.1, day.2, 9, 0, 0).unwrap()
}

fn outcomes(rows: Vec<Row>) -> Outcomes {
    let mut invitations = Vec::new();
    let mut tags = Vec::new();
    let mut decided = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        let received_at = at(r.day);
        let points = [1, 2, 3, 4].map(|n| r.courtesy >= n);
        invitations.push(Invitation {
            invite_id: format!("i{i}").into(),
            source: ArcStr::from("test.csv"),
            line: i as u64 + 2,
            received_at,
            recipient: "me".into(),
            sender_name: format!("Sender {i}").into(),
            sender_profile_url: String::new().into(),
            sender_headline: String::new().into(),
            sender_company: r.company.into(),
            message: String::new().into(),
            status: r.status,
            accepted_at: (r.status == Status::Accepted).then(|| received_at + Duration::hours(10)),
            responded: r.replied_after.is_some(),
            responded_at: r.replied_after.map(|h| received_at + Duration::hours(h)),
            explicit_category: None,
            known: KnownOutcomes::ALL,
        });
        tags.push(Tags {
            sender_category: r.category,
            category_reason: ArcStr::from(""),
            personalisation: r.level,
            personalisation_reason: ArcStr::from(""),
            courtesy: Courtesy {
                introduces_self: points[0],
                states_reason: points[1],
                offers_value: points[2],
                signs_off: points[3],
                addresses_recipient: false,
            },
            courtesy_reason: ArcStr::from(""),
            note_chars: 0,
            template_id: None,
            template_size: 0,
        });
        decided.push(r.decided);
    }
    Outcomes::of(&Tagged::from_parts(invitations, tags, decided))
}

const OCT: YearMonth = YearMonth {
    year: 2026,
    month: 10,
};

fn group(tables: &Tables, key: GroupKey) -> &GroupMetrics {
    tables
        .groups
        .iter()
        .find(|g| g.key == key)
        .unwrap_or_else(|| panic!("no group {key}"))
}

#[test]
fn groups_count_each_dimension_of_the_period_only() {
    let sep = (2026, 9, 20);
    let oct = (2026, 10, 5);
    let rows = vec![
        row(oct, Consultant, NoNote, Status::Accepted),
        row(oct, Consultant, NoNote, Status::Ignored),
        row(oct, Consultant, Generic, Status::Declined),
        Row {
            replied_after: Some(30),
            courtesy: 3,
            ..row(oct, Candidate, Personalised, Status::Accepted)
        },
        Row {
            courtesy: 1,
            ..row(oct, Candidate, Personalised, Status::Ignored)
        },
        // Undecided: counted as an invitation, never in a rate's denominator.
        row(oct, Peer, NoNote, Status::Pending),
        Row {
            decided: false,
            ..row(oct, Peer, NoNote, Status::Accepted)
        },
        // Outside the period: only the trend sees it.
        row(sep, Consultant, NoNote, Status::Accepted),
    ];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();

    let all = group(&tables, GroupKey::All);
    assert_eq!(
        (all.counts.invites, all.counts.decided, all.counts.accepted),
        (7, 5, 2)
    );
    assert_eq!(all.counts.with_note, 3);
    assert_eq!(all.counts.personalised, 2);
    assert_eq!(all.counts.responded, 1);
    // The mean courtesy of the three notes: (0 + 3 + 1) / 3.
    assert!((all.mean_courtesy.unwrap() - 4.0 / 3.0).abs() < 1e-12);
    // One acceptance after 10 hours among decided ones; one reply after 30.
    assert_eq!(all.median_hours_to_accept, Some(10.0));
    assert_eq!(all.median_hours_to_reply, Some(30.0));

    let consultants = group(&tables, GroupKey::Category(Consultant));
    assert_eq!(
        consultants.counts.acceptance(),
        stats::Proportion::new(1, 3)
    );
    let cell = group(&tables, GroupKey::Cross(Candidate, Personalised));
    assert_eq!(cell.counts.acceptance(), stats::Proportion::new(1, 2));
    assert_eq!(cell.counts.response(), stats::Proportion::new(1, 2));
    let no_note = group(&tables, GroupKey::Personalisation(NoNote));
    assert_eq!((no_note.counts.invites, no_note.counts.decided), (4, 2));

    // Groups without invitations are not listed; rows run by dimension, then by name.
    let keys: Vec<String> = tables
        .groups
        .iter()
        .map(|g| format!("{}:{}", g.dimension().as_str(), g.key))
        .collect();
    assert_eq!(
        keys,
        [
            "overall:all",
            "sender_category:candidate",
            "sender_category:peer",
            "sender_category:recruitment_consultant",
            "personalisation:generic",
            "personalisation:none",
            "personalisation:personalised",
            "sender_category_x_personalisation:candidate|personalised",
            "sender_category_x_personalisation:peer|none",
            "sender_category_x_personalisation:recruitment_consultant|generic",
            "sender_category_x_personalisation:recruitment_consultant|none",
        ]
    );
    // Young and pending: one; the young acceptance is undecided but not pending.
    assert_eq!((tables.young_pending, tables.withdrawn), (1, 0));
}

#[test]
fn comparisons_read_their_groups() {
    let oct = (2026, 10, 5);
    let mut rows = Vec::new();
    // Consultants: 4 decided, 1 accepted; candidates: 2 decided, 2 accepted.
    for status in [
        Status::Accepted,
        Status::Ignored,
        Status::Ignored,
        Status::Declined,
    ] {
        rows.push(row(oct, Consultant, NoNote, status));
    }
    for _ in 0..2 {
        rows.push(row(oct, Candidate, Personalised, Status::Accepted));
    }
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    let find = |kind, metric| {
        tables
            .comparisons
            .iter()
            .find(|c| c.kind == kind && c.metric == metric)
            .unwrap()
    };
    let c = find(
        ComparisonKind::ConsultantVsCandidate,
        Metric::AcceptanceRate,
    );
    assert_eq!(
        (c.a, c.b),
        (stats::Proportion::new(1, 4), stats::Proportion::new(2, 2))
    );
    let c = find(ComparisonKind::PersonalisedVsNone, Metric::AcceptanceRate);
    assert_eq!(
        (c.a, c.b),
        (stats::Proportion::new(2, 2), stats::Proportion::new(1, 4))
    );
    // Within consultants nobody wrote a personal note: that side is 0 of 0.
    let c = find(
        ComparisonKind::PersonalisedVsNoneWithin(Consultant),
        Metric::AcceptanceRate,
    );
    assert_eq!(
        (c.a, c.b),
        (stats::Proportion::new(0, 0), stats::Proportion::new(1, 4))
    );
    assert!(c.difference().is_none());
}

#[test]
fn trend_has_every_month_for_all_and_each_category_seen() {
    let rows = vec![
        row((2026, 10, 1), Consultant, NoNote, Status::Accepted),
        row((2026, 8, 31), Candidate, NoNote, Status::Ignored),
        row((2025, 11, 1), Candidate, NoNote, Status::Accepted),
        // Twelve months back from October is November 2025: October 2025 is outside.
        row((2025, 10, 31), Peer, NoNote, Status::Accepted),
    ];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    assert_eq!(tables.trend.len(), 12 * 3, "all, candidate, consultant");
    let names: Vec<_> = tables.trend[..3]
        .iter()
        .map(|t| t.sender_category.map_or("all", SenderCategory::as_str))
        .collect();
    assert_eq!(names, ["all", "candidate", "recruitment_consultant"]);
    assert_eq!(tables.trend[0].month.to_string(), "2025-11");
    let august: Vec<u64> = tables
        .trend
        .iter()
        .filter(|t| t.month.to_string() == "2026-08")
        .map(|t| t.counts.invites)
        .collect();
    assert_eq!(august, [1, 1, 0]);
    let invites: u64 = tables
        .trend
        .iter()
        .filter(|t| t.sender_category.is_none())
        .map(|t| t.counts.invites)
        .sum();
    assert_eq!(invites, 3);
}

#[test]
fn companies_rank_by_volume_then_name_with_their_main_category() {
    let oct = (2026, 10, 5);
    let from = |company, category| Row {
        company,
        ..row(oct, category, NoNote, Status::Ignored)
    };
    let rows = vec![
        from("Beta", Candidate),
        from("Beta", Consultant),
        from("Alpha", Peer),
        from("Alpha", Peer),
        from("Alpha", Consultant),
        from("Gamma", Peer),
        from("", Peer),
        from("Delta", Peer),
    ];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    let listed: Vec<_> = tables
        .companies
        .iter()
        .map(|c| (c.sender_company.as_str(), c.counts.invites, c.main_category))
        .collect();
    // A tie between categories goes to the one listed first (consultant before candidate); a
    // tie between companies to the name, whatever order they came in.
    assert_eq!(
        listed,
        [
            ("Alpha", 3, Peer),
            ("Beta", 2, Consultant),
            ("Delta", 1, Peer),
            ("Gamma", 1, Peer)
        ]
    );
}

#[test]
fn courtesy_scores_are_counted_per_category_for_notes_only() {
    let oct = (2026, 10, 5);
    let scored = |category, level, courtesy| Row {
        courtesy,
        ..row(oct, category, level, Status::Ignored)
    };
    let rows = vec![
        scored(Candidate, Personalised, 4),
        scored(Candidate, Generic, 4),
        scored(Candidate, Generic, 0),
        scored(Consultant, Generic, 2),
        // No note, no score, whatever the flags say.
        scored(Consultant, NoNote, 3),
    ];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    let by_category: Vec<_> = tables
        .courtesy
        .iter()
        .map(|c| (c.sender_category, c.by_score))
        .collect();
    assert_eq!(
        by_category,
        [(Consultant, [0, 0, 1, 0, 0]), (Candidate, [1, 0, 0, 0, 2])]
    );
}

#[test]
fn an_empty_period_still_has_its_overall_row() {
    let rows = vec![row((2026, 9, 5), Peer, NoNote, Status::Accepted)];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    assert_eq!(tables.groups.len(), 1);
    assert_eq!(tables.groups[0].key, GroupKey::All);
    assert_eq!(tables.groups[0].counts, Counts::default());
    // Every comparison is there, and, with nothing to compare, each is pooled too.
    let own = tables.comparisons.iter().filter(|c| !c.period.is_pooled());
    assert_eq!(own.count(), 10);
    assert_eq!(tables.comparisons.len(), 20);
}

#[test]
fn trend_months_cross_year_ends() {
    let months = trend_months(YearMonth {
        year: 2026,
        month: 3,
    });
    assert_eq!(months.len(), 12);
    assert_eq!(months[0].to_string(), "2025-04");
    assert_eq!(months[8].to_string(), "2025-12");
    assert_eq!(months[11].to_string(), "2026-03");
}

#[test]
fn thin_comparisons_are_followed_by_the_twelve_months_pooled() {
    let mut rows = Vec::new();
    // October: 6 consultants (2 accepted), 2 candidates (both accepted): thin on the candidates'
    // side, for every metric of that comparison.
    for status in [Status::Accepted, Status::Accepted] {
        rows.push(row((2026, 10, 5), Consultant, NoNote, status));
    }
    for _ in 0..4 {
        rows.push(row((2026, 10, 6), Consultant, NoNote, Status::Ignored));
    }
    for _ in 0..2 {
        rows.push(row(
            (2026, 10, 7),
            Candidate,
            Personalised,
            Status::Accepted,
        ));
    }
    // Earlier months of the window: 4 more candidates (1 accepted) in March, 1 consultant in
    // November 2025 (its first month); October 2025 lies outside the window.
    rows.push(row((2026, 3, 1), Candidate, NoNote, Status::Accepted));
    for _ in 0..3 {
        rows.push(row((2026, 3, 2), Candidate, NoNote, Status::Ignored));
    }
    rows.push(row((2025, 11, 1), Consultant, NoNote, Status::Accepted));
    rows.push(row((2025, 10, 31), Candidate, NoNote, Status::Accepted));
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();

    let window = ComparisonPeriod::Pooled {
        first: YearMonth {
            year: 2025,
            month: 11,
        },
        last: OCT,
    };
    let listed: Vec<(String, &str, ComparisonPeriod)> = tables
        .comparisons
        .iter()
        .map(|c| (c.kind.to_string(), c.metric.as_str(), c.period))
        .collect();
    let month = ComparisonPeriod::Month(OCT);
    let consultants = "recruitment_consultant_vs_candidate".to_string();
    // Each thin row is followed by its pooled twin; the rest are the month's alone.
    assert_eq!(
        listed[..8],
        [
            (consultants.clone(), "note_rate", month),
            (consultants.clone(), "note_rate", window),
            (consultants.clone(), "personalised_rate", month),
            (consultants.clone(), "personalised_rate", window),
            (consultants.clone(), "acceptance_rate", month),
            (consultants.clone(), "acceptance_rate", window),
            (consultants.clone(), "response_rate", month),
            (consultants, "response_rate", window),
        ]
    );
    // Personalised against no note: 2 personalised (thin), 6 without a note.
    assert_eq!(tables.comparisons.len(), 10 + 4 + 2 + 2 + 2);

    let find = |metric, period| {
        tables
            .comparisons
            .iter()
            .find(|c| {
                c.kind == ComparisonKind::ConsultantVsCandidate
                    && c.metric == metric
                    && c.period == period
            })
            .unwrap()
    };
    let own = find(Metric::AcceptanceRate, month);
    assert_eq!(
        (own.a, own.b),
        (stats::Proportion::new(2, 6), stats::Proportion::new(2, 2))
    );
    assert!(own.is_thin());
    // Pooled: consultants 3 of 7, candidates 3 of 6 (October's 2 of 2 and March's 1 of 4).
    let pooled = find(Metric::AcceptanceRate, window);
    assert_eq!(
        (pooled.a, pooled.b),
        (stats::Proportion::new(3, 7), stats::Proportion::new(3, 6))
    );
    assert!(!pooled.is_thin());
    // The note rate's trials are invitations: 8 and 6 over the window, 2 of them personalised.
    let notes = find(Metric::PersonalisedRate, window);
    assert_eq!(
        (notes.a, notes.b),
        (stats::Proportion::new(0, 7), stats::Proportion::new(2, 6))
    );
}

#[test]
fn months_and_all_without_thin_rows_have_no_pooled_rows() {
    let rows = || {
        let mut rows = Vec::new();
        for day in 1..=5 {
            for level in [NoNote, Personalised] {
                rows.push(row((2026, 10, day), Consultant, level, Status::Accepted));
                rows.push(row((2026, 10, day), Candidate, level, Status::Ignored));
            }
        }
        rows
    };
    let tables = compute(&outcomes(rows()), Some(OCT), OCT, None).unwrap();
    assert_eq!(tables.comparisons.len(), 10);
    assert!(tables
        .comparisons
        .iter()
        .all(|c| c.period == ComparisonPeriod::Month(OCT)));
    // All months: never pooled, even when thin.
    let mut thin = rows();
    thin.truncate(3);
    let tables = compute(&outcomes(thin), None, OCT, None).unwrap();
    assert_eq!(tables.comparisons.len(), 10);
    assert!(tables
        .comparisons
        .iter()
        .all(|c| c.period == ComparisonPeriod::All));
}

#[test]
fn since_last_month_counts_the_month_before_for_all_senders() {
    let rows = vec![
        row((2026, 10, 1), Consultant, NoNote, Status::Accepted),
        row((2026, 10, 2), Candidate, Personalised, Status::Ignored),
        row((2026, 10, 3), Peer, Generic, Status::Accepted),
        row((2026, 9, 30), Candidate, NoNote, Status::Ignored),
        row((2026, 9, 1), Consultant, Personalised, Status::Accepted),
        // Two months back: in the trend, not in the change.
        row((2026, 8, 31), Peer, NoNote, Status::Accepted),
    ];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    let change = tables.since_last_month.unwrap();
    assert_eq!(change.previous.to_string(), "2026-09");
    assert_eq!((change.now.invites, change.before.invites), (3, 2));
    assert_eq!(change.invitations_change(), 1);
    assert_eq!(change.invitations_relative_change(), Some(0.5));
    let [note, personalised, acceptance, reply] = change.rates();
    assert_eq!(
        (note.metric, note.now, note.before),
        (
            Metric::NoteRate,
            stats::Proportion::new(2, 3),
            stats::Proportion::new(1, 2)
        )
    );
    assert_eq!(personalised.now, stats::Proportion::new(1, 3));
    assert_eq!(acceptance.now, stats::Proportion::new(2, 3));
    assert_eq!(acceptance.before, stats::Proportion::new(1, 2));
    assert_eq!(reply.before, stats::Proportion::new(0, 2));
    // The month's counts are the overall group's.
    assert_eq!(change.now, group(&tables, GroupKey::All).counts);

    // A month after an empty one (the data reach back further): no relative change to state.
    let rows = vec![
        row((2026, 8, 1), Peer, NoNote, Status::Accepted),
        row((2026, 10, 1), Peer, NoNote, Status::Accepted),
    ];
    let change = compute(&outcomes(rows), Some(OCT), OCT, None)
        .unwrap()
        .since_last_month
        .unwrap();
    assert_eq!(change.before, Counts::default());
    assert_eq!(change.invitations_relative_change(), None);
    // All months have no month before.
    let rows = vec![row((2026, 10, 1), Peer, NoNote, Status::Accepted)];
    let tables = compute(&outcomes(rows), None, OCT, None).unwrap();
    assert_eq!(tables.since_last_month, None);
}

#[test]
fn since_last_month_needs_data_that_reach_back_to_it() {
    // The data begin in October: September is not empty, it is not covered.
    let rows = vec![row((2026, 10, 5), Peer, NoNote, Status::Accepted)];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    assert!(tables.since_last_month.is_none());
    let rows = vec![
        row((2026, 8, 30), Peer, NoNote, Status::Accepted),
        row((2026, 10, 5), Peer, NoNote, Status::Accepted),
    ];
    let tables = compute(&outcomes(rows), Some(OCT), OCT, None).unwrap();
    let change = tables.since_last_month.expect("September is covered");
    assert_eq!((change.before.invites, change.now.invites), (0, 1));
}

#[test]
fn many_invitations_count_as_copies_of_a_few() {
    // The frame is read in pieces of `frame::PIECE` invitations, joined in order. Seven rows
    // repeated start each piece at another row, so each piece meets the companies in another
    // order and numbers them its own way.
    let (sep, oct) = ((2026, 9, 20), (2026, 10, 5));
    let base = || {
        vec![
            Row {
                company: "Gamma",
                ..row(oct, Consultant, Generic, Status::Accepted)
            },
            Row {
                company: "Alpha",
                replied_after: Some(5),
                courtesy: 3,
                ..row(oct, Candidate, Personalised, Status::Accepted)
            },
            row(oct, Peer, NoNote, Status::Pending),
            Row {
                company: "Beta",
                ..row(sep, Consultant, NoNote, Status::Ignored)
            },
            Row {
                company: "Alpha",
                ..row(oct, SenderCategory::Unknown, Generic, Status::Ignored)
            },
            Row {
                decided: false,
                ..row(oct, Consultant, NoNote, Status::Withdrawn)
            },
            Row {
                company: "Beta",
                ..row(oct, Candidate, NoNote, Status::Ignored)
            },
        ]
    };
    let copies = 3 * frame::PIECE / base().len() + 1;
    let one = compute(&outcomes(base()), Some(OCT), OCT, None).unwrap();
    let many = compute(
        &outcomes((0..copies).flat_map(|_| base()).collect()),
        Some(OCT),
        OCT,
        None,
    )
    .unwrap();
    let k = copies as u64;
    let times = |c: Counts| Counts {
        invites: c.invites * k,
        decided: c.decided * k,
        accepted: c.accepted * k,
        responded: c.responded * k,
        acceptance_unknown: c.acceptance_unknown * k,
        reply_unknown: c.reply_unknown * k,
        with_note: c.with_note * k,
        personalised: c.personalised * k,
    };
    let groups = |tables: &Tables| -> Vec<(GroupKey, Counts)> {
        tables.groups.iter().map(|g| (g.key, g.counts)).collect()
    };
    let expected: Vec<_> = groups(&one)
        .into_iter()
        .map(|(g, c)| (g, times(c)))
        .collect();
    assert_eq!(groups(&many), expected);
    let companies = |tables: &Tables| -> Vec<(String, SenderCategory)> {
        tables
            .companies
            .iter()
            .map(|c| (c.sender_company.clone(), c.main_category))
            .collect()
    };
    assert_eq!(companies(&many), companies(&one));
    for (a, b) in one.companies.iter().zip(&many.companies) {
        assert_eq!(b.counts, times(a.counts), "{}", a.sender_company);
    }
    assert_eq!(
        (many.young_pending, many.withdrawn),
        (one.young_pending * k, one.withdrawn * k)
    );
    assert_eq!((one.young_pending, one.withdrawn), (1, 1));
    for (a, b) in [
        (one.category_coverage, many.category_coverage),
        (one.pooled_coverage, many.pooled_coverage),
    ] {
        for (a, b) in [(a.accepted, b.accepted), (a.not_accepted, b.not_accepted)] {
            assert_eq!((b.successes, b.trials), (a.successes * k, a.trials * k));
        }
    }
    // September counts in the pooled coverage and the trend, not in the month's.
    assert_eq!(one.category_coverage.not_accepted.trials, 2);
    assert_eq!(one.pooled_coverage.not_accepted.trials, 3);
    assert!(many.since_last_month.is_some());
}
