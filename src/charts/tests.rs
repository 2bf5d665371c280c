//! Charts are checked by their descriptions (exact data and labels), by counting series-colour
//! pixels in in-memory renders, and by PNG headers; never pixel for pixel (fonts rasterise apart).

use super::*;
use crate::metrics::{Counts, TrendRow};
use crate::model::Personalisation;

const W: u32 = 1200;
const H: u32 = 800;

fn counts(invites: u64, decided: u64, accepted: u64, responded: u64) -> Counts {
    Counts {
        invites,
        decided,
        accepted,
        responded,
        ..Counts::default()
    }
}

/// `"candidate|none"` → the cross dimension's key, as `metrics.csv` writes it.
fn cross_key(group: &str) -> GroupKey {
    let (category, level) = group.split_once('|').expect("category|level");
    let level = Personalisation::ALL
        .into_iter()
        .find(|p| p.as_str() == level)
        .expect("a level");
    GroupKey::Cross(SenderCategory::parse(category).expect("a category"), level)
}

fn cross(group: &str, decided: u64, accepted: u64, responded: u64) -> GroupMetrics {
    GroupMetrics {
        key: cross_key(group),
        counts: counts(decided + 2, decided, accepted, responded),
        mean_courtesy: None,
        median_hours_to_accept: None,
        median_hours_to_reply: None,
    }
}

fn overall(decided: u64) -> GroupMetrics {
    GroupMetrics {
        key: GroupKey::All,
        ..cross("peer|none", decided, 0, 0)
    }
}

fn tables(groups: Vec<GroupMetrics>) -> Tables {
    Tables {
        comparisons: crate::metrics::compare(&groups, crate::metrics::ComparisonPeriod::All),
        since_last_month: None,
        groups,
        trend: Vec::new(),
        companies: Vec::new(),
        courtesy: Vec::new(),
        young_pending: 0,
        withdrawn: 0,
        category_coverage: Default::default(),
        pooled_coverage: Default::default(),
    }
}

fn month(m: u32) -> YearMonth {
    YearMonth {
        year: if m > 10 { 2025 } else { 2026 },
        month: m,
    }
}

/// Twelve months to October 2026 for `all`, consultants and candidates.
fn trend() -> Vec<TrendRow> {
    let months = crate::metrics::trend_months(month(10));
    let mut rows = Vec::new();
    for (i, m) in months.into_iter().enumerate() {
        let i = i as u64;
        let consultant = counts(30 + i, 28 + i, 10, 2);
        // Candidates are thin on the ground in the first months: n < 5 there.
        let candidate = counts(i, i, i / 2, i / 3);
        let peer = counts(20, 20, 15, 5);
        let all = Counts {
            invites: consultant.invites + candidate.invites + peer.invites,
            decided: consultant.decided + candidate.decided + peer.decided,
            accepted: consultant.accepted + candidate.accepted + peer.accepted,
            responded: consultant.responded + candidate.responded + peer.responded,
            ..Counts::default()
        };
        for (category, c) in [
            (None, all),
            (Some(SenderCategory::Candidate), candidate),
            (Some(SenderCategory::Peer), peer),
            (Some(SenderCategory::RecruitmentConsultant), consultant),
        ] {
            rows.push(TrendRow {
                month: m,
                sender_category: category,
                counts: c,
            });
        }
    }
    rows
}

fn sample_month() -> Tables {
    let mut t = tables(vec![
        overall(120),
        cross("recruitment_consultant|none", 40, 30, 2),
        cross("recruitment_consultant|default", 25, 10, 1),
        cross("recruitment_consultant|generic", 30, 6, 0),
        cross("recruitment_consultant|personalised", 12, 9, 5),
        cross("in_house_recruiter|none", 8, 6, 1),
        cross("in_house_recruiter|personalised", 3, 3, 2),
        cross("candidate|generic", 15, 4, 1),
        cross("candidate|personalised", 9, 7, 4),
        cross("supplier|none", 22, 1, 0),
        cross("supplier|generic", 18, 0, 0),
        cross("peer|none", 10, 9, 3),
        cross("peer|default", 6, 5, 1),
        cross("peer|personalised", 14, 14, 9),
        cross("unknown|none", 4, 1, 0),
        cross("unknown|default", 0, 0, 0),
    ]);
    t.trend = trend();
    t.courtesy = vec![
        CourtesyCounts {
            sender_category: SenderCategory::RecruitmentConsultant,
            by_score: [10, 20, 15, 5, 2],
        },
        CourtesyCounts {
            sender_category: SenderCategory::Candidate,
            by_score: [1, 2, 8, 9, 4],
        },
    ];
    t
}

/// Draws one chart through the generic function into an RGB buffer.
fn draw_rgb(t: &Tables, kind: ChartKind) -> Result<Vec<u8>, ChartError> {
    let mut rgb = vec![0u8; (W * H * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (W, H)).into_drawing_area();
        draw(&root, kind, t, "October 2026")?;
        root.present().map_err(draw_error("test"))?;
    }
    Ok(rgb)
}

fn pixel(rgb: &[u8], x: u32, y: u32) -> [u8; 3] {
    let i = ((y * W + x) * 3) as usize;
    [rgb[i], rgb[i + 1], rgb[i + 2]]
}

fn rgb_of(RGBColor(r, g, b): RGBColor) -> [u8; 3] {
    [r, g, b]
}

/// Pixels of exactly `colour`, and those of them whose 8 neighbours share it: the inside of
/// a filled shape. A 2 px outline has no such pixels; a legend swatch has 14×14.
fn count(rgb: &[u8], colour: RGBColor) -> (usize, usize) {
    let colour = rgb_of(colour);
    let (mut all, mut solid) = (0, 0);
    for y in 0..H {
        for x in 0..W {
            if pixel(rgb, x, y) != colour {
                continue;
            }
            all += 1;
            let inner = (1..W - 1).contains(&x)
                && (1..H - 1).contains(&y)
                && (-1i32..=1).all(|dy| {
                    (-1i32..=1).all(|dx| {
                        pixel(rgb, (x as i32 + dx) as u32, (y as i32 + dy) as u32) == colour
                    })
                });
            if inner {
                solid += 1;
            }
        }
    }
    (all, solid)
}

/// Mean x of the pixels of `colour` below the header, where only data are.
fn mean_x(rgb: &[u8], colour: RGBColor) -> f64 {
    let colour = rgb_of(colour);
    let (mut sum, mut n) = (0.0, 0.0);
    for y in H / 4..H {
        for x in 0..W {
            if pixel(rgb, x, y) == colour {
                sum += f64::from(x);
                n += 1.0;
            }
        }
    }
    sum / n
}

fn ihdr_size(png: &[u8]) -> (u32, u32) {
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

fn bars(kind: ChartKind, t: &Tables) -> GroupedBars {
    match describe(kind, t, "October 2026").unwrap() {
        Description::Bars(b) => b,
        other => panic!("{kind:?}: {other:?}"),
    }
}

fn stacked(kind: ChartKind, t: &Tables) -> StackedBars {
    match describe(kind, t, "October 2026").unwrap() {
        Description::Stacked(s) => s,
        other => panic!("{kind:?}: {other:?}"),
    }
}

fn level(l: Personalisation) -> RGBColor {
    level_colour(l)
}

#[test]
fn bar_area_follows_the_rate() {
    let t = tables(vec![
        cross("candidate|none", 20, 16, 0),
        cross("candidate|generic", 20, 4, 0),
    ]);
    let rgb = draw_rgb(&t, ChartKind::AcceptanceByCategory).unwrap();
    let (_, high) = count(&rgb, level(Personalisation::None));
    let (_, low) = count(&rgb, level(Personalisation::Generic));
    // 80% against 20%: about four times the fill; legend swatches blur it a little.
    assert!(high > 3 * low, "80% bar {high} px, 20% bar {low} px");
    assert!(low > 1000, "20% bar only {low} px");
}

#[test]
fn small_groups_are_hollow_not_solid() {
    // 3 of 3 accepted is the highest rate here, yet must not show as the biggest bar.
    let t = tables(vec![
        cross("peer|none", 50, 40, 0),
        cross("peer|personalised", 3, 3, 0),
    ]);
    let rgb = draw_rgb(&t, ChartKind::AcceptanceByCategory).unwrap();
    let (_, big_solid) = count(&rgb, level(Personalisation::None));
    let (small_all, small_solid) = count(&rgb, level(Personalisation::Personalised));
    assert!(
        small_solid * 10 < big_solid,
        "n=3 cell has {small_solid} solid px against {big_solid}"
    );
    // Still marked: the outline adds far more than the legend swatch alone.
    assert!(
        small_all > small_solid + 1000,
        "n=3 cell outline missing ({small_all} px in all)"
    );
}

#[test]
fn bars_follow_level_order_within_a_category() {
    let t = tables(
        Personalisation::ALL
            .iter()
            .map(|l| cross(&format!("candidate|{}", l.as_str()), 20, 10, 0))
            .collect(),
    );
    let rgb = draw_rgb(&t, ChartKind::AcceptanceByCategory).unwrap();
    let xs: Vec<f64> = Personalisation::ALL
        .iter()
        .map(|&l| mean_x(&rgb, level(l)))
        .collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "bar centres {xs:?}");
}

#[test]
fn response_chart_uses_replies() {
    let t = tables(vec![
        cross("peer|none", 20, 20, 2),
        cross("peer|generic", 20, 2, 18),
    ]);
    let rgb = draw_rgb(&t, ChartKind::ResponseByCategory).unwrap();
    let (_, none) = count(&rgb, level(Personalisation::None));
    let (_, generic) = count(&rgb, level(Personalisation::Generic));
    assert!(
        generic > 4 * none,
        "replies: generic {generic}, none {none}"
    );
}

#[test]
fn rate_charts_hold_present_categories_in_spec_order() {
    let t = tables(vec![
        overall(9),
        cross("unknown|none", 3, 1, 0),
        cross("recruitment_consultant|personalised", 6, 2, 0),
    ]);
    let chart = bars(ChartKind::AcceptanceByCategory, &t);
    let labels: Vec<_> = chart.groups.iter().map(|g| g.tick.label.as_str()).collect();
    assert_eq!(labels, ["Recruitment consultant", "Unknown"]);
    assert_eq!(chart.groups[0].cells[0], None);
    assert_eq!(chart.groups[0].cells[3], Some(Proportion::new(2, 6)));
    assert_eq!(
        chart.header.title,
        "Acceptance rate by sender category — October 2026"
    );
    let series: Vec<_> = chart.series.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        series,
        [
            "No note",
            "LinkedIn default",
            "Generic / mass-sent",
            "Personalised"
        ]
    );
}

#[test]
fn personalisation_mix_splits_each_category_by_level() {
    let chart = stacked(ChartKind::PersonalisationMix, &sample_month());
    assert_eq!(chart.mode, StackMode::Share);
    let consultant = &chart.columns[0];
    assert_eq!(consultant.tick.label, "Recruitment consultant");
    // invites = decided + 2 in these rows.
    assert_eq!(consultant.values, [42, 27, 32, 14]);
    let labels: Vec<_> = chart
        .columns
        .iter()
        .map(|c| c.tick.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Recruitment consultant",
            "In-house recruiter",
            "Candidate",
            "Supplier",
            "Peer",
            "Unknown"
        ]
    );
    assert!(chart.header.title.ends_with("October 2026"));
}

#[test]
fn personalisation_mix_draws_shares_in_level_colours() {
    let t = tables(vec![
        cross("peer|none", 58, 0, 0),
        cross("peer|personalised", 18, 0, 0),
    ]);
    let rgb = draw_rgb(&t, ChartKind::PersonalisationMix).unwrap();
    let (_, none) = count(&rgb, level(Personalisation::None));
    let (_, personal) = count(&rgb, level(Personalisation::Personalised));
    // 60 against 20 invitations: three times the area, give or take labels and swatches.
    let ratio = none as f64 / personal as f64;
    assert!(
        (2.4..3.6).contains(&ratio),
        "none {none} px, personal {personal} px"
    );
}

#[test]
fn monthly_volume_stacks_twelve_months_by_category() {
    let chart = stacked(ChartKind::MonthlyVolume, &sample_month());
    assert_eq!(chart.mode, StackMode::Count);
    assert_eq!(chart.columns.len(), 12);
    assert_eq!(chart.columns[0].tick.label, "Nov 2025");
    assert_eq!(chart.columns[11].tick.label, "Oct 2026");
    let series: Vec<_> = chart.series.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(series, ["Recruitment consultant", "Candidate", "Peer"]);
    // Month 11 of the fixture: 41 consultants, 11 candidates, 20 peers.
    assert_eq!(chart.columns[11].values, [41, 11, 20]);
    assert_eq!(
        chart.header.title,
        "Invitations received per month — Nov 2025 – Oct 2026"
    );
}

#[test]
fn monthly_volume_bars_grow_with_the_count() {
    let mut t = tables(vec![]);
    t.trend = trend();
    let rgb = draw_rgb(&t, ChartKind::MonthlyVolume).unwrap();
    let consultant = category_colour(SenderCategory::RecruitmentConsultant);
    let candidate = category_colour(SenderCategory::Candidate);
    // Candidates grow from 0 to 11 a month: their colour sits right of the middle.
    assert!(mean_x(&rgb, candidate) > mean_x(&rgb, consultant));
    let (_, solid) = count(&rgb, consultant);
    assert!(solid > 20_000, "consultant segments {solid} px");
}

#[test]
fn monthly_rates_carry_n_and_mark_thin_months() {
    let t = sample_month();
    let Description::Lines(chart) = describe(ChartKind::MonthlyRates, &t, "October 2026").unwrap()
    else {
        panic!("not lines")
    };
    assert_eq!(chart.ticks.len(), 12);
    let labels: Vec<_> = chart.ticks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels[..4], ["Nov 2025", "Dec", "Jan 2026", "Feb"]);
    // Notes under each month: consultants, candidates, all, in the lines' colours.
    let notes: Vec<_> = chart.ticks[3]
        .notes
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(notes, ["31", "3", "54"]);
    assert_eq!(chart.panels.len(), 2);
    assert_eq!(chart.panels[0].series[0].1[11], Proportion::new(10, 39));
    assert_eq!(chart.panels[1].series[1].1[9], Proportion::new(3, 9));

    let rgb = draw_rgb(&t, ChartKind::MonthlyRates).unwrap();
    let (_, consultants) = count(&rgb, category_colour(SenderCategory::RecruitmentConsultant));
    let (_, everyone) = count(&rgb, okabe_ito::BLACK);
    assert!(consultants > 300, "consultant line {consultants} px");
    assert!(everyone > 300, "all-senders line {everyone} px");
}

#[test]
fn courtesy_shares_sum_to_each_categorys_notes() {
    let chart = bars(ChartKind::CourtesyByCategory, &sample_month());
    assert_eq!(chart.groups.len(), 2);
    assert_eq!(chart.groups[1].tick.label, "Candidate");
    assert_eq!(chart.groups[1].tick.notes[0].0, "n=24 notes");
    assert_eq!(chart.groups[1].cells[3], Some(Proportion::new(9, 24)));
    assert!(!chart.n_over_bars);
    let rgb = draw_rgb(&sample_month(), ChartKind::CourtesyByCategory).unwrap();
    let (_, one_point) = count(&rgb, okabe_ito::ORANGE);
    let (_, four_points) = count(&rgb, okabe_ito::BLUE);
    // 20/52 + 2/24 against 2/52 + 4/24 of the height.
    assert!(one_point > 2 * four_points, "{one_point} vs {four_points}");
}

#[test]
fn headline_compares_consultants_with_candidates() {
    let chart = bars(ChartKind::ConsultantVsCandidate, &tables(vec![]));
    let labels: Vec<_> = chart.groups.iter().map(|g| g.tick.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Note attached", "Personalised note", "Accepted", "Replied"]
    );
    assert_eq!(chart.groups[0].tick.notes[0].0, "too few to compare");

    let sender = |name: &str, decided: u64, accepted: u64| GroupMetrics {
        key: GroupKey::Category(SenderCategory::parse(name).unwrap()),
        counts: counts(decided, decided, accepted, 0),
        mean_courtesy: None,
        median_hours_to_accept: None,
        median_hours_to_reply: None,
    };
    // Newcombe (1998) example: 56/70 vs 48/80, CI +5.2 to +33.4 points, p = 0.008.
    let t = tables(vec![
        sender("candidate", 80, 48),
        sender("recruitment_consultant", 70, 56),
    ]);
    let chart = bars(ChartKind::ConsultantVsCandidate, &t);
    let accepted = &chart.groups[2];
    assert_eq!(
        accepted.cells,
        [Some(Proportion::new(56, 70)), Some(Proportion::new(48, 80))]
    );
    let notes: Vec<_> = accepted
        .tick
        .notes
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        notes,
        ["difference +20.0 pts", "CI +5.2 to +33.4, p = 0.008"]
    );
    let rgb = draw_rgb(&t, ChartKind::ConsultantVsCandidate).unwrap();
    let (_, consultants) = count(&rgb, category_colour(SenderCategory::RecruitmentConsultant));
    let (_, candidates) = count(&rgb, category_colour(SenderCategory::Candidate));
    assert!(
        consultants > 1000 && candidates > 1000,
        "{consultants} {candidates}"
    );
}

#[test]
fn a_thin_month_shows_the_pooled_comparison_and_says_so() {
    use crate::metrics::{compare, with_pooled, ComparisonPeriod};
    let sender = |name: &str, decided: u64, accepted: u64| GroupMetrics {
        key: GroupKey::Category(SenderCategory::parse(name).unwrap()),
        counts: counts(decided, decided, accepted, 0),
        mean_courtesy: None,
        median_hours_to_accept: None,
        median_hours_to_reply: None,
    };
    // The month: 3 candidates, too few. The 12 months: 48 of 80 against 56 of 70.
    let month = vec![
        sender("candidate", 3, 1),
        sender("recruitment_consultant", 40, 20),
    ];
    let window = vec![
        sender("candidate", 80, 48),
        sender("recruitment_consultant", 70, 56),
    ];
    let (first, last) = (month_of(2025, 11), month_of(2026, 10));
    let mut t = tables(month.clone());
    t.comparisons = with_pooled(
        compare(&month, ComparisonPeriod::Month(last)),
        compare(&window, ComparisonPeriod::Pooled { first, last }),
    );
    let Description::Bars(chart) =
        describe(ChartKind::ConsultantVsCandidate, &t, "October 2026").unwrap()
    else {
        panic!("not bars");
    };
    let accepted = &chart.groups[2];
    assert_eq!(accepted.tick.label, "Accepted (pooled)");
    assert_eq!(
        accepted.cells,
        [Some(Proportion::new(56, 70)), Some(Proportion::new(48, 80))]
    );
    let notes: Vec<_> = accepted
        .tick
        .notes
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "Nov 2025 – Oct 2026",
            "difference +20.0 pts",
            "CI +5.2 to +33.4, p = 0.008"
        ]
    );
    assert!(
        chart.header.subtitle.ends_with(
            "(pooled): October 2026 has fewer than 5 on a side, so Nov 2025 – Oct 2026 are shown \
             together"
        ),
        "{}",
        chart.header.subtitle
    );
    // A month with enough on both sides keeps its own numbers and says nothing of pooling.
    let own = tables(window);
    let Description::Bars(chart) =
        describe(ChartKind::ConsultantVsCandidate, &own, "October 2026").unwrap()
    else {
        panic!("not bars");
    };
    assert_eq!(chart.groups[2].tick.label, "Accepted");
    assert!(!chart.header.subtitle.contains("pooled"));
    // Pooled months with no candidate either add nothing: the month's own bars stay.
    let mut empty = tables(month.clone());
    empty.comparisons = with_pooled(
        compare(&month, ComparisonPeriod::Month(last)),
        compare(&month[1..], ComparisonPeriod::Pooled { first, last }),
    );
    let Description::Bars(chart) =
        describe(ChartKind::ConsultantVsCandidate, &empty, "October 2026").unwrap()
    else {
        panic!("not bars");
    };
    assert_eq!(chart.groups[2].tick.label, "Accepted");
    assert_eq!(
        chart.groups[2].cells,
        [Some(Proportion::new(20, 40)), Some(Proportion::new(1, 3))]
    );
    assert_eq!(chart.groups[2].tick.notes[0].0, "too few to compare");
}

fn month_of(year: i32, month: u32) -> YearMonth {
    YearMonth { year, month }
}

#[test]
fn render_all_gives_seven_pngs_at_the_requested_size() {
    let size = ChartSize {
        width: 900,
        height: 640,
    };
    let charts = render_all(&sample_month(), "October 2026", size).unwrap();
    let names: Vec<_> = charts.iter().map(|c| c.file_name).collect();
    assert_eq!(
        names,
        [
            "consultant_vs_candidate.png",
            "acceptance_by_category.png",
            "response_by_category.png",
            "personalisation_mix.png",
            "courtesy_by_category.png",
            "monthly_volume.png",
            "monthly_rates.png",
        ]
    );
    for chart in &charts {
        assert_eq!(chart.png[..8], PNG_SIGNATURE, "{}", chart.file_name);
        assert_eq!(&chart.png[12..16], b"IHDR");
        assert_eq!(ihdr_size(&chart.png), (900, 640), "{}", chart.file_name);
    }
    for (i, a) in charts.iter().enumerate() {
        for b in &charts[i + 1..] {
            assert_ne!(a.png, b.png, "{} = {}", a.file_name, b.file_name);
        }
    }
}

#[test]
fn rendering_is_deterministic() {
    let first = render_all(&sample_month(), "October 2026", ChartSize::default()).unwrap();
    let second = render_all(&sample_month(), "October 2026", ChartSize::default()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn empty_month_renders_a_message() {
    let t = tables(vec![overall(0)]);
    let charts = render_all(&t, "October 2026", ChartSize::default()).unwrap();
    assert_eq!(charts.len(), 7);
    assert_eq!(ihdr_size(&charts[0].png), (W, H));

    let rgb = draw_rgb(&t, ChartKind::AcceptanceByCategory).unwrap();
    // No bars: each level's colour appears in its legend swatch only.
    for l in Personalisation::ALL {
        let (all, _) = count(&rgb, level(l));
        assert!(all <= 16 * 16, "{l}: {all} px");
    }
    // The message sits in the middle of the plot: dark text pixels there.
    let dark = (H / 3..2 * H / 3)
        .flat_map(|y| (W / 4..3 * W / 4).map(move |x| (x, y)))
        .filter(|&(x, y)| pixel(&rgb, x, y).iter().all(|&c| c < 0x90))
        .count();
    assert!(dark > 200, "no message text ({dark} dark px)");
}

#[test]
fn bad_rows_are_errors_naming_the_chart() {
    let duplicate = tables(vec![
        cross("peer|none", 5, 1, 0),
        cross("peer|none", 6, 1, 0),
    ]);
    let err = draw_rgb(&duplicate, ChartKind::ResponseByCategory).unwrap_err();
    assert!(matches!(err, ChartError::DuplicateGroup { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "response_by_category.png: group \"peer|none\" appears more than once"
    );
    let err = draw_rgb(&duplicate, ChartKind::PersonalisationMix).unwrap_err();
    assert!(err.to_string().starts_with("personalisation_mix.png: "));

    let mut too_many = cross("peer|none", 5, 1, 0);
    too_many.counts.responded = 6;
    let err = draw_rgb(&tables(vec![too_many]), ChartKind::ResponseByCategory).unwrap_err();
    assert!(
        matches!(err, ChartError::InconsistentCounts { .. }),
        "{err}"
    );
}

#[test]
fn unusable_sizes_are_rejected() {
    for (width, height) in [(0, 0), (100, 800), (1200, 20_000)] {
        let err =
            render_all(&tables(vec![]), "October 2026", ChartSize { width, height }).unwrap_err();
        assert!(matches!(err, ChartError::Size { .. }), "{err}");
    }
}
