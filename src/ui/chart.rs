//! The selected scenario's cost curves on log–log axes: the API's line, the
//! self-host steps at the low and high end, today's volume and break-even.

use super::header::truncate;
use super::theme::Theme;
use crate::app::App;
use crate::engine::BreakEven;
use crate::format as fmt;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{
    Axis, Block, Borders, Chart, Dataset, GraphType, LegendPosition, Paragraph,
};

/// Points per curve at most; fewer on narrow charts (one per column is
/// smooth, since lines are drawn between them).
const SAMPLES: usize = 240;
/// The smallest cost drawn (a log axis has no zero): one cent.
const FLOOR: f64 = 0.01;

/// Draws the chart for the selected scenario into `area`.
pub fn draw_chart(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.cursor_of(crate::app::Tab::Scenarios).row;
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
    let curve = comparison.curve;
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
    let block = Block::new()
        .borders(Borders::ALL)
        .title(truncate(&title, usize::from(area.width.saturating_sub(2))));

    // X range: a decade either side of today's volume and the break-evens.
    let anchors: Vec<f64> = [
        Some(volume),
        comparison.break_even.low.volume(),
        comparison.break_even.high.volume(),
    ]
    .into_iter()
    .flatten()
    .filter(|v| v.is_finite() && *v > 0.0)
    .collect();
    let lo = anchors
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(curve.step_capacity)
        .max(1.0);
    let hi = anchors
        .iter()
        .copied()
        .fold(0.0, f64::max)
        .max(curve.step_capacity);
    // Whole decades, so the evenly spaced axis labels land on round numbers.
    let x0 = (lo / 10.0).max(1.0).log10().floor();
    let x1 = (hi * 10.0).log10().ceil().min(x0 + 9.0).max(x0 + 1.0);
    let samples = usize::from(area.width).clamp(16, SAMPLES);
    let xs = (0..samples).map(|i| 10f64.powf(x0 + (x1 - x0) * i as f64 / (samples - 1) as f64));
    let point = |x: f64, y: f64| (x.log10(), y.max(FLOOR).log10());
    let api: Vec<(f64, f64)> = xs.clone().map(|x| point(x, curve.api_at(x))).collect();
    let low: Vec<(f64, f64)> = xs
        .clone()
        .map(|x| point(x, curve.self_host_at(x).low))
        .collect();
    let high: Vec<(f64, f64)> = xs.map(|x| point(x, curve.self_host_at(x).high)).collect();
    let all_y = api.iter().chain(&low).chain(&high).map(|p| p.1);
    let (y0, y1) = all_y.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let (y0, y1) = (y0.floor(), y1.ceil().max(y0.floor() + 1.0));

    let today = [(volume.max(1.0).log10(), y0), (volume.max(1.0).log10(), y1)];
    let break_even: Vec<(f64, f64)> = [comparison.break_even.low, comparison.break_even.high]
        .into_iter()
        .filter_map(BreakEven::volume)
        .filter(|v| *v > 0.0)
        .map(|v| point(v, curve.api_at(v)))
        .collect();

    let mut datasets = vec![
        Dataset::default()
            .name("API")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.series(0))
            .data(&api),
        Dataset::default()
            .name(if low == high {
                "self-host"
            } else {
                "self-host low"
            })
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.series(1))
            .data(&low),
    ];
    if low != high {
        datasets.push(
            Dataset::default()
                .name("self-host high")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.series(2))
                .data(&high),
        );
    }
    datasets.push(
        Dataset::default()
            .name(format!("today {}", fmt::tokens(volume)))
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.dim())
            .data(&today),
    );
    if !break_even.is_empty() {
        datasets.push(
            Dataset::default()
                .name(format!(
                    "break-even {}",
                    fmt::break_even_range(comparison.break_even)
                ))
                .marker(Marker::Dot)
                .graph_type(GraphType::Scatter)
                .style(theme.series(3))
                .data(&break_even),
        );
    }

    let x_labels = axis_labels(x0, x1, fmt::tokens);
    let y_labels = axis_labels(y0, y1, |v| format!("${}", compact_money(v)));
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .title("tokens/day")
                .bounds([x0, x1])
                .labels(x_labels)
                .style(theme.dim()),
        )
        .y_axis(
            Axis::default()
                .title("$/month")
                .bounds([y0, y1])
                .labels(y_labels)
                .style(theme.dim()),
        )
        .legend_position(Some(LegendPosition::TopLeft))
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Percentage(60),
            ratatui::layout::Constraint::Percentage(80),
        ));
    frame.render_widget(chart, area);
}

/// A label per decade of a log axis whose ends are whole decades; every
/// other decade when there are many.
fn axis_labels(a: f64, b: f64, f: impl Fn(f64) -> String) -> Vec<Span<'static>> {
    let decades = (b - a).round().max(1.0) as i32;
    let step = if decades > 6 { decades } else { 1 };
    (0..=decades / step)
        .map(|k| Span::raw(f(10f64.powi(a as i32 + k * step))))
        .collect()
}

/// Axis money: `7.5`, `375`, `4.2k`, `1.2M`.
fn compact_money(v: f64) -> String {
    if v >= 1000.0 {
        fmt::tokens(v)
    } else {
        fmt::trim_decimals(v, 2)
    }
}
