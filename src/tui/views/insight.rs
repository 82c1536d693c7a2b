//! The Scenarios tab's other two charts (`v` steps through them): the
//! tornado, which input moves the difference between the sides most, and
//! the growth timeline, each path's cumulative cost month by month. The
//! figures are the ones `report --sensitivity` and `--timeline` print.

use crate::analysis::sensitivity::{SWING, Tornado};
use crate::engine::Verdict;
use crate::text::format as fmt;
use crate::tui::app::{App, Tab};
use crate::tui::widgets::text::{fill, put, titled_box};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph, Wrap};

/// The box titled for the selected scenario, or, when it has no price,
/// the box with what is missing; `None` then.
pub(super) fn framed(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    what: &str,
    theme: &Theme,
) -> Option<(usize, Rect)> {
    let row = app.cursor_of(Tab::Scenarios).row;
    let name = app
        .plan
        .scenarios
        .get(row)
        .map_or("no scenario", |s| s.name.as_str());
    let title = format!(" {name} · {what} · v: next chart ");
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    let result = app.results.scenarios.get(row)?;
    if let Err(missing) = result.headline(app.plan.settings.include_overheads) {
        let words = Paragraph::new(crate::analysis::explain::unpriced(missing))
            .style(theme.verdict(Verdict::NoPrice));
        frame.render_widget(words.wrap(Wrap { trim: true }), inner);
        return None;
    }
    Some((row, inner))
}

/// True when the app's tornado or timeline is the one of `row` and the
/// results on screen.
fn fresh(app: &App, row: usize) -> bool {
    app.insight.key.is_some_and(|(r, kind, generation)| {
        r == row && kind == app.chart && generation == app.generation
    })
}

/// One bar per input, widest first: from the difference with the input
/// swung down to that with it swung up, on one axis with zero (where the
/// verdict turns) and the plan as it stands marked.
pub fn draw_tornado(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let what = format!(
        "what moves the difference most (each input ±{})",
        fmt::percent(SWING)
    );
    let Some((row, inner)) = framed(frame, area, app, &what, theme) else {
        return;
    };
    // Worked out by `update` for this scenario and these results.
    let Some(t) = app.insight.tornado.as_ref().filter(|_| fresh(app, row)) else {
        return;
    };
    let buf = frame.buffer_mut();
    let head = format!(
        "self-host − API a month · ┆ as planned {} · │ zero: left of it self-hosting is cheaper · * flips the verdict",
        fmt::money(t.base)
    );
    put(buf, inner.x, inner.y, &head, inner.width, theme.dim());
    let names: Vec<String> = t
        .bars
        .iter()
        .map(|b| format!("{}{}", b.input, if b.flips { " *" } else { "" }))
        .collect();
    let labels: Vec<String> = t
        .bars
        .iter()
        .map(|b| format!("{} … {}", fmt::money(b.low), fmt::money(b.high)))
        .collect();
    let width = |v: &[String]| v.iter().map(|s| s.chars().count()).max().unwrap_or(0) as u16;
    let (name_w, label_w) = (width(&names) + 1, width(&labels) + 1);
    let plot = Rect {
        x: inner.x + name_w,
        y: inner.y + 1,
        width: inner.width.saturating_sub(name_w + label_w),
        height: inner.height.saturating_sub(1),
    };
    if plot.width < 8 {
        return;
    }
    let col = columns(t, plot.width);
    for (k, bar) in t.bars.iter().enumerate().take(usize::from(plot.height)) {
        let y = plot.y + k as u16;
        put(buf, inner.x, y, &names[k], name_w, Style::new());
        let (from, to) = (col(bar.low.min(bar.high)), col(bar.low.max(bar.high)));
        for (x, ch) in [(col(0.0), '│'), (col(t.base), '┆')] {
            fill(buf, plot.x + x, y, ch, 1, theme.dim());
        }
        let style = if bar.flips {
            theme.verdict(Verdict::Depends)
        } else {
            theme.series(0)
        };
        fill(buf, plot.x + from, y, '█', to - from + 1, style);
        put(
            buf,
            plot.x + plot.width + 1,
            y,
            &labels[k],
            label_w,
            Style::new(),
        );
    }
    draw_scale(buf, plot, t, &col, theme);
}

/// The axis under the bars: its two ends and zero.
fn draw_scale(buf: &mut Buffer, plot: Rect, t: &Tornado, col: &impl Fn(f64) -> u16, theme: &Theme) {
    let y = plot.y + t.bars.len() as u16;
    if y >= plot.bottom() {
        return;
    }
    let (lo, hi) = t.extent();
    let (lo, hi) = (fmt::money(lo), fmt::money(hi));
    put(buf, plot.x, y, &lo, plot.width, theme.dim());
    let zero = plot.x + col(0.0);
    if zero > plot.x + lo.len() as u16 {
        put(buf, zero, y, "0", 1, theme.dim());
    }
    let w = hi.len() as u16;
    if plot.width > w + lo.len() as u16 + 2 {
        put(buf, plot.right() - w, y, &hi, w, theme.dim());
    }
}

/// Maps a difference to a column of a plot `width` wide, the axis spanning
/// every bar's ends, zero and the base.
fn columns(t: &Tornado, width: u16) -> impl Fn(f64) -> u16 + use<> {
    let (lo, hi) = t.extent();
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let last = f64::from(width - 1);
    move |x: f64| (((x - lo) / span) * last).round().clamp(0.0, last) as u16
}

/// Each path's cumulative cost over 24 months of the scenario's growth,
/// with the months self-hosting has paid back (no migration: `report
/// --timeline --migration` adds one).
pub fn draw_timeline(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.cursor_of(Tab::Scenarios).row;
    let growth = app
        .plan
        .scenarios
        .get(row)
        .map_or(0.0, |s| s.monthly_growth);
    let Some(t) = app.insight.timeline.as_ref().filter(|_| fresh(app, row)) else {
        framed(frame, area, app, "cumulative cost", theme);
        return;
    };
    let paid = |m: Option<u32>| m.map_or("never".to_string(), |m| format!("month {m}"));
    let migration = app.plan.settings.migration;
    let what = format!(
        "cumulative cost · growth {}/mo{} · paid back: {} … {}",
        fmt::percent(growth),
        match migration > 0.0 {
            true => format!(" · migration {}", fmt::money(migration)),
            false => String::new(),
        },
        paid(t.paid_back.0),
        paid(t.paid_back.1)
    );
    let Some((_, inner)) = framed(frame, area, app, &what, theme) else {
        return;
    };
    let line = |pick: fn(&crate::analysis::insight::Month) -> f64| -> Vec<(f64, f64)> {
        std::iter::once((0.0, 0.0))
            .chain(t.months.iter().map(|m| (f64::from(m.month), pick(m))))
            .collect()
    };
    let api = line(|m| m.api_cumulative.high);
    let (low, high) = (
        line(|m| m.self_host_cumulative.low),
        line(|m| m.self_host_cumulative.high),
    );
    let top = api.iter().chain(&high).map(|p| p.1).fold(1.0, f64::max);
    let dataset = |name: &'static str, data, style| {
        Dataset::default()
            .name(name)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(style)
            .data(data)
    };
    let datasets = vec![
        dataset("API", &api, theme.series(0)),
        dataset("self-host low", &low, theme.series(1)),
        dataset("self-host high", &high, theme.series(2)),
    ];
    // The plan's horizon: quarters of it on the axis, in whole months.
    let months = t.months.len() as f64;
    let x_labels: Vec<Line> = [0.0, 0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|q| Line::from(((months * q).round() as u32).to_string()))
        .collect();
    let y_labels: Vec<Line> = [0.0, top / 2.0, top]
        .iter()
        .map(|v| Line::from(fmt::compact_money(*v)))
        .collect();
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .title("month (1 = today)")
                .bounds([0.0, months])
                .labels(x_labels)
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(y_labels)
                .style(theme.dim()),
        )
        .legend_position(Some(LegendPosition::TopLeft));
    frame.render_widget(chart, inner);
}
