//! Stacked bar charts: one bar per slot, one segment per series. Used for the personalisation
//! mix (100% stacked, per category) and the monthly volume (counts, per month).
//!
//! In a 100% stack the position of each boundary between segments is a proportion (the share
//! of the bar below it), so each boundary gets the 95% Wilson whisker its column carries; a bar
//! of fewer than [`MIN_DECIDED`] invitations is drawn as outlines without whiskers. A count
//! stack shows numbers, not rates: its bars carry their total and no interval.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::style::{
    draw_empty, draw_header, draw_label_above, draw_whisker, fit_font, slot_frame, DrawResult,
    Header, PlotArea, Scale, Tick, YAxis, MUTED, TEXT,
};
use crate::metrics::MIN_DECIDED;

/// Share of a slot that is bar.
const BAR_FRACTION: f64 = 0.62;
/// Widest bar at 1200×800, in pixels.
const MAX_BAR_PX: f64 = 110.0;

/// Whether bars are normalised to 100% or show counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StackMode {
    Share,
    Count,
}

/// A finished description of a stacked bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    pub header: Header,
    /// Name and colour of each segment, bottom first.
    pub series: Vec<(String, RGBColor)>,
    pub columns: Vec<StackedColumn>,
    pub mode: StackMode,
    pub x_desc: String,
    pub y_desc: String,
}

/// One bar: `values[i]` is the count of `series[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedColumn {
    pub tick: Tick,
    pub values: Vec<u64>,
    /// 95% intervals, in percent, of the share below each inner boundary between non-empty
    /// segments, bottom first (`metrics::stats::shares_below`); empty for a count stack and for
    /// a bar too small to read as shares.
    pub whiskers: Vec<(f64, f64)>,
}

impl StackedColumn {
    pub fn total(&self) -> u64 {
        self.values.iter().sum()
    }
}

/// Draws the chart to fill `area`.
pub fn draw_stacked<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &StackedBars,
) -> DrawResult<(), DB> {
    let s = Scale::of(area);
    let body = draw_header(area, &chart.header)?;
    let ticks: Vec<Tick> = chart.columns.iter().map(|c| c.tick.clone()).collect();
    let widest = chart
        .columns
        .iter()
        .map(StackedColumn::total)
        .max()
        .unwrap_or(0);
    let y = match chart.mode {
        StackMode::Share => YAxis::percent(&chart.y_desc),
        StackMode::Count => count_axis(widest, &chart.y_desc),
    };
    let (plot, slot_px) = slot_frame(&body, s, &ticks, &y, &chart.x_desc)?;
    if widest == 0 {
        return draw_empty(&plot, s, "No invitations");
    }
    let half = (BAR_FRACTION / 2.0).min(MAX_BAR_PX * s.0 / slot_px / 2.0);
    let (_, plot_height) = plot.dim_in_pixel();
    let bar = Bar {
        half,
        stroke: s.upx(2.0).max(1),
        px_per_unit: f64::from(plot_height) / y.max,
        total_style: fit_font(
            area,
            &format!("n={widest}"),
            s.px(13.0),
            FontStyle::Normal,
            (slot_px * 0.96).max(1.0) as u32,
        )?,
        segment_style: fit_font(
            area,
            "100%",
            s.px(13.0),
            FontStyle::Normal,
            (slot_px * half * 2.0 * 0.6).max(1.0) as u32,
        )?,
    };
    for (i, column) in chart.columns.iter().enumerate() {
        draw_column(&plot, s, chart, &bar, i as f64 + 0.5, column)?;
    }
    Ok(())
}

/// What every bar of one chart shares: its half width (in slots), line width, scale and fonts.
struct Bar {
    half: f64,
    stroke: u32,
    px_per_unit: f64,
    total_style: TextStyle<'static>,
    segment_style: TextStyle<'static>,
}

/// One bar centred at `centre`: its segments, their whiskers and its total above.
fn draw_column<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    s: Scale,
    chart: &StackedBars,
    bar: &Bar,
    centre: f64,
    column: &StackedColumn,
) -> DrawResult<(), DB> {
    let total = column.total();
    if total == 0 {
        return draw_label_above(
            plot,
            (centre, 0.0),
            s.px(5.0),
            "n=0".into(),
            &bar.total_style.color(&MUTED),
        );
    }
    let small = chart.mode == StackMode::Share && total < MIN_DECIDED;
    let unit = match chart.mode {
        StackMode::Share => 100.0 / total as f64,
        StackMode::Count => 1.0,
    };
    let mut below = 0u64;
    for (&value, (_, colour)) in column.values.iter().zip(&chart.series) {
        if value == 0 {
            continue;
        }
        let span = (below as f64 * unit, (below + value) as f64 * unit);
        draw_segment(plot, bar, centre, span, *colour, small)?;
        if chart.mode == StackMode::Share
            && !small
            && (span.1 - span.0) * bar.px_per_unit >= s.0 * 20.0
        {
            let share = value as f64 / total as f64 * 100.0;
            let text_colour = if luminance(*colour) > 0.5 {
                TEXT
            } else {
                WHITE
            };
            let style = bar
                .segment_style
                .color(&text_colour)
                .pos(Pos::new(HPos::Center, VPos::Center));
            plot.draw(&Text::new(
                format!("{share:.0}%"),
                (centre - bar.half * 0.45, (span.0 + span.1) / 2.0),
                style,
            ))?;
        }
        below += value;
    }
    // Side by side across the right of the bar, bottom boundary leftmost, so intervals that
    // overlap in height stay apart.
    let n = column.whiskers.len().max(1) as f64;
    for (k, &interval) in column.whiskers.iter().enumerate() {
        draw_whisker(
            plot,
            centre + bar.half * (0.3 + 0.6 * (k as f64 + 0.5) / n),
            bar.half * 0.08,
            interval,
            bar.stroke,
        )?;
    }
    let top = match chart.mode {
        StackMode::Share => 100.0,
        StackMode::Count => total as f64,
    };
    let style = bar.total_style.color(if small { &MUTED } else { &TEXT });
    draw_label_above(plot, (centre, top), s.px(5.0), format!("n={total}"), &style)
}

/// One segment from `span.0` to `span.1`: filled, or outlined when the bar is too small to read.
fn draw_segment<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    bar: &Bar,
    centre: f64,
    (y0, y1): (f64, f64),
    colour: RGBColor,
    small: bool,
) -> DrawResult<(), DB> {
    let corners = [(centre - bar.half, y0), (centre + bar.half, y1)];
    if small {
        let outline = ShapeStyle::from(colour).stroke_width(bar.stroke);
        return plot.draw(&Rectangle::new(corners, outline));
    }
    plot.draw(&Rectangle::new(corners, colour.filled()))?;
    // A thin white seam keeps neighbouring segments apart in grey-scale prints.
    plot.draw(&PathElement::new(
        vec![(centre - bar.half, y1), (centre + bar.half, y1)],
        WHITE.stroke_width(1),
    ))?;
    Ok(())
}

/// A count axis ending at a round number a little above `max`, so the totals over the
/// tallest bar stay inside the plot.
fn count_axis(max: u64, desc: &str) -> YAxis {
    let target = (max as f64 * 1.08).max(1.0);
    let raw_step = target / 8.0;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw_step)
        .unwrap_or(10.0 * magnitude)
        .max(1.0);
    let top = (target / step).ceil() * step;
    YAxis {
        max: top,
        labels: (top / step) as usize + 1,
        format: |v| format!("{v:.0}"),
        desc: desc.to_string(),
    }
}

/// Relative luminance (ITU-R BT.709 weights on sRGB values): chooses dark or white text.
fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    (0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_axes_end_on_round_numbers_above_the_data() {
        let axis = count_axis(283, "x");
        assert_eq!(axis.max, 350.0);
        assert_eq!(axis.labels, 8);
        let axis = count_axis(0, "x");
        assert!(axis.max >= 1.0);
        let axis = count_axis(7, "x");
        assert!(axis.max >= 7.0 && axis.max <= 10.0, "{}", axis.max);
    }
}
