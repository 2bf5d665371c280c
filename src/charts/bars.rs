//! Grouped bar charts of rates: one slot per group, one bar per series, each bar a proportion
//! with its 95% Wilson whisker and its `n`. Used by the acceptance and reply charts (category ×
//! personalisation level), the courtesy chart (category × score) and the consultant-vs-candidate
//! headline (metric × side).
//!
//! A bar with fewer than [`MIN_DECIDED`] trials is drawn hollow and without a whisker, so that a
//! 1-of-1 "100%" cannot pass for a finding; a bar without data is not drawn and labelled "–".

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::style::{
    draw_empty, draw_header, draw_label_above, draw_whisker, fit_font, hollow_key, slot_frame,
    DrawResult, Header, Key, PlotArea, Scale, Tick, YAxis, MUTED, TEXT,
};
use crate::metrics::stats::Proportion;
use crate::metrics::MIN_DECIDED;

/// Share of a group's slot taken by its bars; the rest separates groups.
const GROUP_FRACTION: f64 = 0.84;
/// Share of a bar's slot that is bar; the rest separates neighbouring bars.
const BAR_FRACTION: f64 = 0.8;
/// Widest bar slot at 1200×800, in pixels: with few groups, bars stay bars, not blocks.
const MAX_SLOT_PX: f64 = 60.0;

/// A finished description of a grouped bar chart: everything but pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBars {
    pub header: Header,
    /// Name and colour of each bar within a group, in drawing order.
    pub series: Vec<(String, RGBColor)>,
    pub groups: Vec<BarGroup>,
    pub x_desc: String,
    pub y_desc: String,
    /// Draw `n=…` over each bar (off when every bar of a group shares one n, given in its tick).
    pub n_over_bars: bool,
}

/// One group's bars: `cells[i]` belongs to `series[i]`; `None` = no data for that series.
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub tick: Tick,
    pub cells: Vec<Option<Proportion>>,
}

/// The legend of a grouped bar chart: the series, the whisker and the hollow mark.
pub fn bar_legend_keys(series: &[(String, RGBColor)], trials_noun: &str) -> Vec<(Key, String)> {
    series
        .iter()
        .map(|(label, colour)| (Key::Solid(*colour), label.clone()))
        .chain([
            (Key::Whisker, "95% interval".to_string()),
            hollow_key(trials_noun),
        ])
        .collect()
}

/// Draws the chart to fill `area`.
pub fn draw_grouped_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &GroupedBars,
) -> DrawResult<(), DB> {
    let s = Scale::of(area);
    let body = draw_header(area, &chart.header)?;
    let ticks: Vec<Tick> = chart.groups.iter().map(|g| g.tick.clone()).collect();
    let (plot, group_px) = slot_frame(
        &body,
        s,
        &ticks,
        &YAxis::percent(&chart.y_desc),
        &chart.x_desc,
    )?;
    if chart.groups.is_empty() {
        return draw_empty(&plot, s, "No invitations");
    }
    let (_, plot_height) = plot.dim_in_pixel();
    let bars = chart.series.len().max(1) as f64;
    let slot = (GROUP_FRACTION / bars).min(MAX_SLOT_PX * s.0 / group_px);
    let widest_n = chart
        .groups
        .iter()
        .flat_map(|g| g.cells.iter().flatten())
        .map(|p| p.trials)
        .max()
        .unwrap_or(0);
    // Sized so the widest n fits its slot: neighbouring labels never run into each other.
    let n_style = fit_font(
        area,
        &format!("n={widest_n}"),
        s.px(13.0),
        FontStyle::Normal,
        (group_px * slot - 2.0).max(1.0) as u32,
    )?;
    let geometry = BarGeometry {
        half_width: slot * BAR_FRACTION / 2.0,
        // Two pixels in plot units: a 0% bar still shows as a stub, not as nothing.
        min_height: 2.0 * 100.0 / f64::from(plot_height.max(1)),
        stroke: s.upx(2.0).max(1),
    };
    for (gi, group) in chart.groups.iter().enumerate() {
        let left = gi as f64 + 0.5 - slot * bars / 2.0;
        for (bi, (cell, (_, colour))) in group.cells.iter().zip(&chart.series).enumerate() {
            let centre = left + slot * (bi as f64 + 0.5);
            let label_y = draw_bar(&plot, *cell, *colour, centre, &geometry)?;
            if !chart.n_over_bars {
                continue;
            }
            let label = cell.map_or_else(|| "–".to_string(), |p| format!("n={}", p.trials));
            // Bars that say little get grey labels so the eye goes to the solid bars.
            let faint = cell.is_none_or(|p| p.trials < MIN_DECIDED);
            let style = n_style.color(if faint { &MUTED } else { &TEXT });
            draw_label_above(&plot, (centre, label_y), s.px(5.0), label, &style)?;
        }
    }
    Ok(())
}

/// How bars are drawn, in plot units (x: slots, y: percent) and pixels for strokes.
struct BarGeometry {
    half_width: f64,
    min_height: f64,
    stroke: u32,
}

/// Draws one bar (and whisker) at `centre`; returns the y (percent) its label goes on.
fn draw_bar<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    cell: Option<Proportion>,
    colour: RGBColor,
    centre: f64,
    bar: &BarGeometry,
) -> DrawResult<f64, DB> {
    let Some(p) = cell else { return Ok(0.0) };
    let (Some(rate), Some((lo, hi))) = (p.rate(), p.wilson()) else {
        return Ok(0.0);
    };
    let top = (rate * 100.0).max(bar.min_height);
    let corners = [
        (centre - bar.half_width, 0.0),
        (centre + bar.half_width, top),
    ];
    if p.trials < MIN_DECIDED {
        let outline = ShapeStyle::from(&colour).stroke_width(bar.stroke);
        plot.draw(&Rectangle::new(corners, outline))?;
        return Ok(top);
    }
    plot.draw(&Rectangle::new(corners, colour.filled()))?;
    draw_whisker(
        plot,
        centre,
        bar.half_width * 0.45,
        (lo * 100.0, hi * 100.0),
        bar.stroke,
    )?;
    Ok(top.max(hi * 100.0))
}
