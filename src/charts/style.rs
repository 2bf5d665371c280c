//! What every chart shares: size, palette, the embedded font, the header (title, subtitle,
//! legend), the category x axis, whiskers, and PNG encoding. Chart families only decide what
//! to draw where.

use std::sync::OnceLock;

use image::codecs::png::PngEncoder;
use image::{ColorType, ImageEncoder};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use super::ChartError;
use crate::metrics::MIN_DECIDED;
use crate::model::{Personalisation, SenderCategory};

/// The one font family every text element uses; the embedded fonts are registered under it.
const FAMILY: &str = "sans-serif";

/// Largest accepted side, in pixels: keeps the RGB buffer to a sane size (≈ 200 MB at most).
pub const MAX_SIDE: u32 = 8192;
/// Smallest accepted size: below this the fixed margins leave no room for a plot.
pub const MIN_SIZE: ChartSize = ChartSize {
    width: 600,
    height: 400,
};

pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x5F, 0x5F, 0x5F);
pub const AXIS: RGBColor = RGBColor(0x9A, 0x9A, 0x9A);
pub const GRID: RGBColor = RGBColor(0xE6, 0xE6, 0xE6);
pub const WHISKER: RGBColor = RGBColor(0x33, 0x33, 0x33);

/// The Okabe & Ito (2008) colour-blind-safe palette, with the grey R's `palette.colors()` adds.
pub mod okabe_ito {
    use plotters::style::RGBColor;
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
}

/// One hue per personalisation level, ordered from no note to a personal one.
pub fn level_colour(level: Personalisation) -> RGBColor {
    match level {
        Personalisation::None => okabe_ito::ORANGE,
        Personalisation::Default => okabe_ito::SKY_BLUE,
        Personalisation::Generic => okabe_ito::BLUISH_GREEN,
        Personalisation::Personalised => okabe_ito::REDDISH_PURPLE,
    }
}

/// One hue per sender category; consultants and candidates, the headline pair, get the two
/// strongest contrasting hues in every chart.
pub fn category_colour(category: SenderCategory) -> RGBColor {
    match category {
        SenderCategory::RecruitmentConsultant => okabe_ito::VERMILLION,
        SenderCategory::InHouseRecruiter => okabe_ito::ORANGE,
        SenderCategory::Candidate => okabe_ito::BLUE,
        SenderCategory::Supplier => okabe_ito::YELLOW,
        SenderCategory::Peer => okabe_ito::BLUISH_GREEN,
        SenderCategory::Unknown => okabe_ito::GREY,
    }
}

/// Pixel size of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

impl Default for ChartSize {
    /// 1200×800: the size the layout was tuned for; others scale from it.
    fn default() -> ChartSize {
        ChartSize {
            width: 1200,
            height: 800,
        }
    }
}

impl ChartSize {
    /// Whether charts can be drawn at this size.
    pub fn is_usable(self) -> bool {
        (MIN_SIZE.width..=MAX_SIDE).contains(&self.width)
            && (MIN_SIZE.height..=MAX_SIDE).contains(&self.height)
    }
}

/// The plot of a chart: x in slots (one unit per category or month), y in plot units.
pub type PlotArea<DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

pub type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Turns a plotters error into the chart's error.
pub fn draw_error<E: std::fmt::Display>(chart: &'static str) -> impl FnOnce(E) -> ChartError {
    move |e| ChartError::Draw {
        chart,
        message: e.to_string(),
    }
}

/// Draws into an RGB buffer of `size` and encodes it as PNG.
pub fn render_png(
    chart: &'static str,
    size: ChartSize,
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    let ChartSize { width, height } = size;
    if !size.is_usable() {
        return Err(ChartError::Size {
            chart,
            width,
            height,
        });
    }
    // Both sides are at most MAX_SIDE, so this cannot overflow usize on 64-bit or 32-bit.
    let mut rgb = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        draw(&root)?;
        // present() flushes the backend into `rgb`; the scope then releases the borrow.
        root.present().map_err(draw_error(chart))?;
    }
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&rgb, width, height, ColorType::Rgb8)
        .map_err(|source| ChartError::Encode { chart, source })?;
    Ok(png)
}

/// Registers the embedded fonts with plotters, once per process.
///
/// plotters' `ab_glyph` backend only knows fonts registered by name; without this every text
/// element fails. Registering again would be harmless but wasteful, hence the `OnceLock`.
pub fn ensure_fonts(chart: &'static str) -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font { chart })
    }
}

/// Converts lengths tuned at 1200×800 to the actual size, so other sizes keep the proportions.
#[derive(Clone, Copy)]
pub struct Scale(pub f64);

impl Scale {
    pub fn of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Scale {
        let (width, height) = area.dim_in_pixel();
        let s = (f64::from(width) / 1200.0).min(f64::from(height) / 800.0);
        // Never below 0.75: smaller text stops being readable; the layout wraps and shrinks
        // long lines to fit instead.
        Scale(s.clamp(0.75, 4.0))
    }

    pub fn px(self, base: f64) -> i32 {
        (base * self.0).round() as i32
    }

    pub fn upx(self, base: f64) -> u32 {
        (base * self.0).round().max(0.0) as u32
    }

    pub fn font(self, base: f64, style: FontStyle) -> TextStyle<'static> {
        font(self.px(base), style)
    }
}

fn font(size: i32, style: FontStyle) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size, style).into_font())
}

/// The font of `size` pixels, made smaller (down to 8 px) until `text` fits in `max_width`.
pub fn fit_font<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: i32,
    style: FontStyle,
    max_width: u32,
) -> DrawResult<TextStyle<'static>, DB> {
    let mut size = size.max(8);
    loop {
        let candidate = font(size, style);
        let (w, _) = area.estimate_text_size(text, &candidate)?;
        if w <= max_width || size <= 8 {
            return Ok(candidate);
        }
        size -= 1;
    }
}

/// Greedy word wrap to `max_width` pixels; a single word wider than that keeps its own line.
pub fn wrap_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max_width: u32,
) -> DrawResult<Vec<String>, DB> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if let Some(last) = lines.last_mut() {
            let candidate = format!("{last} {word}");
            if area.estimate_text_size(&candidate, style)?.0 <= max_width {
                *last = candidate;
                continue;
            }
        }
        lines.push(word.to_string());
    }
    Ok(lines)
}

/// A legend entry's symbol.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Key {
    /// A filled swatch: a series drawn as bars or areas.
    Solid(RGBColor),
    /// A line with a dot: a series drawn as a line.
    Line(RGBColor),
    /// An outline: groups too small to read as a rate.
    Hollow,
    /// An I-beam: the 95% interval.
    Whisker,
}

/// The legend entry every rate chart ends with: how small groups are marked.
pub fn hollow_key(what: &str) -> (Key, String) {
    (
        Key::Hollow,
        format!("Hollow: fewer than {MIN_DECIDED} {what}, no interval"),
    )
}

/// Title, one line on how to read the chart, and the legend: drawn above the plot so the
/// legend can never cover data, whatever the values.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub title: String,
    pub subtitle: String,
    pub legend: Vec<(Key, String)>,
}

/// Fills `area` white, draws the header and returns the area left for the plot.
pub fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    header: &Header,
) -> DrawResult<DrawingArea<DB, Shift>, DB> {
    let (width, _) = area.dim_in_pixel();
    let s = Scale::of(area);
    let pad = s.px(28.0);
    area.fill(&WHITE)?;
    let text_width = (width as i32 - 2 * pad).max(1) as u32;
    let title_style = fit_font(area, &header.title, s.px(26.0), FontStyle::Bold, text_width)?;
    area.draw_text(&header.title, &title_style.color(&TEXT), (pad, pad))?;
    let subtitle_style = fit_font(
        area,
        &header.subtitle,
        s.px(15.0),
        FontStyle::Normal,
        text_width,
    )?;
    area.draw_text(
        &header.subtitle,
        &subtitle_style.color(&MUTED),
        (pad, pad + s.px(40.0)),
    )?;
    let legend_top = pad + s.px(78.0);
    let legend_bottom = draw_legend(area, s, &header.legend, pad, legend_top, width as i32 - pad)?;
    let header_height = (legend_bottom + s.px(8.0)).max(0) as u32;
    Ok(area.split_vertically(header_height).1)
}

/// Draws the legend as a flowing row from (`left`, `top`), wrapping before `right`; returns the
/// y just below it.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Scale,
    items: &[(Key, String)],
    left: i32,
    top: i32,
    right: i32,
) -> DrawResult<i32, DB> {
    let style = s.font(15.0, FontStyle::Normal).color(&TEXT);
    let swatch = s.px(16.0);
    let row_height = s.px(26.0);
    let text_gap = s.px(7.0);
    let item_gap = s.px(26.0);
    let stroke = s.upx(2.0).max(1);
    let (mut x, mut y) = (left, top);
    for (key, label) in items {
        let (text_w, _) = area.estimate_text_size(label, &style)?;
        let key_w = match key {
            Key::Line(_) => swatch * 2,
            _ => swatch,
        };
        let item_w = key_w + text_gap + text_w as i32;
        if x > left && x + item_w > right {
            x = left;
            y += row_height;
        }
        let (x0, y0, x1, y1) = (x, y, x + key_w, y + swatch);
        let mid_y = (y0 + y1) / 2;
        match *key {
            Key::Solid(colour) => {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))?;
            }
            Key::Line(colour) => {
                let line = ShapeStyle::from(&colour).stroke_width(stroke + 1);
                area.draw(&PathElement::new(vec![(x0, mid_y), (x1, mid_y)], line))?;
                area.draw(&Circle::new(
                    ((x0 + x1) / 2, mid_y),
                    s.px(5.0),
                    colour.filled(),
                ))?;
            }
            Key::Hollow => {
                let outline = ShapeStyle::from(&MUTED).stroke_width(stroke);
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], outline))?;
            }
            Key::Whisker => {
                let line = ShapeStyle::from(&WHISKER).stroke_width(stroke);
                let mid = (x0 + x1) / 2;
                let cap = swatch / 4;
                area.draw(&PathElement::new(vec![(mid, y0), (mid, y1)], line))?;
                for yy in [y0, y1] {
                    area.draw(&PathElement::new(
                        vec![(mid - cap, yy), (mid + cap, yy)],
                        line,
                    ))?;
                }
            }
        }
        let text_style = style.pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(label, &text_style, (x1 + text_gap, mid_y))?;
        x += item_w + item_gap;
    }
    Ok(y + row_height)
}

/// The text under one slot of the x axis: a label wrapped to the slot, then optional short
/// lines (such as `n=…`) in a smaller font and their own colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub label: String,
    pub notes: Vec<(String, RGBColor)>,
}

impl Tick {
    pub fn new(label: impl Into<String>) -> Tick {
        Tick {
            label: label.into(),
            notes: Vec::new(),
        }
    }

    pub fn note(mut self, text: impl Into<String>, colour: RGBColor) -> Tick {
        self.notes.push((text.into(), colour));
        self
    }
}

/// The y axis of a slot frame.
pub struct YAxis {
    /// The axis runs from 0 to `max` plot units.
    pub max: f64,
    pub labels: usize,
    pub format: fn(f64) -> String,
    pub desc: String,
}

impl YAxis {
    /// 0–100%, every 10%.
    pub fn percent(desc: impl Into<String>) -> YAxis {
        YAxis {
            max: 100.0,
            labels: 11,
            format: |v| format!("{v:.0}%"),
            desc: desc.into(),
        }
    }
}

/// A plot whose x axis has `ticks.len()` slots of one unit each (slot i is centred on i + 0.5),
/// with the tick text drawn by hand so long names wrap. Draws axes, grid and ticks into `body`
/// and returns the plotting area with the slot width in pixels.
pub fn slot_frame<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    s: Scale,
    ticks: &[Tick],
    y: &YAxis,
    x_desc: &str,
) -> DrawResult<(PlotArea<DB>, f64), DB> {
    let pad = s.px(28.0);
    let slots = ticks.len().max(1);
    let (body_width, _) = body.dim_in_pixel();
    let y_label_area = s.upx(78.0);
    let margin_right = s.upx(12.0);
    let plot_width = body_width.saturating_sub(pad as u32 + y_label_area + margin_right);
    let slot_px = f64::from(plot_width) / slots as f64;

    let tick_style = s.font(15.0, FontStyle::Normal).color(&TEXT);
    let mut wrapped = Vec::with_capacity(ticks.len());
    for tick in ticks {
        wrapped.push(wrap_text(
            body,
            &tick.label,
            &tick_style,
            (slot_px * 0.94) as u32,
        )?);
    }
    let label_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let note_lines = ticks.iter().map(|t| t.notes.len()).max().unwrap_or(0);
    let widest_note = ticks
        .iter()
        .flat_map(|t| &t.notes)
        .max_by_key(|(text, _)| text.chars().count())
        .map_or("", |(text, _)| text.as_str());
    let note_style = fit_font(
        body,
        widest_note,
        s.px(13.0),
        FontStyle::Normal,
        (slot_px * 0.96).max(1.0) as u32,
    )?;
    let line_height = s.px(19.0);
    let note_height = s.px(17.0);
    let tick_gap = s.px(10.0);
    let axis_desc_height = s.px(22.0);
    let x_label_area = tick_gap
        + line_height * label_lines as i32
        + note_height * note_lines as i32
        + s.px(8.0)
        + axis_desc_height;

    let mut chart = ChartBuilder::on(body)
        // Headroom above the axis for labels over the tallest bar or interval.
        .margin_top(s.upx(30.0))
        .margin_left(pad as u32)
        .margin_right(margin_right)
        .margin_bottom(s.upx(12.0))
        .x_label_area_size(x_label_area.max(0) as u32)
        .y_label_area_size(y_label_area)
        .build_cartesian_2d(0f64..slots as f64, 0f64..y.max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(y.labels)
        .y_label_formatter(&|v| (y.format)(*v))
        .y_label_style(s.font(14.0, FontStyle::Normal).color(&MUTED))
        .bold_line_style(GRID.stroke_width(s.upx(1.0).max(1)))
        .max_light_lines(0)
        .axis_style(AXIS.stroke_width(s.upx(1.0).max(1)))
        .set_all_tick_mark_size(s.px(5.0))
        .x_desc(x_desc)
        .y_desc(y.desc.as_str())
        .axis_desc_style(s.font(16.0, FontStyle::Normal).color(&TEXT))
        .draw()?;

    let plot = chart.plotting_area().clone();
    for (i, (tick, lines)) in ticks.iter().zip(&wrapped).enumerate() {
        let centre = i as f64 + 0.5;
        for (li, line) in lines.iter().enumerate() {
            draw_under(
                &plot,
                centre,
                tick_gap + line_height * li as i32,
                line,
                &tick_style,
            )?;
        }
        let notes_top = tick_gap + line_height * label_lines as i32;
        for (ni, (text, colour)) in tick.notes.iter().enumerate() {
            let style = note_style.color(colour);
            draw_under(
                &plot,
                centre,
                notes_top + note_height * ni as i32,
                text,
                &style,
            )?;
        }
    }
    Ok((plot, slot_px))
}

/// Text centred under the x axis at slot `centre`, `offset` pixels down.
fn draw_under<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    centre: f64,
    offset: i32,
    text: &str,
    style: &TextStyle<'_>,
) -> DrawResult<(), DB> {
    let style = style.pos(Pos::new(HPos::Center, VPos::Top));
    plot.draw(
        &(EmptyElement::at((centre, 0.0)) + Text::new(text.to_string(), (0, offset), style)),
    )?;
    Ok(())
}

/// Writes a message in the middle of an empty plot.
pub fn draw_empty<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    s: Scale,
    message: &str,
) -> DrawResult<(), DB> {
    let (xs, ys) = (plot.get_x_range(), plot.get_y_range());
    let centre = ((xs.start + xs.end) / 2.0, (ys.start + ys.end) / 2.0);
    let style = s
        .font(22.0, FontStyle::Normal)
        .color(&MUTED)
        .pos(Pos::new(HPos::Center, VPos::Center));
    plot.draw(&Text::new(message.to_string(), centre, style))?;
    Ok(())
}

/// An I-beam from `lo` to `hi` (plot units) at `centre`, caps `cap_half` wide either side.
pub fn draw_whisker<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    centre: f64,
    cap_half: f64,
    (lo, hi): (f64, f64),
    stroke: u32,
) -> DrawResult<(), DB> {
    draw_whisker_in(plot, WHISKER, centre, cap_half, (lo, hi), stroke)
}

/// [`draw_whisker`] in a series' colour, where several series share a plot.
pub fn draw_whisker_in<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    colour: RGBColor,
    centre: f64,
    cap_half: f64,
    (lo, hi): (f64, f64),
    stroke: u32,
) -> DrawResult<(), DB> {
    let style = ShapeStyle::from(&colour).stroke_width(stroke);
    plot.draw(&PathElement::new(vec![(centre, lo), (centre, hi)], style))?;
    for y in [lo, hi] {
        plot.draw(&PathElement::new(
            vec![(centre - cap_half, y), (centre + cap_half, y)],
            style,
        ))?;
    }
    Ok(())
}

/// A label centred above (`centre`, `y`), `gap` pixels up.
pub fn draw_label_above<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    (centre, y): (f64, f64),
    gap: i32,
    text: String,
    style: &TextStyle<'static>,
) -> DrawResult<(), DB> {
    let style = style.pos(Pos::new(HPos::Center, VPos::Bottom));
    plot.draw(&(EmptyElement::at((centre, y)) + Text::new(text, (0, -gap), style)))?;
    Ok(())
}

/// "Nov 2025".
pub fn short_month(month: crate::model::YearMonth) -> String {
    month.short_name()
}

/// "Nov".
pub fn month_abbreviation(month: crate::model::YearMonth) -> &'static str {
    month.abbreviation()
}

/// A signed number with a true minus sign (U+2212), as typeset: "−4.9", "+3.5".
pub fn signed(value: f64, decimals: usize) -> String {
    let text = format!("{value:+.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => text,
    }
}
