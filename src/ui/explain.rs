//! The explain panel: why the selected scenario's figures came out as they
//! did (see `explain`), in the chart's place on the Scenarios tab.

use super::text::{put, titled_box, truncate};
use super::theme::Theme;
use crate::app::{App, Tab};
use crate::explain::explain;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Draws the explanation of the selected scenario into `area`; what does
/// not fit is counted on the last line.
pub fn draw_explain(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let row = app.cursor_of(Tab::Scenarios).row;
    let name = app.plan.scenarios.get(row).map_or("", |s| s.name.as_str());
    let title = format!(" Why: {name} — x charts it ");
    let inner = titled_box(frame.buffer_mut(), area, &title, Style::new());
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width - 1);
    let lines = lines(app, row, width);
    let rows = usize::from(inner.height);
    let cut = lines.len() > rows;
    let buf = frame.buffer_mut();
    for (k, (text, heading)) in lines.iter().take(rows).enumerate() {
        let y = inner.y + k as u16;
        if cut && k + 1 == rows {
            let more = format!(
                "… {} more lines: inferplan report --scenario \"{name}\" prints them all",
                lines.len() - k
            );
            put(
                buf,
                inner.x + 1,
                y,
                &truncate(&more, width),
                inner.width - 1,
                theme.dim(),
            );
            break;
        }
        let style = if *heading {
            theme.heading()
        } else {
            Style::new()
        };
        // Lines are wrapped to the width; only a word longer than it is cut.
        match text.chars().count() > width {
            true => put(
                buf,
                inner.x + 1,
                y,
                &truncate(text, width),
                inner.width - 1,
                style,
            ),
            false => put(buf, inner.x + 1, y, text, inner.width - 1, style),
        };
    }
}

/// The explanation as screen lines of at most `width` characters: each
/// part's name on a line of its own, its sentences wrapped under it.
fn lines(app: &App, row: usize, width: usize) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut part = "";
    for line in explain(&app.plan, &app.results, row) {
        if line.part != part {
            part = line.part;
            out.push((part.to_string(), true));
        }
        let text = crate::safe_text::shown(&line.text);
        for piece in wrap(&text, width.saturating_sub(2).max(10)) {
            out.push((format!("  {piece}"), false));
        }
    }
    out
}

/// Words into lines of at most `width` characters; a longer word gets a
/// line of its own (and is cut when drawn).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let (mut line, mut len) = (String::new(), 0);
    for word in text.split(' ') {
        let w = word.chars().count();
        if len > 0 && len + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_spaces() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a", 7), ["a"]);
    }
}
