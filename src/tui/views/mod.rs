//! Views: functions of the app state that draw and do nothing else.

pub mod chart;
pub mod compare;
pub mod day;
pub mod explain;
pub mod header;
pub mod insight;
pub mod status;
pub mod table;

use crate::output::charts::Kind;
use crate::text::format as fmt;
use crate::tui::app::popups::{Screen, settings};
use crate::tui::app::{App, EditTarget, Mode, Tab};
use crate::tui::layout;
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

/// Draws the whole screen for the app's state.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    if !layout::fits(area) {
        return draw_too_small(frame, area, theme);
    }
    let areas = layout::areas(area, app.tab, app.rows_in_view());
    header::draw_header(frame, areas.header, app, theme);
    header::draw_tabs(frame, areas.tabs, app, theme);
    match app.tab {
        Tab::Compare => compare::draw_compare(frame, areas.table, app, theme),
        Tab::Scenarios | Tab::Models | Tab::Tiers | Tab::Overheads => {
            table::draw_table(frame, areas.table, app, theme)
        }
    }
    match app.tab {
        Tab::Scenarios if app.explain => explain::draw_explain(frame, areas.detail, app, theme),
        Tab::Scenarios => match app.chart {
            Kind::Cost => chart::draw_chart(frame, areas.detail, app, theme),
            Kind::Tornado => insight::draw_tornado(frame, areas.detail, app, theme),
            Kind::Timeline => insight::draw_timeline(frame, areas.detail, app, theme),
            Kind::Day => day::draw_day(frame, areas.detail, app, theme),
        },
        Tab::Overheads => draw_overhead_totals(frame, areas.detail, app, theme),
        Tab::Models | Tab::Tiers | Tab::Compare => {}
    }
    if !status::draw_status(frame, areas.status, areas.hints, app, theme) {
        status::draw_hints(frame, areas.hints, app, theme);
    }

    let body = Rect {
        y: areas.tabs.y,
        height: area.height.saturating_sub(areas.tabs.y),
        ..area
    };
    match &app.mode {
        Mode::Editing(e) => {
            // A setting typed in place, over the settings it belongs to.
            if let EditTarget::Setting(field) = e.target {
                settings::draw_sheet(frame, body, app, field, Some(e), theme);
            }
        }
        Mode::Popup(popup) => popup.draw(frame, Screen { whole: area, body }, app, theme),
        // The filter is typed on the status line.
        Mode::Filter(_) | Mode::Normal => {}
    }
}

fn draw_overhead_totals(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let r = &app.results;
    let text = format!(
        " Sum per month: cloud {} · on-prem {} — paid however busy the GPUs are{}",
        fmt::money_range(r.overheads_cloud.pick(r.estimate)),
        fmt::money_range(r.overheads_on_prem.pick(r.estimate)),
        if app.plan.settings.include_overheads {
            ""
        } else {
            " (O counts them in verdicts)"
        }
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.heading())
            .wrap(Wrap { trim: true }),
        area,
    );
}

fn draw_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let (w, h) = layout::MIN_SIZE;
    let text = format!(
        "Terminal too small: {}×{}. inferplan needs at least {w}×{h}.",
        area.width, area.height
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.error())
            .wrap(Wrap { trim: true }),
        area,
    );
}
