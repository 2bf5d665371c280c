//! Charts: the month's tables → PNG bytes (docs/outputs.md, Charts).
//!
//! Takes the `Tables` of one report and gives finished PNG files as bytes; the caller decides
//! where they go. Never touches the file system and never sees a sender's name or a note: the
//! font is compiled into the binary (DejaVu Sans), drawing goes to an in-memory RGB buffer and
//! PNG encoding to a `Vec<u8>`. Same tables in, byte-identical PNGs out.
//!
//! Each chart is made in two steps: `describe` turns tables into a [`Description`] (every
//! number, label and colour, checked; pure, so tests read it exactly), and a drawing function
//! of its family (`bars`, `stacked`, `lines`) puts it on any plotters backend. What charts
//! share (palette, font, header, axes, whiskers, PNG encoding) lives in `style`.
//!
//! Every rate carries its 95% Wilson interval; groups with fewer than [`MIN_DECIDED`]
//! invitations in the denominator are drawn hollow and without an interval.

mod bars;
mod lines;
mod stacked;
mod style;
#[cfg(test)]
mod tests;

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::*;

use bars::bar_legend_keys;
pub use bars::{BarGroup, GroupedBars};
pub use lines::{Panel, RateLines};
pub use stacked::{StackMode, StackedBars, StackedColumn};
use style::{
    category_colour, draw_error, ensure_fonts, hollow_key, level_colour, month_abbreviation,
    okabe_ito, render_png, short_month, signed, Header, Key,
};
pub use style::{ChartSize, Tick, MAX_SIDE, MIN_SIZE};

use crate::metrics::stats::{self, Difference, Proportion};
use crate::metrics::{
    Comparison, ComparisonKind, ComparisonPeriod, CourtesyCounts, GroupKey, GroupMetrics, Metric,
    Tables, TrendRow, MIN_DECIDED,
};
use crate::model::{Personalisation, SenderCategory, YearMonth};

/// The seven charts (docs/outputs.md), in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    ConsultantVsCandidate,
    AcceptanceByCategory,
    ResponseByCategory,
    PersonalisationMix,
    CourtesyByCategory,
    MonthlyVolume,
    MonthlyRates,
}

impl ChartKind {
    /// Headline first, then this month's detail, then the trend.
    pub const ALL: [ChartKind; 7] = [
        ChartKind::ConsultantVsCandidate,
        ChartKind::AcceptanceByCategory,
        ChartKind::ResponseByCategory,
        ChartKind::PersonalisationMix,
        ChartKind::CourtesyByCategory,
        ChartKind::MonthlyVolume,
        ChartKind::MonthlyRates,
    ];

    /// The PNG file this chart is written to (also names the chart in errors).
    pub fn file_name(self) -> &'static str {
        match self {
            ChartKind::AcceptanceByCategory => "acceptance_by_category.png",
            ChartKind::ResponseByCategory => "response_by_category.png",
            ChartKind::PersonalisationMix => "personalisation_mix.png",
            ChartKind::MonthlyVolume => "monthly_volume.png",
            ChartKind::MonthlyRates => "monthly_rates.png",
            ChartKind::CourtesyByCategory => "courtesy_by_category.png",
            ChartKind::ConsultantVsCandidate => "consultant_vs_candidate.png",
        }
    }

    /// One sentence saying what the chart shows, for the report's image captions.
    pub fn caption(self) -> &'static str {
        match self {
            ChartKind::AcceptanceByCategory => {
                "Acceptance rate by sender category and personalisation"
            }
            ChartKind::ResponseByCategory => "Reply rate by sender category and personalisation",
            ChartKind::PersonalisationMix => "Mix of personalisation levels per sender category",
            ChartKind::MonthlyVolume => "Invitations per month by sender category, 12 months",
            ChartKind::MonthlyRates => {
                "Acceptance and reply rate per month: consultants, candidates and all senders"
            }
            ChartKind::CourtesyByCategory => "Courtesy scores (0–4) of notes per sender category",
            ChartKind::ConsultantVsCandidate => {
                "Recruitment consultants vs candidates: notes, personalisation, acceptance and replies"
            }
        }
    }
}

/// One finished chart: the file name it should be saved under, its caption and its PNG bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Chart {
    pub file_name: &'static str,
    pub caption: &'static str,
    pub png: Vec<u8>,
}

impl fmt::Debug for Chart {
    // Printing kilobytes of PNG in a failed assertion helps nobody.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chart")
            .field("file_name", &self.file_name)
            .field("png", &format_args!("<{} bytes>", self.png.len()))
            .finish()
    }
}

/// Why a chart could not be made; every message starts with the chart's file name.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("{chart}: chart size {width}x{height} is outside {min_w}x{min_h} to {max}x{max} pixels", min_w = MIN_SIZE.width, min_h = MIN_SIZE.height, max = MAX_SIDE)]
    Size {
        chart: &'static str,
        width: u32,
        height: u32,
    },
    #[error("{chart}: the embedded DejaVu Sans font could not be loaded")]
    Font { chart: &'static str },
    #[error("{chart}: group \"{group}\" appears more than once")]
    DuplicateGroup {
        chart: &'static str,
        group: GroupKey,
    },
    #[error("{chart}: group \"{group}\" has {successes} successes out of {decided} decided")]
    InconsistentCounts {
        chart: &'static str,
        group: GroupKey,
        successes: u64,
        decided: u64,
    },
    #[error("{chart}: drawing failed: {message}")]
    Draw {
        chart: &'static str,
        message: String,
    },
    #[error("{chart}: PNG encoding failed: {source}")]
    Encode {
        chart: &'static str,
        #[source]
        source: image::ImageError,
    },
}

/// Renders the seven charts, in [`ChartKind::ALL`] order, at `size`.
///
/// `month_label` ("October 2026", or "all months") goes into the titles of the month's charts;
/// the trend charts name their own 12 months.
pub fn render_all(
    tables: &Tables,
    month_label: &str,
    size: ChartSize,
) -> Result<Vec<Chart>, ChartError> {
    ChartKind::ALL
        .into_iter()
        .map(|kind| {
            let png = render_png(kind.file_name(), size, |area| {
                draw(area, kind, tables, month_label)
            })?;
            Ok(Chart {
                file_name: kind.file_name(),
                caption: kind.caption(),
                png,
            })
        })
        .collect()
}

/// Draws one chart onto any plotters backend (generic so tests can draw into memory).
///
/// Fills the whole `area`. The tables are checked before anything is drawn, so bad rows leave
/// the area untouched.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    kind: ChartKind,
    tables: &Tables,
    month_label: &str,
) -> Result<(), ChartError> {
    let chart = kind.file_name();
    ensure_fonts(chart)?;
    match describe(kind, tables, month_label)? {
        Description::Bars(spec) => bars::draw_grouped_bars(area, &spec),
        Description::Stacked(spec) => stacked::draw_stacked(area, &spec),
        Description::Lines(spec) => lines::draw_rate_lines(area, &spec),
    }
    .map_err(draw_error(chart))
}

/// Everything a chart shows, before pixels: one variant per chart family.
#[derive(Debug, Clone, PartialEq)]
pub enum Description {
    Bars(GroupedBars),
    Stacked(StackedBars),
    Lines(RateLines),
}

/// Turns the tables into the description of one chart, checking what it reads.
pub fn describe(
    kind: ChartKind,
    tables: &Tables,
    month_label: &str,
) -> Result<Description, ChartError> {
    Ok(match kind {
        ChartKind::AcceptanceByCategory => Description::Bars(rate_by_category(
            &tables.groups,
            RateKind::Acceptance,
            month_label,
        )?),
        ChartKind::ResponseByCategory => Description::Bars(rate_by_category(
            &tables.groups,
            RateKind::Response,
            month_label,
        )?),
        ChartKind::PersonalisationMix => {
            Description::Stacked(personalisation_mix(&tables.groups, month_label)?)
        }
        ChartKind::MonthlyVolume => Description::Stacked(monthly_volume(&tables.trend)?),
        ChartKind::MonthlyRates => Description::Lines(monthly_rates(&tables.trend)?),
        ChartKind::CourtesyByCategory => {
            Description::Bars(courtesy_by_category(&tables.courtesy, month_label))
        }
        ChartKind::ConsultantVsCandidate => Description::Bars(consultant_vs_candidate(
            &tables.comparisons,
            month_label,
            Bias {
                month: tables.category_coverage.biased(),
                pooled: tables.pooled_coverage.biased(),
            },
        )),
    })
}

/// Which rate a category × personalisation chart shows; both are shares of decided invitations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    Acceptance,
    Response,
}

impl RateKind {
    fn chart(self) -> ChartKind {
        match self {
            RateKind::Acceptance => ChartKind::AcceptanceByCategory,
            RateKind::Response => ChartKind::ResponseByCategory,
        }
    }

    fn title(self) -> &'static str {
        match self {
            RateKind::Acceptance => "Acceptance rate",
            RateKind::Response => "Reply rate",
        }
    }

    fn axis_label(self) -> &'static str {
        match self {
            RateKind::Acceptance => "Acceptance rate (% of decided invitations)",
            RateKind::Response => "Reply rate (% of decided invitations)",
        }
    }

    fn successes(self, row: &GroupMetrics) -> u64 {
        match self {
            RateKind::Acceptance => row.counts.accepted,
            RateKind::Response => row.counts.responded,
        }
    }

    fn proportion(self, row: &GroupMetrics) -> Proportion {
        match self {
            RateKind::Acceptance => row.counts.acceptance(),
            RateKind::Response => row.counts.response(),
        }
    }
}

const LEVELS: usize = Personalisation::ALL.len();
const CATEGORIES: usize = SenderCategory::ALL.len();

/// The category × personalisation rows as a grid, `[category][level]` in declaration order.
///
/// A repeated group is an error: drawing one of the two would silently misreport the month.
fn cross_grid<'a>(
    metrics: &'a [GroupMetrics],
    chart: &'static str,
) -> Result<[[Option<&'a GroupMetrics>; LEVELS]; CATEGORIES], ChartError> {
    let mut grid = [[None; LEVELS]; CATEGORIES];
    for row in metrics {
        let GroupKey::Cross(category, level) = row.key else {
            continue;
        };
        let cell = &mut grid[category as usize][level as usize];
        if cell.is_some() {
            return Err(ChartError::DuplicateGroup {
                chart,
                group: row.key,
            });
        }
        *cell = Some(row);
    }
    Ok(grid)
}

fn level_series() -> Vec<(String, RGBColor)> {
    Personalisation::ALL
        .into_iter()
        .map(|level| (level.label().to_string(), level_colour(level)))
        .collect()
}

/// Charts 1 and 2: one rate per category, one bar per personalisation level. Categories come
/// in category order and only when they have at least one row.
fn rate_by_category(
    metrics: &[GroupMetrics],
    kind: RateKind,
    month_label: &str,
) -> Result<GroupedBars, ChartError> {
    let chart = kind.chart().file_name();
    let grid = cross_grid(metrics, chart)?;
    let mut groups = Vec::new();
    for (category, row) in SenderCategory::ALL.into_iter().zip(grid) {
        if row.iter().all(Option::is_none) {
            continue;
        }
        let mut cells = Vec::with_capacity(LEVELS);
        for cell in row {
            if let Some(m) = cell {
                let successes = kind.successes(m);
                if successes > m.counts.decided {
                    return Err(ChartError::InconsistentCounts {
                        chart,
                        group: m.key,
                        successes,
                        decided: m.counts.decided,
                    });
                }
            }
            cells.push(cell.map(|m| kind.proportion(m)));
        }
        groups.push(BarGroup {
            tick: Tick::new(category.label()),
            cells,
        });
    }
    let series = level_series();
    Ok(GroupedBars {
        header: Header {
            title: format!("{} by sender category — {month_label}", kind.title()),
            subtitle: "Bars: share of decided invitations · whiskers: 95% Wilson interval · \
                       n: decided invitations"
                .to_string(),
            legend: bar_legend_keys(&series, "decided"),
        },
        series,
        groups,
        x_desc: "Sender category".to_string(),
        y_desc: kind.axis_label().to_string(),
        n_over_bars: true,
    })
}

/// Chart 3: each category's invitations split by personalisation level, as 100% stacks.
fn personalisation_mix(
    metrics: &[GroupMetrics],
    month_label: &str,
) -> Result<StackedBars, ChartError> {
    let grid = cross_grid(metrics, ChartKind::PersonalisationMix.file_name())?;
    let columns = SenderCategory::ALL
        .into_iter()
        .zip(grid)
        .map(|(category, row)| {
            let values = row.map(|cell| cell.map_or(0, |m| m.counts.invites));
            StackedColumn {
                tick: Tick::new(category.label()),
                whiskers: boundary_whiskers(&values),
                values: values.to_vec(),
            }
        })
        .filter(|column| column.total() > 0)
        .collect();
    let series = level_series();
    let legend = series
        .iter()
        .map(|(label, colour)| (Key::Solid(*colour), label.clone()))
        .chain([
            (Key::Whisker, "95% interval of each boundary".to_string()),
            hollow_key("invitations"),
        ])
        .collect();
    Ok(StackedBars {
        header: Header {
            title: format!("How personal are the invitations? — {month_label}"),
            subtitle: "Each bar: one sender category's invitations by personalisation level · \
                       whiskers: 95% Wilson interval of the share below each boundary · n: invitations"
                .to_string(),
            legend,
        },
        series,
        columns,
        mode: StackMode::Share,
        x_desc: "Sender category".to_string(),
        y_desc: "Share of the category's invitations (%)".to_string(),
    })
}

/// Whiskers of a 100% stack's inner boundaries, in percent; none for a bar of fewer than
/// `MIN_DECIDED` invitations, which is drawn as outlines.
fn boundary_whiskers(segments: &[u64]) -> Vec<(f64, f64)> {
    if segments.iter().sum::<u64>() < MIN_DECIDED {
        return Vec::new();
    }
    stats::shares_below(segments)
        .iter()
        .filter_map(Proportion::wilson)
        .map(|(lo, hi)| (lo * 100.0, hi * 100.0))
        .collect()
}

/// The trend's months in order, and the span they cover for titles ("Nov 2025 – Oct 2026").
fn trend_months(trend: &[TrendRow]) -> (Vec<YearMonth>, String) {
    let mut months: Vec<YearMonth> = trend.iter().map(|t| t.month).collect();
    months.sort();
    months.dedup();
    let span = match (months.first(), months.last()) {
        (Some(first), Some(last)) if first != last => {
            format!("{} – {}", short_month(*first), short_month(*last))
        }
        (Some(only), _) => short_month(*only),
        _ => "no months".to_string(),
    };
    (months, span)
}

/// The counts of one trend series (`None`: all senders) for each month.
fn trend_series(
    trend: &[TrendRow],
    months: &[YearMonth],
    category: Option<SenderCategory>,
) -> Vec<crate::metrics::Counts> {
    months
        .iter()
        .map(|m| {
            trend
                .iter()
                .find(|t| t.month == *m && t.sender_category == category)
                .map(|t| t.counts)
                .unwrap_or_default()
        })
        .collect()
}

/// Chart 4: invitations per month, stacked by category (categories seen in the 12 months).
fn monthly_volume(trend: &[TrendRow]) -> Result<StackedBars, ChartError> {
    let (months, span) = trend_months(trend);
    let categories: Vec<SenderCategory> = SenderCategory::ALL
        .into_iter()
        .filter(|c| {
            trend
                .iter()
                .any(|t| t.sender_category == Some(*c) && t.counts.invites > 0)
        })
        .collect();
    let per_category: Vec<Vec<u64>> = categories
        .iter()
        .map(|c| {
            trend_series(trend, &months, Some(*c))
                .iter()
                .map(|counts| counts.invites)
                .collect()
        })
        .collect();
    let columns = months
        .iter()
        .enumerate()
        .map(|(mi, month)| StackedColumn {
            tick: Tick::new(short_month(*month)),
            values: per_category.iter().map(|values| values[mi]).collect(),
            whiskers: Vec::new(),
        })
        .collect();
    let series: Vec<(String, RGBColor)> = categories
        .iter()
        .map(|c| (c.label().to_string(), category_colour(*c)))
        .collect();
    Ok(StackedBars {
        header: Header {
            title: format!("Invitations received per month — {span}"),
            subtitle: "Each bar: the invitations received in one calendar month (UTC), stacked by \
                       sender category · n: invitations"
                .to_string(),
            legend: series
                .iter()
                .map(|(label, colour)| (Key::Solid(*colour), label.clone()))
                .collect(),
        },
        series,
        columns,
        mode: StackMode::Count,
        x_desc: "Month received (UTC)".to_string(),
        y_desc: "Invitations (count)".to_string(),
    })
}

/// Chart 5: acceptance and reply rate per month for consultants, candidates and all senders.
fn monthly_rates(trend: &[TrendRow]) -> Result<RateLines, ChartError> {
    let (months, span) = trend_months(trend);
    let lines = [
        (
            Some(SenderCategory::RecruitmentConsultant),
            "Recruitment consultants",
            category_colour(SenderCategory::RecruitmentConsultant),
        ),
        (
            Some(SenderCategory::Candidate),
            "Candidates",
            category_colour(SenderCategory::Candidate),
        ),
        (None, "All senders", okabe_ito::BLACK),
    ];
    let counts: Vec<Vec<crate::metrics::Counts>> = lines
        .iter()
        .map(|&(category, _, _)| trend_series(trend, &months, category))
        .collect();
    let ticks = months
        .iter()
        .enumerate()
        .map(|(mi, month)| {
            // The year only where it changes, so twelve narrow slots stay readable.
            let label = if mi == 0 || month.month == 1 {
                short_month(*month)
            } else {
                month_abbreviation(*month).to_string()
            };
            lines
                .iter()
                .zip(&counts)
                .fold(Tick::new(label), |tick, ((_, _, colour), c)| {
                    tick.note(c[mi].decided.to_string(), *colour)
                })
        })
        .collect();
    let panel =
        |title: &str, y_desc: &str, rate: fn(&crate::metrics::Counts) -> Proportion| Panel {
            title: title.to_string(),
            y_desc: y_desc.to_string(),
            series: lines
                .iter()
                .zip(&counts)
                .map(|((_, _, colour), c)| (*colour, c.iter().map(rate).collect()))
                .collect(),
        };
    let mut legend: Vec<(Key, String)> = lines
        .iter()
        .map(|(_, label, colour)| (Key::Line(*colour), label.to_string()))
        .collect();
    legend.push((Key::Whisker, "95% interval".to_string()));
    legend.push(hollow_key("decided"));
    Ok(RateLines {
        header: Header {
            title: format!("Acceptance and reply rate per month — {span}"),
            subtitle: "Dots: share of the month's decided invitations · whiskers: 95% Wilson \
                       interval · numbers under each month: decided invitations per line"
                .to_string(),
            legend,
        },
        ticks,
        panels: vec![
            panel(
                "Acceptance rate",
                "Acceptance rate (% of decided)",
                crate::metrics::Counts::acceptance,
            ),
            panel(
                "Reply rate",
                "Reply rate (% of decided)",
                crate::metrics::Counts::response,
            ),
        ],
        x_desc: "Month received (UTC)".to_string(),
    })
}

/// Chart 6: for each category that sent notes, the share of its notes at each courtesy score.
fn courtesy_by_category(courtesy: &[CourtesyCounts], month_label: &str) -> GroupedBars {
    let mut rows: Vec<&CourtesyCounts> = courtesy
        .iter()
        .filter(|c| c.by_score.iter().sum::<u64>() > 0)
        .collect();
    rows.sort_by_key(|c| c.sender_category);
    let groups = rows
        .iter()
        .map(|c| {
            let notes: u64 = c.by_score.iter().sum();
            BarGroup {
                tick: Tick::new(c.sender_category.label())
                    .note(format!("n={notes} notes"), style::MUTED),
                cells: c
                    .by_score
                    .iter()
                    .map(|&k| Some(Proportion::new(k, notes)))
                    .collect(),
            }
        })
        .collect();
    // From "nothing of the four" (warm) to "all four" (cool), all Okabe–Ito.
    let colours = [
        okabe_ito::VERMILLION,
        okabe_ito::ORANGE,
        okabe_ito::YELLOW,
        okabe_ito::SKY_BLUE,
        okabe_ito::BLUE,
    ];
    let series: Vec<(String, RGBColor)> = colours
        .into_iter()
        .enumerate()
        .map(|(score, colour)| {
            let unit = if score == 1 { "point" } else { "points" };
            (format!("{score} {unit}"), colour)
        })
        .collect();
    GroupedBars {
        header: Header {
            title: format!("Courtesy of notes by sender category — {month_label}"),
            subtitle: "One point each for introducing oneself, a reason, an offer of value, a \
                       sign-off · bars: share of the category's notes · whiskers: 95% Wilson interval"
                .to_string(),
            legend: bar_legend_keys(&series, "notes"),
        },
        series,
        groups,
        x_desc: "Sender category (n: notes)".to_string(),
        y_desc: "Share of the category's notes (%)".to_string(),
        n_over_bars: false,
    }
}

/// Whether category coverage is biased in the report month and over the trend's 12 months.
#[derive(Debug, Clone, Copy, Default)]
struct Bias {
    month: bool,
    pooled: bool,
}

/// Chart 7, the headline: consultants against candidates on the four rates of docs/metrics.md, with
/// the difference and its Newcombe interval under each pair.
///
/// With biased coverage (categories known far more often for accepted invitations) over the
/// months a pair covers, the acceptance and reply pairs say in words that they are not
/// interpretable.
fn consultant_vs_candidate(
    comparisons: &[Comparison],
    month_label: &str,
    bias: Bias,
) -> GroupedBars {
    let metrics = [
        (Metric::NoteRate, "Note attached"),
        (Metric::PersonalisedRate, "Personalised note"),
        (Metric::AcceptanceRate, "Accepted"),
        (Metric::ResponseRate, "Replied"),
    ];
    let find = |metric: Metric, pooled: bool| {
        comparisons.iter().find(|c| {
            c.kind == ComparisonKind::ConsultantVsCandidate
                && c.metric == metric
                && c.period.is_pooled() == pooled
        })
    };
    let mut pooled_span = None;
    let mut any_biased = false;
    let groups = metrics
        .iter()
        .map(|&(metric, label)| {
            let own = find(metric, false);
            // A month too thin to compare shows the 12 months pooled instead, and says so,
            // unless a side is empty over those months too.
            let pooled = own
                .is_none_or(Comparison::is_thin)
                .then(|| find(metric, true))
                .flatten()
                .filter(|c| c.has_both_sides());
            let found = pooled.or(own);
            let (a, b) = found.map_or((Proportion::default(), Proportion::default()), |c| {
                (c.a, c.b)
            });
            let tick = match pooled.map(|c| c.period) {
                Some(ComparisonPeriod::Pooled { first, last }) => {
                    pooled_span = Some((first, last));
                    Tick::new(format!("{label} (pooled)"))
                        .note(YearMonth::span_name(first, last), style::TEXT)
                }
                _ => Tick::new(label),
            };
            let outcome = matches!(metric, Metric::AcceptanceRate | Metric::ResponseRate);
            let biased = if pooled.is_some() {
                bias.pooled
            } else {
                bias.month
            };
            any_biased |= biased && outcome;
            let tick = match found.and_then(Comparison::difference) {
                _ if biased && outcome => tick
                    .note("BIASED: not interpretable", style::TEXT)
                    .note("categories known mostly when accepted", style::MUTED),
                Some(Difference {
                    diff,
                    ci: Some((low, high)),
                    p_value,
                }) if a.trials >= MIN_DECIDED && b.trials >= MIN_DECIDED => tick
                    .note(
                        format!("difference {} pts", signed(diff * 100.0, 1)),
                        style::TEXT,
                    )
                    .note(
                        format!(
                            "CI {} to {}, {}",
                            signed(low * 100.0, 1),
                            signed(high * 100.0, 1),
                            p_value.map_or("p –".to_string(), p_text)
                        ),
                        style::MUTED,
                    ),
                _ => tick.note("too few to compare", style::MUTED),
            };
            BarGroup {
                tick,
                cells: vec![Some(a), Some(b)],
            }
        })
        .collect();
    let series = vec![
        (
            "Recruitment consultants".to_string(),
            category_colour(SenderCategory::RecruitmentConsultant),
        ),
        (
            "Candidates".to_string(),
            category_colour(SenderCategory::Candidate),
        ),
    ];
    let mut subtitle = if any_biased {
        "Category coverage is biased: accepted and replied rates by category are not \
         interpretable · note rates: share of invitations · whiskers: 95% Wilson interval"
            .to_string()
    } else {
        "Note rates: share of invitations · accepted, replied: share of decided \
         invitations · whiskers: 95% Wilson interval · differences: Newcombe interval"
            .to_string()
    };
    if let Some((first, last)) = pooled_span {
        subtitle.push_str(&format!(
            " · (pooled): {month_label} has fewer than {MIN_DECIDED} on a side, so {} are shown together",
            YearMonth::span_name(first, last)
        ));
    }
    GroupedBars {
        header: Header {
            title: format!("Recruitment consultants vs candidates — {month_label}"),
            subtitle,
            legend: bar_legend_keys(&series, "invitations"),
        },
        series,
        groups,
        x_desc: "Measure (consultants minus candidates below)".to_string(),
        y_desc: "Share (% of invitations or decided)".to_string(),
        n_over_bars: true,
    }
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {p:.3}")
    }
}
