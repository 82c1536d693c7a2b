//! The list and path prompts drawn over the tables (the other popups draw
//! themselves: see `app::popups`).

use crate::tui::app::{CellEditor, PathFor, Picker};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// A list to choose from, the highlighted option marked.
pub fn draw_picker(frame: &mut Frame, area: Rect, picker: &Picker, title: &str, theme: &Theme) {
    let width = picker
        .options
        .iter()
        .map(|(_, l)| l.chars().count())
        .max()
        .unwrap_or(10)
        .max(title.len()) as u16
        + 6;
    let rows = (area.height.saturating_sub(4)).max(1);
    let rect = centered(area, width, (picker.options.len() as u16).min(rows) + 2);
    let inner = frame_popup(frame, rect, title);
    let height = usize::from(inner.height.max(1));
    let start = picker.selected.saturating_sub(height - 1);
    let lines: Vec<Line> = picker
        .options
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(i, (_, label))| {
            if i == picker.selected {
                Line::styled(format!("▶ {label}"), theme.selected_cell())
            } else {
                Line::raw(format!("  {label}"))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A one-line path prompt with its cursor and any refusal under it.
pub fn draw_path_prompt(
    frame: &mut Frame,
    area: Rect,
    purpose: &PathFor,
    editor: &CellEditor,
    theme: &Theme,
) {
    let title = match purpose {
        PathFor::SaveAs | PathFor::SaveAsThen(_) => "Save plan as — Enter saves, Esc cancels",
        PathFor::Open => "Open plan — Enter opens, Esc cancels",
        PathFor::Compare => "Compare with the plan at — Enter compares, Esc cancels",
        PathFor::Import => "Import prices, GPU offers or a benchmark — Enter reads it",
    };
    let rect = centered(area, 70, 5);
    let inner = frame_popup(frame, rect, title);
    let width = usize::from(inner.width.saturating_sub(1));
    let scroll = editor.input.visual_scroll(width);
    let value: String = editor.input.value().chars().skip(scroll).collect();
    let value = match editor.fresh {
        // All of it selected: typing replaces it.
        true => Line::styled(value, theme.selection()),
        false => Line::raw(value),
    };
    let mut lines = vec![value];
    if let Some(e) = &editor.error {
        lines.push(Line::styled(e.clone(), theme.error()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let x = inner.x + (editor.input.visual_cursor().saturating_sub(scroll)) as u16;
    if inner.height > 0 && x < inner.right() {
        frame.set_cursor_position(Position::new(x, inner.y));
    }
}
