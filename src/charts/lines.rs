//! Rates over the months of the trend, as lines with 95% whiskers: one panel per rate
//! (acceptance, reply), one line per series (consultants, candidates, all senders).
//!
//! A month with fewer than [`MIN_DECIDED`] decided invitations in a series gets a hollow dot
//! without a whisker, and the line does not run through it, so a 1-of-2 month cannot draw a
//! spike that reads as a trend. Series are nudged sideways a little so whiskers don't overlap.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::style::{
    draw_empty, draw_header, draw_whisker_in, slot_frame, DrawResult, Header, Scale, Tick, YAxis,
    TEXT,
};
use crate::metrics::stats::Proportion;
use crate::metrics::MIN_DECIDED;

/// Sideways distance between neighbouring series, in months.
const DODGE: f64 = 0.18;

/// A finished description of a two-panel line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLines {
    pub header: Header,
    /// One tick per month (its notes carry each series' n).
    pub ticks: Vec<Tick>,
    pub panels: Vec<Panel>,
    pub x_desc: String,
}

/// One rate across the months: `series[i].1[m]` is month `m` of series `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    pub y_desc: String,
    pub series: Vec<(RGBColor, Vec<Proportion>)>,
}

/// Draws the chart to fill `area`: the panels side by side under one header.
pub fn draw_rate_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &RateLines,
) -> DrawResult<(), DB> {
    let s = Scale::of(area);
    let body = draw_header(area, &chart.header)?;
    let panels = body.split_evenly((1, chart.panels.len().max(1)));
    for (panel, sub) in chart.panels.iter().zip(&panels) {
        let title_style = s
            .font(17.0, FontStyle::Bold)
            .color(&TEXT)
            .pos(Pos::new(HPos::Center, VPos::Top));
        let (w, _) = sub.dim_in_pixel();
        // Centred over the plot, which starts after the y labels on the left.
        sub.draw_text(&panel.title, &title_style, ((w as i32 + s.px(78.0)) / 2, 0))?;
        let (_, frame_area) = sub.split_vertically(s.px(16.0));
        let (plot, _) = slot_frame(
            &frame_area,
            s,
            &chart.ticks,
            &rate_axis(panel),
            &chart.x_desc,
        )?;
        let any = panel
            .series
            .iter()
            .any(|(_, months)| months.iter().any(|p| p.trials > 0));
        if !any {
            draw_empty(&plot, s, "No decided invitations")?;
            continue;
        }
        let stroke = s.upx(2.0).max(1);
        let radius = s.px(4.5);
        let offset0 = -DODGE * (panel.series.len().saturating_sub(1)) as f64 / 2.0;
        // Solid points and their lines first, whiskers over them, so no line hides a whisker.
        for (si, (colour, months)) in panel.series.iter().enumerate() {
            let dx = offset0 + DODGE * si as f64;
            let point = |m: usize, p: &Proportion| {
                p.rate()
                    .filter(|_| p.trials >= MIN_DECIDED)
                    .map(|r| (m as f64 + 0.5 + dx, r * 100.0))
            };
            // Line segments only between neighbouring months that both read as a rate.
            for (m, pair) in months.windows(2).enumerate() {
                if let (Some(a), Some(b)) = (point(m, &pair[0]), point(m + 1, &pair[1])) {
                    let line = ShapeStyle::from(colour).stroke_width(stroke + 1);
                    plot.draw(&PathElement::new(vec![a, b], line))?;
                }
            }
            for (m, p) in months.iter().enumerate() {
                let x = m as f64 + 0.5 + dx;
                match (p.rate(), p.wilson()) {
                    (Some(rate), Some((lo, hi))) if p.trials >= MIN_DECIDED => {
                        draw_whisker_in(
                            &plot,
                            *colour,
                            x,
                            DODGE * 0.25,
                            (lo * 100.0, hi * 100.0),
                            stroke,
                        )?;
                        plot.draw(&Circle::new((x, rate * 100.0), radius, colour.filled()))?;
                    }
                    (Some(rate), _) => {
                        let outline = ShapeStyle::from(colour).stroke_width(stroke);
                        plot.draw(&Circle::new((x, rate * 100.0), radius, outline))?;
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

/// 0% up to the first multiple of 10% above every interval drawn: low rates such as replies
/// get the height of the panel instead of its bottom fifth. The axis always starts at 0.
fn rate_axis(panel: &Panel) -> YAxis {
    let highest = panel
        .series
        .iter()
        .flat_map(|(_, months)| months)
        .filter(|p| p.trials >= MIN_DECIDED)
        .filter_map(|p| p.wilson().map(|(_, hi)| hi))
        .chain(
            panel
                .series
                .iter()
                .flat_map(|(_, months)| months)
                .filter_map(Proportion::rate),
        )
        .fold(0.0f64, f64::max);
    let top = ((highest * 100.0 + 2.0) / 10.0).ceil().clamp(1.0, 10.0) * 10.0;
    YAxis {
        max: top,
        labels: (top / 10.0) as usize + 1,
        ..YAxis::percent(&panel.y_desc)
    }
}
