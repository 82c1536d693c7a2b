//! The title bar and the tab bar.

use crate::tui::app::{App, Tab};
use crate::tui::widgets::text::{fill, put, put_spans, truncate};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Plan name, file, modified marker on the left; the switches on the right.
pub fn draw_header(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let file = app
        .path
        .as_ref()
        .map_or("built-in plan".to_string(), |p| p.display().to_string());
    // The marker sits with the switches so a narrow terminal never hides it.
    let modified = if app.is_modified() {
        "[+] modified · "
    } else {
        ""
    };
    let left = format!(" {} — {}", app.plan.name, file);
    let s = &app.plan.settings;
    let right = format!(
        " {modified}D {} · E {} · O overheads {} ",
        s.deployment,
        s.estimate,
        if s.include_overheads { "on" } else { "off" }
    );
    let width = usize::from(area.width);
    let right_len = right.chars().count();
    let text = if left.chars().count() + right_len < width {
        format!("{left:<w$}{right}", w = width - right_len)
    } else {
        // Narrow: the switches matter more than the file name.
        let room = width.saturating_sub(right_len + 1);
        format!("{} {right}", truncate(&left, room))
    };
    let buf = frame.buffer_mut();
    fill(buf, area.x, area.y, ' ', area.width, theme.header());
    put(buf, area.x, area.y, &text, area.width, theme.header());
}

/// The tab titles as drawn in a bar `width` wide: padded both sides when
/// they all fit so (64 columns), else on the left only (59). The left pad
/// holds the marker of the tab in view.
pub fn tab_spans(width: u16) -> Vec<(Tab, String)> {
    let labels = |right: &str| -> Vec<(Tab, String)> {
        Tab::ALL
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, format!(" {} {}{right}", i + 1, t.title())))
            .collect()
    };
    let padded = labels(" ");
    let drawn: usize = padded.iter().map(|(_, l)| l.chars().count() + 1).sum();
    if drawn > usize::from(width) + 1 {
        labels("")
    } else {
        padded
    }
}

/// The tab under a screen column of the tab bar.
pub fn tab_at(area: Rect, x: u16) -> Option<Tab> {
    let mut left = area.x;
    for (tab, label) in tab_spans(area.width) {
        let right = left + label.chars().count() as u16;
        if (left..right).contains(&x) {
            return Some(tab);
        }
        left = right + 1;
    }
    None
}

/// `1 Scenarios │ 2 Models │ …` with the tab in view emphasised.
pub fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans: Vec<(String, Style)> = Vec::new();
    for (i, (tab, label)) in tab_spans(area.width).into_iter().enumerate() {
        if i > 0 {
            spans.push(("│".into(), theme.dim()));
        }
        let label = if tab == app.tab {
            label.replacen(' ', "▸", 1)
        } else {
            label
        };
        let style = if tab == app.tab {
            theme.active_tab()
        } else {
            theme.dim()
        };
        spans.push((label, style));
    }
    put_spans(frame.buffer_mut(), area, &spans);
}
