//! Charts: metrics rows → PNG bytes.
//!
//! Takes the `GroupMetrics` rows of one month (all of `metrics.csv`) and gives finished PNG files
//! as bytes; the caller decides where they go. Never touches the file system: the font is
//! compiled into the binary (DejaVu Sans), drawing goes to an in-memory RGB buffer and PNG
//! encoding to a `Vec<u8>`. Same rows in, byte-identical PNGs out.
//!
//! Each chart shows one rate per sender category, one bar per personalisation level, with the
//! 95% Wilson interval as a whisker and the number of decided invitations (`n`) above it. Cells
//! with fewer than [`MIN_DECIDED`] decided invitations are drawn hollow and without a whisker so
//! that a 1-of-1 "100%" cannot pass for a finding.

use std::fmt;
use std::sync::OnceLock;

use image::codecs::png::PngEncoder;
use image::{ColorType, ImageEncoder};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use crate::metrics::stats::Proportion;
use crate::metrics::{Dimension, GroupMetrics, MIN_DECIDED};
use crate::model::{Personalisation, SenderCategory};

/// The one font family every text element uses; the embedded fonts are registered under it.
const FAMILY: &str = "sans-serif";

/// Largest accepted side, in pixels: keeps the RGB buffer to a sane size (≈ 200 MB at most).
const MAX_SIDE: u32 = 8192;
/// Smallest accepted size: below this the fixed margins leave no room for a plot.
const MIN_SIZE: ChartSize = ChartSize {
    width: 600,
    height: 400,
};

/// Share of a category's x slot taken by its bars; the rest separates categories.
const GROUP_FRACTION: f64 = 0.84;
/// Share of a level's bar slot that is bar; the rest separates neighbouring bars.
const BAR_FRACTION: f64 = 0.8;
/// Widest bar slot at 1200×800, in pixels: with only one or two categories, bars stay bars
/// rather than becoming blocks.
const MAX_SLOT_PX: f64 = 60.0;

const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x5F, 0x5F, 0x5F);
const AXIS: RGBColor = RGBColor(0x9A, 0x9A, 0x9A);
const GRID: RGBColor = RGBColor(0xE6, 0xE6, 0xE6);
const WHISKER: RGBColor = RGBColor(0x33, 0x33, 0x33);

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

/// Which rate a chart shows; both are shares of decided invitations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateKind {
    Acceptance,
    Response,
}

impl RateKind {
    /// The PNG file this rate's chart is written to (also names the chart in errors).
    pub fn file_name(self) -> &'static str {
        match self {
            RateKind::Acceptance => "acceptance_by_category.png",
            RateKind::Response => "response_by_category.png",
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

/// One finished chart: the file name it should be saved under and its PNG bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Chart {
    pub file_name: &'static str,
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
    #[error("{chart}: group {group:?} is not \"category|level\" with SPEC names")]
    UnknownGroup { chart: &'static str, group: String },
    #[error("{chart}: group {group:?} appears more than once")]
    DuplicateGroup { chart: &'static str, group: String },
    #[error("{chart}: group {group:?} has {successes} successes out of {decided} decided")]
    InconsistentCounts {
        chart: &'static str,
        group: String,
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

/// Renders the charts of this version: acceptance_by_category.png and response_by_category.png.
///
/// `metrics` is every row of the month; only the sender category × personalisation rows are
/// drawn. `month_label` ("October 2026") goes into the titles as given.
pub fn render_all(
    metrics: &[GroupMetrics],
    month_label: &str,
    size: ChartSize,
) -> Result<Vec<Chart>, ChartError> {
    [RateKind::Acceptance, RateKind::Response]
        .into_iter()
        .map(|kind| {
            let chart = kind.file_name();
            let png = render_png(chart, size, |area| {
                draw_rate_by_category(area, metrics, kind, month_label)
            })?;
            Ok(Chart {
                file_name: chart,
                png,
            })
        })
        .collect()
}

/// Draws one rate chart onto any plotters backend (generic so tests can draw into memory).
///
/// Fills the whole `area`. Rows are checked before anything is drawn, so a bad row leaves the
/// area untouched.
pub fn draw_rate_by_category<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    metrics: &[GroupMetrics],
    kind: RateKind,
    month_label: &str,
) -> Result<(), ChartError> {
    let chart = kind.file_name();
    ensure_fonts(chart)?;
    let groups = collect_groups(metrics, kind)?;
    draw_chart(area, &groups, kind, month_label).map_err(|e| ChartError::Draw {
        chart,
        message: e.to_string(),
    })
}

/// Draws into an RGB buffer of `size` and encodes it as PNG.
fn render_png(
    chart: &'static str,
    size: ChartSize,
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), ChartError>,
) -> Result<Vec<u8>, ChartError> {
    let ChartSize { width, height } = size;
    let fits = (MIN_SIZE.width..=MAX_SIDE).contains(&width)
        && (MIN_SIZE.height..=MAX_SIDE).contains(&height);
    if !fits {
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
        root.present().map_err(|e| ChartError::Draw {
            chart,
            message: e.to_string(),
        })?;
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
fn ensure_fonts(chart: &'static str) -> Result<(), ChartError> {
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

/// One sender category's bars, in `Personalisation::ALL` order; `None` = no row for that level.
#[derive(Debug, Clone, PartialEq)]
struct CategoryGroup {
    category: SenderCategory,
    cells: [Option<Proportion>; Personalisation::ALL.len()],
}

/// Picks the category × personalisation rows and arranges them for drawing.
///
/// Categories come in `SenderCategory::ALL` order and only when they have at least one row.
/// A group name that does not parse, a repeated group, or more successes than decided
/// invitations is an error: drawing around it would silently misreport the month.
fn collect_groups(
    metrics: &[GroupMetrics],
    kind: RateKind,
) -> Result<Vec<CategoryGroup>, ChartError> {
    let chart = kind.file_name();
    let mut grid = [[None; Personalisation::ALL.len()]; SenderCategory::ALL.len()];
    for row in metrics
        .iter()
        .filter(|row| row.dimension == Dimension::SenderCategoryXPersonalisation)
    {
        let (ci, li) = parse_group(&row.group).ok_or_else(|| ChartError::UnknownGroup {
            chart,
            group: row.group.clone(),
        })?;
        let successes = kind.successes(row);
        if successes > row.counts.decided {
            return Err(ChartError::InconsistentCounts {
                chart,
                group: row.group.clone(),
                successes,
                decided: row.counts.decided,
            });
        }
        let cell = &mut grid[ci][li];
        if cell.is_some() {
            return Err(ChartError::DuplicateGroup {
                chart,
                group: row.group.clone(),
            });
        }
        *cell = Some(kind.proportion(row));
    }
    Ok(SenderCategory::ALL
        .into_iter()
        .zip(grid)
        .filter(|(_, cells)| cells.iter().any(Option::is_some))
        .map(|(category, cells)| CategoryGroup { category, cells })
        .collect())
}

/// `"recruitment_consultant|none"` → indices into `SenderCategory::ALL` and `Personalisation::ALL`.
fn parse_group(group: &str) -> Option<(usize, usize)> {
    let (category, level) = group.split_once('|')?;
    let ci = SenderCategory::ALL
        .iter()
        .position(|c| c.as_str() == category)?;
    let li = Personalisation::ALL
        .iter()
        .position(|l| l.as_str() == level)?;
    Some((ci, li))
}

/// Okabe & Ito (2008) colour-blind-safe palette, one hue per level, ordered from no note to a
/// personal one.
fn level_colour(level: Personalisation) -> RGBColor {
    match level {
        Personalisation::None => RGBColor(0xE6, 0x9F, 0x00), // orange
        Personalisation::Default => RGBColor(0x56, 0xB4, 0xE9), // sky blue
        Personalisation::Generic => RGBColor(0x00, 0x9E, 0x73), // bluish green
        Personalisation::Personalised => RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    }
}

/// The plot of a chart: percentages up, categories (one unit each) across.
type PlotArea<DB> = DrawingArea<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Converts lengths tuned at 1200×800 to the actual size, so other sizes keep the proportions.
#[derive(Clone, Copy)]
struct Scale(f64);

impl Scale {
    fn of(width: u32, height: u32) -> Scale {
        let s = (f64::from(width) / 1200.0).min(f64::from(height) / 800.0);
        // Never below 0.75: smaller text stops being readable; the layout wraps and shrinks
        // long lines to fit instead.
        Scale(s.clamp(0.75, 4.0))
    }

    fn px(self, base: f64) -> i32 {
        (base * self.0).round() as i32
    }

    fn upx(self, base: f64) -> u32 {
        (base * self.0).round().max(0.0) as u32
    }

    fn font(self, base: f64, style: FontStyle) -> TextStyle<'static> {
        TextStyle::from((FAMILY, (base * self.0).round(), style).into_font())
    }
}

fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    groups: &[CategoryGroup],
    kind: RateKind,
    month_label: &str,
) -> DrawResult<(), DB> {
    let (width, height) = area.dim_in_pixel();
    let s = Scale::of(width, height);
    let pad = s.px(28.0);
    area.fill(&WHITE)?;

    // Header: title, one line on how to read the chart, legend. Kept outside the plot so the
    // legend can never cover a bar, whatever the rates.
    let title = format!("{} by sender category — {month_label}", kind.title());
    let text_width = (width as i32 - 2 * pad).max(1) as u32;
    let title_style = fit_font(area, &title, s.px(26.0), FontStyle::Bold, text_width)?;
    area.draw_text(&title, &title_style.color(&TEXT), (pad, pad))?;
    let subtitle = "Bars: share of decided invitations · whiskers: 95% Wilson interval · \
                    n: decided invitations";
    let subtitle_style = fit_font(area, subtitle, s.px(15.0), FontStyle::Normal, text_width)?;
    area.draw_text(
        subtitle,
        &subtitle_style.color(&MUTED),
        (pad, pad + s.px(40.0)),
    )?;
    let legend_top = pad + s.px(78.0);
    let legend_bottom = draw_legend(area, s, pad, legend_top, width as i32 - pad)?;
    let header_height = (legend_bottom + s.px(8.0)).max(0) as u32;
    let (_, body) = area.split_vertically(header_height);

    // The x axis is numeric, one unit per category, so bars can be placed exactly; tick text is
    // drawn by hand below because category names need wrapping.
    let n_categories = groups.len().max(1);
    let (body_width, _) = body.dim_in_pixel();
    let y_label_area = s.upx(78.0);
    let margin_right = s.upx(12.0);
    let plot_width = body_width.saturating_sub(pad as u32 + y_label_area + margin_right);
    let category_px = f64::from(plot_width) / n_categories as f64;

    let tick_style = s.font(15.0, FontStyle::Normal).color(&TEXT);
    let mut tick_lines = Vec::with_capacity(groups.len());
    for group in groups {
        let max_width = (category_px * 0.94) as u32;
        tick_lines.push(wrap_text(
            area,
            group.category.label(),
            &tick_style,
            max_width,
        )?);
    }
    let max_lines = tick_lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let line_height = s.px(19.0);
    let tick_gap = s.px(10.0);
    let axis_desc_height = s.px(22.0);
    let x_label_area = tick_gap + line_height * max_lines as i32 + s.px(8.0) + axis_desc_height;

    let mut chart = ChartBuilder::on(&body)
        // Headroom above 100% for the n label of a cell whose interval reaches the top.
        .margin_top(s.upx(30.0))
        .margin_left(pad as u32)
        .margin_right(margin_right)
        .margin_bottom(s.upx(12.0))
        .x_label_area_size(x_label_area.max(0) as u32)
        .y_label_area_size(y_label_area)
        .build_cartesian_2d(0f64..n_categories as f64, 0f64..100f64)?;

    let axis_desc_style = s.font(16.0, FontStyle::Normal).color(&TEXT);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(11)
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .y_label_style(s.font(14.0, FontStyle::Normal).color(&MUTED))
        .bold_line_style(GRID.stroke_width(s.upx(1.0).max(1)))
        .max_light_lines(0)
        .axis_style(AXIS.stroke_width(s.upx(1.0).max(1)))
        .set_all_tick_mark_size(s.px(5.0))
        .x_desc("Sender category")
        .y_desc(kind.axis_label())
        .axis_desc_style(axis_desc_style)
        .draw()?;

    let plot = chart.plotting_area();
    let (_, plot_height) = plot.dim_in_pixel();

    for (ci, lines) in tick_lines.iter().enumerate() {
        let centre = ci as f64 + 0.5;
        for (li, line) in lines.iter().enumerate() {
            let offset = tick_gap + line_height * li as i32;
            let text = Text::new(
                line.clone(),
                (0, offset),
                tick_style.pos(Pos::new(HPos::Center, VPos::Top)),
            );
            plot.draw(&(EmptyElement::at((centre, 0.0)) + text))?;
        }
    }

    if groups.is_empty() {
        // The title already names the period, which may be "All months" rather than a month.
        let message = "No invitations";
        let style = s
            .font(22.0, FontStyle::Normal)
            .color(&MUTED)
            .pos(Pos::new(HPos::Center, VPos::Center));
        plot.draw(&Text::new(message, (0.5, 50.0), style))?;
        return Ok(());
    }

    let levels = Personalisation::ALL.len() as f64;
    let slot = (GROUP_FRACTION / levels).min(MAX_SLOT_PX * s.0 / category_px);
    let widest_n = groups
        .iter()
        .flat_map(|g| g.cells)
        .flatten()
        .map(|p| p.trials)
        .max()
        .unwrap_or(0);
    // Sized so the widest n fits its slot: neighbouring labels never run into each other.
    let n_style = fit_font(
        area,
        &format!("n={widest_n}"),
        s.px(13.0),
        FontStyle::Normal,
        (category_px * slot - 2.0).max(1.0) as u32,
    )?;
    let bar = BarGeometry {
        half_width: slot * BAR_FRACTION / 2.0,
        // Two pixels in data units: a 0% bar still shows as a stub, not as nothing.
        min_height: 2.0 * 100.0 / f64::from(plot_height.max(1)),
        stroke: s.upx(2.0).max(1),
    };

    for (ci, group) in groups.iter().enumerate() {
        let left = ci as f64 + 0.5 - slot * levels / 2.0;
        for (li, (level, cell)) in Personalisation::ALL
            .into_iter()
            .zip(group.cells)
            .enumerate()
        {
            let centre = left + slot * (li as f64 + 0.5);
            let label_y = draw_cell(plot, cell, level_colour(level), centre, &bar)?;
            let label = cell.map_or_else(|| "–".to_string(), |p| format!("n={}", p.trials));
            // Cells that say little get grey labels so the eye goes to the solid bars.
            let faint = cell.is_none_or(|p| p.trials < MIN_DECIDED);
            let style = n_style
                .color(if faint { &MUTED } else { &TEXT })
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            let text = Text::new(label, (0, -s.px(5.0)), style);
            plot.draw(&(EmptyElement::at((centre, label_y)) + text))?;
        }
    }
    Ok(())
}

/// How bars are drawn, in plot units (x: categories, y: percent) and pixels for strokes.
struct BarGeometry {
    half_width: f64,
    min_height: f64,
    stroke: u32,
}

/// Draws one cell's bar (and whisker) at `centre`; returns the y (percent) its n label goes on.
///
/// Solid bar with whisker from [`MIN_DECIDED`] decided invitations up; hollow bar without a
/// whisker below that; nothing when there is no row or nothing decided yet.
fn draw_cell<DB: DrawingBackend>(
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
    draw_whisker(plot, centre, bar.half_width * 0.45, lo, hi, bar.stroke)?;
    Ok(top.max(hi * 100.0))
}

/// An I-beam from `lo` to `hi` (proportions) at `centre`, caps `cap_half` wide either side.
fn draw_whisker<DB: DrawingBackend>(
    plot: &PlotArea<DB>,
    centre: f64,
    cap_half: f64,
    lo: f64,
    hi: f64,
    stroke: u32,
) -> DrawResult<(), DB> {
    let style = ShapeStyle::from(&WHISKER).stroke_width(stroke);
    let (lo, hi) = (lo * 100.0, hi * 100.0);
    plot.draw(&PathElement::new(vec![(centre, lo), (centre, hi)], style))?;
    for y in [lo, hi] {
        plot.draw(&PathElement::new(
            vec![(centre - cap_half, y), (centre + cap_half, y)],
            style,
        ))?;
    }
    Ok(())
}

/// The font of `size` pixels, made smaller (down to 8 px) until `text` fits in `max_width`.
fn fit_font<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: i32,
    style: FontStyle,
    max_width: u32,
) -> DrawResult<TextStyle<'static>, DB> {
    let mut size = size.max(8);
    loop {
        let font = TextStyle::from((FAMILY, size, style).into_font());
        let (w, _) = area.estimate_text_size(text, &font)?;
        if w <= max_width || size <= 8 {
            return Ok(font);
        }
        size -= 1;
    }
}

/// Draws the legend as a flowing row from (`left`, `top`), wrapping before `right`; returns the
/// y just below it.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: Scale,
    left: i32,
    top: i32,
    right: i32,
) -> DrawResult<i32, DB> {
    enum Key {
        Solid(RGBColor),
        Hollow,
        Whisker,
    }
    let hollow_label = format!("Hollow: fewer than {MIN_DECIDED} decided, no interval");
    let items = Personalisation::ALL
        .into_iter()
        .map(|level| (Key::Solid(level_colour(level)), level.label().to_string()))
        .chain([
            (Key::Whisker, "95% interval".to_string()),
            (Key::Hollow, hollow_label),
        ]);

    let style = s.font(15.0, FontStyle::Normal).color(&TEXT);
    let swatch = s.px(16.0);
    let row_height = s.px(26.0);
    let text_gap = s.px(7.0);
    let item_gap = s.px(26.0);
    let stroke = s.upx(2.0).max(1);
    let (mut x, mut y) = (left, top);
    for (key, label) in items {
        let (text_w, _) = area.estimate_text_size(&label, &style)?;
        let item_w = swatch + text_gap + text_w as i32;
        if x > left && x + item_w > right {
            x = left;
            y += row_height;
        }
        let (x0, y0, x1, y1) = (x, y, x + swatch, y + swatch);
        match key {
            Key::Solid(colour) => {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], colour.filled()))?;
            }
            Key::Hollow => {
                let style = ShapeStyle::from(&MUTED).stroke_width(stroke);
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], style))?;
            }
            Key::Whisker => {
                let style = ShapeStyle::from(&WHISKER).stroke_width(stroke);
                let mid = (x0 + x1) / 2;
                let cap = swatch / 4;
                area.draw(&PathElement::new(vec![(mid, y0), (mid, y1)], style))?;
                for yy in [y0, y1] {
                    area.draw(&PathElement::new(
                        vec![(mid - cap, yy), (mid + cap, yy)],
                        style,
                    ))?;
                }
            }
        }
        let text_style = style.pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(&label, &text_style, (x1 + text_gap, y0 + swatch / 2))?;
        x += item_w + item_gap;
    }
    Ok(y + row_height)
}

/// Greedy word wrap to `max_width` pixels; a single word wider than that keeps its own line.
fn wrap_text<DB: DrawingBackend>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Counts;

    const W: u32 = 1200;
    const H: u32 = 800;

    fn cross(group: &str, decided: u64, accepted: u64, responded: u64) -> GroupMetrics {
        GroupMetrics {
            dimension: Dimension::SenderCategoryXPersonalisation,
            group: group.to_string(),
            counts: Counts {
                invites: decided + 2,
                decided,
                accepted,
                responded,
                with_note: 0,
                personalised: 0,
                ..Counts::default()
            },
            mean_courtesy: None,
            median_hours_to_accept: None,
            median_hours_to_reply: None,
        }
    }

    fn overall(decided: u64) -> GroupMetrics {
        GroupMetrics {
            dimension: Dimension::Overall,
            group: "all".to_string(),
            ..cross("all", decided, 0, 0)
        }
    }

    /// Draws one chart through the generic function into an RGB buffer.
    fn draw_rgb(metrics: &[GroupMetrics], kind: RateKind) -> Result<Vec<u8>, ChartError> {
        let mut rgb = vec![0u8; (W * H * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (W, H)).into_drawing_area();
            draw_rate_by_category(&root, metrics, kind, "October 2026")?;
            root.present().map_err(|e| ChartError::Draw {
                chart: "test",
                message: e.to_string(),
            })?;
        }
        Ok(rgb)
    }

    fn pixel(rgb: &[u8], x: u32, y: u32) -> [u8; 3] {
        let i = ((y * W + x) * 3) as usize;
        [rgb[i], rgb[i + 1], rgb[i + 2]]
    }

    fn rgb_of(level: Personalisation) -> [u8; 3] {
        let RGBColor(r, g, b) = level_colour(level);
        [r, g, b]
    }

    /// Pixels of exactly `colour`, and those of them whose 8 neighbours share it: the inside of
    /// a filled shape. A 2 px outline has no such pixels; the legend swatch has 14×14.
    fn count(rgb: &[u8], colour: [u8; 3]) -> (usize, usize) {
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

    /// Mean x of the solid pixels of `colour` below the header, where only bars are.
    fn mean_bar_x(rgb: &[u8], colour: [u8; 3]) -> f64 {
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

    fn sample_month() -> Vec<GroupMetrics> {
        vec![
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
        ]
    }

    #[test]
    fn bar_area_follows_the_rate() {
        let metrics = [
            cross("candidate|none", 20, 16, 0),
            cross("candidate|generic", 20, 4, 0),
        ];
        let rgb = draw_rgb(&metrics, RateKind::Acceptance).unwrap();
        let (_, high) = count(&rgb, rgb_of(Personalisation::None));
        let (_, low) = count(&rgb, rgb_of(Personalisation::Generic));
        // 80% against 20%: about four times the fill; legend swatches blur it a little.
        assert!(high > 3 * low, "80% bar {high} px, 20% bar {low} px");
        assert!(low > 1000, "20% bar only {low} px");
    }

    #[test]
    fn small_groups_are_hollow_not_solid() {
        // 3 of 3 accepted is the highest rate here, yet must not show as the biggest bar.
        let metrics = [
            cross("peer|none", 50, 40, 0),
            cross("peer|personalised", 3, 3, 0),
        ];
        let rgb = draw_rgb(&metrics, RateKind::Acceptance).unwrap();
        let (_, big_solid) = count(&rgb, rgb_of(Personalisation::None));
        let (small_all, small_solid) = count(&rgb, rgb_of(Personalisation::Personalised));
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
    fn levels_without_rows_draw_no_bar() {
        let metrics = [cross("supplier|generic", 30, 15, 0)];
        let rgb = draw_rgb(&metrics, RateKind::Acceptance).unwrap();
        let (_, with_row) = count(&rgb, rgb_of(Personalisation::Generic));
        let (_, without) = count(&rgb, rgb_of(Personalisation::Default));
        assert!(without < 300, "level without rows has {without} solid px");
        assert!(with_row > 5 * without.max(1));
    }

    #[test]
    fn bars_follow_level_order_within_a_category() {
        let metrics: Vec<_> = Personalisation::ALL
            .iter()
            .map(|l| cross(&format!("candidate|{}", l.as_str()), 20, 10, 0))
            .collect();
        let rgb = draw_rgb(&metrics, RateKind::Acceptance).unwrap();
        let xs: Vec<f64> = Personalisation::ALL
            .iter()
            .map(|&l| mean_bar_x(&rgb, rgb_of(l)))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "bar centres {xs:?}");
    }

    #[test]
    fn response_chart_uses_replies() {
        let metrics = [
            cross("peer|none", 20, 20, 2),
            cross("peer|generic", 20, 2, 18),
        ];
        let rgb = draw_rgb(&metrics, RateKind::Response).unwrap();
        let (_, none) = count(&rgb, rgb_of(Personalisation::None));
        let (_, generic) = count(&rgb, rgb_of(Personalisation::Generic));
        assert!(
            generic > 4 * none,
            "replies: generic {generic}, none {none}"
        );
    }

    #[test]
    fn only_present_categories_in_spec_order() {
        let metrics = [
            overall(9),
            cross("unknown|none", 3, 1, 0),
            cross("recruitment_consultant|personalised", 6, 2, 0),
        ];
        let groups = collect_groups(&metrics, RateKind::Acceptance).unwrap();
        let order: Vec<_> = groups.iter().map(|g| g.category).collect();
        assert_eq!(
            order,
            [
                SenderCategory::RecruitmentConsultant,
                SenderCategory::Unknown
            ]
        );
        assert_eq!(groups[0].cells[0], None);
        assert_eq!(groups[0].cells[3], Some(Proportion::new(2, 6)));
    }

    #[test]
    fn render_all_gives_both_pngs_at_the_requested_size() {
        let size = ChartSize {
            width: 900,
            height: 640,
        };
        let charts = render_all(&sample_month(), "October 2026", size).unwrap();
        let names: Vec<_> = charts.iter().map(|c| c.file_name).collect();
        assert_eq!(
            names,
            ["acceptance_by_category.png", "response_by_category.png"]
        );
        for chart in &charts {
            assert_eq!(chart.png[..8], PNG_SIGNATURE, "{}", chart.file_name);
            assert_eq!(&chart.png[12..16], b"IHDR");
            assert_eq!(ihdr_size(&chart.png), (900, 640), "{}", chart.file_name);
        }
        assert_ne!(charts[0].png, charts[1].png);
    }

    #[test]
    fn rendering_is_deterministic() {
        let first = render_all(&sample_month(), "October 2026", ChartSize::default()).unwrap();
        let second = render_all(&sample_month(), "October 2026", ChartSize::default()).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn empty_month_renders_a_message() {
        let metrics = [overall(0)];
        let charts = render_all(&metrics, "October 2026", ChartSize::default()).unwrap();
        assert_eq!(charts.len(), 2);
        assert_eq!(ihdr_size(&charts[0].png), (W, H));

        let rgb = draw_rgb(&metrics, RateKind::Acceptance).unwrap();
        // No bars: each level's colour appears in its legend swatch only.
        for level in Personalisation::ALL {
            let (all, _) = count(&rgb, rgb_of(level));
            assert!(all <= 16 * 16, "{level}: {all} px");
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
        let unknown = [cross("astronaut|none", 5, 1, 0)];
        let err = draw_rgb(&unknown, RateKind::Acceptance).unwrap_err();
        assert!(matches!(err, ChartError::UnknownGroup { .. }), "{err}");
        assert!(err.to_string().starts_with("acceptance_by_category.png: "));

        let duplicate = [cross("peer|none", 5, 1, 0), cross("peer|none", 6, 1, 0)];
        let err = draw_rgb(&duplicate, RateKind::Response).unwrap_err();
        assert!(matches!(err, ChartError::DuplicateGroup { .. }), "{err}");
        assert!(err.to_string().starts_with("response_by_category.png: "));

        let mut too_many = cross("peer|none", 5, 1, 0);
        too_many.counts.responded = 6;
        let err = draw_rgb(&[too_many], RateKind::Response).unwrap_err();
        assert!(
            matches!(err, ChartError::InconsistentCounts { .. }),
            "{err}"
        );
    }

    #[test]
    fn unusable_sizes_are_rejected() {
        for (width, height) in [(0, 0), (100, 800), (1200, 20_000)] {
            let err = render_all(&[], "October 2026", ChartSize { width, height }).unwrap_err();
            assert!(matches!(err, ChartError::Size { .. }), "{err}");
        }
    }
}
