//! The settings popup: the plan's name and settings, one field a line, the
//! selected one marked; an edit in progress is typed in place.

use crate::columns::settings::FIELDS;
use crate::tui::app::{App, CellEditor};
use crate::tui::widgets::frame::{centered, frame_popup};
use crate::tui::widgets::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Width of the field names.
const LABEL: usize = 16;

/// Draws the popup with `selected` marked and, when given, its editor open.
pub fn draw_settings(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    selected: usize,
    editor: Option<&CellEditor>,
    theme: &Theme,
) {
    let rect = centered(area, 76, FIELDS.len() as u16 + 4);
    let inner = frame_popup(frame, rect, "Plan settings — Enter edits, Esc closes");
    let value_width = usize::from(inner.width).saturating_sub(LABEL + 3);
    let mut lines: Vec<Line> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let label = format!("{:<LABEL$} ", field.title);
            let value = match editor.filter(|_| i == selected) {
                Some(e) => {
                    let scroll = e.input.visual_scroll(value_width);
                    let text: String = e.input.value().chars().skip(scroll).collect();
                    let style = if e.fresh {
                        theme.selection()
                    } else {
                        Default::default()
                    };
                    Span::styled(text, style)
                }
                None => Span::raw((field.value)(&app.plan, &app.results, 0).value.text()),
            };
            let (mark, style) = match i == selected {
                true => ("▶ ", theme.selected_cell()),
                false => ("  ", Default::default()),
            };
            Line::from(vec![Span::styled(format!("{mark}{label}"), style), value])
        })
        .collect();
    lines.push(Line::raw(""));
    let hint = match editor.and_then(|e| e.error.clone()) {
        Some(refused) => Line::styled(refused, theme.error()),
        None => Line::styled(
            "↑↓ choose a field · each change is one undo step (u, once closed)",
            theme.dim(),
        ),
    };
    lines.push(hint);
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(e) = editor {
        let scroll = e.input.visual_scroll(value_width);
        let x = inner.x + (LABEL + 3 + e.input.visual_cursor().saturating_sub(scroll)) as u16;
        let y = inner.y + selected as u16;
        if x < inner.right() && y < inner.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
