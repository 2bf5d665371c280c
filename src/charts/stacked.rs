//! Stacked bar charts: one bar per slot, one segment per series. Used for the personalisation
//! mix (100% stacked, per category) and the monthly volume (counts, per month).
//!
//! In a 100% stack the position of each boundary between segments is a proportion (the share
//! of the bar below it), so each boundary gets its 95% Wilson whisker; a bar of fewer than
//! [`MIN_DECIDED`] invitations is drawn as outlines without whiskers. A count stack shows
//! numbers, not rates: its bars carry their total and no interval.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::style::{
    draw_empty, draw_header, draw_label_above, draw_whisker, fit_font, slot_frame, DrawResult,
    Header, Scale, Tick, YAxis, MUTED, TEXT,
};
use crate::metrics::stats::Proportion;
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
    let y = match chart.mode {
        StackMode::Share => YAxis::percent(&chart.y_desc),
        StackMode::Count => count_axis(
            chart
                .columns
                .iter()
                .map(StackedColumn::total)
                .max()
                .unwrap_or(0),
            &chart.y_desc,
        ),
    };
    let (plot, slot_px) = slot_frame(&body, s, &ticks, &y, &chart.x_desc)?;
    if chart.columns.iter().all(|c| c.total() == 0) {
        return draw_empty(&plot, s, "No invitations");
    }
    let half = (BAR_FRACTION / 2.0).min(MAX_BAR_PX * s.0 / slot_px / 2.0);
    let stroke = s.upx(2.0).max(1);
    let widest = chart
        .columns
        .iter()
        .map(StackedColumn::total)
        .max()
        .unwrap_or(0);
    let total_style = fit_font(
        area,
        &format!("n={widest}"),
        s.px(13.0),
        FontStyle::Normal,
        (slot_px * 0.96).max(1.0) as u32,
    )?;
    let (_, plot_height) = plot.dim_in_pixel();
    let px_per_unit = f64::from(plot_height) / y.max;
    let segment_style = fit_font(
        area,
        "100%",
        s.px(13.0),
        FontStyle::Normal,
        (slot_px * half * 2.0 * 0.6).max(1.0) as u32,
    )?;
    for (i, column) in chart.columns.iter().enumerate() {
        let total = column.total();
        if total == 0 {
            draw_label_above(
                &plot,
                (i as f64 + 0.5, 0.0),
                s.px(5.0),
                "n=0".into(),
                &total_style.color(&MUTED),
            )?;
            continue;
        }
        let centre = i as f64 + 0.5;
        let small = chart.mode == StackMode::Share && total < MIN_DECIDED;
        let unit = match chart.mode {
            StackMode::Share => 100.0 / total as f64,
            StackMode::Count => 1.0,
        };
        let mut below = 0u64;
        let mut boundaries = Vec::new();
        for (value, (_, colour)) in column.values.iter().zip(&chart.series) {
            if *value == 0 {
                continue;
            }
            let (y0, y1) = (below as f64 * unit, (below + value) as f64 * unit);
            let corners = [(centre - half, y0), (centre + half, y1)];
            if small {
                let outline = ShapeStyle::from(colour).stroke_width(stroke);
                plot.draw(&Rectangle::new(corners, outline))?;
            } else {
                plot.draw(&Rectangle::new(corners, colour.filled()))?;
                // A thin white seam keeps neighbouring segments apart in grey-scale prints.
                plot.draw(&PathElement::new(
                    vec![(centre - half, y1), (centre + half, y1)],
                    WHITE.stroke_width(1),
                ))?;
            }
            if chart.mode == StackMode::Share && !small && (y1 - y0) * px_per_unit >= s.0 * 20.0 {
                let share = *value as f64 / total as f64 * 100.0;
                let text_colour = if luminance(*colour) > 0.5 {
                    TEXT
                } else {
                    WHITE
                };
                let style = segment_style
                    .color(&text_colour)
                    .pos(Pos::new(HPos::Center, VPos::Center));
                plot.draw(&Text::new(
                    format!("{share:.0}%"),
                    (centre - half * 0.45, (y0 + y1) / 2.0),
                    style,
                ))?;
            }
            below += value;
            boundaries.push(below);
        }
        if chart.mode == StackMode::Share && !small {
            // The last boundary is 100% by construction: no interval to show.
            boundaries.pop();
            // Side by side across the right of the bar, bottom boundary leftmost, so intervals
            // that overlap in height stay apart.
            let n = boundaries.len().max(1) as f64;
            for (k, boundary) in boundaries.into_iter().enumerate() {
                if let Some((lo, hi)) = Proportion::new(boundary, total).wilson() {
                    draw_whisker(
                        &plot,
                        centre + half * (0.3 + 0.6 * (k as f64 + 0.5) / n),
                        half * 0.08,
                        (lo * 100.0, hi * 100.0),
                        stroke,
                    )?;
                }
            }
        }
        let top = match chart.mode {
            StackMode::Share => 100.0,
            StackMode::Count => total as f64,
        };
        let style = total_style.color(if small { &MUTED } else { &TEXT });
        draw_label_above(
            &plot,
            (centre, top),
            s.px(5.0),
            format!("n={total}"),
            &style,
        )?;
    }
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
