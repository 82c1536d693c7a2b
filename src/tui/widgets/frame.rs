//! Popups drawn over a cleared, centred rectangle.

use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// A rectangle of at most `width`×`height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears `area` and draws a titled border round it; the area inside.
pub fn frame_popup(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A question and its answers, each with its key from the key map.
pub fn draw_choices(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    message: &str,
    choices: &[(String, String)],
    theme: &Theme,
) {
    let mut answers = Vec::new();
    for (key, what) in choices {
        answers.push(Span::styled(format!(" {key} "), theme.active_tab()));
        answers.push(Span::raw(format!("{what}   ")));
    }
    let lines = vec![
        Line::raw(message.to_string()),
        Line::raw(""),
        Line::from(answers),
    ];
    let width = 72.max(area.width.saturating_mul(3) / 4).min(100);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum::<usize>();
    let rect = centered(area, width, rows as u16 + 2);
    let inner = frame_popup(frame, rect, title);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
