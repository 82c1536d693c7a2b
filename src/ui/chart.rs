//! The selected scenario's cost curves on log–log axes: the API's line, the
//! self-host steps at the low and high end, today's volume and break-even.
//!
//! Drawn on one braille canvas layer with hand-placed axes: ratatui's `Chart`
//! paints a whole canvas per dataset, which made this the costliest part of
//! every frame.

use super::text::{fill, put, titled_box};
use super::theme::Theme;
use crate::app::{App, Tab};
use crate::engine::{BreakEven, Comparison};
use crate::format as fmt;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Line as Segment, Points};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The smallest cost drawn (a log axis has no zero): one cent.
const FLOOR: f64 = 0.01;

/// Axis ranges in log10 units, whole decades so labels land on round numbers.
struct Axes {
    x: (f64, f64),
    y: (f64, f64),
}

/// Draws the chart for the selected scenario into `area`.
pub fn draw_chart(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.cursor_of(Tab::Scenarios).row;
    let (Some(scenario), Some(result)) =
        (app.plan.scenarios.get(row), app.results.scenarios.get(row))
    else {
        let block = Block::new()
            .borders(Borders::ALL)
            .title(" Cost against volume ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new("No scenario selected.").style(theme.dim()),
            inner,
        );
        return;
    };
    let include = app.plan.settings.include_overheads;
    let comparison = result.headline(include);
    let volume = scenario.tokens_per_day as f64;
    let title = format!(
        " {} · {} on {} ({}) · {}{} ",
        scenario.name,
        scenario.model,
        result.tier,
        result.deployment,
        if include {
            "with overheads"
        } else {
            "GPU only"
        },
        app.plan
            .tier(&result.tier)
            .map(|t| format!(" · {}", t.gpus))
            .unwrap_or_default(),
    );
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    // Legend, three plot rows, axis line, labels: with less, the figures
    // read better as words than as a squashed chart.
    if inner.height < 6 || inner.width < 20 {
        let summary = format!(
            "API {}/mo · self-host {}/mo · break-even {} · today {}",
            fmt::money_range(result.api),
            fmt::money_range(comparison.self_host),
            fmt::break_even_range(comparison.break_even),
            fmt::tokens(volume),
        );
        frame.render_widget(
            Paragraph::new(summary).wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }

    let axes = axes(comparison, volume);
    // One label per plot row at most (the plot is the inner area less 3 rows).
    let rows = usize::from(inner.height - 3).max(1) / 2 + 1;
    let y_labels: Vec<(f64, String)> = decades(axes.y, rows)
        .map(|d| (d, format!("${}", compact_money(10f64.powf(d)))))
        .collect();
    let label_width = y_labels
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(1) as u16;
    let plot = Rect {
        x: inner.x + label_width + 1,
        y: inner.y + 1,
        width: inner.width.saturating_sub(label_width + 1),
        height: inner.height - 3,
    };

    draw_legend(frame, inner, comparison, volume, theme);
    draw_axes(frame, plot, &axes, &y_labels, theme);
    draw_curves(frame, plot, &axes, comparison, volume, theme);
}

fn axes(comparison: &Comparison, volume: f64) -> Axes {
    let curve = comparison.curve;
    // A decade either side of today's volume, the break-evens and one replica.
    let anchors: Vec<f64> = [
        Some(volume),
        comparison.break_even.low.volume(),
        comparison.break_even.high.volume(),
    ]
    .into_iter()
    .flatten()
    .chain([curve.step_capacity])
    .filter(|v| v.is_finite() && *v >= 1.0)
    .collect();
    let lo = anchors
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .max(1.0);
    let hi = anchors.iter().copied().fold(1.0, f64::max);
    let x0 = (lo / 10.0).max(1.0).log10().floor();
    let x1 = (hi * 10.0).log10().ceil().min(x0 + 9.0).max(x0 + 1.0);
    // Both curves only rise with volume, so the ends of the x range bound y.
    let (first, last) = (10f64.powf(x0), 10f64.powf(x1));
    let log = |v: f64| v.max(FLOOR).log10();
    let y = (
        log(curve.api_at(first).min(curve.self_host_at(first).low)),
        log(curve.api_at(last).max(curve.self_host_at(last).high)),
    );
    Axes {
        x: (x0, x1),
        y: (y.0.floor(), y.1.ceil().max(y.0.floor() + 1.0)),
    }
}

/// Whole decades of a log axis, thinned so at most `room` are labelled.
fn decades((a, b): (f64, f64), room: usize) -> impl Iterator<Item = f64> {
    let n = (b - a).round().max(1.0) as usize;
    let step = n.div_ceil(room.max(1)).max(1);
    (0..=n).step_by(step).map(move |k| a + k as f64)
}

fn color(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

fn draw_legend(frame: &mut Frame, inner: Rect, c: &Comparison, volume: f64, theme: &Theme) {
    let two_ends = c.curve.per_replica.low != c.curve.per_replica.high
        || c.curve.fixed.low != c.curve.fixed.high;
    let mut items: Vec<(String, Style)> = vec![("━ API".into(), theme.series(0))];
    if two_ends {
        items.push(("━ self-host low".into(), theme.series(1)));
        items.push(("━ self-host high".into(), theme.series(2)));
    } else {
        items.push(("━ self-host".into(), theme.series(1)));
    }
    items.push((format!("│ today {}", fmt::tokens(volume)), theme.dim()));
    if c.break_even.low.volume().is_some() || c.break_even.high.volume().is_some() {
        items.push((
            format!("• break-even {}", fmt::break_even_range(c.break_even)),
            theme.series(3),
        ));
    }
    let buf = frame.buffer_mut();
    let mut x = inner.x + 1;
    for (text, style) in items {
        let used = put(
            buf,
            x,
            inner.y,
            &text,
            inner.right().saturating_sub(x),
            style,
        );
        x += used + 2;
        if x >= inner.right() {
            break;
        }
    }
}

fn draw_axes(
    frame: &mut Frame,
    plot: Rect,
    axes: &Axes,
    y_labels: &[(f64, String)],
    theme: &Theme,
) {
    let buf = frame.buffer_mut();
    let dim = theme.dim();
    let axis_x = plot.x - 1;
    let base = plot.bottom();
    for y in plot.y..base {
        fill(buf, axis_x, y, '│', 1, dim);
    }
    put(buf, axis_x, base, "└", 1, dim);
    fill(buf, plot.x, base, '─', plot.width, dim);
    let rows = f64::from(plot.height.saturating_sub(1));
    for (d, label) in y_labels {
        let y = base - 1 - (((d - axes.y.0) / (axes.y.1 - axes.y.0)) * rows).round() as u16;
        let w = label.chars().count() as u16;
        put(buf, axis_x.saturating_sub(w), y, label, w, dim);
    }
    let cols = f64::from(plot.width.saturating_sub(1));
    let mut free_from = plot.x.saturating_sub(2);
    for d in decades(axes.x, usize::from(plot.width / 6)) {
        let label = fmt::tokens(10f64.powf(d));
        let w = label.chars().count() as u16;
        let centre = plot.x + (((d - axes.x.0) / (axes.x.1 - axes.x.0)) * cols).round() as u16;
        let x = centre
            .saturating_sub(w / 2)
            .min(plot.right().saturating_sub(w));
        if x >= free_from {
            put(buf, x, base + 1, &label, w, dim);
            free_from = x + w + 1;
        }
    }
    let unit = "tokens/day";
    if free_from + unit.len() as u16 + 1 < plot.right() {
        put(
            buf,
            plot.right() - unit.len() as u16,
            base + 1,
            unit,
            unit.len() as u16,
            dim,
        );
    }
}

fn draw_curves(
    frame: &mut Frame,
    plot: Rect,
    axes: &Axes,
    c: &Comparison,
    volume: f64,
    theme: &Theme,
) {
    let curve = c.curve;
    let point = |x: f64, y: f64| (x.log10(), y.max(FLOOR).log10());
    let log = |y: f64| y.max(FLOOR).log10();
    let (n, floor) = (usize::from(plot.width).max(2), FLOOR.log10());
    let lxs = (0..n).map(|i| axes.x.0 + (axes.x.1 - axes.x.0) * i as f64 / (n - 1) as f64);
    // log(a·x) = log a + log x: the API needs no logarithm per sample.
    let log_a = curve.api_per_token_day.log10();
    let api = simplified(lxs.clone().map(|lx| (lx, (log_a + lx).max(floor))));
    let self_host: Vec<(f64, crate::money::Range)> = lxs
        .map(|lx| (lx, curve.self_host_at(10f64.powf(lx))))
        .collect();
    let low = simplified(self_host.iter().map(|&(lx, s)| (lx, log(s.low))));
    let high = simplified(self_host.iter().map(|&(lx, s)| (lx, log(s.high))));
    let today = volume.max(1.0).log10();
    let break_even: Vec<(f64, f64)> = [c.break_even.low, c.break_even.high]
        .into_iter()
        .filter_map(BreakEven::volume)
        .filter(|v| *v >= 1.0)
        .map(|v| point(v, curve.api_at(v)))
        .collect();
    let (api_c, low_c, high_c, mark_c, dim_c) = (
        color(theme.series(0)),
        color(theme.series(1)),
        color(theme.series(2)),
        color(theme.series(3)),
        color(theme.dim()),
    );
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([axes.x.0, axes.x.1])
        .y_bounds([axes.y.0, axes.y.1])
        .paint(|ctx| {
            ctx.draw(&Segment::new(today, axes.y.0, today, axes.y.1, dim_c));
            for (series, col) in [(&high, high_c), (&low, low_c), (&api, api_c)] {
                for w in series.windows(2) {
                    ctx.draw(&Segment::new(w[0].0, w[0].1, w[1].0, w[1].1, col));
                }
            }
            ctx.draw(&Points::new(&break_even, mark_c));
        });
    frame.render_widget(canvas, plot);
}

/// A polyline without the points that lie on a straight run: the API is one
/// straight line on log–log axes and self-hosting is mostly flat steps, so
/// this leaves a handful of segments to draw instead of one per column.
fn simplified(points: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for p in points {
        if let [.., a, b] = out[..] {
            let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
            if cross.abs() <= 1e-9 * (1.0 + (p.0 - a.0).abs() * (p.1 - a.1).abs()) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Axis money: `7.5`, `375`, `4.2k`, `1.2M`.
fn compact_money(v: f64) -> String {
    if v >= 1000.0 {
        fmt::tokens(v)
    } else {
        fmt::trim_decimals(v, 2)
    }
}
