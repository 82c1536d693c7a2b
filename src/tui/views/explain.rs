//! The explain panel: why the selected scenario's figures came out as they
//! did (see `explain`), in the chart's place on the Scenarios tab.

use crate::analysis::explain::{max_scroll, screen_lines};
use crate::tui::app::{App, Tab};
use crate::tui::widgets::text::{put, titled_box, truncate};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::borrow::Cow;

/// Draws the explanation of the selected scenario into `area`, scrolled as
/// `J`/`K` left it; what does not fit is counted on the first and last line.
pub fn draw_explain(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.cursor_of(Tab::Scenarios).row;
    let name = app.plan.scenarios.get(row).map_or("", |s| s.name.as_str());
    let title = format!(" Why: {name} — x charts it ");
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let (width, rows) = crate::tui::layout::explain_text(area);
    let lines = screen_lines(&app.plan, &app.results, row, width);
    let offset = match app.explain_scroll {
        (at, offset) if at == row => offset.min(max_scroll(lines.len(), rows)),
        _ => 0,
    };
    // A row each for what is above and below, when there is any.
    let above = usize::from(offset > 0);
    let room = rows - above;
    let below = usize::from(lines.len() - offset > room);
    let shown = lines.iter().skip(offset).take(room - below);
    let buf = frame.buffer_mut();
    let mut put_line = |k: usize, text: &str, style: Style| {
        let text = match text.chars().count() > width {
            true => Cow::Owned(truncate(text, width)),
            false => Cow::Borrowed(text),
        };
        put(
            buf,
            inner.x + 1,
            inner.y + k as u16,
            &text,
            inner.width - 1,
            style,
        );
    };
    if above == 1 {
        put_line(
            0,
            &format!("↑ {offset} more lines — K scrolls up"),
            theme.dim(),
        );
    }
    for (k, (text, heading)) in shown.enumerate() {
        let style = if *heading {
            theme.heading()
        } else {
            Style::new()
        };
        put_line(above + k, text, style);
    }
    if below == 1 {
        let more = lines.len() - offset - (room - below);
        put_line(
            rows - 1,
            &format!("↓ {more} more lines — J scrolls down"),
            theme.dim(),
        );
    }
}
