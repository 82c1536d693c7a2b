//! The Scenarios tab's day chart (`v` steps to it): the replicas each hour
//! needs and what the API bills for each hour's tokens, from the same
//! schedule `inferplan chart --kind day` draws.

use super::insight::framed;
use crate::engine::day::{HOURS, schedule};
use crate::text::format as fmt;
use crate::tui::app::App;
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Wrap};

pub fn draw_day(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some((row, inner)) = framed(frame, area, app, "a day hour by hour (UTC)", theme) else {
        return;
    };
    let (s, r) = (&app.plan.scenarios[row], &app.results.scenarios[row]);
    let Some(day) = schedule(&app.plan, s, r) else {
        let words = "A scale-to-zero bill without an hourly profile counts the day's busy hours as a whole: give the scenario an hourly_profile (I imports one from usage logs) to see them hour by hour.";
        frame.render_widget(Paragraph::new(words).wrap(Wrap { trim: true }), inner);
        return;
    };
    let [caption, top, bottom] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let words = crate::analysis::day::summary(&app.plan, s, &day);
    frame.render_widget(Paragraph::new(words).wrap(Wrap { trim: true }), caption);
    // Bars as wide as the box allows, a column apart.
    let width = (inner.width / HOURS as u16).saturating_sub(1).clamp(1, 4);
    let label = |h: usize| match width >= 2 || h.is_multiple_of(3) {
        true => Line::from(format!("{h:02}")),
        false => Line::from(""),
    };
    let replicas: Vec<Bar> = (0..HOURS)
        .map(|h| {
            Bar::default()
                .value(day.replicas[h].dear)
                .text_value(day.replicas[h].to_string())
                .label(label(h))
                .style(theme.series(2))
        })
        .collect();
    let chart = |bars: Vec<Bar<'static>>| {
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(width)
            .bar_gap(1)
    };
    frame.render_widget(chart(replicas), top);
    let Some(api) = day.api else { return };
    let off_peak = app.plan.model(&s.model).and_then(|m| m.off_peak);
    let bars: Vec<Bar> = (0..HOURS)
        .map(|h| {
            let cheap = off_peak.is_some_and(|o| o.covers(h) > 0.0);
            Bar::default()
                // In cents: small bills keep their shape.
                .value((api[h] * 100.0).round() as u64)
                .text_value(String::new())
                .label(label(h))
                .style(match cheap {
                    true => theme.dim(),
                    false => theme.series(0),
                })
        })
        .collect();
    let [legend, bars_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(bottom);
    let top_bill = api.iter().copied().fold(0.0, f64::max);
    let words = match off_peak {
        Some(o) => format!(
            "API a month for each hour's tokens, up to {} (dim: off-peak {})",
            fmt::money(top_bill),
            crate::analysis::day::window(&o)
        ),
        None => format!(
            "API a month for each hour's tokens, up to {}",
            fmt::money(top_bill)
        ),
    };
    frame.render_widget(Paragraph::new(words).style(theme.dim()), legend);
    frame.render_widget(chart(bars), bars_area);
}
